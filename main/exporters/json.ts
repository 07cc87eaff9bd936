// The runbook as JSON: the Runbook object, pretty-printed with a fixed key order (the order of the Runbook and
// RunbookStep types, then any other key alphabetically), so that the same runbook always gives the same bytes.
import type { Runbook } from '../../shared/runbook/types';

const RUNBOOK_KEYS = ['formatVersion', 'title', 'organization', 'generatedAt', 'contentHash', 'designRevision', 'steps'];
const STEP_KEYS = ['id', 'phase', 'target', 'title', 'action', 'script', 'check', 'restarts', 'supportsWhatIf', 'dependsOn', 'expectedSeconds', 'notes', 'entityIds'];
/** Steps' targets and actions lead with their discriminant. */
const LEADING_KEYS = ['kind'];

function ordered(value: Record<string, unknown>, leading: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of leading) if (k in value) out[k] = value[k];
  for (const k of Object.keys(value).filter((k) => !leading.includes(k)).sort()) out[k] = value[k];
  return out;
}

export function renderJson(runbook: Runbook): string {
  const root = runbook as unknown as Record<string, unknown>;
  return `${JSON.stringify(
    runbook,
    function (this: unknown, key: string, value: unknown) {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
      const obj = value as Record<string, unknown>;
      if (value === root) return ordered(obj, RUNBOOK_KEYS);
      if (Array.isArray(this) && this === root.steps) return ordered(obj, STEP_KEYS);
      return ordered(obj, LEADING_KEYS);
    },
    2,
  )}\n`;
}
