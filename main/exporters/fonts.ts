// The fonts embedded in exported PDFs: DejaVu Sans for text (Latin, Greek, Cyrillic and the symbols the runbook
// uses) and DejaVu Sans Mono for PowerShell. They are read from the dejavu-fonts-ttf package at run time, never
// from the system, so every machine produces the same PDF.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
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

/** pdfmake's font dictionary with absolute paths into the package; throws naming the first missing file. */
export function pdfFonts(): TFontDictionary {
  const dir = fontDirectory();
  const fonts: TFontDictionary = {};
  for (const [family, styles] of Object.entries(FILES)) {
    const paths = {
      normal: join(dir, styles.normal),
      bold: join(dir, styles.bold),
      italics: join(dir, styles.italics),
      bolditalics: join(dir, styles.bolditalics),
    };
    for (const path of Object.values(paths)) {
      if (!existsSync(path)) throw new Error(`The PDF font file ${path} is missing. Reinstall the "dejavu-fonts-ttf" package ("npm ci").`);
    }
    fonts[family] = paths;
  }
  return fonts;
}
