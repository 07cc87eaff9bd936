// The effective client access namespace of a design: what the design states in `namespace`, else Microsoft's 2010
// defaults derived from the organization's external host names, the sites, their CAS arrays and load balancers
// (../shared/domain/namespace.md). Pure: no Node, no DOM. The planner, the runbook generator, the designer's Namespace
// panel and the exports all read the namespace through here, so they agree.
import type { CasArray, Design, HardwareLoadBalancer, NlbCluster, Server, Site } from '../model/types';
import type { CertificatePlan, CertificateService, Namespace, NamespaceService, SiteNamespace } from '../model/namespace';

/** Virtual directory per service: IIS name and URL path (namespace.md §1). */
export const SERVICE_VDIRS: Readonly<Record<NamespaceService, { readonly name: string; readonly path: string; readonly title: string; readonly cmdlet: string }>> = {
  owa: { name: 'owa', path: '/owa', title: 'Outlook Web App', cmdlet: 'Set-OwaVirtualDirectory' },
  ecp: { name: 'ecp', path: '/ecp', title: 'Exchange Control Panel', cmdlet: 'Set-EcpVirtualDirectory' },
  ews: { name: 'EWS', path: '/EWS/Exchange.asmx', title: 'Exchange Web Services', cmdlet: 'Set-WebServicesVirtualDirectory' },
  oab: { name: 'OAB', path: '/OAB', title: 'Offline address book', cmdlet: 'Set-OabVirtualDirectory' },
  eas: { name: 'Microsoft-Server-ActiveSync', path: '/Microsoft-Server-ActiveSync', title: 'Exchange ActiveSync', cmdlet: 'Set-ActiveSyncVirtualDirectory' },
};

export const NAMESPACE_SERVICES: readonly NamespaceService[] = ['owa', 'ecp', 'ews', 'oab', 'eas'];

export const AUTODISCOVER_PATH = '/Autodiscover/Autodiscover.xml';

export interface ServiceUrls {
  readonly service: NamespaceService;
  readonly internalHost: string;
  /** '' = ExternalUrl $null (the site is not published: its users are proxied by an Internet-facing site). */
  readonly externalHost: string;
  readonly internalUrl: string;
  readonly externalUrl: string;
}

/** Where a name points: a load balancer VIP, or a single Client Access server. */
export interface NameAddress {
  readonly ipv4: string;
  readonly kind: 'nlb' | 'hlb' | 'server';
  /** "NLB cluster outlook.contoso.com", "hardware load balancer HLB1", "server EX3". */
  readonly label: string;
  readonly entityId: string;
}

export interface EffectiveSiteNamespace {
  readonly siteId: string;
  readonly siteName: string;
  readonly internetFacing: boolean;
  readonly casServers: readonly Server[];
  readonly casArray: CasArray | null;
  readonly address: NameAddress | null;
  readonly internalHost: string;
  readonly externalHost: string;
  readonly urls: readonly ServiceUrls[];
  readonly autodiscoverInternalUri: string;
  readonly autodiscoverInternalHost: string;
  readonly outlookAnywhere: {
    readonly enabled: boolean;
    readonly externalHost: string;
    readonly clientAuthentication: 'Basic' | 'Ntlm';
    readonly sslOffloading: boolean;
  };
  /** Whether any value came from the design (not only defaults). */
  readonly stated: boolean;
}

export interface DnsRecordPlan {
  readonly zone: 'internal' | 'external';
  /** The DNS zone (e.g. contoso.com) and the full name. */
  readonly zoneName: string;
  readonly name: string;
  readonly type: 'A' | 'SRV' | 'MX';
  /** An IPv4 address, or the SRV / MX target text; '' when only the operator knows it (a public address). */
  readonly target: string;
  /** What the target is, in words: "the VIP of NLB cluster …", "the public address publishing 443". */
  readonly points: string;
  readonly purpose: string;
  readonly siteId: string | null;
}

export interface EffectiveCertificate {
  readonly id: string;
  readonly friendlyName: string;
  readonly subject: string;
  /** X.500 subject: c=US, o=Contoso, cn=mail.contoso.com. */
  readonly subjectName: string;
  /** Every name on the certificate: the subject first, then the SANs, without duplicates. */
  readonly names: readonly string[];
  readonly issuer: 'public' | 'internal';
  readonly keySize: 1024 | 2048 | 4096;
  readonly services: readonly CertificateService[];
  /** Servers that get it; the first requests it. */
  readonly servers: readonly Server[];
  readonly stated: boolean;
}

export interface VirtualService {
  readonly name: string;
  readonly ports: string;
  readonly protocol: 'TCP';
  readonly persistence: string;
  readonly probe: string;
  readonly ssl: string;
}

export interface LoadBalancerWorksheet {
  readonly hardwareLoadBalancerId: string;
  readonly name: string;
  readonly vip: string;
  readonly siteId: string;
  readonly names: readonly string[];
  readonly members: readonly { readonly name: string; readonly ipv4: string }[];
  readonly sslOffload: boolean;
  readonly snat: boolean;
  readonly services: readonly VirtualService[];
}

export interface EffectiveMailFlow {
  readonly acceptedDomains: readonly string[];
  readonly mx: readonly { readonly host: string; readonly preference: number }[];
  readonly sendConnectorSources: readonly Server[];
}

export interface EffectiveNamespace {
  /** The public SMTP / DNS domain the names live in (contoso.com). */
  readonly domain: string;
  /** Whether the design states a namespace (else everything is derived). */
  readonly stated: boolean;
  readonly sites: readonly EffectiveSiteNamespace[];
  /** '' = no autodiscover A record (SRV only, or nothing published). */
  readonly autodiscoverHost: string;
  readonly autodiscoverSrv: boolean;
  readonly legacyHost: string;
  readonly certificates: readonly EffectiveCertificate[];
  readonly dns: readonly DnsRecordPlan[];
  readonly loadBalancers: readonly LoadBalancerWorksheet[];
  readonly mailFlow: EffectiveMailFlow;
  readonly dnsTtlSeconds: number | null;
}

const lower = (s: string): string => s.toLowerCase();

/** The parent domain of a host name (mail.contoso.com → contoso.com); the name itself when it has one label. */
export function parentDomain(host: string): string {
  const dot = host.indexOf('.');
  return dot < 0 ? host : host.slice(dot + 1);
}

/** A DNS label from a site name: "Main Site" → main-site. */
export function siteLabel(name: string): string {
  const label = name
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return label === '' ? 'site' : label;
}

function mapiAddress(server: Server): string {
  return (server.nics.find((n) => n.purpose === 'mapi') ?? server.nics[0])?.ipv4 ?? '';
}

/** The address the names of a site point at: its CAS array's load balancer, else its only (first) CAS server. */
export function siteAddress(design: Design, siteId: string): NameAddress | null {
  return addressOf(indexDesign(design), siteId);
}

/**
 * The lookups effectiveNamespace makes per site, built in one pass over the design (a 1,000-server design has 100
 * sites: a scan of the servers per site and per site pair made the planner quadratic). Every map keeps the first
 * object of an id or site, as the `find` calls it replaces did.
 */
interface DesignIndex {
  readonly siteById: ReadonlyMap<string, Site>;
  /** Exchange 2010 Client Access servers per site id, in design order. */
  readonly casBySite: ReadonlyMap<string, readonly Server[]>;
  /** The first CAS array of each site. */
  readonly arrayBySite: ReadonlyMap<string, CasArray>;
  readonly nlbById: ReadonlyMap<string, NlbCluster>;
  readonly hlbById: ReadonlyMap<string, HardwareLoadBalancer>;
}

function firstById<T extends { readonly id: string }>(list: readonly T[]): Map<string, T> {
  const map = new Map<string, T>();
  for (const x of list) if (!map.has(x.id)) map.set(x.id, x);
  return map;
}

function indexDesign(design: Design): DesignIndex {
  const casBySite = new Map<string, Server[]>();
  for (const s of design.servers) {
    if (!isCas(s)) continue;
    const list = casBySite.get(s.siteId);
    if (list) list.push(s);
    else casBySite.set(s.siteId, [s]);
  }
  const arrayBySite = new Map<string, CasArray>();
  for (const a of design.casArrays) if (!arrayBySite.has(a.siteId)) arrayBySite.set(a.siteId, a);
  return { siteById: firstById(design.sites), casBySite, arrayBySite, nlbById: firstById(design.nlbClusters), hlbById: firstById(design.hardwareLoadBalancers) };
}

function addressOf(index: DesignIndex, siteId: string): NameAddress | null {
  const array = index.arrayBySite.get(siteId);
  if (array?.nlbClusterId) {
    const nlb = index.nlbById.get(array.nlbClusterId);
    if (nlb) return { ipv4: nlb.vip, kind: 'nlb', label: `NLB cluster ${nlb.fqdn}`, entityId: nlb.id };
  }
  if (array?.hardwareLoadBalancerId) {
    const hlb = index.hlbById.get(array.hardwareLoadBalancerId);
    if (hlb) return { ipv4: hlb.vip, kind: 'hlb', label: `hardware load balancer ${hlb.name}`, entityId: hlb.id };
  }
  const cas = index.casBySite.get(siteId)?.[0];
  if (!cas) return null;
  const ipv4 = mapiAddress(cas);
  return ipv4 === '' ? null : { ipv4, kind: 'server', label: `server ${cas.name}`, entityId: cas.id };
}

/** The organization's public domain: that of its first external host name, else the AD domain. */
export function publicDomain(design: Design): string {
  const first = design.organization.externalHostnames.find((h) => h.includes('.'));
  return first ? parentDomain(first) : design.organization.adDomain;
}

function isCas(s: Server): boolean {
  return s.roles.includes('CAS') && !s.legacy;
}

/** Whether a site is Internet-facing: as the design says, else yes when it has Client Access servers. */
export function siteIsInternetFacing(design: Design, siteId: string): boolean {
  const site = design.sites.find((s) => s.id === siteId);
  const hasCas = design.servers.some((s) => s.siteId === siteId && isCas(s));
  return site?.internetFacing ?? hasCas;
}

function facingIn(index: DesignIndex, siteId: string): boolean {
  return index.siteById.get(siteId)?.internetFacing ?? index.casBySite.has(siteId);
}

/** Whether the design has a namespace to plan: stated, or external host names and a Client Access server. */
export function hasNamespace(design: Design): boolean {
  if (!design.servers.some(isCas)) return false;
  return design.namespace !== undefined || design.organization.externalHostnames.length > 0;
}

function defaultExternalHost(design: Design, domain: string): string {
  const names = design.organization.externalHostnames;
  return names.find((h) => !lower(h).startsWith('autodiscover.') && h.includes('.')) ?? `mail.${domain}`;
}

function defaultAutodiscoverHost(design: Design, domain: string): string {
  return design.organization.externalHostnames.find((h) => lower(h).startsWith('autodiscover.')) ?? `autodiscover.${domain}`;
}

/** What every site's derivation shares: the design's index, the main external name, each site's rank among the Internet-facing ones. */
interface SiteDerivation {
  readonly index: DesignIndex;
  readonly mainExternal: string;
  /** Position of a site id in the design's Internet-facing sites (first occurrence); absent = not among them. */
  readonly facingRank: ReadonlyMap<string, number>;
  /** The namespace's first stated entry per site id. */
  readonly statedBySite: ReadonlyMap<string, SiteNamespace>;
}

function siteDerivation(design: Design, ns: Namespace | undefined, index: DesignIndex, domain: string): SiteDerivation {
  const facingRank = new Map<string, number>();
  let rank = 0;
  for (const s of design.sites) {
    if (!facingIn(index, s.id)) continue;
    if (!facingRank.has(s.id)) facingRank.set(s.id, rank);
    rank++;
  }
  const statedBySite = new Map<string, SiteNamespace>();
  for (const s of ns?.sites ?? []) if (!statedBySite.has(s.siteId)) statedBySite.set(s.siteId, s);
  return { index, mainExternal: defaultExternalHost(design, domain), facingRank, statedBySite };
}

function deriveSite(ns: Namespace | undefined, siteId: string, shared: SiteDerivation): EffectiveSiteNamespace {
  const { index, mainExternal } = shared;
  const site = index.siteById.get(siteId);
  const stated: SiteNamespace | undefined = shared.statedBySite.get(siteId);
  const facing = facingIn(index, siteId);
  const casServers = index.casBySite.get(siteId)?.slice() ?? [];
  const casArray = index.arrayBySite.get(siteId) ?? null;
  const siteName = site?.name ?? siteId;
  // The first Internet-facing site gets the organization's name; further ones a regional name (namespace.md §2).
  const facingIndex = shared.facingRank.get(siteId) ?? -1;
  const regional = `${mainExternal.split('.')[0]}-${siteLabel(siteName)}.${parentDomain(mainExternal)}`;
  const externalHost = stated?.externalHost ?? (facing ? (facingIndex <= 0 ? mainExternal : regional) : '');
  const internalHost = stated?.internalHost ?? (externalHost !== '' ? externalHost : `${mainExternal.split('.')[0]}-${siteLabel(siteName)}.${parentDomain(mainExternal)}`);
  const urls = NAMESPACE_SERVICES.map((service): ServiceUrls => {
    const exception = stated?.services?.find((x) => x.service === service);
    const inHost = exception?.internalHost ?? internalHost;
    const exHost = exception?.externalHost ?? externalHost;
    const path = SERVICE_VDIRS[service].path;
    return { service, internalHost: inHost, externalHost: exHost, internalUrl: inHost === '' ? '' : `https://${inHost}${path}`, externalUrl: exHost === '' ? '' : `https://${exHost}${path}` };
  });
  const scpHost = stated?.autodiscoverInternalHost ?? internalHost;
  const oa = stated?.outlookAnywhere;
  const lbPlan = casArray?.hardwareLoadBalancerId ? ns?.loadBalancers?.find((l) => l.hardwareLoadBalancerId === casArray.hardwareLoadBalancerId) : undefined;
  return {
    siteId,
    siteName,
    internetFacing: facing,
    casServers,
    casArray,
    address: addressOf(index, siteId),
    internalHost,
    externalHost,
    urls,
    autodiscoverInternalHost: scpHost,
    autodiscoverInternalUri: scpHost === '' ? '' : `https://${scpHost}${AUTODISCOVER_PATH}`,
    outlookAnywhere: {
      enabled: oa?.enabled ?? (facing && externalHost !== ''),
      externalHost: oa?.externalHost ?? externalHost,
      clientAuthentication: oa?.clientAuthentication ?? 'Basic',
      sslOffloading: oa?.sslOffloading ?? lbPlan?.sslOffload ?? false,
    },
    stated: stated !== undefined,
  };
}

/**
 * Host names a site's clients use over HTTPS (URLs, SCP, Outlook Anywhere), without duplicates. Made once per site
 * of an effective namespace (the certificate, DNS, worksheet and several planner rules ask for every site), so the
 * list is shared: read-only.
 */
const hostNamesOfSite = new WeakMap<EffectiveSiteNamespace, readonly string[]>();
export function siteHostNames(site: EffectiveSiteNamespace): readonly string[] {
  let names = hostNamesOfSite.get(site);
  if (!names) {
    const all: string[] = [];
    for (const u of site.urls) all.push(u.internalHost, u.externalHost);
    all.push(site.autodiscoverInternalHost, site.outlookAnywhere.enabled ? site.outlookAnywhere.externalHost : '');
    names = uniqueNames(all);
    hostNamesOfSite.set(site, names);
  }
  return names;
}

function uniqueNames(names: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const n of names) {
    if (n === '') continue;
    const key = lower(n);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(n);
  }
  return out;
}

function subjectName(design: Design, plan: Pick<CertificatePlan, 'organization' | 'country'>, cn: string): string {
  const parts: string[] = [];
  if (plan.country) parts.push(`c=${plan.country.toUpperCase()}`);
  parts.push(`o=${plan.organization ?? design.organization.name}`);
  parts.push(`cn=${cn}`);
  return parts.join(', ');
}

function deriveCertificates(design: Design, ns: Namespace | undefined, sites: readonly EffectiveSiteNamespace[], autodiscoverHost: string, legacyHost: string): EffectiveCertificate[] {
  const allCas = design.servers.filter(isCas);
  const byId = new Map(design.servers.map((s) => [s.id, s]));
  if (ns?.certificates && ns.certificates.length > 0) {
    return ns.certificates.map((c) => {
      const servers = c.serverIds ? c.serverIds.map((id) => byId.get(id)).filter((s): s is Server => s !== undefined) : allCas;
      return {
        id: c.id,
        friendlyName: c.friendlyName ?? `Exchange 2010 ${c.subject}`,
        subject: c.subject,
        subjectName: subjectName(design, c, c.subject),
        names: uniqueNames([c.subject, ...c.names]),
        issuer: c.issuer,
        keySize: c.keySize,
        services: [...c.services],
        servers,
        stated: true,
      };
    });
  }
  const names = uniqueNames([...sites.flatMap(siteHostNames), autodiscoverHost, legacyHost]);
  if (names.length === 0 || allCas.length === 0) return [];
  const subject = sites.find((s) => s.externalHost !== '')?.externalHost ?? names[0];
  return [
    {
      id: 'cert-cas',
      friendlyName: `Exchange 2010 ${subject}`,
      subject,
      subjectName: subjectName(design, {}, subject),
      names: uniqueNames([subject, ...names]),
      issuer: 'public',
      keySize: 2048,
      services: ['IIS'],
      servers: allCas,
      stated: false,
    },
  ];
}

function deriveDns(design: Design, domain: string, sites: readonly EffectiveSiteNamespace[], autodiscoverHost: string, autodiscoverSrv: boolean, legacyHost: string, mailFlow: EffectiveMailFlow): DnsRecordPlan[] {
  const records: DnsRecordPlan[] = [];
  const seen = new Set<string>();
  const add = (r: DnsRecordPlan): void => {
    const key = `${r.zone}|${lower(r.name)}|${r.type}|${r.target}`;
    if (seen.has(key)) return;
    seen.add(key);
    records.push(r);
  };
  const publicAddress = 'the public address of the firewall / reverse proxy / load balancer publishing HTTPS (443)';
  for (const site of sites) {
    const address = site.address;
    const points = address ? `${address.label} (${site.siteName})` : `no address: AD site ${site.siteName} has no Client Access server`;
    for (const name of siteHostNames(site)) {
      add({ zone: 'internal', zoneName: parentDomain(name), name, type: 'A', target: address?.ipv4 ?? '', points, purpose: `client access names of ${site.siteName} (split-brain: the internal zone of the public domain)`, siteId: site.siteId });
    }
    if (site.internetFacing) {
      for (const name of uniqueNames([...site.urls.map((u) => u.externalHost), site.outlookAnywhere.enabled ? site.outlookAnywhere.externalHost : ''])) {
        add({ zone: 'external', zoneName: parentDomain(name), name, type: 'A', target: '', points: publicAddress, purpose: `OWA, ECP, EWS, OAB, ActiveSync, Outlook Anywhere of ${site.siteName}`, siteId: site.siteId });
      }
    }
    if (site.casArray && site.casArray.fqdn !== '') {
      add({ zone: 'internal', zoneName: parentDomain(site.casArray.fqdn), name: site.casArray.fqdn, type: 'A', target: address?.ipv4 ?? '', points: `${points}; no record in the external zone`, purpose: `CAS array ${site.casArray.name} (Outlook RPC, internal only; created by the CAS array phase)`, siteId: site.siteId });
    }
  }
  const primary = sites.find((s) => s.internetFacing && s.address) ?? sites.find((s) => s.address);
  if (autodiscoverHost !== '') {
    if (primary?.address) add({ zone: 'internal', zoneName: parentDomain(autodiscoverHost), name: autodiscoverHost, type: 'A', target: primary.address.ipv4, points: `${primary.address.label} (${primary.siteName})`, purpose: 'Autodiscover for computers that are not domain members (domain members read the SCP)', siteId: primary.siteId });
    if (sites.some((s) => s.internetFacing)) add({ zone: 'external', zoneName: parentDomain(autodiscoverHost), name: autodiscoverHost, type: 'A', target: '', points: publicAddress, purpose: 'Autodiscover from the Internet (Outlook, ActiveSync devices)', siteId: primary?.siteId ?? null });
  }
  const mainExternal = sites.find((s) => s.internetFacing && s.externalHost !== '')?.externalHost ?? '';
  if (autodiscoverSrv && mainExternal !== '') {
    add({ zone: 'external', zoneName: domain, name: `_autodiscover._tcp.${domain}`, type: 'SRV', target: `0 0 443 ${mainExternal}`, points: mainExternal, purpose: 'Autodiscover by SRV record (Outlook 2007 with the June 2007 update and later; KB940881)', siteId: null });
  }
  if (legacyHost !== '') {
    const legacy = design.servers.find((s) => s.legacy && s.roles.includes('CAS'));
    const ip = legacy ? mapiAddress(legacy) : '';
    add({ zone: 'internal', zoneName: parentDomain(legacyHost), name: legacyHost, type: 'A', target: ip, points: legacy ? `legacy Client Access server ${legacy.name}` : 'the Exchange 2003 / 2007 front end', purpose: 'Exchange 2003 / 2007 coexistence: 2010 redirects legacy mailboxes here', siteId: legacy?.siteId ?? null });
    add({ zone: 'external', zoneName: parentDomain(legacyHost), name: legacyHost, type: 'A', target: '', points: publicAddress, purpose: 'Exchange 2003 / 2007 coexistence', siteId: null });
  }
  for (const mx of mailFlow.mx) {
    for (const d of mailFlow.acceptedDomains) add({ zone: 'external', zoneName: d, name: d, type: 'MX', target: `${mx.preference} ${mx.host}`, points: mx.host, purpose: 'Inbound Internet mail', siteId: null });
  }
  return records;
}

/** The virtual services an Exchange 2010 CAS array needs on a hardware load balancer (namespace.md §6). */
function worksheets(design: Design, ns: Namespace | undefined, index: DesignIndex, sites: readonly EffectiveSiteNamespace[], certificates: readonly EffectiveCertificate[]): LoadBalancerWorksheet[] {
  const out: LoadBalancerWorksheet[] = [];
  const popImap = certificates.some((c) => c.services.includes('POP') || c.services.includes('IMAP'));
  let serverById: Map<string, Server> | null = null;
  for (const site of sites) {
    const array = site.casArray;
    const hlb = array?.hardwareLoadBalancerId ? index.hlbById.get(array.hardwareLoadBalancerId) : undefined;
    if (!array || !hlb) continue;
    const plan = ns?.loadBalancers?.find((l) => l.hardwareLoadBalancerId === hlb.id);
    const sslOffload = plan?.sslOffload ?? false;
    const servers = (serverById ??= firstById(design.servers));
    const members = hlb.memberIds
      .map((id) => servers.get(id))
      .filter((s): s is Server => s !== undefined)
      .map((s) => ({ name: s.name, ipv4: mapiAddress(s) }));
    const rpcPorts = array.staticPorts ? `${array.staticPorts.rpcClientAccess}, ${array.staticPorts.addressBook}` : '6005-59530 (no static RPC ports)';
    const services: VirtualService[] = [
      {
        name: 'HTTPS: OWA, ECP, EWS, OAB, ActiveSync, Autodiscover, Outlook Anywhere',
        ports: '443',
        protocol: 'TCP',
        persistence: sslOffload ? 'cookie (load balancer cookie) for /owa and /ecp, else source IP; EWS affinity timeout 45 minutes' : 'source IP (SSL pass-through: the load balancer cannot read cookies); timeout at least 45 minutes for EWS',
        probe: 'HTTPS GET /owa/auth/logon.aspx, expect 200 (Exchange 2010 has no /healthcheck.htm)',
        ssl: sslOffload ? 'offload: the load balancer holds the certificate and re-encrypts or sends HTTP; Outlook Anywhere needs -SSLOffloading $true' : 'pass-through: the Client Access servers hold the certificate',
      },
      { name: 'HTTP redirect to https://…/owa (optional)', ports: '80', protocol: 'TCP', persistence: 'none', probe: 'TCP 80', ssl: 'none' },
      { name: 'RPC endpoint mapper (Outlook MAPI to the CAS array, internal VIP only)', ports: '135', protocol: 'TCP', persistence: 'source IP', probe: 'TCP 135', ssl: 'none' },
      { name: 'RPC Client Access and Address Book (static ports)', ports: rpcPorts, protocol: 'TCP', persistence: 'source IP', probe: array.staticPorts ? `TCP ${array.staticPorts.rpcClientAccess} and ${array.staticPorts.addressBook}` : 'TCP 135', ssl: 'none' },
    ];
    if (popImap) {
      services.push({ name: 'POP3', ports: '110, 995', protocol: 'TCP', persistence: 'none', probe: 'TCP 110', ssl: 'pass-through' });
      services.push({ name: 'IMAP4', ports: '143, 993', protocol: 'TCP', persistence: 'none', probe: 'TCP 143', ssl: 'pass-through' });
    }
    out.push({
      hardwareLoadBalancerId: hlb.id,
      name: hlb.name,
      vip: hlb.vip,
      siteId: site.siteId,
      names: uniqueNames([...siteHostNames(site), array.fqdn]),
      members,
      sslOffload,
      snat: plan?.snat ?? true,
      services,
    });
  }
  return out;
}

function deriveMailFlow(design: Design, ns: Namespace | undefined, domain: string, mainExternal: string): EffectiveMailFlow {
  const mf = ns?.mailFlow;
  const hubs = design.servers.filter((s) => s.roles.includes('HT') && !s.legacy);
  const byId = new Map(design.servers.map((s) => [s.id, s]));
  return {
    acceptedDomains: mf?.acceptedDomains ?? [domain],
    mx: mf?.mx ?? [{ host: mainExternal !== '' ? mainExternal : `mail.${domain}`, preference: 10 }],
    sendConnectorSources: mf?.sendConnectorSourceServerIds ? mf.sendConnectorSourceServerIds.map((id) => byId.get(id)).filter((s): s is Server => s !== undefined) : hubs,
  };
}

/** The effective namespace of a design (stated values, else the 2010 defaults). */
export function effectiveNamespace(design: Design): EffectiveNamespace {
  const ns = design.namespace;
  const domain = publicDomain(design);
  const index = indexDesign(design);
  const shared = siteDerivation(design, ns, index, domain);
  const siteIds = design.sites.filter((site) => index.casBySite.has(site.id)).map((s) => s.id);
  const sites = siteIds.map((id) => deriveSite(ns, id, shared));
  const facing = sites.some((s) => s.internetFacing);
  const autodiscoverHost = ns?.autodiscoverHost ?? (facing || sites.length > 0 ? defaultAutodiscoverHost(design, domain) : '');
  const hasLegacyCas = design.servers.some((s) => s.legacy && s.roles.includes('CAS'));
  const legacyHost = ns?.legacyHost ?? (hasLegacyCas ? `legacy.${domain}` : '');
  const certificates = deriveCertificates(design, ns, sites, autodiscoverHost, legacyHost);
  const mainExternal = sites.find((s) => s.internetFacing && s.externalHost !== '')?.externalHost ?? '';
  const mailFlow = deriveMailFlow(design, ns, domain, mainExternal);
  const autodiscoverSrv = ns?.autodiscoverSrv ?? false;
  return {
    domain,
    stated: ns !== undefined,
    sites,
    autodiscoverHost,
    autodiscoverSrv,
    legacyHost,
    certificates,
    dns: deriveDns(design, domain, sites, autodiscoverHost, autodiscoverSrv, legacyHost, mailFlow),
    loadBalancers: worksheets(design, ns, index, sites, certificates),
    mailFlow,
    dnsTtlSeconds: ns?.dnsTtlSeconds ?? null,
  };
}

/** Whether a certificate name covers a host: equal, or a wildcard one label deep (*.contoso.com ⊇ mail.contoso.com). */
export function nameCovers(certName: string, host: string): boolean {
  const c = lower(certName);
  const h = lower(host);
  if (c === h) return true;
  if (!c.startsWith('*.')) return false;
  const dot = h.indexOf('.');
  return dot > 0 && h.slice(dot + 1) === c.slice(2);
}

/** Whether a certificate's names cover a host (wildcards do not count for POP/IMAP: `exact`). */
export function certificateCovers(cert: Pick<EffectiveCertificate, 'names'>, host: string, exact = false): boolean {
  return cert.names.some((n) => (exact ? lower(n) === lower(host) : nameCovers(n, host)));
}

/** Why a name cannot be on a publicly trusted certificate (CA/Browser Forum, 2015), or null. */
export function internalNameReason(name: string): string | null {
  const n = lower(name.replace(/^\*\./, ''));
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(n)) {
    const [a, b] = n.split('.').map(Number);
    if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || a === 127) return 'a private IP address';
    return null;
  }
  if (!n.includes('.')) return 'a single-label (NetBIOS) name';
  const tld = n.slice(n.lastIndexOf('.') + 1);
  if (['local', 'lan', 'internal', 'intranet', 'corp', 'home', 'localdomain', 'private', 'ad', 'domain', 'priv', 'loc'].includes(tld)) return `a name under the non-public suffix .${tld}`;
  return null;
}
