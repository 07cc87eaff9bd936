// The mail flow phase of the runbook (steps, cmdlets and their Exchange 2010 parameters, dry run and error switches)
// and its rehearsal through the TypeScript lab: Internet mail through the Hub Transport servers (minimal-ha) and through
// a subscribed Edge Transport server (two-datacenter), POP3 / IMAP4 with the certificate; every check green, a second
// run changes nothing; an expired Edge Subscription file and a hostile domain name are refused as data.
//
// Expected values come from the Exchange 2010 documentation: the Hub Transport server's receive connector "Default
// <server>" with ExchangeUsers, ExchangeServers, ExchangeLegacyServers after setup (TechNet "Configure Internet Mail Flow
// Directly Through a Hub Transport Server"; the permission groups as Get-ReceiveConnector lists them); the send connector
// "EdgeSync - <site> to Internet" an Edge Subscription creates (New-EdgeSubscription -CreateInternetSendConnector); the
// forest root domain as setup's default accepted domain; POP3 / IMAP4 installed with Manual startup.
import '../setup/data-dir';
import { describe, expect, it } from 'vitest';
import { renderActionCode } from '../../shared/runbook/scripts';
import { runbookContentHash } from '../../shared/runbook/hash';
import type { Runbook, RunbookStep } from '../../shared/runbook/types';
import type { Namespace } from '../../shared/model/namespace';
import { Credential, isCheckOnly, planRun } from '../../main/executor';
import { LabTransport, LabWorld, evaluateCheck } from '../../main/lab';
import { applyActionEffect } from '../../main/lab/effects';
import { acceptedDomainsView, emailAddressPoliciesView, receiveConnectorsView, sendConnectorsView, protocolSettingsView } from '../../main/lab/mailFlowState';
import { readLabFile, writeLabFile } from '../../main/lab/namespaceActions';
import { loadExample } from '../fixtures/designs';
import { plannedExample, rehearseInLab, runbookOf, tempDirs } from '../support/runbooks';

const tempDir = tempDirs('extopo-mail-');

/** minimal-ha with POP3 and IMAP4 enabled on its certificate (CAS1 and CAS2 are Client Access + Hub Transport). */
const POP_IMAP: Namespace = { certificates: [{ id: 'cert-mail', subject: 'mail.contoso.com', names: ['autodiscover.contoso.com'], issuer: 'public', keySize: 2048, services: ['IIS', 'POP', 'IMAP'] }] };

const planned = plannedExample;
const rehearse = rehearseInLab;

const mailSteps = (runbook: Runbook): RunbookStep[] => runbook.steps.filter((s) => s.id.startsWith('mail.'));

describe('the mail flow phase', () => {
  it('is absent until the design states a namespace (old designs keep their runbook)', () => {
    expect(runbookOf(loadExample('minimal-ha')).steps.some((s) => s.phase === 'mail-flow' || s.id.startsWith('mail.'))).toBe(false);
    expect(runbookOf(loadExample('two-datacenter')).steps.some((s) => s.phase === 'mail-flow' || s.id.startsWith('mail.'))).toBe(false);
  });

  it('through the Hub Transport servers: accepted domain, address policy, Internet send connector, anonymous Default receive connectors', () => {
    const steps = mailSteps(runbookOf(planned('minimal-ha', POP_IMAP)));
    const byId = new Map(steps.map((s) => [s.id, s]));
    expect(steps.map((s) => s.id)).toEqual(
      expect.arrayContaining([
        'mail.accepted-domain.contoso.com',
        'mail.address-policy',
        'mail.send-connector',
        'mail.receive-anonymous.srv-cas1',
        'mail.receive-anonymous.srv-cas2',
        'mail.pop.certificate.srv-cas1',
        'mail.imap.service.srv-cas2',
        'mail.verify',
        'mail.verify-mx',
      ]),
    );
    expect(steps.some((s) => s.id.startsWith('mail.edge.'))).toBe(false);
    const domain = byId.get('mail.accepted-domain.contoso.com')!;
    expect(domain.target).toEqual({ kind: 'ems', serverId: 'srv-cas1', serverName: 'CAS1' });
    expect(domain.script).toContain("New-AcceptedDomain -Name 'contoso.com' -DomainName 'contoso.com' -DomainType Authoritative -WhatIf:$DryRun -ErrorAction Stop");
    // contoso.com is the primary SMTP domain (the organization's external names): it becomes the default.
    expect(domain.script).toContain('Set-AcceptedDomain -Identity ([string]$domain.Name) -MakeDefault $true -WhatIf:$DryRun -ErrorAction Stop');
    expect(domain.dependsOn).toContain('setup.rollup-restart.srv-cas1');
    const policy = byId.get('mail.address-policy')!;
    expect(policy.script).toContain("Set-EmailAddressPolicy -Identity 'Default Policy' -EnabledEmailAddressTemplates $new -WhatIf:$DryRun -ErrorAction Stop");
    expect(policy.script).toContain("Update-EmailAddressPolicy -Identity 'Default Policy' -WhatIf:$DryRun -ErrorAction Stop");
    expect(policy.script).not.toContain('EnabledPrimarySMTPAddressTemplate');
    expect(policy.dependsOn).toContain('mail.accepted-domain.contoso.com');
    const send = byId.get('mail.send-connector')!;
    expect(send.script).toContain("New-SendConnector -Name 'Internet' -Usage Internet -AddressSpaces @('*') -SourceTransportServers @('CAS1', 'CAS2') -DNSRoutingEnabled $true -WhatIf:$DryRun -ErrorAction Stop");
    expect(send.dependsOn).toEqual(expect.arrayContaining(['setup.rollup-restart.srv-cas1', 'setup.rollup-restart.srv-cas2']));
    const receive = byId.get('mail.receive-anonymous.srv-cas2')!;
    expect(receive.script).toContain("$identity = 'CAS2' + '\\' + 'Default CAS2'");
    expect(receive.script).toContain("Set-ReceiveConnector -Identity $identity -PermissionGroups ((@($groups) + 'AnonymousUsers') -join ',') -WhatIf:$DryRun -ErrorAction Stop");
    const pop = byId.get('mail.pop.certificate.srv-cas2')!;
    expect(pop.script).toContain("$certificate = @{ X509CertificateName = 'mail.contoso.com' }");
    expect(pop.script).toContain("Set-PopSettings -Server 'CAS2' @certificate -WhatIf:$DryRun -ErrorAction Stop");
    expect(pop.dependsOn).toContain('ns.cert.copy.cert-mail.srv-cas2');
    const imap = byId.get('mail.imap.certificate.srv-cas1')!;
    expect(imap.script).toContain("Set-ImapSettings -Server 'CAS1' @certificate -WhatIf:$DryRun -ErrorAction Stop");
    expect(imap.dependsOn).toContain('ns.cert.complete.cert-mail');
    const service = byId.get('mail.imap.service.srv-cas2')!;
    expect(service.target).toEqual({ kind: 'host', serverId: 'srv-cas2', serverName: 'CAS2' });
    expect(service.script).toContain("Set-Service -Name 'MSExchangeIMAP4' -StartupType Automatic -WhatIf:$DryRun -ErrorAction Stop");
    expect(service.dependsOn).toContain('mail.imap.certificate.srv-cas2');
    expect(byId.get('mail.verify')!.phase).toBe('verification');
    expect(byId.get('mail.verify-mx')!.target.kind).toBe('operator');
  });

  it('through a subscribed Edge Transport server: export on the Edge, copy, import on a hub of the site, EdgeSync; no Internet send connector', () => {
    const steps = mailSteps(runbookOf(planned('two-datacenter')));
    const byId = new Map(steps.map((s) => [s.id, s]));
    expect(steps.some((s) => s.id === 'mail.send-connector' || s.id.startsWith('mail.receive-anonymous.'))).toBe(false);
    const exported = byId.get('mail.edge.export.srv-pr-edge1')!;
    expect(exported.target).toEqual({ kind: 'host', serverId: 'srv-pr-edge1', serverName: 'PR-EDGE1' });
    expect(exported.script).toContain("Add-PSSnapin -Name 'Microsoft.Exchange.Management.PowerShell.E2010' -ErrorAction Stop");
    expect(exported.script).toContain("New-EdgeSubscription -FileName 'C:\\ExTopo\\EdgeSubscription\\PR-EDGE1.xml' -Force -WhatIf:$DryRun -ErrorAction Stop");
    expect(exported.dependsOn).toContain('setup.rollup-restart.srv-pr-edge1');
    const copy = byId.get('mail.edge.copy.srv-pr-edge1')!;
    expect(copy.target.kind).toBe('operator');
    expect(copy.action.kind === 'operator' && copy.action.checklist.join(' ')).toContain('1440 minutes');
    const imported = byId.get('mail.edge.import.srv-pr-edge1')!;
    // A Hub Transport server of the subscribed site (Primary) imports it.
    expect(imported.target).toEqual({ kind: 'ems', serverId: 'srv-pr-cas1', serverName: 'PR-CAS1' });
    expect(imported.script).toContain("New-EdgeSubscription -FileData ([byte[]]$(Get-Content -Path 'C:\\ExTopo\\EdgeSubscription\\PR-EDGE1.xml' -Encoding Byte -ReadCount 0)) -Site 'Primary' -WhatIf:$DryRun -ErrorAction Stop");
    expect(imported.dependsOn).toEqual(expect.arrayContaining(['mail.edge.copy.srv-pr-edge1', 'setup.rollup-restart.srv-pr-cas1', 'mail.accepted-domain.tailspintoys.com']));
    const sync = byId.get('mail.edge.sync.srv-pr-edge1')!;
    expect(sync.script).toContain("Start-EdgeSynchronization -Server 'PR-CAS1' -TargetServer 'PR-EDGE1' -WhatIf:$DryRun -ErrorAction Stop");
    expect(sync.check).toContain("Test-EdgeSynchronization -ExcludeRecipientTest -TargetServer 'PR-EDGE1'");
    const verify = byId.get('mail.verify')!;
    expect(verify.action).toMatchObject({ kind: 'verify-mail-flow', sendConnectors: ['EdgeSync - Primary to Internet'], edgeSubscriptions: ['PR-EDGE1'] });
  });

  it('passes the dry run and the error mode explicitly to every command that changes something; checks change nothing', () => {
    const changing = /\b(New-AcceptedDomain|Set-AcceptedDomain|Set-EmailAddressPolicy|Update-EmailAddressPolicy|New-SendConnector|Set-SendConnector|Set-ReceiveConnector|New-EdgeSubscription|Start-EdgeSynchronization|Set-PopSettings|Set-ImapSettings|Set-Service|Restart-Service|Start-Service|New-ItemProperty)\b/;
    for (const doc of [planned('minimal-ha', POP_IMAP), planned('two-datacenter'), planned('multi-role-hlb')]) {
      for (const step of mailSteps(runbookOf(doc))) {
        for (const line of step.script.split('\n')) {
          if (changing.test(line) && !/^\s*#/.test(line)) expect(line, `${step.id}: ${line}`).toContain('-WhatIf:$DryRun -ErrorAction Stop');
          if (/\bNew-Item\b/.test(line)) expect(line, `${step.id}: ${line}`).toMatch(/if \(-not \$DryRun|-WhatIf:\$DryRun/);
        }
        expect(step.check, step.id).not.toMatch(/\b(New-|Set-(?!Content)|Update-|Start-|Restart-)\w+/);
      }
    }
  });

  it('rehearses the Hub Transport route green in the TypeScript lab; a second run changes nothing', async () => {
    const doc = planned('minimal-ha', POP_IMAP);
    const world = LabWorld.create(doc.design);
    // Setup's state before the runbook: no POP3 on a Client Access server, no Internet send connector.
    const runsDir = tempDir();
    const first = await rehearse(doc, world, runsDir);
    expect(first.summary.failedSteps).toEqual([]);
    expect(first.summary.status).toBe('succeeded');
    for (const step of first.runbook.steps) {
      if (step.target.kind === 'operator') continue;
      expect(evaluateCheck({ world, step, host: world.host(step.target.serverName)! }), step.id).toEqual({ done: true, problems: [] });
    }
    const state = world.state;
    const domains = acceptedDomainsView(state);
    // Setup's accepted domain (the forest root domain contoso.local) stays; contoso.com is added and made the default.
    expect(domains.map((d) => [d.domainName, d.domainType, d.isDefault])).toEqual([
      ['contoso.local', 'Authoritative', false],
      ['contoso.com', 'Authoritative', true],
    ]);
    // The policy keeps its local part (none: the alias) and the old primary as a proxy address.
    expect(emailAddressPoliciesView(state).find((p) => p.name === 'Default Policy')?.templates).toEqual(['SMTP:@contoso.com', 'smtp:@contoso.local']);
    expect(sendConnectorsView(state)).toEqual([expect.objectContaining({ name: 'Internet', addressSpaces: ['*'], sourceServers: ['CAS1', 'CAS2'], dnsRoutingEnabled: true })]);
    for (const name of ['CAS1', 'CAS2']) {
      const host = world.host(name)!;
      expect(receiveConnectorsView(host).find((c) => c.name === `Default ${name}`)?.permissionGroups).toEqual(['ExchangeUsers', 'ExchangeServers', 'ExchangeLegacyServers', 'AnonymousUsers']);
      // The Client connector (587) is not opened to anonymous senders.
      expect(receiveConnectorsView(host).find((c) => c.name === `Client ${name}`)?.permissionGroups).toEqual(['ExchangeUsers']);
      expect(host.services.MSExchangePOP3).toEqual({ startMode: 'Auto', running: true });
      expect(host.services.MSExchangeIMAP4).toEqual({ startMode: 'Auto', running: true });
      expect(protocolSettingsView(host, 'IMAP').x509CertificateName).toBe('mail.contoso.com');
    }
    // A Mailbox server is untouched: no POP3 there.
    expect(world.host('MB1')!.services.MSExchangePOP3).toBeUndefined();

    const executions = world.state.executions.length;
    const second = await rehearse(doc, world, runsDir);
    expect(second.summary.status).toBe('succeeded');
    expect(world.state.executions.length).toBe(executions);
    for (const s of second.summary.steps) {
      const step = first.runbook.steps.find((x) => x.id === s.stepId)!;
      expect(s.status, s.stepId).toBe(step.target.kind === 'operator' ? 'confirmed' : isCheckOnly(step) ? 'passed' : 'already-done');
    }
  });

  it('rehearses the Edge route green: the subscription makes the EdgeSync connectors, EdgeSync fills the Edge; a second run changes nothing', async () => {
    const doc = planned('two-datacenter');
    const world = LabWorld.create(doc.design);
    const runsDir = tempDir();
    const first = await rehearse(doc, world, runsDir);
    expect(first.summary.failedSteps).toEqual([]);
    const state = world.state;
    expect(state.org.mailFlow?.edgeSubscriptions).toEqual([{ name: 'PR-EDGE1', site: 'Primary', fqdn: 'pr-edge1.tailspin.local' }]);
    expect(sendConnectorsView(state).map((c) => [c.name, c.addressSpaces, c.sourceServers, c.dnsRoutingEnabled])).toEqual([
      ['EdgeSync - Primary to Internet', ['*'], ['PR-EDGE1'], true],
      ['EdgeSync - Inbound to Primary', ['--'], ['PR-EDGE1'], false],
    ]);
    const edge = world.host('PR-EDGE1')!;
    expect(edge.mailFlow?.edge?.replicated?.sendConnectors.map((c) => c.name)).toEqual(['EdgeSync - Primary to Internet', 'EdgeSync - Inbound to Primary']);
    expect(edge.mailFlow?.edge?.replicated?.acceptedDomains.map((d) => d.domainName)).toContain('tailspintoys.com');
    // The Hub Transport servers stay closed to anonymous Internet mail: the Edge receives it.
    expect(receiveConnectorsView(world.host('PR-CAS1')!).find((c) => c.name === 'Default PR-CAS1')?.permissionGroups).not.toContain('AnonymousUsers');
    const executions = state.executions.length;
    const second = await rehearse(doc, world, runsDir);
    expect(second.summary.status).toBe('succeeded');
    // Nothing runs twice, in any phase (a DR member's RpcClientAccessServer step leaves the primary site's databases,
    // whose passive copies it holds, on the primary array).
    expect(world.state.executions.slice(executions).map((e) => e.stepId)).toEqual([]);
    for (const s of second.summary.steps) {
      const step = second.runbook.steps.find((x) => x.id === s.stepId)!;
      expect(s.status, s.stepId).toBe(step.target.kind === 'operator' ? 'confirmed' : isCheckOnly(step) ? 'passed' : 'already-done');
    }
  });

  it('an Edge Subscription file older than 1440 minutes is refused by the import', async () => {
    const doc = planned('two-datacenter');
    const runbook = runbookOf(doc);
    const world = LabWorld.create(doc.design);
    const before = runbook.steps.slice(0, runbook.steps.findIndex((s) => s.id === 'mail.edge.import.srv-pr-edge1'));
    const ex = planRun({
      runbook: { ...runbook, steps: before, contentHash: runbookContentHash(before) },
      hosts: Object.fromEntries(doc.design.servers.map((s) => [s.name, s.fqdn])),
      credential: new Credential({ userName: 'LAB\\test', password: '' }),
      transport: new LabTransport(world),
      options: { runsDir: tempDir(), dryRun: false, autoConfirm: { by: 'test', reason: 'lab' } },
    });
    expect((await ex.start()).failedSteps).toEqual([]);
    await ex.close();
    const path = 'C:\\ExTopo\\EdgeSubscription\\PR-EDGE1.xml';
    const hub = world.host('PR-CAS1')!;
    const text = readLabFile(hub, path)!;
    expect(text).toContain('<EdgeServerName>PR-EDGE1</EdgeServerName>');
    const old = new Date(Date.now() - 1441 * 60_000).toISOString();
    writeLabFile(hub, path, text.replace(/<EffectiveDate>[^<]*<\/EffectiveDate>/, `<EffectiveDate>${old}</EffectiveDate>`));
    const step = runbook.steps.find((s) => s.id === 'mail.edge.import.srv-pr-edge1')!;
    const result = applyActionEffect({ world, host: hub, out: () => undefined }, step.action);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toContain('has expired');
    expect(world.state.org.mailFlow?.edgeSubscriptions ?? []).toEqual([]);
  });

  it('a hostile accepted domain stays data: quoted in the script, refused by New-AcceptedDomain as a domain name', () => {
    const hostile = "contoso.com'; Remove-Item -Recurse C:\\ ; '";
    const code = renderActionCode({ kind: 'accepted-domain', name: hostile, domainName: hostile, makeDefault: true });
    expect(code.script.text).toContain("-DomainName 'contoso.com''; Remove-Item -Recurse C:\\ ; ''' -DomainType Authoritative");
    expect(code.script.text).not.toMatch(/-DomainName 'contoso\.com'; Remove-Item/);
    const world = LabWorld.create(planned('minimal-ha').design);
    // Existing organization needed: prepare it the way /PrepareAD leaves it, with a Hub Transport server installed.
    world.state.org.name = 'Contoso';
    world.host('CAS1')!.exchangeRoles = ['ca', 'ht', 'mt'];
    const result = applyActionEffect({ world, host: world.host('CAS1')!, out: () => undefined }, { kind: 'accepted-domain', name: 'x', domainName: hostile, makeDefault: false });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toContain("isn't a valid SMTP domain");
  });
});
