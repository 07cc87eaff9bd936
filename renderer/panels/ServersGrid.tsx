// The "Servers" tab: every server of the design in a grid (name, roles, AD site, OS, cores, RAM, NICs, IPv4
// addresses) that edits like a spreadsheet. One tab stop; the arrow keys, Home / End, Page Up / Down move; Shift with
// them selects a block. Typing (or Enter, F2) edits the cell: Enter commits and moves down, Tab right, Escape cancels.
// Ctrl+C copies the cell or block as tab-separated text; Ctrl+V pastes a block copied from Excel, LibreOffice or
// Google Sheets from the active cell on (a single value fills the selected block). Every commit and every paste is
// one undo step through updateEntity (serversSheet.ts); a refused value is not applied, and the reason is shown.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { plural } from '../../shared/planner/text';
import { commit, select, useEditor } from '../store/editor';
import { SHEET_COLUMNS, applyCells, cellText, parseTsv, planPaste, toTsv } from './serversSheet';
import type { CellEdit } from './serversSheet';
import './grids.css';

interface Cell {
  readonly row: number;
  readonly col: number;
}

interface Editing extends Cell {
  readonly text: string;
  readonly error: string | null;
}

type Message = { readonly kind: 'error' | 'info'; readonly text: string } | null;

const COLS = SHEET_COLUMNS.length;

export function ServersGrid() {
  const design = useEditor((s) => s.doc.design);
  const servers = design.servers;
  const [active, setActive] = useState<Cell>({ row: 0, col: 0 });
  const [anchor, setAnchor] = useState<Cell | null>(null);
  const [editing, setEditing] = useState<Editing | null>(null);
  const [message, setMessage] = useState<Message>(null);
  const table = useRef<HTMLTableElement>(null);
  const focusCell = useRef(false);
  const rows = servers.length;
  const at: Cell = { row: Math.min(active.row, Math.max(0, rows - 1)), col: Math.min(active.col, COLS - 1) };
  const block = anchor
    ? { top: Math.min(anchor.row, at.row), bottom: Math.max(anchor.row, at.row), left: Math.min(anchor.col, at.col), right: Math.max(anchor.col, at.col) }
    : { top: at.row, bottom: at.row, left: at.col, right: at.col };
  const inBlock = (r: number, c: number) => r >= block.top && r <= block.bottom && c >= block.left && c <= block.right;

  useEffect(() => {
    if (!focusCell.current) return;
    focusCell.current = false;
    table.current?.querySelector<HTMLElement>(`td[data-row="${at.row}"][data-col="${at.col}"]`)?.focus();
  });

  const moveTo = (row: number, col: number, extend = false) => {
    const next = { row: Math.max(0, Math.min(rows - 1, row)), col: Math.max(0, Math.min(COLS - 1, col)) };
    setAnchor(extend ? (anchor ?? at) : null);
    setActive(next);
    focusCell.current = true;
  };

  /** Applies cell edits as one undo step; returns the refusal (also shown under the grid). */
  const applyEdits = useCallback((edits: readonly CellEdit[], success: string | null): string | null => {
    if (edits.length === 0) return null;
    const reason = commit(applyCells(useEditor.getState().doc, edits), { toastErrors: false });
    setMessage(reason ? { kind: 'error', text: `Not applied: ${reason}` } : success ? { kind: 'info', text: success } : null);
    return reason;
  }, []);

  const pasteText = useCallback(
    (text: string, from: Cell, fillRows: number) => {
      const cells = parseTsv(text);
      if (cells.length === 0) return;
      const list = useEditor.getState().doc.design.servers;
      const plan = planPaste(list, from.row, from.col, cells, fillRows);
      const servers = new Set(plan.edits.map((e) => e.serverId)).size;
      const left = [plan.rowsLeft > 0 ? `${plural(plan.rowsLeft, 'row')} past the last server (add servers on the canvas first)` : '', plan.columnsLeft > 0 ? `${plural(plan.columnsLeft, 'column')} past the last column` : '']
        .filter((x) => x !== '')
        .join(' and ');
      const reason = applyEdits(plan.edits, `Pasted ${plural(plan.edits.length, 'cell')} into ${plural(servers, 'server')}.${left ? ` Left out: ${left}.` : ''} Undo (Ctrl+Z) takes the whole paste back.`);
      if (reason === null) {
        setEditing(null);
        const lastRow = Math.min(list.length - 1, from.row + Math.max(cells.length, fillRows) - 1);
        const lastCol = Math.min(COLS - 1, from.col + Math.max(...cells.map((r) => r.length)) - 1);
        setAnchor(from);
        setActive({ row: lastRow, col: lastCol });
        focusCell.current = true;
      }
    },
    [applyEdits],
  );

  // Copy and paste: the clipboard events reach the document (a grid cell is not editable), so listen there while the
  // focus is in the grid (and not in a cell's editor, which keeps the browser's own text copy and paste).
  const state = useRef({ at, block, editing, servers, design });
  useEffect(() => {
    state.current = { at, block, editing, servers, design };
  });
  useEffect(() => {
    const inGrid = () => table.current !== null && document.activeElement instanceof HTMLElement && table.current.contains(document.activeElement) && document.activeElement.tagName !== 'INPUT';
    const onCopy = (e: ClipboardEvent) => {
      if (!inGrid() || !e.clipboardData) return;
      const { block: b, servers: list, design: d } = state.current;
      const out: string[][] = [];
      for (let r = b.top; r <= b.bottom; r++) {
        const server = list[r];
        if (!server) continue;
        out.push(SHEET_COLUMNS.slice(b.left, b.right + 1).map((c) => cellText(d, server, c.id)));
      }
      e.clipboardData.setData('text/plain', toTsv(out));
      e.preventDefault();
    };
    const onPaste = (e: ClipboardEvent) => {
      if (!inGrid() || !e.clipboardData) return;
      e.preventDefault();
      const { block: b } = state.current;
      pasteText(e.clipboardData.getData('text/plain'), { row: b.top, col: b.left }, b.bottom - b.top + 1);
    };
    document.addEventListener('copy', onCopy);
    document.addEventListener('paste', onPaste);
    return () => {
      document.removeEventListener('copy', onCopy);
      document.removeEventListener('paste', onPaste);
    };
  }, [pasteText]);

  if (rows === 0) return <p className="empty" data-testid="servers-grid-empty">No servers yet: add them from the palette.</p>;

  const startEdit = (text: string | null) => {
    const server = servers[at.row];
    if (!server) return;
    setAnchor(null);
    setEditing({ ...at, text: text ?? cellText(design, server, SHEET_COLUMNS[at.col].id), error: null });
  };

  const commitEdit = (then: Cell | null): boolean => {
    if (!editing) return true;
    const server = servers[editing.row];
    if (!server) {
      setEditing(null);
      return true;
    }
    const reason = applyEdits([{ serverId: server.id, column: SHEET_COLUMNS[editing.col].id, text: editing.text }], null);
    if (reason !== null) {
      setEditing({ ...editing, error: reason });
      return false;
    }
    setEditing(null);
    if (then) moveTo(then.row, then.col);
    else focusCell.current = true;
    return true;
  };

  const onCellKeyDown = (e: KeyboardEvent<HTMLTableCellElement>) => {
    if (e.target !== e.currentTarget) return;
    const mod = e.ctrlKey || e.metaKey;
    // The grid's keys are the grid's: the designer's shortcuts (delete the selection, copy servers) stay out of it.
    if (mod && ['c', 'v', 'x', 'a'].includes(e.key.toLowerCase())) {
      e.stopPropagation();
      if (e.key.toLowerCase() === 'a') {
        e.preventDefault();
        setAnchor({ row: 0, col: 0 });
        setActive({ row: rows - 1, col: COLS - 1 });
      }
      return;
    }
    const page = 10;
    const moves: Record<string, [number, number]> = {
      ArrowUp: [at.row - 1, at.col],
      ArrowDown: [at.row + 1, at.col],
      ArrowLeft: [at.row, at.col - 1],
      ArrowRight: [at.row, at.col + 1],
      Home: mod ? [0, 0] : [at.row, 0],
      End: mod ? [rows - 1, COLS - 1] : [at.row, COLS - 1],
      PageUp: [at.row - page, at.col],
      PageDown: [at.row + page, at.col],
    };
    const to = moves[e.key];
    if (to) {
      e.preventDefault();
      e.stopPropagation();
      moveTo(to[0], to[1], e.shiftKey);
      return;
    }
    if (e.key === 'Enter' || e.key === 'F2') {
      e.preventDefault();
      e.stopPropagation();
      startEdit(null);
      return;
    }
    if (e.key === 'Delete' || e.key === 'Backspace') {
      e.preventDefault();
      e.stopPropagation();
      startEdit('');
      return;
    }
    if (e.key === 'Escape') {
      setAnchor(null);
      return;
    }
    if (!mod && !e.altKey && e.key.length === 1) {
      e.preventDefault();
      e.stopPropagation();
      startEdit(e.key);
    }
  };

  const onEditorKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (!editing) return;
    e.stopPropagation();
    if (e.key === 'Enter') {
      e.preventDefault();
      commitEdit({ row: editing.row + (e.shiftKey ? -1 : 1), col: editing.col });
    } else if (e.key === 'Tab') {
      e.preventDefault();
      commitEdit({ row: editing.row, col: editing.col + (e.shiftKey ? -1 : 1) });
    } else if (e.key === 'Escape') {
      e.preventDefault();
      setEditing(null);
      setMessage(null);
      focusCell.current = true;
      setActive({ row: editing.row, col: editing.col });
    }
  };

  const errorId = 'servers-grid-error';
  return (
    <div className="servers-grid-panel" data-testid="servers-grid-panel">
      <div className="servers-grid-bar">
        <span>
          {plural(rows, 'server')} · type to edit a cell, Enter to commit; paste rows copied from a spreadsheet (Ctrl+V) at the selected cell
        </span>
        <span className="spacer" />
        <button
          type="button"
          className="link"
          onClick={() => select(block.top === block.bottom ? [servers[at.row].id] : servers.slice(block.top, block.bottom + 1).map((s) => s.id))}
          data-testid="servers-grid-select"
          title="Select the servers of the selected rows on the canvas"
        >
          Select on canvas
        </button>
      </div>
      <div className="servers-grid-scroll">
        <table ref={table} className="servers-grid" role="grid" aria-label="Servers" aria-rowcount={rows + 1} aria-colcount={COLS} aria-multiselectable="true" data-testid="servers-grid">
          <thead>
            <tr aria-rowindex={1}>
              {SHEET_COLUMNS.map((c, i) => (
                <th key={c.id} scope="col" className={`sg-${c.id}`} title={c.hint} aria-colindex={i + 1}>
                  {c.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {servers.map((server, r) => (
              <tr key={server.id} aria-rowindex={r + 2} data-testid="servers-grid-row" data-server={server.name}>
                {SHEET_COLUMNS.map((column, c) => {
                  const isActive = r === at.row && c === at.col;
                  const isEditing = editing !== null && editing.row === r && editing.col === c;
                  const text = cellText(design, server, column.id);
                  return (
                    <td
                      key={column.id}
                      className={`sg-cell sg-${column.id}${isActive ? ' active' : ''}${inBlock(r, c) ? ' selected' : ''}${isEditing ? ' editing' : ''}`}
                      tabIndex={isActive && !isEditing ? 0 : -1}
                      aria-colindex={c + 1}
                      aria-selected={inBlock(r, c)}
                      data-row={r}
                      data-col={c}
                      data-column={column.id}
                      data-testid="servers-grid-cell"
                      onKeyDown={onCellKeyDown}
                      onMouseDown={(e) => {
                        if (isEditing) return;
                        if (editing && !commitEdit(null)) {
                          e.preventDefault();
                          return;
                        }
                        if (e.shiftKey) {
                          e.preventDefault();
                          setAnchor(anchor ?? at);
                        } else setAnchor(null);
                        setActive({ row: r, col: c });
                        focusCell.current = true;
                      }}
                      onDoubleClick={() => {
                        if (!isEditing) startEdit(null);
                      }}
                    >
                      {isEditing ? (
                        <input
                          className="sg-editor"
                          autoFocus
                          value={editing.text}
                          aria-label={`${column.label} of ${server.name}`}
                          aria-invalid={editing.error !== null || undefined}
                          aria-describedby={editing.error ? errorId : undefined}
                          data-testid="servers-grid-editor"
                          onChange={(e) => setEditing({ ...editing, text: e.target.value, error: null })}
                          onKeyDown={onEditorKeyDown}
                          onPaste={(e) => {
                            const pasted = e.clipboardData.getData('text/plain');
                            if (!/[\t\r\n]/.test(pasted.replace(/[\r\n]+$/, ''))) return;
                            e.preventDefault();
                            pasteText(pasted, { row: r, col: c }, 1);
                          }}
                          onBlur={() => {
                            // Leaving the cell commits it (a refusal keeps it open with the reason).
                            if (editing.error === null) commitEdit(null);
                          }}
                        />
                      ) : (
                        text || <span className="muted">—</span>
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {message ? (
        <p id={errorId} className={message.kind === 'error' ? 'field-error servers-grid-message' : 'muted servers-grid-message'} role={message.kind === 'error' ? 'alert' : 'status'} data-testid="servers-grid-message">
          {message.text}
        </p>
      ) : null}
    </div>
  );
}
