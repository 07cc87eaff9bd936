// Scheduling: which step starts when, and when the run is over. A step is ready when every dependency finished
// (succeeded, passed, already done, confirmed, skipped with confirmation, or would-run in a dry run). Host steps
// of different hosts run in parallel up to maxParallelHosts, one step per host; EMS, DNS and operator steps one at
// a time (lanesOf). Ready steps start in runbook order, so the same timings give the same schedule.
import type { RunbookStep } from '../../shared/runbook/types';
import type { RunEventBody } from './events';
import { FINISHED_STATUSES, countSteps } from './journal';
import { lanesOf } from './plan';
import type { StepRuntime } from './stepRuntime';

/** How a run ends once nothing runs: `run-finished`'s body, or null (something may still start or is waited for). */
export type RunEnd = Extract<RunEventBody, { type: 'run-finished' }> | null;

export class Scheduler {
  readonly #order: readonly RunbookStep[];
  readonly #steps: ReadonlyMap<string, StepRuntime>;
  readonly #maxParallel: number;
  readonly #runtime: (stepId: string) => StepRuntime;
  readonly #busyLanes = new Set<string>();
  readonly #running = new Set<string>();

  /** `runtime` looks a step up (and refuses an unknown one). */
  constructor(order: readonly RunbookStep[], steps: ReadonlyMap<string, StepRuntime>, maxParallel: number, runtime: (stepId: string) => StepRuntime) {
    this.#order = order;
    this.#steps = steps;
    this.#maxParallel = maxParallel;
    this.#runtime = runtime;
  }

  /** The steps running now (start order). */
  get running(): ReadonlySet<string> {
    return this.#running;
  }

  depsFinished(step: RunbookStep): boolean {
    return step.dependsOn.every((d) => FINISHED_STATUSES.has(this.#runtime(d).status));
  }

  anyFailed(): boolean {
    for (const rt of this.#steps.values()) if (rt.status === 'failed') return true;
    return false;
  }

  /**
   * Starts every ready step that fits (runbook order, free lanes, parallelism bound): marks it running and calls
   * `run`; when that settles, frees its lanes and calls `settled`.
   */
  startReady(run: (rt: StepRuntime) => Promise<void>, settled: () => void): void {
    const now = Date.now();
    for (const step of this.#order) {
      if (this.#running.size >= this.#maxParallel) return;
      const rt = this.#runtime(step.id);
      if (rt.status !== 'pending' || rt.notBefore > now || !this.depsFinished(step)) continue;
      const lanes = lanesOf(step);
      if (lanes.some((l) => this.#busyLanes.has(l))) continue;
      for (const l of lanes) this.#busyLanes.add(l);
      this.#running.add(step.id);
      rt.status = 'running';
      void run(rt).finally(() => {
        for (const l of lanes) this.#busyLanes.delete(l);
        this.#running.delete(step.id);
        settled();
      });
    }
  }

  /**
   * With nothing running: succeeded when every step finished; failed when a step failed, or when nothing waits
   * (an operator step, a retry's delay: `retryPending`) and nothing can become ready; else null.
   */
  runEnd(retryPending: boolean): RunEnd {
    const all = [...this.#steps.values()];
    if (all.every((rt) => FINISHED_STATUSES.has(rt.status))) return { type: 'run-finished', status: 'succeeded', counts: countSteps(all), failedStepIds: [] };
    const failed = all.filter((rt) => rt.status === 'failed');
    const waiting = all.some((rt) => rt.status === 'waiting') || retryPending;
    const readyLater = all.some((rt) => rt.status === 'pending' && this.depsFinished(rt.step));
    if (failed.length > 0 || (!waiting && !readyLater)) return { type: 'run-finished', status: 'failed', counts: countSteps(all), failedStepIds: failed.map((rt) => rt.step.id) };
    return null;
  }
}
