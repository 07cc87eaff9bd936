// Database copies as a matrix: a row per mailbox database, a column per Mailbox server of the DAG (or the server).
// Each cell says whether the database has a copy there and, when it has, its activation preference, replay and
// truncation lag (days) and whether its activation is blocked (lagged copies: the runbook suspends their activation).
//
// Keyboard: one tab stop for the grid; the arrow keys (Home / End, Ctrl+Home / Ctrl+End) move between cells; Space
// adds or removes the copy; Enter (or F2) goes into the cell's fields, Tab moves among them, Enter commits a value,
// Escape goes back to the cell. Every edit is one undo step through updateEntity; a refused value stays in its field
// with the reason under the grid.
import { useEffect, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { updateEntity } from '../../shared/edits';
import type { MailboxDatabase } from '../../shared/model/types';
import { MAX_LAG_DAYS } from '../../shared/planner/limits';
import { useEditor } from '../store/editor';
import './copy-matrix.css';
import { apply } from './common';
import { changeCopies } from './copyEdits';
import type { CopyChange } from './copyEdits';

interface Column {
  readonly id: string;
  readonly name: string;
  /** A Mailbox server copies may be added on (others only show, and can lose, a copy). */
  readonly eligible: boolean;
}

function applyChange(db: MailboxDatabase, change: CopyChange, serverName: (id: string) => string): string | null {
  const next = changeCopies(db, change, serverName);
  if ('reason' in next) return next.reason;
  return apply((d) => updateEntity(d, 'database', db.id, { copies: next.copies }));
}

/** A number in a cell: typed freely, committed on Enter or when the focus leaves; a refusal keeps the draft. */
function CellNumber(props: {
  label: string;
  short: string;
  unit?: string;
  value: number;
  tabbable: boolean;
  testId: string;
  warn?: (n: number) => string | null;
  onCommit: (n: number) => string | null;
  onDone: () => void;
  onMessage: (m: string | null) => void;
}) {
  const { label, short, unit, value, tabbable, testId, warn, onCommit, onDone, onMessage } = props;
  const [draft, setDraft] = useState<string | null>(null);
  const [invalid, setInvalid] = useState(false);
  const text = draft ?? String(value);
  const commit = (): boolean => {
    if (draft === null || draft.trim() === String(value)) {
      setDraft(null);
      setInvalid(false);
      return true;
    }
    const n = Number(draft.trim().replace(/\s*d(ays?)?$/i, ''));
    const reason = draft.trim() === '' || !Number.isFinite(n) ? `${label}: enter a number.` : onCommit(n);
    setInvalid(reason !== null);
    onMessage(reason ?? (warn ? warn(n) : null));
    if (reason === null) setDraft(null);
    return reason === null;
  };
  const advice = warn ? warn(value) : null;
  return (
    <label className={`cm-field${advice ? ' warn' : ''}`} title={advice ?? label}>
      <span className="cm-short" aria-hidden="true">
        {short}
      </span>
      <input
        className="cm-input"
        inputMode="decimal"
        aria-label={label}
        aria-invalid={invalid || undefined}
        tabIndex={tabbable ? 0 : -1}
        value={text}
        data-testid={testId}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={() => void commit()}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            e.stopPropagation();
            if (commit()) onDone();
          } else if (e.key === 'Escape') {
            e.preventDefault();
            e.stopPropagation();
            setDraft(null);
            setInvalid(false);
            onMessage(null);
            onDone();
          }
        }}
      />
      {unit ? (
        <span className="cm-unit" aria-hidden="true">
          {unit}
        </span>
      ) : null}
    </label>
  );
}

export function CopyMatrix({ databases, eligible }: { databases: readonly MailboxDatabase[]; eligible: readonly { id: string; name: string }[] }) {
  const servers = useEditor((s) => s.doc.design.servers);
  const name = (id: string) => servers.find((s) => s.id === id)?.name ?? id;
  // The eligible servers, then any other server holding a copy of these databases.
  const columns: Column[] = eligible.map((e) => ({ id: e.id, name: e.name, eligible: true }));
  for (const db of databases) for (const c of db.copies) if (!columns.some((col) => col.id === c.serverId)) columns.push({ id: c.serverId, name: name(c.serverId), eligible: false });

  const [active, setActive] = useState({ row: 0, col: 0 });
  const [inside, setInside] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const table = useRef<HTMLTableElement>(null);
  const row = Math.min(active.row, Math.max(0, databases.length - 1));
  const col = Math.min(active.col, Math.max(0, columns.length - 1));
  const focusRequest = useRef(false);

  const cellEl = (r: number, c: number) => table.current?.querySelector<HTMLElement>(`td[data-row="${r}"][data-col="${c}"]`) ?? null;
  useEffect(() => {
    if (!focusRequest.current) return;
    focusRequest.current = false;
    cellEl(row, col)?.focus();
  });
  const moveTo = (r: number, c: number) => {
    setActive({ row: Math.max(0, Math.min(databases.length - 1, r)), col: Math.max(0, Math.min(columns.length - 1, c)) });
    setInside(false);
    focusRequest.current = true;
  };
  const backToCell = () => {
    setInside(false);
    focusRequest.current = true;
    setActive({ row, col });
  };

  if (databases.length === 0 || columns.length === 0) return null;

  const onCellKeyDown = (e: KeyboardEvent<HTMLTableCellElement>, r: number, c: number, db: MailboxDatabase, column: Column) => {
    if (e.target !== e.currentTarget) {
      // Inside the cell's fields: Escape goes back to the cell (the fields handle Enter themselves).
      if (e.key === 'Escape') {
        e.preventDefault();
        e.stopPropagation();
        backToCell();
      }
      return;
    }
    const moves: Record<string, [number, number]> = {
      ArrowUp: [r - 1, c],
      ArrowDown: [r + 1, c],
      ArrowLeft: [r, c - 1],
      ArrowRight: [r, c + 1],
      Home: e.ctrlKey ? [0, 0] : [r, 0],
      End: e.ctrlKey ? [databases.length - 1, columns.length - 1] : [r, columns.length - 1],
      PageUp: [0, c],
      PageDown: [databases.length - 1, c],
    };
    const to = moves[e.key];
    if (to) {
      e.preventDefault();
      e.stopPropagation();
      moveTo(to[0], to[1]);
      return;
    }
    if (e.key === ' ') {
      e.preventDefault();
      e.stopPropagation();
      const has = db.copies.some((x) => x.serverId === column.id);
      if (!has && !column.eligible) return;
      setMessage(applyChange(db, { kind: 'toggle', serverId: column.id, on: !has }, name));
      return;
    }
    if (e.key === 'Enter' || e.key === 'F2') {
      e.preventDefault();
      e.stopPropagation();
      setInside(true);
      e.currentTarget.querySelector<HTMLElement>('input')?.focus();
    }
  };

  return (
    <div className="copy-matrix-wrap">
      <table ref={table} className="copy-matrix" role="grid" aria-label="Database copies: a row per database, a column per server" aria-describedby="copy-matrix-help" data-testid="copy-matrix">
        <thead>
          <tr>
            <th scope="col" className="cm-corner">
              Database
            </th>
            {columns.map((column) => (
              <th key={column.id} scope="col" title={column.eligible ? undefined : 'Not a Mailbox member here: its copies can only be removed'}>
                {column.name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {databases.map((db, r) => (
            <tr key={db.id} data-testid="copy-row" data-database={db.name}>
              <th scope="row">
                {db.name}
                <span className="cm-count">
                  {db.copies.length} {db.copies.length === 1 ? 'copy' : 'copies'}
                </span>
              </th>
              {columns.map((column, c) => {
                const copy = db.copies.find((x) => x.serverId === column.id);
                const isActive = r === row && c === col;
                const tabbable = isActive && inside;
                const where = `${db.name} on ${column.name}`;
                const commit = (change: CopyChange) => applyChange(db, change, name);
                return (
                  <td
                    key={column.id}
                    className={`cm-cell${copy ? ' on' : ''}${isActive ? ' active' : ''}`}
                    tabIndex={isActive && !inside ? 0 : -1}
                    aria-selected={isActive}
                    data-row={r}
                    data-col={c}
                    data-testid="copy-cell"
                    data-database={db.name}
                    data-server={column.name}
                    data-copy={copy ? 'yes' : 'no'}
                    onKeyDown={(e) => onCellKeyDown(e, r, c, db, column)}
                    onFocus={() => {
                      if (r !== row || c !== col) setActive({ row: r, col: c });
                    }}
                  >
                    <label className="cm-toggle">
                      <input
                        type="checkbox"
                        tabIndex={tabbable ? 0 : -1}
                        checked={copy !== undefined}
                        disabled={!copy && !column.eligible}
                        aria-label={`Copy of ${where}`}
                        data-testid="copy-toggle"
                        onChange={(e) => setMessage(commit({ kind: 'toggle', serverId: column.id, on: e.target.checked }))}
                      />
                      <span aria-hidden="true">{copy ? 'copy' : '—'}</span>
                    </label>
                    {copy ? (
                      <>
                        <CellNumber
                          label={`Activation preference of ${where}`}
                          short="Pref."
                          value={copy.activationPreference}
                          tabbable={tabbable}
                          testId="copy-preference"
                          onCommit={(n) => commit({ kind: 'preference', serverId: column.id, preference: n })}
                          onDone={backToCell}
                          onMessage={setMessage}
                        />
                        <CellNumber
                          label={`Replay lag of ${where}, in days`}
                          short="Replay"
                          unit="d"
                          value={copy.replayLagDays}
                          tabbable={tabbable}
                          testId="copy-replay-lag"
                          warn={(n) => (n > MAX_LAG_DAYS ? `Replay lag of ${where}: over ${MAX_LAG_DAYS} days (rule db.lag-max).` : null)}
                          onCommit={(n) => commit({ kind: 'lag', serverId: column.id, field: 'replayLagDays', days: n })}
                          onDone={backToCell}
                          onMessage={setMessage}
                        />
                        <CellNumber
                          label={`Truncation lag of ${where}, in days`}
                          short="Trunc."
                          unit="d"
                          value={copy.truncationLagDays}
                          tabbable={tabbable}
                          testId="copy-truncation-lag"
                          warn={(n) => (n > MAX_LAG_DAYS ? `Truncation lag of ${where}: over ${MAX_LAG_DAYS} days (rule db.lag-max).` : null)}
                          onCommit={(n) => commit({ kind: 'lag', serverId: column.id, field: 'truncationLagDays', days: n })}
                          onDone={backToCell}
                          onMessage={setMessage}
                        />
                        {copy.replayLagDays > 0 ? (
                          <span className="cm-blocked" data-testid="copy-blocked" title="A lagged copy: the runbook blocks its automatic activation (Suspend-MailboxDatabaseCopy -ActivationOnly)">
                            activation blocked
                          </span>
                        ) : null}
                      </>
                    ) : null}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <p id="copy-matrix-help" className="muted cm-help">
        Arrow keys move, Space adds or removes a copy, Enter edits the cell (Escape returns).
      </p>
      {message ? (
        <p className="field-error cm-message" role="alert" data-testid="copy-matrix-message">
          {message}
        </p>
      ) : null}
    </div>
  );
}
