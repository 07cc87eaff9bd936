# ExTopo host double - ServerManager module.
#
# Windows Server 2008 R2 (PowerShell 2.0, "Server Manager Cmdlets", technet ee662309): Get-WindowsFeature,
# Add-WindowsFeature, Remove-WindowsFeature - compiled cmdlets, loaded with Import-Module ServerManager.
# Windows Server 2012 / 2012 R2 (learn.microsoft.com/powershell/module/servermanager, and the 2012 R2 help
# MicrosoftDocs/windows-powershell-docs winserver2012r2-ps/servermanager/Install-WindowsFeature.md):
# Get-WindowsFeature, Install-WindowsFeature, Uninstall-WindowsFeature; Add-WindowsFeature and Remove-WindowsFeature
# are aliases ("This cmdlet is equivalent to and replaces the Add-WindowsFeature cmdlet").
# Semantics: main/lab/double/serverManager.ts.

param([bool] $Legacy = $false)
$script:Legacy = $Legacy

if ($script:Legacy) {
    function Get-WindowsFeature {
        # 2008 R2: Get-WindowsFeature [[-Name] <string[]>] [-logPath <string>]. A name that does not exist gives nothing.
        [CmdletBinding()]
        param(
            [Parameter(Position = 0, ValueFromPipeline = $true, ValueFromPipelineByPropertyName = $true)][string[]] $Name,
            [string] $LogPath
        )
        process {
            $parameters = @{}
            if ($Name) { $parameters.Name = $Name }
            Invoke-ExTopoDouble -Cmdlet $PSCmdlet -Command 'Get-WindowsFeature' -Parameters $parameters
        }
    }

    function Add-WindowsFeature {
        # 2008 R2: Add-WindowsFeature [-Name] <string[]> [-IncludeAllSubFeature] [-logPath <string>] [-WhatIf]
        # [-Restart] [-Concurrent]. Output: FeatureOperationResult (Success, RestartNeeded, FeatureResult, ExitCode).
        # The management tools of NLB and Failover Clustering come with the feature on 2008 R2.
        [CmdletBinding(SupportsShouldProcess = $true)]
        param(
            [Parameter(Mandatory = $true, Position = 0, ValueFromPipeline = $true, ValueFromPipelineByPropertyName = $true)][string[]] $Name,
            [switch] $IncludeAllSubFeature,
            [string] $LogPath,
            [switch] $Restart,
            [switch] $Concurrent
        )
        begin {
            Get-ExTopoCallerPreference -Cmdlet $PSCmdlet -SessionState $ExecutionContext.SessionState
            $names = New-Object System.Collections.ArrayList
        }
        process { foreach ($n in $Name) { [void]$names.Add($n) } }
        end {
            if ($PSCmdlet.ShouldProcess(($names -join ', '), 'Add-WindowsFeature')) {
                Invoke-ExTopoDouble -Cmdlet $PSCmdlet -Command 'Add-WindowsFeature' -Parameters @{ Name = @($names); IncludeAllSubFeature = [bool]$IncludeAllSubFeature; Restart = [bool]$Restart }
            }
        }
    }

    function Remove-WindowsFeature {
        # 2008 R2: Remove-WindowsFeature [-Name] <string[]> [-logPath <string>] [-WhatIf] [-Restart] [-Concurrent].
        [CmdletBinding(SupportsShouldProcess = $true)]
        param(
            [Parameter(Mandatory = $true, Position = 0, ValueFromPipeline = $true, ValueFromPipelineByPropertyName = $true)][string[]] $Name,
            [string] $LogPath,
            [switch] $Restart,
            [switch] $Concurrent
        )
        begin {
            Get-ExTopoCallerPreference -Cmdlet $PSCmdlet -SessionState $ExecutionContext.SessionState
            $names = New-Object System.Collections.ArrayList
        }
        process { foreach ($n in $Name) { [void]$names.Add($n) } }
        end {
            if ($PSCmdlet.ShouldProcess(($names -join ', '), 'Remove-WindowsFeature')) {
                Invoke-ExTopoDouble -Cmdlet $PSCmdlet -Command 'Remove-WindowsFeature' -Parameters @{ Name = @($names); Restart = [bool]$Restart }
            }
        }
    }

    Export-ModuleMember -Function Get-WindowsFeature, Add-WindowsFeature, Remove-WindowsFeature
} else {
    function Get-WindowsFeature {
        # 2012 R2: Get-WindowsFeature [[-Name] <String[]>] [-Vhd <String>] [-ComputerName <String>] [-Credential
        # <PSCredential>] [-LogPath <String>]. Features carry InstallState (Installed / Available / Removed).
        [CmdletBinding()]
        param(
            [Parameter(Position = 0, ValueFromPipeline = $true, ValueFromPipelineByPropertyName = $true)][string[]] $Name,
            [string] $Vhd,
            [Alias('Cn')][string] $ComputerName,
            [System.Management.Automation.PSCredential] $Credential,
            [string] $LogPath
        )
        process {
            $parameters = @{}
            if ($Name) { $parameters.Name = $Name }
            Invoke-ExTopoDouble -Cmdlet $PSCmdlet -Command 'Get-WindowsFeature' -Parameters $parameters
        }
    }

    function Install-WindowsFeature {
        # 2012 R2: Install-WindowsFeature [-Name] <Feature[]> [-Restart] [-IncludeAllSubFeature]
        # [-IncludeManagementTools] [-Source <String[]>] [-ComputerName <String>] [-Credential <PSCredential>]
        # [-LogPath <String>] [-WhatIf] [-Confirm]; -Vhd set; -ConfigurationFilePath set. NET-Framework-Core (a Feature
        # on Demand) needs -Source <media>\sources\sxs: without it "The source files could not be found".
        [CmdletBinding(DefaultParameterSetName = 'FeatureName', SupportsShouldProcess = $true)]
        param(
            [Parameter(ParameterSetName = 'FeatureName', Mandatory = $true, Position = 0, ValueFromPipeline = $true, ValueFromPipelineByPropertyName = $true)][string[]] $Name,
            [Parameter(ParameterSetName = 'ConfigurationFile', Mandatory = $true)][string] $ConfigurationFilePath,
            [string] $Vhd,
            [switch] $Restart,
            [Parameter(ParameterSetName = 'FeatureName')][switch] $IncludeAllSubFeature,
            [Parameter(ParameterSetName = 'FeatureName')][switch] $IncludeManagementTools,
            [string[]] $Source,
            [Alias('Cn')][string] $ComputerName,
            [System.Management.Automation.PSCredential] $Credential,
            [string] $LogPath
        )
        begin {
            Get-ExTopoCallerPreference -Cmdlet $PSCmdlet -SessionState $ExecutionContext.SessionState
            $names = New-Object System.Collections.ArrayList
        }
        process { foreach ($n in $Name) { [void]$names.Add($n) } }
        end {
            if ($PSCmdlet.ShouldProcess(($names -join ', '), 'Install-WindowsFeature')) {
                $parameters = @{ Name = @($names); IncludeAllSubFeature = [bool]$IncludeAllSubFeature; IncludeManagementTools = [bool]$IncludeManagementTools; Restart = [bool]$Restart }
                if ($Source) { $parameters.Source = $Source }
                Invoke-ExTopoDouble -Cmdlet $PSCmdlet -Command 'Install-WindowsFeature' -Parameters $parameters
            }
        }
    }

    function Uninstall-WindowsFeature {
        # 2012 R2: Uninstall-WindowsFeature [-Name] <Feature[]> [-Restart] [-IncludeManagementTools] [-Remove]
        # [-ComputerName] [-Credential] [-LogPath] [-WhatIf] [-Confirm]; -Vhd set.
        [CmdletBinding(SupportsShouldProcess = $true)]
        param(
            [Parameter(Mandatory = $true, Position = 0, ValueFromPipeline = $true, ValueFromPipelineByPropertyName = $true)][string[]] $Name,
            [string] $Vhd,
            [switch] $Restart,
            [switch] $IncludeManagementTools,
            [switch] $Remove,
            [Alias('Cn')][string] $ComputerName,
            [System.Management.Automation.PSCredential] $Credential,
            [string] $LogPath
        )
        begin {
            Get-ExTopoCallerPreference -Cmdlet $PSCmdlet -SessionState $ExecutionContext.SessionState
            $names = New-Object System.Collections.ArrayList
        }
        process { foreach ($n in $Name) { [void]$names.Add($n) } }
        end {
            if ($PSCmdlet.ShouldProcess(($names -join ', '), 'Uninstall-WindowsFeature')) {
                Invoke-ExTopoDouble -Cmdlet $PSCmdlet -Command 'Uninstall-WindowsFeature' -Parameters @{ Name = @($names); Restart = [bool]$Restart }
            }
        }
    }

    Set-Alias -Name Add-WindowsFeature -Value Install-WindowsFeature
    Set-Alias -Name Remove-WindowsFeature -Value Uninstall-WindowsFeature
    Export-ModuleMember -Function Get-WindowsFeature, Install-WindowsFeature, Uninstall-WindowsFeature -Alias Add-WindowsFeature, Remove-WindowsFeature
}
