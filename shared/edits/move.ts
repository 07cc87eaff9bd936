// Moving and resizing nodes. Positions are absolute; moving a group (AD site, DAG) takes its members along.
// Dropping a node somewhere can change what holds it: a server dropped into a DAG joins it (same checks as wiring
// it), dragged out of its DAG leaves it, dropped into another AD site moves there.
import { buildCanvasIndex, descendantsOf, groupAt, growGroupsToFit, rectOf } from '../canvas/geometry';
import { centerOf } from '../diagram/geometry';
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
          notes.push(`Added ${joined.effect.replace(/^adds /, '')}.`);
        } else notes.push(joined.reason);
      }
    }
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
      notes.push(`${label} moved to AD site ${siteName(design, site)}.`);
    }
  }
  const layout = growGroupsToFit(design, { ...doc.layout, nodes });
  return done({ ...doc, design, layout }, [], notes);
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
