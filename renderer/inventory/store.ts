// The inventory side of the designer (issue 16): File ▸ Import inventory (a new, unsaved design from an inventory
// of the running organization), the Drift view's inventory, and "Read inventory from…" (the inventory script run
// through the executor's transport, in the rehearsal lab or on a real Exchange server).
//
// Import goes through main (inventory.import: parsed and imported there, validated at the boundary); the Drift view
// parses its inventory here with the same schema (shared/inventory) and recomputes the drift on every edit.
import { create } from 'zustand';
import { getApi } from '../api/client';
import { computeDrift, parseInventoryText } from '../../shared/inventory';
import type { DriftItem, Inventory } from '../../shared/inventory';
import { serializeDesign } from '../../shared/model/load';
import type { DesignDocument } from '../../shared/model/types';
import { generateRunbook } from '../../shared/runbook/generate';
import type { Runbook } from '../../shared/runbook/types';
import type { Response } from '../../shared/ipc/contract';
import { openText, withBusy } from '../app/files';
import { isDirty, toast, useEditor } from '../store/editor';

export type ReadResult = Response<'inventory.read'>;

export type InventoryDialog =
  /** The open design has unsaved changes: import anyway? */
  | { readonly kind: 'confirmImport'; readonly name: string; readonly text: string }
  /** What the import could not map, and the summary. */
  | { readonly kind: 'notes'; readonly name: string; readonly summary: string; readonly notes: readonly string[] }
  /** Read inventory from… (server picker, lab or real host). */
  | { readonly kind: 'read' };

export interface DriftSource {
  readonly inventory: Inventory;
  /** The file name, or where it was read from. */
  readonly name: string;
  /** The document it was chosen for (a new or other document starts without one). */
  readonly documentId: string;
}

export interface InventoryState {
  readonly dialog: InventoryDialog | null;
  readonly drift: DriftSource | null;
  /** The last inventory read through the transport (offered for import or drift until another is read). */
  readonly lastRead: ReadResult | null;
}

export const useInventory = create<InventoryState>()(() => ({ dialog: null, drift: null, lastRead: null }));

export const closeInventoryDialog = (): void => useInventory.setState({ dialog: null });

// ---- file picking ------------------------------------------------------------------------------------------

/** Largest inventory file the page reads (the contract's text limit). */
export const MAX_INVENTORY_FILE_BYTES = 64 * 1024 * 1024;

/** A picked or dropped file's text, or null (with a toast) when it is too large or unreadable. */
export async function readPickedFile(file: File): Promise<string | null> {
  if (file.size > MAX_INVENTORY_FILE_BYTES) {
    toast('error', `${file.name} is ${Math.round(file.size / (1024 * 1024))} MB: the designer reads inventories of up to 64 MB (use "extopo import" for larger ones).`);
    return null;
  }
  try {
    return await file.text();
  } catch (error) {
    toast('error', `Cannot read ${file.name}: ${error instanceof Error ? error.message : String(error)}`);
    return null;
  }
}

/**
 * An inventory file: the native open dialog (Electron), else the browser's file picker. Must be called from a
 * user gesture (a click), or the browser does not open its picker.
 */
export async function pickInventoryFile(): Promise<{ name: string; text: string } | null> {
  if (useEditor.getState().shell === 'electron') {
    const picked = await withBusy('Opening the inventory', () => getApi().invoke('inventory.openDialog', {}));
    return picked ?? null;
  }
  const file = await new Promise<File | null>((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = '.json,application/json';
    input.style.display = 'none';
    input.setAttribute('data-testid', 'inventory-file-input');
    input.addEventListener('change', () => {
      resolve(input.files?.[0] ?? null);
      input.remove();
    });
    input.addEventListener('cancel', () => {
      resolve(null);
      input.remove();
    });
    document.body.appendChild(input);
    input.click();
  });
  if (!file) return null;
  const text = await readPickedFile(file);
  return text === null ? null : { name: file.name, text };
}

// ---- import ------------------------------------------------------------------------------------------------

/** Imports an inventory's text as a new design (asks first when the open design has unsaved changes). */
export function beginImport(name: string, text: string): void {
  if (isDirty(useEditor.getState())) {
    useInventory.setState({ dialog: { kind: 'confirmImport', name, text } });
    return;
  }
  void importText(name, text);
}

/** Main parses and imports; the result opens as a new untitled design (never over the open file), unsaved. */
export async function importText(name: string, text: string): Promise<boolean> {
  useInventory.setState({ dialog: null });
  const result = await withBusy('Importing the inventory', () => getApi().invoke('inventory.import', { text }));
  if (!result) return false;
  if (!openText(result.design, null, { saved: false })) return false;
  useEditor.setState({ bottomTab: 'problems' });
  useInventory.setState({ dialog: { kind: 'notes', name, summary: result.summary, notes: result.notes } });
  return true;
}

/** File ▸ Import inventory…: pick a file, then import it. */
export async function importInventoryCommand(): Promise<void> {
  // File ▸ Import has already asked about unsaved changes (Save / Discard / Cancel): no second question.
  const picked = await pickInventoryFile();
  if (picked) await importText(picked.name, picked.text);
}

// ---- drift -------------------------------------------------------------------------------------------------

/** Parses an inventory for the Drift view of the open design; false (with a toast) when it is not one. */
export function setDriftInventory(name: string, text: string): boolean {
  const parsed = parseInventoryText(text);
  if (!parsed.ok) {
    toast('error', `${name} is not a usable ExTopo inventory: ${parsed.problems.slice(0, 3).join(' · ')}${parsed.problems.length > 3 ? ` (and ${parsed.problems.length - 3} more)` : ''}`);
    return false;
  }
  useInventory.setState({ drift: { inventory: parsed.inventory, name, documentId: useEditor.getState().documentId } });
  useEditor.setState({ bottomTab: 'drift' });
  return true;
}

export async function chooseDriftFile(): Promise<void> {
  const picked = await pickInventoryFile();
  if (picked) setDriftInventory(picked.name, picked.text);
}

export interface DriftView {
  readonly items: readonly DriftItem[];
  readonly compared: number;
  readonly runbook: Runbook | null;
  readonly source: DriftSource;
}

let cache: { doc: DesignDocument; errors: number; source: DriftSource; view: DriftView } | null = null;

/** The drift of the open design against its inventory (null without one); recomputed only when either changes. */
export function driftOf(doc: DesignDocument, errors: number, source: DriftSource | null, documentId: string): DriftView | null {
  if (!source || source.documentId !== documentId) return null;
  if (cache && cache.doc === doc && cache.errors === errors && cache.source === source) return cache.view;
  const generated = errors > 0 ? null : generateRunbook(doc, { generatedAt: '' });
  const runbook = generated && generated.ok ? generated.runbook : null;
  const report = computeDrift(doc.design, source.inventory, runbook);
  const view: DriftView = { items: report.items, compared: report.compared, runbook, source };
  cache = { doc, errors, source, view };
  return view;
}

export function useDrift(): DriftView | null {
  const doc = useEditor((s) => s.doc);
  const errors = useEditor((s) => s.plan.counts.error);
  const documentId = useEditor((s) => s.documentId);
  const source = useInventory((s) => s.drift);
  return driftOf(doc, errors, source, documentId);
}

// ---- read inventory from… ----------------------------------------------------------------------------------

export interface ReadChoice {
  readonly target: 'lab' | 'hosts';
  readonly server: string;
  readonly host?: string;
  readonly credentialId?: string;
}

/** Runs the inventory script through main (lab or real host); the result is kept to import or to compare. */
export async function readInventory(choice: ReadChoice, setBusy: (busy: string | null) => void): Promise<ReadResult | null> {
  const s = useEditor.getState();
  const result = await withBusy(
    'Reading the inventory',
    () =>
      getApi().invoke('inventory.read', {
        design: { path: s.path, documentId: s.documentId },
        text: serializeDesign(s.doc),
        target: choice.target,
        server: choice.server,
        ...(choice.host ? { host: choice.host } : {}),
        ...(choice.credentialId ? { credentialId: choice.credentialId } : {}),
      }),
    setBusy,
  );
  if (result) useInventory.setState({ lastRead: result });
  return result;
}

/** The inventory just read, compared with the open design. */
export function driftLastRead(): void {
  const read = useInventory.getState().lastRead;
  if (!read) return;
  if (setDriftInventory(read.source, read.text)) useInventory.setState({ dialog: null });
}

/** The inventory just read, imported as a new design. */
export function importLastRead(): void {
  const read = useInventory.getState().lastRead;
  if (!read) return;
  useInventory.setState({ dialog: null });
  beginImport(read.source, read.text);
}
