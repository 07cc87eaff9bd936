// One step's live state during a run, how its run ends, and what running it needs from the run (the executor
// gives it: settings, the transport, the journal's emit). Shared by the step's run, operator steps, the scheduler,
// resume and progress.
import type { RunbookStep } from '../../shared/runbook/types';
import type { RunEventBody, RunSettings } from './events';
import type { StepStatus } from './journal';
import type { Redactor } from './redact';
import type { Credential, OutputLine, Transport } from './transport';

export interface StepRuntime {
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

export type StepEnd = { readonly ok: true } | { readonly ok: false; readonly error: string; readonly failingCommand: string };

/** What running one step needs from its run. */
export interface StepRunContext {
  readonly settings: RunSettings;
  /** Design server name → real host. */
  readonly hosts: Readonly<Record<string, string>>;
  readonly credential: Credential;
  readonly transport: Transport;
  readonly redactor: Redactor;
  /** Steps after a would-run step (dry run): their checks are expected to fail. */
  readonly afterWouldRun: Set<string>;
  /** Whether an abort was requested (no automatic retry then). */
  abortRequested(): boolean;
  /** Journals an event (redacted) and delivers it to the listeners. */
  emit(body: RunEventBody): void;
  /** A line of the step's output (dropped once the step has ended). */
  output(stepId: string, line: OutputLine): void;
  /** Delivers a progress event. */
  progress(): void;
  /** Wakes the run's loop after a delay (an automatic retry's). */
  wakeAfter(delayMs: number): void;
}
