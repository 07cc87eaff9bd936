import type { PlannerContext } from './context';
import type { SizingReport } from './types';

// Placeholder until sizing lands (being written now).
export function sizingReport(_ctx: PlannerContext): SizingReport {
  return { inputs: null, sites: [], servers: [], databases: [], recommendation: null };
}
