// The namespace phase of the runbook (steps, cmdlets, dry-run and error switches) and its rehearsal through the
// TypeScript lab: every check green, a second run changes nothing, and a certificate that misses a name is caught by
// the verification through the VIP.
import '../setup/data-dir';
import { describe, expect, it } from 'vitest';
import { isCheckOnly } from '../../main/executor';
import { LabWorld, evaluateCheck } from '../../main/lab';
import { exchangeServerView } from '../../main/lab/exchangeState';
import { loadExample } from '../fixtures/designs';
import { plannedExample, rehearseInLab, runbookOf, tempDirs } from '../support/runbooks';

const tempDir = tempDirs('extopo-ns-');

const planned = plannedExample;
const rehearse = rehearseInLab;

describe('the namespace phase', () => {
  it('is absent until the design states a namespace (old designs keep their runbook)', () => {
    const steps = runbookOf(loadExample('minimal-ha')).steps;
    expect(steps.some((s) => s.phase === 'namespace')).toBe(false);
  });

  it('sets the URLs, the SCP and Outlook Anywhere on every CAS, and requests, completes and copies the certificate', () => {
    const steps = runbookOf(planned('minimal-ha')).steps;
    const ids = steps.filter((s) => s.phase === 'namespace' || s.id.startsWith('ns.')).map((s) => s.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        'ns.urls.srv-cas1',
        'ns.urls.srv-cas2',
        'ns.scp.srv-cas1',
        'ns.outlook-anywhere.srv-cas2',
        'ns.dns-zone.contoso.com',
        'ns.dns.mail.contoso.com',
        'ns.dns.autodiscover.contoso.com',
        'ns.dns-external',
        'ns.cert.request.cert-cas',
        'ns.cert.issue.cert-cas',
        'ns.cert.complete.cert-cas',
        'ns.cert.copy.cert-cas.srv-cas2',
        'ns.verify.site-hq',
      ]),
    );
    const byId = new Map(steps.map((s) => [s.id, s]));
    const urls = byId.get('ns.urls.srv-cas1')!;
    for (const cmdlet of ['Set-OwaVirtualDirectory', 'Set-EcpVirtualDirectory', 'Set-WebServicesVirtualDirectory', 'Set-OabVirtualDirectory', 'Set-ActiveSyncVirtualDirectory']) {
      expect(urls.script).toMatch(new RegExp(`${cmdlet} -Identity .* -InternalUrl 'https://mail\\.contoso\\.com/[^']+' -ExternalUrl 'https://mail\\.contoso\\.com/[^']+' -WhatIf:\\$DryRun -ErrorAction Stop`));
    }
    expect(byId.get('ns.scp.srv-cas1')!.script).toContain("Set-ClientAccessServer -Identity 'CAS1' -AutoDiscoverServiceInternalUri 'https://mail.contoso.com/Autodiscover/Autodiscover.xml'");
    expect(byId.get('ns.outlook-anywhere.srv-cas1')!.script).toContain("Enable-OutlookAnywhere -Server 'CAS1' -ExternalHostname 'mail.contoso.com' -ClientAuthenticationMethod 'Basic' -SSLOffloading $false -WhatIf:$DryRun -ErrorAction Stop");
    const request = byId.get('ns.cert.request.cert-cas')!.script;
    expect(request).toContain("New-ExchangeCertificate -Server 'CAS1' -GenerateRequest -SubjectName 'o=Contoso, cn=mail.contoso.com' -DomainName @('mail.contoso.com', 'autodiscover.contoso.com') -KeySize 2048 -PrivateKeyExportable $true");
    expect(request).toContain('Set-Content -Path');
    expect(byId.get('ns.cert.complete.cert-cas')!.script).toContain('Import-ExchangeCertificate -Server \'CAS1\' -FileData ([Byte[]]$(Get-Content -Path');
    const copy = byId.get('ns.cert.copy.cert-cas.srv-cas2')!;
    expect(copy.script).toContain('Export-ExchangeCertificate -Server \'CAS1\' -Thumbprint $thumbprint -BinaryEncoded:$true -Password $password -WhatIf:$DryRun -ErrorAction Stop');
    expect(copy.script).toContain("Import-ExchangeCertificate -Server 'CAS2' -FileData $export.FileData -Password $password");
    expect(copy.script).not.toMatch(/Set-Content|Out-File|Write-Host \(\$password/);
    expect(byId.get('ns.cert.issue.cert-cas')!.target.kind).toBe('operator');
    expect(byId.get('ns.verify.site-hq')!.check).toContain('AuthenticateAsClient');
    // The verification waits for every certificate and URL step.
    expect(byId.get('ns.verify.site-hq')!.dependsOn).toEqual(expect.arrayContaining(['ns.cert.copy.cert-cas.srv-cas2', 'ns.urls.srv-cas2', 'ns.dns.mail.contoso.com']));
  });

  it('passes the dry run and the error mode explicitly to every command that changes something', () => {
    const changing = /\b(Set-\w+VirtualDirectory|Set-ClientAccessServer|Enable-OutlookAnywhere|Set-OutlookAnywhere|New-ExchangeCertificate|Import-ExchangeCertificate|Export-ExchangeCertificate|Enable-ExchangeCertificate|Add-DnsServerResourceRecordA)\b/;
    for (const name of ['minimal-ha', 'multi-role-hlb', 'seed-lab'] as const) {
      for (const step of runbookOf(planned(name)).steps.filter((s) => s.id.startsWith('ns.'))) {
        for (const line of step.script.split('\n')) {
          if (changing.test(line)) expect(line, `${step.id}: ${line}`).toContain('-WhatIf:$DryRun -ErrorAction Stop');
          if (/\b(New-Item|Set-Content)\b/.test(line)) expect(line, `${step.id}: ${line}`).toContain('if (-not $DryRun');
        }
        // Checks change nothing.
        expect(step.check, step.id).not.toMatch(/\b(Set-|Enable-|New-ExchangeCertificate|Import-|Export-|New-Item)/);
      }
    }
  });

  it('rehearses green in the TypeScript lab; a second run changes nothing', async () => {
    const doc = planned('minimal-ha');
    const world = LabWorld.create(doc.design);
    const runsDir = tempDir();
    const first = await rehearse(doc, world, runsDir);
    expect(first.summary.failedSteps).toEqual([]);
    expect(first.summary.status).toBe('succeeded');
    for (const step of first.runbook.steps) {
      if (step.target.kind === 'operator') continue;
      expect(evaluateCheck({ world, step, host: world.host(step.target.serverName)! }), step.id).toEqual({ done: true, problems: [] });
    }
    const cas2 = exchangeServerView(world.host('CAS2')!);
    expect(cas2.virtualDirectories.owa.externalUrl).toBe('https://mail.contoso.com/owa');
    expect(cas2.certificates.find((c) => c.services.includes('IIS'))?.domains).toEqual(['mail.contoso.com', 'autodiscover.contoso.com']);
    const executions = world.state.executions.length;
    const second = await rehearse(doc, world, runsDir);
    expect(second.summary.status).toBe('succeeded');
    expect(world.state.executions.length).toBe(executions);
    for (const s of second.summary.steps) {
      const step = first.runbook.steps.find((x) => x.id === s.stepId)!;
      expect(s.status, s.stepId).toBe(step.target.kind === 'operator' ? 'confirmed' : isCheckOnly(step) ? 'passed' : 'already-done');
    }
  });

  it.each(['multi-role-hlb', 'two-datacenter'] as const)('rehearses %s green (hardware load balancers; a second, proxied site)', async (name) => {
    const doc = planned(name);
    const world = LabWorld.create(doc.design);
    const first = await rehearse(doc, world, tempDir());
    expect(first.summary.failedSteps).toEqual([]);
  });

  it('the verification through the VIP catches a member left on the self-signed certificate', async () => {
    const doc = planned('minimal-ha');
    const world = LabWorld.create(doc.design);
    await rehearse(doc, world, tempDir());
    const cas2 = exchangeServerView(world.host('CAS2')!);
    const selfSigned = cas2.certificates.find((c) => c.selfSigned)!;
    for (const c of cas2.certificates) c.services = c.services.filter((s) => s !== 'IIS');
    selfSigned.services.push('IIS');
    const verify = runbookOf(doc).steps.find((s) => s.id === 'ns.verify.site-hq')!;
    const verdict = evaluateCheck({ world, step: verify, host: world.host(verify.target.kind === 'host' ? verify.target.serverName : 'CAS1')! });
    expect(verdict.done).toBe(false);
    expect(verdict.problems.join(' ')).toContain('self-signed');
  });
});
