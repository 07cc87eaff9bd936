import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { exampleDesign } from '../../../test/fixtures/designs';
import type { Design, NlbCluster, Server } from '../../model/types';
import type { Finding, RuleId } from '../types';
import { NLB_MAX_HOSTS, NLB_RECOMMENDED_MAX_HOSTS } from '../limits';
import { nlbRules, tcpPortsCovered } from './nlb';
import { check, serverById, withRule } from './testkit';

const run = (design: Design): Finding[] => check(design, nlbRules);
const only = (design: Design, id: RuleId): Finding[] => withRule(run(design), id);

function cluster(design: Design): NlbCluster {
  return design.nlbClusters[0];
}

/** Adds `count` copies of CAS1 (own ids, names and addresses) as members of the minimal-ha NLB cluster. */
function addNlbHosts(design: Design, count: number): void {
  const template = serverById(design, 'srv-cas1');
  for (let i = 0; i < count; i++) {
    const id = `srv-casx${i}`;
    const copy: Server = structuredClone(template);
    copy.id = id;
    copy.name = `CASX${i}`;
    copy.fqdn = `casx${i}.contoso.local`;
    copy.nics = [
      { id: `${id}-mapi`, name: 'MAPI', subnetId: 'subnet-mapi', ipv4: `10.0.1.${100 + i}`, purpose: 'mapi' },
      { id: `${id}-nlb`, name: 'NLB', subnetId: 'subnet-mapi', ipv4: `10.0.1.${150 + i}`, purpose: 'nlb' },
    ];
    design.servers.push(copy);
    cluster(design).members.push({ serverId: id, nicId: `${id}-nlb`, hostPriority: 3 + i, loadWeight: 50 });
  }
}

/** Scenario S3: EXA and EXB hold CAS+HT+MB, are DAG1's members, and the CAS array is behind Windows NLB. */
function multiRoleNlb(): Design {
  const d = exampleDesign('minimal-ha');
  const exa = serverById(d, 'srv-cas1');
  const exb = serverById(d, 'srv-cas2');
  exa.name = 'EXA';
  exb.name = 'EXB';
  for (const s of [exa, exb]) {
    s.roles = ['CAS', 'HT', 'MB'];
    s.os.edition = 'Enterprise';
  }
  d.servers = d.servers.filter((s) => s.id !== 'srv-mb1' && s.id !== 'srv-mb2');
  d.dags[0].memberIds = ['srv-cas1', 'srv-cas2'];
  d.dags[0].witnessServerId = null;
  d.dags[0].witnessHost = 'fs1.contoso.local';
  for (const db of d.databases) {
    for (const c of db.copies) c.serverId = c.serverId === 'srv-mb1' ? 'srv-cas1' : 'srv-cas2';
  }
  return d;
}

describe('NLB rules on the example designs', () => {
  it('minimal-ha: no errors or warnings, only the infos about Hub, hardware LBs and IP forwarding', () => {
    const findings = run(exampleDesign('minimal-ha'));
    expect(findings.filter((f) => f.severity !== 'info')).toEqual([]);
    expect(findings.map((f) => f.ruleId).sort()).toEqual(['nlb.hub-not-balanced', 'nlb.ip-forwarding', 'nlb.recommend-hlb']);
  });

  it('seed-lab: only the default port rule warning and the NLB infos', () => {
    const findings = run(exampleDesign('seed-lab'));
    expect(findings.map((f) => [f.ruleId, f.severity])).toEqual([
      ['nlb.default-port-rule', 'warning'],
      ['nlb.hub-not-balanced', 'info'],
      ['nlb.recommend-hlb', 'info'],
    ]);
  });
});

describe('nlb.dag-conflict', () => {
  it('S3: names both multi-role servers, the cluster and the DAG, and says how to fix it', () => {
    const found = only(multiRoleNlb(), 'nlb.dag-conflict');
    expect(found).toHaveLength(1);
    const [f] = found;
    expect(f.severity).toBe('error');
    expect(f.message).toContain('EXA and EXB');
    expect(f.message).toContain('outlook.contoso.local');
    expect(f.message).toContain('DAG1');
    expect(f.hint).toContain('use a hardware load balancer, or separate the Client Access role from the Mailbox (DAG) servers');
    expect(f.entityIds).toEqual(expect.arrayContaining(['nlb-cas', 'dag-1', 'srv-cas1', 'srv-cas2']));
  });

  it('S3 behind a hardware load balancer: no conflict', () => {
    const d = multiRoleNlb();
    d.nlbClusters = [];
    d.hardwareLoadBalancers = [{ id: 'hlb-1', name: 'HLB1', vip: '10.0.1.40', memberIds: ['srv-cas1', 'srv-cas2'] }];
    d.casArrays[0].nlbClusterId = null;
    d.casArrays[0].hardwareLoadBalancerId = 'hlb-1';
    expect(only(d, 'nlb.dag-conflict')).toEqual([]);
  });

  it('one finding per (cluster, DAG) pair', () => {
    const d = multiRoleNlb();
    d.dags[0].memberIds = ['srv-cas1'];
    d.dags.push({ ...structuredClone(d.dags[0]), id: 'dag-2', name: 'DAG2', memberIds: ['srv-cas2'], ipAddresses: [] });
    const found = only(d, 'nlb.dag-conflict');
    expect(found.map((f) => f.message)).toEqual([
      expect.stringMatching(/^Server EXA is in NLB cluster outlook\.contoso\.local and in DAG DAG1/),
      expect.stringMatching(/^Server EXB is in NLB cluster outlook\.contoso\.local and in DAG DAG2/),
    ]);
  });

  it('does not fire when the NLB members and the DAG members are different servers (S2)', () => {
    expect(only(exampleDesign('minimal-ha'), 'nlb.dag-conflict')).toEqual([]);
  });
});

describe('nlb.max-nodes and nlb.recommended-nodes', () => {
  it(`${NLB_MAX_HOSTS + 1} hosts is an error, and the 8-host warning still fires on its own (issue 13)`, () => {
    const d = exampleDesign('minimal-ha');
    addNlbHosts(d, NLB_MAX_HOSTS + 1 - 2);
    const found = run(d);
    const max = found.filter((f) => f.ruleId === 'nlb.max-nodes');
    expect(max).toHaveLength(1);
    expect(max[0].severity).toBe('error');
    expect(max[0].message).toBe('NLB cluster outlook.contoso.local has 33 hosts; the limit is 32.');
    const recommended = found.filter((f) => f.ruleId === 'nlb.recommended-nodes');
    expect(recommended.map((f) => [f.severity, f.message])).toEqual([['warning', 'NLB cluster outlook.contoso.local has 33 hosts; Windows NLB scales poorly past 8.']]);
  });

  it(`${NLB_MAX_HOSTS} hosts is no error but past ${NLB_RECOMMENDED_MAX_HOSTS}: warning`, () => {
    const d = exampleDesign('minimal-ha');
    addNlbHosts(d, NLB_MAX_HOSTS - 2);
    expect(only(d, 'nlb.max-nodes')).toEqual([]);
    const rec = only(d, 'nlb.recommended-nodes');
    expect(rec).toHaveLength(1);
    expect(rec[0].severity).toBe('warning');
    expect(rec[0].message).toContain('has 32 hosts');
    expect(rec[0].message).toContain('past 8');
    expect(rec[0].hint).toContain('hardware load balancer');
  });

  it(`${NLB_RECOMMENDED_MAX_HOSTS + 1} hosts warns, ${NLB_RECOMMENDED_MAX_HOSTS} does not`, () => {
    const nine = exampleDesign('minimal-ha');
    addNlbHosts(nine, 7);
    expect(only(nine, 'nlb.recommended-nodes')[0].message).toContain('has 9 hosts');
    const eight = exampleDesign('minimal-ha');
    addNlbHosts(eight, 6);
    expect(only(eight, 'nlb.recommended-nodes')).toEqual([]);
  });
});

describe('nlb.vip-subnet', () => {
  it('an NLB NIC on another subnet than the VIP is an error naming both subnets', () => {
    const d = exampleDesign('minimal-ha');
    const nic = serverById(d, 'srv-cas2').nics[1];
    nic.subnetId = 'subnet-repl';
    nic.ipv4 = '10.0.2.22';
    const found = only(d, 'nlb.vip-subnet');
    expect(found).toHaveLength(1);
    expect(found[0].severity).toBe('error');
    expect(found[0].message).toContain("CAS2's NLB NIC NLB (10.0.2.22) is on subnet 10.0.2.0/24");
    expect(found[0].message).toContain('VIP 10.0.1.40 is on subnet 10.0.1.0/24');
    expect(found[0].entityIds).toEqual(['nlb-cas', 'srv-cas2']);
  });

  it("a member whose NLB NIC belongs to another server is an error", () => {
    const d = exampleDesign('minimal-ha');
    cluster(d).members[1].nicId = 'nic-cas1-nlb';
    const found = only(d, 'nlb.vip-subnet');
    expect(found).toHaveLength(1);
    expect(found[0].message).toContain('the NLB NIC given for member CAS2 is NIC NLB of server CAS1');
    expect(found[0].entityIds).toEqual(['nlb-cas', 'srv-cas2', 'srv-cas1']);
    cluster(d).members[1].nicId = 'nic-missing';
    expect(only(d, 'nlb.vip-subnet')[0].message).toContain('"nic-missing", which is not a NIC of the design');
  });

  it('does not fire when every NLB NIC is on the VIP subnet', () => {
    expect(only(exampleDesign('minimal-ha'), 'nlb.vip-subnet')).toEqual([]);
    expect(only(exampleDesign('seed-lab'), 'nlb.vip-subnet')).toEqual([]);
  });
});

describe('nlb.host-priority', () => {
  it('a shared priority is an error naming both hosts', () => {
    const d = exampleDesign('minimal-ha');
    cluster(d).members[1].hostPriority = 1;
    const found = only(d, 'nlb.host-priority');
    expect(found).toHaveLength(1);
    expect(found[0].severity).toBe('error');
    expect(found[0].message).toContain('CAS1 and CAS2 share host priority 1');
  });

  it('priorities outside 1–32 are errors', () => {
    const d = exampleDesign('minimal-ha');
    cluster(d).members[0].hostPriority = 0;
    cluster(d).members[1].hostPriority = 33;
    const found = only(d, 'nlb.host-priority');
    expect(found.map((f) => f.message)).toEqual([
      expect.stringContaining('CAS1 has host priority 0; it must be 1–32'),
      expect.stringContaining('CAS2 has host priority 33; it must be 1–32'),
    ]);
  });

  it('unique priorities 1 and 32 are fine', () => {
    const d = exampleDesign('minimal-ha');
    cluster(d).members[1].hostPriority = 32;
    expect(only(d, 'nlb.host-priority')).toEqual([]);
  });
});

describe('nlb.unicast-single-nic', () => {
  it('unicast with a single-NIC member warns', () => {
    const d = exampleDesign('minimal-ha');
    const cas2 = serverById(d, 'srv-cas2');
    cas2.nics = cas2.nics.filter((n) => n.purpose === 'nlb');
    const found = only(d, 'nlb.unicast-single-nic');
    expect(found).toHaveLength(1);
    expect(found[0].severity).toBe('warning');
    expect(found[0].message).toContain('unicast mode and CAS2 has a single NIC');
    expect(found[0].hint).toContain('multicast');
  });

  it('multicast with a single-NIC member, or unicast with two NICs, is fine', () => {
    const d = exampleDesign('minimal-ha');
    const cas2 = serverById(d, 'srv-cas2');
    cas2.nics = cas2.nics.filter((n) => n.purpose === 'nlb');
    cluster(d).mode = 'multicast';
    expect(only(d, 'nlb.unicast-single-nic')).toEqual([]);
    expect(only(exampleDesign('minimal-ha'), 'nlb.unicast-single-nic')).toEqual([]);
  });
});

describe('nlb.virtual-unicast', () => {
  it('unicast with virtual members warns, naming them', () => {
    const d = exampleDesign('minimal-ha');
    serverById(d, 'srv-cas2').virtualized = true;
    const found = only(d, 'nlb.virtual-unicast');
    expect(found).toHaveLength(1);
    expect(found[0].severity).toBe('warning');
    expect(found[0].message).toContain('virtualised members (CAS2)');
    expect(found[0].entityIds).toEqual(['nlb-cas', 'srv-cas2']);
  });

  it('multicast with virtual members, or physical unicast members, is fine', () => {
    const d = exampleDesign('minimal-ha');
    serverById(d, 'srv-cas2').virtualized = true;
    cluster(d).mode = 'igmpMulticast';
    expect(only(d, 'nlb.virtual-unicast')).toEqual([]);
    expect(only(exampleDesign('minimal-ha'), 'nlb.virtual-unicast')).toEqual([]);
  });
});

describe('nlb.default-port-rule', () => {
  it('the seed lab left the all-ports rule in place', () => {
    const found = only(exampleDesign('seed-lab'), 'nlb.default-port-rule');
    expect(found).toHaveLength(1);
    expect(found[0].severity).toBe('warning');
    expect(found[0].message).toContain('casarray.exchangeserverpro.local still has the default port rule 0–65535');
    expect(found[0].hint).toContain('Client Access ports');
  });

  it('rules for the CAS ports only are fine', () => {
    expect(only(exampleDesign('minimal-ha'), 'nlb.default-port-rule')).toEqual([]);
  });
});

describe('nlb.affinity', () => {
  it('lists the port rules with affinity None', () => {
    const d = exampleDesign('minimal-ha');
    cluster(d).portRules[0].affinity = 'None';
    cluster(d).portRules[2].affinity = 'None';
    const found = only(d, 'nlb.affinity');
    expect(found).toHaveLength(1);
    expect(found[0].severity).toBe('warning');
    expect(found[0].message).toContain('port rules 80 Tcp and 443 Tcp have affinity None');
    expect(found[0].hint).toContain('Single');
  });

  it('Single and Network affinity are fine', () => {
    const d = exampleDesign('minimal-ha');
    cluster(d).portRules[0].affinity = 'Network';
    expect(only(d, 'nlb.affinity')).toEqual([]);
  });
});

describe('nlb.static-rpc', () => {
  it('no static ports and the dynamic range not balanced: warn with the recommended range', () => {
    const d = exampleDesign('minimal-ha');
    d.casArrays[0].staticPorts = null;
    const found = only(d, 'nlb.static-rpc');
    expect(found).toHaveLength(1);
    expect(found[0].severity).toBe('warning');
    expect(found[0].message).toContain('CAS array CASArray-HQ (NLB cluster outlook.contoso.local) has no static RPC ports');
    expect(found[0].message).toContain('TCP 6005–59530');
    expect(found[0].hint).toContain('59531–60554');
    expect(found[0].entityIds).toEqual(['casarray-hq', 'nlb-cas']);
  });

  it('no static ports but the whole dynamic range balanced (also by an all-ports rule): no warning', () => {
    const d = exampleDesign('minimal-ha');
    d.casArrays[0].staticPorts = null;
    cluster(d).portRules.push({ startPort: 6005, endPort: 30000, protocol: 'Tcp', affinity: 'Single' });
    cluster(d).portRules.push({ startPort: 30001, endPort: 59530, protocol: 'Both', affinity: 'Single' });
    expect(only(d, 'nlb.static-rpc')).toEqual([]);
    expect(only(exampleDesign('seed-lab'), 'nlb.static-rpc')).toEqual([]);
  });

  it('a UDP-only rule does not balance the TCP range', () => {
    const d = exampleDesign('minimal-ha');
    d.casArrays[0].staticPorts = null;
    cluster(d).portRules.push({ startPort: 6005, endPort: 59530, protocol: 'Udp', affinity: 'Single' });
    expect(only(d, 'nlb.static-rpc')).toHaveLength(1);
  });

  it('static ports outside 59531–60554 and without port rules: two warnings', () => {
    const d = exampleDesign('minimal-ha');
    d.casArrays[0].staticPorts = { rpcClientAccess: 50000, addressBook: 59533 };
    const found = only(d, 'nlb.static-rpc');
    expect(found.map((f) => f.message)).toEqual([
      expect.stringContaining('static RPC Client Access port 50000 is outside the recommended range 59531–60554'),
      expect.stringContaining('static RPC Client Access port 50000 is not covered by a TCP port rule'),
    ]);
  });

  it('static port in range but not balanced: warn naming the port', () => {
    const d = exampleDesign('minimal-ha');
    cluster(d).portRules = cluster(d).portRules.filter((r) => r.startPort !== 59533);
    const found = only(d, 'nlb.static-rpc');
    expect(found).toHaveLength(1);
    expect(found[0].message).toContain('Address Book port 59533 is not covered');
    expect(found[0].hint).toContain('59533');
  });

  it('does not apply to a CAS array behind a hardware load balancer', () => {
    const d = exampleDesign('minimal-ha');
    d.casArrays[0].staticPorts = null;
    d.casArrays[0].nlbClusterId = null;
    expect(only(d, 'nlb.static-rpc')).toEqual([]);
  });

  it('tcpPortsCovered merges adjacent and overlapping rules', () => {
    const r = (startPort: number, endPort: number, protocol: 'Tcp' | 'Udp' | 'Both' = 'Tcp') => ({ startPort, endPort, protocol, affinity: 'Single' as const });
    expect(tcpPortsCovered([r(10, 20), r(21, 30)], 10, 30)).toBe(true);
    expect(tcpPortsCovered([r(15, 30), r(10, 20)], 10, 30)).toBe(true);
    expect(tcpPortsCovered([r(10, 20), r(22, 30)], 10, 30)).toBe(false);
    expect(tcpPortsCovered([r(10, 30, 'Udp')], 10, 30)).toBe(false);
    expect(tcpPortsCovered([r(0, 65535, 'Both')], 6005, 59530)).toBe(true);
    expect(tcpPortsCovered([], 135, 135)).toBe(false);
  });

  it('tcpPortsCovered says covered exactly when every port of the range is in some TCP rule (any order, gaps, overlaps, reversed rules)', () => {
    const rule = fc.record({
      startPort: fc.integer({ min: 0, max: 40 }),
      endPort: fc.integer({ min: 0, max: 40 }),
      protocol: fc.constantFrom('Tcp' as const, 'Udp' as const, 'Both' as const),
      affinity: fc.constant('Single' as const),
    });
    fc.assert(
      fc.property(fc.array(rule, { maxLength: 6 }), fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 40 }), (rules, a, b) => {
        const [start, end] = a <= b ? [a, b] : [b, a];
        // Port by port: the definition itself.
        let every = true;
        for (let port = start; port <= end; port++) every &&= rules.some((r) => r.protocol !== 'Udp' && r.startPort <= port && port <= r.endPort);
        expect(tcpPortsCovered(rules, start, end)).toBe(every);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('nlb.ip-forwarding', () => {
  it('secondary NLB NIC with clients on other subnets: an info naming the servers', () => {
    const found = only(exampleDesign('minimal-ha'), 'nlb.ip-forwarding');
    expect(found).toHaveLength(1);
    expect(found[0].severity).toBe('info');
    expect(found[0].message).toContain('secondary NIC on CAS1 and CAS2');
    expect(found[0].hint).toContain('forwarding=enabled');
  });

  it('a dedicated NLB NIC drawn first is still the secondary NIC (the MAPI NIC is the primary one)', () => {
    const d = exampleDesign('minimal-ha');
    for (const id of ['srv-cas1', 'srv-cas2']) serverById(d, id).nics.reverse();
    expect(only(d, 'nlb.ip-forwarding').map((f) => f.message)).toEqual([expect.stringContaining('secondary NIC on CAS1 and CAS2')]);
  });

  it('no note when clients are on the same subnet, or NLB runs on the primary (MAPI) NIC', () => {
    const local = exampleDesign('minimal-ha');
    cluster(local).clientsOnOtherSubnets = false;
    expect(only(local, 'nlb.ip-forwarding')).toEqual([]);
    const primary = exampleDesign('minimal-ha');
    for (const m of cluster(primary).members) m.nicId = serverById(primary, m.serverId).nics[0].id;
    expect(only(primary, 'nlb.ip-forwarding')).toEqual([]);
  });
});

describe('nlb.hub-not-balanced', () => {
  it('members holding Hub Transport get an info', () => {
    const found = only(exampleDesign('seed-lab'), 'nlb.hub-not-balanced');
    expect(found).toHaveLength(1);
    expect(found[0].severity).toBe('info');
    expect(found[0].message).toContain('EX3 and EX4 also hold the Hub Transport role');
  });

  it('CAS-only members: no note', () => {
    const d = exampleDesign('seed-lab');
    for (const s of d.servers) s.roles = s.roles.filter((r) => r !== 'HT');
    expect(only(d, 'nlb.hub-not-balanced')).toEqual([]);
  });
});

describe('nlb.recommend-hlb', () => {
  it('a CAS array on Windows NLB gets an info naming the array and the cluster', () => {
    const found = only(exampleDesign('seed-lab'), 'nlb.recommend-hlb');
    expect(found).toHaveLength(1);
    expect(found[0].severity).toBe('info');
    expect(found[0].message).toContain('CAS array CASArray is load balanced by Windows NLB (cluster casarray.exchangeserverpro.local)');
  });

  it('a CAS array without NLB: no note', () => {
    const d = exampleDesign('seed-lab');
    d.casArrays[0].nlbClusterId = null;
    expect(only(d, 'nlb.recommend-hlb')).toEqual([]);
  });
});
