// Phase 6: new databases (created on their activation-preference-1 server and mounted) and every further copy,
// in activation preference order, with its lag.
import type { Dag, MailboxDatabase, MailboxDatabaseCopy } from '../../model/types';
import { formatLagTime } from '../scripts';
import { databasePaths } from '../../sizing/storage';
import type { GenerationContext } from './context';
import { stepIds } from './context';

export const DATABASE_SECONDS = 120;
export const DATABASE_COPY_SECONDS = 900;
export function sortedCopies(db: MailboxDatabase): MailboxDatabaseCopy[] {
  return db.copies
    .map((c, i) => ({ c, i }))
    .sort((a, b) => a.c.activationPreference - b.c.activationPreference || a.i - b.i)
    .map((x) => x.c);
}

/** The DAG a database lives in: the DAG of its active copy's server. */
export function databaseDag(ctx: GenerationContext, db: MailboxDatabase): Dag | undefined {
  const active = sortedCopies(db)[0];
  return active ? ctx.plan.dagsByServer.get(active.serverId)?.[0] : undefined;
}

export function databaseSteps(ctx: GenerationContext): void {
  const { design } = ctx;
  for (const db of design.databases) {
    const copies = sortedCopies(db);
    const active = copies[0];
    const server = active ? ctx.server(active.serverId) : undefined;
    if (!active || !server) continue;
    const dag = databaseDag(ctx, db);
    const ems = ctx.ems(server.siteId);
    const array = design.casArrays.find((a) => a.siteId === server.siteId);

    if (!db.existing) {
      // The storage layout (shared/sizing/storage.ts): the same paths on every server that holds a copy.
      const paths = databasePaths(ctx.plan, db);
      ctx.add({
        id: stepIds.database(db.id),
        phase: 'databases',
        target: ems.target,
        title: `Create and mount mailbox database ${db.name} on ${server.name}`,
        action: { kind: 'new-mailbox-database', name: db.name, server: server.name, edbFilePath: paths.edbFilePath, logFolderPath: paths.logFolderPath },
        restarts: false,
        supportsWhatIf: true,
        dependsOn: [ctx.setupStep(server), array ? stepIds.casArray(array.id) : null, ems.after],
        expectedSeconds: DATABASE_SECONDS,
        notes: [
          `Database file ${paths.edbFilePath} on volume ${paths.databaseVolume}, logs in ${paths.logFolderPath} on volume ${paths.logVolume} (the storage layout; every copy uses the same paths: the volumes must exist on every server that gets a copy).`,
          array ? `Created after CAS array ${array.fqdn}, so it uses the array as its RpcClientAccessServer.` : '',
        ].filter((n) => n !== ''),
        entityIds: [db.id, server.id],
      });
    }

    let previous: string | null = db.existing ? null : stepIds.database(db.id);
    for (const copy of copies.slice(1)) {
      const copyServer = ctx.server(copy.serverId);
      if (!copyServer) continue;
      const id = stepIds.databaseCopy(db.id, copyServer.id);
      const lag = copy.replayLagDays > 0 ? `, replay lag ${formatLagTime(copy.replayLagDays)}` : '';
      ctx.add({
        id,
        phase: 'databases',
        target: ems.target,
        title: `Add a copy of ${db.name} on ${copyServer.name} (activation preference ${copy.activationPreference}${lag})`,
        action: {
          kind: 'add-database-copy',
          database: db.name,
          server: copyServer.name,
          activationPreference: copy.activationPreference,
          replayLagDays: copy.replayLagDays,
          truncationLagDays: copy.truncationLagDays,
        },
        restarts: false,
        supportsWhatIf: true,
        dependsOn: [
          previous,
          dag ? stepIds.dagMember(dag.id, server.id) : null,
          dag ? stepIds.dagMember(dag.id, copyServer.id) : null,
          // Seeding goes over the replication network once the MAPI / replication split is in place.
          dag ? stepIds.dagNetworks(dag.id) : null,
          ctx.setupStep(copyServer),
          ems.after,
        ],
        expectedSeconds: DATABASE_COPY_SECONDS,
        notes: [
          'Seeds the copy over the network: the time grows with the database size.',
          copy.replayLagDays > 0 ? `Lagged copy (ReplayLagTime ${formatLagTime(copy.replayLagDays)}): it never serves clients while lagged.` : '',
          copy.truncationLagDays > 0 ? `TruncationLagTime ${formatLagTime(copy.truncationLagDays)}.` : '',
        ].filter((n) => n !== ''),
        entityIds: [db.id, copyServer.id],
      });
      previous = id;
    }
  }
}
