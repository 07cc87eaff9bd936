// The bottom panel's top edge: drag it (or focus it and use the arrow keys, Home / End) to give the panel — the run
// view above all — more or less room; double-click (or Enter) toggles between the default height and most of the
// window. The height is a CSS variable on the workspace grid (--bottom-size), so the layout stays in styles.css.
import { useEffect, useRef, useState } from 'react';
import type { KeyboardEvent, PointerEvent } from 'react';
import './grids.css';

/** Smallest and largest share of the workspace's height the bottom panel takes when resized. */
export const MIN_SHARE = 0.12;
export const MAX_SHARE = 0.88;
const STEP_PX = 24;

type Listener = (px: number | null) => void;
const listeners = new Set<Listener>();
let current: number | null = null;

function workspace(): HTMLElement | null {
  return document.querySelector<HTMLElement>('.workspace');
}

function clamp(px: number): number {
  const h = workspace()?.clientHeight ?? 800;
  return Math.round(Math.min(h * MAX_SHARE, Math.max(h * MIN_SHARE, px)));
}

/** Sets the bottom panel's height in pixels (null: the default for the tab shown). */
export function setBottomSize(px: number | null): void {
  current = px === null ? null : clamp(px);
  const ws = workspace();
  if (ws) {
    if (current === null) ws.style.removeProperty('--bottom-size');
    else ws.style.setProperty('--bottom-size', `${current}px`);
  }
  for (const l of listeners) l(current);
}

/** The bottom panel's height set by the admin (null: the default). */
export function useBottomSize(): number | null {
  const [px, setPx] = useState(current);
  useEffect(() => {
    listeners.add(setPx);
    return () => void listeners.delete(setPx);
  }, []);
  return px;
}

/** Most of the window for the bottom panel, or back to the default. */
export function toggleBottomMaximized(): void {
  const h = workspace()?.clientHeight ?? 800;
  setBottomSize(current !== null && current >= h * MAX_SHARE - 1 ? null : h * MAX_SHARE);
}

export function PanelResizer() {
  const size = useBottomSize();
  const ref = useRef<HTMLDivElement>(null);
  const drag = useRef<{ startY: number; startPx: number } | null>(null);
  const panelHeight = () => ref.current?.parentElement?.getBoundingClientRect().height ?? 230;
  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    if (e.button !== 0) return;
    e.preventDefault();
    e.currentTarget.setPointerCapture(e.pointerId);
    drag.current = { startY: e.clientY, startPx: panelHeight() };
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    if (drag.current) setBottomSize(drag.current.startPx + (drag.current.startY - e.clientY));
  };
  const onPointerUp = () => {
    drag.current = null;
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const h = workspace()?.clientHeight ?? 800;
    const now = panelHeight();
    const to = e.key === 'ArrowUp' ? now + STEP_PX : e.key === 'ArrowDown' ? now - STEP_PX : e.key === 'Home' ? h * MIN_SHARE : e.key === 'End' ? h * MAX_SHARE : null;
    if (e.key === 'Enter') {
      e.preventDefault();
      toggleBottomMaximized();
      return;
    }
    if (to === null) return;
    e.preventDefault();
    setBottomSize(to);
  };
  const h = workspace()?.clientHeight || 800;
  const share = Math.round(((size ?? document.querySelector('.bottom-panel')?.getBoundingClientRect().height ?? 230) / h) * 100);
  return (
    <div
      ref={ref}
      className="panel-resizer"
      role="separator"
      aria-orientation="horizontal"
      aria-label="Height of the bottom panel"
      aria-valuemin={Math.round(MIN_SHARE * 100)}
      aria-valuemax={Math.round(MAX_SHARE * 100)}
      aria-valuenow={Math.min(Math.round(MAX_SHARE * 100), Math.max(Math.round(MIN_SHARE * 100), share))}
      aria-valuetext={`${share}% of the window`}
      tabIndex={0}
      title="Drag to resize (double-click: most of the window, or back)"
      data-testid="panel-resizer"
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={onPointerUp}
      onDoubleClick={toggleBottomMaximized}
      onKeyDown={onKeyDown}
    />
  );
}
