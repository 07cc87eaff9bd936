// Public folder databases (Exchange 2010): on an Exchange 2010 Mailbox server, at most one per server, replicas on
// a second server for high availability (a DAG never replicates public folders), and a public folder database for
// Outlook 2003 clients.
//
// Source PF (Exchange 2010 documentation, "Understanding Public Folders" and "Understanding Public Folder
// Replication"): a public folder database lives on a Mailbox server, one per server; public folder databases
// cannot be replicated by a DAG — their content is made highly available by public folder replication to
// databases on other servers; Outlook 2003 and earlier use public folders for free/busy data and the offline
// address book, so Exchange 2010 setup creates a public folder database when such clients are expected.
import type { PublicFolderDatabase, Server } from '../../model/types';
import { isLegacyServer, publicFolderDatabases, push } from '../context';
import { MAX_PUBLIC_FOLDER_DATABASES_PER_SERVER } from '../limits';
import { listNames, serverName } from '../text';
import type { Rule } from '../types';

const server: Rule = {
  id: 'pf.server',
  check(ctx, emit) {
    const ids = new Set(publicFolderDatabases(ctx).map((p) => p.id));
    for (const pf of publicFolderDatabases(ctx)) {
      const dangling = pf.replicaIds.filter((id) => !ids.has(id));
      if (dangling.length > 0) {
        emit({
          message: `Public folder database ${pf.name} lists ${listNames(dangling.map((d) => `"${d}"`))} as ${dangling.length === 1 ? 'a replica' : 'replicas'}, which ${dangling.length === 1 ? 'is not a public folder database' : 'are not public folder databases'} of the design.`,
          hint: `Remove ${dangling.length === 1 ? 'it' : 'them'} from ${pf.name}'s replicas, or add the missing public folder database.`,
          entityIds: [pf.id],
        });
      }
      const host = ctx.servers.get(pf.serverId);
      if (!host) {
        emit({
          message: `Public folder database ${pf.name} is on server "${pf.serverId}", which is not a server of the design.`,
          hint: `Place ${pf.name} on an Exchange 2010 Mailbox server of the design.`,
          entityIds: [pf.id],
        });
        continue;
      }
      const why = isLegacyServer(host) ? `an Exchange ${host.legacy?.version ?? ''} server` : !ctx.hasRole(host, 'MB') ? 'not a Mailbox server' : null;
      if (why === null) continue;
      emit({
        message: `Public folder database ${pf.name} is on ${serverName(host)}, which is ${why}; an Exchange 2010 public folder database lives on an Exchange 2010 Mailbox server.`,
        hint: `Move ${pf.name} to an Exchange 2010 Mailbox server${isLegacyServer(host) ? ' (the legacy server keeps its own public folder store; replicate the folders to the new database)' : `, or add the Mailbox role to ${serverName(host)}`}.`,
        entityIds: [pf.id, host.id],
      });
    }
  },
};

const onePerServer: Rule = {
  id: 'pf.one-per-server',
  check(ctx, emit) {
    const byServer = new Map<string, PublicFolderDatabase[]>();
    for (const pf of publicFolderDatabases(ctx)) push(byServer, pf.serverId, pf);
    for (const [serverId, list] of byServer) {
      const host = ctx.servers.get(serverId);
      if (!host || list.length <= MAX_PUBLIC_FOLDER_DATABASES_PER_SERVER) continue;
      emit({
        message: `Server ${serverName(host)} has ${list.length} public folder databases (${listNames(list.map((p) => p.name))}); a Mailbox server holds at most ${MAX_PUBLIC_FOLDER_DATABASES_PER_SERVER}.`,
        hint: `Keep one public folder database on ${serverName(host)} and put the others on other Mailbox servers as replicas.`,
        entityIds: [host.id, ...list.map((p) => p.id)],
      });
    }
  },
};

const legacyClients: Rule = {
  id: 'pf.legacy-clients',
  check(ctx, emit) {
    if (ctx.design.organization.outlook2003Clients !== true || publicFolderDatabases(ctx).length > 0) return;
    emit({
      message: 'Outlook 2003 clients connect to this organization, but the design has no public folder database: Outlook 2003 reads free/busy information and the offline address book from public folders.',
      hint: 'Add a public folder database on an Exchange 2010 Mailbox server (and a replica on a second one), and set it as the default public folder database of the mailbox databases of those users.',
      entityIds: [],
    });
  },
};

const replicas: Rule = {
  id: 'pf.replicas',
  check(ctx, emit) {
    const all = publicFolderDatabases(ctx);
    const byId = new Map(all.map((p) => [p.id, p]));
    for (const pf of all) {
      const host = ctx.servers.get(pf.serverId);
      if (!host) continue; // pf.server
      const others: Server[] = [];
      for (const id of pf.replicaIds) {
        const replica = byId.get(id);
        const s = replica ? ctx.servers.get(replica.serverId) : undefined;
        if (s && s !== host && !others.includes(s)) others.push(s);
      }
      if (others.length > 0) continue;
      emit({
        message: `Public folder database ${pf.name} on ${serverName(host)} has no replica on another server: a DAG does not replicate public folders, so its folders are offline whenever ${serverName(host)} is.`,
        hint: `Add a public folder database on a second Mailbox server and list it as a replica of ${pf.name} (public folder replication).`,
        entityIds: [pf.id, host.id],
      });
    }
  },
};

export const publicFolderRules: readonly Rule[] = [server, onePerServer, legacyClients, replicas];
