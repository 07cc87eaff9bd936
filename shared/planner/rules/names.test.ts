import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { exampleDesign } from '../../../test/fixtures/designs';
import { formatIpv4, maskOf } from '../../model/ip';
import { nameRules } from './names';
import { check, expectFinding, expectNone, serverNamed, withRule } from './testkit';

const seed = () => exampleDesign('seed-lab');
const minimal = () => exampleDesign('minimal-ha');

describe('name rules on the reference designs', () => {
  it('fire nothing on the unmodified seed lab and minimal-HA examples', () => {
    expect(check(seed(), nameRules)).toEqual([]);
    expect(check(minimal(), nameRules)).toEqual([]);
  });
});

describe('name.netbios', () => {
  it('rejects a server name longer than 15 characters, naming it and both numbers', () => {
    const d = seed();
    serverNamed(d, 'EX3').name = 'EXCHANGESERVER03';
    const f = expectFinding(check(d, nameRules), 'name.netbios', 'error', '"EXCHANGESERVER03"', '16 characters', 'at most 15');
    expect(f.entityIds).toEqual(['srv-ex3']);
  });

  it('accepts exactly 15 characters, and hyphens', () => {
    const d = seed();
    serverNamed(d, 'EX3').name = 'EXCHANGE-SRV-03';
    expectNone(check(d, nameRules), 'name.netbios');
  });

  it('rejects all-digit names, other characters and empty names', () => {
    const d = seed();
    serverNamed(d, 'EX3').name = '2010';
    expectFinding(check(d, nameRules), 'name.netbios', 'error', '"2010"', 'all digits');
    serverNamed(d, '2010').name = 'EX_3';
    expectFinding(check(d, nameRules), 'name.netbios', 'error', '"EX_3"', '"_"');
    serverNamed(d, 'EX_3').name = '';
    expectFinding(check(d, nameRules), 'name.netbios', 'error', 'is empty');
  });

  it('rejects a DAG name over 15 characters', () => {
    const d = minimal();
    d.dags[0].name = 'DATABASEAVAILGROUP1';
    const f = expectFinding(check(d, nameRules), 'name.netbios', 'error', 'DAG name "DATABASEAVAILGROUP1"', '19 characters');
    expect(f.entityIds).toEqual(['dag-1']);
  });

  it('rejects a name used twice, ignoring case, naming every user', () => {
    const d = seed();
    serverNamed(d, 'EX4').name = 'ex3';
    const f = expectFinding(check(d, nameRules), 'name.netbios', 'error', 'used 2 times', 'server EX3', 'server ex3');
    expect(f.entityIds).toEqual(['srv-ex3', 'srv-ex4']);
  });

  it('tells apart two servers of exactly the same name: roles, first address and place in the design', () => {
    const d = seed();
    serverNamed(d, 'EX4').name = 'EX3';
    // The seed lab: EX3 and EX4 are CAS+HT with 192.168.0.34 / .35 on their first NIC, servers 2 and 3 of the design.
    const f = expectFinding(check(d, nameRules), 'name.netbios', 'error');
    expect(f.message).toBe(
      'The name "EX3" is used 2 times (server EX3 (CAS+HT, 192.168.0.34; server 2 of the design) and server EX3 (CAS+HT, 192.168.0.35; server 3 of the design)); computer names are unique in the domain, regardless of case.',
    );
  });

  it('rejects a DAG named like a server', () => {
    const d = minimal();
    d.dags[0].name = 'MB1';
    const f = expectFinding(check(d, nameRules), 'name.netbios', 'error', 'server MB1', 'DAG MB1');
    expect(f.entityIds).toEqual(['srv-mb1', 'dag-1']);
  });
});

describe('name.fqdn', () => {
  it('rejects a server FQDN with a character outside letters, digits and hyphens', () => {
    const d = seed();
    serverNamed(d, 'EX3').fqdn = 'ex_3.exchangeserverpro.local';
    const f = expectFinding(check(d, nameRules), 'name.fqdn', 'error', 'Server EX3', 'ex_3.exchangeserverpro.local', '"_"');
    expect(f.entityIds).toEqual(['srv-ex3']);
    expect(f.hint).toContain('ex3.exchangeserverpro.local');
  });

  it('rejects a label over 63 characters and a name over 253 characters', () => {
    const d = seed();
    serverNamed(d, 'EX3').fqdn = `${'a'.repeat(64)}.exchangeserverpro.local`;
    expectFinding(check(d, nameRules), 'name.fqdn', 'error', 'label of 64 characters', 'at most 63');
    serverNamed(d, 'EX3').fqdn = `${'abcdefghi.'.repeat(25)}local`; // 255 characters
    expectFinding(check(d, nameRules), 'name.fqdn', 'error', 'has 255 characters', 'at most 253');
  });

  it('rejects a leading or trailing hyphen, an empty label and a missing domain', () => {
    const d = seed();
    const ex3 = serverNamed(d, 'EX3');
    ex3.fqdn = '-ex3.exchangeserverpro.local';
    expectFinding(check(d, nameRules), 'name.fqdn', 'error', '"-ex3"', 'hyphen');
    ex3.fqdn = 'ex3..exchangeserverpro.local';
    expectFinding(check(d, nameRules), 'name.fqdn', 'error', 'empty label');
    ex3.fqdn = 'ex3';
    expectFinding(check(d, nameRules), 'name.fqdn', 'error', 'single label');
    ex3.fqdn = '';
    expectFinding(check(d, nameRules), 'name.fqdn', 'error', 'Server EX3', 'no DNS name');
  });

  it('checks CAS array and NLB cluster FQDNs, the AD domain and the external host names', () => {
    const d = seed();
    d.casArrays[0].fqdn = 'casarray.exchangeserverpro.local-';
    d.nlbClusters[0].fqdn = 'cas array.exchangeserverpro.local';
    d.organization.adDomain = 'exchangeserverpro..local';
    d.organization.externalHostnames = ['mail.exchangeserverpro.com', 'webmail_1.exchangeserverpro.com'];
    const found = withRule(check(d, nameRules), 'name.fqdn');
    expect(found.map((f) => f.message)).toEqual([
      expect.stringContaining("Active Directory domain: \"exchangeserverpro..local\" has an empty label"),
      expect.stringContaining('External host name: "webmail_1.exchangeserverpro.com"'),
      expect.stringContaining("CAS array CASArray's FQDN"),
      expect.stringContaining("NLB cluster cas array.exchangeserverpro.local's FQDN"),
    ]);
    expect(found.every((f) => f.severity === 'error')).toBe(true);
    expect(found.map((f) => f.entityIds)).toEqual([[], [], ['casarray-default'], ['nlb-casarray']]);
  });

  it('accepts digits, hyphens inside labels and a single-label AD domain', () => {
    const d = seed();
    serverNamed(d, 'EX3').fqdn = 'ex-03.site1.exchangeserverpro.local';
    d.organization.adDomain = 'corp';
    d.organization.externalHostnames = ['mail2010.exchange-server-pro.com'];
    expectNone(check(d, nameRules), 'name.fqdn');
  });
});

describe('ip.in-subnet', () => {
  it('rejects a NIC address outside its subnet, naming NIC, server, address and subnet', () => {
    const d = seed();
    serverNamed(d, 'EX3').nics[0].ipv4 = '192.168.1.34';
    const f = expectFinding(check(d, nameRules), 'ip.in-subnet', 'error', 'NIC Primary on server EX3', '192.168.1.34', 'outside its subnet 192.168.0.0/24', '192.168.0.1–192.168.0.254');
    expect(f.entityIds).toEqual(['srv-ex3', 'subnet-lan']);
  });

  it('rejects the broadcast address as an NLB VIP and the network address as a DAG IP', () => {
    const d = seed();
    d.nlbClusters[0].vip = '192.168.0.255';
    expectFinding(check(d, nameRules), 'ip.in-subnet', 'error', 'VIP of NLB cluster casarray.exchangeserverpro.local', 'broadcast address of subnet 192.168.0.0/24');
    const m = minimal();
    m.dags[0].ipAddresses[0].ipv4 = '10.0.1.0';
    const f = expectFinding(check(m, nameRules), 'ip.in-subnet', 'error', 'DAG DAG1', '10.0.1.0', 'network address of subnet 10.0.1.0/24');
    expect(f.entityIds).toEqual(['dag-1', 'subnet-mapi']);
  });

  it('rejects a DAG IP on the wrong subnet and a gateway outside its own subnet', () => {
    const m = minimal();
    m.dags[0].ipAddresses[0].subnetId = 'subnet-repl';
    expectFinding(check(m, nameRules), 'ip.in-subnet', 'error', 'DAG DAG1', '10.0.1.50', 'outside its subnet 10.0.2.0/24');
    const d = seed();
    d.subnets[0].gateway = '192.168.10.1';
    expectFinding(check(d, nameRules), 'ip.in-subnet', 'error', 'gateway of subnet 192.168.0.0/24', '192.168.10.1');
  });

  it('reports invalid CIDR text once, with the corrected block, instead of every address on it', () => {
    const d = seed();
    d.subnets[0].cidr = '192.168.0.5/24';
    const f = expectFinding(check(d, nameRules), 'ip.in-subnet', 'error', 'Subnet 192.168.0.5/24', 'Default-First-Site-Name', 'host bits');
    expect(f.hint).toContain('192.168.0.0/24');
    expect(f.entityIds).toEqual(['subnet-lan']);
    d.subnets[0].cidr = '192.168.0.0/31';
    expectFinding(check(d, nameRules), 'ip.in-subnet', 'error', '/31', 'outside /1–/30');
  });

  it('accepts the first and last host addresses of a subnet', () => {
    const d = seed();
    serverNamed(d, 'EX3').nics[0].ipv4 = '192.168.0.254';
    d.nlbClusters[0].vip = '192.168.0.2';
    expectNone(check(d, nameRules), 'ip.in-subnet');
  });
});

describe('ip.unique', () => {
  it('reports an address used by two NICs once, naming both and suggesting a free address', () => {
    const d = seed();
    serverNamed(d, 'EX4').nics[1].ipv4 = '192.168.0.34';
    const f = expectFinding(check(d, nameRules), 'ip.unique', 'error', '192.168.0.34', 'used 2 times', 'NIC Primary of server EX3', 'NIC NLB of server EX4');
    expect(f.entityIds).toEqual(['srv-ex3', 'srv-ex4']);
    expect(f.hint).toContain('192.168.0.2 is free in 192.168.0.0/24');
  });

  it('counts VIPs, DAG IPs, gateways and hardware load balancer VIPs as users', () => {
    const m = minimal();
    m.nlbClusters[0].vip = '10.0.1.1';
    m.dags[0].ipAddresses[0].ipv4 = '10.0.1.1';
    m.hardwareLoadBalancers.push({ id: 'hlb-hq', name: 'F5-HQ', vip: '10.0.1.1', memberIds: [] });
    const f = expectFinding(check(m, nameRules), 'ip.unique', 'error', '10.0.1.1 is used 4 times', 'gateway of subnet 10.0.1.0/24', 'VIP of NLB cluster outlook.contoso.local', 'IP address of DAG DAG1', 'VIP of hardware load balancer F5-HQ');
    expect(f.entityIds).toEqual(['subnet-mapi', 'nlb-cas', 'dag-1', 'hlb-hq']);
  });

  it('suggests a different free address for each duplicate in the same subnet', () => {
    const d = seed();
    serverNamed(d, 'EX4').nics[0].ipv4 = '192.168.0.34';
    serverNamed(d, 'EX4').nics[1].ipv4 = '192.168.0.32';
    const hints = withRule(check(d, nameRules), 'ip.unique').map((f) => f.hint);
    expect(hints).toHaveLength(2);
    expect(hints[0]).toContain('192.168.0.2 is free');
    expect(hints[1]).toContain('192.168.0.3 is free');
  });
});

describe('subnet.overlap', () => {
  it('reports two identical subnets', () => {
    const m = minimal();
    m.subnets.push({ id: 'subnet-dup', siteId: 'site-hq', cidr: '10.0.1.0/24', purpose: 'management' });
    const f = expectFinding(check(m, nameRules), 'subnet.overlap', 'error', '10.0.1.0/24 (AD site HQ)', 'same address block');
    expect(f.entityIds).toEqual(['subnet-mapi', 'subnet-dup']);
  });

  it('reports each subnet nested inside a larger one', () => {
    const m = minimal();
    m.subnets.push({ id: 'subnet-all', siteId: 'site-hq', cidr: '10.0.0.0/16', purpose: 'management' });
    const found = withRule(check(m, nameRules), 'subnet.overlap');
    expect(found.map((f) => f.message)).toEqual([
      'Subnet 10.0.1.0/24 (AD site HQ) overlaps subnet 10.0.0.0/16 (AD site HQ): it lies inside it.',
      'Subnet 10.0.2.0/24 (AD site HQ) overlaps subnet 10.0.0.0/16 (AD site HQ): it lies inside it.',
    ]);
    expect(found[0].entityIds).toEqual(['subnet-all', 'subnet-mapi']);
  });

  it('accepts adjacent blocks', () => {
    const m = minimal();
    m.subnets.push({ id: 'subnet-a', siteId: 'site-hq', cidr: '10.0.3.0/24', purpose: 'management' });
    m.subnets.push({ id: 'subnet-b', siteId: 'site-hq', cidr: '10.0.4.0/22', purpose: 'management' });
    m.subnets.push({ id: 'subnet-c', siteId: 'site-hq', cidr: '10.0.0.0/24', purpose: 'management' });
    expectNone(check(m, nameRules), 'subnet.overlap');
  });

  it('flags exactly the subnets that overlap another one (property, against a pairwise check)', () => {
    const block = fc.record({ a: fc.integer({ min: 0, max: 255 }), prefix: fc.integer({ min: 20, max: 30 }) }).map(({ a, prefix }) => {
      const network = ((((10 << 24) >>> 0) + (a << 4)) & maskOf(prefix)) >>> 0;
      return `${formatIpv4(network)}/${prefix}`;
    });
    fc.assert(
      fc.property(fc.array(block, { minLength: 0, maxLength: 12 }), (cidrs) => {
        const m = minimal();
        m.servers = [];
        m.nlbClusters = [];
        m.dags = [];
        m.subnets = cidrs.map((cidr, i) => ({ id: `s${i}`, siteId: 'site-hq', cidr, purpose: 'mapi' as const }));
        const flagged = new Set(withRule(check(m, nameRules), 'subnet.overlap').flatMap((f) => f.entityIds));
        const range = (c: string) => {
          const [ip, p] = c.split('/');
          const n = ip.split('.').reduce((acc, x) => acc * 256 + Number(x), 0);
          return [n, n + 2 ** (32 - Number(p)) - 1];
        };
        cidrs.forEach((c, i) => {
          const [lo, hi] = range(c);
          const overlaps = cidrs.some((o, j) => j !== i && range(o)[0] <= hi && lo <= range(o)[1]);
          expect(flagged.has(`s${i}`)).toBe(overlaps);
        });
      }),
      { numRuns: 200 },
    );
  });
});

describe('server.nic-subnet', () => {
  it('reports a NIC attached to a subnet missing from the design, pointing at the subnet that holds its address', () => {
    const d = seed();
    serverNamed(d, 'EX3').nics[0].subnetId = 'subnet-deleted';
    const findings = check(d, nameRules);
    const f = expectFinding(findings, 'server.nic-subnet', 'error', 'NIC Primary of server EX3', '192.168.0.34', '"subnet-deleted"');
    expect(f.hint).toContain('192.168.0.0/24');
    expect(f.entityIds).toEqual(['srv-ex3', 'subnet-lan']);
    expectNone(findings, 'ip.in-subnet');
  });

  it('accepts NICs attached to existing subnets', () => {
    const m = minimal();
    serverNamed(m, 'MB1').nics[1].subnetId = 'subnet-mapi';
    serverNamed(m, 'MB1').nics[1].ipv4 = '10.0.1.99';
    expectNone(check(m, nameRules), 'server.nic-subnet');
  });
});
