// Where each design object sits in the diagram. The design file's layout (absolute canvas coordinates) wins; objects
// it does not place get a position derived from their neighbours, and a design with no placed servers at all (a
// generated or hand-written file) gets a complete automatic layout: per AD site, its subnets as buses on top, its
// servers in a grid, DAGs framing their members, load balancers and CAS arrays below, replication subnets last.
import type { CasArray, Dag, Design, Layout, NodeLayout, Server } from '../model/types';
import { rect, unionRect } from './geometry';
import type { Rect } from './geometry';
import { SHAPES } from './theme';
import { ownValue } from '../util/own';

const SITE_PAD = 40;
const SITE_HEADER = 40;
const SITE_GAP = 80;
const BUS_GAP = 16;
const COL_GAP = 60;
const ROW_GAP = 80;
const DAG_PAD = 24;
const DAG_HEADER = 40;
const LB_GAP = 40;
const MAX_COLUMNS = 16;
const MIN_CONTENT_WIDTH = 600;

function pad(r: Rect, left: number, top: number, right = left, bottom = left): Rect {
  return rect(r.x - left, r.y - top, r.width + left + right, r.height + top + bottom);
}

/** Columns of a server grid: wide rather than tall, so that the diagram fits a landscape page. */
export function gridColumns(count: number): number {
  return Math.max(1, Math.min(MAX_COLUMNS, count, Math.ceil(Math.sqrt(count * 2.5))));
}

/** Site of each load balancer: its subnet's site (NLB) or its first member's site (hardware LB). */
function lbSite(design: Design): Map<string, string> {
  const subnetSite = new Map(design.subnets.map((s) => [s.id, s.siteId]));
  const serverSite = new Map(design.servers.map((s) => [s.id, s.siteId]));
  const out = new Map<string, string>();
  for (const c of design.nlbClusters) {
    const site = subnetSite.get(c.subnetId) ?? serverSite.get(c.members[0]?.serverId ?? '');
    if (site) out.set(c.id, site);
  }
  for (const h of design.hardwareLoadBalancers) {
    const site = serverSite.get(h.memberIds[0] ?? '');
    if (site) out.set(h.id, site);
  }
  return out;
}

/** A complete layout computed from the design alone. */
export function autoLayout(design: Design): Map<string, Rect> {
  const out = new Map<string, Rect>();
  const server = SHAPES.server;
  const cellW = server.width + COL_GAP;
  const cellH = server.height + ROW_GAP;
  const dagOf = new Map<string, Dag>();
  for (const dag of design.dags) for (const m of dag.memberIds) if (!dagOf.has(m)) dagOf.set(m, dag);
  const lbSites = lbSite(design);
  const serverById = new Map(design.servers.map((s) => [s.id, s]));
  const siteIds = design.sites.map((s) => s.id);
  // Objects whose site is unknown go with the first site, so nothing is left out of the picture.
  const siteOf = (id: string | undefined) => (id !== undefined && siteIds.includes(id) ? id : siteIds[0]);

  let siteY = 0;
  for (const site of design.sites) {
    const x0 = SITE_PAD;
    let y = siteY + SITE_HEADER;
    const subnets = design.subnets.filter((s) => siteOf(s.siteId) === site.id);
    const topSubnets = subnets.filter((s) => s.purpose !== 'replication');
    const bottomSubnets = subnets.filter((s) => s.purpose === 'replication');
    const topY = y;
    y += topSubnets.length * (SHAPES.subnet.height + BUS_GAP) + ROW_GAP - BUS_GAP;

    // Left block: servers outside DAGs in a grid, their load balancers and CAS arrays under them.
    // Right block: the DAGs, stacked, each framing its members. NIC lines then never cross the other block.
    const free = design.servers.filter((s) => siteOf(s.siteId) === site.id && !dagOf.has(s.id));
    const cols = gridColumns(free.length);
    free.forEach((s, i) => {
      out.set(s.id, rect(x0 + (i % cols) * cellW, y + Math.floor(i / cols) * cellH, server.width, server.height));
    });
    let leftWidth = free.length > 0 ? cols * cellW - COL_GAP : 0;
    let leftBottom = free.length > 0 ? y + Math.ceil(free.length / cols) * cellH : y;

    // Load balancers, each with the CAS arrays that use it under it, then arrays without a load balancer.
    const arrays = design.casArrays.filter((a) => siteOf(a.siteId) === site.id);
    const usesLb = (a: CasArray, lbId: string) => a.nlbClusterId === lbId || a.hardwareLoadBalancerId === lbId;
    const lbs = [
      ...design.nlbClusters.map((c) => ({ id: c.id, ...SHAPES.nlb })),
      ...design.hardwareLoadBalancers.map((h) => ({ id: h.id, ...SHAPES.hlb })),
    ].filter((l) => siteOf(lbSites.get(l.id)) === site.id);
    let lx = x0;
    const ly = leftBottom;
    let lbBottom = ly;
    for (const lb of lbs) {
      out.set(lb.id, rect(lx, ly, lb.width, lb.height));
      lbBottom = Math.max(lbBottom, ly + lb.height);
      arrays.filter((a) => usesLb(a, lb.id)).forEach((a, i) => {
        const r = rect(lx, ly + lb.height + LB_GAP + i * (SHAPES.casArray.height + BUS_GAP), SHAPES.casArray.width, SHAPES.casArray.height);
        out.set(a.id, r);
        lbBottom = Math.max(lbBottom, r.y + r.height);
      });
      lx += Math.max(lb.width, SHAPES.casArray.width) + COL_GAP;
    }
    for (const a of arrays.filter((x) => !lbs.some((lb) => usesLb(x, lb.id)))) {
      out.set(a.id, rect(lx, ly, SHAPES.casArray.width, SHAPES.casArray.height));
      lbBottom = Math.max(lbBottom, ly + SHAPES.casArray.height);
      lx += SHAPES.casArray.width + COL_GAP;
    }
    if (lx > x0) {
      leftWidth = Math.max(leftWidth, lx - x0 - COL_GAP);
      leftBottom = lbBottom + ROW_GAP;
    }

    const dx = leftWidth > 0 ? x0 + leftWidth + COL_GAP * 1.5 : x0;
    let dy = y;
    let rightWidth = 0;
    for (const dag of design.dags.filter((d) => siteOf(d.siteId) === site.id)) {
      const members = dag.memberIds
        .map((id) => serverById.get(id))
        .filter((s): s is Server => s !== undefined && dagOf.get(s.id) === dag);
      const dcols = gridColumns(members.length);
      members.forEach((s, i) => {
        out.set(s.id, rect(dx + DAG_PAD + (i % dcols) * cellW, dy + DAG_HEADER + Math.floor(i / dcols) * cellH, server.width, server.height));
      });
      const rows = Math.max(1, Math.ceil(members.length / dcols));
      const width = Math.max(SHAPES.dag.width, dcols * cellW - COL_GAP + 2 * DAG_PAD);
      const height = DAG_HEADER + rows * cellH - ROW_GAP + DAG_PAD;
      out.set(dag.id, rect(dx, dy, width, height));
      dy += height + ROW_GAP;
      rightWidth = Math.max(rightWidth, width);
    }
    const contentWidth = Math.max(MIN_CONTENT_WIDTH, rightWidth > 0 ? dx - x0 + rightWidth : leftWidth);
    y = Math.max(leftBottom, dy);

    topSubnets.forEach((s, i) => out.set(s.id, rect(x0, topY + i * (SHAPES.subnet.height + BUS_GAP), contentWidth, SHAPES.subnet.height)));
    bottomSubnets.forEach((s) => {
      out.set(s.id, rect(x0, y, contentWidth, SHAPES.subnet.height));
      y += SHAPES.subnet.height + BUS_GAP;
    });
    const siteHeight = Math.max(y - siteY + SITE_PAD - ROW_GAP / 2, SITE_HEADER + SITE_PAD);
    out.set(site.id, rect(0, siteY, contentWidth + 2 * SITE_PAD, siteHeight));
    siteY += siteHeight + SITE_GAP;
  }
  return out;
}

function fromLayout(node: NodeLayout | undefined, size: { width: number; height: number }): Rect | undefined {
  if (!node) return undefined;
  return rect(node.x, node.y, node.width ?? size.width, node.height ?? size.height);
}

/**
 * Positions of every object of the design: the file's layout where it has one, derived positions for the rest, or
 * a complete automatic layout when the file places none of its servers.
 */
export function resolveLayout(design: Design, layout: Layout): Map<string, Rect> {
  const nodes = layout.nodes;
  const placedServers = design.servers.filter((s) => ownValue(nodes, s.id) !== undefined).length;
  if (design.servers.length > 0 && placedServers === 0) return autoLayout(design);

  const out = new Map<string, Rect>();
  const place = (id: string, size: { width: number; height: number }) => {
    const r = fromLayout(ownValue(nodes, id), size);
    if (r) out.set(id, r);
  };
  for (const s of design.sites) place(s.id, SHAPES.site);
  for (const s of design.subnets) place(s.id, SHAPES.subnet);
  for (const s of design.servers) place(s.id, SHAPES.server);
  for (const d of design.dags) place(d.id, SHAPES.dag);
  for (const c of design.nlbClusters) place(c.id, SHAPES.nlb);
  for (const h of design.hardwareLoadBalancers) place(h.id, SHAPES.hlb);
  for (const a of design.casArrays) place(a.id, SHAPES.casArray);

  // Servers the layout forgot: a row under everything that is placed.
  const all = () => unionRect([...out.values()]) ?? rect(0, 0, 0, 0);
  const unplaced = design.servers.filter((s) => !out.has(s.id));
  if (unplaced.length > 0) {
    const b = all();
    const cols = gridColumns(unplaced.length);
    unplaced.forEach((s, i) => {
      out.set(s.id, rect(b.x + (i % cols) * (SHAPES.server.width + COL_GAP), b.y + b.height + ROW_GAP + Math.floor(i / cols) * (SHAPES.server.height + ROW_GAP), SHAPES.server.width, SHAPES.server.height));
    });
  }

  const serverRects = (ids: readonly string[]) => ids.map((id) => out.get(id)).filter((r): r is Rect => r !== undefined);

  for (const d of design.dags) {
    if (out.has(d.id)) continue;
    const b = unionRect(serverRects(d.memberIds));
    if (b) out.set(d.id, pad(b, DAG_PAD, DAG_HEADER, DAG_PAD, DAG_PAD));
  }
  // Subnets the layout forgot: a bus above the servers attached to it.
  const missingSubnets = design.subnets.filter((s) => !out.has(s.id));
  missingSubnets.forEach((subnet, i) => {
    const attached = design.servers.filter((s) => s.nics.some((n) => n.subnetId === subnet.id)).map((s) => s.id);
    const b = unionRect(serverRects(attached)) ?? all();
    const y = b.y - ROW_GAP - (missingSubnets.length - i) * (SHAPES.subnet.height + BUS_GAP);
    out.set(subnet.id, rect(b.x - 20, y, Math.max(b.width + 40, SHAPES.subnet.width), SHAPES.subnet.height));
  });
  const below = (ids: readonly string[], size: { width: number; height: number }) => {
    const b = unionRect(serverRects(ids)) ?? all();
    return rect(b.x + b.width / 2 - size.width / 2, b.y + b.height + ROW_GAP, size.width, size.height);
  };
  for (const c of design.nlbClusters) if (!out.has(c.id)) out.set(c.id, below(c.members.map((m) => m.serverId), SHAPES.nlb));
  for (const h of design.hardwareLoadBalancers) if (!out.has(h.id)) out.set(h.id, below(h.memberIds, SHAPES.hlb));
  for (const a of design.casArrays) {
    if (out.has(a.id)) continue;
    const lb = out.get(a.nlbClusterId ?? a.hardwareLoadBalancerId ?? '');
    if (lb) out.set(a.id, rect(lb.x + lb.width / 2 - SHAPES.casArray.width / 2, lb.y + lb.height + LB_GAP, SHAPES.casArray.width, SHAPES.casArray.height));
    else out.set(a.id, below(design.servers.filter((s) => s.siteId === a.siteId).map((s) => s.id), SHAPES.casArray));
  }
  for (const site of design.sites) {
    if (out.has(site.id)) continue;
    const inSite = [
      ...design.servers.filter((s) => s.siteId === site.id).map((s) => s.id),
      ...design.subnets.filter((s) => s.siteId === site.id).map((s) => s.id),
      ...design.dags.filter((d) => d.siteId === site.id).map((d) => d.id),
      ...design.casArrays.filter((a) => a.siteId === site.id).map((a) => a.id),
    ];
    const b = unionRect(serverRects(inSite));
    if (b) out.set(site.id, pad(b, SITE_PAD, SITE_HEADER, SITE_PAD, SITE_PAD));
  }
  return out;
}
