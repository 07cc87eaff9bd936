# ExTopo host double - Exchange 2010 SP3: mailbox databases, copies, database availability groups, replication tests.
# Dot-sourced by ExTopo.Exchange2010.psm1; every function is an advanced function with the documented signature.

# Source: https://learn.microsoft.com/powershell/module/exchange/get-mailboxdatabase (Exchange Server 2010 SP3 parameters)
function Get-MailboxDatabase {
    [CmdletBinding(DefaultParameterSetName = 'Identity')]
    param(
        [Parameter(ParameterSetName = 'Identity', Position = 0, ValueFromPipeline = $true)][object] $Identity,
        [Parameter(ParameterSetName = 'Server', Mandatory = $true)][object] $Server,
        [object] $DomainController,
        [switch] $DumpsterStatistics,
        [switch] $IncludePreExchange2010,
        [switch] $Status
    )
    begin { Reset-ExTopoRemotePreference $PSBoundParameters }
    process { Invoke-ExTopoDouble -Cmdlet $PSCmdlet -Command 'Get-MailboxDatabase' -Parameters $PSBoundParameters }
}

# Source: https://learn.microsoft.com/powershell/module/exchange/new-mailboxdatabase (Exchange Server 2010 SP3 parameters)
function New-MailboxDatabase {
    [CmdletBinding(DefaultParameterSetName = 'NonRecovery', SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    param(
        [Parameter(ParameterSetName = 'NonRecovery', Mandatory = $true, Position = 0)][Parameter(ParameterSetName = 'Recovery', Position = 0)][string] $Name,
        [Parameter(Mandatory = $true)][object] $Server,
        [Parameter(ParameterSetName = 'Recovery', Mandatory = $true)][switch] $Recovery,
        [Parameter(ParameterSetName = 'NonRecovery')][object] $OfflineAddressBook,
        [Parameter(ParameterSetName = 'NonRecovery')][object] $PublicFolderDatabase,
        [Parameter(ParameterSetName = 'NonRecovery')][bool] $IsExcludedFromProvisioning,
        [Parameter(ParameterSetName = 'NonRecovery')][bool] $IsSuspendedFromProvisioning,
        [object] $DomainController,
        [object] $EdbFilePath,
        [object] $LogFolderPath
    )
    begin { Reset-ExTopoRemotePreference $PSBoundParameters }
    process { if ($PSCmdlet.ShouldProcess((Get-ExTopoTarget $PSBoundParameters), 'New-MailboxDatabase')) { Invoke-ExTopoDouble -Cmdlet $PSCmdlet -Command 'New-MailboxDatabase' -Parameters $PSBoundParameters } }
}

# Source: https://learn.microsoft.com/powershell/module/exchange/set-mailboxdatabase (Exchange Server 2010 SP3 parameters)
function Set-MailboxDatabase {
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    param(
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipeline = $true)][object] $Identity,
        [bool] $AllowFileRestore,
        [bool] $BackgroundDatabaseMaintenance,
        [object] $CalendarLoggingQuota,
        [bool] $CircularLoggingEnabled,
        [object] $DataMoveReplicationConstraint,
        [object] $DeletedItemRetention,
        [object] $DomainController,
        [object] $EventHistoryRetentionPeriod,
        [bool] $IndexEnabled,
        [bool] $IsExcludedFromProvisioning,
        [bool] $IsSuspendedFromProvisioning,
        [object] $IssueWarningQuota,
        [object] $JournalRecipient,
        [object] $MailboxRetention,
        [object[]] $MaintenanceSchedule,
        [bool] $MountAtStartup,
        [string] $Name,
        [object] $OfflineAddressBook,
        [object] $ProhibitSendQuota,
        [object] $ProhibitSendReceiveQuota,
        [object] $PublicFolderDatabase,
        [object[]] $QuotaNotificationSchedule,
        [object] $RecoverableItemsQuota,
        [object] $RecoverableItemsWarningQuota,
        [bool] $RetainDeletedItemsUntilBackup,
        [object] $RpcClientAccessServer
    )
    begin { Reset-ExTopoRemotePreference $PSBoundParameters }
    process { if ($PSCmdlet.ShouldProcess((Get-ExTopoTarget $PSBoundParameters), 'Set-MailboxDatabase')) { Invoke-ExTopoDouble -Cmdlet $PSCmdlet -Command 'Set-MailboxDatabase' -Parameters $PSBoundParameters } }
}

# Source: https://learn.microsoft.com/powershell/module/exchange/remove-mailboxdatabase (Exchange Server 2010 SP3 parameters)
function Remove-MailboxDatabase {
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'High')]
    param(
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipeline = $true)][object] $Identity,
        [object] $DomainController
    )
    begin { Reset-ExTopoRemotePreference $PSBoundParameters }
    process { if ($PSCmdlet.ShouldProcess((Get-ExTopoTarget $PSBoundParameters), 'Remove-MailboxDatabase')) { Invoke-ExTopoDouble -Cmdlet $PSCmdlet -Command 'Remove-MailboxDatabase' -Parameters $PSBoundParameters } }
}

# Source: https://learn.microsoft.com/powershell/module/exchange/mount-database (Exchange Server 2010 SP3 parameters)
function Mount-Database {
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    param(
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipeline = $true)][object] $Identity,
        [switch] $AcceptDataLoss,
        [object] $DomainController,
        [switch] $Force
    )
    begin { Reset-ExTopoRemotePreference $PSBoundParameters }
    process { if ($PSCmdlet.ShouldProcess((Get-ExTopoTarget $PSBoundParameters), 'Mount-Database')) { Invoke-ExTopoDouble -Cmdlet $PSCmdlet -Command 'Mount-Database' -Parameters $PSBoundParameters } }
}

# Source: https://learn.microsoft.com/powershell/module/exchange/dismount-database (Exchange Server 2010 SP3 parameters)
function Dismount-Database {
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'High')]
    param(
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipeline = $true)][object] $Identity,
        [object] $DomainController
    )
    begin { Reset-ExTopoRemotePreference $PSBoundParameters }
    process { if ($PSCmdlet.ShouldProcess((Get-ExTopoTarget $PSBoundParameters), 'Dismount-Database')) { Invoke-ExTopoDouble -Cmdlet $PSCmdlet -Command 'Dismount-Database' -Parameters $PSBoundParameters } }
}

# Source: https://learn.microsoft.com/powershell/module/exchange/add-mailboxdatabasecopy (Exchange Server 2010 SP3 parameters)
function Add-MailboxDatabaseCopy {
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    param(
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipeline = $true)][object] $Identity,
        [Parameter(Mandatory = $true, Position = 1)][object] $MailboxServer,
        [uint32] $ActivationPreference,
        [object] $DomainController,
        [object] $ReplayLagTime,
        [switch] $SeedingPostponed,
        [object] $TruncationLagTime
    )
    begin { Reset-ExTopoRemotePreference $PSBoundParameters }
    process { if ($PSCmdlet.ShouldProcess((Get-ExTopoTarget $PSBoundParameters), 'Add-MailboxDatabaseCopy')) { Invoke-ExTopoDouble -Cmdlet $PSCmdlet -Command 'Add-MailboxDatabaseCopy' -Parameters $PSBoundParameters } }
}

# Source: https://learn.microsoft.com/powershell/module/exchange/set-mailboxdatabasecopy (Exchange Server 2010 SP3 parameters)
function Set-MailboxDatabaseCopy {
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    param(
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipeline = $true)][object] $Identity,
        [uint32] $ActivationPreference,
        [object] $DomainController,
        [object] $ReplayLagTime,
        [object] $TruncationLagTime
    )
    begin { Reset-ExTopoRemotePreference $PSBoundParameters }
    process { if ($PSCmdlet.ShouldProcess((Get-ExTopoTarget $PSBoundParameters), 'Set-MailboxDatabaseCopy')) { Invoke-ExTopoDouble -Cmdlet $PSCmdlet -Command 'Set-MailboxDatabaseCopy' -Parameters $PSBoundParameters } }
}

# Source: https://learn.microsoft.com/powershell/module/exchange/suspend-mailboxdatabasecopy (Exchange Server 2010 SP3 parameters); ConfirmImpact High: it asks for confirmation unless -Confirm:$false (verify)
function Suspend-MailboxDatabaseCopy {
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'High')]
    param(
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipeline = $true)][object] $Identity,
        [switch] $ActivationOnly,
        [string] $SuspendComment,
        [object] $DomainController
    )
    begin { Reset-ExTopoRemotePreference $PSBoundParameters }
    process { if ($PSCmdlet.ShouldProcess((Get-ExTopoTarget $PSBoundParameters), 'Suspend-MailboxDatabaseCopy')) { Invoke-ExTopoDouble -Cmdlet $PSCmdlet -Command 'Suspend-MailboxDatabaseCopy' -Parameters $PSBoundParameters } }
}

# Source: https://learn.microsoft.com/powershell/module/exchange/resume-mailboxdatabasecopy (Exchange Server 2010 SP3 parameters)
function Resume-MailboxDatabaseCopy {
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    param(
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipeline = $true)][object] $Identity,
        [object] $DomainController,
        [switch] $ReplicationOnly
    )
    begin { Reset-ExTopoRemotePreference $PSBoundParameters }
    process { if ($PSCmdlet.ShouldProcess((Get-ExTopoTarget $PSBoundParameters), 'Resume-MailboxDatabaseCopy')) { Invoke-ExTopoDouble -Cmdlet $PSCmdlet -Command 'Resume-MailboxDatabaseCopy' -Parameters $PSBoundParameters } }
}

# Source: https://learn.microsoft.com/powershell/module/exchange/update-mailboxdatabasecopy (Exchange Server 2010 SP3 parameters); ConfirmImpact High: seeding asks for confirmation unless -Confirm:$false (verify)
function Update-MailboxDatabaseCopy {
    [CmdletBinding(DefaultParameterSetName = 'Identity', SupportsShouldProcess = $true, ConfirmImpact = 'High')]
    param(
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipeline = $true)][object] $Identity,
        [Parameter(ParameterSetName = 'CancelSeed', Mandatory = $true)][switch] $CancelSeed,
        [Parameter(ParameterSetName = 'Identity')][switch] $CatalogOnly,
        [Parameter(ParameterSetName = 'Identity')][switch] $DatabaseOnly,
        [Parameter(ParameterSetName = 'Identity')][switch] $DeleteExistingFiles,
        [Parameter(ParameterSetName = 'Identity')][switch] $Force,
        [Parameter(ParameterSetName = 'Identity')][switch] $ManualResume,
        [Parameter(ParameterSetName = 'Identity')][object] $Network,
        [Parameter(ParameterSetName = 'Identity')][object] $NetworkCompressionOverride,
        [Parameter(ParameterSetName = 'Identity')][object] $NetworkEncryptionOverride,
        [Parameter(ParameterSetName = 'Identity')][switch] $SafeDeleteExistingFiles,
        [Parameter(ParameterSetName = 'Identity')][object] $SourceServer,
        [object] $DomainController
    )
    begin { Reset-ExTopoRemotePreference $PSBoundParameters }
    process { if ($PSCmdlet.ShouldProcess((Get-ExTopoTarget $PSBoundParameters), 'Update-MailboxDatabaseCopy')) { Invoke-ExTopoDouble -Cmdlet $PSCmdlet -Command 'Update-MailboxDatabaseCopy' -Parameters $PSBoundParameters } }
}

# Source: https://learn.microsoft.com/powershell/module/exchange/get-mailboxdatabasecopystatus (Exchange Server 2010 SP3 parameters)
function Get-MailboxDatabaseCopyStatus {
    [CmdletBinding(DefaultParameterSetName = 'Identity')]
    param(
        [Parameter(ParameterSetName = 'Identity', Position = 0, ValueFromPipeline = $true)][object] $Identity,
        [Parameter(ParameterSetName = 'Identity')][switch] $Local,
        [Parameter(ParameterSetName = 'Server', Mandatory = $true)][object] $Server,
        [switch] $Active,
        [switch] $ConnectionStatus,
        [object] $DomainController,
        [switch] $ExtendedErrorInfo,
        [switch] $UseServerCache
    )
    begin { Reset-ExTopoRemotePreference $PSBoundParameters }
    process { Invoke-ExTopoDouble -Cmdlet $PSCmdlet -Command 'Get-MailboxDatabaseCopyStatus' -Parameters $PSBoundParameters }
}

# Source: https://learn.microsoft.com/powershell/module/exchange/get-databaseavailabilitygroup (Exchange Server 2010 SP3 parameters)
function Get-DatabaseAvailabilityGroup {
    [CmdletBinding()]
    param(
        [Parameter(Position = 0, ValueFromPipeline = $true)][object] $Identity,
        [object] $DomainController,
        [switch] $Status
    )
    begin { Reset-ExTopoRemotePreference $PSBoundParameters }
    process { Invoke-ExTopoDouble -Cmdlet $PSCmdlet -Command 'Get-DatabaseAvailabilityGroup' -Parameters $PSBoundParameters }
}

# Source: https://learn.microsoft.com/powershell/module/exchange/new-databaseavailabilitygroup (Exchange Server 2010 SP3 parameters)
function New-DatabaseAvailabilityGroup {
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    param(
        [Parameter(Mandatory = $true, Position = 0)][string] $Name,
        [object[]] $DatabaseAvailabilityGroupIpAddresses,
        [object] $DomainController,
        [object] $ThirdPartyReplication,
        [object] $WitnessDirectory,
        [object] $WitnessServer
    )
    begin { Reset-ExTopoRemotePreference $PSBoundParameters }
    process { if ($PSCmdlet.ShouldProcess((Get-ExTopoTarget $PSBoundParameters), 'New-DatabaseAvailabilityGroup')) { Invoke-ExTopoDouble -Cmdlet $PSCmdlet -Command 'New-DatabaseAvailabilityGroup' -Parameters $PSBoundParameters } }
}

# Source: https://learn.microsoft.com/powershell/module/exchange/set-databaseavailabilitygroup (Exchange Server 2010 SP3 parameters)
function Set-DatabaseAvailabilityGroup {
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    param(
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipeline = $true)][object] $Identity,
        [bool] $AllowCrossSiteRpcClientAccess,
        [object] $AlternateWitnessDirectory,
        [object] $AlternateWitnessServer,
        [object[]] $DatabaseAvailabilityGroupIpAddresses,
        [object] $DatacenterActivationMode,
        [switch] $DiscoverNetworks,
        [object] $DomainController,
        [bool] $ManualDagNetworkConfiguration,
        [object] $NetworkCompression,
        [object] $NetworkEncryption,
        [object] $ReplicationPort,
        [object] $WitnessDirectory,
        [object] $WitnessServer
    )
    begin { Reset-ExTopoRemotePreference $PSBoundParameters }
    process { if ($PSCmdlet.ShouldProcess((Get-ExTopoTarget $PSBoundParameters), 'Set-DatabaseAvailabilityGroup')) { Invoke-ExTopoDouble -Cmdlet $PSCmdlet -Command 'Set-DatabaseAvailabilityGroup' -Parameters $PSBoundParameters } }
}

# Source: https://learn.microsoft.com/powershell/module/exchange/add-databaseavailabilitygroupserver (Exchange Server 2010 SP3 parameters)
function Add-DatabaseAvailabilityGroupServer {
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    param(
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipeline = $true)][object] $Identity,
        [Parameter(Mandatory = $true)][object] $MailboxServer,
        [object] $DomainController,
        [switch] $SkipDagValidation
    )
    begin { Reset-ExTopoRemotePreference $PSBoundParameters }
    process { if ($PSCmdlet.ShouldProcess((Get-ExTopoTarget $PSBoundParameters), 'Add-DatabaseAvailabilityGroupServer')) { Invoke-ExTopoDouble -Cmdlet $PSCmdlet -Command 'Add-DatabaseAvailabilityGroupServer' -Parameters $PSBoundParameters } }
}

# Source: https://learn.microsoft.com/powershell/module/exchange/get-databaseavailabilitygroupnetwork (Exchange Server 2010 SP3 parameters)
function Get-DatabaseAvailabilityGroupNetwork {
    [CmdletBinding()]
    param(
        [Parameter(Position = 0, ValueFromPipeline = $true)][object] $Identity,
        [object] $DomainController
    )
    begin { Reset-ExTopoRemotePreference $PSBoundParameters }
    process { Invoke-ExTopoDouble -Cmdlet $PSCmdlet -Command 'Get-DatabaseAvailabilityGroupNetwork' -Parameters $PSBoundParameters }
}

# Source: https://learn.microsoft.com/powershell/module/exchange/new-databaseavailabilitygroupnetwork (Exchange Server 2010 SP3 parameters)
function New-DatabaseAvailabilityGroupNetwork {
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    param(
        [Parameter(Mandatory = $true, Position = 0)][string] $Name,
        [Parameter(Mandatory = $true)][object] $DatabaseAvailabilityGroup,
        [string] $Description,
        [object] $DomainController,
        [bool] $IgnoreNetwork,
        [bool] $ReplicationEnabled,
        [object[]] $Subnets
    )
    begin { Reset-ExTopoRemotePreference $PSBoundParameters }
    process { if ($PSCmdlet.ShouldProcess((Get-ExTopoTarget $PSBoundParameters), 'New-DatabaseAvailabilityGroupNetwork')) { Invoke-ExTopoDouble -Cmdlet $PSCmdlet -Command 'New-DatabaseAvailabilityGroupNetwork' -Parameters $PSBoundParameters } }
}

# Source: https://learn.microsoft.com/powershell/module/exchange/set-databaseavailabilitygroupnetwork (Exchange Server 2010 SP3 parameters)
function Set-DatabaseAvailabilityGroupNetwork {
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    param(
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipeline = $true)][object] $Identity,
        [string] $Description,
        [object] $DomainController,
        [bool] $IgnoreNetwork,
        [string] $Name,
        [bool] $ReplicationEnabled,
        [object[]] $Subnets
    )
    begin { Reset-ExTopoRemotePreference $PSBoundParameters }
    process { if ($PSCmdlet.ShouldProcess((Get-ExTopoTarget $PSBoundParameters), 'Set-DatabaseAvailabilityGroupNetwork')) { Invoke-ExTopoDouble -Cmdlet $PSCmdlet -Command 'Set-DatabaseAvailabilityGroupNetwork' -Parameters $PSBoundParameters } }
}

# Source: https://learn.microsoft.com/powershell/module/exchange/move-databasepath (Exchange Server 2010 SP3 parameters); it dismounts the database while the files move and asks unless -Confirm:$false (verify)
function Move-DatabasePath {
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'High')]
    param(
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipeline = $true)][object] $Identity,
        [switch] $ConfigurationOnly,
        [object] $DomainController,
        [object] $EdbFilePath,
        [switch] $Force,
        [object] $LogFolderPath
    )
    begin { Reset-ExTopoRemotePreference $PSBoundParameters }
    process { if ($PSCmdlet.ShouldProcess((Get-ExTopoTarget $PSBoundParameters), 'Move-DatabasePath')) { Invoke-ExTopoDouble -Cmdlet $PSCmdlet -Command 'Move-DatabasePath' -Parameters $PSBoundParameters } }
}

# Source: https://learn.microsoft.com/powershell/module/exchange/get-mailbox (Exchange Server 2010 SP3 parameters); the lab has only the mailboxes setup creates (arbitration and discovery search mailboxes)
function Get-Mailbox {
    [CmdletBinding(DefaultParameterSetName = 'Identity')]
    param(
        [Parameter(ParameterSetName = 'Identity', Position = 0, ValueFromPipeline = $true)][object] $Identity,
        [Parameter(ParameterSetName = 'AnrSet', Mandatory = $true)][string] $Anr,
        [Parameter(ParameterSetName = 'DatabaseSet', Mandatory = $true)][object] $Database,
        [Parameter(ParameterSetName = 'ServerSet', Mandatory = $true)][object] $Server,
        [switch] $Arbitration,
        [switch] $Archive,
        [object] $Credential,
        [object] $DomainController,
        [string] $Filter,
        [switch] $IgnoreDefaultScope,
        [object] $OrganizationalUnit,
        [switch] $ReadFromDomainController,
        [object[]] $RecipientTypeDetails,
        [switch] $RemoteArchive,
        [object] $ResultSize,
        [string] $SortBy
    )
    begin { Reset-ExTopoRemotePreference $PSBoundParameters }
    process { Invoke-ExTopoDouble -Cmdlet $PSCmdlet -Command 'Get-Mailbox' -Parameters $PSBoundParameters }
}

# Source: https://learn.microsoft.com/powershell/module/exchange/new-moverequest (Exchange Server 2010 SP3 parameters); the local move (intra-organization) parameter set only
function New-MoveRequest {
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    param(
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipeline = $true)][object] $Identity,
        [switch] $AcceptLargeDataLoss,
        [switch] $AllowLargeItems,
        [switch] $ArchiveOnly,
        [object] $ArchiveTargetDatabase,
        [object] $BadItemLimit,
        [string] $BatchName,
        [object] $DomainController,
        [switch] $IgnoreRuleLimitErrors,
        [switch] $PrimaryOnly,
        [object] $Priority,
        [switch] $Protect,
        [switch] $Suspend,
        [string] $SuspendComment,
        [switch] $SuspendWhenReadyToComplete,
        [object] $TargetDatabase
    )
    begin { Reset-ExTopoRemotePreference $PSBoundParameters }
    process { if ($PSCmdlet.ShouldProcess((Get-ExTopoTarget $PSBoundParameters), 'New-MoveRequest')) { Invoke-ExTopoDouble -Cmdlet $PSCmdlet -Command 'New-MoveRequest' -Parameters $PSBoundParameters } }
}

# Source: https://learn.microsoft.com/powershell/module/exchange/test-replicationhealth (Exchange Server 2010 SP3 parameters); a read-only test: it runs whatever -WhatIf says (verify)
function Test-ReplicationHealth {
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Low')]
    param(
        [Parameter(Position = 0, ValueFromPipeline = $true)][object] $Identity,
        [int] $ActiveDirectoryTimeout,
        [object] $DomainController,
        [bool] $MonitoringContext,
        [switch] $OutputObjects,
        [uint32] $TransientEventSuppressionWindow
    )
    begin { Reset-ExTopoRemotePreference $PSBoundParameters }
    process { Invoke-ExTopoDouble -Cmdlet $PSCmdlet -Command 'Test-ReplicationHealth' -Parameters $PSBoundParameters }
}

# Source: https://learn.microsoft.com/powershell/module/exchange/test-mapiconnectivity (Exchange Server 2010 SP3 parameters); a read-only test: it runs whatever -WhatIf says (verify)
function Test-MAPIConnectivity {
    [CmdletBinding(DefaultParameterSetName = 'Server', SupportsShouldProcess = $true, ConfirmImpact = 'Low')]
    param(
        [Parameter(ParameterSetName = 'Identity', Mandatory = $true, Position = 0, ValueFromPipeline = $true)][object] $Identity,
        [Parameter(ParameterSetName = 'Identity')][switch] $Archive,
        [Parameter(ParameterSetName = 'Database', Mandatory = $true)][object] $Database,
        [Parameter(ParameterSetName = 'Server')][object] $Server,
        [int] $ActiveDirectoryTimeout,
        [int] $AllConnectionsTimeout,
        [object] $DomainController,
        [bool] $MonitoringContext,
        [int] $PerConnectionTimeout
    )
    begin { Reset-ExTopoRemotePreference $PSBoundParameters }
    process { Invoke-ExTopoDouble -Cmdlet $PSCmdlet -Command 'Test-MAPIConnectivity' -Parameters $PSBoundParameters }
}
