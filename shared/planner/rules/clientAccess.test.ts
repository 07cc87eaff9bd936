// Client access across sites, transport at the edge, public folders, coexistence and the VIP subnets: for each rule
// a mutated copy of an example where it fires and the unmutated example (or a near-identical one) where it does not.
import { describe, expect, it } from 'vitest';
import { exampleDesign } from '../../../test/fixtures/designs';
import type { Design, Server } from '../../model/types';
import { ALL_RULES } from '.';
import { check, expectFinding, expectNone, serverNamed } from './testkit';

const run = (d: Design) => check(d, ALL_RULES);
const twoDc = () => exampleDesign('two-datacenter');
const srv = (d: Design, name: string): Server => serverNamed(d, name);

describe('casarray.per-mailbox-site', () => {
  it('warns for a Mailbox site with a Client Access server and no CAS array', () => {
    const d = twoDc();
    d.casArrays = d.casArrays.filter((a) => a.siteId !== 'site-dr');
    expectFinding(run(d), 'casarray.per-mailbox-site', 'warning', 'AD site DR has Mailbox servers and 2 Client Access servers (DR-CAS1 and DR-CAS2) but no CAS array');
  });
  it('is silent with an array in each site', () => expectNone(run(twoDc()), 'casarray.per-mailbox-site'));
});

describe('db.rpc-client-access', () => {
  it('derives from the site array: no finding without an override', () => expectNone(run(twoDc()), 'db.rpc-client-access'));
  it('warns when the override names the other site\'s array', () => {
    const d = twoDc();
    d.databases[0].rpcClientAccessServer = 'outlook-dr.tailspin.local';
    expectFinding(run(d), 'db.rpc-client-access', 'warning', 'Database DB01 is active in AD site Primary but its RpcClientAccessServer is outlook-dr.tailspin.local, the CAS array of site DR');
  });
  it('is an error when the override names a server without Client Access', () => {
    const d = twoDc();
    d.databases[0].rpcClientAccessServer = 'pr-mb2.tailspin.local';
    expectFinding(run(d), 'db.rpc-client-access', 'error', 'server PR-MB2, which does not hold the Client Access role');
  });
  it('warns when it names one Client Access server, or a name outside the design', () => {
    const d = twoDc();
    d.databases[0].rpcClientAccessServer = 'pr-cas1.tailspin.local';
    expectFinding(run(d), 'db.rpc-client-access', 'warning', 'the single Client Access server PR-CAS1, not CAS array CASArray-Primary (outlook-pr.tailspin.local)');
    d.databases[0].rpcClientAccessServer = 'casarray.elsewhere.local';
    expectFinding(run(d), 'db.rpc-client-access', 'warning', 'neither a CAS array nor a server of the design');
  });
  it('is silent when the override names the array of the database\'s own site', () => {
    const d = twoDc();
    d.databases[0].rpcClientAccessServer = 'OUTLOOK-PR.tailspin.local';
    expectNone(run(d), 'db.rpc-client-access');
  });
});

describe('casarray.cross-site-failover', () => {
  it('explains Outlook after a cross-site failover for databases with copies in both sites', () => {
    expectFinding(run(twoDc()), 'casarray.cross-site-failover', 'info', 'DAG DAG1: 6 databases have copies in more than one AD site', 'outlook-pr.tailspin.local');
  });
  it('is silent for a DAG inside one site', () => expectNone(run(exampleDesign('minimal-ha')), 'casarray.cross-site-failover'));
});

describe('site.internet-facing', () => {
  it('warns for an Internet-facing site without Client Access, and when no site is Internet-facing', () => {
    const d = twoDc();
    d.sites.push({ id: 'site-x', name: 'Branch', internetFacing: true });
    expectFinding(run(d), 'site.internet-facing', 'warning', 'AD site Branch is marked Internet-facing but has no Client Access server');
    const e = twoDc();
    for (const s of e.sites) s.internetFacing = false;
    expectFinding(run(e), 'site.internet-facing', 'warning', 'publishes mail.tailspintoys.com and autodiscover.tailspintoys.com, but no AD site is Internet-facing');
  });
  it('is silent for the example (Primary Internet-facing, DR not)', () => expectNone(run(twoDc()), 'site.internet-facing'));
});

describe('Edge Transport', () => {
  it('edge.domain-joined warns for an Edge server in the domain (the default when unset)', () => {
    const d = twoDc();
    delete srv(d, 'PR-EDGE1').domainJoined;
    expectFinding(run(d), 'edge.domain-joined', 'warning', 'Edge Transport server PR-EDGE1 is a member of the Active Directory domain tailspin.local (Domain-joined is on, the default)');
    expectNone(run(twoDc()), 'edge.domain-joined');
  });
  it('edge.perimeter warns for an Edge NIC on an internal subnet', () => {
    const d = twoDc();
    srv(d, 'PR-EDGE1').nics[0] = { id: 'nic-e', name: 'LAN', subnetId: 'subnet-pr-mapi', ipv4: '10.10.1.90', purpose: 'mapi' };
    expectFinding(run(d), 'edge.perimeter', 'warning', 'PR-EDGE1 is not in the perimeter network: NIC LAN is on mapi subnet 10.10.1.0/24');
    expectNone(run(twoDc()), 'edge.perimeter');
  });
  it('edge.subscribed warns without a subscription, errs on a missing site, warns on a site without Hub Transport', () => {
    const d = twoDc();
    srv(d, 'PR-EDGE1').edgeSubscriptionSiteId = null;
    expectFinding(run(d), 'edge.subscribed', 'warning', 'PR-EDGE1 is not subscribed to an AD site');
    srv(d, 'PR-EDGE1').edgeSubscriptionSiteId = 'site-nowhere';
    expectFinding(run(d), 'edge.subscribed', 'error', 'subscribed to AD site "site-nowhere", which is not a site of the design');
    d.sites.push({ id: 'site-empty', name: 'Empty' });
    srv(d, 'PR-EDGE1').edgeSubscriptionSiteId = 'site-empty';
    expectFinding(run(d), 'edge.subscribed', 'warning', 'AD site Empty, which has no Exchange 2010 Hub Transport server');
    expectNone(run(twoDc()), 'edge.subscribed');
  });
});

describe('subnet.client-no-servers', () => {
  it('warns for a server NIC on a client subnet', () => {
    const d = twoDc();
    srv(d, 'PR-CAS2').nics.push({ id: 'nic-x', name: 'Clients', subnetId: 'subnet-pr-clients', ipv4: '10.10.64.20', purpose: 'mapi' });
    expectFinding(run(d), 'subnet.client-no-servers', 'warning', 'Subnet 10.10.64.0/20 is a client subnet', 'PR-CAS2 has a NIC on it');
  });
  it('is silent when only clients are there', () => expectNone(run(twoDc()), 'subnet.client-no-servers'));
});

describe('vip.subnet-purpose and hlb.vip-subnet', () => {
  it('is an error for a hardware load balancer VIP on the replication subnet', () => {
    const d = twoDc();
    Object.assign(d.hardwareLoadBalancers[0], { vip: '10.10.2.40', subnetId: 'subnet-pr-repl' });
    expectFinding(run(d), 'vip.subnet-purpose', 'error', 'The VIP 10.10.2.40 of hardware load balancer HLB-PR is on replication subnet 10.10.2.0/24');
  });
  it('is an error for an NLB VIP on the replication subnet, and a warning on a management subnet', () => {
    const d = exampleDesign('minimal-ha');
    const repl = d.subnets.find((s) => s.purpose === 'replication');
    if (!repl) throw new Error('no replication subnet');
    d.nlbClusters[0].subnetId = repl.id;
    expectFinding(run(d), 'vip.subnet-purpose', 'error', `on replication subnet ${repl.cidr}`);
    repl.purpose = 'management';
    d.dags[0].replicationSubnetIds = [];
    expectFinding(run(d), 'vip.subnet-purpose', 'warning', `on management subnet ${repl.cidr}`);
  });
  it('checks a stated HLB subnet: the VIP must lie inside it', () => {
    const d = twoDc();
    d.hardwareLoadBalancers[0].subnetId = 'subnet-dr-mapi';
    expectFinding(run(d), 'hlb.vip-subnet', 'error', 'Hardware load balancer HLB-PR has VIP 10.10.1.40, which is outside its subnet 10.20.1.0/24');
  });
  it('is silent for VIPs on the MAPI subnets', () => {
    for (const d of [twoDc(), exampleDesign('minimal-ha'), exampleDesign('multi-role-hlb')]) {
      const found = run(d);
      expectNone(found, 'vip.subnet-purpose');
      expectNone(found, 'hlb.vip-subnet');
    }
  });
});

describe('nlb.ip-forwarding with a client subnet', () => {
  it('counts a client subnet elsewhere as clients on other subnets', () => {
    const d = exampleDesign('seed-lab');
    d.nlbClusters[0].clientsOnOtherSubnets = false;
    const before = run(d).filter((f) => f.ruleId === 'nlb.ip-forwarding').length;
    d.subnets.push({ id: 'subnet-clients', siteId: d.sites[0].id, cidr: '192.168.50.0/24', purpose: 'client' });
    const after = run(d).filter((f) => f.ruleId === 'nlb.ip-forwarding').length;
    // The seed lab's NLB NICs are secondary NICs: with a client subnet elsewhere, IP forwarding is needed.
    expect([before, after]).toEqual([0, 1]);
  });
});

describe('public folders', () => {
  it('pf.server is an error for a public folder database on a non-Mailbox server, a missing server or with a missing replica', () => {
    const d = twoDc();
    const pfs = d.publicFolderDatabases ?? [];
    pfs[0].serverId = 'srv-pr-cas1';
    expectFinding(run(d), 'pf.server', 'error', 'Public folder database PF01 is on PR-CAS1, which is not a Mailbox server');
    pfs[0].serverId = 'srv-none';
    pfs[1].replicaIds = ['pf-gone'];
    const found = run(d).filter((f) => f.ruleId === 'pf.server').map((f) => f.message);
    expect(found).toEqual([
      'Public folder database PF01 is on server "srv-none", which is not a server of the design.',
      'Public folder database PF02 lists "pf-gone" as a replica, which is not a public folder database of the design.',
    ]);
    expectNone(run(twoDc()), 'pf.server');
  });
  it('pf.one-per-server is an error for two on one server', () => {
    const d = twoDc();
    (d.publicFolderDatabases ?? [])[1].serverId = 'srv-pr-mb1';
    expectFinding(run(d), 'pf.one-per-server', 'error', 'Server PR-MB1 has 2 public folder databases (PF01 and PF02)');
    expectNone(run(twoDc()), 'pf.one-per-server');
  });
  it('pf.legacy-clients warns when Outlook 2003 clients have no public folder database', () => {
    const d = twoDc();
    d.publicFolderDatabases = [];
    for (const db of d.databases) db.publicFolderDatabaseId = null;
    expectFinding(run(d), 'pf.legacy-clients', 'warning', 'Outlook 2003 clients connect');
    d.organization.outlook2003Clients = false;
    expectNone(run(d), 'pf.legacy-clients');
  });
  it('pf.replicas warns (HA goal) for a public folder database without a replica on another server', () => {
    const d = twoDc();
    d.publicFolderDatabases = [{ id: 'pf-01', name: 'PF01', serverId: 'srv-pr-mb1', existing: false, replicaIds: [] }];
    expectFinding(run(d), 'pf.replicas', 'warning', 'Public folder database PF01 on PR-MB1 has no replica on another server');
    d.goals.highlyAvailable = false;
    expectFinding(run(d), 'pf.replicas', 'info', 'PF01');
    expectNone(run(twoDc()), 'pf.replicas');
  });
  it('db.edition-limit counts public folder databases and follows the server\'s own edition', () => {
    const d = twoDc();
    // PR-MB1 holds 4 mailbox database copies and PF01: 5 databases, the Standard limit.
    srv(d, 'PR-MB1').exchangeEdition = 'Standard';
    expectNone(run(d), 'db.edition-limit');
    d.databases[1].copies.push({ serverId: 'srv-pr-mb1', activationPreference: 5, replayLagDays: 0, truncationLagDays: 0 });
    expectFinding(run(d), 'db.edition-limit', 'error', 'Server PR-MB1 hosts 6 databases (5 mailbox database copies, active and passive, and 1 public folder database); Exchange 2010 Standard edition (its product key\'s) mounts at most 5');
  });
});

describe('db.name-unique', () => {
  it('is an error when a public folder database and a mailbox database share a name', () => {
    const d = twoDc();
    (d.publicFolderDatabases ?? [])[0].name = 'db01';
    expectFinding(run(d), 'db.name-unique', 'error', 'is used 2 times (mailbox database DB01 and public folder database db01)');
    expectNone(run(twoDc()), 'db.name-unique');
  });
});

describe('coexistence with Exchange 2003 / 2007', () => {
  function withLegacy(version: '2003' | '2007', servicePack: number, existing = true): Design {
    const d = exampleDesign('minimal-ha');
    const site = d.sites[0].id;
    const subnet = d.subnets.find((s) => s.purpose === 'mapi');
    if (!subnet) throw new Error('no MAPI subnet');
    d.servers.push({
      id: 'srv-old', name: 'OLDEX', fqdn: 'oldex.contoso.local', siteId: site, os: { version: '2008', edition: 'Enterprise', servicePack: 2 },
      roles: ['CAS', 'HT', 'MB'], cores: 4, ramGB: 16, virtualized: false, domainController: false, existing,
      nics: [{ id: 'nic-old', name: 'LAN', subnetId: subnet.id, ipv4: '10.0.1.99', purpose: 'mapi' }],
      legacy: { version, servicePack },
    });
    return d;
  }
  it('coexist.version: Exchange 2007 SP1 and 2003 SP1 are refused, SP2 is fine', () => {
    expectFinding(run(withLegacy('2007', 1)), 'coexist.version', 'error', 'OLDEX runs Exchange 2007 SP1; Exchange 2010 setup requires every Exchange 2007 server of the organization at SP2');
    expectFinding(run(withLegacy('2003', 1)), 'coexist.version', 'error', 'Exchange 2003 SP1');
    expectNone(run(withLegacy('2007', 2)), 'coexist.version');
    expectNone(run(withLegacy('2003', 2)), 'coexist.version');
  });
  it('coexist.legacy-existing: a legacy server must already exist', () => {
    expectFinding(run(withLegacy('2007', 3, false)), 'coexist.legacy-existing', 'error', 'OLDEX is an Exchange 2007 SP3 server that is not marked as existing');
    expectNone(run(withLegacy('2007', 3)), 'coexist.legacy-existing');
  });
  it('coexist.legacy-roles: a legacy server in a DAG is an error', () => {
    const d = withLegacy('2007', 3);
    d.dags[0].memberIds.push('srv-old');
    expectFinding(run(d), 'coexist.legacy-roles', 'error', 'Exchange 2007 SP3 server OLDEX is a member of DAG DAG1');
    expectNone(run(withLegacy('2007', 3)), 'coexist.legacy-roles');
  });
  it('coexist.order: gives the documented order when legacy servers exist, and nothing without them', () => {
    expectFinding(run(withLegacy('2007', 3)), 'coexist.order', 'info', 'Client Access servers in the Internet-facing sites first', 'legacy host name');
    expectNone(run(exampleDesign('minimal-ha')), 'coexist.order');
  });
  it('a legacy Mailbox server needs no Exchange 2010 Hub in its site, and os.supported leaves it alone', () => {
    const d = withLegacy('2007', 3);
    const old = srv(d, 'OLDEX');
    // Alone in its own site with only the Mailbox role, on Windows Server 2008 SP1 (unsupported for Exchange 2010).
    d.sites.push({ id: 'site-old', name: 'Old' });
    Object.assign(old, { siteId: 'site-old', roles: ['MB'], os: { version: '2008', edition: 'Enterprise', servicePack: 1 } });
    const found = run(d);
    // The same server as Exchange 2010 would trip both rules.
    const modern = structuredClone(d);
    delete srv(modern, 'OLDEX').legacy;
    expect(run(modern).filter((f) => f.ruleId === 'os.supported' || f.ruleId === 'role.hub-in-site').map((f) => f.ruleId).sort()).toEqual(['os.supported', 'role.hub-in-site']);
    expectNone(found, 'os.supported');
    expectNone(found, 'role.hub-in-site');
  });
});
