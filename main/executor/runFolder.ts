// Creating a run's folder all at once. Everything a run needs to be resumed (plan.json, the journal's first line,
// and the caller's files: the lab world of a rehearsal, the design the run belongs to) is written and flushed into
// a hidden staging folder next to the runs, which is then renamed into place. A rename is atomic, so a process
// killed at any point leaves either no run at all (nothing ran; the staging folder is removed later) or a complete,
// resumable one — never a run folder with its plan but without its lab world.
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { syncDirectorySync } from '../files/atomicWrite';

/** Prefix of staging folders (never a run id: run ids start with a letter or digit). */
export const STAGING_PREFIX = '.planning-';

/** The points of a run folder's creation, in order (the kill-point tests stop a process at each). */
export const CREATION_POINTS = ['staging-created', 'files-written', 'plan-written', 'journal-written', 'published'] as const;
export type CreationPoint = (typeof CREATION_POINTS)[number];

export interface RunFolderContents {
  /** Extra files first (the lab world, the design binding), then plan.json, then the journal. */
  readonly files: readonly (readonly [name: string, data: string])[];
  readonly plan: readonly [name: string, data: string];
  readonly journal: readonly [name: string, data: string];
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function writeDurable(path: string, data: string): void {
  const fd = openSync(path, 'wx', 0o644);
  try {
    writeSync(fd, data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}


function stagingName(runId: string, pid: number): string {
  return `${STAGING_PREFIX}${runId}-${pid}`;
}

/** Removes staging folders left by processes that died while creating a run (they never became runs). */
export function removeStaleStaging(runsDir: string): void {
  let names: string[];
  try {
    names = readdirSync(runsDir);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(STAGING_PREFIX)) continue;
    const pid = Number(/-(\d+)$/.exec(name)?.[1]);
    if (!Number.isInteger(pid) || pid === process.pid || processAlive(pid)) continue;
    rmSync(join(runsDir, name), { recursive: true, force: true });
  }
}

/**
 * Writes the run's files into a staging folder and renames it to <runsDir>/<runId>. Throws 'exists' (as an Error
 * with code EEXIST) when that run already exists. `checkpoint` is called after each step (tests kill there).
 */
export function createRunFolder(runsDir: string, runId: string, contents: RunFolderContents, checkpoint?: (point: CreationPoint) => void): string {
  const dir = join(runsDir, runId);
  mkdirSync(runsDir, { recursive: true });
  removeStaleStaging(runsDir);
  if (existsSync(dir)) throw Object.assign(new Error(`a run ${runId} already exists in ${runsDir}`), { code: 'EEXIST' });
  const staging = join(runsDir, stagingName(runId, process.pid));
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging);
  try {
    checkpoint?.('staging-created');
    for (const [name, data] of contents.files) writeDurable(join(staging, name), data);
    checkpoint?.('files-written');
    writeDurable(join(staging, contents.plan[0]), contents.plan[1]);
    checkpoint?.('plan-written');
    writeDurable(join(staging, contents.journal[0]), contents.journal[1]);
    checkpoint?.('journal-written');
    syncDirectorySync(staging);
    try {
      renameSync(staging, dir);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST' || code === 'ENOTEMPTY') throw Object.assign(new Error(`a run ${runId} already exists in ${runsDir}`), { code: 'EEXIST' });
      throw error;
    }
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  syncDirectorySync(runsDir);
  checkpoint?.('published');
  return dir;
}
