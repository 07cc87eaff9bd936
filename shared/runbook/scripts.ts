// Renders a step's action into its PowerShell `script` (does the work) and `check` (outputs $true when the work is
// already done, so a re-run skips the step). Written for Windows PowerShell 2.0 (Windows Server 2008 R2, Exchange
// 2010): no member enumeration on arrays, no -in / -notin, no [ordered], no $PSItem.
//
// Every design value goes through the `ps` template (and so through quotePs); static text only is PowerShell we
// wrote. Check-only steps (preflight, waits, verification) have a check that tests and a script that explains: the
// script throws a message naming what is wrong.
//
// Dry run and errors are passed EXPLICITLY to every command that changes something: `-WhatIf:$DryRun -ErrorAction
// Stop` where the cmdlet has -WhatIf, an `if ($DryRun)` guard around programs and cmdlets without it (NLB cmdlets,
// setup.com, netsh, dnscmd, installers). Preference variables do not reach commands imported from a remote Exchange
// session (implicit remoting: PowerShell issues #4568 and #19063), and $PSDefaultParameterValues does not exist in
// PowerShell 2.0. Whoever runs a script defines [bool] $DryRun first (the executor's driver, the whole-design .ps1).
import { ps, psJoin, PS_EMPTY } from '../powershell/template';
import type { PsCode } from '../powershell/template';
import { DEFAULT_NLB_LOAD_WEIGHT } from '../model/schema';
import type { WindowsVersion } from '../model/types';
import { WINDOWS_LABELS } from '../planner/text';
import type { SetupRole, StepAction } from './actions';
import { SP3_ADMIN_DISPLAY_VERSION_PREFIX } from './exchangeVersions';
import { renderNamespaceAction } from './namespaceScripts';

export interface RenderedAction {
  readonly script: string;
  readonly check: string;
}

/** The same as PowerShell fragments, for embedding (the whole-design .ps1). */
export interface RenderedCode {
  readonly script: PsCode;
  readonly check: PsCode;
}

/** Copy queue length above which a database copy is reported as unhealthy by verification. */
export const MAX_HEALTHY_COPY_QUEUE = 10;
/** Replay queue length above which a non-lagged database copy is reported as unhealthy by verification. */
export const MAX_HEALTHY_REPLAY_QUEUE = 10;
/** Retries of Mount-Database right after New-MailboxDatabase (AD replication to the store can lag). */
export const MOUNT_ATTEMPTS = 5;
export const MOUNT_RETRY_SECONDS = 15;
/** Poll interval while waiting for NLB convergence. */
export const NLB_POLL_SECONDS = 10;

/** The start of Win32_OperatingSystem.Version on each Windows Server version. */
const WINDOWS_VERSION_PREFIXES: Record<WindowsVersion, string> = {
  '2008': '6.0.',
  '2008R2': '6.1.',
  '2012': '6.2.',
  '2012R2': '6.3.',
  '2016': '10.0.',
};

/** Registry keys (under HKLM:\SOFTWARE\Microsoft\ExchangeServer\v14) that hold ConfiguredVersion once a role is installed. */
const ROLE_REGISTRY_KEYS: Record<SetupRole, string> = {
  ca: 'ClientAccessRole',
  ht: 'HubTransportRole',
  mb: 'MailboxRole',
  um: 'UnifiedMessagingRole',
  et: 'EdgeTransportRole',
  mt: 'AdminTools',
};

const NLB_MODES = { unicast: 'Unicast', multicast: 'Multicast', igmpMulticast: 'IgmpMulticast' } as const;

/** .NET TimeSpan "c" format of a number of days: 7 → 7.00:00:00, 0.5 → 12:00:00 (what Exchange shows back). */
export function formatLagTime(days: number): string {
  const totalSeconds = Math.round(days * 86400);
  const d = Math.floor(totalSeconds / 86400);
  const rest = totalSeconds - d * 86400;
  const two = (n: number): string => String(n).padStart(2, '0');
  const hms = `${two(Math.floor(rest / 3600))}:${two(Math.floor((rest % 3600) / 60))}:${two(rest % 60)}`;
  return d > 0 ? `${d}.${hms}` : hms;
}

/** "ca,ht,mt" from the roles, in setup's canonical order. */
export function setupRoleList(roles: readonly SetupRole[]): string {
  const order: readonly SetupRole[] = ['ca', 'ht', 'mb', 'um', 'et', 'mt'];
  return order.filter((r) => roles.includes(r)).join(',');
}

const NLB_MODULE_GUARD = ps`
  if (-not (Get-Module -ListAvailable -Name 'NetworkLoadBalancingClusters')) { $false; return }
  Import-Module NetworkLoadBalancingClusters`;

function setupPath(media: string): PsCode {
  return ps`
    $setup = Join-Path -Path ${media} -ChildPath 'setup.com'
    if (-not (Test-Path -LiteralPath $setup)) { throw ('Exchange setup was not found at ' + $setup + ': put the Exchange 2010 media there or change the setup media path in the design.') }`;
}

function nativeExitCheck(what: string): PsCode {
  return ps`if ($LASTEXITCODE -ne 0) { throw (${what} + ' failed with exit code ' + $LASTEXITCODE) }`;
}

/** Appended to every cmdlet that changes something and has -WhatIf: the dry run and the error mode, explicitly. */
const SAFE = ps` -WhatIf:$DryRun -ErrorAction Stop`;

/** Runs `code` unless this is a dry run, which prints what it would do (for programs and cmdlets without -WhatIf). */
function unlessDryRun(what: string, code: PsCode): PsCode {
  return ps`
    if ($DryRun) { Write-Host ('What if: ' + ${what}) } else {
      ${code}
    }`;
}

/** Registry values that mean "a restart is pending" (Component Based Servicing, Windows Update, file renames, update.exe). */
const PENDING_RESTART = ps`
  $pendingReasons = @()
  if (Test-Path -Path 'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\Component Based Servicing\RebootPending') { $pendingReasons += 'Component Based Servicing' }
  if (Test-Path -Path 'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\WindowsUpdate\Auto Update\RebootRequired') { $pendingReasons += 'Windows Update' }
  $renames = Get-ItemProperty -Path 'HKLM:\SYSTEM\CurrentControlSet\Control\Session Manager' -Name 'PendingFileRenameOperations' -ErrorAction SilentlyContinue
  if ($null -ne $renames -and @($renames.PendingFileRenameOperations | Where-Object { $_ }).Count -gt 0) { $pendingReasons += 'pending file renames' }
  $volatile = Get-ItemProperty -Path 'HKLM:\SOFTWARE\Microsoft\Updates' -Name 'UpdateExeVolatile' -ErrorAction SilentlyContinue
  if ($null -ne $volatile -and [int]$volatile.UpdateExeVolatile -ne 0) { $pendingReasons += 'update.exe (UpdateExeVolatile)' }`;

// ---------------------------------------------------------------------------------------------------------------
// Phase 0: preflight

function preflightProblems(a: Extract<StepAction, { kind: 'preflight' }>): PsCode {
  const win = { prefix: WINDOWS_VERSION_PREFIXES[a.os.version], name: WINDOWS_LABELS[a.os.version] };
  const nics = psJoin(
    a.nics.map((n) => ps`@{ Name = ${n.name}; Ipv4 = ${n.ipv4} }`),
    ', ',
  );
  const domain =
    a.domain === ''
      ? PS_EMPTY
      : ps`if (-not $cs.PartOfDomain -or ([string]$cs.Domain) -ne ${a.domain}) { $problems += ('not joined to the domain ' + ${a.domain} + ' (member of: ' + [string]$cs.Domain + ')') }`;
  const credSsp = a.credSsp
    ? ps`
      $credSsp = $null
      try { $credSsp = Get-Item -Path 'WSMan:\localhost\Service\Auth\CredSSP' -ErrorAction Stop } catch { $credSsp = $null }
      if ($null -eq $credSsp -or [string]$credSsp.Value -ne 'true') { $problems += 'WinRM does not accept CredSSP (steps on this server reach a second machine): run Enable-WSManCredSSP -Role Server here, and Enable-WSManCredSSP -Role Client -DelegateComputer <this server> on the computer that runs the runbook' }`
    : PS_EMPTY;
  return ps`
    $problems = @()
    $os = Get-WmiObject -Class Win32_OperatingSystem
    $cs = Get-WmiObject -Class Win32_ComputerSystem
    if (-not ([string]$os.Version).StartsWith(${win.prefix})) { $problems += ('Windows version ' + [string]$os.Version + ' is not ' + ${win.name}) }
    if (-not ([string]$os.Caption).Contains(${a.os.edition})) { $problems += ('Windows edition ' + [string]$os.Caption + ' is not ' + ${a.os.edition}) }
    if ([int]$os.ServicePackMajorVersion -lt ${a.os.servicePack}) { $problems += ('service pack ' + [string]$os.ServicePackMajorVersion + ' is older than SP' + ${a.os.servicePack}) }
    ${domain}
    $expectedNics = @(${nics})
    $adapters = @(Get-WmiObject -Class Win32_NetworkAdapter | Where-Object { $_.NetConnectionID })
    $configs = @(Get-WmiObject -Class Win32_NetworkAdapterConfiguration | Where-Object { $_.IPEnabled })
    foreach ($nic in $expectedNics) {
      $adapter = @($adapters | Where-Object { [string]$_.NetConnectionID -eq $nic.Name })
      if ($adapter.Count -eq 0) { $problems += ('no network connection named ' + $nic.Name); continue }
      $config = @($configs | Where-Object { $_.Index -eq $adapter[0].Index })
      if ($config.Count -eq 0 -or @($config[0].IPAddress) -notcontains $nic.Ipv4) { $problems += ('network connection ' + $nic.Name + ' does not have the address ' + $nic.Ipv4) }
    }
    ${PENDING_RESTART}
    if ($pendingReasons.Count -gt 0) { $problems += ('a restart is pending (' + ($pendingReasons -join ', ') + '): restart the server before the runbook') }
    ${credSsp}`;
}

function preflight(a: Extract<StepAction, { kind: 'preflight' }>): RenderedCode {
  const body = preflightProblems(a);
  return {
    script: ps`
      ${body}
      if ($problems.Count -gt 0) { throw (${a.serverName} + ' does not match the design: ' + ($problems -join '; ')) }`,
    check: ps`
      ${body}
      $problems.Count -eq 0`,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Phase 1: prerequisites

function installFeatures(a: Extract<StepAction, { kind: 'install-features' }>, restart: boolean): RenderedCode {
  const source = a.source === '' ? PS_EMPTY : ps` -Source ${a.source}`;
  const restartSwitch = restart ? ps` -Restart` : PS_EMPTY;
  const install =
    a.cmdlet === 'Install-WindowsFeature'
      ? ps`Install-WindowsFeature -Name ${a.features}${source}${restartSwitch}${SAFE}`
      : ps`Add-WindowsFeature -Name ${a.features}${restartSwitch}${SAFE}`;
  return {
    script: ps`
      Import-Module ServerManager
      $result = ${install}
      if ($null -ne $result -and -not $DryRun -and -not $result.Success) { throw ('Installing ' + ${a.features.join(', ')} + ' did not succeed: exit code ' + [string]$result.ExitCode) }
      $result`,
    check: ps`
      Import-Module ServerManager
      $features = @(Get-WindowsFeature -Name ${a.features})
      ($features.Count -eq ${a.features.length}) -and (@($features | Where-Object { -not $_.Installed }).Count -eq 0)`,
  };
}

function setServiceStartup(a: Extract<StepAction, { kind: 'set-service-startup' }>): RenderedCode {
  const wmiMode = { Automatic: 'Auto' }[a.startupType];
  return {
    script: ps`Set-Service -Name ${a.service} -StartupType ${a.startupType}${SAFE}`,
    check: ps`@(Get-WmiObject -Class Win32_Service | Where-Object { $_.Name -eq ${a.service} -and $_.StartMode -eq ${wmiMode} }).Count -eq 1`,
  };
}

function winrmMemoryQuota(a: Extract<StepAction, { kind: 'winrm-memory-quota' }>): RenderedCode {
  // WinRM 2.0 (2008 R2) limits a remote shell and its children to MaxMemoryPerShellMB (150 MB by default): Exchange
  // setup and /PrepareAD die in it. WinRM 3.0 (2012+) adds a per-plugin quota that wins over the shell's.
  const plugin = a.pluginQuota
    ? ps`Set-Item -Path 'WSMan:\localhost\Plugin\Microsoft.PowerShell\Quotas\MaxMemoryPerShellMB' -Value ${a.memoryMb} -Force${SAFE}`
    : PS_EMPTY;
  const pluginCheck = a.pluginQuota
    ? ps`$ok = $ok -and ([int](Get-Item -Path 'WSMan:\localhost\Plugin\Microsoft.PowerShell\Quotas\MaxMemoryPerShellMB').Value -ge ${a.memoryMb})`
    : PS_EMPTY;
  return {
    script: ps`
      Set-Item -Path 'WSMan:\localhost\Shell\MaxMemoryPerShellMB' -Value ${a.memoryMb} -Force${SAFE}
      ${plugin}`,
    check: ps`
      $ok = ([int](Get-Item -Path 'WSMan:\localhost\Shell\MaxMemoryPerShellMB').Value -ge ${a.memoryMb})
      ${pluginCheck}
      $ok`,
  };
}

function restartIfPending(): RenderedCode {
  return {
    script: ps`
      ${PENDING_RESTART}
      if ($pendingReasons.Count -eq 0) { Write-Output 'No restart is pending.'; return }
      Write-Output ('Restarting: ' + ($pendingReasons -join ', '))
      Restart-Computer -Force${SAFE}`,
    check: ps`
      ${PENDING_RESTART}
      $pendingReasons.Count -eq 0`,
  };
}

function installFilterPack(a: Extract<StepAction, { kind: 'install-filter-pack' }>): RenderedCode {
  return {
    // Exit code 3010 means "installed, restart needed": the next step restarts the server when a restart is pending.
    script: ps`
      if (-not (Test-Path -LiteralPath ${a.installerPath})) { throw ('The Office 2010 Filter Pack installer was not found at ' + ${a.installerPath} + ': copy FilterPack64bit.exe there or change the path in the design.') }
      ${unlessDryRun(`install the Office 2010 Filter Pack from ${a.installerPath}`, ps`
        $process = Start-Process -FilePath ${a.installerPath} -ArgumentList @('/quiet', '/norestart') -Wait -PassThru -ErrorAction Stop
        if ($process.ExitCode -eq 3010) { Write-Output 'The Filter Pack is installed; Windows needs a restart (exit code 3010).' }
        elseif ($process.ExitCode -ne 0) { throw ('The Filter Pack installer failed with exit code ' + $process.ExitCode) }`)}`,
    check: ps`
      $names = @(Get-ChildItem -Path 'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall' | ForEach-Object { [string]$_.GetValue('DisplayName') })
      @($names | Where-Object { $_.StartsWith('Microsoft Filter Pack 2.0') -or $_.StartsWith('Microsoft Office 2010 Filter Pack') }).Count -gt 0`,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Phase 2: Exchange setup

function prepareAd(a: Extract<StepAction, { kind: 'prepare-ad' }>): RenderedCode {
  // Done means the versions of Exchange 2010 SP3, not only that an organization exists: an older organization (or a
  // schema prepared by an earlier service pack) is prepared again by the same commands.
  return {
    script: ps`
      ${setupPath(a.setupMediaPath)}
      ${unlessDryRun(`setup /PrepareSchema, /PrepareAD /OrganizationName:${a.organizationName} and /PrepareDomain from ${a.setupMediaPath}`, ps`
        & $setup '/PrepareSchema'
        ${nativeExitCheck('setup /PrepareSchema')}
        & $setup '/PrepareAD' ('/OrganizationName:' + ${a.organizationName})
        ${nativeExitCheck('setup /PrepareAD')}
        & $setup '/PrepareDomain'
        ${nativeExitCheck('setup /PrepareDomain')}`)}`,
    check: ps`
      try {
        $rootDse = New-Object -TypeName System.DirectoryServices.DirectoryEntry -ArgumentList @('LDAP://RootDSE')
        $schemaNc = [string]$rootDse.Properties['schemaNamingContext'][0]
        $configNc = [string]$rootDse.Properties['configurationNamingContext'][0]
        $domainNc = [string]$rootDse.Properties['defaultNamingContext'][0]
        $schema = New-Object -TypeName System.DirectoryServices.DirectoryEntry -ArgumentList @('LDAP://CN=ms-Exch-Schema-Version-Pt,' + $schemaNc)
        $schemaVersion = [int]$schema.Properties['rangeUpper'][0]
        $searcher = New-Object -TypeName System.DirectoryServices.DirectorySearcher
        $searcher.SearchRoot = New-Object -TypeName System.DirectoryServices.DirectoryEntry -ArgumentList @('LDAP://CN=Microsoft Exchange,CN=Services,' + $configNc)
        $searcher.Filter = '(objectClass=msExchOrganizationContainer)'
        $searcher.SearchScope = 'OneLevel'
        $org = $searcher.FindOne()
        $domain = New-Object -TypeName System.DirectoryServices.DirectoryEntry -ArgumentList @('LDAP://CN=Microsoft Exchange System Objects,' + $domainNc)
        $domainVersion = [int]$domain.Properties['objectVersion'][0]
        ($schemaVersion -ge ${a.schemaVersion}) -and ($null -ne $org) -and ([string]$org.Properties['name'][0] -eq ${a.organizationName}) -and ([int]$org.Properties['objectversion'][0] -ge ${a.organizationVersion}) -and ($domainVersion -ge ${a.domainVersion})
      } catch { $false }`,
  };
}

function exchangeSetup(a: Extract<StepAction, { kind: 'exchange-setup' }>): RenderedCode {
  const roles = setupRoleList(a.roles);
  const keys = a.roles.map((r) => ROLE_REGISTRY_KEYS[r]);
  return {
    // Only the roles not yet installed go to setup: a re-run after a half-finished install must not ask setup for
    // a role it already has (setup refuses that), and adding a role to an installed server is /m:install too.
    script: ps`
      ${setupPath(a.setupMediaPath)}
      $codes = ${[...a.roles]}
      $keys = ${keys}
      $todo = @(for ($i = 0; $i -lt $codes.Count; $i++) { if (-not (Get-ItemProperty -Path ('HKLM:\SOFTWARE\Microsoft\ExchangeServer\v14\' + $keys[$i]) -Name 'ConfiguredVersion' -ErrorAction SilentlyContinue)) { $codes[$i] } })
      if ($todo.Count -eq 0) { Write-Output ('Every role is already installed: ' + ${roles}); return }
      if ($DryRun) { Write-Host ('What if: setup /m:install /r:' + ($todo -join ',') + ' from ' + $setup); return }
      if ($todo.Count -eq $codes.Count) {
        & $setup '/m:install' ${`/r:${roles}`}
      } else {
        & $setup '/m:install' ('/r:' + ($todo -join ','))
      }
      if ($LASTEXITCODE -ne 0) { throw ('Exchange setup failed with exit code ' + $LASTEXITCODE + '; see C:\ExchangeSetupLogs\ExchangeSetup.log on this server.') }`,
    check: ps`
      $missing = @(${keys} | Where-Object { -not (Get-ItemProperty -Path ('HKLM:\SOFTWARE\Microsoft\ExchangeServer\v14\' + $_) -Name 'ConfiguredVersion' -ErrorAction SilentlyContinue) })
      $missing.Count -eq 0`,
  };
}

/** The ExSetup.exe of this server's Exchange installation (its file version carries the update rollup). */
const EXSETUP = ps`
  $setupKey = Get-ItemProperty -Path 'HKLM:\SOFTWARE\Microsoft\ExchangeServer\v14\Setup' -Name 'MsiInstallPath' -ErrorAction SilentlyContinue
  $exsetup = ''
  if ($null -ne $setupKey) { $exsetup = Join-Path -Path ([string]$setupKey.MsiInstallPath) -ChildPath 'Bin\ExSetup.exe' }
  $installedBuild = New-Object -TypeName System.Version -ArgumentList @('0.0.0.0')
  if ($exsetup -ne '' -and (Test-Path -LiteralPath $exsetup)) {
    $file = Get-Item -LiteralPath $exsetup
    $fileVersion = [string]$file.VersionInfo.FileVersion
    $parts = @($fileVersion.Split('.') | ForEach-Object { [int]$_ })
    if ($parts.Count -eq 4) { $installedBuild = New-Object -TypeName System.Version -ArgumentList @($parts[0], $parts[1], $parts[2], $parts[3]) }
  }`;

function updateRollup(a: Extract<StepAction, { kind: 'update-rollup' }>): RenderedCode {
  const wanted = ps`$wantedBuild = New-Object -TypeName System.Version -ArgumentList @(${a.build})`;
  return {
    // msiexec exit code 3010 is "installed, restart needed": the next step restarts the server.
    script: ps`
      ${EXSETUP}
      ${wanted}
      if ($installedBuild -ge $wantedBuild) { Write-Output ('Exchange is at ' + [string]$installedBuild + ' already.'); return }
      if (-not (Test-Path -LiteralPath ${a.installerPath})) { throw ('The update rollup was not found at ' + ${a.installerPath} + ': copy Update Rollup ' + ${a.rollup} + ' for Exchange 2010 SP3 there or change the path in the design.') }
      ${unlessDryRun(`install Exchange 2010 SP3 Update Rollup ${a.rollup} from ${a.installerPath}`, ps`
        $process = Start-Process -FilePath 'msiexec.exe' -ArgumentList @('/update', ${a.installerPath}, '/quiet', '/norestart') -Wait -PassThru -ErrorAction Stop
        if ($process.ExitCode -eq 3010) { Write-Output 'The update rollup is installed; Windows needs a restart (exit code 3010).' }
        elseif ($process.ExitCode -ne 0) { throw ('The update rollup installer failed with exit code ' + $process.ExitCode + '; see the Application event log (MsiInstaller) on this server.') }`)}`,
    check: ps`
      ${EXSETUP}
      ${wanted}
      $installedBuild -ge $wantedBuild`,
  };
}

function exchangeProductKey(a: Extract<StepAction, { kind: 'exchange-product-key' }>): RenderedCode {
  return {
    script: ps`Set-ExchangeServer -Identity ${a.server} -ProductKey ${a.productKey}${SAFE}`,
    check: ps`
      $server = Get-ExchangeServer -Identity ${a.server} -ErrorAction SilentlyContinue
      ($null -ne $server) -and ([string]$server.Edition -eq ${a.edition})`,
  };
}

function defaultDatabase(a: Extract<StepAction, { kind: 'default-database' }>): RenderedCode {
  // Setup's database is named "Mailbox Database <10 digits>". Adopted: renamed to the first planned database of the
  // server and moved to its paths. Otherwise removed; that is refused while it holds mailboxes (arbitration
  // mailboxes on the organization's first server), which the error says how to move.
  const find = ps`$defaults = @(Get-MailboxDatabase -Server ${a.server} -ErrorAction SilentlyContinue | Where-Object { [string]$_.Name -match '^Mailbox Database \d{10}$' })`;
  if (a.adopt) {
    const { name, edbFilePath, logFolderPath } = a.adopt;
    return {
      script: ps`
        ${find}
        if ($defaults.Count -eq 0) { Write-Output 'Setup left no default database on this server.'; return }
        $database = $defaults[0]
        Set-MailboxDatabase -Identity ([string]$database.Name) -Name ${name}${SAFE}
        if (-not $DryRun) { Move-DatabasePath -Identity ${name} -EdbFilePath ${edbFilePath} -LogFolderPath ${logFolderPath} -Confirm:$false -Force -ErrorAction Stop }
        else { Write-Host ('What if: Move-DatabasePath ' + ${name} + ' to ' + ${edbFilePath}) }`,
      check: ps`
        ${find}
        $database = Get-MailboxDatabase -Identity ${name} -ErrorAction SilentlyContinue
        ($defaults.Count -eq 0) -and ($null -ne $database) -and ([string]$database.EdbFilePath -eq ${edbFilePath})`,
    };
  }
  return {
    script: ps`
      ${find}
      foreach ($database in $defaults) {
        $mailboxes = @(Get-Mailbox -Database ([string]$database.Name) -ResultSize 1 -ErrorAction SilentlyContinue) + @(Get-Mailbox -Arbitration -Database ([string]$database.Name) -ErrorAction SilentlyContinue)
        if ($mailboxes.Count -gt 0) { throw ('Setup''s database ' + [string]$database.Name + ' on ' + ${a.server} + ' holds mailboxes (arbitration mailboxes on the first server of an organization): move them to a planned database with New-MoveRequest, then run this step again.') }
        Remove-MailboxDatabase -Identity ([string]$database.Name) -Confirm:$false${SAFE}
      }`,
    check: ps`
      ${find}
      $defaults.Count -eq 0`,
  };
}

function staticRpcPorts(a: Extract<StepAction, { kind: 'static-rpc-ports' }>): RenderedCode {
  const ab = String(a.addressBookPort);
  const keys = ps`
    $rpcKey = 'HKLM:\SYSTEM\CurrentControlSet\Services\MSExchangeRPC\ParametersSystem'
    $abKey = 'HKLM:\SYSTEM\CurrentControlSet\Services\MSExchangeAB\Parameters'
    $setupKey = Get-ItemProperty -Path 'HKLM:\SOFTWARE\Microsoft\ExchangeServer\v14\Setup' -Name 'MsiInstallPath' -ErrorAction SilentlyContinue
    $abConfig = ''
    if ($null -ne $setupKey) { $abConfig = Join-Path -Path ([string]$setupKey.MsiInstallPath) -ChildPath 'Bin\Microsoft.Exchange.AddressBook.Service.exe.config' }`;
  return {
    script: ps`
      ${keys}
      if (-not (Test-Path -Path $rpcKey)) { New-Item -Path $rpcKey -Force${SAFE} | Out-Null }
      New-ItemProperty -Path $rpcKey -Name 'TCP/IP Port' -PropertyType DWord -Value ${a.rpcClientAccessPort} -Force${SAFE} | Out-Null
      if (-not (Test-Path -Path $abKey)) { New-Item -Path $abKey -Force${SAFE} | Out-Null }
      New-ItemProperty -Path $abKey -Name 'RpcTcpPort' -PropertyType String -Value ${ab} -Force${SAFE} | Out-Null
      if (-not $DryRun -and $abConfig -and (Test-Path -LiteralPath $abConfig)) {
        $xml = New-Object -TypeName System.Xml.XmlDocument
        $xml.Load($abConfig)
        $settings = $xml.SelectSingleNode('/configuration/appSettings')
        $setting = $xml.SelectSingleNode('/configuration/appSettings/add[@key="RpcTcpPort"]')
        if ($null -eq $setting) {
          $setting = $xml.CreateElement('add')
          $setting.SetAttribute('key', 'RpcTcpPort')
          [void]$settings.AppendChild($setting)
        }
        $setting.SetAttribute('value', ${ab})
        $xml.Save($abConfig)
      }
      Restart-Service -Name 'MSExchangeRPC' -Force${SAFE}
      Restart-Service -Name 'MSExchangeAB' -Force${SAFE}`,
    check: ps`
      ${keys}
      $rpc = Get-ItemProperty -Path $rpcKey -Name 'TCP/IP Port' -ErrorAction SilentlyContinue
      $ab = Get-ItemProperty -Path $abKey -Name 'RpcTcpPort' -ErrorAction SilentlyContinue
      $ok = ($null -ne $rpc) -and ([int]$rpc.PSObject.Properties['TCP/IP Port'].Value -eq ${a.rpcClientAccessPort}) -and ($null -ne $ab) -and ([string]$ab.RpcTcpPort -eq ${ab})
      if ($ok -and $abConfig -and (Test-Path -LiteralPath $abConfig)) {
        $xml = New-Object -TypeName System.Xml.XmlDocument
        $xml.Load($abConfig)
        $setting = $xml.SelectSingleNode('/configuration/appSettings/add[@key="RpcTcpPort"]')
        $ok = ($null -ne $setting) -and ($setting.GetAttribute('value') -eq ${ab})
      }
      $ok`,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Phase 3: Windows NLB

function nlbNicConfig(a: Extract<StepAction, { kind: 'nlb-nic-config' }>): RenderedCode {
  // What Windows Server 2008 R2 has: WMI for DNS registration (Win32_NetworkAdapterConfiguration) and netsh for
  // forwarding. Unbinding File and Printer Sharing has no 2008 R2 command: that is an operator step in preflight,
  // checked by verify-nic-unbound.
  const config = ps`
    $nicName = ${a.nicName}
    $adapter = @(Get-WmiObject -Class Win32_NetworkAdapter | Where-Object { [string]$_.NetConnectionID -eq $nicName })
    if ($adapter.Count -eq 0) { throw ('There is no network connection named ' + $nicName + ' on this server.') }
    $config = @(Get-WmiObject -Class Win32_NetworkAdapterConfiguration | Where-Object { $_.Index -eq $adapter[0].Index })`;
  const dns = a.dnsRegistration
    ? PS_EMPTY
    : ps`
      if ($config[0].FullDNSRegistrationEnabled -or $config[0].DomainDNSRegistrationEnabled) {
        if ($DryRun) { Write-Host ('What if: turn off DNS registration on ' + $nicName) } else {
          $result = $config[0].SetDynamicDNSRegistration($false, $false)
          if ([int]$result.ReturnValue -ne 0) { throw ('Turning off DNS registration on ' + $nicName + ' failed with WMI return value ' + [string]$result.ReturnValue) }
        }
      }`;
  const dnsCheck = a.dnsRegistration ? PS_EMPTY : ps`$ok = $ok -and -not $config[0].FullDNSRegistrationEnabled -and -not $config[0].DomainDNSRegistrationEnabled`;
  const forwarding = a.ipForwarding
    ? unlessDryRun(`netsh interface ipv4 set interface "${a.nicName}" forwarding=enabled`, ps`
        & netsh.exe 'interface' 'ipv4' 'set' 'interface' $nicName 'forwarding=enabled'
        ${nativeExitCheck('netsh interface ipv4 set interface forwarding=enabled')}`)
    : PS_EMPTY;
  const forwardingCheck = a.ipForwarding
    ? ps`$ok = $ok -and (@(& netsh.exe 'interface' 'ipv4' 'show' 'interface' $nicName | Where-Object { $_ -match '^\s*Forwarding\s*:\s*enabled' }).Count -gt 0)`
    : PS_EMPTY;
  return {
    script: ps`
      ${config}
      ${dns}
      ${forwarding}`,
    check: ps`
      $nicName = ${a.nicName}
      $adapter = @(Get-WmiObject -Class Win32_NetworkAdapter | Where-Object { [string]$_.NetConnectionID -eq $nicName })
      if ($adapter.Count -eq 0) { $false; return }
      $config = @(Get-WmiObject -Class Win32_NetworkAdapterConfiguration | Where-Object { $_.Index -eq $adapter[0].Index })
      $ok = $config.Count -gt 0
      ${dnsCheck}
      ${forwardingCheck}
      $ok`,
  };
}

/** Sets $unbound: File and Printer Sharing (LanmanServer) is not bound to the connection (its \Device\{GUID} is not in Linkage\Bind). */
function nicUnbound(nicName: string): PsCode {
  return ps`
    $nicName = ${nicName}
    $adapter = @(Get-WmiObject -Class Win32_NetworkAdapter | Where-Object { [string]$_.NetConnectionID -eq $nicName })
    $unbound = $false
    if ($adapter.Count -gt 0) {
      $guid = ([string]$adapter[0].GUID).ToUpperInvariant()
      $bind = @((Get-ItemProperty -Path 'HKLM:\SYSTEM\CurrentControlSet\Services\LanmanServer\Linkage' -Name 'Bind').Bind)
      $unbound = ($guid -ne '') -and (@($bind | Where-Object { ([string]$_).ToUpperInvariant().Contains($guid) }).Count -eq 0)
    }`;
}

function verifyNicUnbound(a: Extract<StepAction, { kind: 'verify-nic-unbound' }>): RenderedCode {
  return {
    script: ps`
      ${nicUnbound(a.nicName)}
      if (-not $unbound) { throw ('File and Printer Sharing for Microsoft Networks is still bound to ' + $nicName + ': untick it in the connection''s properties (ncpa.cpl), then run this step again.') }`,
    check: ps`
      ${nicUnbound(a.nicName)}
      $unbound`,
  };
}

/** Sets $closed to the ports of an address that refuse a TCP connection (or time out). */
function tcpClosed(address: PsCode, ports: readonly number[]): PsCode {
  return ps`
    $closed = @()
    foreach ($port in ${ports.map(String)}) {
      $client = New-Object -TypeName System.Net.Sockets.TcpClient
      try { $client.Connect(${address}, [int]$port) } catch { $closed += $port } finally { $client.Close() }
    }`;
}

function verifyVipReachable(a: Extract<StepAction, { kind: 'verify-vip-reachable' }>): RenderedCode {
  // nslookup against the named DNS server (Resolve-DnsName is 2012+); the address lines after "Name:" are the answer.
  const resolution =
    a.fqdn === ''
      ? PS_EMPTY
      : ps`
        $answer = @(& nslookup.exe ${a.fqdn} ${a.dnsServer} 2>$null)
        $afterName = $false
        $resolved = @()
        foreach ($line in $answer) {
          if ([string]$line -match '^Name:') { $afterName = $true; continue }
          if ($afterName -and [string]$line -match '(\d{1,3}(\.\d{1,3}){3})') { $resolved += $matches[1] }
        }
        if ($resolved.Count -ne 1 -or $resolved[0] -ne ${a.vip}) { $problems += (${a.fqdn} + ' resolves to ' + ($resolved -join ', ') + ' on ' + ${a.dnsServer} + ' instead of only ' + ${a.vip}) }`;
  const body = ps`
    $problems = @()
    ${resolution}
    ${tcpClosed(ps`${a.vip}`, a.ports)}
    if ($closed.Count -gt 0) { $problems += (${a.vip} + ' does not answer on port(s) ' + ($closed -join ', ')) }`;
  return {
    script: ps`
      ${body}
      if ($problems.Count -gt 0) { throw (($problems -join '; ') + ': ' + ${a.hint}) }`,
    check: ps`
      ${body}
      $problems.Count -eq 0`,
  };
}

function newNlbCluster(a: Extract<StepAction, { kind: 'new-nlb-cluster' }>): RenderedCode {
  // New-NlbCluster has no -HostPriority: the first node gets priority 1 and Set-NlbClusterNode sets the design's.
  // A re-run after a failure between the two only sets the priority. The NLB cmdlets have no -WhatIf.
  // Get-NlbCluster on a host that is in no cluster yet may fail outright (not only with a non-terminating error).
  const cluster = ps`
    $cluster = @()
    try { $cluster = @(Get-NlbCluster -ErrorAction SilentlyContinue | Where-Object { [string]$_.IPAddress -eq ${a.vip} }) } catch { $cluster = @() }`;
  return {
    script: ps`
      Import-Module NetworkLoadBalancingClusters
      ${cluster}
      if ($DryRun) { Write-Host ('What if: New-NlbCluster ' + ${a.clusterFqdn} + ' ' + ${a.vip} + ' on ' + ${a.interfaceName} + ', then host priority ' + ${a.hostPriority}); return }
      if ($cluster.Count -eq 0) {
        New-NlbCluster -InterfaceName ${a.interfaceName} -ClusterPrimaryIP ${a.vip} -SubnetMask ${a.subnetMask} -ClusterName ${a.clusterFqdn} -OperationMode ${NLB_MODES[a.mode]} -Force -ErrorAction Stop | Out-Null
      }
      Set-NlbClusterNode -InterfaceName ${a.interfaceName} -HostPriority ${a.hostPriority} -Force -ErrorAction Stop | Out-Null`,
    check: ps`
      ${NLB_MODULE_GUARD}
      ${cluster}
      if ($cluster.Count -eq 0) { $false; return }
      $node = @(Get-NlbClusterNode -InterfaceName ${a.interfaceName} -ErrorAction SilentlyContinue | Where-Object { [string]$_.Name -eq $env:COMPUTERNAME })
      ($node.Count -gt 0) -and ([int]$node[0].HostPriority -eq ${a.hostPriority})`,
  };
}

function portRuleKey(r: { startPort: number; endPort: number; protocol: string; affinity: string }): string {
  return `${r.startPort}-${r.endPort}-${r.protocol}-Multiple-${r.affinity}`;
}

function nlbPortRules(a: Extract<StepAction, { kind: 'nlb-port-rules' }>): RenderedCode {
  const adds = psJoin(
    a.rules.map(
      (r) =>
        ps`Add-NlbClusterPortRule -InterfaceName ${a.interfaceName} -IP ${a.vip} -StartPort ${r.startPort} -EndPort ${r.endPort} -Protocol ${r.protocol} -Mode 'Multiple' -Affinity ${r.affinity} -ErrorAction Stop | Out-Null`,
    ),
  );
  return {
    script: ps`
      Import-Module NetworkLoadBalancingClusters
      if ($DryRun) { Write-Host ('What if: replace the port rules of ' + ${a.vip} + ' with ' + ${a.rules.map(portRuleKey).join(', ')}); return }
      # Remove every rule first, including the default all-ports rule New-NlbCluster creates.
      Get-NlbClusterPortRule -InterfaceName ${a.interfaceName} -ErrorAction Stop | Remove-NlbClusterPortRule -Force -ErrorAction Stop
      ${adds}`,
    check: ps`
      ${NLB_MODULE_GUARD}
      # The PortRule object calls the filtering mode FilteringMode (Mode is only the column title of its table view).
      $have = @(Get-NlbClusterPortRule -InterfaceName ${a.interfaceName} -ErrorAction SilentlyContinue | ForEach-Object { [string]$_.StartPort + '-' + [string]$_.EndPort + '-' + [string]$_.Protocol + '-' + [string]$_.FilteringMode + '-' + [string]$_.Affinity } | Sort-Object)
      $want = @(${a.rules.map(portRuleKey)} | Sort-Object)
      ($have -join ',') -eq ($want -join ',')`,
  };
}

function addNlbNode(a: Extract<StepAction, { kind: 'add-nlb-node' }>): RenderedCode {
  const weight =
    a.loadWeight === DEFAULT_NLB_LOAD_WEIGHT
      ? PS_EMPTY
      : ps`Get-NlbClusterPortRule -HostName ${a.newNodeName} -InterfaceName ${a.newNodeInterface} -ErrorAction Stop | Set-NlbClusterPortRuleNodeWeight -LoadWeight ${a.loadWeight} -ErrorAction Stop | Out-Null`;
  // The joining node gets the lowest free host priority; Set-NlbClusterNode then sets the design's. A re-run after a
  // failure between the two only sets the priority.
  const node = ps`
    $node = @()
    try { $node = @(Get-NlbClusterNode -HostName ${a.clusterHost} -InterfaceName ${a.clusterInterface} -ErrorAction SilentlyContinue | Where-Object { [string]$_.Name -eq ${a.newNodeName} }) } catch { $node = @() }`;
  return {
    script: ps`
      Import-Module NetworkLoadBalancingClusters
      ${node}
      if ($DryRun) { Write-Host ('What if: add ' + ${a.newNodeName} + ' (' + ${a.newNodeInterface} + ') to the NLB cluster of ' + ${a.clusterHost} + ' with host priority ' + ${a.hostPriority}); return }
      if ($node.Count -eq 0) {
        Get-NlbCluster -HostName ${a.clusterHost} -InterfaceName ${a.clusterInterface} -ErrorAction Stop | Add-NlbClusterNode -NewNodeName ${a.newNodeName} -NewNodeInterface ${a.newNodeInterface} -Force -ErrorAction Stop | Out-Null
      }
      Set-NlbClusterNode -HostName ${a.newNodeName} -InterfaceName ${a.newNodeInterface} -HostPriority ${a.hostPriority} -Force -ErrorAction Stop | Out-Null
      ${weight}`,
    check: ps`
      ${NLB_MODULE_GUARD}
      ${node}
      ($node.Count -gt 0) -and ([int]$node[0].HostPriority -eq ${a.hostPriority})`,
  };
}

/** Sets $pending to the expected nodes that are missing or not Converged in the cluster with that VIP. */
function nlbPending(vip: string, nodes: readonly string[]): PsCode {
  return ps`
    $expected = ${nodes}
    $pending = @()
    $cluster = @(Get-NlbCluster -ErrorAction SilentlyContinue | Where-Object { [string]$_.IPAddress -eq ${vip} })
    if ($cluster.Count -eq 0) { $pending = $expected } else {
      $nodes = @($cluster[0] | Get-NlbClusterNode)
      foreach ($name in $expected) {
        $node = @($nodes | Where-Object { [string]$_.Name -eq $name })
        if ($node.Count -eq 0) { $pending += ($name + ' (not in the cluster)') }
        elseif ([string]$node[0].State -ne 'Converged') { $pending += ($name + ' (' + [string]$node[0].State + ')') }
      }
    }`;
}

function waitNlbConverged(a: Extract<StepAction, { kind: 'wait-nlb-converged' }>): RenderedCode {
  return {
    script: ps`
      Import-Module NetworkLoadBalancingClusters
      $deadline = (Get-Date).AddSeconds(${a.timeoutSeconds})
      while ($true) {
        ${nlbPending(a.vip, a.nodes)}
        if ($pending.Count -eq 0) { break }
        if ((Get-Date) -gt $deadline) { throw ('NLB cluster ' + ${a.vip} + ' has not converged after ' + ${a.timeoutSeconds} + ' s: ' + ($pending -join ', ')) }
        Start-Sleep -Seconds ${NLB_POLL_SECONDS}
      }`,
    check: ps`
      ${NLB_MODULE_GUARD}
      ${nlbPending(a.vip, a.nodes)}
      $pending.Count -eq 0`,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Phase 4: DNS and the CAS array


function dnsARecord(a: Extract<StepAction, { kind: 'dns-a-record' }>): RenderedCode {
  // The DNS tools (RSAT-DNS-Server) are a visible prerequisite step of their own: never installed silently here.
  const conflict = ps`if ($others.Count -gt 0) { throw (${a.fqdn} + ' already has an A record for ' + ($others -join ', ') + ' on ' + ${a.dnsServer} + ': a second record would send clients round-robin to it. Remove or correct that record, then run this step again.') }`;
  const missingTools = ps`throw ('The DNS server tools are not installed on this server (Windows feature RSAT-DNS-Server): run the step that installs them first.')`;
  if (a.useDnscmd) {
    return {
      script: ps`
        if (-not (Get-Command -Name 'dnscmd.exe' -ErrorAction SilentlyContinue)) { ${missingTools} }
        # The name may not exist yet (dnscmd then fails): no other record.
        $others = @()
        try {
          $existing = @(& dnscmd.exe ${a.dnsServer} '/EnumRecords' ${a.zone} ${a.hostLabel} '/Type' 'A' 2>$null)
          if ($LASTEXITCODE -eq 0) { $others = @(@(($existing -join ' ') -split '\s+') | Where-Object { $_ -match '^\d{1,3}(\.\d{1,3}){3}$' -and $_ -ne ${a.ipv4} }) }
        } catch { $others = @() }
        ${conflict}
        ${unlessDryRun(`dnscmd ${a.dnsServer} /RecordAdd ${a.zone} ${a.hostLabel} A ${a.ipv4}`, ps`
          & dnscmd.exe ${a.dnsServer} '/RecordAdd' ${a.zone} ${a.hostLabel} 'A' ${a.ipv4}
          ${nativeExitCheck('dnscmd /RecordAdd')}`)}`,
      check: ps`
        if (-not (Get-Command -Name 'dnscmd.exe' -ErrorAction SilentlyContinue)) { $false; return }
        $output = @(& dnscmd.exe ${a.dnsServer} '/EnumRecords' ${a.zone} ${a.hostLabel} '/Type' 'A')
        ($LASTEXITCODE -eq 0) -and (@(($output -join ' ') -split '\s+') -contains ${a.ipv4})`,
    };
  }
  return {
    script: ps`
      if (-not (Get-Module -ListAvailable -Name 'DnsServer')) { ${missingTools} }
      Import-Module DnsServer
      $others = @(Get-DnsServerResourceRecord -ComputerName ${a.dnsServer} -ZoneName ${a.zone} -Name ${a.hostLabel} -RRType 'A' -ErrorAction SilentlyContinue | ForEach-Object { [string]$_.RecordData.IPv4Address } | Where-Object { $_ -ne ${a.ipv4} })
      ${conflict}
      # Splatted: tree-sitter-powershell misreads a parameter name with a digit (-IPv4Address) as a 4> redirection.
      $record = @{ ComputerName = ${a.dnsServer}; ZoneName = ${a.zone}; Name = ${a.hostLabel}; IPv4Address = ${a.ipv4} }
      Add-DnsServerResourceRecordA @record${SAFE}`,
    check: ps`
      if (-not (Get-Module -ListAvailable -Name 'DnsServer')) { $false; return }
      Import-Module DnsServer
      @(Get-DnsServerResourceRecord -ComputerName ${a.dnsServer} -ZoneName ${a.zone} -Name ${a.hostLabel} -RRType 'A' -ErrorAction SilentlyContinue | Where-Object { [string]$_.RecordData.IPv4Address -eq ${a.ipv4} }).Count -gt 0`,
  };
}

function newCasArray(a: Extract<StepAction, { kind: 'new-cas-array' }>): RenderedCode {
  return {
    script: ps`New-ClientAccessArray -Name ${a.name} -Site ${a.site} -Fqdn ${a.fqdn}${SAFE}`,
    check: ps`@(Get-ClientAccessArray -Site ${a.site} -ErrorAction SilentlyContinue | Where-Object { [string]$_.Fqdn -eq ${a.fqdn} }).Count -gt 0`,
  };
}

function setRpcClientAccess(a: Extract<StepAction, { kind: 'set-rpc-client-access' }>): RenderedCode {
  return {
    script: ps`Get-MailboxDatabase -Server ${a.mailboxServer} -ErrorAction Stop | Set-MailboxDatabase -RpcClientAccessServer ${a.fqdn}${SAFE}`,
    // Only a Mailbox server that exists counts (no databases found because the server is missing is not "done").
    check: ps`
      $server = Get-MailboxServer -Identity ${a.mailboxServer} -ErrorAction SilentlyContinue
      ($null -ne $server) -and (@(Get-MailboxDatabase -Server ${a.mailboxServer} -ErrorAction SilentlyContinue | Where-Object { [string]$_.RpcClientAccessServer -ne ${a.fqdn} }).Count -eq 0)`,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Phase 5: DAG

function witnessTrustedSubsystem(): RenderedCode {
  return {
    script: unlessDryRun('net localgroup Administrators <domain>\\Exchange Trusted Subsystem /add', ps`
      & net.exe 'localgroup' 'Administrators' ($env:USERDOMAIN + '\Exchange Trusted Subsystem') '/add'
      ${nativeExitCheck('net localgroup Administrators /add')}`),
    check: ps`
      $members = @(& net.exe 'localgroup' 'Administrators')
      @($members | Where-Object { ([string]$_).Trim() -eq ($env:USERDOMAIN + '\Exchange Trusted Subsystem') }).Count -gt 0`,
  };
}

function newDag(a: Extract<StepAction, { kind: 'new-dag' }>): RenderedCode {
  const witness = a.witnessServer === '' ? PS_EMPTY : ps` -WitnessServer ${a.witnessServer} -WitnessDirectory ${a.witnessDirectory}`;
  const ips = a.ipAddresses.length === 0 ? PS_EMPTY : ps` -DatabaseAvailabilityGroupIpAddresses ${a.ipAddresses}`;
  return {
    script: ps`New-DatabaseAvailabilityGroup -Name ${a.name}${witness}${ips}${SAFE}`,
    check: ps`$null -ne (Get-DatabaseAvailabilityGroup -Identity ${a.name} -ErrorAction SilentlyContinue)`,
  };
}

function addDagMember(a: Extract<StepAction, { kind: 'add-dag-member' }>): RenderedCode {
  return {
    script: ps`Add-DatabaseAvailabilityGroupServer -Identity ${a.dag} -MailboxServer ${a.mailboxServer}${SAFE}`,
    check: ps`
      $dag = Get-DatabaseAvailabilityGroup -Identity ${a.dag} -Status -ErrorAction SilentlyContinue
      ($null -ne $dag) -and (@($dag.Servers | Where-Object { [string]$_ -eq ${a.mailboxServer} }).Count -gt 0)`,
  };
}

// Set-DatabaseAvailabilityGroup (Exchange 2010): -DatacenterActivationMode Off|DagOnly, -AlternateWitnessServer,
// -AlternateWitnessDirectory. New-DatabaseAvailabilityGroup has none of them, so this is its own step. The check
// compares the witness by its first label (Exchange may store the short name or the FQDN).
function dagDatacenterActivation(a: Extract<StepAction, { kind: 'dag-datacenter-activation' }>): RenderedCode {
  const alternate = a.alternateWitnessServer === '' ? PS_EMPTY : ps` -AlternateWitnessServer ${a.alternateWitnessServer} -AlternateWitnessDirectory ${a.alternateWitnessDirectory}`;
  const alternateCheck =
    a.alternateWitnessServer === ''
      ? PS_EMPTY
      : ps` -and (([string]$dag.AlternateWitnessServer).Split('.')[0] -eq ${a.alternateWitnessServer.split('.')[0]}) -and ([string]$dag.AlternateWitnessDirectory -eq ${a.alternateWitnessDirectory})`;
  return {
    script: ps`Set-DatabaseAvailabilityGroup -Identity ${a.dag} -DatacenterActivationMode ${a.mode}${alternate}${SAFE}`,
    check: ps`
      $dag = Get-DatabaseAvailabilityGroup -Identity ${a.dag} -ErrorAction SilentlyContinue
      ($null -ne $dag) -and ([string]$dag.DatacenterActivationMode -eq ${a.mode})${alternateCheck}`,
  };
}

function dagNetworks(a: Extract<StepAction, { kind: 'dag-networks' }>): RenderedCode {
  const classify = ps`
    $mapiSubnets = ${a.mapiSubnets}
    $replicationSubnets = ${a.replicationSubnets}
    $networks = @(Get-DatabaseAvailabilityGroupNetwork -ErrorAction SilentlyContinue | Where-Object { ([string]$_.Identity).StartsWith(${`${a.dag}\\`}) })
    $covered = @()
    $wrong = @()
    foreach ($network in $networks) {
      $tokens = @($network.Subnets | ForEach-Object { ([string]$_) -split '[^0-9./]+' })
      $isReplication = @($replicationSubnets | Where-Object { $tokens -contains $_ }).Count -gt 0
      $isMapi = @($mapiSubnets | Where-Object { $tokens -contains $_ }).Count -gt 0
      $covered += @($replicationSubnets | Where-Object { $tokens -contains $_ })
      if ($isReplication -and -not $network.ReplicationEnabled) { $wrong += @{ Identity = [string]$network.Identity; Replication = $true } }
      elseif ($isMapi -and -not $isReplication -and $network.ReplicationEnabled) { $wrong += @{ Identity = [string]$network.Identity; Replication = $false } }
    }
    $uncovered = @($replicationSubnets | Where-Object { $covered -notcontains $_ })`;
  return {
    script: ps`
      ${classify}
      if ($uncovered.Count -gt 0) { throw ('No network of DAG ' + ${a.dag} + ' covers the replication subnet(s) ' + ($uncovered -join ', ') + ': check that every member has its replication NIC connected.') }
      foreach ($change in $wrong) { Set-DatabaseAvailabilityGroupNetwork -Identity $change.Identity -ReplicationEnabled $change.Replication -WhatIf:$DryRun -ErrorAction Stop }`,
    check: ps`
      ${classify}
      ($uncovered.Count -eq 0) -and ($wrong.Count -eq 0)`,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Phase 6: databases and copies

function newMailboxDatabase(a: Extract<StepAction, { kind: 'new-mailbox-database' }>): RenderedCode {
  // Mount-Database right after New-MailboxDatabase can fail until Active Directory replication reaches the store:
  // retried. -ErrorAction Stop makes its failure an exception the retry can catch (its errors are non-terminating).
  return {
    script: ps`
      if ($null -eq (Get-MailboxDatabase -Identity ${a.name} -ErrorAction SilentlyContinue)) {
        New-MailboxDatabase -Name ${a.name} -Server ${a.server} -EdbFilePath ${a.edbFilePath} -LogFolderPath ${a.logFolderPath}${SAFE} | Out-Null
      }
      if ($DryRun) { Write-Host ('What if: Mount-Database ' + ${a.name}); return }
      $attempt = 0
      while ($true) {
        try { Mount-Database -Identity ${a.name} -ErrorAction Stop; break }
        catch {
          $attempt++
          if ($attempt -ge ${MOUNT_ATTEMPTS}) { throw }
          Write-Warning ('Mount-Database ' + ${a.name} + ' failed (attempt ' + $attempt + ' of ' + ${MOUNT_ATTEMPTS} + '): ' + $_.Exception.Message + ' Retrying in ' + ${MOUNT_RETRY_SECONDS} + ' s.')
          Start-Sleep -Seconds ${MOUNT_RETRY_SECONDS}
        }
      }`,
    check: ps`
      $database = Get-MailboxDatabase -Identity ${a.name} -Status -ErrorAction SilentlyContinue
      ($null -ne $database) -and ($database.Mounted -eq $true)`,
  };
}

function addDatabaseCopy(a: Extract<StepAction, { kind: 'add-database-copy' }>): RenderedCode {
  const replay = a.replayLagDays > 0 ? ps` -ReplayLagTime ${formatLagTime(a.replayLagDays)}` : PS_EMPTY;
  const truncation = a.truncationLagDays > 0 ? ps` -TruncationLagTime ${formatLagTime(a.truncationLagDays)}` : PS_EMPTY;
  const lagCheck =
    a.replayLagDays > 0
      ? ps`$ok = $ok -and (@($database.ReplayLagTimes | Where-Object { ([string]$_) -eq ${`[${a.server}, ${formatLagTime(a.replayLagDays)}]`} }).Count -gt 0)`
      : PS_EMPTY;
  const truncationCheck =
    a.truncationLagDays > 0
      ? ps`$ok = $ok -and (@($database.TruncationLagTimes | Where-Object { ([string]$_) -eq ${`[${a.server}, ${formatLagTime(a.truncationLagDays)}]`} }).Count -gt 0)`
      : PS_EMPTY;
  return {
    script: ps`Add-MailboxDatabaseCopy -Identity ${a.database} -MailboxServer ${a.server} -ActivationPreference ${a.activationPreference}${replay}${truncation}${SAFE}`,
    check: ps`
      $copy = Get-MailboxDatabaseCopyStatus -Identity ${`${a.database}\\${a.server}`} -ErrorAction SilentlyContinue
      $database = Get-MailboxDatabase -Identity ${a.database} -ErrorAction SilentlyContinue
      $ok = ($null -ne $copy) -and ($null -ne $database) -and (@($database.ActivationPreference | Where-Object { ([string]$_) -eq ${`[${a.server}, ${a.activationPreference}]`} }).Count -gt 0)
      ${lagCheck}
      ${truncationCheck}
      $ok`,
  };
}

function blockLaggedActivation(a: Extract<StepAction, { kind: 'block-lagged-activation' }>): RenderedCode {
  const identity = `${a.database}\\${a.server}`;
  return {
    script: ps`Suspend-MailboxDatabaseCopy -Identity ${identity} -ActivationOnly -SuspendComment 'Lagged copy: not for automatic activation (ExTopo runbook)' -Confirm:$false${SAFE}`,
    check: ps`
      $copy = Get-MailboxDatabaseCopyStatus -Identity ${identity} -ErrorAction SilentlyContinue
      ($null -ne $copy) -and ($copy.ActivationSuspended -eq $true)`,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Phase 7: verification

function verifyNlb(a: Extract<StepAction, { kind: 'verify-nlb' }>): RenderedCode {
  return {
    script: ps`
      Import-Module NetworkLoadBalancingClusters
      ${nlbPending(a.vip, a.nodes)}
      if ($pending.Count -gt 0) { throw ('NLB cluster ' + ${a.vip} + ' is not converged: ' + ($pending -join ', ')) }`,
    check: ps`
      ${NLB_MODULE_GUARD}
      ${nlbPending(a.vip, a.nodes)}
      $pending.Count -eq 0`,
  };
}

function verifyCasArray(a: Extract<StepAction, { kind: 'verify-cas-array' }>): RenderedCode {
  const body = ps`
    $problems = @()
    $array = @(Get-ClientAccessArray -Site ${a.site} -ErrorAction SilentlyContinue | Where-Object { [string]$_.Fqdn -eq ${a.fqdn} })
    if ($array.Count -eq 0) { $problems += ('no CAS array ' + ${a.fqdn} + ' in site ' + ${a.site}) } else {
      $members = @($array[0].Members | ForEach-Object { [string]$_ })
      foreach ($name in ${a.members}) { if ($members -notcontains $name) { $problems += ('the CAS array does not list ' + $name) } }
    }`;
  return {
    script: ps`
      ${body}
      if ($problems.Count -gt 0) { throw ('CAS array check failed: ' + ($problems -join '; ')) }`,
    check: ps`
      ${body}
      $problems.Count -eq 0`,
  };
}

function verifyExchangeVersion(a: Extract<StepAction, { kind: 'verify-exchange-version' }>): RenderedCode {
  // AdminDisplayVersion shows the service pack ("Version 14.3 (Build 123.4)" whatever the rollup); the rollup shows
  // in ExSetup.exe's file version, read on each server by the update-rollup step. This checks what the organization
  // reports for every server of the design, new or existing.
  const body = ps`
    $problems = @()
    foreach ($name in ${a.servers}) {
      $server = Get-ExchangeServer -Identity $name -ErrorAction SilentlyContinue
      if ($null -eq $server) { $problems += ($name + ' is not an Exchange server of the organization'); continue }
      if (-not ([string]$server.AdminDisplayVersion).StartsWith(${SP3_ADMIN_DISPLAY_VERSION_PREFIX})) { $problems += ($name + ' runs ' + [string]$server.AdminDisplayVersion + ', not Exchange 2010 SP3 (Version 14.3)') }
    }`;
  return {
    script: ps`
      ${body}
      if ($problems.Count -gt 0) { throw ('Exchange version check failed: ' + ($problems -join '; ')) }`,
    check: ps`
      ${body}
      $problems.Count -eq 0`,
  };
}

function verifyDatabaseCopies(a: Extract<StepAction, { kind: 'verify-database-copies' }>): RenderedCode {
  const body = ps`
    $problems = @()
    foreach ($databaseName in ${a.databases}) {
      $copies = @(Get-MailboxDatabaseCopyStatus -Identity $databaseName -ErrorAction SilentlyContinue)
      if ($copies.Count -eq 0) { $problems += ('no copy status for ' + $databaseName) }
      # Lagged copies keep a long replay queue by design: their servers, from ReplayLagTimes entries like [MB3, 7.00:00:00].
      $database = Get-MailboxDatabase -Identity $databaseName -ErrorAction SilentlyContinue
      $lagged = @()
      if ($null -ne $database) { $lagged = @(@($database.ReplayLagTimes) | ForEach-Object { [string]$_ } | Where-Object { -not $_.EndsWith(', 00:00:00]') } | ForEach-Object { $_.TrimStart('[').Split(',')[0].Trim() }) }
      foreach ($copy in $copies) {
        $status = [string]$copy.Status
        if ($status -ne 'Healthy' -and $status -ne 'Mounted') { $problems += ([string]$copy.Name + ' is ' + $status) }
        elseif ([int]$copy.CopyQueueLength -gt ${MAX_HEALTHY_COPY_QUEUE}) { $problems += ([string]$copy.Name + ' has a copy queue of ' + [string]$copy.CopyQueueLength) }
        elseif ($lagged -notcontains [string]$copy.MailboxServer -and [int]$copy.ReplayQueueLength -gt ${MAX_HEALTHY_REPLAY_QUEUE}) { $problems += ([string]$copy.Name + ' has a replay queue of ' + [string]$copy.ReplayQueueLength) }
      }
    }`;
  return {
    script: ps`
      ${body}
      if ($problems.Count -gt 0) { throw ('Database copies are not healthy: ' + ($problems -join '; ')) }`,
    check: ps`
      ${body}
      $problems.Count -eq 0`,
  };
}

// The tests below count as passed only when they returned results: a test that could not run (server unreachable,
// checks run with -ErrorAction SilentlyContinue) returns nothing, which is not a pass.

function testReplicationHealth(a: Extract<StepAction, { kind: 'test-replication-health' }>): RenderedCode {
  const body = ps`
    $results = @(Test-ReplicationHealth -Identity ${a.server})
    $failed = @($results | Where-Object { [string]$_.Result -ne 'Passed' })`;
  return {
    script: ps`
      ${body}
      if ($results.Count -eq 0) { throw ('Test-ReplicationHealth on ' + ${a.server} + ' returned no results.') }
      if ($failed.Count -gt 0) { throw ('Test-ReplicationHealth on ' + ${a.server} + ' failed: ' + (@($failed | ForEach-Object { [string]$_.Check + ' ' + [string]$_.Result }) -join '; ')) }`,
    check: ps`
      ${body}
      ($results.Count -gt 0) -and ($failed.Count -eq 0)`,
  };
}

function testMapiConnectivity(a: Extract<StepAction, { kind: 'test-mapi-connectivity' }>): RenderedCode {
  const body = ps`
    $results = @(Test-MAPIConnectivity -Server ${a.server})
    $failed = @($results | Where-Object { [string]$_.Result -ne 'Success' })`;
  return {
    script: ps`
      ${body}
      if ($results.Count -eq 0) { throw ('Test-MAPIConnectivity on ' + ${a.server} + ' returned no results: no database answered.') }
      if ($failed.Count -gt 0) { throw ('Test-MAPIConnectivity on ' + ${a.server} + ' failed for: ' + (@($failed | ForEach-Object { [string]$_.Database + ' ' + [string]$_.Error }) -join '; ')) }`,
    check: ps`
      ${body}
      ($results.Count -gt 0) -and ($failed.Count -eq 0)`,
  };
}

/**
 * The script and check of an action. `restarts` chooses `Add-WindowsFeature -Restart` for feature installs that
 * need a restart (the step's `restarts` flag).
 */
export function renderActionCode(action: StepAction, options: { readonly restarts?: boolean } = {}): RenderedCode {
  switch (action.kind) {
    case 'preflight':
      return preflight(action);
    case 'install-features':
      return installFeatures(action, options.restarts ?? false);
    case 'winrm-memory-quota':
      return winrmMemoryQuota(action);
    case 'restart-if-pending':
      return restartIfPending();
    case 'update-rollup':
      return updateRollup(action);
    case 'exchange-product-key':
      return exchangeProductKey(action);
    case 'default-database':
      return defaultDatabase(action);
    case 'verify-nic-unbound':
      return verifyNicUnbound(action);
    case 'verify-vip-reachable':
      return verifyVipReachable(action);
    case 'verify-exchange-version':
      return verifyExchangeVersion(action);
    case 'block-lagged-activation':
      return blockLaggedActivation(action);
    case 'set-service-startup':
      return setServiceStartup(action);
    case 'install-filter-pack':
      return installFilterPack(action);
    case 'prepare-ad':
      return prepareAd(action);
    case 'exchange-setup':
      return exchangeSetup(action);
    case 'static-rpc-ports':
      return staticRpcPorts(action);
    case 'nlb-nic-config':
      return nlbNicConfig(action);
    case 'new-nlb-cluster':
      return newNlbCluster(action);
    case 'nlb-port-rules':
      return nlbPortRules(action);
    case 'add-nlb-node':
      return addNlbNode(action);
    case 'wait-nlb-converged':
      return waitNlbConverged(action);
    case 'dns-a-record':
      return dnsARecord(action);
    case 'new-cas-array':
      return newCasArray(action);
    case 'set-rpc-client-access':
      return setRpcClientAccess(action);
    case 'witness-trusted-subsystem':
      return witnessTrustedSubsystem();
    case 'new-dag':
      return newDag(action);
    case 'add-dag-member':
      return addDagMember(action);
    case 'dag-datacenter-activation':
      return dagDatacenterActivation(action);
    case 'dag-networks':
      return dagNetworks(action);
    case 'new-mailbox-database':
      return newMailboxDatabase(action);
    case 'add-database-copy':
      return addDatabaseCopy(action);
    case 'verify-nlb':
      return verifyNlb(action);
    case 'verify-cas-array':
      return verifyCasArray(action);
    case 'verify-database-copies':
      return verifyDatabaseCopies(action);
    case 'test-replication-health':
      return testReplicationHealth(action);
    case 'test-mapi-connectivity':
      return testMapiConnectivity(action);
    case 'operator':
      return { script: PS_EMPTY, check: PS_EMPTY };
    case 'namespace-urls':
    case 'autodiscover-scp':
    case 'enable-outlook-anywhere':
    case 'certificate-request':
    case 'certificate-complete':
    case 'certificate-copy':
    case 'verify-namespace':
      return renderNamespaceAction(action);
    default: {
      const unknown: never = action;
      throw new Error(`No PowerShell rendering for step action ${JSON.stringify(unknown)}`);
    }
  }
}

/** The script and check of an action as text (what a RunbookStep holds). */
export function renderAction(action: StepAction, options: { readonly restarts?: boolean } = {}): RenderedAction {
  const code = renderActionCode(action, options);
  return { script: code.script.text, check: code.check.text };
}
