// The runbook as a PDF a consultant can sign off: cover page, contents, the topology diagram (vector), planner
// findings and HA verdict, bill of materials, sizing, and the steps by phase with checkboxes and wrapped PowerShell.
// pdfmake 0.3 in Node; fonts embedded from the dejavu-fonts-ttf package.
import type { Content, ContentTable, CustomTableLayout, TDocumentDefinitions, TableCell } from 'pdfmake/interfaces';
import { everythingInSites, renderDiagramSvg, ROLE_COLORS, SEVERITY_COLORS, subDiagram, textWidth } from '../../shared/diagram';
import type { Diagram } from '../../shared/diagram';
import type { Role } from '../../shared/model/types';
import { plural } from '../../shared/planner/text';
import type { Severity } from '../../shared/planner/types';
import { wrapCode } from './codewrap';
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
/** Extra room on per-site diagram pages (the site's own heading and caption). */
const SITE_HEADING_SPACE = 44;

/** Rule ids in the findings table (the other text sizes are the house style's, in pdfStyle). */
const RULE_ID_SIZE = 6.6;

// Steps.
const STEP_INDENT = 18;
/** Code lines per table row: rows can break across pages, so long scripts flow onto the next page. */
const CODE_LINES_PER_ROW = 14;
/** Steps with at most this many printed code lines are kept on one page (longer ones flow across pages). */
const UNBREAKABLE_STEP_LINES = 34;
/** Printed characters per code line, from the block's inner width and the mono font's fixed advance. */
export const CODE_COLUMNS = Math.floor((CONTENT_WIDTH - STEP_INDENT - 2 * CODE_PADDING - 2) / (CODE_SIZE * MONO_ADVANCE_EM));
const CONTINUATION_MARK = '↪ ';

// Tables with more rows than this are not kept together with their heading.
const KEEP_TOGETHER_ROWS = 12;

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

function h1(text: string, extra: Partial<Record<'pageBreak' | 'pageOrientation', string>> = {}): Content {
  return { text, style: 'h1', tocItem: true, ...extra } as Content;
}

function h2(text: string, toc = true): Content {
  return toc ? { text, style: 'h2', tocItem: true, tocMargin: [14, 0, 0, 0], tocStyle: { fontSize: BODY_SIZE - 0.5, color: COLORS.muted } } : { text, style: 'h2' };
}

function caption(text: string): Content {
  return { text, style: 'caption' };
}

// ---------------------------------------------------------------------------------------------------------------
// Cover
// ---------------------------------------------------------------------------------------------------------------

function cover(report: Report): Content[] {
  const facts: TableCell[][] = report.facts.map((f) => [
    { text: f.label, color: COLORS.muted, fontSize: BODY_SIZE - 0.5 },
    f.mono ? { text: f.value, font: MONO_FONT, fontSize: BODY_SIZE - 1 } : { text: f.value },
  ]);
  const verdict = report.verdict.flatMap((v, i) => [
    { text: `${i > 0 ? '     ' : ''}${v.roleTitle} `, color: COLORS.text },
    { text: v.highlyAvailable ? '✔ HA' : '✘ not HA', color: v.highlyAvailable ? COLORS.ok : COLORS.bad, bold: true },
  ]);
  const sign: TableCell[][] = [
    [{ text: '', fontSize: SMALL_SIZE }, { text: 'Name', style: 'signHead' }, { text: 'Signature', style: 'signHead' }, { text: 'Date', style: 'signHead' }],
    ...['Prepared by', 'Reviewed by', 'Approved by'].map((role): TableCell[] => [{ text: role, color: COLORS.muted, margin: [0, 14, 0, 0] }, '', '', '']),
  ];
  return [
    { text: 'EXCHANGE SERVER 2010 · DEPLOYMENT RUNBOOK', color: COLORS.accent, bold: true, fontSize: 9, characterSpacing: 1.2, margin: [0, 70, 0, 10] },
    { text: report.title, fontSize: 24, bold: true, margin: [0, 0, 0, 6] },
    { text: report.organization, fontSize: 13, color: COLORS.muted, margin: [0, 0, 0, 28] },
    { table: { widths: [120, '*'], body: facts }, layout: plainLayout },
    { text: 'High availability', style: 'h3', margin: [0, 22, 0, 4] },
    { text: verdict },
    { text: `Planner: ${plural(report.counts.error, 'error')}, ${plural(report.counts.warning, 'warning')}, ${plural(report.counts.info, 'note')} (details in "Planner findings").`, color: COLORS.muted, margin: [0, 4, 0, 0] },
    { text: 'Sign-off', style: 'h3', margin: [0, 40, 0, 4] },
    { table: { widths: [80, '*', '*', 80], body: sign }, layout: signLayout },
  ];
}

// ---------------------------------------------------------------------------------------------------------------
// Tables
// ---------------------------------------------------------------------------------------------------------------

function roleRuns(cell: string): Content {
  const parts = cell.split(', ');
  return {
    text: parts.flatMap((p, i) => {
      const color = (ROLE_COLORS as Record<string, string>)[p as Role];
      return [...(i > 0 ? [{ text: ', ' }] : []), color ? { text: p, color, bold: true } : { text: p }];
    }),
  };
}

/** Width of the longest unbreakable word of a cell (names, FQDNs, addresses should not be split mid-word). */
function longestWord(cell: string, bold: boolean): number {
  let max = 0;
  for (const word of cell.split(/\s+/)) if (word) max = Math.max(max, textWidth(word, TABLE_SIZE, bold));
  return max;
}

/**
 * Column widths for a table: proportional to the table's relative widths, but never narrower than the column's
 * longest word (when the page is wide enough for all of them), so that FQDNs and addresses stay whole.
 */
export function columnWidths(t: Pick<ReportTable, 'columns' | 'rows' | 'widths' | 'namedRows'>, available: number): number[] {
  const n = t.columns.length;
  const mins = t.columns.map((c, i) => {
    let w = longestWord(c, true);
    for (const row of t.rows) w = Math.max(w, longestWord(row[i] ?? '', i === 0 && t.namedRows === true) + 0.5);
    return Math.ceil(w);
  });
  const minTotal = mins.reduce((a, b) => a + b, 0);
  if (minTotal >= available) return mins.map((m) => (m / minTotal) * available);
  const fixed = new Set<number>();
  for (;;) {
    const free = [...Array(n).keys()].filter((i) => !fixed.has(i));
    const remaining = available - [...fixed].reduce((a, i) => a + mins[i], 0);
    const weight = free.reduce((a, i) => a + t.widths[i], 0);
    const tooNarrow = free.filter((i) => (t.widths[i] / weight) * remaining < mins[i]);
    if (tooNarrow.length === 0) return [...Array(n).keys()].map((i) => (fixed.has(i) ? mins[i] : (t.widths[i] / weight) * remaining));
    for (const i of tooNarrow) fixed.add(i);
  }
}

function dataTable(t: ReportTable): Content[] {
  const heading: Content[] = [h2(t.title), caption(t.caption)];
  if (t.rows.length === 0) return [...heading, { text: t.empty, italics: true, color: COLORS.muted, margin: [0, 0, 0, 10] }];
  const widths = columnWidths(t, CONTENT_WIDTH - t.columns.length * 2 * CELL_PADDING - 1);
  const rolesColumn = t.columns.indexOf('Roles');
  const body: TableCell[][] = [
    t.columns.map((c) => ({ text: c, style: 'tableHeader' })),
    ...t.rows.map((row) =>
      row.map((cell, i): TableCell => {
        if (i === rolesColumn) return roleRuns(cell) as TableCell;
        if (i === 0 && t.namedRows && cell !== '') {
          const [name, ...rest] = cell.split('\n');
          return { text: [{ text: name, bold: true }, ...(rest.length > 0 ? [{ text: `\n${rest.join('\n')}`, color: COLORS.muted }] : [])] };
        }
        return { text: cell };
      }),
    ),
  ];
  const table: ContentTable = { table: { headerRows: 1, dontBreakRows: true, keepWithHeaderRows: 1, widths, body }, layout: gridLayout, style: 'table', margin: [0, 0, 0, 12] };
  if (t.rows.length <= KEEP_TOGETHER_ROWS) return [{ stack: [...heading, table], unbreakable: true }];
  return [...heading, table];
}

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
      { text: f.objects },
    ]),
  ];
  // The rule column fits the longest rule id on one line (ids are searched for, so they should not wrap).
  const ruleWidth = Math.ceil(Math.max(...report.findings.map((f) => f.ruleId.length)) * RULE_ID_SIZE * MONO_ADVANCE_EM) + 1;
  out.push({ table: { headerRows: 1, dontBreakRows: true, widths: [44, Math.max(80, ruleWidth), '*', 96], body }, layout: gridLayout, style: 'table' });
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Steps
// ---------------------------------------------------------------------------------------------------------------

/** Rows of a code box: a label row, then the code wrapped to the box's width (never cut), ↪ on continuations. */
export function codeRows(label: string, code: string): { rows: TableCell[][]; lines: number } {
  const lines = wrapCode(code, CODE_COLUMNS, CONTINUATION_MARK.length);
  const rows: TableCell[][] = [[{ text: label, style: 'codeLabel' }]];
  for (let i = 0; i < lines.length; i += CODE_LINES_PER_ROW) {
    const runs: Content[] = [];
    lines.slice(i, i + CODE_LINES_PER_ROW).forEach((line, j) => {
      if (j > 0) runs.push({ text: '\n' });
      if (line.continuation) runs.push({ text: CONTINUATION_MARK, color: COLORS.faint });
      // A zero-width space keeps empty lines from collapsing.
      runs.push({ text: line.text === '' ? '\u200b' : line.text });
    });
    rows.push([{ text: runs, style: 'code' } as TableCell]);
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
    parts.push({ text: `${plural(options.sameKind, 'step')} of this phase run this script, each with its own values (server, NIC, database…): see the checklist below.`, style: 'stepNotes', italics: true });
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

function phaseHeading(phase: ReportPhase, index: number): Content {
  return { text: `Phase ${index}: ${phase.title}`, style: 'h2', tocItem: true, tocMargin: [14, 0, 0, 0], tocStyle: { fontSize: BODY_SIZE - 0.5, color: COLORS.muted } } as Content;
}

function phaseSection(phase: ReportPhase, index: number): Content[] {
  const heading = phaseHeading(phase, index);
  const firstNumber = phase.steps[0].number;
  const lastNumber = phase.steps[phase.steps.length - 1].number;
  const contiguous = lastNumber - firstNumber + 1 === phase.steps.length;
  const intro = caption(`${plural(phase.steps.length, 'step')}${contiguous && phase.steps.length > 1 ? `: steps ${firstNumber}–${lastNumber}` : ''}.`);
  const [first, ...rest] = phase.steps;
  const firstBlock = stepBlock(first);
  // The heading stays with the phase's first step when that step fits on a page (an unbreakable block taller than a
  // page would be dropped by the layout); a longer first step breaks across pages after its heading.
  const keep = typeof firstBlock === 'object' && firstBlock !== null && 'unbreakable' in firstBlock && firstBlock.unbreakable === true;
  return [keep ? { stack: [heading, intro, firstBlock], unbreakable: true } : { stack: [heading, intro, firstBlock] }, ...rest.map((s) => stepBlock(s))];
}

/** Every step of a phase in order, as a checklist table (compact phases). */
function checklistTable(phase: ReportPhase): Content {
  const body: TableCell[][] = [
    ['#', 'Step', 'Target', 'Time'].map((c) => ({ text: c, style: 'tableHeader' })),
    ...phase.steps.map((s): TableCell[] => [
      { text: [{ text: '☐ ', fontSize: BODY_SIZE + 1 }, { text: String(s.number), color: COLORS.muted }] },
      { text: s.step.title },
      { text: shortTargetLabel(s.step.target) },
      { text: s.durationLabel },
    ]),
  ];
  return { table: { headerRows: 1, dontBreakRows: true, widths: [36, '*', 90, 38], body }, layout: gridLayout, style: 'table', margin: [0, 8, 0, 6] };
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
  const out: Content[] = [
    {
      stack: [
        phaseHeading(phase, index),
        caption(`${plural(phase.steps.length, 'step')}, ${plural(byShape.size, 'kind of script', 'kinds of script')}. Each is shown once in full, then every step is listed in order (step ids are in the JSON export).`),
      ],
      unbreakable: true,
    },
  ];
  const seenPerKind = new Map<string, number>();
  for (const steps of byShape.values()) {
    const kind = steps[0].step.action.kind;
    const variant = (seenPerKind.get(kind) ?? 0) + 1;
    seenPerKind.set(kind, variant);
    out.push(stepBlock(steps[0], { sameKind: steps.length, variant: (shapesPerKind.get(kind) ?? 1) > 1 ? variant : undefined }));
  }
  out.push(checklistTable(phase));
  return out;
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

/** Size of an SVG's drawing from its width/height attributes. */
function svgSize(svg: string): { width: number; height: number } {
  const w = /\bwidth="([\d.]+)"/.exec(svg);
  const h = /\bheight="([\d.]+)"/.exec(svg);
  return { width: w ? Number(w[1]) : 1, height: h ? Number(h[1]) : 1 };
}

/** Below this scale a whole multi-site diagram is unreadable on one page: each AD site gets a page instead. */
const MIN_READABLE_SCALE = 0.3;

interface DiagramPage {
  readonly title: string;
  readonly svg: string;
  readonly orientation: 'portrait' | 'landscape';
  readonly width: number;
  readonly height: number;
  readonly scale: number;
}

/** Fits a drawing to a portrait or a landscape page, whichever shows it larger. */
function diagramPage(title: string, svg: string, headingSpace = DIAGRAM_HEADING_SPACE): DiagramPage {
  const size = svgSize(svg);
  const fit = (w: number, h: number) => Math.min(w / size.width, (h - headingSpace) / size.height);
  const landscape = fit(LANDSCAPE_CONTENT.width, LANDSCAPE_CONTENT.height);
  const portrait = fit(CONTENT_WIDTH, PAGE.height - MARGIN.top - MARGIN.bottom);
  const orientation = portrait > landscape ? 'portrait' : 'landscape';
  const scale = Math.min(1, Math.max(portrait, landscape));
  return { title, svg, orientation, width: size.width * scale, height: size.height * scale, scale };
}

/** One page with the whole topology, or one page per AD site when the whole would be too small to read. */
export function diagramPages(diagram: Diagram): DiagramPage[] {
  const whole = diagramPage('Topology', renderDiagramSvg(diagram));
  const sites = diagram.nodes.filter((n) => n.kind === 'site');
  if (whole.scale >= MIN_READABLE_SCALE || sites.length < 2 || !everythingInSites(diagram)) return [whole];
  return sites.flatMap((site) => {
    const part = subDiagram(diagram, site.id);
    return part ? [diagramPage(site.title, renderDiagramSvg(part), DIAGRAM_HEADING_SPACE + SITE_HEADING_SPACE)] : [];
  });
}

function topologySection(diagram: Diagram): Content[] {
  const pages = diagramPages(diagram);
  const scaleNote = (p: DiagramPage) => (p.scale < 1 ? ` (scaled to ${Math.round(p.scale * 100)} %; zoom in: the drawing is vector graphics)` : '');
  if (pages.length === 1) {
    const p = pages[0];
    return [
      h1('Topology', { pageBreak: 'before', pageOrientation: p.orientation }),
      caption(`The design as drawn in ExTopo${scaleNote(p)}.`),
      { svg: p.svg, width: p.width, height: p.height, font: TEXT_FONT } as Content,
    ];
  }
  return [
    h1('Topology', { pageBreak: 'before', pageOrientation: pages[0].orientation }),
    caption(`The design as drawn in ExTopo, one AD site per page (${plural(pages.length, 'site')}).`),
    ...pages.flatMap((p, i): Content[] => [
      { ...(h2(p.title) as object), ...(i > 0 ? { pageBreak: 'before', pageOrientation: p.orientation } : {}), margin: [0, i > 0 ? 0 : 4, 0, 2] } as Content,
      caption(p.scale < 1 ? `Scaled to ${Math.round(p.scale * 100)} % (zoom in: the drawing is vector graphics).` : 'Full size.'),
      { svg: p.svg, width: p.width, height: p.height, font: TEXT_FONT } as Content,
    ]),
  ];
}

export function pdfDefinition(report: Report, options: PdfOptions): TDocumentDefinitions {
  const content: Content[] = [
    ...cover(report),
    { toc: { title: { text: 'Contents', style: 'h1' }, numberStyle: { bold: true }, textMargin: [0, 2, 0, 2] }, pageBreak: 'before' },
    ...topologySection(options.diagram),
    ...findingsSection(report),
    h1('Bill of materials', { pageBreak: 'before' }),
    caption('Everything the deployment builds or relies on, from the design.'),
    ...report.bom.flatMap(dataTable),
  ];
  if (report.sizing.length > 0) content.push(h1('Sizing', { pageBreak: 'before' }), ...report.sizing.flatMap(dataTable));
  const compact = isCompact(report);
  content.push(
    h1('Runbook steps', { pageBreak: 'before' }),
    caption('Run the steps in order. Tick each box when its check returns $true. Code lines that continue on the next printed line start with ↪.'),
  );
  if (compact) {
    content.push({
      text: `This runbook has ${report.stepCount.toLocaleString('en-US')} steps. Printed in full they would fill thousands of pages, so each phase shows every kind of step once with its complete script and check, then lists all its steps in order as a checklist. The PowerShell (.ps1) and JSON exports of this design hold every step's script; they carry the same runbook content hash.`,
      style: 'callout',
    });
  }
  if (report.phases.length === 0) content.push({ text: 'The runbook has no steps: the design is already deployed.', italics: true });
  report.phases.forEach((phase, i) => content.push(...(compact ? compactPhaseSection(phase, i) : phaseSection(phase, i))));

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

/** Renders the runbook PDF. */
export async function renderPdf(report: Report, options: PdfOptions): Promise<Uint8Array> {
  return pdfBytes(pdfDefinition(report, options));
}
