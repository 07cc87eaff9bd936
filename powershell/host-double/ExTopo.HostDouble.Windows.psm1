# ExTopo host double - Windows Server 2008 R2 / 2012 R2 (placeholder, being written).
function Get-WmiObject {
    [CmdletBinding()]
    param([Parameter(Mandatory = $true, Position = 0)][Alias('ClassName')][string] $Class, [string] $Filter, [string] $ComputerName, [string] $Namespace)
    Invoke-ExTopoDouble -Cmdlet $PSCmdlet -Command 'Get-WmiObject' -Parameters $PSBoundParameters
}
