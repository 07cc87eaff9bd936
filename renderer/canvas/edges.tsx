// Canvas edges: NIC wires from a server down (or up) to its subnet bus, labelled with the address; membership and
// "balances" links to load balancers and CAS arrays; DAG IP / replication links to subnets.
import { memo } from 'react';
import { BaseEdge, getSmoothStepPath } from '@xyflow/react';
import type { Edge, EdgeProps, Position } from '@xyflow/react';
import type { NicEdgeData, RelationEdgeData } from '../../shared/canvas/mapping';
import { DIAGRAM_COLORS, SUBNET_COLORS, textWidth } from '../theme';
import { useFar } from './lod';

const LABEL_FONT = 10;
const LABEL_PAD = 4;
/** Height of an edge label's box. */
const LABEL_HEIGHT = LABEL_FONT + 2 * LABEL_PAD - 2;
/** Keeps a label's box this far clear of the card and the bus at the wire's ends (edges are drawn under nodes). */
const LABEL_CLEARANCE = LABEL_HEIGHT / 2 + 4;
/** Keeps a wire this far from the ends of its bus. */
const BUS_MARGIN = 8;

/** A wire's label; none far out (too small to read: see lod.ts). */
function EdgeLabel({ x, y, text, color }: { x: number; y: number; text: string; color: string }) {
  const far = useFar();
  if (text === '' || far) return null;
  const w = textWidth(text, LABEL_FONT) + 2 * LABEL_PAD;
  const h = LABEL_HEIGHT;
  return (
    <g className="edge-label" transform={`translate(${x - w / 2} ${y - h / 2})`}>
      <rect width={w} height={h} rx={3} fill={DIAGRAM_COLORS.labelBackground} stroke={color} strokeWidth={0.6} />
      <text x={w / 2} y={h / 2} dominantBaseline="central" textAnchor="middle" fontSize={LABEL_FONT} fill={DIAGRAM_COLORS.text}>
        {text}
      </text>
    </g>
  );
}

/** A wire from a point down (or up) to a bus: straight when the bus is below the point, else with a dog-leg. */
function busPath(from: number, sourceY: number, targetX: number, targetY: number, busWidth: number): { path: string; x: number; midY: number } {
  const left = targetX - busWidth / 2 + BUS_MARGIN;
  const right = targetX + busWidth / 2 - BUS_MARGIN;
  const x = Math.min(right, Math.max(left, from));
  const midY = (sourceY + targetY) / 2;
  const path = Math.abs(x - from) < 1 ? `M ${from} ${sourceY} L ${x} ${targetY}` : `M ${from} ${sourceY} L ${from} ${midY} L ${x} ${midY} L ${x} ${targetY}`;
  return { path, x, midY };
}

/**
 * Where along a NIC wire its address sits: `at` (0…1, staggered between neighbouring NICs) of the stretch that keeps
 * the label clear of the server card and of the bus, so no label hides behind a subnet bar; the middle of a wire too
 * short for that.
 */
export function nicLabelY(sourceY: number, targetY: number, at: number): number {
  const dir = Math.sign(targetY - sourceY) || 1;
  const from = sourceY + dir * LABEL_CLEARANCE;
  const to = targetY - dir * LABEL_CLEARANCE;
  if ((to - from) * dir < 0) return (sourceY + targetY) / 2;
  return from + (to - from) * at;
}

/** Where a wire runs: its ends as React Flow computes them from the nodes' declared handles. */
export interface EdgeEnds {
  readonly sourceX: number;
  readonly sourceY: number;
  readonly targetX: number;
  readonly targetY: number;
  readonly sourcePosition: Position;
  readonly targetPosition: Position;
}

/** How an edge is drawn: its path and stroke, and where its label sits. Shared by the edge components and the
 *  overview's single layer (OverviewEdges.tsx), so both draw the same wire. */
export interface EdgeGeometry {
  readonly path: string;
  readonly color: string;
  readonly dash?: string;
  readonly labelX: number;
  readonly labelY: number;
}

export function nicEdgeGeometry(ends: EdgeEnds, data: NicEdgeData): EdgeGeometry {
  const { sourceX, sourceY, targetX, targetY } = ends;
  const from = sourceX + data.offset;
  const { path, x, midY } = busPath(from, sourceY, targetX, targetY, data.busWidth);
  const color = data.purpose === 'nlb' ? DIAGRAM_COLORS.memberEdge : data.purpose === 'mapi' ? SUBNET_COLORS.mapi.stroke : SUBNET_COLORS[data.purpose].stroke;
  const labelY = nicLabelY(sourceY, targetY, data.labelAt);
  const labelX = Math.abs(x - from) < 1 || (labelY - sourceY) * (labelY - midY) <= 0 ? from : x;
  return { path, color, labelX, labelY };
}

export const NicEdge = memo(function NicEdge({ id, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, data, selected }: EdgeProps<Edge<NicEdgeData, 'nic'>>) {
  if (!data) return null;
  const { path, color, labelX, labelY } = nicEdgeGeometry({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition }, data);
  return (
    <>
      <BaseEdge id={id} path={path} style={{ stroke: color, strokeWidth: selected ? 3 : 1.5 }} interactionWidth={14} />
      <EdgeLabel x={labelX} y={labelY} text={data.label} color={color} />
    </>
  );
});

const RELATION_STYLE: Readonly<Record<RelationEdgeData['kind'], { color: string; dash?: string }>> = {
  nlbMember: { color: DIAGRAM_COLORS.memberEdge },
  hlbMember: { color: DIAGRAM_COLORS.hlbEdge },
  casArrayLb: { color: DIAGRAM_COLORS.casArray.stroke, dash: '6 3' },
  dagIp: { color: DIAGRAM_COLORS.dag.stroke, dash: '2 3' },
  dagReplication: { color: SUBNET_COLORS.replication.stroke, dash: '6 3' },
};

export function relationEdgeGeometry(ends: EdgeEnds, data: RelationEdgeData): EdgeGeometry {
  const { sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition } = ends;
  const [path, labelX, labelY] =
    data.busWidth !== undefined
      ? [busPath(sourceX, sourceY, targetX, targetY, data.busWidth).path, sourceX, (sourceY + targetY) / 2]
      : getSmoothStepPath({ sourceX, sourceY, sourcePosition, targetX, targetY, targetPosition, borderRadius: 10 });
  const style = RELATION_STYLE[data.kind];
  return { path, color: style.color, dash: style.dash, labelX, labelY };
}

export const RelationEdge = memo(function RelationEdge({ id, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, data, selected }: EdgeProps<Edge<RelationEdgeData, 'relation'>>) {
  if (!data) return null;
  const { path, color, dash, labelX, labelY } = relationEdgeGeometry({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition }, data);
  return (
    <>
      <BaseEdge id={id} path={path} style={{ stroke: color, strokeWidth: selected ? 3 : 1.5, strokeDasharray: dash }} interactionWidth={14} />
      <EdgeLabel x={labelX} y={labelY} text={data.label} color={color} />
    </>
  );
});

export const EDGE_TYPES = { nic: NicEdge, relation: RelationEdge };
