// The mail flow steps' PowerShell: it parses (tree-sitter-powershell, also in the whole-design .ps1) and passes the
// PowerShell 2.0 compatibility check (pwsh's parser): the Hub Transport route with POP3 / IMAP4 (minimal-ha), the Edge
// route (two-datacenter) and a multi-role design behind a hardware load balancer, with several accepted domains.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Parser } from 'web-tree-sitter';
import { loadPowerShellParser, parseWith } from '../../main/powershell/parse';
import { checkPs2Compatibility, formatPs2Findings, runbookScriptsForCheck } from '../../main/powershell/ps2compat';
import { generateRunbook } from '../../shared/runbook/generate';
import { renderPs1 } from '../../shared/runbook/ps1';
import type { Runbook } from '../../shared/runbook/types';
import { loadExample } from '../fixtures/designs';
import { describePwsh, itPwsh, pwshPath } from '../support/pwsh';

const NAMES = ['minimal-ha', 'two-datacenter', 'multi-role-hlb'] as const;

function planned(name: (typeof NAMES)[number]): Runbook {
  const doc = structuredClone(loadExample(name));
  doc.design.namespace =
    name === 'minimal-ha'
      ? { certificates: [{ id: 'cert-mail', subject: 'mail.contoso.com', names: ['autodiscover.contoso.com'], issuer: 'public', keySize: 2048, services: ['IIS', 'POP', 'IMAP'] }] }
      : name === 'multi-role-hlb'
        ? { mailFlow: { acceptedDomains: ['fabrikam.com', 'fabrikam.net', 'sales.fabrikam.com'], mx: [{ host: 'smtp.fabrikam.com', preference: 10 }] } }
        : {};
  const generated = generateRunbook(doc);
  if (!generated.ok) throw new Error(generated.message);
  return generated.runbook;
}

describe('mail flow PowerShell parses', () => {
  let parser: Parser;
  beforeAll(async () => {
    parser = await loadPowerShellParser();
  });

  it.each(NAMES)('%s: every mail flow step and the .ps1', (name) => {
    const runbook = planned(name);
    const steps = runbook.steps.filter((s) => s.id.startsWith('mail.') && s.target.kind !== 'operator');
    expect(steps.length).toBeGreaterThan(3);
    for (const step of steps) {
      expect(parseWith(parser, step.script).errors, `${step.id} script`).toEqual([]);
      expect(parseWith(parser, step.check).errors, `${step.id} check`).toEqual([]);
    }
    expect(parseWith(parser, renderPs1(runbook, { designFile: `${name}.extopo.json` })).errors).toEqual([]);
  });
});

describePwsh('mail flow PowerShell is PowerShell 2.0', () => {
  itPwsh(
    'finds nothing 2.0 lacks in any mail flow step',
    async () => {
      const scripts = NAMES.flatMap((name) => {
        const runbook = planned(name);
        const only = { ...runbook, steps: runbook.steps.filter((s) => s.id.startsWith('mail.')) };
        return runbookScriptsForCheck(only, () => '2008R2').map((s) => ({ ...s, name: `${name}: ${s.name}` }));
      });
      const results = await checkPs2Compatibility(scripts, { pwsh: pwshPath() });
      expect(formatPs2Findings(results)).toEqual([]);
    },
    300_000,
  );
});
