// Crash recovery: the renderer autosaves the open design under a key (its path, or "untitled"). Each entry is two
// files in the autosave folder, named by a hash of the key: "<hash>.design.json" (the text) and "<hash>.meta.json"
// ({ key, savedAt, title }), the meta written last so a listed entry always has its text. Autosaves are not
// validated: whatever the user had is kept, even a design that does not load yet.
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { basename, join } from 'node:path';
import { atomicWriteFile } from '../files/atomicWrite';
import { fileError } from './documents';

export interface AutosaveEntry {
  readonly key: string;
  readonly savedAt: string;
  readonly title: string;
}

const META_SUFFIX = '.meta.json';
const TEXT_SUFFIX = '.design.json';
/** The design title is near the start of a saved file; only this much is scanned for it. */
const TITLE_SCAN_CHARS = 4096;

export class AutosaveStore {
  constructor(readonly dir: string) {}

  #base(key: string): string {
    return join(this.dir, createHash('sha256').update(key, 'utf8').digest('hex').slice(0, 40));
  }

  async write(key: string, text: string): Promise<{ savedAt: string }> {
    const savedAt = new Date().toISOString();
    const base = this.#base(key);
    const meta: AutosaveEntry = { key, savedAt, title: titleOf(text, key) };
    try {
      await fs.mkdir(this.dir, { recursive: true });
      await atomicWriteFile(`${base}${TEXT_SUFFIX}`, text);
      await atomicWriteFile(`${base}${META_SUFFIX}`, `${JSON.stringify(meta)}\n`);
    } catch (error) {
      throw fileError(error, `Cannot autosave to ${this.dir}`);
    }
    return { savedAt };
  }

  /** Every autosave, newest first. Entries whose files are damaged are skipped. */
  async list(): Promise<AutosaveEntry[]> {
    let names: string[];
    try {
      names = await fs.readdir(this.dir);
    } catch {
      return [];
    }
    const entries: AutosaveEntry[] = [];
    for (const name of names.filter((n) => n.endsWith(META_SUFFIX))) {
      const meta = await readMeta(join(this.dir, name));
      if (meta) entries.push(meta);
    }
    return entries.sort((a, b) => b.savedAt.localeCompare(a.savedAt));
  }

  async read(key: string): Promise<{ key: string; text: string } | null> {
    const base = this.#base(key);
    const meta = await readMeta(`${base}${META_SUFFIX}`);
    if (!meta || meta.key !== key) return null;
    try {
      return { key, text: await fs.readFile(`${base}${TEXT_SUFFIX}`, 'utf8') };
    } catch {
      return null;
    }
  }

  async clear(key: string): Promise<{ cleared: boolean }> {
    const base = this.#base(key);
    const meta = await readMeta(`${base}${META_SUFFIX}`);
    await fs.rm(`${base}${META_SUFFIX}`, { force: true });
    await fs.rm(`${base}${TEXT_SUFFIX}`, { force: true });
    return { cleared: meta !== null && meta.key === key };
  }
}

async function readMeta(file: string): Promise<AutosaveEntry | null> {
  try {
    const parsed = JSON.parse(await fs.readFile(file, 'utf8')) as Partial<AutosaveEntry>;
    if (typeof parsed.key === 'string' && typeof parsed.savedAt === 'string' && typeof parsed.title === 'string') {
      return { key: parsed.key, savedAt: parsed.savedAt, title: parsed.title };
    }
  } catch {
    // Missing or damaged: not an entry.
  }
  return null;
}

/** The design's "title" (read from the start of the text), else the file name of the key, else "Untitled design". */
export function titleOf(text: string, key: string): string {
  const match = /"title"\s*:\s*("(?:[^"\\]|\\.)*")/.exec(text.slice(0, TITLE_SCAN_CHARS));
  if (match) {
    try {
      const title = JSON.parse(match[1]) as string;
      if (title.trim()) return title.trim().slice(0, 200);
    } catch {
      // fall through
    }
  }
  if (key !== 'untitled' && /[\\/]/.test(key)) return basename(key);
  return 'Untitled design';
}
