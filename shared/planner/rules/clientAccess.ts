// Client access across AD sites: a CAS array in every site with Mailbox servers, each database's
// RpcClientAccessServer naming the array of the site it is active in, what Outlook does after a cross-site
// failover, and Internet-facing sites.
//
// Sources (Exchange 2010 documentation): RPCCAS "Understanding RPC Client Access" — a new database's
// RpcClientAccessServer is the CAS array of its AD site (or a Client Access server of the site when there is no
// array); Set-MailboxDatabase -RpcClientAccessServer takes a Client Access server or CAS array (ODP-SETMDB).
// OMERS: create the CAS array in every site with Mailbox servers before any mailbox exists. SWITCHOVER "Datacenter
// Switchovers": after databases move to the second datacenter, Outlook keeps connecting to the array named in
// RpcClientAccessServer; clients follow when its DNS record is pointed at the second datacenter's array.
import { databaseSiteId, rpcClientAccessServer } from '../context';
import { siteHasMailbox } from '../verdict';
import { stretchedDags } from '../resilience';
import { listNames, listOf, plural, serverName, serverNames, siteName } from '../text';
import type { Rule } from '../types';

const perMailboxSite: Rule = {
  id: 'casarray.per-mailbox-site',
  check(ctx, emit) {
    for (const site of ctx.sites.values()) {
      if (!siteHasMailbox(ctx, site.id) || (ctx.casArraysBySite.get(site.id) ?? []).length > 0) continue;
      const cas = (ctx.serversBySite.get(site.id) ?? []).filter((s) => ctx.hasRole(s, 'CAS'));
      if (cas.length === 0) continue; // role.cas-in-site
      emit({
        message: `AD site ${site.name} has Mailbox servers and ${plural(cas.length, 'Client Access server')} (${serverNames(cas)}) but no CAS array: its databases' RpcClientAccessServer names ${serverName(cas[0])} itself, and every Outlook profile must change when that server is replaced.`,
        hint: `Create a CAS array for AD site ${site.name} (even with one Client Access server) before any mailbox is created or moved there.`,
        entityIds: [site.id, ...cas.map((s) => s.id)],
      });
    }
  },
};

const rpcClientAccess: Rule = {
  id: 'db.rpc-client-access',
  check(ctx, emit) {
    const arraysByFqdn = new Map(ctx.design.casArrays.filter((a) => a.fqdn !== '').map((a) => [a.fqdn.toLowerCase(), a]));
    for (const db of ctx.databases.values()) {
      if (db.rpcClientAccessServer === undefined || db.rpcClientAccessServer === '') continue; // derived: always the site's array
      const value = db.rpcClientAccessServer;
      const siteId = databaseSiteId(ctx, db);
      const siteArray = siteId === null ? undefined : ctx.casArraysBySite.get(siteId)?.[0];
      const should = siteArray ? `CAS array ${siteArray.name} (${siteArray.fqdn})` : null;
      const array = arraysByFqdn.get(value.toLowerCase());
      const server = ctx.serversByFqdn.get(value.toLowerCase())?.[0];
      if (array) {
        if (siteId === null || array.siteId === siteId) continue;
        emit({
          severity: 'warning',
          message: `Database ${db.name} is active in AD site ${siteName(ctx, siteId)} but its RpcClientAccessServer is ${value}, the CAS array of site ${siteName(ctx, array.siteId)}: its Outlook clients connect through the other site's Client Access servers, across the WAN.`,
          hint: should ? `Clear the override so it follows ${should}, or set it to ${siteArray?.fqdn}.` : `Create a CAS array in AD site ${siteName(ctx, siteId)} and point ${db.name} at it.`,
          entityIds: [db.id, array.id],
        });
      } else if (server) {
        if (!ctx.hasRole(server, 'CAS')) {
          emit({
            message: `Database ${db.name}'s RpcClientAccessServer is ${value}, server ${serverName(server)}, which does not hold the Client Access role: Set-MailboxDatabase accepts only a Client Access server or a CAS array.`,
            hint: should ? `Clear the override so it follows ${should}.` : `Name a Client Access server or CAS array of AD site ${siteId === null ? '(the database has no copy)' : siteName(ctx, siteId)}.`,
            entityIds: [db.id, server.id],
          });
        } else {
          emit({
            severity: 'warning',
            message: `Database ${db.name}'s RpcClientAccessServer is ${value}, the single Client Access server ${serverName(server)}${should ? `, not ${should}` : ''}: its Outlook clients are pinned to that server, with no failover.`,
            hint: should ? `Clear the override so it follows ${should}.` : `Create a CAS array in AD site ${siteId === null ? '(none)' : siteName(ctx, siteId)} and point ${db.name} at it.`,
            entityIds: [db.id, server.id],
          });
        }
      } else {
        emit({
          severity: 'warning',
          message: `Database ${db.name}'s RpcClientAccessServer is ${value}, which is neither a CAS array nor a server of the design, so it cannot be checked.`,
          hint: should ? `Clear the override so it follows ${should}, or add the array or server that ${value} names.` : `Use the FQDN of the CAS array of the database's AD site.`,
          entityIds: [db.id],
        });
      }
    }
  },
};

const crossSiteFailover: Rule = {
  id: 'casarray.cross-site-failover',
  check(ctx, emit) {
    for (const s of stretchedDags(ctx)) {
      const memberIds = new Set(s.members.map((m) => m.id));
      const affected = [...ctx.databases.values()].filter((db) => {
        const home = databaseSiteId(ctx, db);
        if (home === null || !db.copies.some((c) => memberIds.has(c.serverId))) return false;
        return db.copies.some((c) => {
          const server = ctx.servers.get(c.serverId);
          return server !== undefined && server.siteId !== home;
        });
      });
      if (affected.length === 0) continue;
      const sample = affected[0];
      const rpc = rpcClientAccessServer(ctx, sample);
      const arrays = [...s.bySite.keys()].map((id) => ctx.casArraysBySite.get(id)?.[0]).filter((a) => a !== undefined);
      emit({
        message:
          `DAG ${s.dag.name}: ${plural(affected.length, 'database has', 'databases have')} copies in more than one AD site (${listOf(affected, (d) => d.name)}). ` +
          `When one activates in the other site, its Outlook clients keep connecting to the CAS array its RpcClientAccessServer names (${rpc ? rpc.fqdn : 'none yet'}), whose Client Access servers reach the database across the WAN; ` +
          'after a datacenter switchover that array is gone too, and clients reconnect only once its DNS record points at the surviving datacenter\'s array.',
        hint:
          arrays.length > 1
            ? `For a datacenter switchover, point the DNS records of ${listNames(arrays.map((a) => a.fqdn))} at the surviving site's CAS array VIP (low TTL helps), or run Set-MailboxDatabase -RpcClientAccessServer for the moved databases.`
            : 'Give every site of the DAG its own CAS array, so the surviving datacenter can serve Outlook after a switchover.',
        entityIds: [s.dag.id, ...arrays.map((a) => a.id)],
      });
    }
  },
};

const internetFacing: Rule = {
  id: 'site.internet-facing',
  check(ctx, emit) {
    const external = ctx.design.organization.externalHostnames;
    const facing = [...ctx.sites.values()].filter((site) => {
      const cas = (ctx.serversBySite.get(site.id) ?? []).some((s) => ctx.hasRole(s, 'CAS'));
      return site.internetFacing ?? cas;
    });
    for (const site of facing) {
      const cas = (ctx.serversBySite.get(site.id) ?? []).filter((s) => ctx.hasRole(s, 'CAS'));
      if (cas.length > 0) continue;
      emit({
        message: `AD site ${site.name} is marked Internet-facing but has no Client Access server to serve OWA, Outlook Anywhere and ActiveSync.`,
        hint: `Add a Client Access server to AD site ${site.name}, or mark the site as not Internet-facing (its clients are then proxied by an Internet-facing site's Client Access servers).`,
        entityIds: [site.id],
      });
    }
    if (external.length > 0 && facing.length === 0 && ctx.sites.size > 0) {
      emit({
        message: `The organization publishes ${listNames(external)}, but no AD site is Internet-facing: nothing answers OWA, Outlook Anywhere or ActiveSync from the Internet.`,
        hint: 'Mark the AD site whose Client Access servers are published to the Internet as Internet-facing.',
        entityIds: [],
      });
    }
  },
};

export const clientAccessRules: readonly Rule[] = [perMailboxSite, rpcClientAccess, crossSiteFailover, internetFacing];
