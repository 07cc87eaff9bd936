// The renderer under its production Content-Security-Policy (main/host/csp.ts: style-src 'self', no 'unsafe-inline'):
// loading designs, selecting, dragging, zooming, the bottom tabs and a dialog raise no style-src violation - React and
// React Flow style through the CSSOM, which CSP does not govern.
import { describe, expect, it } from 'vitest';
import { newFromTemplate, node, openDesigner } from './harness';
import { useHarness } from './suite';

const harness = useHarness();

describe('the designer under its Content-Security-Policy', () => {
  it('raises no style-src violation while designs are opened and edited', async () => {
    const page = await openDesigner(harness());
    await page.evaluate(() => {
      const w = window as unknown as { __violations: string[] };
      w.__violations = [];
      document.addEventListener('securitypolicyviolation', (e) => w.__violations.push(`${e.violatedDirective}: ${e.blockedURI} ${e.sample}`));
    });
    const csp = await page.evaluate(() => document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content') ?? '');
    expect(csp).toContain("style-src 'self';");
    await newFromTemplate(page, 'minimal-ha');
    await node(page, 'dag-1').locator('.group-header').click();
    await page.getByTestId('inspector-dag').waitFor();
    const card = page.locator('[data-testid="server-card"][data-name="CAS1"]');
    const b = await card.boundingBox();
    if (b) {
      await page.mouse.move(b.x + b.width / 2, b.y + 10);
      await page.mouse.down();
      await page.mouse.move(b.x + b.width / 2 + 40, b.y + 30, { steps: 5 });
      await page.mouse.up();
    }
    await page.mouse.wheel(0, -300);
    for (const tab of await page.getByRole('tab').all()) await tab.click();
    await newFromTemplate(page, 'two-datacenter');
    const violations = await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations);
    expect(violations.filter((v) => v.startsWith('style-src'))).toEqual([]);
    // Control: style="" markup IS refused and reported, so the listener above would have seen a violation.
    await page.evaluate(() => document.body.insertAdjacentHTML('beforeend', '<div id="csp-probe" style="color: red"></div>'));
    await expect.poll(() => page.evaluate(() => (window as unknown as { __violations: string[] }).__violations.filter((v) => v.startsWith('style-src')).length)).toBeGreaterThan(0);
    await page.close();
  });
});
