// The step driver of the Ansible export: ONE fixed PowerShell script (no design value in it), stored once in the
// exported directory (vars/extopo.yml, as `extopo_step_driver`) and run by every ansible.windows.win_powershell
// task of the playbook. The task passes the step's own `check` and `script` text — the very strings of the runbook
// that the executor and the .ps1 run — as PARAMETERS (data), never spliced into code.
//
// It does what the executor does for one step (main/executor/executor.ts #execute), with the same preamble around
// the step's text as the executor's PowerShell driver (main/transports/powershell/scripts.ts, ExtopoRunStep):
// - check: `$ErrorActionPreference = 'Continue'`, `$DryRun = $false`; done when the last output object is $true.
//   Done → the task reports ok (unchanged); a check-only step (preflight, waits, verification) "passed".
// - run: `$ErrorActionPreference = 'Stop'`, `$global:LASTEXITCODE = 0`, `$DryRun`, then the script, then a throw
//   when a program left a non-zero exit code; then the check again (bounded retries), which must pass.
// - Ansible's --check (`$Ansible.CheckMode`) is the runbook's dry run: the check runs; a step that is not done runs
//   its script with `$DryRun = $true` (every command that changes something gets -WhatIf:$DryRun or is skipped with
//   a "What if:" line) when it supports -WhatIf, else it is only reported; the task reports "changed" (would run).
//   As in the executor, a step after one that would run (AfterWouldRun) cannot really be checked yet: its failure
//   is reported as expected rather than failing the play.
// - Exchange Management Shell steps import the server's own remote Exchange endpoint (implicit remoting, as the
//   executor does from the workstation) unless the Exchange cmdlets are already loaded in the session.
// - A restarting step whose restart Ansible does (RestartByAnsible: win_reboot, with the runbook's waits) only
//   reports reboot_required; the task after the reboot (VerifyOnly) runs the check.
//
// Written for the PowerShell that Ansible needs on the target (3.0 or later), in the runbook's PowerShell 2.0
// style. win_powershell runs a script with [CmdletBinding(SupportsShouldProcess)] in check mode (and passes it
// -WhatIf); the driver turns that into $DryRun for the step and clears $WhatIfPreference for itself.
import { POST_CHECK_ATTEMPTS } from '../../../shared/runbook/ps1';

/** Seconds between the attempts of the check after a step ran (as the .ps1). */
export const POST_CHECK_DELAY_SECONDS = 10;

/** The parameters one win_powershell task passes to the driver. */
export interface DriverParameters {
  readonly StepId: string;
  readonly Target: 'host' | 'ems' | 'dns';
  /** http://<fqdn>/PowerShell/ of the Exchange server (EMS steps; '' otherwise). */
  readonly EmsUri: string;
  readonly Check: string;
  readonly Script: string;
  readonly CheckOnly: boolean;
  readonly SupportsWhatIf: boolean;
  /** true/false, or a Jinja expression that gives it (check mode: a step this one depends on would run). */
  readonly AfterWouldRun: boolean | string;
  readonly RestartByAnsible: boolean;
  readonly VerifyOnly: boolean;
  readonly PostCheckAttempts: number;
  readonly PostCheckDelaySeconds: number;
}

/** What the driver returns in `$Ansible.Result` (the task's `result`). */
export interface DriverResult {
  readonly step: string;
  /** passed | already-done | succeeded | would-run | restart */
  readonly outcome: string;
  readonly after_would_run: boolean;
  readonly reboot_required: boolean;
}

export const STEP_DRIVER = String.raw`[CmdletBinding(SupportsShouldProcess = $true)]
param(
    [string] $StepId = '',
    [string] $Target = 'host',
    [string] $EmsUri = '',
    [string] $Check = '',
    [string] $Script = '',
    [object] $CheckOnly = $false,
    [object] $SupportsWhatIf = $false,
    [object] $AfterWouldRun = $false,
    [object] $RestartByAnsible = $false,
    [object] $VerifyOnly = $false,
    [int] $PostCheckAttempts = ${POST_CHECK_ATTEMPTS},
    [int] $PostCheckDelaySeconds = ${POST_CHECK_DELAY_SECONDS}
)
# ExTopo step driver: runs one runbook step (its check, then its script, then its check again) as ExTopo's executor
# does. The step's PowerShell arrives as the Check and Script parameters, exactly as in the runbook.
$ErrorActionPreference = 'Stop'
# In check mode win_powershell passes -WhatIf to this script; the step's code gets -WhatIf:$DryRun per command.
$WhatIfPreference = $false

function ConvertTo-ExTopoBool([object] $Value) { ([string]$Value) -match '^(?i:true|yes|1)$' }

$dryRun = [bool]$Ansible.CheckMode
$isCheckOnly = ConvertTo-ExTopoBool $CheckOnly
$whatIfSupported = ConvertTo-ExTopoBool $SupportsWhatIf
$afterWouldRun = $dryRun -and (ConvertTo-ExTopoBool $AfterWouldRun)
$Ansible.Changed = $false
$Ansible.Result = @{ step = $StepId; outcome = ''; after_would_run = $false; reboot_required = $false }

# Runs step code as the executor's driver does: the same preamble, $DryRun always defined.
function Invoke-ExTopoStepCode([string] $Code, [string] $Mode, [bool] $WhatIf) {
    $nl = [string][char]10
    if ($Mode -eq 'check') { $prefix = '$ErrorActionPreference = ''Continue''' + $nl + '$DryRun = $false' + $nl; $suffix = '' }
    else {
        $prefix = '$ErrorActionPreference = ''Stop''' + $nl + '$global:LASTEXITCODE = 0' + $nl
        if ($WhatIf) { $prefix += '$DryRun = $true' + $nl + '$WhatIfPreference = $true' + $nl; $suffix = '' }
        else { $prefix += '$DryRun = $false' + $nl; $suffix = $nl + 'if ($global:LASTEXITCODE) { throw (''A program this step ran exited with code '' + $global:LASTEXITCODE + ''.'') }' }
    }
    & ([scriptblock]::Create($prefix + $Code + $suffix))
}

# True when the check's last output object is $true.
function Test-ExTopoStepDone {
    $items = @(Invoke-ExTopoStepCode -Code $Check -Mode 'check' -WhatIf $false)
    ($items.Count -gt 0) -and ($items[$items.Count - 1] -is [bool]) -and $items[$items.Count - 1]
}

function Test-ExTopoStepDoneAfterRun {
    for ($attempt = 1; $attempt -le $PostCheckAttempts; $attempt++) {
        if ($attempt -gt 1) { Start-Sleep -Seconds $PostCheckDelaySeconds }
        if (Test-ExTopoStepDone) { return $true }
    }
    $false
}

function Set-ExTopoWouldRun([string] $Message, [bool] $Changes) {
    Write-Host ('Dry run: ' + $Message)
    $Ansible.Result.outcome = 'would-run'
    $Ansible.Result.after_would_run = $true
    $Ansible.Changed = $Changes
}

$emsSession = $null
try {
    if ($Target -eq 'ems' -and -not (Get-Command -Name 'Get-ExchangeServer' -ErrorAction SilentlyContinue)) {
        $emsSession = New-PSSession -ConfigurationName 'Microsoft.Exchange' -ConnectionUri $EmsUri -Authentication Kerberos -ErrorAction Stop
        $null = Import-Module (Import-PSSession -Session $emsSession -DisableNameChecking -AllowClobber -ErrorAction Stop) -Global -DisableNameChecking -PassThru -ErrorAction Stop
    }

    if (ConvertTo-ExTopoBool $VerifyOnly) {
        if ($dryRun) { $Ansible.Result.outcome = 'would-run'; $Ansible.Result.after_would_run = $true; return }
        if (-not (Test-ExTopoStepDoneAfterRun)) { throw ('Step ' + $StepId + ' ran, but its check still says it is not done.') }
        $Ansible.Result.outcome = 'succeeded'
        return
    }

    # 1. The check: already done?
    $done = $false
    try { $done = Test-ExTopoStepDone }
    catch {
        if ($afterWouldRun) { Set-ExTopoWouldRun ('cannot be checked before the steps it depends on have run (' + $_.Exception.Message + ')') (-not $isCheckOnly); return }
        throw
    }
    if ($done) {
        if ($isCheckOnly) { $Ansible.Result.outcome = 'passed' } else { $Ansible.Result.outcome = 'already-done' }
        $Ansible.Result.after_would_run = $afterWouldRun
        return
    }

    # 2. Dry run (--check): nothing changes.
    if ($dryRun) {
        if ($isCheckOnly) {
            if ($afterWouldRun) { Set-ExTopoWouldRun 'the check fails now because steps before it have not run.' $false; return }
            throw ('Step ' + $StepId + ': the check fails (dry run: the script that explains it was not run).')
        }
        if (-not $whatIfSupported) { Set-ExTopoWouldRun 'the step would run (its commands do not support -WhatIf, so nothing was executed).' $true; return }
        try { Invoke-ExTopoStepCode -Code $Script -Mode 'run' -WhatIf $true | Out-String -Width 250 | Write-Host }
        catch {
            if ($afterWouldRun) { Set-ExTopoWouldRun ('cannot be checked before the steps it depends on have run (' + $_.Exception.Message + ')') $true; return }
            throw
        }
        Set-ExTopoWouldRun 'the step would run (-WhatIf above).' $true
        return
    }

    # 3. A restart that Ansible does (win_reboot, the next task).
    if (ConvertTo-ExTopoBool $RestartByAnsible) {
        Write-Host ($StepId + ': a restart is needed; the next task restarts the server.')
        $Ansible.Result.outcome = 'restart'
        $Ansible.Result.reboot_required = $true
        $Ansible.Changed = $true
        return
    }

    # 4. The script, then the check again.
    $Ansible.Changed = -not $isCheckOnly
    Invoke-ExTopoStepCode -Code $Script -Mode 'run' -WhatIf $false | Out-String -Width 250 | Write-Host
    if (-not (Test-ExTopoStepDoneAfterRun)) { throw ('Step ' + $StepId + ' ran, but its check still says it is not done.') }
    if ($isCheckOnly) { $Ansible.Result.outcome = 'passed' } else { $Ansible.Result.outcome = 'succeeded' }
} finally {
    if ($null -ne $emsSession) { Remove-PSSession -Session $emsSession -ErrorAction SilentlyContinue }
}
`;
