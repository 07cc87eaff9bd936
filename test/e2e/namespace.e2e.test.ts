// The Namespace panel end to end, in Chromium against the browser host: minimal-ha shows its derived names, DNS
// records and certificate; editing the internal host name in the panel plans the namespace, so the runbook gains the
// namespace phase with the new name; a .local name on the public certificate is an error that refuses the runbook;
// undo brings the valid name back.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { axeCheck, describeViolations, openDesignerForAxe } from './axe';
import { findingRules, newFromTemplate, openDesigner } from './harness';
import { SCREENSHOTS, useHarness } from './suite';

const harness = useHarness();

async function showNamespace(page: Page): Promise<void> {
  await page.getByTestId('tab-namespace').click();
  await page.getByTestId('namespace-panel').waitFor();
}

async function setInternalHost(page: Page, value: string): Promise<void> {
  await showNamespace(page);
  const field = page.getByTestId('ns-internal-host').first();
  await field.fill(value);
  await field.press('Enter');
}

async function runbookText(page: Page): Promise<string> {
  await page.getByTestId('tab-runbook').click();
  const steps = page.getByTestId('runbook-steps');
  const refused = page.getByTestId('runbook-refused');
  await steps.or(refused).first().waitFor();
  return (await steps.or(refused).first().textContent()) ?? '';
}

describe('the Namespace panel', () => {
  it('edits a host name: the findings and the runbook follow', async () => {
    const page = await openDesigner(harness());
    await newFromTemplate(page, 'minimal-ha');
    await showNamespace(page);

    // The 2010 defaults from the external host names, with the DNS record each name needs and the VIP it points to.
    await expect(page.getByTestId('ns-status').textContent()).resolves.toContain('defaults');
    await expect(page.getByTestId('ns-internal-host').first().inputValue()).resolves.toBe('mail.contoso.com');
    await expect(page.getByTestId('ns-address').first().textContent()).resolves.toContain('10.0.1.40');
    const internalMail = page.locator('[data-testid="ns-dns-record"][data-zone="internal"][data-name="mail.contoso.com"]');
    await expect(internalMail.textContent()).resolves.toContain('10.0.1.40');
    await expect(page.getByTestId('ns-san').first().textContent()).resolves.toBe('mail.contoso.com, autodiscover.contoso.com');
    await page.screenshot({ path: `${SCREENSHOTS}namespace-panel-defaults.png` });
    // Until the namespace is planned, the runbook leaves it alone.
    expect(await runbookText(page)).not.toContain('Set the internal and external URLs');

    // A new internal name: the namespace is planned, the certificate follows, the runbook sets the URLs to it.
    await setInternalHost(page, 'webmail.contoso.com');
    await showNamespace(page);
    await expect.poll(() => page.getByTestId('ns-san').first().textContent()).toContain('webmail.contoso.com');
    await expect(page.locator('[data-testid="ns-dns-record"][data-zone="internal"][data-name="webmail.contoso.com"]').count()).resolves.toBe(1);
    const planned = await runbookText(page);
    expect(planned).toContain('Set the internal and external URLs of OWA, ECP, EWS, OAB and ActiveSync on CAS1');
    expect(planned).toContain('Create the internal DNS record webmail.contoso.com → 10.0.1.40');
    expect(planned).toContain('Request the certificate mail.contoso.com (3 names) on CAS1');
    expect(await findingRules(page)).not.toContain('error:ns.internal-name-public-ca');

    // An internal-only name cannot go on the public certificate: an error, and no runbook.
    await setInternalHost(page, 'cas.contoso.local');
    await expect.poll(() => findingRules(page)).toContain('error:ns.internal-name-public-ca');
    expect(await runbookText(page)).toContain('No runbook while the design has errors');
    await page.screenshot({ path: `${SCREENSHOTS}namespace-panel.png` });

    // Undo: the valid name is back, and so is the runbook.
    await page.keyboard.press('Control+z');
    await expect.poll(() => findingRules(page)).not.toContain('error:ns.internal-name-public-ca');
    expect(await runbookText(page)).toContain('webmail.contoso.com');
    await page.close();
  });

  it('has no serious or critical accessibility violation (axe, WCAG 2.1 AA)', async () => {
    const page = await openDesignerForAxe(harness());
    await newFromTemplate(page, 'multi-role-hlb');
    await showNamespace(page);
    const report = await axeCheck(page, { include: '.bottom-panel' });
    expect(describeViolations(report.blocking)).toBe('');
    await page.close();
  }, 120_000);
});
