// Transport and networks at the edge: Edge Transport servers (not domain-joined, in the perimeter network,
// subscribed to an AD site that has Hub Transport servers) and client subnets that hold no servers.
// (A Hub Transport server in every site with Mailbox servers is role.hub-in-site; Edge alone on its server is
// role.edge-alone: rules/servers.ts.)
//
// Sources (Exchange 2010 documentation): EDGE, the Edge Transport server role — deployed in the perimeter network,
// never a member of the internal Active Directory forest (it keeps recipient and configuration data in AD LDS);
// EDGESUB, "Understanding Edge Subscriptions" (aa997438) — an Edge Subscription ties the Edge server to one AD site,
// whose Hub Transport servers run EdgeSync; without one there is no recipient lookup, safelist aggregation or
// automatic send connectors.
import type { Server } from '../../model/types';
import { isLegacyServer } from '../context';
import { listOf, serverName, serverNames, siteName, subnetName } from '../text';
import type { Rule } from '../types';

function edgeServers(servers: Iterable<Server>): Server[] {
  return [...servers].filter((s) => s.roles.includes('Edge') && !isLegacyServer(s));
}

const domainJoined: Rule = {
  id: 'edge.domain-joined',
  check(ctx, emit) {
    for (const server of edgeServers(ctx.servers.values())) {
      if (server.domainJoined === false) continue;
      emit({
        message: `Edge Transport server ${serverName(server)} is a member of the Active Directory domain ${ctx.design.organization.adDomain} (Domain-joined is on${server.domainJoined === undefined ? ', the default' : ''}); an Edge Transport server sits in the perimeter network and is never a member of the internal forest.`,
        hint: `Install ${serverName(server)} as a workgroup server (or in a perimeter forest) and untick "Domain-joined"; it gets its directory data through an Edge Subscription.`,
        entityIds: [server.id],
      });
    }
  },
};

const perimeter: Rule = {
  id: 'edge.perimeter',
  check(ctx, emit) {
    for (const server of edgeServers(ctx.servers.values())) {
      const inside = server.nics.filter((n) => {
        const purpose = ctx.subnets.get(n.subnetId)?.purpose;
        return purpose !== undefined && purpose !== 'perimeter';
      });
      const onPerimeter = server.nics.some((n) => ctx.subnets.get(n.subnetId)?.purpose === 'perimeter');
      if (onPerimeter && inside.length === 0) continue;
      const detail = inside.length > 0 ? `: ${listOf(inside, (n) => `NIC ${n.name} is on ${ctx.subnets.get(n.subnetId)?.purpose ?? ''} subnet ${subnetName(ctx, n.subnetId)}`)}` : '';
      emit({
        message: `Edge Transport server ${serverName(server)} is ${onPerimeter ? 'also on the internal network' : 'not in the perimeter network'}${detail}.`,
        hint: `Attach ${serverName(server)}'s NICs to a subnet whose purpose is "perimeter" (the DMZ) only; the firewall lets it reach the Hub Transport servers on TCP 25 and 50636 (EdgeSync).`,
        entityIds: [server.id, ...inside.map((n) => n.subnetId)],
      });
    }
  },
};

const subscribed: Rule = {
  id: 'edge.subscribed',
  check(ctx, emit) {
    for (const server of edgeServers(ctx.servers.values())) {
      const siteId = server.edgeSubscriptionSiteId;
      const name = serverName(server);
      if (siteId === null || siteId === undefined) {
        emit({
          message: `Edge Transport server ${name} is not subscribed to an AD site: without an Edge Subscription it has no recipient lookup or safelist aggregation, and its send connectors must be made by hand.`,
          hint: `Subscribe ${name} to the AD site whose Hub Transport servers it exchanges mail with (New-EdgeSubscription on the Edge server, then import the file on a Hub Transport server of that site).`,
          entityIds: [server.id],
        });
        continue;
      }
      if (!ctx.sites.has(siteId)) {
        emit({
          severity: 'error',
          message: `Edge Transport server ${name} is subscribed to AD site "${siteId}", which is not a site of the design.`,
          hint: `Choose one of the design's AD sites (${listOf([...ctx.sites.values()], (s) => s.name)}) for ${name}'s Edge Subscription.`,
          entityIds: [server.id],
        });
        continue;
      }
      const hubs = (ctx.serversBySite.get(siteId) ?? []).filter((s) => ctx.hasRole(s, 'HT') && !isLegacyServer(s));
      if (hubs.length > 0) continue;
      emit({
        message: `Edge Transport server ${name} is subscribed to AD site ${siteName(ctx, siteId)}, which has no Exchange 2010 Hub Transport server: EdgeSync runs on the Hub Transport servers of the subscribed site, so nothing would synchronise.`,
        hint: `Subscribe ${name} to a site with Hub Transport servers, or add a Hub Transport server to AD site ${siteName(ctx, siteId)}.`,
        entityIds: [server.id, siteId],
      });
    }
  },
};

const clientNoServers: Rule = {
  id: 'subnet.client-no-servers',
  check(ctx, emit) {
    const bySubnet = new Map<string, Server[]>();
    for (const server of ctx.servers.values()) {
      for (const nic of server.nics) {
        if (ctx.subnets.get(nic.subnetId)?.purpose !== 'client') continue;
        const list = bySubnet.get(nic.subnetId);
        if (!list) bySubnet.set(nic.subnetId, [server]);
        else if (!list.includes(server)) list.push(server);
      }
    }
    for (const [subnetId, servers] of bySubnet) {
      emit({
        message: `Subnet ${subnetName(ctx, subnetId)} is a client subnet (where users' computers are), but ${serverNames(servers)} ${servers.length === 1 ? 'has a NIC' : 'have NICs'} on it.`,
        hint: `Move ${servers.length === 1 ? 'that NIC' : 'those NICs'} to a MAPI subnet, or change the subnet's purpose to MAPI if servers belong there.`,
        entityIds: [subnetId, ...servers.map((s) => s.id)],
      });
    }
  },
};

export const transportRules: readonly Rule[] = [domainJoined, perimeter, subscribed, clientNoServers];
