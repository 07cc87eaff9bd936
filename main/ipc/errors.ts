// Errors that cross a transport, and their wire form { error: { message, problems? } }.
// Both transports (Electron IPC and the browser host) serialise errors with toWireError, so the renderer sees the
// same message whichever shell it runs in.
import { IpcValidationError } from '../../shared/ipc/contract';

/** A refusal a user can act on (missing file, path outside the documents folder, design that does not load). */
export class ServiceError extends Error {
  constructor(
    message: string,
    readonly problems: readonly string[] = [],
    /**
     * 'forbidden' for access refusals, 'not-found' for missing things, 'invalid' for unusable input, 'busy' when
     * the work was refused for now (a full export queue: try again shortly).
     */
    readonly kind: 'forbidden' | 'not-found' | 'invalid' | 'busy' = 'invalid',
  ) {
    super(message);
    this.name = 'ServiceError';
  }
}

export class UnknownChannelError extends Error {
  constructor(readonly channel: string) {
    super(`Unknown channel "${channel.slice(0, 100)}": it is not part of the ExTopo IPC contract.`);
    this.name = 'UnknownChannelError';
  }
}

export interface WireError {
  readonly message: string;
  readonly problems?: readonly string[];
}

function problemsOf(error: unknown): string[] | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const candidate = (error as { problems?: unknown; issues?: unknown }).problems ?? (error as { issues?: unknown }).issues;
  if (!Array.isArray(candidate)) return undefined;
  const strings = candidate.filter((p): p is string => typeof p === 'string');
  return strings.length > 0 ? strings : undefined;
}

/**
 * The wire form of any error: a one-line message, plus `problems` when the error lists them (validation, export).
 * Errors that already spell their problems out in the message (one per line) are cut back to the first line, so
 * the renderer can show the summary and the list without repeating it.
 */
export function toWireError(error: unknown): WireError {
  let message = error instanceof Error ? error.message : typeof error === 'string' ? error : 'Unexpected error';
  const problems = problemsOf(error);
  if (!problems) return { message };
  if (error instanceof IpcValidationError) {
    message = `Invalid request on "${error.channel}" (${problems.length} problem${problems.length === 1 ? '' : 's'})`;
  } else if (message.includes('\n') && problems.every((p) => message.includes(p))) {
    message = message.split('\n')[0].replace(/:\s*$/, '');
  }
  return { message, problems };
}
