// End to end through the real code path short of pwsh: the seed-lab runbook, the executor, the PowerShell transport
// and node-powershell, against the stand-in pwsh (which behaves like hosts where every script works and every script
// run counts as a restart).
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { planRun } from '../../main/executor';
import { serverOf } from '../../main/executor/plan';
import { createCredential } from '../../main/credentials';
import { PowerShellTransport } from '../../main/transports/powershell';
import { generateRunbook } from '../../shared/runbook';
import { loadExample } from '../fixtures/designs';
import { canRunFake, createFakePwsh, eventually, isAlive } from './fakePwsh';
import type { FakePwsh } from './fakePwsh';

const PASSWORD = 'Exch@nge-2010 is "old"';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

describe.skipIf(!canRunFake)('executor + PowerShell transport (stand-in pwsh)', () => {
  it('deploys the seed lab: every step runs through PowerShell, restarts are waited for, no secret is written', async () => {
    const generated = generateRunbook(loadExample('seed-lab'), { generatedAt: '2026-01-01T00:00:00.000Z' });
    if (!generated.ok) throw new Error(generated.message);
    const runbook = generated.runbook;
    const hosts: Record<string, string> = {};
    for (const step of runbook.steps) {
      const server = serverOf(step);
      if (server !== '') hosts[server] = `${server.toLowerCase()}.lab.test`;
    }
    const fake: FakePwsh = createFakePwsh();
    const runsDir = mkdtempSync(join(tmpdir(), 'extopo-ps-runs-'));
    cleanups.push(() => fake.cleanup(), () => rmSync(runsDir, { recursive: true, force: true }));
    const transport = new PowerShellTransport({ executable: fake.executable, env: fake.env, pollIntervalMs: 20, restartGraceMs: 20 });
    const credential = createCredential({ userName: 'LAB\\deploy', password: PASSWORD });
    const executor = planRun({
      runbook,
      hosts,
      credential,
      transport,
      options: { runsDir, stepTimeoutMs: 20_000, restartTimeoutMs: 10_000, autoConfirm: { by: 'test', reason: 'stand-in hosts' } },
      runId: 'ps-e2e',
    });
    const summary = await executor.start();
    await executor.close();

    expect(summary.failedSteps).toEqual([]);
    expect(summary.status).toBe('succeeded');
    const scriptSteps = runbook.steps.filter((s) => s.target.kind !== 'operator');
    const runs = fake.log().filter((e) => e.type === 'request' && (e.request as { op: string }).op === 'run');
    // Every non-operator step: check, script, check again.
    for (const step of scriptSteps) {
      const modes = runs.filter((e) => (e.request as { step: string }).step === step.id).map((e) => (e.request as { mode: string }).mode);
      expect(modes, step.id).toEqual(['check', 'run', 'check']);
    }
    // Restarting steps were preceded by a boot-time query and followed by probes.
    const ops = fake.log().filter((e) => e.type === 'request').map((e) => (e.request as { op: string }).op);
    const restarting = runbook.steps.filter((s) => s.restarts).length;
    expect(restarting).toBeGreaterThan(0);
    expect(ops.filter((o) => o === 'boottime')).toHaveLength(restarting);
    expect(ops.filter((o) => o === 'probe').length).toBeGreaterThanOrEqual(restarting);
    // One local PowerShell per lane (host lanes + one EMS lane), all ended by close().
    const lanes = new Set(scriptSteps.map((s) => `${s.target.kind === 'ems' ? 'ems' : 'host'}:${hosts[serverOf(s)]}`));
    expect(fake.pids()).toHaveLength(lanes.size);
    expect(await eventually(() => fake.pids().every((pid) => !isAlive(pid)))).toBe(true);
    // The password is in no file the run wrote and was never written to PowerShell as text.
    for (const file of filesUnder(runsDir)) expect(readFileSync(file, 'utf8'), file).not.toContain(PASSWORD);
    expect(fake.stdin().join('\n')).not.toContain(PASSWORD);
  });
});
