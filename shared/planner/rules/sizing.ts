// Sizing (shared/domain/sizing.md): Client Access and Hub Transport ratios per site, memory per role, and — with the
// design's sizing inputs — per Mailbox server in its worst failure case: cores, database cache, disk space and IOPS;
// failures a DAG cannot survive; a lagged copy's extra logs; IOPS per server. Warnings with the number missing (the
// design deploys, an expert would object), except size.layout: a storage layout whose paths cannot exist is an error,
// because the runbook creates the databases at those paths. The numbers come from the sizing report, computed once
// per validation.
import type { Server } from '../../model/types';
import { mc, nd, pct, size } from '../../sizing/format';
import { recommendDatabases } from '../../sizing/method';
import type { RatioCheck, SiteSizing } from '../../sizing/types';
import { sizingDetails } from '../sizing';
import { formatGB, listNames, num, plural, serverName, serverNames } from '../text';
import type { PlannerContext } from '../context';
import type { Rule } from '../types';

function siteServers(ctx: PlannerContext, siteId: string, names: readonly string[]): Server[] {
  const wanted = new Set(names);
  return (ctx.serversBySite.get(siteId) ?? []).filter((s) => wanted.has(s.name));
}

function amount(site: SiteSizing, x: number): string {
  return site.unit === 'cores' ? num(x) : mc(x);
}

/** size.cas-cores and size.hub-cores: one message shape for both ratios. */
function ratioRule(id: 'size.cas-cores' | 'size.hub-cores'): Rule {
  const cas = id === 'size.cas-cores';
  const label = cas ? 'Client Access' : 'Hub Transport';
  return {
    id,
    check(ctx, emit) {
      const details = sizingDetails(ctx);
      for (const site of details.sites) {
        const r: RatioCheck = cas ? site.clientAccess : site.hubTransport;
        if (r.ok || r.mailbox === 0) continue;
        const u = site.unit === 'cores' ? 'cores' : 'megacycles';
        const qty = (x: number, what: string) => {
          const noun = what === '' ? '' : `${what} `;
          return site.unit === 'cores' ? plural(x, `${noun}core`) : `${mc(x)} ${noun}megacycles`;
        };
        const separate = siteServers(ctx, site.siteId, r.separateServers);
        const combined = siteServers(ctx, site.siteId, r.combinedServers);
        const mailbox = siteServers(ctx, site.siteId, site.mailboxServers);
        const have: string[] = [];
        if (r.separate > 0) have.push(`${qty(r.separate, label)} (${serverNames(separate)})`);
        if (r.combined > 0) have.push(`${qty(r.combined, 'combined CAS+HT')} (${serverNames(combined)})`);
        const ratioText = cas
          ? 'Mailbox:CAS = 4:3'
          : `${details.hubAntivirus ? 'with antivirus on the Hub servers' : 'without antivirus on the Hub servers'} 1 Hub core per ${details.mailboxCoresPerHubCore} Mailbox cores`;
        const besides = r.combined > 0 ? ` besides the combined ones` : '';
        emit({
          message:
            `AD site ${site.siteName} has ${have.length > 0 ? have.join(' and ') : `no ${label} ${u}`} for ${qty(r.mailbox, 'Mailbox')}; ` +
            `Exchange 2010 guidance (${ratioText}, a combined CAS+HT server 1:1) needs at least ${qty(r.requiredSeparate, label)}${besides}: ` +
            `${r.arithmetic} covers ${amount(site, r.covered)} of ${amount(site, r.mailbox)}.`,
          hint:
            r.combined > 0
              ? `Add ${qty(Math.ceil(r.mailbox - r.covered - 1e-9), '')} to the combined CAS+HT servers (${serverNames(combined)}), or ${qty(r.addSeparate, label)} on separate servers, in AD site ${site.siteName}.`
              : `Add ${site.unit === 'cores' ? plural(r.addSeparate, 'core') : `${mc(r.addSeparate)} megacycles`} of ${label} in AD site ${site.siteName}: more cores on ${separate.length > 0 ? serverNames(separate) : `a ${label} server`} or another ${label} server.`,
          entityIds: [site.siteId, ...separate.map((s) => s.id), ...combined.map((s) => s.id), ...mailbox.map((s) => s.id)],
        });
      }
    },
  };
}

const memoryMin: Rule = {
  id: 'size.memory-min',
  check(ctx, emit) {
    const details = sizingDetails(ctx);
    for (let i = 0; i < details.servers.length; i++) {
      const s = details.servers[i];
      const server = details.sources.servers[i];
      if (server.ramGB >= s.roleMemoryGB) continue;
      emit({
        message: `${serverName(server)} (${server.roles.join('+')}, ${plural(server.cores, 'core')}) has ${formatGB(server.ramGB)} RAM; ${s.roleMemoryReason}: at least ${formatGB(s.roleMemoryGB)}.`,
        hint: `Give ${serverName(server)} at least ${formatGB(s.roleMemoryGB)} of RAM${ctx.hasRole(server, 'CAS') && !ctx.hasRole(server, 'MB') ? ', or fewer cores' : ''}.`,
        entityIds: [server.id],
      });
    }
  },
};

function worstText(failed: readonly string[], dagName: string | null): string {
  if (dagName === null) return 'with all its databases active (no DAG)';
  return failed.length > 0 ? `with ${listNames(failed)} failed (DAG ${dagName})` : `in DAG ${dagName}`;
}

const mailboxMemory: Rule = {
  id: 'size.mailbox-memory',
  check(ctx, emit) {
    const details = sizingDetails(ctx);
    for (let i = 0; i < details.servers.length; i++) {
      const m = details.servers[i].mailbox;
      const server = details.sources.servers[i];
      if (!m || m.cacheShortGB <= 0) continue;
      const row = m.ramRow;
      emit({
        message:
          `${serverName(server)} has ${formatGB(server.ramGB)} RAM (${nd(m.installedCacheGB, 1)} GB database cache), but at worst ${worstText(m.failedServers, m.dagName)} it holds ` +
          `${num(m.activeMailboxes)} active mailboxes × ${nd(m.cacheMBPerMailbox, 2)} MB = ${size(m.cacheGB)} of cache: ${size(m.cacheShortGB)} short` +
          `${row ? `; the ${num(row.ramGB)} GB RAM row gives ${nd(row.cacheGB, 1)} GB` : '; even the 128 GB RAM row falls short'}.`,
        hint: row
          ? `Give ${serverName(server)} ${num(row.ramGB)} GB of RAM (${formatGB(row.ramGB - server.ramGB)} more), or spread the databases over more Mailbox servers.`
          : `Spread the databases over more Mailbox servers: no RAM size gives ${serverName(server)} ${size(m.cacheGB)} of database cache.`,
        entityIds: [server.id, ...m.activeCopies.map((c) => c.databaseId)],
      });
    }
  },
};

const cpu: Rule = {
  id: 'size.cpu',
  check(ctx, emit) {
    const details = sizingDetails(ctx);
    for (let i = 0; i < details.servers.length; i++) {
      const s = details.servers[i];
      const server = details.sources.servers[i];
      const m = s.mailbox;
      if (m) {
        if (m.missingCores <= 0) continue;
        emit({
          message:
            `${serverName(server)} has ${plural(server.cores, 'core')}, but at worst ${worstText(m.failedServers, m.dagName)} its ${num(m.activeMailboxes)} active and ${num(m.passiveMailboxes)} passive mailboxes need ` +
            `${mc(m.megacycles)} megacycles: ${mc(m.megacycles)} ÷ (${mc(s.megacyclesPerCore)} per core × ${pct(m.targetUtilisation)} target) = ${nd(m.coresExact, 2)} → ${plural(m.requiredCores, 'core')}; ` +
            `${plural(m.missingCores, 'core')} short (${pct(m.utilisation)} CPU at worst${s.specIntRate === null ? ', reference core: no SPECint_rate2006 given' : ''}).`,
          hint: `Give ${serverName(server)} at least ${plural(m.requiredCores, 'core')}${s.specIntRate === null ? ', enter its SPECint_rate2006 result (a modern core does more than the reference)' : ''}, or spread the databases over more Mailbox servers.`,
          entityIds: [server.id],
        });
      } else if (server.cores < s.minimumCores) {
        emit({
          message: `${serverName(server)} (${server.roles.join('+')}) has ${plural(server.cores, 'core')}; the role minimum is ${plural(s.minimumCores, 'core')}.`,
          hint: `Give ${serverName(server)} at least ${plural(s.minimumCores, 'core')}.`,
          entityIds: [server.id],
        });
      }
    }
  },
};

const storage: Rule = {
  id: 'size.storage',
  check(ctx, emit) {
    const details = sizingDetails(ctx);
    for (let i = 0; i < details.servers.length; i++) {
      const m = details.servers[i].mailbox;
      const server = details.sources.servers[i];
      if (!m) continue;
      const space = m.storageShortGB !== null && m.storageShortGB > 0;
      const iops = m.iopsShort !== null && m.iopsShort > 0;
      if (!space && !iops) continue;
      const parts: string[] = [];
      if (space) parts.push(`its database and log volumes need ${size(m.storageGB)} (${size(m.databaseVolumesGB)} database + ${size(m.logVolumesGB)} log) but it has ${size(server.storageGB ?? 0)}: ${size(m.storageShortGB ?? 0)} short`);
      if (iops) parts.push(`its ${plural(m.activeCopies.length + m.passiveCopies.length, 'database copy', 'database copies')} need ${nd(m.iops, 1)} IOPS but the disks deliver ${num(server.storageIops ?? 0)}: ${nd(m.iopsShort ?? 0, 1)} IOPS short`);
      emit({
        message: `${serverName(server)}: ${parts.join('; ')}.`,
        hint: `Give ${serverName(server)} ${[space ? `at least ${size(m.storageGB)} of disk for Exchange` : '', iops ? `disks for at least ${Math.ceil(m.iops)} IOPS` : ''].filter(Boolean).join(' and ')}, or move database copies to other Mailbox servers.`,
        entityIds: [server.id],
      });
    }
  },
};

const failures: Rule = {
  id: 'size.failures',
  check(ctx, emit) {
    for (const d of sizingDetails(ctx).dags) {
      if (!d.requestedByInput || d.failures >= d.requestedFailures) continue;
      emit({
        message: `DAG ${d.dagName} should survive ${plural(d.requestedFailures, 'server failure')}, but with ${plural(d.members.length, 'member')} it keeps quorum through ${plural(d.quorumFailures, 'failure')}: it is sized for ${d.failures}.`,
        hint: `Add members to DAG ${d.dagName} (${2 * d.requestedFailures + 1} keep quorum through ${d.requestedFailures} failures, ${2 * d.requestedFailures} with a witness), or lower "failures to survive".`,
        entityIds: [d.dagId],
      });
    }
  },
};

const layout: Rule = {
  id: 'size.layout',
  check(ctx, emit) {
    for (const p of sizingDetails(ctx).layout.problems) emit({ message: p.message, hint: p.hint, entityIds: p.entityIds });
  },
};

const laggedLogs: Rule = {
  id: 'size.lagged-logs',
  check(ctx, emit) {
    const details = sizingDetails(ctx);
    // The figures are in the design's order of databases (one per database).
    for (let i = 0; i < details.databases.length; i++) {
      const d = details.databases[i];
      if (d.laggedLogVolumeGB === null || d.laggedExtraGB === null) continue;
      const db = details.sources.databases[i];
      const lagged = db.copies.filter((c) => c.replayLagDays > 0 || c.truncationLagDays > 0).map((c) => ctx.servers.get(c.serverId)?.name ?? c.serverId);
      emit({
        message:
          `Database ${db.name}: the lagged copy on ${listNames(lagged)} keeps ${plural(d.lagDays, 'day')} of logs (${size(d.logsPerDayGB)} a day): its log volume needs ${size(d.laggedLogVolumeGB)}, ` +
          `${size(d.laggedExtraGB)} more than the ${size(d.logVolumeGB)} of the other copies.`,
        hint: `Give the log volume of ${db.name} on ${listNames(lagged)} at least ${size(d.laggedLogVolumeGB)}.`,
        entityIds: [db.id, ...db.copies.filter((c) => c.replayLagDays > 0 || c.truncationLagDays > 0).map((c) => c.serverId)],
      });
    }
  },
};

const iops: Rule = {
  id: 'size.iops',
  check(ctx, emit) {
    const details = sizingDetails(ctx);
    if (!details.resolved) return;
    for (const s of details.servers) {
      const m = s.mailbox;
      if (!m) continue;
      const copies = m.activeCopies.length + m.passiveCopies.length;
      if (copies === 0) continue;
      const entityIds = [s.serverId];
      for (const c of m.activeCopies) entityIds.push(c.databaseId);
      for (const c of m.passiveCopies) entityIds.push(c.databaseId);
      // The per-copy arithmetic is in the server's sizing lines (Sizing panel, extopo validate, the PDF).
      emit({
        message: `${s.serverName}: about ${num(m.iops)} IOPS for ${num(m.activeMailboxes + m.passiveMailboxes)} mailboxes in ${plural(copies, 'database copy', 'database copies')} (active and passive, 20 % overhead included).`,
        hint: `Size the disks of ${s.serverName} for at least ${num(m.iops)} database IOPS (enter what they deliver as the server's storage IOPS to have it checked).`,
        entityIds,
      });
    }
  },
};

/** db.size with the sizing method's capacity, for the database at `index` in the design's list (used by rules/databases.ts). */
export function databaseSizeFinding(ctx: PlannerContext, index: number): { message: string; hint: string } | null {
  const details = sizingDetails(ctx);
  const d = details.databases[index];
  const inputs = details.resolved;
  if (!d || !inputs || d.sizeGB <= d.limitGB) return null;
  const rec = recommendDatabases(d.mailboxes, inputs.mailboxSize.totalGB, inputs.growthFactor, d.haCopies);
  const why = d.haCopies >= 2 ? `the limit for a database with 2 or more non-lagged copies is ${formatGB(d.limitGB)}` : `the limit for a database with fewer than 2 non-lagged copies is ${formatGB(d.limitGB)}`;
  const split = `Split the ${num(d.mailboxes)} mailboxes of ${d.databaseName} over at least ${rec.databases} databases (at most ${num(rec.mailboxesPerDatabaseMax)} each)`;
  return {
    message:
      `Database ${d.databaseName} is projected at ${size(d.sizeGB)} (${num(d.mailboxes)} mailboxes × ${nd(inputs.mailboxSize.totalGB, 3)} GB on disk × 1.2${inputs.growthFactor === 1 ? '' : ` × ${nd(inputs.growthFactor, 3)} growth`}: ` +
      `quota, white space, deleted items${inputs.sizing.singleItemRecovery ? ', single item recovery' : ''}${inputs.sizing.calendarVersionLogging ? ', calendar version logging' : ''}); ${why}.`,
    hint: d.haCopies >= 2 ? `${split}.` : `${split}, or give it at least 2 non-lagged copies in a DAG (limit 2,048 GB).`,
  };
}

export const sizingRules: readonly Rule[] = [ratioRule('size.cas-cores'), ratioRule('size.hub-cores'), memoryMin, mailboxMemory, cpu, storage, failures, layout, laggedLogs, iops];
