import { describe, it, expect } from 'vitest';
import { exampleDesign } from '../../test/fixtures/designs';
import type { MailboxDatabase } from '../model/types';
import { databaseSizeGB, databaseSizeLimitGB, databasesNeeded, haCopyCount, isLaggedCopy, mailboxesPerDatabase, projectedDatabaseSizeGB } from './dbsize';
import { DATABASE_OVERHEAD, DB_SIZE_LIMIT_HA_GB, DB_SIZE_LIMIT_STANDALONE_GB } from './limits';
import { formatGB } from './text';

const copy = (replayLagDays = 0, truncationLagDays = 0) => ({ serverId: 'srv', activationPreference: 1, replayLagDays, truncationLagDays });

describe('database sizing constants', () => {
  it('are the Exchange 2010 guidance figures', () => {
    expect(DATABASE_OVERHEAD).toBe(0.2);
    expect(DB_SIZE_LIMIT_STANDALONE_GB).toBe(200);
    expect(DB_SIZE_LIMIT_HA_GB).toBe(2048);
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

describe('mailboxesPerDatabase', () => {
  it("uses the database's own mailbox count first", () => {
    const d = exampleDesign('minimal-ha');
    d.databases[0].mailboxCount = 42;
    expect(mailboxesPerDatabase(d, d.databases[0])).toBe(42);
  });

  it('otherwise spreads the design mailbox count over all databases, rounding up', () => {
    const d = exampleDesign('minimal-ha');
    expect(mailboxesPerDatabase(d, d.databases[0])).toBe(500);
    d.databases.push({ ...structuredClone(d.databases[1]), id: 'db-3', name: 'DB3' });
    expect(mailboxesPerDatabase(d, d.databases[2])).toBe(334);
  });

  it('is null without any mailbox count', () => {
    const d = exampleDesign('minimal-ha');
    delete d.sizing;
    expect(mailboxesPerDatabase(d, d.databases[0])).toBeNull();
  });
});

describe('projectedDatabaseSizeGB', () => {
  it('is mailboxes × quota × 1.2', () => {
    const d = exampleDesign('minimal-ha');
    expect(projectedDatabaseSizeGB(d, d.databases[0])).toBeCloseTo(600, 9);
    expect(databaseSizeGB(150, 2)).toBeCloseTo(360, 9);
  });

  it('needs the sizing inputs (the quota)', () => {
    const d = exampleDesign('minimal-ha');
    d.databases[0].mailboxCount = 100;
    delete d.sizing;
    expect(projectedDatabaseSizeGB(d, d.databases[0])).toBeNull();
  });
});

describe('databaseSizeLimitGB', () => {
  it('is 200 GB below two HA copies and 2 TB from two', () => {
    expect(databaseSizeLimitGB(0)).toBe(200);
    expect(databaseSizeLimitGB(1)).toBe(200);
    expect(databaseSizeLimitGB(2)).toBe(2048);
    expect(databaseSizeLimitGB(16)).toBe(2048);
  });
});

describe('databasesNeeded', () => {
  it('splits mailboxes so no database exceeds its limit', () => {
    // 1 GB quota → 1.2 GB per mailbox → 166 mailboxes fit in 200 GB; 1706 in 2048 GB.
    expect(databasesNeeded(150, 1, 1)).toBe(1);
    expect(databasesNeeded(167, 1, 1)).toBe(2);
    expect(databasesNeeded(1000, 1, 2)).toBe(1);
    expect(databasesNeeded(2000, 1, 2)).toBe(2);
    // A 200 GB quota (240 GB per mailbox) exceeds the limit alone: at least one database per mailbox.
    expect(databasesNeeded(3, 200, 0)).toBe(3);
  });
});

describe('formatGB', () => {
  it('rounds away floating-point noise to one decimal', () => {
    expect(formatGB(500 * 1 * 1.2)).toBe('600 GB');
    expect(formatGB(1.25)).toBe('1.3 GB');
    expect(formatGB(2048)).toBe('2,048 GB');
  });
});
