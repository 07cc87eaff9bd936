// Wiring on the canvas: which pairs of objects can be connected, what the connection does to the design, and why
// a refused one is refused. canConnect is what the canvas asks while the admin drags a wire (isValidConnection);
// connect applies it (and checks again: the canvas does not ask in every drag case).
import { nicPurposeForSubnet } from '../model/network';
import { cidrContains, parseCidr, parseIpv4 } from '../model/ip';
import { DEFAULT_NLB_LOAD_WEIGHT, MAX_NICS_PER_SERVER } from '../model/schema';
import { CLUSTERING_NEEDS_ENTERPRISE, DAG_MAX_MEMBERS, NLB_MAX_HOSTS } from '../planner/limits';
import { WINDOWS_LABELS } from '../planner/text';
import type { CasArray, Dag, Design, DesignDocument, HardwareLoadBalancer, Nic, NicPurpose, NlbCluster, NlbMember, Server, Subnet } from '../model/types';
import { KIND_LABEL, findEntity, replaceById, siteName } from './entities';
import type { EntityKind, EntityRef } from './entities';
import { Allocator } from './naming';
import { done, refuse } from './types';
import type { EditResult } from './types';

export type ConnectCheck = { readonly ok: true; readonly effect: string } | { readonly ok: false; readonly reason: string };

interface Plan {
  readonly effect: string;
  readonly apply: (design: Design) => Design;
}

type Planned = Plan | { readonly reason: string };

/** What each kind of node can be wired to (the tail of every "cannot be connected" message). */
const CONNECTS_TO: Readonly<Record<EntityKind, string>> = {
  server: 'a server connects to a subnet (a NIC), an NLB cluster, a hardware load balancer or a DAG',
  subnet: 'a subnet connects to servers (NICs), NLB clusters and hardware load balancers (their VIP) and DAGs (DAG IP or replication network)',
  nlbCluster: 'an NLB cluster connects to its member servers, its subnet and the CAS array it balances',
  hardwareLoadBalancer: 'a hardware load balancer connects to its member servers, the subnet of its VIP and the CAS array it balances',
  casArray: 'a CAS array connects to the one NLB cluster or hardware load balancer that balances it',
  dag: 'a DAG connects to Mailbox servers (or drop them into it) and to subnets (DAG IP or replication network)',
  site: 'AD sites are not wired: drag objects into a site to place them there',
  nic: 'NICs are made by connecting a server to a subnet',
  database: 'databases are edited in the inspector',
};

/** Order of kinds in a pair, so (subnet, server) is handled as (server, subnet). */
const PAIR_ORDER: readonly EntityKind[] = ['server', 'nlbCluster', 'hardwareLoadBalancer', 'dag', 'casArray', 'subnet', 'site', 'nic', 'database'];

function rolesText(server: Server): string {
  return server.roles.length === 0 ? 'no roles' : server.roles.join('+');
}

function usableSubnet(subnet: Subnet): string | null {
  return parseCidr(subnet.cidr) ? null : `Subnet ${subnet.cidr} is not a valid network (e.g. 192.168.0.0/24): fix its CIDR in the inspector first.`;
}

function sameSiteOrReason(design: Design, server: Server, subnet: Subnet, what: string): string | null {
  if (server.siteId === subnet.siteId) return null;
  return `${server.name} is in AD site ${siteName(design, server.siteId)}, but ${what} subnet ${subnet.cidr} belongs to AD site ${siteName(design, subnet.siteId)}: move ${server.name} into that site first, or use a subnet of its own site.`;
}

function uniqueNicName(server: Server, base: string): string {
  const names = new Set(server.nics.map((n) => n.name.toLowerCase()));
  if (!names.has(base.toLowerCase())) return base;
  for (let i = 2; ; i++) if (!names.has(`${base} ${i}`.toLowerCase())) return `${base} ${i}`;
}

const NIC_NAME_BY_PURPOSE: Readonly<Record<NicPurpose, string>> = { mapi: 'Primary', replication: 'Replication', management: 'Management', nlb: 'NLB' };

function withServer(design: Design, serverId: string, update: (s: Server) => Server): Design {
  return { ...design, servers: replaceById(design.servers, serverId, update) };
}

function planNic(design: Design, server: Server, subnet: Subnet): Planned {
  const bad = usableSubnet(subnet) ?? sameSiteOrReason(design, server, subnet, 'the');
  if (bad) return { reason: bad };
  if (server.nics.length >= MAX_NICS_PER_SERVER) {
    return { reason: `${server.name} already has ${MAX_NICS_PER_SERVER} NICs, the most ExTopo models per server: remove one first.` };
  }
  const alloc = new Allocator(design);
  const ip = alloc.address(design, subnet.id);
  if (ip === null) return { reason: `Subnet ${subnet.cidr} has no free address left for ${server.name}: widen the subnet or free an address.` };
  const purpose: NicPurpose = nicPurposeForSubnet(subnet.purpose);
  const name = server.nics.length === 0 ? 'Primary' : uniqueNicName(server, NIC_NAME_BY_PURPOSE[purpose] === 'Primary' ? 'MAPI' : NIC_NAME_BY_PURPOSE[purpose]);
  const nic: Nic = { id: alloc.id('nic', `${server.name}-${name}`), name, subnetId: subnet.id, ipv4: ip, purpose };
  // A replication NIC on a DAG member means the DAG replicates over that subnet: the wire sets the DAG's
  // replication network too, so the runbook configures it (Set-DatabaseAvailabilityGroupNetwork).
  const dag = purpose === 'replication' ? design.dags.find((g) => g.memberIds.includes(server.id) && !g.replicationSubnetIds.includes(subnet.id)) : undefined;
  return {
    effect: `adds NIC "${name}" ${ip} to ${server.name} on subnet ${subnet.cidr}${dag ? ` and makes ${subnet.cidr} a replication network of DAG ${dag.name}` : ''}`,
    apply: (d) => {
      const next = withServer(d, server.id, (s) => ({ ...s, nics: [...s.nics, nic] }));
      return dag ? withReplicationNetworks(next, dag.id, [subnet.id]) : next;
    },
  };
}

/** Adds subnets to a DAG's replication networks (each once). */
function withReplicationNetworks(design: Design, dagId: string, subnetIds: readonly string[]): Design {
  return {
    ...design,
    dags: replaceById(design.dags, dagId, (g) => ({ ...g, replicationSubnetIds: [...g.replicationSubnetIds, ...subnetIds.filter((id) => !g.replicationSubnetIds.includes(id))] })),
  };
}

function nlbConflict(design: Design, server: Server): string | null {
  const dag = design.dags.find((d) => d.memberIds.includes(server.id));
  return dag ? `${server.name} is a member of DAG ${dag.name}: Windows NLB and failover clustering (which a DAG uses) cannot run on the same server. Use a hardware load balancer, or keep Client Access off the DAG members.` : null;
}

function planNlbMember(design: Design, server: Server, cluster: NlbCluster): Planned {
  if (!server.roles.includes('CAS')) {
    return { reason: `${server.name} does not hold the Client Access role (it has ${rolesText(server)}): an NLB cluster for a CAS array balances Client Access servers only.` };
  }
  if (cluster.members.some((m) => m.serverId === server.id)) return { reason: `${server.name} is already a member of NLB cluster ${cluster.fqdn}.` };
  const conflict = nlbConflict(design, server);
  if (conflict) return { reason: conflict };
  if (cluster.members.length >= NLB_MAX_HOSTS) return { reason: `NLB cluster ${cluster.fqdn} already has ${NLB_MAX_HOSTS} hosts, the Windows NLB maximum: use a hardware load balancer.` };
  const subnet = design.subnets.find((s) => s.id === cluster.subnetId);
  if (!subnet) return { reason: `NLB cluster ${cluster.fqdn} is on no subnet of the design: connect it to a subnet first.` };
  const bad = usableSubnet(subnet) ?? sameSiteOrReason(design, server, subnet, "the NLB cluster's");
  if (bad) return { reason: bad };
  const usedNics = new Set(design.nlbClusters.flatMap((c) => c.members.map((m) => m.nicId)));
  const spare = server.nics.find((n) => n.subnetId === subnet.id && n.purpose === 'nlb' && !usedNics.has(n.id));
  const priorities = new Set(cluster.members.map((m) => m.hostPriority));
  let priority = 1;
  while (priorities.has(priority)) priority++;
  let nic: Nic | null = null;
  if (!spare) {
    if (server.nics.length >= MAX_NICS_PER_SERVER) return { reason: `${server.name} has ${MAX_NICS_PER_SERVER} NICs and none is a free NLB NIC: remove a NIC first.` };
    const alloc = new Allocator(design);
    const ip = alloc.address(design, subnet.id);
    if (ip === null) return { reason: `Subnet ${subnet.cidr} has no free address for an NLB NIC on ${server.name}.` };
    const name = uniqueNicName(server, 'NLB');
    nic = { id: alloc.id('nic', `${server.name}-${name}`), name, subnetId: subnet.id, ipv4: ip, purpose: 'nlb' };
  }
  const nicId = spare?.id ?? (nic as Nic).id;
  const member: NlbMember = { serverId: server.id, nicId, hostPriority: priority, loadWeight: DEFAULT_NLB_LOAD_WEIGHT };
  const nicText = spare ? `its NIC "${spare.name}" ${spare.ipv4}` : `a new NIC "${(nic as Nic).name}" ${(nic as Nic).ipv4}`;
  return {
    effect: `adds ${server.name} to NLB cluster ${cluster.fqdn} on ${nicText}, host priority ${priority}`,
    apply: (d) => {
      const next = nic ? withServer(d, server.id, (s) => ({ ...s, nics: [...s.nics, nic as Nic] })) : d;
      return { ...next, nlbClusters: replaceById(next.nlbClusters, cluster.id, (c) => ({ ...c, members: [...c.members, member] })) };
    },
  };
}

function planHlbMember(server: Server, hlb: HardwareLoadBalancer): Planned {
  if (!server.roles.includes('CAS')) {
    return { reason: `${server.name} does not hold the Client Access role (it has ${rolesText(server)}): a hardware load balancer for a CAS array balances Client Access servers only.` };
  }
  if (hlb.memberIds.includes(server.id)) return { reason: `${server.name} is already a member of hardware load balancer ${hlb.name}.` };
  return {
    effect: `adds ${server.name} to hardware load balancer ${hlb.name}`,
    apply: (d) => ({ ...d, hardwareLoadBalancers: replaceById(d.hardwareLoadBalancers, hlb.id, (h) => ({ ...h, memberIds: [...h.memberIds, server.id] })) }),
  };
}

/** Windows editions without failover clustering on 2008 / 2008 R2. */
function editionReason(server: Server): string | null {
  if (CLUSTERING_NEEDS_ENTERPRISE.has(server.os.version) && server.os.edition === 'Standard') {
    return `${server.name} runs ${WINDOWS_LABELS[server.os.version]} Standard, which has no failover clustering: set its edition to Enterprise or Datacenter first (DAG members need it).`;
  }
  return null;
}

function planDagMember(design: Design, server: Server, dag: Dag): Planned {
  if (!server.roles.includes('MB')) return { reason: `${server.name} is not a Mailbox server (it has ${rolesText(server)}): only Mailbox servers can join a DAG.` };
  if (dag.memberIds.includes(server.id)) return { reason: `${server.name} is already a member of DAG ${dag.name}.` };
  const other = design.dags.find((d) => d.id !== dag.id && d.memberIds.includes(server.id));
  if (other) return { reason: `${server.name} is already a member of DAG ${other.name}: a server belongs to at most one DAG.` };
  const nlb = design.nlbClusters.find((c) => c.members.some((m) => m.serverId === server.id));
  if (nlb) {
    return { reason: `${server.name} is a member of NLB cluster ${nlb.fqdn}: Windows NLB and failover clustering (which a DAG uses) cannot run on the same server. Use a hardware load balancer, or keep Client Access off the DAG members.` };
  }
  if (server.domainController) return { reason: `${server.name} is a domain controller: a domain controller cannot be a DAG member.` };
  if (dag.memberIds.length >= DAG_MAX_MEMBERS) return { reason: `DAG ${dag.name} already has ${DAG_MAX_MEMBERS} members, the Exchange 2010 maximum.` };
  const edition = editionReason(server);
  if (edition) return { reason: edition };
  // One DAG IP per MAPI subnet the members use: add one for each MAPI subnet of this server the DAG lacks.
  const alloc = new Allocator(design);
  const ips: { subnetId: string; ipv4: string }[] = [];
  const covered = new Set(dag.ipAddresses.map((ip) => ip.subnetId));
  for (const nic of server.nics) {
    const subnet = design.subnets.find((s) => s.id === nic.subnetId);
    if (!subnet || subnet.purpose !== 'mapi' || covered.has(subnet.id) || dag.replicationSubnetIds.includes(subnet.id)) continue;
    const ip = alloc.address(design, subnet.id);
    if (ip === null) continue;
    covered.add(subnet.id);
    ips.push({ subnetId: subnet.id, ipv4: ip });
  }
  const ipText = ips.length > 0 ? ` and DAG IP ${ips.map((i) => i.ipv4).join(', ')}` : '';
  // The member's replication NICs make their subnets replication networks of the DAG (what the canvas shows).
  const replication = [
    ...new Set(
      server.nics
        .filter((n) => n.purpose === 'replication' && !dag.replicationSubnetIds.includes(n.subnetId) && design.subnets.some((s) => s.id === n.subnetId && s.purpose === 'replication'))
        .map((n) => n.subnetId),
    ),
  ];
  const replicationText = replication.length > 0
    ? `; replication over ${replication.map((id) => design.subnets.find((s) => s.id === id)?.cidr ?? id).join(', ')}`
    : '';
  return {
    effect: `adds ${server.name} to DAG ${dag.name}${ipText}${replicationText}`,
    apply: (d) =>
      withReplicationNetworks(
        { ...d, dags: replaceById(d.dags, dag.id, (g) => ({ ...g, memberIds: [...g.memberIds, server.id], ipAddresses: [...g.ipAddresses, ...ips] })) },
        dag.id,
        replication,
      ),
  };
}

function lbLabel(design: Design, array: CasArray): string | null {
  if (array.nlbClusterId !== null) {
    const c = design.nlbClusters.find((x) => x.id === array.nlbClusterId);
    return `NLB cluster ${c?.fqdn ?? array.nlbClusterId}`;
  }
  if (array.hardwareLoadBalancerId !== null) {
    const h = design.hardwareLoadBalancers.find((x) => x.id === array.hardwareLoadBalancerId);
    return `hardware load balancer ${h?.name ?? array.hardwareLoadBalancerId}`;
  }
  return null;
}

function planCasArrayLb(design: Design, lb: { kind: 'nlb'; item: NlbCluster } | { kind: 'hlb'; item: HardwareLoadBalancer }, array: CasArray): Planned {
  const label = lb.kind === 'nlb' ? `NLB cluster ${lb.item.fqdn}` : `hardware load balancer ${lb.item.name}`;
  const current = lbLabel(design, array);
  if (current !== null) {
    const same = lb.kind === 'nlb' ? array.nlbClusterId === lb.item.id : array.hardwareLoadBalancerId === lb.item.id;
    return {
      reason: same
        ? `CAS array ${array.name} is already balanced by ${label}.`
        : `CAS array ${array.name} is already balanced by ${current}: a CAS array has one load balancer. Delete that link first.`,
    };
  }
  const other = design.casArrays.find((a) => a.id !== array.id && (lb.kind === 'nlb' ? a.nlbClusterId === lb.item.id : a.hardwareLoadBalancerId === lb.item.id));
  if (other) return { reason: `${label} already balances CAS array ${other.name}: one load balancer per CAS array.` };
  if (lb.kind === 'nlb') {
    const subnet = design.subnets.find((s) => s.id === lb.item.subnetId);
    if (subnet && subnet.siteId !== array.siteId) {
      return {
        reason: `${label} is on subnet ${subnet.cidr} in AD site ${siteName(design, subnet.siteId)}, but CAS array ${array.name} serves AD site ${siteName(design, array.siteId)}: a CAS array balances the Client Access servers of its own site.`,
      };
    }
  }
  return {
    effect: `CAS array ${array.name} (${array.fqdn}) is balanced by ${label}, VIP ${lb.item.vip}`,
    apply: (d) => ({
      ...d,
      casArrays: replaceById(d.casArrays, array.id, (a) =>
        lb.kind === 'nlb' ? { ...a, nlbClusterId: lb.item.id, hardwareLoadBalancerId: null } : { ...a, hardwareLoadBalancerId: lb.item.id, nlbClusterId: null },
      ),
    }),
  };
}

function planVipSubnet(design: Design, lb: { kind: 'nlb'; item: NlbCluster } | { kind: 'hlb'; item: HardwareLoadBalancer }, subnet: Subnet): Planned {
  const bad = usableSubnet(subnet);
  if (bad) return { reason: bad };
  const label = lb.kind === 'nlb' ? `NLB cluster ${lb.item.fqdn}` : `hardware load balancer ${lb.item.name}`;
  if (subnet.purpose !== 'mapi') {
    return { reason: `Subnet ${subnet.cidr} is a ${subnet.purpose} network: the VIP of ${label} belongs on a client (MAPI) subnet.` };
  }
  const cidr = parseCidr(subnet.cidr);
  const current = lb.kind === 'nlb' ? lb.item.subnetId === subnet.id : cidr !== null && isIn(cidr, lb.item.vip);
  if (current) return { reason: `The VIP ${lb.item.vip} of ${label} is already on subnet ${subnet.cidr}.` };
  const ip = new Allocator(design).address(design, subnet.id);
  if (ip === null) return { reason: `Subnet ${subnet.cidr} has no free address left for the VIP of ${label}.` };
  return {
    effect: `moves the VIP of ${label} to subnet ${subnet.cidr}: ${ip}`,
    apply: (d) =>
      lb.kind === 'nlb'
        ? { ...d, nlbClusters: replaceById(d.nlbClusters, lb.item.id, (c) => ({ ...c, subnetId: subnet.id, vip: ip })) }
        : { ...d, hardwareLoadBalancers: replaceById(d.hardwareLoadBalancers, lb.item.id, (h) => ({ ...h, vip: ip })) },
  };
}

function isIn(cidr: NonNullable<ReturnType<typeof parseCidr>>, address: string): boolean {
  const v = parseIpv4(address);
  return v !== null && cidrContains(cidr, v);
}

function planDagSubnet(design: Design, dag: Dag, subnet: Subnet): Planned {
  const bad = usableSubnet(subnet);
  if (bad) return { reason: bad };
  if (subnet.purpose === 'replication') {
    if (dag.replicationSubnetIds.includes(subnet.id)) return { reason: `Subnet ${subnet.cidr} is already a replication network of DAG ${dag.name}.` };
    return {
      effect: `makes subnet ${subnet.cidr} a replication network of DAG ${dag.name}`,
      apply: (d) => ({ ...d, dags: replaceById(d.dags, dag.id, (g) => ({ ...g, replicationSubnetIds: [...g.replicationSubnetIds, subnet.id] })) }),
    };
  }
  if (subnet.purpose !== 'mapi') {
    return { reason: `Subnet ${subnet.cidr} is a ${subnet.purpose} network: a DAG takes an IP address on MAPI subnets and uses replication subnets; management networks are not part of it.` };
  }
  const existing = dag.ipAddresses.find((ip) => ip.subnetId === subnet.id);
  if (existing) return { reason: `DAG ${dag.name} already has IP address ${existing.ipv4} on subnet ${subnet.cidr} (one per MAPI subnet).` };
  const ip = new Allocator(design).address(design, subnet.id);
  if (ip === null) return { reason: `Subnet ${subnet.cidr} has no free address left for a DAG IP.` };
  return {
    effect: `gives DAG ${dag.name} the IP address ${ip} on subnet ${subnet.cidr}`,
    apply: (d) => ({ ...d, dags: replaceById(d.dags, dag.id, (g) => ({ ...g, ipAddresses: [...g.ipAddresses, { subnetId: subnet.id, ipv4: ip }] })) }),
  };
}

function cannot(a: EntityRef, b: EntityRef, why?: string): Planned {
  const article = (k: EntityKind) => (/^[aeiou]/i.test(KIND_LABEL[k]) || k === 'nlbCluster' ? 'an' : 'a');
  const first = `${article(a.kind)} ${KIND_LABEL[a.kind]}`;
  const second = `${article(b.kind)} ${KIND_LABEL[b.kind]}`;
  return { reason: `${capitalise(a.label)} cannot be connected to ${b.label}: ${why ?? `${first} is not wired to ${second}; ${CONNECTS_TO[a.kind]}`}.` };
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function planPair(design: Design, sourceId: string, targetId: string): Planned {
  if (sourceId === targetId) return { reason: 'An object cannot be connected to itself.' };
  const a0 = findEntity(design, sourceId);
  const b0 = findEntity(design, targetId);
  if (!a0) return { reason: `There is no object "${sourceId}" in the design.` };
  if (!b0) return { reason: `There is no object "${targetId}" in the design.` };
  const [a, b] = PAIR_ORDER.indexOf(a0.kind) <= PAIR_ORDER.indexOf(b0.kind) ? [a0, b0] : [b0, a0];
  const server = design.servers.find((s) => s.id === a.id);
  const subnet = design.subnets.find((s) => s.id === b.id);
  const nlb = (id: string) => design.nlbClusters.find((c) => c.id === id);
  const hlb = (id: string) => design.hardwareLoadBalancers.find((h) => h.id === id);
  const dag = (id: string) => design.dags.find((d) => d.id === id);
  const array = (id: string) => design.casArrays.find((x) => x.id === id);
  const key = `${a.kind}-${b.kind}`;
  switch (key) {
    case 'server-subnet':
      return planNic(design, server as Server, subnet as Subnet);
    case 'server-nlbCluster':
      return planNlbMember(design, server as Server, nlb(b.id) as NlbCluster);
    case 'server-hardwareLoadBalancer':
      return planHlbMember(server as Server, hlb(b.id) as HardwareLoadBalancer);
    case 'server-dag':
      return planDagMember(design, server as Server, dag(b.id) as Dag);
    case 'server-casArray':
      return cannot(a, b, `servers join a CAS array through its load balancer. Connect ${(server as Server).name} to an NLB cluster or a hardware load balancer, and that to the CAS array`);
    case 'server-server':
      return cannot(a, b, 'servers are not wired to each other. Connect each to a subnet (a NIC), an NLB cluster, a hardware load balancer or a DAG');
    case 'nlbCluster-casArray':
      return planCasArrayLb(design, { kind: 'nlb', item: nlb(a.id) as NlbCluster }, array(b.id) as CasArray);
    case 'hardwareLoadBalancer-casArray':
      return planCasArrayLb(design, { kind: 'hlb', item: hlb(a.id) as HardwareLoadBalancer }, array(b.id) as CasArray);
    case 'nlbCluster-subnet':
      return planVipSubnet(design, { kind: 'nlb', item: nlb(a.id) as NlbCluster }, subnet as Subnet);
    case 'hardwareLoadBalancer-subnet':
      return planVipSubnet(design, { kind: 'hlb', item: hlb(a.id) as HardwareLoadBalancer }, subnet as Subnet);
    case 'dag-subnet':
      return planDagSubnet(design, dag(a.id) as Dag, subnet as Subnet);
    case 'subnet-subnet':
      return cannot(a, b, 'subnets are not wired to each other (routing between them is outside the design)');
    default:
      if (a.kind === 'site' || b.kind === 'site') return cannot(a, b, CONNECTS_TO.site);
      return cannot(a, b);
  }
}

/** Whether two canvas objects can be wired, in either direction; the reason when not, the effect when so. */
export function canConnect(design: Design, sourceId: string, targetId: string): ConnectCheck {
  const plan = planPair(design, sourceId, targetId);
  return 'reason' in plan ? { ok: false, reason: plan.reason } : { ok: true, effect: plan.effect };
}

/** Wires two objects: a NIC, an NLB / hardware LB / DAG membership, a CAS array's load balancer, a VIP or DAG IP. */
export function connect(doc: DesignDocument, sourceId: string, targetId: string): EditResult {
  const plan = planPair(doc.design, sourceId, targetId);
  if ('reason' in plan) return refuse(plan.reason);
  const before = doc.design;
  const design = plan.apply(before);
  return done({ ...doc, design }, createdBetween(before, design), [plan.effect]);
}

/** Ids of NICs a connection created (so the editor can select the new edge). */
function createdBetween(before: Design, after: Design): string[] {
  const old = new Set(before.servers.flatMap((s) => s.nics.map((n) => n.id)));
  return after.servers.flatMap((s) => s.nics.filter((n) => !old.has(n.id)).map((n) => n.id));
}

/** The same as connect, on the design alone (for commands that wire as part of a larger edit). */
export function connectDesign(design: Design, sourceId: string, targetId: string): { ok: true; design: Design; effect: string } | { ok: false; reason: string } {
  const plan = planPair(design, sourceId, targetId);
  if ('reason' in plan) return { ok: false, reason: plan.reason };
  return { ok: true, design: plan.apply(design), effect: plan.effect };
}
