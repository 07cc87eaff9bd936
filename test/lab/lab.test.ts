// The rehearsal lab on its own: the world it builds from a design, the rules it enforces with the errors real hosts
// give, checks, -WhatIf, persistence and fault specs. Steps are applied through the LabTransport, one by one.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { StepAction } from '../../shared/runbook/actions';
import { renderAction } from '../../shared/runbook/scripts';
import type { RunbookStep, StepTarget } from '../../shared/runbook/types';
import { Credential } from '../../main/executor';
import type { OutputLine } from '../../main/executor';
import { LabTransport, LabWorld, defaultDatabaseName, formatFault, parseFault, parseFaults } from '../../main/lab';
import { exampleDesign } from '../fixtures/designs';

const BASE = ['NET-Framework', 'RSAT-ADDS', 'Web-Server', 'Web-Basic-Auth', 'Web-Windows-Auth', 'Web-Metabase', 'Web-Net-Ext', 'Web-Lgcy-Mgmt-Console', 'WAS-Process-Model', 'RSAT-Web-Server'];
const CAS = ['Web-ISAPI-Ext', 'Web-Digest-Auth', 'Web-Dyn-Compression', 'NET-HTTP-Activation', 'RPC-Over-HTTP-Proxy'];

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

let counter = 0;
function labStep(action: StepAction, target: StepTarget, restarts = false): RunbookStep {
  const { script, check } = renderAction(action, { restarts });
  return { id: `t${++counter}.${action.kind}`, phase: 'prerequisites', target, title: action.kind, action, script, check, restarts, supportsWhatIf: true, dependsOn: [], expectedSeconds: 1, notes: [], entityIds: [] };
}

/** A small driver: runs actions on hosts of a lab world through the LabTransport, like the executor would. */
class Lab {
  readonly transport: LabTransport;
  readonly output: OutputLine[] = [];
  constructor(readonly world: LabWorld) {
    this.transport = new LabTransport(world, { restartMs: 5 });
  }

  #invocation(action: StepAction, on: string, kind: 'host' | 'ems' | 'dns', restarts: boolean) {
    const target: StepTarget = kind === 'dns' ? { kind, serverId: on, serverName: on, dnsServer: 'dns' } : { kind, serverId: on, serverName: on };
    const host = this.world.host(on);
    return {
      step: labStep(action, target, restarts),
      host: host?.fqdn ?? on,
      attempt: 1,
      credential: new Credential({ userName: 'LAB\\t', password: '' }),
      signal: new AbortController().signal,
      onOutput: (l: OutputLine) => this.output.push(l),
    };
  }

  /** Runs the script; on success waits for a restart and returns the check's verdict after it. */
  async run(action: StepAction, on: string, options: { kind?: 'host' | 'ems' | 'dns'; restarts?: boolean; whatIf?: boolean } = {}) {
    const inv = this.#invocation(action, on, options.kind ?? 'host', options.restarts ?? false);
    const result = await this.transport.run({ ...inv, whatIf: options.whatIf ?? false });
    if (!result.ok || options.whatIf) return result;
    if (options.restarts) {
      const waited = await this.transport.waitForHost({ host: inv.host, credential: inv.credential, timeoutMs: 1000, signal: inv.signal });
      if (!waited.ok) return waited;
    }
    return { ok: true as const, done: await this.check(action, on, options.kind ?? 'host') };
  }

  async check(action: StepAction, on: string, kind: 'host' | 'ems' | 'dns' = 'host'): Promise<boolean> {
    const r = await this.transport.check(this.#invocation(action, on, kind, false));
    if (!r.ok) throw new Error(r.error);
    return r.done;
  }

  /** Runs and expects success with a green check afterwards. */
  async ok(action: StepAction, on: string, options: { kind?: 'host' | 'ems' | 'dns'; restarts?: boolean } = {}): Promise<void> {
    const r = await this.run(action, on, options);
    if (!r.ok) throw new Error(`${action.kind} on ${on} failed: ${r.error}`);
    expect('done' in r && r.done, `${action.kind} on ${on}: check after the script`).toBe(true);
  }
}

const features = (list: readonly string[]): StepAction => ({ kind: 'install-features', features: list, cmdlet: 'Add-WindowsFeature', source: '' });
const setup = (roles: ('ca' | 'ht' | 'mb' | 'mt')[]): StepAction => ({ kind: 'exchange-setup', roles, setupMediaPath: 'D:\\' });
const prepareAd: StepAction = { kind: 'prepare-ad', organizationName: 'Contoso', setupMediaPath: 'D:\\', schemaVersion: 14734, organizationVersion: 14322, domainVersion: 13040 };
/** WinRM's memory quota raised so setup survives in a remote shell (the runbook's winrm-memory-quota step). */
const quota: StepAction = { kind: 'winrm-memory-quota', memoryMb: 2048, pluginQuota: false };
/** The restart setup asks for (the runbook's restart-if-pending step after setup). */
const restart: StepAction = { kind: 'restart-if-pending', reason: 'after setup' };
const netTcp: StepAction = { kind: 'set-service-startup', service: 'NetTcpPortSharing', startupType: 'Automatic' };

/** minimal-ha with CAS1 and MB1/MB2 installed (Exchange org prepared from CAS1). */
async function installedMinimalHa(): Promise<Lab> {
  const lab = new Lab(LabWorld.create(exampleDesign('minimal-ha')));
  await lab.ok(features([...BASE, ...CAS]), 'CAS1', { restarts: true });
  await lab.ok(netTcp, 'CAS1');
  await lab.ok(quota, 'CAS1');
  await lab.ok(prepareAd, 'CAS1');
  await lab.ok(setup(['ca', 'ht', 'mt']), 'CAS1');
  await lab.ok(restart, 'CAS1', { restarts: true });
  for (const mb of ['MB1', 'MB2']) {
    await lab.ok(features(BASE), mb, { restarts: true });
    await lab.ok(quota, mb);
    await lab.ok(setup(['mb', 'mt']), mb);
    await lab.ok(restart, mb, { restarts: true });
  }
  return lab;
}

describe('the world built from a design', () => {
  it('has every server with its OS and NICs, joined to the domain, and existing servers and databases deployed', () => {
    const world = LabWorld.create(exampleDesign('seed-lab'));
    const ex3 = world.host('ex3.exchangeserverpro.local')!;
    expect(ex3.name).toBe('EX3');
    expect(ex3.os).toEqual({ version: '2008R2', edition: 'Standard', servicePack: 1 });
    expect(ex3.nics.map((n) => [n.name, n.ipv4])).toEqual([
      ['Primary', '192.168.0.34'],
      ['NLB', '192.168.0.36'],
    ]);
    expect(ex3.domain).toBe('exchangeserverpro.local');
    expect(ex3.exchangeRoles).toEqual([]);
    expect(ex3.features).toEqual([]);
    expect(world.host('192.168.0.36')).toBe(ex3);
    const ex2 = world.host('EX2')!;
    expect(ex2.exchangeRoles).toEqual(['mb', 'mt']);
    expect(ex2.features).toEqual(expect.arrayContaining(BASE));
    expect(world.state.org.name).toBe('ExchangeServerPro');
    expect(world.state.databases).toEqual([
      expect.objectContaining({ name: 'Mailbox Database 02', activeServer: 'EX2', mounted: true, rpcClientAccessServer: 'ex2.exchangeserverpro.local' }),
    ]);
    expect(world.state.casArrays).toEqual([]);
    expect(LabWorld.create(exampleDesign('minimal-ha')).state.org.name).toBeNull();
  });

  it('is saved to a file after every change and loads back identical', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'extopo-lab-'));
    dirs.push(dir);
    const path = join(dir, 'lab.json');
    const lab = new Lab(LabWorld.create(exampleDesign('minimal-ha'), { path }));
    await lab.ok(features(BASE), 'MB1', { restarts: true });
    const loaded = LabWorld.load(path);
    expect(loaded.state).toEqual(lab.world.state);
    expect(loaded.host('MB1')!.features).toEqual(BASE);
    expect(loaded.executions(lab.world.state.executions[0].stepId)).toBe(1);
    expect(() => LabWorld.load(join(dir, 'missing.json'))).toThrow(/Cannot read the lab world/);
  });
});

describe('rules the lab enforces, with the errors real hosts give', () => {
  it('Exchange setup fails before /PrepareAD, before its prerequisite features, with a restart pending, and before Net.Tcp Port Sharing is automatic', async () => {
    const lab = new Lab(LabWorld.create(exampleDesign('minimal-ha')));
    await lab.ok(quota, 'CAS1');
    const beforePrepare = await lab.run(setup(['ca', 'ht', 'mt']), 'CAS1');
    expect(beforePrepare).toMatchObject({ ok: false, kind: 'command-failed' });
    expect(!beforePrepare.ok && beforePrepare.error).toMatch(/Active Directory does not contain an Exchange organization: run setup \/PrepareAD \/OrganizationName:Contoso first/);
    expect(!beforePrepare.ok && beforePrepare.failingCommand).toBe("& $setup '/m:install' '/r:ca,ht,mt'");

    const prepareTooEarly = await lab.run(prepareAd, 'CAS1');
    expect(!prepareTooEarly.ok && prepareTooEarly.error).toMatch(/Setup requires the .NET Framework 3.5 SP1/);

    // Features without their restart: setup refuses until the host restarts.
    await lab.run(features([...BASE, ...CAS]), 'CAS1');
    expect(lab.world.host('CAS1')!.pendingRestart).toBe(true);
    const pending = await lab.run(setup(['ca', 'ht', 'mt']), 'CAS1');
    expect(!pending.ok && pending.error).toMatch(/^Setup : A restart from a previous installation is pending\. Please restart the system and then rerun Setup\./);
    await lab.ok(features([...BASE, ...CAS]), 'CAS1', { restarts: true });
    expect(lab.world.host('CAS1')).toMatchObject({ pendingRestart: false, restarts: 1 });

    await lab.ok(prepareAd, 'CAS1');
    const noNetTcp = await lab.run(setup(['ca', 'ht', 'mt']), 'CAS1');
    expect(!noNetTcp.ok && noNetTcp.error).toMatch(/'Net\.Tcp Port Sharing Service' \(NetTcpPortSharing\) startup type must be set to Automatic/);
    await lab.ok(netTcp, 'CAS1');
    await lab.ok(setup(['ca', 'ht', 'mt']), 'CAS1');
    expect(lab.output.some((l) => l.stream === 'warning' && /Filter Pack is not installed/.test(l.line))).toBe(true);

    // WinRM 2.0's 150 MB per remote shell stops setup before it checks anything: the quota must be raised first.
    const killed = await lab.run(setup(['mb', 'mt']), 'MB1');
    expect(!killed.ok && killed.error).toMatch(/The WSMan provider host process did not return a proper response.*MaxMemoryPerShellMB 150 MB on MB1/);
    await lab.ok(quota, 'MB1');
    const noFeatures = await lab.run(setup(['mb', 'mt']), 'MB1');
    expect(!noFeatures.ok && noFeatures.error).toMatch(/Mailbox Role Prerequisites \.\.\.\.\.\. FAILED: the Windows feature\(s\) 'NET-Framework', 'RSAT-ADDS', .* are required/);
  });

  it('Set-Service fails for Net.Tcp Port Sharing before .NET is installed', async () => {
    const lab = new Lab(LabWorld.create(exampleDesign('minimal-ha')));
    const r = await lab.run(netTcp, 'CAS2');
    expect(!r.ok && r.error).toBe("Set-Service : Service NetTcpPortSharing was not found on computer 'CAS2'.");
  });

  it('Windows NLB: no module or driver without the feature, no node before the cluster, unique host priorities', async () => {
    const lab = await installedMinimalHa();
    const cluster: StepAction = { kind: 'new-nlb-cluster', interfaceName: 'NLB', vip: '10.0.1.40', subnetMask: '255.255.255.0', clusterFqdn: 'outlook.contoso.local', mode: 'unicast', hostPriority: 1 };
    const addNode = (priority: number): StepAction => ({ kind: 'add-nlb-node', clusterHost: 'CAS1', clusterInterface: 'NLB', newNodeName: 'CAS2', newNodeInterface: 'NLB', hostPriority: priority, loadWeight: 50 });

    const noModule = await lab.run(cluster, 'CAS1');
    expect(!noModule.ok && noModule.error).toBe("Import-Module : The specified module 'NetworkLoadBalancingClusters' was not loaded because no valid module file was found in any module directory.");
    await lab.ok(features(['RSAT-NLB']), 'CAS1');
    const noDriver = await lab.run(cluster, 'CAS1');
    expect(!noDriver.ok && noDriver.error).toMatch(/^New-NlbCluster : Network Load Balancing is not installed on CAS1/);
    expect(!noDriver.ok && noDriver.failingCommand).toMatch(/^New-NlbCluster -InterfaceName 'NLB' -ClusterPrimaryIP '10\.0\.1\.40'/);
    await lab.ok(features(['NLB']), 'CAS1');

    const nodeFirst = await lab.run(addNode(2), 'CAS1');
    expect(!nodeFirst.ok && nodeFirst.error).toBe("Get-NlbCluster : There is no NLB cluster on interface 'NLB' of host CAS1. Create the cluster (New-NlbCluster) first.");
    await lab.ok(cluster, 'CAS1');
    expect(lab.world.state.nlbClusters[0].portRules).toEqual([{ startPort: 0, endPort: 65535, protocol: 'Both', mode: 'Multiple', affinity: 'Single' }]);

    const nodeWithoutNlb = await lab.run(addNode(2), 'CAS1');
    expect(!nodeWithoutNlb.ok && nodeWithoutNlb.error).toMatch(/^Add-NlbClusterNode : Network Load Balancing is not installed on CAS2/);
    await lab.ok(features(['NLB', 'RSAT-NLB']), 'CAS2');
    const clash = await lab.run(addNode(1), 'CAS1');
    expect(!clash.ok && clash.error).toBe('Set-NlbClusterNode : Host priority 1 is already used by CAS1 in NLB cluster 10.0.1.40; host priorities are unique.');
    await lab.ok(addNode(2), 'CAS1');
    await lab.ok({ kind: 'verify-nlb', vip: '10.0.1.40', nodes: ['CAS1', 'CAS2'] }, 'CAS1');
  });

  it('DAGs: no member before the DAG exists, none on Windows Server 2008 R2 Standard, and no NLB on a DAG member', async () => {
    const lab = await installedMinimalHa();
    const addMb1: StepAction = { kind: 'add-dag-member', dag: 'DAG1', mailboxServer: 'MB1' };
    const early = await lab.run(addMb1, 'CAS1', { kind: 'ems' });
    expect(!early.ok && early.error).toMatch(/^Add-DatabaseAvailabilityGroupServer : The operation couldn't be performed because object 'DAG1' couldn't be found/);

    await lab.ok({ kind: 'new-dag', name: 'DAG1', witnessServer: 'cas1.contoso.local', witnessDirectory: 'C:\\DAG1', ipAddresses: ['10.0.1.50'] }, 'CAS1', { kind: 'ems' });
    await lab.ok(addMb1, 'CAS1', { kind: 'ems' });
    expect(lab.world.state.dags[0].networks.map((n) => [n.name, n.subnets, n.replicationEnabled])).toEqual([
      ['MapiDagNetwork', ['10.0.1.0/24'], true],
      ['ReplicationDagNetwork01', ['10.0.2.0/24'], true],
    ]);
    const nlbOnMember = await lab.run(features(['NLB']), 'MB1');
    expect(!nlbOnMember.ok && nlbOnMember.error).toMatch(/^Add-WindowsFeature : MB1 is a node of the failover cluster of database availability group DAG1\. Windows Network Load Balancing and Failover Clustering cannot run on the same server/);

    const witnessAsMember = await lab.run({ kind: 'add-dag-member', dag: 'DAG1', mailboxServer: 'CAS1' }, 'CAS1', { kind: 'ems' });
    expect(!witnessAsMember.ok && witnessAsMember.error).toMatch(/CAS1 isn't a Mailbox server/);

    await lab.ok({ kind: 'dag-networks', dag: 'DAG1', mapiSubnets: ['10.0.1.0/24'], replicationSubnets: ['10.0.2.0/24'] }, 'CAS1', { kind: 'ems' });
    expect(lab.world.state.dags[0].networks.map((n) => n.replicationEnabled)).toEqual([false, true]);

    const seed = new Lab(LabWorld.create(exampleDesign('seed-lab')));
    await seed.ok({ kind: 'new-dag', name: 'DAG1', witnessServer: '', witnessDirectory: '', ipAddresses: [] }, 'EX2', { kind: 'ems' });
    const standard = await seed.run({ kind: 'add-dag-member', dag: 'DAG1', mailboxServer: 'EX2' }, 'EX2', { kind: 'ems' });
    expect(!standard.ok && standard.error).toBe(
      'Add-DatabaseAvailabilityGroupServer : A server-side database availability group administrative operation failed. Error: The Windows Failover Clustering feature is not available on EX2: Windows Server 2008 R2 Standard does not include failover clustering. DAG members need Enterprise or Datacenter edition.',
    );
    const clustering = await seed.run(features(['Failover-Clustering']), 'EX3');
    expect(!clustering.ok && clustering.error).toMatch(/^Add-WindowsFeature : ArgumentNotValid: The role, role service, or feature name is not valid: 'Failover-Clustering'\. The name was not found\. \(Windows Server 2008 R2 Standard has no Failover Clustering/);
  });

  it('a DAG member of an NLB cluster is refused', async () => {
    const lab = await installedMinimalHa();
    lab.world.state.nlbClusters.push({ vip: '10.0.1.99', subnetMask: '255.255.255.0', fqdn: 'x.contoso.local', mode: 'unicast', portRules: [], nodes: [{ host: 'MB2', interfaceName: 'MAPI', hostPriority: 1, loadWeight: 50 }] });
    await lab.ok({ kind: 'new-dag', name: 'DAG1', witnessServer: 'cas1.contoso.local', witnessDirectory: 'C:\\DAG1', ipAddresses: [] }, 'CAS1', { kind: 'ems' });
    const r = await lab.run({ kind: 'add-dag-member', dag: 'DAG1', mailboxServer: 'MB2' }, 'CAS1', { kind: 'ems' });
    expect(!r.ok && r.error).toMatch(/MB2 is a node of Windows NLB cluster x\.contoso\.local \(10\.0\.1\.99\); Windows Network Load Balancing and Failover Clustering cannot run on the same server/);
  });

  it('databases: no copy before the database exists or outside the DAG; new databases mount; the setup database exists', async () => {
    const lab = await installedMinimalHa();
    const copy: StepAction = { kind: 'add-database-copy', database: 'DB1', server: 'MB2', activationPreference: 2, replayLagDays: 0, truncationLagDays: 0 };
    const noDb = await lab.run(copy, 'CAS1', { kind: 'ems' });
    expect(!noDb.ok && noDb.error).toMatch(/^Add-MailboxDatabaseCopy : The operation couldn't be performed because object 'DB1' couldn't be found/);
    await lab.ok({ kind: 'new-mailbox-database', name: 'DB1', server: 'MB1', edbFilePath: 'C:\\DB1\\DB1.edb', logFolderPath: 'C:\\DB1' }, 'CAS1', { kind: 'ems' });
    const noDag = await lab.run(copy, 'CAS1', { kind: 'ems' });
    expect(!noDag.ok && noDag.error).toBe("Add-MailboxDatabaseCopy : Database 'DB1' is hosted on MB1, which isn't a member of a database availability group: add the server to a DAG first.");
    await lab.ok({ kind: 'new-dag', name: 'DAG1', witnessServer: 'cas1.contoso.local', witnessDirectory: 'C:\\DAG1', ipAddresses: [] }, 'CAS1', { kind: 'ems' });
    await lab.ok({ kind: 'add-dag-member', dag: 'DAG1', mailboxServer: 'MB1' }, 'CAS1', { kind: 'ems' });
    const notMember = await lab.run(copy, 'CAS1', { kind: 'ems' });
    expect(!notMember.ok && notMember.error).toBe("Add-MailboxDatabaseCopy : Server 'MB2' isn't a member of database availability group 'DAG1', which hosts database 'DB1'.");
    await lab.ok({ kind: 'add-dag-member', dag: 'DAG1', mailboxServer: 'MB2' }, 'CAS1', { kind: 'ems' });
    await lab.ok(copy, 'CAS1', { kind: 'ems' });
    await lab.ok({ kind: 'verify-database-copies', databases: ['DB1'] }, 'CAS1', { kind: 'ems' });
    expect(lab.world.state.databases.map((d) => d.name)).toEqual([defaultDatabaseName('MB1'), defaultDatabaseName('MB2'), 'DB1']);
  });

  it('Set-MailboxDatabase -RpcClientAccessServer to a CAS array that does not exist fails; after New-ClientAccessArray it works', async () => {
    const lab = new Lab(LabWorld.create(exampleDesign('seed-lab')));
    const point: StepAction = { kind: 'set-rpc-client-access', mailboxServer: 'EX2', fqdn: 'casarray.exchangeserverpro.local', exceptDatabases: [] };
    expect(await lab.check(point, 'EX2', 'ems')).toBe(false);
    const early = await lab.run(point, 'EX2', { kind: 'ems' });
    expect(!early.ok && early.error).toBe(
      "Set-MailboxDatabase : The Client Access server or array 'casarray.exchangeserverpro.local' couldn't be found. Create the CAS array (New-ClientAccessArray) first, or give an existing Client Access server.",
    );
    expect(!early.ok && early.failingCommand).toBe("Get-MailboxDatabase -Server 'EX2' -ErrorAction Stop | Set-MailboxDatabase -RpcClientAccessServer 'casarray.exchangeserverpro.local' -WhatIf:$DryRun -ErrorAction Stop");
    await lab.ok({ kind: 'new-cas-array', name: 'CASArray', site: 'Default-First-Site-Name', fqdn: 'casarray.exchangeserverpro.local' }, 'EX2', { kind: 'ems' });
    await lab.ok(point, 'EX2', { kind: 'ems' });
    const again = await lab.run({ kind: 'new-cas-array', name: 'Other', site: 'Default-First-Site-Name', fqdn: 'other.exchangeserverpro.local' }, 'EX2', { kind: 'ems' });
    expect(!again.ok && again.error).toMatch(/already has the client access array 'CASArray'.*a site has at most one/);
  });

  it('an EMS step needs Exchange on the server it runs from; a DNS record needs a zone that exists', async () => {
    const lab = new Lab(LabWorld.create(exampleDesign('minimal-ha')));
    const noEms = await lab.run({ kind: 'new-cas-array', name: 'A', site: 'HQ', fqdn: 'outlook.contoso.local' }, 'CAS1', { kind: 'ems' });
    expect(noEms).toMatchObject({ ok: false, kind: 'unreachable' });
    expect(!noEms.ok && noEms.error).toMatch(/Cannot find the Microsoft\.Exchange session configuration in the WSMan: drive on the CAS1 computer\./);
    const dns = (zone: string): StepAction => ({ kind: 'dns-a-record', dnsServer: 'dc1.contoso.local', zone, hostLabel: 'outlook', fqdn: `outlook.${zone}`, ipv4: '10.0.1.40', useDnscmd: true });
    const noZone = await lab.run(dns('fabrikam.com'), 'CAS1', { kind: 'dns' });
    expect(!noZone.ok && noZone.error).toMatch(/^Command failed: DNS_ERROR_ZONE_DOES_NOT_EXIST 9601 0x2581/);
    await lab.ok(dns('contoso.local'), 'CAS1', { kind: 'dns' });
    const twice = await lab.run(dns('contoso.local'), 'CAS1', { kind: 'dns' });
    expect(!twice.ok && twice.error).toBe('Command failed: DNS_ERROR_RECORD_ALREADY_EXISTS 9711 0x25F7');
  });

  it('a preflight that does not match explains what differs', async () => {
    const lab = new Lab(LabWorld.create(exampleDesign('seed-lab')));
    const action: StepAction = { kind: 'preflight', serverName: 'EX3', fqdn: 'ex3.exchangeserverpro.local', os: { version: '2008R2', edition: 'Enterprise', servicePack: 1 }, nics: [{ name: 'NLB', ipv4: '192.168.0.99' }], domain: 'exchangeserverpro.local', credSsp: false };
    const r = await lab.run(action, 'EX3');
    expect(!r.ok && r.error).toBe('EX3 does not match the design: Windows edition Standard is not Enterprise; network connection NLB does not have the address 192.168.0.99 (it has 192.168.0.36)');
    expect(lab.output.filter((l) => l.stream === 'check')).toEqual([]);
    expect(await lab.check(action, 'EX3')).toBe(false);
    expect(lab.output.filter((l) => l.stream === 'check').map((l) => l.line)).toEqual(['Windows edition Standard is not Enterprise', 'network connection NLB does not have the address 192.168.0.99 (it has 192.168.0.36)']);
  });

  it('-WhatIf describes the operation and changes nothing', async () => {
    const lab = new Lab(LabWorld.create(exampleDesign('minimal-ha')));
    const before = JSON.stringify(lab.world.state);
    const r = await lab.run(features(BASE), 'MB1', { whatIf: true, restarts: true });
    expect(r.ok).toBe(true);
    expect(JSON.stringify(lab.world.state)).toBe(before);
    expect(lab.output).toEqual([{ stream: 'whatif', line: `What if: Performing the operation "Add-WindowsFeature" on target "${BASE.join(', ')} on MB1".` }]);
  });
});

describe('faults', () => {
  it('parses every documented spec and round-trips it', () => {
    for (const spec of ['unreachable:EX3', 'fail:prereq.features.srv-ex3:2', 'slow:EX4:200', 'restart-hang:ex3.contoso.local', 'pending-restart:EX2']) {
      const r = parseFault(spec);
      expect(r.ok, spec).toBe(true);
      if (r.ok) expect(formatFault(r.fault)).toBe(spec);
    }
    expect(parseFault('fail:step:with:colons:3')).toEqual({ ok: true, fault: { kind: 'fail', stepId: 'step:with:colons', times: 3, failed: 0 } });
    expect(parseFault('fail:prereq.features.srv-ex3')).toEqual({ ok: true, fault: { kind: 'fail', stepId: 'prereq.features.srv-ex3', times: 1, failed: 0 } });
  });

  it('rejects bad specs with the reason and the syntax', () => {
    const r = parseFaults(['slow:EX4', 'explode:EX1', 'unreachable:', 'fail:x:0']);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors[0]).toMatch(/^invalid fault "slow:EX4": give a host and a delay in milliseconds, e\.g\. slow:EX4:200\. Syntax: unreachable:HOST, fail:STEPID\[:N\], slow:HOST:MS, restart-hang:HOST, pending-restart:HOST, throw:COMMAND\[:N\], restart-during:STEPID, copy-initializing:DB\\SRV\.$/);
      expect(r.errors[1]).toMatch(/unknown fault kind "explode"/);
      expect(r.errors[2]).toMatch(/give a host name/);
      expect(r.errors[3]).toMatch(/the count is 1 to 1000/);
    }
  });

  it('replacing the faults keeps a repeated fault\'s counter and brings a hung host back', () => {
    const world = LabWorld.create(exampleDesign('seed-lab'), { faults: [{ kind: 'fail', stepId: 's', times: 3, failed: 0 }, { kind: 'restart-hang', host: 'EX3' }] });
    const fail = world.state.faults[0];
    if (fail.kind === 'fail') fail.failed = 2;
    const ex3 = world.host('EX3')!;
    ex3.hung = true;
    world.setFaults([{ kind: 'fail', stepId: 's', times: 3, failed: 0 }]);
    expect(world.state.faults).toEqual([{ kind: 'fail', stepId: 's', times: 3, failed: 2 }]);
    expect(world.reachable(ex3)).toBe(true);
  });
});

describe('re-runs and checks that tell whether the work is done', () => {
  const cluster = (hostPriority: number): StepAction => ({ kind: 'new-nlb-cluster', interfaceName: 'NLB', vip: '10.0.1.40', subnetMask: '255.255.255.0', clusterFqdn: 'outlook.contoso.local', mode: 'multicast', hostPriority });
  const addNode = (hostPriority: number): StepAction => ({ kind: 'add-nlb-node', clusterHost: 'CAS1', clusterInterface: 'NLB', newNodeName: 'CAS2', newNodeInterface: 'NLB', hostPriority, loadWeight: 50 });

  it('an NLB cluster or node that exists with another host priority is not done; the re-run sets the priority without a second cluster or node', async () => {
    const lab = new Lab(LabWorld.create(exampleDesign('minimal-ha')));
    for (const cas of ['CAS1', 'CAS2']) await lab.ok(features(['NLB', 'RSAT-NLB']), cas);
    await lab.ok(cluster(1), 'CAS1');
    // As if New-NlbCluster had succeeded and Set-NlbClusterNode had not: the first node still has priority 1.
    expect(await lab.check(cluster(3), 'CAS1')).toBe(false);
    await lab.ok(cluster(3), 'CAS1');
    expect(lab.world.state.nlbClusters.map((c) => c.nodes.map((n) => [n.host, n.hostPriority]))).toEqual([[['CAS1', 3]]]);

    await lab.ok(addNode(2), 'CAS1');
    lab.world.state.nlbClusters[0].nodes[1].hostPriority = 1; // joined with the lowest free priority, not yet set
    expect(await lab.check(addNode(2), 'CAS1')).toBe(false);
    await lab.ok(addNode(2), 'CAS1');
    expect(lab.world.state.nlbClusters[0].nodes.map((n) => [n.host, n.hostPriority])).toEqual([['CAS1', 3], ['CAS2', 2]]);
    const clash = await lab.run(addNode(3), 'CAS1');
    expect(!clash.ok && clash.error).toBe('Set-NlbClusterNode : Host priority 3 is already used by CAS1 in NLB cluster 10.0.1.40; host priorities are unique.');
  });

  it('a DNS name that already points elsewhere is refused, leaving DNS as it was', async () => {
    const lab = new Lab(LabWorld.create(exampleDesign('minimal-ha')));
    lab.world.state.dnsRecords.push({ zone: 'contoso.local', name: 'outlook', ipv4: '10.0.1.99' });
    for (const useDnscmd of [true, false]) {
      const r = await lab.run({ kind: 'dns-a-record', dnsServer: 'dc1.contoso.local', zone: 'contoso.local', hostLabel: 'outlook', fqdn: 'outlook.contoso.local', ipv4: '10.0.1.40', useDnscmd }, 'CAS1', { kind: 'dns' });
      expect(!r.ok && r.error).toBe(
        'outlook.contoso.local already has an A record for 10.0.1.99 on dc1.contoso.local: a second record would send clients round-robin to it. Remove or correct that record, then run this step again.',
      );
    }
    expect(lab.world.state.dnsRecords).toEqual([{ zone: 'contoso.local', name: 'outlook', ipv4: '10.0.1.99' }]);
  });

  it('RpcClientAccessServer is not "done" for a Mailbox server that does not exist', async () => {
    const lab = await installedMinimalHa();
    expect(await lab.check({ kind: 'set-rpc-client-access', mailboxServer: 'MB9', fqdn: 'outlook.contoso.local', exceptDatabases: [] }, 'CAS1', 'ems')).toBe(false);
    expect(await lab.check({ kind: 'set-rpc-client-access', mailboxServer: 'CAS1', fqdn: 'outlook.contoso.local', exceptDatabases: [] }, 'CAS1', 'ems')).toBe(false);
  });

  it('a database copy with another truncation lag is not done', async () => {
    const lab = await installedMinimalHa();
    lab.world.state.databases.push({
      name: 'DB1',
      edbFilePath: 'C:\\DB1\\DB1.edb',
      logFolderPath: 'C:\\DB1',
      activeServer: 'MB1',
      mounted: true,
      rpcClientAccessServer: 'outlook.contoso.local',
      copies: [
        { server: 'MB1', activationPreference: 1, replayLagDays: 0, truncationLagDays: 0 },
        { server: 'MB2', activationPreference: 2, replayLagDays: 0, truncationLagDays: 0 },
      ],
    });
    const copy = (truncationLagDays: number): StepAction => ({ kind: 'add-database-copy', database: 'DB1', server: 'MB2', activationPreference: 2, replayLagDays: 0, truncationLagDays });
    expect(await lab.check(copy(0), 'CAS1', 'ems')).toBe(true);
    expect(await lab.check(copy(1), 'CAS1', 'ems')).toBe(false);
  });
});
