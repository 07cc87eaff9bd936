// Mailbox databases and their copies: setup's own database on a new Mailbox server (adopted or removed), new
// databases mounted on their first server (phase 6), every further copy with its lag, and activation blocked on
// lagged copies.
import { ps, PS_EMPTY } from '../../powershell/template';
import type { StepAction } from '../actions';
import { SAFE } from './conventions';
import type { RenderedCode } from './conventions';

/** Retries of Mount-Database right after New-MailboxDatabase (AD replication to the store can lag). */
export const MOUNT_ATTEMPTS = 5;
export const MOUNT_RETRY_SECONDS = 15;

/** .NET TimeSpan "c" format of a number of days: 7 → 7.00:00:00, 0.5 → 12:00:00 (what Exchange shows back). */
export function formatLagTime(days: number): string {
  const totalSeconds = Math.round(days * 86400);
  const d = Math.floor(totalSeconds / 86400);
  const rest = totalSeconds - d * 86400;
  const two = (n: number): string => String(n).padStart(2, '0');
  const hms = `${two(Math.floor(rest / 3600))}:${two(Math.floor((rest % 3600) / 60))}:${two(rest % 60)}`;
  return d > 0 ? `${d}.${hms}` : hms;
}

export function defaultDatabase(a: Extract<StepAction, { kind: 'default-database' }>): RenderedCode {
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

export function newMailboxDatabase(a: Extract<StepAction, { kind: 'new-mailbox-database' }>): RenderedCode {
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

export function addDatabaseCopy(a: Extract<StepAction, { kind: 'add-database-copy' }>): RenderedCode {
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

export function blockLaggedActivation(a: Extract<StepAction, { kind: 'block-lagged-activation' }>): RenderedCode {
  const identity = `${a.database}\\${a.server}`;
  return {
    script: ps`Suspend-MailboxDatabaseCopy -Identity ${identity} -ActivationOnly -SuspendComment 'Lagged copy: not for automatic activation (ExTopo runbook)' -Confirm:$false${SAFE}`,
    check: ps`
      $copy = Get-MailboxDatabaseCopyStatus -Identity ${identity} -ErrorAction SilentlyContinue
      ($null -ne $copy) -and ($copy.ActivationSuspended -eq $true)`,
  };
}
