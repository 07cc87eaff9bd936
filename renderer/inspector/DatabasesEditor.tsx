// Mailbox databases and their copies on a server or a DAG: the copy matrix (a row per database, a column per Mailbox
// server: copy, activation preference, replay and truncation lag, blocked activation; CopyMatrix.tsx), then each
// database's own settings.
import { addDatabase, deleteEntities } from '../../shared/edits';
import type { MailboxDatabase } from '../../shared/model/types';
import { apply, patcher, validateDns, validateObjectName } from './common';
import { CopyMatrix } from './CopyMatrix';
import { useEditor } from '../store/editor';
import { CheckField, NumberField, Section, TextField } from './fields';

function DatabaseRow({ db }: { db: MailboxDatabase }) {
  const set = patcher('database', db.id);
  return (
    <div className="db-row" data-testid="database" data-name={db.name}>
      <div className="row">
        <TextField label="Database" value={db.name} validate={validateObjectName} onCommit={(v) => set({ name: v })} />
        <NumberField label="Mailboxes" value={db.mailboxCount} optional integer min={0} onCommit={(v) => set({ mailboxCount: v })} />
      </div>
      <CheckField label="Exists already (repointed to the CAS array)" checked={db.existing} onCommit={(v) => set({ existing: v })} />
      <TextField label="RpcClientAccessServer (empty = the CAS array of its site)" value={db.rpcClientAccessServer ?? ''} validate={validateDns} onCommit={(v) => set({ rpcClientAccessServer: v })} testId="database-rpc-client-access" />
      <div className="row-actions">
        <button type="button" onClick={() => apply((d) => deleteEntities(d, [db.id]))}>
          Delete database
        </button>
      </div>
    </div>
  );
}

/** Databases with a copy on any of `serverIds`; new databases and copies go to `eligible` (Mailbox servers). */
export function DatabasesEditor({ serverIds, eligible }: { serverIds: readonly string[]; eligible: readonly { id: string; name: string }[] }) {
  const databases = useEditor((s) => s.doc.design.databases);
  const mine = databases.filter((db) => db.copies.some((c) => serverIds.includes(c.serverId)));
  return (
    <Section
      title={`Mailbox databases (${mine.length})`}
      actions={
        eligible.length > 0 ? (
          <button type="button" data-testid="add-database" onClick={() => apply((d) => addDatabase(d, eligible.map((e) => e.id)))}>
            Add database
          </button>
        ) : null
      }
    >
      {mine.length === 0 ? <p className="muted">No databases yet.</p> : <CopyMatrix databases={mine} eligible={eligible} />}
      {mine.map((db) => (
        <DatabaseRow key={db.id} db={db} />
      ))}
    </Section>
  );
}
