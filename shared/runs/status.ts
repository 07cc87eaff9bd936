// The one vocabulary of a run's state, for the run view (renderer/run) and the run report (main/services/runReport):
// the icon and words of each step and run status, which statuses count as done or green, the counts by status, and
// durations as admins read them. Pure: plain data in, strings and numbers out.
import type { RunDetailWire, RunStepWire } from '../ipc/contract';

export type StepStatus = RunStepWire['status'];
export type RunStatus = RunDetailWire['status'];
export type StepCounts = RunDetailWire['counts'];

/** Statuses after which a step never runs again in this run. */
export const FINISHED_STEP_STATUSES: ReadonlySet<StepStatus> = new Set<StepStatus>(['succeeded', 'passed', 'already-done', 'confirmed', 'skipped', 'would-run']);
/** Green: the step's work is done (or, in a dry run, would be done). */
const GREEN_STEP_STATUSES: ReadonlySet<StepStatus> = new Set<StepStatus>(['succeeded', 'passed', 'already-done', 'confirmed', 'would-run']);

export function isFinished(status: StepStatus): boolean {
  return FINISHED_STEP_STATUSES.has(status);
}

export function isGreen(status: StepStatus): boolean {
  return GREEN_STEP_STATUSES.has(status);
}

/** Steps that ended (finished, skipped or failed): what progress counts as done. */
export function doneCount(steps: Iterable<{ readonly status: StepStatus }>): number {
  let n = 0;
  for (const s of steps) if (isFinished(s.status) || s.status === 'failed') n++;
  return n;
}

export const STEP_ICONS: Readonly<Record<StepStatus, string>> = {
  pending: '○',
  running: '◐',
  waiting: '⏸',
  succeeded: '✔',
  passed: '✔',
  'already-done': '✔',
  confirmed: '✔',
  skipped: '↷',
  'would-run': '◇',
  failed: '✘',
};

/** A step's status in words, as the run view shows it while the run goes on. */
export const STEP_LABELS: Readonly<Record<StepStatus, string>> = {
  pending: 'pending',
  running: 'running',
  waiting: 'waiting for confirmation',
  succeeded: 'ran and verified',
  passed: 'check passed',
  'already-done': 'already done',
  confirmed: 'confirmed',
  skipped: 'skipped',
  'would-run': 'would run',
  failed: 'failed',
};

/** A run's status in words, as the run view shows it. */
export const RUN_LABELS: Readonly<Record<RunStatus, string>> = {
  planned: 'planned',
  running: 'running',
  interrupted: 'interrupted',
  waiting: 'waiting for you',
  succeeded: 'succeeded',
  failed: 'failed',
  aborted: 'aborted',
};

const COUNT_KEYS: Readonly<Record<StepStatus, Exclude<keyof StepCounts, 'total'>>> = {
  succeeded: 'succeeded',
  passed: 'passed',
  'already-done': 'alreadyDone',
  confirmed: 'confirmed',
  skipped: 'skipped',
  'would-run': 'wouldRun',
  failed: 'failed',
  running: 'running',
  waiting: 'waiting',
  pending: 'pending',
};

/** How many steps are in each status (and in all). */
export function countSteps(steps: Iterable<{ readonly status: StepStatus }>): StepCounts {
  const c = { total: 0, succeeded: 0, passed: 0, alreadyDone: 0, confirmed: 0, skipped: 0, wouldRun: 0, failed: 0, running: 0, waiting: 0, pending: 0 };
  for (const s of steps) {
    c.total++;
    c[COUNT_KEYS[s.status]]++;
  }
  return c;
}

/** "850 ms", "12.4 s", "3.5 min", "2.1 h". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 120_000) return `${Math.round(ms / 100) / 10} s`;
  if (ms < 7_200_000) return `${Math.round(ms / 6000) / 10} min`;
  return `${Math.round(ms / 360_000) / 10} h`;
}

/** Steps that ended, from a run's counts: the same figure as doneCount over its steps (the one "n/total steps"). */
export function endedFromCounts(c: StepCounts): number {
  return c.total - c.pending - c.running - c.waiting;
}

/** "40/48 steps done · 1 failed · 2 running · 1 waiting": what the run view, its list and the canvas all say. */
export function countsLabel(c: StepCounts): string {
  const parts = [`${endedFromCounts(c)}/${c.total} steps done`];
  if (c.failed > 0) parts.push(`${c.failed} failed`);
  if (c.skipped > 0) parts.push(`${c.skipped} skipped`);
  if (c.running > 0) parts.push(`${c.running} running`);
  if (c.waiting > 0) parts.push(`${c.waiting} waiting`);
  return parts.join(' · ');
}
