// The pwsh engine and the PowerShell 2.0 check, measured (figures printed; no pass/fail on speed).
//   - wall time of a full rehearsal through pwsh against the host double: the seed lab (target < 30 s on 2 cores) and a
//     generated 20-server design;
//   - the time the PowerShell 2.0 check adds to a .ps1 export (seed lab and the 40-server example).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDesignText } from '../shared/model/load';
import { serializeDesign } from '../shared/model/load';
import type { DesignDocument } from '../shared/model/types';
import { generateRunbook } from '../shared/runbook/generate';
import { renderPs1 } from '../shared/runbook/ps1';
import { Credential, planRun } from '../main/executor';
import { LabWorld } from '../main/lab';
import { HostDoubleTransport } from '../main/lab/double/transport';
import { exportRunbook } from '../main/exporters';
import { checkPs2Compatibility } from '../main/powershell/ps2compat';
import { generateDesign } from './generate';

function example(name: string): DesignDocument {
  const loaded = loadDesignText(readFileSync(join('examples', `${name}.extopo.json`), 'utf8'));
  if (!loaded.ok) throw new Error(`${name} does not load`);
  return loaded.document;
}

async function rehearse(label: string, doc: DesignDocument): Promise<void> {
  const generated = generateRunbook(doc);
  if (!generated.ok) throw new Error(`${label}: ${generated.message}`);
  const runsDir = mkdtempSync(join(tmpdir(), 'extopo-bench-pwsh-'));
  const world = LabWorld.create(doc.design);
  const started = performance.now();
  const ex = planRun({
    runbook: generated.runbook,
    hosts: Object.fromEntries(doc.design.servers.map((s) => [s.name, s.fqdn || s.name])),
    credential: new Credential({ userName: 'LAB\\bench', password: '' }),
    transport: new HostDoubleTransport({ world }),
    options: { runsDir, autoConfirm: { by: 'bench', reason: 'bench' }, stepTimeoutMs: 300_000, restartTimeoutMs: 10_000 },
  });
  const summary = await ex.start();
  await ex.close();
  const seconds = (performance.now() - started) / 1000;
  rmSync(runsDir, { recursive: true, force: true });
  console.log(`${label}: ${doc.design.servers.length} servers, ${generated.runbook.steps.length} steps, ${summary.status}, ${seconds.toFixed(1)} s wall (${summary.counts.succeeded} scripts ran in pwsh)`);
}

async function ps2Cost(label: string, doc: DesignDocument): Promise<void> {
  const text = serializeDesign(doc);
  const t0 = performance.now();
  const exported = await exportRunbook({ format: 'ps1', text, designPath: `${label}.extopo.json` });
  const t1 = performance.now();
  const script = new TextDecoder().decode(exported.bytes);
  const results = await checkPs2Compatibility([{ name: label, text: script, target: '2012R2' }]);
  const t2 = performance.now();
  const findings = results.reduce((n, r) => n + r.findings.length + r.parseErrors.length, 0);
  console.log(`${label}: .ps1 export ${(t1 - t0).toFixed(0)} ms, + PowerShell 2.0 check ${(t2 - t1).toFixed(0)} ms (${(script.length / 1024).toFixed(0)} KB, ${findings} findings)`);
}

await rehearse('seed lab', example('seed-lab'));
const twenty = generateDesign({ servers: 20, dags: 1, nlbClusters: 1, databases: 8 });
await rehearse('generated 20-server design', twenty);
await ps2Cost('seed lab', example('seed-lab'));
await ps2Cost('large-lagged (40 servers)', example('large-lagged'));
void renderPs1;
