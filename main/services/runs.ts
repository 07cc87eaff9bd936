// The run.* channels: plan, start, control and read back runs of a design's runbook, against the rehearsal lab
// (main/lab, simulated hosts) or real hosts (PowerShell remoting), through the executor (main/executor). Every event
// of a run this process executes is checked against the contract and handed to `emit` (Electron: webContents.send;
// the browser host: its Server-Sent Events stream). Runs live in one folder per run under `runsDir` (plan.json,
// journal.jsonl, design.json, and lab.json for rehearsals, the same layout `extopo rehearse` uses), so a run
// interrupted here can be resumed here or from the CLI.
//
// A run belongs to the design it was planned from (design.json: its file, or the open document before it is saved)
// and to that revision (the runbook's content hash in plan.json). Resume, start, retry, skip and confirm are refused
// here — not only hidden in the run view — when the caller's open design is another one, or has changed since; the
// list shows the open design's runs (all runs on request, each saying whether it belongs). Abort is always allowed.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseRunStreamEvent } from '../../shared/ipc/contract';
import type { OpenDesignWire, Response, RunDetailWire, RunStreamEvent, RunSummaryWire, RunTargetKind } from '../../shared/ipc/contract';
import { loadDesignText } from '../../shared/model/load';
import type { DesignDocument } from '../../shared/model/types';
import { generateRunbook } from '../../shared/runbook/generate';
import type { Runbook } from '../../shared/runbook/types';
import {
  Credential,
  DESIGN_FILE,
  ExecutorError,
  belongsTo,
  bindPath,
  checkRunId,
  foreignRunMessage,
  frozenPlanMismatch,
  listRuns,
  openRun,
  planRun,
  readJournal,
  readPlan,
  readRunDesign,
  readRunSummary,
  runDesignFor,
  runDesignText,
  runDirectory,
  serverOf,
  writeRunDesign,
} from '../executor';
import type { RunDesign, RunEvent, RunExecutor, RunPlan, RunSummary, Transport } from '../executor';
import { JOURNAL_FILE } from '../executor/plan';
import { LAB_FILE, LabWorld, faultProblems, parseFaults } from '../lab';
import { EngineStartError, engineOfTransport, rehearsalTransport } from '../lab/engines';
import type { LabFault, LabTiming } from '../lab';
import { ServiceError } from '../ipc/errors';
import { PowerShellTransport } from '../transports/powershell';
import type { CredentialService } from './credentials';
import { buildRunReport, renderRunReportMarkdown } from './runReport';

/** How long each simulated script takes in a rehearsal started from the app (ms): slow enough to watch. */
export const DEFAULT_LAB_STEP_MS = 250;
/** A check in the lab takes this fraction of a script; a restart this multiple. */
const LAB_CHECK_FRACTION = 0.2;
const LAB_RESTART_FACTOR = 2;
/** Rehearsals: a simulated host must be back within this many of its restart times (restart-hang faults trip it). */
const LAB_RESTART_TIMEOUT_FACTOR = 10;
const LAB_MIN_RESTART_TIMEOUT_MS = 2000;
const LAB_STEP_TIMEOUT_MS = 60_000;
const LAB_RETRY_DELAY_MS = 10;
/** The rehearsal's stand-in account: the lab has no passwords. */
const LAB_USER = 'LAB\\rehearsal';
const LAB_AUTO_CONFIRM = { by: 'rehearsal lab (auto-confirm)', reason: 'rehearsal: operator checklist items are confirmed automatically' } as const;
/** Most events run.journal returns (the first, run-planned, and the newest ones). */
export const MAX_JOURNAL_EVENTS = 5000;
const DEFAULT_OPERATOR = 'operator';

/** The real-host transport, with its optional start-up check (PowerShellTransport.prepare). */
export type HostTransport = Transport & { prepare?(): Promise<unknown> };

export interface RunServiceOptions {
  /** One folder per run. Created on first use. */
  readonly runsDir: string;
  readonly credentials: CredentialService;
  /** Receives every event (already checked against the contract) of the runs this process executes. */
  readonly emit: (event: RunStreamEvent) => void;
  /** Builds the transport for real hosts (default: PowerShell remoting from this machine). */
  readonly createHostTransport?: () => HostTransport;
  /** Default pace of rehearsals started without labStepMs. */
  readonly labStepMs?: number;
}

interface LiveRun {
  readonly executor: RunExecutor;
  readonly target: RunTargetKind;
  readonly world: LabWorld | null;
  design: RunDesign | null;
}

/** The caller's open design and its text (the revision a control must match). */
export interface DesignScope {
  readonly design: OpenDesignWire;
  readonly text: string;
}

type PlanRequest = {
  readonly text: string;
  readonly design: OpenDesignWire;
  readonly target: RunTargetKind;
  readonly hosts: Readonly<Record<string, string>>;
  readonly credentialId?: string;
  readonly options: {
    readonly dryRun: boolean;
    readonly maxParallelHosts?: number;
    readonly retries?: number;
    readonly faults?: readonly string[];
    readonly autoConfirm?: boolean;
    readonly labStepMs?: number;
    readonly engine?: 'lab' | 'pwsh';
  };
};

function labTiming(stepMs: number): Partial<LabTiming> {
  return { scriptMs: stepMs, checkMs: Math.round(stepMs * LAB_CHECK_FRACTION), restartMs: Math.max(20, stepMs * LAB_RESTART_FACTOR) };
}

function labRestartTimeout(stepMs: number): number {
  return Math.max(LAB_MIN_RESTART_TIMEOUT_MS, Math.max(20, stepMs * LAB_RESTART_FACTOR) * LAB_RESTART_TIMEOUT_FACTOR);
}

/** The design and its runbook, or a ServiceError listing every problem. */
function runbookFor(text: string): { document: DesignDocument; runbook: Runbook } {
  const loaded = loadDesignText(text);
  if (!loaded.ok) {
    throw new ServiceError(
      `The design cannot be loaded (${loaded.problems.length} problem${loaded.problems.length === 1 ? '' : 's'}).`,
      loaded.problems.map((p) => `${p.path}: ${p.message} ${p.hint}`),
    );
  }
  const generated = generateRunbook(loaded.document);
  if (!generated.ok) {
    throw new ServiceError(
      `No run is possible: ${generated.message}`,
      generated.errors.map((f) => `[${f.ruleId}] ${f.message} Fix: ${f.hint}`),
    );
  }
  return { document: loaded.document, runbook: generated.runbook };
}

/** The title of a design text for messages ('' when it is not a design). */
function titleOf(text: string): string {
  try {
    const value = JSON.parse(text) as { title?: unknown };
    return typeof value.title === 'string' ? value.title : '';
  } catch {
    return '';
  }
}

function serviceErrorOf(error: unknown): Error {
  if (error instanceof ExecutorError) {
    const kind = error.code === 'run-not-found' ? 'not-found' : 'invalid';
    return new ServiceError(error.message.split('\n')[0].replace(/:\s*$/, ''), error.problems, kind);
  }
  return error instanceof Error ? error : new Error(String(error));
}

/** Faults in `--fault` syntax, checked against the lab's hosts and the runbook's steps (a typo would rehearse nothing). */
function labFaults(specs: readonly string[], world: LabWorld, runbook: Runbook): LabFault[] {
  const parsed = parseFaults(specs);
  if (!parsed.ok) throw new ServiceError('A fault to inject is not valid.', parsed.errors);
  const problems = faultProblems(parsed.faults, world, runbook);
  if (problems.length > 0) throw new ServiceError('A fault names something the lab does not have.', problems);
  return parsed.faults;
}

/** Every design server the runbook uses, mapped to the given host or (lab) to its design FQDN. */
function hostsFor(runbook: Runbook, document: DesignDocument, given: Readonly<Record<string, string>>, fillFromDesign: boolean): Record<string, string> {
  const hosts: Record<string, string> = {};
  for (const step of runbook.steps) {
    const server = serverOf(step);
    if (server === '' || server in hosts) continue;
    const mapped = given[server]?.trim();
    if (mapped) hosts[server] = mapped;
    else if (fillFromDesign) {
      const s = document.design.servers.find((x) => x.name === server);
      hosts[server] = s?.fqdn || server;
    }
  }
  return hosts;
}

export class RunService {
  readonly runsDir: string;
  readonly #credentials: CredentialService;
  readonly #emit: (event: RunStreamEvent) => void;
  readonly #createHostTransport: () => HostTransport;
  readonly #labStepMs: number;
  readonly #live = new Map<string, LiveRun>();
  /** Events that did not match the contract (a bug): counted, never sent. */
  droppedEvents = 0;

  constructor(options: RunServiceOptions) {
    this.runsDir = options.runsDir;
    this.#credentials = options.credentials;
    this.#emit = options.emit;
    this.#createHostTransport = options.createHostTransport ?? (() => new PowerShellTransport());
    this.#labStepMs = options.labStepMs ?? DEFAULT_LAB_STEP_MS;
  }

  // -------------------------------------------------------------------------------------------------------------
  // Planning and starting
  // -------------------------------------------------------------------------------------------------------------

  async plan(request: PlanRequest): Promise<Response<'run.plan'>> {
    const { document, runbook } = runbookFor(request.text);
    const design = runDesignFor(request.design, document.title, document.revision);
    const designFile = { [DESIGN_FILE]: runDesignText(design) };
    const o = request.options;
    const common = { runsDir: this.runsDir, dryRun: o.dryRun, maxParallelHosts: o.maxParallelHosts ?? document.design.deployment.maxParallelHosts, retries: o.retries ?? 0 };
    let executor: RunExecutor;
    let world: LabWorld | null = null;
    if (request.target === 'lab') {
      world = LabWorld.create(document.design, { title: document.title });
      world.setFaults(labFaults(o.faults ?? [], world, runbook));
      const stepMs = o.labStepMs ?? this.#labStepMs;
      let transport: Transport;
      try {
        transport = await rehearsalTransport(o.engine ?? 'lab', world, labTiming(stepMs));
      } catch (error) {
        throw new ServiceError(error instanceof EngineStartError ? error.message : String(error));
      }
      try {
        executor = planRun({
          runbook,
          hosts: hostsFor(runbook, document, request.hosts, true),
          credential: new Credential({ userName: LAB_USER, password: '' }),
          transport,
          options: {
            ...common,
            stepTimeoutMs: LAB_STEP_TIMEOUT_MS,
            restartTimeoutMs: labRestartTimeout(stepMs),
            retryDelayMs: LAB_RETRY_DELAY_MS,
            autoConfirm: o.autoConfirm === false ? null : LAB_AUTO_CONFIRM,
          },
          // The lab world is created with the run's folder: a rehearsal killed at any point can be resumed.
          files: { ...designFile, [LAB_FILE]: world.toText() },
        });
      } catch (error) {
        await transport.close?.();
        throw serviceErrorOf(error);
      }
      world.attachTo(join(executor.dir, LAB_FILE));
    } else {
      if (o.faults && o.faults.length > 0) throw new ServiceError('Faults can only be injected into a rehearsal (the lab), never into a run against real hosts.');
      this.#refuseSecondHostRun();
      const credential = this.#credential(request.credentialId, 'plan a run against real hosts');
      const hosts = hostsFor(runbook, document, request.hosts, false);
      const unmapped = [...new Set(runbook.steps.map(serverOf))].filter((server) => server !== '' && !(server in hosts));
      if (unmapped.length > 0) {
        throw new ServiceError(
          `Map every design server to its real host first (${unmapped.length} missing).`,
          unmapped.map((server) => `no real host is given for design server ${server}: enter its FQDN (e.g. ${server.toLowerCase()}.contoso.local) or IP address.`),
        );
      }
      const transport = await this.#readyHostTransport();
      try {
        executor = planRun({ runbook, hosts, credential, transport, options: { ...common, autoConfirm: null }, files: designFile });
      } catch (error) {
        await transport.close?.();
        throw serviceErrorOf(error);
      }
    }
    this.#adopt(executor, request.target, world, design);
    return { runId: executor.runId, total: runbook.steps.length, contentHash: runbook.contentHash, run: this.#detail(executor.runId, request.design) };
  }

  /** Starts (or continues) a run of this session planned from the open design as it is now. */
  start(runId: string, scope: DesignScope, confirmOrganization?: string): Response<'run.start'> {
    const live = this.#liveRun(runId);
    this.#checkOwned(live, scope, 'start');
    if (live.executor.active) return { runId, status: 'running' };
    this.#checkConfirmation(live, confirmOrganization);
    this.#startLoop(live);
    return { runId, status: 'running' };
  }

  /** Continues an interrupted, failed or aborted run of the open design, with the design as it is now. */
  async resume(request: {
    readonly runId: string;
    readonly text: string;
    readonly design: OpenDesignWire;
    readonly credentialId?: string;
    readonly faults?: readonly string[];
    readonly confirmOrganization?: string;
  }): Promise<Response<'run.resume'>> {
    const { runId } = request;
    const idProblem = checkRunId(runId);
    if (idProblem) throw new ServiceError(idProblem, [], 'not-found');
    const live = this.#live.get(runId);
    const dir = runDirectory(this.runsDir, runId);
    if (!live && !existsSync(join(dir, JOURNAL_FILE))) throw new ServiceError(`There is no run ${runId} in ${this.runsDir}.`, [], 'not-found');
    // Whose run it is comes first: a run of another design is refused before its design is even compared.
    const runDesign = live ? live.design : readRunDesign(dir);
    if (!belongsTo(runDesign, request.design)) {
      return { ok: false, reason: 'other-design', message: foreignRunMessage('resume', runId, runDesign, { ...request.design, title: titleOf(request.text) }) };
    }
    const { runbook } = runbookFor(request.text);
    if (live) {
      const mismatch = frozenPlanMismatch(live.executor.plan, runbook);
      if (mismatch) return { ok: false, reason: 'design-changed', message: `Cannot resume run ${runId}: ${mismatch}` };
      if (!live.executor.active) {
        if (live.world) live.world.setFaults(labFaults(request.faults ?? [], live.world, runbook));
        this.#checkConfirmation(live, request.confirmOrganization);
        this.#startLoop(live);
      }
      return { ok: true, runId, run: this.#detail(runId, request.design) };
    }

    const target: RunTargetKind = existsSync(join(dir, LAB_FILE)) ? 'lab' : 'hosts';
    // The frozen-plan check comes first: a changed design is refused before anything is opened or asked for.
    let planned: RunPlan;
    try {
      planned = readPlan(dir);
    } catch (error) {
      throw new ServiceError(`Cannot resume run ${runId}: ${(error as Error).message}`, [], 'not-found');
    }
    const mismatch = frozenPlanMismatch(planned, runbook);
    if (mismatch) return { ok: false, reason: 'design-changed', message: `Cannot resume run ${runId}: ${mismatch}` };

    let executor: RunExecutor;
    let world: LabWorld | null = null;
    if (target === 'lab') {
      try {
        world = LabWorld.load(join(dir, LAB_FILE));
      } catch (error) {
        throw new ServiceError(`Cannot resume rehearsal ${runId}: ${(error as Error).message}`);
      }
      world.setFaults(labFaults(request.faults ?? [], world, runbook));
      // The engine the rehearsal ran with (its journal records the transport).
      const started = readJournal(join(dir, JOURNAL_FILE)).events.find((e): e is Extract<RunEvent, { type: 'run-started' }> => e.type === 'run-started');
      let transport: Transport;
      try {
        transport = await rehearsalTransport(engineOfTransport(started?.transport), world, labTiming(this.#labStepMs));
      } catch (error) {
        throw new ServiceError(error instanceof EngineStartError ? error.message : String(error));
      }
      try {
        executor = openRun({
          runsDir: this.runsDir,
          runId,
          runbook,
          credential: new Credential({ userName: LAB_USER, password: '' }),
          transport,
          overrides: { restartTimeoutMs: labRestartTimeout(this.#labStepMs) },
        });
      } catch (error) {
        throw serviceErrorOf(error);
      }
    } else {
      if (request.faults && request.faults.length > 0) throw new ServiceError('Faults can only be injected into a rehearsal (the lab), never into a run against real hosts.');
      this.#refuseSecondHostRun();
      const credential = this.#credential(request.credentialId, 'resume a run against real hosts');
      if (!planned.settings.dryRun) this.#checkOrganization(planned, request.confirmOrganization);
      const transport = await this.#readyHostTransport();
      try {
        executor = openRun({ runsDir: this.runsDir, runId, runbook, credential, transport });
      } catch (error) {
        await transport.close?.();
        throw serviceErrorOf(error);
      }
    }
    const adopted = this.#adopt(executor, target, world, runDesign);
    this.#startLoop(adopted);
    return { ok: true, runId, run: this.#detail(runId, request.design) };
  }

  // -------------------------------------------------------------------------------------------------------------
  // Controls
  // -------------------------------------------------------------------------------------------------------------

  abort(runId: string): Response<'run.abort'> {
    const live = this.#liveRun(runId);
    if (!live.executor.active) throw new ServiceError(`Run ${runId} is not running (it is ${live.executor.summary().status}).`);
    live.executor.abort(DEFAULT_OPERATOR);
    return { runId, status: 'running' };
  }

  /** Retries a failed step of a run of the open design; a run that had stopped continues. */
  retry(runId: string, stepId: string, scope: DesignScope): Response<'run.retry'> {
    const live = this.#liveRun(runId);
    this.#checkOwned(live, scope, `retry step ${stepId} of`);
    this.#control(() => live.executor.retry(stepId, DEFAULT_OPERATOR));
    if (!live.executor.active) this.#startLoop(live);
    return { runId, status: 'running' };
  }

  /** Skips a step (a reason and an explicit confirmation are required); a run that had stopped continues. */
  skip(runId: string, stepId: string, reason: string, scope: DesignScope): Response<'run.skip'> {
    const live = this.#liveRun(runId);
    this.#checkOwned(live, scope, `skip step ${stepId} of`);
    this.#control(() => live.executor.skip(stepId, { confirmed: true, reason, by: DEFAULT_OPERATOR }));
    const status = live.executor.summary().status;
    if (!live.executor.active && status !== 'succeeded' && live.executor.summary().counts.failed === 0) this.#startLoop(live);
    return { runId, status: live.executor.active ? 'running' : live.executor.summary().status };
  }

  confirm(runId: string, stepId: string, scope: DesignScope, by?: string, note?: string): Response<'run.confirm'> {
    const live = this.#liveRun(runId);
    this.#checkOwned(live, scope, `confirm step ${stepId} of`);
    this.#control(() => live.executor.confirm(stepId, { confirmed: true, by: by?.trim() || DEFAULT_OPERATOR, reason: note?.trim() || 'checklist done' }));
    return { runId, status: live.executor.active ? 'running' : live.executor.summary().status };
  }

  // -------------------------------------------------------------------------------------------------------------
  // Reading runs back
  // -------------------------------------------------------------------------------------------------------------

  /** The runs of the open design (scope 'design'), or every run, each saying whether it belongs to the open design. */
  list(open: OpenDesignWire, scope: 'design' | 'all' = 'design'): Response<'run.list'> {
    const runs = listRuns(this.runsDir).map((s) => this.#summaryWire(s.runId, this.#live.get(s.runId)?.executor.summary() ?? s, open));
    return scope === 'all' ? runs : runs.filter((r) => r.belongs);
  }

  journal(runId: string, open?: OpenDesignWire): Response<'run.journal'> {
    const { events } = this.#read(runId);
    const truncated = events.length > MAX_JOURNAL_EVENTS;
    const kept = truncated ? [events[0], ...events.slice(-(MAX_JOURNAL_EVENTS - 1))] : events;
    const checked: RunEvent[] = [];
    for (const e of kept) if (parseRunStreamEvent(e) !== null) checked.push(e);
    return { run: this.#detail(runId, open), events: checked as Response<'run.journal'>['events'], truncated };
  }

  async report(runId: string, format: 'md' | 'pdf'): Promise<{ fileName: string; bytes: Uint8Array }> {
    const { plan, events, summary } = this.#read(runId);
    const generatedAt = new Date();
    const report = buildRunReport({ plan, summary, events, target: this.#targetOf(runId), generatedAt, credentials: this.#credentials.held() });
    const fileName = `run-${runId}-report.${format}`;
    if (format === 'md') return { fileName, bytes: new TextEncoder().encode(renderRunReportMarkdown(report)) };
    const { renderRunReportPdf } = await import('./runReportPdf');
    return { fileName, bytes: await renderRunReportPdf(report, generatedAt) };
  }

  /** Ends every run of this session cleanly (running steps finish, the runs stay resumable). */
  async close(): Promise<void> {
    const runs = [...this.#live.values()];
    this.#live.clear();
    await Promise.all(runs.map((r) => r.executor.close().catch(() => undefined)));
  }

  // -------------------------------------------------------------------------------------------------------------
  // Internals
  // -------------------------------------------------------------------------------------------------------------

  #adopt(executor: RunExecutor, target: RunTargetKind, world: LabWorld | null, design: RunDesign | null): LiveRun {
    const live: LiveRun = { executor, target, world, design };
    this.#live.set(executor.runId, live);
    executor.subscribe((event) => {
      const checked = parseRunStreamEvent(event);
      if (checked === null) {
        this.droppedEvents++;
        return;
      }
      this.#emit(checked);
    });
    return live;
  }

  #startLoop(live: LiveRun): void {
    try {
      // The promise settles when the run ends; its events have told the renderer everything by then.
      void live.executor.start().catch(() => undefined);
    } catch (error) {
      throw serviceErrorOf(error);
    }
  }

  #control(action: () => void): void {
    try {
      action();
    } catch (error) {
      throw serviceErrorOf(error);
    }
  }

  #liveRun(runId: string): LiveRun {
    const live = this.#live.get(runId);
    if (live) return live;
    if (checkRunId(runId) === null && existsSync(join(runDirectory(this.runsDir, runId), JOURNAL_FILE))) {
      throw new ServiceError(`Run ${runId} is not open in this session: resume it from the list of runs.`, [], 'not-found');
    }
    throw new ServiceError(`There is no run ${runId}.`, [], 'not-found');
  }

  /**
   * Refuses a control of a run that does not belong to the open design, or whose design changed since it was planned
   * (the frozen runbook differs from the one the open design makes now).
   */
  #checkOwned(live: LiveRun, scope: DesignScope, action: string): void {
    const runId = live.executor.runId;
    if (!belongsTo(live.design, scope.design)) {
      throw new ServiceError(foreignRunMessage(action, runId, live.design, { ...scope.design, title: titleOf(scope.text) }));
    }
    const { runbook } = runbookFor(scope.text);
    const mismatch = frozenPlanMismatch(live.executor.plan, runbook);
    if (mismatch) throw new ServiceError(`Cannot ${action} run ${runId}: ${mismatch}`);
  }

  /** The design a run belongs to (a run planned before its design was saved gets the file once that window saved it). */
  #designOf(runId: string, open?: OpenDesignWire): RunDesign | null {
    const live = this.#live.get(runId);
    const dir = runDirectory(this.runsDir, runId);
    const design = live ? live.design : readRunDesign(dir);
    const bound = open ? bindPath(design, open) : null;
    if (bound === null) return design;
    try {
      writeRunDesign(dir, bound);
    } catch {
      return design;
    }
    if (live) live.design = bound;
    return bound;
  }

  #credential(credentialId: string | undefined, purpose: string): Credential {
    if (credentialId === undefined) throw new ServiceError(`Enter the credentials (user name and password) to ${purpose}.`);
    const credential = this.#credentials.get(credentialId);
    if (!credential) throw new ServiceError(`The credentials ${credentialId} are no longer held (forgotten, or ExTopo was restarted): enter them again.`);
    return credential;
  }

  #refuseSecondHostRun(): void {
    for (const [runId, live] of this.#live) {
      if (live.target === 'hosts' && live.executor.active) {
        throw new ServiceError(`Run ${runId} is already running against real hosts: wait for it to finish or abort it first.`);
      }
    }
  }

  /** The real-host transport, started once so a missing PowerShell is reported before anything is planned. */
  async #readyHostTransport(): Promise<HostTransport> {
    const transport = this.#createHostTransport();
    try {
      await transport.prepare?.();
    } catch (error) {
      await transport.close?.().catch(() => undefined);
      throw new ServiceError(`Cannot run against real hosts from this machine: ${error instanceof Error ? error.message : String(error)}`);
    }
    return transport;
  }

  #checkConfirmation(live: LiveRun, typed: string | undefined): void {
    if (live.target !== 'hosts' || live.executor.settings.dryRun) return;
    this.#checkOrganization(live.executor.plan, typed);
  }

  /** A real run against hosts changes production servers: it starts only with the organization name typed. */
  #checkOrganization(plan: RunPlan, typed: string | undefined): void {
    const organization = plan.runbook.organization;
    if (typed?.trim() !== organization) {
      throw new ServiceError(`This run changes the servers of ${organization}: type the organization name "${organization}" to confirm it.`);
    }
  }

  #targetOf(runId: string): RunTargetKind {
    return this.#live.get(runId)?.target ?? (existsSync(join(runDirectory(this.runsDir, runId), LAB_FILE)) ? 'lab' : 'hosts');
  }

  #read(runId: string): { plan: RunPlan; events: readonly RunEvent[]; summary: RunSummary } {
    const idProblem = checkRunId(runId);
    if (idProblem) throw new ServiceError(idProblem, [], 'not-found');
    const live = this.#live.get(runId);
    if (live) return { plan: live.executor.plan, events: live.executor.events, summary: live.executor.summary() };
    const dir = runDirectory(this.runsDir, runId);
    if (!existsSync(join(dir, JOURNAL_FILE))) throw new ServiceError(`There is no run ${runId} in ${this.runsDir}.`, [], 'not-found');
    let plan: RunPlan;
    try {
      plan = readPlan(dir);
    } catch (error) {
      throw new ServiceError(`Run ${runId} cannot be read: ${(error as Error).message}`);
    }
    return { plan, events: readJournal(join(dir, JOURNAL_FILE)).events, summary: readRunSummary(this.runsDir, runId) };
  }

  #summaryWire(runId: string, s: RunSummary, open?: OpenDesignWire): RunSummaryWire {
    const live = this.#live.get(runId);
    const design = this.#designOf(runId, open);
    return {
      runId,
      target: this.#targetOf(runId),
      status: s.status,
      title: s.title,
      organization: s.organization,
      contentHash: s.runbookHash,
      dryRun: s.settings?.dryRun ?? false,
      plannedAt: s.plannedAt,
      startedAt: s.startedAt,
      endedAt: s.endedAt,
      counts: s.counts,
      hosts: { ...s.hosts },
      active: live?.executor.active ?? false,
      design: design === null ? null : { path: design.path, title: design.title, revision: design.revision },
      belongs: open !== undefined && belongsTo(design, open),
    };
  }

  #detail(runId: string, open?: OpenDesignWire): RunDetailWire {
    const { plan, summary } = this.#read(runId);
    const records = new Map(summary.steps.map((r) => [r.stepId, r]));
    return {
      ...this.#summaryWire(runId, summary, open),
      contentHash: plan.runbook.contentHash,
      title: plan.runbook.title,
      organization: plan.runbook.organization,
      settings: summary.settings ?? plan.settings,
      steps: plan.runbook.steps.map((step) => {
        const r = records.get(step.id);
        const server = serverOf(step);
        return {
          id: step.id,
          title: step.title,
          phase: step.phase,
          server,
          host: server === '' ? '' : (plan.hosts[server] ?? ''),
          operator: step.target.kind === 'operator',
          restarts: step.restarts,
          expectedSeconds: step.expectedSeconds,
          status: r?.status ?? 'pending',
          attempt: r?.attempt ?? 0,
          durationMs: r?.durationMs ?? null,
          error: r?.error ?? null,
          failingCommand: r?.failingCommand ?? null,
          by: r?.by ?? null,
          reason: r?.reason ?? null,
          checklist: step.action.kind === 'operator' ? [...step.action.checklist] : [],
        };
      }),
    };
  }
}
