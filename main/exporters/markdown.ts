// The runbook as Markdown: the PDF's content minus the diagram. Cover facts, contents, findings and HA verdict, bill
// of materials as tables, then the steps by phase as `- [ ]` checklist items with ```powershell blocks.
import type { Report, ReportStep, ReportTable } from './report';
import { plural } from '../../shared/planner/text';

const SEVERITY_LABEL = { error: 'Error', warning: 'Warning', info: 'Info' } as const;

/** Escapes text for a Markdown paragraph or table cell (no HTML, no accidental emphasis, links or pipes). */
export function mdText(text: string): string {
  return text
    .replace(/[\\`*_[\]<>|]/g, (c) => `\\${c}`)
    .replace(/~~/g, '\\~\\~')
    .replace(/\r?\n/g, ' ');
}

function mdCell(text: string): string {
  return text === '' ? ' ' : text.split('\n').map(mdText).join('<br>');
}

/** An inline code span that survives backticks in the text. */
export function mdCode(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** A fenced block that no content can close early. */
export function mdFence(code: string, language: string): string {
  const longest = Math.max(0, ...(code.match(/^\s*`{3,}/gm) ?? []).map((r) => r.trim().length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${language}\n${code.replace(/\r\n?/g, '\n')}\n${fence}`;
}

/** GitHub-style heading anchor. */
export function anchor(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s-]/gu, '')
    .trim()
    .replace(/\s/g, '-');
}

function table(columns: readonly string[], rows: readonly (readonly string[])[]): string {
  return [
    `| ${columns.map(mdCell).join(' | ')} |`,
    `| ${columns.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.map(mdCell).join(' | ')} |`),
  ].join('\n');
}

function dataTable(t: ReportTable): string {
  return [`### ${mdText(t.title)}`, '', mdText(t.caption), '', t.rows.length === 0 ? `_${mdText(t.empty)}_` : table(t.columns, t.rows)].join('\n');
}

function stepMd(s: ReportStep): string {
  const step = s.step;
  const meta = [`Step ${mdCode(step.id)}`, `Target: ${mdText(s.targetLabel)}`, `Time: ${mdText(s.durationLabel)}`];
  if (step.restarts) meta.push('**Restarts the host**');
  if (s.dependsOnLabel) meta.push(`After step ${mdText(s.dependsOnLabel)}`);
  const lines = [`- [ ] **${s.number}. ${mdText(step.title)}**`, '', `  ${meta.join(' · ')}`];
  for (const note of step.notes) lines.push('', `  > ${mdText(note)}`);
  const indent = (block: string) => block.split('\n').map((l) => (l === '' ? '' : `  ${l}`)).join('\n');
  if (step.script) lines.push('', `  ${step.supportsWhatIf ? 'Script (honours -WhatIf):' : 'Script:'}`, '', indent(mdFence(step.script, 'powershell')));
  if (step.check) lines.push('', '  Check (already done when this returns `$true`):', '', indent(mdFence(step.check, 'powershell')));
  if (step.action.kind === 'operator') for (const item of step.action.checklist) lines.push(`  - [ ] ${mdText(item)}`);
  return lines.join('\n');
}

export function renderMarkdown(report: Report): string {
  const out: string[] = [];
  out.push(`# ${mdText(report.title)}`, '', `_${mdText(report.subtitle)}_`, '');
  out.push(
    [
      '| Item | Value |',
      '| --- | --- |',
      ...report.facts.map((f) => `| ${mdCell(f.label)} | ${f.mono ? mdCode(f.value) : mdCell(f.value)} |`),
    ].join('\n'),
  );
  out.push('', `**High availability:** ${report.verdict.map((v) => `${v.roleTitle} ${v.highlyAvailable ? '✔' : '✘'}`).join(' · ')}`, '');

  const sections = [
    'Planner findings and high availability',
    'Bill of materials',
    ...(report.sizing.length > 0 ? ['Sizing'] : []),
    ...(report.namespace ? [report.namespace.title] : []),
    'Runbook steps',
  ];
  out.push('## Contents', '');
  for (const s of sections) {
    out.push(`- [${s}](#${anchor(s)})`);
    if (s === 'Runbook steps') report.phases.forEach((p, i) => out.push(`  - [Phase ${i}: ${mdText(p.title)}](#${anchor(`Phase ${i}: ${p.title}`)})`));
  }
  out.push('');

  out.push('## Planner findings and high availability', '');
  out.push(`${plural(report.counts.error, 'error')}, ${plural(report.counts.warning, 'warning')}, ${plural(report.counts.info, 'note')}.`, '');
  out.push('### High availability per role', '');
  out.push(table(['Role', 'Highly available', 'Why'], report.verdict.map((v) => [v.roleTitle, v.highlyAvailable ? '✔ yes' : '✘ no', v.reasons.join('\n') || '—'])), '');
  out.push('### Findings', '');
  if (report.findings.length === 0) out.push('_The planner found nothing to report._', '');
  else {
    out.push(
      table(
        ['Severity', 'Rule', 'Finding', 'Fix', 'Objects'],
        report.findings.map((f) => [SEVERITY_LABEL[f.severity], `${f.ruleTitle}\n(${f.ruleId})`, `${f.message}\nSource: ${f.source}`, f.hint, f.objects]),
      ),
      '',
    );
  }

  out.push('## Bill of materials', '');
  for (const t of report.bom) out.push(dataTable(t), '');
  if (report.sizing.length > 0) {
    out.push('## Sizing', '');
    for (const t of report.sizing) out.push(dataTable(t), '');
  }
  if (report.namespace) {
    out.push(`## ${report.namespace.title}`, '', mdText(report.namespace.intro), '');
    for (const t of report.namespace.tables) out.push(dataTable(t), '');
  }

  out.push('## Runbook steps', '', 'Run the steps in order; tick each box when its check returns `$true`.', '');
  if (report.phases.length === 0) out.push('_The runbook has no steps: the design is already deployed._', '');
  report.phases.forEach((phase, i) => {
    out.push(`### Phase ${i}: ${mdText(phase.title)}`, '');
    for (const s of phase.steps) out.push(stepMd(s), '');
  });
  out.push('---', '', `Runbook content hash (SHA-256): ${mdCode(report.contentHash)} · design revision ${report.revision}`, '');
  return out.join('\n');
}
