// Automatic layout. Every AD site is drawn the same way: its subnets as buses across the top, then a band with
// the servers (DAGs as boxes around their members), their load balancers below them and the CAS array below that.
// The band's inner arrangement comes from ELK's layered algorithm (the Layout command; the renderer runs elkjs on the
// graph built here). Designs opened without positions are placed the way the PDF diagram places them.
import type { Design, Layout, NodeLayout, Subnet } from '../model/types';
import { resolveLayout } from '../diagram/layout';
import { GROUP_HEADER, GROUP_PADDING, NODE_SIZE, SIZED_KINDS, buildCanvasIndex, growGroupsToFit } from './geometry';
import type { CanvasIndex } from './geometry';
import { ownValue, setOwnValue } from '../util/own';

/** Spacing of the layout, in canvas pixels. */
export const LAYOUT = {
  siteGap: 120,
  busGap: 26,
  busToBand: 110,
  serverGap: 50,
  lbGap: 90,
  minSiteWidth: 700,
} as const;

/** Positions inside a band, relative to its top-left corner; DAG boxes carry their size. */
export interface Band {
  readonly width: number;
  readonly height: number;
  readonly nodes: ReadonlyMap<string, { x: number; y: number; width?: number; height?: number }>;
}

/** The band contents of one site: free servers, DAGs with members, load balancers, CAS arrays. */
export interface SiteContent {
  readonly siteId: string | null;
  readonly servers: readonly string[];
  readonly dags: readonly { readonly id: string; readonly members: readonly string[] }[];
  readonly balancers: readonly { readonly id: string; readonly members: readonly string[] }[];
  readonly casArrays: readonly { readonly id: string; readonly balancer: string | null }[];
  /** Buses across the top (client/MAPI and management networks). */
  readonly subnets: readonly string[];
  /** Buses below the band (replication networks), as the PDF diagram draws them. */
  readonly bottomSubnets: readonly string[];
}

const ROLE_ORDER = (roles: readonly string[]): number => (roles.includes('CAS') || roles.includes('HT') ? (roles.includes('MB') ? 1 : 0) : roles.includes('MB') ? 2 : 3);

export function siteContents(design: Design, index: CanvasIndex = buildCanvasIndex(design)): SiteContent[] {
  const byParent = (parent: string | null, kind: string) =>
    [...index.parentOf].filter(([id, p]) => p === parent && index.kindOf.get(id) === kind).map(([id]) => id);
  const serverOf = new Map(design.servers.map((s) => [s.id, s]));
  const lbOrder = new Map<string, number>();
  design.nlbClusters.forEach((c, i) => c.members.forEach((m) => lbOrder.has(m.serverId) || lbOrder.set(m.serverId, i)));
  design.hardwareLoadBalancers.forEach((h, i) => h.memberIds.forEach((m) => lbOrder.has(m) || lbOrder.set(m, 1000 + i)));
  const sortServers = (ids: string[]) =>
    ids.sort((a, b) => {
      const sa = serverOf.get(a);
      const sb = serverOf.get(b);
      return (
        (lbOrder.get(a) ?? 1e6) - (lbOrder.get(b) ?? 1e6) ||
        ROLE_ORDER(sa?.roles ?? []) - ROLE_ORDER(sb?.roles ?? []) ||
        (sa?.name ?? a).localeCompare(sb?.name ?? b, undefined, { numeric: true })
      );
    });
  const members = new Map<string, string[]>();
  for (const c of design.nlbClusters) members.set(c.id, c.members.map((m) => m.serverId));
  for (const h of design.hardwareLoadBalancers) members.set(h.id, [...h.memberIds]);
  // Subnets across the top: client subnets first (where users are), then MAPI, perimeter and management.
  const purposeOrder: Readonly<Record<Subnet['purpose'], number>> = { client: 0, mapi: 1, perimeter: 2, management: 3, replication: 4 };
  const subnetOf = new Map(design.subnets.map((s) => [s.id, s]));
  const isReplication = (id: string) => subnetOf.get(id)?.purpose === 'replication';
  const content = (siteId: string | null): SiteContent => ({
    siteId,
    servers: sortServers(byParent(siteId, 'server')),
    dags: byParent(siteId, 'dag').map((id) => ({ id, members: sortServers(byParent(id, 'server')) })),
    balancers: [...byParent(siteId, 'nlbCluster'), ...byParent(siteId, 'hardwareLoadBalancer')].map((id) => ({ id, members: members.get(id) ?? [] })),
    casArrays: design.casArrays.filter((a) => (index.parentOf.get(a.id) ?? null) === siteId).map((a) => ({ id: a.id, balancer: a.nlbClusterId ?? a.hardwareLoadBalancerId })),
    subnets: byParent(siteId, 'subnet')
      .filter((id) => !isReplication(id))
      .sort((a, b) => purposeOrder[subnetOf.get(a)?.purpose ?? 'mapi'] - purposeOrder[subnetOf.get(b)?.purpose ?? 'mapi']),
    bottomSubnets: byParent(siteId, 'subnet').filter(isReplication),
  });
  const out = design.sites.map((s) => content(s.id));
  const orphans = content(null);
  if (orphans.servers.length + orphans.dags.length + orphans.balancers.length + orphans.casArrays.length + orphans.subnets.length + orphans.bottomSubnets.length > 0) out.push(orphans);
  return out;
}

/** Places sites side by side: buses across the top of each, its band below, replication buses under the band. */
export function layoutWithBands(contents: readonly SiteContent[], bands: ReadonlyMap<string | null, Band>, viewport?: Layout['viewport']): Layout {
  const nodes: Record<string, NodeLayout> = {};
  let siteX = 0;
  for (const c of contents) {
    const band = bands.get(c.siteId) ?? { width: 0, height: 0, nodes: new Map() };
    const inner = Math.max(LAYOUT.minSiteWidth - 2 * GROUP_PADDING, band.width);
    const x0 = siteX + GROUP_PADDING;
    let y = GROUP_HEADER + GROUP_PADDING / 2;
    for (const subnet of c.subnets) {
      setOwnValue(nodes, subnet, { x: x0, y, width: inner, height: NODE_SIZE.subnet.height });
      y += NODE_SIZE.subnet.height + LAYOUT.busGap;
    }
    const bandY = y + (c.subnets.length > 0 ? LAYOUT.busToBand - LAYOUT.busGap : 0);
    for (const [id, p] of band.nodes) setOwnValue(nodes, id, { ...p, x: x0 + p.x, y: bandY + p.y });
    y = bandY + band.height + (c.bottomSubnets.length > 0 ? LAYOUT.busToBand : 0);
    for (const subnet of c.bottomSubnets) {
      setOwnValue(nodes, subnet, { x: x0, y, width: inner, height: NODE_SIZE.subnet.height });
      y += NODE_SIZE.subnet.height + LAYOUT.busGap;
    }
    const siteWidth = inner + 2 * GROUP_PADDING;
    const siteHeight = y + GROUP_PADDING - (c.bottomSubnets.length > 0 ? LAYOUT.busGap : 0);
    if (c.siteId !== null) setOwnValue(nodes, c.siteId, { x: siteX, y: 0, width: siteWidth, height: siteHeight });
    siteX += siteWidth + LAYOUT.siteGap;
  }
  return viewport ? { nodes, viewport } : { nodes };
}

/**
 * Fills in positions for nodes the layout lacks (a design written by hand, by the CLI or by a generator), the way
 * the PDF diagram places them (shared/diagram's resolveLayout), leaving placed nodes where they are. Returns the
 * same layout when nothing was missing.
 */
export function completeLayout(design: Design, layout: Layout): Layout {
  const index = buildCanvasIndex(design);
  const missing = [...index.kindOf.keys()].filter((id) => ownValue(layout.nodes, id) === undefined);
  if (missing.length === 0) return layout;
  const resolved = resolveLayout(design, layout);
  // With no server placed, resolveLayout lays out everything afresh: take all of it so the picture holds together.
  const afresh = design.servers.length > 0 && design.servers.every((s) => ownValue(layout.nodes, s.id) === undefined);
  const nodes = { ...layout.nodes };
  for (const [id, r] of resolved) {
    const kind = index.kindOf.get(id);
    if (kind === undefined || (ownValue(nodes, id) !== undefined && !afresh)) continue;
    setOwnValue(nodes, id, SIZED_KINDS.has(kind) ? { x: r.x, y: r.y, width: r.width, height: r.height } : { x: r.x, y: r.y });
  }
  return growGroupsToFit(design, { ...layout, nodes }, index);
}

// ---- ELK -----------------------------------------------------------------------------------------------------

/** The parts of ELK's JSON graph used here (structurally compatible with elkjs's ElkNode). */
export interface ElkGraphNode {
  id: string;
  width?: number;
  height?: number;
  x?: number;
  y?: number;
  children?: ElkGraphNode[];
  edges?: { id: string; sources: string[]; targets: string[] }[];
  layoutOptions?: Record<string, string>;
}

export const ELK_OPTIONS: Readonly<Record<string, string>> = {
  'elk.algorithm': 'layered',
  'elk.direction': 'DOWN',
  'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
  'elk.layered.spacing.nodeNodeBetweenLayers': String(LAYOUT.lbGap),
  'elk.spacing.nodeNode': String(LAYOUT.serverGap),
  'elk.layered.crossingMinimization.strategy': 'LAYER_SWEEP',
  'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
  'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
  'elk.layered.nodePlacement.bk.fixedAlignment': 'BALANCED',
};

/** One ELK graph per site band: servers and DAG boxes on top, balancers and CAS arrays below, wired by membership. */
export function elkGraphForSite(design: Design, content: SiteContent): ElkGraphNode {
  const s = NODE_SIZE.server;
  const inBand = new Set<string>([...content.servers, ...content.dags.flatMap((d) => d.members), ...content.balancers.map((b) => b.id), ...content.casArrays.map((a) => a.id)]);
  const edges: { id: string; sources: string[]; targets: string[] }[] = [];
  for (const b of content.balancers) for (const m of b.members) if (inBand.has(m)) edges.push({ id: `${m}>${b.id}`, sources: [m], targets: [b.id] });
  for (const a of content.casArrays) if (a.balancer !== null && inBand.has(a.balancer)) edges.push({ id: `${a.balancer}>${a.id}`, sources: [a.balancer], targets: [a.id] });
  return {
    id: `band:${content.siteId ?? 'none'}`,
    layoutOptions: { ...ELK_OPTIONS },
    children: [
      ...content.servers.map((id) => ({ id, width: s.width, height: s.height })),
      ...content.dags.map((d) => ({
        id: d.id,
        layoutOptions: {
          'elk.padding': `[top=${GROUP_HEADER + GROUP_PADDING},left=${GROUP_PADDING},bottom=${GROUP_PADDING},right=${GROUP_PADDING}]`,
        },
        children: d.members.map((id) => ({ id, width: s.width, height: s.height })),
        // An empty DAG keeps its default size.
        ...(d.members.length === 0 ? { width: NODE_SIZE.dag.width / 2, height: NODE_SIZE.dag.height / 2 } : {}),
      })),
      ...content.balancers.map((b) => ({ id: b.id, ...NODE_SIZE.nlbCluster })),
      ...content.casArrays.map((a) => ({ id: a.id, ...NODE_SIZE.casArray })),
    ],
    edges,
  };
}

/**
 * Reads ELK's answer for one band (positions relative to the band; DAG members relative to their DAG), with the
 * servers and DAG boxes of the top row aligned at their tops (ELK centres them on the tallest).
 */
export function bandFromElk(result: ElkGraphNode, content: SiteContent): Band {
  const nodes = new Map<string, { x: number; y: number; width?: number; height?: number }>();
  let width = 0;
  let height = 0;
  for (const child of result.children ?? []) {
    const x = child.x ?? 0;
    const y = child.y ?? 0;
    if (child.children && child.children.length > 0) {
      nodes.set(child.id, { x, y, width: child.width, height: child.height });
      for (const m of child.children) nodes.set(m.id, { x: x + (m.x ?? 0), y: y + (m.y ?? 0) });
    } else if (child.children) {
      nodes.set(child.id, { x, y, width: child.width, height: child.height });
    } else nodes.set(child.id, { x, y });
    width = Math.max(width, x + (child.width ?? 0));
    height = Math.max(height, y + (child.height ?? 0));
  }
  const top = [...content.servers, ...content.dags.map((d) => d.id)];
  const minTop = Math.min(...top.map((id) => nodes.get(id)?.y ?? Infinity));
  if (Number.isFinite(minTop)) {
    const lift = (id: string, dy: number) => {
      const p = nodes.get(id);
      if (p) nodes.set(id, { ...p, y: p.y - dy });
    };
    for (const id of content.servers) lift(id, (nodes.get(id)?.y ?? minTop) - minTop);
    for (const d of content.dags) {
      const dy = (nodes.get(d.id)?.y ?? minTop) - minTop;
      lift(d.id, dy);
      for (const m of d.members) lift(m, dy);
    }
  }
  return { width, height, nodes };
}
