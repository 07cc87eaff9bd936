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
//
// Where each part lives:
//   planOrOpen.ts     planRun / openRun: validate, freeze into the run's folder, open again to resume
//   runExecutor.ts    RunExecutor: the controls, the journal, the loop
//   scheduler.ts      which ready step starts when (dependencies, lanes, parallelism), when the run is over
//   stepRun.ts        one step: check → script → restart wait → verify, dry run, automatic retries
//   operatorSteps.ts  operator checklist steps and their confirmation
//   timeouts.ts       every transport call bounded by the step or restart timeout
//   resume.ts         steps restored from the journal; what a start or resume journals
//   wakeups.ts        the loop's sleep and wake-ups (steps settled, controls, retry delays)
//   progress.ts       progress and ETA
//   stepRuntime.ts    a step's live state and what running it needs from the run
//   errors.ts         ExecutorError, the executor's refusals
export { formatDuration } from '../../shared/runs/status';
export { ExecutorError } from './errors';
export type { ExecutorErrorCode } from './errors';
export { openRun, planRun } from './planOrOpen';
export type { ExecutorOptions, OpenRunInput, PlanRunInput, ResumeOverrides } from './planOrOpen';
export { MAX_OUTPUT_LINE, RunExecutor } from './runExecutor';
export type { OperatorConfirmation, SkipConfirmation } from './runExecutor';
