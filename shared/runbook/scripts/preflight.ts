// Phase 0: preflight. Check-only: the server matches the design (Windows version, edition and service pack, domain,
// network connections and their addresses, no pending restart, CredSSP where a step reaches a second machine).
import { ps, psJoin, PS_EMPTY } from '../../powershell/template';
import type { PsCode } from '../../powershell/template';
import type { WindowsVersion } from '../../model/types';
import { WINDOWS_LABELS } from '../../planner/text';
import type { StepAction } from '../actions';
import type { RenderedCode } from './conventions';
import { PENDING_RESTART } from './pendingRestart';

/** The start of Win32_OperatingSystem.Version on each Windows Server version. */
const WINDOWS_VERSION_PREFIXES: Record<WindowsVersion, string> = {
  '2008': '6.0.',
  '2008R2': '6.1.',
  '2012': '6.2.',
  '2012R2': '6.3.',
  '2016': '10.0.',
};

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

export function preflight(a: Extract<StepAction, { kind: 'preflight' }>): RenderedCode {
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
