// Phase 7: verification. Check-only: the load-balanced addresses answer, NLB has converged, the CAS arrays list their
// members, every server runs Exchange 2010 SP3, the database copies are healthy, replication and MAPI tests pass.
import { ps, PS_EMPTY } from '../../powershell/template';
import type { PsCode } from '../../powershell/template';
import type { StepAction } from '../actions';
import { SP3_ADMIN_DISPLAY_VERSION_PREFIX } from '../exchangeVersions';
import type { RenderedCode } from './conventions';
import { NLB_MODULE_GUARD, nlbPending } from './nlb';

/** Copy queue length above which a database copy is reported as unhealthy by verification. */
export const MAX_HEALTHY_COPY_QUEUE = 10;
/** Replay queue length above which a non-lagged database copy is reported as unhealthy by verification. */
export const MAX_HEALTHY_REPLAY_QUEUE = 10;

/** Sets $closed to the ports of an address that refuse a TCP connection (or time out). */
function tcpClosed(address: PsCode, ports: readonly number[]): PsCode {
  return ps`
    $closed = @()
    foreach ($port in ${ports.map(String)}) {
      $client = New-Object -TypeName System.Net.Sockets.TcpClient
      try { $client.Connect(${address}, [int]$port) } catch { $closed += $port } finally { $client.Close() }
    }`;
}

export function verifyVipReachable(a: Extract<StepAction, { kind: 'verify-vip-reachable' }>): RenderedCode {
  // nslookup against the named DNS server (Resolve-DnsName is 2012+); the address lines after "Name:" are the answer.
  const resolution =
    a.fqdn === ''
      ? PS_EMPTY
      : ps`
        $answer = @(& nslookup.exe ${a.fqdn} ${a.dnsServer} 2>$null)
        $afterName = $false
        $resolved = @()
        foreach ($line in $answer) {
          if ([string]$line -match '^Name:') { $afterName = $true; continue }
          if ($afterName -and [string]$line -match '(\d{1,3}(\.\d{1,3}){3})') { $resolved += $matches[1] }
        }
        if ($resolved.Count -ne 1 -or $resolved[0] -ne ${a.vip}) { $problems += (${a.fqdn} + ' resolves to ' + ($resolved -join ', ') + ' on ' + ${a.dnsServer} + ' instead of only ' + ${a.vip}) }`;
  const body = ps`
    $problems = @()
    ${resolution}
    ${tcpClosed(ps`${a.vip}`, a.ports)}
    if ($closed.Count -gt 0) { $problems += (${a.vip} + ' does not answer on port(s) ' + ($closed -join ', ')) }`;
  return {
    script: ps`
      ${body}
      if ($problems.Count -gt 0) { throw (($problems -join '; ') + ': ' + ${a.hint}) }`,
    check: ps`
      ${body}
      $problems.Count -eq 0`,
  };
}

export function verifyNlb(a: Extract<StepAction, { kind: 'verify-nlb' }>): RenderedCode {
  return {
    script: ps`
      Import-Module NetworkLoadBalancingClusters
      ${nlbPending(a.vip, a.nodes)}
      if ($pending.Count -gt 0) { throw ('NLB cluster ' + ${a.vip} + ' is not converged: ' + ($pending -join ', ')) }`,
    check: ps`
      ${NLB_MODULE_GUARD}
      ${nlbPending(a.vip, a.nodes)}
      $pending.Count -eq 0`,
  };
}

export function verifyCasArray(a: Extract<StepAction, { kind: 'verify-cas-array' }>): RenderedCode {
  const body = ps`
    $problems = @()
    $array = @(Get-ClientAccessArray -Site ${a.site} -ErrorAction SilentlyContinue | Where-Object { [string]$_.Fqdn -eq ${a.fqdn} })
    if ($array.Count -eq 0) { $problems += ('no CAS array ' + ${a.fqdn} + ' in site ' + ${a.site}) } else {
      $members = @($array[0].Members | ForEach-Object { [string]$_ })
      foreach ($name in ${a.members}) { if ($members -notcontains $name) { $problems += ('the CAS array does not list ' + $name) } }
    }`;
  return {
    script: ps`
      ${body}
      if ($problems.Count -gt 0) { throw ('CAS array check failed: ' + ($problems -join '; ')) }`,
    check: ps`
      ${body}
      $problems.Count -eq 0`,
  };
}

export function verifyExchangeVersion(a: Extract<StepAction, { kind: 'verify-exchange-version' }>): RenderedCode {
  // AdminDisplayVersion shows the service pack ("Version 14.3 (Build 123.4)" whatever the rollup); the rollup shows
  // in ExSetup.exe's file version, read on each server by the update-rollup step. This checks what the organization
  // reports for every server of the design, new or existing.
  const body = ps`
    $problems = @()
    foreach ($name in ${a.servers}) {
      $server = Get-ExchangeServer -Identity $name -ErrorAction SilentlyContinue
      if ($null -eq $server) { $problems += ($name + ' is not an Exchange server of the organization'); continue }
      if (-not ([string]$server.AdminDisplayVersion).StartsWith(${SP3_ADMIN_DISPLAY_VERSION_PREFIX})) { $problems += ($name + ' runs ' + [string]$server.AdminDisplayVersion + ', not Exchange 2010 SP3 (Version 14.3)') }
    }`;
  return {
    script: ps`
      ${body}
      if ($problems.Count -gt 0) { throw ('Exchange version check failed: ' + ($problems -join '; ')) }`,
    check: ps`
      ${body}
      $problems.Count -eq 0`,
  };
}

export function verifyDatabaseCopies(a: Extract<StepAction, { kind: 'verify-database-copies' }>): RenderedCode {
  const body = ps`
    $problems = @()
    foreach ($databaseName in ${a.databases}) {
      $copies = @(Get-MailboxDatabaseCopyStatus -Identity $databaseName -ErrorAction SilentlyContinue)
      if ($copies.Count -eq 0) { $problems += ('no copy status for ' + $databaseName) }
      # Lagged copies keep a long replay queue by design: their servers, from ReplayLagTimes entries like [MB3, 7.00:00:00].
      $database = Get-MailboxDatabase -Identity $databaseName -ErrorAction SilentlyContinue
      $lagged = @()
      if ($null -ne $database) { $lagged = @(@($database.ReplayLagTimes) | ForEach-Object { [string]$_ } | Where-Object { -not $_.EndsWith(', 00:00:00]') } | ForEach-Object { $_.TrimStart('[').Split(',')[0].Trim() }) }
      foreach ($copy in $copies) {
        $status = [string]$copy.Status
        if ($status -ne 'Healthy' -and $status -ne 'Mounted') { $problems += ([string]$copy.Name + ' is ' + $status) }
        elseif ([int]$copy.CopyQueueLength -gt ${MAX_HEALTHY_COPY_QUEUE}) { $problems += ([string]$copy.Name + ' has a copy queue of ' + [string]$copy.CopyQueueLength) }
        elseif ($lagged -notcontains [string]$copy.MailboxServer -and [int]$copy.ReplayQueueLength -gt ${MAX_HEALTHY_REPLAY_QUEUE}) { $problems += ([string]$copy.Name + ' has a replay queue of ' + [string]$copy.ReplayQueueLength) }
      }
    }`;
  return {
    script: ps`
      ${body}
      if ($problems.Count -gt 0) { throw ('Database copies are not healthy: ' + ($problems -join '; ')) }`,
    check: ps`
      ${body}
      $problems.Count -eq 0`,
  };
}

// The tests below count as passed only when they returned results: a test that could not run (server unreachable,
// checks run with -ErrorAction SilentlyContinue) returns nothing, which is not a pass.

export function testReplicationHealth(a: Extract<StepAction, { kind: 'test-replication-health' }>): RenderedCode {
  const body = ps`
    $results = @(Test-ReplicationHealth -Identity ${a.server})
    $failed = @($results | Where-Object { [string]$_.Result -ne 'Passed' })`;
  return {
    script: ps`
      ${body}
      if ($results.Count -eq 0) { throw ('Test-ReplicationHealth on ' + ${a.server} + ' returned no results.') }
      if ($failed.Count -gt 0) { throw ('Test-ReplicationHealth on ' + ${a.server} + ' failed: ' + (@($failed | ForEach-Object { [string]$_.Check + ' ' + [string]$_.Result }) -join '; ')) }`,
    check: ps`
      ${body}
      ($results.Count -gt 0) -and ($failed.Count -eq 0)`,
  };
}

export function testMapiConnectivity(a: Extract<StepAction, { kind: 'test-mapi-connectivity' }>): RenderedCode {
  const body = ps`
    $results = @(Test-MAPIConnectivity -Server ${a.server})
    $failed = @($results | Where-Object { [string]$_.Result -ne 'Success' })`;
  return {
    script: ps`
      ${body}
      if ($results.Count -eq 0) { throw ('Test-MAPIConnectivity on ' + ${a.server} + ' returned no results: no database answered.') }
      if ($failed.Count -gt 0) { throw ('Test-MAPIConnectivity on ' + ${a.server} + ' failed for: ' + (@($failed | ForEach-Object { [string]$_.Database + ' ' + [string]$_.Error }) -join '; ')) }`,
    check: ps`
      ${body}
      ($results.Count -gt 0) -and ($failed.Count -eq 0)`,
  };
}
