// The files commands read and write: why an access failed, in plain words, and a design file that cannot be read
// reported as a load problem (so `validate` and `rehearse` show it like any other problem of the file).
import { readFile } from 'node:fs/promises';
import type { LoadProblem } from '../../shared/model/load';

/** Why a file could not be read or written: "permission denied", "it is a directory, not a file", … */
export function fileErrorReason(error: unknown, whenMissing = 'no such file or directory'): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return whenMissing;
  if (code === 'EISDIR') return 'it is a directory, not a file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return error instanceof Error ? error.message : String(error);
}

/** Reads a design file; a failure becomes a load problem with a plain-language message and its fix. */
export async function readDesignFile(path: string, shown: string): Promise<{ ok: true; text: string } | { ok: false; problem: LoadProblem }> {
  try {
    return { ok: true, text: await readFile(path, 'utf8') };
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    const hint = missing
      ? 'Check the path (it is relative to the current directory), or create a design with "extopo new --template blank -o FILE".'
      : 'Give the path of a readable ExTopo design file (*.extopo.json).';
    return { ok: false, problem: { path: '$', message: `Cannot read ${shown}: ${fileErrorReason(error, 'no such file')}.`, hint } };
  }
}
