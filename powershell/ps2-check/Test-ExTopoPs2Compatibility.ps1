<#
.SYNOPSIS
    Checks PowerShell scripts for constructs that Windows PowerShell 2.0 (Exchange 2010's management shell, Windows
    Server 2008 R2) does not have, using PowerShell's own parser.

.DESCRIPTION
    Reads a JSON request from -RequestPath:
        { "scripts": [ { "name": "...", "text": "...", "target": "2008R2" } ] }
    and writes one JSON result to stdout:
        { "results": [ { "name": "...", "parseErrors": [ { "line", "column", "message" } ],
                         "findings": [ { "rule", "line", "column", "text", "message" } ] } ] }
    Lines and columns are 1-based. "target" is the Windows Server version the script runs on (2008, 2008R2, 2012,
    2012R2, 2016, 2019, 2022, 2025; missing or unknown = 2008R2). Only the rules about what the operating system ships
    (windows2012-command, module-import) depend on it; every language rule applies to every target, because the
    Exchange Management Shell of Exchange 2010 is PowerShell 2.0 on every operating system.

    The script parses with [System.Management.Automation.Language.Parser]::ParseInput and walks the syntax tree; it
    runs nothing it checks and needs nothing outside PowerShell. Written for and tested with PowerShell 7.6 (pwsh):
    its parser knows every newer construct, so each gets a precise finding. Compiled predicates (System.Linq.Expressions)
    pick the few syntax nodes and tokens worth a look, which keeps a whole runbook to about a second after pwsh starts.

    Exit codes: 0 = result written (findings or not); 2 = the request could not be read; 3 = the check itself failed
    (a bug: the message on stderr names the script).

    Sources (what each PowerShell version added):
    - What's New in Windows PowerShell 3.0 / 4.0 / 5.0 (learn.microsoft.com/powershell/scripting/whats-new/...) and
      the cmdlet release history (learn.microsoft.com/powershell/scripting/whats-new/cmdlet-versions).
    - about_Simplified_Syntax (Where-Object/ForEach-Object without a script block: 3.0), about_Member-Access_Enumeration
      (3.0), about_PSCustomObject ([pscustomobject]: 3.0), about_Hash_Tables ([ordered]: 3.0), about_Comparison_Operators
      (-in/-notin: 3.0), about_Arithmetic_Operators (-shl/-shr: 3.0), about_Remote_Variables ($using: 3.0),
      about_Automatic_Variables ($PSItem, $PSCommandPath, $PSScriptRoot in scripts: 3.0), about_Parameters_Default_Values
      (3.0), about_Redirection (streams 3-6 and *>: 3.0/5.0), about_Classes, about_Enum, about_Using (5.0),
      about_Arrays (.Where()/.ForEach(): 4.0), about_Functions_Advanced_Parameters ([Parameter(Mandatory)] without
      = $true: 3.0), about_Requires, about_Workflows (3.0), about_Operators / about_Pipeline_Chain_Operators
      (ternary, ??, ?., &&, ||, background &: 7.0), about_Special_Characters (`e, `u{}: 6.0),
      about_Numeric_Literals (suffixes y/uy/s/us/u/ul/n, 0b binary: 6.2/7.0).
    - Windows Server 2012 / 2012 R2 module documentation (learn.microsoft.com/powershell/module/<module>: NetAdapter,
      NetTCPIP, DnsClient, DnsServer, NetSecurity, ScheduledTasks, SmbShare, Storage, PKI, Dism, ADDSDeployment, ...):
      those modules first shipped with Windows Server 2012 (Test-NetConnection with 2012 R2, Defender with 2016).
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)]
    [string]$RequestPath
)

Set-StrictMode -Version 2.0
$ErrorActionPreference = 'Stop'

# --------------------------------------------------------------------------------------------------------------------
# Rule texts: what PowerShell 2.0 lacks and how to write it instead.
# --------------------------------------------------------------------------------------------------------------------
$RuleMessages = @{
    'ordered-cast'               = '[ordered] (an ordered dictionary literal) is PowerShell 3.0+. In 2.0 use a plain @{} when the order does not matter, or New-Object System.Collections.Specialized.OrderedDictionary and .Add(key, value).'
    'static-new'                 = '[Type]::new() is PowerShell 5.0+. In 2.0 use New-Object -TypeName <Type> -ArgumentList ...'
    'in-operator'                = '-in / -notin are PowerShell 3.0+. In 2.0 swap the operands and use -contains / -notcontains: $list -contains $item.'
    'psitem-variable'            = '$PSItem is PowerShell 3.0+. In 2.0 use $_.'
    'simplified-where-foreach'   = 'Where-Object / ForEach-Object without a script block (Where-Object Name -eq x, ForEach-Object Name, -MemberName, -Parallel, ...) is PowerShell 3.0+. In 2.0 pass a script block: Where-Object { $_.Name -eq ''x'' }, ForEach-Object { $_.Name }.'
    'using-variable'             = '$using: is PowerShell 3.0+. In 2.0 pass the value with Invoke-Command / Start-Job -ArgumentList and read it from param() in the script block.'
    'pscustomobject-cast'        = '[pscustomobject] is PowerShell 3.0+ (in 2.0 the cast makes no properties). Use New-Object -TypeName PSObject -Property @{ ... } (2.0 does not keep the property order: add | Select-Object Name1, Name2 when it matters).'
    'json-cmdlet'                = 'ConvertTo-Json / ConvertFrom-Json are PowerShell 3.0+. In 2.0 use Add-Type -AssemblyName System.Web.Extensions and New-Object System.Web.Script.Serialization.JavaScriptSerializer (.NET 3.5), or Export-Clixml / Import-Clixml.'
    'web-cmdlet'                 = 'Invoke-WebRequest / Invoke-RestMethod are PowerShell 3.0+. In 2.0 use New-Object System.Net.WebClient (.DownloadString, .DownloadFile, .UploadString).'
    'cim-cmdlet'                 = 'The CIM cmdlets are PowerShell 3.0+. In 2.0 use the WMI cmdlets: Get-WmiObject, Invoke-WmiMethod, Set-WmiInstance, Remove-WmiObject ([wmiclass] for static methods).'
    'psdefaultparametervalues'   = '$PSDefaultParameterValues is PowerShell 3.0+ (2.0 ignores it). Pass the parameters on each command, or splat a hashtable: Cmd @common.'
    'shift-operator'             = '-shl / -shr are PowerShell 3.0+. In 2.0 multiply or divide by a power of two: $x * [math]::Pow(2, $n), [math]::Floor($x / [math]::Pow(2, $n)).'
    'class-enum'                 = 'class / enum definitions are PowerShell 5.0+. In 2.0 build objects with New-Object PSObject and Add-Member (or Add-Type with C# source), and use constants or a hashtable instead of an enum.'
    'using-statement'            = 'using namespace / using module / using assembly are PowerShell 5.0+. In 2.0 write full type names, Import-Module the module and Add-Type -AssemblyName the assembly.'
    'requires-version'           = '#requires -Version above 2 (and -RunAsAdministrator, -PSEdition) stops the script on PowerShell 2.0. Write #requires -Version 2.0 and test elevation in code.'
    'workflow'                   = 'workflow (3.0+) and configuration (DSC, 4.0+) blocks do not exist in PowerShell 2.0. Write a function; run remote work in parallel with Invoke-Command -ComputerName a, b or with jobs.'
    'member-enumeration'         = 'Member enumeration (a property read on everything a command returns, (Get-X).Name) is PowerShell 3.0+: 2.0 gives $null when the command returns several objects, and .Count / .Length of a single object is also 3.0+. Write Get-X | ForEach-Object { $_.Name }, index first ((Get-X)[0].Name), or count with @(Get-X).Count.'
    'where-foreach-method'       = 'The .Where({ }) / .ForEach({ }) collection methods are PowerShell 4.0+. In 2.0 pipe to Where-Object { } / ForEach-Object { }.'
    'stream-redirection'         = 'Redirecting streams other than output (1) and error (2), and *>, are PowerShell 3.0+. 2.0 has only >, >>, 2>, 2>> and 2>&1.'
    'attribute-argument-omitted' = 'An attribute argument without a value ([Parameter(Mandatory)]) is PowerShell 3.0+. In 2.0 write it out: [Parameter(Mandatory = $true)].'
    'ps7-operator'               = 'PowerShell 7 syntax (?: ternary, ??, ??=, ?. / ?[ ], &&, ||, a trailing & for a background job) does not exist in 2.0. Write if / else, test for $null explicitly, and use Start-Job.'
    'numeric-literal'            = 'Numeric suffixes y, uy, s, us, u, ul, n and 0b binary literals are PowerShell 6.2+ / 7.0+. In 2.0 cast instead: [byte]1, [int16]1, [uint32]1, [Convert]::ToInt32(''101'', 2).'
    'string-escape'              = 'The `e and `u{XXXX} escapes are PowerShell 6.0+ (2.0 reads `e as e). Use [char]27 and [char]0xXXXX.'
    'ps3-variable'               = 'This automatic variable does not exist in PowerShell 2.0.'
    'ps3-command'                = 'This command does not exist in PowerShell 2.0.'
    'ps3-parameter'              = 'This parameter does not exist in PowerShell 2.0.'
    'windows2012-command'        = 'This command does not exist on this version of Windows Server.'
    'module-import'              = 'PowerShell 2.0 does not load modules automatically (that is 3.0+): put Import-Module <module> before the command.'
}

# --------------------------------------------------------------------------------------------------------------------
# Tables
# --------------------------------------------------------------------------------------------------------------------

# Aliases that PowerShell 3.0+ added (2.0 would run a native program of that name, or fail) and the common 2.0 aliases
# of commands whose parameters are checked. Source: Get-Alias in 2.0 / 3.0; the cmdlet-versions page above.
$CommandAliases = @{
    'gcim' = 'Get-CimInstance'; 'gcls' = 'Get-CimClass'; 'icim' = 'Invoke-CimMethod'; 'ncim' = 'New-CimInstance'
    'rcim' = 'Remove-CimInstance'; 'scim' = 'Set-CimInstance'; 'gcms' = 'Get-CimSession'; 'ncms' = 'New-CimSession'
    'rcms' = 'Remove-CimSession'; 'ncso' = 'New-CimSessionOption'; 'gcai' = 'Get-CimAssociatedInstance'
    'iwr' = 'Invoke-WebRequest'; 'irm' = 'Invoke-RestMethod'
    'gc' = 'Get-Content'; 'cat' = 'Get-Content'; 'type' = 'Get-Content'
    'gci' = 'Get-ChildItem'; 'ls' = 'Get-ChildItem'; 'dir' = 'Get-ChildItem'
    'icm' = 'Invoke-Command'; 'select' = 'Select-Object'; 'sort' = 'Sort-Object'; 'gi' = 'Get-Item'; 'gp' = 'Get-ItemProperty'
    'gsv' = 'Get-Service'; 'gwmi' = 'Get-WmiObject'; 'measure' = 'Measure-Object'
}

$JsonCmdlets = @('ConvertTo-Json', 'ConvertFrom-Json')
$WebCmdlets = @('Invoke-WebRequest', 'Invoke-RestMethod')
# The CimCmdlets module (PowerShell 3.0).
$CimCmdlets = @(
    'Get-CimInstance', 'Get-CimAssociatedInstance', 'Get-CimClass', 'Invoke-CimMethod', 'New-CimInstance',
    'Set-CimInstance', 'Remove-CimInstance', 'New-CimSession', 'Get-CimSession', 'Remove-CimSession',
    'New-CimSessionOption', 'Register-CimIndicationEvent', 'Export-BinaryMiLog', 'Import-BinaryMiLog'
)

# PowerShell's own commands added after 2.0 (besides JSON, web and CIM above). Source: What's New in Windows
# PowerShell 3.0/4.0/5.0/5.1 and the cmdlet release history page.
$Ps3Commands = @(
    @{ Pattern = 'Unblock-File'; Since = '3.0'; Instead = 'overwrite the Zone.Identifier stream: cmd.exe /c (''type nul > "'' + $path + '':Zone.Identifier"'')' }
    @{ Pattern = 'Rename-Computer'; Since = '3.0'; Instead = '(Get-WmiObject -Class Win32_ComputerSystem).Rename($newName) or netdom.exe renamecomputer' }
    @{ Pattern = '*-ScheduledJob*'; Since = '3.0'; Instead = 'schtasks.exe' }
    @{ Pattern = '*-JobTrigger'; Since = '3.0'; Instead = 'schtasks.exe' }
    @{ Pattern = 'Suspend-Job'; Since = '3.0'; Instead = 'Stop-Job and start again' }
    @{ Pattern = 'Resume-Job'; Since = '3.0'; Instead = 'Stop-Job and start again' }
    @{ Pattern = 'Connect-PSSession'; Since = '3.0'; Instead = 'a session that stays connected (New-PSSession, Invoke-Command -Session)' }
    @{ Pattern = 'Disconnect-PSSession'; Since = '3.0'; Instead = 'a session that stays connected (New-PSSession, Invoke-Command -Session)' }
    @{ Pattern = 'Receive-PSSession'; Since = '3.0'; Instead = 'Invoke-Command -Session with -AsJob and Receive-Job' }
    @{ Pattern = 'Show-Command'; Since = '3.0'; Instead = 'Get-Help' }
    @{ Pattern = 'Update-Help'; Since = '3.0'; Instead = 'nothing: 2.0 ships its help' }
    @{ Pattern = 'Save-Help'; Since = '3.0'; Instead = 'nothing: 2.0 ships its help' }
    @{ Pattern = 'Get-TypeData'; Since = '3.0'; Instead = 'Update-TypeData with a .ps1xml file' }
    @{ Pattern = 'Remove-TypeData'; Since = '3.0'; Instead = 'Update-TypeData with a .ps1xml file' }
    @{ Pattern = 'New-PSSessionConfigurationFile'; Since = '3.0'; Instead = 'Register-PSSessionConfiguration -StartupScript' }
    @{ Pattern = 'Test-PSSessionConfigurationFile'; Since = '3.0'; Instead = 'Register-PSSessionConfiguration -StartupScript' }
    @{ Pattern = 'New-PSTransportOption'; Since = '3.0'; Instead = 'Set-Item WSMan:\localhost\...' }
    @{ Pattern = '*-ControlPanelItem'; Since = '3.0'; Instead = 'control.exe' }
    @{ Pattern = 'Get-FileHash'; Since = '4.0'; Instead = '[System.Security.Cryptography.SHA256]::Create().ComputeHash() over a [System.IO.File]::OpenRead() stream' }
    @{ Pattern = 'New-Guid'; Since = '5.0'; Instead = '[guid]::NewGuid()' }
    @{ Pattern = 'New-TemporaryFile'; Since = '5.0'; Instead = '[System.IO.Path]::GetTempFileName()' }
    @{ Pattern = 'Compress-Archive'; Since = '5.0'; Instead = 'the Shell.Application COM object (CopyHere) or a zip tool' }
    @{ Pattern = 'Expand-Archive'; Since = '5.0'; Instead = 'the Shell.Application COM object (CopyHere) or a zip tool' }
    @{ Pattern = 'Get-Clipboard'; Since = '5.0'; Instead = 'clip.exe' }
    @{ Pattern = 'Set-Clipboard'; Since = '5.0'; Instead = 'clip.exe' }
    @{ Pattern = 'Write-Information'; Since = '5.0'; Instead = 'Write-Host or Write-Verbose' }
    @{ Pattern = 'Format-Hex'; Since = '5.0'; Instead = '[System.BitConverter]::ToString()' }
    @{ Pattern = 'ConvertFrom-String'; Since = '5.0'; Instead = '-split / -match' }
    @{ Pattern = 'ConvertFrom-SddlString'; Since = '5.0'; Instead = 'New-Object System.Security.AccessControl.RawSecurityDescriptor' }
    @{ Pattern = 'Get-ItemPropertyValue'; Since = '5.0'; Instead = '(Get-ItemProperty -Path <path> -Name <name>).<name>' }
    @{ Pattern = 'Import-PowerShellDataFile'; Since = '5.0'; Instead = 'Import-LocalizedData, or Invoke-Expression of trusted content' }
    @{ Pattern = 'Clear-RecycleBin'; Since = '5.0'; Instead = 'the Shell.Application COM object' }
    @{ Pattern = '*-PSHostProcess*'; Since = '5.0'; Instead = 'nothing in 2.0' }
    @{ Pattern = '*-Runspace*'; Since = '5.0'; Instead = 'nothing in 2.0' }
    @{ Pattern = 'Wait-Debugger'; Since = '5.0'; Instead = 'Set-PSBreakpoint' }
    @{ Pattern = '*-CmsMessage'; Since = '5.0'; Instead = 'System.Security.Cryptography.Pkcs (.NET)' }
    @{ Pattern = 'New-PSRoleCapabilityFile'; Since = '5.0'; Instead = 'nothing in 2.0' }
    @{ Pattern = 'Get-ComputerInfo'; Since = '5.1'; Instead = 'Get-WmiObject -Class Win32_OperatingSystem / Win32_ComputerSystem' }
    @{ Pattern = 'Get-TimeZone'; Since = '5.1'; Instead = 'tzutil.exe /g' }
    @{ Pattern = 'Set-TimeZone'; Since = '5.1'; Instead = 'tzutil.exe /s' }
    @{ Pattern = 'Get-Uptime'; Since = '6.0'; Instead = '(Get-WmiObject -Class Win32_OperatingSystem).LastBootUpTime' }
    @{ Pattern = 'Remove-Service'; Since = '6.0'; Instead = 'sc.exe delete' }
    @{ Pattern = 'Test-Json'; Since = '6.1'; Instead = 'nothing in 2.0' }
    @{ Pattern = '*-Markdown*'; Since = '6.1'; Instead = 'nothing in 2.0' }
    @{ Pattern = 'Join-String'; Since = '6.2'; Instead = 'the -join operator' }
    @{ Pattern = 'Get-Error'; Since = '7.0'; Instead = '$Error[0] | Format-List * -Force' }
    @{ Pattern = 'Start-ThreadJob'; Since = '7.0'; Instead = 'Start-Job' }
    @{ Pattern = 'Get-SecureRandom'; Since = '7.4'; Instead = 'New-Object System.Security.Cryptography.RNGCryptoServiceProvider' }
)

# Parameters of 2.0 cmdlets that later versions added. Matched on the exact name (or the listed alias).
$Ps3Parameters = @(
    @{ Command = 'Get-Content'; Names = @('Raw'); Since = '3.0'; Instead = '[System.IO.File]::ReadAllText($path), or (Get-Content $path) -join "`r`n"' }
    @{ Command = 'Get-Content'; Names = @('Tail', 'Last'); Since = '3.0'; Instead = 'Get-Content $path | Select-Object -Last <n>' }
    @{ Command = 'Get-ChildItem'; Names = @('File', 'af', 'Directory', 'ad', 'dir', 'Hidden', 'ah', 'h', 'ReadOnly', 'ar', 'System', 'as', 'Attributes'); Since = '3.0'; Instead = 'Get-ChildItem | Where-Object { $_.PSIsContainer } (or -not $_.PSIsContainer, or a test on $_.Attributes)' }
    @{ Command = 'Get-ChildItem'; Names = @('Depth'); Since = '5.0'; Instead = 'a recursive function, or -Recurse and a test on the path' }
    @{ Command = 'Add-Member'; Names = @('NotePropertyName', 'NotePropertyValue', 'NotePropertyMembers', 'TypeName'); Since = '3.0'; Instead = 'Add-Member -MemberType NoteProperty -Name <name> -Value <value>' }
    @{ Command = 'Export-Csv'; Names = @('Append'); Since = '3.0'; Instead = 'ConvertTo-Csv -NoTypeInformation | Select-Object -Skip 1 | Add-Content' }
    @{ Command = 'Out-File'; Names = @('NoNewline'); Since = '5.0'; Instead = '[System.IO.File]::WriteAllText()' }
    @{ Command = 'Set-Content'; Names = @('NoNewline'); Since = '5.0'; Instead = '[System.IO.File]::WriteAllText()' }
    @{ Command = 'Add-Content'; Names = @('NoNewline'); Since = '5.0'; Instead = '[System.IO.File]::AppendAllText()' }
    @{ Command = 'Restart-Computer'; Names = @('Wait', 'For', 'Timeout', 'Delay'); Since = '3.0'; Instead = 'Restart-Computer, then poll (Test-Connection, Test-WSMan) until the host answers again' }
    @{ Command = 'Invoke-Command'; Names = @('InDisconnectedSession', 'SessionName'); Since = '3.0'; Instead = 'Invoke-Command -AsJob' }
    @{ Command = 'Get-Item'; Names = @('Stream'); Since = '3.0'; Instead = 'streams.exe, or cmd.exe /c more < "file:stream"' }
    @{ Command = 'Remove-Item'; Names = @('Stream'); Since = '3.0'; Instead = 'streams.exe -d' }
    @{ Command = 'Test-Path'; Names = @('OlderThan', 'NewerThan'); Since = '3.0'; Instead = '(Get-Item $path).LastWriteTime -lt $date' }
    @{ Command = 'Get-Command'; Names = @('ListImported'); Since = '3.0'; Instead = 'Get-Command -Module (Get-Module)' }
    @{ Command = 'Get-Module'; Names = @('FullyQualifiedName'); Since = '5.0'; Instead = 'Get-Module -Name <name> | Where-Object { $_.Version -ge ... }' }
    @{ Command = 'Get-Process'; Names = @('IncludeUserName'); Since = '4.0'; Instead = 'Get-WmiObject -Class Win32_Process and its GetOwner() method' }
    @{ Command = 'Select-Object'; Names = @('SkipLast'); Since = '5.0'; Instead = 'index the array: $a[0..($a.Count - 1 - $n)]' }
    @{ Command = 'Sort-Object'; Names = @('Top', 'Bottom', 'Stable'); Since = '6.2'; Instead = 'Sort-Object | Select-Object -First <n>' }
    @{ Command = 'Copy-Item'; Names = @('ToSession', 'FromSession'); Since = '5.0'; Instead = 'a file share (\\host\c$\...)' }
    @{ Command = 'Join-Path'; Names = @('AdditionalChildPath'); Since = '6.0'; Instead = 'nested Join-Path calls' }
    @{ Command = 'Split-Path'; Names = @('LeafBase', 'Extension'); Since = '6.0'; Instead = '[System.IO.Path]::GetFileNameWithoutExtension() / GetExtension()' }
)

# Automatic variables that 2.0 does not set ($PSItem and $PSDefaultParameterValues have rules of their own).
$Ps3Variables = @{
    'PSCommandPath'                  = @{ Since = '3.0'; Instead = '$MyInvocation.MyCommand.Path' }
    'PSScriptRoot'                   = @{ Since = '3.0'; Note = ' in scripts (2.0 sets it only in script modules)'; Instead = 'Split-Path -Parent $MyInvocation.MyCommand.Path' }
    'PSModuleAutoLoadingPreference'  = @{ Since = '3.0'; Instead = 'nothing: 2.0 never loads modules automatically' }
    'PSEdition'                      = @{ Since = '5.1'; Instead = '$PSVersionTable.PSVersion' }
    'IsWindows'                      = @{ Since = '6.0'; Instead = '$true: 2.0 runs only on Windows' }
    'IsLinux'                        = @{ Since = '6.0'; Instead = '$false: 2.0 runs only on Windows' }
    'IsMacOS'                        = @{ Since = '6.0'; Instead = '$false: 2.0 runs only on Windows' }
    'IsCoreCLR'                      = @{ Since = '6.0'; Instead = '$false' }
    'EnabledExperimentalFeatures'    = @{ Since = '6.2'; Instead = 'nothing in 2.0' }
    'PSStyle'                        = @{ Since = '7.2'; Instead = 'plain text' }
    'PSNativeCommandArgumentPassing' = @{ Since = '7.3'; Instead = 'nothing in 2.0' }
    'PSNativeCommandUseErrorActionPreference' = @{ Since = '7.3'; Instead = 'test $LASTEXITCODE after each native command' }
}

# Windows Server 2012-and-later commands: the modules below first shipped with Windows Server 2012 (Test-NetConnection
# with 2012 R2, Defender with 2016) and do not exist on 2008 / 2008 R2, whatever PowerShell is installed there.
# Source: the module pages on learn.microsoft.com/powershell/module/<module> ("Windows Server 2012 and Windows 8"
# cmdlet references). Since = first Windows Server version that has them; Instead = the 2008 R2 way.
$Windows2012Commands = @(
    @{ Pattern = '*-NetAdapter*'; Module = 'NetAdapter'; Since = '2012'; Instead = 'Get-WmiObject -Class Win32_NetworkAdapter / Win32_NetworkAdapterConfiguration, netsh.exe, nvspbind.exe for bindings' }
    @{ Pattern = '*-NetIPAddress'; Module = 'NetTCPIP'; Since = '2012'; Instead = 'Win32_NetworkAdapterConfiguration (EnableStatic, SetGateways) or netsh.exe interface ipv4' }
    @{ Pattern = '*-NetIPInterface'; Module = 'NetTCPIP'; Since = '2012'; Instead = 'netsh.exe interface ipv4 set interface' }
    @{ Pattern = '*-NetIPConfiguration'; Module = 'NetTCPIP'; Since = '2012'; Instead = 'Get-WmiObject -Class Win32_NetworkAdapterConfiguration' }
    @{ Pattern = '*-NetRoute'; Module = 'NetTCPIP'; Since = '2012'; Instead = 'route.exe or netsh.exe interface ipv4 add route' }
    @{ Pattern = 'Find-NetRoute'; Module = 'NetTCPIP'; Since = '2012'; Instead = 'route.exe print' }
    @{ Pattern = '*-NetNeighbor'; Module = 'NetTCPIP'; Since = '2012'; Instead = 'arp.exe or netsh.exe interface ipv4 show neighbors' }
    @{ Pattern = 'Get-NetTCPConnection'; Module = 'NetTCPIP'; Since = '2012'; Instead = 'netstat.exe -ano' }
    @{ Pattern = 'Get-NetUDPEndpoint'; Module = 'NetTCPIP'; Since = '2012'; Instead = 'netstat.exe -ano' }
    @{ Pattern = '*-NetTCPSetting'; Module = 'NetTCPIP'; Since = '2012'; Instead = 'netsh.exe interface tcp' }
    @{ Pattern = '*-NetUDPSetting'; Module = 'NetTCPIP'; Since = '2012'; Instead = 'netsh.exe interface ipv4' }
    @{ Pattern = '*-NetIPv4Protocol'; Module = 'NetTCPIP'; Since = '2012'; Instead = 'netsh.exe interface ipv4 set global' }
    @{ Pattern = '*-NetIPv6Protocol'; Module = 'NetTCPIP'; Since = '2012'; Instead = 'netsh.exe interface ipv6 set global' }
    @{ Pattern = '*-NetOffloadGlobalSetting'; Module = 'NetTCPIP'; Since = '2012'; Instead = 'netsh.exe interface tcp set global' }
    @{ Pattern = '*-NetPrefixPolicy'; Module = 'NetTCPIP'; Since = '2012'; Instead = 'netsh.exe interface ipv6 prefixpolicy' }
    @{ Pattern = '*-NetTransportFilter'; Module = 'NetTCPIP'; Since = '2012'; Instead = 'netsh.exe interface tcp' }
    @{ Pattern = 'Test-NetConnection'; Module = 'NetTCPIP'; Since = '2012R2'; Instead = 'Test-Connection (ping), or New-Object System.Net.Sockets.TcpClient for a port' }
    @{ Pattern = 'Resolve-DnsName'; Module = 'DnsClient'; Since = '2012'; Instead = '[System.Net.Dns]::GetHostAddresses() or nslookup.exe' }
    @{ Pattern = '*-DnsClient*'; Module = 'DnsClient'; Since = '2012'; Instead = 'ipconfig.exe /flushdns /registerdns, Win32_NetworkAdapterConfiguration.SetDNSServerSearchOrder()' }
    @{ Pattern = 'Register-DnsClient'; Module = 'DnsClient'; Since = '2012'; Instead = 'ipconfig.exe /registerdns' }
    @{ Pattern = '*-DnsServer*'; Module = 'DnsServer'; Since = '2012'; Instead = 'dnscmd.exe (/RecordAdd, /EnumRecords, /RecordDelete)' }
    @{ Pattern = '*-NetFirewall*'; Module = 'NetSecurity'; Since = '2012'; Instead = 'netsh.exe advfirewall firewall' }
    @{ Pattern = '*-NetIPsec*'; Module = 'NetSecurity'; Since = '2012'; Instead = 'netsh.exe advfirewall consec' }
    @{ Pattern = '*-ScheduledTask*'; Module = 'ScheduledTasks'; Since = '2012'; Instead = 'schtasks.exe' }
    @{ Pattern = '*-Smb*'; Module = 'SmbShare'; Since = '2012'; Instead = 'net.exe share, Win32_Share' }
    @{ Pattern = 'Install-WindowsFeature'; Module = 'ServerManager'; Since = '2012'; Instead = 'Import-Module ServerManager; Add-WindowsFeature' }
    @{ Pattern = 'Uninstall-WindowsFeature'; Module = 'ServerManager'; Since = '2012'; Instead = 'Import-Module ServerManager; Remove-WindowsFeature' }
    @{ Pattern = '*-WindowsOptionalFeature'; Module = 'Dism'; Since = '2012'; Instead = 'dism.exe, or Add-WindowsFeature' }
    @{ Pattern = '*-NetLbfo*'; Module = 'NetLbfo'; Since = '2012'; Instead = 'the NIC vendor''s teaming tool' }
    @{ Pattern = '*-NetConnectionProfile'; Module = 'NetConnection'; Since = '2012'; Instead = 'the network location in the Network and Sharing Center' }
    @{ Pattern = '*-Disk'; Module = 'Storage'; Since = '2012'; Instead = 'diskpart.exe /s, Win32_DiskDrive' }
    @{ Pattern = '*-Partition'; Module = 'Storage'; Since = '2012'; Instead = 'diskpart.exe /s' }
    @{ Pattern = '*-PartitionAccessPath'; Module = 'Storage'; Since = '2012'; Instead = 'Win32_Volume.AddMountPoint(), mountvol.exe' }
    @{ Pattern = 'Get-PartitionSupportedSize'; Module = 'Storage'; Since = '2012'; Instead = 'diskpart.exe' }
    @{ Pattern = '*-Volume'; Module = 'Storage'; Since = '2012'; Instead = 'Win32_Volume (Format, AddMountPoint), format.exe' }
    @{ Pattern = '*-PhysicalDisk'; Module = 'Storage'; Since = '2012'; Instead = 'Win32_DiskDrive' }
    @{ Pattern = '*-VirtualDisk'; Module = 'Storage'; Since = '2012'; Instead = 'diskpart.exe' }
    @{ Pattern = '*-StoragePool'; Module = 'Storage'; Since = '2012'; Instead = 'diskpart.exe' }
    @{ Pattern = 'Get-StorageSubSystem'; Module = 'Storage'; Since = '2012'; Instead = 'Win32_DiskDrive' }
    @{ Pattern = 'New-SelfSignedCertificate'; Module = 'PKI'; Since = '2012'; Instead = 'New-ExchangeCertificate (Exchange) or makecert.exe / certreq.exe' }
    @{ Pattern = '*-PfxCertificate'; Module = 'PKI'; Since = '2012'; Instead = 'certutil.exe -importPFX / -exportPFX, or Import-ExchangeCertificate (Exchange)' }
    @{ Pattern = 'Import-Certificate'; Module = 'PKI'; Since = '2012'; Instead = 'certutil.exe -addstore' }
    @{ Pattern = 'Export-Certificate'; Module = 'PKI'; Since = '2012'; Instead = 'certutil.exe -store' }
    @{ Pattern = 'Get-Certificate'; Module = 'PKI'; Since = '2012'; Instead = 'certreq.exe' }
    @{ Pattern = 'Get-PfxData'; Module = 'PKI'; Since = '2012'; Instead = 'New-Object System.Security.Cryptography.X509Certificates.X509Certificate2' }
    @{ Pattern = 'Install-ADDS*'; Module = 'ADDSDeployment'; Since = '2012'; Instead = 'dcpromo.exe /unattend' }
    @{ Pattern = 'Test-ADDS*'; Module = 'ADDSDeployment'; Since = '2012'; Instead = 'dcpromo.exe /unattend' }
    @{ Pattern = 'Uninstall-ADDSDomainController'; Module = 'ADDSDeployment'; Since = '2012'; Instead = 'dcpromo.exe /unattend' }
    @{ Pattern = '*-ADReplication*'; Module = 'ActiveDirectory'; Since = '2012'; Instead = 'New-ADObject / Get-ADObject under CN=Sites,CN=Configuration (site, subnet, siteLink objects), or dsquery.exe' }
    @{ Pattern = '*-WinSystemLocale'; Module = 'International'; Since = '2012'; Instead = 'control.exe intl.cpl,, /f:"<answer file>"' }
    @{ Pattern = '*-WinHomeLocation'; Module = 'International'; Since = '2012'; Instead = 'control.exe intl.cpl,, /f:"<answer file>"' }
    @{ Pattern = '*-WinUserLanguageList'; Module = 'International'; Since = '2012'; Instead = 'control.exe intl.cpl,, /f:"<answer file>"' }
    @{ Pattern = 'Set-Culture'; Module = 'International'; Since = '2012'; Instead = 'control.exe intl.cpl,, /f:"<answer file>"' }
    @{ Pattern = '*-BitLocker*'; Module = 'BitLocker'; Since = '2012'; Instead = 'manage-bde.exe' }
    @{ Pattern = '*-Iscsi*'; Module = 'iSCSI'; Since = '2012'; Instead = 'iscsicli.exe' }
    @{ Pattern = '*-MpPreference'; Module = 'Defender'; Since = '2016'; Instead = 'the installed anti-virus product''s own tool (2008 R2 has no built-in anti-virus)' }
    @{ Pattern = '*-MpThreat*'; Module = 'Defender'; Since = '2016'; Instead = 'the installed anti-virus product''s own tool' }
    @{ Pattern = 'Get-MpComputerStatus'; Module = 'Defender'; Since = '2016'; Instead = 'the installed anti-virus product''s own tool' }
    @{ Pattern = 'Start-MpScan'; Module = 'Defender'; Since = '2016'; Instead = 'the installed anti-virus product''s own tool' }
    @{ Pattern = 'Update-MpSignature'; Module = 'Defender'; Since = '2016'; Instead = 'the installed anti-virus product''s own tool' }
)

# Modules of Windows Server 2008 / 2008 R2 that PowerShell 2.0 must import before their commands run (module
# auto-loading is 3.0+). Exact names or patterns; Exchange's own cmdlets (Get-ADPermission, Get-ADSite, ...) come
# from the Exchange session and are deliberately not matched.
$ModuleCommands = @(
    @{ Module = 'ServerManager'; Patterns = @('Get-WindowsFeature', 'Add-WindowsFeature', 'Remove-WindowsFeature') }
    @{ Module = 'NetworkLoadBalancingClusters'; Patterns = @('*-NlbCluster*', 'Get-NlbClusterDriverInfo') }
    @{ Module = 'FailoverClusters'; Patterns = @('*-Cluster', '*-ClusterNode', '*-ClusterGroup', '*-ClusterResource*', '*-ClusterNetwork*', '*-ClusterQuorum', '*-ClusterParameter', '*-ClusterLog', '*-ClusterOwnerNode', '*-ClusterAccess', '*-ClusterSharedVolume*', 'Test-Cluster*') }
    @{ Module = 'ActiveDirectory'; Patterns = @('*-ADUser', '*-ADComputer', '*-ADGroup', '*-ADGroupMember', '*-ADPrincipalGroupMembership', '*-ADObject', '*-ADOrganizationalUnit', 'Get-ADDomain', 'Get-ADForest', 'Get-ADDomainController', 'Get-ADRootDSE', '*-ADAccount', '*-ADAccountPassword', 'Search-ADAccount', '*-ADServiceAccount', 'Set-ADForestMode', 'Set-ADDomainMode', '*-ADFineGrainedPasswordPolicy', '*-ADReplication*') }
    @{ Module = 'WebAdministration'; Patterns = @('*-Website', '*-WebBinding', '*-WebConfiguration', '*-WebConfigurationProperty', '*-WebApplication', '*-WebAppPool', '*-WebAppPoolState', '*-WebVirtualDirectory', '*-WebItem', 'Get-WebSite*') }
    @{ Module = 'BitsTransfer'; Patterns = @('*-BitsTransfer') }
    @{ Module = 'GroupPolicy'; Patterns = @('*-GPO', '*-GPLink', '*-GPRegistryValue', '*-GPInheritance', '*-GPPermission*', 'Get-GPResultantSetOfPolicy') }
)

# Commands whose output is one object, so a property read on their result is fine in 2.0 ((Get-Date).Year).
$SingleObjectCommands = @(
    'Get-Date', 'Measure-Object', 'New-Object', 'Get-Location', 'Get-Host', 'Get-Culture', 'Get-UICulture', 'Read-Host',
    'Get-Credential', 'ConvertTo-SecureString', 'Split-Path', 'Join-Path', 'Get-ExecutionPolicy', 'Get-PSSessionConfiguration'
)
# Commands that return one object for one exact (wildcard-free) name: (Get-Item 'C:\x').LastWriteTime,
# (Get-ItemProperty -Path 'HKLM:\...' -Name X).X, (Get-WindowsFeature -Name 'NLB').Installed. Value = the parameters
# that name the object (or the first positional argument).
$SingleNameCommands = @{
    'Get-Item'                      = @('Path', 'LiteralPath')
    'Get-ItemProperty'              = @('Path', 'LiteralPath')
    'Get-Acl'                       = @('Path', 'LiteralPath')
    'Get-WindowsFeature'            = @('Name')
    'Get-Service'                   = @('Name')
    'Get-ExchangeServer'            = @('Identity')
    'Get-MailboxServer'             = @('Identity')
    'Get-ClientAccessServer'        = @('Identity')
    'Get-TransportServer'           = @('Identity')
    'Get-MailboxDatabase'           = @('Identity')
    'Get-DatabaseAvailabilityGroup' = @('Identity')
    'Get-ClientAccessArray'         = @('Identity')
    'Get-Mailbox'                   = @('Identity')
    'Get-ADUser'                    = @('Identity')
    'Get-ADComputer'                = @('Identity')
    'Get-ADGroup'                   = @('Identity')
    'Get-ADObject'                  = @('Identity')
}
# WMI classes with a single instance per computer.
$SingletonWmiClasses = @('Win32_OperatingSystem', 'Win32_ComputerSystem', 'Win32_ComputerSystemProduct', 'Win32_BIOS')
# Properties every array has in 2.0: @(...).Count is the 2.0 way to count.
$ArrayProperties = @('Count', 'Length', 'LongLength', 'Rank', 'SyncRoot', 'IsReadOnly', 'IsFixedSize', 'IsSynchronized')

# Where-Object / ForEach-Object parameters in 2.0 (plus common parameters). Anything else is the 3.0+ simplified syntax.
$WhereForEachNames = @('Where-Object', 'ForEach-Object', '?', '%', 'where', 'foreach')
$WhereForEach2Parameters = @('InputObject', 'FilterScript', 'Process', 'Begin', 'End', 'Verbose', 'Debug', 'ErrorAction',
    'WarningAction', 'ErrorVariable', 'WarningVariable', 'OutVariable', 'OutBuffer', 'vb', 'db', 'ea', 'wa', 'ev', 'wv', 'ov', 'ob')
$WhereForEachSwitches = @('Verbose', 'Debug', 'vb', 'db')

$WindowsRank = @{ '2008' = 0; '2008R2' = 1; '2012' = 2; '2012R2' = 3; '2016' = 4; '2019' = 5; '2022' = 6; '2025' = 7 }
# --------------------------------------------------------------------------------------------------------------------
# Fast selection: compiled predicates (System.Linq.Expressions) pick the few nodes and tokens worth a look, so the
# PowerShell code below runs on hundreds of nodes per batch instead of tens of thousands.
# --------------------------------------------------------------------------------------------------------------------

$E = [System.Linq.Expressions.Expression]
$AstType = [System.Management.Automation.Language.Ast]
$TokenType = [System.Management.Automation.Language.Token]

# A type of the parser's namespace, or $null when this PowerShell has none of that name (TernaryExpressionAst, ...).
$LanguageAssembly = [System.Management.Automation.Language.Ast].Assembly
function Get-LanguageType([string]$Name) { return $LanguageAssembly.GetType('System.Management.Automation.Language.' + $Name) }

function New-NameSet([string[]]$Values) {
    $set = New-Object 'System.Collections.Generic.HashSet[string]' ([System.StringComparer]::OrdinalIgnoreCase)
    foreach ($v in $Values) { [void]$set.Add($v) }
    return , $set
}

function New-Contains($Set, $StringExpression) {
    $method = $Set.GetType().GetMethod('Contains')
    return $E::Call($E::Constant($Set), $method, [System.Linq.Expressions.Expression[]]@($StringExpression))
}

function New-Any([object[]]$Expressions) {
    $result = $null
    foreach ($x in $Expressions) { if ($null -eq $result) { $result = $x } else { $result = $E::OrElse($result, $x) } }
    if ($null -eq $result) { return $E::Constant($false) }
    return $result
}

function New-EnumIs($Expression, [type]$EnumType, [string[]]$Names) {
    $tests = @()
    foreach ($n in $Names) {
        if (-not [enum]::IsDefined($EnumType, $n)) { continue }
        $tests += $E::Equal($E::Convert($Expression, [int]), $E::Constant([int][enum]::Parse($EnumType, $n)))
    }
    return (New-Any $tests)
}

# a is T && Body((T)a)
function New-When($Parameter, [type]$Type, [scriptblock]$Body) {
    if ($null -eq $Type) { return $E::Constant($false) }
    $typed = $E::Convert($Parameter, $Type)
    if ($null -eq $Body) { return $E::TypeIs($Parameter, $Type) }
    return $E::AndAlso($E::TypeIs($Parameter, $Type), (& $Body $typed))
}

# One regex for command names matching any of the patterns (wildcards * and ?), optionally module-qualified.
# A regex for names matching any of the wildcard patterns (* and ?).
function New-WildcardRegex([string[]]$Patterns) {
    $alternatives = @(foreach ($p in $Patterns) { [regex]::Escape($p).Replace('\*', '.*').Replace('\?', '.') })
    return New-Object System.Text.RegularExpressions.Regex(('^(?:' + ($alternatives -join '|') + ')$'), 'IgnoreCase, CultureInvariant')
}

# Every command name or pattern some table mentions (and Import-Module, whose calls the module rule reads).
function Get-ListedCommandPatterns {
    $patterns = @('Import-Module') + $JsonCmdlets + $WebCmdlets + $CimCmdlets + @($CommandAliases.Keys)
    $patterns += @(foreach ($entry in $Ps3Commands) { $entry.Pattern })
    $patterns += @(foreach ($entry in $Windows2012Commands) { $entry.Pattern })
    $patterns += @(foreach ($entry in $ModuleCommands) { $entry.Patterns })
    return $patterns
}

function New-AstPredicate {
    $a = $E::Parameter($AstType, 'a')
    $L = @{}
    foreach ($n in @('CommandAst', 'MemberExpressionAst', 'InvokeMemberExpressionAst', 'ParenExpressionAst', 'SubExpressionAst',
            'ArrayExpressionAst', 'StringConstantExpressionAst', 'BinaryExpressionAst', 'TypeConstraintAst', 'TypeExpressionAst',
            'VariableExpressionAst', 'UsingExpressionAst', 'TypeDefinitionAst', 'UsingStatementAst', 'FileRedirectionAst',
            'MergingRedirectionAst', 'NamedAttributeArgumentAst', 'TernaryExpressionAst', 'PipelineChainAst', 'PipelineAst',
            'AssignmentStatementAst', 'IndexExpressionAst', 'TokenKind', 'RedirectionStream')) {
        $L[$n] = Get-LanguageType $n
    }
    $memberNames = New-NameSet @('new', 'Where', 'ForEach')
    $arrayProperties = New-NameSet $ArrayProperties
    $typeNames = New-NameSet @('ordered', 'pscustomobject', 'System.Management.Automation.PSCustomObject')
    $variableNames = @('PSItem', 'PSDefaultParameterValues') + @($Ps3Variables.Keys)
    $variableSet = New-NameSet ($variableNames + @(foreach ($scope in 'global', 'script', 'local', 'private') { foreach ($v in $variableNames) { $scope + ':' + $v } }))

    # Commands: only those some table names, and Where-Object / ForEach-Object unless their first argument is a
    # script block (the usual 2.0 form, thousands of them in a runbook).
    $getCommandName = $L.CommandAst.GetMethod('GetCommandName')
    $commandClause = New-When $a $L.CommandAst {
        param($c)
        $name = $E::Call($c, $getCommandName)
        $elements = $E::Property($c, 'CommandElements')
        $secondIsScriptBlock = $E::AndAlso($E::GreaterThanOrEqual($E::Property($elements, 'Count'), $E::Constant(2)),
            $E::TypeIs($E::Call($elements, $elements.Type.GetMethod('get_Item'), [System.Linq.Expressions.Expression[]]@($E::Constant(1))), (Get-LanguageType 'ScriptBlockExpressionAst')))
        # Listed names, split for speed: '*-Noun...' patterns test the noun (after the first '-', which also skips a
        # Module\ prefix), exact names a set, the few other patterns one anchored regex.
        $patterns = Get-ListedCommandPatterns
        $nounPatterns = @(foreach ($p in $patterns) { if ($p.StartsWith('*-')) { $p.Substring(2) } })
        $exactNames = @(foreach ($p in $patterns) { if (-not $p.Contains('*')) { $p } })
        $otherPatterns = @(foreach ($p in $patterns) { if ($p.Contains('*') -and -not $p.StartsWith('*-')) { $p } })
        $isMatch = [regex].GetMethod('IsMatch', [type[]]@([string]))
        $indexOf = [string].GetMethod('IndexOf', [type[]]@([char]))
        $substring = [string].GetMethod('Substring', [type[]]@([int]))
        $lastIndexOf = [string].GetMethod('LastIndexOf', [type[]]@([char]))
        $afterDash = $E::Call($name, $substring, [System.Linq.Expressions.Expression[]]@($E::Add($E::Call($name, $indexOf, [System.Linq.Expressions.Expression[]]@($E::Constant([char]'-'))), $E::Constant(1))))
        $withoutModule = $E::Call($name, $substring, [System.Linq.Expressions.Expression[]]@($E::Add($E::Call($name, $lastIndexOf, [System.Linq.Expressions.Expression[]]@($E::Constant([char]'\'))), $E::Constant(1))))
        $listed = New-Any @(
            (New-Contains (New-NameSet $exactNames) $withoutModule)
            $E::Call($E::Constant((New-WildcardRegex $nounPatterns)), $isMatch, [System.Linq.Expressions.Expression[]]@($afterDash))
            $E::Call($E::Constant((New-WildcardRegex $otherPatterns)), $isMatch, [System.Linq.Expressions.Expression[]]@($withoutModule))
        )
        $whereForEach = New-Contains (New-NameSet $WhereForEachNames) $withoutModule
        $E::AndAlso($E::NotEqual($name, $E::Constant($null, [string])),
            $E::OrElse($listed, $E::AndAlso($whereForEach, $E::Not($secondIsScriptBlock))))
    }

    $parameterNames = New-NameSet @(foreach ($entry in $Ps3Parameters) { $entry.Names })

    $clauses = @(
        $commandClause
        (New-When $a (Get-LanguageType 'CommandParameterAst') { param($p) New-Contains $parameterNames ($E::Property($p, 'ParameterName')) })
        (New-When $a $L.MemberExpressionAst {
                param($m)
                $expression = $E::Property($m, 'Expression')
                $member = $E::Property($m, 'Member')
                # StringConstantExpressionAst.Value (string) hides ConstantExpressionAst.Value (object): name the property.
                $valueProperty = $L.StringConstantExpressionAst.GetProperty('Value', [string])
                $memberText = $E::Property($E::Convert($member, $L.StringConstantExpressionAst), $valueProperty)
                $memberIsName = $E::TypeIs($member, $L.StringConstantExpressionAst)
                $notInvoke = $E::Not($E::TypeIs($a, $L.InvokeMemberExpressionAst))
                $tests = @(
                    # member enumeration candidates: (...).X, $(...).X, @(...).X but not @(...).Count
                    $E::AndAlso($notInvoke, (New-Any @($E::TypeIs($expression, $L.ParenExpressionAst), $E::TypeIs($expression, $L.SubExpressionAst))))
                    $E::AndAlso($notInvoke, $E::AndAlso($E::TypeIs($expression, $L.ArrayExpressionAst),
                            $E::Not($E::AndAlso($memberIsName, (New-Contains $arrayProperties $memberText)))))
                    # ::new(), .Where(), .ForEach()
                    $E::AndAlso($E::TypeIs($a, $L.InvokeMemberExpressionAst), $E::AndAlso($memberIsName, (New-Contains $memberNames $memberText)))
                )
                if ($null -ne $L.MemberExpressionAst.GetProperty('NullConditional')) { $tests += $E::Property($m, 'NullConditional') }
                New-Any $tests
            })
        (New-When $a $L.BinaryExpressionAst { param($b) New-EnumIs $E::Property($b, 'Operator') $L.TokenKind @('In', 'Iin', 'Cin', 'NotIn', 'Inotin', 'Cnotin', 'Shl', 'Shr', 'QuestionQuestion') })
        (New-When $a $L.TypeConstraintAst { param($t) New-Contains $typeNames ($E::Property($E::Property($t, 'TypeName'), 'FullName')) })
        (New-When $a $L.TypeExpressionAst { param($t) New-Contains $typeNames ($E::Property($E::Property($t, 'TypeName'), 'FullName')) })
        (New-When $a $L.VariableExpressionAst { param($v) New-Contains $variableSet ($E::Property($E::Property($v, 'VariablePath'), 'UserPath')) })
        (New-When $a $L.UsingExpressionAst $null)
        (New-When $a $L.TypeDefinitionAst $null)
        (New-When $a $L.UsingStatementAst $null)
        (New-When $a $L.FileRedirectionAst { param($r) $E::Not((New-EnumIs $E::Property($r, 'FromStream') $L.RedirectionStream @('Output', 'Error'))) })
        (New-When $a $L.MergingRedirectionAst { param($r)
                $E::Not($E::AndAlso((New-EnumIs $E::Property($r, 'FromStream') $L.RedirectionStream @('Error')), (New-EnumIs $E::Property($r, 'ToStream') $L.RedirectionStream @('Output'))))
            })
        (New-When $a $L.NamedAttributeArgumentAst { param($n) $E::Property($n, 'ExpressionOmitted') })
        (New-When $a $L.TernaryExpressionAst $null)
        (New-When $a $L.PipelineChainAst $null)
        (New-When $a $L.AssignmentStatementAst { param($s) New-EnumIs $E::Property($s, 'Operator') $L.TokenKind @('QuestionQuestionEquals') })
    )
    if ($null -ne $L.PipelineAst.GetProperty('Background')) { $clauses += New-When $a $L.PipelineAst { param($p) $E::Property($p, 'Background') } }
    if ($null -ne $L.IndexExpressionAst.GetProperty('NullConditional')) { $clauses += New-When $a $L.IndexExpressionAst { param($i) $E::Property($i, 'NullConditional') } }

    $delegateType = [System.Func``2].MakeGenericType($AstType, [bool])
    return $E::Lambda($delegateType, (New-Any $clauses), [System.Linq.Expressions.ParameterExpression[]]@($a)).Compile()
}

$NumberSuffixRegex = New-Object System.Text.RegularExpressions.Regex('^(0b[01]|(0x[0-9a-f]+|[0-9.]+(e[+-]?[0-9]+)?)(uy|us|ul|u|y|s|n)(kb|mb|gb|tb|pb)?$)', 'IgnoreCase')
$NewEscapeRegex = New-Object System.Text.RegularExpressions.Regex('(^|[^`])(``)*`(e|u\{)')

function New-TokenPredicate {
    $t = $E::Parameter($TokenType, 't')
    $kind = $E::Property($t, 'Kind')
    $text = $E::Property($t, 'Text')
    $tokenKind = Get-LanguageType 'TokenKind'
    $startsWith = [string].GetMethod('StartsWith', [type[]]@([string], [System.StringComparison]))
    $isMatch = [regex].GetMethod('IsMatch', [type[]]@([string]))
    $clauses = @(
        $E::AndAlso((New-EnumIs $kind $tokenKind @('Comment')), $E::Call($text, $startsWith, [System.Linq.Expressions.Expression[]]@($E::Constant('#requires'), $E::Constant([System.StringComparison]::OrdinalIgnoreCase))))
        (New-EnumIs $kind $tokenKind @('Workflow', 'Configuration'))
        $E::AndAlso((New-EnumIs $kind $tokenKind @('Number')), $E::Call($E::Constant($NumberSuffixRegex), $isMatch, [System.Linq.Expressions.Expression[]]@($text)))
        $E::AndAlso((New-EnumIs $kind $tokenKind @('StringExpandable', 'HereStringExpandable')), $E::Call($E::Constant($NewEscapeRegex), $isMatch, [System.Linq.Expressions.Expression[]]@($text)))
    )
    $delegateType = [System.Func``2].MakeGenericType($TokenType, [bool])
    return $E::Lambda($delegateType, (New-Any $clauses), [System.Linq.Expressions.ParameterExpression[]]@($t)).Compile()
}

$AstPredicate = New-AstPredicate
$TokenPredicate = New-TokenPredicate
$StringConstantPredicate = [System.Func[System.Management.Automation.Language.Ast, bool]] { param($x) $x -is [System.Management.Automation.Language.StringConstantExpressionAst] }

# --------------------------------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------------------------------

function Get-TargetRank([object]$Target) {
    if ($null -eq $Target) { return $WindowsRank['2008R2'] }
    $rank = $WindowsRank[[string]$Target]
    if ($null -ne $rank) { return $rank }
    $rank = $WindowsRank[(([string]$Target) -replace '(?i)windows|server|\s|_|-', '')]
    if ($null -ne $rank) { return $rank }
    return $WindowsRank['2008R2']
}

function Format-Extent([string]$Text) {
    $lines = $Text -split "`r?`n"
    $first = $lines[0].TrimEnd()
    $cut = $lines.Count -gt 1
    if ($first.Length -gt 80) { $first = $first.Substring(0, 77); $cut = $true }
    if ($cut) { return $first + ' ...' }
    return $first
}

function Resolve-CommandName([System.Management.Automation.Language.CommandAst]$Command) {
    $name = $Command.GetCommandName()
    if ($null -eq $name) { return $null }
    $name = $name -replace '^.*\\', ''   # Module\Command
    $alias = $CommandAliases[$name]
    if ($null -ne $alias) { return $alias }
    return $name
}

function Find-Entry([string]$Name, [object[]]$Table) {
    foreach ($entry in $Table) { if ($Name -like $entry.Pattern) { return $entry } }
    return $null
}

# What the tables say about one command name (computed once per name).
$CommandInfoCache = @{}
function Get-CommandInfo([string]$Name) {
    $info = $CommandInfoCache[$Name]
    if ($null -ne $info) { return $info }
    $info = @{ Rule = $null; Message = $null; Parameters = @(); WhereForEach = ($WhereForEachNames -contains $Name); Os = $null; Module = $null }
    if ($JsonCmdlets -contains $Name) { $info.Rule = 'json-cmdlet' }
    elseif ($WebCmdlets -contains $Name) { $info.Rule = 'web-cmdlet' }
    elseif ($CimCmdlets -contains $Name) { $info.Rule = 'cim-cmdlet' }
    else {
        $ps3 = Find-Entry $Name $Ps3Commands
        if ($null -ne $ps3) { $info.Rule = 'ps3-command'; $info.Message = $Name + ' is PowerShell ' + $ps3.Since + '+. In 2.0 use ' + $ps3.Instead + '.' }
    }
    $info.Parameters = @($Ps3Parameters | Where-Object { $_.Command -eq $Name })
    $info.Os = Find-Entry $Name $Windows2012Commands
    foreach ($m in $ModuleCommands) {
        foreach ($p in $m.Patterns) { if ($Name -like $p) { $info.Module = $m.Module; break } }
        if ($null -ne $info.Module) { break }
    }
    $CommandInfoCache[$Name] = $info
    return $info
}

# The string constants a command passes (its arguments, also inside arrays), lower-cased.
function Get-CommandStrings([System.Management.Automation.Language.CommandAst]$Command) {
    $values = @()
    for ($i = 1; $i -lt $Command.CommandElements.Count; $i++) {
        foreach ($s in $Command.CommandElements[$i].FindAll($StringConstantPredicate, $true)) { $values += $s.Value.ToLowerInvariant() }
    }
    return $values
}

function Test-HasParameter([System.Management.Automation.Language.CommandAst]$Command, [string]$Name) {
    foreach ($element in $Command.CommandElements) {
        if ($element -is [System.Management.Automation.Language.CommandParameterAst] -and $Name -like ($element.ParameterName + '*')) { return $true }
    }
    return $false
}

# Whether an enclosing if-clause condition guards the command: Get-Command naming it, or Get-Module -ListAvailable
# naming its module.
function Test-Guarded([System.Management.Automation.Language.Ast]$Node, [string]$CommandName, [string]$Module) {
    $start = $Node.Extent.StartOffset
    $parent = $Node.Parent
    while ($null -ne $parent) {
        if ($parent -is [System.Management.Automation.Language.IfStatementAst]) {
            foreach ($clause in $parent.Clauses) {
                $body = $clause.Item2
                if ($start -lt $body.Extent.StartOffset -or $start -ge $body.Extent.EndOffset) { continue }
                foreach ($c in $clause.Item1.FindAll({ param($x) $x -is [System.Management.Automation.Language.CommandAst] }, $true)) {
                    $n = Resolve-CommandName $c
                    if ($null -eq $n) { continue }
                    $strings = Get-CommandStrings $c
                    if ($n -eq 'Get-Command' -and ($strings -contains $CommandName.ToLowerInvariant())) { return $true }
                    if ($n -eq 'Get-Module' -and $Module -ne '' -and (Test-HasParameter $c 'ListAvailable') -and ($strings -contains $Module.ToLowerInvariant())) { return $true }
                }
            }
        }
        $parent = $parent.Parent
    }
    return $false
}

# The argument of a named parameter, or else the first positional argument, of a command (or $null).
function Get-NamingArgument([System.Management.Automation.Language.CommandAst]$Command, [string[]]$Names) {
    $elements = $Command.CommandElements
    for ($i = 1; $i -lt $elements.Count; $i++) {
        $e = $elements[$i]
        if ($e -is [System.Management.Automation.Language.CommandParameterAst] -and ($Names -contains $e.ParameterName)) {
            if ($null -ne $e.Argument) { return $e.Argument }
            if ($i + 1 -lt $elements.Count) { return $elements[$i + 1] }
            return $null
        }
    }
    if ($elements.Count -gt 1 -and -not ($elements[1] -is [System.Management.Automation.Language.CommandParameterAst])) { return $elements[1] }
    return $null
}

function Test-ExactName([object]$Argument) {
    if (-not ($Argument -is [System.Management.Automation.Language.StringConstantExpressionAst])) { return $false }
    return -not ($Argument.Value -match '[*?\[]')
}

# Whether a command (the last one of a pipeline) returns one object.
function Test-SingleObjectCommand([System.Management.Automation.Language.CommandAst]$Command) {
    $name = Resolve-CommandName $Command
    if ($null -eq $name) { return $false }
    if ($SingleObjectCommands -contains $name) { return $true }
    if ($name -eq 'Select-Object') {
        $elements = $Command.CommandElements
        for ($i = 1; $i -lt $elements.Count; $i++) {
            $e = $elements[$i]
            if (-not ($e -is [System.Management.Automation.Language.CommandParameterAst])) { continue }
            if (@('First', 'Last', 'Index') -notcontains $e.ParameterName) { continue }
            $value = $e.Argument
            if ($null -eq $value -and $i + 1 -lt $elements.Count) { $value = $elements[$i + 1] }
            if ($value -is [System.Management.Automation.Language.ConstantExpressionAst] -and (($e.ParameterName -eq 'Index') -or ([string]$value.Value -eq '1'))) { return $true }
        }
        return $false
    }
    if ($name -eq 'Get-WmiObject') {
        $class = Get-NamingArgument $Command @('Class')
        if (-not ($class -is [System.Management.Automation.Language.StringConstantExpressionAst])) { return $false }
        if ((Test-HasParameter $Command 'ComputerName') -and (Get-NamingArgument $Command @('ComputerName')) -is [System.Management.Automation.Language.ArrayLiteralAst]) { return $false }
        return ($SingletonWmiClasses -contains $class.Value)
    }
    $naming = $SingleNameCommands[$name]
    if ($null -ne $naming) { return (Test-ExactName (Get-NamingArgument $Command $naming)) }
    return $false
}

# For (...) and $(...): the pipeline inside when it runs at least one command, else $null.
function Get-CommandPipeline([System.Management.Automation.Language.Ast]$Expression) {
    if ($Expression -is [System.Management.Automation.Language.ParenExpressionAst]) { $statements = @($Expression.Pipeline) }
    elseif ($Expression -is [System.Management.Automation.Language.SubExpressionAst]) { $statements = @($Expression.SubExpression.Statements) }
    else { return $null }
    foreach ($p in $statements) {
        if (-not ($p -is [System.Management.Automation.Language.PipelineAst])) { continue }
        foreach ($element in $p.PipelineElements) {
            if ($element -is [System.Management.Automation.Language.CommandAst]) { return $p }
        }
    }
    return $null
}

# Where-Object / ForEach-Object written the 3.0 way: a parameter 2.0 lacks, or a first positional argument that is
# a name or constant (not a script block, nor something that may hold one: $sb, (...), [scriptblock]::Create()).
function Test-SimplifiedSyntax([System.Management.Automation.Language.CommandAst]$Command) {
    $elements = $Command.CommandElements
    $skipNext = $false
    for ($i = 1; $i -lt $elements.Count; $i++) {
        $e = $elements[$i]
        if ($skipNext) { $skipNext = $false; continue }
        if ($e -is [System.Management.Automation.Language.CommandParameterAst]) {
            $prefix = $e.ParameterName + '*'
            $matched = 0; $switches = 0
            foreach ($known in $WhereForEach2Parameters) {
                if ($known -like $prefix) { $matched++; if ($WhereForEachSwitches -contains $known) { $switches++ } }
            }
            if ($matched -eq 0) { return $true }
            if ($null -eq $e.Argument -and $switches -lt $matched) { $skipNext = $true }
            continue
        }
        return ($e -is [System.Management.Automation.Language.StringConstantExpressionAst] -or
            $e -is [System.Management.Automation.Language.ExpandableStringExpressionAst] -or
            $e -is [System.Management.Automation.Language.ConstantExpressionAst] -or
            $e -is [System.Management.Automation.Language.ArrayLiteralAst])
    }
    return $false
}

# --------------------------------------------------------------------------------------------------------------------
# The check of one script
# --------------------------------------------------------------------------------------------------------------------

function Test-Script([string]$Name, [string]$Text, [object]$Target) {
    $tokens = $null
    $errors = $null
    $ast = [System.Management.Automation.Language.Parser]::ParseInput($Text, [ref]$tokens, [ref]$errors)
    $osRank = Get-TargetRank $Target
    $osLabel = if ($null -eq $Target -or [string]$Target -eq '') { '2008 R2' } else { ([string]$Target) -replace 'R2$', ' R2' }
    $before2012 = $osRank -lt $WindowsRank['2012']

    $findings = [System.Collections.Generic.List[object]]::new()
    $add = {
        param([string]$Rule, [object]$Extent, [string]$Message)
        if ($null -eq $Message -or $Message -eq '') { $Message = $RuleMessages[$Rule] }
        $findings.Add(@{ rule = $Rule; line = $Extent.StartLineNumber; column = $Extent.StartColumnNumber; text = (Format-Extent $Extent.Text); message = $Message; offset = $Extent.StartOffset })
    }

    $parseErrors = @(foreach ($e in $errors) {
            [ordered]@{ line = $e.Extent.StartLineNumber; column = $e.Extent.StartColumnNumber; message = (($e.Message -split "`r?`n")[0]) }
        })

    # --- tokens: #requires, workflow / configuration keywords, numeric literals, string escapes
    foreach ($token in [System.Linq.Enumerable]::Where($tokens, $TokenPredicate)) {
        $kind = $token.Kind.ToString()
        if ($kind -eq 'Comment') {
            $bad = ($token.Text -match '(?i)\s-v\w*\s+(\d+)' -and [int]$Matches[1] -gt 2) -or ($token.Text -match '(?i)\s-(RunAsAdministrator|PSEdition)\b')
            if ($bad) { & $add 'requires-version' $token.Extent $null }
        } elseif ($kind -eq 'Workflow' -or $kind -eq 'Configuration') { & $add 'workflow' $token.Extent $null }
        elseif ($kind -eq 'Number') { & $add 'numeric-literal' $token.Extent $null }
        else { & $add 'string-escape' $token.Extent $null }
    }

    # --- the syntax tree (only the nodes the compiled predicate picked)
    $nodes = $ast.FindAll($AstPredicate, $true)
    $imports = @(foreach ($node in $nodes) {
            if ($node -is [System.Management.Automation.Language.CommandAst] -and $node.GetCommandName() -like '*Import-Module') {
                @{ Offset = $node.Extent.StartOffset; Names = (Get-CommandStrings $node) }
            }
        })

    foreach ($node in $nodes) {
        $type = $node.GetType().Name
        if ($type -eq 'CommandAst') {
            $rawName = $node.GetCommandName()
            $cmdName = $rawName
            if ($cmdName.Contains('\')) { $cmdName = $cmdName -replace '^.*\\', '' }
            $alias = $CommandAliases[$cmdName]
            if ($null -ne $alias) { $cmdName = $alias }
            $info = $CommandInfoCache[$cmdName]
            if ($null -eq $info) { $info = Get-CommandInfo $cmdName }
            if ($null -ne $info.Rule) { & $add $info.Rule $node.Extent $info.Message; continue }
            if ($info.WhereForEach -or $WhereForEachNames -contains $rawName) {
                if (Test-SimplifiedSyntax $node) { & $add 'simplified-where-foreach' $node.Extent $null }
                continue
            }
            $os = $info.Os
            if ($null -ne $os -and $osRank -lt $WindowsRank[$os.Since] -and -not (Test-Guarded $node $cmdName $os.Module)) {
                $otherwise = if ($before2012) { ' else { <the 2008 R2 way> }' } else { '' }
                & $add 'windows2012-command' $node.Extent ($cmdName + ' (module ' + $os.Module + ') ships with Windows Server ' + ($os.Since -replace 'R2$', ' R2') + ' and later, not with Windows Server ' + $osLabel + '. Use ' + $os.Instead + '; or guard it: if (Get-Command -Name ''' + $cmdName + ''' -ErrorAction SilentlyContinue) { ... }' + $otherwise + '.')
                continue
            }
            if ($before2012 -and $null -ne $info.Module) {
                $module = $info.Module.ToLowerInvariant()
                $offset = $node.Extent.StartOffset
                $imported = $false
                foreach ($import in $imports) { if ($import.Offset -lt $offset -and $import.Names -contains $module) { $imported = $true; break } }
                if (-not $imported -and -not (Test-Guarded $node $cmdName $info.Module)) {
                    & $add 'module-import' $node.Extent ($cmdName + ' is in the ' + $info.Module + ' module, which PowerShell 2.0 does not load by itself (module auto-loading is 3.0+). Put Import-Module ' + $info.Module + ' before it in the same script.')
                }
            }
            continue
        }
        switch ($type) {
            'CommandParameterAst' {
                $command = $node.Parent
                if (-not ($command -is [System.Management.Automation.Language.CommandAst])) { break }
                $cmdName = Resolve-CommandName $command
                if ($null -eq $cmdName) { break }
                foreach ($entry in (Get-CommandInfo $cmdName).Parameters) {
                    if ($entry.Names -contains $node.ParameterName) {
                        & $add 'ps3-parameter' $node.Extent ($cmdName + ' -' + $node.ParameterName + ' is PowerShell ' + $entry.Since + '+. In 2.0 use ' + $entry.Instead + '.')
                    }
                }
            }
            'InvokeMemberExpressionAst' {
                if ($node.PSObject.Properties['NullConditional'] -and $node.NullConditional) { & $add 'ps7-operator' $node.Extent $null }
                $member = $node.Member
                if (-not ($member -is [System.Management.Automation.Language.StringConstantExpressionAst])) { break }
                if ($node.Static -and $member.Value -eq 'new') { & $add 'static-new' $node.Extent $null }
                elseif (-not $node.Static -and $member.Value -ne 'new' -and $null -ne $node.Arguments -and $node.Arguments.Count -gt 0) {
                    $first = $node.Arguments[0]
                    if ($first -is [System.Management.Automation.Language.ScriptBlockExpressionAst] -or $first -is [System.Management.Automation.Language.StringConstantExpressionAst]) {
                        & $add 'where-foreach-method' $node.Extent $null
                    }
                }
            }
            'MemberExpressionAst' {
                if ($node.PSObject.Properties['NullConditional'] -and $node.NullConditional) { & $add 'ps7-operator' $node.Extent $null }
                $expression = $node.Expression
                if ($expression -is [System.Management.Automation.Language.ArrayExpressionAst]) { & $add 'member-enumeration' $node.Extent $null; break }
                $pipeline = Get-CommandPipeline $expression
                if ($null -eq $pipeline) { break }
                $last = $pipeline.PipelineElements[$pipeline.PipelineElements.Count - 1]
                if (($last -is [System.Management.Automation.Language.CommandAst]) -and (Test-SingleObjectCommand $last)) { break }
                & $add 'member-enumeration' $node.Extent $null
            }
            'BinaryExpressionAst' {
                $op = $node.Operator.ToString()
                if ($op -eq 'Shl' -or $op -eq 'Shr') { & $add 'shift-operator' $node.Extent $null }
                elseif ($op -eq 'QuestionQuestion') { & $add 'ps7-operator' $node.Extent $null }
                else { & $add 'in-operator' $node.Extent $null }
            }
            'TypeConstraintAst' {
                if ($node.TypeName.FullName -eq 'ordered') { & $add 'ordered-cast' $node.Parent.Extent $null }
                else { & $add 'pscustomobject-cast' $node.Parent.Extent $null }
            }
            'TypeExpressionAst' {
                if ($node.TypeName.FullName -ne 'ordered' -and -not ($node.Parent -is [System.Management.Automation.Language.MemberExpressionAst])) { & $add 'pscustomobject-cast' $node.Extent $null }
            }
            'VariableExpressionAst' {
                $variable = $node.VariablePath.UserPath -replace '^(?i)(global|script|local|private):', ''
                if ($variable -eq 'PSItem') { & $add 'psitem-variable' $node.Extent $null }
                elseif ($variable -eq 'PSDefaultParameterValues') { & $add 'psdefaultparametervalues' $node.Extent $null }
                else {
                    $v = $Ps3Variables[$variable]
                    $note = if ($v.ContainsKey('Note')) { $v.Note } else { '' }
                    & $add 'ps3-variable' $node.Extent ('$' + $variable + ' is PowerShell ' + $v.Since + '+' + $note + '. In 2.0 use ' + $v.Instead + '.')
                }
            }
            'UsingExpressionAst' { & $add 'using-variable' $node.Extent $null }
            'TypeDefinitionAst' { & $add 'class-enum' $node.Extent $null }
            'UsingStatementAst' { & $add 'using-statement' $node.Extent $null }
            'FileRedirectionAst' { & $add 'stream-redirection' $node.Extent $null }
            'MergingRedirectionAst' { & $add 'stream-redirection' $node.Extent $null }
            'NamedAttributeArgumentAst' { & $add 'attribute-argument-omitted' $node.Extent $null }
            # ternary, &&, ||, ??=, a trailing & (background job), ?[ ]
            { @('TernaryExpressionAst', 'PipelineChainAst', 'AssignmentStatementAst', 'PipelineAst', 'IndexExpressionAst') -contains $_ } { & $add 'ps7-operator' $node.Extent $null }
        }
    }

    if ($findings.Count -gt 1) {
        $findings.Sort([System.Comparison[object]] {
                param($x, $y)
                if ($x.offset -ne $y.offset) { return $x.offset.CompareTo($y.offset) }
                return [string]::CompareOrdinal($x.rule, $y.rule)
            })
    }
    $ordered = @(foreach ($f in $findings) { [ordered]@{ rule = $f.rule; line = $f.line; column = $f.column; text = $f.text; message = $f.message } })
    return [ordered]@{ name = $Name; parseErrors = $parseErrors; findings = $ordered }
}

# --------------------------------------------------------------------------------------------------------------------
# Main: read the request, check every script, write one JSON document
# --------------------------------------------------------------------------------------------------------------------

try {
    $json = [System.IO.File]::ReadAllText($RequestPath, [System.Text.Encoding]::UTF8)
    $convert = @{}
    if ((Get-Command -Name ConvertFrom-Json).Parameters.ContainsKey('DateKind')) { $convert['DateKind'] = 'String' }
    $request = $json | ConvertFrom-Json @convert
    if ($null -eq $request -or -not $request.PSObject.Properties['scripts']) { throw 'the request has no "scripts" array' }
    $scripts = @($request.scripts)
} catch {
    [Console]::Error.WriteLine('Test-ExTopoPs2Compatibility: cannot read the request ' + $RequestPath + ': ' + $_.Exception.Message)
    exit 2
}

$results = [System.Collections.Generic.List[object]]::new()
foreach ($script in $scripts) {
    $scriptName = if ($script.PSObject.Properties['name']) { [string]$script.name } else { '' }
    $scriptText = if ($script.PSObject.Properties['text']) { [string]$script.text } else { '' }
    $scriptTarget = if ($script.PSObject.Properties['target']) { $script.target } else { $null }
    try {
        $results.Add((Test-Script -Name $scriptName -Text $scriptText -Target $scriptTarget))
    } catch {
        [Console]::Error.WriteLine('Test-ExTopoPs2Compatibility: the check failed on script "' + $scriptName + '": ' + $_.Exception.Message + ' ' + $_.InvocationInfo.PositionMessage)
        exit 3
    }
}

$output = @{ results = $results.ToArray() } | ConvertTo-Json -Depth 8 -Compress
[Console]::OutputEncoding = New-Object System.Text.UTF8Encoding($false)
[Console]::Out.Write($output)
[Console]::Out.Flush()
exit 0
