import { describe, expect, it } from 'vitest';
import { exampleDesign } from '../../test/fixtures/designs';
import { RULE_IDS } from './catalogue';
import type { RuleId } from './catalogue';
import { planDesign } from './engine';
import { ownerOf, ownerSpecOf } from './owner';

const f = (ruleId: RuleId, entityIds: readonly string[]) => ({ ruleId, entityIds });

describe('ownerOf: the object that owns the fix of a finding', () => {
  const ha = exampleDesign('minimal-ha');
  const seed = exampleDesign('seed-lab');

  it('knows every rule of the catalogue (by its own entry or its prefix)', () => {
    expect(RULE_IDS.filter((id) => ownerSpecOf(id) === null)).toEqual([]);
  });

  it('a database copy finding goes to the DAG (its copies are edited there), not to the servers it names', () => {
    expect(ownerOf(f('db.activation-preference', ['db-1', 'srv-mb1', 'srv-mb2']), ha)).toEqual({ kind: 'dag', id: 'dag-1', field: 'databases', itemId: 'db-1' });
    expect(ownerOf(f('db.lag-max', ['db-2', 'srv-mb2']), ha)).toEqual({ kind: 'dag', id: 'dag-1', field: 'databases', itemId: 'db-2' });
  });

  it('a database outside any DAG goes to the server holding it', () => {
    expect(ownerOf(f('db.single-copy', ['db-02', 'srv-ex2']), seed)).toEqual({ kind: 'server', id: 'srv-ex2', field: 'databases', itemId: 'db-02' });
  });

  it('port-rule findings go to the NLB cluster, static RPC ports to the CAS array', () => {
    expect(ownerOf(f('nlb.default-port-rule', ['nlb-casarray']), seed)).toMatchObject({ kind: 'nlbCluster', id: 'nlb-casarray', field: 'portRules' });
    expect(ownerOf(f('nlb.affinity', ['nlb-casarray']), seed)).toMatchObject({ kind: 'nlbCluster', field: 'portRules' });
    expect(ownerOf(f('nlb.static-rpc', ['casarray-default', 'nlb-casarray']), seed)).toMatchObject({ kind: 'casArray', id: 'casarray-default', field: 'staticPorts' });
  });

  it('a finding naming a DAG and its servers: the DAG field for DAG settings, the server for per-server fixes', () => {
    expect(ownerOf(f('dag.replication-network', ['dag-1', 'srv-mb1']), ha)).toMatchObject({ kind: 'dag', id: 'dag-1', field: 'replicationSubnetIds' });
    expect(ownerOf(f('dag.witness-recommended', ['dag-1', 'srv-cas1']), ha)).toMatchObject({ kind: 'dag', field: 'witnessServerId' });
    expect(ownerOf(f('dag.windows-edition', ['dag-1', 'srv-mb2']), ha)).toMatchObject({ kind: 'server', id: 'srv-mb2', field: 'os' });
  });

  it('a NIC finding goes to its server, with the NIC as the row', () => {
    const nic = ha.servers[0].nics[0];
    expect(ownerOf(f('ip.in-subnet', [nic.id, 'subnet-mapi']), ha)).toEqual({ kind: 'server', id: 'srv-cas1', field: 'nics', itemId: nic.id });
    expect(ownerOf(f('ip.in-subnet', ['nlb-cas', 'subnet-mapi']), ha)).toMatchObject({ kind: 'nlbCluster', field: 'vip' });
    expect(ownerOf(f('ip.in-subnet', ['subnet-mapi']), ha)).toMatchObject({ kind: 'subnet', field: 'cidr' });
  });

  it('deployment findings go to the design settings (nothing selected)', () => {
    expect(ownerOf(f('deploy.dns-server', ['casarray-hq']), ha)).toEqual({ kind: 'document', id: null, field: 'dnsServer', itemId: null });
  });

  it('sizing: memory to the server RAM, cores to the server cores', () => {
    expect(ownerOf(f('size.memory-min', ['srv-mb1']), ha)).toMatchObject({ kind: 'server', id: 'srv-mb1', field: 'ramGB' });
    expect(ownerOf(f('size.cas-cores', ['site-hq', 'srv-cas1', 'srv-mb1']), ha)).toMatchObject({ kind: 'server', id: 'srv-cas1', field: 'cores' });
  });

  it('falls back to the first object the finding names, and to null when it names none', () => {
    expect(ownerOf(f('role.hub-in-site', ['site-hq', 'srv-mb1']), ha)).toMatchObject({ kind: 'site', id: 'site-hq', field: null });
    expect(ownerOf(f('pf.legacy-clients', []), ha)).toBeNull();
    expect(ownerOf(f('ha.hub', ['unknown-id']), ha)).toBeNull();
  });

  it('every finding of the example designs that names an object resolves to an object of the design', () => {
    for (const name of ['seed-lab', 'minimal-ha', 'multi-role-hlb', 'large-lagged', 'two-datacenter'] as const) {
      const design = exampleDesign(name);
      const ids = new Set([design.sites, design.subnets, design.servers, design.nlbClusters, design.hardwareLoadBalancers, design.casArrays, design.dags].flatMap((l) => l.map((x) => x.id)));
      for (const finding of planDesign(design).findings) {
        const owner = ownerOf(finding, design);
        if (owner === null) continue;
        if (owner.kind === 'document') expect(owner.id).toBeNull();
        else expect(ids.has(owner.id as string), `${finding.ruleId} → ${owner.kind} ${owner.id}`).toBe(true);
      }
    }
  });
});
