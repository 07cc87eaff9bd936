// The Transport: how the executor reaches a host. The executor decides WHAT runs and WHEN (order, parallelism,
// timeouts, retries, journal); a transport only runs one step's check or script on one host and reports back.
//
// Two implementations: the rehearsal lab (main/lab/transport.ts: applies each step's `action` to simulated hosts)
// and PowerShell remoting (runs the step's `script` / `check` text on the real host with the credential).
//
// Contract every transport keeps:
// - Never throw for an expected failure (host unreachable, command failed, check cannot be evaluated): return a
//   failure result. The executor still catches exceptions and treats them as a failure of the step.
// - Honour `signal`: when it aborts (step timeout, process shutdown) stop waiting and return/throw promptly. A real
//   remote command may keep running on the host after that; the executor's journal says so.
// - Report output lines through `onOutput` as they arrive (not only at the end), one line per call, without the
//   trailing newline. The executor redacts secrets from them; the transport does not need to.
// - Never put the credential into results, output or errors on purpose (the executor redacts anyway).
import type { RunbookStep } from '../../shared/runbook/types';

/** Which stream an output line came from. `check` lines explain a check's verdict; `whatif` lines come from -WhatIf. */
export type OutputStream = 'output' | 'error' | 'warning' | 'verbose' | 'check' | 'whatif';

export interface OutputLine {
  readonly stream: OutputStream;
  readonly line: string;
}

/** One call of a transport for one step. */
export interface StepInvocation {
  readonly step: RunbookStep;
  /**
   * The real host to connect to (FQDN or IP), from the run's host mapping: for `host` and `ems` targets the
   * mapped address of `step.target.serverName`; for `dns` targets the address of the server the DNS command runs
   * from (the DNS server itself is named in the action). Never empty: operator steps never reach a transport.
   */
  readonly host: string;
  /** 1 for the first try, 2 for the first retry, ... */
  readonly attempt: number;
  /** The credential to connect with (opaque to the executor). */
  readonly credential: Credential;
  /** Aborted when the step times out or the run is shut down. */
  readonly signal: AbortSignal;
  /** Called once per output line, as it arrives. */
  readonly onOutput: (line: OutputLine) => void;
}

/** Why a transport call failed. `unreachable`: the host did not answer remoting (connection, DNS, WinRM). */
export type TransportFailureKind = 'unreachable' | 'command-failed' | 'timeout' | 'cancelled';

export interface TransportFailure {
  readonly ok: false;
  readonly kind: TransportFailureKind;
  /** The error as the admin should read it (e.g. the PowerShell error record's message). */
  readonly error: string;
  /** The command line that failed (e.g. the ErrorRecord's InvocationInfo.Line), or '' when none ran. */
  readonly failingCommand: string;
}

export type CheckResult = { readonly ok: true; readonly done: boolean } | TransportFailure;
export type ScriptResult = { readonly ok: true } | TransportFailure;
export type WaitResult = { readonly ok: true } | TransportFailure;

export interface WaitForHostRequest {
  readonly host: string;
  readonly credential: Credential;
  /** Give up after this long (the run's restartTimeoutMs). */
  readonly timeoutMs: number;
  readonly signal: AbortSignal;
}

export interface Transport {
  /** 'lab' or 'powershell': recorded in the journal so a run says what it ran against. */
  readonly kind: string;
  /** Runs the step's check on the host: `done` is true when the check printed $true. */
  check(invocation: StepInvocation): Promise<CheckResult>;
  /**
   * Runs the step's script on the host. With `whatIf`, runs it in -WhatIf mode (only called for steps whose
   * `supportsWhatIf` is true): nothing may change on the host.
   */
  run(invocation: StepInvocation & { readonly whatIf: boolean }): Promise<ScriptResult>;
  /**
   * After a step that restarts its host: resolves `ok` once the host answers remoting again, or a failure when
   * `timeoutMs` passes first. The executor words the final error (naming the host and the timeout).
   */
  waitForHost(request: WaitForHostRequest): Promise<WaitResult>;
  /**
   * An operator step was confirmed (by a person, or automatically in a rehearsal). A rehearsal applies what the person
   * did (its `does`), so the checks after it see it; real hosts need nothing (the person changed them).
   */
  operatorConfirmed?(step: RunbookStep): void;
  /** Releases sessions and processes. Called by RunExecutor.close(), once, when the caller is done with the run. */
  close?(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------------------------
// Credentials
// ---------------------------------------------------------------------------------------------------------------

const REDACTED_TEXT = '[redacted]';

/**
 * The account the transport connects with. Opaque to the executor except for `secrets()`, which it registers with
 * the redactor so the password (and, when asked, the user name) never reaches the journal, events or errors.
 * It cannot be serialised: JSON.stringify and console.log/util.inspect show "[redacted]" for the password.
 */
export class Credential {
  readonly #userName: string;
  readonly #password: string;
  readonly #redactUserName: boolean;

  constructor(init: { readonly userName: string; readonly password: string; readonly redactUserName?: boolean }) {
    this.#userName = init.userName;
    this.#password = init.password;
    this.#redactUserName = init.redactUserName ?? false;
  }

  /** The user name, e.g. CONTOSO\admin (for the transport; shown in the UI unless redactUserName). */
  get userName(): string {
    return this.#userName;
  }

  /** The password, for the transport only. */
  password(): string {
    return this.#password;
  }

  /** Whether the user name is redacted too. */
  get redactsUserName(): boolean {
    return this.#redactUserName;
  }

  /** The strings the redactor removes: the password, and the user name (and its part after "\") when asked. */
  secrets(): { readonly exact: readonly string[]; readonly caseInsensitive: readonly string[] } {
    const names: string[] = [];
    if (this.#redactUserName && this.#userName !== '') {
      names.push(this.#userName);
      const slash = this.#userName.lastIndexOf('\\');
      if (slash >= 0 && slash < this.#userName.length - 1) names.push(this.#userName.slice(slash + 1));
      const at = this.#userName.indexOf('@');
      if (at > 0) names.push(this.#userName.slice(0, at));
    }
    return { exact: this.#password === '' ? [] : [this.#password], caseInsensitive: names };
  }

  toJSON(): { readonly userName: string; readonly password: string } {
    return { userName: this.#redactUserName ? REDACTED_TEXT : this.#userName, password: REDACTED_TEXT };
  }

  toString(): string {
    return `Credential(${this.#redactUserName ? REDACTED_TEXT : this.#userName}, password ${REDACTED_TEXT})`;
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}
