// Deleting objects and relations, with reference cleanup: nothing the design keeps may point at a removed object
// (the file loader refuses dangling references), so each deletion takes its dependants along or unlinks them.
import { parseEdgeId } from '../canvas/edgeIds';
import type { EdgeRef } from '../canvas/edgeIds';
import type { Design, DesignDocument, MailboxDatabase } from '../model/types';
import { done, refuse } from './types';
import type { EditResult } from './types';
import { hasOwnKey } from '../util/own';

interface Removal {
  readonly sites: Set<string>;
  readonly subnets: Set<string>;
  readonly servers: Set<string>;
  readonly nics: Set<string>;
  readonly nlbClusters: Set<string>;
  readonly hlbs: Set<string>;
  readonly casArrays: Set<string>;
  readonly dags: Set<string>;
  readonly databases: Set<string>;
  readonly edges: EdgeRef[];
}

/** Renumbers activation preferences 1…n in their current order after copies were removed. */
function renumber(db: MailboxDatabase): MailboxDatabase {
  const sorted = [...db.copies].sort((a, b) => a.activationPreference - b.activationPreference);
  const rank = new Map(sorted.map((c, i) => [c, i + 1]));
  return { ...db, copies: db.copies.map((c) => ({ ...c, activationPreference: rank.get(c) ?? c.activationPreference })) };
}

function expand(design: Design, ids: readonly string[]): Removal {
  const r: Removal = {
    sites: new Set(),
    subnets: new Set(),
    servers: new Set(),
    nics: new Set(),
    nlbClusters: new Set(),
    hlbs: new Set(),
    casArrays: new Set(),
    dags: new Set(),
    databases: new Set(),
    edges: [],
  };
  const wanted = new Set(ids);
  for (const id of ids) {
    const edge = parseEdgeId(id);
    if (edge) r.edges.push(edge);
  }
  const pick = <T extends { id: string }>(list: readonly T[], into: Set<string>) => {
    for (const item of list) if (wanted.has(item.id)) into.add(item.id);
  };
  pick(design.sites, r.sites);
  pick(design.subnets, r.subnets);
  pick(design.servers, r.servers);
  pick(design.nlbClusters, r.nlbClusters);
  pick(design.hardwareLoadBalancers, r.hlbs);
  pick(design.casArrays, r.casArrays);
  pick(design.dags, r.dags);
  pick(design.databases, r.databases);
  for (const s of design.servers) for (const n of s.nics) if (wanted.has(n.id)) r.nics.add(n.id);
  for (const e of r.edges) if (e.kind === 'nic') r.nics.add(e.nicId);
  // A site takes everything placed in it.
  for (const s of design.subnets) if (r.sites.has(s.siteId)) r.subnets.add(s.id);
  for (const s of design.servers) if (r.sites.has(s.siteId)) r.servers.add(s.id);
  for (const a of design.casArrays) if (r.sites.has(a.siteId)) r.casArrays.add(a.id);
  for (const d of design.dags) if (r.sites.has(d.siteId)) r.dags.add(d.id);
  // A subnet takes its NLB clusters (their VIP lives there) and the NICs on it.
  for (const c of design.nlbClusters) if (r.subnets.has(c.subnetId)) r.nlbClusters.add(c.id);
  for (const s of design.servers) for (const n of s.nics) if (r.servers.has(s.id) || r.subnets.has(n.subnetId)) r.nics.add(n.id);
  return r;
}

function describe(r: Removal): string {
  const parts: string[] = [];
  const count = (n: number, one: string, many: string) => {
    if (n > 0) parts.push(`${n} ${n === 1 ? one : many}`);
  };
  count(r.sites.size, 'AD site', 'AD sites');
  count(r.subnets.size, 'subnet', 'subnets');
  count(r.servers.size, 'server', 'servers');
  count(r.nlbClusters.size, 'NLB cluster', 'NLB clusters');
  count(r.hlbs.size, 'hardware load balancer', 'hardware load balancers');
  count(r.casArrays.size, 'CAS array', 'CAS arrays');
  count(r.dags.size, 'DAG', 'DAGs');
  count(r.databases.size, 'database', 'databases');
  const standaloneNics = r.edges.filter((e) => e.kind === 'nic').length;
  count(standaloneNics, 'NIC', 'NICs');
  count(r.edges.length - standaloneNics, 'connection', 'connections');
  return parts.length > 0 ? `Deleted ${parts.join(', ')}.` : '';
}

/**
 * Deletes objects (any entity id) and relations (canvas edge ids, see canvas/edgeIds). Dependants go too: a site
 * takes its subnets, servers, DAGs and CAS array; a subnet its NICs and NLB clusters; a server its NICs, memberships
 * and database copies (a database left without copies is deleted). References elsewhere are unlinked.
 */
export function deleteEntities(doc: DesignDocument, ids: readonly string[]): EditResult {
  const design = doc.design;
  const r = expand(design, ids);
  const edgeKey = (kind: EdgeRef['kind'], a: string, b: string) => `${kind}|${a}|${b}`;
  const edges = new Set(
    r.edges.map((e) => {
      switch (e.kind) {
        case 'nic':
          return edgeKey(e.kind, e.serverId, e.nicId);
        case 'nlbMember':
          return edgeKey(e.kind, e.clusterId, e.serverId);
        case 'hlbMember':
          return edgeKey(e.kind, e.hlbId, e.serverId);
        case 'casArrayLb':
          return edgeKey(e.kind, e.casArrayId, e.lbId);
        case 'dagIp':
        case 'dagReplication':
          return edgeKey(e.kind, e.dagId, e.subnetId);
      }
    }),
  );
  const removedIds = new Set<string>([...r.sites, ...r.subnets, ...r.servers, ...r.nics, ...r.nlbClusters, ...r.hlbs, ...r.casArrays, ...r.dags, ...r.databases]);
  if (removedIds.size === 0 && edges.size === 0) return refuse('Nothing to delete: select objects or connections on the canvas first.');

  const emptied: string[] = [];
  const databases = design.databases
    .filter((db) => !r.databases.has(db.id))
    .flatMap((db) => {
      const copies = db.copies.filter((c) => !r.servers.has(c.serverId));
      if (copies.length === db.copies.length) return [db];
      if (copies.length === 0) {
        emptied.push(db.name);
        return [];
      }
      return [renumber({ ...db, copies })];
    });

  const next: Design = {
    ...design,
    sites: design.sites.filter((s) => !r.sites.has(s.id)),
    subnets: design.subnets.filter((s) => !r.subnets.has(s.id)),
    servers: design.servers
      .filter((s) => !r.servers.has(s.id))
      .map((s) => (s.nics.some((n) => r.nics.has(n.id)) ? { ...s, nics: s.nics.filter((n) => !r.nics.has(n.id)) } : s)),
    nlbClusters: design.nlbClusters
      .filter((c) => !r.nlbClusters.has(c.id))
      .map((c) => {
        const members = c.members.filter((m) => !r.servers.has(m.serverId) && !r.nics.has(m.nicId) && !edges.has(edgeKey('nlbMember', c.id, m.serverId)));
        return members.length === c.members.length ? c : { ...c, members };
      }),
    hardwareLoadBalancers: design.hardwareLoadBalancers
      .filter((h) => !r.hlbs.has(h.id))
      .map((h) => {
        const memberIds = h.memberIds.filter((m) => !r.servers.has(m) && !edges.has(edgeKey('hlbMember', h.id, m)));
        return memberIds.length === h.memberIds.length ? h : { ...h, memberIds };
      }),
    casArrays: design.casArrays
      .filter((a) => !r.casArrays.has(a.id))
      .map((a) => {
        const dropNlb = a.nlbClusterId !== null && (r.nlbClusters.has(a.nlbClusterId) || edges.has(edgeKey('casArrayLb', a.id, a.nlbClusterId)));
        const dropHlb = a.hardwareLoadBalancerId !== null && (r.hlbs.has(a.hardwareLoadBalancerId) || edges.has(edgeKey('casArrayLb', a.id, a.hardwareLoadBalancerId)));
        return dropNlb || dropHlb ? { ...a, nlbClusterId: dropNlb ? null : a.nlbClusterId, hardwareLoadBalancerId: dropHlb ? null : a.hardwareLoadBalancerId } : a;
      }),
    dags: design.dags
      .filter((d) => !r.dags.has(d.id))
      .map((d) => {
        const memberIds = d.memberIds.filter((m) => !r.servers.has(m));
        const ipAddresses = d.ipAddresses.filter((ip) => !r.subnets.has(ip.subnetId) && !edges.has(edgeKey('dagIp', d.id, ip.subnetId)));
        const replicationSubnetIds = d.replicationSubnetIds.filter((s) => !r.subnets.has(s) && !edges.has(edgeKey('dagReplication', d.id, s)));
        const witnessServerId = d.witnessServerId !== null && r.servers.has(d.witnessServerId) ? null : d.witnessServerId;
        const same =
          memberIds.length === d.memberIds.length &&
          ipAddresses.length === d.ipAddresses.length &&
          replicationSubnetIds.length === d.replicationSubnetIds.length &&
          witnessServerId === d.witnessServerId;
        return same ? d : { ...d, memberIds, ipAddresses, replicationSubnetIds, witnessServerId };
      }),
    databases,
  };
  const nodes = { ...doc.layout.nodes };
  for (const id of removedIds) if (hasOwnKey(nodes, id)) delete nodes[id];
  const notes = [describe(r)].filter((n) => n !== '');
  if (emptied.length > 0) notes.push(`Deleted ${emptied.join(', ')}: no copy of it was left.`);
  return done({ ...doc, design: next, layout: { ...doc.layout, nodes } }, [], notes);
}
