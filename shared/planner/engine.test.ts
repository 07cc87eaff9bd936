import { describe, it, expect } from 'vitest';
import { exampleDesign } from '../../test/fixtures/designs';
import { RULES, RULE_IDS } from './catalogue';
import { buildContext } from './context';
import { planDesign, runRules } from './engine';
import { ALL_RULES } from './rules';
import { serverNamed } from './rules/testkit';
import type { Rule } from './types';

describe('rule catalogue and implementations', () => {
  it('implement every catalogue rule exactly once, in catalogue order', () => {
    expect(ALL_RULES.map((r) => r.id)).toEqual(RULE_IDS);
  });

  it('take each finding\'s severity from the catalogue (only dag.ip-per-mapi-subnet has a documented lower case)', () => {
    const d = exampleDesign('minimal-ha');
    d.dags[0].ipAddresses = []; // the DHCP case of dag.ip-per-mapi-subnet: W instead of E
    serverNamed(d, 'CAS1').name = 'CAS-SERVER-NUMBER-1'; // name.netbios: E
    const plan = planDesign(d);
    for (const f of plan.findings) {
      const expected = f.ruleId === 'dag.ip-per-mapi-subnet' ? 'warning' : RULES[f.ruleId].severity;
      expect(`${f.ruleId} ${f.severity}`).toBe(`${f.ruleId} ${expected}`);
      expect(f.source).toBe(RULES[f.ruleId].source);
    }
    expect(plan.findings.map((f) => f.ruleId)).toEqual(expect.arrayContaining(['dag.ip-per-mapi-subnet', 'name.netbios']));
  });
});

describe('runRules', () => {
  const warn: Rule = { id: 'ha.hub', check: (_ctx, emit) => emit({ message: 'm', hint: 'h', entityIds: [] }) };
  const note: Rule = { id: 'casarray.before-migration', check: (_ctx, emit) => emit({ message: 'n', hint: 'h', entityIds: [] }) };
  const error: Rule = { id: 'ip.unique', check: (_ctx, emit) => emit({ message: 'e', hint: 'h', entityIds: [] }) };

  it('reports HA-only rules at their severity with the HA goal on, and as info with it off', () => {
    const d = exampleDesign('minimal-ha');
    expect(runRules(buildContext(d), [warn])[0].severity).toBe('warning');
    d.goals.highlyAvailable = false;
    expect(runRules(buildContext(d), [warn])[0].severity).toBe('info');
    expect(runRules(buildContext(d), [error])[0].severity).toBe('error'); // not HA-only: unchanged
  });

  it('orders findings by severity, then by rule order', () => {
    const findings = runRules(buildContext(exampleDesign('minimal-ha')), [note, warn, error]);
    expect(findings.map((f) => f.message)).toEqual(['e', 'm', 'n']);
  });

  it('counts findings per severity', () => {
    const plan = planDesign(exampleDesign('seed-lab'));
    const count = (s: string) => plan.findings.filter((f) => f.severity === s).length;
    expect(plan.counts).toEqual({ error: count('error'), warning: count('warning'), info: count('info') });
  });
});
