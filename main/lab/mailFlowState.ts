// Exchange 2010 SP3 mail flow in the rehearsal lab: the organization's accepted domains, e-mail address policies, send
// connectors and Edge Subscriptions (LabOrganization.mailFlow), and per server its receive connectors, POP3 / IMAP4
// settings and, on an Edge Transport server, what EdgeSync replicated to its AD LDS (LabHost.mailFlow). Both rehearsal
// engines read and change them through these helpers: a READ never changes the lab (it shows setup's defaults until
// something is stored), a change stores the defaults first.
//
// Setup's defaults, as Exchange 2010 documents them:
// - the first Hub Transport server makes the forest root domain an authoritative accepted domain, the default one
//   (Petri, "Defining an Exchange 2007 E-Mail Address Policy"; the 2010 behaviour is the same);
// - /PrepareAD creates the e-mail address policy "Default Policy" (every recipient, lowest priority) with the primary
//   address in that domain (SMTP:@<domain>);
// - no send connector exists ("by default, no Send connectors are created": TechNet, Hub Transport connectors);
// - every Hub Transport server has "Default <server>" (0.0.0.0:25; ExchangeUsers, ExchangeServers,
//   ExchangeLegacyServers: no anonymous mail) and "Client <server>" (0.0.0.0:587; ExchangeUsers); an Edge Transport
//   server has "Default internal receive connector <server>" (0.0.0.0:25; AnonymousUsers, ExchangeServers, Partners)
//   (verify: the Edge connector's name and groups).
import type { SetupRole } from '../../shared/runbook/actions';

/** What these helpers read of a lab host and of the lab world (state.ts's LabHost and LabState have these fields). */
interface MailFlowHost {
  readonly name: string;
  readonly fqdn: string;
  exchangeRoles: SetupRole[];
  mailFlow?: LabHostMailFlow;
}

interface MailFlowState {
  readonly org: { readonly name: string | null; readonly adDomain: string; mailFlow?: LabOrgMailFlow };
  readonly hosts: readonly MailFlowHost[];
}

export type LabAcceptedDomainType = 'Authoritative' | 'InternalRelay' | 'ExternalRelay';

export interface LabAcceptedDomain {
  name: string;
  readonly domainName: string;
  domainType: LabAcceptedDomainType;
  isDefault: boolean;
}

export interface LabEmailAddressPolicy {
  readonly name: string;
  /** Template texts: "SMTP:…" the primary address, "smtp:…" proxy addresses. */
  templates: string[];
  /** Update-EmailAddressPolicy ran since the templates last changed. */
  applied: boolean;
}

export interface LabSendConnector {
  readonly name: string;
  /** Address spaces as typed ("*", "contoso.com"); shown as SMTP:<space>;1. */
  addressSpaces: string[];
  /** Hub Transport servers (names), or for an EdgeSync connector the Edge server. */
  sourceServers: string[];
  dnsRoutingEnabled: boolean;
  readonly usage: 'Custom' | 'Internal' | 'Internet' | 'Partner';
  /** Created by an Edge Subscription (EdgeSync replicates it to the Edge). */
  readonly edgeSync: boolean;
}

export interface LabEdgeSubscription {
  /** The Edge Transport server's name. */
  readonly name: string;
  readonly site: string;
  readonly fqdn: string;
}

export interface LabOrgMailFlow {
  acceptedDomains?: LabAcceptedDomain[];
  emailAddressPolicies?: LabEmailAddressPolicy[];
  sendConnectors?: LabSendConnector[];
  edgeSubscriptions?: LabEdgeSubscription[];
}

export interface LabReceiveConnector {
  readonly name: string;
  readonly bindings: readonly string[];
  permissionGroups: string[];
}

export interface LabProtocolSettings {
  x509CertificateName: string;
}

export interface LabHostMailFlow {
  receiveConnectors?: LabReceiveConnector[];
  pop?: LabProtocolSettings;
  imap?: LabProtocolSettings;
  /** Edge Transport server: the site it is subscribed to and what EdgeSync replicated (null until the first sync). */
  edge?: { subscribedSite: string; replicated: { acceptedDomains: LabAcceptedDomain[]; sendConnectors: LabSendConnector[] } | null };
}

const hasRole = (host: MailFlowHost, role: SetupRole): boolean => host.exchangeRoles.includes(role);

// ---------------------------------------------------------------------------------------------------------------
// The organization
// ---------------------------------------------------------------------------------------------------------------

export function acceptedDomainsView(state: MailFlowState): LabAcceptedDomain[] {
  const stored = state.org.mailFlow?.acceptedDomains;
  if (stored) return stored;
  const hub = state.hosts.some((h) => hasRole(h, 'ht'));
  if (state.org.name === null || !hub) return [];
  const domain = state.org.adDomain.toLowerCase();
  return [{ name: domain, domainName: domain, domainType: 'Authoritative', isDefault: true }];
}

export function storedAcceptedDomains(state: MailFlowState): LabAcceptedDomain[] {
  const mf = (state.org.mailFlow ??= {});
  mf.acceptedDomains ??= acceptedDomainsView(state).map((d) => ({ ...d }));
  return mf.acceptedDomains;
}

export function emailAddressPoliciesView(state: MailFlowState): LabEmailAddressPolicy[] {
  const stored = state.org.mailFlow?.emailAddressPolicies;
  if (stored) return stored;
  if (state.org.name === null) return [];
  return [{ name: 'Default Policy', templates: [`SMTP:@${state.org.adDomain.toLowerCase()}`], applied: true }];
}

export function storedEmailAddressPolicies(state: MailFlowState): LabEmailAddressPolicy[] {
  const mf = (state.org.mailFlow ??= {});
  mf.emailAddressPolicies ??= emailAddressPoliciesView(state).map((p) => ({ ...p, templates: [...p.templates] }));
  return mf.emailAddressPolicies;
}

export function sendConnectorsView(state: MailFlowState): LabSendConnector[] {
  return state.org.mailFlow?.sendConnectors ?? [];
}

export function storedSendConnectors(state: MailFlowState): LabSendConnector[] {
  const mf = (state.org.mailFlow ??= {});
  mf.sendConnectors ??= [];
  return mf.sendConnectors;
}

export function edgeSubscriptionsView(state: MailFlowState): LabEdgeSubscription[] {
  return state.org.mailFlow?.edgeSubscriptions ?? [];
}

export function storedEdgeSubscriptions(state: MailFlowState): LabEdgeSubscription[] {
  const mf = (state.org.mailFlow ??= {});
  mf.edgeSubscriptions ??= [];
  return mf.edgeSubscriptions;
}

/** The domain part of an e-mail address template ("SMTP:%m@contoso.com" → contoso.com). */
export function templateDomain(template: string): string {
  const at = template.lastIndexOf('@');
  return at < 0 ? '' : template.slice(at + 1);
}

// ---------------------------------------------------------------------------------------------------------------
// Servers
// ---------------------------------------------------------------------------------------------------------------

function defaultReceiveConnectors(host: MailFlowHost): LabReceiveConnector[] {
  if (hasRole(host, 'et')) return [{ name: `Default internal receive connector ${host.name}`, bindings: ['0.0.0.0:25'], permissionGroups: ['AnonymousUsers', 'ExchangeServers', 'Partners'] }];
  if (!hasRole(host, 'ht')) return [];
  return [
    { name: `Default ${host.name}`, bindings: ['0.0.0.0:25'], permissionGroups: ['ExchangeUsers', 'ExchangeServers', 'ExchangeLegacyServers'] },
    { name: `Client ${host.name}`, bindings: ['0.0.0.0:587'], permissionGroups: ['ExchangeUsers'] },
  ];
}

export function receiveConnectorsView(host: MailFlowHost): LabReceiveConnector[] {
  return host.mailFlow?.receiveConnectors ?? defaultReceiveConnectors(host);
}

export function storedReceiveConnectors(host: MailFlowHost): LabReceiveConnector[] {
  const mf = (host.mailFlow ??= {});
  mf.receiveConnectors ??= defaultReceiveConnectors(host).map((c) => ({ ...c, permissionGroups: [...c.permissionGroups] }));
  return mf.receiveConnectors;
}

/** POP3 / IMAP4 settings of a Client Access server: setup presents the server's own name (verify). */
export function protocolSettingsView(host: MailFlowHost, protocol: 'POP' | 'IMAP'): LabProtocolSettings {
  const stored = protocol === 'POP' ? host.mailFlow?.pop : host.mailFlow?.imap;
  return stored ?? { x509CertificateName: host.fqdn || host.name };
}

export function storedProtocolSettings(host: MailFlowHost, protocol: 'POP' | 'IMAP'): LabProtocolSettings {
  const mf = (host.mailFlow ??= {});
  const current = protocolSettingsView(host, protocol);
  if (protocol === 'POP') return (mf.pop ??= { ...current });
  return (mf.imap ??= { ...current });
}
