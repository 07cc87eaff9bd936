// Phase 3: Windows NLB. The NLB network connection (DNS registration, forwarding, File and Printer Sharing
// unbound), the cluster on its first node, the design's port rules, the further nodes, and convergence.
//
// The NLB cmdlets (NetworkLoadBalancingClusters module) have no -WhatIf: every script guards them with $DryRun.
import { ps, psJoin, PS_EMPTY } from '../../powershell/template';
import type { PsCode } from '../../powershell/template';
import { DEFAULT_NLB_LOAD_WEIGHT } from '../../model/schema';
import type { StepAction } from '../actions';
import { nativeExitCheck, unlessDryRun } from './conventions';
import type { RenderedCode } from './conventions';

/** Poll interval while waiting for NLB convergence. */
export const NLB_POLL_SECONDS = 10;

const NLB_MODES = { unicast: 'Unicast', multicast: 'Multicast', igmpMulticast: 'IgmpMulticast' } as const;

/** A check's opening: outputs $false when the NLB module is missing (the feature is not installed yet). */
export const NLB_MODULE_GUARD = ps`
  if (-not (Get-Module -ListAvailable -Name 'NetworkLoadBalancingClusters')) { $false; return }
  Import-Module NetworkLoadBalancingClusters`;

export function nlbNicConfig(a: Extract<StepAction, { kind: 'nlb-nic-config' }>): RenderedCode {
  // What Windows Server 2008 R2 has: WMI for DNS registration (Win32_NetworkAdapterConfiguration) and netsh for
  // forwarding. Unbinding File and Printer Sharing has no 2008 R2 command: that is an operator step in preflight,
  // checked by verify-nic-unbound.
  const config = ps`
    $nicName = ${a.nicName}
    $adapter = @(Get-WmiObject -Class Win32_NetworkAdapter | Where-Object { [string]$_.NetConnectionID -eq $nicName })
    if ($adapter.Count -eq 0) { throw ('There is no network connection named ' + $nicName + ' on this server.') }
    $config = @(Get-WmiObject -Class Win32_NetworkAdapterConfiguration | Where-Object { $_.Index -eq $adapter[0].Index })`;
  const dns = a.dnsRegistration
    ? PS_EMPTY
    : ps`
      if ($config[0].FullDNSRegistrationEnabled -or $config[0].DomainDNSRegistrationEnabled) {
        if ($DryRun) { Write-Host ('What if: turn off DNS registration on ' + $nicName) } else {
          $result = $config[0].SetDynamicDNSRegistration($false, $false)
          if ([int]$result.ReturnValue -ne 0) { throw ('Turning off DNS registration on ' + $nicName + ' failed with WMI return value ' + [string]$result.ReturnValue) }
        }
      }`;
  const dnsCheck = a.dnsRegistration ? PS_EMPTY : ps`$ok = $ok -and -not $config[0].FullDNSRegistrationEnabled -and -not $config[0].DomainDNSRegistrationEnabled`;
  const forwarding = a.ipForwarding
    ? unlessDryRun(`netsh interface ipv4 set interface "${a.nicName}" forwarding=enabled`, ps`
        & netsh.exe 'interface' 'ipv4' 'set' 'interface' $nicName 'forwarding=enabled'
        ${nativeExitCheck('netsh interface ipv4 set interface forwarding=enabled')}`)
    : PS_EMPTY;
  const forwardingCheck = a.ipForwarding
    ? ps`$ok = $ok -and (@(& netsh.exe 'interface' 'ipv4' 'show' 'interface' $nicName | Where-Object { $_ -match '^\s*Forwarding\s*:\s*enabled' }).Count -gt 0)`
    : PS_EMPTY;
  return {
    script: ps`
      ${config}
      ${dns}
      ${forwarding}`,
    check: ps`
      $nicName = ${a.nicName}
      $adapter = @(Get-WmiObject -Class Win32_NetworkAdapter | Where-Object { [string]$_.NetConnectionID -eq $nicName })
      if ($adapter.Count -eq 0) { $false; return }
      $config = @(Get-WmiObject -Class Win32_NetworkAdapterConfiguration | Where-Object { $_.Index -eq $adapter[0].Index })
      $ok = $config.Count -gt 0
      ${dnsCheck}
      ${forwardingCheck}
      $ok`,
  };
}

/** Sets $unbound: File and Printer Sharing (LanmanServer) is not bound to the connection (its \Device\{GUID} is not in Linkage\Bind). */
function nicUnbound(nicName: string): PsCode {
  return ps`
    $nicName = ${nicName}
    $adapter = @(Get-WmiObject -Class Win32_NetworkAdapter | Where-Object { [string]$_.NetConnectionID -eq $nicName })
    $unbound = $false
    if ($adapter.Count -gt 0) {
      $guid = ([string]$adapter[0].GUID).ToUpperInvariant()
      $bind = @((Get-ItemProperty -Path 'HKLM:\SYSTEM\CurrentControlSet\Services\LanmanServer\Linkage' -Name 'Bind').Bind)
      $unbound = ($guid -ne '') -and (@($bind | Where-Object { ([string]$_).ToUpperInvariant().Contains($guid) }).Count -eq 0)
    }`;
}

export function verifyNicUnbound(a: Extract<StepAction, { kind: 'verify-nic-unbound' }>): RenderedCode {
  return {
    script: ps`
      ${nicUnbound(a.nicName)}
      if (-not $unbound) { throw ('File and Printer Sharing for Microsoft Networks is still bound to ' + $nicName + ': untick it in the connection''s properties (ncpa.cpl), then run this step again.') }`,
    check: ps`
      ${nicUnbound(a.nicName)}
      $unbound`,
  };
}

export function newNlbCluster(a: Extract<StepAction, { kind: 'new-nlb-cluster' }>): RenderedCode {
  // New-NlbCluster has no -HostPriority: the first node gets priority 1 and Set-NlbClusterNode sets the design's.
  // A re-run after a failure between the two only sets the priority. The NLB cmdlets have no -WhatIf.
  // Get-NlbCluster on a host that is in no cluster yet may fail outright (not only with a non-terminating error).
  const cluster = ps`
    $cluster = @()
    try { $cluster = @(Get-NlbCluster -ErrorAction SilentlyContinue | Where-Object { [string]$_.IPAddress -eq ${a.vip} }) } catch { $cluster = @() }`;
  return {
    script: ps`
      Import-Module NetworkLoadBalancingClusters
      ${cluster}
      if ($DryRun) { Write-Host ('What if: New-NlbCluster ' + ${a.clusterFqdn} + ' ' + ${a.vip} + ' on ' + ${a.interfaceName} + ', then host priority ' + ${a.hostPriority}); return }
      if ($cluster.Count -eq 0) {
        New-NlbCluster -InterfaceName ${a.interfaceName} -ClusterPrimaryIP ${a.vip} -SubnetMask ${a.subnetMask} -ClusterName ${a.clusterFqdn} -OperationMode ${NLB_MODES[a.mode]} -Force -ErrorAction Stop | Out-Null
      }
      Set-NlbClusterNode -InterfaceName ${a.interfaceName} -HostPriority ${a.hostPriority} -Force -ErrorAction Stop | Out-Null`,
    check: ps`
      ${NLB_MODULE_GUARD}
      ${cluster}
      if ($cluster.Count -eq 0) { $false; return }
      $node = @(Get-NlbClusterNode -InterfaceName ${a.interfaceName} -ErrorAction SilentlyContinue | Where-Object { [string]$_.Name -eq $env:COMPUTERNAME })
      ($node.Count -gt 0) -and ([int]$node[0].HostPriority -eq ${a.hostPriority})`,
  };
}

function portRuleKey(r: { startPort: number; endPort: number; protocol: string; affinity: string }): string {
  return `${r.startPort}-${r.endPort}-${r.protocol}-Multiple-${r.affinity}`;
}

export function nlbPortRules(a: Extract<StepAction, { kind: 'nlb-port-rules' }>): RenderedCode {
  const adds = psJoin(
    a.rules.map(
      (r) =>
        ps`Add-NlbClusterPortRule -InterfaceName ${a.interfaceName} -IP ${a.vip} -StartPort ${r.startPort} -EndPort ${r.endPort} -Protocol ${r.protocol} -Mode 'Multiple' -Affinity ${r.affinity} -ErrorAction Stop | Out-Null`,
    ),
  );
  return {
    script: ps`
      Import-Module NetworkLoadBalancingClusters
      if ($DryRun) { Write-Host ('What if: replace the port rules of ' + ${a.vip} + ' with ' + ${a.rules.map(portRuleKey).join(', ')}); return }
      # Remove every rule first, including the default all-ports rule New-NlbCluster creates.
      Get-NlbClusterPortRule -InterfaceName ${a.interfaceName} -ErrorAction Stop | Remove-NlbClusterPortRule -Force -ErrorAction Stop
      ${adds}`,
    check: ps`
      ${NLB_MODULE_GUARD}
      # The PortRule object calls the filtering mode FilteringMode (Mode is only the column title of its table view).
      $have = @(Get-NlbClusterPortRule -InterfaceName ${a.interfaceName} -ErrorAction SilentlyContinue | ForEach-Object { [string]$_.StartPort + '-' + [string]$_.EndPort + '-' + [string]$_.Protocol + '-' + [string]$_.FilteringMode + '-' + [string]$_.Affinity } | Sort-Object)
      $want = @(${a.rules.map(portRuleKey)} | Sort-Object)
      ($have -join ',') -eq ($want -join ',')`,
  };
}

export function addNlbNode(a: Extract<StepAction, { kind: 'add-nlb-node' }>): RenderedCode {
  const weight =
    a.loadWeight === DEFAULT_NLB_LOAD_WEIGHT
      ? PS_EMPTY
      : ps`Get-NlbClusterPortRule -HostName ${a.newNodeName} -InterfaceName ${a.newNodeInterface} -ErrorAction Stop | Set-NlbClusterPortRuleNodeWeight -LoadWeight ${a.loadWeight} -ErrorAction Stop | Out-Null`;
  // The joining node gets the lowest free host priority; Set-NlbClusterNode then sets the design's. A re-run after a
  // failure between the two only sets the priority.
  const node = ps`
    $node = @()
    try { $node = @(Get-NlbClusterNode -HostName ${a.clusterHost} -InterfaceName ${a.clusterInterface} -ErrorAction SilentlyContinue | Where-Object { [string]$_.Name -eq ${a.newNodeName} }) } catch { $node = @() }`;
  return {
    script: ps`
      Import-Module NetworkLoadBalancingClusters
      ${node}
      if ($DryRun) { Write-Host ('What if: add ' + ${a.newNodeName} + ' (' + ${a.newNodeInterface} + ') to the NLB cluster of ' + ${a.clusterHost} + ' with host priority ' + ${a.hostPriority}); return }
      if ($node.Count -eq 0) {
        Get-NlbCluster -HostName ${a.clusterHost} -InterfaceName ${a.clusterInterface} -ErrorAction Stop | Add-NlbClusterNode -NewNodeName ${a.newNodeName} -NewNodeInterface ${a.newNodeInterface} -Force -ErrorAction Stop | Out-Null
      }
      Set-NlbClusterNode -HostName ${a.newNodeName} -InterfaceName ${a.newNodeInterface} -HostPriority ${a.hostPriority} -Force -ErrorAction Stop | Out-Null
      ${weight}`,
    check: ps`
      ${NLB_MODULE_GUARD}
      ${node}
      ($node.Count -gt 0) -and ([int]$node[0].HostPriority -eq ${a.hostPriority})`,
  };
}

/** Sets $pending to the expected nodes that are missing or not Converged in the cluster with that VIP. */
export function nlbPending(vip: string, nodes: readonly string[]): PsCode {
  return ps`
    $expected = ${nodes}
    $pending = @()
    $cluster = @(Get-NlbCluster -ErrorAction SilentlyContinue | Where-Object { [string]$_.IPAddress -eq ${vip} })
    if ($cluster.Count -eq 0) { $pending = $expected } else {
      $nodes = @($cluster[0] | Get-NlbClusterNode)
      foreach ($name in $expected) {
        $node = @($nodes | Where-Object { [string]$_.Name -eq $name })
        if ($node.Count -eq 0) { $pending += ($name + ' (not in the cluster)') }
        elseif ([string]$node[0].State -ne 'Converged') { $pending += ($name + ' (' + [string]$node[0].State + ')') }
      }
    }`;
}

export function waitNlbConverged(a: Extract<StepAction, { kind: 'wait-nlb-converged' }>): RenderedCode {
  return {
    script: ps`
      Import-Module NetworkLoadBalancingClusters
      $deadline = (Get-Date).AddSeconds(${a.timeoutSeconds})
      while ($true) {
        ${nlbPending(a.vip, a.nodes)}
        if ($pending.Count -eq 0) { break }
        if ((Get-Date) -gt $deadline) { throw ('NLB cluster ' + ${a.vip} + ' has not converged after ' + ${a.timeoutSeconds} + ' s: ' + ($pending -join ', ')) }
        Start-Sleep -Seconds ${NLB_POLL_SECONDS}
      }`,
    check: ps`
      ${NLB_MODULE_GUARD}
      ${nlbPending(a.vip, a.nodes)}
      $pending.Count -eq 0`,
  };
}
