// Editing as an admin who lives in draw.io and Visio expects it, end to end in Chromium: a finding selects the object
// that owns the fix and focuses the field (zooming only as far as needed); the inspector shows properties first and
// its findings in a collapsible section below, starts at the top for each selection, and shows units; click narrows a
// multi-selection and Ctrl-click toggles; the context menu (mouse and keyboard); double-click and F2 rename; Ctrl+D
// duplicates beside the original; pastes land offset; a server dropped into a DAG is laid out beside the members.
// Screenshots of each screen at 1440×900 and 1280×720 in test-results/editing-*.png.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { box, drag, dropFromPalette, flowPosition, newFromTemplate, node, openDesigner } from './harness';
import { axeCheck, describeViolations, openDesignerForAxe } from './axe';
import { SCREENSHOTS, useHarness } from './suite';

const harness = useHarness();
const VIEWPORT = { width: 1440, height: 900 };
const SMALL = { width: 1280, height: 720 };
/** Server card size and the room between cards laid out side by side (shared/edits/move.ts SLOT_GAP). */
const CARD = { width: 200, height: 84 };
const SLOT_GAP = 20;
const PASTE_OFFSET = 40;

async function selectedIds(page: Page): Promise<string[]> {
  return (await page.locator('.react-flow__node.selected').evaluateAll((els) => els.map((e) => e.getAttribute('data-id') ?? ''))).sort();
}

async function viewport(page: Page): Promise<{ x: number; y: number; zoom: number }> {
  const transform = await page.locator('.react-flow__viewport').evaluate((el) => (el as HTMLElement).style.transform);
  const m = /translate\(([-\d.]+)px, ?([-\d.]+)px\) scale\(([-\d.]+)\)/.exec(transform);
  if (!m) throw new Error(`no viewport transform: "${transform}"`);
  return { x: Number(m[1]), y: Number(m[2]), zoom: Number(m[3]) };
}

/** The page position of a canvas (flow) point. */
async function toScreen(page: Page, p: { x: number; y: number }): Promise<{ x: number; y: number }> {
  const pane = await box(page.locator('.react-flow'));
  const v = await viewport(page);
  return { x: pane.x + v.x + p.x * v.zoom, y: pane.y + v.y + p.y * v.zoom };
}

/** The focused element: its test id (or its closest ancestor's), the data-field around it, and the node it is in. */
async function focused(page: Page): Promise<{ testId: string | null; field: string | null; node: string | null; role: string | null }> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return {
      testId: el?.closest('[data-testid]')?.getAttribute('data-testid') ?? null,
      field: el?.closest('[data-field]')?.getAttribute('data-field') ?? null,
      node: el?.closest('.react-flow__node')?.getAttribute('data-id') ?? null,
      role: el?.getAttribute('role') ?? null,
    };
  });
}

async function serverNames(page: Page): Promise<string[]> {
  return page.getByTestId('server-card').evaluateAll((els) => els.map((e) => e.getAttribute('data-name') ?? ''));
}

async function serverIdNamed(page: Page, name: string): Promise<string> {
  const id = await page.locator(`.react-flow__node:has([data-testid="server-card"][data-name="${name}"])`).getAttribute('data-id');
  if (!id) throw new Error(`no server ${name}`);
  return id;
}

function overlap(a: { x: number; y: number; width: number; height: number }, b: { x: number; y: number; width: number; height: number }): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

async function clickFinding(page: Page, rule: string): Promise<void> {
  await page.getByTestId('tab-problems').click();
  await page.locator(`[data-testid="finding"][data-rule="${rule}"] button.finding-go`).first().click();
}

describe('editing like draw.io', () => {
  it('a finding selects the object that owns the fix and focuses the field to change, zooming only as far as needed', async () => {
    const page = await openDesigner(harness(), VIEWPORT);
    await newFromTemplate(page, 'minimal-ha');
    await page.waitForTimeout(400);
    const before = await viewport(page);
    // IP forwarding is a setting of the NLB cluster (not of its two servers): the cluster is selected, the box focused.
    await clickFinding(page, 'nlb.ip-forwarding');
    await expect.poll(() => selectedIds(page)).toEqual(['nlb-cas']);
    await page.getByTestId('inspector-nlb').waitFor();
    await expect.poll(async () => (await focused(page)).testId).toBe('nlb-ip-forwarding');
    // The cluster was in view already: the view did not move.
    await page.waitForTimeout(500);
    expect(await viewport(page)).toEqual(before);
    await page.screenshot({ path: join(SCREENSHOTS, 'editing-finding-nlb-1440.png') });

    // A deployment setting: nothing selected, the design's field focused.
    await clickFinding(page, 'deploy.product-key');
    await expect.poll(() => selectedIds(page)).toEqual([]);
    await page.getByTestId('inspector-document').waitFor();
    await expect.poll(async () => (await focused(page)).testId).toBe('deployment-product-key');

    // The finding's rule id opens its catalogue entry: what it checks and where that comes from (the entry of
    // docs/rules.md: "Product key for the new servers", source runbook.md, section "Real hosts"), and closes on Escape
    // with the focus back on the rule id.
    const ruleId = page.locator('[data-testid="finding"][data-rule="deploy.product-key"] [data-testid="finding-rule"]');
    await ruleId.click();
    const dialog = page.getByTestId('rule-dialog');
    await expect.poll(() => dialog.locator('h2').textContent()).toBe('Rule deploy.product-key');
    expect(await dialog.locator('.rule-title').textContent()).toBe('Product key for the new servers');
    expect(await dialog.getByTestId('rule-source').first().textContent()).toContain('section "Real hosts"');
    // The whole catalogue is one click away, filtered by text; another rule's entry replaces this one.
    await dialog.getByTestId('rule-catalogue').locator('summary').click();
    await dialog.getByRole('searchbox').fill('32');
    await dialog.getByTestId('catalogue-rule').filter({ hasText: 'nlb.max-nodes' }).click();
    await expect.poll(() => dialog.locator('h2').textContent()).toBe('Rule nlb.max-nodes');
    expect(await dialog.locator('.sev-label').textContent()).toBe('error');
    await page.screenshot({ path: join(SCREENSHOTS, 'editing-rule-dialog-1440.png') });
    await page.keyboard.press('Escape');
    await page.screenshot({ path: join(SCREENSHOTS, 'editing-problems-1440.png') });
    await expect.poll(() => dialog.count()).toBe(0);
    await expect.poll(async () => (await focused(page)).testId).toBe('finding-rule');

    // A database copy finding goes to the DAG that holds the copies, not to its servers, at a readable zoom but not
    // a jump to 100 %.
    await newFromTemplate(page, 'large-lagged');
    await page.waitForTimeout(500);
    const far = await viewport(page);
    expect(far.zoom).toBeLessThan(0.6);
    await clickFinding(page, 'size.lagged-logs');
    await expect.poll(() => selectedIds(page)).toEqual(['dag-hq']);
    await page.getByTestId('inspector-dag').waitFor();
    await expect.poll(async () => (await focused(page)).field).toBe('databases');
    await page.waitForTimeout(700);
    const near = await viewport(page);
    expect(near.zoom).toBeGreaterThan(far.zoom);
    expect(near.zoom).toBeLessThanOrEqual(0.6 + 1e-6);
    const dag = await box(node(page, 'dag-hq'));
    const canvas = await box(page.getByTestId('canvas'));
    expect(dag.x).toBeGreaterThanOrEqual(canvas.x - 1);
    expect(dag.y).toBeGreaterThanOrEqual(canvas.y - 1);
    expect(dag.x + dag.width).toBeLessThanOrEqual(canvas.x + canvas.width + 1);
    expect(dag.y + dag.height).toBeLessThanOrEqual(canvas.y + canvas.height + 1);
    await page.screenshot({ path: join(SCREENSHOTS, 'editing-finding-dag-1440.png') });
    await page.setViewportSize(SMALL);
    await clickFinding(page, 'size.lagged-logs');
    await page.waitForTimeout(700);
    await page.screenshot({ path: join(SCREENSHOTS, 'editing-finding-dag-1280.png') });
    await page.close();
  });

  it('the inspector: properties first, findings in a collapsible section below, the scroll back at the top on a new selection, units on numbers', async () => {
    const page = await openDesigner(harness(), VIEWPORT);
    await newFromTemplate(page, 'seed-lab');
    await node(page, 'srv-ex2').click();
    await page.getByTestId('inspector-server').waitFor();
    // The pane (name, roles, OS…) comes first, the findings after it.
    const order = await page.getByTestId('inspector').evaluate((el) => [...el.children].map((c) => c.getAttribute('data-testid')));
    expect(order).toEqual(['inspector-server', 'inspector-findings-section']);
    const toggle = page.getByTestId('inspector-findings-toggle');
    await expect(toggle.getAttribute('aria-expanded')).resolves.toBe('true');
    await toggle.click();
    await expect(toggle.getAttribute('aria-expanded')).resolves.toBe('false');
    await expect(page.getByTestId('inspector-findings').count()).resolves.toBe(0);
    await toggle.click();
    await page.getByTestId('inspector-findings').waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'editing-inspector-1440.png') });
    // A finding in the inspector goes to its field too (EX2's database: the databases of the server).
    await page.locator('[data-testid="inspector-finding"][data-rule="ha.mailbox"]').click();
    await expect.poll(async () => (await focused(page)).field).toBe('databases');
    // Scrolled down, then another server: its properties start at the top.
    const inspector = page.getByTestId('inspector');
    await inspector.evaluate((el) => {
      el.scrollTop = el.scrollHeight;
    });
    expect(await inspector.evaluate((el) => el.scrollTop)).toBeGreaterThan(0);
    await node(page, 'srv-ex3').click();
    await expect.poll(() => page.getByTestId('server-name').inputValue()).toBe('EX3');
    await expect.poll(() => inspector.evaluate((el) => el.scrollTop)).toBe(0);
    // Units on numbers: RAM in GB, the NLB host weight (a table cell) in %.
    expect(await page.getByTestId('server-ram').evaluate((el) => el.closest('.field')?.textContent)).toContain('GB');
    await node(page, 'nlb-casarray').click();
    await page.getByTestId('inspector-nlb').waitFor();
    expect(await page.locator('[data-testid="nlb-member"] .unit').allTextContents()).toEqual(['%', '%']);
    await page.setViewportSize(SMALL);
    await node(page, 'srv-ex2').click();
    await page.getByTestId('inspector-findings').waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'editing-inspector-1280.png') });
    await page.close();
  });

  it('a click on a member of a multi-selection narrows to it; Ctrl-click toggles; a drag keeps the selection', async () => {
    const page = await openDesigner(harness(), VIEWPORT);
    await newFromTemplate(page, 'seed-lab');
    await node(page, 'srv-ex3').click();
    await node(page, 'srv-ex4').click({ modifiers: ['Shift'] });
    await expect.poll(() => selectedIds(page)).toEqual(['srv-ex3', 'srv-ex4']);
    await node(page, 'srv-ex4').click();
    await expect.poll(() => selectedIds(page)).toEqual(['srv-ex4']);
    await node(page, 'srv-ex3').click({ modifiers: ['Control'] });
    await expect.poll(() => selectedIds(page)).toEqual(['srv-ex3', 'srv-ex4']);
    await node(page, 'srv-ex3').click({ modifiers: ['Control'] });
    await expect.poll(() => selectedIds(page)).toEqual(['srv-ex4']);
    await node(page, 'srv-ex2').click({ modifiers: ['Control'] });
    await expect.poll(() => selectedIds(page)).toEqual(['srv-ex2', 'srv-ex4']);
    // Dragging one of them moves both and keeps both selected.
    const ex2 = await flowPosition(page, 'srv-ex2');
    const ex4 = await flowPosition(page, 'srv-ex4');
    const b = await box(node(page, 'srv-ex4'));
    await drag(page, { x: b.x + b.width / 2, y: b.y + b.height / 2 }, { x: b.x + b.width / 2, y: b.y + b.height / 2 + 60 });
    await expect.poll(async () => (await flowPosition(page, 'srv-ex4')).y).toBeGreaterThan(ex4.y);
    expect((await flowPosition(page, 'srv-ex2')).y - ex2.y).toBe((await flowPosition(page, 'srv-ex4')).y - ex4.y);
    expect(await selectedIds(page)).toEqual(['srv-ex2', 'srv-ex4']);
    await page.close();
  });

  it('the context menu: right-click or Shift+F10, arrow keys and Esc; rename, duplicate, delete, bring into a DAG, layout', async () => {
    const page = await openDesigner(harness(), VIEWPORT);
    await newFromTemplate(page, 'seed-lab');
    await node(page, 'srv-ex2').click({ button: 'right' });
    const menu = page.getByRole('menu');
    await menu.waitFor();
    expect(await menu.getByRole('menuitem').allTextContents()).toEqual(expect.arrayContaining([expect.stringMatching(/^Rename/), expect.stringMatching(/^Duplicate/), expect.stringMatching(/^Delete/), expect.stringMatching(/^Auto layout/)]));
    expect(await selectedIds(page)).toEqual(['srv-ex2']);
    await page.screenshot({ path: join(SCREENSHOTS, 'editing-context-menu-1440.png') });
    expect((await focused(page)).testId).toBe('menu-rename');
    await page.keyboard.press('ArrowDown');
    expect((await focused(page)).testId).toBe('menu-duplicate');
    await page.keyboard.press('End');
    expect((await focused(page)).testId).toBe('menu-layout');
    await page.keyboard.press('ArrowDown');
    expect((await focused(page)).testId).toBe('menu-rename');
    await page.keyboard.press('ArrowUp');
    expect((await focused(page)).testId).toBe('menu-layout');
    await page.keyboard.press('Home');
    expect((await focused(page)).testId).toBe('menu-rename');
    await page.keyboard.press('Escape');
    await expect(menu.count()).resolves.toBe(0);
    expect((await focused(page)).node).toBe('srv-ex2');
    // Duplicate from the menu (Enter on the item).
    await node(page, 'srv-ex2').click({ button: 'right' });
    await menu.waitFor();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expect.poll(() => serverNames(page)).toEqual(['EX2', 'EX3', 'EX4', 'EX5']);
    const ex5 = await serverIdNamed(page, 'EX5');
    await expect.poll(() => selectedIds(page)).toEqual([ex5]);
    // Shift+F10 opens the menu of the selection from the keyboard; Delete removes it.
    await node(page, ex5).focus();
    await page.keyboard.press('Shift+F10');
    await menu.waitFor();
    await menu.getByRole('menuitem', { name: /^Delete/ }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => serverNames(page)).toEqual(['EX2', 'EX3', 'EX4']);
    // Rename: the name field, its text selected.
    await node(page, 'srv-ex3').click({ button: 'right' });
    await menu.getByRole('menuitem', { name: /^Rename/ }).click();
    await expect.poll(async () => (await focused(page)).testId).toBe('server-name');
    await page.keyboard.type('EX9');
    await page.keyboard.press('Enter');
    await expect.poll(() => serverNames(page)).toEqual(['EX2', 'EX9', 'EX4']);
    // On the canvas background: paste (nothing copied yet), select all, layout.
    const pane = await box(page.locator('.react-flow__pane'));
    await page.mouse.click(pane.x + pane.width - 40, pane.y + pane.height - 40, { button: 'right' });
    await menu.waitFor();
    await expect(page.getByTestId('menu-paste').isDisabled()).resolves.toBe(true);
    await page.getByTestId('menu-select-all').click();
    await expect.poll(async () => (await selectedIds(page)).length).toBeGreaterThan(4);
    await page.setViewportSize(SMALL);
    await node(page, 'srv-ex4').click();
    await node(page, 'srv-ex4').click({ button: 'right' });
    await menu.waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'editing-context-menu-1280.png') });
    await page.keyboard.press('Escape');
    await page.close();
  });

  it('the context menu brings a Mailbox server into a DAG, beside its members', async () => {
    const page = await openDesigner(harness(), VIEWPORT);
    const menu = page.getByRole('menu');
    await newFromTemplate(page, 'minimal-ha');
    await page.waitForTimeout(300);
    await dropFromPalette(page, 'mailbox', await toScreen(page, { x: 300, y: 650 }));
    await expect.poll(() => serverNames(page)).toContain('MB3');
    const mb3 = await serverIdNamed(page, 'MB3');
    const mb2 = await flowPosition(page, 'srv-mb2');
    await node(page, mb3).click({ button: 'right' });
    await menu.getByRole('menuitem', { name: 'Bring into DAG DAG1' }).click();
    await expect.poll(() => flowPosition(page, mb3)).toEqual({ x: mb2.x + CARD.width + SLOT_GAP, y: mb2.y });
    await node(page, 'dag-1').click({ position: { x: 20, y: 10 } });
    await page.getByTestId('inspector-dag').waitFor();
    expect(await page.getByTestId('inspector-dag').textContent()).toContain('Members (3)');
    await page.close();
  });

  it('double-click and F2 rename; Ctrl+D duplicates beside the original; pastes land offset from it', async () => {
    const page = await openDesigner(harness(), VIEWPORT);
    await newFromTemplate(page, 'seed-lab');
    await node(page, 'srv-ex3').dblclick();
    await expect.poll(async () => (await focused(page)).testId).toBe('server-name');
    expect(await page.getByTestId('server-name').evaluate((el: HTMLInputElement) => [el.selectionStart, el.selectionEnd])).toEqual([0, 3]);
    await page.keyboard.type('EX7');
    await page.keyboard.press('Enter');
    await expect.poll(() => serverNames(page)).toEqual(['EX2', 'EX7', 'EX4']);
    // F2 on a selected node.
    await node(page, 'srv-ex4').click();
    await page.keyboard.press('F2');
    await expect.poll(async () => (await focused(page)).testId).toBe('server-name');
    await page.keyboard.press('Escape');
    // Ctrl+D: a copy beside the original, selected.
    await node(page, 'srv-ex2').click();
    const ex2 = await flowPosition(page, 'srv-ex2');
    await page.keyboard.press('Control+d');
    await expect.poll(() => serverNames(page)).toHaveLength(4);
    const copy = (await selectedIds(page))[0];
    expect(copy).not.toBe('srv-ex2');
    expect(await flowPosition(page, copy)).toEqual({ x: ex2.x + PASTE_OFFSET, y: ex2.y + PASTE_OFFSET });
    // Copy and paste twice: each paste lands further from the original.
    await node(page, 'srv-ex4').click();
    const ex4 = await flowPosition(page, 'srv-ex4');
    await page.keyboard.press('Control+c');
    await page.keyboard.press('Control+v');
    await expect.poll(() => serverNames(page)).toHaveLength(5);
    const first = (await selectedIds(page))[0];
    expect(await flowPosition(page, first)).toEqual({ x: ex4.x + PASTE_OFFSET, y: ex4.y + PASTE_OFFSET });
    await page.keyboard.press('Control+v');
    await expect.poll(() => serverNames(page)).toHaveLength(6);
    const second = (await selectedIds(page))[0];
    expect(await flowPosition(page, second)).toEqual({ x: ex4.x + 2 * PASTE_OFFSET, y: ex4.y + 2 * PASTE_OFFSET });
    await page.close();
  });

  it('a server dropped into a DAG grows it and is laid out beside the members, never on top of one', async () => {
    const page = await openDesigner(harness(), VIEWPORT);
    await newFromTemplate(page, 'minimal-ha');
    await page.waitForTimeout(300);
    const dagBefore = await box(node(page, 'dag-1'));
    const mb1 = await box(node(page, 'srv-mb1'));
    const mb2At = await flowPosition(page, 'srv-mb2');
    // From the palette, right onto MB1.
    await dropFromPalette(page, 'mailbox', { x: mb1.x + mb1.width / 2, y: mb1.y + mb1.height / 2 });
    await expect.poll(() => serverNames(page)).toContain('MB3');
    const mb3 = await serverIdNamed(page, 'MB3');
    await expect.poll(() => flowPosition(page, mb3)).toEqual({ x: mb2At.x + CARD.width + SLOT_GAP, y: mb2At.y });
    const dagAfter = await box(node(page, 'dag-1'));
    expect(dagAfter.width).toBeGreaterThan(dagBefore.width);
    const mb3Box = await box(node(page, mb3));
    expect(mb3Box.x + mb3Box.width).toBeLessThanOrEqual(dagAfter.x + dagAfter.width);
    for (const other of ['srv-mb1', 'srv-mb2']) expect(overlap(mb3Box, await box(node(page, other))), `MB3 covers ${other}`).toBe(false);
    await page.screenshot({ path: join(SCREENSHOTS, 'editing-drop-into-dag-1440.png') });
    // The view followed MB3 (laid out right of the view's edge): back to the whole design.
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+0');
    await page.waitForTimeout(400);
    // Dragged from outside onto MB2: MB4 joins and goes beside MB3.
    await dropFromPalette(page, 'mailbox', await toScreen(page, { x: 300, y: 312 }));
    await expect.poll(() => serverNames(page)).toContain('MB4');
    const mb4 = await serverIdNamed(page, 'MB4');
    const from = await box(node(page, mb4));
    const onto = await box(node(page, 'srv-mb2'));
    await drag(page, { x: from.x + from.width / 2, y: from.y + from.height / 2 }, { x: onto.x + onto.width / 2, y: onto.y + onto.height / 2 });
    const mb3At = await flowPosition(page, mb3);
    await expect.poll(() => flowPosition(page, mb4)).toEqual({ x: mb3At.x + CARD.width + SLOT_GAP, y: mb3At.y });
    const mb4Box = await box(node(page, mb4));
    for (const other of ['srv-mb1', 'srv-mb2', mb3]) expect(overlap(mb4Box, await box(node(page, other))), `MB4 covers ${other}`).toBe(false);
    await page.setViewportSize(SMALL);
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+0');
    await page.waitForTimeout(400);
    await page.screenshot({ path: join(SCREENSHOTS, 'editing-drop-into-dag-1280.png') });
    await page.close();
  });

  it('the context menu and the inspector findings have no serious or critical axe violations', async () => {
    const page = await openDesignerForAxe(harness(), VIEWPORT);
    await newFromTemplate(page, 'seed-lab');
    await node(page, 'srv-ex2').click({ button: 'right' });
    await page.getByRole('menu').waitFor();
    const menu = await axeCheck(page, { include: '[data-testid="context-menu"]' });
    expect(menu.blocking, describeViolations(menu.blocking)).toEqual([]);
    await page.keyboard.press('Escape');
    await page.getByTestId('inspector-findings').waitFor();
    const inspector = await axeCheck(page, { include: '[data-testid="inspector-findings-section"]' });
    expect(inspector.blocking, describeViolations(inspector.blocking)).toEqual([]);
    await page.close();
  });
});
