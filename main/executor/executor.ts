// The executor: runs a frozen runbook against hosts through a Transport, in dependency order, journaling every
// event. See events.ts for what it reports, plan.ts for the frozen plan and scheduling lanes, journal.ts for the
// journal and run summaries, transport.ts for the Transport contract.
//
// Per step: check → already done? skip. Otherwise run the script (dry run: -WhatIf when supported, else nothing),
// wait for the host after a restart, check again (still false = failure). Operator steps need a confirmation.
// Scheduling: a step is ready when every dependency finished (succeeded, passed, already done, confirmed, skipped
// with confirmation, or would-run in a dry run). Host steps of different hosts run in parallel up to
// maxParallelHosts, one step per host; EMS, DNS and operator steps one at a time (lanesOf). Ready steps start in
// runbook order, so the same timings give the same schedule. After a failure no new step starts; running steps
// finish, then the run ends `failed` (resumable: start() again retries the failed steps).
import { formatDuration } from '../../shared/runs/status';
import { join } from 'node:path';
import type { Runbook, RunbookStep } from '../../shared/runbook/types';
import type { ExecutorEvent, ExecutorListener, ProgressEvent, RunEvent, RunEventBody, RunSettings, RunStatus } from './events';
import { JOURNAL_FORMAT } from './events';
import { FINISHED_STATUSES, JournalWriter, countSteps, lockHolder, readJournal, releaseLock, runDirectory, summarizeRun, takeLock } from './journal';
import type { RunSummary, StepStatus } from './journal';
import {
  DEFAULT_SETTINGS,
  JOURNAL_FILE,
  LOCK_FILE,
  PLAN_FILE,
  checkRunId,
  frozenPlanMismatch,
  isCheckOnly,
  isOperatorStep,
  lanesOf,
  newRunId,
  planProblems,
  readPlan,
  serverOf,
  planText,
  settingsProblems,
} from './plan';
import { createRunFolder } from './runFolder';
import type { CreationPoint } from './runFolder';
import type { RunPlan } from './plan';
import { Redactor } from './redact';
import type { Credential, OutputLine, Transport, TransportFailure } from './transport';

/** Longest output line kept (longer lines are cut, with a note). */
export const MAX_OUTPUT_LINE = 4000;
/** Finished steps needed before the ETA is scaled by the observed speed. */
const ETA_MIN_SAMPLES = 3;

export type ExecutorErrorCode = 'invalid-plan' | 'design-changed' | 'run-not-found' | 'run-locked' | 'invalid-control';

/** A refusal of the executor (never a step failure: those are events). The message is for the admin. */
export class ExecutorError extends Error {
  constructor(
    readonly code: ExecutorErrorCode,
    message: string,
    readonly problems: readonly string[] = [],
  ) {
    super(message);
    this.name = 'ExecutorError';
  }
}

export interface ExecutorOptions extends Partial<RunSettings> {
  /** Folder holding one folder per run (plan.json, journal.jsonl). */
  readonly runsDir: string;
}

export interface PlanRunInput {
  readonly runbook: Runbook;
  /** Design server name → real host (FQDN or IP). */
  readonly hosts: Readonly<Record<string, string>>;
  readonly credential: Credential;
  readonly transport: Transport;
  readonly options: ExecutorOptions;
  /** Fixes the run id (tests); default: a new time-based id. */
  readonly runId?: string;
  /**
   * More files for the run's folder, created together with plan.json and the journal (name → text): the lab world
   * of a rehearsal, the design the run belongs to.
   */
  readonly files?: Readonly<Record<string, string>>;
  /** Called at each point of the folder's creation (the kill-point tests stop the process there). */
  readonly checkpoint?: (point: CreationPoint) => void;
}

/** Settings a resume may change: they change how fast and how patiently, never what runs. */
export type ResumeOverrides = Partial<Pick<RunSettings, 'maxParallelHosts' | 'stepTimeoutMs' | 'restartTimeoutMs' | 'retries' | 'retryDelayMs' | 'autoConfirm'>>;

export interface OpenRunInput {
  readonly runsDir: string;
  readonly runId: string;
  readonly credential: Credential;
  readonly transport: Transport;
  /** The runbook as generated now: refused when its hash differs from the frozen plan's. */
  readonly runbook?: Runbook;
  readonly overrides?: ResumeOverrides;
}

/** Marks an operator checklist step done. */
export interface OperatorConfirmation {
  readonly confirmed: true;
  readonly by: string;
  readonly reason: string;
}

/** Skips a step without running it: only with an explicit confirmation, which is journaled. */
export interface SkipConfirmation {
  readonly confirmed: true;
  readonly reason: string;
  readonly by?: string;
}

interface StepRuntime {
  readonly step: RunbookStep;
  status: StepStatus;
  attempt: number;
  interrupted: boolean;
  /** Automatic retry scheduled: not before this time (ms since epoch). */
  notBefore: number;
  /** Duration of the last finish, for the ETA. */
  durationMs: number | null;
  /** Automatic retries used since the run was (re)started or the step was retried by hand. */
  autoRetriesUsed: number;
}

type StepEnd = { readonly ok: true } | { readonly ok: false; readonly error: string; readonly failingCommand: string };

export { formatDuration };

function resolveSettings(options: ExecutorOptions): RunSettings {
  return {
    dryRun: options.dryRun ?? DEFAULT_SETTINGS.dryRun,
    maxParallelHosts: options.maxParallelHosts ?? DEFAULT_SETTINGS.maxParallelHosts,
    stepTimeoutMs: options.stepTimeoutMs ?? DEFAULT_SETTINGS.stepTimeoutMs,
    restartTimeoutMs: options.restartTimeoutMs ?? DEFAULT_SETTINGS.restartTimeoutMs,
    retries: options.retries ?? DEFAULT_SETTINGS.retries,
    retryDelayMs: options.retryDelayMs ?? DEFAULT_SETTINGS.retryDelayMs,
    autoConfirm: options.autoConfirm ?? DEFAULT_SETTINGS.autoConfirm,
  };
}

/**
 * Plans a run: validates the runbook and host mapping, and creates <runsDir>/<runId>/ with plan.json (the frozen
 * runbook), a journal starting with `run-planned` and the caller's `files` (the lab world of a rehearsal, the design
 * the run belongs to), all at once (runFolder.ts): a process killed while planning leaves no run or a resumable one.
 * Nothing runs until start().
 */
export function planRun(input: PlanRunInput): RunExecutor {
  const settings = resolveSettings(input.options);
  const problems = [...planProblems(input.runbook, input.hosts), ...settingsProblems(settings)];
  if (problems.length > 0) {
    throw new ExecutorError('invalid-plan', `The runbook cannot be executed: ${problems.length === 1 ? problems[0] : `${problems.length} problems:\n- ${problems.join('\n- ')}`}`, problems);
  }
  const runId = input.runId ?? newRunId();
  const idProblem = checkRunId(runId);
  if (idProblem) throw new ExecutorError('invalid-plan', idProblem);
  const reserved = Object.keys(input.files ?? {}).filter((name) => name === PLAN_FILE || name === JOURNAL_FILE || name === LOCK_FILE || !/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(name));
  if (reserved.length > 0) throw new ExecutorError('invalid-plan', `a run's extra files cannot be named ${reserved.join(', ')}.`);
  const hosts: Record<string, string> = {};
  for (const step of input.runbook.steps) {
    const server = serverOf(step);
    if (server !== '') hosts[server] = input.hosts[server].trim();
  }
  const plan: RunPlan = { format: 1, runId, plannedAt: new Date().toISOString(), runbook: input.runbook, hosts, settings };
  const redactor = new Redactor();
  redactor.addCredential(input.credential);
  const rb = plan.runbook;
  const planned = redactor.value({
    type: 'run-planned',
    runbookHash: rb.contentHash,
    title: rb.title,
    organization: rb.organization,
    stepCount: rb.steps.length,
    stepIds: rb.steps.map((s) => s.id),
    hosts: plan.hosts,
    settings,
    v: JOURNAL_FORMAT,
    runId,
    seq: 1,
    at: plan.plannedAt,
  } as RunEvent);
  let dir: string;
  try {
    dir = createRunFolder(
      input.options.runsDir,
      runId,
      { files: Object.entries(input.files ?? {}), plan: [PLAN_FILE, planText(plan)], journal: [JOURNAL_FILE, `${JSON.stringify(planned)}\n`] },
      input.checkpoint,
    );
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new ExecutorError('invalid-plan', `a run ${runId} already exists in ${input.options.runsDir}.`);
    throw error;
  }
  return new RunExecutor(plan, dir, [planned], input.credential, input.transport);
}

/**
 * Opens an existing run to resume it (after a crash, kill, failure or abort) or to inspect it. Refused when the
 * given runbook differs from the frozen one, or when a live process is executing the run.
 */
export function openRun(input: OpenRunInput): RunExecutor {
  const idProblem = checkRunId(input.runId);
  if (idProblem) throw new ExecutorError('run-not-found', idProblem);
  const dir = runDirectory(input.runsDir, input.runId);
  let plan: RunPlan;
  try {
    plan = readPlan(dir);
  } catch (error) {
    throw new ExecutorError('run-not-found', `Cannot open run ${input.runId}: ${(error as Error).message}`);
  }
  if (input.runbook) {
    const mismatch = frozenPlanMismatch(plan, input.runbook);
    if (mismatch) throw new ExecutorError('design-changed', `Cannot resume run ${input.runId}: ${mismatch}`);
  }
  const holder = lockHolder(dir);
  if (holder !== null && holder !== process.pid) {
    throw new ExecutorError('run-locked', `Run ${input.runId} is being executed by process ${holder}; wait for it to finish or stop that process first.`);
  }
  const overrides = input.overrides ?? {};
  const settings: RunSettings = { ...plan.settings, ...Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)) };
  const problems = settingsProblems(settings);
  if (problems.length > 0) throw new ExecutorError('invalid-plan', `Cannot resume run ${input.runId}: ${problems.join(' ')}`, problems);
  const journal = readJournal(join(dir, JOURNAL_FILE));
  return new RunExecutor({ ...plan, settings }, dir, journal.events, input.credential, input.transport);
}

export class RunExecutor {
  readonly runId: string;
  readonly plan: RunPlan;
  readonly dir: string;
  readonly #settings: RunSettings;
  readonly #credential: Credential;
  readonly #transport: Transport;
  readonly #redactor = new Redactor();
  readonly #journal: JournalWriter;
  readonly #events: RunEvent[] = [];
  readonly #listeners = new Set<ExecutorListener>();
  readonly #steps = new Map<string, StepRuntime>();
  readonly #order: readonly RunbookStep[];
  readonly #busyLanes = new Set<string>();
  readonly #running = new Set<string>();
  /** Steps after a would-run step (dry run): their checks are expected to fail. */
  readonly #afterWouldRun = new Set<string>();
  #seq = 0;
  #everStarted = false;
  #loop: Promise<RunSummary> | null = null;
  /** True from start() until its loop ends (set before the loop's first synchronous step). */
  #active = false;
  #abortRequested = false;
  #wake: (() => void) | null = null;
  /** A signal that came while the loop was not waiting: the next wait returns at once (no lost wake-ups). */
  #signalled = false;
  #retryTimers = new Set<ReturnType<typeof setTimeout>>();
  #startedAtMs = 0;
  #closed = false;

  /** Use planRun() or openRun(). */
  constructor(plan: RunPlan, dir: string, events: readonly RunEvent[], credential: Credential, transport: Transport) {
    this.plan = plan;
    this.runId = plan.runId;
    this.dir = dir;
    this.#settings = plan.settings;
    this.#credential = credential;
    this.#transport = transport;
    this.#redactor.addCredential(credential);
    this.#order = plan.runbook.steps;
    this.#journal = new JournalWriter(join(dir, JOURNAL_FILE));
    this.#events.push(...events);
    const summary = summarizeRun(events);
    this.#seq = summary.lastSeq;
    this.#everStarted = events.some((e) => e.type === 'run-started');
    const records = new Map(summary.steps.map((s) => [s.stepId, s]));
    for (const step of this.#order) {
      const r = records.get(step.id);
      this.#steps.set(step.id, {
        step,
        status: r?.status ?? 'pending',
        attempt: r?.attempt ?? 0,
        interrupted: r?.interrupted ?? false,
        notBefore: 0,
        durationMs: r?.durationMs ?? null,
        autoRetriesUsed: 0,
      });
    }
    for (const step of this.#order) {
      if (this.#steps.get(step.id)?.status === 'would-run' || step.dependsOn.some((d) => this.#afterWouldRun.has(d))) this.#afterWouldRun.add(step.id);
    }
  }

  get settings(): RunSettings {
    return this.#settings;
  }

  /** Every event of the run so far (journal order). */
  get events(): readonly RunEvent[] {
    return this.#events;
  }

  /** Listens to every event (journaled ones and `progress`). Returns the unsubscribe function. */
  subscribe(listener: ExecutorListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** The run's state, derived from its journal. */
  summary(): RunSummary {
    const s = summarizeRun(this.#events);
    if (!this.#active && (s.status === 'running' || s.status === 'waiting') && lockHolder(this.dir) === null) return { ...s, status: 'interrupted' };
    return s;
  }

  /** The status of one step. */
  stepStatus(stepId: string): StepStatus {
    const rt = this.#steps.get(stepId);
    if (!rt) throw new ExecutorError('invalid-control', `There is no step ${stepId} in this run.`);
    return rt.status;
  }

  /** Whether start()'s loop is active. */
  get active(): boolean {
    return this.#active;
  }

  // -------------------------------------------------------------------------------------------------------------
  // Controls
  // -------------------------------------------------------------------------------------------------------------

  /**
   * Runs (or resumes) until the run ends: succeeded, failed or aborted. While an operator step waits for a
   * confirmation and nothing else can run, the promise stays pending until confirm(), skip() or abort().
   * On a failed run, start() retries the failed steps (journaled as retried, by "resume").
   */
  start(): Promise<RunSummary> {
    if (this.#closed) throw new ExecutorError('invalid-control', `Run ${this.runId} is closed.`);
    if (this.#loop) return this.#loop;
    if (summarizeRun(this.#events).status === 'succeeded') return Promise.resolve(this.summary());
    const holder = lockHolder(this.dir);
    if (holder !== null && holder !== process.pid) {
      throw new ExecutorError('run-locked', `Run ${this.runId} is being executed by process ${holder}; wait for it to finish or stop that process first.`);
    }
    takeLock(this.dir);
    this.#abortRequested = false;
    this.#signalled = false;
    this.#startedAtMs = Date.now();
    for (const rt of this.#steps.values()) rt.autoRetriesUsed = 0;
    this.#active = true;
    this.#beginOrResume();
    this.#loop = this.#runLoop().finally(() => {
      for (const timer of this.#retryTimers) clearTimeout(timer);
      this.#retryTimers.clear();
      releaseLock(this.dir);
      this.#active = false;
      this.#loop = null;
    });
    return this.#loop;
  }

  /** Stops starting steps; running steps finish cleanly, then the run ends `aborted` (resumable). */
  abort(by = 'operator'): void {
    if (!this.#active || this.#abortRequested) return;
    this.#abortRequested = true;
    this.#emit({ type: 'run-abort-requested', by });
    this.#signal();
  }

  /** Retries a failed step (journaled). If the run has ended, call start() to continue it. */
  retry(stepId: string, by = 'operator'): void {
    const rt = this.#runtime(stepId);
    if (rt.status !== 'failed') throw new ExecutorError('invalid-control', `Step ${stepId} has not failed (it is ${rt.status}); only a failed step can be retried.`);
    this.#emit({ type: 'step-retried', stepId, attempt: rt.attempt + 1, by, reason: 'retry requested' });
    rt.status = 'pending';
    rt.notBefore = 0;
    rt.autoRetriesUsed = 0;
    this.#signal();
  }

  /**
   * Skips a step without running it. Requires { confirmed: true, reason }: a skipped step is not checked, and the
   * steps that depend on it then run as if it were done. Journaled with who and why.
   */
  skip(stepId: string, confirmation: SkipConfirmation): void {
    const rt = this.#runtime(stepId);
    const c = confirmation as Partial<SkipConfirmation> | undefined;
    if (!c || c.confirmed !== true) {
      throw new ExecutorError(
        'invalid-control',
        `Skipping step ${stepId} needs an explicit confirmation { confirmed: true, reason }: a skipped step is not checked, and the steps that depend on it will run as if it were done.`,
      );
    }
    if (typeof c.reason !== 'string' || c.reason.trim() === '') throw new ExecutorError('invalid-control', `Skipping step ${stepId} needs a reason (it is journaled).`);
    if (!['pending', 'failed', 'waiting'].includes(rt.status)) {
      throw new ExecutorError('invalid-control', `Step ${stepId} cannot be skipped: it is ${rt.status}.`);
    }
    rt.status = 'skipped';
    this.#emit({ type: 'step-skipped', stepId, reason: 'confirmed', durationMs: 0, by: c.by?.trim() || 'operator', why: c.reason.trim() });
    this.#progress();
    this.#signal();
  }

  /** Marks a waiting operator checklist step done. */
  confirm(stepId: string, confirmation: OperatorConfirmation): void {
    const rt = this.#runtime(stepId);
    const c = confirmation as Partial<OperatorConfirmation> | undefined;
    if (!isOperatorStep(rt.step)) throw new ExecutorError('invalid-control', `Step ${stepId} is not an operator checklist step; it is confirmed by its check.`);
    if (!c || c.confirmed !== true || typeof c.by !== 'string' || c.by.trim() === '' || typeof c.reason !== 'string') {
      throw new ExecutorError('invalid-control', `Confirming step ${stepId} needs { confirmed: true, by, reason } (it is journaled).`);
    }
    if (rt.status !== 'waiting') {
      throw new ExecutorError('invalid-control', `Step ${stepId} is not waiting for a confirmation (it is ${rt.status}${rt.status === 'pending' ? ': its dependencies have not finished' : ''}).`);
    }
    rt.status = 'confirmed';
    this.#operatorDone(rt.step);
    this.#emit({ type: 'step-finished', stepId, outcome: 'confirmed', durationMs: 0, by: c.by.trim(), reason: c.reason, auto: false });
    this.#progress();
    this.#signal();
  }

  /** Closes the journal and the transport. The run stays resumable with openRun(). */
  async close(): Promise<void> {
    if (this.#closed) return;
    if (this.#loop) {
      this.abort('shutdown');
      await this.#loop.catch(() => undefined);
    }
    this.#closed = true;
    this.#journal.close();
    await this.#transport.close?.();
  }

  // -------------------------------------------------------------------------------------------------------------
  // Internals
  // -------------------------------------------------------------------------------------------------------------

  #runtime(stepId: string): StepRuntime {
    if (this.#closed) throw new ExecutorError('invalid-control', `Run ${this.runId} is closed; open it again with openRun() to control it.`);
    const rt = this.#steps.get(stepId);
    if (!rt) throw new ExecutorError('invalid-control', `There is no step ${stepId} in run ${this.runId}.`);
    return rt;
  }

  #emit(body: RunEventBody): RunEvent {
    const event = this.#redactor.value({ ...body, v: JOURNAL_FORMAT, runId: this.runId, seq: ++this.#seq, at: new Date().toISOString() } as RunEvent);
    this.#journal.append(event);
    this.#events.push(event);
    this.#deliver(event);
    return event;
  }

  #deliver(event: ExecutorEvent): void {
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch {
        // A listener's bug must not break the run.
      }
    }
  }

  #signal(): void {
    const wake = this.#wake;
    this.#wake = null;
    if (wake) wake();
    else this.#signalled = true;
  }

  #waitForSignal(): Promise<void> {
    if (this.#signalled) {
      this.#signalled = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      this.#wake = resolve;
    });
  }

  #beginOrResume(): void {
    const previous = summarizeRun(this.#events).status;
    if (!this.#everStarted) {
      this.#everStarted = true;
      this.#emit({ type: 'run-started', pid: process.pid, transport: this.#transport.kind });
    } else {
      const interrupted = this.#order.filter((s) => this.#steps.get(s.id)?.status === 'running').map((s) => s.id);
      const previousStatus: RunStatus = previous === 'running' || previous === 'waiting' ? 'interrupted' : previous;
      this.#emit({ type: 'run-resumed', pid: process.pid, transport: this.#transport.kind, previousStatus, interruptedStepIds: interrupted });
      for (const id of interrupted) {
        const rt = this.#runtime(id);
        this.#emit({ type: 'step-interrupted', stepId: id, attempt: rt.attempt });
        rt.status = 'pending';
        rt.interrupted = true;
      }
      for (const rt of this.#steps.values()) {
        if (rt.status === 'waiting') rt.status = 'pending';
        if (rt.status === 'failed') {
          this.#emit({ type: 'step-retried', stepId: rt.step.id, attempt: rt.attempt + 1, by: 'resume', reason: 'the run was resumed' });
          rt.status = 'pending';
        }
      }
    }
    this.#progress();
  }

  #depsFinished(step: RunbookStep): boolean {
    return step.dependsOn.every((d) => FINISHED_STATUSES.has(this.#runtime(d).status));
  }

  #anyFailed(): boolean {
    for (const rt of this.#steps.values()) if (rt.status === 'failed') return true;
    return false;
  }

  /** Starts every ready step that fits (runbook order, free lanes, parallelism bound). */
  #schedule(): void {
    const now = Date.now();
    for (const step of this.#order) {
      if (this.#running.size >= this.#settings.maxParallelHosts) return;
      const rt = this.#runtime(step.id);
      if (rt.status !== 'pending' || rt.notBefore > now || !this.#depsFinished(step)) continue;
      const lanes = lanesOf(step);
      if (lanes.some((l) => this.#busyLanes.has(l))) continue;
      for (const l of lanes) this.#busyLanes.add(l);
      this.#running.add(step.id);
      rt.status = 'running';
      void this.#runStep(rt).finally(() => {
        for (const l of lanes) this.#busyLanes.delete(l);
        this.#running.delete(step.id);
        this.#progress();
        this.#signal();
      });
    }
  }

  async #runLoop(): Promise<RunSummary> {
    for (;;) {
      if (!this.#abortRequested && !this.#anyFailed()) this.#schedule();
      if (this.#running.size === 0) {
        if (this.#abortRequested) {
          this.#emit({ type: 'run-aborted', counts: countSteps(this.#steps.values()) });
          break;
        }
        const all = [...this.#steps.values()];
        if (all.every((rt) => FINISHED_STATUSES.has(rt.status))) {
          this.#emit({ type: 'run-finished', status: 'succeeded', counts: countSteps(all), failedStepIds: [] });
          break;
        }
        const failed = all.filter((rt) => rt.status === 'failed');
        const waiting = all.some((rt) => rt.status === 'waiting') || this.#retryTimers.size > 0;
        const readyLater = all.some((rt) => rt.status === 'pending' && this.#depsFinished(rt.step));
        if (failed.length > 0 || (!waiting && !readyLater)) {
          this.#emit({ type: 'run-finished', status: 'failed', counts: countSteps(all), failedStepIds: failed.map((rt) => rt.step.id) });
          break;
        }
      }
      await this.#waitForSignal();
    }
    this.#progress();
    return this.summary();
  }

  async #runStep(rt: StepRuntime): Promise<void> {
    const step = rt.step;
    const recheck = rt.interrupted;
    rt.interrupted = false;
    rt.attempt += 1;
    const server = serverOf(step);
    const host = server === '' ? '' : this.plan.hosts[server];
    const started = Date.now();
    this.#emit({ type: 'step-started', stepId: step.id, title: step.title, server, host, attempt: rt.attempt, recheck });
    this.#progress();

    if (isOperatorStep(step)) {
      this.#runOperatorStep(rt, started);
      return;
    }

    let end: StepEnd;
    try {
      end = await this.#execute(rt, host, started);
    } catch (error) {
      end = { ok: false, error: `internal error while running the step: ${this.#redactor.errorMessage(error)}`, failingCommand: '' };
    }
    if (end.ok) return;
    const durationMs = Date.now() - started;
    const willRetry = !this.#abortRequested && rt.autoRetriesUsed < this.#settings.retries;
    this.#emit({ type: 'step-failed', stepId: step.id, attempt: rt.attempt, error: end.error, failingCommand: end.failingCommand, durationMs, willRetry });
    if (!willRetry) {
      rt.status = 'failed';
      return;
    }
    rt.autoRetriesUsed += 1;
    this.#emit({ type: 'step-retried', stepId: step.id, attempt: rt.attempt + 1, by: 'automatic', reason: `automatic retry ${rt.autoRetriesUsed} of ${this.#settings.retries}` });
    rt.status = 'pending';
    rt.notBefore = Date.now() + this.#settings.retryDelayMs;
    if (this.#settings.retryDelayMs > 0) {
      const timer = setTimeout(() => {
        this.#retryTimers.delete(timer);
        this.#signal();
      }, this.#settings.retryDelayMs);
      this.#retryTimers.add(timer);
    }
  }

  #runOperatorStep(rt: StepRuntime, started: number): void {
    const step = rt.step;
    const checklist = step.action.kind === 'operator' ? step.action.checklist : [];
    for (const item of checklist) this.#output(step.id, { stream: 'output', line: item });
    if (this.#settings.dryRun) {
      rt.status = 'would-run';
      this.#afterWouldRun.add(step.id);
      this.#emit({ type: 'step-finished', stepId: step.id, outcome: 'would-run', durationMs: Date.now() - started, whatIf: false });
      return;
    }
    const auto = this.#settings.autoConfirm;
    if (auto) {
      rt.status = 'confirmed';
      this.#operatorDone(step);
      this.#emit({ type: 'step-finished', stepId: step.id, outcome: 'confirmed', durationMs: Date.now() - started, by: auto.by, reason: auto.reason, auto: true });
      return;
    }
    rt.status = 'waiting';
    this.#emit({ type: 'step-waiting', stepId: step.id, checklist });
  }

  /** Tells the transport an operator step is done (a rehearsal applies what the person did). */
  #operatorDone(step: RunbookStep): void {
    try {
      this.#transport.operatorConfirmed?.(step);
    } catch {
      // A rehearsal's bookkeeping must not break the run; the checks after the step tell the truth.
    }
  }

  #output(stepId: string, line: OutputLine): void {
    // Lines a transport sends after the step ended (e.g. after a timeout) would tell a confusing story: dropped.
    if (this.#steps.get(stepId)?.status !== 'running') return;
    const text = line.line.length > MAX_OUTPUT_LINE ? `${line.line.slice(0, MAX_OUTPUT_LINE)} … (${line.line.length - MAX_OUTPUT_LINE} more characters cut)` : line.line;
    this.#emit({ type: 'step-output', stepId, stream: line.stream, line: text });
  }

  /** One transport call bounded by a timeout; exceptions and timeouts become failures. */
  async #bounded<T extends { readonly ok: boolean }>(
    what: string,
    host: string,
    timeoutMs: number,
    call: (signal: AbortSignal) => Promise<T>,
  ): Promise<T | TransportFailure> {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<TransportFailure>((resolve) => {
      timer = setTimeout(() => {
        controller.abort();
        resolve({
          ok: false,
          kind: 'timeout',
          error: `${what} did not finish within ${formatDuration(timeoutMs)} (the step timeout); it may still be running on ${host}.`,
          failingCommand: '',
        });
      }, timeoutMs);
    });
    try {
      return await Promise.race([call(controller.signal), timeout]);
    } catch (error) {
      return { ok: false, kind: 'command-failed', error: `${what} failed: ${this.#redactor.errorMessage(error)}`, failingCommand: '' };
    } finally {
      clearTimeout(timer);
    }
  }

  async #execute(rt: StepRuntime, host: string, started: number): Promise<StepEnd> {
    const step = rt.step;
    const dry = this.#settings.dryRun;
    const invocation = (signal: AbortSignal) => ({
      step,
      host,
      attempt: rt.attempt,
      credential: this.#credential,
      signal,
      onOutput: (line: OutputLine) => this.#output(step.id, line),
    });
    const stepTimeout = this.#settings.stepTimeoutMs;
    const finish = (outcome: 'succeeded' | 'passed' | 'would-run', whatIf?: boolean): StepEnd => {
      rt.status = outcome;
      rt.durationMs = Date.now() - started;
      if (outcome === 'would-run') this.#afterWouldRun.add(step.id);
      this.#emit({ type: 'step-finished', stepId: step.id, outcome, durationMs: rt.durationMs, ...(whatIf === undefined ? {} : { whatIf }) });
      return { ok: true };
    };

    // In a dry run, steps after one that would run cannot really be checked (an EMS endpoint that setup would
    // create, a cluster that an earlier step would form): their failures are expected, not errors.
    const dependsOnWouldRun = dry && step.dependsOn.some((d) => this.#afterWouldRun.has(d));
    // Transitively: a step whose check passes now (nothing pending yet) still comes after one that would run.
    if (dependsOnWouldRun) this.#afterWouldRun.add(step.id);
    const expectedInDryRun = (error: string): StepEnd => {
      this.#output(step.id, { stream: 'output', line: `Dry run: cannot be checked before the steps it depends on have run (${error})` });
      return finish('would-run', false);
    };

    // 1. The check: already done?
    const before = await this.#bounded('the check', host, stepTimeout, (signal) => this.#transport.check(invocation(signal)));
    if (!before.ok) return dependsOnWouldRun ? expectedInDryRun(before.error) : { ok: false, error: before.error, failingCommand: before.failingCommand };
    if (before.done) {
      if (isCheckOnly(step)) return finish('passed');
      rt.status = 'already-done';
      rt.durationMs = Date.now() - started;
      this.#emit({ type: 'step-skipped', stepId: step.id, reason: 'already-done', durationMs: rt.durationMs });
      return { ok: true };
    }

    // 2. Dry run: nothing changes.
    if (dry) {
      if (isCheckOnly(step)) {
        if (!dependsOnWouldRun) return { ok: false, error: 'the check fails (dry run: the script that explains it was not run).', failingCommand: '' };
        this.#output(step.id, { stream: 'output', line: 'Dry run: the check fails now because steps before it have not run.' });
        return finish('would-run', false);
      }
      if (!step.supportsWhatIf) {
        this.#output(step.id, { stream: 'output', line: 'Dry run: the step would run (its commands do not support -WhatIf, so nothing was executed).' });
        return finish('would-run', false);
      }
      const whatIf = await this.#bounded('the script (-WhatIf)', host, stepTimeout, (signal) => this.#transport.run({ ...invocation(signal), whatIf: true }));
      if (!whatIf.ok) return dependsOnWouldRun ? expectedInDryRun(whatIf.error) : { ok: false, error: whatIf.error, failingCommand: whatIf.failingCommand };
      return finish('would-run', true);
    }

    // 3. The script.
    const ran = await this.#bounded('the script', host, stepTimeout, (signal) => this.#transport.run({ ...invocation(signal), whatIf: false }));
    if (!ran.ok) return { ok: false, error: ran.error, failingCommand: ran.failingCommand };

    // 4. A restarting step: wait until the host answers remoting again.
    if (step.restarts) {
      const timeoutMs = this.#settings.restartTimeoutMs;
      const waited = await this.#bounded('waiting for the restart', host, timeoutMs + 1000, (signal) =>
        this.#transport.waitForHost({ host, credential: this.#credential, timeoutMs, signal }),
      );
      if (!waited.ok) {
        return {
          ok: false,
          error: `${serverOf(step)} (${host}) did not answer PowerShell remoting within ${formatDuration(timeoutMs)} after the restart (the restart timeout): ${waited.error}`,
          failingCommand: '',
        };
      }
    }

    // 5. Verify.
    const after = await this.#bounded('the check after the script', host, stepTimeout, (signal) => this.#transport.check(invocation(signal)));
    if (!after.ok) return { ok: false, error: after.error, failingCommand: after.failingCommand };
    if (!after.done) return { ok: false, error: 'the script ran but the check still fails.', failingCommand: '' };
    return finish(isCheckOnly(step) ? 'passed' : 'succeeded');
  }

  #progress(): void {
    const all = [...this.#steps.values()];
    const counts = countSteps(all);
    let remaining = 0;
    let expectedDone = 0;
    let actualDone = 0;
    let samples = 0;
    for (const rt of all) {
      if (FINISHED_STATUSES.has(rt.status)) {
        if (rt.durationMs !== null && (rt.status === 'succeeded' || rt.status === 'passed' || rt.status === 'would-run')) {
          expectedDone += rt.step.expectedSeconds;
          actualDone += rt.durationMs / 1000;
          samples++;
        }
      } else {
        remaining += rt.step.expectedSeconds;
      }
    }
    const factor = samples >= ETA_MIN_SAMPLES && expectedDone > 0 ? actualDone / expectedDone : 1;
    const done = all.filter((rt) => FINISHED_STATUSES.has(rt.status) || rt.status === 'failed').length;
    const event: ProgressEvent = {
      type: 'progress',
      runId: this.runId,
      done,
      total: all.length,
      counts,
      runningStepIds: [...this.#running],
      remainingExpectedSeconds: remaining,
      etaSeconds: samples === 0 && done < all.length ? null : Math.round(remaining * factor * 10) / 10,
      elapsedMs: this.#startedAtMs === 0 ? 0 : Date.now() - this.#startedAtMs,
    };
    this.#deliver(event);
  }
}
