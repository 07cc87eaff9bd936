// Windows NLB rules (catalogue section "Windows NLB"): cluster size, addressing, host priorities, mode, port rules,
// static RPC ports, and the NLB/DAG conflict.
import { isSecondaryNlbNic } from '../../model/nlb';
import type { Dag, PortRule, Server } from '../../model/types';
import { push } from '../context';
import {
  ALL_PORTS_END,
  ALL_PORTS_START,
  NLB_MAX_HOSTS,
  NLB_MAX_HOST_PRIORITY,
  NLB_MIN_HOST_PRIORITY,
  NLB_RECOMMENDED_MAX_HOSTS,
  RPC_DYNAMIC_PORT_END,
  RPC_DYNAMIC_PORT_START,
  STATIC_RPC_PORT_MAX,
  STATIC_RPC_PORT_MIN,
} from '../limits';
import { listOf, nlbClusterName, serverName, serverNames, subnetName } from '../text';
import type { Rule } from '../types';

const HLB_OR_SEPARATE_HINT =
  'Windows NLB and Windows Failover Clustering (used by a DAG) cannot run on the same server: use a hardware load balancer, or separate the Client Access role from the Mailbox (DAG) servers.';

function portRange(start: number, end: number): string {
  return start === end ? String(start) : `${start}–${end}`;
}

/** True when the TCP port rules of a cluster together cover every port of [start, end]. */
export function tcpPortsCovered(rules: readonly PortRule[], start: number, end: number): boolean {
  // Walks from `start`: each round jumps past the furthest-reaching TCP rule that covers the next port (a cluster has
  // a handful of rules; no sorted copy is made, this runs for every CAS array on every edit).
  let next = start;
  while (next <= end) {
    let reach = -1;
    for (const r of rules) if (r.protocol !== 'Udp' && r.startPort <= next && r.endPort >= next && r.endPort > reach) reach = r.endPort;
    if (reach < 0) return false;
    next = reach + 1;
  }
  return true;
}

const dagConflict: Rule = {
  id: 'nlb.dag-conflict',
  check(ctx, emit) {
    for (const cluster of ctx.nlbClusters.values()) {
      const byDag = new Map<Dag, Server[]>();
      for (const server of ctx.nlbMembers.get(cluster.id) ?? []) {
        for (const dag of ctx.dagsByServer.get(server.id) ?? []) {
          push(byDag, dag, server);
        }
      }
      for (const [dag, servers] of byDag) {
        const which = servers.length === 1 ? `Server ${serverName(servers[0])} is` : `Servers ${serverNames(servers)} are`;
        emit({
          message: `${which} in NLB cluster ${nlbClusterName(cluster)} and in DAG ${dag.name}: a server cannot be both a Windows NLB member and a DAG member.`,
          hint: HLB_OR_SEPARATE_HINT,
          entityIds: [cluster.id, dag.id, ...servers.map((s) => s.id)],
        });
      }
    }
  },
};

const maxNodes: Rule = {
  id: 'nlb.max-nodes',
  check(ctx, emit) {
    for (const cluster of ctx.nlbClusters.values()) {
      const hosts = cluster.members.length;
      if (hosts <= NLB_MAX_HOSTS) continue;
      emit({
        message: `NLB cluster ${nlbClusterName(cluster)} has ${hosts} hosts; the limit is ${NLB_MAX_HOSTS}.`,
        hint: `Remove hosts (at most ${NLB_MAX_HOSTS}) or, better, put the CAS servers behind a hardware load balancer.`,
        entityIds: [cluster.id],
      });
    }
  },
};

const recommendedNodes: Rule = {
  id: 'nlb.recommended-nodes',
  check(ctx, emit) {
    for (const cluster of ctx.nlbClusters.values()) {
      const hosts = cluster.members.length;
      if (hosts <= NLB_RECOMMENDED_MAX_HOSTS) continue; // evaluated on its own: above the hard limit too (nlb.max-nodes)
      emit({
        message: `NLB cluster ${nlbClusterName(cluster)} has ${hosts} hosts; Windows NLB scales poorly past ${NLB_RECOMMENDED_MAX_HOSTS}.`,
        hint: `Use a hardware load balancer for more than ${NLB_RECOMMENDED_MAX_HOSTS} Client Access servers.`,
        entityIds: [cluster.id],
      });
    }
  },
};

const vipSubnet: Rule = {
  id: 'nlb.vip-subnet',
  check(ctx, emit) {
    for (const cluster of ctx.nlbClusters.values()) {
      const subnetText = subnetName(ctx, cluster.subnetId);
      for (const m of cluster.members) {
        const server = ctx.servers.get(m.serverId);
        if (!server) continue;
        const name = serverName(server);
        // The member's own NIC (the usual case) without the design-wide index; else whose NIC it is.
        const own = server.nics.find((n) => n.id === m.nicId);
        const owned = own ? { nic: own, server } : ctx.nics.get(m.nicId);
        if (!owned || owned.server.id !== server.id) {
          const nic = owned ? `NIC ${owned.nic.name} of server ${serverName(owned.server)}` : `"${m.nicId}", which is not a NIC of the design`;
          emit({
            message: `NLB cluster ${nlbClusterName(cluster)}: the NLB NIC given for member ${name} is ${nic}.`,
            hint: `Choose one of ${name}'s own NICs on subnet ${subnetText} as its NLB NIC.`,
            entityIds: owned ? [cluster.id, server.id, owned.server.id] : [cluster.id, server.id],
          });
          continue;
        }
        if (owned.nic.subnetId === cluster.subnetId) continue;
        emit({
          message: `NLB cluster ${nlbClusterName(cluster)}: ${name}'s NLB NIC ${owned.nic.name} (${owned.nic.ipv4}) is on subnet ${subnetName(ctx, owned.nic.subnetId)}, but the cluster VIP ${cluster.vip} is on subnet ${subnetText}.`,
          hint: `Put the VIP and every member's NLB NIC on the same subnet: move ${name}'s NLB NIC to ${subnetText}, or use a NIC of ${name} that is on it.`,
          entityIds: [cluster.id, server.id],
        });
      }
    }
  },
};

const hostPriority: Rule = {
  id: 'nlb.host-priority',
  check(ctx, emit) {
    for (const cluster of ctx.nlbClusters.values()) {
      const byPriority = new Map<number, Server[]>();
      for (const m of cluster.members) {
        const server = ctx.servers.get(m.serverId);
        if (!server) continue;
        if (m.hostPriority < NLB_MIN_HOST_PRIORITY || m.hostPriority > NLB_MAX_HOST_PRIORITY) {
          emit({
            message: `NLB cluster ${nlbClusterName(cluster)}: ${serverName(server)} has host priority ${m.hostPriority}; it must be ${NLB_MIN_HOST_PRIORITY}–${NLB_MAX_HOST_PRIORITY}.`,
            hint: `Give each host a priority from ${NLB_MIN_HOST_PRIORITY} to ${NLB_MAX_HOST_PRIORITY}, unique in the cluster.`,
            entityIds: [cluster.id, server.id],
          });
          continue;
        }
        push(byPriority, m.hostPriority, server);
      }
      for (const [priority, servers] of byPriority) {
        if (servers.length < 2) continue;
        emit({
          message: `NLB cluster ${nlbClusterName(cluster)}: ${serverNames(servers)} share host priority ${priority}; host priorities must be unique.`,
          hint: `Give each host its own priority from ${NLB_MIN_HOST_PRIORITY} to ${NLB_MAX_HOST_PRIORITY}.`,
          entityIds: [cluster.id, ...servers.map((s) => s.id)],
        });
      }
    }
  },
};

const unicastSingleNic: Rule = {
  id: 'nlb.unicast-single-nic',
  check(ctx, emit) {
    for (const cluster of ctx.nlbClusters.values()) {
      if (cluster.mode !== 'unicast') continue;
      for (const server of ctx.nlbMembers.get(cluster.id) ?? []) {
        if (server.nics.length !== 1) continue;
        emit({
          message: `NLB cluster ${nlbClusterName(cluster)} is in unicast mode and ${serverName(server)} has a single NIC: the hosts cannot talk to each other and ${serverName(server)} cannot be managed through that NIC.`,
          hint: `Give ${serverName(server)} a second NIC for NLB, or switch the cluster to multicast mode.`,
          entityIds: [cluster.id, server.id],
        });
      }
    }
  },
};

const virtualUnicast: Rule = {
  id: 'nlb.virtual-unicast',
  check(ctx, emit) {
    for (const cluster of ctx.nlbClusters.values()) {
      if (cluster.mode !== 'unicast') continue;
      const virtual = (ctx.nlbMembers.get(cluster.id) ?? []).filter((s) => s.virtualized);
      if (virtual.length === 0) continue;
      emit({
        message: `NLB cluster ${nlbClusterName(cluster)} is in unicast mode with virtualised members (${serverNames(virtual)}): this often needs switch or hypervisor changes (MAC address spoofing), and some platforms support only multicast.`,
        hint: 'Check the hypervisor and switch support for unicast NLB (e.g. enable MAC address spoofing), or use multicast mode.',
        entityIds: [cluster.id, ...virtual.map((s) => s.id)],
      });
    }
  },
};

const defaultPortRule: Rule = {
  id: 'nlb.default-port-rule',
  check(ctx, emit) {
    for (const cluster of ctx.nlbClusters.values()) {
      const rule = cluster.portRules.find((r) => r.startPort <= ALL_PORTS_START && r.endPort >= ALL_PORTS_END);
      if (!rule) continue;
      emit({
        message: `NLB cluster ${nlbClusterName(cluster)} still has the default port rule ${ALL_PORTS_START}–${ALL_PORTS_END} (${rule.protocol}) in the design: every port would be load balanced. The runbook does not deploy it: it configures the Client Access ports instead (TCP 80, 443, 135 and the static RPC ports, or 6005–59530 without them).`,
        hint: 'Replace it in the design with rules for the Client Access ports only (e.g. TCP 80, 135, 443 and the static RPC Client Access and Address Book ports), so the design shows what will be deployed.',
        entityIds: [cluster.id],
      });
    }
  },
};

const affinity: Rule = {
  id: 'nlb.affinity',
  check(ctx, emit) {
    for (const cluster of ctx.nlbClusters.values()) {
      const none = cluster.portRules.filter((r) => r.affinity === 'None');
      if (none.length === 0) continue;
      const ports = listOf(none, (r) => `${portRange(r.startPort, r.endPort)} ${r.protocol}`);
      emit({
        message: `NLB cluster ${nlbClusterName(cluster)}: port ${none.length === 1 ? 'rule' : 'rules'} ${ports} ${none.length === 1 ? 'has' : 'have'} affinity None, which breaks Outlook and OWA sessions.`,
        hint: 'Set the affinity of these port rules to Single (client IP).',
        entityIds: [cluster.id],
      });
    }
  },
};

const staticRpc: Rule = {
  id: 'nlb.static-rpc',
  check(ctx, emit) {
    for (const array of ctx.casArrays.values()) {
      if (array.nlbClusterId === null) continue;
      const cluster = ctx.nlbClusters.get(array.nlbClusterId);
      if (!cluster) continue;
      const where = `CAS array ${array.name} (NLB cluster ${nlbClusterName(cluster)})`;
      const range = `${STATIC_RPC_PORT_MIN}–${STATIC_RPC_PORT_MAX}`;
      const ids = [array.id, cluster.id];
      const ports = array.staticPorts;
      if (ports === null) {
        if (tcpPortsCovered(cluster.portRules, RPC_DYNAMIC_PORT_START, RPC_DYNAMIC_PORT_END)) continue;
        emit({
          message: `${where} has no static RPC ports, and the port rules do not balance the dynamic RPC range TCP ${RPC_DYNAMIC_PORT_START}–${RPC_DYNAMIC_PORT_END}: Outlook's RPC Client Access and Address Book connections are not load balanced.`,
          hint: `Set static ports for RPC Client Access and the Address Book within ${range} and add NLB port rules for them (and TCP 135).`,
          entityIds: ids,
        });
        continue;
      }
      const list = [
        { label: 'RPC Client Access', port: ports.rpcClientAccess },
        { label: 'Address Book', port: ports.addressBook },
      ];
      const outside = list.filter((p) => p.port < STATIC_RPC_PORT_MIN || p.port > STATIC_RPC_PORT_MAX);
      if (outside.length > 0) {
        emit({
          message: `${where}: static ${outside.map((p) => `${p.label} port ${p.port}`).join(' and ')} ${outside.length === 1 ? 'is' : 'are'} outside the recommended range ${range}.`,
          hint: `Choose static ports within ${range}, e.g. ${STATIC_RPC_PORT_MIN + 1} and ${STATIC_RPC_PORT_MIN + 2}.`,
          entityIds: ids,
        });
      }
      const uncovered = list.filter((p) => !tcpPortsCovered(cluster.portRules, p.port, p.port));
      if (uncovered.length > 0) {
        emit({
          message: `${where}: static ${uncovered.map((p) => `${p.label} port ${p.port}`).join(' and ')} ${uncovered.length === 1 ? 'is' : 'are'} not covered by a TCP port rule, so ${uncovered.length === 1 ? 'it is' : 'they are'} not load balanced.`,
          hint: `Add NLB port rules (TCP, affinity Single) for ${uncovered.map((p) => p.port).join(' and ')}.`,
          entityIds: ids,
        });
      }
    }
  },
};

const ipForwarding: Rule = {
  id: 'nlb.ip-forwarding',
  check(ctx, emit) {
    for (const cluster of ctx.nlbClusters.values()) {
      // Clients are on other subnets when the cluster says so, or when the design has a client subnet other than the
      // cluster's own.
      const clientSubnet = ctx.design.subnets.some((s) => s.purpose === 'client' && s.id !== cluster.subnetId);
      if (!cluster.clientsOnOtherSubnets && !clientSubnet) continue;
      const secondary = new Set<Server>();
      for (const m of cluster.members) {
        const server = ctx.servers.get(m.serverId);
        if (server && isSecondaryNlbNic(server, m.nicId)) secondary.add(server);
      }
      if (secondary.size === 0) continue;
      const servers = [...secondary];
      emit({
        message: `NLB cluster ${nlbClusterName(cluster)}: the NLB NIC is a secondary NIC on ${serverNames(servers)} and clients are on other subnets, so IP forwarding must be enabled on the NLB NIC (it is off by default on Windows Server 2008 R2).`,
        hint: 'The runbook enables IP forwarding on the NLB NIC of each of these servers (netsh interface ipv4 set interface "<NLB NIC>" forwarding=enabled).',
        entityIds: [cluster.id, ...servers.map((s) => s.id)],
      });
    }
  },
};

const hubNotBalanced: Rule = {
  id: 'nlb.hub-not-balanced',
  check(ctx, emit) {
    for (const cluster of ctx.nlbClusters.values()) {
      const hubs = (ctx.nlbMembers.get(cluster.id) ?? []).filter((s) => ctx.hasRole(s, 'HT'));
      if (hubs.length === 0) continue;
      emit({
        message: `NLB cluster ${nlbClusterName(cluster)}: ${serverNames(hubs)} also ${hubs.length === 1 ? 'holds' : 'hold'} the Hub Transport role, whose traffic NLB does not balance.`,
        hint: 'Hub Transport high availability comes from two or more Hub Transport servers in the site, not from NLB; do not add SMTP port rules.',
        entityIds: [cluster.id, ...hubs.map((s) => s.id)],
      });
    }
  },
};

const recommendHlb: Rule = {
  id: 'nlb.recommend-hlb',
  check(ctx, emit) {
    for (const array of ctx.casArrays.values()) {
      if (array.nlbClusterId === null) continue;
      const cluster = ctx.nlbClusters.get(array.nlbClusterId);
      if (!cluster) continue;
      emit({
        message: `CAS array ${array.name} is load balanced by Windows NLB (cluster ${nlbClusterName(cluster)}); Microsoft recommends hardware load balancers for CAS arrays.`,
        hint: `Consider a hardware load balancer: it scales past ${NLB_RECOMMENDED_MAX_HOSTS} hosts, supports service-aware health checks and allows CAS and Mailbox (DAG) roles on the same servers.`,
        entityIds: [array.id, cluster.id],
      });
    }
  },
};

export const nlbRules: readonly Rule[] = [
  dagConflict,
  maxNodes,
  recommendedNodes,
  vipSubnet,
  hostPriority,
  unicastSingleNic,
  virtualUnicast,
  defaultPortRule,
  affinity,
  staticRpc,
  ipForwarding,
  hubNotBalanced,
  recommendHlb,
];
