# ExTopo host double - Windows Server 2008 R2 SP1 / 2012 R2.
#
# The commands, programs and providers of the Windows host a runbook step runs on, with the signatures Microsoft
# documents (each function names its page), whose behaviour the rehearsal lab decides (main/lab/double/windows.ts,
# programs.ts, serverManager.ts, nlb.ts, dns.ts). What the host's Windows version does not have is NOT defined here, so
# calling it fails as on the real host (CommandNotFoundException): on 2008 R2 no NetAdapter, DnsServer or
# ScheduledTasks modules, no Install-WindowsFeature, no Resolve-DnsName. The modules of the host (ServerManager,
# NetworkLoadBalancingClusters, DnsServer, NetAdapter) are in Modules\ and load through Import-Module as on Windows.
#
# Loaded after ExTopo.HostDouble.Core.psm1 and Enter-ExTopoHostDouble (main/lab/double/transport.ts).

Set-StrictMode -Off

# ---------------------------------------------------------------------------------------------------------------
# Internal calls (output captured by the caller) and the host's identity
# ---------------------------------------------------------------------------------------------------------------

function Invoke-ExTopoWindowsQuery {
    <# .SYNOPSIS Asks the lab world something; the caller gets the objects (errors come back as this command's). #>
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)][string] $Command, [System.Collections.IDictionary] $Parameters = @{}, [ValidateSet('cmdlet', 'provider')][string] $Kind = 'provider')
    Invoke-ExTopoDouble -Cmdlet $PSCmdlet -Command $Command -Parameters $Parameters -Kind $Kind
}

$script:HostInfo = Invoke-ExTopoWindowsQuery -Command 'Host.Info'
$script:Legacy = [bool]$script:HostInfo.Legacy
$script:ModulesRoot = [System.IO.Path]::Combine($PSScriptRoot, 'Modules')

function Get-ExTopoWindowsHost {
    <# .SYNOPSIS The Windows host this double stands in for (name, domain, version; Legacy = 2008 / 2008 R2). #>
    $script:HostInfo
}

# The environment of a domain member's remote session.
[Environment]::SetEnvironmentVariable('COMPUTERNAME', [string]$script:HostInfo.Name)
[Environment]::SetEnvironmentVariable('USERDOMAIN', [string]$script:HostInfo.NetBiosDomain)
[Environment]::SetEnvironmentVariable('USERNAME', 'Administrator')
if ([string]$script:HostInfo.Domain -ne '') { [Environment]::SetEnvironmentVariable('USERDNSDOMAIN', ([string]$script:HostInfo.Domain).ToUpperInvariant()) }
[Environment]::SetEnvironmentVariable('SystemRoot', 'C:\Windows')
[Environment]::SetEnvironmentVariable('windir', 'C:\Windows')
[Environment]::SetEnvironmentVariable('SystemDrive', 'C:')
[Environment]::SetEnvironmentVariable('ProgramFiles', 'C:\Program Files')

function Get-ExTopoPathKind {
    param([string] $Path)
    if ($Path -match '^(Microsoft\.PowerShell\.Core\\)?Registry::' -or $Path -match '^(HKLM:|HKEY_LOCAL_MACHINE(\\|$))') { return 'registry' }
    if ($Path -match '^(Microsoft\.WSMan\.Management\\WSMan::|WSMan:)') { return 'wsman' }
    if ($Path -match '^[A-Za-z]:(\\|$)' -or $Path -match '^\\\\[^\\]+\\') { return 'file' }
    return ''
}

function New-ExTopoErrorFromRecord {
    param($Record, [string] $Id)
    New-Object System.Management.Automation.ErrorRecord ($Record.Exception, $Id, $Record.CategoryInfo.Category, $Record.TargetObject)
}

function Invoke-ExTopoDelegate {
    <# .SYNOPSIS Runs the real cmdlet (Module\Name) with the proxy's bound parameters, the path replaced. #>
    param([Parameter(Mandatory = $true)][string] $Command, [System.Collections.IDictionary] $Bound, [string] $PathParameter = '', $PathValue = $null)
    $splat = @{}
    foreach ($key in $Bound.Keys) { $splat[$key] = $Bound[$key] }
    if ($PathParameter -ne '') { $splat[$PathParameter] = $PathValue }
    & $Command @splat
}

function Get-ExTopoProxyPaths {
    param($Cmdlet, $Path, $LiteralPath)
    if ($Cmdlet.ParameterSetName -like '*Literal*') { return @($LiteralPath) }
    return @($Path)
}

# ---------------------------------------------------------------------------------------------------------------
# Object types: methods the real objects have
# ---------------------------------------------------------------------------------------------------------------

Register-ExTopoDoubleType -TypeName 'Microsoft.Win32.RegistryKey' -Decorate {
    param($Key)
    $values = $Key.Values
    $Key.PSObject.Properties.Remove('Values')
    $Key | Add-Member -MemberType NoteProperty -Name '__Values' -Value $values
    $Key | Add-Member -MemberType ScriptMethod -Name GetValue -Value {
        param([string] $Name, $DefaultValue = $null)
        $p = $this.__Values.PSObject.Properties | Where-Object { $_.Name -eq $Name } | Select-Object -First 1
        if ($null -eq $p) { return $DefaultValue }
        $p.Value
    }
    $Key | Add-Member -MemberType ScriptMethod -Name GetValueNames -Value { [string[]]@($this.Property) }
    $Key | Add-Member -MemberType ScriptMethod -Name GetSubKeyNames -Value { [string[]]@($this.SubKeyNames) }
    $Key | Add-Member -MemberType ScriptMethod -Name ToString -Value { [string]$this.Name } -Force
}

Register-ExTopoDoubleType -TypeName 'System.Management.ManagementObject#root\cimv2\Win32_OperatingSystem' -Decorate {
    param($Os)
    # Win32_OperatingSystem.ConvertToDateTime: a WMI DATETIME (yyyymmddHHMMSS.mmmmmm+UUU) as [datetime].
    $Os | Add-Member -MemberType ScriptMethod -Name ConvertToDateTime -Value {
        param([string] $WmiDate)
        $utc = [datetime]::ParseExact($WmiDate.Substring(0, 14), 'yyyyMMddHHmmss', [System.Globalization.CultureInfo]::InvariantCulture, [System.Globalization.DateTimeStyles]::AssumeUniversal -bor [System.Globalization.DateTimeStyles]::AdjustToUniversal)
        $offset = [int]$WmiDate.Substring(21)
        $utc.AddMinutes(-$offset).ToLocalTime()
    }
}

Register-ExTopoDoubleType -TypeName 'System.Management.ManagementObject#root\cimv2\Win32_NetworkAdapterConfiguration' -Decorate {
    param($Config)
    # Win32_NetworkAdapterConfiguration.SetDynamicDNSRegistration(FullDNSRegistrationEnabled, DomainDNSRegistrationEnabled).
    $Config | Add-Member -MemberType ScriptMethod -Name SetDynamicDNSRegistration -Value {
        param([bool] $FullDNSRegistrationEnabled, [bool] $DomainDNSRegistrationEnabled = $false)
        Invoke-ExTopoWindowsQuery -Kind cmdlet -Command 'Wmi.SetDynamicDNSRegistration' -Parameters @{ Index = [int]$this.Index; Server = [string]$this.__SERVER; FullDNSRegistrationEnabled = $FullDNSRegistrationEnabled; DomainDNSRegistrationEnabled = $DomainDNSRegistrationEnabled } -ErrorAction Stop
    }
}

function ConvertTo-ExTopoPropertyTable {
    param($Properties)
    $table = New-Object System.Collections.Hashtable ([System.StringComparer]::OrdinalIgnoreCase)
    if ($null -ne $Properties) { foreach ($p in $Properties.PSObject.Properties) { $table[$p.Name] = @($p.Value) } }
    , $table
}

Register-ExTopoDoubleType -TypeName 'System.DirectoryServices.SearchResult' -Decorate {
    param($Result)
    $table = ConvertTo-ExTopoPropertyTable $Result.Properties
    $Result.PSObject.Properties.Remove('Properties')
    $Result | Add-Member -MemberType NoteProperty -Name Properties -Value $table
    $Result | Add-Member -MemberType ScriptMethod -Name GetDirectoryEntry -Value { New-Object -TypeName System.DirectoryServices.DirectoryEntry -ArgumentList @($this.Path) }
}

# ---------------------------------------------------------------------------------------------------------------
# Providers: the registry (HKLM:), Windows paths and the WSMan: drive. Anything else goes to the real cmdlet.
# ---------------------------------------------------------------------------------------------------------------

function Test-Path {
    # Test-Path (Windows PowerShell 2.0, technet dd315282): [-Path] <string[]> | -LiteralPath <string[]> [-Filter]
    # [-Include] [-Exclude] [-PathType {Any | Container | Leaf}] [-IsValid] [-Credential]. Returns booleans.
    [CmdletBinding(DefaultParameterSetName = 'Path')]
    param(
        [Parameter(ParameterSetName = 'Path', Mandatory = $true, Position = 0, ValueFromPipeline = $true, ValueFromPipelineByPropertyName = $true)][string[]] $Path,
        [Parameter(ParameterSetName = 'LiteralPath', Mandatory = $true, ValueFromPipelineByPropertyName = $true)][Alias('PSPath')][string[]] $LiteralPath,
        [string] $Filter,
        [string[]] $Include,
        [string[]] $Exclude,
        [Alias('Type')][Microsoft.PowerShell.Commands.TestPathType] $PathType = 'Any',
        [switch] $IsValid,
        [Parameter(ValueFromPipelineByPropertyName = $true)][System.Management.Automation.PSCredential] $Credential
    )
    process {
        foreach ($p in (Get-ExTopoProxyPaths $PSCmdlet $Path $LiteralPath)) {
            $kind = Get-ExTopoPathKind $p
            if ($kind -eq '') {
                $name = if ($PSCmdlet.ParameterSetName -eq 'LiteralPath') { 'LiteralPath' } else { 'Path' }
                Invoke-ExTopoDelegate -Command 'Microsoft.PowerShell.Management\Test-Path' -Bound $PSBoundParameters -PathParameter $name -PathValue @($p)
                continue
            }
            if ($IsValid) { $true; continue }
            if ($kind -eq 'wsman') {
                $item = @(Invoke-ExTopoWindowsQuery -Command 'WSMan.Get' -Parameters @{ Path = $p } -ErrorAction SilentlyContinue)
                $item.Count -gt 0
                continue
            }
            $command = if ($kind -eq 'registry') { 'Registry.Test' } else { 'File.Test' }
            [bool](Invoke-ExTopoWindowsQuery -Command $command -Parameters @{ Path = $p; PathType = [string]$PathType }).Exists
        }
    }
}

function Get-Item {
    # Get-Item (2.0, technet dd347658): [-Path] <string[]> | -LiteralPath <string[]> [-Filter] [-Include] [-Exclude]
    # [-Force] [-Credential]. Registry keys: Microsoft.Win32.RegistryKey; WSMan: leaves: WSManConfigLeafElement.
    [CmdletBinding(DefaultParameterSetName = 'Path')]
    param(
        [Parameter(ParameterSetName = 'Path', Mandatory = $true, Position = 0, ValueFromPipeline = $true, ValueFromPipelineByPropertyName = $true)][string[]] $Path,
        [Parameter(ParameterSetName = 'LiteralPath', Mandatory = $true, ValueFromPipelineByPropertyName = $true)][Alias('PSPath')][string[]] $LiteralPath,
        [string] $Filter,
        [string[]] $Include,
        [string[]] $Exclude,
        [switch] $Force,
        [Parameter(ValueFromPipelineByPropertyName = $true)][System.Management.Automation.PSCredential] $Credential
    )
    process {
        foreach ($p in (Get-ExTopoProxyPaths $PSCmdlet $Path $LiteralPath)) {
            switch (Get-ExTopoPathKind $p) {
                'registry' { Invoke-ExTopoDouble -Cmdlet $PSCmdlet -Kind provider -Command 'Registry.GetKey' -Parameters @{ Path = $p; Cmdlet = 'GetItemCommand' } }
                'wsman' { Invoke-ExTopoDouble -Cmdlet $PSCmdlet -Kind provider -Command 'WSMan.Get' -Parameters @{ Path = $p } }
                'file' {
                    # The item with what Windows shows of it (VersionInfo of ExSetup.exe carries the update rollup).
                    Invoke-ExTopoDouble -Cmdlet $PSCmdlet -Kind provider -Command 'File.Get' -Parameters @{ Path = $p }
                }
                default {
                    $name = if ($PSCmdlet.ParameterSetName -eq 'LiteralPath') { 'LiteralPath' } else { 'Path' }
                    Invoke-ExTopoDelegate -Command 'Microsoft.PowerShell.Management\Get-Item' -Bound $PSBoundParameters -PathParameter $name -PathValue @($p)
                }
            }
        }
    }
}

function Set-Item {
    # Set-Item (2.0, technet dd315333): [-Path] <string[]> [[-Value] <Object>] [-Force] [-PassThru] [-Filter] [-Include]
    # [-Exclude] [-Credential] [-WhatIf] [-Confirm]. The WSMan: drive's quotas and CredSSP.
    [CmdletBinding(DefaultParameterSetName = 'Path', SupportsShouldProcess = $true)]
    param(
        [Parameter(ParameterSetName = 'Path', Mandatory = $true, Position = 0, ValueFromPipelineByPropertyName = $true)][string[]] $Path,
        [Parameter(ParameterSetName = 'LiteralPath', Mandatory = $true, ValueFromPipelineByPropertyName = $true)][Alias('PSPath')][string[]] $LiteralPath,
        [Parameter(Position = 1, ValueFromPipeline = $true, ValueFromPipelineByPropertyName = $true)] $Value,
        [switch] $Force,
        [switch] $PassThru,
        [string] $Filter,
        [string[]] $Include,
        [string[]] $Exclude,
        [Parameter(ValueFromPipelineByPropertyName = $true)][System.Management.Automation.PSCredential] $Credential
    )
    begin { Get-ExTopoCallerPreference -Cmdlet $PSCmdlet -SessionState $ExecutionContext.SessionState }
    process {
        foreach ($p in (Get-ExTopoProxyPaths $PSCmdlet $Path $LiteralPath)) {
            if ((Get-ExTopoPathKind $p) -ne 'wsman') {
                $name = if ($PSCmdlet.ParameterSetName -eq 'LiteralPath') { 'LiteralPath' } else { 'Path' }
                Invoke-ExTopoDelegate -Command 'Microsoft.PowerShell.Management\Set-Item' -Bound $PSBoundParameters -PathParameter $name -PathValue @($p)
                continue
            }
            if ($PSCmdlet.ShouldProcess(('Item: ' + $p + ' Value: ' + [string]$Value), 'Set Item')) {
                Invoke-ExTopoDouble -Cmdlet $PSCmdlet -Kind provider -Command 'WSMan.Set' -Parameters @{ Path = $p; Value = [string]$Value }
                if ($PassThru) { Invoke-ExTopoDouble -Cmdlet $PSCmdlet -Kind provider -Command 'WSMan.Get' -Parameters @{ Path = $p } }
            }
        }
    }
}

function Get-ItemProperty {
    # Get-ItemProperty (2.0, technet dd315354): [-Path] <string[]> | -LiteralPath <string[]> [[-Name] <string[]>]
    # [-Filter] [-Include] [-Exclude] [-Credential]. A missing -Name is an error ("Property X does not exist at path").
    [CmdletBinding(DefaultParameterSetName = 'Path')]
    param(
        [Parameter(ParameterSetName = 'Path', Mandatory = $true, Position = 0, ValueFromPipelineByPropertyName = $true)][string[]] $Path,
        [Parameter(ParameterSetName = 'LiteralPath', Mandatory = $true, ValueFromPipelineByPropertyName = $true)][Alias('PSPath')][string[]] $LiteralPath,
        [Parameter(Position = 1)][Alias('PSProperty')][string[]] $Name,
        [string] $Filter,
        [string[]] $Include,
        [string[]] $Exclude,
        [Parameter(ValueFromPipelineByPropertyName = $true)][System.Management.Automation.PSCredential] $Credential
    )
    process {
        foreach ($p in (Get-ExTopoProxyPaths $PSCmdlet $Path $LiteralPath)) {
            if ((Get-ExTopoPathKind $p) -eq 'registry') {
                $parameters = @{ Path = $p }
                if ($PSBoundParameters.ContainsKey('Name')) { $parameters.Name = $Name }
                Invoke-ExTopoDouble -Cmdlet $PSCmdlet -Kind provider -Command 'Registry.GetValues' -Parameters $parameters
            } else {
                $pn = if ($PSCmdlet.ParameterSetName -eq 'LiteralPath') { 'LiteralPath' } else { 'Path' }
                Invoke-ExTopoDelegate -Command 'Microsoft.PowerShell.Management\Get-ItemProperty' -Bound $PSBoundParameters -PathParameter $pn -PathValue @($p)
            }
        }
    }
}

function New-ItemProperty {
    # New-ItemProperty (2.0, technet dd347553): [-Path] <string[]> [-Name] <string> [-PropertyType <string>]
    # [-Value <Object>] [-Force] [-Filter] [-Include] [-Exclude] [-Credential] [-WhatIf] [-Confirm]. -PropertyType:
    # String, ExpandString, Binary, DWord, MultiString, QWord. An existing value needs -Force.
    [CmdletBinding(DefaultParameterSetName = 'Path', SupportsShouldProcess = $true)]
    param(
        [Parameter(ParameterSetName = 'Path', Mandatory = $true, Position = 0, ValueFromPipelineByPropertyName = $true)][string[]] $Path,
        [Parameter(ParameterSetName = 'LiteralPath', Mandatory = $true, ValueFromPipelineByPropertyName = $true)][Alias('PSPath')][string[]] $LiteralPath,
        [Parameter(Mandatory = $true, Position = 1, ValueFromPipelineByPropertyName = $true)][Alias('PSProperty')][string] $Name,
        [Parameter(ValueFromPipelineByPropertyName = $true)][Alias('Type')][string] $PropertyType,
        [Parameter(ValueFromPipelineByPropertyName = $true)] $Value,
        [switch] $Force,
        [string] $Filter,
        [string[]] $Include,
        [string[]] $Exclude,
        [Parameter(ValueFromPipelineByPropertyName = $true)][System.Management.Automation.PSCredential] $Credential
    )
    begin { Get-ExTopoCallerPreference -Cmdlet $PSCmdlet -SessionState $ExecutionContext.SessionState }
    process {
        foreach ($p in (Get-ExTopoProxyPaths $PSCmdlet $Path $LiteralPath)) {
            if ((Get-ExTopoPathKind $p) -ne 'registry') {
                $pn = if ($PSCmdlet.ParameterSetName -eq 'LiteralPath') { 'LiteralPath' } else { 'Path' }
                Invoke-ExTopoDelegate -Command 'Microsoft.PowerShell.Management\New-ItemProperty' -Bound $PSBoundParameters -PathParameter $pn -PathValue @($p)
                continue
            }
            if ($PSCmdlet.ShouldProcess(('Item: ' + $p + ' Property: ' + $Name), 'New Property')) {
                Invoke-ExTopoDouble -Cmdlet $PSCmdlet -Kind provider -Command 'Registry.SetValue' -Parameters @{ Path = $p; Name = $Name; Value = $Value; PropertyType = [string]$PropertyType; Create = $true; Force = [bool]$Force; Cmdlet = 'NewItemPropertyCommand' }
            }
        }
    }
}

function Set-ItemProperty {
    # Set-ItemProperty (2.0, technet dd315394): [-Path] <string[]> [-Name] <string> [-Value] <Object> [-PassThru]
    # [-Force] [-Filter] [-Include] [-Exclude] [-Credential] [-WhatIf] [-Confirm]. Creates the value when missing.
    [CmdletBinding(DefaultParameterSetName = 'propertyValuePathSet', SupportsShouldProcess = $true)]
    param(
        [Parameter(ParameterSetName = 'propertyValuePathSet', Mandatory = $true, Position = 0, ValueFromPipelineByPropertyName = $true)][string[]] $Path,
        [Parameter(ParameterSetName = 'propertyValueLiteralPathSet', Mandatory = $true, ValueFromPipelineByPropertyName = $true)][Alias('PSPath')][string[]] $LiteralPath,
        [Parameter(Mandatory = $true, Position = 1, ValueFromPipelineByPropertyName = $true)][Alias('PSProperty')][string] $Name,
        [Parameter(Mandatory = $true, Position = 2, ValueFromPipelineByPropertyName = $true)][AllowNull()][AllowEmptyString()] $Value,
        [switch] $PassThru,
        [switch] $Force,
        [string] $Filter,
        [string[]] $Include,
        [string[]] $Exclude,
        [Parameter(ValueFromPipelineByPropertyName = $true)][System.Management.Automation.PSCredential] $Credential
    )
    begin { Get-ExTopoCallerPreference -Cmdlet $PSCmdlet -SessionState $ExecutionContext.SessionState }
    process {
        foreach ($p in (Get-ExTopoProxyPaths $PSCmdlet $Path $LiteralPath)) {
            if ((Get-ExTopoPathKind $p) -ne 'registry') {
                $pn = if ($PSCmdlet.ParameterSetName -like '*Literal*') { 'LiteralPath' } else { 'Path' }
                Invoke-ExTopoDelegate -Command 'Microsoft.PowerShell.Management\Set-ItemProperty' -Bound $PSBoundParameters -PathParameter $pn -PathValue @($p)
                continue
            }
            if ($PSCmdlet.ShouldProcess(('Item: ' + $p + ' Property: ' + $Name), 'Set Property')) {
                $result = @(Invoke-ExTopoWindowsQuery -Command 'Registry.SetValue' -Parameters @{ Path = $p; Name = $Name; Value = $Value; PropertyType = ''; Create = $false; Force = [bool]$Force; Cmdlet = 'SetItemPropertyCommand' } -ErrorAction SilentlyContinue -ErrorVariable failed)
                foreach ($e in $failed) { $PSCmdlet.WriteError($e) }
                if ($PassThru) { $result }
            }
        }
    }
}

function Remove-ItemProperty {
    # Remove-ItemProperty (2.0, technet dd315268): [-Path] <string[]> [-Name] <string[]> [-Force] [-Filter] [-Include]
    # [-Exclude] [-Credential] [-WhatIf] [-Confirm].
    [CmdletBinding(DefaultParameterSetName = 'Path', SupportsShouldProcess = $true)]
    param(
        [Parameter(ParameterSetName = 'Path', Mandatory = $true, Position = 0, ValueFromPipelineByPropertyName = $true)][string[]] $Path,
        [Parameter(ParameterSetName = 'LiteralPath', Mandatory = $true, ValueFromPipelineByPropertyName = $true)][Alias('PSPath')][string[]] $LiteralPath,
        [Parameter(Mandatory = $true, Position = 1, ValueFromPipelineByPropertyName = $true)][Alias('PSProperty')][string[]] $Name,
        [switch] $Force,
        [string] $Filter,
        [string[]] $Include,
        [string[]] $Exclude,
        [Parameter(ValueFromPipelineByPropertyName = $true)][System.Management.Automation.PSCredential] $Credential
    )
    begin { Get-ExTopoCallerPreference -Cmdlet $PSCmdlet -SessionState $ExecutionContext.SessionState }
    process {
        foreach ($p in (Get-ExTopoProxyPaths $PSCmdlet $Path $LiteralPath)) {
            if ((Get-ExTopoPathKind $p) -ne 'registry') {
                $pn = if ($PSCmdlet.ParameterSetName -eq 'LiteralPath') { 'LiteralPath' } else { 'Path' }
                Invoke-ExTopoDelegate -Command 'Microsoft.PowerShell.Management\Remove-ItemProperty' -Bound $PSBoundParameters -PathParameter $pn -PathValue @($p)
                continue
            }
            if ($PSCmdlet.ShouldProcess(('Item: ' + $p + ' Property: ' + ($Name -join ', ')), 'Remove Property')) {
                Invoke-ExTopoDouble -Cmdlet $PSCmdlet -Kind provider -Command 'Registry.RemoveValue' -Parameters @{ Path = $p; Name = $Name }
            }
        }
    }
}

function New-Item {
    # New-Item (2.0, technet dd347701): [-Path] <string[]> [-ItemType <string>] [-Value <Object>] [-Force]
    # [-Credential] [-WhatIf] [-Confirm]; -Name <string> set. Registry keys: an existing key needs -Force (and
    # -Force creates it again, without its values), a missing parent needs -Force.
    [CmdletBinding(DefaultParameterSetName = 'pathSet', SupportsShouldProcess = $true)]
    param(
        [Parameter(ParameterSetName = 'pathSet', Mandatory = $true, Position = 0, ValueFromPipelineByPropertyName = $true)]
        [Parameter(ParameterSetName = 'nameSet', Position = 0, ValueFromPipelineByPropertyName = $true)][string[]] $Path,
        [Parameter(ParameterSetName = 'nameSet', Mandatory = $true, ValueFromPipelineByPropertyName = $true)][AllowNull()][AllowEmptyString()][string] $Name,
        [Parameter(ValueFromPipelineByPropertyName = $true)][Alias('Type')][string] $ItemType,
        [Parameter(ValueFromPipeline = $true, ValueFromPipelineByPropertyName = $true)][Alias('Target')] $Value,
        [switch] $Force,
        [Parameter(ValueFromPipelineByPropertyName = $true)][System.Management.Automation.PSCredential] $Credential
    )
    begin { Get-ExTopoCallerPreference -Cmdlet $PSCmdlet -SessionState $ExecutionContext.SessionState }
    process {
        foreach ($p in @($Path)) {
            $full = $p
            if ($PSBoundParameters.ContainsKey('Name') -and $Name) { $full = $p.TrimEnd('\') + '\' + $Name }
            if ((Get-ExTopoPathKind $full) -eq 'file') {
                # Files and folders of the host (a folder for certificate requests): the lab keeps them.
                if ($PSCmdlet.ShouldProcess(('Destination: ' + $full), 'Create ' + $(if ($ItemType) { $ItemType } else { 'File' }))) {
                    Invoke-ExTopoDouble -Cmdlet $PSCmdlet -Kind provider -Command 'File.New' -Parameters @{ Path = $full; ItemType = [string]$ItemType; Force = [bool]$Force }
                }
                continue
            }
            if ((Get-ExTopoPathKind $full) -ne 'registry') {
                Invoke-ExTopoDelegate -Command 'Microsoft.PowerShell.Management\New-Item' -Bound $PSBoundParameters
                return
            }
            if ($PSCmdlet.ShouldProcess(('Item: ' + $full), 'New Item')) {
                Invoke-ExTopoDouble -Cmdlet $PSCmdlet -Kind provider -Command 'Registry.NewKey' -Parameters @{ Path = $full; Force = [bool]$Force }
            }
        }
    }
}

function Get-ChildItem {
    # Get-ChildItem (2.0, technet dd347686): [[-Path] <string[]>] | -LiteralPath <string[]> [[-Filter] <string>]
    # [-Include] [-Exclude] [-Name] [-Recurse] [-Force]. Registry keys: their subkeys (RegistryKey objects).
    [CmdletBinding(DefaultParameterSetName = 'Items')]
    param(
        [Parameter(ParameterSetName = 'Items', Position = 0, ValueFromPipeline = $true, ValueFromPipelineByPropertyName = $true)][string[]] $Path,
        [Parameter(ParameterSetName = 'LiteralItems', Mandatory = $true, ValueFromPipelineByPropertyName = $true)][Alias('PSPath')][string[]] $LiteralPath,
        [Parameter(Position = 1)][string] $Filter,
        [string[]] $Include,
        [string[]] $Exclude,
        [switch] $Recurse,
        [switch] $Force,
        [switch] $Name
    )
    process {
        $paths = if ($PSCmdlet.ParameterSetName -eq 'LiteralItems') { @($LiteralPath) } else { @($Path) }
        if ($paths.Count -eq 0 -or $null -eq $paths[0]) {
            Invoke-ExTopoDelegate -Command 'Microsoft.PowerShell.Management\Get-ChildItem' -Bound $PSBoundParameters
            return
        }
        foreach ($p in $paths) {
            if ((Get-ExTopoPathKind $p) -eq 'registry') {
                $keys = @(Invoke-ExTopoWindowsQuery -Command 'Registry.GetKey' -Parameters @{ Path = $p; Children = $true; Cmdlet = 'GetChildItemCommand' } -ErrorAction SilentlyContinue -ErrorVariable failed)
                foreach ($e in $failed) { $PSCmdlet.WriteError($e) }
                if ($Name) { $keys | ForEach-Object { $_.PSChildName } } else { $keys }
            } else {
                $pn = if ($PSCmdlet.ParameterSetName -eq 'LiteralItems') { 'LiteralPath' } else { 'Path' }
                Invoke-ExTopoDelegate -Command 'Microsoft.PowerShell.Management\Get-ChildItem' -Bound $PSBoundParameters -PathParameter $pn -PathValue @($p)
            }
        }
    }
}

function Join-Path {
    # Join-Path (2.0, technet dd347596): [-Path] <string[]> [-ChildPath] <string> [-Resolve] [-Credential].
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipeline = $true, ValueFromPipelineByPropertyName = $true)][Alias('PSPath')][string[]] $Path,
        [Parameter(Mandatory = $true, Position = 1, ValueFromPipelineByPropertyName = $true)][AllowNull()][AllowEmptyString()][string] $ChildPath,
        [switch] $Resolve,
        [Parameter(ValueFromPipelineByPropertyName = $true)][System.Management.Automation.PSCredential] $Credential
    )
    process {
        foreach ($p in $Path) {
            $kind = Get-ExTopoPathKind $p
            if ($kind -eq 'file' -or $kind -eq 'registry' -or $kind -eq 'wsman') {
                $child = ([string]$ChildPath).TrimStart('\', '/')
                if ($child -eq '') { $p; continue }
                $p.TrimEnd('\', '/') + '\' + $child
            } else {
                Invoke-ExTopoDelegate -Command 'Microsoft.PowerShell.Management\Join-Path' -Bound $PSBoundParameters -PathParameter 'Path' -PathValue @($p)
            }
        }
    }
}

function Split-Path {
    # Split-Path (2.0, technet dd347687): [-Path] <string[]> | -LiteralPath [-Parent | -Leaf | -Qualifier |
    # -NoQualifier | -IsAbsolute] [-Resolve] [-Credential].
    [CmdletBinding(DefaultParameterSetName = 'ParentSet')]
    param(
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipeline = $true, ValueFromPipelineByPropertyName = $true)][string[]] $Path,
        [Parameter(ParameterSetName = 'LiteralPathSet', Mandatory = $true, ValueFromPipelineByPropertyName = $true)][Alias('PSPath')][string[]] $LiteralPath,
        [Parameter(ParameterSetName = 'ParentSet')][switch] $Parent,
        [Parameter(ParameterSetName = 'LeafSet')][switch] $Leaf,
        [Parameter(ParameterSetName = 'QualifierSet')][switch] $Qualifier,
        [Parameter(ParameterSetName = 'NoQualifierSet')][switch] $NoQualifier,
        [Parameter(ParameterSetName = 'IsAbsoluteSet')][switch] $IsAbsolute,
        [switch] $Resolve,
        [Parameter(ValueFromPipelineByPropertyName = $true)][System.Management.Automation.PSCredential] $Credential
    )
    process {
        foreach ($p in @($Path) + @($LiteralPath)) {
            if ($null -eq $p) { continue }
            if ((Get-ExTopoPathKind $p) -ne 'file') {
                Invoke-ExTopoDelegate -Command 'Microsoft.PowerShell.Management\Split-Path' -Bound $PSBoundParameters -PathParameter 'Path' -PathValue @($p)
                continue
            }
            $trimmed = if ($p -match '^[A-Za-z]:\\$') { $p } else { $p.TrimEnd('\') }
            $i = $trimmed.LastIndexOf('\')
            switch ($PSCmdlet.ParameterSetName) {
                'LeafSet' { $trimmed.Substring($i + 1) }
                'QualifierSet' { if ($p -match '^([A-Za-z]:)') { $Matches[1] } }
                'NoQualifierSet' { $p -replace '^[A-Za-z]:', '' }
                'IsAbsoluteSet' { $true }
                default {
                    if ($i -lt 0 -or $trimmed -match '^[A-Za-z]:\\$') { '' }
                    elseif ($i -eq 2 -and $trimmed[1] -eq ':') { $trimmed.Substring(0, 3) }
                    else { $trimmed.Substring(0, $i) }
                }
            }
        }
    }
}

# ---------------------------------------------------------------------------------------------------------------
# WMI, services, processes, restarts
# ---------------------------------------------------------------------------------------------------------------

function Get-WmiObject {
    # Get-WmiObject (2.0, technet dd315295): [-Class] <string> [[-Property] <string[]>] [-Filter <string>]
    # [-Amended] [-DirectRead] [-AsJob] [-Authentication] [-Authority] [-ComputerName <string[]>] [-Credential]
    # [-EnableAllPrivileges] [-Impersonation] [-Locale] [-Namespace <string>] [-ThrottleLimit]; -Query <string>;
    # -List [-Recurse]. -ComputerName reaches another host through DCOM: "The RPC server is unavailable" when it
    # does not answer.
    [CmdletBinding(DefaultParameterSetName = 'query')]
    param(
        [Parameter(ParameterSetName = 'query', Mandatory = $true, Position = 0)][Alias('ClassName')][string] $Class,
        [Parameter(ParameterSetName = 'query', Position = 1)][string[]] $Property,
        [Parameter(ParameterSetName = 'query')][string] $Filter,
        [Parameter(ParameterSetName = 'WQLQuery', Mandatory = $true)][string] $Query,
        [Parameter(ParameterSetName = 'list')][switch] $List,
        [Parameter(ParameterSetName = 'list')][switch] $Recurse,
        [switch] $Amended,
        [switch] $DirectRead,
        [switch] $AsJob,
        [ValidateSet('Default', 'None', 'Connect', 'Call', 'Packet', 'PacketIntegrity', 'PacketPrivacy', 'Unchanged')][string] $Authentication,
        [string] $Authority,
        [Alias('Cn')][string[]] $ComputerName = @('.'),
        [System.Management.Automation.PSCredential] $Credential,
        [switch] $EnableAllPrivileges,
        [ValidateSet('Default', 'Anonymous', 'Identify', 'Impersonate', 'Delegate')][string] $Impersonation,
        [string] $Locale,
        [Alias('NS')][string] $Namespace = 'root\cimv2',
        [int] $ThrottleLimit = 32
    )
    $parameters = @{ ComputerName = $ComputerName; Namespace = $Namespace }
    if ($PSCmdlet.ParameterSetName -eq 'WQLQuery') {
        if ($Query -match '^\s*SELECT\s+.+?\s+FROM\s+(\w+)(\s+WHERE\s+(.+))?$') { $parameters.Class = $Matches[1]; if ($Matches[3]) { $parameters.Filter = $Matches[3] } }
        else { $parameters.Class = '' }
    } elseif ($PSCmdlet.ParameterSetName -eq 'list') {
        $parameters.Class = ''
    } else {
        $parameters.Class = $Class
        if ($Filter) { $parameters.Filter = $Filter }
    }
    Invoke-ExTopoDouble -Cmdlet $PSCmdlet -Command 'Get-WmiObject' -Parameters $parameters
}

function Get-Service {
    # Get-Service (2.0, technet dd347591): [[-Name] <string[]>] [-ComputerName <string[]>] [-DependentServices]
    # [-Exclude] [-Include] [-RequiredServices]; -DisplayName <string[]>; -InputObject <ServiceController[]>.
    [CmdletBinding(DefaultParameterSetName = 'Default')]
    param(
        [Parameter(ParameterSetName = 'Default', Position = 0, ValueFromPipeline = $true, ValueFromPipelineByPropertyName = $true)][Alias('ServiceName')][string[]] $Name,
        [Parameter(ParameterSetName = 'DisplayName', Mandatory = $true)][string[]] $DisplayName,
        [Parameter(ParameterSetName = 'InputObject', ValueFromPipeline = $true)] $InputObject,
        [Parameter(ValueFromPipelineByPropertyName = $true)][Alias('Cn')][string[]] $ComputerName,
        [Alias('DS')][switch] $DependentServices,
        [Alias('SDO', 'ServicesDependedOn')][switch] $RequiredServices,
        [string[]] $Include,
        [string[]] $Exclude
    )
    process {
        $parameters = @{}
        if ($Name) { $parameters.Name = $Name }
        if ($DisplayName) { $parameters.DisplayName = $DisplayName }
        if ($InputObject) { $parameters.Name = @($InputObject | ForEach-Object { [string]$_.Name }) }
        if ($ComputerName) { $parameters.ComputerName = $ComputerName }
        Invoke-ExTopoDouble -Cmdlet $PSCmdlet -Command 'Get-Service' -Parameters $parameters
    }
}

function Set-Service {
    # Set-Service (2.0, technet dd315324): [-Name] <string> [-ComputerName <string[]>] [-Description <string>]
    # [-DisplayName <string>] [-PassThru] [-StartupType {Automatic | Manual | Disabled}] [-Status {Running | Stopped |
    # Paused}] [-Confirm] [-WhatIf]; -InputObject <ServiceController>.
    [CmdletBinding(DefaultParameterSetName = 'Name', SupportsShouldProcess = $true)]
    param(
        [Parameter(ParameterSetName = 'Name', Mandatory = $true, Position = 0, ValueFromPipelineByPropertyName = $true)][Alias('ServiceName', 'SN')][string] $Name,
        [Parameter(ParameterSetName = 'InputObject', ValueFromPipeline = $true)] $InputObject,
        [Parameter(ValueFromPipelineByPropertyName = $true)][Alias('cn')][string[]] $ComputerName,
        [Parameter(ValueFromPipelineByPropertyName = $true)][string] $Description,
        [Parameter(ValueFromPipelineByPropertyName = $true)][Alias('DN')][string] $DisplayName,
        [switch] $PassThru,
        [Alias('StartMode', 'SM', 'ST')][ValidateSet('Automatic', 'Manual', 'Disabled')][string] $StartupType,
        [ValidateSet('Running', 'Stopped', 'Paused')][string] $Status
    )
    begin { Get-ExTopoCallerPreference -Cmdlet $PSCmdlet -SessionState $ExecutionContext.SessionState }
    process {
        $serviceName = if ($InputObject) { [string]$InputObject.Name } else { $Name }
        $parameters = @{ Name = $serviceName; PassThru = [bool]$PassThru }
        if ($StartupType) { $parameters.StartupType = $StartupType }
        if ($Status) { $parameters.Status = $Status }
        if ($ComputerName) { $parameters.ComputerName = $ComputerName }
        if ($PSCmdlet.ShouldProcess(('Service "' + $serviceName + '"'), 'Set-Service')) {
            Invoke-ExTopoDouble -Cmdlet $PSCmdlet -Command 'Set-Service' -Parameters $parameters
        }
    }
}

function Invoke-ExTopoServiceChange {
    param($Cmdlet, [string] $Command, [string] $Verb, $Name, $DisplayName, $InputObject, [bool] $PassThru)
    $names = @()
    if ($InputObject) { $names = @($InputObject | ForEach-Object { [string]$_.Name }) }
    elseif ($Name) { $names = @($Name) }
    $targets = if ($DisplayName) { @($DisplayName) } else { $names }
    foreach ($target in $targets) {
        if ($Cmdlet.ShouldProcess(('Service "' + $target + '"'), $Command)) {
            $parameters = @{ PassThru = $PassThru }
            if ($DisplayName) { $parameters.DisplayName = @($target) } else { $parameters.Name = @($target) }
            Invoke-ExTopoDouble -Cmdlet $Cmdlet -Command $Command -Parameters $parameters
        }
    }
}

function Start-Service {
    # Start-Service (2.0, technet dd347600): [-Name] <string[]> [-Exclude] [-Include] [-PassThru] [-Confirm] [-WhatIf];
    # -DisplayName <string[]>; -InputObject <ServiceController[]>.
    [CmdletBinding(DefaultParameterSetName = 'InputObject', SupportsShouldProcess = $true)]
    param(
        [Parameter(ParameterSetName = 'Default', Mandatory = $true, Position = 0, ValueFromPipeline = $true, ValueFromPipelineByPropertyName = $true)][Alias('ServiceName')][string[]] $Name,
        [Parameter(ParameterSetName = 'DisplayName', Mandatory = $true)][string[]] $DisplayName,
        [Parameter(ParameterSetName = 'InputObject', Mandatory = $true, Position = 0, ValueFromPipeline = $true)] $InputObject,
        [switch] $PassThru,
        [string[]] $Include,
        [string[]] $Exclude
    )
    begin { Get-ExTopoCallerPreference -Cmdlet $PSCmdlet -SessionState $ExecutionContext.SessionState }
    process { Invoke-ExTopoServiceChange -Cmdlet $PSCmdlet -Command 'Start-Service' -Name $Name -DisplayName $DisplayName -InputObject $InputObject -PassThru ([bool]$PassThru) }
}

function Stop-Service {
    # Stop-Service (2.0, technet dd315355): [-Name] <string[]> [-Exclude] [-Force] [-Include] [-PassThru] [-Confirm]
    # [-WhatIf]; -DisplayName; -InputObject.
    [CmdletBinding(DefaultParameterSetName = 'InputObject', SupportsShouldProcess = $true)]
    param(
        [Parameter(ParameterSetName = 'Default', Mandatory = $true, Position = 0, ValueFromPipeline = $true, ValueFromPipelineByPropertyName = $true)][Alias('ServiceName')][string[]] $Name,
        [Parameter(ParameterSetName = 'DisplayName', Mandatory = $true)][string[]] $DisplayName,
        [Parameter(ParameterSetName = 'InputObject', Mandatory = $true, Position = 0, ValueFromPipeline = $true)] $InputObject,
        [switch] $Force,
        [switch] $PassThru,
        [string[]] $Include,
        [string[]] $Exclude
    )
    begin { Get-ExTopoCallerPreference -Cmdlet $PSCmdlet -SessionState $ExecutionContext.SessionState }
    process { Invoke-ExTopoServiceChange -Cmdlet $PSCmdlet -Command 'Stop-Service' -Name $Name -DisplayName $DisplayName -InputObject $InputObject -PassThru ([bool]$PassThru) }
}

function Restart-Service {
    # Restart-Service (2.0, technet dd315368): [-Name] <string[]> [-Exclude] [-Force] [-Include] [-PassThru]
    # [-Confirm] [-WhatIf]; -DisplayName; -InputObject.
    [CmdletBinding(DefaultParameterSetName = 'InputObject', SupportsShouldProcess = $true)]
    param(
        [Parameter(ParameterSetName = 'Default', Mandatory = $true, Position = 0, ValueFromPipeline = $true, ValueFromPipelineByPropertyName = $true)][Alias('ServiceName')][string[]] $Name,
        [Parameter(ParameterSetName = 'DisplayName', Mandatory = $true)][string[]] $DisplayName,
        [Parameter(ParameterSetName = 'InputObject', Mandatory = $true, Position = 0, ValueFromPipeline = $true)] $InputObject,
        [switch] $Force,
        [switch] $PassThru,
        [string[]] $Include,
        [string[]] $Exclude
    )
    begin { Get-ExTopoCallerPreference -Cmdlet $PSCmdlet -SessionState $ExecutionContext.SessionState }
    process { Invoke-ExTopoServiceChange -Cmdlet $PSCmdlet -Command 'Restart-Service' -Name $Name -DisplayName $DisplayName -InputObject $InputObject -PassThru ([bool]$PassThru) }
}

function Start-Process {
    # Start-Process (2.0, technet dd347667; 5.1 the same sets): [-FilePath] <string> [[-ArgumentList] <string[]>]
    # [-Credential] [-LoadUserProfile] [-NoNewWindow] [-PassThru] [-RedirectStandardError] [-RedirectStandardInput]
    # [-RedirectStandardOutput] [-UseNewEnvironment] [-Wait] [-WorkingDirectory]; UseShellExecute: [-Verb]
    # [-WindowStyle]. No -WhatIf in Windows PowerShell. Windows paths and the host's programs run in the lab;
    # -PassThru gives a Process with its ExitCode.
    [CmdletBinding(DefaultParameterSetName = 'Default')]
    param(
        [Parameter(Mandatory = $true, Position = 0)][Alias('PSPath')][string] $FilePath,
        [Parameter(Position = 1)][Alias('Args')][string[]] $ArgumentList,
        [Parameter(ParameterSetName = 'Default')][Alias('RunAs')][System.Management.Automation.PSCredential] $Credential,
        [string] $WorkingDirectory,
        [Parameter(ParameterSetName = 'Default')][Alias('Lup')][switch] $LoadUserProfile,
        [Parameter(ParameterSetName = 'Default')][Alias('nnw')][switch] $NoNewWindow,
        [switch] $PassThru,
        [Parameter(ParameterSetName = 'Default')][Alias('RSE')][string] $RedirectStandardError,
        [Parameter(ParameterSetName = 'Default')][Alias('RSI')][string] $RedirectStandardInput,
        [Parameter(ParameterSetName = 'Default')][Alias('RSO')][string] $RedirectStandardOutput,
        [Parameter(ParameterSetName = 'UseShellExecute')][string] $Verb,
        [Alias('WS')][System.Diagnostics.ProcessWindowStyle] $WindowStyle,
        [switch] $Wait,
        [Parameter(ParameterSetName = 'Default')][switch] $UseNewEnvironment
    )
    begin { Get-ExTopoCallerPreference -Cmdlet $PSCmdlet -SessionState $ExecutionContext.SessionState }
    process {
        $available = [bool](Invoke-ExTopoWindowsQuery -Command 'Program.Available' -Parameters @{ Program = $FilePath }).Exists
        if ((Get-ExTopoPathKind $FilePath) -eq '' -and -not $available) {
            Invoke-ExTopoDelegate -Command 'Microsoft.PowerShell.Management\Start-Process' -Bound $PSBoundParameters
            return
        }
        Invoke-ExTopoDouble -Cmdlet $PSCmdlet -Command 'Start-Process' -Parameters @{ FilePath = $FilePath; ArgumentList = @($ArgumentList); PassThru = [bool]$PassThru; Wait = [bool]$Wait }
    }
}

if ($script:Legacy) {
    function Restart-Computer {
        # Restart-Computer (Windows PowerShell 2.0, technet dd315301): [[-ComputerName] <string[]>] [[-Credential]
        # <PSCredential>] [-AsJob] [-Authentication <AuthenticationLevel>] [-Force] [-Impersonation] [-ThrottleLimit
        # <int>] [-Confirm] [-WhatIf]. No -Wait / -For / -Timeout before PowerShell 3.0.
        [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
        param(
            [Parameter(Position = 0, ValueFromPipelineByPropertyName = $true)][Alias('CN', '__SERVER', 'Server', 'IPAddress')][string[]] $ComputerName = @('.'),
            [Parameter(Position = 1)][System.Management.Automation.PSCredential] $Credential,
            [switch] $AsJob,
            [ValidateSet('Default', 'None', 'Connect', 'Call', 'Packet', 'PacketIntegrity', 'PacketPrivacy', 'Unchanged')][string] $Authentication = 'Packet',
            [switch] $Force,
            [ValidateSet('Default', 'Anonymous', 'Identify', 'Impersonate', 'Delegate')][string] $Impersonation = 'Impersonate',
            [int] $ThrottleLimit = 32
        )
        begin { Get-ExTopoCallerPreference -Cmdlet $PSCmdlet -SessionState $ExecutionContext.SessionState }
        process {
            foreach ($computer in $ComputerName) {
                $shown = if ($computer -eq '.' -or $computer -eq 'localhost') { [string]$script:HostInfo.Name } else { $computer }
                if ($PSCmdlet.ShouldProcess($shown, 'Restart the computer.')) { Invoke-ExTopoDouble -Cmdlet $PSCmdlet -Command 'Restart-Computer' -Parameters @{ ComputerName = @($computer); Force = [bool]$Force } }
            }
        }
    }
} else {
    function Restart-Computer {
        # Restart-Computer (Windows PowerShell 4.0 on 2012 R2, learn.microsoft.com .../restart-computer?view=powershell-5.1
        # DefaultSet): [[-ComputerName] <string[]>] [[-Credential]] [-DcomAuthentication] [-Impersonation]
        # [-WsmanAuthentication] [-Protocol] [-Force] [-Wait] [-Timeout] [-For] [-Delay] [-WhatIf] [-Confirm]; AsJobSet.
        [CmdletBinding(DefaultParameterSetName = 'DefaultSet', SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
        param(
            [Parameter(Position = 0, ValueFromPipelineByPropertyName = $true)][Alias('CN', '__SERVER', 'Server', 'IPAddress')][string[]] $ComputerName = @('.'),
            [Parameter(Position = 1)][System.Management.Automation.PSCredential] $Credential,
            [Parameter(ParameterSetName = 'AsJobSet')][switch] $AsJob,
            [Alias('Authentication')][ValidateSet('Default', 'None', 'Connect', 'Call', 'Packet', 'PacketIntegrity', 'PacketPrivacy', 'Unchanged')][string] $DcomAuthentication = 'Packet',
            [ValidateSet('Default', 'Anonymous', 'Identify', 'Impersonate', 'Delegate')][string] $Impersonation = 'Impersonate',
            [Parameter(ParameterSetName = 'DefaultSet')][ValidateSet('Default', 'Basic', 'Negotiate', 'CredSSP', 'Digest', 'Kerberos')][string] $WsmanAuthentication,
            [Parameter(ParameterSetName = 'DefaultSet')][ValidateSet('DCOM', 'WSMan')][string] $Protocol,
            [switch] $Force,
            [Parameter(ParameterSetName = 'DefaultSet')][switch] $Wait,
            [Parameter(ParameterSetName = 'DefaultSet')][Alias('TimeoutSec')][int] $Timeout = -1,
            [Parameter(ParameterSetName = 'DefaultSet')][ValidateSet('Wmi', 'WinRM', 'PowerShell')][string] $For,
            [Parameter(ParameterSetName = 'DefaultSet')][int16] $Delay = 5,
            [Parameter(ParameterSetName = 'AsJobSet')][int] $ThrottleLimit = 32
        )
        begin { Get-ExTopoCallerPreference -Cmdlet $PSCmdlet -SessionState $ExecutionContext.SessionState }
        process {
            foreach ($computer in $ComputerName) {
                $shown = if ($computer -eq '.' -or $computer -eq 'localhost') { [string]$script:HostInfo.Name } else { $computer }
                if ($PSCmdlet.ShouldProcess($shown, 'Restart the computer.')) { Invoke-ExTopoDouble -Cmdlet $PSCmdlet -Command 'Restart-Computer' -Parameters @{ ComputerName = @($computer); Force = [bool]$Force } }
            }
        }
    }
}

# ---------------------------------------------------------------------------------------------------------------
# Programs of the host: netsh.exe, net.exe, nslookup.exe, schtasks.exe, msiexec.exe, dnscmd.exe (with the DNS
# Server Tools), and programs by Windows path (setup.com, installers) through the CommandNotFoundAction.
# ---------------------------------------------------------------------------------------------------------------

function Invoke-ExTopoWindowsProgram {
    param([Parameter(Mandatory = $true)][string] $Program, [string] $Path = '', [object[]] $Arguments = @())
    $probe = if ($Path -ne '') { $Path } else { $Program }
    if (-not [bool](Invoke-ExTopoWindowsQuery -Command 'Program.Available' -Parameters @{ Program = $probe }).Exists) {
        $exception = New-Object System.Management.Automation.CommandNotFoundException ("The term '" + $probe + "' is not recognized as the name of a cmdlet, function, script file, or operable program. Check the spelling of the name, or if a path was included, verify that the path is correct and try again.")
        throw (New-Object System.Management.Automation.ErrorRecord ($exception, 'CommandNotFoundException', 'ObjectNotFound', $probe))
    }
    if ($Path -ne '') {
        $leaf = ($Path -split '[\\/]')[-1].ToLowerInvariant()
        $command = if ($leaf -eq 'setup.com' -or $leaf -eq 'setup.exe') { $leaf } else { 'program' }
        Invoke-ExTopoDoubleNative -Program $command -Arguments (@($Path) + @($Arguments))
    } else {
        Invoke-ExTopoDoubleNative -Program $Program -Arguments $Arguments
    }
}

function netsh.exe { Invoke-ExTopoWindowsProgram -Program 'netsh.exe' -Arguments $args }
function net.exe { Invoke-ExTopoWindowsProgram -Program 'net.exe' -Arguments $args }
function nslookup.exe { Invoke-ExTopoWindowsProgram -Program 'nslookup.exe' -Arguments $args }
function schtasks.exe { Invoke-ExTopoWindowsProgram -Program 'schtasks.exe' -Arguments $args }
function msiexec.exe { Invoke-ExTopoWindowsProgram -Program 'msiexec.exe' -Arguments $args }
function dnscmd.exe { Invoke-ExTopoWindowsProgram -Program 'dnscmd.exe' -Arguments $args }
Set-Alias -Name netsh -Value netsh.exe
Set-Alias -Name net -Value net.exe
Set-Alias -Name nslookup -Value nslookup.exe
Set-Alias -Name schtasks -Value schtasks.exe
Set-Alias -Name msiexec -Value msiexec.exe
Set-Alias -Name dnscmd -Value dnscmd.exe

# Commands of the double's modules, for PowerShell 3.0+ module autoloading (2012 and later).
$script:ModuleCommands = @{
    'ServerManager' = @('Get-WindowsFeature', 'Install-WindowsFeature', 'Uninstall-WindowsFeature', 'Add-WindowsFeature', 'Remove-WindowsFeature')
    'NetAdapter' = @('Get-NetAdapter', 'Get-NetAdapterBinding', 'Enable-NetAdapterBinding', 'Disable-NetAdapterBinding')
    'DnsServer' = @('Add-DnsServerResourceRecordA', 'Get-DnsServerResourceRecord', 'Remove-DnsServerResourceRecord')
    'NetworkLoadBalancingClusters' = @('Get-NlbCluster', 'New-NlbCluster', 'Get-NlbClusterNode', 'Set-NlbClusterNode', 'Add-NlbClusterNode', 'Start-NlbClusterNode', 'Stop-NlbClusterNode', 'Get-NlbClusterPortRule', 'Add-NlbClusterPortRule', 'Remove-NlbClusterPortRule', 'Set-NlbClusterPortRule', 'Set-NlbClusterPortRuleNodeWeight', 'Get-NlbClusterNodeNetworkInterface')
}
$script:Programs = @('netsh.exe', 'net.exe', 'nslookup.exe', 'schtasks.exe', 'msiexec.exe', 'dnscmd.exe', 'netsh', 'net', 'nslookup', 'schtasks', 'msiexec', 'dnscmd')

function Test-ExTopoWindowsModule {
    <# .SYNOPSIS Whether the host has the double's module now (ServerManager, NetworkLoadBalancingClusters, DnsServer, NetAdapter). #>
    param([Parameter(Mandatory = $true)][string] $Name)
    [bool](Invoke-ExTopoWindowsQuery -Command 'Module.Available' -Parameters @{ Name = $Name }).Exists
}

function Get-ExTopoModuleFile {
    param([string] $Name)
    foreach ($module in $script:ModuleCommands.Keys) {
        if ($module -eq $Name) { return [System.IO.Path]::Combine($script:ModulesRoot, $module, $module + '.psm1') }
    }
    return $null
}

function Import-ExTopoWindowsModule {
    # The double's module file, into the global scope; it learns the host's Windows version as its argument.
    param([string] $Name, [switch] $Force, [switch] $PassThru)
    Microsoft.PowerShell.Core\Import-Module -Name (Get-ExTopoModuleFile $Name) -Global -DisableNameChecking -ArgumentList @($script:Legacy) -Force:$Force -PassThru:$PassThru
}

$ExecutionContext.InvokeCommand.CommandNotFoundAction = {
    param([string] $CommandName, [System.Management.Automation.CommandLookupEventArgs] $EventArgs)
    # A program by Windows path: & 'D:\Exchange\setup.com' '/m:install' ...
    if ($CommandName -match '^[A-Za-z]:\\' -or $CommandName -match '^\\\\[^\\]+\\') {
        $leaf = ($CommandName -split '\\')[-1]
        if ($leaf -notmatch '\.(exe|com|msi|msp)$') { return }
        if (-not [bool](Invoke-ExTopoWindowsQuery -Command 'Program.Available' -Parameters @{ Program = $CommandName }).Exists) { return }
        $path = $CommandName
        $EventArgs.CommandScriptBlock = { Invoke-ExTopoWindowsProgram -Program ($path -split '\\')[-1] -Path $path -Arguments $args }.GetNewClosure()
        $EventArgs.StopSearch = $true
        return
    }
    # Module autoloading (PowerShell 3.0 and later: 2012 / 2012 R2).
    if ($script:Legacy) { return }
    foreach ($module in $script:ModuleCommands.Keys) {
        if ($script:ModuleCommands[$module] -notcontains $CommandName) { continue }
        if (-not (Test-ExTopoWindowsModule -Name $module)) { return }
        Import-ExTopoWindowsModule -Name $module
        $EventArgs.Command = Microsoft.PowerShell.Core\Get-Command -Name $CommandName
        $EventArgs.StopSearch = $true
        return
    }
}.GetNewClosure()

# ---------------------------------------------------------------------------------------------------------------
# Modules: Get-Module -ListAvailable, Import-Module and Get-Command answer for the double's modules and programs
# ---------------------------------------------------------------------------------------------------------------

function Import-Module {
    # Import-Module (2.0, technet dd347578): [-Name] <string[]> [-Alias] [-ArgumentList] [-AsCustomObject] [-Cmdlet]
    # [-DisableNameChecking] [-Force] [-Function] [-Global] [-PassThru] [-Prefix] [-Variable] [-Version];
    # -Assembly <Assembly[]>; -ModuleInfo <PSModuleInfo[]>. The double's module names load the double's files.
    [CmdletBinding(DefaultParameterSetName = 'Name')]
    param(
        [Parameter(ParameterSetName = 'Name', Mandatory = $true, Position = 0, ValueFromPipeline = $true)][string[]] $Name,
        [Parameter(ParameterSetName = 'Assembly', Mandatory = $true, Position = 0, ValueFromPipeline = $true)][System.Reflection.Assembly[]] $Assembly,
        [Parameter(ParameterSetName = 'ModuleInfo', Mandatory = $true, Position = 0, ValueFromPipeline = $true)][System.Management.Automation.PSModuleInfo[]] $ModuleInfo,
        [switch] $Global,
        [string] $Prefix,
        [string[]] $Function,
        [string[]] $Cmdlet,
        [string[]] $Variable,
        [string[]] $Alias,
        [switch] $Force,
        [switch] $PassThru,
        [switch] $AsCustomObject,
        [Alias('Version')][version] $MinimumVersion,
        [Alias('Args')][object[]] $ArgumentList,
        [switch] $DisableNameChecking,
        [switch] $NoClobber
    )
    process {
        if ($PSCmdlet.ParameterSetName -ne 'Name') {
            $splat = @{} + $PSBoundParameters
            $splat.Global = $true
            Microsoft.PowerShell.Core\Import-Module @splat
            return
        }
        foreach ($n in $Name) {
            $file = Get-ExTopoModuleFile $n
            if ($null -eq $file) {
                $splat = @{} + $PSBoundParameters
                $splat.Name = @($n)
                $splat.Global = $true
                Microsoft.PowerShell.Core\Import-Module @splat
                continue
            }
            if (-not (Test-ExTopoWindowsModule -Name $n)) {
                $exception = New-Object System.IO.FileNotFoundException ("The specified module '" + $n + "' was not loaded because no valid module file was found in any module directory.")
                $PSCmdlet.WriteError((New-Object System.Management.Automation.ErrorRecord ($exception, 'Modules_ModuleNotFound,Microsoft.PowerShell.Commands.ImportModuleCommand', 'ResourceUnavailable', $n)))
                continue
            }
            Import-ExTopoWindowsModule -Name $n -Force:$Force -PassThru:$PassThru
        }
    }
}

function Get-Module {
    # Get-Module (2.0, technet dd315386): [[-Name] <string[]>] [-All] [-ListAvailable]. -ListAvailable answers for
    # the double's modules from the host's state; everything else is the real Get-Module.
    [CmdletBinding(DefaultParameterSetName = 'Loaded')]
    param(
        [Parameter(Position = 0, ValueFromPipeline = $true)][string[]] $Name,
        [switch] $All,
        [Parameter(ParameterSetName = 'Available', Mandatory = $true)][switch] $ListAvailable
    )
    process {
        if (-not $ListAvailable) {
            Microsoft.PowerShell.Core\Get-Module @PSBoundParameters
            return
        }
        $names = if ($Name) { @($Name) } else { @($script:ModuleCommands.Keys) }
        foreach ($n in $names) {
            foreach ($module in @($script:ModuleCommands.Keys | Where-Object { $_ -like $n })) {
                if (Test-ExTopoWindowsModule -Name $module) {
                    $path = Get-ExTopoModuleFile $module
                    New-Object PSObject -Property @{ Name = $module; ModuleType = 'Manifest'; Version = [version]'1.0.0.0'; Path = 'C:\Windows\system32\WindowsPowerShell\v1.0\Modules\' + $module + '\' + $module + '.psd1'; ExportedCommands = $script:ModuleCommands[$module]; ModuleBase = $path }
                }
            }
        }
    }
}

function Get-Command {
    # Get-Command (2.0, technet dd347726): [[-Name] <string[]>] [-CommandType] [-Module] [-Noun] [-Verb] [-Syntax]
    # [-TotalCount] [[-ArgumentList]]. The host's programs exist when the host has them (dnscmd.exe needs the DNS
    # Server Tools); on 2012+ the double's modules' commands are found before their module is loaded (autoloading).
    [CmdletBinding(DefaultParameterSetName = 'CmdletSet')]
    param(
        [Parameter(ParameterSetName = 'AllCommandSet', Position = 0, ValueFromPipeline = $true, ValueFromPipelineByPropertyName = $true)][string[]] $Name,
        [Parameter(ParameterSetName = 'CmdletSet', ValueFromPipelineByPropertyName = $true)][string[]] $Verb,
        [Parameter(ParameterSetName = 'CmdletSet', ValueFromPipelineByPropertyName = $true)][string[]] $Noun,
        [Parameter(ValueFromPipelineByPropertyName = $true)][Alias('PSSnapin')][string[]] $Module,
        [Parameter(ParameterSetName = 'AllCommandSet', ValueFromPipelineByPropertyName = $true)][Alias('Type')][System.Management.Automation.CommandTypes] $CommandType,
        [Parameter(ValueFromPipelineByPropertyName = $true)][int] $TotalCount,
        [Parameter(ValueFromPipelineByPropertyName = $true)][switch] $Syntax,
        [Parameter(Position = 1, ValueFromRemainingArguments = $true)][Alias('Args')][object[]] $ArgumentList
    )
    process {
        if (-not $Name) {
            Microsoft.PowerShell.Core\Get-Command @PSBoundParameters
            return
        }
        foreach ($n in $Name) {
            if ($script:Programs -contains $n -or $n -match '^[A-Za-z]:\\') {
                if ([bool](Invoke-ExTopoWindowsQuery -Command 'Program.Available' -Parameters @{ Program = $n }).Exists) {
                    $found = Microsoft.PowerShell.Core\Get-Command -Name (($n -split '\\')[-1]) -ErrorAction SilentlyContinue
                    if ($found) { $found; continue }
                    New-Object PSObject -Property @{ Name = ($n -split '\\')[-1]; CommandType = 'Application'; Definition = $n; Path = $n }
                    continue
                }
                $exception = New-Object System.Management.Automation.CommandNotFoundException ("The term '" + $n + "' is not recognized as the name of a cmdlet, function, script file, or operable program. Check the spelling of the name, or if a path was included, verify that the path is correct and try again.")
                $PSCmdlet.WriteError((New-Object System.Management.Automation.ErrorRecord ($exception, 'CommandNotFoundException,Microsoft.PowerShell.Commands.GetCommandCommand', 'ObjectNotFound', $n)))
                continue
            }
            if (-not $script:Legacy -and -not (Microsoft.PowerShell.Core\Get-Command -Name $n -ErrorAction SilentlyContinue)) {
                foreach ($module in $script:ModuleCommands.Keys) {
                    if ($script:ModuleCommands[$module] -contains $n -and (Test-ExTopoWindowsModule -Name $module)) {
                        Import-ExTopoWindowsModule -Name $module
                    }
                }
            }
            $splat = @{} + $PSBoundParameters
            $splat.Name = @($n)
            Microsoft.PowerShell.Core\Get-Command @splat
        }
    }
}

# ---------------------------------------------------------------------------------------------------------------
# .NET types the runbook uses to reach other machines (New-Object): TcpClient, DirectoryEntry, DirectorySearcher
# ---------------------------------------------------------------------------------------------------------------

function New-ExTopoTcpClient {
    $client = New-Object PSObject -Property @{ Connected = $false; ReceiveTimeout = 0; SendTimeout = 0; NoDelay = $false }
    $client.PSObject.TypeNames.Insert(0, 'System.Net.Sockets.TcpClient')
    # Connect(host, port): succeeds when the lab says address:port answers, else SocketException's message.
    $client | Add-Member -MemberType ScriptMethod -Name Connect -Value {
        param([string] $Hostname, [int] $Port)
        $null = Invoke-ExTopoWindowsQuery -Kind cmdlet -Command 'Net.TcpConnect' -Parameters @{ Host = $Hostname; Port = $Port } -ErrorAction SilentlyContinue -ErrorVariable failed
        if ($failed) { throw (New-Object System.Net.Sockets.SocketException (10061, [string]$failed[0].Exception.Message)) }
        $this.Connected = $true
        $this.ExTopoAddress = $Hostname
        $this.ExTopoPort = $Port
    }
    $client | Add-Member -MemberType ScriptMethod -Name BeginConnect -Value {
        param([string] $Hostname, [int] $Port, $Callback, $State)
        $null = Invoke-ExTopoWindowsQuery -Kind cmdlet -Command 'Net.TcpConnect' -Parameters @{ Host = $Hostname; Port = $Port } -ErrorAction SilentlyContinue -ErrorVariable failed
        $message = if ($failed) { [string]$failed[0].Exception.Message } else { '' }
        $this.Connected = -not $failed
        $handle = New-Object PSObject
        $handle | Add-Member -MemberType ScriptMethod -Name WaitOne -Value { param($Timeout, $ExitContext) $true }
        New-Object PSObject -Property @{ IsCompleted = $true; CompletedSynchronously = $true; AsyncWaitHandle = $handle; AsyncState = $State; ExTopoError = $message }
    }
    $client | Add-Member -MemberType ScriptMethod -Name EndConnect -Value {
        param($AsyncResult)
        if ($AsyncResult.ExTopoError) { throw (New-Object System.Net.Sockets.SocketException (10061, [string]$AsyncResult.ExTopoError)) }
    }
    $client | Add-Member -MemberType ScriptMethod -Name Close -Value { $this.Connected = $false }
    $client | Add-Member -MemberType ScriptMethod -Name Dispose -Value { $this.Connected = $false }
    # GetStream(): a stream that carries only a TLS handshake (SslStream), to the address the client connected to.
    $client | Add-Member -MemberType NoteProperty -Name ExTopoAddress -Value ''
    $client | Add-Member -MemberType NoteProperty -Name ExTopoPort -Value 0
    $client | Add-Member -MemberType ScriptMethod -Name GetStream -Value {
        if (-not $this.Connected) { throw (New-Object System.InvalidOperationException 'The operation is not allowed on non-connected sockets.') }
        $stream = New-Object PSObject -Property @{ ExTopoAddress = $this.ExTopoAddress; ExTopoPort = $this.ExTopoPort }
        $stream.PSObject.TypeNames.Insert(0, 'System.Net.Sockets.NetworkStream')
        $stream | Add-Member -MemberType ScriptMethod -Name Close -Value { }
        $stream
    }
    $client
}

function New-ExTopoSslStream {
    # SslStream(innerStream, leaveInnerStreamOpen[, callback]) over the double's NetworkStream: AuthenticateAsClient
    # asks the lab which certificate the servers behind the address present for the name, and fails as .NET does
    # ("The remote certificate is invalid according to the validation procedure.") when it is not trusted or valid.
    param($InnerStream)
    $ssl = New-Object PSObject -Property @{ InnerStream = $InnerStream; RemoteCertificate = $null; IsAuthenticated = $false }
    $ssl.PSObject.TypeNames.Insert(0, 'System.Net.Security.SslStream')
    $ssl | Add-Member -MemberType ScriptMethod -Name AuthenticateAsClient -Value {
        param([string] $TargetHost)
        $found = @(Invoke-ExTopoWindowsQuery -Kind cmdlet -Command 'Net.TlsHandshake' -Parameters @{ Address = [string]$this.InnerStream.ExTopoAddress; Port = [int]$this.InnerStream.ExTopoPort; TargetHost = $TargetHost } -ErrorAction SilentlyContinue -ErrorVariable failed)
        if ($failed) { throw (New-Object System.Security.Authentication.AuthenticationException ([string]$failed[0].Exception.Message)) }
        $certificate = New-Object PSObject -Property @{ Subject = [string]$found[0].Subject; Issuer = [string]$found[0].Issuer; Thumbprint = [string]$found[0].Thumbprint }
        $certificate.PSObject.TypeNames.Insert(0, 'System.Security.Cryptography.X509Certificates.X509Certificate')
        $certificate | Add-Member -MemberType ScriptMethod -Name GetCertHashString -Value { $this.Thumbprint }
        $this.RemoteCertificate = $certificate
        $this.IsAuthenticated = $true
    }
    $ssl | Add-Member -MemberType ScriptMethod -Name Close -Value { }
    $ssl | Add-Member -MemberType ScriptMethod -Name Dispose -Value { }
    $ssl
}

function New-ExTopoDirectoryEntry {
    param([string] $Path = '')
    # DirectoryEntry binds when its properties are read: an object that does not exist has none (and
    # RefreshCache() fails with the directory's error).
    $found = @(Invoke-ExTopoWindowsQuery -Kind cmdlet -Command 'Ad.Get' -Parameters @{ Path = $Path } -ErrorAction SilentlyContinue -ErrorVariable failed)
    $message = if ($failed) { [string]$failed[0].Exception.Message } else { '' }
    $properties = if ($found.Count -gt 0) { ConvertTo-ExTopoPropertyTable $found[0].Properties } else { New-Object System.Collections.Hashtable ([System.StringComparer]::OrdinalIgnoreCase) }
    $entry = New-Object PSObject -Property @{ Path = $Path; Properties = $properties; ExTopoError = $message }
    $entry.PSObject.TypeNames.Insert(0, 'System.DirectoryServices.DirectoryEntry')
    $entry | Add-Member -MemberType ScriptMethod -Name RefreshCache -Value { if ($this.ExTopoError) { throw (New-Object System.Runtime.InteropServices.COMException ([string]$this.ExTopoError)) } }
    $entry | Add-Member -MemberType ScriptMethod -Name Dispose -Value { }
    $entry
}

function New-ExTopoDirectorySearcher {
    param($SearchRoot = $null, [string] $Filter = '(objectClass=*)')
    $searcher = New-Object PSObject -Property @{ SearchRoot = $SearchRoot; Filter = $Filter; SearchScope = 'Subtree'; PageSize = 0; PropertiesToLoad = (New-Object System.Collections.ArrayList) }
    $searcher.PSObject.TypeNames.Insert(0, 'System.DirectoryServices.DirectorySearcher')
    $searcher | Add-Member -MemberType ScriptMethod -Name FindAll -Value {
        $root = if ($null -ne $this.SearchRoot) { [string]$this.SearchRoot.Path } else { '' }
        $results = @(Invoke-ExTopoWindowsQuery -Kind cmdlet -Command 'Ad.Search' -Parameters @{ Root = $root; Filter = [string]$this.Filter; Scope = [string]$this.SearchScope } -ErrorAction SilentlyContinue -ErrorVariable failed)
        if ($failed) { throw (New-Object System.Runtime.InteropServices.COMException ([string]$failed[0].Exception.Message)) }
        , $results
    }
    $searcher | Add-Member -MemberType ScriptMethod -Name FindOne -Value {
        $all = $this.FindAll()
        if (@($all).Count -gt 0) { @($all)[0] } else { $null }
    }
    $searcher | Add-Member -MemberType ScriptMethod -Name Dispose -Value { }
    $searcher
}

function New-Object {
    # New-Object (2.0, technet dd315334): [-TypeName] <string> [[-ArgumentList] <Object[]>] [-Property <hashtable>];
    # -ComObject <string> [-Strict] [-Property]. TcpClient, DirectoryEntry and DirectorySearcher reach the lab's
    # network and directory; every other type is the real New-Object.
    [CmdletBinding(DefaultParameterSetName = 'Net')]
    param(
        [Parameter(ParameterSetName = 'Net', Mandatory = $true, Position = 0)][string] $TypeName,
        [Parameter(ParameterSetName = 'Com', Mandatory = $true, Position = 0)][string] $ComObject,
        [Parameter(ParameterSetName = 'Net', Position = 1)][Alias('Args')][object[]] $ArgumentList,
        [Parameter(ParameterSetName = 'Com')][switch] $Strict,
        [System.Collections.IDictionary] $Property
    )
    $type = ([string]$TypeName) -replace '^System\.', ''
    $made = $null
    switch ($type) {
        'Net.Sockets.TcpClient' {
            $made = New-ExTopoTcpClient
            if (@($ArgumentList).Count -ge 2) {
                try { $made.Connect([string]$ArgumentList[0], [int]$ArgumentList[1]) }
                catch {
                    $inner = $_.Exception.InnerException
                    if ($null -eq $inner) { $inner = $_.Exception }
                    $message = 'Exception calling ".ctor" with "2" argument(s): "' + $inner.Message + '"'
                    $exception = New-Object System.Management.Automation.MethodInvocationException ($message, $inner)
                    $PSCmdlet.ThrowTerminatingError((New-Object System.Management.Automation.ErrorRecord ($exception, 'ConstructorInvokedThrowException,Microsoft.PowerShell.Commands.NewObjectCommand', 'InvalidOperation', $null)))
                }
            }
        }
        'Net.Security.SslStream' {
            $inner = @($ArgumentList) | Select-Object -First 1
            if ($null -eq $inner -or -not ($inner.PSObject.TypeNames -contains 'System.Net.Sockets.NetworkStream')) {
                Microsoft.PowerShell.Utility\New-Object @PSBoundParameters
                return
            }
            $made = New-ExTopoSslStream -InnerStream $inner
        }
        'DirectoryServices.DirectoryEntry' { $made = New-ExTopoDirectoryEntry -Path ([string](@($ArgumentList) + @('') | Select-Object -First 1)) }
        'DirectoryServices.DirectorySearcher' {
            $first = @($ArgumentList) | Select-Object -First 1
            if ($first -is [string]) { $made = New-ExTopoDirectorySearcher -Filter $first }
            elseif ($null -ne $first) {
                $filter = if (@($ArgumentList).Count -ge 2) { [string]$ArgumentList[1] } else { '(objectClass=*)' }
                $made = New-ExTopoDirectorySearcher -SearchRoot $first -Filter $filter
            } else { $made = New-ExTopoDirectorySearcher }
        }
        default {
            Microsoft.PowerShell.Utility\New-Object @PSBoundParameters
            return
        }
    }
    if ($Property) { foreach ($key in $Property.Keys) { $made.$key = $Property[$key] } }
    $made
}

# ---------------------------------------------------------------------------------------------------------------
# 2012 / 2012 R2 only: Resolve-DnsName (DnsClient module)
# ---------------------------------------------------------------------------------------------------------------

if (-not $script:Legacy) {
    function Resolve-DnsName {
        # Resolve-DnsName (DnsClient, Windows Server 2012+, learn.microsoft.com/powershell/module/dnsclient/resolve-dnsname):
        # [-Name] <string> [[-Type] <RecordType>] [-Server <string[]>] [-DnsOnly] [-CacheOnly] [-NoHostsFile] [-QuickTimeout] ...
        [CmdletBinding()]
        param(
            [Parameter(Mandatory = $true, Position = 0, ValueFromPipeline = $true, ValueFromPipelineByPropertyName = $true)][string] $Name,
            [Parameter(Position = 1)][string] $Type = 'A_AAAA',
            [string[]] $Server,
            [switch] $DnsOnly,
            [switch] $CacheOnly,
            [switch] $NoHostsFile,
            [switch] $QuickTimeout,
            [switch] $NoRecursion,
            [switch] $TcpOnly
        )
        process {
            $parameters = @{ Name = $Name; Type = $Type }
            if ($Server) { $parameters.Server = $Server[0] }
            Invoke-ExTopoDouble -Cmdlet $PSCmdlet -Command 'Resolve-DnsName' -Parameters $parameters
        }
    }
}

# ---------------------------------------------------------------------------------------------------------------
# Snap-ins: the Exchange Management Shell of a server itself (the Edge Transport server has no remote endpoint)
# ---------------------------------------------------------------------------------------------------------------

$script:ExchangeSnapin = 'Microsoft.Exchange.Management.PowerShell.E2010'
$script:LoadedSnapins = @{}

function Get-PSSnapin {
    # Get-PSSnapin (2.0, technet dd347623): [[-Name] <string[]>] [-Registered]. The host's Exchange snap-in once added
    # (with -Registered: when Exchange is installed); a name that matches nothing writes the real error.
    [CmdletBinding()]
    param(
        [Parameter(Position = 0)][string[]] $Name,
        [switch] $Registered
    )
    process {
        $known = @($script:LoadedSnapins.Keys)
        if ($Registered) {
            $known = @()
            if ([bool](Invoke-ExTopoWindowsQuery -Command 'Snapin.Available' -Parameters @{ Name = $script:ExchangeSnapin }).Exists) { $known = @($script:ExchangeSnapin) }
        }
        $patterns = @($Name)
        if (-not $Name) { $patterns = @('*') }
        foreach ($pattern in $patterns) {
            $match = @($known | Where-Object { $_ -like $pattern })
            if ($match.Count -eq 0 -and -not [System.Management.Automation.WildcardPattern]::ContainsWildcardCharacters($pattern)) {
                $exception = New-Object System.ArgumentException ("No Windows PowerShell snap-ins matching the pattern '" + $pattern + "' were found. Check the pattern and then try the command again.")
                $PSCmdlet.WriteError((New-Object System.Management.Automation.ErrorRecord ($exception, 'NoPSSnapInsFound,Microsoft.PowerShell.Commands.GetPSSnapinCommand', 'InvalidArgument', $pattern)))
                continue
            }
            foreach ($m in $match) { New-Object PSObject -Property @{ Name = $m; PSVersion = [version]'2.0'; Description = 'Admin Tasks for the Exchange Server' } }
        }
    }
}

function Add-PSSnapin {
    # Add-PSSnapin (2.0, technet dd315296): [-Name] <string[]> [-PassThru]. Microsoft.Exchange.Management.PowerShell.E2010
    # exists where Exchange 2010 is installed: adding it loads the Exchange double into the session (the server's own
    # Exchange Management Shell).
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipelineByPropertyName = $true)][string[]] $Name,
        [switch] $PassThru
    )
    begin { Get-ExTopoCallerPreference -Cmdlet $PSCmdlet -SessionState $ExecutionContext.SessionState }
    process {
        foreach ($n in $Name) {
            if ($n -ne $script:ExchangeSnapin -or -not [bool](Invoke-ExTopoWindowsQuery -Command 'Snapin.Available' -Parameters @{ Name = $n }).Exists) {
                $exception = New-Object System.Management.Automation.PSArgumentException ("The Windows PowerShell snap-in '" + $n + "' is not installed on this computer.")
                $PSCmdlet.WriteError((New-Object System.Management.Automation.ErrorRecord ($exception, 'AddPSSnapInRead,Microsoft.PowerShell.Commands.AddPSSnapinCommand', 'InvalidArgument', $n)))
                continue
            }
            if ($script:LoadedSnapins.ContainsKey($n)) {
                $exception = New-Object System.Management.Automation.PSArgumentException ("Cannot add Windows PowerShell snap-in " + $n + " because it is already added. Verify the name of the snap-in and try again.")
                $PSCmdlet.WriteError((New-Object System.Management.Automation.ErrorRecord ($exception, 'AddPSSnapInRead,Microsoft.PowerShell.Commands.AddPSSnapinCommand', 'InvalidArgument', $n)))
                continue
            }
            Microsoft.PowerShell.Core\Import-Module -Name ([System.IO.Path]::Combine($PSScriptRoot, 'Exchange', 'ExTopo.Exchange2010.psm1')) -Global -DisableNameChecking
            $script:LoadedSnapins[$n] = $true
            if ($PassThru) { New-Object PSObject -Property @{ Name = $n; PSVersion = [version]'2.0'; Description = 'Admin Tasks for the Exchange Server' } }
        }
    }
}

# On 2012+ the modules that are always there load at once (as autoloading would find their commands).
if (-not $script:Legacy) {
    foreach ($module in @('ServerManager', 'NetAdapter')) {
        Import-ExTopoWindowsModule -Name $module
    }
}

$exported = @(
    'Invoke-ExTopoWindowsQuery', 'Get-ExTopoWindowsHost', 'Test-ExTopoWindowsModule', 'Invoke-ExTopoWindowsProgram',
    'Test-Path', 'Get-Item', 'Set-Item', 'Get-ItemProperty', 'New-ItemProperty', 'Set-ItemProperty', 'Remove-ItemProperty', 'New-Item', 'Get-ChildItem', 'Join-Path', 'Split-Path',
    'Get-WmiObject', 'Get-Service', 'Set-Service', 'Start-Service', 'Stop-Service', 'Restart-Service', 'Start-Process', 'Restart-Computer',
    'netsh.exe', 'net.exe', 'nslookup.exe', 'schtasks.exe', 'msiexec.exe', 'dnscmd.exe',
    'Import-Module', 'Get-Module', 'Get-Command', 'New-Object', 'Get-PSSnapin', 'Add-PSSnapin'
)
if (-not $script:Legacy) { $exported += 'Resolve-DnsName' }
Export-ModuleMember -Function $exported -Alias netsh, net, nslookup, schtasks, msiexec, dnscmd
