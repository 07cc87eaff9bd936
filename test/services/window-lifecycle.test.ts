// The logic behind the Electron shell's window: the "Save changes?" close guard, queued file opening, command-line
// files and the native menu spec.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MENU_COMMANDS } from '../../shared/ipc/contract';
import { CloseGuard, SAVE_TIMEOUT_MS } from '../../main/services/closeGuard';
import { buildMenuSpec, flattenMenu } from '../../main/services/menuSpec';
import { designPathFromArgs, PENDING_OPEN_TTL_MS, PendingOpen } from '../../main/services/openRequests';

describe('CloseGuard', () => {
  it('lets a clean window close and prompts for a dirty one', () => {
    const guard = new CloseGuard();
    expect(guard.requestClose()).toBe('close');
    guard.setDirty(true);
    expect(guard.requestClose()).toBe('prompt');
  });

  it("closes at once on Don't Save, stays on Cancel", () => {
    const guard = new CloseGuard();
    guard.setDirty(true);
    expect(guard.answer('cancel')).toBe('stay');
    expect(guard.requestClose()).toBe('prompt');
    expect(guard.answer('discard')).toBe('close');
    expect(guard.requestClose()).toBe('close');
  });

  it('on Save, closes when the renderer reports the design clean', () => {
    const guard = new CloseGuard();
    guard.setDirty(true);
    expect(guard.answer('save')).toBe('save-then-close');
    expect(guard.setDirty(true)).toBe('none');
    expect(guard.setDirty(false)).toBe('close');
    expect(guard.requestClose()).toBe('close');
  });

  it('does not close on a later save after the save dialog was cancelled or the save took too long', () => {
    let now = 0;
    const guard = new CloseGuard(() => now);
    guard.setDirty(true);
    guard.answer('save');
    guard.saveCancelled();
    expect(guard.setDirty(false)).toBe('none');
    guard.setDirty(true);
    guard.answer('save');
    now += SAVE_TIMEOUT_MS + 1;
    expect(guard.setDirty(false)).toBe('none');
    guard.setDirty(true);
    expect(guard.requestClose()).toBe('prompt');
  });
});

describe('PendingOpen', () => {
  it('hands the queued file out once, and not after it expired', () => {
    let now = 0;
    const pending = new PendingOpen(() => now);
    expect(pending.take()).toBeNull();
    pending.set('/designs/a.extopo.json');
    expect(pending.take()).toBe('/designs/a.extopo.json');
    expect(pending.take()).toBeNull();
    pending.set('/designs/b.extopo.json');
    now += PENDING_OPEN_TTL_MS + 1;
    expect(pending.take()).toBeNull();
  });
});

describe('designPathFromArgs', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'extopo-args-'));
    await writeFile(join(dir, 'lab.extopo.json'), '{}');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('finds the design file of a packaged launch, a dev launch and a relative path', () => {
    expect(designPathFromArgs(['/opt/ExTopo/extopo', join(dir, 'lab.extopo.json')], '/')).toBe(join(dir, 'lab.extopo.json'));
    expect(designPathFromArgs(['electron', '.', '--no-sandbox', 'lab.extopo.json'], dir)).toBe(join(dir, 'lab.extopo.json'));
  });

  it('ignores flags, other files and files that do not exist', () => {
    expect(designPathFromArgs(['extopo', '--inspect=x.json', 'missing.extopo.json', 'README.md'], dir)).toBeNull();
    expect(designPathFromArgs([join(dir, 'lab.extopo.json')], dir)).toBeNull();
  });
});

describe('buildMenuSpec', () => {
  const commandsOf = (isDev: boolean, platform: NodeJS.Platform = 'linux'): string[] =>
    buildMenuSpec({ platform, isDev, recentFiles: [] }).flatMap((m) => flattenMenu(m.items)).flatMap((i) => (i.kind === 'command' ? [i.command] : []));

  it('reaches every menu command of the contract', () => {
    for (const platform of ['linux', 'darwin', 'win32'] as const) expect(new Set(commandsOf(false, platform))).toEqual(new Set(MENU_COMMANDS));
  });

  it('uses each accelerator once', () => {
    for (const platform of ['linux', 'darwin'] as const) {
      const accelerators = buildMenuSpec({ platform, isDev: true, recentFiles: [] })
        .flatMap((m) => flattenMenu(m.items))
        .flatMap((i) => ('accelerator' in i && i.accelerator ? [i.accelerator] : []));
      expect(accelerators.length).toBe(new Set(accelerators).size);
    }
  });

  it('has File, Edit and View menus with Quit on Linux/Windows and DevTools only in development', () => {
    const spec = buildMenuSpec({ platform: 'linux', isDev: false, recentFiles: [] });
    expect(spec.map((m) => m.label)).toEqual(['&File', '&Edit', '&View']);
    const roles = (isDev: boolean): string[] => buildMenuSpec({ platform: 'linux', isDev, recentFiles: [] }).flatMap((m) => flattenMenu(m.items)).flatMap((i) => (i.kind === 'role' ? [i.role] : []));
    expect(roles(false)).toContain('quit');
    expect(roles(false)).not.toContain('toggleDevTools');
    expect(roles(true)).toContain('toggleDevTools');
  });

  it('offers File → Export of the runbook as PDF, PowerShell, Markdown and an Ansible playbook (.zip), together', () => {
    for (const platform of ['linux', 'darwin'] as const) {
      const file = buildMenuSpec({ platform, isDev: false, recentFiles: [] }).find((m) => m.label === '&File');
      const items = file?.items ?? [];
      const first = items.findIndex((i) => i.kind === 'command' && i.command === 'file.exportPdf');
      const exports = items.slice(first, first + 4).map((i) => (i.kind === 'command' ? [i.label, i.command] : [i.kind]));
      expect(exports).toEqual([
        ['Export Runbook as PDF…', 'file.exportPdf'],
        ['Export Runbook as PowerShell Script…', 'file.exportPs1'],
        ['Export Runbook as Markdown…', 'file.exportMd'],
        ['Export Runbook as Ansible Playbook (.zip)…', 'file.exportAnsible'],
      ]);
    }
  });

  it('leaves Edit shortcuts to the page so text fields keep native undo/copy/paste', () => {
    const edit = buildMenuSpec({ platform: 'win32', isDev: false, recentFiles: [] }).find((m) => m.label === '&Edit');
    for (const item of edit?.items ?? []) if (item.kind === 'command') expect(item.registerAccelerator, item.label).toBe(false);
  });

  it('lists recent files under Open Recent, newest first, with a Clear item', () => {
    const spec = buildMenuSpec({ platform: 'linux', isDev: false, recentFiles: ['/d/b.extopo.json', '/d/a.extopo.json'] });
    const openRecent = flattenMenu(spec[0].items).find((i) => i.kind === 'submenu' && i.label === 'Open Recent');
    expect(openRecent?.kind === 'submenu' && openRecent.items.map((i) => i.kind)).toEqual(['openRecent', 'openRecent', 'separator', 'clearRecent']);
    const empty = flattenMenu(buildMenuSpec({ platform: 'linux', isDev: false, recentFiles: [] })[0].items).find((i) => i.kind === 'clearRecent');
    expect(empty).toMatchObject({ enabled: false, label: 'No Recent Files' });
  });
});
