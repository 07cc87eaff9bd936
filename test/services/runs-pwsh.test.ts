// The run view's "PowerShell" engine through the service registry: a rehearsal whose steps run their real scripts in
// pwsh against the host double, and its resume with the same engine. Needs pwsh (fails under EXTOPO_REQUIRE_PWSH=1).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect } from 'vitest';
import type { Channel, Request, Response, RunStreamEvent } from '../../shared/ipc/contract';
import { dispatch } from '../../main/ipc/registry';
import { createBrowserServiceSet } from '../../main/services';
import { exampleText } from '../fixtures/designs';
import { describePwsh, itPwsh } from '../support/pwsh';

const SEED = exampleText('seed-lab');
const DESIGN = { path: null, documentId: 'doc-pwsh' };

describePwsh('a rehearsal with the pwsh engine from the run view', () => {
  const dir = mkdtempSync(join(tmpdir(), 'extopo-runs-pwsh-'));
  const events: RunStreamEvent[] = [];
  const set = createBrowserServiceSet({ documentsDir: dir, runsDir: join(dir, 'runs'), version: '0.0.0-test', onRunEvent: (e) => events.push(e), labStepMs: 0 });
  const call = <C extends Channel>(channel: C, request: Request<C>): Promise<Response<C>> => dispatch(set.registry, channel, request) as Promise<Response<C>>;
  afterAll(async () => {
    await set.runs.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function until(predicate: (e: RunStreamEvent) => boolean, timeoutMs = 180_000): Promise<RunStreamEvent> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = events.find(predicate);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no such event within ${timeoutMs} ms; last: ${JSON.stringify(events.slice(-3))}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  itPwsh(
    'stops at an injected New-NlbCluster failure with PowerShell\'s error, and resumes with the same engine to a green end',
    async () => {
      const { runId } = await call('run.plan', { text: SEED, design: DESIGN, target: 'lab', hosts: {}, options: { dryRun: false, engine: 'pwsh', faults: ['throw:New-NlbCluster'] } });
      await call('run.start', { runId, design: DESIGN, text: SEED });
      const failed = await until((e) => e.runId === runId && (e.type === 'run-finished' || e.type === 'run-aborted'));
      expect(failed).toMatchObject({ status: 'failed' });
      const stepFailed = events.find((e) => e.runId === runId && e.type === 'step-failed');
      expect(stepFailed).toMatchObject({ stepId: 'nlb.cluster.nlb-casarray', error: expect.stringMatching(/Injected fault: New-NlbCluster failed/) });
      const started = events.find((e) => e.runId === runId && e.type === 'run-started');
      expect(started).toMatchObject({ transport: 'pwsh' });

      const before = events.length;
      const resumed = await call('run.resume', { runId, text: SEED, design: DESIGN });
      expect(resumed.ok).toBe(true);
      const end = await until((e) => events.indexOf(e) >= before && e.runId === runId && (e.type === 'run-finished' || e.type === 'run-aborted'));
      expect(end).toMatchObject({ status: 'succeeded' });
    },
    300_000,
  );
});
