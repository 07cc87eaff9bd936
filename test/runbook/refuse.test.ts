// A design with planner errors gets no runbook: the generator returns the error findings instead.
import { describe, expect, it } from 'vitest';
import { generateRunbook } from '../../shared/runbook/generate';
import type { DesignDocument } from '../../shared/model/types';
import { loadExample } from '../fixtures/designs';

/** S3 with Windows NLB: two multi-role servers that are both NLB and DAG members. */
function multiRoleWithNlb(): DesignDocument {
  const doc = loadExample('multi-role-hlb');
  const d = doc.design;
  d.hardwareLoadBalancers = [];
  d.nlbClusters = [
    {
      id: 'nlb-hq',
      fqdn: 'outlook.fabrikam.local',
      vip: '10.1.1.40',
      subnetId: 'subnet-mapi',
      mode: 'multicast',
      clientsOnOtherSubnets: false,
      portRules: [{ startPort: 443, endPort: 443, protocol: 'Tcp', affinity: 'Single' }],
      members: [
        { serverId: 'srv-exa', nicId: 'nic-exa-mapi', hostPriority: 1, loadWeight: 50 },
        { serverId: 'srv-exb', nicId: 'nic-exb-mapi', hostPriority: 2, loadWeight: 50 },
      ],
    },
  ];
  d.casArrays[0] = { ...d.casArrays[0], nlbClusterId: 'nlb-hq', hardwareLoadBalancerId: null };
  return doc;
}

describe('generateRunbook refuses designs with planner errors', () => {
  it('returns nlb.dag-conflict for EXA and EXB in both an NLB cluster and a DAG (S3 with NLB)', () => {
    const result = generateRunbook(multiRoleWithNlb());
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const conflict = result.errors.filter((f) => f.ruleId === 'nlb.dag-conflict');
    expect(conflict.length).toBeGreaterThan(0);
    expect(conflict.map((f) => f.message).join(' ')).toMatch(/EXA/);
    expect(conflict.map((f) => f.message).join(' ')).toMatch(/EXB/);
    expect(result.errors.every((f) => f.severity === 'error')).toBe(true);
    expect(result.message).toContain('nlb.dag-conflict');
  });

  it('returns every error, e.g. a server name longer than 15 characters (name.netbios)', () => {
    const doc = loadExample('seed-lab');
    doc.design.servers[1].name = 'EXCHANGESERVER03';
    const result = generateRunbook(doc);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((f) => f.ruleId)).toContain('name.netbios');
    expect(result.errors.find((f) => f.ruleId === 'name.netbios')?.message).toContain('EXCHANGESERVER03');
  });

  it('accepts the same servers behind a hardware load balancer (S3 as drawn)', () => {
    const result = generateRunbook(loadExample('multi-role-hlb'));
    expect(result.ok).toBe(true);
  });
});
