// Shared set-up of the designer's end-to-end tests and the UI bench: the renderer built into a temporary folder,
// the browser host on a temporary documents folder, Chromium (found by test/support/chromium.ts: EXTOPO_CHROMIUM,
// the usual install paths, PATH, Playwright's browsers) driven by playwright-core, and the gestures React Flow needs
// (palette drops, handle-to-handle wires, node drags).
//
// Without a Chromium, under vitest, startHarness() builds nothing and returns a harness that skips each test touching
// it, with the one-line reason (recorded for the summary at the end of `npm test`); with CI=true or
// EXTOPO_REQUIRE_CHROMIUM=1, and in the bench, it throws that line instead.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, Locator, Page } from 'playwright-core';
import { startBrowserHost } from '../../main/host';
import type { BrowserHost } from '../../main/host';
import { CHROMIUM, CHROMIUM_REQUIRED, CHROMIUM_SKIP_REASON, chromiumPath } from '../support/chromium';
import { recordSkip } from '../support/skips';

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export interface Harness {
  readonly host: BrowserHost;
  readonly browser: Browser;
  readonly documentsDir: string;
  readonly close: () => Promise<void>;
}

/** A harness for a machine without Chromium: every test that touches it is skipped with the reason. */
async function skippingHarness(reason: string): Promise<Harness> {
  const { TestRunner, expect } = await import('vitest');
  const file = expect.getState().testPath;
  if (file) recordSkip({ what: 'Chromium', reason, file });
  const skip = (): never => {
    const test = TestRunner.getCurrentTest();
    if (test) test.context.skip(reason);
    throw new Error(reason);
  };
  return {
    get host(): BrowserHost {
      return skip();
    },
    get browser(): Browser {
      return skip();
    },
    get documentsDir(): string {
      return skip();
    },
    close: async () => undefined,
  };
}

/** Builds the renderer (scripts/build.mjs) into a temporary folder and serves it with the browser host. */
export async function startHarness(): Promise<Harness> {
  if (CHROMIUM === null && !CHROMIUM_REQUIRED && process.env.VITEST) return skippingHarness(CHROMIUM_SKIP_REASON);
  const executablePath = chromiumPath(); // throws the one-line reason when there is none
  const work = await mkdtemp(join(tmpdir(), 'extopo-e2e-'));
  const rendererDir = join(work, 'renderer');
  const documentsDir = join(work, 'documents');
  const buildScript = new URL('../../scripts/build.mjs', import.meta.url).href;
  const build = (await import(/* @vite-ignore */ buildScript)) as { buildRenderer: (o: { outDir: string }) => Promise<string> };
  await build.buildRenderer({ outDir: rendererDir });
  const host = await startBrowserHost({ rendererDir, documentsDir });
  let browser: Browser;
  try {
    browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true });
  } catch (error) {
    await host.close();
    await rm(work, { recursive: true, force: true });
    throw new Error(`Chromium at ${executablePath} did not start: ${(error instanceof Error ? error.message : String(error)).split('\n')[0]}`);
  }
  return {
    host,
    browser,
    documentsDir,
    close: async () => {
      await browser.close();
      await host.close();
      await rm(work, { recursive: true, force: true });
    },
  };
}

export async function openDesigner(h: Harness, viewport = { width: 1600, height: 1000 }): Promise<Page> {
  const page = await h.browser.newPage({ viewport, acceptDownloads: true });
  page.on('pageerror', (e) => {
    throw new Error(`page error: ${e.message}`);
  });
  await page.goto(h.host.url);
  // Start-up ends with the templates gallery, or with the recovery offer when an autosave was left behind.
  await page.locator('[data-testid="templates-dialog"], [data-testid="recover-dialog"]').first().waitFor();
  return page;
}

/** Opens a template from the New gallery (shown on start and by the New button). */
export async function newFromTemplate(page: Page, name: string): Promise<void> {
  if (await page.getByTestId('recover-dialog').isVisible()) await page.getByTestId('recover-dialog').getByRole('button', { name: 'Close' }).click();
  if (!(await page.getByTestId('templates-dialog').isVisible())) {
    await page.getByTestId('btn-new').click();
    // Unsaved changes in the open design: the Save / Discard / Cancel dialog comes first; these tests discard them.
    const unsaved = page.getByTestId('unsaved-dialog');
    const next = await Promise.race([
      unsaved.waitFor().then(() => 'unsaved' as const, () => 'none' as const),
      page.getByTestId('templates-dialog').waitFor().then(() => 'templates' as const, () => 'none' as const),
    ]);
    if (next === 'unsaved') await page.getByTestId('unsaved-discard').click();
  }
  await page.getByTestId(`template-${name}`).click();
  await page.getByTestId('templates-dialog').waitFor({ state: 'detached' });
}

export function node(page: Page, id: string): Locator {
  return page.locator(`.react-flow__node[data-id="${id}"]`);
}

export async function box(l: Locator): Promise<{ x: number; y: number; width: number; height: number }> {
  const b = await l.boundingBox();
  if (!b) throw new Error('element is not visible');
  return b;
}

/** Drags a palette item onto the canvas at a page position (HTML5 drag and drop). */
export async function dropFromPalette(page: Page, kind: string, at: { x: number; y: number }): Promise<void> {
  const pane = page.locator('.react-flow__pane');
  const p = await box(pane);
  await page.getByTestId(`palette-${kind}`).dragTo(pane, { targetPosition: { x: at.x - p.x, y: at.y - p.y } });
}

/** Presses at `from`, nudges (React Flow swallows the first move), moves to `to` in steps and releases. */
export async function drag(page: Page, from: { x: number; y: number }, to: { x: number; y: number }): Promise<void> {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(from.x + 5, from.y + 5);
  await page.mouse.move(to.x, to.y, { steps: 10 });
  await page.mouse.up();
}

/** Wires a node's handle to a point (another node's handle, or a subnet bus). */
export async function wire(page: Page, fromId: string, handle: 'top' | 'bottom', to: { x: number; y: number }): Promise<void> {
  const h = await box(node(page, fromId).locator(`.react-flow__handle-${handle}`).first());
  await drag(page, { x: h.x + h.width / 2, y: h.y + h.height / 2 }, to);
}

export async function handleCenter(page: Page, id: string, handle: 'top' | 'bottom'): Promise<{ x: number; y: number }> {
  const h = await box(node(page, id).locator(`.react-flow__handle-${handle}`).first());
  return { x: h.x + h.width / 2, y: h.y + h.height / 2 };
}

/** Ids of the nodes of a kind, in canvas order. */
export async function nodeIds(page: Page, type: string): Promise<string[]> {
  return page.locator(`.react-flow__node-${type}`).evaluateAll((els) => els.map((e) => e.getAttribute('data-id') ?? ''));
}

export async function findingRules(page: Page): Promise<string[]> {
  await page.getByTestId('tab-problems').click();
  return page.getByTestId('finding').evaluateAll((els) => els.map((e) => `${e.getAttribute('data-severity')}:${e.getAttribute('data-rule')}`));
}

/** A node's absolute canvas position (React Flow writes it into the node's transform). */
export async function flowPosition(page: Page, id: string): Promise<{ x: number; y: number }> {
  const transform = await node(page, id).evaluate((el) => (el as HTMLElement).style.transform);
  const m = /translate\(([-\d.]+)px, ?([-\d.]+)px\)/.exec(transform);
  if (!m) throw new Error(`node ${id} has no position transform: "${transform}"`);
  return { x: Number(m[1]), y: Number(m[2]) };
}
