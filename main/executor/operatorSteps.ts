// Operator checklist steps: a person does them. The executor shows the checklist and waits for a confirmation
// (or confirms by itself with autoConfirm; a dry run only says it would wait), and tells the transport when one
// is done (a rehearsal applies what the person did).
import type { RunbookStep } from '../../shared/runbook/types';
import type { StepRunContext, StepRuntime } from './stepRuntime';
import type { Transport } from './transport';

/** Shows an operator step's checklist, then waits for its confirmation (or finishes it in a dry run, or with autoConfirm). */
export function runOperatorStep(ctx: StepRunContext, rt: StepRuntime, started: number): void {
  const step = rt.step;
  const checklist = step.action.kind === 'operator' ? step.action.checklist : [];
  for (const item of checklist) ctx.output(step.id, { stream: 'output', line: item });
  if (ctx.settings.dryRun) {
    rt.status = 'would-run';
    ctx.afterWouldRun.add(step.id);
    ctx.emit({ type: 'step-finished', stepId: step.id, outcome: 'would-run', durationMs: Date.now() - started, whatIf: false });
    return;
  }
  const auto = ctx.settings.autoConfirm;
  if (auto) {
    rt.status = 'confirmed';
    operatorDone(ctx.transport, step);
    ctx.emit({ type: 'step-finished', stepId: step.id, outcome: 'confirmed', durationMs: Date.now() - started, by: auto.by, reason: auto.reason, auto: true });
    return;
  }
  rt.status = 'waiting';
  ctx.emit({ type: 'step-waiting', stepId: step.id, checklist });
}

/** Tells the transport an operator step is done (a rehearsal applies what the person did). */
export function operatorDone(transport: Transport, step: RunbookStep): void {
  try {
    transport.operatorConfirmed?.(step);
  } catch {
    // A rehearsal's bookkeeping must not break the run; the checks after the step tell the truth.
  }
}
