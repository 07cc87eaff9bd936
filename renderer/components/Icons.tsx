// Small inline SVG icons. Font glyphs (⛔ and friends) render as empty boxes where the system font lacks them, so the
// severity marks are drawn: a stop sign for an error, a triangle for a warning, a circled "i" for a note.
import { SEVERITY_COLORS } from '../theme';

export type Severity = 'error' | 'warning' | 'info';

const SEVERITY_NAME: Readonly<Record<Severity, string>> = { error: 'Error', warning: 'Warning', info: 'Note' };

/**
 * The severity mark: the shape in `fill` (default: the severity colour) with its inner mark in `knockout` (default
 * white; on a badge of the severity colour, swap them). With `label` false it is decoration (nearby text says it).
 */
export function SeverityIcon({ severity, size = 12, fill = SEVERITY_COLORS[severity], knockout = '#fff', label = true }: { severity: Severity; size?: number; fill?: string; knockout?: string; label?: boolean }) {
  const a11y = label ? { role: 'img', 'aria-label': SEVERITY_NAME[severity] } : { 'aria-hidden': true as const };
  return (
    <svg className={`severity-icon ${severity}`} width={size} height={size} viewBox="0 0 16 16" focusable="false" {...a11y} data-severity-icon={severity}>
      {severity === 'error' ? (
        <>
          <path d="M5 1 H11 L15 5 V11 L11 15 H5 L1 11 V5 Z" fill={fill} />
          <rect x="3.5" y="7" width="9" height="2.2" rx="0.6" fill={knockout} />
        </>
      ) : severity === 'warning' ? (
        <>
          <path d="M8 1.2 L15.2 14.3 H0.8 Z" fill={fill} strokeLinejoin="round" />
          <rect x="7.1" y="5.4" width="1.8" height="4.8" rx="0.5" fill={knockout} />
          <circle cx="8" cy="12.1" r="1" fill={knockout} />
        </>
      ) : (
        <>
          <circle cx="8" cy="8" r="7" fill={fill} />
          <rect x="7.1" y="6.8" width="1.8" height="5.4" rx="0.5" fill={knockout} />
          <circle cx="8" cy="4.6" r="1.05" fill={knockout} />
        </>
      )}
    </svg>
  );
}
