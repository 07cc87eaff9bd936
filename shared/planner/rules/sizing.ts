// Sizing (Exchange 2010 guidance): core ratios per site, memory per role and for the database cache, IOPS.
// Warnings (size.iops is info), never errors. The numbers come from the sizing report (../sizing), computed once
// per validation. Without sizing inputs only the core ratios and memory minimums apply.
import type { Server } from '../../model/types';
import { CAS_CORES_PER_MAILBOX_CORE, DAG_IOPS_MIN_COPIES } from '../limits';
import { sizingDetails } from '../sizing';
import { formatGB, listOf, num, plural, serverName, serverNames } from '../text';
import type { Rule } from '../types';

const RATIO_TEXT = `${Math.round(3 / CAS_CORES_PER_MAILBOX_CORE)}:3`;

function siteServers(servers: readonly Server[] | undefined, has: (s: Server) => boolean): Server[] {
  return (servers ?? []).filter(has);
}

const casCores: Rule = {
  id: 'size.cas-cores',
  check(ctx, emit) {
    for (const site of sizingDetails(ctx).sites) {
      if (site.mailboxCores === 0 || site.casCores >= site.requiredCasCores) continue;
      const cas = siteServers(ctx.serversBySite.get(site.siteId), (s) => ctx.hasRole(s, 'CAS'));
      const mailbox = siteServers(ctx.serversBySite.get(site.siteId), (s) => ctx.hasRole(s, 'MB'));
      const have = cas.length === 0 ? 'no Client Access cores' : `${plural(site.casCores, 'Client Access core')} (${serverNames(cas)})`;
      emit({
        message: `AD site ${site.siteName} has ${have} for ${plural(site.mailboxCores, 'Mailbox core')}; Exchange 2010 guidance (Mailbox:CAS = ${RATIO_TEXT}) needs at least ${plural(site.requiredCasCores, 'Client Access core')}.`,
        hint: `Add ${plural(site.requiredCasCores - site.casCores, 'core')} of Client Access in AD site ${site.siteName}: more cores on ${cas.length > 0 ? serverNames(cas) : 'a Client Access server'} or another Client Access server.`,
        entityIds: [site.siteId, ...cas.map((s) => s.id), ...mailbox.map((s) => s.id)],
      });
    }
  },
};

const hubCores: Rule = {
  id: 'size.hub-cores',
  check(ctx, emit) {
    const details = sizingDetails(ctx);
    const antivirus = details.hubAntivirus;
    const perHubCore = details.mailboxCoresPerHubCore;
    for (const site of details.sites) {
      if (site.mailboxCores === 0 || site.hubCores >= site.requiredHubCores) continue;
      const hub = siteServers(ctx.serversBySite.get(site.siteId), (s) => ctx.hasRole(s, 'HT'));
      const mailbox = siteServers(ctx.serversBySite.get(site.siteId), (s) => ctx.hasRole(s, 'MB'));
      const have = hub.length === 0 ? 'no Hub Transport cores' : `${plural(site.hubCores, 'Hub Transport core')} (${serverNames(hub)})`;
      const avText = antivirus ? 'with antivirus on the Hub servers' : 'without antivirus on the Hub servers';
      emit({
        message: `AD site ${site.siteName} has ${have} for ${plural(site.mailboxCores, 'Mailbox core')}; ${avText} the guidance is 1 Hub core per ${perHubCore} Mailbox cores: at least ${site.requiredHubCores}.`,
        hint: `Add ${plural(site.requiredHubCores - site.hubCores, 'core')} of Hub Transport in AD site ${site.siteName}: more cores on ${hub.length > 0 ? serverNames(hub) : 'a Hub Transport server'} or another Hub Transport server.`,
        entityIds: [site.siteId, ...hub.map((s) => s.id), ...mailbox.map((s) => s.id)],
      });
    }
  },
};

const memoryMin: Rule = {
  id: 'size.memory-min',
  check(ctx, emit) {
    const details = sizingDetails(ctx);
    for (const server of ctx.design.servers) {
      const minimum = details.memoryMinimum.get(server.id);
      if (!minimum || server.ramGB >= minimum.gb) continue;
      emit({
        message: `${serverName(server)} (${server.roles.join('+')}, ${plural(server.cores, 'core')}) has ${formatGB(server.ramGB)} RAM; ${minimum.reason}: at least ${formatGB(minimum.gb)}.`,
        hint: `Give ${serverName(server)} at least ${formatGB(minimum.gb)} of RAM${ctx.hasRole(server, 'CAS') ? ', or fewer cores' : ''}.`,
        entityIds: [server.id],
      });
    }
  },
};

const mailboxMemory: Rule = {
  id: 'size.mailbox-memory',
  check(ctx, emit) {
    const details = sizingDetails(ctx);
    if (!details.profile) return;
    for (const server of ctx.design.servers) {
      const req = details.mailboxMemory.get(server.id);
      if (!req || req.mailboxes === 0 || server.ramGB >= req.gb) continue;
      emit({
        message:
          `${serverName(server)} has ${formatGB(server.ramGB)} RAM, but at worst case (all ${plural(req.activeCopies, 'non-lagged database copy', 'non-lagged database copies')} on it active) ` +
          `it caches ${num(req.mailboxes)} mailboxes: ${req.baseReason} + ${num(req.mailboxes)} × ${req.profile.cacheMBPerMailbox} MB database cache ` +
          `(${req.profile.messagesPerDay} messages a day) = ${formatGB(req.gb)}.`,
        hint: `Give ${serverName(server)} at least ${formatGB(Math.ceil(req.gb))} of RAM, or spread the databases over more Mailbox servers.`,
        entityIds: [server.id, ...(ctx.copiesByServer.get(server.id) ?? []).filter((c) => !c.lagged).map((c) => c.database.id)],
      });
    }
  },
};

const iops: Rule = {
  id: 'size.iops',
  check(ctx, emit) {
    const details = sizingDetails(ctx);
    const profile = details.profile;
    if (!profile) return;
    const dbIops = details.databaseById;
    for (const s of details.servers) {
      const copies = ctx.copiesByServer.get(s.serverId) ?? [];
      if (copies.length === 0) continue;
      let mailboxes = 0;
      let dagCopies = false;
      let standalone = false;
      for (const c of copies) {
        mailboxes += dbIops.get(c.database.id)?.mailboxes ?? 0;
        if (c.database.copies.length >= DAG_IOPS_MIN_COPIES) dagCopies = true;
        else standalone = true;
      }
      const rates = [
        ...(standalone ? [`${profile.iopsStandalone} per mailbox standalone`] : []),
        ...(dagCopies ? [`${profile.iopsDagCopy} per mailbox DAG copy`] : []),
      ].join(', ');
      const perDb = listOf(copies, (c) => `${c.database.name} ${num(dbIops.get(c.database.id)?.iops ?? 0)}`);
      emit({
        message:
          `${s.serverName}: about ${num(s.iops)} IOPS for ${num(mailboxes)} mailboxes in ${plural(copies.length, 'database copy', 'database copies')} ` +
          `at ${profile.messagesPerDay} messages a day (${rates}); per database: ${perDb}.`,
        hint: `Size the disks of ${s.serverName} for at least ${num(s.iops)} IOPS for the databases (logs and headroom come on top).`,
        entityIds: [s.serverId, ...copies.map((c) => c.database.id)],
      });
    }
  },
};

export const sizingRules: readonly Rule[] = [casCores, hubCores, memoryMin, mailboxMemory, iops];
