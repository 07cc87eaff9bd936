// The fonts embedded in exported PDFs: DejaVu Sans for text (Latin, Greek, Cyrillic and the symbols the runbook
// uses) and DejaVu Sans Mono for PowerShell. They are read from the dejavu-fonts-ttf package at run time, never
// from the system, so every machine produces the same PDF.
//
// The embedded copies leave out the fonts' OpenType layout tables (GSUB, GPOS, GDEF, kern): pdfkit shapes every
// distinct word with fontkit, and with those tables that is most of a large PDF's time (a 200-server runbook has
// some 16,000 distinct words: ids, names, addresses). Without them a word is its characters' glyphs at their
// advance widths, which is what textfit measures too, so fitted lines and pdfkit agree exactly. What is lost:
// kerning (DejaVu's pairs narrow "AV", "Te" slightly) and the shaping of scripts that need it (Arabic, combining
// marks); a document with such text keeps the complete fonts (pdfFonts({ shaping: true })).
import { existsSync, lstatSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { TFontDictionary } from 'pdfmake/interfaces';

export const TEXT_FONT = 'DejaVuSans';
export const MONO_FONT = 'DejaVuSansMono';
/** Advance of every DejaVu Sans Mono glyph, in ems (1233/2048): code lines are wrapped by character count. */
export const MONO_ADVANCE_EM = 0.602;

const FILES = {
  [TEXT_FONT]: { normal: 'DejaVuSans.ttf', bold: 'DejaVuSans-Bold.ttf', italics: 'DejaVuSans-Oblique.ttf', bolditalics: 'DejaVuSans-BoldOblique.ttf' },
  [MONO_FONT]: { normal: 'DejaVuSansMono.ttf', bold: 'DejaVuSansMono-Bold.ttf', italics: 'DejaVuSansMono-Oblique.ttf', bolditalics: 'DejaVuSansMono-BoldOblique.ttf' },
} as const;

let cachedDirectory: string | undefined;

/** The ttf/ folder of the installed dejavu-fonts-ttf package. */
export function fontDirectory(): string {
  if (cachedDirectory) return cachedDirectory;
  const require = createRequire(import.meta.url);
  let packageJson: string;
  try {
    packageJson = require.resolve('dejavu-fonts-ttf/package.json');
  } catch {
    throw new Error('The PDF fonts are missing: the "dejavu-fonts-ttf" package is not installed. Run "npm ci" in the ExTopo folder.');
  }
  const dir = join(dirname(packageJson), 'ttf');
  cachedDirectory = dir;
  return dir;
}

/** OpenType and TrueType tables that only serve text shaping (substitution, positioning, kerning). */
const LAYOUT_TABLES = new Set(['GSUB', 'GPOS', 'GDEF', 'kern', 'morx', 'mort', 'kerx']);

/**
 * A TrueType font without its layout tables: the same glyphs, metrics and character map (the other tables are
 * copied byte for byte, the table directory rewritten). pdfkit then lays out text without shaping it.
 */
export function withoutLayoutTables(font: Buffer): Buffer {
  const count = font.readUInt16BE(4);
  const tables: { tag: string; checksum: number; data: Buffer }[] = [];
  for (let i = 0; i < count; i++) {
    const at = 12 + i * 16;
    const tag = font.toString('latin1', at, at + 4);
    if (LAYOUT_TABLES.has(tag)) continue;
    const offset = font.readUInt32BE(at + 8);
    tables.push({ tag, checksum: font.readUInt32BE(at + 4), data: font.subarray(offset, offset + font.readUInt32BE(at + 12)) });
  }
  const padded = (n: number) => (n + 3) & ~3;
  const out = Buffer.alloc(12 + 16 * tables.length + tables.reduce((sum, t) => sum + padded(t.data.length), 0));
  out.writeUInt32BE(font.readUInt32BE(0), 0);
  out.writeUInt16BE(tables.length, 4);
  const log2 = Math.floor(Math.log2(tables.length));
  out.writeUInt16BE(16 * 2 ** log2, 6);
  out.writeUInt16BE(log2, 8);
  out.writeUInt16BE(16 * (tables.length - 2 ** log2), 10);
  let offset = 12 + 16 * tables.length;
  tables.forEach((t, i) => {
    const at = 12 + i * 16;
    out.write(t.tag, at, 'latin1');
    out.writeUInt32BE(t.checksum, at + 4);
    out.writeUInt32BE(offset, at + 8);
    out.writeUInt32BE(t.data.length, at + 12);
    t.data.copy(out, offset);
    offset += padded(t.data.length);
  });
  return out;
}

/**
 * The folder of the fonts without layout tables: one per user in the temporary folder, shared by every ExTopo process
 * and export worker (workers come and go; nothing to clean up). Its files are checked byte for byte against the
 * copies made from the package's fonts before use, rewritten (atomically) when they differ, and the folder must be
 * the user's own and closed to others; anything amiss and the package's own fonts are used. null: not usable.
 * Files rather than pdfmake's in-memory file system: the diagrams' SVG text (svg-to-pdfkit) opens its fonts by path.
 */
let layoutFreeDir: string | null | undefined;

function layoutFreeDirectory(): string | null {
  if (layoutFreeDir !== undefined) return layoutFreeDir;
  layoutFreeDir = null;
  try {
    const uid = process.getuid?.();
    const dir = join(tmpdir(), `extopo-pdf-fonts-${uid ?? 'user'}`);
    try {
      mkdirSync(dir, { mode: 0o700 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const stat = lstatSync(dir);
    if (!stat.isDirectory() || (uid !== undefined && (stat.uid !== uid || (stat.mode & 0o077) !== 0))) return null;
    for (const styles of Object.values(FILES)) {
      for (const file of Object.values(styles)) {
        const wanted = withoutLayoutTables(readFileSync(join(fontDirectory(), file)));
        const path = join(dir, file);
        if (existsSync(path) && readFileSync(path).equals(wanted)) continue;
        const partial = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.part`;
        writeFileSync(partial, wanted, { mode: 0o600 });
        renameSync(partial, path);
      }
    }
    layoutFreeDir = dir;
  } catch {
    // A read-only or full temporary folder: the complete fonts work too, only slower.
  }
  return layoutFreeDir;
}

/** Characters that need the fonts' shaping tables: combining marks, Hebrew, Arabic (and its presentation forms), Syriac, Thaana. */
const NEEDS_SHAPING = /\p{M}|[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefe]/u;

/** Keys of a pdfmake document definition's nodes under which its printed text is. */
const TEXT_KEYS = ['text', 'stack', 'columns', 'table', 'body', 'ul', 'ol', 'svg', 'toc', 'title'] as const;

/** Whether the printed text of a pdfmake content tree needs the complete fonts (see pdfFonts). */
export function needsShaping(content: unknown): boolean {
  const pending: unknown[] = [content];
  while (pending.length > 0) {
    const node = pending.pop();
    if (typeof node === 'string') {
      if (NEEDS_SHAPING.test(node)) return true;
    } else if (Array.isArray(node)) {
      for (const item of node) pending.push(item);
    } else if (node !== null && typeof node === 'object') {
      for (const key of TEXT_KEYS) if (key in node) pending.push((node as Record<string, unknown>)[key]);
    }
  }
  return false;
}

export interface PdfFontOptions {
  /** Embed the complete fonts, with their shaping tables (text in scripts that need them); default false. */
  readonly shaping?: boolean;
}

/**
 * pdfmake's font dictionary with absolute paths: copies of the package's fonts without layout tables (see above),
 * or the package's own files when asked for shaping or when no copy can be written. Throws naming the first
 * missing file of the package.
 */
export function pdfFonts(options: PdfFontOptions = {}): TFontDictionary {
  const dir = fontDirectory();
  const fonts: TFontDictionary = {};
  for (const styles of Object.values(FILES)) {
    for (const file of Object.values(styles)) {
      const path = join(dir, file);
      if (!existsSync(path)) throw new Error(`The PDF font file ${path} is missing. Reinstall the "dejavu-fonts-ttf" package ("npm ci").`);
    }
  }
  const from = options.shaping ? dir : (layoutFreeDirectory() ?? dir);
  for (const [family, styles] of Object.entries(FILES)) {
    fonts[family] = { normal: join(from, styles.normal), bold: join(from, styles.bold), italics: join(from, styles.italics), bolditalics: join(from, styles.bolditalics) };
  }
  return fonts;
}

/** Folders pdfmake may read fonts from: the package's, and the copies without layout tables. */
export function fontDirectories(): string[] {
  const copies = layoutFreeDirectory();
  return copies ? [fontDirectory(), copies] : [fontDirectory()];
}
