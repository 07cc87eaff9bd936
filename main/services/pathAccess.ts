// Which files the renderer may read and write. The browser host allows only its documents folder. Electron also
// allows files the user picked in a native dialog, opened from the command line / file association, or has in
// the recent list ("grants"). Symlinks are resolved before the check, so a link inside the folder cannot reach out.
import { promises as fs } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { ServiceError } from '../ipc/errors';

export class PathAccess {
  readonly #roots: readonly string[];
  readonly #grants = new Set<string>();
  readonly #allowGrants: boolean;

  constructor(options: { readonly roots: readonly string[]; readonly allowGrants: boolean }) {
    this.#roots = options.roots.map((r) => resolve(r));
    this.#allowGrants = options.allowGrants;
  }

  /** The documents folder relative paths resolve against. */
  get primaryRoot(): string {
    return this.#roots[0];
  }

  grant(path: string): void {
    if (this.#allowGrants) this.#grants.add(key(resolve(path)));
  }

  isGranted(path: string): boolean {
    return this.#grants.has(key(resolve(path)));
  }

  /** Resolves `path` (relative paths against the documents folder) and throws ServiceError when it is off limits. */
  async check(path: string): Promise<string> {
    const absolute = isAbsolute(path) ? resolve(path) : resolve(this.primaryRoot, path);
    if (this.isGranted(absolute)) return absolute;
    const real = await realPathOfNearestExisting(absolute);
    for (const root of this.#roots) {
      const realRoot = await realPathOfNearestExisting(root);
      if (isInside(realRoot, real) && isInside(root, absolute)) return absolute;
    }
    throw new ServiceError(
      `ExTopo may not open "${path}": it is outside the documents folder (${this.primaryRoot}).`,
      [this.#allowGrants ? 'Use File ▸ Open… to pick the file, or move it into the documents folder.' : 'Move the file into the documents folder, or restart `extopo serve` with --documents <folder>.'],
      'forbidden',
    );
  }
}

function key(path: string): string {
  return process.platform === 'win32' ? path.toLowerCase() : path;
}

export function isInside(root: string, path: string): boolean {
  const rel = relative(key(root), key(path));
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** realpath of the path, or of its nearest existing ancestor joined with the rest (for files not written yet). */
async function realPathOfNearestExisting(path: string): Promise<string> {
  let current = path;
  const rest: string[] = [];
  for (;;) {
    try {
      const real = await fs.realpath(current);
      return rest.length ? resolve(real, ...rest.reverse()) : real;
    } catch {
      const parent = dirname(current);
      if (parent === current) return path;
      rest.push(relative(parent, current));
      current = parent;
    }
  }
}
