// The recent-files list: most recent first, no duplicates, at most MAX_RECENT_FILES entries. Persistence is a
// ListStore: electron-store in Electron, a JSON file in the documents folder for the browser host.
import { promises as fs, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { atomicWriteFile } from '../files/atomicWrite';

export const MAX_RECENT_FILES = 10;

export interface ListStore {
  get(): string[];
  set(value: string[]): void | Promise<void>;
}

export class RecentFiles {
  readonly #listeners = new Set<(list: readonly string[]) => void>();

  constructor(private readonly store: ListStore) {}

  list(): string[] {
    const value = this.store.get();
    return Array.isArray(value) ? value.filter((p): p is string => typeof p === 'string' && p.length > 0).slice(0, MAX_RECENT_FILES) : [];
  }

  async add(path: string): Promise<void> {
    const absolute = resolve(path);
    const next = [absolute, ...this.list().filter((p) => p !== absolute)].slice(0, MAX_RECENT_FILES);
    await this.store.set(next);
    this.#emit(next);
  }

  async remove(path: string): Promise<void> {
    const absolute = resolve(path);
    const next = this.list().filter((p) => p !== absolute);
    await this.store.set(next);
    this.#emit(next);
  }

  async clear(): Promise<void> {
    await this.store.set([]);
    this.#emit([]);
  }

  /** Called after every change (Electron rebuilds the Open Recent menu). */
  onChange(listener: (list: readonly string[]) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #emit(list: readonly string[]): void {
    for (const listener of this.#listeners) listener(list);
  }
}

/** A ListStore kept in memory (tests, or when nothing should persist). */
export function memoryListStore(initial: string[] = []): ListStore {
  let value = [...initial];
  return { get: () => [...value], set: (next) => void (value = [...next]) };
}

/** A ListStore in a JSON file (the browser host's recent list). A missing or unreadable file is an empty list. */
export function jsonFileListStore(file: string): ListStore {
  let cache: string[] | null = null;
  return {
    get() {
      if (cache === null) {
        try {
          const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
          cache = Array.isArray(parsed) ? parsed.filter((p): p is string => typeof p === 'string') : [];
        } catch {
          cache = [];
        }
      }
      return [...cache];
    },
    async set(next) {
      cache = [...next];
      await fs.mkdir(dirname(file), { recursive: true });
      await atomicWriteFile(file, `${JSON.stringify(cache, null, 2)}\n`);
    },
  };
}
