// Run events: what the executor journals (one JSON line each in <runsDir>/<runId>/journal.jsonl) and emits to its
// listeners (the run view, the browser host, the CLI). Journal and stream carry the same events; the stream adds
// `progress`, which is derived and never journaled. Every event is plain JSON, already redacted.
import type { OutputStream } from './transport';

/** Version of the journal line format. */
export const JOURNAL_FORMAT = 1;

/** The settings a run was planned with (frozen in plan.json; some may be changed on resume, see ResumeOptions). */
export interface RunSettings {
  /** Checks only, plus -WhatIf scripts of steps that support it: nothing changes on the hosts. */
  readonly dryRun: boolean;
  /** Most steps running at the same time (host steps of different hosts; org-wide steps one at a time). */
  readonly maxParallelHosts: number;
  /** Longest a single check or script may take. */
  readonly stepTimeoutMs: number;
  /** Longest a host may take to answer remoting again after a restarting step. */
  readonly restartTimeoutMs: number;
  /** Automatic retries of a failed step before the run stops (0 = stop at the first failure). */
  readonly retries: number;
  /** Pause before an automatic retry. */
  readonly retryDelayMs: number;
  /** When set, operator checklist steps are confirmed automatically, journaled with this name and reason. */
  readonly autoConfirm: { readonly by: string; readonly reason: string } | null;
}

/** How a step ended. */
export type StepOutcome =
  /** The check was false, the script ran, the check is now true. */
  | 'succeeded'
  /** A check-only step (preflight, wait, verification) whose check passed. */
  | 'passed'
  /** An operator checklist step confirmed by a person (or auto-confirmed, which is journaled as such). */
  | 'confirmed'
  /** Dry run: the step would run (its script ran in -WhatIf mode when it supports it). */
  | 'would-run';

export type SkipReason = 'already-done' | 'confirmed';

export type RunStatus =
  /** Planned, never started. */
  | 'planned'
  /** A process is executing it (or was, and died: see `interrupted` in listRuns). */
  | 'running'
  /** The journal ends mid-run and no process holds the run: it was killed; resume it. */
  | 'interrupted'
  /** Waiting for an operator confirmation with nothing else to do. */
  | 'waiting'
  | 'succeeded'
  | 'failed'
  | 'aborted';

export interface StepCounts {
  readonly total: number;
  /** Ran and verified. */
  readonly succeeded: number;
  /** Check-only steps whose check passed. */
  readonly passed: number;
  /** Skipped because the check said the work was already done. */
  readonly alreadyDone: number;
  /** Operator steps confirmed done. */
  readonly confirmed: number;
  /** Skipped by an operator's explicit confirmation. */
  readonly skipped: number;
  /** Dry run: would run. */
  readonly wouldRun: number;
  readonly failed: number;
  readonly running: number;
  readonly waiting: number;
  readonly pending: number;
}

/** Events in the order they can happen. `stepId` always names a step of the frozen runbook. */
export type RunEventBody =
  | {
      readonly type: 'run-planned';
      readonly runbookHash: string;
      readonly title: string;
      readonly organization: string;
      readonly stepCount: number;
      /** The steps of the frozen runbook, in runbook order. */
      readonly stepIds: readonly string[];
      /** Design server name → real host (FQDN or IP). */
      readonly hosts: Readonly<Record<string, string>>;
      readonly settings: RunSettings;
    }
  | { readonly type: 'run-started'; readonly pid: number; readonly transport: string }
  | {
      readonly type: 'run-resumed';
      readonly pid: number;
      readonly transport: string;
      /** What the journal said before: interrupted (killed), failed, aborted, or running (same process continues). */
      readonly previousStatus: RunStatus;
      /** Steps that had started and never finished: each is re-checked before anything runs again. */
      readonly interruptedStepIds: readonly string[];
    }
  /** Journaled on resume for a step that started and never finished; its check decides whether it runs again. */
  | { readonly type: 'step-interrupted'; readonly stepId: string; readonly attempt: number }
  | {
      readonly type: 'step-started';
      readonly stepId: string;
      readonly title: string;
      /** Design server name ('' for operator steps). */
      readonly server: string;
      /** Real host it runs on ('' for operator steps). */
      readonly host: string;
      readonly attempt: number;
      /** True when this start re-checks a step interrupted by a crash. */
      readonly recheck: boolean;
    }
  | { readonly type: 'step-output'; readonly stepId: string; readonly stream: OutputStream; readonly line: string }
  | {
      readonly type: 'step-finished';
      readonly stepId: string;
      readonly outcome: StepOutcome;
      readonly durationMs: number;
      /** would-run: whether the script ran in -WhatIf mode. */
      readonly whatIf?: boolean;
      /** confirmed: who confirmed, why, and whether it was the auto-confirm option. */
      readonly by?: string;
      readonly reason?: string;
      readonly auto?: boolean;
    }
  | {
      readonly type: 'step-skipped';
      readonly stepId: string;
      readonly reason: SkipReason;
      readonly durationMs: number;
      /** confirmed skips: who skipped it and why. */
      readonly by?: string;
      readonly why?: string;
    }
  /** An operator step is waiting for a confirmation (RunExecutor.confirm). */
  | { readonly type: 'step-waiting'; readonly stepId: string; readonly checklist: readonly string[] }
  | {
      readonly type: 'step-failed';
      readonly stepId: string;
      readonly attempt: number;
      readonly error: string;
      /** The command that failed ('' when the failure was not a command, e.g. the check still false). */
      readonly failingCommand: string;
      readonly durationMs: number;
      /** True when an automatic retry follows. */
      readonly willRetry: boolean;
    }
  | {
      readonly type: 'step-retried';
      readonly stepId: string;
      /** The attempt number the retry will have. */
      readonly attempt: number;
      readonly by: string;
      readonly reason: string;
    }
  | { readonly type: 'run-abort-requested'; readonly by: string }
  | { readonly type: 'run-aborted'; readonly counts: StepCounts }
  | {
      readonly type: 'run-finished';
      readonly status: 'succeeded' | 'failed';
      readonly counts: StepCounts;
      readonly failedStepIds: readonly string[];
    };

export type RunEventType = RunEventBody['type'];

/** A journal line / emitted event: the body plus its place in the run. */
export type RunEvent = RunEventBody & {
  readonly v: typeof JOURNAL_FORMAT;
  readonly runId: string;
  /** 1, 2, 3… across the whole run, resumes included. */
  readonly seq: number;
  /** ISO timestamp. */
  readonly at: string;
};

/** Derived, never journaled: emitted after every step state change. */
export interface ProgressEvent {
  readonly type: 'progress';
  readonly runId: string;
  /** Steps in a terminal state (finished, skipped, failed). */
  readonly done: number;
  readonly total: number;
  readonly counts: StepCounts;
  readonly runningStepIds: readonly string[];
  /** Sum of expectedSeconds of the steps not done yet. */
  readonly remainingExpectedSeconds: number;
  /**
   * Estimated seconds to the end: remainingExpectedSeconds scaled by how fast this run has been versus the
   * runbook's expectations so far (once a few steps have run). null before anything ran.
   */
  readonly etaSeconds: number | null;
  readonly elapsedMs: number;
}

export type ExecutorEvent = RunEvent | ProgressEvent;
export type ExecutorListener = (event: ExecutorEvent) => void;

/** A narrowing helper: `isEvent(e, 'step-failed')`. */
export function isEvent<K extends RunEventType>(event: ExecutorEvent, type: K): event is Extract<RunEvent, { type: K }> {
  return event.type === type;
}
