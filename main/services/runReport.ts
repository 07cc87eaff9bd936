// A run report: what a run did, for the change record. Built from the run's frozen plan and its journal (both already
// redacted by the executor; redacted once more here with the credentials held now), rendered as Markdown here and
// as PDF by runReportPdf.ts. Facts, every step with its status, attempts and duration, failures with the failing
// command, skips and confirmations with who and why, the run's timeline, and each step's output, trimmed.
import type { RunEvent, RunPlan, RunSummary, StepStatus } from '../executor';
import { Redactor } from '../executor';
import { dateTimeLabel, shortTargetLabel } from '../exporters/report';
import { RUN_LABELS, STEP_ICONS, STEP_LABELS, formatDuration } from '../../shared/runs/status';
import { plural } from '../../shared/planner/text';
import { mdCode, mdFence, mdText } from '../exporters/markdown';
import type { Credential } from '../executor';
import type { RunTargetKind } from '../../shared/ipc/contract';

/** Output lines kept per step: the first ones and the last ones, with a note of how many were left out between. */
export const OUTPUT_HEAD_LINES = 12;
export const OUTPUT_TAIL_LINES = 8;
/** What the Output section says about its lines. */
export const OUTPUT_NOTE = `Each step's output as it streamed (the first ${OUTPUT_HEAD_LINES} and last ${OUTPUT_TAIL_LINES} lines of longer outputs; secrets redacted).`;
/** Longest output line in a report (longer ones are cut, with a note). */
export const OUTPUT_LINE_CHARS = 240;

/** A step's status in the report: the run view's words, but a report is read after the fact. */
export const STEP_STATUS_LABELS: Readonly<Record<StepStatus, string>> = { ...STEP_LABELS, pending: 'not run', running: 'interrupted', failed: 'FAILED' };

export const RUN_STATUS_LABELS: Readonly<Record<RunSummary['status'], string>> = { ...RUN_LABELS, planned: 'planned, not started', waiting: 'waiting for an operator confirmation' };

export interface RunReportFact {
  readonly label: string;
  readonly value: string;
  readonly mono?: boolean;
}

export interface RunReportStep {
  readonly number: number;
  readonly id: string;
  readonly title: string;
  readonly target: string;
  readonly host: string;
  readonly status: StepStatus;
  readonly statusLabel: string;
  readonly attempts: number;
  readonly duration: string;
  readonly error: string | null;
  readonly failingCommand: string | null;
  /** Who skipped or confirmed it and why ('' when nobody had to). */
  readonly decision: string;
}

export interface RunReportOutput {
  readonly stepId: string;
  readonly title: string;
  readonly lines: readonly string[];
  /** Lines left out in the middle. */
  readonly omitted: number;
}

export interface RunReport {
  readonly title: string;
  readonly organization: string;
  readonly runId: string;
  readonly status: RunSummary['status'];
  readonly statusLabel: string;
  readonly facts: readonly RunReportFact[];
  readonly tally: string;
  readonly hosts: readonly (readonly [string, string])[];
  readonly steps: readonly RunReportStep[];
  readonly failures: readonly RunReportStep[];
  readonly decisions: readonly RunReportStep[];
  readonly timeline: readonly { readonly at: string; readonly text: string }[];
  readonly outputs: readonly RunReportOutput[];
  readonly generatedAt: string;
}

export interface RunReportInput {
  readonly plan: RunPlan;
  readonly summary: RunSummary;
  readonly events: readonly RunEvent[];
  readonly target: RunTargetKind;
  readonly generatedAt: Date;
  /** Credentials held now: their secrets are removed from the report too. */
  readonly credentials?: readonly Credential[];
}

function cut(line: string): string {
  return line.length > OUTPUT_LINE_CHARS ? `${line.slice(0, OUTPUT_LINE_CHARS)} … (${line.length - OUTPUT_LINE_CHARS} more characters)` : line;
}

const STREAM_PREFIX: Readonly<Record<string, string>> = { output: '', error: 'ERROR: ', warning: 'WARNING: ', verbose: 'VERBOSE: ', check: 'check: ', whatif: '' };

/** The tally of a run's steps in words ("25 ran, 1 check passed, 1 confirmed"). */
export function tallyOf(counts: RunSummary['counts']): string {
  const parts = [
    counts.succeeded > 0 ? `${counts.succeeded} ran and verified` : '',
    counts.passed > 0 ? `${plural(counts.passed, 'check')} passed` : '',
    counts.alreadyDone > 0 ? `${counts.alreadyDone} already done` : '',
    counts.confirmed > 0 ? `${counts.confirmed} confirmed` : '',
    counts.skipped > 0 ? `${counts.skipped} skipped` : '',
    counts.wouldRun > 0 ? `${counts.wouldRun} would run` : '',
    counts.failed > 0 ? `${counts.failed} failed` : '',
    counts.running + counts.waiting + counts.pending > 0 ? `${counts.running + counts.waiting + counts.pending} not finished` : '',
  ].filter((p) => p !== '');
  return `${plural(counts.total, 'step')}: ${parts.length > 0 ? parts.join(', ') : 'none ran'}`;
}

function timelineText(e: RunEvent): string | null {
  switch (e.type) {
    case 'run-planned':
      return `Planned: ${plural(e.stepCount, 'step')}${e.settings.dryRun ? ', dry run' : ''}, at most ${e.settings.maxParallelHosts} at a time.`;
    case 'run-started':
      return `Started (${e.transport === 'lab' ? 'rehearsal lab' : 'PowerShell remoting'}).`;
    case 'run-resumed':
      return `Resumed after it was ${e.previousStatus}${e.interruptedStepIds.length > 0 ? `; re-checked ${e.interruptedStepIds.join(', ')}` : ''}.`;
    case 'step-failed':
      return `${e.stepId} failed (attempt ${e.attempt})${e.willRetry ? ', retried automatically' : ''}: ${e.error}`;
    case 'step-retried':
      return e.by === 'automatic' ? null : `${e.stepId} retried by ${e.by} (${e.reason}).`;
    case 'step-skipped':
      return e.reason === 'confirmed' ? `${e.stepId} skipped by ${e.by ?? 'operator'}: ${e.why ?? ''}` : null;
    case 'step-finished':
      return e.outcome === 'confirmed' && !e.auto ? `${e.stepId} confirmed by ${e.by ?? 'operator'}.` : null;
    case 'run-abort-requested':
      return `Abort requested by ${e.by}.`;
    case 'run-aborted':
      return 'Aborted: running steps finished, no new step started.';
    case 'run-finished':
      return e.status === 'succeeded' ? 'Finished: every step ended green.' : `Finished with failures: ${e.failedStepIds.join(', ') || 'steps could not start'}.`;
    default:
      return null;
  }
}

export function buildRunReport(input: RunReportInput): RunReport {
  const redactor = new Redactor();
  for (const c of input.credentials ?? []) redactor.addCredential(c);
  const { plan, summary } = input;
  const records = new Map(summary.steps.map((s) => [s.stepId, s]));
  const steps: RunReportStep[] = plan.runbook.steps.map((step, i) => {
    const r = records.get(step.id);
    const status: StepStatus = r?.status ?? 'pending';
    const decision =
      status === 'skipped' ? `skipped by ${r?.by ?? 'operator'}: ${r?.reason ?? ''}` : status === 'confirmed' ? `confirmed by ${r?.by ?? 'operator'}${r?.auto ? ' (automatically)' : ''}` : '';
    return {
      number: i + 1,
      id: step.id,
      title: step.title,
      target: shortTargetLabel(step.target),
      host: step.target.kind === 'operator' ? '' : (plan.hosts[step.target.serverName] ?? ''),
      status,
      statusLabel: STEP_STATUS_LABELS[status],
      attempts: r?.attempt ?? 0,
      duration: r?.durationMs === null || r?.durationMs === undefined ? '' : formatDuration(r.durationMs),
      error: r?.error ?? null,
      failingCommand: r?.failingCommand || null,
      decision,
    };
  });

  const linesByStep = new Map<string, string[]>();
  for (const e of input.events) {
    if (e.type !== 'step-output') continue;
    const list = linesByStep.get(e.stepId) ?? [];
    list.push(cut(`${STREAM_PREFIX[e.stream] ?? ''}${e.line}`));
    linesByStep.set(e.stepId, list);
  }
  const outputs: RunReportOutput[] = [];
  for (const step of plan.runbook.steps) {
    const lines = linesByStep.get(step.id);
    if (!lines || lines.length === 0) continue;
    const keep = OUTPUT_HEAD_LINES + OUTPUT_TAIL_LINES;
    const trimmed = lines.length > keep ? [...lines.slice(0, OUTPUT_HEAD_LINES), ...lines.slice(-OUTPUT_TAIL_LINES)] : lines;
    outputs.push({ stepId: step.id, title: step.title, lines: trimmed, omitted: Math.max(0, lines.length - keep) });
  }

  const timeline = input.events.flatMap((e) => {
    const text = timelineText(e);
    return text === null ? [] : [{ at: e.at, text }];
  });

  const started = summary.startedAt ? Date.parse(summary.startedAt) : NaN;
  const ended = summary.endedAt ? Date.parse(summary.endedAt) : NaN;
  const settings = summary.settings ?? plan.settings;
  const facts: RunReportFact[] = [
    { label: 'Run', value: summary.runId || plan.runId, mono: true },
    { label: 'Target', value: input.target === 'lab' ? 'Rehearsal lab (simulated hosts)' : 'Real hosts (PowerShell remoting)' },
    { label: 'Mode', value: settings.dryRun ? 'Dry run: checks and -WhatIf only, nothing changed' : 'Real run' },
    { label: 'Status', value: RUN_STATUS_LABELS[summary.status] },
    { label: 'Planned', value: dateTimeLabel(new Date(plan.plannedAt)) },
    { label: 'Started', value: summary.startedAt ? dateTimeLabel(new Date(summary.startedAt)) : 'not started' },
    { label: 'Ended', value: summary.endedAt ? dateTimeLabel(new Date(summary.endedAt)) : '—' },
    { label: 'Duration', value: Number.isFinite(started) && Number.isFinite(ended) ? formatDuration(ended - started) : '—' },
    { label: 'Runbook hash', value: plan.runbook.contentHash, mono: true },
    { label: 'Parallel steps', value: `at most ${settings.maxParallelHosts}` },
  ];

  const report: RunReport = {
    title: plan.runbook.title,
    organization: plan.runbook.organization,
    runId: plan.runId,
    status: summary.status,
    statusLabel: RUN_STATUS_LABELS[summary.status],
    facts,
    tally: tallyOf(summary.counts),
    hosts: Object.entries(plan.hosts).sort(([a], [b]) => a.localeCompare(b)),
    steps,
    failures: steps.filter((s) => s.status === 'failed'),
    decisions: steps.filter((s) => s.decision !== ''),
    timeline,
    outputs,
    generatedAt: dateTimeLabel(input.generatedAt),
  };
  return redactor.value(report);
}

// ---------------------------------------------------------------------------------------------------------------
// Markdown
// ---------------------------------------------------------------------------------------------------------------

/** An output's lines as a report shows them: with a note where lines were left out in the middle. */
export function shownLines(o: RunReportOutput): readonly string[] {
  return o.omitted > 0 ? [...o.lines.slice(0, OUTPUT_HEAD_LINES), `… ${plural(o.omitted, 'line')} left out …`, ...o.lines.slice(OUTPUT_HEAD_LINES)] : o.lines;
}

function cell(text: string): string {
  return text === '' ? ' ' : mdText(text);
}

export function renderRunReportMarkdown(report: RunReport): string {
  const out: string[] = [];
  out.push(`# Run report: ${mdText(report.title)}`, '', `${mdText(report.organization)} · ${report.tally}.`, '');
  out.push('| | |', '| --- | --- |', ...report.facts.map((f) => `| ${cell(f.label)} | ${f.mono ? mdCode(f.value) : cell(f.value)} |`), '');
  if (report.hosts.length > 0) {
    out.push('## Hosts', '', '| Design server | Host |', '| --- | --- |', ...report.hosts.map(([server, host]) => `| ${cell(server)} | ${cell(host)} |`), '');
  }
  out.push('## Steps', '', '| # | Step | Target | Status | Attempts | Duration |', '| ---: | --- | --- | --- | ---: | ---: |');
  for (const s of report.steps) {
    out.push(`| ${s.number} | ${cell(s.title)}<br>${mdCode(s.id)} | ${cell(s.target)}${s.host ? ` (${cell(s.host)})` : ''} | ${STEP_ICONS[s.status]} ${cell(s.statusLabel)} | ${s.attempts} | ${cell(s.duration)} |`);
  }
  out.push('');
  if (report.failures.length > 0) {
    out.push('## Failures', '');
    for (const f of report.failures) {
      out.push(`- **${f.number}. ${mdText(f.title)}** (${mdCode(f.id)}): ${mdText(f.error ?? '')}`);
      if (f.failingCommand) out.push(`  Failing command: ${mdCode(f.failingCommand)}`);
    }
    out.push('');
  }
  if (report.decisions.length > 0) {
    out.push('## Skips and confirmations', '', ...report.decisions.map((d) => `- **${d.number}. ${mdText(d.title)}**: ${mdText(d.decision)}`), '');
  }
  if (report.timeline.length > 0) {
    out.push('## Timeline', '', ...report.timeline.map((t) => `- ${mdCode(t.at)} ${mdText(t.text)}`), '');
  }
  if (report.outputs.length > 0) {
    out.push('## Output', '', OUTPUT_NOTE, '');
    for (const o of report.outputs) {
      out.push(`### ${mdText(o.title)}`, '', mdFence(shownLines(o).join('\n'), 'text'), '');
    }
  }
  out.push(`_Generated by ExTopo on ${report.generatedAt}._`, '');
  return out.join('\n');
}
