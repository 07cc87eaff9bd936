// Mail flow (the namespace's mailFlow plan and the design's Edge Transport servers): who sends Internet mail (the
// Internet send connector's Hub Transport source servers, or the send connector an Edge Subscription creates), where
// the MX records lead (a server that takes SMTP from the Internet), MX records that name a host, and the SMTP
// certificate. The rules read the effective namespace (shared/namespace), computed once per validation and shared with
// the namespace rules; every lookup is a Map built in one pass, so a 1,000-server design stays linear.
//
// Sources: INETHUB (Exchange 2010, "Configure Internet Mail Flow Directly Through a Hub Transport Server": a send
// connector for * on the Hub Transport servers, their Default receive connector opened to anonymous users), EDGESUB
// ("Understanding Edge Subscriptions": the subscription creates the send connectors to the Internet and into the site;
// Internet mail enters and leaves through the Edge), ODP-NEWSC (New-SendConnector, 2010: -SourceTransportServers "the
// names of the Hub Transport servers that can use this Send connector … isn't valid for Send connectors configured on
// Edge Transport servers"), ODP-NEWES (New-EdgeSubscription -CreateInternetSendConnector: address space *, the Edge as
// source, DNS routing), RFC 1035 §3.3.9 (the MX EXCHANGE field is a domain name), RFC 2181 §10.3 (the target of an MX
// record must be a host with address records, not an alias), ODP-NEC (New-ExchangeCertificate: names of a certificate
// enabled for SMTP, -IncludeAcceptedDomains).
import type { Server } from '../../model/types';
import { certificateCovers, siteHostNames } from '../../namespace/derive';
import type { EffectiveNamespace, EffectiveSiteNamespace } from '../../namespace/derive';
import { isLegacyServer } from '../context';
import type { PlannerContext } from '../context';
import { listNames, plural, roleList, serverName, serverNames, siteName } from '../text';
import type { Rule } from '../types';
import { namespaceOf } from './namespace';

const lower = (s: string): string => s.toLowerCase();

const isHub = (s: Server): boolean => s.roles.includes('HT') && !isLegacyServer(s);

/** Exchange 2010 Edge Transport servers subscribed to an AD site of the design. */
function subscribedEdges(ctx: PlannerContext): Server[] {
  const edges: Server[] = [];
  for (const s of ctx.servers.values()) {
    if (!s.roles.includes('Edge') || isLegacyServer(s)) continue;
    const site = s.edgeSubscriptionSiteId;
    if (site && ctx.sites.has(site)) edges.push(s);
  }
  return edges;
}

function hubs(ctx: PlannerContext): Server[] {
  return [...ctx.servers.values()].filter(isHub);
}

const sendConnectorSources: Rule = {
  id: 'mail.send-connector-sources',
  check(ctx, emit) {
    const ids = ctx.design.namespace?.mailFlow?.sendConnectorSourceServerIds ?? [];
    for (const id of ids) {
      const server = ctx.servers.get(id);
      if (!server) {
        emit({
          message: `The Internet send connector names "${id}" as a source server, which is not a server of the design (removed?): New-SendConnector -SourceTransportServers fails on a server that does not exist.`,
          hint: 'Remove it from the send connector’s source servers, or name Hub Transport servers of the design.',
          entityIds: [],
        });
        continue;
      }
      const name = serverName(server);
      if (server.roles.includes('Edge')) {
        emit({
          message: `Edge Transport server ${name} is a source server of the Internet send connector: SourceTransportServers takes Hub Transport servers and is not valid for an Edge, whose Internet send connector comes from its Edge Subscription.`,
          hint: `Remove ${name} from the send connector’s source servers; subscribe it to an AD site instead (its Internet connector is made by the subscription).`,
          entityIds: [server.id],
        });
      } else if (!server.roles.includes('HT')) {
        emit({
          message: `${name} (${roleList(server.roles)}) is a source server of the Internet send connector but is not a Hub Transport server: only Hub Transport servers send mail through a send connector.`,
          hint: `Name Hub Transport servers as source servers, or add the Hub Transport role to ${name}.`,
          entityIds: [server.id],
        });
      } else if (isLegacyServer(server)) {
        emit({
          severity: 'warning',
          message: `${name} is an Exchange ${server.legacy?.version ?? ''} Hub Transport server named as a source of the Internet send connector: the runbook creates the connector from the Exchange 2010 Hub Transport servers only, so ${name} is left out.`,
          hint: 'Send Internet mail from the Exchange 2010 Hub Transport servers (name them as source servers) and retire the legacy route.',
          entityIds: [server.id],
        });
      }
    }
  },
};

const edgeAndConnector: Rule = {
  id: 'mail.edge-and-connector',
  check(ctx, emit) {
    const ns = namespaceOf(ctx);
    if (!ns) return;
    const edges = subscribedEdges(ctx);
    const stated = ctx.design.namespace?.mailFlow?.sendConnectorSourceServerIds;
    if (edges.length > 0) {
      if (!stated || stated.length === 0) return;
      const sites = [...new Set(edges.map((e) => siteName(ctx, e.edgeSubscriptionSiteId ?? '')))];
      const sources = stated.map((id) => ctx.servers.get(id)).filter((s): s is Server => s !== undefined);
      emit({
        message: `${serverNames(edges)} ${edges.length === 1 ? 'is' : 'are'} subscribed to AD site ${listNames(sites)}: the Edge Subscription creates the Internet send connector (${listNames(sites.map((s) => `EdgeSync - ${s} to Internet`))}), yet the mail flow plan also names source servers for an Internet send connector on the Hub Transport servers (${sources.length > 0 ? serverNames(sources) : stated.join(', ')}). The runbook does not create it: a second route for * would send Internet mail around the Edge.`,
        hint: 'Remove the send connector’s source servers from the mail flow plan (Internet mail leaves through the Edge), or drop the Edge Subscription.',
        entityIds: [...edges.map((e) => e.id), ...sources.map((s) => s.id)],
      });
      return;
    }
    const hubServers = hubs(ctx);
    if (hubServers.length === 0) return;
    const sources = ns.mailFlow.sendConnectorSources.filter(isHub);
    if (sources.length > 0) return;
    emit({
      message: `No Internet send connector: no Edge Transport server is subscribed to an AD site, and ${stated && stated.length === 0 ? 'the mail flow plan names no source server' : 'none of the source servers the mail flow plan names is an Exchange 2010 Hub Transport server'}. Mail to the Internet stays in the queues of ${serverNames(hubServers)}.`,
      hint: 'Name Hub Transport servers as the Internet send connector’s source servers (absent = every Hub Transport server), or subscribe an Edge Transport server.',
      entityIds: hubServers.map((s) => s.id),
    });
  },
};

type MxTarget =
  | { readonly kind: 'server'; readonly servers: readonly Server[] }
  | { readonly kind: 'casarray'; readonly name: string; readonly id: string }
  | { readonly kind: 'site'; readonly site: EffectiveSiteNamespace };

/** Where a name leads, as far as the design knows: a server's FQDN, a CAS array's, a site's client access name. */
function nameTargets(ctx: PlannerContext, ns: EffectiveNamespace): Map<string, MxTarget> {
  const targets = new Map<string, MxTarget>();
  for (const [fqdn, servers] of ctx.serversByFqdn) targets.set(fqdn, { kind: 'server', servers });
  for (const a of ctx.casArrays.values()) if (a.fqdn !== '' && !targets.has(lower(a.fqdn))) targets.set(lower(a.fqdn), { kind: 'casarray', name: a.name, id: a.id });
  for (const site of ns.sites) {
    for (const name of siteHostNames(site)) if (!targets.has(lower(name))) targets.set(lower(name), { kind: 'site', site });
  }
  return targets;
}

/** The servers a site's client access names lead to: its load balancer's members, or its one server. */
function serversBehind(ctx: PlannerContext, site: EffectiveSiteNamespace): Server[] {
  const address = site.address;
  if (!address) return [];
  if (address.kind === 'nlb') return [...(ctx.nlbMembers.get(address.entityId) ?? [])];
  if (address.kind === 'hlb') {
    const hlb = ctx.hardwareLoadBalancers.get(address.entityId);
    return (hlb?.memberIds ?? []).map((id) => ctx.servers.get(id)).filter((s): s is Server => s !== undefined);
  }
  const server = ctx.servers.get(address.entityId);
  return server ? [server] : [];
}

const mxReceives: Rule = {
  id: 'mail.mx-receives',
  check(ctx, emit) {
    const ns = namespaceOf(ctx);
    if (!ns) return;
    const stated = ctx.design.namespace?.mailFlow?.mx !== undefined;
    const edges = subscribedEdges(ctx);
    const edgeRoute = edges.length > 0;
    const targets = nameTargets(ctx, ns);
    const receivers = edgeRoute ? `the Edge Transport server${edges.length === 1 ? '' : 's'} ${serverNames(edges)}` : 'a Hub Transport server whose Default receive connector takes anonymous mail';
    const receive = edgeRoute && edges.length > 1 ? 'receive' : 'receives';
    for (const mx of ns.mailFlow.mx) {
      const target = targets.get(lower(mx.host));
      if (!target) continue;
      let problem: string | null = null;
      let entityIds: string[] = [];
      if (target.kind === 'server') {
        const server = target.servers[0];
        entityIds = [server.id];
        if (server.roles.includes('Edge') && !isLegacyServer(server)) problem = null;
        else if (isHub(server)) problem = edgeRoute ? `${mx.host} is Hub Transport server ${serverName(server)}: with an Edge Subscription its Default receive connector does not take anonymous mail from the Internet (${receivers} ${receive} it)` : null;
        else problem = `${mx.host} is ${serverName(server)} (${roleList(server.roles)}${isLegacyServer(server) ? `, Exchange ${server.legacy?.version ?? ''}` : ''}), which is neither an Exchange 2010 Hub Transport nor an Edge Transport server: nothing there receives Internet SMTP for this organization`;
      } else if (target.kind === 'casarray') {
        entityIds = [target.id];
        problem = `${mx.host} is the FQDN of CAS array ${target.name}, an internal RPC name for Outlook that serves no SMTP`;
      } else {
        const site = target.site;
        const behind = serversBehind(ctx, site);
        entityIds = [site.siteId, ...(site.address ? [site.address.entityId] : [])];
        const where = site.address ? site.address.label : 'no address';
        if (edgeRoute) {
          problem = `${mx.host} is a client access name of AD site ${site.siteName} (it points at ${where}): with an Edge Subscription ${receivers} ${receive} Internet mail, the Client Access publishing does not`;
        } else if (behind.length > 0 && !behind.some(isHub)) {
          problem = `${mx.host} is a client access name of AD site ${site.siteName} and points at ${where}, whose ${plural(behind.length, 'server')} (${serverNames(behind)}) ${behind.length === 1 ? 'is a Client Access server' : 'are Client Access servers'} without the Hub Transport role: nothing there takes SMTP on port 25`;
        }
      }
      if (!problem) continue;
      emit({
        ...(stated ? {} : { severity: 'info' as const }),
        message: `${stated ? '' : `The MX record is derived (the mail flow plan states none): `}MX ${mx.preference} ${mx.host} of ${listNames(ns.mailFlow.acceptedDomains)}: ${problem}. Mail from the Internet to it is not received.`,
        hint: stated
          ? `Point the MX record at a name that leads to ${receivers} (a public address forwarding TCP 25 to ${edgeRoute ? 'them' : 'the Hub Transport servers'}).`
          : `State the MX records in the mail flow plan: a name that leads to ${receivers}.`,
        entityIds,
      });
    }
  },
};

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

const mxHostName: Rule = {
  id: 'mail.mx-host-name',
  check(ctx, emit) {
    const mx = ctx.design.namespace?.mailFlow?.mx ?? [];
    for (const record of mx) {
      const host = record.host;
      const why = IPV4.test(host) ? 'an IP address' : host.startsWith('*.') ? 'a wildcard' : !host.includes('.') ? 'a single-label name' : host === '' ? 'empty' : null;
      if (!why) continue;
      emit({
        message: `The MX record ${record.preference} ${host === '' ? '(empty)' : host} names ${why}: an MX record names a host (a domain name with an A record), never an address, a wildcard, an alias (CNAME) or a name the Internet cannot resolve.`,
        hint: 'Name the public host that receives mail (e.g. mail.<domain> or smtp.<domain>) and give it an A record in the external zone.',
        entityIds: [],
      });
    }
  },
};

const acceptedDomainCert: Rule = {
  id: 'mail.accepted-domain-cert',
  check(ctx, emit) {
    const ns = namespaceOf(ctx);
    if (!ns) return;
    const smtp = ns.certificates.filter((c) => c.services.includes('SMTP'));
    if (smtp.length === 0) return;
    const missing = ns.mailFlow.mx.map((m) => m.host).filter((h) => h !== '' && !smtp.some((c) => certificateCovers(c, h)));
    if (missing.length === 0) return;
    emit({
      message: `${plural(smtp.length, 'certificate')} ${smtp.length === 1 ? 'is' : 'are'} enabled for SMTP (TLS: ${listNames(smtp.map((c) => c.subject))}), but ${listNames(missing)}, the MX host${missing.length === 1 ? '' : 's'} of ${listNames(ns.mailFlow.acceptedDomains)}, ${missing.length === 1 ? 'is' : 'are'} not among ${smtp.length === 1 ? 'its' : 'their'} names: servers that check the name when they start TLS refuse it.`,
      hint: `Add ${listNames(missing)} to the certificate enabled for SMTP (New-ExchangeCertificate -DomainName; -IncludeAcceptedDomains adds the accepted domains), or enable SMTP on a certificate that has them.`,
      entityIds: smtp.flatMap((c) => c.servers.map((s) => s.id)),
    });
  },
};

export const mailFlowRules: readonly Rule[] = [sendConnectorSources, edgeAndConnector, mxReceives, mxHostName, acceptedDomainCert];
