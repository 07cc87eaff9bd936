// The built main process (out/main/index.cjs as scripts/build.mjs makes it) run under Node against a scripted
// stand-in for the `electron` module: what the shell asks Electron for — window security switches, blocked
// navigation and permissions, CSP header, the IPC sender check, the native menu, "Save changes?" on close, window
// state persistence, opening a file from the command line. The real binary is exercised by app.e2e.test.ts.
import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import Module from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleText } from '../fixtures/designs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

interface FakeEvent {
  defaultPrevented: boolean;
  preventDefault(): void;
}
const event = (): FakeEvent => ({
  defaultPrevented: false,
  preventDefault() {
    this.defaultPrevented = true;
  },
});

interface MenuItem {
  label?: string;
  role?: string;
  submenu?: MenuItem[];
  click?: () => void;
  accelerator?: string;
}

class FakeWebContents extends EventEmitter {
  static nextId = 1;
  readonly id = FakeWebContents.nextId++;
  readonly sent: Array<[string, unknown]> = [];
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  send(channel: string, payload: unknown): void {
    this.sent.push([channel, payload]);
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
}

class FakeWindow extends EventEmitter {
  static all: FakeWindow[] = [];
  readonly webContents = new FakeWebContents();
  title = '';
  destroyed = false;
  loaded: string | null = null;
  constructor(readonly options: { webPreferences: Record<string, unknown>; width: number; height: number; x?: number; y?: number }) {
    super();
    FakeWindow.all.push(this);
    electron.app.emit('web-contents-created', event(), this.webContents);
  }
  static getAllWindows(): FakeWindow[] {
    return FakeWindow.all.filter((w) => !w.destroyed);
  }
  static getFocusedWindow(): FakeWindow | null {
    return FakeWindow.getAllWindows()[0] ?? null;
  }
  async loadFile(path: string): Promise<void> {
    this.loaded = path;
    this.webContents.emit('did-finish-load');
  }
  async loadURL(url: string): Promise<void> {
    this.loaded = url;
  }
  setTitle(title: string): void {
    this.title = title;
  }
  setDocumentEdited(): void {}
  maximize(): void {}
  show(): void {}
  focus(): void {}
  restore(): void {}
  isMinimized(): boolean {
    return false;
  }
  isMaximized(): boolean {
    return false;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  getNormalBounds(): { x: number; y: number; width: number; height: number } {
    return { x: 40, y: 30, width: 1300, height: 850 };
  }
  close(): void {
    const e = event();
    this.emit('close', e);
    if (!e.defaultPrevented) {
      this.destroyed = true;
      this.emit('closed');
      if (FakeWindow.getAllWindows().length === 0) electron.app.emit('window-all-closed');
    }
  }
}

type Handler = (event: { sender: { id: number }; senderFrame: { url: string; parent: null } | null }, payload: unknown) => Promise<{ result?: unknown; error?: { message: string } }>;

const state = {
  userData: '',
  quit: 0,
  sandboxEnabled: false,
  menu: [] as MenuItem[],
  messageBoxAnswers: [] as number[],
  messageBoxes: 0,
  openDialogs: 0,
  permissionRequest: null as null | ((wc: unknown, permission: string, cb: (ok: boolean) => void) => void),
  permissionCheck: null as null | ((wc: unknown, permission: string) => boolean),
  headers: null as null | ((details: { responseHeaders: Record<string, string[]> }, cb: (r: { responseHeaders: Record<string, string[]> }) => void) => void),
  beforeRequest: null as null | ((details: { url: string }, cb: (r: { cancel: boolean }) => void) => void),
  handlers: new Map<string, Handler>(),
};

const electron = {
  app: Object.assign(new EventEmitter(), {
    isPackaged: false,
    enableSandbox: () => void (state.sandboxEnabled = true),
    requestSingleInstanceLock: () => true,
    getPath: (name: string) => join(state.userData, name),
    getVersion: () => '0.1.0-test',
    whenReady: () => Promise.resolve(),
    quit: () => void state.quit++,
    addRecentDocument: () => undefined,
    clearRecentDocuments: () => undefined,
  }),
  ipcMain: {
    handle: (channel: string, handler: Handler) => void state.handlers.set(channel, handler),
    removeHandler: (channel: string) => void state.handlers.delete(channel),
    on: () => undefined,
  },
  BrowserWindow: FakeWindow,
  dialog: {
    showOpenDialog: async () => {
      state.openDialogs++;
      return { canceled: true, filePaths: [] };
    },
    showSaveDialog: async () => ({ canceled: true }),
    showMessageBox: async () => {
      state.messageBoxes++;
      return { response: state.messageBoxAnswers.shift() ?? 2 };
    },
    showErrorBox: (title: string, message: string) => {
      throw new Error(`${title}: ${message}`);
    },
  },
  Menu: {
    buildFromTemplate: (template: MenuItem[]) => template,
    setApplicationMenu: (menu: MenuItem[]) => void (state.menu = menu),
  },
  screen: {
    getPrimaryDisplay: () => ({ id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1040 } }),
    getAllDisplays: () => [{ id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1040 } }],
  },
  session: {
    defaultSession: {
      setPermissionRequestHandler: (fn: typeof state.permissionRequest) => void (state.permissionRequest = fn),
      setPermissionCheckHandler: (fn: typeof state.permissionCheck) => void (state.permissionCheck = fn),
      webRequest: {
        onHeadersReceived: (fn: typeof state.headers) => void (state.headers = fn),
        onBeforeRequest: (_filter: unknown, fn: typeof state.beforeRequest) => void (state.beforeRequest = fn),
      },
    },
  },
};

let outDir: string;
let designPath: string;
let rendererUrl: string;
const originalLoad = (Module as unknown as { _load: (...args: unknown[]) => unknown })._load;
const originalArgv = process.argv;

const win = (): FakeWindow => FakeWindow.all[0];
const menuSends = (): unknown[] => win().webContents.sent.filter(([c]) => c === 'extopo:event:menu').map(([, p]) => p);
const call = (channel: string, payload: unknown, url = rendererUrl) =>
  (state.handlers.get(`extopo:${channel}`) as Handler)({ sender: { id: win().webContents.id }, senderFrame: { url, parent: null } }, payload);
const findItem = (items: MenuItem[], label: string): MenuItem | undefined => {
  for (const item of items) {
    if (item.label === label) return item;
    const inner = item.submenu ? findItem(item.submenu, label) : undefined;
    if (inner) return inner;
  }
  return undefined;
};
const tick = () => new Promise((r) => setTimeout(r, 20));

beforeAll(async () => {
  const { buildElectron } = (await import(new URL('../../scripts/build.mjs', import.meta.url).href)) as { buildElectron: (o: { outDir: string }) => Promise<string> };
  // Built inside the checkout (node_modules/.cache) so the bundle resolves its external dependencies the way
  // out/main/index.cjs does: from the node_modules above it.
  await mkdir(join(ROOT, 'node_modules', '.cache'), { recursive: true });
  const base = await mkdtemp(join(ROOT, 'node_modules', '.cache', 'extopo-bundle-'));
  outDir = join(base, 'out');
  state.userData = join(base, 'userData');
  await buildElectron({ outDir });
  await mkdir(join(outDir, 'renderer'), { recursive: true });
  await writeFile(join(outDir, 'renderer', 'index.html'), '<!doctype html><title>ExTopo</title>');
  rendererUrl = pathToFileURL(join(outDir, 'renderer', 'index.html')).href;
  designPath = join(base, 'from-command-line.extopo.json');
  await writeFile(designPath, exampleText('seed-lab'));

  // 'electron' is the stand-in; everything else loads as it would in the app.
  (Module as unknown as { _load: (...args: unknown[]) => unknown })._load = function (this: unknown, request: unknown, ...rest: unknown[]) {
    return request === 'electron' ? electron : originalLoad.call(this, request, ...rest);
  };
  process.argv = ['/opt/ExTopo/extopo', designPath];
  createRequire(import.meta.url)(join(outDir, 'main', 'index.cjs'));
  await tick();
});

afterAll(async () => {
  (Module as unknown as { _load: unknown })._load = originalLoad;
  process.argv = originalArgv;
  if (outDir) await rm(join(outDir, '..'), { recursive: true, force: true });
});

describe('main process bundle', () => {
  it('builds a CommonJS preload that requires nothing but electron (the sandbox allows no more)', async () => {
    const preload = await readFile(join(outDir, 'preload', 'index.cjs'), 'utf8');
    const required = new Set([...preload.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1]));
    expect([...required]).toEqual(['electron']);
    expect(preload).toContain('exposeInMainWorld');
    expect(existsSync(join(outDir, 'assets', 'icon.png'))).toBe(true);
  });

  it('opens one window with every security switch on, loading the built page', () => {
    expect(state.sandboxEnabled).toBe(true);
    expect(FakeWindow.all).toHaveLength(1);
    expect(win().options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false });
    expect(win().options.webPreferences.preload).toBe(join(outDir, 'preload', 'index.cjs'));
    expect(win().loaded).toBe(join(outDir, 'renderer', 'index.html'));
  });

  it('blocks new windows, navigation and webviews', () => {
    expect(win().webContents.windowOpenHandler?.({ url: 'https://example.com' })).toEqual({ action: 'deny' });
    for (const name of ['will-navigate', 'will-attach-webview']) {
      const e = event();
      win().webContents.emit(name, e, 'https://example.com');
      expect(e.defaultPrevented, name).toBe(true);
    }
  });

  it('denies permission requests (clipboard writing aside) and adds the CSP to every response', () => {
    const answers: Record<string, boolean> = {};
    for (const permission of ['geolocation', 'media', 'notifications', 'openExternal', 'clipboard-sanitized-write']) {
      state.permissionRequest?.(null, permission, (ok) => (answers[permission] = ok));
    }
    expect(answers).toEqual({ geolocation: false, media: false, notifications: false, openExternal: false, 'clipboard-sanitized-write': true });
    expect(state.permissionCheck?.(null, 'geolocation')).toBe(false);
    let headers: Record<string, string[]> = {};
    state.headers?.({ responseHeaders: { 'X-Other': ['1'] } }, (r) => (headers = r.responseHeaders));
    expect(headers['Content-Security-Policy'][0]).toMatch(/^default-src 'self'/);
    expect(headers['X-Other']).toEqual(['1']);
    let cancelled: boolean | undefined;
    state.beforeRequest?.({ url: 'https://cdn.example.com/x.js' }, (r) => (cancelled = r.cancel));
    expect(cancelled).toBe(true);
  });

  it('answers IPC from its own page only', async () => {
    expect(await call('app.info', {})).toMatchObject({ result: { shell: 'electron', version: '0.1.0-test' } });
    expect(await call('app.info', {}, 'https://evil.example/')).toEqual({ error: { message: 'Refused "app.info": the request did not come from the ExTopo window.' } });
    expect(await call('document.read', { path: 7 })).toMatchObject({ error: { message: 'Invalid request on "document.read" (1 problem)' } });
  });

  it('opens the file named on the command line once the page calls in: file.open, then openDialog returns it', async () => {
    await tick();
    expect(menuSends()).toEqual(['file.open']);
    expect(await call('document.openDialog', {})).toEqual({ result: { path: designPath, text: exampleText('seed-lab') } });
    expect(state.openDialogs).toBe(0);
    expect(await call('document.recent', {})).toEqual({ result: [designPath] });
  });

  it('exports a PDF runbook from the bundle (pdfmake and the fonts resolve from out/main)', async () => {
    const answer = await call('export.runbook', { format: 'pdf', text: exampleText('seed-lab'), designPath });
    const result = answer.result as { fileName: string; base64: string; bytes: number; path: string | null };
    expect(answer.error).toBeUndefined();
    expect(result.fileName).toMatch(/\.pdf$/);
    expect(Buffer.from(result.base64, 'base64').subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(result.path).toBeNull();
  });

  it('exports the Ansible playbook as a zip from the bundle; File → Export Runbook as Ansible Playbook (.zip)… asks the page for it', async () => {
    const answer = await call('export.runbook', { format: 'ansible', text: exampleText('seed-lab'), designPath });
    const result = answer.result as { fileName: string; base64: string; bytes: number };
    expect(answer.error).toBeUndefined();
    expect(result.fileName).toBe('from-command-line-ansible.zip');
    const zip = Buffer.from(result.base64, 'base64');
    expect(zip.subarray(0, 4).toString('latin1')).toBe('PK\x03\x04');
    expect(zip.includes('from-command-line-ansible/site.yml')).toBe(true);
    findItem(state.menu, 'Export Runbook as Ansible Playbook (.zip)…')?.click?.();
    expect(menuSends().at(-1)).toBe('file.exportAnsible');
  });

  it('has the File, Edit and View menus; their items send menu commands; recent files are listed', () => {
    expect(state.menu.map((m) => m.label)).toEqual(['&File', '&Edit', '&View']);
    findItem(state.menu, 'Save')?.click?.();
    findItem(state.menu, 'Auto-layout')?.click?.();
    expect(menuSends().slice(-2)).toEqual(['file.save', 'view.layout']);
    expect(findItem(state.menu, 'Open Recent')?.submenu?.[0].label).toMatch(/^from-command-line\.extopo\.json — /);
    expect(state.menu[2].submenu?.some((i) => i.role === 'toggleDevTools')).toBe(true); // not packaged: development
  });

  it('shows the title and dirty marker the page reports', async () => {
    expect(await call('window.setState', { title: 'Seed lab', dirty: true })).toEqual({ result: { ok: true } });
    expect(win().title).toBe('Seed lab • — ExTopo');
  });

  it('asks "Save changes?" when closing a dirty design: Cancel keeps it, Save saves first and then closes', async () => {
    state.messageBoxAnswers.push(2);
    win().close();
    await tick();
    expect(state.messageBoxes).toBe(1);
    expect(win().destroyed).toBe(false);

    state.messageBoxAnswers.push(0);
    win().close();
    await tick();
    expect(state.messageBoxes).toBe(2);
    expect(menuSends().at(-1)).toBe('file.save');
    expect(win().destroyed).toBe(false);
    await call('window.setState', { title: 'Seed lab', dirty: false });
    expect(win().destroyed).toBe(true);
    expect(state.quit).toBe(1);
  });

  it('saved the window bounds to the settings file', async () => {
    const settings = JSON.parse(await readFile(join(state.userData, 'userData', 'settings.json'), 'utf8')) as { window: unknown; recentFiles: string[] };
    expect(settings.window).toEqual({ x: 40, y: 30, width: 1300, height: 850, maximized: false });
    expect(settings.recentFiles).toEqual([designPath]);
  });
});
