// Phase 1: prerequisites. Windows features, service startup types, the WinRM memory quota Exchange setup needs in
// a remote shell, the Office 2010 Filter Pack, and the restart when one is pending.
import { ps, PS_EMPTY } from '../../powershell/template';
import type { StepAction } from '../actions';
import { SAFE, unlessDryRun } from './conventions';
import type { RenderedCode } from './conventions';
import { PENDING_RESTART } from './pendingRestart';

export function installFeatures(a: Extract<StepAction, { kind: 'install-features' }>, restart: boolean): RenderedCode {
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

export function setServiceStartup(a: Extract<StepAction, { kind: 'set-service-startup' }>): RenderedCode {
  const wmiMode = { Automatic: 'Auto' }[a.startupType];
  return {
    script: ps`Set-Service -Name ${a.service} -StartupType ${a.startupType}${SAFE}`,
    check: ps`@(Get-WmiObject -Class Win32_Service | Where-Object { $_.Name -eq ${a.service} -and $_.StartMode -eq ${wmiMode} }).Count -eq 1`,
  };
}

export function winrmMemoryQuota(a: Extract<StepAction, { kind: 'winrm-memory-quota' }>): RenderedCode {
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

export function restartIfPending(): RenderedCode {
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

export function installFilterPack(a: Extract<StepAction, { kind: 'install-filter-pack' }>): RenderedCode {
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
