// Accessibility end to end: axe-core in Chromium on the designer (a template loaded; the inspector of each kind of
// object; each bottom tab; the Export menu open), on every dialog (New design — also with unsaved changes —, Open,
// Save as, the crash-recovery offer, Run setup) and on the run view. No serious or critical WCAG 2.1 A/AA violation
// may remain; moderate and minor ones are printed.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { axeCheck, describeViolations, openDesignerForAxe, summarize } from './axe';
import type { AxeViolation } from './axe';
import { newFromTemplate, node } from './harness';
import { useHarness } from './suite';

const harness = useHarness();
/** Each axe run takes a few seconds; a test runs several. */
const TIMEOUT = 240_000;

/** Checks the page in its current state; collects the blocking violations under a name for one assertion at the end. */
async function check(page: Page, name: string, found: Map<string, readonly AxeViolation[]>, include?: string): Promise<void> {
  const report = await axeCheck(page, include ? { include } : {});
  console.info(`axe ${name}: blocking [${summarize(report.blocking).join(', ')}] · moderate/minor [${summarize(report.other).join(', ')}]`);
  found.set(name, report.blocking);
}

function expectClean(found: Map<string, readonly AxeViolation[]>): void {
  const failing = [...found].filter(([, v]) => v.length > 0);
  expect(failing.map(([name, v]) => `${name}:\n${describeViolations(v)}`).join('\n\n'), 'serious or critical axe violations').toBe('');
}

/** Any autosave files in the documents folder (the recovery offer needs one). */
function hasAutosave(dir: string): boolean {
  return existsSync(dir) && readdirSync(dir, { recursive: true }).some((f) => String(f).endsWith('.json'));
}

describe('accessibility (axe, WCAG 2.1 A and AA)', () => {
  it('the designer with a template loaded: inspectors, bottom tabs, the Export menu', async () => {
    const page = await openDesignerForAxe(harness());
    const found = new Map<string, readonly AxeViolation[]>();
    await newFromTemplate(page, 'minimal-ha');
    await page.waitForTimeout(300);
    await check(page, 'designer (design inspector, problems)', found);
    for (const [id, testId, position] of [
      ['srv-cas1', 'inspector-server', { x: 12, y: 8 }],
      ['nlb-cas', 'inspector-nlb', { x: 60, y: 20 }],
      ['dag-1', 'inspector-dag', { x: 12, y: 8 }],
      ['casarray-hq', 'inspector-casarray', { x: 12, y: 8 }],
      ['subnet-mapi', 'inspector-subnet', { x: 300, y: 14 }],
    ] as const) {
      await node(page, id).click({ position });
      await page.getByTestId(testId).waitFor();
      await check(page, `inspector of ${id}`, found, '[data-testid="inspector"]');
    }
    for (const tab of ['runbook', 'sizing', 'servers', 'runs']) {
      await page.getByTestId(`tab-${tab}`).click();
      await page.waitForTimeout(200);
      await check(page, `bottom tab ${tab}`, found, '.bottom-panel');
    }
    await page.getByTestId('export-menu').click();
    await page.getByRole('menu').waitFor();
    await check(page, 'export menu', found, '.topbar');
    await page.keyboard.press('Escape');
    expectClean(found);
    await page.close();
  }, TIMEOUT);

  it('every dialog: new design (also with unsaved changes), open, save as, recovery, run setup', async () => {
    const found = new Map<string, readonly AxeViolation[]>();
    const page = await openDesignerForAxe(harness());
    await page.getByTestId('templates-dialog').getByTestId('template-seed-lab').waitFor();
    await check(page, 'new design dialog', found);
    await newFromTemplate(page, 'seed-lab');
    // An unsaved edit: New asks first (Save / Discard / Cancel).
    await node(page, 'srv-ex2').click();
    await page.getByTestId('server-name').fill('EXMBX');
    await page.getByTestId('server-name').press('Enter');
    await page.getByTestId('btn-new').click();
    await page.getByTestId('unsaved-dialog').waitFor();
    await check(page, 'unsaved changes dialog', found);
    await page.getByTestId('unsaved-discard').click();
    await page.getByTestId('templates-dialog').waitFor();
    await check(page, 'new design dialog after discarding', found);
    await page.keyboard.press('Escape');
    await page.getByTestId('btn-open').click();
    await page.getByTestId('unsaved-discard').click();
    await page.getByTestId('open-dialog').waitFor();
    await page.waitForTimeout(200);
    await check(page, 'open dialog', found);
    await page.keyboard.press('Escape');
    await page.getByTestId('btn-save-as').click();
    await page.getByTestId('save-as-dialog').waitFor();
    await check(page, 'save as dialog', found);
    await page.getByTestId('save-as-name').fill('bad name!');
    await check(page, 'save as dialog with an invalid name', found);
    await page.keyboard.press('Escape');
    await page.getByTestId('btn-run').click();
    await page.getByTestId('run-setup').waitFor();
    await check(page, 'run setup dialog', found);
    await page.keyboard.press('Escape');
    // The recovery offer: the unsaved edit is autosaved; a fresh page offers it.
    const autosaves = join(harness().documentsDir, '.extopo');
    await expect.poll(() => hasAutosave(autosaves), { timeout: 15_000 }).toBe(true);
    await page.close();
    const again = await openDesignerForAxe(harness());
    await again.getByTestId('recover-dialog').waitFor();
    await check(again, 'recovery dialog', found);
    for (const discard of await again.getByTestId('recover-discard').all()) await discard.click();
    expectClean(found);
    await again.close();
  }, TIMEOUT);

  it('the run view of a rehearsal that stopped on a fault', async () => {
    const found = new Map<string, readonly AxeViolation[]>();
    const page = await openDesignerForAxe(harness());
    await newFromTemplate(page, 'seed-lab');
    await page.getByTestId('tab-runs').click();
    await page.getByTestId('runs-panel').waitFor();
    await check(page, 'runs panel (no run yet)', found);
    await page.getByTestId('run-rehearse').click();
    await page.getByTestId('run-faults').fill('fail:setup.exchange.srv-ex3:1');
    await page.getByTestId('run-pace').selectOption({ label: 'Fast' });
    await page.getByTestId('run-start').click();
    await page.locator('[data-testid="run-view"][data-status="failed"]').waitFor({ timeout: 60_000 });
    await check(page, 'run view (failed run)', found);
    await check(page, 'designer with run badges', found, '[data-testid="canvas"]');
    expectClean(found);
    await page.close();
  }, TIMEOUT);
});
