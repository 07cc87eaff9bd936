// False-positive guard (issue 13): large designs an Exchange 2010 expert accepts — several sites, multi-role
// servers, lagged copies, a stretched DAG — produce no error and keep every role highly available.
import { describe, expect, it } from 'vitest';
import type { Design } from '../../shared/model/types';
import { planDesign } from '../../shared/planner/engine';
import { exampleDesign } from '../fixtures/designs';

function errors(design: Design): string[] {
  return planDesign(design).findings.filter((f) => f.severity === 'error').map((f) => `${f.ruleId}: ${f.message}`);
}

/** The two-datacenter example with multi-role servers in DR: DR-MB1 and DR-MB2 also hold CAS and HT behind HLB-DR. */
function twoDatacenterMultiRole(): Design {
  const d = exampleDesign('two-datacenter');
  for (const s of d.servers) if (s.name === 'DR-MB1' || s.name === 'DR-MB2') s.roles = ['CAS', 'HT', 'MB'];
  const hlb = d.hardwareLoadBalancers.find((h) => h.id === 'hlb-dr');
  if (!hlb) throw new Error('hlb-dr missing');
  hlb.memberIds.push('srv-dr-mb1', 'srv-dr-mb2');
  return d;
}

const DESIGNS: readonly [string, () => Design][] = [
  ['two datacenters, stretched DAG with DAC, lagged copies in DR', () => exampleDesign('two-datacenter')],
  ['three sites, 40 servers, NLB and hardware load balancers, lagged copies', () => exampleDesign('large-lagged')],
  ['two datacenters with multi-role servers behind a hardware load balancer in DR', twoDatacenterMultiRole],
  ['two multi-role servers behind a hardware load balancer', () => exampleDesign('multi-role-hlb')],
  ['four servers with Windows NLB', () => exampleDesign('minimal-ha')],
];

describe('large valid designs produce no error', () => {
  it.each(DESIGNS)('%s', (_name, make) => {
    const design = make();
    expect(errors(design)).toEqual([]);
    const { verdict } = planDesign(design);
    expect([verdict.CAS, verdict.HT, verdict.MB].map((v) => v.highlyAvailable)).toEqual([true, true, true]);
  });

  it('the guard can fail: the same stretched design with a member on another Windows version has an error', () => {
    const d = exampleDesign('two-datacenter');
    const mb = d.servers.find((s) => s.name === 'DR-MB2');
    if (!mb) throw new Error('DR-MB2 missing');
    mb.os = { version: '2012R2', edition: 'Standard', servicePack: 0 };
    expect(errors(d).map((e) => e.split(':')[0])).toEqual(['dag.same-os']);
  });
});
