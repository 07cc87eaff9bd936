// Design + layout → canvas nodes and edges (plain data shaped like React Flow's, no React here). Memoised per node
// and edge: an edit rebuilds only the objects it touched, so React Flow re-renders only those.
import type { Design, Layout, NicPurpose, NlbMode, NodeLayout, Role, NetworkPurpose } from '../model/types';
import { serverLines } from '../diagram/model';
import type { BadgeCounts } from './badges';
import { edgeId } from './edgeIds';
import { centerOf } from '../diagram/geometry';
import type { Rect } from '../diagram/geometry';
import { buildCanvasIndex, rectOf } from './geometry';
import type { CanvasIndex, NodeKind } from './geometry';
import { ownValue } from '../util/own';

export type { NodeKind } from './geometry';

export type SiteNodeData = { readonly kind: 'site'; readonly name: string; readonly badge: BadgeCounts | null };
export type DagNodeData = {
  readonly kind: 'dag';
  readonly name: string;
  readonly memberCount: number;
  readonly witness: string;
  readonly ips: readonly string[];
  readonly badge: BadgeCounts | null;
};
export type SubnetNodeData = {
  readonly kind: 'subnet';
  readonly cidr: string;
  readonly purpose: NetworkPurpose;
  readonly gateway: string | null;
  readonly badge: BadgeCounts | null;
};
export type ServerNodeData = {
  readonly kind: 'server';
  readonly name: string;
  readonly fqdn: string;
  readonly roles: readonly Role[];
  /** The card's text lines, as the PDF diagram writes them ("2008 R2 Ent SP1 · 4 cores · 8 GB", flags). */
  readonly lines: readonly string[];
  readonly existing: boolean;
  readonly badge: BadgeCounts | null;
};
export type NlbNodeData = {
  readonly kind: 'nlbCluster';
  readonly fqdn: string;
  readonly vip: string;
  readonly mode: NlbMode;
  readonly memberCount: number;
  readonly badge: BadgeCounts | null;
};
export type HlbNodeData = { readonly kind: 'hardwareLoadBalancer'; readonly name: string; readonly vip: string; readonly memberCount: number; readonly badge: BadgeCounts | null };
export type CasArrayNodeData = { readonly kind: 'casArray'; readonly name: string; readonly fqdn: string; readonly balancer: string | null; readonly badge: BadgeCounts | null };

export type CanvasNodeData = SiteNodeData | DagNodeData | SubnetNodeData | ServerNodeData | NlbNodeData | HlbNodeData | CasArrayNodeData;

export type HandleId = 'top' | 'bottom';

/** A connection point, declared up front (React Flow then never has to measure a node before drawing its edges). */
export interface CanvasHandle {
  readonly id: HandleId;
  readonly type: 'source';
  readonly position: HandleId;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** Class of the element a group (AD site, DAG) is dragged by. */
export const GROUP_DRAG_HANDLE_CLASS = 'group-handle';

/** Size of a point handle; subnet buses have handles as wide as the bus. */
export const HANDLE_SIZE = 12;

export interface CanvasNode {
  readonly id: string;
  readonly type: NodeKind;
  /** Relative to the parent group when there is one (React Flow's convention), else absolute. */
  readonly position: { readonly x: number; readonly y: number };
  readonly parentId?: string;
  readonly width: number;
  readonly height: number;
  /** Nodes have fixed sizes: React Flow may take them as measured. */
  readonly measured: { readonly width: number; readonly height: number };
  readonly handles: readonly CanvasHandle[];
  readonly data: CanvasNodeData;
  readonly selected: boolean;
  readonly zIndex?: number;
  /** Groups are grabbed by their title bar; their body lets clicks through to the pane (box selection). */
  readonly dragHandle?: string;
  readonly style?: { readonly pointerEvents: 'none' };
}

export type NicEdgeData = {
  readonly kind: 'nic';
  /** Width of the subnet bus (the wire meets the bus below the server, within its length). */
  readonly busWidth: number;
  readonly label: string;
  readonly nicName: string;
  readonly purpose: NicPurpose;
  /** Horizontal offset of the wire from the server's centre (NICs spread across the card). */
  readonly offset: number;
  /** Where along the wire the label sits (0…1), staggered so neighbouring labels do not overlap. */
  readonly labelAt: number;
};
export type RelationEdgeData = {
  readonly kind: 'nlbMember' | 'hlbMember' | 'casArrayLb' | 'dagIp' | 'dagReplication';
  readonly label: string;
  /** Set when the edge ends on a subnet bus (DAG networks): the wire meets the bus straight, within its length. */
  readonly busWidth?: number;
};
export type CanvasEdgeData = NicEdgeData | RelationEdgeData;

export interface CanvasEdge {
  readonly id: string;
  readonly type: 'nic' | 'relation';
  readonly source: string;
  readonly target: string;
  readonly sourceHandle: HandleId;
  readonly targetHandle: HandleId;
  readonly data: CanvasEdgeData;
  readonly selected: boolean;
  /**
   * Edges are drawn under the nodes: AD site and DAG frames are translucent, so wires show through them while the
   * frames' titles and the cards stay on top.
   */
  readonly zIndex: number;
}

export const EDGE_Z_INDEX = -10;

export interface CanvasInput {
  readonly design: Design;
  readonly layout: Layout;
  readonly badges: ReadonlyMap<string, BadgeCounts>;
  readonly selection: ReadonlySet<string>;
}

export interface CanvasModel {
  readonly nodes: readonly CanvasNode[];
  readonly edges: readonly CanvasEdge[];
  readonly index: CanvasIndex;
}

/**
 * Where NIC labels sit along the wire, from the server (0) to the bus (1): near the bus, clear of the title bar of a
 * DAG the server may sit in; neighbouring wires alternate so their labels do not overlap.
 */
const NIC_LABEL_SINGLE = 0.8;
const NIC_LABEL_STAGGER = [0.6, 0.86];

function badgeKey(b: BadgeCounts | undefined): string {
  return b ? `${b.error}/${b.warning}/${b.info}` : '';
}

function sameDeps(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Handles are shared between nodes of one kind and size (a drop that rebuilds many nodes allocates none). */
const handleCache = new Map<string, readonly CanvasHandle[]>();
const HANDLE_CACHE_LIMIT = 500;
function sharedHandles(kind: NodeKind, width: number, height: number): readonly CanvasHandle[] {
  const key = `${kind} ${width} ${height}`;
  let made = handleCache.get(key);
  if (!made) {
    if (handleCache.size >= HANDLE_CACHE_LIMIT) handleCache.clear();
    made = handlesFor(kind, width, height);
    handleCache.set(key, made);
  }
  return made;
}

/** Handles of a node: centred points for cards, full-width strips for buses; none for AD sites. */
function handlesFor(kind: NodeKind, width: number, height: number): CanvasHandle[] {
  if (kind === 'site') return [];
  if (kind === 'subnet') {
    return [
      { id: 'top', type: 'source', position: 'top', x: 0, y: -HANDLE_SIZE / 2, width, height: HANDLE_SIZE },
      { id: 'bottom', type: 'source', position: 'bottom', x: 0, y: height - HANDLE_SIZE / 2, width, height: HANDLE_SIZE },
    ];
  }
  const x = width / 2 - HANDLE_SIZE / 2;
  return [
    { id: 'top', type: 'source', position: 'top', x, y: -HANDLE_SIZE / 2, width: HANDLE_SIZE, height: HANDLE_SIZE },
    { id: 'bottom', type: 'source', position: 'bottom', x, y: height - HANDLE_SIZE / 2, width: HANDLE_SIZE, height: HANDLE_SIZE },
  ];
}

/** Above (−1) or below (+1) another rectangle, by centres: picks which handles a wire uses. */
function handles(from: Rect, to: Rect): { sourceHandle: HandleId; targetHandle: HandleId } {
  return centerOf(from).y <= centerOf(to).y ? { sourceHandle: 'bottom', targetHandle: 'top' } : { sourceHandle: 'top', targetHandle: 'bottom' };
}

/**
 * Returns a mapping function with its own memo: call it with each new state; nodes and edges whose inputs did not
 * change come back as the very same objects.
 */
export function createCanvasMapper(): (input: CanvasInput) => CanvasModel {
  let nodeMemo = new Map<string, { deps: unknown[]; node: CanvasNode }>();
  let edgeMemo = new Map<string, { deps: unknown[]; edge: CanvasEdge }>();
  let lastDesign: Design | null = null;
  let lastIndex: CanvasIndex | null = null;
  let lastModel: CanvasModel | null = null;

  return ({ design, layout, badges, selection }) => {
    const index = design === lastDesign && lastIndex ? lastIndex : buildCanvasIndex(design);
    lastDesign = design;
    lastIndex = index;
    const nextNodeMemo = new Map<string, { deps: unknown[]; node: CanvasNode }>();
    const nextEdgeMemo = new Map<string, { deps: unknown[]; edge: CanvasEdge }>();
    const nodes: CanvasNode[] = [];
    const edges: CanvasEdge[] = [];
    const entry = (id: string): NodeLayout | undefined => ownValue(layout.nodes, id);

    const node = (id: string, kind: NodeKind, source: unknown, extra: readonly unknown[], data: () => CanvasNodeData) => {
      const parent = index.parentOf.get(id) ?? null;
      const own = entry(id);
      const parentEntry = parent !== null ? entry(parent) : undefined;
      const badge = badges.get(id);
      const selected = selection.has(id);
      const deps = [source, own, parentEntry, parent, badgeKey(badge), selected, ...extra];
      const memo = nodeMemo.get(id);
      if (memo && sameDeps(memo.deps, deps)) {
        nextNodeMemo.set(id, memo);
        nodes.push(memo.node);
        return;
      }
      const rect = rectOf(kind, own);
      const origin = parent !== null && parentEntry ? { x: parentEntry.x, y: parentEntry.y } : { x: 0, y: 0 };
      const made: CanvasNode = {
        id,
        type: kind,
        position: { x: rect.x - origin.x, y: rect.y - origin.y },
        ...(parent !== null && parentEntry ? { parentId: parent } : {}),
        width: rect.width,
        height: rect.height,
        measured: { width: rect.width, height: rect.height },
        handles: sharedHandles(kind, rect.width, rect.height),
        data: data(),
        selected,
        ...(kind === 'site' || kind === 'dag' ? { dragHandle: `.${GROUP_DRAG_HANDLE_CLASS}`, style: { pointerEvents: 'none' } as const } : {}),
      };
      nextNodeMemo.set(id, { deps, node: made });
      nodes.push(made);
    };
    const badgeOf = (id: string) => badges.get(id) ?? null;

    // Parents before children (React Flow requires it): sites, subnets, DAGs, then the rest.
    for (const s of design.sites) node(s.id, 'site', s, [], () => ({ kind: 'site', name: s.name, badge: badgeOf(s.id) }));
    for (const n of design.subnets) {
      node(n.id, 'subnet', n, [], () => ({ kind: 'subnet', cidr: n.cidr, purpose: n.purpose, gateway: n.gateway ?? null, badge: badgeOf(n.id) }));
    }
    const serverName = new Map(design.servers.map((s) => [s.id, s.name]));
    for (const d of design.dags) {
      const witness = d.witnessServerId !== null ? (serverName.get(d.witnessServerId) ?? d.witnessServerId) : d.witnessHost;
      node(d.id, 'dag', d, [witness], () => ({
        kind: 'dag',
        name: d.name,
        memberCount: d.memberIds.length,
        witness,
        ips: d.ipAddresses.map((ip) => ip.ipv4),
        badge: badgeOf(d.id),
      }));
    }
    for (const s of design.servers) {
      node(s.id, 'server', s, [], () => ({
        kind: 'server',
        name: s.name,
        fqdn: s.fqdn,
        roles: s.roles,
        lines: serverLines(s),
        existing: s.existing,
        badge: badgeOf(s.id),
      }));
    }
    for (const c of design.nlbClusters) {
      node(c.id, 'nlbCluster', c, [], () => ({ kind: 'nlbCluster', fqdn: c.fqdn, vip: c.vip, mode: c.mode, memberCount: c.members.length, badge: badgeOf(c.id) }));
    }
    for (const h of design.hardwareLoadBalancers) {
      node(h.id, 'hardwareLoadBalancer', h, [], () => ({ kind: 'hardwareLoadBalancer', name: h.name, vip: h.vip, memberCount: h.memberIds.length, badge: badgeOf(h.id) }));
    }
    const lbName = new Map<string, string>([
      ...design.nlbClusters.map((c) => [c.id, `NLB ${c.fqdn.split('.')[0]} (VIP ${c.vip})`] as const),
      ...design.hardwareLoadBalancers.map((h) => [h.id, `${h.name} (VIP ${h.vip})`] as const),
    ]);
    for (const a of design.casArrays) {
      const lbId = a.nlbClusterId ?? a.hardwareLoadBalancerId;
      const balancer = lbId !== null ? (lbName.get(lbId) ?? null) : null;
      node(a.id, 'casArray', a, [balancer], () => ({ kind: 'casArray', name: a.name, fqdn: a.fqdn, balancer, badge: badgeOf(a.id) }));
    }

    // Edges.
    const edge = (id: string, deps: unknown[], make: () => Omit<CanvasEdge, 'id' | 'selected' | 'zIndex'>) => {
      const selected = selection.has(id);
      const all = [...deps, selected];
      const memo = edgeMemo.get(id);
      if (memo && sameDeps(memo.deps, all)) {
        nextEdgeMemo.set(id, memo);
        edges.push(memo.edge);
        return;
      }
      const made: CanvasEdge = { id, selected, zIndex: EDGE_Z_INDEX, ...make() };
      nextEdgeMemo.set(id, { deps: all, edge: made });
      edges.push(made);
    };
    const rect = (id: string) => rectOf(index.kindOf.get(id) ?? 'server', entry(id));
    const subnetIds = new Set(design.subnets.map((s) => s.id));
    for (const s of design.servers) {
      const count = s.nics.length;
      s.nics.forEach((nic, i) => {
        if (!subnetIds.has(nic.subnetId)) return;
        const id = edgeId({ kind: 'nic', serverId: s.id, nicId: nic.id });
        const width = rectOf('server', undefined).width;
        edge(id, [nic, i, count, entry(s.id), entry(nic.subnetId)], () => ({
          type: 'nic',
          source: s.id,
          target: nic.subnetId,
          ...handles(rect(s.id), rect(nic.subnetId)),
          data: {
            kind: 'nic',
            busWidth: rect(nic.subnetId).width,
            label: nic.ipv4,
            nicName: nic.name,
            purpose: nic.purpose,
            offset: Math.round(((i + 1) * width) / (count + 1) - width / 2),
            labelAt: count === 1 ? NIC_LABEL_SINGLE : NIC_LABEL_STAGGER[i % NIC_LABEL_STAGGER.length],
          },
        }));
      });
    }
    const relation = (id: string, source: string, target: string, data: RelationEdgeData, deps: unknown[]) => {
      if (!index.kindOf.has(source) || !index.kindOf.has(target)) return;
      edge(id, [...deps, data.label, entry(source), entry(target)], () => ({ type: 'relation', source, target, ...handles(rect(source), rect(target)), data }));
    };
    for (const c of design.nlbClusters) {
      for (const m of c.members) {
        relation(edgeId({ kind: 'nlbMember', clusterId: c.id, serverId: m.serverId }), m.serverId, c.id, { kind: 'nlbMember', label: `priority ${m.hostPriority}` }, [m]);
      }
    }
    for (const h of design.hardwareLoadBalancers) {
      for (const m of h.memberIds) relation(edgeId({ kind: 'hlbMember', hlbId: h.id, serverId: m }), m, h.id, { kind: 'hlbMember', label: '' }, []);
    }
    for (const a of design.casArrays) {
      const lbId = a.nlbClusterId ?? a.hardwareLoadBalancerId;
      if (lbId !== null) relation(edgeId({ kind: 'casArrayLb', casArrayId: a.id, lbId }), lbId, a.id, { kind: 'casArrayLb', label: '' }, []);
    }
    for (const d of design.dags) {
      for (const ip of d.ipAddresses) {
        // The DAG's title lists its IPs: the wire itself stays unlabelled.
        if (subnetIds.has(ip.subnetId)) relation(edgeId({ kind: 'dagIp', dagId: d.id, subnetId: ip.subnetId }), d.id, ip.subnetId, { kind: 'dagIp', label: '', busWidth: rect(ip.subnetId).width }, []);
      }
      for (const r of d.replicationSubnetIds) {
        if (subnetIds.has(r)) relation(edgeId({ kind: 'dagReplication', dagId: d.id, subnetId: r }), d.id, r, { kind: 'dagReplication', label: '', busWidth: rect(r).width }, []);
      }
    }
    nodeMemo = nextNodeMemo;
    edgeMemo = nextEdgeMemo;
    // Nothing changed (new findings with the same badges, a selection of nothing new): the very same arrays, so
    // React Flow does not re-adopt a thousand nodes.
    const previous = lastModel;
    const sameNodes = previous !== null && sameDeps(previous.nodes, nodes);
    const sameEdges = previous !== null && sameDeps(previous.edges, edges);
    if (previous && sameNodes && sameEdges && previous.index === index) return previous;
    lastModel = { nodes: sameNodes && previous ? previous.nodes : nodes, edges: sameEdges && previous ? previous.edges : edges, index };
    return lastModel;
  };
}
