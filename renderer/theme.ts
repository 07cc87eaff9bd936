// Colours and shapes of the canvas: the diagram's theme (shared/diagram/theme), so that the palette, the canvas
// and the PDF export show the same picture.
export { CARD, DIAGRAM_COLORS, ROLE_BADGE_TEXT, ROLE_COLORS, ROLE_ORDER, ROLE_TITLES, SEVERITY_COLORS, SHAPES, SUBNET_COLORS, lozengePath, textWidth } from '../shared/diagram/theme';
