// "A restart is pending": read by preflight (the server must be restarted before the runbook) and by the
// prerequisites' restart step (restarts the server when it is).
import { ps } from '../../powershell/template';

/** Registry values that mean "a restart is pending" (Component Based Servicing, Windows Update, file renames, update.exe). */
export const PENDING_RESTART = ps`
  $pendingReasons = @()
  if (Test-Path -Path 'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\Component Based Servicing\RebootPending') { $pendingReasons += 'Component Based Servicing' }
  if (Test-Path -Path 'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\WindowsUpdate\Auto Update\RebootRequired') { $pendingReasons += 'Windows Update' }
  $renames = Get-ItemProperty -Path 'HKLM:\SYSTEM\CurrentControlSet\Control\Session Manager' -Name 'PendingFileRenameOperations' -ErrorAction SilentlyContinue
  if ($null -ne $renames -and @($renames.PendingFileRenameOperations | Where-Object { $_ }).Count -gt 0) { $pendingReasons += 'pending file renames' }
  $volatile = Get-ItemProperty -Path 'HKLM:\SOFTWARE\Microsoft\Updates' -Name 'UpdateExeVolatile' -ErrorAction SilentlyContinue
  if ($null -ne $volatile -and [int]$volatile.UpdateExeVolatile -ne 0) { $pendingReasons += 'update.exe (UpdateExeVolatile)' }`;
