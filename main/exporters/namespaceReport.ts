// The "Namespace and certificates" chapter of the runbook documents (PDF and Markdown): the client access names per
// site, the DNS records per zone (split-brain), the certificate request (subject, names, key size), what the operator
// does with the certification authority, and the load balancer team's worksheet for hardware load balancers.
// Built from the effective namespace (shared/namespace), so it says what the runbook configures.
import type { Design } from '../../shared/model/types';
import { effectiveNamespace, hasNamespace, SERVICE_VDIRS } from '../../shared/namespace/derive';
import type { Runbook } from '../../shared/runbook/types';
import type { ReportTable } from './reportTable';

/** The same shape as report.ts's ReportTable (declared there; repeated to keep this file free of a cycle). */
/** A table of the namespace chapter (the report's table shape). */
export type NamespaceTable = ReportTable;

export interface NamespaceChapter {
  readonly title: string;
  /** One paragraph: where the names come from and whether the runbook configures them. */
  readonly intro: string;
  readonly tables: readonly NamespaceTable[];
}

export const NAMESPACE_CHAPTER_TITLE = 'Namespace and certificates';

/** The chapter, or null for a design without Client Access servers or external names. */
export function namespaceChapter(design: Design, runbook: Runbook): NamespaceChapter | null {
  if (!hasNamespace(design)) return null;
  const ns = effectiveNamespace(design);
  const stepNumber = new Map(runbook.steps.map((s, i) => [s.id, i + 1]));
  const configured = runbook.steps.some((s) => s.phase === 'namespace');
  const intro = [
    ns.stated ? 'The names below are the design\'s client access namespace.' : `The design states no namespace: these are Exchange 2010's recommended defaults, derived from the external host names (${design.organization.externalHostnames.join(', ') || 'none'}), the CAS arrays and the load balancers.`,
    configured
      ? 'The runbook sets every URL, the Autodiscover SCP and Outlook Anywhere, creates the internal DNS records, and requests, completes and copies the certificate (phase "Client access namespace and certificates").'
      : 'The runbook does not configure them yet: plan the namespace in the designer (Namespace panel) to add its steps.',
  ].join(' ');

  const names: string[][] = [];
  for (const site of ns.sites) {
    for (const u of site.urls) {
      names.push([`${site.siteName}\n${site.internetFacing ? 'Internet-facing' : 'not Internet-facing (proxied)'}`, `${SERVICE_VDIRS[u.service].title}\n${SERVICE_VDIRS[u.service].cmdlet}`, u.internalUrl || '—', u.externalUrl || '$null (proxied)']);
    }
    names.push([site.siteName, 'Autodiscover (SCP)\nSet-ClientAccessServer', site.autodiscoverInternalUri || '—', ns.autodiscoverHost !== '' ? `https://${ns.autodiscoverHost}/Autodiscover/Autodiscover.xml` : '—']);
    names.push([
      site.siteName,
      'Outlook Anywhere\nEnable-OutlookAnywhere',
      '—',
      site.outlookAnywhere.enabled ? `${site.outlookAnywhere.externalHost}\n${site.outlookAnywhere.clientAuthentication} authentication, SSL offloading ${site.outlookAnywhere.sslOffloading ? 'on' : 'off'}` : 'not enabled',
    ]);
    if (site.casArray) names.push([site.siteName, 'Outlook (RPC) — CAS array', site.casArray.fqdn, 'none: internal only, not on the certificate']);
  }

  const dns = ns.dns.map((r) => [r.zone === 'internal' ? 'internal (split-brain)' : 'external (Internet)', r.name, r.type, r.target !== '' ? `${r.target}\n${r.points}` : r.points, r.purpose]);

  const certs = ns.certificates.map((c) => [
    `${c.friendlyName}\n${c.subjectName}`,
    c.names.join('\n'),
    `${c.issuer === 'public' ? 'public CA' : 'internal CA (AD CS)'}\n${c.keySize}-bit RSA, exportable key`,
    c.services.join(', '),
    c.servers.map((s) => s.name).join('\n'),
  ]);

  const caSteps = runbook.steps
    .filter((s) => s.action.kind === 'certificate-request' || s.action.kind === 'certificate-complete' || s.action.kind === 'certificate-copy' || (s.phase === 'namespace' && s.action.kind === 'operator' && s.action.does?.kind === 'issue-certificate'))
    .map((s) => [String(stepNumber.get(s.id) ?? ''), s.title, s.action.kind === 'operator' ? s.action.checklist.join('\n') : s.notes.join('\n')]);
  const caRows: string[][] =
    caSteps.length > 0
      ? caSteps
      : ns.certificates.map((c) => [
          '—',
          `Request ${c.subject} on ${c.servers[0]?.name ?? 'the first Client Access server'}`,
          `New-ExchangeCertificate -GenerateRequest -SubjectName "${c.subjectName}" -DomainName ${c.names.join(', ')} -KeySize ${c.keySize} -PrivateKeyExportable $true (returns the request text: Set-Content it to a .req file); submit it to the ${c.issuer === 'public' ? 'public' : 'internal'} CA; Import-ExchangeCertificate -FileData with the answer; Enable-ExchangeCertificate -Services ${c.services.join(',')}; export with the key and import on ${c.servers.slice(1).map((s) => s.name).join(', ') || 'no other server'}.`,
        ]);

  const tables: NamespaceTable[] = [
    {
      id: 'ns-names',
      title: 'Client access names',
      caption: 'Per AD site and service: the InternalUrl and ExternalUrl the runbook sets ($null = the site is proxied by an Internet-facing site).',
      columns: ['AD site', 'Service', 'Internal', 'External'],
      widths: [2, 3, 4, 4],
      rows: names,
      empty: 'No Client Access server in the design.',
      namedRows: true,
    },
    {
      id: 'ns-dns',
      title: 'DNS records',
      caption: 'Per zone: the internal zone of the public domain (split-brain DNS) points at the load balancers; the external zone at the public addresses. No CAS array name goes to the external zone.',
      columns: ['Zone', 'Name', 'Type', 'Points at', 'Purpose'],
      widths: [2, 3, 1, 4, 4],
      rows: dns,
      empty: 'No DNS records.',
    },
    {
      id: 'ns-certificates',
      title: 'Certificate request',
      caption: 'Subject and names (SAN) of each certificate, who issues it, and the servers that get it (the same certificate, with its private key, on every server behind a VIP).',
      columns: ['Certificate', 'Names', 'Issuer, key', 'Services', 'Servers'],
      widths: [3, 3, 2, 1, 2],
      rows: certs,
      empty: 'No certificate is planned.',
      namedRows: true,
    },
    {
      id: 'ns-ca',
      title: 'What the operator does with the certification authority',
      caption: 'The certificate steps of the runbook in order; the request file goes to the CA, its answer comes back as a file on the same server.',
      columns: ['Step', 'What', 'How'],
      widths: [1, 4, 7],
      rows: caRows,
      empty: 'No certificate steps.',
    },
  ];
  for (const lb of ns.loadBalancers) {
    tables.push({
      id: `ns-lb-${lb.hardwareLoadBalancerId}`,
      title: `Load balancer worksheet: ${lb.name} (VIP ${lb.vip})`,
      caption: `For the load balancer team. Names: ${lb.names.join(', ')}. Pool: ${lb.members.map((m) => `${m.name} ${m.ipv4}`).join(', ')}. SNAT ${lb.snat ? 'on (the servers answer through the load balancer)' : 'off (the servers\' gateway must be the load balancer)'}; SSL ${lb.sslOffload ? 'offloaded' : 'passed through'}. Exchange 2010 has no /healthcheck.htm: probe /owa/auth/logon.aspx or TCP.`,
      columns: ['Virtual service', 'Ports (TCP)', 'Persistence', 'Health probe', 'SSL'],
      widths: [4, 2, 4, 3, 3],
      rows: lb.services.map((s) => [s.name, s.ports, s.persistence, s.probe, s.ssl]),
      empty: 'No virtual services.',
      namedRows: true,
    });
  }
  return { title: NAMESPACE_CHAPTER_TITLE, intro, tables };
}
