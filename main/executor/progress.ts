// Progress: how far a run is and the ETA, derived from the steps' state (never journaled). The ETA scales the
// runbook's expected seconds of the steps left by how fast this run has been so far, once a few steps have run.
import type { ProgressEvent } from './events';
import { FINISHED_STATUSES, countSteps } from './journal';
import type { StepRuntime } from './stepRuntime';

/** Finished steps needed before the ETA is scaled by the observed speed. */
const ETA_MIN_SAMPLES = 3;

/** The progress event of a run now. `startedAtMs` 0: not started in this process. */
export function progressOf(runId: string, steps: Iterable<StepRuntime>, runningStepIds: Iterable<string>, startedAtMs: number): ProgressEvent {
  const all = [...steps];
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
  return {
    type: 'progress',
    runId,
    done,
    total: all.length,
    counts,
    runningStepIds: [...runningStepIds],
    remainingExpectedSeconds: remaining,
    etaSeconds: samples === 0 && done < all.length ? null : Math.round(remaining * factor * 10) / 10,
    elapsedMs: startedAtMs === 0 ? 0 : Date.now() - startedAtMs,
  };
}
