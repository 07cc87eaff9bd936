// Mailbox database rules (catalogue section "Mailbox databases"): where copies live, how many, activation
// preferences, lagged copies, edition limits and projected size.
import type { Dag, MailboxDatabase, MailboxDatabaseCopy, Server } from '../../model/types';
import type { PlannerContext } from '../context';
import { isLegacyServer, publicFolderDatabases, push, serverEdition } from '../context';
import { isLaggedCopy } from '../dbsize';
import { databaseSizeFinding } from './sizing';
import {
  ENTERPRISE_EDITION_MAX_DATABASES,
  LAGGED_MIN_COPIES,
  MAX_DATABASE_COPIES,
  MAX_LAG_DAYS,
  MIN_HA_COPIES,
  STANDARD_EDITION_MAX_DATABASES,
} from '../limits';
import { days, listNames, listOf, plural, serverName, serverNameById, serverNames } from '../text';
import type { Rule } from '../types';

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

/** Whether one DAG lists every one of the first `count` servers, given by their positions in the design (at least one). */
function inOneDag(ctx: PlannerContext, positions: readonly number[], count: number): boolean {
  const first = ctx.dagsAt[positions[0]];
  if (!first) return false;
  for (const dag of first) {
    let all = true;
    for (let i = 1; i < count && all; i++) all = ctx.dagsAt[positions[i]]?.includes(dag) ?? false;
    if (all) return true;
  }
  return false;
}

const copyServers: Rule = {
  id: 'db.copy-servers',
  check(ctx, emit) {
    // Scratch lists for every database, filled up to `count` (this runs for every database of the design on every
    // edit; an array emptied by setting its length to 0 is allocated again); a finding gets a copy.
    const scratch: Server[] = [];
    const positions: number[] = [];
    const dbs = ctx.design.databases;
    for (let d = 0; d < dbs.length; d++) {
      const db = dbs[d];
      if (db.copies.length === 0) {
        emit({
          message: `Database ${db.name} has no copies: it is not hosted on any Mailbox server.`,
          hint: `Place a copy of ${db.name} on a Mailbox server (activation preference 1).`,
          entityIds: [db.id],
        });
        continue;
      }
      // Distinct copy servers in copy order (a database has at most a few dozen copies: a scan beats a map). Plain
      // loops: this runs for every database of the design on every edit.
      const copies = db.copies;
      const offset = ctx.copyOffsets[d];
      let repeated: Map<string, number> | null = null;
      let count = 0;
      let allMailbox = true;
      for (let i = 0; i < copies.length; i++) {
        const id = copies[i].serverId;
        let earlier = false;
        for (let j = 0; j < i && !earlier; j++) earlier = copies[j].serverId === id;
        if (earlier) {
          (repeated ??= new Map()).set(id, (repeated.get(id) ?? 1) + 1);
          continue;
        }
        const position = ctx.copyServerPositions[offset + i];
        if (position < 0) continue;
        const server = ctx.design.servers[position];
        if (!ctx.hasRole(server, 'MB')) allMailbox = false;
        scratch[count] = server;
        positions[count] = position;
        count++;
      }
      if (repeated === null && allMailbox && (count < 2 || inOneDag(ctx, positions, count))) continue;
      const servers = scratch.slice(0, count);

      for (const [id, n] of repeated ?? []) {
        emit({
          message: `Database ${db.name} has ${n} copies on ${serverNameById(ctx, id)}; a server holds at most one copy of a database.`,
          hint: `Keep one copy of ${db.name} on ${serverNameById(ctx, id)} and put the others on other DAG members.`,
          entityIds: [db.id, id],
        });
      }

      let notMailbox: Server[] | null = null;
      if (!allMailbox) for (const s of servers) if (!ctx.hasRole(s, 'MB')) (notMailbox ??= []).push(s);
      if (notMailbox) {
        emit({
          message: `Database ${db.name} has a copy on ${serverNames(notMailbox)}, which ${notMailbox.length === 1 ? 'does' : 'do'} not hold the Mailbox role.`,
          hint: `Move the copy to a Mailbox server, or add the Mailbox role to ${serverNames(notMailbox)}.`,
          entityIds: [db.id, ...notMailbox.map((s) => s.id)],
        });
      }

      if (count < 2 || inOneDag(ctx, positions, count)) continue;
      const inDag = servers.filter((s) => (ctx.dagsByServer.get(s.id) ?? []).length > 0);
      if (inDag.length === 0) {
        emit({
          message: `Database ${db.name} has copies on ${serverNames(servers)}, which are in no DAG; a database outside a DAG has exactly one copy.`,
          hint: `Put ${serverNames(servers)} in one DAG, or keep a single copy of ${db.name}.`,
          entityIds: [db.id, ...servers.map((s) => s.id)],
        });
        continue;
      }
      const detail = listOf(servers, (s) => {
        const dags = ctx.dagsByServer.get(s.id) ?? [];
        return `${serverName(s)} (in ${dags.length === 0 ? 'no DAG' : listNames(dags.map((d) => d.name))})`;
      });
      emit({
        message: `Database ${db.name} has copies on ${detail}; all copies of a database must be on members of one and the same DAG.`,
        hint: `Add these servers to one DAG, or move the copies of ${db.name} to members of a single DAG.`,
        entityIds: [db.id, ...servers.map((s) => s.id)],
      });
    }
    scratch.length = 0;
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
      const detail = listOf(db.copies, (c) => `${serverNameById(ctx, c.serverId)} ${c.activationPreference}`);
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
          message: `Database ${db.name}'s copy on ${serverNameById(ctx, c.serverId)} has ${over.join(' and ')}; the maximum is ${MAX_LAG_DAYS} days.`,
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
      if (total >= LAGGED_MIN_COPIES && nonLagged >= MIN_HA_COPIES) continue;
      const laggedDetail = listOf(lagged, (c) => `${serverNameById(ctx, c.serverId)} (${lagText(c)})`);
      const dag = databaseDag(ctx, db);
      const dagMembers = dag ? new Set(dag.memberIds).size : 0;
      const missing = Math.max(LAGGED_MIN_COPIES - total, MIN_HA_COPIES - nonLagged, 1);
      const hint = !dag
        ? `Put ${db.name}'s servers in a DAG of at least ${LAGGED_MIN_COPIES} Mailbox servers with ${MIN_HA_COPIES} non-lagged copies, or remove the lag.`
        : dagMembers < LAGGED_MIN_COPIES
          ? `Add ${LAGGED_MIN_COPIES - dagMembers === 1 ? 'a Mailbox server' : `${LAGGED_MIN_COPIES - dagMembers} Mailbox servers`} to DAG ${dag.name} (it has ${dagMembers}) and a non-lagged copy of ${db.name} on ${LAGGED_MIN_COPIES - dagMembers === 1 ? 'it' : 'them'}, or remove the lag.`
          : `Add ${missing === 1 ? 'a non-lagged copy' : `${missing} non-lagged copies`} of ${db.name} on other members of DAG ${dag.name}, or remove the lag.`;
      emit({
        message: `Database ${db.name} has a lagged copy on ${laggedDetail} but only ${total} ${total === 1 ? 'copy' : 'copies'} (${nonLagged} non-lagged); a lagged copy needs at least ${LAGGED_MIN_COPIES} copies, ${MIN_HA_COPIES} of them not lagged (a lagged copy never serves clients).`,
        hint,
        entityIds: [db.id, ...new Set(db.copies.map((c) => c.serverId))],
      });
    }
  },
};

const editionLimit: Rule = {
  id: 'db.edition-limit',
  check(ctx, emit) {
    // Public folder databases count against the limit as well (a recovery database does not; ExTopo has none).
    const pfByServer = new Map<string, number>();
    for (const pf of publicFolderDatabases(ctx)) pfByServer.set(pf.serverId, (pfByServer.get(pf.serverId) ?? 0) + 1);
    const serverIds = new Set([...ctx.copiesByServer.keys(), ...pfByServer.keys()]);
    for (const serverId of serverIds) {
      const server = ctx.servers.get(serverId);
      if (!server || isLegacyServer(server)) continue;
      const copies = ctx.copiesByServer.get(serverId)?.length ?? 0;
      const pf = pfByServer.get(serverId) ?? 0;
      const edition = serverEdition(ctx, server);
      const limit = edition === 'Standard' ? STANDARD_EDITION_MAX_DATABASES : ENTERPRISE_EDITION_MAX_DATABASES;
      if (copies + pf <= limit) continue;
      const own = server.exchangeEdition !== undefined ? "its product key's" : "the organization's";
      emit({
        message: `Server ${serverName(server)} hosts ${copies + pf} databases (${plural(copies, 'mailbox database copy', 'mailbox database copies')}, active and passive${pf > 0 ? `, and ${plural(pf, 'public folder database')}` : ''}); Exchange 2010 ${edition} edition (${own}) mounts at most ${limit} per server.`,
        hint:
          edition === 'Standard'
            ? `License ${serverName(server)} for Exchange Enterprise edition with an Enterprise product key (up to ${ENTERPRISE_EDITION_MAX_DATABASES} databases per server), or spread the copies over more Mailbox servers.`
            : `Spread the database copies over more Mailbox servers (at most ${limit} per server).`,
        entityIds: [server.id],
      });
    }
  },
};

const nameUnique: Rule = {
  id: 'db.name-unique',
  check(ctx, emit) {
    // A first pass finds whether any name is used twice; a valid design stops there (this runs for every database).
    const seen = new Set<string>();
    let twice = false;
    for (const db of ctx.databases.values()) {
      const key = db.name.toLowerCase();
      if (seen.has(key)) twice = true;
      seen.add(key);
    }
    for (const pf of publicFolderDatabases(ctx)) {
      const key = pf.name.toLowerCase();
      if (seen.has(key)) twice = true;
      seen.add(key);
    }
    if (!twice) return;
    // The labels are worded only for the names used twice.
    const byName = new Map<string, { id: string; kind: 'mailbox' | 'public folder'; name: string }[]>();
    for (const db of ctx.databases.values()) push(byName, db.name.toLowerCase(), { id: db.id, kind: 'mailbox', name: db.name });
    for (const pf of publicFolderDatabases(ctx)) push(byName, pf.name.toLowerCase(), { id: pf.id, kind: 'public folder', name: pf.name });
    for (const [, users] of byName) {
      if (users.length < 2) continue;
      const list = users.map((u) => ({ id: u.id, label: `${u.kind} database ${u.name}` }));
      emit({
        message: `The database name "${list[0].label.replace(/^.* database /, '')}" is used ${list.length} times (${listOf(list, (d) => d.label)}); database names are unique in an Exchange organization.`,
        hint: 'Give each mailbox and public folder database its own name (e.g. DB01, DB02, PF01).',
        entityIds: list.map((d) => d.id),
      });
    }
  },
};

const size: Rule = {
  id: 'db.size',
  check(ctx, emit) {
    // The size comes from the sizing method (quota, white space, deleted items, single item recovery, calendar
    // version logging, data overhead, growth): rules/sizing.ts words the finding.
    const dbs = ctx.design.databases;
    for (let i = 0; i < dbs.length; i++) {
      const finding = databaseSizeFinding(ctx, i);
      if (finding) emit({ ...finding, entityIds: [dbs[i].id] });
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
        message: `Database ${db.name} has a single copy, on ${serverNameById(ctx, serverId)} (member of DAG ${dag.name}): it is not highly available.`,
        hint: other
          ? `Add a copy of ${db.name} on another member of DAG ${dag.name}, e.g. ${serverNameById(ctx, other)} (activation preference 2).`
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
  nameUnique,
  size,
  singleCopy,
];
