// The files commands read and write: why an access failed, in plain words, and a design file that cannot be read
// reported as a load problem (so `validate` and `rehearse` show it like any other problem of the file).
import type { LoadProblem } from '../../shared/model/load';
import { FileRefusedError, readBoundedText } from '../files/readBounded';

/** Why a file could not be read or written: "permission denied", "it is a directory, not a file", … */
export function fileErrorReason(error: unknown, whenMissing = 'no such file or directory'): string {
  if (error instanceof FileRefusedError) return error.reason;
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return whenMissing;
  if (code === 'EISDIR') return 'it is a directory, not a file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return error instanceof Error ? error.message : String(error);
}

/**
 * A design file's text. Its kind and size are checked on the open handle before anything is read (a device, pipe,
 * folder or a file over the 64 MB design limit is refused with FileRefusedError); see main/files/readBounded.ts.
 */
export async function readDesignText(path: string): Promise<string> {
  // Loaded here, not at the top: commands that only write files (new, templates) need not load the model.
  const { MAX_FILE_BYTES } = await import('../../shared/model/load');
  return readBoundedText(path, MAX_FILE_BYTES);
}

/** Reads a design file; a failure becomes a load problem with a plain-language message and its fix. */
export async function readDesignFile(path: string, shown: string): Promise<{ ok: true; text: string } | { ok: false; problem: LoadProblem }> {
  try {
    return { ok: true, text: await readDesignText(path) };
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    const hint = missing
      ? 'Check the path (it is relative to the current directory), or create a design with "extopo new --template blank -o FILE".'
      : error instanceof FileRefusedError && error.code === 'EFBIG'
        ? 'Check that this is an ExTopo design file (*.extopo.json); design files are at most 64 MB.'
        : 'Give the path of a readable ExTopo design file (*.extopo.json).';
    return { ok: false, problem: { path: '$', message: `Cannot read ${shown}: ${fileErrorReason(error, 'no such file')}.`, hint } };
  }
}
