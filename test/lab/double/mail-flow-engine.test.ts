// The mail flow steps through the pwsh engine: their real script and check text, run by PowerShell 7 against the host
// double — accepted domains, the default e-mail address policy, the Internet send connector and the Default receive
// connectors (minimal-ha, with POP3 / IMAP4 on its certificate), and the Edge Subscription (two-datacenter: the Edge's
// own shell through Add-PSSnapin, the file carried by the operator step, -FileData from Get-Content -Encoding Byte,
// Start-EdgeSynchronization). The rest of each design is deployed by the TypeScript lab first (fast), so only the mail
// flow pays for pwsh. A dry run changes nothing; the TypeScript lab's checks agree; a second run executes nothing; a
// hostile domain name reaches New-AcceptedDomain as one value. Needs pwsh.
import { expect } from 'vitest';
import { generateRunbook } from '../../../shared/runbook/generate';
import { renderActionCode } from '../../../shared/runbook/scripts';
import type { Runbook, RunbookStep } from '../../../shared/runbook/types';
import type { DesignDocument } from '../../../shared/model/types';
import type { Namespace } from '../../../shared/model/namespace';
import { Credential, isCheckOnly, planRun } from '../../../main/executor';
import type { Transport } from '../../../main/executor';
import { LabTransport, LabWorld, evaluateCheck } from '../../../main/lab';
import { acceptedDomainsView, emailAddressPoliciesView, receiveConnectorsView, sendConnectorsView } from '../../../main/lab/mailFlowState';
import { HostDoubleTransport } from '../../../main/lab/double/transport';
import { loadExample } from '../../fixtures/designs';
import { describePwsh, itPwsh } from '../../support/pwsh';
import { runbookPart, tempDirs } from '../../support/runbooks';

const tempDir = tempDirs('extopo-mail-pwsh-');

const part = runbookPart;

async function run(doc: DesignDocument, runbook: Runbook, transport: Transport, runsDir: string, dryRun = false) {
  const ex = planRun({
    runbook,
    hosts: Object.fromEntries(doc.design.servers.map((s) => [s.name, s.fqdn || s.name])),
    credential: new Credential({ userName: 'LAB\\test', password: '' }),
    transport,
    options: { runsDir, dryRun, autoConfirm: { by: 'test', reason: 'pwsh mail flow test' }, stepTimeoutMs: 120_000, restartTimeoutMs: 5_000 },
  });
  const summary = await ex.start();
  await ex.close();
  return summary;
}

const isMail = (s: RunbookStep): boolean => s.id.startsWith('mail.');

const POP_IMAP: Namespace = { certificates: [{ id: 'cert-mail', subject: 'mail.contoso.com', names: ['autodiscover.contoso.com'], issuer: 'public', keySize: 2048, services: ['IIS', 'POP', 'IMAP'] }] };

/** Deploys everything but the mail flow with the TypeScript lab; returns the world and the mail flow part. */
async function prepared(name: 'minimal-ha' | 'two-datacenter', namespace: Namespace) {
  const doc = structuredClone(loadExample(name));
  doc.design.namespace = namespace;
  const generated = generateRunbook(doc);
  if (!generated.ok) throw new Error(generated.message);
  const world = LabWorld.create(doc.design);
  const base = await run(doc, part(generated.runbook, (s) => !isMail(s)), new LabTransport(world), tempDir());
  expect(base.failedSteps).toEqual([]);
  return { doc, world, mail: part(generated.runbook, isMail) };
}

/** Runs the mail flow part twice through pwsh: green, every check agrees in the TypeScript lab, the second run executes nothing. */
async function twice(doc: DesignDocument, world: LabWorld, mail: Runbook): Promise<void> {
  const runsDir = tempDir();
  const before = world.state.executions.length;
  const first = await run(doc, mail, new HostDoubleTransport({ world }), runsDir);
  expect(first.failedSteps).toEqual([]);
  expect(first.status).toBe('succeeded');
  for (const step of mail.steps) {
    if (step.target.kind === 'operator') continue;
    expect(evaluateCheck({ world, step, host: world.host(step.target.serverName)! }), step.id).toEqual({ done: true, problems: [] });
  }
  const ran = world.state.executions.length;
  expect(ran).toBeGreaterThan(before);
  const second = await run(doc, mail, new HostDoubleTransport({ world }), runsDir);
  expect(second.status).toBe('succeeded');
  expect(world.state.executions.length).toBe(ran);
  for (const s of second.steps) {
    const step = mail.steps.find((x) => x.id === s.stepId)!;
    expect(s.status, s.stepId).toBe(step.target.kind === 'operator' ? 'confirmed' : isCheckOnly(step) ? 'passed' : 'already-done');
  }
}

describePwsh('the pwsh engine on the mail flow phase', () => {
  itPwsh(
    'minimal-ha: a dry run changes nothing; the real run is green, agrees with the TypeScript lab and is not repeated',
    async () => {
      const { doc, world, mail } = await prepared('minimal-ha', POP_IMAP);
      const snapshot = JSON.stringify({ org: world.state.org.mailFlow ?? null, hosts: world.state.hosts.map((h) => [h.mailFlow ?? null, h.services]) });
      const dry = await run(doc, mail, new HostDoubleTransport({ world }), tempDir(), true);
      expect(dry.failedSteps).toEqual([]);
      expect(JSON.stringify({ org: world.state.org.mailFlow ?? null, hosts: world.state.hosts.map((h) => [h.mailFlow ?? null, h.services]) })).toBe(snapshot);

      await twice(doc, world, mail);
      const state = world.state;
      expect(acceptedDomainsView(state).find((d) => d.domainName === 'contoso.com')).toMatchObject({ domainType: 'Authoritative', isDefault: true });
      expect(emailAddressPoliciesView(state)[0]).toMatchObject({ templates: ['SMTP:@contoso.com', 'smtp:@contoso.local'], applied: true });
      expect(sendConnectorsView(state).map((c) => [c.name, c.addressSpaces, c.sourceServers])).toEqual([['Internet', ['*'], ['CAS1', 'CAS2']]]);
      expect(receiveConnectorsView(world.host('CAS2')!).find((c) => c.name === 'Default CAS2')?.permissionGroups).toContain('AnonymousUsers');
      expect(world.host('CAS2')!.services.MSExchangePOP3).toEqual({ startMode: 'Auto', running: true });
    },
    600_000,
  );

  itPwsh(
    'two-datacenter: the Edge Subscription through the Edge shell, the copied file and the hub; EdgeSync; not repeated',
    async () => {
      const { doc, world, mail } = await prepared('two-datacenter', {});
      await twice(doc, world, mail);
      expect(world.state.org.mailFlow?.edgeSubscriptions?.map((s) => [s.name, s.site])).toEqual([['PR-EDGE1', 'Primary']]);
      expect(sendConnectorsView(world.state).map((c) => c.name)).toEqual(['EdgeSync - Primary to Internet', 'EdgeSync - Inbound to Primary']);
      expect(world.host('PR-EDGE1')!.mailFlow?.edge?.replicated?.sendConnectors.map((c) => c.name)).toContain('EdgeSync - Primary to Internet');
    },
    600_000,
  );

  itPwsh(
    'a hostile accepted domain reaches New-AcceptedDomain as one value and is refused there; nothing else runs',
    async () => {
      const { world } = await prepared('minimal-ha', {});
      const hostile = "evil.com'; Set-AcceptedDomain -Identity 'contoso.local' -MakeDefault $false; '";
      const code = renderActionCode({ kind: 'accepted-domain', name: 'evil', domainName: hostile, makeDefault: false });
      const transport = new HostDoubleTransport({ world });
      try {
        const outcome = await transport.invoke('CAS1', 'ems', `$DryRun = $false\n${code.script.text}`);
        expect(outcome.status).toBe('failed');
        expect(outcome.status === 'failed' && outcome.error.message).toContain(`"${hostile}" isn't a valid SMTP domain`);
      } finally {
        await transport.close();
      }
      expect(acceptedDomainsView(world.state).map((d) => [d.domainName, d.isDefault])).toEqual([['contoso.local', true]]);
    },
    300_000,
  );
  itPwsh(
    'the double refuses what Exchange 2010 refuses: a parameter the cmdlet lacks, both template parameters, -FileName on a hub, unknown permission groups, a Mailbox server as source, a template outside the accepted domains; no snap-in before setup',
    async () => {
      const { world } = await prepared('two-datacenter', {});
      const script = [
        'function Try-It([scriptblock] $Block) { try { & $Block | Out-Null; "no error" } catch { [string]$_.Exception.Message } }',
        "Try-It { Set-PopSettings -Identity 'PR-CAS1' -ErrorAction Stop }",
        "Try-It { Set-EmailAddressPolicy -Identity 'Default Policy' -EnabledEmailAddressTemplates 'SMTP:@tailspin.local' -EnabledPrimarySMTPAddressTemplate '@tailspin.local' -ErrorAction Stop }",
        "Try-It { New-EdgeSubscription -FileName 'C:\\ExTopo\\x.xml' -ErrorAction Stop }",
        "Try-It { Set-ReceiveConnector -Identity 'PR-CAS1\\Default PR-CAS1' -PermissionGroups 'Everyone' -ErrorAction Stop }",
        "Try-It { New-SendConnector -Name 'X' -Usage Internet -AddressSpaces '*' -SourceTransportServers 'PR-MB1' -ErrorAction Stop }",
        "Try-It { Set-EmailAddressPolicy -Identity 'Default Policy' -EnabledEmailAddressTemplates 'SMTP:%m@fabrikam.com' -ErrorAction Stop }",
        "Try-It { Update-EmailAddressPolicy -Identity 'Default Policy' -UpdateSecondaryAddressesOnly -ErrorAction Stop }",
      ].join('\n');
      const transport = new HostDoubleTransport({ world });
      let lines: string[] = [];
      try {
        const outcome = await transport.invoke('PR-CAS1', 'ems', script);
        expect(outcome.status).toBe('ok');
        lines = outcome.status === 'ok' ? outcome.lines.filter((l) => l.tag === 'o').map((l) => l.text) : [];
      } finally {
        await transport.close();
      }
      expect(lines).toHaveLength(7);
      expect(lines[0]).toContain("A parameter cannot be found that matches parameter name 'Identity'");
      expect(lines[1]).toContain("can't use the EnabledEmailAddressTemplates parameter with the EnabledPrimarySMTPAddressTemplate parameter");
      expect(lines[2]).toContain('can only be used when you run the command on an Edge Transport server');
      expect(lines[3]).toContain('Cannot convert value "Everyone"');
      expect(lines[4]).toContain("PR-MB1 isn't a Hub Transport server");
      expect(lines[5]).toContain("fabrikam.com in the e-mail address template");
      // -UpdateSecondaryAddressesOnly is Exchange 2013 and later.
      expect(lines[6]).toContain("A parameter cannot be found that matches parameter name 'UpdateSecondaryAddressesOnly'");

      // Before Exchange setup there is no Exchange snap-in on the Edge.
      const fresh = LabWorld.create(structuredClone(loadExample('two-datacenter')).design);
      const bare = new HostDoubleTransport({ world: fresh });
      try {
        const outcome = await bare.invoke('PR-EDGE1', 'host', "Add-PSSnapin -Name 'Microsoft.Exchange.Management.PowerShell.E2010' -ErrorAction Stop");
        expect(outcome.status).toBe('failed');
        expect(outcome.status === 'failed' && outcome.error.message).toContain("The Windows PowerShell snap-in 'Microsoft.Exchange.Management.PowerShell.E2010' is not installed on this computer.");
      } finally {
        await bare.close();
      }
    },
    300_000,
  );
});
