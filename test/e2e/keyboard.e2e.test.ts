// The designer without a mouse, end to end in Chromium: Tab order (top bar → palette → canvas → inspector → bottom
// panel), the palette as a toolbar (arrow keys; Enter adds at the centre of the view or into the selected AD site or
// DAG), click-to-place with Escape to cancel, dialogs that take the focus, keep it and give it back on Escape, and
// the Export menu with the arrow keys.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { box, newFromTemplate, node, openDesigner } from './harness';
import { useHarness } from './suite';

const harness = useHarness();
const VIEWPORT = { width: 1440, height: 900 };

/** The data-testid of the focused element (or of its closest ancestor that has one) and the landmark it is in. */
async function focused(page: Page): Promise<{ testId: string | null; region: string | null; tag: string }> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    const region = el?.closest('header, nav, main, aside[aria-label], section[aria-label], [role="dialog"]');
    return {
      testId: el?.closest('[data-testid]')?.getAttribute('data-testid') ?? null,
      region: region ? (region.getAttribute('aria-label') ?? document.getElementById(region.getAttribute('aria-labelledby') ?? '')?.textContent ?? region.tagName.toLowerCase()) : null,
      tag: el?.tagName.toLowerCase() ?? '',
    };
  });
}

async function serverNames(page: Page): Promise<string[]> {
  return page.getByTestId('server-card').evaluateAll((els) => els.map((e) => e.getAttribute('data-name') ?? ''));
}

describe('the designer by keyboard', () => {
  it('tabs from the top bar into the palette, moves in it with the arrow keys, then on to the canvas, the inspector and the bottom panel', async () => {
    const page = await openDesigner(harness(), VIEWPORT);
    await newFromTemplate(page, 'seed-lab');
    // The palette is a toolbar: one tab stop after the top bar's last button.
    await page.getByTestId('btn-run').focus();
    await page.keyboard.press('Tab');
    expect(await focused(page)).toMatchObject({ testId: 'palette-cas', region: 'Palette' });
    expect(await page.getByRole('toolbar', { name: 'Add to the design' }).getByRole('button').count()).toBe(12);
    await page.keyboard.press('ArrowDown');
    expect((await focused(page)).testId).toBe('palette-hub');
    await page.keyboard.press('ArrowDown');
    expect((await focused(page)).testId).toBe('palette-mailbox');
    await page.keyboard.press('ArrowUp');
    expect((await focused(page)).testId).toBe('palette-hub');
    await page.keyboard.press('End');
    expect((await focused(page)).testId).toBe('palette-subnet');
    await page.keyboard.press('ArrowDown');
    expect((await focused(page)).testId).toBe('palette-cas');
    await page.keyboard.press('Home');
    expect((await focused(page)).testId).toBe('palette-cas');
    // Only the current item is a tab stop: Tab leaves the palette for the canvas.
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Tab');
    expect((await focused(page)).region).toBe('Design canvas');
    // Shift+Tab comes back to the item last used.
    await page.keyboard.press('Shift+Tab');
    expect((await focused(page)).testId).toBe('palette-hub');
    // Through the canvas, the inspector comes before the bottom panel.
    await page.keyboard.press('Tab');
    const regions: string[] = [];
    for (let i = 0; i < 250 && !regions.includes('Problems, runbook, sizing and runs'); i++) {
      const { region } = await focused(page);
      if (region && regions[regions.length - 1] !== region) regions.push(region);
      await page.keyboard.press('Tab');
    }
    expect(regions).toEqual(['Design canvas', 'Inspector', 'Problems, runbook, sizing and runs']);
    await page.close();
  });

  it('Enter on a palette item adds it at the centre of the view; into the selected AD site or DAG', async () => {
    const page = await openDesigner(harness(), VIEWPORT);
    await newFromTemplate(page, 'blank');
    expect(await serverNames(page)).toEqual([]);
    await page.getByRole('button', { name: 'Client Access', exact: true }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => serverNames(page)).toEqual(['EX1']);
    // The inspector shows the new server, and it sits at the centre of the canvas.
    await page.getByTestId('inspector-server').waitFor();
    await expect(page.getByTestId('server-name').inputValue()).resolves.toBe('EX1');
    const canvas = await box(page.getByTestId('canvas'));
    const card = await box(page.getByTestId('server-card'));
    expect(Math.abs(card.x + card.width / 2 - (canvas.x + canvas.width / 2))).toBeLessThan(card.width);
    expect(Math.abs(card.y + card.height / 2 - (canvas.y + canvas.height / 2))).toBeLessThan(card.height * 1.5);
    // Space adds another beside it, not on top of it.
    await page.getByRole('button', { name: 'Hub Transport', exact: true }).focus();
    await page.keyboard.press('Space');
    await expect.poll(() => serverNames(page)).toEqual(['EX1', 'EX2']);
    const [a, b] = await Promise.all(['EX1', 'EX2'].map((n) => box(page.locator(`[data-testid="server-card"][data-name="${n}"]`))));
    expect(a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y).toBe(true);

    // Into a selected AD site and DAG (minimal HA: site HQ, DAG1 with two members).
    await newFromTemplate(page, 'minimal-ha');
    await node(page, 'dag-1').locator('.group-header').click();
    await page.getByTestId('inspector-dag').waitFor();
    await page.getByTestId('palette-mailbox').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => node(page, 'dag-1').textContent()).toContain('3 members');
    const dag = await box(node(page, 'dag-1'));
    const mb = await box(page.locator('[data-testid="server-card"][data-name="MB3"]'));
    expect(mb.x >= dag.x && mb.x + mb.width <= dag.x + dag.width && mb.y >= dag.y && mb.y + mb.height <= dag.y + dag.height).toBe(true);
    for (const other of ['MB1', 'MB2']) {
      const o = await box(page.locator(`[data-testid="server-card"][data-name="${other}"]`));
      expect(mb.x + mb.width <= o.x || o.x + o.width <= mb.x || mb.y + mb.height <= o.y || o.y + o.height <= mb.y).toBe(true);
    }
    await node(page, 'site-hq').locator('.group-header').click();
    await page.getByTestId('inspector-site').waitFor();
    const before = await serverNames(page);
    await page.getByTestId('palette-cas').focus();
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await serverNames(page)).length).toBe(before.length + 1);
    const added = (await serverNames(page)).find((n) => !before.includes(n)) ?? '';
    await expect(page.getByTestId('server-name').inputValue()).resolves.toBe(added);
    await expect(page.getByTestId('inspector-server').getByRole('combobox', { name: 'AD site' }).inputValue()).resolves.toBe('site-hq');
    const site = await box(node(page, 'site-hq'));
    const cas3 = await box(page.locator(`[data-testid="server-card"][data-name="${added}"]`));
    expect(cas3.x >= site.x && cas3.x + cas3.width <= site.x + site.width && cas3.y >= site.y && cas3.y + cas3.height <= site.y + site.height).toBe(true);
    await page.close();
  });

  it('click-to-place: a click arms the item, a click on the canvas places it; Escape cancels', async () => {
    const page = await openDesigner(harness(), VIEWPORT);
    await newFromTemplate(page, 'blank');
    const pane = await box(page.locator('.react-flow__pane'));
    await page.getByTestId('palette-cas').click();
    await page.getByTestId('placing-hint').waitFor();
    await expect(page.getByTestId('palette-cas').getAttribute('aria-pressed')).resolves.toBe('true');
    const at = { x: pane.x + pane.width * 0.3, y: pane.y + pane.height * 0.6 };
    await page.mouse.click(at.x, at.y);
    await expect.poll(() => serverNames(page)).toEqual(['EX1']);
    const card = await box(page.getByTestId('server-card'));
    expect(Math.abs(card.x + card.width / 2 - at.x)).toBeLessThan(30);
    expect(Math.abs(card.y + card.height / 2 - at.y)).toBeLessThan(30);
    await page.getByTestId('placing-hint').waitFor({ state: 'detached' });
    // Armed, then Escape: the next click on the canvas adds nothing.
    await page.getByTestId('palette-hub').click();
    await page.getByTestId('placing-hint').waitFor();
    await page.keyboard.press('Escape');
    await page.getByTestId('placing-hint').waitFor({ state: 'detached' });
    await page.mouse.click(pane.x + pane.width * 0.7, pane.y + pane.height * 0.6);
    await page.waitForTimeout(200);
    expect(await serverNames(page)).toEqual(['EX1']);
    await page.close();
  });

  it('a dialog takes the focus, keeps Tab inside, closes on Escape and gives the focus back', async () => {
    const page = await openDesigner(harness(), VIEWPORT);
    await newFromTemplate(page, 'seed-lab');
    await page.getByTestId('btn-open').focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByTestId('open-dialog');
    await dialog.waitFor();
    // The dialog's first control takes the focus: the file picker ("open from anywhere").
    expect((await focused(page)).testId).toBe('open-file-input');
    await expect(page.getByRole('dialog', { name: 'Open a design' }).getAttribute('aria-modal')).resolves.toBe('true');
    for (let i = 0; i < 6; i++) {
      await page.keyboard.press(i % 2 === 0 ? 'Tab' : 'Shift+Tab');
      await page.keyboard.press('Tab');
      expect((await focused(page)).region).toBe('Open a design');
    }
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect((await focused(page)).testId).toBe('btn-open');
    // Save as: the name field has the focus; Escape closes it too.
    await page.getByTestId('btn-save-as').focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('save-as-dialog').waitFor();
    expect((await focused(page)).testId).toBe('save-as-name');
    await page.keyboard.press('Escape');
    await page.getByTestId('save-as-dialog').waitFor({ state: 'detached' });
    expect((await focused(page)).testId).toBe('btn-save-as');
    await page.close();
  });

  it('the Export menu opens and moves with the arrow keys and closes on Escape', async () => {
    const page = await openDesigner(harness(), VIEWPORT);
    await newFromTemplate(page, 'seed-lab');
    await page.getByTestId('export-menu').focus();
    await page.keyboard.press('ArrowDown');
    await page.getByRole('menu', { name: 'Export' }).waitFor();
    expect((await focused(page)).testId).toBe('export-pdf');
    await page.keyboard.press('ArrowDown');
    expect((await focused(page)).testId).toBe('export-ps1');
    await page.keyboard.press('End');
    expect((await focused(page)).testId).toBe('export-ansible');
    await page.keyboard.press('ArrowUp');
    expect((await focused(page)).testId).toBe('export-json');
    await page.keyboard.press('End');
    await page.keyboard.press('ArrowDown');
    expect((await focused(page)).testId).toBe('export-pdf');
    await page.keyboard.press('ArrowUp');
    expect((await focused(page)).testId).toBe('export-ansible');
    await page.keyboard.press('Escape');
    await page.getByRole('menu').waitFor({ state: 'detached' });
    expect((await focused(page)).testId).toBe('export-menu');
    await expect(page.getByTestId('export-menu').getAttribute('aria-expanded')).resolves.toBe('false');
    await page.close();
  });
});
