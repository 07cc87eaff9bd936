// The real Electron app under Playwright: builds out/, launches out/main/index.cjs and checks the window (title,
// window.extopo present, no Node in the page, the security switches, window.open blocked). Runs wherever the
// Electron binary is installed; skipped (with the reason) where it is not, e.g. after `npm ci` with ignore-scripts.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ElectronApplication, Page } from 'playwright-core';
import type { ExtopoApi } from '../../shared/ipc/contract';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function electronBinary(): string | null {
  try {
    const path = createRequire(import.meta.url)('electron') as unknown;
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

const binary = electronBinary();
const noDisplay = process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;
const skipReason = !binary
  ? 'the Electron binary is not installed here (node node_modules/electron/install.js fetches it)'
  : noDisplay
    ? 'no display to open a window on (set DISPLAY, e.g. run under xvfb-run)'
    : null;

if (skipReason !== null || !binary) {
  describe('Electron app', () => {
    it.skip(`launches the window — skipped: ${skipReason ?? 'no Electron binary'}`, () => undefined);
  });
} else {
  describe('Electron app', () => {
    let app: ElectronApplication;
    let page: Page;
    let home: string;

    beforeAll(async () => {
      const { buildAll } = (await import(new URL('../../scripts/build.mjs', import.meta.url).href)) as { buildAll: () => Promise<number> };
      await buildAll();
      home = await mkdtemp(join(tmpdir(), 'extopo-e2e-'));
      const { _electron } = await import('playwright-core');
      const rootArgs = process.platform === 'linux' && process.getuid?.() === 0 ? ['--no-sandbox'] : [];
      const env: Record<string, string> = {};
      for (const [key, value] of Object.entries(process.env)) if (value !== undefined && key !== 'ELECTRON_RUN_AS_NODE') env[key] = value;
      app = await _electron.launch({
        executablePath: binary,
        args: [...rootArgs, join(ROOT, 'out/main/index.cjs')],
        cwd: ROOT,
        env: { ...env, HOME: home, XDG_CONFIG_HOME: join(home, '.config') },
        timeout: 60_000,
      });
      page = await app.firstWindow();
      await page.waitForLoadState('domcontentloaded');
    });

    afterAll(async () => {
      await app?.close();
      if (home) await rm(home, { recursive: true, force: true });
    });

    it('opens the ExTopo window', async () => {
      expect(await page.title()).toMatch(/ExTopo/);
      expect(app.windows()).toHaveLength(1);
    });

    it('gives the page window.extopo and no Node', async () => {
      const seen = await page.evaluate(() => ({
        extopo: typeof (window as unknown as { extopo?: unknown }).extopo,
        invoke: typeof (window as unknown as { extopo: ExtopoApi }).extopo.invoke,
        require: typeof (globalThis as { require?: unknown }).require,
        process: typeof (globalThis as { process?: unknown }).process,
      }));
      expect(seen).toEqual({ extopo: 'object', invoke: 'function', require: 'undefined', process: 'undefined' });
    });

    it('answers contract calls and refuses others', async () => {
      const info = await page.evaluate(() => (window as unknown as { extopo: ExtopoApi }).extopo.invoke('app.info', {}));
      expect(info.shell).toBe('electron');
      const refused = await page.evaluate(() =>
        (window as unknown as { extopo: ExtopoApi }).extopo.invoke('shell.openExternal' as never, {} as never).then(
          () => 'accepted',
          (error: Error) => error.message,
        ),
      );
      expect(refused).toMatch(/Unknown channel/);
    });

    it('blocks new windows', async () => {
      expect(await page.evaluate(() => window.open('https://example.com/') === null)).toBe(true);
      expect(app.windows()).toHaveLength(1);
    });
  });
}
