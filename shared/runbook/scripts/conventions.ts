// The conventions every step's PowerShell follows, and the fragments that carry them.
//
// Written for Windows PowerShell 2.0 (Windows Server 2008 R2, Exchange 2010): no member enumeration on arrays, no
// -in / -notin, no [ordered], no $PSItem.
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
import { ps } from '../../powershell/template';
import type { PsCode } from '../../powershell/template';

/** A step's script and check as PowerShell fragments, for embedding (the whole-design .ps1); renderAction gives their text. */
export interface RenderedCode {
  readonly script: PsCode;
  readonly check: PsCode;
}

/** Throws when the program just run (setup.com, netsh, dnscmd, net) exited with a code other than 0. */
export function nativeExitCheck(what: string): PsCode {
  return ps`if ($LASTEXITCODE -ne 0) { throw (${what} + ' failed with exit code ' + $LASTEXITCODE) }`;
}

/** Appended to every cmdlet that changes something and has -WhatIf: the dry run and the error mode, explicitly. */
export const SAFE = ps` -WhatIf:$DryRun -ErrorAction Stop`;

/** Runs `code` unless this is a dry run, which prints what it would do (for programs and cmdlets without -WhatIf). */
export function unlessDryRun(what: string, code: PsCode): PsCode {
  return ps`
    if ($DryRun) { Write-Host ('What if: ' + ${what}) } else {
      ${code}
    }`;
}
