// The database copy matrix's edits, as pure functions over a database's copy list: add or remove the copy on a
// server, move a copy to an activation preference (the others shift, as Set-MailboxDatabaseCopy -ActivationPreference
// does: preferences stay 1…n without gaps or duplicates), set its lags. The matrix applies them through
// updateEntity('database', …), so every change is one undo step and the schema's limits refuse bad values.
import type { MailboxDatabase, MailboxDatabaseCopy } from '../../shared/model/types';

/** The longest lag the design file holds (schema: MailboxDatabaseCopy), in days. */
export const MAX_LAG_IN_FILE = 365;

export type CopyChange =
  | { readonly kind: 'toggle'; readonly serverId: string; readonly on: boolean }
  | { readonly kind: 'preference'; readonly serverId: string; readonly preference: number }
  | { readonly kind: 'lag'; readonly serverId: string; readonly field: 'replayLagDays' | 'truncationLagDays'; readonly days: number };

/** The copies ordered by activation preference (ties: the list's order), renumbered 1…n. */
export function renumber(copies: readonly MailboxDatabaseCopy[]): MailboxDatabaseCopy[] {
  return copies
    .map((c, i) => ({ c, i }))
    .sort((a, b) => a.c.activationPreference - b.c.activationPreference || a.i - b.i)
    .map(({ c }, i) => (c.activationPreference === i + 1 ? c : { ...c, activationPreference: i + 1 }));
}

/** The database's copies after a change, or the reason it is refused (in the admin's words). */
export function changeCopies(db: MailboxDatabase, change: CopyChange, serverName: (id: string) => string): { copies: MailboxDatabaseCopy[] } | { reason: string } {
  const at = db.copies.findIndex((c) => c.serverId === change.serverId);
  const server = serverName(change.serverId);
  if (change.kind === 'toggle') {
    if (change.on) {
      if (at >= 0) return { copies: [...db.copies] };
      return { copies: renumber([...db.copies, { serverId: change.serverId, activationPreference: db.copies.length + 1, replayLagDays: 0, truncationLagDays: 0 }]) };
    }
    if (at < 0) return { copies: [...db.copies] };
    if (db.copies.length === 1) return { reason: `${db.name} needs at least one copy: add a copy on another server before removing the one on ${server}.` };
    return { copies: renumber(db.copies.filter((_, i) => i !== at)) };
  }
  if (at < 0) return { reason: `${db.name} has no copy on ${server}: tick the cell to add one first.` };
  if (change.kind === 'preference') {
    const n = db.copies.length;
    if (!Number.isInteger(change.preference) || change.preference < 1 || change.preference > n) {
      return { reason: `Activation preference of ${db.name} on ${server}: a whole number from 1 to ${n} (the database has ${n} ${n === 1 ? 'copy' : 'copies'}).` };
    }
    const ordered = renumber(db.copies);
    const moving = ordered.find((c) => c.serverId === change.serverId);
    if (!moving) return { copies: [...db.copies] };
    const rest = ordered.filter((c) => c !== moving);
    rest.splice(change.preference - 1, 0, moving);
    const prefs = new Map(rest.map((c, i) => [c.serverId, i + 1]));
    // Keep the list's order (the file's), with the new preferences.
    return { copies: db.copies.map((c) => ({ ...c, activationPreference: prefs.get(c.serverId) ?? c.activationPreference })) };
  }
  const what = `${change.field === 'replayLagDays' ? 'Replay' : 'Truncation'} lag of ${db.name} on ${server}`;
  if (!Number.isFinite(change.days)) return { reason: `${what}: enter a number of days.` };
  // The file format's limits, said in days (updateEntity would name the JSON path).
  if (change.days < 0 || change.days > MAX_LAG_IN_FILE) return { reason: `${what}: from 0 to ${MAX_LAG_IN_FILE} days.` };
  return { copies: db.copies.map((c, i) => (i === at ? { ...c, [change.field]: change.days } : c)) };
}
