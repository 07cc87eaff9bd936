// The run report as a PDF in the runbook's house style (pdfStyle, code blocks from pdf.ts): facts, hosts, every step with
// a coloured status, failures, skips and confirmations, the timeline and the trimmed output of each step.
import type { Content, TDocumentDefinitions, TableCell } from 'pdfmake/interfaces';
import { MONO_FONT, TEXT_FONT } from '../exporters/fonts';
import { codeRows } from '../exporters/pdf';
import { BODY_SIZE, CODE_SIZE, COLORS, MARGIN, SMALL_SIZE, TABLE_SIZE, codeLayout, gridLayout, pdfBytes, plainLayout } from '../exporters/pdfStyle';
import { STEP_ICONS } from '../../shared/runs/status';
import type { StepStatus } from '../executor';
import { OUTPUT_NOTE, shownLines } from './runReport';
import type { RunReport } from './runReport';

const STATUS_COLORS: Readonly<Record<StepStatus, string>> = {
  pending: COLORS.faint,
  running: COLORS.warn,
  waiting: COLORS.warn,
  succeeded: COLORS.ok,
  passed: COLORS.ok,
  'already-done': COLORS.ok,
  confirmed: COLORS.ok,
  skipped: COLORS.warn,
  'would-run': COLORS.accent,
  failed: COLORS.bad,
};

const RUN_COLORS: Readonly<Record<RunReport['status'], string>> = {
  planned: COLORS.muted,
  running: COLORS.warn,
  interrupted: COLORS.warn,
  waiting: COLORS.warn,
  succeeded: COLORS.ok,
  failed: COLORS.bad,
  aborted: COLORS.warn,
};

function header(text: string): TableCell {
  return { text, bold: true, fontSize: TABLE_SIZE };
}

function stepsTable(report: RunReport): Content {
  const body: TableCell[][] = [
    [header('#'), header('Step'), header('Target'), header('Status'), header('Tries'), header('Duration')],
    ...report.steps.map((s): TableCell[] => [
      { text: String(s.number), alignment: 'right' },
      { text: [{ text: s.title }, { text: `\n${s.id}`, font: MONO_FONT, fontSize: TABLE_SIZE - 1.2, color: COLORS.muted }] },
      { text: [{ text: s.target }, ...(s.host ? [{ text: `\n${s.host}`, color: COLORS.muted, fontSize: TABLE_SIZE - 1 }] : [])] },
      { text: `${STEP_ICONS[s.status]} ${s.statusLabel}`, color: STATUS_COLORS[s.status], bold: s.status === 'failed' },
      { text: String(s.attempts), alignment: 'right' },
      { text: s.duration, alignment: 'right' },
    ]),
  ];
  return {
    table: { headerRows: 1, dontBreakRows: true, widths: [16, '*', 112, 82, 24, 42], body },
    layout: gridLayout,
    fontSize: TABLE_SIZE,
    margin: [0, 0, 0, 10],
  };
}

export function runReportPdfDefinition(report: RunReport, createdAt: Date): TDocumentDefinitions {
  const content: Content[] = [
    { text: 'EXCHANGE SERVER 2010 · RUN REPORT', color: COLORS.accent, bold: true, fontSize: 9, characterSpacing: 1.2, margin: [0, 0, 0, 8] },
    { text: report.title, fontSize: 18, bold: true, margin: [0, 0, 0, 4] },
    { text: report.organization, fontSize: 12, color: COLORS.muted, margin: [0, 0, 0, 10] },
    { text: [{ text: 'Result: ', bold: true }, { text: report.statusLabel, bold: true, color: RUN_COLORS[report.status] }, { text: ` · ${report.tally}.` }], margin: [0, 0, 0, 10] },
    {
      table: { widths: [100, '*'], body: report.facts.map((f): TableCell[] => [{ text: f.label, color: COLORS.muted }, f.mono ? { text: f.value, font: MONO_FONT, fontSize: BODY_SIZE - 1 } : { text: f.value }]) },
      layout: plainLayout,
      margin: [0, 0, 0, 10],
    },
  ];
  if (report.hosts.length > 0) {
    content.push(
      { text: 'Hosts', style: 'h2' },
      {
        table: { headerRows: 1, widths: [120, '*'], body: [[header('Design server'), header('Host')], ...report.hosts.map(([server, host]): TableCell[] => [server, host])] },
        layout: gridLayout,
        fontSize: TABLE_SIZE,
        margin: [0, 0, 0, 10],
      },
    );
  }
  content.push({ text: 'Steps', style: 'h2' }, stepsTable(report));
  if (report.failures.length > 0) {
    content.push({ text: 'Failures', style: 'h2' });
    for (const f of report.failures) {
      content.push({
        stack: [
          { text: `${f.number}. ${f.title}`, bold: true, color: COLORS.bad },
          { text: f.error ?? '', margin: [12, 1, 0, 0] },
          ...(f.failingCommand ? [{ text: [{ text: 'Failing command: ', color: COLORS.muted }, { text: f.failingCommand, font: MONO_FONT, fontSize: CODE_SIZE }], margin: [12, 1, 0, 0] } as Content] : []),
        ],
        margin: [0, 0, 0, 6],
      });
    }
  }
  if (report.decisions.length > 0) {
    content.push({ text: 'Skips and confirmations', style: 'h2' }, { ul: report.decisions.map((d) => `${d.number}. ${d.title}: ${d.decision}`), margin: [0, 0, 0, 8] });
  }
  if (report.timeline.length > 0) {
    content.push(
      { text: 'Timeline', style: 'h2' },
      {
        table: { widths: [118, '*'], body: report.timeline.map((t): TableCell[] => [{ text: t.at.replace('T', ' ').replace(/\.\d+Z$/, 'Z'), font: MONO_FONT, fontSize: SMALL_SIZE - 0.6, color: COLORS.muted }, t.text]) },
        layout: plainLayout,
        fontSize: SMALL_SIZE + 0.4,
        margin: [0, 0, 0, 8],
      },
    );
  }
  if (report.outputs.length > 0) {
    content.push(
      { text: 'Output', style: 'h2', pageBreak: 'before' },
      { text: OUTPUT_NOTE, color: COLORS.muted, fontSize: SMALL_SIZE + 0.4, margin: [0, 0, 0, 6] },
    );
    for (const o of report.outputs) {
      const { rows } = codeRows(o.title, shownLines(o).join('\n'));
      content.push({ table: { widths: ['*'], body: rows, dontBreakRows: false }, layout: codeLayout, margin: [0, 0, 0, 6] });
    }
  }
  return {
    pageSize: 'A4',
    pageMargins: [MARGIN.left, MARGIN.top, MARGIN.right, MARGIN.bottom],
    info: { title: `${report.title}: run report ${report.runId}`, author: 'ExTopo', subject: report.organization, creator: 'ExTopo', producer: 'ExTopo (pdfmake)', creationDate: createdAt },
    defaultStyle: { font: TEXT_FONT, fontSize: BODY_SIZE, color: COLORS.text, lineHeight: 1.15 },
    styles: {
      h2: { fontSize: 12, bold: true, margin: [0, 8, 0, 4] },
      codeLabel: { fontSize: SMALL_SIZE - 0.6, bold: true, color: COLORS.muted },
      code: { font: MONO_FONT, fontSize: CODE_SIZE, lineHeight: 1.12, preserveLeadingSpaces: true },
    },
    header: (currentPage) =>
      currentPage === 1 ? null : { columns: [{ text: `${report.title}: run ${report.runId}` }, { text: report.organization, alignment: 'right' }], fontSize: SMALL_SIZE, color: COLORS.faint, margin: [MARGIN.left, 24, MARGIN.right, 0] },
    footer: (currentPage, pageCount) => ({
      columns: [{ text: `Generated ${report.generatedAt}`, color: COLORS.faint }, { text: `Page ${currentPage} of ${pageCount}`, alignment: 'right', color: COLORS.muted }],
      fontSize: SMALL_SIZE,
      margin: [MARGIN.left, 18, MARGIN.right, 0],
    }),
    content,
  };
}

/** Renders the run report PDF in the house style (pdfStyle: bundled fonts only, no other file and no URL is read). */
export function renderRunReportPdf(report: RunReport, createdAt: Date): Promise<Uint8Array> {
  return pdfBytes(runReportPdfDefinition(report, createdAt));
}
