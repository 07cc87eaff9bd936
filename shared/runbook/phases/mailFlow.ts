// The mail flow phase (../shared/domain/namespace.md §1 "POP/IMAP/SMTP", runbook.md): from the design's mail flow plan
// (effectiveNamespace(design).mailFlow) and its Edge Transport servers —
// - the accepted domains (authoritative; the primary SMTP domain, the first one, made the default) and the default
//   e-mail address policy, so recipients get addresses in them;
// - Internet mail directly through the Hub Transport servers (TechNet, Exchange 2010: "Configure Internet Mail Flow
//   Directly Through a Hub Transport Server"): the Internet send connector (address space *, DNS routing, the planned
//   source servers) and AnonymousUsers on the Default receive connector of each of them;
// - or, with Edge Transport servers subscribed to a site ("Understanding Edge Subscriptions"): New-EdgeSubscription
//   -FileName on the Edge, the file carried to the computer that imports it (operator, within 1440 minutes),
//   New-EdgeSubscription -FileData -Site through a Hub Transport server of that site, Start-EdgeSynchronization. The
//   subscription creates "EdgeSync - <site> to Internet": no Internet send connector is made by hand then;
// - POP3 / IMAP4 where a certificate plan enables them: Set-PopSettings / Set-ImapSettings -X509CertificateName on
//   every Client Access server that gets the certificate, the service set to Automatic and (re)started;
// - the verification (accepted domains, the connectors, the subscriptions) and the operator's MX check.
//
// Opt-in like the namespace phase (namespacePlanned): a design without a planned namespace keeps its runbook.
import type { Server } from '../../model/types';
import { effectiveNamespace } from '../../namespace/derive';
import type { EffectiveCertificate } from '../../namespace/derive';
import {
  DEFAULT_EMAIL_ADDRESS_POLICY,
  EDGE_SUBSCRIPTION_VALID_MINUTES,
  EXCHANGE_SNAPIN,
  INTERNET_SEND_CONNECTOR,
  PROTOCOL_SERVICES,
  defaultReceiveConnector,
  edgeSyncInternetConnector,
} from '../mailFlowActions';
import type { MailProtocol } from '../mailFlowActions';
import type { StepTarget } from '../types';
import type { GenerationContext } from './context';
import { namespacePlanned, namespaceStepIds } from './namespace';

export const ACCEPTED_DOMAIN_SECONDS = 30;
export const SEND_CONNECTOR_SECONDS = 30;
export const EDGE_SUBSCRIPTION_SECONDS = 60;
export const EDGE_COPY_SECONDS = 900;
export const EDGE_SYNC_SECONDS = 300;
export const PROTOCOL_SECONDS = 60;
export const VERIFY_MAIL_FLOW_SECONDS = 30;

/** Where the Edge Subscription file is written on the Edge and read by the computer that imports it. */
export const EDGE_SUBSCRIPTION_FOLDER = 'C:\\ExTopo\\EdgeSubscription';

/** Step ids: a domain name becomes a safe id part (a wildcard's "*" included). */
function idPart(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9.-]/g, '_');
}

export const mailFlowStepIds = {
  acceptedDomain: (domain: string) => `mail.accepted-domain.${idPart(domain)}`,
  addressPolicy: () => 'mail.address-policy',
  sendConnector: () => 'mail.send-connector',
  receiveAnonymous: (serverId: string) => `mail.receive-anonymous.${serverId}`,
  edgeExport: (edgeId: string) => `mail.edge.export.${edgeId}`,
  edgeCopy: (edgeId: string) => `mail.edge.copy.${edgeId}`,
  edgeImport: (edgeId: string) => `mail.edge.import.${edgeId}`,
  edgeSync: (edgeId: string) => `mail.edge.sync.${edgeId}`,
  protocolCertificate: (protocol: MailProtocol, serverId: string) => `mail.${protocol.toLowerCase()}.certificate.${serverId}`,
  protocolService: (protocol: MailProtocol, serverId: string) => `mail.${protocol.toLowerCase()}.service.${serverId}`,
  verify: () => 'mail.verify',
  verifyMx: () => 'mail.verify-mx',
} as const;

const isHub = (s: Server): boolean => s.roles.includes('HT') && !s.legacy;

/** Edge Transport servers of the design subscribed to an AD site of the design, each with the Hub Transport server that imports its file. */
export interface EdgeSubscriptionPlan {
  readonly edge: Server;
  readonly siteId: string;
  readonly siteName: string;
  readonly hub: Server;
}

/** The subscriptions the runbook makes: Exchange 2010 Edge servers subscribed to a site that has a Hub Transport server. */
export function edgeSubscriptions(ctx: GenerationContext): EdgeSubscriptionPlan[] {
  const hubsBySite = new Map<string, Server[]>();
  for (const s of ctx.design.servers) {
    if (!isHub(s) || !ctx.hasEms(s)) continue;
    hubsBySite.set(s.siteId, [...(hubsBySite.get(s.siteId) ?? []), s]);
  }
  const plans: EdgeSubscriptionPlan[] = [];
  for (const edge of ctx.design.servers) {
    if (!edge.roles.includes('Edge') || edge.legacy || !edge.edgeSubscriptionSiteId) continue;
    const hubs = hubsBySite.get(edge.edgeSubscriptionSiteId) ?? [];
    const hub = hubs.find((h) => h.existing) ?? hubs[0];
    if (!hub || !ctx.plan.sites.has(edge.edgeSubscriptionSiteId)) continue;
    plans.push({ edge, siteId: edge.edgeSubscriptionSiteId, siteName: ctx.siteName(edge.edgeSubscriptionSiteId), hub });
  }
  return plans;
}

/** The accepted domain object's name: the domain (at most 64 characters; a wildcard's "*" spelled out). */
function acceptedDomainName(domain: string): string {
  return domain.replace(/^\*\./, 'wildcard.').slice(0, 64);
}

/** The name POP3 / IMAP4 present: the certificate's subject, else its first name that is not a wildcard. */
function protocolCertificateName(cert: EffectiveCertificate): string {
  if (!cert.subject.startsWith('*.')) return cert.subject;
  return cert.names.find((n) => !n.startsWith('*.')) ?? '';
}

function emsTarget(server: Server): StepTarget {
  return { kind: 'ems', serverId: server.id, serverName: server.name };
}

function uniqueDomains(domains: readonly string[]): string[] {
  const seen = new Set<string>();
  return domains.filter((d) => {
    const key = d.toLowerCase();
    if (d === '' || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function protocolSteps(ctx: GenerationContext, certificates: readonly EffectiveCertificate[]): string[] {
  const made: string[] = [];
  for (const cert of certificates) {
    const protocols = (['POP', 'IMAP'] as const).filter((p) => cert.services.includes(p));
    const name = protocolCertificateName(cert);
    if (protocols.length === 0 || name === '') continue;
    const servers = cert.servers.filter((s) => ctx.hasEms(s));
    servers.forEach((server, i) => {
      if (!server.roles.includes('CAS') || server.legacy) return;
      const certStep = i === 0 ? namespaceStepIds.certComplete(cert.id) : namespaceStepIds.certCopy(cert.id, server.id);
      for (const protocol of protocols) {
        const certificateId = mailFlowStepIds.protocolCertificate(protocol, server.id);
        if (ctx.has(certificateId)) continue;
        const service = PROTOCOL_SERVICES[protocol];
        const ems = ctx.ems(server.siteId);
        const title = protocol === 'POP' ? 'POP3' : 'IMAP4';
        ctx.add({
          id: certificateId,
          phase: 'mail-flow',
          target: ems.target,
          title: `Have ${title} on ${server.name} present the certificate ${name}`,
          action: { kind: 'protocol-certificate', protocol, server: server.name, certificateName: name },
          restarts: false,
          supportsWhatIf: true,
          dependsOn: [ems.after, ctx.setupStep(server), certStep],
          expectedSeconds: PROTOCOL_SECONDS,
          notes: [
            `${protocol === 'POP' ? 'Set-PopSettings' : 'Set-ImapSettings'} -X509CertificateName ${name}: the certificate ${cert.subject} is enabled for ${protocol} by the namespace phase (Enable-ExchangeCertificate -Services); a wildcard name is not supported for ${title}.`,
          ],
          entityIds: [server.id],
        });
        const serviceId = mailFlowStepIds.protocolService(protocol, server.id);
        ctx.add({
          id: serviceId,
          phase: 'mail-flow',
          target: ctx.hostTarget(server),
          title: `Start ${title} (${service}) on ${server.name} automatically, restarted for ${name}`,
          action: { kind: 'protocol-service', protocol, service, certificateName: name },
          restarts: false,
          supportsWhatIf: true,
          dependsOn: [certificateId, ctx.hostReady(server), ctx.setupStep(server)],
          expectedSeconds: PROTOCOL_SECONDS,
          notes: [
            `Exchange 2010 installs ${service} with Manual startup, stopped: set to Automatic and started; restarted when it runs, so it uses the certificate.`,
            `Publish ${protocol === 'POP' ? 'TCP 110 / 995' : 'TCP 143 / 993'} to the Client Access servers if clients connect from the Internet; clients send mail through the Client receive connector (TCP 587).`,
          ],
          entityIds: [server.id],
        });
        made.push(certificateId, serviceId);
      }
    });
  }
  return made;
}

export function mailFlowSteps(ctx: GenerationContext): void {
  if (!namespacePlanned(ctx)) return;
  const hubs = ctx.design.servers.filter((s) => isHub(s) && ctx.hasEms(s));
  if (hubs.length === 0) return;
  const ns = effectiveNamespace(ctx.design);
  const mail = ns.mailFlow;
  const ids = mailFlowStepIds;
  const orgHub = hubs.find((h) => h.existing) ?? hubs[0];
  const org = emsTarget(orgHub);
  const orgReady = ctx.setupStep(orgHub);
  const made: string[] = [];

  // Accepted domains: the first is the primary SMTP domain, made the default.
  const domains = uniqueDomains(mail.acceptedDomains);
  const domainSteps = domains.map((domain, i) => {
    const id = ids.acceptedDomain(domain);
    ctx.add({
      id,
      phase: 'mail-flow',
      target: org,
      title: `Accept mail for ${domain} (authoritative accepted domain${i === 0 ? ', the default' : ''})`,
      action: { kind: 'accepted-domain', name: acceptedDomainName(domain), domainName: domain, makeDefault: i === 0 },
      restarts: false,
      supportsWhatIf: true,
      dependsOn: [orgReady],
      expectedSeconds: ACCEPTED_DOMAIN_SECONDS,
      notes: [
        i === 0
          ? `${domain} is the primary SMTP domain: the default accepted domain (postmaster@${domain}, encapsulated addresses). Setup's own accepted domain (the forest root domain) stays.`
          : `Authoritative: Exchange delivers to its recipients and sends the non-delivery reports for unknown ones.`,
      ],
      entityIds: [],
    });
    return id;
  });
  made.push(...domainSteps);
  if (domains.length > 0) {
    ctx.add({
      id: ids.addressPolicy(),
      phase: 'mail-flow',
      target: org,
      title: `Give recipients addresses in ${domains[0]}${domains.length > 1 ? ` (and ${domains.length - 1} more domain${domains.length === 2 ? '' : 's'})` : ''}: the default e-mail address policy`,
      action: { kind: 'email-address-policy', policy: DEFAULT_EMAIL_ADDRESS_POLICY, primaryDomain: domains[0], additionalDomains: domains.slice(1) },
      restarts: false,
      supportsWhatIf: true,
      dependsOn: [orgReady, ...domainSteps],
      expectedSeconds: ACCEPTED_DOMAIN_SECONDS,
      notes: [
        `Set-EmailAddressPolicy "${DEFAULT_EMAIL_ADDRESS_POLICY}" -EnabledEmailAddressTemplates: the primary address in ${domains[0]}, proxy addresses in the other accepted domains; the addresses recipients have stay as proxy addresses. Update-EmailAddressPolicy then applies it.`,
        'If Update-EmailAddressPolicy fails after the policy was changed, run it by hand (Update-EmailAddressPolicy "Default Policy"): a re-run of this step sees the policy as planned.',
      ],
      entityIds: [],
    });
    made.push(ids.addressPolicy());
  }

  const subscriptions = edgeSubscriptions(ctx);
  const connectorNames: string[] = [];
  if (subscriptions.length > 0) {
    for (const sub of subscriptions) {
      const { edge, hub } = sub;
      const path = `${EDGE_SUBSCRIPTION_FOLDER}\\${edge.name}.xml`;
      ctx.add({
        id: ids.edgeExport(edge.id),
        phase: 'mail-flow',
        target: ctx.hostTarget(edge),
        title: `Export the Edge Subscription of ${edge.name} (on the Edge Transport server)`,
        action: { kind: 'edge-subscription-export', edgeServer: edge.name, filePath: path },
        restarts: false,
        supportsWhatIf: true,
        dependsOn: [ctx.setupStep(edge) ?? ctx.hostReady(edge)],
        expectedSeconds: EDGE_SUBSCRIPTION_SECONDS,
        notes: [
          `Runs in the Exchange Management Shell of ${edge.name} itself (the snap-in ${EXCHANGE_SNAPIN}): an Edge Transport server has no remote Exchange endpoint. It is not in the domain: remoting to it needs HTTPS or TrustedHosts and a local administrator's credential.`,
          'From now on EdgeSync manages the Edge: accepted domains, message classifications, remote domains and send connectors created by hand on it are deleted.',
          `The file is valid for ${EDGE_SUBSCRIPTION_VALID_MINUTES} minutes (its bootstrap account expires): import it within that time.`,
        ],
        entityIds: [edge.id],
      });
      ctx.add({
        id: ids.edgeCopy(edge.id),
        phase: 'mail-flow',
        target: { kind: 'operator' },
        title: `Copy the Edge Subscription file of ${edge.name} to the computer that runs the runbook`,
        action: {
          kind: 'operator',
          checklist: [
            `Copy ${path} from ${edge.name} to the same path on the computer that runs this runbook (it imports the file through the Exchange Management Shell of ${hub.name}).`,
            `Do it within ${EDGE_SUBSCRIPTION_VALID_MINUTES} minutes of the export; after that, export it again (the next step fails on an expired file).`,
            `Open the firewall between the perimeter and AD site ${sub.siteName}: TCP 25 both ways and TCP 50636 (EdgeSync, secure LDAP) from the Hub Transport servers to ${edge.name}; the Hub Transport servers must resolve ${edge.fqdn || edge.name}.`,
          ],
          does: { kind: 'copy-edge-subscription', fromServer: edge.name, toServer: hub.name, path },
        },
        restarts: false,
        supportsWhatIf: false,
        dependsOn: [ids.edgeExport(edge.id)],
        expectedSeconds: EDGE_COPY_SECONDS,
        notes: ['The file holds the Edge certificate and the bootstrap account credentials: delete it from both computers once the subscription works.'],
        entityIds: [edge.id],
      });
      ctx.add({
        id: ids.edgeImport(edge.id),
        phase: 'mail-flow',
        target: emsTarget(hub),
        title: `Subscribe ${edge.name} to AD site ${sub.siteName} (import its Edge Subscription through ${hub.name})`,
        action: { kind: 'edge-subscription-import', edgeServer: edge.name, site: sub.siteName, filePath: path },
        restarts: false,
        supportsWhatIf: true,
        dependsOn: [ids.edgeCopy(edge.id), ctx.setupStep(hub), ...domainSteps],
        expectedSeconds: EDGE_SUBSCRIPTION_SECONDS,
        notes: [
          `Creates the send connectors ${edgeSyncInternetConnector(sub.siteName)} (address space *, DNS routing, source ${edge.name}) and EdgeSync - Inbound to ${sub.siteName}: no Internet send connector is made by hand.`,
          'The Hub Transport servers of the site then replicate recipients and configuration to the Edge (EdgeSync).',
        ],
        entityIds: [edge.id, sub.siteId],
      });
      ctx.add({
        id: ids.edgeSync(edge.id),
        phase: 'mail-flow',
        target: emsTarget(hub),
        title: `Synchronise ${edge.name} now (Start-EdgeSynchronization on ${hub.name})`,
        action: { kind: 'edge-synchronization', hubServer: hub.name, edgeServer: edge.name },
        restarts: false,
        supportsWhatIf: true,
        dependsOn: [ids.edgeImport(edge.id)],
        expectedSeconds: EDGE_SYNC_SECONDS,
        notes: ['Done when Test-EdgeSynchronization reports SyncStatus Normal for the Edge (replication runs over TCP 50636).'],
        entityIds: [edge.id],
      });
      made.push(ids.edgeExport(edge.id), ids.edgeImport(edge.id), ids.edgeSync(edge.id));
      const connector = edgeSyncInternetConnector(sub.siteName);
      if (!connectorNames.includes(connector)) connectorNames.push(connector);
    }
  } else {
    const sources = mail.sendConnectorSources.filter((s) => isHub(s) && ctx.hasEms(s));
    if (sources.length > 0) {
      ctx.add({
        id: ids.sendConnector(),
        phase: 'mail-flow',
        target: org,
        title: `Send Internet mail from ${sources.map((s) => s.name).join(', ')} (send connector ${INTERNET_SEND_CONNECTOR}, address space *)`,
        action: { kind: 'internet-send-connector', name: INTERNET_SEND_CONNECTOR, addressSpaces: ['*'], sourceServers: sources.map((s) => s.name) },
        restarts: false,
        supportsWhatIf: true,
        dependsOn: [orgReady, ...sources.map((s) => ctx.setupStep(s))],
        expectedSeconds: SEND_CONNECTOR_SECONDS,
        notes: [
          'Usage Internet, DNS routing (MX lookup of each recipient domain): the source servers need outbound TCP 25 and DNS that resolves Internet names.',
          'A send connector for * that exists under another name is left as it is: both then share Internet mail.',
        ],
        entityIds: sources.map((s) => s.id),
      });
      made.push(ids.sendConnector());
      connectorNames.push(INTERNET_SEND_CONNECTOR);
      for (const hub of sources) {
        const id = ids.receiveAnonymous(hub.id);
        ctx.add({
          id,
          phase: 'mail-flow',
          target: org,
          title: `Accept anonymous Internet mail on ${hub.name} (receive connector ${defaultReceiveConnector(hub.name)})`,
          action: { kind: 'receive-connector-anonymous', server: hub.name, connector: defaultReceiveConnector(hub.name) },
          restarts: false,
          supportsWhatIf: true,
          dependsOn: [orgReady, ctx.setupStep(hub)],
          expectedSeconds: SEND_CONNECTOR_SECONDS,
          notes: [
            'Adds AnonymousUsers to the permission groups the connector has (ExchangeUsers, ExchangeServers, ExchangeLegacyServers after setup): Internet servers deliver without authenticating.',
            'Forward TCP 25 from the firewall to these Hub Transport servers. Microsoft recommends an Edge Transport server (or another SMTP gateway) in the perimeter network over exposing a Hub Transport server.',
          ],
          entityIds: [hub.id],
        });
        made.push(id);
      }
    }
  }

  made.push(...protocolSteps(ctx, ns.certificates));

  if (domains.length > 0 || connectorNames.length > 0) {
    ctx.add({
      id: ids.verify(),
      phase: 'verification',
      target: org,
      title: `Verify the mail flow: ${domains.length} accepted domain${domains.length === 1 ? '' : 's'}, ${connectorNames.length > 0 ? connectorNames.join(', ') : 'no Internet send connector'}`,
      action: { kind: 'verify-mail-flow', acceptedDomains: domains, sendConnectors: connectorNames, edgeSubscriptions: subscriptions.map((s) => s.edge.name) },
      restarts: false,
      supportsWhatIf: false,
      dependsOn: [orgReady, ...made],
      expectedSeconds: VERIFY_MAIL_FLOW_SECONDS,
      notes: ['Get-AcceptedDomain, Get-SendConnector and Get-EdgeSubscription show what the plan asks for.'],
      entityIds: [],
    });
    const receivers = subscriptions.length > 0 ? subscriptions.map((s) => s.edge.name) : mail.sendConnectorSources.filter(isHub).map((s) => s.name);
    const mx = mail.mx.map((m) => `${m.preference} ${m.host}`).join(', ');
    ctx.add({
      id: ids.verifyMx(),
      phase: 'verification',
      target: { kind: 'operator' },
      title: `Check that the MX record${domains.length === 1 ? '' : 's'} of ${domains.join(', ')} reach${domains.length === 1 ? 'es' : ''} ${receivers.length > 0 ? receivers.join(', ') : 'the servers that receive mail'}`,
      action: {
        kind: 'operator',
        checklist: [
          ...domains.map((d) => `From outside: nslookup -type=MX ${d} answers ${mx}.`),
          `Each MX host resolves to the public address that forwards TCP 25 to ${receivers.length > 0 ? receivers.join(', ') : 'the servers that receive Internet mail'}; an MX on a name that only publishes HTTPS (443) to the Client Access servers gets no mail.`,
          'Run the Remote Connectivity Analyzer "Inbound SMTP Email" test for each domain and send a message from outside to a mailbox, and from a mailbox to an outside address.',
        ],
      },
      restarts: false,
      supportsWhatIf: false,
      dependsOn: [ids.verify(), namespaceStepIds.externalDns()],
      expectedSeconds: 1800,
      notes: ['An MX record must name a host with an A record, not an alias (CNAME) nor an address (RFC 2181 §10.3, RFC 1035 §3.3.9).'],
      entityIds: [],
    });
  }
}
