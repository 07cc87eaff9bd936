// The canvas's context menu (right-click, Shift+F10 or the Menu key): rename, duplicate, copy, delete, bring into a
// DAG or an AD site, auto layout; on the empty canvas paste, select all and auto layout. A menu as WAI-ARIA describes
// it: role=menu, the first item focused, Up / Down / Home / End move, Enter or Space runs, Esc or Tab closes and gives
// the focus back.
import { useLayoutEffect, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { create } from 'zustand';
import { buildCanvasIndex } from '../../shared/canvas/geometry';
import { bringIntoGroup } from '../../shared/edits';
import type { Design } from '../../shared/model/types';
import { copySelection, deleteSelection, duplicateSelection, paste, selectAll } from '../app/commands';
import { renameObject } from '../app/goTo';
import { edit, useEditor } from '../store/editor';
import { runAutoLayout } from './elkLayout';

interface MenuState {
  /** Viewport position of the menu's top-left corner. */
  readonly x: number;
  readonly y: number;
  /** The objects it acts on (the selection); empty on the canvas background. */
  readonly ids: readonly string[];
  /** Where the focus goes back when the menu closes. */
  readonly returnFocus: HTMLElement | null;
}

export const useContextMenu = create<{ readonly menu: MenuState | null }>()(() => ({ menu: null }));

export function openContextMenu(x: number, y: number, ids: readonly string[], returnFocus: HTMLElement | null): void {
  useContextMenu.setState({ menu: { x, y, ids, returnFocus } });
}

export function closeContextMenu(restoreFocus = true): void {
  const menu = useContextMenu.getState().menu;
  useContextMenu.setState({ menu: null });
  if (restoreFocus && menu?.returnFocus?.isConnected) menu.returnFocus.focus({ preventScroll: true });
}

interface MenuItem {
  readonly id: string;
  readonly label: string;
  readonly shortcut?: string;
  readonly disabled?: boolean;
  readonly separatorBefore?: boolean;
  readonly run: () => void;
}

/** The groups the objects can be brought into: DAGs for servers, AD sites for servers, subnets, DAGs and CAS arrays. */
function groupTargets(design: Design, ids: readonly string[]): { id: string; label: string }[] {
  const index = buildCanvasIndex(design);
  const kinds = ids.map((id) => index.kindOf.get(id));
  const out: { id: string; label: string }[] = [];
  if (kinds.length > 0 && kinds.every((k) => k === 'server')) {
    for (const d of design.dags) if (ids.some((id) => index.parentOf.get(id) !== d.id)) out.push({ id: d.id, label: `Bring into DAG ${d.name}` });
  }
  if (kinds.length > 0 && kinds.every((k) => k === 'server' || k === 'subnet' || k === 'dag' || k === 'casArray')) {
    const siteOf = (id: string) => design.servers.find((s) => s.id === id)?.siteId ?? design.subnets.find((s) => s.id === id)?.siteId ?? design.dags.find((s) => s.id === id)?.siteId ?? design.casArrays.find((s) => s.id === id)?.siteId;
    for (const s of design.sites) if (ids.some((id) => siteOf(id) !== s.id)) out.push({ id: s.id, label: `Bring into AD site ${s.name}` });
  }
  return out;
}

function itemsFor(ids: readonly string[], design: Design, canPaste: boolean): MenuItem[] {
  const layout: MenuItem = { id: 'layout', label: 'Auto layout', separatorBefore: true, run: () => void runAutoLayout() };
  if (ids.length === 0) {
    return [
      { id: 'paste', label: 'Paste', shortcut: 'Ctrl+V', disabled: !canPaste, run: paste },
      { id: 'select-all', label: 'Select all', shortcut: 'Ctrl+A', run: selectAll },
      layout,
    ];
  }
  const index = buildCanvasIndex(design);
  const nodes = ids.filter((id) => index.kindOf.has(id));
  const groups = groupTargets(design, nodes);
  return [
    { id: 'rename', label: 'Rename', shortcut: 'F2', disabled: nodes.length !== 1, run: () => renameObject(nodes[0]) },
    { id: 'duplicate', label: 'Duplicate', shortcut: 'Ctrl+D', disabled: nodes.length === 0, run: duplicateSelection },
    { id: 'copy', label: 'Copy', shortcut: 'Ctrl+C', disabled: nodes.length === 0, run: () => void copySelection() },
    { id: 'delete', label: 'Delete', shortcut: 'Del', run: deleteSelection },
    ...groups.map((g, i) => ({ id: `group-${g.id}`, label: g.label, separatorBefore: i === 0, run: () => void edit((d) => bringIntoGroup(d, nodes, g.id), { select: nodes }) })),
    layout,
  ];
}

export function ContextMenu() {
  const menu = useContextMenu((s) => s.menu);
  const design = useEditor((s) => s.doc.design);
  const canPaste = useEditor((s) => s.clipboard !== null);
  const ref = useRef<HTMLDivElement>(null);
  const [at, setAt] = useState<{ x: number; y: number } | null>(null);
  const items = menu ? itemsFor(menu.ids, design, canPaste) : [];

  useLayoutEffect(() => {
    const el = ref.current;
    if (!menu || !el) {
      setAt(null);
      return;
    }
    // Kept inside the window; the first item takes the focus.
    const r = el.getBoundingClientRect();
    setAt({ x: Math.max(4, Math.min(menu.x, window.innerWidth - r.width - 4)), y: Math.max(4, Math.min(menu.y, window.innerHeight - r.height - 4)) });
    el.querySelector<HTMLElement>('[role="menuitem"]:not([disabled])')?.focus({ preventScroll: true });
    const outside = (e: PointerEvent) => {
      if (!el.contains(e.target as Node)) closeContextMenu(false);
    };
    const blur = () => closeContextMenu(false);
    document.addEventListener('pointerdown', outside, true);
    window.addEventListener('blur', blur);
    return () => {
      document.removeEventListener('pointerdown', outside, true);
      window.removeEventListener('blur', blur);
    };
  }, [menu]);

  if (!menu) return null;

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const list = [...(ref.current?.querySelectorAll<HTMLElement>('[role="menuitem"]:not([disabled])') ?? [])];
    const i = list.indexOf(document.activeElement as HTMLElement);
    let to: number | null = null;
    if (e.key === 'ArrowDown') to = (i + 1) % list.length;
    else if (e.key === 'ArrowUp') to = (i - 1 + list.length) % list.length;
    else if (e.key === 'Home') to = 0;
    else if (e.key === 'End') to = list.length - 1;
    else if (e.key === 'Escape' || e.key === 'Tab') {
      e.preventDefault();
      e.stopPropagation();
      closeContextMenu();
      return;
    }
    // Keys for the menu stay in the menu (Delete, Ctrl+D… are its items, not the canvas's shortcuts).
    e.stopPropagation();
    if (to === null) return;
    e.preventDefault();
    list[to]?.focus();
  };

  return (
    <div
      ref={ref}
      role="menu"
      aria-label={menu.ids.length === 0 ? 'Canvas' : menu.ids.length === 1 ? 'Object' : `${menu.ids.length} objects`}
      className="context-menu"
      data-testid="context-menu"
      style={{ left: at?.x ?? menu.x, top: at?.y ?? menu.y }}
      onKeyDown={onKeyDown}
      onContextMenu={(e) => e.preventDefault()}
    >
      {items.map((item) => (
        <div key={item.id} role="none">
          {item.separatorBefore ? <div role="separator" className="context-menu-separator" /> : null}
          <button
            type="button"
            role="menuitem"
            tabIndex={-1}
            disabled={item.disabled}
            data-testid={`menu-${item.id}`}
            onClick={() => {
              // Rename moves the focus to the inspector: the menu does not take it back.
              closeContextMenu(item.id !== 'rename');
              item.run();
            }}
          >
            <span className="label">{item.label}</span>
            {item.shortcut ? <span className="shortcut">{item.shortcut}</span> : null}
          </button>
        </div>
      ))}
    </div>
  );
}
