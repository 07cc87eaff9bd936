// The inventory script (powershell/inventory/Get-ExTopoInventory.ps1) run for real in pwsh against the host double,
// after the lab was built from a design by a full rehearsal: the inventory must say what the design says. Expected
// values are the minimal-ha example's, read off its file by hand (servers, addresses, DAG, copies, NLB cluster).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { generateRunbook } from '../../shared/runbook/generate';
import { Credential, planRun } from '../../main/executor';
import { LabTransport, LabWorld } from '../../main/lab';
import { HostDoubleTransport } from '../../main/lab/double/transport';
import { checkPs2Compatibility } from '../../main/powershell/ps2compat';
import { loadExample } from '../fixtures/designs';
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

describePwsh('the inventory script against a lab built from minimal-ha', () => {
  let world: LabWorld;
  let transport: HostDoubleTransport;
  let inventory: Inventory;
  let runsDir: string;

  beforeAll(async () => {
    const doc = loadExample('minimal-ha');
    world = LabWorld.create(doc.design);
    const generated = generateRunbook(doc);
    if (!generated.ok) throw new Error(generated.message);
    runsDir = mkdtempSync(join(tmpdir(), 'extopo-inventory-'));
    const ex = planRun({
      runbook: generated.runbook,
      hosts: Object.fromEntries(doc.design.servers.map((s) => [s.name, s.fqdn])),
      credential: new Credential({ userName: 'LAB\\test', password: '' }),
      transport: new LabTransport(world, { restartMs: 1 }),
      options: { runsDir, dryRun: false, autoConfirm: { by: 'test', reason: 'lab' } },
    });
    const summary = await ex.start();
    await ex.close();
    expect(summary.status).toBe('succeeded');
    transport = new HostDoubleTransport({ world });
    const outcome = await transport.invoke('CAS1', 'shell', `& {\n${SCRIPT}\n} -PassThru`, { mode: 'check' });
    if (outcome.status !== 'ok') throw new Error(`the inventory script failed: ${JSON.stringify(outcome)}`);
    inventory = JSON.parse(outcome.lines.filter((l) => l.tag === 'o').map((l) => l.text).join('\n')) as Inventory;
  }, 240_000);

  afterAll(async () => {
    await transport?.close();
    if (runsDir) rmSync(runsDir, { recursive: true, force: true });
  });

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

describePwsh('the inventory script is PowerShell 2.0', () => {
  itPwsh('passes the PowerShell 2.0 compatibility check', async () => {
    const [result] = await checkPs2Compatibility([{ name: 'Get-ExTopoInventory.ps1', text: SCRIPT, target: '2008R2' }]);
    expect(result.parseErrors).toEqual([]);
    expect(result.findings).toEqual([]);
  });
});
