// The house style of ExTopo's PDF documents (the runbook and the run report): page margins, text sizes, colours,
// table layouts, and rendering with the bundled fonts only.
import { sep } from 'node:path';
import pdfmake from 'pdfmake';
import type { ContentTable, CustomTableLayout, TDocumentDefinitions } from 'pdfmake/interfaces';
import { fontDirectories, needsShaping, pdfFonts } from './fonts';

/** Page margins (points) of A4 pages. */
export const MARGIN = { left: 42, top: 56, right: 42, bottom: 52 } as const;

// Text sizes.
export const BODY_SIZE = 9;
export const TABLE_SIZE = 7.8;
export const CODE_SIZE = 7.4;
export const SMALL_SIZE = 7.6;

/** Left and right padding of table cells, and of code boxes. */
export const CELL_PADDING = 4;
export const CODE_PADDING = 5;

export const COLORS = {
  text: '#1f2328',
  muted: '#57606a',
  faint: '#8c959f',
  rule: '#d0d7de',
  headerFill: '#eef1f4',
  codeFill: '#f6f8fa',
  accent: '#1f6feb',
  ok: '#1a7f37',
  bad: '#cf222e',
  warn: '#9a6700',
} as const;

/** Tables with a header band: rules between rows, a heavier one under the header. */
export const gridLayout: CustomTableLayout = {
  hLineWidth: (i, node) => (i === 0 || i === node.table.body.length ? 0.8 : i === (node.table.headerRows ?? 0) ? 0.8 : 0.4),
  vLineWidth: () => 0,
  hLineColor: (i, node) => (i === (node.table.headerRows ?? 0) ? COLORS.faint : COLORS.rule),
  fillColor: (row, node) => (row < (node.table.headerRows ?? 0) ? COLORS.headerFill : null),
  paddingLeft: () => CELL_PADDING,
  paddingRight: () => CELL_PADDING,
  paddingTop: () => 3,
  paddingBottom: () => 3,
};

/** Label / value lists without lines. */
export const plainLayout: CustomTableLayout = {
  hLineWidth: () => 0,
  vLineWidth: () => 0,
  paddingLeft: () => 0,
  paddingRight: () => 8,
  paddingTop: () => 2.5,
  paddingBottom: () => 2.5,
};

/** Code boxes: label rows ("Script", "Check") on a darker band, code rows on light grey, one frame around all. */
function isLabelRow(node: ContentTable, row: number): boolean {
  const cell = node.table.body[row]?.[0] as { style?: unknown } | undefined;
  return cell?.style === 'codeLabel';
}

export const codeLayout: CustomTableLayout = {
  hLineWidth: (i, node) => (i === 0 || i === node.table.body.length ? 0.5 : isLabelRow(node, i) ? 0.5 : 0),
  vLineWidth: () => 0.5,
  hLineColor: () => COLORS.rule,
  vLineColor: () => COLORS.rule,
  fillColor: (row, node) => (isLabelRow(node, row) ? COLORS.headerFill : COLORS.codeFill),
  paddingLeft: () => CODE_PADDING,
  paddingRight: () => CODE_PADDING,
  paddingTop: (i, node) => (isLabelRow(node, i) ? 1.5 : i > 0 && isLabelRow(node, i - 1) ? 3 : 0),
  paddingBottom: (i, node) => (isLabelRow(node, i) ? 1.5 : i === node.table.body.length - 1 || isLabelRow(node, i + 1) ? 3 : 0),
};

/**
 * Renders a document definition. Fonts come from the dejavu-fonts-ttf package (or the process's copies of them
 * without layout tables, see fonts.ts); no other file and no URL is ever read.
 */
export async function pdfBytes(definition: TDocumentDefinitions): Promise<Uint8Array> {
  const dirs = fontDirectories().map((d) => `${d}${sep}`);
  pdfmake.setFonts(pdfFonts({ shaping: needsShaping(definition.content) }));
  pdfmake.setLocalAccessPolicy((path) => dirs.some((d) => path.startsWith(d)));
  pdfmake.setUrlAccessPolicy(() => false);
  const buffer = await pdfmake.createPdf(definition).getBuffer();
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}
