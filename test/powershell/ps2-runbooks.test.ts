// Every script ExTopo generates passes the PowerShell 2.0 compatibility check (pwsh's own parser, its AST walked for
// what 2.0 lacks): each step's script and check of every template and example, the whole-design .ps1, and runbooks of
// designs whose names and titles are hostile strings (fast-check). Exchange 2010's management shell and Windows
// Server 2008 R2 run PowerShell 2.0: a script that runs in pwsh 7 proves nothing about 2.0 without this.
import fc from 'fast-check';
import { beforeAll, expect } from 'vitest';
import { renderPs1 } from '../../shared/runbook/ps1';
import type { RunbookStep } from '../../shared/runbook/types';
import type { DesignDocument, WindowsVersion } from '../../shared/model/types';
import { listTemplates, findTemplate } from '../../shared/templates';
import { loadDesignValue } from '../../shared/model/load';
import { checkPs2Compatibility, formatPs2Findings, runbookScriptsForCheck } from '../../main/powershell/ps2compat';
import type { Ps2CheckResult, Ps2Script } from '../../main/powershell/ps2compat';
import { loadExample, EXAMPLE_NAMES } from '../fixtures/designs';
import { describePwsh, itPwsh, pwshPath } from '../support/pwsh';
import { runbookOf } from '../support/runbooks';

const SEED = 20261203;


/** The Windows version a step's text runs on: its server's (EMS text runs in the 2.0 shell of Exchange 2010 anyway). */
function targetFor(doc: DesignDocument): (step: RunbookStep) => WindowsVersion {
  const byName = new Map(doc.design.servers.map((s) => [s.name, s.os.version]));
  return (step) => (step.target.kind === 'operator' ? '2008R2' : step.target.kind === 'ems' ? '2008R2' : (byName.get(step.target.serverName) ?? '2008R2'));
}

/** Hostile names a design can carry (quotes of every kind, $( ), backticks, non-Latin letters), as valid object names. */
const hostileName = fc
  .string({ unit: fc.constantFrom("'", '‘', '’', '"', '$', '(', ')', '`', ';', 'é', 'ß', 'đ', '中', 'A', 'b', '1', ' ', '-', '_', '{', '}', '@', '#'), minLength: 1, maxLength: 24 })
  .map((s) => `X${s.replace(/\s+$/, '')}`);

describePwsh('PowerShell 2.0 compatibility of every generated script', () => {
  const scripts: Ps2Script[] = [];
  let results: Ps2CheckResult[] = [];

  beforeAll(async () => {
    const docs: { name: string; doc: DesignDocument }[] = [];
    for (const t of listTemplates()) {
      const template = findTemplate(t.name);
      const loaded = template ? loadDesignValue(template.document) : null;
      if (loaded?.ok) docs.push({ name: `template ${t.name}`, doc: loaded.document });
      else throw new Error(`template ${t.name} does not load`);
    }
    for (const name of EXAMPLE_NAMES) docs.push({ name: `example ${name}`, doc: loadExample(name) });
    const seed = loadExample('seed-lab');
    fc.sample(fc.tuple(hostileName, hostileName, hostileName), { seed: SEED, numRuns: 4 }).forEach(([org, array, title], i) => {
      const doc: DesignDocument = structuredClone(seed);
      doc.title = title;
      doc.design.organization.name = org;
      doc.design.casArrays[0].name = array;
      docs.push({ name: `fuzzed ${i}`, doc });
    });
    for (const { name, doc } of docs) {
      if (doc.design.servers.length === 0) continue;
      const runbook = runbookOf(doc);
      // large-lagged repeats the same step kinds for 60 servers: its first 300 steps cover every kind it has.
      const steps = name.endsWith('large-lagged') ? { ...runbook, steps: runbook.steps.slice(0, 300) } : runbook;
      for (const s of runbookScriptsForCheck(steps, targetFor(doc))) scripts.push({ ...s, name: `${name}: ${s.name}` });
      // The .ps1 holds every step's text: each step's command set is checked per server above; the whole file gets
      // the language rules (every target) and the commands of the newest Windows the design has.
      const newest = doc.design.servers.some((s) => s.os.version !== '2008' && s.os.version !== '2008R2') ? '2012R2' : '2008R2';
      scripts.push({ name: `${name}: runbook.ps1`, text: renderPs1(runbook).replace(/^\uFEFF/, ''), target: newest });
    }
    results = await checkPs2Compatibility(scripts, { pwsh: pwshPath() });
  }, 300_000);

  itPwsh('finds nothing 2.0 lacks and no parse error, in any step of any template, example or fuzzed design, nor in the .ps1', () => {
    expect(results).toHaveLength(scripts.length);
    expect(scripts.length).toBeGreaterThan(500);
    expect(formatPs2Findings(results)).toEqual([]);
  });
});
