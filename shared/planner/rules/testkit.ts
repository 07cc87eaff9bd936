// Test helpers for planner rule families: run a family over a design, pick findings by rule id, and build
// servers for mutated example designs. Test-only (imported by *.test.ts files).
import { expect } from 'vitest';
import type { Design, Role, Server } from '../../model/types';
import { buildContext } from '../context';
import { runRules } from '../engine';
import type { Finding, Rule, RuleId, Severity } from '../types';

/** Runs the given rules (one family or several) over a design. */
export function check(design: Design, rules: readonly Rule[]): Finding[] {
  return runRules(buildContext(design), rules);
}

export function withRule(findings: readonly Finding[], ruleId: RuleId): Finding[] {
  return findings.filter((f) => f.ruleId === ruleId);
}

/** Asserts exactly one finding of the rule, with that severity, whose message contains every fragment. */
export function expectFinding(findings: readonly Finding[], ruleId: RuleId, severity: Severity, ...fragments: string[]): Finding {
  const hits = withRule(findings, ruleId);
  expect(hits, `findings of ${ruleId}: ${JSON.stringify(findings.map((f) => `${f.ruleId}: ${f.message}`))}`).toHaveLength(1);
  const [finding] = hits;
  expect(finding.severity).toBe(severity);
  for (const fragment of fragments) expect(finding.message).toContain(fragment);
  expect(finding.hint.length).toBeGreaterThan(0);
  return finding;
}

export function expectNone(findings: readonly Finding[], ruleId: RuleId): void {
  expect(withRule(findings, ruleId).map((f) => f.message)).toEqual([]);
}

/** The rule ids of the findings, sorted (for "fires nothing but …" assertions). */
export function ruleIds(findings: readonly Finding[]): string[] {
  return findings.map((f) => f.ruleId).sort();
}

export function serverNamed(design: Design, name: string): Server {
  const server = design.servers.find((s) => s.name === name);
  if (!server) throw new Error(`no server named ${name} in the design (have ${design.servers.map((s) => s.name).join(', ')})`);
  return server;
}

export function serverById(design: Design, id: string): Server {
  const server = design.servers.find((s) => s.id === id);
  if (!server) throw new Error(`no server with id ${id} in the design (have ${design.servers.map((s) => s.id).join(', ')})`);
  return server;
}

/** Adds a plain Windows Server 2008 R2 SP1 server with one MAPI NIC on the given subnet. */
export function addServer(
  design: Design,
  options: { readonly name: string; readonly roles: readonly Role[]; readonly siteId: string; readonly subnetId: string; readonly ipv4: string },
): Server {
  const server: Server = {
    id: `srv-${options.name.toLowerCase()}`,
    name: options.name,
    fqdn: `${options.name.toLowerCase()}.${design.organization.adDomain}`,
    siteId: options.siteId,
    os: { version: '2008R2', edition: 'Enterprise', servicePack: 1 },
    roles: [...options.roles],
    cores: 4,
    ramGB: 16,
    virtualized: false,
    domainController: false,
    existing: false,
    nics: [{ id: `nic-${options.name.toLowerCase()}-mapi`, name: 'MAPI', subnetId: options.subnetId, ipv4: options.ipv4, purpose: 'mapi' }],
  };
  design.servers.push(server);
  return server;
}
