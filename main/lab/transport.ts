// The rehearsal lab as a Transport: the executor runs a runbook against it exactly as against real hosts. Instead
// of sending PowerShell, it applies each step's action to the lab world (effects.ts) and reads checks from it
// (checks.ts), with the injected faults (faults.ts) and tiny simulated durations. The world is saved after every
// script, so a killed process leaves a consistent world behind.
import type { CheckResult, OutputStream, ScriptResult, StepInvocation, Transport, TransportFailure, WaitForHostRequest, WaitResult } from '../executor/transport';
import type { RunbookStep } from '../../shared/runbook/types';
import { evaluateCheck } from './checks';
import { applyOperatorWork } from './hostActions';
import { MAIN_COMMAND, applyEffect, whatIfLines } from './effects';
import type { EffectResult } from './effects';
import type { LabHost } from './state';
import type { LabWorld } from './world';

export interface LabTiming {
  /** Time every script takes, in ms. */
  readonly scriptMs: number;
  /** Time every check takes, in ms. */
  readonly checkMs: number;
  /** How long a restart keeps a host from answering, in ms. */
  readonly restartMs: number;
  /** Lab milliseconds per second of the runbook (convergence timeouts). */
  readonly secondMs: number;
  /** Poll interval while waiting (restarts, convergence), in ms. */
  readonly pollMs: number;
}

export const DEFAULT_LAB_TIMING: LabTiming = { scriptMs: 2, checkMs: 0, restartMs: 20, secondMs: 1, pollMs: 2 };

/** Resolves after ms, or early (false) when the signal aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  if (ms <= 0) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

const cancelled = (what: string): TransportFailure => ({ ok: false, kind: 'cancelled', error: `${what} was cancelled`, failingCommand: '' });

/** What PowerShell says when the host restarts under a running remote command. */
export function connectionDropped(host: string): string {
  return `Processing data from remote server ${host} failed with the following error message: The WinRM client cannot process the request because the remote computer restarted or the connection was lost (the host restarted while the step ran). For more information, see the about_Remote_Troubleshooting Help topic.`;
}

/** The line of the script that holds the failing command (cmdlet or program); the first line when none does. */
export function failingLine(script: string, command: string): string {
  const lines = script.split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
  const needle = command.toLowerCase();
  // The dry run's "What if:" line names the command too: the line that really runs it comes first.
  const matching = needle === '' ? [] : lines.filter((l) => l.toLowerCase().includes(needle));
  return matching.find((l) => !l.startsWith('if ($DryRun)')) ?? matching[0] ?? lines[0] ?? '';
}

export class LabTransport implements Transport {
  readonly kind = 'lab';
  readonly timing: LabTiming;
  /** Checks evaluated per step id (this process only). */
  readonly checkCounts = new Map<string, number>();

  constructor(
    readonly world: LabWorld,
    timing: Partial<LabTiming> = {},
  ) {
    this.timing = { ...DEFAULT_LAB_TIMING, ...timing };
  }

  /** The host a step connects to, or why it cannot: unknown name, injected unreachable, restarting, no EMS. */
  #connect(invocation: StepInvocation): LabHost | TransportFailure {
    const { step, host: address } = invocation;
    const host = this.world.host(address);
    const prefix = `Connecting to remote server ${address} failed with the following error message : `;
    if (!host) {
      return { ok: false, kind: 'unreachable', error: `${prefix}The WinRM client cannot process the request because the server name cannot be resolved.`, failingCommand: '' };
    }
    if (this.world.hostFault(host, 'unreachable') || !this.world.reachable(host)) {
      return {
        ok: false,
        kind: 'unreachable',
        error: `${prefix}WinRM cannot complete the operation. Verify that the specified computer name is valid, that the computer is accessible over the network, and that a firewall exception for the WinRM service is enabled and allows access from this computer. For more information, see the about_Remote_Troubleshooting Help topic.`,
        failingCommand: '',
      };
    }
    if (step.target.kind === 'ems' && !host.exchangeRoles.some((r) => r !== 'et' && r !== 'mt')) {
      return {
        ok: false,
        kind: 'unreachable',
        error: `${prefix}The WS-Management service cannot process the request. Cannot find the Microsoft.Exchange session configuration in the WSMan: drive on the ${host.name} computer.`,
        failingCommand: '',
      };
    }
    return host;
  }

  #slowDelay(host: LabHost): number {
    return this.world.hostFault(host, 'slow')?.delayMs ?? 0;
  }

  /** Why the step cannot reach its host now (unknown, unreachable, restarting, no Exchange endpoint), or null. */
  connectFailure(invocation: StepInvocation): TransportFailure | null {
    const host = this.#connect(invocation);
    return 'ok' in host ? host : null;
  }

  async check(invocation: StepInvocation): Promise<CheckResult> {
    const host = this.#connect(invocation);
    if ('ok' in host) return host;
    if (!(await sleep(this.timing.checkMs + this.#slowDelay(host) / 4, invocation.signal))) return cancelled('the check');
    this.checkCounts.set(invocation.step.id, (this.checkCounts.get(invocation.step.id) ?? 0) + 1);
    const verdict = evaluateCheck({ world: this.world, step: invocation.step, host });
    for (const problem of verdict.problems) invocation.onOutput({ stream: 'check', line: problem });
    return { ok: true, done: verdict.done };
  }

  async run(invocation: StepInvocation & { readonly whatIf: boolean }): Promise<ScriptResult> {
    const { step, signal } = invocation;
    const host = this.#connect(invocation);
    if ('ok' in host) return host;
    const out = (stream: OutputStream, line: string) => invocation.onOutput({ stream, line });

    if (invocation.whatIf) {
      for (const line of whatIfLines(step, host)) out('whatif', line);
      return { ok: true };
    }

    const injected = this.world.state.faults.find((f) => f.kind === 'fail' && f.stepId === step.id && f.failed < f.times);
    if (injected && injected.kind === 'fail') {
      injected.failed += 1;
      this.world.commit();
      return {
        ok: false,
        kind: 'command-failed',
        error: `Injected fault: step ${step.id} fails (${injected.failed} of ${injected.times} planned failure${injected.times === 1 ? '' : 's'}).`,
        failingCommand: failingLine(step.script, MAIN_COMMAND[step.action.kind]),
      };
    }

    const thrown = this.world.state.faults.find((f) => f.kind === 'throw' && f.failed < f.times && f.command.toLowerCase() === MAIN_COMMAND[step.action.kind].toLowerCase());
    if (thrown && thrown.kind === 'throw') {
      thrown.failed += 1;
      this.world.state.executions.push({ stepId: step.id, host: host.name, attempt: invocation.attempt, at: new Date().toISOString(), ok: false });
      this.world.commit();
      return { ok: false, kind: 'command-failed', error: `${thrown.command} : Injected fault: ${thrown.command} failed (${thrown.failed} of ${thrown.times}).`, failingCommand: failingLine(step.script, thrown.command) };
    }
    const restartDuring = this.world.state.faults.find((f) => f.kind === 'restart-during' && !f.fired && f.stepId === step.id);
    if (restartDuring && restartDuring.kind === 'restart-during') {
      restartDuring.fired = true;
      this.world.state.executions.push({ stepId: step.id, host: host.name, attempt: invocation.attempt, at: new Date().toISOString(), ok: false });
      this.#restart(host, out);
      this.world.commit();
      return { ok: false, kind: 'unreachable', error: connectionDropped(host.name), failingCommand: '' };
    }

    const slow = this.#slowDelay(host);
    if (!(await sleep(this.timing.scriptMs + slow / 2, signal))) return cancelled('the script');

    const effect = await this.#apply(step, host, out, signal);
    this.world.state.executions.push({ stepId: step.id, host: host.name, attempt: invocation.attempt, at: new Date().toISOString(), ok: effect.ok });
    if (effect.ok && step.restarts && host.pendingRestart) this.#restart(host, out);
    this.world.commit();

    if (!(await sleep(slow / 2, signal))) return cancelled('the script');
    if (effect.ok) return { ok: true };
    return { ok: false, kind: effect.unreachable ? 'unreachable' : 'command-failed', error: effect.error, failingCommand: failingLine(step.script, effect.command) };
  }

  /** Applies the effect; a convergence wait polls until its (scaled) timeout. */
  async #apply(step: RunbookStep, host: LabHost, out: (stream: OutputStream, line: string) => void, signal: AbortSignal): Promise<EffectResult> {
    const call = { world: this.world, step, host, out };
    if (step.action.kind !== 'wait-nlb-converged') return applyEffect(call);
    const deadline = Date.now() + step.action.timeoutSeconds * this.timing.secondMs;
    for (;;) {
      const result = applyEffect(call);
      if (result.ok || Date.now() >= deadline) return result;
      if (!(await sleep(this.timing.pollMs, signal))) return result;
    }
  }

  /** Add-WindowsFeature -Restart: the host goes down, clears its pending restart, and comes back (unless hung). */
  #restart(host: LabHost, out: (stream: OutputStream, line: string) => void): void {
    out('output', `Restarting ${host.name} to finish the installation ...`);
    this.world.restart(host, this.timing.restartMs);
  }

  operatorConfirmed(step: RunbookStep): void {
    if (step.action.kind !== 'operator' || !step.action.does) return;
    applyOperatorWork(this.world, step.action.does);
    this.world.commit();
  }

  async waitForHost(request: WaitForHostRequest): Promise<WaitResult> {
    const host = this.world.host(request.host);
    if (!host) return { ok: false, kind: 'unreachable', error: `the server name ${request.host} cannot be resolved`, failingCommand: '' };
    const deadline = Date.now() + request.timeoutMs;
    for (;;) {
      if (this.world.reachable(host) && !this.world.hostFault(host, 'unreachable')) return { ok: true };
      if (Date.now() >= deadline) {
        return { ok: false, kind: 'timeout', error: `WinRM on ${host.fqdn || host.name} still does not answer (${host.hung ? 'it is not coming back from its restart' : 'it is still restarting'}).`, failingCommand: '' };
      }
      if (!(await sleep(Math.min(this.timing.pollMs, Math.max(1, deadline - Date.now())), request.signal))) return cancelled('waiting for the host');
    }
  }
}
