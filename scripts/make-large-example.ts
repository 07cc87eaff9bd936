// Generates examples/large-lagged.extopo.json (scenario S5): three AD sites, 40 servers, three DAGs of 12, 9
// and 6 members, a hardware load balancer (HQ) and Windows NLB (East, West) in front of one CAS array per site,
// 120 databases with 3–4 copies each, some of them lagged. Deterministic: run it again and the file is identical.
//
//   npx tsx scripts/make-large-example.ts            writes the file and prints the planner's counts
//   npx tsx scripts/make-large-example.ts --check    exits 1 if the committed file differs from the output
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadDesignValue, serializeDesign } from '../shared/model/load';
import type { CasArray, Dag, DesignDocument, HardwareLoadBalancer, MailboxDatabase, NlbCluster, NodeLayout, Server, Subnet } from '../shared/model/types';
import { planDesign } from '../shared/planner/engine';

const OUTPUT = fileURLToPath(new URL('../examples/large-lagged.extopo.json', import.meta.url));

const DOMAIN = 'litware.local';
const MAILBOXES_PER_DATABASE = 200;
const LAG_DAYS = 7;
/** Static RPC Client Access and Address Book ports (inside the BPA range 59531–60554). */
const STATIC_PORTS = { rpcClientAccess: 59532, addressBook: 59533 } as const;

// Canvas geometry (absolute coordinates, like the other examples).
const SERVER_W = 220;
const GAP = 30;
const COLUMN = SERVER_W + GAP;
const ROW = 90 + GAP;
const DAG_COLUMNS = 4;
const SITE_W = 1440;
const SITE_GAP = 80;

interface SitePlan {
  readonly key: string;
  readonly name: string;
  readonly octet: number;
  /** Front-end servers: name suffix and roles. */
  readonly frontEnd: readonly { readonly name: string; readonly roles: Server['roles']; readonly cores: number; readonly ramGB: number }[];
  readonly frontEndOs: Server['os'];
  readonly balancer: 'hlb' | 'nlb';
  readonly nlbMode: NlbCluster['mode'];
  readonly mailboxServers: number;
  readonly databases: number;
  /** Copies of database i (0-based within the DAG). */
  readonly copies: (i: number) => number;
  /** Whether the last copy of database i is lagged. */
  readonly lagged: (i: number) => boolean;
  /** Which front-end server is the file share witness (a Hub Transport server of the site). */
  readonly witness: number;
}

const fe = (name: string, roles: Server['roles'], cores: number, ramGB: number) => ({ name, roles, cores, ramGB });

const SITES: readonly SitePlan[] = [
  {
    key: 'hq',
    name: 'HQ',
    octet: 10,
    frontEnd: [
      fe('CAS01', ['CAS'], 24, 48),
      fe('CAS02', ['CAS'], 24, 48),
      fe('CAS03', ['CAS'], 24, 48),
      fe('HUB01', ['HT'], 12, 16),
      fe('HUB02', ['HT'], 12, 16),
    ],
    frontEndOs: { version: '2008R2', edition: 'Standard', servicePack: 1 },
    balancer: 'hlb',
    nlbMode: 'unicast',
    mailboxServers: 12,
    databases: 54,
    copies: () => 4,
    lagged: (i) => i % 5 === 4,
    witness: 3,
  },
  {
    key: 'ea',
    name: 'East',
    octet: 20,
    frontEnd: [1, 2, 3, 4].map((n) => fe(`CAS0${n}`, ['CAS', 'HT'], 16, 32)),
    frontEndOs: { version: '2008R2', edition: 'Standard', servicePack: 1 },
    balancer: 'nlb',
    nlbMode: 'multicast',
    mailboxServers: 9,
    databases: 40,
    copies: (i) => (i % 2 === 0 ? 4 : 3),
    lagged: (i) => i % 4 === 0 || i % 8 === 3,
    witness: 0,
  },
  {
    key: 'we',
    name: 'West',
    octet: 30,
    frontEnd: [1, 2, 3, 4].map((n) => fe(`CAS0${n}`, ['CAS', 'HT'], 16, 32)),
    frontEndOs: { version: '2012R2', edition: 'Standard', servicePack: 0 },
    balancer: 'nlb',
    nlbMode: 'unicast',
    mailboxServers: 6,
    databases: 26,
    copies: () => 3,
    lagged: (i) => i % 6 === 5,
    witness: 0,
  },
];

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

function build(): DesignDocument {
  const subnets: Subnet[] = [];
  const servers: Server[] = [];
  const nlbClusters: NlbCluster[] = [];
  const hardwareLoadBalancers: HardwareLoadBalancer[] = [];
  const casArrays: CasArray[] = [];
  const dags: Dag[] = [];
  const databases: MailboxDatabase[] = [];
  const nodes: Record<string, NodeLayout> = {};
  let dbNumber = 0;
  let top = 0;

  for (const site of SITES) {
    const siteId = `site-${site.key}`;
    const prefix = site.key.toUpperCase();
    const mapiId = `subnet-${site.key}-mapi`;
    const replId = `subnet-${site.key}-repl`;
    const mapi = (host: number) => `10.${site.octet}.1.${host}`;
    const repl = (host: number) => `10.${site.octet}.2.${host}`;
    subnets.push(
      { id: mapiId, siteId, cidr: `10.${site.octet}.1.0/24`, gateway: mapi(1), purpose: 'mapi' },
      { id: replId, siteId, cidr: `10.${site.octet}.2.0/24`, purpose: 'replication' },
    );

    // Front end: CAS and Hub Transport servers in one row under the MAPI subnet.
    const frontIds: string[] = [];
    site.frontEnd.forEach((f, i) => {
      const name = `${prefix}-${f.name}`;
      const id = `srv-${name.toLowerCase()}`;
      const nics: Server['nics'] = [{ id: `nic-${name.toLowerCase()}-mapi`, name: 'MAPI', subnetId: mapiId, ipv4: mapi(11 + i), purpose: 'mapi' }];
      if (site.balancer === 'nlb') nics.push({ id: `nic-${name.toLowerCase()}-nlb`, name: 'NLB', subnetId: mapiId, ipv4: mapi(31 + i), purpose: 'nlb' });
      servers.push({
        id, name, fqdn: `${name.toLowerCase()}.${DOMAIN}`, siteId, os: site.frontEndOs, roles: f.roles, cores: f.cores, ramGB: f.ramGB,
        virtualized: false, domainController: false, existing: false, nics,
      });
      frontIds.push(id);
      nodes[id] = { x: 60 + i * COLUMN, y: top + 150 };
    });

    // The load balancer and the CAS array: only Client Access servers are balanced.
    const casIds = frontIds.filter((_, i) => site.frontEnd[i].roles.includes('CAS'));
    const arrayFqdn = `outlook-${site.key}.${DOMAIN}`;
    const dagRows = Math.ceil(site.mailboxServers / DAG_COLUMNS);
    const dagH = 60 + dagRows * ROW + GAP;
    const dagW = DAG_COLUMNS * COLUMN + GAP;
    const rightX = 60 + dagW + 60;
    let hlbId: string | null = null;
    let nlbId: string | null = null;
    if (site.balancer === 'hlb') {
      hlbId = `hlb-${site.key}`;
      hardwareLoadBalancers.push({ id: hlbId, name: `HLB-${prefix}`, vip: mapi(40), memberIds: casIds });
      nodes[hlbId] = { x: rightX, y: top + 320 };
    } else {
      nlbId = `nlb-${site.key}`;
      const tcpSingle = (port: number) => ({ startPort: port, endPort: port, protocol: 'Tcp' as const, affinity: 'Single' as const });
      nlbClusters.push({
        id: nlbId,
        fqdn: arrayFqdn,
        vip: mapi(40),
        subnetId: mapiId,
        mode: site.nlbMode,
        clientsOnOtherSubnets: true,
        portRules: [80, 135, 443, STATIC_PORTS.rpcClientAccess, STATIC_PORTS.addressBook].map(tcpSingle),
        members: casIds.map((serverId, i) => ({ serverId, nicId: `nic-${serverId.slice(4)}-nlb`, hostPriority: i + 1, loadWeight: 50 })),
      });
      nodes[nlbId] = { x: rightX, y: top + 320 };
    }
    const arrayId = `casarray-${site.key}`;
    casArrays.push({ id: arrayId, name: `CASArray-${site.name}`, fqdn: arrayFqdn, siteId, nlbClusterId: nlbId, hardwareLoadBalancerId: hlbId, staticPorts: { ...STATIC_PORTS } });
    nodes[arrayId] = { x: rightX, y: top + 460 };

    // The DAG: Mailbox servers with a MAPI and a replication NIC, one DAG IP on the MAPI subnet.
    const dagId = `dag-${site.key}`;
    const memberIds: string[] = [];
    for (let m = 0; m < site.mailboxServers; m++) {
      const name = `${prefix}-MB${pad(m + 1)}`;
      const id = `srv-${name.toLowerCase()}`;
      servers.push({
        id, name, fqdn: `${name.toLowerCase()}.${DOMAIN}`, siteId,
        os: { version: '2008R2', edition: 'Enterprise', servicePack: 1 }, roles: ['MB'], cores: 8, ramGB: 48,
        virtualized: false, domainController: false, existing: false,
        nics: [
          { id: `nic-${name.toLowerCase()}-mapi`, name: 'MAPI', subnetId: mapiId, ipv4: mapi(101 + m), purpose: 'mapi' },
          { id: `nic-${name.toLowerCase()}-repl`, name: 'Replication', subnetId: replId, ipv4: repl(101 + m), purpose: 'replication' },
        ],
      });
      memberIds.push(id);
      nodes[id] = { x: 60 + GAP + (m % DAG_COLUMNS) * COLUMN, y: top + 300 + 60 + Math.floor(m / DAG_COLUMNS) * ROW };
    }
    dags.push({
      id: dagId, name: `DAG-${prefix}`, siteId, memberIds, ipAddresses: [{ subnetId: mapiId, ipv4: mapi(50) }],
      witnessServerId: frontIds[site.witness], witnessHost: '', witnessDirectory: `C:\\DAG${prefix}Witness`, replicationSubnetIds: [replId],
    });
    nodes[dagId] = { x: 60, y: top + 300, width: dagW, height: dagH };

    // Databases: active copies round-robin over the members, passive copies on the next members; the last copy
    // of some databases is lagged, so every database keeps at least two non-lagged copies.
    for (let i = 0; i < site.databases; i++) {
      dbNumber++;
      const count = site.copies(i);
      const lagged = site.lagged(i);
      const copies = Array.from({ length: count }, (_, k) => {
        const isLagged = lagged && k === count - 1;
        return {
          serverId: memberIds[(i + k) % memberIds.length],
          activationPreference: k + 1,
          replayLagDays: isLagged ? LAG_DAYS : 0,
          truncationLagDays: isLagged && i % 2 === 0 ? 1 : 0,
        };
      });
      databases.push({ id: `db-${pad(dbNumber, 3)}`, name: `DB${pad(dbNumber, 3)}`, existing: false, mailboxCount: MAILBOXES_PER_DATABASE, copies });
    }

    const replY = top + 300 + dagH + 40;
    nodes[siteId] = { x: 0, y: top, width: SITE_W, height: replY + 40 + 40 - top };
    nodes[mapiId] = { x: 40, y: top + 60, width: SITE_W - 80, height: 40 };
    nodes[replId] = { x: 40, y: replY, width: SITE_W - 80, height: 40 };
    top = replY + 80 + SITE_GAP;
  }

  return {
    $schema: '../schema/extopo-design.schema.json',
    formatVersion: 3,
    title: 'Large: three sites, 40 servers, 120 databases with lagged copies',
    revision: 1,
    design: {
      organization: {
        name: 'Litware', adDomain: DOMAIN, exchangeVersion: '2010', servicePack: 'SP3', rollup: 10, edition: 'Enterprise',
        externalHostnames: ['mail.litware.com', 'autodiscover.litware.com'],
      },
      goals: { highlyAvailable: true },
      sizing: { tiers: [{ name: 'All mailboxes', mailboxCount: dbNumber * MAILBOXES_PER_DATABASE, mailboxQuotaGB: 2, messagesPerDay: 150 }], hubAntivirus: true },
      deployment: { setupMediaPath: 'D:\\', filterPackPath: 'C:\\Install\\FilterPack64bit.exe', dnsServer: `dc1.${DOMAIN}`, maxParallelHosts: 8, windowsSourcePath: 'E:\\sources\\sxs' },
      sites: SITES.map((s) => ({ id: `site-${s.key}`, name: s.name })),
      subnets, servers, nlbClusters, hardwareLoadBalancers, casArrays, dags, databases,
    },
    layout: { nodes },
  };
}

const loaded = loadDesignValue(build());
if (!loaded.ok) {
  console.error(loaded.problems.map((p) => `${p.path}: ${p.message}`).join('\n'));
  process.exit(1);
}
const text = serializeDesign(loaded.document);
if (process.argv.includes('--check')) {
  const same = readFileSync(OUTPUT, 'utf8') === text;
  console.log(same ? 'examples/large-lagged.extopo.json is up to date' : 'examples/large-lagged.extopo.json is stale: run npx tsx scripts/make-large-example.ts');
  process.exit(same ? 0 : 1);
}
writeFileSync(OUTPUT, text);
const d = loaded.document.design;
const plan = planDesign(d);
console.log(`wrote ${OUTPUT}: ${d.sites.length} sites, ${d.servers.length} servers, ${d.dags.length} DAGs, ${d.databases.length} databases, ` +
  `${d.databases.reduce((n, db) => n + db.copies.length, 0)} copies (${d.databases.filter((db) => db.copies.some((c) => c.replayLagDays > 0)).length} with a lagged copy)`);
console.log(`planner: ${plan.counts.error} errors, ${plan.counts.warning} warnings, ${plan.counts.info} infos`);
for (const f of plan.findings.filter((x) => x.severity !== 'info')) console.log(`  ${f.severity} ${f.ruleId}: ${f.message}`);
