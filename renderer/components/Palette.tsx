// The palette: HTML5-draggable items dropped onto the canvas (React Flow's drag-and-drop pattern). Server items
// show their role badges in the role colours used on the canvas and in the PDF.
import { PALETTE } from '../../shared/edits/add';
import type { PaletteItem } from '../../shared/edits/add';
import { ROLE_BADGE_TEXT, ROLE_COLORS } from '../theme';

export const PALETTE_MIME = 'application/x-extopo-palette';

const SECTIONS: readonly PaletteItem['section'][] = ['Servers', 'Groups', 'Load balancing', 'Network'];

function Item({ item }: { item: PaletteItem }) {
  return (
    <div
      className="palette-item"
      draggable
      onDragStart={(e) => {
        e.dataTransfer.setData(PALETTE_MIME, item.kind);
        e.dataTransfer.effectAllowed = 'copy';
      }}
      title={`${item.description} — drag onto the canvas`}
      data-testid={`palette-${item.kind}`}
    >
      {item.roles ? (
        <span className="palette-roles">
          {item.roles.map((r) => (
            <span key={r} className="role" style={{ background: ROLE_COLORS[r], color: ROLE_BADGE_TEXT }}>
              {r}
            </span>
          ))}
        </span>
      ) : null}
      <span className="palette-label">{item.label}</span>
    </div>
  );
}

export function Palette() {
  return (
    <aside className="palette" aria-label="Palette">
      {SECTIONS.map((section) => (
        <section key={section}>
          <h3>{section}</h3>
          {PALETTE.filter((p) => p.section === section).map((item) => (
            <Item key={item.kind} item={item} />
          ))}
        </section>
      ))}
      <p className="palette-tip">Drag items onto the canvas. Wire a server's handle to a subnet (NIC), an NLB cluster, a hardware LB or a DAG.</p>
    </aside>
  );
}
