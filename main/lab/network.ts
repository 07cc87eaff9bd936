// The lab's network as a client sees it: which ports of an address answer a TCP connection (NLB VIPs, hardware load
// balancer VIPs, servers), and the result type of the lab's host actions. Used by the host actions and the namespace
// actions alike (one model of the network).
import { findHost } from './state';
import type { LabHost } from './state';
import { nlbClusterByVip, nlbPending } from './readers';
import type { LabWorld } from './world';

export type HostActionResult = { readonly ok: true } | { readonly ok: false; readonly command: string; readonly error: string };

/** Whether two hosts share a subnet (the probe reaches a multicast cluster without the router's help). */
function sameSubnet(a: LabHost, cidrs: readonly string[]): boolean {
  return a.nics.some((n) => n.cidr !== '' && cidrs.includes(n.cidr));
}

/** The ports of an address that answer a TCP connection from a host, as the lab sees the network. */
export function answeringPorts(world: LabWorld, address: string, from?: LabHost): Set<number> {
  const state = world.state;
  const open = new Set<number>();
  const cluster = nlbClusterByVip(state, address);
  if (cluster) {
    const converged = cluster.nodes.length > 0 && nlbPending(world, cluster.vip, cluster.nodes.map((n) => n.host)).length === 0;
    if (!converged) return open;
    // Routers drop ARP replies mapping a unicast IP to a multicast MAC: other subnets need the static entry.
    const clusterCidrs = cluster.nodes.flatMap((n) => findHost(state, n.host)?.nics.filter((x) => x.name.toLowerCase() === n.interfaceName.toLowerCase()).map((x) => x.cidr) ?? []);
    if (cluster.mode !== 'unicast' && from && !sameSubnet(from, clusterCidrs) && !cluster.routerArp) return open;
    for (const rule of cluster.portRules) {
      if (rule.mode === 'Disabled') continue;
      // Only Client Access servers listen behind the VIP: a port answers when a node's service answers it.
      for (let p = rule.startPort; p <= rule.endPort && p - rule.startPort < 70000; p++) {
        if (cluster.nodes.some((n) => hostListens(findHost(state, n.host), p))) open.add(p);
        if (rule.endPort - rule.startPort > 1024) break;
      }
    }
    return open;
  }
  const balanced = state.loadBalancerVips?.find((v) => v.vip === address);
  if (balanced) {
    for (const name of balanced.servers) {
      const member = findHost(state, name);
      if (member && world.reachable(member)) for (const p of [80, 135, 443, ...staticPorts(member)]) if (hostListens(member, p)) open.add(p);
    }
    return open;
  }
  const host = state.hosts.find((h) => h.nics.some((n) => n.ipv4 === address));
  if (!host || !world.reachable(host)) return open;
  for (const p of [80, 135, 443, ...staticPorts(host)]) if (hostListens(host, p)) open.add(p);
  return open;
}

function staticPorts(host: LabHost): number[] {
  const rpc = host.registry['HKLM\\SYSTEM\\CurrentControlSet\\Services\\MSExchangeRPC\\ParametersSystem']?.['TCP/IP Port'];
  const ab = host.registry['HKLM\\SYSTEM\\CurrentControlSet\\Services\\MSExchangeAB\\Parameters']?.RpcTcpPort;
  return [rpc, ab].map((v) => Number(v)).filter((n) => Number.isInteger(n) && n > 0);
}

/** Whether a Client Access server answers a port: IIS (80, 443), the RPC endpoint mapper (135), its static RPC ports. */
function hostListens(host: LabHost | undefined, port: number): boolean {
  if (!host || !host.exchangeRoles.includes('ca')) return false;
  if (port === 80 || port === 443 || port === 135) return true;
  return staticPorts(host).includes(port);
}

