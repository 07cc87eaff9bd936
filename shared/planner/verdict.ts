import type { PlannerContext } from './context';
import type { HaVerdict } from './types';

// Placeholder until the verdict lands (being written now).
export function haVerdict(_ctx: PlannerContext): HaVerdict {
  const none = { highlyAvailable: false, reasons: [], entityIds: [] };
  return { CAS: none, HT: none, MB: none };
}
