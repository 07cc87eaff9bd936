// The run view's state for one run, and how each 'run' event changes it: pure functions over plain data (the same
// folding main does for the journal in main/executor/journal.ts, here for what the page shows as events arrive).
import type { RunDetailWire, RunStepWire, RunStreamEvent } from '../../shared/ipc/contract';
import { countSteps, doneCount, formatDuration, isFinished } from '../../shared/runs/status';
import type { RunStatus } from '../../shared/runs/status';

/** Lines of live output kept per run (older lines scroll away; the journal and the report keep everything). */
export const MAX_LOG_LINES = 1500;

export interface LogLine {
  readonly seq: number;
  readonly stepId: string;
  readonly stream: string;
  readonly line: string;
}

export interface RunProgress {
  readonly done: number;
  readonly total: number;
  readonly etaSeconds: number | null;
  readonly elapsedMs: number;
  readonly runningStepIds: readonly string[];
}

export interface RunState {
  readonly detail: RunDetailWire;
  readonly progress: RunProgress;
  readonly log: readonly LogLine[];
  /** An abort was asked for and the running steps are finishing. */
  readonly aborting: boolean;
  /** The last journaled event applied (events at or below it are ignored: no double counting after a reload). */
  readonly lastSeq: number;
}

export function isActiveStatus(status: RunStatus): boolean {
  return status === 'running' || status === 'waiting';
}

/** The state of a run from its detail (run.plan / run.journal), before any live event. */
export function initialRunState(detail: RunDetailWire, events: readonly RunStreamEvent[] = []): RunState {
  const state: RunState = {
    detail: { ...detail, counts: countSteps(detail.steps) },
    progress: { done: doneCount(detail.steps), total: detail.steps.length, etaSeconds: null, elapsedMs: 0, runningStepIds: detail.steps.filter((s) => s.status === 'running').map((s) => s.id) },
    log: [],
    aborting: false,
    lastSeq: 0,
  };
  // The journal's events rebuild the log only: the detail already holds the step states they led to.
  const log: LogLine[] = [];
  let lastSeq = 0;
  for (const e of events) {
    if (e.type === 'progress') continue;
    lastSeq = Math.max(lastSeq, e.seq);
    if (e.type === 'step-output') log.push({ seq: e.seq, stepId: e.stepId, stream: e.stream, line: e.line });
  }
  return { ...state, log: log.slice(-MAX_LOG_LINES), lastSeq };
}

function withStep(detail: RunDetailWire, stepId: string, change: (s: RunStepWire) => RunStepWire): RunDetailWire {
  let changed = false;
  const steps = detail.steps.map((s) => {
    if (s.id !== stepId) return s;
    changed = true;
    return change(s);
  });
  return changed ? { ...detail, steps } : detail;
}

/** Applies one 'run' event of this run. Events of other runs, and journaled events already applied, change nothing. */
export function applyRunEvent(state: RunState, event: RunStreamEvent): RunState {
  if (event.runId !== state.detail.runId) return state;
  if (event.type === 'progress') {
    // Only the timing comes from the event. The counts are always the step list's (countSteps over detail.steps):
    // the bar, the list, the canvas badges and the run list say the same figures, whatever order events arrive in.
    return { ...state, progress: { ...state.progress, etaSeconds: event.etaSeconds, elapsedMs: event.elapsedMs, runningStepIds: event.runningStepIds } };
  }
  if (event.seq <= state.lastSeq) return state;
  let detail = state.detail;
  let log = state.log;
  let aborting = state.aborting;
  switch (event.type) {
    case 'run-planned':
      break;
    case 'run-started':
    case 'run-resumed':
      detail = { ...detail, status: 'running', active: true, startedAt: detail.startedAt ?? event.at, endedAt: null };
      aborting = false;
      break;
    case 'step-interrupted':
      detail = withStep(detail, event.stepId, (s) => ({ ...s, status: 'pending' }));
      break;
    case 'step-started':
      detail = withStep(detail, event.stepId, (s) => ({ ...s, status: 'running', attempt: event.attempt, host: event.host || s.host, error: null, failingCommand: null }));
      break;
    case 'step-output':
      log = [...log, { seq: event.seq, stepId: event.stepId, stream: event.stream, line: event.line }];
      if (log.length > MAX_LOG_LINES) log = log.slice(-MAX_LOG_LINES);
      break;
    case 'step-waiting':
      detail = withStep(detail, event.stepId, (s) => ({ ...s, status: 'waiting', checklist: event.checklist.length > 0 ? [...event.checklist] : s.checklist }));
      break;
    case 'step-finished':
      detail = withStep(detail, event.stepId, (s) => ({ ...s, status: event.outcome, durationMs: event.durationMs, by: event.by ?? null, reason: event.reason ?? null }));
      break;
    case 'step-skipped':
      detail = withStep(detail, event.stepId, (s) => ({
        ...s,
        status: event.reason === 'already-done' ? 'already-done' : 'skipped',
        durationMs: event.durationMs,
        by: event.by ?? null,
        reason: event.why ?? null,
      }));
      break;
    case 'step-failed':
      detail = withStep(detail, event.stepId, (s) => ({
        ...s,
        status: event.willRetry ? 'pending' : 'failed',
        attempt: event.attempt,
        durationMs: event.durationMs,
        error: event.error,
        failingCommand: event.failingCommand,
      }));
      break;
    case 'step-retried':
      detail = withStep(detail, event.stepId, (s) => (s.status === 'failed' ? { ...s, status: 'pending' } : s));
      break;
    case 'run-abort-requested':
      aborting = true;
      break;
    case 'run-aborted':
      detail = { ...detail, status: 'aborted', active: false, endedAt: event.at };
      aborting = false;
      break;
    case 'run-finished':
      detail = { ...detail, status: event.status, active: false, endedAt: event.at };
      aborting = false;
      break;
  }
  detail = { ...detail, counts: countSteps(detail.steps) };
  if (detail.active && detail.status === 'running' && detail.counts.running === 0 && detail.counts.waiting > 0) detail = { ...detail, status: 'waiting' };
  else if (detail.active && detail.status === 'waiting' && detail.counts.running > 0) detail = { ...detail, status: 'running' };
  return { ...state, detail, log, aborting, lastSeq: event.seq, progress: { ...state.progress, done: doneCount(detail.steps), total: detail.steps.length } };
}

/** What a design server is doing in a run, for the canvas: the step on it now, or how its steps ended. */
export type ServerRunState =
  | { readonly kind: 'running'; readonly step: RunStepWire; readonly index: number; readonly total: number }
  | { readonly kind: 'failed'; readonly step: RunStepWire; readonly index: number; readonly total: number }
  | { readonly kind: 'waiting' | 'pending' | 'done'; readonly done: number; readonly total: number };

export function serverRunState(state: RunState | null, server: string): ServerRunState | null {
  if (!state) return null;
  const steps = state.detail.steps.filter((s) => s.server === server);
  if (steps.length === 0) return null;
  const at = (s: RunStepWire) => steps.indexOf(s) + 1;
  const running = steps.find((s) => s.status === 'running');
  if (running) return { kind: 'running', step: running, index: at(running), total: steps.length };
  const failed = steps.find((s) => s.status === 'failed');
  if (failed) return { kind: 'failed', step: failed, index: at(failed), total: steps.length };
  const done = steps.filter((s) => isFinished(s.status)).length;
  if (done === steps.length) return { kind: 'done', done, total: steps.length };
  return { kind: done > 0 || state.detail.active ? 'waiting' : 'pending', done, total: steps.length };
}

/** "about 12 s left", "about 4 min left". */
export function etaLabel(seconds: number | null): string {
  if (seconds === null) return 'estimating…';
  if (seconds < 1) return 'almost done';
  if (seconds < 90) return `about ${Math.round(seconds)} s left`;
  if (seconds < 5400) return `about ${Math.round(seconds / 60)} min left`;
  return `about ${Math.round(seconds / 360) / 10} h left`;
}

export function durationLabel(ms: number | null): string {
  return ms === null ? '' : formatDuration(ms);
}

/** A run that ended early and can be continued. */
export function isResumable(status: RunStatus, active: boolean): boolean {
  return !active && (status === 'interrupted' || status === 'failed' || status === 'aborted' || status === 'planned' || status === 'waiting');
}
