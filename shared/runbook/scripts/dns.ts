// DNS: the A record of a load-balanced name (the CAS array's, the namespace's), on the design's DNS server, with
// dnscmd (Windows Server 2008 R2) or the DnsServer module (2012 and later).
import { ps } from '../../powershell/template';
import type { StepAction } from '../actions';
import { SAFE, nativeExitCheck, unlessDryRun } from './conventions';
import type { RenderedCode } from './conventions';

export function dnsARecord(a: Extract<StepAction, { kind: 'dns-a-record' }>): RenderedCode {
  // The DNS tools (RSAT-DNS-Server) are a visible prerequisite step of their own: never installed silently here.
  const conflict = ps`if ($others.Count -gt 0) { throw (${a.fqdn} + ' already has an A record for ' + ($others -join ', ') + ' on ' + ${a.dnsServer} + ': a second record would send clients round-robin to it. Remove or correct that record, then run this step again.') }`;
  const missingTools = ps`throw ('The DNS server tools are not installed on this server (Windows feature RSAT-DNS-Server): run the step that installs them first.')`;
  if (a.useDnscmd) {
    return {
      script: ps`
        if (-not (Get-Command -Name 'dnscmd.exe' -ErrorAction SilentlyContinue)) { ${missingTools} }
        # The name may not exist yet (dnscmd then fails): no other record.
        $others = @()
        try {
          $existing = @(& dnscmd.exe ${a.dnsServer} '/EnumRecords' ${a.zone} ${a.hostLabel} '/Type' 'A' 2>$null)
          if ($LASTEXITCODE -eq 0) { $others = @(@(($existing -join ' ') -split '\s+') | Where-Object { $_ -match '^\d{1,3}(\.\d{1,3}){3}$' -and $_ -ne ${a.ipv4} }) }
        } catch { $others = @() }
        ${conflict}
        ${unlessDryRun(`dnscmd ${a.dnsServer} /RecordAdd ${a.zone} ${a.hostLabel} A ${a.ipv4}`, ps`
          & dnscmd.exe ${a.dnsServer} '/RecordAdd' ${a.zone} ${a.hostLabel} 'A' ${a.ipv4}
          ${nativeExitCheck('dnscmd /RecordAdd')}`)}`,
      check: ps`
        if (-not (Get-Command -Name 'dnscmd.exe' -ErrorAction SilentlyContinue)) { $false; return }
        $output = @(& dnscmd.exe ${a.dnsServer} '/EnumRecords' ${a.zone} ${a.hostLabel} '/Type' 'A')
        ($LASTEXITCODE -eq 0) -and (@(($output -join ' ') -split '\s+') -contains ${a.ipv4})`,
    };
  }
  return {
    script: ps`
      if (-not (Get-Module -ListAvailable -Name 'DnsServer')) { ${missingTools} }
      Import-Module DnsServer
      $others = @(Get-DnsServerResourceRecord -ComputerName ${a.dnsServer} -ZoneName ${a.zone} -Name ${a.hostLabel} -RRType 'A' -ErrorAction SilentlyContinue | ForEach-Object { [string]$_.RecordData.IPv4Address } | Where-Object { $_ -ne ${a.ipv4} })
      ${conflict}
      # Splatted: tree-sitter-powershell misreads a parameter name with a digit (-IPv4Address) as a 4> redirection.
      $record = @{ ComputerName = ${a.dnsServer}; ZoneName = ${a.zone}; Name = ${a.hostLabel}; IPv4Address = ${a.ipv4} }
      Add-DnsServerResourceRecordA @record${SAFE}`,
    check: ps`
      if (-not (Get-Module -ListAvailable -Name 'DnsServer')) { $false; return }
      Import-Module DnsServer
      @(Get-DnsServerResourceRecord -ComputerName ${a.dnsServer} -ZoneName ${a.zone} -Name ${a.hostLabel} -RRType 'A' -ErrorAction SilentlyContinue | Where-Object { [string]$_.RecordData.IPv4Address -eq ${a.ipv4} }).Count -gt 0`,
  };
}
