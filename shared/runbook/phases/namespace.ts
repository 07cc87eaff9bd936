// The client access namespace phase (../shared/domain/namespace.md, runbook.md "Real hosts": "Namespace (part of any
// CAS array deployment)"): per Client Access server the InternalUrl/ExternalUrl of OWA, ECP, EWS, OAB and ActiveSync,
// the Autodiscover SCP and Outlook Anywhere; the internal DNS records of the names (split-brain) and the external ones
// (operator); the SAN certificate: request on the first server, the certification authority (operator), completion,
// export with the private key and import on every other server; then each name checked through its VIP.
//
// Generated when the design states a namespace (design.namespace, possibly empty = the 2010 defaults): a design
// written before the namespace existed keeps its runbook until its namespace is planned in the designer.
import type { Server } from '../../model/types';
import { effectiveNamespace, hasNamespace, SERVICE_VDIRS, siteHostNames } from '../../namespace/derive';
import type { EffectiveCertificate, EffectiveSiteNamespace } from '../../namespace/derive';
import { isLegacyWindows } from '../windowsFeatures';
import { dnsServerFor, splitDnsName } from './casArray';
import type { GenerationContext } from './context';
import { nlbReadyStep } from './nlb';
import { dnsToolsStep } from './prerequisites';

export const NAMESPACE_URLS_SECONDS = 60;
export const OUTLOOK_ANYWHERE_SECONDS = 900;
export const CERTIFICATE_SECONDS = 60;
export const CERTIFICATE_ISSUE_SECONDS = 86400;
export const VERIFY_NAMESPACE_SECONDS = 60;

/**
 * Where the certificate request and the issued certificate are kept: on the computer that runs the runbook (EMS steps
 * run there with the Exchange commands imported from the server; 2010 moves the files' bytes through -FileData).
 */
export const CERTIFICATE_FOLDER = 'C:\\ExTopo\\Certificates';

export const namespaceStepIds = {
  urls: (serverId: string) => `ns.urls.${serverId}`,
  scp: (serverId: string) => `ns.scp.${serverId}`,
  outlookAnywhere: (serverId: string) => `ns.outlook-anywhere.${serverId}`,
  dns: (name: string) => `ns.dns.${name.toLowerCase()}`,
  dnsZone: (zone: string) => `ns.dns-zone.${zone.toLowerCase()}`,
  externalDns: () => 'ns.dns-external',
  certRequest: (certId: string) => `ns.cert.request.${certId}`,
  certIssue: (certId: string) => `ns.cert.issue.${certId}`,
  certComplete: (certId: string) => `ns.cert.complete.${certId}`,
  certCopy: (certId: string, serverId: string) => `ns.cert.copy.${certId}.${serverId}`,
  verify: (siteId: string) => `ns.verify.${siteId}`,
} as const;

/** Whether the runbook configures the namespace: the design states one and has Client Access servers. */
export function namespacePlanned(ctx: GenerationContext): boolean {
  return ctx.design.namespace !== undefined && hasNamespace(ctx.design);
}

function fileStem(subject: string): string {
  return subject.replace(/^\*\./, 'wildcard.').replace(/[^A-Za-z0-9]+/g, '_');
}

/** The step after which a site's load balancer answers (NLB converged / reachable, or the HLB configured). */
function loadBalancerReady(ctx: GenerationContext, site: EffectiveSiteNamespace): string | null {
  const array = site.casArray;
  if (!array) return null;
  if (array.nlbClusterId) return nlbReadyStep(ctx, array.nlbClusterId);
  if (array.hardwareLoadBalancerId) return `casarray.load-balancer.${array.id}`;
  return null;
}

function serverSteps(ctx: GenerationContext, site: EffectiveSiteNamespace, server: Server): string[] {
  const ems = ctx.ems(site.siteId);
  const ready = [ems.after, ctx.setupStep(server)];
  const ids = namespaceStepIds;
  ctx.add({
    id: ids.urls(server.id),
    phase: 'namespace',
    target: ems.target,
    title: `Set the internal and external URLs of OWA, ECP, EWS, OAB and ActiveSync on ${server.name}`,
    action: {
      kind: 'namespace-urls',
      server: server.name,
      urls: site.urls.map((u) => ({ service: u.service, vdir: SERVICE_VDIRS[u.service].name, internalUrl: u.internalUrl, externalUrl: u.externalUrl })),
    },
    restarts: false,
    supportsWhatIf: true,
    dependsOn: ready,
    expectedSeconds: NAMESPACE_URLS_SECONDS,
    notes: [
      `InternalUrl on ${site.internalHost}; ${site.externalHost === '' ? `ExternalUrl $null: AD site ${site.siteName} is not Internet-facing, so an Internet-facing site proxies its users` : `ExternalUrl on ${site.externalHost}`}.`,
      'Only the virtual directories whose URLs differ are changed; a re-run changes nothing.',
    ],
    entityIds: [server.id, site.siteId],
  });
  const made = [ids.urls(server.id)];
  if (site.autodiscoverInternalUri !== '') {
    ctx.add({
      id: ids.scp(server.id),
      phase: 'namespace',
      target: ems.target,
      title: `Point the Autodiscover SCP of ${server.name} at ${site.autodiscoverInternalHost}`,
      action: { kind: 'autodiscover-scp', server: server.name, uri: site.autodiscoverInternalUri, siteScope: site.siteName },
      restarts: false,
      supportsWhatIf: true,
      dependsOn: ready,
      expectedSeconds: NAMESPACE_URLS_SECONDS,
      notes: [`Setup wrote https://${server.fqdn || server.name}/Autodiscover/Autodiscover.xml; domain-joined Outlook reads this SCP, so it must name the load-balanced name on the certificate.`],
      entityIds: [server.id, site.siteId],
    });
    made.push(ids.scp(server.id));
  }
  if (site.outlookAnywhere.enabled && site.outlookAnywhere.externalHost !== '') {
    ctx.add({
      id: ids.outlookAnywhere(server.id),
      phase: 'namespace',
      target: ems.target,
      title: `Enable Outlook Anywhere on ${server.name} (${site.outlookAnywhere.externalHost}, ${site.outlookAnywhere.clientAuthentication})`,
      action: {
        kind: 'enable-outlook-anywhere',
        server: server.name,
        externalHostname: site.outlookAnywhere.externalHost,
        clientAuthentication: site.outlookAnywhere.clientAuthentication,
        sslOffloading: site.outlookAnywhere.sslOffloading,
      },
      restarts: false,
      supportsWhatIf: true,
      dependsOn: ready,
      expectedSeconds: OUTLOOK_ANYWHERE_SECONDS,
      notes: [
        'Needs the Windows feature RPC over HTTP Proxy (installed with the prerequisites on the servers this runbook sets up).',
        'Outlook Anywhere takes up to 15 minutes to apply on the server (AD replication may add more).',
        site.outlookAnywhere.sslOffloading ? 'SSL offloading on: the load balancer terminates SSL.' : 'SSL offloading off: the Client Access servers terminate SSL.',
      ],
      entityIds: [server.id, site.siteId],
    });
    made.push(ids.outlookAnywhere(server.id));
  }
  return made;
}

function dnsSteps(ctx: GenerationContext, sites: readonly EffectiveSiteNamespace[], records: ReturnType<typeof effectiveNamespace>['dns']): Map<string, string[]> {
  const bySite = new Map<string, string[]>();
  const arrayNames = new Set(ctx.design.casArrays.map((a) => a.fqdn.toLowerCase()));
  const internal = records.filter((r) => r.zone === 'internal' && r.type === 'A' && r.target !== '' && !arrayNames.has(r.name.toLowerCase()));
  if (internal.length === 0) return bySite;
  let dns: { name: string; server: Server | undefined };
  try {
    dns = dnsServerFor(ctx);
  } catch {
    return bySite; // deploy.dns-server explains it; the records are in the operator's DNS list
  }
  // Split-brain DNS: the internal DNS server needs a zone for the public domain (not the AD domain's zone).
  const zones = new Map<string, string>();
  for (const record of internal) {
    const { zone } = splitDnsName(record.name, ctx.design.organization.adDomain);
    if (zone.toLowerCase() === ctx.design.organization.adDomain.toLowerCase() || zones.has(zone.toLowerCase())) continue;
    const id = namespaceStepIds.dnsZone(zone);
    zones.set(zone.toLowerCase(), id);
    ctx.add({
      id,
      phase: 'namespace',
      target: { kind: 'operator' },
      title: `Create the internal DNS zone ${zone} on ${dns.name} (split-brain DNS)`,
      action: {
        kind: 'operator',
        checklist: [
          `On ${dns.name}: create an Active Directory-integrated primary zone ${zone} (dnscmd ${dns.name} /ZoneAdd ${zone} /DsPrimary, or DNS Manager), unless it exists.`,
          `Inside the network ${zone} then answers from this zone only: add here every record of ${zone} that internal clients need (web site, mail), not only the Exchange names.`,
        ],
        does: { kind: 'dns-zone', dnsServer: dns.name, zone },
      },
      restarts: false,
      supportsWhatIf: false,
      dependsOn: [],
      expectedSeconds: 600,
      notes: ['Split-brain DNS lets the InternalUrls use the public names the certificate carries (public CAs issue no internal names since 2015).'],
      entityIds: [],
    });
  }
  for (const record of internal) {
    const site = sites.find((s) => s.siteId === record.siteId) ?? sites[0];
    const runner = ctx.emsServer(site.siteId);
    const useDnscmd = !dns.server || isLegacyWindows(dns.server.os.version) || isLegacyWindows(runner.os.version);
    const tools = dnsToolsStep(ctx, runner);
    const { zone, hostLabel } = splitDnsName(record.name, ctx.design.organization.adDomain);
    const id = namespaceStepIds.dns(record.name);
    if (ctx.has(id)) continue;
    ctx.add({
      id,
      phase: 'namespace',
      target: { kind: 'dns', serverId: runner.id, serverName: runner.name, dnsServer: dns.name },
      title: `Create the internal DNS record ${record.name} → ${record.target}`,
      action: { kind: 'dns-a-record', dnsServer: dns.name, zone, hostLabel, fqdn: record.name, ipv4: record.target, useDnscmd },
      restarts: false,
      supportsWhatIf: true,
      dependsOn: [ctx.hostReady(runner), tools, loadBalancerReady(ctx, site), zones.get(zone.toLowerCase()) ?? null],
      expectedSeconds: 30,
      notes: [
        `A record in the internal zone ${zone} on ${dns.name}, pointing at ${record.points}: ${record.purpose}.`,
        `Split-brain DNS: the DNS server must hold a zone ${zone} for the public domain (create it first if it does not); the Internet's zone is the operator's step.`,
      ],
      entityIds: [site.siteId],
    });
    bySite.set(site.siteId, [...(bySite.get(site.siteId) ?? []), id]);
  }
  return bySite;
}

function certificateSteps(ctx: GenerationContext, cert: EffectiveCertificate): Map<string, string> {
  const done = new Map<string, string>();
  const servers = cert.servers.filter((s) => ctx.hasEms(s));
  const first = servers[0];
  if (!first) return done;
  const ids = namespaceStepIds;
  const stem = `${CERTIFICATE_FOLDER}\\${fileStem(cert.subject)}`;
  const requestPath = `${stem}.req`;
  const certificatePath = `${stem}.cer`;
  const firstTarget = { kind: 'ems' as const, serverId: first.id, serverName: first.name };
  ctx.add({
    id: ids.certRequest(cert.id),
    phase: 'namespace',
    target: firstTarget,
    title: `Request the certificate ${cert.subject} (${cert.names.length} names) on ${first.name}`,
    action: { kind: 'certificate-request', server: first.name, subjectName: cert.subjectName, domains: cert.names, keySize: cert.keySize, friendlyName: cert.friendlyName, requestPath },
    restarts: false,
    supportsWhatIf: true,
    dependsOn: [ctx.setupStep(first)],
    expectedSeconds: CERTIFICATE_SECONDS,
    notes: [
      `Subject ${cert.subjectName}; names ${cert.names.join(', ')}; ${cert.keySize}-bit key, exportable (the other servers get the same certificate with its key).`,
      `Writes the request (PKCS#10, base64) to ${requestPath} on the computer that runs the runbook (the key pair stays on ${first.name}).`,
    ],
    entityIds: [first.id],
  });
  ctx.add({
    id: ids.certIssue(cert.id),
    phase: 'namespace',
    target: { kind: 'operator' },
    title: `Have the ${cert.issuer === 'public' ? 'public' : 'internal'} certification authority issue ${cert.subject}`,
    action: {
      kind: 'operator',
      checklist: [
        `Take the request ${requestPath} from the computer that runs the runbook.`,
        cert.issuer === 'public'
          ? `Submit it to the public certification authority as a SAN (UCC) certificate for ${cert.names.join(', ')}; prove control of the domain as the CA asks.`
          : `Submit it to the internal certification authority (AD CS, Web Server template): certreq -submit -attrib "CertificateTemplate:WebServer" ${requestPath} ${certificatePath}.`,
        `Save the issued certificate (base64 .cer or .p7b) as ${certificatePath} on the computer that runs the runbook.`,
        'Check the names in the issued certificate before you confirm: the next step completes the request with it.',
      ],
      does: { kind: 'issue-certificate', server: first.name, requestPath, certificatePath, issuer: cert.issuer },
    },
    restarts: false,
    supportsWhatIf: false,
    dependsOn: [ids.certRequest(cert.id)],
    expectedSeconds: CERTIFICATE_ISSUE_SECONDS,
    notes: ['Done by whoever runs the certification authority; a public CA can take a day or more.'],
    entityIds: [first.id],
  });
  ctx.add({
    id: ids.certComplete(cert.id),
    phase: 'namespace',
    target: firstTarget,
    title: `Complete the certificate ${cert.subject} on ${first.name} and enable it for ${cert.services.join(', ')}`,
    action: { kind: 'certificate-complete', server: first.name, certificatePath, domains: cert.names, services: cert.services },
    restarts: false,
    supportsWhatIf: true,
    dependsOn: [ids.certIssue(cert.id)],
    expectedSeconds: CERTIFICATE_SECONDS,
    notes: [`Import-ExchangeCertificate -FileData with ${certificatePath} (Exchange 2010 has no -FileName), then Enable-ExchangeCertificate.`],
    entityIds: [first.id],
  });
  done.set(first.id, ids.certComplete(cert.id));
  for (const server of servers.slice(1)) {
    ctx.add({
      id: ids.certCopy(cert.id, server.id),
      phase: 'namespace',
      target: firstTarget,
      title: `Copy the certificate ${cert.subject} with its private key to ${server.name} and enable it for ${cert.services.join(', ')}`,
      action: { kind: 'certificate-copy', sourceServer: first.name, server: server.name, domains: cert.names, services: cert.services },
      restarts: false,
      supportsWhatIf: true,
      dependsOn: [ids.certComplete(cert.id), ctx.setupStep(server)],
      expectedSeconds: CERTIFICATE_SECONDS,
      notes: [
        `Export-ExchangeCertificate from ${first.name} with its private key (.FileData) and Import-ExchangeCertificate -FileData on ${server.name}: every server behind the VIP answers with the same certificate.`,
        'The PFX password is made in memory for this transfer only: it is never written, logged or shown. Keep your own backup of the certificate with its key (export it once, by hand, to a safe place).',
      ],
      entityIds: [server.id],
    });
    done.set(server.id, ids.certCopy(cert.id, server.id));
  }
  return done;
}

export function namespaceSteps(ctx: GenerationContext): void {
  if (!namespacePlanned(ctx)) return;
  const ns = effectiveNamespace(ctx.design);
  const sites = ns.sites.filter((s) => s.casServers.length > 0);
  const perSite = new Map<string, string[]>();
  for (const site of sites) {
    for (const server of site.casServers) perSite.set(site.siteId, [...(perSite.get(site.siteId) ?? []), ...serverSteps(ctx, site, server)]);
  }
  const dnsBySite = dnsSteps(ctx, sites, ns.dns);
  const external = ns.dns.filter((r) => r.zone === 'external');
  if (external.length > 0) {
    ctx.add({
      id: namespaceStepIds.externalDns(),
      phase: 'namespace',
      target: { kind: 'operator' },
      title: `Create the external DNS records of ${ns.domain} (${external.length})`,
      action: {
        kind: 'operator',
        checklist: [
          ...external.map((r) => `${r.type} ${r.name} → ${r.target !== '' ? r.target : r.points}: ${r.purpose}.`),
          'No external record for any CAS array name: Outlook Anywhere clients would wait for RPC before using HTTPS.',
        ],
      },
      restarts: false,
      supportsWhatIf: false,
      dependsOn: [],
      expectedSeconds: 3600,
      notes: ["Done at the public DNS provider; publish 443 on the firewall or reverse proxy to the site's VIP."],
      entityIds: sites.filter((s) => s.internetFacing).map((s) => s.siteId),
    });
  }
  const certSteps = new Map<string, string[]>();
  for (const cert of ns.certificates) {
    for (const [serverId, stepId] of certificateSteps(ctx, cert)) certSteps.set(serverId, [...(certSteps.get(serverId) ?? []), stepId]);
  }
  let dnsServer = '';
  try {
    dnsServer = dnsServerFor(ctx).name;
  } catch {
    dnsServer = '';
  }
  for (const site of sites) {
    if (!site.address || dnsServer === '') continue;
    const cert = ns.certificates.find((c) => c.services.includes('IIS') && site.casServers.some((s) => c.servers.some((x) => x.id === s.id)));
    if (!cert) continue;
    const runner = ctx.emsServer(site.siteId);
    // The site's names, and the Autodiscover name where its internal record points at this site.
    const autodiscover = ns.dns.some((r) => r.zone === 'internal' && r.type === 'A' && r.siteId === site.siteId && r.name.toLowerCase() === ns.autodiscoverHost.toLowerCase());
    const hosts = [...siteHostNames(site), ...(autodiscover && !siteHostNames(site).some((h) => h.toLowerCase() === ns.autodiscoverHost.toLowerCase()) ? [ns.autodiscoverHost] : [])];
    const names = hosts.map((host) => ({ host, address: site.address?.ipv4 ?? '' }));
    ctx.add({
      id: namespaceStepIds.verify(site.siteId),
      phase: 'verification',
      target: ctx.hostTarget(runner),
      title: `Verify that ${names.map((n) => n.host).join(', ')} ${names.length === 1 ? 'answers' : 'answer'} through ${site.address.label} with certificate ${cert.subject}`,
      action: { kind: 'verify-namespace', dnsServer, subject: cert.subject, names },
      restarts: false,
      supportsWhatIf: false,
      dependsOn: [
        ...(perSite.get(site.siteId) ?? []),
        ...(dnsBySite.get(site.siteId) ?? []),
        ...site.casServers.flatMap((s) => certSteps.get(s.id) ?? []),
        loadBalancerReady(ctx, site),
        ctx.hostReady(runner),
      ],
      expectedSeconds: VERIFY_NAMESPACE_SECONDS,
      notes: [
        `Each name resolves to ${site.address.ipv4} on ${dnsServer} and answers HTTPS there with a trusted certificate valid for the name, issued to CN=${cert.subject}.`,
        'From the Internet, test with the Remote Connectivity Analyzer (Outlook Anywhere, ActiveSync, Autodiscover); inside, Test-OutlookWebServices and Test-ActiveSyncConnectivity.',
      ],
      entityIds: [site.siteId, site.address.entityId],
    });
  }
}
