// A run being executed: its steps' live state, the controls (start, abort, retry, skip, confirm, close), the
// journal every event goes to (redacted) and the loop that starts ready steps (scheduler.ts) and runs them
// (stepRun.ts) until the run ends. After a failure no new step starts; running steps finish, then the run ends
// `failed` (resumable: start() again retries the failed steps, resume.ts).
import { join } from 'node:path';
import type { RunbookStep } from '../../shared/runbook/types';
import type { ExecutorEvent, ExecutorListener, RunEvent, RunEventBody, RunSettings } from './events';
import { JOURNAL_FORMAT } from './events';
import { JournalWriter, countSteps, lockHolder, releaseLock, summarizeRun, takeLock } from './journal';
import type { RunSummary, StepStatus } from './journal';
import { JOURNAL_FILE, isOperatorStep } from './plan';
import type { RunPlan } from './plan';
import { Redactor } from './redact';
import type { Credential, OutputLine, Transport } from './transport';
import { ExecutorError } from './errors';
import { operatorDone } from './operatorSteps';
import { progressOf } from './progress';
import { afterWouldRunOf, journalStart, restoreSteps } from './resume';
import { Scheduler } from './scheduler';
import { runStep } from './stepRun';
import type { StepRunContext, StepRuntime } from './stepRuntime';
import { Wakeups } from './wakeups';

/** Longest output line kept (longer lines are cut, with a note). */
export const MAX_OUTPUT_LINE = 4000;

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

export class RunExecutor {
  readonly runId: string;
  readonly plan: RunPlan;
  readonly dir: string;
  readonly #settings: RunSettings;
  readonly #transport: Transport;
  readonly #redactor = new Redactor();
  readonly #journal: JournalWriter;
  readonly #events: RunEvent[] = [];
  readonly #listeners = new Set<ExecutorListener>();
  readonly #steps: Map<string, StepRuntime>;
  readonly #order: readonly RunbookStep[];
  readonly #scheduler: Scheduler;
  /** What running a step needs from this run. */
  readonly #context: StepRunContext;
  #seq = 0;
  #loop: Promise<RunSummary> | null = null;
  /** True from start() until its loop ends (set before the loop's first synchronous step). */
  #active = false;
  #abortRequested = false;
  /** Wakes the loop: steps settled, controls, retries' delays. */
  readonly #wakeups = new Wakeups();
  #startedAtMs = 0;
  #closed = false;

  /** Use planRun() or openRun(). */
  constructor(plan: RunPlan, dir: string, events: readonly RunEvent[], credential: Credential, transport: Transport) {
    this.plan = plan;
    this.runId = plan.runId;
    this.dir = dir;
    this.#settings = plan.settings;
    this.#transport = transport;
    this.#redactor.addCredential(credential);
    this.#order = plan.runbook.steps;
    this.#journal = new JournalWriter(join(dir, JOURNAL_FILE));
    this.#events.push(...events);
    const summary = summarizeRun(events);
    this.#seq = summary.lastSeq;
    this.#steps = restoreSteps(this.#order, summary);
    this.#scheduler = new Scheduler(this.#order, this.#steps, this.#settings.maxParallelHosts, (stepId) => this.#runtime(stepId));
    this.#context = {
      settings: this.#settings,
      hosts: plan.hosts,
      credential,
      transport,
      redactor: this.#redactor,
      afterWouldRun: afterWouldRunOf(this.#order, this.#steps),
      abortRequested: () => this.#abortRequested,
      emit: (body) => {
        this.#emit(body);
      },
      output: (stepId, line) => this.#output(stepId, line),
      progress: () => this.#progress(),
      wakeAfter: (delayMs) => this.#wakeups.after(delayMs),
    };
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
    this.#wakeups.forgetSignal();
    this.#startedAtMs = Date.now();
    for (const rt of this.#steps.values()) rt.autoRetriesUsed = 0;
    this.#active = true;
    this.#beginOrResume();
    this.#loop = this.#runLoop().finally(() => {
      this.#wakeups.cancelDelayed();
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
    this.#wakeups.signal();
  }

  /** Retries a failed step (journaled). If the run has ended, call start() to continue it. */
  retry(stepId: string, by = 'operator'): void {
    const rt = this.#runtime(stepId);
    if (rt.status !== 'failed') throw new ExecutorError('invalid-control', `Step ${stepId} has not failed (it is ${rt.status}); only a failed step can be retried.`);
    this.#emit({ type: 'step-retried', stepId, attempt: rt.attempt + 1, by, reason: 'retry requested' });
    rt.status = 'pending';
    rt.notBefore = 0;
    rt.autoRetriesUsed = 0;
    this.#wakeups.signal();
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
    this.#wakeups.signal();
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
    operatorDone(this.#transport, rt.step);
    this.#emit({ type: 'step-finished', stepId, outcome: 'confirmed', durationMs: 0, by: c.by.trim(), reason: c.reason, auto: false });
    this.#progress();
    this.#wakeups.signal();
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

  #beginOrResume(): void {
    journalStart(this.#events, this.#order, this.#steps, this.#transport.kind, (body) => {
      this.#emit(body);
    });
    this.#progress();
  }

  async #runLoop(): Promise<RunSummary> {
    for (;;) {
      if (!this.#abortRequested && !this.#scheduler.anyFailed()) {
        this.#scheduler.startReady(
          (rt) => runStep(this.#context, rt),
          () => {
            this.#progress();
            this.#wakeups.signal();
          },
        );
      }
      if (this.#scheduler.running.size === 0) {
        if (this.#abortRequested) {
          this.#emit({ type: 'run-aborted', counts: countSteps(this.#steps.values()) });
          break;
        }
        const end = this.#scheduler.runEnd(this.#wakeups.delayedPending);
        if (end) {
          this.#emit(end);
          break;
        }
      }
      await this.#wakeups.wait();
    }
    this.#progress();
    return this.summary();
  }

  #output(stepId: string, line: OutputLine): void {
    // Lines a transport sends after the step ended (e.g. after a timeout) would tell a confusing story: dropped.
    if (this.#steps.get(stepId)?.status !== 'running') return;
    const text = line.line.length > MAX_OUTPUT_LINE ? `${line.line.slice(0, MAX_OUTPUT_LINE)} … (${line.line.length - MAX_OUTPUT_LINE} more characters cut)` : line.line;
    this.#emit({ type: 'step-output', stepId, stream: line.stream, line: text });
  }

  #progress(): void {
    this.#deliver(progressOf(this.runId, this.#steps.values(), this.#scheduler.running, this.#startedAtMs));
  }
}
