// Text fitted to a width before pdfmake sees it: the lines of a table cell, broken where the house style allows
// (between words; inside a host name or FQDN only after a dot or a hyphen; never inside an address or an id), each
// line handed to pdfmake as one unbreakable run.
//
// Why: pdfmake measures, lays out and draws every word as an object of its own (a style lookup per property, a
// text operation per word). The large tables of a big design (a checklist of thousands of steps, hundreds of
// database copies) are most of the PDF's time; a run per line instead of a run per word makes them several times
// cheaper. And the break rules are ours: an FQDN is never split in the middle of a label.
//
// Widths come from the embedded DejaVu fonts' own advance widths (hmtx), read once. Kerning is left out: it narrows
// DejaVu text slightly (pairs such as "Te", "AV"), so a fitted line is never wider than pdfmake measures it, and a
// small slack covers the rare widening pair.
import { readFileSync } from 'node:fs';
import type { Content } from 'pdfmake/interfaces';
import { join } from 'node:path';
import { MONO_FONT, TEXT_FONT, fontDirectory } from './fonts';

export type Face = 'sans' | 'sansBold' | 'sansItalic' | 'mono';

const FACE_FILES: Record<Face, string> = { sans: 'DejaVuSans.ttf', sansBold: 'DejaVuSans-Bold.ttf', sansItalic: 'DejaVuSans-Oblique.ttf', mono: 'DejaVuSansMono.ttf' };

interface Metrics {
  readonly unitsPerEm: number;
  /** hhea ascender and descender (font units; the descender is negative), as pdfkit sizes a line. */
  readonly ascender: number;
  readonly descender: number;
  /** Advance widths by code point (font units); undefined: the font has no glyph (the .notdef advance is used). */
  readonly advance: Map<number, number>;
  readonly missing: number;
}

const metricsCache = new Map<Face, Metrics>();

/** The advance widths of a TrueType font's characters: 'head', 'hhea', 'hmtx' and the Unicode 'cmap' (formats 4, 12). */
export function parseMetrics(font: Buffer): Metrics {
  const tables = new Map<string, number>();
  const count = font.readUInt16BE(4);
  for (let i = 0; i < count; i++) {
    const at = 12 + i * 16;
    tables.set(font.toString('latin1', at, at + 4), font.readUInt32BE(at + 8));
  }
  const table = (tag: string): number => {
    const at = tables.get(tag);
    if (at === undefined) throw new Error(`The font has no '${tag}' table.`);
    return at;
  };
  const unitsPerEm = font.readUInt16BE(table('head') + 18);
  const ascender = font.readInt16BE(table('hhea') + 4);
  const descender = font.readInt16BE(table('hhea') + 6);
  const hMetrics = font.readUInt16BE(table('hhea') + 34);
  const hmtx = table('hmtx');
  const advanceOf = (glyph: number) => font.readUInt16BE(hmtx + 4 * Math.min(glyph, hMetrics - 1));

  const cmap = table('cmap');
  const subtables: { platform: number; encoding: number; at: number }[] = [];
  for (let i = 0; i < font.readUInt16BE(cmap + 2); i++) {
    const at = cmap + 4 + i * 8;
    subtables.push({ platform: font.readUInt16BE(at), encoding: font.readUInt16BE(at + 2), at: cmap + font.readUInt32BE(at + 4) });
  }
  const advance = new Map<number, number>();
  const full = subtables.find((s) => font.readUInt16BE(s.at) === 12 && (s.platform === 3 || s.platform === 0));
  const bmp = subtables.find((s) => font.readUInt16BE(s.at) === 4 && ((s.platform === 3 && s.encoding === 1) || s.platform === 0));
  if (full) {
    const groups = font.readUInt32BE(full.at + 12);
    for (let g = 0; g < groups; g++) {
      const at = full.at + 16 + g * 12;
      const start = font.readUInt32BE(at);
      const end = font.readUInt32BE(at + 4);
      const glyph = font.readUInt32BE(at + 8);
      for (let c = start; c <= end && c - start < 0x10000; c++) advance.set(c, advanceOf(glyph + c - start));
    }
  } else if (bmp) {
    const segX2 = font.readUInt16BE(bmp.at + 6);
    const ends = bmp.at + 14;
    const starts = ends + segX2 + 2;
    const deltas = starts + segX2;
    const offsets = deltas + segX2;
    for (let s = 0; s < segX2 / 2; s++) {
      const end = font.readUInt16BE(ends + 2 * s);
      const start = font.readUInt16BE(starts + 2 * s);
      const delta = font.readInt16BE(deltas + 2 * s);
      const offset = font.readUInt16BE(offsets + 2 * s);
      for (let c = start; c <= end && c !== 0xffff; c++) {
        let glyph: number;
        if (offset === 0) glyph = (c + delta) & 0xffff;
        else {
          const g = font.readUInt16BE(offsets + 2 * s + offset + 2 * (c - start));
          glyph = g === 0 ? 0 : (g + delta) & 0xffff;
        }
        if (glyph !== 0) advance.set(c, advanceOf(glyph));
      }
    }
  } else {
    throw new Error('The font has no Unicode character map.');
  }
  return { unitsPerEm, ascender, descender, advance, missing: advanceOf(0) };
}

function metrics(face: Face): Metrics {
  let m = metricsCache.get(face);
  if (!m) {
    m = parseMetrics(readFileSync(join(fontDirectory(), FACE_FILES[face])));
    metricsCache.set(face, m);
  }
  return m;
}

/** Width of a text in one of the embedded faces at a font size, in points (no kerning). */
export function measureText(text: string, face: Face, size: number): number {
  const m = metrics(face);
  let units = 0;
  for (const ch of text) units += m.advance.get(ch.codePointAt(0) ?? 0) ?? m.missing;
  return (units * size) / m.unitsPerEm;
}

/** Height of a printed line of a face at a size with a line-height factor, as pdfmake sizes it (points). */
export function lineHeight(face: Face, size: number, factor: number): number {
  const m = metrics(face);
  return ((m.ascender - m.descender) / m.unitsPerEm) * size * factor;
}

/** Room left unused at the end of a fitted line (points): kerning pairs that widen, rounding. */
const SLACK = 1.5;

/**
 * An FQDN, a host name with dots, or a similar dotted/hyphenated name: broken only after a dot or a hyphen. Addresses
 * (digits and dots: 10.0.1.5, 10.0.0.0/16), version numbers and ids are not names and are never broken.
 */
const NAME = /^[\p{L}\p{N}_]+(?:[.-][\p{L}\p{N}_]+)+[.,;:)]*$/u;
const ADDRESS = /^[\d./:]+$/;
/** A URL: broken after a dot or a hyphen of its host name, or after a slash of its path (never inside "//"). */
const URL_WORD = /^[a-z][a-z0-9+.-]*:\/\/[^\s/]+(?:\/\S*)?$/i;

/** The pieces a word may be broken into: after each dot or hyphen of a name (or slash of a URL), else the word whole. */
export function wordPieces(word: string): string[] {
  if (URL_WORD.test(word)) return word.split(/(?<=[.-]|\/(?!\/))/).filter((p) => p !== '');
  if (!NAME.test(word) || ADDRESS.test(word)) return [word];
  return word.split(/(?<=[.-])/);
}

/**
 * Lines of a text no wider than `width` points: broken between words, names broken after a dot or a hyphen when a
 * name alone is wider than the line, anything else too wide for a line on a line of its own (never cut). Explicit
 * line breaks are kept. Joining a line's pieces with the line's own spaces gives back the text.
 */
export function fitLines(text: string, face: Face, size: number, width: number): string[] {
  const room = width - SLACK;
  const lines: string[] = [];
  const space = measureText(' ', face, size);
  for (const paragraph of text.split('\n')) {
    let line = '';
    let lineWidth = 0;
    const push = (piece: string, pieceWidth: number, gap: string) => {
      const gapWidth = gap === '' ? 0 : space * gap.length;
      if (line === '') {
        line = piece;
        lineWidth = pieceWidth;
      } else if (lineWidth + gapWidth + pieceWidth > room) {
        lines.push(line);
        line = piece;
        lineWidth = pieceWidth;
      } else {
        line += gap + piece;
        lineWidth += gapWidth + pieceWidth;
      }
    };
    const words = paragraph.split(/( +)/);
    let gap = '';
    for (const token of words) {
      if (token === '') continue;
      if (token.startsWith(' ')) {
        gap = token;
        continue;
      }
      const w = measureText(token, face, size);
      if (w <= room || wordPieces(token).length === 1) {
        push(token, w, gap);
      } else {
        // A name wider than the line: its labels, each after a dot or a hyphen, on as few lines as it takes.
        wordPieces(token).forEach((piece, i) => push(piece, measureText(piece, face, size), i === 0 ? gap : ''));
      }
      gap = '';
    }
    lines.push(line);
  }
  return lines;
}

// Fitted runs carry their style (face, size, colour, line height) themselves rather than inheriting it from named
// styles: pdfmake resolves a run's style property by property through the stack of enclosing nodes, and a run that
// names its own values stops that walk at once.

/** The text style of a fitted run. */
export interface RunStyle {
  readonly font: string;
  readonly fontSize: number;
  readonly bold: boolean;
  readonly italics: boolean;
  readonly color: string;
  readonly lineHeight: number;
  /** Keep a line's leading spaces (code). */
  readonly preserveLeadingSpaces?: boolean;
}

/** A face at a size and colour as a complete run style (the document's line height by default). */
export function runStyle(face: Face, fontSize: number, color: string, lineHeight = 1.15): RunStyle {
  return { font: face === 'mono' ? MONO_FONT : TEXT_FONT, fontSize, bold: face === 'sansBold', italics: face === 'sansItalic', color, lineHeight };
}

/** One run of text in a style. */
export function styledRun(text: string, style: RunStyle, noWrap = true): Content {
  const run = { text, noWrap, font: style.font, fontSize: style.fontSize, bold: style.bold, italics: style.italics, color: style.color, lineHeight: style.lineHeight };
  return (style.preserveLeadingSpaces ? { ...run, preserveLeadingSpaces: true } : run) as Content;
}

/** pdfmake text runs, one unbreakable run per fitted line (the runs between carry the line breaks). */
export function fittedRuns(lines: readonly string[], style: RunStyle): Content[] {
  const runs: Content[] = [];
  lines.forEach((line, i) => {
    if (i > 0) runs.push(styledRun('\n', style, false));
    runs.push(styledRun(line === '' ? ' ' : line, style));
  });
  return runs;
}
