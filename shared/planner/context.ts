// An indexed, read-only view of a design, built once per validation so that every rule is a linear pass.
import type { Cidr } from '../model/ip';
import { maskOf, parseCidr, parseIpv4 } from '../model/ip';
import type { CasArray, Dag, Design, HardwareLoadBalancer, MailboxDatabase, Nic, NlbCluster, PublicFolderDatabase, Role, Server, Site, Subnet } from '../model/types';
import { isLaggedCopy } from './dbsize';
import { nlbClusterName } from '../model/nlb';

export interface PlannerContext {
  readonly design: Design;
  /** The design's HA goal. */
  readonly ha: boolean;
  readonly sites: ReadonlyMap<string, Site>;
  readonly subnets: ReadonlyMap<string, Subnet>;
  /** Parsed CIDR per subnet id (absent when the CIDR text is invalid). */
  readonly cidrs: ReadonlyMap<string, Cidr>;
  readonly servers: ReadonlyMap<string, Server>;
  readonly nics: ReadonlyMap<string, { readonly nic: Nic; readonly server: Server }>;
  readonly nlbClusters: ReadonlyMap<string, NlbCluster>;
  readonly hardwareLoadBalancers: ReadonlyMap<string, HardwareLoadBalancer>;
  readonly casArrays: ReadonlyMap<string, CasArray>;
  readonly dags: ReadonlyMap<string, Dag>;
  readonly databases: ReadonlyMap<string, MailboxDatabase>;
  /** Servers by lower-case FQDN (normally one each). */
  readonly serversByFqdn: ReadonlyMap<string, readonly Server[]>;
  /** Servers per AD site id. */
  readonly serversBySite: ReadonlyMap<string, readonly Server[]>;
  /** Per DAG id: its distinct member servers that exist in the design, in member order. */
  readonly dagMembers: ReadonlyMap<string, readonly Server[]>;
  /** Per NLB cluster id: its distinct member servers that exist in the design, in member order. */
  readonly nlbMembers: ReadonlyMap<string, readonly Server[]>;
  /** The DAGs that list a server as member (normally one). */
  readonly dagsByServer: ReadonlyMap<string, readonly Dag[]>;
  /** CAS arrays per site id. */
  readonly casArraysBySite: ReadonlyMap<string, readonly CasArray[]>;
  /** Database copies per server id (`databaseIndex`: the database's position in the design's list). */
  readonly copiesByServer: ReadonlyMap<string, readonly { readonly database: MailboxDatabase; readonly databaseIndex: number; readonly activationPreference: number; readonly lagged: boolean }[]>;
  /** Each server's position in `design.servers`, by id (the first server with an id, as in `servers`). */
  readonly serverPositions: ReadonlyMap<string, number>;
  /**
   * Every copy's server, resolved once per validation: copy j of database i (design order) is on
   * `design.servers[copyServerPositions[copyOffsets[i] + j]]`, or on no server of the design when that is -1. The
   * passes that run per copy (failure domains, worst cases, copy placement) read positions here instead of looking
   * ids up again and again.
   */
  readonly copyServerPositions: Int32Array;
  /** Where each database's copies start in `copyServerPositions` (one more entry than databases: the end). */
  readonly copyOffsets: Int32Array;
  /** `dagsByServer` by the server's position in `design.servers` (undefined: in no DAG). */
  readonly dagsAt: readonly (readonly Dag[] | undefined)[];
  readonly hasRole: (server: Server, role: Role) => boolean;
  /** Parsed IPv4 (null when invalid), memoised. */
  readonly ip: (text: string) => number | null;
  /** The innermost subnet of the design holding an address (largest prefix), or null: at most 30 map probes. */
  readonly subnetContaining: (address: number) => { readonly subnet: Subnet; readonly cidr: Cidr } | null;
}

/** A server's roles are at most four: a scan beats building a set per server on every validation. */
function hasRole(server: Server, role: Role): boolean {
  return server.roles.includes(role);
}

/**
 * Parsed IPv4 per address text, shared by every validation: parsing is a pure function of the text, and the planner
 * runs on every edit of a design with thousands of addresses. Bounded: cleared when it grows past IP_MEMO_MAX.
 */
const ipMemo = new Map<string, number | null>();
const IP_MEMO_MAX = 100_000;
function ip(text: string): number | null {
  let v = ipMemo.get(text);
  if (v === undefined) {
    v = parseIpv4(text);
    if (ipMemo.size >= IP_MEMO_MAX) ipMemo.clear();
    ipMemo.set(text, v);
  }
  return v;
}

/** Appends a value to the list kept under a key (grouping in one pass). */
export function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function byId<T extends { id: string }>(list: readonly T[]): Map<string, T> {
  const map = new Map<string, T>();
  for (const item of list) if (!map.has(item.id)) map.set(item.id, item);
  return map;
}

export function buildContext(design: Design): PlannerContext {
  const servers = new Map<string, Server>();
  const serverPositions = new Map<string, number>();
  for (let i = 0; i < design.servers.length; i++) {
    const server = design.servers[i];
    if (serverPositions.has(server.id)) continue;
    servers.set(server.id, server);
    serverPositions.set(server.id, i);
  }
  const subnets = byId(design.subnets);
  const cidrs = new Map<string, Cidr>();
  for (const s of design.subnets) {
    const c = parseCidr(s.cidr);
    if (c) cidrs.set(s.id, c);
  }
  const serversBySite = new Map<string, Server[]>();
  const serversByFqdn = new Map<string, Server[]>();
  for (const server of design.servers) {
    push(serversBySite, server.siteId, server);
    if (server.fqdn !== '') push(serversByFqdn, server.fqdn.toLowerCase(), server);
  }
  // Every NIC by id: few rules need it (a NIC named by another object), so it is made on first use.
  let nics: Map<string, { nic: Nic; server: Server }> | null = null;
  const nicIndex = (): Map<string, { nic: Nic; server: Server }> => {
    if (nics === null) {
      nics = new Map();
      for (const server of design.servers) for (const nic of server.nics) if (!nics.has(nic.id)) nics.set(nic.id, { nic, server });
    }
    return nics;
  };
  const existing = (ids: Iterable<string>): Server[] => {
    const list: Server[] = [];
    for (const id of ids) {
      const server = servers.get(id);
      if (server) list.push(server);
    }
    return list;
  };
  const dagsByServer = new Map<string, Dag[]>();
  const dagMembers = new Map<string, Server[]>();
  for (const dag of design.dags) {
    const ids = new Set(dag.memberIds);
    for (const m of ids) push(dagsByServer, m, dag);
    if (!dagMembers.has(dag.id)) dagMembers.set(dag.id, existing(ids));
  }
  const dagsAt = new Array<Dag[] | undefined>(design.servers.length);
  for (const [id, dags] of dagsByServer) {
    const position = serverPositions.get(id);
    if (position !== undefined) dagsAt[position] = dags;
  }
  const nlbMembers = new Map<string, Server[]>();
  for (const c of design.nlbClusters) {
    if (!nlbMembers.has(c.id)) nlbMembers.set(c.id, existing(new Set(c.members.map((x) => x.serverId))));
  }
  const casArraysBySite = new Map<string, CasArray[]>();
  for (const a of design.casArrays) push(casArraysBySite, a.siteId, a);
  // Each copy's server is looked up once, here; the copies are grouped by the server's position (a copy on a server
  // the design lacks is grouped by its id, for the rules that report it).
  type CopyEntry = { database: MailboxDatabase; databaseIndex: number; activationPreference: number; lagged: boolean };
  const dbs = design.databases;
  const copyOffsets = new Int32Array(dbs.length + 1);
  for (let i = 0; i < dbs.length; i++) copyOffsets[i + 1] = copyOffsets[i] + dbs[i].copies.length;
  const copyServerPositions = new Int32Array(copyOffsets[dbs.length]);
  const copiesAt: (CopyEntry[] | undefined)[] = new Array<CopyEntry[] | undefined>(design.servers.length);
  const copiesByServer = new Map<string, CopyEntry[]>();
  for (let i = 0; i < dbs.length; i++) {
    const db = dbs[i];
    const copies = db.copies;
    const offset = copyOffsets[i];
    for (let j = 0; j < copies.length; j++) {
      const c = copies[j];
      const entry: CopyEntry = { database: db, databaseIndex: i, activationPreference: c.activationPreference, lagged: isLaggedCopy(c) };
      const position = serverPositions.get(c.serverId) ?? -1;
      copyServerPositions[offset + j] = position;
      if (position < 0) {
        push(copiesByServer, c.serverId, entry);
        continue;
      }
      const list = copiesAt[position];
      if (list) list.push(entry);
      else {
        copiesAt[position] = [entry];
        copiesByServer.set(c.serverId, copiesAt[position]);
      }
    }
  }
  let subnetIndex: ((address: number) => { subnet: Subnet; cidr: Cidr } | null) | null = null;
  const subnetContaining = (address: number) => {
    subnetIndex ??= buildSubnetIndex(subnets, cidrs);
    return subnetIndex(address);
  };
  return {
    design,
    ha: design.goals.highlyAvailable,
    sites: byId(design.sites),
    subnets,
    cidrs,
    servers,
    get nics() {
      return nicIndex();
    },
    nlbClusters: byId(design.nlbClusters),
    hardwareLoadBalancers: byId(design.hardwareLoadBalancers),
    casArrays: byId(design.casArrays),
    dags: byId(design.dags),
    databases: byId(design.databases),
    serversByFqdn,
    serversBySite,
    dagMembers,
    nlbMembers,
    dagsByServer,
    casArraysBySite,
    copiesByServer,
    serverPositions,
    copyServerPositions,
    copyOffsets,
    dagsAt,
    hasRole,
    ip,
    subnetContaining,
  };
}

/** Address → subnet lookup: one map of blocks, probed once per prefix length in use (longest first). */
function buildSubnetIndex(subnets: ReadonlyMap<string, Subnet>, cidrs: ReadonlyMap<string, Cidr>): (address: number) => { subnet: Subnet; cidr: Cidr } | null {
  const byBlock = new Map<string, { subnet: Subnet; cidr: Cidr }>();
  const prefixes = new Set<number>();
  for (const [id, cidr] of cidrs) {
    const key = `${cidr.network}/${cidr.prefix}`;
    const subnet = subnets.get(id);
    if (subnet && !byBlock.has(key)) byBlock.set(key, { subnet, cidr });
    prefixes.add(cidr.prefix);
  }
  const longestFirst = [...prefixes].sort((a, b) => b - a);
  return (address) => {
    for (const prefix of longestFirst) {
      const hit = byBlock.get(`${(address & maskOf(prefix)) >>> 0}/${prefix}`);
      if (hit) return hit;
    }
    return null;
  };
}

/** A server with at least one Exchange role (a file-share witness or a DC without roles is not). */
export function isExchangeServer(server: Server): boolean {
  return server.roles.length > 0;
}

/** The load balancer in front of a CAS array: a Windows NLB cluster or a hardware load balancer. */
export interface CasArrayBalancer {
  readonly kind: 'nlb' | 'hlb';
  readonly id: string;
  /** "NLB cluster outlook.contoso.local" / "hardware load balancer HLB-HQ": the same words in every message. */
  readonly label: string;
  /** Distinct member server ids, in member order (servers missing from the design included). */
  readonly memberIds: readonly string[];
}

/** The load balancers a CAS array points at that exist in the design (normally one). */
export function arrayBalancers(ctx: PlannerContext, array: CasArray): CasArrayBalancer[] {
  const list: CasArrayBalancer[] = [];
  const nlb = array.nlbClusterId === null ? undefined : ctx.nlbClusters.get(array.nlbClusterId);
  if (nlb) list.push({ kind: 'nlb', id: nlb.id, label: `NLB cluster ${nlbClusterName(nlb)}`, memberIds: [...new Set(nlb.members.map((m) => m.serverId))] });
  const hlb = array.hardwareLoadBalancerId === null ? undefined : ctx.hardwareLoadBalancers.get(array.hardwareLoadBalancerId);
  if (hlb) list.push({ kind: 'hlb', id: hlb.id, label: `hardware load balancer ${hlb.name}`, memberIds: [...new Set(hlb.memberIds)] });
  return list;
}

/** A server's Exchange edition: its own (its product key), else the organization's. */
export function serverEdition(ctx: PlannerContext, server: Server): 'Standard' | 'Enterprise' {
  return server.exchangeEdition ?? ctx.design.organization.edition;
}

/** An Exchange 2003 / 2007 server kept during coexistence (not an Exchange 2010 server). */
export function isLegacyServer(server: Server): boolean {
  return server.legacy !== undefined && server.legacy !== null;
}

/** The public folder databases of the design (absent in files that have none). */
export function publicFolderDatabases(ctx: PlannerContext): readonly PublicFolderDatabase[] {
  return ctx.design.publicFolderDatabases ?? [];
}

/** The witness (or alternate witness) a DAG names: a server of the design, a host outside it, none, or a dangling id. */
export type WitnessRef =
  | { readonly kind: 'none' }
  | { readonly kind: 'server'; readonly server: Server }
  | { readonly kind: 'external'; readonly host: string }
  | { readonly kind: 'dangling'; readonly id: string };

function witnessRef(ctx: PlannerContext, serverId: string | null | undefined, host: string | undefined): WitnessRef {
  if (serverId !== null && serverId !== undefined) {
    const server = ctx.servers.get(serverId);
    return server ? { kind: 'server', server } : { kind: 'dangling', id: serverId };
  }
  if (host === undefined || host === '') return { kind: 'none' };
  const server = ctx.serversByFqdn.get(host.toLowerCase())?.[0];
  return server ? { kind: 'server', server } : { kind: 'external', host };
}

export function witnessOf(ctx: PlannerContext, dag: Dag): WitnessRef {
  return witnessRef(ctx, dag.witnessServerId, dag.witnessHost);
}

export function alternateWitnessOf(ctx: PlannerContext, dag: Dag): WitnessRef {
  return witnessRef(ctx, dag.alternateWitnessServerId, dag.alternateWitnessHost);
}

/** "FS1" / "fs1.contoso.local" / "(none)": how messages name a witness. */
export function witnessLabel(w: WitnessRef): string {
  switch (w.kind) {
    case 'server':
      return w.server.name === '' ? `(unnamed server ${w.server.id})` : w.server.name;
    case 'external':
      return w.host;
    case 'dangling':
      return `"${w.id}" (not a server of the design)`;
    case 'none':
      return '(none)';
  }
}

/** The copy a database prefers (lowest activation preference), or undefined without copies. */
export function preferredCopy(db: MailboxDatabase): MailboxDatabase['copies'][number] | undefined {
  let preferred: MailboxDatabase['copies'][number] | undefined;
  for (const c of db.copies) if (!preferred || c.activationPreference < preferred.activationPreference) preferred = c;
  return preferred;
}

/** The AD site a database is normally active in: the site of its preferred copy's server. */
export function databaseSiteId(ctx: PlannerContext, db: MailboxDatabase): string | null {
  const copy = preferredCopy(db);
  const server = copy ? ctx.servers.get(copy.serverId) : undefined;
  return server ? server.siteId : null;
}

/**
 * A database's RpcClientAccessServer: its override when set, else the FQDN of the CAS array of the site it is
 * active in (Exchange fills it from the site's array when the database is created), else null (no array there:
 * Exchange picks a Client Access server of the site).
 */
export function rpcClientAccessServer(ctx: PlannerContext, db: MailboxDatabase): { readonly fqdn: string; readonly derived: boolean } | null {
  if (db.rpcClientAccessServer !== undefined && db.rpcClientAccessServer !== '') return { fqdn: db.rpcClientAccessServer, derived: false };
  const siteId = databaseSiteId(ctx, db);
  const array = siteId === null ? undefined : ctx.casArraysBySite.get(siteId)?.[0];
  return array && array.fqdn !== '' ? { fqdn: array.fqdn, derived: true } : null;
}
