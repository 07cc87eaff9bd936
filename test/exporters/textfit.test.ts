// Text fitted to table cells before pdfmake sees it (main/exporters/textfit.ts): widths from the embedded fonts agree
// with pdfkit's, and the break rules hold (FQDNs only after a dot or a hyphen, addresses and ids never).
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fontDirectory, needsShaping, pdfFonts, withoutLayoutTables } from '../../main/exporters/fonts';
import { fitLines, measureText, parseMetrics, wordPieces } from '../../main/exporters/textfit';
import type { Face } from '../../main/exporters/textfit';

// pdfkit is pdfmake's renderer (no types of its own here).
const PDFDocument = createRequire(import.meta.url)('pdfkit') as new () => { font(path: string): { fontSize(size: number): unknown }; widthOfString(text: string): number };

const FILES: Record<Face, string> = { sans: 'DejaVuSans.ttf', sansBold: 'DejaVuSans-Bold.ttf', sansItalic: 'DejaVuSans-Oblique.ttf', mono: 'DejaVuSansMono.ttf' };

describe('text fitting for PDF table cells', () => {
  it('measures text as pdfkit does, never narrower than pdfkit by more than the slack', () => {
    const doc = new PDFDocument();
    const samples = ['Preflight: MB0122 is reachable and matches the design', 'casarray.exchangeserverpro.local', '☐ 162 ✔ ✘ — – … · Развёртывание Ωμέγα', 'AVATAR Te To Yo', 'db.copy.db-207.srv-mb0137'];
    for (const face of ['sans', 'sansBold', 'mono'] as const) {
      doc.font(join(fontDirectory(), FILES[face])).fontSize(10);
      for (const text of samples) {
        const ours = measureText(text, face, 10);
        const pdfkit = doc.widthOfString(text);
        // Kerning only narrows DejaVu text noticeably; no sample is wider in pdfkit than 1 pt (the slack is 1.5).
        expect(pdfkit - ours, `${face}: ${text}`).toBeLessThan(1);
        expect(ours - pdfkit, `${face}: ${text}`).toBeLessThan(10);
      }
    }
  });

  it('embeds fonts without shaping tables that pdfkit measures exactly as textfit does', () => {
    const doc = new PDFDocument();
    const fonts = pdfFonts();
    const embedded: Record<Face, string> = { sans: fonts.DejaVuSans.normal as string, sansBold: fonts.DejaVuSans.bold as string, sansItalic: fonts.DejaVuSans.italics as string, mono: fonts.DejaVuSansMono.normal as string };
    for (const face of ['sans', 'sansBold', 'mono'] as const) {
      doc.font(embedded[face]).fontSize(10);
      // No kerning pair narrows "AV", "Te", "Yo" any more: the widths agree to rounding.
      for (const text of ['AVATAR Te To Yo', 'casarray.exchangeserverpro.local', '☐ 162 ✔ ✘ — – …']) expect(doc.widthOfString(text), `${face}: ${text}`).toBeCloseTo(measureText(text, face, 10), 6);
    }
  });

  it('keeps every glyph, advance and the character map when it leaves the layout tables out', () => {
    const original = readFileSync(join(fontDirectory(), 'DejaVuSans.ttf'));
    const stripped = withoutLayoutTables(original);
    const tags = (font: Buffer) => Array.from({ length: font.readUInt16BE(4) }, (_, i) => font.toString('latin1', 12 + i * 16, 16 + i * 16));
    expect(tags(original)).toEqual(expect.arrayContaining(['GSUB', 'GPOS', 'kern', 'glyf', 'cmap', 'hmtx']));
    expect(tags(stripped)).not.toEqual(expect.arrayContaining(['GSUB']));
    for (const tag of ['GSUB', 'GPOS', 'GDEF', 'kern']) expect(tags(stripped)).not.toContain(tag);
    expect(tags(stripped)).toEqual(expect.arrayContaining(['glyf', 'loca', 'cmap', 'hmtx', 'head', 'hhea', 'maxp', 'name', 'post']));
    const a = parseMetrics(original);
    const b = parseMetrics(stripped);
    expect(b.advance).toEqual(a.advance);
    expect([b.unitsPerEm, b.ascender, b.descender]).toEqual([a.unitsPerEm, a.ascender, a.descender]);
    // Text that needs shaping (combining marks, Arabic) keeps the complete fonts.
    expect(needsShaping([{ text: 'Ωμέγα Развёртывание' }])).toBe(false);
    expect(needsShaping({ stack: [{ text: ['x', { text: 'e\u0301' }] }] })).toBe(true);
    expect(needsShaping([{ table: { body: [[{ text: 'مرحبا' }]] } }])).toBe(true);
    expect(pdfFonts({ shaping: true }).DejaVuSans.normal).toBe(join(fontDirectory(), 'DejaVuSans.ttf'));
  });

  it('breaks URLs after the dots and hyphens of their host and the slashes of their path only', () => {
    expect(wordPieces('https://mail.contoso.com/EWS/Exchange.asmx')).toEqual(['https://', 'mail.', 'contoso.', 'com/', 'EWS/', 'Exchange.', 'asmx']);
    expect(wordPieces('https://autodiscover.contoso.com')).toEqual(['https://', 'autodiscover.', 'contoso.', 'com']);
  });

  it('breaks FQDNs only after a dot or a hyphen, and never addresses or ids without dots', () => {
    expect(wordPieces('casarray.exchangeserverpro.local')).toEqual(['casarray.', 'exchangeserverpro.', 'local']);
    expect(wordPieces('outlook-010.contoso.local,')).toEqual(['outlook-', '010.', 'contoso.', 'local,']);
    expect(wordPieces('10.0.0.0/16')).toEqual(['10.0.0.0/16']);
    expect(wordPieces('192.168.0.32')).toEqual(['192.168.0.32']);
    expect(wordPieces('C:\\DAG1Witness')).toEqual(['C:\\DAG1Witness']);
    const lines = fitLines('Members: mailbox-server-01.exchangeserverpro.local and 192.168.100.200 (replication)', 'sans', 7.8, 100);
    for (const line of lines) expect(measureText(line, 'sans', 7.8)).toBeLessThanOrEqual(100);
    const labels = new Set(['mailbox-', 'server-', '01.', 'exchangeserverpro.', 'local']);
    // Every line break inside the FQDN falls after one of its dots or hyphens.
    const joined = lines.join('\n');
    expect(joined.replace(/\n/g, '')).toContain('mailbox-server-01.exchangeserverpro.local');
    for (const [i, line] of lines.entries()) {
      if (i < lines.length - 1 && /[.-]$/.test(line)) expect([...labels].some((l) => line.endsWith(l))).toBe(true);
    }
    expect(lines.some((l) => l.includes('192.168.100.200'))).toBe(true);
  });

  it('keeps explicit line breaks and gives back the words in order', () => {
    const text = 'MB0140\nmb0140.contoso.local\nMAPI: 10.18.0.24 (mapi, 10.4.0.0/16)';
    const lines = fitLines(text, 'sans', 7.8, 90);
    expect(lines.join(' ').split(/\s+/)).toEqual(text.split(/\s+/));
    expect(lines[0]).toBe('MB0140');
    expect(lines[1]).toBe('mb0140.contoso.local');
  });

  it('puts a word wider than the line on a line of its own, whole (never cut)', () => {
    expect(fitLines('x ExchangeServerProductKeyForEveryServerNow y', 'sans', 7.8, 40)).toEqual(['x', 'ExchangeServerProductKeyForEveryServerNow', 'y']);
    // A hyphenated name is broken after its hyphens instead.
    expect(fitLines('Set-ExchangeServer-ProductKey', 'sans', 7.8, 90)).toEqual(['Set-ExchangeServer-', 'ProductKey']);
  });
});
