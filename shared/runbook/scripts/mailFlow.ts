// Mail flow (mailFlowActions.ts): accepted domains, the default e-mail address policy, the Internet send connector and
// the anonymous permission of the Hub Transport servers' Default receive connectors, the Edge Subscription (export on
// the Edge, import on a Hub Transport server, EdgeSync), POP3 / IMAP4 with the certificate, the verification. The
// conventions of conventions.ts hold: Windows PowerShell 2.0 only, every design value through the `ps` template,
// `-WhatIf:$DryRun -ErrorAction Stop` on every command that changes something, a check that outputs $true when the
// work is done.
//
// Exchange 2010 syntax, as the cmdlet reference (MicrosoftDocs/office-docs-powershell, exchange-ps) gives it:
// - New-AcceptedDomain [-Name] -DomainName [-DomainType Authoritative|ExternalRelay|InternalRelay];
//   Set-AcceptedDomain [-Identity] [-DomainType] [-MakeDefault $true]; Get-AcceptedDomain: DomainName, DomainType, Default.
// - Set-EmailAddressPolicy [-Identity] -EnabledEmailAddressTemplates ("SMTP:" = the primary address, "smtp:" = proxy
//   addresses; it cannot be combined with -EnabledPrimarySMTPAddressTemplate); Update-EmailAddressPolicy [-Identity].
// - New-SendConnector [-Name] -AddressSpaces [-Usage Custom|Internal|Internet|Partner] [-SourceTransportServers]
//   [-DNSRoutingEnabled]; Set-SendConnector [-Identity] with the same parameters (no -Usage).
// - Get-ReceiveConnector [-Identity] (<server>\<name>); Set-ReceiveConnector [-Identity] -PermissionGroups
//   (AnonymousUsers, ExchangeUsers, ExchangeServers, ExchangeLegacyServers, Partners, Custom, None). The groups are
//   REPLACED, so the ones the connector has are passed again with AnonymousUsers.
// - New-EdgeSubscription -FileName (on the Edge Transport server; -Force skips the confirmation when scripted) and
//   -FileData <Byte[]> -Site (on a Hub Transport server of the site); Get-EdgeSubscription [-Identity];
//   Start-EdgeSynchronization [-Server] [-TargetServer]; Test-EdgeSynchronization -ExcludeRecipientTest [-TargetServer]
//   (SyncStatus Normal).
// - Set-PopSettings / Set-ImapSettings [-Server] [-X509CertificateName] (no -Identity); Get-PopSettings /
//   Get-ImapSettings [-Server]. The certificate must be enabled for POP / IMAP (Enable-ExchangeCertificate, namespace
//   phase) and the service restarted.
// On an Edge Transport server the Exchange Management Shell is the local snap-in (Edge servers have no remote
// Exchange endpoint): Add-PSSnapin Microsoft.Exchange.Management.PowerShell.E2010.
import { ps, psJoin, PS_EMPTY } from '../../powershell/template';
import type { PsCode } from '../../powershell/template';
import type { MailFlowAction } from '../mailFlowActions';
import { EDGE_SUBSCRIPTION_VALID_MINUTES, EXCHANGE_SNAPIN, PROTOCOL_RESTART_KEY } from '../mailFlowActions';
import { SAFE } from './conventions';
import type { RenderedCode } from './conventions';

type Of<K extends MailFlowAction['kind']> = Extract<MailFlowAction, { kind: K }>;

/** Loads the Exchange snap-in on an Edge Transport server (a no-op when the shell has it). */
const EDGE_SHELL = ps`if (@(Get-PSSnapin -Name ${EXCHANGE_SNAPIN} -ErrorAction SilentlyContinue).Count -eq 0) { Add-PSSnapin -Name ${EXCHANGE_SNAPIN} -ErrorAction Stop }`;

/** The folder of a Windows path (C:\\ExTopo\\Edge\\EDGE1.xml → C:\\ExTopo\\Edge). */
function folderOf(path: string): string {
  const cut = path.lastIndexOf('\\');
  return cut <= 2 ? path.slice(0, 3) : path.slice(0, cut);
}

/** Sets $domain to the accepted domain with that domain name ($null when there is none). */
function findAcceptedDomain(domainName: string): PsCode {
  return ps`
    $domain = $null
    $found = @(Get-AcceptedDomain -ErrorAction SilentlyContinue | Where-Object { [string]$_.DomainName -eq ${domainName} })
    if ($found.Count -gt 0) { $domain = $found[0] }`;
}

function acceptedDomain(a: Of<'accepted-domain'>): RenderedCode {
  const find = findAcceptedDomain(a.domainName);
  const makeDefault = a.makeDefault
    ? ps`
      ${find}
      if ($null -eq $domain) {
        # Only a dry run gets here: New-AcceptedDomain ran with -WhatIf.
        if ($DryRun) { Write-Host ('What if: make ' + ${a.domainName} + ' the default accepted domain') } else { throw ('The accepted domain ' + ${a.domainName} + ' was not created.') }
      } elseif (-not [bool]$domain.Default) {
        Set-AcceptedDomain -Identity ([string]$domain.Name) -MakeDefault $true${SAFE}
      }`
    : PS_EMPTY;
  const defaultCheck = a.makeDefault ? ps` -and [bool]$domain.Default` : PS_EMPTY;
  return {
    script: ps`
      ${find}
      if ($null -eq $domain) {
        New-AcceptedDomain -Name ${a.name} -DomainName ${a.domainName} -DomainType Authoritative${SAFE} | Out-Null
      } elseif ([string]$domain.DomainType -ne 'Authoritative') {
        Set-AcceptedDomain -Identity ([string]$domain.Name) -DomainType Authoritative${SAFE}
      }
      ${makeDefault}`,
    check: ps`
      ${find}
      ($null -ne $domain) -and ([string]$domain.DomainType -eq 'Authoritative')${defaultCheck}`,
  };
}

function emailAddressPolicy(a: Of<'email-address-policy'>): RenderedCode {
  // The templates as text ("SMTP:%m@contoso.com"); SMTP (upper case) is the primary address, smtp a proxy address.
  const read = ps`
    $policy = @(Get-EmailAddressPolicy -Identity ${a.policy} -ErrorAction SilentlyContinue)
    $templates = @()
    if ($policy.Count -gt 0) { $templates = @($policy[0].EnabledEmailAddressTemplates | ForEach-Object { [string]$_ }) }
    $primary = @($templates | Where-Object { $_ -cmatch '^SMTP:' })
    $primaryOk = ($primary.Count -gt 0) -and ($primary[0] -match ('@' + [regex]::Escape(${a.primaryDomain}) + '$'))
    $proxyDomains = @($templates | Where-Object { $_ -cmatch '^smtp:' } | ForEach-Object { $_.Substring($_.LastIndexOf('@') + 1) })
    $missing = @(${[...a.additionalDomains]} | Where-Object { $proxyDomains -notcontains $_ })`;
  return {
    script: ps`
      ${read}
      if ($policy.Count -eq 0) { throw ('The e-mail address policy ' + ${a.policy} + ' was not found.') }
      if ($primaryOk -and $missing.Count -eq 0) { return }
      # Keep the local part the policy uses (%m, %g.%s, ...); the old primary address stays as a proxy address.
      $local = '%m'
      if ($primary.Count -gt 0 -and $primary[0].LastIndexOf('@') -ge 5) { $local = $primary[0].Substring(5, $primary[0].LastIndexOf('@') - 5) }
      $new = @('SMTP:' + $local + '@' + ${a.primaryDomain})
      foreach ($domainName in ${[...a.additionalDomains]}) { $new += ('smtp:' + $local + '@' + $domainName) }
      foreach ($template in $templates) {
        $keep = $template
        if ($keep -cmatch '^SMTP:') { $keep = 'smtp:' + $keep.Substring(5) }
        if (@($new | Where-Object { $_ -eq $keep }).Count -eq 0) { $new += $keep }
      }
      Set-EmailAddressPolicy -Identity ${a.policy} -EnabledEmailAddressTemplates $new${SAFE}
      Update-EmailAddressPolicy -Identity ${a.policy}${SAFE}`,
    check: ps`
      ${read}
      ($policy.Count -gt 0) -and $primaryOk -and ($missing.Count -eq 0)`,
  };
}

/** Sets $connector ($null when none), $spaces and $sources (text) and $differ (what is not as planned). */
function readSendConnector(a: Of<'internet-send-connector'>): PsCode {
  return ps`
    $connector = $null
    $found = @(Get-SendConnector -ErrorAction SilentlyContinue | Where-Object { [string]$_.Name -eq ${a.name} })
    if ($found.Count -gt 0) { $connector = $found[0] }
    $differ = @()
    if ($null -ne $connector) {
      # AddressSpaces read back as SMTP:*;1 (type, space, cost); SourceTransportServers as server names.
      $spaces = @($connector.AddressSpaces | ForEach-Object { ([string]$_ -replace '^[^:]*:', '') -replace ';\d+$', '' })
      $sources = @($connector.SourceTransportServers | ForEach-Object { [string]$_ })
      foreach ($space in ${[...a.addressSpaces]}) { if ($spaces -notcontains $space) { $differ += ('address space ' + $space) } }
      foreach ($source in ${[...a.sourceServers]}) { if ($sources -notcontains $source) { $differ += ('source server ' + $source) } }
      if (-not [bool]$connector.DNSRoutingEnabled) { $differ += 'DNS routing' }
    }`;
}

function internetSendConnector(a: Of<'internet-send-connector'>): RenderedCode {
  const read = readSendConnector(a);
  return {
    script: ps`
      ${read}
      if ($null -eq $connector) {
        New-SendConnector -Name ${a.name} -Usage Internet -AddressSpaces ${[...a.addressSpaces]} -SourceTransportServers ${[...a.sourceServers]} -DNSRoutingEnabled $true${SAFE} | Out-Null
      } elseif ($differ.Count -gt 0) {
        Set-SendConnector -Identity ${a.name} -AddressSpaces ${[...a.addressSpaces]} -SourceTransportServers ${[...a.sourceServers]} -DNSRoutingEnabled $true${SAFE}
      }`,
    check: ps`
      ${read}
      ($null -ne $connector) -and ($differ.Count -eq 0)`,
  };
}

function receiveConnectorAnonymous(a: Of<'receive-connector-anonymous'>): RenderedCode {
  const read = ps`
    $identity = ${a.server} + '\' + ${a.connector}
    $receive = @(Get-ReceiveConnector -Identity $identity -ErrorAction SilentlyContinue)
    $groups = @()
    if ($receive.Count -gt 0) { $groups = @(([string]$receive[0].PermissionGroups).Split(',') | ForEach-Object { $_.Trim() } | Where-Object { $_ -ne '' -and $_ -ne 'None' -and $_ -ne 'Custom' }) }`;
  return {
    script: ps`
      ${read}
      if ($receive.Count -eq 0) { throw ('The receive connector ' + $identity + ' was not found: Hub Transport setup creates it on every Hub Transport server.') }
      if ($groups -contains 'AnonymousUsers') { return }
      # -PermissionGroups replaces the groups: the ones the connector has, plus AnonymousUsers.
      Set-ReceiveConnector -Identity $identity -PermissionGroups ((@($groups) + 'AnonymousUsers') -join ',')${SAFE}`,
    check: ps`
      ${read}
      ($receive.Count -gt 0) -and ($groups -contains 'AnonymousUsers')`,
  };
}

function edgeSubscriptionExport(a: Of<'edge-subscription-export'>): RenderedCode {
  // Done once the file is there, or once the Edge has the connectors EdgeSync replicates (the file may be gone then).
  const done = ps`
    ${EDGE_SHELL}
    $exported = Test-Path -LiteralPath ${a.filePath}
    $synchronized = @(Get-SendConnector -ErrorAction SilentlyContinue | Where-Object { [string]$_.Name -like 'EdgeSync - *' }).Count -gt 0`;
  return {
    script: ps`
      ${done}
      if ($exported -or $synchronized) { return }
      $folder = ${folderOf(a.filePath)}
      if (-not $DryRun -and -not (Test-Path -LiteralPath $folder)) { New-Item -ItemType Directory -Path $folder -ErrorAction Stop | Out-Null }
      # The file holds the Edge's certificate and a bootstrap account that expires after 24 hours; -Force: no prompt when scripted.
      New-EdgeSubscription -FileName ${a.filePath} -Force${SAFE}`,
    check: ps`
      ${done}
      $exported -or $synchronized`,
  };
}

function edgeSubscriptionImport(a: Of<'edge-subscription-import'>): RenderedCode {
  const find = ps`$subscription = @(Get-EdgeSubscription -ErrorAction SilentlyContinue | Where-Object { [string]$_.Name -eq ${a.edgeServer} })`;
  return {
    script: ps`
      ${find}
      if ($subscription.Count -gt 0) { return }
      if (-not (Test-Path -LiteralPath ${a.filePath})) {
        if ($DryRun) { Write-Host ('What if: import the Edge Subscription file ' + ${a.filePath} + ' for site ' + ${a.site}); return }
        throw ('The Edge Subscription file of ' + ${a.edgeServer} + ' is not at ' + ${a.filePath} + ': copy it from the Edge Transport server (the operator step before this one) within ' + ${EDGE_SUBSCRIPTION_VALID_MINUTES} + ' minutes of its export, then run this step again.')
      }
      # Exchange 2010: the file's bytes through -FileData.
      New-EdgeSubscription -FileData ([byte[]]$(Get-Content -Path ${a.filePath} -Encoding Byte -ReadCount 0)) -Site ${a.site}${SAFE}`,
    check: ps`
      ${find}
      $subscription.Count -gt 0`,
  };
}

function edgeSynchronization(a: Of<'edge-synchronization'>): RenderedCode {
  const status = ps`$normal = @(Test-EdgeSynchronization -ExcludeRecipientTest -TargetServer ${a.edgeServer} -ErrorAction SilentlyContinue | Where-Object { [string]$_.SyncStatus -eq 'Normal' }).Count -gt 0`;
  return {
    script: ps`
      ${status}
      if ($normal) { return }
      Start-EdgeSynchronization -Server ${a.hubServer} -TargetServer ${a.edgeServer}${SAFE}`,
    check: ps`
      ${status}
      $normal`,
  };
}

function protocolCertificate(a: Of<'protocol-certificate'>): RenderedCode {
  const get = a.protocol === 'POP' ? ps`Get-PopSettings` : ps`Get-ImapSettings`;
  const set = a.protocol === 'POP' ? ps`Set-PopSettings` : ps`Set-ImapSettings`;
  const read = ps`
    $settings = @(${get} -Server ${a.server} -ErrorAction SilentlyContinue)
    $current = ''
    if ($settings.Count -gt 0) { $current = [string]$settings[0].X509CertificateName }`;
  return {
    script: ps`
      ${read}
      if ($current -eq ${a.certificateName}) { return }
      # -X509CertificateName through a splat: the same parameter, in a form every PowerShell grammar we check reads.
      $certificate = @{ X509CertificateName = ${a.certificateName} }
      ${set} -Server ${a.server} @certificate${SAFE}`,
    check: ps`
      ${read}
      $current -eq ${a.certificateName}`,
  };
}

function protocolService(a: Of<'protocol-service'>): RenderedCode {
  // The registry value records the certificate the service was last (re)started for: a changed certificate name
  // restarts the service once, a re-run with the same one changes nothing.
  const read = ps`
    $service = @(Get-WmiObject -Class Win32_Service -Filter ('Name=''' + ${a.service} + '''') -ErrorAction SilentlyContinue)
    $marker = Get-ItemProperty -Path ${PROTOCOL_RESTART_KEY} -Name ${a.service} -ErrorAction SilentlyContinue
    $restartedFor = ''
    if ($null -ne $marker) { $restartedFor = [string]$marker.PSObject.Properties[${a.service}].Value }`;
  return {
    script: ps`
      ${read}
      if ($service.Count -eq 0) { throw ('The service ' + ${a.service} + ' does not exist: is this a Client Access server?') }
      Set-Service -Name ${a.service} -StartupType Automatic${SAFE}
      if ([string]$service[0].State -eq 'Running') { Restart-Service -Name ${a.service} -Force${SAFE} } else { Start-Service -Name ${a.service}${SAFE} }
      if (-not (Test-Path -Path ${PROTOCOL_RESTART_KEY})) { New-Item -Path ${PROTOCOL_RESTART_KEY} -Force${SAFE} | Out-Null }
      New-ItemProperty -Path ${PROTOCOL_RESTART_KEY} -Name ${a.service} -PropertyType String -Value ${a.certificateName} -Force${SAFE} | Out-Null`,
    check: ps`
      ${read}
      ($service.Count -gt 0) -and ([string]$service[0].StartMode -eq 'Auto') -and ([string]$service[0].State -eq 'Running') -and ($restartedFor -eq ${a.certificateName})`,
  };
}

function verifyMailFlow(a: Of<'verify-mail-flow'>): RenderedCode {
  const subscriptions =
    a.edgeSubscriptions.length > 0
      ? ps`
        $subscribed = @(Get-EdgeSubscription -ErrorAction SilentlyContinue | ForEach-Object { [string]$_.Name })
        foreach ($edge in ${[...a.edgeSubscriptions]}) { if ($subscribed -notcontains $edge) { $problems += ('Edge Transport server ' + $edge + ' is not subscribed') } }`
      : PS_EMPTY;
  const body = psJoin([
    ps`
      $problems = @()
      $domains = @(Get-AcceptedDomain -ErrorAction SilentlyContinue)
      foreach ($name in ${[...a.acceptedDomains]}) {
        $match = @($domains | Where-Object { [string]$_.DomainName -eq $name -and [string]$_.DomainType -eq 'Authoritative' })
        if ($match.Count -eq 0) { $problems += ('no authoritative accepted domain ' + $name) }
      }
      $connectors = @(Get-SendConnector -ErrorAction SilentlyContinue)
      foreach ($name in ${[...a.sendConnectors]}) {
        $match = @($connectors | Where-Object { [string]$_.Name -eq $name })
        if ($match.Count -eq 0) { $problems += ('no send connector ' + $name); continue }
        $spaces = @($match[0].AddressSpaces | ForEach-Object { ([string]$_ -replace '^[^:]*:', '') -replace ';\d+$', '' })
        if ($spaces -notcontains '*') { $problems += ('send connector ' + $name + ' does not route address space *') }
      }`,
    subscriptions,
  ]);
  return {
    script: ps`
      ${body}
      if ($problems.Count -gt 0) { throw ('Mail flow check failed: ' + ($problems -join '; ')) }`,
    check: ps`
      ${body}
      $problems.Count -eq 0`,
  };
}

export function renderMailFlowAction(action: MailFlowAction): RenderedCode {
  switch (action.kind) {
    case 'accepted-domain':
      return acceptedDomain(action);
    case 'email-address-policy':
      return emailAddressPolicy(action);
    case 'internet-send-connector':
      return internetSendConnector(action);
    case 'receive-connector-anonymous':
      return receiveConnectorAnonymous(action);
    case 'edge-subscription-export':
      return edgeSubscriptionExport(action);
    case 'edge-subscription-import':
      return edgeSubscriptionImport(action);
    case 'edge-synchronization':
      return edgeSynchronization(action);
    case 'protocol-certificate':
      return protocolCertificate(action);
    case 'protocol-service':
      return protocolService(action);
    case 'verify-mail-flow':
      return verifyMailFlow(action);
  }
}
