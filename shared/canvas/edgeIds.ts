// Canvas edge ids: each edge stands for one relation in the design, and its id says which, so that selecting an
// edge and pressing Delete removes exactly that relation. "|" never occurs in entity ids (see EntityId).

export type EdgeRef =
  /** A server's NIC on a subnet. */
  | { readonly kind: 'nic'; readonly serverId: string; readonly nicId: string }
  /** Membership of a server in a Windows NLB cluster. */
  | { readonly kind: 'nlbMember'; readonly clusterId: string; readonly serverId: string }
  /** Membership of a server in a hardware load balancer pool. */
  | { readonly kind: 'hlbMember'; readonly hlbId: string; readonly serverId: string }
  /** The load balancer (NLB or hardware) of a CAS array. */
  | { readonly kind: 'casArrayLb'; readonly casArrayId: string; readonly lbId: string }
  /** A DAG IP address on a MAPI subnet. */
  | { readonly kind: 'dagIp'; readonly dagId: string; readonly subnetId: string }
  /** A replication network of a DAG. */
  | { readonly kind: 'dagReplication'; readonly dagId: string; readonly subnetId: string };

const PREFIX: Record<EdgeRef['kind'], string> = {
  nic: 'nic',
  nlbMember: 'nlbm',
  hlbMember: 'hlbm',
  casArrayLb: 'lb',
  dagIp: 'dagip',
  dagReplication: 'dagrep',
};

export function edgeId(ref: EdgeRef): string {
  switch (ref.kind) {
    case 'nic':
      return `${PREFIX.nic}|${ref.serverId}|${ref.nicId}`;
    case 'nlbMember':
      return `${PREFIX.nlbMember}|${ref.clusterId}|${ref.serverId}`;
    case 'hlbMember':
      return `${PREFIX.hlbMember}|${ref.hlbId}|${ref.serverId}`;
    case 'casArrayLb':
      return `${PREFIX.casArrayLb}|${ref.casArrayId}|${ref.lbId}`;
    case 'dagIp':
      return `${PREFIX.dagIp}|${ref.dagId}|${ref.subnetId}`;
    case 'dagReplication':
      return `${PREFIX.dagReplication}|${ref.dagId}|${ref.subnetId}`;
  }
}

export function parseEdgeId(id: string): EdgeRef | null {
  const parts = id.split('|');
  if (parts.length !== 3 || parts[1] === '' || parts[2] === '') return null;
  const [prefix, a, b] = parts;
  switch (prefix) {
    case PREFIX.nic:
      return { kind: 'nic', serverId: a, nicId: b };
    case PREFIX.nlbMember:
      return { kind: 'nlbMember', clusterId: a, serverId: b };
    case PREFIX.hlbMember:
      return { kind: 'hlbMember', hlbId: a, serverId: b };
    case PREFIX.casArrayLb:
      return { kind: 'casArrayLb', casArrayId: a, lbId: b };
    case PREFIX.dagIp:
      return { kind: 'dagIp', dagId: a, subnetId: b };
    case PREFIX.dagReplication:
      return { kind: 'dagReplication', dagId: a, subnetId: b };
    default:
      return null;
  }
}
