// The PowerShell side of the real transport: a small driver loaded once into each local PowerShell process (the
// PRELUDE), and the one-line requests Node sends it. Everything here is text; session.ts runs it.
//
// Wire format (local PowerShell process ⇄ Node, through node-powershell's stdin/stdout framing):
// - Node → PowerShell: every request is ONE line, `ExtopoCall '<base64 of the request as UTF-8 JSON>'`, built with
//   the `ps` template (so the argument goes through the quoting function). One line because `-Command -` runs a
//   multi-line block only after an extra blank line; base64 because it keeps the line pure ASCII (Windows
//   PowerShell decodes stdin with the console code page) and because design values (host names, scripts) then
//   reach PowerShell only as DATA — the driver reads them from the decoded object into variables and never splices
//   them into code. The step's own script is made a script block with [scriptblock]::Create.
// - PowerShell → Node: each output line as `EXTOPO>o <text>` (o output, w warning, v verbose, e error), then one
//   `EXTOPO>r <json>` line with the result: {"ok":true,"value":…} or {"ok":false,"phase":"connect|run|request",
//   "error":{message,id,category,line,computer,transport}}. Lines without a prefix come straight from the PowerShell
//   host (Write-Host, "What if:" messages, remote host output).
//
// Credentials: the request carries the user name and password only as AES-256-CBC ciphertext under a per-process
// key that reaches the child through its environment (never stdin). See channel.ts for why.
import { ps } from '../../../shared/powershell';
import type { PsCode } from '../../../shared/powershell';

/** The environment variable that carries the per-process key (read once by the prelude, then removed). */
export const SESSION_KEY_VARIABLE = 'EXTOPO_SESSION_KEY';

export const OUTPUT_PREFIX = 'EXTOPO>';
export const RESULT_TAG = 'r';

/** Which stream a prefixed line came from. */
export type DriverTag = 'o' | 'w' | 'v' | 'e';

/** New-PSSession -Authentication for host sessions. Credssp lets a step reach a third machine (a share, a DC, another node). */
export type RemotingAuthentication = 'Default' | 'Kerberos' | 'Negotiate' | 'Credssp';

export type DriverRequest =
  | { readonly op: 'hello'; readonly useSsl: boolean; readonly authentication: RemotingAuthentication }
  | {
      readonly op: 'credential';
      readonly id: string;
      /** AES-256-CBC (PKCS7) under the session key, base64: the user name and the password, each with its own IV. */
      readonly user: { readonly iv: string; readonly cipher: string };
      readonly password: { readonly iv: string; readonly cipher: string };
    }
  | {
      readonly op: 'run';
      /** The runbook step's id: for diagnostics only (the driver does not use it). */
      readonly step: string;
      readonly mode: 'run' | 'check';
      /** host: Invoke-Command into a PSSession to `host`; ems: implicit remoting to `host`'s Exchange endpoint; local: this process. */
      readonly target: 'host' | 'ems' | 'local';
      readonly host: string;
      readonly credential: string;
      readonly script: string;
      readonly whatIf: boolean;
    }
  | { readonly op: 'boottime'; readonly host: string; readonly credential: string }
  | { readonly op: 'probe'; readonly host: string; readonly credential: string }
  | { readonly op: 'forget-host'; readonly host: string }
  | { readonly op: 'close' };

/** The command line for one request. */
export function requestCommand(request: DriverRequest): PsCode {
  const encoded = Buffer.from(JSON.stringify(request), 'utf8').toString('base64');
  return ps`ExtopoCall ${encoded}`;
}

/** The first command a new process runs: load the driver, then answer `hello`. */
export function bootstrapCommand(hello: Extract<DriverRequest, { op: 'hello' }>): PsCode {
  const prelude = Buffer.from(PRELUDE, 'utf8').toString('base64');
  return ps`. ([scriptblock]::Create([Text.Encoding]::UTF8.GetString([Convert]::FromBase64String(${prelude})))); ${requestCommand(hello)}`;
}

/** Marks the driver's own lines: an error whose InvocationInfo.Line carries it did not come from the step's text. */
export const DRIVER_LINE_MARKER = '#ExtopoDriver';

// The driver. Written for Windows PowerShell 5.1 and PowerShell 7 (the local side); what runs on the remote side
// (the step's script, the boot-time query) also runs on the PowerShell 2.0 of Windows Server 2008 R2.
export const PRELUDE = String.raw`
$ProgressPreference = 'SilentlyContinue'
try { [Console]::OutputEncoding = New-Object System.Text.UTF8Encoding $false } catch { }
if ((Get-Variable -Name PSStyle -ErrorAction SilentlyContinue) -and $PSStyle.PSObject.Properties['OutputRendering']) { $PSStyle.OutputRendering = 'PlainText' }

$global:ExtopoState = @{
  Key = [Convert]::FromBase64String([string][Environment]::GetEnvironmentVariable('${SESSION_KEY_VARIABLE}'))
  Credentials = @{}
  Sessions = @{}
  Ems = @{}
  EmsModule = $null
  EmsKey = $null
  HostOptions = @{}
  UseSsl = $false
  Phase = 'request'
}
Remove-Item -Path 'Env:${SESSION_KEY_VARIABLE}' -ErrorAction SilentlyContinue

$global:ExtopoBootTimeBlock = {
  $os = Get-WmiObject -Class Win32_OperatingSystem
  $os.ConvertToDateTime($os.LastBootUpTime).ToUniversalTime().ToString('o')
}

function global:ExtopoEmit([string]$Tag, [string]$Text) {
  foreach ($line in ($Text -split '\r?\n')) { [Console]::Out.WriteLine('${OUTPUT_PREFIX}' + $Tag + ' ' + $line) }
}

function global:ExtopoResult($Result) {
  [Console]::Out.WriteLine('${OUTPUT_PREFIX}${RESULT_TAG} ' + (ConvertTo-Json -InputObject $Result -Compress -Depth 5))
}

function global:ExtopoIsRecord($Item) {
  ($Item -is [System.Management.Automation.ErrorRecord]) -or ($Item -is [System.Management.Automation.WarningRecord]) -or
  ($Item -is [System.Management.Automation.VerboseRecord]) -or ($Item -is [System.Management.Automation.DebugRecord]) -or
  ($null -ne $Item -and $Item.GetType().FullName -eq 'System.Management.Automation.InformationRecord')
}

function global:ExtopoEmitItem($Item) {
  if ($null -eq $Item) { return }
  $tag = 'o'
  if ($Item -is [System.Management.Automation.WarningRecord]) { $tag = 'w'; $text = [string]$Item.Message }
  elseif ($Item -is [System.Management.Automation.VerboseRecord]) { $tag = 'v'; $text = [string]$Item.Message }
  elseif ($Item -is [System.Management.Automation.DebugRecord]) { $tag = 'v'; $text = [string]$Item.Message }
  elseif ($Item -is [System.Management.Automation.ErrorRecord]) { $tag = 'e'; $text = [string]$Item }
  elseif ($Item.GetType().FullName -eq 'System.Management.Automation.InformationRecord') { $text = [string]$Item.MessageData }
  else { $text = (($Item | Out-String -Width 250) -replace '^(\r?\n)+', '').TrimEnd() }
  if ($text -ne '') { ExtopoEmit $tag $text }
}

function global:ExtopoErrorInfo($Record) {
  $exception = $Record.Exception
  $computer = ''
  if ($Record.PSObject.Properties['OriginInfo'] -and $null -ne $Record.OriginInfo) { $computer = [string]$Record.OriginInfo.PSComputerName }
  $line = ''
  if ($null -ne $Record.InvocationInfo) { $line = [string]$Record.InvocationInfo.Line }
  $id = [string]$Record.FullyQualifiedErrorId
  $transport = ($exception -is [System.Management.Automation.Remoting.PSRemotingTransportException]) -or
    ($id -match 'PSSessionStateBroken|PSSessionOpenFailed|WinRMOperationTimeout|RemotingTransport|CannotConnect')
  @{
    message = [string]$exception.Message
    id = $id
    category = [string]$Record.CategoryInfo
    line = $line.Trim()
    computer = $computer
    transport = [bool]$transport
  }
}

function global:ExtopoDecrypt([string]$Iv, [string]$Cipher) {
  $aes = [System.Security.Cryptography.Aes]::Create()
  try {
    $aes.Mode = [System.Security.Cryptography.CipherMode]::CBC
    $aes.Padding = [System.Security.Cryptography.PaddingMode]::PKCS7
    $aes.Key = $global:ExtopoState.Key
    $aes.IV = [Convert]::FromBase64String($Iv)
    $bytes = [Convert]::FromBase64String($Cipher)
    $decryptor = $aes.CreateDecryptor()
    try { , $decryptor.TransformFinalBlock($bytes, 0, $bytes.Length) } finally { $decryptor.Dispose() }
  } finally { $aes.Dispose() }
}

function global:ExtopoSetCredential($Request) {
  $userBytes = ExtopoDecrypt $Request.user.iv $Request.user.cipher
  $userName = [Text.Encoding]::UTF8.GetString($userBytes)
  $passwordBytes = ExtopoDecrypt $Request.password.iv $Request.password.cipher
  $chars = [Text.Encoding]::UTF8.GetChars($passwordBytes)
  $secure = New-Object System.Security.SecureString
  foreach ($c in $chars) { $secure.AppendChar($c) }
  $secure.MakeReadOnly()
  [Array]::Clear($passwordBytes, 0, $passwordBytes.Length)
  [Array]::Clear($chars, 0, $chars.Length)
  $global:ExtopoState.Credentials[[string]$Request.id] = New-Object System.Management.Automation.PSCredential ($userName, $secure)
}

function global:ExtopoCredential([string]$Id) {
  $credential = $global:ExtopoState.Credentials[$Id]
  if ($null -eq $credential) { throw ('ExTopo has not passed credential ' + $Id + ' to this PowerShell session.') }
  $credential
}

function global:ExtopoUsable($Session) {
  ($null -ne $Session) -and ([string]$Session.State -eq 'Opened') -and ([string]$Session.Availability -eq 'Available')
}

function global:ExtopoHostSession([string]$HostName, [string]$CredentialId) {
  $key = $HostName.ToLowerInvariant() + '|' + $CredentialId
  $session = $global:ExtopoState.Sessions[$key]
  if ($null -ne $session -and -not (ExtopoUsable $session)) {
    Remove-PSSession -Session $session -ErrorAction SilentlyContinue
    $global:ExtopoState.Sessions.Remove($key)
    $session = $null
  }
  if ($null -eq $session) {
    $options = $global:ExtopoState.HostOptions
    $session = New-PSSession -ComputerName $HostName -Credential (ExtopoCredential $CredentialId) @options -ErrorAction Stop
    $global:ExtopoState.Sessions[$key] = $session
  }
  $session
}

function global:ExtopoUnloadEms() {
  if ($null -ne $global:ExtopoState.EmsModule) {
    Remove-Module -ModuleInfo $global:ExtopoState.EmsModule -Force -ErrorAction SilentlyContinue
  }
  $global:ExtopoState.EmsModule = $null
  $global:ExtopoState.EmsKey = $null
}

function global:ExtopoUseEms([string]$Server, [string]$CredentialId) {
  $key = $Server.ToLowerInvariant() + '|' + $CredentialId
  $session = $global:ExtopoState.Ems[$key]
  if ($null -ne $session -and -not (ExtopoUsable $session)) {
    if ($global:ExtopoState.EmsKey -eq $key) { ExtopoUnloadEms }
    Remove-PSSession -Session $session -ErrorAction SilentlyContinue
    $global:ExtopoState.Ems.Remove($key)
    $session = $null
  }
  if ($null -eq $session) {
    $uri = 'http://' + $Server + '/PowerShell/'
    $session = New-PSSession -ConfigurationName Microsoft.Exchange -ConnectionUri $uri -Authentication Kerberos -Credential (ExtopoCredential $CredentialId) -ErrorAction Stop
    $global:ExtopoState.Ems[$key] = $session
  }
  if ($global:ExtopoState.EmsKey -ne $key) {
    ExtopoUnloadEms
    $module = Import-PSSession -Session $session -DisableNameChecking -AllowClobber -ErrorAction Stop
    Import-Module -ModuleInfo $module -Global -DisableNameChecking -ErrorAction Stop
    $global:ExtopoState.EmsModule = $module
    $global:ExtopoState.EmsKey = $key
  }
}

function global:ExtopoForgetHost([string]$HostName) {
  $prefix = $HostName.ToLowerInvariant() + '|'
  foreach ($table in @($global:ExtopoState.Sessions, $global:ExtopoState.Ems)) {
    foreach ($key in @($table.Keys)) {
      if ($key.StartsWith($prefix)) {
        if ($global:ExtopoState.EmsKey -eq $key) { ExtopoUnloadEms }
        Remove-PSSession -Session $table[$key] -ErrorAction SilentlyContinue
        $table.Remove($key)
      }
    }
  }
}

function global:ExtopoRunStep($Request) {
  $isCheck = ($Request.mode -eq 'check')
  $nl = [string][char]10
  # Step scripts pass -WhatIf:$DryRun and -ErrorAction explicitly (preferences do not reach commands imported from a
  # remote Exchange session, and PowerShell 2.0 has no $PSDefaultParameterValues): $DryRun is always defined.
  if ($isCheck) { $prefix = '$ErrorActionPreference = ''Continue''' + $nl + '$DryRun = $false' + $nl }
  else { $prefix = '$ErrorActionPreference = ''Stop''' + $nl + '$global:LASTEXITCODE = 0' + $nl }
  if (-not $isCheck -and $Request.whatIf) { $prefix += '$DryRun = $true' + $nl + '$WhatIfPreference = $true' + $nl }
  elseif (-not $isCheck) { $prefix += '$DryRun = $false' + $nl }
  $suffix = ''
  if (-not $isCheck -and -not $Request.whatIf) {
    $suffix = $nl + 'if ($global:LASTEXITCODE) { throw (''A program this step ran exited with code '' + $global:LASTEXITCODE + ''.'') }'
  }
  $block = [scriptblock]::Create($prefix + [string]$Request.script + $suffix)
  $errorAction = 'Stop'
  if ($isCheck) { $errorAction = 'Continue' }
  $collected = New-Object System.Collections.ArrayList
  $global:ExtopoState.Phase = 'connect'
  if ($Request.target -eq 'host') {
    $session = ExtopoHostSession $Request.host $Request.credential
    $global:ExtopoState.Phase = 'run'
    Invoke-Command -Session $session -ScriptBlock $block -ErrorAction $errorAction *>&1 | ForEach-Object { if ($isCheck -and -not (ExtopoIsRecord $_)) { [void]$collected.Add($_) }; ExtopoEmitItem $_ } ${DRIVER_LINE_MARKER}
  } else {
    if ($Request.target -eq 'ems') { $null = ExtopoUseEms $Request.host $Request.credential }
    $global:ExtopoState.Phase = 'run'
    & $block *>&1 | ForEach-Object { if ($isCheck -and -not (ExtopoIsRecord $_)) { [void]$collected.Add($_) }; ExtopoEmitItem $_ } ${DRIVER_LINE_MARKER}
  }
  $done = $false
  if ($isCheck -and $collected.Count -gt 0) {
    $last = $collected[$collected.Count - 1]
    $done = ($last -is [bool]) -and $last
  }
  @{ done = [bool]$done; printed = $collected.Count }
}

function global:ExtopoProbe($Request) {
  $wsman = @{ ComputerName = [string]$Request.host; ErrorAction = 'Stop' }
  if ($global:ExtopoState.UseSsl) { $wsman.UseSSL = $true }
  try { $null = Test-WSMan @wsman } catch { return @{ up = $false; reason = [string]$_.Exception.Message } }
  $options = $global:ExtopoState.HostOptions
  $sessionOption = New-PSSessionOption -OpenTimeout 15000
  try {
    $session = New-PSSession -ComputerName ([string]$Request.host) -Credential (ExtopoCredential $Request.credential) -SessionOption $sessionOption @options -ErrorAction Stop
  } catch { return @{ up = $false; reason = [string]$_.Exception.Message } }
  try {
    $boot = Invoke-Command -Session $session -ScriptBlock $global:ExtopoBootTimeBlock -ErrorAction Stop
    @{ up = $true; bootTime = [string]$boot }
  } catch {
    @{ up = $false; reason = [string]$_.Exception.Message }
  } finally {
    Remove-PSSession -Session $session -ErrorAction SilentlyContinue
  }
}

function global:ExtopoCall([string]$Request) {
  $global:ExtopoState.Phase = 'request'
  try {
    $ErrorActionPreference = 'Stop'
    $req = [Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($Request)) | ConvertFrom-Json
    $value = $null
    switch ([string]$req.op) {
      'hello' {
        $global:ExtopoState.UseSsl = [bool]$req.useSsl
        $options = @{}
        if ($req.useSsl) { $options.UseSSL = $true }
        if ([string]$req.authentication -ne 'Default') { $options.Authentication = [string]$req.authentication }
        $global:ExtopoState.HostOptions = $options
        $value = @{ version = $PSVersionTable.PSVersion.ToString(); edition = [string]$PSVersionTable.PSEdition; os = [string][Environment]::OSVersion.VersionString }
      }
      'credential' { ExtopoSetCredential $req }
      'run' { $value = ExtopoRunStep $req }
      'boottime' {
        $global:ExtopoState.Phase = 'connect'
        $session = ExtopoHostSession $req.host $req.credential
        $global:ExtopoState.Phase = 'run'
        $value = @{ bootTime = [string](Invoke-Command -Session $session -ScriptBlock $global:ExtopoBootTimeBlock -ErrorAction Stop) }
      }
      'probe' { $value = ExtopoProbe $req }
      'forget-host' { ExtopoForgetHost $req.host }
      'close' {
        ExtopoUnloadEms
        foreach ($table in @($global:ExtopoState.Sessions, $global:ExtopoState.Ems)) {
          foreach ($session in @($table.Values)) { Remove-PSSession -Session $session -ErrorAction SilentlyContinue }
          $table.Clear()
        }
      }
      default { throw ('ExTopo sent an unknown request: ' + [string]$req.op) }
    }
    ExtopoResult @{ ok = $true; value = $value }
  } catch {
    ExtopoResult @{ ok = $false; phase = $global:ExtopoState.Phase; error = (ExtopoErrorInfo $_) }
  }
}
`;
