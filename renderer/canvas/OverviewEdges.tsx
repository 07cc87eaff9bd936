// The overview's wires (zoom below OVERVIEW_ZOOM, renderer/canvas/Canvas.tsx): every edge drawn in one <svg>, one
// <path> per stroke style, instead of React Flow's <svg> + <g> + <path> and edge component per edge. The fitted view
// of a large design mounts every edge, and React Flow's elements were ~30 % of the work of opening 500 nodes; at this
// zoom a wire is under half a pixel wide, so it cannot be clicked or hovered anyway (zoom in for that: React Flow's
// edges come back above OVERVIEW_ZOOM, with their click areas, keyboard focus and context menu; their labels show
// from FAR_ZOOM up).
//
// The wires are the same: their ends are computed the way React Flow computes them (the nodes' declared handles,
// React Flow's getEdgePosition), and their paths and strokes come from the functions the edge components use
// (nicEdgeGeometry, relationEdgeGeometry). Selected edges are drawn wider, as by the edge components. The layer sits
// under every node (as the edges do: mapping.ts EDGE_Z_INDEX), and follows the nodes while one is dragged.
import { memo, useMemo, useRef } from 'react';
import { Position, ViewportPortal, useStore } from '@xyflow/react';
import type { Edge, InternalNode, ReactFlowState } from '@xyflow/react';
import type { CanvasEdgeData, NicEdgeData, RelationEdgeData } from '../../shared/canvas/mapping';
import { EDGE_Z_INDEX } from '../../shared/canvas/mapping';
import { nicEdgeGeometry, relationEdgeGeometry } from './edges';
import type { EdgeEnds } from './edges';

type HandleBound = NonNullable<NonNullable<InternalNode['internals']['handleBounds']>['source']>[number];

/** React Flow's handle bounds of a node: measured ones, else the handles the node declares. */
function handleBounds(node: InternalNode): { source: HandleBound[]; target: HandleBound[] } {
  const measured = node.internals.handleBounds;
  if (measured) return { source: measured.source ?? [], target: measured.target ?? [] };
  const source: HandleBound[] = [];
  const target: HandleBound[] = [];
  for (const h of node.handles ?? []) {
    const bound = { ...h, id: h.id ?? null, width: h.width ?? 1, height: h.height ?? 1 } as HandleBound;
    if (h.type === 'source') source.push(bound);
    else target.push(bound);
  }
  return { source, target };
}

function pickHandle(bounds: readonly HandleBound[], id: string | null | undefined): HandleBound | null {
  return (!id ? bounds[0] : bounds.find((b) => b.id === id)) ?? null;
}

function handlePoint(node: InternalNode, handle: HandleBound, position: Position): { x: number; y: number } {
  const x = handle.x + node.internals.positionAbsolute.x;
  const y = handle.y + node.internals.positionAbsolute.y;
  const { width, height } = handle;
  switch (position) {
    case Position.Top:
      return { x: x + width / 2, y };
    case Position.Right:
      return { x: x + width, y: y + height / 2 };
    case Position.Bottom:
      return { x: x + width / 2, y: y + height };
    case Position.Left:
      return { x, y: y + height / 2 };
  }
}

/** An edge's ends as React Flow's getEdgePosition gives them (connection mode Loose: any handle may be a target). */
export function edgeEnds(edge: Edge, lookup: ReadonlyMap<string, InternalNode>): EdgeEnds | null {
  const source = lookup.get(edge.source);
  const target = lookup.get(edge.target);
  if (!source || !target || source.hidden || target.hidden) return null;
  const s = handleBounds(source);
  const t = handleBounds(target);
  const sourceHandle = pickHandle(s.source, edge.sourceHandle);
  const targetHandle = pickHandle([...t.target, ...t.source], edge.targetHandle);
  if (!sourceHandle || !targetHandle) return null;
  const sourcePosition = sourceHandle.position || Position.Bottom;
  const targetPosition = targetHandle.position || Position.Top;
  const from = handlePoint(source, sourceHandle, sourcePosition);
  const to = handlePoint(target, targetHandle, targetPosition);
  return { sourceX: from.x, sourceY: from.y, targetX: to.x, targetY: to.y, sourcePosition, targetPosition };
}

interface Wire {
  readonly path: string;
  /** Stroke style: `color|width|dash`. */
  readonly style: string;
  readonly color: string;
  readonly width: number;
  readonly dash?: string;
}

/**
 * Past this share of the wires changed since the layer was last drawn whole, it is drawn whole again (a design
 * opened, a layout, an undo); below it (a node dragged, a drop, a selection) only the changed wires are drawn apart,
 * over the rest: the big paths of the unchanged wires stay as they are (no new path data to parse and paint on every
 * pointer move of a drag).
 */
const REDRAW_SHARE = 0.2;

/** The nodes (React Flow's store: a new array whenever a node moved) and their internal lookup. */
const nodesOf = (s: ReactFlowState) => s.nodes;
const lookupOf = (s: ReactFlowState) => s.nodeLookup;

/** One <path> per stroke style. */
function strokes(wires: Iterable<Wire>): { key: string; color: string; width: number; dash?: string; d: string }[] {
  const byStyle = new Map<string, { key: string; color: string; width: number; dash?: string; parts: string[] }>();
  for (const w of wires) {
    let s = byStyle.get(w.style);
    if (!s) byStyle.set(w.style, (s = { key: w.style, color: w.color, width: w.width, dash: w.dash, parts: [] }));
    s.parts.push(w.path);
  }
  // Selected wires (wider) last, on top.
  return [...byStyle.values()].sort((a, b) => a.width - b.width).map(({ parts, ...rest }) => ({ ...rest, d: parts.join(' ') }));
}

export const OverviewEdges = memo(function OverviewEdges({ edges }: { edges: readonly Edge[] }) {
  const nodes = useStore(nodesOf);
  const lookup = useStore(lookupOf);
  const wires = useMemo(() => {
    void nodes; // the lookup is updated in place: the nodes array says when
    const out = new Map<string, Wire>();
    for (const edge of edges) {
      const data = edge.data as CanvasEdgeData | undefined;
      if (!data) continue;
      const ends = edgeEnds(edge, lookup);
      if (!ends) continue;
      const g = data.kind === 'nic' ? nicEdgeGeometry(ends, data as NicEdgeData) : relationEdgeGeometry(ends, data as RelationEdgeData);
      const width = edge.selected ? 3 : 1.5;
      out.set(edge.id, { path: g.path, style: `${g.color}|${width}|${g.dash ?? ''}`, color: g.color, width, dash: g.dash });
    }
    return out;
  }, [edges, nodes, lookup]);
  // The layer as last drawn whole, and the wires that differ from it (drawn apart, on top).
  const base = useRef<{ wires: ReadonlyMap<string, Wire>; strokes: ReturnType<typeof strokes> } | null>(null);
  const changed: Wire[] = [];
  const changedIds: string[] = [];
  if (base.current) {
    for (const [id, w] of wires) {
      const was = base.current.wires.get(id);
      if (!was || was.path !== w.path || was.style !== w.style) {
        changed.push(w);
        changedIds.push(id);
      }
    }
  }
  const gone = base.current ? [...base.current.wires.keys()].some((id) => !wires.has(id)) : false;
  if (!base.current || gone || changed.length > wires.size * REDRAW_SHARE) {
    base.current = { wires, strokes: strokes(wires.values()) };
    changed.length = 0;
    changedIds.length = 0;
  }
  const baseStrokes = base.current.strokes;
  const baseWires = base.current.wires;
  // The unchanged part of the base: its paths stay the same strings (React leaves them alone) while the same wires move.
  const changedKey = changedIds.join('\n');
  const rest = useMemo(() => {
    if (changedKey === '') return baseStrokes;
    const moving = new Set(changedKey.split('\n'));
    return strokes([...baseWires].filter(([id]) => !moving.has(id)).map(([, w]) => w));
  }, [baseStrokes, baseWires, changedKey]);
  const live = strokes(changed);
  return (
    <ViewportPortal>
      <svg className="overview-edges" style={{ zIndex: EDGE_Z_INDEX }} data-testid="overview-edges" data-edges={wires.size} aria-hidden="true">
        {rest.map((s) => (
          <path key={s.key} d={s.d} fill="none" stroke={s.color} strokeWidth={s.width} strokeDasharray={s.dash} />
        ))}
        {live.map((s) => (
          <path key={`live|${s.key}`} d={s.d} fill="none" stroke={s.color} strokeWidth={s.width} strokeDasharray={s.dash} />
        ))}
      </svg>
    </ViewportPortal>
  );
});
