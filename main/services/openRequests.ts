// Opening a specific file from outside the renderer (command line, file association / open-file, Open Recent).
// Main queues the path and sends the renderer the "file.open" menu command; the renderer's usual answer to that
// command — document.openDialog — then receives the queued file instead of a dialog. The queue entry expires so a
// later File ▸ Open… shows the dialog as usual.
import { statSync } from 'node:fs';
import { resolve } from 'node:path';

export const PENDING_OPEN_TTL_MS = 60_000;

export class PendingOpen {
  #path: string | null = null;
  #expires = 0;

  constructor(private readonly now: () => number = Date.now) {}

  set(path: string): void {
    this.#path = resolve(path);
    this.#expires = this.now() + PENDING_OPEN_TTL_MS;
  }

  take(): string | null {
    const path = this.#path;
    this.#path = null;
    return path !== null && this.now() <= this.#expires ? path : null;
  }
}

/**
 * The design file named on a command line, if any: the first argument (after the executable) that is not a flag,
 * ends in .json and is an existing file. `electron .` passes the app folder first, which is skipped.
 */
export function designPathFromArgs(argv: readonly string[], cwd: string): string | null {
  for (const arg of argv.slice(1)) {
    if (arg.startsWith('-') || !arg.toLowerCase().endsWith('.json')) continue;
    const path = resolve(cwd, arg);
    try {
      if (statSync(path).isFile()) return path;
    } catch {
      // not a file: keep looking
    }
  }
  return null;
}
