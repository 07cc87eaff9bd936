// Kill points of a rehearsal's run folder: a real child process plans a rehearsal and is SIGKILLed at each point of
// the folder's creation (main/executor/runFolder.ts) and once the first steps ran. Before the folder is published
// nothing ran and no run exists (a new rehearsal plans cleanly, the same run id is free, the leftovers are removed);
// from the moment it is published the run is complete — plan.json, the journal and lab.json — and resumes to a green
// end with no step run twice. (The old order wrote lab.json last: a kill before it left "lab.json is missing".)
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { generateRunbook } from '../../shared/runbook/generate';
import { CREATION_POINTS, Credential, JOURNAL_FILE, PLAN_FILE, STAGING_PREFIX, listRuns, openRun, planRun, readJournal, readRunSummary } from '../../main/executor';
import type { CreationPoint, RunEvent } from '../../main/executor';
import { LAB_FILE, LabTransport, LabWorld } from '../../main/lab';
import type { LabState } from '../../main/lab';
import { loadExample } from '../fixtures/designs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CHILD = join('test', 'fixtures', 'executor-child.ts');
const WAIT_LIMIT_MS = 25_000;

const cleanup: (() => void)[] = [];
afterEach(() => {
  for (const f of cleanup.splice(0)) f();
});

function tempRunsDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'extopo-killpoints-'));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function startChild(runsDir: string, runId: string, env: Record<string, string> = {}, faults: readonly string[] = []): { child: ChildProcess; stdout: () => string } {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, runsDir, runId, 'seed-lab', ...faults], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.on('exit', (code) => {
    if (code !== null && code !== 0) process.stderr.write(`executor-child exited ${code}: ${stderr}\n`);
  });
  cleanup.push(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  return { child, stdout: () => stdout };
}

async function killWhen(child: ChildProcess, ready: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + WAIT_LIMIT_MS;
  while (!ready()) {
    if (child.exitCode !== null) throw new Error(`the child ended (exit ${child.exitCode}) before ${what}`);
    if (Date.now() > deadline) throw new Error(`the child did not reach ${what} within ${WAIT_LIMIT_MS} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

function seedRunbook() {
  const generated = generateRunbook(loadExample('seed-lab'));
  if (!generated.ok) throw new Error(generated.message);
  return generated.runbook;
}

/** Resumes the run in this process against its saved lab world; every step must end green, none may run twice. */
async function resumeToGreen(runsDir: string, runId: string): Promise<LabState> {
  const world = LabWorld.load(join(runsDir, runId, LAB_FILE));
  world.attachTo(join(runsDir, runId, LAB_FILE));
  const executor = openRun({ runsDir, runId, runbook: seedRunbook(), credential: new Credential({ userName: 'LAB\\parent', password: '' }), transport: new LabTransport(world) });
  const summary = await executor.start();
  await executor.close();
  expect(summary.status).toBe('succeeded');
  expect(summary.counts.failed + summary.counts.pending).toBe(0);
  const counts = new Map<string, number>();
  for (const e of world.state.executions) counts.set(e.stepId, (counts.get(e.stepId) ?? 0) + 1);
  for (const [stepId, n] of counts) expect(n, stepId).toBe(1);
  return world.state;
}

const BEFORE_PUBLISH = CREATION_POINTS.filter((p) => p !== 'published');

describe('killing a rehearsal while its run folder is created', () => {
  it.each(BEFORE_PUBLISH)('at %s: no run exists and nothing ran; the next rehearsal plans cleanly and removes the leftovers', async (point: CreationPoint) => {
    const runsDir = tempRunsDir();
    const runId = `kill-${point}`;
    const { child, stdout } = startChild(runsDir, runId, { EXTOPO_CHILD_STOP_AT: point });
    await killWhen(child, () => stdout().includes(`stopped at ${point}`), point);

    // Only the hidden staging folder is left: no run folder, nothing listed, nothing to resume.
    const left = readdirSync(runsDir);
    expect(left).toHaveLength(1);
    expect(left[0].startsWith(STAGING_PREFIX)).toBe(true);
    expect(existsSync(join(runsDir, runId))).toBe(false);
    expect(listRuns(runsDir)).toEqual([]);
    expect(() => openRun({ runsDir, runId, credential: new Credential({ userName: 'x', password: '' }), transport: new LabTransport(LabWorld.create(loadExample('seed-lab').design)) })).toThrow(
      /plan\.json is missing/,
    );

    // Planning again (the same id is free) removes the dead process's staging folder and runs to a green end.
    const world = LabWorld.create(loadExample('seed-lab').design);
    const executor = planRun({
      runbook: seedRunbook(),
      hosts: Object.fromEntries(loadExample('seed-lab').design.servers.map((s) => [s.name, s.fqdn])),
      credential: new Credential({ userName: 'LAB\\parent', password: '' }),
      transport: new LabTransport(world),
      options: { runsDir, autoConfirm: { by: 'kill test', reason: 'kill test' } },
      runId,
      files: { [LAB_FILE]: world.toText() },
    });
    world.attachTo(join(executor.dir, LAB_FILE));
    expect(readdirSync(runsDir)).toEqual([runId]);
    const summary = await executor.start();
    await executor.close();
    expect(summary.status).toBe('succeeded');
    expect(new Set(world.state.executions.map((e) => e.stepId)).size).toBe(world.state.executions.length);
  });

  it('at published (before the run started): the run is complete and resumes to a green end', async () => {
    const runsDir = tempRunsDir();
    const runId = 'kill-published';
    const { child, stdout } = startChild(runsDir, runId, { EXTOPO_CHILD_STOP_AT: 'published' });
    await killWhen(child, () => stdout().includes('stopped at published'), 'published');

    expect(readdirSync(runsDir)).toEqual([runId]);
    expect(readdirSync(join(runsDir, runId)).sort()).toEqual([JOURNAL_FILE, LAB_FILE, PLAN_FILE].sort());
    expect(readRunSummary(runsDir, runId).status).toBe('planned');
    expect(listRuns(runsDir).map((r) => r.runId)).toEqual([runId]);
    const lab = await resumeToGreen(runsDir, runId);
    expect(lab.executions.length).toBeGreaterThan(0);
    const events = readJournal(join(runsDir, runId, JOURNAL_FILE)).events as RunEvent[];
    expect(events.filter((e) => e.type.startsWith('run-')).map((e) => e.type)).toEqual(['run-planned', 'run-started', 'run-finished']);
  });

  it('once the first steps ran: the run resumes where it stopped, and no step runs twice', async () => {
    const runsDir = tempRunsDir();
    const runId = 'kill-running';
    const { child } = startChild(runsDir, runId, {}, ['slow:EX3:400']);
    const journal = join(runsDir, runId, JOURNAL_FILE);
    const finishedSteps = () => (existsSync(journal) ? (readJournal(journal).events as RunEvent[]).filter((e) => e.type === 'step-finished').length : 0);
    await killWhen(child, () => finishedSteps() >= 2, 'two finished steps');

    expect(readRunSummary(runsDir, runId).status).toBe('interrupted');
    const before = JSON.parse(readFileSync(join(runsDir, runId, LAB_FILE), 'utf8')) as LabState;
    const lab = await resumeToGreen(runsDir, runId);
    // What ran before the kill is kept, and was not run again.
    for (const e of before.executions) expect(lab.executions.filter((x) => x.stepId === e.stepId)).toHaveLength(1);
  });
});
