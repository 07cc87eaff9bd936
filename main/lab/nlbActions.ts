// Phase 3, Windows Network Load Balancing: the NLB connection's settings, New-NlbCluster, its port rules and
// Add-NlbClusterNode, with NLB's own rules (the module and driver installed, unique host priorities, at most
// 32 hosts, never on a node of a DAG's failover cluster).
import { dagOf, nlbClusterByVip, nlbClusterOn } from './checks';
import { NLB_MAX_HOSTS } from '../../shared/planner/limits';
import { NLB_BINDING, NLB_MODULE_FEATURE } from './knowledge';
import { findHost } from './state';
import type { LabHost, LabNlbCluster, LabNlbNode } from './state';
import type { LabWorld } from './world';
import { OK, fail, isResult, nlbConflict, rpcUnavailable } from './actionEffect';
import type { Action, ActionCall, EffectResult } from './actionEffect';

/** A second host the command talks to: it must exist and answer. */
function otherHost(world: LabWorld, name: string, command: string): LabHost | EffectResult {
  const host = findHost(world.state, name);
  if (!host) return fail(command, `${command} : The host name '${name}' could not be resolved. Check the name and that it is registered in DNS.`);
  if (!world.reachable(host) || world.hostFault(host, 'unreachable')) return rpcUnavailable(command, host.name);
  return host;
}

function nlbModule(host: LabHost): EffectResult | null {
  return host.features.includes(NLB_MODULE_FEATURE)
    ? null
    : fail('Import-Module', "Import-Module : The specified module 'NetworkLoadBalancingClusters' was not loaded because no valid module file was found in any module directory.");
}

function nlbDriver(command: string, host: LabHost): EffectResult | null {
  return host.features.includes('NLB')
    ? null
    : fail(command, `${command} : Network Load Balancing is not installed on ${host.name}: Invalid namespace "root\\MicrosoftNLB". Install the NLB feature (Add-WindowsFeature NLB) first.`);
}

export function nlbNicConfig(call: ActionCall, a: Action<'nlb-nic-config'>): EffectResult {
  const { host } = call;
  const nic = host.nics.find((n) => n.name === a.nicName);
  if (!nic) return fail('throw', `There is no network connection named ${a.nicName} on this server.`);
  if (!a.dnsRegistration) {
    nic.fullDnsRegistration = false;
    nic.domainDnsRegistration = false;
  }
  if (a.ipForwarding) nic.forwarding = true;
  return OK;
}

export function newNlbCluster(call: ActionCall, a: Action<'new-nlb-cluster'>): EffectResult {
  const { host, world } = call;
  const state = world.state;
  const cmd = 'New-NlbCluster';
  const problem = nlbModule(host) ?? nlbDriver(cmd, host);
  if (problem) return problem;
  const dag = dagOf(state, host);
  if (dag) return nlbConflict(cmd, host, dag.name);
  const nic = host.nics.find((n) => n.name.toLowerCase() === a.interfaceName.toLowerCase());
  if (!nic) return fail(cmd, `${cmd} : The interface '${a.interfaceName}' was not found on host ${host.name}.`);
  // The script creates the cluster only when this host has none with that VIP yet (a re-run after a failure
  // between New-NlbCluster and Set-NlbClusterNode only sets the host priority).
  const mine = nlbClusterByVip(state, a.vip);
  const self = mine?.nodes.find((n) => n.host === host.name);
  if (mine && self) return setHostPriority(mine, self, a.hostPriority);
  const existing = nlbClusterOn(state, host, a.interfaceName);
  if (existing) return fail(cmd, `${cmd} : Interface '${a.interfaceName}' on ${host.name} is already part of NLB cluster ${existing.fqdn} (${existing.vip}).`);
  if (nlbClusterByVip(state, a.vip)) return fail(cmd, `${cmd} : The IP address ${a.vip} is already used by another NLB cluster.`);
  state.nlbClusters.push({
    vip: a.vip,
    subnetMask: a.subnetMask,
    fqdn: a.clusterFqdn,
    mode: a.mode,
    // New-NlbCluster's default: every port, both protocols, multiple hosts, single affinity.
    portRules: [{ startPort: 0, endPort: 65535, protocol: 'Both', mode: 'Multiple', affinity: 'Single' }],
    nodes: [{ host: host.name, interfaceName: nic.name, hostPriority: a.hostPriority, loadWeight: 50 }],
  });
  if (!nic.bindings.includes(NLB_BINDING)) nic.bindings.push(NLB_BINDING);
  return OK;
}

/** Set-NlbClusterNode -HostPriority: unique within the cluster. */
function setHostPriority(cluster: LabNlbCluster, node: LabNlbNode, hostPriority: number): EffectResult {
  const clash = cluster.nodes.find((n) => n !== node && n.hostPriority === hostPriority);
  if (clash) return fail('Set-NlbClusterNode', `Set-NlbClusterNode : Host priority ${hostPriority} is already used by ${clash.host} in NLB cluster ${cluster.vip}; host priorities are unique.`);
  node.hostPriority = hostPriority;
  return OK;
}

export function nlbPortRules(call: ActionCall, a: Action<'nlb-port-rules'>): EffectResult {
  const { host, world } = call;
  const problem = nlbModule(host);
  if (problem) return problem;
  const cluster = nlbClusterOn(world.state, host, a.interfaceName);
  if (!cluster) return fail('Get-NlbClusterPortRule', `Get-NlbClusterPortRule : No NLB cluster is bound to interface '${a.interfaceName}' on host ${host.name}.`);
  if (cluster.vip !== a.vip) return fail('Add-NlbClusterPortRule', `Add-NlbClusterPortRule : The IP address ${a.vip} is not the address of the NLB cluster on interface '${a.interfaceName}' (${cluster.vip}).`);
  const rules = [...a.rules].sort((x, y) => x.startPort - y.startPort);
  for (let i = 0; i < rules.length; i++) {
    const r = rules[i];
    if (r.startPort > r.endPort) return fail('Add-NlbClusterPortRule', `Add-NlbClusterPortRule : The start port ${r.startPort} is greater than the end port ${r.endPort}.`);
    const next = rules[i + 1];
    if (next && next.startPort <= r.endPort && (next.protocol === r.protocol || next.protocol === 'Both' || r.protocol === 'Both')) {
      return fail('Add-NlbClusterPortRule', `Add-NlbClusterPortRule : The port rule ${next.startPort}-${next.endPort} overlaps the existing port rule ${r.startPort}-${r.endPort}.`);
    }
  }
  cluster.portRules = a.rules.map((r) => ({ startPort: r.startPort, endPort: r.endPort, protocol: r.protocol, mode: 'Multiple', affinity: r.affinity }));
  return OK;
}

export function addNlbNode(call: ActionCall, a: Action<'add-nlb-node'>): EffectResult {
  const { host, world } = call;
  const state = world.state;
  const cmd = 'Add-NlbClusterNode';
  const module = nlbModule(host);
  if (module) return module;
  const clusterHost = otherHost(world, a.clusterHost, 'Get-NlbCluster');
  if (isResult(clusterHost)) return clusterHost;
  const cluster = nlbClusterOn(state, clusterHost, a.clusterInterface);
  if (!cluster) return fail('Get-NlbCluster', `Get-NlbCluster : There is no NLB cluster on interface '${a.clusterInterface}' of host ${clusterHost.name}. Create the cluster (New-NlbCluster) first.`);
  const node = otherHost(world, a.newNodeName, cmd);
  if (isResult(node)) return node;
  // Already a node (a re-run after a failure between Add-NlbClusterNode and Set-NlbClusterNode): only the priority.
  const joined = cluster.nodes.find((n) => n.host === node.name);
  if (joined) return setHostPriority(cluster, joined, a.hostPriority);
  const driver = nlbDriver(cmd, node);
  if (driver) return driver;
  const dag = dagOf(state, node);
  if (dag) return nlbConflict(cmd, node, dag.name);
  const nic = node.nics.find((n) => n.name.toLowerCase() === a.newNodeInterface.toLowerCase());
  if (!nic) return fail(cmd, `${cmd} : The interface '${a.newNodeInterface}' was not found on host ${node.name}.`);
  if (nlbClusterOn(state, node, a.newNodeInterface)) return fail(cmd, `${cmd} : Interface '${a.newNodeInterface}' on ${node.name} is already part of an NLB cluster.`);
  if (cluster.nodes.length >= NLB_MAX_HOSTS) return fail(cmd, `${cmd} : NLB cluster ${cluster.vip} already has ${NLB_MAX_HOSTS} hosts, the maximum.`);
  const clash = cluster.nodes.find((n) => n.hostPriority === a.hostPriority);
  if (clash) return fail('Set-NlbClusterNode', `Set-NlbClusterNode : Host priority ${a.hostPriority} is already used by ${clash.host} in NLB cluster ${cluster.vip}; host priorities are unique.`);
  cluster.nodes.push({ host: node.name, interfaceName: nic.name, hostPriority: a.hostPriority, loadWeight: a.loadWeight });
  if (!nic.bindings.includes(NLB_BINDING)) nic.bindings.push(NLB_BINDING);
  return OK;
}
