// From a design file's text to its runbook, for every exporter (exportRunbook in index.ts, and the Ansible
// project's directory writer in ansible/export.ts): load, plan and generate, refusing a design that does not load
// or has planner errors with the complete list of problems; and the names exported files and folders take.
// Kept below index.ts and ansible/ so both use it without importing each other.
import { loadDesignText } from '../../shared/model/load';
import type { LoadProblem } from '../../shared/model/load';
import type { DesignDocument } from '../../shared/model/types';
import type { Finding } from '../../shared/planner/types';
import { generateRunbook } from '../../shared/runbook/generate';
import type { Runbook } from '../../shared/runbook/types';

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

/** "seed-lab.extopo.json" → "seed-lab"; without a file, from the title or the organization. */
export function exportBaseName(document: DesignDocument, designPath?: string): string {
  const fromFile = designPath ? baseName(designPath).replace(/(\.extopo)?\.json$/i, '') : '';
  return slug(fromFile) || slug(document.title) || slug(document.design.organization.name) || 'design';
}

/** The Ansible project's folder: "seed-lab.extopo.json" → "seed-lab-ansible" (the CLI's directory, the zip's top folder). */
export function ansibleProjectName(document: DesignDocument, designPath?: string): string {
  return `${exportBaseName(document, designPath)}-ansible`;
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
