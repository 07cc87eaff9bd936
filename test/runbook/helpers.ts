// Shared helpers for the runbook tests: generate an example's runbook and find steps by id.
import { existsSync } from 'node:fs';
import { expect } from 'vitest';
import { generateRunbook } from '../../shared/runbook/generate';
import type { Runbook, RunbookStep } from '../../shared/runbook/types';
import type { DesignDocument } from '../../shared/model/types';
import { EXAMPLE_NAMES, loadExample } from '../fixtures/designs';
import type { ExampleName } from '../fixtures/designs';

export const GENERATED_AT = '2026-11-25T12:00:00.000Z';

export function runbookOf(doc: DesignDocument): Runbook {
  const result = generateRunbook(doc, { generatedAt: GENERATED_AT });
  if (!result.ok) throw new Error(`runbook refused: ${result.message} ${result.errors.map((e) => `${e.ruleId}: ${e.message}`).join(' | ')}`);
  return result.runbook;
}

export function exampleRunbook(name: ExampleName): Runbook {
  return runbookOf(loadExample(name));
}

/** The examples present in examples/ (two are still being written by another helper). */
export function availableExamples(): ExampleName[] {
  return EXAMPLE_NAMES.filter((name) => existsSync(new URL(`../../examples/${name}.extopo.json`, import.meta.url)));
}

/** Index of a step (fails the test when missing). */
export function indexOf(runbook: Runbook, id: string): number {
  const i = runbook.steps.findIndex((s) => s.id === id);
  expect(i, `step ${id} exists`).toBeGreaterThanOrEqual(0);
  return i;
}

export function stepOf(runbook: Runbook, id: string): RunbookStep {
  return runbook.steps[indexOf(runbook, id)];
}

/** Asserts the ids appear in this order. */
export function expectOrder(runbook: Runbook, ids: readonly string[]): void {
  const positions = ids.map((id) => indexOf(runbook, id));
  for (let i = 1; i < positions.length; i++) {
    expect(positions[i], `${ids[i - 1]} (#${positions[i - 1]}) comes before ${ids[i]} (#${positions[i]})`).toBeGreaterThan(positions[i - 1]);
  }
}

/** Every dependency names an existing, EARLIER step; ids are unique. */
export function expectDependenciesEarlier(runbook: Runbook): void {
  const position = new Map<string, number>();
  runbook.steps.forEach((s, i) => {
    expect(position.has(s.id), `duplicate step id ${s.id}`).toBe(false);
    position.set(s.id, i);
  });
  runbook.steps.forEach((s, i) => {
    for (const dep of s.dependsOn) {
      const p = position.get(dep);
      expect(p, `${s.id} depends on unknown step ${dep}`).toBeDefined();
      expect(p as number, `${s.id} (#${i}) depends on ${dep} (#${String(p)}), which must come earlier`).toBeLessThan(i);
    }
  });
}
