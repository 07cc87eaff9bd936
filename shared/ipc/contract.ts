// The one typed IPC contract between the renderer and the main-process services. Both transports use it:
// Electron IPC (preload + ipcMain.handle) and the browser host (HTTP on 127.0.0.1 with a per-launch token).
// Every request is validated against its schema in main before a service sees it.
import { z } from 'zod';

const Path = z.string().min(1).max(4096);
const Text = z.string().max(64 * 1024 * 1024);
export const ExportFormat = z.enum(['pdf', 'ps1', 'md', 'json']);

export const CHANNELS = {
  'app.info': {
    request: z.strictObject({}),
    response: z.object({ version: z.string(), shell: z.enum(['electron', 'browser']), platform: z.string(), documentsDir: z.string() }),
  },
  'templates.list': {
    request: z.strictObject({}),
    response: z.array(z.object({ name: z.string(), title: z.string(), description: z.string() })),
  },
  'templates.get': {
    request: z.strictObject({ name: z.string().min(1).max(100) }),
    response: z.object({ name: z.string(), text: Text }),
  },
  /** Native open dialog (Electron). The browser host answers null and the renderer shows its own file list. */
  'document.openDialog': {
    request: z.strictObject({}),
    response: z.object({ path: Path, text: Text }).nullable(),
  },
  /** Native save dialog (Electron) or a path in the browser host's documents folder for the given name. */
  'document.saveDialog': {
    request: z.strictObject({ suggestedName: z.string().min(1).max(255), format: z.enum(['design', 'pdf', 'ps1', 'md', 'json']) }),
    response: z.object({ path: Path }).nullable(),
  },
  /** Design files in the documents folder (browser host) plus recent files. */
  'document.list': {
    request: z.strictObject({}),
    response: z.array(z.object({ path: Path, name: z.string(), modified: z.string() })),
  },
  'document.read': {
    request: z.strictObject({ path: Path }),
    response: z.object({ path: Path, text: Text }),
  },
  /** Atomic write (temp file + rename; the previous version kept as .bak). Adds the file to the recent list. */
  'document.write': {
    request: z.strictObject({ path: Path, text: Text }),
    response: z.object({ path: Path, savedAt: z.string() }),
  },
  'document.recent': {
    request: z.strictObject({}),
    response: z.array(Path),
  },
  /** Crash recovery: the renderer autosaves the open design under a key (its path, or "untitled"). */
  'autosave.write': {
    request: z.strictObject({ key: z.string().min(1).max(4096), text: Text }),
    response: z.object({ savedAt: z.string() }),
  },
  'autosave.list': {
    request: z.strictObject({}),
    response: z.array(z.object({ key: z.string(), savedAt: z.string(), title: z.string() })),
  },
  'autosave.read': {
    request: z.strictObject({ key: z.string().min(1).max(4096) }),
    response: z.object({ key: z.string(), text: Text }).nullable(),
  },
  'autosave.clear': {
    request: z.strictObject({ key: z.string().min(1).max(4096) }),
    response: z.object({ cleared: z.boolean() }),
  },
  /** Exports the runbook of a design (given as its file text). With `path`, writes there; returns the bytes too. */
  'export.runbook': {
    request: z.strictObject({ format: ExportFormat, text: Text, designPath: z.string().max(4096).optional(), path: Path.optional() }),
    response: z.object({ fileName: z.string(), path: z.string().nullable(), base64: z.string(), bytes: z.number() }),
  },
  /** Sets the window title / dirty marker (Electron) — a no-op in the browser host. */
  'window.setState': {
    request: z.strictObject({ title: z.string().max(500), dirty: z.boolean() }),
    response: z.object({ ok: z.boolean() }),
  },
} as const;

export type Channel = keyof typeof CHANNELS;
export type Request<C extends Channel> = z.input<(typeof CHANNELS)[C]['request']>;
export type Response<C extends Channel> = z.output<(typeof CHANNELS)[C]['response']>;

/** The API the renderer sees (window.extopo in Electron, an HTTP client in the browser). */
export type ExtopoApi = {
  readonly invoke: <C extends Channel>(channel: C, request: Request<C>) => Promise<Response<C>>;
  /** Events pushed by main: menu commands ("menu" with a command id), executor progress ("run"). */
  readonly on: (event: 'menu' | 'run', listener: (payload: unknown) => void) => () => void;
};

/** Menu commands main sends to the renderer (native menu in Electron; the renderer's own toolbar otherwise). */
export const MENU_COMMANDS = [
  'file.new', 'file.open', 'file.save', 'file.saveAs', 'file.exportPdf', 'file.exportPs1', 'file.exportMd', 'file.close',
  'edit.undo', 'edit.redo', 'edit.cut', 'edit.copy', 'edit.paste', 'edit.delete', 'edit.selectAll',
  'view.zoomIn', 'view.zoomOut', 'view.fit', 'view.problems', 'view.runbook', 'view.layout',
] as const;
export type MenuCommand = (typeof MENU_COMMANDS)[number];

export class IpcValidationError extends Error {
  constructor(
    readonly channel: string,
    readonly issues: readonly string[],
  ) {
    super(`Invalid request on "${channel}": ${issues.join('; ')}`);
    this.name = 'IpcValidationError';
  }
}

/** Validates a request in main; throws IpcValidationError naming the channel and each problem. */
export function parseRequest<C extends Channel>(channel: C, payload: unknown): z.output<(typeof CHANNELS)[C]['request']> {
  const schema = CHANNELS[channel].request;
  const result = schema.safeParse(payload);
  if (!result.success) {
    throw new IpcValidationError(channel, result.error.issues.map((i) => `${i.path.join('.') || '(payload)'}: ${i.message}`));
  }
  return result.data as z.output<(typeof CHANNELS)[C]['request']>;
}

export function isChannel(name: string): name is Channel {
  return Object.prototype.hasOwnProperty.call(CHANNELS, name);
}
