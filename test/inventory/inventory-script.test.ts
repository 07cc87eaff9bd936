// The inventory script (powershell/inventory/Get-ExTopoInventory.ps1) run for real in pwsh against the host double,
// after the lab was built from a design by a full rehearsal: the inventory must say what the design says. Expected
// values are the minimal-ha example's, read off its file by hand (servers, addresses, DAG, copies, NLB cluster).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { generateRunbook } from '../../shared/runbook/generate';
import { Credential, planRun } from '../../main/executor';
import { LabTransport, LabWorld } from '../../main/lab';
import { HostDoubleTransport } from '../../main/lab/double/transport';
import { checkPs2Compatibility } from '../../main/powershell/ps2compat';
import { loadExample } from '../fixtures/designs';
import { computeDrift, describeDrift, importInventory, parseInventoryText } from '../../shared/inventory';
import type { Design } from '../../shared/model/types';
import { describePwsh, itPwsh } from '../support/pwsh';

const SCRIPT = readFileSync(new URL('../../powershell/inventory/Get-ExTopoInventory.ps1', import.meta.url), 'utf8');

interface Inventory {
  format: string;
  formatVersion: number;
  organization: { name: string; adDomain: string };
  sites: { name: string; subnets: string[] }[];
  servers: {
    name: string;
    fqdn: string;
    site: string;
    roles: string[];
    edition: string;
    adminDisplayVersion: string;
    os: { caption: string; version: string; servicePack: number } | null;
    nics: { name: string; addresses: { ipv4: string; subnetMask: string }[] }[];
    virtualDirectories: { kind: string; internalUrl: string; externalUrl: string }[];
    certificates: unknown[];
  }[];
  casArrays: { name: string; fqdn: string; site: string; members: string[] }[];
  dags: { name: string; members: string[]; witnessServer: string; witnessDirectory: string; datacenterActivationMode: string; ipAddresses: string[]; networks: { subnets: string[]; replicationEnabled: boolean }[] }[];
  databases: { name: string; server: string; masterServerOrAvailabilityGroup: string; rpcClientAccessServer: string; copies: { server: string; activationPreference: number; replayLagDays: number }[] }[];
  nlbClusters: { name: string; vip: string; subnetMask: string; mode: string; nodes: { host: string; hostPriority: number }[]; portRules: { startPort: number; endPort: number; protocol: string; affinity: string }[] }[];
  problems: { section: string; target: string; message: string }[];
}

/** One lab per file: minimal-ha, built by a full rehearsal in the TypeScript lab, and one double over it. */
const shared: { world?: LabWorld; transport?: HostDoubleTransport; runsDir?: string } = {};
async function lab(): Promise<{ world: LabWorld; transport: HostDoubleTransport }> {
  if (shared.world && shared.transport) return { world: shared.world, transport: shared.transport };
  const doc = loadExample('minimal-ha');
  const world = LabWorld.create(doc.design);
  const generated = generateRunbook(doc);
  if (!generated.ok) throw new Error(generated.message);
  shared.runsDir = mkdtempSync(join(tmpdir(), 'extopo-inventory-'));
  const ex = planRun({
    runbook: generated.runbook,
    hosts: Object.fromEntries(doc.design.servers.map((s) => [s.name, s.fqdn])),
    credential: new Credential({ userName: 'LAB\\test', password: '' }),
    transport: new LabTransport(world, { restartMs: 1 }),
    options: { runsDir: shared.runsDir, dryRun: false, autoConfirm: { by: 'test', reason: 'lab' } },
  });
  const summary = await ex.start();
  await ex.close();
  expect(summary.status).toBe('succeeded');
  shared.world = world;
  shared.transport = new HostDoubleTransport({ world });
  return { world, transport: shared.transport };
}

afterAll(async () => {
  await shared.transport?.close();
  if (shared.runsDir) rmSync(shared.runsDir, { recursive: true, force: true });
});

async function runScript(transport: HostDoubleTransport): Promise<string> {
  const outcome = await transport.invoke('CAS1', 'shell', `& {\n${SCRIPT}\n} -PassThru`, { mode: 'check' });
  if (outcome.status !== 'ok') throw new Error(`the inventory script failed: ${JSON.stringify(outcome)}`);
  return outcome.lines.filter((l) => l.tag === 'o').map((l) => l.text).join('\n');
}

describePwsh('the inventory script against a lab built from minimal-ha', () => {
  let world: LabWorld;
  let transport: HostDoubleTransport;
  let inventory: Inventory;

  beforeAll(async () => {
    ({ world, transport } = await lab());
    inventory = JSON.parse(await runScript(transport)) as Inventory;
  }, 240_000);

  itPwsh('reads the organization, the AD site and its subnets, with nothing it could not read', () => {
    expect(inventory).toMatchObject({ format: 'extopo-inventory', formatVersion: 1, organization: { name: 'Contoso', adDomain: 'contoso.local' } });
    expect(inventory.sites).toEqual([{ name: 'HQ', subnets: ['10.0.1.0/24', '10.0.2.0/24'] }]);
    expect(inventory.problems).toEqual([]);
  });

  itPwsh('reads every Exchange server with its roles, site, version, Windows and addresses', () => {
    const byName = new Map(inventory.servers.map((s) => [s.name, s]));
    expect([...byName.keys()].sort()).toEqual(['CAS1', 'CAS2', 'MB1', 'MB2']);
    // minimal-ha enters no product key: the servers still run the trial (Get-ExchangeServer's Edition says so).
    expect(byName.get('CAS1')).toMatchObject({ fqdn: 'cas1.contoso.local', site: 'HQ', roles: ['CAS', 'HT'], edition: 'StandardEvaluation' });
    expect(byName.get('MB2')).toMatchObject({ roles: ['MB'], os: { version: '6.1.7601', servicePack: 1 } });
    expect(byName.get('MB2')?.os?.caption).toMatch(/^Microsoft Windows Server 2008 R2 Enterprise/);
    // Exchange 2010 SP3: AdminDisplayVersion stays at the service pack's build whatever the rollup.
    expect(byName.get('MB1')?.adminDisplayVersion).toBe('Version 14.3 (Build 123.4)');
    const addresses = (name: string) => byName.get(name)?.nics.flatMap((n) => n.addresses.map((a) => `${a.ipv4}/${a.subnetMask}`)).sort();
    expect(addresses('CAS1')).toEqual(['10.0.1.11/255.255.255.0', '10.0.1.21/255.255.255.0']);
    expect(addresses('MB1')).toEqual(['10.0.1.31/255.255.255.0', '10.0.2.31/255.255.255.0']);
  });

  itPwsh('reads the CAS array, the DAG with its networks, and the databases with their copies', () => {
    expect(inventory.casArrays).toEqual([{ name: 'CASArray-HQ', fqdn: 'outlook.contoso.local', site: 'HQ', members: ['CAS1', 'CAS2'] }]);
    expect(inventory.dags).toHaveLength(1);
    const dag = inventory.dags[0];
    expect(dag).toMatchObject({ name: 'DAG1', members: ['MB1', 'MB2'], witnessServer: 'cas1.contoso.local', witnessDirectory: 'C:\\DAG1Witness', datacenterActivationMode: 'Off', ipAddresses: ['10.0.1.50'] });
    const replication = dag.networks.filter((n) => n.replicationEnabled).flatMap((n) => n.subnets);
    expect(replication).toContain('10.0.2.0/24');
    expect(dag.networks.find((n) => n.subnets.includes('10.0.1.0/24'))?.replicationEnabled).toBe(false);
    const dbs = [...inventory.databases].sort((a, b) => a.name.localeCompare(b.name));
    expect(dbs.map((d) => d.name)).toEqual(['DB1', 'DB2']);
    expect(dbs[0]).toMatchObject({ server: 'MB1', masterServerOrAvailabilityGroup: 'DAG1', rpcClientAccessServer: 'outlook.contoso.local' });
    expect(dbs[0].copies).toEqual([
      { server: 'MB1', activationPreference: 1, replayLagDays: 0, truncationLagDays: 0 },
      { server: 'MB2', activationPreference: 2, replayLagDays: 0, truncationLagDays: 0 },
    ]);
    expect(dbs[1].copies.map((c) => `${c.server}:${c.activationPreference}`)).toEqual(['MB2:1', 'MB1:2']);
  });

  itPwsh('reads the Windows NLB cluster: VIP, mode, nodes and port rules', () => {
    expect(inventory.nlbClusters).toHaveLength(1);
    const nlb = inventory.nlbClusters[0];
    expect(nlb).toMatchObject({ name: 'outlook.contoso.local', vip: '10.0.1.40', subnetMask: '255.255.255.0', mode: 'UNICAST' });
    expect(nlb.nodes.map((n) => `${n.host}:${n.hostPriority}`).sort()).toEqual(['CAS1:1', 'CAS2:2']);
    expect(nlb.portRules.map((r) => `${r.startPort}-${r.endPort}/${r.protocol}/${r.affinity}`)).toEqual([
      '80-80/Tcp/Single',
      '135-135/Tcp/Single',
      '443-443/Tcp/Single',
      '59532-59532/Tcp/Single',
      '59533-59533/Tcp/Single',
    ]);
  });

  itPwsh('changes nothing: no step execution and no state change in the lab', () => {
    const executions = world.state.executions.length;
    const before = JSON.stringify({ ...world.state, executions: [] });
    return transport.invoke('CAS1', 'shell', `& {\n${SCRIPT}\n} -PassThru | Out-Null; 'done'`, { mode: 'check' }).then((outcome) => {
      expect(outcome.status).toBe('ok');
      expect(world.state.executions.length).toBe(executions);
      expect(JSON.stringify({ ...world.state, executions: [] })).toBe(before);
    });
  });

  itPwsh('says what it could not read and goes on: a server that does not answer WMI', async () => {
    world.state.faults.push({ kind: 'unreachable', host: 'MB2' } as never);
    const outcome = await transport.invoke('CAS1', 'shell', `& {\n${SCRIPT}\n} -PassThru`, { mode: 'check' });
    world.state.faults.pop();
    expect(outcome.status).toBe('ok');
    if (outcome.status !== 'ok') return;
    const partial = JSON.parse(outcome.lines.filter((l) => l.tag === 'o').map((l) => l.text).join('\n')) as Inventory;
    expect(partial.servers.map((s) => s.name).sort()).toEqual(['CAS1', 'CAS2', 'MB1', 'MB2']);
    expect(partial.problems.some((p) => p.target === 'MB2' && /RPC server is unavailable/.test(p.message))).toBe(true);
    expect(outcome.lines.some((l) => l.tag === 'w' && /Could not read operating system and NICs \(WMI\) of MB2/.test(l.text))).toBe(true);
  });
});

/** A design's meaning, by names: what import must give back and drift compares. */
function semantics(design: Design) {
  const name = new Map(design.servers.map((s) => [s.id, s.name]));
  const cidr = new Map(design.subnets.map((s) => [s.id, s.cidr]));
  return {
    sites: design.sites.map((s) => s.name).sort(),
    subnets: design.subnets.map((s) => `${s.cidr}:${s.purpose}`).sort(),
    servers: design.servers
      .map((s) => `${s.name}|${s.fqdn}|${s.roles.join('+')}|${s.os.version} ${s.os.edition} SP${s.os.servicePack}|${s.cores}c ${s.ramGB}GB|${s.nics.map((n) => `${n.ipv4}@${cidr.get(n.subnetId)}:${n.purpose}`).sort().join(',')}`)
      .sort(),
    nlb: design.nlbClusters.map((c) => `${c.fqdn}|${c.vip}|${c.mode}|${c.members.map((m) => `${name.get(m.serverId)}:${m.hostPriority}`).join(',')}|${c.portRules.map((r) => `${r.startPort}-${r.endPort}/${r.protocol}/${r.affinity}`).join(',')}`),
    casArrays: design.casArrays.map((a) => `${a.name}|${a.fqdn}|${a.nlbClusterId === null ? 'no LB' : 'NLB'}`),
    dags: design.dags.map((d) => `${d.name}|${d.memberIds.map((id) => name.get(id)).join(',')}|${d.ipAddresses.map((i) => i.ipv4).join(',')}|witness ${d.witnessServerId ? name.get(d.witnessServerId) : d.witnessHost} ${d.witnessDirectory}|repl ${d.replicationSubnetIds.map((id) => cidr.get(id)).join(',')}`),
    databases: design.databases.map((db) => `${db.name}|${db.copies.map((c) => `${name.get(c.serverId)}:${c.activationPreference}:${c.replayLagDays}`).join(',')}`).sort(),
  };
}

describePwsh('import and drift of the inventory the script reads from the lab', () => {
  const doc = loadExample('minimal-ha');
  let world: LabWorld;
  let transport: HostDoubleTransport;
  const read = async () => {
    const parsed = parseInventoryText(await runScript(transport));
    if (!parsed.ok) throw new Error(parsed.problems.join(' '));
    return parsed.inventory;
  };
  beforeAll(async () => {
    ({ world, transport } = await lab());
  }, 240_000);

  itPwsh('import gives back the design it was built from (round trip), every object existing', async () => {
    const inventory = await read();
    const { document, notes } = importInventory(inventory);
    expect(semantics(document.design)).toEqual(semantics(doc.design));
    expect(document.design.servers.every((s) => s.existing)).toBe(true);
    expect(document.design.databases.every((d) => d.existing)).toBe(true);
    expect(document.design.organization).toMatchObject({ name: 'Contoso', adDomain: 'contoso.local', servicePack: 'SP3', exchangeVersion: '2010' });
    // Every node is placed on the canvas.
    for (const id of [...document.design.servers, ...document.design.dags, ...document.design.casArrays, ...document.design.nlbClusters].map((x) => x.id)) {
      expect(Object.hasOwn(document.layout.nodes, id), id).toBe(true);
    }
    // minimal-ha's servers run the trial (no product key): import says so, and that the rollup is not in an inventory.
    expect(notes).toContain('Server CAS1 runs Exchange as "StandardEvaluation" (no product key entered yet): its edition is left to the organization\'s.');
    expect(notes.some((n) => n.startsWith('The update rollup is not in the inventory'))).toBe(true);
  });

  itPwsh('the runbook of the imported design acts only on what is missing: on the organization it came from, nothing', async () => {
    const { document } = importInventory(await read());
    const generated = generateRunbook(document);
    if (!generated.ok) throw new Error(`${generated.message} ${generated.errors.map((e) => e.message).join(' ')}`);
    const executions = world.state.executions.length;
    const dir = mkdtempSync(join(tmpdir(), 'extopo-imported-'));
    try {
      const ex = planRun({
        runbook: generated.runbook,
        hosts: Object.fromEntries(document.design.servers.map((s) => [s.name, s.fqdn])),
        credential: new Credential({ userName: 'LAB\\test', password: '' }),
        transport: new LabTransport(world, { restartMs: 1 }),
        options: { runsDir: dir, dryRun: false, autoConfirm: { by: 'test', reason: 'lab' } },
      });
      const summary = await ex.start();
      await ex.close();
      expect(summary.failedSteps).toEqual([]);
      expect(summary.counts.succeeded).toBe(0);
      expect(world.state.executions.length).toBe(executions);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  itPwsh('drift is empty for the design the lab was built from, and finds exactly the changes made to the lab', async () => {
    const generated = generateRunbook(doc);
    if (!generated.ok) throw new Error(generated.message);
    expect(computeDrift(doc.design, await read(), generated.runbook).items).toEqual([]);

    // Change the organization behind the design's back: DB2's copy on MB1 removed, DB1's preferences swapped, the
    // DAG's witness directory moved.
    const db2 = world.state.databases.find((d) => d.name === 'DB2');
    const db1 = world.state.databases.find((d) => d.name === 'DB1');
    const dag = world.state.dags.find((d) => d.name === 'DAG1');
    if (!db1 || !db2 || !dag) throw new Error('the lab lacks DB1, DB2 or DAG1');
    db2.copies = db2.copies.filter((c) => c.server !== 'MB1');
    for (const c of db1.copies) c.activationPreference = c.server === 'MB1' ? 2 : 1;
    Object.assign(dag, { witnessDirectory: 'C:\\Moved' });
    const drift = computeDrift(doc.design, await read(), generated.runbook);
    expect(drift.items.map(describeDrift).sort()).toEqual(
      [
        'copy of DB1 on MB1, activation preference: the design says 1, the organization has 2.',
        'copy of DB1 on MB2, activation preference: the design says 2, the organization has 1.',
        'copy of DB2 on MB1: the design has it, the organization does not.',
        'DAG DAG1, witness directory: the design says C:\\DAG1Witness, the organization has C:\\Moved.',
      ].sort(),
    );
    const missingCopy = drift.items.find((i) => i.name === 'copy of DB2 on MB1');
    expect(missingCopy?.steps.length).toBeGreaterThan(0);
    for (const id of missingCopy?.steps ?? []) expect(generated.runbook.steps.find((s) => s.id === id)?.entityIds).toEqual(expect.arrayContaining(['db-2', 'srv-mb1']));
  });
});

describePwsh('the inventory script is PowerShell 2.0', () => {
  itPwsh('passes the PowerShell 2.0 compatibility check', async () => {
    const [result] = await checkPs2Compatibility([{ name: 'Get-ExTopoInventory.ps1', text: SCRIPT, target: '2008R2' }]);
    expect(result.parseErrors).toEqual([]);
    expect(result.findings).toEqual([]);
  });
});
