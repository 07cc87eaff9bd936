// Shared helpers for the runbook tests: generate an example's runbook and find steps by id.
import { existsSync } from 'node:fs';
import { expect } from 'vitest';
import { generateRunbook } from '../../shared/runbook/generate';
import type { Runbook, RunbookStep } from '../../shared/runbook/types';
import type { DesignDocument, WindowsVersion } from '../../shared/model/types';
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

/** Every step a step waits for, directly or through others. */
export function transitiveDependencies(runbook: Runbook, id: string): Set<string> {
  const byId = new Map(runbook.steps.map((s) => [s.id, s]));
  const seen = new Set<string>();
  const todo = [...(byId.get(id)?.dependsOn ?? [])];
  while (todo.length > 0) {
    const dep = todo.pop() as string;
    if (seen.has(dep)) continue;
    seen.add(dep);
    todo.push(...(byId.get(dep)?.dependsOn ?? []));
  }
  return seen;
}

/**
 * Adds the design's DNS server (deployment.dnsServer) as a domain controller of the first site, on the first subnet,
 * with that Windows version: the runbook then knows which DNS command the server takes.
 */
export function withDnsDomainController(doc: DesignDocument, version: WindowsVersion): DesignDocument {
  const { design } = doc;
  const subnet = design.subnets[0];
  const fqdn = design.deployment.dnsServer;
  design.servers.push({
    id: 'srv-dc-dns',
    name: fqdn.split('.')[0].toUpperCase(),
    fqdn,
    siteId: subnet.siteId,
    os: { version, edition: 'Standard', servicePack: version === '2008R2' ? 1 : 0 },
    roles: [],
    cores: 4,
    ramGB: 8,
    virtualized: false,
    domainController: true,
    existing: true,
    nics: [{ id: 'nic-dc-dns', name: 'LAN', subnetId: subnet.id, ipv4: subnet.cidr.replace(/\.0\/\d+$/, '.250'), purpose: 'mapi' }],
  });
  return doc;
}
