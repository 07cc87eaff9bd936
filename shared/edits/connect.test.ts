import { describe, expect, it } from 'vitest';
import { loadExample } from '../../test/fixtures/designs';
import type { Design, DesignDocument, Server } from '../model/types';
import { loadDesignValue } from '../model/load';
import { addFromPalette } from './add';
import { MAX_NICS_PER_SERVER } from '../model/schema';
import { DAG_MAX_MEMBERS, NLB_MAX_HOSTS } from '../planner/limits';
import { canConnect, connect } from './connect';
import { generateRunbook } from '../runbook/generate';
import type { EditResult } from './types';

function ok(r: EditResult): DesignDocument {
  if (!r.ok) throw new Error(`expected the edit to succeed: ${r.reason}`);
  return r.doc;
}

function reason(design: Design, a: string, b: string): string {
  const r = canConnect(design, a, b);
  if (r.ok) throw new Error(`expected ${a} → ${b} to be refused, got: ${r.effect}`);
  return r.reason;
}

const seed = () => loadExample('seed-lab');
const minimal = () => loadExample('minimal-ha');

/** The seed lab plus a DAG (and, optionally, EX2 on Enterprise edition). */
function withDag(doc: DesignDocument, enterprise = true): { doc: DesignDocument; dagId: string } {
  const d = ok(addFromPalette(doc, 'dag', { x: 700, y: 300 }));
  const dagId = d.design.dags[d.design.dags.length - 1].id;
  const design = enterprise ? { ...d.design, servers: d.design.servers.map((s) => (s.id === 'srv-ex2' ? { ...s, os: { ...s.os, edition: 'Enterprise' as const } } : s)) } : d.design;
  return { doc: { ...d, design }, dagId };
}

function cloneServer(s: Server, i: number, roles: Server['roles']): Server {
  return { ...s, id: `srv-x${i}`, name: `X${i}`, fqdn: `x${i}.local`, roles, nics: [] };
}

describe('wiring a server to a subnet (a NIC)', () => {
  it('adds a NIC with the next free address after the highest one in use', () => {
    const doc = ok(addFromPalette(seed(), 'mailbox', { x: 100, y: 400 }));
    const server = doc.design.servers[doc.design.servers.length - 1];
    const check = canConnect(doc.design, server.id, 'subnet-lan');
    expect(check).toEqual({ ok: true, effect: `adds NIC "MAPI" 192.168.0.40 to ${server.name} on subnet 192.168.0.0/24` });
    const after = ok(connect(doc, 'subnet-lan', server.id));
    const nics = after.design.servers.find((s) => s.id === server.id)?.nics ?? [];
    expect(nics.map((n) => [n.name, n.ipv4, n.purpose])).toEqual([
      ['Primary', '192.168.0.39', 'mapi'],
      ['MAPI', '192.168.0.40', 'mapi'],
    ]);
    expect(loadDesignValue(after).ok).toBe(true);
  });

  it('refuses a subnet of another AD site, naming both sites', () => {
    const doc = seed();
    const design: Design = { ...doc.design, sites: [...doc.design.sites, { id: 'site-b', name: 'Branch' }], subnets: [...doc.design.subnets, { id: 'sub-b', siteId: 'site-b', cidr: '10.9.0.0/24', purpose: 'mapi' }] };
    expect(reason(design, 'srv-ex3', 'sub-b')).toBe(
      'EX3 is in AD site Default-First-Site-Name, but the subnet 10.9.0.0/24 belongs to AD site Branch: move EX3 into that site first, or use a subnet of its own site.',
    );
  });

  it('refuses a subnet whose CIDR is not a network', () => {
    const design = { ...seed().design, subnets: [{ ...seed().design.subnets[0], cidr: '192.168.0.5/24' }] };
    expect(reason(design, 'srv-ex3', 'subnet-lan')).toMatch(/Subnet 192\.168\.0\.5\/24 is not a valid network/);
  });

  it('refuses a server that has the most NICs already', () => {
    const d = seed().design;
    const full = { ...d, servers: d.servers.map((s) => (s.id === 'srv-ex2' ? { ...s, nics: Array.from({ length: MAX_NICS_PER_SERVER }, (_, i) => ({ ...s.nics[0], id: `n${i}`, ipv4: `192.168.0.${100 + i}` })) } : s)) };
    expect(reason(full, 'srv-ex2', 'subnet-lan')).toBe(`EX2 already has ${MAX_NICS_PER_SERVER} NICs, the most ExTopo models per server: remove one first.`);
  });

  it('refuses a full subnet', () => {
    const d = seed().design;
    const tiny = { ...d, subnets: [{ ...d.subnets[0], cidr: '192.168.0.32/30', gateway: undefined }], servers: d.servers.map((s) => ({ ...s, nics: s.nics.map((n, i) => ({ ...n, ipv4: `192.168.0.${33 + i}` })) })) };
    expect(reason(tiny, 'srv-ex2', 'subnet-lan')).toMatch(/^Subnet 192\.168\.0\.32\/30 has no free address left for EX2/);
  });
});

describe('wiring a server to a Windows NLB cluster', () => {
  it('adds a CAS server with a new NLB NIC and the lowest free host priority', () => {
    const doc = ok(addFromPalette(seed(), 'cas-hub', { x: 100, y: 400 }));
    const ex5 = doc.design.servers.find((s) => s.name === 'EX5') as Server;
    const after = ok(connect(doc, ex5.id, 'nlb-casarray'));
    const cluster = after.design.nlbClusters[0];
    const member = cluster.members.find((m) => m.serverId === ex5.id);
    const nic = after.design.servers.find((s) => s.id === ex5.id)?.nics.find((n) => n.id === member?.nicId);
    expect(member?.hostPriority).toBe(3);
    expect(nic).toMatchObject({ name: 'NLB', ipv4: '192.168.0.40', purpose: 'nlb', subnetId: 'subnet-lan' });
    expect(after.design.servers.find((s) => s.id === ex5.id)?.nics).toHaveLength(2);
  });

  it('reuses an unused NLB NIC of the server instead of adding one', () => {
    const doc = seed();
    const left = { ...doc, design: { ...doc.design, nlbClusters: doc.design.nlbClusters.map((c) => ({ ...c, members: c.members.filter((m) => m.serverId !== 'srv-ex4') })) } };
    const after = ok(connect(left, 'srv-ex4', 'nlb-casarray'));
    expect(after.design.nlbClusters[0].members.find((m) => m.serverId === 'srv-ex4')).toMatchObject({ nicId: 'nic-ex4-nlb', hostPriority: 2 });
    expect(after.design.servers.find((s) => s.id === 'srv-ex4')?.nics).toHaveLength(2);
  });

  it('refuses a server without the Client Access role', () => {
    expect(reason(seed().design, 'srv-ex2', 'nlb-casarray')).toBe(
      'EX2 does not hold the Client Access role (it has MB): an NLB cluster for a CAS array balances Client Access servers only.',
    );
  });

  it('refuses a server that is already a member', () => {
    expect(reason(seed().design, 'srv-ex3', 'nlb-casarray')).toBe('EX3 is already a member of NLB cluster casarray.exchangeserverpro.local.');
  });

  it('refuses a DAG member (NLB and failover clustering cannot share a server)', () => {
    const d = seed().design;
    const design: Design = { ...d, servers: [...d.servers, cloneServer(d.servers[1], 9, ['CAS', 'MB'])], dags: [{ id: 'dag-1', name: 'DAG1', siteId: 'site-default', memberIds: ['srv-x9'], ipAddresses: [], witnessServerId: null, witnessHost: '', witnessDirectory: 'C:\\DAG1', replicationSubnetIds: [] }] };
    expect(reason(design, 'srv-x9', 'nlb-casarray')).toMatch(/^X9 is a member of DAG DAG1: Windows NLB and failover clustering .* cannot run on the same server\. Use a hardware load balancer/);
  });

  it('refuses a 33rd host', () => {
    const d = seed().design;
    const extra = Array.from({ length: NLB_MAX_HOSTS }, (_, i) => cloneServer(d.servers[1], i, ['CAS']));
    const design: Design = {
      ...d,
      servers: [...d.servers, ...extra, cloneServer(d.servers[1], 99, ['CAS'])],
      nlbClusters: [{ ...d.nlbClusters[0], members: extra.map((s, i) => ({ serverId: s.id, nicId: `nic-${i}`, hostPriority: i + 1, loadWeight: 50 })) }],
    };
    expect(reason(design, 'srv-x99', 'nlb-casarray')).toBe(`NLB cluster casarray.exchangeserverpro.local already has ${NLB_MAX_HOSTS} hosts, the Windows NLB maximum: use a hardware load balancer.`);
  });

  it('refuses a cluster whose subnet is gone, and a server of another site', () => {
    const d = seed().design;
    const orphan: Design = { ...d, servers: [...d.servers, cloneServer(d.servers[1], 1, ['CAS'])], nlbClusters: [{ ...d.nlbClusters[0], subnetId: 'missing' }] };
    expect(reason(orphan, 'srv-x1', 'nlb-casarray')).toBe('NLB cluster casarray.exchangeserverpro.local is on no subnet of the design: connect it to a subnet first.');
    const other: Design = { ...d, sites: [...d.sites, { id: 'site-b', name: 'Branch' }], servers: [...d.servers, { ...cloneServer(d.servers[1], 2, ['CAS']), siteId: 'site-b' }] };
    expect(reason(other, 'srv-x2', 'nlb-casarray')).toMatch(/^X2 is in AD site Branch, but the NLB cluster's subnet 192\.168\.0\.0\/24 belongs to AD site Default-First-Site-Name/);
  });

  it('refuses when no NLB NIC can be added (NIC limit, full subnet)', () => {
    const d = seed().design;
    const many = { ...cloneServer(d.servers[1], 3, ['CAS']), nics: Array.from({ length: MAX_NICS_PER_SERVER }, (_, i) => ({ id: `m${i}`, name: `N${i}`, subnetId: 'subnet-lan', ipv4: `192.168.0.${150 + i}`, purpose: 'mapi' as const })) };
    expect(reason({ ...d, servers: [...d.servers, many] }, 'srv-x3', 'nlb-casarray')).toBe(`X3 has ${MAX_NICS_PER_SERVER} NICs and none is a free NLB NIC: remove a NIC first.`);
    const tiny: Design = {
      ...d,
      subnets: [{ ...d.subnets[0], cidr: '192.168.0.32/29', gateway: undefined }],
      servers: [...d.servers.map((s) => ({ ...s, nics: s.nics.slice(0, 1) })), cloneServer(d.servers[1], 4, ['CAS'])],
      nlbClusters: [{ ...d.nlbClusters[0], vip: '192.168.0.33', members: [] }],
    };
    // 192.168.0.32/29 has the hosts .33–.38: the VIP .33, the NICs .34 and .35, and three DAG IPs fill it.
    const filled: Design = { ...tiny, dags: [{ id: 'd', name: 'D', siteId: 'site-default', memberIds: [], ipAddresses: ['36', '37', '38'].map((x) => ({ subnetId: 'subnet-lan', ipv4: `192.168.0.${x}` })), witnessServerId: null, witnessHost: '', witnessDirectory: 'C:\\D', replicationSubnetIds: [] }] };
    expect(reason(filled, 'srv-x4', 'nlb-casarray')).toBe('Subnet 192.168.0.32/29 has no free address for an NLB NIC on X4.');
  });
});

describe('wiring a server to a hardware load balancer', () => {
  const withHlb = () => ok(addFromPalette(seed(), 'hlb', { x: 600, y: 400 }));
  it('adds a Client Access server as a member', () => {
    const doc = withHlb();
    const hlb = doc.design.hardwareLoadBalancers[0];
    expect(hlb).toMatchObject({ name: 'HLB1', vip: '192.168.0.39' });
    expect(ok(connect(doc, 'srv-ex3', hlb.id)).design.hardwareLoadBalancers[0].memberIds).toEqual(['srv-ex3']);
  });
  it('refuses a server without Client Access, and a second membership', () => {
    const doc = withHlb();
    const hlb = doc.design.hardwareLoadBalancers[0];
    expect(reason(doc.design, 'srv-ex2', hlb.id)).toMatch(/^EX2 does not hold the Client Access role \(it has MB\): a hardware load balancer/);
    const member = ok(connect(doc, hlb.id, 'srv-ex3'));
    expect(reason(member.design, 'srv-ex3', hlb.id)).toBe('EX3 is already a member of hardware load balancer HLB1.');
  });
});

describe('putting a server into a DAG', () => {
  it('adds a Mailbox server and a DAG IP on its MAPI subnet', () => {
    const { doc, dagId } = withDag(seed());
    expect(canConnect(doc.design, 'srv-ex2', dagId)).toEqual({ ok: true, effect: 'adds EX2 to DAG DAG1 and DAG IP 192.168.0.39' });
    const dag = ok(connect(doc, dagId, 'srv-ex2')).design.dags.find((d) => d.id === dagId);
    expect(dag?.memberIds).toEqual(['srv-ex2']);
    expect(dag?.ipAddresses).toEqual([{ subnetId: 'subnet-lan', ipv4: '192.168.0.39' }]);
  });

  it('refuses every server the rules keep out of a DAG, each with its reason', () => {
    const { doc, dagId } = withDag(seed());
    const d = doc.design;
    expect(reason(d, 'srv-ex3', dagId)).toBe('EX3 is not a Mailbox server (it has CAS+HT): only Mailbox servers can join a DAG.');
    const member = ok(connect(doc, 'srv-ex2', dagId)).design;
    expect(reason(member, 'srv-ex2', dagId)).toBe('EX2 is already a member of DAG DAG1.');
    const second = ok(addFromPalette({ ...doc, design: member }, 'dag', { x: 0, y: 600 })).design;
    expect(reason(second, 'srv-ex2', second.dags[1].id)).toBe('EX2 is already a member of DAG DAG1: a server belongs to at most one DAG.');
    const nlbMember: Design = { ...d, servers: d.servers.map((s) => (s.id === 'srv-ex3' ? { ...s, roles: ['CAS', 'HT', 'MB'], os: { ...s.os, edition: 'Enterprise' } } : s)) };
    expect(reason(nlbMember, 'srv-ex3', dagId)).toMatch(/^EX3 is a member of NLB cluster casarray\.exchangeserverpro\.local: Windows NLB and failover clustering/);
    const dc: Design = { ...d, servers: d.servers.map((s) => (s.id === 'srv-ex2' ? { ...s, domainController: true } : s)) };
    expect(reason(dc, 'srv-ex2', dagId)).toBe('EX2 is a domain controller: a domain controller cannot be a DAG member.');
    const standard = withDag(seed(), false).doc.design;
    expect(reason(standard, 'srv-ex2', dagId)).toBe(
      'EX2 runs Windows Server 2008 R2 Standard, which has no failover clustering: set its edition to Enterprise or Datacenter first (DAG members need it).',
    );
    const full: Design = { ...d, dags: d.dags.map((g) => ({ ...g, memberIds: Array.from({ length: DAG_MAX_MEMBERS }, (_, i) => `m${i}`) })) };
    expect(reason(full, 'srv-ex2', dagId)).toBe(`DAG DAG1 already has ${DAG_MAX_MEMBERS} members, the Exchange 2010 maximum.`);
  });
});

describe('load balancers, CAS arrays, VIPs and DAG networks', () => {
  it('refuses a second load balancer on a CAS array and a load balancer that serves another array', () => {
    const doc = ok(addFromPalette(seed(), 'hlb', { x: 600, y: 400 }));
    const hlb = doc.design.hardwareLoadBalancers[0].id;
    expect(reason(doc.design, hlb, 'casarray-default')).toBe(
      'CAS array CASArray is already balanced by NLB cluster casarray.exchangeserverpro.local: a CAS array has one load balancer. Delete that link first.',
    );
    expect(reason(doc.design, 'nlb-casarray', 'casarray-default')).toBe('CAS array CASArray is already balanced by NLB cluster casarray.exchangeserverpro.local.');
    const second: Design = { ...doc.design, sites: [...doc.design.sites, { id: 'site-b', name: 'B' }], casArrays: [...doc.design.casArrays, { ...doc.design.casArrays[0], id: 'ca-b', name: 'ArrayB', siteId: 'site-b', nlbClusterId: null }] };
    expect(reason(second, 'nlb-casarray', 'ca-b')).toBe('NLB cluster casarray.exchangeserverpro.local already balances CAS array CASArray: one load balancer per CAS array.');
  });

  it('links a free load balancer to a free CAS array, and refuses an NLB cluster of another site', () => {
    const d = seed().design;
    const unlinked = { ...seed(), design: { ...d, casArrays: [{ ...d.casArrays[0], nlbClusterId: null }] } };
    const after = ok(connect(unlinked, 'casarray-default', 'nlb-casarray'));
    expect(after.design.casArrays[0].nlbClusterId).toBe('nlb-casarray');
    const moved: Design = { ...unlinked.design, sites: [...d.sites, { id: 'site-b', name: 'Branch' }], casArrays: [{ ...unlinked.design.casArrays[0], siteId: 'site-b' }] };
    expect(reason(moved, 'nlb-casarray', 'casarray-default')).toMatch(/^NLB cluster casarray\.exchangeserverpro\.local is on subnet 192\.168\.0\.0\/24 in AD site Default-First-Site-Name, but CAS array CASArray serves AD site Branch/);
  });

  it('moves a VIP to another MAPI subnet, and refuses the subnet it is on, non-MAPI subnets and invalid ones', () => {
    const doc = ok(addFromPalette(seed(), 'subnet', { x: 40, y: 120 }));
    const repl = doc.design.subnets[1];
    expect(repl).toMatchObject({ cidr: '192.168.1.0/24', purpose: 'replication' });
    expect(reason(doc.design, 'nlb-casarray', 'subnet-lan')).toBe('The VIP 192.168.0.38 of NLB cluster casarray.exchangeserverpro.local is already on subnet 192.168.0.0/24.');
    expect(reason(doc.design, 'nlb-casarray', repl.id)).toBe(
      'Subnet 192.168.1.0/24 is a replication network: the VIP of NLB cluster casarray.exchangeserverpro.local belongs on a client (MAPI) subnet.',
    );
    const mapi = { ...doc, design: { ...doc.design, subnets: doc.design.subnets.map((s) => (s.id === repl.id ? { ...s, purpose: 'mapi' as const } : s)) } };
    const moved = ok(connect(mapi, 'nlb-casarray', repl.id));
    expect(moved.design.nlbClusters[0]).toMatchObject({ subnetId: repl.id, vip: '192.168.1.1' });
    const broken = { ...mapi.design, subnets: mapi.design.subnets.map((s) => (s.id === repl.id ? { ...s, cidr: '192.168.1.7/24' } : s)) };
    expect(reason(broken, 'nlb-casarray', repl.id)).toMatch(/is not a valid network/);
  });

  it('gives a DAG an IP on a MAPI subnet once, uses replication subnets, and refuses management subnets', () => {
    const { doc, dagId } = withDag(seed());
    const withIp = ok(connect(doc, dagId, 'subnet-lan'));
    expect(withIp.design.dags[0].ipAddresses).toEqual([{ subnetId: 'subnet-lan', ipv4: '192.168.0.39' }]);
    expect(reason(withIp.design, dagId, 'subnet-lan')).toBe('DAG DAG1 already has IP address 192.168.0.39 on subnet 192.168.0.0/24 (one per MAPI subnet).');
    const repl = ok(addFromPalette(withIp, 'subnet', { x: 40, y: 120 }));
    const replId = repl.design.subnets[1].id;
    const used = ok(connect(repl, replId, dagId));
    expect(used.design.dags[0].replicationSubnetIds).toEqual([replId]);
    expect(reason(used.design, dagId, replId)).toBe('Subnet 192.168.1.0/24 is already a replication network of DAG DAG1.');
    const mgmt = { ...used.design, subnets: used.design.subnets.map((s) => (s.id === replId ? { ...s, purpose: 'management' as const } : s)) };
    expect(reason(mgmt, dagId, replId)).toMatch(/^Subnet 192\.168\.1\.0\/24 is a management network: a DAG takes an IP address on MAPI subnets/);
  });

  it('explains every pair that is never wired', () => {
    const d = minimal().design;
    expect(reason(d, 'srv-cas1', 'srv-cas1')).toBe('An object cannot be connected to itself.');
    expect(reason(d, 'srv-cas1', 'nothing')).toBe('There is no object "nothing" in the design.');
    expect(reason(d, 'srv-cas1', 'srv-mb1')).toMatch(/^Server CAS1 cannot be connected to server MB1: servers are not wired to each other/);
    expect(reason(d, 'casarray-hq', 'srv-cas1')).toMatch(/^Server CAS1 cannot be connected to CAS array CASArray-HQ: servers join a CAS array through its load balancer/);
    expect(reason(d, 'subnet-mapi', 'subnet-repl')).toMatch(/^Subnet 10\.0\.1\.0\/24 cannot be connected to subnet 10\.0\.2\.0\/24: subnets are not wired/);
    expect(reason(d, 'srv-cas1', 'site-hq')).toMatch(/AD sites are not wired: drag objects into a site/);
    expect(reason(d, 'nlb-cas', 'dag-1')).toBe(
      'NLB cluster outlook.contoso.local cannot be connected to DAG DAG1: an NLB cluster is not wired to a DAG; an NLB cluster connects to its member servers, its subnet and the CAS array it balances.',
    );
  });
});

describe('wiring DAG members to a replication subnet means what it shows', () => {
  /** minimal-ha without its replication wiring: the DAG has no replication network, MB1/MB2 no replication NIC. */
  function unwired(): DesignDocument {
    const doc = minimal();
    const design: Design = {
      ...doc.design,
      dags: doc.design.dags.map((g) => ({ ...g, replicationSubnetIds: [] })),
      servers: doc.design.servers.map((s) => ({ ...s, nics: s.nics.filter((n) => n.purpose !== 'replication') })),
    };
    return { ...doc, design };
  }

  it('a replication NIC on a DAG member makes the subnet a replication network of the DAG, and the runbook configures it', () => {
    const start = unwired();
    expect(canConnect(start.design, 'srv-mb1', 'subnet-repl')).toEqual({
      ok: true,
      effect: 'adds NIC "Replication" 10.0.2.1 to MB1 on subnet 10.0.2.0/24 and makes 10.0.2.0/24 a replication network of DAG DAG1',
    });
    const one = ok(connect(start, 'srv-mb1', 'subnet-repl'));
    expect(one.design.dags[0].replicationSubnetIds).toEqual(['subnet-repl']);
    const both = ok(connect(one, 'subnet-repl', 'srv-mb2'));
    expect(both.design.dags[0].replicationSubnetIds).toEqual(['subnet-repl']);
    const result = generateRunbook(both, { generatedAt: '2026-12-03T12:00:00.000Z' });
    if (!result.ok) throw new Error(result.message);
    const networks = result.runbook.steps.find((s) => s.action.kind === 'dag-networks');
    expect(networks?.action).toMatchObject({ dag: 'DAG1', replicationSubnets: ['10.0.2.0/24'] });
  });

  it('a server with a replication NIC that joins a DAG brings the replication network with it', () => {
    const start = unwired();
    const design: Design = { ...start.design, dags: start.design.dags.map((g) => ({ ...g, memberIds: ['srv-mb1'] })) };
    const wired = ok(connect({ ...start, design }, 'srv-mb2', 'subnet-repl'));
    expect(wired.design.dags[0].replicationSubnetIds).toEqual([]);
    const check = canConnect(wired.design, 'srv-mb2', 'dag-1');
    expect(check.ok && check.effect).toBe('adds MB2 to DAG DAG1; replication over 10.0.2.0/24');
    const joined = ok(connect(wired, 'srv-mb2', 'dag-1'));
    expect(joined.design.dags[0]).toMatchObject({ memberIds: ['srv-mb1', 'srv-mb2'], replicationSubnetIds: ['subnet-repl'] });
  });

  it('a replication NIC on a server outside any DAG changes no DAG', () => {
    const start = unwired();
    const design: Design = { ...start.design, dags: start.design.dags.map((g) => ({ ...g, memberIds: ['srv-mb1'] })) };
    const check = canConnect(design, 'srv-mb2', 'subnet-repl');
    expect(check).toEqual({ ok: true, effect: 'adds NIC "Replication" 10.0.2.1 to MB2 on subnet 10.0.2.0/24' });
  });
});
