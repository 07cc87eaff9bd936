# ExTopo host double - NetAdapter module (Windows Server 2012 and later; not on 2008 R2).
#
# CDXML cmdlets (learn.microsoft.com/powershell/module/netadapter: Get-NetAdapter, Get-NetAdapterBinding,
# Enable-NetAdapterBinding, Disable-NetAdapterBinding). Script-module functions on the real host too: they do not see
# the caller's preference variables. Component IDs: ms_tcpip, ms_tcpip6, ms_server (File and Printer Sharing),
# ms_msclient, ms_pacer, ms_wlbs (NLB). Semantics: main/lab/double/windows.ts (netAdapterCmdlets).

function Get-NetAdapter {
    # Get-NetAdapter [[-Name] <String[]>] [-IncludeHidden] [-Physical] [-CimSession] [-ThrottleLimit] [-AsJob];
    # -InterfaceDescription <String[]>; -InterfaceIndex <UInt32[]>.
    [CmdletBinding(DefaultParameterSetName = 'ByName')]
    param(
        [Parameter(ParameterSetName = 'ByName', Position = 0)][Alias('ifAlias', 'InterfaceAlias')][string[]] $Name,
        [Parameter(ParameterSetName = 'ByInstanceID', Mandatory = $true)][Alias('ifDesc')][string[]] $InterfaceDescription,
        [Parameter(ParameterSetName = 'ByIfIndex', Mandatory = $true)][Alias('ifIndex')][uint32[]] $InterfaceIndex,
        [switch] $IncludeHidden,
        [switch] $Physical,
        $CimSession,
        [int] $ThrottleLimit,
        [switch] $AsJob
    )
    $parameters = @{}
    if ($Name) { $parameters.Name = $Name }
    Invoke-ExTopoDouble -Cmdlet $PSCmdlet -Command 'Get-NetAdapter' -Parameters $parameters
}

function Get-NetAdapterBinding {
    # Get-NetAdapterBinding [[-Name] <String[]>] [-ComponentID <String[]>] [-DisplayName <String[]>] [-IncludeHidden]
    # [-AllBindings]; -InterfaceDescription; -InputObject.
    [CmdletBinding(DefaultParameterSetName = 'ByName')]
    param(
        [Parameter(ParameterSetName = 'ByName', Position = 0)][Alias('ifAlias', 'InterfaceAlias')][string[]] $Name,
        [Parameter(ParameterSetName = 'ByInstanceID', Mandatory = $true)][Alias('ifDesc')][string[]] $InterfaceDescription,
        [string[]] $ComponentID,
        [string[]] $DisplayName,
        [switch] $IncludeHidden,
        [switch] $AllBindings,
        $CimSession,
        [int] $ThrottleLimit,
        [switch] $AsJob
    )
    $parameters = @{}
    if ($Name) { $parameters.Name = $Name }
    if ($ComponentID) { $parameters.ComponentID = $ComponentID }
    if ($DisplayName) { $parameters.DisplayName = $DisplayName }
    Invoke-ExTopoDouble -Cmdlet $PSCmdlet -Command 'Get-NetAdapterBinding' -Parameters $parameters
}

function Disable-NetAdapterBinding {
    # Disable-NetAdapterBinding [-Name] <String[]> [-ComponentID <String[]>] [-DisplayName <String[]>]
    # [-IncludeHidden] [-AllBindings] [-PassThru] [-CimSession] [-ThrottleLimit] [-AsJob] [-WhatIf] [-Confirm].
    [CmdletBinding(DefaultParameterSetName = 'ByName', SupportsShouldProcess = $true, ConfirmImpact = 'High')]
    param(
        [Parameter(ParameterSetName = 'ByName', Mandatory = $true, Position = 0)][Alias('ifAlias', 'InterfaceAlias')][string[]] $Name,
        [Parameter(ParameterSetName = 'ByInstanceID', Mandatory = $true)][Alias('ifDesc')][string[]] $InterfaceDescription,
        [string[]] $ComponentID,
        [string[]] $DisplayName,
        [switch] $IncludeHidden,
        [switch] $AllBindings,
        [switch] $PassThru,
        $CimSession,
        [int] $ThrottleLimit,
        [switch] $AsJob
    )
    if ($PSCmdlet.ShouldProcess(($Name -join ', ') + ' ' + ($ComponentID -join ', '), 'Disable-NetAdapterBinding')) {
        Invoke-ExTopoDouble -Cmdlet $PSCmdlet -Command 'Disable-NetAdapterBinding' -Parameters @{ Name = $Name; ComponentID = $ComponentID; DisplayName = $DisplayName; PassThru = [bool]$PassThru }
    }
}

function Enable-NetAdapterBinding {
    # Enable-NetAdapterBinding [-Name] <String[]> [-ComponentID <String[]>] [-DisplayName <String[]>] [-PassThru]
    # [-WhatIf] [-Confirm].
    [CmdletBinding(DefaultParameterSetName = 'ByName', SupportsShouldProcess = $true, ConfirmImpact = 'High')]
    param(
        [Parameter(ParameterSetName = 'ByName', Mandatory = $true, Position = 0)][Alias('ifAlias', 'InterfaceAlias')][string[]] $Name,
        [Parameter(ParameterSetName = 'ByInstanceID', Mandatory = $true)][Alias('ifDesc')][string[]] $InterfaceDescription,
        [string[]] $ComponentID,
        [string[]] $DisplayName,
        [switch] $IncludeHidden,
        [switch] $AllBindings,
        [switch] $PassThru,
        $CimSession,
        [int] $ThrottleLimit,
        [switch] $AsJob
    )
    if ($PSCmdlet.ShouldProcess(($Name -join ', ') + ' ' + ($ComponentID -join ', '), 'Enable-NetAdapterBinding')) {
        Invoke-ExTopoDouble -Cmdlet $PSCmdlet -Command 'Enable-NetAdapterBinding' -Parameters @{ Name = $Name; ComponentID = $ComponentID; DisplayName = $DisplayName; PassThru = [bool]$PassThru }
    }
}

Export-ModuleMember -Function Get-NetAdapter, Get-NetAdapterBinding, Disable-NetAdapterBinding, Enable-NetAdapterBinding
