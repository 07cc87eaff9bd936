// The grids and files end to end, in Chromium against the browser host: the database copy matrix of a DAG (arrow
// keys, Space, Enter into a cell, a refused value, undo), the servers grid (typing, a block pasted from a spreadsheet
// as one undo step, a refused paste), opening a design from anywhere (the file picker, a file dropped on the window)
// and the unsaved-changes dialog (Cancel, Discard, Save with a name first). Each screen is checked with axe and
// captured at 1440×900 and 1280×720 (test-results/).
import '../setup/data-dir';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { axeCheck, describeViolations, openDesignerForAxe } from './axe';
import { newFromTemplate, node } from './harness';
import { SCREENSHOTS, useHarness } from './suite';

const harness = useHarness();
const VIEWPORTS = [
  { width: 1440, height: 900 },
  { width: 1280, height: 720 },
] as const;
const EXAMPLES = new URL('../../examples/', import.meta.url).pathname;

async function expectAxeClean(page: Page, include?: string): Promise<void> {
  const report = await axeCheck(page, include ? { include } : {});
  expect(describeViolations(report.blocking), 'serious or critical axe violations').toBe('');
}

async function screenshots(page: Page, name: string, show?: Locator): Promise<void> {
  for (const viewport of VIEWPORTS) {
    await page.setViewportSize(viewport);
    await page.waitForTimeout(250);
    await show?.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SCREENSHOTS, `${name}-${viewport.width}x${viewport.height}.png`) });
  }
  await page.setViewportSize(VIEWPORTS[0]);
}

/** The focused element's data-testid and its row / column attributes. */
async function focused(page: Page): Promise<{ testId: string | null; database: string | null; server: string | null; column: string | null; row: string | null }> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return {
      testId: el?.getAttribute('data-testid') ?? null,
      database: el?.getAttribute('data-database') ?? null,
      server: el?.getAttribute('data-server') ?? null,
      column: el?.getAttribute('data-column') ?? null,
      row: el?.getAttribute('data-row') ?? null,
    };
  });
}

/** Pastes text the way a spreadsheet's copy reaches the page: a paste event carrying text/plain, at the focused element. */
async function pasteText(page: Page, text: string): Promise<void> {
  await page.evaluate((t) => {
    const data = new DataTransfer();
    data.setData('text/plain', t);
    (document.activeElement ?? document.body).dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, text);
}

function cell(page: Page, server: string, column: string) {
  return page.locator(`[data-testid="servers-grid-row"][data-server="${server}"] [data-testid="servers-grid-cell"][data-column="${column}"]`);
}

describe('grids and files', () => {
  it('edits database copies in the DAG’s copy matrix with the keyboard; a refused value says why; undo takes it back', async () => {
    const page = await openDesignerForAxe(harness());
    await newFromTemplate(page, 'minimal-ha');
    await node(page, 'dag-1').click({ position: { x: 12, y: 8 } });
    await page.getByTestId('inspector-dag').waitFor();
    const matrix = page.getByTestId('copy-matrix');
    await matrix.waitFor();
    // A row per database, a column per DAG member.
    await expect(matrix.locator('thead th').allTextContents()).resolves.toEqual(['Database', 'MB1', 'MB2']);
    const rows = await page.getByTestId('copy-row').evaluateAll((els) => els.map((e) => e.getAttribute('data-database')));
    expect(rows.length).toBeGreaterThan(0);
    const db = rows[0] ?? '';
    await screenshots(page, 'copy-matrix', matrix);
    await expectAxeClean(page, '[data-testid="inspector"]');

    // One tab stop: the first cell; the arrow keys move between cells.
    const first = page.locator(`[data-testid="copy-cell"][data-database="${db}"][data-server="MB1"]`);
    await first.focus();
    await page.keyboard.press('ArrowRight');
    await expect(focused(page)).resolves.toMatchObject({ testId: 'copy-cell', database: db, server: 'MB2' });
    await page.keyboard.press('ArrowLeft');
    await expect(focused(page)).resolves.toMatchObject({ server: 'MB1' });

    // Enter goes into the cell: the activation preference of MB1's copy moves to 2 (MB2's becomes 1).
    const mb2 = page.locator(`[data-testid="copy-cell"][data-database="${db}"][data-server="MB2"]`);
    await expect(mb2.getAttribute('data-copy')).resolves.toBe('yes');
    await page.keyboard.press('Enter');
    await expect(focused(page)).resolves.toMatchObject({ testId: 'copy-toggle' });
    await page.keyboard.press('Tab');
    await expect(focused(page)).resolves.toMatchObject({ testId: 'copy-preference' });
    await page.keyboard.press('Control+A');
    await page.keyboard.type('2');
    await page.keyboard.press('Enter');
    await expect(focused(page)).resolves.toMatchObject({ testId: 'copy-cell', server: 'MB1' });
    await expect(first.getByTestId('copy-preference').inputValue()).resolves.toBe('2');
    await expect(mb2.getByTestId('copy-preference').inputValue()).resolves.toBe('1');

    // A replay lag over the file format's 365 days is refused with the edit's reason; nothing changes.
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await expect(focused(page)).resolves.toMatchObject({ testId: 'copy-replay-lag' });
    await page.keyboard.press('Control+A');
    await page.keyboard.type('400');
    await page.keyboard.press('Enter');
    const message = page.getByTestId('copy-matrix-message');
    await expect(message.textContent()).resolves.toBe(`Replay lag of ${db} on MB1: from 0 to 365 days.`);
    await expect(first.getByTestId('copy-replay-lag').getAttribute('aria-invalid')).resolves.toBe('true');
    // A lag the format accepts: the copy shows its activation blocked (the runbook suspends lagged copies).
    await page.keyboard.press('Control+A');
    await page.keyboard.type('3');
    await page.keyboard.press('Enter');
    await first.getByTestId('copy-blocked').waitFor();
    await expect(page.getByTestId('copy-matrix-message').count()).resolves.toBe(0);

    // Space on a cell removes the copy (and the preferences close up); undo brings it back.
    await expect(focused(page)).resolves.toMatchObject({ testId: 'copy-cell', server: 'MB1' });
    await page.keyboard.press('Space');
    await expect.poll(() => first.getAttribute('data-copy')).toBe('no');
    await expect(mb2.getByTestId('copy-preference').inputValue()).resolves.toBe('1');
    // The last copy stays: removing it is refused with the reason.
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Space');
    await expect(page.getByTestId('copy-matrix-message').textContent()).resolves.toMatch(/needs at least one copy/);
    await expect(mb2.getAttribute('data-copy')).resolves.toBe('yes');
    await page.getByTestId('btn-undo').click();
    await expect.poll(() => first.getAttribute('data-copy')).toBe('yes');
    await expect(first.getByTestId('copy-replay-lag').inputValue()).resolves.toBe('3');
    await expectAxeClean(page, '[data-testid="inspector"]');
    await page.context().close();
  });

  it('edits servers like a spreadsheet: typed cells, a pasted block as one undo step, a refused paste', async () => {
    const page = await openDesignerForAxe(harness());
    await newFromTemplate(page, 'seed-lab');
    await page.getByTestId('tab-servers').click();
    const grid = page.getByTestId('servers-grid');
    await grid.waitFor();
    await expect(page.getByTestId('servers-grid-row').evaluateAll((els) => els.map((e) => e.getAttribute('data-server')))).resolves.toEqual(['EX2', 'EX3', 'EX4']);
    await expect(cell(page, 'EX3', 'ips').textContent()).resolves.toBe('192.168.0.34, 192.168.0.36');
    await expect(cell(page, 'EX3', 'roles').textContent()).resolves.toBe('CAS, HT');
    await screenshots(page, 'servers-grid');
    await expectAxeClean(page, '.bottom-panel');

    // Click a cell, type: the editor opens with the key; Enter commits and moves down.
    await cell(page, 'EX2', 'cores').click();
    await page.keyboard.type('8');
    await expect(page.getByTestId('servers-grid-editor').inputValue()).resolves.toBe('8');
    await page.keyboard.press('Enter');
    await expect(cell(page, 'EX2', 'cores').textContent()).resolves.toBe('8');
    await expect(focused(page)).resolves.toMatchObject({ testId: 'servers-grid-cell', column: 'cores', row: '1' });
    // Arrow keys move; F2 edits the cell's text; Tab commits and moves right.
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    await expect(focused(page)).resolves.toMatchObject({ column: 'site', row: '1' });
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('F2');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('mailbox, hub');
    await page.keyboard.press('Tab');
    await expect(cell(page, 'EX3', 'roles').textContent()).resolves.toBe('MB, HT');
    await expect(focused(page)).resolves.toMatchObject({ column: 'site', row: '1' });
    await page.getByTestId('btn-undo').click();
    await expect(cell(page, 'EX3', 'roles').textContent()).resolves.toBe('CAS, HT');

    // A typed value the design refuses stays in its cell with the reason.
    await cell(page, 'EX4', 'ram').click();
    await page.keyboard.type('lots');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('servers-grid-message').textContent()).resolves.toBe('Not applied: EX4, RAM (GB): “lots” is not a number of GB.');
    await expect(page.getByTestId('servers-grid-editor').getAttribute('aria-invalid')).resolves.toBe('true');
    await page.keyboard.press('Escape');
    await expect(cell(page, 'EX4', 'ram').textContent()).resolves.toBe('8');

    // Rows copied from a spreadsheet (cores, RAM, NICs, addresses of EX3 and EX4), pasted at EX3's cores.
    await cell(page, 'EX3', 'cores').click();
    await pasteText(page, '6\t24\tLAN, NLB\t192.168.0.44, 192.168.0.46\r\n6\t24 GB\tLAN, NLB\t192.168.0.45 192.168.0.47\r\n');
    await expect(page.getByTestId('servers-grid-message').textContent()).resolves.toMatch(/^Pasted 8 cells into 2 servers\./);
    for (const [server, ips] of [
      ['EX3', '192.168.0.44, 192.168.0.46'],
      ['EX4', '192.168.0.45, 192.168.0.47'],
    ]) {
      await expect(cell(page, server, 'cores').textContent()).resolves.toBe('6');
      await expect(cell(page, server, 'ram').textContent()).resolves.toBe('24');
      await expect(cell(page, server, 'nics').textContent()).resolves.toBe('LAN, NLB');
      await expect(cell(page, server, 'ips').textContent()).resolves.toBe(ips);
    }
    // The canvas shows the new addresses too (the same design).
    await expect(page.locator('.react-flow').textContent()).resolves.toContain('192.168.0.44');
    await screenshots(page, 'servers-grid-pasted');
    // One undo takes the whole paste back.
    await page.getByTestId('btn-undo').click();
    await expect(cell(page, 'EX3', 'ips').textContent()).resolves.toBe('192.168.0.34, 192.168.0.36');
    await expect(cell(page, 'EX4', 'ram').textContent()).resolves.toBe('8');

    // A paste with one bad cell is refused whole, with the reason; rows past the last server are said to be left out.
    await cell(page, 'EX2', 'cores').click();
    await pasteText(page, '4\t16\n4\t-2\n');
    await expect(page.getByTestId('servers-grid-message').textContent()).resolves.toMatch(/^Not applied: EX3, RAM \(GB\): /);
    await expect(cell(page, 'EX2', 'cores').textContent()).resolves.toBe('8');
    await cell(page, 'EX4', 'name').click();
    await pasteText(page, 'EX5\nEX6\n');
    await expect(page.getByTestId('servers-grid-message').textContent()).resolves.toMatch(/Left out: 1 row past the last server/);
    await expect(cell(page, 'EX5', 'name').textContent()).resolves.toBe('EX5');
    await expectAxeClean(page, '.bottom-panel');
    await page.context().close();
  });

  it('opens designs from anywhere and asks before losing unsaved changes (Cancel, Discard, Save with a name first)', async () => {
    const page = await openDesignerForAxe(harness());
    await newFromTemplate(page, 'seed-lab');
    const rename = async (name: string) => {
      await node(page, 'srv-ex2').click();
      await page.getByTestId('server-name').fill(name);
      await page.getByTestId('server-name').press('Enter');
      await page.getByTestId('dirty-dot').waitFor();
    };
    await rename('EXMBX');

    // New with unsaved changes: the dialog takes the focus (on Save); Cancel (or Escape) keeps the design as it is.
    await page.getByTestId('btn-new').click();
    const dialog = page.getByTestId('unsaved-dialog');
    await dialog.waitFor();
    await expect(dialog.textContent()).resolves.toMatch(/has changes that are not saved\. Save them before starting a new design\?/);
    await expect(focused(page)).resolves.toMatchObject({ testId: 'unsaved-save' });
    await screenshots(page, 'unsaved-dialog');
    await expectAxeClean(page);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await page.getByTestId('btn-new').click();
    await page.getByTestId('unsaved-cancel').click();
    await expect(page.getByTestId('templates-dialog').count()).resolves.toBe(0);
    await expect(node(page, 'srv-ex2').textContent()).resolves.toContain('EXMBX');

    // Open: the file picker (a file from anywhere on this computer).
    await page.getByTestId('btn-open').click();
    await page.getByTestId('unsaved-discard').click();
    await page.getByTestId('open-dialog').waitFor();
    await expectAxeClean(page);
    await screenshots(page, 'open-dialog');
    await page.getByTestId('open-file-input').setInputFiles(join(EXAMPLES, 'minimal-ha.extopo.json'));
    await expect.poll(() => page.locator('[data-testid="server-card"]').count()).toBe(4);
    await expect(page.getByTestId('dirty-dot').count()).resolves.toBe(0);

    // A design file dropped on the window opens too (after the same question when there are unsaved changes).
    const seed = readFileSync(join(EXAMPLES, 'seed-lab.extopo.json'), 'utf8');
    const drop = async () =>
      page.evaluate((text) => {
        const data = new DataTransfer();
        data.items.add(new File([text], 'dropped.extopo.json', { type: 'application/json' }));
        const target = document.querySelector('.react-flow__pane') ?? document.body;
        for (const type of ['dragenter', 'dragover', 'drop']) target.dispatchEvent(new DragEvent(type, { dataTransfer: data, bubbles: true, cancelable: true }));
      }, seed);
    await drop();
    await expect.poll(() => page.locator('[data-testid="server-card"]').count()).toBe(3);
    await expect(page.getByTestId('file-drop').count()).resolves.toBe(0);
    await rename('EXMBX');
    await page.getByTestId('btn-open').click();
    await page.getByTestId('unsaved-cancel').click();
    await drop();
    await page.getByTestId('unsaved-dialog').waitFor();
    await page.getByTestId('unsaved-cancel').click();
    await expect(node(page, 'srv-ex2').textContent()).resolves.toContain('EXMBX');

    // Save: a design never saved asks for its name first, is saved, then New goes on to the templates.
    await page.getByTestId('btn-new').click();
    await page.getByTestId('unsaved-save').click();
    await page.getByTestId('save-as-dialog').waitFor();
    await page.getByTestId('save-as-name').fill('kept-before-new');
    await page.getByTestId('save-as-confirm').click();
    await page.getByTestId('templates-dialog').waitFor();
    const saved = JSON.parse(readFileSync(join(harness().documentsDir, 'kept-before-new.extopo.json'), 'utf8'));
    expect(saved.design.servers.map((s: { name: string }) => s.name)).toContain('EXMBX');
    await page.getByTestId('template-minimal-ha').click();
    await expect.poll(() => page.locator('[data-testid="server-card"]').count()).toBe(4);
    await page.context().close();
  });
});
