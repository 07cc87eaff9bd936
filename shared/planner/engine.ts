// Runs every rule over a design and assembles the plan: findings (with catalogue severity, HA downgrade),
// the HA verdict per role and the sizing report.
import type { Design } from '../model/types';
import { RULES } from './catalogue';
import type { Severity } from './catalogue';
import { buildContext } from './context';
import type { PlannerContext } from './context';
import { ALL_RULES } from './rules';
import { applyBlockers, haVerdict } from './verdict';
import { sizingReport } from './sizing';
import type { Finding, PlanResult, Rule } from './types';

export function runRules(ctx: PlannerContext, rules: readonly Rule[]): Finding[] {
  // Stable order without a sort: one bucket per severity, each in the catalogue's rule order (rules run in that
  // order), then emission order.
  const buckets: Record<Severity, Finding[]> = { error: [], warning: [], info: [] };
  for (const rule of rules) {
    const meta = RULES[rule.id];
    const haOff = meta.haOnly && !ctx.ha;
    rule.check(ctx, (draft) => {
      const severity: Severity = haOff ? 'info' : (draft.severity ?? meta.severity);
      buckets[severity].push({ ruleId: rule.id, severity, source: meta.source, message: draft.message, hint: draft.hint, entityIds: draft.entityIds });
    });
  }
  return buckets.error.concat(buckets.warning, buckets.info);
}

/** Validates a design: the one entry point used by the CLI, the renderer (on every edit) and the runbook. */
export function planDesign(design: Design): PlanResult {
  const ctx = buildContext(design);
  const sizing = sizingReport(ctx);
  const findings = runRules(ctx, ALL_RULES);
  const counts = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  return { findings, counts, verdict: applyBlockers(ctx, haVerdict(ctx), findings), sizing };
}
