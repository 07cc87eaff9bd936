// Planning and opening runs: a new run validated (runbook, host mapping, settings) and frozen into its folder
// (plan.json, the journal, the caller's files: runFolder.ts), or an existing run opened to resume or inspect it
// (the same runbook, no other live process, settings a resume may change). Both hand back a RunExecutor.
import { join } from 'node:path';
import type { Runbook } from '../../shared/runbook/types';
import type { RunEvent, RunSettings } from './events';
import { JOURNAL_FORMAT } from './events';
import { lockHolder, readJournal, runDirectory } from './journal';
import {
  DEFAULT_SETTINGS,
  JOURNAL_FILE,
  LOCK_FILE,
  PLAN_FILE,
  checkRunId,
  frozenPlanMismatch,
  newRunId,
  planProblems,
  planText,
  readPlan,
  serverOf,
  settingsProblems,
} from './plan';
import type { RunPlan } from './plan';
import { createRunFolder } from './runFolder';
import type { CreationPoint } from './runFolder';
import { Redactor } from './redact';
import type { Credential, Transport } from './transport';
import { ExecutorError } from './errors';
import { RunExecutor } from './runExecutor';

export interface ExecutorOptions extends Partial<RunSettings> {
  /** Folder holding one folder per run (plan.json, journal.jsonl). */
  readonly runsDir: string;
}

export interface PlanRunInput {
  readonly runbook: Runbook;
  /** Design server name → real host (FQDN or IP). */
  readonly hosts: Readonly<Record<string, string>>;
  readonly credential: Credential;
  readonly transport: Transport;
  readonly options: ExecutorOptions;
  /** Fixes the run id (tests); default: a new time-based id. */
  readonly runId?: string;
  /**
   * More files for the run's folder, created together with plan.json and the journal (name → text): the lab world
   * of a rehearsal, the design the run belongs to.
   */
  readonly files?: Readonly<Record<string, string>>;
  /** Called at each point of the folder's creation (the kill-point tests stop the process there). */
  readonly checkpoint?: (point: CreationPoint) => void;
}

/** Settings a resume may change: they change how fast and how patiently, never what runs. */
export type ResumeOverrides = Partial<Pick<RunSettings, 'maxParallelHosts' | 'stepTimeoutMs' | 'restartTimeoutMs' | 'retries' | 'retryDelayMs' | 'autoConfirm'>>;

export interface OpenRunInput {
  readonly runsDir: string;
  readonly runId: string;
  readonly credential: Credential;
  readonly transport: Transport;
  /** The runbook as generated now: refused when its hash differs from the frozen plan's. */
  readonly runbook?: Runbook;
  readonly overrides?: ResumeOverrides;
}

function resolveSettings(options: ExecutorOptions): RunSettings {
  return {
    dryRun: options.dryRun ?? DEFAULT_SETTINGS.dryRun,
    maxParallelHosts: options.maxParallelHosts ?? DEFAULT_SETTINGS.maxParallelHosts,
    stepTimeoutMs: options.stepTimeoutMs ?? DEFAULT_SETTINGS.stepTimeoutMs,
    restartTimeoutMs: options.restartTimeoutMs ?? DEFAULT_SETTINGS.restartTimeoutMs,
    retries: options.retries ?? DEFAULT_SETTINGS.retries,
    retryDelayMs: options.retryDelayMs ?? DEFAULT_SETTINGS.retryDelayMs,
    autoConfirm: options.autoConfirm ?? DEFAULT_SETTINGS.autoConfirm,
  };
}

/**
 * Plans a run: validates the runbook and host mapping, and creates <runsDir>/<runId>/ with plan.json (the frozen
 * runbook), a journal starting with `run-planned` and the caller's `files` (the lab world of a rehearsal, the design
 * the run belongs to), all at once (runFolder.ts): a process killed while planning leaves no run or a resumable one.
 * Nothing runs until start().
 */
export function planRun(input: PlanRunInput): RunExecutor {
  const settings = resolveSettings(input.options);
  const problems = [...planProblems(input.runbook, input.hosts), ...settingsProblems(settings)];
  if (problems.length > 0) {
    throw new ExecutorError('invalid-plan', `The runbook cannot be executed: ${problems.length === 1 ? problems[0] : `${problems.length} problems:\n- ${problems.join('\n- ')}`}`, problems);
  }
  const runId = input.runId ?? newRunId();
  const idProblem = checkRunId(runId);
  if (idProblem) throw new ExecutorError('invalid-plan', idProblem);
  const reserved = Object.keys(input.files ?? {}).filter((name) => name === PLAN_FILE || name === JOURNAL_FILE || name === LOCK_FILE || !/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(name));
  if (reserved.length > 0) throw new ExecutorError('invalid-plan', `a run's extra files cannot be named ${reserved.join(', ')}.`);
  const hosts: Record<string, string> = {};
  for (const step of input.runbook.steps) {
    const server = serverOf(step);
    if (server !== '') hosts[server] = input.hosts[server].trim();
  }
  const plan: RunPlan = { format: 1, runId, plannedAt: new Date().toISOString(), runbook: input.runbook, hosts, settings };
  const redactor = new Redactor();
  redactor.addCredential(input.credential);
  const rb = plan.runbook;
  const planned = redactor.value({
    type: 'run-planned',
    runbookHash: rb.contentHash,
    title: rb.title,
    organization: rb.organization,
    stepCount: rb.steps.length,
    stepIds: rb.steps.map((s) => s.id),
    hosts: plan.hosts,
    settings,
    v: JOURNAL_FORMAT,
    runId,
    seq: 1,
    at: plan.plannedAt,
  } as RunEvent);
  let dir: string;
  try {
    dir = createRunFolder(
      input.options.runsDir,
      runId,
      { files: Object.entries(input.files ?? {}), plan: [PLAN_FILE, planText(plan)], journal: [JOURNAL_FILE, `${JSON.stringify(planned)}\n`] },
      input.checkpoint,
    );
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new ExecutorError('invalid-plan', `a run ${runId} already exists in ${input.options.runsDir}.`);
    throw error;
  }
  return new RunExecutor(plan, dir, [planned], input.credential, input.transport);
}

/**
 * Opens an existing run to resume it (after a crash, kill, failure or abort) or to inspect it. Refused when the
 * given runbook differs from the frozen one, or when a live process is executing the run.
 */
export function openRun(input: OpenRunInput): RunExecutor {
  const idProblem = checkRunId(input.runId);
  if (idProblem) throw new ExecutorError('run-not-found', idProblem);
  const dir = runDirectory(input.runsDir, input.runId);
  let plan: RunPlan;
  try {
    plan = readPlan(dir);
  } catch (error) {
    throw new ExecutorError('run-not-found', `Cannot open run ${input.runId}: ${(error as Error).message}`);
  }
  if (input.runbook) {
    const mismatch = frozenPlanMismatch(plan, input.runbook);
    if (mismatch) throw new ExecutorError('design-changed', `Cannot resume run ${input.runId}: ${mismatch}`);
  }
  const holder = lockHolder(dir);
  if (holder !== null && holder !== process.pid) {
    throw new ExecutorError('run-locked', `Run ${input.runId} is being executed by process ${holder}; wait for it to finish or stop that process first.`);
  }
  const overrides = input.overrides ?? {};
  const settings: RunSettings = { ...plan.settings, ...Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)) };
  const problems = settingsProblems(settings);
  if (problems.length > 0) throw new ExecutorError('invalid-plan', `Cannot resume run ${input.runId}: ${problems.join(' ')}`, problems);
  const journal = readJournal(join(dir, JOURNAL_FILE));
  return new RunExecutor({ ...plan, settings }, dir, journal.events, input.credential, input.transport);
}
