// Generates large, valid designs for benchmarks (planner, PDF, canvas): AD sites with a MAPI and a replication
// subnet each, CAS+HT servers in Windows NLB clusters behind CAS arrays, Mailbox servers in DAGs, databases with
// copies (every tenth one with an extra lagged copy) and absolute layout positions. Deterministic: the same
// options give the same design.
import { DEFAULT_DEPLOYMENT, DEFAULT_SIZING_INPUTS, DEFAULT_STORAGE_LAYOUT, FORMAT_VERSION } from '../shared/model/schema';
import { DAG_MAX_MEMBERS, MAILBOX_CORES_PER_COMBINED_CORE, NLB_RECOMMENDED_MAX_HOSTS } from '../shared/planner/limits';
import type { CasArray, Dag, DesignDocument, MailboxDatabase, NlbCluster, NodeLayout, Server, Site, Subnet } from '../shared/model/types';

export interface GenerateOptions {
  /** Total servers (CAS+HT and Mailbox). */
  readonly servers: number;
  /** DAGs; Mailbox servers are spread over them (at most 16 members each). 0 = standalone Mailbox servers. */
  readonly dags: number;
  /** Windows NLB clusters; the first one of each site backs that site's CAS array. */
  readonly nlbClusters: number;
  readonly databases: number;
  /** AD sites (default: one per NLB cluster, at least one). At most 120 (two /16 subnets each, in 10.0.0.0/8). */
  readonly sites?: number;
  /** HA goal (default true). */
  readonly highlyAvailable?: boolean;
}

/** Copies per database, within db.max-copies (the generator also stays within dag.max-members, nlb.recommended-nodes). */
const COPIES_PER_DATABASE = 3;
const LAGGED_EVERY_NTH_DATABASE = 10;
const LAG_DAYS = 7;
const MAX_SITES = 120;
const MAILBOXES_PER_DATABASE = 100;
const MAILBOX_SERVER_CORES = 4;
const MAILBOX_SERVER_RAM_GB = 48;
const MIN_CAS_CORES = 4;
const MAX_CAS_CORES = 64;
const STATIC_RPC_PORTS = { rpcClientAccess: 59532, addressBook: 59533 } as const;
const DOMAIN = 'contoso.local';

// Layout (absolute canvas coordinates)
const SERVER_W = 220;
const SERVER_H = 140;
const SERVERS_PER_ROW = 8;
const SITE_PAD = 40;
const SITE_GAP = 120;
const SITES_PER_ROW = 4;

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** Hands out host addresses of a /16 subnet in order, from .0.10 on (clear of the gateway .0.1). */
class AddressPool {
  private next = 10;
  constructor(private readonly prefix: string) {}
  take(): string {
    const h = this.next++;
    if (h > 0xfffe) throw new RangeError(`subnet ${this.prefix}.0.0/16 is full`);
    return `${this.prefix}.${h >> 8}.${h & 255}`;
  }
}

interface SitePlan {
  readonly site: Site;
  readonly mapi: Subnet;
  readonly replication: Subnet;
  readonly mapiPool: AddressPool;
  readonly replicationPool: AddressPool;
  readonly cas: Server[];
  readonly clusters: NlbCluster[];
  readonly dags: Dag[];
  mailboxCores: number;
}

function makeServer(id: string, name: string, siteId: string, roles: Server['roles'], cores: number, ramGB: number, nics: Server['nics']): Server {
  return {
    id,
    name,
    fqdn: `${name.toLowerCase()}.${DOMAIN}`,
    siteId,
    os: { version: '2008R2', edition: 'Enterprise', servicePack: 1 },
    roles,
    cores,
    ramGB,
    virtualized: false,
    domainController: false,
    existing: false,
    nics,
  };
}

export function generateDesign(options: GenerateOptions): DesignDocument {
  const { servers: serverCount, dags: dagCount, nlbClusters: clusterCount, databases: databaseCount } = options;
  for (const [key, value] of Object.entries({ servers: serverCount, dags: dagCount, nlbClusters: clusterCount, databases: databaseCount })) {
    if (!Number.isInteger(value) || value < 0) throw new RangeError(`generateDesign: ${key} must be a whole number ≥ 0 (got ${value})`);
  }
  const siteCount = options.sites ?? Math.max(1, clusterCount);
  if (!Number.isInteger(siteCount) || siteCount < 1 || siteCount > MAX_SITES) {
    throw new RangeError(`generateDesign: sites must be 1–${MAX_SITES} (got ${siteCount})`);
  }
  // Two CAS+HT servers per NLB cluster (and per site), so that every site with Mailbox servers has Client Access
  // and Hub Transport; the rest are Mailbox servers, at most 16 per DAG.
  const clustersPerSite = Math.ceil(clusterCount / siteCount);
  const minCas = 2 * siteCount * Math.max(1, clustersPerSite);
  if (serverCount < minCas + (databaseCount > 0 ? 1 : 0)) {
    throw new RangeError(`generateDesign: ${serverCount} servers are too few for ${siteCount} sites and ${clusterCount} NLB clusters (need at least ${minCas + 1})`);
  }
  const mailboxCount = dagCount > 0 ? Math.min(serverCount - minCas, DAG_MAX_MEMBERS * dagCount) : serverCount - minCas;
  const casCount = serverCount - mailboxCount;

  const plans: SitePlan[] = [];
  for (let s = 0; s < siteCount; s++) {
    const n = s + 1;
    const site: Site = { id: `site-${n}`, name: `Site-${pad(n, 3)}` };
    const mapi: Subnet = { id: `subnet-${n}-mapi`, siteId: site.id, cidr: `10.${2 * s}.0.0/16`, gateway: `10.${2 * s}.0.1`, purpose: 'mapi' };
    const replication: Subnet = { id: `subnet-${n}-repl`, siteId: site.id, cidr: `10.${2 * s + 1}.0.0/16`, purpose: 'replication' };
    plans.push({ site, mapi, replication, mapiPool: new AddressPool(`10.${2 * s}`), replicationPool: new AddressPool(`10.${2 * s + 1}`), cas: [], clusters: [], dags: [], mailboxCores: 0 });
  }

  // DAGs and Mailbox servers
  const dags: Dag[] = [];
  for (let d = 0; d < dagCount; d++) {
    const plan = plans[d % siteCount];
    const dag: Dag = {
      id: `dag-${d + 1}`,
      name: `DAG${pad(d + 1, 3)}`,
      siteId: plan.site.id,
      memberIds: [],
      ipAddresses: [{ subnetId: plan.mapi.id, ipv4: plan.mapiPool.take() }],
      witnessServerId: null,
      witnessHost: '',
      witnessDirectory: `C:\\DAG${pad(d + 1, 3)}`,
      replicationSubnetIds: [plan.replication.id],
    };
    dags.push(dag);
    plan.dags.push(dag);
  }
  const mailboxServers: Server[] = [];
  const mailboxPlan: SitePlan[] = [];
  for (let j = 0; j < mailboxCount; j++) {
    const dag = dagCount > 0 ? dags[j % dagCount] : undefined;
    const plan = dag ? plans[(j % dagCount) % siteCount] : plans[j % siteCount];
    const name = `MB${pad(j + 1, 4)}`;
    const id = `srv-${name.toLowerCase()}`;
    const server = makeServer(id, name, plan.site.id, ['MB'], MAILBOX_SERVER_CORES, MAILBOX_SERVER_RAM_GB, [
      { id: `nic-${name.toLowerCase()}-mapi`, name: 'MAPI', subnetId: plan.mapi.id, ipv4: plan.mapiPool.take(), purpose: 'mapi' },
      { id: `nic-${name.toLowerCase()}-repl`, name: 'Replication', subnetId: plan.replication.id, ipv4: plan.replicationPool.take(), purpose: 'replication' },
    ]);
    dag?.memberIds.push(id);
    plan.mailboxCores += MAILBOX_SERVER_CORES;
    mailboxServers.push(server);
    mailboxPlan.push(plan);
  }

  // NLB clusters (cluster c lives in site c % sites) and CAS arrays (one per site, over its first cluster)
  const clusters: NlbCluster[] = [];
  const casArrays: CasArray[] = [];
  for (let c = 0; c < clusterCount; c++) {
    const plan = plans[c % siteCount];
    const first = plan.clusters.length === 0;
    const n = c + 1;
    const cluster: NlbCluster = {
      id: `nlb-${n}`,
      fqdn: first ? `outlook-${pad(c % siteCount + 1, 3)}.${DOMAIN}` : `nlb-${pad(n, 3)}.${DOMAIN}`,
      vip: plan.mapiPool.take(),
      subnetId: plan.mapi.id,
      mode: 'unicast',
      clientsOnOtherSubnets: false,
      portRules: [80, 135, 443, STATIC_RPC_PORTS.rpcClientAccess, STATIC_RPC_PORTS.addressBook].map((port) => ({ startPort: port, endPort: port, protocol: 'Tcp' as const, affinity: 'Single' as const })),
      members: [],
    };
    clusters.push(cluster);
    plan.clusters.push(cluster);
    if (first) {
      casArrays.push({
        id: `casarray-${c % siteCount + 1}`,
        name: `CASArray-${pad(c % siteCount + 1, 3)}`,
        fqdn: cluster.fqdn,
        siteId: plan.site.id,
        nlbClusterId: cluster.id,
        hardwareLoadBalancerId: null,
        staticPorts: { ...STATIC_RPC_PORTS },
      });
    }
  }

  // CAS+HT servers: server i in site i % sites, shared round-robin among that site's clusters (up to 8 hosts each)
  const casPerSite = plans.map((_, s) => Math.floor(casCount / siteCount) + (s < casCount % siteCount ? 1 : 0));
  const casServers: Server[] = [];
  for (let i = 0; i < casCount; i++) {
    const plan = plans[i % siteCount];
    // Combined CAS+HT servers cover Mailbox cores 1:1 (size.cas-cores, size.hub-cores).
    const needed = plan.mailboxCores / MAILBOX_CORES_PER_COMBINED_CORE;
    const cores = Math.min(MAX_CAS_CORES, Math.max(MIN_CAS_CORES, Math.ceil(needed / casPerSite[i % siteCount])));
    const name = `CAS${pad(i + 1, 4)}`;
    const lower = name.toLowerCase();
    const id = `srv-${lower}`;
    const inCluster = plan.clusters.length > 0 ? plan.clusters[plan.cas.length % plan.clusters.length] : undefined;
    const nics: Server['nics'] = [{ id: `nic-${lower}-primary`, name: 'Primary', subnetId: plan.mapi.id, ipv4: plan.mapiPool.take(), purpose: 'mapi' }];
    if (inCluster && inCluster.members.length < NLB_RECOMMENDED_MAX_HOSTS) {
      const nicId = `nic-${lower}-nlb`;
      nics.push({ id: nicId, name: 'NLB', subnetId: plan.mapi.id, ipv4: plan.mapiPool.take(), purpose: 'nlb' });
      inCluster.members.push({ serverId: id, nicId, hostPriority: inCluster.members.length + 1, loadWeight: 50 });
    }
    const server = makeServer(id, name, plan.site.id, ['CAS', 'HT'], cores, Math.max(16, 3 * cores), nics);
    plan.cas.push(server);
    casServers.push(server);
  }
  // Witness: a Hub Transport server of the DAG's site (rule dag.witness-recommended)
  for (const plan of plans) plan.dags.forEach((dag, k) => (dag.witnessServerId = plan.cas[k % plan.cas.length]?.id ?? null));

  // Databases: copies on consecutive members of one DAG; every tenth gets an extra lagged copy when the DAG has room
  const databases: MailboxDatabase[] = [];
  for (let k = 0; k < databaseCount; k++) {
    const n = k + 1;
    const copies: MailboxDatabase['copies'] = [];
    if (dagCount > 0) {
      const members = dags[k % dagCount].memberIds;
      const healthy = Math.min(COPIES_PER_DATABASE, members.length);
      const lagged = n % LAGGED_EVERY_NTH_DATABASE === 0 && members.length > COPIES_PER_DATABASE && healthy >= 2;
      const start = Math.floor(k / dagCount) * COPIES_PER_DATABASE;
      for (let c = 0; c < healthy + (lagged ? 1 : 0); c++) {
        const isLagged = c === healthy;
        copies.push({ serverId: members[(start + c) % members.length], activationPreference: c + 1, replayLagDays: isLagged ? LAG_DAYS : 0, truncationLagDays: 0 });
      }
    } else if (mailboxServers.length > 0) {
      copies.push({ serverId: mailboxServers[k % mailboxServers.length].id, activationPreference: 1, replayLagDays: 0, truncationLagDays: 0 });
    }
    databases.push({ id: `db-${n}`, name: `DB${pad(n, 4)}`, existing: false, mailboxCount: MAILBOXES_PER_DATABASE, copies });
  }

  const layout = layoutSites(plans, mailboxServers, mailboxPlan);
  return {
    formatVersion: FORMAT_VERSION,
    title: `Generated: ${serverCount} servers, ${dagCount} DAGs, ${clusterCount} NLB clusters, ${databaseCount} databases`,
    revision: 0,
    design: {
      organization: { name: 'Contoso', adDomain: DOMAIN, exchangeVersion: '2010', servicePack: 'SP3', rollup: 0, edition: 'Enterprise', externalHostnames: ['mail.contoso.com'] },
      goals: { highlyAvailable: options.highlyAvailable ?? true },
      sizing: {
        ...DEFAULT_SIZING_INPUTS,
        tiers: [{ name: 'All mailboxes', mailboxCount: Math.max(1, Math.min(1_000_000, databaseCount * MAILBOXES_PER_DATABASE)), mailboxQuotaGB: 1, messagesPerDay: 100 }],
        failuresToSurvive: null,
        storage: { ...DEFAULT_STORAGE_LAYOUT },
      },
      deployment: { ...DEFAULT_DEPLOYMENT, dnsServer: `dc1.${DOMAIN}` },
      sites: plans.map((p) => p.site),
      subnets: plans.flatMap((p) => [p.mapi, p.replication]),
      servers: [...casServers, ...mailboxServers],
      nlbClusters: clusters,
      hardwareLoadBalancers: [],
      casArrays,
      dags,
      databases,
    },
    layout: { nodes: layout },
  };
}

/**
 * Lays each site out as a box: the two subnet bands on top, then rows of CAS servers with their NLB cluster and
 * CAS array nodes, then each DAG as a box around its members, then standalone Mailbox servers. Sites go in rows.
 */
function layoutSites(plans: readonly SitePlan[], mailboxServers: readonly Server[], mailboxPlan: readonly SitePlan[]): Record<string, NodeLayout> {
  const nodes: Record<string, NodeLayout> = {};
  const siteWidth = SITE_PAD * 2 + (SERVERS_PER_ROW + 1) * SERVER_W;
  const standalone = new Map<SitePlan, Server[]>();
  const inDag = new Set(plans.flatMap((p) => p.dags.flatMap((d) => d.memberIds)));
  mailboxServers.forEach((s, i) => {
    if (inDag.has(s.id)) return;
    const list = standalone.get(mailboxPlan[i]) ?? [];
    list.push(s);
    standalone.set(mailboxPlan[i], list);
  });
  const rowsOf = (n: number) => Math.max(1, Math.ceil(n / SERVERS_PER_ROW));
  const grid = (ids: readonly string[], x0: number, y0: number) =>
    ids.forEach((id, i) => (nodes[id] = { x: x0 + (i % SERVERS_PER_ROW) * SERVER_W, y: y0 + Math.floor(i / SERVERS_PER_ROW) * SERVER_H }));

  let rowY = 0;
  let rowHeight = 0;
  plans.forEach((plan, s) => {
    const column = s % SITES_PER_ROW;
    if (column === 0 && s > 0) {
      rowY += rowHeight + SITE_GAP;
      rowHeight = 0;
    }
    const x = column * (siteWidth + SITE_GAP);
    let y = rowY + 60;
    nodes[plan.mapi.id] = { x: x + SITE_PAD, y, width: siteWidth - 2 * SITE_PAD, height: 40 };
    nodes[plan.replication.id] = { x: x + SITE_PAD, y: y + 50, width: siteWidth - 2 * SITE_PAD, height: 40 };
    y += 120;
    // CAS servers, then their clusters and the array in the extra column on the right
    grid(plan.cas.map((c) => c.id), x + SITE_PAD, y);
    plan.clusters.forEach((c, k) => (nodes[c.id] = { x: x + SITE_PAD + SERVERS_PER_ROW * SERVER_W, y: y + k * SERVER_H }));
    const arrayY = y + plan.clusters.length * SERVER_H;
    const array = plan.clusters.length > 0 ? `casarray-${s + 1}` : undefined;
    if (array) nodes[array] = { x: x + SITE_PAD + SERVERS_PER_ROW * SERVER_W, y: arrayY };
    y += Math.max(rowsOf(plan.cas.length), plan.clusters.length + (array ? 1 : 0)) * SERVER_H + 40;
    for (const dag of plan.dags) {
      const height = rowsOf(dag.memberIds.length) * SERVER_H + 60;
      nodes[dag.id] = { x: x + SITE_PAD - 10, y, width: SERVERS_PER_ROW * SERVER_W + 20, height };
      grid(dag.memberIds, x + SITE_PAD, y + 40);
      y += height + 40;
    }
    const alone = standalone.get(plan) ?? [];
    if (alone.length > 0) {
      grid(alone.map((m) => m.id), x + SITE_PAD, y);
      y += rowsOf(alone.length) * SERVER_H + 40;
    }
    const height = y - rowY;
    nodes[plan.site.id] = { x, y: rowY, width: siteWidth, height };
    rowHeight = Math.max(rowHeight, height);
  });
  return nodes;
}
