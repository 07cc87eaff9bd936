// startBrowserHost: the browser host with the default services for a documents folder. Used by `extopo serve`,
// by `npm start` when the Electron binary is missing, and by the tests.
import { mkdirSync } from 'node:fs';
import { cleanStaleTempFiles } from '../files/atomicWrite';
import { fileURLToPath } from 'node:url';
import type { ServiceRegistry } from '../ipc/registry';
import { defaultDocumentsDir, readPackageVersion } from '../services/appInfo';
import { createBrowserServiceSet } from '../services';
import type { ExportRunbook } from '../services';
import type { HostTransport, RunService } from '../services/runs';
import { startHttpHost } from './server';
import type { BrowserHost } from './server';

export type { BrowserHost } from './server';
export { TOKEN_HEADER } from './server';

/** The built renderer of this checkout (scripts/build.mjs writes it). */
export const DEFAULT_RENDERER_DIR = fileURLToPath(new URL('../../out/renderer', import.meta.url));
const PACKAGE_JSON = fileURLToPath(new URL('../../package.json', import.meta.url));

export interface StartBrowserHostOptions {
  readonly port?: number;
  readonly rendererDir?: string;
  /** Where designs are listed and saved (created if missing); default ~/Documents/ExTopo. */
  readonly documentsDir?: string;
  /** Replaces the default services (tests). */
  readonly services?: ServiceRegistry;
  readonly exportRunbook?: ExportRunbook;
  readonly maxBodyBytes?: number;
  /** Pace of rehearsals started from the page (ms per simulated script). */
  readonly labStepMs?: number;
  /** The transport for real hosts (tests); default PowerShell remoting. */
  readonly createHostTransport?: () => HostTransport;
}

export async function startBrowserHost(options: StartBrowserHostOptions = {}): Promise<BrowserHost> {
  const documentsDir = options.documentsDir ?? defaultDocumentsDir();
  if (!options.services) {
    mkdirSync(documentsDir, { recursive: true });
    // Temp files of saves a kill interrupted (hidden, up to a design's size each): ours only, stale only.
    await cleanStaleTempFiles(documentsDir);
  }
  // Run events go to the page's Server-Sent Events stream once the host is listening.
  let broadcast: BrowserHost['broadcast'] | null = null;
  let runs: RunService | null = null;
  let services = options.services;
  if (!services) {
    const set = createBrowserServiceSet({
      documentsDir,
      version: readPackageVersion(PACKAGE_JSON),
      onRunEvent: (event) => broadcast?.('run', event),
      ...(options.exportRunbook ? { exportRunbook: options.exportRunbook } : {}),
      ...(options.labStepMs !== undefined ? { labStepMs: options.labStepMs } : {}),
      ...(options.createHostTransport ? { createHostTransport: options.createHostTransport } : {}),
    });
    services = set.registry;
    runs = set.runs;
  }
  const host = await startHttpHost({
    port: options.port ?? 0,
    rendererDir: options.rendererDir ?? DEFAULT_RENDERER_DIR,
    services,
    ...(options.maxBodyBytes ? { maxBodyBytes: options.maxBodyBytes } : {}),
  });
  broadcast = host.broadcast;
  return {
    ...host,
    // Running steps finish and every run stays resumable before the host goes away.
    close: async () => {
      await runs?.close();
      await host.close();
    },
  };
}
