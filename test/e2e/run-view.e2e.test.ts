// The run view end to end, in Chromium against the browser host: the seed lab rehearsed from the Runs tab (an
// operator checklist confirmed by hand, the servers on the canvas showing their step, progress to 48/48 all green),
// the run in the past-runs list with its Markdown report; a fault that stops a rehearsal, retried from the view.
// Screenshots of the run mid-run and at the end go to test-results/.
import '../setup/data-dir';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { newFromTemplate, openDesigner } from './harness';
import { SCREENSHOTS, useHarness } from './suite';

/** The seed lab's runbook: the tutorial's steps and what real hosts need (operator steps, restarts, rollup, checks). */
const SEED_STEPS = 48;
const GREEN = new Set(['succeeded', 'passed', 'already-done', 'confirmed']);
const harness = useHarness();

/** A fresh page with the seed lab open and the Runs tab shown. */
async function openSeedLabRuns(): Promise<Page> {
  const page = await openDesigner(harness());
  await newFromTemplate(page, 'seed-lab');
  await page.getByTestId('tab-runs').click();
  await page.getByTestId('runs-panel').waitFor();
  return page;
}

/** Starts a fast rehearsal with an injected fault from the Runs tab. */
async function rehearseWithFault(page: Page, fault: string): Promise<void> {
  await page.getByTestId('run-rehearse').click();
  await page.getByTestId('run-faults').fill(fault);
  await page.getByTestId('run-pace').selectOption({ label: 'Fast' });
  await page.getByTestId('run-start').click();
}

/** Whether the step the list follows (the first running one, else the first waiting or failed one) is in the list's view. */
async function followedStepInView(page: Page): Promise<boolean> {
  return page.getByTestId('run-steps').evaluate((list) => {
    const items = [...list.querySelectorAll<HTMLElement>('[data-testid="run-step"]')];
    const item = items.find((i) => i.dataset.status === 'running') ?? items.find((i) => i.dataset.status === 'waiting' || i.dataset.status === 'failed');
    if (!item) return true;
    const l = list.getBoundingClientRect();
    const r = item.getBoundingClientRect();
    return r.top >= l.top - 1 && r.bottom <= l.bottom + 1;
  });
}

async function stepStatuses(page: Page): Promise<string[]> {
  return page.getByTestId('run-step').evaluateAll((els) => els.map((e) => e.getAttribute('data-status') ?? ''));
}

describe('the run view', () => {
  it('rehearses the seed lab: live progress and canvas status, operator steps confirmed, 48/48 green, listed with its report', async () => {
    const page = await openSeedLabRuns();
    await expect(page.getByTestId('run-history').textContent()).resolves.toBe('');

    await page.getByTestId('run-rehearse').click();
    const setup = page.getByTestId('run-setup');
    await setup.waitFor();
    // Operator checklist steps wait for a person in this rehearsal. EX3's scripts take 1.5 s longer, so that steps are
    // seen running even on a loaded machine: at the watchable pace the lab reaches the first checklist (where nothing
    // runs until it is confirmed) within a few seconds, which a slow page can miss entirely.
    await page.getByTestId('run-autoconfirm').uncheck();
    await page.getByTestId('run-faults').fill('slow:EX3:1500');
    await expect(page.getByTestId('run-dryrun').isChecked()).resolves.toBe(false);
    await page.getByTestId('run-start').click();
    await setup.waitFor({ state: 'detached' });

    // Mid-run: steps running, the bar moving, the running server's card showing its step, the list and the log
    // following the running step; the counts the same in the bar, the list and the badges. Checked the first time a
    // step is seen running (before the first checklist, or between the checklists).
    const view = page.getByTestId('run-view');
    await view.waitFor();
    const running = page.locator('[data-testid="run-step"][data-status="running"]').first();
    let sawRunning = false;
    const midRun = async (): Promise<void> => {
      sawRunning = true;
      await expect.poll(() => page.locator('[data-testid="server-run"][data-state="running"]').count()).toBeGreaterThan(0);
      await page.locator('[data-testid="run-log"] .run-line').first().waitFor();
      const midCount = (await page.getByTestId('run-progress-count').textContent()) ?? '';
      expect(midCount).toMatch(new RegExp(`^\\d+/${SEED_STEPS}$`));
      expect(Number(midCount.split('/')[0])).toBeLessThan(SEED_STEPS);
      await expect(page.getByTestId('run-current').textContent()).resolves.toMatch(/on EX\d/);
      expect(await view.getAttribute('data-status')).toMatch(/running|waiting/);
      // The list keeps a running (or waiting) step in view.
      await expect.poll(() => followedStepInView(page)).toBe(true);
      await page.screenshot({ path: `${SCREENSHOTS}run-view-mid.png` });
    };

    // Each operator checklist step waits for a confirmation (unbinding File and Printer Sharing, the product keys, the
    // Outlook profiles): confirmed one by one.
    // (Several can wait at once: the NLB members' in preflight.)
    const waiting = page.getByTestId('run-waiting-step').first();
    const succeeded = page.locator('[data-testid="run-view"][data-status="succeeded"]');
    const confirmed: string[] = [];
    for (;;) {
      const next = await Promise.race([
        waiting.waitFor({ timeout: 60_000 }).then(() => 'waiting' as const),
        succeeded.waitFor({ timeout: 60_000 }).then(() => 'done' as const),
        ...(sawRunning ? [] : [running.waitFor({ timeout: 60_000 }).then(() => 'running' as const)]),
      ]);
      if (next === 'running') {
        await midRun();
        continue;
      }
      if (next === 'done') break;
      // The counts agree (read in one go, as other steps may still run): the bar's figure is the list's.
      const [bar, ended] = await page.evaluate(() => [
        document.querySelector('[data-testid="run-progress-count"]')?.textContent ?? '',
        [...document.querySelectorAll('[data-testid="run-step"]')].filter((e) => !['pending', 'running', 'waiting'].includes(e.getAttribute('data-status') ?? '')).length,
      ]);
      expect(bar).toBe(`${ended}/${SEED_STEPS}`);
      const stepId = (await waiting.getAttribute('data-step')) ?? '';
      const title = (await waiting.textContent()) ?? '';
      await expect(view.getAttribute('data-status')).resolves.toMatch(/running|waiting/);
      await page.locator(`[data-testid="run-waiting-step"][data-step="${stepId}"] [data-testid="run-confirm"]`).click();
      confirmed.push(title);
      await page.locator(`[data-testid="run-waiting-step"][data-step="${stepId}"]`).waitFor({ state: 'detached' });
    }
    expect(sawRunning).toBe(true);
    expect(confirmed.some((t) => /Outlook profiles/.test(t))).toBe(true);
    expect(confirmed.length).toBe(5);

    await expect(page.getByTestId('run-progress-count').textContent()).resolves.toBe(`${SEED_STEPS}/${SEED_STEPS}`);
    const statuses = await stepStatuses(page);
    expect(statuses).toHaveLength(SEED_STEPS);
    expect(statuses.filter((s) => !GREEN.has(s))).toEqual([]);
    await expect(page.getByTestId('run-all-green').textContent()).resolves.toContain('Every step ended green');
    // Every server card says its steps are done.
    await expect.poll(() => page.locator('[data-testid="server-run"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-state')))).toEqual(['done', 'done', 'done']);
    await page.waitForTimeout(400); // the bar's width transition
    await page.screenshot({ path: `${SCREENSHOTS}run-view-end.png` });

    // The badges on the canvas can be dismissed (the × on a badge), and brought back from the run view.
    await expect(page.getByTestId('run-badges').isChecked()).resolves.toBe(true);
    await page.getByTestId('server-run-dismiss').first().click();
    await expect.poll(() => page.getByTestId('server-run').count()).toBe(0);
    await expect(page.getByTestId('run-badges').isChecked()).resolves.toBe(false);
    await page.getByTestId('run-badges').check();
    await expect.poll(() => page.getByTestId('server-run').count()).toBe(3);

    // The run in the past-runs list, and its Markdown report.
    const runId = (await view.getAttribute('data-run')) ?? '';
    const item = page.locator(`[data-testid="run-history-item"][data-run="${runId}"]`);
    await expect.poll(() => item.getAttribute('data-status')).toBe('succeeded');
    await expect(item.textContent()).resolves.toContain(`${SEED_STEPS}/${SEED_STEPS} steps done`);
    const [download] = await Promise.all([page.waitForEvent('download'), item.getByTestId('run-history-md').click()]);
    expect(download.suggestedFilename()).toBe(`run-${runId}-report.md`);
    const report = readFileSync((await download.path()) ?? '', 'utf8');
    expect(report).toContain('# Run report: Deployment runbook: Seed lab: CAS array with Windows NLB');
    expect(report).toContain('| Status | succeeded |');
    expect(report).toMatch(/\| 42 \| Update existing Outlook profiles to use CAS array .* \| ✔ confirmed \|/);
    expect(report).toContain('confirmed by operator');
    expect(report.match(/\| ✔ (ran and verified|check passed|already done|confirmed) \|/g)).toHaveLength(SEED_STEPS);

    // Opening the journal again shows the same run from disk.
    await item.getByTestId('run-open').click();
    await expect.poll(() => stepStatuses(page)).toEqual(statuses);
    await page.close();
  }, 180_000);

  it('stops a rehearsal on an injected fault, shows the error and the failing command, and retries it to green', async () => {
    const page = await openSeedLabRuns();
    await rehearseWithFault(page, 'fail:setup.exchange.srv-ex3:1');

    const failed = page.locator('[data-testid="run-failed-step"][data-step="setup.exchange.srv-ex3"]');
    await failed.waitFor({ timeout: 60_000 });
    await expect(failed.textContent()).resolves.toMatch(/Injected fault: step setup.exchange.srv-ex3 fails/);
    await expect(failed.locator('code').textContent()).resolves.toMatch(/\$setup/);
    await page.locator('[data-testid="run-view"][data-status="failed"]').waitFor();
    await expect.poll(() => page.locator('[data-testid="server-run"][data-state="failed"]').count()).toBe(1);

    await failed.getByTestId('run-retry').click();
    await page.locator('[data-testid="run-view"][data-status="succeeded"]').waitFor({ timeout: 60_000 });
    expect((await stepStatuses(page)).filter((s) => !GREEN.has(s))).toEqual([]);
    await expect(page.locator('[data-testid="run-step"][data-step="setup.exchange.srv-ex3"]').getAttribute('data-status')).resolves.toBe('succeeded');
    await page.close();
  });

  it('resumes a failed rehearsal from the list; after a design change the resume is refused with the reason and an offer to plan again', async () => {
    const page = await openSeedLabRuns();
    await rehearseWithFault(page, 'unreachable:EX4');
    await page.locator('[data-testid="run-view"][data-status="failed"]').waitFor({ timeout: 60_000 });
    const runId = (await page.getByTestId('run-view').getAttribute('data-run')) ?? '';
    const item = page.locator(`[data-testid="run-history-item"][data-run="${runId}"]`);
    await expect.poll(() => item.getAttribute('data-status')).toBe('failed');

    // The design changes (another setup media path changes the setup steps): resuming is refused.
    const media = page.getByLabel('Setup media path');
    await media.fill('E:\\');
    await media.press('Enter');
    await item.getByTestId('run-resume').click();
    const refusal = page.getByTestId('run-refusal');
    await refusal.waitFor();
    await expect(refusal.textContent()).resolves.toMatch(new RegExp(`Run ${runId} cannot be resumed.*the design changed since this run was planned.*plan again`));
    await refusal.getByTestId('run-plan-again').click();
    await page.getByTestId('run-setup').waitFor();
    await page.getByRole('button', { name: 'Cancel' }).click();

    // Back to the design the run was planned with: it resumes (the lab repaired) and finishes green.
    await page.getByTestId('btn-undo').click();
    await expect(media.inputValue()).resolves.toBe('D:\\');
    await item.getByTestId('run-resume').click();
    await page.locator(`[data-testid="run-view"][data-run="${runId}"][data-status="succeeded"]`).waitFor({ timeout: 60_000 });
    await expect(page.getByTestId('run-progress-count').textContent()).resolves.toBe(`${SEED_STEPS}/${SEED_STEPS}`);
    await expect.poll(() => item.getAttribute('data-status')).toBe('succeeded');
    await page.close();
  });

  it('runs against hosts: mapping pre-filled with the FQDNs, no "remember" in the browser, the organization typed for a real run, a missing PowerShell said plainly', async () => {
    // Never reach for a real PowerShell (or a network) from a test: point the transport at a file that does not exist.
    const saved = process.env.NODE_POWERSHELL;
    process.env.NODE_POWERSHELL = join(harness().documentsDir, 'no-such-pwsh');
    try {
      const page = await openDesigner(harness());
      await newFromTemplate(page, 'seed-lab');
      await page.getByTestId('btn-run').click();
      await page.getByTestId('run-setup').waitFor();
      await page.getByTestId('run-target-hosts').check();
      for (const [server, fqdn] of [['EX2', 'ex2.exchangeserverpro.local'], ['EX3', 'ex3.exchangeserverpro.local'], ['EX4', 'ex4.exchangeserverpro.local']]) {
        await expect(page.getByTestId(`run-host-${server}`).inputValue()).resolves.toBe(fqdn);
      }
      await expect(page.getByTestId('run-remember').isDisabled()).resolves.toBe(true);
      await expect(page.getByTestId('run-setup').textContent()).resolves.toContain('The browser host cannot remember credentials');
      await expect(page.getByTestId('run-dryrun').isChecked()).resolves.toBe(true);
      await expect(page.getByTestId('run-start').isDisabled()).resolves.toBe(true);
      await page.getByTestId('run-user').fill('EXCHANGESERVERPRO\\deploy');
      await page.getByTestId('run-password').fill('not-a-real-password');

      // A real run needs the organization name typed.
      await page.getByTestId('run-dryrun').uncheck();
      await page.getByTestId('run-confirm-org').waitFor();
      await expect(page.getByTestId('run-start').textContent()).resolves.toBe('Start the real run');
      await expect(page.getByTestId('run-start').isDisabled()).resolves.toBe(true);
      await page.getByTestId('run-org-input').fill('ExchangeServerPro');
      await expect(page.getByTestId('run-start').isEnabled()).resolves.toBe(true);

      // Back to a dry run: PowerShell is missing on this machine, and the run view says so before anything is planned.
      await page.getByTestId('run-dryrun').check();
      await page.getByTestId('run-start').click();
      const toast = page.getByTestId('toast').filter({ hasText: /PowerShell/ });
      await toast.waitFor();
      await expect(toast.textContent()).resolves.toMatch(/Planning the run failed: Cannot run against real hosts from this machine: PowerShell \(.*no-such-pwsh\) was not found on this machine/);
      await expect(page.getByTestId('run-setup').isVisible()).resolves.toBe(true);
      // The account is held (for the next try) without its password anywhere on the page.
      await expect(page.getByTestId('run-credential-held').locator('option:checked').textContent()).resolves.toBe('EXCHANGESERVERPRO\\deploy');
      expect(await page.content()).not.toContain('not-a-real-password');
      await page.close();
    } finally {
      if (saved === undefined) delete process.env.NODE_POWERSHELL;
      else process.env.NODE_POWERSHELL = saved;
    }
  });
});
