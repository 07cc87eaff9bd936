// The top bar: file name with the dirty dot, the HA verdict per role (hover says why), Undo/Redo, Layout, Export.
import { useState } from 'react';
import type { HaRole } from '../../shared/planner/types';
import { runCommand } from '../app/commands';
import { displayName, exportRunbook } from '../app/files';
import type { ExportFormat } from '../app/files';
import { isDirty, redo, undo, useEditor } from '../store/editor';
import { openSetup } from '../run/store';

const ROLES: readonly { role: HaRole; label: string }[] = [
  { role: 'CAS', label: 'CAS' },
  { role: 'HT', label: 'HT' },
  { role: 'MB', label: 'MB' },
];

export function HaVerdict() {
  const verdict = useEditor((s) => s.plan.verdict);
  const goal = useEditor((s) => s.doc.design.goals.highlyAvailable);
  return (
    <div className="ha-verdict" data-testid="ha-verdict" title={goal ? 'High availability per role (the design asks for HA)' : 'High availability per role (the HA goal is off)'}>
      <span className="muted">HA:</span>
      {ROLES.map(({ role, label }) => {
        const v = verdict[role];
        const why = v.reasons.length > 0 ? v.reasons.join('\n') : v.highlyAvailable ? 'Highly available.' : 'Not highly available.';
        return (
          <span key={role} className={`ha-chip ${v.highlyAvailable ? 'yes' : 'no'}`} title={`${label}: ${why}`} data-testid={`ha-${role}`} data-ha={v.highlyAvailable ? 'yes' : 'no'}>
            {label} {v.highlyAvailable ? '✔' : '✘'}
          </span>
        );
      })}
    </div>
  );
}

const EXPORTS: readonly { format: ExportFormat; label: string }[] = [
  { format: 'pdf', label: 'Runbook as PDF (with diagram)' },
  { format: 'ps1', label: 'PowerShell script (.ps1)' },
  { format: 'md', label: 'Markdown' },
  { format: 'json', label: 'Runbook JSON' },
];

function ExportMenu() {
  const [open, setOpen] = useState(false);
  return (
    <div className="menu" onBlur={(e) => !e.currentTarget.contains(e.relatedTarget) && setOpen(false)}>
      <button type="button" onClick={() => setOpen((o) => !o)} aria-haspopup="menu" aria-expanded={open} data-testid="export-menu">
        Export ▾
      </button>
      {open ? (
        <div className="menu-list" role="menu">
          {EXPORTS.map((x) => (
            <button
              key={x.format}
              type="button"
              role="menuitem"
              data-testid={`export-${x.format}`}
              onClick={() => {
                setOpen(false);
                void exportRunbook(x.format);
              }}
            >
              {x.label}
            </button>
          ))}
        </div>
      ) : null}
    </div>
  );
}

export function TopBar() {
  const name = useEditor((s) => displayName(s.path, s.doc));
  const dirty = useEditor(isDirty);
  const canUndo = useEditor((s) => s.past.length > 0);
  const canRedo = useEditor((s) => s.future.length > 0);
  const busy = useEditor((s) => s.busy);
  return (
    <header className="topbar">
      <span className="brand">ExTopo</span>
      <span className="file-name" data-testid="file-name" title={name}>
        {name}
        {dirty ? (
          <span className="dirty-dot" title="Unsaved changes" data-testid="dirty-dot">
            {' '}
            •
          </span>
        ) : null}
      </span>
      <HaVerdict />
      <span className="spacer" />
      {busy ? <span className="busy">{busy}…</span> : null}
      <button type="button" onClick={() => runCommand('file.new')} title="New design from a template" data-testid="btn-new">
        New
      </button>
      <button type="button" onClick={() => runCommand('file.open')} title="Open a design (Ctrl+O)" data-testid="btn-open">
        Open
      </button>
      <button type="button" onClick={() => runCommand('file.save')} title="Save (Ctrl+S)" data-testid="btn-save">
        Save
      </button>
      <button type="button" onClick={() => runCommand('file.saveAs')} title="Save as… (Ctrl+Shift+S)" data-testid="btn-save-as">
        Save as
      </button>
      <span className="sep" />
      <button type="button" onClick={undo} disabled={!canUndo} title="Undo (Ctrl+Z)" data-testid="btn-undo">
        Undo
      </button>
      <button type="button" onClick={redo} disabled={!canRedo} title="Redo (Ctrl+Y)" data-testid="btn-redo">
        Redo
      </button>
      <button type="button" onClick={() => runCommand('view.layout')} title="Arrange the design automatically" data-testid="btn-layout">
        Layout
      </button>
      <button type="button" onClick={() => runCommand('view.fit')} title="Fit the design in view (Ctrl+0)" data-testid="btn-fit">
        Fit
      </button>
      <ExportMenu />
      <button type="button" onClick={() => openSetup({ target: 'lab' })} title="Rehearse the runbook in the lab, or run it against the hosts" data-testid="btn-run">
        Run…
      </button>
    </header>
  );
}
