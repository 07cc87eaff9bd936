// The namespace rules: each fires on a design and stays quiet on a near-identical one.
import { describe, expect, it } from 'vitest';
import type { Design } from '../../model/types';
import type { Namespace } from '../../model/namespace';
import { loadExample } from '../../../test/fixtures/designs';
import { planDesign } from '../engine';
import { namespaceRules } from './namespace';
import { check, expectFinding, expectNone, withRule } from './testkit';

function minimalHa(namespace?: Namespace): Design {
  const design = structuredClone(loadExample('minimal-ha').design);
  if (namespace) design.namespace = namespace;
  return design;
}

function hlb(namespace?: Namespace): Design {
  const design = structuredClone(loadExample('multi-role-hlb').design);
  if (namespace) design.namespace = namespace;
  return design;
}

const run = (d: Design) => check(d, namespaceRules);

const cert = (names: string[], extra: Partial<NonNullable<Namespace['certificates']>[number]> = {}): NonNullable<Namespace['certificates']>[number] => ({
  id: 'cert-1',
  subject: names[0],
  names,
  issuer: 'public',
  keySize: 2048,
  services: ['IIS'],
  ...extra,
});

describe('namespace rules', () => {
  it('ns.not-planned: a derived namespace that the runbook will not configure is pointed out; a planned one is not', () => {
    // minimal-ha has external host names (so a namespace is derived) and no namespace section.
    const derived = minimalHa();
    expect(derived.namespace).toBeUndefined();
    expectFinding(run(derived), 'ns.not-planned', 'info', 'self-signed certificate', 'not planned');
    expectNone(run(minimalHa({})), 'ns.not-planned');
    // No external host name: nothing is derived, nothing to say.
    const none = minimalHa();
    none.organization.externalHostnames = [];
    expectNone(run(none), 'ns.not-planned');
  });

  it('the examples as shipped raise no namespace warning or error', () => {
    for (const d of [minimalHa(), hlb(), structuredClone(loadExample('seed-lab').design)]) {
      expect(run(d).filter((f) => f.severity !== 'info').map((f) => f.message)).toEqual([]);
    }
  });

  it('ns.casarray-not-in-san: the array FQDN on the certificate warns', () => {
    const names = ['mail.contoso.com', 'autodiscover.contoso.com'];
    expectFinding(run(minimalHa({ certificates: [cert([...names, 'outlook.contoso.local'], { issuer: 'internal' })] })), 'ns.casarray-not-in-san', 'warning', 'outlook.contoso.local');
    expectNone(run(minimalHa({ certificates: [cert(names, { issuer: 'internal' })] })), 'ns.casarray-not-in-san');
  });

  it('ns.casarray-no-external-dns: a published name equal to the array FQDN warns', () => {
    const d = minimalHa({ sites: [{ siteId: 'site-hq', externalHost: 'outlook.contoso.local', internalHost: 'mail.contoso.com' }], certificates: [cert(['mail.contoso.com', 'outlook.contoso.local', 'autodiscover.contoso.com'], { issuer: 'internal' })] });
    expectFinding(run(d), 'ns.casarray-no-external-dns', 'warning', 'outlook.contoso.local');
    expectNone(run(minimalHa({ sites: [{ siteId: 'site-hq', externalHost: 'mail.contoso.com' }] })), 'ns.casarray-no-external-dns');
  });

  it('ns.internal-name-public-ca: .local or single-label names on a public certificate are errors', () => {
    const d = minimalHa({ sites: [{ siteId: 'site-hq', internalHost: 'cas.contoso.local' }] , certificates: [cert(['mail.contoso.com', 'autodiscover.contoso.com', 'cas.contoso.local', 'CAS1'])] });
    const f = expectFinding(run(d), 'ns.internal-name-public-ca', 'error', 'cas.contoso.local', 'CAS1');
    expect(f.message).toContain('1 November 2015');
    const internal = minimalHa({ sites: [{ siteId: 'site-hq', internalHost: 'cas.contoso.local' }], certificates: [cert(['mail.contoso.com', 'autodiscover.contoso.com', 'cas.contoso.local', 'CAS1'], { issuer: 'internal' })] });
    expectNone(run(internal), 'ns.internal-name-public-ca');
  });

  it('ns.san-covers-urls: a URL name missing from the certificate is an error; a wildcard covers it', () => {
    const d = minimalHa({ sites: [{ siteId: 'site-hq', internalHost: 'webmail.contoso.com' }], certificates: [cert(['mail.contoso.com', 'autodiscover.contoso.com'])] });
    expectFinding(run(d), 'ns.san-covers-urls', 'error', 'webmail.contoso.com');
    const wild = minimalHa({ sites: [{ siteId: 'site-hq', internalHost: 'webmail.contoso.com' }], certificates: [cert(['mail.contoso.com', '*.contoso.com'])] });
    expectNone(run(wild), 'ns.san-covers-urls');
  });

  it('ns.scp-loadbalanced: the SCP on a server name warns', () => {
    const names = ['mail.contoso.com', 'autodiscover.contoso.com', 'cas1.contoso.local'];
    const d = minimalHa({ sites: [{ siteId: 'site-hq', autodiscoverInternalHost: 'cas1.contoso.local' }], certificates: [cert(names, { issuer: 'internal' })] });
    expectFinding(run(d), 'ns.scp-loadbalanced', 'warning', 'cas1.contoso.local');
    expectNone(run(minimalHa({ sites: [{ siteId: 'site-hq', autodiscoverInternalHost: 'mail.contoso.com' }] })), 'ns.scp-loadbalanced');
  });

  it('ns.same-cert: a member behind the VIP without the certificate is an error', () => {
    const names = ['mail.contoso.com', 'autodiscover.contoso.com'];
    expectFinding(run(minimalHa({ certificates: [cert(names, { serverIds: ['srv-cas1'] })] })), 'ns.same-cert', 'error', 'CAS2');
    expectNone(run(minimalHa({ certificates: [cert(names, { serverIds: ['srv-cas1', 'srv-cas2'] })] })), 'ns.same-cert');
  });

  it('ns.autodiscover-external: no autodiscover name and no SRV warns', () => {
    expectFinding(run(minimalHa({ autodiscoverHost: '' })), 'ns.autodiscover-external', 'warning', 'contoso.com');
    expectNone(run(minimalHa({ autodiscoverHost: '', autodiscoverSrv: true })), 'ns.autodiscover-external');
  });

  it('ns.nonfacing-externalurl and ns.proxy: a site that is not Internet-facing keeps ExternalUrl $null', () => {
    const two = structuredClone(loadExample('two-datacenter').design);
    expectNone(run(two), 'ns.nonfacing-externalurl');
    expectFinding(run(two), 'ns.proxy', 'info', 'DR');
    two.namespace = { sites: [{ siteId: 'site-dr', externalHost: 'mail-dr.tailspintoys.com' }] };
    expectFinding(run(two), 'ns.nonfacing-externalurl', 'warning', 'mail-dr.tailspintoys.com');
    expectNone(run(two), 'ns.proxy');
  });

  it('ns.oa-prereq: Outlook Anywhere on an existing Client Access server warns', () => {
    const d = minimalHa();
    d.servers.find((s) => s.id === 'srv-cas2')!.existing = true;
    expectFinding(run(d), 'ns.oa-prereq', 'warning', 'CAS2');
    const off = minimalHa({ sites: [{ siteId: 'site-hq', outlookAnywhere: { enabled: false } }] });
    off.servers.find((s) => s.id === 'srv-cas2')!.existing = true;
    expectNone(run(off), 'ns.oa-prereq');
  });

  it('ns.ssl-offload: -SSLOffloading must match the load balancer', () => {
    expectFinding(run(hlb({ loadBalancers: [{ hardwareLoadBalancerId: 'hlb-hq', sslOffload: true, snat: true }], sites: [{ siteId: 'site-hq', outlookAnywhere: { sslOffloading: false } }] })), 'ns.ssl-offload', 'warning', 'terminates SSL');
    expectNone(run(hlb({ loadBalancers: [{ hardwareLoadBalancerId: 'hlb-hq', sslOffload: true, snat: true }] })), 'ns.ssl-offload');
    expectFinding(run(minimalHa({ sites: [{ siteId: 'site-hq', outlookAnywhere: { sslOffloading: true } }] })), 'ns.ssl-offload', 'warning', 'does not terminate SSL');
  });

  it('ns.legacy: coexistence needs the legacy. name on a certificate', () => {
    const d = minimalHa({ legacyHost: '' });
    d.servers.push({ ...structuredClone(d.servers[0]), id: 'srv-old', name: 'OLDCAS', fqdn: 'oldcas.contoso.local', existing: true, legacy: { version: '2007', servicePack: 3 }, nics: [{ id: 'nic-old', name: 'MAPI', subnetId: d.servers[0].nics[0].subnetId, ipv4: '10.0.1.99', purpose: 'mapi' }] });
    expectFinding(run(d), 'ns.legacy', 'warning', 'OLDCAS');
    const ok = structuredClone(d);
    ok.namespace = {};
    expectNone(run(ok), 'ns.legacy');
    expect(withRule(run(ok), 'ns.san-covers-urls')).toEqual([]);
  });

  it('ns.ttl: multi-site namespaces get the TTL advice', () => {
    expectFinding(run(structuredClone(loadExample('two-datacenter').design)), 'ns.ttl', 'info', 'TTL');
    expectNone(run(minimalHa()), 'ns.ttl');
  });

  it('ns.name-one-site: one name in two sites with different VIPs warns', () => {
    const two = structuredClone(loadExample('two-datacenter').design);
    two.namespace = { sites: [{ siteId: 'site-dr', internalHost: 'mail.tailspintoys.com' }] };
    expectFinding(run(two), 'ns.name-one-site', 'warning', 'mail.tailspintoys.com');
    expectNone(run(structuredClone(loadExample('two-datacenter').design)), 'ns.name-one-site');
  });

  it('ns.name-resolves: a site whose CAS have no address warns', () => {
    const d = minimalHa();
    d.casArrays = [];
    d.nlbClusters = [];
    for (const s of d.servers) if (s.roles.includes('CAS')) s.nics = [];
    expectFinding(check(d, namespaceRules), 'ns.name-resolves', 'warning', 'HQ');
    expectNone(run(minimalHa()), 'ns.name-resolves');
  });

  it('runs in the planner with the catalogue severities (a stated namespace with an error blocks the runbook)', () => {
    const d = minimalHa({ certificates: [cert(['mail.contoso.com', 'autodiscover.contoso.com'], { serverIds: ['srv-cas1'] })] });
    expect(planDesign(d).findings.some((f) => f.ruleId === 'ns.same-cert' && f.severity === 'error')).toBe(true);
  });
});
