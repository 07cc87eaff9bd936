// Design documents on disk: read, atomic write (temp + rename, previous version kept as .bak), the documents
// folder listing and the recent list. Every path goes through PathAccess first.
import { promises as fs } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { loadDesignText, MAX_FILE_BYTES } from '../../shared/model/load';
import { ServiceError } from '../ipc/errors';
import { atomicWriteFile, BACKUP_SUFFIX, cleanStaleTempFiles } from '../files/atomicWrite';
import { FileRefusedError, readBoundedText } from '../files/readBounded';
import { isInside } from './pathAccess';
import type { PathAccess } from './pathAccess';
import type { RecentFiles } from './recentFiles';

export const DESIGN_EXTENSION = '.extopo.json';

export interface DocumentEntry {
  readonly path: string;
  readonly name: string;
  readonly modified: string;
}

export class DocumentService {
  constructor(
    private readonly access: PathAccess,
    private readonly recents: RecentFiles,
  ) {}

  get documentsDir(): string {
    return this.access.primaryRoot;
  }

  async read(path: string): Promise<{ path: string; text: string }> {
    const absolute = await this.access.check(path);
    let text: string;
    try {
      // Size and kind come from the open handle before anything is read: a device, pipe or huge file is refused.
      text = await readBoundedText(absolute, MAX_FILE_BYTES);
    } catch (error) {
      throw fileError(error, `Cannot open "${absolute}"`);
    }
    this.access.grant(absolute);
    await this.recents.add(absolute);
    return { path: absolute, text };
  }

  /** Writes a design. Refuses text that would not load again, so a save can never produce an unopenable file. */
  async write(path: string, text: string): Promise<{ path: string; savedAt: string }> {
    const absolute = await this.access.check(path);
    if (extname(absolute).toLowerCase() !== '.json') {
      throw new ServiceError(`Cannot save the design as "${absolute}": design files end in ${DESIGN_EXTENSION}.`, [`Save it as ${basename(absolute, extname(absolute))}${DESIGN_EXTENSION}.`]);
    }
    const loaded = loadDesignText(text);
    if (!loaded.ok) {
      throw new ServiceError(
        `The design was not saved to "${absolute}": it would not load again (${loaded.problems.length} problem${loaded.problems.length === 1 ? '' : 's'}).`,
        loaded.problems.slice(0, 50).map((p) => `${p.path}: ${p.message}`),
      );
    }
    try {
      if (isInside(this.documentsDir, absolute)) await fs.mkdir(this.documentsDir, { recursive: true });
      await atomicWriteFile(absolute, text, { keepBackup: true });
    } catch (error) {
      throw fileError(error, `Cannot save "${absolute}"`);
    }
    // Temp files a killed earlier save of this file left behind (anywhere, not only in the documents folder).
    await cleanStaleTempFiles(dirname(absolute), { target: basename(absolute) });
    await cleanStaleTempFiles(dirname(absolute), { target: `${basename(absolute)}${BACKUP_SUFFIX}` });
    this.access.grant(absolute);
    await this.recents.add(absolute);
    return { path: absolute, savedAt: new Date().toISOString() };
  }

  /** Design files in the documents folder, plus recent files elsewhere that still exist; newest first. */
  async list(): Promise<DocumentEntry[]> {
    const found = new Map<string, DocumentEntry>();
    let names: string[] = [];
    try {
      names = await fs.readdir(this.documentsDir);
    } catch {
      names = [];
    }
    const candidates = [
      ...names.filter((n) => n.toLowerCase().endsWith('.json') && !n.startsWith('.')).map((n) => join(this.documentsDir, n)),
      ...this.recents.list(),
    ];
    for (const path of candidates) {
      if (found.has(path) || path.endsWith(BACKUP_SUFFIX)) continue;
      try {
        const stat = await fs.stat(path);
        if (stat.isFile()) found.set(path, { path, name: basename(path), modified: stat.mtime.toISOString() });
      } catch {
        // A recent file that has gone away is not listed.
      }
    }
    return [...found.values()].sort((a, b) => b.modified.localeCompare(a.modified) || a.name.localeCompare(b.name));
  }

  recent(): string[] {
    return this.recents.list();
  }
}

/** Node's file errors in words an admin can act on. */
export function fileError(error: unknown, what: string): Error {
  if (error instanceof ServiceError) return error;
  if (error instanceof FileRefusedError) return new ServiceError(`${what}: ${error.reason}.`, [error.hint]);
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return new ServiceError(`${what}: the file or its folder does not exist.`, [], 'not-found');
    case 'EACCES':
    case 'EPERM':
      return new ServiceError(`${what}: permission denied.`, ['Check the file and folder permissions, or choose another location.'], 'forbidden');
    case 'EISDIR':
      return new ServiceError(`${what}: it is a folder.`);
    case 'ENOSPC':
      return new ServiceError(`${what}: the disk is full.`, ['Free some space; the previous version of the file is unchanged.']);
    case 'EROFS':
      return new ServiceError(`${what}: the disk is read-only.`);
    default:
      return new ServiceError(`${what}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
