// Format 3 → 4 (issue 13): DAGs state their DAC mode, hardware load balancer VIPs get their subnet, Edge servers
// leave the domain; everything else new starts empty and the design plans as before.
import { describe, expect, it } from 'vitest';
import { loadDesignText } from '../../shared/model/load';
import { MIGRATIONS, migrate } from '../../shared/model/migrations';
import { planDesign } from '../../shared/planner/engine';
import { exampleText } from '../fixtures/designs';

/** An example written back as format 3: the v4 fields the migration adds removed. */
function asFormat3(name: 'multi-role-hlb' | 'minimal-ha'): Record<string, unknown> {
  const doc = JSON.parse(exampleText(name)) as { formatVersion: number; design: { dags: Record<string, unknown>[]; hardwareLoadBalancers: Record<string, unknown>[] } };
  doc.formatVersion = 3;
  for (const dag of doc.design.dags) delete dag.datacenterActivationMode;
  for (const hlb of doc.design.hardwareLoadBalancers) delete hlb.subnetId;
  return doc as unknown as Record<string, unknown>;
}

describe('format 3 → 4', () => {
  it('sets DAC mode Off on every DAG and gives a hardware load balancer the subnet holding its VIP', () => {
    const r = loadDesignText(JSON.stringify(asFormat3('multi-role-hlb')));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.migrated).toEqual([expect.stringMatching(/^3→4: Site resilience and coexistence/)]);
    expect(r.document.formatVersion).toBe(4);
    expect(r.document.design.dags.map((d) => d.datacenterActivationMode)).toEqual(['Off']);
    // 10.1.1.40 lies in 10.1.1.0/24, the subnet "subnet-mapi".
    expect(r.document.design.hardwareLoadBalancers.map((h) => h.subnetId)).toEqual(['subnet-mapi']);
    // Nothing else is invented: editions follow the organization, RpcClientAccessServer follows the site's array.
    expect(r.document.design.servers.map((s) => s.exchangeEdition)).toEqual([undefined, undefined]);
    expect(r.document.design.databases.map((d) => d.rpcClientAccessServer)).toEqual([undefined, undefined]);
    expect(r.document.design.publicFolderDatabases).toBeUndefined();
  });

  it('plans a migrated design exactly as the current-format file', () => {
    const migrated = loadDesignText(JSON.stringify(asFormat3('minimal-ha')));
    const current = loadDesignText(exampleText('minimal-ha'));
    if (!migrated.ok || !current.ok) throw new Error('example does not load');
    expect(planDesign(migrated.document.design).findings).toEqual(planDesign(current.document.design).findings);
  });

  it('marks an Edge-only server as not domain-joined, and leaves a VIP in no subnet without one', () => {
    const raw = {
      formatVersion: 3,
      design: {
        subnets: [{ id: 's1', cidr: '10.0.0.0/24' }, { id: 's2', cidr: '10.0.0.0/16' }, { id: 'bad', cidr: 'x' }],
        servers: [{ id: 'e', roles: ['Edge'] }, { id: 'h', roles: ['HT', 'CAS'] }, { id: 'k', roles: ['Edge'], domainJoined: true }],
        hardwareLoadBalancers: [{ id: 'a', vip: '10.0.0.9' }, { id: 'b', vip: '10.0.9.9' }, { id: 'c', vip: '192.168.1.1' }, { id: 'd', vip: 7 }],
        dags: [{ id: 'g' }, 'odd'],
      },
    };
    const step = MIGRATIONS.find((m) => m.from === 3);
    if (!step) throw new Error('no 3 → 4 migration');
    const out = step.up(raw) as { formatVersion: number; design: typeof raw.design };
    expect(out.formatVersion).toBe(4);
    expect(out.design.servers).toEqual([{ id: 'e', roles: ['Edge'], domainJoined: false }, { id: 'h', roles: ['HT', 'CAS'] }, { id: 'k', roles: ['Edge'], domainJoined: true }]);
    // The innermost subnet holding the VIP wins (/24 over /16); no subnet, no field.
    expect(out.design.hardwareLoadBalancers).toEqual([
      { id: 'a', vip: '10.0.0.9', subnetId: 's1' },
      { id: 'b', vip: '10.0.9.9', subnetId: 's2' },
      { id: 'c', vip: '192.168.1.1' },
      { id: 'd', vip: 7 },
    ]);
    expect(out.design.dags).toEqual([{ id: 'g', datacenterActivationMode: 'Off' }, 'odd']);
  });

  it('never throws on odd input', () => {
    for (const odd of [{ formatVersion: 3 }, { formatVersion: 3, design: null }, { formatVersion: 3, design: { dags: 'x', servers: [1], hardwareLoadBalancers: {} } }]) {
      expect(() => migrate(odd, 4)).not.toThrow();
    }
  });
});
