// Canvas geometry shared by the edit commands, the node/edge mapping and the auto-layout: node sizes, rectangles,
// which group (AD site, DAG) holds which node, and growing groups so they keep holding their members.
// Layout positions are ABSOLUTE canvas coordinates (top-left corner of the node).
import { containsPoint, unionRect } from '../diagram/geometry';
import type { Point, Rect, Size } from '../diagram/geometry';
import { SHAPES } from '../diagram/theme';
import type { Design, Layout, NodeLayout } from '../model/types';
import { ownValue, setOwnValue } from '../util/own';

export type NodeKind = 'site' | 'subnet' | 'server' | 'nlbCluster' | 'hardwareLoadBalancer' | 'casArray' | 'dag';

/**
 * Default node sizes, the diagram's shapes (so the canvas and the PDF draw the same picture); groups and subnet
 * buses keep their own size in the layout.
 */
export const NODE_SIZE: Readonly<Record<NodeKind, Size>> = {
  site: { width: SHAPES.site.width, height: SHAPES.site.height },
  subnet: { width: SHAPES.subnet.width, height: SHAPES.subnet.height },
  server: { width: SHAPES.server.width, height: SHAPES.server.height },
  nlbCluster: { width: SHAPES.nlb.width, height: SHAPES.nlb.height },
  hardwareLoadBalancer: { width: SHAPES.hlb.width, height: SHAPES.hlb.height },
  casArray: { width: SHAPES.casArray.width, height: SHAPES.casArray.height },
  dag: { width: SHAPES.dag.width, height: SHAPES.dag.height },
};

/** Node kinds whose size is stored in the layout (resizable). */
export const SIZED_KINDS: ReadonlySet<NodeKind> = new Set(['site', 'subnet', 'dag']);
export const GROUP_KINDS: ReadonlySet<NodeKind> = new Set(['site', 'dag']);

/** Inner padding of a group around its members (auto-layout), and the height of its title bar. */
export const GROUP_PADDING = 30;
export const GROUP_HEADER = 36;
/** The least room a group keeps around its members when it grows to hold them (its title bar above them). */
export const FIT_MARGIN = 12;

export function rectOf(kind: NodeKind, entry: NodeLayout | undefined): Rect {
  const size = NODE_SIZE[kind];
  return {
    x: entry?.x ?? 0,
    y: entry?.y ?? 0,
    width: SIZED_KINDS.has(kind) ? (entry?.width ?? size.width) : size.width,
    height: SIZED_KINDS.has(kind) ? (entry?.height ?? size.height) : size.height,
  };
}

/** Which canvas node holds which: the tree React Flow renders as parent/child and group moves follow. */
export interface CanvasIndex {
  readonly kindOf: ReadonlyMap<string, NodeKind>;
  /** The group (site or DAG) a node sits in, or null at top level. */
  readonly parentOf: ReadonlyMap<string, string | null>;
  readonly childrenOf: ReadonlyMap<string, readonly string[]>;
}

export function buildCanvasIndex(design: Design): CanvasIndex {
  const kindOf = new Map<string, NodeKind>();
  const parentOf = new Map<string, string | null>();
  const childrenOf = new Map<string, string[]>();
  for (const s of design.sites) kindOf.set(s.id, 'site');
  const site = (id: string | undefined): string | null => (id !== undefined && kindOf.get(id) === 'site' ? id : null);
  const set = (id: string, kind: NodeKind, parent: string | null) => {
    kindOf.set(id, kind);
    parentOf.set(id, parent);
    if (parent !== null) {
      const list = childrenOf.get(parent);
      if (list) list.push(id);
      else childrenOf.set(parent, [id]);
    }
  };
  for (const s of design.sites) parentOf.set(s.id, null);
  const subnetSite = new Map<string, string | null>();
  for (const n of design.subnets) {
    subnetSite.set(n.id, site(n.siteId));
    set(n.id, 'subnet', site(n.siteId));
  }
  const dagOfServer = new Map<string, string>();
  for (const d of design.dags) {
    set(d.id, 'dag', site(d.siteId));
    for (const m of d.memberIds) if (!dagOfServer.has(m)) dagOfServer.set(m, d.id);
  }
  const serverSite = new Map<string, string | null>();
  for (const s of design.servers) {
    serverSite.set(s.id, site(s.siteId));
    set(s.id, 'server', dagOfServer.get(s.id) ?? site(s.siteId));
  }
  for (const c of design.nlbClusters) set(c.id, 'nlbCluster', subnetSite.get(c.subnetId) ?? null);
  for (const h of design.hardwareLoadBalancers) {
    const first = h.memberIds.find((m) => serverSite.get(m));
    set(h.id, 'hardwareLoadBalancer', first !== undefined ? (serverSite.get(first) ?? null) : null);
  }
  for (const a of design.casArrays) set(a.id, 'casArray', site(a.siteId));
  return { kindOf, parentOf, childrenOf };
}

/** Every node below a group (members of DAGs in a site included). */
export function descendantsOf(index: CanvasIndex, id: string): string[] {
  const out: string[] = [];
  const stack = [...(index.childrenOf.get(id) ?? [])];
  while (stack.length > 0) {
    const next = stack.pop() as string;
    out.push(next);
    stack.push(...(index.childrenOf.get(next) ?? []));
  }
  return out;
}

export function nodeRect(index: CanvasIndex, layout: Layout, id: string): Rect | null {
  const kind = index.kindOf.get(id);
  if (kind === undefined) return null;
  return rectOf(kind, ownValue(layout.nodes, id));
}

/** The rectangle holding every node of the canvas (what "fit" frames), or null for an empty design. */
export function canvasBounds(index: CanvasIndex, layout: Layout): Rect | null {
  let x1 = Infinity;
  let y1 = Infinity;
  let x2 = -Infinity;
  let y2 = -Infinity;
  for (const [id, kind] of index.kindOf) {
    const r = rectOf(kind, ownValue(layout.nodes, id));
    x1 = Math.min(x1, r.x);
    y1 = Math.min(y1, r.y);
    x2 = Math.max(x2, r.x + r.width);
    y2 = Math.max(y2, r.y + r.height);
  }
  return x1 === Infinity ? null : { x: x1, y: y1, width: x2 - x1, height: y2 - y1 };
}

/** The innermost group of `kind` whose rectangle contains the point (the last drawn wins on overlap). */
export function groupAt(design: Design, layout: Layout, kind: 'site' | 'dag', p: Point, exclude?: string): string | null {
  const list = kind === 'site' ? design.sites : design.dags;
  let found: string | null = null;
  for (const g of list) {
    if (g.id === exclude) continue;
    const entry = ownValue(layout.nodes, g.id);
    if (entry && containsPoint(rectOf(kind, entry), p)) found = g.id;
  }
  return found;
}

/**
 * Enlarges DAGs, then AD sites, so that each holds its members with padding (a group never shrinks here).
 * Returns the same layout object when nothing had to grow.
 */
export function growGroupsToFit(design: Design, layout: Layout, index: CanvasIndex = buildCanvasIndex(design)): Layout {
  let nodes: Record<string, NodeLayout> | null = null;
  const current = (id: string) => ownValue(nodes ?? layout.nodes, id);
  const grow = (groups: readonly { id: string }[], kind: 'site' | 'dag') => {
    for (const g of groups) {
      const entry = current(g.id);
      if (!entry) continue;
      const children = (index.childrenOf.get(g.id) ?? [])
        .filter((c) => current(c) !== undefined)
        .map((c) => rectOf(index.kindOf.get(c) as NodeKind, current(c)));
      const content = unionRect(children);
      if (!content) continue;
      const rect = rectOf(kind, entry);
      const x1 = Math.min(rect.x, content.x - FIT_MARGIN);
      const y1 = Math.min(rect.y, content.y - FIT_MARGIN - GROUP_HEADER);
      const x2 = Math.max(rect.x + rect.width, content.x + content.width + FIT_MARGIN);
      const y2 = Math.max(rect.y + rect.height, content.y + content.height + FIT_MARGIN);
      if (x1 === rect.x && y1 === rect.y && x2 === rect.x + rect.width && y2 === rect.y + rect.height) continue;
      nodes ??= { ...layout.nodes };
      setOwnValue(nodes, g.id, { ...entry, x: x1, y: y1, width: x2 - x1, height: y2 - y1 });
    }
  };
  grow(design.dags, 'dag');
  grow(design.sites, 'site');
  return nodes ? { ...layout, nodes } : layout;
}

/** The node under a point: cards and buses before DAGs, DAGs before AD sites (the innermost thing the admin sees). */
export function nodeAt(index: CanvasIndex, layout: Layout, p: Point, exclude?: string): string | null {
  const rank = (kind: NodeKind) => (kind === 'site' ? 2 : kind === 'dag' ? 1 : 0);
  let best: string | null = null;
  let bestRank = Infinity;
  for (const [id, kind] of index.kindOf) {
    if (id === exclude) continue;
    const entry = ownValue(layout.nodes, id);
    if (!entry || rank(kind) > bestRank) continue;
    if (containsPoint(rectOf(kind, entry), p) && rank(kind) <= bestRank) {
      best = id;
      bestRank = rank(kind);
    }
  }
  return best;
}
