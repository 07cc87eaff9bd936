// After the databases are planned: setup's own database on each new Mailbox server (renamed into the plan or
// removed), and activation blocked on lagged copies.
import type { GenerationContext } from './context';
import { stepIds } from './context';
import type { Server } from '../../model/types';

export const DEFAULT_DATABASE_SECONDS = 120;
export const LAGGED_ACTIVATION_SECONDS = 30;

export function exchangeDatabaseSteps(ctx: GenerationContext): void {
  for (const server of ctx.design.servers) {
    if (!ctx.isInstalledHere(server) || !ctx.hasEms(server) || !server.roles.includes('MB')) continue;
    defaultDatabase(ctx, server);
  }
  laggedCopies(ctx);
}

/** The first planned new database whose preference-1 copy is on the server (it takes over setup's database). */
function adoptedDatabase(ctx: GenerationContext, server: Server): { id: string; name: string; edbFilePath: string; logFolderPath: string } | null {
  for (const db of ctx.design.databases) {
    if (db.existing) continue;
    const first = [...db.copies].sort((a, b) => a.activationPreference - b.activationPreference)[0];
    if (!first || first.serverId !== server.id) continue;
    const step = ctx.drafts.find((d) => d.id === stepIds.database(db.id));
    if (step && step.action.kind === 'new-mailbox-database') return { id: db.id, name: db.name, edbFilePath: step.action.edbFilePath, logFolderPath: step.action.logFolderPath };
  }
  return null;
}

function defaultDatabase(ctx: GenerationContext, server: Server): void {
  const adopt = adoptedDatabase(ctx, server);
  const id = stepIds.defaultDatabase(server.id);
  ctx.add({
    id,
    phase: 'databases',
    target: { kind: 'ems', serverId: server.id, serverName: server.name },
    title: adopt ? `Rename setup's database on ${server.name} to ${adopt.name} and move it to the planned paths` : `Remove the database setup created on ${server.name}`,
    action: { kind: 'default-database', server: server.name, adopt: adopt ? { name: adopt.name, edbFilePath: adopt.edbFilePath, logFolderPath: adopt.logFolderPath } : null },
    restarts: false,
    supportsWhatIf: true,
    dependsOn: [ctx.exchangeReady(server)],
    expectedSeconds: DEFAULT_DATABASE_SECONDS,
    notes: [
      'Setup creates "Mailbox Database <number>" on every new Mailbox server; left alone it would be a single-copy database outside the plan (and inside a DAG).',
      adopt
        ? `It becomes ${adopt.name}, the first planned database with its active copy on ${server.name}: the step that creates ${adopt.name} then finds it and only mounts it.`
        : `${server.name} holds no planned active database: the database is removed. On the organization's first server it holds the arbitration mailboxes: the step stops and says to move them first (New-MoveRequest).`,
      'Move-DatabasePath dismounts the database while its files move.',
    ],
    entityIds: [server.id, ...(adopt ? [adopt.id] : [])],
  });
  if (adopt) ctx.after(stepIds.database(adopt.id), id);
}

/** Lagged copies must not be activated automatically: activation suspended, and their preference is last. */
function laggedCopies(ctx: GenerationContext): void {
  for (const db of ctx.design.databases) {
    const sorted = [...db.copies].sort((a, b) => a.activationPreference - b.activationPreference);
    for (const copy of sorted.slice(1)) {
      if (copy.replayLagDays <= 0) continue;
      const server = ctx.server(copy.serverId);
      const copyStep = stepIds.databaseCopy(db.id, copy.serverId);
      if (!server || !ctx.has(copyStep)) continue;
      const copyDraft = ctx.drafts.find((d) => d.id === copyStep);
      const target = copyDraft?.target ?? { kind: 'ems', serverId: server.id, serverName: server.name };
      ctx.add({
        id: stepIds.laggedActivation(db.id, copy.serverId),
        phase: 'databases',
        target,
        title: `Block activation of the lagged copy of ${db.name} on ${server.name}`,
        action: { kind: 'block-lagged-activation', database: db.name, server: server.name },
        restarts: false,
        supportsWhatIf: true,
        dependsOn: [copyStep],
        expectedSeconds: LAGGED_ACTIVATION_SECONDS,
        notes: [
          `Suspend-MailboxDatabaseCopy -ActivationOnly: the copy keeps replaying its ${copy.replayLagDays}-day lag, but Active Manager never mounts it after a failure (which would throw the lag away).`,
          copy.activationPreference === sorted[sorted.length - 1].activationPreference ? `Its activation preference (${copy.activationPreference}) is the last of ${db.name}'s copies.` : `Its activation preference ${copy.activationPreference} is not the last of ${db.name}'s copies: give the lagged copy the highest number in the design.`,
          'To use it for a recovery: Resume-MailboxDatabaseCopy, then activate it by hand.',
        ],
        entityIds: [db.id, server.id],
      });
    }
  }
}
