// Runbook export, the one entry point for the CLI, the browser host and Electron IPC: design text in, file bytes
// out (PDF, PowerShell, Markdown, JSON, or the Ansible project as one .zip). A design that does not load or has
// planner errors is refused with the complete list of problems.
import { badgesFromFindings, buildDiagram } from '../../shared/diagram';
import type { DesignDocument } from '../../shared/model/types';
import { planDesign } from '../../shared/planner/engine';
import { renderPs1 } from '../../shared/runbook/ps1';
import { PsQuoteError } from '../../shared/powershell/quote';
import type { Runbook } from '../../shared/runbook/types';
import { AnsibleExportError, renderAnsible } from './ansible';
import { zipAnsibleProject } from './ansible/archive';
import { renderJson } from './json';
import { renderMarkdown } from './markdown';
import { renderPdf } from './pdf';
import { buildReport } from './report';
import { ansibleProjectName, baseName, exportBaseName, ExportError, runbookForText } from './source';

export { ansibleProjectName, baseName, ExportError, runbookForText } from './source';

/** 'ansible': the Ansible project (a folder: main/exporters/ansible) delivered as one .zip file. */
export const EXPORT_FORMATS = ['pdf', 'ps1', 'md', 'json', 'ansible'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const FILE_EXTENSIONS: Readonly<Record<ExportFormat, string>> = { pdf: 'pdf', ps1: 'ps1', md: 'md', json: 'json', ansible: 'zip' };
export const MEDIA_TYPES: Readonly<Record<ExportFormat, string>> = {
  pdf: 'application/pdf',
  ps1: 'text/plain; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
  json: 'application/json',
  ansible: 'application/zip',
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

/**
 * The design loaded and planned, but the exporter could not produce the file: a value the PowerShell quoting refuses
 * (the loader should have refused it first) or the Ansible export cannot name a host or task with, or the PDF
 * renderer, its fonts or the diagram layout failing.
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

/** "seed-lab.extopo.json" → "seed-lab-runbook.pdf" (the Ansible project: "seed-lab-ansible.zip"). */
export function exportFileName(format: ExportFormat, document: DesignDocument, designPath?: string): string {
  if (format === 'ansible') return `${ansibleProjectName(document, designPath)}.${FILE_EXTENSIONS.ansible}`;
  return `${exportBaseName(document, designPath)}-runbook.${FILE_EXTENSIONS[format]}`;
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
    const value = error instanceof PsQuoteError || error instanceof AnsibleExportError;
    throw new ExportFailure(input.format, value ? 'value' : 'renderer', detail, { cause: error });
  }
}

async function renderFormat(input: ExportInput, document: DesignDocument, runbook: Runbook, fileName: string, now: Date): Promise<ExportResult> {
  const designFile = input.designPath ? baseName(input.designPath) : undefined;
  switch (input.format) {
    case 'ansible': {
      const { files } = renderAnsible(runbook, document.design, { designFile });
      return { fileName, bytes: zipAnsibleProject(ansibleProjectName(document, input.designPath), files, now) };
    }
    case 'json':
      return { fileName, bytes: encoder.encode(renderJson(runbook)) };
    case 'ps1':
      return { fileName, bytes: encoder.encode(renderPs1(runbook, { designFile })) };
    case 'md':
    case 'pdf': {
      const plan = planDesign(document.design);
      const report = buildReport(document, runbook, plan, { designFile, generatedAt: now });
      if (input.format === 'md') return { fileName, bytes: encoder.encode(renderMarkdown(report)) };
      const diagram = buildDiagram(document, { badges: badgesFromFindings(plan.findings) });
      return { fileName, bytes: await renderPdf(report, { diagram, createdAt: now }) };
    }
  }
}
