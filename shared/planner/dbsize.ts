// Mailbox database facts shared by the planner rules and the sizing report: lagged and HA copies, and the size limit
// that applies to a database. The sizing itself (database size, volumes, logs) is shared/sizing's method.
import type { MailboxDatabase, MailboxDatabaseCopy } from '../model/types';
import { databaseSizeLimitGB } from '../sizing/method';

export { databaseSizeLimitGB };

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
