// Phase 6, mailbox databases and their copies: New-MailboxDatabase and Mount-Database, Add-MailboxDatabaseCopy
// (within the DAG of the active copy, lag limits), under the edition's limit of databases per server.
import { dagOf, databaseByName, databasesOnServer } from './checks';
import { ENTERPRISE_EDITION_MAX_DATABASES, MAX_LAG_DAYS, STANDARD_EDITION_MAX_DATABASES } from '../../shared/planner/limits';
import { findHost } from './state';
import type { LabState } from './state';
import { OK, fail, isResult, mailboxServer, notFound, rpcUnavailable } from './actionEffect';
import type { Action, ActionCall, EffectResult } from './actionEffect';

/** Exchange 2010 edition limit on databases (copies included) per server. */
function databaseLimit(state: LabState): number {
  return state.org.edition === 'Standard' ? STANDARD_EDITION_MAX_DATABASES : ENTERPRISE_EDITION_MAX_DATABASES;
}

export function newMailboxDatabase(call: ActionCall, a: Action<'new-mailbox-database'>): EffectResult {
  const { world } = call;
  const state = world.state;
  const server = findHost(state, a.server);
  if (!server || !server.exchangeRoles.includes('mb')) {
    return fail('New-MailboxDatabase', `New-MailboxDatabase : The Mailbox server '${a.server}' couldn't be found: it isn't an Exchange server with the Mailbox role.`);
  }
  let db = databaseByName(state, a.name);
  if (!db) {
    const limit = databaseLimit(state);
    const count = databasesOnServer(state, server).length;
    if (count >= limit) {
      return fail('New-MailboxDatabase', `New-MailboxDatabase : ${server.name} already hosts ${count} databases, the maximum for Exchange Server 2010 ${state.org.edition} Edition.`);
    }
    const array = state.casArrays.find((c) => c.site.toLowerCase() === server.site.toLowerCase());
    db = {
      name: a.name,
      edbFilePath: a.edbFilePath,
      logFolderPath: a.logFolderPath,
      activeServer: server.name,
      mounted: false,
      rpcClientAccessServer: array ? array.fqdn : server.fqdn,
      copies: [{ server: server.name, activationPreference: 1, replayLagDays: 0, truncationLagDays: 0 }],
    };
    state.databases.push(db);
  }
  const active = findHost(state, db.activeServer);
  if (!active || !world.reachable(active) || world.hostFault(active, 'unreachable')) {
    return fail('Mount-Database', `Mount-Database : Couldn't mount the database that you specified. Specified database: ${a.name}; Error code: MapiExceptionNetworkError: Unable to make admin interface connection to server. (${db.activeServer})`, true);
  }
  db.mounted = true;
  return OK;
}

export function addDatabaseCopy(call: ActionCall, a: Action<'add-database-copy'>): EffectResult {
  const { world, out } = call;
  const state = world.state;
  const cmd = 'Add-MailboxDatabaseCopy';
  const db = databaseByName(state, a.database);
  if (!db) return notFound(cmd, state, a.database);
  const server = mailboxServer(world, a.server, cmd);
  if (isResult(server)) return server;
  if (db.copies.some((c) => c.server === server.name)) return fail(cmd, `${cmd} : A copy of database '${db.name}' already exists on server '${server.name}'.`);
  const active = findHost(state, db.activeServer);
  const dag = active ? dagOf(state, active) : undefined;
  if (!dag) {
    return fail(cmd, `${cmd} : Database '${db.name}' is hosted on ${db.activeServer}, which isn't a member of a database availability group: add the server to a DAG first.`);
  }
  if (!dag.members.includes(server.name)) {
    return fail(cmd, `${cmd} : Server '${server.name}' isn't a member of database availability group '${dag.name}', which hosts database '${db.name}'.`);
  }
  if (a.replayLagDays > MAX_LAG_DAYS || a.truncationLagDays > MAX_LAG_DAYS) {
    return fail(cmd, `${cmd} : ReplayLagTime and TruncationLagTime can be at most ${MAX_LAG_DAYS} days.`);
  }
  if (a.activationPreference < 1) return fail(cmd, `${cmd} : The activation preference must be at least 1.`);
  if (!world.reachable(server) || world.hostFault(server, 'unreachable')) return rpcUnavailable(cmd, server.name);
  const count = databasesOnServer(state, server).length;
  if (count >= databaseLimit(state)) {
    return fail(cmd, `${cmd} : ${server.name} already hosts ${count} databases, the maximum for Exchange Server 2010 ${state.org.edition} Edition.`);
  }
  db.copies.push({ server: server.name, activationPreference: a.activationPreference, replayLagDays: a.replayLagDays, truncationLagDays: a.truncationLagDays });
  out('output', `Seeding ${db.name} to ${server.name} ... completed; copy status Healthy.`);
  return OK;
}
