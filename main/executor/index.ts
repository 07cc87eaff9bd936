// The executor's public surface: plan or open a run, control it, read runs back.
//
//   const run = planRun({ runbook, hosts: { EX3: 'ex3.contoso.local' }, credential, transport, options: { runsDir } });
//   const off = run.subscribe((e) => ...);          // RunEvent (journaled) | ProgressEvent (derived)
//   const summary = await run.start();              // succeeded | failed | aborted (waits on operator steps)
//   run.abort() / run.retry(id) / run.skip(id, { confirmed: true, reason }) / run.confirm(id, { confirmed: true, by, reason })
//   await run.close();
//   // later, or in another process: openRun({ runsDir, runId, runbook, credential, transport }).start()
//   listRuns(runsDir) / readRunSummary(runsDir, runId) / summarizeRun(readJournal(path).events)
//
// A real-host transport implements Transport (transport.ts) and gets each step with its mapped host, the
// Credential, an AbortSignal and an onOutput callback; the executor does ordering, timeouts, retries, restarts,
// journaling and redaction. Events are plain JSON, redacted, and safe to forward over IPC as they are.
export { ExecutorError, RunExecutor, formatDuration, openRun, planRun } from './executor';
export type { ExecutorErrorCode, ExecutorOptions, OpenRunInput, OperatorConfirmation, PlanRunInput, ResumeOverrides, SkipConfirmation } from './executor';
export { JOURNAL_FORMAT, isEvent } from './events';
export type {
  ExecutorEvent,
  ExecutorListener,
  ProgressEvent,
  RunEvent,
  RunEventBody,
  RunEventType,
  RunSettings,
  RunStatus,
  SkipReason,
  StepCounts,
  StepOutcome,
} from './events';
export { FINISHED_STATUSES, JournalWriter, listRuns, readJournal, readRunSummary, runDirectory, summarizeRun } from './journal';
export type { JournalRead, RunSummary, StepRecord, StepStatus } from './journal';
export { DEFAULT_SETTINGS, JOURNAL_FILE, LOCK_FILE, PLAN_FILE, checkRunId, frozenPlanMismatch, isCheckOnly, isOperatorStep, lanesOf, newRunId, readPlan, serverOf, shortHash } from './plan';
export type { RunPlan } from './plan';
export { REDACTED, Redactor } from './redact';
export { DESIGN_FILE, belongsTo, bindPath, designLabel, foreignRunMessage, normalizeDesignPath, readRunDesign, runDesignFor, runDesignText, writeRunDesign } from './design';
export type { OpenDesign, RunDesign } from './design';
export { CREATION_POINTS, STAGING_PREFIX, removeStaleStaging } from './runFolder';
export type { CreationPoint } from './runFolder';
export { Credential } from './transport';
export type {
  CheckResult,
  OutputLine,
  OutputStream,
  ScriptResult,
  StepInvocation,
  Transport,
  TransportFailure,
  TransportFailureKind,
  WaitForHostRequest,
  WaitResult,
} from './transport';
