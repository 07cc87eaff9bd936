// Full rehearsals of the example designs with the real runbook generator, the executor and the lab; injected
// faults; dry runs; and the `extopo rehearse` command (output, exit codes, resume, frozen plan, interruption).
import '../setup/data-dir';
import { copyFileSync, cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { generateRunbook } from '../../shared/runbook/generate';
import type { Runbook } from '../../shared/runbook/types';
import type { DesignDocument } from '../../shared/model/types';
import { Credential, JOURNAL_FILE, isCheckOnly, planRun, readJournal } from '../../main/executor';
import type { ExecutorEvent, RunEvent } from '../../main/executor';
import { LabTransport, LabWorld, evaluateCheck } from '../../main/lab';
import type { LabState } from '../../main/lab';
import { rehearseCommand } from '../../main/cli/commands/rehearse';
import { defaultRunsDir } from '../../main/services/dataDir';
import type { CliIo } from '../../main/cli/command';
import { loadExample } from '../fixtures/designs';
import type { ExampleName } from '../fixtures/designs';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'extopo-rehearsal-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function runbookOf(name: ExampleName | DesignDocument): { runbook: Runbook; doc: DesignDocument } {
  const doc = typeof name === 'string' ? loadExample(name) : name;
  const generated = generateRunbook(doc);
  if (!generated.ok) throw new Error(generated.message);
  return { runbook: generated.runbook, doc };
}

async function rehearse(name: ExampleName | DesignDocument, world: LabWorld, runsDir: string, options: { dryRun?: boolean } = {}) {
  const { runbook, doc } = runbookOf(name);
  const ex = planRun({
    runbook,
    hosts: Object.fromEntries(doc.design.servers.map((s) => [s.name, s.fqdn])),
    credential: new Credential({ userName: 'LAB\\test', password: '' }),
    transport: new LabTransport(world),
    options: { runsDir, dryRun: options.dryRun ?? false, autoConfirm: { by: 'test', reason: 'lab' } },
  });
  const events: ExecutorEvent[] = [];
  ex.subscribe((e) => events.push(e));
  const summary = await ex.start();
  await ex.close();
  return { summary, events, runbook };
}

describe.each(['seed-lab', 'minimal-ha', 'multi-role-hlb'] as const)('a full rehearsal of %s', (name) => {
  it('ends with every check green, and a second run finds everything already done', async () => {
    const world = LabWorld.create(loadExample(name).design);
    const runsDir = tempDir();
    const first = await rehearse(name, world, runsDir);
    expect(first.summary.failedSteps).toEqual([]);
    expect(first.summary.status).toBe('succeeded');
    expect(first.summary.counts.succeeded).toBeGreaterThan(10);

    // Every step's check reads green in the final world.
    for (const step of first.runbook.steps) {
      if (step.target.kind === 'operator') continue;
      const host = world.host(step.target.serverName)!;
      expect(evaluateCheck({ world, step, host }), step.id).toEqual({ done: true, problems: [] });
    }
    const executions = world.state.executions.length;
    expect(executions).toBe(first.summary.counts.succeeded);

    const second = await rehearse(name, world, runsDir);
    expect(second.summary.status).toBe('succeeded');
    expect(world.state.executions.length).toBe(executions);
    for (const s of second.summary.steps) {
      const step = first.runbook.steps.find((x) => x.id === s.stepId)!;
      const expected = step.target.kind === 'operator' ? 'confirmed' : isCheckOnly(step) ? 'passed' : 'already-done';
      expect(s.status, s.stepId).toBe(expected);
    }
  });
});

describe('a DAG witness on a file server of the design', () => {
  it('gets Exchange Trusted Subsystem after /PrepareAD created it, while the executor runs hosts in parallel, and the rehearsal ends green', async () => {
    const doc = loadExample('multi-role-hlb');
    const exa = doc.design.servers[0];
    doc.design.servers.push({
      ...structuredClone(exa),
      id: 'srv-fs1',
      name: 'FS1',
      fqdn: `fs1.${doc.design.organization.adDomain}`,
      roles: [],
      nics: [{ ...structuredClone(exa.nics[0]), id: 'nic-fs1', ipv4: exa.nics[0].ipv4.replace(/\.\d+$/, '.200') }],
    });
    doc.design.dags[0].witnessServerId = 'srv-fs1';
    doc.design.dags[0].witnessHost = '';
    const world = LabWorld.create(doc.design);
    const { summary, events } = await rehearse(doc, world, tempDir());
    expect(summary.failedSteps).toEqual([]);
    expect(summary.status).toBe('succeeded');
    const finished = events.filter((e) => e.type === 'step-finished').map((e) => (e.type === 'step-finished' ? e.stepId : ''));
    expect(finished.indexOf('dag.witness.dag-1')).toBeGreaterThan(finished.indexOf('setup.prepare-ad'));
    expect(world.host('FS1')?.localAdministrators).toContain('Exchange Trusted Subsystem');
  });
});

describe('a dry run', () => {
  it('runs checks and -WhatIf only: the lab does not change, and it says what would run', async () => {
    const world = LabWorld.create(loadExample('minimal-ha').design);
    const before = JSON.stringify(world.state);
    const { summary, events } = await rehearse('minimal-ha', world, tempDir(), { dryRun: true });
    expect(JSON.stringify(world.state)).toBe(before);
    expect(summary.status).toBe('succeeded');
    expect(summary.counts).toMatchObject({ succeeded: 0, failed: 0 });
    // The four preflights pass; the checks of steps with nothing to do yet pass too (no restart pending, existing
    // state); every other step would run.
    expect(summary.counts.wouldRun + summary.counts.alreadyDone).toBe(summary.counts.total - 4);
    expect(summary.counts.wouldRun).toBeGreaterThan(summary.counts.total / 2);
    const whatIf = events.filter((e): e is Extract<RunEvent, { type: 'step-output' }> => e.type === 'step-output' && e.stream === 'whatif');
    expect(whatIf.map((e) => e.stepId)).toContain('prereq.features.srv-mb1');
    // The DAG step runs on CAS1's Exchange Management Shell, which only exists once setup has run.
    const dagLines = events.filter((e) => e.type === 'step-output' && e.stepId === 'dag.create.dag-1').map((e) => (e.type === 'step-output' ? e.line : ''));
    expect(dagLines).toEqual([expect.stringMatching(/^Dry run: cannot be checked before the steps it depends on have run \(Connecting to remote server cas1\.contoso\.local failed .*Microsoft\.Exchange session configuration/)]);
    expect(events.some((e) => e.type === 'step-finished' && e.stepId === 'setup.exchange.srv-mb1' && e.outcome === 'would-run' && e.whatIf === true)).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// extopo rehearse
// ---------------------------------------------------------------------------------------------------------------

interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function cli(args: readonly string[], cwd: string, interrupted?: Promise<void>): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd, interrupted };
  const code = await rehearseCommand.run(args, io);
  return { code, stdout, stderr };
}

function runIdOf(out: string): string {
  const id = /\(run ([A-Za-z0-9_.-]+)/.exec(out)?.[1];
  if (!id) throw new Error(`no run id in:\n${out}`);
  return id;
}

// Runs go to the data folder ($EXTOPO_DATA_DIR, a temporary folder per test file: test/setup/data-dir.ts).
function journalOf(_cwd: string, runId: string): RunEvent[] {
  return readJournal(join(defaultRunsDir(), runId, JOURNAL_FILE)).events as RunEvent[];
}

function labOf(_cwd: string, runId: string): LabState {
  return JSON.parse(readFileSync(join(defaultRunsDir(), runId, 'lab.json'), 'utf8')) as LabState;
}

/** A copy of an example in a fresh working directory. */
function workspace(name: ExampleName): { cwd: string; file: string } {
  const cwd = tempDir();
  copyFileSync(new URL(`../../examples/${name}.extopo.json`, import.meta.url), join(cwd, 'design.extopo.json'));
  return { cwd, file: 'design.extopo.json' };
}

describe('extopo rehearse', () => {
  it('prints each step as it ends and exits 0 when every check is green', async () => {
    const { cwd, file } = workspace('seed-lab');
    const r = await cli([file], cwd);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Rehearsing design\.extopo\.json: 48 steps on 3 servers \(run [0-9]{8}-[0-9]{6}-[0-9a-f]{6}\)\n/);
    expect(r.stdout).toMatch(/\n {2}ok +\d+ ms {2}setup\.exchange\.srv-ex3 {2}Install Exchange 2010 on EX3 \(roles ca,ht,mt\) {2}\[EX3\]\n/);
    expect(r.stdout).toMatch(/\n {2}check passed +\d+ ms {2}preflight\.srv-ex2 /);
    expect(r.stdout).toMatch(/\n {2}auto-confirmed +\d+ ms {2}casarray\.outlook-profiles\.casarray-default /);
    expect(r.stdout).toMatch(/\nResult: every check is green\. 48 steps: 27 ran, 4 already done, 12 checks passed, 5 confirmed\.\n/);
    const runId = runIdOf(r.stdout);
    const journal = journalOf(cwd, runId);
    expect(journal.find((e) => e.type === 'step-finished' && e.outcome === 'confirmed')).toMatchObject({ by: 'extopo rehearse (auto-confirm)', auto: true });
    // The run folder is in the data folder, said at the start and the end; nothing is written where the command runs.
    const folder = join(defaultRunsDir(), runId);
    expect(r.stdout).toContain(`\nRun folder: ${folder}\n`);
    expect(r.stdout).toContain(`\nRun ${runId}: ${folder}\n`);
    expect(readdirSync(cwd)).toEqual([file]);
    expect(readdirSync(folder).sort()).toEqual(['design.json', 'journal.jsonl', 'lab.json', 'plan.json']);
    expect(JSON.parse(readFileSync(join(folder, 'design.json'), 'utf8'))).toMatchObject({ path: join(cwd, file), documentId: null, title: 'Seed lab: CAS array with Windows NLB' });
  });

  it('keeps runs where --runs-dir says, and refuses to resume a run with another design file', async () => {
    const { cwd, file } = workspace('seed-lab');
    const first = await cli([file, '--fault', 'fail:setup.exchange.srv-ex3:1', '--runs-dir', 'my-runs'], cwd);
    expect(first.code).toBe(1);
    const runId = runIdOf(first.stdout);
    expect(existsSync(join(cwd, 'my-runs', runId, 'lab.json'))).toBe(true);
    expect(first.stdout).toContain(`Fix the cause, then resume: extopo rehearse ${file} --resume ${runId} --runs-dir my-runs`);
    // A copy of the same design is another design: its runbook is the same, the run is not its.
    copyFileSync(join(cwd, file), join(cwd, 'copy.extopo.json'));
    const other = await cli(['copy.extopo.json', '--resume', runId, '--runs-dir', 'my-runs'], cwd);
    expect(other.code).toBe(2);
    expect(other.stderr).toBe(
      `extopo rehearse: Cannot resume run ${runId}: it belongs to the design "Seed lab: CAS array with Windows NLB" (${join(cwd, file)}) (revision 1), not to the open design ` +
        `"Seed lab: CAS array with Windows NLB" (${join(cwd, 'copy.extopo.json')}). Its steps would change the servers of that design, even where they share names with this one. ` +
        'Open that design to continue this run, or plan a new run of this design.\n',
    );
    const same = await cli([file, '--resume', runId, '--runs-dir', 'my-runs'], cwd);
    expect(same.code).toBe(0);
  });

  it('points to the old runs folder, and resumes a run made before runs recorded their design (adopting the file)', async () => {
    const { cwd, file } = workspace('seed-lab');
    const first = await cli([file, '--fault', 'fail:setup.exchange.srv-ex3:1'], cwd);
    const runId = runIdOf(first.stdout);
    // As an older ExTopo left it: in .extopo/runs of the current folder, without design.json.
    cpSync(join(defaultRunsDir(), runId), join(cwd, '.extopo', 'runs', runId), { recursive: true });
    rmSync(join(defaultRunsDir(), runId), { recursive: true });
    rmSync(join(cwd, '.extopo', 'runs', runId, 'design.json'));
    const missing = await cli([file, '--resume', runId], cwd);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`no rehearsal run ${runId} in ${defaultRunsDir()}. It is in .extopo/runs, where runs were kept before: add --runs-dir .extopo/runs.`);
    const resumed = await cli([file, '--resume', runId, '--runs-dir', '.extopo/runs'], cwd);
    expect(resumed.code).toBe(0);
    expect(JSON.parse(readFileSync(join(cwd, '.extopo', 'runs', runId, 'design.json'), 'utf8'))).toMatchObject({ path: join(cwd, file) });
  });

  it('an unreachable host stops the run at its preflight, naming the step and the error (exit 1)', async () => {
    const { cwd, file } = workspace('seed-lab');
    const r = await cli([file, '--fault', 'unreachable:EX4'], cwd);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/\n {2}FAILED +\d+ ms {2}preflight\.srv-ex4 /);
    expect(r.stdout).toContain('Result: step preflight.srv-ex4 failed: Connecting to remote server ex4.exchangeserverpro.local failed with the following error message : WinRM cannot complete the operation.');
    const journal = journalOf(cwd, runIdOf(r.stdout));
    expect(journal.some((e) => e.type === 'step-started' && e.server === 'EX4' && e.stepId !== 'preflight.srv-ex4')).toBe(false);
  });

  it('a step that fails twice succeeds with --retries 2, and stops without retries until resumed twice', async () => {
    const fault = 'fail:setup.exchange.srv-ex3:2';
    const retried = workspace('seed-lab');
    const ok = await cli([retried.file, '--fault', fault, '--retries', '2'], retried.cwd);
    expect(ok.code).toBe(0);
    expect(ok.stdout.match(/failed, retry +\d+ ms {2}setup\.exchange\.srv-ex3 /g)).toHaveLength(2);
    const journal = journalOf(retried.cwd, runIdOf(ok.stdout));
    expect(journal.filter((e) => e.type === 'step-retried' && e.stepId === 'setup.exchange.srv-ex3').map((e) => e.type === 'step-retried' && e.by)).toEqual(['automatic', 'automatic']);

    const { cwd, file } = workspace('seed-lab');
    const first = await cli([file, '--fault', fault], cwd);
    expect(first.code).toBe(1);
    expect(first.stdout).toContain('Result: step setup.exchange.srv-ex3 failed: Injected fault: step setup.exchange.srv-ex3 fails (1 of 2 planned failures).');
    expect(first.stdout).toContain("  command: & $setup '/m:install' '/r:ca,ht,mt'");
    const runId = runIdOf(first.stdout);
    expect(first.stdout).toContain(`Fix the cause, then resume: extopo rehearse ${file} --resume ${runId}`);
    const second = await cli([file, '--resume', runId, '--fault', fault], cwd);
    expect(second.code).toBe(1);
    expect(second.stdout).toContain('(2 of 2 planned failures)');
    const third = await cli([file, '--resume', runId, '--fault', fault], cwd);
    expect(third.code).toBe(0);
    expect(third.stdout).toMatch(/^Resuming design\.extopo\.json/);
    const executions = labOf(cwd, runId).executions;
    expect(executions.filter((e) => e.stepId === 'setup.exchange.srv-ex3')).toHaveLength(1);
    expect(new Set(executions.map((e) => e.stepId)).size).toBe(executions.length);
  });

  it('a slow host makes its steps slower and the run still completes', async () => {
    const { cwd, file } = workspace('seed-lab');
    const r = await cli([file, '--fault', 'slow:EX4:120'], cwd);
    expect(r.code).toBe(0);
    const journal = journalOf(cwd, runIdOf(r.stdout));
    const durations = (server: string) =>
      journal
        .filter((e): e is Extract<RunEvent, { type: 'step-finished' }> => e.type === 'step-finished' && e.outcome === 'succeeded')
        .filter((e) => journal.some((s) => s.type === 'step-started' && s.stepId === e.stepId && s.server === server))
        .map((e) => e.durationMs);
    expect(Math.min(...durations('EX4'))).toBeGreaterThanOrEqual(120);
    expect(Math.min(...durations('EX3'))).toBeLessThan(120);
  });

  it('a restart that never comes back fails naming the host and the timeout; resumed without the fault, the step is re-checked and found done', async () => {
    const { cwd, file } = workspace('seed-lab');
    const r = await cli([file, '--fault', 'restart-hang:EX3', '--restart-timeout', '100'], cwd);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      'Result: step prereq.features.srv-ex3 failed: EX3 (ex3.exchangeserverpro.local) did not answer PowerShell remoting within 100 ms after the restart (the restart timeout): WinRM on ex3.exchangeserverpro.local still does not answer (it is not coming back from its restart).',
    );
    const runId = runIdOf(r.stdout);
    const resumed = await cli([file, '--resume', runId], cwd);
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toMatch(/\n {2}already done +\d+ ms {2}prereq\.features\.srv-ex3 /);
    const journal = journalOf(cwd, runId);
    expect(journal.find((e) => e.type === 'step-retried' && e.stepId === 'prereq.features.srv-ex3')).toMatchObject({ by: 'resume' });
    expect(labOf(cwd, runId).executions.filter((e) => e.stepId === 'prereq.features.srv-ex3')).toHaveLength(1);
  });

  it('a host with a pending restart fails its preflight', async () => {
    const { cwd, file } = workspace('seed-lab');
    const r = await cli([file, '--fault', 'pending-restart:EX2'], cwd);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Result: step preflight.srv-ex2 failed: EX2 does not match the design: a restart is pending');
  });

  it('--dry-run leaves the lab world as it was', async () => {
    const { cwd, file } = workspace('seed-lab');
    const r = await cli([file, '--dry-run'], cwd);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Dry run of design\.extopo\.json/);
    expect(r.stdout).toContain('Dry run: nothing changed in the lab.');
    const runId = runIdOf(r.stdout);
    const world = labOf(cwd, runId);
    expect(world.executions).toEqual([]);
    const array = journalOf(cwd, runId).find((e) => e.type === 'step-output' && e.stepId === 'casarray.create.casarray-default' && e.stream === 'whatif');
    expect(array).toMatchObject({ stream: 'whatif', line: 'What if: Performing the operation "New-ClientAccessArray" on target "CASArray (casarray.exchangeserverpro.local) in site Default-First-Site-Name".' });
    const fresh = LabWorld.create(loadExample('seed-lab').design, { title: loadExample('seed-lab').title }).state;
    expect({ ...world, createdAt: '' }).toEqual({ ...fresh, createdAt: '' });
  });

  it('refuses to resume after the design changed (exit 2)', async () => {
    const { cwd, file } = workspace('seed-lab');
    const first = await cli([file, '--fault', 'fail:setup.exchange.srv-ex3:1'], cwd);
    expect(first.code).toBe(1);
    const runId = runIdOf(first.stdout);
    const path = join(cwd, file);
    writeFileSync(path, readFileSync(path, 'utf8').replace('"192.168.0.34"', '"192.168.0.44"'));
    const r = await cli([file, '--resume', runId], cwd);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^extopo rehearse: Cannot resume run ${runId}: the design changed since this run was planned \\(hash [0-9a-f]{8}… vs [0-9a-f]{8}…\\); plan again\\.\\n$`));
  });

  it('Ctrl+C stops after the running steps; the resume completes without running a script twice', async () => {
    const { cwd, file } = workspace('seed-lab');
    const interrupted = new Promise<void>((resolve) => setTimeout(resolve, 150));
    const r = await cli([file, '--fault', 'slow:EX3:100', '--fault', 'slow:EX4:100'], cwd, interrupted);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Stopping after the running steps finish (Ctrl+C)…');
    expect(r.stdout).toContain('Stopped: the run was aborted.');
    const runId = runIdOf(r.stdout);
    const resumed = await cli([file, '--resume', runId], cwd);
    expect(resumed.code).toBe(0);
    const executions = labOf(cwd, runId).executions;
    expect(new Set(executions.map((e) => e.stepId)).size).toBe(executions.length);
    // Every step that changes something ran exactly once (27 of the seed lab's 48 steps: see the count above).
    expect(executions).toHaveLength(27);
  });

  it('exits 2 for an unreadable file, a design with errors, a bad fault or an unknown host', async () => {
    const { cwd, file } = workspace('minimal-ha');
    const missing = await cli(['nope.extopo.json'], cwd);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('Cannot read nope.extopo.json: no such file.');

    const broken = join(cwd, 'broken.extopo.json');
    const design = JSON.parse(readFileSync(join(cwd, file), 'utf8'));
    design.design.servers.find((s: { name: string }) => s.name === 'MB1').os.edition = 'Standard';
    writeFileSync(broken, JSON.stringify(design));
    const errors = await cli(['broken.extopo.json'], cwd);
    expect(errors.code).toBe(2);
    expect(errors.stderr).toMatch(/^Cannot rehearse broken\.extopo\.json: The design has 1 error \(dag\.windows-edition\)/);
    expect(errors.stderr).toContain('error dag.windows-edition');

    const badFault = await cli([file, '--fault', 'slow:MB1'], cwd);
    expect(badFault.code).toBe(2);
    expect(badFault.stderr).toContain('invalid fault "slow:MB1"');
    const unknownHost = await cli([file, '--fault', 'unreachable:EX9'], cwd);
    expect(unknownHost.code).toBe(2);
    expect(unknownHost.stderr).toContain('fault unreachable:EX9: there is no host EX9 in the lab');
    const unknownStep = await cli([file, '--fault', 'fail:no.such.step'], cwd);
    expect(unknownStep.stderr).toContain('fault fail:no.such.step: there is no step no.such.step in the runbook.');
    const noRun = await cli([file, '--resume', 'nope'], cwd);
    expect(noRun.code).toBe(2);
    expect(noRun.stderr).toContain('no rehearsal run nope in');
  });
});
