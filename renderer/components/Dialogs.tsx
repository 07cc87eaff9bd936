// Modal dialogs: the templates gallery (New), the design list (Open in the browser host), the file name prompt
// (Save As in the browser host) and the crash-recovery offer on start.
import { useEffect, useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import { discardRecovery, displayName, listDocuments, listTemplates, newFromTemplate, openPath, recover, saveAs } from '../app/files';
import { isDirty, useEditor } from '../store/editor';
import type { RecoveryEntry } from '../store/editor';

/** The frame of every modal dialog: a titled box over a backdrop; a click outside it or Escape closes it (when it can be closed). */
export function Modal({ title, children, onClose, testId, className }: { title: string; children: ReactNode; onClose?: () => void; testId: string; className?: string }) {
  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose?.()}>
      <div className={className ? `modal ${className}` : 'modal'} role="dialog" aria-label={title} data-testid={testId} onKeyDown={(e) => e.key === 'Escape' && onClose?.()}>
        <div className="modal-title">
          <h2>{title}</h2>
          {onClose ? (
            <button type="button" className="close" onClick={onClose} aria-label="Close">
              ×
            </button>
          ) : null}
        </div>
        {children}
      </div>
    </div>
  );
}

/** What `load` answers once it has (null until then; an answer after the dialog closed is dropped). */
function useLoaded<T>(load: () => Promise<T>): T | null {
  const [value, setValue] = useState<T | null>(null);
  useEffect(() => {
    let live = true;
    void load().then((v) => live && setValue(v));
    return () => {
      live = false;
    };
  }, [load]);
  return value;
}

const close = () => useEditor.setState({ dialog: null });

function UnsavedWarning() {
  const dirty = useEditor(isDirty);
  const name = useEditor((s) => displayName(s.path, s.doc));
  return dirty ? <p className="warning-line">{name} has unsaved changes: they are lost unless you save first.</p> : null;
}

function TemplateGallery() {
  const templates = useLoaded(listTemplates);
  return (
    <Modal title="New design" onClose={close} testId="templates-dialog">
      <UnsavedWarning />
      {templates === null ? <p className="muted">Loading templates…</p> : null}
      <div className="template-grid">
        {templates?.map((t) => (
          <button key={t.name} type="button" className="template-card" data-testid={`template-${t.name}`} onClick={() => void newFromTemplate(t.name)}>
            <strong>{t.title}</strong>
            <span>{t.description}</span>
          </button>
        ))}
      </div>
    </Modal>
  );
}

function OpenDialog() {
  const files = useLoaded(listDocuments);
  return (
    <Modal title="Open a design" onClose={close} testId="open-dialog">
      <UnsavedWarning />
      {files === null ? <p className="muted">Looking for designs…</p> : files.length === 0 ? <p className="muted">No design files in the documents folder yet.</p> : null}
      <ul className="file-list">
        {files?.map((f) => (
          <li key={f.path}>
            <button type="button" data-testid="open-file" data-name={f.name} onClick={() => void openPath(f.path)} title={f.path}>
              <strong>{f.name}</strong>
              <span className="muted">{new Date(f.modified).toLocaleString()}</span>
            </button>
          </li>
        ))}
      </ul>
    </Modal>
  );
}

function SaveAsDialog() {
  const initial = useEditor((s) => displayName(s.path, s.doc).replace(/\.extopo\.json$/i, ''));
  const [name, setName] = useState(initial);
  const valid = /^[A-Za-z0-9][A-Za-z0-9 ._-]{0,120}$/.test(name.trim());
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!valid) return;
    close();
    void saveAs(name.trim());
  };
  return (
    <Modal title="Save design as" onClose={close} testId="save-as-dialog">
      <form onSubmit={submit} className="save-as">
        <label>
          File name
          <input autoFocus value={name} onChange={(e) => setName(e.target.value)} data-testid="save-as-name" />
        </label>
        <span className="muted">.extopo.json, in the documents folder</span>
        {!valid ? <p className="field-error">Use letters, digits, spaces, dots, hyphens and underscores (start with a letter or digit).</p> : null}
        <div className="modal-actions">
          <button type="button" onClick={close}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={!valid} data-testid="save-as-confirm">
            Save
          </button>
        </div>
      </form>
    </Modal>
  );
}

function RecoveryDialog({ entries }: { entries: readonly RecoveryEntry[] }) {
  const [left, setLeft] = useState(entries);
  useEffect(() => {
    if (left.length === 0) close();
  }, [left]);
  return (
    <Modal title="Recover unsaved work?" onClose={close} testId="recover-dialog">
      <p>ExTopo did not close cleanly last time. These designs had unsaved changes:</p>
      <ul className="file-list">
        {left.map((e) => (
          <li key={e.key} className="recover-row">
            <span>
              <strong>{e.title || (e.key === 'untitled' ? 'Untitled design' : e.key)}</strong>
              <span className="muted"> autosaved {new Date(e.savedAt).toLocaleString()}</span>
            </span>
            <button type="button" className="primary" data-testid="recover-restore" onClick={() => void recover(e.key)}>
              Restore
            </button>
            <button
              type="button"
              data-testid="recover-discard"
              onClick={() => {
                void discardRecovery(e.key);
                setLeft((l) => l.filter((x) => x.key !== e.key));
              }}
            >
              Discard
            </button>
          </li>
        ))}
      </ul>
    </Modal>
  );
}

export function Dialogs() {
  const dialog = useEditor((s) => s.dialog);
  if (!dialog) return null;
  switch (dialog.kind) {
    case 'templates':
      return <TemplateGallery />;
    case 'open':
      return <OpenDialog />;
    case 'saveAs':
      return <SaveAsDialog />;
    case 'recover':
      return <RecoveryDialog entries={dialog.entries} />;
  }
}
