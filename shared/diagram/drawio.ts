// The diagram as a draw.io file (uncompressed mxGraph XML): AD sites and DAGs as container cells (children's
// geometry relative to their container), servers, subnets, load balancers and CAS arrays as shapes, edges as
// connectors with source and target and their routed points, edge labels as the connectors' values. Same layout and
// colours as the PDF (the print layout).
import type { Diagram, DiagramEdge, DiagramNode } from './model';
import { escapeXml } from './svg';
import { DIAGRAM_COLORS, ROLE_COLORS, SUBNET_COLORS } from './theme';

function num(v: number): string {
  return String(Math.round(v * 10) / 10);
}

function style(entries: Record<string, string | number>): string {
  return `${Object.entries(entries).map(([k, v]) => `${k}=${v}`).join(';')};`;
}

function nodeStyle(n: DiagramNode): string {
  const base = { whiteSpace: 'wrap', html: 1, fontFamily: 'DejaVu Sans', fontSize: 11 };
  switch (n.kind) {
    case 'site':
      return style({ ...base, rounded: 1, arcSize: 3, dashed: 1, fillColor: DIAGRAM_COLORS.site.fill, strokeColor: DIAGRAM_COLORS.site.stroke, verticalAlign: 'top', align: 'left', spacingLeft: 10, fontStyle: 1, fontSize: 14, fontColor: DIAGRAM_COLORS.mutedText, container: 1, collapsible: 0 });
    case 'dag':
      return style({ ...base, rounded: 1, arcSize: 4, fillColor: DIAGRAM_COLORS.dag.fill, strokeColor: DIAGRAM_COLORS.dag.stroke, verticalAlign: 'top', align: 'left', spacingLeft: 10, fontStyle: 1, fontSize: 13, fontColor: DIAGRAM_COLORS.dag.stroke, container: 1, collapsible: 0 });
    case 'subnet': {
      const c = SUBNET_COLORS[n.purpose ?? 'mapi'] ?? SUBNET_COLORS.mapi;
      return style({ ...base, rounded: 1, arcSize: 50, fillColor: c.fill, strokeColor: c.stroke, strokeWidth: 2.5, align: 'left', spacingLeft: 16, fontStyle: 1, fontSize: 13, fontColor: c.stroke });
    }
    case 'server':
      return style({ ...base, rounded: 1, arcSize: 8, fillColor: n.existing ? DIAGRAM_COLORS.server.existingFill : DIAGRAM_COLORS.server.fill, strokeColor: n.roles[0] ? ROLE_COLORS[n.roles[0]] : DIAGRAM_COLORS.server.stroke, dashed: n.existing ? 1 : 0, verticalAlign: 'top', align: 'left', spacingLeft: 8 });
    case 'nlb':
    case 'hlb': {
      const c = n.kind === 'hlb' ? DIAGRAM_COLORS.hlb : DIAGRAM_COLORS.nlb;
      return style({ ...base, shape: 'hexagon', perimeter: 'hexagonPerimeter2', size: 0.1, fillColor: c.fill, strokeColor: c.stroke, fontColor: c.stroke });
    }
    case 'casArray':
      return style({ ...base, shape: 'ext', double: 1, rounded: 0, fillColor: DIAGRAM_COLORS.casArray.fill, strokeColor: DIAGRAM_COLORS.casArray.stroke, fontColor: DIAGRAM_COLORS.casArray.stroke });
  }
}

/** The label of a shape, as draw.io's HTML labels take it (escaped once more by the XML attribute). */
function nodeLabel(n: DiagramNode): string {
  const esc = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  if (n.kind === 'subnet') return `${esc(n.title)}  (${esc(n.lines.join(', '))})`;
  if (n.kind === 'site' || (n.kind === 'dag' && !n.collapsed)) return [esc(n.title), ...n.lines.map(esc)].join(' · ');
  const roles = n.roles.length > 0 ? `<br>${n.roles.map((r) => `<span style="background:${ROLE_COLORS[r]};color:#fff;padding:0 3px">${r}</span>`).join(' ')}` : '';
  return `<b>${esc(n.title)}</b>${roles}${n.lines.map((l) => `<br><font color="${DIAGRAM_COLORS.mutedText}">${esc(l)}</font>`).join('')}`;
}

function edgeStyle(e: DiagramEdge): string {
  return style({ edgeStyle: 'orthogonalEdgeStyle', rounded: 0, html: 1, endArrow: 'none', strokeColor: e.color, strokeWidth: e.kind === 'nic' ? 1.6 : 1.4, dashed: e.dashed ? 1 : 0, fontSize: 10, fontFamily: 'DejaVu Sans', labelBackgroundColor: '#ffffff', labelBorderColor: e.color });
}

/** A draw.io document (one page, uncompressed) of a diagram; `name` is the page's name. */
export function renderDrawio(diagram: Diagram, name = 'Topology'): string {
  const ids = new Set(diagram.nodes.map((n) => n.id));
  const byId = new Map(diagram.nodes.map((n) => [n.id, n]));
  // A node's container: its group in the diagram when that group is drawn (a collapsed DAG holds nothing).
  const containerOf = (n: DiagramNode): DiagramNode | null => {
    const p = n.parent ? byId.get(n.parent) : undefined;
    return p && (p.kind === 'site' || (p.kind === 'dag' && !p.collapsed)) ? p : null;
  };
  const cellId = (id: string) => `n-${id}`;
  const cells: string[] = ['<mxCell id="0"/>', '<mxCell id="1" parent="0"/>'];
  // Containers before their children (draw.io wants parents first): groups, then the rest, as the diagram orders them.
  const order = [...diagram.nodes].sort((a, b) => depth(a) - depth(b));
  for (const n of order) {
    const c = containerOf(n);
    const parent = c ? cellId(c.id) : '1';
    const x = n.x - (c ? c.x : 0);
    const y = n.y - (c ? c.y : 0);
    cells.push(
      `<mxCell id="${escapeXml(cellId(n.id))}" value="${escapeXml(nodeLabel(n))}" style="${escapeXml(nodeStyle(n))}" vertex="1" parent="${escapeXml(parent)}"><mxGeometry x="${num(x)}" y="${num(y)}" width="${num(n.width)}" height="${num(n.height)}" as="geometry"/></mxCell>`,
    );
  }
  for (const e of diagram.edges) {
    if (!ids.has(e.from) || !ids.has(e.to)) continue;
    const inner = e.points.slice(1, -1).map((p) => `<mxPoint x="${num(p.x)}" y="${num(p.y)}"/>`).join('');
    const first = e.points[0];
    const last = e.points[e.points.length - 1];
    cells.push(
      `<mxCell id="${escapeXml(`e-${e.id}`)}" value="${escapeXml(e.label)}" style="${escapeXml(edgeStyle(e))}" edge="1" parent="1" source="${escapeXml(cellId(e.from))}" target="${escapeXml(cellId(e.to))}"><mxGeometry relative="1" as="geometry">` +
        (first ? `<mxPoint x="${num(first.x)}" y="${num(first.y)}" as="sourcePoint"/>` : '') +
        (last ? `<mxPoint x="${num(last.x)}" y="${num(last.y)}" as="targetPoint"/>` : '') +
        (inner ? `<Array as="points">${inner}</Array>` : '') +
        '</mxGeometry></mxCell>',
    );
  }
  const b = diagram.bounds;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<mxfile host="ExTopo" type="device">',
    `<diagram id="extopo-topology" name="${escapeXml(name)}">`,
    `<mxGraphModel dx="${num(b.width)}" dy="${num(b.height)}" grid="1" gridSize="10" guides="1" tooltips="1" connect="1" arrows="1" fold="1" page="0" pageScale="1" math="0" shadow="0">`,
    '<root>',
    ...cells,
    '</root>',
    '</mxGraphModel>',
    '</diagram>',
    '</mxfile>',
    '',
  ].join('\n');
}

function depth(n: DiagramNode): number {
  return n.kind === 'site' ? 0 : n.kind === 'dag' ? 1 : 2;
}
