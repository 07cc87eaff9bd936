// The planner's sizing report: shared/sizing's method over the planner context, computed once per context (the rules
// in rules/sizing.ts, the engine's PlanResult and the runbook's storage layout read the same figures).
import type { PlannerContext } from './context';
import { buildSizingDetails, plainReport } from '../sizing/report';
import type { SizingDetails } from '../sizing/report';
import type { SizingReport } from '../sizing/types';

export type { SizingDetails } from '../sizing/report';

const details = new WeakMap<PlannerContext, SizingDetails>();
const reports = new WeakMap<PlannerContext, SizingReport>();

/** The full report with its indexes (for the rules), memoised per context. */
export function sizingDetails(ctx: PlannerContext): SizingDetails {
  let d = details.get(ctx);
  if (!d) {
    d = buildSizingDetails(ctx);
    details.set(ctx, d);
  }
  return d;
}

/** The report as the planner returns it (PlanResult.sizing). */
export function sizingReport(ctx: PlannerContext): SizingReport {
  let r = reports.get(ctx);
  if (!r) {
    r = plainReport(sizingDetails(ctx));
    reports.set(ctx, r);
  }
  return r;
}
