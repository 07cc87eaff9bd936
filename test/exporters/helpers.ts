// Helpers for the exporter tests: temporary files and poppler's pdftotext / pdfinfo / pdffonts / pdfimages.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let dir: string | undefined;

/** A per-run temporary folder (left to the OS temp cleaner). */
export function tempDir(): string {
  dir ??= mkdtempSync(join(tmpdir(), 'extopo-export-'));
  return dir;
}

export function writeTemp(name: string, bytes: Uint8Array | string): string {
  const path = join(tempDir(), name);
  writeFileSync(path, bytes);
  return path;
}

/** The PDF's text in reading order (pdftotext -layout keeps table columns apart). */
export function pdfText(path: string, layout = true): string {
  return execFileSync('pdftotext', [...(layout ? ['-layout'] : []), '-enc', 'UTF-8', path, '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

/** Text of one page (1-based). */
export function pdfPageText(path: string, page: number): string {
  return execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', '-f', String(page), '-l', String(page), path, '-'], { encoding: 'utf8' });
}

export function pdfPages(path: string): number {
  const info = execFileSync('pdfinfo', [path], { encoding: 'utf8' });
  const m = /^Pages:\s+(\d+)/m.exec(info);
  if (!m) throw new Error(`pdfinfo printed no page count for ${path}:\n${info}`);
  return Number(m[1]);
}

export function pdfFontsList(path: string): string {
  return execFileSync('pdffonts', [path], { encoding: 'utf8' });
}

/** Raster images embedded in the PDF (the header line and separator of pdfimages -list excluded). */
export function pdfImageCount(path: string): number {
  return execFileSync('pdfimages', ['-list', path], { encoding: 'utf8' }).trim().split('\n').slice(2).length;
}
