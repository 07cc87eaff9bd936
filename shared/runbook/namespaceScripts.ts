// PowerShell of the client access namespace's actions (namespaceActions.ts), with the conventions of scripts.ts:
// Windows PowerShell 2.0 only, every design value through the `ps` template, `-WhatIf:$DryRun -ErrorAction Stop` on
// every command that changes something, a check that outputs $true when the work is done.
//
// Exchange 2010 SP3 syntax (namespace.md §0, §3): New-ExchangeCertificate -GenerateRequest RETURNS the PKCS#10 text
// (there is no -RequestFile); Import-ExchangeCertificate takes the file's bytes through -FileData; Export-Exchange-
// Certificate returns an object whose .FileData holds the PFX (there is no -FileName). Enable-OutlookAnywhere is the
// 2010 cmdlet (external host name only).
import { ps, psJoin, PS_EMPTY } from '../powershell/template';
import type { PsCode } from '../powershell/template';
import type { NamespaceAction } from './namespaceActions';

export interface NamespaceRenderedCode {
  readonly script: PsCode;
  readonly check: PsCode;
}

const SAFE = ps` -WhatIf:$DryRun -ErrorAction Stop`;

/** The Get-/Set- cmdlet pair of each virtual directory. */
const VDIR_CMDLETS: Readonly<Record<string, { readonly get: string; readonly set: string }>> = {
  owa: { get: 'Get-OwaVirtualDirectory', set: 'Set-OwaVirtualDirectory' },
  ecp: { get: 'Get-EcpVirtualDirectory', set: 'Set-EcpVirtualDirectory' },
  ews: { get: 'Get-WebServicesVirtualDirectory', set: 'Set-WebServicesVirtualDirectory' },
  oab: { get: 'Get-OabVirtualDirectory', set: 'Set-OabVirtualDirectory' },
  eas: { get: 'Get-ActiveSyncVirtualDirectory', set: 'Set-ActiveSyncVirtualDirectory' },
};

/** Cmdlet names are static text of ours (never design values): one fragment per cmdlet. */
const CMDLET_CODE: Readonly<Record<string, PsCode>> = {
  'Get-OwaVirtualDirectory': ps`Get-OwaVirtualDirectory`,
  'Set-OwaVirtualDirectory': ps`Set-OwaVirtualDirectory`,
  'Get-EcpVirtualDirectory': ps`Get-EcpVirtualDirectory`,
  'Set-EcpVirtualDirectory': ps`Set-EcpVirtualDirectory`,
  'Get-WebServicesVirtualDirectory': ps`Get-WebServicesVirtualDirectory`,
  'Set-WebServicesVirtualDirectory': ps`Set-WebServicesVirtualDirectory`,
  'Get-OabVirtualDirectory': ps`Get-OabVirtualDirectory`,
  'Set-OabVirtualDirectory': ps`Set-OabVirtualDirectory`,
  'Get-ActiveSyncVirtualDirectory': ps`Get-ActiveSyncVirtualDirectory`,
  'Set-ActiveSyncVirtualDirectory': ps`Set-ActiveSyncVirtualDirectory`,
};

/** The value of -ExternalUrl / -InternalUrl: the URL, or $null to clear it. */
function urlValue(url: string): PsCode {
  return url === '' ? ps`$null` : ps`${url}`;
}

type Of<K extends NamespaceAction['kind']> = Extract<NamespaceAction, { kind: K }>;

function namespaceUrls(a: Of<'namespace-urls'>): NamespaceRenderedCode {
  // [string] of a Uri property ('' for $null); -ne compares without case, as DNS names are.
  const read = (get: PsCode, u: Of<'namespace-urls'>['urls'][number]) => ps`
    $vdir = @(${get} -Server ${a.server} -ErrorAction SilentlyContinue)
    if ($vdir.Count -eq 0) { $differ += (${u.vdir} + ' (no virtual directory)') }
    elseif ([string]$vdir[0].InternalUrl -ne ${u.internalUrl} -or [string]$vdir[0].ExternalUrl -ne ${u.externalUrl}) { $differ += ${u.vdir} }`;
  const sets = psJoin(
    a.urls.map((u) => {
      const c = VDIR_CMDLETS[u.service];
      return ps`
        $differ = @()
        ${read(CMDLET_CODE[c.get], u)}
        if ($differ.Count -gt 0) {
          ${CMDLET_CODE[c.set]} -Identity (${a.server} + '\' + ${u.vdir} + ' (Default Web Site)') -InternalUrl ${urlValue(u.internalUrl)} -ExternalUrl ${urlValue(u.externalUrl)}${SAFE}
        }`;
    }),
  );
  const checks = psJoin(a.urls.map((u) => read(CMDLET_CODE[VDIR_CMDLETS[u.service].get], u)));
  return {
    script: sets,
    check: ps`
      $differ = @()
      ${checks}
      $differ.Count -eq 0`,
  };
}

function autodiscoverScp(a: Of<'autodiscover-scp'>): NamespaceRenderedCode {
  return {
    script: ps`Set-ClientAccessServer -Identity ${a.server} -AutoDiscoverServiceInternalUri ${a.uri} -AutoDiscoverSiteScope ${a.siteScope}${SAFE}`,
    check: ps`
      $cas = Get-ClientAccessServer -Identity ${a.server} -ErrorAction SilentlyContinue
      ($null -ne $cas) -and ([string]$cas.AutoDiscoverServiceInternalUri -eq ${a.uri})`,
  };
}

function enableOutlookAnywhere(a: Of<'enable-outlook-anywhere'>): NamespaceRenderedCode {
  const read = ps`$oa = @(Get-OutlookAnywhere -Server ${a.server} -ErrorAction SilentlyContinue)`;
  return {
    // Enable the first time; an Outlook Anywhere already enabled with other values is corrected with Set-OutlookAnywhere.
    script: ps`
      ${read}
      if ($oa.Count -eq 0) {
        Enable-OutlookAnywhere -Server ${a.server} -ExternalHostname ${a.externalHostname} -ClientAuthenticationMethod ${a.clientAuthentication} -SSLOffloading ${a.sslOffloading}${SAFE}
      } else {
        Set-OutlookAnywhere -Identity (${a.server} + '\Rpc (Default Web Site)') -ExternalHostname ${a.externalHostname} -ClientAuthenticationMethod ${a.clientAuthentication} -SSLOffloading ${a.sslOffloading}${SAFE}
      }`,
    check: ps`
      ${read}
      ($oa.Count -gt 0) -and ([string]$oa[0].ExternalHostname -eq ${a.externalHostname}) -and ([string]$oa[0].ClientAuthenticationMethod -eq ${a.clientAuthentication}) -and ([bool]$oa[0].SSLOffloading -eq ${a.sslOffloading})`,
  };
}

/** Sets $certs to the server's certificates (not self-signed) whose names include every planned name. */
function matchingCertificates(server: string, domains: readonly string[], status: 'any' | 'Valid'): PsCode {
  const statusFilter = status === 'Valid' ? ps` -and [string]$_.Status -eq 'Valid'` : PS_EMPTY;
  return ps`
    $wanted = ${[...domains]}
    $certs = @(Get-ExchangeCertificate -Server ${server} -ErrorAction SilentlyContinue | Where-Object {
      $names = @($_.CertificateDomains | ForEach-Object { [string]$_ })
      (-not $_.IsSelfSigned)${statusFilter} -and (@($wanted | Where-Object { $names -notcontains $_ }).Count -eq 0)
    })`;
}

/** The folder of a Windows path (C:\\ExTopo\\Certificates\\x.req → C:\\ExTopo\\Certificates). */
function folderOf(path: string): string {
  const cut = path.lastIndexOf('\\');
  return cut <= 2 ? path.slice(0, 3) : path.slice(0, cut);
}

function certificateRequest(a: Of<'certificate-request'>): NamespaceRenderedCode {
  const found = matchingCertificates(a.server, a.domains, 'any');
  return {
    script: ps`
      ${found}
      if (@($certs | Where-Object { [string]$_.Status -eq 'Valid' }).Count -gt 0) { return }
      if ($certs.Count -gt 0 -and (Test-Path -LiteralPath ${a.requestPath})) { return }
      # The files are on the computer that runs this step (the Exchange commands are imported from the server).
      $folder = ${folderOf(a.requestPath)}
      if (-not $DryRun -and -not (Test-Path -LiteralPath $folder)) { New-Item -ItemType Directory -Path $folder -ErrorAction Stop | Out-Null }
      # Exchange 2010 returns the PKCS#10 request as text (no -RequestFile); the key stays exportable for the other members.
      $request = New-ExchangeCertificate -Server ${a.server} -GenerateRequest -SubjectName ${a.subjectName} -DomainName ${[...a.domains]} -KeySize ${a.keySize} -PrivateKeyExportable $true -FriendlyName ${a.friendlyName}${SAFE}
      if (-not $DryRun) { Set-Content -Path ${a.requestPath} -Value $request -ErrorAction Stop }`,
    check: ps`
      ${found}
      (@($certs | Where-Object { [string]$_.Status -eq 'Valid' }).Count -gt 0) -or (($certs.Count -gt 0) -and (Test-Path -LiteralPath ${a.requestPath}))`,
  };
}

/** Sets $enabled: whether $cert is enabled for every planned service. */
function servicesEnabled(services: readonly string[]): PsCode {
  return ps`
    $have = @(([string]$cert.Services).Split(',') | ForEach-Object { $_.Trim() })
    $enabled = @(${[...services]} | Where-Object { $have -notcontains $_ }).Count -eq 0`;
}

function enableCertificate(server: string, services: readonly string[]): PsCode {
  // Enabling for SMTP asks to replace the default SMTP certificate: -Force answers for the runbook.
  const force = services.includes('SMTP') ? ps` -Force` : PS_EMPTY;
  return ps`Enable-ExchangeCertificate -Server ${server} -Thumbprint $thumbprint -Services ${[...services]}${force}${SAFE}`;
}

function certificateComplete(a: Of<'certificate-complete'>): NamespaceRenderedCode {
  const found = matchingCertificates(a.server, a.domains, 'any');
  return {
    script: ps`
      ${found}
      if ($certs.Count -eq 0) { throw ('No certificate request for ' + ${a.domains[0] ?? ''} + ' on ' + ${a.server} + ': run the request step first.') }
      $cert = $certs[0]
      $thumbprint = [string]$cert.Thumbprint
      if ([string]$cert.Status -ne 'Valid') {
        if (-not (Test-Path -LiteralPath ${a.certificatePath})) { throw ('The issued certificate is not at ' + ${a.certificatePath} + ': save the certification authority''s answer there (the operator step before this one), then run this step again.') }
        # Exchange 2010: the file's bytes through -FileData (no -FileName).
        $imported = Import-ExchangeCertificate -Server ${a.server} -FileData ([Byte[]]$(Get-Content -Path ${a.certificatePath} -Encoding Byte -ReadCount 0))${SAFE}
        if ($DryRun) { return }
        $thumbprint = [string]$imported.Thumbprint
      }
      ${enableCertificate(a.server, a.services)}`,
    check: ps`
      ${matchingCertificates(a.server, a.domains, 'Valid')}
      if ($certs.Count -eq 0) { $false; return }
      $cert = $certs[0]
      ${servicesEnabled(a.services)}
      $enabled`,
  };
}

function certificateCopy(a: Of<'certificate-copy'>): NamespaceRenderedCode {
  const source = matchingCertificates(a.sourceServer, a.domains, 'Valid');
  const here = ps`
    $cert = $null
    $found = @(Get-ExchangeCertificate -Server ${a.server} -ErrorAction SilentlyContinue | Where-Object { [string]$_.Thumbprint -eq $thumbprint })
    if ($found.Count -gt 0) { $cert = $found[0] }`;
  return {
    script: ps`
      ${source}
      if ($certs.Count -eq 0) { throw ('The certificate for ' + ${a.domains[0] ?? ''} + ' is not complete on ' + ${a.sourceServer} + ' yet: run the steps that request and complete it there first.') }
      $thumbprint = [string]$certs[0].Thumbprint
      ${here}
      if ($null -eq $cert) {
        if ($DryRun) { Write-Host ('What if: export certificate ' + $thumbprint + ' with its private key from ' + ${a.sourceServer} + ', import it on ' + ${a.server} + ' and enable it for ' + ${a.services.join(', ')}); return }
        # The PFX password protects the key only while it travels in this script: made here, never written or shown.
        $password = ConvertTo-SecureString -String ([guid]::NewGuid().ToString() + [guid]::NewGuid().ToString()) -AsPlainText -Force
        # Exchange 2010: the PFX comes back in .FileData (no -FileName) and goes in through -FileData.
        $export = Export-ExchangeCertificate -Server ${a.sourceServer} -Thumbprint $thumbprint -BinaryEncoded:$true -Password $password${SAFE}
        Import-ExchangeCertificate -Server ${a.server} -FileData $export.FileData -Password $password -PrivateKeyExportable $true${SAFE} | Out-Null
        $password = $null
      }
      ${enableCertificate(a.server, a.services)}`,
    check: ps`
      ${source}
      if ($certs.Count -eq 0) { $false; return }
      $thumbprint = [string]$certs[0].Thumbprint
      ${here}
      if ($null -eq $cert) { $false; return }
      ${servicesEnabled(a.services)}
      $enabled`,
  };
}

function verifyNamespace(a: Of<'verify-namespace'>): NamespaceRenderedCode {
  const entries = psJoin(
    a.names.map((n) => ps`@{ Name = ${n.host}; Address = ${n.address} }`),
    ', ',
  );
  // nslookup against the named DNS server (Resolve-DnsName is 2012+); then TLS to the VIP with the name: the default
  // validation refuses a certificate that does not cover the name or is not trusted.
  const body = ps`
    $problems = @()
    foreach ($entry in @(${entries})) {
      $answer = @(& nslookup.exe $entry.Name ${a.dnsServer} 2>$null)
      $afterName = $false
      $resolved = @()
      foreach ($line in $answer) {
        if ([string]$line -match '^Name:') { $afterName = $true; continue }
        if ($afterName -and [string]$line -match '(\d{1,3}(\.\d{1,3}){3})') { $resolved += $matches[1] }
      }
      if ($resolved.Count -ne 1 -or $resolved[0] -ne $entry.Address) { $problems += ($entry.Name + ' resolves to ' + ($resolved -join ', ') + ' on ' + ${a.dnsServer} + ' instead of only ' + $entry.Address) }
      $client = New-Object -TypeName System.Net.Sockets.TcpClient
      try {
        $client.Connect($entry.Address, 443)
        $stream = $client.GetStream()
        $ssl = New-Object -TypeName System.Net.Security.SslStream -ArgumentList @($stream, $false)
        $ssl.AuthenticateAsClient($entry.Name)
        $subject = [string]$ssl.RemoteCertificate.Subject
        if (-not ($subject -match ('(^|,\s*)CN=' + [regex]::Escape(${a.subject}) + '(,|$)'))) { $problems += ($entry.Name + ' answers with the certificate of ' + $subject + ', not CN=' + ${a.subject}) }
        $ssl.Close()
      } catch {
        $problems += ($entry.Name + ' at ' + $entry.Address + ':443: ' + $_.Exception.Message)
      } finally { $client.Close() }
    }`;
  return {
    script: ps`
      ${body}
      if ($problems.Count -gt 0) { throw ('Client access names check failed: ' + ($problems -join '; ')) }`,
    check: ps`
      ${body}
      $problems.Count -eq 0`,
  };
}

export function renderNamespaceAction(action: NamespaceAction): NamespaceRenderedCode {
  switch (action.kind) {
    case 'namespace-urls':
      return namespaceUrls(action);
    case 'autodiscover-scp':
      return autodiscoverScp(action);
    case 'enable-outlook-anywhere':
      return enableOutlookAnywhere(action);
    case 'certificate-request':
      return certificateRequest(action);
    case 'certificate-complete':
      return certificateComplete(action);
    case 'certificate-copy':
      return certificateCopy(action);
    case 'verify-namespace':
      return verifyNamespace(action);
  }
}
