// Where a produced file (exported runbook, run report) may be written when the page gives a path. PathAccess has
// already kept the path inside the allowed folders; this decides the file name:
//   - it ends in the chosen format's extension (.pdf, .ps1, .md, .json, .zip for the Ansible project; a
//     ".extopo.json" name is a design, not a runbook), so an export can never replace a design or any other kind
//     of file;
//   - it is not a dotfile and not inside a hidden folder of the documents folder (".extopo" holds the recent list,
//     autosaves and runs);
//   - an existing .json that is a design file (saved under a plain ".json" name) is never replaced.
// The previous version of a replaced file is kept as "<file>.bak", as document saves do.
import { promises as fs } from 'node:fs';
import { basename, relative, sep } from 'node:path';
import { ServiceError } from '../ipc/errors';
import { DESIGN_EXTENSION } from './documents';
import { isInside } from './pathAccess';

/** Bytes of an existing .json read to tell a design from a runbook. */
const SNIFF_BYTES = 64 * 1024;

function refuse(what: string, target: string, why: string, fix: string): never {
  throw new ServiceError(`Cannot write ${what} to "${target}": ${why}.`, [fix]);
}

/** Whether the start of an existing JSON file looks like an ExTopo design (a "design" object, no runbook "contentHash"). */
async function looksLikeDesign(path: string): Promise<boolean> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(path, 'r');
  } catch {
    return false; // not there (or unreadable: the write will say so)
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) return false;
    const buffer = Buffer.alloc(Math.min(SNIFF_BYTES, stat.size));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    const head = buffer.toString('utf8', 0, bytesRead);
    return /"design"\s*:\s*\{/.test(head) && !/"contentHash"\s*:/.test(head);
  } finally {
    await handle.close();
  }
}

/**
 * Throws a ServiceError (what was refused, the path, how to fix it) unless `target` is an acceptable name for a
 * file of `extension` (".md", ".pdf", …). `suggested` is the file name the exporter proposes.
 */
export async function checkExportTarget(target: string, extension: string, what: string, documentsDir: string, suggested?: string): Promise<void> {
  const name = basename(target);
  const lower = name.toLowerCase();
  const example = suggested && suggested.toLowerCase().endsWith(extension) ? suggested : `runbook${extension}`;
  if (name.startsWith('.')) {
    refuse(what, target, `"${name}" is a hidden file name (it starts with a dot)`, `Choose a name that does not start with a dot, e.g. "${example}".`);
  }
  if (isInside(documentsDir, target)) {
    const hidden = relative(documentsDir, target).split(sep).slice(0, -1).find((part) => part.startsWith('.'));
    if (hidden) refuse(what, target, `the folder "${hidden}" is ExTopo's own (or hidden) folder`, `Save it directly in the documents folder (${documentsDir}) or a visible subfolder.`);
  }
  if (lower.endsWith(DESIGN_EXTENSION)) {
    refuse(what, target, `names ending in ${DESIGN_EXTENSION} are design files, and an export never replaces a design`, `Choose a name ending in ${extension} only, e.g. "${example}".`);
  }
  if (!lower.endsWith(extension) || lower.length === extension.length) {
    refuse(what, target, `a ${extension.slice(1)} export must be saved under a name ending in ${extension}`, `Choose a name like "${example}", or pick the format that matches the name.`);
  }
  if (extension === '.json' && (await looksLikeDesign(target))) {
    refuse(what, target, 'the file there is an ExTopo design, and an export never replaces a design', `Choose another name, e.g. "${example}".`);
  }
}
