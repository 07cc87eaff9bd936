// The sizing report: every figure of the method per DAG, Mailbox server, database and AD site, each with the one-line
// arithmetic that produced it (sizing.md, "What the report must say"). Plain data (JSON-serialisable): the CLI prints
// it as text or JSON, the designer's Sizing panel and the PDF/Markdown report render the same lines.
import type { StorageLayoutKind } from '../model/types';

export interface TierSummary {
  readonly name: string;
  readonly mailboxCount: number;
  readonly mailboxQuotaGB: number;
  readonly messagesPerDay: number;
}

export interface SizingInputsSummary {
  readonly tiers: readonly TierSummary[];
  /** All tiers together, and the mailbox-weighted averages the method uses. */
  readonly mailboxes: number;
  readonly messagesPerDay: number;
  readonly quotaGB: number;
  readonly averageMessageSizeKB: number;
  readonly deletedItemRetentionDays: number;
  readonly singleItemRecovery: boolean;
  readonly calendarVersionLogging: boolean;
  /** Null: the default (HA copies − 1 per DAG). */
  readonly failuresToSurvive: number | null;
  readonly targetMailboxCpuPercent: number;
  readonly logTruncationFailureDays: number;
  readonly mailboxMovesPerWeekPercent: number;
  readonly annualGrowthPercent: number;
  readonly growthYears: number;
  readonly hubAntivirus: boolean;
  readonly perMailbox: {
    readonly megacycles: number;
    readonly passiveMegacycles: number;
    readonly cacheMB: number;
    readonly iopsStandalone: number;
    readonly iopsDag: number;
    readonly logsPerDay: number;
    readonly sizeOnDiskGB: number;
    readonly whiteSpaceGB: number;
    readonly dumpsterGB: number;
  };
  readonly lines: readonly string[];
}

export interface CopyFigure {
  readonly databaseId: string;
  readonly databaseName: string;
  readonly mailboxes: number;
  readonly copies: number;
  readonly lagged: boolean;
}

export interface MailboxServerSizing {
  /** The DAG the server is sized in, or null outside any DAG. */
  readonly dagId: string | null;
  readonly dagName: string | null;
  /** Server failures the DAG is sized to survive. */
  readonly failures: number;
  /** The servers whose failure puts the most load on this one. */
  readonly failedServers: readonly string[];
  readonly approximate: boolean;
  readonly activeCopies: readonly CopyFigure[];
  readonly passiveCopies: readonly CopyFigure[];
  readonly activeMailboxes: number;
  readonly passiveMailboxes: number;
  readonly activeMegacycles: number;
  readonly passiveMegacycles: number;
  readonly megacycles: number;
  /** Target utilisation for the Mailbox load (80 % by default, 40 % on a multi-role server). */
  readonly targetUtilisation: number;
  /** Worst-case megacycles ÷ available megacycles. */
  readonly utilisation: number;
  /** Worst-case megacycles ÷ (megacycles per core × target), before rounding and the role minimum. */
  readonly coresExact: number;
  readonly requiredCores: number;
  readonly missingCores: number;
  readonly cacheMBPerMailbox: number;
  readonly cacheGB: number;
  /** The smallest RAM row that provides the cache, or null when even the largest row falls short. */
  readonly ramRow: { readonly ramGB: number; readonly cacheGB: number } | null;
  /** The cache the installed RAM gives (its row). */
  readonly installedCacheGB: number;
  /** Cache short of the requirement (0 when enough). */
  readonly cacheShortGB: number;
  readonly iops: number;
  readonly databaseVolumesGB: number;
  readonly logVolumesGB: number;
  readonly storageGB: number;
  /** Storage short of the server's storageGB input (null without the input). */
  readonly storageShortGB: number | null;
  readonly iopsShort: number | null;
}

export interface ServerSizing {
  readonly serverId: string;
  readonly serverName: string;
  readonly siteId: string;
  readonly roles: readonly string[];
  readonly cores: number;
  readonly ramGB: number;
  readonly virtualized: boolean;
  /** SPECint_rate2006 used, null = the reference core. */
  readonly specIntRate: number | null;
  readonly megacyclesPerCore: number;
  readonly availableMegacycles: number;
  readonly minimumCores: number;
  /** The role memory rule (dd346700) and what sets it. */
  readonly roleMemoryGB: number;
  readonly roleMemoryReason: string;
  /** Cores and RAM this server needs: the role minimums, and for a Mailbox server its worst case. */
  readonly recommendedCores: number;
  readonly recommendedRamGB: number;
  readonly mailbox: MailboxServerSizing | null;
  readonly lines: readonly string[];
}

export interface DagSizing {
  readonly dagId: string;
  readonly dagName: string;
  readonly members: readonly string[];
  readonly failures: number;
  readonly requestedFailures: number;
  readonly requestedByInput: boolean;
  readonly quorumFailures: number;
  readonly haCopies: number;
  readonly databases: number;
  readonly mailboxes: number;
  /** sizing.md's even-spread figure: ceil(mailboxes ÷ (members − failures)). */
  readonly evenActiveMailboxes: number;
  /** The largest worst-case active load of a member on the real layout, and which member. */
  readonly worstActiveMailboxes: number;
  readonly worstServer: string | null;
  readonly lines: readonly string[];
}

export interface DatabaseSizing {
  readonly databaseId: string;
  readonly databaseName: string;
  readonly mailboxes: number;
  readonly copies: number;
  readonly haCopies: number;
  readonly sizeGB: number;
  readonly limitGB: number;
  readonly contentIndexGB: number;
  readonly databaseVolumeGB: number;
  readonly logsPerDayGB: number;
  readonly logVolumeGB: number;
  /** Log volume of its lagged copies (the largest lag), null without one. */
  readonly laggedLogVolumeGB: number | null;
  readonly laggedExtraGB: number | null;
  readonly lagDays: number;
  readonly iopsPerCopy: number;
  readonly iops: number;
  readonly edbFilePath: string;
  readonly logFolderPath: string;
  readonly databaseVolume: string;
  readonly logVolume: string;
  readonly lines: readonly string[];
}

export interface RatioCheck {
  /** Mailbox capacity that needs this role (cores or megacycles of Mailbox servers without it). */
  readonly mailbox: number;
  /** Capacity of servers with only this role (CAS-only or Hub-only). */
  readonly separate: number;
  readonly separateServers: readonly string[];
  /** Capacity of combined Client Access + Hub Transport servers (1 : 1). */
  readonly combined: number;
  readonly combinedServers: readonly string[];
  /** Mailbox capacity one unit of the separate role covers: 4/3 for CAS, 5 or 7 for Hub. */
  readonly perSeparate: number;
  readonly covered: number;
  /** Separate capacity the site needs given its combined capacity. */
  readonly requiredSeparate: number;
  /** Separate capacity to add (0 when covered). */
  readonly addSeparate: number;
  readonly ok: boolean;
  /** "72 Client Access cores × 4/3 + 16 combined CAS+HT cores × 1". */
  readonly arithmetic: string;
  readonly line: string;
}

export interface SiteSizing {
  readonly siteId: string;
  readonly siteName: string;
  /** Cores when every CPU is the reference (physical, no SPECint input), megacycles otherwise. */
  readonly unit: 'cores' | 'megacycles';
  readonly mailboxServers: readonly string[];
  readonly clientAccess: RatioCheck;
  readonly hubTransport: RatioCheck;
}

export interface Recommendation {
  readonly mailboxes: number;
  readonly haCopies: number;
  readonly perMailboxGB: number;
  readonly limitGB: number;
  readonly mailboxesPerDatabaseMax: number;
  readonly databaseCount: number;
  readonly mailboxesPerDatabase: number;
  readonly databaseSizeGB: number;
  /** From the per-server figures: the most any Mailbox server needs (null without Mailbox servers with copies). */
  readonly mailboxServer: { readonly serverName: string; readonly cores: number; readonly ramGB: number | null; readonly failedServers: readonly string[] } | null;
  readonly sites: readonly { readonly siteName: string; readonly addCas: number; readonly addHub: number; readonly unit: 'cores' | 'megacycles' }[];
  readonly totalIops: number;
  readonly totalStorageGB: number;
  readonly lines: readonly string[];
}

export interface StorageSummary {
  readonly kind: StorageLayoutKind;
  readonly databaseRoot: string;
  readonly logRoot: string;
  readonly lines: readonly string[];
}

export interface SizingReport {
  /** Null when the design has no sizing inputs (mailbox tiers): then only core ratios and role minimums. */
  readonly inputs: SizingInputsSummary | null;
  readonly dags: readonly DagSizing[];
  readonly servers: readonly ServerSizing[];
  readonly databases: readonly DatabaseSizing[];
  readonly sites: readonly SiteSizing[];
  readonly recommendation: Recommendation | null;
  readonly storage: StorageSummary;
  readonly totals: { readonly iops: number; readonly databaseVolumesGB: number; readonly logVolumesGB: number };
  /** Assumptions the reader must know (reference CPU used, failures capped by quorum, …). */
  readonly notes: readonly string[];
}
