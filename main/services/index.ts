// The service registry behind every channel of the contract. Both shells build it from the same parts and differ
// only in their ports: Electron passes native dialogs and a window port; the browser host has no dialogs (the
// renderer lists the documents folder instead) and nothing to do for window state.
import { join } from 'node:path';
import type { Request } from '../../shared/ipc/contract';
import { ServiceError } from '../ipc/errors';
import type { ServiceRegistry } from '../ipc/registry';
import { atomicWriteFile } from '../files/atomicWrite';
import { AutosaveStore } from './autosave';
import { DESIGN_EXTENSION, DocumentService, fileError } from './documents';
import { PathAccess } from './pathAccess';
import { ExportPool } from '../exporters/pool';
import { checkExportTarget } from './exportTarget';
import { jsonFileListStore, RecentFiles } from './recentFiles';
import { TemplateService } from './templates';
import { BROWSER_REMEMBER_REFUSAL, CredentialService } from './credentials';
import { RunService } from './runs';
import { InventoryService } from './inventory';
import { defaultRunsDir } from './dataDir';
import type { HostTransport } from './runs';
import { CredentialStore } from '../credentials';
import type { RunStreamEvent } from '../../shared/ipc/contract';

export type SaveFormat = Request<'document.saveDialog'>['format'];
export type ExportFormat = Request<'export.runbook'>['format'];

export interface DialogPort {
  /** A design file the user picked (or main queued), or null when cancelled. */
  openDesign(): Promise<string | null>;
  /** Where to save, or null when cancelled. */
  saveAs(suggestedName: string, format: SaveFormat): Promise<string | null>;
  /** An inventory file the user picked (Electron), or null: cancelled, or no native dialog (the page picks the file). */
  openInventory?(): Promise<string | null>;
}

export interface WindowPort {
  setState(senderId: number | undefined, title: string, dirty: boolean): void;
}

export type ExportRunbook = (input: { format: ExportFormat; text: string; designPath?: string }) => Promise<{ fileName: string; bytes: Uint8Array }>;

export interface ServiceDeps {
  readonly shell: 'electron' | 'browser';
  readonly version: string;
  readonly platform: string;
  readonly access: PathAccess;
  readonly documents: DocumentService;
  readonly autosave: AutosaveStore;
  readonly templates: TemplateService;
  readonly dialogs: DialogPort;
  readonly window?: WindowPort;
  /** Defaults to main/exporters in a worker thread through the process's ExportPool (main/exporters/pool.ts). */
  readonly exportRunbook?: ExportRunbook;
  /** Runs of the design's runbook (lab or real hosts); without it the run.* channels explain they are unavailable. */
  readonly runs?: RunService;
  /** Credentials for real runs; without it the credentials.* channels explain they are unavailable. */
  readonly credentials?: CredentialService;
  /** Inventory import and reading (issue 16); without it the inventory.* channels explain they are unavailable. */
  readonly inventory?: InventoryService;
}

function unavailable(what: string): never {
  throw new ServiceError(`${what} are not available in this ExTopo shell.`);
}

/** The process's export pool (worker threads, bounded queue), made on the first export. */
let sharedPool: ExportPool | null = null;
function defaultExportPool(): ExportPool {
  sharedPool ??= new ExportPool();
  return sharedPool;
}

/** Exports through a pool: off the event loop, a few at a time, a full queue refused with a 'busy' ServiceError. */
export function poolExporter(pool: ExportPool | (() => ExportPool) = defaultExportPool): ExportRunbook {
  return (input) => (typeof pool === 'function' ? pool() : pool).run(input);
}

/**
 * A produced file: written to `path` when given (checked against the allowed folders, then against the export
 * naming rules of exportTarget.ts: the format's extension, no dotfile, never a design), the previous version kept
 * as "<file>.bak"; always returned as base64.
 */
async function deliverFile(
  access: PathAccess,
  path: string | undefined,
  what: string,
  extension: string,
  produce: () => Promise<{ fileName: string; bytes: Uint8Array }>,
): Promise<{ fileName: string; path: string | null; base64: string; bytes: number }> {
  const target = path === undefined ? null : await access.check(path);
  if (target !== null) await checkExportTarget(target, extension, what, access.primaryRoot);
  const { fileName, bytes } = await produce();
  if (target !== null) {
    try {
      await atomicWriteFile(target, bytes, { keepBackup: true });
    } catch (error) {
      throw fileError(error, `Cannot write ${what} to "${target}"`);
    }
  }
  return { fileName, path: target, base64: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64'), bytes: bytes.byteLength };
}

export function createServiceRegistry(deps: ServiceDeps): ServiceRegistry {
  const exportRunbook = deps.exportRunbook ?? poolExporter();
  const runs = (): RunService => deps.runs ?? unavailable('Runs');
  const credentials = (): CredentialService => deps.credentials ?? unavailable('Credentials');
  const inventory = (): InventoryService => deps.inventory ?? unavailable('Inventories');
  return {
    'app.info': () => ({ version: deps.version, shell: deps.shell, platform: deps.platform, documentsDir: deps.documents.documentsDir }),
    'templates.list': () => deps.templates.list(),
    'templates.get': ({ name }) => deps.templates.get(name),
    'document.openDialog': async () => {
      const path = await deps.dialogs.openDesign();
      if (path === null) return null;
      deps.access.grant(path);
      return deps.documents.read(path);
    },
    'document.saveDialog': async ({ suggestedName, format }) => {
      const path = await deps.dialogs.saveAs(suggestedName, format);
      if (path === null) return null;
      deps.access.grant(path);
      return { path };
    },
    'document.list': () => deps.documents.list(),
    'document.read': ({ path }) => deps.documents.read(path),
    'document.write': ({ path, text }) => deps.documents.write(path, text),
    'document.recent': () => deps.documents.recent(),
    'autosave.write': ({ key, text }) => deps.autosave.write(key, text),
    'autosave.list': () => deps.autosave.list(),
    'autosave.read': ({ key }) => deps.autosave.read(key),
    'autosave.clear': ({ key }) => deps.autosave.clear(key),
    'export.runbook': ({ format, text, designPath, path }) =>
      deliverFile(deps.access, path, 'the runbook', SAVE_EXTENSIONS[format], () => exportRunbook({ format, text, ...(designPath ? { designPath } : {}) })),
    'window.setState': ({ title, dirty }, context) => {
      deps.window?.setState(context.senderId, title, dirty);
      return { ok: true };
    },
    'run.plan': (request) => runs().plan(request),
    'run.start': ({ runId, design, text, confirmOrganization }) => runs().start(runId, { design, text }, confirmOrganization),
    'run.resume': (request) => runs().resume(request),
    'run.abort': ({ runId }) => runs().abort(runId),
    'run.retry': ({ runId, stepId, design, text }) => runs().retry(runId, stepId, { design, text }),
    'run.skip': ({ runId, stepId, reason, design, text }) => runs().skip(runId, stepId, reason, { design, text }),
    'run.confirm': ({ runId, stepId, by, note, design, text }) => runs().confirm(runId, stepId, { design, text }, by, note),
    'run.list': ({ design, scope }) => runs().list(design, scope),
    'run.journal': ({ runId, design }) => runs().journal(runId, design),
    'run.report': ({ runId, format, path }) => deliverFile(deps.access, path, 'the run report', SAVE_EXTENSIONS[format], () => runs().report(runId, format)),
    'credentials.set': (request) => credentials().set(request),
    'credentials.list': () => credentials().list(),
    'credentials.forget': ({ credentialId }) => credentials().forget(credentialId),
    'inventory.openDialog': async () => {
      const path = (await deps.dialogs.openInventory?.()) ?? null;
      return path === null ? null : inventory().readFile(path);
    },
    'inventory.import': ({ text }) => inventory().import(text),
    'inventory.read': ({ design, text, target, server, host, credentialId }) => inventory().read({ design, text, target, server, ...(host ? { host } : {}), ...(credentialId ? { credentialId } : {}) }),
  };
}

export const SAVE_EXTENSIONS: Readonly<Record<SaveFormat, string>> = {
  design: DESIGN_EXTENSION,
  pdf: '.pdf',
  ps1: '.ps1',
  md: '.md',
  json: '.json',
  /** The Ansible project: a folder, delivered as one zip file. */
  ansible: '.zip',
};

/** A safe file name for `suggestedName` with the format's extension ("Seed lab: v2" → "Seed lab- v2.extopo.json"). */
export function fileNameFor(suggestedName: string, format: SaveFormat): string {
  const extension = SAVE_EXTENSIONS[format];
  let stem = suggestedName;
  for (const ext of [extension, ...Object.values(SAVE_EXTENSIONS)]) {
    if (stem.toLowerCase().endsWith(ext)) {
      stem = stem.slice(0, -ext.length);
      break;
    }
  }
  stem = [...stem]
    .map((ch) => (ch.charCodeAt(0) < 0x20 || '<>:"/\\|?*'.includes(ch) ? '-' : ch))
    .join('')
    .replace(/^[\s.]+|[\s.]+$/g, '')
    .slice(0, 120);
  if (!stem || /^(con|prn|aux|nul|com\d|lpt\d)$/i.test(stem)) stem = stem ? `${stem}-design` : 'design';
  return `${stem}${extension}`;
}

/** The browser host's dialogs: no native open dialog; "save as" is a file in the documents folder. */
export function documentsFolderDialogs(documentsDir: string): DialogPort {
  return {
    openDesign: async () => null,
    saveAs: async (suggestedName, format) => join(documentsDir, fileNameFor(suggestedName, format)),
  };
}

export interface BrowserServiceOptions {
  readonly documentsDir: string;
  readonly version: string;
  readonly exportRunbook?: ExportRunbook;
  /** Receives the 'run' events of the runs this host executes (the host forwards them to its SSE stream). */
  readonly onRunEvent?: (event: RunStreamEvent) => void;
  /** The transport for real hosts (tests); default PowerShell remoting. */
  readonly createHostTransport?: () => HostTransport;
  /** Pace of rehearsals (ms per simulated script) when a request does not say. */
  readonly labStepMs?: number;
  /** Where runs are kept; default: the runs folder in ExTopo's data folder (dataDir.ts; $EXTOPO_DATA_DIR moves it). */
  readonly runsDir?: string;
}

/** The browser host's runs folder: in ExTopo's data folder, never in the documents folder or the current one. */
export function browserRunsDir(): string {
  return defaultRunsDir();
}

export interface BrowserServiceSet {
  readonly registry: ServiceRegistry;
  readonly runs: RunService;
  readonly credentials: CredentialService;
}

/**
 * The services of the browser host: designs, recents and autosaves inside one documents folder (the last two in
 * ".extopo"); runs in ExTopo's data folder, shared with `extopo rehearse`. Credentials stay in memory: the browser
 * host has no OS keychain, so "remember" is refused.
 */
export function createBrowserServiceSet(options: BrowserServiceOptions): BrowserServiceSet {
  const access = new PathAccess({ roots: [options.documentsDir], allowGrants: false });
  const recents = new RecentFiles(jsonFileListStore(join(options.documentsDir, '.extopo', 'recent.json')));
  const credentials = new CredentialService(new CredentialStore(null), { noVaultMessage: BROWSER_REMEMBER_REFUSAL });
  const runs = new RunService({
    runsDir: options.runsDir ?? browserRunsDir(),
    credentials,
    emit: (event) => options.onRunEvent?.(event),
    ...(options.createHostTransport ? { createHostTransport: options.createHostTransport } : {}),
    ...(options.labStepMs !== undefined ? { labStepMs: options.labStepMs } : {}),
  });
  const registry = createServiceRegistry({
    shell: 'browser',
    version: options.version,
    platform: process.platform,
    access,
    documents: new DocumentService(access, recents),
    autosave: new AutosaveStore(join(options.documentsDir, '.extopo', 'autosave')),
    templates: new TemplateService(),
    dialogs: documentsFolderDialogs(options.documentsDir),
    runs,
    credentials,
    inventory: new InventoryService({ credentials, runs, ...(options.createHostTransport ? { createHostTransport: options.createHostTransport } : {}) }),
    ...(options.exportRunbook ? { exportRunbook: options.exportRunbook } : {}),
  });
  return { registry, runs, credentials };
}

/** The browser host's service registry (see createBrowserServiceSet). */
export function createBrowserServices(options: BrowserServiceOptions): ServiceRegistry {
  return createBrowserServiceSet(options).registry;
}

export { ServiceError };
