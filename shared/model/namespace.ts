// The client access namespace of a design (Exchange 2010 SP3): per AD site the host names of the HTTP virtual
// directories, Autodiscover and Outlook Anywhere; the certificate plan; mail flow; how a hardware load balancer
// publishes the names. See ../shared/domain/namespace.md (§1 names, §3 certificates, §4 DNS, §6 load balancer).
//
// Every field is optional: what a design does not state is derived (shared/namespace/derive.ts) from the organization's
// external host names, the CAS arrays and the sites, so designs written before the namespace existed open unchanged.
// This file must not import schema.ts (schema.ts imports it): the few primitives it needs are declared here with the
// same rules.
import { z } from 'zod';

const Id = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/, 'an id is 1–64 letters, digits, "_", ".", ":" or "-"');

/** A DNS host name (letters, digits, hyphens and dots; a leading "*." for a wildcard certificate name). */
export const HostName = z
  .string()
  .max(300, 'at most 253 characters')
  .regex(/^(\*\.)?[A-Za-z0-9.-]*$/, 'only letters, digits, hyphens and dots are allowed in a host name (and a leading "*." on a certificate)');

/** The HTTP virtual directories whose InternalUrl / ExternalUrl the namespace sets (namespace.md §1). */
export const NamespaceService = z.enum(['owa', 'ecp', 'ews', 'oab', 'eas']);

/** Outlook Anywhere client authentication (Enable-OutlookAnywhere -ClientAuthenticationMethod, 2010). */
export const OutlookAnywhereAuthentication = z.enum(['Basic', 'Ntlm']);

export const ServiceHosts = z.strictObject({
  service: NamespaceService,
  internalHost: HostName.optional().describe("InternalUrl host of this virtual directory; absent = the site's internal host"),
  externalHost: HostName.optional().describe("ExternalUrl host; absent = the site's external host; empty = no ExternalUrl ($null)"),
});

export const OutlookAnywherePlan = z.strictObject({
  enabled: z.boolean().optional().describe('Enable-OutlookAnywhere on the Client Access servers of the site; absent = yes in an Internet-facing site'),
  externalHost: HostName.optional().describe("-ExternalHostname; absent = the site's external host"),
  clientAuthentication: OutlookAnywhereAuthentication.optional().describe('-ClientAuthenticationMethod; absent = Basic'),
  sslOffloading: z.boolean().optional().describe('-SSLOffloading: a device in front terminates SSL; absent = the load balancer plan of the site, else no'),
});

/** The names of one AD site. */
export const SiteNamespace = z.strictObject({
  siteId: Id,
  internalHost: HostName.optional().describe('InternalUrl host of OWA, ECP, EWS, OAB and ActiveSync; absent = the external host (split-brain DNS), or mail-<site>.<domain> in a site that is not Internet-facing'),
  externalHost: HostName.optional().describe('ExternalUrl host; absent = the first external host name of the organization in an Internet-facing site; empty = not published ($null: proxied)'),
  services: z.array(ServiceHosts).max(5).optional().describe('Per virtual directory exceptions'),
  autodiscoverInternalHost: HostName.optional().describe("Host of AutoDiscoverServiceInternalUri (the SCP) on this site's Client Access servers; absent = the internal host"),
  outlookAnywhere: OutlookAnywherePlan.optional(),
});

export const CertificateService = z.enum(['IIS', 'SMTP', 'IMAP', 'POP']);
export const CertificateIssuer = z.enum(['public', 'internal']);

/** One certificate: requested on the first of its servers, exported with its key to the others. */
export const CertificatePlan = z.strictObject({
  id: Id,
  friendlyName: z.string().max(64).regex(/^[A-Za-z0-9 _.()-]*$/, 'letters, digits, spaces, "_", ".", "(", ")" and "-" only').optional(),
  subject: HostName.describe('Common name of the subject (also the first SAN)'),
  names: z.array(HostName).max(100).describe('Subject alternative names (the subject is added by New-ExchangeCertificate)'),
  issuer: CertificateIssuer.default('public').describe('A public certification authority or the internal one (AD CS)'),
  keySize: z.union([z.literal(1024), z.literal(2048), z.literal(4096)]).default(2048),
  services: z.array(CertificateService).min(1).max(4).default(['IIS']),
  organization: z.string().max(64).regex(/^[A-Za-z0-9 _.,()-]*$/, 'letters, digits, spaces and ".,()_-" only').optional().describe('O= of the subject; absent = the Exchange organization name'),
  country: z.string().regex(/^([A-Za-z]{2})?$/, 'a two-letter country code').optional().describe('C= of the subject'),
  serverIds: z.array(Id).max(256).optional().describe('Servers that get the certificate; absent = every Client Access server of the design'),
});

export const MxRecord = z.strictObject({ host: HostName, preference: z.int().min(0).max(65535).default(10) });

export const MailFlow = z.strictObject({
  acceptedDomains: z.array(HostName).max(100).optional().describe('Authoritative accepted domains; absent = the domain of the external host names'),
  mx: z.array(MxRecord).max(20).optional().describe('MX records of the accepted domains; absent = mail.<domain> preference 10'),
  sendConnectorSourceServerIds: z.array(Id).max(64).optional().describe('Source servers of the Internet send connector (address space *); absent = every Hub Transport server'),
});

/** How a hardware load balancer publishes the namespace (namespace.md §6). */
export const LoadBalancerPlan = z.strictObject({
  hardwareLoadBalancerId: Id,
  sslOffload: z.boolean().default(false).describe('The load balancer terminates SSL (Outlook Anywhere then needs -SSLOffloading $true); false = SSL pass-through'),
  snat: z.boolean().default(true).describe('Source NAT on the virtual services (the CAS answer through the load balancer without changing their gateway)'),
});

export const Namespace = z.strictObject({
  sites: z.array(SiteNamespace).max(1000).optional(),
  autodiscoverHost: HostName.optional().describe('External Autodiscover name; absent = autodiscover.<domain>; empty = SRV record only'),
  autodiscoverSrv: z.boolean().optional().describe('Publish _autodiscover._tcp.<domain> SRV instead of (or besides) the autodiscover A record'),
  legacyHost: HostName.optional().describe('legacy.<domain> for the Exchange 2003 / 2007 Client Access servers during coexistence'),
  certificates: z.array(CertificatePlan).max(50).optional().describe('Absent = one public SAN certificate with every name the namespace uses, on every Client Access server'),
  loadBalancers: z.array(LoadBalancerPlan).max(100).optional(),
  mailFlow: MailFlow.optional(),
  dnsTtlSeconds: z.int().min(0).max(604800).optional().describe('TTL planned for the client access names (lower it before a datacenter switchover); absent = not stated'),
});

export type Namespace = z.infer<typeof Namespace>;
export type SiteNamespace = z.infer<typeof SiteNamespace>;
export type CertificatePlan = z.infer<typeof CertificatePlan>;
export type NamespaceService = z.infer<typeof NamespaceService>;
export type CertificateService = z.infer<typeof CertificateService>;
export type LoadBalancerPlan = z.infer<typeof LoadBalancerPlan>;
export type MailFlow = z.infer<typeof MailFlow>;
