// Exchange 2010 SP3 state of the rehearsal lab beyond what the runbook's own actions touch: per server the installed
// build (service pack and update rollup), the licence (product key and edition), Mailbox/CAS server settings, the
// client access namespace (virtual directory URLs, Outlook Anywhere, certificates); per database copy its suspension.
// Types and helpers live here; state.ts only carries the fields (LabHost.exchangeBuild, LabHost.exchange, …).
import type { SetupRole } from '../../shared/runbook/actions';

/**
 * What these helpers read of a lab host and of the lab world (state.ts's LabHost and LabState have these fields):
 * declared here, so the world's own module can build Exchange state with them without a circle of imports.
 */
interface LabHost {
  readonly name: string;
  readonly fqdn: string;
  readonly site: string;
  exchangeRoles: SetupRole[];
  exchangeBuild?: LabExchangeBuild | null;
  exchange?: LabExchangeServer;
}

interface LabState {
  readonly org: { readonly edition: 'Standard' | 'Enterprise'; mailboxes?: LabMailbox[] };
  readonly databases: readonly { readonly name: string }[];
}

/** The Exchange build a server runs: service pack (3 = SP3) and update rollup within it (0 = none). */
export interface LabExchangeBuild {
  servicePack: number;
  rollup: number;
}

/** What the lab's setup media installs (Exchange 2010 SP3, no update rollup). */
export const SETUP_MEDIA_BUILD: LabExchangeBuild = { servicePack: 3, rollup: 0 };

/**
 * Build numbers of Exchange 2010 SP3 and its update rollups, from Microsoft's "Exchange Server build numbers and release
 * dates" (learn.microsoft.com/exchange/new-features/build-numbers-and-release-dates). Index = rollup number.
 * RU8 was re-released as v2 (14.3.224.2); the table keeps v2.
 */
export const EXCHANGE_2010_SP3_BUILDS: readonly string[] = [
  '14.3.123.4', // SP3 (February 12, 2013)
  '14.3.146.0', // RU1 (May 29, 2013)
  '14.3.158.1', // RU2 (August 8, 2013)
  '14.3.169.1', // RU3 (November 25, 2013)
  '14.3.174.1', // RU4 (December 9, 2013)
  '14.3.181.6', // RU5 (February 24, 2014)
  '14.3.195.1', // RU6 (May 27, 2014)
  '14.3.210.2', // RU7 (August 26, 2014)
  '14.3.224.2', // RU8 v2 (December 12, 2014; v1 14.3.224.1 was withdrawn)
  '14.3.235.1', // RU9 (March 17, 2015)
  '14.3.248.2', // RU10 (June 17, 2015)
  '14.3.266.2', // RU11 (September 15, 2015)
  '14.3.279.2', // RU12 (December 15, 2015)
  '14.3.294.0', // RU13 (March 15, 2016)
  '14.3.301.0', // RU14 (June 21, 2016)
  '14.3.319.2', // RU15 (September 20, 2016)
  '14.3.336.0', // RU16 (December 13, 2016)
  '14.3.352.0', // RU17 (March 21, 2017)
  '14.3.361.1', // RU18 (July 11, 2017)
  '14.3.382.0', // RU19 (December 19, 2017)
  '14.3.389.1', // RU20 (March 5, 2018)
  '14.3.399.2', // RU21 (May 7, 2018)
  '14.3.411.0', // RU22 (June 19, 2018)
  '14.3.417.1', // RU23 (August 13, 2018)
  '14.3.419.0', // RU24 (September 5, 2018)
  '14.3.435.0', // RU25 (January 8, 2019)
  '14.3.442.0', // RU26 (February 12, 2019)
  '14.3.452.0', // RU27 (April 9, 2019)
  '14.3.461.1', // RU28 (June 7, 2019)
  '14.3.468.0', // RU29 (July 9, 2019)
  '14.3.496.0', // RU30 (February 11, 2020)
  '14.3.509.0', // RU31 (December 1, 2020)
  '14.3.513.0', // RU32 (March 2, 2021)
];

/** Service pack builds of Exchange 2010 (same source): RTM 14.0.639.21, SP1 14.1.218.15, SP2 14.2.247.5, SP3 14.3.123.4. */
export const EXCHANGE_2010_SP_BUILDS: readonly string[] = ['14.0.639.21', '14.1.218.15', '14.2.247.5', '14.3.123.4'];

/** The file version of ExSetup.exe / the installed product for a build ('14.3.513.0' for SP3 RU32). */
export function exchangeBuildNumber(build: LabExchangeBuild): string {
  if (build.servicePack === 3 && build.rollup > 0) return EXCHANGE_2010_SP3_BUILDS[Math.min(build.rollup, EXCHANGE_2010_SP3_BUILDS.length - 1)];
  return EXCHANGE_2010_SP_BUILDS[Math.max(0, Math.min(build.servicePack, 3))];
}

/**
 * AdminDisplayVersion as Get-ExchangeServer shows it: "Version 14.3 (Build 123.4)". On Exchange 2010 it is written to
 * Active Directory by setup of the service pack only: an update rollup does NOT change it (an SP3 RU32 server still
 * shows Version 14.3 (Build 123.4)); the rollup is visible in ExSetup.exe's file version and the installed updates.
 */
export function adminDisplayVersion(build: LabExchangeBuild): string {
  const [major, minor, b, r] = EXCHANGE_2010_SP_BUILDS[Math.max(0, Math.min(build.servicePack, 3))].split('.');
  return `Version ${major}.${minor} (Build ${b}.${r})`;
}

export type ExchangeServerEdition = 'Standard' | 'Enterprise' | 'StandardEvaluation' | 'EnterpriseEvaluation';

/** One certificate in a server's local computer store as Exchange sees it. */
export interface LabExchangeCertificate {
  readonly thumbprint: string;
  readonly subject: string;
  readonly domains: string[];
  friendlyName: string;
  /** A pending request (New-ExchangeCertificate -GenerateRequest) until Import-ExchangeCertificate completes it. */
  status: 'Valid' | 'PendingRequest';
  selfSigned: boolean;
  privateKeyExportable: boolean;
  /** IIS, SMTP, POP, IMAP, UM, Federation ('None' = no service). */
  services: string[];
  readonly notBefore: string;
  readonly notAfter: string;
}

export interface LabVirtualDirectory {
  internalUrl: string;
  externalUrl: string;
}

export interface LabOutlookAnywhere {
  externalHostname: string;
  clientAuthenticationMethod: string;
  iisAuthenticationMethods: string[];
  sslOffloading: boolean;
}

/** Per Exchange server settings the double's cmdlets read and change (LabHost.exchange, created on first use). */
export interface LabExchangeServer {
  /** '' = no key entered: the server runs as a 120-day trial. */
  productKey: string;
  /** Licensed edition ('' while a trial). */
  licensedEdition: '' | 'Standard' | 'Enterprise';
  /** When setup installed the server (ms since epoch): the trial runs from here. */
  installedAt: number;
  databaseCopyAutoActivationPolicy: 'Unrestricted' | 'IntrasiteOnly' | 'Blocked';
  databaseCopyActivationDisabledAndMoveNow: boolean;
  /** Set-ClientAccessServer -AutoDiscoverServiceInternalUri ('' = not a CAS). */
  autoDiscoverServiceInternalUri: string;
  autoDiscoverSiteScope: string[];
  /** By vdir key: owa, ecp, ews, oab, eas, autodiscover. */
  virtualDirectories: Record<string, LabVirtualDirectory>;
  outlookAnywhere: LabOutlookAnywhere | null;
  certificates: LabExchangeCertificate[];
}

/** Trial length of an Exchange 2010 server without a product key. */
export const TRIAL_DAYS = 120;

/** Virtual directories a Client Access server gets from setup: key → IIS name, URL path. */
export const VIRTUAL_DIRECTORIES: Readonly<Record<string, { readonly name: string; readonly path: string; readonly type: string }>> = {
  owa: { name: 'owa', path: '/owa', type: 'Microsoft.Exchange.Data.Directory.SystemConfiguration.ADOwaVirtualDirectory' },
  ecp: { name: 'ecp', path: '/ecp', type: 'Microsoft.Exchange.Data.Directory.SystemConfiguration.ADEcpVirtualDirectory' },
  ews: { name: 'EWS', path: '/EWS/Exchange.asmx', type: 'Microsoft.Exchange.Data.Directory.SystemConfiguration.ADWebServicesVirtualDirectory' },
  oab: { name: 'OAB', path: '/OAB', type: 'Microsoft.Exchange.Data.Directory.SystemConfiguration.ADOabVirtualDirectory' },
  eas: { name: 'Microsoft-Server-ActiveSync', path: '/Microsoft-Server-ActiveSync', type: 'Microsoft.Exchange.Data.Directory.SystemConfiguration.ADMobileVirtualDirectory' },
};

/** A deterministic thumbprint (40 hex digits) for a certificate the lab creates. */
export function labThumbprint(seed: string): string {
  let out = '';
  let h = 2166136261;
  for (let round = 0; out.length < 40; round++) {
    for (const ch of `${seed}#${round}`) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
    out += h.toString(16).toUpperCase().padStart(8, '0');
  }
  return out.slice(0, 40);
}

/** The self-signed certificate setup creates on every Exchange 2010 server (enabled for IIS and SMTP). */
function setupCertificate(host: LabHost, at: number): LabExchangeCertificate {
  const notBefore = new Date(at);
  const notAfter = new Date(at);
  notAfter.setUTCFullYear(notAfter.getUTCFullYear() + 5);
  return {
    thumbprint: labThumbprint(`self-signed:${host.fqdn || host.name}`),
    subject: `CN=${host.name}`,
    domains: [host.name, host.fqdn].filter((d) => d !== ''),
    friendlyName: 'Microsoft Exchange',
    status: 'Valid',
    selfSigned: true,
    privateKeyExportable: false,
    services: ['IIS', 'SMTP'],
    notBefore: notBefore.toISOString(),
    notAfter: notAfter.toISOString(),
  };
}

/** Setup's defaults for a new Exchange server: URLs on the server's own FQDN, the self-signed certificate, the given licence. */
export function newExchangeServer(host: LabHost, licensedEdition: '' | 'Standard' | 'Enterprise', at = Date.now()): LabExchangeServer {
  const fqdn = host.fqdn || host.name;
  const cas = host.exchangeRoles.includes('ca');
  const virtualDirectories: Record<string, LabVirtualDirectory> = {};
  if (cas) {
    for (const [key, vdir] of Object.entries(VIRTUAL_DIRECTORIES)) virtualDirectories[key] = { internalUrl: `https://${fqdn}${vdir.path}`, externalUrl: '' };
  }
  return {
    productKey: licensedEdition === '' ? '' : `LAB00-${licensedEdition === 'Standard' ? 'STAND' : 'ENTER'}-EXIST-INGSE-RVER0`,
    licensedEdition,
    installedAt: at,
    databaseCopyAutoActivationPolicy: 'Unrestricted',
    databaseCopyActivationDisabledAndMoveNow: false,
    autoDiscoverServiceInternalUri: cas ? `https://${fqdn}/Autodiscover/Autodiscover.xml` : '',
    autoDiscoverSiteScope: cas ? [host.site] : [],
    virtualDirectories,
    outlookAnywhere: null,
    certificates: host.exchangeRoles.some((r) => r !== 'mt') ? [setupCertificate(host, at)] : [],
  };
}

/**
 * The Exchange settings of a server, to CHANGE them: created with setup's defaults (a trial licence) and stored on
 * first use. Existing servers of a design get theirs in createLabState, licensed with the organization's edition.
 */
export function exchangeServerState(host: LabHost): LabExchangeServer {
  host.exchange = exchangeServerView(host);
  return host.exchange;
}

/**
 * The Exchange settings of a server, to READ them: a lookup never changes the lab (a dry run or a check must leave the
 * world as it was), so a server whose settings were never stored shows setup's defaults without storing them.
 */
export function exchangeServerView(host: LabHost): LabExchangeServer {
  const ex = host.exchange ?? newExchangeServer(host, '');
  // Client Access added after the settings were stored (setup run again for that role): setup's defaults for it.
  if (host.exchangeRoles.includes('ca') && Object.keys(ex.virtualDirectories).length === 0) {
    const fresh = newExchangeServer(host, ex.licensedEdition);
    return { ...ex, virtualDirectories: fresh.virtualDirectories, autoDiscoverServiceInternalUri: fresh.autoDiscoverServiceInternalUri, autoDiscoverSiteScope: fresh.autoDiscoverSiteScope };
  }
  return ex;
}

/** The build of the design's organization (existing servers run it): SP from 'SP3', rollup as given. */
export function designBuild(servicePack: string, rollup: number): LabExchangeBuild {
  const sp = /^SP(\d)$/.exec(servicePack);
  return { servicePack: sp ? Number(sp[1]) : 0, rollup };
}

/** The build a server with Exchange runs: what the Windows side recorded, else setup's media (SP3); null without Exchange. */
export function exchangeBuildOf(host: LabHost): LabExchangeBuild | null {
  if (host.exchangeBuild) return host.exchangeBuild;
  return host.exchangeRoles.length > 0 ? { ...SETUP_MEDIA_BUILD } : null;
}

/** The edition Get-ExchangeServer shows: the licensed one, or the trial. */
export function serverEdition(host: LabHost): ExchangeServerEdition {
  const ex = exchangeServerView(host);
  if (ex.licensedEdition !== '') return ex.licensedEdition;
  // A server without a product key is an unlicensed trial (verify: 2010 shows StandardEvaluation for every trial).
  return 'StandardEvaluation';
}

/** Remaining trial period as an EnhancedTimeSpan string ('00:00:00' when licensed or expired). */
export function remainingTrial(host: LabHost, now = Date.now()): string {
  const ex = exchangeServerView(host);
  if (ex.licensedEdition !== '') return '00:00:00';
  const left = Math.max(0, TRIAL_DAYS * 86400 - Math.floor((now - ex.installedAt) / 1000));
  const d = Math.floor(left / 86400);
  const rest = left % 86400;
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${d}.${two(Math.floor(rest / 3600))}:${two(Math.floor((rest % 3600) / 60))}:${two(rest % 60)}`;
}

/**
 * Product keys the lab knows (a real key's edition is decided by Microsoft's key check, which the lab cannot do):
 * these two keys decide the edition explicitly; any other well-formed key is taken as a key of the edition the design
 * plans (the operator's real key). A malformed key is refused as Exchange refuses it.
 */
export const LAB_PRODUCT_KEYS: Readonly<Record<string, 'Standard' | 'Enterprise'>> = {
  'STD10-LABKY-STAND-ARDED-ITION': 'Standard',
  'ENT10-LABKY-ENTER-PRISE-EDITN': 'Enterprise',
};

const PRODUCT_KEY = /^[A-Z0-9]{5}(-[A-Z0-9]{5}){4}$/;

/** The edition a product key licenses, or null when it is not a product key. */
export function productKeyEdition(state: LabState, key: string): 'Standard' | 'Enterprise' | null {
  const k = key.trim().toUpperCase();
  if (!PRODUCT_KEY.test(k)) return null;
  return LAB_PRODUCT_KEYS[k] ?? state.org.edition;
}

/** Setup role codes as Exchange's ServerRole flags, in the enum's order (what ServerRole's ToString shows). */
export function serverRoleText(roles: readonly SetupRole[]): string {
  const order: readonly [SetupRole, string][] = [
    ['mb', 'Mailbox'],
    ['ca', 'ClientAccess'],
    ['um', 'UnifiedMessaging'],
    ['ht', 'HubTransport'],
    ['et', 'Edge'],
  ];
  const names = order.filter(([r]) => roles.includes(r)).map(([, n]) => n);
  return names.length > 0 ? names.join(', ') : 'None';
}

/** .NET TimeSpan text ('7.00:00:00', '12:00:00', '1.12:00:00') → days; null when not a TimeSpan. */
export function parseTimeSpanDays(text: string): number | null {
  const m = /^\s*(-)?(?:(\d+)\.)?(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.\d+)?)?\s*$/.exec(text);
  if (!m) {
    const days = /^\s*(\d+)\s*$/.exec(text);
    return days ? Number(days[1]) : null;
  }
  const value = Number(m[2] ?? 0) + (Number(m[3]) * 3600 + Number(m[4]) * 60 + Number(m[5] ?? 0)) / 86400;
  return m[1] ? -value : value;
}

/** Days → .NET TimeSpan "c" text (7 → 7.00:00:00, 0 → 00:00:00). */
export function formatTimeSpanDays(days: number): string {
  const total = Math.round(days * 86400);
  const d = Math.floor(total / 86400);
  const rest = total - d * 86400;
  const two = (n: number): string => String(n).padStart(2, '0');
  const hms = `${two(Math.floor(rest / 3600))}:${two(Math.floor((rest % 3600) / 60))}:${two(rest % 60)}`;
  return d > 0 ? `${d}.${hms}` : hms;
}

/** A mailbox of the organization (Get-Mailbox / Get-Mailbox -Arbitration). */
export interface LabMailbox {
  readonly name: string;
  readonly alias: string;
  readonly displayName: string;
  readonly recipientTypeDetails: 'ArbitrationMailbox' | 'DiscoveryMailbox' | 'UserMailbox';
  database: string;
}

/**
 * The mailboxes setup creates with the organization's first Mailbox server, in its first database: three arbitration
 * mailboxes (SystemMailbox{1f05a927-…}, SystemMailbox{e0dc1c29-…}, FederatedEmail.4c1f4d8b-…) and the discovery
 * search mailbox. Read-only: until one is moved (storedMailboxes) they are where setup put them, in the first mailbox
 * database of the lab (none yet: no mailboxes).
 */
export function systemMailboxes(state: LabState): LabMailbox[] {
  if (state.org.mailboxes) return state.org.mailboxes;
  const first = state.databases[0];
  if (!first) return [];
  const mailbox = (name: string, displayName: string, recipientTypeDetails: LabMailbox['recipientTypeDetails']): LabMailbox => ({ name, alias: name, displayName, recipientTypeDetails, database: first.name });
  return [
    mailbox('SystemMailbox{1f05a927-3be2-4fb9-aa03-b59fe3b56f4c}', 'Microsoft Exchange Approval Assistant', 'ArbitrationMailbox'),
    mailbox('SystemMailbox{e0dc1c29-89c3-4034-b678-e6c29d823ed9}', 'Microsoft Exchange', 'ArbitrationMailbox'),
    mailbox('FederatedEmail.4c1f4d8b-8179-4148-93bf-00a95fa1e042', 'Microsoft Exchange Federation Mailbox', 'ArbitrationMailbox'),
    mailbox('DiscoverySearchMailbox{D919BA05-46A6-415f-80AD-7E09334BB852}', 'Discovery Search Mailbox', 'DiscoveryMailbox'),
  ];
}

/** The mailboxes, stored in the lab so that they can be changed (moved). */
export function storedMailboxes(state: LabState): LabMailbox[] {
  state.org.mailboxes ??= systemMailboxes(state);
  return state.org.mailboxes;
}

// ---------------------------------------------------------------------------------------------------------------
// Certificate files as the lab writes them (both rehearsal engines): a request and an issued certificate carry a
// marker line naming the request's thumbprint and names; a real certification authority's answer cannot be parsed.
// ---------------------------------------------------------------------------------------------------------------

export const CERTIFICATE_REQUEST_MARKER = 'EXTOPO-CERTIFICATE-REQUEST';
export const ISSUED_CERTIFICATE_MARKER = 'EXTOPO-ISSUED-CERTIFICATE';

/** The PKCS#10 request text New-ExchangeCertificate -GenerateRequest returns for a pending certificate. */
export function certificateRequestText(cert: Pick<LabExchangeCertificate, 'thumbprint' | 'domains'>): string {
  const body = Buffer.from(`${CERTIFICATE_REQUEST_MARKER} thumbprint=${cert.thumbprint}; domains=${cert.domains.join(',')}`).toString('base64');
  return `-----BEGIN NEW CERTIFICATE REQUEST-----\n${body}\n-----END NEW CERTIFICATE REQUEST-----`;
}

/** The certificate a certification authority issues for a request (the lab's stand-in for a .cer file). */
export function issuedCertificateText(thumbprint: string, domains: readonly string[]): string {
  return `-----BEGIN CERTIFICATE-----\n${ISSUED_CERTIFICATE_MARKER} thumbprint=${thumbprint}; domains=${domains.join(',')}\n-----END CERTIFICATE-----`;
}

/** The thumbprint and names a request, an issued certificate or an exported PFX of the lab carries (base64 or plain). */
export function parseCertificateFile(text: string): { thumbprint: string; domains: string[]; kind: 'request' | 'issued' } | null {
  const pattern = new RegExp(`(${CERTIFICATE_REQUEST_MARKER}|${ISSUED_CERTIFICATE_MARKER}) thumbprint=([0-9A-F]{40}); domains=([^\\s;]*)`);
  let m = pattern.exec(text);
  if (!m) {
    const body = text.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, '');
    if (/^[A-Za-z0-9+/=]+$/.test(body)) m = pattern.exec(Buffer.from(body, 'base64').toString('latin1'));
  }
  if (!m) return null;
  return { thumbprint: m[2], domains: m[3].split(',').filter((d) => d !== ''), kind: m[1] === CERTIFICATE_REQUEST_MARKER ? 'request' : 'issued' };
}

/** A new pending request (New-ExchangeCertificate -GenerateRequest): the CN of the subject is the first name. */
export function newCertificateRequest(host: LabHost, subjectName: string, domainNames: readonly string[], privateKeyExportable: boolean, friendlyName: string): LabExchangeCertificate {
  const ex = exchangeServerState(host);
  const cn = /(?:^|,)\s*cn=([^,]+)/i.exec(subjectName)?.[1]?.trim() ?? '';
  const domains = [...new Set([...(cn !== '' ? [cn] : []), ...domainNames.flatMap((d) => d.split(',')).map((d) => d.trim()).filter((d) => d !== '')])];
  const now = new Date();
  const later = new Date(now);
  later.setUTCFullYear(later.getUTCFullYear() + 5);
  const cert: LabExchangeCertificate = {
    thumbprint: labThumbprint(`${host.name}|${subjectName}|${domains.join(',')}|${ex.certificates.length}|${now.toISOString()}`),
    subject: subjectName,
    domains,
    friendlyName: friendlyName || 'Microsoft Exchange',
    status: 'PendingRequest',
    selfSigned: false,
    privateKeyExportable,
    services: [],
    notBefore: now.toISOString(),
    notAfter: later.toISOString(),
  };
  ex.certificates.push(cert);
  return cert;
}

/** Enables a certificate for services; one certificate serves IIS at a time (enabling it here moves the binding). */
export function enableCertificateServices(host: LabHost, cert: LabExchangeCertificate, services: readonly string[]): void {
  const ex = exchangeServerState(host);
  for (const raw of services) {
    const service = raw.trim().toUpperCase() === 'IIS' ? 'IIS' : raw.trim().toUpperCase();
    if (service === '' || service === 'NONE') continue;
    if (service === 'IIS') for (const other of ex.certificates) if (other !== cert) other.services = other.services.filter((s) => s.toUpperCase() !== 'IIS');
    if (!cert.services.some((s) => s.toUpperCase() === service)) cert.services.push(service);
  }
}

/** The common name of a certificate subject ("c=US, o=Contoso, cn=mail.contoso.com" → mail.contoso.com). */
export function subjectCommonName(subject: string): string {
  return /(?:^|,)\s*cn=([^,]+)/i.exec(subject)?.[1]?.trim() ?? '';
}
