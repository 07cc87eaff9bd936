// `extopo runbook FILE --format ansible -o DIR`: the runbook as an Ansible project directory (main/exporters/ansible).
// Kept out of runbook.ts (one line there dispatches here) so the single-file formats stay as they are.
import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { usageError } from '../command';
import type { CliIo } from '../command';
import { fileErrorReason, readDesignText } from '../files';
import { ExportError } from '../../exporters';
import { AnsibleExportError } from '../../exporters/ansible';
import { exportAnsible, writeAnsibleDirectory } from '../../exporters/ansible/export';

/** Exit code of a valid design whose export could not be produced (as runbook.ts). */
const EXIT_EXPORT_FAILED = 3;

async function entries(path: string): Promise<string[] | null> {
  try {
    if (!(await stat(path)).isDirectory()) return null;
    return await readdir(path);
  } catch {
    return null;
  }
}

/**
 * Writes the project into OUT: OUT itself when it does not exist, is empty or holds an earlier export (site.yml);
 * otherwise (a folder with other files) into OUT/<design>-ansible.
 */
export async function runAnsibleExport(file: string, output: string | undefined, io: CliIo): Promise<number> {
  if (output === undefined || output === '') return usageError(io, 'runbook', 'the ansible format writes a directory: give it with -o, e.g. -o seed-lab-ansible.');
  let text: string;
  try {
    text = await readDesignText(resolve(io.cwd, file));
  } catch (error) {
    io.stderr(`extopo runbook: cannot read ${file}: ${fileErrorReason(error)}.\n`);
    return 2;
  }
  let result: ReturnType<typeof exportAnsible>;
  try {
    result = exportAnsible({ text, designPath: file });
  } catch (error) {
    if (error instanceof AnsibleExportError) {
      io.stderr(`extopo runbook: no ansible written: ${error.message}\n`);
      return EXIT_EXPORT_FAILED;
    }
    if (!(error instanceof ExportError)) throw error;
    const heading = error.kind === 'planner' ? `${file}: no runbook, the design has errors` : `${file} is not a valid design file`;
    io.stderr(`extopo runbook: ${heading}:\n${error.problems.map((p) => `  - ${p}`).join('\n')}\n`);
    if (error.kind === 'planner') io.stderr(`Run "extopo validate ${file}" for every finding.\n`);
    return error.kind === 'planner' ? 1 : 2;
  }
  const target = resolve(io.cwd, output);
  const existing = await entries(target);
  const dir = existing !== null && existing.length > 0 && !existing.includes('site.yml') ? join(target, result.dirName) : target;
  try {
    await writeAnsibleDirectory(dir, result.files);
  } catch (error) {
    io.stderr(`extopo runbook: cannot write ${output}: ${fileErrorReason(error, 'its folder does not exist')}.\n`);
    return 2;
  }
  io.stderr(`Wrote ${dir} (ansible: ${result.files.length} files; see its README.md). Check it: cd ${dir} && ansible-playbook --syntax-check site.yml\n`);
  return 0;
}
