// The inventory.* channels (main/services/inventory.ts) through the service registry, as the renderer calls them:
// import of a hand-written inventory (a new design, the notes, refusals with the problems), the output protocol of the
// one-click read (base64 between markers), the real-host path through the Transport interface (a stand-in transport:
// the step, the host, the credential and no password anywhere; failures in words), and - with pwsh - the inventory
// script run for real against the host double: in the lab of an imported design, in the lab of the design's newest
// rehearsal, and through the Transport interface (HostDoubleTransport.run, the Exchange shell lane).
import '../setup/data-dir';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Channel, Request, Response, RunStreamEvent } from '../../shared/ipc/contract';
import { dispatch } from '../../main/ipc/registry';
import { createBrowserServiceSet } from '../../main/services';
import type { BrowserServiceSet } from '../../main/services';
import { BEGIN_MARKER, END_MARKER, InventoryService, inventoryCommand, inventoryFromOutput } from '../../main/services/inventory';
import type { CheckResult, ScriptResult, StepInvocation, Transport, WaitResult } from '../../main/executor';
import { LabWorld } from '../../main/lab';
import { HostDoubleTransport } from '../../main/lab/double/transport';
import { computeDrift, importInventory, parseInventoryText } from '../../shared/inventory';
import { loadDesignText, serializeDesign } from '../../shared/model/load';
import { exampleText } from '../fixtures/designs';
import { describePwsh, itPwsh } from '../support/pwsh';

const FIXTURE = readFileSync(new URL('../fixtures/inventory/fabrikam-inventory.json', import.meta.url), 'utf8');
const PASSWORD = 'S3cret "pass" \'word\' for the inventory';
const DESIGN = { path: null, documentId: 'doc-inventory' };

let dir: string;
let events: RunStreamEvent[];
let set: BrowserServiceSet;

function services(createHostTransport?: () => Transport): BrowserServiceSet {
  return createBrowserServiceSet({ documentsDir: dir, runsDir: join(dir, 'runs'), version: '0.0.0-test', onRunEvent: (e) => events.push(e), labStepMs: 0, ...(createHostTransport ? { createHostTransport } : {}) });
}

function call<C extends Channel>(channel: C, request: Request<C>): Promise<Response<C>> {
  return dispatch(set.registry, channel, request) as Promise<Response<C>>;
}

/** What the PowerShell wrapper prints for a JSON text: the markers and base64 in lines of 200. */
function printed(json: string): string[] {
  const base64 = Buffer.from(json, 'utf8').toString('base64');
  const chunks = base64.match(/.{1,200}/g) ?? [];
  return [BEGIN_MARKER, ...chunks, `${END_MARKER} ${base64.length}`];
}

/** The design text of the fixture's import (an organization of 4 servers, every one existing). */
function importedDesignText(): string {
  const parsed = parseInventoryText(FIXTURE);
  if (!parsed.ok) throw new Error(parsed.problems.join(' '));
  return serializeDesign(importInventory(parsed.inventory).document);
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'extopo-inventory-svc-'));
  events = [];
  set = services();
});

afterEach(async () => {
  await set.runs.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('inventory.import', () => {
  it('turns a hand-written inventory into a new design with every object existing, the notes and a summary', async () => {
    const result = await call('inventory.import', { text: FIXTURE });
    expect(result.summary).toBe('4 servers, 1 DAG, 2 databases, 1 CAS array, 1 NLB cluster');
    expect(result.notes).toContain('The inventory could not read Exchange certificates of FAB-CAS2: Access is denied.');
    const loaded = loadDesignText(result.design);
    if (!loaded.ok) throw new Error('the imported design does not load');
    const d = loaded.document.design;
    expect(d.servers.map((s) => `${s.name}:${s.existing}`)).toEqual(['FAB-CAS1:true', 'FAB-CAS2:true', 'FAB-MB1:true', 'FAB-MB2:true']);
    expect(d.dags.map((x) => x.name)).toEqual(['FABDAG1']);
    expect(d.organization.name).toBe('Fabrikam');
    expect(loaded.document.title).toBe('Fabrikam (inventory on 2025-03-14)');
  });

  it('refuses what is not an inventory, with the problems', async () => {
    await expect(call('inventory.import', { text: '{"format":"extopo-design"}' })).rejects.toMatchObject({
      message: 'This file is not a usable ExTopo inventory.',
      problems: [expect.stringMatching(/^This is not an ExTopo inventory/)],
    });
    await expect(call('inventory.import', { text: 'not json' })).rejects.toMatchObject({ problems: [expect.stringMatching(/^The file is not JSON/)] });
    const broken = JSON.stringify({ ...JSON.parse(FIXTURE), servers: [{ name: 7 }] });
    await expect(call('inventory.import', { text: broken })).rejects.toMatchObject({ problems: [expect.stringContaining('servers[0].name')] });
  });

  it('the browser host has no native dialog for inventories: the page picks the file', async () => {
    expect(await call('inventory.openDialog', {})).toBeNull();
  });
});

describe('the read protocol', () => {
  it('wraps the script so that its JSON comes back as base64 lines between markers', () => {
    const command = inventoryCommand('param([switch] $PassThru) "{}"');
    expect(command).toContain('& {\r\nparam([switch] $PassThru) "{}"\r\n} -PassThru');
    expect(command).toContain(`'${BEGIN_MARKER}'`);
    const json = `${FIXTURE}\n"é – ü"`;
    expect(inventoryFromOutput(['WARNING: something', ...printed(json), 'trailing host line'], 'EX1')).toBe(json);
  });

  it('says when the inventory did not arrive whole', () => {
    expect(() => inventoryFromOutput(['just output'], 'EX1')).toThrow('The inventory script gave no inventory on EX1: its output ended before the inventory was written.');
    const lines = printed(FIXTURE);
    expect(() => inventoryFromOutput([...lines.slice(0, 2), ...lines.slice(3)], 'EX1')).toThrow(/^The inventory from EX1 arrived incomplete \(\d+ of \d+ characters\)\.$/);
    expect(() => inventoryFromOutput([lines[0], `${lines[1].slice(0, 20)}[redacted]`, ...lines.slice(2)], 'EX1')).toThrow(/a part of it matched the password and was redacted/);
  });
});

/** A stand-in for PowerShell remoting: records each call and prints `output`. */
class StandInTransport implements Transport {
  readonly kind = 'stand-in';
  readonly calls: (StepInvocation & { readonly whatIf: boolean })[] = [];
  closed = 0;
  constructor(readonly output: (invocation: StepInvocation) => { lines: string[]; result: ScriptResult }) {}
  async check(): Promise<CheckResult> {
    return { ok: true, done: false };
  }
  async run(invocation: StepInvocation & { readonly whatIf: boolean }): Promise<ScriptResult> {
    this.calls.push(invocation);
    const { lines, result } = this.output(invocation);
    invocation.onOutput({ stream: 'warning', line: 'Could not read Exchange certificates of FAB-CAS2: Access is denied.' });
    for (const line of lines) invocation.onOutput({ stream: 'output', line });
    return result;
  }
  async waitForHost(): Promise<WaitResult> {
    return { ok: true };
  }
  async close(): Promise<void> {
    this.closed++;
  }
}

describe('inventory.read against real hosts (through the Transport interface)', () => {
  it('runs the script read-only in the Exchange shell lane of the chosen server, with the held credential, and returns the JSON', async () => {
    const transport = new StandInTransport(() => ({ lines: printed(FIXTURE), result: { ok: true } }));
    set = services(() => transport);
    const { credentialId } = await call('credentials.set', { user: 'FABRIKAM\\viewer', password: PASSWORD, remember: false });
    const text = importedDesignText();
    const result = await call('inventory.read', { design: DESIGN, text, target: 'hosts', server: 'FAB-CAS1', credentialId });
    expect(result).toEqual({
      text: FIXTURE,
      source: 'fab-cas1.fabrikam.local (as FABRIKAM\\viewer)',
      summary: '4 servers, 1 DAG, 2 databases, 1 CAS array, 1 NLB cluster',
      warnings: ['Could not read Exchange certificates of FAB-CAS2: Access is denied.'],
      problems: 1,
    });
    expect(transport.calls).toHaveLength(1);
    const [invocation] = transport.calls;
    expect(invocation.host).toBe('fab-cas1.fabrikam.local');
    expect(invocation.whatIf).toBe(false);
    expect(invocation.step.target).toEqual({ kind: 'ems', serverId: '', serverName: 'FAB-CAS1' });
    expect(invocation.step.script).toContain('Get-ExTopoInventory');
    expect(invocation.step.script).toContain('} -PassThru');
    expect(invocation.credential.userName).toBe('FABRIKAM\\viewer');
    expect(invocation.credential.password()).toBe(PASSWORD);
    expect(transport.closed).toBe(1);
    // The password is nowhere in what comes back, nor in the step the transport was given.
    expect(JSON.stringify(result)).not.toContain('S3cret');
    expect(JSON.stringify(invocation.step)).not.toContain('S3cret');

    // Another address for the server, given by the admin.
    await call('inventory.read', { design: DESIGN, text, target: 'hosts', server: 'fab-cas2', host: '172.16.10.12', credentialId });
    expect(transport.calls[1].host).toBe('172.16.10.12');
  });

  it('asks for an account, refuses servers the design does not have or that cannot see the organization, and says why a read failed', async () => {
    const transport = new StandInTransport(() => ({
      lines: [],
      result: { ok: false, kind: 'unreachable', error: 'Connecting to remote server fab-cas1.fabrikam.local failed: WinRM cannot complete the operation.', failingCommand: 'inventory.read: New-PSSession …' },
    }));
    set = services(() => transport);
    const text = importedDesignText();
    await expect(call('inventory.read', { design: DESIGN, text, target: 'hosts', server: 'FAB-CAS1' })).rejects.toThrow('Enter the account to read the organization with (View-Only Organization Management is enough).');
    await expect(call('inventory.read', { design: DESIGN, text, target: 'hosts', server: 'NOPE', credentialId: 'cred-x' })).rejects.toThrow('The design has no server NOPE: choose one of its Exchange servers.');
    const { credentialId } = await call('credentials.set', { user: 'FABRIKAM\\viewer', password: PASSWORD, remember: false });
    await expect(call('inventory.read', { design: DESIGN, text, target: 'hosts', server: 'FAB-CAS1', credentialId })).rejects.toMatchObject({
      message: 'Could not reach fab-cas1.fabrikam.local: Connecting to remote server fab-cas1.fabrikam.local failed: WinRM cannot complete the operation.',
      problems: ['inventory.read: New-PSSession …'],
    });
    // A script that printed no inventory.
    const silent = new StandInTransport(() => ({ lines: ['nothing here'], result: { ok: true } }));
    set = services(() => silent);
    const again = await call('credentials.set', { user: 'FABRIKAM\\viewer', password: PASSWORD, remember: false });
    await expect(call('inventory.read', { design: DESIGN, text, target: 'hosts', server: 'FAB-CAS1', credentialId: again.credentialId })).rejects.toThrow(/gave no inventory on fab-cas1\.fabrikam\.local/);
  });

  it('reads one inventory at a time', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const slow: Transport = {
      kind: 'slow',
      check: async () => ({ ok: true, done: false }),
      waitForHost: async () => ({ ok: true }),
      run: async (invocation) => {
        await gate;
        for (const line of printed(FIXTURE)) invocation.onOutput({ stream: 'output', line });
        return { ok: true };
      },
    };
    set = services(() => slow);
    const { credentialId } = await call('credentials.set', { user: 'FABRIKAM\\viewer', password: PASSWORD, remember: false });
    const text = importedDesignText();
    const first = call('inventory.read', { design: DESIGN, text, target: 'hosts', server: 'FAB-CAS1', credentialId });
    await new Promise((r) => setTimeout(r, 20));
    await expect(call('inventory.read', { design: DESIGN, text, target: 'hosts', server: 'FAB-CAS2', credentialId })).rejects.toThrow(/^An inventory is being read already \(fab-cas1\.fabrikam\.local\)/);
    release();
    expect((await first).problems).toBe(1);
  });
});

describePwsh('inventory.read with the inventory script in pwsh against the host double', () => {
  itPwsh(
    'the lab of an imported design (no rehearsal yet: its existing servers are the organization) gives the inventory back; drift is what the lab lacks',
    async () => {
      const text = importedDesignText();
      const result = await call('inventory.read', { design: DESIGN, text, target: 'lab', server: 'FAB-CAS1' });
      expect(result.source).toBe('FAB-CAS1 in a new lab of this design (no rehearsal yet: only its existing servers are deployed)');
      // A CAS array has no `existing` mark in a design: the lab (main/lab/state.ts) deploys existing servers, DAGs,
      // databases and NLB clusters, and leaves the array to the runbook.
      expect(result.summary).toBe('4 servers, 1 DAG, 2 databases, 0 CAS arrays, 1 NLB cluster');
      const parsed = parseInventoryText(result.text);
      if (!parsed.ok) throw new Error(parsed.problems.join(' '));
      const loaded = loadDesignText(text);
      if (!loaded.ok) throw new Error('no design');
      expect(computeDrift(loaded.document.design, parsed.inventory, null).items.map((i) => `${i.kind} ${i.name}`)).toEqual(['missing CAS array CASArray-Paris']);
    },
    300_000,
  );

  itPwsh(
    'a design that was rehearsed: the inventory of the lab its newest rehearsal built',
    async () => {
      const text = exampleText('minimal-ha');
      const design = { path: null, documentId: 'doc-minimal-ha' };
      // Before a rehearsal the lab has none of minimal-ha's (new) servers deployed.
      const before = await call('inventory.read', { design, text, target: 'lab', server: 'CAS1' });
      expect(before.summary).toMatch(/^0 servers/);
      const { runId } = await call('run.plan', { text, design, target: 'lab', hosts: {}, options: { dryRun: false } });
      await call('run.start', { runId, design, text });
      const deadline = Date.now() + 120_000;
      while (!events.some((e) => e.runId === runId && e.type === 'run-finished')) {
        if (Date.now() > deadline) throw new Error('the rehearsal did not finish');
        await new Promise((r) => setTimeout(r, 50));
      }
      const after = await call('inventory.read', { design, text, target: 'lab', server: 'CAS1' });
      expect(after.source).toBe(`CAS1 in the lab of rehearsal ${runId} (succeeded)`);
      expect(after.summary).toBe('4 servers, 1 DAG, 2 databases, 1 CAS array, 1 NLB cluster');
      expect(after.problems).toBe(0);
      // Another design (another window) does not see this design's rehearsal.
      const other = await call('inventory.read', { design: { path: null, documentId: 'doc-other' }, text, target: 'lab', server: 'CAS1' });
      expect(other.summary).toMatch(/^0 servers/);
    },
    300_000,
  );

  itPwsh(
    'the real-host path through the Transport interface: HostDoubleTransport.run in the Exchange shell lane (no WMI there: said, not fatal)',
    async () => {
      const text = importedDesignText();
      const loaded = loadDesignText(text);
      if (!loaded.ok) throw new Error('no design');
      const world = LabWorld.create(loaded.document.design);
      const double = new HostDoubleTransport({ world });
      try {
        const service = new InventoryService({ credentials: set.credentials, createHostTransport: () => ({ kind: double.kind, check: (i) => double.check(i), run: (i) => double.run(i), waitForHost: (r) => double.waitForHost(r) }) });
        const { credentialId } = await call('credentials.set', { user: 'FABRIKAM\\viewer', password: PASSWORD, remember: false });
        const result = await service.read({ design: DESIGN, text, target: 'hosts', server: 'FAB-CAS1', credentialId });
        const parsed = parseInventoryText(result.text);
        if (!parsed.ok) throw new Error(parsed.problems.join(' '));
        // The Exchange cmdlets answered through the lane; what the lane cannot do (WMI) is in the problems.
        expect(parsed.inventory.servers.map((s) => s.name).sort()).toEqual(['FAB-CAS1', 'FAB-CAS2', 'FAB-MB1', 'FAB-MB2']);
        expect(parsed.inventory.dags.map((d) => d.name)).toEqual(['FABDAG1']);
        expect(result.problems).toBeGreaterThan(0);
        expect(result.warnings.some((w) => /^Could not read /.test(w))).toBe(true);
        expect(result.text).not.toContain('S3cret');
      } finally {
        await double.close();
      }
    },
    300_000,
  );
});
