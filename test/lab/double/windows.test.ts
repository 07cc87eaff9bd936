// The Windows side of the host double, exercised through real pwsh: command availability per Windows version,
// providers (registry, files, WSMan:), WMI, services, programs (setup.com, netsh, net, dnscmd, nslookup, schtasks),
// Server Manager, NLB, DNS, TcpClient and the AD preparation checks. Each test runs ONE script that collects many
// results as JSON, to keep the pwsh round trips few.
import { afterAll, expect } from 'vitest';
import { HostDoubleTransport } from '../../../main/lab/double/transport';
import { findHost } from '../../../main/lab/state';
import type { LabHost } from '../../../main/lab/state';
import { LabWorld } from '../../../main/lab/world';
import type { Design } from '../../../shared/model/types';
import { exampleDesign } from '../../fixtures/designs';
import { describePwsh, itPwsh } from '../../support/pwsh';

type Results = Record<string, unknown>;

async function run(transport: HostDoubleTransport, host: string, script: string): Promise<Results> {
  const outcome = await transport.invoke(host, 'host', `${script}\n$global:LASTEXITCODE = 0\n$r | ConvertTo-Json -Compress -Depth 6`, { mode: 'run' });
  if (outcome.status !== 'ok') throw new Error(`pwsh failed: ${JSON.stringify(outcome)}`);
  const last = [...outcome.lines].reverse().find((l) => l.tag === 'o');
  if (!last) throw new Error(`no output: ${JSON.stringify(outcome.lines)}`);
  return JSON.parse(last.text) as Results;
}

function host(world: LabWorld, name: string): LabHost {
  const h = findHost(world.state, name);
  if (!h) throw new Error(`no host ${name}`);
  return h;
}

/** The seed lab with a named DNS server (a domain controller the design does not deploy). */
function seedLab(): Design {
  const design = exampleDesign('seed-lab');
  return { ...design, deployment: { ...design.deployment, dnsServer: 'dc1.exchangeserverpro.local' } };
}

describePwsh('host double: Windows Server 2008 R2', () => {
  const world = LabWorld.create(seedLab());
  const transport = new HostDoubleTransport({ world });
  afterAll(() => transport.close());

  itPwsh('defines what 2008 R2 has and nothing else; modules load as on the real host', async () => {
    const r = await run(
      transport,
      'EX3',
      `
      $r = [ordered]@{}
      foreach ($c in @('Install-WindowsFeature', 'Get-NetAdapter', 'Disable-NetAdapterBinding', 'Resolve-DnsName', 'Test-NetConnection', 'nvspbind.exe', 'Get-WindowsFeature')) {
        try { & $c -ErrorAction Stop | Out-Null; $r[$c] = 'ran' } catch { $r[$c] = $_.FullyQualifiedErrorId }
      }
      $r.nlbListed = @(Get-Module -ListAvailable -Name 'NetworkLoadBalancingClusters').Count
      $r.smListed = @(Get-Module -ListAvailable -Name 'ServerManager').Count
      try { Import-Module NetworkLoadBalancingClusters -ErrorAction Stop } catch { $r.nlbImport = $_.Exception.Message }
      try { Import-Module DnsServer -ErrorAction Stop } catch { $r.dnsImport = $_.Exception.Message }
      Import-Module ServerManager
      $r.feature = [string](Get-WindowsFeature -Name 'NET-Framework').DisplayName
      $r.noSuchFeature = @(Get-WindowsFeature -Name 'NET-Framework-45-Features').Count
      try { Get-WindowsFeature -Feature 'NLB' -ErrorAction Stop } catch { $r.badParameter = $_.Exception.Message }
      try { Add-WindowsFeature -Name 'NoSuchFeature' -ErrorAction Stop } catch { $r.badFeature = $_.Exception.Message }
      $r.dnscmd = [bool](Get-Command -Name 'dnscmd.exe' -ErrorAction SilentlyContinue)
      $r.netsh = [bool](Get-Command -Name 'netsh.exe' -ErrorAction SilentlyContinue)
      $r.cim = [bool](Get-Command -Name 'Get-WmiObject' -ErrorAction SilentlyContinue)
      $r.env = $env:COMPUTERNAME + '/' + $env:USERDOMAIN
      `,
    );
    expect(r).toMatchObject({
      'Install-WindowsFeature': 'CommandNotFoundException',
      'Get-NetAdapter': 'CommandNotFoundException',
      'Disable-NetAdapterBinding': 'CommandNotFoundException',
      'Resolve-DnsName': 'CommandNotFoundException',
      'Test-NetConnection': 'CommandNotFoundException',
      'nvspbind.exe': 'CommandNotFoundException',
      'Get-WindowsFeature': 'CommandNotFoundException',
      nlbListed: 0,
      smListed: 1,
      nlbImport: "The specified module 'NetworkLoadBalancingClusters' was not loaded because no valid module file was found in any module directory.",
      dnsImport: "The specified module 'DnsServer' was not loaded because no valid module file was found in any module directory.",
      feature: '.NET Framework 3.5.1 Features',
      noSuchFeature: 0,
      dnscmd: false,
      netsh: true,
      cim: true,
      env: 'EX3/EXCHANGESERVERPRO',
    });
    expect(r.badParameter).toMatch(/A parameter cannot be found that matches parameter name 'Feature'/);
    expect(r.badFeature).toMatch(/The role, role service, or feature name is not valid: 'NoSuchFeature'/);
  });

  itPwsh('registry round trips, the LanmanServer Bind list is the NIC bindings, WMI and WSMan: answer from the world', async () => {
    const ex3 = host(world, 'EX3');
    const nlbNic = ex3.nics.find((n) => n.name === 'NLB');
    const r = await run(
      transport,
      'EX3',
      `
      $r = [ordered]@{}
      $key = 'HKLM:\\SYSTEM\\CurrentControlSet\\Services\\MSExchangeRPC\\ParametersSystem'
      $r.before = Test-Path -Path $key
      try { New-Item -Path $key -ErrorAction Stop | Out-Null } catch { $r.noParent = $_.Exception.Message }
      New-Item -Path $key -Force | Out-Null
      New-ItemProperty -Path $key -Name 'TCP/IP Port' -PropertyType DWord -Value 59531 | Out-Null
      try { New-ItemProperty -Path $key -Name 'TCP/IP Port' -PropertyType DWord -Value 1 -ErrorAction Stop | Out-Null } catch { $r.exists = $_.Exception.Message }
      $r.port = (Get-ItemProperty -Path $key -Name 'TCP/IP Port').PSObject.Properties['TCP/IP Port'].Value
      Set-ItemProperty -Path $key -Name 'Extra' -Value 'x'
      Remove-ItemProperty -Path $key -Name 'Extra'
      try { Get-ItemProperty -Path $key -Name 'Extra' -ErrorAction Stop } catch { $r.missing = $_.Exception.Message }
      try { Get-ItemProperty -Path 'HKLM:\\SOFTWARE\\NoSuchKey' -ErrorAction Stop } catch { $r.noKey = $_.FullyQualifiedErrorId }
      $r.pending = Test-Path -Path 'HKLM:\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Component Based Servicing\\RebootPending'
      $linkage = 'HKLM:\\SYSTEM\\CurrentControlSet\\Services\\LanmanServer\\Linkage'
      $adapter = @(Get-WmiObject -Class Win32_NetworkAdapter -Filter "NetConnectionID='NLB'")
      $guid = [string]$adapter[0].GUID
      $bind = @((Get-ItemProperty -Path $linkage -Name 'Bind').Bind | Where-Object { -not ([string]$_).Contains($guid) })
      Set-ItemProperty -Path $linkage -Name 'Bind' -Value ([string[]]$bind)
      $r.guid = $guid
      $config = @(Get-WmiObject -Class Win32_NetworkAdapterConfiguration -Filter ('Index=' + $adapter[0].Index))
      $r.ip = @($config[0].IPAddress)[0]
      $r.dnsReturn = $config[0].SetDynamicDNSRegistration($false, $false).ReturnValue
      $os = Get-WmiObject Win32_OperatingSystem
      $r.os = [string]$os.Version + '|' + [string]$os.ServicePackMajorVersion + '|' + ($os.ConvertToDateTime($os.LastBootUpTime) -is [datetime])
      $cs = Get-WmiObject -Class Win32_ComputerSystem
      $r.cs = [string]$cs.PartOfDomain + '|' + $cs.Domain
      $r.svc = @(Get-WmiObject -Class Win32_Service -Filter "Name='WinRM'")[0].StartMode
      try { Get-WmiObject -Class Win32_OperatingSystem -ComputerName 'EX4' -ErrorAction Stop | Out-Null; $r.remote = 'ok' } catch { $r.remote = $_.Exception.Message }
      $r.shell = (Get-Item -Path 'WSMan:\\localhost\\Shell\\MaxMemoryPerShellMB').Value
      try { Get-Item -Path 'WSMan:\\localhost\\Plugin\\Microsoft.PowerShell\\Quotas\\MaxMemoryPerShellMB' -ErrorAction Stop | Out-Null; $r.plugin = 'exists' } catch { $r.plugin = 'absent' }
      $r.join = Join-Path -Path 'D:\\' -ChildPath 'setup.com'
      $r.media = Test-Path -LiteralPath $r.join
      $r.tmp = Test-Path -Path ([System.IO.Path]::GetTempPath())
      `,
    );
    expect(r).toMatchObject({
      before: false,
      exists: 'The property already exists.',
      port: 59531,
      pending: false,
      guid: nlbNic?.guid,
      ip: '192.168.0.36',
      dnsReturn: 0,
      os: '6.1.7601|1|True',
      cs: 'True|exchangeserverpro.local',
      svc: 'Auto',
      remote: 'ok',
      shell: '150',
      plugin: 'absent',
      join: 'D:\\setup.com',
      media: true,
      tmp: true,
    });
    expect(r.noParent).toMatch(/Cannot find path/);
    expect(r.missing).toMatch(/Property Extra does not exist at path HKEY_LOCAL_MACHINE/);
    // A double is a function: PowerShell appends its name to the FullyQualifiedErrorId of the compiled cmdlet.
    expect(r.noKey).toMatch(/^PathNotFound,Microsoft\.PowerShell\.Commands\.GetItemPropertyCommand/);
    expect(ex3.registry['HKLM\\SYSTEM\\CurrentControlSet\\Services\\MSExchangeRPC\\ParametersSystem']).toEqual({ 'TCP/IP Port': 59531 });
    expect(nlbNic?.bindings).not.toContain('ms_server');
    expect(ex3.nics.find((n) => n.name === 'Primary')?.bindings).toContain('ms_server');
    expect(nlbNic?.fullDnsRegistration).toBe(false);
  });

  itPwsh('-WhatIf (and the caller\'s $WhatIfPreference) changes nothing; services follow the world', async () => {
    const r = await run(
      transport,
      'EX3',
      `
      $r = [ordered]@{}
      Import-Module ServerManager
      $r.noNet = @(Get-Service -Name 'NetTcpPortSharing' -ErrorAction SilentlyContinue).Count
      Add-WindowsFeature -Name 'NET-Framework' | Out-Null
      Set-Service -Name 'NetTcpPortSharing' -StartupType Automatic -WhatIf
      & { $WhatIfPreference = $true; Set-Service -Name 'NetTcpPortSharing' -StartupType Automatic }
      Add-WindowsFeature -Name 'Web-Server' -WhatIf | Out-Null
      Set-Item -Path 'WSMan:\\localhost\\Shell\\MaxMemoryPerShellMB' -Value 2048 -Force -WhatIf
      $r.afterWhatIf = @(Get-WmiObject -Class Win32_Service -Filter "Name='NetTcpPortSharing'")[0].StartMode
      $r.web = (Get-WindowsFeature -Name 'Web-Server').Installed
      $r.quota = (Get-Item -Path 'WSMan:\\localhost\\Shell\\MaxMemoryPerShellMB').Value
      try { Start-Service -Name 'NetTcpPortSharing' -ErrorAction Stop } catch { $r.disabled = $_.FullyQualifiedErrorId }
      Set-Service -Name 'NetTcpPortSharing' -StartupType Automatic -WhatIf:$false -ErrorAction Stop
      Start-Service -Name 'NetTcpPortSharing'
      $r.after = [string](Get-Service -Name 'NetTcpPortSharing').Status + '|' + @(Get-WmiObject -Class Win32_Service -Filter "Name='NetTcpPortSharing'")[0].StartMode
      try { Get-Service -Name 'NoSuchService' -ErrorAction Stop } catch { $r.noService = $_.FullyQualifiedErrorId }
      try { Set-Service -Name 'NetTcpPortSharing' -StartupType 'AutomaticDelayedStart' -ErrorAction Stop } catch { $r.badStartup = $_.FullyQualifiedErrorId }
      `,
    );
    expect(r).toMatchObject({ noNet: 0, afterWhatIf: 'Disabled', web: false, quota: '150', after: 'Running|Auto' });
    expect(r.noService).toMatch(/^NoServiceFoundForGivenName,Microsoft\.PowerShell\.Commands\.GetServiceCommand/);
    expect(String(r.disabled)).toMatch(/^CouldNotStartService/);
    expect(String(r.badStartup)).toMatch(/^ParameterArgumentValidationError/);
  });

  itPwsh('setup.com refuses before its prerequisites and in a 150 MB shell; a scheduled task escapes the quota', async () => {
    const ex4 = host(world, 'EX4');
    const first = await run(
      transport,
      'EX4',
      `
      $r = [ordered]@{}
      $setup = Join-Path -Path 'D:\\' -ChildPath 'setup.com'
      $out = @(& $setup '/IAcceptExchangeServerLicenseTerms'); $r.badSwitch = [string]$LASTEXITCODE + '|' + ($out -join ' ')
      $out = @(& $setup '/mode:install' '/roles:ca,ht,mt'); $r.lowQuota = [string]$LASTEXITCODE + '|' + ($out -join ' ')
      Set-Item -Path 'WSMan:\\localhost\\Shell\\MaxMemoryPerShellMB' -Value 2048 -Force
      $out = @(& $setup '/m:install' '/r:ca,ht,mt'); $r.noPrereq = [string]$LASTEXITCODE + '|' + ($out -join ' ')
      Set-Item -Path 'WSMan:\\localhost\\Shell\\MaxMemoryPerShellMB' -Value 150 -Force
      Import-Module ServerManager
      $result = Add-WindowsFeature -Name 'NET-Framework','RSAT-ADDS','Web-Server','Web-Basic-Auth','Web-Windows-Auth','Web-Metabase','Web-Net-Ext','Web-Lgcy-Mgmt-Console','WAS-Process-Model','RSAT-Web-Server','Web-ISAPI-Ext','Web-Digest-Auth','Web-Dyn-Compression','NET-HTTP-Activation','RPC-Over-HTTP-Proxy'
      $r.features = [string]$result.Success + '|' + [string]$result.RestartNeeded + '|' + [string]$result.ExitCode
      $r.pendingKey = Test-Path -Path 'HKLM:\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Component Based Servicing\\RebootPending'
      Set-Service -Name 'NetTcpPortSharing' -StartupType Automatic
      `,
    );
    expect(first.badSwitch).toMatch(/^1\|.*The following parameter is not valid: \/IAcceptExchangeServerLicenseTerms/);
    expect(first.lowQuota).toMatch(/^1\|.*memory quota, MaxMemoryPerShellMB 150 MB on EX4/);
    expect(first.noPrereq).toMatch(/^1\|.*Prerequisites \.\.\.\.\.\. FAILED/);
    expect(first).toMatchObject({ features: 'True|Yes|SuccessRestartRequired', pendingKey: true });
    expect(ex4.exchangeRoles).toEqual([]);
    ex4.pendingRestart = false;
    const second = await run(
      transport,
      'EX4',
      `
      $r = [ordered]@{}
      $out = @(& schtasks.exe /Create /TN 'ExTopo Exchange setup' /TR 'cmd.exe /c "D:\\setup.com /m:install /r:ca,ht,mt > C:\\ExchangeSetupLogs\\task.log 2>&1"' /SC ONCE /ST 23:59 /RU SYSTEM /RL HIGHEST /F)
      $r.create = [string]$LASTEXITCODE + '|' + ($out -join ' ')
      & schtasks.exe /Run /TN 'ExTopo Exchange setup' | Out-Null
      $task = @(& schtasks.exe /Query /TN 'ExTopo Exchange setup' /FO CSV /V | ConvertFrom-Csv)
      $r.status = [string]$task[0].Status + '|' + [string]$task[0].'Last Result'
      $r.configured = [bool](Get-ItemProperty -Path 'HKLM:\\SOFTWARE\\Microsoft\\ExchangeServer\\v14\\ClientAccessRole' -Name 'ConfiguredVersion' -ErrorAction SilentlyContinue)
      & schtasks.exe /Delete /TN 'ExTopo Exchange setup' /F | Out-Null
      $r.deleted = $LASTEXITCODE
      & schtasks.exe /Query /TN 'ExTopo Exchange setup' 2>$null | Out-Null
      $r.gone = $LASTEXITCODE
      `,
    );
    expect(second).toMatchObject({ status: 'Ready|0', configured: true, deleted: 0, gone: 1 });
    expect(second.create).toMatch(/^0\|SUCCESS: The scheduled task "ExTopo Exchange setup" has successfully been created\./);
    expect(ex4.exchangeRoles).toEqual(['ca', 'ht', 'mt']);
  });

  itPwsh('AD preparation: rangeUpper, the organization and the domain versions come from setup /PrepareSchema, /PrepareAD, /PrepareDomain', async () => {
    const org = world.state.org;
    org.name = null;
    org.schemaVersion = 0;
    org.orgObjectVersion = 0;
    org.domainObjectVersion = 0;
    const ex3 = host(world, 'EX3');
    ex3.features.push('NET-Framework', 'NET-Framework-Core', 'RSAT-ADDS');
    ex3.wsman.shellMaxMemoryMb = 2048;
    ex3.pendingRestart = false;
    const r = await run(
      transport,
      'EX3',
      `
      $r = [ordered]@{}
      function Get-AdState {
        $rootDse = New-Object -TypeName System.DirectoryServices.DirectoryEntry -ArgumentList @('LDAP://RootDSE')
        $schemaNc = [string]$rootDse.Properties['schemaNamingContext'][0]
        $configNc = [string]$rootDse.Properties['configurationNamingContext'][0]
        $domainNc = [string]$rootDse.Properties['defaultNamingContext'][0]
        $schema = 'none'
        try { $schema = [int](New-Object -TypeName System.DirectoryServices.DirectoryEntry -ArgumentList @('LDAP://CN=ms-Exch-Schema-Version-Pt,' + $schemaNc)).Properties['rangeUpper'][0] } catch { $schema = 'none' }
        $searcher = New-Object -TypeName System.DirectoryServices.DirectorySearcher
        $searcher.SearchRoot = New-Object -TypeName System.DirectoryServices.DirectoryEntry -ArgumentList @('LDAP://CN=Microsoft Exchange,CN=Services,' + $configNc)
        $searcher.Filter = '(objectClass=msExchOrganizationContainer)'
        $searcher.SearchScope = 'OneLevel'
        $org = 'none'
        try { $found = $searcher.FindOne(); if ($null -ne $found) { $org = [string]$found.Properties['name'][0] + '/' + [string]$found.Properties['objectversion'][0] } } catch { $org = 'none' }
        $domain = 'none'
        try { $domain = [int](New-Object -TypeName System.DirectoryServices.DirectoryEntry -ArgumentList @('LDAP://CN=Microsoft Exchange System Objects,' + $domainNc)).Properties['objectVersion'][0] } catch { $domain = 'none' }
        [string]$schema + '|' + $org + '|' + [string]$domain
      }
      $r.before = Get-AdState
      $setup = 'D:\\setup.com'
      & $setup '/PrepareSchema' | Out-Null; $r.schemaExit = $LASTEXITCODE
      $r.afterSchema = Get-AdState
      & $setup '/PrepareDomain' | Out-Null; $r.domainFirst = $LASTEXITCODE
      & $setup '/PrepareAD' '/OrganizationName:ExchangeServerPro' | Out-Null; $r.adExit = $LASTEXITCODE
      $r.afterAd = Get-AdState
      `,
    );
    expect(r).toMatchObject({
      before: 'none|none|none',
      schemaExit: 0,
      afterSchema: '14734|none|none',
      domainFirst: 1,
      adExit: 0,
      afterAd: '14734|ExchangeServerPro/14322|13040',
    });
    expect(world.state.org.name).toBe('ExchangeServerPro');
  });

  itPwsh('NLB: the VIP answers after the cluster converges; FilteringMode; another node through remote WMI; DNS through dnscmd and nslookup', async () => {
    const ex3 = host(world, 'EX3');
    for (const h of [ex3, host(world, 'EX4')]) h.pendingRestart = false;
    world.setFaults([{ kind: 'unreachable', host: 'EX4' }]);
    const r = await run(
      transport,
      'EX3',
      `
      $r = [ordered]@{}
      function Test-Port([string] $Address, [int] $Port) {
        $client = New-Object -TypeName System.Net.Sockets.TcpClient
        try { $client.Connect($Address, $Port); 'open' } catch { $_.Exception.InnerException.Message } finally { $client.Close() }
      }
      $r.beforeCluster = Test-Port '192.168.0.38' 135
      Import-Module ServerManager
      Add-WindowsFeature -Name 'NLB' | Out-Null
      Import-Module NetworkLoadBalancingClusters
      try { New-NlbCluster -InterfaceName 'NLB' -ClusterPrimaryIP '192.168.0.38' -ClusterName 'casarray.exchangeserverpro.local' -ErrorAction Stop | Out-Null } catch { $r.noForce = $_.Exception.Message }
      $cluster = New-NlbCluster -InterfaceName 'NLB' -ClusterPrimaryIP '192.168.0.38' -SubnetMask '255.255.255.0' -ClusterName 'casarray.exchangeserverpro.local' -OperationMode Unicast -Force
      $r.cluster = [string]$cluster.Name + '|' + [string]$cluster.IPAddress + '|' + [string]$cluster.Mode
      $rule = @(Get-NlbClusterPortRule -InterfaceName 'NLB')[0]
      $r.rule = [string]$rule.StartPort + '-' + [string]$rule.EndPort + '|' + [string]$rule.Protocol + '|' + [string]$rule.FilteringMode + '|' + [string]$rule.Affinity
      Get-NlbClusterPortRule -InterfaceName 'NLB' | Remove-NlbClusterPortRule -Force
      Add-NlbClusterPortRule -InterfaceName 'NLB' -IP '192.168.0.38' -StartPort 135 -EndPort 135 -Protocol Tcp -Mode Multiple -Affinity Single | Out-Null
      try { Add-NlbClusterPortRule -InterfaceName 'NLB' -StartPort 100 -EndPort 200 -Protocol Both -ErrorAction Stop | Out-Null } catch { $r.overlap = $_.Exception.Message }
      $r.converged = Test-Port '192.168.0.38' 135
      $r.noRule = Test-Port '192.168.0.38' 443
      $node = @(Get-NlbClusterNode -InterfaceName 'NLB')[0]
      $r.node = [string]$node.Name + '|' + [string]$node.State + '|' + [string]$node.HostPriority
      Stop-NlbClusterNode -InterfaceName 'NLB' -Drain | Out-Null
      $r.stopped = Test-Port '192.168.0.38' 135
      Start-NlbClusterNode -InterfaceName 'NLB' | Out-Null
      try { Get-NlbCluster -InterfaceName 'NLB' | Add-NlbClusterNode -NewNodeName 'EX4' -NewNodeInterface 'NLB' -Force -ErrorAction Stop | Out-Null } catch { $r.remote = $_.Exception.Message }
      try { Get-NlbCluster -HostName 'EX4' -ErrorAction Stop | Out-Null } catch { $r.remoteGet = $_.Exception.Message }
      & netsh.exe interface ipv4 set interface 'NLB' 'forwarding=enabled' | Out-Null
      $r.forwarding = [string](@(& netsh.exe 'interface' 'ipv4' 'show' 'interface' 'NLB' | Where-Object { $_ -match '^\\s*Forwarding\\s*:' })[0])
      Add-WindowsFeature -Name 'RSAT-DNS-Server' | Out-Null
      $r.dnscmdNow = [bool](Get-Command -Name 'dnscmd.exe' -ErrorAction SilentlyContinue)
      $out = @(& dnscmd.exe 'exchangeserverpro.local' '/RecordAdd' 'exchangeserverpro.local' 'casarray' 'A' '192.168.0.38'); $r.byDomain = [string]$LASTEXITCODE + '|' + ($out -join ' ')
      $out = @(& dnscmd.exe 'dc1.exchangeserverpro.local' '/RecordAdd' 'exchangeserverpro.local' 'casarray' 'A' '192.168.0.38'); $r.added = $LASTEXITCODE
      $out = @(& dnscmd.exe 'dc1.exchangeserverpro.local' '/EnumRecords' 'exchangeserverpro.local' 'casarray' '/Type' 'A'); $r.enum = [string]$LASTEXITCODE + '|' + (@(($out -join ' ') -split '\\s+') -contains '192.168.0.38')
      $out = @(& nslookup.exe 'casarray.exchangeserverpro.local' 'dc1.exchangeserverpro.local'); $r.nslookup = ($out | Where-Object { $_ -match '^Address' })[-1]
      `,
    );
    world.setFaults([]);
    expect(r).toMatchObject({
      cluster: 'casarray.exchangeserverpro.local|192.168.0.38|UNICAST',
      rule: '0-65535|Both|Multiple|Single',
      converged: 'open',
      node: 'EX3|Converged|1',
      remote: 'The RPC server is unavailable. (Exception from HRESULT: 0x800706BA)',
      remoteGet: 'The RPC server is unavailable. (Exception from HRESULT: 0x800706BA)',
      forwarding: 'Forwarding                         : enabled',
      dnscmdNow: true,
      added: 0,
      enum: '0|True',
      nslookup: 'Address:  192.168.0.38',
    });
    expect(r.beforeCluster).toMatch(/did not properly respond/);
    expect(r.noForce).toMatch(/NonInteractive mode/);
    expect(r.overlap).toMatch(/overlaps the existing port rule 135-135/);
    expect(r.noRule).toMatch(/actively refused/);
    expect(r.stopped).toMatch(/did not properly respond/);
    expect(r.byDomain).toMatch(/^1722\|Command failed:\s+RPC_S_SERVER_UNAVAILABLE/);
    expect(ex3.nics.find((n) => n.name === 'NLB')?.forwarding).toBe(true);
    expect(world.state.dnsRecords).toContainEqual({ zone: 'exchangeserverpro.local', name: 'casarray', ipv4: '192.168.0.38' });
  });
});

describePwsh('host double: Windows Server 2012 R2', () => {
  const base = seedLab();
  const design: Design = {
    ...base,
    deployment: { ...base.deployment, windowsSourcePath: 'D:\\sources\\sxs' },
    servers: base.servers.map((s) => ({ ...s, os: { ...s.os, version: '2012R2' as const, servicePack: 0 } })),
  };
  const world = LabWorld.create(design);
  const transport = new HostDoubleTransport({ world });
  afterAll(() => transport.close());

  itPwsh('has the 2012 R2 commands: Install-WindowsFeature (NET-Framework-Core needs -Source), NetAdapter, Resolve-DnsName, WinRM 3.0 quotas', async () => {
    const ex3 = host(world, 'EX3');
    const r = await run(
      transport,
      'EX3',
      `
      $r = [ordered]@{}
      $r.alias = (Get-Command -Name 'Add-WindowsFeature').CommandType.ToString()
      $r.autoload = (Get-WindowsFeature -Name 'NET-Framework-Core').InstallState
      $r.oldName = @(Get-WindowsFeature -Name 'NET-Framework').Count
      try { Install-WindowsFeature -Name 'NET-Framework-Core' -ErrorAction Stop | Out-Null; $r.noSource = 'installed' } catch { $r.noSource = $_.Exception.Message }
      $result = Install-WindowsFeature -Name 'NET-Framework-Core' -Source 'D:\\sources\\sxs'
      $r.withSource = [string]$result.Success + '|' + (Get-WindowsFeature -Name 'NET-Framework-Core').Installed
      $r.nlbTools = @(Install-WindowsFeature -Name 'NLB')[0].Success
      $r.nlbModule = @(Get-Module -ListAvailable -Name 'NetworkLoadBalancingClusters').Count
      $r.adapters = @(Get-NetAdapter | ForEach-Object { $_.Name }) -join ','
      Disable-NetAdapterBinding -Name 'NLB' -ComponentID 'ms_server' -Confirm:$false
      $r.binding = (Get-NetAdapterBinding -Name 'NLB' -ComponentID 'ms_server').Enabled
      $r.resolve = @(Resolve-DnsName -Name 'ex2.exchangeserverpro.local')[0].IPAddress
      $r.shell = (Get-Item -Path 'WSMan:\\localhost\\Shell\\MaxMemoryPerShellMB').Value + '|' + (Get-Item -Path 'WSMan:\\localhost\\Plugin\\Microsoft.PowerShell\\Quotas\\MaxMemoryPerShellMB').Value
      try { Import-Module DnsServer -ErrorAction Stop; $r.dnsModule = 'loaded' } catch { $r.dnsModule = 'missing' }
      try { Restart-Computer -Wait -For PowerShell -WhatIf; $r.restartWait = 'accepted' } catch { $r.restartWait = $_.FullyQualifiedErrorId }
      `,
    );
    expect(r).toMatchObject({
      alias: 'Alias',
      autoload: 'Available',
      oldName: 0,
      withSource: 'True|True',
      nlbTools: true,
      nlbModule: 0,
      adapters: 'Primary,NLB',
      binding: false,
      resolve: '192.168.0.32',
      shell: '1024|1024',
      dnsModule: 'missing',
      restartWait: 'accepted',
    });
    expect(r.noSource).toMatch(/The source files could not be found/);
    expect(ex3.nics.find((n) => n.name === 'NLB')?.bindings).not.toContain('ms_server');
    expect(ex3.restarts).toBe(0);
  });
});
