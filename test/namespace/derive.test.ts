// The effective namespace: a design without a `namespace` (every file written before it, format 2 to 4) opens with the
// 2010 defaults derived from its external host names, CAS arrays and load balancers; stated values win.
import { describe, expect, it } from 'vitest';
import { loadDesignText } from '../../shared/model/load';
import { Namespace } from '../../shared/model/namespace';
import { effectiveNamespace, hasNamespace, internalNameReason, nameCovers } from '../../shared/namespace';
import { exampleText, loadExample } from '../fixtures/designs';

/** minimal-ha written back as format 3 (before DAC mode, HLB subnets and the namespace). */
function asFormat3(): string {
  const doc = JSON.parse(exampleText('minimal-ha')) as { formatVersion: number; design: { dags: Record<string, unknown>[]; namespace?: unknown } };
  doc.formatVersion = 3;
  for (const dag of doc.design.dags) delete dag.datacenterActivationMode;
  delete doc.design.namespace;
  return JSON.stringify(doc);
}

describe('effective namespace', () => {
  it('an old file (format 3) opens unchanged and gets the 2010 defaults: names, URLs, SCP, Outlook Anywhere', () => {
    const r = loadDesignText(asFormat3());
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect(r.document.design.namespace).toBeUndefined();
    const ns = effectiveNamespace(r.document.design);
    expect(ns.stated).toBe(false);
    expect(ns.domain).toBe('contoso.com');
    expect(ns.autodiscoverHost).toBe('autodiscover.contoso.com');
    const [hq] = ns.sites;
    expect(hq.internetFacing).toBe(true);
    expect(hq.internalHost).toBe('mail.contoso.com');
    expect(hq.externalHost).toBe('mail.contoso.com');
    expect(hq.urls.map((u) => u.internalUrl)).toEqual([
      'https://mail.contoso.com/owa',
      'https://mail.contoso.com/ecp',
      'https://mail.contoso.com/EWS/Exchange.asmx',
      'https://mail.contoso.com/OAB',
      'https://mail.contoso.com/Microsoft-Server-ActiveSync',
    ]);
    expect(hq.autodiscoverInternalUri).toBe('https://mail.contoso.com/Autodiscover/Autodiscover.xml');
    expect(hq.outlookAnywhere).toEqual({ enabled: true, externalHost: 'mail.contoso.com', clientAuthentication: 'Basic', sslOffloading: false });
    expect(hq.address).toMatchObject({ ipv4: '10.0.1.40', kind: 'nlb' });
  });

  it('derives the SAN list (never the CAS array FQDN) and one certificate for every Client Access server', () => {
    const ns = effectiveNamespace(loadExample('minimal-ha').design);
    expect(ns.certificates).toHaveLength(1);
    const [cert] = ns.certificates;
    expect(cert.names).toEqual(['mail.contoso.com', 'autodiscover.contoso.com']);
    expect(cert.subjectName).toBe('o=Contoso, cn=mail.contoso.com');
    expect(cert.servers.map((s) => s.name)).toEqual(['CAS1', 'CAS2']);
    expect(cert.names).not.toContain('outlook.contoso.local');
  });

  it('lists DNS records per zone (split-brain) with the address each name points at', () => {
    const ns = effectiveNamespace(loadExample('minimal-ha').design);
    const rows = ns.dns.map((r) => `${r.zone} ${r.type} ${r.name} → ${r.target || '(public)'}`);
    expect(rows).toEqual(
      expect.arrayContaining([
        'internal A mail.contoso.com → 10.0.1.40',
        'external A mail.contoso.com → (public)',
        'internal A outlook.contoso.local → 10.0.1.40',
        'internal A autodiscover.contoso.com → 10.0.1.40',
        'external A autodiscover.contoso.com → (public)',
        'external MX contoso.com → 10 mail.contoso.com',
      ]),
    );
    // The CAS array name never goes to the external zone.
    expect(ns.dns.some((r) => r.zone === 'external' && r.name === 'outlook.contoso.local')).toBe(false);
  });

  it('a second site that is not Internet-facing gets an internal regional name and ExternalUrl $null', () => {
    const ns = effectiveNamespace(loadExample('two-datacenter').design);
    const dr = ns.sites.find((s) => s.siteName === 'DR');
    expect(dr?.internetFacing).toBe(false);
    expect(dr?.externalHost).toBe('');
    expect(dr?.internalHost).toBe('mail-dr.tailspintoys.com');
    expect(dr?.urls.every((u) => u.externalUrl === '')).toBe(true);
    expect(dr?.outlookAnywhere.enabled).toBe(false);
  });

  it('stated values win over the defaults', () => {
    const design = structuredClone(loadExample('minimal-ha').design);
    design.namespace = Namespace.parse({ sites: [{ siteId: 'site-hq', internalHost: 'webmail.contoso.com', services: [{ service: 'eas', externalHost: 'sync.contoso.com' }] }], autodiscoverSrv: true });
    const ns = effectiveNamespace(design);
    expect(ns.sites[0].urls.find((u) => u.service === 'owa')?.internalUrl).toBe('https://webmail.contoso.com/owa');
    expect(ns.sites[0].urls.find((u) => u.service === 'eas')?.externalUrl).toBe('https://sync.contoso.com/Microsoft-Server-ActiveSync');
    expect(ns.certificates[0].names).toEqual(['mail.contoso.com', 'webmail.contoso.com', 'sync.contoso.com', 'autodiscover.contoso.com']);
    expect(ns.dns.some((r) => r.type === 'SRV' && r.target === '0 0 443 mail.contoso.com')).toBe(true);
  });

  it('a hardware load balancer gets the worksheet: virtual services, persistence, 2010 health probes, SNAT', () => {
    const ns = effectiveNamespace(loadExample('multi-role-hlb').design);
    const [lb] = ns.loadBalancers;
    expect(lb.name).toBe('HLB-HQ');
    expect(lb.snat).toBe(true);
    expect(lb.services.map((s) => s.ports)).toEqual(['443', '80', '135', '59532, 59533']);
    expect(lb.services[0].probe).toContain('/owa/auth/logon.aspx');
    expect(lb.services.map((s) => s.probe.replace('(Exchange 2010 has no /healthcheck.htm)', '')).join(' ')).not.toContain('healthcheck.htm');
  });

  it('a blank design has no namespace; names and wildcards', () => {
    const blank = structuredClone(loadExample('minimal-ha').design);
    blank.organization.externalHostnames = [];
    expect(hasNamespace(blank)).toBe(false);
    expect(nameCovers('*.contoso.com', 'mail.contoso.com')).toBe(true);
    expect(nameCovers('*.contoso.com', 'a.b.contoso.com')).toBe(false);
    expect(internalNameReason('ex01.contoso.local')).toContain('.local');
    expect(internalNameReason('EX01')).toContain('single-label');
    expect(internalNameReason('10.1.2.3')).toContain('private');
    expect(internalNameReason('mail.contoso.com')).toBeNull();
  });
});
