// The real transport: runs a runbook step's check or script on the real host through PowerShell remoting, from a
// local PowerShell process (session.ts) on the admin's workstation.
//
// - host and dns steps: Invoke-Command into a PSSession to the host (one per host and credential, kept and reused,
//   recreated when broken).
// - ems steps: implicit remoting to the host's Exchange endpoint (New-PSSession -ConfigurationName
//   Microsoft.Exchange -ConnectionUri http://<host>/PowerShell/ -Authentication Kerberos, then Import-PSSession), and
//   the step's text runs locally against the imported commands. Not Invoke-Command into that session: the Exchange
//   endpoint runs in NoLanguage mode, which refuses variables, script blocks and Where-Object filters — exactly what
//   checks such as "every database's RpcClientAccessServer equals the FQDN" need.
// - One local PowerShell process per host ("lane"; EMS lanes separate from host lanes): the executor runs steps of
//   different hosts in parallel and one PowerShell process runs one command at a time. A lane's process starts on
//   first use; the executor's abort (step timeout, shutdown) kills it and the next call starts a fresh one.
// - Restarts: before a restarting step runs, the host's boot time is noted; waitForHost polls Test-WSMan and a fresh
//   PSSession until the host answers with a different boot time (or answers after having been seen down).
import type {
  CheckResult,
  Credential,
  OutputLine,
  OutputStream,
  ScriptResult,
  StepInvocation,
  Transport,
  TransportFailure,
  WaitForHostRequest,
  WaitResult,
} from '../../executor/transport';
import { Redactor } from '../../executor/redact';
import type { RunbookStep } from '../../../shared/runbook/types';
import { DRIVER_LINE_MARKER } from './scripts';
import { PowerShellSession } from './session';
import type { CallOutcome, DriverError, PowerShellInfo, PowerShellSessionOptions, SessionLine } from './session';

export const DEFAULT_POLL_INTERVAL_MS = 10_000;
export const DEFAULT_RESTART_GRACE_MS = 30_000;
/** One restart probe (Test-WSMan + a fresh PSSession with a 15 s open timeout) is given this long at most. */
export const PROBE_TIMEOUT_MS = 120_000;
/** The failing command quoted in an error is cut to this many characters. */
const MAX_COMMAND_CHARS = 200;

export interface PowerShellTransportOptions extends PowerShellSessionOptions {
  /** A bound on each call besides the executor's signal (0 or absent: only the signal). */
  readonly callTimeoutMs?: number;
  /** Between restart probes. */
  readonly pollIntervalMs?: number;
  /** When the boot time before a restart is unknown (e.g. a resumed run): wait this long before the first probe. */
  readonly restartGraceMs?: number;
  /** Makes a lane's session (tests may wrap it; default: a PowerShellSession with these options). */
  readonly createSession?: (options: PowerShellSessionOptions) => PowerShellSession;
}

type LaneKind = 'host' | 'ems';

const probeValue = (value: unknown): { up: boolean; bootTime: string; reason: string } => {
  const v = (value ?? {}) as { up?: unknown; bootTime?: unknown; reason?: unknown };
  return { up: v.up === true, bootTime: typeof v.bootTime === 'string' ? v.bootTime : '', reason: typeof v.reason === 'string' ? v.reason : '' };
};

function laneKindOf(step: RunbookStep): LaneKind | null {
  switch (step.target.kind) {
    case 'host':
    case 'dns':
      return 'host';
    case 'ems':
      return 'ems';
    case 'operator':
      return null;
  }
}

function firstLine(script: string): string {
  const line = script.split(/\r?\n/).find((l) => l.trim() !== '' && !l.trim().startsWith('#')) ?? '';
  const trimmed = line.trim();
  return trimmed.length > MAX_COMMAND_CHARS ? `${trimmed.slice(0, MAX_COMMAND_CHARS)} …` : trimmed;
}

function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 120_000) return `${Math.round(ms / 100) / 10} s`;
  return `${Math.round(ms / 6000) / 10} min`;
}

function isTimeoutReason(reason: unknown): boolean {
  return typeof reason === 'object' && reason !== null && (reason as { name?: unknown }).name === 'TimeoutError';
}

/** Resolves after `ms`, or early (false) when the signal aborts. */
function delay(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, Math.max(0, ms));
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

export class PowerShellTransport implements Transport {
  readonly kind = 'powershell';
  readonly #options: PowerShellTransportOptions;
  readonly #lanes = new Map<string, PowerShellSession>();
  #spare: PowerShellSession | null = null;
  readonly #credentialIds = new WeakMap<Credential, string>();
  #nextCredential = 1;
  readonly #bootTimes = new Map<string, string>();
  readonly #redactor = new Redactor();
  #closed = false;

  constructor(options: PowerShellTransportOptions = {}) {
    this.#options = options;
  }

  #newSession(): PowerShellSession {
    const { createSession, ...sessionOptions } = this.#options;
    return createSession ? createSession(sessionOptions) : new PowerShellSession(sessionOptions);
  }

  /**
   * Starts PowerShell once before the run (kept for the first host), so a missing or broken PowerShell is reported
   * before any step: throws PowerShellNotFoundError / PowerShellStartError with what to do.
   */
  async prepare(): Promise<PowerShellInfo> {
    this.#spare ??= this.#newSession();
    return this.#spare.start();
  }

  #lane(kind: LaneKind, host: string): PowerShellSession {
    const key = `${kind}:${host.toLowerCase()}`;
    let lane = this.#lanes.get(key);
    if (!lane) {
      lane = this.#spare ?? this.#newSession();
      this.#spare = null;
      this.#lanes.set(key, lane);
    }
    return lane;
  }

  #credential(credential: Credential): { readonly id: string; readonly value: Credential } {
    let id = this.#credentialIds.get(credential);
    if (id === undefined) {
      id = `c${this.#nextCredential++}`;
      this.#credentialIds.set(credential, id);
    }
    this.#redactor.addCredential(credential);
    return { id, value: credential };
  }

  #streamOf(line: SessionLine, mode: 'run' | 'check'): OutputStream {
    switch (line.tag) {
      case 'w':
        return 'warning';
      case 'v':
        return 'verbose';
      case 'e':
        return 'error';
      case 'host':
        if (/^What if:/i.test(line.text)) return 'whatif';
        return mode === 'check' ? 'check' : 'output';
      case 'o':
        return mode === 'check' ? 'check' : 'output';
    }
  }

  #emitter(invocation: StepInvocation, mode: 'run' | 'check'): (line: SessionLine) => void {
    return (line) => {
      const out: OutputLine = { stream: this.#streamOf(line, mode), line: this.#redactor.text(line.text) };
      try {
        invocation.onOutput(out);
      } catch {
        // A listener's failure must not break the step.
      }
    };
  }

  #failingCommand(step: RunbookStep, script: string, error: DriverError | null): string {
    const line = error?.line ?? '';
    const fromStep = line !== '' && !line.includes(DRIVER_LINE_MARKER) && !line.includes('ExtopoCall');
    return this.#redactor.text(`${step.id}: ${fromStep ? firstLine(line) : firstLine(script)}`);
  }

  #connectCommand(step: RunbookStep, kind: LaneKind, host: string): string {
    const command =
      kind === 'ems'
        ? `New-PSSession -ConfigurationName Microsoft.Exchange -ConnectionUri http://${host}/PowerShell/ -Authentication Kerberos`
        : `New-PSSession -ComputerName ${host}`;
    return `${step.id}: ${command}`;
  }

  #failure(outcome: Exclude<CallOutcome, { status: 'ok' }>, invocation: StepInvocation, kind: LaneKind, script: string, what: string): TransportFailure {
    const { step, host } = invocation;
    const redact = (text: string): string => this.#redactor.text(text);
    switch (outcome.status) {
      case 'failed': {
        const e = outcome.error;
        const details = [e.category, e.id].filter((p) => p !== '').join(' | ');
        const where = e.computer !== '' ? ` (on ${e.computer})` : '';
        const message = `${e.message}${details ? `\nPowerShell error: ${details}${where}` : where}`;
        if (outcome.phase === 'connect') {
          const endpoint = kind === 'ems' ? `the Exchange Management Shell endpoint of ${host}` : host;
          return { ok: false, kind: 'unreachable', error: redact(`Could not connect to ${endpoint}: ${message}`), failingCommand: redact(this.#connectCommand(step, kind, host)) };
        }
        return {
          ok: false,
          kind: e.transport ? 'unreachable' : 'command-failed',
          error: redact(e.transport ? `The connection to ${host} failed during ${what}: ${message}` : message),
          failingCommand: this.#failingCommand(step, script, e),
        };
      }
      case 'no-result':
        return {
          ok: false,
          kind: 'command-failed',
          error: redact(`PowerShell gave no result for ${what}: ${outcome.message}`),
          failingCommand: this.#failingCommand(step, script, null),
        };
      case 'exited':
        return {
          ok: false,
          kind: 'command-failed',
          error: redact(`The local PowerShell process ended during ${what}: ${outcome.message} A new one starts for the next step; ${what} may still be running on ${host}.`),
          failingCommand: this.#failingCommand(step, script, null),
        };
      case 'timeout':
        return {
          ok: false,
          kind: 'timeout',
          error: `${what} did not finish within ${formatMs(outcome.afterMs)}: ExTopo ended its local PowerShell session (a new one starts for the next step). It may still be running on ${host}: check there before resuming.`,
          failingCommand: this.#failingCommand(step, script, null),
        };
      case 'aborted':
        return {
          ok: false,
          kind: isTimeoutReason(outcome.reason) ? 'timeout' : 'cancelled',
          error: `Stopped waiting for ${what}: ExTopo ended its local PowerShell session (a new one starts for the next step). It may still be running on ${host}: check there before resuming.`,
          failingCommand: this.#failingCommand(step, script, null),
        };
    }
  }

  #notRunnable(invocation: StepInvocation): TransportFailure | null {
    if (this.#closed) return { ok: false, kind: 'cancelled', error: 'The PowerShell transport was closed.', failingCommand: '' };
    if (laneKindOf(invocation.step) === null) {
      return { ok: false, kind: 'command-failed', error: `Step ${invocation.step.id} is an operator step: a person does it, no script runs.`, failingCommand: '' };
    }
    if (invocation.host.trim() === '') {
      return { ok: false, kind: 'unreachable', error: `Step ${invocation.step.id} has no host address to connect to: map ${invocation.step.title} to a host.`, failingCommand: '' };
    }
    return null;
  }

  async check(invocation: StepInvocation): Promise<CheckResult> {
    const refused = this.#notRunnable(invocation);
    if (refused) return refused;
    const { step, host } = invocation;
    if (step.check.trim() === '') return { ok: true, done: false };
    const kind = laneKindOf(step) ?? 'host';
    const outcome = await this.#lane(kind, host).call(
      { op: 'run', step: step.id, mode: 'check', target: kind, host, credential: this.#credential(invocation.credential).id, script: step.check, whatIf: false },
      { signal: invocation.signal, timeoutMs: this.#options.callTimeoutMs, onLine: this.#emitter(invocation, 'check'), credential: this.#credential(invocation.credential) },
    );
    if (outcome.status !== 'ok') return this.#failure(outcome, invocation, kind, step.check, `the check of step ${step.id}`);
    const done = (outcome.value as { done?: unknown } | null)?.done === true;
    return { ok: true, done };
  }

  async run(invocation: StepInvocation & { readonly whatIf: boolean }): Promise<ScriptResult> {
    const refused = this.#notRunnable(invocation);
    if (refused) return refused;
    const { step, host, whatIf } = invocation;
    if (step.script.trim() === '') return { ok: true };
    const kind = laneKindOf(step) ?? 'host';
    const lane = this.#lane(kind, host);
    const credential = this.#credential(invocation.credential);
    const callOptions = { signal: invocation.signal, timeoutMs: this.#options.callTimeoutMs, credential };
    const hostKey = host.toLowerCase();

    if (step.restarts && !whatIf) {
      // Best effort: without it, waitForHost falls back to a grace period. The host lane holds the host session.
      const boot = await this.#lane('host', host).call({ op: 'boottime', host, credential: credential.id }, callOptions);
      const bootTime = boot.status === 'ok' ? (boot.value as { bootTime?: unknown } | null)?.bootTime : undefined;
      if (typeof bootTime === 'string' && bootTime !== '') this.#bootTimes.set(hostKey, bootTime);
      else this.#bootTimes.delete(hostKey);
      if (boot.status === 'aborted' || boot.status === 'timeout') return this.#failure(boot, invocation, kind, step.script, `step ${step.id}`);
    }

    if (step.freshSession && !whatIf) {
      // A remote shell keeps the WinRM memory quota it was opened with: setup runs in a new one, which has the quota
      // the winrm-memory-quota step raised.
      const forgot = await lane.call({ op: 'forget-host', host }, callOptions);
      if (forgot.status === 'aborted' || forgot.status === 'timeout') return this.#failure(forgot, invocation, kind, step.script, `step ${step.id}`);
    }
    const outcome = await lane.call(
      { op: 'run', step: step.id, mode: 'run', target: kind, host, credential: credential.id, script: step.script, whatIf },
      { ...callOptions, onLine: this.#emitter(invocation, 'run') },
    );
    if (outcome.status === 'ok') return { ok: true };
    if (step.restarts && !whatIf && outcome.status === 'failed' && outcome.phase === 'run' && outcome.error.transport) {
      // The step restarts its host: the connection dropping under it is the expected end of the script.
      this.#emitter(invocation, 'run')({ tag: 'o', text: `The connection to ${host} dropped as it restarted, which this step does.` });
      return { ok: true };
    }
    return this.#failure(outcome, invocation, kind, step.script, `step ${step.id}`);
  }

  async waitForHost(request: WaitForHostRequest): Promise<WaitResult> {
    const { host, signal, timeoutMs } = request;
    const deadline = Date.now() + timeoutMs;
    const hostKey = host.toLowerCase();
    const before = this.#bootTimes.get(hostKey);
    const credential = this.#credential(request.credential);
    const lane = this.#lane('host', host);
    const cancelled: WaitResult = { ok: false, kind: 'cancelled', error: `Stopped waiting for ${host} to restart.`, failingCommand: '' };

    if (before === undefined) {
      const grace = Math.min(this.#options.restartGraceMs ?? DEFAULT_RESTART_GRACE_MS, timeoutMs);
      if (!(await delay(grace, signal))) return cancelled;
    }
    let sawDown = false;
    let last = 'no answer yet';
    for (;;) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        return { ok: false, kind: 'timeout', error: this.#redactor.text(`last answer from ${host}: ${last}`), failingCommand: `Test-WSMan -ComputerName ${host}` };
      }
      const probeTimeoutMs = Math.min(remaining, PROBE_TIMEOUT_MS);
      const outcome = await lane.call({ op: 'probe', host, credential: credential.id }, { signal, timeoutMs: probeTimeoutMs, credential });
      if (outcome.status === 'aborted') return cancelled;
      if (outcome.status === 'ok') {
        const probe = probeValue(outcome.value);
        if (probe.up && (before === undefined || sawDown || probe.bootTime !== before)) {
          await this.#forgetHost(host, signal);
          this.#bootTimes.delete(hostKey);
          return { ok: true };
        }
        if (probe.up) last = `it still answers and has not restarted yet (up since ${probe.bootTime || 'an unknown time'})`;
        else {
          sawDown = true;
          last = probe.reason || 'it does not answer remoting';
        }
      } else if (outcome.status === 'timeout') {
        sawDown = true;
        // A probe cut short by the overall deadline says nothing new: the host's last real answer is kept for the
        // message (a probe that used its full time, or the first one, is reported as such).
        if (probeTimeoutMs >= PROBE_TIMEOUT_MS || last === 'no answer yet') last = 'a probe got no answer in time';
      } else if (outcome.status === 'failed') {
        last = outcome.error.message;
      } else {
        last = outcome.message;
      }
      if (!(await delay(Math.min(this.#options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS, deadline - Date.now()), signal))) return cancelled;
    }
  }

  /** Drops the PSSessions to a restarted host (they are broken) in every lane that may hold one. */
  async #forgetHost(host: string, signal: AbortSignal): Promise<void> {
    for (const kind of ['host', 'ems'] as const) {
      const lane = this.#lanes.get(`${kind}:${host.toLowerCase()}`);
      if (lane?.running) await lane.call({ op: 'forget-host', host }, { signal, timeoutMs: PROBE_TIMEOUT_MS });
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    const sessions = [...this.#lanes.values(), ...(this.#spare ? [this.#spare] : [])];
    this.#lanes.clear();
    this.#spare = null;
    await Promise.all(sessions.map((s) => s.close().catch(() => undefined)));
  }
}
