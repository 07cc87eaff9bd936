// startBrowserHost: the browser host with the default services for a documents folder. Used by `extopo serve`,
// by `npm start` when the Electron binary is missing, and by the tests.
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ServiceRegistry } from '../ipc/registry';
import { defaultDocumentsDir, readPackageVersion } from '../services/appInfo';
import { createBrowserServices } from '../services';
import type { ExportRunbook } from '../services';
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
}

export async function startBrowserHost(options: StartBrowserHostOptions = {}): Promise<BrowserHost> {
  const documentsDir = options.documentsDir ?? defaultDocumentsDir();
  if (!options.services) mkdirSync(documentsDir, { recursive: true });
  const services =
    options.services ??
    createBrowserServices({
      documentsDir,
      version: readPackageVersion(PACKAGE_JSON),
      ...(options.exportRunbook ? { exportRunbook: options.exportRunbook } : {}),
    });
  return startHttpHost({
    port: options.port ?? 0,
    rendererDir: options.rendererDir ?? DEFAULT_RENDERER_DIR,
    services,
    ...(options.maxBodyBytes ? { maxBodyBytes: options.maxBodyBytes } : {}),
  });
}
