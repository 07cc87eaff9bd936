import { describe, it, expect } from 'vitest';
import { exampleDesign } from '../../../test/fixtures/designs';
import type { Design } from '../../model/types';
import { haRules } from './ha';
import { addServer, check, expectFinding, expectNone, serverNamed, withRule } from './testkit';

const run = (design: Design) => check(design, haRules);

/** S3 with Windows NLB instead of the hardware load balancer: EXA and EXB are both NLB and DAG members. */
function multiRoleWithNlb(): Design {
  const d = exampleDesign('multi-role-hlb');
  d.hardwareLoadBalancers = [];
  d.nlbClusters = [{
    id: 'nlb-cas', fqdn: 'outlook.fabrikam.local', vip: '10.1.1.40', subnetId: 'subnet-mapi', mode: 'multicast', clientsOnOtherSubnets: false,
    portRules: [{ startPort: 443, endPort: 443, protocol: 'Tcp', affinity: 'Single' }],
    members: [
      { serverId: 'srv-exa', nicId: 'nic-exa-mapi', hostPriority: 1, loadWeight: 50 },
      { serverId: 'srv-exb', nicId: 'nic-exb-mapi', hostPriority: 2, loadWeight: 50 },
    ],
  }];
  d.casArrays[0].hardwareLoadBalancerId = null;
  d.casArrays[0].nlbClusterId = 'nlb-cas';
  return d;
}

describe('ha.cas', () => {
  it('is silent for two CAS servers behind a load-balanced CAS array (NLB or hardware)', () => {
    expectNone(run(exampleDesign('minimal-ha')), 'ha.cas');
    expectNone(run(exampleDesign('multi-role-hlb')), 'ha.cas');
  });

  it('names the CAS server left out of the NLB cluster', () => {
    const d = exampleDesign('minimal-ha');
    d.nlbClusters[0].members = d.nlbClusters[0].members.filter((m) => m.serverId !== 'srv-cas2');
    const f = expectFinding(run(d), 'ha.cas', 'warning', 'site HQ', 'NLB cluster outlook.contoso.local', 'CAS array CASArray-HQ', 'balances only CAS1', 'At least 2');
    expect(f.hint).toContain('Add CAS2 to NLB cluster outlook.contoso.local');
    expect(f.entityIds).toEqual(expect.arrayContaining(['site-hq', 'srv-cas1', 'srv-cas2', 'casarray-hq', 'nlb-cas']));
  });

  it('fires with a single Client Access server in a site with mailboxes', () => {
    const d = exampleDesign('minimal-ha');
    serverNamed(d, 'CAS2').roles = ['HT'];
    const f = expectFinding(run(d), 'ha.cas', 'warning', 'only one Client Access server (CAS1) in site HQ');
    expect(f.hint).toContain('a second Client Access server');
  });

  it('fires when the site has no CAS array, or the array has no load balancer', () => {
    const noArray = exampleDesign('minimal-ha');
    noArray.casArrays = [];
    expectFinding(run(noArray), 'ha.cas', 'warning', 'CAS1 and CAS2 hold Client Access but site HQ has no CAS array');
    const noLb = exampleDesign('minimal-ha');
    noLb.casArrays[0].nlbClusterId = null;
    const f = expectFinding(run(noLb), 'ha.cas', 'warning', 'CAS array CASArray-HQ in site HQ has no load balancer');
    expect(f.hint).toContain('Attach a load balancer to CAS array CASArray-HQ');
  });

  it('does not count DAG members behind Windows NLB (they cannot run it)', () => {
    const f = expectFinding(run(multiRoleWithNlb()), 'ha.cas', 'warning', 'EXA and EXB are DAG members and cannot run Windows NLB');
    expect(f.hint).toContain('hardware load balancer');
  });

  it('ignores sites without Mailbox servers', () => {
    const d = exampleDesign('minimal-ha');
    d.sites.push({ id: 'site-branch', name: 'Branch' });
    d.subnets.push({ id: 'subnet-branch', siteId: 'site-branch', cidr: '10.9.1.0/24', purpose: 'mapi' });
    addServer(d, { name: 'BRCAS1', roles: ['CAS', 'HT'], siteId: 'site-branch', subnetId: 'subnet-branch', ipv4: '10.9.1.10' });
    expectNone(run(d), 'ha.cas');
    expectNone(run(d), 'ha.hub');
  });

  it('drops to info when the HA goal is off', () => {
    const d = exampleDesign('minimal-ha');
    d.casArrays = [];
    d.goals.highlyAvailable = false;
    expectFinding(run(d), 'ha.cas', 'info', 'site HQ has no CAS array');
  });
});

describe('ha.hub', () => {
  it('is silent with two Hub Transport servers in the site', () => {
    expectNone(run(exampleDesign('minimal-ha')), 'ha.hub');
  });

  it('names the only Hub Transport server of the site', () => {
    const d = exampleDesign('minimal-ha');
    serverNamed(d, 'CAS2').roles = ['CAS'];
    const f = expectFinding(run(d), 'ha.hub', 'warning', 'Site HQ has only one Hub Transport server (CAS1)', 'At least 2');
    expect(f.entityIds).toEqual(['site-hq', 'srv-cas1']);
  });

  it('fires when a site with mailboxes has no Hub Transport server', () => {
    const d = exampleDesign('minimal-ha');
    for (const name of ['CAS1', 'CAS2']) serverNamed(d, name).roles = ['CAS'];
    expectFinding(run(d), 'ha.hub', 'warning', 'Site HQ has no Hub Transport server');
  });
});

describe('ha.mailbox', () => {
  it('is silent for a DAG of two with every database on both members', () => {
    expectNone(run(exampleDesign('minimal-ha')), 'ha.mailbox');
    expectNone(run(exampleDesign('large-lagged')), 'ha.mailbox');
  });

  it('names the Mailbox server outside any DAG and its single-copy database (seed lab)', () => {
    const findings = withRule(run(exampleDesign('seed-lab')), 'ha.mailbox');
    expect(findings.map((f) => f.severity)).toEqual(['warning', 'warning']);
    expect(findings[0].message).toBe('Mailbox server EX2 is in no DAG: its databases go offline when it fails.');
    expect(findings[0].entityIds).toEqual(['srv-ex2']);
    expect(findings[1].message).toContain('Mailbox Database 02 (1 copy, 1 non-lagged)');
    expect(findings[1].entityIds).toEqual(['db-02']);
  });

  it('names a single-member DAG', () => {
    const d = exampleDesign('minimal-ha');
    d.dags[0].memberIds = ['srv-mb1'];
    const msgs = withRule(run(d), 'ha.mailbox').map((f) => f.message);
    expect(msgs).toContain('Mailbox server MB2 is in no DAG: its databases go offline when it fails.');
    expect(msgs).toContain('DAG DAG1 has 1 Mailbox member (MB1): a DAG needs at least 2 members to fail over.');
  });

  it('does not count a lagged copy as a highly available copy', () => {
    const d = exampleDesign('minimal-ha');
    d.databases[0].copies[1].replayLagDays = 7;
    expectFinding(run(d), 'ha.mailbox', 'warning', '1 database has fewer than 2 non-lagged copies: DB1 (2 copies, 1 non-lagged)');
  });

  it('drops to info when the HA goal is off', () => {
    const d = exampleDesign('seed-lab');
    d.goals.highlyAvailable = false;
    expect(withRule(run(d), 'ha.mailbox').map((f) => f.severity)).toEqual(['info', 'info']);
  });
});

describe('ha.minimum-servers', () => {
  it('explains the four-server minimum on an NLB design that is not yet highly available', () => {
    const f = expectFinding(run(exampleDesign('seed-lab')), 'ha.minimum-servers', 'info', 'Not highly available yet: MB.', 'With Windows NLB, the minimum is 4 servers', '3 Exchange servers (EX2, EX3 and EX4)');
    expect(f.message).not.toContain('hardware load balancer,');
    expect(f.hint).toContain('hardware load balancer');
    expect(f.entityIds).toContain('srv-ex2');
  });

  it('explains the two-server minimum on a hardware load balancer design', () => {
    const d = exampleDesign('multi-role-hlb');
    d.databases[1].copies = d.databases[1].copies.filter((c) => c.serverId === 'srv-exb');
    const f = expectFinding(run(d), 'ha.minimum-servers', 'info', 'Not highly available yet: MB.', '2 multi-role servers (CAS+HT+MB)', '2 Exchange servers (EXA and EXB)');
    expect(f.message).not.toContain('With Windows NLB');
  });

  it('explains both when the design has no load balancer yet', () => {
    const d = exampleDesign('minimal-ha');
    d.nlbClusters = [];
    d.casArrays[0].nlbClusterId = null;
    expectFinding(run(d), 'ha.minimum-servers', 'info', 'Not highly available yet: CAS.', 'minimum is 4 servers', '2 multi-role servers');
  });

  it('is silent when every role is highly available, or when the HA goal is off', () => {
    expectNone(run(exampleDesign('minimal-ha')), 'ha.minimum-servers');
    expectNone(run(exampleDesign('multi-role-hlb')), 'ha.minimum-servers');
    const off = exampleDesign('seed-lab');
    off.goals.highlyAvailable = false;
    expectNone(run(off), 'ha.minimum-servers');
  });
});
