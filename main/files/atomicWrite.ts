// Atomic file writes: the new content goes to a temp file in the same folder, is flushed to disk, then renamed over
// the target — so a crash or full disk never leaves a half-written file (design, credential vault, run plan, lab
// world). With keepBackup, the previous version is copied to "<file>.bak" first, atomically as well (copied to a
// temp file, flushed, renamed over the old .bak; copied, not moved: the target exists at every moment). The
// synchronous variant serves the executor and the lab, which write between steps.
//
// Temp files are hidden and name their writer: ".<file>.<pid>-<12 hex>.tmp". A process killed mid-save leaves one
// behind; cleanStaleTempFiles (run at start-up on the documents folder) removes those whose writer is gone or that
// are older than a minute — only names of this exact pattern, never anything else.
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
  return join(dirname(path), `.${basename(path)}.${process.pid}-${randomBytes(6).toString('hex')}.tmp`);
}

/** Our temp files: ".<name>.<pid>-<12 hex>.tmp", and the older ".<name>.<12 hex>.tmp" (no pid). */
const TEMP_PATTERN = /^\.(.+)\.(?:(\d{1,10})-)?([0-9a-f]{12})\.tmp$/;
/** A temp file older than this is stale whoever wrote it: a save takes seconds at most. */
export const STALE_TEMP_AGE_MS = 60_000;

/** The file a temp file of ours was going to replace, and the writer's pid (null for the older names), or null. */
export function parseTempName(name: string): { target: string; pid: number | null } | null {
  const m = TEMP_PATTERN.exec(name);
  if (!m) return null;
  return { target: m[1], pid: m[2] === undefined ? null : Number(m[2]) };
}

function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by someone else
  }
}

export interface CleanOptions {
  /** Only temp files of this target name (e.g. "lab.extopo.json"). */
  readonly target?: string;
  readonly now?: number;
  readonly maxAgeMs?: number;
}

/**
 * Removes stale temp files of atomicWriteFile from a folder (not its subfolders): names of our pattern only, whose
 * writing process is gone or that are older than a minute. Returns the names removed; never throws.
 */
export async function cleanStaleTempFiles(dir: string, options: CleanOptions = {}): Promise<string[]> {
  const now = options.now ?? Date.now();
  const maxAge = options.maxAgeMs ?? STALE_TEMP_AGE_MS;
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const parsed = parseTempName(name);
    if (!parsed || (options.target !== undefined && parsed.target !== options.target)) continue;
    const path = join(dir, name);
    try {
      const stat = await fs.lstat(path);
      if (!stat.isFile()) continue;
      const writerGone = parsed.pid !== null && !processAlive(parsed.pid);
      if (!writerGone && now - stat.mtimeMs < maxAge) continue;
      await fs.rm(path, { force: true });
      removed.push(name);
    } catch {
      // Gone already, or not ours to remove: leave it.
    }
  }
  return removed;
}

/** Copies `path` to `backup` atomically: a flushed temp copy renamed over the old backup. Nothing to do if `path` is missing. */
async function atomicBackup(path: string, backup: string): Promise<void> {
  const temp = tempPathFor(backup);
  try {
    await fs.copyFile(path, temp, constants.COPYFILE_EXCL);
  } catch (error) {
    await fs.rm(temp, { force: true });
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  try {
    const handle = await fs.open(temp, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(temp, backup);
  } catch (error) {
    await fs.rm(temp, { force: true });
    throw error;
  }
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
    if (options.keepBackup) await atomicBackup(path, `${path}${BACKUP_SUFFIX}`);
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

/** Makes a rename in a folder durable (POSIX fsync of the folder); Windows cannot open folders and does not need it. */
export function syncDirectorySync(path: string): void {
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
