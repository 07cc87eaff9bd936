// Phase 5: the database availability group. The witness server's Administrators group, the DAG, its members,
// datacenter activation mode with the alternate witness, and the MAPI / replication network split.
import { ps, PS_EMPTY } from '../../powershell/template';
import type { StepAction } from '../actions';
import { SAFE, nativeExitCheck, unlessDryRun } from './conventions';
import type { RenderedCode } from './conventions';

export function witnessTrustedSubsystem(): RenderedCode {
  return {
    script: unlessDryRun('net localgroup Administrators <domain>\\Exchange Trusted Subsystem /add', ps`
      & net.exe 'localgroup' 'Administrators' ($env:USERDOMAIN + '\Exchange Trusted Subsystem') '/add'
      ${nativeExitCheck('net localgroup Administrators /add')}`),
    check: ps`
      $members = @(& net.exe 'localgroup' 'Administrators')
      @($members | Where-Object { ([string]$_).Trim() -eq ($env:USERDOMAIN + '\Exchange Trusted Subsystem') }).Count -gt 0`,
  };
}

export function newDag(a: Extract<StepAction, { kind: 'new-dag' }>): RenderedCode {
  const witness = a.witnessServer === '' ? PS_EMPTY : ps` -WitnessServer ${a.witnessServer} -WitnessDirectory ${a.witnessDirectory}`;
  const ips = a.ipAddresses.length === 0 ? PS_EMPTY : ps` -DatabaseAvailabilityGroupIpAddresses ${a.ipAddresses}`;
  return {
    script: ps`New-DatabaseAvailabilityGroup -Name ${a.name}${witness}${ips}${SAFE}`,
    check: ps`$null -ne (Get-DatabaseAvailabilityGroup -Identity ${a.name} -ErrorAction SilentlyContinue)`,
  };
}

export function addDagMember(a: Extract<StepAction, { kind: 'add-dag-member' }>): RenderedCode {
  return {
    script: ps`Add-DatabaseAvailabilityGroupServer -Identity ${a.dag} -MailboxServer ${a.mailboxServer}${SAFE}`,
    check: ps`
      $dag = Get-DatabaseAvailabilityGroup -Identity ${a.dag} -Status -ErrorAction SilentlyContinue
      ($null -ne $dag) -and (@($dag.Servers | Where-Object { [string]$_ -eq ${a.mailboxServer} }).Count -gt 0)`,
  };
}

// Set-DatabaseAvailabilityGroup (Exchange 2010): -DatacenterActivationMode Off|DagOnly, -AlternateWitnessServer,
// -AlternateWitnessDirectory. New-DatabaseAvailabilityGroup has none of them, so this is its own step. The check
// compares the witness by its first label (Exchange may store the short name or the FQDN).
export function dagDatacenterActivation(a: Extract<StepAction, { kind: 'dag-datacenter-activation' }>): RenderedCode {
  const alternate = a.alternateWitnessServer === '' ? PS_EMPTY : ps` -AlternateWitnessServer ${a.alternateWitnessServer} -AlternateWitnessDirectory ${a.alternateWitnessDirectory}`;
  const alternateCheck =
    a.alternateWitnessServer === ''
      ? PS_EMPTY
      : ps` -and (([string]$dag.AlternateWitnessServer).Split('.')[0] -eq ${a.alternateWitnessServer.split('.')[0]}) -and ([string]$dag.AlternateWitnessDirectory -eq ${a.alternateWitnessDirectory})`;
  return {
    script: ps`Set-DatabaseAvailabilityGroup -Identity ${a.dag} -DatacenterActivationMode ${a.mode}${alternate}${SAFE}`,
    check: ps`
      $dag = Get-DatabaseAvailabilityGroup -Identity ${a.dag} -ErrorAction SilentlyContinue
      ($null -ne $dag) -and ([string]$dag.DatacenterActivationMode -eq ${a.mode})${alternateCheck}`,
  };
}

export function dagNetworks(a: Extract<StepAction, { kind: 'dag-networks' }>): RenderedCode {
  const classify = ps`
    $mapiSubnets = ${a.mapiSubnets}
    $replicationSubnets = ${a.replicationSubnets}
    $networks = @(Get-DatabaseAvailabilityGroupNetwork -ErrorAction SilentlyContinue | Where-Object { ([string]$_.Identity).StartsWith(${`${a.dag}\\`}) })
    $covered = @()
    $wrong = @()
    foreach ($network in $networks) {
      $tokens = @($network.Subnets | ForEach-Object { ([string]$_) -split '[^0-9./]+' })
      $isReplication = @($replicationSubnets | Where-Object { $tokens -contains $_ }).Count -gt 0
      $isMapi = @($mapiSubnets | Where-Object { $tokens -contains $_ }).Count -gt 0
      $covered += @($replicationSubnets | Where-Object { $tokens -contains $_ })
      if ($isReplication -and -not $network.ReplicationEnabled) { $wrong += @{ Identity = [string]$network.Identity; Replication = $true } }
      elseif ($isMapi -and -not $isReplication -and $network.ReplicationEnabled) { $wrong += @{ Identity = [string]$network.Identity; Replication = $false } }
    }
    $uncovered = @($replicationSubnets | Where-Object { $covered -notcontains $_ })`;
  return {
    script: ps`
      ${classify}
      if ($uncovered.Count -gt 0) { throw ('No network of DAG ' + ${a.dag} + ' covers the replication subnet(s) ' + ($uncovered -join ', ') + ': check that every member has its replication NIC connected.') }
      foreach ($change in $wrong) { Set-DatabaseAvailabilityGroupNetwork -Identity $change.Identity -ReplicationEnabled $change.Replication -WhatIf:$DryRun -ErrorAction Stop }`,
    check: ps`
      ${classify}
      ($uncovered.Count -eq 0) -and ($wrong.Count -eq 0)`,
  };
}
