// Resume and the journal: a run's steps restored from what its journal says (after a crash, kill, failure or
// abort), and what a start journals: `run-started` the first time; later `run-resumed`, the steps a crash
// interrupted (re-checked when they run again), the failed steps retried "by resume".
import type { RunbookStep } from '../../shared/runbook/types';
import type { RunEvent, RunEventBody, RunStatus } from './events';
import { summarizeRun } from './journal';
import type { RunSummary } from './journal';
import type { StepRuntime } from './stepRuntime';

/** Every step's live state as the journal left it (a new run: every step pending). */
export function restoreSteps(order: readonly RunbookStep[], summary: RunSummary): Map<string, StepRuntime> {
  const records = new Map(summary.steps.map((s) => [s.stepId, s]));
  const steps = new Map<string, StepRuntime>();
  for (const step of order) {
    const r = records.get(step.id);
    steps.set(step.id, {
      step,
      status: r?.status ?? 'pending',
      attempt: r?.attempt ?? 0,
      interrupted: r?.interrupted ?? false,
      notBefore: 0,
      durationMs: r?.durationMs ?? null,
      autoRetriesUsed: 0,
    });
  }
  return steps;
}

/** The steps at or after a would-run step of a dry run (their checks are expected to fail). */
export function afterWouldRunOf(order: readonly RunbookStep[], steps: ReadonlyMap<string, StepRuntime>): Set<string> {
  const after = new Set<string>();
  for (const step of order) {
    if (steps.get(step.id)?.status === 'would-run' || step.dependsOn.some((d) => after.has(d))) after.add(step.id);
  }
  return after;
}

/**
 * Journals a start: `run-started` when the run never started; else `run-resumed` with the steps that were running
 * (now interrupted, pending again), waiting operator steps pending again, failed steps retried by resume.
 */
export function journalStart(
  events: readonly RunEvent[],
  order: readonly RunbookStep[],
  steps: ReadonlyMap<string, StepRuntime>,
  transport: string,
  emit: (body: RunEventBody) => void,
): void {
  const previous = summarizeRun(events).status;
  if (!events.some((e) => e.type === 'run-started')) {
    emit({ type: 'run-started', pid: process.pid, transport });
    return;
  }
  const interrupted = order.flatMap((s) => {
    const rt = steps.get(s.id);
    return rt?.status === 'running' ? [rt] : [];
  });
  const previousStatus: RunStatus = previous === 'running' || previous === 'waiting' ? 'interrupted' : previous;
  emit({ type: 'run-resumed', pid: process.pid, transport, previousStatus, interruptedStepIds: interrupted.map((rt) => rt.step.id) });
  for (const rt of interrupted) {
    emit({ type: 'step-interrupted', stepId: rt.step.id, attempt: rt.attempt });
    rt.status = 'pending';
    rt.interrupted = true;
  }
  for (const rt of steps.values()) {
    if (rt.status === 'waiting') rt.status = 'pending';
    if (rt.status === 'failed') {
      emit({ type: 'step-retried', stepId: rt.step.id, attempt: rt.attempt + 1, by: 'resume', reason: 'the run was resumed' });
      rt.status = 'pending';
    }
  }
}
