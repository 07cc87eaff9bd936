# ExTopo host double - Exchange 2010 SP3: the client access namespace: virtual directories, Outlook Anywhere, certificates.
# Dot-sourced by ExTopo.Exchange2010.psm1; every function is an advanced function with the documented signature.

# Source: https://learn.microsoft.com/powershell/module/exchange/get-owavirtualdirectory (Exchange Server 2010 SP3 parameters)
function Get-OwaVirtualDirectory {
    [CmdletBinding(DefaultParameterSetName = 'Identity')]
    param(
        [Parameter(ParameterSetName = 'Identity', Position = 0, ValueFromPipeline = $true)][object] $Identity,
        [Parameter(ParameterSetName = 'Server', Mandatory = $true)][object] $Server,
        [switch] $ADPropertiesOnly,
        [object] $DomainController
    )
    begin { Reset-ExTopoRemotePreference $PSBoundParameters }
    process { Invoke-ExTopoDouble -Cmdlet $PSCmdlet -Command 'Get-OwaVirtualDirectory' -Parameters $PSBoundParameters }
}

# Source: https://learn.microsoft.com/powershell/module/exchange/set-owavirtualdirectory (Exchange Server 2010 SP3 parameters); the parameters a namespace deployment uses, not all of the documented ones
function Set-OwaVirtualDirectory {
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    param(
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipeline = $true)][object] $Identity,
        [object] $DomainController,
        [object] $ExternalUrl,
        [object] $InternalUrl,
        [bool] $BasicAuthentication,
        [object] $CrossSiteRedirectType,
        [string] $DefaultDomain,
        [bool] $DigestAuthentication,
        [object[]] $ExternalAuthenticationMethods,
        [bool] $FormsAuthentication,
        [object] $LogonFormat,
        [bool] $RedirectToOptimalOWAServer,
        [bool] $WindowsAuthentication
    )
    begin { Reset-ExTopoRemotePreference $PSBoundParameters }
    process { if ($PSCmdlet.ShouldProcess((Get-ExTopoTarget $PSBoundParameters), 'Set-OwaVirtualDirectory')) { Invoke-ExTopoDouble -Cmdlet $PSCmdlet -Command 'Set-OwaVirtualDirectory' -Parameters $PSBoundParameters } }
}

# Source: https://learn.microsoft.com/powershell/module/exchange/get-ecpvirtualdirectory (Exchange Server 2010 SP3 parameters)
function Get-EcpVirtualDirectory {
    [CmdletBinding(DefaultParameterSetName = 'Identity')]
    param(
        [Parameter(ParameterSetName = 'Identity', Position = 0, ValueFromPipeline = $true)][object] $Identity,
        [Parameter(ParameterSetName = 'Server', Mandatory = $true)][object] $Server,
        [switch] $ADPropertiesOnly,
        [object] $DomainController
    )
    begin { Reset-ExTopoRemotePreference $PSBoundParameters }
    process { Invoke-ExTopoDouble -Cmdlet $PSCmdlet -Command 'Get-EcpVirtualDirectory' -Parameters $PSBoundParameters }
}

# Source: https://learn.microsoft.com/powershell/module/exchange/set-ecpvirtualdirectory (Exchange Server 2010 SP3 parameters); the parameters a namespace deployment uses, not all of the documented ones
function Set-EcpVirtualDirectory {
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    param(
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipeline = $true)][object] $Identity,
        [object] $DomainController,
        [object] $ExternalUrl,
        [object] $InternalUrl,
        [bool] $BasicAuthentication,
        [bool] $DigestAuthentication,
        [object[]] $ExternalAuthenticationMethods,
        [bool] $FormsAuthentication,
        [bool] $WindowsAuthentication
    )
    begin { Reset-ExTopoRemotePreference $PSBoundParameters }
    process { if ($PSCmdlet.ShouldProcess((Get-ExTopoTarget $PSBoundParameters), 'Set-EcpVirtualDirectory')) { Invoke-ExTopoDouble -Cmdlet $PSCmdlet -Command 'Set-EcpVirtualDirectory' -Parameters $PSBoundParameters } }
}

# Source: https://learn.microsoft.com/powershell/module/exchange/get-webservicesvirtualdirectory (Exchange Server 2010 SP3 parameters)
function Get-WebServicesVirtualDirectory {
    [CmdletBinding(DefaultParameterSetName = 'Identity')]
    param(
        [Parameter(ParameterSetName = 'Identity', Position = 0, ValueFromPipeline = $true)][object] $Identity,
        [Parameter(ParameterSetName = 'Server', Mandatory = $true)][object] $Server,
        [switch] $ADPropertiesOnly,
        [object] $DomainController
    )
    begin { Reset-ExTopoRemotePreference $PSBoundParameters }
    process { Invoke-ExTopoDouble -Cmdlet $PSCmdlet -Command 'Get-WebServicesVirtualDirectory' -Parameters $PSBoundParameters }
}

# Source: https://learn.microsoft.com/powershell/module/exchange/set-webservicesvirtualdirectory (Exchange Server 2010 SP3 parameters); the parameters a namespace deployment uses, not all of the documented ones
function Set-WebServicesVirtualDirectory {
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    param(
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipeline = $true)][object] $Identity,
        [object] $DomainController,
        [object] $ExternalUrl,
        [object] $InternalUrl,
        [bool] $BasicAuthentication,
        [bool] $DigestAuthentication,
        [object[]] $ExternalAuthenticationMethods,
        [switch] $Force,
        [object] $InternalNLBBypassUrl,
        [bool] $MRSProxyEnabled,
        [bool] $WindowsAuthentication,
        [bool] $WSSecurityAuthentication
    )
    begin { Reset-ExTopoRemotePreference $PSBoundParameters }
    process { if ($PSCmdlet.ShouldProcess((Get-ExTopoTarget $PSBoundParameters), 'Set-WebServicesVirtualDirectory')) { Invoke-ExTopoDouble -Cmdlet $PSCmdlet -Command 'Set-WebServicesVirtualDirectory' -Parameters $PSBoundParameters } }
}

# Source: https://learn.microsoft.com/powershell/module/exchange/get-oabvirtualdirectory (Exchange Server 2010 SP3 parameters)
function Get-OabVirtualDirectory {
    [CmdletBinding(DefaultParameterSetName = 'Identity')]
    param(
        [Parameter(ParameterSetName = 'Identity', Position = 0, ValueFromPipeline = $true)][object] $Identity,
        [Parameter(ParameterSetName = 'Server', Mandatory = $true)][object] $Server,
        [switch] $ADPropertiesOnly,
        [object] $DomainController
    )
    begin { Reset-ExTopoRemotePreference $PSBoundParameters }
    process { Invoke-ExTopoDouble -Cmdlet $PSCmdlet -Command 'Get-OabVirtualDirectory' -Parameters $PSBoundParameters }
}

# Source: https://learn.microsoft.com/powershell/module/exchange/set-oabvirtualdirectory (Exchange Server 2010 SP3 parameters); the parameters a namespace deployment uses, not all of the documented ones
function Set-OabVirtualDirectory {
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    param(
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipeline = $true)][object] $Identity,
        [object] $DomainController,
        [object] $ExternalUrl,
        [object] $InternalUrl,
        [bool] $BasicAuthentication,
        [object[]] $ExternalAuthenticationMethods,
        [int] $PollInterval,
        [bool] $RequireSSL,
        [bool] $WindowsAuthentication
    )
    begin { Reset-ExTopoRemotePreference $PSBoundParameters }
    process { if ($PSCmdlet.ShouldProcess((Get-ExTopoTarget $PSBoundParameters), 'Set-OabVirtualDirectory')) { Invoke-ExTopoDouble -Cmdlet $PSCmdlet -Command 'Set-OabVirtualDirectory' -Parameters $PSBoundParameters } }
}

# Source: https://learn.microsoft.com/powershell/module/exchange/get-activesyncvirtualdirectory (Exchange Server 2010 SP3 parameters)
function Get-ActiveSyncVirtualDirectory {
    [CmdletBinding(DefaultParameterSetName = 'Identity')]
    param(
        [Parameter(ParameterSetName = 'Identity', Position = 0, ValueFromPipeline = $true)][object] $Identity,
        [Parameter(ParameterSetName = 'Server', Mandatory = $true)][object] $Server,
        [switch] $ADPropertiesOnly,
        [object] $DomainController
    )
    begin { Reset-ExTopoRemotePreference $PSBoundParameters }
    process { Invoke-ExTopoDouble -Cmdlet $PSCmdlet -Command 'Get-ActiveSyncVirtualDirectory' -Parameters $PSBoundParameters }
}

# Source: https://learn.microsoft.com/powershell/module/exchange/set-activesyncvirtualdirectory (Exchange Server 2010 SP3 parameters); the parameters a namespace deployment uses, not all of the documented ones
function Set-ActiveSyncVirtualDirectory {
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    param(
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipeline = $true)][object] $Identity,
        [object] $DomainController,
        [object] $ExternalUrl,
        [object] $InternalUrl,
        [bool] $BasicAuthEnabled,
        [bool] $BadItemReportingEnabled,
        [object] $ClientCertAuth,
        [object[]] $ExternalAuthenticationMethods,
        [object[]] $InternalAuthenticationMethods,
        [bool] $SendWatsonReport,
        [bool] $WindowsAuthEnabled
    )
    begin { Reset-ExTopoRemotePreference $PSBoundParameters }
    process { if ($PSCmdlet.ShouldProcess((Get-ExTopoTarget $PSBoundParameters), 'Set-ActiveSyncVirtualDirectory')) { Invoke-ExTopoDouble -Cmdlet $PSCmdlet -Command 'Set-ActiveSyncVirtualDirectory' -Parameters $PSBoundParameters } }
}

# Source: https://learn.microsoft.com/powershell/module/exchange/get-outlookanywhere (Exchange Server 2010 SP3 parameters)
function Get-OutlookAnywhere {
    [CmdletBinding(DefaultParameterSetName = 'Identity')]
    param(
        [Parameter(ParameterSetName = 'Identity', Position = 0, ValueFromPipeline = $true)][object] $Identity,
        [Parameter(ParameterSetName = 'Server', Mandatory = $true)][object] $Server,
        [switch] $ADPropertiesOnly,
        [object] $DomainController
    )
    begin { Reset-ExTopoRemotePreference $PSBoundParameters }
    process { Invoke-ExTopoDouble -Cmdlet $PSCmdlet -Command 'Get-OutlookAnywhere' -Parameters $PSBoundParameters }
}

# Source: https://learn.microsoft.com/powershell/module/exchange/enable-outlookanywhere (Exchange Server 2010 SP3 parameters); 2010 only: the external host name, with -ClientAuthenticationMethod (+ -IISAuthenticationMethods) or -DefaultAuthenticationMethod
function Enable-OutlookAnywhere {
    [CmdletBinding(DefaultParameterSetName = 'CustomIdentity', SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    param(
        [Parameter(ParameterSetName = 'CustomIdentity', Mandatory = $true)][object] $ClientAuthenticationMethod,
        [Parameter(ParameterSetName = 'CustomIdentity')][object[]] $IISAuthenticationMethods,
        [Parameter(ParameterSetName = 'DefaultIdentity', Mandatory = $true)][object] $DefaultAuthenticationMethod,
        [Parameter(Mandatory = $true)][object] $ExternalHostname,
        [Parameter(Mandatory = $true)][bool] $SSLOffloading,
        [object] $Server,
        [object] $DomainController
    )
    begin { Reset-ExTopoRemotePreference $PSBoundParameters }
    process { if ($PSCmdlet.ShouldProcess((Get-ExTopoTarget $PSBoundParameters), 'Enable-OutlookAnywhere')) { Invoke-ExTopoDouble -Cmdlet $PSCmdlet -Command 'Enable-OutlookAnywhere' -Parameters $PSBoundParameters } }
}

# Source: https://learn.microsoft.com/powershell/module/exchange/set-outlookanywhere (Exchange Server 2010 SP3 parameters)
function Set-OutlookAnywhere {
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    param(
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipeline = $true)][object] $Identity,
        [object] $ClientAuthenticationMethod,
        [object] $DefaultAuthenticationMethod,
        [object] $DomainController,
        [object] $ExternalHostname,
        [object[]] $IISAuthenticationMethods,
        [string] $Name,
        [bool] $SSLOffloading
    )
    begin { Reset-ExTopoRemotePreference $PSBoundParameters }
    process { if ($PSCmdlet.ShouldProcess((Get-ExTopoTarget $PSBoundParameters), 'Set-OutlookAnywhere')) { Invoke-ExTopoDouble -Cmdlet $PSCmdlet -Command 'Set-OutlookAnywhere' -Parameters $PSBoundParameters } }
}

# Source: https://learn.microsoft.com/powershell/module/exchange/get-exchangecertificate (Exchange Server 2010 SP3 parameters)
function Get-ExchangeCertificate {
    [CmdletBinding(DefaultParameterSetName = 'Thumbprint')]
    param(
        [Parameter(ParameterSetName = 'Thumbprint', Position = 0, ValueFromPipeline = $true)][string] $Thumbprint,
        [Parameter(ParameterSetName = 'Identity', Mandatory = $true)][object] $Identity,
        [object] $DomainController,
        [object[]] $DomainName,
        [object] $Instance,
        [object] $Server
    )
    begin { Reset-ExTopoRemotePreference $PSBoundParameters }
    process { Invoke-ExTopoDouble -Cmdlet $PSCmdlet -Command 'Get-ExchangeCertificate' -Parameters $PSBoundParameters }
}

# Source: https://learn.microsoft.com/powershell/module/exchange/new-exchangecertificate (Exchange Server 2010 SP3 parameters); 2010: -GenerateRequest returns the request text (no -RequestFile)
function New-ExchangeCertificate {
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    param(
        [switch] $BinaryEncoded,
        [object] $DomainController,
        [object[]] $DomainName,
        [switch] $Force,
        [string] $FriendlyName,
        [switch] $GenerateRequest,
        [switch] $IncludeAcceptedDomains,
        [switch] $IncludeAutoDiscover,
        [switch] $IncludeServerFQDN,
        [switch] $IncludeServerNetBIOSName,
        [object] $Instance,
        [int] $KeySize,
        [bool] $PrivateKeyExportable,
        [object] $Server,
        [object] $Services,
        [string] $SubjectKeyIdentifier,
        [object] $SubjectName
    )
    begin { Reset-ExTopoRemotePreference $PSBoundParameters }
    process { if ($PSCmdlet.ShouldProcess((Get-ExTopoTarget $PSBoundParameters), 'New-ExchangeCertificate')) { Invoke-ExTopoDouble -Cmdlet (New-ExTopoStringOutput $PSCmdlet) -Command 'New-ExchangeCertificate' -Parameters $PSBoundParameters } }
}

# Source: https://learn.microsoft.com/powershell/module/exchange/import-exchangecertificate (Exchange Server 2010 SP3 parameters); 2010: the file arrives as bytes through -FileData (no -FileName)
function Import-ExchangeCertificate {
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    param(
        [Parameter(Mandatory = $true)][byte[]] $FileData,
        [object] $DomainController,
        [string] $FriendlyName,
        [object] $Instance,
        [System.Security.SecureString] $Password,
        [bool] $PrivateKeyExportable,
        [object] $Server
    )
    begin { Reset-ExTopoRemotePreference $PSBoundParameters }
    process { if ($PSCmdlet.ShouldProcess((Get-ExTopoTarget $PSBoundParameters), 'Import-ExchangeCertificate')) { Invoke-ExTopoDouble -Cmdlet $PSCmdlet -Command 'Import-ExchangeCertificate' -Parameters $PSBoundParameters } }
}

# Source: https://learn.microsoft.com/powershell/module/exchange/export-exchangecertificate (Exchange Server 2010 SP3 parameters); 2010: the file comes back in the output's FileData (no -FileName, which is 2013+); -Password includes the private key
function Export-ExchangeCertificate {
    [CmdletBinding(DefaultParameterSetName = 'Thumbprint', SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    param(
        [Parameter(ParameterSetName = 'Thumbprint', Mandatory = $true, Position = 0, ValueFromPipeline = $true)][string] $Thumbprint,
        [Parameter(ParameterSetName = 'Identity', Position = 0)][object] $Identity,
        [switch] $BinaryEncoded,
        [object] $DomainController,
        [System.Security.SecureString] $Password,
        [Parameter(ParameterSetName = 'Thumbprint')][object] $Server
    )
    begin { Reset-ExTopoRemotePreference $PSBoundParameters }
    process { if ($PSCmdlet.ShouldProcess((Get-ExTopoTarget $PSBoundParameters), 'Export-ExchangeCertificate')) { Invoke-ExTopoDouble -Cmdlet $PSCmdlet -Command 'Export-ExchangeCertificate' -Parameters $PSBoundParameters } }
}

# Source: https://learn.microsoft.com/powershell/module/exchange/enable-exchangecertificate (Exchange Server 2010 SP3 parameters)
function Enable-ExchangeCertificate {
    [CmdletBinding(DefaultParameterSetName = 'Thumbprint', SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    param(
        [Parameter(ParameterSetName = 'Thumbprint', Mandatory = $true, Position = 0, ValueFromPipeline = $true)][string] $Thumbprint,
        [Parameter(ParameterSetName = 'Identity', Mandatory = $true)][object] $Identity,
        [Parameter(Mandatory = $true)][object] $Services,
        [object] $DomainController,
        [switch] $DoNotRequireSsl,
        [switch] $Force,
        [object] $Server
    )
    begin { Reset-ExTopoRemotePreference $PSBoundParameters }
    process { if ($PSCmdlet.ShouldProcess((Get-ExTopoTarget $PSBoundParameters), 'Enable-ExchangeCertificate')) { Invoke-ExTopoDouble -Cmdlet $PSCmdlet -Command 'Enable-ExchangeCertificate' -Parameters $PSBoundParameters } }
}
