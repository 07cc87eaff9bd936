// The Electron shell, kept thin: it creates the window with every security switch on, wires native pieces
// (menu, dialogs, close prompt, window state, file opening) to the services in main/services, and registers the
// shared service registry on ipcMain. Logic lives in main/services and main/ipc, tested under Node.
// Bundled by scripts/build.mjs to out/main/index.cjs (CommonJS: __dirname is out/main).
import { app, BrowserWindow, dialog, ipcMain, Menu, safeStorage, screen, session } from 'electron';
import type { MenuItemConstructorOptions, WebContents } from 'electron';
import Store from 'electron-store';
import { existsSync, mkdirSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { MenuCommand } from '../../shared/ipc/contract';
import { cleanStaleTempFiles } from '../files/atomicWrite';
import { CONTENT_SECURITY_POLICY } from '../host/csp';
import { ipcEventName } from '../ipc/channels';
import type { EventName } from '../ipc/channels';
import { createSenderPolicy, registerIpcHandlers } from '../ipc/electronTransport';
import { observeCalls } from '../ipc/registry';
import { defaultDocumentsDir } from '../services/appInfo';
import { AutosaveStore } from '../services/autosave';
import { electronRunsDir } from '../services/dataDir';
import { CloseGuard } from '../services/closeGuard';
import type { PromptAnswer } from '../services/closeGuard';
import { DocumentService } from '../services/documents';
import { createServiceRegistry, fileNameFor, SAVE_EXTENSIONS } from '../services';
import type { DialogPort, SaveFormat } from '../services';
import { buildMenuSpec } from '../services/menuSpec';
import type { MenuItemSpec } from '../services/menuSpec';
import { designPathFromArgs, PendingOpen } from '../services/openRequests';
import { PathAccess } from '../services/pathAccess';
import { RecentFiles } from '../services/recentFiles';
import { fitWindowBounds, settingsStoreOptions, windowStateToSave } from '../services/settingsSchema';
import type { AppSettings } from '../services/settingsSchema';
import { TemplateService } from '../services/templates';
import { CredentialStore, CredentialVault } from '../credentials';
import { CredentialService } from '../services/credentials';
import { RunService } from '../services/runs';
import { InventoryService } from '../services/inventory';

const isDev = !app.isPackaged;
const devServerUrl = isDev ? (process.env.EXTOPO_DEV_SERVER_URL ?? null) : null;
const rendererIndex = join(__dirname, '../renderer/index.html');
const preloadPath = join(__dirname, '../preload/index.cjs');
const iconPath = join(__dirname, '../assets/icon.png');
/** Wait this long after the page loads before delivering a queued file if the page has not called main yet. */
const READY_FALLBACK_MS = 2000;

const SAVE_FILTERS: Record<SaveFormat, Electron.FileFilter[]> = {
  design: [{ name: 'ExTopo design', extensions: ['json'] }],
  pdf: [{ name: 'PDF document', extensions: ['pdf'] }],
  ps1: [{ name: 'PowerShell script', extensions: ['ps1'] }],
  md: [{ name: 'Markdown', extensions: ['md'] }],
  json: [{ name: 'JSON', extensions: ['json'] }],
  ansible: [{ name: 'Ansible playbook (zip archive)', extensions: ['zip'] }],
};

app.enableSandbox();
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  start();
}

function start(): void {
  const settings = new Store<AppSettings>(settingsStoreOptions());
  const documentsDir = defaultDocumentsDir(app.getPath('documents'));
  const access = new PathAccess({ roots: [documentsDir], allowGrants: true });
  const recents = new RecentFiles({ get: () => settings.get('recentFiles'), set: (list) => settings.set('recentFiles', list) });
  for (const path of recents.list()) access.grant(path);
  const documents = new DocumentService(access, recents);
  // Temp files of saves a kill interrupted (hidden, up to a design's size each): ours only, stale only.
  void cleanStaleTempFiles(documentsDir);
  const guard = new CloseGuard();
  const pendingOpen = new PendingOpen();
  let mainWindow: BrowserWindow | null = null;
  let rendererListening = false;
  let openWhenReady = false;

  const send = (event: EventName, payload: unknown): void => {
    if (mainWindow && !mainWindow.isDestroyed()) mainWindow.webContents.send(ipcEventName(event), payload);
  };
  const sendMenu = (command: MenuCommand): void => send('menu', command);

  /** Opens a file from outside the page: queue it, then ask the page to open (it calls document.openDialog). */
  const openPath = (path: string): void => {
    access.grant(path);
    pendingOpen.set(path);
    if (mainWindow && rendererListening) {
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.focus();
      sendMenu('file.open');
    } else {
      openWhenReady = true;
    }
  };
  const rendererIsListening = (): void => {
    if (rendererListening) return;
    rendererListening = true;
    if (openWhenReady) {
      openWhenReady = false;
      sendMenu('file.open');
    }
  };

  // Runs in the app's data folder; credentials in memory, remembered only encrypted by the OS (safeStorage: DPAPI,
  // Keychain, libsecret/kwallet), loaded once the app is ready.
  const credentials = new CredentialService(new CredentialStore(new CredentialVault(join(app.getPath('userData'), 'credentials.bin'), safeStorage)));
  const runs = new RunService({ runsDir: electronRunsDir(app.getPath('userData')), credentials, emit: (event) => send('run', event) });
  app.on('will-quit', () => void runs.close());

  const dialogs: DialogPort = {
    async openDesign() {
      const queued = pendingOpen.take();
      if (queued) return queued;
      const result = await dialog.showOpenDialog(parentWindow(), {
        title: 'Open design',
        ...(existsSync(documentsDir) ? { defaultPath: documentsDir } : {}),
        filters: [{ name: 'ExTopo design', extensions: ['json'] }],
        properties: ['openFile'],
      });
      return result.canceled || result.filePaths.length === 0 ? null : result.filePaths[0];
    },
    async openInventory() {
      const result = await dialog.showOpenDialog(parentWindow(), {
        title: 'Import inventory',
        filters: [{ name: 'ExTopo inventory (Get-ExTopoInventory.ps1)', extensions: ['json'] }],
        properties: ['openFile'],
      });
      return result.canceled || result.filePaths.length === 0 ? null : result.filePaths[0];
    },
    async saveAs(suggestedName, format) {
      mkdirSync(documentsDir, { recursive: true });
      const result = await dialog.showSaveDialog(parentWindow(), {
        title: format === 'design' ? 'Save design' : 'Export runbook',
        defaultPath: join(documentsDir, fileNameFor(suggestedName, format)),
        filters: SAVE_FILTERS[format],
        properties: ['showOverwriteConfirmation', 'createDirectory'],
      });
      if (result.canceled || !result.filePath) {
        guard.saveCancelled();
        return null;
      }
      // Some dialogs (GTK) do not add the extension of the chosen filter.
      const wanted = SAVE_EXTENSIONS[format];
      return extname(result.filePath).toLowerCase() === extname(wanted) ? result.filePath : `${result.filePath}${wanted}`;
    },
  };
  const parentWindow = (): BrowserWindow => {
    const win = BrowserWindow.getFocusedWindow() ?? mainWindow;
    if (!win) throw new Error('ExTopo has no window to show a dialog on.');
    return win;
  };

  const registry = observeCalls(
    createServiceRegistry({
      shell: 'electron',
      version: app.getVersion(),
      platform: process.platform,
      access,
      documents,
      autosave: new AutosaveStore(join(app.getPath('userData'), 'autosave')),
      templates: new TemplateService(),
      dialogs,
      runs,
      credentials,
      inventory: new InventoryService({ credentials, runs }),
      window: {
        setState(senderId, title, dirty) {
          const win = senderId === undefined ? null : BrowserWindow.getAllWindows().find((w) => w.webContents.id === senderId);
          if (!win) return;
          win.setTitle(title ? `${title}${dirty ? ' •' : ''} — ExTopo` : 'ExTopo');
          win.setDocumentEdited(dirty);
          if (guard.setDirty(dirty) === 'close') win.close();
        },
      },
    }),
    rendererIsListening,
  );
  registerIpcHandlers(ipcMain, registry, createSenderPolicy({ rendererIndexPath: rendererIndex, devServerUrl }));

  const rebuildMenu = (): void => {
    const spec = buildMenuSpec({ platform: process.platform, isDev, recentFiles: recents.list() });
    const toElectron = (item: MenuItemSpec): MenuItemConstructorOptions => {
      switch (item.kind) {
        case 'command':
          return {
            label: item.label,
            ...(item.accelerator ? { accelerator: item.accelerator } : {}),
            ...(item.registerAccelerator === false ? { registerAccelerator: false } : {}),
            click: () => sendMenu(item.command),
          };
        case 'openRecent':
          return { label: item.label, click: () => openPath(item.path) };
        case 'clearRecent':
          return {
            label: item.label,
            enabled: item.enabled,
            click: () => {
              void recents.clear();
              app.clearRecentDocuments();
            },
          };
        case 'submenu':
          return { label: item.label, submenu: item.items.map(toElectron) };
        case 'role':
          return { role: item.role, ...(item.label ? { label: item.label } : {}), ...(item.accelerator ? { accelerator: item.accelerator } : {}) };
        case 'separator':
          return { type: 'separator' };
      }
    };
    Menu.setApplicationMenu(Menu.buildFromTemplate(spec.map((menu) => ({ label: menu.label, submenu: menu.items.map(toElectron) }))));
  };
  recents.onChange((list) => {
    rebuildMenu();
    if (list[0]) app.addRecentDocument(list[0]);
  });

  // Files from the command line and the file association (macOS sends open-file, possibly before ready).
  app.on('open-file', (event, path) => {
    event.preventDefault();
    openPath(path);
  });
  app.on('second-instance', (_event, argv, cwd) => {
    const path = designPathFromArgs(argv, cwd);
    if (path) openPath(path);
    else if (mainWindow) {
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.focus();
    }
  });
  const fromArgs = designPathFromArgs(process.argv, process.cwd());
  if (fromArgs) openPath(fromArgs);

  app.on('web-contents-created', (_event, contents) => lockDown(contents));
  app.on('window-all-closed', () => app.quit());

  void app.whenReady().then(() => {
    void credentials.load();
    secureSession();
    rebuildMenu();
    mainWindow = createWindow();
  });

  function createWindow(): BrowserWindow {
    const saved = settings.get('window');
    const primary = screen.getPrimaryDisplay();
    const workAreas = [primary, ...screen.getAllDisplays().filter((d) => d.id !== primary.id)].map((d) => d.workArea);
    const bounds = fitWindowBounds(saved, workAreas);
    const win = new BrowserWindow({
      ...bounds,
      minWidth: 800,
      minHeight: 560,
      show: false,
      title: 'ExTopo',
      backgroundColor: '#f6f7f9',
      ...(existsSync(iconPath) ? { icon: iconPath } : {}),
      webPreferences: {
        preload: preloadPath,
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        nodeIntegrationInSubFrames: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        webviewTag: false,
        spellcheck: false,
        devTools: isDev,
      },
    });
    if (saved.maximized) win.maximize();
    win.once('ready-to-show', () => win.show());

    let saveTimer: NodeJS.Timeout | undefined;
    const saveWindowState = (): void => {
      if (!win.isDestroyed()) settings.set('window', windowStateToSave(win.getNormalBounds(), win.isMaximized()));
    };
    const saveSoon = (): void => {
      clearTimeout(saveTimer);
      saveTimer = setTimeout(saveWindowState, 500);
    };
    win.on('resize', saveSoon);
    win.on('move', saveSoon);
    win.on('maximize', saveSoon);
    win.on('unmaximize', saveSoon);

    win.on('close', (event) => {
      if (guard.requestClose() === 'prompt') {
        event.preventDefault();
        void askToSave(win);
        return;
      }
      clearTimeout(saveTimer);
      saveWindowState();
    });
    win.on('closed', () => {
      if (mainWindow === win) mainWindow = null;
    });
    win.webContents.on('did-finish-load', () => {
      if (openWhenReady) setTimeout(rendererIsListening, READY_FALLBACK_MS);
    });

    if (devServerUrl) void win.loadURL(devServerUrl);
    else if (existsSync(rendererIndex)) void win.loadFile(rendererIndex);
    else {
      dialog.showErrorBox('ExTopo is not built', `The renderer is missing (${rendererIndex}). Run "npm run build", then start ExTopo again.`);
      app.quit();
    }
    return win;
  }

  async function askToSave(win: BrowserWindow): Promise<void> {
    const answers: PromptAnswer[] = ['save', 'discard', 'cancel'];
    const { response } = await dialog.showMessageBox(win, {
      type: 'question',
      buttons: ['Save', "Don't Save", 'Cancel'],
      defaultId: 0,
      cancelId: 2,
      noLink: true,
      title: 'ExTopo',
      message: 'Save the changes to this design before closing?',
      detail: "If you don't save, your changes since the last save are lost.",
    });
    const next = guard.answer(answers[response] ?? 'cancel');
    if (next === 'close') win.close();
    else if (next === 'save-then-close') sendMenu('file.save');
  }

  /** Every webContents: no new windows, no navigation away, no webviews. */
  function lockDown(contents: WebContents): void {
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    contents.on('will-navigate', (event) => event.preventDefault());
    contents.on('will-redirect', (event) => event.preventDefault());
    contents.on('will-attach-webview', (event) => event.preventDefault());
  }

  /** Permissions denied, the CSP on every response, and no request leaves the machine (except the dev server). */
  function secureSession(): void {
    const ses = session.defaultSession;
    ses.setPermissionRequestHandler((_contents, permission, callback) => callback(permission === 'clipboard-sanitized-write'));
    ses.setPermissionCheckHandler((_contents, permission) => permission === 'clipboard-sanitized-write');
    ses.webRequest.onHeadersReceived((details, callback) => {
      callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
    });
    const devOrigin = devServerUrl ? new URL(devServerUrl).origin : null;
    ses.webRequest.onBeforeRequest({ urls: ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*'] }, (details, callback) => {
      let origin: string | null = null;
      try {
        const url = new URL(details.url);
        origin = `${url.protocol === 'ws:' ? 'http:' : url.protocol === 'wss:' ? 'https:' : url.protocol}//${url.host}`;
      } catch {
        origin = null;
      }
      callback({ cancel: devOrigin === null || origin !== devOrigin });
    });
  }
}
