// The frozen plan of a run (like a Terraform saved plan): the exact runbook, the host mapping and the settings,
// written once to <runsDir>/<runId>/plan.json when the run is planned. A run executes only that runbook; resuming
// with a runbook whose content hash differs is refused. Also the pure scheduling facts about steps: which "lanes"
// a step occupies, which steps are check-only, where a step runs.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runbookContentHash } from '../../shared/runbook/hash';
import type { Runbook, RunbookStep } from '../../shared/runbook/types';
import type { StepActionKind } from '../../shared/runbook/actions';
import type { RunSettings } from './events';

export const PLAN_FILE = 'plan.json';
export const JOURNAL_FILE = 'journal.jsonl';
export const LOCK_FILE = 'run.lock';
export const PLAN_FORMAT = 1;

export const DEFAULT_SETTINGS: RunSettings = {
  dryRun: false,
  maxParallelHosts: 4,
  stepTimeoutMs: 60 * 60 * 1000,
  restartTimeoutMs: 15 * 60 * 1000,
  retries: 0,
  retryDelayMs: 5000,
  autoConfirm: null,
};

export interface RunPlan {
  readonly format: typeof PLAN_FORMAT;
  readonly runId: string;
  readonly plannedAt: string;
  readonly runbook: Runbook;
  /** Design server name → real host (FQDN or IP). */
  readonly hosts: Readonly<Record<string, string>>;
  readonly settings: RunSettings;
}

/** Steps that only check (their script explains what is wrong): they "pass" rather than "succeed". */
const CHECK_ONLY_KINDS: ReadonlySet<StepActionKind> = new Set<StepActionKind>([
  'preflight',
  'wait-nlb-converged',
  'verify-nlb',
  'verify-cas-array',
  'verify-database-copies',
  'test-replication-health',
  'test-mapi-connectivity',
  'verify-nic-unbound',
  'verify-vip-reachable',
  'verify-exchange-version',
  'verify-namespace',
  'verify-mail-flow',
]);

export function isCheckOnly(step: RunbookStep): boolean {
  return CHECK_ONLY_KINDS.has(step.action.kind);
}

/** Whether a kind of step only checks (its script explains what is wrong rather than changing anything). */
export function isCheckOnlyKind(kind: StepActionKind): boolean {
  return CHECK_ONLY_KINDS.has(kind);
}

export function isOperatorStep(step: RunbookStep): boolean {
  return step.target.kind === 'operator';
}

/** The design server a step runs on (for ems/dns: the server whose endpoint runs it); '' for operator steps. */
export function serverOf(step: RunbookStep): string {
  return step.target.kind === 'operator' ? '' : step.target.serverName;
}

/** The lane every org-wide step (EMS, DNS, operator) shares: they run one at a time. */
export const ORG_LANE = 'org';

/**
 * The lanes a step occupies while it runs; two steps sharing a lane never run at the same time.
 * Host steps: their host. EMS and DNS steps: the org-wide lane and the host they run from (so an EMS command never
 * runs on a host that another step is restarting). Operator steps: the org-wide lane.
 */
export function lanesOf(step: RunbookStep): readonly string[] {
  switch (step.target.kind) {
    case 'host':
      return [`host:${step.target.serverName.toLowerCase()}`];
    case 'ems':
    case 'dns':
      return [ORG_LANE, `host:${step.target.serverName.toLowerCase()}`];
    case 'operator':
      return [ORG_LANE];
  }
}

/** "a1b2c3d4…" for messages. */
export function shortHash(hash: string): string {
  return hash.length > 8 ? `${hash.slice(0, 8)}…` : hash;
}

/** Sortable, unique: 20261125-131502-a1b2c3. */
export function newRunId(now: Date = new Date()): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const stamp = `${now.getUTCFullYear()}${p(now.getUTCMonth() + 1)}${p(now.getUTCDate())}-${p(now.getUTCHours())}${p(now.getUTCMinutes())}${p(now.getUTCSeconds())}`;
  return `${stamp}-${randomBytes(3).toString('hex')}`;
}

const RUN_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;

/** Refuses run ids that are not plain folder names (they come from the command line and the UI). */
export function checkRunId(runId: string): string | null {
  return RUN_ID.test(runId) && !runId.includes('..') ? null : `"${runId}" is not a run id (expected something like 20261125-131502-a1b2c3).`;
}

/**
 * Everything wrong with a runbook as an execution plan: unknown or duplicate ids, dependencies that do not exist
 * or form a cycle, a hash that does not match the steps, servers without a host mapping.
 */
export function planProblems(runbook: Runbook, hosts: Readonly<Record<string, string>>): string[] {
  const problems: string[] = [];
  if (runbook.formatVersion !== 1) problems.push(`the runbook format version is ${String(runbook.formatVersion)}; this executor reads version 1.`);
  if (!Array.isArray(runbook.steps) || runbook.steps.length === 0) {
    problems.push('the runbook has no steps.');
    return problems;
  }
  const ids = new Set<string>();
  for (const step of runbook.steps) {
    if (ids.has(step.id)) problems.push(`step id ${step.id} is used twice.`);
    ids.add(step.id);
  }
  for (const step of runbook.steps) {
    for (const dep of step.dependsOn) {
      if (!ids.has(dep)) problems.push(`step ${step.id} depends on ${dep}, which is not in the runbook.`);
    }
  }
  const cycle = findCycle(runbook.steps);
  if (cycle) problems.push(`the steps ${cycle.join(' → ')} depend on each other in a cycle.`);
  const actual = runbookContentHash(runbook.steps);
  if (actual !== runbook.contentHash) {
    problems.push(`the runbook's contentHash (${shortHash(runbook.contentHash)}) does not match its steps (${shortHash(actual)}): it was edited after it was generated; generate it again.`);
  }
  const missing = new Map<string, string[]>();
  for (const step of runbook.steps) {
    const server = serverOf(step);
    if (server === '') continue;
    const host = hosts[server];
    if (typeof host !== 'string' || host.trim() === '') missing.set(server, [...(missing.get(server) ?? []), step.id]);
  }
  for (const [server, steps] of missing) {
    const shown = steps.slice(0, 3).join(', ') + (steps.length > 3 ? ` and ${steps.length - 3} more` : '');
    problems.push(`no real host is given for design server ${server} (used by ${shown}): map it to its FQDN or IP address.`);
  }
  return problems;
}

function findCycle(steps: readonly RunbookStep[]): string[] | null {
  const byId = new Map(steps.map((s) => [s.id, s]));
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (id: string): string[] | null => {
    const s = state.get(id);
    if (s === 'done') return null;
    if (s === 'visiting') return [...stack.slice(stack.indexOf(id)), id];
    state.set(id, 'visiting');
    stack.push(id);
    for (const dep of byId.get(id)?.dependsOn ?? []) {
      if (!byId.has(dep)) continue;
      const found = visit(dep);
      if (found) return found;
    }
    stack.pop();
    state.set(id, 'done');
    return null;
  };
  for (const step of steps) {
    const found = visit(step.id);
    if (found) return found;
  }
  return null;
}

/**
 * The frozen-plan check on resume: the runbook the caller has now must be the one planned.
 * Returns the refusal message, or null when they match.
 */
export function frozenPlanMismatch(planned: RunPlan, current: Runbook): string | null {
  if (current.contentHash === planned.runbook.contentHash) return null;
  return `the design changed since this run was planned (hash ${shortHash(planned.runbook.contentHash)} vs ${shortHash(current.contentHash)}); plan again.`;
}

export function settingsProblems(settings: RunSettings): string[] {
  const problems: string[] = [];
  const positiveInt = (name: keyof RunSettings, value: number, min: number) => {
    if (!Number.isInteger(value) || value < min) problems.push(`${name} must be a whole number of at least ${min} (got ${String(value)}).`);
  };
  positiveInt('maxParallelHosts', settings.maxParallelHosts, 1);
  positiveInt('stepTimeoutMs', settings.stepTimeoutMs, 1);
  positiveInt('restartTimeoutMs', settings.restartTimeoutMs, 1);
  positiveInt('retries', settings.retries, 0);
  positiveInt('retryDelayMs', settings.retryDelayMs, 0);
  if (settings.autoConfirm && settings.autoConfirm.by.trim() === '') problems.push('autoConfirm.by must name who confirms (e.g. "extopo rehearse").');
  return problems;
}

// ---------------------------------------------------------------------------------------------------------------
// plan.json
// ---------------------------------------------------------------------------------------------------------------

/** The text of plan.json (written once, with the run's folder: runFolder.ts; it never changes afterwards). */
export function planText(plan: RunPlan): string {
  return `${JSON.stringify(plan, null, 2)}\n`;
}

export function readPlan(dir: string): RunPlan {
  const path = join(dir, PLAN_FILE);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(code === 'ENOENT' ? `no run in ${dir} (${PLAN_FILE} is missing).` : `cannot read ${path}: ${(error as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`${path} is not valid JSON (${(error as Error).message}); the run cannot be resumed: plan again.`);
  }
  const plan = value as Partial<RunPlan>;
  if (plan.format !== PLAN_FORMAT || typeof plan.runId !== 'string' || !plan.runbook || !plan.hosts || !plan.settings) {
    throw new Error(`${path} is not an ExTopo run plan (format ${PLAN_FORMAT}); the run cannot be resumed: plan again.`);
  }
  const actual = runbookContentHash(plan.runbook.steps);
  if (actual !== plan.runbook.contentHash) {
    throw new Error(`${path} was modified after the run was planned (its steps hash to ${shortHash(actual)}, the plan says ${shortHash(plan.runbook.contentHash)}); plan again.`);
  }
  return plan as RunPlan;
}
