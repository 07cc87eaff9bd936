// The executor's refusals: a plan, a resume or a control it will not carry out. Never a step failure: those are
// events of the run.

export type ExecutorErrorCode = 'invalid-plan' | 'design-changed' | 'run-not-found' | 'run-locked' | 'invalid-control';

/** A refusal of the executor (never a step failure: those are events). The message is for the admin. */
export class ExecutorError extends Error {
  constructor(
    readonly code: ExecutorErrorCode,
    message: string,
    readonly problems: readonly string[] = [],
  ) {
    super(message);
    this.name = 'ExecutorError';
  }
}
