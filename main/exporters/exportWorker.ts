// The export worker (node:worker_threads): runs exportRunbook off the host's event loop, so a 600-server PDF does
// not stall other API calls. One job at a time; main/exporters/pool.ts queues them. Messages:
//   in:  { id, input: { format, text, designPath?, now? (ISO) } }
//   out: { id, type: 'started' } · { id, type: 'done', fileName, bytes } (bytes transferred) · { id, type: 'error', error }
import { parentPort } from 'node:worker_threads';
import { exportRunbook } from './index';
import type { ExportFormat } from './index';

export interface WorkerJob {
  readonly id: number;
  readonly input: { readonly format: ExportFormat; readonly text: string; readonly designPath?: string; readonly now?: string };
}

/** An error as it crosses the thread boundary: its name, message, and the fields the services read. */
export interface WorkerError {
  readonly name: string;
  readonly message: string;
  readonly problems?: readonly string[];
  readonly kind?: string;
  readonly reason?: string;
}

export type WorkerReply =
  | { readonly id: number; readonly type: 'started' }
  | { readonly id: number; readonly type: 'done'; readonly fileName: string; readonly bytes: Uint8Array }
  | { readonly id: number; readonly type: 'error'; readonly error: WorkerError };

function serialise(error: unknown): WorkerError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const fields = error as Error & { problems?: unknown; kind?: unknown; reason?: unknown };
  return {
    name: error.name,
    message: error.message,
    ...(Array.isArray(fields.problems) ? { problems: fields.problems.filter((p): p is string => typeof p === 'string') } : {}),
    ...(typeof fields.kind === 'string' ? { kind: fields.kind } : {}),
    ...(typeof fields.reason === 'string' ? { reason: fields.reason } : {}),
  };
}

const port = parentPort;
if (port) {
  port.on('message', (job: WorkerJob) => {
    const reply = (message: WorkerReply, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);
    reply({ id: job.id, type: 'started' });
    const { now, ...input } = job.input;
    exportRunbook({ ...input, ...(now ? { now: new Date(now) } : {}) }).then(
      (result) => {
        // A copy with its own buffer (pdfmake's bytes may be a view into a shared pool), handed over without copying again.
        const bytes = new Uint8Array(result.bytes);
        reply({ id: job.id, type: 'done', fileName: result.fileName, bytes }, [bytes.buffer]);
      },
      (error: unknown) => reply({ id: job.id, type: 'error', error: serialise(error) }),
    );
  });
}
