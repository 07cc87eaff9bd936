// Coexistence with Exchange 2003 / 2007 servers the organization keeps (servers with `legacy` set): supported
// versions, that they already exist, that they stay out of Exchange 2010 DAGs, CAS arrays and database copies, and
// the order Exchange 2010 goes in.
//
// Source COEXIST (Exchange 2010 documentation, "Upgrading and Coexisting with Exchange 2010", technet aa998604 for
// v=exchg.141, and the Exchange 2010 system requirements): coexistence with Exchange 2003 and Exchange 2007 is
// supported, Exchange 2000 is not; every Exchange 2003 server needs SP2 and every Exchange 2007 server SP2 (setup's
// readiness checks refuse otherwise); the Exchange 2003 organization must be in native mode; earlier versions
// cannot be added to the organization once Exchange 2010 is in; deploy Exchange 2010 Client Access in the
// Internet-facing sites first, then the other sites, then Hub Transport and Mailbox, and only then move mailboxes.
// An Exchange 2007 server cannot join an Exchange 2010 DAG or hold a copy of an Exchange 2010 database
// (ODP-ADDDAG: members are Exchange 2010 Mailbox servers).
import type { Server } from '../../model/types';
import { isLegacyServer } from '../context';
import { LEGACY_MIN_SERVICE_PACK } from '../limits';
import { listNames, listOf, roleList, serverName, serverNames, siteName } from '../text';
import type { Rule } from '../types';

function legacyServers(ctx: { readonly design: { readonly servers: readonly Server[] } }): Server[] {
  return ctx.design.servers.filter(isLegacyServer);
}

function versionLabel(server: Server): string {
  return server.legacy ? `Exchange ${server.legacy.version} SP${server.legacy.servicePack}` : 'Exchange 2010';
}

const version: Rule = {
  id: 'coexist.version',
  check(ctx, emit) {
    for (const server of legacyServers(ctx)) {
      const legacy = server.legacy;
      if (!legacy) continue;
      const min = LEGACY_MIN_SERVICE_PACK[legacy.version];
      if (legacy.servicePack >= min) continue;
      emit({
        message: `Server ${serverName(server)} runs ${versionLabel(server)}; Exchange 2010 setup requires every Exchange ${legacy.version} server of the organization at SP${min} or later.`,
        hint: `Install Exchange ${legacy.version} SP${min} on ${serverName(server)} before installing the first Exchange 2010 server${legacy.version === '2003' ? ' (and switch the Exchange 2003 organization to native mode)' : ''}, or decommission it.`,
        entityIds: [server.id],
      });
    }
  },
};

const existing: Rule = {
  id: 'coexist.legacy-existing',
  check(ctx, emit) {
    for (const server of legacyServers(ctx)) {
      if (server.existing) continue;
      emit({
        message: `Server ${serverName(server)} is an ${versionLabel(server)} server that is not marked as existing: earlier Exchange versions cannot be added to an organization that has Exchange 2010, and the runbook installs only Exchange 2010.`,
        hint: `Mark ${serverName(server)} as existing (it is already deployed), or make it an Exchange 2010 server.`,
        entityIds: [server.id],
      });
    }
  },
};

const roles: Rule = {
  id: 'coexist.legacy-roles',
  check(ctx, emit) {
    for (const server of legacyServers(ctx)) {
      const where: string[] = [];
      const ids: string[] = [server.id];
      for (const dag of ctx.dagsByServer.get(server.id) ?? []) {
        where.push(`a member of DAG ${dag.name}`);
        ids.push(dag.id);
      }
      const copies = ctx.copiesByServer.get(server.id) ?? [];
      if (copies.length > 0) where.push(`hosts copies of ${listOf(copies, (c) => c.database.name)}`);
      for (const cluster of ctx.nlbClusters.values()) {
        if (!(ctx.nlbMembers.get(cluster.id) ?? []).includes(server)) continue;
        const arrays = ctx.design.casArrays.filter((a) => a.nlbClusterId === cluster.id);
        if (arrays.length === 0) continue;
        where.push(`behind CAS array ${listNames(arrays.map((a) => a.name))}`);
        ids.push(cluster.id, ...arrays.map((a) => a.id));
      }
      for (const hlb of ctx.hardwareLoadBalancers.values()) {
        if (!hlb.memberIds.includes(server.id)) continue;
        const arrays = ctx.design.casArrays.filter((a) => a.hardwareLoadBalancerId === hlb.id);
        if (arrays.length === 0) continue;
        where.push(`behind CAS array ${listNames(arrays.map((a) => a.name))}`);
        ids.push(hlb.id, ...arrays.map((a) => a.id));
      }
      if (where.length === 0) continue;
      emit({
        message: `${versionLabel(server)} server ${serverName(server)} is ${where.join(', ')}: DAGs, their database copies and CAS arrays are Exchange 2010 only.`,
        hint: `Take ${serverName(server)} out of them; keep its own databases until their mailboxes are moved to Exchange 2010 databases.`,
        entityIds: [...new Set(ids)],
      });
    }
  },
};

const order: Rule = {
  id: 'coexist.order',
  check(ctx, emit) {
    const legacy = legacyServers(ctx);
    if (legacy.length === 0) return;
    const versions = [...new Set(legacy.map((s) => s.legacy?.version ?? ''))].sort();
    const facing = [...ctx.sites.values()].filter((site) => {
      const hasCas = (ctx.serversBySite.get(site.id) ?? []).some((s) => ctx.hasRole(s, 'CAS'));
      return site.internetFacing ?? hasCas;
    });
    const newCas = ctx.design.servers.filter((s) => !isLegacyServer(s) && !s.existing && ctx.hasRole(s, 'CAS'));
    const firstCas = newCas.filter((s) => facing.some((f) => f.id === s.siteId));
    const extra =
      versions.includes('2003')
        ? ' With Exchange 2003, setup creates the routing group connector to the Exchange 2003 routing group, and the Exchange 2003 organization must be in native mode.'
        : '';
    const legacyNames = versions.includes('2007') ? ' Publish a legacy host name (e.g. legacy.<your domain>) for the Exchange 2007 Client Access servers, so OWA and ActiveSync users whose mailboxes are still on Exchange 2007 are redirected.' : '';
    emit({
      message:
        `The organization keeps ${listOf(legacy, (s) => `${serverName(s)} (${versionLabel(s)}, ${roleList(s.roles)})`)}. Exchange 2010 goes in this order: ` +
        `Client Access servers in the Internet-facing sites first${facing.length > 0 ? ` (${listNames(facing.map((f) => siteName(ctx, f.id)))}${firstCas.length > 0 ? `: ${serverNames(firstCas)}` : ''})` : ''}, ` +
        `then Client Access in the other sites, then Hub Transport, then Mailbox; mailboxes move only after that.${extra}${legacyNames}`,
      hint: 'Keep the runbook in that order and check the legacy servers\' service packs first (coexist.version); remove the legacy servers only after their mailboxes, public folders and connectors have moved.',
      entityIds: legacy.map((s) => s.id),
    });
  },
};

export const coexistenceRules: readonly Rule[] = [version, existing, roles, order];
