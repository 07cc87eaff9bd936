// The palette: a toolbar of buttons (one tab stop; the arrow keys, Home and End move within it). Each item can be
// added three ways: Enter / Space adds it at the centre of the view (or into the selected AD site or DAG); a click
// arms it and the next click on the canvas places it (Escape cancels); or it is dragged onto the canvas (React
// Flow's drag-and-drop pattern). Server items show their role badges in the role colours of the canvas and the PDF.
import { useEffect, useRef, useState } from 'react';
import type { KeyboardEvent as ReactKeyboardEvent } from 'react';
import { useReactFlow } from '@xyflow/react';
import { PALETTE } from '../../shared/edits/add';
import type { PaletteItem } from '../../shared/edits/add';
import { armPlacing, cancelPlacing, groupOf, placeFromKeyboard, usePlacing } from '../canvas/place';
import { useEditor } from '../store/editor';
import { ROLE_BADGE_TEXT, ROLE_COLORS } from '../theme';

export const PALETTE_MIME = 'application/x-extopo-palette';

const SECTIONS: readonly PaletteItem['section'][] = ['Servers', 'Groups', 'Load balancing', 'Network'];
/** The palette in toolbar order (sections in order, items in their order within a section). */
const ORDERED: readonly PaletteItem[] = SECTIONS.flatMap((s) => PALETTE.filter((p) => p.section === s));

/** The centre of what the canvas shows, in canvas coordinates. */
function useViewCenter(): () => { x: number; y: number } {
  const flow = useReactFlow();
  return () => {
    const pane = document.querySelector('[data-testid="canvas"]');
    const r = pane?.getBoundingClientRect();
    if (!r || r.width === 0) return { x: 0, y: 0 };
    return flow.screenToFlowPosition({ x: r.left + r.width / 2, y: r.top + r.height / 2 });
  };
}

interface ItemProps {
  readonly item: PaletteItem;
  readonly active: boolean;
  readonly armed: boolean;
  readonly buttonRef: (el: HTMLButtonElement | null) => void;
  readonly onFocusItem: () => void;
  readonly onKeyDown: (e: ReactKeyboardEvent<HTMLButtonElement>) => void;
}

function Item({ item, active, armed, buttonRef, onFocusItem, onKeyDown }: ItemProps) {
  const viewCenter = useViewCenter();
  const where = useEditor((s) => {
    const group = groupOf(s);
    return group ? `into ${group.kind === 'dag' ? 'DAG' : 'AD site'} ${group.name}` : 'at the centre of the view';
  });
  return (
    <button
      ref={buttonRef}
      type="button"
      className={`palette-item${armed ? ' armed' : ''}`}
      draggable
      tabIndex={active ? 0 : -1}
      aria-pressed={armed}
      onDragStart={(e) => {
        cancelPlacing();
        e.dataTransfer.setData(PALETTE_MIME, item.kind);
        e.dataTransfer.effectAllowed = 'copy';
      }}
      onFocus={onFocusItem}
      onKeyDown={(e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          cancelPlacing();
          placeFromKeyboard(item.kind, viewCenter());
          return;
        }
        onKeyDown(e);
      }}
      onClick={(e) => {
        // A click by keyboard (detail 0) is handled on keydown; a mouse click arms click-to-place.
        if (e.detail === 0) return;
        armPlacing(item.kind, item.label);
      }}
      title={`${item.description}: Enter adds it ${where}; click, then click the canvas to place it; or drag it onto the canvas`}
      data-testid={`palette-${item.kind}`}
    >
      {item.roles ? (
        <span className="palette-roles" aria-hidden="true">
          {item.roles.map((r) => (
            <span key={r} className="role" style={{ background: ROLE_COLORS[r], color: ROLE_BADGE_TEXT }}>
              {r}
            </span>
          ))}
        </span>
      ) : null}
      <span className="palette-label">{item.label}</span>
    </button>
  );
}

export function Palette() {
  const [active, setActive] = useState(0);
  const armed = usePlacing((s) => s.kind);
  const refs = useRef<(HTMLButtonElement | null)[]>([]);
  const move = (to: number) => {
    const n = ORDERED.length;
    const i = ((to % n) + n) % n;
    setActive(i);
    refs.current[i]?.focus();
  };
  // Escape cancels click-to-place wherever the focus is.
  useEffect(() => {
    if (armed === null) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') cancelPlacing();
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [armed]);
  const onKeyDown = (i: number) => (e: ReactKeyboardEvent<HTMLButtonElement>) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowRight') move(i + 1);
    else if (e.key === 'ArrowUp' || e.key === 'ArrowLeft') move(i - 1);
    else if (e.key === 'Home') move(0);
    else if (e.key === 'End') move(ORDERED.length - 1);
    else return;
    e.preventDefault();
  };
  return (
    <nav className="palette" aria-label="Palette" data-testid="palette">
      <div role="toolbar" aria-orientation="vertical" aria-label="Add to the design" data-testid="palette-toolbar">
        {SECTIONS.map((section) => (
          <div key={section} role="group" aria-labelledby={`palette-section-${section.replace(/\W+/g, '-')}`}>
            <h2 className="palette-section" id={`palette-section-${section.replace(/\W+/g, '-')}`}>
              {section}
            </h2>
            {ORDERED.map((item, i) =>
              item.section === section ? (
                <Item
                  key={item.kind}
                  item={item}
                  active={i === active}
                  armed={armed === item.kind}
                  buttonRef={(el) => {
                    refs.current[i] = el;
                  }}
                  onFocusItem={() => setActive(i)}
                  onKeyDown={onKeyDown(i)}
                />
              ) : null,
            )}
          </div>
        ))}
      </div>
      <p className="palette-tip">
        Enter adds an item at the centre of the view, or into the selected site or DAG. Or click it, then the canvas; or drag it. Wire a server&apos;s handle to a subnet, load balancer or DAG.
      </p>
    </nav>
  );
}
