// Every number of the rule catalogue (../shared/domain/rules.md), each in one named constant. Rules, the HA
// verdict and the sizing report import them from here; tests use them to probe both sides of a limit.

import { MAILBOX_CORES_PER_CAS_CORE as CAS_RATIO } from '../sizing/constants';

// --- Names and addressing ------------------------------------------------------------------------------------
/** NetBIOS computer names (servers, DAGs) have at most 15 characters (name.netbios). */
export const NETBIOS_MAX_LENGTH = 15;
/** A DNS label has 1–63 characters (RFC 1123, name.fqdn). */
export const DNS_LABEL_MAX_LENGTH = 63;
/** A DNS name has at most 253 characters (RFC 1123, without the trailing dot). */
export const DNS_NAME_MAX_LENGTH = 253;
/** Usable subnet prefixes (/1–/30): defined beside parseCidr, which enforces them. */
export { SUBNET_PREFIX_MAX, SUBNET_PREFIX_MIN } from '../model/ip';

// --- Servers and roles ---------------------------------------------------------------------------------------
/** Windows Server 2008 (non-R2) needs Service Pack 2 (os.supported). */
export const WS2008_MIN_SERVICE_PACK = 2;
/** Windows Server 2012 and 2012 R2 need Exchange 2010 SP3. */
export const WS2012_MIN_EXCHANGE_SP = 'SP3';
/** Windows Server 2012 R2 needs Exchange 2010 SP3 Update Rollup 5. */
export const WS2012R2_MIN_ROLLUP = 5;

// --- Client Access and CAS arrays ----------------------------------------------------------------------------
/** At most one CAS array per AD site (casarray.one-per-site). */
export const MAX_CAS_ARRAYS_PER_SITE = 1;

// --- Windows NLB ---------------------------------------------------------------------------------------------
/** Windows NLB supports at most 32 hosts per cluster (nlb.max-nodes). */
export const NLB_MAX_HOSTS = 32;
/** NLB scales poorly past about 8 hosts (nlb.recommended-nodes). */
export const NLB_RECOMMENDED_MAX_HOSTS = 8;
/** Host priorities (unique host identifiers) range over 1–32, one per possible host (nlb.host-priority). */
export const NLB_MIN_HOST_PRIORITY = 1;
export const NLB_MAX_HOST_PRIORITY = NLB_MAX_HOSTS;
/** The default port rule NLB creates: every port (nlb.default-port-rule). */
export const ALL_PORTS_START = 0;
export const ALL_PORTS_END = 65535;
/** The dynamic RPC port range used by RPC Client Access and the Address Book without static ports (nlb.static-rpc). */
export const RPC_DYNAMIC_PORT_START = 6005;
export const RPC_DYNAMIC_PORT_END = 59530;
/** The range recommended (Exchange BPA) for static RPC Client Access and Address Book ports. */
export const STATIC_RPC_PORT_MIN = 59531;
export const STATIC_RPC_PORT_MAX = 60554;

// --- Database availability groups ----------------------------------------------------------------------------
/** Exchange 2010: at most 16 servers in a DAG (dag.max-members). */
export const DAG_MAX_MEMBERS = 16;
/** Windows versions whose Standard edition has no failover clustering (dag.windows-edition). */
export const CLUSTERING_NEEDS_ENTERPRISE: ReadonlySet<string> = new Set(['2008', '2008R2']);

/** Datacenter Activation Coordination is required for DAGs of more than this many members across AD sites (dag.dac-mode). */
export const DAC_REQUIRED_ABOVE_MEMBERS = 2;

// --- Coexistence ---------------------------------------------------------------------------------------------
/** Exchange 2010 setup requires every Exchange 2003 and Exchange 2007 server of the organization at SP2 (coexist.version). */
export const LEGACY_MIN_SERVICE_PACK: Readonly<Record<'2003' | '2007', number>> = { '2003': 2, '2007': 2 };

// --- Public folders ------------------------------------------------------------------------------------------
/** A Mailbox server holds at most one public folder database (pf.one-per-server). */
export const MAX_PUBLIC_FOLDER_DATABASES_PER_SERVER = 1;

// --- High availability ---------------------------------------------------------------------------------------
/**
 * Servers a role needs for high availability: Client Access servers behind a load-balanced CAS array and Hub
 * Transport servers per site with mailboxes, members per DAG (ha.*, dag.single-member), and the number of Client
 * Access servers from which a site needs a load-balanced CAS array (casarray.no-lb).
 */
export const MIN_HA_SERVERS = 2;
/**
 * Non-lagged copies a database needs to be highly available (ha.mailbox, db.single-copy); also the number of HA
 * copies from which the larger database size limit applies (db.size) and the non-lagged copies a database with a
 * lagged copy keeps (db.lagged-three-copies).
 */
export const MIN_HA_COPIES = 2;
/** Minimal HA with Windows NLB: two CAS+HT servers in the NLB cluster and two Mailbox servers in a DAG. */
export const MIN_HA_SERVERS_WITH_NLB = 4;
/** Minimal HA with a hardware load balancer: two multi-role servers (CAS+HT+MB) in a DAG. */
export const MIN_HA_SERVERS_WITH_HLB = 2;

// --- Mailbox databases ---------------------------------------------------------------------------------------
/** Exchange 2010: at most 16 copies of a database, one per DAG member (db.max-copies). */
export const MAX_DATABASE_COPIES = 16;
/** ReplayLagTime and TruncationLagTime are at most 14 days (db.lag-max). */
export const MAX_LAG_DAYS = 14;
/** A database with a lagged copy needs at least this many copies, MIN_HA_COPIES of them not lagged. */
export const LAGGED_MIN_COPIES = 3;
/** Databases (active and passive copies) per server by Exchange edition (db.edition-limit). */
export const STANDARD_EDITION_MAX_DATABASES = 5;
export const ENTERPRISE_EDITION_MAX_DATABASES = 100;
/** The database size limits (db.size): the sizing method's constants (shared/sizing/constants.ts). */
export { DB_SIZE_LIMIT_HA_GB, DB_SIZE_LIMIT_STANDALONE_GB } from '../sizing/constants';

// --- Sizing --------------------------------------------------------------------------------------------------
// The numbers of the sizing method live in shared/sizing/constants.ts (each with its source); the ratio constants
// are re-exported here for the rule families and the benches.
export {
  MAILBOX_CORES_PER_HUB_CORE_WITH_ANTIVIRUS,
  MAILBOX_CORES_PER_HUB_CORE_WITHOUT_ANTIVIRUS,
  MAILBOX_CORES_PER_CAS_CORE,
  MAILBOX_CORES_PER_COMBINED_CORE,
} from '../sizing/constants';
/** Per site, CAS cores ≥ ¾ × Mailbox cores (Mailbox:CAS = 4:3, size.cas-cores). */
export const CAS_CORES_PER_MAILBOX_CORE = 1 / CAS_RATIO;
