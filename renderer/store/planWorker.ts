// The main thread's side of the planner worker (renderer/store/planner.worker.ts): a design drop, a typed value or
// an undo on a large design must not wait for the planner (hundreds of ms at 1,000 nodes on a slow machine).
//
// - Latest edit wins: each request carries the document version; at most one request is in the worker and at most
//   one waits (a newer design replaces the waiting one), and a reply for anything but the latest version is not
//   shown (its parts still update the baseline that the worker's "same" markers refer to).
// - No worker (happy-dom, a CSP that refuses it, a worker that failed to load): createPlanWorker() returns null, or
//   the client reports `broken`, and the store plans synchronously as before.
import type { Design } from '../../shared/model/types';
import type { PlanResult } from '../../shared/planner';

export type PlanPart = 'findings' | 'counts' | 'verdict' | 'sizing';

export interface PlanRequest {
  readonly version: number;
  readonly design: Design;
  /** Forget the parts of earlier replies (a new worker, or the baseline was lost). */
  readonly reset?: boolean;
}

export type PlanReply =
  | { readonly version: number; readonly ok: true; readonly parts: Partial<PlanResult>; readonly same: readonly PlanPart[]; readonly ms: number }
  | { readonly version: number; readonly ok: false; readonly error: string };

export type PlanOutcome = { readonly ok: true; readonly plan: PlanResult; readonly ms: number } | { readonly ok: false; readonly error: string };

export interface PlanClient {
  /** Plans `design` as document version `version`; `onResult` is called only if it is still the latest request. */
  request(version: number, design: Design): void;
  /** True once the worker failed to start or crashed: the caller plans synchronously from then on. */
  readonly broken: boolean;
  terminate(): void;
}

export interface PlanClientOptions {
  /** The latest version's plan (or the planner's error). */
  readonly onResult: (version: number, design: Design, outcome: PlanOutcome) => void;
  /** The worker could not run: re-plan `design` (the latest request, if any) another way. */
  readonly onBroken: (pending: { version: number; design: Design } | null) => void;
}

interface WorkerLike {
  postMessage(message: PlanRequest): void;
  terminate(): void;
  onmessage: ((event: MessageEvent<PlanReply>) => void) | null;
  onerror: ((event: Event) => void) | null;
  onmessageerror?: ((event: MessageEvent) => void) | null;
}

/** The planner worker, or null where workers are not available (unit tests under happy-dom, node). */
export function createPlanWorker(): WorkerLike | null {
  if (typeof Worker === 'undefined' || typeof window === 'undefined' || (globalThis as { happyDOM?: unknown }).happyDOM !== undefined) return null;
  try {
    return new Worker(new URL('./planner.worker.ts', import.meta.url), { type: 'module', name: 'extopo-planner' }) as unknown as WorkerLike;
  } catch {
    return null;
  }
}

export function createPlanClient(worker: WorkerLike, options: PlanClientOptions): PlanClient {
  let broken = false;
  let inFlight: { version: number; design: Design } | null = null;
  let waiting: { version: number; design: Design } | null = null;
  let latest = -1;
  /** The parts of the last reply received (what the worker's "same" markers refer to). */
  let base: Partial<PlanResult> = {};
  let first = true;

  const send = (job: { version: number; design: Design }) => {
    inFlight = job;
    worker.postMessage({ version: job.version, design: job.design, ...(first ? { reset: true } : {}) });
    first = false;
  };

  const fail = () => {
    if (broken) return;
    broken = true;
    const pending = waiting ?? inFlight;
    inFlight = null;
    waiting = null;
    worker.terminate();
    options.onBroken(pending && pending.version === latest ? pending : null);
  };

  worker.onmessage = (event) => {
    const reply = event.data;
    const job = inFlight;
    inFlight = null;
    if (waiting) {
      const next = waiting;
      waiting = null;
      send(next);
    }
    if (!job || job.version !== reply.version) return;
    if (!reply.ok) {
      if (reply.version === latest) options.onResult(reply.version, job.design, { ok: false, error: reply.error });
      return;
    }
    const merged: Partial<PlanResult> = { ...base };
    for (const [key, value] of Object.entries(reply.parts)) (merged as Record<string, unknown>)[key] = value;
    base = merged;
    if (reply.version !== latest) return; // stale: a newer design is on its way
    // Keep the objects of unchanged parts (their subscribers do not re-render).
    options.onResult(reply.version, job.design, { ok: true, plan: merged as PlanResult, ms: reply.ms });
  };
  worker.onerror = (event) => {
    event.preventDefault?.();
    fail();
  };
  worker.onmessageerror = () => fail();

  return {
    request(version, design) {
      latest = version;
      if (broken) return;
      if (inFlight) waiting = { version, design };
      else send({ version, design });
    },
    get broken() {
      return broken;
    },
    terminate() {
      broken = true;
      worker.terminate();
    },
  };
}
