// Atomic file writes: the new content goes to a temp file in the same folder, is flushed to disk, then renamed over
// the target — so a crash or full disk never leaves a half-written file (design, credential vault, run plan, lab
// world). With keepBackup, the previous version is copied to "<file>.bak" first (copied, not moved: the target
// exists at every moment). The synchronous variant serves the executor and the lab, which write between steps.
import { randomBytes } from 'node:crypto';
import { closeSync, constants, fsyncSync, openSync, promises as fs, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export const BACKUP_SUFFIX = '.bak';

export interface AtomicWriteOptions {
  /** Copy the previous version to "<file>.bak" before replacing it. */
  readonly keepBackup?: boolean;
  /** Permissions of the new file (default 0o644; 0o600 for files only their owner may read). */
  readonly mode?: number;
}

const DEFAULT_MODE = 0o644;
const CREATE_NEW = constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY;

function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
}

export async function atomicWriteFile(path: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  const temp = tempPathFor(path);
  const handle = await fs.open(temp, CREATE_NEW, options.mode ?? DEFAULT_MODE);
  try {
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (options.keepBackup) {
      try {
        await fs.copyFile(path, `${path}${BACKUP_SUFFIX}`);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    }
    await fs.rename(temp, path);
  } catch (error) {
    await fs.rm(temp, { force: true });
    throw error;
  }
  await syncDirectory(dirname(path));
}

/** atomicWriteFile for callers that must not yield (no backup). */
export function atomicWriteFileSync(path: string, data: string | Uint8Array, options: Pick<AtomicWriteOptions, 'mode'> = {}): void {
  const temp = tempPathFor(path);
  const fd = openSync(temp, CREATE_NEW, options.mode ?? DEFAULT_MODE);
  try {
    try {
      writeFileSync(fd, data);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
  syncDirectorySync(dirname(path));
}

/** Makes the rename itself durable (POSIX); Windows cannot open directories, and does not need it. */
async function syncDirectory(path: string): Promise<void> {
  if (process.platform === 'win32') return;
  try {
    const handle = await fs.open(path, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Best effort: some file systems refuse fsync on a directory.
  }
}

function syncDirectorySync(path: string): void {
  if (process.platform === 'win32') return;
  try {
    const fd = openSync(path, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Best effort, as above.
  }
}
