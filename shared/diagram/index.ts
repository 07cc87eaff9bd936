// The topology diagram, framework-free: theme (role colours, shapes), layout, diagram model and SVG renderer.
import type { DesignDocument } from '../model/types';
import type { DiagramOptions } from './model';
import { buildDiagram } from './model';
import type { SvgOptions } from './svg';
import { renderDiagramSvg } from './svg';

export * from './theme';
export type { Point, Rect, Size } from './geometry';
export { autoLayout, gridColumns, resolveLayout } from './layout';
export type { Diagram, DiagramEdge, DiagramEdgeKind, DiagramNode, DiagramOptions } from './model';
export { badgesFromFindings, buildDiagram, connect, everythingInSites, osShortLabel, serverLines, subDiagram } from './model';
export type { PrintArea, PrintDiagram, PrintOptions } from './print';
export { PRINT_MARGIN, PRINT_MIN_SCALE, balancedChunks, edgeLabelRect, edgesThroughBoxes, overlappingLabels, printDiagrams, printScale, printWhole } from './print';
export { renderDrawio } from './drawio';
export type { SvgOptions } from './svg';
export { badgeWidth, diagramSvgSize, escapeXml, renderDiagramSvg } from './svg';

/** Design document → SVG string: the picture the PDF export shows. */
export function designDiagramSvg(document: Pick<DesignDocument, 'design' | 'layout'>, options: DiagramOptions & SvgOptions = {}): string {
  return renderDiagramSvg(buildDiagram(document, options), options);
}
