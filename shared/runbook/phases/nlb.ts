// Phase 3: Windows NLB per cluster: feature and NIC preparation on every member, the cluster on the first member,
// the design's port rules (never the default all-ports rule), the further members in turn, then convergence.
import { needsIpForwarding } from '../../model/nlb';
import { maskToDotted, parseCidr } from '../../model/ip';
import type { CasArray, NlbAffinity, NlbCluster, PortRule } from '../../model/types';
import { DEFAULT_NLB_LOAD_WEIGHT } from '../../model/schema';
import type { GenerationContext } from './context';
import { stepIds } from './context';

export const NLB_FEATURE_SECONDS = 120;
export const NLB_NIC_SECONDS = 30;
export const NLB_CLUSTER_SECONDS = 120;
export const NLB_PORT_RULES_SECONDS = 60;
export const NLB_ADD_NODE_SECONDS = 120;
export const NLB_CONVERGE_TIMEOUT_SECONDS = 300;
export const NLB_CONVERGE_SECONDS = 60;

/** Ports of the Client Access services behind a CAS array: HTTP, HTTPS, the RPC endpoint mapper. */
export const CAS_BASE_PORTS: readonly number[] = [80, 443, 135];
/** The dynamic RPC range that must be balanced when the array has no static RPC ports. */
export const DYNAMIC_RPC_RANGE = { start: 6005, end: 59530 } as const;
const ALL_PORTS = { start: 0, end: 65535 } as const;

export interface NlbRule {
  readonly startPort: number;
  readonly endPort: number;
  readonly protocol: PortProtocol;
  readonly affinity: NlbAffinity;
}

type PortProtocol = PortRule['protocol'];

/** The rules New-NlbCluster's default would be replaced with: CAS ports with Single affinity. */
export function casPortRules(array: CasArray | undefined): NlbRule[] {
  const ports = [...CAS_BASE_PORTS, ...(array?.staticPorts ? [array.staticPorts.rpcClientAccess, array.staticPorts.addressBook] : [])];
  const rules: NlbRule[] = ports.map((p) => ({ startPort: p, endPort: p, protocol: 'Tcp', affinity: 'Single' }));
  if (!array?.staticPorts) rules.push({ startPort: DYNAMIC_RPC_RANGE.start, endPort: DYNAMIC_RPC_RANGE.end, protocol: 'Tcp', affinity: 'Single' });
  return rules;
}

function isAllPorts(rule: { startPort: number; endPort: number }): boolean {
  return rule.startPort <= ALL_PORTS.start && rule.endPort >= ALL_PORTS.end;
}

/**
 * The port rules to configure: the design's, without any all-ports rule. When nothing is left (the design kept
 * only the default rule), the CAS port set replaces it — with a note saying so.
 */
export function effectivePortRules(cluster: NlbCluster, array: CasArray | undefined): { rules: NlbRule[]; replacedDefault: boolean } {
  const own = cluster.portRules.filter((r) => !isAllPorts(r)).map((r) => ({ startPort: r.startPort, endPort: r.endPort, protocol: r.protocol, affinity: r.affinity }));
  if (own.length > 0) return { rules: own, replacedDefault: own.length !== cluster.portRules.length };
  return { rules: casPortRules(array), replacedDefault: true };
}

export { isSecondaryNlbNic, needsIpForwarding } from '../../model/nlb';

export function nlbSteps(ctx: GenerationContext): void {
  const { design } = ctx;
  const featureDone = new Set<string>();
  for (const cluster of design.nlbClusters) {
    const members = cluster.members
      .map((m) => ({ member: m, server: ctx.server(m.serverId), nic: ctx.plan.nics.get(m.nicId)?.nic }))
      .filter((m): m is { member: typeof m.member; server: NonNullable<typeof m.server>; nic: NonNullable<typeof m.nic> } => !!m.server && !!m.nic);
    if (members.length === 0) continue;
    const first = members[0];
    const array = design.casArrays.find((a) => a.nlbClusterId === cluster.id);
    const subnet = ctx.plan.subnets.get(cluster.subnetId);
    const cidr = subnet ? parseCidr(subnet.cidr) : null;
    const mask = cidr ? maskToDotted(cidr.prefix) : '255.255.255.0';
    const label = `${cluster.fqdn} (${cluster.vip})`;

    for (const { server, nic } of members) {
      if (!featureDone.has(server.id)) {
        featureDone.add(server.id);
        ctx.add({
          id: stepIds.nlbFeature(server.id),
          phase: 'nlb',
          target: ctx.hostTarget(server),
          title: `Install the Network Load Balancing feature on ${server.name}`,
          action: { kind: 'install-features', features: ['NLB', 'RSAT-NLB'] },
          restarts: false,
          supportsWhatIf: true,
          // After Exchange setup on the host (the runbook's order): binding NLB resets the connection, which must
          // not happen while setup talks to Active Directory.
          dependsOn: [ctx.hostReady(server), ctx.setupStep(server)],
          expectedSeconds: NLB_FEATURE_SECONDS,
          notes: ['RSAT-NLB brings the NetworkLoadBalancingClusters PowerShell module.'],
          entityIds: [server.id, cluster.id],
        });
      }
      const forwarding = needsIpForwarding(cluster, server, nic.id);
      ctx.add({
        id: stepIds.nlbNic(cluster.id, server.id),
        phase: 'nlb',
        target: ctx.hostTarget(server),
        title: `Prepare the NLB network connection ${nic.name} on ${server.name}`,
        action: { kind: 'nlb-nic-config', nicName: nic.name, ipForwarding: forwarding },
        restarts: false,
        supportsWhatIf: false,
        dependsOn: [stepIds.nlbFeature(server.id)],
        expectedSeconds: NLB_NIC_SECONDS,
        notes: [
          `Unbinds File and Printer Sharing for Microsoft Networks from ${nic.name} (avoids duplicate-name event 4319); only TCP/IP should stay bound.`,
          forwarding
            ? `Clients are on other subnets and ${nic.name} is a secondary NIC: enables IP forwarding on ${nic.name} (off by default on Windows Server 2008 R2), so replies can leave through the NIC with the default gateway.`
            : cluster.clientsOnOtherSubnets
              ? `Clients are on other subnets, but ${nic.name} is ${server.name}'s only or primary (MAPI) NIC: no IP forwarding is needed.`
              : '',
        ].filter((n) => n !== ''),
        entityIds: [server.id, nic.id, cluster.id],
      });
    }

    ctx.add({
      id: stepIds.nlbCluster(cluster.id),
      phase: 'nlb',
      target: ctx.hostTarget(first.server),
      title: `Create NLB cluster ${label} on ${first.server.name}`,
      action: {
        kind: 'new-nlb-cluster',
        interfaceName: first.nic.name,
        vip: cluster.vip,
        subnetMask: mask,
        clusterFqdn: cluster.fqdn,
        mode: cluster.mode,
        hostPriority: first.member.hostPriority,
      },
      restarts: false,
      supportsWhatIf: false,
      dependsOn: [stepIds.nlbFeature(first.server.id), stepIds.nlbNic(cluster.id, first.server.id)],
      expectedSeconds: NLB_CLUSTER_SECONDS,
      notes: [
        `Operation mode ${cluster.mode}, subnet mask ${mask}, host priority ${first.member.hostPriority}.`,
        first.member.loadWeight !== DEFAULT_NLB_LOAD_WEIGHT ? `Load weight ${first.member.loadWeight} of ${first.server.name} is not applied by this step: set it after the port rules with Set-NlbClusterPortRuleNodeWeight -LoadWeight ${first.member.loadWeight}.` : '',
      ].filter((n) => n !== ''),
      entityIds: [cluster.id, first.server.id],
    });

    const { rules, replacedDefault } = effectivePortRules(cluster, array);
    ctx.add({
      id: stepIds.nlbPortRules(cluster.id),
      phase: 'nlb',
      target: ctx.hostTarget(first.server),
      title: `Set the port rules of NLB cluster ${label}`,
      action: { kind: 'nlb-port-rules', interfaceName: first.nic.name, vip: cluster.vip, rules },
      restarts: false,
      supportsWhatIf: false,
      dependsOn: [stepIds.nlbCluster(cluster.id)],
      expectedSeconds: NLB_PORT_RULES_SECONDS,
      notes: [
        'Removes the default all-ports rule New-NlbCluster creates, then adds: ' +
          rules.map((r) => (r.startPort === r.endPort ? `${r.startPort}` : `${r.startPort}-${r.endPort}`) + `/${r.protocol} affinity ${r.affinity}`).join(', ') + '.',
        replacedDefault && cluster.portRules.some(isAllPorts)
          ? 'The design keeps an all-ports rule: it is not re-created; ' + (cluster.portRules.some((r) => !isAllPorts(r)) ? 'its other rules are used.' : 'the Client Access ports are balanced instead.')
          : '',
      ].filter((n) => n !== ''),
      entityIds: [cluster.id],
    });

    let previous: string | null = null;
    for (const { member, server, nic } of members.slice(1)) {
      const id = stepIds.nlbNode(cluster.id, server.id);
      ctx.add({
        id,
        phase: 'nlb',
        target: ctx.hostTarget(first.server),
        title: `Add ${server.name} to NLB cluster ${label}`,
        action: {
          kind: 'add-nlb-node',
          clusterHost: first.server.name,
          clusterInterface: first.nic.name,
          newNodeName: server.name,
          newNodeInterface: nic.name,
          hostPriority: member.hostPriority,
          loadWeight: member.loadWeight,
        },
        restarts: false,
        supportsWhatIf: false,
        dependsOn: [stepIds.nlbCluster(cluster.id), stepIds.nlbPortRules(cluster.id), stepIds.nlbFeature(server.id), stepIds.nlbNic(cluster.id, server.id), previous],
        expectedSeconds: NLB_ADD_NODE_SECONDS,
        notes: [
          `Host priority ${member.hostPriority}, load weight ${member.loadWeight}, interface ${nic.name}.`,
          `Runs on ${first.server.name} and talks to ${server.name} over WMI: use CredSSP (-Authentication Credssp) so the credentials reach the second host.`,
        ],
        entityIds: [cluster.id, server.id],
      });
      previous = id;
    }

    ctx.add({
      id: stepIds.nlbConverged(cluster.id),
      phase: 'nlb',
      target: ctx.hostTarget(first.server),
      title: `Wait until every node of NLB cluster ${label} is converged`,
      action: { kind: 'wait-nlb-converged', vip: cluster.vip, nodes: members.map((m) => m.server.name), timeoutSeconds: NLB_CONVERGE_TIMEOUT_SECONDS },
      restarts: false,
      supportsWhatIf: true,
      dependsOn: [stepIds.nlbPortRules(cluster.id), ...members.slice(1).map((m) => stepIds.nlbNode(cluster.id, m.server.id))],
      expectedSeconds: NLB_CONVERGE_SECONDS,
      notes: [`Gives up after ${NLB_CONVERGE_TIMEOUT_SECONDS} s.`],
      entityIds: [cluster.id, ...members.map((m) => m.server.id)],
    });
  }
}
