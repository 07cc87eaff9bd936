// Adding objects from the palette: each item lands where it was dropped, inside the AD site under the drop point
// (a site is created when the design has none), with the next free name, id and address.
import { GROUP_HEADER, GROUP_PADDING, NODE_SIZE, groupAt, growGroupsToFit, rectOf } from '../canvas/geometry';
import type { NodeKind } from '../canvas/geometry';
import { centerOf } from '../diagram/geometry';
import type { Point } from '../diagram/geometry';
import { nicPurposeForSubnet } from '../model/network';
import type { CasArray, Dag, Design, DesignDocument, HardwareLoadBalancer, MailboxDatabase, NetworkPurpose, NlbCluster, NodeLayout, Role, Server, Site, Subnet } from '../model/types';
import { connectDesign } from './connect';
import { layOutDropped } from './move';
import { siteName } from './entities';
import { Allocator, DATABASE_NUMBER_DIGITS, DATABASE_PREFIX, DEFAULT_CAS_ARRAY_NAME, DEFAULT_SITE_NAME, defaultFqdn, defaultWitnessDirectory } from './naming';
import { done, refuse } from './types';
import type { EditResult } from './types';
import { ownValue, setOwnValue } from '../util/own';

export type PaletteKind = 'cas' | 'hub' | 'mailbox' | 'cas-hub' | 'multi-role' | 'edge' | 'dag' | 'nlb' | 'hlb' | 'cas-array' | 'subnet' | 'site';

export interface PaletteItem {
  readonly kind: PaletteKind;
  readonly label: string;
  readonly section: 'Servers' | 'Groups' | 'Load balancing' | 'Network';
  readonly roles?: readonly Role[];
  readonly description: string;
}

export const PALETTE: readonly PaletteItem[] = [
  { kind: 'cas', label: 'Client Access', section: 'Servers', roles: ['CAS'], description: 'Client Access server' },
  { kind: 'hub', label: 'Hub Transport', section: 'Servers', roles: ['HT'], description: 'Hub Transport server' },
  { kind: 'mailbox', label: 'Mailbox', section: 'Servers', roles: ['MB'], description: 'Mailbox server (with its first database)' },
  { kind: 'cas-hub', label: 'CAS + Hub', section: 'Servers', roles: ['CAS', 'HT'], description: 'Client Access + Hub Transport server' },
  { kind: 'multi-role', label: 'Multi-role', section: 'Servers', roles: ['CAS', 'HT', 'MB'], description: 'CAS + HT + Mailbox on one server' },
  { kind: 'edge', label: 'Edge Transport', section: 'Servers', roles: ['Edge'], description: 'Edge Transport server (stands alone)' },
  { kind: 'dag', label: 'DAG', section: 'Groups', description: 'Database availability group: drop Mailbox servers into it' },
  { kind: 'site', label: 'AD site', section: 'Groups', description: 'Active Directory site' },
  { kind: 'nlb', label: 'Windows NLB', section: 'Load balancing', description: 'Windows NLB cluster with a VIP' },
  { kind: 'hlb', label: 'Hardware LB', section: 'Load balancing', description: 'Hardware load balancer with a VIP' },
  { kind: 'cas-array', label: 'CAS array', section: 'Load balancing', description: 'Client Access array of the site' },
  { kind: 'subnet', label: 'Subnet', section: 'Network', description: 'IPv4 subnet (a bus the servers connect to)' },
];

const DEFAULT_OS = { version: '2008R2', servicePack: 1 } as const;
const DEFAULT_CORES = 4;
const RAM_GB_SINGLE_ROLE = 8;
const RAM_GB_MAILBOX_OR_MULTI = 16;
const NLB_DEFAULT_RULE = { startPort: 0, endPort: 65535, protocol: 'Both', affinity: 'Single' } as const;

interface Ctx {
  design: Design;
  nodes: Record<string, NodeLayout>;
  alloc: Allocator;
  created: string[];
  notes: string[];
}

function start(doc: DesignDocument): Ctx {
  return { design: doc.design, nodes: { ...doc.layout.nodes }, alloc: new Allocator(doc.design), created: [], notes: [] };
}

function finish(doc: DesignDocument, ctx: Ctx): EditResult {
  const layout = growGroupsToFit(ctx.design, { ...doc.layout, nodes: ctx.nodes });
  return done({ ...doc, design: ctx.design, layout }, ctx.created, ctx.notes);
}

/** The AD site under the point; else the only or first site; else a new default site around the point. */
function siteFor(ctx: Ctx, at: Point, size: { width: number; height: number }): string {
  const center = { x: at.x + size.width / 2, y: at.y + size.height / 2 };
  const under = groupAt(ctx.design, { nodes: ctx.nodes }, 'site', center);
  if (under) return under;
  if (ctx.design.sites.length > 0) return ctx.design.sites[0].id;
  return addSiteAt(ctx, { x: at.x - GROUP_PADDING * 2, y: at.y - GROUP_PADDING - GROUP_HEADER - 60 });
}

function addSiteAt(ctx: Ctx, at: Point): string {
  const name = ctx.design.sites.length === 0 ? DEFAULT_SITE_NAME : ctx.alloc.numbered('Site', ctx.design.sites.map((s) => s.name));
  const site: Site = { id: ctx.alloc.id('site', name), name };
  ctx.design = { ...ctx.design, sites: [...ctx.design.sites, site] };
  setOwnValue(ctx.nodes, site.id, { x: at.x, y: at.y, width: NODE_SIZE.site.width, height: NODE_SIZE.site.height });
  ctx.created.push(site.id);
  return site.id;
}

/** The subnet of a site nearest (vertically) to a point, MAPI subnets first. */
function nearestSubnet(ctx: Ctx, siteId: string | null, at: Point, purposes: readonly NetworkPurpose[] = ['mapi']): Subnet | null {
  let best: Subnet | null = null;
  let bestDistance = Infinity;
  for (const pass of [purposes, null]) {
    for (const s of ctx.design.subnets) {
      if (siteId !== null && s.siteId !== siteId) continue;
      if (pass !== null && !pass.includes(s.purpose)) continue;
      const entry = ownValue(ctx.nodes, s.id);
      const distance = entry ? Math.abs(entry.y - at.y) : Number.MAX_SAFE_INTEGER;
      if (distance < bestDistance) {
        best = s;
        bestDistance = distance;
      }
    }
    if (best) return best;
  }
  return null;
}

function place(ctx: Ctx, id: string, kind: NodeKind, at: Point): void {
  const size = NODE_SIZE[kind];
  setOwnValue(ctx.nodes, id, kind === 'subnet' || kind === 'dag' || kind === 'site' ? { x: at.x, y: at.y, width: size.width, height: size.height } : { x: at.x, y: at.y });
  ctx.created.push(id);
}

function addServer(ctx: Ctx, roles: readonly Role[], at: Point): void {
  const siteId = siteFor(ctx, at, NODE_SIZE.server);
  const name = ctx.alloc.serverName(roles);
  const mailbox = roles.includes('MB');
  const server: Server = {
    id: ctx.alloc.id('srv', name),
    name,
    fqdn: defaultFqdn(name, ctx.design.organization.adDomain),
    siteId,
    os: { ...DEFAULT_OS, edition: mailbox ? 'Enterprise' : 'Standard' },
    roles: [...roles],
    cores: DEFAULT_CORES,
    ramGB: mailbox || roles.length > 1 ? RAM_GB_MAILBOX_OR_MULTI : RAM_GB_SINGLE_ROLE,
    virtualized: false,
    domainController: false,
    existing: false,
    nics: [],
  };
  const subnet = nearestSubnet(ctx, siteId, at);
  if (subnet) {
    const ip = ctx.alloc.address(ctx.design, subnet.id);
    if (ip !== null) server.nics.push({ id: ctx.alloc.id('nic', `${name}-primary`), name: 'Primary', subnetId: subnet.id, ipv4: ip, purpose: nicPurposeForSubnet(subnet.purpose) });
    else ctx.notes.push(`Subnet ${subnet.cidr} is full: ${name} has no NIC yet.`);
  }
  ctx.design = { ...ctx.design, servers: [...ctx.design.servers, server] };
  place(ctx, server.id, 'server', at);
  if (mailbox) {
    const dbName = ctx.alloc.numbered(DATABASE_PREFIX, ctx.design.databases.map((d) => d.name), undefined, undefined, DATABASE_NUMBER_DIGITS);
    const db: MailboxDatabase = { id: ctx.alloc.id('db', dbName), name: dbName, existing: false, copies: [{ serverId: server.id, activationPreference: 1, replayLagDays: 0, truncationLagDays: 0 }] };
    ctx.design = { ...ctx.design, databases: [...ctx.design.databases, db] };
    ctx.notes.push(`${name} holds a new database, ${dbName}.`);
    const dagId = groupAt(ctx.design, { nodes: ctx.nodes }, 'dag', centerOf(rectOf('server', ownValue(ctx.nodes, server.id))));
    if (dagId) {
      const joined = connectDesign(ctx.design, server.id, dagId);
      if (joined.ok) {
        ctx.design = joined.design;
        ctx.notes.push(`Added ${joined.effect.replace(/^adds /, '')}.`);
        // Beside the DAG's other members, never on top of one (the DAG grows to hold it).
        layOutDropped(ctx.design, ctx.nodes, ctx.nodes, { joinedDag: [{ id: server.id, dag: dagId }], joinedSite: [], refused: [] });
        return;
      }
      ctx.notes.push(`${name} was not added to the DAG: ${joined.reason}`);
      return;
    }
  }
  // Never on top of another card: moved right until it covers none.
  layOutDropped(ctx.design, ctx.nodes, ctx.nodes, { joinedDag: [], joinedSite: [server.id], refused: [] });
}

function addSubnet(ctx: Ctx, at: Point): string | null {
  const siteId = siteFor(ctx, at, NODE_SIZE.subnet);
  const cidr = ctx.alloc.cidr();
  if (cidr === null) return 'No free private address block is left for a new subnet.';
  const purpose: NetworkPurpose = ctx.design.subnets.some((s) => s.siteId === siteId && s.purpose === 'mapi') ? 'replication' : 'mapi';
  const subnet: Subnet = { id: ctx.alloc.id('subnet', cidr.replace('/', '-')), siteId, cidr, purpose };
  if (purpose === 'mapi') {
    const gateway = ctx.alloc.address({ ...ctx.design, subnets: [...ctx.design.subnets, subnet] }, subnet.id);
    if (gateway !== null) subnet.gateway = gateway;
  }
  ctx.design = { ...ctx.design, subnets: [...ctx.design.subnets, subnet] };
  // A bus spans its site: it starts at the site's left padding and is as wide as the site.
  const site = ownValue(ctx.nodes, siteId);
  if (site) {
    const rect = rectOf('site', site);
    const x = rect.x + GROUP_PADDING;
    setOwnValue(ctx.nodes, subnet.id, { x, y: Math.max(at.y, rect.y + GROUP_HEADER), width: Math.max(NODE_SIZE.subnet.width / 2, rect.width - 2 * GROUP_PADDING), height: NODE_SIZE.subnet.height });
    ctx.created.push(subnet.id);
  } else place(ctx, subnet.id, 'subnet', at);
  return null;
}

function addNlb(ctx: Ctx, at: Point): string | null {
  const siteId = groupAt(ctx.design, { nodes: ctx.nodes }, 'site', centerOf({ ...at, ...NODE_SIZE.nlbCluster }));
  const subnet = nearestSubnet(ctx, siteId, at) ?? nearestSubnet(ctx, null, at);
  if (!subnet) return 'Add a subnet first: the virtual IP (VIP) of a Windows NLB cluster lives in a subnet.';
  const vip = ctx.alloc.address(ctx.design, subnet.id);
  if (vip === null) return `Subnet ${subnet.cidr} has no free address for the cluster VIP.`;
  const label = ctx.alloc.numbered('nlb', ctx.design.nlbClusters.map((c) => c.fqdn.split('.')[0]));
  const cluster: NlbCluster = {
    id: ctx.alloc.id('nlb', label),
    fqdn: defaultFqdn(label, ctx.design.organization.adDomain),
    vip,
    subnetId: subnet.id,
    mode: 'unicast',
    clientsOnOtherSubnets: false,
    portRules: [{ ...NLB_DEFAULT_RULE }],
    members: [],
  };
  ctx.design = { ...ctx.design, nlbClusters: [...ctx.design.nlbClusters, cluster] };
  place(ctx, cluster.id, 'nlbCluster', at);
  return null;
}

function addHlb(ctx: Ctx, at: Point): string | null {
  const siteId = groupAt(ctx.design, { nodes: ctx.nodes }, 'site', centerOf({ ...at, ...NODE_SIZE.hardwareLoadBalancer }));
  const subnet = nearestSubnet(ctx, siteId, at) ?? nearestSubnet(ctx, null, at);
  if (!subnet) return 'Add a subnet first: the virtual IP (VIP) of a hardware load balancer lives in a subnet.';
  const vip = ctx.alloc.address(ctx.design, subnet.id);
  if (vip === null) return `Subnet ${subnet.cidr} has no free address for the VIP.`;
  const name = ctx.alloc.numbered('HLB', ctx.design.hardwareLoadBalancers.map((h) => h.name));
  const hlb: HardwareLoadBalancer = { id: ctx.alloc.id('hlb', name), name, vip, memberIds: [] };
  ctx.design = { ...ctx.design, hardwareLoadBalancers: [...ctx.design.hardwareLoadBalancers, hlb] };
  place(ctx, hlb.id, 'hardwareLoadBalancer', at);
  return null;
}

function addCasArray(ctx: Ctx, at: Point): string | null {
  const siteId = siteFor(ctx, at, NODE_SIZE.casArray);
  const existing = ctx.design.casArrays.find((a) => a.siteId === siteId);
  if (existing) return `AD site ${siteName(ctx.design, siteId)} already has CAS array ${existing.name}: one CAS array per AD site.`;
  const names = ctx.design.casArrays.map((a) => a.name);
  const name = names.includes(DEFAULT_CAS_ARRAY_NAME) ? ctx.alloc.numbered(DEFAULT_CAS_ARRAY_NAME, names) : DEFAULT_CAS_ARRAY_NAME;
  const fqdns = new Set([...ctx.design.casArrays.map((a) => a.fqdn), ...ctx.design.servers.map((s) => s.fqdn)].map((f) => f.toLowerCase()));
  let label = 'casarray';
  for (let i = 2; fqdns.has(defaultFqdn(label, ctx.design.organization.adDomain)); i++) label = `casarray${i}`;
  const array: CasArray = {
    id: ctx.alloc.id('casarray', name),
    name,
    fqdn: defaultFqdn(label, ctx.design.organization.adDomain),
    siteId,
    nlbClusterId: null,
    hardwareLoadBalancerId: null,
    staticPorts: null,
  };
  ctx.design = { ...ctx.design, casArrays: [...ctx.design.casArrays, array] };
  place(ctx, array.id, 'casArray', at);
  return null;
}

function addDag(ctx: Ctx, at: Point): void {
  const siteId = siteFor(ctx, at, NODE_SIZE.dag);
  const name = ctx.alloc.numbered('DAG', ctx.design.dags.map((d) => d.name));
  // The recommended witness: a Hub Transport server of the site that is not a Mailbox server.
  const witness = ctx.design.servers.find((s) => s.siteId === siteId && s.roles.includes('HT') && !s.roles.includes('MB'));
  const dag: Dag = {
    id: ctx.alloc.id('dag', name),
    name,
    siteId,
    memberIds: [],
    ipAddresses: [],
    witnessServerId: witness?.id ?? null,
    witnessHost: '',
    witnessDirectory: defaultWitnessDirectory(name),
    replicationSubnetIds: [],
  };
  ctx.design = { ...ctx.design, dags: [...ctx.design.dags, dag] };
  place(ctx, dag.id, 'dag', at);
}

/**
 * Adds the palette item `kind` with its top-left corner at `at` (absolute canvas coordinates).
 * Servers get the next free name and a NIC with the next free address on the nearest subnet of their site;
 * a Mailbox server also gets its first database (as Exchange setup creates one), and joins the DAG it lands in.
 */
export function addFromPalette(doc: DesignDocument, kind: PaletteKind, at: Point): EditResult {
  const ctx = start(doc);
  let problem: string | null = null;
  const item = PALETTE.find((p) => p.kind === kind);
  if (!item) return refuse(`Unknown palette item "${kind}".`);
  switch (kind) {
    case 'site':
      addSiteAt(ctx, at);
      break;
    case 'subnet':
      problem = addSubnet(ctx, at);
      break;
    case 'nlb':
      problem = addNlb(ctx, at);
      break;
    case 'hlb':
      problem = addHlb(ctx, at);
      break;
    case 'cas-array':
      problem = addCasArray(ctx, at);
      break;
    case 'dag':
      addDag(ctx, at);
      break;
    default:
      addServer(ctx, item.roles ?? [], at);
  }
  if (problem !== null) return refuse(problem);
  return finish(doc, ctx);
}

/** Adds a mailbox database with a copy on each of the given servers (activation preference in that order). */
export function addDatabase(doc: DesignDocument, serverIds: readonly string[]): EditResult {
  const servers = serverIds.map((id) => doc.design.servers.find((s) => s.id === id));
  const missing = serverIds.filter((_, i) => !servers[i]);
  if (missing.length > 0) return refuse(`There is no server "${missing[0]}" in the design.`);
  const notMailbox = servers.filter((s) => s && !s.roles.includes('MB'));
  if (notMailbox.length > 0) return refuse(`${notMailbox.map((s) => s?.name).join(', ')} is not a Mailbox server: database copies live on Mailbox servers.`);
  const alloc = new Allocator(doc.design);
  const name = alloc.numbered(DATABASE_PREFIX, doc.design.databases.map((d) => d.name), undefined, undefined, DATABASE_NUMBER_DIGITS);
  const db: MailboxDatabase = {
    id: alloc.id('db', name),
    name,
    existing: false,
    copies: serverIds.map((serverId, i) => ({ serverId, activationPreference: i + 1, replayLagDays: 0, truncationLagDays: 0 })),
  };
  return done({ ...doc, design: { ...doc.design, databases: [...doc.design.databases, db] } }, [db.id]);
}
