// Which design a run belongs to. A run is made from one design document — its file, or (before it is first saved)
// the document open in one window of the app — and from one revision of it (the runbook's content hash, frozen in
// plan.json). The run's folder records the design in design.json, written with the run's folder; the run view lists
// only the open design's runs, and main refuses to resume or control a run from another design.
//
// A design file has no id of its own (shared/model), so a design is identified by its file's absolute path (what
// the app, the browser host and the CLI all have), and an unsaved design by the id the app gives the open document
// (new on every open or new design). A run planned before its design was saved is tied to the file when that window
// saves it (bindPath).
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { atomicWriteFileSync } from '../files/atomicWrite';

export const DESIGN_FILE = 'design.json';
export const RUN_DESIGN_FORMAT = 1;

/** What a run records about the design it was made from. */
export interface RunDesign {
  readonly format: typeof RUN_DESIGN_FORMAT;
  /** The design file (absolute), or null when the design was not saved when the run was planned. */
  readonly path: string | null;
  /** The open document the app planned the run from (its window's id for it); null from the CLI. */
  readonly documentId: string | null;
  readonly title: string;
  /** The document's revision (its save counter) when the run was planned. */
  readonly revision: number;
}

/** The design a caller has open. */
export interface OpenDesign {
  readonly path: string | null;
  readonly documentId: string | null;
}

/** A design path as runs record it: absolute, through symbolic links when the file exists. */
export function normalizeDesignPath(path: string): string {
  const absolute = resolve(path);
  try {
    return existsSync(absolute) ? realpathSync.native(absolute) : absolute;
  } catch {
    return absolute;
  }
}

/** Windows and macOS file systems ignore case by default. */
function samePath(a: string, b: string, platform: NodeJS.Platform = process.platform): boolean {
  return platform === 'win32' || platform === 'darwin' ? a.toLowerCase() === b.toLowerCase() : a === b;
}

export function runDesignFor(open: OpenDesign, title: string, revision: number): RunDesign {
  return { format: RUN_DESIGN_FORMAT, path: open.path === null ? null : normalizeDesignPath(open.path), documentId: open.documentId, title, revision };
}

export function runDesignText(design: RunDesign): string {
  return `${JSON.stringify(design, null, 2)}\n`;
}

/** The design a run belongs to; null for runs made before runs recorded it (or a damaged design.json). */
export function readRunDesign(runDir: string): RunDesign | null {
  try {
    const value = JSON.parse(readFileSync(join(runDir, DESIGN_FILE), 'utf8')) as Partial<RunDesign>;
    if (value.format !== RUN_DESIGN_FORMAT || typeof value.title !== 'string' || typeof value.revision !== 'number') return null;
    if (value.path !== null && typeof value.path !== 'string') return null;
    if (value.documentId !== null && typeof value.documentId !== 'string') return null;
    return value as RunDesign;
  } catch {
    return null;
  }
}

/** Records the design of a run (atomically; a run's design changes only when an unsaved design gets its file). */
export function writeRunDesign(runDir: string, design: RunDesign): void {
  atomicWriteFileSync(join(runDir, DESIGN_FILE), runDesignText(design));
}

/** Whether the run was made from the open design: the same file, or the same open document (not saved yet). */
export function belongsTo(run: RunDesign | null, open: OpenDesign): boolean {
  if (run === null) return false;
  if (run.path !== null && open.path !== null && samePath(run.path, normalizeDesignPath(open.path))) return true;
  return run.documentId !== null && open.documentId !== null && run.documentId === open.documentId;
}

/**
 * A run planned from a document before it was saved, seen again from the same document now saved: the run gets the
 * file's path (so it still belongs to the design after a restart). Returns the updated record, or null.
 */
export function bindPath(run: RunDesign | null, open: OpenDesign): RunDesign | null {
  if (run === null || run.path !== null || open.path === null || run.documentId === null || run.documentId !== open.documentId) return null;
  return { ...run, path: normalizeDesignPath(open.path) };
}

/** '"Seed lab" (/home/ann/Documents/ExTopo/seed.extopo.json)', or '"Seed lab" (not saved yet)'. */
export function designLabel(title: string, path: string | null): string {
  return `"${title.trim() || 'Untitled design'}" (${path ?? 'not saved yet'})`;
}

/**
 * Why a run cannot be resumed or controlled from the open design: what was refused (`action`: "resume", "retry step
 * X of" …), which run, which design it belongs to, and what to do instead.
 */
export function foreignRunMessage(action: string, runId: string, run: RunDesign | null, open: OpenDesign & { readonly title: string }): string {
  const here = designLabel(open.title, open.path);
  if (run === null) {
    return (
      `Cannot ${action} run ${runId}: it records no design (it was made before ExTopo tied runs to their design), so it cannot be ` +
      `continued from the open design ${here}. Plan a new run of this design instead: its checks skip whatever is already done.`
    );
  }
  return (
    `Cannot ${action} run ${runId}: it belongs to the design ${designLabel(run.title, run.path)} (revision ${run.revision}), not to the ` +
    `open design ${here}. Its steps would change the servers of that design, even where they share names with this one. ` +
    `Open that design to continue this run, or plan a new run of this design.`
  );
}
