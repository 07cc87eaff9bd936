// The sizing inputs of a design, resolved: the mailbox tiers folded into one mailbox mix (every per-mailbox figure
// of the method is linear in messages a day and quota, so the mailbox-weighted average is exact for a database that
// holds its share of every tier), and the per-mailbox figures of that mix.
import { Sizing as SizingSchema } from '../model/schema';
import type { Design, Sizing } from '../model/types';
import {
  CACHE_MB_PER_STEP,
  CALENDAR_VERSION_LOGGING_SHARE,
  DAG_IOPS_MIN_COPIES,
  IOPS_DAG_PER_STEP,
  IOPS_STANDALONE_PER_STEP,
  KB_PER_GB,
  LOG_FILE_MB,
  LOGS_PER_STEP,
  MEGACYCLES_PER_STEP,
  MESSAGES_PER_PROFILE_STEP,
  SINGLE_ITEM_RECOVERY_SHARE,
} from './constants';

/** One column of the message-profile table. */
export interface MessageProfile {
  readonly messagesPerDay: number;
  /** Megacycles per active (or stand-alone) mailbox. */
  readonly megacycles: number;
  /** Database cache per active mailbox (MB). */
  readonly cacheMB: number;
  /** IOPS per mailbox, stand-alone database (before the 20 % overhead). */
  readonly iopsStandalone: number;
  /** IOPS per mailbox, database with DAG copies (before the 20 % overhead). */
  readonly iopsDag: number;
  /** Transaction logs per mailbox per day (1 MB each). */
  readonly logsPerDay: number;
}

/** Steps of 50 messages a day, without floating-point noise (0.05 × 3 = 0.15, not 0.15000000000000002). */
const times = (perStep: number, steps: number): number => Math.round(perStep * steps * 1e9) / 1e9;

/** The per-mailbox figures for a number of messages a day (linear in the message profile table). */
export function messageProfile(messagesPerDay: number): MessageProfile {
  const steps = messagesPerDay / MESSAGES_PER_PROFILE_STEP;
  return {
    messagesPerDay,
    megacycles: times(MEGACYCLES_PER_STEP, steps),
    cacheMB: times(CACHE_MB_PER_STEP, steps),
    iopsStandalone: times(IOPS_STANDALONE_PER_STEP, steps),
    iopsDag: times(IOPS_DAG_PER_STEP, steps),
    logsPerDay: times(LOGS_PER_STEP, steps),
  };
}

/** The message-profile table, 50 … 500 messages a day. */
export const MESSAGE_PROFILES: readonly MessageProfile[] = Array.from({ length: 10 }, (_, i) => messageProfile((i + 1) * MESSAGES_PER_PROFILE_STEP));

/** IOPS per mailbox of one copy of a database with `copies` copies (before the 20 % overhead). */
export function iopsPerMailbox(profile: MessageProfile, copies: number): number {
  return copies >= DAG_IOPS_MIN_COPIES ? profile.iopsDag : profile.iopsStandalone;
}

/** A mailbox's size on disk and its parts (GB): sizing.md, Capacity. */
export interface MailboxSize {
  readonly quotaGB: number;
  /** White space: one day of mail (messages a day × message size). */
  readonly whiteSpaceGB: number;
  /** Deleted items kept for the retention window (messages a day × message size × retention days). */
  readonly retentionGB: number;
  /** Single item recovery: 1.2 % of the quota (0 when off). */
  readonly singleItemRecoveryGB: number;
  /** Calendar version logging: 5.8 % of the quota (0 when off). */
  readonly calendarVersionLoggingGB: number;
  readonly dumpsterGB: number;
  readonly totalGB: number;
}

export function mailboxSize(quotaGB: number, messagesPerDay: number, inputs: Pick<Sizing, 'averageMessageSizeKB' | 'deletedItemRetentionDays' | 'singleItemRecovery' | 'calendarVersionLogging'>): MailboxSize {
  const dailyGB = (messagesPerDay * inputs.averageMessageSizeKB) / KB_PER_GB;
  const retentionGB = dailyGB * inputs.deletedItemRetentionDays;
  const singleItemRecoveryGB = inputs.singleItemRecovery ? quotaGB * SINGLE_ITEM_RECOVERY_SHARE : 0;
  const calendarVersionLoggingGB = inputs.calendarVersionLogging ? quotaGB * CALENDAR_VERSION_LOGGING_SHARE : 0;
  const dumpsterGB = retentionGB + singleItemRecoveryGB + calendarVersionLoggingGB;
  return { quotaGB, whiteSpaceGB: dailyGB, retentionGB, singleItemRecoveryGB, calendarVersionLoggingGB, dumpsterGB, totalGB: quotaGB + dailyGB + dumpsterGB };
}

/** The design's sizing inputs with the tiers folded into one mailbox mix. */
export interface ResolvedInputs {
  readonly sizing: Sizing;
  readonly tiers: Sizing['tiers'];
  readonly mailboxes: number;
  /** Mailbox-weighted averages over the tiers. */
  readonly messagesPerDay: number;
  readonly quotaGB: number;
  readonly profile: MessageProfile;
  readonly mailboxSize: MailboxSize;
  /** (1 + annual growth) ^ years. */
  readonly growthFactor: number;
  /** Target CPU of a Mailbox-only server in the worst failure case (0–1). */
  readonly targetCpu: number;
  readonly logFileMB: number;
}

export function resolveInputs(design: Design): ResolvedInputs | null {
  if (!design.sizing) return null;
  // A design straight from JSON (not through the loader) may leave out inputs that have defaults: fill them.
  const parsed = SizingSchema.safeParse(design.sizing);
  const sizing = parsed.success ? parsed.data : design.sizing;
  if (!Array.isArray(sizing.tiers) || sizing.tiers.length === 0) return null;
  let mailboxes = 0;
  let messages = 0;
  let quota = 0;
  for (const t of sizing.tiers) {
    mailboxes += t.mailboxCount;
    messages += t.mailboxCount * t.messagesPerDay;
    quota += t.mailboxCount * t.mailboxQuotaGB;
  }
  if (mailboxes <= 0) return null;
  const messagesPerDay = messages / mailboxes;
  const quotaGB = quota / mailboxes;
  return {
    sizing,
    tiers: sizing.tiers,
    mailboxes,
    messagesPerDay,
    quotaGB,
    profile: messageProfile(messagesPerDay),
    mailboxSize: mailboxSize(quotaGB, messagesPerDay, sizing),
    growthFactor: Math.pow(1 + sizing.annualGrowthPercent / 100, sizing.growthYears),
    targetCpu: sizing.targetMailboxCpuPercent / 100,
    logFileMB: LOG_FILE_MB,
  };
}
