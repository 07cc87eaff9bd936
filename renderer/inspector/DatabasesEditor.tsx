// Mailbox databases and their copies (activation preference, replay and truncation lag) on a server or a DAG.
import { addDatabase, deleteEntities } from '../../shared/edits';
import type { MailboxDatabase, MailboxDatabaseCopy } from '../../shared/model/types';
import { MAX_LAG_DAYS } from '../../shared/planner/limits';
import { useEditor } from '../store/editor';
import { apply, patchAt, patcher, validateObjectName } from './common';
import { CheckField, NumberField, RemoveButton, Section, SelectField, TextField } from './fields';


function setCopies(db: MailboxDatabase, copies: MailboxDatabaseCopy[]) {
  return patcher('database', db.id)({ copies });
}

function DatabaseRow({ db, eligible }: { db: MailboxDatabase; eligible: readonly { id: string; name: string }[] }) {
  const servers = useEditor((s) => s.doc.design.servers);
  const name = (id: string) => servers.find((s) => s.id === id)?.name ?? id;
  const free = eligible.filter((e) => !db.copies.some((c) => c.serverId === e.id));
  const set = patcher('database', db.id);
  const update = (i: number, patch: Partial<MailboxDatabaseCopy>) => set({ copies: patchAt(db.copies, i, patch) });
  return (
    <div className="db-row" data-testid="database" data-name={db.name}>
      <div className="row">
        <TextField label="Database" value={db.name} validate={validateObjectName} onCommit={(v) => set({ name: v })} />
        <NumberField label="Mailboxes" value={db.mailboxCount} optional integer min={0} onCommit={(v) => set({ mailboxCount: v })} />
      </div>
      <CheckField label="Exists already (repointed to the CAS array)" checked={db.existing} onCommit={(v) => set({ existing: v })} />
      <table className="copies">
        <thead>
          <tr>
            <th>Copy on</th>
            <th title="Activation preference">Pref.</th>
            <th title="ReplayLagTime (days)">Replay lag</th>
            <th title="TruncationLagTime (days)">Trunc. lag</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {db.copies.map((c, i) => (
            <tr key={c.serverId} data-testid="database-copy" data-server={name(c.serverId)}>
              <td>
                <SelectField
                  label=""
                  value={c.serverId}
                  options={[{ id: c.serverId, name: name(c.serverId) }, ...free].map((s) => ({ value: s.id, label: s.name }))}
                  onCommit={(v) => update(i, { serverId: v })}
                />
              </td>
              <td>
                <NumberField label="" value={c.activationPreference} integer min={1} max={64} onCommit={(v) => update(i, { activationPreference: v ?? 1 })} />
              </td>
              <td>
                <NumberField label="" value={c.replayLagDays} min={0} max={365} warn={(v) => (v > MAX_LAG_DAYS ? `over ${MAX_LAG_DAYS} days (rule db.lag-max)` : null)} onCommit={(v) => update(i, { replayLagDays: v ?? 0 })} />
              </td>
              <td>
                <NumberField label="" value={c.truncationLagDays} min={0} max={365} warn={(v) => (v > MAX_LAG_DAYS ? `over ${MAX_LAG_DAYS} days (rule db.lag-max)` : null)} onCommit={(v) => update(i, { truncationLagDays: v ?? 0 })} />
              </td>
              <td>
                <RemoveButton title="Remove this copy" disabled={db.copies.length === 1} onClick={() => setCopies(db, db.copies.filter((_, j) => j !== i))} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="row-actions">
        <button
          type="button"
          disabled={free.length === 0}
          data-testid="add-copy"
          onClick={() => setCopies(db, [...db.copies, { serverId: free[0].id, activationPreference: db.copies.length + 1, replayLagDays: 0, truncationLagDays: 0 }])}
        >
          Add copy
        </button>
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
      {mine.length === 0 ? <p className="muted">No databases yet.</p> : null}
      {mine.map((db) => (
        <DatabaseRow key={db.id} db={db} eligible={eligible} />
      ))}
    </Section>
  );
}
