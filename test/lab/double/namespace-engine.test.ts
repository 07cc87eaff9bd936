// The namespace steps through the pwsh engine: their real script and check text, run by PowerShell 7 against the host
// double (virtual directories, the SCP, Outlook Anywhere, the certificate request written with Set-Content, the CA's
// answer read with Get-Content -Encoding Byte into -FileData, Export-/Import-ExchangeCertificate with a run-time
// password, the TLS check through the NLB VIP). The rest of minimal-ha is deployed first by the TypeScript lab (fast),
// so only the namespace phase pays for pwsh. Needs pwsh.
import { expect } from 'vitest';
import { generateRunbook } from '../../../shared/runbook/generate';
import type { Runbook, RunbookStep } from '../../../shared/runbook/types';
import type { DesignDocument } from '../../../shared/model/types';
import { Credential, isCheckOnly, planRun } from '../../../main/executor';
import type { Transport } from '../../../main/executor';
import { LabTransport, LabWorld, evaluateCheck } from '../../../main/lab';
import { exchangeServerView } from '../../../main/lab/exchangeState';
import { HostDoubleTransport } from '../../../main/lab/double/transport';
import { loadExample } from '../../fixtures/designs';
import { describePwsh, itPwsh } from '../../support/pwsh';
import { runbookPart, tempDirs } from '../../support/runbooks';

const tempDir = tempDirs('extopo-ns-pwsh-');

const part = runbookPart;

async function run(doc: DesignDocument, runbook: Runbook, transport: Transport, runsDir: string) {
  const ex = planRun({
    runbook,
    hosts: Object.fromEntries(doc.design.servers.map((s) => [s.name, s.fqdn || s.name])),
    credential: new Credential({ userName: 'LAB\\test', password: '' }),
    transport,
    options: { runsDir, dryRun: false, autoConfirm: { by: 'test', reason: 'pwsh namespace test' }, stepTimeoutMs: 120_000, restartTimeoutMs: 5_000 },
  });
  const summary = await ex.start();
  await ex.close();
  return summary;
}

const isNamespace = (s: RunbookStep): boolean => s.id.startsWith('ns.');

describePwsh('the pwsh engine on the namespace phase of minimal-ha', () => {
  itPwsh(
    'runs every namespace script green against the host double; the TypeScript lab agrees; a second run executes nothing',
    async () => {
      const doc = structuredClone(loadExample('minimal-ha'));
      doc.design.namespace = {};
      const generated = generateRunbook(doc);
      if (!generated.ok) throw new Error(generated.message);
      const world = LabWorld.create(doc.design);
      const base = await run(doc, part(generated.runbook, (s) => !isNamespace(s)), new LabTransport(world), tempDir());
      expect(base.failedSteps).toEqual([]);

      const ns = part(generated.runbook, isNamespace);
      const runsDir = tempDir();
      const before = world.state.executions.length;
      const first = await run(doc, ns, new HostDoubleTransport({ world }), runsDir);
      expect(first.failedSteps).toEqual([]);
      expect(first.status).toBe('succeeded');
      for (const step of ns.steps) {
        if (step.target.kind === 'operator') continue;
        expect(evaluateCheck({ world, step, host: world.host(step.target.serverName)! }), step.id).toEqual({ done: true, problems: [] });
      }
      const cas2 = exchangeServerView(world.host('CAS2')!);
      const cas1 = exchangeServerView(world.host('CAS1')!);
      const iis = (certs: typeof cas1.certificates) => certs.find((c) => c.services.includes('IIS'));
      expect(iis(cas2.certificates)?.thumbprint).toBe(iis(cas1.certificates)?.thumbprint);
      expect(iis(cas2.certificates)?.selfSigned).toBe(false);
      expect(cas2.outlookAnywhere?.externalHostname).toBe('mail.contoso.com');
      expect(cas2.autoDiscoverServiceInternalUri).toBe('https://mail.contoso.com/Autodiscover/Autodiscover.xml');

      const ran = world.state.executions.length;
      expect(ran).toBeGreaterThan(before);
      const second = await run(doc, ns, new HostDoubleTransport({ world }), runsDir);
      expect(second.status).toBe('succeeded');
      expect(world.state.executions.length).toBe(ran);
      for (const s of second.steps) {
        const step = ns.steps.find((x) => x.id === s.stepId)!;
        expect(s.status, s.stepId).toBe(step.target.kind === 'operator' ? 'confirmed' : isCheckOnly(step) ? 'passed' : 'already-done');
      }
    },
    600_000,
  );
});
