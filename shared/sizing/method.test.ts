// The sizing method's formulas, each checked against figures worked by hand from shared/domain/sizing.md (the
// arithmetic is written out in the expectations; the code's output is never the source of an expected value).
import { describe, expect, it } from 'vitest';
import {
  cacheOfRam,
  cpuCapacity,
  databaseSizeGB,
  databaseVolume,
  logVolume,
  ramRowFor,
  recommendDatabases,
  requiredCores,
  roleMemory,
} from './method';
import { MESSAGE_PROFILES, mailboxSize, messageProfile } from './profile';
import { quorumFailures } from './worstCase';
import { mc, nd, size } from './format';

const KB_PER_GB = 1024 * 1024;

describe('message profile (sizing.md: per 50 messages a day)', () => {
  it('1 megacycle, 3 MB of cache, 0.06 / 0.05 IOPS and 10 logs per 50 messages a day', () => {
    expect(MESSAGE_PROFILES.map((p) => p.messagesPerDay)).toEqual([50, 100, 150, 200, 250, 300, 350, 400, 450, 500]);
    expect(MESSAGE_PROFILES.map((p) => p.megacycles)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(MESSAGE_PROFILES.map((p) => p.cacheMB)).toEqual([3, 6, 9, 12, 15, 18, 21, 24, 27, 30]);
    expect(MESSAGE_PROFILES.map((p) => p.iopsStandalone)).toEqual([0.06, 0.12, 0.18, 0.24, 0.3, 0.36, 0.42, 0.48, 0.54, 0.6]);
    expect(MESSAGE_PROFILES.map((p) => p.iopsDag)).toEqual([0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5]);
    expect(MESSAGE_PROFILES.map((p) => p.logsPerDay)).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
  });

  it('is linear between the columns (a mix of tiers averages exactly)', () => {
    // 1,000 mailboxes at 100 and 500 at 200: (1,000 × 100 + 500 × 200) ÷ 1,500 = 133.33 messages a day.
    const p = messageProfile((1000 * 100 + 500 * 200) / 1500);
    expect(p.megacycles).toBeCloseTo(133.3333 / 50, 3);
    expect(p.cacheMB).toBeCloseTo((3 * 133.3333) / 50, 3);
  });
});

describe('CPU: megacycles from SPECint_rate2006 (sizing.md worked example, Exchange team blog 2010-10-11)', () => {
  it('12 cores, rate 351: 351 ÷ 12 × 3,333 ÷ 18.75 = 5,199.48 ≈ 5,200 per core, 62,394 in all; 20,000 megacycles run at 32 %', () => {
    const cpu = cpuCapacity(12, 351, false);
    expect(cpu.perCore).toBeCloseTo(29.25 * 177.76, 6); // 351 ÷ 12 = 29.25; 3,333 ÷ 18.75 = 177.76
    expect(cpu.perCore).toBeCloseTo(5199.48, 2);
    expect(cpu.total).toBeCloseTo(62393.76, 2);
    expect(Math.round(cpu.total)).toBe(62394);
    expect(Math.round((20000 / cpu.total) * 100)).toBe(32);
    // 6 cores with the same rate: twice the megacycles per core, the same total (the blog's second case).
    expect(cpuCapacity(6, 351, false).perCore).toBeCloseTo(58.5 * 177.76, 6); // 10,399 per core
    expect(cpuCapacity(6, 351, false).total).toBeCloseTo(62393.76, 2);
  });

  it('without a SPECint result: the reference core, 3,333 megacycles', () => {
    expect(cpuCapacity(8, undefined, false)).toMatchObject({ perCore: 3333, total: 8 * 3333, specIntRate: null });
  });

  it('a virtual machine gets 10 % less', () => {
    expect(cpuCapacity(8, undefined, true).perCore).toBeCloseTo(3333 * 0.9, 9); // 2,999.7
    expect(cpuCapacity(4, 120, true).perCore).toBeCloseTo((120 / 4) * 177.76 * 0.9, 9); // 5,332.8 × 0.9 = 4,799.52
  });

  it('cores needed = megacycles ÷ (per core × target), never below the role minimum', () => {
    // 8,624.85 ÷ (5,199.48 × 80 %) = 8,624.85 ÷ 4,159.584 = 2.07 → 3 cores.
    expect(requiredCores(8624.85, 5199.48, 0.8, 2)).toEqual({ exact: 8624.85 / 4159.584, cores: 3 });
    // 2,200 ÷ (3,333 × 80 %) = 0.83 → 1, but a Mailbox server has at least 2.
    expect(requiredCores(2200, 3333, 0.8, 2).cores).toBe(2);
    // Exactly on a whole number: 2,666.4 ÷ (3,333 × 0.8) = 1.0 → 1 core (no floating-point 1.0000001 → 2).
    expect(requiredCores(2666.4, 3333, 0.8, 1).cores).toBe(1);
  });
});

describe('memory: the ESE database cache table (ee832793)', () => {
  it('recommends the smallest RAM row whose cache covers the need', () => {
    // sizing.md: 2,500 active × 9 MB = 22,500 MB = 21.97 GB → 32 GB RAM (24.4 GB cache); 24 GB gives only 17.6.
    expect(ramRowFor((2500 * 9) / 1024, false)).toEqual({ ramGB: 32, cacheGB: 24.4 });
    expect(ramRowFor(17.6, false)).toEqual({ ramGB: 24, cacheGB: 17.6 });
    expect(ramRowFor(111.2, false)).toEqual({ ramGB: 128, cacheGB: 111.2 });
    expect(ramRowFor(111.3, false)).toBeNull();
    // Multi-role: 3,000 × 6 MB = 17.58 GB → 32 GB (20 GB cache); the Mailbox-only table would say 24 GB (17.6).
    expect(ramRowFor((3000 * 6) / 1024, true)).toEqual({ ramGB: 32, cacheGB: 20 });
    expect(ramRowFor((3000 * 6) / 1024, false)).toEqual({ ramGB: 24, cacheGB: 17.6 });
  });

  it('gives installed RAM the cache of the largest row at or below it', () => {
    expect(cacheOfRam(48, false).cacheGB).toBe(39.2);
    expect(cacheOfRam(40, false).cacheGB).toBe(24.4); // 40 GB is between rows: the 32 GB row
    expect(cacheOfRam(1, false).cacheGB).toBe(0);
    expect(cacheOfRam(32, true).cacheGB).toBe(20);
  });

  it('memory per role (dd346700): Hub 1 GB and CAS 2 GB per core, 8 GB for CAS and multi-role, 4 GB otherwise', () => {
    expect(roleMemory(['HT'], 12)).toEqual({ gb: 12, reason: 'Hub Transport needs 1 GB per core' });
    expect(roleMemory(['HT'], 2)).toEqual({ gb: 4, reason: 'every Exchange server needs at least 4 GB' });
    expect(roleMemory(['CAS'], 2).gb).toBe(8); // max(8, 2 × 2)
    expect(roleMemory(['CAS', 'HT'], 8)).toEqual({ gb: 16, reason: 'a combined Client Access and Hub Transport server needs 2 GB per core, at least 8 GB' });
    expect(roleMemory(['MB'], 16).gb).toBe(4);
    expect(roleMemory(['CAS', 'HT', 'MB'], 16)).toEqual({ gb: 8, reason: 'a multi-role server needs at least 8 GB' });
  });
});

describe('capacity (sizing.md, Capacity)', () => {
  const inputs = { averageMessageSizeKB: 75, deletedItemRetentionDays: 14, singleItemRecovery: true, calendarVersionLogging: true };

  it('mailbox size on disk: quota + one day of mail + dumpster (retention, 1.2 % SIR, 5.8 % CVL)', () => {
    const m = mailboxSize(1, 100, inputs);
    // 100 × 75 KB = 7,500 KB white space; × 14 days = 105,000 KB deleted items; 1 GB × (1.2 % + 5.8 %) = 0.07 GB.
    expect(m.whiteSpaceGB).toBeCloseTo(7500 / KB_PER_GB, 12);
    expect(m.retentionGB).toBeCloseTo(105000 / KB_PER_GB, 12);
    expect(m.singleItemRecoveryGB).toBeCloseTo(0.012, 12);
    expect(m.calendarVersionLoggingGB).toBeCloseTo(0.058, 12);
    expect(m.totalGB).toBeCloseTo(1 + 112500 / KB_PER_GB + 0.07, 12); // 1.17729 GB
    // Without single item recovery and calendar version logging only the retention window stays.
    expect(mailboxSize(2, 200, { ...inputs, singleItemRecovery: false, calendarVersionLogging: false }).totalGB).toBeCloseTo(2 + (200 * 75 * 15) / KB_PER_GB, 12);
  });

  it('database = mailboxes × size × 1.2 × growth; volume = (database + 10 % index) × 1.2', () => {
    const s = 1 + 112500 / KB_PER_GB;
    expect(databaseSizeGB(500, s + 0.07, 1)).toBeCloseTo(500 * (s + 0.07) * 1.2, 9); // 706.37 GB
    expect(databaseSizeGB(500, 1, 1.1 ** 3)).toBeCloseTo(500 * 1.2 * 1.331, 9); // 10 % growth over 3 years
    const v = databaseVolume(706.373);
    expect(v.contentIndexGB).toBeCloseTo(70.6373, 9);
    expect(v.volumeGB).toBeCloseTo((706.373 + 70.6373) * 1.2, 9); // 932.41 GB
  });

  it('log volume = (daily logs × truncation days + moves × mailbox size) × 1.2; a lagged copy adds its lag days', () => {
    const size1 = 1 + 112500 / KB_PER_GB + 0.07;
    // 500 mailboxes × 20 logs of 1 MB = 10,000 MB = 9.77 GB a day; 1 % = 5 moves a week.
    const plain = logVolume(500, 20, 1, 3, 1, size1, 0);
    expect(plain.dailyGB).toBeCloseTo(10000 / 1024, 12);
    expect(plain.movesPerWeek).toBe(5);
    expect(plain.volumeGB).toBeCloseTo(((10000 / 1024) * 3 + 5 * size1) * 1.2, 9); // 42.22 GB
    const lagged = logVolume(500, 20, 1, 3, 1, size1, 7);
    expect(lagged.volumeGB).toBeCloseTo(((10000 / 1024) * (3 + 7) + 5 * size1) * 1.2, 9); // 124.25 GB
    expect(lagged.volumeGB - plain.volumeGB).toBeCloseTo((10000 / 1024) * 7 * 1.2, 9); // 82.03 GB more
  });

  it('recommends the fewest databases under 200 GB (no HA copies) or 2 TB (two or more)', () => {
    const size1 = 1 + 112500 / KB_PER_GB + 0.07; // 1.17729 GB → 1.41275 GB in a database
    // 2,048 ÷ 1.41275 = 1,449.7 → 1,449 mailboxes per database; 1,000 fit in one.
    expect(recommendDatabases(1000, size1, 1, 2)).toMatchObject({ limitGB: 2048, mailboxesPerDatabaseMax: 1449, databases: 1, mailboxesPerDatabase: 1000 });
    // 200 ÷ 1.41275 = 141.6 → 141; 150 mailboxes need ceil(150 ÷ 141) = 2 databases of 75.
    expect(recommendDatabases(150, size1, 1, 1)).toMatchObject({ limitGB: 200, mailboxesPerDatabaseMax: 141, databases: 2, mailboxesPerDatabase: 75 });
    // 24,000 × 2 GB at 100 messages: 2.24729 GB × 1.2 = 2.69675 GB; 2,048 ÷ 2.69675 = 759.4 → 759;
    // ceil(24,000 ÷ 759) = 32 databases of 750 mailboxes, 750 × 2.69675 = 2,022.6 GB (quota × 1.2 alone: 1,800 GB).
    const size2 = 2.14 + 112500 / KB_PER_GB;
    const r = recommendDatabases(24000, size2, 1, 3);
    expect(r).toMatchObject({ mailboxesPerDatabaseMax: 759, databases: 32, mailboxesPerDatabase: 750 });
    expect(r.databaseGB).toBeCloseTo(750 * size2 * 1.2, 9);
    expect(r.databaseGB).toBeLessThanOrEqual(2048);
  });
});

describe('quorum: failures a DAG survives', () => {
  it('a majority of the votes stays up (the witness votes when the member count is even)', () => {
    // 2 members + witness = 3 votes: 1 failure leaves 2 of 3. 3 members: 1. 4 + witness = 5: 2. 6 + witness = 7: 3.
    expect([1, 2, 3, 4, 5, 6, 16].map(quorumFailures)).toEqual([0, 1, 1, 2, 2, 3, 8]);
  });
});

describe('number format of the arithmetic lines', () => {
  it('prints sizes and megacycles without noise', () => {
    expect([size(21.97265625), size(1412.9), size(42.21998), size(5.859375)]).toEqual(['22 GB', '1,413 GB', '42.2 GB', '5.86 GB']);
    expect([mc(5199.48), mc(62393.76), nd(0.15, 3), nd(1.17728836, 3)]).toEqual(['5,199', '62,394', '0.15', '1.177']);
  });
});
