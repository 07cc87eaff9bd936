import { describe, it, expect } from 'vitest';
import { exampleDesign } from '../../../test/fixtures/designs';
import type { Design } from '../../model/types';
import { planDesign } from '../engine';
import { casArrayRules } from './casArrays';
import { addServer, check, expectFinding, expectNone, ruleIds, serverNamed, withRule } from './testkit';

const seed = () => exampleDesign('seed-lab');
const minimal = () => exampleDesign('minimal-ha');

/** Minimal HA plus an AD site "Branch" (subnet 10.1.1.0/24) with the given servers. */
function withBranch(design: Design, servers: { name: string; roles: ('CAS' | 'HT' | 'MB')[] }[]): Design {
  design.sites.push({ id: 'site-branch', name: 'Branch' });
  design.subnets.push({ id: 'subnet-branch', siteId: 'site-branch', cidr: '10.1.1.0/24', purpose: 'mapi' });
  servers.forEach((s, i) => addServer(design, { ...s, siteId: 'site-branch', subnetId: 'subnet-branch', ipv4: `10.1.1.${10 + i}` }));
  return design;
}

describe('CAS array rules on the reference designs', () => {
  it('give only the expected notes: seed lab = create before migration + repoint the existing database', () => {
    expect(ruleIds(check(seed(), casArrayRules))).toEqual(['casarray.before-migration', 'casarray.existing-dbs']);
  });

  it('give only the "create before migration" note on minimal HA', () => {
    expect(ruleIds(check(minimal(), casArrayRules))).toEqual(['casarray.before-migration']);
  });
});

describe('casarray.one-per-site', () => {
  it('rejects a second CAS array in a site, naming the site and both arrays', () => {
    const d = seed();
    d.casArrays.push({ id: 'casarray-2', name: 'CASArray2', fqdn: 'casarray2.exchangeserverpro.local', siteId: 'site-default', nlbClusterId: null, hardwareLoadBalancerId: null, staticPorts: null });
    const f = expectFinding(check(d, casArrayRules), 'casarray.one-per-site', 'error', 'AD site Default-First-Site-Name', '2 CAS arrays', 'CASArray and CASArray2', 'at most 1');
    expect(f.entityIds).toEqual(['site-default', 'casarray-default', 'casarray-2']);
  });

  it('accepts one array in each of two sites', () => {
    const m = withBranch(minimal(), [{ name: 'BRCAS1', roles: ['CAS', 'HT'] }]);
    m.casArrays.push({ id: 'casarray-br', name: 'CASArray-Branch', fqdn: 'outlook-br.contoso.local', siteId: 'site-branch', nlbClusterId: null, hardwareLoadBalancerId: null, staticPorts: null });
    expectNone(check(m, casArrayRules), 'casarray.one-per-site');
  });
});

describe('casarray.members-cas', () => {
  it('rejects a Mailbox server in the array\'s NLB cluster, saying why', () => {
    const m = minimal();
    m.nlbClusters[0].members.push({ serverId: 'srv-mb1', nicId: 'nic-mb1-mapi', hostPriority: 3, loadWeight: 50 });
    const f = expectFinding(check(m, casArrayRules), 'casarray.members-cas', 'error', 'CAS array CASArray-HQ in AD site HQ', 'NLB cluster outlook.contoso.local', 'MB1 (no Client Access role)');
    expect(f.entityIds).toEqual(['casarray-hq', 'nlb-cas', 'srv-mb1']);
    expect(f.hint).toContain('add the Client Access role');
  });

  it('rejects a Client Access server of another site behind a hardware load balancer', () => {
    const m = withBranch(minimal(), [{ name: 'BRCAS1', roles: ['CAS', 'HT'] }]);
    m.hardwareLoadBalancers.push({ id: 'hlb-hq', name: 'F5-HQ', vip: '10.0.1.41', memberIds: ['srv-cas1', 'srv-cas2', 'srv-brcas1'] });
    m.casArrays[0].nlbClusterId = null;
    m.casArrays[0].hardwareLoadBalancerId = 'hlb-hq';
    const f = expectFinding(check(m, casArrayRules), 'casarray.members-cas', 'error', 'hardware load balancer F5-HQ', 'BRCAS1 (in AD site Branch, not HQ)');
    expect(f.entityIds).toEqual(['casarray-hq', 'hlb-hq', 'srv-brcas1']);
    expect(f.hint).toContain('give the other site its own CAS array');
  });

  it('leaves a hardware load balancer member without Client Access to hlb.members-cas (reported once)', () => {
    const m = minimal();
    m.hardwareLoadBalancers.push({ id: 'hlb-hq', name: 'F5-HQ', vip: '10.0.1.41', memberIds: ['srv-cas1', 'srv-cas2', 'srv-mb1'] });
    m.casArrays[0].nlbClusterId = null;
    m.casArrays[0].hardwareLoadBalancerId = 'hlb-hq';
    const plan = planDesign(m);
    expect(plan.findings.filter((f) => f.entityIds.includes('srv-mb1') && f.severity === 'error').map((f) => f.ruleId)).toEqual(['hlb.members-cas']);
  });

  it('accepts Client Access servers of the array\'s site', () => {
    const m = minimal();
    m.nlbClusters[0].members.reverse();
    expectNone(check(m, casArrayRules), 'casarray.members-cas');
  });
});

describe('casarray.fqdn-distinct', () => {
  it('rejects an array FQDN equal to a server FQDN, ignoring case', () => {
    const d = seed();
    d.casArrays[0].fqdn = 'EX3.exchangeserverpro.local';
    const f = expectFinding(check(d, casArrayRules), 'casarray.fqdn-distinct', 'error', 'CAS array CASArray', 'EX3.exchangeserverpro.local', 'server EX3');
    expect(f.entityIds).toEqual(['casarray-default', 'srv-ex3']);
  });

  it('accepts the NLB cluster\'s name as the array FQDN', () => {
    expectNone(check(seed(), casArrayRules), 'casarray.fqdn-distinct');
  });
});

describe('casarray.fqdn-external', () => {
  it('warns when the array FQDN is an external host name', () => {
    const m = minimal();
    m.casArrays[0].fqdn = 'Mail.Contoso.com';
    const f = expectFinding(check(m, casArrayRules), 'casarray.fqdn-external', 'warning', 'CAS array CASArray-HQ', 'Mail.Contoso.com', 'external host name');
    expect(f.hint).toContain('internal-only name');
  });

  it('accepts an internal-only array FQDN', () => {
    expectNone(check(minimal(), casArrayRules), 'casarray.fqdn-external');
  });
});

describe('casarray.no-lb', () => {
  it('warns about a site with two CAS servers and an array without a load balancer', () => {
    const m = minimal();
    m.casArrays[0].nlbClusterId = null;
    const f = expectFinding(check(m, casArrayRules), 'casarray.no-lb', 'warning', 'AD site HQ', '2 Client Access servers (CAS1 and CAS2)', 'CAS array CASArray-HQ has no load balancer');
    expect(f.entityIds).toEqual(['site-hq', 'casarray-hq', 'srv-cas1', 'srv-cas2']);
  });

  it('warns about a site with two CAS servers and no array at all', () => {
    const m = minimal();
    m.casArrays = [];
    expectFinding(check(m, casArrayRules), 'casarray.no-lb', 'warning', 'AD site HQ', 'no CAS array');
  });

  it('drops to info when the design has no HA goal', () => {
    const m = minimal();
    m.casArrays = [];
    m.goals.highlyAvailable = false;
    const found = planDesign(m).findings.filter((f) => f.ruleId === 'casarray.no-lb');
    expect(found.map((f) => f.severity)).toEqual(['info']);
  });

  it('says nothing for a site with a single CAS server', () => {
    const d = seed();
    d.casArrays = [];
    serverNamed(d, 'EX4').roles = ['HT'];
    expectNone(check(d, casArrayRules), 'casarray.no-lb');
  });
});

describe('casarray.single-node', () => {
  it('notes an array whose load balancer has one member', () => {
    const d = seed();
    d.nlbClusters[0].members.pop();
    const f = expectFinding(check(d, casArrayRules), 'casarray.single-node', 'info', 'CAS array CASArray in AD site Default-First-Site-Name', 'single member', 'EX3');
    expect(f.entityIds).toEqual(['casarray-default', 'srv-ex3']);
    // With the HA goal on, the hint does not say "nothing to change" next to the ha.cas warning.
    expect(f.hint).toBe('For high availability (the design\'s goal), add Client Access servers to its NLB cluster casarray.exchangeserverpro.local, without touching Outlook profiles.');
    d.goals.highlyAvailable = false;
    expect(withRule(check(d, casArrayRules), 'casarray.single-node')[0].hint).toContain('Nothing to change now. Scale out later');
  });

  it('notes an array in a site with one CAS server', () => {
    const m = withBranch(minimal(), [{ name: 'BRCAS1', roles: ['CAS', 'HT'] }, { name: 'BRMB1', roles: ['MB'] }]);
    m.casArrays.push({ id: 'casarray-br', name: 'CASArray-Branch', fqdn: 'outlook-br.contoso.local', siteId: 'site-branch', nlbClusterId: null, hardwareLoadBalancerId: null, staticPorts: null });
    const f = expectFinding(check(m, casArrayRules), 'casarray.single-node', 'info', 'CAS array CASArray-Branch in AD site Branch', 'single Client Access server', 'BRCAS1');
    expect(f.entityIds).toEqual(['casarray-br', 'srv-brcas1']);
  });

  it('says nothing for a two-node array', () => {
    expectNone(check(minimal(), casArrayRules), 'casarray.single-node');
  });
});

describe('casarray.before-migration', () => {
  it('notes every CAS array once', () => {
    const m = withBranch(minimal(), [{ name: 'BRCAS1', roles: ['CAS', 'HT'] }]);
    m.casArrays.push({ id: 'casarray-br', name: 'CASArray-Branch', fqdn: 'outlook-br.contoso.local', siteId: 'site-branch', nlbClusterId: null, hardwareLoadBalancerId: null, staticPorts: null });
    const found = withRule(check(m, casArrayRules), 'casarray.before-migration');
    expect(found.map((f) => [f.severity, f.entityIds])).toEqual([
      ['info', ['casarray-hq']],
      ['info', ['casarray-br']],
    ]);
    expect(found[0].message).toContain('CAS array CASArray-HQ (outlook.contoso.local) in AD site HQ before moving any mailboxes');
  });

  it('says nothing without a CAS array', () => {
    const m = minimal();
    m.casArrays = [];
    expectNone(check(m, casArrayRules), 'casarray.before-migration');
  });
});

describe('casarray.existing-dbs', () => {
  it('names the existing database and the Set-MailboxDatabase step (seed lab)', () => {
    const f = expectFinding(check(seed(), casArrayRules), 'casarray.existing-dbs', 'info', 'CAS array CASArray in AD site Default-First-Site-Name', 'existing database Mailbox Database 02 keeps', 'RpcClientAccessServer');
    expect(f.hint).toContain('Set-MailboxDatabase -Identity "Mailbox Database 02" -RpcClientAccessServer casarray.exchangeserverpro.local');
    expect(f.entityIds).toEqual(['casarray-default', 'db-02']);
  });

  it('lists several existing databases of the site', () => {
    const m = minimal();
    for (const db of m.databases) db.existing = true;
    const f = expectFinding(check(m, casArrayRules), 'casarray.existing-dbs', 'info', '2 existing databases (DB1 and DB2)');
    expect(f.entityIds).toEqual(['casarray-hq', 'db-1', 'db-2']);
  });

  it('goes by the site of the preferred copy (activation preference 1)', () => {
    const m = withBranch(minimal(), [{ name: 'BRMB1', roles: ['MB'] }]);
    const copy = (serverId: string, activationPreference: number) => ({ serverId, activationPreference, replayLagDays: 0, truncationLagDays: 0 });
    m.databases.push({ id: 'db-br', name: 'DB-Branch', existing: true, copies: [copy('srv-mb1', 2), copy('srv-brmb1', 1)] });
    expectNone(check(m, casArrayRules), 'casarray.existing-dbs');
    m.databases[2].copies = [copy('srv-brmb1', 2), copy('srv-mb1', 1)];
    expectFinding(check(m, casArrayRules), 'casarray.existing-dbs', 'info', 'CAS array CASArray-HQ', 'existing database DB-Branch');
  });
});
