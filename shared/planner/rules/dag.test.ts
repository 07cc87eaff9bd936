import { describe, it, expect } from 'vitest';
import { exampleDesign } from '../../../test/fixtures/designs';
import type { Dag, Design, Server } from '../../model/types';
import type { Finding, RuleId } from '../types';
import { DAG_MAX_MEMBERS } from '../limits';
import { dagRules } from './dag';
import { check, serverById, withRule } from './testkit';

const run = (design: Design): Finding[] => check(design, dagRules);
const only = (design: Design, id: RuleId): Finding[] => withRule(run(design), id);

function dag1(design: Design): Dag {
  return design.dags[0];
}

/** Adds a Mailbox server like MB1 (MAPI + replication NIC), optionally as a DAG1 member. */
function addMailboxServer(design: Design, n: number, joinDag = true): Server {
  const copy: Server = structuredClone(serverById(design, 'srv-mb1'));
  copy.id = `srv-mbx${n}`;
  copy.name = `MBX${n}`;
  copy.fqdn = `mbx${n}.contoso.local`;
  copy.nics = [
    { id: `${copy.id}-mapi`, name: 'MAPI', subnetId: 'subnet-mapi', ipv4: `10.0.1.${100 + n}`, purpose: 'mapi' },
    { id: `${copy.id}-repl`, name: 'Replication', subnetId: 'subnet-repl', ipv4: `10.0.2.${100 + n}`, purpose: 'replication' },
  ];
  design.servers.push(copy);
  if (joinDag) dag1(design).memberIds.push(copy.id);
  return copy;
}

describe('DAG rules on the example designs', () => {
  it('minimal-ha (S2): nothing to say', () => {
    expect(run(exampleDesign('minimal-ha'))).toEqual([]);
  });

  it('seed-lab has no DAG: nothing to say', () => {
    expect(run(exampleDesign('seed-lab'))).toEqual([]);
  });
});

describe('dag.max-members', () => {
  it(`${DAG_MAX_MEMBERS + 1} members is an error`, () => {
    const d = exampleDesign('minimal-ha');
    for (let i = 0; i < DAG_MAX_MEMBERS - 1; i++) addMailboxServer(d, i);
    const found = only(d, 'dag.max-members');
    expect(found).toHaveLength(1);
    expect(found[0].severity).toBe('error');
    expect(found[0].message).toBe('DAG DAG1 has 17 members; the limit is 16.');
  });

  it(`${DAG_MAX_MEMBERS} members is fine`, () => {
    const d = exampleDesign('minimal-ha');
    for (let i = 0; i < DAG_MAX_MEMBERS - 2; i++) addMailboxServer(d, i);
    expect(only(d, 'dag.max-members')).toEqual([]);
  });
});

describe('dag.members-mailbox', () => {
  it('a member without the Mailbox role is an error', () => {
    const d = exampleDesign('minimal-ha');
    dag1(d).memberIds.push('srv-cas2');
    const found = only(d, 'dag.members-mailbox');
    expect(found).toHaveLength(1);
    expect(found[0].severity).toBe('error');
    expect(found[0].message).toContain('DAG DAG1: CAS2 does not hold the Mailbox role');
    expect(found[0].entityIds).toEqual(['dag-1', 'srv-cas2']);
  });

  it('a server in two DAGs is an error naming both', () => {
    const d = exampleDesign('minimal-ha');
    d.dags.push({ ...structuredClone(dag1(d)), id: 'dag-2', name: 'DAG2', memberIds: ['srv-mb2'], ipAddresses: [] });
    const found = only(d, 'dag.members-mailbox');
    expect(found).toHaveLength(1);
    expect(found[0].message).toBe('Server MB2 is a member of 2 DAGs (DAG1 and DAG2); a server can be in only one DAG.');
  });

  it('Mailbox servers in one DAG each are fine', () => {
    expect(only(exampleDesign('minimal-ha'), 'dag.members-mailbox')).toEqual([]);
  });
});

describe('dag.windows-edition', () => {
  it('Windows Server 2008 R2 Standard on a member is an error', () => {
    const d = exampleDesign('minimal-ha');
    serverById(d, 'srv-mb1').os.edition = 'Standard';
    const found = only(d, 'dag.windows-edition');
    expect(found).toHaveLength(1);
    expect(found[0].severity).toBe('error');
    expect(found[0].message).toContain('MB1 (Windows Server 2008 R2 Standard)');
    expect(found[0].hint).toContain('Enterprise or Datacenter');
  });

  it('Windows Server 2008 Standard too', () => {
    const d = exampleDesign('minimal-ha');
    Object.assign(serverById(d, 'srv-mb2').os, { version: '2008', edition: 'Standard', servicePack: 2 });
    expect(only(d, 'dag.windows-edition')[0].message).toContain('MB2 (Windows Server 2008 Standard)');
  });

  it('Windows Server 2012 Standard, and Datacenter editions, are fine', () => {
    const d = exampleDesign('minimal-ha');
    Object.assign(serverById(d, 'srv-mb1').os, { version: '2012', edition: 'Standard' });
    serverById(d, 'srv-mb2').os.edition = 'Datacenter';
    expect(only(d, 'dag.windows-edition')).toEqual([]);
  });
});

describe('dag.not-dc', () => {
  it('a domain controller member is an error', () => {
    const d = exampleDesign('minimal-ha');
    serverById(d, 'srv-mb2').domainController = true;
    const found = only(d, 'dag.not-dc');
    expect(found).toHaveLength(1);
    expect(found[0].severity).toBe('error');
    expect(found[0].message).toContain('DAG DAG1: MB2 is a domain controller');
  });

  it('a domain controller outside the DAG is not this rule’s business', () => {
    const d = exampleDesign('minimal-ha');
    serverById(d, 'srv-cas1').domainController = true;
    expect(only(d, 'dag.not-dc')).toEqual([]);
  });
});

describe('dag.witness-not-member', () => {
  it('a member as witness is an error (and not also the Hub Transport recommendation)', () => {
    const d = exampleDesign('minimal-ha');
    dag1(d).witnessServerId = 'srv-mb1';
    const found = run(d);
    expect(found.map((f) => f.ruleId)).toEqual(['dag.witness-not-member']);
    expect(found[0].severity).toBe('error');
    expect(found[0].message).toBe('DAG DAG1: the witness server MB1 is a member of the DAG itself.');
  });

  it('a member named by its FQDN as the witness host is an error too', () => {
    const d = exampleDesign('minimal-ha');
    dag1(d).witnessServerId = null;
    dag1(d).witnessHost = 'MB2.contoso.local';
    const found = run(d);
    expect(found.map((f) => f.ruleId)).toEqual(['dag.witness-not-member']);
    expect(found[0].message).toBe('DAG DAG1: the witness server MB2 is a member of the DAG itself.');
    expect(found[0].entityIds).toEqual(['dag-1', 'srv-mb2']);
  });

  it('a witness outside the DAG is fine', () => {
    expect(only(exampleDesign('minimal-ha'), 'dag.witness-not-member')).toEqual([]);
  });
});

describe('dag.witness-recommended', () => {
  it('no witness: warn and name a Hub Transport server of the site', () => {
    const d = exampleDesign('minimal-ha');
    dag1(d).witnessServerId = null;
    const found = only(d, 'dag.witness-recommended');
    expect(found).toHaveLength(1);
    expect(found[0].severity).toBe('warning');
    expect(found[0].message).toBe('DAG DAG1 has no witness server.');
    expect(found[0].hint).toContain('Hub Transport server of AD site HQ as the witness, e.g. CAS1');
  });

  it('a non-Exchange witness outside the design: warn, and say the runbook grants Exchange Trusted Subsystem', () => {
    const d = exampleDesign('minimal-ha');
    dag1(d).witnessServerId = null;
    dag1(d).witnessHost = 'fs1.contoso.local';
    const found = only(d, 'dag.witness-recommended');
    expect(found).toHaveLength(1);
    expect(found[0].message).toContain('fs1.contoso.local');
    expect(found[0].message).toContain('not an Exchange server');
    expect(found[0].hint).toContain('Exchange Trusted Subsystem');
    expect(found[0].hint).toContain('e.g. CAS1');
  });

  it('any Exchange server outside the DAG (here Client Access only) is an acceptable witness', () => {
    const d = exampleDesign('minimal-ha');
    serverById(d, 'srv-cas2').roles = ['CAS'];
    dag1(d).witnessServerId = 'srv-cas2';
    expect(only(d, 'dag.witness-recommended')).toEqual([]);
  });

  it('a non-Exchange server of the design: warn, recommend a Hub Transport server, mention the runbook step', () => {
    const d = exampleDesign('minimal-ha');
    const fs1 = addMailboxServer(d, 1, false);
    Object.assign(fs1, { name: 'FS1', roles: [] });
    dag1(d).witnessServerId = fs1.id;
    const found = only(d, 'dag.witness-recommended');
    expect(found.map((f) => f.message)).toEqual(["DAG DAG1's witness FS1 is not an Exchange server."]);
    expect(found[0].hint).toContain('e.g. CAS1');
    expect(found[0].hint).toContain('If you keep FS1, the runbook adds the Exchange Trusted Subsystem group');
    expect(found[0].entityIds).toEqual(['dag-1', fs1.id, 'srv-cas1']);
  });

  it('a domain controller witness: warn that Exchange Trusted Subsystem would need domain-wide rights', () => {
    const d = exampleDesign('minimal-ha');
    const dc1 = addMailboxServer(d, 1, false);
    Object.assign(dc1, { name: 'DC1', roles: [], domainController: true });
    dag1(d).witnessServerId = dc1.id;
    const [f] = only(d, 'dag.witness-recommended');
    expect(f.message).toBe("DAG DAG1's witness DC1 is a domain controller, not an Exchange server.");
    expect(f.hint).toContain("the domain's Administrators group");
  });

  it('an Edge Transport witness: warn (it is outside the domain)', () => {
    const d = exampleDesign('minimal-ha');
    const edge = addMailboxServer(d, 1, false);
    Object.assign(edge, { name: 'EDGE1', roles: ['Edge'] });
    dag1(d).witnessServerId = edge.id;
    expect(only(d, 'dag.witness-recommended').map((f) => f.message)).toEqual([
      "DAG DAG1's witness EDGE1 is an Edge Transport server: it sits in the perimeter network outside the domain, so the DAG cannot use a file share on it.",
    ]);
  });

  it('no Hub Transport server in the site: the hint says to add one', () => {
    const d = exampleDesign('minimal-ha');
    for (const s of d.servers) s.roles = s.roles.filter((r) => r !== 'HT');
    dag1(d).witnessServerId = null;
    const found = only(d, 'dag.witness-recommended');
    expect(found).toHaveLength(1);
    expect(found[0].hint).toContain('(the site has none: add one), or a file server');
  });

  it('two multi-role servers with a file server witness (S3): the hint keeps the file server', () => {
    const found = only(exampleDesign('multi-role-hlb'), 'dag.witness-recommended');
    expect(found.map((f) => f.message)).toEqual(['DAG DAG1 uses fs1.fabrikam.local as its witness, a server outside the design (not an Exchange server).']);
    expect(found[0].hint).toBe(
      'AD site HQ has no Hub Transport server outside DAG DAG1, so a file server is the usual witness: keep it, or add a Hub Transport server to the site and use that. ' +
        'If you keep fs1.fabrikam.local, the runbook adds the Exchange Trusted Subsystem group to its local Administrators group.',
    );
  });

  it('a Hub Transport witness (also named by FQDN) is fine', () => {
    expect(only(exampleDesign('minimal-ha'), 'dag.witness-recommended')).toEqual([]);
    const d = exampleDesign('minimal-ha');
    dag1(d).witnessServerId = null;
    dag1(d).witnessHost = 'CAS2.contoso.local';
    expect(only(d, 'dag.witness-recommended')).toEqual([]);
  });
});

describe('dag.ip-per-mapi-subnet', () => {
  it('no addresses at all: a warning (DHCP), listing the MAPI subnets', () => {
    const d = exampleDesign('minimal-ha');
    dag1(d).ipAddresses = [];
    const found = only(d, 'dag.ip-per-mapi-subnet');
    expect(found).toHaveLength(1);
    expect(found[0].severity).toBe('warning');
    expect(found[0].message).toContain('DAG DAG1 has no IP addresses');
    expect(found[0].message).toContain('DHCP');
    expect(found[0].hint).toContain('10.0.1.0/24');
  });

  it('an address on the replication subnet is an error', () => {
    const d = exampleDesign('minimal-ha');
    dag1(d).ipAddresses.push({ subnetId: 'subnet-repl', ipv4: '10.0.2.50' });
    const found = only(d, 'dag.ip-per-mapi-subnet');
    expect(found).toHaveLength(1);
    expect(found[0].severity).toBe('error');
    expect(found[0].message).toContain('10.0.2.50 on replication subnet 10.0.2.0/24');
  });

  it('two addresses on one MAPI subnet is an error', () => {
    const d = exampleDesign('minimal-ha');
    dag1(d).ipAddresses.push({ subnetId: 'subnet-mapi', ipv4: '10.0.1.51' });
    const found = only(d, 'dag.ip-per-mapi-subnet');
    expect(found).toHaveLength(1);
    expect(found[0].message).toContain('2 IP addresses on MAPI subnet 10.0.1.0/24 (10.0.1.50 and 10.0.1.51)');
  });

  it('a MAPI subnet a member uses without a DAG address is an error naming the member', () => {
    const d = exampleDesign('minimal-ha');
    d.subnets.push({ id: 'subnet-mapi2', siteId: 'site-hq', cidr: '10.0.3.0/24', purpose: 'mapi' });
    Object.assign(serverById(d, 'srv-mb2').nics[0], { subnetId: 'subnet-mapi2', ipv4: '10.0.3.32' });
    const found = only(d, 'dag.ip-per-mapi-subnet');
    expect(found).toHaveLength(1);
    expect(found[0].message).toContain('no IP address on MAPI subnet 10.0.3.0/24, which MB2 uses');
    expect(found[0].entityIds).toContain('srv-mb2');
  });

  it('an address on a MAPI subnet no member uses yet is a warning (pre-staged DR subnet), not an error', () => {
    const d = exampleDesign('minimal-ha');
    d.subnets.push({ id: 'subnet-other', siteId: 'site-hq', cidr: '10.0.9.0/24', purpose: 'mapi' });
    dag1(d).ipAddresses.push({ subnetId: 'subnet-other', ipv4: '10.0.9.50' });
    const found = only(d, 'dag.ip-per-mapi-subnet');
    expect(found).toHaveLength(1);
    expect(found[0].severity).toBe('warning');
    expect(found[0].message).toContain('10.0.9.50 on MAPI subnet 10.0.9.0/24, which no member uses yet');
  });

  it('one address per MAPI subnet on two subnets is fine', () => {
    const d = exampleDesign('minimal-ha');
    d.subnets.push({ id: 'subnet-mapi2', siteId: 'site-hq', cidr: '10.0.3.0/24', purpose: 'mapi' });
    Object.assign(serverById(d, 'srv-mb2').nics[0], { subnetId: 'subnet-mapi2', ipv4: '10.0.3.32' });
    dag1(d).ipAddresses.push({ subnetId: 'subnet-mapi2', ipv4: '10.0.3.50' });
    expect(only(d, 'dag.ip-per-mapi-subnet')).toEqual([]);
  });
});

describe('dag.replication-network', () => {
  it('a single-NIC member warns', () => {
    const d = exampleDesign('minimal-ha');
    const mb2 = serverById(d, 'srv-mb2');
    mb2.nics = mb2.nics.filter((n) => n.purpose === 'mapi');
    const found = only(d, 'dag.replication-network');
    expect(found).toHaveLength(1);
    expect(found[0].severity).toBe('warning');
    expect(found[0].message).toContain('DAG DAG1: MB2 (single NIC) has no replication NIC');
    expect(found[0].hint).toContain('two NICs');
  });

  it('members with a replication NIC are fine', () => {
    expect(only(exampleDesign('minimal-ha'), 'dag.replication-network')).toEqual([]);
  });
});

describe('dag.single-member', () => {
  it('a one-member DAG warns when the HA goal is on', () => {
    const d = exampleDesign('minimal-ha');
    dag1(d).memberIds = ['srv-mb1'];
    const found = only(d, 'dag.single-member');
    expect(found).toHaveLength(1);
    expect(found[0].severity).toBe('warning');
    expect(found[0].message).toBe('DAG DAG1 has a single member (MB1): it gives no high availability.');
  });

  it('and is only an info when the HA goal is off', () => {
    const d = exampleDesign('minimal-ha');
    dag1(d).memberIds = ['srv-mb1'];
    d.goals.highlyAvailable = false;
    expect(only(d, 'dag.single-member').map((f) => f.severity)).toEqual(['info']);
  });

  it('two members are fine', () => {
    expect(only(exampleDesign('minimal-ha'), 'dag.single-member')).toEqual([]);
  });
});
