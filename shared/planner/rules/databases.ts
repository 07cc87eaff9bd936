// Mailbox database rules (catalogue section "Mailbox databases"): where copies live, how many, activation
// preferences, lagged copies, edition limits and projected size.
import type { Dag, MailboxDatabase, MailboxDatabaseCopy, Server } from '../../model/types';
import { names } from '../context';
import type { PlannerContext } from '../context';
import {
  DATABASE_OVERHEAD,
  MIN_HA_COPIES_FOR_LARGE_DATABASE,
  databaseSizeLimitGB,
  databasesNeeded,
  formatGB,
  haCopyCount,
  isLaggedCopy,
  mailboxesPerDatabase,
  projectedDatabaseSizeGB,
} from '../dbsize';
import type { Rule } from '../types';

/** Exchange 2010: at most 16 copies of a database (one per DAG member). */
export const MAX_DATABASE_COPIES = 16;
/** ReplayLagTime and TruncationLagTime are at most 14 days. */
export const MAX_LAG_DAYS = 14;
/** A database with a lagged copy needs at least this many copies … */
export const LAGGED_MIN_COPIES = 3;
/** … of which at least this many are not lagged. */
export const LAGGED_MIN_NON_LAGGED_COPIES = 2;
/** Databases (active and passive copies) per server by Exchange edition. */
export const STANDARD_EDITION_MAX_DATABASES = 5;
export const ENTERPRISE_EDITION_MAX_DATABASES = 100;

function serverName(ctx: PlannerContext, serverId: string): string {
  return ctx.servers.get(serverId)?.name ?? `"${serverId}"`;
}

function days(n: number): string {
  return `${n} ${n === 1 ? 'day' : 'days'}`;
}

function lagText(copy: MailboxDatabaseCopy): string {
  const parts: string[] = [];
  if (copy.replayLagDays > 0) parts.push(`replay lag ${days(copy.replayLagDays)}`);
  if (copy.truncationLagDays > 0) parts.push(`truncation lag ${days(copy.truncationLagDays)}`);
  return parts.join(', ');
}

/** The DAG holding a database's copies (the first copy's server's DAG), if any. */
function databaseDag(ctx: PlannerContext, db: MailboxDatabase): Dag | undefined {
  for (const c of db.copies) {
    const dags = ctx.dagsByServer.get(c.serverId);
    if (dags && dags.length > 0) return dags[0];
  }
  return undefined;
}

const copyServers: Rule = {
  id: 'db.copy-servers',
  check(ctx, emit) {
    const memberSets = new Map<Dag, ReadonlySet<string>>();
    const membersOf = (dag: Dag): ReadonlySet<string> => {
      let set = memberSets.get(dag);
      if (!set) {
        set = new Set(dag.memberIds);
        memberSets.set(dag, set);
      }
      return set;
    };
    for (const db of ctx.databases.values()) {
      if (db.copies.length === 0) {
        emit({
          message: `Database ${db.name} has no copies: it is not hosted on any Mailbox server.`,
          hint: `Place a copy of ${db.name} on a Mailbox server (activation preference 1).`,
          entityIds: [db.id],
        });
        continue;
      }
      const counts = new Map<string, number>();
      for (const c of db.copies) counts.set(c.serverId, (counts.get(c.serverId) ?? 0) + 1);
      const servers: Server[] = [];
      for (const id of counts.keys()) {
        const server = ctx.servers.get(id);
        if (server) servers.push(server);
      }

      for (const [id, n] of counts) {
        if (n < 2) continue;
        emit({
          message: `Database ${db.name} has ${n} copies on ${serverName(ctx, id)}; a server holds at most one copy of a database.`,
          hint: `Keep one copy of ${db.name} on ${serverName(ctx, id)} and put the others on other DAG members.`,
          entityIds: [db.id, id],
        });
      }

      const notMailbox = servers.filter((s) => !ctx.hasRole(s, 'MB'));
      if (notMailbox.length > 0) {
        emit({
          message: `Database ${db.name} has a copy on ${names(notMailbox)}, which ${notMailbox.length === 1 ? 'does' : 'do'} not hold the Mailbox role.`,
          hint: `Move the copy to a Mailbox server, or add the Mailbox role to ${names(notMailbox)}.`,
          entityIds: [db.id, ...notMailbox.map((s) => s.id)],
        });
      }

      if (servers.length < 2) continue;
      const first = ctx.dagsByServer.get(servers[0].id) ?? [];
      const shared = first.some((dag) => {
        const members = membersOf(dag);
        return servers.every((s) => members.has(s.id));
      });
      if (shared) continue;
      const inDag = servers.filter((s) => (ctx.dagsByServer.get(s.id) ?? []).length > 0);
      if (inDag.length === 0) {
        emit({
          message: `Database ${db.name} has copies on ${names(servers)}, which are in no DAG; a database outside a DAG has exactly one copy.`,
          hint: `Put ${names(servers)} in one DAG, or keep a single copy of ${db.name}.`,
          entityIds: [db.id, ...servers.map((s) => s.id)],
        });
        continue;
      }
      const detail = servers
        .map((s) => {
          const dags = ctx.dagsByServer.get(s.id) ?? [];
          return `${s.name} (${dags.length === 0 ? 'no DAG' : names(dags)})`;
        })
        .join(', ');
      emit({
        message: `Database ${db.name} has copies on ${detail}; all copies of a database must be on members of one and the same DAG.`,
        hint: `Add these servers to one DAG, or move the copies of ${db.name} to members of a single DAG.`,
        entityIds: [db.id, ...servers.map((s) => s.id)],
      });
    }
  },
};

const maxCopies: Rule = {
  id: 'db.max-copies',
  check(ctx, emit) {
    for (const db of ctx.databases.values()) {
      if (db.copies.length <= MAX_DATABASE_COPIES) continue;
      emit({
        message: `Database ${db.name} has ${db.copies.length} copies; the limit is ${MAX_DATABASE_COPIES}.`,
        hint: `Remove copies of ${db.name} until at most ${MAX_DATABASE_COPIES} remain.`,
        entityIds: [db.id],
      });
    }
  },
};

const activationPreference: Rule = {
  id: 'db.activation-preference',
  check(ctx, emit) {
    for (const db of ctx.databases.values()) {
      const n = db.copies.length;
      if (n === 0) continue;
      const used = new Array<boolean>(n + 1).fill(false);
      let valid = true;
      for (const c of db.copies) {
        const p = c.activationPreference;
        if (p < 1 || p > n || used[p]) {
          valid = false;
          break;
        }
        used[p] = true;
      }
      if (valid) continue;
      const detail = db.copies.map((c) => `${serverName(ctx, c.serverId)} ${c.activationPreference}`).join(', ');
      emit({
        message: `Database ${db.name} has activation preferences ${detail}; with ${n} ${n === 1 ? 'copy' : 'copies'} they must be ${n === 1 ? '1' : `1…${n}`}, each used once.`,
        hint: `Number the copies of ${db.name} 1 to ${n} in the order they should be activated.`,
        entityIds: [db.id, ...new Set(db.copies.map((c) => c.serverId))],
      });
    }
  },
};

const lagMax: Rule = {
  id: 'db.lag-max',
  check(ctx, emit) {
    for (const db of ctx.databases.values()) {
      for (const c of db.copies) {
        const over: string[] = [];
        if (c.replayLagDays > MAX_LAG_DAYS) over.push(`a replay lag of ${days(c.replayLagDays)}`);
        if (c.truncationLagDays > MAX_LAG_DAYS) over.push(`a truncation lag of ${days(c.truncationLagDays)}`);
        if (over.length === 0) continue;
        emit({
          message: `Database ${db.name}'s copy on ${serverName(ctx, c.serverId)} has ${over.join(' and ')}; the maximum is ${MAX_LAG_DAYS} days.`,
          hint: `Set ReplayLagTime and TruncationLagTime of this copy to at most ${MAX_LAG_DAYS} days.`,
          entityIds: [db.id, c.serverId],
        });
      }
    }
  },
};

const laggedThreeCopies: Rule = {
  id: 'db.lagged-three-copies',
  check(ctx, emit) {
    for (const db of ctx.databases.values()) {
      const lagged = db.copies.filter(isLaggedCopy);
      if (lagged.length === 0) continue;
      const total = db.copies.length;
      const nonLagged = total - lagged.length;
      if (total >= LAGGED_MIN_COPIES && nonLagged >= LAGGED_MIN_NON_LAGGED_COPIES) continue;
      const laggedDetail = lagged.map((c) => `${serverName(ctx, c.serverId)} (${lagText(c)})`).join(', ');
      const dag = databaseDag(ctx, db);
      const dagMembers = dag ? new Set(dag.memberIds).size : 0;
      const missing = Math.max(LAGGED_MIN_COPIES - total, LAGGED_MIN_NON_LAGGED_COPIES - nonLagged, 1);
      const hint = !dag
        ? `Put ${db.name}'s servers in a DAG of at least ${LAGGED_MIN_COPIES} Mailbox servers with ${LAGGED_MIN_NON_LAGGED_COPIES} non-lagged copies, or remove the lag.`
        : dagMembers < LAGGED_MIN_COPIES
          ? `Add ${LAGGED_MIN_COPIES - dagMembers === 1 ? 'a Mailbox server' : `${LAGGED_MIN_COPIES - dagMembers} Mailbox servers`} to DAG ${dag.name} (it has ${dagMembers}) and a non-lagged copy of ${db.name} on ${LAGGED_MIN_COPIES - dagMembers === 1 ? 'it' : 'them'}, or remove the lag.`
          : `Add ${missing === 1 ? 'a non-lagged copy' : `${missing} non-lagged copies`} of ${db.name} on other members of DAG ${dag.name}, or remove the lag.`;
      emit({
        message: `Database ${db.name} has a lagged copy on ${laggedDetail} but only ${total} ${total === 1 ? 'copy' : 'copies'} (${nonLagged} non-lagged); a lagged copy needs at least ${LAGGED_MIN_COPIES} copies, ${LAGGED_MIN_NON_LAGGED_COPIES} of them not lagged (a lagged copy never serves clients).`,
        hint,
        entityIds: [db.id, ...new Set(db.copies.map((c) => c.serverId))],
      });
    }
  },
};

const editionLimit: Rule = {
  id: 'db.edition-limit',
  check(ctx, emit) {
    const edition = ctx.design.organization.edition;
    const limit = edition === 'Standard' ? STANDARD_EDITION_MAX_DATABASES : ENTERPRISE_EDITION_MAX_DATABASES;
    for (const [serverId, copies] of ctx.copiesByServer) {
      if (copies.length <= limit) continue;
      const server = ctx.servers.get(serverId);
      if (!server) continue;
      emit({
        message: `${server.name} hosts ${copies.length} database copies (active and passive); Exchange 2010 ${edition} edition allows at most ${limit} per server.`,
        hint:
          edition === 'Standard'
            ? `Use Exchange Enterprise edition (up to ${ENTERPRISE_EDITION_MAX_DATABASES} databases per server), or spread the copies over more Mailbox servers.`
            : `Spread the database copies over more Mailbox servers (at most ${limit} per server).`,
        entityIds: [server.id],
      });
    }
  },
};

const size: Rule = {
  id: 'db.size',
  check(ctx, emit) {
    const sizing = ctx.design.sizing;
    if (!sizing) return;
    for (const db of ctx.databases.values()) {
      const projected = projectedDatabaseSizeGB(ctx.design, db);
      const mailboxes = mailboxesPerDatabase(ctx.design, db);
      if (projected === null || mailboxes === null) continue;
      const haCopies = haCopyCount(db);
      const limit = databaseSizeLimitGB(haCopies);
      if (projected <= limit) continue;
      const needed = databasesNeeded(mailboxes, sizing.mailboxQuotaGB, haCopies);
      const why =
        haCopies >= MIN_HA_COPIES_FOR_LARGE_DATABASE
          ? `the limit for a database with ${MIN_HA_COPIES_FOR_LARGE_DATABASE} or more non-lagged copies is ${formatGB(limit)}`
          : `the limit for a database with fewer than ${MIN_HA_COPIES_FOR_LARGE_DATABASE} non-lagged copies is ${formatGB(limit)}`;
      const split = `Split the ${mailboxes} mailboxes of ${db.name} over at least ${needed} databases`;
      emit({
        message: `Database ${db.name} is projected at ${formatGB(projected)} (${mailboxes} mailboxes × ${formatGB(sizing.mailboxQuotaGB)} quota + ${Math.round(DATABASE_OVERHEAD * 100)}% overhead); ${why}.`,
        hint:
          haCopies >= MIN_HA_COPIES_FOR_LARGE_DATABASE
            ? `${split}.`
            : `${split}, or give it at least ${MIN_HA_COPIES_FOR_LARGE_DATABASE} non-lagged copies in a DAG (limit ${formatGB(databaseSizeLimitGB(MIN_HA_COPIES_FOR_LARGE_DATABASE))}).`,
        entityIds: [db.id],
      });
    }
  },
};

const singleCopy: Rule = {
  id: 'db.single-copy',
  check(ctx, emit) {
    for (const db of ctx.databases.values()) {
      if (db.copies.length !== 1) continue;
      const serverId = db.copies[0].serverId;
      const dags = ctx.dagsByServer.get(serverId);
      if (!dags || dags.length === 0) continue; // outside any DAG: rule ha.mailbox reports it
      const dag = dags[0];
      const other = dag.memberIds.find((id) => id !== serverId && ctx.servers.has(id));
      emit({
        message: `Database ${db.name} has a single copy, on ${serverName(ctx, serverId)} (member of DAG ${dag.name}): it is not highly available.`,
        hint: other
          ? `Add a copy of ${db.name} on another member of DAG ${dag.name}, e.g. ${serverName(ctx, other)} (activation preference 2).`
          : `Add a second Mailbox server to DAG ${dag.name} and a copy of ${db.name} on it.`,
        entityIds: [db.id, serverId],
      });
    }
  },
};

export const databaseRules: readonly Rule[] = [
  copyServers,
  maxCopies,
  activationPreference,
  lagMax,
  laggedThreeCopies,
  editionLimit,
  size,
  singleCopy,
];
