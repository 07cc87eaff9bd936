// Runs belong to their design, end to end in Chromium against the browser host: design A (the seed lab, saved) is
// rehearsed with a fault and fails; design B — a new seed lab, the same server names — shows none of A's run: no run
// in its Runs panel, no Retry or Resume, no step badges on its servers (A's run can be listed read-only on request);
// back on A, its run is there with Resume, and resumes to a green end.
import '../setup/data-dir';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { newFromTemplate, openDesigner } from './harness';
import { SCREENSHOTS, useHarness } from './suite';

const harness = useHarness();

async function waitForToast(page: Page, text: RegExp): Promise<void> {
  await page.getByTestId('toast').filter({ hasText: text }).first().waitFor();
}

describe('runs belong to their design', () => {
  it("a failed rehearsal of design A does not leak into design B (same server names); back on A it resumes", async () => {
    const page = await openDesigner(harness());
    await newFromTemplate(page, 'seed-lab');
    await page.keyboard.press('Control+s');
    await page.getByTestId('save-as-name').fill('design-a');
    await page.getByTestId('save-as-confirm').click();
    await waitForToast(page, /Saved design-a\.extopo\.json/);

    // A: a rehearsal that stops on a fault, with its failed step on EX3's card.
    await page.getByTestId('tab-runs').click();
    await page.getByTestId('runs-panel').waitFor();
    await page.getByTestId('run-rehearse').click();
    await page.getByTestId('run-faults').fill('fail:setup.exchange.srv-ex3:1');
    await page.getByTestId('run-pace').selectOption({ label: 'Fast' });
    await page.getByTestId('run-start').click();
    await page.locator('[data-testid="run-view"][data-status="failed"]').waitFor({ timeout: 60_000 });
    const runId = (await page.getByTestId('run-view').getAttribute('data-run')) ?? '';
    await expect.poll(() => page.locator('[data-testid="server-run"][data-state="failed"]').count()).toBe(1);
    await expect.poll(() => page.locator(`[data-testid="run-history-item"][data-run="${runId}"]`).getAttribute('data-status')).toBe('failed');

    // B: a new seed lab — the same EX2, EX3, EX4 — shows nothing of A's run.
    await newFromTemplate(page, 'seed-lab');
    await page.getByTestId('tab-runs').click();
    await page.getByTestId('runs-panel').waitFor();
    await expect.poll(() => page.locator('[data-testid="server-card"]').count()).toBe(3);
    await expect.poll(() => page.getByTestId('run-history-item').count()).toBe(0);
    await expect(page.getByTestId('run-view').count()).resolves.toBe(0);
    await expect(page.getByTestId('server-run').count()).resolves.toBe(0);
    await expect(page.getByTestId('run-resume').count()).resolves.toBe(0);
    await expect(page.getByTestId('run-retry').count()).resolves.toBe(0);

    // On request, A's run is listed read-only: its journal opens with no Retry and no badges on B's servers.
    await page.getByTestId('run-show-others').check();
    const other = page.locator(`[data-testid="run-other-item"][data-run="${runId}"]`);
    await other.waitFor();
    await expect(other.textContent()).resolves.toContain('design-a.extopo.json');
    await expect(other.getByTestId('run-resume').count()).resolves.toBe(0);
    await other.getByTestId('run-open').click();
    await page.getByTestId('run-other-design').waitFor();
    await expect(page.getByTestId('run-other-design').textContent()).resolves.toMatch(/Read-only: this run belongs to the design “Seed lab: CAS array with Windows NLB” \(.*design-a\.extopo\.json\)/);
    await expect(page.getByTestId('run-retry').count()).resolves.toBe(0);
    await expect(page.getByTestId('server-run').count()).resolves.toBe(0);
    await page.screenshot({ path: `${SCREENSHOTS}run-other-design.png` });
    await page.getByTestId('run-show-others').uncheck();

    // Back to A: its run is there with Resume; resumed, it ends green and its cards show their steps done.
    await page.getByTestId('btn-open').click();
    await page.locator('[data-testid="open-file"][data-name="design-a.extopo.json"]').click();
    await expect.poll(() => page.getByTestId('file-name').textContent()).toBe('design-a.extopo.json');
    await expect(page.getByTestId('run-view').count()).resolves.toBe(0);
    const item = page.locator(`[data-testid="run-history-item"][data-run="${runId}"]`);
    await item.waitFor();
    await expect(item.getAttribute('data-status')).resolves.toBe('failed');
    await item.getByTestId('run-resume').click();
    // (A resume runs at the app's watchable pace.)
    await page.locator(`[data-testid="run-view"][data-run="${runId}"][data-status="succeeded"]`).waitFor({ timeout: 120_000 });
    await expect.poll(() => page.locator('[data-testid="server-run"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-state')))).toEqual(['done', 'done', 'done']);
    await page.close();
  }, 180_000);
});
