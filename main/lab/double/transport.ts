// The pwsh rehearsal engine: runs every step's real `script` and `check` text in PowerShell 7, through the app's own
// node-powershell session (main/transports/powershell/session.ts), against the host double.
//
// One pwsh process per design host stands in for that host's remote session (lane "host": the Windows double is
// loaded, as if the text ran on the server through Invoke-Command), and one per Exchange server whose Exchange
// Management Shell a step uses (lane "ems": the Exchange double is imported as a MODULE, as implicit remoting does,
// so preference variables of the step's scope do not reach its cmdlets - exactly as on a real host). Remoting itself
// (WinRM, Kerberos, CredSSP, PSSessions) is not simulated: a step reaches its host's double directly.
//
// The state behind every double is the rehearsal lab's world (main/lab/world.ts), served by a loopback endpoint
// (server.ts): connection failures, restarts and the wait for a host to come back are the TypeScript lab's own.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ps } from '../../../shared/powershell';
import type { RunbookStep } from '../../../shared/runbook/types';
import type { CheckResult, OutputLine, ScriptResult, StepInvocation, Transport, TransportFailure, WaitForHostRequest, WaitResult } from '../../executor/transport';
import { PowerShellSession } from '../../transports/powershell/session';
import type { CallOutcome, PowerShellInfo, SessionLine } from '../../transports/powershell/session';
import { LabTransport } from '../transport';
import type { LabTiming } from '../transport';
import type { LabWorld } from '../world';
import { HOST_DOUBLE_HANDLERS } from './handlers';
import { DoubleServer } from './server';

/** Said once per run: what this engine does and does not simulate. */
export const ENGINE_NOTE =
  'pwsh engine: every step\'s real script and check run in PowerShell 7 against the ExTopo host double (Exchange 2010 SP3 on Windows Server 2008 R2 / 2012 R2). PowerShell remoting itself (WinRM, Kerberos, CredSSP) is not simulated.';

/** The folder of the host double's PowerShell (source checkout, or out/powershell in a build). */
export function hostDoubleFolder(): string {
  const candidates = [new URL('../../../powershell/host-double/', import.meta.url), new URL('../powershell/host-double/', import.meta.url)];
  for (const candidate of candidates) {
    const path = fileURLToPath(candidate);
    if (existsSync(`${path}ExTopo.HostDouble.Core.psm1`)) return path;
  }
  throw new Error('The host double (powershell/host-double) is missing from this installation of ExTopo.');
}

export interface HostDoubleTransportOptions {
  readonly world: LabWorld;
  /** Restart length, polling: as the TypeScript lab (its defaults are tiny, for tests). */
  readonly timing?: Partial<LabTiming>;
  /** pwsh to run (default: NODE_POWERSHELL, then pwsh on PATH). */
  readonly executable?: string;
  /** A bound on each check or script (ms; default none besides the executor's own step timeout). */
  readonly callTimeoutMs?: number;
}

/**
 * host: the server's remote session (Windows double); ems: the Exchange Management Shell a step uses (Exchange double
 * as an implicitly remoted module); shell: an admin's Exchange Management Shell opened on the server itself - the
 * server's own Windows cmdlets and the Exchange ones together (where the inventory script runs).
 */
export type Lane = 'host' | 'ems' | 'shell';

function laneOf(step: RunbookStep): 'host' | 'ems' {
  return step.target.kind === 'ems' ? 'ems' : 'host';
}

export class HostDoubleTransport implements Transport {
  readonly kind = 'pwsh';
  readonly world: LabWorld;
  readonly server: DoubleServer;
  readonly #lab: LabTransport;
  readonly #options: HostDoubleTransportOptions;
  readonly #lanes = new Map<string, PowerShellSession>();
  readonly #folder: string;
  #started: Promise<void> | null = null;
  #closed = false;

  constructor(options: HostDoubleTransportOptions) {
    this.#options = options;
    this.world = options.world;
    this.#lab = new LabTransport(options.world, options.timing);
    this.server = new DoubleServer({ world: options.world, handlers: HOST_DOUBLE_HANDLERS, restartMs: this.#lab.timing.restartMs });
    this.#folder = hostDoubleFolder();
  }

  #start(): Promise<void> {
    this.#started ??= this.server.start();
    return this.#started;
  }

  /** Starts the endpoint and one pwsh, so a missing PowerShell is reported before any step. */
  async prepare(): Promise<PowerShellInfo> {
    await this.#start();
    const first = this.world.state.hosts.find((h) => h.inDesign);
    if (!first) throw new Error('The lab has no host to stand in for.');
    return this.#lane('host', first.name).start();
  }

  #initScript(lane: Lane, host: string): string {
    const core = `${this.#folder}ExTopo.HostDouble.Core.psm1`;
    const windows = ps`Import-Module -Name ${`${this.#folder}ExTopo.HostDouble.Windows.psm1`} -Global -DisableNameChecking`;
    const exchange = ps`Import-Module -Name ${`${this.#folder}Exchange/ExTopo.Exchange2010.psm1`} -Global -DisableNameChecking`;
    // Files with text on Windows paths (certificate requests and answers), after the Windows or Exchange module.
    const files = ps`Import-Module -Name ${`${this.#folder}ExTopo.HostDouble.Files.psm1`} -Global -DisableNameChecking`;
    const loaded = lane === 'host' ? ps`${windows}
      ${files}` : lane === 'ems' ? ps`${exchange}
      ${files}` : ps`${windows}
      ${exchange}
      ${files}`;
    // The double's endpoint knows two lanes: a shell on the server talks to it as the host does.
    const doubleLane = lane === 'ems' ? 'ems' : 'host';
    return ps`
      Import-Module -Name ${core} -Global -DisableNameChecking
      Enter-ExTopoHostDouble -HostName ${host} -Lane ${doubleLane}
      ${loaded}`.text;
  }

  #lane(lane: Lane, host: string): PowerShellSession {
    const hostName = this.world.host(host)?.name ?? host;
    const key = `${lane}:${hostName.toLowerCase()}`;
    let session = this.#lanes.get(key);
    if (!session) {
      session = new PowerShellSession({
        executable: this.#options.executable,
        initScript: this.#initScript(lane, hostName),
        env: { ...process.env, EXTOPO_DOUBLE_URL: this.server.url, EXTOPO_DOUBLE_TOKEN: this.server.token, EXTOPO_DOUBLE_SECOND_MS: String(this.#lab.timing.secondMs) },
      });
      this.#lanes.set(key, session);
    }
    return session;
  }

  #emit(invocation: StepInvocation, mode: 'run' | 'check'): (line: SessionLine) => void {
    return (line) => {
      const stream: OutputLine['stream'] =
        line.tag === 'w' ? 'warning' : line.tag === 'v' ? 'verbose' : line.tag === 'e' ? 'error' : /^What if:/i.test(line.text) ? 'whatif' : mode === 'check' ? 'check' : 'output';
      try {
        invocation.onOutput({ stream, line: line.text });
      } catch {
        // A listener's failure must not break the step.
      }
    };
  }

  #failure(outcome: Exclude<CallOutcome, { status: 'ok' }>, step: RunbookStep, script: string): TransportFailure {
    switch (outcome.status) {
      case 'failed': {
        const e = outcome.error;
        const details = [e.category, e.id].filter((p) => p !== '').join(' | ');
        const line = e.line !== '' && !e.line.includes('#ExtopoDriver') ? e.line : (script.split('\n').find((l) => l.trim() !== '') ?? '').trim();
        return {
          ok: false,
          kind: e.transport ? 'unreachable' : 'command-failed',
          error: `${e.message}${details ? `\nPowerShell error: ${details}` : ''}`,
          failingCommand: `${step.id}: ${line.length > 200 ? `${line.slice(0, 200)} …` : line}`,
        };
      }
      case 'timeout':
        return { ok: false, kind: 'timeout', error: `step ${step.id} did not finish within ${outcome.afterMs} ms (its pwsh was ended)`, failingCommand: '' };
      case 'aborted':
        return { ok: false, kind: 'cancelled', error: `step ${step.id} was stopped (its pwsh was ended)`, failingCommand: '' };
      case 'no-result':
      case 'exited':
        return { ok: false, kind: 'command-failed', error: `pwsh gave no result for step ${step.id}: ${outcome.message}`, failingCommand: '' };
    }
  }

  async #call(invocation: StepInvocation, mode: 'run' | 'check', whatIf: boolean): Promise<CallOutcome | TransportFailure> {
    if (this.#closed) return { ok: false, kind: 'cancelled', error: 'The pwsh engine was closed.', failingCommand: '' };
    await this.#start();
    const { step } = invocation;
    const lane = laneOf(step);
    const hostName = this.world.host(invocation.host)?.name ?? invocation.host;
    const script = mode === 'check' ? step.check : step.script;
    this.server.setActivity(hostName, lane, { stepId: step.id, mode });
    try {
      return await this.#lane(lane, hostName).call(
        { op: 'run', step: step.id, mode, target: 'local', host: hostName, credential: '', script, whatIf },
        { signal: invocation.signal, timeoutMs: this.#options.callTimeoutMs, onLine: this.#emit(invocation, mode) },
      );
    } finally {
      this.server.setActivity(hostName, lane, null);
    }
  }

  /**
   * Runs any PowerShell text in a lane, as a step would (tests of single commands; diagnostics). Returns the driver's
   * outcome: output lines, and for mode 'check' whether the last output was $true.
   */
  async invoke(hostName: string, lane: Lane, script: string, options: { readonly mode?: 'run' | 'check'; readonly whatIf?: boolean; readonly stepId?: string } = {}): Promise<CallOutcome> {
    await this.#start();
    const mode = options.mode ?? 'run';
    const name = this.world.host(hostName)?.name ?? hostName;
    const stepId = options.stepId ?? 'adhoc';
    const doubleLane = lane === 'ems' ? 'ems' : 'host';
    this.server.setActivity(name, doubleLane, { stepId, mode });
    try {
      return await this.#lane(lane, name).call({ op: 'run', step: stepId, mode, target: 'local', host: name, credential: '', script, whatIf: options.whatIf ?? false }, { timeoutMs: this.#options.callTimeoutMs });
    } finally {
      this.server.setActivity(name, doubleLane, null);
    }
  }

  async check(invocation: StepInvocation): Promise<CheckResult> {
    const refused = this.#lab.connectFailure(invocation);
    if (refused) return refused;
    if (invocation.step.check.trim() === '') return { ok: true, done: false };
    const outcome = await this.#call(invocation, 'check', false);
    if ('ok' in outcome) return outcome;
    if (outcome.status !== 'ok') return this.#failure(outcome, invocation.step, invocation.step.check);
    return { ok: true, done: (outcome.value as { done?: unknown } | null)?.done === true };
  }

  async run(invocation: StepInvocation & { readonly whatIf: boolean }): Promise<ScriptResult> {
    const refused = this.#lab.connectFailure(invocation);
    if (refused) return refused;
    const { step } = invocation;
    if (step.script.trim() === '') return { ok: true };
    const host = this.world.host(invocation.host);
    const outcome = await this.#call(invocation, 'run', invocation.whatIf);
    if (!invocation.whatIf && host) {
      const ok = !('ok' in outcome) && outcome.status === 'ok';
      this.world.state.executions.push({ stepId: step.id, host: host.name, attempt: invocation.attempt, at: new Date().toISOString(), ok });
      this.world.commit();
    }
    if ('ok' in outcome) return outcome;
    if (outcome.status === 'ok') return { ok: true };
    // A step that restarts its host: the connection dropping under it is the expected end of the script.
    if (step.restarts && !invocation.whatIf && outcome.status === 'failed' && outcome.error.transport) return { ok: true };
    return this.#failure(outcome, step, step.script);
  }

  waitForHost(request: WaitForHostRequest): Promise<WaitResult> {
    return this.#lab.waitForHost(request);
  }

  operatorConfirmed(step: RunbookStep): void {
    this.#lab.operatorConfirmed(step);
  }

  async close(): Promise<void> {
    this.#closed = true;
    const sessions = [...this.#lanes.values()];
    this.#lanes.clear();
    await Promise.all(sessions.map((s) => s.close().catch(() => undefined)));
    await this.server.close();
  }
}
