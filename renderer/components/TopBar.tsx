// The top bar: file name with the dirty dot, the HA verdict per role (hover says why), Undo/Redo, Layout, Export.
import { useEffect, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import type { MenuCommand } from '../../shared/ipc/contract';
import type { HaRole } from '../../shared/planner/types';
import { runCommand } from '../app/commands';
import { displayName, exportRunbook } from '../app/files';
import type { ExportFormat } from '../app/files';
import { isDirty, useEditor } from '../store/editor';
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
            {label} <span aria-hidden="true">{v.highlyAvailable ? '✔' : '✘'}</span>
            <span className="sr-only">{v.highlyAvailable ? ' highly available' : ' not highly available'}</span>
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
  { format: 'ansible', label: 'Ansible playbook (.zip)' },
];

/** Export ▾: a menu button; the arrow keys, Home and End move through the items, Escape closes it (focus back on the button). */
function ExportMenu() {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const list = useRef<HTMLDivElement>(null);
  // Where the focus goes when the menu opens: the first item (Enter, Space, Down, a click), or the last (Up).
  const [start, setStart] = useState<'first' | 'last'>('first');
  useEffect(() => {
    if (!open) return;
    const items = list.current ? [...list.current.querySelectorAll<HTMLElement>('[role="menuitem"]')] : [];
    (start === 'last' ? items[items.length - 1] : items[0])?.focus();
  }, [open, start]);
  const close = (refocus: boolean) => {
    setOpen(false);
    if (refocus) button.current?.focus();
  };
  const onMenuKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const items = list.current ? [...list.current.querySelectorAll<HTMLElement>('[role="menuitem"]')] : [];
    const i = items.indexOf(document.activeElement as HTMLElement);
    const to = e.key === 'ArrowDown' ? i + 1 : e.key === 'ArrowUp' ? i - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? items.length - 1 : null;
    if (to !== null) {
      e.preventDefault();
      items[(to + items.length) % items.length]?.focus();
    } else if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      close(true);
    } else if (e.key === 'Tab') close(false);
  };
  return (
    <div className="menu" onBlur={(e) => !e.currentTarget.contains(e.relatedTarget) && setOpen(false)}>
      <button
        ref={button}
        type="button"
        onClick={() => {
          setStart('first');
          setOpen((o) => !o);
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
            e.preventDefault();
            setStart(e.key === 'ArrowUp' ? 'last' : 'first');
            setOpen(true);
          }
        }}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? 'export-menu-list' : undefined}
        data-testid="export-menu"
      >
        Export <span aria-hidden="true">▾</span>
      </button>
      {open ? (
        <div className="menu-list" role="menu" id="export-menu-list" aria-label="Export" ref={list} onKeyDown={onMenuKey}>
          {EXPORTS.map((x) => (
            <button
              key={x.format}
              type="button"
              role="menuitem"
              tabIndex={-1}
              data-testid={`export-${x.format}`}
              onClick={() => {
                close(true);
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

interface ToolButton {
  readonly command: MenuCommand;
  readonly label: string;
  readonly title: string;
  readonly testId: string;
}

const FILE_BUTTONS: readonly ToolButton[] = [
  { command: 'file.new', label: 'New', title: 'New design from a template', testId: 'btn-new' },
  { command: 'file.open', label: 'Open', title: 'Open a design (Ctrl+O)', testId: 'btn-open' },
  { command: 'file.save', label: 'Save', title: 'Save (Ctrl+S)', testId: 'btn-save' },
  { command: 'file.saveAs', label: 'Save as', title: 'Save as… (Ctrl+Shift+S)', testId: 'btn-save-as' },
  { command: 'file.importInventory', label: 'Import…', title: 'Import an inventory of a running Exchange 2010 organization as a new design', testId: 'btn-import-inventory' },
];

const EDIT_BUTTONS: readonly ToolButton[] = [
  { command: 'edit.undo', label: 'Undo', title: 'Undo (Ctrl+Z)', testId: 'btn-undo' },
  { command: 'edit.redo', label: 'Redo', title: 'Redo (Ctrl+Y)', testId: 'btn-redo' },
  { command: 'view.layout', label: 'Layout', title: 'Arrange the design automatically', testId: 'btn-layout' },
  { command: 'view.fit', label: 'Fit', title: 'Fit the design in view (Ctrl+0)', testId: 'btn-fit' },
];

/** Toolbar buttons that run editor commands; `enabled` disables the commands it maps to false. */
function ToolButtons({ buttons, enabled = {} }: { buttons: readonly ToolButton[]; enabled?: Partial<Record<MenuCommand, boolean>> }) {
  return buttons.map((b) => (
    <button key={b.command} type="button" onClick={() => runCommand(b.command)} disabled={enabled[b.command] === false} title={b.title} data-testid={b.testId}>
      {b.label}
    </button>
  ));
}

export function TopBar() {
  const name = useEditor((s) => displayName(s.path, s.doc));
  const dirty = useEditor(isDirty);
  const canUndo = useEditor((s) => s.past.length > 0);
  const canRedo = useEditor((s) => s.future.length > 0);
  const busy = useEditor((s) => s.busy);
  return (
    <header className="topbar" role="banner">
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
      <ToolButtons buttons={FILE_BUTTONS} />
      <span className="sep" />
      <ToolButtons buttons={EDIT_BUTTONS} enabled={{ 'edit.undo': canUndo, 'edit.redo': canRedo }} />
      <ExportMenu />
      <button type="button" onClick={() => openSetup({ target: 'lab' })} title="Rehearse the runbook in the lab, or run it against the hosts" data-testid="btn-run">
        Run…
      </button>
    </header>
  );
}
