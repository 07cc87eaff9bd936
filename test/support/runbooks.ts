// Helpers the runbook and rehearsal tests share: an example with a planned namespace, its runbook (or the test
// fails with the generator's message), a part of a runbook (its dependencies trimmed, its hash recomputed), a run in
// the TypeScript lab, and temporary folders removed after the file.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { generateRunbook } from '../../shared/runbook/generate';
import { runbookContentHash } from '../../shared/runbook/hash';
import type { Runbook, RunbookStep } from '../../shared/runbook/types';
import type { DesignDocument } from '../../shared/model/types';
import type { Namespace } from '../../shared/model/namespace';
import { Credential, planRun } from '../../main/executor';
import type { RunSummary } from '../../main/executor';
import { LabTransport } from '../../main/lab';
import type { LabWorld } from '../../main/lab';
import { loadExample } from '../fixtures/designs';
import type { ExampleName } from '../fixtures/designs';

/** A copy of an example with a planned namespace (`{}`: the 2010 defaults). */
export function plannedExample(name: ExampleName, namespace: Namespace = {}): DesignDocument {
  const doc = structuredClone(loadExample(name));
  doc.design.namespace = namespace;
  return doc;
}

/** The design's runbook; throws the generator's message when it refuses the design. */
export function runbookOf(doc: DesignDocument): Runbook {
  const generated = generateRunbook(doc);
  if (!generated.ok) throw new Error(generated.message);
  return generated.runbook;
}

/** The steps `keep` chooses, dependencies on the others dropped, with the content hash of what is left. */
export function runbookPart(runbook: Runbook, keep: (s: RunbookStep) => boolean): Runbook {
  const steps = runbook.steps.filter(keep);
  const ids = new Set(steps.map((s) => s.id));
  const trimmed = steps.map((s) => ({ ...s, dependsOn: s.dependsOn.filter((d) => ids.has(d)) }));
  return { ...runbook, steps: trimmed, contentHash: runbookContentHash(trimmed) };
}

/** Runs the design's whole runbook in the TypeScript lab world (no dry run, operator steps confirmed). */
export async function rehearseInLab(doc: DesignDocument, world: LabWorld, runsDir: string): Promise<{ summary: RunSummary; runbook: Runbook }> {
  const runbook = runbookOf(doc);
  const ex = planRun({
    runbook,
    hosts: Object.fromEntries(doc.design.servers.map((s) => [s.name, s.fqdn])),
    credential: new Credential({ userName: 'LAB\\test', password: '' }),
    transport: new LabTransport(world),
    options: { runsDir, dryRun: false, autoConfirm: { by: 'test', reason: 'lab' } },
  });
  const summary = await ex.start();
  await ex.close();
  return { summary, runbook };
}

/** A maker of temporary folders named `prefix…`, all removed after the test file. */
export function tempDirs(prefix: string): () => string {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  return () => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    dirs.push(dir);
    return dir;
  };
}
