// Every number of the Exchange 2010 sizing method (shared/domain/sizing.md), each in one named constant with the
// source it comes from. The method is Microsoft's Exchange 2010 capacity-planning guidance, the one the Mailbox
// Server Role Requirements Calculator implements. Sources (Exchange 2010 documentation and the Exchange team blog):
//   [CPU]   Mailbox Server Processor Capacity Planning (ee712771); "Guidance change: calculating the megacycles for
//           different processor configurations" (Exchange team blog, 2010-09-14); "E2010 calculator: megacycles,
//           SPECint2006 and cores, huh?" (Exchange team blog, 2010-10-11).
//   [MEM]   Understanding Memory Configurations and Exchange Performance (dd346700); Understanding the Mailbox
//           Database Cache (ee832793).
//   [STORE] Understanding Mailbox Database and Log Capacity Factors (ee832796); Understanding Database and Log
//           Performance Factors (ee832791).
//   [RATIO] Understanding Processor Configurations and Exchange Performance; Understanding Client Access and Hub
//           Transport Combined Role Configurations in Capacity Planning; Understanding Multiple Server Role
//           Configurations in Capacity Planning (dd298121).

// --- Message profile (per mailbox, per 50 messages sent + received a day) -------------------------------------
/** The message profile table moves in steps of 50 messages a day (50 … 500). */
export const MESSAGES_PER_PROFILE_STEP = 50;
/** [CPU] An active (or stand-alone) mailbox costs 1 megacycle per 50 messages a day (50 → 1 … 500 → 10). */
export const MEGACYCLES_PER_STEP = 1;
/** [MEM] Database cache per active mailbox: 3 MB per 50 messages a day (50 → 3 … 500 → 30 MB). */
export const CACHE_MB_PER_STEP = 3;
/** [STORE] IOPS per mailbox of a stand-alone database (one copy): 0.06 per 50 messages a day. */
export const IOPS_STANDALONE_PER_STEP = 0.06;
/** [STORE] IOPS per mailbox of a database with DAG copies (two or more): 0.05 per 50 messages a day. */
export const IOPS_DAG_PER_STEP = 0.05;
/** [STORE] Transaction logs: 10 logs of 1 MB per mailbox per day per 50 messages a day (50 → 10 … 500 → 100). */
export const LOGS_PER_STEP = 10;
export const LOG_FILE_MB = 1;
/** Databases with this many copies or more use the DAG IOPS column. */
export const DAG_IOPS_MIN_COPIES = 2;

// --- CPU ---------------------------------------------------------------------------------------------------------
/**
 * [CPU] An active mailbox in a DAG costs 10 % more per additional database copy (its logs are shipped to each).
 * sizing.md marks this (verify): ee712771 ("Database Copy Count" section) is the source; the stored copy of that
 * page (learn.microsoft.com …/ee712771(v=exchg.140)) was searched but its excerpt stops before the table, so the
 * figure stands as sizing.md gives it.
 */
export const ACTIVE_MEGACYCLES_PER_EXTRA_COPY = 0.1;
/**
 * [CPU] A passive copy's mailbox costs 15 % of the stand-alone active figure. Verified: ee712771, "Hosting Active
 * and Passive Database Copies on the Same Server": "each passive mailbox … equates to 15 percent of the CPU
 * utilization required to host the active mailbox".
 */
export const PASSIVE_MEGACYCLE_SHARE = 0.15;
/**
 * [CPU] The baseline core: Xeon X5470 3.33 GHz = 3,333 megacycles per core at a SPECint_rate2006 value of 18.75
 * per core. Verified: Exchange team blog 2010-09-14 ("2x4 core Intel Xeon x5470 3.33-GHz processors that yields
 * 3333 megacycles per processor core, with a SPECint2006 rate value per core of 18.75") and 2010-10-11
 * ("351/12*3333/18.75=5200 adjusted megacycles/core … 62394 adjusted megacycles … 20000/62394*100=32%").
 */
export const REFERENCE_MEGACYCLES_PER_CORE = 3333;
export const REFERENCE_SPECINT_PER_CORE = 18.75;
/**
 * Hypervisor overhead: a virtual machine gets 10 % fewer megacycles. sizing.md's figure (verify): Microsoft's
 * "Best Practices for Virtualizing Exchange Server 2010 with Windows Server 2008 R2 Hyper-V" (2011) is the source
 * the search found; its stored excerpt stops before the sizing section, so the figure stands as sizing.md gives it.
 */
export const VIRTUAL_MEGACYCLE_OVERHEAD = 0.1;
/** [CPU] A Mailbox server's CPU in the worst failure case stays at or below 80 % (the default target). */
export const DEFAULT_TARGET_MAILBOX_CPU = 0.8;
/**
 * [RATIO] On a multi-role server the Mailbox role's worst-case load stays within 40 % of the server's megacycles,
 * so Client Access and Hub Transport keep the rest. sizing.md's figure (verify): dd298121 ("Understanding Multiple
 * Server Role Configurations in Capacity Planning", "Hardware Recommendations for Multiple-Role Servers") is the
 * source; its stored excerpt stops before that section, so the figure stands as sizing.md gives it.
 */
export const MULTI_ROLE_MAILBOX_CPU_SHARE = 0.4;
/** Role minimum cores (sizing.md, CPU): Hub 1, CAS 2, Mailbox 2, multi-role 2. */
export const MIN_CORES_HUB = 1;
export const MIN_CORES_CAS = 2;
export const MIN_CORES_MAILBOX = 2;
export const MIN_CORES_MULTI_ROLE = 2;

// --- Ratios ------------------------------------------------------------------------------------------------------
/** [RATIO] Mailbox : Client Access = 4 : 3 cores (one CAS core covers 4/3 Mailbox cores). */
export const MAILBOX_CORES_PER_CAS_CORE = 4 / 3;
/** [RATIO] Mailbox : Hub Transport = 5 : 1 with antivirus on the Hub servers, 7 : 1 without. */
export const MAILBOX_CORES_PER_HUB_CORE_WITH_ANTIVIRUS = 5;
export const MAILBOX_CORES_PER_HUB_CORE_WITHOUT_ANTIVIRUS = 7;
/** [RATIO] A combined Client Access + Hub Transport server: 1 : 1 with Mailbox cores (its cores count once). */
export const MAILBOX_CORES_PER_COMBINED_CORE = 1;

// --- Memory ------------------------------------------------------------------------------------------------------
export const MB_PER_GB = 1024;
export const KB_PER_GB = 1024 * 1024;
/**
 * [MEM] Installed RAM → the database cache ESE gets on a Mailbox-only server (ee832793). The 48 GB row is 39.2 GB
 * as sizing.md gives it; a third-party copy of the table (frankysweb.de) prints 39.6, but 39.2 follows the rows
 * around it (0.9 GB of cache per GB of RAM above 24 GB, less 4 GB: 0.9 × 48 − 4 = 39.2).
 */
export const CACHE_TABLE_MAILBOX: readonly (readonly [ramGB: number, cacheGB: number])[] = [
  [2, 0.5], [4, 1], [8, 3.6], [16, 10.4], [24, 17.6], [32, 24.4], [48, 39.2], [64, 53.6], [96, 82.4], [128, 111.2],
];
/** [MEM] The same for a multi-role server (Mailbox with Client Access and/or Hub Transport). */
export const CACHE_TABLE_MULTI_ROLE: readonly (readonly [ramGB: number, cacheGB: number])[] = [
  [8, 2], [16, 8], [24, 14], [32, 20], [48, 32], [64, 44], [96, 68], [128, 92],
];
/**
 * [MEM] Memory per role (dd346700, "Memory configurations for Exchange 2010 servers based on installed server
 * roles"): every role at least 4 GB; Hub Transport and Edge 1 GB per core (4 GB minimum); Client Access and the
 * combined Client Access + Hub Transport server 2 GB per core (8 GB minimum); Unified Messaging 2 GB per core (4 GB
 * minimum); multiple roles with Mailbox at least 8 GB.
 */
export const MIN_RAM_GB = 4;
export const HUB_RAM_PER_CORE_GB = 1;
export const CAS_RAM_PER_CORE_GB = 2;
export const CAS_MIN_RAM_GB = 8;
export const UM_RAM_PER_CORE_GB = 2;
export const MULTI_ROLE_MIN_RAM_GB = 8;

// --- Capacity ----------------------------------------------------------------------------------------------------
/** [STORE] Single item recovery adds 1.2 % of the quota to the dumpster. */
export const SINGLE_ITEM_RECOVERY_SHARE = 0.012;
/** [STORE] Calendar version logging adds 5.8 % of the quota to the dumpster. */
export const CALENDAR_VERSION_LOGGING_SHARE = 0.058;
/** [STORE] Database size = mailboxes × size on disk × 1.2 (data overhead). */
export const DATABASE_DATA_OVERHEAD = 1.2;
/** [STORE] The content index is 10 % of the database. */
export const CONTENT_INDEX_SHARE = 0.1;
/** [STORE] Volumes keep 20 % free space: database volume = (database + index) × 1.2, log volume = logs × 1.2. */
export const VOLUME_FREE_SPACE_FACTOR = 1.2;
/** [STORE] 20 % IOPS overhead on top of the profile's IOPS. */
export const IOPS_OVERHEAD_FACTOR = 1.2;
/** [STORE] Largest recommended database: 200 GB without HA copies, 2 TB with two or more HA copies. */
export const DB_SIZE_LIMIT_STANDALONE_GB = 200;
export const DB_SIZE_LIMIT_HA_GB = 2048;
export const DB_SIZE_LIMIT_MIN_HA_COPIES = 2;

// --- Storage layout ----------------------------------------------------------------------------------------------
/** Windows' MAX_PATH less the terminating NUL: the longest database or log file path the layout may produce. */
export const MAX_WINDOWS_PATH = 259;
/** Drive letters the layout never hands out (floppy, system, the usual DVD / setup media drive). */
export const RESERVED_DRIVE_LETTERS = ['A', 'B', 'C', 'D'] as const;
