// The diagram as plain data: positioned nodes (sites, subnets, servers, DAGs, load balancers, CAS arrays) with their
// labels, and routed edges (NIC → subnet, load balancer → member, CAS array → load balancer). Framework-free, so
// that the SVG renderer (PDF) and the canvas draw the same picture.
import type { DesignDocument, NetworkPurpose, Role, Server, Subnet, WindowsEdition } from '../model/types';
import { WINDOWS_VERSION_LABELS, plural } from '../planner/text';
import type { Finding, Severity } from '../planner/types';
import { centerOf, unionRect } from './geometry';
import type { Point, Rect } from './geometry';
import { resolveLayout } from './layout';
import type { DiagramNodeKind } from './theme';
import { DIAGRAM_COLORS, ROLE_ORDER, SUBNET_COLORS } from './theme';

export interface DiagramNode extends Rect {
  readonly id: string;
  readonly kind: DiagramNodeKind;
  readonly title: string;
  /** Further text lines under the title (cards, load balancers) or after it (groups, buses). */
  readonly lines: readonly string[];
  /** Role badges (servers only), in ROLE_ORDER. */
  readonly roles: readonly Role[];
  /** Already deployed (servers): drawn greyed. */
  readonly existing: boolean;
  /** Subnet purpose (subnets only). */
  readonly purpose: NetworkPurpose | null;
  /** The worst planner finding naming this object, if any. */
  readonly badge: Severity | null;
  /**
   * The group the design puts it in (a server's DAG, else its AD site; a DAG's, subnet's, load balancer's or CAS
   * array's AD site); null for AD sites and objects without a site. The print layout nests by it.
   */
  readonly parent?: string | null;
  /** A DAG drawn as one box, its members left out (print overviews): its lines go under the title. */
  readonly collapsed?: boolean;
}

export type DiagramEdgeKind = 'nic' | 'member' | 'balances';

export interface DiagramEdge {
  readonly id: string;
  readonly kind: DiagramEdgeKind;
  readonly from: string;
  readonly to: string;
  /** An orthogonal polyline. */
  readonly points: readonly Point[];
  readonly label: string;
  readonly labelAt: Point;
  readonly color: string;
  readonly dashed: boolean;
}

export interface Diagram {
  readonly bounds: Rect;
  /** In drawing order: groups, buses, then cards and load balancers. */
  readonly nodes: readonly DiagramNode[];
  readonly edges: readonly DiagramEdge[];
}

export interface DiagramOptions {
  /** Worst finding per design object id (see badgesFromFindings). */
  readonly badges?: ReadonlyMap<string, Severity>;
}

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** The worst error or warning per object id, for the red/amber node badges. Info findings get no badge. */
export function badgesFromFindings(findings: readonly Finding[]): Map<string, Severity> {
  const out = new Map<string, Severity>();
  for (const f of findings) {
    if (f.severity === 'info') continue;
    for (const id of f.entityIds) {
      const seen = out.get(id);
      if (!seen || SEVERITY_RANK[f.severity] < SEVERITY_RANK[seen]) out.set(id, f.severity);
    }
  }
  return out;
}

const EDITION_SHORT: Record<WindowsEdition, string> = { Standard: 'Std', Enterprise: 'Ent', Datacenter: 'DC' };

/** "2008 R2 Ent SP1": the short OS label of server cards. */
export function osShortLabel(server: Server): string {
  return `${WINDOWS_VERSION_LABELS[server.os.version]} ${EDITION_SHORT[server.os.edition]}${server.os.servicePack > 0 ? ` SP${server.os.servicePack}` : ''}`;
}

/** Server card lines: OS, cores and RAM; then what is special about it. */
export function serverLines(server: Server): string[] {
  const lines = [`${osShortLabel(server)} · ${plural(server.cores, 'core')} · ${server.ramGB} GB`];
  const flags = [server.existing ? 'existing' : '', server.domainController ? 'domain controller' : '', server.virtualized ? 'virtual' : ''].filter(Boolean);
  if (flags.length > 0) lines.push(flags.join(' · '));
  return lines;
}

function clamp(v: number, lo: number, hi: number): number {
  return lo > hi ? (lo + hi) / 2 : Math.min(hi, Math.max(lo, v));
}

function mid(a: Point, b: Point): Point {
  return { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
}

/** An orthogonal connector between two boxes: vertical when one is above the other, horizontal otherwise. */
export function connect(a: Rect, b: Rect, ax = a.x + a.width / 2, bx = b.x + b.width / 2): Point[] {
  if (b.y + b.height <= a.y) {
    const m = (a.y + b.y + b.height) / 2;
    return [{ x: ax, y: a.y }, { x: ax, y: m }, { x: bx, y: m }, { x: bx, y: b.y + b.height }];
  }
  if (b.y >= a.y + a.height) {
    const m = (a.y + a.height + b.y) / 2;
    return [{ x: ax, y: a.y + a.height }, { x: ax, y: m }, { x: bx, y: m }, { x: bx, y: b.y }];
  }
  const ca = centerOf(a);
  const cb = centerOf(b);
  const rightward = cb.x >= ca.x;
  const sx = rightward ? a.x + a.width : a.x;
  const ex = rightward ? b.x : b.x + b.width;
  const m = (sx + ex) / 2;
  return [{ x: sx, y: ca.y }, { x: m, y: ca.y }, { x: m, y: cb.y }, { x: ex, y: cb.y }];
}

/** Drops repeated points so straight connectors stay two-point lines. */
function simplify(points: readonly Point[]): Point[] {
  const out: Point[] = [];
  for (const p of points) {
    const last = out[out.length - 1];
    if (!last || last.x !== p.x || last.y !== p.y) out.push(p);
  }
  return out;
}

type Side = 'up' | 'down' | 'side';

function sideOf(server: Rect, bus: Rect): Side {
  if (bus.y + bus.height <= server.y) return 'up';
  if (bus.y >= server.y + server.height) return 'down';
  return 'side';
}

const NIC_INSET = 16;
const NIC_LABEL_OFFSET = 16;
const NIC_LABEL_STAGGER = 20;
/** Height of a group's title band, and the space a label keeps from a group's border. */
const GROUP_HEADER_BAND = 40;
const GROUP_HEADER_CLEARANCE = 12;
/** Member edges within this distance of straight are drawn straight. */
const SNAP = 16;

/** Builds the diagram of a design document: its layout positions (or derived ones), labels and routed edges. */
export function buildDiagram(document: Pick<DesignDocument, 'design' | 'layout'>, options: DiagramOptions = {}): Diagram {
  const { design } = document;
  const pos = resolveLayout(design, document.layout);
  const badge = (id: string) => options.badges?.get(id) ?? null;
  const nodes: DiagramNode[] = [];
  const edges: DiagramEdge[] = [];
  const base = { lines: [] as string[], roles: [] as Role[], existing: false, purpose: null };
  const parents = parentsOf(design);
  const parent = (id: string) => parents.get(id) ?? null;

  for (const site of design.sites) {
    const r = pos.get(site.id);
    if (r) nodes.push({ ...r, ...base, id: site.id, parent: parent(site.id), kind: 'site', title: `AD site: ${site.name}`, badge: badge(site.id) });
  }
  const serverById = new Map(design.servers.map((s) => [s.id, s]));
  for (const dag of design.dags) {
    const r = pos.get(dag.id);
    if (!r) continue;
    const witness = dag.witnessServerId ? (serverById.get(dag.witnessServerId)?.name ?? dag.witnessServerId) : dag.witnessHost;
    const lines = [
      dag.ipAddresses.length > 0 ? dag.ipAddresses.map((ip) => ip.ipv4).join(', ') : 'no IP address',
      witness ? `witness ${witness}` : 'no witness',
    ];
    nodes.push({ ...r, ...base, id: dag.id, parent: parent(dag.id), kind: 'dag', title: `DAG ${dag.name}`, lines, badge: badge(dag.id) });
  }
  const subnetById = new Map<string, Subnet>();
  for (const subnet of design.subnets) {
    subnetById.set(subnet.id, subnet);
    const r = pos.get(subnet.id);
    if (!r) continue;
    const lines = [SUBNET_COLORS[subnet.purpose].label, subnet.gateway ? `gateway ${subnet.gateway}` : ''].filter(Boolean);
    nodes.push({ ...r, ...base, id: subnet.id, parent: parent(subnet.id), kind: 'subnet', title: subnet.cidr, lines, purpose: subnet.purpose, badge: badge(subnet.id) });
  }

  // Load balancer member edges attach to the server side facing the balancer; remember which sides are taken so
  // NIC edges on the same side keep clear of them.
  const memberSides = new Map<string, Set<Side>>();
  const lbMembers: { lbId: string; lbRect: Rect; serverId: string; label: string; kind: 'nlb' | 'hlb' }[] = [];
  for (const c of design.nlbClusters) {
    const lbRect = pos.get(c.id);
    if (!lbRect) continue;
    for (const m of c.members) lbMembers.push({ lbId: c.id, lbRect, serverId: m.serverId, label: `priority ${m.hostPriority}`, kind: 'nlb' });
  }
  for (const h of design.hardwareLoadBalancers) {
    const lbRect = pos.get(h.id);
    if (!lbRect) continue;
    for (const id of h.memberIds) lbMembers.push({ lbId: h.id, lbRect, serverId: id, label: '', kind: 'hlb' });
  }
  for (const m of lbMembers) {
    const s = pos.get(m.serverId);
    if (!s) continue;
    const side = sideOf(s, m.lbRect);
    const set = memberSides.get(m.serverId) ?? new Set<Side>();
    set.add(side);
    memberSides.set(m.serverId, set);
  }

  const dagRects = design.dags.map((d) => pos.get(d.id)).filter((r): r is Rect => r !== undefined);
  const nicSides = new Map<string, Set<Side>>();
  for (const server of design.servers) {
    const s = pos.get(server.id);
    if (!s) continue;
    const bySide: Record<Side, { nicId: string; ipv4: string; bus: Rect; subnetId: string; purpose: NetworkPurpose }[]> = { up: [], down: [], side: [] };
    for (const nic of server.nics) {
      const bus = pos.get(nic.subnetId);
      const subnet = subnetById.get(nic.subnetId);
      if (!bus || !subnet) continue;
      bySide[sideOf(s, bus)].push({ nicId: nic.id, ipv4: nic.ipv4, bus, subnetId: subnet.id, purpose: subnet.purpose });
    }
    nicSides.set(server.id, new Set((['up', 'down', 'side'] as const).filter((side) => bySide[side].length > 0)));
    for (const side of ['up', 'down'] as const) {
      const list = bySide[side];
      // Leave the card's right quarter to load balancer edges on the same side.
      const span = memberSides.get(server.id)?.has(side) ? s.width * 0.7 : s.width;
      list.forEach((nic, i) => {
        const x = s.x + NIC_INSET + ((span - 2 * NIC_INSET) * (i + 1)) / (list.length + 1);
        const start = side === 'up' ? s.y : s.y + s.height;
        const end = side === 'up' ? nic.bus.y + nic.bus.height : nic.bus.y;
        const bx = clamp(x, nic.bus.x + NIC_INSET, nic.bus.x + nic.bus.width - NIC_INSET);
        const bend = side === 'up' ? end + 14 : end - 14;
        const points = bx === x ? [{ x, y: start }, { x, y: end }] : [{ x, y: start }, { x, y: bend }, { x: bx, y: bend }, { x: bx, y: end }];
        // Labels sit near the card (away from group headers); neighbours are staggered so that close NIC lines
        // keep readable addresses.
        const away = Math.min(NIC_LABEL_OFFSET + (i % 2) * NIC_LABEL_STAGGER, Math.abs(points[1].y - start) / 2);
        let labelY = side === 'up' ? start - away : start + away;
        // Keep clear of a DAG header the line crosses: move the label just above the group.
        for (const g of dagRects) {
          const crosses = x > g.x && x < g.x + g.width && labelY > g.y - GROUP_HEADER_CLEARANCE && labelY < g.y + GROUP_HEADER_BAND;
          const above = g.y - GROUP_HEADER_CLEARANCE;
          if (crosses && side === 'up' && above > end + GROUP_HEADER_CLEARANCE) labelY = above;
        }
        const labelAt = { x, y: labelY };
        edges.push({ id: `nic:${nic.nicId}`, kind: 'nic', from: server.id, to: nic.subnetId, points, label: nic.ipv4, labelAt, color: SUBNET_COLORS[nic.purpose].stroke, dashed: false });
      });
    }
    bySide.side.forEach((nic) => {
      const points = simplify(connect(s, nic.bus));
      edges.push({ id: `nic:${nic.nicId}`, kind: 'nic', from: server.id, to: nic.subnetId, points, label: nic.ipv4, labelAt: mid(points[0], points[1]), color: SUBNET_COLORS[nic.purpose].stroke, dashed: false });
    });
  }

  // Load balancer → member edges, spread along the balancer's facing side.
  const perLb = new Map<string, typeof lbMembers>();
  for (const m of lbMembers) perLb.set(m.lbId, [...(perLb.get(m.lbId) ?? []), m]);
  for (const [lbId, members] of perLb) {
    const placed = members.filter((m) => pos.has(m.serverId)).sort((a, b) => (pos.get(a.serverId)?.x ?? 0) - (pos.get(b.serverId)?.x ?? 0));
    placed.forEach((m, i) => {
      const s = pos.get(m.serverId) as Rect;
      const lb = m.lbRect;
      const tip = Math.min(lb.height / 2, lb.width / 4);
      const sideTaken = nicSides.get(m.serverId)?.has(sideOf(s, lb)) ?? false;
      const sx = sideTaken ? s.x + s.width * 0.85 : s.x + s.width / 2;
      const spread = lb.x + tip + ((lb.width - 2 * tip) * (i + 1)) / (placed.length + 1);
      // A straight line when the member sits (nearly) over the balancer: no one-pixel jogs.
      const ax = Math.abs(spread - sx) < SNAP && sx > lb.x + tip && sx < lb.x + lb.width - tip ? sx : spread;
      const points = simplify(connect(lb, s, ax, sx));
      const last = points[points.length - 1];
      const prev = points[points.length - 2];
      edges.push({
        id: `member:${lbId}:${m.serverId}`,
        kind: 'member',
        from: lbId,
        to: m.serverId,
        points,
        label: m.label,
        labelAt: mid(prev, last),
        color: m.kind === 'nlb' ? DIAGRAM_COLORS.memberEdge : DIAGRAM_COLORS.hlbEdge,
        dashed: true,
      });
    });
  }

  for (const a of design.casArrays) {
    const lbId = a.nlbClusterId ?? a.hardwareLoadBalancerId;
    const ar = pos.get(a.id);
    const lr = lbId ? pos.get(lbId) : undefined;
    if (!lbId || !ar || !lr) continue;
    const points = simplify(connect(ar, lr));
    edges.push({ id: `balances:${a.id}`, kind: 'balances', from: a.id, to: lbId, points, label: '', labelAt: mid(points[0], points[points.length - 1]), color: DIAGRAM_COLORS.memberEdge, dashed: false });
  }

  for (const server of design.servers) {
    const r = pos.get(server.id);
    if (!r) continue;
    const roles = ROLE_ORDER.filter((role) => server.roles.includes(role));
    nodes.push({ ...r, ...base, id: server.id, parent: parent(server.id), kind: 'server', title: server.name, lines: serverLines(server), roles, existing: server.existing, badge: badge(server.id) });
  }
  for (const c of design.nlbClusters) {
    const r = pos.get(c.id);
    const mode = c.mode === 'igmpMulticast' ? 'IGMP multicast' : c.mode;
    if (r) nodes.push({ ...r, ...base, id: c.id, parent: parent(c.id), kind: 'nlb', title: c.fqdn, lines: [`NLB · VIP ${c.vip} · ${mode}`], badge: badge(c.id) });
  }
  for (const h of design.hardwareLoadBalancers) {
    const r = pos.get(h.id);
    if (r) nodes.push({ ...r, ...base, id: h.id, parent: parent(h.id), kind: 'hlb', title: h.name, lines: [`Hardware LB · VIP ${h.vip}`], badge: badge(h.id) });
  }
  for (const a of design.casArrays) {
    const r = pos.get(a.id);
    if (r) nodes.push({ ...r, ...base, id: a.id, parent: parent(a.id), kind: 'casArray', title: `CAS array ${a.name}`, lines: [a.fqdn], badge: badge(a.id) });
  }

  return { bounds: boundsOf(nodes, edges), nodes, edges };
}

/** The group of each design object (see DiagramNode.parent). */
function parentsOf(design: DesignDocument['design']): Map<string, string> {
  const out = new Map<string, string>();
  const siteIds = new Set(design.sites.map((s) => s.id));
  const site = (id: string | undefined) => (id !== undefined && siteIds.has(id) ? id : undefined);
  const set = (id: string, p: string | undefined) => {
    if (p !== undefined) out.set(id, p);
  };
  const serverSite = new Map(design.servers.map((s) => [s.id, s.siteId]));
  const subnetSite = new Map(design.subnets.map((s) => [s.id, s.siteId]));
  for (const d of design.dags) set(d.id, site(d.siteId));
  for (const s of design.subnets) set(s.id, site(s.siteId));
  for (const s of design.servers) set(s.id, site(s.siteId));
  const inDag = new Set<string>();
  for (const d of design.dags) {
    for (const m of d.memberIds) {
      if (!serverSite.has(m) || inDag.has(m)) continue;
      inDag.add(m);
      out.set(m, d.id);
    }
  }
  for (const c of design.nlbClusters) set(c.id, site(subnetSite.get(c.subnetId)) ?? site(serverSite.get(c.members[0]?.serverId ?? '')));
  for (const h of design.hardwareLoadBalancers) set(h.id, site(serverSite.get(h.memberIds[0] ?? '')));
  for (const a of design.casArrays) set(a.id, site(a.siteId));
  return out;
}

/**
 * The part of a diagram inside one group (an AD site): the group, every node within it and the edges between them.
 * Null when the group is not in the diagram.
 */
export function subDiagram(diagram: Diagram, groupId: string): Diagram | null {
  const group = diagram.nodes.find((n) => n.id === groupId);
  if (!group) return null;
  const nodes = diagram.nodes.filter((n) => n === group || (n.kind !== 'site' && within(n, group)));
  const ids = new Set(nodes.map((n) => n.id));
  const edges = diagram.edges.filter((e) => ids.has(e.from) && ids.has(e.to));
  return { bounds: boundsOf(nodes, edges), nodes, edges };
}

/** Whether every node that is not an AD site lies within some AD site (so per-site pages show everything). */
export function everythingInSites(diagram: Diagram): boolean {
  const sites = diagram.nodes.filter((n) => n.kind === 'site');
  return sites.length > 0 && diagram.nodes.every((n) => n.kind === 'site' || sites.some((s) => within(n, s)));
}

const WITHIN_TOLERANCE = 1;

function within(inner: Rect, outer: Rect): boolean {
  return (
    inner.x >= outer.x - WITHIN_TOLERANCE &&
    inner.y >= outer.y - WITHIN_TOLERANCE &&
    inner.x + inner.width <= outer.x + outer.width + WITHIN_TOLERANCE &&
    inner.y + inner.height <= outer.y + outer.height + WITHIN_TOLERANCE
  );
}

function boundsOf(nodes: readonly DiagramNode[], edges: readonly DiagramEdge[]): Rect {
  const points = edges.flatMap((e) => e.points.map((p) => ({ x: p.x, y: p.y, width: 0, height: 0 })));
  return unionRect([...nodes, ...points]) ?? { x: 0, y: 0, width: 0, height: 0 };
}
