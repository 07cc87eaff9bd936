<#
.SYNOPSIS
    Reads an Exchange Server 2010 organization into an ExTopo inventory (JSON), without changing anything.

.DESCRIPTION
    Run it in the Exchange Management Shell of Exchange 2010 (Windows PowerShell 2.0) as an account that can read the
    organization (View-Only Organization Management is enough) and query the Exchange servers over WMI. It collects
    the organization, the Exchange servers (roles, version, edition, AD site, operating system, NICs and IPv4
    addresses), AD sites and subnets, DAGs (members, witness, alternate witness, DAC mode, IP addresses, networks),
    mailbox databases and their copies (activation preference, replay and truncation lag, RpcClientAccessServer),
    CAS arrays, Windows NLB clusters (where the NLB module is installed on this computer), virtual directory URLs,
    Outlook Anywhere and the Exchange certificates of each server.

    Nothing is changed: the script only runs Get-* cmdlets, WMI queries and Active Directory reads. What it cannot read
    (access denied, a server that does not answer, a module that is not installed) is listed in the inventory's
    "problems" and on screen as a warning; the script goes on with the rest.

    Import the file into ExTopo with `extopo import INVENTORY.json -o DESIGN.extopo.json` or File > Import.

.PARAMETER Path
    Where to write the inventory (UTF-8 JSON). Default: ExTopo-Inventory-<organization>-<UTC time>.json in the
    current folder.

.PARAMETER PassThru
    Write the JSON text to the pipeline instead of a file (used when ExTopo runs the script through its transport).

.EXAMPLE
    .\Get-ExTopoInventory.ps1 -Path C:\Temp\contoso-inventory.json

.NOTES
    ExTopo inventory format 1. Compatible with Windows PowerShell 2.0 (no ConvertTo-Json, no [ordered]).
    Sources for every cmdlet and property: powershell/inventory/README.md.
#>
[CmdletBinding()]
param(
    [string] $Path = '',
    [switch] $PassThru
)

Set-StrictMode -Version 2.0
# Every call says -ErrorAction Stop itself: the Exchange cmdlets come through implicit remoting, where the
# preference variables of this scope do not reach them.
$ErrorActionPreference = 'Stop'

# --- Collected data and problems --------------------------------------------------------------------------------

$script:Problems = New-Object System.Collections.ArrayList

function Add-InventoryProblem {
    param([string] $Section, [string] $Target, [string] $Message)
    $item = New-Object System.Collections.Specialized.OrderedDictionary
    $item['section'] = $Section
    $item['target'] = $Target
    $item['message'] = $Message
    [void]$script:Problems.Add($item)
    Write-Warning ("Could not read {0} of {1}: {2}" -f $Section, $Target, $Message)
}

function New-Record {
    # An ordered record from name/value pairs: New-Record 'name', $x, 'fqdn', $y
    param([object[]] $Pairs)
    $record = New-Object System.Collections.Specialized.OrderedDictionary
    for ($i = 0; $i -lt $Pairs.Count; $i += 2) { $record[[string]$Pairs[$i]] = $Pairs[$i + 1] }
    return ,$record
}

function Get-Text {
    # A property as text ('' for $null): Exchange objects print ADObjectIds, enums and sizes through ToString().
    param($Value)
    if ($null -eq $Value) { return '' }
    return [string]$Value
}

function Get-TextList {
    param($Value)
    $list = New-Object System.Collections.ArrayList
    if ($null -ne $Value) { foreach ($v in @($Value)) { if ($null -ne $v -and [string]$v -ne '') { [void]$list.Add([string]$v) } } }
    return ,$list
}

function Get-LastSegment {
    # "contoso.local/Configuration/Sites/Default-First-Site-Name" or a DN "CN=X,CN=Sites,..." -> the object's name.
    param([string] $Text)
    if ($Text -match '^CN=([^,]+),') { return $Matches[1] }
    $parts = $Text.Split('/')
    return $parts[$parts.Length - 1]
}

function ConvertFrom-PairList {
    # "[EX2, 1]" pairs (ActivationPreference, ReplayLagTimes, TruncationLagTimes) -> server -> value text.
    param($Value)
    $map = New-Object System.Collections.Specialized.OrderedDictionary
    foreach ($pair in @($Value)) {
        if ($null -eq $pair) { continue }
        $text = [string]$pair
        if ($text -match '^\[(.+), (.+)\]$') { $map[$Matches[1]] = $Matches[2] }
    }
    return ,$map
}

function ConvertTo-Days {
    # A TimeSpan text "d.hh:mm:ss" or "hh:mm:ss" -> days (decimal).
    param([string] $Text)
    if ($Text -eq '') { return 0 }
    $span = [TimeSpan]::Parse($Text)
    return [Math]::Round($span.TotalDays, 4)
}

# --- JSON (Windows PowerShell 2.0 has no ConvertTo-Json) ----------------------------------------------------------

function ConvertTo-InventoryJsonString {
    param([string] $Text)
    $builder = New-Object System.Text.StringBuilder
    [void]$builder.Append('"')
    foreach ($ch in $Text.ToCharArray()) {
        $code = [int]$ch
        if ($ch -eq '"') { [void]$builder.Append('\"') }
        elseif ($ch -eq '\') { [void]$builder.Append('\\') }
        elseif ($code -lt 32 -or $code -gt 126) { [void]$builder.Append(('\u{0:x4}' -f $code)) }
        else { [void]$builder.Append($ch) }
    }
    [void]$builder.Append('"')
    return $builder.ToString()
}

function ConvertTo-InventoryJson {
    param($Value, [string] $Indent = '')
    $inner = $Indent + '  '
    if ($null -eq $Value) { return 'null' }
    if ($Value -is [bool]) { if ($Value) { return 'true' } else { return 'false' } }
    if ($Value -is [int] -or $Value -is [long] -or $Value -is [uint32] -or $Value -is [uint64] -or $Value -is [int16]) { return [string]$Value }
    if ($Value -is [double] -or $Value -is [decimal] -or $Value -is [single]) {
        return ([double]$Value).ToString('R', [System.Globalization.CultureInfo]::InvariantCulture)
    }
    if ($Value -is [string]) { return (ConvertTo-InventoryJsonString $Value) }
    if ($Value -is [System.Collections.IDictionary]) {
        if ($Value.Count -eq 0) { return '{}' }
        $parts = @()
        foreach ($key in @($Value.Keys)) {
            $parts += ($inner + (ConvertTo-InventoryJsonString ([string]$key)) + ': ' + (ConvertTo-InventoryJson $Value[$key] $inner))
        }
        return "{`n" + ($parts -join ",`n") + "`n" + $Indent + '}'
    }
    if ($Value -is [System.Collections.IEnumerable]) {
        $parts = @()
        foreach ($item in $Value) { $parts += ($inner + (ConvertTo-InventoryJson $item $inner)) }
        if ($parts.Count -eq 0) { return '[]' }
        return "[`n" + ($parts -join ",`n") + "`n" + $Indent + ']'
    }
    return (ConvertTo-InventoryJsonString ([string]$Value))
}

# --- Organization ---------------------------------------------------------------------------------------------------

$organization = New-Record @('name', '', 'adDomain', '', 'domainController', '')
try {
    $org = Get-OrganizationConfig -ErrorAction Stop
    $organization['name'] = Get-Text $org.Name
} catch { Add-InventoryProblem 'organization' 'Get-OrganizationConfig' $_.Exception.Message }

# --- AD sites and subnets (the configuration partition) ----------------------------------------------------------------

$sites = New-Object System.Collections.ArrayList
try {
    $rootDse = New-Object System.DirectoryServices.DirectoryEntry('LDAP://RootDSE')
    $configNc = [string]($rootDse.Properties['configurationNamingContext'] | Select-Object -First 1)
    $domainNc = [string]($rootDse.Properties['defaultNamingContext'] | Select-Object -First 1)
    $organization['adDomain'] = (($domainNc -split ',') | ForEach-Object { $_ -replace '^DC=', '' }) -join '.'
    # The domain controller that answered (it usually holds the AD-integrated DNS zone too).
    $organization['domainController'] = [string]($rootDse.Properties['dnsHostName'] | Select-Object -First 1)
    $siteSearcher = New-Object System.DirectoryServices.DirectorySearcher((New-Object System.DirectoryServices.DirectoryEntry("LDAP://CN=Sites,$configNc")), '(objectClass=site)')
    $siteSearcher.SearchScope = 'OneLevel'
    $siteByDn = @{}
    foreach ($result in @($siteSearcher.FindAll())) {
        $name = [string]($result.Properties['name'] | Select-Object -First 1)
        $site = New-Record @('name', $name, 'subnets', (New-Object System.Collections.ArrayList))
        [void]$sites.Add($site)
        $siteByDn[([string]($result.Properties['distinguishedname'] | Select-Object -First 1)).ToLowerInvariant()] = $site
    }
    $subnetSearcher = New-Object System.DirectoryServices.DirectorySearcher((New-Object System.DirectoryServices.DirectoryEntry("LDAP://CN=Subnets,CN=Sites,$configNc")), '(objectClass=subnet)')
    $subnetSearcher.SearchScope = 'OneLevel'
    foreach ($result in @($subnetSearcher.FindAll())) {
        $cidr = [string]($result.Properties['name'] | Select-Object -First 1)
        $siteDn = [string]($result.Properties['siteobject'] | Select-Object -First 1)
        $site = $siteByDn[$siteDn.ToLowerInvariant()]
        if ($null -ne $site) { [void]$site['subnets'].Add($cidr) }
        else { Add-InventoryProblem 'AD subnets' $cidr "the subnet is not associated with an AD site ($siteDn)" }
    }
} catch { Add-InventoryProblem 'AD sites and subnets' 'the configuration partition' $_.Exception.Message }

# --- Exchange servers -----------------------------------------------------------------------------------------------

$servers = New-Object System.Collections.ArrayList
$exchangeServers = @()
try { $exchangeServers = @(Get-ExchangeServer -ErrorAction Stop) } catch { Add-InventoryProblem 'Exchange servers' 'Get-ExchangeServer' $_.Exception.Message }

foreach ($s in $exchangeServers) {
    $name = Get-Text $s.Name
    $roles = New-Object System.Collections.ArrayList
    if ($s.IsClientAccessServer) { [void]$roles.Add('CAS') }
    if ($s.IsHubTransportServer) { [void]$roles.Add('HT') }
    if ($s.IsMailboxServer) { [void]$roles.Add('MB') }
    if ($s.IsUnifiedMessagingServer) { [void]$roles.Add('UM') }
    if ($s.IsEdgeServer) { [void]$roles.Add('Edge') }
    $server = New-Record @(
        'name', $name,
        'fqdn', (Get-Text $s.Fqdn),
        'site', (Get-LastSegment (Get-Text $s.Site)),
        'roles', $roles,
        'edition', (Get-Text $s.Edition),
        'adminDisplayVersion', (Get-Text $s.AdminDisplayVersion),
        'os', $null,
        'domainController', $false,
        'cores', $null,
        'ramGB', $null,
        'virtualized', $false,
        'nics', (New-Object System.Collections.ArrayList),
        'virtualDirectories', (New-Object System.Collections.ArrayList),
        'outlookAnywhere', $null,
        'autoDiscoverServiceInternalUri', $null,
        'certificates', (New-Object System.Collections.ArrayList)
    )
    $target = Get-Text $s.Fqdn
    if ($target -eq '') { $target = $name }
    try {
        $os = Get-WmiObject -Class Win32_OperatingSystem -ComputerName $target -ErrorAction Stop
        $server['os'] = New-Record @('caption', ([string]$os.Caption).Trim(), 'version', [string]$os.Version, 'servicePack', [int]$os.ServicePackMajorVersion)
        $computer = Get-WmiObject -Class Win32_ComputerSystem -ComputerName $target -ErrorAction Stop
        # DomainRole 4 and 5: backup and primary domain controller.
        $server['domainController'] = ([int]$computer.DomainRole -ge 4)
        $server['cores'] = [int]$computer.NumberOfLogicalProcessors
        $server['ramGB'] = [Math]::Round(([double]$computer.TotalPhysicalMemory) / 1GB, 1)
        # Hyper-V reports Model 'Virtual Machine', VMware 'VMware Virtual Platform', VirtualBox 'VirtualBox'.
        $server['virtualized'] = ([string]$computer.Model -match 'Virtual|VMware')
        $adapters = @(Get-WmiObject -Class Win32_NetworkAdapter -ComputerName $target -ErrorAction Stop)
        foreach ($config in @(Get-WmiObject -Class Win32_NetworkAdapterConfiguration -ComputerName $target -ErrorAction Stop | Where-Object { $_.IPEnabled })) {
            $adapter = $adapters | Where-Object { $_.Index -eq $config.Index } | Select-Object -First 1
            $connection = ''
            if ($null -ne $adapter) { $connection = Get-Text $adapter.NetConnectionID }
            $addresses = New-Object System.Collections.ArrayList
            $ips = @($config.IPAddress)
            $masks = @($config.IPSubnet)
            for ($i = 0; $i -lt $ips.Count; $i++) {
                if ([string]$ips[$i] -notmatch '^\d+\.\d+\.\d+\.\d+$') { continue }   # IPv4 only
                $mask = ''
                if ($i -lt $masks.Count) { $mask = [string]$masks[$i] }
                [void]$addresses.Add((New-Record @('ipv4', [string]$ips[$i], 'subnetMask', $mask)))
            }
            [void]$server['nics'].Add((New-Record @('name', $connection, 'description', (Get-Text $config.Description), 'addresses', $addresses, 'registersInDns', ($config.FullDNSRegistrationEnabled -eq $true))))
        }
    } catch { Add-InventoryProblem 'operating system and NICs (WMI)' $name $_.Exception.Message }

    if ($s.IsClientAccessServer) {
        $kinds = @(
            @('owa', 'Get-OwaVirtualDirectory'),
            @('ecp', 'Get-EcpVirtualDirectory'),
            @('ews', 'Get-WebServicesVirtualDirectory'),
            @('oab', 'Get-OabVirtualDirectory'),
            @('activesync', 'Get-ActiveSyncVirtualDirectory')
        )
        foreach ($kind in $kinds) {
            try {
                foreach ($vdir in @(& $kind[1] -Server $name -ErrorAction Stop)) {
                    [void]$server['virtualDirectories'].Add((New-Record @('kind', $kind[0], 'identity', (Get-Text $vdir.Identity), 'internalUrl', (Get-Text $vdir.InternalUrl), 'externalUrl', (Get-Text $vdir.ExternalUrl))))
                }
            } catch { Add-InventoryProblem ('virtual directories (' + $kind[1] + ')') $name $_.Exception.Message }
        }
        try {
            $cas = Get-ClientAccessServer -Identity $name -ErrorAction Stop
            $server['autoDiscoverServiceInternalUri'] = Get-Text $cas.AutoDiscoverServiceInternalUri
            $oa = @(Get-OutlookAnywhere -Server $name -ErrorAction Stop)
            if ($oa.Count -gt 0) {
                $server['outlookAnywhere'] = New-Record @('externalHostname', (Get-Text $oa[0].ExternalHostname), 'clientAuthenticationMethod', (Get-Text $oa[0].ClientAuthenticationMethod), 'sslOffloading', ($oa[0].SSLOffloading -eq $true))
            }
        } catch { Add-InventoryProblem 'Autodiscover and Outlook Anywhere' $name $_.Exception.Message }
    }
    if (-not $s.IsEdgeServer) {
        try {
            foreach ($cert in @(Get-ExchangeCertificate -Server $name -ErrorAction Stop)) {
                $notAfter = ''
                if ($null -ne $cert.NotAfter) { $notAfter = ([DateTime]$cert.NotAfter).ToUniversalTime().ToString('yyyy-MM-ddTHH:mm:ssZ', [System.Globalization.CultureInfo]::InvariantCulture) }
                [void]$server['certificates'].Add((New-Record @(
                    'thumbprint', (Get-Text $cert.Thumbprint),
                    'subject', (Get-Text $cert.Subject),
                    'issuer', (Get-Text $cert.Issuer),
                    'names', (Get-TextList $cert.CertificateDomains),
                    'notAfter', $notAfter,
                    'services', (Get-Text $cert.Services),
                    'selfSigned', ($cert.IsSelfSigned -eq $true)
                )))
            }
        } catch { Add-InventoryProblem 'certificates' $name $_.Exception.Message }
    }
    [void]$servers.Add($server)
}

# --- CAS arrays -----------------------------------------------------------------------------------------------------

$casArrays = New-Object System.Collections.ArrayList
try {
    foreach ($a in @(Get-ClientAccessArray -ErrorAction Stop)) {
        [void]$casArrays.Add((New-Record @('name', (Get-Text $a.Name), 'fqdn', (Get-Text $a.Fqdn), 'site', (Get-LastSegment (Get-Text $a.Site)), 'members', (Get-TextList $a.Members))))
    }
} catch { Add-InventoryProblem 'CAS arrays' 'Get-ClientAccessArray' $_.Exception.Message }

# --- DAGs -----------------------------------------------------------------------------------------------------------

$dags = New-Object System.Collections.ArrayList
$dagNetworks = @()
try { $dagNetworks = @(Get-DatabaseAvailabilityGroupNetwork -ErrorAction Stop) } catch { Add-InventoryProblem 'DAG networks' 'Get-DatabaseAvailabilityGroupNetwork' $_.Exception.Message }
try {
    foreach ($d in @(Get-DatabaseAvailabilityGroup -ErrorAction Stop)) {
        $dag = New-Record @(
            'name', (Get-Text $d.Name),
            'members', (Get-TextList $d.Servers),
            'witnessServer', (Get-Text $d.WitnessServer),
            'witnessDirectory', (Get-Text $d.WitnessDirectory),
            'alternateWitnessServer', (Get-Text $d.AlternateWitnessServer),
            'alternateWitnessDirectory', (Get-Text $d.AlternateWitnessDirectory),
            'datacenterActivationMode', (Get-Text $d.DatacenterActivationMode),
            'ipAddresses', (Get-TextList $d.DatabaseAvailabilityGroupIpAddresses),
            'networks', (New-Object System.Collections.ArrayList)
        )
        try {
            # The identity of a DAG network is DAG\Network.
            $prefix = (Get-Text $d.Name) + '\'
            foreach ($n in @($dagNetworks | Where-Object { ([string]$_.Identity).StartsWith($prefix, [StringComparison]::OrdinalIgnoreCase) })) {
                $subnets = New-Object System.Collections.ArrayList
                foreach ($sub in @($n.Subnets)) {
                    # "{10.0.1.0/24,Up}" (SubnetId and state) -> the CIDR
                    $text = [string]$sub
                    if ($text -match '(\d+\.\d+\.\d+\.\d+/\d+)') { [void]$subnets.Add($Matches[1]) }
                }
                [void]$dag['networks'].Add((New-Record @('name', (Get-Text $n.Name), 'subnets', $subnets, 'replicationEnabled', ($n.ReplicationEnabled -eq $true), 'mapiAccessEnabled', ($n.MapiAccessEnabled -eq $true))))
            }
        } catch { Add-InventoryProblem 'DAG networks' (Get-Text $d.Name) $_.Exception.Message }
        [void]$dags.Add($dag)
    }
} catch { Add-InventoryProblem 'DAGs' 'Get-DatabaseAvailabilityGroup' $_.Exception.Message }

# --- Mailbox databases and copies ------------------------------------------------------------------------------------

$databases = New-Object System.Collections.ArrayList
try {
    foreach ($db in @(Get-MailboxDatabase -ErrorAction Stop)) {
        $preference = ConvertFrom-PairList $db.ActivationPreference
        $replay = ConvertFrom-PairList $db.ReplayLagTimes
        $truncation = ConvertFrom-PairList $db.TruncationLagTimes
        $copies = New-Object System.Collections.ArrayList
        foreach ($serverName in @($preference.Keys)) {
            $lag = 0
            $truncate = 0
            if ($replay.Contains($serverName)) { $lag = ConvertTo-Days $replay[$serverName] }
            if ($truncation.Contains($serverName)) { $truncate = ConvertTo-Days $truncation[$serverName] }
            [void]$copies.Add((New-Record @('server', [string]$serverName, 'activationPreference', [int]$preference[$serverName], 'replayLagDays', $lag, 'truncationLagDays', $truncate)))
        }
        [void]$databases.Add((New-Record @(
            'name', (Get-Text $db.Name),
            'server', (Get-Text $db.Server),
            'masterServerOrAvailabilityGroup', (Get-Text $db.MasterServerOrAvailabilityGroup),
            'rpcClientAccessServer', (Get-Text $db.RpcClientAccessServer),
            'edbFilePath', (Get-Text $db.EdbFilePath),
            'logFolderPath', (Get-Text $db.LogFolderPath),
            'copies', $copies
        )))
    }
} catch { Add-InventoryProblem 'mailbox databases' 'Get-MailboxDatabase' $_.Exception.Message }

# --- Windows NLB clusters (NetworkLoadBalancingClusters module on this computer) --------------------------------------

$nlbClusters = New-Object System.Collections.ArrayList
$nlbAvailable = $false
try {
    if (@(Get-Module -ListAvailable -Name NetworkLoadBalancingClusters).Count -gt 0) {
        Import-Module NetworkLoadBalancingClusters -ErrorAction Stop
        $nlbAvailable = $true
    } else {
        Add-InventoryProblem 'Windows NLB clusters' $env:COMPUTERNAME 'the NetworkLoadBalancingClusters module is not installed here (install the NLB Tools, RSAT-NLB, or run the script on a CAS server with NLB)'
    }
} catch { Add-InventoryProblem 'Windows NLB clusters' $env:COMPUTERNAME $_.Exception.Message }
if ($nlbAvailable) {
    $seenVips = @{}
    foreach ($s in $exchangeServers) {
        if (-not $s.IsClientAccessServer) { continue }
        $name = Get-Text $s.Name
        try {
            foreach ($c in @(Get-NlbCluster -HostName $name -ErrorAction Stop)) {
                $vip = Get-Text $c.IPAddress
                if ($seenVips.ContainsKey($vip)) { continue }
                $seenVips[$vip] = $true
                $nodes = New-Object System.Collections.ArrayList
                foreach ($node in @(Get-NlbClusterNode -HostName $name -InterfaceName $c.InterfaceName -ErrorAction Stop)) {
                    [void]$nodes.Add((New-Record @('host', (Get-Text $node.Name), 'interfaceName', (Get-Text $node.InterfaceName), 'hostPriority', [int]$node.HostPriority, 'state', (Get-Text $node.State))))
                }
                $rules = New-Object System.Collections.ArrayList
                foreach ($rule in @(Get-NlbClusterPortRule -HostName $name -InterfaceName $c.InterfaceName -ErrorAction Stop)) {
                    [void]$rules.Add((New-Record @('startPort', [int]$rule.StartPort, 'endPort', [int]$rule.EndPort, 'protocol', (Get-Text $rule.Protocol), 'mode', (Get-Text $rule.FilteringMode), 'affinity', (Get-Text $rule.Affinity))))
                }
                [void]$nlbClusters.Add((New-Record @('name', (Get-Text $c.Name), 'vip', $vip, 'subnetMask', (Get-Text $c.SubnetMask), 'mode', (Get-Text $c.Mode), 'nodes', $nodes, 'portRules', $rules)))
            }
        } catch { Add-InventoryProblem 'Windows NLB clusters' $name $_.Exception.Message }
    }
}

# --- The inventory ------------------------------------------------------------------------------------------------------

$inventory = New-Record @(
    'format', 'extopo-inventory',
    'formatVersion', 1,
    'collectedAt', ([DateTime]::UtcNow.ToString('yyyy-MM-ddTHH:mm:ssZ', [System.Globalization.CultureInfo]::InvariantCulture)),
    'collectedOn', [string]$env:COMPUTERNAME,
    'powershellVersion', $PSVersionTable.PSVersion.ToString(),
    'organization', $organization,
    'sites', $sites,
    'servers', $servers,
    'casArrays', $casArrays,
    'dags', $dags,
    'databases', $databases,
    'nlbClusters', $nlbClusters,
    'problems', $script:Problems
)
$json = ConvertTo-InventoryJson $inventory

if ($PassThru) {
    $json
} else {
    if ($Path -eq '') {
        $orgName = $organization['name'] -replace '[^A-Za-z0-9-]', '_'
        $Path = Join-Path (Get-Location).ProviderPath ('ExTopo-Inventory-' + $orgName + '-' + [DateTime]::UtcNow.ToString('yyyyMMdd-HHmmss') + '.json')
    }
    [System.IO.File]::WriteAllText($Path, $json, (New-Object System.Text.UTF8Encoding($false)))
    Write-Host ("ExTopo inventory: {0} servers, {1} DAGs, {2} databases, {3} CAS arrays, {4} NLB clusters; {5} problem(s). Written to {6}" -f $servers.Count, $dags.Count, $databases.Count, $casArrays.Count, $nlbClusters.Count, $script:Problems.Count, $Path)
}
