// Mailbox database sizing (Exchange 2010 storage guidance): projected size per database and the size limit that
// applies to it. Pure functions shared by rule db.size and the sizing report.
import type { Design, MailboxDatabase, MailboxDatabaseCopy } from '../model/types';
import { DATABASE_OVERHEAD, DB_SIZE_LIMIT_HA_GB, DB_SIZE_LIMIT_STANDALONE_GB, MIN_HA_COPIES } from './limits';

/** A copy with a replay or truncation lag is lagged: it never serves clients and is no HA copy. */
export function isLaggedCopy(copy: MailboxDatabaseCopy): boolean {
  return copy.replayLagDays > 0 || copy.truncationLagDays > 0;
}

/** Copies that provide high availability (not lagged). */
export function haCopyCount(db: MailboxDatabase): number {
  let n = 0;
  for (const c of db.copies) if (!isLaggedCopy(c)) n++;
  return n;
}

/** Size of a database holding `mailboxes` mailboxes of `quotaGB` each, overhead included. */
export function databaseSizeGB(mailboxes: number, quotaGB: number): number {
  return mailboxes * quotaGB * (1 + DATABASE_OVERHEAD);
}

/**
 * Mailboxes a database holds: its own mailboxCount, else the design's mailbox count spread evenly over all
 * databases (rounded up). Null when neither is known.
 */
export function mailboxesPerDatabase(design: Design, db: MailboxDatabase): number | null {
  if (db.mailboxCount !== undefined) return db.mailboxCount;
  if (!design.sizing || design.databases.length === 0) return null;
  return Math.ceil(design.sizing.mailboxCount / design.databases.length);
}

/** Projected size in GB (mailboxes × quota × 1.2); null without the design's sizing inputs (the quota). */
export function projectedDatabaseSizeGB(design: Design, db: MailboxDatabase): number | null {
  if (!design.sizing) return null;
  const mailboxes = mailboxesPerDatabase(design, db);
  if (mailboxes === null) return null;
  return databaseSizeGB(mailboxes, design.sizing.mailboxQuotaGB);
}

/** The recommended maximum size of a database with `haCopies` non-lagged copies. */
export function databaseSizeLimitGB(haCopies: number): number {
  return haCopies >= MIN_HA_COPIES ? DB_SIZE_LIMIT_HA_GB : DB_SIZE_LIMIT_STANDALONE_GB;
}

/** The fewest databases that keep each one within the limit for `haCopies` copies. */
export function databasesNeeded(mailboxes: number, quotaGB: number, haCopies: number): number {
  const perMailboxGB = databaseSizeGB(1, quotaGB);
  const limit = databaseSizeLimitGB(haCopies);
  if (perMailboxGB <= 0 || mailboxes <= 0) return 1;
  const mailboxesPerDb = Math.max(1, Math.floor(limit / perMailboxGB + 1e-9));
  return Math.ceil(mailboxes / mailboxesPerDb);
}
