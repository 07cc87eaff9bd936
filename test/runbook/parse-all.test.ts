// Every generated script, check and whole .ps1 of every example design parses with zero ERROR / MISSING nodes in
// tree-sitter-powershell — also with hostile text in every value, where the command structure must not change.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Parser } from 'web-tree-sitter';
import { loadPowerShellParser, parseWith } from '../../main/powershell/parse';
import type { ParsedPowerShell } from '../../main/powershell/parse';
import { renderPs1 } from '../../shared/runbook/ps1';
import { renderAction } from '../../shared/runbook/scripts';
import type { Runbook, RunbookStep, StepAction } from '../../shared/runbook/types';
import { loadExample } from '../fixtures/designs';
import { availableExamples, exampleRunbook, runbookOf, withDnsDomainController } from './helpers';

let parser: Parser;
beforeAll(async () => {
  parser = await loadPowerShellParser();
});

function expectParses(what: string, code: string): ParsedPowerShell {
  const parsed = parseWith(parser, code);
  expect(parsed.errors, `${what} parses without errors`).toEqual([]);
  return parsed;
}

function expectRunbookParses(name: string, rb: Runbook): void {
  for (const step of rb.steps) {
    if (step.target.kind === 'operator') {
      expect(step.script + step.check, `${step.id}: operator steps have no code`).toBe('');
      continue;
    }
    expectParses(`${name} ${step.id} script`, step.script);
    expectParses(`${name} ${step.id} check`, step.check);
  }
  const ps1 = expectParses(`${name}.ps1`, renderPs1(rb, { designFile: `${name}.extopo.json` }));
  expect(ps1.findAll('function_statement').length).toBeGreaterThan(rb.steps.length);
}

describe('generated PowerShell parses', () => {
  const names = availableExamples();

  it('covers the example designs present in examples/', () => {
    expect(names).toEqual(expect.arrayContaining(['seed-lab', 'minimal-ha']));
  });

  for (const name of names) {
    it(`${name}: every script, check and the whole .ps1`, () => {
      expectRunbookParses(name, exampleRunbook(name));
    });
  }

  it('minimal-ha on Windows Server 2012 (DnsServer module, NET-Framework-Core)', () => {
    const doc = withDnsDomainController(loadExample('minimal-ha'), '2012');
    for (const s of doc.design.servers) s.os = { version: '2012', edition: 'Standard', servicePack: 0 };
    const rb = runbookOf(doc);
    expect(rb.steps.find((s) => s.action.kind === 'dns-a-record')?.script).toContain('Add-DnsServerResourceRecordA @record');
    expectRunbookParses('minimal-ha-2012', rb);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Hostile values: replace every free-text value of every action (and every title and id) with attacker text. The
// schema would never let most of it in; this proves the rendering does not depend on that.

const HOSTILE = [
  "x'; Remove-Item -Recurse -Force C:\\; '",
  'x\u2019; Stop-Computer -Force; \u2018',
  '$(Stop-Computer -Force)',
  '"; Stop-Computer; "',
  "'@\nStop-Computer\n@'",
  'a`\nStop-Computer #',
  '#> Stop-Computer <#',
  '${env:ComSpec} | & cmd /c calc',
  "\u201A\u201B''\u2018\u2019",
];
/** Action fields that hold an enumeration the renderer maps (not free text). */
const ENUM_FIELDS = new Set(['kind', 'mode', 'protocol', 'affinity', 'startupType', 'version', 'edition', 'roles']);

function poison(value: unknown, key: string, counter: { n: number }): unknown {
  if (ENUM_FIELDS.has(key)) return value;
  if (typeof value === 'string') return HOSTILE[counter.n++ % HOSTILE.length];
  if (Array.isArray(value)) return value.map((v) => poison(v, key, counter));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, poison(v, k, counter)]));
  }
  return value;
}

function commandNames(parsed: ParsedPowerShell): string[] {
  return parsed.findAll('command_name').map((n) => parsed.text(n));
}

describe('hostile values cannot change the scripts', () => {
  for (const name of ['seed-lab', 'minimal-ha', 'multi-role-hlb'] as const) {
    it(`${name}: same commands, no parse errors, with attacker text in every value`, () => {
      const rb = exampleRunbook(name);
      const counter = { n: 0 };
      const steps: RunbookStep[] = rb.steps.map((step) => {
        const action = poison(step.action, '', counter) as StepAction;
        const { script, check } = renderAction(action, { restarts: step.restarts });
        if (step.target.kind !== 'operator') {
          const benignScript = parseWith(parser, step.script);
          const benignCheck = parseWith(parser, step.check);
          expect(commandNames(expectParses(`${step.id} hostile script`, script)), `${step.id} script commands`).toEqual(commandNames(benignScript));
          expect(commandNames(expectParses(`${step.id} hostile check`, check)), `${step.id} check commands`).toEqual(commandNames(benignCheck));
        }
        const target = step.target.kind === 'operator' ? step.target : { ...step.target, serverName: HOSTILE[counter.n++ % HOSTILE.length] };
        return { ...step, id: `${step.id}${HOSTILE[0]}`, title: HOSTILE[counter.n++ % HOSTILE.length], target, action, script, check };
      });
      const hostile: Runbook = { ...rb, title: HOSTILE[1], organization: HOSTILE[2], steps };
      const benignPs1 = parseWith(parser, renderPs1(rb));
      const ps1 = expectParses(`${name} hostile .ps1`, renderPs1(hostile, { designFile: HOSTILE[4] }));
      expect(commandNames(ps1)).toEqual(commandNames(benignPs1));
      expect(ps1.findAll('function_statement').length).toBe(benignPs1.findAll('function_statement').length);
    });
  }
});
