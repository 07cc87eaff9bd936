// The executor with hand-built runbooks and a scripted transport (a recording stand-in for hosts): scheduling,
// per-step flow, retries, skip/confirm/abort controls, the frozen plan, the journal and progress.
import { mkdtempSync, readFileSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runbookContentHash } from '../../shared/runbook/hash';
import type { Runbook, RunbookStep, StepTarget } from '../../shared/runbook/types';
import {
  Credential,
  ExecutorError,
  JOURNAL_FILE,
  listRuns,
  openRun,
  planRun,
  readJournal,
  readRunSummary,
  summarizeRun,
} from '../../main/executor';
import type { CheckResult, ExecutorEvent, ProgressEvent, RunEvent, ScriptResult, StepInvocation, Transport, WaitForHostRequest, WaitResult } from '../../main/executor';

// ---------------------------------------------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------------------------------------------

const host = (name: string): StepTarget => ({ kind: 'host', serverId: `srv-${name.toLowerCase()}`, serverName: name });
const ems = (name: string): StepTarget => ({ kind: 'ems', serverId: `srv-${name.toLowerCase()}`, serverName: name });
const operator: StepTarget = { kind: 'operator' };

function step(id: string, target: StepTarget, dependsOn: string[] = [], extra: Partial<RunbookStep> = {}): RunbookStep {
  return {
    id,
    phase: 'prerequisites',
    target,
    title: `Step ${id}`,
    action: target.kind === 'operator' ? { kind: 'operator', checklist: [`Do ${id} by hand.`] } : { kind: 'set-service-startup', service: 'Svc', startupType: 'Automatic' },
    script: target.kind === 'operator' ? '' : `Set-Thing -Id '${id}'`,
    check: target.kind === 'operator' ? '' : `Test-Thing -Id '${id}'`,
    restarts: false,
    supportsWhatIf: false,
    dependsOn,
    expectedSeconds: 10,
    notes: [],
    entityIds: [],
    ...extra,
  };
}

function runbook(steps: RunbookStep[]): Runbook {
  return { formatVersion: 1, title: 'Test runbook', organization: 'Contoso', generatedAt: '2026-11-25T00:00:00.000Z', contentHash: runbookContentHash(steps), designRevision: 1, steps };
}

const HOSTS = { EX1: 'ex1.contoso.local', EX2: 'ex2.contoso.local', EX3: 'ex3.contoso.local', EX4: 'ex4.contoso.local' };
const credential = () => new Credential({ userName: 'CONTOSO\\admin', password: 'not-secret-here' });

function sleep(ms: number, signal?: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve(false);
    const t = setTimeout(() => resolve(true), ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(t);
      resolve(false);
    });
  });
}

/** Hosts as a set of finished steps; records what ran, when and how many at once. */
class ScriptedTransport implements Transport {
  readonly kind = 'scripted';
  readonly done = new Set<string>();
  readonly scriptRuns: string[] = [];
  readonly starts: string[] = [];
  readonly intervals: { id: string; host: string; start: number; end: number }[] = [];
  running = 0;
  maxRunning = 0;
  readonly delayMs: Record<string, number> = {};
  readonly failuresLeft: Record<string, number> = {};
  readonly neverDone = new Set<string>();
  readonly hostsDown = new Set<string>();
  constructor(private readonly defaultDelay = 5) {}

  async check(inv: StepInvocation): Promise<CheckResult> {
    return { ok: true, done: this.done.has(inv.step.id) };
  }

  async run(inv: StepInvocation & { whatIf: boolean }): Promise<ScriptResult> {
    const id = inv.step.id;
    this.starts.push(id);
    this.running++;
    this.maxRunning = Math.max(this.maxRunning, this.running);
    const start = performance.now();
    inv.onOutput({ stream: 'output', line: `running ${id} on ${inv.host}` });
    const finished = await sleep(this.delayMs[id] ?? this.defaultDelay, inv.signal);
    this.running--;
    this.intervals.push({ id, host: inv.host, start, end: performance.now() });
    if (!finished) return { ok: false, kind: 'cancelled', error: 'cancelled', failingCommand: '' };
    if ((this.failuresLeft[id] ?? 0) > 0) {
      this.failuresLeft[id]--;
      return { ok: false, kind: 'command-failed', error: `Set-Thing : boom on ${id}`, failingCommand: inv.step.script };
    }
    this.scriptRuns.push(id);
    if (!this.neverDone.has(id)) this.done.add(id);
    return { ok: true };
  }

  async waitForHost(req: WaitForHostRequest): Promise<WaitResult> {
    if (!this.hostsDown.has(req.host)) return { ok: true };
    await sleep(req.timeoutMs, req.signal);
    return { ok: false, kind: 'timeout', error: 'WinRM does not answer', failingCommand: '' };
  }
}

const dirs: string[] = [];
function tempRuns(): string {
  const dir = mkdtempSync(join(tmpdir(), 'extopo-exec-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function collect(executor: { subscribe: (l: (e: ExecutorEvent) => void) => () => void }): ExecutorEvent[] {
  const events: ExecutorEvent[] = [];
  executor.subscribe((e) => events.push(e));
  return events;
}

const journalOf = (runsDir: string, runId: string): RunEvent[] => readJournal(join(runsDir, runId, JOURNAL_FILE)).events as RunEvent[];
const types = (events: readonly { type: string }[]) => events.map((e) => e.type);

// ---------------------------------------------------------------------------------------------------------------
// Scheduling
// ---------------------------------------------------------------------------------------------------------------

describe('scheduling', () => {
  const steps = [
    step('a1', host('EX1')),
    step('a2', host('EX1'), ['a1']),
    step('b1', host('EX2')),
    step('b2', host('EX2'), ['b1']),
    step('c1', host('EX3')),
    step('c2', host('EX3'), ['c1']),
    step('d1', host('EX4')),
    step('e1', ems('EX1'), ['a2']),
    step('e2', ems('EX2'), ['b2']),
    step('e3', ems('EX3'), ['c2']),
  ];

  async function runOnce(maxParallelHosts: number) {
    const transport = new ScriptedTransport(15);
    const runsDir = tempRuns();
    const ex = planRun({ runbook: runbook(steps), hosts: HOSTS, credential: credential(), transport, options: { runsDir, maxParallelHosts } });
    const summary = await ex.start();
    await ex.close();
    return { transport, summary, journal: journalOf(runsDir, ex.runId) };
  }

  it('runs dependencies first, different hosts in parallel up to maxParallelHosts, one step per host, EMS steps one at a time', async () => {
    const { transport, summary, journal } = await runOnce(2);
    expect(summary.status).toBe('succeeded');
    expect(summary.counts.succeeded).toBe(steps.length);
    expect(transport.maxRunning).toBe(2);

    const interval = new Map(transport.intervals.map((i) => [i.id, i]));
    for (const s of steps) for (const dep of s.dependsOn) expect(interval.get(dep)!.end).toBeLessThanOrEqual(interval.get(s.id)!.start);
    const overlaps = (x: { start: number; end: number }, y: { start: number; end: number }) => x.start < y.end && y.start < x.end;
    for (const x of transport.intervals) {
      for (const y of transport.intervals) {
        if (x === y) continue;
        const sameHostLane = x.host === y.host;
        const bothEms = ['e1', 'e2', 'e3'].includes(x.id) && ['e1', 'e2', 'e3'].includes(y.id);
        if (sameHostLane || bothEms) expect(overlaps(x, y), `${x.id} and ${y.id} overlap`).toBe(false);
      }
    }
    // Every event is journaled in order with a growing sequence number.
    expect(journal.map((e) => e.seq)).toEqual(journal.map((_, i) => i + 1));
    expect(types(journal)[0]).toBe('run-planned');
    expect(types(journal).at(-1)).toBe('run-finished');
  });

  it('is deterministic: the same timings give the same order', async () => {
    const first = await runOnce(3);
    const second = await runOnce(3);
    expect(second.transport.starts).toEqual(first.transport.starts);
    expect(first.transport.starts.slice(0, 3)).toEqual(['a1', 'b1', 'c1']);
  });

  it('with one slot runs the steps one by one in runbook order', async () => {
    const { transport } = await runOnce(1);
    expect(transport.maxRunning).toBe(1);
    expect(transport.starts).toEqual(['a1', 'a2', 'b1', 'b2', 'c1', 'c2', 'd1', 'e1', 'e2', 'e3']);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// One step: check, script, verify, timeout, restart
// ---------------------------------------------------------------------------------------------------------------

describe('a step', () => {
  it('is skipped as already done when its check is true, and captures output lines', async () => {
    const transport = new ScriptedTransport();
    transport.done.add('s1');
    const runsDir = tempRuns();
    const ex = planRun({ runbook: runbook([step('s1', host('EX1')), step('s2', host('EX1'), ['s1'])]), hosts: HOSTS, credential: credential(), transport, options: { runsDir } });
    const summary = await ex.start();
    expect(summary.status).toBe('succeeded');
    expect(transport.scriptRuns).toEqual(['s2']);
    const journal = journalOf(runsDir, ex.runId);
    expect(journal.find((e) => e.type === 'step-skipped')).toMatchObject({ stepId: 's1', reason: 'already-done' });
    expect(journal.find((e) => e.type === 'step-output')).toMatchObject({ stepId: 's2', line: 'running s2 on ex1.contoso.local' });
    expect(journal.find((e) => e.type === 'step-started' && e.stepId === 's2')).toMatchObject({ server: 'EX1', host: 'ex1.contoso.local', attempt: 1 });
  });

  it('fails when the check is still false after the script, and stops starting new steps', async () => {
    const transport = new ScriptedTransport();
    transport.neverDone.add('s1');
    const runsDir = tempRuns();
    const steps = [step('s1', host('EX1')), step('s2', host('EX1'), ['s1']), step('x', host('EX2'), ['s1'])];
    const ex = planRun({ runbook: runbook(steps), hosts: HOSTS, credential: credential(), transport, options: { runsDir } });
    const summary = await ex.start();
    expect(summary.status).toBe('failed');
    expect(summary.failedSteps).toEqual([{ stepId: 's1', error: 'the script ran but the check still fails.', failingCommand: '' }]);
    expect(transport.scriptRuns).toEqual(['s1']);
    expect(summary.counts.pending).toBe(2);
    expect(journalOf(runsDir, ex.runId).at(-1)).toMatchObject({ type: 'run-finished', status: 'failed', failedStepIds: ['s1'] });
  });

  it('fails a step that takes longer than the step timeout', async () => {
    const transport = new ScriptedTransport();
    transport.delayMs.slow = 5_000;
    const runsDir = tempRuns();
    const ex = planRun({ runbook: runbook([step('slow', host('EX1'))]), hosts: HOSTS, credential: credential(), transport, options: { runsDir, stepTimeoutMs: 40 } });
    const started = Date.now();
    const summary = await ex.start();
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(summary.failedSteps[0].error).toMatch(/^the script did not finish within 40 ms \(the step timeout\); it may still be running on ex1\.contoso\.local\.$/);
  });

  it('waits for a restarting host and names it and the timeout when it does not come back', async () => {
    const transport = new ScriptedTransport();
    transport.hostsDown.add('ex2.contoso.local');
    const runsDir = tempRuns();
    const steps = [step('r1', host('EX1'), [], { restarts: true }), step('r2', host('EX2'), [], { restarts: true })];
    const ex = planRun({ runbook: runbook(steps), hosts: HOSTS, credential: credential(), transport, options: { runsDir, restartTimeoutMs: 30 } });
    const summary = await ex.start();
    expect(ex.stepStatus('r1')).toBe('succeeded');
    expect(summary.failedSteps).toHaveLength(1);
    expect(summary.failedSteps[0].stepId).toBe('r2');
    expect(summary.failedSteps[0].error).toMatch(/^EX2 \(ex2\.contoso\.local\) did not answer PowerShell remoting within 30 ms after the restart \(the restart timeout\): WinRM does not answer$/);
  });

  it('turns a transport exception into a step failure', async () => {
    const transport = new ScriptedTransport();
    transport.check = async () => {
      throw new Error('socket hang up');
    };
    const runsDir = tempRuns();
    const ex = planRun({ runbook: runbook([step('s1', host('EX1'))]), hosts: HOSTS, credential: credential(), transport, options: { runsDir } });
    const summary = await ex.start();
    expect(summary.failedSteps[0].error).toBe('the check failed: socket hang up');
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Retries, skip, operator steps, abort
// ---------------------------------------------------------------------------------------------------------------

describe('controls', () => {
  it('retries a failing step automatically up to `retries` times, journaling each failure and retry', async () => {
    const transport = new ScriptedTransport();
    transport.failuresLeft.flaky = 2;
    const runsDir = tempRuns();
    const ex = planRun({ runbook: runbook([step('flaky', host('EX1'))]), hosts: HOSTS, credential: credential(), transport, options: { runsDir, retries: 2, retryDelayMs: 5 } });
    const summary = await ex.start();
    expect(summary.status).toBe('succeeded');
    const flow = journalOf(runsDir, ex.runId).filter((e) => 'stepId' in e && e.type !== 'step-output');
    expect(flow.map((e) => (e.type === 'step-failed' ? `failed(${String(e.willRetry)})` : e.type))).toEqual([
      'step-started',
      'failed(true)',
      'step-retried',
      'step-started',
      'failed(true)',
      'step-retried',
      'step-started',
      'step-finished',
    ]);
    expect(flow.find((e) => e.type === 'step-failed')).toMatchObject({ error: 'Set-Thing : boom on flaky', failingCommand: "Set-Thing -Id 'flaky'", attempt: 1 });
    expect(flow.filter((e) => e.type === 'step-retried').map((e) => e.type === 'step-retried' && e.by)).toEqual(['automatic', 'automatic']);
  });

  it('stops at a failure without retries; retry(stepId) then start() continues the run', async () => {
    const transport = new ScriptedTransport();
    transport.failuresLeft.s1 = 1;
    const runsDir = tempRuns();
    const ex = planRun({ runbook: runbook([step('s1', host('EX1')), step('s2', host('EX1'), ['s1'])]), hosts: HOSTS, credential: credential(), transport, options: { runsDir } });
    expect((await ex.start()).status).toBe('failed');
    expect(() => ex.retry('s2')).toThrow(/Step s2 has not failed \(it is pending\)/);
    ex.retry('s1', 'alice');
    const summary = await ex.start();
    expect(summary.status).toBe('succeeded');
    expect(transport.scriptRuns).toEqual(['s1', 's2']);
    const journal = journalOf(runsDir, ex.runId);
    expect(journal.find((e) => e.type === 'step-retried')).toMatchObject({ stepId: 's1', by: 'alice', attempt: 2 });
    expect(journal.find((e) => e.type === 'run-resumed')).toMatchObject({ previousStatus: 'failed' });
  });

  it('skips a step only with an explicit confirmation, journaled with who and why; dependents then run', async () => {
    const transport = new ScriptedTransport();
    transport.failuresLeft.s1 = 5;
    const runsDir = tempRuns();
    const ex = planRun({ runbook: runbook([step('s1', host('EX1')), step('s2', host('EX1'), ['s1'])]), hosts: HOSTS, credential: credential(), transport, options: { runsDir } });
    await ex.start();
    expect(() => ex.skip('s1', {} as never)).toThrow(/Skipping step s1 needs an explicit confirmation \{ confirmed: true, reason \}/);
    expect(() => ex.skip('s1', { confirmed: false, reason: 'x' } as never)).toThrow(/explicit confirmation/);
    expect(() => ex.skip('s1', { confirmed: true, reason: '  ' })).toThrow(/needs a reason/);
    ex.skip('s1', { confirmed: true, reason: 'installed by hand from the console', by: 'bob' });
    const summary = await ex.start();
    expect(summary.status).toBe('succeeded');
    expect(summary.counts).toMatchObject({ skipped: 1, succeeded: 1 });
    expect(journalOf(runsDir, ex.runId).find((e) => e.type === 'step-skipped')).toMatchObject({ stepId: 's1', reason: 'confirmed', by: 'bob', why: 'installed by hand from the console' });
    expect(transport.scriptRuns).toEqual(['s2']);
  });

  it('waits for an operator confirmation; confirm() needs who and marks the step done', async () => {
    const transport = new ScriptedTransport();
    const runsDir = tempRuns();
    const steps = [step('s1', host('EX1')), step('op', operator, ['s1']), step('s2', host('EX2'), ['op'])];
    const ex = planRun({ runbook: runbook(steps), hosts: HOSTS, credential: credential(), transport, options: { runsDir } });
    const events = collect(ex);
    const done = ex.start();
    await new Promise<void>((resolve) => {
      const off = ex.subscribe((e) => {
        if (e.type === 'step-waiting') {
          off();
          resolve();
        }
      });
    });
    expect(ex.summary().status).toBe('waiting');
    expect(() => ex.confirm('s1', { confirmed: true, by: 'x', reason: '' })).toThrow(/not an operator checklist step/);
    expect(() => ex.confirm('op', { confirmed: true, by: '', reason: 'done' })).toThrow(/needs \{ confirmed: true, by, reason \}/);
    ex.confirm('op', { confirmed: true, by: 'carol', reason: 'load balancer configured' });
    const summary = await done;
    expect(summary.status).toBe('succeeded');
    expect(events.find((e) => e.type === 'step-waiting')).toMatchObject({ stepId: 'op', checklist: ['Do op by hand.'] });
    expect(events.find((e) => e.type === 'step-finished' && e.stepId === 'op')).toMatchObject({ outcome: 'confirmed', by: 'carol', reason: 'load balancer configured', auto: false });
  });

  it('auto-confirms operator steps when asked, journaled as automatic', async () => {
    const runsDir = tempRuns();
    const ex = planRun({
      runbook: runbook([step('op', operator)]),
      hosts: HOSTS,
      credential: credential(),
      transport: new ScriptedTransport(),
      options: { runsDir, autoConfirm: { by: 'test harness', reason: 'no people here' } },
    });
    await ex.start();
    expect(journalOf(runsDir, ex.runId).find((e) => e.type === 'step-finished')).toMatchObject({ outcome: 'confirmed', by: 'test harness', reason: 'no people here', auto: true });
  });

  it('abort lets the running steps finish, ends `aborted`, and a resume completes without running anything twice', async () => {
    const transport = new ScriptedTransport(20);
    const runsDir = tempRuns();
    const steps = [step('a', host('EX1')), step('b', host('EX2')), step('c', host('EX1'), ['a']), step('d', host('EX2'), ['b'])];
    const ex = planRun({ runbook: runbook(steps), hosts: HOSTS, credential: credential(), transport, options: { runsDir } });
    ex.subscribe((e) => {
      if (e.type === 'step-started' && e.stepId === 'a') ex.abort('dave');
    });
    const aborted = await ex.start();
    expect(aborted.status).toBe('aborted');
    expect(transport.scriptRuns.sort()).toEqual(['a', 'b']);
    await ex.close();

    const resumed = openRun({ runsDir, runId: ex.runId, credential: credential(), transport, runbook: runbook(steps) });
    expect(resumed.summary().status).toBe('aborted');
    const summary = await resumed.start();
    await resumed.close();
    expect(summary.status).toBe('succeeded');
    expect(transport.scriptRuns.sort()).toEqual(['a', 'b', 'c', 'd']);
    const flow = types(journalOf(runsDir, ex.runId)).filter((t) => t.startsWith('run-'));
    expect(flow).toEqual(['run-planned', 'run-started', 'run-abort-requested', 'run-aborted', 'run-resumed', 'run-finished']);
    expect(journalOf(runsDir, ex.runId).find((e) => e.type === 'run-abort-requested')).toMatchObject({ by: 'dave' });
  });
});

// ---------------------------------------------------------------------------------------------------------------
// The frozen plan
// ---------------------------------------------------------------------------------------------------------------

describe('the frozen plan', () => {
  it('refuses to resume with a runbook whose hash differs', async () => {
    const runsDir = tempRuns();
    const planned = runbook([step('s1', host('EX1'))]);
    const ex = planRun({ runbook: planned, hosts: HOSTS, credential: credential(), transport: new ScriptedTransport(), options: { runsDir } });
    await ex.close();
    const changed = runbook([step('s1', host('EX1'), [], { title: 'Changed' })]);
    let error: unknown;
    try {
      openRun({ runsDir, runId: ex.runId, credential: credential(), transport: new ScriptedTransport(), runbook: changed });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ExecutorError);
    expect((error as ExecutorError).code).toBe('design-changed');
    const a = planned.contentHash.slice(0, 8);
    const b = changed.contentHash.slice(0, 8);
    expect((error as Error).message).toBe(`Cannot resume run ${ex.runId}: the design changed since this run was planned (hash ${a}… vs ${b}…); plan again.`);
    // The same runbook generated again (another generatedAt) is the same plan.
    expect(() => openRun({ runsDir, runId: ex.runId, credential: credential(), transport: new ScriptedTransport(), runbook: { ...planned, generatedAt: 'later' } })).not.toThrow();
  });

  it('executes the runbook frozen in plan.json and refuses a plan.json edited afterwards', async () => {
    const runsDir = tempRuns();
    const ex = planRun({ runbook: runbook([step('s1', host('EX1'))]), hosts: HOSTS, credential: credential(), transport: new ScriptedTransport(), options: { runsDir } });
    await ex.close();
    const path = join(runsDir, ex.runId, 'plan.json');
    const plan = JSON.parse(readFileSync(path, 'utf8'));
    plan.runbook.steps[0].script = 'Remove-Everything';
    writeFileSync(path, JSON.stringify(plan));
    expect(() => openRun({ runsDir, runId: ex.runId, credential: credential(), transport: new ScriptedTransport() })).toThrow(/was modified after the run was planned .*; plan again\./);
  });

  it('refuses a runbook it cannot execute, listing every problem', () => {
    const steps = [step('a', host('EX1'), ['b']), step('b', host('EX9'), ['a']), step('c', host('EX1'), ['nope']), step('c', host('EX1'))];
    const bad = { ...runbook(steps), contentHash: 'f'.repeat(64) };
    let error: ExecutorError | undefined;
    try {
      planRun({ runbook: bad, hosts: HOSTS, credential: credential(), transport: new ScriptedTransport(), options: { runsDir: tempRuns() } });
    } catch (e) {
      error = e as ExecutorError;
    }
    expect(error?.code).toBe('invalid-plan');
    expect(error?.problems).toEqual([
      'step id c is used twice.',
      'step c depends on nope, which is not in the runbook.',
      'the steps a → b → a depend on each other in a cycle.',
      expect.stringMatching(/^the runbook's contentHash \(ffffffff…\) does not match its steps \([0-9a-f]{8}…\): it was edited after it was generated; generate it again\.$/),
      'no real host is given for design server EX9 (used by b): map it to its FQDN or IP address.',
    ]);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Journal, summaries, progress
// ---------------------------------------------------------------------------------------------------------------

describe('journal and progress', () => {
  it('derives the run summary from the journal alone, and lists runs', async () => {
    const runsDir = tempRuns();
    const transport = new ScriptedTransport();
    transport.done.add('s1');
    const steps = [step('s1', host('EX1')), step('s2', host('EX2')), step('s3', host('EX1'), ['s1', 's2'])];
    const ex = planRun({ runbook: runbook(steps), hosts: HOSTS, credential: credential(), transport, options: { runsDir } });
    const live = await ex.start();
    await ex.close();
    const derived = summarizeRun(journalOf(runsDir, ex.runId));
    expect(derived).toEqual(live);
    expect(derived.counts).toMatchObject({ total: 3, succeeded: 2, alreadyDone: 1, failed: 0, pending: 0 });
    expect(derived.steps.map((s) => [s.stepId, s.status])).toEqual([
      ['s1', 'already-done'],
      ['s2', 'succeeded'],
      ['s3', 'succeeded'],
    ]);

    const second = planRun({ runbook: runbook(steps), hosts: HOSTS, credential: credential(), transport, options: { runsDir }, runId: 'zz-planned-only' });
    await second.close();
    const runs = listRuns(runsDir);
    expect(runs.map((r) => [r.runId, r.status])).toEqual([
      ['zz-planned-only', 'planned'],
      [ex.runId, 'succeeded'],
    ]);
  });

  it('repairs a journal whose last line was cut by a crash, and reports the run as interrupted', async () => {
    const runsDir = tempRuns();
    const transport = new ScriptedTransport();
    const steps = [step('s1', host('EX1')), step('s2', host('EX1'), ['s1'])];
    const ex = planRun({ runbook: runbook(steps), hosts: HOSTS, credential: credential(), transport, options: { runsDir } });
    await ex.close();
    const path = join(runsDir, ex.runId, JOURNAL_FILE);
    // A process that started the run and s1, then died while writing the next line.
    const last = journalOf(runsDir, ex.runId).at(-1)!;
    appendFileSync(path, `${JSON.stringify({ ...last, type: 'run-started', seq: 2, pid: 999999, transport: 'scripted' })}\n`);
    appendFileSync(path, `${JSON.stringify({ ...last, type: 'step-started', seq: 3, stepId: 's1', title: 'Step s1', server: 'EX1', host: HOSTS.EX1, attempt: 1, recheck: false })}\n`);
    appendFileSync(path, '{"v":1,"runId":"x","seq":4,"type":"step-fin');
    const read = readJournal(path);
    expect(read.truncatedTail).toBe(true);
    expect(read.events).toHaveLength(3);
    expect(readRunSummary(runsDir, ex.runId).status).toBe('interrupted');

    const resumed = openRun({ runsDir, runId: ex.runId, credential: credential(), transport });
    const summary = await resumed.start();
    await resumed.close();
    expect(summary.status).toBe('succeeded');
    const journal = readJournal(path);
    expect(journal.truncatedTail).toBe(false);
    expect(journal.problems).toEqual([]);
    expect(types(journal.events).slice(3, 6)).toEqual(['run-resumed', 'step-interrupted', 'step-started']);
    expect(journal.events[3]).toMatchObject({ previousStatus: 'interrupted', interruptedStepIds: ['s1'] });
    expect(journal.events[5]).toMatchObject({ stepId: 's1', attempt: 2, recheck: true });
  });

  it('emits progress with done/total and an ETA from the expected durations', async () => {
    const runsDir = tempRuns();
    const steps = [step('s1', host('EX1'), [], { expectedSeconds: 100 }), step('s2', host('EX1'), ['s1'], { expectedSeconds: 300 })];
    const ex = planRun({ runbook: runbook(steps), hosts: HOSTS, credential: credential(), transport: new ScriptedTransport(), options: { runsDir } });
    const events = collect(ex);
    await ex.start();
    const progress = events.filter((e): e is ProgressEvent => e.type === 'progress');
    expect(progress[0]).toMatchObject({ done: 0, total: 2, remainingExpectedSeconds: 400, etaSeconds: null });
    const afterFirst = progress.find((p) => p.done === 1)!;
    expect(afterFirst.remainingExpectedSeconds).toBe(300);
    expect(afterFirst.etaSeconds).toBe(300);
    expect(progress.at(-1)).toMatchObject({ done: 2, total: 2, remainingExpectedSeconds: 0, etaSeconds: 0 });
    // Progress is streamed, never journaled.
    expect(types(journalOf(runsDir, ex.runId))).not.toContain('progress');
  });
});
