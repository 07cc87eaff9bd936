import { describe, expect, it } from 'vitest';
import { exampleDesign } from '../../../test/fixtures/designs';
import { deploymentRules } from './deployment';
import { check, expectFinding, expectNone, serverNamed } from './testkit';

const seed = () => exampleDesign('seed-lab');

describe('deploy.dns-server', () => {
  it('is silent with a named DNS server (the seed lab names its domain controller)', () => {
    expectNone(check(seed(), deploymentRules), 'deploy.dns-server');
  });

  it('refuses the domain name as the DNS server, and no DNS server at all when no domain controller is in the design', () => {
    const d = seed();
    d.deployment.dnsServer = 'exchangeserverpro.local';
    const f = expectFinding(check(d, deploymentRules), 'deploy.dns-server', 'error', 'the domain name exchangeserverpro.local');
    expect(f.hint).toContain('dc1.exchangeserverpro.local');
    d.deployment.dnsServer = '';
    expectFinding(check(d, deploymentRules), 'deploy.dns-server', 'error', 'No DNS server is named', 'casarray.exchangeserverpro.local');
    serverNamed(d, 'EX2').domainController = true;
    expectNone(check(d, deploymentRules), 'deploy.dns-server');
  });
});

describe('deploy.sxs-source', () => {
  it('asks for the Windows media on a new 2012 R2 server', () => {
    const d = seed();
    serverNamed(d, 'EX3').os = { version: '2012R2', edition: 'Standard', servicePack: 0 };
    expectFinding(check(d, deploymentRules), 'deploy.sxs-source', 'warning', 'EX3', 'NET-Framework-Core', '0x800f0906');
    d.deployment.windowsSourcePath = 'D:\\sources\\sxs';
    expectNone(check(d, deploymentRules), 'deploy.sxs-source');
  });
});

describe('deploy.product-key', () => {
  it('says the new servers stay trials without a key, and is silent with one', () => {
    const d = seed();
    expectFinding(check(d, deploymentRules), 'deploy.product-key', 'info', 'EX3', 'EX4', '120-day trials');
    d.deployment.productKey = 'ABCDE-FGHIJ-KLMNO-PQRST-UVWXY';
    expectNone(check(d, deploymentRules), 'deploy.product-key');
  });
});
