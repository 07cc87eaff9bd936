// Which object owns the fix of a finding, and which of its fields to change: what "go there" selects and focuses.
// A database copy finding is fixed on the DAG (its copies are edited there), a port-rule finding on the NLB cluster,
// a DNS-server finding in the design's deployment settings. Decided from the rule id (its prefix, with per-rule
// overrides) and the ids the finding names; databases and NICs resolve to the canvas object that edits them.
import type { Design } from '../model/types';
import type { Finding, RuleId } from './types';

/** Canvas objects an inspector edits, and the design's own settings (the inspector with nothing selected). */
export type OwnerKind = 'document' | 'site' | 'subnet' | 'server' | 'nlbCluster' | 'hardwareLoadBalancer' | 'casArray' | 'dag';

/**
 * A field of the owner's inspector, named after the model property it edits (`witnessServerId`, `portRules`), or a
 * group of them (`databases`: the database copies; `storage`: the server's disk sizing; `loadBalancer`: the CAS
 * array's NLB cluster or hardware load balancer).
 */
export type OwnerField = string;

export interface FindingOwner {
  readonly kind: OwnerKind;
  /** The canvas id to select; null for the document. */
  readonly id: string | null;
  /** The field to focus; null: the object's first field. */
  readonly field: OwnerField | null;
  /** The row inside the field (a database, a NIC), when the finding names one. */
  readonly itemId: string | null;
}

interface OwnerSpec {
  /** Owner kinds in order of preference: the first the finding names wins. */
  readonly kinds: readonly OwnerKind[];
  /** The field, the same for every kind, or per kind (a kind without one gets null). */
  readonly field?: OwnerField | Partial<Readonly<Record<OwnerKind, OwnerField>>>;
}

const ANY: readonly OwnerKind[] = ['dag', 'nlbCluster', 'hardwareLoadBalancer', 'casArray', 'server', 'subnet', 'site'];

/** By rule-id prefix (the part before the first dot). */
const BY_PREFIX: Readonly<Record<string, OwnerSpec>> = {
  name: { kinds: ANY, field: 'name' },
  ip: { kinds: ['server', 'nlbCluster', 'hardwareLoadBalancer', 'dag', 'subnet'], field: { server: 'nics', nlbCluster: 'vip', hardwareLoadBalancer: 'vip', dag: 'ipAddresses', subnet: 'cidr' } },
  subnet: { kinds: ['subnet'], field: 'cidr' },
  server: { kinds: ['server'], field: 'nics' },
  os: { kinds: ['server'], field: 'os' },
  role: { kinds: ['server', 'site'], field: { server: 'roles' } },
  edge: { kinds: ['server'], field: 'nics' },
  deploy: { kinds: ['document'] },
  casarray: { kinds: ['casArray', 'site'], field: { casArray: 'loadBalancer' } },
  site: { kinds: ['site'], field: 'name' },
  nlb: { kinds: ['nlbCluster'], field: 'members' },
  hlb: { kinds: ['hardwareLoadBalancer'], field: 'members' },
  vip: { kinds: ['nlbCluster', 'hardwareLoadBalancer'], field: 'vip' },
  dag: { kinds: ['dag'], field: 'members' },
  db: { kinds: ['dag', 'server'], field: 'databases' },
  pf: { kinds: ['server'], field: 'publicFolderDatabases' },
  coexist: { kinds: ['server'], field: 'existing' },
  ha: { kinds: ['dag', 'nlbCluster', 'hardwareLoadBalancer', 'casArray', 'server', 'site'] },
  size: { kinds: ['server', 'dag'], field: { server: 'cores' } },
  // The client access namespace (names, certificate, DNS) is edited in its own panel; the object it names is shown.
  ns: { kinds: ['casArray', 'nlbCluster', 'hardwareLoadBalancer', 'site', 'server'], field: 'namespace' },
  // The mail flow plan is part of the namespace (its panel); the server or site a finding names is shown.
  mail: { kinds: ['server', 'site', 'casArray', 'nlbCluster', 'hardwareLoadBalancer'], field: 'namespace' },
};

/** Rules whose owner or field differs from their prefix's. */
const BY_RULE: Partial<Readonly<Record<RuleId, OwnerSpec>>> = {
  'name.fqdn': { kinds: ANY, field: { server: 'fqdn', casArray: 'fqdn', nlbCluster: 'fqdn', dag: 'name', site: 'name', hardwareLoadBalancer: 'name' } },
  'role.edge-alone': { kinds: ['server'], field: 'roles' },
  'role.hub-in-site': { kinds: ['site'] },
  'role.cas-in-site': { kinds: ['site'] },
  'role.not-on-dc': { kinds: ['server'], field: 'domainController' },
  'edge.domain-joined': { kinds: ['server'], field: 'domainJoined' },
  'edge.subscribed': { kinds: ['server'], field: 'edgeSubscriptionSiteId' },
  'subnet.client-no-servers': { kinds: ['subnet'], field: 'purpose' },
  'deploy.dns-server': { kinds: ['document'], field: 'dnsServer' },
  'deploy.sxs-source': { kinds: ['document'], field: 'windowsSourcePath' },
  'deploy.product-key': { kinds: ['document'], field: 'productKey' },
  'casarray.one-per-site': { kinds: ['casArray'], field: 'siteId' },
  'casarray.fqdn-distinct': { kinds: ['casArray'], field: 'fqdn' },
  'casarray.fqdn-external': { kinds: ['casArray'], field: 'fqdn' },
  'casarray.per-mailbox-site': { kinds: ['site'] },
  'casarray.cross-site-failover': { kinds: ['dag'], field: 'datacenterActivationMode' },
  'nlb.vip-subnet': { kinds: ['nlbCluster'], field: 'vip' },
  'nlb.unicast-single-nic': { kinds: ['nlbCluster'], field: 'mode' },
  'nlb.virtual-unicast': { kinds: ['nlbCluster'], field: 'mode' },
  'nlb.default-port-rule': { kinds: ['nlbCluster'], field: 'portRules' },
  'nlb.affinity': { kinds: ['nlbCluster'], field: 'portRules' },
  'nlb.static-rpc': { kinds: ['casArray'], field: 'staticPorts' },
  'nlb.ip-forwarding': { kinds: ['nlbCluster'], field: 'clientsOnOtherSubnets' },
  'nlb.recommend-hlb': { kinds: ['casArray'], field: 'loadBalancer' },
  'hlb.vip-subnet': { kinds: ['hardwareLoadBalancer'], field: 'vip' },
  'dag.windows-edition': { kinds: ['server', 'dag'], field: { server: 'os', dag: 'members' } },
  'dag.not-dc': { kinds: ['server', 'dag'], field: { server: 'domainController', dag: 'members' } },
  'dag.witness-not-member': { kinds: ['dag'], field: 'witnessServerId' },
  'dag.witness-recommended': { kinds: ['dag'], field: 'witnessServerId' },
  'dag.witness-site': { kinds: ['dag'], field: 'witnessServerId' },
  'dag.ip-per-mapi-subnet': { kinds: ['dag'], field: 'ipAddresses' },
  'dag.replication-network': { kinds: ['dag'], field: 'replicationSubnetIds' },
  'dag.site-networks': { kinds: ['dag'], field: 'replicationSubnetIds' },
  'dag.dac-mode': { kinds: ['dag'], field: 'datacenterActivationMode' },
  'dag.alternate-witness': { kinds: ['dag'], field: 'alternateWitnessServerId' },
  'dag.alternate-witness-not-member': { kinds: ['dag'], field: 'alternateWitnessServerId' },
  'db.edition-limit': { kinds: ['server'], field: 'exchangeEdition' },
  'ha.hub': { kinds: ['site'] },
  'ha.mailbox': { kinds: ['dag', 'server'], field: { dag: 'databases', server: 'databases' } },
  'size.memory-min': { kinds: ['server'], field: 'ramGB' },
  'size.mailbox-memory': { kinds: ['server'], field: 'ramGB' },
  'size.storage': { kinds: ['server'], field: 'storage' },
  'size.iops': { kinds: ['server'], field: 'storage' },
  'size.layout': { kinds: ['document', 'dag', 'server'], field: { document: 'sizing' } },
  'size.failures': { kinds: ['dag'], field: 'members' },
  'size.lagged-logs': { kinds: ['dag', 'server'], field: 'databases' },
};

/** The owner spec of a rule: its own, else its prefix's. */
export function ownerSpecOf(ruleId: string): OwnerSpec | null {
  return (BY_RULE as Readonly<Record<string, OwnerSpec>>)[ruleId] ?? BY_PREFIX[ruleId.split('.')[0]] ?? null;
}

interface Candidate {
  readonly kind: Exclude<OwnerKind, 'document'>;
  readonly id: string;
  readonly itemId: string | null;
}

/** What each id of a design is, built once per design object (a panel asks for every finding of the design). */
interface DesignIndex {
  readonly kindOf: ReadonlyMap<string, Candidate['kind']>;
  /** NIC id → its server's id. */
  readonly nicServer: ReadonlyMap<string, string>;
  /** Server id → its DAG's id. */
  readonly dagOfServer: ReadonlyMap<string, string>;
  readonly serverIds: ReadonlySet<string>;
  readonly databases: ReadonlyMap<string, Design['databases'][number]>;
  readonly publicFolderServer: ReadonlyMap<string, string>;
}

const INDEXES = new WeakMap<Design, DesignIndex>();

function indexOf(design: Design): DesignIndex {
  const cached = INDEXES.get(design);
  if (cached) return cached;
  const kindOf = new Map<string, Candidate['kind']>();
  // First match wins, in this order (as a lookup through the lists would find it).
  const lists: [Candidate['kind'], readonly { id: string }[]][] = [
    ['site', design.sites],
    ['subnet', design.subnets],
    ['server', design.servers],
    ['nlbCluster', design.nlbClusters],
    ['hardwareLoadBalancer', design.hardwareLoadBalancers],
    ['casArray', design.casArrays],
    ['dag', design.dags],
  ];
  for (const [kind, list] of lists) for (const item of list) if (!kindOf.has(item.id)) kindOf.set(item.id, kind);
  const nicServer = new Map<string, string>();
  for (const s of design.servers) for (const n of s.nics) if (!nicServer.has(n.id)) nicServer.set(n.id, s.id);
  const dagOfServer = new Map<string, string>();
  for (const d of design.dags) for (const m of d.memberIds) if (!dagOfServer.has(m)) dagOfServer.set(m, d.id);
  const databases = new Map<string, Design['databases'][number]>();
  for (const db of design.databases) if (!databases.has(db.id)) databases.set(db.id, db);
  const publicFolderServer = new Map<string, string>();
  for (const pf of design.publicFolderDatabases ?? []) if (!publicFolderServer.has(pf.id)) publicFolderServer.set(pf.id, pf.serverId);
  const index = { kindOf, nicServer, dagOfServer, serverIds: new Set(design.servers.map((s) => s.id)), databases, publicFolderServer };
  INDEXES.set(design, index);
  return index;
}

/** The canvas objects a finding's ids stand for: a NIC is its server's, a database its DAG's (or its server's). */
function candidatesOf(entityIds: readonly string[], design: Design): Candidate[] {
  const out: Candidate[] = [];
  const push = (c: Candidate) => {
    if (!out.some((x) => x.kind === c.kind && x.id === c.id)) out.push(c);
  };
  const index = indexOf(design);
  for (const id of entityIds) {
    const kind = index.kindOf.get(id);
    if (kind !== undefined) {
      push({ kind, id, itemId: null });
      continue;
    }
    const nicServer = index.nicServer.get(id);
    if (nicServer !== undefined) {
      push({ kind: 'server', id: nicServer, itemId: id });
      continue;
    }
    const db = index.databases.get(id);
    if (db) {
      const dag = db.copies.map((c) => index.dagOfServer.get(c.serverId)).find((d) => d !== undefined);
      if (dag !== undefined) push({ kind: 'dag', id: dag, itemId: id });
      const first = db.copies[0]?.serverId;
      if (first !== undefined && index.serverIds.has(first)) push({ kind: 'server', id: first, itemId: id });
      continue;
    }
    const pfServer = index.publicFolderServer.get(id);
    if (pfServer !== undefined && index.serverIds.has(pfServer)) push({ kind: 'server', id: pfServer, itemId: id });
  }
  return out;
}

function fieldFor(spec: OwnerSpec, kind: OwnerKind): OwnerField | null {
  if (spec.field === undefined) return null;
  if (typeof spec.field === 'string') return spec.field;
  return spec.field[kind] ?? null;
}

/**
 * The object that owns the fix of a finding and the field to change, or null when the finding names nothing the
 * designer can show (a design-wide note without a setting).
 */
export function ownerOf(finding: Pick<Finding, 'ruleId' | 'entityIds'>, design: Design): FindingOwner | null {
  const spec = ownerSpecOf(finding.ruleId) ?? { kinds: ANY };
  const candidates = candidatesOf(finding.entityIds, design);
  for (const kind of spec.kinds) {
    if (kind === 'document') return { kind, id: null, field: fieldFor(spec, kind), itemId: null };
    const hit = candidates.find((c) => c.kind === kind);
    if (hit) return { kind, id: hit.id, field: fieldFor(spec, kind), itemId: hit.itemId };
  }
  const first = candidates[0];
  if (first) return { kind: first.kind, id: first.id, field: fieldFor(spec, first.kind), itemId: first.itemId };
  return null;
}
