# ExTopo host double - files with text on Windows paths: Set-Content and Get-Content (and, in an Exchange Management
# Shell lane, Test-Path and New-Item for Windows paths). Loaded in every lane after the Windows or Exchange module.
#
# Where the files are: a host lane's text runs on the server (Invoke-Command), so its files are the server's. An EMS
# step runs on the computer that runs the runbook, with the Exchange commands imported (implicit remoting, see
# main/transports/powershell/transport.ts): its files are that computer's. The lab keeps those with the Exchange
# server the step uses (one store per lane host), which is where the same step's certificate files are in the
# TypeScript lab too. Every other path goes to the real cmdlets.

function Get-ExTopoFilePathKind {
    param([string] $Path)
    if ($Path -match '^[A-Za-z]:(\\|$)' -or $Path -match '^\\\\[^\\]+\\') { return 'file' }
    return ''
}

function Get-ExTopoFileProxyPaths {
    param($Cmdlet, $Path, $LiteralPath)
    if ($Cmdlet.ParameterSetName -like '*Literal*') { return @($LiteralPath) }
    return @($Path)
}

function Invoke-ExTopoFileQuery {
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)][string] $Command, [System.Collections.IDictionary] $Parameters = @{})
    Invoke-ExTopoDouble -Cmdlet $PSCmdlet -Command $Command -Parameters $Parameters -Kind provider
}

function Set-Content {
    # Set-Content (2.0, technet dd347736): [-Path] <string[]> | -LiteralPath <string[]> [-Value] <Object[]> [-PassThru]
    # [-Filter] [-Include] [-Exclude] [-Force] [-Credential] [-Encoding {Unknown | String | Unicode | Byte |
    # BigEndianUnicode | UTF8 | UTF7 | Ascii}] [-WhatIf] [-Confirm]. Windows paths: the host's files in the lab.
    [CmdletBinding(DefaultParameterSetName = 'Path', SupportsShouldProcess = $true)]
    param(
        [Parameter(ParameterSetName = 'Path', Mandatory = $true, Position = 0, ValueFromPipelineByPropertyName = $true)][string[]] $Path,
        [Parameter(ParameterSetName = 'LiteralPath', Mandatory = $true, ValueFromPipelineByPropertyName = $true)][Alias('PSPath')][string[]] $LiteralPath,
        [Parameter(Mandatory = $true, Position = 1, ValueFromPipeline = $true, ValueFromPipelineByPropertyName = $true)][AllowNull()][AllowEmptyCollection()][object[]] $Value,
        [switch] $PassThru,
        [string] $Filter,
        [string[]] $Include,
        [string[]] $Exclude,
        [switch] $Force,
        [System.Management.Automation.PSCredential] $Credential,
        [string] $Encoding
    )
    begin { Get-ExTopoCallerPreference -Cmdlet $PSCmdlet -SessionState $ExecutionContext.SessionState; $lines = New-Object System.Collections.ArrayList }
    process { foreach ($v in @($Value)) { [void]$lines.Add($v) } }
    end {
        foreach ($p in (Get-ExTopoFileProxyPaths $PSCmdlet $Path $LiteralPath)) {
            if ((Get-ExTopoFilePathKind $p) -ne 'file') {
                $splat = @{ Value = $lines.ToArray() }
                if ($PSCmdlet.ParameterSetName -eq 'LiteralPath') { $splat.LiteralPath = $p } else { $splat.Path = $p }
                if ($Encoding -eq 'Byte') { $splat.AsByteStream = $true } elseif ($Encoding) { $splat.Encoding = $Encoding }
                Microsoft.PowerShell.Management\Set-Content @splat
                continue
            }
            if ($PSCmdlet.ShouldProcess(('Path: ' + $p), 'Set Content')) {
                if ($Encoding -eq 'Byte') {
                    $bytes = [byte[]]@($lines.ToArray() | ForEach-Object { [byte]$_ })
                    Invoke-ExTopoDouble -Cmdlet $PSCmdlet -Kind provider -Command 'File.SetContent' -Parameters @{ Path = $p; Base64 = [Convert]::ToBase64String($bytes) }
                } else {
                    $text = (@($lines.ToArray() | ForEach-Object { [string]$_ }) -join "`r`n") + "`r`n"
                    Invoke-ExTopoDouble -Cmdlet $PSCmdlet -Kind provider -Command 'File.SetContent' -Parameters @{ Path = $p; Text = $text }
                }
            }
        }
    }
}

function Get-Content {
    # Get-Content (2.0, technet dd347539): [-Path] <string[]> | -LiteralPath <string[]> [-ReadCount <long>]
    # [-TotalCount <long>] [-Filter] [-Include] [-Exclude] [-Force] [-Credential] [-Encoding {... Byte ...}].
    # -Encoding Byte -ReadCount 0 gives the whole file as one byte array (how 2010 feeds -FileData).
    [CmdletBinding(DefaultParameterSetName = 'Path')]
    param(
        [Parameter(ParameterSetName = 'Path', Mandatory = $true, Position = 0, ValueFromPipelineByPropertyName = $true)][string[]] $Path,
        [Parameter(ParameterSetName = 'LiteralPath', Mandatory = $true, ValueFromPipelineByPropertyName = $true)][Alias('PSPath')][string[]] $LiteralPath,
        [long] $ReadCount = 1,
        [Alias('First', 'Head')][long] $TotalCount = -1,
        [string] $Filter,
        [string[]] $Include,
        [string[]] $Exclude,
        [switch] $Force,
        [System.Management.Automation.PSCredential] $Credential,
        [string] $Encoding
    )
    process {
        foreach ($p in (Get-ExTopoFileProxyPaths $PSCmdlet $Path $LiteralPath)) {
            if ((Get-ExTopoFilePathKind $p) -ne 'file') {
                $splat = @{ ReadCount = $ReadCount; TotalCount = $TotalCount }
                if ($PSCmdlet.ParameterSetName -eq 'LiteralPath') { $splat.LiteralPath = $p } else { $splat.Path = $p }
                if ($Encoding -eq 'Byte') { $splat.AsByteStream = $true } elseif ($Encoding) { $splat.Encoding = $Encoding }
                Microsoft.PowerShell.Management\Get-Content @splat
                continue
            }
            $found = @(Invoke-ExTopoFileQuery -Command 'File.GetContent' -Parameters @{ Path = $p } -ErrorAction SilentlyContinue -ErrorVariable failed)
            if ($failed) { $PSCmdlet.WriteError($failed[0]); continue }
            $bytes = [Convert]::FromBase64String([string]$found[0].Base64)
            if ($Encoding -eq 'Byte') {
                if ($ReadCount -le 0) { $PSCmdlet.WriteObject($bytes, $false) } else { foreach ($b in $bytes) { $b } }
            } else {
                $text = [System.Text.Encoding]::UTF8.GetString($bytes)
                foreach ($line in ($text -split "`r?`n")) { $line }
            }
        }
    }
}


# An Exchange Management Shell lane has no Windows module: Test-Path and New-Item of Windows paths reach the files here.
$script:WindowsLoaded = $null -ne (Get-Command -Name 'Get-ExTopoWindowsHost' -ErrorAction SilentlyContinue)
if (-not $script:WindowsLoaded) {
    function Test-Path {
        # Test-Path (2.0, technet dd315282): [-Path] <string[]> | -LiteralPath <string[]> [-PathType] [-IsValid] ...
        [CmdletBinding(DefaultParameterSetName = 'Path')]
        param(
            [Parameter(ParameterSetName = 'Path', Mandatory = $true, Position = 0, ValueFromPipeline = $true, ValueFromPipelineByPropertyName = $true)][string[]] $Path,
            [Parameter(ParameterSetName = 'LiteralPath', Mandatory = $true, ValueFromPipelineByPropertyName = $true)][Alias('PSPath')][string[]] $LiteralPath,
            [string] $Filter,
            [string[]] $Include,
            [string[]] $Exclude,
            [Alias('Type')][Microsoft.PowerShell.Commands.TestPathType] $PathType = 'Any',
            [switch] $IsValid,
            [System.Management.Automation.PSCredential] $Credential
        )
        process {
            foreach ($p in (Get-ExTopoFileProxyPaths $PSCmdlet $Path $LiteralPath)) {
                if ((Get-ExTopoFilePathKind $p) -ne 'file') {
                    $splat = @{} + $PSBoundParameters
                    if ($PSCmdlet.ParameterSetName -eq 'LiteralPath') { $splat.LiteralPath = @($p) } else { $splat.Path = @($p) }
                    Microsoft.PowerShell.Management\Test-Path @splat
                    continue
                }
                if ($IsValid) { $true; continue }
                $found = @(Invoke-ExTopoFileQuery -Command 'File.Test' -Parameters @{ Path = $p; PathType = [string]$PathType } -ErrorAction SilentlyContinue)
                ($found.Count -gt 0) -and [bool]$found[0].Exists
            }
        }
    }

    function New-Item {
        # New-Item (2.0, technet dd347701): [-Path] <string[]> [-ItemType <string>] [-Value <Object>] [-Force] ... [-WhatIf]
        [CmdletBinding(DefaultParameterSetName = 'pathSet', SupportsShouldProcess = $true)]
        param(
            [Parameter(ParameterSetName = 'pathSet', Mandatory = $true, Position = 0, ValueFromPipelineByPropertyName = $true)]
            [Parameter(ParameterSetName = 'nameSet', Position = 0, ValueFromPipelineByPropertyName = $true)][string[]] $Path,
            [Parameter(ParameterSetName = 'nameSet', Mandatory = $true, ValueFromPipelineByPropertyName = $true)][AllowNull()][AllowEmptyString()][string] $Name,
            [Parameter(ValueFromPipelineByPropertyName = $true)][Alias('Type')][string] $ItemType,
            [Parameter(ValueFromPipeline = $true, ValueFromPipelineByPropertyName = $true)][Alias('Target')] $Value,
            [switch] $Force,
            [System.Management.Automation.PSCredential] $Credential
        )
        begin { Get-ExTopoCallerPreference -Cmdlet $PSCmdlet -SessionState $ExecutionContext.SessionState }
        process {
            foreach ($p in @($Path)) {
                $full = $p
                if ($PSBoundParameters.ContainsKey('Name') -and $Name) { $full = $p.TrimEnd('\') + '\' + $Name }
                if ((Get-ExTopoFilePathKind $full) -ne 'file') { Microsoft.PowerShell.Management\New-Item @PSBoundParameters; return }
                if ($PSCmdlet.ShouldProcess(('Destination: ' + $full), 'Create ' + $(if ($ItemType) { $ItemType } else { 'File' }))) {
                    Invoke-ExTopoDouble -Cmdlet $PSCmdlet -Kind provider -Command 'File.New' -Parameters @{ Path = $full; ItemType = [string]$ItemType; Force = [bool]$Force }
                }
            }
        }
    }
    Export-ModuleMember -Function Set-Content, Get-Content, Test-Path, New-Item
} else {
    Export-ModuleMember -Function Set-Content, Get-Content
}
