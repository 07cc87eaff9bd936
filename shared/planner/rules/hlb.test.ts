import { describe, it, expect } from 'vitest';
import { exampleDesign } from '../../../test/fixtures/designs';
import type { Design } from '../../model/types';
import { hlbRules } from './hlb';
import { check, expectFinding, expectNone } from './testkit';

/** Minimal HA with its CAS array moved from Windows NLB to a hardware load balancer F5-HQ (VIP 10.0.1.40). */
function minimalWithHlb(): Design {
  const d = exampleDesign('minimal-ha');
  d.nlbClusters = [];
  d.hardwareLoadBalancers.push({ id: 'hlb-hq', name: 'F5-HQ', vip: '10.0.1.40', memberIds: ['srv-cas1', 'srv-cas2'] });
  d.casArrays[0].nlbClusterId = null;
  d.casArrays[0].hardwareLoadBalancerId = 'hlb-hq';
  return d;
}

describe('hardware load balancer rules', () => {
  it('fire nothing on the seed lab, minimal HA, and minimal HA behind a hardware load balancer', () => {
    expect(check(exampleDesign('seed-lab'), hlbRules)).toEqual([]);
    expect(check(exampleDesign('minimal-ha'), hlbRules)).toEqual([]);
    expect(check(minimalWithHlb(), hlbRules)).toEqual([]);
  });
});

describe('hlb.members-cas', () => {
  it('rejects a member without the Client Access role in a load balancer used by a CAS array', () => {
    const d = minimalWithHlb();
    d.hardwareLoadBalancers[0].memberIds.push('srv-mb1');
    const f = expectFinding(check(d, hlbRules), 'hlb.members-cas', 'error', 'Hardware load balancer F5-HQ', 'CAS array CASArray-HQ', 'MB1', 'does not hold the Client Access role');
    expect(f.entityIds).toEqual(['hlb-hq', 'casarray-hq', 'srv-mb1']);
    expect(f.hint).toContain('add the Client Access role');
  });

  it('names every offender once', () => {
    const d = minimalWithHlb();
    d.hardwareLoadBalancers[0].memberIds.push('srv-mb1', 'srv-mb2', 'srv-mb1');
    expectFinding(check(d, hlbRules), 'hlb.members-cas', 'error', 'balances MB1 and MB2, which do not hold');
  });

  it('ignores a load balancer no CAS array uses', () => {
    const d = minimalWithHlb();
    d.hardwareLoadBalancers.push({ id: 'hlb-smtp', name: 'F5-SMTP', vip: '10.0.1.45', memberIds: ['srv-mb1'] });
    expectNone(check(d, hlbRules), 'hlb.members-cas');
  });
});

describe('hlb.vip-subnet', () => {
  it('rejects a VIP outside every subnet of the design, listing the subnets', () => {
    const d = minimalWithHlb();
    d.hardwareLoadBalancers[0].vip = '172.16.0.10';
    const f = expectFinding(check(d, hlbRules), 'hlb.vip-subnet', 'error', 'Hardware load balancer F5-HQ', '172.16.0.10', 'no subnet of the design', '10.0.1.0/24 and 10.0.2.0/24');
    expect(f.entityIds).toEqual(['hlb-hq']);
  });

  it('rejects the network or broadcast address of a subnet', () => {
    const d = minimalWithHlb();
    d.hardwareLoadBalancers[0].vip = '10.0.1.255';
    const f = expectFinding(check(d, hlbRules), 'hlb.vip-subnet', 'error', 'F5-HQ', '10.0.1.255', 'broadcast address of subnet 10.0.1.0/24');
    expect(f.hint).toContain('10.0.1.1 and 10.0.1.254');
    d.hardwareLoadBalancers[0].vip = '10.0.2.0';
    expectFinding(check(d, hlbRules), 'hlb.vip-subnet', 'error', 'network address of subnet 10.0.2.0/24');
  });

  it('rejects a VIP that is not an IPv4 address', () => {
    const d = minimalWithHlb();
    d.hardwareLoadBalancers[0].vip = '10.0.1.400';
    expectFinding(check(d, hlbRules), 'hlb.vip-subnet', 'error', '"10.0.1.400"', 'not an IPv4 address');
  });

  it('accepts a host address in any subnet of the design, even one not used by the CAS servers', () => {
    const d = minimalWithHlb();
    d.hardwareLoadBalancers[0].vip = '10.0.2.200';
    expectNone(check(d, hlbRules), 'hlb.vip-subnet');
  });
});
