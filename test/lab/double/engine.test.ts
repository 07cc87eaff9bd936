// The pwsh engine: the runbook's real script and check text, run by PowerShell 7 through the app's node-powershell
// session against the host double, on the example designs. Needs pwsh (skips without it on a workstation; fails
// under EXTOPO_REQUIRE_PWSH=1, as in CI).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect } from 'vitest';
import type { DesignDocument } from '../../../shared/model/types';
import { Credential, isCheckOnly, openRun, planRun } from '../../../main/executor';
import type { ExecutorEvent, RunSummary } from '../../../main/executor';
import { LabWorld, evaluateCheck, parseFaults } from '../../../main/lab';
import type { LabState } from '../../../main/lab';
import { HostDoubleTransport } from '../../../main/lab/double/transport';
import { loadExample } from '../../fixtures/designs';
import type { ExampleName } from '../../fixtures/designs';
import { describePwsh, itPwsh } from '../../support/pwsh';
import { runbookOf } from '../../support/runbooks';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'extopo-pwsh-engine-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const PWSH_TEST_MS = 240_000;
const credential = new Credential({ userName: 'LAB\\test', password: '' });


interface Rehearsal {
  readonly summary: RunSummary;
  readonly events: ExecutorEvent[];
  readonly runId: string;
}

async function rehearse(doc: DesignDocument, world: LabWorld, runsDir: string, options: { dryRun?: boolean; resume?: string } = {}): Promise<Rehearsal> {
  const runbook = runbookOf(doc);
  const transport = new HostDoubleTransport({ world });
  const ex = options.resume
    ? openRun({ runsDir, runId: options.resume, runbook, credential, transport })
    : planRun({
        runbook,
        hosts: Object.fromEntries(doc.design.servers.map((s) => [s.name, s.fqdn || s.name])),
        credential,
        transport,
        options: { runsDir, dryRun: options.dryRun ?? false, autoConfirm: { by: 'test', reason: 'pwsh engine test' }, stepTimeoutMs: 120_000, restartTimeoutMs: 5_000 },
      });
  const events: ExecutorEvent[] = [];
  ex.subscribe((e) => events.push(e));
  const summary = await ex.start();
  await ex.close();
  return { summary, events, runId: ex.runId };
}

/** The world without what a run records about itself (executions, fault counters). */
function stateOf(world: LabWorld): Omit<LabState, 'executions' | 'faults'> {
  const { executions: _executions, faults: _faults, ...rest } = world.snapshot();
  return rest;
}

/**
 * The first real run of an example in a fresh world, once per file: the full-run test goes on from it (its checks,
 * then the second run in the same world), and the order test reads its events. Both would otherwise pay for the same
 * run of every script in pwsh. Whichever test comes first starts it; the other awaits the same run.
 */
const firstRuns = new Map<ExampleName, Promise<{ doc: DesignDocument; world: LabWorld; runsDir: string; first: Rehearsal }>>();
function firstRun(name: ExampleName): Promise<{ doc: DesignDocument; world: LabWorld; runsDir: string; first: Rehearsal }> {
  let pending = firstRuns.get(name);
  if (!pending) {
    pending = (async () => {
      const doc = loadExample(name);
      const world = LabWorld.create(doc.design);
      const runsDir = tempDir();
      return { doc, world, runsDir, first: await rehearse(doc, world, runsDir) };
    })();
    firstRuns.set(name, pending);
  }
  return pending;
}

function finishedOrder(events: readonly ExecutorEvent[]): string[] {
  return events.flatMap((e) => (e.type === 'step-finished' || e.type === 'step-skipped' ? [e.stepId] : []));
}

// Two full pwsh runs (Windows NLB in both; minimal-ha adds a DAG): the suite's time budget. multi-role-hlb's runbook
// differs by its hardware load balancer steps, which the TypeScript lab rehearses (test/lab/rehearsal.test.ts).
describePwsh.each(['seed-lab', 'minimal-ha'] as ExampleName[])('the pwsh engine on %s', (name) => {
  itPwsh(
    'runs every real script green, leaves every check true (in pwsh and in the TypeScript lab), and a second run executes nothing',
    async () => {
      const { doc, world, runsDir, first } = await firstRun(name);
      expect(first.summary.failedSteps).toEqual([]);
      expect(first.summary.status).toBe('succeeded');
      const ran = world.state.executions.length;
      expect(ran).toBe(first.summary.counts.succeeded);
      expect(ran).toBeGreaterThan(20);

      // What pwsh left behind is what the TypeScript lab's own checks call done: one model, two engines.
      const runbook = runbookOf(doc);
      for (const step of runbook.steps) {
        if (step.target.kind === 'operator') continue;
        const host = world.host(step.target.serverName)!;
        expect(evaluateCheck({ world, step, host }), step.id).toEqual({ done: true, problems: [] });
      }

      const second = await rehearse(doc, world, runsDir);
      expect(second.summary.status).toBe('succeeded');
      expect(world.state.executions.length).toBe(ran);
      for (const s of second.summary.steps) {
        const step = runbook.steps.find((x) => x.id === s.stepId)!;
        const expected = step.target.kind === 'operator' ? 'confirmed' : isCheckOnly(step) ? 'passed' : 'already-done';
        expect(s.status, s.stepId).toBe(expected);
      }
    },
    PWSH_TEST_MS,
  );
});

describePwsh('the pwsh engine: dry run, order, faults', () => {
  itPwsh(
    'a dry run of minimal-ha changes nothing in the world (every Exchange and Windows command got -WhatIf:$DryRun or was skipped)',
    async () => {
      const doc = loadExample('minimal-ha');
      const world = LabWorld.create(doc.design);
      const before = stateOf(world);
      const { summary, events } = await rehearse(doc, world, tempDir(), { dryRun: true });
      expect(summary.failedSteps).toEqual([]);
      expect(summary.counts.succeeded).toBe(0);
      expect(stateOf(world)).toEqual(before);
      expect(world.state.executions).toEqual([]);
      const whatIf = events.filter((e) => e.type === 'step-output' && e.stream === 'whatif');
      expect(whatIf.length).toBeGreaterThan(10);
    },
    PWSH_TEST_MS,
  );

  itPwsh(
    "runs the seed tutorial's steps in its order: NLB converged, then the DNS record, the CAS array, RpcClientAccessServer",
    async () => {
      // The same first run of seed-lab as the full-run test's (fresh world, no faults).
      const { summary, events } = (await firstRun('seed-lab')).first;
      expect(summary.status).toBe('succeeded');
      const order = finishedOrder(events);
      const at = (id: string): number => {
        const i = order.indexOf(id);
        expect(i, id).toBeGreaterThanOrEqual(0);
        return i;
      };
      // The tutorial: prerequisites (with their restart) → NetTcpPortSharing → setup /m:install /r:ca,ht,mt → NLB
      // feature → cluster on EX3 → add EX4 → converged → DNS record → New-ClientAccessArray → RpcClientAccessServer.
      for (const s of ['srv-ex3', 'srv-ex4']) {
        expect(at(`prereq.features.${s}`)).toBeLessThan(at(`prereq.nettcpportsharing.${s}`));
        expect(at(`prereq.nettcpportsharing.${s}`)).toBeLessThan(at(`setup.exchange.${s}`));
        expect(at(`setup.exchange.${s}`)).toBeLessThan(at(`setup.restart.${s}`));
        expect(at(`setup.restart.${s}`)).toBeLessThan(at(`nlb.feature.${s}`));
      }
      expect(at('nlb.feature.srv-ex3')).toBeLessThan(at('nlb.cluster.nlb-casarray'));
      expect(at('nlb.cluster.nlb-casarray')).toBeLessThan(at('nlb.node.nlb-casarray.srv-ex4'));
      expect(at('nlb.node.nlb-casarray.srv-ex4')).toBeLessThan(at('nlb.converged.nlb-casarray'));
      expect(at('nlb.converged.nlb-casarray')).toBeLessThan(at('dns.record.casarray-default'));
      expect(at('dns.record.casarray-default')).toBeLessThan(at('casarray.create.casarray-default'));
      expect(at('casarray.create.casarray-default')).toBeLessThan(at('casarray.rpc-client-access.casarray-default.srv-ex2'));
    },
    PWSH_TEST_MS,
  );

  itPwsh(
    'New-NlbCluster throwing stops the run at the cluster step with the error; the resume runs the step once and completes',
    async () => {
      const doc = loadExample('seed-lab');
      const parsed = parseFaults(['throw:New-NlbCluster']);
      if (!parsed.ok) throw new Error(parsed.errors.join());
      const world = LabWorld.create(doc.design, { faults: parsed.faults });
      const runsDir = tempDir();
      const first = await rehearse(doc, world, runsDir);
      expect(first.summary.status).toBe('failed');
      expect(first.summary.failedSteps.map((f) => f.stepId)).toEqual(['nlb.cluster.nlb-casarray']);
      const failed = first.events.find((e) => e.type === 'step-failed');
      expect(failed).toMatchObject({ stepId: 'nlb.cluster.nlb-casarray', error: expect.stringMatching(/^Injected fault: New-NlbCluster failed \(1 of 1\)/) });
      expect(failed && failed.type === 'step-failed' ? failed.failingCommand : '').toMatch(/New-NlbCluster -InterfaceName 'NLB'/);
      expect(world.state.nlbClusters).toEqual([]);
      const dnsBefore = first.summary.steps.find((s) => s.stepId === 'dns.record.casarray-default');
      expect(dnsBefore?.status).toBe('pending');

      const resumed = await rehearse(doc, world, runsDir, { resume: first.runId });
      expect(resumed.summary.status).toBe('succeeded');
      const okRuns = world.state.executions.filter((e) => e.ok).map((e) => e.stepId);
      expect(new Set(okRuns).size).toBe(okRuns.length);
      expect(world.state.executions.filter((e) => e.stepId === 'nlb.cluster.nlb-casarray').map((e) => e.ok)).toEqual([false, true]);
    },
    PWSH_TEST_MS,
  );

  itPwsh(
    'a host that restarts in the middle of Exchange setup fails the step as unreachable; resumed, the step is checked and run again to the end',
    async () => {
      const doc = loadExample('seed-lab');
      const parsed = parseFaults(['restart-during:setup.exchange.srv-ex3']);
      if (!parsed.ok) throw new Error(parsed.errors.join());
      const world = LabWorld.create(doc.design, { faults: parsed.faults });
      const runsDir = tempDir();
      const first = await rehearse(doc, world, runsDir);
      expect(first.summary.status).toBe('failed');
      expect(first.summary.failedSteps.map((f) => f.stepId)).toEqual(['setup.exchange.srv-ex3']);
      const failed = first.events.find((e) => e.type === 'step-failed');
      expect(failed).toMatchObject({ error: expect.stringMatching(/remote computer restarted or the connection was lost/) });
      expect(world.host('EX3')!.restarts).toBeGreaterThan(0);
      expect(world.host('EX3')!.exchangeRoles).toEqual([]);

      const resumed = await rehearse(doc, world, runsDir, { resume: first.runId });
      expect(resumed.summary.status).toBe('succeeded');
      expect(world.host('EX3')!.exchangeRoles).toEqual(expect.arrayContaining(['ca', 'ht', 'mt']));
    },
    PWSH_TEST_MS,
  );

  itPwsh(
    'a database copy that stays Initializing fails the copy health verification, naming the copy',
    async () => {
      const doc = loadExample('minimal-ha');
      const parsed = parseFaults(['copy-initializing:DB1\\MB2']);
      if (!parsed.ok) throw new Error(parsed.errors.join());
      const world = LabWorld.create(doc.design, { faults: parsed.faults });
      const { summary, events } = await rehearse(doc, world, tempDir());
      expect(summary.status).toBe('failed');
      expect(summary.failedSteps.map((f) => f.stepId)).toEqual(['verify.copies.dag-1']);
      const failed = events.find((e) => e.type === 'step-failed');
      expect(failed).toMatchObject({ error: expect.stringMatching(/Database copies are not healthy: DB1\\MB2 is Initializing/) });
    },
    PWSH_TEST_MS,
  );
});
