// Reading a file that must be a regular file of bounded size (a design file): the size is read from the open
// handle (fstat) before any byte is, so "/dev/zero", a FIFO, a socket or a 10 GB file is refused at once instead
// of being read into memory first. Opened with O_NONBLOCK where the platform has it, so opening a FIFO without a
// writer does not hang; the read also stops at the limit should the file grow after the check.
import { constants, promises as fs } from 'node:fs';
import type { Stats } from 'node:fs';

/** Why a file was refused before it was read. `code` mirrors Node's errno style for callers that switch on it. */
export class FileRefusedError extends Error {
  constructor(
    readonly path: string,
    readonly code: 'ENOTREG' | 'EFBIG',
    /** What was refused, in plain words ("it is a character device, not a regular file"). */
    readonly reason: string,
    /** How to fix it. */
    readonly hint: string,
  ) {
    super(`${path}: ${reason}`);
    this.name = 'FileRefusedError';
  }
}

const OPEN_FLAGS = constants.O_RDONLY | (process.platform === 'win32' ? 0 : (constants.O_NONBLOCK ?? 0));

function notRegularReason(stat: Stats): string {
  if (stat.isDirectory()) return 'it is a directory, not a file';
  if (stat.isCharacterDevice()) return 'it is a character device, not a regular file';
  if (stat.isBlockDevice()) return 'it is a block device, not a regular file';
  if (stat.isFIFO()) return 'it is a named pipe, not a regular file';
  if (stat.isSocket()) return 'it is a socket, not a regular file';
  return 'it is not a regular file';
}

export function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MB` : bytes >= 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${bytes} bytes`;
}

/**
 * The text (UTF-8) of a regular file of at most `maxBytes` bytes. Throws FileRefusedError for anything else
 * (checked on the open handle, before reading), and Node's own errors (ENOENT, EACCES, …) as they are.
 */
export async function readBoundedText(path: string, maxBytes: number, what = 'a design file'): Promise<string> {
  const handle = await fs.open(path, OPEN_FLAGS);
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) {
      throw new FileRefusedError(path, 'ENOTREG', notRegularReason(stat), `Give the path of ${what}.`);
    }
    const tooLarge = (size: number) =>
      new FileRefusedError(path, 'EFBIG', `the file is ${formatBytes(size)}, more than the ${formatBytes(maxBytes)} ${what} may have`, `Check that this is ${what}; larger files are refused.`);
    if (stat.size > maxBytes) throw tooLarge(stat.size);
    // Read what fstat promised, and at most one byte past the limit should the file have grown since.
    let chunk = Buffer.allocUnsafe(Math.min(maxBytes + 1, stat.size + 64 * 1024));
    let total = 0;
    for (;;) {
      if (total === chunk.length) {
        if (chunk.length > maxBytes) throw tooLarge(total);
        const grown = Buffer.allocUnsafe(Math.min(maxBytes + 1, chunk.length * 2));
        chunk.copy(grown, 0, 0, total);
        chunk = grown;
      }
      const { bytesRead } = await handle.read(chunk, total, chunk.length - total, null);
      if (bytesRead === 0) break;
      total += bytesRead;
    }
    if (total > maxBytes) throw tooLarge(total);
    return chunk.toString('utf8', 0, total);
  } finally {
    await handle.close();
  }
}
