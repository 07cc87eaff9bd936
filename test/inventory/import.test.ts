// Import and drift on hand-written inventories: what an admin's organization looks like in Get-ExTopoInventory.ps1's
// JSON, hostile values (quotes, Unicode, control characters, injection attempts), the CLI commands and their exits.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { Inventory} from '../../shared/inventory';
import { computeDrift, importInventory, parseInventoryText } from '../../shared/inventory';
import { loadDesignText } from '../../shared/model/load';
import { planDesign } from '../../shared/planner/engine';
import { generateRunbook } from '../../shared/runbook/generate';
import { renderPs1 } from '../../shared/runbook/ps1';
import { importCommand } from '../../main/cli/commands/import';
import { driftCommand } from '../../main/cli/commands/drift';
import { inventoryScriptCommand } from '../../main/cli/commands/inventoryScript';
import type { CliIo } from '../../main/cli/command';

/** A small organization: one site, two Mailbox servers in a DAG, one CAS/HT server, one database with two copies. */
function organization(): Record<string, unknown> {
  const server = (name: string, roles: string[], ip: string, repl?: string) => ({
    name,
    fqdn: `${name.toLowerCase()}.fabrikam.local`,
    site: 'Berlin',
    roles,
    edition: 'Enterprise',
    adminDisplayVersion: 'Version 14.3 (Build 123.4)',
    os: { caption: 'Microsoft Windows Server 2008 R2 Enterprise ', version: '6.1.7601', servicePack: 1 },
    domainController: false,
    cores: 8,
    ramGB: 32,
    virtualized: true,
    nics: [
      { name: 'LAN', description: 'vmxnet3', addresses: [{ ipv4: ip, subnetMask: '255.255.255.0' }], registersInDns: true },
      ...(repl ? [{ name: 'Replication', description: 'vmxnet3', addresses: [{ ipv4: repl, subnetMask: '255.255.255.0' }], registersInDns: false }] : []),
    ],
  });
  return {
    format: 'extopo-inventory',
    formatVersion: 1,
    collectedAt: '2026-12-01T09:00:00Z',
    organization: { name: 'Fabrikam', adDomain: 'fabrikam.local', domainController: 'FAB-DC1.fabrikam.local' },
    sites: [{ name: 'Berlin', subnets: ['172.16.1.0/24', '172.16.2.0/24'] }],
    servers: [server('FAB-CAS1', ['CAS', 'HT'], '172.16.1.10'), server('FAB-MB1', ['MB'], '172.16.1.21', '172.16.2.21'), server('FAB-MB2', ['MB'], '172.16.1.22', '172.16.2.22')],
    casArrays: [{ name: 'Array-Berlin', fqdn: 'outlook.fabrikam.local', site: 'Berlin', members: ['FAB-CAS1'] }],
    dags: [
      {
        name: 'DAG-BER',
        members: ['FAB-MB1', 'FAB-MB2'],
        witnessServer: 'fab-cas1.fabrikam.local',
        witnessDirectory: 'C:\\DAG-BER',
        datacenterActivationMode: 'Off',
        ipAddresses: ['172.16.1.50'],
        networks: [
          { name: 'MapiNet', subnets: ['172.16.1.0/24'], replicationEnabled: false, mapiAccessEnabled: true },
          { name: 'ReplNet', subnets: ['172.16.2.0/24'], replicationEnabled: true, mapiAccessEnabled: false },
        ],
      },
    ],
    databases: [
      {
        name: 'MBX-DB01',
        server: 'FAB-MB1',
        masterServerOrAvailabilityGroup: 'DAG-BER',
        rpcClientAccessServer: 'outlook.fabrikam.local',
        copies: [
          { server: 'FAB-MB1', activationPreference: 1, replayLagDays: 0, truncationLagDays: 0 },
          { server: 'FAB-MB2', activationPreference: 2, replayLagDays: 7, truncationLagDays: 0 },
        ],
      },
    ],
    nlbClusters: [],
    problems: [],
  };
}

function inventoryOf(raw: unknown): Inventory {
  const parsed = parseInventoryText(JSON.stringify(raw));
  if (!parsed.ok) throw new Error(parsed.problems.join(' '));
  return parsed.inventory;
}

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'extopo-import-'));
  dirs.push(d);
  return d;
}
function io(cwd: string): CliIo & { out: string; err: string } {
  const r = { out: '', err: '', cwd, stdout: (t: string) => void (r.out += t), stderr: (t: string) => void (r.err += t), color: false };
  return r;
}

describe('importing an inventory', () => {
  it('gives the organization as a design: existing servers with their Windows, hardware and NICs, the DAG, its copies', () => {
    const { document, notes } = importInventory(inventoryOf(organization()));
    const d = document.design;
    expect(d.organization).toMatchObject({ name: 'Fabrikam', adDomain: 'fabrikam.local', servicePack: 'SP3', edition: 'Enterprise' });
    expect(d.deployment.dnsServer).toBe('fab-dc1.fabrikam.local');
    expect(d.sites.map((s) => s.name)).toEqual(['Berlin']);
    expect(d.subnets.map((s) => `${s.cidr} ${s.purpose}`)).toEqual(['172.16.1.0/24 mapi', '172.16.2.0/24 replication']);
    const mb2 = d.servers.find((s) => s.name === 'FAB-MB2');
    expect(mb2).toMatchObject({ fqdn: 'fab-mb2.fabrikam.local', roles: ['MB'], existing: true, cores: 8, ramGB: 32, virtualized: true, os: { version: '2008R2', edition: 'Enterprise', servicePack: 1 }, exchangeEdition: 'Enterprise' });
    expect(mb2?.nics.map((n) => `${n.name} ${n.ipv4} ${n.purpose}`)).toEqual(['LAN 172.16.1.22 mapi', 'Replication 172.16.2.22 replication']);
    const dag = d.dags[0];
    const id = (name: string) => d.servers.find((s) => s.name === name)?.id;
    expect(dag).toMatchObject({ name: 'DAG-BER', memberIds: [id('FAB-MB1'), id('FAB-MB2')], witnessServerId: id('FAB-CAS1'), witnessDirectory: 'C:\\DAG-BER', ipAddresses: [{ ipv4: '172.16.1.50' }] });
    expect(dag.replicationSubnetIds).toEqual([d.subnets[1].id]);
    expect(d.databases).toEqual([
      { id: expect.any(String), name: 'MBX-DB01', existing: true, copies: [
        { serverId: id('FAB-MB1'), activationPreference: 1, replayLagDays: 0, truncationLagDays: 0 },
        { serverId: id('FAB-MB2'), activationPreference: 2, replayLagDays: 7, truncationLagDays: 0 },
      ] },
    ]);
    // The CAS array is there; no NLB cluster was read, so import says its load balancer is to be added.
    expect(d.casArrays[0]).toMatchObject({ name: 'Array-Berlin', fqdn: 'outlook.fabrikam.local', nlbClusterId: null });
    expect(notes).toContain('CAS array Array-Berlin: no Windows NLB cluster balances it in the inventory (a hardware load balancer is not visible to the script): add its load balancer in the designer.');
    // What it is is a design ExTopo loads, and its runbook acts only on what is missing: nothing here but checks.
    expect(loadDesignText(JSON.stringify(document)).ok).toBe(true);
    const plan = planDesign(d);
    expect(plan.findings.filter((f) => f.severity === 'error')).toEqual([]);
  });

  it('reports what the inventory could not read, and assumes (saying so) what a server did not answer', () => {
    const raw = organization();
    const servers = raw.servers as Record<string, unknown>[];
    servers[2] = { ...servers[2], os: null, cores: null, ramGB: null };
    raw.problems = [{ section: 'operating system and NICs (WMI)', target: 'FAB-MB2', message: 'The RPC server is unavailable. (Exception from HRESULT: 0x800706BA)' }];
    const { document, notes } = importInventory(inventoryOf(raw));
    expect(notes).toEqual(
      expect.arrayContaining([
        'The inventory could not read operating system and NICs (WMI) of FAB-MB2: The RPC server is unavailable. (Exception from HRESULT: 0x800706BA)',
        'Server FAB-MB2: Windows was not read (no WMI answer); assumed Windows Server 2008 R2 SP1 Standard: check it.',
        'Server FAB-MB2: processors and memory were not read; assumed 4 cores and 16 GB: check them before sizing.',
      ]),
    );
    expect(document.design.servers.find((s) => s.name === 'FAB-MB2')).toMatchObject({ cores: 4, ramGB: 16, os: { version: '2008R2', edition: 'Standard' } });
  });

  it('refuses what is not an inventory, naming the problem', () => {
    expect(parseInventoryText('{"format":"something-else"}')).toEqual({ ok: false, problems: ['This is not an ExTopo inventory: "format" must be "extopo-inventory". Make one with `extopo inventory-script` and run it in the Exchange Management Shell.'] });
    expect(parseInventoryText('{"format":"extopo-inventory","formatVersion":9}')).toEqual({ ok: false, problems: ['Inventory format version 9 is not supported; this ExTopo reads version 1. Use the inventory script of this version (`extopo inventory-script`).'] });
    const bad = parseInventoryText(JSON.stringify({ ...organization(), databases: [{ name: 'X', copies: [{ server: 'A', activationPreference: 0 }] }] }));
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.problems[0]).toMatch(/^databases\[0\]\.copies\[0\]\.activationPreference: /);
    expect(parseInventoryText('not json').ok).toBe(false);
  });

  it('keeps hostile values as data: skipped with a note, never in the design, never in the runbook', () => {
    const HOSTILE = ["EX'; Remove-Item C:\\ -Recurse #", 'EX"$(calc)', 'EX`n`r', 'ЕХ1', 'EX\u0000NUL', 'EX\u202eRTL', '${env:PATH}', 'x'.repeat(300)];
    const raw = organization();
    const servers = raw.servers as Record<string, unknown>[];
    raw.servers = [...servers, ...HOSTILE.map((name, i) => ({ ...servers[0], name, fqdn: `${name}.x`, nics: [{ name, addresses: [{ ipv4: `172.16.1.${100 + i}`, subnetMask: '255.255.255.0' }] }] }))];
    raw.databases = [...(raw.databases as unknown[]), ...HOSTILE.map((name) => ({ name, copies: [{ server: 'FAB-MB1', activationPreference: 1 }] }))];
    raw.dags = [...(raw.dags as unknown[]), { name: HOSTILE[0], members: ['FAB-MB1'] }];
    raw.organization = { name: HOSTILE[1], adDomain: 'fabrikam.local' };
    const { document, notes } = importInventory(inventoryOf(raw));
    const text = JSON.stringify(document);
    for (const h of HOSTILE) expect(text).not.toContain(h);
    expect(document.design.servers.map((s) => s.name)).toEqual(['FAB-CAS1', 'FAB-MB1', 'FAB-MB2']);
    expect(document.design.organization.name).toBe('Exchange');
    expect(notes).toContain('Server "EX\\u0000NUL" has a name ExTopo cannot hold (letters, digits and hyphens): skipped, with its NICs and copies.');
    const runbook = generateRunbook(document);
    if (runbook.ok) for (const h of HOSTILE) expect(renderPs1(runbook.runbook)).not.toContain(h);
  });

  it('never throws and always gives a loadable design, whatever strings the inventory holds (fuzz)', () => {
    const text = fc.string({ unit: 'binary', maxLength: 40 });
    fc.assert(
      fc.property(text, text, text, text, (server, site, db, nic) => {
        const raw = organization();
        const servers = raw.servers as Record<string, unknown>[];
        raw.servers = [...servers, { ...servers[0], name: server, site, nics: [{ name: nic, addresses: [{ ipv4: '172.16.1.99', subnetMask: '255.255.255.0' }] }] }];
        raw.databases = [...(raw.databases as unknown[]), { name: db, copies: [{ server, activationPreference: 1 }] }];
        const parsed = parseInventoryText(JSON.stringify(raw));
        if (!parsed.ok) return;
        const { document } = importInventory(parsed.inventory);
        expect(loadDesignText(JSON.stringify(document)).ok).toBe(true);
      }),
      { numRuns: 300, seed: 20261203 },
    );
  });
});

describe('drift between a design and an inventory', () => {
  it('is empty for the design imported from the same inventory, and names each change with its runbook steps', () => {
    const inventory = inventoryOf(organization());
    const { document } = importInventory(inventory);
    const runbook = generateRunbook(document);
    expect(computeDrift(document.design, inventory, runbook.ok ? runbook.runbook : null).items).toEqual([]);

    // The admin plans a third DAG member and a third copy; the organization moved the witness to another directory.
    const changed = organization();
    ((changed.dags as Record<string, unknown>[])[0]).witnessDirectory = 'D:\\Witness';
    const closing = computeDrift(document.design, inventoryOf(changed), runbook.ok ? runbook.runbook : null);
    // Only the step that sets the witness closes it (New-DatabaseAvailabilityGroup's witness), not the checks or prerequisites.
    expect(closing.items.map((i) => i.steps)).toEqual([[`dag.create.${document.design.dags[0].id}`]]);
    const drift = computeDrift(document.design, inventoryOf(changed), null);
    expect(drift.items).toEqual([
      { kind: 'different', object: 'dag', name: 'DAG DAG-BER', property: 'witness directory', design: 'C:\\DAG-BER', organization: 'D:\\Witness', entityIds: [document.design.dags[0].id], steps: [] },
    ]);
  });
});

describe('the CLI: inventory-script, import, drift', () => {
  it('writes the inventory script, refuses to overwrite without --force', async () => {
    const dir = tempDir();
    const first = io(dir);
    expect(await inventoryScriptCommand.run(['-o', 'inv.ps1'], first)).toBe(0);
    const script = readFileSync(join(dir, 'inv.ps1'), 'utf8');
    expect(script).toContain('Get-ExTopoInventory');
    expect(script).toContain('\r\n');
    const again = io(dir);
    expect(await inventoryScriptCommand.run(['-o', 'inv.ps1'], again)).toBe(3);
    expect(again.err).toBe('extopo inventory-script: inv.ps1 exists; add --force to replace it.\n');
  });

  it('imports an inventory into a design file and prints the notes and the planner counts; drift exits 0, then 1', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'inv.json'), JSON.stringify(organization()));
    const run = io(dir);
    expect(await importCommand.run(['inv.json', '-o', 'fab.extopo.json'], run)).toBe(0);
    expect(run.out).toMatch(/^Imported 3 servers, 1 DAGs, 1 databases, 1 CAS arrays and 0 NLB clusters into fab\.extopo\.json\.\n/);
    expect(run.out).toMatch(/Planner: 0 errors, \d+ warnings, \d+ infos\. Run "extopo validate fab\.extopo\.json" for the findings\.\n$/);
    const same = io(dir);
    expect(await driftCommand.run(['fab.extopo.json', 'inv.json'], same)).toBe(0);
    expect(same.out).toMatch(/^No drift: the organization has what fab\.extopo\.json says \(\d+ objects compared\)\.\n$/);
    const changed = organization();
    (changed.databases as Record<string, unknown>[])[0].copies = [{ server: 'FAB-MB1', activationPreference: 1 }];
    writeFileSync(join(dir, 'inv2.json'), JSON.stringify(changed));
    const drift = io(dir);
    expect(await driftCommand.run(['fab.extopo.json', 'inv2.json'], drift)).toBe(1);
    expect(drift.out).toContain('missing  copy of MBX-DB01 on FAB-MB2: the design has it, the organization does not.');
    const bad = io(dir);
    writeFileSync(join(dir, 'bad.json'), '{"format":"nope"}');
    expect(await importCommand.run(['bad.json', '-o', 'x.extopo.json'], bad)).toBe(2);
    expect(bad.err).toContain('bad.json is not a usable inventory');
  });
});
