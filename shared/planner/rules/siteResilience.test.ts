// Stretched DAGs (two AD sites): each rule fires on a mutated copy of the two-datacenter example and not on the
// example itself. Expected values are worked by hand from the quorum rule in Planning for High Availability and
// Site Resilience: 5 members → Node Majority, 5 votes, 3 needed; 4 members → 4 + the witness = 5 votes, 3 needed.
import { describe, expect, it } from 'vitest';
import { exampleDesign } from '../../../test/fixtures/designs';
import type { Design } from '../../model/types';
import { buildContext } from '../context';
import { dagVotes, quorumOf, stretchedDags } from '../resilience';
import { check, expectFinding, expectNone } from './testkit';
import { siteResilienceRules } from './siteResilience';
import { dagRules } from './dag';

const run = (d: Design) => check(d, [...dagRules, ...siteResilienceRules]);
const twoDc = () => exampleDesign('two-datacenter');

describe('quorum arithmetic', () => {
  it('counts the witness only for an even number of members', () => {
    expect([2, 3, 4, 5, 16].map(dagVotes)).toEqual([3, 3, 5, 5, 17]);
    expect([3, 5, 17].map(quorumOf)).toEqual([2, 3, 9]);
  });

  it('works out each failure case of the two-datacenter DAG (3 members in Primary, 2 in DR, witness in Primary)', () => {
    const [s] = stretchedDags(buildContext(twoDc()));
    expect(s.cases.map((c) => [c.label, c.automatic, c.recoverable])).toEqual([
      ['one server lost', true, true],
      // 2 of 5 votes left: no quorum; DAC is on, so a datacenter switchover restores service.
      ['primary datacenter Primary lost', false, true],
      // 3 of 5 votes left in Primary: quorum, automatic.
      ['datacenter DR lost', true, true],
    ]);
    expect(s.cases[1].text).toContain('2 of 5 votes, 3 needed');
    expect(s.cases[1].text).toContain('Restore-DatabaseAvailabilityGroup -ActiveDirectorySite DR (the alternate witness DR-CAS1 takes over)');
  });

  it('with four members (2 + 2) the witness in Primary decides: Primary keeps quorum, DR alone does not', () => {
    const d = twoDc();
    d.dags[0].memberIds = d.dags[0].memberIds.filter((id) => id !== 'srv-pr-mb3');
    for (const db of d.databases) db.copies = db.copies.filter((c) => c.serverId !== 'srv-pr-mb3').map((c, i) => ({ ...c, activationPreference: i + 1 }));
    const [s] = stretchedDags(buildContext(d));
    expect(s.votes).toBe(5);
    expect(s.cases[1].text).toContain('2 of 5 votes'); // Primary lost: the two DR members, the witness is gone too
    expect(s.cases[2].text).toContain('3 of 5 votes'); // DR lost: two Primary members and the witness
  });

  it('without DAC, losing the primary datacenter is not recoverable by Restore-DatabaseAvailabilityGroup', () => {
    const d = twoDc();
    d.dags[0].datacenterActivationMode = 'Off';
    const [s] = stretchedDags(buildContext(d));
    expect(s.cases[1].recoverable).toBe(false);
    expect(s.cases[1].text).toContain('Datacenter Activation Coordination is off');
  });
});

describe('dag.dac-mode', () => {
  it('warns on a five-member DAG across two sites with DAC off', () => {
    const d = twoDc();
    d.dags[0].datacenterActivationMode = 'Off';
    expectFinding(run(d), 'dag.dac-mode', 'warning', 'DAG DAG1 has 5 members in AD sites Primary and DR', 'Datacenter Activation Coordination mode is off');
  });
  it('is silent with DAC on, and for a two-member DAG across sites', () => {
    expectNone(run(twoDc()), 'dag.dac-mode');
    const d = twoDc();
    d.dags[0].datacenterActivationMode = 'Off';
    d.dags[0].memberIds = ['srv-pr-mb1', 'srv-dr-mb1'];
    expectNone(run(d), 'dag.dac-mode');
  });
});

describe('dag.witness-site', () => {
  it('warns when the witness is in the second datacenter', () => {
    const d = twoDc();
    d.dags[0].witnessServerId = 'srv-dr-cas2';
    expectFinding(run(d), 'dag.witness-site', 'warning', "DAG DAG1's witness DR-CAS2 is in AD site DR, not in its primary datacenter Primary");
  });
  it('is silent with the witness in the primary datacenter', () => {
    expectNone(run(twoDc()), 'dag.witness-site');
  });
});

describe('dag.alternate-witness', () => {
  it('warns when a stretched DAG has no alternate witness', () => {
    const d = twoDc();
    d.dags[0].alternateWitnessServerId = null;
    expectFinding(run(d), 'dag.alternate-witness', 'warning', 'DAG DAG1 spans AD sites Primary and DR but has no alternate witness');
  });
  it('warns when the alternate witness is in the primary datacenter', () => {
    const d = twoDc();
    d.dags[0].alternateWitnessServerId = 'srv-pr-cas2';
    expectFinding(run(d), 'dag.alternate-witness', 'warning', 'PR-CAS2: it is in AD site Primary, not in the second datacenter DR');
  });
  it('warns when the alternate witness is a domain controller', () => {
    const d = twoDc();
    const dr = d.servers.find((s) => s.name === 'DR-CAS2');
    if (!dr) throw new Error('DR-CAS2 missing');
    dr.domainController = true;
    d.dags[0].alternateWitnessServerId = dr.id;
    expectFinding(run(d), 'dag.alternate-witness', 'warning', 'DR-CAS2 is a domain controller', 'Domain Admins');
  });
  it('is silent with a non-member Hub Transport server of the second datacenter', () => {
    expectNone(run(twoDc()), 'dag.alternate-witness');
  });
});

describe('dag.alternate-witness-not-member', () => {
  it('is an error when the alternate witness is a DAG member, or not a server of the design', () => {
    const d = twoDc();
    d.dags[0].alternateWitnessServerId = 'srv-dr-mb2';
    expectFinding(run(d), 'dag.alternate-witness-not-member', 'error', 'the alternate witness DR-MB2 is a member of the DAG itself');
    d.dags[0].alternateWitnessServerId = 'srv-gone';
    expectFinding(run(d), 'dag.alternate-witness-not-member', 'error', '"srv-gone", which is not a server of the design');
  });
  it('is silent for a server outside the DAG', () => {
    expectNone(run(twoDc()), 'dag.alternate-witness-not-member');
  });
});

describe('dag.site-networks', () => {
  it('warns when one datacenter has no replication subnet of the DAG', () => {
    const d = twoDc();
    d.dags[0].replicationSubnetIds = ['subnet-pr-repl'];
    expectFinding(run(d), 'dag.site-networks', 'warning', 'its members in AD site DR (DR-MB1 and DR-MB2) have no NIC on one of its replication subnets');
  });
  it('is silent when both datacenters have one', () => {
    expectNone(run(twoDc()), 'dag.site-networks');
  });
});

describe('dag.same-os', () => {
  it('is an error when DAG members run different Windows versions', () => {
    const d = twoDc();
    const mb = d.servers.find((s) => s.name === 'DR-MB2');
    if (!mb) throw new Error('DR-MB2 missing');
    mb.os = { version: '2012R2', edition: 'Standard', servicePack: 0 };
    expectFinding(run(d), 'dag.same-os', 'error', 'DAG DAG1 mixes Windows versions (Windows Server 2008 R2 on PR-MB1, PR-MB2, PR-MB3 and DR-MB1 and Windows Server 2012 R2 on DR-MB2)');
  });
  it('is silent when they all run the same version', () => {
    expectNone(run(twoDc()), 'dag.same-os');
  });
});

describe('dag.ip-per-mapi-subnet follows the subnets, not the NIC labels', () => {
  it('counts a member NIC labelled "management" on a MAPI subnet as a MAPI network', () => {
    const d = twoDc();
    d.dags[0].ipAddresses = d.dags[0].ipAddresses.filter((a) => a.subnetId !== 'subnet-dr-mapi');
    const mb = d.servers.find((s) => s.name === 'DR-MB1');
    if (!mb) throw new Error('DR-MB1 missing');
    mb.nics[0].purpose = 'management';
    const found = run(d).filter((f) => f.ruleId === 'dag.ip-per-mapi-subnet');
    expect(found.map((f) => f.message)).toEqual(['DAG DAG1 has no IP address on MAPI subnet 10.20.1.0/24, which DR-MB1 and DR-MB2 use.']);
  });
  it('does not count a NIC labelled "mapi" on a replication subnet', () => {
    const d = twoDc();
    for (const s of d.servers) for (const n of s.nics) if (n.subnetId.endsWith('-repl')) n.purpose = 'mapi';
    expectNone(run(d), 'dag.ip-per-mapi-subnet');
  });
});
