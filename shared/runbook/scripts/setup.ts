// Phase 2: Exchange setup. Active Directory preparation (/PrepareSchema, /PrepareAD, /PrepareDomain), the unattended
// install of the server's roles with setup.com, the update rollup, and the product key.
import { ps } from '../../powershell/template';
import type { PsCode } from '../../powershell/template';
import type { SetupRole, StepAction } from '../actions';
import { SAFE, nativeExitCheck, unlessDryRun } from './conventions';
import type { RenderedCode } from './conventions';

/** Registry keys (under HKLM:\SOFTWARE\Microsoft\ExchangeServer\v14) that hold ConfiguredVersion once a role is installed. */
const ROLE_REGISTRY_KEYS: Record<SetupRole, string> = {
  ca: 'ClientAccessRole',
  ht: 'HubTransportRole',
  mb: 'MailboxRole',
  um: 'UnifiedMessagingRole',
  et: 'EdgeTransportRole',
  mt: 'AdminTools',
};

/** "ca,ht,mt" from the roles, in setup's canonical order. */
export function setupRoleList(roles: readonly SetupRole[]): string {
  const order: readonly SetupRole[] = ['ca', 'ht', 'mb', 'um', 'et', 'mt'];
  return order.filter((r) => roles.includes(r)).join(',');
}

function setupPath(media: string): PsCode {
  return ps`
    $setup = Join-Path -Path ${media} -ChildPath 'setup.com'
    if (-not (Test-Path -LiteralPath $setup)) { throw ('Exchange setup was not found at ' + $setup + ': put the Exchange 2010 media there or change the setup media path in the design.') }`;
}

export function prepareAd(a: Extract<StepAction, { kind: 'prepare-ad' }>): RenderedCode {
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

export function exchangeSetup(a: Extract<StepAction, { kind: 'exchange-setup' }>): RenderedCode {
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

export function updateRollup(a: Extract<StepAction, { kind: 'update-rollup' }>): RenderedCode {
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

export function exchangeProductKey(a: Extract<StepAction, { kind: 'exchange-product-key' }>): RenderedCode {
  return {
    script: ps`Set-ExchangeServer -Identity ${a.server} -ProductKey ${a.productKey}${SAFE}`,
    check: ps`
      $server = Get-ExchangeServer -Identity ${a.server} -ErrorAction SilentlyContinue
      ($null -ne $server) -and ([string]$server.Edition -eq ${a.edition})`,
  };
}
