// The editor's commands, one place for the toolbar, keyboard shortcuts and Electron's menu ('menu' events).
import { copyEntities, deleteEntities, duplicateEntities, pasteClipboard } from '../../shared/edits';
import type { MenuCommand } from '../../shared/ipc/contract';
import { commit, redo, requestView, select, toast, undo, useEditor } from '../store/editor';
import { runAutoLayout } from '../canvas/elkLayout';
import { confirmUnsaved, exportRunbook, openDocument, save, saveAs } from './files';
import { importInventoryCommand } from '../inventory/store';
import { renameObject } from './goTo';

/** Offset of each successive paste, in canvas pixels. */
export const PASTE_OFFSET = 40;

export function copySelection(): boolean {
  const s = useEditor.getState();
  const clip = copyEntities(s.doc, [...s.selection]);
  if (!clip) {
    toast('info', 'Select servers, subnets, groups or load balancers to copy.');
    return false;
  }
  useEditor.setState({ clipboard: { data: clip, pastes: 0 } });
  return true;
}

export function paste(): void {
  const s = useEditor.getState();
  if (!s.clipboard) {
    toast('info', 'Nothing to paste: copy something first (Ctrl+C).');
    return;
  }
  const pastes = s.clipboard.pastes + 1;
  const refused = commit(pasteClipboard(s.doc, s.clipboard.data, { dx: PASTE_OFFSET * pastes, dy: PASTE_OFFSET * pastes }), { select: 'created' });
  if (refused === null) useEditor.setState({ clipboard: { ...s.clipboard, pastes } });
}

/** Ctrl+D: a copy of the selection beside it (the clipboard is left alone). */
export function duplicateSelection(): void {
  const s = useEditor.getState();
  if (s.selection.size === 0) {
    toast('info', 'Select servers, subnets, groups or load balancers to duplicate.');
    return;
  }
  commit(duplicateEntities(s.doc, [...s.selection], { dx: PASTE_OFFSET, dy: PASTE_OFFSET }), { select: 'created' });
}

export function deleteSelection(): void {
  const s = useEditor.getState();
  if (s.selection.size === 0) return;
  commit(deleteEntities(s.doc, [...s.selection]), { select: [] });
}

export function selectAll(): void {
  const d = useEditor.getState().doc.design;
  select([...d.sites, ...d.subnets, ...d.servers, ...d.nlbClusters, ...d.hardwareLoadBalancers, ...d.casArrays, ...d.dags].map((x) => x.id));
}

export function runCommand(command: MenuCommand): void {
  switch (command) {
    case 'file.new':
      confirmUnsaved('new', () => useEditor.setState({ dialog: { kind: 'templates' } }));
      return;
    case 'file.open':
      confirmUnsaved('open', () => void openDocument());
      return;
    case 'file.save':
      void save();
      return;
    case 'file.saveAs':
      void saveAs();
      return;
    case 'file.exportPdf':
      void exportRunbook('pdf');
      return;
    case 'file.exportPs1':
      void exportRunbook('ps1');
      return;
    case 'file.exportMd':
      void exportRunbook('md');
      return;
    case 'file.exportAnsible':
      void exportRunbook('ansible');
      return;
    case 'file.close':
      confirmUnsaved('close', () => useEditor.setState({ dialog: { kind: 'templates' } }));
      return;
    case 'file.importInventory':
      confirmUnsaved('import', () => void importInventoryCommand());
      return;
    case 'edit.undo':
      undo();
      return;
    case 'edit.redo':
      redo();
      return;
    case 'edit.cut':
      if (copySelection()) deleteSelection();
      return;
    case 'edit.copy':
      copySelection();
      return;
    case 'edit.paste':
      paste();
      return;
    case 'edit.delete':
      deleteSelection();
      return;
    case 'edit.selectAll':
      selectAll();
      return;
    case 'view.zoomIn':
      requestView({ kind: 'zoomIn' });
      return;
    case 'view.zoomOut':
      requestView({ kind: 'zoomOut' });
      return;
    case 'view.fit':
      requestView({ kind: 'fit', ids: null });
      return;
    case 'view.problems':
      useEditor.setState({ bottomTab: 'problems' });
      return;
    case 'view.runbook':
      useEditor.setState({ bottomTab: 'runbook' });
      return;
    case 'view.layout':
      void runAutoLayout();
      return;
  }
}

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT';
}

/** The keyboard shortcut of a key event, or null. Editing keys do nothing while the admin types in a field. */
export function shortcutFor(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'target'>): MenuCommand | null {
  const mod = e.ctrlKey || e.metaKey;
  const key = e.key.toLowerCase();
  if (mod && key === 's') return e.shiftKey ? 'file.saveAs' : 'file.save';
  if (mod && key === 'o') return 'file.open';
  if (isTyping(e.target)) return null;
  if (mod && key === 'z') return e.shiftKey ? 'edit.redo' : 'edit.undo';
  if (mod && key === 'y') return 'edit.redo';
  if (mod && key === 'c') return 'edit.copy';
  if (mod && key === 'x') return 'edit.cut';
  if (mod && key === 'v') return 'edit.paste';
  if (mod && key === 'a') return 'edit.selectAll';
  if (!mod && (e.key === 'Delete' || e.key === 'Backspace')) return 'edit.delete';
  if (mod && (key === '=' || key === '+')) return 'view.zoomIn';
  if (mod && key === '-') return 'view.zoomOut';
  if (mod && key === '0') return 'view.fit';
  return null;
}

export function onKeyDown(e: KeyboardEvent): void {
  // Ctrl+D duplicates (not a menu command: the browser's own Ctrl+D, a bookmark, is kept from firing).
  if ((e.ctrlKey || e.metaKey) && !e.shiftKey && !e.altKey && e.key.toLowerCase() === 'd' && !isTyping(e.target)) {
    e.preventDefault();
    duplicateSelection();
    return;
  }
  // F2 renames the selected object (its name field in the inspector, text selected).
  if (e.key === 'F2' && !e.ctrlKey && !e.metaKey && !e.altKey && !isTyping(e.target)) {
    const selected = [...useEditor.getState().selection].filter((id) => !id.includes('|'));
    if (selected.length === 1) {
      e.preventDefault();
      renameObject(selected[0]);
      return;
    }
  }
  const command = shortcutFor(e);
  if (!command) {
    if (e.key === 'Escape' && !isTyping(e.target)) select([]);
    return;
  }
  e.preventDefault();
  runCommand(command);
}
