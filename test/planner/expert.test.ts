// What an Exchange 2010 architect would draw and rightly expect to pass: a two-site DAG with an IP address on each
// site's MAPI subnet, Windows NLB in one site and a hardware load balancer in front of multi-role servers in the
// other, Edge Transport, Unified Messaging, existing servers, Windows Server 2012 R2 on SP3 RU5, the witness on a
// CAS/HT server and a standalone archive Mailbox server. No rule may object to any of it.
import { describe, it, expect } from 'vitest';
import type { Design, Server } from '../../shared/model/types';
import { planDesign } from '../../shared/planner/engine';
import type { PlanResult, RuleId } from '../../shared/planner/types';
import { exampleDesign } from '../fixtures/designs';

function describeFindings(plan: PlanResult): string {
  return plan.findings.map((f) => `${f.severity} ${f.ruleId}: ${f.message}`).join('\n');
}

function ruleIds(plan: PlanResult, severity: 'error' | 'warning' | 'info'): RuleId[] {
  return [...new Set(plan.findings.filter((f) => f.severity === severity).map((f) => f.ruleId))].sort();
}

function server(design: Design, name: string): Server {
  const s = design.servers.find((x) => x.name === name);
  if (!s) throw new Error(`no server ${name}`);
  return s;
}

function addServer(design: Design, s: Omit<Server, 'fqdn' | 'virtualized' | 'domainController' | 'existing'> & Partial<Server>): Server {
  const full: Server = { fqdn: `${s.name.toLowerCase()}.contoso.local`, virtualized: false, domainController: false, existing: false, ...s };
  design.servers.push(full);
  return full;
}

/** S2 (minimal HA in HQ) grown into a two-site design, as an expert would draw it. */
function expertDesign(): Design {
  const d = exampleDesign('minimal-ha');
  // The 2012 R2 servers get .NET 3.5 from the Windows media (Install-WindowsFeature -Source), as an expert sets up.
  d.deployment.windowsSourcePath = 'D:\\sources\\sxs';
  d.organization.rollup = 5; // Exchange 2010 SP3 RU5: Windows Server 2012 R2 is supported
  d.sites.push({ id: 'site-dr', name: 'DR' });
  d.subnets.push(
    { id: 'subnet-dr-mapi', siteId: 'site-dr', cidr: '10.20.1.0/24', gateway: '10.20.1.1', purpose: 'mapi' },
    { id: 'subnet-dr-repl', siteId: 'site-dr', cidr: '10.20.2.0/24', purpose: 'replication' },
    { id: 'subnet-dmz', siteId: 'site-hq', cidr: '172.16.0.0/24', gateway: '172.16.0.1', purpose: 'perimeter' },
  );
  // HQ: the Mailbox servers already exist; MB2 runs Windows Server 2012 R2 Standard (clustering is in Standard there).
  // With ARCH1 (4 cores) HQ has 8 + 8 + 4 = 20 Mailbox cores: combined CAS+HT servers cover them 1:1, so CAS1 and CAS2
  // get 10 cores each (and 2 GB per core: 20 GB RAM, 24 installed).
  for (const name of ['CAS1', 'CAS2']) Object.assign(server(d, name), { cores: 10, ramGB: 24 });
  // Every member of a DAG runs the same Windows version (Planning for High Availability and Site Resilience), so the
  // HQ Mailbox servers run Windows Server 2012 R2 like the DR members.
  server(d, 'MB1').existing = true;
  for (const name of ['MB1', 'MB2']) Object.assign(server(d, name).os, { version: '2012R2', edition: 'Standard', servicePack: 0 });
  d.databases[0].existing = true;
  addServer(d, {
    id: 'srv-edge1', name: 'EDGE1', siteId: 'site-hq', roles: ['Edge'], cores: 4, ramGB: 8,
    os: { version: '2012R2', edition: 'Standard', servicePack: 0 },
    nics: [{ id: 'nic-edge1', name: 'DMZ', subnetId: 'subnet-dmz', ipv4: '172.16.0.10', purpose: 'mapi' }],
    // In the perimeter network, outside the domain, subscribed to HQ (Understanding Edge Subscriptions).
    domainJoined: false,
    edgeSubscriptionSiteId: 'site-hq',
  });
  addServer(d, {
    id: 'srv-um1', name: 'UM1', siteId: 'site-hq', roles: ['UM'], cores: 4, ramGB: 8, virtualized: true,
    os: { version: '2008R2', edition: 'Standard', servicePack: 1 },
    nics: [{ id: 'nic-um1', name: 'MAPI', subnetId: 'subnet-mapi', ipv4: '10.0.1.60', purpose: 'mapi' }],
  });
  // A standalone archive Mailbox server (one database, one copy, no DAG).
  addServer(d, {
    id: 'srv-arch1', name: 'ARCH1', siteId: 'site-hq', roles: ['MB'], cores: 4, ramGB: 16,
    os: { version: '2008R2', edition: 'Standard', servicePack: 1 },
    nics: [{ id: 'nic-arch1', name: 'MAPI', subnetId: 'subnet-mapi', ipv4: '10.0.1.70', purpose: 'mapi' }],
  });
  d.databases.push({ id: 'db-arch', name: 'Archive01', existing: false, mailboxCount: 50, copies: [{ serverId: 'srv-arch1', activationPreference: 1, replayLagDays: 0, truncationLagDays: 0 }] });
  // DR: two multi-role servers (CAS+HT+MB) behind a hardware load balancer, both members of DAG1.
  for (const [i, name] of ['DREX1', 'DREX2'].entries()) {
    addServer(d, {
      id: `srv-${name.toLowerCase()}`, name, siteId: 'site-dr', roles: ['CAS', 'HT', 'MB'], cores: 8, ramGB: 48,
      os: { version: '2012R2', edition: 'Standard', servicePack: 0 },
      nics: [
        { id: `nic-${name.toLowerCase()}-mapi`, name: 'MAPI', subnetId: 'subnet-dr-mapi', ipv4: `10.20.1.${11 + i}`, purpose: 'mapi' },
        { id: `nic-${name.toLowerCase()}-repl`, name: 'Replication', subnetId: 'subnet-dr-repl', ipv4: `10.20.2.${11 + i}`, purpose: 'replication' },
      ],
    });
  }
  d.hardwareLoadBalancers.push({ id: 'hlb-dr', name: 'HLB-DR', vip: '10.20.1.40', memberIds: ['srv-drex1', 'srv-drex2'] });
  d.casArrays.push({ id: 'casarray-dr', name: 'CASArray-DR', fqdn: 'outlook-dr.contoso.local', siteId: 'site-dr', nlbClusterId: null, hardwareLoadBalancerId: 'hlb-dr', staticPorts: null });
  const dag = d.dags[0];
  dag.memberIds.push('srv-drex1', 'srv-drex2');
  dag.ipAddresses.push({ subnetId: 'subnet-dr-mapi', ipv4: '10.20.1.50' });
  dag.replicationSubnetIds.push('subnet-dr-repl');
  // Four members across two AD sites: Datacenter Activation Coordination on, the alternate witness a file server in DR.
  dag.datacenterActivationMode = 'DagOnly';
  dag.alternateWitnessHost = 'fs-dr.contoso.local';
  // Every HQ database gets a third copy in DR.
  for (const db of d.databases.slice(0, 2)) db.copies.push({ serverId: db.id === 'db-1' ? 'srv-drex1' : 'srv-drex2', activationPreference: 3, replayLagDays: 0, truncationLagDays: 0 });
  return d;
}

describe('an expert design (two-site DAG, NLB and a hardware load balancer, Edge, UM, 2012 R2 on SP3 RU5)', () => {
  it('has no errors, and the only warning is the standalone archive server under the HA goal', () => {
    const plan = planDesign(expertDesign());
    expect(ruleIds(plan, 'error'), describeFindings(plan)).toEqual([]);
    expect(ruleIds(plan, 'warning'), describeFindings(plan)).toEqual(['ha.mailbox']);
    expect(plan.findings.find((f) => f.ruleId === 'ha.mailbox')?.message).toBe('Mailbox server ARCH1 is in no DAG: database Archive01 goes offline when it fails.');
  });

  it('has no warning at all with the HA goal off', () => {
    const d = expertDesign();
    d.goals.highlyAvailable = false;
    const plan = planDesign(d);
    expect(ruleIds(plan, 'error'), describeFindings(plan)).toEqual([]);
    expect(ruleIds(plan, 'warning'), describeFindings(plan)).toEqual([]);
  });

  it('judges Client Access and Hub Transport highly available in both sites', () => {
    const plan = planDesign(expertDesign());
    expect(plan.verdict.CAS.reasons).toEqual([
      'CAS: yes — CAS1 and CAS2 behind NLB cluster outlook.contoso.local (CAS array CASArray-HQ, site HQ)',
      'CAS: yes — DREX1 and DREX2 behind hardware load balancer HLB-DR (CAS array CASArray-DR, site DR)',
    ]);
    expect(plan.verdict.HT.highlyAvailable).toBe(true);
  });

  it('still catches Windows Server 2012 R2 one rollup too early', () => {
    const d = expertDesign();
    d.organization.rollup = 4;
    const plan = planDesign(d);
    expect(plan.findings.filter((f) => f.ruleId === 'os.supported').map((f) => f.message.split(' runs')[0])).toEqual([
      'Server MB1',
      'Server MB2',
      'Server EDGE1',
      'Server DREX1',
      'Server DREX2',
    ]);
  });
});
