// @vitest-environment happy-dom
// The Sizing panel and the sizing inputs, rendered in happy-dom against the real store and planner: the figures and
// their arithmetic per Mailbox server, and edits of the inputs (tiers, failures to survive, SPECint) that change them.
// Expected figures are worked by hand (minimal-ha: 1,000 mailboxes, 1 GB, 100 messages a day, two 8-core servers).
import { act } from 'react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadDocument, useEditor } from '../../renderer/store/editor';
import { SizingPanel } from '../../renderer/panels/SizingPanel';
import { Inspector } from '../../renderer/inspector/Inspector';
import { example } from './examples';
import { byTestId, choose, click, press, render, type } from './render';
import type { Rendered } from './render';

let view: Rendered | null = null;

beforeEach(() => {
  loadDocument(example('minimal-ha'), null);
  useEditor.setState({ selection: new Set(), toasts: [] });
});

afterEach(async () => {
  await view?.unmount();
  view = null;
});

async function commit(input: HTMLInputElement, value: string): Promise<void> {
  await type(input, value);
  await press(input, 'Enter');
}

describe('the Sizing panel', () => {
  it('shows the recommendation and, per Mailbox server, its worst case in figures', async () => {
    view = await render(<SizingPanel />);
    expect(byTestId(view.container, 'sizing-recommendation').textContent).toContain('1 database of 1,000 mailboxes, about 1,413 GB');
    const rows = [...view.container.querySelectorAll('[data-testid="sizing-server-row"]')];
    expect(rows.map((r) => r.getAttribute('data-server'))).toEqual(['MB1', 'MB2']);
    // MB1 with MB2 failed: 1,000 active; 2,200 ÷ 26,664 = 8.3 %; 2 cores of 8; 5.86 GB → 16 GB of 24; 120 IOPS.
    expect([...rows[0].querySelectorAll('td')].map((td) => td.textContent)).toEqual([
      'MB1',
      'MB2 failed',
      '1,000 / 0',
      '8.3 % (target 80 %)',
      '2 / 8',
      '5.9 GB → 16 GB / 24 GB',
      '120',
      '1,949.3 GB',
    ]);
  });

  it('shows the arithmetic of a server when its row is clicked', async () => {
    view = await render(<SizingPanel />);
    await click(view.container.querySelector('[data-server="MB1"]') as Element);
    const lines = [...byTestId(view.container, 'sizing-server-lines').querySelectorAll('li')].map((li) => li.textContent);
    expect(lines[1]).toBe(
      'MB1 CPU: 1,000 active × 2 × 1.1 (2 copies) + 0 passive × 0.3 = 2,200 megacycles; reference core 3,333 megacycles (no SPECint_rate2006 given) × 8 cores = 26,664 available → 8.3 % at worst (target 80 %); needs 2,200 ÷ (3,333 × 80 %) = 0.83 → 2 cores (Mailbox minimum 2); has 8.',
    );
    expect(lines[2]).toBe('MB1 memory: 1,000 active mailboxes at worst × 6 MB = 5.86 GB database cache → 16 GB RAM (10.4 GB cache); has 24 GB (17.6 GB cache).');
  });

  it('marks what is short in red and says so without sizing inputs', async () => {
    const doc = example('minimal-ha');
    doc.design.servers.find((s) => s.name === 'MB1')!.ramGB = 8;
    loadDocument(doc, null);
    view = await render(<SizingPanel />);
    const row = view.container.querySelector('[data-server="MB1"]') as Element;
    expect(row.querySelector('td.short')?.textContent).toBe('5.9 GB → 16 GB / 8 GB');
    const bare = example('minimal-ha');
    delete bare.design.sizing;
    await act(async () => loadDocument(bare, null));
    expect(byTestId(view.container, 'sizing-no-inputs').textContent).toContain('No sizing inputs');
    expect(byTestId(view.container, 'sizing-sites').textContent).toContain('16 combined CAS+HT cores × 1 = 16 of 16 Mailbox cores covered');
  });
});

describe('the sizing inputs in the inspector', () => {
  it('edits the mailbox tiers and the failures to survive, and the figures follow', async () => {
    view = await render(<Inspector />);
    const mailboxes = byTestId(view.container, 'sizing-mailboxes') as HTMLInputElement;
    await commit(mailboxes, '3000');
    expect(useEditor.getState().doc.design.sizing?.tiers[0].mailboxCount).toBe(3000);
    // 3,000 mailboxes in two databases: at worst 3,000 active on MB1 × 6 MB = 17.58 GB → the 24 GB row (17.6).
    expect(useEditor.getState().plan.sizing.servers.find((s) => s.serverName === 'MB1')?.mailbox?.ramRow).toEqual({ ramGB: 24, cacheGB: 17.6 });
    await click(byTestId(view.container, 'sizing-add-tier'));
    expect(view.container.querySelectorAll('[data-testid="sizing-tier"]')).toHaveLength(2);
    expect(useEditor.getState().doc.design.sizing?.tiers.map((t) => t.mailboxCount)).toEqual([3000, 100]);
    await commit(byTestId(view.container, 'sizing-failures') as HTMLInputElement, '2');
    expect(useEditor.getState().plan.findings.some((f) => f.ruleId === 'size.failures')).toBe(true);
    await choose(byTestId(view.container, 'sizing-storage-kind') as HTMLSelectElement, 'driveLetters');
    expect(useEditor.getState().plan.sizing.databases[0].edbFilePath).toBe('E:\\DB1.db\\DB1.edb');
  });

  it('turns sizing off and on again with the defaults', async () => {
    view = await render(<Inspector />);
    await click(byTestId(view.container, 'sizing-on'));
    expect(useEditor.getState().doc.design.sizing).toBeUndefined();
    await click(byTestId(view.container, 'sizing-on'));
    expect(useEditor.getState().doc.design.sizing).toMatchObject({ tiers: [{ name: 'All mailboxes', mailboxCount: 500 }], averageMessageSizeKB: 75, deletedItemRetentionDays: 14 });
  });

  it("takes a server's SPECint_rate2006 result and shows its figures", async () => {
    useEditor.setState({ selection: new Set(['srv-mb1']) });
    view = await render(<Inspector />);
    await commit(byTestId(view.container, 'server-specint') as HTMLInputElement, '351');
    expect(useEditor.getState().doc.design.servers.find((s) => s.id === 'srv-mb1')?.specIntRate).toBe(351);
    // 351 ÷ 8 cores × 3,333 ÷ 18.75 = 7,799 megacycles per core.
    const lines = byTestId(view.container, 'server-sizing-lines').textContent ?? '';
    expect(lines).toContain('SPECint_rate2006 351 ÷ 8 cores × 3,333 ÷ 18.75 = 7,799 megacycles per core');
  });
});
