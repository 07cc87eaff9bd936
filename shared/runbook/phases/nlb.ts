// Phase 3: Windows NLB per cluster: feature and NIC preparation on every member, the cluster on the first member,
// the design's port rules (never the default all-ports rule), the further members in turn, then convergence.
import { needsIpForwarding } from '../../model/nlb';
import { maskToDotted, parseCidr } from '../../model/ip';
import type { CasArray, NlbAffinity, NlbCluster, PortRule } from '../../model/types';
import { DEFAULT_NLB_LOAD_WEIGHT } from '../../model/schema';
import type { GenerationContext } from './context';
import { stepIds } from './context';
import { featureAction } from './prerequisites';

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
          action: featureAction(server, ['NLB', 'RSAT-NLB'], design.deployment.windowsSourcePath),
          restarts: false,
          supportsWhatIf: true,
          // After Exchange setup and the restart it asks for (the runbook's order): binding NLB resets the
          // connection, which must not happen while setup talks to Active Directory.
          dependsOn: [ctx.hostReady(server), ctx.exchangeReady(server)],
          expectedSeconds: NLB_FEATURE_SECONDS,
          notes: ['RSAT-NLB brings the NetworkLoadBalancingClusters PowerShell module.'],
          entityIds: [server.id, cluster.id],
        });
      }
      const forwarding = needsIpForwarding(cluster, server, nic.id);
      const multiNic = server.nics.length > 1;
      // Unbinding File and Printer Sharing has no command on Windows Server 2008 R2 (Disable-NetAdapterBinding is
      // 2012+, nvspbind is not part of Windows): a checklist item for the operator before the run, checked at once.
      ctx.add({
        id: stepIds.nlbUnbind(cluster.id, server.id),
        phase: 'preflight',
        target: { kind: 'operator' },
        title: `Unbind File and Printer Sharing from ${nic.name} on ${server.name} (NLB connection)`,
        action: {
          kind: 'operator',
          checklist: [
            `On ${server.name}: Network Connections (ncpa.cpl) → ${nic.name} → Properties.`,
            'Untick "File and Printer Sharing for Microsoft Networks" (and "Client for Microsoft Networks"); keep "Internet Protocol Version 4 (TCP/IPv4)".',
            'Why: File and Printer Sharing on the NLB connection registers the server name on the cluster address (duplicate-name event 4319).',
          ],
          does: { kind: 'unbind-file-sharing', server: server.name, nicName: nic.name },
        },
        restarts: false,
        supportsWhatIf: false,
        dependsOn: [stepIds.preflight(server.id)],
        expectedSeconds: NLB_NIC_SECONDS,
        notes: ['Done before the run starts, so the run never stops half-way for it; the next step checks it.'],
        entityIds: [server.id, nic.id, cluster.id],
      });
      ctx.add({
        id: stepIds.nlbUnbound(cluster.id, server.id),
        phase: 'preflight',
        target: ctx.hostTarget(server),
        title: `Check that File and Printer Sharing is unbound from ${nic.name} on ${server.name}`,
        action: { kind: 'verify-nic-unbound', nicName: nic.name },
        restarts: false,
        supportsWhatIf: true,
        dependsOn: [stepIds.nlbUnbind(cluster.id, server.id)],
        expectedSeconds: NLB_NIC_SECONDS,
        notes: ['Reads HKLM\\SYSTEM\\CurrentControlSet\\Services\\LanmanServer\\Linkage\\Bind: the connection\'s \\Device\\{GUID} must not be listed.'],
        entityIds: [server.id, nic.id, cluster.id],
      });
      ctx.add({
        id: stepIds.nlbNic(cluster.id, server.id),
        phase: 'nlb',
        target: ctx.hostTarget(server),
        title: `Prepare the NLB network connection ${nic.name} on ${server.name}`,
        action: { kind: 'nlb-nic-config', nicName: nic.name, ipForwarding: forwarding, dnsRegistration: !multiNic },
        restarts: false,
        supportsWhatIf: true,
        dependsOn: [stepIds.nlbFeature(server.id), stepIds.nlbUnbound(cluster.id, server.id)],
        expectedSeconds: NLB_NIC_SECONDS,
        notes: [
          multiNic
            ? `Turns off DNS registration on ${nic.name} (Win32_NetworkAdapterConfiguration.SetDynamicDNSRegistration): with two NICs, clients and the other nodes would otherwise resolve ${server.name} to its NLB connection.`
            : `${nic.name} is ${server.name}'s only connection: it keeps registering the server in DNS.`,
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
      supportsWhatIf: true,
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
      supportsWhatIf: true,
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
        supportsWhatIf: true,
        dependsOn: [stepIds.nlbCluster(cluster.id), stepIds.nlbPortRules(cluster.id), stepIds.nlbFeature(server.id), stepIds.nlbNic(cluster.id, server.id), previous],
        expectedSeconds: NLB_ADD_NODE_SECONDS,
        notes: [
          `Host priority ${member.hostPriority}, load weight ${member.loadWeight}, interface ${nic.name}.`,
          `Runs on ${first.server.name} and manages ${server.name} over remote WMI (a second hop): run with CredSSP (-Authentication Credssp; preflight checks that ${first.server.name} accepts it), and allow WMI through ${server.name}'s firewall ("Windows Management Instrumentation (WMI-In)").`,
          `If it fails with "The RPC server is unavailable (0x800706BA)", WMI cannot reach ${server.name}: open the firewall rule and run the step again.`,
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

    // Multicast with clients on other subnets: routers drop ARP replies that map a unicast IP to a multicast MAC.
    if (cluster.mode !== 'unicast' && cluster.clientsOnOtherSubnets) {
      const mac = cluster.mode === 'multicast' ? `03-BF-${cluster.vip.split('.').map((o) => Number(o).toString(16).toUpperCase().padStart(2, '0')).join('-')}` : `01-00-5E-7F-${cluster.vip.split('.').slice(2).map((o) => Number(o).toString(16).toUpperCase().padStart(2, '0')).join('-')}`;
      ctx.add({
        id: stepIds.staticArp(cluster.id),
        phase: 'nlb',
        target: { kind: 'operator' },
        title: `Add the static ARP entry for NLB cluster ${label} on the router`,
        action: {
          kind: 'operator',
          checklist: [
            cluster.mode === 'multicast'
              ? `On the router of the NLB subnet: a static ARP entry ${cluster.vip} → ${mac} (the cluster's multicast MAC; check it with Get-NlbCluster | Format-List).`
              : `On the switches of the NLB subnet: IGMP snooping for the cluster's IGMP multicast group (MAC ${mac}), and a static ARP entry on the router as for multicast.`,
            'Without it, clients on other subnets cannot reach the cluster address: the router will not learn a unicast IP on a multicast MAC.',
          ],
          does: { kind: 'router-arp', vip: cluster.vip },
        },
        restarts: false,
        supportsWhatIf: false,
        dependsOn: [stepIds.nlbConverged(cluster.id)],
        expectedSeconds: NLB_CONVERGE_SECONDS,
        notes: ['Done by the network administrator; the next step checks it from a server on another subnet when the design has one.'],
        entityIds: [cluster.id],
      });
      const clusterSubnet = cluster.subnetId;
      const memberIds = new Set(members.map((m) => m.server.id));
      const outside = design.servers.find((s) => !memberIds.has(s.id) && !s.roles.includes('Edge') && s.nics.length > 0 && s.nics.every((n) => n.subnetId !== clusterSubnet));
      if (outside) {
        const ports = (array ? casPortRules(array) : rules).filter((r) => r.startPort === r.endPort).map((r) => r.startPort);
        ctx.add({
          id: stepIds.vipReachable(cluster.id),
          phase: 'nlb',
          target: ctx.hostTarget(outside),
          title: `Check that NLB cluster ${label} answers from ${outside.name} (another subnet)`,
          action: { kind: 'verify-vip-reachable', vip: cluster.vip, ports, fqdn: '', dnsServer: '', hint: 'add the static ARP entry (or IGMP snooping) for the cluster MAC on the router, then run this step again' },
          restarts: false,
          supportsWhatIf: true,
          dependsOn: [stepIds.staticArp(cluster.id), ctx.hostReady(outside)],
          expectedSeconds: NLB_CONVERGE_SECONDS,
          notes: [`TCP ${ports.join(', ')} on ${cluster.vip} from ${outside.name}.`],
          entityIds: [cluster.id, outside.id],
        });
      }
    }
  }
}

/** The step after which an NLB cluster's address answers clients (convergence, and the router's ARP entry when needed). */
export function nlbReadyStep(ctx: GenerationContext, clusterId: string): string {
  if (ctx.has(stepIds.vipReachable(clusterId))) return stepIds.vipReachable(clusterId);
  if (ctx.has(stepIds.staticArp(clusterId))) return stepIds.staticArp(clusterId);
  return stepIds.nlbConverged(clusterId);
}
