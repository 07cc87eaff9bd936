# ExTopo host double - core.
#
# One pwsh process stands in for one host of a design (or for the Exchange Management Shell of one Exchange
# server). The double's cmdlets, programs and providers are PowerShell functions with the documented signatures of
# the real ones (ExTopo.HostDouble.Windows.psm1, Modules\*, Exchange\*); what they DO is decided by the rehearsal
# lab's world in the ExTopo process, reached through a loopback endpoint (main/lab/double/server.ts). This module
# holds the connection, the identity of the host, and turns the endpoint's replies into what a real command gives:
# objects with the documented property names, warnings, non-terminating or terminating errors (so -ErrorAction
# works as on a real host), and $LASTEXITCODE for programs.
#
# The endpoint's URL and bearer token arrive in the environment (EXTOPO_DOUBLE_URL, EXTOPO_DOUBLE_TOKEN); the token is
# removed from the environment once read.

$script:Double = @{
    Url = ''
    HostName = ''
    Lane = 'host'
    Client = $null
    Decorators = @{}
    SecondMs = 1
}

# Common parameters never reach the endpoint: they are PowerShell's business, handled here as a real cmdlet would.
$script:CommonParameters = @('Verbose', 'Debug', 'ErrorAction', 'WarningAction', 'InformationAction', 'ProgressAction',
    'ErrorVariable', 'WarningVariable', 'InformationVariable', 'OutVariable', 'OutBuffer', 'PipelineVariable',
    'WhatIf', 'Confirm')

function Enter-ExTopoHostDouble {
    <#
    .SYNOPSIS
        Makes this PowerShell the double of one design host (lane host) or of its Exchange Management Shell (lane ems).
    #>
    param(
        [Parameter(Mandatory = $true)][string] $HostName,
        [ValidateSet('host', 'ems')][string] $Lane = 'host'
    )
    $url = [Environment]::GetEnvironmentVariable('EXTOPO_DOUBLE_URL')
    $token = [Environment]::GetEnvironmentVariable('EXTOPO_DOUBLE_TOKEN')
    if (-not $url -or -not $token) { throw 'The ExTopo host double needs EXTOPO_DOUBLE_URL and EXTOPO_DOUBLE_TOKEN in its environment (ExTopo sets them when it starts a pwsh rehearsal).' }
    Remove-Item -Path 'Env:EXTOPO_DOUBLE_TOKEN' -ErrorAction SilentlyContinue
    $client = New-Object System.Net.Http.HttpClient
    $client.Timeout = [TimeSpan]::FromMinutes(10)
    $client.DefaultRequestHeaders.Authorization = New-Object System.Net.Http.Headers.AuthenticationHeaderValue('Bearer', $token)
    $script:Double.Url = $url.TrimEnd('/') + '/call'
    $script:Double.Client = $client
    $script:Double.HostName = $HostName
    $script:Double.Lane = $Lane
    $secondMs = [Environment]::GetEnvironmentVariable('EXTOPO_DOUBLE_SECOND_MS')
    if ($secondMs -match '^\d+$') { $script:Double.SecondMs = [int]$secondMs }
}

function Get-ExTopoDoubleHost {
    <# .SYNOPSIS The design host this PowerShell stands in for. #>
    $script:Double.HostName
}

function Use-ExTopoDoubleHost {
    <#
    .SYNOPSIS
        Runs a script block as another host (what Invoke-Command -ComputerName does to a real script).
    #>
    param([Parameter(Mandatory = $true)][string] $HostName, [Parameter(Mandatory = $true)][scriptblock] $ScriptBlock, [object[]] $ArgumentList = @())
    $before = $script:Double.HostName
    $script:Double.HostName = $HostName
    try { & $ScriptBlock @ArgumentList } finally { $script:Double.HostName = $before }
}

function Register-ExTopoDoubleType {
    <#
    .SYNOPSIS
        Adds the methods a real object of that type has (ScriptMethods) to every object of the type the double outputs.
    #>
    param([Parameter(Mandatory = $true)][string] $TypeName, [Parameter(Mandatory = $true)][scriptblock] $Decorate)
    $script:Double.Decorators[$TypeName] = $Decorate
}

function ConvertTo-ExTopoWireValue {
    param($Value)
    if ($null -eq $Value) { return $null }
    if ($Value -is [System.Management.Automation.SwitchParameter]) { return [bool]$Value.IsPresent }
    if ($Value -is [System.Management.Automation.PSCredential]) { return '[credential]' }
    if ($Value -is [System.Security.SecureString]) { return '[secure string]' }
    if ($Value -is [scriptblock]) { return $Value.ToString() }
    if ($Value -is [string] -or $Value -is [bool] -or $Value -is [int] -or $Value -is [long] -or $Value -is [double] -or $Value -is [decimal]) { return $Value }
    if ($Value -is [enum] -or $Value -is [timespan] -or $Value -is [datetime] -or $Value -is [version] -or $Value -is [ipaddress]) { return [string]$Value }
    if ($Value -is [System.Collections.IDictionary]) {
        $copy = @{}
        foreach ($key in $Value.Keys) { $copy[[string]$key] = ConvertTo-ExTopoWireValue $Value[$key] }
        return $copy
    }
    if ($Value -is [System.Collections.IEnumerable]) {
        $items = New-Object System.Collections.ArrayList
        foreach ($item in $Value) { [void]$items.Add((ConvertTo-ExTopoWireValue $item)) }
        return , $items.ToArray()
    }
    if ($Value -is [psobject] -and $Value.PSObject.Properties['__type']) {
        # An object the double gave out, coming back through the pipeline: its identity is what the endpoint needs.
        $copy = @{ '__type' = [string]$Value.__type }
        foreach ($name in @('Identity', 'Name', 'Server', 'DatabaseName', 'MailboxServer', 'IPAddress', 'InterfaceName', 'HostName', 'StartPort', 'EndPort', 'Protocol', 'DistinguishedName')) {
            if ($Value.PSObject.Properties[$name]) { $copy[$name] = ConvertTo-ExTopoWireValue $Value.$name }
        }
        return $copy
    }
    return [string]$Value
}

function ConvertFrom-ExTopoWireObject {
    param($Item)
    if ($null -eq $Item) { return }
    if ($Item -is [psobject] -and $Item.PSObject.Properties['__type']) {
        $type = [string]$Item.__type
        $Item.PSObject.TypeNames.Insert(0, $type)
        $decorate = $script:Double.Decorators[$type]
        if ($decorate) { & $decorate $Item }
    }
    $Item
}

function New-ExTopoErrorRecord {
    param($ErrorInfo)
    if ($ErrorInfo.transport) {
        $exception = New-Object System.Management.Automation.Remoting.PSRemotingTransportException ([string]$ErrorInfo.message)
    } else {
        $exception = New-Object System.InvalidOperationException ([string]$ErrorInfo.message)
    }
    $category = [System.Management.Automation.ErrorCategory]::NotSpecified
    try { $category = [System.Management.Automation.ErrorCategory]([string]$ErrorInfo.category) } catch { }
    $target = $null
    if ([string]$ErrorInfo.target -ne '') { $target = [string]$ErrorInfo.target }
    New-Object System.Management.Automation.ErrorRecord ($exception, [string]$ErrorInfo.errorId, $category, $target)
}

function Send-ExTopoDoubleRequest {
    param([string] $Kind, [string] $Command, [hashtable] $Parameters)
    if ($null -eq $script:Double.Client) { throw 'This PowerShell is not an ExTopo host double yet: run Enter-ExTopoHostDouble first.' }
    $body = @{ host = $script:Double.HostName; lane = $script:Double.Lane; kind = $Kind; command = $Command; parameters = $Parameters } | ConvertTo-Json -Depth 12 -Compress
    $content = New-Object System.Net.Http.StringContent ($body, [System.Text.Encoding]::UTF8, 'application/json')
    try {
        $response = $script:Double.Client.PostAsync($script:Double.Url, $content).GetAwaiter().GetResult()
        $text = $response.Content.ReadAsStringAsync().GetAwaiter().GetResult()
    } catch {
        throw ('The ExTopo host double endpoint did not answer ' + $Command + ': ' + $_.Exception.Message)
    }
    if (-not $response.IsSuccessStatusCode) { throw ('The ExTopo host double endpoint refused ' + $Command + ' (HTTP ' + [int]$response.StatusCode + '): ' + $text) }
    $text | ConvertFrom-Json
}

function Invoke-ExTopoDouble {
    <#
    .SYNOPSIS
        What every double cmdlet does after binding its parameters: asks the world, then outputs, warns and fails like
        the real cmdlet. Pass the calling function's $PSCmdlet and $PSBoundParameters.
    #>
    param(
        [Parameter(Mandatory = $true)] $Cmdlet,
        [Parameter(Mandatory = $true)][string] $Command,
        [System.Collections.IDictionary] $Parameters = @{},
        [ValidateSet('cmdlet', 'provider')][string] $Kind = 'cmdlet'
    )
    $wire = @{}
    foreach ($key in @($Parameters.Keys)) {
        if ($script:CommonParameters -contains [string]$key) { continue }
        $wire[[string]$key] = ConvertTo-ExTopoWireValue $Parameters[$key]
    }
    $reply = Send-ExTopoDoubleRequest -Kind $Kind -Command $Command -Parameters $wire
    foreach ($warning in @($reply.warnings)) { if ($null -ne $warning) { $Cmdlet.WriteWarning([string]$warning) } }
    foreach ($item in @($reply.output)) { if ($null -ne $item) { $Cmdlet.WriteObject((ConvertFrom-ExTopoWireObject $item)) } }
    if ($null -ne $reply.error) {
        $record = New-ExTopoErrorRecord $reply.error
        if ($reply.error.terminating) { $Cmdlet.ThrowTerminatingError($record) }
        $Cmdlet.WriteError($record)
    }
}

function Invoke-ExTopoDoubleNative {
    <#
    .SYNOPSIS
        An external program of the host (setup.com, netsh.exe, dnscmd.exe, ...): prints its output lines and sets
        $LASTEXITCODE, as running the real program does. Its failures are exit codes, never exceptions.
    #>
    param([Parameter(Mandatory = $true)][string] $Program, [object[]] $Arguments = @())
    $argumentList = @($Arguments | ForEach-Object { [string]$_ })
    $reply = Send-ExTopoDoubleRequest -Kind 'native' -Command $Program -Parameters @{ args = $argumentList }
    foreach ($line in @($reply.lines)) { if ($null -ne $line) { [string]$line } }
    if ($null -ne $reply.error) {
        if ($reply.error.transport) { throw (New-ExTopoErrorRecord $reply.error) }
        [Console]::Error.WriteLine([string]$reply.error.message)
        $global:LASTEXITCODE = 1
        return
    }
    $code = 0
    if ($null -ne $reply.exitCode) { $code = [int]$reply.exitCode }
    $global:LASTEXITCODE = $code
}

function Start-Sleep {
    <#
    .SYNOPSIS
        The lab's clock: a rehearsal waits (retries, polls, restarts) in lab time, EXTOPO_DOUBLE_SECOND_MS milliseconds
        per second of the script (1 by default), so a script's 15-second retry takes 15 ms. Same signature as the
        real cmdlet (Start-Sleep [-Seconds] <int> | -Milliseconds <int>).
    #>
    [CmdletBinding(DefaultParameterSetName = 'Seconds')]
    param(
        [Parameter(ParameterSetName = 'Seconds', Mandatory = $true, Position = 0, ValueFromPipeline = $true)][int] $Seconds,
        [Parameter(ParameterSetName = 'Milliseconds', Mandatory = $true)][int] $Milliseconds
    )
    process {
        $ms = if ($PSCmdlet.ParameterSetName -eq 'Seconds') { [double]$Seconds * 1000 } else { [double]$Milliseconds }
        [System.Threading.Thread]::Sleep([int][Math]::Ceiling($ms * $script:Double.SecondMs / 1000))
    }
}

function Stop-ExTopoPrompt {
    <#
    .SYNOPSIS
        A command that would ask for confirmation, in a non-interactive session (the executor's, a remote one): it
        stops with the error PowerShell gives there (FullyQualifiedErrorId HostFunctionNotImplemented).
    #>
    param([Parameter(Mandatory = $true)] $Cmdlet, [Parameter(Mandatory = $true)][string] $Action)
    $exception = New-Object System.Management.Automation.Host.HostException ('Windows PowerShell is in NonInteractive mode. Read and Prompt functionality is not available. (' + $Action + ')')
    $Cmdlet.ThrowTerminatingError((New-Object System.Management.Automation.ErrorRecord ($exception, 'HostFunctionNotImplemented', 'ResourceUnavailable', $null)))
}

function Get-ExTopoCallerPreference {
    <#
    .SYNOPSIS
        A compiled Windows cmdlet sees its caller's $WhatIfPreference and $ErrorActionPreference; a function in a
        module does not. The Windows doubles call this so they behave like the compiled cmdlets they stand in for.
        (The Exchange doubles do NOT: on a real host those commands come from an implicit-remoting module, which does
        not see the caller's preferences either - PowerShell issues #4568 and #19063.)
    #>
    param([Parameter(Mandatory = $true)] $Cmdlet, [Parameter(Mandatory = $true)] $SessionState)
    $bound = $Cmdlet.MyInvocation.BoundParameters
    if (-not $bound.ContainsKey('WhatIf')) {
        $value = $Cmdlet.SessionState.PSVariable.GetValue('WhatIfPreference')
        if ($null -ne $value) { $SessionState.PSVariable.Set('WhatIfPreference', $value) }
    }
    if (-not $bound.ContainsKey('ErrorAction')) {
        $value = $Cmdlet.SessionState.PSVariable.GetValue('ErrorActionPreference')
        if ($null -ne $value) { $SessionState.PSVariable.Set('ErrorActionPreference', $value) }
    }
}

Export-ModuleMember -Function Stop-ExTopoPrompt, Start-Sleep, Enter-ExTopoHostDouble, Get-ExTopoDoubleHost, Use-ExTopoDoubleHost, Register-ExTopoDoubleType, Invoke-ExTopoDouble, Invoke-ExTopoDoubleNative, Get-ExTopoCallerPreference, ConvertTo-ExTopoWireValue
