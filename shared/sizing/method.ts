// The pure formulas of the sizing method (shared/domain/sizing.md): megacycles available on a server, the cores it
// needs, the RAM row that gives a database cache, database and log volumes, and the recommended database count.
// Every function takes plain numbers, so the tests can work each one by hand.
import type { Role } from '../model/types';
import {
  ACTIVE_MEGACYCLES_PER_EXTRA_COPY,
  CACHE_TABLE_MAILBOX,
  CACHE_TABLE_MULTI_ROLE,
  CAS_MIN_RAM_GB,
  CAS_RAM_PER_CORE_GB,
  CONTENT_INDEX_SHARE,
  DATABASE_DATA_OVERHEAD,
  DB_SIZE_LIMIT_HA_GB,
  DB_SIZE_LIMIT_MIN_HA_COPIES,
  DB_SIZE_LIMIT_STANDALONE_GB,
  HUB_RAM_PER_CORE_GB,
  IOPS_OVERHEAD_FACTOR,
  MB_PER_GB,
  MIN_CORES_CAS,
  MIN_CORES_HUB,
  MIN_CORES_MAILBOX,
  MIN_CORES_MULTI_ROLE,
  MIN_RAM_GB,
  MULTI_ROLE_MIN_RAM_GB,
  PASSIVE_MEGACYCLE_SHARE,
  REFERENCE_MEGACYCLES_PER_CORE,
  REFERENCE_SPECINT_PER_CORE,
  UM_RAM_PER_CORE_GB,
  VIRTUAL_MEGACYCLE_OVERHEAD,
  VOLUME_FREE_SPACE_FACTOR,
} from './constants';

/** Smallest integer ≥ x, tolerant of floating-point noise (¾ × 12 = 9, not 9.000000001). */
export function ceilInt(x: number): number {
  return Math.ceil(x - 1e-9);
}

// --- CPU ---------------------------------------------------------------------------------------------------------

export interface CpuCapacity {
  /** Megacycles per core after the SPECint adjustment and the hypervisor overhead. */
  readonly perCore: number;
  /** Before the hypervisor overhead. */
  readonly perCorePhysical: number;
  readonly total: number;
  /** The SPECint_rate2006 result used, or null for the reference core. */
  readonly specIntRate: number | null;
  readonly virtual: boolean;
}

/**
 * Available megacycles: (SPECint_rate2006 ÷ cores) × 3,333 ÷ 18.75 per core (without a SPECint result, the
 * reference core's 3,333), less 10 % on a virtual machine.
 */
export function cpuCapacity(cores: number, specIntRate: number | undefined | null, virtual: boolean): CpuCapacity {
  const rate = specIntRate ?? null;
  const perCorePhysical = rate === null ? REFERENCE_MEGACYCLES_PER_CORE : ((rate / cores) * REFERENCE_MEGACYCLES_PER_CORE) / REFERENCE_SPECINT_PER_CORE;
  const perCore = virtual ? perCorePhysical * (1 - VIRTUAL_MEGACYCLE_OVERHEAD) : perCorePhysical;
  return { perCore, perCorePhysical, total: perCore * cores, specIntRate: rate, virtual };
}

/** Megacycles of one active mailbox of a database with `copies` copies (× 1.1 per copy beyond the first). */
export function activeMegacyclesPerMailbox(megacycles: number, copies: number): number {
  return megacycles * (1 + ACTIVE_MEGACYCLES_PER_EXTRA_COPY * Math.max(0, copies - 1));
}

/** Megacycles of one passive mailbox: 15 % of the stand-alone active figure. */
export function passiveMegacyclesPerMailbox(megacycles: number): number {
  return megacycles * PASSIVE_MEGACYCLE_SHARE;
}

export type RoleMix = 'mailbox' | 'multi-role' | 'cas' | 'hub' | 'cas-hub' | 'other';

/** How the sizing method sees a server's roles. */
export function roleMix(roles: readonly Role[]): RoleMix {
  const mb = roles.includes('MB');
  const cas = roles.includes('CAS');
  const ht = roles.includes('HT');
  if (mb && (cas || ht)) return 'multi-role';
  if (mb) return 'mailbox';
  if (cas && ht) return 'cas-hub';
  if (cas) return 'cas';
  if (ht) return 'hub';
  return 'other';
}

/** Role minimum cores: Hub 1, CAS 2, Mailbox 2, multi-role 2 (a combined CAS+HT server: the CAS minimum). */
export function minimumCores(mix: RoleMix): number {
  switch (mix) {
    case 'mailbox':
      return MIN_CORES_MAILBOX;
    case 'multi-role':
      return MIN_CORES_MULTI_ROLE;
    case 'cas':
    case 'cas-hub':
      return MIN_CORES_CAS;
    case 'hub':
      return MIN_CORES_HUB;
    case 'other':
      return 1;
  }
}

/** Cores a load needs at a target utilisation on cores of `perCore` megacycles, never below the role minimum. */
export function requiredCores(megacycles: number, perCore: number, target: number, minimum: number): { exact: number; cores: number } {
  const exact = megacycles / (perCore * target);
  return { exact, cores: Math.max(minimum, ceilInt(exact)) };
}

// --- Memory ------------------------------------------------------------------------------------------------------

export interface CacheRow {
  readonly ramGB: number;
  readonly cacheGB: number;
}

const ROWS_MAILBOX: readonly CacheRow[] = CACHE_TABLE_MAILBOX.map(([ramGB, cacheGB]) => ({ ramGB, cacheGB }));
const ROWS_MULTI_ROLE: readonly CacheRow[] = CACHE_TABLE_MULTI_ROLE.map(([ramGB, cacheGB]) => ({ ramGB, cacheGB }));
const NO_CACHE: CacheRow = { ramGB: 0, cacheGB: 0 };

export function cacheTable(multiRole: boolean): readonly CacheRow[] {
  return multiRole ? ROWS_MULTI_ROLE : ROWS_MAILBOX;
}

/** The smallest RAM row whose database cache covers `cacheGB`, or null when even the largest row falls short. */
export function ramRowFor(cacheGB: number, multiRole: boolean): CacheRow | null {
  for (const r of cacheTable(multiRole)) if (r.cacheGB >= cacheGB - 1e-9) return r;
  return null;
}

/** The database cache installed RAM gives: the largest row at or below it (0 below the first row). */
export function cacheOfRam(ramGB: number, multiRole: boolean): CacheRow {
  let row = NO_CACHE;
  for (const r of cacheTable(multiRole)) if (r.ramGB <= ramGB + 1e-9) row = r;
  return row;
}

export interface RoleMemory {
  readonly gb: number;
  /** Which rule sets the figure, e.g. "Client Access: 2 GB per core, at least 8 GB". */
  readonly reason: string;
}

/** Memory by role (dd346700): the largest of the rules that apply to the server's roles. */
export function roleMemory(roles: readonly Role[], cores: number): RoleMemory {
  const mix = roleMix(roles);
  if (mix === 'multi-role') return { gb: MULTI_ROLE_MIN_RAM_GB, reason: REASON_MULTI_ROLE };
  let gb = MIN_RAM_GB;
  let reason = REASON_BASE;
  if (roles.includes('CAS') && Math.max(CAS_MIN_RAM_GB, CAS_RAM_PER_CORE_GB * cores) > gb) {
    gb = Math.max(CAS_MIN_RAM_GB, CAS_RAM_PER_CORE_GB * cores);
    reason = mix === 'cas-hub' ? REASON_CAS_HUB : REASON_CAS;
  }
  if ((roles.includes('HT') || roles.includes('Edge')) && HUB_RAM_PER_CORE_GB * cores > gb) {
    gb = HUB_RAM_PER_CORE_GB * cores;
    reason = roles.includes('HT') ? REASON_HUB : REASON_EDGE;
  }
  if (roles.includes('UM') && UM_RAM_PER_CORE_GB * cores > gb) {
    gb = UM_RAM_PER_CORE_GB * cores;
    reason = REASON_UM;
  }
  return { gb, reason };
}

const REASON_BASE = `every Exchange server needs at least ${MIN_RAM_GB} GB`;
const REASON_MULTI_ROLE = `a multi-role server needs at least ${MULTI_ROLE_MIN_RAM_GB} GB`;
const REASON_CAS = `Client Access needs ${CAS_RAM_PER_CORE_GB} GB per core, at least ${CAS_MIN_RAM_GB} GB`;
const REASON_CAS_HUB = `a combined Client Access and Hub Transport server needs ${CAS_RAM_PER_CORE_GB} GB per core, at least ${CAS_MIN_RAM_GB} GB`;
const REASON_HUB = `Hub Transport needs ${HUB_RAM_PER_CORE_GB} GB per core`;
const REASON_EDGE = `Edge Transport needs ${HUB_RAM_PER_CORE_GB} GB per core`;
const REASON_UM = `Unified Messaging needs ${UM_RAM_PER_CORE_GB} GB per core`;

/** Database cache (GB) for `activeMailboxes` active mailboxes of `cacheMB` each. */
export function cacheGB(activeMailboxes: number, cacheMB: number): number {
  return (activeMailboxes * cacheMB) / MB_PER_GB;
}

// --- Capacity ----------------------------------------------------------------------------------------------------

/** The largest recommended database with `haCopies` non-lagged copies. */
export function databaseSizeLimitGB(haCopies: number): number {
  return haCopies >= DB_SIZE_LIMIT_MIN_HA_COPIES ? DB_SIZE_LIMIT_HA_GB : DB_SIZE_LIMIT_STANDALONE_GB;
}

/** Database size: mailboxes × size on disk × 1.2 × growth. */
export function databaseSizeGB(mailboxes: number, mailboxSizeGB: number, growthFactor: number): number {
  return mailboxes * mailboxSizeGB * DATABASE_DATA_OVERHEAD * growthFactor;
}

export interface DatabaseVolume {
  readonly databaseGB: number;
  readonly contentIndexGB: number;
  /** (database + content index) × 1.2. */
  readonly volumeGB: number;
}

export function databaseVolume(databaseGB: number): DatabaseVolume {
  return { databaseGB, contentIndexGB: contentIndexGB(databaseGB), volumeGB: databaseVolumeGB(databaseGB) };
}

/** The content index of a database: 10 % of its size. */
export function contentIndexGB(databaseGB: number): number {
  return databaseGB * CONTENT_INDEX_SHARE;
}

/** A database volume as a number (databaseVolume's volumeGB, without an object: the planner figures 2,000 of them per edit). */
export function databaseVolumeGB(databaseGB: number): number {
  return (databaseGB + contentIndexGB(databaseGB)) * VOLUME_FREE_SPACE_FACTOR;
}

export interface LogVolume {
  /** Logs a day (GB). */
  readonly dailyGB: number;
  /** Mailboxes moved a week. */
  readonly movesPerWeek: number;
  /** The mailbox moves' logs (GB): moves × mailbox size. */
  readonly movesGB: number;
  readonly lagDays: number;
  /** (daily × (truncation-failure days + lag days) + moves) × 1.2. */
  readonly volumeGB: number;
}

/**
 * Log volume of one copy: (daily logs × truncation-failure days + mailbox moves a week × mailbox size) × 1.2; a
 * lagged copy keeps its lag days of logs as well (inside the 20 % free space, like the rest of the volume).
 */
export function logVolume(mailboxes: number, logsPerDay: number, logFileMB: number, truncationFailureDays: number, movesPercent: number, mailboxSizeGB: number, lagDays: number): LogVolume {
  const movesPerWeek = (mailboxes * movesPercent) / 100;
  return {
    dailyGB: dailyLogGB(mailboxes, logsPerDay, logFileMB),
    movesPerWeek,
    movesGB: movesPerWeek * mailboxSizeGB,
    lagDays,
    volumeGB: logVolumeGB(mailboxes, logsPerDay, logFileMB, truncationFailureDays, movesPercent, mailboxSizeGB, lagDays),
  };
}

/** Logs a day (GB): mailboxes × logs a day × log file size. */
export function dailyLogGB(mailboxes: number, logsPerDay: number, logFileMB: number): number {
  return (mailboxes * logsPerDay * logFileMB) / MB_PER_GB;
}

/** A log volume as a number (logVolume's volumeGB, without an object: the planner figures 2,000 of them per edit). */
export function logVolumeGB(mailboxes: number, logsPerDay: number, logFileMB: number, truncationFailureDays: number, movesPercent: number, mailboxSizeGB: number, lagDays: number): number {
  const movesGB = ((mailboxes * movesPercent) / 100) * mailboxSizeGB;
  return (dailyLogGB(mailboxes, logsPerDay, logFileMB) * (truncationFailureDays + lagDays) + movesGB) * VOLUME_FREE_SPACE_FACTOR;
}

/** IOPS of one copy: mailboxes × IOPS per mailbox × 1.2. */
export function copyIops(mailboxes: number, iopsPerMailbox: number): number {
  return mailboxes * iopsPerMailbox * IOPS_OVERHEAD_FACTOR;
}

export interface DatabaseCountRecommendation {
  /** Size of one mailbox in a database: size on disk × 1.2 × growth. */
  readonly perMailboxGB: number;
  readonly limitGB: number;
  /** The most mailboxes a database under the limit holds. */
  readonly mailboxesPerDatabaseMax: number;
  readonly databases: number;
  readonly mailboxesPerDatabase: number;
  readonly databaseGB: number;
}

/** The fewest databases that keep each one under its limit (sizing.md, Capacity). */
export function recommendDatabases(mailboxes: number, mailboxSizeGB: number, growthFactor: number, haCopies: number): DatabaseCountRecommendation {
  const perMailboxGB = databaseSizeGB(1, mailboxSizeGB, growthFactor);
  const limitGB = databaseSizeLimitGB(haCopies);
  const mailboxesPerDatabaseMax = Math.max(1, Math.floor(limitGB / perMailboxGB + 1e-9));
  const databases = Math.max(1, Math.ceil(mailboxes / mailboxesPerDatabaseMax));
  const mailboxesPerDatabase = Math.ceil(mailboxes / databases);
  return { perMailboxGB, limitGB, mailboxesPerDatabaseMax, databases, mailboxesPerDatabase, databaseGB: mailboxesPerDatabase * perMailboxGB };
}
