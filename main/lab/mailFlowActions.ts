// Effects and checks of the mail flow's actions in the TypeScript lab (shared/runbook/mailFlowActions.ts): accepted
// domains, the default e-mail address policy, the Internet send connector, anonymous mail on a Default receive
// connector, the Edge Subscription (export on the Edge, the operator's copy, import, EdgeSync), POP3 / IMAP4 with the
// certificate, the verification. The host double's cmdlets change the same state (main/lab/double/exchangeMailFlow.ts)
// through the helpers here and in mailFlowState.ts, so both engines refuse the same things with the same words.
import type { StepAction } from '../../shared/runbook/actions';
import type { MailFlowAction, MailFlowOperatorWork } from '../../shared/runbook/mailFlowActions';
import { EDGE_SUBSCRIPTION_VALID_MINUTES, MAIL_FLOW_ACTION_KINDS, PROTOCOL_RESTART_KEY, edgeSyncInternetConnector } from '../../shared/runbook/mailFlowActions';
import {
  acceptedDomainsView,
  edgeSubscriptionsView,
  emailAddressPoliciesView,
  protocolSettingsView,
  receiveConnectorsView,
  sendConnectorsView,
  storedAcceptedDomains,
  storedEdgeSubscriptions,
  storedEmailAddressPolicies,
  storedProtocolSettings,
  storedReceiveConnectors,
  storedSendConnectors,
  templateDomain,
} from './mailFlowState';
import type { LabAcceptedDomain, LabEmailAddressPolicy, LabSendConnector } from './mailFlowState';
import type { HostActionResult } from './network';
import { readLabFile, writeLabFile } from './namespaceActions';
import { findHost, sameName } from './state';
import type { LabHost, LabState } from './state';
import type { LabWorld } from './world';

interface CheckVerdict {
  readonly done: boolean;
  readonly problems: readonly string[];
}

const KINDS: ReadonlySet<string> = new Set(MAIL_FLOW_ACTION_KINDS);

export function isMailFlowAction(action: StepAction): action is MailFlowAction {
  return KINDS.has(action.kind);
}

const OK: HostActionResult = { ok: true };
const fail = (command: string, error: string): HostActionResult => ({ ok: false, command, error });
const verdict = (problems: readonly string[]): CheckVerdict => ({ done: problems.length === 0, problems });
const lower = (s: string): string => s.toLowerCase();
const same = (a: string, b: string): boolean => lower(a) === lower(b);

// ---------------------------------------------------------------------------------------------------------------
// Shared rules (the double's cmdlets use them too)
// ---------------------------------------------------------------------------------------------------------------

/** An SMTP domain New-AcceptedDomain takes: labels of letters, digits and hyphens, an optional leading "*." (at most 256 characters). */
export function validAcceptedDomainName(domain: string): boolean {
  return domain.length <= 256 && /^(\*\.)?[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*$/.test(domain);
}

/** The organization does not exist yet (/PrepareAD has not run): every organization-wide cmdlet fails. */
function orgProblem(state: LabState, command: string): HostActionResult | null {
  return state.org.name === null ? fail(command, `${command} : Active Directory operation failed: the Exchange organization doesn't exist (run setup /PrepareAD first).`) : null;
}

export function findAcceptedDomain(domains: readonly LabAcceptedDomain[], domainName: string): LabAcceptedDomain | undefined {
  return domains.find((d) => same(d.domainName, domainName));
}

/** New-AcceptedDomain: a new authoritative (or other type) domain, or the error the cmdlet gives. */
export function newAcceptedDomain(state: LabState, name: string, domainName: string, domainType: LabAcceptedDomain['domainType']): HostActionResult {
  const problem = orgProblem(state, 'New-AcceptedDomain');
  if (problem) return problem;
  if (!validAcceptedDomainName(domainName)) {
    return fail('New-AcceptedDomain', `New-AcceptedDomain : Cannot process argument transformation on parameter 'DomainName'. "${domainName}" isn't a valid SMTP domain.`);
  }
  const domains = storedAcceptedDomains(state);
  if (findAcceptedDomain(domains, domainName)) return fail('New-AcceptedDomain', `New-AcceptedDomain : The accepted domain ${domainName} already exists.`);
  if (domains.some((d) => same(d.name, name))) return fail('New-AcceptedDomain', `New-AcceptedDomain : An accepted domain with the name ${name} already exists.`);
  domains.push({ name, domainName: lower(domainName), domainType, isDefault: domains.length === 0 });
  return OK;
}

/** Set-AcceptedDomain -MakeDefault $true: this one becomes the default, the others stop being it. */
export function makeDefaultAcceptedDomain(state: LabState, domain: LabAcceptedDomain): void {
  for (const d of storedAcceptedDomains(state)) d.isDefault = d === domain || same(d.domainName, domain.domainName);
}

/** The domains an e-mail address policy template may use: authoritative and internal relay accepted domains. */
export function templateProblem(state: LabState, templates: readonly string[]): string | null {
  const domains = acceptedDomainsView(state);
  if (!templates.some((t) => /^SMTP:/.test(t))) return 'The e-mail address policy needs one template for the primary SMTP address (SMTP:...).';
  if (templates.filter((t) => /^SMTP:/.test(t)).length > 1) return 'An e-mail address policy can have only one primary SMTP address template (SMTP:...).';
  for (const t of templates) {
    if (!/^smtp:/i.test(t)) continue;
    const domain = templateDomain(t);
    const accepted = findAcceptedDomain(domains, domain.replace(/^\*\./, ''));
    if (!accepted || accepted.domainType === 'ExternalRelay') {
      return `The domain ${domain} in the e-mail address template "${t}" isn't an authoritative or internal relay accepted domain. Add it with New-AcceptedDomain first.`;
    }
  }
  return null;
}

/** What the runbook's policy step sets: the primary address in the primary domain, proxies in the others, the rest kept. */
export function plannedTemplates(current: readonly string[], primaryDomain: string, additionalDomains: readonly string[]): string[] {
  const primary = current.find((t) => t.startsWith('SMTP:'));
  const at = primary ? primary.lastIndexOf('@') : -1;
  const local = primary && at >= 5 ? primary.slice(5, at) : '%m';
  const out = [`SMTP:${local}@${primaryDomain}`, ...additionalDomains.map((d) => `smtp:${local}@${d}`)];
  for (const t of current) {
    const keep = t.startsWith('SMTP:') ? `smtp:${t.slice(5)}` : t;
    if (!out.some((o) => same(o, keep))) out.push(keep);
  }
  return out;
}

/** Whether a policy gives the primary address in the primary domain and a proxy address in each other domain. */
export function policyMatches(policy: LabEmailAddressPolicy | undefined, primaryDomain: string, additionalDomains: readonly string[]): boolean {
  if (!policy) return false;
  const primary = policy.templates.find((t) => t.startsWith('SMTP:'));
  const proxies = policy.templates.filter((t) => t.startsWith('smtp:')).map((t) => lower(templateDomain(t)));
  return primary !== undefined && same(templateDomain(primary), primaryDomain) && additionalDomains.every((d) => proxies.includes(lower(d)));
}

/** Exchange 2010 Hub Transport servers of the organization by name. */
function hubServer(state: LabState, name: string): LabHost | undefined {
  const host = findHost(state, name);
  return host && host.exchangeRoles.includes('ht') ? host : undefined;
}

/** An address space a send connector takes: *, a domain, or *.domain (RFC 1035 names). */
export function validAddressSpace(space: string): boolean {
  return space === '*' || space === '--' || /^(\*\.)?[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*$/.test(space);
}

/** The problem with the source servers of a send connector on Hub Transport servers, or null. */
export function sourceServersProblem(state: LabState, command: string, sources: readonly string[]): string | null {
  for (const s of sources) {
    const host = findHost(state, s);
    if (!host) return `${command} : The operation couldn't be performed because object '${s}' couldn't be found.`;
    if (host.exchangeRoles.includes('et')) return `${command} : ${host.name} is an Edge Transport server: SourceTransportServers takes Hub Transport servers (send connectors of an Edge come from its Edge Subscription).`;
    if (!host.exchangeRoles.includes('ht')) return `${command} : ${host.name} isn't a Hub Transport server. The SourceTransportServers parameter takes Hub Transport servers only.`;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------------------------
// The Edge Subscription file
// ---------------------------------------------------------------------------------------------------------------

function xmlText(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The Edge Subscription file New-EdgeSubscription -FileName writes (the lab's: no certificate or bootstrap account inside). */
export function edgeSubscriptionFileText(edge: LabHost, at: Date = new Date()): string {
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<EdgeSubscriptionData>',
    `  <EdgeServerName>${xmlText(edge.name)}</EdgeServerName>`,
    `  <EdgeServerFQDN>${xmlText(edge.fqdn || edge.name)}</EdgeServerFQDN>`,
    `  <EffectiveDate>${at.toISOString()}</EffectiveDate>`,
    `  <Duration>${EDGE_SUBSCRIPTION_VALID_MINUTES}</Duration>`,
    '</EdgeSubscriptionData>',
  ].join('\r\n');
}

/** The Edge server and the time an Edge Subscription file names, or null when the text is not one. */
export function parseEdgeSubscriptionFile(text: string): { edge: string; fqdn: string; effective: Date } | null {
  const name = /<EdgeServerName>([^<]*)<\/EdgeServerName>/.exec(text)?.[1];
  const fqdn = /<EdgeServerFQDN>([^<]*)<\/EdgeServerFQDN>/.exec(text)?.[1] ?? '';
  const date = /<EffectiveDate>([^<]*)<\/EffectiveDate>/.exec(text)?.[1];
  if (!name || !date || Number.isNaN(Date.parse(date))) return null;
  return { edge: name, fqdn, effective: new Date(date) };
}

/** New-EdgeSubscription -FileData -Site on a Hub Transport server: the subscription and its two EdgeSync send connectors. */
export function importEdgeSubscription(state: LabState, text: string, site: string, now = Date.now()): HostActionResult {
  const command = 'New-EdgeSubscription';
  const problem = orgProblem(state, command);
  if (problem) return problem;
  const file = parseEdgeSubscriptionFile(text);
  if (!file) return fail(command, `${command} : The Edge Subscription file data isn't valid: it must be the file New-EdgeSubscription -FileName wrote on the Edge Transport server.`);
  if (now > file.effective.getTime() + EDGE_SUBSCRIPTION_VALID_MINUTES * 60_000) {
    return fail(command, `${command} : The Edge Subscription file of ${file.edge} has expired: the bootstrap replication account is valid for ${EDGE_SUBSCRIPTION_VALID_MINUTES} minutes after New-EdgeSubscription ran on the Edge Transport server. Export a new file on ${file.edge} and import it within that time.`);
  }
  const siteName = state.org.sites.find((s) => same(s, site));
  if (!siteName) return fail(command, `${command} : The operation couldn't be performed because object '${site}' couldn't be found.`);
  if (!state.hosts.some((h) => h.exchangeRoles.includes('ht') && same(h.site, siteName))) {
    return fail(command, `${command} : There is no Hub Transport server in the Active Directory site ${siteName}: EdgeSync runs on the Hub Transport servers of the subscribed site.`);
  }
  const edge = findHost(state, file.edge);
  const subscriptions = storedEdgeSubscriptions(state);
  if (subscriptions.some((s) => same(s.name, file.edge))) return fail(command, `${command} : An Edge Subscription for ${file.edge} already exists. Remove it with Remove-EdgeSubscription before you subscribe the server again.`);
  subscriptions.push({ name: edge?.name ?? file.edge, site: siteName, fqdn: file.fqdn });
  const connectors = storedSendConnectors(state);
  const internet = edgeSyncInternetConnector(siteName);
  const source = edge?.name ?? file.edge;
  const add = (c: LabSendConnector): void => {
    const existing = connectors.find((x) => same(x.name, c.name));
    if (existing) {
      if (!existing.sourceServers.some((s) => same(s, source))) existing.sourceServers.push(source);
    } else connectors.push(c);
  };
  add({ name: internet, addressSpaces: ['*'], sourceServers: [source], dnsRoutingEnabled: true, usage: 'Internet', edgeSync: true });
  add({ name: `EdgeSync - Inbound to ${siteName}`, addressSpaces: ['--'], sourceServers: [source], dnsRoutingEnabled: false, usage: 'Internal', edgeSync: true });
  if (edge) edge.mailFlow = { ...(edge.mailFlow ?? {}), edge: { subscribedSite: siteName, replicated: null } };
  return OK;
}

/** EdgeSync to one Edge: its AD LDS gets the accepted domains and the send connectors whose source it is. */
export function synchronizeEdge(state: LabState, edgeName: string): HostActionResult {
  const command = 'Start-EdgeSynchronization';
  const subscription = edgeSubscriptionsView(state).find((s) => same(s.name, edgeName));
  if (!subscription) return fail(command, `${command} : ${edgeName} has no Edge Subscription in this organization: import its Edge Subscription file first (New-EdgeSubscription -FileData -Site).`);
  const edge = findHost(state, edgeName);
  if (!edge) return fail(command, `${command} : The Edge Transport server ${edgeName} can't be reached (TCP 50636).`);
  edge.mailFlow = {
    ...(edge.mailFlow ?? {}),
    edge: {
      subscribedSite: subscription.site,
      replicated: {
        acceptedDomains: acceptedDomainsView(state).map((d) => ({ ...d })),
        sendConnectors: sendConnectorsView(state)
          .filter((c) => c.sourceServers.some((s) => same(s, edge.name)))
          .map((c) => ({ ...c, addressSpaces: [...c.addressSpaces], sourceServers: [...c.sourceServers] })),
      },
    },
  };
  return OK;
}

/** The send connectors an Edge has in its AD LDS (replicated by EdgeSync; none before the first synchronisation). */
export function edgeSendConnectors(edge: LabHost): LabSendConnector[] {
  return edge.mailFlow?.edge?.replicated?.sendConnectors ?? [];
}

export function edgeAcceptedDomains(edge: LabHost): LabAcceptedDomain[] {
  return edge.mailFlow?.edge?.replicated?.acceptedDomains ?? [];
}

/** Whether EdgeSync has synchronised an Edge (Test-EdgeSynchronization: SyncStatus Normal). */
export function edgeSynchronized(state: LabState, edgeName: string): boolean {
  const edge = findHost(state, edgeName);
  return edgeSubscriptionsView(state).some((s) => same(s.name, edgeName)) && edge?.mailFlow?.edge?.replicated != null;
}

// ---------------------------------------------------------------------------------------------------------------
// POP3 / IMAP4 services
// ---------------------------------------------------------------------------------------------------------------

/** The registry key the runbook's protocol step writes, as the lab stores keys (HKLM\...). */
const RESTART_KEY = PROTOCOL_RESTART_KEY.replace(/^HKLM:/, 'HKLM');

export function protocolRestartedFor(host: LabHost, service: string): string {
  const key = Object.keys(host.registry).find((k) => same(k, RESTART_KEY));
  const value = key ? host.registry[key][service] : undefined;
  return typeof value === 'string' ? value : '';
}

// ---------------------------------------------------------------------------------------------------------------
// Effects and checks
// ---------------------------------------------------------------------------------------------------------------

export function applyMailFlowAction(world: LabWorld, host: LabHost, a: MailFlowAction): HostActionResult {
  const state = world.state;
  switch (a.kind) {
    case 'accepted-domain': {
      let domain = findAcceptedDomain(acceptedDomainsView(state), a.domainName);
      if (!domain) {
        const made = newAcceptedDomain(state, a.name, a.domainName, 'Authoritative');
        if (!made.ok) return made;
        domain = findAcceptedDomain(storedAcceptedDomains(state), a.domainName);
      } else if (domain.domainType !== 'Authoritative') {
        domain = findAcceptedDomain(storedAcceptedDomains(state), a.domainName);
        if (domain) domain.domainType = 'Authoritative';
      }
      if (a.makeDefault && domain) makeDefaultAcceptedDomain(state, domain);
      return OK;
    }
    case 'email-address-policy': {
      const policy = emailAddressPoliciesView(state).find((p) => same(p.name, a.policy));
      if (!policy) return fail('throw', `The e-mail address policy ${a.policy} was not found.`);
      if (policyMatches(policy, a.primaryDomain, a.additionalDomains)) return OK;
      const templates = plannedTemplates(policy.templates, a.primaryDomain, a.additionalDomains);
      const problem = templateProblem(state, templates);
      if (problem) return fail('Set-EmailAddressPolicy', `Set-EmailAddressPolicy : ${problem}`);
      const stored = storedEmailAddressPolicies(state).find((p) => same(p.name, a.policy));
      if (stored) {
        stored.templates = templates;
        stored.applied = true;
      }
      return OK;
    }
    case 'internet-send-connector': {
      const command = 'New-SendConnector';
      const problem = orgProblem(state, command);
      if (problem) return problem;
      const sources = sourceServersProblem(state, command, a.sourceServers);
      if (sources) return fail(command, sources);
      const bad = a.addressSpaces.find((s) => !validAddressSpace(s));
      if (bad !== undefined) return fail(command, `${command} : "${bad}" isn't a valid SMTP address space.`);
      const connectors = storedSendConnectors(state);
      const existing = connectors.find((c) => same(c.name, a.name));
      const sourceNames = a.sourceServers.map((s) => hubServer(state, s)?.name ?? s);
      if (existing) {
        existing.addressSpaces = [...a.addressSpaces];
        existing.sourceServers = sourceNames;
        existing.dnsRoutingEnabled = true;
      } else connectors.push({ name: a.name, addressSpaces: [...a.addressSpaces], sourceServers: sourceNames, dnsRoutingEnabled: true, usage: 'Internet', edgeSync: false });
      return OK;
    }
    case 'receive-connector-anonymous': {
      const server = hubServer(state, a.server);
      if (!server) return fail('Get-ReceiveConnector', `Get-ReceiveConnector : The operation couldn't be performed because object '${a.server}\\${a.connector}' couldn't be found.`);
      const connector = storedReceiveConnectors(server).find((c) => same(c.name, a.connector));
      if (!connector) return fail('throw', `The receive connector ${a.server}\\${a.connector} was not found: Hub Transport setup creates it on every Hub Transport server.`);
      if (!connector.permissionGroups.includes('AnonymousUsers')) connector.permissionGroups.push('AnonymousUsers');
      return OK;
    }
    case 'edge-subscription-export': {
      if (!host.exchangeRoles.includes('et')) {
        return fail('Add-PSSnapin', `Add-PSSnapin : The Windows PowerShell snap-in 'Microsoft.Exchange.Management.PowerShell.E2010' is not installed on this computer.`);
      }
      if (readLabFile(host, a.filePath) !== undefined || edgeSendConnectors(host).length > 0) return OK;
      writeLabFile(host, a.filePath, edgeSubscriptionFileText(host));
      return OK;
    }
    case 'edge-subscription-import': {
      if (edgeSubscriptionsView(state).some((s) => same(s.name, a.edgeServer))) return OK;
      const text = readLabFile(host, a.filePath);
      if (text === undefined) {
        return fail('throw', `The Edge Subscription file of ${a.edgeServer} is not at ${a.filePath}: copy it from the Edge Transport server (the operator step before this one) within ${EDGE_SUBSCRIPTION_VALID_MINUTES} minutes of its export, then run this step again.`);
      }
      return importEdgeSubscription(state, text, a.site);
    }
    case 'edge-synchronization': {
      if (edgeSynchronized(state, a.edgeServer)) return OK;
      if (!hubServer(state, a.hubServer)) return fail('Start-EdgeSynchronization', `Start-EdgeSynchronization : ${a.hubServer} isn't a Hub Transport server.`);
      return synchronizeEdge(state, a.edgeServer);
    }
    case 'protocol-certificate': {
      const command = a.protocol === 'POP' ? 'Set-PopSettings' : 'Set-ImapSettings';
      const server = findHost(state, a.server);
      if (!server || !server.exchangeRoles.includes('ca')) return fail(command, `${command} : The operation couldn't be performed because object '${a.server}' couldn't be found.`);
      storedProtocolSettings(server, a.protocol).x509CertificateName = a.certificateName;
      return OK;
    }
    case 'protocol-service': {
      const service = host.services[a.service];
      if (!service) return fail('throw', `The service ${a.service} does not exist: is this a Client Access server?`);
      service.startMode = 'Auto';
      service.running = true;
      const key = Object.keys(host.registry).find((k) => same(k, RESTART_KEY)) ?? RESTART_KEY;
      host.registry[key] = { ...(host.registry[key] ?? {}), [a.service]: a.certificateName };
      return OK;
    }
    case 'verify-mail-flow':
      return OK;
  }
}

export function checkMailFlowAction(world: LabWorld, host: LabHost, a: MailFlowAction): CheckVerdict {
  const state = world.state;
  switch (a.kind) {
    case 'accepted-domain': {
      const domain = findAcceptedDomain(acceptedDomainsView(state), a.domainName);
      if (!domain) return verdict([`no accepted domain ${a.domainName}`]);
      if (domain.domainType !== 'Authoritative') return verdict([`accepted domain ${a.domainName} is ${domain.domainType}, not Authoritative`]);
      return verdict(a.makeDefault && !domain.isDefault ? [`${a.domainName} is not the default accepted domain`] : []);
    }
    case 'email-address-policy': {
      const policy = emailAddressPoliciesView(state).find((p) => same(p.name, a.policy));
      return verdict(policyMatches(policy, a.primaryDomain, a.additionalDomains) ? [] : [`the e-mail address policy ${a.policy} does not give addresses in ${[a.primaryDomain, ...a.additionalDomains].join(', ')}`]);
    }
    case 'internet-send-connector': {
      const connector = sendConnectorsView(state).find((c) => same(c.name, a.name));
      if (!connector) return verdict([`no send connector ${a.name}`]);
      const problems = [
        ...a.addressSpaces.filter((s) => !connector.addressSpaces.includes(s)).map((s) => `address space ${s}`),
        ...a.sourceServers.filter((s) => !connector.sourceServers.some((x) => same(x, s))).map((s) => `source server ${s}`),
        ...(connector.dnsRoutingEnabled ? [] : ['DNS routing']),
      ];
      return verdict(problems.map((p) => `send connector ${a.name} lacks ${p}`));
    }
    case 'receive-connector-anonymous': {
      const server = hubServer(state, a.server);
      const connector = server ? receiveConnectorsView(server).find((c) => same(c.name, a.connector)) : undefined;
      return verdict(connector?.permissionGroups.includes('AnonymousUsers') ? [] : [`${a.server}\\${a.connector} does not accept anonymous mail`]);
    }
    case 'edge-subscription-export':
      return verdict(readLabFile(host, a.filePath) !== undefined || edgeSendConnectors(host).some((c) => c.name.startsWith('EdgeSync - ')) ? [] : [`no Edge Subscription file at ${a.filePath} on ${host.name}`]);
    case 'edge-subscription-import':
      return verdict(edgeSubscriptionsView(state).some((s) => same(s.name, a.edgeServer)) ? [] : [`${a.edgeServer} has no Edge Subscription`]);
    case 'edge-synchronization':
      return verdict(edgeSynchronized(state, a.edgeServer) ? [] : [`EdgeSync has not synchronised ${a.edgeServer}`]);
    case 'protocol-certificate': {
      const server = findHost(state, a.server);
      const name = server && server.exchangeRoles.includes('ca') ? protocolSettingsView(server, a.protocol).x509CertificateName : '';
      return verdict(same(name, a.certificateName) ? [] : [`${a.protocol === 'POP' ? 'POP3' : 'IMAP4'} on ${a.server} presents ${name || 'no certificate name'}, not ${a.certificateName}`]);
    }
    case 'protocol-service': {
      const service = host.services[a.service];
      if (!service) return verdict([`service ${a.service} does not exist on ${host.name}`]);
      const problems: string[] = [];
      if (service.startMode !== 'Auto') problems.push(`${a.service} start mode is ${service.startMode}, not Auto`);
      if (!service.running) problems.push(`${a.service} is not running`);
      if (!same(protocolRestartedFor(host, a.service), a.certificateName)) problems.push(`${a.service} was not restarted for the certificate ${a.certificateName}`);
      return verdict(problems);
    }
    case 'verify-mail-flow': {
      const problems: string[] = [];
      const domains = acceptedDomainsView(state);
      for (const name of a.acceptedDomains) {
        const d = findAcceptedDomain(domains, name);
        if (!d || d.domainType !== 'Authoritative') problems.push(`no authoritative accepted domain ${name}`);
      }
      const connectors = sendConnectorsView(state);
      for (const name of a.sendConnectors) {
        const c = connectors.find((x) => same(x.name, name));
        if (!c) problems.push(`no send connector ${name}`);
        else if (!c.addressSpaces.includes('*')) problems.push(`send connector ${name} does not route address space *`);
      }
      const subscribed = edgeSubscriptionsView(state);
      for (const edge of a.edgeSubscriptions) if (!subscribed.some((s) => same(s.name, edge))) problems.push(`Edge Transport server ${edge} is not subscribed`);
      return verdict(problems);
    }
  }
}

/** What a person did in a confirmed mail flow operator step, applied to the world (rehearsals). */
export function applyMailFlowWork(world: LabWorld, work: MailFlowOperatorWork): void {
  switch (work.kind) {
    case 'copy-edge-subscription': {
      const from = findHost(world.state, work.fromServer);
      const to = world.state.hosts.find((h) => sameName(h, work.toServer));
      const text = from ? readLabFile(from, work.path) : undefined;
      if (!to || text === undefined) return;
      writeLabFile(to, work.path, text);
      return;
    }
  }
}
