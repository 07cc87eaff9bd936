# ExTopo host double - Exchange 2010 SP3.
#
# The cmdlets of the Exchange Management Shell of an Exchange 2010 SP3 server, as advanced functions with the
# documented signatures (parameter names, parameter sets, Mandatory, Position, pipeline input of -Identity, switch vs
# value, SupportsShouldProcess and ConfirmImpact), each with the reference page it follows. What they do is decided by
# the rehearsal lab's world (main/lab/double/exchange*.ts) through ExTopo.HostDouble.Core.
#
# The ExTopo rehearsal imports this file as a MODULE with -Global, as implicit remoting (Import-PSSession) does on a
# real host, and it behaves like those imported commands:
# - The caller's preference variables do NOT reach the command (PowerShell issues #4568, #19063): $WhatIfPreference,
#   $ConfirmPreference, $ErrorActionPreference and $WarningPreference of the script are ignored, even global ones
#   (the real command runs in the server's runspace with default preferences). Only -WhatIf, -Confirm, -ErrorAction,
#   -WarningAction given on the command itself count. So `$WhatIfPreference = $true; New-ClientAccessArray ...`
#   CHANGES the organization, and `New-ClientAccessArray ... -WhatIf:$true` does not.
# - Errors are non-terminating (written to the caller's error stream) unless the command gets -ErrorAction Stop: the
#   caller's $ErrorActionPreference = 'Stop' does not make them stop the script, and try/catch does not see them.
# - Commands with a confirmation (ConfirmImpact High: Remove-*, Dismount-Database, ...) ask unless -Confirm:$false; a
#   non-interactive shell cannot answer and fails.

Set-StrictMode -Version 2.0

function Reset-ExTopoRemotePreference {
    <#
    .SYNOPSIS
        Gives the calling double cmdlet the preferences of a fresh remote runspace, except what its own common
        parameters say: the caller's preference variables never reach an implicitly remoted command.
    #>
    param($Bound)
    if (-not $Bound.ContainsKey('WhatIf')) { Set-Variable -Name WhatIfPreference -Value $false -Scope 1 -WhatIf:$false -Confirm:$false }
    if (-not $Bound.ContainsKey('Confirm')) { Set-Variable -Name ConfirmPreference -Value ([System.Management.Automation.ConfirmImpact]::High) -Scope 1 -WhatIf:$false -Confirm:$false }
    if (-not $Bound.ContainsKey('ErrorAction')) { Set-Variable -Name ErrorActionPreference -Value ([System.Management.Automation.ActionPreference]::Continue) -Scope 1 -WhatIf:$false -Confirm:$false }
    if (-not $Bound.ContainsKey('WarningAction')) { Set-Variable -Name WarningPreference -Value ([System.Management.Automation.ActionPreference]::Continue) -Scope 1 -WhatIf:$false -Confirm:$false }
    if (-not $Bound.ContainsKey('Verbose')) { Set-Variable -Name VerbosePreference -Value ([System.Management.Automation.ActionPreference]::SilentlyContinue) -Scope 1 -WhatIf:$false -Confirm:$false }
}

function Get-ExTopoTarget {
    <# .SYNOPSIS The object a command acts on, for its ShouldProcess ("What if:") line. #>
    param($Bound)
    foreach ($name in @('Identity', 'Name', 'Thumbprint', 'Server', 'Fqdn')) {
        if ($Bound.ContainsKey($name) -and $null -ne $Bound[$name]) {
            $value = $Bound[$name]
            if ($value -is [psobject] -and $value.PSObject.Properties['Identity']) { return [string]$value.Identity }
            return [string]$value
        }
    }
    return [string](Get-ExTopoDoubleHost)
}

function New-ExTopoStringOutput {
    <#
    .SYNOPSIS
        A stand-in for $PSCmdlet that outputs the endpoint's System.String objects as plain strings (a cmdlet that
        returns text, such as New-ExchangeCertificate -GenerateRequest).
    #>
    param([Parameter(Mandatory = $true)] $Cmdlet)
    $shim = New-Object -TypeName psobject -Property @{ Inner = $Cmdlet }
    $shim | Add-Member -MemberType ScriptMethod -Name WriteObject -Value {
        param($Item)
        if ($Item -is [psobject] -and $Item.PSObject.Properties['__type'] -and [string]$Item.__type -eq 'System.String') { $this.Inner.WriteObject([string]$Item.Value) }
        else { $this.Inner.WriteObject($Item) }
    }
    $shim | Add-Member -MemberType ScriptMethod -Name WriteWarning -Value { param($Text) $this.Inner.WriteWarning($Text) }
    $shim | Add-Member -MemberType ScriptMethod -Name WriteError -Value { param($Record) $this.Inner.WriteError($Record) }
    $shim | Add-Member -MemberType ScriptMethod -Name ThrowTerminatingError -Value { param($Record) $this.Inner.ThrowTerminatingError($Record) }
    $shim
}

. (Join-Path -Path $PSScriptRoot -ChildPath 'Exchange2010.Servers.ps1')
. (Join-Path -Path $PSScriptRoot -ChildPath 'Exchange2010.Databases.ps1')
. (Join-Path -Path $PSScriptRoot -ChildPath 'Exchange2010.Namespace.ps1')
. (Join-Path -Path $PSScriptRoot -ChildPath 'Exchange2010.MailFlow.ps1')

# Objects a script may call methods on: ToString gives what the real object's ToString gives.
Register-ExTopoDoubleType -TypeName 'Microsoft.Exchange.Management.SystemConfigurationTasks.DatabaseCopyStatusEntry' -Decorate {
    param($Item)
    $Item | Add-Member -MemberType ScriptMethod -Name ToString -Value { [string]$this.Name } -Force
}
foreach ($typeName in @(
        'Microsoft.Exchange.Data.Directory.Management.ExchangeServer',
        'Microsoft.Exchange.Data.Directory.Management.MailboxServer',
        'Microsoft.Exchange.Data.Directory.Management.ClientAccessServer',
        'Microsoft.Exchange.Data.Directory.SystemConfiguration.ClientAccessArray',
        'Microsoft.Exchange.Data.Directory.SystemConfiguration.MailboxDatabase',
        'Microsoft.Exchange.Data.Directory.SystemConfiguration.DatabaseAvailabilityGroup',
        'Microsoft.Exchange.Management.SystemConfigurationTasks.DatabaseAvailabilityGroupNetwork')) {
    Register-ExTopoDoubleType -TypeName $typeName -Decorate {
        param($Item)
        $Item | Add-Member -MemberType ScriptMethod -Name ToString -Value { [string]$this.Identity } -Force
    }
}

Export-ModuleMember -Function @(
    'Get-ExchangeServer', 'Set-ExchangeServer', 'Get-MailboxServer', 'Set-MailboxServer', 'Get-ClientAccessServer', 'Set-ClientAccessServer',
    'Get-OrganizationConfig', 'Get-ClientAccessArray', 'New-ClientAccessArray', 'Set-ClientAccessArray', 'Remove-ClientAccessArray',
    'Get-MailboxDatabase', 'New-MailboxDatabase', 'Set-MailboxDatabase', 'Remove-MailboxDatabase', 'Mount-Database', 'Dismount-Database',
    'Move-DatabasePath', 'Get-Mailbox', 'New-MoveRequest',
    'Add-MailboxDatabaseCopy', 'Set-MailboxDatabaseCopy', 'Suspend-MailboxDatabaseCopy', 'Resume-MailboxDatabaseCopy', 'Update-MailboxDatabaseCopy',
    'Get-MailboxDatabaseCopyStatus', 'Get-DatabaseAvailabilityGroup', 'New-DatabaseAvailabilityGroup', 'Set-DatabaseAvailabilityGroup',
    'Add-DatabaseAvailabilityGroupServer', 'Get-DatabaseAvailabilityGroupNetwork', 'New-DatabaseAvailabilityGroupNetwork',
    'Set-DatabaseAvailabilityGroupNetwork', 'Test-ReplicationHealth', 'Test-MAPIConnectivity',
    'Get-OwaVirtualDirectory', 'Set-OwaVirtualDirectory', 'Get-EcpVirtualDirectory', 'Set-EcpVirtualDirectory',
    'Get-WebServicesVirtualDirectory', 'Set-WebServicesVirtualDirectory', 'Get-OabVirtualDirectory', 'Set-OabVirtualDirectory',
    'Get-ActiveSyncVirtualDirectory', 'Set-ActiveSyncVirtualDirectory', 'Get-OutlookAnywhere', 'Enable-OutlookAnywhere', 'Set-OutlookAnywhere',
    'Get-ExchangeCertificate', 'New-ExchangeCertificate', 'Import-ExchangeCertificate', 'Export-ExchangeCertificate', 'Enable-ExchangeCertificate',
    'Get-AcceptedDomain', 'New-AcceptedDomain', 'Set-AcceptedDomain', 'Get-EmailAddressPolicy', 'Set-EmailAddressPolicy', 'Update-EmailAddressPolicy',
    'Get-SendConnector', 'New-SendConnector', 'Set-SendConnector', 'Get-ReceiveConnector', 'Set-ReceiveConnector',
    'New-EdgeSubscription', 'Get-EdgeSubscription', 'Start-EdgeSynchronization', 'Test-EdgeSynchronization',
    'Get-PopSettings', 'Set-PopSettings', 'Get-ImapSettings', 'Set-ImapSettings')
