// The namespace steps' PowerShell: it parses (tree-sitter-powershell, also in the whole-design .ps1) and passes the
// PowerShell 2.0 compatibility check (pwsh's parser), for NLB and hardware load balancer designs with a namespace.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Parser } from 'web-tree-sitter';
import { loadPowerShellParser, parseWith } from '../../main/powershell/parse';
import { checkPs2Compatibility, formatPs2Findings, runbookScriptsForCheck } from '../../main/powershell/ps2compat';
import { generateRunbook } from '../../shared/runbook/generate';
import { renderPs1 } from '../../shared/runbook/ps1';
import type { Runbook } from '../../shared/runbook/types';
import type { DesignDocument } from '../../shared/model/types';
import { loadExample } from '../fixtures/designs';
import { describePwsh, itPwsh, pwshPath } from '../support/pwsh';

function namespaced(name: 'minimal-ha' | 'multi-role-hlb' | 'seed-lab'): { doc: DesignDocument; runbook: Runbook } {
  const doc = structuredClone(loadExample(name));
  // A hostile organization name reaches the certificate subject: quoting must hold.
  doc.design.organization.name = "O'Brien (Contoso)";
  doc.design.namespace = { sites: [{ siteId: doc.design.sites[0].id, services: [{ service: 'eas', externalHost: 'sync.example.com' }] }] };
  const generated = generateRunbook(doc);
  if (!generated.ok) throw new Error(generated.message);
  return { doc, runbook: generated.runbook };
}

const NAMES = ['minimal-ha', 'multi-role-hlb', 'seed-lab'] as const;

describe('namespace PowerShell parses', () => {
  let parser: Parser;
  beforeAll(async () => {
    parser = await loadPowerShellParser();
  });

  it.each(NAMES)('%s: every namespace step and the .ps1', (name) => {
    const { runbook } = namespaced(name);
    const steps = runbook.steps.filter((s) => s.id.startsWith('ns.') && s.target.kind !== 'operator');
    expect(steps.length).toBeGreaterThan(5);
    for (const step of steps) {
      expect(parseWith(parser, step.script).errors, `${step.id} script`).toEqual([]);
      expect(parseWith(parser, step.check).errors, `${step.id} check`).toEqual([]);
    }
    expect(parseWith(parser, renderPs1(runbook, { designFile: `${name}.extopo.json` })).errors).toEqual([]);
  });
});

describePwsh('namespace PowerShell is PowerShell 2.0', () => {
  itPwsh(
    'finds nothing 2.0 lacks in any namespace step',
    async () => {
      const scripts = NAMES.flatMap((name) => {
        const { runbook } = namespaced(name);
        const only = { ...runbook, steps: runbook.steps.filter((s) => s.id.startsWith('ns.')) };
        return runbookScriptsForCheck(only, () => '2008R2').map((s) => ({ ...s, name: `${name}: ${s.name}` }));
      });
      const results = await checkPs2Compatibility(scripts, { pwsh: pwshPath() });
      expect(formatPs2Findings(results)).toEqual([]);
    },
    300_000,
  );
});
