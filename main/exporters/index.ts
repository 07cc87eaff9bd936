// Runbook export, the one entry point for the CLI, the browser host and Electron IPC: design text in, file bytes
// out (PDF, PowerShell, Markdown or JSON). A design that does not load or has planner errors is refused with the
// complete list of problems.
import { badgesFromFindings, buildDiagram } from '../../shared/diagram';
import { loadDesignText } from '../../shared/model/load';
import type { LoadProblem } from '../../shared/model/load';
import type { DesignDocument } from '../../shared/model/types';
import { planDesign } from '../../shared/planner/engine';
import type { Finding } from '../../shared/planner/types';
import { generateRunbook } from '../../shared/runbook/generate';
import { renderPs1 } from '../../shared/runbook/ps1';
import { PsQuoteError } from '../../shared/powershell/quote';
import type { Runbook } from '../../shared/runbook/types';
import { renderJson } from './json';
import { renderMarkdown } from './markdown';
import { renderPdf } from './pdf';
import { buildReport } from './report';

export const EXPORT_FORMATS = ['pdf', 'ps1', 'md', 'json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const FILE_EXTENSIONS: Readonly<Record<ExportFormat, string>> = { pdf: 'pdf', ps1: 'ps1', md: 'md', json: 'json' };
export const MEDIA_TYPES: Readonly<Record<ExportFormat, string>> = {
  pdf: 'application/pdf',
  ps1: 'text/plain; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
  json: 'application/json',
};

export function isExportFormat(value: string): value is ExportFormat {
  return (EXPORT_FORMATS as readonly string[]).includes(value);
}

export interface ExportInput {
  readonly format: ExportFormat;
  /** The design file's text. */
  readonly text: string;
  /** Where the design was read from (names the output file and shows on the cover). */
  readonly designPath?: string;
  /** The time to stamp the runbook with (default: now). */
  readonly now?: Date;
}

export interface ExportResult {
  readonly fileName: string;
  readonly bytes: Uint8Array;
}

/** Why a design cannot be exported; `problems` lists every reason, one line each, with how to fix it. */
export class ExportError extends Error {
  override readonly name = 'ExportError';
  constructor(
    message: string,
    readonly problems: readonly string[],
    /** load: the file is not a valid design; planner: the design has errors the planner reports. */
    readonly kind: 'load' | 'planner',
  ) {
    super(`${message}\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/**
 * The design loaded and planned, but the exporter could not produce the file: a value the PowerShell quoting refuses
 * (the loader should have refused it first), or the PDF renderer, its fonts or the diagram layout failing.
 */
export class ExportFailure extends Error {
  override readonly name = 'ExportFailure';
  constructor(
    readonly format: ExportFormat,
    /** value: a value of the design cannot be written in this format; renderer: the exporter itself failed. */
    readonly reason: 'value' | 'renderer',
    readonly detail: string,
    options?: { cause?: unknown },
  ) {
    super(`The ${format} export failed: ${detail}`, options);
  }
}

/** The problem's message and fix as separate sentences, with the line and column of a syntax error. */
function formatLoadProblem(p: LoadProblem): string {
  const message = p.message.trim().replace(/\.$/, '');
  const where = p.line !== undefined && !message.includes(`line ${p.line}`) ? ` (line ${p.line}, column ${p.column ?? 1})` : '';
  return `${message}${where}. ${p.hint.trim()}`;
}

function formatFinding(f: Finding): string {
  return `[${f.ruleId}] ${f.message} Fix: ${f.hint}`;
}

/** The design file's base name, from a POSIX or Windows path. */
export function baseName(path: string): string {
  return path.split(/[\\/]/).filter(Boolean).pop() ?? path;
}

/** A file-name-safe form of a title: letters and digits of any script, hyphens between words. */
function slug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60);
}

/** "seed-lab.extopo.json" → "seed-lab-runbook.pdf"; without a file, from the title or the organization. */
export function exportFileName(format: ExportFormat, document: DesignDocument, designPath?: string): string {
  const fromFile = designPath ? baseName(designPath).replace(/(\.extopo)?\.json$/i, '') : '';
  const base = slug(fromFile) || slug(document.title) || slug(document.design.organization.name) || 'design';
  return `${base}-runbook.${FILE_EXTENSIONS[format]}`;
}

/** Loads and generates, or throws an ExportError with every problem. */
export function runbookForText(text: string, now: Date): { document: DesignDocument; runbook: Runbook } {
  const loaded = loadDesignText(text);
  if (!loaded.ok) {
    throw new ExportError(`The design cannot be loaded (${loaded.problems.length} problem${loaded.problems.length === 1 ? '' : 's'}):`, loaded.problems.map(formatLoadProblem), 'load');
  }
  const generated = generateRunbook(loaded.document, { generatedAt: now.toISOString() });
  if (!generated.ok) {
    const n = generated.errors.length;
    if (n === 0) throw new ExportError('No runbook can be generated for this design:', [generated.message], 'planner');
    throw new ExportError(`The design has ${n} planner error${n === 1 ? '' : 's'}; fix ${n === 1 ? 'it' : 'them'} before exporting a runbook:`, generated.errors.map(formatFinding), 'planner');
  }
  return { document: loaded.document, runbook: generated.runbook };
}

const encoder = new TextEncoder();

export async function exportRunbook(input: ExportInput): Promise<ExportResult> {
  if (!isExportFormat(input.format)) {
    throw new ExportError(`Unknown export format "${String(input.format)}".`, [`Use one of: ${EXPORT_FORMATS.join(', ')}.`], 'load');
  }
  const now = input.now ?? new Date();
  try {
    // Generating the steps quotes every value too, so a refused value can surface here as well as in rendering.
    const { document, runbook } = runbookForText(input.text, now);
    const fileName = exportFileName(input.format, document, input.designPath);
    return await renderFormat(input, document, runbook, fileName, now);
  } catch (error) {
    if (error instanceof ExportError) throw error;
    const detail = error instanceof Error ? error.message : String(error);
    throw new ExportFailure(input.format, error instanceof PsQuoteError ? 'value' : 'renderer', detail, { cause: error });
  }
}

async function renderFormat(input: ExportInput, document: DesignDocument, runbook: Runbook, fileName: string, now: Date): Promise<ExportResult> {
  switch (input.format) {
    case 'json':
      return { fileName, bytes: encoder.encode(renderJson(runbook)) };
    case 'ps1':
      return { fileName, bytes: encoder.encode(renderPs1(runbook, { designFile: input.designPath ? baseName(input.designPath) : undefined })) };
    case 'md':
    case 'pdf': {
      const plan = planDesign(document.design);
      const report = buildReport(document, runbook, plan, { designFile: input.designPath ? baseName(input.designPath) : undefined, generatedAt: now });
      if (input.format === 'md') return { fileName, bytes: encoder.encode(renderMarkdown(report)) };
      const diagram = buildDiagram(document, { badges: badgesFromFindings(plan.findings) });
      return { fileName, bytes: await renderPdf(report, { diagram, createdAt: now }) };
    }
  }
}
