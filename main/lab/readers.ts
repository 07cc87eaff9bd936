// The lab world read as the real cmdlets report it: NLB clusters and nodes, DAGs, databases and copies, DNS answers.
// Shared by the checks, the effects and the real-host actions.
import { NLB_BINDING, NLB_MODULE_FEATURE } from './knowledge';
import { findHost } from './state';
import type { LabDag, LabDatabase, LabHost, LabNlbCluster, LabState } from './state';
import type { LabWorld } from './world';

export function nlbClusterByVip(state: LabState, vip: string): LabNlbCluster | undefined {
  return state.nlbClusters.find((c) => c.vip === vip);
}

/** The cluster bound to a host's interface (Get-NlbCluster -HostName h -InterfaceName i). */
export function nlbClusterOn(state: LabState, host: LabHost, interfaceName?: string): LabNlbCluster | undefined {
  return state.nlbClusters.find((c) => c.nodes.some((n) => n.host === host.name && (interfaceName === undefined || n.interfaceName.toLowerCase() === interfaceName.toLowerCase())));
}

/** The DAG a host is a member of. */
export function dagOf(state: LabState, host: LabHost): LabDag | undefined {
  return state.dags.find((d) => d.members.includes(host.name));
}

export function dagByName(state: LabState, name: string): LabDag | undefined {
  return state.dags.find((d) => d.name.toLowerCase() === name.toLowerCase());
}

export function databaseByName(state: LabState, name: string): LabDatabase | undefined {
  return state.databases.find((d) => d.name.toLowerCase() === name.toLowerCase());
}

/** Get-MailboxDatabase -Server: the databases with a copy on the server. */
export function databasesOnServer(state: LabState, host: LabHost): LabDatabase[] {
  return state.databases.filter((d) => d.copies.some((c) => c.server === host.name));
}

/** NLB node state as Get-NlbClusterNode reports it. */
export function nlbNodeState(world: LabWorld, host: LabHost | undefined, interfaceName: string): 'Converged' | 'Unreachable' | 'Stopped' {
  if (!host || !world.reachable(host)) return 'Unreachable';
  const nic = host.nics.find((n) => n.name.toLowerCase() === interfaceName.toLowerCase());
  if (!host.features.includes('NLB') || !nic || !nic.bindings.includes(NLB_BINDING)) return 'Stopped';
  return 'Converged';
}

/** The CAS servers of a site with the Client Access role installed (Get-ClientAccessArray's Members). */
export function casMembers(state: LabState, site: string): LabHost[] {
  return state.hosts.filter((h) => h.site.toLowerCase() === site.toLowerCase() && h.exchangeRoles.includes('ca'));
}

/** Whether a name resolves in the lab's DNS: an A record, or a host's own name. */
export function resolves(state: LabState, fqdn: string): string[] {
  const lower = fqdn.toLowerCase();
  const records = state.dnsRecords.filter((r) => (r.name === '@' ? r.zone : `${r.name}.${r.zone}`).toLowerCase() === lower).map((r) => r.ipv4);
  const hosts = state.hosts.filter((h) => h.fqdn.toLowerCase() === lower).flatMap((h) => h.nics.slice(0, 1).map((n) => n.ipv4));
  return [...records, ...hosts];
}

/** Get-MailboxDatabaseCopyStatus: the status of one copy. */
export function copyStatus(world: LabWorld, db: LabDatabase, server: string): 'Mounted' | 'Healthy' | 'Initializing' | 'Dismounted' | 'ServiceDown' | 'Failed' {
  const host = findHost(world.state, server);
  if (!host || !world.reachable(host)) return 'ServiceDown';
  if (db.activeServer === host.name) return db.mounted ? 'Mounted' : 'Dismounted';
  const stuck = world.state.faults.some((f) => f.kind === 'copy-initializing' && f.database.toLowerCase() === db.name.toLowerCase() && findHost(world.state, f.server) === host);
  if (stuck) return 'Initializing';
  const dag = dagOf(world.state, host);
  const active = findHost(world.state, db.activeServer);
  if (!dag || !active || !dag.members.includes(active.name)) return 'Failed';
  return 'Healthy';
}

export function nlbModuleProblem(host: LabHost): string | null {
  return host.features.includes(NLB_MODULE_FEATURE) ? null : `the NetworkLoadBalancingClusters module is not available on ${host.name} (feature ${NLB_MODULE_FEATURE} not installed)`;
}

/** Nodes of the cluster with that VIP that are missing or not converged. */
export function nlbPending(world: LabWorld, vip: string, nodes: readonly string[]): string[] {
  const cluster = nlbClusterByVip(world.state, vip);
  if (!cluster) return nodes.map((n) => `${n} (not in the cluster: no cluster ${vip})`);
  const pending: string[] = [];
  for (const name of nodes) {
    const node = cluster.nodes.find((n) => n.host.toLowerCase() === name.toLowerCase());
    if (!node) {
      pending.push(`${name} (not in the cluster)`);
      continue;
    }
    const state = nlbNodeState(world, findHost(world.state, node.host), node.interfaceName);
    if (state !== 'Converged') pending.push(`${name} (${state})`);
  }
  return pending;
}

export function portRuleKey(r: { startPort: number; endPort: number; protocol: string; affinity: string }, mode = 'Multiple'): string {
  return `${r.startPort}-${r.endPort}-${r.protocol}-${mode}-${r.affinity}`;
}

/** The dag-networks classification of the runbook: replication subnets not covered, networks with the wrong flag. */
export function dagNetworkProblems(dag: LabDag, mapiSubnets: readonly string[], replicationSubnets: readonly string[]): { uncovered: string[]; wrong: { network: string; replication: boolean }[] } {
  const covered = new Set<string>();
  const wrong: { network: string; replication: boolean }[] = [];
  for (const network of dag.networks) {
    const isReplication = replicationSubnets.some((s) => network.subnets.includes(s));
    const isMapi = mapiSubnets.some((s) => network.subnets.includes(s));
    for (const s of replicationSubnets) if (network.subnets.includes(s)) covered.add(s);
    if (isReplication && !network.replicationEnabled) wrong.push({ network: network.name, replication: true });
    else if (isMapi && !isReplication && network.replicationEnabled) wrong.push({ network: network.name, replication: false });
  }
  return { uncovered: replicationSubnets.filter((s) => !covered.has(s)), wrong };
}

