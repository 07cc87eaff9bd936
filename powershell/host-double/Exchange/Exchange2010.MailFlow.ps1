# ExTopo host double - Exchange 2010 SP3: mail flow: accepted domains, e-mail address policies, send and receive
# connectors, Edge Subscriptions and EdgeSync, POP3 / IMAP4 settings. Dot-sourced by ExTopo.Exchange2010.psm1; every
# function is an advanced function with the signature of the Exchange 2010 reference (MicrosoftDocs/office-docs-
# powershell, exchange/exchange-ps/exchange/<Cmdlet>.md, parameters marked "Applicable: Exchange Server 2010"); where a
# cmdlet has many parameters, those a mail flow deployment uses and their documented neighbours, never one 2010 lacks.
# What they do is main/lab/double/exchangeMailFlow.ts.

# Source: exchange-ps Get-AcceptedDomain (Exchange Server 2010): [[-Identity] <AcceptedDomainIdParameter>] [-DomainController <Fqdn>]
function Get-AcceptedDomain {
    [CmdletBinding()]
    param(
        [Parameter(Position = 0, ValueFromPipeline = $true)][object] $Identity,
        [object] $DomainController
    )
    begin { Reset-ExTopoRemotePreference $PSBoundParameters }
    process { Invoke-ExTopoDouble -Cmdlet $PSCmdlet -Command 'Get-AcceptedDomain' -Parameters $PSBoundParameters }
}

# Source: exchange-ps New-AcceptedDomain (Exchange Server 2010): [-Name] <String> -DomainName <SmtpDomainWithSubdomains> [-DomainController] [-DomainType <Authoritative | ExternalRelay | InternalRelay>] [-Confirm] [-WhatIf]
function New-AcceptedDomain {
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    param(
        [Parameter(Mandatory = $true, Position = 0)][string] $Name,
        [Parameter(Mandatory = $true)][object] $DomainName,
        [object] $DomainController,
        [object] $DomainType
    )
    begin { Reset-ExTopoRemotePreference $PSBoundParameters }
    process { if ($PSCmdlet.ShouldProcess((Get-ExTopoTarget $PSBoundParameters), 'New-AcceptedDomain')) { Invoke-ExTopoDouble -Cmdlet $PSCmdlet -Command 'New-AcceptedDomain' -Parameters $PSBoundParameters } }
}

# Source: exchange-ps Set-AcceptedDomain (Exchange Server 2010): [-Identity] <AcceptedDomainIdParameter> [-AddressBookEnabled] [-DomainController] [-DomainType] [-MakeDefault <$true | $false>] [-Name] [-PendingRemoval] [-Confirm] [-WhatIf]
function Set-AcceptedDomain {
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    param(
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipeline = $true)][object] $Identity,
        [bool] $AddressBookEnabled,
        [object] $DomainController,
        [object] $DomainType,
        [bool] $MakeDefault,
        [string] $Name,
        [bool] $PendingRemoval
    )
    begin { Reset-ExTopoRemotePreference $PSBoundParameters }
    process { if ($PSCmdlet.ShouldProcess((Get-ExTopoTarget $PSBoundParameters), 'Set-AcceptedDomain')) { Invoke-ExTopoDouble -Cmdlet $PSCmdlet -Command 'Set-AcceptedDomain' -Parameters $PSBoundParameters } }
}

# Source: exchange-ps Get-EmailAddressPolicy (Exchange Server 2010): [[-Identity] <EmailAddressPolicyIdParameter>] [-DomainController] [-IncludeMailboxSettingOnlyPolicy]
function Get-EmailAddressPolicy {
    [CmdletBinding()]
    param(
        [Parameter(Position = 0, ValueFromPipeline = $true)][object] $Identity,
        [object] $DomainController,
        [switch] $IncludeMailboxSettingOnlyPolicy
    )
    begin { Reset-ExTopoRemotePreference $PSBoundParameters }
    process { Invoke-ExTopoDouble -Cmdlet $PSCmdlet -Command 'Get-EmailAddressPolicy' -Parameters $PSBoundParameters }
}

# Source: exchange-ps Set-EmailAddressPolicy (Exchange Server 2010); -EnabledEmailAddressTemplates can't be combined with -EnabledPrimarySMTPAddressTemplate
function Set-EmailAddressPolicy {
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    param(
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipeline = $true)][object] $Identity,
        [object] $ConditionalCompany,
        [object] $ConditionalCustomAttribute1,
        [object] $ConditionalCustomAttribute2,
        [object] $ConditionalCustomAttribute3,
        [object] $ConditionalCustomAttribute4,
        [object] $ConditionalCustomAttribute5,
        [object] $ConditionalCustomAttribute6,
        [object] $ConditionalCustomAttribute7,
        [object] $ConditionalCustomAttribute8,
        [object] $ConditionalCustomAttribute9,
        [object] $ConditionalCustomAttribute10,
        [object] $ConditionalCustomAttribute11,
        [object] $ConditionalCustomAttribute12,
        [object] $ConditionalCustomAttribute13,
        [object] $ConditionalCustomAttribute14,
        [object] $ConditionalCustomAttribute15,
        [object] $ConditionalDepartment,
        [object] $ConditionalStateOrProvince,
        [object[]] $DisabledEmailAddressTemplates,
        [object] $DomainController,
        [object[]] $EnabledEmailAddressTemplates,
        [string] $EnabledPrimarySMTPAddressTemplate,
        [switch] $ForceUpgrade,
        [object] $IncludedRecipients,
        [string] $Name,
        [object] $Priority,
        [object] $RecipientContainer,
        [string] $RecipientFilter
    )
    begin { Reset-ExTopoRemotePreference $PSBoundParameters }
    process { if ($PSCmdlet.ShouldProcess((Get-ExTopoTarget $PSBoundParameters), 'Set-EmailAddressPolicy')) { Invoke-ExTopoDouble -Cmdlet $PSCmdlet -Command 'Set-EmailAddressPolicy' -Parameters $PSBoundParameters } }
}

# Source: exchange-ps Update-EmailAddressPolicy (Exchange Server 2010): [-Identity] <EmailAddressPolicyIdParameter> [-DomainController] [-FixMissingAlias] [-Confirm] [-WhatIf] (-UpdateSecondaryAddressesOnly is 2013+)
function Update-EmailAddressPolicy {
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    param(
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipeline = $true)][object] $Identity,
        [object] $DomainController,
        [switch] $FixMissingAlias
    )
    begin { Reset-ExTopoRemotePreference $PSBoundParameters }
    process { if ($PSCmdlet.ShouldProcess((Get-ExTopoTarget $PSBoundParameters), 'Update-EmailAddressPolicy')) { Invoke-ExTopoDouble -Cmdlet $PSCmdlet -Command 'Update-EmailAddressPolicy' -Parameters $PSBoundParameters } }
}

# Source: exchange-ps Get-SendConnector (Exchange Server 2010): [[-Identity] <SendConnectorIdParameter>] [-DomainController <Fqdn>]
function Get-SendConnector {
    [CmdletBinding()]
    param(
        [Parameter(Position = 0, ValueFromPipeline = $true)][object] $Identity,
        [object] $DomainController
    )
    begin { Reset-ExTopoRemotePreference $PSBoundParameters }
    process { Invoke-ExTopoDouble -Cmdlet $PSCmdlet -Command 'Get-SendConnector' -Parameters $PSBoundParameters }
}

# Source: exchange-ps New-SendConnector (Exchange Server 2010): Set1 [-Name] -AddressSpaces ...; Set2 [-Name] ... -LinkedReceiveConnector; -Usage <Custom | Internal | Internet | Partner> excludes the -Custom/-Internal/-Internet/-Partner switches
function New-SendConnector {
    [CmdletBinding(DefaultParameterSetName = 'AddressSpaces', SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    param(
        [Parameter(Mandatory = $true, Position = 0)][string] $Name,
        [Parameter(ParameterSetName = 'AddressSpaces', Mandatory = $true)][object[]] $AddressSpaces,
        [Parameter(ParameterSetName = 'LinkedReceiveConnector', Mandatory = $true)][object] $LinkedReceiveConnector,
        [System.Management.Automation.PSCredential] $AuthenticationCredential,
        [string] $Comment,
        [object] $ConnectionInactivityTimeOut,
        [switch] $Custom,
        [bool] $DNSRoutingEnabled,
        [object] $DomainController,
        [bool] $DomainSecureEnabled,
        [bool] $Enabled,
        [object] $ErrorPolicies,
        [switch] $Force,
        [bool] $ForceHELO,
        [object] $Fqdn,
        [bool] $IgnoreSTARTTLS,
        [switch] $Internal,
        [switch] $Internet,
        [bool] $IsCoexistenceConnector,
        [Parameter(ParameterSetName = 'AddressSpaces')][bool] $IsScopedConnector,
        [object] $MaxMessageSize,
        [switch] $Partner,
        [int] $Port,
        [object] $ProtocolLoggingLevel,
        [bool] $RequireOorg,
        [bool] $RequireTLS,
        [object] $SmartHostAuthMechanism,
        [object[]] $SmartHosts,
        [int] $SmtpMaxMessagesPerConnection,
        [object] $SourceIPAddress,
        [object[]] $SourceTransportServers,
        [object] $TlsAuthLevel,
        [object] $TlsDomain,
        [object] $Usage,
        [bool] $UseExternalDNSServersEnabled
    )
    begin { Reset-ExTopoRemotePreference $PSBoundParameters }
    process { if ($PSCmdlet.ShouldProcess((Get-ExTopoTarget $PSBoundParameters), 'New-SendConnector')) { Invoke-ExTopoDouble -Cmdlet $PSCmdlet -Command 'New-SendConnector' -Parameters $PSBoundParameters } }
}

# Source: exchange-ps Set-SendConnector (Exchange Server 2010; -CloudServicesMailEnabled, -FrontendProxyEnabled, -TlsCertificateName, -ConnectorType are 2013+)
function Set-SendConnector {
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    param(
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipeline = $true)][object] $Identity,
        [object[]] $AddressSpaces,
        [System.Management.Automation.PSCredential] $AuthenticationCredential,
        [string] $Comment,
        [object] $ConnectionInactivityTimeOut,
        [bool] $DNSRoutingEnabled,
        [object] $DomainController,
        [bool] $DomainSecureEnabled,
        [bool] $Enabled,
        [object] $ErrorPolicies,
        [switch] $Force,
        [bool] $ForceHELO,
        [object] $Fqdn,
        [bool] $IgnoreSTARTTLS,
        [bool] $IsCoexistenceConnector,
        [bool] $IsScopedConnector,
        [object] $LinkedReceiveConnector,
        [object] $MaxMessageSize,
        [string] $Name,
        [int] $Port,
        [object] $ProtocolLoggingLevel,
        [bool] $RequireOorg,
        [bool] $RequireTLS,
        [object] $SmartHostAuthMechanism,
        [object[]] $SmartHosts,
        [int] $SmtpMaxMessagesPerConnection,
        [object] $SourceIPAddress,
        [object[]] $SourceTransportServers,
        [object] $TlsAuthLevel,
        [object] $TlsDomain,
        [bool] $UseExternalDNSServersEnabled
    )
    begin { Reset-ExTopoRemotePreference $PSBoundParameters }
    process { if ($PSCmdlet.ShouldProcess((Get-ExTopoTarget $PSBoundParameters), 'Set-SendConnector')) { Invoke-ExTopoDouble -Cmdlet $PSCmdlet -Command 'Set-SendConnector' -Parameters $PSBoundParameters } }
}

# Source: exchange-ps Get-ReceiveConnector (Exchange Server 2010): Set1 [[-Identity] <ReceiveConnectorIdParameter>] [-DomainController]; Set2 [-Server <ServerIdParameter>] [-DomainController]
function Get-ReceiveConnector {
    [CmdletBinding(DefaultParameterSetName = 'Identity')]
    param(
        [Parameter(ParameterSetName = 'Identity', Position = 0, ValueFromPipeline = $true)][object] $Identity,
        [Parameter(ParameterSetName = 'Server')][object] $Server,
        [object] $DomainController
    )
    begin { Reset-ExTopoRemotePreference $PSBoundParameters }
    process { Invoke-ExTopoDouble -Cmdlet $PSCmdlet -Command 'Get-ReceiveConnector' -Parameters $PSBoundParameters }
}

# Source: exchange-ps Set-ReceiveConnector (Exchange Server 2010 parameters; -ServiceDiscoveryFqdn, -SmtpUtf8Enabled, -TlsCertificateName, -TransportRole are 2013+). -PermissionGroups <None | AnonymousUsers | ExchangeUsers | ExchangeServers | ExchangeLegacyServers | Partners | Custom> replaces the groups.
function Set-ReceiveConnector {
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    param(
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipeline = $true)][object] $Identity,
        [bool] $AdvertiseClientSettings,
        [object] $AuthMechanism,
        [string] $Banner,
        [bool] $BareLinefeedRejectionEnabled,
        [bool] $BinaryMimeEnabled,
        [object[]] $Bindings,
        [bool] $ChunkingEnabled,
        [string] $Comment,
        [object] $ConnectionInactivityTimeout,
        [object] $ConnectionTimeout,
        [object] $DefaultDomain,
        [bool] $DeliveryStatusNotificationEnabled,
        [object] $DomainController,
        [bool] $DomainSecureEnabled,
        [bool] $EightBitMimeEnabled,
        [bool] $EnableAuthGSSAPI,
        [bool] $Enabled,
        [bool] $EnhancedStatusCodesEnabled,
        [object] $ExtendedProtectionPolicy,
        [object] $Fqdn,
        [bool] $LongAddressesEnabled,
        [object] $MaxHeaderSize,
        [int] $MaxHopCount,
        [object] $MaxInboundConnection,
        [int] $MaxInboundConnectionPercentagePerSource,
        [object] $MaxInboundConnectionPerSource,
        [int] $MaxLocalHopCount,
        [int] $MaxLogonFailures,
        [object] $MaxMessageSize,
        [object] $MaxProtocolErrors,
        [int] $MaxRecipientsPerMessage,
        [object] $MessageRateLimit,
        [object] $MessageRateSource,
        [string] $Name,
        [bool] $OrarEnabled,
        [object] $PermissionGroups,
        [bool] $PipeliningEnabled,
        [object] $ProtocolLoggingLevel,
        [object[]] $RemoteIPRanges,
        [bool] $RequireEHLODomain,
        [bool] $RequireTLS,
        [object] $SizeEnabled,
        [bool] $SuppressXAnonymousTls,
        [object] $TarpitInterval,
        [object[]] $TlsDomainCapabilities
    )
    begin { Reset-ExTopoRemotePreference $PSBoundParameters }
    process { if ($PSCmdlet.ShouldProcess((Get-ExTopoTarget $PSBoundParameters), 'Set-ReceiveConnector')) { Invoke-ExTopoDouble -Cmdlet $PSCmdlet -Command 'Set-ReceiveConnector' -Parameters $PSBoundParameters } }
}

# Source: exchange-ps New-EdgeSubscription (Exchange Server 2010): [-AccountExpiryDuration] [-CreateInboundSendConnector] [-CreateInternetSendConnector] [-DomainController] [-FileData <Byte[]>] [-FileName <LongPath>] [-Force] [-Site <AdSiteIdParameter>] [-Confirm] [-WhatIf]; -FileName on the Edge Transport server, -FileData and -Site on a Hub Transport server
function New-EdgeSubscription {
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    param(
        [object] $AccountExpiryDuration,
        [bool] $CreateInboundSendConnector,
        [bool] $CreateInternetSendConnector,
        [object] $DomainController,
        [byte[]] $FileData,
        [string] $FileName,
        [switch] $Force,
        [object] $Site
    )
    begin { Reset-ExTopoRemotePreference $PSBoundParameters }
    process { if ($PSCmdlet.ShouldProcess((Get-ExTopoTarget $PSBoundParameters), 'New-EdgeSubscription')) { Invoke-ExTopoDouble -Cmdlet $PSCmdlet -Command 'New-EdgeSubscription' -Parameters $PSBoundParameters } }
}

# Source: exchange-ps Get-EdgeSubscription (Exchange Server 2010): [[-Identity] <TransportServerIdParameter>] [-DomainController <Fqdn>]
function Get-EdgeSubscription {
    [CmdletBinding()]
    param(
        [Parameter(Position = 0, ValueFromPipeline = $true)][object] $Identity,
        [object] $DomainController
    )
    begin { Reset-ExTopoRemotePreference $PSBoundParameters }
    process { Invoke-ExTopoDouble -Cmdlet $PSCmdlet -Command 'Get-EdgeSubscription' -Parameters $PSBoundParameters }
}

# Source: exchange-ps Start-EdgeSynchronization (Exchange Server 2010): [-ForceFullSync] [-ForceUpdateCookie] [-Server <ServerIdParameter>] [-TargetServer <String>] [-Confirm] [-WhatIf]
function Start-EdgeSynchronization {
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    param(
        [switch] $ForceFullSync,
        [switch] $ForceUpdateCookie,
        [object] $Server,
        [string] $TargetServer
    )
    begin { Reset-ExTopoRemotePreference $PSBoundParameters }
    process { if ($PSCmdlet.ShouldProcess((Get-ExTopoTarget $PSBoundParameters), 'Start-EdgeSynchronization')) { Invoke-ExTopoDouble -Cmdlet $PSCmdlet -Command 'Start-EdgeSynchronization' -Parameters $PSBoundParameters } }
}

# Source: exchange-ps Test-EdgeSynchronization (Exchange Server 2010 SP2/SP3 help): Default [-ExcludeRecipientTest] [-FullCompareMode] [-MaxReportSize] [-MonitoringContext] [-TargetServer]; SingleValidation -VerifyRecipient; [-DomainController] [-Confirm] [-WhatIf]. It only reads: it reports whatever -WhatIf says.
function Test-EdgeSynchronization {
    [CmdletBinding(DefaultParameterSetName = 'Default', SupportsShouldProcess = $true, ConfirmImpact = 'Low')]
    param(
        [Parameter(ParameterSetName = 'SingleValidation', Mandatory = $true)][object] $VerifyRecipient,
        [Parameter(ParameterSetName = 'Default')][switch] $ExcludeRecipientTest,
        [Parameter(ParameterSetName = 'Default')][switch] $FullCompareMode,
        [Parameter(ParameterSetName = 'Default')][object] $MaxReportSize,
        [Parameter(ParameterSetName = 'Default')][bool] $MonitoringContext,
        [Parameter(ParameterSetName = 'Default')][string] $TargetServer,
        [object] $DomainController
    )
    begin { Reset-ExTopoRemotePreference $PSBoundParameters }
    process { Invoke-ExTopoDouble -Cmdlet $PSCmdlet -Command 'Test-EdgeSynchronization' -Parameters $PSBoundParameters }
}

# Source: exchange-ps Get-PopSettings (Exchange Server 2010): [-DomainController <Fqdn>] [-Server <ServerIdParameter>]
function Get-PopSettings {
    [CmdletBinding()]
    param(
        [object] $DomainController,
        [Parameter(ValueFromPipeline = $true)][object] $Server
    )
    begin { Reset-ExTopoRemotePreference $PSBoundParameters }
    process { Invoke-ExTopoDouble -Cmdlet $PSCmdlet -Command 'Get-PopSettings' -Parameters $PSBoundParameters }
}

# Source: exchange-ps Set-PopSettings (Exchange Server 2010): no -Identity; [-Server] [-X509CertificateName <String>] and the protocol settings (the ones listed for 2010)
function Set-PopSettings {
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    param(
        [object] $AuthenticatedConnectionTimeout,
        [string] $Banner,
        [object] $CalendarItemRetrievalOption,
        [object] $DomainController,
        [bool] $EnableExactRFC822Size,
        [bool] $EnableGSSAPIAndNTLMAuth,
        [bool] $EnforceCertificateErrors,
        [object] $ExtendedProtectionPolicy,
        [object[]] $ExternalConnectionSettings,
        [object[]] $InternalConnectionSettings,
        [string] $LogFileLocation,
        [object] $LogFileRollOverSettings,
        [object] $LoginType,
        [object] $LogPerFileSizeQuota,
        [int] $MaxCommandSize,
        [int] $MaxConnectionFromSingleIP,
        [int] $MaxConnections,
        [int] $MaxConnectionsPerUser,
        [object] $MessageRetrievalMimeFormat,
        [object] $MessageRetrievalSortOrder,
        [object] $OwaServerUrl,
        [object] $PreAuthenticatedConnectionTimeout,
        [bool] $ProtocolLogEnabled,
        [int] $ProxyTargetPort,
        [object] $Server,
        [object[]] $SSLBindings,
        [bool] $SuppressReadReceipt,
        [object[]] $UnencryptedOrTLSBindings,
        [string] $X509CertificateName
    )
    begin { Reset-ExTopoRemotePreference $PSBoundParameters }
    process { if ($PSCmdlet.ShouldProcess((Get-ExTopoTarget $PSBoundParameters), 'Set-PopSettings')) { Invoke-ExTopoDouble -Cmdlet $PSCmdlet -Command 'Set-PopSettings' -Parameters $PSBoundParameters } }
}

# Source: exchange-ps Get-ImapSettings (Exchange Server 2010): [-DomainController <Fqdn>] [-Server <ServerIdParameter>]
function Get-ImapSettings {
    [CmdletBinding()]
    param(
        [object] $DomainController,
        [Parameter(ValueFromPipeline = $true)][object] $Server
    )
    begin { Reset-ExTopoRemotePreference $PSBoundParameters }
    process { Invoke-ExTopoDouble -Cmdlet $PSCmdlet -Command 'Get-ImapSettings' -Parameters $PSBoundParameters }
}

# Source: exchange-ps Set-ImapSettings (Exchange Server 2010): no -Identity; [-Server] [-X509CertificateName <String>] and the protocol settings (the ones listed for 2010)
function Set-ImapSettings {
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    param(
        [object] $AuthenticatedConnectionTimeout,
        [string] $Banner,
        [object] $CalendarItemRetrievalOption,
        [object] $DomainController,
        [bool] $EnableExactRFC822Size,
        [bool] $EnableGSSAPIAndNTLMAuth,
        [bool] $EnforceCertificateErrors,
        [object] $ExtendedProtectionPolicy,
        [object[]] $ExternalConnectionSettings,
        [object[]] $InternalConnectionSettings,
        [string] $LogFileLocation,
        [object] $LogFileRollOverSettings,
        [object] $LoginType,
        [object] $LogPerFileSizeQuota,
        [int] $MaxCommandSize,
        [int] $MaxConnectionFromSingleIP,
        [int] $MaxConnections,
        [int] $MaxConnectionsPerUser,
        [object] $MessageRetrievalMimeFormat,
        [object] $OwaServerUrl,
        [object] $PreAuthenticatedConnectionTimeout,
        [bool] $ProtocolLogEnabled,
        [int] $ProxyTargetPort,
        [object] $Server,
        [bool] $ShowHiddenFoldersEnabled,
        [object[]] $SSLBindings,
        [bool] $SuppressReadReceipt,
        [object[]] $UnencryptedOrTLSBindings,
        [string] $X509CertificateName
    )
    begin { Reset-ExTopoRemotePreference $PSBoundParameters }
    process { if ($PSCmdlet.ShouldProcess((Get-ExTopoTarget $PSBoundParameters), 'Set-ImapSettings')) { Invoke-ExTopoDouble -Cmdlet $PSCmdlet -Command 'Set-ImapSettings' -Parameters $PSBoundParameters } }
}
