// Renders a Diagram to a standalone SVG string (plain shapes, paths and text: what pdfmake's SVG support and every
// browser draw the same way). No CSS, no dominant-baseline: baselines are computed here.
import type { Role } from '../model/types';
import type { Diagram, DiagramEdge, DiagramNode } from './model';
import {
  CARD,
  DIAGRAM_COLORS,
  DIAGRAM_FONT_FAMILY,
  ROLE_BADGE_TEXT,
  ROLE_COLORS,
  ROLE_ORDER,
  ROLE_TITLES,
  SEVERITY_COLORS,
  SHAPES,
  SUBNET_COLORS,
  fitFontSize,
  fitLabel,
  lozengePath,
  textWidth,
} from './theme';

export interface SvgOptions {
  /** Margin around the drawing, in diagram units. */
  readonly margin?: number;
  /** Draw the role colour legend under the diagram. */
  readonly legend?: boolean;
}

export const EDGE_LABEL_SIZE = 10;
const BOX_TITLE_SIZE = 12;
const BOX_TITLE_MIN_SIZE = 9.5;
const LEGEND_HEIGHT = 44;
const LEGEND_ROW = 24;

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c);
}

function n(v: number): string {
  return String(Math.round(v * 10) / 10);
}

function text(x: number, y: number, content: string, size: number, opts: { bold?: boolean; color?: string; anchor?: 'start' | 'middle' | 'end' } = {}): string {
  const weight = opts.bold ? ' font-weight="bold"' : '';
  const anchor = opts.anchor && opts.anchor !== 'start' ? ` text-anchor="${opts.anchor}"` : '';
  // font-family is set once on the root group (inherited): it keeps the SVG small and quick to render.
  return `<text x="${n(x)}" y="${n(y)}" font-size="${size}"${weight}${anchor} fill="${opts.color ?? DIAGRAM_COLORS.text}">${escapeXml(content)}</text>`;
}

/** Width of a role badge for its label. */
export function badgeWidth(role: Role): number {
  return Math.ceil(textWidth(role, CARD.badgeTextSize, true) + 2 * CARD.badgePadding);
}

function roleBadge(x: number, y: number, role: Role): string {
  const w = badgeWidth(role);
  return (
    `<rect x="${n(x)}" y="${n(y)}" width="${w}" height="${CARD.badgeHeight}" rx="3" fill="${ROLE_COLORS[role]}"/>` +
    text(x + w / 2, y + CARD.badgeHeight / 2 + CARD.badgeTextSize * 0.36, role, CARD.badgeTextSize, { bold: true, color: ROLE_BADGE_TEXT, anchor: 'middle' })
  );
}

function findingBadge(node: DiagramNode): string {
  if (!node.badge) return '';
  const cx = node.x + node.width - 2;
  const cy = node.y + 2;
  return (
    `<circle cx="${n(cx)}" cy="${n(cy)}" r="8" fill="${SEVERITY_COLORS[node.badge]}" stroke="#ffffff" stroke-width="1.5"/>` +
    text(cx, cy + 4, '!', 11, { bold: true, color: '#ffffff', anchor: 'middle' })
  );
}

/** A group's frame (site or DAG); its title is drawn later, above the edges (see groupLabel). */
function groupNode(node: DiagramNode): string {
  const site = node.kind === 'site';
  const colors = site ? DIAGRAM_COLORS.site : DIAGRAM_COLORS.dag;
  const shape = site ? SHAPES.site : SHAPES.dag;
  const dash = shape.dash ? ` stroke-dasharray="${shape.dash}"` : '';
  return `<rect x="${n(node.x)}" y="${n(node.y)}" width="${n(node.width)}" height="${n(node.height)}" rx="${shape.radius}" fill="${colors.fill}" stroke="${colors.stroke}" stroke-width="${site ? 1.2 : 1.6}"${dash}/>`;
}

/** A group's title line on a patch of the group's fill, so that NIC lines crossing the header pass under it. */
function groupLabel(node: DiagramNode): string {
  const site = node.kind === 'site';
  const colors = site ? DIAGRAM_COLORS.site : DIAGRAM_COLORS.dag;
  const titleSize = site ? 14 : 13;
  const inner = node.width - 24;
  const title = fitLabel(node.title, inner, titleSize, true);
  const titleWidth = textWidth(title, titleSize, true);
  if (node.collapsed) {
    // A DAG drawn as one box (print overviews): its lines under the title.
    return (
      text(node.x + 12, node.y + 22, title, titleSize, { bold: true, color: colors.stroke }) +
      node.lines.map((l, i) => text(node.x + 12, node.y + 40 + i * 14, fitLabel(l, inner, 11), 11, { color: DIAGRAM_COLORS.mutedText })).join('') +
      findingBadge(node)
    );
  }
  const rest = node.lines.length > 0 ? fitLabel(node.lines.join(' · '), inner - titleWidth - 12, 11) : '';
  const shownRest = rest && rest !== '…' ? rest : '';
  const width = titleWidth + (shownRest ? 12 + textWidth(shownRest, 11) : 0) + 8;
  return (
    `<rect x="${n(node.x + 8)}" y="${n(node.y + 8)}" width="${n(width)}" height="${n(titleSize + 6)}" fill="${colors.fill}"/>` +
    text(node.x + 12, node.y + 22, title, titleSize, { bold: true, color: site ? DIAGRAM_COLORS.mutedText : colors.stroke }) +
    (shownRest ? text(node.x + 12 + titleWidth + 12, node.y + 22, shownRest, 11, { color: DIAGRAM_COLORS.mutedText }) : '') +
    findingBadge(node)
  );
}

function busNode(node: DiagramNode): string {
  const colors = SUBNET_COLORS[node.purpose ?? 'mapi'];
  const r = Math.min(SHAPES.subnet.radius, node.height / 2);
  const size = Math.min(13, node.height * 0.4);
  const label = fitLabel(`${node.title}  (${node.lines.join(', ')})`, node.width - 2 * r, size, true);
  return (
    `<rect x="${n(node.x)}" y="${n(node.y)}" width="${n(node.width)}" height="${n(node.height)}" rx="${n(r)}" fill="${colors.fill}" stroke="${colors.stroke}" stroke-width="2.5"/>` +
    text(node.x + r, node.y + node.height / 2 + size * 0.36, label, size, { bold: true, color: colors.stroke }) +
    findingBadge(node)
  );
}

function serverNode(node: DiagramNode): string {
  const c = DIAGRAM_COLORS.server;
  const inner = node.width - 2 * CARD.padding;
  let out = `<rect x="${n(node.x)}" y="${n(node.y)}" width="${n(node.width)}" height="${n(node.height)}" rx="${SHAPES.server.radius}" fill="${node.existing ? c.existingFill : c.fill}" stroke="${node.roles[0] ? ROLE_COLORS[node.roles[0]] : c.stroke}" stroke-width="1.5"${node.existing ? ' stroke-dasharray="5 3"' : ''}/>`;
  out += text(node.x + CARD.padding, node.y + CARD.padding + CARD.titleSize, fitLabel(node.title, inner, CARD.titleSize, true), CARD.titleSize, { bold: true });
  let bx = node.x + CARD.padding;
  const by = node.y + CARD.padding + CARD.titleSize + 8;
  for (const role of node.roles) {
    if (bx + badgeWidth(role) > node.x + node.width - CARD.padding) break;
    out += roleBadge(bx, by, role);
    bx += badgeWidth(role) + CARD.badgeGap;
  }
  let ly = by + CARD.badgeHeight + CARD.textSize + 6;
  for (const line of node.lines) {
    if (ly > node.y + node.height - 4) break;
    out += text(node.x + CARD.padding, ly, fitLabel(line, inner, CARD.textSize), CARD.textSize, { color: DIAGRAM_COLORS.mutedText });
    ly += CARD.textSize + 3;
  }
  return out + findingBadge(node);
}

/** Title of a load balancer or CAS array: shrunk a little before it is shortened (FQDNs are long). */
function boxTitle(cx: number, y: number, title: string, inner: number, color: string): string {
  const size = fitFontSize(title, inner, BOX_TITLE_SIZE, BOX_TITLE_MIN_SIZE, true);
  return text(cx, y, fitLabel(title, inner, size, true), size, { bold: true, anchor: 'middle', color });
}

function lozengeNode(node: DiagramNode): string {
  const colors = node.kind === 'hlb' ? DIAGRAM_COLORS.hlb : DIAGRAM_COLORS.nlb;
  const tip = Math.min(node.height / 2, node.width / 4);
  // The hexagon narrows toward its tips: text on the upper line may use the width at a third of the tip.
  const inner = node.width - 2 * tip * 0.6;
  const cx = node.x + node.width / 2;
  return (
    `<path transform="translate(${n(node.x)} ${n(node.y)})" d="${lozengePath(node.width, node.height)}" fill="${colors.fill}" stroke="${colors.stroke}" stroke-width="1.6"/>` +
    boxTitle(cx, node.y + node.height / 2 - 3, node.title, inner, colors.stroke) +
    text(cx, node.y + node.height / 2 + 13, fitLabel(node.lines.join(' · '), inner, 11), 11, { anchor: 'middle' }) +
    findingBadge(node)
  );
}

function tagNode(node: DiagramNode): string {
  const colors = DIAGRAM_COLORS.casArray;
  const r = SHAPES.casArray.radius;
  const inner = node.width - 20;
  const cx = node.x + node.width / 2;
  return (
    `<rect x="${n(node.x)}" y="${n(node.y)}" width="${n(node.width)}" height="${n(node.height)}" rx="${r}" fill="${colors.fill}" stroke="${colors.stroke}" stroke-width="1.4"/>` +
    `<rect x="${n(node.x + 3)}" y="${n(node.y + 3)}" width="${n(node.width - 6)}" height="${n(node.height - 6)}" rx="${r}" fill="none" stroke="${colors.stroke}" stroke-width="0.8"/>` +
    boxTitle(cx, node.y + node.height / 2 - 3, node.title, inner, colors.stroke) +
    text(cx, node.y + node.height / 2 + 13, fitLabel(node.lines.join(' · '), inner, 11), 11, { anchor: 'middle' }) +
    findingBadge(node)
  );
}

function nodeSvg(node: DiagramNode): string {
  switch (node.kind) {
    case 'site':
    case 'dag':
      return groupNode(node);
    case 'subnet':
      return busNode(node);
    case 'server':
      return serverNode(node);
    case 'nlb':
    case 'hlb':
      return lozengeNode(node);
    case 'casArray':
      return tagNode(node);
  }
}

function edgeSvg(edge: DiagramEdge): string {
  const d = edge.points.map((p, i) => `${i === 0 ? 'M' : 'L'} ${n(p.x)} ${n(p.y)}`).join(' ');
  const dash = edge.dashed ? ' stroke-dasharray="6 4"' : '';
  const width = edge.kind === 'nic' ? 1.6 : 1.4;
  return `<path d="${d}" fill="none" stroke="${edge.color}" stroke-width="${width}"${dash}/>`;
}

function edgeLabelSvg(edge: DiagramEdge): string {
  if (!edge.label) return '';
  const w = textWidth(edge.label, EDGE_LABEL_SIZE) + 8;
  const h = EDGE_LABEL_SIZE + 6;
  return (
    `<rect x="${n(edge.labelAt.x - w / 2)}" y="${n(edge.labelAt.y - h / 2)}" width="${n(w)}" height="${n(h)}" rx="3" fill="${DIAGRAM_COLORS.labelBackground}" stroke="${edge.color}" stroke-width="0.6"/>` +
    text(edge.labelAt.x, edge.labelAt.y + EDGE_LABEL_SIZE * 0.36, edge.label, EDGE_LABEL_SIZE, { anchor: 'middle', color: DIAGRAM_COLORS.text })
  );
}

const LEGEND_PURPOSES = ['mapi', 'replication', 'management'] as const;

function roleLegendWidth(): number {
  let w = 0;
  for (const role of ROLE_ORDER) w += badgeWidth(role) + 6 + textWidth(ROLE_TITLES[role], 11) + 18;
  return w;
}

function subnetLegendWidth(): number {
  let w = 0;
  for (const purpose of LEGEND_PURPOSES) w += 34 + textWidth(`${SUBNET_COLORS[purpose].label} subnet`, 11) + 18;
  return w;
}

/** The legend in one row, or two (roles, then subnets) under a drawing narrower than one row. */
function legendRows(drawingWidth: number): 1 | 2 {
  return roleLegendWidth() + subnetLegendWidth() <= drawingWidth ? 1 : 2;
}

function legendSvg(x: number, y: number, rows: 1 | 2): string {
  let out = '';
  let lx = x;
  for (const role of ROLE_ORDER) {
    out += roleBadge(lx, y, role);
    lx += badgeWidth(role) + 6;
    out += text(lx, y + CARD.badgeHeight / 2 + 4, ROLE_TITLES[role], 11, { color: DIAGRAM_COLORS.mutedText });
    lx += textWidth(ROLE_TITLES[role], 11) + 18;
  }
  if (rows === 2) {
    lx = x;
    y += LEGEND_ROW;
  }
  for (const purpose of LEGEND_PURPOSES) {
    const c = SUBNET_COLORS[purpose];
    out += `<rect x="${n(lx)}" y="${n(y + 3)}" width="28" height="10" rx="5" fill="${c.fill}" stroke="${c.stroke}" stroke-width="2"/>`;
    lx += 34;
    out += text(lx, y + CARD.badgeHeight / 2 + 4, `${c.label} subnet`, 11, { color: DIAGRAM_COLORS.mutedText });
    lx += textWidth(`${c.label} subnet`, 11) + 18;
  }
  return out;
}

/** Natural width of the legend, so the drawing is never narrower than it. */
function legendWidth(drawingWidth: number): number {
  return legendRows(drawingWidth) === 1 ? roleLegendWidth() + subnetLegendWidth() : Math.max(roleLegendWidth(), subnetLegendWidth());
}

/** Size of the SVG document renderDiagramSvg makes of a diagram (diagram units). */
export function diagramSvgSize(diagram: Pick<Diagram, 'bounds'>, options: SvgOptions = {}): { width: number; height: number } {
  const margin = options.margin ?? 24;
  const legend = options.legend ?? true;
  const b = diagram.bounds;
  const extra = legend ? LEGEND_HEIGHT + (legendRows(b.width) === 2 ? LEGEND_ROW : 0) : 0;
  return { width: Math.max(b.width + 2 * margin, legend ? legendWidth(b.width) + 2 * margin : 0, 1), height: b.height + 2 * margin + extra };
}

/** The diagram as a standalone SVG document (width/height in diagram units, viewBox on the drawing's bounds). */
export function renderDiagramSvg(diagram: Diagram, options: SvgOptions = {}): string {
  const margin = options.margin ?? 24;
  const legend = options.legend ?? true;
  const b = diagram.bounds;
  const x0 = b.x - margin;
  const y0 = b.y - margin;
  const { width, height } = diagramSvgSize(diagram, options);
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${n(width)}" height="${n(height)}" viewBox="${n(x0)} ${n(y0)} ${n(width)} ${n(height)}">`);
  parts.push(`<g font-family="${DIAGRAM_FONT_FAMILY}">`);
  parts.push(`<rect x="${n(x0)}" y="${n(y0)}" width="${n(width)}" height="${n(height)}" fill="${DIAGRAM_COLORS.background}"/>`);
  const groups = diagram.nodes.filter((x) => x.kind === 'site' || x.kind === 'dag');
  const buses = diagram.nodes.filter((x) => x.kind === 'subnet');
  const boxes = diagram.nodes.filter((x) => x.kind !== 'site' && x.kind !== 'dag' && x.kind !== 'subnet');
  for (const node of groups) parts.push(nodeSvg(node));
  for (const edge of diagram.edges) parts.push(edgeSvg(edge));
  for (const node of groups) parts.push(groupLabel(node));
  for (const node of buses) parts.push(nodeSvg(node));
  for (const node of boxes) parts.push(nodeSvg(node));
  for (const edge of diagram.edges) parts.push(edgeLabelSvg(edge));
  if (legend) parts.push(legendSvg(b.x, b.y + b.height + margin + 8, legendRows(b.width)));
  parts.push('</g>', '</svg>');
  return parts.join('\n');
}
