// The ExTopo design file format: one zod schema, the single source of truth for the types, the loader's
// structural checks and the JSON Schema file kept in the repo (schema/extopo-design.schema.json).
//
// Names are constrained here only to a safe character set (so hostile values never get in); the exact
// NetBIOS / DNS rules (length, all-digits, hyphens) are planner rules (name.netbios, name.fqdn) that explain
// themselves on the canvas.
import { z } from 'zod';
import { isIpv4 } from './ip';
import { Namespace } from './namespace';

export const FORMAT_VERSION = 4;

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
/** Datacenter Activation Coordination mode of a DAG (Set-DatabaseAvailabilityGroup -DatacenterActivationMode). */
export const DatacenterActivationMode = z.enum(['Off', 'DagOnly']);
/** Earlier Exchange versions an Exchange 2010 organization can coexist with (only as existing servers). */
export const LegacyExchangeVersion = z.enum(['2003', '2007']);
/**
 * What a subnet carries: 'mapi' (the servers' client-facing network), 'replication' (DAG log shipping only),
 * 'management', 'client' (where users' computers are: no Exchange servers) and 'perimeter' (the DMZ, for Edge
 * Transport).
 */
export const NetworkPurpose = z.enum(['mapi', 'replication', 'management', 'client', 'perimeter']);
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
  outlook2003Clients: z.boolean().optional().describe('Outlook 2003 (or earlier) clients connect: they need a public folder database for free/busy and the offline address book; absent = no'),
});

export const Goals = z.strictObject({
  highlyAvailable: z.boolean().default(true),
});

/** One group of mailboxes with the same quota and message profile (the calculator's "tier"). */
export const MailboxTier = z.strictObject({
  name: ObjectName.default('Mailboxes'),
  mailboxCount: z.int().min(1).max(1_000_000),
  mailboxQuotaGB: z.number().positive().max(1000),
  messagesPerDay: MessagesPerDay.describe('Messages sent and received per mailbox per day'),
});

/** Defaults of the sizing inputs (shared/domain/sizing.md, "Inputs"). */
export const DEFAULT_SIZING_INPUTS = {
  averageMessageSizeKB: 75,
  deletedItemRetentionDays: 14,
  singleItemRecovery: true,
  calendarVersionLogging: true,
  targetMailboxCpuPercent: 80,
  logTruncationFailureDays: 3,
  mailboxMovesPerWeekPercent: 1,
  annualGrowthPercent: 0,
  growthYears: 3,
  hubAntivirus: true,
} as const;

/** Where database and log volumes go on every Mailbox server (the same paths on every DAG member). */
export const DEFAULT_STORAGE_LAYOUT = {
  kind: 'mountPoints',
  databaseRoot: 'C:\\ExchangeDatabases',
  logRoot: 'C:\\ExchangeLogs',
} as const;

export const StorageLayoutKind = z.enum(['mountPoints', 'driveLetters']);

export const StorageLayout = z.strictObject({
  kind: StorageLayoutKind.default(DEFAULT_STORAGE_LAYOUT.kind).describe('One volume per database and one per log stream: mounted in folders (mount points) or as drive letters'),
  databaseRoot: WindowsPath.default(DEFAULT_STORAGE_LAYOUT.databaseRoot).describe('Folder holding the database volume mount points'),
  logRoot: WindowsPath.default(DEFAULT_STORAGE_LAYOUT.logRoot).describe('Folder holding the log volume mount points'),
});

export const Sizing = z.strictObject({
  tiers: z.array(MailboxTier).min(1).max(20),
  averageMessageSizeKB: z.number().positive().max(100_000).default(DEFAULT_SIZING_INPUTS.averageMessageSizeKB),
  deletedItemRetentionDays: z.int().min(0).max(3650).default(DEFAULT_SIZING_INPUTS.deletedItemRetentionDays),
  singleItemRecovery: z.boolean().default(DEFAULT_SIZING_INPUTS.singleItemRecovery),
  calendarVersionLogging: z.boolean().default(DEFAULT_SIZING_INPUTS.calendarVersionLogging),
  failuresToSurvive: z.int().min(0).max(15).nullable().default(null).describe('Server failures each DAG must survive; null = HA copies − 1 (never more than keeps quorum)'),
  targetMailboxCpuPercent: z.number().min(10).max(100).default(DEFAULT_SIZING_INPUTS.targetMailboxCpuPercent).describe('Highest CPU use of a Mailbox server in the worst failure case'),
  logTruncationFailureDays: z.number().min(0).max(365).default(DEFAULT_SIZING_INPUTS.logTruncationFailureDays),
  mailboxMovesPerWeekPercent: z.number().min(0).max(100).default(DEFAULT_SIZING_INPUTS.mailboxMovesPerWeekPercent),
  annualGrowthPercent: z.number().min(0).max(1000).default(DEFAULT_SIZING_INPUTS.annualGrowthPercent),
  growthYears: z.int().min(0).max(20).default(DEFAULT_SIZING_INPUTS.growthYears).describe('Years the annual growth is planned for'),
  hubAntivirus: z.boolean().default(DEFAULT_SIZING_INPUTS.hubAntivirus),
  storage: StorageLayout.default({ ...DEFAULT_STORAGE_LAYOUT }),
});

/** Deployment settings of a design that does not state them (and of a new design). */
export const DEFAULT_DEPLOYMENT = {
  setupMediaPath: 'D:\\',
  filterPackPath: 'C:\\Install\\FilterPack64bit.exe',
  dnsServer: '',
  maxParallelHosts: 4,
  windowsSourcePath: '',
  updateRollupPath: 'C:\\Install\\Exchange2010-KB5000978-x64-en.msp',
  productKey: '',
} as const;

/** An Exchange 2010 product key: five groups of five letters or digits. */
export const ProductKey = z
  .string()
  .regex(/^$|^[A-Za-z0-9]{5}(-[A-Za-z0-9]{5}){4}$/, 'a product key is five groups of five letters or digits, e.g. ABCDE-FGHIJ-KLMNO-PQRST-UVWXY (or empty)');

export const Deployment = z.strictObject({
  setupMediaPath: WindowsPath.default(DEFAULT_DEPLOYMENT.setupMediaPath).describe('Exchange 2010 install media on every server'),
  filterPackPath: WindowsPath.default(DEFAULT_DEPLOYMENT.filterPackPath),
  dnsServer: DnsName.default(DEFAULT_DEPLOYMENT.dnsServer).describe('DNS server for the CAS array A record; empty = the first DC'),
  maxParallelHosts: z.int().min(1).max(32).default(DEFAULT_DEPLOYMENT.maxParallelHosts),
  windowsSourcePath: z
    .union([z.literal(''), WindowsPath])
    .default(DEFAULT_DEPLOYMENT.windowsSourcePath)
    .describe('Windows Server 2012 / 2012 R2 media sources\\sxs folder for NET-Framework-Core (Install-WindowsFeature -Source); empty = Windows Update'),
  updateRollupPath: z.union([z.literal(''), WindowsPath]).default(DEFAULT_DEPLOYMENT.updateRollupPath).describe("The .msp of the organization's update rollup (organization.rollup), on every Exchange server"),
  productKey: ProductKey.default(DEFAULT_DEPLOYMENT.productKey).describe("Exchange product key for the organization's edition; empty = servers stay 120-day trials until licensed"),
});

export const Site = z.strictObject({
  id: EntityId,
  name: ObjectName,
  internetFacing: z.boolean().optional().describe('Clients reach this site\'s Client Access servers from the Internet (OWA, Outlook Anywhere, ActiveSync); absent = yes when it has Client Access servers'),
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
  specIntRate: z.number().positive().max(100_000).optional().describe('SPECint_rate2006 result of the server as configured (all its cores); absent = the reference core'),
  storageGB: z.number().positive().max(100_000_000).optional().describe('Disk space for the Exchange database and log volumes (GB); absent = not checked'),
  storageIops: z.number().positive().max(100_000_000).optional().describe('Random IOPS the database disks deliver; absent = not checked'),
  domainController: z.boolean().default(false),
  existing: z.boolean().default(false).describe('Already deployed: the runbook only verifies it'),
  nics: z.array(Nic).max(MAX_NICS_PER_SERVER),
  exchangeEdition: ExchangeEdition.optional().describe("This server's Exchange edition (its product key); absent = the organization's edition"),
  productKey: ProductKey.optional().describe("This server's Exchange product key; absent or empty = the deployment's product key"),
  domainJoined: z.boolean().optional().describe('Member of the Active Directory domain; absent = yes (an Edge Transport server must not be)'),
  edgeSubscriptionSiteId: EntityId.nullable().optional().describe('Edge Transport: the AD site whose Hub Transport servers it is subscribed to (New-EdgeSubscription); absent or null = not subscribed'),
  legacy: z
    .strictObject({ version: LegacyExchangeVersion, servicePack: z.int().min(0).max(3) })
    .nullable()
    .optional()
    .describe('An existing Exchange 2003 / 2007 server the organization keeps during coexistence; absent or null = Exchange 2010'),
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
  subnetId: EntityId.nullable().optional().describe('The subnet the VIP is on; absent or null = the design subnet holding the VIP'),
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
  datacenterActivationMode: DatacenterActivationMode.optional().describe('Datacenter Activation Coordination mode; absent = Off'),
  alternateWitnessServerId: EntityId.nullable().optional().describe('Alternate witness for a datacenter switchover: a server of the design'),
  alternateWitnessHost: DnsName.optional().describe('FQDN of an alternate witness outside the design; absent or empty = none'),
  alternateWitnessDirectory: z.union([z.literal(''), WindowsPath]).optional().describe('Directory of the alternate witness share; absent or empty = the witness directory'),
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
  rpcClientAccessServer: DnsName.optional().describe('RpcClientAccessServer override (a CAS array or Client Access server FQDN); absent or empty = the CAS array of the site of the preferred copy'),
  publicFolderDatabaseId: EntityId.nullable().optional().describe('Default public folder database of its mailboxes; absent or null = none set'),
});

/** A public folder database: on one Mailbox server (never replicated by a DAG); folders replicate to its replicas. */
export const PublicFolderDatabase = z.strictObject({
  id: EntityId,
  name: ObjectName,
  serverId: EntityId,
  existing: z.boolean().default(false),
  replicaIds: z.array(EntityId).max(1000).default([]).describe('Other public folder databases that hold replicas of its folders'),
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
  publicFolderDatabases: z.array(PublicFolderDatabase).max(10_000).optional(),
  namespace: Namespace.optional(),
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
