import { describe, it, expect } from 'vitest';
import { exampleDesign } from '../../../test/fixtures/designs';
import { serverRules } from './servers';
import { addServer, check, expectFinding, expectNone, serverNamed, withRule } from './testkit';

const seed = () => exampleDesign('seed-lab');
const minimal = () => exampleDesign('minimal-ha');

describe('server rules on the reference designs', () => {
  it('fire nothing on the unmodified seed lab and minimal-HA examples', () => {
    expect(check(seed(), serverRules)).toEqual([]);
    expect(check(minimal(), serverRules)).toEqual([]);
  });
});

describe('os.supported', () => {
  it('requires Service Pack 2 on Windows Server 2008', () => {
    const d = seed();
    serverNamed(d, 'EX3').os = { version: '2008', edition: 'Standard', servicePack: 1 };
    const f = expectFinding(check(d, serverRules), 'os.supported', 'error', 'Server EX3', 'Windows Server 2008 SP1', 'SP2');
    expect(f.hint).toContain("Set EX3's service pack to 2");
    expect(f.entityIds).toEqual(['srv-ex3']);
    serverNamed(d, 'EX3').os.servicePack = 2;
    expectNone(check(d, serverRules), 'os.supported');
  });

  it('allows Windows Server 2012 only with Exchange 2010 SP3', () => {
    const d = seed();
    serverNamed(d, 'EX3').os.version = '2012';
    d.organization.servicePack = 'SP2';
    const f = expectFinding(check(d, serverRules), 'os.supported', 'error', 'Server EX3', 'Windows Server 2012', 'SP3', 'Exchange 2010 SP2');
    expect(f.hint).toContain("organization's Exchange service pack to SP3");
    d.organization.servicePack = 'SP3';
    expectNone(check(d, serverRules), 'os.supported');
  });

  it('allows Windows Server 2012 R2 only from Exchange 2010 SP3 Update Rollup 5', () => {
    const d = seed();
    serverNamed(d, 'EX4').os.version = '2012R2';
    d.organization.rollup = 4;
    const f = expectFinding(check(d, serverRules), 'os.supported', 'error', 'Server EX4', 'Windows Server 2012 R2', 'Update Rollup 5', 'Exchange 2010 SP3 RU4');
    expect(f.hint).toContain('SP3 RU5 or a later rollup');
    d.organization.rollup = 5;
    expectNone(check(d, serverRules), 'os.supported');
  });

  it('never allows Windows Server 2016 for an Exchange server, but a non-Exchange witness may run it', () => {
    const d = seed();
    d.organization.rollup = 32;
    serverNamed(d, 'EX2').os.version = '2016';
    expectFinding(check(d, serverRules), 'os.supported', 'error', 'Server EX2', 'Windows Server 2016', 'cannot be installed');
    serverNamed(d, 'EX2').roles = [];
    expectNone(check(d, serverRules), 'os.supported');
  });
});

describe('role.edge-alone', () => {
  it('rejects Edge Transport combined with another role', () => {
    const d = seed();
    serverNamed(d, 'EX3').roles = ['Edge', 'CAS'];
    const f = expectFinding(check(d, serverRules), 'role.edge-alone', 'error', 'Server EX3', 'Edge Transport with Client Access');
    expect(f.entityIds).toEqual(['srv-ex3']);
  });

  it('accepts a dedicated Edge server', () => {
    const d = seed();
    addServer(d, { name: 'EDGE1', roles: ['Edge'], siteId: 'site-default', subnetId: 'subnet-lan', ipv4: '192.168.0.60' });
    expectNone(check(d, serverRules), 'role.edge-alone');
  });
});

describe('role.hub-in-site and role.cas-in-site', () => {
  it('require Hub Transport in a site with a Mailbox server', () => {
    const d = seed();
    serverNamed(d, 'EX3').roles = ['CAS'];
    serverNamed(d, 'EX4').roles = ['CAS'];
    const findings = check(d, serverRules);
    const f = expectFinding(findings, 'role.hub-in-site', 'error', 'AD site Default-First-Site-Name', '1 Mailbox server (EX2)', 'no Hub Transport server');
    expect(f.entityIds).toEqual(['site-default', 'srv-ex2']);
    expectNone(findings, 'role.cas-in-site');
  });

  it('require Client Access in a site with a Mailbox server', () => {
    const d = seed();
    serverNamed(d, 'EX3').roles = ['HT'];
    serverNamed(d, 'EX4').roles = ['HT'];
    const findings = check(d, serverRules);
    expectFinding(findings, 'role.cas-in-site', 'error', 'AD site Default-First-Site-Name', 'EX2', 'no Client Access server');
    expectNone(findings, 'role.hub-in-site');
  });

  it('judge each site on its own servers', () => {
    const m = minimal();
    m.sites.push({ id: 'site-branch', name: 'Branch' });
    m.subnets.push({ id: 'subnet-branch', siteId: 'site-branch', cidr: '10.1.1.0/24', purpose: 'mapi' });
    addServer(m, { name: 'BRMB1', roles: ['MB'], siteId: 'site-branch', subnetId: 'subnet-branch', ipv4: '10.1.1.10' });
    addServer(m, { name: 'BRMB2', roles: ['MB'], siteId: 'site-branch', subnetId: 'subnet-branch', ipv4: '10.1.1.11' });
    const findings = check(m, serverRules);
    expectFinding(findings, 'role.hub-in-site', 'error', 'AD site Branch', '2 Mailbox servers (BRMB1 and BRMB2)');
    expectFinding(findings, 'role.cas-in-site', 'error', 'AD site Branch', '2 Mailbox servers (BRMB1 and BRMB2)');
  });

  it('do not apply to a site without Mailbox servers', () => {
    const m = minimal();
    m.sites.push({ id: 'site-dmz', name: 'DMZ' });
    m.subnets.push({ id: 'subnet-dmz', siteId: 'site-dmz', cidr: '10.9.0.0/24', purpose: 'mapi' });
    addServer(m, { name: 'CASDMZ', roles: ['CAS'], siteId: 'site-dmz', subnetId: 'subnet-dmz', ipv4: '10.9.0.10' });
    const findings = check(m, serverRules);
    expectNone(findings, 'role.hub-in-site');
    expectNone(findings, 'role.cas-in-site');
  });
});

describe('role.not-on-dc', () => {
  it('warns about Exchange roles on a domain controller', () => {
    const d = seed();
    serverNamed(d, 'EX2').domainController = true;
    const f = expectFinding(check(d, serverRules), 'role.not-on-dc', 'warning', 'Server EX2', 'domain controller', 'Mailbox');
    expect(f.entityIds).toEqual(['srv-ex2']);
  });

  it('says nothing about a domain controller without Exchange roles', () => {
    const d = seed();
    const dc = addServer(d, { name: 'DC1', roles: [], siteId: 'site-default', subnetId: 'subnet-lan', ipv4: '192.168.0.10' });
    dc.domainController = true;
    expect(withRule(check(d, serverRules), 'role.not-on-dc')).toEqual([]);
  });
});
