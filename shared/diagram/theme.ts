// The diagram's visual vocabulary: one colour per Exchange role and one shape per kind of design object, shared by
// the canvas (renderer), the palette and the PDF export so that an admin sees the same picture everywhere.
import type { NetworkPurpose, Role } from '../model/types';
import type { Severity } from '../planner/catalogue';

/** One colour per role: role badges on server cards, palette items, legend, PDF. White text reads on each. */
export const ROLE_COLORS: Readonly<Record<Role, string>> = {
  CAS: '#1f6feb',
  HT: '#8250df',
  MB: '#1a7f37',
  UM: '#9a6700',
  Edge: '#0a7f8c',
};

/** Text colour on a role badge. */
export const ROLE_BADGE_TEXT = '#ffffff';

/** Role names in the admin's words (legend, tooltips): the planner's, so the picture and the findings agree. */
export { ROLE_LABELS as ROLE_TITLES } from '../planner/text';

/** Badge order on a card: the order setup installs them in and the admin reads them in. */
export const ROLE_ORDER: readonly Role[] = ['CAS', 'HT', 'MB', 'UM', 'Edge'];

/** Stroke and fill of a subnet bus by its purpose. */
export const SUBNET_COLORS: Readonly<Record<NetworkPurpose, { readonly stroke: string; readonly fill: string; readonly label: string }>> = {
  mapi: { stroke: '#0969da', fill: '#ddf4ff', label: 'client/MAPI' },
  replication: { stroke: '#bc4c00', fill: '#fff1e5', label: 'replication' },
  management: { stroke: '#6e7781', fill: '#f6f8fa', label: 'management' },
  client: { stroke: '#1a7f37', fill: '#dafbe1', label: 'clients' },
  perimeter: { stroke: '#8250df', fill: '#fbefff', label: 'perimeter (DMZ)' },
};

/** Finding badges on nodes (and severity marks in lists). */
export const SEVERITY_COLORS: Readonly<Record<Severity, string>> = {
  error: '#cf222e',
  warning: '#d97706',
  info: '#57606a',
};

/** Colours of everything that is not a role or a subnet. */
export const DIAGRAM_COLORS = {
  background: '#ffffff',
  text: '#1f2328',
  mutedText: '#57606a',
  site: { stroke: '#8c959f', fill: '#fbfbfc' },
  dag: { stroke: '#1a7f37', fill: '#f0faf2' },
  server: { stroke: '#8c959f', fill: '#ffffff', existingFill: '#f6f8fa' },
  nlb: { stroke: '#1f6feb', fill: '#eef4ff' },
  hlb: { stroke: '#6639ba', fill: '#f4f0ff' },
  casArray: { stroke: '#1f6feb', fill: '#ffffff' },
  memberEdge: '#1f6feb',
  hlbEdge: '#6639ba',
  witnessEdge: '#1a7f37',
  labelBackground: '#ffffff',
} as const;

/** The font the diagram's text asks for (the PDF embeds DejaVu Sans; browsers fall back to their sans-serif). */
export const DIAGRAM_FONT_FAMILY = 'DejaVuSans, DejaVu Sans, Segoe UI, Arial, sans-serif';

/**
 * One shape per kind of object, with the default size of nodes whose layout has none (servers, load balancers and
 * CAS arrays; groups and subnets carry their own width/height in the design's layout).
 * - card: a rounded rectangle with a title line and role badges (servers).
 * - bus: a long, thin rounded bar labelled with its CIDR (subnets); servers connect to it with NIC edges.
 * - group: a dashed (site) or solid (DAG) rounded frame holding its members, label at the top left.
 * - lozenge: a horizontal hexagon labelled with the VIP (NLB clusters, hardware load balancers).
 * - tag: a rectangle with a double border (CAS arrays).
 */
export const SHAPES = {
  server: { shape: 'card', width: 200, height: 84, radius: 8 },
  subnet: { shape: 'bus', width: 600, height: 40, radius: 20 },
  site: { shape: 'group', width: 800, height: 500, radius: 12, dash: '8 5' },
  dag: { shape: 'group', width: 480, height: 200, radius: 10, dash: '' },
  nlb: { shape: 'lozenge', width: 260, height: 56, radius: 0 },
  hlb: { shape: 'lozenge', width: 260, height: 56, radius: 0 },
  casArray: { shape: 'tag', width: 260, height: 48, radius: 4 },
} as const;

export type DiagramNodeKind = keyof typeof SHAPES;

/** Sizes inside a server card (badges, text lines), shared so that canvas cards and PDF cards match. */
export const CARD = {
  padding: 10,
  titleSize: 14,
  textSize: 10,
  badgeHeight: 16,
  badgeGap: 4,
  badgeTextSize: 9,
  /** Width of one badge character plus padding, used to size badges without measuring text. */
  badgePadding: 6,
} as const;

/** The outline of a lozenge (horizontal hexagon) of the given size at the origin, as an SVG path. */
export function lozengePath(width: number, height: number): string {
  const tip = Math.min(height / 2, width / 4);
  const r = (n: number) => Math.round(n * 100) / 100;
  return `M ${r(tip)} 0 L ${r(width - tip)} 0 L ${r(width)} ${r(height / 2)} L ${r(width - tip)} ${r(height)} L ${r(tip)} ${r(height)} L 0 ${r(height / 2)} Z`;
}

// Advance widths of DejaVu Sans (regular and bold) for ASCII 32–126, in thousandths of an em: labels are fitted
// to their boxes the same way in the PDF and in any browser that has the font, without a text-measuring API.
// prettier-ignore
const SANS_WIDTHS = [318,401,460,838,636,950,780,275,390,390,500,838,318,361,318,337,636,636,636,636,636,636,636,636,636,636,337,337,838,838,838,531,1000,684,686,698,770,632,575,775,752,295,295,656,557,863,748,787,603,787,695,635,611,732,684,989,685,611,685,390,337,390,838,500,500,613,635,550,635,615,352,635,634,278,278,579,278,974,634,612,635,635,411,521,392,634,592,818,592,592,525,636,337,636,838];
// prettier-ignore
const SANS_BOLD_WIDTHS = [348,456,521,838,696,1002,872,306,457,457,523,838,380,415,380,365,696,696,696,696,696,696,696,696,696,696,400,400,838,838,838,580,1000,774,762,734,830,683,683,821,837,372,372,775,637,995,837,850,733,850,770,720,682,812,774,1103,771,724,725,457,365,457,838,500,500,675,716,593,716,678,435,716,712,343,343,665,343,1042,712,687,716,716,493,595,478,712,652,924,645,652,582,712,365,712,838];
/** Advance of characters outside the table (accented letters, Cyrillic, symbols): a wide-ish average. */
const OTHER_WIDTH = 700;
const MIDDLE_DOT = 0xb7;
const ELLIPSIS = 0x2026;

/** Average advance of a DejaVu Sans glyph in ems (rough sizing where the text is not known yet). */
export const AVERAGE_CHAR_EM = 0.6;

/** Width of a text in DejaVu Sans at a font size (in the same unit as the size). */
export function textWidth(text: string, fontSize: number, bold = false): number {
  const table = bold ? SANS_BOLD_WIDTHS : SANS_WIDTHS;
  let total = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0) ?? 0;
    if (c >= 32 && c < 127) total += table[c - 32];
    else if (c === MIDDLE_DOT) total += bold ? 380 : 318;
    else if (c === ELLIPSIS) total += 1000;
    else total += OTHER_WIDTH;
  }
  return (total * fontSize) / 1000;
}

/** The largest font size from `size` down to `minSize` (in 0.5 steps) at which the text fits; else `minSize`. */
export function fitFontSize(text: string, maxWidth: number, size: number, minSize: number, bold = false): number {
  let s = size;
  while (s > minSize && textWidth(text, s, bold) > maxWidth) s -= 0.5;
  return Math.max(s, minSize);
}

/** Cuts a label to fit a width at a font size, ending it with an ellipsis when it was cut. */
export function fitLabel(text: string, maxWidth: number, fontSize: number, bold = false): string {
  if (textWidth(text, fontSize, bold) <= maxWidth) return text;
  const chars = [...text];
  let lo = 0;
  let hi = chars.length;
  while (lo < hi) {
    const m = Math.ceil((lo + hi) / 2);
    if (textWidth(`${chars.slice(0, m).join('')}…`, fontSize, bold) <= maxWidth) lo = m;
    else hi = m - 1;
  }
  return lo === 0 ? '…' : `${chars.slice(0, lo).join('').trimEnd()}…`;
}
