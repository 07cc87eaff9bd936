// The executor's patience: every call to the transport is bounded by a timeout (the step timeout for checks and
// scripts, the restart timeout for the wait on a restarted host); exceptions and timeouts become failures.
import { formatDuration } from '../../shared/runs/status';
import type { Redactor } from './redact';
import type { TransportFailure } from './transport';

/** One transport call bounded by a timeout; exceptions and timeouts become failures. */
export async function bounded<T extends { readonly ok: boolean }>(
  redactor: Redactor,
  what: string,
  host: string,
  timeoutMs: number,
  call: (signal: AbortSignal) => Promise<T>,
): Promise<T | TransportFailure> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<TransportFailure>((resolve) => {
    timer = setTimeout(() => {
      controller.abort();
      resolve({
        ok: false,
        kind: 'timeout',
        error: `${what} did not finish within ${formatDuration(timeoutMs)} (the step timeout); it may still be running on ${host}.`,
        failingCommand: '',
      });
    }, timeoutMs);
  });
  try {
    return await Promise.race([call(controller.signal), timeout]);
  } catch (error) {
    return { ok: false, kind: 'command-failed', error: `${what} failed: ${redactor.errorMessage(error)}`, failingCommand: '' };
  } finally {
    clearTimeout(timer);
  }
}
