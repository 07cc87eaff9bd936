// Copy and paste: a copied selection is a self-contained fragment (the objects and the relations among them);
// pasting gives every object a new id, the next free names, and addresses (a pasted subnet gets a free CIDR
// block and its NICs keep their host part; other NICs get the next free address of their subnet).
import { buildCanvasIndex, descendantsOf, growGroupsToFit } from '../canvas/geometry';
import { formatIpv4, parseCidr, parseIpv4 } from '../model/ip';
import type { CasArray, Dag, Design, DesignDocument, HardwareLoadBalancer, NlbCluster, NodeLayout, Server, Site, Subnet } from '../model/types';
import { Allocator, defaultFqdn, defaultWitnessDirectory } from './naming';
import { done, refuse } from './types';
import type { EditResult } from './types';
import { ownValue, setOwnValue } from '../util/own';

export interface Clipboard {
  readonly sites: readonly Site[];
  readonly subnets: readonly Subnet[];
  readonly servers: readonly Server[];
  readonly nlbClusters: readonly NlbCluster[];
  readonly hardwareLoadBalancers: readonly HardwareLoadBalancer[];
  readonly casArrays: readonly CasArray[];
  readonly dags: readonly Dag[];
  /** Layout of the copied nodes (absolute). */
  readonly nodes: Readonly<Record<string, NodeLayout>>;
  /** Subnets of the source design the copied NICs, VIPs and DAG IPs refer to, by id (for address allocation). */
  readonly foreignSubnets: readonly Subnet[];
}

/** Copies the selected objects; a selected AD site or DAG brings the objects it holds. Null when nothing copyable. */
export function copyEntities(doc: DesignDocument, ids: readonly string[]): Clipboard | null {
  const d = doc.design;
  const index = buildCanvasIndex(d);
  const wanted = new Set(ids.filter((id) => index.kindOf.has(id)));
  for (const id of [...wanted]) {
    const kind = index.kindOf.get(id);
    if (kind === 'site' || kind === 'dag') for (const child of descendantsOf(index, id)) wanted.add(child);
  }
  const pick = <T extends { id: string }>(list: readonly T[]) => list.filter((x) => wanted.has(x.id));
  const servers = pick(d.servers);
  if (wanted.size === 0) return null;
  const serverIds = new Set(servers.map((s) => s.id));
  const nicIds = new Set(servers.flatMap((s) => s.nics.map((n) => n.id)));
  const nodes: Record<string, NodeLayout> = {};
  for (const id of wanted) {
    const entry = ownValue(doc.layout.nodes, id);
    if (entry) setOwnValue(nodes, id, entry);
  }
  const copiedSubnets = new Set(pick(d.subnets).map((s) => s.id));
  const referenced = new Set<string>();
  for (const s of servers) for (const n of s.nics) referenced.add(n.subnetId);
  for (const c of pick(d.nlbClusters)) referenced.add(c.subnetId);
  for (const g of pick(d.dags)) for (const ip of g.ipAddresses) referenced.add(ip.subnetId);
  return {
    sites: pick(d.sites),
    subnets: pick(d.subnets),
    servers,
    nlbClusters: pick(d.nlbClusters).map((c) => ({ ...c, members: c.members.filter((m) => serverIds.has(m.serverId) && nicIds.has(m.nicId)) })),
    hardwareLoadBalancers: pick(d.hardwareLoadBalancers).map((h) => ({ ...h, memberIds: h.memberIds.filter((m) => serverIds.has(m)) })),
    casArrays: pick(d.casArrays),
    dags: pick(d.dags).map((g) => ({ ...g, memberIds: g.memberIds.filter((m) => serverIds.has(m)) })),
    nodes,
    foreignSubnets: d.subnets.filter((s) => referenced.has(s.id) && !copiedSubnets.has(s.id)),
  };
}

export function clipboardIsEmpty(c: Clipboard): boolean {
  return c.sites.length + c.subnets.length + c.servers.length + c.nlbClusters.length + c.hardwareLoadBalancers.length + c.casArrays.length + c.dags.length === 0;
}

/** Pastes a copied fragment, offset by (dx, dy) from where it was copied. */
export function pasteClipboard(doc: DesignDocument, clip: Clipboard, offset: { dx: number; dy: number }): EditResult {
  if (clipboardIsEmpty(clip)) return refuse('The clipboard is empty: copy something first.');
  let design: Design = doc.design;
  const alloc = new Allocator(design);
  const ids = new Map<string, string>();
  const notes: string[] = [];
  const created: string[] = [];
  const mapId = (id: string) => ids.get(id) ?? id;
  const subnetExists = (id: string) => design.subnets.some((s) => s.id === id);
  const siteExists = (id: string) => design.sites.some((s) => s.id === id);
  const firstSite = () => design.sites[0]?.id;

  // Sites.
  for (const s of clip.sites) {
    const name = alloc.numbered(`${s.name.replace(/\d+$/, '')}`, design.sites.map((x) => x.name));
    const site: Site = { id: alloc.id('site', name), name };
    ids.set(s.id, site.id);
    design = { ...design, sites: [...design.sites, site] };
  }
  const siteOf = (id: string): string | null => {
    const mapped = mapId(id);
    return siteExists(mapped) ? mapped : (firstSite() ?? null);
  };
  // Subnets: a free block of the same size; addresses in it keep their host part.
  const shift = new Map<string, (ip: string) => string>();
  for (const s of clip.subnets) {
    const old = parseCidr(s.cidr);
    const cidr = alloc.cidr(old?.prefix ?? 24);
    const site = siteOf(s.siteId);
    if (cidr === null || site === null) {
      notes.push(`Subnet ${s.cidr} was not pasted: no free address block is left.`);
      continue;
    }
    const now = parseCidr(cidr);
    const move = (ip: string): string => {
      const v = parseIpv4(ip);
      if (!old || !now || v === null || ((v & old.mask) >>> 0) !== old.network) return ip;
      return formatIpv4(now.network + (v - old.network));
    };
    shift.set(s.id, move);
    const subnet: Subnet = { ...s, id: alloc.id('subnet', cidr.replace('/', '-')), siteId: site, cidr };
    if (s.gateway !== undefined) subnet.gateway = move(s.gateway);
    ids.set(s.id, subnet.id);
    design = { ...design, subnets: [...design.subnets, subnet] };
  }
  const address = (subnetId: string, ip: string): string | null => {
    const move = shift.get(subnetId);
    if (move) {
      const moved = move(ip);
      alloc.reserve(moved);
      return moved;
    }
    return alloc.address(design, subnetId);
  };
  // Servers and their NICs.
  for (const s of clip.servers) {
    const site = siteOf(s.siteId);
    if (site === null) continue;
    const name = alloc.serverName(s.roles);
    const nics = s.nics.flatMap((n) => {
      const subnetId = mapId(n.subnetId);
      if (!subnetExists(subnetId)) return [];
      const ip = address(n.subnetId, n.ipv4);
      if (ip === null) {
        notes.push(`NIC ${n.name} of ${name} was not pasted: subnet has no free address.`);
        return [];
      }
      const id = alloc.id('nic', `${name}-${n.name}`);
      ids.set(n.id, id);
      return [{ ...n, id, subnetId, ipv4: ip }];
    });
    const server: Server = { ...s, id: alloc.id('srv', name), name, fqdn: defaultFqdn(name, design.organization.adDomain), siteId: site, nics, existing: false };
    ids.set(s.id, server.id);
    design = { ...design, servers: [...design.servers, server] };
  }
  // NLB clusters and hardware load balancers.
  for (const c of clip.nlbClusters) {
    const subnetId = mapId(c.subnetId);
    const vip = subnetExists(subnetId) ? address(c.subnetId, c.vip) : null;
    if (vip === null) {
      notes.push(`NLB cluster ${c.fqdn} was not pasted: its subnet has no free address for the VIP.`);
      continue;
    }
    const label = alloc.numbered('nlb', design.nlbClusters.map((x) => x.fqdn.split('.')[0]));
    const cluster: NlbCluster = {
      ...c,
      id: alloc.id('nlb', label),
      fqdn: defaultFqdn(label, design.organization.adDomain),
      subnetId,
      vip,
      members: c.members.filter((m) => ids.has(m.serverId) && ids.has(m.nicId)).map((m) => ({ ...m, serverId: mapId(m.serverId), nicId: mapId(m.nicId) })),
    };
    ids.set(c.id, cluster.id);
    design = { ...design, nlbClusters: [...design.nlbClusters, cluster] };
  }
  for (const h of clip.hardwareLoadBalancers) {
    const vipNumber = parseIpv4(h.vip);
    const home = [...clip.subnets, ...clip.foreignSubnets, ...design.subnets].find((s) => {
      const c = parseCidr(s.cidr);
      return c !== null && vipNumber !== null && ((vipNumber & c.mask) >>> 0) === c.network;
    });
    const vip = home ? address(home.id, h.vip) : null;
    if (vip === null) {
      notes.push(`Hardware load balancer ${h.name} was not pasted: no free address for its VIP.`);
      continue;
    }
    const name = alloc.numbered('HLB', design.hardwareLoadBalancers.map((x) => x.name));
    const hlb: HardwareLoadBalancer = { ...h, id: alloc.id('hlb', name), name, vip, memberIds: h.memberIds.filter((m) => ids.has(m)).map(mapId) };
    ids.set(h.id, hlb.id);
    design = { ...design, hardwareLoadBalancers: [...design.hardwareLoadBalancers, hlb] };
  }
  // CAS arrays: one per AD site.
  for (const a of clip.casArrays) {
    const site = siteOf(a.siteId);
    const taken = design.casArrays.find((x) => x.siteId === site);
    if (site === null || taken) {
      notes.push(`CAS array ${a.name} was not pasted: its AD site already has CAS array ${taken?.name ?? ''}.`.replace(/ \.$/, '.'));
      continue;
    }
    const name = alloc.numbered(a.name.replace(/\d+$/, ''), design.casArrays.map((x) => x.name));
    const label = `${a.fqdn.split('.')[0].replace(/\d+$/, '')}`;
    const fqdnLabel = alloc.numbered(label, design.casArrays.map((x) => x.fqdn.split('.')[0]));
    const array: CasArray = {
      ...a,
      id: alloc.id('casarray', name),
      name,
      fqdn: defaultFqdn(fqdnLabel, design.organization.adDomain),
      siteId: site,
      nlbClusterId: a.nlbClusterId !== null && ids.has(a.nlbClusterId) ? mapId(a.nlbClusterId) : null,
      hardwareLoadBalancerId: a.hardwareLoadBalancerId !== null && ids.has(a.hardwareLoadBalancerId) ? mapId(a.hardwareLoadBalancerId) : null,
    };
    ids.set(a.id, array.id);
    design = { ...design, casArrays: [...design.casArrays, array] };
  }
  // DAGs.
  for (const g of clip.dags) {
    const site = siteOf(g.siteId);
    if (site === null) continue;
    const name = alloc.numbered('DAG', design.dags.map((x) => x.name));
    const ipAddresses = g.ipAddresses.flatMap((ip) => {
      const subnetId = mapId(ip.subnetId);
      const v = subnetExists(subnetId) ? address(ip.subnetId, ip.ipv4) : null;
      return v === null ? [] : [{ subnetId, ipv4: v }];
    });
    const dag: Dag = {
      ...g,
      id: alloc.id('dag', name),
      name,
      siteId: site,
      memberIds: g.memberIds.filter((m) => ids.has(m)).map(mapId),
      ipAddresses,
      witnessServerId: g.witnessServerId === null ? null : mapId(g.witnessServerId),
      witnessDirectory: defaultWitnessDirectory(name),
      replicationSubnetIds: g.replicationSubnetIds.map(mapId).filter(subnetExists),
    };
    if (dag.witnessServerId !== null && !design.servers.some((s) => s.id === dag.witnessServerId)) dag.witnessServerId = null;
    ids.set(g.id, dag.id);
    design = { ...design, dags: [...design.dags, dag] };
  }
  // Layout: the copied positions, offset.
  const nodes = { ...doc.layout.nodes };
  for (const [oldId, entry] of Object.entries(clip.nodes)) {
    const id = ids.get(oldId);
    if (id === undefined) continue;
    setOwnValue(nodes, id, { ...entry, x: entry.x + offset.dx, y: entry.y + offset.dy });
    created.push(id);
  }
  const nicIds = new Set(clip.servers.flatMap((s) => s.nics.map((n) => n.id)));
  for (const [oldId, id] of ids) if (!ownValue(clip.nodes, oldId) && !nicIds.has(oldId)) created.push(id);
  const layout = growGroupsToFit(design, { ...doc.layout, nodes });
  const pastedNames = clip.servers.map((s) => ids.get(s.id)).filter((x): x is string => x !== undefined).map((id) => design.servers.find((s) => s.id === id)?.name);
  if (pastedNames.length > 0) notes.unshift(`Pasted ${pastedNames.join(', ')}.`);
  return done({ ...doc, design, layout }, created, notes);
}

/** Duplicates the objects (Ctrl+D, the context menu): copied and pasted at once, offset by (dx, dy). */
export function duplicateEntities(doc: DesignDocument, ids: readonly string[], offset: { dx: number; dy: number }): EditResult {
  const clip = copyEntities(doc, ids);
  if (!clip) return refuse('Select servers, subnets, groups or load balancers to duplicate.');
  const r = pasteClipboard(doc, clip, offset);
  return r.ok ? { ...r, notes: r.notes.map((n) => n.replace(/^Pasted /, 'Duplicated ')) } : r;
}
