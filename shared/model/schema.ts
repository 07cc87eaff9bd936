// The ExTopo design file format: one zod schema, the single source of truth for the types, the loader's
// structural checks and the JSON Schema file kept in the repo (schema/extopo-design.schema.json).
//
// Names are constrained here only to a safe character set (so hostile values never get in); the exact
// NetBIOS / DNS rules (length, all-digits, hyphens) are planner rules (name.netbios, name.fqdn) that explain
// themselves on the canvas.
import { z } from 'zod';
import { isIpv4 } from './ip';

export const FORMAT_VERSION = 2;

export const EntityId = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/, 'an id is 1–64 letters, digits, "_", ".", ":" or "-"')
  .describe('Stable identifier, unique across the whole design');

export const Ipv4 = z.string().refine(isIpv4, 'must be an IPv4 address in dotted form, e.g. 192.168.0.34');

export const Cidr = z
  .string()
  .regex(/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/, 'must be a CIDR block, e.g. 192.168.0.0/24');

/** Host names as typed by an admin: letters, digits and hyphens only (length is rule name.netbios). */
export const ComputerName = z
  .string()
  .max(64, 'at most 64 characters')
  .regex(/^[A-Za-z0-9-]*$/, 'only letters, digits and hyphens are allowed in a computer name');

/** DNS names: letters, digits, hyphens and dots (label and length rules are rule name.fqdn). */
export const DnsName = z
  .string()
  .max(300, 'at most 253 characters')
  .regex(/^[A-Za-z0-9.-]*$/, 'only letters, digits, hyphens and dots are allowed in a DNS name');

/** Display names of Exchange objects (databases, arrays, sites, NICs). */
export const ObjectName = z
  .string()
  .min(1, 'must not be empty')
  .max(64, 'at most 64 characters')
  .regex(/^[A-Za-z0-9][A-Za-z0-9 _.()-]*$/, 'letters, digits, spaces, "_", ".", "(", ")" and "-" only, starting with a letter or digit');

/** A local Windows path such as C:\DAG1 or D:\ (drive letter, then safe path characters). */
export const WindowsPath = z
  .string()
  .max(200, 'at most 200 characters')
  .regex(/^[A-Za-z]:\\[A-Za-z0-9 _.()\\-]*$/, 'must be a local Windows path such as C:\\DAG1');

export const Role = z.enum(['CAS', 'HT', 'MB', 'UM', 'Edge']);
export const WindowsVersion = z.enum(['2008', '2008R2', '2012', '2012R2', '2016']);
export const WindowsEdition = z.enum(['Standard', 'Enterprise', 'Datacenter']);
export const ExchangeServicePack = z.enum(['RTM', 'SP1', 'SP2', 'SP3']);
export const ExchangeEdition = z.enum(['Standard', 'Enterprise']);
export const NetworkPurpose = z.enum(['mapi', 'replication', 'management']);
export const NicPurpose = z.enum(['mapi', 'replication', 'management', 'nlb']);
export const NlbMode = z.enum(['unicast', 'multicast', 'igmpMulticast']);
export const NlbAffinity = z.enum(['None', 'Single', 'Network']);
export const PortProtocol = z.enum(['Tcp', 'Udp', 'Both']);
export const MessagesPerDay = z.union([
  z.literal(50), z.literal(100), z.literal(150), z.literal(200), z.literal(250),
  z.literal(300), z.literal(350), z.literal(400), z.literal(450), z.literal(500),
]);

export const Organization = z.strictObject({
  name: ObjectName.describe('Exchange organization name (setup /OrganizationName)'),
  adDomain: DnsName.describe('Active Directory DNS domain, e.g. exchangeserverpro.local'),
  exchangeVersion: z.literal('2010'),
  servicePack: ExchangeServicePack,
  rollup: z.int().min(0).max(40).default(0).describe('Update rollup within the service pack (RU5 = 5)'),
  edition: ExchangeEdition,
  externalHostnames: z.array(DnsName).max(50).default([]).describe('OWA / Outlook Anywhere / Autodiscover names'),
});

export const Goals = z.strictObject({
  highlyAvailable: z.boolean().default(true),
});

export const Sizing = z.strictObject({
  mailboxCount: z.int().min(1).max(1_000_000),
  mailboxQuotaGB: z.number().positive().max(1000),
  messagesPerDay: MessagesPerDay,
  hubAntivirus: z.boolean().default(true),
});

/** Deployment settings of a design that does not state them (and of a new design). */
export const DEFAULT_DEPLOYMENT = {
  setupMediaPath: 'D:\\',
  filterPackPath: 'C:\\Install\\FilterPack64bit.exe',
  dnsServer: '',
  maxParallelHosts: 4,
} as const;

export const Deployment = z.strictObject({
  setupMediaPath: WindowsPath.default(DEFAULT_DEPLOYMENT.setupMediaPath).describe('Exchange 2010 install media on every server'),
  filterPackPath: WindowsPath.default(DEFAULT_DEPLOYMENT.filterPackPath),
  dnsServer: DnsName.default(DEFAULT_DEPLOYMENT.dnsServer).describe('DNS server for the CAS array A record; empty = the first DC'),
  maxParallelHosts: z.int().min(1).max(32).default(DEFAULT_DEPLOYMENT.maxParallelHosts),
});

export const Site = z.strictObject({
  id: EntityId,
  name: ObjectName,
});

export const Subnet = z.strictObject({
  id: EntityId,
  siteId: EntityId,
  cidr: Cidr,
  gateway: Ipv4.optional(),
  purpose: NetworkPurpose,
});

export const Nic = z.strictObject({
  id: EntityId,
  name: ObjectName,
  subnetId: EntityId,
  ipv4: Ipv4,
  purpose: NicPurpose,
});

/** The most NICs ExTopo models per server (the file format's limit; wiring refuses a further NIC). */
export const MAX_NICS_PER_SERVER = 16;

export const Server = z.strictObject({
  id: EntityId,
  name: ComputerName,
  fqdn: DnsName,
  siteId: EntityId,
  os: z.strictObject({ version: WindowsVersion, edition: WindowsEdition, servicePack: z.int().min(0).max(2).default(1) }),
  roles: z.array(Role).max(5),
  cores: z.int().min(1).max(256),
  ramGB: z.number().positive().max(4096),
  virtualized: z.boolean().default(false),
  domainController: z.boolean().default(false),
  existing: z.boolean().default(false).describe('Already deployed: the runbook only verifies it'),
  nics: z.array(Nic).max(MAX_NICS_PER_SERVER),
});

export const PortRule = z.strictObject({
  startPort: z.int().min(0).max(65535),
  endPort: z.int().min(0).max(65535),
  protocol: PortProtocol,
  affinity: NlbAffinity,
});

/** Load weight that means "equal distribution": the default, for which the runbook sets no per-node weight. */
export const DEFAULT_NLB_LOAD_WEIGHT = 50;

export const NlbMember = z.strictObject({
  serverId: EntityId,
  nicId: EntityId,
  hostPriority: z.int().min(0).max(1000),
  loadWeight: z.int().min(0).max(100).default(DEFAULT_NLB_LOAD_WEIGHT),
});

export const NlbCluster = z.strictObject({
  id: EntityId,
  fqdn: DnsName,
  vip: Ipv4,
  subnetId: EntityId,
  mode: NlbMode,
  clientsOnOtherSubnets: z.boolean().default(false),
  portRules: z.array(PortRule).max(64),
  members: z.array(NlbMember).max(64),
});

export const HardwareLoadBalancer = z.strictObject({
  id: EntityId,
  name: ObjectName,
  vip: Ipv4,
  memberIds: z.array(EntityId).max(256),
});

export const StaticRpcPorts = z.strictObject({
  rpcClientAccess: z.int().min(1024).max(65535),
  addressBook: z.int().min(1024).max(65535),
});

export const CasArray = z.strictObject({
  id: EntityId,
  name: ObjectName,
  fqdn: DnsName,
  siteId: EntityId,
  nlbClusterId: EntityId.nullable().default(null),
  hardwareLoadBalancerId: EntityId.nullable().default(null),
  staticPorts: StaticRpcPorts.nullable().default(null),
});

export const DagIp = z.strictObject({
  subnetId: EntityId,
  ipv4: Ipv4,
});

export const Dag = z.strictObject({
  id: EntityId,
  name: ComputerName,
  siteId: EntityId,
  memberIds: z.array(EntityId).max(64),
  ipAddresses: z.array(DagIp).max(32),
  witnessServerId: EntityId.nullable().default(null).describe('A server of the design'),
  witnessHost: DnsName.default('').describe('FQDN of a non-Exchange witness outside the design'),
  witnessDirectory: WindowsPath.default('C:\\DAGWitness'),
  replicationSubnetIds: z.array(EntityId).max(16).default([]),
});

export const MailboxDatabaseCopy = z.strictObject({
  serverId: EntityId,
  activationPreference: z.int().min(1).max(64),
  replayLagDays: z.number().min(0).max(365).default(0),
  truncationLagDays: z.number().min(0).max(365).default(0),
});

export const MailboxDatabase = z.strictObject({
  id: EntityId,
  name: ObjectName,
  existing: z.boolean().default(false).describe('Exists before this deployment (kept, repointed to the CAS array)'),
  mailboxCount: z.int().min(0).max(1_000_000).optional(),
  copies: z.array(MailboxDatabaseCopy).max(64),
});

export const Design = z.strictObject({
  organization: Organization,
  goals: Goals.default({ highlyAvailable: true }),
  sizing: Sizing.optional(),
  deployment: Deployment.default({ ...DEFAULT_DEPLOYMENT }),
  sites: z.array(Site).max(1000),
  subnets: z.array(Subnet).max(10_000),
  servers: z.array(Server).max(10_000),
  nlbClusters: z.array(NlbCluster).max(5000).default([]),
  hardwareLoadBalancers: z.array(HardwareLoadBalancer).max(5000).default([]),
  casArrays: z.array(CasArray).max(1000).default([]),
  dags: z.array(Dag).max(5000).default([]),
  databases: z.array(MailboxDatabase).max(100_000).default([]),
});

export const NodeLayout = z.strictObject({
  x: z.number().min(-1e7).max(1e7),
  y: z.number().min(-1e7).max(1e7),
  width: z.number().positive().max(1e6).optional(),
  height: z.number().positive().max(1e6).optional(),
  collapsed: z.boolean().optional(),
});

export const Layout = z.strictObject({
  nodes: z.record(z.string().max(128), NodeLayout).default({}),
  viewport: z.strictObject({ x: z.number(), y: z.number(), zoom: z.number().positive().max(100) }).optional(),
});

export const DesignDocument = z.strictObject({
  $schema: z.string().max(500).optional(),
  formatVersion: z.literal(FORMAT_VERSION),
  title: z.string().max(200).default(''),
  revision: z.int().min(0).default(0).describe('Incremented on every save'),
  design: Design,
  layout: Layout.default({ nodes: {} }),
});
