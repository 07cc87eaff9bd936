// The canvas: React Flow over the mapped design. Nodes come from the store (memoised per node); while a drag or a
// resize is in progress only the moved nodes change (local overrides), and the drop commits one edit
// (dropNodes: positions and membership). Wiring is checked by canConnect while dragging a wire and again on drop.
import { ownValue } from '../../shared/util/own';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { DragEvent, KeyboardEvent as ReactKeyboardEvent, MouseEvent as ReactMouseEvent } from 'react';
import {
  Background,
  BackgroundVariant,
  ConnectionMode,
  ControlButton,
  Controls,
  MiniMap,
  ReactFlow,
  SelectionMode,
  ViewportPortal,
  getViewportForBounds,
  useConnection,
  useReactFlow,
  useStore,
  useStoreApi,
} from '@xyflow/react';
import type { Connection, Edge, EdgeChange, FinalConnectionState, Node, NodeChange, ReactFlowState } from '@xyflow/react';
import { badgesFromFindings } from '../../shared/canvas/badges';
import { buildCanvasIndex, canvasBounds, nodeAt } from '../../shared/canvas/geometry';
import { createCanvasMapper } from '../../shared/canvas/mapping';
import type { CanvasModel, CanvasNode } from '../../shared/canvas/mapping';
import { canConnect, connect, dropNodes } from '../../shared/edits';
import type { PaletteKind } from '../../shared/edits';
import { commit, edit, requestView, select, toast, updateSelection, useEditor } from '../store/editor';
import type { ViewRequest } from '../store/editor';
import type { DesignDocument } from '../../shared/model/types';
import { renameObject } from '../app/goTo';
import { ContextMenu, openContextMenu } from './ContextMenu';
import { EDGE_TYPES } from './edges';
import { NODE_TYPES } from './nodes';
import { PALETTE_MIME } from '../components/Palette';
import { FarContext } from './lod';
import type { Detail } from './lod';
import { measureOnlyUndeclared } from './measure';
import { OverviewEdges } from './OverviewEdges';
import { cancelPlacing, placeAt, usePlacing } from './place';
import { DIAGRAM_COLORS, ROLE_COLORS } from '../theme';

/** Snap grid of the canvas (positions move in these steps). */
export const SNAP_GRID: [number, number] = [10, 10];
const FIT_PADDING = 0.15;
const MINIMAP_SIZE = { width: 150, height: 96 };
/** Whether the overview map is shown (off by default: it covers the corner of the design); remembered per browser. */
const MINIMAP_KEY = 'extopo.minimap';
function readMinimapPref(): boolean {
  try {
    return globalThis.localStorage?.getItem(MINIMAP_KEY) === 'on';
  } catch {
    return false;
  }
}
function writeMinimapPref(on: boolean): void {
  try {
    globalThis.localStorage?.setItem(MINIMAP_KEY, on ? 'on' : 'off');
  } catch {
    // Storage refused (private mode): the choice lasts for this page only.
  }
}
/*
 * Props given to React Flow as objects are module constants: React Flow copies each prop whose identity changed into
 * its store, and every store update re-runs the selectors of every mounted node, edge and handle. The canvas
 * re-renders on each pointer move of a drag, so a fresh object literal here would cost one such round per move.
 */
const FIT_VIEW_OPTIONS = { padding: FIT_PADDING, maxZoom: 1.5 };
/** Shift adds to the selection; Ctrl (Cmd on a Mac) toggles a node in or out of it, as in draw.io and Visio. */
const MULTI_SELECTION_KEYS = ['Shift', 'Control', 'Meta'];
/** "Go there" zooms in to at least this (readable) when it has to move the view; it never zooms in further. */
export const REVEAL_MIN_ZOOM = 0.6;
/** A node counts as in view when it is at least this far inside the canvas's edges (px). */
const REVEAL_MARGIN = 24;
const PRO_OPTIONS = { hideAttribution: true };
/** Above this many nodes, React Flow mounts only what is in view (zoomed in, a drag then touches a few dozen nodes). */
export const VISIBLE_ONLY_THRESHOLD = 150;
/**
 * Below this zoom the canvas draws a lighter level of detail (class `lod-far` on the wrapper, see styles.css): text
 * too small to read, edge labels, shadows and the dot grid are left out, which keeps software painting of a large
 * design within a frame while a node is dragged. Nodes do not re-render: only the wrapper's class flips.
 */
export const FAR_ZOOM = 0.45;
/**
 * Below this zoom (the fitted view of a design of a few hundred nodes and more) the canvas is an overview: on top of
 * the far level's omissions, nodes draw no connection handles (10 px handles are under 2 px here, too small to grab:
 * zoom in to wire) and the wires are drawn in one layer (OverviewEdges.tsx) instead of an <svg> and edge component
 * each: a wire is under half a pixel wide here, too thin to click or hover. That is two elements fewer per node and
 * three per edge in the view that mounts every node and edge (in profiles, React Flow's edges alone were ~30 % of the
 * main thread's work when a 500-node design opened). The wires keep their ends: React Flow draws them from the
 * handles the nodes declare (shared/canvas/mapping.ts), not from handle elements, and the layer computes them the
 * same way.
 */
export const OVERVIEW_ZOOM = 0.2;
const detailOf = (s: ReactFlowState): Detail => (s.transform[2] < OVERVIEW_ZOOM ? 'overview' : s.transform[2] < FAR_ZOOM ? 'far' : 'near');

interface LiveOverride {
  position?: { x: number; y: number };
  width?: number;
  height?: number;
}
interface Live {
  readonly base: CanvasModel | null;
  readonly map: ReadonlyMap<string, LiveOverride>;
}
const NO_LIVE: Live = { base: null, map: new Map() };

function applyLive(nodes: readonly CanvasNode[], live: Live): Node[] {
  if (live.map.size === 0) return nodes as unknown as Node[];
  return nodes.map((n) => {
    const o = live.map.get(n.id);
    if (!o) return n;
    const width = o.width ?? n.width;
    const height = o.height ?? n.height;
    return { ...n, position: o.position ?? n.position, width, height, measured: { width, height } };
  }) as unknown as Node[];
}

function minimapColor(node: Node): string {
  switch (node.type) {
    case 'server': {
      const roles = (node.data as { roles?: readonly string[] }).roles ?? [];
      const first = roles[0] as keyof typeof ROLE_COLORS | undefined;
      return first ? ROLE_COLORS[first] : DIAGRAM_COLORS.server.stroke;
    }
    case 'site':
      return 'transparent';
    case 'dag':
      return DIAGRAM_COLORS.dag.fill;
    case 'subnet':
      return DIAGRAM_COLORS.nlb.stroke;
    default:
      return DIAGRAM_COLORS.nlb.stroke;
  }
}

/** While a wire is being dragged: what dropping it here would do, or why it is refused. */
function ConnectionHint() {
  const connection = useConnection();
  const design = useEditor((s) => s.doc.design);
  if (!connection.inProgress) return null;
  const target = connection.toNode?.id ?? null;
  const check = target !== null && target !== connection.fromNode.id ? canConnect(design, connection.fromNode.id, target) : null;
  const text = check === null ? 'Drop on a subnet, load balancer, DAG or CAS array' : check.ok ? `✔ ${check.effect}` : `✘ ${check.reason}`;
  return (
    <ViewportPortal>
      <div
        className={`connection-hint${check === null ? '' : check.ok ? ' ok' : ' refused'}`}
        style={{ transform: `translate(${connection.to.x + 14}px, ${connection.to.y + 14}px)` }}
        data-testid="connection-hint"
      >
        {text}
      </div>
    </ViewportPortal>
  );
}

export function Canvas() {
  const doc = useEditor((s) => s.doc);
  const plan = useEditor((s) => s.plan);
  const plannedDesign = useEditor((s) => s.plannedDesign);
  const selection = useEditor((s) => s.selection);
  const viewRequest = useEditor((s) => s.viewRequest);
  const detail = useStore(detailOf);
  const far = detail !== 'near';
  const flow = useReactFlow();
  const flowStore = useStoreApi();
  // Before <ReactFlow> first renders its nodes: no DOM measurement of nodes that declare their size and handles.
  useState(() => measureOnlyUndeclared(flowStore));
  const [mapper] = useState(createCanvasMapper);
  const badges = useMemo(() => badgesFromFindings(plan.findings, plannedDesign), [plan, plannedDesign]);
  const model = useMemo(() => mapper({ design: doc.design, layout: doc.layout, badges, selection }), [mapper, doc.design, doc.layout, badges, selection]);
  const modelRef = useRef(model);
  useLayoutEffect(() => {
    modelRef.current = model;
  }, [model]);
  const [live, setLive] = useState<Live>(NO_LIVE);
  const nodes = useMemo(() => applyLive(model.nodes, live.base === model ? live : NO_LIVE), [model, live]);
  const edges = model.edges as unknown as Edge[];
  // The overview draws the wires in one layer (OverviewEdges). React Flow keeps the edges, hidden, so that what it
  // does with them stays as it is (a box selection selects the wires of the nodes it takes); it still mounts a
  // wrapper per hidden edge, which draws nothing (~13 ms at 500 nodes: passing no edges would save that, and lose the
  // box selection's wires).
  const overview = detail === 'overview';
  const flowEdges = useMemo(() => (overview ? edges.map((e) => ({ ...e, hidden: true })) : edges), [edges, overview]);

  const onNodesChange = useCallback((changes: NodeChange[]) => {
    const selected: { id: string; selected: boolean }[] = [];
    let moved = false;
    for (const c of changes) {
      if (c.type === 'select') selected.push({ id: c.id, selected: c.selected });
      else if ((c.type === 'position' && c.position) || (c.type === 'dimensions' && c.dimensions && c.resizing)) moved = true;
    }
    if (moved) {
      setLive((prev) => {
        const base = modelRef.current;
        const map = new Map(prev.base === base ? prev.map : undefined);
        for (const c of changes) {
          if (c.type === 'position' && c.position) map.set(c.id, { ...map.get(c.id), position: c.position });
          else if (c.type === 'dimensions' && c.dimensions && c.resizing) map.set(c.id, { ...map.get(c.id), width: c.dimensions.width, height: c.dimensions.height });
        }
        return { base, map };
      });
    }
    if (selected.length > 0) updateSelection(selected);
  }, []);

  const onEdgesChange = useCallback((changes: EdgeChange[]) => {
    const selected = changes.flatMap((c) => (c.type === 'select' ? [{ id: c.id, selected: c.selected }] : []));
    if (selected.length > 0) updateSelection(selected);
  }, []);

  const onNodeDragStop = useCallback((_event: unknown, _node: Node, dragged: Node[]) => {
    const { doc: current } = useEditor.getState();
    const moves = dragged.map((n) => {
      const parent = n.parentId ? ownValue(current.layout.nodes, n.parentId) : undefined;
      return { id: n.id, x: Math.round(n.position.x + (parent?.x ?? 0)), y: Math.round(n.position.y + (parent?.y ?? 0)) };
    });
    const changed = moves.some((m) => {
      const e = ownValue(current.layout.nodes, m.id);
      return !e || Math.abs(e.x - m.x) >= 1 || Math.abs(e.y - m.y) >= 1;
    });
    // A server that joined a DAG is laid out beside its members, maybe out of view: the view follows it.
    if (changed && commit(dropNodes(current, moves)) === null) requestView({ kind: 'reveal', ids: moves.map((m) => m.id), keepZoom: true });
    setLive(NO_LIVE);
  }, []);

  // A click (not a drag) on a member of a multi-selection narrows the selection to it; with Ctrl/Cmd/Shift React
  // Flow toggles or adds instead.
  const onNodeClick = useCallback((e: ReactMouseEvent, n: Node) => {
    if (e.shiftKey || e.ctrlKey || e.metaKey) return;
    const current = useEditor.getState().selection;
    if (current.size > 1 && current.has(n.id)) select([n.id]);
  }, []);

  const onNodeDoubleClick = useCallback((_e: ReactMouseEvent, n: Node) => renameObject(n.id), []);

  const onNodeContextMenu = useCallback((e: ReactMouseEvent, n: Node) => {
    e.preventDefault();
    const current = useEditor.getState().selection;
    const ids = current.has(n.id) ? [...current] : [n.id];
    if (!current.has(n.id)) select(ids);
    openContextMenu(e.clientX, e.clientY, ids, e.currentTarget instanceof HTMLElement ? e.currentTarget : null);
  }, []);

  const onSelectionContextMenu = useCallback((e: ReactMouseEvent, selected: Node[]) => {
    e.preventDefault();
    openContextMenu(e.clientX, e.clientY, selected.map((n) => n.id), null);
  }, []);

  const onPaneContextMenu = useCallback((e: ReactMouseEvent | MouseEvent) => {
    e.preventDefault();
    openContextMenu(e.clientX, e.clientY, [], null);
  }, []);

  // Shift+F10 or the Menu key opens the context menu of the selection (or of the canvas) from the keyboard.
  const onKeyDown = useCallback((e: ReactKeyboardEvent) => {
    if (!((e.key === 'F10' && e.shiftKey) || e.key === 'ContextMenu')) return;
    if (e.target instanceof HTMLElement && e.target.closest('input, select, textarea')) return;
    e.preventDefault();
    const ids = [...useEditor.getState().selection].filter((id) => !id.includes('|'));
    const focusedNode = e.target instanceof HTMLElement ? e.target.closest<HTMLElement>('.react-flow__node') : null;
    const anchor = focusedNode ?? (ids.length > 0 ? document.querySelector<HTMLElement>(`.react-flow__node[data-id="${CSS.escape(ids[0])}"]`) : null);
    const r = (anchor ?? (e.currentTarget as HTMLElement)).getBoundingClientRect();
    openContextMenu(r.left + Math.min(r.width / 2, 40), r.top + Math.min(r.height / 2, 40), ids, e.target instanceof HTMLElement ? e.target : null);
  }, []);

  const isValidConnection = useCallback((c: Connection | Edge) => canConnect(useEditor.getState().doc.design, c.source, c.target).ok, []);

  const onConnect = useCallback((c: Connection) => {
    edit((d) => connect(d, c.source, c.target), { select: 'created' });
  }, []);

  const onConnectEnd = useCallback(
    (event: MouseEvent | TouchEvent, state: FinalConnectionState) => {
      if (state.isValid || !state.fromNode) return;
      const { doc: current } = useEditor.getState();
      let target = state.toNode?.id ?? null;
      if (target === null) {
        // Dropped on a node's body rather than on its handle: wire to the node under the pointer.
        const point = 'changedTouches' in event ? event.changedTouches[0] : event;
        if (!point) return;
        const at = flow.screenToFlowPosition({ x: point.clientX, y: point.clientY });
        target = nodeAt(modelRef.current.index, current.layout, at, state.fromNode.id);
        if (target === null) return;
        const check = canConnect(current.design, state.fromNode.id, target);
        if (check.ok) {
          commit(connect(current, state.fromNode.id, target), { select: 'created' });
          return;
        }
        // Dropping a wire inside the AD site around it is not an attempt to wire the site.
        if (modelRef.current.index.kindOf.get(target) === 'site') return;
        toast('error', check.reason);
        return;
      }
      const check = canConnect(current.design, state.fromNode.id, target);
      if (!check.ok) toast('error', check.reason);
    },
    [flow],
  );

  const onDragOver = useCallback((e: DragEvent) => {
    if (!e.dataTransfer.types.includes(PALETTE_MIME)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
  }, []);

  const onDrop = useCallback(
    (e: DragEvent) => {
      const kind = e.dataTransfer.getData(PALETTE_MIME) as PaletteKind;
      if (!kind) return;
      e.preventDefault();
      if (placeAt(kind, flow.screenToFlowPosition({ x: e.clientX, y: e.clientY })) === null) requestView({ kind: 'reveal', ids: [...useEditor.getState().selection] });
    },
    [flow],
  );

  // Click-to-place: with a palette item armed, a click on the canvas (the pane or a node) places it there.
  const placing = usePlacing((s) => s.kind);
  const placingLabel = usePlacing((s) => s.label);
  const onClickCapture = useCallback(
    (e: ReactMouseEvent) => {
      const kind = usePlacing.getState().kind;
      if (!kind || !(e.target instanceof Element) || !e.target.closest('.react-flow__pane, .react-flow__node')) return;
      e.stopPropagation();
      e.preventDefault();
      cancelPlacing();
      placeAt(kind, flow.screenToFlowPosition({ x: e.clientX, y: e.clientY }));
    },
    [flow],
  );

  const [minimap, setMinimap] = useState(readMinimapPref);
  const toggleMinimap = useCallback(() => {
    setMinimap((on) => {
      writeMinimapPref(!on);
      return !on;
    });
  }, []);

  // The whole design framed (a design opened, New, the Fit button): from the layout, as React Flow's fitView would
  // frame it, and before React renders the new document. The editor store's listeners run as the request is made,
  // while React only schedules its render: the first render of an opened design is at its fitted zoom, so it mounts
  // the nodes and edges once, at the level of detail of that zoom (not first those in view at the previous document's
  // zoom, in full detail, then all of them again). fitView itself would wait two frames for the nodes and then
  // re-adopt all of them (at 1,000 nodes ~50 ms more).
  const framedSeq = useRef(0);
  useLayoutEffect(() => {
    const frame = (request: ViewRequest | null, design: DesignDocument['design'], layout: DesignDocument['layout']) => {
      if (!request || request.kind !== 'fit' || request.ids !== null || framedSeq.current === request.seq) return;
      const { width, height, minZoom } = flowStore.getState();
      const bounds = canvasBounds(buildCanvasIndex(design), layout);
      if (!bounds || width <= 0 || height <= 0) return; // not laid out yet: the effect below frames it
      framedSeq.current = request.seq;
      void flow.setViewport(getViewportForBounds(bounds, width, height, minZoom, FIT_VIEW_OPTIONS.maxZoom, FIT_PADDING));
    };
    return useEditor.subscribe((s, previous) => {
      if (s.viewRequest !== previous.viewRequest) frame(s.viewRequest, s.doc.design, s.doc.layout);
    });
  }, [flow, flowStore]);

  useEffect(() => {
    if (!viewRequest) return;
    if (viewRequest.kind === 'zoomIn') void flow.zoomIn({ duration: 150 });
    else if (viewRequest.kind === 'zoomOut') void flow.zoomOut({ duration: 150 });
    if (viewRequest.kind === 'fit') {
      const ids = viewRequest.ids;
      if (ids === null && framedSeq.current === viewRequest.seq) return; // framed already (above)
      // The whole design before the canvas had its size: framed from the layout now.
      const { width, height, minZoom } = flowStore.getState();
      const bounds = ids ? null : canvasBounds(modelRef.current.index, useEditor.getState().doc.layout);
      if (bounds && width > 0 && height > 0) {
        void flow.setViewport(getViewportForBounds(bounds, width, height, minZoom, FIT_VIEW_OPTIONS.maxZoom, FIT_PADDING));
        return;
      }
      // Let React Flow adopt the nodes of a freshly loaded document before framing them.
      const frame = requestAnimationFrame(() => {
        void flow.fitView({ padding: FIT_PADDING, duration: ids ? 300 : 0, maxZoom: 1.5, ...(ids ? { nodes: ids.map((id) => ({ id })) } : {}) });
      });
      return () => cancelAnimationFrame(frame);
    }
    if (viewRequest.kind === 'reveal') {
      // Zoom only as far as needed: nothing when the nodes are in view at a readable zoom, else frame them without
      // zooming in past the current zoom (or REVEAL_MIN_ZOOM when the view is too far out to read).
      // A drop (keepZoom) never zooms in: the user works at the zoom they chose (in the fitted view of a large
      // design, zooming in would also re-mount the canvas at another level of detail).
      const { ids, keepZoom = false } = viewRequest;
      const frame = requestAnimationFrame(() => {
        const { width, height } = flowStore.getState();
        const bounds = flow.getNodesBounds([...ids]);
        if (!width || !height || (bounds.width === 0 && bounds.height === 0)) return;
        const { x, y, zoom } = flow.getViewport();
        const readable = keepZoom || zoom >= REVEAL_MIN_ZOOM;
        const left = bounds.x * zoom + x;
        const top = bounds.y * zoom + y;
        const inView = left >= REVEAL_MARGIN && top >= REVEAL_MARGIN && left + bounds.width * zoom <= width - REVEAL_MARGIN && top + bounds.height * zoom <= height - REVEAL_MARGIN;
        if (inView && readable) return;
        const fits = bounds.width * zoom <= width - 2 * REVEAL_MARGIN && bounds.height * zoom <= height - 2 * REVEAL_MARGIN;
        if (fits && readable) {
          // Readable and small enough: scroll it into view, the least distance (like scrollIntoView({block: 'nearest'})).
          const dx = left < REVEAL_MARGIN ? REVEAL_MARGIN - left : Math.min(0, width - REVEAL_MARGIN - (left + bounds.width * zoom));
          const dy = top < REVEAL_MARGIN ? REVEAL_MARGIN - top : Math.min(0, height - REVEAL_MARGIN - (top + bounds.height * zoom));
          void flow.setViewport({ x: x + dx, y: y + dy, zoom }, { duration: 300 });
          return;
        }
        void flow.fitView({ padding: FIT_PADDING, duration: 300, maxZoom: keepZoom ? zoom : Math.max(zoom, REVEAL_MIN_ZOOM), nodes: ids.map((id) => ({ id })) });
      });
      return () => cancelAnimationFrame(frame);
    }
  }, [viewRequest, flow, flowStore]);

  return (
    <div
      className={`canvas${far ? ' lod-far' : ''}${placing ? ' placing' : ''}`}
      data-testid="canvas"
      data-lod={detail}
      onDragOver={onDragOver}
      onDrop={onDrop}
      onClickCapture={onClickCapture}
      onKeyDown={onKeyDown}
    >
      {placing ? (
        <div className="placing-hint" role="status" data-testid="placing-hint">
          Click on the canvas to place {placingLabel} · Esc cancels
          <button type="button" className="link" onClick={cancelPlacing}>
            Cancel
          </button>
        </div>
      ) : null}
      <FarContext.Provider value={detail}>
        <ReactFlow
          nodes={nodes}
          edges={flowEdges}
          nodeTypes={NODE_TYPES}
          edgeTypes={EDGE_TYPES}
          onNodesChange={onNodesChange}
          onEdgesChange={onEdgesChange}
          onNodeDragStop={onNodeDragStop}
          onNodeClick={onNodeClick}
          onNodeDoubleClick={onNodeDoubleClick}
          onNodeContextMenu={onNodeContextMenu}
          onSelectionContextMenu={onSelectionContextMenu}
          onPaneContextMenu={onPaneContextMenu}
          onConnect={onConnect}
          onConnectEnd={onConnectEnd}
          isValidConnection={isValidConnection}
          connectionMode={ConnectionMode.Loose}
          connectionRadius={30}
          snapToGrid
          snapGrid={SNAP_GRID}
          selectionMode={SelectionMode.Partial}
          multiSelectionKeyCode={MULTI_SELECTION_KEYS}
          zoomOnDoubleClick={false}
          selectionKeyCode="Shift"
          deleteKeyCode={null}
          minZoom={0.05}
          maxZoom={3}
          fitView
          fitViewOptions={FIT_VIEW_OPTIONS}
          onlyRenderVisibleElements={!far && model.nodes.length > VISIBLE_ONLY_THRESHOLD}
          proOptions={PRO_OPTIONS}
        >
          <Background variant={BackgroundVariant.Dots} gap={SNAP_GRID[0] * 2} size={1} />
          {minimap ? <MiniMap pannable zoomable nodeColor={minimapColor} nodeStrokeWidth={2} ariaLabel="Overview of the design" style={MINIMAP_SIZE} /> : null}
          <Controls showInteractive={false} aria-label="Zoom and overview">
            <ControlButton onClick={toggleMinimap} title={minimap ? 'Hide the overview map' : 'Show the overview map'} aria-label={minimap ? 'Hide the overview map' : 'Show the overview map'} aria-pressed={minimap} data-testid="toggle-minimap">
              <svg viewBox="0 0 16 16" aria-hidden="true" focusable="false">
                <rect x="1.5" y="2.5" width="13" height="11" rx="1.5" fill="none" stroke="currentColor" strokeWidth="1.4" />
                <rect x="8" y="8" width="5" height="4" fill="currentColor" />
              </svg>
            </ControlButton>
          </Controls>
          <ConnectionHint />
          {overview ? <OverviewEdges edges={edges} /> : null}
        </ReactFlow>
      </FarContext.Provider>
      <ContextMenu />
    </div>
  );
}
