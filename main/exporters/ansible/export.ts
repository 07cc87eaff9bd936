// The Ansible export from a design file's text (CLI, tests): load, refuse a design with errors (as every export),
// generate, render; and the writer of the directory. (The designer's export, the same files as one .zip, goes
// through exportRunbook's 'ansible' format: ../index.ts and archive.ts.)
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { ansibleProjectName, baseName, runbookForText } from '../source';
import { renderAnsible } from './index';
import type { AnsibleFile } from './index';

export interface AnsibleExportInput {
  readonly text: string;
  readonly designPath?: string;
  readonly now?: Date;
}

export interface AnsibleExportResult {
  /** The directory name to use when the output is an existing folder: "<design>-ansible". */
  readonly dirName: string;
  readonly files: readonly AnsibleFile[];
}

/** Throws ExportError (load or planner problems) like exportRunbook. */
export function exportAnsible(input: AnsibleExportInput): AnsibleExportResult {
  const { document, runbook } = runbookForText(input.text, input.now ?? new Date());
  const dirName = ansibleProjectName(document, input.designPath);
  const { files } = renderAnsible(runbook, document.design, { designFile: input.designPath ? baseName(input.designPath) : undefined });
  return { dirName, files };
}

/** Writes the files under `dir` (created when missing); existing files of the same names are replaced. */
export async function writeAnsibleDirectory(dir: string, files: readonly AnsibleFile[]): Promise<void> {
  for (const file of files) {
    const path = join(dir, ...file.path.split('/'));
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, file.text, 'utf8');
  }
}
