import { describe, it, expect } from 'vitest';
import { exampleDesign } from '../../../test/fixtures/designs';
import type { Design } from '../../model/types';
import { planDesign } from '../engine';
import type { RuleId } from '../types';
import { haRules } from './ha';
import { addServer, check, expectFinding, expectNone, serverNamed, withRule } from './testkit';

const run = (design: Design) => check(design, haRules);

/** The rules that report something about a design with every rule family (the whole planner). */
const firing = (design: Design): RuleId[] => [...new Set(planDesign(design).findings.map((f) => f.ruleId))];

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
    const f = expectFinding(run(d), 'ha.cas', 'warning', 'AD site HQ', 'NLB cluster outlook.contoso.local', 'CAS array CASArray-HQ', 'balances only CAS1', 'At least 2');
    expect(f.hint).toContain('Add CAS2 to NLB cluster outlook.contoso.local');
    expect(f.entityIds).toEqual(expect.arrayContaining(['site-hq', 'srv-cas1', 'srv-cas2', 'casarray-hq', 'nlb-cas']));
  });

  it('fires with a single Client Access server in a site with mailboxes', () => {
    const d = exampleDesign('minimal-ha');
    serverNamed(d, 'CAS2').roles = ['HT'];
    const f = expectFinding(run(d), 'ha.cas', 'warning', 'Client Access in AD site HQ is not highly available: it has only one Client Access server (CAS1)');
    expect(f.hint).toContain('a second Client Access server');
  });

  it('leaves a missing CAS array or load balancer to casarray.no-lb (one cause, one warning)', () => {
    const noArray = exampleDesign('minimal-ha');
    noArray.casArrays = [];
    expectNone(run(noArray), 'ha.cas');
    expect(firing(noArray)).toContain('casarray.no-lb');
    const noLb = exampleDesign('minimal-ha');
    noLb.casArrays[0].nlbClusterId = null;
    expectNone(run(noLb), 'ha.cas');
    expect(firing(noLb)).toContain('casarray.no-lb');
  });

  it('leaves Windows NLB on DAG members to the nlb.dag-conflict error', () => {
    const d = multiRoleWithNlb();
    expectNone(run(d), 'ha.cas');
    expect(firing(d)).toContain('nlb.dag-conflict');
  });

  it('leaves a site with mailboxes but no Client Access server to the role.cas-in-site error', () => {
    const d = exampleDesign('minimal-ha');
    for (const name of ['CAS1', 'CAS2']) serverNamed(d, name).roles = ['HT'];
    expectNone(run(d), 'ha.cas');
    expect(firing(d)).toContain('role.cas-in-site');
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
    serverNamed(d, 'CAS2').roles = ['HT'];
    d.goals.highlyAvailable = false;
    expectFinding(run(d), 'ha.cas', 'info', 'only one Client Access server (CAS1)');
  });
});

describe('ha.hub', () => {
  it('is silent with two Hub Transport servers in the site', () => {
    expectNone(run(exampleDesign('minimal-ha')), 'ha.hub');
  });

  it('names the only Hub Transport server of the site', () => {
    const d = exampleDesign('minimal-ha');
    serverNamed(d, 'CAS2').roles = ['CAS'];
    const f = expectFinding(run(d), 'ha.hub', 'warning', 'AD site HQ has only one Hub Transport server (CAS1)', 'At least 2');
    expect(f.entityIds).toEqual(['site-hq', 'srv-cas1']);
  });

  it('leaves a site with mailboxes but no Hub Transport server to the role.hub-in-site error', () => {
    const d = exampleDesign('minimal-ha');
    for (const name of ['CAS1', 'CAS2']) serverNamed(d, name).roles = ['CAS'];
    expectNone(run(d), 'ha.hub');
    expect(firing(d)).toContain('role.hub-in-site');
  });
});

describe('ha.mailbox', () => {
  it('is silent for a DAG of two with every database on both members', () => {
    expectNone(run(exampleDesign('minimal-ha')), 'ha.mailbox');
    expectNone(run(exampleDesign('large-lagged')), 'ha.mailbox');
  });

  it('names the Mailbox server outside any DAG and its database, once (seed lab)', () => {
    const findings = withRule(run(exampleDesign('seed-lab')), 'ha.mailbox');
    expect(findings.map((f) => f.severity)).toEqual(['warning']);
    expect(findings[0].message).toBe('Mailbox server EX2 is in no DAG: database Mailbox Database 02 goes offline when it fails.');
    expect(findings[0].entityIds).toEqual(['srv-ex2', 'db-02']);
  });

  it('names several servers outside a DAG together', () => {
    const d = exampleDesign('minimal-ha');
    d.dags = [];
    d.databases = [d.databases[0]];
    d.databases[0].copies = [d.databases[0].copies[0]];
    const [f] = withRule(run(d), 'ha.mailbox');
    expect(f.message).toBe('Mailbox servers MB1 and MB2 are in no DAG: database DB1 goes offline when the server holding them fails.');
  });

  it('leaves a single-member DAG to dag.single-member and its single-copy databases to db.single-copy', () => {
    const d = exampleDesign('minimal-ha');
    d.dags[0].memberIds = ['srv-mb1'];
    for (const db of d.databases) db.copies = db.copies.filter((c) => c.serverId === 'srv-mb1').map((c) => ({ ...c, activationPreference: 1 }));
    const msgs = withRule(run(d), 'ha.mailbox').map((f) => f.message);
    expect(msgs).toEqual(['Mailbox server MB2 is in no DAG: its databases go offline when it fails.']);
    expect(firing(d)).toEqual(expect.arrayContaining(['dag.single-member', 'db.single-copy']));
  });

  it('does not count a lagged copy as a highly available copy', () => {
    const d = exampleDesign('minimal-ha');
    d.databases[0].copies[1].replayLagDays = 7;
    expectFinding(run(d), 'ha.mailbox', 'warning', '1 database has fewer than 2 non-lagged copies: DB1 (2 copies, 1 non-lagged)');
  });

  it('drops to info when the HA goal is off', () => {
    const d = exampleDesign('seed-lab');
    d.goals.highlyAvailable = false;
    expect(withRule(run(d), 'ha.mailbox').map((f) => f.severity)).toEqual(['info']);
  });
});

describe('ha.minimum-servers', () => {
  it('explains the four-server minimum on an NLB design that is not yet highly available', () => {
    const f = expectFinding(run(exampleDesign('seed-lab')), 'ha.minimum-servers', 'info', 'Not highly available yet: Mailbox.', 'With Windows NLB, the minimum is 4 servers', '3 Exchange servers (EX2, EX3 and EX4)');
    expect(f.message).not.toContain('hardware load balancer,');
    expect(f.hint).toContain('hardware load balancer');
    expect(f.entityIds).toContain('srv-ex2');
  });

  it('explains the two-server minimum on a hardware load balancer design', () => {
    const d = exampleDesign('multi-role-hlb');
    d.databases[1].copies = d.databases[1].copies.filter((c) => c.serverId === 'srv-exb');
    const f = expectFinding(run(d), 'ha.minimum-servers', 'info', 'Not highly available yet: Mailbox.', '2 multi-role servers (CAS+HT+MB)', '2 Exchange servers (EXA and EXB)');
    expect(f.message).not.toContain('With Windows NLB');
  });

  it('explains both when the design has no load balancer yet', () => {
    const d = exampleDesign('minimal-ha');
    d.nlbClusters = [];
    d.casArrays[0].nlbClusterId = null;
    expectFinding(run(d), 'ha.minimum-servers', 'info', 'Not highly available yet: Client Access.', 'minimum is 4 servers', '2 multi-role servers');
  });

  it('is silent when every role is highly available, or when the HA goal is off', () => {
    expectNone(run(exampleDesign('minimal-ha')), 'ha.minimum-servers');
    expectNone(run(exampleDesign('multi-role-hlb')), 'ha.minimum-servers');
    const off = exampleDesign('seed-lab');
    off.goals.highlyAvailable = false;
    expectNone(run(off), 'ha.minimum-servers');
  });
});
