# ExTopo host double - DnsServer module (Windows Server 2012 / 2012 R2, with the DNS Server Tools: RSAT-DNS-Server).
#
# CDXML cmdlets (learn.microsoft.com/powershell/module/dnsserver; Windows Server 2012 help jj649925
# Add-DnsServerResourceRecord, jj649863 Get-DnsServerResourceRecord, jj649872 Remove-DnsServerResourceRecord). They are
# generated script-module functions on the real host too, so they do NOT see the caller's $WhatIfPreference or
# $ErrorActionPreference: pass -WhatIf / -ErrorAction explicitly. Parameter positions of the A-record cmdlet follow the
# generic Add-DnsServerResourceRecord ([-ZoneName] 0, [-Name] 1); -IPv4Address is named here (position not
# confirmed). Semantics: main/lab/double/dns.ts.

function Add-DnsServerResourceRecordA {
    # Add-DnsServerResourceRecordA [-Name] <String> [-ZoneName] <String> [-IPv4Address] <IPAddress[]> [-AllowUpdateAny]
    # [-CreatePtr] [-ComputerName <String>] [-TimeToLive <TimeSpan>] [-AgeRecord] [-PassThru] [-CimSession] [-ThrottleLimit]
    # [-AsJob] [-WhatIf] [-Confirm]
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    param(
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipelineByPropertyName = $true)][string] $ZoneName,
        [Parameter(Mandatory = $true, Position = 1, ValueFromPipelineByPropertyName = $true)][Alias('RecordName')][string] $Name,
        [Parameter(Mandatory = $true, ValueFromPipelineByPropertyName = $true)][System.Net.IPAddress[]] $IPv4Address,
        [Parameter(ValueFromPipelineByPropertyName = $true)][switch] $AllowUpdateAny,
        [Parameter(ValueFromPipelineByPropertyName = $true)][switch] $CreatePtr,
        [Parameter(ValueFromPipelineByPropertyName = $true)][Alias('Cn')][string] $ComputerName,
        [Parameter(ValueFromPipelineByPropertyName = $true)][timespan] $TimeToLive,
        [Parameter(ValueFromPipelineByPropertyName = $true)][switch] $AgeRecord,
        [switch] $PassThru,
        $CimSession,
        [int] $ThrottleLimit,
        [switch] $AsJob
    )
    process {
        if ($PSCmdlet.ShouldProcess(($Name + '.' + $ZoneName + ' A ' + ($IPv4Address -join ', ')), 'Add-DnsServerResourceRecordA')) {
            Invoke-ExTopoDouble -Cmdlet $PSCmdlet -Command 'Add-DnsServerResourceRecordA' -Parameters @{ ZoneName = $ZoneName; Name = $Name; IPv4Address = @($IPv4Address | ForEach-Object { [string]$_ }); ComputerName = $ComputerName; PassThru = [bool]$PassThru }
        }
    }
}

function Get-DnsServerResourceRecord {
    # Get-DnsServerResourceRecord [-ZoneName] <String> [[-Name] <String>] [[-RRType] <String>] [-ComputerName <String>]
    # [-Node] [-CimSession] [-ThrottleLimit] [-AsJob]. Objects: HostName, RecordType, RecordClass, TimeToLive, Timestamp,
    # RecordData (RecordData.IPv4Address for A records).
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipelineByPropertyName = $true)][string] $ZoneName,
        [Parameter(Position = 1, ValueFromPipelineByPropertyName = $true)][Alias('HostName')][string] $Name,
        [Parameter(Position = 2, ValueFromPipelineByPropertyName = $true)][ValidateSet('HInfo', 'Afsdb', 'Atma', 'Isdn', 'Key', 'Mb', 'Md', 'Mf', 'Mg', 'MInfo', 'Mr', 'Mx', 'NsNxt', 'Rp', 'Rt', 'Wks', 'X25', 'A', 'AAAA', 'CName', 'Ptr', 'Srv', 'Txt', 'Wins', 'WinsR', 'Ns', 'Soa', 'NasP', 'NasPtr', 'DName', 'Gpos', 'Loc', 'DhcId', 'Naptr', 'RRSig', 'DnsKey', 'DS', 'NSec', 'NSec3', 'NSec3Param')][string] $RRType,
        [Parameter(ValueFromPipelineByPropertyName = $true)][Alias('Cn')][string] $ComputerName,
        [switch] $Node,
        $CimSession,
        [int] $ThrottleLimit,
        [switch] $AsJob
    )
    process {
        $parameters = @{ ZoneName = $ZoneName; ComputerName = $ComputerName }
        if ($Name) { $parameters.Name = $Name }
        if ($RRType) { $parameters.RRType = $RRType }
        Invoke-ExTopoDouble -Cmdlet $PSCmdlet -Command 'Get-DnsServerResourceRecord' -Parameters $parameters
    }
}

function Remove-DnsServerResourceRecord {
    # Remove-DnsServerResourceRecord [-ZoneName] <String> -InputObject <CimInstance> [-ComputerName] [-Force]
    # [-PassThru] [-WhatIf] [-Confirm]; [-ZoneName] <String> [-Name] <String> [-RRType] <String> [-RecordData
    # <String[]>] [-ComputerName] [-Force] [-PassThru] [-WhatIf] [-Confirm].
    [CmdletBinding(DefaultParameterSetName = 'InputObject', SupportsShouldProcess = $true, ConfirmImpact = 'High')]
    param(
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipelineByPropertyName = $true)][string] $ZoneName,
        [Parameter(ParameterSetName = 'InputObject', Mandatory = $true, ValueFromPipeline = $true)] $InputObject,
        [Parameter(ParameterSetName = 'Name', Mandatory = $true, Position = 1, ValueFromPipelineByPropertyName = $true)][Alias('RecordName')][string] $Name,
        [Parameter(ParameterSetName = 'Name', Mandatory = $true, Position = 2, ValueFromPipelineByPropertyName = $true)][string] $RRType,
        [Parameter(ParameterSetName = 'Name', ValueFromPipelineByPropertyName = $true)][string[]] $RecordData,
        [Parameter(ValueFromPipelineByPropertyName = $true)][Alias('Cn')][string] $ComputerName,
        [switch] $Force,
        [switch] $PassThru,
        $CimSession,
        [int] $ThrottleLimit,
        [switch] $AsJob
    )
    process {
        $shown = if ($InputObject) { [string]$InputObject.HostName } else { $Name }
        if (-not $Force -and -not $WhatIfPreference -and -not $PSBoundParameters.ContainsKey('WhatIf')) {
            Stop-ExTopoPrompt -Cmdlet $PSCmdlet -Action 'Remove-DnsServerResourceRecord asks for confirmation without -Force.'
        }
        if ($PSCmdlet.ShouldProcess(($shown + '.' + $ZoneName), 'Remove-DnsServerResourceRecord')) {
            $parameters = @{ ZoneName = $ZoneName; ComputerName = $ComputerName }
            if ($InputObject) { $parameters.InputObject = $InputObject } else { $parameters.Name = $Name; $parameters.RRType = $RRType; if ($RecordData) { $parameters.RecordData = $RecordData } }
            Invoke-ExTopoDouble -Cmdlet $PSCmdlet -Command 'Remove-DnsServerResourceRecord' -Parameters $parameters
        }
    }
}

Export-ModuleMember -Function Add-DnsServerResourceRecordA, Get-DnsServerResourceRecord, Remove-DnsServerResourceRecord
