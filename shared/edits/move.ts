// Moving and resizing nodes. Positions are absolute; moving a group (AD site, DAG) takes its members along.
// Dropping a node somewhere can change what holds it: a server dropped into a DAG joins it (same checks as wiring
// it), dragged out of its DAG leaves it, dropped into another AD site moves there.
import { FIT_MARGIN, GROUP_HEADER, buildCanvasIndex, descendantsOf, groupAt, growGroupsToFit, rectOf } from '../canvas/geometry';
import { centerOf, containsPoint } from '../diagram/geometry';
import type { Rect } from '../diagram/geometry';
import type { CanvasIndex, NodeKind } from '../canvas/geometry';
import type { Design, DesignDocument, NodeLayout } from '../model/types';
import { connectDesign } from './connect';
import { replaceById, siteName } from './entities';
import { done, refuse } from './types';
import type { EditResult } from './types';
import { ownValue, setOwnValue } from '../util/own';

export interface NodeMove {
  readonly id: string;
  /** New absolute top-left corner. */
  readonly x: number;
  readonly y: number;
}

function translate(nodes: Record<string, NodeLayout>, layoutBefore: Record<string, NodeLayout>, index: CanvasIndex, moves: readonly NodeMove[]): number {
  const explicit = new Set(moves.map((m) => m.id));
  let moved = 0;
  for (const m of moves) {
    const before = ownValue(layoutBefore, m.id);
    if (!index.kindOf.has(m.id)) continue;
    const dx = m.x - (before?.x ?? 0);
    const dy = m.y - (before?.y ?? 0);
    setOwnValue(nodes, m.id, { ...(before ?? {}), x: m.x, y: m.y });
    moved++;
    if (dx === 0 && dy === 0) continue;
    for (const child of descendantsOf(index, m.id)) {
      const entry = ownValue(layoutBefore, child);
      if (explicit.has(child) || !entry) continue;
      setOwnValue(nodes, child, { ...entry, x: entry.x + dx, y: entry.y + dy });
    }
  }
  return moved;
}

/** Moves nodes (and the members of moved groups) without changing what holds what. */
export function moveNodes(doc: DesignDocument, moves: readonly NodeMove[]): EditResult {
  const index = buildCanvasIndex(doc.design);
  const nodes = { ...doc.layout.nodes };
  if (translate(nodes, doc.layout.nodes, index, moves) === 0) return refuse('Nothing to move: the nodes are not in the design.');
  const layout = growGroupsToFit(doc.design, { ...doc.layout, nodes }, index);
  return done({ ...doc, layout });
}

/**
 * Moves nodes as a drag ends, then updates membership by where each landed (its centre): DAG membership for
 * servers, the AD site for servers, subnets, DAGs and CAS arrays. Refused membership changes are reported in
 * `notes` and the node keeps its old membership.
 */
export function dropNodes(doc: DesignDocument, moves: readonly NodeMove[]): EditResult {
  const index = buildCanvasIndex(doc.design);
  const nodes = { ...doc.layout.nodes };
  if (translate(nodes, doc.layout.nodes, index, moves) === 0) return refuse('Nothing to move: the nodes are not in the design.');
  let design: Design = doc.design;
  const notes: string[] = [];
  const layoutNow = { nodes };
  /** Servers that joined a DAG, joined an AD site, or were refused by the DAG they were dropped in. */
  const joinedDag: { id: string; dag: string }[] = [];
  const joinedSite: string[] = [];
  const refused: string[] = [];
  for (const m of moves) {
    const kind = index.kindOf.get(m.id) as NodeKind | undefined;
    if (kind === undefined) continue;
    const center = centerOf(rectOf(kind, ownValue(nodes, m.id)));
    if (kind === 'server') {
      const server = design.servers.find((s) => s.id === m.id);
      if (!server) continue;
      const current = design.dags.find((d) => d.memberIds.includes(server.id));
      const target = groupAt(design, layoutNow, 'dag', center);
      if (current && target !== current.id) {
        design = { ...design, dags: replaceById(design.dags, current.id, (d) => ({ ...d, memberIds: d.memberIds.filter((x) => x !== server.id) })) };
        notes.push(`${server.name} left DAG ${current.name}.`);
      }
      if (target && target !== current?.id) {
        const joined = connectDesign(design, server.id, target);
        if (joined.ok) {
          design = joined.design;
          joinedDag.push({ id: server.id, dag: target });
          notes.push(`Added ${joined.effect.replace(/^adds /, '')}.`);
        } else {
          refused.push(server.id);
          notes.push(joined.reason);
        }
      }
    }
    if (kind === 'server' && refused.includes(m.id)) continue;
    if (kind === 'server' || kind === 'subnet' || kind === 'dag' || kind === 'casArray') {
      const site = groupAt(design, layoutNow, 'site', center);
      const entity =
        kind === 'server'
          ? design.servers.find((s) => s.id === m.id)
          : kind === 'subnet'
            ? design.subnets.find((s) => s.id === m.id)
            : kind === 'dag'
              ? design.dags.find((s) => s.id === m.id)
              : design.casArrays.find((s) => s.id === m.id);
      if (!site || !entity || entity.siteId === site) continue;
      const label = 'name' in entity ? entity.name : entity.cidr;
      if (kind === 'casArray') {
        const other = design.casArrays.find((a) => a.siteId === site);
        if (other) {
          notes.push(`CAS array ${label} stays in AD site ${siteName(design, entity.siteId)}: AD site ${siteName(design, site)} already has CAS array ${other.name}.`);
          continue;
        }
      }
      const key = kind === 'server' ? 'servers' : kind === 'subnet' ? 'subnets' : kind === 'dag' ? 'dags' : 'casArrays';
      design = { ...design, [key]: (design[key] as readonly { id: string }[]).map((x) => (x.id === m.id ? { ...x, siteId: site } : x)) };
      if (kind === 'server') joinedSite.push(m.id);
      notes.push(`${label} moved to AD site ${siteName(design, site)}.`);
    }
  }
  layOutDropped(design, nodes, doc.layout.nodes, { joinedDag, joinedSite, refused });
  const layout = growGroupsToFit(design, { ...doc.layout, nodes });
  return done({ ...doc, design, layout }, [], notes);
}

/** Room between two cards laid out side by side. */
export const SLOT_GAP = 20;
const CARD_KINDS: ReadonlySet<NodeKind> = new Set(['server', 'nlbCluster', 'hardwareLoadBalancer', 'casArray']);

function rectsEqual(a: Rect, b: Rect): boolean {
  return a.x === b.x && a.y === b.y && a.width === b.width && a.height === b.height;
}

function overlaps(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/** The first spot at or right of `start` that overlaps none of the cards (steps past what it hits). */
export function freeSpotRightOf(start: Rect, cards: readonly Rect[]): Rect {
  let r = start;
  for (let i = 0; i < 200; i++) {
    const hit = cards.filter((c) => overlaps(r, c));
    if (hit.length === 0) return r;
    r = { ...r, x: Math.max(...hit.map((c) => c.x + c.width)) + SLOT_GAP };
  }
  return start;
}

/**
 * Where a dropped server ends up (`nodes` is updated in place; dropNodes and palette drops use it): a server that joined a DAG goes beside the DAG's other members (right of the last
 * one on their first row); one that joined an AD site moves right until it covers no other card; one the DAG refused
 * goes back where it came from (it is not a member, so it must not sit among them).
 */
export function layOutDropped(design: Design, nodes: Record<string, NodeLayout>, before: Readonly<Record<string, NodeLayout>>, dropped: { joinedDag: readonly { id: string; dag: string }[]; joinedSite: readonly string[]; refused: readonly string[] }): void {
  const index = buildCanvasIndex(design);
  const cardsExcept = (id: string) => {
    const out: Rect[] = [];
    for (const [other, kind] of index.kindOf) if (other !== id && CARD_KINDS.has(kind) && ownValue(nodes, other)) out.push(rectOf(kind, ownValue(nodes, other)));
    return out;
  };
  for (const id of dropped.refused) {
    const previous = ownValue(before, id);
    if (previous) setOwnValue(nodes, id, previous);
  }
  // Servers joining together are laid out one after the other (those not placed yet do not count as members).
  const pending = new Set(dropped.joinedDag.map((j) => j.id));
  for (const { id, dag } of dropped.joinedDag) {
    pending.delete(id);
    const entry = ownValue(nodes, id);
    const dagRect = rectOf('dag', ownValue(nodes, dag));
    const members = (index.childrenOf.get(dag) ?? []).filter((m) => m !== id && !pending.has(m) && ownValue(nodes, m)).map((m) => rectOf('server', ownValue(nodes, m)));
    const self = rectOf('server', entry);
    let start: Rect;
    if (members.length === 0) start = { ...self, x: dagRect.x + FIT_MARGIN + SLOT_GAP, y: dagRect.y + GROUP_HEADER + FIT_MARGIN };
    else {
      const top = Math.min(...members.map((r) => r.y));
      const row = members.filter((r) => r.y < top + r.height / 2);
      const last = row.reduce((a, b) => (b.x + b.width > a.x + a.width ? b : a));
      start = { ...self, x: last.x + last.width + SLOT_GAP, y: last.y };
    }
    const spot = freeSpotRightOf(start, cardsExcept(id).filter((r) => ![...pending].some((p) => rectsEqual(r, rectOf('server', ownValue(nodes, p))))));
    setOwnValue(nodes, id, { ...entry, x: spot.x, y: spot.y });
  }
  for (const id of dropped.joinedSite) {
    if (dropped.joinedDag.some((j) => j.id === id)) continue;
    const entry = ownValue(nodes, id);
    const self = rectOf('server', entry);
    const spot = freeSpotRightOf(self, cardsExcept(id));
    // Never slide into a DAG the server is not a member of.
    const inDag = design.dags.some((d) => !d.memberIds.includes(id) && containsPoint(rectOf('dag', ownValue(nodes, d.id)), centerOf(spot)));
    if (!inDag) setOwnValue(nodes, id, { ...entry, x: spot.x, y: spot.y });
  }
}

/**
 * "Bring into group" (the canvas's context menu): moves the nodes into a DAG (servers join it, beside its members)
 * or an AD site (below what it holds), with the same checks and notes as dropping them there.
 */
export function bringIntoGroup(doc: DesignDocument, ids: readonly string[], groupId: string): EditResult {
  const index = buildCanvasIndex(doc.design);
  const groupKind = index.kindOf.get(groupId);
  if (groupKind !== 'dag' && groupKind !== 'site') return refuse('Bring objects into a DAG or an AD site.');
  const group = rectOf(groupKind, ownValue(doc.layout.nodes, groupId));
  const movable = ids.filter((id) => {
    const kind = index.kindOf.get(id);
    return kind !== undefined && id !== groupId && index.parentOf.get(id) !== groupId && (groupKind === 'dag' ? kind === 'server' : kind === 'server' || kind === 'subnet' || kind === 'dag' || kind === 'casArray');
  });
  if (movable.length === 0) return refuse(groupKind === 'dag' ? 'Only servers outside this DAG can be brought into it.' : 'Nothing to bring into this AD site: it holds the selection already.');
  const children = (index.childrenOf.get(groupId) ?? []).filter((c) => !movable.includes(c)).map((c) => rectOf(index.kindOf.get(c) as NodeKind, ownValue(doc.layout.nodes, c)));
  let y = children.length > 0 ? Math.max(...children.map((r) => r.y + r.height)) + SLOT_GAP : group.y + GROUP_HEADER + FIT_MARGIN;
  let x = group.x + FIT_MARGIN + SLOT_GAP;
  const moves: NodeMove[] = [];
  for (const id of movable) {
    const kind = index.kindOf.get(id) as NodeKind;
    const size = rectOf(kind, ownValue(doc.layout.nodes, id));
    if (groupKind === 'dag') {
      // Its centre in the DAG: dropNodes makes it a member and lays it out beside the others.
      moves.push({ id, x: Math.round(group.x + group.width / 2 - size.width / 2), y: Math.round(group.y + group.height / 2 - size.height / 2) });
      continue;
    }
    if (x + size.width > group.x + group.width && x > group.x + FIT_MARGIN + SLOT_GAP) {
      x = group.x + FIT_MARGIN + SLOT_GAP;
      y += size.height + SLOT_GAP;
    }
    moves.push({ id, x, y });
    x += size.width + SLOT_GAP;
  }
  return dropNodes(doc, moves);
}

/** Resizes a group or a subnet bus (the rectangle is absolute). */
export function resizeNode(doc: DesignDocument, id: string, rect: { x: number; y: number; width: number; height: number }): EditResult {
  const index = buildCanvasIndex(doc.design);
  const kind = index.kindOf.get(id);
  if (kind !== 'site' && kind !== 'dag' && kind !== 'subnet') return refuse('Only AD sites, DAGs and subnets can be resized.');
  if (!(rect.width > 0 && rect.height > 0)) return refuse('A size must be positive.');
  const nodes = { ...doc.layout.nodes, [id]: { ...ownValue(doc.layout.nodes, id), x: rect.x, y: rect.y, width: rect.width, height: rect.height } };
  return done({ ...doc, layout: growGroupsToFit(doc.design, { ...doc.layout, nodes }, index) });
}
