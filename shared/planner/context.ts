// An indexed, read-only view of a design, built once per validation so that every rule is a linear pass.
import type { Cidr } from '../model/ip';
import { parseCidr, parseIpv4 } from '../model/ip';
import type { CasArray, Dag, Design, HardwareLoadBalancer, MailboxDatabase, Nic, NlbCluster, Role, Server, Site, Subnet } from '../model/types';

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
  /** Servers per AD site id. */
  readonly serversBySite: ReadonlyMap<string, readonly Server[]>;
  /** The DAGs that list a server as member (normally one). */
  readonly dagsByServer: ReadonlyMap<string, readonly Dag[]>;
  /** The NLB clusters a server is a member of. */
  readonly nlbByServer: ReadonlyMap<string, readonly NlbCluster[]>;
  /** The hardware load balancers a server is a member of. */
  readonly hlbByServer: ReadonlyMap<string, readonly HardwareLoadBalancer[]>;
  /** CAS arrays per site id. */
  readonly casArraysBySite: ReadonlyMap<string, readonly CasArray[]>;
  /** Database copies per server id. */
  readonly copiesByServer: ReadonlyMap<string, readonly { readonly database: MailboxDatabase; readonly activationPreference: number; readonly lagged: boolean }[]>;
  readonly hasRole: (server: Server, role: Role) => boolean;
  /** Parsed IPv4 (null when invalid), memoised. */
  readonly ip: (text: string) => number | null;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
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
  const servers = byId(design.servers);
  const subnets = byId(design.subnets);
  const cidrs = new Map<string, Cidr>();
  for (const s of design.subnets) {
    const c = parseCidr(s.cidr);
    if (c) cidrs.set(s.id, c);
  }
  const nics = new Map<string, { nic: Nic; server: Server }>();
  const serversBySite = new Map<string, Server[]>();
  for (const server of design.servers) {
    push(serversBySite, server.siteId, server);
    for (const nic of server.nics) if (!nics.has(nic.id)) nics.set(nic.id, { nic, server });
  }
  const dagsByServer = new Map<string, Dag[]>();
  for (const dag of design.dags) for (const m of new Set(dag.memberIds)) push(dagsByServer, m, dag);
  const nlbByServer = new Map<string, NlbCluster[]>();
  for (const c of design.nlbClusters) for (const m of new Set(c.members.map((x) => x.serverId))) push(nlbByServer, m, c);
  const hlbByServer = new Map<string, HardwareLoadBalancer[]>();
  for (const h of design.hardwareLoadBalancers) for (const m of new Set(h.memberIds)) push(hlbByServer, m, h);
  const casArraysBySite = new Map<string, CasArray[]>();
  for (const a of design.casArrays) push(casArraysBySite, a.siteId, a);
  const copiesByServer = new Map<string, { database: MailboxDatabase; activationPreference: number; lagged: boolean }[]>();
  for (const db of design.databases) {
    for (const c of db.copies) {
      push(copiesByServer, c.serverId, { database: db, activationPreference: c.activationPreference, lagged: c.replayLagDays > 0 || c.truncationLagDays > 0 });
    }
  }
  const roleSets = new Map<Server, ReadonlySet<Role>>();
  const hasRole = (server: Server, role: Role): boolean => {
    let set = roleSets.get(server);
    if (!set) {
      set = new Set(server.roles);
      roleSets.set(server, set);
    }
    return set.has(role);
  };
  const ipCache = new Map<string, number | null>();
  const ip = (text: string): number | null => {
    let v = ipCache.get(text);
    if (v === undefined) {
      v = parseIpv4(text);
      ipCache.set(text, v);
    }
    return v;
  };
  return {
    design,
    ha: design.goals.highlyAvailable,
    sites: byId(design.sites),
    subnets,
    cidrs,
    servers,
    nics,
    nlbClusters: byId(design.nlbClusters),
    hardwareLoadBalancers: byId(design.hardwareLoadBalancers),
    casArrays: byId(design.casArrays),
    dags: byId(design.dags),
    databases: byId(design.databases),
    serversBySite,
    dagsByServer,
    nlbByServer,
    hlbByServer,
    casArraysBySite,
    copiesByServer,
    hasRole,
    ip,
  };
}

/** Display helpers shared by rule messages: "EX3, EX4" and "EX3". */
export function names(list: readonly { readonly name: string }[]): string {
  return list.map((x) => x.name).join(', ');
}
