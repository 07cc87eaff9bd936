// The native menu as data: labels, accelerators and the MENU_COMMANDS id each item sends to the renderer.
// main/electron turns this into an Electron Menu; keeping it here lets Node tests check it (every command
// reachable, no accelerator used twice, DevTools only in development).
import { basename, dirname } from 'node:path';
import type { MenuCommand } from '../../shared/ipc/contract';

export type MenuItemSpec =
  | {
      readonly kind: 'command';
      readonly label: string;
      readonly command: MenuCommand;
      readonly accelerator?: string;
      /**
       * false: the shortcut is shown but left to the page (Edit items), so text fields keep their native
       * undo/copy/paste and the canvas handles the same keys itself.
       */
      readonly registerAccelerator?: boolean;
    }
  | { readonly kind: 'openRecent'; readonly label: string; readonly path: string }
  | { readonly kind: 'clearRecent'; readonly label: string; readonly enabled: boolean }
  | { readonly kind: 'submenu'; readonly label: string; readonly items: readonly MenuItemSpec[] }
  | { readonly kind: 'role'; readonly role: 'quit' | 'toggleDevTools' | 'about' | 'hide' | 'hideOthers' | 'unhide' | 'togglefullscreen' | 'minimize'; readonly label?: string; readonly accelerator?: string }
  | { readonly kind: 'separator' };

export interface TopMenuSpec {
  readonly label: string;
  readonly items: readonly MenuItemSpec[];
}

export interface MenuOptions {
  readonly platform: NodeJS.Platform;
  readonly isDev: boolean;
  readonly recentFiles: readonly string[];
}

const cmd = (label: string, command: MenuCommand, accelerator?: string, registerAccelerator?: boolean): MenuItemSpec => ({
  kind: 'command',
  label,
  command,
  ...(accelerator ? { accelerator } : {}),
  ...(registerAccelerator === false ? { registerAccelerator } : {}),
});
const sep: MenuItemSpec = { kind: 'separator' };

export function buildMenuSpec(options: MenuOptions): TopMenuSpec[] {
  const mac = options.platform === 'darwin';
  const recent: MenuItemSpec[] = options.recentFiles.length
    ? options.recentFiles.map((path) => ({ kind: 'openRecent' as const, label: `${basename(path)} — ${dirname(path)}`, path }))
    : [];
  const menus: TopMenuSpec[] = [];
  if (mac) {
    menus.push({
      label: 'ExTopo',
      items: [{ kind: 'role', role: 'about' }, sep, { kind: 'role', role: 'hide' }, { kind: 'role', role: 'hideOthers' }, { kind: 'role', role: 'unhide' }, sep, { kind: 'role', role: 'quit' }],
    });
  }
  menus.push({
    label: '&File',
    items: [
      cmd('New from Template…', 'file.new', 'CmdOrCtrl+N'),
      cmd('Open…', 'file.open', 'CmdOrCtrl+O'),
      {
        kind: 'submenu',
        label: 'Open Recent',
        items: [...recent, ...(recent.length ? [sep] : []), { kind: 'clearRecent', label: recent.length ? 'Clear Recent' : 'No Recent Files', enabled: recent.length > 0 }],
      },
      sep,
      cmd('Save', 'file.save', 'CmdOrCtrl+S'),
      cmd('Save As…', 'file.saveAs', 'CmdOrCtrl+Shift+S'),
      sep,
      cmd('Import Inventory…', 'file.importInventory'),
      sep,
      cmd('Export Runbook as PDF…', 'file.exportPdf', 'CmdOrCtrl+E'),
      cmd('Export Runbook as PowerShell Script…', 'file.exportPs1', 'CmdOrCtrl+Shift+E'),
      cmd('Export Runbook as Markdown…', 'file.exportMd'),
      cmd('Export Runbook as Ansible Playbook (.zip)…', 'file.exportAnsible'),
      sep,
      cmd('Close Design', 'file.close', 'CmdOrCtrl+W'),
      ...(mac ? [] : [sep, { kind: 'role', role: 'quit', label: 'Quit', accelerator: 'CmdOrCtrl+Q' } as const]),
    ],
  });
  menus.push({
    label: '&Edit',
    items: [
      cmd('Undo', 'edit.undo', 'CmdOrCtrl+Z', false),
      cmd('Redo', 'edit.redo', mac ? 'Cmd+Shift+Z' : 'Ctrl+Y', false),
      sep,
      cmd('Cut', 'edit.cut', 'CmdOrCtrl+X', false),
      cmd('Copy', 'edit.copy', 'CmdOrCtrl+C', false),
      cmd('Paste', 'edit.paste', 'CmdOrCtrl+V', false),
      cmd('Delete', 'edit.delete', 'Delete', false),
      sep,
      cmd('Select All', 'edit.selectAll', 'CmdOrCtrl+A', false),
    ],
  });
  menus.push({
    label: '&View',
    items: [
      cmd('Zoom In', 'view.zoomIn', 'CmdOrCtrl+='),
      cmd('Zoom Out', 'view.zoomOut', 'CmdOrCtrl+-'),
      cmd('Fit to Window', 'view.fit', 'CmdOrCtrl+0'),
      sep,
      cmd('Problems', 'view.problems', 'CmdOrCtrl+Shift+M'),
      cmd('Runbook', 'view.runbook', 'CmdOrCtrl+Shift+R'),
      sep,
      cmd('Auto-layout', 'view.layout', 'CmdOrCtrl+Shift+L'),
      sep,
      { kind: 'role', role: 'togglefullscreen' },
      ...(options.isDev ? [sep, { kind: 'role', role: 'toggleDevTools', accelerator: 'CmdOrCtrl+Shift+I' } as const] : []),
    ],
  });
  if (mac) menus.push({ label: 'Window', items: [{ kind: 'role', role: 'minimize' }] });
  return menus;
}

/** Every item of a menu spec, depth first (tests, and the Electron conversion). */
export function flattenMenu(items: readonly MenuItemSpec[]): MenuItemSpec[] {
  return items.flatMap((item) => (item.kind === 'submenu' ? [item, ...flattenMenu(item.items)] : [item]));
}
