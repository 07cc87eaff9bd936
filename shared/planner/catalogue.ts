// The planner's rule catalogue (../shared/domain/rules.md): ids verbatim, severity, HA dependency and source.
// Rule implementations look their metadata up here, so severity lives in exactly one place.

export type Severity = 'error' | 'warning' | 'info';

export interface RuleMeta {
  readonly severity: Severity;
  /** Applies at this severity only when the design's HA goal is on; drops to info when it is off. */
  readonly haOnly: boolean;
  readonly title: string;
  readonly source: string;
}

const E = 'error' as const;
const W = 'warning' as const;
const I = 'info' as const;

export const RULES = {
  'name.netbios': { severity: E, haOnly: false, title: 'NetBIOS names', source: 'ODP-DAG, NETBIOS' },
  'name.fqdn': { severity: E, haOnly: false, title: 'Valid DNS names', source: 'RFC1123' },
  'ip.in-subnet': { severity: E, haOnly: false, title: 'Addresses inside their subnet', source: 'IP' },
  'ip.unique': { severity: E, haOnly: false, title: 'Unique IPv4 addresses', source: 'IP' },
  'subnet.overlap': { severity: E, haOnly: false, title: 'Subnets do not overlap', source: 'IP' },
  'server.nic-subnet': { severity: E, haOnly: false, title: 'NIC attached to a subnet', source: 'IP' },
  'os.supported': { severity: E, haOnly: false, title: 'Supported Windows version', source: 'OS, SP3' },
  'role.edge-alone': { severity: E, haOnly: false, title: 'Edge Transport stands alone', source: 'ROLES' },
  'role.hub-in-site': { severity: E, haOnly: false, title: 'Hub Transport in every Mailbox site', source: 'ROLES' },
  'role.cas-in-site': { severity: E, haOnly: false, title: 'Client Access in every Mailbox site', source: 'ROLES' },
  'role.not-on-dc': { severity: W, haOnly: false, title: 'Exchange not on a domain controller', source: 'ODP-ADDDAG' },
  'deploy.dns-server': { severity: E, haOnly: false, title: 'A named DNS server for the CAS array records', source: 'runbook.md (Real hosts)' },
  'deploy.sxs-source': { severity: W, haOnly: false, title: 'Windows media for .NET 3.5 on Windows Server 2012 / 2012 R2', source: 'runbook.md (Real hosts), KB2734782' },
  'deploy.product-key': { severity: I, haOnly: false, title: 'Product key for the new servers', source: 'runbook.md (Real hosts)' },
  'casarray.one-per-site': { severity: E, haOnly: false, title: 'One CAS array per AD site', source: 'OMERS' },
  'casarray.members-cas': { severity: E, haOnly: false, title: 'CAS array balances CAS servers of its site', source: 'ODP-NEWCAA' },
  'casarray.fqdn-distinct': { severity: E, haOnly: false, title: 'CAS array FQDN is not a server FQDN', source: 'seed' },
  'casarray.fqdn-external': { severity: W, haOnly: false, title: 'CAS array FQDN is internal only', source: 'seed, OMERS' },
  'casarray.no-lb': { severity: W, haOnly: true, title: 'Load-balanced CAS array for several CAS servers', source: 'seed' },
  'casarray.single-node': { severity: I, haOnly: false, title: 'Single-node CAS array', source: 'seed' },
  'casarray.before-migration': { severity: I, haOnly: false, title: 'CAS array before mailbox moves', source: 'seed' },
  'casarray.existing-dbs': { severity: I, haOnly: false, title: 'Existing databases keep their RpcClientAccessServer', source: 'seed, ODP-SETMDB' },
  'nlb.dag-conflict': { severity: E, haOnly: false, title: 'NLB and DAG on one server', source: 'seed, LB-DOC' },
  'nlb.max-nodes': { severity: E, haOnly: false, title: 'At most 32 NLB hosts', source: 'NLB-LIMIT' },
  'nlb.recommended-nodes': { severity: W, haOnly: false, title: 'NLB past 8 hosts', source: 'QUIS, NLB-FAQ' },
  'nlb.vip-subnet': { severity: E, haOnly: false, title: 'NLB VIP and NLB NICs on one subnet', source: 'NLB-DOC' },
  'nlb.host-priority': { severity: E, haOnly: false, title: 'Unique NLB host priorities 1–32', source: 'NLB-DOC' },
  'nlb.unicast-single-nic': { severity: W, haOnly: false, title: 'Unicast NLB on a single-NIC host', source: 'NLB-MODE, seed' },
  'nlb.virtual-unicast': { severity: W, haOnly: false, title: 'Unicast NLB on virtual machines', source: 'seed' },
  'nlb.default-port-rule': { severity: W, haOnly: false, title: 'Default all-ports NLB rule', source: 'seed' },
  'nlb.affinity': { severity: W, haOnly: false, title: 'NLB port rule affinity', source: 'QUIS, NLB-DOC' },
  'nlb.static-rpc': { severity: W, haOnly: false, title: 'Static RPC ports for NLB', source: 'WIKI, BPA' },
  'nlb.ip-forwarding': { severity: I, haOnly: false, title: 'IP forwarding on the NLB NIC', source: 'seed' },
  'nlb.hub-not-balanced': { severity: I, haOnly: false, title: 'NLB does not balance Hub Transport', source: 'seed' },
  'nlb.recommend-hlb': { severity: I, haOnly: false, title: 'Hardware load balancers are recommended', source: 'QUIS' },
  'hlb.members-cas': { severity: E, haOnly: false, title: 'Hardware load balancer members hold the CAS role', source: 'ODP-NEWCAA' },
  'hlb.vip-subnet': { severity: E, haOnly: false, title: 'Hardware load balancer VIP in a design subnet', source: 'IP' },
  'dag.max-members': { severity: E, haOnly: false, title: 'At most 16 DAG members', source: 'DAG-LIMIT' },
  'dag.members-mailbox': { severity: E, haOnly: false, title: 'DAG members are Mailbox servers in one DAG', source: 'ODP-ADDDAG' },
  'dag.windows-edition': { severity: E, haOnly: false, title: 'DAG members on Enterprise/Datacenter Windows', source: 'ODP-ADDDAG, seed' },
  'dag.not-dc': { severity: E, haOnly: false, title: 'No domain controller in a DAG', source: 'ODP-ADDDAG' },
  'dag.witness-not-member': { severity: E, haOnly: false, title: 'Witness is not a DAG member', source: 'ODP-DAG' },
  'dag.witness-recommended': { severity: W, haOnly: false, title: 'Witness on a Hub Transport server', source: 'ODP-DAG' },
  'dag.ip-per-mapi-subnet': { severity: E, haOnly: false, title: 'One DAG IP per MAPI subnet', source: 'ODP-DAG' },
  'dag.replication-network': { severity: W, haOnly: false, title: 'Separate replication network', source: 'DAGNET, seed' },
  'dag.single-member': { severity: W, haOnly: true, title: 'Single-member DAG', source: 'seed' },
  'db.copy-servers': { severity: E, haOnly: false, title: 'Copies on members of one DAG', source: 'ODP-ADDCOPY' },
  'db.max-copies': { severity: E, haOnly: false, title: 'At most 16 copies', source: 'DAG-LIMIT' },
  'db.activation-preference': { severity: E, haOnly: false, title: 'Activation preferences 1…n', source: 'ODP-ADDCOPY' },
  'db.lag-max': { severity: E, haOnly: false, title: 'Lag at most 14 days', source: 'ODP-ADDCOPY' },
  'db.lagged-three-copies': { severity: E, haOnly: false, title: 'Lagged copy needs three copies', source: 'seed' },
  'db.edition-limit': { severity: E, haOnly: false, title: 'Databases per server by edition', source: 'EDITION' },
  'db.size': { severity: W, haOnly: false, title: 'Database size', source: 'DBSIZE' },
  'db.single-copy': { severity: W, haOnly: true, title: 'Single-copy database', source: 'seed' },
  'ha.cas': { severity: W, haOnly: true, title: 'Client Access high availability', source: 'seed' },
  'ha.hub': { severity: W, haOnly: true, title: 'Hub Transport high availability', source: 'seed' },
  'ha.mailbox': { severity: W, haOnly: true, title: 'Mailbox high availability', source: 'seed' },
  'ha.minimum-servers': { severity: I, haOnly: false, title: 'The minimum HA server count', source: 'seed' },
  'size.cas-cores': { severity: W, haOnly: false, title: 'CAS cores vs Mailbox cores (3:4)', source: 'RATIO' },
  'size.hub-cores': { severity: W, haOnly: false, title: 'Hub cores vs Mailbox cores (1:5 / 1:7)', source: 'RATIO' },
  'size.memory-min': { severity: W, haOnly: false, title: 'Memory per role', source: 'MEM' },
  'size.mailbox-memory': { severity: W, haOnly: false, title: 'Mailbox server memory for the database cache', source: 'MEM, PROFILE' },
  'size.cpu': { severity: W, haOnly: false, title: 'Cores for the worst failure case', source: 'CPU' },
  'size.storage': { severity: W, haOnly: false, title: 'Disk space and IOPS per Mailbox server', source: 'STORE' },
  'size.failures': { severity: W, haOnly: false, title: 'Failures a DAG can survive', source: 'CPU, ODP-DAG' },
  'size.layout': { severity: E, haOnly: false, title: 'Storage layout paths', source: 'STORE' },
  'size.lagged-logs': { severity: I, haOnly: false, title: 'Log space of a lagged copy', source: 'STORE' },
  'size.iops': { severity: I, haOnly: false, title: 'Database IOPS', source: 'PROFILE' },
} as const satisfies Record<string, RuleMeta>;

export type RuleId = keyof typeof RULES;
export const RULE_IDS = Object.keys(RULES) as RuleId[];

/** Long names of the sources, as the catalogue gives them (shown in the problems panel and the PDF). */
export const SOURCES: Record<string, string> = {
  seed: 'Tutorial on a CAS array with Windows NLB, and its comment thread',
  'ODP-NEWCAA': 'Microsoft cmdlet reference: New-ClientAccessArray (Exchange 2010)',
  'ODP-SETMDB': 'Microsoft cmdlet reference: Set-MailboxDatabase (Exchange 2010)',
  'ODP-DAG': 'Microsoft cmdlet reference: New-DatabaseAvailabilityGroup (Exchange 2010)',
  'ODP-ADDDAG': 'Microsoft cmdlet reference: Add-DatabaseAvailabilityGroupServer (Exchange 2010)',
  'ODP-ADDCOPY': 'Microsoft cmdlet reference: Add-MailboxDatabaseCopy (Exchange 2010)',
  'LB-DOC': 'Microsoft Exchange docs: client access load balancing',
  OMERS: 'Microsoft TechNet blog: Exchange 2010 CAS array steps and recommendations (2010-10-11)',
  QUIS: 'Exchange 2010 load balancing guidance (TechEd 2010)',
  WIKI: 'TechNet wiki 864: static RPC ports on an Exchange 2010 CAS',
  BPA: 'Exchange Best Practices Analyzer (static ports 59531–60554)',
  'NLB-LIMIT': 'Windows Server NLB documentation: 32 hosts',
  'NLB-FAQ': 'Windows Server NLB FAQ: about 8 hosts ideal',
  'NLB-MODE': 'Windows Server NLB documentation: unicast and multicast',
  'NLB-DOC': 'Windows Server NLB documentation: port rules, affinity, host priority',
  'DAG-LIMIT': 'Exchange 2010 limits: 16 DAG members, 16 copies per database',
  DAGNET: 'Exchange 2010 DAG network guidance',
  OS: 'Exchange 2010 system requirements',
  SP3: 'Exchange 2010 SP3 release notes',
  ROLES: 'Exchange 2010 role planning',
  EDITION: 'Exchange 2010 Standard vs Enterprise database limits',
  DBSIZE: 'Exchange 2010 mailbox storage guidance',
  RATIO: 'Exchange 2010 processor sizing guidance',
  MEM: 'Exchange 2010 memory sizing guidance',
  PROFILE: 'Exchange 2010 storage sizing by message profile',
  CPU: 'Exchange 2010 Mailbox server processor capacity planning (megacycles, SPECint_rate2006, worst failure case)',
  STORE: 'Exchange 2010 mailbox database and log capacity factors',
  IP: 'IPv4 addressing',
  RFC1123: 'RFC 1123: host name rules',
  NETBIOS: 'NetBIOS computer name rules',
};
