// The run journal: every run event appended as one JSON line to <runsDir>/<runId>/journal.jsonl and fsync'd before
// the executor moves on, so a crash or kill loses at most the line being written. The journal is the truth about a
// run: its summary (status, counts, each step's state) is derived from it, and a resume rebuilds its state from it.
import { FINISHED_STEP_STATUSES, countSteps } from '../../shared/runs/status';
import type { StepStatus } from '../../shared/runs/status';
import { closeSync, existsSync, fstatSync, fsyncSync, ftruncateSync, openSync, readFileSync, readSync, readdirSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { RunEvent, RunSettings, RunStatus, StepCounts } from './events';
import { JOURNAL_FILE, LOCK_FILE, PLAN_FILE } from './plan';

// ---------------------------------------------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------------------------------------------

export class JournalWriter {
  readonly #fd: number;
  #closed = false;

  /**
   * Opens the journal for appending. A last line cut short by a crash (no newline at the end) is removed first:
   * it was never acknowledged, and appending after it would corrupt the next line.
   */
  constructor(readonly path: string) {
    this.#fd = openSync(path, 'a+');
    const size = fstatSync(this.#fd).size;
    if (size > 0) {
      const tail = Buffer.alloc(Math.min(size, 64 * 1024));
      readSync(this.#fd, tail, 0, tail.length, size - tail.length);
      if (tail[tail.length - 1] !== 0x0a) {
        const lastNewline = tail.lastIndexOf(0x0a);
        const keep = lastNewline < 0 ? size - tail.length : size - tail.length + lastNewline + 1;
        ftruncateSync(this.#fd, keep);
        fsyncSync(this.#fd);
      }
    }
  }

  /** Appends one event and flushes it to disk before returning. */
  append(event: RunEvent): void {
    if (this.#closed) throw new Error(`the journal ${this.path} is closed`);
    writeSync(this.#fd, `${JSON.stringify(event)}\n`);
    fsyncSync(this.#fd);
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    closeSync(this.#fd);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------------------------------------------

export interface JournalRead {
  readonly events: readonly RunEvent[];
  /** A last line without its newline (the process died while writing it): ignored. */
  readonly truncatedTail: boolean;
  /** Lines that are not events (never written by the executor: a damaged file). */
  readonly problems: readonly string[];
}

export function readJournal(path: string): JournalRead {
  const text = readFileSync(path, 'utf8');
  const lines = text.split('\n');
  // The last element is '' after a final newline, or the partial line a killed process left: never a full event.
  const truncatedTail = lines[lines.length - 1] !== '';
  const complete = lines.slice(0, -1);
  const events: RunEvent[] = [];
  const problems: string[] = [];
  complete.forEach((line, i) => {
    if (line.trim() === '') return;
    try {
      const value = JSON.parse(line) as RunEvent;
      if (typeof value !== 'object' || value === null || typeof value.type !== 'string' || typeof value.seq !== 'number') {
        problems.push(`line ${i + 1} is not a run event`);
        return;
      }
      events.push(value);
    } catch {
      problems.push(`line ${i + 1} is not valid JSON`);
    }
  });
  return { events, truncatedTail, problems };
}

// ---------------------------------------------------------------------------------------------------------------
// Summary: the state of a run, derived from its events
// ---------------------------------------------------------------------------------------------------------------

// One vocabulary for step statuses, shared with the run view and the run report.
export type { StepStatus };
export { countSteps };
/** Statuses after which a step never runs again in this run. */
export const FINISHED_STATUSES = FINISHED_STEP_STATUSES;

export interface StepRecord {
  readonly stepId: string;
  readonly status: StepStatus;
  /** The attempt that ran last (0 when it never started). */
  readonly attempt: number;
  readonly durationMs: number | null;
  /** failed: the error and the failing command. */
  readonly error: string | null;
  readonly failingCommand: string | null;
  /** confirmed / skipped: who and why; auto when it was the auto-confirm option. */
  readonly by: string | null;
  readonly reason: string | null;
  readonly auto: boolean;
  /** Started and never finished in an earlier process (re-checked on resume). */
  readonly interrupted: boolean;
  readonly outputLines: number;
}

export interface RunSummary {
  readonly runId: string;
  readonly status: RunStatus;
  readonly title: string;
  readonly organization: string;
  readonly runbookHash: string;
  readonly settings: RunSettings | null;
  readonly hosts: Readonly<Record<string, string>>;
  readonly plannedAt: string | null;
  readonly startedAt: string | null;
  readonly endedAt: string | null;
  readonly counts: StepCounts;
  /** In runbook order. */
  readonly steps: readonly StepRecord[];
  readonly failedSteps: readonly { readonly stepId: string; readonly error: string; readonly failingCommand: string }[];
  readonly lastSeq: number;
}

interface MutableStep {
  stepId: string;
  status: StepStatus;
  attempt: number;
  durationMs: number | null;
  error: string | null;
  failingCommand: string | null;
  by: string | null;
  reason: string | null;
  auto: boolean;
  interrupted: boolean;
  outputLines: number;
}

function freshStep(stepId: string): MutableStep {
  return { stepId, status: 'pending', attempt: 0, durationMs: null, error: null, failingCommand: null, by: null, reason: null, auto: false, interrupted: false, outputLines: 0 };
}


/** Folds a run's events into its summary. Pure: the executor uses it to resume, the UI and listRuns to show runs. */
export function summarizeRun(events: readonly RunEvent[]): RunSummary {
  let runId = '';
  let status: RunStatus = 'planned';
  let title = '';
  let organization = '';
  let runbookHash = '';
  let settings: RunSettings | null = null;
  let hosts: Readonly<Record<string, string>> = {};
  let plannedAt: string | null = null;
  let startedAt: string | null = null;
  let endedAt: string | null = null;
  let lastSeq = 0;
  const steps = new Map<string, MutableStep>();
  const step = (id: string): MutableStep => {
    let s = steps.get(id);
    if (!s) {
      s = freshStep(id);
      steps.set(id, s);
    }
    return s;
  };

  for (const e of events) {
    runId = e.runId;
    lastSeq = Math.max(lastSeq, e.seq);
    switch (e.type) {
      case 'run-planned':
        title = e.title;
        organization = e.organization;
        runbookHash = e.runbookHash;
        settings = e.settings;
        hosts = e.hosts;
        plannedAt = e.at;
        for (const id of e.stepIds) step(id);
        break;
      case 'run-started':
        startedAt ??= e.at;
        status = 'running';
        endedAt = null;
        break;
      case 'run-resumed':
        startedAt ??= e.at;
        status = 'running';
        endedAt = null;
        break;
      case 'step-interrupted': {
        const s = step(e.stepId);
        s.status = 'pending';
        s.interrupted = true;
        break;
      }
      case 'step-started': {
        const s = step(e.stepId);
        s.status = 'running';
        s.attempt = e.attempt;
        s.error = null;
        s.failingCommand = null;
        break;
      }
      case 'step-output':
        step(e.stepId).outputLines++;
        break;
      case 'step-waiting':
        step(e.stepId).status = 'waiting';
        break;
      case 'step-finished': {
        const s = step(e.stepId);
        s.status = e.outcome;
        s.durationMs = e.durationMs;
        s.by = e.by ?? null;
        s.reason = e.reason ?? null;
        s.auto = e.auto ?? false;
        break;
      }
      case 'step-skipped': {
        const s = step(e.stepId);
        s.status = e.reason === 'already-done' ? 'already-done' : 'skipped';
        s.durationMs = e.durationMs;
        s.by = e.by ?? null;
        s.reason = e.why ?? null;
        break;
      }
      case 'step-failed': {
        const s = step(e.stepId);
        s.status = e.willRetry ? 'pending' : 'failed';
        s.attempt = e.attempt;
        s.durationMs = e.durationMs;
        s.error = e.error;
        s.failingCommand = e.failingCommand;
        break;
      }
      case 'step-retried': {
        const s = step(e.stepId);
        if (s.status === 'failed') s.status = 'pending';
        break;
      }
      case 'run-abort-requested':
        break;
      case 'run-aborted':
        status = 'aborted';
        endedAt = e.at;
        break;
      case 'run-finished':
        status = e.status;
        endedAt = e.at;
        break;
    }
  }

  const list = [...steps.values()];
  const counts = countSteps(list);
  if (status === 'running' && counts.running === 0 && counts.waiting > 0) status = 'waiting';
  return {
    runId,
    status,
    title,
    organization,
    runbookHash,
    settings,
    hosts,
    plannedAt,
    startedAt,
    endedAt,
    counts,
    steps: list.map((s) => ({ ...s })),
    failedSteps: list.filter((s) => s.status === 'failed').map((s) => ({ stepId: s.stepId, error: s.error ?? '', failingCommand: s.failingCommand ?? '' })),
    lastSeq,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The run lock: which process is executing a run
// ---------------------------------------------------------------------------------------------------------------

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The pid holding the run, or null when no live process does (a lock left by a killed process is stale). */
export function lockHolder(runDir: string): number | null {
  try {
    const value = JSON.parse(readFileSync(join(runDir, LOCK_FILE), 'utf8')) as { pid?: unknown };
    return typeof value.pid === 'number' && processAlive(value.pid) ? value.pid : null;
  } catch {
    return null;
  }
}

export function takeLock(runDir: string): void {
  writeFileSync(join(runDir, LOCK_FILE), `${JSON.stringify({ pid: process.pid, at: new Date().toISOString() })}\n`);
}

export function releaseLock(runDir: string): void {
  try {
    const value = JSON.parse(readFileSync(join(runDir, LOCK_FILE), 'utf8')) as { pid?: unknown };
    if (value.pid === process.pid) rmSync(join(runDir, LOCK_FILE), { force: true });
  } catch {
    // No lock, or not ours.
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Runs in a folder
// ---------------------------------------------------------------------------------------------------------------

export function runDirectory(runsDir: string, runId: string): string {
  return join(runsDir, runId);
}

/** The summary of one run from its journal; a run whose process died mid-run is `interrupted`. */
export function readRunSummary(runsDir: string, runId: string): RunSummary {
  const dir = runDirectory(runsDir, runId);
  const summary = summarizeRun(readJournal(join(dir, JOURNAL_FILE)).events);
  if ((summary.status === 'running' || summary.status === 'waiting') && lockHolder(dir) === null) {
    return { ...summary, status: 'interrupted' };
  }
  return summary;
}

/** Every run in runsDir (folders with a plan and a journal), newest first. Unreadable runs are left out. */
export function listRuns(runsDir: string): RunSummary[] {
  if (!existsSync(runsDir)) return [];
  const runs: RunSummary[] = [];
  for (const name of readdirSync(runsDir)) {
    // Hidden entries are not runs (a run being created is staged in one: runFolder.ts).
    if (name.startsWith('.')) continue;
    const dir = join(runsDir, name);
    try {
      if (!statSync(dir).isDirectory() || !existsSync(join(dir, PLAN_FILE)) || !existsSync(join(dir, JOURNAL_FILE))) continue;
      runs.push(readRunSummary(runsDir, name));
    } catch {
      // A run folder that cannot be read is not listed.
    }
  }
  return runs.sort((a, b) => (b.plannedAt ?? '').localeCompare(a.plannedAt ?? '') || b.runId.localeCompare(a.runId));
}
