// Runbook exports off the event loop: a small pool of worker threads (exportWorker.ts) with a bounded queue.
// A PDF of a large design takes seconds of CPU; run on the host's event loop it stalled every other API call (a
// 600-server PDF: 2.7 s), and 200 parallel exports ran at once (4 minutes, 2.1 GB). Here at most `maxConcurrent`
// exports run (default 1 on a 2-core machine, at most 2), up to `maxQueued` more wait in order, and any further
// request is refused at once with a ServiceError of kind 'busy' (the browser host answers 503 with Retry-After).
// Workers stay warm between exports (pdfmake and the fonts load once) and end after `idleMs` without work; they
// never keep the process alive. Where no worker can be started (no worker file beside a bundle that lacks one),
// exports run in-process, still one at a time through the same queue.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ServiceError } from '../ipc/errors';
import type { ExportFormat } from './index';
import type { WorkerError, WorkerJob, WorkerReply } from './exportWorker';

export interface ExportJobInput {
  readonly format: ExportFormat;
  readonly text: string;
  readonly designPath?: string;
  readonly now?: Date;
}

export interface ExportJobResult {
  readonly fileName: string;
  readonly bytes: Uint8Array;
}

/** Where an export is: waiting (1 = next), running, or finished (with how long it waited and ran). */
export type ExportProgress =
  | { readonly state: 'queued'; readonly position: number }
  | { readonly state: 'running' }
  | { readonly state: 'done'; readonly waitedMs: number; readonly ranMs: number }
  | { readonly state: 'failed'; readonly waitedMs: number; readonly ranMs: number };

export interface ExportPoolOptions {
  /** Exports running at once (default: 1, or 2 on machines with more than 4 cores). */
  readonly maxConcurrent?: number;
  /** Exports waiting beyond those; more are refused (default 4). */
  readonly maxQueued?: number;
  /** A worker without work for this long ends (default 30 s). */
  readonly idleMs?: number;
  /** The worker script; null runs exports in-process (default: found beside this module, see workerEntry). */
  readonly workerEntry?: URL | null;
  /** Heap limit of a worker in MB (default 2048): a runaway export fails alone instead of taking the host down. */
  readonly maxHeapMb?: number;
}

/** An export error from the worker, with the fields the services and transports read (problems → 422). */
export class WorkerExportError extends Error {
  readonly problems?: readonly string[];
  readonly kind?: string;
  readonly reason?: string;
  constructor(error: WorkerError) {
    super(error.message);
    this.name = error.name;
    if (error.problems) this.problems = error.problems;
    if (error.kind !== undefined) this.kind = error.kind;
    if (error.reason !== undefined) this.reason = error.reason;
  }
}

/** The worker script for this installation: a bundled export-worker.{cjs,mjs} beside this module, else the sources through tsx; null if neither. */
export function workerEntry(): URL | null {
  // A build that bundles the worker (e.g. esbuild entry main/exporters/exportWorker.ts → out/main/export-worker.cjs
  // beside out/main/index.cjs) ships it beside its bundle; a checkout starts it from the sources through tsx.
  const candidates = ['./export-worker.cjs', './export-worker.mjs', './exportWorkerEntry.mjs'].map((name) => new URL(name, import.meta.url));
  const source = new URL('./exportWorker.ts', import.meta.url);
  for (const url of candidates) {
    if (url.protocol !== 'file:') continue;
    const path = fileURLToPath(url);
    if (!existsSync(path)) continue;
    if (path.endsWith('exportWorkerEntry.mjs') && !existsSync(fileURLToPath(source))) continue;
    return url;
  }
  return null;
}

export function defaultConcurrency(): number {
  return availableParallelism() > 4 ? 2 : 1;
}

interface Job {
  readonly input: ExportJobInput;
  readonly onProgress?: (progress: ExportProgress) => void;
  readonly resolve: (result: ExportJobResult) => void;
  readonly reject: (error: unknown) => void;
  readonly queuedAt: number;
  startedAt?: number;
}

interface Slot {
  worker: Worker | null;
  busy: boolean;
  idleTimer: NodeJS.Timeout | null;
}

let nextJobId = 1;

export class ExportPool {
  readonly #maxConcurrent: number;
  readonly #maxQueued: number;
  readonly #idleMs: number;
  readonly #maxHeapMb: number;
  #entry: URL | null;
  readonly #queue: Job[] = [];
  readonly #slots: Slot[] = [];
  #closed = false;

  constructor(options: ExportPoolOptions = {}) {
    this.#maxConcurrent = Math.max(1, Math.min(2, options.maxConcurrent ?? defaultConcurrency()));
    this.#maxQueued = Math.max(0, options.maxQueued ?? 4);
    this.#idleMs = options.idleMs ?? 30_000;
    this.#maxHeapMb = options.maxHeapMb ?? 2048;
    this.#entry = options.workerEntry === undefined ? workerEntry() : options.workerEntry;
    for (let i = 0; i < this.#maxConcurrent; i++) this.#slots.push({ worker: null, busy: false, idleTimer: null });
  }

  /** Exports running and waiting now. */
  get stats(): { running: number; queued: number; maxConcurrent: number; maxQueued: number; inWorker: boolean } {
    return { running: this.#slots.filter((s) => s.busy).length, queued: this.#queue.length, maxConcurrent: this.#maxConcurrent, maxQueued: this.#maxQueued, inWorker: this.#entry !== null };
  }

  /** Runs an export when a slot is free; refuses at once (ServiceError 'busy') when the queue is full. */
  run(input: ExportJobInput, onProgress?: (progress: ExportProgress) => void): Promise<ExportJobResult> {
    if (this.#closed) return Promise.reject(new ServiceError('Exports are not available: ExTopo is shutting down.', [], 'busy'));
    const running = this.#slots.filter((s) => s.busy).length;
    if (running >= this.#maxConcurrent && this.#queue.length >= this.#maxQueued) {
      return Promise.reject(
        new ServiceError(
          `Too many exports at once: ${running} running and ${this.#queue.length} waiting, the most ExTopo queues. Nothing was exported.`,
          ['Wait for the exports in progress to finish, then export again.'],
          'busy',
        ),
      );
    }
    return new Promise<ExportJobResult>((resolve, reject) => {
      this.#queue.push({ input, onProgress, resolve, reject, queuedAt: Date.now() });
      onProgress?.({ state: 'queued', position: this.#queue.length });
      this.#pump();
    });
  }

  /** Ends the workers; waiting exports are refused. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const job of this.#queue.splice(0)) job.reject(new ServiceError('Exports are not available: ExTopo is shutting down.', [], 'busy'));
    await Promise.all(
      this.#slots.map(async (slot) => {
        if (slot.idleTimer) clearTimeout(slot.idleTimer);
        const worker = slot.worker;
        slot.worker = null;
        if (worker) await worker.terminate();
      }),
    );
  }

  #pump(): void {
    for (const slot of this.#slots) {
      if (slot.busy || this.#queue.length === 0) continue;
      const job = this.#queue.shift() as Job;
      this.#queue.forEach((waiting, i) => waiting.onProgress?.({ state: 'queued', position: i + 1 }));
      slot.busy = true;
      if (slot.idleTimer) {
        clearTimeout(slot.idleTimer);
        slot.idleTimer = null;
      }
      job.startedAt = Date.now();
      job.onProgress?.({ state: 'running' });
      const finish = (ok: boolean) => {
        const now = Date.now();
        const timing = { waitedMs: (job.startedAt as number) - job.queuedAt, ranMs: now - (job.startedAt as number) };
        job.onProgress?.(ok ? { state: 'done', ...timing } : { state: 'failed', ...timing });
        slot.busy = false;
        this.#idle(slot);
        this.#pump();
      };
      this.#execute(slot, job.input).then(
        (result) => {
          finish(true);
          job.resolve(result);
        },
        (error: unknown) => {
          finish(false);
          job.reject(error);
        },
      );
    }
  }

  #idle(slot: Slot): void {
    if (!slot.worker || this.#idleMs <= 0) return;
    slot.idleTimer = setTimeout(() => {
      slot.idleTimer = null;
      const worker = slot.worker;
      slot.worker = null;
      if (worker && !slot.busy) void worker.terminate();
    }, this.#idleMs);
    slot.idleTimer.unref();
  }

  async #execute(slot: Slot, input: ExportJobInput): Promise<ExportJobResult> {
    if (this.#entry === null) {
      const { exportRunbook } = await import('./index');
      return exportRunbook(input);
    }
    let worker = slot.worker;
    if (!worker) {
      try {
        worker = new Worker(this.#entry, { resourceLimits: { maxOldGenerationSizeMb: this.#maxHeapMb } });
      } catch {
        // The worker file cannot be started here: run this and later exports in-process.
        this.#entry = null;
        return this.#execute(slot, input);
      }
      worker.unref();
      slot.worker = worker;
    }
    const id = nextJobId++;
    const job: WorkerJob = {
      id,
      input: { format: input.format, text: input.text, ...(input.designPath !== undefined ? { designPath: input.designPath } : {}), ...(input.now ? { now: input.now.toISOString() } : {}) },
    };
    const running = worker;
    let started = false;
    return new Promise<ExportJobResult>((resolve, reject) => {
      const cleanup = () => {
        running.off('message', onMessage);
        running.off('error', onError);
        running.off('exit', onExit);
      };
      const onMessage = (reply: WorkerReply) => {
        if (reply.id !== id) return;
        if (reply.type === 'started') started = true;
        else if (reply.type === 'done') {
          cleanup();
          resolve({ fileName: reply.fileName, bytes: reply.bytes });
        } else if (reply.type === 'error') {
          cleanup();
          reject(new WorkerExportError(reply.error));
        }
      };
      const onError = (error: Error) => {
        cleanup();
        if (slot.worker === running) slot.worker = null;
        void running.terminate();
        if (!started) {
          // The worker could not even load (e.g. its loader is missing from this installation): export in-process.
          this.#entry = null;
          this.#execute(slot, input).then(resolve, reject);
          return;
        }
        reject(new Error(`The export stopped: its worker failed (${error.message}). Try again; if it fails again, export a smaller part of the design or report this message.`));
      };
      const onExit = (code: number) => {
        cleanup();
        if (slot.worker === running) slot.worker = null;
        reject(new Error(`The export stopped: its worker ended unexpectedly (exit code ${code}). Try again.`));
      };
      running.on('message', onMessage);
      running.on('error', onError);
      running.on('exit', onExit);
      running.postMessage(job);
    });
  }
}
