// The kill test: a real child process rehearses a design with a slow host against a lab world on disk; it is
// SIGKILLed in the middle of a step; the run is then resumed in this process. No script may run twice, the run
// must complete, and the journal must tell what happened (started, interrupted step re-checked, resumed, finished).
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { generateRunbook } from '../../shared/runbook/generate';
import { Credential, JOURNAL_FILE, isCheckOnly, openRun, readJournal, readRunSummary } from '../../main/executor';
import type { RunEvent } from '../../main/executor';
import { LabTransport, LabWorld } from '../../main/lab';
import type { LabState } from '../../main/lab';
import { loadExample } from '../fixtures/designs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CHILD = join('test', 'fixtures', 'executor-child.ts');
const SLOW_HOST = 'EX3';
/** Each script on EX3 takes this long: half before its effect, half after. */
const SLOW_MS = 900;
const WAIT_LIMIT_MS = 25_000;

const cleanup: (() => void)[] = [];
afterEach(() => {
  for (const f of cleanup.splice(0)) f();
});

function startChild(runsDir: string, runId: string): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, runsDir, runId, 'seed-lab', `slow:${SLOW_HOST}:${SLOW_MS}`], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.on('exit', (code) => {
    if (code !== null && code !== 0) process.stderr.write(`executor-child exited ${code}: ${stderr}\n`);
  });
  cleanup.push(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  return child;
}

interface Observation {
  readonly events: readonly RunEvent[];
  readonly lab: LabState | null;
}

function observe(runDir: string): Observation {
  const journalPath = join(runDir, JOURNAL_FILE);
  const labPath = join(runDir, 'lab.json');
  const events = existsSync(journalPath) ? (readJournal(journalPath).events as RunEvent[]) : [];
  let lab: LabState | null = null;
  try {
    lab = existsSync(labPath) ? (JSON.parse(readFileSync(labPath, 'utf8')) as LabState) : null;
  } catch {
    lab = null;
  }
  return { events, lab };
}

/** Steps of the slow host that started and have not ended, in the journal. */
function openSlowSteps(events: readonly RunEvent[]): string[] {
  const open = new Set<string>();
  for (const e of events) {
    if (e.type === 'step-started' && e.server === SLOW_HOST) open.add(e.stepId);
    if ((e.type === 'step-finished' || e.type === 'step-skipped' || e.type === 'step-failed') && open.has(e.stepId)) open.delete(e.stepId);
  }
  return [...open];
}

const ended = (events: readonly RunEvent[]) => events.filter((e) => e.type === 'step-finished' || e.type === 'step-skipped').length;

/** Polls the run folder until `pick` returns a step id, then SIGKILLs the child; returns that step id. */
async function killWhen(child: ChildProcess, runDir: string, pick: (o: Observation) => string | undefined): Promise<{ stepId: string; atKill: Observation }> {
  const deadline = Date.now() + WAIT_LIMIT_MS;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the child ended (exit ${child.exitCode}) before the kill point`);
    const o = observe(runDir);
    const stepId = pick(o);
    if (stepId) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
      return { stepId, atKill: observe(runDir) };
    }
    if (Date.now() > deadline) throw new Error(`no kill point within ${WAIT_LIMIT_MS} ms; journal has ${o.events.length} events`);
    await new Promise((r) => setTimeout(r, 15));
  }
}

async function resume(runsDir: string, runId: string) {
  const doc = loadExample('seed-lab');
  const generated = generateRunbook(doc);
  if (!generated.ok) throw new Error(generated.message);
  const world = LabWorld.load(join(runsDir, runId, 'lab.json'));
  world.setFaults([]); // the slow host got faster: the same world, no delay
  const executor = openRun({ runsDir, runId, runbook: generated.runbook, credential: new Credential({ userName: 'LAB\\parent', password: '' }), transport: new LabTransport(world) });
  const summary = await executor.start();
  await executor.close();
  return { summary, world, runbook: generated.runbook };
}

function executionsByStep(lab: LabState): Map<string, number> {
  const counts = new Map<string, number>();
  for (const e of lab.executions) counts.set(e.stepId, (counts.get(e.stepId) ?? 0) + 1);
  return counts;
}

describe('killing the executor mid-run', () => {
  it('after a step changed the world but before it was journaled: the resume re-checks it and skips it as done', async () => {
    const runsDir = mkdtempSync(join(tmpdir(), 'extopo-kill-'));
    cleanup.push(() => rmSync(runsDir, { recursive: true, force: true }));
    const runId = 'kill-after-effect';
    const runDir = join(runsDir, runId);
    const child = startChild(runsDir, runId);

    const { stepId: killed, atKill } = await killWhen(child, runDir, ({ events, lab }) => {
      if (!lab || ended(events) < 3) return undefined;
      const applied = new Set(lab.executions.map((e) => e.stepId));
      return openSlowSteps(events).find((id) => applied.has(id));
    });

    // What the dead process left: the step started, its effect is in the world, its end is not in the journal.
    expect(atKill.events.some((e) => e.type === 'step-started' && e.stepId === killed)).toBe(true);
    expect(atKill.events.some((e) => (e.type === 'step-finished' || e.type === 'step-skipped') && e.stepId === killed)).toBe(false);
    expect(readRunSummary(runsDir, runId).status).toBe('interrupted');
    const killedAt = atKill.events.length;

    const { summary, world, runbook } = await resume(runsDir, runId);
    expect(summary.status).toBe('succeeded');
    expect(summary.counts.failed + summary.counts.pending).toBe(0);

    // No script ran twice: one execution at most per step, and every step that needed its script has exactly one.
    const counts = executionsByStep(world.state);
    for (const [stepId, n] of counts) expect(n, stepId).toBe(1);
    expect(world.state.executions.every((e) => e.ok)).toBe(true);
    expect(counts.get(killed), `the killed step ${killed}`).toBe(1);
    const journal = readJournal(join(runDir, JOURNAL_FILE));
    const events = journal.events as RunEvent[];
    const ran = new Set(events.filter((e) => e.type === 'step-finished' && e.outcome === 'succeeded').map((e) => (e as { stepId: string }).stepId));
    expect([...counts.keys()].sort()).toEqual([...new Set([...ran, killed])].sort());
    expect(runbook.steps.length).toBe(summary.counts.total);

    // The journal tells the story.
    expect(journal.problems).toEqual([]);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    const after = events.slice(killedAt);
    expect(after[0]).toMatchObject({ type: 'run-resumed', previousStatus: 'interrupted' });
    expect((after[0] as Extract<RunEvent, { type: 'run-resumed' }>).interruptedStepIds).toContain(killed);
    const story = after.filter((e) => 'stepId' in e && e.stepId === killed && e.type !== 'step-output').map((e) => e.type);
    expect(story).toEqual(['step-interrupted', 'step-started', 'step-skipped']);
    expect(after.find((e) => e.type === 'step-started' && e.stepId === killed)).toMatchObject({ recheck: true, attempt: 2 });
    expect(after.find((e) => e.type === 'step-skipped' && e.stepId === killed)).toMatchObject({ reason: 'already-done' });
    expect(events.filter((e) => e.type.startsWith('run-')).map((e) => e.type)).toEqual(['run-planned', 'run-started', 'run-resumed', 'run-finished']);
    expect(events.at(-1)).toMatchObject({ type: 'run-finished', status: 'succeeded' });
  });

  it('before the step changed anything: the resume re-checks it and runs it once', async () => {
    const runsDir = mkdtempSync(join(tmpdir(), 'extopo-kill-'));
    cleanup.push(() => rmSync(runsDir, { recursive: true, force: true }));
    const runId = 'kill-before-effect';
    const runDir = join(runsDir, runId);
    const child = startChild(runsDir, runId);
    const generated = generateRunbook(loadExample('seed-lab'));
    if (!generated.ok) throw new Error(generated.message);
    // Check-only steps and restart-if-pending steps with nothing pending never apply anything: not the step to kill.
    const checkOnly = new Set(generated.runbook.steps.filter((s) => isCheckOnly(s) || s.action.kind === 'restart-if-pending').map((s) => s.id));

    const { stepId: killed, atKill } = await killWhen(child, runDir, ({ events, lab }) => {
      if (!lab || ended(events) < 3) return undefined;
      const applied = new Set(lab.executions.map((e) => e.stepId));
      const now = Date.now();
      return openSlowSteps(events).find((id) => {
        const started = events.find((e) => e.type === 'step-started' && e.stepId === id);
        // Well inside the first half of the script's delay: nothing applied yet.
        return !checkOnly.has(id) && !applied.has(id) && started !== undefined && now - Date.parse(started.at) > 60 && now - Date.parse(started.at) < SLOW_MS / 2 - 150;
      });
    });
    const labAtKill = atKill.lab as LabState;
    expect(labAtKill.executions.some((e) => e.stepId === killed)).toBe(false);
    const killedAt = atKill.events.length;

    const { summary, world } = await resume(runsDir, runId);
    expect(summary.status).toBe('succeeded');
    const counts = executionsByStep(world.state);
    for (const [stepId, n] of counts) expect(n, stepId).toBe(1);
    expect(counts.get(killed), `the killed step ${killed}`).toBe(1);

    const after = (readJournal(join(runDir, JOURNAL_FILE)).events as RunEvent[]).slice(killedAt);
    const story = after.filter((e) => 'stepId' in e && e.stepId === killed && e.type !== 'step-output').map((e) => e.type);
    expect(story).toEqual(['step-interrupted', 'step-started', 'step-finished']);
    expect(after.find((e) => e.type === 'step-finished' && e.stepId === killed)).toMatchObject({ outcome: 'succeeded' });
  });
});
