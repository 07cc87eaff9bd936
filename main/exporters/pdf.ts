// The runbook as a PDF a consultant can sign off: cover page, contents, the topology diagram (vector), planner
// findings and HA verdict, bill of materials, sizing, and the steps by phase with checkboxes and wrapped PowerShell.
// pdfmake 0.3 in Node; fonts embedded from the dejavu-fonts-ttf package.
import type { Content, ContentTable, CustomTableLayout, TDocumentDefinitions, TableCell } from 'pdfmake/interfaces';
import { diagramSvgSize, PRINT_MARGIN, printDiagrams, printScale, renderDiagramSvg, ROLE_COLORS, SEVERITY_COLORS } from '../../shared/diagram';
import type { Diagram, PrintArea, PrintDiagram } from '../../shared/diagram';
import type { Role } from '../../shared/model/types';
import { plural } from '../../shared/planner/text';
import type { Severity } from '../../shared/planner/types';
import { wrapCode } from './codewrap';
import { fitLines, fittedRuns, lineHeight, measureText, runStyle, styledRun, wordPieces } from './textfit';
import { MONO_ADVANCE_EM, MONO_FONT, TEXT_FONT } from './fonts';
import { BODY_SIZE, CELL_PADDING, CODE_PADDING, CODE_SIZE, COLORS, MARGIN, SMALL_SIZE, TABLE_SIZE, codeLayout, gridLayout, pdfBytes, plainLayout } from './pdfStyle';
import type { Report, ReportPhase, ReportStep, ReportTable } from './report';
import { KIND_LABELS, scriptShape, shortTargetLabel } from './report';

// Page geometry (points). A4 portrait; the diagram page is A4 landscape.
const PAGE = { width: 595.28, height: 841.89 } as const;
const CONTENT_WIDTH = PAGE.width - MARGIN.left - MARGIN.right;
const LANDSCAPE_CONTENT = { width: PAGE.height - MARGIN.left - MARGIN.right, height: PAGE.width - MARGIN.top - MARGIN.bottom } as const;
/** Room the diagram page's heading and caption take above the drawing. */
const DIAGRAM_HEADING_SPACE = 64;

/** Rule ids in the findings table (the other text sizes are the house style's, in pdfStyle). */
const RULE_ID_SIZE = 6.6;
/** Step ids under their titles in the checklists. */
const ID_SIZE = SMALL_SIZE - 1.2;

// Steps.
const STEP_INDENT = 18;
/** Code lines per table row: rows can break across pages, so long scripts flow onto the next page. */
const CODE_LINES_PER_ROW = 14;
/** Steps with at most this many printed code lines are kept on one page (longer ones flow across pages). */
const UNBREAKABLE_STEP_LINES = 34;
/** Printed characters per code line, from the block's inner width and the mono font's fixed advance. */
export const CODE_COLUMNS = Math.floor((CONTENT_WIDTH - STEP_INDENT - 2 * CODE_PADDING - 2) / (CODE_SIZE * MONO_ADVANCE_EM));


const SEVERITY_LABEL: Record<Severity, string> = { error: 'Error', warning: 'Warning', info: 'Info' };

const signLayout: CustomTableLayout = {
  hLineWidth: (i) => (i === 0 ? 0 : 0.6),
  vLineWidth: () => 0,
  hLineColor: () => COLORS.faint,
  paddingLeft: () => 2,
  paddingRight: () => 10,
  paddingTop: () => 4,
  paddingBottom: () => 4,
};

/** Headings listed in the contents, with their level (see tableOfContents). */
const TOC_LEVELS = new WeakMap<object, 1 | 2>();

type HeadingExtra = Partial<Record<'pageBreak' | 'pageOrientation', string>> & { margin?: [number, number, number, number] };

function h1(text: string, extra: HeadingExtra = {}): Content {
  const node = { text, style: 'h1', ...extra };
  TOC_LEVELS.set(node, 1);
  return node as Content;
}

function h2(text: string, toc = true, extra: HeadingExtra = {}): Content {
  const node = { text, style: 'h2', ...extra };
  if (toc) TOC_LEVELS.set(node, 2);
  return node as Content;
}

function caption(text: string): Content {
  return { text, style: 'caption' };
}

// ---------------------------------------------------------------------------------------------------------------
// Cover
// ---------------------------------------------------------------------------------------------------------------

/** Facts the executive summary says in words (left out of the cover's fact table). */
const SUMMARISED_FACTS = new Set(['Scope', 'Planner']);

function cover(report: Report): Content[] {
  const factRows = report.facts.filter((f) => !SUMMARISED_FACTS.has(f.label));
  const facts: TableCell[][] = factRows.map((f) => [
    { text: f.label, color: COLORS.muted, fontSize: BODY_SIZE - 0.5 },
    f.mono ? { text: f.value, font: MONO_FONT, fontSize: BODY_SIZE - 1 } : { text: f.value },
  ]);
  // The author after the organization; a line to fill in when the export does not know it.
  facts.splice(1, 0, [
    { text: 'Author', color: COLORS.muted, fontSize: BODY_SIZE - 0.5 },
    report.author ? { text: report.author } : { canvas: [{ type: 'line', x1: 0, y1: 10, x2: 200, y2: 10, lineWidth: 0.6, lineColor: COLORS.faint }] },
  ]);
  const summary = report.summary;
  const label = (text: string): Content => ({ text, bold: true, color: COLORS.text });
  const verdict = summary.ha.flatMap((v, i) => [
    { text: `${i > 0 ? '     ' : ''}${v.roleTitle} `, color: COLORS.text },
    { text: v.highlyAvailable ? '✔ HA' : '✘ not HA', color: v.highlyAvailable ? COLORS.ok : COLORS.bad, bold: true },
  ]);
  const why = summary.ha.flatMap((v) => v.why.map((reason) => `${v.roleTitle}: ${reason}`));
  const counts = `${plural(report.counts.error, 'error')}, ${plural(report.counts.warning, 'warning')}, ${plural(report.counts.info, 'note')}`;
  const findings: Content[] = summary.topFindings.map((f) => ({
    text: [{ text: `${SEVERITY_LABEL[f.severity]} `, bold: true, color: SEVERITY_COLORS[f.severity] }, { text: `${f.ruleTitle}: `, bold: true }, { text: f.message }],
  }));
  if (summary.moreFindings > 0) findings.push({ text: `and ${summary.moreFindings} more (all in "Planner findings").`, color: COLORS.muted });
  const sign: TableCell[][] = [
    [{ text: '', fontSize: SMALL_SIZE }, { text: 'Name', style: 'signHead' }, { text: 'Signature', style: 'signHead' }, { text: 'Date', style: 'signHead' }],
    ...['Prepared by', 'Reviewed by', 'Approved by'].map((role): TableCell[] => [{ text: role, color: COLORS.muted, margin: [0, 12, 0, 0] }, '', '', '']),
  ];
  return [
    { text: 'EXCHANGE SERVER 2010 · DEPLOYMENT RUNBOOK', color: COLORS.accent, bold: true, fontSize: 9, characterSpacing: 1.2, margin: [0, 24, 0, 10] },
    // A long title in a smaller size, so that the cover stays one page.
    { text: report.title, fontSize: fitLines(report.title, 'sansBold', 24, CONTENT_WIDTH).length <= 2 ? 24 : 19, bold: true, margin: [0, 0, 0, 6] },
    { text: report.organization, fontSize: 13, color: COLORS.muted, margin: [0, 0, 0, 16] },
    { table: { widths: [120, '*'], body: facts }, layout: plainLayout },
    { text: 'Executive summary', style: 'h3', margin: [0, 16, 0, 4] },
    {
      stack: [
        { text: [label('What will be deployed. '), { text: summary.deployed }], margin: [0, 0, 0, 5] },
        { text: [label('High availability. '), ...verdict], margin: [0, 0, 0, why.length + summary.siteResilience.length > 0 ? 2 : 5] },
        ...(why.length + summary.siteResilience.length > 0 ? [{ ul: [...why, ...summary.siteResilience], color: COLORS.muted, markerColor: COLORS.faint, margin: [0, 0, 0, 5] } as Content] : []),
        { text: [label('Open findings. '), { text: summary.topFindings.length === 0 ? `None: ${counts}.` : `${counts}; the first:` }], margin: [0, 0, 0, 2] },
        ...(findings.length > 0 ? [{ ul: findings, markerColor: COLORS.faint } as Content] : []),
      ],
      fontSize: BODY_SIZE - 0.5,
    },
    { text: 'Sign-off', style: 'h3', margin: [0, 18, 0, 4] },
    { table: { widths: [80, '*', '*', 80], body: sign }, layout: signLayout },
  ];
}

// ---------------------------------------------------------------------------------------------------------------
// Tables
// ---------------------------------------------------------------------------------------------------------------

// Complete styles of the fitted runs of table cells (textfit: pdfmake looks nothing up for them).
const CELL = runStyle('sans', TABLE_SIZE, COLORS.text);
const CELL_BOLD = runStyle('sansBold', TABLE_SIZE, COLORS.text);
const CELL_MUTED = runStyle('sans', TABLE_SIZE, COLORS.muted);
const CELL_ID = runStyle('mono', ID_SIZE, COLORS.muted);
const CODE = { ...runStyle('mono', CODE_SIZE, COLORS.text, 1.12), preserveLeadingSpaces: true };
const CODE_CONTINUED = { ...CODE, color: COLORS.muted };

/** The fitted lines of a Roles cell, each role name in its colour. */
function roleRuns(lines: readonly string[]): Content[] {
  const runs: Content[] = [];
  lines.forEach((line, i) => {
    if (i > 0) runs.push(styledRun('\n', CELL, false));
    for (const part of line.split(/(, ?)/)) {
      if (part === '') continue;
      const color = (ROLE_COLORS as Record<string, string>)[part as Role];
      runs.push(styledRun(part, color ? { ...CELL_BOLD, color } : CELL));
    }
  });
  return runs;
}

/**
 * Width of the longest word of a cell (names, FQDNs, addresses should not be split mid-word), or with `pieces` of
 * its longest unbreakable piece (names and URLs broken where textfit may break them).
 */
function longestWord(cell: string, bold: boolean, pieces = false): number {
  let max = 0;
  for (const word of cell.split(/\s+/)) {
    if (!word) continue;
    for (const piece of pieces ? wordPieces(word) : [word]) max = Math.max(max, measureText(piece, bold ? 'sansBold' : 'sans', TABLE_SIZE));
  }
  return max;
}

/**
 * Column widths for a table: proportional to the table's relative widths, but never narrower than the column's
 * longest word (when the page is wide enough for all of them), so that FQDNs and addresses stay whole. When it is
 * not, names and URLs break after their dots, hyphens and slashes, and the columns are kept as wide as their
 * longest unbreakable piece (an address, an id) instead.
 */
export function columnWidths(t: Pick<ReportTable, 'columns' | 'rows' | 'widths' | 'namedRows'>, available: number): number[] {
  const minimums = (pieces: boolean) =>
    t.columns.map((c, i) => {
      let w = longestWord(c, true, pieces);
      for (const row of t.rows) w = Math.max(w, longestWord(row[i] ?? '', i === 0 && t.namedRows === true, pieces) + 0.5);
      return Math.ceil(w);
    });
  let mins = minimums(false);
  if (mins.reduce((a, b) => a + b, 0) >= available) mins = minimums(true);
  const minTotal = mins.reduce((a, b) => a + b, 0);
  if (minTotal >= available) return mins.map((m) => (m / minTotal) * available);
  return proportional(t.widths, mins, available);
}

/** Widths proportional to `weights`, each at least its minimum (columns too narrow are fixed at it, the rest share). */
function proportional(weights: readonly number[], mins: readonly number[], available: number): number[] {
  const n = weights.length;
  const fixed = new Set<number>();
  for (;;) {
    const free = [...Array(n).keys()].filter((i) => !fixed.has(i));
    const remaining = available - [...fixed].reduce((a, i) => a + mins[i], 0);
    const weight = free.reduce((a, i) => a + weights[i], 0);
    const tooNarrow = free.filter((i) => (weights[i] / weight) * remaining < mins[i]);
    if (tooNarrow.length === 0) return [...Array(n).keys()].map((i) => (fixed.has(i) ? mins[i] : (weights[i] / weight) * remaining));
    for (const i of tooNarrow) fixed.add(i);
  }
}

// Keep-with-next without asking pdfmake to lay the document out again (its pageBreakBefore callback re-lays out the
// whole document for every heading it moves): every table cell is fitted beforehand (textfit), so the height of
// each row is known exactly, and the chapters of tables (bill of materials, sizing, namespace) are paginated here:
// a table that fits on a page stays in one piece with its heading; a longer one starts where its heading, header
// row and first rows fit, else on the next page, and repeats its header row on every page.

/** Printable height of a portrait page (points). */
const PAGE_INNER_HEIGHT = PAGE.height - MARGIN.top - MARGIN.bottom;
/** The line-height factor of the document's default style. */
const LINE_HEIGHT = 1.15;
/** Printed height of a line of table text, bold (header, names) or not. */
const TABLE_LINE = Math.max(lineHeight('sans', TABLE_SIZE, LINE_HEIGHT), lineHeight('sansBold', TABLE_SIZE, LINE_HEIGHT));
/** Room kept free when deciding whether something still fits on the page (estimates, rounding). */
const FIT_SLACK = 18;
/** Body rows a long table keeps with its heading and header row. */
const ROWS_WITH_HEADING = 3;
const TABLE_MARGIN_BOTTOM = 12;

/** Height of a grid table row of `lines` printed lines: rule above, padding, text, padding (gridLayout). */
function gridRowHeight(lines: number, ruleAbove: number): number {
  return ruleAbove + 3 + lines * TABLE_LINE + 3;
}

/** Height of a heading (h2) with its caption, as pdfmake prints them (styles h2 and caption). */
function headingHeight(captionText: string): number {
  const captionLines = captionText === '' ? 0 : fitLines(captionText, 'sans', SMALL_SIZE + 0.4, CONTENT_WIDTH).length;
  return 12 + lineHeight('sansBold', 12, LINE_HEIGHT) + 2 + captionLines * lineHeight('sans', SMALL_SIZE + 0.4, LINE_HEIGHT) + 6;
}

/** Height of an h1 with an optional caption (a chapter's opening lines). */
function chapterHeadingHeight(captionText?: string): number {
  const h = lineHeight('sansBold', 17, LINE_HEIGHT) + 4;
  return captionText ? h + fitLines(captionText, 'sans', SMALL_SIZE + 0.4, CONTENT_WIDTH).length * lineHeight('sans', SMALL_SIZE + 0.4, LINE_HEIGHT) + 6 : h;
}

interface FittedTable {
  readonly heading: Content;
  readonly table: ContentTable | null;
  readonly empty: Content | null;
  readonly headingHeight: number;
  /** Heights of the header row and of each body row. */
  readonly headerHeight: number;
  readonly rowHeights: readonly number[];
  /** Space under the table (and above it, counted in headingHeight); default TABLE_MARGIN_BOTTOM. */
  readonly marginBottom?: number;
}

/** A data table with every cell fitted to its column, and the heights it prints at. */
function fittedTable(t: ReportTable): FittedTable {
  const heading: Content = { stack: [h2(t.title), caption(t.caption)] };
  const hh = headingHeight(t.caption);
  if (t.rows.length === 0) return { heading, table: null, empty: { text: t.empty, italics: true, color: COLORS.muted, margin: [0, 0, 0, 10] }, headingHeight: hh, headerHeight: 0, rowHeights: [] };
  const widths = columnWidths(t, CONTENT_WIDTH - t.columns.length * 2 * CELL_PADDING - 1);
  const rolesColumn = t.columns.indexOf('Roles');
  const header = t.columns.map((c, i) => fitLines(c, 'sansBold', TABLE_SIZE, widths[i]));
  const body: TableCell[][] = [header.map((lines) => ({ text: fittedRuns(lines, CELL_BOLD) }) as TableCell)];
  const rowHeights: number[] = [];
  for (const row of t.rows) {
    let lines = 1;
    body.push(
      row.map((cell, i): TableCell => {
        if (i === rolesColumn) {
          const fitted = fitLines(cell, 'sansBold', TABLE_SIZE, widths[i]);
          lines = Math.max(lines, fitted.length);
          return { text: roleRuns(fitted) } as TableCell;
        }
        if (i === 0 && t.namedRows && cell !== '') {
          const [name, ...rest] = cell.split('\n');
          const nameLines = fitLines(name, 'sansBold', TABLE_SIZE, widths[i]);
          const restLines = rest.length > 0 ? fitLines(rest.join('\n'), 'sans', TABLE_SIZE, widths[i]) : [];
          lines = Math.max(lines, nameLines.length + restLines.length);
          const runs = fittedRuns(nameLines, CELL_BOLD);
          if (restLines.length > 0) runs.push(styledRun('\n', CELL, false), ...fittedRuns(restLines, CELL_MUTED));
          return { text: runs } as TableCell;
        }
        const fitted = fitLines(cell, 'sans', TABLE_SIZE, widths[i]);
        lines = Math.max(lines, fitted.length);
        return { text: fittedRuns(fitted, CELL) } as TableCell;
      }),
    );
    rowHeights.push(gridRowHeight(lines, rowHeights.length === 0 ? 0.8 : 0.4));
  }
  const headerHeight = gridRowHeight(Math.max(...header.map((l) => l.length)), 0.8);
  const table: ContentTable = { table: { headerRows: 1, dontBreakRows: true, keepWithHeaderRows: 1, widths, body }, layout: gridLayout, fontSize: TABLE_SIZE, margin: [0, 0, 0, TABLE_MARGIN_BOTTOM] };
  return { heading, table, empty: null, headingHeight: hh, headerHeight, rowHeights };
}

/**
 * A chapter of tables, paginated: `used` is the height already printed on the chapter's first page (its heading).
 * A table that fits on a page is one unbreakable block with its heading (moved to the next page whole when it does
 * not fit where it is); a longer one starts on the next page unless its heading, header row and first rows fit.
 */
function tableChapter(tables: readonly ReportTable[], used: number): Content[] {
  return paginate(tables.map(fittedTable), used);
}

/** Fitted tables one after the other, paginated (see tableChapter). */
function paginate(tables: readonly FittedTable[], used: number): Content[] {
  const out: Content[] = [];
  let y = used;
  for (const f of tables) {
    const marginBottom = f.marginBottom ?? TABLE_MARGIN_BOTTOM;
    if (!f.table) {
      const h = f.headingHeight + 22;
      if (y + h + FIT_SLACK > PAGE_INNER_HEIGHT) y = 0;
      out.push({ stack: [f.heading, f.empty as Content], unbreakable: true });
      y += h;
      continue;
    }
    const total = f.headingHeight + f.headerHeight + f.rowHeights.reduce((a, b) => a + b, 0) + 0.8 + marginBottom;
    if (total + FIT_SLACK <= PAGE_INNER_HEIGHT) {
      if (y + total + FIT_SLACK > PAGE_INNER_HEIGHT) y = 0;
      out.push({ stack: [f.heading, f.table], unbreakable: true });
      y += total;
      continue;
    }
    const start = f.headingHeight + f.headerHeight + f.rowHeights.slice(0, ROWS_WITH_HEADING).reduce((a, b) => a + b, 0);
    const breakBefore = y > 0 && y + start + FIT_SLACK > PAGE_INNER_HEIGHT;
    if (breakBefore) y = 0;
    out.push({ stack: [f.heading, f.table], ...(breakBefore ? { pageBreak: 'before' } : {}) } as Content);
    // The rows as pdfmake places them: a row that does not fit goes to the next page, under the repeated header.
    y += f.headingHeight + f.headerHeight;
    for (const r of f.rowHeights) {
      if (y + r > PAGE_INNER_HEIGHT) y = f.headerHeight + r;
      else y += r;
    }
    y += 0.8 + marginBottom;
  }
  return out;
}

/** Width of the findings table's "Objects" column. */
const FINDING_OBJECTS_WIDTH = 96;

function findingsSection(report: Report): Content[] {
  const out: Content[] = [h1('Planner findings and high availability', { pageBreak: 'before', pageOrientation: 'portrait' })];
  out.push(caption(`The design as checked against Exchange 2010's constraints: ${plural(report.counts.error, 'error')}, ${plural(report.counts.warning, 'warning')}, ${plural(report.counts.info, 'note')}.`));
  out.push(h2('High availability per role'));
  const verdictBody: TableCell[][] = [
    [{ text: 'Role', style: 'tableHeader' }, { text: 'Highly available', style: 'tableHeader' }, { text: 'Why', style: 'tableHeader' }],
    ...report.verdict.map((v): TableCell[] => [
      { text: v.roleTitle, bold: true },
      { text: v.highlyAvailable ? '✔ yes' : '✘ no', color: v.highlyAvailable ? COLORS.ok : COLORS.bad, bold: true },
      v.reasons.length > 0 ? { ul: [...v.reasons], markerColor: COLORS.faint } : { text: '—', color: COLORS.muted },
    ]),
  ];
  out.push({ table: { headerRows: 1, widths: [80, 70, '*'], body: verdictBody }, layout: gridLayout, style: 'table', margin: [0, 0, 0, 12] });

  out.push(h2('Findings'));
  if (report.findings.length === 0) {
    out.push({ text: 'The planner found nothing to report.', italics: true, color: COLORS.muted });
    return out;
  }
  const body: TableCell[][] = [
    ['Severity', 'Rule', 'Finding', 'Objects'].map((c) => ({ text: c, style: 'tableHeader' })),
    ...report.findings.map((f): TableCell[] => [
      { text: SEVERITY_LABEL[f.severity], color: SEVERITY_COLORS[f.severity], bold: true },
      { text: [{ text: `${f.ruleTitle}\n` }, { text: f.ruleId, font: MONO_FONT, fontSize: RULE_ID_SIZE, color: COLORS.muted }] },
      {
        text: [
          { text: `${f.message}\n` },
          { text: 'Fix: ', bold: true, color: COLORS.muted },
          { text: `${f.hint}\n`, color: COLORS.muted },
          { text: `Source: ${f.source}`, fontSize: SMALL_SIZE - 0.8, color: COLORS.faint },
        ],
      },
      // Object names are fitted here: an FQDN wraps after a dot or a hyphen, never inside a label.
      { text: fittedRuns(fitLines(f.objects, 'sans', TABLE_SIZE, FINDING_OBJECTS_WIDTH), CELL) },
    ]),
  ];
  // The rule column fits the longest rule id on one line (ids are searched for, so they should not wrap).
  const ruleWidth = Math.ceil(Math.max(...report.findings.map((f) => f.ruleId.length)) * RULE_ID_SIZE * MONO_ADVANCE_EM) + 1;
  out.push({ table: { headerRows: 1, dontBreakRows: true, widths: [44, Math.max(80, ruleWidth), '*', FINDING_OBJECTS_WIDTH], body }, layout: gridLayout, style: 'table' });
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Steps
// ---------------------------------------------------------------------------------------------------------------

/**
 * Rows of a code box: a label row, then the code wrapped to the box's width (never cut). Continuations carry no
 * marker character (a copy would carry it into the script); they are printed in a lighter colour instead.
 */
export function codeRows(label: string, code: string): { rows: TableCell[][]; lines: number } {
  const lines = wrapCode(code, CODE_COLUMNS, 0);
  const rows: TableCell[][] = [[{ text: label, style: 'codeLabel' }]];
  for (let i = 0; i < lines.length; i += CODE_LINES_PER_ROW) {
    const runs: Content[] = [];
    lines.slice(i, i + CODE_LINES_PER_ROW).forEach((line, j) => {
      // A space keeps empty lines from collapsing.
      // One unbreakable run per printed line (wrapCode fitted it): pdfmake handles a line, not every word of it.
      if (j > 0) runs.push(styledRun('\n', CODE, false));
      runs.push(line.continuation ? styledRun(line.text, CODE_CONTINUED) : styledRun(line.text === '' ? ' ' : line.text, CODE));
    });
    rows.push([{ text: runs } as TableCell]);
  }
  return { rows, lines: lines.length };
}

interface StepBlockOptions {
  /** Shown as the model of `sameKind` steps of a compact phase (no checkbox: the checklist has them). */
  readonly sameKind?: number;
  /** Which variant of its kind the model is (1-based), when the kind's steps have scripts of several shapes. */
  readonly variant?: number;
}

function stepBlock(s: ReportStep, options: StepBlockOptions = {}): Content {
  const step = s.step;
  const meta: Content[] = [
    { text: 'Step ', color: COLORS.muted },
    { text: step.id, font: MONO_FONT, fontSize: SMALL_SIZE - 0.4 },
    { text: '   Target: ', color: COLORS.muted },
    { text: s.targetLabel },
    { text: '   Time: ', color: COLORS.muted },
    { text: s.durationLabel },
  ];
  if (step.restarts) meta.push({ text: '   Restarts the host', color: COLORS.bad, bold: true });
  if (s.dependsOnLabel) meta.push({ text: '   After step ', color: COLORS.muted }, { text: s.dependsOnLabel });
  const title: Content =
    options.sameKind === undefined
      ? { text: [{ text: '☐  ', fontSize: BODY_SIZE + 3, bold: false }, { text: `${s.number}. `, color: COLORS.muted }, { text: step.title }], style: 'stepTitle' }
      : {
          text: [
            { text: `${KIND_LABELS[step.action.kind]}${options.variant ? ` (variant ${options.variant})` : ''}` },
            { text: `\nShown for step ${s.number}: ${step.title}`, bold: false, fontSize: BODY_SIZE, color: COLORS.muted },
          ],
          style: 'stepTitle',
          margin: [STEP_INDENT, 7, 0, 0],
        };
  const parts: Content[] = [title, { text: meta, style: 'stepMeta' }];
  if (options.sameKind !== undefined && options.sameKind > 1) {
    parts.push({ text: `${plural(options.sameKind, 'step')} of this phase run this script, each with its own values (server, NIC, database…).`, style: 'stepNotes', italics: true });
  }
  if (step.notes.length > 0) parts.push({ ul: [...step.notes], style: 'stepNotes', markerColor: COLORS.faint });
  if (step.action.kind === 'operator' && step.action.checklist.length > 0) {
    parts.push({ text: step.action.checklist.map((item) => `☐ ${item}`).join('\n'), style: 'stepNotes' });
  }
  const rows: TableCell[][] = [];
  let lines = 0;
  if (step.script) {
    const block = codeRows(step.supportsWhatIf ? 'Script (honours -WhatIf)' : 'Script', step.script);
    rows.push(...block.rows);
    lines += block.lines;
  }
  if (step.check) {
    const block = codeRows('Check: already done when this returns $true', step.check);
    rows.push(...block.rows);
    lines += block.lines;
  }
  if (rows.length > 0) parts.push({ table: { widths: ['*'], body: rows, dontBreakRows: true }, layout: codeLayout, margin: [STEP_INDENT, 1, 0, 4] });
  return lines <= UNBREAKABLE_STEP_LINES ? { stack: parts, unbreakable: true } : { stack: parts };
}

/** Longest success-check line printed in a procedure step (the full check is in the appendix). */
const CHECK_SUMMARY_CHARS = 96;

/** The last line of a check that says something (what it returns) (not a brace or a comment), shortened to one printed line. */
export function checkSummary(check: string): string {
  const line = check.split(/\r?\n/).map((l) => l.trim()).reverse().find((l) => l !== '' && !/^[{}()]+$/.test(l) && !l.startsWith('#')) ?? '';
  return line.length > CHECK_SUMMARY_CHARS ? `${line.slice(0, CHECK_SUMMARY_CHARS - 1).trimEnd()}…` : line;
}

/** A step as the operator reads it: title, target, what it does, how success is checked, expected time. */
function procedureStep(s: ReportStep): Content {
  const step = s.step;
  const label = (t: string): Content => ({ text: t, color: COLORS.muted });
  const meta: Content[] = [label('Step id '), { text: step.id, font: MONO_FONT, fontSize: SMALL_SIZE - 0.4 }, label('   Target: '), { text: s.targetLabel }, label('   Expected time: '), { text: s.durationLabel }];
  if (step.restarts) meta.push({ text: '   Restarts the host', color: COLORS.bad, bold: true });
  if (s.dependsOnLabel) meta.push(label('   After step '), { text: s.dependsOnLabel });
  const does = [KIND_LABELS[step.action.kind], ...step.notes].join('. ').replace(/\.\./g, '.');
  const check = step.check
    ? [label('Success check: '), { text: checkSummary(step.check), font: MONO_FONT, fontSize: CODE_SIZE }, label(`  (returns $true when done; in full in Appendix A, step ${s.number})`)]
    : [label('Success check: '), { text: 'the operator confirms every item below.' }];
  const parts: Content[] = [
    { text: [{ text: '☐  ', fontSize: BODY_SIZE + 3, bold: false }, { text: `${s.number}. `, color: COLORS.muted }, { text: step.title }], style: 'stepTitle' },
    { text: meta, style: 'stepMeta' },
    { text: [label('What it does: '), { text: does }], style: 'stepNotes' },
    { text: check, style: 'stepNotes' },
  ];
  if (step.action.kind === 'operator' && step.action.checklist.length > 0) {
    parts.push({ text: step.action.checklist.map((item) => `☐ ${item}`).join('\n'), style: 'stepNotes' });
  }
  return { stack: parts, unbreakable: true };
}

function phaseHeading(phase: ReportPhase, index: number): Content {
  return h2(`Phase ${index}: ${phase.title}`);
}

function phaseSection(phase: ReportPhase, index: number): Content[] {
  const heading = phaseHeading(phase, index);
  const firstNumber = phase.steps[0].number;
  const lastNumber = phase.steps[phase.steps.length - 1].number;
  const contiguous = lastNumber - firstNumber + 1 === phase.steps.length;
  const intro = caption(`${plural(phase.steps.length, 'step')}${contiguous && phase.steps.length > 1 ? `: steps ${firstNumber}–${lastNumber}` : ''}.`);
  const [first, ...rest] = phase.steps;
  // The heading stays with the phase's first step.
  return [{ stack: [heading, intro, procedureStep(first)], unbreakable: true }, ...rest.map((s) => procedureStep(s))];
}

/** Column widths of the checklist of a compact phase: checkbox and number, step (title and id), target, time. */
const CHECKLIST_WIDTHS = [36, CONTENT_WIDTH - 4 * 2 * CELL_PADDING - (36 + 90 + 38) - 1, 90, 38] as const;

/** Printed height of a step id line under its title in a checklist. */
const ID_LINE = lineHeight('mono', ID_SIZE, LINE_HEIGHT);

/**
 * A compact phase: its heading and every step in order as a checklist table. Thousands of rows in a large design:
 * each cell's lines are fitted beforehand (textfit), so pdfmake handles a run per line, not an object per word, and
 * the rows' heights are known (the chapter is paginated like the tables of the bill of materials).
 */
function checklistTable(phase: ReportPhase, heading: Content, headingText: string, introText: string): FittedTable {
  const [, stepWidth, targetWidth, timeWidth] = CHECKLIST_WIDTHS;
  const body: TableCell[][] = [['#', 'Step', 'Target', 'Time'].map((c) => ({ text: [styledRun(c, CELL_BOLD)] }) as TableCell)];
  const rowHeights: number[] = [];
  for (const s of phase.steps) {
    const title = fitLines(s.step.title, 'sans', TABLE_SIZE, stepWidth);
    const id = fitLines(s.step.id, 'mono', ID_SIZE, stepWidth);
    const target = fitLines(shortTargetLabel(s.step.target), 'sans', TABLE_SIZE, targetWidth);
    const time = fitLines(s.durationLabel, 'sans', TABLE_SIZE, timeWidth);
    body.push([
      { text: [styledRun(`☐ ${s.number}`, CELL)] } as TableCell,
      { text: [...fittedRuns(title, CELL), styledRun('\n', CELL, false), ...fittedRuns(id, CELL_ID)] } as TableCell,
      { text: fittedRuns(target, CELL) } as TableCell,
      { text: fittedRuns(time, CELL) } as TableCell,
    ]);
    const content = Math.max(title.length * TABLE_LINE + id.length * ID_LINE, target.length * TABLE_LINE, time.length * TABLE_LINE);
    rowHeights.push((rowHeights.length === 0 ? 0.8 : 0.4) + 3 + content + 3);
  }
  const table: ContentTable = { table: { headerRows: 1, dontBreakRows: true, keepWithHeaderRows: 1, widths: [...CHECKLIST_WIDTHS], body }, layout: gridLayout, fontSize: TABLE_SIZE, margin: [0, 8, 0, 6] };
  const headingHeight = 12 + fitLines(headingText, 'sansBold', 12, CONTENT_WIDTH).length * lineHeight('sansBold', 12, LINE_HEIGHT) + 2 + fitLines(introText, 'sans', SMALL_SIZE + 0.4, CONTENT_WIDTH).length * lineHeight('sans', SMALL_SIZE + 0.4, LINE_HEIGHT) + 6 + 8;
  return { heading, table, empty: null, headingHeight, headerHeight: gridRowHeight(1, 0.8), rowHeights, marginBottom: 6 };
}

/** Kinds of script of a phase (steps whose scripts differ only in their values share one). */
function shapeCount(phase: ReportPhase): number {
  return new Set(phase.steps.map((s) => scriptShape(s.step))).size;
}

/** A compact phase in the procedure: its heading, then every step in order as a checklist. */
function compactChecklist(phase: ReportPhase, index: number): FittedTable {
  const intro = `${plural(phase.steps.length, 'step')}, in order, with ${plural(shapeCount(phase), 'kind of script', 'kinds of script')} (each in full in Appendix A).`;
  return checklistTable(phase, { stack: [phaseHeading(phase, index), caption(intro)] }, `Phase ${index}: ${phase.title}`, intro);
}

/**
 * A phase of a very large runbook: each kind of step once in full (its first step), then every step of the phase
 * in order as a checklist. Steps of one kind run the same script with their own design values, and printing
 * thousands of near-identical scripts would make a document nobody can review (the .ps1 and .json exports carry
 * every script).
 */
function compactPhaseSection(phase: ReportPhase, index: number): Content[] {
  // Steps whose scripts differ only in their values share a shape; each shape is shown once.
  const byShape = new Map<string, ReportStep[]>();
  for (const s of phase.steps) {
    const shape = scriptShape(s.step);
    const list = byShape.get(shape);
    if (list) list.push(s);
    else byShape.set(shape, [s]);
  }
  const shapesPerKind = new Map<string, number>();
  for (const steps of byShape.values()) shapesPerKind.set(steps[0].step.action.kind, (shapesPerKind.get(steps[0].step.action.kind) ?? 0) + 1);
  const heading = `Phase ${index}: ${phase.title}`;
  const blocks: Content[] = [];
  const seenPerKind = new Map<string, number>();
  for (const steps of byShape.values()) {
    const kind = steps[0].step.action.kind;
    const variant = (seenPerKind.get(kind) ?? 0) + 1;
    seenPerKind.set(kind, variant);
    blocks.push(stepBlock(steps[0], { sameKind: steps.length, variant: (shapesPerKind.get(kind) ?? 1) > 1 ? variant : undefined }));
  }
  // The phase heading stays with its first script: one unbreakable block when that script fits on a page.
  const title: Content = { text: heading, style: 'h2' };
  const [first, ...rest] = blocks;
  const firstKept = (first as { unbreakable?: boolean }).unbreakable === true;
  return [firstKept ? { stack: [title, first], unbreakable: true } : { stack: [title, first] }, ...rest];
}

// ---------------------------------------------------------------------------------------------------------------
// Document
// ---------------------------------------------------------------------------------------------------------------

/** Above this many lines of PowerShell, the steps are printed compactly (see compactPhaseSection). */
export const FULL_DETAIL_MAX_CODE_LINES = 3000;

/** Whether the runbook is too large to print every step's script. */
export function isCompact(report: Report): boolean {
  let lines = 0;
  for (const phase of report.phases) {
    for (const s of phase.steps) {
      if (s.step.script) lines += s.step.script.split('\n').length;
      if (s.step.check) lines += s.step.check.split('\n').length;
    }
  }
  return lines > FULL_DETAIL_MAX_CODE_LINES;
}

export interface PdfOptions {
  /** The topology diagram (shared/diagram), drawn as vector graphics. */
  readonly diagram: Diagram;
  /** Document creation date (written to the PDF's metadata). */
  readonly createdAt: Date;
}

/** Room for a drawing on a landscape and a portrait page (under its heading and caption), in points. */
export const DIAGRAM_AREAS: readonly PrintArea[] = [
  { width: LANDSCAPE_CONTENT.width, height: LANDSCAPE_CONTENT.height - DIAGRAM_HEADING_SPACE },
  { width: CONTENT_WIDTH, height: PAGE.height - MARGIN.top - MARGIN.bottom - DIAGRAM_HEADING_SPACE },
];

/** A diagram page as printed: the drawing, its page orientation and the scale it is printed at. */
export interface DiagramPage {
  readonly print: PrintDiagram;
  readonly svg: string;
  readonly orientation: 'portrait' | 'landscape';
  readonly width: number;
  readonly height: number;
  readonly scale: number;
}

/** The print layout's diagrams fitted to pages, each on the orientation that shows it larger. */
export async function diagramPages(diagram: Diagram): Promise<DiagramPage[]> {
  const prints = await printDiagrams(diagram, { areas: DIAGRAM_AREAS });
  return prints.map((print, i) => {
    const svg = renderDiagramSvg(print.diagram, { legend: print.legend, margin: PRINT_MARGIN });
    const { scale: fitted, area } = printScale(print.diagram, print.legend, DIAGRAM_AREAS);
    const size = diagramSvgSize(print.diagram, { legend: print.legend, margin: PRINT_MARGIN });
    const orientation = area === 0 ? 'landscape' : 'portrait';
    // The areas keep DIAGRAM_HEADING_SPACE for the heading and caption; should those take more (a long title), the
    // drawing is made smaller rather than pushed onto a page of its own.
    const page = orientation === 'landscape' ? LANDSCAPE_CONTENT : { width: CONTENT_WIDTH, height: PAGE_INNER_HEIGHT };
    const heading = diagramHeadingHeight(diagramTitle(print, i, prints.length), diagramCaption(print, fitted), page.width, i === 0);
    const scale = Math.min(fitted, (page.height - heading - 2) / size.height);
    return { print, svg, orientation, width: size.width * scale, height: size.height * scale, scale };
  });
}

/** The heading of a diagram page: "Topology" alone, "Topology: …" on the first of several, else the drawing's title. */
function diagramTitle(print: PrintDiagram, index: number, count: number): string {
  return index > 0 ? print.title : count === 1 ? 'Topology' : `Topology: ${print.title}`;
}

function diagramCaption(print: PrintDiagram, scale: number): string {
  return `${print.caption}${scale < 1 ? ` Printed at ${Math.round(scale * 100)} % (vector graphics: zoom in for detail).` : ''}`;
}

/** Height of a diagram page's heading (h1 on the first, else h2 with 2 pt under it) and caption, as printed. */
function diagramHeadingHeight(title: string, captionText: string, width: number, first: boolean): number {
  const heading = first ? fitLines(title, 'sansBold', 17, width).length * lineHeight('sansBold', 17, LINE_HEIGHT) + 4 : fitLines(title, 'sansBold', 12, width).length * lineHeight('sansBold', 12, LINE_HEIGHT) + 2;
  return heading + fitLines(captionText, 'sans', SMALL_SIZE + 0.4, width).length * lineHeight('sans', SMALL_SIZE + 0.4, LINE_HEIGHT) + 6;
}

// ---------------------------------------------------------------------------------------------------------------
// Contents
// ---------------------------------------------------------------------------------------------------------------

/** Sizes of the contents' lines: chapters, and the sections under them. */
const TOC_SIZE = { 1: BODY_SIZE, 2: BODY_SIZE - 0.5 } as const;
const TOC_INDENT = 14;
/** The contents' table: no rules, no padding (the lines' own margins space them). */
const tocLayout: CustomTableLayout = { hLineWidth: () => 0, vLineWidth: () => 0, paddingLeft: () => 0, paddingRight: () => 0, paddingTop: () => 0, paddingBottom: () => 0 };
/** Width of the page number column (three digits, bold). */
const TOC_NUMBER_WIDTH = 32;

/** The headings registered in TOC_LEVELS, in document order (through stacks, where sections keep their heading). */
function tocHeadings(content: readonly Content[]): { node: Record<string, unknown>; level: 1 | 2 }[] {
  const out: { node: Record<string, unknown>; level: 1 | 2 }[] = [];
  const visit = (node: unknown) => {
    if (Array.isArray(node)) {
      for (const n of node) visit(n);
      return;
    }
    if (node === null || typeof node !== 'object') return;
    const level = TOC_LEVELS.get(node);
    if (level) out.push({ node: node as Record<string, unknown>, level });
    const stack = (node as { stack?: unknown }).stack;
    if (stack) visit(stack);
  };
  visit(content);
  return out;
}

/**
 * The table of contents: each chapter and section with its page number in a right-aligned column, joined by a
 * dotted leader (drawn, not typed: the text layer has the title and the number only). The numbers are pdfmake page
 * references, filled in when the pages are known.
 */
function tableOfContents(content: readonly Content[]): Content[] {
  const headings = tocHeadings(content);
  const rows: TableCell[][] = headings.map(({ node, level }, i) => {
    const id = `toc-${i}`;
    node.id = id;
    const size = TOC_SIZE[level];
    const indent = level === 1 ? 0 : TOC_INDENT;
    const title = String(node.text);
    const room = CONTENT_WIDTH - TOC_NUMBER_WIDTH - indent;
    const width = Math.min(room, measureText(title, 'sans', size) + 1);
    // The leader's dots sit on the title's baseline (DejaVu's ascender is 0.93 em; the line is 1.15 of the size).
    const baseline = size * (LINE_HEIGHT - 1) * 0.5 + size * 0.93;
    // Across the title's column to 4 pt before a three-digit number (right-aligned in its column).
    const leader = room - width - 3 + TOC_NUMBER_WIDTH - measureText('000', 'sansBold', size) - 4;
    const color = level === 1 ? COLORS.text : COLORS.muted;
    return [
      {
        columns: [
          { text: title, width, fontSize: size, color, linkToDestination: id },
          leader > 8 ? { canvas: [{ type: 'line', x1: 3, y1: baseline, x2: 3 + leader, y2: baseline, lineWidth: 0.7, lineColor: COLORS.faint, dash: { length: 0.7, space: 2.3 } }], width: '*' } : { text: '', width: '*' },
        ],
        columnGap: 0,
        margin: [indent, level === 1 ? 5 : 1.5, 0, 0],
      } as TableCell,
      { text: '000', pageReference: id, noWrap: true, alignment: 'right', fontSize: size, bold: level === 1, color, margin: [0, level === 1 ? 5 : 1.5, 0, 0] } as unknown as TableCell,
    ];
  });
  return [
    { text: 'Contents', style: 'h1', pageBreak: 'before', pageOrientation: 'portrait' } as Content,
    rows.length > 0 ? ({ table: { widths: ['*', TOC_NUMBER_WIDTH], body: rows, dontBreakRows: true }, layout: tocLayout } as Content) : caption('The document has no sections.'),
  ];
}

function topologySection(pages: readonly DiagramPage[]): Content[] {
  if (pages.length === 0) return [h1('Topology', { pageBreak: 'before', pageOrientation: 'portrait' }), caption('The design has nothing to draw.')];
  return pages.flatMap((p, i): Content[] => {
    const title = diagramTitle(p.print, i, pages.length);
    // The contents list the AD sites' pages; their continuations, parts and DAGs follow them.
    const heading = i === 0 ? h1(title, { pageBreak: 'before', pageOrientation: p.orientation }) : h2(title, p.print.kind === 'site', { pageBreak: 'before', pageOrientation: p.orientation, margin: [0, 0, 0, 2] });
    // Heading, caption and figure on one page: one unbreakable stack.
    return [heading, { stack: [caption(diagramCaption(p.print, p.scale)), { svg: p.svg, width: p.width, height: p.height, font: TEXT_FONT } as Content], unbreakable: true }];
  });
}

/** The document definition; `pages` are the diagram pages (diagramPages), laid out beforehand (ELK is async). */
export function pdfDefinition(report: Report, options: PdfOptions, pages: readonly DiagramPage[]): TDocumentDefinitions {
  const coverContent = cover(report);
  const coverLength = coverContent.length;
  const content: Content[] = [
    ...coverContent,
    ...topologySection(pages),
    ...findingsSection(report),
    h1('Bill of materials', { pageBreak: 'before' }),
    caption(BOM_CAPTION),
    ...tableChapter(report.bom, chapterHeadingHeight(BOM_CAPTION)),
  ];
  if (report.sizing.length > 0) content.push(h1('Sizing', { pageBreak: 'before' }), ...tableChapter(report.sizing, chapterHeadingHeight()));
  if (report.namespace) content.push(h1(report.namespace.title, { pageBreak: 'before' }), caption(report.namespace.intro), ...tableChapter(report.namespace.tables, chapterHeadingHeight(report.namespace.intro)));
  const compact = isCompact(report);
  const callouts = [SOURCE_OF_TRUTH];
  if (compact) callouts.push(`This runbook has ${report.stepCount.toLocaleString('en-US')} steps, listed in order as a checklist per phase. Steps of one kind run the same script with their own values: Appendix A shows each kind of script once in full.`);
  content.push(h1('Runbook steps', { pageBreak: 'before' }), caption(STEPS_CAPTION), ...callouts.map((text): Content => ({ text, style: 'callout' })));
  if (report.phases.length === 0) content.push({ text: 'The runbook has no steps: the design is already deployed.', italics: true });
  // The chapter's opening: heading, caption and the callouts (style callout: BODY_SIZE - 0.5, 8 below).
  const opening = chapterHeadingHeight(STEPS_CAPTION) + callouts.reduce((h, text) => h + fitLines(text, 'sans', BODY_SIZE - 0.5, CONTENT_WIDTH).length * lineHeight('sans', BODY_SIZE - 0.5, LINE_HEIGHT) + 8, 0);
  if (compact) content.push(...paginate(report.phases.map(compactChecklist), opening));
  else report.phases.forEach((phase, i) => content.push(...phaseSection(phase, i)));
  if (report.phases.length > 0) {
    content.push(
      h1('Appendix A: scripts and checks', { pageBreak: 'before', pageOrientation: 'portrait' }),
      caption('Each kind of script of each phase once in full, with the step it is shown for (steps of one kind run it with their own values: server, NIC, database…). Long lines continue on the next printed line, in grey; no character is added.'),
      { text: SOURCE_OF_TRUTH, style: 'callout' },
    );
    report.phases.forEach((phase, i) => content.push(...compactPhaseSection(phase, i)));
  }

  // The contents, after the cover: built from the headings of everything above.
  content.splice(coverLength, 0, ...tableOfContents(content));

  const shortHash = report.contentHash.slice(0, 16);
  return {
    pageSize: 'A4',
    pageMargins: [MARGIN.left, MARGIN.top, MARGIN.right, MARGIN.bottom],
    info: { title: `${report.title}: deployment runbook`, author: 'ExTopo', subject: report.subtitle, keywords: `Exchange 2010, runbook, ${report.contentHash}`, creator: 'ExTopo', producer: 'ExTopo (pdfmake)', creationDate: options.createdAt },
    defaultStyle: { font: TEXT_FONT, fontSize: BODY_SIZE, color: COLORS.text, lineHeight: 1.15 },
    styles: {
      h1: { fontSize: 17, bold: true, margin: [0, 0, 0, 4] },
      h2: { fontSize: 12, bold: true, margin: [0, 12, 0, 2] },
      h3: { fontSize: 10.5, bold: true },
      caption: { fontSize: SMALL_SIZE + 0.4, color: COLORS.muted, margin: [0, 0, 0, 6] },
      table: { fontSize: TABLE_SIZE },
      tableHeader: { bold: true, fontSize: TABLE_SIZE, color: COLORS.text },
      codeLabel: { fontSize: SMALL_SIZE - 0.6, bold: true, color: COLORS.muted },
      code: { font: MONO_FONT, fontSize: CODE_SIZE, lineHeight: 1.12, preserveLeadingSpaces: true },
      stepTitle: { bold: true, fontSize: BODY_SIZE + 1, margin: [0, 7, 0, 0] },
      stepMeta: { fontSize: SMALL_SIZE, margin: [STEP_INDENT, 1, 0, 3] },
      stepNotes: { fontSize: SMALL_SIZE + 0.4, margin: [STEP_INDENT, 0, 0, 3] },
      callout: { fontSize: BODY_SIZE - 0.5, color: COLORS.text, background: '#fff8c5', margin: [0, 0, 0, 8] },
      signHead: { fontSize: SMALL_SIZE, color: COLORS.muted },
    },
    header: (currentPage) =>
      currentPage === 1
        ? null
        : { columns: [{ text: report.title }, { text: report.organization, alignment: 'right' }], fontSize: SMALL_SIZE, color: COLORS.faint, margin: [MARGIN.left, 24, MARGIN.right, 0] },
    footer: (currentPage, pageCount) => ({
      columns: [
        { text: `Revision ${report.revision} · runbook ${shortHash}`, color: COLORS.faint },
        { text: `Page ${currentPage} of ${pageCount}`, alignment: 'right', color: COLORS.muted },
      ],
      fontSize: SMALL_SIZE,
      margin: [MARGIN.left, 18, MARGIN.right, 0],
    }),
    content,
  };
}

const STEPS_CAPTION = 'Run the steps in order; tick each box when its success check returns $true. Each step says what it does, where it runs and how long it takes; its full script and check are in Appendix A.';

const BOM_CAPTION = 'Everything the deployment builds or relies on, from the design.';

const SOURCE_OF_TRUTH = 'Copy scripts from the PowerShell export (.ps1) of this runbook, not from this PDF: the .ps1 is the source of truth and carries the same content hash. Printed lines may be wrapped.';

/** Renders the runbook PDF. */
export async function renderPdf(report: Report, options: PdfOptions): Promise<Uint8Array> {
  return pdfBytes(pdfDefinition(report, options, await diagramPages(options.diagram)));
}
