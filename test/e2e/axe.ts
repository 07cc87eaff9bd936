// Accessibility checks for the end-to-end tests: axe-core (through @axe-core/playwright) on the page as it is, against
// WCAG 2.0 / 2.1 A and AA, failing on serious and critical violations. The report names each rule, its impact,
// its help text and the offending elements, so a failure says what to fix.
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import type { Harness } from './harness';

export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
/** Impacts that fail the check. */
export const BLOCKING_IMPACTS: readonly string[] = ['serious', 'critical'];

export interface AxeViolation {
  readonly id: string;
  readonly impact: string;
  readonly help: string;
  /** CSS selectors of the offending elements, with axe's summary of what is wrong for the first ones. */
  readonly nodes: readonly string[];
}

export interface AxeReport {
  /** Serious and critical violations: the check's verdict. */
  readonly blocking: readonly AxeViolation[];
  /** Moderate and minor ones, for information. */
  readonly other: readonly AxeViolation[];
}

/**
 * openDesigner (harness.ts) in a page of its own browser context: axe's Playwright runner opens a helper page in the
 * page's context, which a context owned by browser.newPage() refuses. Closing the page closes its context.
 */
export async function openDesignerForAxe(h: Harness, viewport = { width: 1440, height: 900 }): Promise<Page> {
  const context = await h.browser.newContext({ viewport, acceptDownloads: true });
  const page = await context.newPage();
  page.on('pageerror', (e) => {
    throw new Error(`page error: ${e.message}`);
  });
  // The harness may close the browser first: then the context is gone already, which is not an error.
  page.on('close', () => {
    context.close().catch(() => undefined);
  });
  await page.goto(h.host.url);
  await page.locator('[data-testid="templates-dialog"], [data-testid="recover-dialog"]').first().waitFor();
  return page;
}

/** Runs axe on the page, or on the part of it that `include` selects. */
export async function axeCheck(page: Page, options: { include?: string; exclude?: readonly string[] } = {}): Promise<AxeReport> {
  let builder = new AxeBuilder({ page }).withTags(WCAG_TAGS);
  if (options.include) builder = builder.include(options.include);
  for (const selector of options.exclude ?? []) builder = builder.exclude(selector);
  const results = await builder.analyze();
  const violations: AxeViolation[] = results.violations.map((v) => ({
    id: v.id,
    impact: v.impact ?? 'unknown',
    help: v.help,
    nodes: v.nodes.map((n, i) => `${n.target.join(' ')}${i < 3 && n.failureSummary ? ` — ${n.failureSummary.replace(/\s+/g, ' ').trim()}` : ''}`),
  }));
  return {
    blocking: violations.filter((v) => BLOCKING_IMPACTS.includes(v.impact)),
    other: violations.filter((v) => !BLOCKING_IMPACTS.includes(v.impact)),
  };
}

/** One line per violation and one per element (the first few), for an assertion message. */
export function describeViolations(violations: readonly AxeViolation[], elements = 5): string {
  return violations
    .map((v) => [`${v.impact} ${v.id}: ${v.help} (${v.nodes.length} element${v.nodes.length === 1 ? '' : 's'})`, ...v.nodes.slice(0, elements).map((n) => `    ${n}`)].join('\n'))
    .join('\n');
}

/** Rule ids with their element counts ("color-contrast ×3"), for a compact log line. */
export function summarize(violations: readonly AxeViolation[]): string[] {
  return violations.map((v) => `${v.id} ×${v.nodes.length}`);
}
