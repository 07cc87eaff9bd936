// Builds the sizing report of a design (shared/domain/sizing.md): per database its size, volumes, logs and IOPS; per
// DAG the failure case it is sized for; per Mailbox server the worst failure case on the real database layout with
// its megacycles, cores, database cache, RAM row, IOPS and volumes; per AD site the Client Access and Hub Transport
// ratios; one recommendation derived from those same figures. Every figure carries its one-line arithmetic.
import type { Design, MailboxDatabase, Server } from '../model/types';
import type { PlannerContext } from '../planner/context';
import { isExchangeServer } from '../planner/context';
import { haCopyCount, isLaggedCopy } from '../planner/dbsize';
import { listNames, plural } from '../planner/text';
import {
  CACHE_TABLE_MAILBOX,
  CACHE_TABLE_MULTI_ROLE,
  CONTENT_INDEX_SHARE,
  DATABASE_DATA_OVERHEAD,
  IOPS_OVERHEAD_FACTOR,
  MAILBOX_CORES_PER_CAS_CORE,
  MAILBOX_CORES_PER_COMBINED_CORE,
  MAILBOX_CORES_PER_HUB_CORE_WITH_ANTIVIRUS,
  MAILBOX_CORES_PER_HUB_CORE_WITHOUT_ANTIVIRUS,
  MULTI_ROLE_MAILBOX_CPU_SHARE,
  PASSIVE_MEGACYCLE_SHARE,
  REFERENCE_MEGACYCLES_PER_CORE,
  REFERENCE_SPECINT_PER_CORE,
  VIRTUAL_MEGACYCLE_OVERHEAD,
  VOLUME_FREE_SPACE_FACTOR,
} from './constants';
import { mb, mc, n, nd, pct, size } from './format';
import type { CpuCapacity, LogVolume } from './method';
import {
  activeMegacyclesPerMailbox,
  cacheGB,
  cacheOfRam,
  ceilInt,
  copyIops,
  cpuCapacity,
  contentIndexGB,
  dailyLogGB,
  databaseSizeGB,
  databaseSizeLimitGB,
  databaseVolumeGB,
  logVolume,
  logVolumeGB,
  minimumCores,
  passiveMegacyclesPerMailbox,
  ramRowFor,
  recommendDatabases,
  requiredCores,
  roleMemory,
  roleMix,
} from './method';
import type { ResolvedInputs } from './profile';
import { iopsPerMailbox, resolveInputs } from './profile';
import { pathsIn, storageLayout } from './storage';
import type { StorageLayoutPlan } from './storage';
import type {
  CopyFigure,
  DagSizing,
  DatabaseSizing,
  MailboxServerSizing,
  RatioCheck,
  Recommendation,
  ServerSizing,
  SiteSizing,
  SizingInputsSummary,
  SizingReport,
  StorageSummary,
} from './types';
import type { DatabaseFacts, FailureDomain, WorstCase } from './worstCase';
import { databaseFacts, failureDomains, worstCases } from './worstCase';

/** A figure before its arithmetic lines are attached (the planner reads only the numbers). */
export type ServerFigures = Omit<ServerSizing, 'lines'>;
export type DatabaseFigures = Omit<DatabaseSizing, 'lines' | 'edbFilePath' | 'logFolderPath' | 'databaseVolume' | 'logVolume'>;
export type DagFigures = Omit<DagSizing, 'lines'>;

/** The sizing figures plus the indexes the planner rules read; the lines are made only when a view asks. */
export interface SizingDetails {
  readonly inputs: SizingInputsSummary | null;
  readonly dags: readonly DagFigures[];
  readonly servers: readonly ServerFigures[];
  readonly databases: readonly DatabaseFigures[];
  readonly sites: readonly SiteSizing[];
  readonly recommendation: Recommendation | null;
  readonly storage: StorageSummary;
  readonly totals: SizingReport['totals'];
  readonly notes: readonly string[];
  readonly resolved: ResolvedInputs | null;
  /**
   * Each Mailbox server's worst case and failure domain, by the server's position in the design's server list
   * (`serverPositions`; undefined for the other servers).
   */
  readonly worstCaseAt: readonly (WorstCase | undefined)[];
  readonly domainAt: readonly (FailureDomain | undefined)[];
  readonly serverPositions: ReadonlyMap<string, number>;
  readonly domains: readonly FailureDomain[];
  readonly layout: StorageLayoutPlan;
  /** The Mailbox:Hub core ratio that applies (5 with antivirus, 7 without). */
  readonly mailboxCoresPerHubCore: number;
  readonly hubAntivirus: boolean;
  /**
   * What the arithmetic lines are made from when a view asks (plainReport): the Exchange servers in the order of
   * `servers` and the design's databases in the order of `databases`. The planner runs on
   * every edit of a 1,000-server design and reads only the numbers, so no line (and no closure per figure) is made
   * for it.
   */
  readonly sources: {
    readonly servers: readonly Server[];
    readonly databases: readonly MailboxDatabase[];
  };
}

/**
 * Mailboxes per database: its own mailboxCount, else an even share of the mailboxes no database claims (the first
 * databases take one more when it does not divide): the shares add up to the design's mailbox count.
 */
export function databaseMailboxes(design: Design, totalMailboxes: number | null): Map<string, number> {
  const counts = new Map<string, number>();
  const open: MailboxDatabase[] = [];
  let claimed = 0;
  for (const db of design.databases) {
    if (db.mailboxCount !== undefined) {
      counts.set(db.id, db.mailboxCount);
      claimed += db.mailboxCount;
    } else open.push(db);
  }
  const rest = Math.max(0, (totalMailboxes ?? 0) - claimed);
  const base = open.length > 0 ? Math.floor(rest / open.length) : 0;
  const extra = open.length > 0 ? rest % open.length : 0;
  open.forEach((db, i) => counts.set(db.id, base + (i < extra ? 1 : 0)));
  return counts;
}

function lagDaysOf(copy: { replayLagDays: number; truncationLagDays: number }): number {
  return Math.max(copy.replayLagDays, copy.truncationLagDays);
}

/** The largest lag (replay or truncation, days) of a database's lagged copies: it sizes the lagged log volume. */
function lagDaysOfDatabase(db: MailboxDatabase): number {
  let lagDays = 0;
  for (const c of db.copies) if (isLaggedCopy(c)) lagDays = Math.max(lagDays, lagDaysOf(c));
  return lagDays;
}

/**
 * A database's log volume: every copy's (lagDays 0), or a lagged copy's, which keeps its lag days of logs (the
 * largest lag of the database's lagged copies sizes them all).
 */
function logVolumeOf(inputs: ResolvedInputs, mailboxes: number, lagDays: number): LogVolume {
  const s = inputs.sizing;
  return logVolume(mailboxes, inputs.profile.logsPerDay, inputs.logFileMB, s.logTruncationFailureDays, s.mailboxMovesPerWeekPercent, inputs.mailboxSize.totalGB, lagDays);
}

/** logVolumeOf's volume alone. */
function logVolumeGBOf(inputs: ResolvedInputs, mailboxes: number, lagDays: number): number {
  const s = inputs.sizing;
  return logVolumeGB(mailboxes, inputs.profile.logsPerDay, inputs.logFileMB, s.logTruncationFailureDays, s.mailboxMovesPerWeekPercent, inputs.mailboxSize.totalGB, lagDays);
}

/** The figures of every database of the design, in the design's order. */
function databaseFigures(ctx: PlannerContext, inputs: ResolvedInputs, counts: ReadonlyMap<string, number>): DatabaseFigures[] {
  const p = inputs.profile;
  const diskGB = inputs.mailboxSize.totalGB;
  const growth = inputs.growthFactor;
  const dbs = ctx.design.databases;
  const out: DatabaseFigures[] = new Array<DatabaseFigures>(dbs.length);
  for (let i = 0; i < dbs.length; i++) {
    const db = dbs[i];
    const m = counts.get(db.id) ?? 0;
    const copies = db.copies.length;
    const ha = haCopyCount(db);
    const sizeGB = databaseSizeGB(m, diskGB, growth);
    const lagDays = lagDaysOfDatabase(db);
    // Numbers, not the LogVolume objects the lines use (2,000 databases on every edit).
    const plainGB = logVolumeGBOf(inputs, m, 0);
    const laggedGB = lagDays > 0 ? logVolumeGBOf(inputs, m, lagDays) : null;
    const iopsPerCopy = copyIops(m, iopsPerMailbox(p, copies));
    out[i] = {
      databaseId: db.id,
      databaseName: db.name,
      mailboxes: m,
      copies,
      haCopies: ha,
      sizeGB,
      limitGB: databaseSizeLimitGB(ha),
      contentIndexGB: contentIndexGB(sizeGB),
      databaseVolumeGB: databaseVolumeGB(sizeGB),
      logsPerDayGB: dailyLogGB(m, p.logsPerDay, inputs.logFileMB),
      logVolumeGB: plainGB,
      laggedLogVolumeGB: laggedGB,
      laggedExtraGB: laggedGB === null ? null : laggedGB - plainGB,
      lagDays,
      iopsPerCopy,
      iops: iopsPerCopy * copies,
    };
  }
  return out;
}

/** What a view adds to a database's figures: its arithmetic lines and its paths (made when a view asks). */
function databaseExtras(d: DatabaseFigures, db: MailboxDatabase, inputs: ResolvedInputs, layout: StorageLayoutPlan): Pick<DatabaseSizing, 'lines' | 'edbFilePath' | 'logFolderPath' | 'databaseVolume' | 'logVolume'> {
  const s = inputs.sizing;
  const p = inputs.profile;
  const diskGB = inputs.mailboxSize.totalGB;
  const growth = inputs.growthFactor;
  const { mailboxes: m, copies, haCopies: ha, sizeGB, limitGB, lagDays } = d;
  const plain = logVolumeOf(inputs, m, 0);
  const lagged = lagDays > 0 ? logVolumeOf(inputs, m, lagDays) : null;
  const perMailbox = iopsPerMailbox(p, copies);
  const iopsPerCopy = d.iopsPerCopy;
  const paths = pathsIn(layout, db);
  const growthText = growth === 1 ? '' : ` × ${nd(growth, 3)} growth`;
  const lines = [
    `${db.name}: ${n(m)} mailboxes × ${nd(diskGB, 3)} GB × ${DATABASE_DATA_OVERHEAD}${growthText} = ${size(sizeGB)} ` +
      `(limit ${n(limitGB)} GB with ${ha >= 2 ? `${ha} HA copies` : ha === 1 ? '1 HA copy' : 'no HA copy'}); content index ${Math.round(CONTENT_INDEX_SHARE * 100)} % = ${size(d.contentIndexGB)}; ` +
      `database volume (${size(sizeGB).replace(' GB', '')} + ${size(d.contentIndexGB).replace(' GB', '')}) × ${VOLUME_FREE_SPACE_FACTOR} = ${size(d.databaseVolumeGB)}.`,
    `${db.name} logs: ${n(m)} × ${nd(p.logsPerDay, 1)} MB = ${size(plain.dailyGB)} a day; log volume (${size(plain.dailyGB).replace(' GB', '')} × ${n(s.logTruncationFailureDays)} days + ` +
      `${nd(plain.movesPerWeek, 1)} mailbox moves a week × ${nd(diskGB, 3)} GB) × ${VOLUME_FREE_SPACE_FACTOR} = ${size(plain.volumeGB)}` +
      (lagged ? `; a lagged copy (${plural(lagDays, 'day')}) keeps ${size(plain.dailyGB * lagDays)} more: (${size(plain.dailyGB).replace(' GB', '')} × (${n(s.logTruncationFailureDays)} + ${n(lagDays)}) days + ${nd(plain.movesGB, 1)}) × ${VOLUME_FREE_SPACE_FACTOR} = ${size(lagged.volumeGB)}.` : '.'),
    `${db.name} IOPS: ${n(m)} × ${nd(perMailbox, 3)} (${copies >= 2 ? 'with DAG copies' : 'stand-alone'}) × ${IOPS_OVERHEAD_FACTOR} = ${nd(iopsPerCopy, 1)} per copy × ${plural(copies, 'copy', 'copies')} = ${nd(iopsPerCopy * copies, 1)}.`,
    `${db.name} files: ${paths.edbFilePath} (volume ${paths.databaseVolume}), logs ${paths.logFolderPath} (volume ${paths.logVolume}).`,
  ];
  return { lines, edbFilePath: paths.edbFilePath, logFolderPath: paths.logFolderPath, databaseVolume: paths.databaseVolume, logVolume: paths.logVolume };
}

function inputsSummary(r: ResolvedInputs): SizingInputsSummary {
  const s = r.sizing;
  const p = r.profile;
  const ms = r.mailboxSize;
  let cached: readonly string[] | null = null;
  const make = (): string[] => {
    const lines = s.tiers.map((t) => `Mailboxes, ${t.name}: ${n(t.mailboxCount)} × ${nd(t.mailboxQuotaGB, 2)} GB quota, ${t.messagesPerDay} messages a day.`);
    if (s.tiers.length > 1) lines.push(`All tiers: ${n(r.mailboxes)} mailboxes, on average ${nd(r.messagesPerDay, 1)} messages a day and ${nd(r.quotaGB, 2)} GB quota (mailbox-weighted).`);
    const dailyMB = (r.messagesPerDay * s.averageMessageSizeKB) / 1024;
    lines.push(
      `Per mailbox at ${nd(r.messagesPerDay, 1)} messages a day: ${nd(p.megacycles, 2)} megacycles active, ${nd(p.megacycles * PASSIVE_MEGACYCLE_SHARE, 3)} passive; ` +
        `${nd(p.cacheMB, 2)} MB database cache; ${nd(p.iopsStandalone, 3)} IOPS stand-alone, ${nd(p.iopsDag, 3)} with DAG copies; ${nd(p.logsPerDay, 1)} logs of 1 MB a day.`,
      `Mailbox size on disk: ${nd(ms.quotaGB, 2)} GB quota + ${mb(dailyMB)} white space (${nd(r.messagesPerDay, 1)} × ${n(s.averageMessageSizeKB)} KB) + ` +
        `${mb(dailyMB * s.deletedItemRetentionDays)} deleted items (× ${plural(s.deletedItemRetentionDays, 'day')} retention)` +
        (s.singleItemRecovery ? ` + ${mb(ms.singleItemRecoveryGB * 1024)} single item recovery (1.2 % of the quota)` : ' (single item recovery off)') +
        (s.calendarVersionLogging ? ` + ${mb(ms.calendarVersionLoggingGB * 1024)} calendar version logging (5.8 %)` : ' (calendar version logging off)') +
        ` = ${nd(ms.totalGB, 3)} GB.`,
      `Failures to survive: ${s.failuresToSurvive === null ? 'HA copies − 1 per DAG (default), never more than keeps quorum' : `${s.failuresToSurvive} per DAG, never more than keeps quorum`}; ` +
        `Mailbox CPU target ${n(s.targetMailboxCpuPercent)} % at worst (40 % on a multi-role server); logs kept ${plural(s.logTruncationFailureDays, 'day')} if truncation fails; ` +
        `${n(s.mailboxMovesPerWeekPercent)} % of mailboxes moved a week; growth ${n(s.annualGrowthPercent)} % a year over ${plural(s.growthYears, 'year')} (× ${nd(r.growthFactor, 3)} on the database size); ` +
        `antivirus on the Hub servers: ${s.hubAntivirus ? 'yes' : 'no'}.`,
    );
    return lines;
  };
  return {
    tiers: s.tiers.map((t) => ({ name: t.name, mailboxCount: t.mailboxCount, mailboxQuotaGB: t.mailboxQuotaGB, messagesPerDay: t.messagesPerDay })),
    mailboxes: r.mailboxes,
    messagesPerDay: r.messagesPerDay,
    quotaGB: r.quotaGB,
    averageMessageSizeKB: s.averageMessageSizeKB,
    deletedItemRetentionDays: s.deletedItemRetentionDays,
    singleItemRecovery: s.singleItemRecovery,
    calendarVersionLogging: s.calendarVersionLogging,
    failuresToSurvive: s.failuresToSurvive,
    targetMailboxCpuPercent: s.targetMailboxCpuPercent,
    logTruncationFailureDays: s.logTruncationFailureDays,
    mailboxMovesPerWeekPercent: s.mailboxMovesPerWeekPercent,
    annualGrowthPercent: s.annualGrowthPercent,
    growthYears: s.growthYears,
    hubAntivirus: s.hubAntivirus,
    perMailbox: {
      megacycles: p.megacycles,
      passiveMegacycles: p.megacycles * PASSIVE_MEGACYCLE_SHARE,
      cacheMB: p.cacheMB,
      iopsStandalone: p.iopsStandalone,
      iopsDag: p.iopsDag,
      logsPerDay: p.logsPerDay,
      sizeOnDiskGB: ms.totalGB,
      whiteSpaceGB: ms.whiteSpaceGB,
      dumpsterGB: ms.dumpsterGB,
    },
    // Made on first read, like every figure's arithmetic.
    get lines(): readonly string[] {
      cached ??= make();
      return cached;
    },
  };
}

const MIX_LABELS: Readonly<Record<ReturnType<typeof roleMix>, string>> = {
  mailbox: 'Mailbox',
  'multi-role': 'multi-role',
  cas: 'Client Access',
  hub: 'Hub Transport',
  'cas-hub': 'Client Access + Hub Transport',
  other: 'role',
};

/** "reference core 3,333 megacycles (no SPECint_rate2006 given)" / "SPECint_rate2006 351 ÷ 12 cores × 3,333 ÷ 18.75 = 5,199". */
function cpuText(server: Server, cpu: CpuCapacity): string {
  const base =
    cpu.specIntRate === null
      ? `reference core ${mc(REFERENCE_MEGACYCLES_PER_CORE)} megacycles (no SPECint_rate2006 given)`
      : `SPECint_rate2006 ${nd(cpu.specIntRate, 1)} ÷ ${server.cores} cores × ${mc(REFERENCE_MEGACYCLES_PER_CORE)} ÷ ${REFERENCE_SPECINT_PER_CORE} = ${mc(cpu.perCorePhysical)} megacycles per core`;
  const virtual = cpu.virtual ? ` − ${Math.round(VIRTUAL_MEGACYCLE_OVERHEAD * 100)} % (virtual machine) = ${mc(cpu.perCore)}` : '';
  return `${base}${virtual} × ${plural(server.cores, 'core')} = ${mc(cpu.total)} available`;
}

function copyList(copies: readonly CopyFigure[]): string {
  if (copies.length === 0) return 'none';
  const shown = copies.slice(0, 8).map((c) => `${c.databaseName} ${n(c.mailboxes)}${c.lagged ? ' lagged' : ''}`);
  return copies.length > 8 ? `${shown.join(', ')} and ${copies.length - 8} more` : listNames(shown);
}


/** "2 copies × 500 mailboxes × 0.1 × 1.2 + 1 copy × 150 × 0.12 × 1.2": a server's IOPS, copies grouped alike. */
function iopsParts(worst: WorstCase, inputs: ResolvedInputs): string {
  const groups = new Map<string, { count: number; text: string }>();
  for (const c of [...worst.active, ...worst.passive]) {
    const rate = iopsPerMailbox(inputs.profile, c.copies);
    const text = `${n(c.mailboxes)} mailboxes × ${nd(rate, 3)} × ${IOPS_OVERHEAD_FACTOR}`;
    const g = groups.get(text);
    if (g) g.count++;
    else groups.set(text, { count: 1, text });
  }
  if (groups.size === 0) return 'no copies';
  return [...groups.values()].map((g) => `${plural(g.count, 'copy', 'copies')} × ${g.text}`).join(' + ');
}

function mailboxServerFigures(
  server: Server,
  cpu: CpuCapacity,
  multiRole: boolean,
  minCores: number,
  worst: WorstCase,
  domain: FailureDomain,
  inputs: ResolvedInputs,
  databases: readonly DatabaseFigures[],
): MailboxServerSizing {
  const p = inputs.profile;
  const active = worst.active;
  const passive = worst.passive;
  // The CPU's worst case (the failures that bring the most megacycles; usually the cache's case).
  let activeMegacycles = 0;
  for (const c of worst.cpuActive) activeMegacycles += c.mailboxes * activeMegacyclesPerMailbox(p.megacycles, c.copies);
  let cpuPassiveMailboxes = 0;
  for (const c of worst.cpuPassive) cpuPassiveMailboxes += c.mailboxes;
  const passiveMegacycles = cpuPassiveMailboxes * passiveMegacyclesPerMailbox(p.megacycles);
  const megacycles = activeMegacycles + passiveMegacycles;
  const target = multiRole ? Math.min(MULTI_ROLE_MAILBOX_CPU_SHARE, inputs.targetCpu) : inputs.targetCpu;
  const utilisation = cpu.total > 0 ? megacycles / cpu.total : 0;
  const req = requiredCores(megacycles, cpu.perCore, target, minCores);
  const cache = cacheGB(worst.activeMailboxes, p.cacheMB);
  const row = ramRowFor(cache, multiRole);
  const installed = cacheOfRam(server.ramGB, multiRole);
  const cacheShortGB = Math.max(0, cache - installed.cacheGB);
  let iops = 0;
  let databaseVolumesGB = 0;
  let logVolumesGB = 0;
  // Every database with a copy here, active or passive in the worst case alike, needs its volumes and IOPS.
  for (const f of worst.hosted) {
    const d = databases[f.index];
    iops += d.iopsPerCopy;
    databaseVolumesGB += d.databaseVolumeGB;
    logVolumesGB += logVolumeOn(d, f, server);
  }
  const storageGB = databaseVolumesGB + logVolumesGB;
  const storageShortGB = server.storageGB === undefined ? null : Math.max(0, storageGB - server.storageGB);
  const iopsShort = server.storageIops === undefined ? null : Math.max(0, iops - server.storageIops);

  const figures: MailboxServerSizing = {
    dagId: domain.dag?.id ?? null,
    dagName: domain.dag?.name ?? null,
    failures: domain.failures,
    failedServers: worst.failed.map((s) => s.name),
    approximate: worst.approximate,
    activeCopies: active,
    passiveCopies: passive,
    activeMailboxes: worst.activeMailboxes,
    passiveMailboxes: worst.passiveMailboxes,
    activeMegacycles,
    passiveMegacycles,
    megacycles,
    targetUtilisation: target,
    utilisation,
    coresExact: req.exact,
    requiredCores: req.cores,
    missingCores: Math.max(0, req.cores - server.cores),
    cacheMBPerMailbox: p.cacheMB,
    cacheGB: cache,
    ramRow: row,
    installedCacheGB: installed.cacheGB,
    cacheShortGB,
    iops,
    databaseVolumesGB,
    logVolumesGB,
    storageGB,
    storageShortGB,
    iopsShort,
  };
  return figures;
}

/** A copy's log volume on a server: the lagged one where the server holds a lagged copy of the database. */
function logVolumeOn(d: DatabaseFigures, f: DatabaseFacts, server: Server): number {
  return d.laggedLogVolumeGB !== null && f.laggedOn.has(server.id) ? d.laggedLogVolumeGB : d.logVolumeGB;
}

/** The arithmetic lines of a Mailbox server (made when a view asks). */
function mailboxServerLines(
  server: Server,
  cpu: CpuCapacity,
  multiRole: boolean,
  minCores: number,
  worst: WorstCase,
  domain: FailureDomain,
  inputs: ResolvedInputs,
  databases: readonly DatabaseFigures[],
  m: MailboxServerSizing,
): string[] {
  const p = inputs.profile;
  const name = server.name;
  const { activeCopies: active, passiveCopies: passive, megacycles, utilisation, cacheShortGB, iops, iopsShort, databaseVolumesGB, logVolumesGB, storageGB, storageShortGB } = m;
  const target = m.targetUtilisation;
  const req = { exact: m.coresExact, cores: m.requiredCores };
  const cache = m.cacheGB;
  const row = m.ramRow;
  const installed = cacheOfRam(server.ramGB, multiRole);
  const copiesHosted = worst.active.length + worst.passive.length;
  let cpuPassiveMailboxes = 0;
  for (const c of worst.cpuPassive) cpuPassiveMailboxes += c.mailboxes;
  const lines: string[] = [];
  // Megacycles, grouped by the databases' copy counts for the arithmetic line.
  const byCopies = new Map<number, number>();
  for (const c of worst.cpuActive) byCopies.set(c.copies, (byCopies.get(c.copies) ?? 0) + c.mailboxes);
  const volumeText: string[] = [];
  for (const f of worst.hosted) {
    if (volumeText.length >= 6) break;
    const d = databases[f.index];
    volumeText.push(`${d.databaseName} ${size(d.databaseVolumeGB)} + log ${size(logVolumeOn(d, f, server))}`);
  }
  const where = domain.dag ? `DAG ${domain.dag.name}, sized for ${plural(domain.failures, 'failure')}` : 'no DAG';
  const failedText = domain.dag === null ? 'its databases' : worst.failed.length > 0 ? `${listNames(worst.failed.map((s) => s.name))} failed` : domain.failures > 0 ? 'no failure moves a database here' : 'normal operation';
  lines.push(
    `${name} worst case (${where}): ${failedText}${worst.approximate ? ' (approximate: too many combinations to try all)' : ''}; ` +
      `${plural(active.length, 'active copy', 'active copies')} (${copyList(active)}) = ${n(worst.activeMailboxes)} active mailboxes; ` +
      `${plural(passive.length, 'passive copy', 'passive copies')}${passive.length > 0 ? ` (${copyList(passive)})` : ''} = ${n(worst.passiveMailboxes)} passive mailboxes.`,
  );
  const activeParts = [...byCopies.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([copies, count]) => `${n(count)} active × ${nd(p.megacycles, 2)} × ${nd(activeMegacyclesPerMailbox(1, copies), 2)} (${plural(copies, 'copy', 'copies')})`);
  const loadText = [...(activeParts.length > 0 ? activeParts : ['0 active']), `${n(cpuPassiveMailboxes)} passive × ${nd(p.megacycles * PASSIVE_MEGACYCLE_SHARE, 3)}`].join(' + ');
  const cpuCaseText = worst.cpuFailed === worst.failed ? '' : ` (the CPU's worst case is with ${worst.cpuFailed.length > 0 ? `${listNames(worst.cpuFailed.map((x) => x.name))} failed` : 'no failure'})`;
  const targetText = multiRole ? `target ${pct(target)}: multi-role, the Mailbox role keeps within ${pct(MULTI_ROLE_MAILBOX_CPU_SHARE)}` : `target ${pct(target)}`;
  lines.push(
    `${name} CPU${cpuCaseText}: ${loadText} = ${mc(megacycles)} megacycles; ${cpuText(server, cpu)} → ${pct(utilisation)} at worst (${targetText}); ` +
      `needs ${mc(megacycles)} ÷ (${mc(cpu.perCore)} × ${pct(target)}) = ${nd(req.exact, 2)} → ${plural(req.cores, 'core')}` +
      `${req.cores === minCores && ceilInt(req.exact) < minCores ? ` (${multiRole ? 'multi-role' : 'Mailbox'} minimum ${minCores})` : ''}; has ${server.cores}.`,
  );
  const table = multiRole ? CACHE_TABLE_MULTI_ROLE : CACHE_TABLE_MAILBOX;
  const largest = table[table.length - 1];
  lines.push(
    `${name} memory: ${n(worst.activeMailboxes)} active mailboxes at worst × ${nd(p.cacheMB, 2)} MB = ${size(cache)} database cache → ` +
      (row ? `${n(row.ramGB)} GB RAM (${nd(row.cacheGB, 1)} GB cache${multiRole ? ', multi-role table' : ''})` : `more than the largest row gives (${largest[0]} GB RAM, ${largest[1]} GB cache): spread the load over more Mailbox servers`) +
      `; has ${n(server.ramGB)} GB (${nd(installed.cacheGB, 1)} GB cache)${cacheShortGB > 0 ? `: ${size(cacheShortGB)} of cache short` : ''}.`,
  );
  lines.push(
    `${name} IOPS: ${iopsParts(worst, inputs)} = ${nd(iops, 1)} IOPS for ${plural(copiesHosted, 'copy', 'copies')} (active and passive)` +
      `${server.storageIops === undefined ? '' : `; the disks deliver ${n(server.storageIops)}${iopsShort !== null && iopsShort > 0 ? `: ${nd(iopsShort, 1)} short` : ''}`}.`,
  );
  lines.push(
    `${name} volumes: ${volumeText.length > 0 ? volumeText.join('; ') : 'none'}${copiesHosted > volumeText.length ? ` and ${copiesHosted - volumeText.length} more` : ''}; ` +
      `${size(databaseVolumesGB)} database + ${size(logVolumesGB)} log volumes = ${size(storageGB)}` +
      `${server.storageGB === undefined ? '' : `; has ${size(server.storageGB)}${storageShortGB !== null && storageShortGB > 0 ? `: ${size(storageShortGB)} short` : ''}`}.`,
  );
  return lines;
}

function dagFigures(domain: FailureDomain, worst: readonly WorstCase[]): DagFigures | null {
  const dag = domain.dag;
  if (!dag) return null;
  const members = domain.members.length;
  const survivors = Math.max(1, members - domain.failures);
  const evenActive = Math.ceil(domain.mailboxes / survivors - 1e-9);
  let top: WorstCase | null = null;
  for (const w of worst) if (!top || w.activeMailboxes > top.activeMailboxes) top = w;
  return {
    dagId: dag.id,
    dagName: dag.name,
    members: domain.members.map((s) => s.name),
    failures: domain.failures,
    requestedFailures: domain.requestedFailures,
    requestedByInput: domain.requestedByInput,
    quorumFailures: domain.quorumFailures,
    haCopies: domain.haCopies,
    databases: domain.databases.length,
    mailboxes: domain.mailboxes,
    evenActiveMailboxes: evenActive,
    worstActiveMailboxes: top?.activeMailboxes ?? 0,
    worstServer: top?.server.name ?? null,
  };
}

/** A DAG's arithmetic line (made when a view asks), from its figures alone. */
function dagLines(d: DagFigures): string[] {
  const members = d.members.length;
  const wanted = d.requestedByInput ? `the design asks for ${d.requestedFailures}` : `HA copies ${d.haCopies} − 1`;
  const capped =
    d.failures < d.requestedFailures
      ? d.failures === d.quorumFailures
        ? `, capped at ${d.failures}: a DAG of ${members} keeps quorum through ${plural(d.quorumFailures, 'failure')}`
        : `, capped at ${d.failures} (${members} members)`
      : `; quorum allows ${d.quorumFailures}`;
  return [
    `DAG ${d.dagName}: ${plural(members, 'member')} (${listNames(d.members)}), ${n(d.mailboxes)} mailboxes in ${plural(d.databases, 'database')}; ` +
      `sized for ${plural(d.failures, 'failure')} (${wanted}${capped}); even spread ceil(${n(d.mailboxes)} ÷ (${members} − ${d.failures})) = ${n(d.evenActiveMailboxes)} active mailboxes per server; ` +
      `on the real layout at most ${n(d.worstActiveMailboxes)}${d.worstServer !== null ? ` (${d.worstServer})` : ''}.`,
  ];
}

/** Cores as counted, megacycles whole. */
function amountIn(unit: 'cores' | 'megacycles', x: number): string {
  return unit === 'cores' ? n(x) : mc(x);
}

function ratio(
  role: 'CAS' | 'HT',
  site: string,
  unit: 'cores' | 'megacycles',
  mailbox: number,
  separate: readonly { s: Server; cap: number }[],
  combined: readonly { s: Server; cap: number }[],
  perSeparate: number,
  ratioText: string,
): RatioCheck {
  const sep = separate.reduce((x, y) => x + y.cap, 0);
  const comb = combined.reduce((x, y) => x + y.cap, 0);
  const covered = sep * perSeparate + comb * MAILBOX_CORES_PER_COMBINED_CORE;
  const requiredSeparate = Math.max(0, ceilInt((mailbox - comb * MAILBOX_CORES_PER_COMBINED_CORE) / perSeparate));
  const ok = covered + 1e-9 >= mailbox;
  const addSeparate = ok ? 0 : Math.max(1, requiredSeparate - sep);
  const label = role === 'CAS' ? 'Client Access' : 'Hub Transport';
  const u = unit === 'cores' ? 'cores' : 'megacycles';
  const perText = role === 'CAS' ? '4/3' : String(perSeparate);
  const parts = [
    ...(sep > 0 || comb === 0 ? [`${amountIn(unit, sep)} ${label} ${u} × ${perText}`] : []),
    ...(comb > 0 ? [`${amountIn(unit, comb)} combined CAS+HT ${u} × 1`] : []),
  ];
  const arithmetic = parts.join(' + ');
  const line =
    mailbox === 0
      ? `AD site ${site}, ${label}: no Mailbox ${u} to serve.`
      : `AD site ${site}, ${label} (${ratioText}): ${arithmetic} = ${amountIn(unit, covered)} of ${amountIn(unit, mailbox)} Mailbox ${u} covered` +
        (ok ? '.' : `: add ${amountIn(unit, addSeparate)} ${label} ${u}${comb > 0 || sep === 0 ? ` (or ${amountIn(unit, Math.ceil(mailbox - covered - 1e-9))} combined CAS+HT ${u})` : ''}.`);
  return {
    mailbox,
    separate: sep,
    separateServers: separate.map((x) => x.s.name),
    combined: comb,
    combinedServers: combined.map((x) => x.s.name),
    perSeparate,
    covered,
    requiredSeparate,
    addSeparate,
    ok,
    arithmetic,
    line,
  };
}

function siteFigures(ctx: PlannerContext, perHubCore: number, antivirus: boolean): SiteSizing[] {
  // A server's CPU, as in its figures (a few multiplications: cheaper than finding its figures again).
  const perCore = (s: Server): number => cpuCapacity(s.cores, s.specIntRate, s.virtualized).perCore;
  const total = (s: Server): number => cpuCapacity(s.cores, s.specIntRate, s.virtualized).total;
  const sites: SiteSizing[] = [];
  for (const site of ctx.sites.values()) {
    const servers = (ctx.serversBySite.get(site.id) ?? []).filter(isExchangeServer);
    if (servers.length === 0) continue;
    // Cores compare when every CPU in the ratios is the reference one; otherwise megacycles (sizing.md, Ratios).
    let uniform = true;
    for (const s of servers) if ((ctx.hasRole(s, 'MB') || ctx.hasRole(s, 'CAS') || ctx.hasRole(s, 'HT')) && perCore(s) !== REFERENCE_MEGACYCLES_PER_CORE) uniform = false;
    const unit = uniform ? 'cores' : 'megacycles';
    // One pass: Mailbox capacity that needs Client Access / Hub Transport, and who supplies it (combined 1:1).
    let mailboxNeedingCas = 0;
    let mailboxNeedingHub = 0;
    const combined: { s: Server; cap: number }[] = [];
    const casOnly: { s: Server; cap: number }[] = [];
    const hubOnly: { s: Server; cap: number }[] = [];
    const mailboxServers: string[] = [];
    for (const s of servers) {
      const cap = uniform ? s.cores : total(s);
      const mb = ctx.hasRole(s, 'MB');
      const cas = ctx.hasRole(s, 'CAS');
      const ht = ctx.hasRole(s, 'HT');
      if (mb) {
        mailboxServers.push(s.name);
        if (!cas) mailboxNeedingCas += cap;
        if (!ht) mailboxNeedingHub += cap;
      } else if (cas && ht) combined.push({ s, cap });
      else if (cas) casOnly.push({ s, cap });
      else if (ht) hubOnly.push({ s, cap });
    }
    sites.push({
      siteId: site.id,
      siteName: site.name,
      unit,
      mailboxServers,
      clientAccess: ratio('CAS', site.name, unit, mailboxNeedingCas, casOnly, combined, MAILBOX_CORES_PER_CAS_CORE, 'Mailbox:CAS = 4:3, combined CAS+HT 1:1'),
      hubTransport: ratio('HT', site.name, unit, mailboxNeedingHub, hubOnly, combined, perHubCore, `Mailbox:Hub = ${perHubCore}:1 ${antivirus ? 'with' : 'without'} antivirus on the Hub servers, combined CAS+HT 1:1`),
    });
  }
  return sites;
}

function recommendationOf(ctx: PlannerContext, inputs: ResolvedInputs, servers: readonly ServerFigures[], sites: readonly SiteSizing[], databases: readonly DatabaseFigures[]): Recommendation {
  let haCopies = ctx.design.databases.length > 0 ? Infinity : ctx.ha ? 2 : 1;
  for (const db of ctx.design.databases) haCopies = Math.min(haCopies, haCopyCount(db));
  const rec = recommendDatabases(inputs.mailboxes, inputs.mailboxSize.totalGB, inputs.growthFactor, haCopies);
  let top: ServerFigures | null = null;
  for (const s of servers) {
    if (!s.mailbox || s.mailbox.activeMailboxes + s.mailbox.passiveMailboxes === 0) continue;
    if (!top || !top.mailbox || s.recommendedCores > top.recommendedCores || (s.recommendedCores === top.recommendedCores && s.recommendedRamGB > top.recommendedRamGB)) top = s;
  }
  let ramMax: number | null = 0;
  let coresMax = 0;
  let totalStorageGB = 0;
  for (const s of servers) {
    if (!s.mailbox) continue;
    coresMax = Math.max(coresMax, s.recommendedCores);
    totalStorageGB += s.mailbox.storageGB;
    if (s.mailbox.ramRow === null && s.mailbox.activeMailboxes > 0) ramMax = null;
    else if (ramMax !== null) ramMax = Math.max(ramMax, s.recommendedRamGB);
  }
  const mailboxServer: Recommendation['mailboxServer'] = top?.mailbox ? { serverName: top.serverName, cores: coresMax, ramGB: ramMax, failedServers: top.mailbox.failedServers } : null;
  const siteRecs = sites.map((s) => ({ siteName: s.siteName, addCas: s.clientAccess.addSeparate, addHub: s.hubTransport.addSeparate, unit: s.unit }));
  let totalIops = 0;
  let copyCount = 0;
  for (const d of databases) {
    totalIops += d.iops;
    copyCount += d.copies;
  }
  let lines: readonly string[] | null = null;
  const make = (): string[] => {
    const out: string[] = [];
    const growthText = inputs.growthFactor === 1 ? '' : ` × ${nd(inputs.growthFactor, 3)} growth`;
    out.push(
      `Databases: ${n(inputs.mailboxes)} mailboxes at ${nd(rec.perMailboxGB, 2)} GB each in a database (${nd(inputs.mailboxSize.totalGB, 3)} GB on disk × ${DATABASE_DATA_OVERHEAD}${growthText}); ` +
        `at most ${n(rec.mailboxesPerDatabaseMax)} fit under ${n(rec.limitGB)} GB (${haCopies >= 2 ? `${haCopies} HA copies` : 'fewer than 2 HA copies'}) → ` +
        `${plural(rec.databases, 'database')} of ${n(rec.mailboxesPerDatabase)} mailboxes, about ${size(rec.databaseGB)}${rec.databases === 1 ? '' : ' each'}.`,
    );
    if (top?.mailbox) {
      out.push(
        `Mailbox servers: at worst the most loaded, ${top.serverName}${top.mailbox.failedServers.length > 0 ? ` (with ${listNames(top.mailbox.failedServers)} failed)` : ''}, ` +
          `needs ${plural(top.recommendedCores, 'core')} and ${n(top.recommendedRamGB)} GB RAM; no Mailbox server needs more than ${plural(coresMax, 'core')} and ` +
          `${ramMax === null ? 'more RAM than the cache table goes (add Mailbox servers)' : `${n(ramMax)} GB RAM`} (every Mailbox server's own figures are in its lines).`,
      );
    } else {
      out.push('Mailbox servers: no database copies on Mailbox servers yet: add databases to get the per-server figures.');
    }
    for (const s of siteRecs) {
      const u = s.unit === 'cores' ? 'cores' : 'megacycles';
      const adds = [s.addCas > 0 ? `${amountIn(s.unit, s.addCas)} Client Access ${u}` : '', s.addHub > 0 ? `${amountIn(s.unit, s.addHub)} Hub Transport ${u}` : ''].filter(Boolean);
      out.push(`AD site ${s.siteName}: ${adds.length > 0 ? `add ${adds.join(' and ')}` : 'Client Access and Hub Transport capacity suffices'}.`);
    }
    out.push(`Total: ${nd(totalIops, 1)} IOPS and ${size(totalStorageGB)} of database and log volumes for ${plural(copyCount, 'database copy', 'database copies')}.`);
    return out;
  };
  return {
    mailboxes: inputs.mailboxes,
    haCopies,
    perMailboxGB: rec.perMailboxGB,
    limitGB: rec.limitGB,
    mailboxesPerDatabaseMax: rec.mailboxesPerDatabaseMax,
    databaseCount: rec.databases,
    mailboxesPerDatabase: rec.mailboxesPerDatabase,
    databaseSizeGB: rec.databaseGB,
    mailboxServer,
    sites: siteRecs,
    totalIops,
    totalStorageGB,
    // Made on first read (the planner runs on every edit; the views read the text).
    get lines(): readonly string[] {
      lines ??= make();
      return lines;
    },
  };
}

function storageSummary(layout: StorageLayoutPlan): StorageSummary {
  const s = layout.settings;
  const line =
    s.kind === 'mountPoints'
      ? `Storage layout: mount points, one volume per database under ${s.databaseRoot}\\<database> and one per log stream under ${s.logRoot}\\<database>; the same paths on every server holding a copy.`
      : 'Storage layout: drive letters, a database volume and a log volume per database (E: onwards in pairs, per DAG); the same letters on every DAG member.';
  return { kind: s.kind, databaseRoot: s.databaseRoot, logRoot: s.logRoot, lines: [line, ...layout.problems.map((p) => p.message)] };
}

export function buildSizingDetails(ctx: PlannerContext): SizingDetails {
  const design = ctx.design;
  const resolved = resolveInputs(design);
  const hubAntivirus = design.sizing?.hubAntivirus ?? true;
  const perHubCore = hubAntivirus ? MAILBOX_CORES_PER_HUB_CORE_WITH_ANTIVIRUS : MAILBOX_CORES_PER_HUB_CORE_WITHOUT_ANTIVIRUS;
  const layout = storageLayout(ctx);
  const counts = databaseMailboxes(design, resolved?.mailboxes ?? null);

  const facts: readonly DatabaseFacts[] = resolved ? databaseFacts(ctx, counts) : [];
  // In the design's order (DatabaseFacts.index points here).
  const databases: DatabaseFigures[] = resolved ? databaseFigures(ctx, resolved, counts) : [];

  const worstCaseAt = new Array<WorstCase | undefined>(design.servers.length);
  const domainAt = new Array<FailureDomain | undefined>(design.servers.length);
  const mailboxAt = new Array<MailboxServerSizing | undefined>(design.servers.length);
  const dags: DagFigures[] = [];
  let domains: FailureDomain[] = [];
  if (resolved) {
    const megacycles = resolved.profile.megacycles;
    const passive = passiveMegacyclesPerMailbox(megacycles);
    const extraLoad = (c: CopyFigure) => c.mailboxes * (activeMegacyclesPerMailbox(megacycles, c.copies) - passive);
    domains = failureDomains(ctx, resolved.sizing.failuresToSurvive, facts);
    for (const domain of domains) {
      const worst = worstCases(ctx, domain, facts, extraLoad);
      for (const w of worst) {
        const position = ctx.serverPositions.get(w.server.id);
        if (position === undefined) continue;
        worstCaseAt[position] = w;
        domainAt[position] = domain;
        // Figured here, while the server's copies are fresh in the cache, for the server loop below.
        const server = w.server;
        if (isExchangeServer(server) && ctx.hasRole(server, 'MB')) {
          const mix = roleMix(server.roles);
          const cpu = cpuCapacity(server.cores, server.specIntRate, server.virtualized);
          mailboxAt[position] = mailboxServerFigures(server, cpu, mix === 'multi-role', minimumCores(mix), w, domain, resolved, databases);
        }
      }
      const dag = dagFigures(domain, worst);
      if (dag) dags.push(dag);
    }
  }

  const servers: ServerFigures[] = [];
  const exchangeServers: Server[] = [];
  const notes: string[] = [];
  const referenceServers: string[] = [];
  for (let position = 0; position < design.servers.length; position++) {
    const server = design.servers[position];
    if (!isExchangeServer(server)) continue;
    const cpu = cpuCapacity(server.cores, server.specIntRate, server.virtualized);
    const mix = roleMix(server.roles);
    const minCores = minimumCores(mix);
    const role = roleMemory(server.roles, server.cores);
    const mailbox = mailboxAt[position] ?? null;
    if (mailbox && cpu.specIntRate === null) referenceServers.push(server.name);
    const recommendedCores = mailbox ? mailbox.requiredCores : minCores;
    const recommendedRamGB = Math.max(role.gb, mailbox?.ramRow?.ramGB ?? 0);
    const sizing: ServerFigures = {
      serverId: server.id,
      serverName: server.name,
      siteId: server.siteId,
      roles: server.roles,
      cores: server.cores,
      ramGB: server.ramGB,
      virtualized: server.virtualized,
      specIntRate: cpu.specIntRate,
      megacyclesPerCore: cpu.perCore,
      availableMegacycles: cpu.total,
      minimumCores: minCores,
      roleMemoryGB: role.gb,
      roleMemoryReason: role.reason,
      recommendedCores,
      recommendedRamGB,
      mailbox,
    };
    servers.push(sizing);
    exchangeServers.push(server);
  }
  if (referenceServers.length > 0) {
    notes.push(`No SPECint_rate2006 result for ${listNames(referenceServers)}: sized with the reference core (Xeon X5470, ${mc(REFERENCE_MEGACYCLES_PER_CORE)} megacycles per core); a modern core usually has more.`);
  }
  for (const d of dags) {
    if (d.failures < d.requestedFailures) notes.push(`DAG ${d.dagName} is sized for ${plural(d.failures, 'failure')}, not ${d.requestedFailures}: more would lose quorum or leave no server.`);
  }
  if (servers.some((s) => s.mailbox?.approximate)) notes.push('Some worst cases are approximate: the DAG has too many failure combinations to try them all.');

  const sites = siteFigures(ctx, perHubCore, hubAntivirus);
  const totals = {
    iops: databases.reduce((x, d) => x + d.iops, 0),
    databaseVolumesGB: servers.reduce((x, s) => x + (s.mailbox?.databaseVolumesGB ?? 0), 0),
    logVolumesGB: servers.reduce((x, s) => x + (s.mailbox?.logVolumesGB ?? 0), 0),
  };
  return {
    inputs: resolved ? inputsSummary(resolved) : null,
    dags,
    servers,
    databases,
    sites,
    recommendation: resolved ? recommendationOf(ctx, resolved, servers, sites, databases) : null,
    storage: storageSummary(layout),
    totals,
    notes,
    resolved,
    worstCaseAt,
    domainAt,
    serverPositions: ctx.serverPositions,
    domains,
    layout,
    mailboxCoresPerHubCore: perHubCore,
    hubAntivirus,
    sources: { servers: exchangeServers, databases: design.databases },
  };
}

/** A server's arithmetic lines (made when a view asks). */
function serverLines(d: SizingDetails, figures: ServerFigures, server: Server): string[] {
  const cpu = cpuCapacity(server.cores, server.specIntRate, server.virtualized);
  const mix = roleMix(server.roles);
  const minCores = minimumCores(mix);
  const position = d.serverPositions.get(server.id);
  const worst = position === undefined ? undefined : d.worstCaseAt[position];
  const domain = position === undefined ? undefined : d.domainAt[position];
  if (figures.mailbox && d.resolved && worst && domain) return mailboxServerLines(server, cpu, mix === 'multi-role', minCores, worst, domain, d.resolved, d.databases, figures.mailbox);
  const role = roleMemory(server.roles, server.cores);
  return [
    `${server.name}: ${plural(server.cores, 'core')} (${MIX_LABELS[mix]} minimum ${minCores}); ${cpuText(server, cpu)} megacycles; ` +
      `memory: ${role.reason} → ${n(role.gb)} GB, has ${n(server.ramGB)} GB.`,
  ];
}

/**
 * The report as the planner returns it (what the CLI's JSON, the Sizing panel and the documents show): the figures
 * with their arithmetic lines, which are made on the first read of each list (the planner itself never reads them).
 */
export function plainReport(d: SizingDetails): SizingReport {
  let servers: ServerSizing[] | null = null;
  let databases: DatabaseSizing[] | null = null;
  let dags: DagSizing[] | null = null;
  return {
    inputs: d.inputs,
    get dags(): readonly DagSizing[] {
      dags ??= d.dags.map((x) => ({ ...x, lines: dagLines(x) }));
      return dags;
    },
    get servers(): readonly ServerSizing[] {
      servers ??= d.servers.map((x, i) => ({ ...x, lines: serverLines(d, x, d.sources.servers[i]) }));
      return servers;
    },
    get databases(): readonly DatabaseSizing[] {
      const inputs = d.resolved;
      databases ??= inputs ? d.databases.map((x, i) => ({ ...x, ...databaseExtras(x, d.sources.databases[i], inputs, d.layout) })) : [];
      return databases;
    },
    sites: d.sites,
    recommendation: d.recommendation,
    storage: d.storage,
    totals: d.totals,
    notes: d.notes,
  };
}
