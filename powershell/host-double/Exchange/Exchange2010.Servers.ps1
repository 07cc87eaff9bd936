# ExTopo host double - Exchange 2010 SP3: servers, the organization and Client Access arrays.
# Dot-sourced by ExTopo.Exchange2010.psm1; every function is an advanced function with the documented signature.

# Source: https://learn.microsoft.com/powershell/module/exchange/get-exchangeserver (Exchange Server 2010 SP3 parameters)
function Get-ExchangeServer {
    [CmdletBinding(DefaultParameterSetName = 'Identity')]
    param(
        [Parameter(ParameterSetName = 'Identity', Position = 0, ValueFromPipeline = $true)][object] $Identity,
        [Parameter(ParameterSetName = 'Domain', Mandatory = $true)][object] $Domain,
        [object] $DomainController,
        [switch] $Status
    )
    begin { Reset-ExTopoRemotePreference $PSBoundParameters }
    process { Invoke-ExTopoDouble -Cmdlet $PSCmdlet -Command 'Get-ExchangeServer' -Parameters $PSBoundParameters }
}

# Source: https://learn.microsoft.com/powershell/module/exchange/set-exchangeserver (Exchange Server 2010 SP3 parameters)
function Set-ExchangeServer {
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    param(
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipeline = $true)][object] $Identity,
        [bool] $CustomerFeedbackEnabled,
        [object] $DomainController,
        [bool] $ErrorReportingEnabled,
        [object] $InternetWebProxy,
        [object] $ProductKey,
        [string] $StaticConfigDomainController,
        [object[]] $StaticDomainControllers,
        [object[]] $StaticExcludedDomainControllers,
        [object[]] $StaticGlobalCatalogs
    )
    begin { Reset-ExTopoRemotePreference $PSBoundParameters }
    process { if ($PSCmdlet.ShouldProcess((Get-ExTopoTarget $PSBoundParameters), 'Set-ExchangeServer')) { Invoke-ExTopoDouble -Cmdlet $PSCmdlet -Command 'Set-ExchangeServer' -Parameters $PSBoundParameters } }
}

# Source: https://learn.microsoft.com/powershell/module/exchange/get-mailboxserver (Exchange Server 2010 SP3 parameters)
function Get-MailboxServer {
    [CmdletBinding()]
    param(
        [Parameter(Position = 0, ValueFromPipeline = $true)][object] $Identity,
        [object] $DomainController,
        [switch] $Status
    )
    begin { Reset-ExTopoRemotePreference $PSBoundParameters }
    process { Invoke-ExTopoDouble -Cmdlet $PSCmdlet -Command 'Get-MailboxServer' -Parameters $PSBoundParameters }
}

# Source: https://learn.microsoft.com/powershell/module/exchange/set-mailboxserver (Exchange Server 2010 SP3 parameters)
function Set-MailboxServer {
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    param(
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipeline = $true)][object] $Identity,
        [object] $AutoDatabaseMountDial,
        [int] $CalendarRepairIntervalEndWindow,
        [object] $CalendarRepairLogDirectorySizeLimit,
        [bool] $CalendarRepairLogEnabled,
        [object] $CalendarRepairLogFileAgeLimit,
        [object] $CalendarRepairLogPath,
        [bool] $CalendarRepairLogSubjectLoggingEnabled,
        [bool] $CalendarRepairMissingItemFixDisabled,
        [object] $CalendarRepairMode,
        [object] $CalendarRepairWorkCycle,
        [object] $CalendarRepairWorkCycleCheckpoint,
        [bool] $DatabaseCopyActivationDisabledAndMoveNow,
        [object] $DatabaseCopyAutoActivationPolicy,
        [object] $DomainController,
        [bool] $FolderLogForManagedFoldersEnabled,
        [bool] $ForceGroupMetricsGeneration,
        [bool] $IsExcludedFromProvisioning,
        [bool] $JournalingLogForManagedFoldersEnabled,
        [object[]] $Locale,
        [object] $LogDirectorySizeLimitForManagedFolders,
        [object] $LogFileAgeLimitForManagedFolders,
        [object] $LogFileSizeLimitForManagedFolders,
        [object] $LogPathForManagedFolders,
        [object[]] $ManagedFolderAssistantSchedule,
        [object] $ManagedFolderWorkCycle,
        [object] $ManagedFolderWorkCycleCheckpoint,
        [bool] $MAPIEncryptionRequired,
        [object] $MaximumActiveDatabases,
        [bool] $MessageTrackingLogEnabled,
        [object] $MessageTrackingLogMaxAge,
        [object] $MessageTrackingLogMaxDirectorySize,
        [object] $MessageTrackingLogMaxFileSize,
        [object] $MessageTrackingLogPath,
        [bool] $MessageTrackingLogSubjectLoggingEnabled,
        [object] $MigrationLogFilePath,
        [object] $MigrationLogLoggingLevel,
        [object] $MigrationLogMaxAge,
        [object] $MigrationLogMaxDirectorySize,
        [object] $MigrationLogMaxFileSize,
        [bool] $RetentionLogForManagedFoldersEnabled,
        [object[]] $SharingPolicySchedule,
        [bool] $SubjectLogForManagedFoldersEnabled,
        [object[]] $SubmissionServerOverrideList
    )
    begin { Reset-ExTopoRemotePreference $PSBoundParameters }
    process { if ($PSCmdlet.ShouldProcess((Get-ExTopoTarget $PSBoundParameters), 'Set-MailboxServer')) { Invoke-ExTopoDouble -Cmdlet $PSCmdlet -Command 'Set-MailboxServer' -Parameters $PSBoundParameters } }
}

# Source: https://learn.microsoft.com/powershell/module/exchange/get-clientaccessserver (Exchange Server 2010 SP3 parameters)
function Get-ClientAccessServer {
    [CmdletBinding()]
    param(
        [Parameter(Position = 0, ValueFromPipeline = $true)][object] $Identity,
        [object] $DomainController,
        [switch] $IncludeAlternateServiceAccountCredentialPassword,
        [switch] $IncludeAlternateServiceAccountCredentialStatus,
        [switch] $Status
    )
    begin { Reset-ExTopoRemotePreference $PSBoundParameters }
    process { Invoke-ExTopoDouble -Cmdlet $PSCmdlet -Command 'Get-ClientAccessServer' -Parameters $PSBoundParameters }
}

# Source: https://learn.microsoft.com/powershell/module/exchange/set-clientaccessserver (Exchange Server 2010 SP3 parameters)
function Set-ClientAccessServer {
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    param(
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipeline = $true)][object] $Identity,
        [object[]] $AlternateServiceAccountCredential,
        [object] $AutoDiscoverServiceInternalUri,
        [object[]] $AutoDiscoverSiteScope,
        [switch] $CleanUpInvalidAlternateServiceAccountCredentials,
        [object] $DomainController,
        [bool] $IrmLogEnabled,
        [object] $IrmLogMaxAge,
        [object] $IrmLogMaxDirectorySize,
        [object] $IrmLogMaxFileSize,
        [object] $IrmLogPath,
        [switch] $RemoveAlternateServiceAccountCredentials
    )
    begin { Reset-ExTopoRemotePreference $PSBoundParameters }
    process { if ($PSCmdlet.ShouldProcess((Get-ExTopoTarget $PSBoundParameters), 'Set-ClientAccessServer')) { Invoke-ExTopoDouble -Cmdlet $PSCmdlet -Command 'Set-ClientAccessServer' -Parameters $PSBoundParameters } }
}

# Source: https://learn.microsoft.com/powershell/module/exchange/get-organizationconfig (Exchange Server 2010 SP3 parameters)
function Get-OrganizationConfig {
    [CmdletBinding()]
    param(
        [Parameter(Position = 0, ValueFromPipeline = $true)][object] $Identity,
        [object] $DomainController
    )
    begin { Reset-ExTopoRemotePreference $PSBoundParameters }
    process { Invoke-ExTopoDouble -Cmdlet $PSCmdlet -Command 'Get-OrganizationConfig' -Parameters $PSBoundParameters }
}

# Source: https://learn.microsoft.com/powershell/module/exchange/get-clientaccessarray (Exchange Server 2010 SP3 parameters)
function Get-ClientAccessArray {
    [CmdletBinding()]
    param(
        [Parameter(Position = 0, ValueFromPipeline = $true)][object] $Identity,
        [object] $DomainController,
        [object] $Site
    )
    begin { Reset-ExTopoRemotePreference $PSBoundParameters }
    process { Invoke-ExTopoDouble -Cmdlet $PSCmdlet -Command 'Get-ClientAccessArray' -Parameters $PSBoundParameters }
}

# Source: https://learn.microsoft.com/powershell/module/exchange/new-clientaccessarray (Exchange Server 2010 SP3 parameters)
function New-ClientAccessArray {
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    param(
        [Parameter(Position = 0)][string] $Name,
        [Parameter(Mandatory = $true)][object] $Fqdn,
        [Parameter(Mandatory = $true)][object] $Site,
        [object] $DomainController
    )
    begin { Reset-ExTopoRemotePreference $PSBoundParameters }
    process { if ($PSCmdlet.ShouldProcess((Get-ExTopoTarget $PSBoundParameters), 'New-ClientAccessArray')) { Invoke-ExTopoDouble -Cmdlet $PSCmdlet -Command 'New-ClientAccessArray' -Parameters $PSBoundParameters } }
}

# Source: https://learn.microsoft.com/powershell/module/exchange/set-clientaccessarray (Exchange Server 2010 SP3 parameters)
function Set-ClientAccessArray {
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    param(
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipeline = $true)][object] $Identity,
        [object] $DomainController,
        [object] $Fqdn,
        [string] $Name,
        [object] $Site
    )
    begin { Reset-ExTopoRemotePreference $PSBoundParameters }
    process { if ($PSCmdlet.ShouldProcess((Get-ExTopoTarget $PSBoundParameters), 'Set-ClientAccessArray')) { Invoke-ExTopoDouble -Cmdlet $PSCmdlet -Command 'Set-ClientAccessArray' -Parameters $PSBoundParameters } }
}

# Source: https://learn.microsoft.com/powershell/module/exchange/remove-clientaccessarray (Exchange Server 2010 SP3 parameters)
function Remove-ClientAccessArray {
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'High')]
    param(
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipeline = $true)][object] $Identity,
        [object] $DomainController
    )
    begin { Reset-ExTopoRemotePreference $PSBoundParameters }
    process { if ($PSCmdlet.ShouldProcess((Get-ExTopoTarget $PSBoundParameters), 'Remove-ClientAccessArray')) { Invoke-ExTopoDouble -Cmdlet $PSCmdlet -Command 'Remove-ClientAccessArray' -Parameters $PSBoundParameters } }
}
