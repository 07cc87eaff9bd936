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

/** Which handles a wire uses: down from the bottom of the source when it is above the target (by centres), else up. */
type Ends = 'down' | 'up';
const HANDLE_PAIRS: Readonly<Record<Ends, { readonly sourceHandle: HandleId; readonly targetHandle: HandleId }>> = {
  down: { sourceHandle: 'bottom', targetHandle: 'top' },
  up: { sourceHandle: 'top', targetHandle: 'bottom' },
};
function handles(from: Rect, to: Rect): Ends {
  return centerOf(from).y <= centerOf(to).y ? 'down' : 'up';
}

/** How one node or edge is mapped: built once per design, evaluated against each new layout, badges and selection. */
interface NodeRecipe {
  readonly id: string;
  readonly evaluate: () => CanvasNode;
}
interface EdgeRecipe {
  readonly id: string;
  /** The nodes whose rectangles the edge's object depends on. */
  readonly ends: readonly [string, string];
  readonly evaluate: () => CanvasEdge;
}
interface DesignPlan {
  readonly design: Design;
  readonly index: CanvasIndex;
  readonly nodes: readonly NodeRecipe[];
  readonly edges: readonly EdgeRecipe[];
  /** Position of each node / edge in the arrays; null when ids repeat (then every call maps everything). */
  readonly nodeAt: ReadonlyMap<string, number> | null;
  readonly edgeAt: ReadonlyMap<string, number> | null;
  /** Edges by the nodes they depend on. */
  readonly edgesOf: ReadonlyMap<string, readonly number[]>;
}

/**
 * Returns a mapping function with its own memo: call it with each new state; nodes and edges whose inputs did not
 * change come back as the very same objects.
 *
 * When only the layout, the badges or the selection changed (a drop, a resize, a click: the design is the same
 * object), only the nodes and edges they touch are looked at: the layout entries that changed (and the members of
 * a group that moved), the edges ending on those nodes, what was selected or unselected. A drop on a 1,000-node
 * design re-maps a node and its wires, not the design.
 */
export function createCanvasMapper(): (input: CanvasInput) => CanvasModel {
  const nodeMemo = new Map<string, { deps: unknown[]; node: CanvasNode }>();
  const edgeMemo = new Map<string, { deps: unknown[]; edge: CanvasEdge }>();
  /** The input being mapped: the recipes read it. */
  let cur: CanvasInput | null = null;
  let plan: DesignPlan | null = null;
  let lastInput: CanvasInput | null = null;
  let lastModel: CanvasModel | null = null;

  const input = (): CanvasInput => {
    if (!cur) throw new Error('canvas mapper: no input');
    return cur;
  };
  const entry = (id: string): NodeLayout | undefined => ownValue(input().layout.nodes, id);

  function planFor(design: Design): DesignPlan {
    const index = buildCanvasIndex(design);
    const nodes: NodeRecipe[] = [];
    const edges: EdgeRecipe[] = [];
    const badgeOf = (id: string) => input().badges.get(id) ?? null;

    const node = (id: string, kind: NodeKind, source: unknown, extra: readonly unknown[], data: () => CanvasNodeData) => {
      const parent = index.parentOf.get(id) ?? null;
      const evaluate = (): CanvasNode => {
        const { badges, selection } = input();
        const own = entry(id);
        const parentEntry = parent !== null ? entry(parent) : undefined;
        const selected = selection.has(id);
        // The parent's corner, not its layout entry: a group that grows to the right or down (a drop near its edge)
        // leaves its members' relative positions, and so their objects, as they were.
        const deps = [source, own, parentEntry?.x, parentEntry?.y, parent, badgeKey(badges.get(id)), selected, ...extra];
        const memo = nodeMemo.get(id);
        if (memo && sameDeps(memo.deps, deps)) return memo.node;
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
        nodeMemo.set(id, { deps, node: made });
        return made;
      };
      nodes.push({ id, evaluate });
    };

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

    // Edges. An edge depends on its ends' rectangles only through what they decide (which handles the wire uses, a
    // bus's width): moving a card leaves its wires' objects as they were unless a wire changes sides, so a drop
    // hands React Flow the same edge array (no re-adoption of a thousand edges; the wires follow the card).
    const rect = (id: string): Rect => rectOf(index.kindOf.get(id) ?? 'server', entry(id));
    const edge = (id: string, ends: readonly [string, string], deps: () => unknown[], make: () => Omit<CanvasEdge, 'id' | 'selected' | 'zIndex'>) => {
      const evaluate = (): CanvasEdge => {
        const selected = input().selection.has(id);
        const all = [...deps(), selected];
        const memo = edgeMemo.get(id);
        if (memo && sameDeps(memo.deps, all)) return memo.edge;
        const made: CanvasEdge = { id, selected, zIndex: EDGE_Z_INDEX, ...make() };
        edgeMemo.set(id, { deps: all, edge: made });
        return made;
      };
      edges.push({ id, ends, evaluate });
    };
    const subnetIds = new Set(design.subnets.map((s) => s.id));
    const cardWidth = rectOf('server', undefined).width;
    for (const s of design.servers) {
      const count = s.nics.length;
      s.nics.forEach((nic, i) => {
        if (!subnetIds.has(nic.subnetId)) return;
        const id = edgeId({ kind: 'nic', serverId: s.id, nicId: nic.id });
        let ends: Ends = 'down';
        let busWidth = 0;
        edge(
          id,
          [s.id, nic.subnetId],
          () => {
            const bus = rect(nic.subnetId);
            ends = handles(rect(s.id), bus);
            busWidth = bus.width;
            return [nic, i, count, ends, busWidth];
          },
          () => ({
            type: 'nic',
            source: s.id,
            target: nic.subnetId,
            ...HANDLE_PAIRS[ends],
            data: {
              kind: 'nic',
              busWidth,
              label: nic.ipv4,
              nicName: nic.name,
              purpose: nic.purpose,
              offset: Math.round(((i + 1) * cardWidth) / (count + 1) - cardWidth / 2),
              labelAt: count === 1 ? NIC_LABEL_SINGLE : NIC_LABEL_STAGGER[i % NIC_LABEL_STAGGER.length],
            },
          }),
        );
      });
    }
    /** A relation edge; `bus`: its target is a subnet bus, whose width the wire needs (DAG networks). */
    const relation = (id: string, source: string, target: string, data: RelationEdgeData, deps: readonly unknown[], bus = false) => {
      if (!index.kindOf.has(source) || !index.kindOf.has(target)) return;
      let ends: Ends = 'down';
      let withBus = data;
      edge(
        id,
        [source, target],
        () => {
          const to = rect(target);
          ends = handles(rect(source), to);
          if (bus && withBus.busWidth !== to.width) withBus = { ...data, busWidth: to.width };
          return [...deps, data.label, bus ? to.width : undefined, ends];
        },
        () => ({ type: 'relation', source, target, ...HANDLE_PAIRS[ends], data: withBus }),
      );
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
        if (subnetIds.has(ip.subnetId)) relation(edgeId({ kind: 'dagIp', dagId: d.id, subnetId: ip.subnetId }), d.id, ip.subnetId, { kind: 'dagIp', label: '', busWidth: 0 }, [], true);
      }
      for (const r of d.replicationSubnetIds) {
        if (subnetIds.has(r)) relation(edgeId({ kind: 'dagReplication', dagId: d.id, subnetId: r }), d.id, r, { kind: 'dagReplication', label: '', busWidth: 0 }, [], true);
      }
    }

    const positions = (list: readonly { id: string }[]) => {
      const at = new Map<string, number>();
      list.forEach((x, i) => at.set(x.id, i));
      return at.size === list.length ? at : null;
    };
    const edgesOf = new Map<string, number[]>();
    edges.forEach((e, i) => {
      for (const end of new Set(e.ends)) {
        const list = edgesOf.get(end);
        if (list) list.push(i);
        else edgesOf.set(end, [i]);
      }
    });
    return { design, index, nodes, edges, nodeAt: positions(nodes), edgeAt: positions(edges), edgesOf };
  }

  /** Maps everything (a new design, new badges): unchanged nodes and edges still come back from the memo. */
  function mapAll(p: DesignPlan): { nodes: CanvasNode[]; edges: CanvasEdge[] } {
    const nodes = p.nodes.map((r) => r.evaluate());
    const edges = p.edges.map((r) => r.evaluate());
    if (p !== plan || nodeMemo.size > nodes.length || edgeMemo.size > edges.length) {
      // Forget what the design no longer has.
      const nodeIds = new Set(p.nodes.map((r) => r.id));
      for (const id of nodeMemo.keys()) if (!nodeIds.has(id)) nodeMemo.delete(id);
      const edgeIds = new Set(p.edges.map((r) => r.id));
      for (const id of edgeMemo.keys()) if (!edgeIds.has(id)) edgeMemo.delete(id);
    }
    return { nodes, edges };
  }

  /**
   * Maps what changed between `prev` and the current input (same design, same badges), or null when it cannot tell
   * (repeated ids). Starts from the previous arrays and replaces what re-mapped to another object.
   */
  function mapChanges(p: DesignPlan, prev: CanvasInput, model: CanvasModel): { nodes: readonly CanvasNode[]; edges: readonly CanvasEdge[] } | null {
    if (!p.nodeAt || !p.edgeAt) return null;
    const { layout, selection } = input();
    const nodeIdx = new Set<number>();
    const edgeIdx = new Set<number>();
    const touch = (id: string) => {
      const at = p.nodeAt?.get(id);
      if (at !== undefined) nodeIdx.add(at);
      const atEdge = p.edgeAt?.get(id);
      if (atEdge !== undefined) edgeIdx.add(atEdge);
    };
    if (layout.nodes !== prev.layout.nodes) {
      for (const r of p.nodes) {
        if (ownValue(layout.nodes, r.id) === ownValue(prev.layout.nodes, r.id)) continue;
        touch(r.id);
        for (const child of p.index.childrenOf.get(r.id) ?? []) touch(child);
        for (const e of p.edgesOf.get(r.id) ?? []) edgeIdx.add(e);
      }
    }
    if (selection !== prev.selection) {
      for (const id of selection) if (!prev.selection.has(id)) touch(id);
      for (const id of prev.selection) if (!selection.has(id)) touch(id);
    }
    let nodes: CanvasNode[] | null = null;
    for (const i of nodeIdx) {
      const made = p.nodes[i].evaluate();
      if (made === model.nodes[i]) continue;
      nodes ??= [...model.nodes];
      nodes[i] = made;
    }
    let edges: CanvasEdge[] | null = null;
    for (const i of edgeIdx) {
      const made = p.edges[i].evaluate();
      if (made === model.edges[i]) continue;
      edges ??= [...model.edges];
      edges[i] = made;
    }
    return { nodes: nodes ?? model.nodes, edges: edges ?? model.edges };
  }

  return (next) => {
    cur = next;
    try {
      const p = plan && plan.design === next.design ? plan : planFor(next.design);
      const prev = lastInput;
      const previous = lastModel;
      const changes = p === plan && prev && previous && prev.badges === next.badges ? mapChanges(p, prev, previous) : null;
      const { nodes, edges } = changes ?? mapAll(p);
      plan = p;
      lastInput = next;
      // Nothing changed (new findings with the same badges, a selection of nothing new): the very same arrays, so
      // React Flow does not re-adopt a thousand nodes.
      const sameNodes = previous !== null && (nodes === previous.nodes || sameDeps(previous.nodes, nodes));
      const sameEdges = previous !== null && (edges === previous.edges || sameDeps(previous.edges, edges));
      if (previous && sameNodes && sameEdges && previous.index === p.index) return previous;
      lastModel = { nodes: sameNodes && previous ? previous.nodes : nodes, edges: sameEdges && previous ? previous.edges : edges, index: p.index };
      return lastModel;
    } finally {
      cur = null;
    }
  };
}
