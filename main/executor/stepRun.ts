// One step's run: check → already done? skip. Otherwise run the script (dry run: -WhatIf when supported, else
// nothing), wait for the host after a restart, check again (still false = failure). A failure is retried
// automatically up to the `retries` setting, after `retryDelayMs`. Operator steps go to operatorSteps.ts.
import { formatDuration } from '../../shared/runs/status';
import type { OutputLine } from './transport';
import { isCheckOnly, isOperatorStep, serverOf } from './plan';
import { runOperatorStep } from './operatorSteps';
import { bounded } from './timeouts';
import type { StepEnd, StepRunContext, StepRuntime } from './stepRuntime';

/** Runs a step the scheduler started (its status is `running`) until it finishes, fails, waits or is retried. */
export async function runStep(ctx: StepRunContext, rt: StepRuntime): Promise<void> {
  const step = rt.step;
  const recheck = rt.interrupted;
  rt.interrupted = false;
  rt.attempt += 1;
  const server = serverOf(step);
  const host = server === '' ? '' : ctx.hosts[server];
  const started = Date.now();
  ctx.emit({ type: 'step-started', stepId: step.id, title: step.title, server, host, attempt: rt.attempt, recheck });
  ctx.progress();

  if (isOperatorStep(step)) {
    runOperatorStep(ctx, rt, started);
    return;
  }

  let end: StepEnd;
  try {
    end = await executeStep(ctx, rt, host, started);
  } catch (error) {
    end = { ok: false, error: `internal error while running the step: ${ctx.redactor.errorMessage(error)}`, failingCommand: '' };
  }
  if (end.ok) return;
  failOrRetry(ctx, rt, end, started);
}

/** A failed attempt: journaled, then retried automatically while retries are left (and no abort was asked). */
function failOrRetry(ctx: StepRunContext, rt: StepRuntime, end: Extract<StepEnd, { ok: false }>, started: number): void {
  const step = rt.step;
  const durationMs = Date.now() - started;
  const willRetry = !ctx.abortRequested() && rt.autoRetriesUsed < ctx.settings.retries;
  ctx.emit({ type: 'step-failed', stepId: step.id, attempt: rt.attempt, error: end.error, failingCommand: end.failingCommand, durationMs, willRetry });
  if (!willRetry) {
    rt.status = 'failed';
    return;
  }
  rt.autoRetriesUsed += 1;
  ctx.emit({ type: 'step-retried', stepId: step.id, attempt: rt.attempt + 1, by: 'automatic', reason: `automatic retry ${rt.autoRetriesUsed} of ${ctx.settings.retries}` });
  rt.status = 'pending';
  rt.notBefore = Date.now() + ctx.settings.retryDelayMs;
  if (ctx.settings.retryDelayMs > 0) ctx.wakeAfter(ctx.settings.retryDelayMs);
}

/** Check → act → (restart wait) → verify, or the dry run's -WhatIf. Finishes the step when it ends well. */
async function executeStep(ctx: StepRunContext, rt: StepRuntime, host: string, started: number): Promise<StepEnd> {
  const step = rt.step;
  const dry = ctx.settings.dryRun;
  const invocation = (signal: AbortSignal) => ({
    step,
    host,
    attempt: rt.attempt,
    credential: ctx.credential,
    signal,
    onOutput: (line: OutputLine) => ctx.output(step.id, line),
  });
  const stepTimeout = ctx.settings.stepTimeoutMs;
  const finish = (outcome: 'succeeded' | 'passed' | 'would-run', whatIf?: boolean): StepEnd => {
    rt.status = outcome;
    rt.durationMs = Date.now() - started;
    if (outcome === 'would-run') ctx.afterWouldRun.add(step.id);
    ctx.emit({ type: 'step-finished', stepId: step.id, outcome, durationMs: rt.durationMs, ...(whatIf === undefined ? {} : { whatIf }) });
    return { ok: true };
  };

  // In a dry run, steps after one that would run cannot really be checked (an EMS endpoint that setup would
  // create, a cluster that an earlier step would form): their failures are expected, not errors.
  const dependsOnWouldRun = dry && step.dependsOn.some((d) => ctx.afterWouldRun.has(d));
  // Transitively: a step whose check passes now (nothing pending yet) still comes after one that would run.
  if (dependsOnWouldRun) ctx.afterWouldRun.add(step.id);
  const expectedInDryRun = (error: string): StepEnd => {
    ctx.output(step.id, { stream: 'output', line: `Dry run: cannot be checked before the steps it depends on have run (${error})` });
    return finish('would-run', false);
  };

  // 1. The check: already done?
  const before = await bounded(ctx.redactor, 'the check', host, stepTimeout, (signal) => ctx.transport.check(invocation(signal)));
  if (!before.ok) return dependsOnWouldRun ? expectedInDryRun(before.error) : { ok: false, error: before.error, failingCommand: before.failingCommand };
  if (before.done) {
    if (isCheckOnly(step)) return finish('passed');
    rt.status = 'already-done';
    rt.durationMs = Date.now() - started;
    ctx.emit({ type: 'step-skipped', stepId: step.id, reason: 'already-done', durationMs: rt.durationMs });
    return { ok: true };
  }

  // 2. Dry run: nothing changes.
  if (dry) {
    if (isCheckOnly(step)) {
      if (!dependsOnWouldRun) return { ok: false, error: 'the check fails (dry run: the script that explains it was not run).', failingCommand: '' };
      ctx.output(step.id, { stream: 'output', line: 'Dry run: the check fails now because steps before it have not run.' });
      return finish('would-run', false);
    }
    if (!step.supportsWhatIf) {
      ctx.output(step.id, { stream: 'output', line: 'Dry run: the step would run (its commands do not support -WhatIf, so nothing was executed).' });
      return finish('would-run', false);
    }
    const whatIf = await bounded(ctx.redactor, 'the script (-WhatIf)', host, stepTimeout, (signal) => ctx.transport.run({ ...invocation(signal), whatIf: true }));
    if (!whatIf.ok) return dependsOnWouldRun ? expectedInDryRun(whatIf.error) : { ok: false, error: whatIf.error, failingCommand: whatIf.failingCommand };
    return finish('would-run', true);
  }

  // 3. The script.
  const ran = await bounded(ctx.redactor, 'the script', host, stepTimeout, (signal) => ctx.transport.run({ ...invocation(signal), whatIf: false }));
  if (!ran.ok) return { ok: false, error: ran.error, failingCommand: ran.failingCommand };

  // 4. A restarting step: wait until the host answers remoting again.
  if (step.restarts) {
    const timeoutMs = ctx.settings.restartTimeoutMs;
    const waited = await bounded(ctx.redactor, 'waiting for the restart', host, timeoutMs + 1000, (signal) =>
      ctx.transport.waitForHost({ host, credential: ctx.credential, timeoutMs, signal }),
    );
    if (!waited.ok) {
      return {
        ok: false,
        error: `${serverOf(step)} (${host}) did not answer PowerShell remoting within ${formatDuration(timeoutMs)} after the restart (the restart timeout): ${waited.error}`,
        failingCommand: '',
      };
    }
  }

  // 5. Verify.
  const after = await bounded(ctx.redactor, 'the check after the script', host, stepTimeout, (signal) => ctx.transport.check(invocation(signal)));
  if (!after.ok) return { ok: false, error: after.error, failingCommand: after.failingCommand };
  if (!after.done) return { ok: false, error: 'the script ran but the check still fails.', failingCommand: '' };
  return finish(isCheckOnly(step) ? 'passed' : 'succeeded');
}
