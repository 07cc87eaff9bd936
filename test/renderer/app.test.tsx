// @vitest-environment happy-dom
// The designer rendered in happy-dom against a fake IPC API: start-up, templates, Electron menu commands, saving
// through the native dialog, inline validation in the inspector, the Problems panel.
import { act } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { serializeDesign } from '../../shared/model/load';
import type { Channel, Request } from '../../shared/ipc/contract';
import { emptyDesignDocument } from '../../shared/edits/document';
import { loadDocument, useEditor } from '../../renderer/store/editor';
import { example } from './examples';
import { byTestId, choose, click, press, render, type } from './render';
import { MAX_NICS_PER_SERVER } from '../../shared/model/schema';
import type { Rendered } from './render';

interface Call {
  channel: Channel;
  request: unknown;
}

const fake = vi.hoisted(() => {
  const state = { calls: [] as { channel: string; request: unknown }[], menu: [] as ((payload: unknown) => void)[], responses: new Map<string, (req: unknown) => unknown>() };
  return state;
});

vi.mock('../../renderer/api/client', () => ({
  getApi: () => ({
    invoke: async (channel: string, request: unknown) => {
      fake.calls.push({ channel, request });
      const respond = fake.responses.get(channel);
      if (!respond) throw new Error(`unexpected call ${channel}`);
      return respond(request);
    },
    on: (event: string, listener: (payload: unknown) => void) => {
      if (event === 'menu') fake.menu.push(listener);
      return () => {
        fake.menu = fake.menu.filter((l) => l !== listener);
      };
    },
  }),
}));

const { App } = await import('../../renderer/app/App');

function respond<C extends Channel>(channel: C, fn: (req: Request<C>) => unknown): void {
  fake.responses.set(channel, fn as (req: unknown) => unknown);
}

function calls(channel: Channel): Call[] {
  return fake.calls.filter((c) => c.channel === channel) as Call[];
}

async function settle(): Promise<void> {
  await act(async () => {
    await new Promise((r) => setTimeout(r, 20));
  });
}

async function menu(command: string): Promise<void> {
  await act(async () => {
    for (const l of fake.menu) l(command);
  });
  await settle();
}

let view: Rendered | null = null;

beforeEach(() => {
  loadDocument(emptyDesignDocument(), null);
  useEditor.setState({ toasts: [], dialog: null, clipboard: null });
  fake.calls = [];
  fake.responses.clear();
  respond('app.info', () => ({ version: '0.1.0', shell: 'electron', platform: 'linux', documentsDir: '/docs' }));
  respond('autosave.list', () => []);
  respond('autosave.clear', () => ({ cleared: true }));
  respond('window.setState', () => ({ ok: true }));
  respond('templates.list', () => [{ name: 'seed-lab', title: 'Seed lab', description: 'CAS array with Windows NLB' }]);
  respond('templates.get', () => ({ name: 'seed-lab', text: serializeDesign(example('seed-lab')) }));
});

afterEach(async () => {
  await view?.unmount();
  view = null;
});

async function startWithSeedLab(): Promise<Rendered> {
  const v = await render(<App />);
  await settle();
  await click(byTestId(document.body, 'template-seed-lab'));
  await settle();
  return v;
}

describe('the designer app', () => {
  it('starts with the templates gallery and opens the chosen template on the canvas', async () => {
    view = await startWithSeedLab();
    const cards = [...document.querySelectorAll('[data-testid="server-card"]')].map((c) => c.getAttribute('data-name'));
    expect(cards).toEqual(['EX2', 'EX3', 'EX4']);
    const ex3 = document.querySelector('[data-testid="server-card"][data-name="EX3"]');
    expect([...(ex3?.querySelectorAll('.role') ?? [])].map((r) => r.textContent)).toEqual(['CAS', 'HT']);
    expect(document.title).toBe('Seed lab: CAS array with Windows NLB — ExTopo');
    expect(calls('window.setState').at(-1)?.request).toEqual({ title: 'Seed lab: CAS array with Windows NLB — ExTopo', dirty: false });
    expect(byTestId(document.body, 'ha-MB').getAttribute('data-ha')).toBe('no');
  });

  it('runs the commands of Electron menu events: select all, delete, undo', async () => {
    view = await startWithSeedLab();
    await menu('edit.selectAll');
    expect(useEditor.getState().selection.size).toBe(7);
    await menu('edit.delete');
    expect(useEditor.getState().doc.design.servers).toEqual([]);
    expect(calls('window.setState').at(-1)?.request).toMatchObject({ dirty: true });
    await menu('edit.undo');
    expect(document.querySelectorAll('[data-testid="server-card"]')).toHaveLength(3);
    await menu('not.a.command');
    expect(useEditor.getState().doc.design.servers).toHaveLength(3);
  });

  it('saves a new design through the native save dialog and clears the dirty state', async () => {
    respond('document.saveDialog', () => ({ path: '/docs/lab.extopo.json' }));
    respond('document.write', (req) => ({ path: req.path, savedAt: '2026-11-25T12:00:00Z' }));
    view = await startWithSeedLab();
    await menu('edit.selectAll');
    await menu('edit.delete');
    await menu('file.save');
    expect(calls('document.saveDialog')[0].request).toEqual({ suggestedName: 'Seed lab- CAS array with Windows NLB.extopo.json', format: 'design' });
    const written = calls('document.write')[0].request as { path: string; text: string };
    expect(written.path).toBe('/docs/lab.extopo.json');
    expect(JSON.parse(written.text)).toMatchObject({ revision: 2, design: { servers: [] } });
    expect(useEditor.getState().path).toBe('/docs/lab.extopo.json');
    expect(document.querySelector('[data-testid="dirty-dot"]')).toBeNull();
    expect(calls('window.setState').at(-1)?.request).toEqual({ title: 'lab.extopo.json — ExTopo', dirty: false });
    expect(calls('autosave.clear')[0].request).toEqual({ key: 'untitled' });
  });

  it('validates inspector fields inline and applies only valid values (undoably)', async () => {
    view = await startWithSeedLab();
    await act(async () => useEditor.setState({ selection: new Set(['srv-ex3']) }));
    const name = byTestId(document.body, 'server-name') as HTMLInputElement;
    await type(name, 'EX 3');
    expect(byTestId(document.body, 'field-error').textContent).toBe('only letters, digits and hyphens are allowed in a computer name');
    await press(name, 'Enter');
    expect(useEditor.getState().doc.design.servers.find((s) => s.id === 'srv-ex3')?.name).toBe('EX3');
    await type(name, 'EXCAS01');
    expect(document.querySelector('.field-warning')?.textContent).toBeUndefined();
    await press(name, 'Enter');
    expect(useEditor.getState().doc.design.servers.find((s) => s.id === 'srv-ex3')).toMatchObject({ name: 'EXCAS01', fqdn: 'excas01.exchangeserverpro.local' });
    await type(byTestId(document.body, 'server-name') as HTMLInputElement, 'A-VERY-LONG-NAME-16');
    expect(document.querySelector('.field-warning')?.textContent).toBe('19 characters: NetBIOS names have at most 15 (rule name.netbios)');
    await menu('edit.undo');
    expect(useEditor.getState().doc.design.servers.find((s) => s.id === 'srv-ex3')?.name).toBe('EX3');
  });

  it('adds NICs from the subnet picker and shows the refusal under it once the server is full', async () => {
    view = await startWithSeedLab();
    await act(async () => useEditor.setState({ selection: new Set(['srv-ex2']) }));
    const picker = document.querySelector('select[aria-label="Subnet of the new NIC"]') as HTMLSelectElement;
    const add = [...document.querySelectorAll('button')].find((b) => b.textContent === 'Add NIC') as HTMLButtonElement;
    expect(add.disabled).toBe(true);
    const nics = () => document.querySelectorAll('[data-testid="nic-row"]').length;
    for (let n = nics(); n < MAX_NICS_PER_SERVER; n++) {
      await choose(picker, 'subnet-lan');
      await click(add);
      expect(nics()).toBe(n + 1);
      expect(picker.value).toBe('');
    }
    await choose(picker, 'subnet-lan');
    await click(add);
    expect(nics()).toBe(MAX_NICS_PER_SERVER);
    expect(byTestId(document.body, 'inspector-server').querySelector('.field-error')?.textContent).toBe(
      `EX2 already has ${MAX_NICS_PER_SERVER} NICs, the most ExTopo models per server: remove one first.`,
    );
  });

  it('counts in words: "1 database", not "1 databases"', async () => {
    view = await startWithSeedLab();
    const pane = byTestId(document.body, 'inspector-document');
    expect(pane.querySelector('p.muted')?.textContent).toBe('3 servers · 1 subnet · 0 DAGs · 1 load balancer · 1 database');
    // 150 mailboxes × 1.177 GB on disk × 1.2 = 1.413 GB each: 141 fit under 200 GB (one HA copy), so 2 databases of 75
    // (106 GB); EX2 needs the Mailbox minimum of 2 cores and the 4 GB row (0.88 GB of cache); 150 × 0.12 × 1.2 IOPS.
    expect(byTestId(document.body, 'sizing-summary').textContent).toBe('Recommended: 2 databases of about 106 GB, 1 HA copy each; Mailbox servers up to 2 cores and 4 GB RAM; 21.6 IOPS. Show the arithmetic');
  });

  it('lists the findings with counts, and a click selects the object that owns the fix and shows it', async () => {
    view = await startWithSeedLab();
    const { counts } = useEditor.getState().plan;
    expect(byTestId(document.body, 'tab-problems').textContent).toBe(`Problems (${counts.error} E, ${counts.warning} W, ${counts.info} I)`);
    const row = document.querySelector('[data-rule="ha.mailbox"] button');
    if (!row) throw new Error('no ha.mailbox finding');
    await click(row);
    expect([...useEditor.getState().selection]).toEqual(['srv-ex2']);
    // Shown without a jump to 100 %: the canvas zooms only as far as needed (Canvas.tsx, 'reveal').
    expect(useEditor.getState().viewRequest).toMatchObject({ kind: 'reveal', ids: ['srv-ex2'] });
    expect(byTestId(document.body, 'inspector-server').textContent).toContain('Server EX2');
  });
});
