// Modal dialogs: the templates gallery (New), the design list (Open in the browser host), the file name prompt
// (Save As in the browser host) and the crash-recovery offer on start.
import { useEffect, useId, useState } from 'react';
import type { FormEvent } from 'react';
import { answerUnsaved, cancelSaveAs, discardRecovery, displayName, listDocuments, listTemplates, newFromTemplate, openPath, openPickedFile, recover, saveAs } from '../app/files';
import type { ReplacingAction } from '../app/files';
import { useEditor } from '../store/editor';
import type { RecoveryEntry } from '../store/editor';
import { Modal } from './Modal';
import { RuleDialog } from './RuleDialog';


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

const REPLACING: Readonly<Record<ReplacingAction, string>> = {
  new: 'starting a new design',
  open: 'opening another design',
  import: 'importing an inventory as a new design',
  close: 'closing it',
};

/** Unsaved changes before New, Open, Import or Close: Save (then go on), Discard (go on), Cancel (stay). */
function UnsavedDialog({ action }: { action: ReplacingAction }) {
  const name = useEditor((s) => displayName(s.path, s.doc));
  const neverSaved = useEditor((s) => s.path === null && s.shell === 'browser');
  return (
    <Modal title="Save your changes?" onClose={() => void answerUnsaved('cancel')} testId="unsaved-dialog" className="unsaved-dialog">
      <p>
        <strong>{name}</strong> has changes that are not saved. Save them before {REPLACING[action]}?
      </p>
      <p className="muted">Discard loses the changes made since the last save.{neverSaved ? ' Save asks for a file name first.' : ''}</p>
      <div className="modal-actions">
        <button type="button" onClick={() => void answerUnsaved('cancel')} data-testid="unsaved-cancel">
          Cancel
        </button>
        <button type="button" onClick={() => void answerUnsaved('discard')} data-testid="unsaved-discard">
          Discard
        </button>
        <button type="button" className="primary" data-autofocus onClick={() => void answerUnsaved('save')} data-testid="unsaved-save">
          Save
        </button>
      </div>
    </Modal>
  );
}

function TemplateGallery() {
  const templates = useLoaded(listTemplates);
  return (
    <Modal title="New design" onClose={close} testId="templates-dialog">
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
  const pickId = useId();
  return (
    <Modal title="Open a design" onClose={close} testId="open-dialog">
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
      <div className="open-pick">
        <label htmlFor={pickId}>Or open a design file from anywhere on this computer:</label>
        <input
          id={pickId}
          type="file"
          accept=".json,application/json"
          data-testid="open-file-input"
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (!file) return;
            close();
            openPickedFile(file, { confirmed: true });
          }}
        />
        <span className="muted">You can also drop a .extopo.json file on the window.</span>
      </div>
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
    <Modal title="Save design as" onClose={cancelSaveAs} testId="save-as-dialog">
      <form onSubmit={submit} className="save-as">
        <label>
          File name
          <input autoFocus data-autofocus value={name} onChange={(e) => setName(e.target.value)} data-testid="save-as-name" />
        </label>
        <span className="muted">.extopo.json, in the documents folder</span>
        {!valid ? <p className="field-error">Use letters, digits, spaces, dots, hyphens and underscores (start with a letter or digit).</p> : null}
        <div className="modal-actions">
          <button type="button" onClick={cancelSaveAs}>
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
    case 'unsaved':
      return <UnsavedDialog action={dialog.action} />;
    case 'rule':
      return <RuleDialog ruleId={dialog.ruleId} />;
  }
}
