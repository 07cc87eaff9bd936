// The designer end to end, in Chromium against the browser host: the seed lab built from a blank canvas with the
// palette and wires only, its findings, a fix, undo/redo, save, reopen, PDF export; the template designs rendered
// (screenshots in test-results/); editing shortcuts; autosave and crash recovery.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { box, drag, dropFromPalette, findingRules, flowPosition, handleCenter, newFromTemplate, node, nodeIds, openDesigner, wire } from './harness';
import { SCREENSHOTS, useHarness } from './suite';

const harness = useHarness();

async function toasts(page: Page): Promise<string[]> {
  return page.getByTestId('toast').allTextContents();
}

async function waitForToast(page: Page, pattern: RegExp): Promise<string> {
  const t = page.getByTestId('toast').filter({ hasText: pattern }).first();
  await t.waitFor();
  return (await t.textContent()) ?? '';
}

describe('the designer', () => {
  it('builds the seed lab from a blank canvas with palette drops and wires, then fixes, saves, reopens and exports it', async () => {
    const page = await openDesigner(harness());
    await newFromTemplate(page, 'blank');
    // Start from an empty network: delete the blank template's subnet (click it, press Delete).
    await node(page, 'subnet-1').click({ position: { x: 300, y: 20 } });
    await page.keyboard.press('Delete');
    await expect.poll(() => nodeIds(page, 'subnet')).toEqual([]);

    const site = await box(node(page, 'site-1'));
    const at = (fx: number, fy: number) => ({ x: site.x + site.width * fx, y: site.y + site.height * fy });
    // The Mailbox server first (no subnet yet: no NIC), then the subnet, then two CAS+HT servers (they get NICs).
    await dropFromPalette(page, 'mailbox', at(0.8, 0.4));
    await dropFromPalette(page, 'subnet', at(0.5, 0.12));
    await dropFromPalette(page, 'cas-hub', at(0.2, 0.4));
    await dropFromPalette(page, 'cas-hub', at(0.5, 0.4));
    expect(await page.locator('[data-testid="server-card"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-name')))).toEqual(['EX1', 'EX2', 'EX3']);
    const [ex1, ex2, ex3] = await nodeIds(page, 'server');
    const [subnet] = await nodeIds(page, 'subnet');
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(2);

    // Wire EX1's top handle to the bus: a NIC with the next free address.
    const bus = await box(node(page, subnet));
    await wire(page, ex1, 'top', { x: (await handleCenter(page, ex1, 'top')).x, y: bus.y + bus.height });
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(3);
    expect(await page.locator('.edge-label text').allTextContents()).toEqual(expect.arrayContaining(['192.168.0.2', '192.168.0.3', '192.168.0.4']));

    // The Windows NLB cluster below the CAS servers, then both CAS servers wired to it.
    await dropFromPalette(page, 'nlb', at(0.35, 0.65));
    const [nlb] = await nodeIds(page, 'nlbCluster');
    await expect(node(page, nlb).textContent()).resolves.toContain('VIP 192.168.0.5');
    for (const server of [ex2, ex3]) await wire(page, server, 'bottom', await handleCenter(page, nlb, 'top'));
    await expect.poll(() => page.getByTestId('nlb-node').textContent()).toContain('2 hosts');

    // A Mailbox server cannot join the NLB cluster: the wire is refused with the reason.
    await wire(page, ex1, 'bottom', await handleCenter(page, nlb, 'top'));
    expect(await waitForToast(page, /does not hold the Client Access role/)).toBe(
      'EX1 does not hold the Client Access role (it has MB): an NLB cluster for a CAS array balances Client Access servers only.',
    );
    await expect(page.getByTestId('nlb-node').textContent()).resolves.toContain('2 hosts');

    // The CAS array below the cluster, wired to it.
    await dropFromPalette(page, 'cas-array', at(0.35, 0.87));
    const [array] = await nodeIds(page, 'casArray');
    await wire(page, nlb, 'bottom', await handleCenter(page, array, 'top'));
    await expect.poll(() => page.getByTestId('casarray-node').textContent()).toContain('→ NLB nlb1 (VIP 192.168.0.5)');

    // A CAS array's DNS record needs a named DNS server: the planner says so until the design names one.
    await expect.poll(() => findingRules(page)).toContain('error:deploy.dns-server');
    await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
    await page.getByTestId('deployment-dns-server').fill('dc.exchangeserverpro.local');
    await page.getByTestId('deployment-dns-server').press('Enter');
    await expect.poll(() => findingRules(page)).not.toContain('error:deploy.dns-server');

    // The planner's findings, as for the seed lab: no errors; the default port rule and Mailbox HA warnings.
    const findings = await findingRules(page);
    expect(findings.filter((f) => f.startsWith('error'))).toEqual([]);
    expect(findings).toEqual(expect.arrayContaining(['warning:nlb.default-port-rule', 'warning:ha.mailbox', 'info:casarray.before-migration']));
    await expect(page.getByTestId('count-error').textContent()).resolves.toBe('0');
    await expect(page.getByTestId('ha-MB').getAttribute('data-ha')).resolves.toBe('no');
    await expect(page.getByTestId('ha-MB').getAttribute('title')).resolves.toMatch(/^MB: .+/);
    expect(await node(page, nlb).getByTestId('node-badge').getAttribute('data-severity')).toBe('warning');

    // A finding frames its objects: clicking the port-rule warning selects the NLB cluster.
    await page.locator('[data-rule="nlb.default-port-rule"] button.finding-go').click();
    await page.getByTestId('inspector-nlb').waitFor();
    // Fix it: the Exchange CAS rules replace the all-ports rule.
    await page.getByTestId('nlb-cas-rules').click();
    await expect.poll(() => findingRules(page)).not.toContain('warning:nlb.default-port-rule');
    expect(await page.getByTestId('port-rule').count()).toBe(4);
    // Undo brings the warning back, redo removes it again.
    await page.getByTestId('btn-undo').click();
    await expect.poll(() => findingRules(page)).toContain('warning:nlb.default-port-rule');
    await page.keyboard.press('Control+y');
    await expect.poll(() => findingRules(page)).not.toContain('warning:nlb.default-port-rule');

    // Save (browser host: the app asks for a name), then the title loses its dirty dot.
    await page.getByTestId('dirty-dot').waitFor();
    await page.keyboard.press('Control+s');
    await page.getByTestId('save-as-name').fill('built-seed');
    await page.getByTestId('save-as-confirm').click();
    await waitForToast(page, /Saved built-seed\.extopo\.json/);
    await page.getByTestId('dirty-dot').waitFor({ state: 'detached' });
    expect(await page.title()).toBe('built-seed.extopo.json — ExTopo');
    const saved = JSON.parse(readFileSync(join(harness().documentsDir, 'built-seed.extopo.json'), 'utf8'));
    expect(saved.design.servers.map((s: { name: string }) => s.name)).toEqual(['EX1', 'EX2', 'EX3']);
    expect(saved.revision).toBe(1);

    // Reopen it from the in-app file list after switching to another design.
    await newFromTemplate(page, 'minimal-ha');
    await page.getByTestId('btn-open').click();
    await page.locator('[data-testid="open-file"][data-name="built-seed.extopo.json"]').click();
    await expect.poll(() => page.locator('[data-testid="server-card"]').count()).toBe(3);
    await expect(page.getByTestId('file-name').textContent()).resolves.toBe('built-seed.extopo.json');
    expect((await findingRules(page)).filter((f) => f.includes('nlb.default-port-rule'))).toEqual([]);

    // The runbook tab lists the steps; export the PDF and read it back.
    await page.getByTestId('tab-runbook').click();
    expect(await page.getByTestId('runbook-step').count()).toBeGreaterThan(10);
    await page.getByTestId('export-menu').click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-pdf').click()]);
    const pdf = join(harness().documentsDir, 'export.pdf');
    await download.saveAs(pdf);
    expect(download.suggestedFilename()).toBe('built-seed-runbook.pdf');
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    for (const expected of ['EX1', 'EX2', 'EX3', 'CASArray', 'nlb1.contoso.local', 'New-ClientAccessArray']) expect(text).toContain(expected);
    await page.close();
  });

  it('shows the seed lab and minimal HA templates (screenshots in test-results/)', async () => {
    const page = await openDesigner(harness());
    for (const name of ['seed-lab', 'minimal-ha']) {
      await newFromTemplate(page, name);
      await page.waitForTimeout(400);
      await page.screenshot({ path: join(SCREENSHOTS, `designer-${name}.png`) });
    }
    // minimal-ha is highly available for every role.
    for (const role of ['CAS', 'HT', 'MB']) await expect(page.getByTestId(`ha-${role}`).getAttribute('data-ha')).resolves.toBe('yes');
    expect(await page.getByTestId('server-card').count()).toBe(4);
    expect(await node(page, 'dag-1').textContent()).toContain('2 members');
    // Layout (ELK) rearranges the site: buses on top, the DAG holding its members, the CAS array at the bottom.
    const before = await flowPosition(page, 'srv-cas1');
    await page.getByTestId('btn-layout').click();
    await expect.poll(async () => JSON.stringify(await flowPosition(page, 'srv-cas1'))).not.toBe(JSON.stringify(before));
    await page.waitForTimeout(400);
    const [bus, cas1, mb1, dag, nlb, array] = await Promise.all(['subnet-mapi', 'srv-cas1', 'srv-mb1', 'dag-1', 'nlb-cas', 'casarray-hq'].map((id) => box(node(page, id))));
    expect(bus.y).toBeLessThan(cas1.y);
    expect(cas1.y).toBeLessThan(nlb.y);
    expect(nlb.y).toBeLessThan(array.y);
    expect(mb1.x >= dag.x && mb1.x + mb1.width <= dag.x + dag.width).toBe(true);
    await page.screenshot({ path: join(SCREENSHOTS, 'designer-minimal-ha-layout.png') });
    await page.keyboard.press('Control+z');
    await expect.poll(async () => flowPosition(page, 'srv-cas1')).toEqual(before);
    // Zoomed far out, the canvas leaves out what cannot be read (wire labels, card details) but keeps names and
    // wires; zooming back in brings them back.
    await expect(page.getByTestId('canvas').getAttribute('data-lod')).resolves.toBe('near');
    await expect(page.locator('.edge-label').first().isVisible()).resolves.toBe(true);
    for (let i = 0; i < 6; i++) {
      await page.locator('.react-flow__controls-zoomout').click();
      await page.waitForTimeout(200);
    }
    await expect.poll(async () => page.getByTestId('canvas').getAttribute('data-lod')).toBe('far');
    await expect(page.locator('.edge-label').first().isVisible()).resolves.toBe(false);
    await expect(page.locator('.node-server .node-line').first().isVisible()).resolves.toBe(false);
    await expect(page.locator('.server-name').first().isVisible()).resolves.toBe(true);
    expect(await page.locator('.react-flow__edge').count()).toBeGreaterThan(0);
    expect(await page.locator('.react-flow__handle').count()).toBeGreaterThan(0);
    // Further out (the overview, where a large design opens), connection handles and edge click areas are too small
    // to use and are left out; the cards, their names and the wires stay.
    const edgeCount = await page.locator('.react-flow__edge').count();
    const wires = await page.locator('.react-flow__edge-path').evaluateAll((els) => els.map((e) => e.getAttribute('d') ?? ''));
    for (let i = 0; i < 12 && (await page.getByTestId('canvas').getAttribute('data-lod')) !== 'overview'; i++) {
      await page.locator('.react-flow__controls-zoomout').click();
      await page.waitForTimeout(200);
    }
    await expect.poll(async () => page.getByTestId('canvas').getAttribute('data-lod')).toBe('overview');
    expect(await page.locator('.react-flow__handle').count()).toBe(0);
    // The wires are drawn in one layer under the nodes (every one of them), React Flow's edge elements are gone.
    expect(await page.locator('.react-flow__edge').count()).toBe(0);
    await expect(page.getByTestId('overview-edges').getAttribute('data-edges')).resolves.toBe(String(edgeCount));
    // The same wires, in the same places (positions are in canvas units, whatever the zoom).
    const drawn = (await page.getByTestId('overview-edges').locator('path').evaluateAll((els) => els.map((e) => e.getAttribute('d') ?? ''))).join(' ');
    for (const wire of wires) expect(drawn).toContain(wire);
    expect(await page.getByTestId('server-card').count()).toBe(4);
    await expect(page.locator('.server-name').first().isVisible()).resolves.toBe(true);
    await page.getByTestId('btn-fit').click();
    await expect.poll(async () => page.getByTestId('canvas').getAttribute('data-lod')).toBe('near');
    await expect(page.locator('.edge-label').first().isVisible()).resolves.toBe(true);
    expect(await page.locator('.react-flow__handle').count()).toBeGreaterThan(0);
    expect(await page.locator('.react-flow__edge').count()).toBe(edgeCount);
    expect(await page.getByTestId('overview-edges').count()).toBe(0);
    await page.close();
  });

  it('edits with the keyboard: select, multi-select edit, drop into a DAG, copy/paste, delete, undo', async () => {
    const page = await openDesigner(harness());
    await newFromTemplate(page, 'minimal-ha');
    // Drop a Mailbox server from the palette into the DAG: it joins it.
    const dag = await box(node(page, 'dag-1'));
    await dropFromPalette(page, 'mailbox', { x: dag.x + dag.width / 2, y: dag.y + dag.height * 0.75 });
    await expect.poll(() => node(page, 'dag-1').textContent()).toContain('3 members');
    // Shift-click two CAS servers and set their RAM together.
    await node(page, 'srv-cas1').click();
    await node(page, 'srv-cas2').click({ modifiers: ['Shift'] });
    await page.getByTestId('inspector-multi').waitFor();
    await page.getByTestId('multi-ram').fill('32');
    await page.getByTestId('multi-ram').press('Enter');
    // Leave the field, so that the editing shortcuts act on the canvas again.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await expect.poll(() => page.locator('[data-testid="server-card"][data-name^="CAS"]').allTextContents()).toEqual([expect.stringContaining('32 GB'), expect.stringContaining('32 GB')]);
    // Copy and paste them: CAS3 and CAS4 appear.
    await page.keyboard.press('Control+c');
    await page.keyboard.press('Control+v');
    await expect.poll(() => page.locator('[data-testid="server-card"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-name')))).toEqual(
      expect.arrayContaining(['CAS3', 'CAS4']),
    );
    // Inline validation: an invalid name shows the reason and is not applied (CAS1's top-left corner: the pasted
    // copies sit 40 px further down and right).
    await node(page, 'srv-cas1').click({ position: { x: 10, y: 10 } });
    await page.getByTestId('server-name').fill('CAS 1');
    expect(await page.getByTestId('field-error').first().textContent()).toBe('only letters, digits and hyphens are allowed in a computer name');
    await page.getByTestId('server-name').press('Escape');
    // Select a wire (CAS2's NLB membership) and delete it: CAS2 leaves the cluster, its NLB NIC stays.
    await page.locator('.react-flow__edge[data-id="nlbm|nlb-cas|srv-cas2"]').dispatchEvent('click');
    await page.getByTestId('inspector-edge').waitFor();
    await page.keyboard.press('Delete');
    await expect.poll(() => page.getByTestId('nlb-node').textContent()).toContain('1 host');
    expect(await page.locator('.react-flow__edge[data-id^="nic|srv-cas2|"]').count()).toBe(2);
    // Drag a DAG member out of the DAG: it leaves it.
    const mb2 = await box(node(page, 'srv-mb2'));
    await drag(page, { x: mb2.x + 20, y: mb2.y + 12 }, { x: mb2.x + 20, y: dag.y + dag.height + 160 });
    await expect.poll(() => node(page, 'dag-1').textContent()).toContain('2 members');
    // Select all, delete, undo.
    await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Control+a');
    await page.keyboard.press('Delete');
    await expect.poll(() => page.locator('.react-flow__node').count()).toBe(0);
    await page.keyboard.press('Control+z');
    await expect.poll(() => page.locator('[data-testid="server-card"]').count()).toBe(7);
    await page.close();
  });

  it('autosaves an unsaved design and offers to recover it on the next start', async () => {
    const page = await openDesigner(harness());
    await newFromTemplate(page, 'seed-lab');
    await node(page, 'srv-ex2').click();
    await page.getByTestId('server-name').fill('EXMBX');
    await page.getByTestId('server-name').press('Enter');
    await page.getByTestId('server-card').filter({ hasText: 'EXMBX' }).waitFor();
    const autosaveDir = join(harness().documentsDir, '.extopo');
    await expect.poll(() => folderText(autosaveDir).includes('EXMBX'), { timeout: 15_000 }).toBe(true);
    // A fresh page (the app "crashed"): the recovery offer restores the edit, still unsaved.
    await page.close();
    const again = await openDesigner(harness());
    await again.getByTestId('recover-dialog').waitFor();
    await again.getByTestId('recover-restore').first().click();
    await again.getByTestId('server-card').filter({ hasText: 'EXMBX' }).waitFor();
    await again.getByTestId('dirty-dot').waitFor();
    expect(await toasts(again)).toEqual(expect.arrayContaining(['Recovered the autosaved design: save it to keep it.']));
    await again.close();
  });
});

/** Everything written in a folder and its subfolders (the autosave files), as one text. */
function folderText(dir: string): string {
  if (!existsSync(dir)) return '';
  return readdirSync(dir, { withFileTypes: true })
    .map((e) => (e.isDirectory() ? folderText(join(dir, e.name)) : readFileSync(join(dir, e.name), 'utf8')))
    .join('\n');
}
