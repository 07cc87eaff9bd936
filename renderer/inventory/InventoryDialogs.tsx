// The inventory dialogs (built on the app's Modal): import over unsaved changes, the import's notes, and
// "Read inventory from…" - the inventory script run read-only through a chosen Exchange server of the design, in
// the rehearsal lab or on the real host with an account - and the file drag-in that imports an inventory.
import { useEffect, useMemo, useState } from 'react';
import type { FormEvent } from 'react';
import { getApi } from '../api/client';
import { Modal } from '../components/Modal';
import { displayName } from '../app/files';
import { toast, useEditor } from '../store/editor';
import { beginImport, closeInventoryDialog, driftLastRead, importLastRead, importText, readInventory, readPickedFile, useInventory } from './store';
import type { ReadResult } from './store';
import './inventory.css';

function ConfirmImport({ name, text }: { name: string; text: string }) {
  const open = useEditor((s) => displayName(s.path, s.doc));
  return (
    <Modal title="Import inventory" onClose={closeInventoryDialog} testId="inventory-confirm">
      <p className="warning-line">{open} has unsaved changes: they are lost unless you save first.</p>
      <p>
        The inventory <strong>{name}</strong> opens as a new, untitled design; {open} is not changed on disk.
      </p>
      <div className="modal-actions">
        <button type="button" onClick={closeInventoryDialog} data-autofocus>
          Cancel
        </button>
        <button type="button" className="primary" onClick={() => void importText(name, text)} data-testid="inventory-confirm-import">
          Discard changes and import
        </button>
      </div>
    </Modal>
  );
}

function ImportNotes({ name, summary, notes }: { name: string; summary: string; notes: readonly string[] }) {
  const counts = useEditor((s) => s.plan.counts);
  return (
    <Modal title="Inventory imported" onClose={closeInventoryDialog} testId="inventory-notes" className="inventory-modal">
      <p data-testid="inventory-summary">
        Imported {summary} from <strong>{name}</strong> as a new design, every object marked existing. It is not saved yet.
      </p>
      <p className="muted">
        The planner&apos;s findings on it (the health check of the organization): {counts.error} errors, {counts.warning} warnings, {counts.info} notes — in the Problems tab.
      </p>
      {notes.length > 0 ? (
        <>
          <h3 className="inventory-subhead">What the import could not map, or assumed ({notes.length})</h3>
          <ul className="inventory-notes" data-testid="inventory-note-list">
            {notes.map((n, i) => (
              <li key={i} data-testid="inventory-note">
                {n}
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p>Everything in the inventory was mapped.</p>
      )}
      <div className="modal-actions">
        <button type="button" className="primary" onClick={closeInventoryDialog} data-autofocus data-testid="inventory-notes-close">
          OK
        </button>
      </div>
    </Modal>
  );
}

interface HeldCredential {
  readonly credentialId: string;
  readonly user: string;
}

function ReadResultView({ result }: { result: ReadResult }) {
  return (
    <div className="inventory-result" data-testid="inventory-read-result">
      <p>
        Read {result.summary} from {result.source}.
        {result.problems > 0 ? ` The script could not read ${result.problems} thing${result.problems === 1 ? '' : 's'} (listed in the inventory's problems).` : ''}
      </p>
      {result.warnings.length > 0 ? (
        <ul className="inventory-notes">
          {result.warnings.slice(0, 20).map((w, i) => (
            <li key={i} className="warning-line">
              {w}
            </li>
          ))}
        </ul>
      ) : null}
      <div className="modal-actions">
        <button type="button" onClick={driftLastRead} data-testid="inventory-read-drift">
          Compare with this design (Drift)
        </button>
        <button type="button" className="primary" onClick={importLastRead} data-testid="inventory-read-import">
          Import as a new design
        </button>
      </div>
    </div>
  );
}

function ReadDialog() {
  const all = useEditor((s) => s.doc.design.servers);
  const servers = useMemo(() => all.filter((x) => !x.roles.includes('Edge') && x.roles.length > 0), [all]);
  const [target, setTarget] = useState<'lab' | 'hosts'>('lab');
  const [server, setServer] = useState(() => servers.find((s) => s.roles.includes('CAS'))?.name ?? servers[0]?.name ?? '');
  const [host, setHost] = useState('');
  const [held, setHeld] = useState<readonly HeldCredential[]>([]);
  const [heldId, setHeldId] = useState('');
  const [user, setUser] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState<string | null>(null);
  const [result, setResult] = useState<ReadResult | null>(null);
  const fqdn = servers.find((s) => s.name === server)?.fqdn ?? '';

  useEffect(() => {
    let live = true;
    void getApi()
      .invoke('credentials.list', {})
      .then((list) => {
        if (!live) return;
        setHeld(list.credentials);
        setHeldId((id) => id || (list.credentials[0]?.credentialId ?? ''));
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (server === '') return;
    let credentialId: string | undefined;
    if (target === 'hosts') {
      credentialId = heldId || undefined;
      if (!credentialId) {
        if (user.trim() === '') {
          toast('error', 'Enter the account to read the organization with.');
          return;
        }
        try {
          // Held in main's memory only (never remembered from here); the password leaves this form now.
          credentialId = (await getApi().invoke('credentials.set', { user: user.trim(), password, remember: false })).credentialId;
        } catch (error) {
          toast('error', `The account was not accepted: ${error instanceof Error ? error.message : String(error)}`);
          return;
        } finally {
          setPassword('');
        }
      }
    }
    setResult(null);
    const read = await readInventory({ target, server, ...(target === 'hosts' ? { host: host.trim() || fqdn } : {}), ...(credentialId ? { credentialId } : {}) }, setBusy);
    setResult(read);
  };

  return (
    <Modal title="Read inventory from…" onClose={busy ? undefined : closeInventoryDialog} testId="inventory-read" className="inventory-modal">
      <form onSubmit={(e) => void submit(e)} className="inventory-form">
        <p className="muted">
          Runs Get-ExTopoInventory.ps1 read-only: Get-* cmdlets, WMI queries and Active Directory reads. Nothing in the organization changes.
        </p>
        <div className="inventory-targets" role="radiogroup" aria-label="Read from">
          <label>
            <input type="radio" name="inventory-target" checked={target === 'lab'} onChange={() => setTarget('lab')} data-testid="inventory-target-lab" /> The rehearsal lab of this design
          </label>
          <label>
            <input type="radio" name="inventory-target" checked={target === 'hosts'} onChange={() => setTarget('hosts')} data-testid="inventory-target-hosts" /> A real Exchange server (PowerShell remoting)
          </label>
        </div>
        {servers.length === 0 ? <p className="warning-line">The design has no Exchange server to read through: add one, or import an inventory file.</p> : null}
        <label className="inventory-field">
          <span>Through server</span>
          <select value={server} onChange={(e) => setServer(e.target.value)} data-testid="inventory-server">
            {servers.map((s) => (
              <option key={s.id} value={s.name}>
                {s.name} ({s.roles.join(', ')})
              </option>
            ))}
          </select>
        </label>
        {target === 'lab' ? (
          <p className="muted">In the lab of this design&apos;s newest rehearsal (or, before any, a new lab with its existing servers), through the host double in PowerShell 7.</p>
        ) : (
          <>
            <label className="inventory-field">
              <span>Host</span>
              <input value={host} placeholder={fqdn || 'ex1.contoso.local'} onChange={(e) => setHost(e.target.value)} spellCheck={false} data-testid="inventory-host" />
            </label>
            {held.length > 0 ? (
              <label className="inventory-field">
                <span>Account</span>
                <select value={heldId} onChange={(e) => setHeldId(e.target.value)} data-testid="inventory-credential">
                  <option value="">Another account…</option>
                  {held.map((c) => (
                    <option key={c.credentialId} value={c.credentialId}>
                      {c.user}
                    </option>
                  ))}
                </select>
              </label>
            ) : null}
            {heldId === '' ? (
              <>
                <label className="inventory-field">
                  <span>User name</span>
                  <input value={user} onChange={(e) => setUser(e.target.value)} placeholder="CONTOSO\administrator" autoComplete="username" spellCheck={false} data-testid="inventory-user" />
                </label>
                <label className="inventory-field">
                  <span>Password</span>
                  <input type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="current-password" data-testid="inventory-password" />
                </label>
              </>
            ) : null}
            <p className="muted">
              The script runs in this machine&apos;s PowerShell with {server || 'the server'}&apos;s Exchange cmdlets (its Exchange endpoint, Kerberos); WMI and Active Directory are read from this machine as the signed-in Windows user. View-Only Organization Management is enough.
            </p>
          </>
        )}
        {busy ? (
          <p className="busy" data-testid="inventory-read-busy">
            {busy}…
          </p>
        ) : null}
        {result ? <ReadResultView result={result} /> : null}
        {!result ? (
          <div className="modal-actions">
            <button type="button" onClick={closeInventoryDialog} disabled={busy !== null}>
              Cancel
            </button>
            <button type="submit" className="primary" disabled={busy !== null || server === ''} data-testid="inventory-read-start">
              Read inventory
            </button>
          </div>
        ) : null}
      </form>
    </Modal>
  );
}

/** Dropping a .json file on the window imports it as an inventory (the Drift view takes drops for itself). */
function useFileDrop(): void {
  useEffect(() => {
    const hasFiles = (e: DragEvent) => e.dataTransfer?.types.includes('Files') === true;
    const over = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
    };
    const drop = (e: DragEvent) => {
      if (!hasFiles(e) || e.defaultPrevented) return;
      e.preventDefault();
      const file = e.dataTransfer?.files[0];
      if (!file) return;
      if (!/\.json$/i.test(file.name)) {
        toast('error', `${file.name} is not an inventory: drop the .json file Get-ExTopoInventory.ps1 wrote.`);
        return;
      }
      void readPickedFile(file).then((text) => text !== null && beginImport(file.name, text));
    };
    window.addEventListener('dragover', over);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragover', over);
      window.removeEventListener('drop', drop);
    };
  }, []);
}

export function InventoryDialogs() {
  useFileDrop();
  const dialog = useInventory((s) => s.dialog);
  if (!dialog) return null;
  switch (dialog.kind) {
    case 'confirmImport':
      return <ConfirmImport name={dialog.name} text={dialog.text} />;
    case 'notes':
      return <ImportNotes name={dialog.name} summary={dialog.summary} notes={dialog.notes} />;
    case 'read':
      return <ReadDialog />;
  }
}
