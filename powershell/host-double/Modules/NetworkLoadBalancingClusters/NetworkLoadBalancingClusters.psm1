# ExTopo host double - NetworkLoadBalancingClusters module (the NLB Tools, RSAT-NLB).
#
# Signatures from "Network Load Balancing Cmdlets in Windows PowerShell" (Windows Server 2008 R2, technet ee817138:
# New-NlbCluster ee817133, Add-NlbClusterNode ee817107, Set-NlbClusterNode ee817108, Add-NlbClusterPortRule ee817129,
# Remove-NlbClusterPortRule ee817132, Get-NlbClusterPortRule ee817135, Stop-NlbCluster ee817115) and the Windows Server
# 2012 help (hh801263 Get-NlbClusterNode, hh801265 Set-NlbClusterPortRuleNodeWeight, hh801273 Set-NlbClusterPortRule,
# hh801288 Stop-NlbClusterNode, hh801292 Start-NlbClusterNode, hh801295 Get-NlbCluster). Compiled cmdlets: they see
# the caller's preferences; none has -WhatIf; those with -Force ask for confirmation without it, which a remote
# (non-interactive) session cannot answer. Objects: Cluster (Name, IPAddress, SubnetMask, Mode), Node (Name, State,
# InterfaceName, HostID, HostPriority), PortRule (IPAddress, StartPort, EndPort, Protocol, FilteringMode, Affinity,
# Timeout; "Mode" is only the column title of its table view). Semantics: main/lab/double/nlb.ts.

function Assert-ExTopoNlbForce {
    param($Cmdlet, [bool] $Force, [string] $Action)
    if ($Force) { return }
    Stop-ExTopoPrompt -Cmdlet $Cmdlet -Action ($Action + ' asks for confirmation without -Force.')
}

function Get-NlbCluster {
    # Get-NlbCluster [[-HostName] <String>] [[-InterfaceName] <String>]
    [CmdletBinding()]
    param([Parameter(Position = 0)][Alias('Host', 'HN', 'H')][string] $HostName, [Parameter(Position = 1)][Alias('Interface', 'IN', 'I')][string] $InterfaceName)
    Invoke-ExTopoDouble -Cmdlet $PSCmdlet -Command 'Get-NlbCluster' -Parameters $PSBoundParameters
}

function New-NlbCluster {
    # New-NlbCluster [[-HostName] <String>] [-InterfaceName] <String> [-ClusterPrimaryIP] <IPAddress> [-ClusterName
    # <String>] [-SubnetMask <IPAddress>] [-DedicatedIP <IPAddress>] [-DedicatedIPSubnetMask <IPAddress>] [-Force]
    # [-OperationMode <ClusterMode> {Unicast | Multicast | IgmpMulticast}]
    [CmdletBinding()]
    param(
        [Parameter(Position = 0)][Alias('Host', 'HN', 'H')][string] $HostName,
        [Parameter(Mandatory = $true, Position = 1)][Alias('Interface', 'IN', 'I')][string] $InterfaceName,
        [Parameter(Mandatory = $true, Position = 2)][Alias('PrimaryIP', 'IPAddress', 'IP')][System.Net.IPAddress] $ClusterPrimaryIP,
        [Alias('Name', 'CN', 'N')][string] $ClusterName,
        [Alias('Mask', 'M')][System.Net.IPAddress] $SubnetMask,
        [Alias('DIP')][System.Net.IPAddress] $DedicatedIP,
        [Alias('DIPMask')][System.Net.IPAddress] $DedicatedIPSubnetMask,
        [Alias('Mode')][ValidateSet('Unicast', 'Multicast', 'IgmpMulticast')][string] $OperationMode = 'Unicast',
        [Alias('F')][switch] $Force
    )
    Get-ExTopoCallerPreference -Cmdlet $PSCmdlet -SessionState $ExecutionContext.SessionState
    Assert-ExTopoNlbForce $PSCmdlet ([bool]$Force) 'New-NlbCluster'
    Invoke-ExTopoDouble -Cmdlet $PSCmdlet -Command 'New-NlbCluster' -Parameters $PSBoundParameters
}

function Get-NlbClusterNode {
    # Get-NlbClusterNode [[-NodeName] <String>] [-HostName <String>] [-InterfaceName <String>]; [[-NodeName]]
    # -InputObject <Cluster[]> (pipeline).
    [CmdletBinding(DefaultParameterSetName = 'NonPipeline')]
    param(
        [Parameter(Position = 0)][Alias('Name', 'NN')][string] $NodeName,
        [Parameter(ParameterSetName = 'NonPipeline')][Alias('Host', 'HN', 'H')][string] $HostName,
        [Parameter(ParameterSetName = 'NonPipeline')][Alias('Interface', 'IN', 'I')][string] $InterfaceName,
        [Parameter(ParameterSetName = 'Pipeline', Mandatory = $true, ValueFromPipeline = $true)] $InputObject
    )
    process { Invoke-ExTopoDouble -Cmdlet $PSCmdlet -Command 'Get-NlbClusterNode' -Parameters $PSBoundParameters }
}

function Set-NlbClusterNode {
    # Set-NlbClusterNode [[-HostName] <String>] -InterfaceName <String> [-Reload] [-HostPriority <Int32>]
    # [-InitialHostState {Started | Stopped | Suspended}] [-RetainSuspended <Boolean>] [-Force]; -InputObject <Node[]>.
    [CmdletBinding(DefaultParameterSetName = 'NonPipeline')]
    param(
        [Parameter(ParameterSetName = 'NonPipeline', Position = 0)][Alias('Host', 'HN', 'H')][string] $HostName,
        [Parameter(ParameterSetName = 'NonPipeline', Mandatory = $true)][Alias('Interface', 'IN', 'I')][string] $InterfaceName,
        [Parameter(ParameterSetName = 'Pipeline', Mandatory = $true, ValueFromPipeline = $true)] $InputObject,
        [switch] $Reload,
        [Alias('Priority', 'ID')][int] $HostPriority,
        [Alias('State', 'IHS')][ValidateSet('Started', 'Stopped', 'Suspended')][string] $InitialHostState,
        [Alias('RS')][bool] $RetainSuspended,
        [Alias('F')][switch] $Force
    )
    begin { Get-ExTopoCallerPreference -Cmdlet $PSCmdlet -SessionState $ExecutionContext.SessionState }
    process {
        Assert-ExTopoNlbForce $PSCmdlet ([bool]$Force) 'Set-NlbClusterNode'
        Invoke-ExTopoDouble -Cmdlet $PSCmdlet -Command 'Set-NlbClusterNode' -Parameters $PSBoundParameters
    }
}

function Add-NlbClusterNode {
    # Add-NlbClusterNode [-NewNodeName] <String> [-NewNodeInterface] <String> -InterfaceName <String> [-HostName
    # <String>] [-Force]; -InputObject <Cluster[]> (pipeline). The new node is managed over remote WMI.
    [CmdletBinding(DefaultParameterSetName = 'NonPipeline')]
    param(
        [Parameter(Mandatory = $true, Position = 0)][Alias('NewNode', 'NN')][string] $NewNodeName,
        [Parameter(Mandatory = $true, Position = 1)][Alias('NewInterface', 'NI')][string] $NewNodeInterface,
        [Parameter(ParameterSetName = 'NonPipeline', Mandatory = $true)][Alias('Interface', 'IN', 'I')][string] $InterfaceName,
        [Parameter(ParameterSetName = 'NonPipeline')][Alias('Host', 'HN', 'H')][string] $HostName,
        [Parameter(ParameterSetName = 'Pipeline', Mandatory = $true, ValueFromPipeline = $true)] $InputObject,
        [Alias('F')][switch] $Force
    )
    begin { Get-ExTopoCallerPreference -Cmdlet $PSCmdlet -SessionState $ExecutionContext.SessionState }
    process {
        Assert-ExTopoNlbForce $PSCmdlet ([bool]$Force) 'Add-NlbClusterNode'
        Invoke-ExTopoDouble -Cmdlet $PSCmdlet -Command 'Add-NlbClusterNode' -Parameters $PSBoundParameters
    }
}

function Start-NlbClusterNode {
    # Start-NlbClusterNode [[-HostName] <String>] [-InterfaceName <String>]; -InputObject <Node[]>.
    [CmdletBinding(DefaultParameterSetName = 'NonPipeline')]
    param(
        [Parameter(ParameterSetName = 'NonPipeline', Position = 0)][Alias('Host', 'HN', 'H')][string] $HostName,
        [Parameter(ParameterSetName = 'NonPipeline')][Alias('Interface', 'IN', 'I')][string] $InterfaceName,
        [Parameter(ParameterSetName = 'Pipeline', Mandatory = $true, ValueFromPipeline = $true)] $InputObject
    )
    begin { Get-ExTopoCallerPreference -Cmdlet $PSCmdlet -SessionState $ExecutionContext.SessionState }
    process { Invoke-ExTopoDouble -Cmdlet $PSCmdlet -Command 'Start-NlbClusterNode' -Parameters $PSBoundParameters }
}

function Stop-NlbClusterNode {
    # Stop-NlbClusterNode [[-HostName] <String>] [-Drain] [-InterfaceName <String>] [-Timeout <UInt32>];
    # -InputObject <Node[]> [-Drain] [-Timeout].
    [CmdletBinding(DefaultParameterSetName = 'NonPipeline')]
    param(
        [Parameter(ParameterSetName = 'NonPipeline', Position = 0)][Alias('Host', 'HN', 'H')][string] $HostName,
        [Parameter(ParameterSetName = 'NonPipeline')][Alias('Interface', 'IN', 'I')][string] $InterfaceName,
        [Parameter(ParameterSetName = 'Pipeline', Mandatory = $true, ValueFromPipeline = $true)] $InputObject,
        [Alias('D')][switch] $Drain,
        [Alias('T')][uint32] $Timeout
    )
    begin { Get-ExTopoCallerPreference -Cmdlet $PSCmdlet -SessionState $ExecutionContext.SessionState }
    process { Invoke-ExTopoDouble -Cmdlet $PSCmdlet -Command 'Stop-NlbClusterNode' -Parameters $PSBoundParameters }
}

function Get-NlbClusterPortRule {
    # Get-NlbClusterPortRule [[-Port] <UInt32>] [-HostName <String>] [-InterfaceName <String>] [-IP <IPAddress>]
    # [-NodeName <String>]; [[-Port]] -InputObject <PSObject[]> [-IP] (a cluster or a node).
    [CmdletBinding(DefaultParameterSetName = 'NonPipeline')]
    param(
        [Parameter(Position = 0)][uint32] $Port,
        [Parameter(ParameterSetName = 'NonPipeline')][Alias('Host', 'HN', 'H')][string] $HostName,
        [Parameter(ParameterSetName = 'NonPipeline')][Alias('Interface', 'IN', 'I')][string] $InterfaceName,
        [Parameter(ParameterSetName = 'NonPipeline')][Alias('NN')][string] $NodeName,
        [Alias('IPAddress')][System.Net.IPAddress] $IP,
        [Parameter(ParameterSetName = 'Pipeline', Mandatory = $true, ValueFromPipeline = $true)] $InputObject
    )
    process { Invoke-ExTopoDouble -Cmdlet $PSCmdlet -Command 'Get-NlbClusterPortRule' -Parameters $PSBoundParameters }
}

function Add-NlbClusterPortRule {
    # Add-NlbClusterPortRule [-StartPort] <Int32> [-EndPort] <Int32> -InterfaceName <String> [-HostName <String>]
    # [-IP <IPAddress>] [-Protocol {Both | Tcp | Udp}] [-Mode {Disabled | Multiple | Single}] [-Affinity {Network |
    # None | Single}] [-Timeout <UInt32>]; -InputObject <Cluster[]> (pipeline).
    [CmdletBinding(DefaultParameterSetName = 'NonPipeline')]
    param(
        [Parameter(Mandatory = $true, Position = 0)][Alias('Start', 'SP')][int] $StartPort,
        [Parameter(Mandatory = $true, Position = 1)][Alias('End', 'EP')][int] $EndPort,
        [Parameter(ParameterSetName = 'NonPipeline', Mandatory = $true)][Alias('Interface', 'IN', 'I')][string] $InterfaceName,
        [Parameter(ParameterSetName = 'NonPipeline')][Alias('Host', 'HN', 'H')][string] $HostName,
        [Parameter(ParameterSetName = 'Pipeline', Mandatory = $true, ValueFromPipeline = $true)] $InputObject,
        [System.Net.IPAddress] $IP,
        [Alias('Pr')][ValidateSet('Both', 'Tcp', 'Udp')][string] $Protocol = 'Both',
        [Alias('M')][ValidateSet('Disabled', 'Multiple', 'Single')][string] $Mode = 'Multiple',
        [Alias('A')][ValidateSet('Network', 'None', 'Single')][string] $Affinity = 'Single',
        [Alias('T')][uint32] $Timeout
    )
    begin { Get-ExTopoCallerPreference -Cmdlet $PSCmdlet -SessionState $ExecutionContext.SessionState }
    process {
        $parameters = @{} + $PSBoundParameters
        $parameters.Protocol = $Protocol
        $parameters.Mode = $Mode
        $parameters.Affinity = $Affinity
        Invoke-ExTopoDouble -Cmdlet $PSCmdlet -Command 'Add-NlbClusterPortRule' -Parameters $parameters
    }
}

function Remove-NlbClusterPortRule {
    # Remove-NlbClusterPortRule [[-Port] <UInt32>] -InterfaceName <String> -IP <IPAddress> [-HostName <String>]
    # [-Force] [-PassThru]; -InputObject <PortRule[]> [-Force] [-PassThru].
    [CmdletBinding(DefaultParameterSetName = 'NonPipeline')]
    param(
        [Parameter(ParameterSetName = 'NonPipeline', Position = 0)][uint32] $Port,
        [Parameter(ParameterSetName = 'NonPipeline', Mandatory = $true)][Alias('Interface', 'IN', 'I')][string] $InterfaceName,
        [Parameter(ParameterSetName = 'NonPipeline', Mandatory = $true)][System.Net.IPAddress] $IP,
        [Parameter(ParameterSetName = 'NonPipeline')][Alias('Host', 'HN', 'H')][string] $HostName,
        [Parameter(ParameterSetName = 'Pipeline', Mandatory = $true, ValueFromPipeline = $true)] $InputObject,
        [Alias('F')][switch] $Force,
        [Alias('Pass')][switch] $PassThru
    )
    begin { Get-ExTopoCallerPreference -Cmdlet $PSCmdlet -SessionState $ExecutionContext.SessionState }
    process {
        Assert-ExTopoNlbForce $PSCmdlet ([bool]$Force) 'Remove-NlbClusterPortRule'
        Invoke-ExTopoDouble -Cmdlet $PSCmdlet -Command 'Remove-NlbClusterPortRule' -Parameters $PSBoundParameters
    }
}

function Set-NlbClusterPortRule {
    # Set-NlbClusterPortRule [[-Port] <UInt32>] [-HostName] [-InterfaceName] [-IP] [-NewIP] [-NewStartPort]
    # [-NewEndPort] [-NewProtocol] [-NewMode] [-NewAffinity] [-NewTimeout]; -InputObject <PortRule[]> [-New...].
    [CmdletBinding(DefaultParameterSetName = 'NonPipeline')]
    param(
        [Parameter(ParameterSetName = 'NonPipeline', Position = 0)][uint32] $Port,
        [Parameter(ParameterSetName = 'NonPipeline')][Alias('Host', 'HN', 'H')][string] $HostName,
        [Parameter(ParameterSetName = 'NonPipeline')][Alias('Interface', 'IN', 'I')][string] $InterfaceName,
        [Parameter(ParameterSetName = 'NonPipeline')][System.Net.IPAddress] $IP,
        [Parameter(ParameterSetName = 'Pipeline', Mandatory = $true, ValueFromPipeline = $true)] $InputObject,
        [System.Net.IPAddress] $NewIP,
        [int] $NewStartPort,
        [int] $NewEndPort,
        [ValidateSet('Both', 'Tcp', 'Udp')][string] $NewProtocol,
        [ValidateSet('Disabled', 'Multiple', 'Single')][string] $NewMode,
        [ValidateSet('Network', 'None', 'Single')][string] $NewAffinity,
        [uint32] $NewTimeout
    )
    begin { Get-ExTopoCallerPreference -Cmdlet $PSCmdlet -SessionState $ExecutionContext.SessionState }
    process { Invoke-ExTopoDouble -Cmdlet $PSCmdlet -Command 'Set-NlbClusterPortRule' -Parameters $PSBoundParameters }
}

function Set-NlbClusterPortRuleNodeWeight {
    # Set-NlbClusterPortRuleNodeWeight [-Port] <UInt32> -InterfaceName <String> -IP <IPAddress> [-HostName <String>]
    # [-Equal] [-LoadWeight <Int32>]; -InputObject <PortRule[]> [-Equal] [-LoadWeight].
    [CmdletBinding(DefaultParameterSetName = 'NonPipeline')]
    param(
        [Parameter(ParameterSetName = 'NonPipeline', Mandatory = $true, Position = 0)][uint32] $Port,
        [Parameter(ParameterSetName = 'NonPipeline', Mandatory = $true)][Alias('Interface', 'IN', 'I')][string] $InterfaceName,
        [Parameter(ParameterSetName = 'NonPipeline', Mandatory = $true)][System.Net.IPAddress] $IP,
        [Parameter(ParameterSetName = 'NonPipeline')][Alias('Host', 'HN', 'H')][string] $HostName,
        [Parameter(ParameterSetName = 'Pipeline', Mandatory = $true, ValueFromPipeline = $true)] $InputObject,
        [Alias('E')][switch] $Equal,
        [Alias('L')][int] $LoadWeight
    )
    begin { Get-ExTopoCallerPreference -Cmdlet $PSCmdlet -SessionState $ExecutionContext.SessionState }
    process { Invoke-ExTopoDouble -Cmdlet $PSCmdlet -Command 'Set-NlbClusterPortRuleNodeWeight' -Parameters $PSBoundParameters }
}

function Get-NlbClusterNodeNetworkInterface {
    # Get-NlbClusterNodeNetworkInterface [[-InterfaceName] <String>] [-HostName <String>]
    [CmdletBinding()]
    param([Parameter(Position = 0)][Alias('Interface', 'IN', 'I')][string] $InterfaceName, [Alias('Host', 'HN', 'H')][string] $HostName)
    Invoke-ExTopoDouble -Cmdlet $PSCmdlet -Command 'Get-NlbClusterNodeNetworkInterface' -Parameters $PSBoundParameters
}

Export-ModuleMember -Function Get-NlbCluster, New-NlbCluster, Get-NlbClusterNode, Set-NlbClusterNode, Add-NlbClusterNode, Start-NlbClusterNode, Stop-NlbClusterNode, Get-NlbClusterPortRule, Add-NlbClusterPortRule, Remove-NlbClusterPortRule, Set-NlbClusterPortRule, Set-NlbClusterPortRuleNodeWeight, Get-NlbClusterNodeNetworkInterface
