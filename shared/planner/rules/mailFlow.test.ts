// The mail flow rules: each fires on a design and stays quiet on a near-identical one. Expected values are worked by
// hand from the examples: minimal-ha (CAS1 and CAS2 are Client Access + Hub Transport behind the NLB cluster of
// outlook.contoso.local; MB1 and MB2 Mailbox only), two-datacenter (PR-EDGE1 subscribed to site Primary), large-lagged
// (HQ's names lead to hardware load balancer HLB-HQ, whose members HQ-CAS01…03 are Client Access only).
import { describe, expect, it } from 'vitest';
import type { Design } from '../../model/types';
import type { Namespace } from '../../model/namespace';
import { loadExample } from '../../../test/fixtures/designs';
import { buildContext } from '../context';
import { mailFlowRules } from './mailFlow';
import { addServer, check, expectFinding, expectNone, withRule } from './testkit';

type Example = 'minimal-ha' | 'two-datacenter' | 'large-lagged' | 'multi-role-hlb' | 'seed-lab';

function design(name: Example, namespace?: Namespace): Design {
  const d = structuredClone(loadExample(name).design);
  if (namespace) d.namespace = namespace;
  return d;
}

const run = (d: Design) => check(d, mailFlowRules);
const mail = (mailFlow: NonNullable<Namespace['mailFlow']>, extra: Namespace = {}): Namespace => ({ ...extra, mailFlow });

describe('mail flow rules', () => {
  it('the examples as shipped raise no mail flow warning or error (only the derived MX is explained)', () => {
    for (const name of ['minimal-ha', 'two-datacenter', 'large-lagged', 'multi-role-hlb', 'seed-lab'] as const) {
      expect(run(design(name)).filter((f) => f.severity !== 'info').map((f) => f.message), name).toEqual([]);
    }
  });

  it('mail.send-connector-sources: a Mailbox server, an Edge or a server not in the design as source is an error', () => {
    expectFinding(run(design('minimal-ha', mail({ sendConnectorSourceServerIds: ['srv-cas1', 'srv-mb1'] }))), 'mail.send-connector-sources', 'error', 'MB1', 'not a Hub Transport server');
    expectFinding(run(design('minimal-ha', mail({ sendConnectorSourceServerIds: ['srv-gone'] }))), 'mail.send-connector-sources', 'error', '"srv-gone"', 'not a server of the design');
    expectFinding(run(design('two-datacenter', mail({ sendConnectorSourceServerIds: ['srv-pr-edge1'] }))), 'mail.send-connector-sources', 'error', 'Edge Transport server PR-EDGE1');
    expectNone(run(design('minimal-ha', mail({ sendConnectorSourceServerIds: ['srv-cas1', 'srv-cas2'] }))), 'mail.send-connector-sources');
  });

  it('mail.send-connector-sources: an Exchange 2007 Hub Transport server as source is a warning (the runbook leaves it out)', () => {
    const d = design('minimal-ha', mail({ sendConnectorSourceServerIds: ['srv-cas1', 'srv-ex2007'] }));
    const legacy = addServer(d, { name: 'EX2007', roles: ['HT'], siteId: 'site-hq', subnetId: 'subnet-mapi', ipv4: '10.0.1.90' });
    legacy.existing = true;
    legacy.legacy = { version: '2007', servicePack: 3 };
    expectFinding(run(d), 'mail.send-connector-sources', 'warning', 'EX2007', 'Exchange 2007');
    legacy.legacy = null;
    expectNone(run(d), 'mail.send-connector-sources');
  });

  it('mail.edge-and-connector: a subscribed Edge and hub source servers for an Internet connector warn', () => {
    const f = expectFinding(run(design('two-datacenter', mail({ sendConnectorSourceServerIds: ['srv-pr-cas1'] }))), 'mail.edge-and-connector', 'warning', 'PR-EDGE1', 'EdgeSync - Primary to Internet', 'PR-CAS1');
    expect(f.entityIds).toEqual(['srv-pr-edge1', 'srv-pr-cas1']);
    expectNone(run(design('two-datacenter', mail({ acceptedDomains: ['tailspintoys.com'] }))), 'mail.edge-and-connector');
  });

  it('mail.edge-and-connector: no Edge and no source server warns (mail to the Internet stays queued)', () => {
    expectFinding(run(design('minimal-ha', mail({ sendConnectorSourceServerIds: [] }))), 'mail.edge-and-connector', 'warning', 'No Internet send connector', 'CAS1 and CAS2');
    // Absent: every Hub Transport server is a source.
    expectNone(run(design('minimal-ha', mail({ acceptedDomains: ['contoso.com'] }))), 'mail.edge-and-connector');
  });

  it('mail.mx-receives: an MX on the CAS array FQDN or on a Mailbox server warns; on a Hub Transport server it does not', () => {
    expectFinding(run(design('minimal-ha', mail({ mx: [{ host: 'outlook.contoso.local', preference: 10 }] }))), 'mail.mx-receives', 'warning', 'CAS array', 'outlook.contoso.local');
    const mb1 = design('minimal-ha').servers.find((s) => s.id === 'srv-mb1')!.fqdn;
    expectFinding(run(design('minimal-ha', mail({ mx: [{ host: mb1, preference: 10 }] }))), 'mail.mx-receives', 'warning', 'MB1', 'neither an Exchange 2010 Hub Transport nor an Edge Transport server');
    const cas1 = design('minimal-ha').servers.find((s) => s.id === 'srv-cas1')!.fqdn;
    expectNone(run(design('minimal-ha', mail({ mx: [{ host: cas1, preference: 10 }] }))), 'mail.mx-receives');
    // A name the design does not know (its public address is the operator's): nothing to say.
    expectNone(run(design('minimal-ha', mail({ mx: [{ host: 'smtp.contoso.com', preference: 10 }] }))), 'mail.mx-receives');
  });

  it('mail.mx-receives: a client access name in front of Client Access servers only takes no SMTP', () => {
    const f = expectFinding(run(design('large-lagged', mail({ mx: [{ host: 'mail.litware.com', preference: 10 }] }))), 'mail.mx-receives', 'warning', 'HLB-HQ', 'HQ-CAS01, HQ-CAS02 and HQ-CAS03');
    expect(f.entityIds).toEqual(['site-hq', 'hlb-hq']);
    // minimal-ha's NLB members also hold the Hub Transport role.
    expectNone(run(design('minimal-ha', mail({ mx: [{ host: 'mail.contoso.com', preference: 10 }] }))), 'mail.mx-receives');
  });

  it('mail.mx-receives: with an Edge Subscription the MX leads to the Edge, not to the Client Access name or a hub', () => {
    expectFinding(run(design('two-datacenter', mail({ mx: [{ host: 'mail.tailspintoys.com', preference: 10 }] }))), 'mail.mx-receives', 'warning', 'Edge Transport server PR-EDGE1 receives');
    expectFinding(run(design('two-datacenter', mail({ mx: [{ host: 'pr-cas1.tailspin.local', preference: 10 }] }))), 'mail.mx-receives', 'warning', 'Hub Transport server PR-CAS1');
    expectNone(run(design('two-datacenter', mail({ mx: [{ host: 'pr-edge1.tailspin.local', preference: 10 }] }))), 'mail.mx-receives');
  });

  it('mail.mx-receives: a derived MX (none stated) is explained as information, not a warning', () => {
    const findings = withRule(run(design('large-lagged', {})), 'mail.mx-receives');
    expect(findings.map((f) => f.severity)).toEqual(['info']);
    expect(findings[0].message).toContain('The MX record is derived');
  });

  it('mail.mx-host-name: an MX on an address, a wildcard or a single label is an error', () => {
    expectFinding(run(design('minimal-ha', mail({ mx: [{ host: '203.0.113.25', preference: 10 }] }))), 'mail.mx-host-name', 'error', '203.0.113.25', 'an IP address');
    expectFinding(run(design('minimal-ha', mail({ mx: [{ host: 'mailhost', preference: 10 }] }))), 'mail.mx-host-name', 'error', 'a single-label name');
    expectNone(run(design('minimal-ha', mail({ mx: [{ host: 'smtp.contoso.com', preference: 10 }] }))), 'mail.mx-host-name');
  });

  it('mail.accepted-domain-cert: a certificate enabled for SMTP without the MX host warns', () => {
    const cert = { id: 'cert-1', subject: 'mail.contoso.com', names: ['autodiscover.contoso.com'], issuer: 'public' as const, keySize: 2048 as const, services: ['IIS' as const, 'SMTP' as const] };
    expectFinding(run(design('minimal-ha', mail({ mx: [{ host: 'smtp.contoso.com', preference: 10 }] }, { certificates: [cert] }))), 'mail.accepted-domain-cert', 'warning', 'smtp.contoso.com');
    expectNone(run(design('minimal-ha', mail({ mx: [{ host: 'mail.contoso.com', preference: 10 }] }, { certificates: [cert] }))), 'mail.accepted-domain-cert');
    // Not enabled for SMTP: TLS on port 25 is not planned.
    expectNone(run(design('minimal-ha', mail({ mx: [{ host: 'smtp.contoso.com', preference: 10 }] }, { certificates: [{ ...cert, services: ['IIS'] }] }))), 'mail.accepted-domain-cert');
  });

  it('stays linear: a 1,000-server design with many MX records is checked fast', () => {
    const d = design('minimal-ha');
    for (let i = 0; i < 1000; i++) addServer(d, { name: `HUB${i}`, roles: ['HT'], siteId: 'site-hq', subnetId: 'subnet-mapi', ipv4: `10.0.${100 + Math.floor(i / 250)}.${(i % 250) + 1}` });
    d.namespace = mail({ mx: Array.from({ length: 20 }, (_, i) => ({ host: `hub${i}.contoso.local`, preference: 10 + i })), sendConnectorSourceServerIds: d.servers.map((s) => s.id).slice(0, 64) });
    buildContext(d);
    const start = performance.now();
    run(d);
    expect(performance.now() - start).toBeLessThan(2000);
  });
});
