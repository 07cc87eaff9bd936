// The topology diagram laid out for print (the PDF, and the SVG / PNG / draw.io exports): ELK's layered algorithm
// places every AD site top to bottom (client/MAPI subnets on top, servers in rows, load balancers, CAS arrays, DAGs
// with their members in rows, replication subnets at the bottom), routes every edge orthogonally around the boxes
// and places the address labels of NIC edges next to the card they belong to, where no other label is.
//
// A design too large to read on one page is cut: an overview of the AD sites (CAS arrays, load balancers, server
// groups and DAGs as single boxes), then one page per AD site, then the site's parts drawn in full where the site
// is too large for one page: each load balancer with its servers, the other servers, each DAG with its members,
// servers in one row of at most ROW_MAX (a second row's address lines would have to cross the first). No page
// prints below PRINT_MIN_SCALE of the diagram's own size: a part that would is cut into smaller ones.
import ELK from 'elkjs/lib/elk.bundled.js';
import type { ElkEdgeSection, ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api';
import type { Role } from '../model/types';
import { rect } from './geometry';
import type { Point, Rect } from './geometry';
import type { Diagram, DiagramEdge, DiagramNode } from './model';
import { ROLE_ORDER, SHAPES, textWidth } from './theme';
import { EDGE_LABEL_SIZE, diagramSvgSize } from './svg';

/** Smallest print scale (points per diagram unit) a page is laid out for. */
export const PRINT_MIN_SCALE = 0.7;

/** Margin around a printed drawing (diagram units): the page has margins of its own. */
export const PRINT_MARGIN = 8;

/** Room on a page for a drawing, in points. */
export interface PrintArea {
  readonly width: number;
  readonly height: number;
}

export interface PrintDiagram {
  readonly id: string;
  readonly kind: 'whole' | 'overview' | 'site' | 'part' | 'dag';
  readonly title: string;
  readonly caption: string;
  readonly diagram: Diagram;
  /** Whether the role and subnet legend is drawn under it. */
  readonly legend: boolean;
}

export interface PrintOptions {
  /** Page areas a diagram may take (portrait and landscape); the one that shows it larger is used. */
  readonly areas?: readonly PrintArea[];
}

const SITE_PADDING = '[top=52,left=20,bottom=20,right=20]';
const DAG_PADDING = '[top=60,left=16,bottom=16,right=16]';
const LABEL_HEIGHT = EDGE_LABEL_SIZE + 6;
const COLLAPSED_DAG = { width: 260, height: 70 } as const;
const DEFAULT_COLUMNS = 4;
/** Designs with more servers than this are not tried on one page. */
const WHOLE_MAX_SERVERS = 16;
/** A landscape and a portrait A4 page with margins, heading and caption (the PDF's). */
const DEFAULT_AREAS: readonly PrintArea[] = [
  { width: 757, height: 440 },
  { width: 511, height: 680 },
];

let elk: InstanceType<typeof ELK> | null = null;

function layoutOptions(padding: string): Record<string, string> {
  return {
    'elk.algorithm': 'layered',
    'elk.direction': 'DOWN',
    'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
    'elk.edgeRouting': 'ORTHOGONAL',
    'elk.partitioning.activate': 'true',
    'elk.spacing.nodeNode': '30',
    'elk.spacing.edgeEdge': '12',
    'elk.spacing.edgeNode': '16',
    'elk.spacing.edgeLabel': '3',
    'elk.spacing.labelLabel': '4',
    'elk.layered.spacing.nodeNodeBetweenLayers': '44',
    'elk.layered.spacing.edgeNodeBetweenLayers': '18',
    'elk.layered.spacing.edgeEdgeBetweenLayers': '12',
    'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
    'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
    'elk.layered.nodePlacement.bk.fixedAlignment': 'BALANCED',
    'elk.layered.thoroughness': '3',
    'elk.json.edgeCoords': 'ROOT',
    'elk.json.shapeCoords': 'ROOT',
    'elk.padding': padding,
  };
}

/** What one ELK run lays out: a group (AD site, or none) and the nodes and edges inside it. */
interface Scope {
  readonly frame: DiagramNode | null;
  readonly nodes: readonly DiagramNode[];
  readonly edges: readonly DiagramEdge[];
  /** Servers per row (free servers and DAG members). */
  readonly columns: number;
  /** DAG boxes on the servers' row rather than under the CAS arrays (overviews). */
  readonly dagsBesideServers?: boolean;
}

function isTopSubnet(n: DiagramNode): boolean {
  return n.kind === 'subnet' && n.purpose !== 'replication';
}

function leafSize(n: DiagramNode, connections: number): { width: number; height: number } {
  switch (n.kind) {
    case 'subnet': {
      const label = textWidth(`${n.title}  (${n.lines.join(', ')})`, 13, true) + 48;
      return { width: Math.max(label, connections * 36, 320), height: SHAPES.subnet.height };
    }
    case 'dag':
      return COLLAPSED_DAG;
    case 'server':
      return { width: SHAPES.server.width, height: SHAPES.server.height };
    case 'nlb':
    case 'hlb':
      return { width: SHAPES.nlb.width, height: SHAPES.nlb.height };
    default:
      return { width: SHAPES.casArray.width, height: SHAPES.casArray.height };
  }
}

interface ElkEdgeIn extends ElkExtendedEdge {
  /** The diagram edge it draws (absent: a hidden edge that only orders rows). */
  readonly edge?: DiagramEdge;
  readonly reversed?: boolean;
}

/** ELK's flow is top-down: subnet → server → load balancer → CAS array, server → replication subnet. */
function flowOf(edge: DiagramEdge, kindOf: ReadonlyMap<string, DiagramNode>): { source: string; target: string; reversed: boolean; end: 'HEAD' | 'TAIL' } {
  const from = kindOf.get(edge.from);
  const to = kindOf.get(edge.to);
  if (edge.kind === 'nic' && to && isTopSubnet(to)) return { source: edge.to, target: edge.from, reversed: true, end: 'HEAD' };
  if (edge.kind === 'nic') return { source: edge.from, target: edge.to, reversed: false, end: 'TAIL' };
  if (edge.kind === 'member' && from && (from.kind === 'nlb' || from.kind === 'hlb')) return { source: edge.to, target: edge.from, reversed: true, end: 'TAIL' };
  if (edge.kind === 'balances') return { source: edge.to, target: edge.from, reversed: true, end: 'HEAD' };
  return { source: edge.from, target: edge.to, reversed: false, end: 'HEAD' };
}

function partitionOf(n: DiagramNode, freeRow: number, topIndex: number, base: { servers: number; lbs: number; arrays: number; dags: number; bottom: number }): number {
  if (isTopSubnet(n)) return topIndex;
  switch (n.kind) {
    case 'server':
      return base.servers + freeRow;
    case 'nlb':
    case 'hlb':
      return base.lbs;
    case 'casArray':
      return base.arrays;
    case 'dag':
      return base.dags;
    case 'subnet':
      return base.bottom;
    default:
      return base.dags;
  }
}

function sectionPoints(sections: readonly ElkEdgeSection[] | undefined): Point[] {
  const out: Point[] = [];
  for (const s of sections ?? []) {
    for (const p of [s.startPoint, ...(s.bendPoints ?? []), s.endPoint]) {
      const last = out[out.length - 1];
      if (!last || last.x !== p.x || last.y !== p.y) out.push({ x: p.x, y: p.y });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// ELK runs, one per distinct graph
// ---------------------------------------------------------------------------------------------------------------

/**
 * A graph with its ids numbered in order of appearance and every label's text replaced by one placeholder (ELK
 * places a label by its given size; it only needs some text, not the label's own): two graphs of the same shape (AD
 * sites, DAGs or DAG parts built alike, as in large designs) have the same canonical form and the same layout.
 */
function canonicalGraph(graph: ElkNode): { canonical: ElkNode; ids: string[] } {
  const ids: string[] = [];
  const index = new Map<string, string>();
  const name = (id: string): string => {
    let n = index.get(id);
    if (n === undefined) {
      n = `i${ids.length}`;
      index.set(id, n);
      ids.push(id);
    }
    return n;
  };
  const node = (n: ElkNode): ElkNode => {
    const out: ElkNode = { id: name(n.id) };
    if (n.width !== undefined) out.width = n.width;
    if (n.height !== undefined) out.height = n.height;
    if (n.layoutOptions) out.layoutOptions = { ...n.layoutOptions };
    if (n.children) out.children = n.children.map(node);
    return out;
  };
  const root = node(graph);
  root.edges = (graph.edges ?? []).map((e) => ({
    id: name(e.id),
    sources: e.sources.map(name),
    targets: e.targets.map(name),
    labels: (e.labels ?? []).map((l) => ({ id: name(l.id ?? `${e.id}:label`), text: 'label', width: l.width, height: l.height, ...(l.layoutOptions ? { layoutOptions: { ...l.layoutOptions } } : {}) })),
  }));
  return { canonical: root, ids };
}

/** The laid-out canonical graph with the original ids put back (a fresh copy: callers may keep it). */
function renamed(out: ElkNode, ids: readonly string[]): ElkNode {
  const id = (c: string) => ids[Number(c.slice(1))] ?? c;
  const node = (n: ElkNode): ElkNode => ({
    ...n,
    id: id(n.id),
    children: n.children?.map(node),
    edges: (n.edges as ElkExtendedEdge[] | undefined)?.map((e) => ({
      ...e,
      id: id(e.id),
      sources: e.sources.map(id),
      targets: e.targets.map(id),
      labels: e.labels?.map((l) => ({ ...l, id: id(l.id ?? '') })),
      sections: e.sections?.map((s) => ({ ...s, startPoint: { ...s.startPoint }, endPoint: { ...s.endPoint }, bendPoints: s.bendPoints?.map((p) => ({ ...p })) })),
    })),
  });
  return node(out);
}

/** Laid-out canonical graphs by their JSON (bounded: the oldest are dropped first). */
const layoutCache = new Map<string, Promise<ElkNode>>();
const LAYOUT_CACHE_SIZE = 256;

/** ELK's layout of a graph, run once per distinct (canonical) graph. */
async function elkLayout(graph: ElkNode): Promise<ElkNode> {
  const { canonical, ids } = canonicalGraph(graph);
  const key = JSON.stringify(canonical);
  let laidOut = layoutCache.get(key);
  if (!laidOut) {
    elk ??= new ELK();
    laidOut = elk.layout(canonical);
    layoutCache.set(key, laidOut);
    laidOut.catch(() => layoutCache.delete(key));
    if (layoutCache.size > LAYOUT_CACHE_SIZE) layoutCache.delete(layoutCache.keys().next().value as string);
  }
  return renamed(await laidOut, ids);
}

/** Lays out one scope with ELK; coordinates start at the frame's top-left corner (0, 0). */
async function layoutScope(scope: Scope): Promise<Diagram> {
  const byId = new Map(scope.nodes.map((n) => [n.id, n]));
  const inScope = (id: string | null | undefined) => id !== null && id !== undefined && byId.has(id);
  const children = new Map<string | null, DiagramNode[]>();
  for (const n of scope.nodes) {
    const p = inScope(n.parent) ? (n.parent as string) : null;
    children.set(p, [...(children.get(p) ?? []), n]);
  }
  const connections = new Map<string, number>();
  for (const e of scope.edges) for (const id of [e.from, e.to]) connections.set(id, (connections.get(id) ?? 0) + 1);

  const top = (children.get(null) ?? []).filter((n) => n.kind !== 'site');
  const topSubnets = top.filter(isTopSubnet);
  const freeServers = top.filter((n) => n.kind === 'server');
  const freeRows = Math.ceil(freeServers.length / scope.columns);
  const base = { servers: topSubnets.length, lbs: topSubnets.length + freeRows, arrays: topSubnets.length + freeRows + 1, dags: scope.dagsBesideServers ? topSubnets.length : topSubnets.length + freeRows + 2, bottom: topSubnets.length + freeRows + 3 };
  const hidden: ElkEdgeIn[] = [];

  const elkNode = (n: DiagramNode, partition: number | null): ElkNode => {
    const kids = children.get(n.id) ?? [];
    const options: Record<string, string> = partition === null ? {} : { 'elk.partitioning.partition': String(partition) };
    if (n.kind === 'dag' && kids.length > 0) {
      const members = kids.filter((k) => k.kind === 'server');
      members.forEach((m, i) => {
        if (i >= scope.columns) hidden.push({ id: `hidden:${m.id}`, sources: [members[i - scope.columns].id], targets: [m.id] });
      });
      return { id: n.id, layoutOptions: { ...options, 'elk.padding': DAG_PADDING }, children: kids.map((k) => elkNode(k, null)) };
    }
    return { id: n.id, ...leafSize(n, connections.get(n.id) ?? 0), layoutOptions: options };
  };
  let topIndex = 0;
  let freeIndex = 0;
  const rootChildren = top.map((n) => {
    const partition = partitionOf(n, Math.floor(freeIndex / scope.columns), topIndex, base);
    if (isTopSubnet(n)) topIndex++;
    if (n.kind === 'server') freeIndex++;
    return elkNode(n, partition);
  });

  const edges: ElkEdgeIn[] = scope.edges.map((e) => {
    const f = flowOf(e, byId);
    const labels = e.label ? [{ id: `label:${e.id}`, text: e.label, width: textWidth(e.label, EDGE_LABEL_SIZE) + 8, height: LABEL_HEIGHT, layoutOptions: { 'elk.edgeLabels.placement': f.end } }] : [];
    return { id: e.id, sources: [f.source], targets: [f.target], labels, edge: e, reversed: f.reversed };
  });
  const graph: ElkNode = { id: '__root', layoutOptions: layoutOptions(scope.frame ? SITE_PADDING : '[top=12,left=12,bottom=12,right=12]'), children: rootChildren, edges: [...edges, ...hidden] };
  const out = await elkLayout(graph);

  const placed = new Map<string, Rect>();
  const walk = (n: ElkNode) => {
    for (const c of n.children ?? []) {
      placed.set(c.id, rect(c.x ?? 0, c.y ?? 0, c.width ?? 0, c.height ?? 0));
      walk(c);
    }
  };
  walk(out);
  const routed = new Map<string, { points: Point[]; label: Rect | null }>();
  const walkEdges = (n: ElkNode) => {
    for (const e of (n.edges ?? []) as ElkExtendedEdge[]) {
      const l = e.labels?.[0];
      routed.set(e.id, { points: sectionPoints(e.sections), label: l ? rect(l.x ?? 0, l.y ?? 0, l.width ?? 0, l.height ?? 0) : null });
    }
    for (const c of n.children ?? []) walkEdges(c);
  };
  walkEdges(out);

  const frameRect = rect(0, 0, out.width ?? 0, out.height ?? 0);
  const nodes: DiagramNode[] = [];
  if (scope.frame) nodes.push({ ...scope.frame, ...frameRect });
  for (const n of scope.nodes) {
    const r = placed.get(n.id);
    if (r) nodes.push({ ...n, ...r });
  }
  const diagramEdges: DiagramEdge[] = [];
  for (const e of edges) {
    const r = routed.get(e.id);
    if (!e.edge || !r || r.points.length < 2) continue;
    const points = e.reversed ? [...r.points].reverse() : r.points;
    const labelAt = r.label ? { x: r.label.x + r.label.width / 2, y: r.label.y + r.label.height / 2 } : points[0];
    diagramEdges.push({ ...e.edge, points, labelAt });
  }
  stretchBuses(nodes, diagramEdges, frameRect, scope.frame ? 20 : 12);
  return ordered({ bounds: frameRect, nodes, edges: diagramEdges });
}

/** Drawing order of the SVG renderer: groups (outer first), buses, then boxes. */
function ordered(d: Diagram): Diagram {
  const rank = (n: DiagramNode) => (n.kind === 'site' ? 0 : n.kind === 'dag' ? 1 : n.kind === 'subnet' ? 2 : 3);
  return { ...d, nodes: [...d.nodes].sort((a, b) => rank(a) - rank(b)) };
}

function segmentCrosses(a: Point, b: Point, r: Rect): boolean {
  const x1 = Math.min(a.x, b.x);
  const x2 = Math.max(a.x, b.x);
  const y1 = Math.min(a.y, b.y);
  const y2 = Math.max(a.y, b.y);
  return x2 > r.x + 0.5 && x1 < r.x + r.width - 0.5 && y2 > r.y + 0.5 && y1 < r.y + r.height - 0.5;
}

/** Widens the buses of the frame's own level across the frame, where that covers no other box or edge. */
function stretchBuses(nodes: DiagramNode[], edges: readonly DiagramEdge[], frame: Rect, pad: number): void {
  nodes.forEach((bus, i) => {
    if (bus.kind !== 'subnet') return;
    const wide = rect(frame.x + pad, bus.y, frame.width - 2 * pad, bus.height);
    if (wide.width <= bus.width) return;
    const blocked =
      nodes.some((n) => n !== bus && n.kind !== 'site' && overlapsRect(n, wide)) ||
      edges.some((e) => e.from !== bus.id && e.to !== bus.id && e.points.some((p, k) => k > 0 && segmentCrosses(e.points[k - 1], p, wide)));
    if (!blocked) nodes[i] = { ...bus, ...wide };
  });
}

function overlapsRect(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

function translate(d: Diagram, dx: number, dy: number): Diagram {
  const p = (q: Point) => ({ x: q.x + dx, y: q.y + dy });
  return {
    bounds: { ...d.bounds, x: d.bounds.x + dx, y: d.bounds.y + dy },
    nodes: d.nodes.map((n) => ({ ...n, x: n.x + dx, y: n.y + dy })),
    edges: d.edges.map((e) => ({ ...e, points: e.points.map(p), labelAt: p(e.labelAt) })),
  };
}

const FRAGMENT_GAP = 60;

/** Places laid-out fragments (AD sites) in rows no wider than `maxWidth`, `gap` apart. */
function arrange(parts: readonly Diagram[], maxWidth: number, gap = FRAGMENT_GAP): Diagram {
  const nodes: DiagramNode[] = [];
  const edges: DiagramEdge[] = [];
  let x = 0;
  let y = 0;
  let rowHeight = 0;
  let width = 0;
  for (const part of parts) {
    if (x > 0 && x + part.bounds.width > maxWidth) {
      x = 0;
      y += rowHeight + gap;
      rowHeight = 0;
    }
    const moved = translate(part, x - part.bounds.x, y - part.bounds.y);
    nodes.push(...moved.nodes);
    edges.push(...moved.edges);
    x += part.bounds.width + gap;
    width = Math.max(width, x - gap);
    rowHeight = Math.max(rowHeight, part.bounds.height);
  }
  return ordered({ bounds: rect(0, 0, width, y + rowHeight), nodes, edges });
}

/** The scale a diagram prints at on the best of the areas (1 at most), and which area that is. */
export function printScale(d: Diagram, legend: boolean, areas: readonly PrintArea[] = DEFAULT_AREAS): { scale: number; area: number } {
  const size = diagramSvgSize(d, { legend, margin: PRINT_MARGIN });
  let best = { scale: 0, area: 0 };
  areas.forEach((a, i) => {
    const s = Math.min(1, a.width / size.width, a.height / size.height);
    if (s > best.scale + 1e-9) best = { scale: s, area: i };
  });
  return best;
}

/** Edges with both ends among the nodes, those into collapsed DAG members redirected to the DAG (once per pair). */
function scopeEdges(all: readonly DiagramEdge[], ids: ReadonlySet<string>, collapsedOf: ReadonlyMap<string, string>): DiagramEdge[] {
  const out: DiagramEdge[] = [];
  const seen = new Set<string>();
  for (const e of all) {
    const from = collapsedOf.get(e.from) ?? e.from;
    const to = collapsedOf.get(e.to) ?? e.to;
    if (!ids.has(from) || !ids.has(to) || from === to) continue;
    if (from === e.from && to === e.to) {
      out.push(e);
      continue;
    }
    const key = `${e.kind}:${from}:${to}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ ...e, id: `${e.id}@${key}`, from, to, label: '' });
  }
  return out;
}

interface Model {
  readonly diagram: Diagram;
  readonly byId: ReadonlyMap<string, DiagramNode>;
  readonly sites: readonly DiagramNode[];
  /** Nodes of each site (null: objects without a site), nested groups included. */
  readonly inSite: ReadonlyMap<string | null, readonly DiagramNode[]>;
}

function model(diagram: Diagram): Model {
  const byId = new Map(diagram.nodes.map((n) => [n.id, n]));
  const siteOf = (n: DiagramNode): string | null => {
    let p = n.parent ?? null;
    for (let i = 0; p !== null && i < 4; i++) {
      const g = byId.get(p);
      if (!g) return null;
      if (g.kind === 'site') return g.id;
      p = g.parent ?? null;
    }
    return null;
  };
  const sites = diagram.nodes.filter((n) => n.kind === 'site');
  const inSite = new Map<string | null, DiagramNode[]>();
  for (const n of diagram.nodes) {
    if (n.kind === 'site') continue;
    const s = siteOf(n);
    inSite.set(s, [...(inSite.get(s) ?? []), n]);
  }
  return { diagram, byId, sites, inSite };
}

/** One AD site (or the objects without one), DAGs in `collapsed` drawn as single boxes. */
async function siteDiagram(m: Model, site: DiagramNode | null, collapsed: ReadonlySet<string>, columns = DEFAULT_COLUMNS): Promise<Diagram> {
  const all = m.inSite.get(site?.id ?? null) ?? [];
  const collapsedOf = new Map<string, string>();
  for (const n of all) if (n.kind === 'server' && n.parent && collapsed.has(n.parent)) collapsedOf.set(n.id, n.parent);
  const nodes = all.filter((n) => !collapsedOf.has(n.id)).map((n) => (n.kind === 'dag' && collapsed.has(n.id) ? collapsedDag(n, all) : n));
  const ids = new Set(nodes.map((n) => n.id));
  return layoutScope({ frame: site, nodes, edges: scopeEdges(m.diagram.edges, ids, collapsedOf), columns });
}

function collapsedDag(dag: DiagramNode, all: readonly DiagramNode[]): DiagramNode {
  const members = all.filter((n) => n.parent === dag.id && n.kind === 'server');
  return { ...dag, collapsed: true, lines: [`${members.length} member${members.length === 1 ? '' : 's'}: ${names(members)}`, ...dag.lines] };
}

function names(nodes: readonly DiagramNode[]): string {
  if (nodes.length <= 3) return nodes.map((n) => n.title).join(', ');
  return `${nodes[0].title} … ${nodes[nodes.length - 1].title}`;
}

/** Servers in a row, the most a page of a site's part or of a DAG draws (four cards keep a landscape page at ~78 %). */
const ROW_MAX = 4;

/** One DAG (or a part of a large one) with the subnets its members use, the DAG as the frame, members in one row. */
async function dagDiagram(m: Model, site: DiagramNode | null, dag: DiagramNode, members: readonly DiagramNode[]): Promise<Diagram> {
  const all = m.inSite.get(site?.id ?? null) ?? [];
  const memberIds = new Set(members.map((n) => n.id));
  const subnetIds = new Set(m.diagram.edges.filter((e) => e.kind === 'nic' && memberIds.has(e.from)).map((e) => e.to));
  const nodes = [...members, ...all.filter((n) => subnetIds.has(n.id))].map((n) => ({ ...n, parent: null }));
  const ids = new Set(nodes.map((n) => n.id));
  return layoutScope({ frame: dag, nodes, edges: scopeEdges(m.diagram.edges, ids, new Map()), columns: Math.max(1, members.length) });
}

/** A part of an AD site: some of its servers in one row, with the subnets they use and `extra` (a load balancer, CAS arrays). */
async function partDiagram(m: Model, site: DiagramNode | null, servers: readonly DiagramNode[], extra: readonly DiagramNode[]): Promise<Diagram> {
  const all = m.inSite.get(site?.id ?? null) ?? [];
  const serverIds = new Set(servers.map((n) => n.id));
  const subnetIds = new Set(m.diagram.edges.filter((e) => e.kind === 'nic' && serverIds.has(e.from)).map((e) => e.to));
  const nodes = [...servers, ...extra, ...all.filter((n) => subnetIds.has(n.id))].map((n) => ({ ...n, parent: site?.id ?? null }));
  const ids = new Set(nodes.map((n) => n.id));
  return layoutScope({ frame: site, nodes, edges: scopeEdges(m.diagram.edges, ids, new Map()), columns: Math.max(1, servers.length) });
}

/** `items` cut into as few chunks of at most `size` as it takes, of sizes that differ by one at most. */
export function balancedChunks<T>(items: readonly T[], size: number): T[][] {
  const count = Math.ceil(items.length / Math.max(1, size));
  const out: T[][] = [];
  let from = 0;
  for (let i = 0; i < count; i++) {
    const n = Math.ceil((items.length - from) / (count - i));
    out.push(items.slice(from, from + n));
    from += n;
  }
  return out;
}

/** `items` laid out in chunks of at most ROW_MAX, smaller ones while a page would not be readable (one item a page at least). */
async function readableChunks<T>(items: readonly T[], make: (chunk: readonly T[], first: boolean) => Promise<Diagram>, readable: (d: Diagram) => boolean): Promise<{ chunk: T[]; diagram: Diagram; from: number }[]> {
  for (let size = Math.min(ROW_MAX, items.length); size >= 1; size--) {
    const parts = balancedChunks(items, size);
    const laid = await Promise.all(parts.map((chunk, i) => make(chunk, i === 0)));
    if (size === 1 || laid.every(readable)) {
      let from = 0;
      return parts.map((chunk, i) => {
        const out = { chunk, diagram: laid[i], from };
        from += chunk.length;
        return out;
      });
    }
  }
  return [];
}

/** ", servers 5–8 of 12" when a list is cut, else "". */
function rangeLabel(noun: string, from: number, count: number, total: number): string {
  return count < total ? `, ${noun} ${from + 1}${count > 1 ? `–${from + count}` : ''} of ${total}` : '';
}

/** The overview of one AD site: CAS arrays, load balancers, their servers as one box, other servers, DAGs. */
async function overviewFragment(m: Model, site: DiagramNode | null): Promise<Diagram> {
  const all = m.inSite.get(site?.id ?? null) ?? [];
  const lbs = all.filter((n) => n.kind === 'nlb' || n.kind === 'hlb');
  const dags = all.filter((n) => n.kind === 'dag');
  const arrays = all.filter((n) => n.kind === 'casArray');
  const servers = all.filter((n) => n.kind === 'server' && !dags.some((d) => d.id === n.parent));
  const nodes: DiagramNode[] = [...arrays, ...lbs, ...dags.map((d) => ({ ...collapsedDag(d, all), parent: site?.id ?? null }))];
  const edges: DiagramEdge[] = m.diagram.edges.filter((e) => e.kind === 'balances' && nodes.some((n) => n.id === e.from) && nodes.some((n) => n.id === e.to));
  const grouped = new Set<string>();
  for (const lb of lbs) {
    const members = servers.filter((s) => m.diagram.edges.some((e) => e.kind === 'member' && e.from === lb.id && e.to === s.id));
    if (members.length === 0) continue;
    for (const s of members) grouped.add(s.id);
    const group = serverGroup(`group:${lb.id}`, members, site);
    nodes.push(group);
    edges.push({ id: `member:${lb.id}:${group.id}`, kind: 'member', from: lb.id, to: group.id, points: [], label: '', labelAt: { x: 0, y: 0 }, color: m.diagram.edges.find((e) => e.kind === 'member' && e.from === lb.id)?.color ?? '#1f6feb', dashed: true });
  }
  const rest = servers.filter((s) => !grouped.has(s.id));
  if (rest.length > 0) nodes.push(serverGroup(`group:${site?.id ?? 'none'}:other`, rest, site));
  return layoutScope({ frame: site, nodes, edges, columns: 8, dagsBesideServers: true });
}

function serverGroup(id: string, servers: readonly DiagramNode[], site: DiagramNode | null): DiagramNode {
  const roles = ROLE_ORDER.filter((r) => servers.some((s) => s.roles.includes(r))) as Role[];
  const title = servers.length === 1 ? servers[0].title : `${servers.length} servers`;
  return { ...servers[0], id, parent: site?.id ?? null, title, roles, lines: servers.length === 1 ? servers[0].lines : [names(servers)], existing: servers.every((s) => s.existing), badge: null };
}

/**
 * The pages of a design's diagram for print: the whole topology when it is readable on one page, else an overview
 * (as many pages as it takes) and a page per AD site, each followed by its parts and DAGs when it is too large to
 * draw in full (see the top of this file). Every page is meant to print at PRINT_MIN_SCALE or larger.
 */
export async function printDiagrams(diagram: Diagram, options: PrintOptions = {}): Promise<PrintDiagram[]> {
  const areas = options.areas ?? DEFAULT_AREAS;
  const m = model(diagram);
  const groups: (DiagramNode | null)[] = [...m.sites, ...(m.inSite.has(null) ? [null] : [])];
  const readable = (d: Diagram, legend: boolean) => printScale(d, legend, areas).scale >= PRINT_MIN_SCALE - 1e-9;
  const siteName = (s: DiagramNode | null) => (s ? s.title : 'Objects outside any AD site');

  // Everything on one page when that is readable (a design with many servers never is: not even tried).
  const servers = diagram.nodes.filter((n) => n.kind === 'server').length;
  const fragments: (Diagram | null)[] = servers <= WHOLE_MAX_SERVERS ? await Promise.all(groups.map((g) => siteDiagram(m, g, new Set()))) : groups.map(() => null);
  if (fragments.every((f) => f !== null)) {
    const whole = arrange(fragments as Diagram[], areas[0].width / PRINT_MIN_SCALE);
    if (readable(whole, true) || diagram.nodes.length === 0) return [{ id: 'topology', kind: 'whole', title: 'Topology', caption: 'The whole design, laid out for print.', diagram: whole, legend: true }];
  }

  const pages: PrintDiagram[] = [];
  if (groups.length > 1) {
    const parts = await Promise.all(groups.map((g) => overviewFragment(m, g)));
    let overview = paginate(parts, areas);
    let caption = 'AD sites with their CAS arrays, load balancers, server groups and DAGs; each has a page of its own after the overview.';
    let tiles = false;
    if (overview.length > OVERVIEW_MAX_PAGES) {
      // Many sites: each as a box listing what it holds (their drawings are on their own pages, the legend on the first).
      tiles = true;
      overview = paginate(groups.map((g) => siteTile(m, g)), areas, TILE.gap, false);
      caption = 'Each AD site with its servers per role, load balancers, CAS arrays and DAGs; each is drawn on pages of its own after the overview.';
    }
    for (const [i, page] of overview.entries()) {
      pages.push({ id: `overview-${i + 1}`, kind: 'overview', title: i === 0 ? 'Overview' : `Overview (continued, ${i + 1})`, caption, diagram: page, legend: !tiles && i === 0 });
    }
  }
  for (const [i, g] of groups.entries()) {
    const all = m.inSite.get(g?.id ?? null) ?? [];
    const name = siteName(g);
    const siteId = g?.id ?? 'none';
    const dags = all.filter((n) => n.kind === 'dag' && all.some((x) => x.parent === n.id));
    const legend = !pages.some((p) => p.legend);
    const siteServers = all.filter((n) => n.kind === 'server');
    // The site in full, when it is small enough to be worth trying.
    const full = fragments[i] ?? (siteServers.length <= WHOLE_MAX_SERVERS ? await siteDiagram(m, g, new Set()) : null);
    if (full && readable(full, legend)) {
      pages.push({ id: `site-${siteId}`, kind: 'site', title: name, caption: `Everything in ${name}.`, diagram: full, legend });
      continue;
    }
    // Its DAGs as boxes, each DAG on pages of its own.
    const collapsed = dags.length > 0 ? await siteDiagram(m, g, new Set(dags.map((d) => d.id))) : null;
    if (collapsed && readable(collapsed, legend)) {
      pages.push({ id: `site-${siteId}`, kind: 'site', title: name, caption: `${name}; each DAG is drawn with its members on the following page${dags.length === 1 ? '' : 's'}.`, diagram: collapsed, legend });
      pages.push(...(await dagPages(m, g, dags, (d) => readable(d, false), name)));
      continue;
    }
    // Too large for one page: the site as its overview (servers in groups; a list when even that is too large), then
    // each part in full.
    const summary = await overviewFragment(m, g);
    pages.push({ id: `site-${siteId}`, kind: 'site', title: name, caption: `${name} with its servers in groups; each load balancer, the other servers and each DAG are drawn in full on the following pages.`, diagram: readable(summary, legend) ? summary : siteTile(m, g), legend });
    const member = (lb: DiagramNode, s: DiagramNode) => m.diagram.edges.some((e) => e.kind === 'member' && e.from === lb.id && e.to === s.id);
    const balances = (lb: DiagramNode, a: DiagramNode) => m.diagram.edges.some((e) => e.kind === 'balances' && e.from === a.id && e.to === lb.id);
    const lbs = all.filter((n) => n.kind === 'nlb' || n.kind === 'hlb');
    const arrays = all.filter((n) => n.kind === 'casArray');
    for (const lb of lbs) {
      const members = siteServers.filter((s) => member(lb, s));
      const served = arrays.filter((a) => balances(lb, a));
      const laid = await readableChunks(members.length > 0 ? members : [null], (chunk) => partDiagram(m, g, chunk.filter((s): s is DiagramNode => s !== null), [lb, ...served]), (d) => readable(d, false));
      for (const [k, p] of laid.entries()) {
        const which = rangeLabel('servers', p.from, p.chunk.length, members.length);
        pages.push({ id: `part-${lb.id}${laid.length > 1 ? `-${k + 1}` : ''}`, kind: 'part', title: `${name}: ${lb.kind === 'nlb' ? 'NLB' : 'load balancer'} ${lb.title}${which}`, caption: `The servers ${lb.title} balances${which} with their addresses, and the CAS array${served.length === 1 ? '' : 's'} it serves.`, diagram: p.diagram, legend: false });
      }
    }
    const inDag = new Set(all.filter((n) => n.kind === 'server' && dags.some((d) => d.id === n.parent)).map((n) => n.id));
    const others = siteServers.filter((s) => !inDag.has(s.id) && !lbs.some((lb) => member(lb, s)));
    const loose = arrays.filter((a) => !lbs.some((lb) => balances(lb, a)));
    if (others.length > 0 || loose.length > 0) {
      const laid = await readableChunks(others.length > 0 ? others : [null], (chunk, first) => partDiagram(m, g, chunk.filter((s): s is DiagramNode => s !== null), first ? loose : []), (d) => readable(d, false));
      for (const [k, p] of laid.entries()) {
        const which = rangeLabel('servers', p.from, p.chunk.length, others.length);
        pages.push({ id: `part-${siteId}-other${laid.length > 1 ? `-${k + 1}` : ''}`, kind: 'part', title: `${name}: ${others.length > 0 ? 'other servers' : 'CAS arrays'}${which}`, caption: `The servers of ${name} outside its load balancers and DAGs${which}, with their addresses.`, diagram: p.diagram, legend: false });
      }
    }
    pages.push(...(await dagPages(m, g, dags, (d) => readable(d, false), name)));
  }
  return pages;
}

/** Each DAG of a site with its members, in rows of at most ROW_MAX, a row a page. */
async function dagPages(m: Model, site: DiagramNode | null, dags: readonly DiagramNode[], readable: (d: Diagram) => boolean, siteName: string): Promise<PrintDiagram[]> {
  const pages: PrintDiagram[] = [];
  for (const dag of dags) {
    const members = (m.inSite.get(site?.id ?? null) ?? []).filter((n) => n.parent === dag.id);
    const laid = await readableChunks(members, (chunk) => dagDiagram(m, site, dag, chunk), readable);
    for (const [k, p] of laid.entries()) {
      const which = rangeLabel('members', p.from, p.chunk.length, members.length);
      pages.push({ id: `dag-${dag.id}${laid.length > 1 ? `-${k + 1}` : ''}`, kind: 'dag', title: `${dag.title} (${siteName}${which})`, caption: `The members of ${dag.title}${which} with their client/MAPI and replication addresses.`, diagram: p.diagram, legend: false });
    }
  }
  return pages;
}

/** The whole design laid out for print as one drawing (the SVG, PNG and draw.io exports): AD sites in rows. */
export async function printWhole(diagram: Diagram, maxWidth = 2400): Promise<Diagram> {
  const m = model(diagram);
  const groups: (DiagramNode | null)[] = [...m.sites, ...(m.inSite.has(null) ? [null] : [])];
  const fragments: Diagram[] = [];
  for (const g of groups) fragments.push(await siteDiagram(m, g, new Set()));
  return arrange(fragments, maxWidth);
}

/** Site fragments onto as few pages as keep them at PRINT_MIN_SCALE (at least one fragment a page). */
function paginate(parts: readonly Diagram[], areas: readonly PrintArea[], gap = FRAGMENT_GAP, legend = true): Diagram[] {
  const pages: Diagram[] = [];
  let current: Diagram[] = [];
  const maxWidth = areas[0].width / PRINT_MIN_SCALE;
  for (const part of parts) {
    const trial = arrange([...current, part], maxWidth, gap);
    if (current.length > 0 && printScale(trial, legend && pages.length === 0, areas).scale < PRINT_MIN_SCALE) {
      pages.push(arrange(current, maxWidth, gap));
      current = [part];
    } else {
      current.push(part);
    }
  }
  if (current.length > 0) pages.push(arrange(current, maxWidth, gap));
  return pages;
}

/** Overview pages of site drawings beyond which the overview shows each AD site as a tile instead. */
const OVERVIEW_MAX_PAGES = 2;
const TILE = { width: 320, gap: 24, lines: 5 } as const;

/** An AD site as one box listing what it holds (the overview of a design with many sites). */
function siteTile(m: Model, site: DiagramNode | null): Diagram {
  const all = m.inSite.get(site?.id ?? null) ?? [];
  const servers = all.filter((n) => n.kind === 'server');
  const roles = ROLE_ORDER.map((r) => [r, servers.filter((s) => s.roles.includes(r)).length] as const).filter(([, count]) => count > 0);
  const lines = [`${servers.length} server${servers.length === 1 ? '' : 's'}${roles.length > 0 ? `: ${roles.map(([r, count]) => `${r} ${count}`).join(' · ')}` : ''}`];
  const vip = (n: DiagramNode) => /VIP ([^ ·]+)/.exec(n.lines[0] ?? '')?.[1];
  for (const n of all) if (n.kind === 'nlb' || n.kind === 'hlb') lines.push(`${n.kind === 'nlb' ? 'NLB ' : 'Load balancer '}${n.title}${vip(n) ? ` · VIP ${vip(n)}` : ''}`);
  for (const n of all) if (n.kind === 'casArray') lines.push(`${n.title} · ${n.lines[0] ?? ''}`);
  for (const n of all) if (n.kind === 'dag') lines.push(`${n.title} · ${all.filter((x) => x.parent === n.id && x.kind === 'server').length} members`);
  const shown = lines.length > TILE.lines ? [...lines.slice(0, TILE.lines - 1), `and ${lines.length - TILE.lines + 1} more`] : lines;
  const frame: DiagramNode = {
    ...(site ?? { id: 'none', kind: 'site', roles: [], existing: false, purpose: null, badge: null }),
    id: site?.id ?? 'none',
    kind: 'site',
    title: site?.title ?? 'Objects outside any AD site',
    parent: null,
    collapsed: true,
    lines: shown,
    ...rect(0, 0, TILE.width, 40 + shown.length * 14 + 8),
  };
  return { bounds: rect(0, 0, frame.width, frame.height), nodes: [frame], edges: [] };
}

// ---------------------------------------------------------------------------------------------------------------
// Geometry checks (tests, and a guard for the exporters)
// ---------------------------------------------------------------------------------------------------------------

/** The box an edge label is drawn in (as the SVG renderer draws it). */
export function edgeLabelRect(e: DiagramEdge): Rect {
  const w = textWidth(e.label, EDGE_LABEL_SIZE) + 8;
  return rect(e.labelAt.x - w / 2, e.labelAt.y - LABEL_HEIGHT / 2, w, LABEL_HEIGHT);
}

/** Edge segments that pass through a box (not a group) other than the edge's own ends. */
export function edgesThroughBoxes(d: Diagram): { edge: string; node: string }[] {
  const boxes = d.nodes.filter((n) => n.kind !== 'site' && n.kind !== 'dag');
  const out: { edge: string; node: string }[] = [];
  for (const e of d.edges) {
    for (const n of boxes) {
      if (n.id === e.from || n.id === e.to) continue;
      if (e.points.some((p, k) => k > 0 && segmentCrosses(e.points[k - 1], p, n))) out.push({ edge: e.id, node: n.id });
    }
  }
  return out;
}

/** Pairs of labels that overlap: edge labels with each other and with boxes (groups' title bands included). */
export function overlappingLabels(d: Diagram): { a: string; b: string }[] {
  const labels = d.edges.filter((e) => e.label).map((e) => ({ id: e.id, r: edgeLabelRect(e) }));
  const out: { a: string; b: string }[] = [];
  const inset = (r: Rect) => rect(r.x + 0.5, r.y + 0.5, r.width - 1, r.height - 1);
  for (let i = 0; i < labels.length; i++) {
    for (let j = i + 1; j < labels.length; j++) if (overlapsRect(inset(labels[i].r), inset(labels[j].r))) out.push({ a: labels[i].id, b: labels[j].id });
    for (const n of d.nodes) {
      const box = n.kind === 'site' || n.kind === 'dag' ? rect(n.x + 8, n.y + 8, Math.min(n.width - 16, textWidth(n.title, 14, true) + 8), 20) : n;
      if (overlapsRect(inset(labels[i].r), inset(box))) out.push({ a: labels[i].id, b: n.id });
    }
  }
  return out;
}
