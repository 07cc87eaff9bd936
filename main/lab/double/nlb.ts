// Windows NLB of the host double (powershell/host-double/Modules/NetworkLoadBalancingClusters): the
// NetworkLoadBalancingClusters cmdlets of Windows Server 2008 R2 / 2012 R2 ("Network Load Balancing Cmdlets in Windows
// PowerShell", learn.microsoft.com/previous-versions/windows/it-pro/windows-server-2008-r2-and-2008/ee817138 and
// learn.microsoft.com/powershell/module/networkloadbalancingclusters). A cmdlet that names another node (-HostName,
// -NewNodeName) manages it over remote WMI: a node that does not answer gives "The RPC server is unavailable".
// Creating a cluster and adding a node go through the lab's effects (new-nlb-cluster, add-nlb-node): one model.
import type { NlbMode } from '../../../shared/model/types';
import { nlbClusterByVip, nlbNodeState } from '../checks';
import { applyActionEffect } from '../effects';
import type { StepAction } from '../../../shared/runbook/actions';
import { NLB_BINDING } from '../knowledge';
import { findHost } from '../state';
import type { LabHost, LabNlbCluster, LabNlbNode, LabPortRule } from '../state';
import type { DoubleContext, DoubleHandlers } from './context';
import { identityOf } from './context';
import type { DoubleError, DoubleObject, WireValue } from './protocol';
import { fail, remoteHost } from './windows';

const NS = 'Microsoft.NetworkLoadBalancingClusters.PowerShell';

function commandClass(ctx: DoubleContext): string {
  return `${NS}.${ctx.command.replace(/-/g, '')}Command`;
}

/** The node the cmdlet runs against (-HostName, '.' or absent = this host), which must have the NLB driver. */
function target(ctx: DoubleContext, hostName: string): LabHost {
  const host = remoteHost(ctx, hostName, commandClass(ctx));
  if (!host.features.includes('NLB')) {
    throw fail(`Network Load Balancing is not installed on ${host.name}: Invalid namespace "root\\MicrosoftNLB". Install the NLB feature first.`, `NlbNotInstalled,${commandClass(ctx)}`, 'ObjectNotFound', { terminating: true, target: host.name });
  }
  return host;
}

function clusterOn(ctx: DoubleContext, host: LabHost, interfaceName: string): LabNlbCluster | undefined {
  return ctx.state.nlbClusters.find((c) => c.nodes.some((n) => n.host === host.name && (interfaceName === '' || n.interfaceName.toLowerCase() === interfaceName.toLowerCase())));
}

function noCluster(ctx: DoubleContext, host: LabHost, interfaceName: string): DoubleError {
  return fail(`There is no NLB cluster on ${interfaceName === '' ? 'any interface' : `interface '${interfaceName}'`} of host ${host.name}.`, `ClusterNotFound,${commandClass(ctx)}`, 'ObjectNotFound', { terminating: true, target: host.name });
}

/** A pipeline object's property (the wire copies the identity properties of objects the double gave out). */
function prop(value: WireValue | undefined, name: string): string {
  if (value === undefined || value === null || typeof value !== 'object') return '';
  const item = Array.isArray(value) ? value[0] : value;
  if (item === undefined || item === null || typeof item !== 'object' || Array.isArray(item)) return '';
  const v = (item as { readonly [k: string]: WireValue })[name];
  return v === undefined || v === null ? '' : String(v);
}

function inputs(ctx: DoubleContext): WireValue[] {
  const v = ctx.params.raw('InputObject');
  if (v === undefined || v === null) return [];
  return Array.isArray(v) ? [...v] : [v];
}

const MODE_NAMES: Record<NlbMode, string> = { unicast: 'UNICAST', multicast: 'MULTICAST', igmpMulticast: 'IGMPMULTICAST' };

function clusterObject(cluster: LabNlbCluster, host: LabHost, interfaceName: string): DoubleObject {
  return { __type: `${NS}.Cluster`, Name: cluster.fqdn, IPAddress: cluster.vip, SubnetMask: cluster.subnetMask, Mode: MODE_NAMES[cluster.mode], HostName: host.name, InterfaceName: interfaceName };
}

function nodeState(ctx: DoubleContext, node: LabNlbNode): string {
  if (node.stopped) return 'Stopped';
  return nlbNodeState(ctx.world, findHost(ctx.state, node.host), node.interfaceName);
}

function nodeObject(ctx: DoubleContext, cluster: LabNlbCluster, node: LabNlbNode): DoubleObject {
  const host = findHost(ctx.state, node.host);
  const nic = host?.nics.find((n) => n.name.toLowerCase() === node.interfaceName.toLowerCase());
  return {
    __type: `${NS}.Node`,
    Name: node.host,
    State: nodeState(ctx, node),
    InterfaceName: node.interfaceName,
    HostID: node.hostPriority,
    HostPriority: node.hostPriority,
    Cluster: cluster.fqdn,
    AdapterGuid: nic?.guid ?? '',
    InitialHostState: 'Started',
    HostName: node.host,
  };
}

function ruleObject(cluster: LabNlbCluster, rule: LabPortRule, hostName: string, interfaceName: string): DoubleObject {
  return {
    __type: `${NS}.PortRule`,
    IPAddress: 'All',
    StartPort: rule.startPort,
    EndPort: rule.endPort,
    Protocol: rule.protocol,
    FilteringMode: rule.mode,
    Affinity: rule.affinity,
    Timeout: 0,
    State: 'Enabled',
    Cluster: cluster.fqdn,
    HostName: hostName,
    InterfaceName: interfaceName,
  };
}

/** The cluster and the node a cmdlet addresses: -InputObject (a cluster, node or port rule), or -HostName/-InterfaceName. */
function addressed(ctx: DoubleContext): { cluster: LabNlbCluster; host: LabHost; interfaceName: string }[] {
  const items = inputs(ctx);
  if (items.length === 0) {
    const host = target(ctx, ctx.params.str('HostName'));
    const interfaceName = ctx.params.str('InterfaceName');
    const cluster = clusterOn(ctx, host, interfaceName);
    if (!cluster) throw noCluster(ctx, host, interfaceName);
    const node = cluster.nodes.find((n) => n.host === host.name);
    return [{ cluster, host, interfaceName: node?.interfaceName ?? interfaceName }];
  }
  return items.map((item) => {
    const type = prop(item, '__type');
    const hostName = type.endsWith('.Node') ? prop(item, 'Name') || identityOf(item) : prop(item, 'HostName');
    const host = target(ctx, hostName);
    const interfaceName = prop(item, 'InterfaceName');
    const byVip = type.endsWith('.Cluster') ? nlbClusterByVip(ctx.state, prop(item, 'IPAddress')) : undefined;
    const cluster = byVip ?? clusterOn(ctx, host, interfaceName);
    if (!cluster) throw noCluster(ctx, host, interfaceName);
    return { cluster, host, interfaceName };
  });
}

function throughLab(ctx: DoubleContext, host: LabHost, action: StepAction): void {
  const result = applyActionEffect({ world: ctx.world, host, out: (stream, line) => (stream === 'warning' ? ctx.warn(line) : undefined) }, action);
  if (!result.ok) {
    const message = result.error.replace(/^[\w/.:-]+ : /, '');
    if (result.unreachable && /RPC server is unavailable/.test(message)) throw fail('The RPC server is unavailable. (Exception from HRESULT: 0x800706BA)', `NlbRemoteWmi,${commandClass(ctx)}`, 'InvalidOperation', { terminating: true });
    throw fail(message, `${ctx.command}Failed,${commandClass(ctx)}`, 'InvalidOperation', { terminating: true, transport: result.unreachable === true && !/RPC/.test(message) });
  }
}

function lowestFreePriority(cluster: LabNlbCluster): number {
  for (let p = 1; p <= 32; p++) if (!cluster.nodes.some((n) => n.hostPriority === p)) return p;
  return 33;
}

function overlaps(a: { startPort: number; endPort: number; protocol: string }, b: { startPort: number; endPort: number; protocol: string }): boolean {
  return a.startPort <= b.endPort && b.startPort <= a.endPort && (a.protocol === b.protocol || a.protocol === 'Both' || b.protocol === 'Both');
}

function parseEnum<T extends string>(value: string, allowed: readonly T[], fallback: T): T {
  return allowed.find((a) => a.toLowerCase() === value.toLowerCase()) ?? fallback;
}

function setNodePriority(ctx: DoubleContext, cluster: LabNlbCluster, node: LabNlbNode, priority: number): void {
  const clash = cluster.nodes.find((n) => n !== node && n.hostPriority === priority);
  if (clash) throw fail(`Host priority ${priority} is already used by ${clash.host} in NLB cluster ${cluster.vip}; host priorities are unique.`, `InvalidHostPriority,${commandClass(ctx)}`, 'InvalidArgument', { terminating: true });
  if (priority < 1 || priority > 32) throw fail(`The host priority must be between 1 and 32.`, `InvalidHostPriority,${commandClass(ctx)}`, 'InvalidArgument', { terminating: true });
  node.hostPriority = priority;
}

/** The rules a cmdlet addresses (-Port, or -InputObject rules by their ports). */
function rulesOf(ctx: DoubleContext, cluster: LabNlbCluster): LabPortRule[] {
  const items = inputs(ctx).filter((i) => prop(i, '__type').endsWith('.PortRule'));
  if (items.length > 0) {
    return cluster.portRules.filter((r) => items.some((i) => Number(prop(i, 'StartPort')) === r.startPort && Number(prop(i, 'EndPort')) === r.endPort && prop(i, 'Protocol').toLowerCase() === r.protocol.toLowerCase()));
  }
  if (!ctx.params.has('Port')) return [...cluster.portRules];
  const port = ctx.params.int('Port', -1);
  return cluster.portRules.filter((r) => r.startPort <= port && port <= r.endPort);
}

export const nlbCmdlets: DoubleHandlers = {
  'Get-NlbCluster': (ctx) => {
    const host = target(ctx, ctx.params.str('HostName'));
    const interfaceName = ctx.params.str('InterfaceName');
    return ctx.state.nlbClusters
      .filter((c) => c.nodes.some((n) => n.host === host.name && (interfaceName === '' || n.interfaceName.toLowerCase() === interfaceName.toLowerCase())))
      .map((c) => clusterObject(c, host, c.nodes.find((n) => n.host === host.name)?.interfaceName ?? interfaceName));
  },

  'New-NlbCluster': (ctx) => {
    const host = target(ctx, ctx.params.str('HostName'));
    const interfaceName = ctx.params.need('InterfaceName');
    const nic = host.nics.find((n) => n.name.toLowerCase() === interfaceName.toLowerCase());
    const vip = ctx.params.need('ClusterPrimaryIP');
    const prefix = Number((nic?.cidr ?? '/24').split('/')[1] ?? '24');
    const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
    const subnetMask = ctx.params.str('SubnetMask') || [24, 16, 8, 0].map((s) => (mask >>> s) & 255).join('.');
    const modes: Record<string, NlbMode> = { unicast: 'unicast', multicast: 'multicast', igmpmulticast: 'igmpMulticast' };
    const mode = modes[(ctx.params.str('OperationMode') || 'Unicast').toLowerCase()] ?? 'unicast';
    throughLab(ctx, host, { kind: 'new-nlb-cluster', interfaceName, vip, subnetMask, clusterFqdn: ctx.params.str('ClusterName') || vip, mode, hostPriority: 1 });
    const cluster = nlbClusterByVip(ctx.state, vip);
    return cluster ? [clusterObject(cluster, host, nic?.name ?? interfaceName)] : [];
  },

  'Get-NlbClusterNode': (ctx) => {
    const wanted = ctx.params.str('NodeName').toLowerCase();
    const out: DoubleObject[] = [];
    for (const { cluster } of addressed(ctx)) {
      for (const node of cluster.nodes) if (wanted === '' || node.host.toLowerCase() === wanted) out.push(nodeObject(ctx, cluster, node));
    }
    return out;
  },

  'Set-NlbClusterNode': (ctx) => {
    const out: DoubleObject[] = [];
    for (const { cluster, host } of addressed(ctx)) {
      const node = cluster.nodes.find((n) => n.host === host.name);
      if (!node) throw noCluster(ctx, host, ctx.params.str('InterfaceName'));
      if (ctx.params.has('HostPriority')) setNodePriority(ctx, cluster, node, ctx.params.int('HostPriority'));
      out.push(nodeObject(ctx, cluster, node));
    }
    return out;
  },

  'Add-NlbClusterNode': (ctx) => {
    const [{ cluster, host }] = addressed(ctx);
    const clusterNode = cluster.nodes.find((n) => n.host === host.name) ?? cluster.nodes[0];
    const newNodeName = ctx.params.need('NewNodeName');
    const newNodeInterface = ctx.params.need('NewNodeInterface');
    throughLab(ctx, host, {
      kind: 'add-nlb-node',
      clusterHost: host.name,
      clusterInterface: clusterNode?.interfaceName ?? ctx.params.str('InterfaceName'),
      newNodeName,
      newNodeInterface,
      hostPriority: lowestFreePriority(cluster),
      loadWeight: 50,
    });
    const added = cluster.nodes.find((n) => findHost(ctx.state, newNodeName)?.name === n.host);
    return added ? [nodeObject(ctx, cluster, added)] : [];
  },

  'Start-NlbClusterNode': (ctx) => {
    const out: DoubleObject[] = [];
    for (const { cluster, host } of addressed(ctx)) {
      const node = cluster.nodes.find((n) => n.host === host.name);
      if (!node) continue;
      delete node.stopped;
      out.push(nodeObject(ctx, cluster, node));
    }
    return out;
  },

  'Stop-NlbClusterNode': (ctx) => {
    const out: DoubleObject[] = [];
    for (const { cluster, host } of addressed(ctx)) {
      const node = cluster.nodes.find((n) => n.host === host.name);
      if (!node) continue;
      node.stopped = true;
      out.push(nodeObject(ctx, cluster, node));
    }
    return out;
  },

  'Get-NlbClusterPortRule': (ctx) => {
    const out: DoubleObject[] = [];
    for (const { cluster, host, interfaceName } of addressed(ctx)) {
      for (const rule of rulesOf(ctx, cluster)) out.push(ruleObject(cluster, rule, host.name, interfaceName));
    }
    return out;
  },

  'Add-NlbClusterPortRule': (ctx) => {
    const out: DoubleObject[] = [];
    for (const { cluster, host, interfaceName } of addressed(ctx)) {
      const ip = ctx.params.str('IP');
      if (ip !== '' && ip !== cluster.vip && ip !== '255.255.255.255') throw fail(`The IP address ${ip} is not a virtual IP address of the NLB cluster ${cluster.vip}.`, `InvalidIPAddress,${commandClass(ctx)}`, 'InvalidArgument', { terminating: true });
      const rule: LabPortRule = {
        startPort: ctx.params.int('StartPort'),
        endPort: ctx.params.int('EndPort'),
        protocol: parseEnum(ctx.params.str('Protocol'), ['Tcp', 'Udp', 'Both'] as const, 'Both'),
        mode: parseEnum(ctx.params.str('Mode'), ['Multiple', 'Single', 'Disabled'] as const, 'Multiple'),
        affinity: parseEnum(ctx.params.str('Affinity'), ['None', 'Single', 'Network'] as const, 'Single'),
      };
      if (rule.startPort < 0 || rule.endPort > 65535 || rule.startPort > rule.endPort) {
        throw fail(`The port range ${rule.startPort}-${rule.endPort} is not valid: ports are 0 to 65535 and the start port is not above the end port.`, `InvalidPortRange,${commandClass(ctx)}`, 'InvalidArgument', { terminating: true });
      }
      const clash = cluster.portRules.find((r) => overlaps(r, rule));
      if (clash) {
        throw fail(`The port rule ${rule.startPort}-${rule.endPort} overlaps the existing port rule ${clash.startPort}-${clash.endPort}.`, `PortRuleOverlap,${commandClass(ctx)}`, 'InvalidOperation', { terminating: true });
      }
      cluster.portRules.push(rule);
      out.push(ruleObject(cluster, rule, host.name, interfaceName));
    }
    return out;
  },

  'Remove-NlbClusterPortRule': (ctx) => {
    const out: DoubleObject[] = [];
    for (const { cluster, host, interfaceName } of addressed(ctx)) {
      const rules = rulesOf(ctx, cluster);
      if (rules.length === 0 && ctx.params.has('Port')) throw fail(`There is no port rule for port ${ctx.params.int('Port')} in NLB cluster ${cluster.vip}.`, `PortRuleNotFound,${commandClass(ctx)}`, 'ObjectNotFound');
      cluster.portRules = cluster.portRules.filter((r) => !rules.includes(r));
      if (ctx.params.bool('PassThru')) out.push(...rules.map((r) => ruleObject(cluster, r, host.name, interfaceName)));
    }
    return out;
  },

  'Set-NlbClusterPortRule': (ctx) => {
    const out: DoubleObject[] = [];
    for (const { cluster, host, interfaceName } of addressed(ctx)) {
      for (const rule of rulesOf(ctx, cluster)) {
        const changed: LabPortRule = {
          startPort: ctx.params.has('NewStartPort') ? ctx.params.int('NewStartPort') : rule.startPort,
          endPort: ctx.params.has('NewEndPort') ? ctx.params.int('NewEndPort') : rule.endPort,
          protocol: parseEnum(ctx.params.str('NewProtocol'), ['Tcp', 'Udp', 'Both'] as const, rule.protocol),
          mode: parseEnum(ctx.params.str('NewMode'), ['Multiple', 'Single', 'Disabled'] as const, rule.mode),
          affinity: parseEnum(ctx.params.str('NewAffinity'), ['None', 'Single', 'Network'] as const, rule.affinity),
        };
        const clash = cluster.portRules.find((r) => r !== rule && overlaps(r, changed));
        if (clash) throw fail(`The port rule ${changed.startPort}-${changed.endPort} overlaps the existing port rule ${clash.startPort}-${clash.endPort}.`, `PortRuleOverlap,${commandClass(ctx)}`, 'InvalidOperation', { terminating: true });
        cluster.portRules = cluster.portRules.map((r) => (r === rule ? changed : r));
        out.push(ruleObject(cluster, changed, host.name, interfaceName));
      }
    }
    return out;
  },

  'Set-NlbClusterPortRuleNodeWeight': (ctx) => {
    const out: DoubleObject[] = [];
    for (const { cluster, host, interfaceName } of addressed(ctx)) {
      const node = cluster.nodes.find((n) => n.host === host.name);
      if (!node) throw noCluster(ctx, host, interfaceName);
      const weight = ctx.params.bool('Equal') ? 50 : ctx.params.int('LoadWeight', node.loadWeight);
      if (weight < 0 || weight > 100) throw fail('The load weight must be between 0 and 100.', `InvalidLoadWeight,${commandClass(ctx)}`, 'InvalidArgument', { terminating: true });
      node.loadWeight = weight;
      out.push(...rulesOf(ctx, cluster).map((r) => ruleObject(cluster, r, host.name, interfaceName)));
    }
    return out;
  },

  'Get-NlbClusterNodeNetworkInterface': (ctx) => {
    const host = target(ctx, ctx.params.str('HostName'));
    const wanted = ctx.params.str('InterfaceName').toLowerCase();
    return host.nics
      .filter((nic) => wanted === '' || nic.name.toLowerCase() === wanted)
      .map((nic) => {
        const cluster = ctx.state.nlbClusters.find((c) => c.nodes.some((n) => n.host === host.name && n.interfaceName.toLowerCase() === nic.name.toLowerCase()));
        return {
          __type: `${NS}.NetworkInterface`,
          InterfaceName: nic.name,
          NlbBound: nic.bindings.includes(NLB_BINDING),
          Cluster: cluster?.vip ?? '',
          DhcpEnabled: false,
          InterfaceIP: nic.ipv4,
          InterfaceSubnetMask: '',
          ClusterPrimaryIP: cluster?.vip ?? '',
          ClusterSubnetMask: cluster?.subnetMask ?? '',
          Host: host.name,
          HostName: host.name,
        };
      });
  },
};
