// Adding a palette item without dragging it: at a point (a drop, or a click on the canvas while an item is "armed"
// for click-to-place), at the centre of what the canvas shows, or into the selected AD site or DAG (Enter / Space on
// a palette button). Keyboard and click placements look for a free spot so the new node lands beside, not on top of,
// what is already there.
import { create } from 'zustand';
import { GROUP_HEADER, GROUP_PADDING, NODE_SIZE, buildCanvasIndex, rectOf } from '../../shared/canvas/geometry';
import type { NodeKind } from '../../shared/canvas/geometry';
import { addFromPalette } from '../../shared/edits';
import type { PaletteKind } from '../../shared/edits';
import type { DesignDocument } from '../../shared/model/types';
import { ownValue } from '../../shared/util/own';
import { edit, useEditor } from '../store/editor';
import type { EditorState } from '../store/editor';

export interface Point {
  readonly x: number;
  readonly y: number;
}
interface Rect extends Point {
  readonly width: number;
  readonly height: number;
}

/** The size a palette item takes on the canvas (a new AD site opens around the point). */
export function paletteSize(kind: PaletteKind): { width: number; height: number } {
  switch (kind) {
    case 'subnet':
      return NODE_SIZE.subnet;
    case 'site':
      return { width: 0, height: 0 };
    case 'dag':
      return NODE_SIZE.dag;
    case 'nlb':
      return NODE_SIZE.nlbCluster;
    case 'hlb':
      return NODE_SIZE.hardwareLoadBalancer;
    case 'cas-array':
      return NODE_SIZE.casArray;
    default:
      return NODE_SIZE.server;
  }
}

/** Adds the item centred on a canvas point (a drop or a click); the new object is selected. Returns the refusal, or null. */
export function placeAt(kind: PaletteKind, center: Point): string | null {
  const size = paletteSize(kind);
  const topLeft = { x: Math.round(center.x - size.width / 2), y: Math.round(center.y - size.height / 2) };
  return edit((d) => addFromPalette(d, kind, topLeft), { select: 'created' });
}

const GAP = 20;
const SEARCH_RINGS = 6;

function overlaps(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.width + GAP / 2 && b.x < a.x + a.width + GAP / 2 && a.y < b.y + b.height + GAP / 2 && b.y < a.y + a.height + GAP / 2;
}

/** Rectangles of the nodes a new node should not cover: everything but the AD sites and the groups it goes into. */
function obstacles(doc: DesignDocument, except: ReadonlySet<string>): Rect[] {
  const index = buildCanvasIndex(doc.design);
  const out: Rect[] = [];
  for (const [id, kind] of index.kindOf) {
    if (kind === 'site' || except.has(id)) continue;
    const entry = ownValue(doc.layout.nodes, id);
    if (entry) out.push(rectOf(kind, entry));
  }
  return out;
}

/** The first spot near `want` (top-left) where `size` covers nothing, staying inside `within` when given. */
function freeSpot(want: Point, size: { width: number; height: number }, blocked: readonly Rect[], within?: Rect): Point | null {
  const stepX = size.width + GAP;
  const stepY = size.height + GAP;
  const fits = (p: Point) => {
    const r = { ...p, width: size.width, height: size.height };
    if (within && (r.x < within.x || r.y < within.y || r.x + r.width > within.x + within.width || r.y + r.height > within.y + within.height)) return false;
    return !blocked.some((b) => overlaps(r, b));
  };
  for (let ring = 0; ring <= SEARCH_RINGS; ring++) {
    // Rows first (the same height as the wanted spot), then above and below.
    const candidates: Point[] = [];
    for (let dy = -ring; dy <= ring; dy++) {
      for (let dx = -ring; dx <= ring; dx++) {
        if (Math.max(Math.abs(dx), Math.abs(dy)) !== ring) continue;
        candidates.push({ x: want.x + dx * stepX, y: want.y + dy * stepY });
      }
    }
    candidates.sort((a, b) => Math.abs(a.y - want.y) - Math.abs(b.y - want.y) || Math.abs(a.x - want.x) - Math.abs(b.x - want.x));
    const found = candidates.find(fits);
    if (found) return found;
  }
  return null;
}

/** The AD site or DAG that is the only selected object, if any (where Enter on a palette item adds into). */
export function groupOf({ selection, doc }: Pick<EditorState, 'selection' | 'doc'>): { id: string; kind: 'site' | 'dag'; name: string } | null {
  if (selection.size !== 1) return null;
  const [id] = selection;
  const site = doc.design.sites.find((s) => s.id === id);
  if (site) return { id, kind: 'site', name: site.name };
  const dag = doc.design.dags.find((d) => d.id === id);
  if (dag) return { id, kind: 'dag', name: dag.name };
  return null;
}

/**
 * Adds the item without a pointer: into the selected AD site or DAG (a free spot inside it, else its lower edge;
 * the group grows to hold it), else at a free spot nearest the centre of the view.
 */
export function placeFromKeyboard(kind: PaletteKind, viewCenter: Point): string | null {
  const { doc } = useEditor.getState();
  const size = paletteSize(kind);
  const group = groupOf(useEditor.getState());
  if (group) {
    const entry = ownValue(doc.layout.nodes, group.id);
    const rect = rectOf(group.kind as NodeKind, entry);
    const inner: Rect = { x: rect.x + GROUP_PADDING, y: rect.y + GROUP_HEADER + GROUP_PADDING, width: rect.width - 2 * GROUP_PADDING, height: rect.height - GROUP_HEADER - 2 * GROUP_PADDING };
    const blocked = obstacles(doc, new Set([group.id]));
    const spot = freeSpot({ x: inner.x, y: inner.y }, size, blocked, inner) ?? { x: inner.x, y: Math.max(inner.y, rect.y + rect.height - GROUP_PADDING - size.height) };
    return placeAt(kind, { x: spot.x + size.width / 2, y: spot.y + size.height / 2 });
  }
  const want = { x: viewCenter.x - size.width / 2, y: viewCenter.y - size.height / 2 };
  const spot = kind === 'site' ? want : (freeSpot(want, size, obstacles(doc, new Set())) ?? want);
  return placeAt(kind, { x: spot.x + size.width / 2, y: spot.y + size.height / 2 });
}

/** Click-to-place: the palette item waiting for a click on the canvas (Escape cancels). */
export const usePlacing = create<{ kind: PaletteKind | null; label: string }>()(() => ({ kind: null, label: '' }));

export function armPlacing(kind: PaletteKind, label: string): void {
  usePlacing.setState((s) => (s.kind === kind ? { kind: null, label: '' } : { kind, label }));
}

export function cancelPlacing(): void {
  if (usePlacing.getState().kind !== null) usePlacing.setState({ kind: null, label: '' });
}
