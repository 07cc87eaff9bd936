// Documents and exports through the IPC contract (getApi): templates, open, save, save as, autosave with crash
// recovery, runbook export. In Electron the native dialogs answer; in the browser host the app shows its own
// (document.openDialog answers null there) and exports download as files.
import { getApi } from '../api/client';
import { completeLayout } from '../../shared/canvas/autoLayout';
import { MAX_FILE_BYTES, loadDesignText, serializeDesign } from '../../shared/model/load';
import { plural } from '../../shared/planner/text';
import type { Request, Response } from '../../shared/ipc/contract';
import type { DesignDocument } from '../../shared/model/types';
import { isDirty, loadDocument, markSaved, toast, useEditor } from '../store/editor';

/** How often the open design is autosaved (when it changed). */
export const AUTOSAVE_INTERVAL_MS = 4000;
export const UNTITLED_KEY = 'untitled';

/** The runbook export formats of the IPC contract ('ansible': the Ansible project as one .zip). */
export type ExportFormat = Request<'export.runbook'>['format'];

const EXTENSION: Readonly<Record<ExportFormat, string>> = { pdf: '.pdf', ps1: '.ps1', md: '.md', json: '.runbook.json', ansible: '-ansible.zip' };
/** MIME types of exported files (browser downloads). */
const EXPORT_MIME: Readonly<Record<ExportFormat, string>> = { pdf: 'application/pdf', ps1: 'text/plain', md: 'text/markdown', json: 'application/json', ansible: 'application/zip' };

/** Why a call failed, for a toast (an ApiError's message already lists its problems). */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Runs `work` with `label` as the busy state (the editor's, unless `setBusy` says where else): a failure becomes a
 * toast ("Saving failed: why") and null.
 */
export async function withBusy<T>(label: string, work: () => Promise<T>, setBusy: (busy: string | null) => void = (busy) => useEditor.setState({ busy })): Promise<T | null> {
  setBusy(label);
  try {
    return await work();
  } catch (error) {
    toast('error', `${label} failed: ${errorMessage(error)}`);
    return null;
  } finally {
    setBusy(null);
  }
}

/** File name shown in the title: the path's last part, or the title for a new design. */
export function displayName(path: string | null, doc: DesignDocument): string {
  if (path === null) return doc.title.trim() === '' ? 'Untitled design' : doc.title;
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] || path;
}

function baseName(path: string | null, doc: DesignDocument): string {
  const name = displayName(path, doc).replace(/\.extopo\.json$|\.json$/i, '');
  const safe = name.replace(/[^A-Za-z0-9 ._-]+/g, '-').trim();
  return safe === '' ? 'design' : safe;
}

/** Loads design text into the editor; shows the loader's problems (path, message, hint) when it does not load. */
export function openText(text: string, path: string | null, options: { saved: boolean } = { saved: true }): boolean {
  const result = loadDesignText(text);
  if (!result.ok) {
    const first = result.problems.slice(0, 3).map((p) => `${p.message} ${p.hint}`);
    toast('error', `${path ?? 'The design'} cannot be opened: ${first.join(' · ')}${result.problems.length > 3 ? ` (and ${result.problems.length - 3} more)` : ''}`);
    return false;
  }
  const doc = result.document;
  const layout = completeLayout(doc.design, doc.layout);
  const complete = layout === doc.layout ? doc : { ...doc, layout };
  loadDocument(complete, path, options);
  if (result.migrated.length > 0) toast('info', `Updated from an older file format: ${result.migrated.join(' ')}`);
  return true;
}

export async function listTemplates(): Promise<readonly { name: string; title: string; description: string }[]> {
  return (await withBusy('Loading templates', () => getApi().invoke('templates.list', {}))) ?? [];
}

export async function newFromTemplate(name: string): Promise<boolean> {
  const t = await withBusy('Opening the template', () => getApi().invoke('templates.get', { name }));
  return t ? openText(t.text, null) : false;
}

/** File ▸ Open: the native dialog, or (browser host) the in-app list of design files. */
export async function openDocument(): Promise<void> {
  const picked = await withBusy('Opening', () => getApi().invoke('document.openDialog', {}));
  if (picked === undefined || picked === null) {
    if (useEditor.getState().shell === 'browser') useEditor.setState({ dialog: { kind: 'open' } });
    return;
  }
  openText(picked.text, picked.path);
}

export async function listDocuments(): Promise<readonly { path: string; name: string; modified: string }[]> {
  return (await withBusy('Listing designs', () => getApi().invoke('document.list', {}))) ?? [];
}

export async function openPath(path: string): Promise<boolean> {
  const file = await withBusy('Opening', () => getApi().invoke('document.read', { path }));
  return file ? openText(file.text, file.path) : false;
}

// ---- unsaved changes ---------------------------------------------------------------------------------------------

/** What replaces the open design, for the unsaved-changes dialog's words. */
export type ReplacingAction = 'new' | 'open' | 'import' | 'close';

/** What to do once the admin answered the unsaved-changes dialog (Save, then it; Discard, then it; Cancel: nothing). */
let pendingAction: (() => void) | null = null;
/** Browser host, Save for a design never saved: the file name dialog comes first, then the pending action. */
let afterSaveAs: (() => void) | null = null;

/**
 * Runs `proceed` now when the open design has no unsaved changes; else asks first (Save / Discard / Cancel) and runs
 * it after a successful save or a discard.
 */
export function confirmUnsaved(action: ReplacingAction, proceed: () => void): void {
  const s = useEditor.getState();
  if (!isDirty(s)) {
    proceed();
    return;
  }
  pendingAction = proceed;
  useEditor.setState({ dialog: { kind: 'unsaved', action } });
}

/** The admin's answer to the unsaved-changes dialog. Resolves when the answer was carried out. */
export async function answerUnsaved(answer: 'save' | 'discard' | 'cancel'): Promise<void> {
  const proceed = pendingAction;
  pendingAction = null;
  if (answer === 'cancel' || proceed === null) {
    useEditor.setState({ dialog: null });
    return;
  }
  if (answer === 'discard') {
    useEditor.setState({ dialog: null });
    proceed();
    return;
  }
  const s = useEditor.getState();
  if (s.path === null && s.shell === 'browser') {
    // The name first (the Save As dialog), then what the admin was doing.
    afterSaveAs = proceed;
    useEditor.setState({ dialog: { kind: 'saveAs', format: 'design' } });
    return;
  }
  useEditor.setState({ dialog: null });
  if (await save()) proceed();
}

/** The Save As dialog closed without saving: whatever waited on it is off. */
export function cancelSaveAs(): void {
  afterSaveAs = null;
  useEditor.setState({ dialog: null });
}

// ---- files from anywhere ------------------------------------------------------------------------------------------

/** Whether a dropped or picked file looks like a design (its name; the loader judges its content). */
export function isDesignFileName(name: string): boolean {
  return /\.json$/i.test(name);
}

/**
 * Opens a design file the admin picked (the browser host's file picker) or dropped on the window: read in the page,
 * loaded as a design not yet saved anywhere the app can write (Save asks for a name). Unsaved changes are asked
 * about first.
 */
export function openPickedFile(file: File, options: { confirmed?: boolean } = {}): void {
  if (!isDesignFileName(file.name)) {
    toast('error', `${file.name} cannot be opened: a design is a .extopo.json file.`);
    return;
  }
  if (file.size > MAX_FILE_BYTES) {
    toast('error', `${file.name} cannot be opened: it is ${Math.round(file.size / 1024 / 1024)} MB, and a design file is at most 64 MB.`);
    return;
  }
  const open = () =>
    void withBusy('Opening', async () => {
      const text = await file.text();
      if (openText(text, null) && useEditor.getState().shell === 'browser') toast('info', `Opened ${file.name}: Save keeps a copy in the documents folder.`);
    });
  // Open from the Open dialog: the unsaved changes were asked about before it showed.
  if (options.confirmed) open();
  else confirmUnsaved('open', open);
}

async function writeTo(path: string): Promise<boolean> {
  const s = useEditor.getState();
  const doc = { ...s.doc, revision: Math.max(s.savedRevision, s.doc.revision) + 1 };
  const written = await withBusy('Saving', () => getApi().invoke('document.write', { path, text: serializeDesign(doc) }));
  if (!written) return false;
  // Edits made while the write was in flight stay unsaved.
  if (useEditor.getState().doc === s.doc) markSaved(doc, written.path);
  else useEditor.setState({ path: written.path, savedRevision: doc.revision });
  const previousKey = s.path ?? UNTITLED_KEY;
  void getApi().invoke('autosave.clear', { key: previousKey }).catch(() => undefined);
  toast('success', `Saved ${displayName(written.path, doc)}.`);
  return true;
}

/** File ▸ Save: to the document's file, or Save As for a new design. */
export async function save(): Promise<boolean> {
  const { path } = useEditor.getState();
  if (path === null) return saveAs();
  return writeTo(path);
}

/** File ▸ Save As: the native dialog; in the browser host the app asks for a name first. */
export async function saveAs(name?: string): Promise<boolean> {
  const s = useEditor.getState();
  if (s.shell === 'browser' && name === undefined) {
    useEditor.setState({ dialog: { kind: 'saveAs', format: 'design' } });
    return false;
  }
  const suggested = `${(name ?? baseName(s.path, s.doc)).replace(/\.extopo\.json$/i, '')}.extopo.json`;
  const then = afterSaveAs;
  afterSaveAs = null;
  const target = await withBusy('Saving', () => getApi().invoke('document.saveDialog', { suggestedName: suggested, format: 'design' }));
  if (!target) return false;
  const saved = await writeTo(target.path);
  if (saved) then?.();
  return saved;
}

/** Hands a file to the browser's downloads (the browser host has no save dialog). */
function downloadBase64(base64: string, fileName: string, mimeType: string): void {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes], { type: mimeType }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** What main answers for a file it produced (export.runbook, run.report). */
export type ProducedFile = Response<'export.runbook'>;

export interface SaveOrDownload {
  /** The busy label, also the toast's "<label> failed: …". */
  readonly label: string;
  readonly fileName: string;
  readonly format: ExportFormat;
  /** Asks main for the file; in Electron with the path the user chose (main writes it there). */
  readonly produce: (path?: string) => Promise<ProducedFile>;
  /** Where the busy label shows (default: the editor's). */
  readonly setBusy?: (busy: string | null) => void;
}

/** A file main produces: saved where the native save dialog says (Electron) or downloaded (browser host). */
export async function saveOrDownload(o: SaveOrDownload): Promise<void> {
  const busy = <T>(work: () => Promise<T>) => withBusy(o.label, work, o.setBusy);
  if (useEditor.getState().shell === 'electron') {
    const target = await busy(() => getApi().invoke('document.saveDialog', { suggestedName: o.fileName, format: o.format }));
    if (!target) return;
    const out = await busy(() => o.produce(target.path));
    if (out) toast('success', `Saved ${out.path ?? out.fileName} (${Math.round(out.bytes / 1024)} KB).`);
    return;
  }
  const out = await busy(() => o.produce());
  if (!out) return;
  const name = out.fileName || o.fileName;
  downloadBase64(out.base64, name, EXPORT_MIME[o.format]);
  toast('success', `Exported ${name}.`);
}

/** Export ▸ PDF / PowerShell / Markdown / JSON runbook, or the Ansible playbook (.zip): saved through the dialog (Electron) or downloaded. */
export async function exportRunbook(format: ExportFormat): Promise<void> {
  const s = useEditor.getState();
  if (s.plan.counts.error > 0) {
    toast('error', `The runbook is refused while the design has ${plural(s.plan.counts.error, 'error')}: fix the problems listed in the Problems tab first.`);
    useEditor.setState({ bottomTab: 'problems' });
    return;
  }
  const text = serializeDesign(s.doc);
  const designPath = s.path ?? undefined;
  await saveOrDownload({
    label: 'Exporting',
    fileName: `${baseName(s.path, s.doc)}${EXTENSION[format]}`,
    format,
    produce: (path) => getApi().invoke('export.runbook', { format, text, designPath, ...(path ? { path } : {}) }),
  });
}

// ---- autosave and crash recovery -----------------------------------------------------------------------------

let lastAutosaved: DesignDocument | null = null;

/** How long an autosave may wait for the main thread to be idle before it runs anyway. */
const AUTOSAVE_IDLE_WAIT_MS = 2000;

/**
 * The autosave timer's tick: the write waits for an idle moment of the main thread (serializing a 1,000-server
 * design takes about 10 ms, which would otherwise land in the middle of a drag's frame), at most
 * AUTOSAVE_IDLE_WAIT_MS. Nothing is scheduled when the design has not changed.
 */
export function scheduleAutosave(): void {
  const s = useEditor.getState();
  if (!isDirty(s) || s.doc === lastAutosaved) return;
  if (typeof window.requestIdleCallback === 'function') window.requestIdleCallback(() => void autosaveNow(), { timeout: AUTOSAVE_IDLE_WAIT_MS });
  else void autosaveNow();
}

/** Writes the open design to its autosave slot when it changed since the last autosave. */
export async function autosaveNow(): Promise<void> {
  const s = useEditor.getState();
  if (!isDirty(s) || s.doc === lastAutosaved) return;
  lastAutosaved = s.doc;
  try {
    await getApi().invoke('autosave.write', { key: s.path ?? UNTITLED_KEY, text: serializeDesign(s.doc) });
  } catch {
    lastAutosaved = null;
  }
}

/** On start: autosaves left by a session that did not end cleanly are offered for recovery. */
export async function offerRecovery(): Promise<boolean> {
  try {
    const entries = await getApi().invoke('autosave.list', {});
    if (entries.length === 0) return false;
    useEditor.setState({ dialog: { kind: 'recover', entries } });
    return true;
  } catch {
    return false;
  }
}

export async function recover(key: string): Promise<void> {
  const entry = await withBusy('Recovering', () => getApi().invoke('autosave.read', { key }));
  if (!entry) return;
  if (openText(entry.text, key === UNTITLED_KEY ? null : key, { saved: false })) toast('info', 'Recovered the autosaved design: save it to keep it.');
}

export async function discardRecovery(key: string): Promise<void> {
  await withBusy('Discarding', () => getApi().invoke('autosave.clear', { key }));
}
