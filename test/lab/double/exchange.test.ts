// The Exchange 2010 SP3 side of the host double: documented signatures, the preference defect of implicitly remoted
// commands, -ErrorAction on lookups, pipeline binding, copy status and suspension, licensing, mounting new databases.
// Each pwsh call checks many things: a script prints "R|key|value" lines, the test reads them back.
import { afterAll, describe, expect, it } from 'vitest';
import { exchangeCmdlets } from '../../../main/lab/double/exchange';
import { HostDoubleTransport } from '../../../main/lab/double/transport';
import { LAB_PRODUCT_KEYS, adminDisplayVersion, exchangeBuildNumber, productKeyEdition } from '../../../main/lab/exchangeState';
import { LabWorld } from '../../../main/lab/world';
import type { CallOutcome } from '../../../main/transports/powershell/session';
import { exampleDesign } from '../../fixtures/designs';
import { describePwsh, itPwsh } from '../../support/pwsh';

const STANDARD_KEY = Object.keys(LAB_PRODUCT_KEYS).find((k) => LAB_PRODUCT_KEYS[k] === 'Standard') ?? '';
const ENTERPRISE_KEY = Object.keys(LAB_PRODUCT_KEYS).find((k) => LAB_PRODUCT_KEYS[k] === 'Enterprise') ?? '';

/** Runs a script in the EMS lane of a server and returns its R|key|value lines (and the whole outcome). */
async function results(transport: HostDoubleTransport, host: string, script: string): Promise<{ r: Record<string, string>; outcome: CallOutcome }> {
  const outcome = await transport.invoke(host, 'ems', script, { mode: 'check' });
  const r: Record<string, string> = {};
  if (outcome.status === 'ok' || outcome.status === 'failed') {
    for (const line of outcome.lines) {
      const m = /^R\|([^|]+)\|([\s\S]*)$/.exec(line.text);
      if (m) r[m[1]] = m[2];
    }
  }
  return { r, outcome };
}

describe('Exchange 2010 SP3 knowledge', () => {
  it('knows the builds of SP3 and its update rollups', () => {
  // Microsoft's "Exchange Server build numbers and release dates".
  expect(exchangeBuildNumber({ servicePack: 3, rollup: 0 })).toBe('14.3.123.4');
  expect(exchangeBuildNumber({ servicePack: 3, rollup: 5 })).toBe('14.3.181.6');
  expect(exchangeBuildNumber({ servicePack: 3, rollup: 32 })).toBe('14.3.513.0');
  // An update rollup does not change AdminDisplayVersion on Exchange 2010: it stays at the service pack's build.
  expect(adminDisplayVersion({ servicePack: 3, rollup: 32 })).toBe('Version 14.3 (Build 123.4)');
  });
});

describePwsh('Exchange 2010 double: seed-lab (EX2, an existing Mailbox server)', () => {
  const world = LabWorld.create(exampleDesign('seed-lab'));
  const transport = new HostDoubleTransport({ world });
  const site = 'Default-First-Site-Name';
  afterAll(() => transport.close());

  itPwsh('defines every cmdlet with its documented signature', async () => {
    const { r } = await results(
      transport,
      'EX2',
      `
      'R|names|' + ((Get-Command -Module 'ExTopo.Exchange2010' | ForEach-Object { $_.Name } | Sort-Object) -join ',')
      try { New-ClientAccessArray -Name 'X' -Fqdn 'x.contoso.local' -Site '${site}' -Bogus 1 } catch { 'R|bogus|' + $_.Exception.Message }
      try { New-ClientAccessArray -Name 'X' } catch { 'R|mandatory|' + $_.Exception.Message }
      try { Set-DatabaseAvailabilityGroupNetwork -Identity 'DAG1\\Net' -ReplicationEnabled } catch { 'R|boolvalue|' + $_.Exception.Message }
      $suspend = Get-Command Suspend-MailboxDatabaseCopy
      'R|activationOnlySwitch|' + $suspend.Parameters['ActivationOnly'].SwitchParameter
      'R|suspendWhatIf|' + $suspend.Parameters.ContainsKey('WhatIf')
      'R|getWhatIf|' + (Get-Command Get-MailboxDatabase).Parameters.ContainsKey('WhatIf')
      'R|replicationType|' + (Get-Command Set-DatabaseAvailabilityGroupNetwork).Parameters['ReplicationEnabled'].ParameterType.Name
      $identity = (Get-Command Set-MailboxDatabase).Parameters['Identity'].Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] }
      'R|identityPipeline|' + $identity[0].ValueFromPipeline + ',' + $identity[0].Mandatory + ',' + $identity[0].Position
      'R|sets|' + (((Get-Command Get-MailboxDatabase).ParameterSets | ForEach-Object { $_.Name } | Sort-Object) -join ',')
      try { Get-MailboxDatabase -Identity 'Mailbox Database 02' -Server EX2 } catch { 'R|bothSets|' + $_.FullyQualifiedErrorId }
      'R|confirmImpact|' + (Get-Command Remove-MailboxDatabase).ScriptBlock.Attributes.Where({ $_ -is [System.Management.Automation.CmdletBindingAttribute] })[0].ConfirmImpact
      $true`,
    );
    expect(r.names.split(',')).toEqual(Object.keys(exchangeCmdlets).sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1)));
    expect(r.bogus).toContain("A parameter cannot be found that matches parameter name 'Bogus'");
    expect(r.mandatory).toMatch(/missing mandatory parameters: Fqdn Site/);
    expect(r.boolvalue).toMatch(/Missing an argument for parameter 'ReplicationEnabled'/);
    expect(r).toMatchObject({ activationOnlySwitch: 'True', suspendWhatIf: 'True', getWhatIf: 'False', replicationType: 'Boolean', identityPipeline: 'True,True,0', sets: 'Identity,Server', confirmImpact: 'High' });
    expect(r.bothSets).toMatch(/^AmbiguousParameterSet/);
  });

  itPwsh('a script-scope $WhatIfPreference = $true does NOT reach New-ClientAccessArray: the world changes', async () => {
    const { r } = await results(
      transport,
      'EX2',
      `
      $WhatIfPreference = $true
      New-ClientAccessArray -Name 'Array1' -Fqdn 'outlook.exchangeserverpro.local' -Site '${site}' | Out-Null
      $WhatIfPreference = $false
      'R|listed|' + @(Get-ClientAccessArray -Site '${site}').Count
      $true`,
    );
    expect(world.state.casArrays).toEqual([{ name: 'Array1', site, fqdn: 'outlook.exchangeserverpro.local' }]);
    expect(r.listed).toBe('1');
  });

  itPwsh('explicit -WhatIf:$true on New-ClientAccessArray does not change the world (nor does a global preference reach it)', async () => {
    const before = world.snapshot().casArrays;
    const { r, outcome } = await results(
      transport,
      'EX2',
      `
      Remove-ClientAccessArray -Identity 'Array1' -Confirm:$false
      New-ClientAccessArray -Name 'Array2' -Fqdn 'outlook2.exchangeserverpro.local' -Site '${site}' -WhatIf:$true
      'R|afterWhatIf|' + @(Get-ClientAccessArray).Count
      $global:WhatIfPreference = $true
      try { New-ClientAccessArray -Name 'Array3' -Fqdn 'outlook3.exchangeserverpro.local' -Site '${site}' | Out-Null } finally { $global:WhatIfPreference = $false }
      'R|afterGlobal|' + ((Get-ClientAccessArray | ForEach-Object { $_.Name }) -join ',')
      $true`,
    );
    expect(before).toHaveLength(1);
    expect(r).toMatchObject({ afterWhatIf: '0', afterGlobal: 'Array3' });
    expect(outcome.status === 'ok' && outcome.lines.some((l) => l.text.startsWith('What if:') && l.text.includes('New-ClientAccessArray'))).toBe(true);
    expect(world.state.casArrays.map((a) => a.name)).toEqual(['Array3']);
  });

  itPwsh('errors are non-terminating unless -ErrorAction Stop is on the command; lookups honour -ErrorAction SilentlyContinue', async () => {
    const { r, outcome } = await results(
      transport,
      'EX2',
      `
      $ErrorActionPreference = 'Stop'
      try { $x = Get-MailboxDatabase -Identity 'NoSuchDb'; 'R|preference|continued' } catch { 'R|preference|caught' }
      try { $x = Get-MailboxDatabase -Identity 'NoSuchDb' -ErrorAction Stop; 'R|explicit|continued' } catch { 'R|explicit|caught: ' + $_.Exception.Message }
      $ErrorActionPreference = 'Continue'
      $quiet = Get-MailboxDatabase -Identity 'NoSuchDb' -ErrorAction SilentlyContinue
      'R|quiet|' + ($null -eq $quiet)
      $Error.Clear()
      $null = Get-MailboxServer -Identity 'EX3' -ErrorAction SilentlyContinue
      'R|recorded|' + $Error.Count
      try { Remove-ClientAccessArray -Identity 'Array3' -ErrorAction Stop } catch { 'R|confirm|' + $_.Exception.Message }
      'R|stillThere|' + @(Get-ClientAccessArray).Count
      $true`,
    );
    expect(r.preference).toBe('continued');
    expect(r.explicit).toMatch(/^caught: The operation couldn't be performed because object 'NoSuchDb' couldn't be found on '[^']+'\.$/);
    expect(r).toMatchObject({ quiet: 'True', recorded: '1', stillThere: '1' });
    // ConfirmImpact High: without -Confirm:$false the command asks, and a non-interactive shell cannot answer.
    expect(r.confirm).toMatch(/NonInteractive|prompt/i);
    expect(outcome.status === 'ok' && outcome.lines.filter((l) => l.tag === 'e').length).toBe(1);
  });

  itPwsh('binds databases from the pipeline: Get-MailboxDatabase -Server EX2 | Set-MailboxDatabase -RpcClientAccessServer', async () => {
    const { r } = await results(
      transport,
      'EX2',
      `
      try { Get-MailboxDatabase -Server EX2 | Set-MailboxDatabase -RpcClientAccessServer 'nowhere.exchangeserverpro.local' -ErrorAction Stop } catch { 'R|unknown|' + $_.Exception.Message }
      Get-MailboxDatabase -Server EX2 | Set-MailboxDatabase -RpcClientAccessServer 'outlook3.exchangeserverpro.local'
      'R|rpc|' + ((Get-MailboxServer EX2 | Get-MailboxDatabase | ForEach-Object { [string]$_.RpcClientAccessServer }) -join ',')
      $db = Get-MailboxDatabase -Identity 'Mailbox Database 02' -Status
      'R|mounted|' + $db.Mounted + ',' + (Get-MailboxDatabase -Identity 'Mailbox Database 02').Mounted
      'R|preference|' + (@($db.ActivationPreference) -join ';')
      'R|type|' + $db.PSObject.TypeNames[0]
      $true`,
    );
    expect(r.unknown).toMatch(/couldn't be found/);
    expect(r).toMatchObject({ rpc: 'outlook3.exchangeserverpro.local', mounted: 'True,', preference: '[EX2, 1]', type: 'Microsoft.Exchange.Data.Directory.SystemConfiguration.MailboxDatabase' });
    expect(world.state.databases[0].rpcClientAccessServer).toBe('outlook3.exchangeserverpro.local');
  });

  itPwsh("New-DatabaseAvailabilityGroup and Add-DatabaseAvailabilityGroupServer go through the lab's rules", async () => {
    const { r } = await results(
      transport,
      'EX2',
      `
      $dag = New-DatabaseAvailabilityGroup -Name 'DAG9' -WitnessServer 'EX3' -WitnessDirectory 'C:\\DAG9' -DatabaseAvailabilityGroupIpAddresses '192.168.0.99'
      'R|dag|' + $dag.Name + ',' + $dag.WitnessServer + ',' + (@($dag.Servers).Count)
      try { New-DatabaseAvailabilityGroup -Name 'DAG9' -ErrorAction Stop } catch { 'R|again|' + $_.Exception.Message }
      try { Add-DatabaseAvailabilityGroupServer -Identity 'DAG9' -MailboxServer 'EX2' -ErrorAction Stop } catch { 'R|standard|' + $_.Exception.Message }
      $true`,
    );
    expect(r.dag).toBe('DAG9,EX3,0');
    expect(r.again).toBe("A database availability group named 'DAG9' already exists.");
    expect(r.standard).toMatch(/^A server-side database availability group administrative operation failed\. Error: The Windows Failover Clustering feature is not available on EX2/);
  });

  itPwsh('Set-ExchangeServer -ProductKey turns the trial into the key\'s edition', async () => {
    const ex2 = world.state.hosts.find((h) => h.name === 'EX2');
    if (ex2) delete ex2.exchange; // as setup leaves a new server: a trial
    world.commit();
    const { r } = await results(
      transport,
      'EX2',
      `
      $server = Get-ExchangeServer -Identity EX2
      'R|trial|' + $server.Edition + ',' + $server.IsExchange2007TrialEdition + ',' + ($server.RemainingTrialPeriod -match '^1(19|20)[.]') + ',' + $server.AdminDisplayVersion
      try { Set-ExchangeServer -Identity EX2 -ProductKey 'not-a-key' -ErrorAction Stop } catch { 'R|malformed|' + $_.Exception.Message }
      Set-ExchangeServer -Identity EX2 -ProductKey '${ENTERPRISE_KEY}' -WarningVariable warned -WarningAction SilentlyContinue
      'R|warned|' + ($warned.Count -gt 0)
      $server = Get-ExchangeServer EX2
      'R|licensed|' + $server.Edition + ',' + $server.IsExchange2007TrialEdition + ',' + ([string]$server.ProductID -ne '')
      try { Set-ExchangeServer -Identity EX2 -ProductKey '${STANDARD_KEY}' -ErrorAction Stop } catch { 'R|downgrade|' + $_.Exception.Message }
      $true`,
    );
    expect(r.trial).toBe('StandardEvaluation,True,True,Version 14.3 (Build 123.4)');
    expect(r.malformed).toMatch(/product key/);
    expect(r).toMatchObject({ warned: 'True', licensed: 'Enterprise,False,True' });
    expect(r.downgrade).toMatch(/Enterprise Edition to Standard Edition/);
    expect(productKeyEdition(world.state, 'ABCDE-FGHIJ-KLMNO-PQRST-UVWXY')).toBe(world.state.org.edition);
  });

  itPwsh('Mount-Database right after New-MailboxDatabase fails once (AD replication), a retry mounts it', async () => {
    const { r } = await results(
      transport,
      'EX2',
      `
      $db = New-MailboxDatabase -Name 'DB10' -Server EX2 -EdbFilePath 'D:\\DB10\\DB10.edb' -LogFolderPath 'L:\\DB10' -WarningAction SilentlyContinue
      'R|created|' + $db.Name + ',' + (Get-MailboxDatabase DB10 -Status).Mounted + ',' + $db.RpcClientAccessServer
      try { Mount-Database -Identity 'DB10' -ErrorAction Stop; 'R|first|mounted' } catch { 'R|first|' + $_.Exception.Message }
      Mount-Database -Identity 'DB10' -ErrorAction Stop
      'R|second|' + (Get-MailboxDatabase DB10 -Status).Mounted
      $t = @(Test-MAPIConnectivity -Server EX2)
      'R|mapi|' + (($t | ForEach-Object { [string]$_.Database + '=' + [string]$_.Result }) -join ';')
      $true`,
    );
    expect(r.created).toBe('DB10,False,outlook3.exchangeserverpro.local');
    expect(r.first).toMatch(/^Couldn't mount the database that you specified\. Specified database: DB10; Error code: MapiExceptionNotFound/);
    expect(r.second).toBe('True');
    expect(r.mapi).toBe('Mailbox Database 02=Success;DB10=Success');
  });

  itPwsh("setup's first database holds the arbitration mailboxes: removal is refused until they are moved; rename and move a database", async () => {
    const { r } = await results(
      transport,
      'EX2',
      `
      $first = 'Mailbox Database 02'
      try { Remove-MailboxDatabase -Identity $first -Confirm:$false -ErrorAction Stop } catch { 'R|refused|' + $_.Exception.Message }
      'R|arbitration|' + @(Get-Mailbox -Arbitration -Database $first).Count + ',' + @(Get-Mailbox -Database $first -ResultSize 1).Count
      New-MailboxDatabase -Name 'DB20' -Server EX2 -WarningAction SilentlyContinue | Out-Null
      Get-Mailbox -Arbitration -Database $first | New-MoveRequest -TargetDatabase 'DB20' | Out-Null
      Get-Mailbox -Database $first | New-MoveRequest -TargetDatabase 'DB20' | Out-Null
      'R|left|' + @(Get-Mailbox -Database $first).Count + ',' + @(Get-Mailbox -Arbitration -Database 'DB20').Count
      Remove-MailboxDatabase -Identity $first -Confirm:$false -ErrorAction Stop -WarningAction SilentlyContinue
      'R|removed|' + ($null -eq (Get-MailboxDatabase -Identity $first -ErrorAction SilentlyContinue))
      Set-MailboxDatabase -Identity 'DB20' -Name 'DB21' -ErrorAction Stop
      try { Move-DatabasePath -Identity 'DB21' -EdbFilePath 'E:\\DB21\\DB21.edb' -LogFolderPath 'F:\\DB21' -ErrorAction Stop } catch { 'R|asks|' + ($_.Exception.Message -match 'NonInteractive') }
      Move-DatabasePath -Identity 'DB21' -EdbFilePath 'E:\\DB21\\DB21.edb' -LogFolderPath 'F:\\DB21' -Confirm:$false -Force -ErrorAction Stop
      $db = Get-MailboxDatabase -Identity 'DB21'
      'R|moved|' + $db.EdbFilePath + ',' + $db.LogFolderPath
      $true`,
    );
    expect(r.refused).toMatch(/^This mailbox database contains one or more mailboxes, mailbox plans, archive mailboxes, or arbitration mailboxes\./);
    expect(r).toMatchObject({ arbitration: '3,1', left: '0,3', removed: 'True', asks: 'True', moved: 'E:\\DB21\\DB21.edb,F:\\DB21' });
  });

  itPwsh('namespace: virtual directory URLs, the SCP, a SAN certificate request completed and enabled for IIS', async () => {
    world.state.hosts.find((h) => h.name === 'EX3')?.exchangeRoles.push('ca', 'ht', 'mt');
    world.commit();
    const { r } = await results(
      transport,
      'EX2',
      `
      Set-OwaVirtualDirectory -Identity 'EX3\\owa (Default Web Site)' -InternalUrl 'https://mail.exchangeserverpro.local/owa' -ExternalUrl 'https://mail.exchangeserverpro.com/owa'
      $owa = Get-OwaVirtualDirectory -Server EX3
      'R|owa|' + $owa.Identity + ' ' + $owa.InternalUrl + ' ' + $owa.ExternalUrl
      Set-ClientAccessServer -Identity EX3 -AutoDiscoverServiceInternalUri 'https://mail.exchangeserverpro.local/Autodiscover/Autodiscover.xml'
      'R|scp|' + (Get-ClientAccessServer EX3).AutoDiscoverServiceInternalUri
      $req = New-ExchangeCertificate -Server EX3 -GenerateRequest -KeySize 2048 -PrivateKeyExportable $true -SubjectName 'c=US, o=Contoso, cn=mail.exchangeserverpro.com' -DomainName 'mail.exchangeserverpro.com','autodiscover.exchangeserverpro.com'
      'R|request|' + ($req -is [string]) + ',' + $req.StartsWith('-----BEGIN NEW CERTIFICATE REQUEST-----')
      $pending = Get-ExchangeCertificate -Server EX3 | Where-Object { $_.Status -eq 'PendingRequest' }
      try { Enable-ExchangeCertificate -Server EX3 -Thumbprint $pending.Thumbprint -Services IIS -ErrorAction Stop } catch { 'R|pendingEnable|' + $_.Exception.Message }
      $issued = [System.Text.Encoding]::ASCII.GetBytes([System.Text.Encoding]::ASCII.GetString([Convert]::FromBase64String(($req -split [char]10)[1])).Replace('EXTOPO-CERTIFICATE-REQUEST', 'EXTOPO-ISSUED-CERTIFICATE'))
      $cert = Import-ExchangeCertificate -Server EX3 -FileData $issued
      Enable-ExchangeCertificate -Server EX3 -Thumbprint $cert.Thumbprint -Services IIS
      $all = @(Get-ExchangeCertificate -Server EX3)
      'R|certs|' + (($all | ForEach-Object { [string]$_.Services + ':' + $_.IsSelfSigned + ':' + (@($_.CertificateDomains) -join '/') }) -join ';')
      $true`,
    );
    expect(r.owa).toBe('EX3\\owa (Default Web Site) https://mail.exchangeserverpro.local/owa https://mail.exchangeserverpro.com/owa');
    expect(r.scp).toBe('https://mail.exchangeserverpro.local/Autodiscover/Autodiscover.xml');
    expect(r.request).toBe('True,True');
    expect(r.pendingEnable).toMatch(/pending request/);
    expect(r.certs).toBe('SMTP:True:EX3/ex3.exchangeserverpro.local;IIS:False:mail.exchangeserverpro.com/autodiscover.exchangeserverpro.com');
  });
});

describePwsh('Exchange 2010 double: a running DAG (minimal-ha, every server deployed)', () => {
  const design = exampleDesign('minimal-ha');
  for (const s of design.servers) s.existing = true;
  for (const d of design.databases) d.existing = true;
  const world = LabWorld.create(design, { faults: [{ kind: 'copy-initializing', database: 'DB1', server: 'MB2' }] });
  const transport = new HostDoubleTransport({ world });
  afterAll(() => transport.close());

  itPwsh('lookups and tests never change the lab world (a check or a dry run leaves it as it was)', async () => {
    const ex = world.state.hosts.find((h) => h.name === 'CAS2');
    if (ex) delete ex.exchange; // settings never stored: a lookup shows setup's defaults without storing them
    world.commit();
    const before = world.snapshot();
    const { outcome } = await results(
      transport,
      'MB1',
      `
      $null = Get-ExchangeServer; $null = Get-MailboxServer; $null = Get-ClientAccessServer; $null = Get-OrganizationConfig
      $null = Get-MailboxDatabase -Status; $null = Get-MailboxDatabaseCopyStatus *; $null = Get-DatabaseAvailabilityGroup -Status
      $null = Get-DatabaseAvailabilityGroupNetwork; $null = Get-Mailbox -Arbitration; $null = Get-Mailbox; $null = Get-ClientAccessArray
      $null = Get-OwaVirtualDirectory; $null = Get-OutlookAnywhere; $null = Get-ExchangeCertificate -Server CAS2
      $null = Test-ReplicationHealth -Identity MB2; $null = Test-MAPIConnectivity -Server MB1
      New-DatabaseAvailabilityGroupNetwork -DatabaseAvailabilityGroup DAG1 -Name 'Extra' -Subnets '10.9.9.0/24' -WhatIf
      $true`,
    );
    expect(outcome.status).toBe('ok');
    expect(world.snapshot()).toEqual(before);
  });

  itPwsh('Get-MailboxDatabaseCopyStatus shows a copy-initializing fault, Test-ReplicationHealth fails on it', async () => {
    const { r } = await results(
      transport,
      'MB1',
      `
      'R|all|' + ((Get-MailboxDatabaseCopyStatus * | ForEach-Object { $_.Name + '=' + $_.Status + '/' + $_.ContentIndexState + '/' + $_.CopyQueueLength + '/' + $_.ReplayQueueLength }) -join ';')
      'R|one|' + (Get-MailboxDatabaseCopyStatus -Identity 'DB1\\MB2').Status
      'R|server|' + ((Get-MailboxDatabaseCopyStatus -Server MB2 | ForEach-Object { $_.DatabaseName + '@' + $_.MailboxServer }) -join ';')
      $health = @(Test-ReplicationHealth -Identity MB2)
      'R|failed|' + (($health | Where-Object { $_.Result -ne 'Passed' } | ForEach-Object { $_.Check + ': ' + $_.Error }) -join ';')
      'R|checks|' + $health.Count
      $dag = Get-DatabaseAvailabilityGroup -Identity DAG1 -Status
      'R|dag|' + (@($dag.Servers) -join ',') + '|' + (@($dag.OperationalServers) -join ',') + '|' + $dag.WitnessServer + '|' + (@($dag.DatabaseAvailabilityGroupIpAddresses) -join ',') + '|' + ($null -eq (Get-DatabaseAvailabilityGroup DAG1).OperationalServers)
      'R|networks|' + ((Get-DatabaseAvailabilityGroupNetwork | ForEach-Object { [string]$_.Identity + '=' + $_.ReplicationEnabled + (@($_.Subnets) -join '') }) -join ';')
      Set-DatabaseAvailabilityGroupNetwork -Identity 'DAG1\\MapiDagNetwork' -ReplicationEnabled:$false
      'R|mapiReplication|' + (Get-DatabaseAvailabilityGroupNetwork -Identity 'DAG1\\MapiDagNetwork').ReplicationEnabled
      $true`,
    );
    expect(r.all).toBe('DB1\\MB1=Mounted/Healthy/0/0;DB1\\MB2=Initializing/Crawling/0/0;DB2\\MB2=Mounted/Healthy/0/0;DB2\\MB1=Healthy/Healthy/0/0');
    expect(r.one).toBe('Initializing');
    expect(r.server).toBe('DB1@MB2;DB2@MB2');
    expect(r.failed).toBe('DBInitializing: The following database copies are initializing: DB1\\MB2');
    expect(Number(r.checks)).toBeGreaterThan(10);
    expect(r.dag).toBe('MB1,MB2|MB1,MB2|cas1.contoso.local|10.0.1.50|True');
    expect(r.networks).toBe('DAG1\\MapiDagNetwork=True{10.0.1.0/24,Up};DAG1\\ReplicationDagNetwork01=True{10.0.2.0/24,Up}');
    expect(r.mapiReplication).toBe('False');
  });

  itPwsh('Suspend-MailboxDatabaseCopy -ActivationOnly shows in ActivationSuspended; lagged copies, preferences', async () => {
    const { r } = await results(
      transport,
      'MB1',
      `
      try { Suspend-MailboxDatabaseCopy -Identity 'DB2\\MB1' -ActivationOnly -ErrorAction Stop } catch { 'R|asks|' + ($_.Exception.Message -match 'NonInteractive') }
      Suspend-MailboxDatabaseCopy -Identity 'DB2\\MB1' -ActivationOnly -SuspendComment 'lagged copy' -Confirm:$false
      $copy = Get-MailboxDatabaseCopyStatus -Identity 'DB2\\MB1'
      'R|suspended|' + $copy.Status + ',' + $copy.ActivationSuspended + ',' + $copy.SuspendComment
      try { Suspend-MailboxDatabaseCopy -Identity 'DB2\\MB2' -Confirm:$false -ErrorAction Stop } catch { 'R|active|' + $_.Exception.Message }
      Set-MailboxDatabaseCopy -Identity 'DB2\\MB1' -ReplayLagTime '7.00:00:00'
      $db = Get-MailboxDatabase DB2
      'R|lag|' + (@($db.ReplayLagTimes) -join ';') + '|' + (Get-MailboxDatabaseCopyStatus 'DB2\\MB1').ReplayQueueLength
      try { Set-MailboxDatabaseCopy -Identity 'DB2\\MB1' -ReplayLagTime '15.00:00:00' -ErrorAction Stop } catch { 'R|tooLong|' + $_.Exception.Message }
      Set-MailboxDatabaseCopy -Identity 'DB2\\MB1' -ActivationPreference 1
      'R|preferences|' + (@((Get-MailboxDatabase DB2).ActivationPreference) -join ';')
      Suspend-MailboxDatabaseCopy -Identity 'DB2\\MB1' -Confirm:$false
      'R|full|' + (Get-MailboxDatabaseCopyStatus 'DB2\\MB1').Status
      Resume-MailboxDatabaseCopy -Identity 'DB2\\MB1' -ReplicationOnly
      $copy = Get-MailboxDatabaseCopyStatus 'DB2\\MB1'
      'R|resumed|' + $copy.Status + ',' + $copy.ActivationSuspended
      $true`,
    );
    expect(r.asks).toBe('True');
    expect(r.suspended).toBe('Healthy,True,lagged copy');
    expect(r.active).toMatch(/is the active mailbox database copy/);
    expect(r.lag).toBe('[MB2, 00:00:00];[MB1, 7.00:00:00]|250');
    expect(r.tooLong).toMatch(/between 00:00:00 and 14\.00:00:00/);
    expect(r.preferences).toBe('[MB1, 1];[MB2, 2]');
    expect(r.full).toBe('Suspended');
    expect(r.resumed).toBe('Healthy,True');
    const copy = world.state.databases.find((d) => d.name === 'DB2')?.copies.find((c) => c.server === 'MB1');
    expect(copy).toMatchObject({ activationSuspended: true, suspended: false, replayLagDays: 7, activationPreference: 1 });
  });
});
