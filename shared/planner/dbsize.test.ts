import { describe, it, expect } from 'vitest';
import { exampleDesign } from '../../test/fixtures/designs';
import type { MailboxDatabase } from '../model/types';
import { databaseMailboxes } from '../sizing/report';
import { databaseSizeLimitGB, haCopyCount, isLaggedCopy } from './dbsize';
import { DB_SIZE_LIMIT_HA_GB, DB_SIZE_LIMIT_STANDALONE_GB } from './limits';
import { formatGB } from './text';

const copy = (replayLagDays = 0, truncationLagDays = 0) => ({ serverId: 'srv', activationPreference: 1, replayLagDays, truncationLagDays });

describe('database size limits', () => {
  it('are the Exchange 2010 guidance figures: 200 GB below two HA copies, 2 TB from two', () => {
    expect(DB_SIZE_LIMIT_STANDALONE_GB).toBe(200);
    expect(DB_SIZE_LIMIT_HA_GB).toBe(2048);
    expect([0, 1, 2, 16].map(databaseSizeLimitGB)).toEqual([200, 200, 2048, 2048]);
  });
});

describe('lagged and HA copies', () => {
  it('a replay or truncation lag makes a copy lagged', () => {
    expect(isLaggedCopy(copy())).toBe(false);
    expect(isLaggedCopy(copy(7))).toBe(true);
    expect(isLaggedCopy(copy(0, 1))).toBe(true);
  });

  it('counts only non-lagged copies as HA copies', () => {
    const db: MailboxDatabase = { id: 'db', name: 'DB', existing: false, copies: [copy(), copy(7), copy()] };
    expect(haCopyCount(db)).toBe(2);
  });
});

describe('mailboxes per database', () => {
  it("uses the database's own mailbox count first; the others share what is left", () => {
    const d = exampleDesign('minimal-ha'); // 1,000 mailboxes, DB1 and DB2
    d.databases[0].mailboxCount = 42;
    expect(databaseMailboxes(d, 1000)).toEqual(new Map([['db-1', 42], ['db-2', 1000 - 42]]));
  });

  it('spreads the mailboxes exactly: 1,000 over 3 databases is 334 + 333 + 333 (the first take the remainder)', () => {
    const d = exampleDesign('minimal-ha');
    d.databases.push({ ...structuredClone(d.databases[1]), id: 'db-3', name: 'DB3' });
    expect([...databaseMailboxes(d, 1000).values()]).toEqual([334, 333, 333]);
  });

  it('gives the databases without a count nothing when the counted ones take every mailbox, or without inputs', () => {
    const d = exampleDesign('minimal-ha');
    d.databases[0].mailboxCount = 5000;
    expect(databaseMailboxes(d, 1000).get('db-2')).toBe(0);
    delete d.databases[0].mailboxCount;
    expect([...databaseMailboxes(d, null).values()]).toEqual([0, 0]);
  });
});

describe('formatGB', () => {
  it('rounds away floating-point noise to one decimal', () => {
    expect(formatGB(500 * 1 * 1.2)).toBe('600 GB');
    expect(formatGB(1.25)).toBe('1.3 GB');
    expect(formatGB(2048)).toBe('2,048 GB');
  });
});
