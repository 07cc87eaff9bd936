// Sizing (Exchange 2010 guidance): core ratios per site, memory per role and for the database cache, IOPS.
// Warnings (size.iops is info), never errors. The numbers come from the sizing report (../sizing), computed once
// per validation. Without sizing inputs only the core ratios and memory minimums apply.
import type { Server } from '../../model/types';
import { formatGB } from '../dbsize';
import {
  CAS_CORES_PER_MAILBOX_CORE,
  MAILBOX_CORES_PER_HUB_CORE_WITHOUT_ANTIVIRUS,
  MAILBOX_CORES_PER_HUB_CORE_WITH_ANTIVIRUS,
  iopsPerMailbox,
  sizingDetails,
} from '../sizing';
import type { Rule } from '../types';
import { listNames, plural, serverNames } from '../verdict';

/** "1,000", "12.5": thousands separators, one decimal at most (toLocaleString is ~100× slower on big designs). */
export function num(n: number): string {
  const rounded = Math.round(n * 10) / 10;
  const [whole, fraction] = String(Math.abs(rounded)).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${rounded < 0 ? '-' : ''}${grouped}${fraction ? `.${fraction}` : ''}`;
}

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
        message: `Site ${site.siteName} has ${have} for ${plural(site.mailboxCores, 'Mailbox core')}; Exchange 2010 guidance (Mailbox:CAS = ${RATIO_TEXT}) needs at least ${site.requiredCasCores} CAS cores.`,
        hint: `Add ${plural(site.requiredCasCores - site.casCores, 'core')} of Client Access in site ${site.siteName}: more cores on ${cas.length > 0 ? serverNames(cas) : 'a Client Access server'} or another Client Access server.`,
        entityIds: [site.siteId, ...cas.map((s) => s.id), ...mailbox.map((s) => s.id)],
      });
    }
  },
};

const hubCores: Rule = {
  id: 'size.hub-cores',
  check(ctx, emit) {
    const details = sizingDetails(ctx);
    const antivirus = details.inputs?.hubAntivirus ?? true;
    const perHubCore = antivirus ? MAILBOX_CORES_PER_HUB_CORE_WITH_ANTIVIRUS : MAILBOX_CORES_PER_HUB_CORE_WITHOUT_ANTIVIRUS;
    for (const site of details.sites) {
      if (site.mailboxCores === 0 || site.hubCores >= site.requiredHubCores) continue;
      const hub = siteServers(ctx.serversBySite.get(site.siteId), (s) => ctx.hasRole(s, 'HT'));
      const mailbox = siteServers(ctx.serversBySite.get(site.siteId), (s) => ctx.hasRole(s, 'MB'));
      const have = hub.length === 0 ? 'no Hub Transport cores' : `${plural(site.hubCores, 'Hub Transport core')} (${serverNames(hub)})`;
      const avText = antivirus ? 'with antivirus on the Hub servers' : 'without antivirus on the Hub servers';
      emit({
        message: `Site ${site.siteName} has ${have} for ${plural(site.mailboxCores, 'Mailbox core')}; ${avText} the guidance is 1 Hub core per ${perHubCore} Mailbox cores: at least ${site.requiredHubCores}.`,
        hint: `Add ${plural(site.requiredHubCores - site.hubCores, 'core')} of Hub Transport in site ${site.siteName}: more cores on ${hub.length > 0 ? serverNames(hub) : 'a Hub Transport server'} or another Hub Transport server.`,
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
        message: `${server.name} (${server.roles.join('+')}, ${plural(server.cores, 'core')}) has ${formatGB(server.ramGB)} RAM; ${minimum.reason}: at least ${formatGB(minimum.gb)}.`,
        hint: `Give ${server.name} at least ${formatGB(minimum.gb)} of RAM${ctx.hasRole(server, 'CAS') ? ', or fewer cores' : ''}.`,
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
          `${server.name} has ${formatGB(server.ramGB)} RAM, but at worst case (all ${plural(req.activeCopies, 'non-lagged database copy', 'non-lagged database copies')} on it active) ` +
          `it caches ${num(req.mailboxes)} mailboxes: ${req.baseReason} + ${num(req.mailboxes)} × ${req.profile.cacheMBPerMailbox} MB database cache ` +
          `(${req.profile.messagesPerDay} messages a day) = ${formatGB(req.gb)}.`,
        hint: `Give ${server.name} at least ${formatGB(Math.ceil(req.gb))} of RAM, or spread the databases over more Mailbox servers.`,
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
    const dbIops = new Map(details.databases.map((d) => [d.databaseId, d]));
    for (const s of details.servers) {
      const copies = ctx.copiesByServer.get(s.serverId) ?? [];
      if (copies.length === 0) continue;
      const perDb = copies.map((c) => `${c.database.name} ${num(dbIops.get(c.database.id)?.iops ?? 0)}`);
      const mailboxes = copies.reduce((n, c) => n + (dbIops.get(c.database.id)?.mailboxes ?? 0), 0);
      const columns = new Set(copies.map((c) => (c.database.copies.length >= 2 ? 'DAG copy' : 'standalone')));
      const rates = [...columns].map((col) => `${iopsPerMailbox(profile, col === 'DAG copy' ? 2 : 1)} per mailbox ${col}`).join(', ');
      emit({
        message:
          `${s.serverName}: about ${num(s.iops)} IOPS for ${num(mailboxes)} mailboxes in ${plural(copies.length, 'database copy', 'database copies')} ` +
          `at ${profile.messagesPerDay} messages a day (${rates}); per database: ${listNames(perDb)}.`,
        hint: `Size the disks of ${s.serverName} for at least ${num(s.iops)} IOPS for the databases (logs and headroom come on top).`,
        entityIds: [s.serverId, ...copies.map((c) => c.database.id)],
      });
    }
  },
};

export const sizingRules: readonly Rule[] = [casCores, hubCores, memoryMin, mailboxMemory, iops];
