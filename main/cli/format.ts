// Text and JSON renderings of a plan (findings, HA verdict, sizing) and of load problems, for `extopo validate`.
import type { CliIo } from './command';
import type { LoadProblem } from '../../shared/model/load';
import type { Design, DesignDocument } from '../../shared/model/types';
import { ROLE_LABELS, listOf, objectLabels, plural } from '../../shared/planner/text';
import { HA_ROLES } from '../../shared/planner/verdict';
import type { Finding, PlanResult, Severity, SizingReport } from '../../shared/planner/types';

// ---------------------------------------------------------------------------------------------------------------
// Colours
// ---------------------------------------------------------------------------------------------------------------

export interface Paint {
  readonly error: (s: string) => string;
  readonly warning: (s: string) => string;
  readonly info: (s: string) => string;
  readonly ok: (s: string) => string;
  readonly bold: (s: string) => string;
  readonly dim: (s: string) => string;
}

const sgr = (open: number, close: number) => (s: string) => `\u001b[${open}m${s}\u001b[${close}m`;
const plain = (s: string) => s;

export function paint(enabled: boolean): Paint {
  if (!enabled) return { error: plain, warning: plain, info: plain, ok: plain, bold: plain, dim: plain };
  return { error: sgr(31, 39), warning: sgr(33, 39), info: sgr(36, 39), ok: sgr(32, 39), bold: sgr(1, 22), dim: sgr(2, 22) };
}

/**
 * Whether to colour the output: only when the io says so (the process io sets `color` when stdout is a TTY and
 * NO_COLOR is unset; in-process test ios leave it out).
 */
export function colorEnabled(io: CliIo): boolean {
  return io.color === true;
}

export { processWantsColor } from './command';

// ---------------------------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------------------------

const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];
const SEVERITY_HEADINGS: Record<Severity, string> = { error: 'Errors', warning: 'Warnings', info: 'Infos' };

function objectList(ids: readonly string[], labels: ReadonlyMap<string, string>): string {
  return listOf(ids, (id) => labels.get(id) ?? id);
}

// ---------------------------------------------------------------------------------------------------------------
// Load problems
// ---------------------------------------------------------------------------------------------------------------

/**
 * "seed.json:42:7" for syntax errors, "seed.json $.design.servers[0].name" otherwise — or just the file when the
 * message already names the object and its path.
 */
function problemLocation(file: string, p: LoadProblem): string {
  if (p.line !== undefined && p.column !== undefined) return `${file}:${p.line}:${p.column}`;
  return p.path === '$' || p.message.includes(`(${p.path})`) ? file : `${file} ${p.path}`;
}

function problemMessage(p: LoadProblem): string {
  const prefix = `${p.path}: `;
  return p.message.startsWith(prefix) ? p.message.slice(prefix.length) : p.message;
}

export function renderLoadProblems(file: string, problems: readonly LoadProblem[], c: Paint): string {
  const lines = [c.bold(`Cannot load ${file}: ${plural(problems.length, 'problem')}.`), ''];
  for (const p of problems) {
    lines.push(`${c.error('error')} ${problemLocation(file, p)}`);
    lines.push(`  ${problemMessage(p)}`);
    lines.push(`  ${c.dim('fix:')} ${p.hint}`);
  }
  lines.push('', 'Nothing was validated: fix the file first (exit code 2).');
  return `${lines.join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------------------------------
// Plan
// ---------------------------------------------------------------------------------------------------------------

export interface PlanView {
  /** The file name as the user typed it. */
  readonly file: string;
  readonly document: DesignDocument;
  readonly plan: PlanResult;
  readonly loadWarnings: readonly LoadProblem[];
  readonly migrated: readonly string[];
}

function renderFinding(f: Finding, labels: ReadonlyMap<string, string>, c: Paint): string[] {
  const colour = c[f.severity];
  const lines = [`  ${colour(f.severity.padEnd(7))} ${c.bold(f.ruleId)}  ${f.message}`];
  lines.push(`          ${c.dim('fix:')} ${f.hint}`);
  const where = f.entityIds.length > 0 ? `   ${c.dim('objects:')} ${objectList(f.entityIds, labels)}` : '';
  lines.push(`          ${c.dim('source:')} ${f.source}${where}`);
  return lines;
}

function designSummary(design: Design): string {
  const parts = [
    plural(design.servers.length, 'server'),
    plural(design.sites.length, 'AD site'),
    plural(design.subnets.length, 'subnet'),
    plural(design.casArrays.length, 'CAS array'),
    plural(design.nlbClusters.length, 'NLB cluster'),
    plural(design.hardwareLoadBalancers.length, 'hardware load balancer'),
    plural(design.dags.length, 'DAG'),
    plural(design.databases.length, 'database'),
  ];
  return `${parts.join(', ')}; HA goal ${design.goals.highlyAvailable ? 'on' : 'off'}`;
}

/** The sizing chapter: every figure with its one-line arithmetic (shared/domain/sizing.md, "What the report must say"). */
export function renderSizing(sizing: SizingReport, c: Paint): string[] {
  const lines = [c.bold('Sizing')];
  const section = (title: string, body: readonly string[]) => {
    if (body.length === 0) return;
    lines.push(`  ${c.bold(title)}`);
    for (const l of body) lines.push(`    ${l}`);
  };
  if (!sizing.inputs) {
    lines.push('  No sizing inputs (mailbox tiers: count, quota, messages a day): add them to get the worst-case figures per Mailbox server.');
  } else {
    section('Inputs', sizing.inputs.lines);
  }
  section('Recommendation', sizing.recommendation?.lines ?? []);
  section('DAGs', sizing.dags.flatMap((d) => d.lines));
  section('Mailbox servers', sizing.servers.filter((s) => s.mailbox).flatMap((s) => s.lines));
  section('Other servers', sizing.servers.filter((s) => !s.mailbox).flatMap((s) => s.lines));
  section('AD sites', sizing.sites.flatMap((s) => [s.clientAccess.line, s.hubTransport.line]));
  section('Databases', sizing.databases.flatMap((d) => d.lines));
  section('Storage', sizing.storage.lines);
  section('Notes', sizing.notes);
  return lines;
}

export function renderPlan(view: PlanView, c: Paint): string {
  const { document, plan } = view;
  const design = document.design;
  const labels = objectLabels(design);
  const lines: string[] = [];
  lines.push(c.bold(`${view.file}${document.title ? `: ${document.title}` : ''}`));
  lines.push(designSummary(design));
  for (const m of view.migrated) lines.push(c.dim(`Migrated from an older format: ${m}`));
  for (const w of view.loadWarnings) lines.push(c.dim(`Note: ${w.message}`));

  for (const severity of SEVERITIES) {
    const group = plan.findings.filter((f) => f.severity === severity);
    lines.push('', c.bold(`${SEVERITY_HEADINGS[severity]} (${group.length})`));
    if (group.length === 0) lines.push('  none');
    for (const f of group) lines.push(...renderFinding(f, labels, c));
  }

  lines.push('', c.bold('High availability'));
  const nameWidth = Math.max(...HA_ROLES.map((r) => ROLE_LABELS[r].length)) + 2;
  const indent = ' '.repeat(2 + 5 + nameWidth + 5);
  for (const role of HA_ROLES) {
    const v = plan.verdict[role];
    const answer = v.highlyAvailable ? c.ok('yes') : c.warning('no ');
    // Reasons may repeat the verdict ("MB: no — EX2 is in no DAG"); the line already says it.
    const reasons = (v.reasons.length > 0 ? v.reasons : ['(no reason given)']).map((r) => r.replace(/^(CAS|HT|MB): (yes|no) [—–-] /, ''));
    lines.push(`  ${role.padEnd(5)}${ROLE_LABELS[role].padEnd(nameWidth)}${answer}  ${reasons[0]}`);
    for (const reason of reasons.slice(1)) lines.push(`${indent}${reason}`);
  }

  lines.push('', ...renderSizing(plan.sizing, c));

  const { error, warning, info } = plan.counts;
  const tally = `${plural(error, 'error')}, ${plural(warning, 'warning')}, ${plural(info, 'info')}`;
  lines.push('');
  lines.push(
    error > 0
      ? `${c.error('Result:')} ${tally}. The design cannot be deployed as drawn: fix the errors first.`
      : `${c.ok('Result:')} ${tally}. The design is valid.`,
  );
  return `${lines.join('\n')}\n`;
}

/** The `--format json` object for a design that loaded. */
export function planJson(view: PlanView): Record<string, unknown> {
  const { plan } = view;
  return {
    file: view.file,
    loaded: true,
    valid: plan.counts.error === 0,
    title: view.document.title,
    counts: plan.counts,
    findings: plan.findings,
    verdict: plan.verdict,
    sizing: plan.sizing,
    loadWarnings: view.loadWarnings,
    migrated: view.migrated,
  };
}

/** The `--format json` object for a file that could not be read or loaded. */
export function loadProblemsJson(file: string, problems: readonly LoadProblem[]): Record<string, unknown> {
  return { file, loaded: false, valid: false, problems };
}
