// Exports run in worker threads with a bounded queue (main/exporters/pool.ts): while a large PDF export runs, the
// browser host keeps answering other calls at once; parallel exports run one at a time, a few wait, the rest are
// refused with 503 and a message; export errors keep their problems (422); a worker that dies fails its job only.
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDesign } from '../../bench/generate';
import { ExportPool } from '../../main/exporters/pool';
import type { ExportProgress } from '../../main/exporters/pool';
import { startBrowserHost } from '../../main/host';
import type { BrowserHost } from '../../main/host';
import type { ExportRunbook } from '../../main/services';
import { serializeDesign } from '../../shared/model/load';
import { exampleText } from '../fixtures/designs';

/** Big enough that its PDF takes seconds of CPU (the probe used 600 servers; 200 keeps the suite's time down). */
const SERVERS = 200;
const LARGE = serializeDesign(generateDesign({ servers: SERVERS, dags: SERVERS / 20, nlbClusters: SERVERS / 10, databases: SERVERS * 2 }));
/** A generous bound for a call that does nothing but answer (it took 2.7 s behind a PDF on the event loop). */
const LIGHT_CALL_BOUND_MS = 500;
/** The probe's case is a PDF; EXTOPO_POOL_TEST_FORMAT=md runs the same check on the Markdown export. */
const EXPORT_FORMAT_UNDER_LOAD = (process.env.EXTOPO_POOL_TEST_FORMAT ?? 'pdf') as 'pdf' | 'md';

let root: string;
let rendererDir: string;
const pools: ExportPool[] = [];
const hosts: BrowserHost[] = [];

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'extopo-pool-'));
  rendererDir = join(root, 'renderer');
  await mkdir(rendererDir, { recursive: true });
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html>');
});

afterAll(async () => {
  for (const h of hosts) await h.close();
  for (const p of pools) await p.close();
  await rm(root, { recursive: true, force: true });
});

/** A host whose exports go through `pool`, recording the most exports that ever ran at once. */
async function hostWith(pool: ExportPool): Promise<{ host: BrowserHost; maxRunning: () => number }> {
  pools.push(pool);
  let running = 0;
  let maxRunning = 0;
  const exporter: ExportRunbook = (input) =>
    pool.run(input, (p: ExportProgress) => {
      if (p.state === 'running') maxRunning = Math.max(maxRunning, ++running);
      if (p.state === 'done' || p.state === 'failed') running--;
    });
  const host = await startBrowserHost({ rendererDir, documentsDir: join(root, `docs-${hosts.length}`), exportRunbook: exporter });
  hosts.push(host);
  return { host, maxRunning: () => maxRunning };
}

async function call(host: BrowserHost, channel: string, body: unknown): Promise<{ status: number; retryAfter: string | null; body: { result?: { base64: string; bytes: number }; error?: { message: string; problems?: string[] } } }> {
  const res = await fetch(`${host.origin}/api/${channel}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-ExTopo-Token': host.token },
    body: JSON.stringify(body),
  });
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as never };
}

describe('exports off the event loop', () => {
  it(`a light API call answers in under ${LIGHT_CALL_BOUND_MS} ms while a ${SERVERS}-server ${EXPORT_FORMAT_UNDER_LOAD} export runs`, async () => {
    const { host } = await hostWith(new ExportPool({ maxConcurrent: 1 }));
    const started = performance.now();
    let finished = false;
    const exported = call(host, 'export.runbook', { format: EXPORT_FORMAT_UNDER_LOAD, text: LARGE }).finally(() => (finished = true));
    const latencies: number[] = [];
    while (!finished) {
      const t = performance.now();
      const info = await call(host, 'app.info', {});
      if (finished) break; // only calls answered while the export was still running count
      expect(info.status).toBe(200);
      latencies.push(performance.now() - t);
      await new Promise((r) => setTimeout(r, 25));
    }
    const answer = await exported;
    const exportMs = performance.now() - started;
    expect(answer.status, answer.body.error?.message).toBe(200);
    if (EXPORT_FORMAT_UNDER_LOAD === 'pdf') expect(Buffer.from(answer.body.result?.base64 ?? '', 'base64').subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // The export took a while, and other calls were answered throughout it, each quickly.
    expect(latencies.length).toBeGreaterThanOrEqual(3);
    const worst = Math.max(...latencies);
    process.stdout.write(`export pool: ${SERVERS}-server ${EXPORT_FORMAT_UNDER_LOAD} in ${Math.round(exportMs)} ms; ${latencies.length} app.info calls meanwhile, slowest ${Math.round(worst)} ms\n`);
    expect(worst).toBeLessThan(LIGHT_CALL_BOUND_MS);
  }, 300_000);

  it('parallel exports are bounded: one runs, two wait, the rest are refused with 503 and a message', async () => {
    const { host, maxRunning } = await hostWith(new ExportPool({ maxConcurrent: 1, maxQueued: 2 }));
    const answers = await Promise.all(Array.from({ length: 6 }, () => call(host, 'export.runbook', { format: 'md', text: LARGE })));
    const ok = answers.filter((a) => a.status === 200);
    const refused = answers.filter((a) => a.status === 503);
    expect(ok.length).toBe(3);
    expect(refused.length).toBe(3);
    expect(maxRunning()).toBe(1);
    for (const r of refused) {
      expect(r.body.error?.message).toMatch(/^Too many exports at once: 1 running and 2 waiting/);
      expect(r.body.error?.problems).toEqual(['Wait for the exports in progress to finish, then export again.']);
      expect(r.retryAfter).toBe('5');
    }
    // Once the queue drains, exports are accepted again.
    expect((await call(host, 'export.runbook', { format: 'json', text: exampleText('seed-lab') })).status).toBe(200);
  }, 120_000);

  it("keeps an export error's problems (422), and survives a worker that dies", async () => {
    const { host } = await hostWith(new ExportPool({ maxConcurrent: 1 }));
    const invalid = await call(host, 'export.runbook', { format: 'md', text: '{"formatVersion": 1}' });
    expect(invalid.status).toBe(422);
    expect(invalid.body.error?.problems?.length).toBeGreaterThan(0);

    const crashing = new ExportPool({ workerEntry: new URL('../fixtures/crashing-export-worker.mjs', import.meta.url) });
    pools.push(crashing);
    await expect(crashing.run({ format: 'md', text: exampleText('seed-lab') })).rejects.toThrow(/worker ended unexpectedly \(exit code 3\)/);
    await expect(crashing.run({ format: 'md', text: exampleText('seed-lab') })).rejects.toThrow(/exit code 3/);
    expect(crashing.stats).toMatchObject({ running: 0, queued: 0 });
  }, 60_000);

  it('runs in-process when no worker can be used, through the same queue', async () => {
    const pool = new ExportPool({ workerEntry: null, maxConcurrent: 1, maxQueued: 0 });
    pools.push(pool);
    expect(pool.stats.inWorker).toBe(false);
    const first = pool.run({ format: 'json', text: exampleText('seed-lab') });
    await expect(pool.run({ format: 'json', text: exampleText('seed-lab') })).rejects.toThrow(/Too many exports at once/);
    expect((await first).fileName).toMatch(/runbook\.json$/);
  });
});
