// Issue 16 in the designer, in Chromium against the browser host: File ▸ Import of a hand-written inventory (the
// browser's file picker; the unsaved-changes question first), the imported organization on the canvas with the
// import's notes; the Drift view against a changed inventory (rows, count on the tab, a row selecting its objects),
// "No drift"; an inventory dragged onto the window. Screenshots (1440×900) in test-results/.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { newFromTemplate, node, openDesigner } from './harness';
import { axeCheck, describeViolations, openDesignerForAxe } from './axe';
import { SCREENSHOTS, useHarness } from './suite';
import { PWSH } from '../support/pwsh';

const harness = useHarness();
const FIXTURES = fileURLToPath(new URL('../fixtures/inventory/', import.meta.url));
const BASE = join(FIXTURES, 'fabrikam-inventory.json');
const CHANGED = join(FIXTURES, 'fabrikam-inventory-changed.json');

/** Clicks `button` and gives the browser's file picker `file`. */
async function pick(page: Page, testId: string, file: string): Promise<void> {
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByTestId(testId).click()]);
  await chooser.setFiles(file);
}

const serverNames = (page: Page) => page.locator('[data-testid="server-card"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-name')));

describe('inventory import and drift', () => {
  it('imports an inventory as a new design, shows the drift against a changed one, and selects a row’s objects', { timeout: 300_000 }, async () => {
    const page = await openDesigner(harness(), { width: 1440, height: 900 });
    await newFromTemplate(page, 'minimal-ha');
    // An unsaved edit (the design's title): the import asks before it replaces the open design.
    await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
    await page.getByTestId('doc-title').fill('Minimal HA, edited');
    await page.getByTestId('doc-title').press('Enter');
    await page.getByTestId('dirty-dot').waitFor();

    // File ▸ Import asks about the unsaved changes first (Save / Discard / Cancel); Discard goes on to the picker.
    await page.getByTestId('btn-import-inventory').click();
    await page.getByTestId('unsaved-dialog').waitFor();
    await pick(page, 'unsaved-discard', BASE);

    // The notes: what the import could not map, the summary and the planner's counts.
    const notes = page.getByTestId('inventory-notes');
    await notes.waitFor();
    expect(await page.getByTestId('inventory-summary').textContent()).toBe(
      'Imported 4 servers, 1 DAG, 2 databases, 1 CAS array, 1 NLB cluster from fabrikam-inventory.json as a new design, every object marked existing. It is not saved yet.',
    );
    expect(await page.getByTestId('inventory-note').allTextContents()).toEqual(expect.arrayContaining(['The inventory could not read Exchange certificates of FAB-CAS2: Access is denied.']));
    await page.screenshot({ path: join(SCREENSHOTS, 'inventory-import-notes.png') });
    await page.getByTestId('inventory-notes-close').click();
    await notes.waitFor({ state: 'detached' });

    // The organization on the canvas: a new, untitled and unsaved design; its findings in the Problems tab.
    await expect.poll(() => serverNames(page)).toEqual(['FAB-CAS1', 'FAB-CAS2', 'FAB-MB1', 'FAB-MB2']);
    expect(await page.getByTestId('file-name').textContent()).toContain('Fabrikam (inventory on 2025-03-14)');
    await page.getByTestId('dirty-dot').waitFor();
    expect(await page.getByTestId('count-error').textContent()).toBe('0');
    expect(await page.getByRole('tab', { name: /Problems/ }).getAttribute('aria-selected')).toBe('true');
    await page.screenshot({ path: join(SCREENSHOTS, 'inventory-imported.png') });

    // Drift: nothing chosen yet, then the changed inventory.
    await page.getByTestId('tab-drift').click();
    await page.getByTestId('drift-empty').waitFor();
    await pick(page, 'drift-choose-file', CHANGED);
    await page.getByTestId('drift-table').waitFor();
    expect(await page.getByTestId('count-drift').textContent()).toBe('4');
    const rows = page.getByTestId('drift-row');
    expect(await rows.evaluateAll((els) => els.map((e) => `${e.getAttribute('data-kind')}:${e.getAttribute('data-object')}`))).toEqual([
      'extra:server',
      'missing:nlbCluster',
      'different:dag',
      'missing:copy',
    ]);
    const dagRow = rows.filter({ hasText: 'witness directory' });
    expect(await dagRow.textContent()).toContain('C:\\FABDAG1');
    expect(await dagRow.textContent()).toContain('C:\\Witness\\FABDAG1');
    // The runbook steps that close a gap, by title.
    expect(await rows.filter({ hasText: 'copy of FAB-DB2 on FAB-MB1' }).locator('.drift-steps li').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('drift-summary').textContent()).toMatch(/^4 differences between this design and fabrikam-inventory-changed\.json/);
    await page.screenshot({ path: join(SCREENSHOTS, 'inventory-drift.png') });

    // A row selects its objects on the canvas: the NLB cluster and the node it lacks.
    await rows.filter({ hasText: 'NLB cluster outlook.fabrikam.local' }).getByTestId('drift-select').click();
    await expect.poll(() => node(page, 'nlb-outlook.fabrikam.local').getAttribute('class')).toContain('selected');
    await expect.poll(() => node(page, 'srv-fab-cas2').getAttribute('class')).toContain('selected');
    expect(await node(page, 'srv-fab-cas1').getAttribute('class')).not.toContain('selected');
    // An extra server is not in the design: nothing to select.
    expect(await rows.filter({ hasText: 'server FAB-MB3' }).getByTestId('drift-select').count()).toBe(0);
    await page.screenshot({ path: join(SCREENSHOTS, 'inventory-drift-selected.png') });

    // The inventory the design came from: no drift.
    await pick(page, 'drift-choose-file', BASE);
    await page.getByTestId('no-drift').waitFor();
    expect(await page.getByTestId('count-drift').textContent()).toBe('0');
    expect(await page.getByTestId('drift-summary').textContent()).toContain('The organization has what the design says.');

    // Read inventory from…: the server picker; with pwsh, the script runs in the lab of this (imported) design and
    // the result is compared with it - the lab deploys what is marked existing, which a CAS array cannot be.
    await page.getByTestId('drift-read').click();
    await page.getByTestId('inventory-read').waitFor();
    expect(await page.getByTestId('inventory-server').locator('option').allTextContents()).toEqual(['FAB-CAS1 (CAS, HT)', 'FAB-CAS2 (CAS, HT)', 'FAB-MB1 (MB)', 'FAB-MB2 (MB)']);
    await page.getByTestId('inventory-target-hosts').check();
    await page.screenshot({ path: join(SCREENSHOTS, 'inventory-read-dialog.png') });
    await page.getByTestId('inventory-target-lab').check();
    if (PWSH !== null) {
      await page.getByTestId('inventory-read-start').click();
      await page.getByTestId('inventory-read-result').waitFor({ timeout: 180_000 });
      expect(await page.getByTestId('inventory-read-result').textContent()).toContain('Read 4 servers, 1 DAG, 2 databases, 0 CAS arrays, 1 NLB cluster from FAB-CAS1 in a new lab of this design');
      await page.screenshot({ path: join(SCREENSHOTS, 'inventory-read-result.png') });
      await page.getByTestId('inventory-read-drift').click();
      await page.getByTestId('inventory-read').waitFor({ state: 'detached' });
      await expect.poll(() => page.getByTestId('drift-row').evaluateAll((els) => els.map((e) => `${e.getAttribute('data-kind')}:${e.getAttribute('data-object')}`))).toEqual(['missing:casArray']);
    } else {
      await page.getByRole('button', { name: 'Cancel' }).click();
    }

    // Drag-in: the changed inventory dropped on the canvas is imported too (after the unsaved-changes question).
    const changedText = (await import('node:fs')).readFileSync(CHANGED, 'utf8');
    const dataTransfer = await page.evaluateHandle((text) => {
      const dt = new DataTransfer();
      dt.items.add(new File([text], 'dropped-inventory.json', { type: 'application/json' }));
      return dt;
    }, changedText);
    await page.dispatchEvent('.react-flow__pane', 'dragover', { dataTransfer });
    await page.dispatchEvent('.react-flow__pane', 'drop', { dataTransfer });
    await page.getByTestId('inventory-confirm').waitFor();
    await page.getByTestId('inventory-confirm-import').click();
    await page.getByTestId('inventory-notes').waitFor();
    expect(await page.getByTestId('inventory-summary').textContent()).toContain('from dropped-inventory.json');
    await page.getByTestId('inventory-notes-close').click();
    await expect.poll(() => serverNames(page)).toEqual(['FAB-CAS1', 'FAB-CAS2', 'FAB-MB1', 'FAB-MB2', 'FAB-MB3']);
    // A new document: the Drift view starts without an inventory.
    await page.getByTestId('tab-drift').click();
    await page.getByTestId('drift-empty').waitFor();
    await page.close();
  });

  it('the import notes, the Drift view and the read dialog have no serious or critical axe violations', { timeout: 300_000 }, async () => {
    const page = await openDesignerForAxe(harness());
    await page.keyboard.press('Escape');
    await page.getByTestId('templates-dialog').waitFor({ state: 'detached' });
    await pick(page, 'btn-import-inventory', BASE);
    await page.getByTestId('inventory-notes').waitFor();
    const found: string[] = [];
    const check = async (what: string, include?: string) => {
      const report = await axeCheck(page, include ? { include } : {});
      if (report.blocking.length > 0) found.push(`${what}:\n${describeViolations(report.blocking)}`);
    };
    await check('import notes dialog', '[data-testid="inventory-notes"]');
    await page.getByTestId('inventory-notes-close').click();
    await page.getByTestId('tab-drift').click();
    await check('drift view, empty', '.bottom-panel');
    await pick(page, 'drift-choose-file', CHANGED);
    await page.getByTestId('drift-table').waitFor();
    await check('drift view with rows', '.bottom-panel');
    await page.getByTestId('drift-read').click();
    await page.getByTestId('inventory-read').waitFor();
    await page.getByTestId('inventory-target-hosts').check();
    await check('read inventory dialog', '[data-testid="inventory-read"]');
    expect(found).toEqual([]);
    await page.close();
  });
});
