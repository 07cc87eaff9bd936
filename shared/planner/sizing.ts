// The sizing report (Exchange 2010 processor, memory and storage guidance): per-site core ratios, per-server
// memory and IOPS, per-database size and IOPS, and a recommendation from the mailbox count, quota and message
// profile. Computed once per planner context (rules/sizing.ts reads the same numbers).
import type { Server } from '../model/types';
import type { PlannerContext } from './context';
import { isExchangeServer } from './context';
import {
  CAS_CORES_PER_MAILBOX_CORE,
  CAS_MIN_RAM_GB,
  CAS_RAM_PER_CORE_GB,
  DAG_IOPS_MIN_COPIES,
  HUB_RAM_PER_CORE_GB,
  MAILBOX_BASE_RAM_GB,
  MAILBOX_CORES_PER_HUB_CORE_WITHOUT_ANTIVIRUS,
  MAILBOX_CORES_PER_HUB_CORE_WITH_ANTIVIRUS,
  MIN_HA_COPIES,
  MIN_RAM_GB,
  MULTI_ROLE_MIN_RAM_GB,
} from './limits';
import { databaseSizeGB, databaseSizeLimitGB, databasesNeeded, haCopyCount, mailboxesPerDatabase, projectedDatabaseSizeGB } from './dbsize';
import type { DatabaseSizing, ServerSizing, SiteSizing, SizingReport } from './types';

/** One column of the message-profile table (75 KB average message size). */
export interface MessageProfile {
  readonly messagesPerDay: number;
  /** Database cache per mailbox (MB). */
  readonly cacheMBPerMailbox: number;
  /** IOPS per mailbox for a database with a single copy. */
  readonly iopsStandalone: number;
  /** IOPS per mailbox for each copy of a database with two or more copies (DAG copy). */
  readonly iopsDagCopy: number;
  /** Megacycles per active mailbox (Exchange 2010 Mailbox processor guidance: 1 per 50 messages a day). */
  readonly megacyclesPerMailbox: number;
}

/** Exchange 2010 Mailbox processor guidance: an active mailbox costs 1 megacycle per 50 messages a day. */
export const MESSAGES_PER_DAY_PER_MEGACYCLE = 50;

const profile = (messagesPerDay: number, cacheMBPerMailbox: number, iopsStandalone: number, iopsDagCopy: number): MessageProfile => ({
  messagesPerDay, cacheMBPerMailbox, iopsStandalone, iopsDagCopy, megacyclesPerMailbox: messagesPerDay / MESSAGES_PER_DAY_PER_MEGACYCLE,
});

/** The catalogue's message-profile table. */
export const MESSAGE_PROFILES: readonly MessageProfile[] = [
  profile(50, 3, 0.06, 0.05),
  profile(100, 6, 0.12, 0.1),
  profile(150, 9, 0.18, 0.15),
  profile(200, 12, 0.24, 0.2),
  profile(250, 15, 0.3, 0.25),
  profile(300, 18, 0.36, 0.3),
  profile(350, 21, 0.42, 0.35),
  profile(400, 24, 0.48, 0.4),
  profile(450, 27, 0.54, 0.45),
  profile(500, 30, 0.6, 0.5),
];

/** The table column for a message profile (the next higher one when between columns). */
export function messageProfile(messagesPerDay: number): MessageProfile {
  return MESSAGE_PROFILES.find((p) => p.messagesPerDay >= messagesPerDay) ?? MESSAGE_PROFILES[MESSAGE_PROFILES.length - 1];
}

const MB_PER_GB = 1024;

/**
 * Recommendation assumptions (Exchange 2010 Mailbox processor guidance): a baseline core delivers 3,300
 * megacycles (the guidance's reference Xeon X5470, 3.33 GHz); Mailbox servers are sized for at most 70 % CPU;
 * an active mailbox costs 1 megacycle per 50 messages a day (MessageProfile.megacyclesPerMailbox), plus 10 % for
 * each further copy it replicates to; each passive copy costs 15 % of the active mailbox. At 100 messages a day
 * with 2 copies that is about 900 mailboxes per core.
 */
export const BASELINE_CORE_MEGACYCLES = 3300;
export const TARGET_PEAK_CPU = 0.7;
export const REPLICATION_OVERHEAD_PER_COPY = 0.1;
export const PASSIVE_COPY_MEGACYCLE_SHARE = 0.15;
/** Copies per database the recommendation assumes: the minimum for HA with the HA goal on, else 1. */
export const RECOMMENDED_COPIES_HA = MIN_HA_COPIES;
export const RECOMMENDED_COPIES_STANDALONE = 1;

/** Ceil to one decimal (a requirement is never rounded down), without floating-point noise. */
export function ceil1(x: number): number {
  return Math.ceil(Math.round(x * 1000) / 100) / 10;
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}

/** Smallest integer ≥ x, tolerant of floating-point noise (¾ × 12 = 9, not 9.000000001). */
function ceilInt(x: number): number {
  return Math.ceil(x - 1e-9);
}

export interface MemoryRequirement {
  readonly gb: number;
  /** Which rule sets the number, e.g. "Client Access needs 2 GB per core, at least 8 GB". */
  readonly reason: string;
}

function isMultiRole(ctx: PlannerContext, server: Server): boolean {
  return ctx.hasRole(server, 'MB') && (ctx.hasRole(server, 'CAS') || ctx.hasRole(server, 'HT'));
}

const REASON_BASE = `every Exchange server needs at least ${MIN_RAM_GB} GB`;
const REASON_CAS = `Client Access needs ${CAS_RAM_PER_CORE_GB} GB per core, at least ${CAS_MIN_RAM_GB} GB`;
const REASON_HUB = `Hub Transport needs ${HUB_RAM_PER_CORE_GB} GB per core`;
const REASON_MULTI_ROLE = `a multi-role server needs at least ${MULTI_ROLE_MIN_RAM_GB} GB`;

/** The CAS / Hub Transport / baseline memory a server needs regardless of mailboxes (rule size.memory-min). */
export function memoryMinimum(ctx: PlannerContext, server: Server): MemoryRequirement {
  // The largest of the rules that apply; on a tie the first one (in this order) gives the reason.
  let gb = MIN_RAM_GB;
  let reason = REASON_BASE;
  const consider = (need: number, why: string) => {
    if (need > gb) {
      gb = need;
      reason = why;
    }
  };
  if (ctx.hasRole(server, 'CAS')) consider(Math.max(CAS_MIN_RAM_GB, CAS_RAM_PER_CORE_GB * server.cores), REASON_CAS);
  if (ctx.hasRole(server, 'HT')) consider(HUB_RAM_PER_CORE_GB * server.cores, REASON_HUB);
  if (isMultiRole(ctx, server)) consider(MULTI_ROLE_MIN_RAM_GB, REASON_MULTI_ROLE);
  return { gb, reason };
}

export interface MailboxMemoryRequirement {
  readonly gb: number;
  /** Memory before the database cache: 4 GB, or what Client Access / Hub Transport on the same server need. */
  readonly baseGB: number;
  readonly baseReason: string;
  readonly cacheGB: number;
  readonly mailboxes: number;
  readonly activeCopies: number;
  readonly profile: MessageProfile;
}

/** Mailboxes a server must cache at worst case: every non-lagged copy on it active (a lagged copy never serves clients). */
function hostedMailboxes(ctx: PlannerContext, server: Server): { mailboxes: number; copies: number } {
  const seen = new Set<string>();
  let mailboxes = 0;
  for (const copy of ctx.copiesByServer.get(server.id) ?? []) {
    if (copy.lagged || seen.has(copy.database.id)) continue;
    seen.add(copy.database.id);
    mailboxes += mailboxesPerDatabase(ctx.design, copy.database) ?? 0;
  }
  return { mailboxes, copies: seen.size };
}

/** Rule size.mailbox-memory's requirement: base memory + database cache per mailbox hosted at worst case. */
export function mailboxMemory(ctx: PlannerContext, server: Server, profile: MessageProfile): MailboxMemoryRequirement {
  const { mailboxes, copies } = hostedMailboxes(ctx, server);
  let baseGB = MAILBOX_BASE_RAM_GB;
  let baseReason = `the ${MAILBOX_BASE_RAM_GB} GB Mailbox base`;
  if (ctx.hasRole(server, 'CAS') || ctx.hasRole(server, 'HT')) {
    const other = memoryMinimum(ctx, server);
    if (other.gb > baseGB) {
      baseGB = other.gb;
      baseReason = `${other.gb} GB for the other roles on the server (${other.reason})`;
    }
  }
  const cacheGB = (mailboxes * profile.cacheMBPerMailbox) / MB_PER_GB;
  return { gb: ceil1(baseGB + cacheGB), baseGB, baseReason, cacheGB, mailboxes, activeCopies: copies, profile };
}

/** IOPS per mailbox for a copy of a database: DAG copies (two or more copies) use the lower column. */
export function iopsPerMailbox(profile: MessageProfile, copies: number): number {
  return copies >= DAG_IOPS_MIN_COPIES ? profile.iopsDagCopy : profile.iopsStandalone;
}

export interface ExtendedSizingReport extends SizingReport {
  /** Per Mailbox server: the memory requirement behind ServerSizing.recommendedRamGB (with sizing inputs only). */
  readonly mailboxMemory: ReadonlyMap<string, MailboxMemoryRequirement>;
  /** Per Exchange server: the role minimum behind size.memory-min. */
  readonly memoryMinimum: ReadonlyMap<string, MemoryRequirement>;
  /** The message-profile column used, null without sizing inputs. */
  readonly profile: MessageProfile | null;
  /** SizingReport.databases by database id. */
  readonly databaseById: ReadonlyMap<string, DatabaseSizing>;
  /** Antivirus on the Hub servers (the sizing input; without inputs, the schema's default and stricter ratio). */
  readonly hubAntivirus: boolean;
  /** The Mailbox:Hub core ratio that applies (5 with antivirus, 7 without). */
  readonly mailboxCoresPerHubCore: number;
}

function mailboxCoresPerHubCore(hubAntivirus: boolean): number {
  return hubAntivirus ? MAILBOX_CORES_PER_HUB_CORE_WITH_ANTIVIRUS : MAILBOX_CORES_PER_HUB_CORE_WITHOUT_ANTIVIRUS;
}

function siteSizing(ctx: PlannerContext, perHubCore: number): SiteSizing[] {
  const sites: SiteSizing[] = [];
  for (const site of ctx.sites.values()) {
    const servers = ctx.serversBySite.get(site.id) ?? [];
    if (!servers.some(isExchangeServer)) continue;
    // A multi-role server counts for every role it holds.
    const sum = (role: 'MB' | 'CAS' | 'HT') => servers.filter((s) => ctx.hasRole(s, role)).reduce((n, s) => n + s.cores, 0);
    const mailboxCores = sum('MB');
    sites.push({
      siteId: site.id,
      siteName: site.name,
      mailboxCores,
      casCores: sum('CAS'),
      requiredCasCores: ceilInt(mailboxCores * CAS_CORES_PER_MAILBOX_CORE),
      hubCores: sum('HT'),
      requiredHubCores: ceilInt(mailboxCores / perHubCore),
    });
  }
  return sites;
}

function recommendation(ctx: PlannerContext, inputs: NonNullable<SizingReport['inputs']>, profile: MessageProfile): NonNullable<SizingReport['recommendation']> {
  const { mailboxCount, mailboxQuotaGB, hubAntivirus } = inputs;
  const copies = ctx.ha ? RECOMMENDED_COPIES_HA : RECOMMENDED_COPIES_STANDALONE;
  const totalDataGB = databaseSizeGB(mailboxCount, mailboxQuotaGB);
  const databaseCount = databasesNeeded(mailboxCount, mailboxQuotaGB, copies);
  const activeMegacycles = mailboxCount * profile.megacyclesPerMailbox * (1 + REPLICATION_OVERHEAD_PER_COPY * (copies - 1));
  const passiveMegacycles = mailboxCount * profile.megacyclesPerMailbox * PASSIVE_COPY_MEGACYCLE_SHARE * (copies - 1);
  // Each copy lives on its own Mailbox server, and every server has at least one core.
  const mailboxCores = Math.max(copies, ceilInt((activeMegacycles + passiveMegacycles) / (BASELINE_CORE_MEGACYCLES * TARGET_PEAK_CPU)));
  const mailboxServers = Math.max(copies, ctx.design.servers.filter((s) => ctx.hasRole(s, 'MB')).length);
  // Per Mailbox server, at worst case: its share of all copies, all active.
  const perServerMailboxes = Math.min(mailboxCount, Math.ceil((mailboxCount * copies) / mailboxServers));
  return {
    totalDataGB: round1(totalDataGB),
    databaseCount,
    databaseSizeGB: round1(totalDataGB / databaseCount),
    copiesPerDatabase: copies,
    mailboxCores,
    casCores: ceilInt(mailboxCores * CAS_CORES_PER_MAILBOX_CORE),
    hubCores: ceilInt(mailboxCores / mailboxCoresPerHubCore(hubAntivirus)),
    mailboxRamGB: Math.ceil(MAILBOX_BASE_RAM_GB + (perServerMailboxes * profile.cacheMBPerMailbox) / MB_PER_GB),
    totalIops: round1(mailboxCount * copies * iopsPerMailbox(profile, copies)),
  };
}

function buildReport(ctx: PlannerContext): ExtendedSizingReport {
  const design = ctx.design;
  const inputs = design.sizing
    ? { mailboxCount: design.sizing.mailboxCount, mailboxQuotaGB: design.sizing.mailboxQuotaGB, messagesPerDay: design.sizing.messagesPerDay, hubAntivirus: design.sizing.hubAntivirus }
    : null;
  const profile = inputs ? messageProfile(inputs.messagesPerDay) : null;
  // Without sizing inputs the Hub ratio assumes antivirus on the Hub servers (the schema's default, the stricter ratio).
  const hubAntivirus = inputs?.hubAntivirus ?? true;
  const sites = siteSizing(ctx, mailboxCoresPerHubCore(hubAntivirus));

  const memoryMinimums = new Map<string, MemoryRequirement>();
  const mailboxMemories = new Map<string, MailboxMemoryRequirement>();
  const servers: ServerSizing[] = [];
  for (const server of design.servers) {
    if (!isExchangeServer(server)) continue;
    const minimum = memoryMinimum(ctx, server);
    memoryMinimums.set(server.id, minimum);
    let recommendedRamGB = minimum.gb;
    let iops = 0;
    const isMailbox = ctx.hasRole(server, 'MB');
    let mailboxesHosted = 0;
    if (isMailbox && !profile) mailboxesHosted = hostedMailboxes(ctx, server).mailboxes;
    if (isMailbox && profile) {
      const mm = mailboxMemory(ctx, server, profile);
      mailboxMemories.set(server.id, mm);
      mailboxesHosted = mm.mailboxes;
      recommendedRamGB = Math.max(recommendedRamGB, mm.gb);
      for (const copy of ctx.copiesByServer.get(server.id) ?? []) {
        iops += (mailboxesPerDatabase(design, copy.database) ?? 0) * iopsPerMailbox(profile, copy.database.copies.length);
      }
    }
    servers.push({ serverId: server.id, serverName: server.name, roles: [...server.roles], cores: server.cores, ramGB: server.ramGB, recommendedRamGB, mailboxesHosted, iops: round1(iops) });
  }

  const databases: DatabaseSizing[] = [];
  const databaseById = new Map<string, DatabaseSizing>();
  if (profile) {
    for (const db of ctx.databases.values()) {
      const mailboxes = mailboxesPerDatabase(design, db) ?? 0;
      const sizing: DatabaseSizing = {
        databaseId: db.id,
        databaseName: db.name,
        mailboxes,
        projectedSizeGB: round1(projectedDatabaseSizeGB(design, db) ?? 0),
        limitGB: databaseSizeLimitGB(haCopyCount(db)),
        iops: round1(mailboxes * iopsPerMailbox(profile, db.copies.length)),
      };
      databases.push(sizing);
      databaseById.set(db.id, sizing);
    }
  }

  return {
    inputs,
    sites,
    servers,
    databases,
    recommendation: inputs && profile ? recommendation(ctx, inputs, profile) : null,
    mailboxMemory: mailboxMemories,
    memoryMinimum: memoryMinimums,
    profile,
    databaseById,
    hubAntivirus,
    mailboxCoresPerHubCore: mailboxCoresPerHubCore(hubAntivirus),
  };
}

const reports = new WeakMap<PlannerContext, ExtendedSizingReport>();

/** The full report with the requirements behind each number (for rules/sizing.ts), memoised per context. */
export function sizingDetails(ctx: PlannerContext): ExtendedSizingReport {
  let report = reports.get(ctx);
  if (!report) {
    report = buildReport(ctx);
    reports.set(ctx, report);
  }
  return report;
}

export function sizingReport(ctx: PlannerContext): SizingReport {
  const { inputs, sites, servers, databases, recommendation: rec } = sizingDetails(ctx);
  return { inputs, sites, servers, databases, recommendation: rec };
}
