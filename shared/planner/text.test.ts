import { describe, it, expect } from 'vitest';
import { exampleDesign } from '../../test/fixtures/designs';
import { buildContext } from './context';
import { days, formatGB, listNames, listOf, nlbClusterName, num, serverName, serverNameById, siteName, subnetName } from './text';

describe('listNames', () => {
  it('joins names the way an admin writes them', () => {
    expect(listNames(['EX3'])).toBe('EX3');
    expect(listNames(['EX3', 'EX4'])).toBe('EX3 and EX4');
    expect(listNames(['EX2', 'EX3', 'EX4'])).toBe('EX2, EX3 and EX4');
    expect(listNames(Array.from({ length: 12 }, (_, i) => `MB${i + 1}`))).toBe('MB1, MB2, MB3, MB4, MB5, MB6, MB7 and 5 more');
  });

  it('labels only the items it shows', () => {
    const labelled: number[] = [];
    const text = listOf(Array.from({ length: 1000 }, (_, i) => i), (i) => {
      labelled.push(i);
      return `#${i}`;
    });
    expect(text).toBe('#0, #1, #2, #3, #4, #5, #6 and 993 more');
    expect(labelled).toHaveLength(7);
  });
});

describe('num and formatGB', () => {
  it('group thousands and keep one decimal at most', () => {
    expect([num(0), num(18), num(999), num(1000), num(1_000_000), num(1_000_010), num(1234567.25), num(0.1), num(9.86), num(-1234.5)]).toEqual([
      '0', '18', '999', '1,000', '1,000,000', '1,000,010', '1,234,567.3', '0.1', '9.9', '-1,234.5',
    ]);
    expect([formatGB(500 * 1.2), formatGB(1.25), formatGB(2048)]).toEqual(['600 GB', '1.3 GB', '2,048 GB']);
    expect([days(1), days(14)]).toEqual(['1 day', '14 days']);
  });
});

describe('object names', () => {
  it('name servers, sites, subnets and NLB clusters, and quote ids that are not in the design', () => {
    const d = exampleDesign('minimal-ha');
    const ctx = buildContext(d);
    expect([serverNameById(ctx, 'srv-mb1'), serverNameById(ctx, 'srv-gone')]).toEqual(['MB1', '"srv-gone"']);
    expect([siteName(ctx, 'site-hq'), siteName(ctx, 'site-gone')]).toEqual(['HQ', '"site-gone"']);
    expect([subnetName(ctx, 'subnet-repl'), subnetName(ctx, 'subnet-gone')]).toEqual(['10.0.2.0/24', '"subnet-gone"']);
    expect(serverName({ ...d.servers[0], name: '' })).toBe('(unnamed server srv-cas1)');
    expect(nlbClusterName({ ...d.nlbClusters[0], fqdn: '' })).toBe('nlb-cas');
  });
});
