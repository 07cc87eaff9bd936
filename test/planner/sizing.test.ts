// Sizing by Exchange 2010's documented method (shared/domain/sizing.md), on whole designs: every expected figure is
// worked by hand from the method and written out as arithmetic here, never copied from the code's output.
//
// Constants of the hand arithmetic: per 50 messages a day an active mailbox costs 1 megacycle (passive 15 %), 3 MB of
// database cache, 0.06 IOPS stand-alone or 0.05 with DAG copies, 10 logs of 1 MB; a mailbox's size on disk is its
// quota + messages a day × 75 KB × (1 + 14 days) + 7 % of the quota (single item recovery 1.2 % + calendar version
// logging 5.8 %); 1 GB = 1,024 MB = 1,048,576 KB.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exampleDesign, loadExample } from '../fixtures/designs';
import { generateRunbook } from '../../shared/runbook/generate';
import { planDesign } from '../../shared/planner/engine';
import type { Finding, ServerSizing, SizingReport } from '../../shared/planner/types';
import type { Design } from '../../shared/model/types';
import { sizingDesign } from './sizingDesigns';

const KB_PER_GB = 1024 * 1024;
/** A mailbox's size on disk (GB) at q GB quota and m messages a day, both features on. */
const onDisk = (q: number, m: number) => q + (m * 75 * 15) / KB_PER_GB + 0.07 * q;

function plan(design: Design): { sizing: SizingReport; findings: readonly Finding[] } {
  const p = planDesign(design);
  return { sizing: p.sizing, findings: p.findings };
}

function server(r: SizingReport, name: string): ServerSizing {
  const s = r.servers.find((x) => x.serverName === name);
  if (!s) throw new Error(`no server ${name}`);
  return s;
}

function mailbox(r: SizingReport, name: string) {
  const m = server(r, name).mailbox;
  if (!m) throw new Error(`${name} has no mailbox figures`);
  return m;
}

const withRule = (f: readonly Finding[], id: string) => f.filter((x) => x.ruleId === id);

describe("sizing.md's worked example: 5,000 mailboxes at 150 messages a day on 12-core servers, SPECint_rate2006 351", () => {
  // sizing.md writes "2,500 active mailboxes at worst (5,000 ÷ (2 − 1))", but 5,000 ÷ (2 − 1) is 5,000: 2,500 is
  // 5,000 ÷ (3 − 1), three Mailbox servers surviving one failure. This DAG is that: three members, two copies of each
  // of six databases, each server's two databases copied to the two others. 5,000 ÷ 6 = 833 r 2: DB1 and DB2 hold
  // 834, the others 833.
  const design = sizingDesign({
    servers: ['MB1', 'MB2', 'MB3'].map((name) => ({ name, cores: 12, specIntRate: 351, ramGB: 32 })),
    dags: { DAG1: ['MB1', 'MB2', 'MB3'] },
    databases: [
      { name: 'DB1', copies: ['MB1', 'MB3'] },
      { name: 'DB2', copies: ['MB2', 'MB3'] },
      { name: 'DB3', copies: ['MB1', 'MB2'] },
      { name: 'DB4', copies: ['MB2', 'MB1'] },
      { name: 'DB5', copies: ['MB3', 'MB1'] },
      { name: 'DB6', copies: ['MB3', 'MB2'] },
    ],
    tiers: [{ mailboxCount: 5000, mailboxQuotaGB: 1, messagesPerDay: 150 }],
  });
  const { sizing, findings } = plan(design);

  it('sizes every server for one failure: 2,500 active mailboxes at worst = 5,000 ÷ (3 − 1)', () => {
    expect(sizing.dags[0]).toMatchObject({ failures: 1, quorumFailures: 1, haCopies: 2, mailboxes: 5000, evenActiveMailboxes: 2500, worstActiveMailboxes: 2500 });
    // MB1 with MB2 failed: its DB1 (834) and DB3 (833), and DB4 (833) from MB2 = 2,500; DB5 (833) stays passive.
    expect(mailbox(sizing, 'MB1')).toMatchObject({ failedServers: ['MB2'], activeMailboxes: 834 + 833 + 833, passiveMailboxes: 833 });
    // MB3: DB5 + DB6 (1,666) and DB1 (834) from MB1 = 2,500; DB2 (834) stays passive.
    expect(mailbox(sizing, 'MB3')).toMatchObject({ failedServers: ['MB1'], activeMailboxes: 833 + 833 + 834, passiveMailboxes: 834 });
  });

  it('2,500 × 9 MB = 22 GB of cache → the 32 GB RAM row (24.4 GB cache), in one line', () => {
    const m = mailbox(sizing, 'MB1');
    expect(m.cacheGB).toBeCloseTo((2500 * 9) / 1024, 9); // 21.97 GB
    expect(m.ramRow).toEqual({ ramGB: 32, cacheGB: 24.4 });
    expect(server(sizing, 'MB1').lines).toContain('MB1 memory: 2,500 active mailboxes at worst × 9 MB = 22 GB database cache → 32 GB RAM (24.4 GB cache); has 32 GB (24.4 GB cache).');
  });

  it('CPU: (2,500 × 3 × 1.1 + 833 × 0.45) megacycles on 12 × 5,199.48 → 3 cores at 80 %', () => {
    const m = mailbox(sizing, 'MB1');
    const megacycles = 2500 * 3 * 1.1 + 833 * 3 * 0.15; // 8,250 + 374.85 = 8,624.85
    const perCore = (351 / 12) * (3333 / 18.75); // 5,199.48
    expect(m.megacycles).toBeCloseTo(megacycles, 6);
    expect(server(sizing, 'MB1').megacyclesPerCore).toBeCloseTo(perCore, 6);
    expect(m.utilisation).toBeCloseTo(megacycles / (12 * perCore), 9); // 13.8 %
    expect(m.coresExact).toBeCloseTo(megacycles / (perCore * 0.8), 9); // 2.07
    expect(m.requiredCores).toBe(3);
    const cpuLine = server(sizing, 'MB1').lines.find((l) => l.startsWith('MB1 CPU'));
    expect(cpuLine).toContain('2,500 active × 3 × 1.1 (2 copies) + 833 passive × 0.45 = 8,625 megacycles');
    expect(cpuLine).toContain('SPECint_rate2006 351 ÷ 12 cores × 3,333 ÷ 18.75 = 5,199 megacycles per core × 12 cores = 62,394 available → 13.8 % at worst (target 80 %)');
    expect(cpuLine).toContain('needs 8,625 ÷ (5,199 × 80 %) = 2.07 → 3 cores; has 12.');
  });

  it('IOPS: every copy it hosts × 0.15 × 1.2 (DAG copies at 150 messages a day)', () => {
    // MB1 hosts DB1 (834), DB3 (833), DB4 (833) and DB5 (833): 3,333 mailboxes × 0.15 × 1.2 = 599.94.
    expect(mailbox(sizing, 'MB1').iops).toBeCloseTo(3333 * 0.15 * 1.2, 9);
  });

  it('no CPU, memory or storage finding: the servers are big enough', () => {
    for (const id of ['size.cpu', 'size.mailbox-memory', 'size.memory-min', 'size.storage', 'db.size']) expect(withRule(findings, id)).toEqual([]);
  });
});

describe('a stand-alone Mailbox server (no DAG)', () => {
  // 400 mailboxes, 2 GB, 200 messages a day, in two single-copy databases of 200 on one 4-core, 16 GB server.
  const design = sizingDesign({
    servers: [{ name: 'EX1', cores: 4, ramGB: 16 }, { name: 'CAS1', roles: ['CAS', 'HT'], cores: 4, ramGB: 8 }],
    databases: [
      { name: 'DB1', copies: ['EX1'] },
      { name: 'DB2', copies: ['EX1'] },
    ],
    tiers: [{ mailboxCount: 400, mailboxQuotaGB: 2, messagesPerDay: 200 }],
    highlyAvailable: false,
  });
  const { sizing, findings } = plan(design);
  const disk = onDisk(2, 200); // 2 + 200 × 75 × 15 KB + 0.14 = 2.3546 GB

  it('every database is active on it: 400 × 4 megacycles = 1,600 → 2 cores (Mailbox minimum)', () => {
    expect(sizing.dags).toEqual([]);
    const m = mailbox(sizing, 'EX1');
    expect(m).toMatchObject({ dagName: null, failures: 0, activeMailboxes: 400, passiveMailboxes: 0, requiredCores: 2 });
    expect(m.megacycles).toBeCloseTo(400 * 4, 9);
    expect(m.utilisation).toBeCloseTo(1600 / (4 * 3333), 9); // 12 %
  });

  it('400 × 12 MB = 4.69 GB of cache → 16 GB RAM (10.4 GB): the 8 GB row gives only 3.6 GB', () => {
    expect(mailbox(sizing, 'EX1').cacheGB).toBeCloseTo((400 * 12) / 1024, 9);
    expect(mailbox(sizing, 'EX1').ramRow).toEqual({ ramGB: 16, cacheGB: 10.4 });
  });

  it('stand-alone IOPS column: 200 × 0.24 × 1.2 = 57.6 per database, 115.2 on the server', () => {
    expect(sizing.databases[0].iopsPerCopy).toBeCloseTo(200 * 0.24 * 1.2, 9);
    expect(mailbox(sizing, 'EX1').iops).toBeCloseTo(2 * 57.6, 9);
  });

  it('each database is 200 × 2.35 × 1.2 = 565 GB, over the 200 GB stand-alone limit; 6 databases of 67 recommended', () => {
    const db = sizing.databases[0];
    expect(db.sizeGB).toBeCloseTo(200 * disk * 1.2, 9);
    expect(db.limitGB).toBe(200);
    expect(db.databaseVolumeGB).toBeCloseTo(200 * disk * 1.2 * 1.1 * 1.2, 9); // + 10 % index, 20 % free: 745.9 GB
    // Logs: 200 × 40 MB = 7.81 GB a day; (7.81 × 3 + 2 moves × 2.35 GB) × 1.2 = 33.78 GB.
    expect(db.logVolumeGB).toBeCloseTo(((200 * 40) / 1024 * 3 + 2 * disk) * 1.2, 9);
    expect(withRule(findings, 'db.size')).toHaveLength(2);
    // 200 ÷ (2.3546 × 1.2) = 70.8 → 70 per database; ceil(400 ÷ 70) = 6 databases of ceil(400 ÷ 6) = 67.
    expect(sizing.recommendation).toMatchObject({ haCopies: 1, limitGB: 200, mailboxesPerDatabaseMax: 70, databaseCount: 6, mailboxesPerDatabase: 67 });
    expect(sizing.recommendation?.databaseSizeGB).toBeCloseTo(67 * disk * 1.2, 9);
  });
});

describe('a two-member DAG (the minimal-HA example: 1,000 mailboxes, 1 GB, 100 messages a day)', () => {
  const { sizing } = plan(exampleDesign('minimal-ha'));
  const disk = onDisk(1, 100); // 1.17729 GB

  it('one failure: the survivor carries all 1,000 mailboxes = ceil(1,000 ÷ (2 − 1))', () => {
    expect(sizing.dags[0]).toMatchObject({ dagName: 'DAG1', failures: 1, evenActiveMailboxes: 1000, worstActiveMailboxes: 1000 });
    expect(mailbox(sizing, 'MB1')).toMatchObject({ failedServers: ['MB2'], activeMailboxes: 1000, passiveMailboxes: 0, requiredCores: 2 });
    expect(mailbox(sizing, 'MB1').megacycles).toBeCloseTo(1000 * 2 * 1.1, 9); // 2,200
    expect(mailbox(sizing, 'MB1').cacheGB).toBeCloseTo((1000 * 6) / 1024, 9); // 5.86 GB → 16 GB (10.4)
    expect(mailbox(sizing, 'MB1').ramRow).toEqual({ ramGB: 16, cacheGB: 10.4 });
    expect(server(sizing, 'MB1').recommendedRamGB).toBe(16);
  });

  it('databases of 500: 500 × 1.177 × 1.2 = 706 GB, volume 932 GB, logs 42.2 GB, 60 IOPS per copy', () => {
    const db = sizing.databases[0];
    expect(db.mailboxes).toBe(500);
    expect(db.sizeGB).toBeCloseTo(500 * disk * 1.2, 9);
    expect(db.databaseVolumeGB).toBeCloseTo(500 * disk * 1.2 * 1.1 * 1.2, 9);
    expect(db.logVolumeGB).toBeCloseTo(((500 * 20) / 1024 * 3 + 5 * disk) * 1.2, 9);
    expect(db.iopsPerCopy).toBeCloseTo(500 * 0.1 * 1.2, 9);
    expect(db.iops).toBeCloseTo(2 * 60, 9);
    expect(mailbox(sizing, 'MB1').storageGB).toBeCloseTo(2 * (500 * disk * 1.2 * 1.32) + 2 * (((500 * 20) / 1024) * 3 + 5 * disk) * 1.2, 6);
  });

  it('the combined CAS+HT servers cover the Mailbox cores 1:1: 16 of 16', () => {
    expect(sizing.sites[0].clientAccess).toMatchObject({ mailbox: 16, separate: 0, combined: 16, covered: 16, ok: true });
    expect(sizing.sites[0].hubTransport).toMatchObject({ mailbox: 16, combined: 16, covered: 16, ok: true });
  });

  it('one recommendation, from the per-server figures: 1 database of 1,000, Mailbox servers 2 cores and 16 GB', () => {
    // 2,048 ÷ (1.17729 × 1.2) = 1,449.7 → 1,449 per database: one database of 1,000 mailboxes = 1,412.7 GB.
    expect(sizing.recommendation).toMatchObject({ databaseCount: 1, mailboxesPerDatabase: 1000, mailboxServer: { serverName: 'MB1', cores: 2, ramGB: 16 } });
    expect(sizing.recommendation?.databaseSizeGB).toBeCloseTo(1000 * disk * 1.2, 9);
    expect(sizing.recommendation?.totalIops).toBeCloseTo(4 * 60, 9);
  });
});

describe('a six-member DAG with three copies of each database (24,000 mailboxes, 2 GB, 100 messages a day)', () => {
  // Six databases of 4,000, each copied to the next two members (DB1: MB1, MB2, MB3; DB2: MB2, MB3, MB4; …).
  const names = ['MB1', 'MB2', 'MB3', 'MB4', 'MB5', 'MB6'];
  const design = sizingDesign({
    servers: names.map((name) => ({ name, cores: 8, ramGB: 48 })).concat([{ name: 'CAS1', roles: ['CAS', 'HT'], cores: 24, ramGB: 48 }, { name: 'CAS2', roles: ['CAS', 'HT'], cores: 24, ramGB: 48 }] as never[]),
    dags: { DAG1: names },
    databases: names.map((_, i) => ({ name: `DB${i + 1}`, copies: [0, 1, 2].map((k) => names[(i + k) % 6]) })),
    tiers: [{ mailboxCount: 24000, mailboxQuotaGB: 2, messagesPerDay: 100 }],
  });
  const { sizing, findings } = plan(design);

  it('survives 2 failures (3 HA copies − 1; 6 members keep quorum through 3)', () => {
    expect(sizing.dags[0]).toMatchObject({ failures: 2, quorumFailures: 3, haCopies: 3, mailboxes: 24000 });
    // The even spread would be ceil(24,000 ÷ (6 − 2)) = 6,000 …
    expect(sizing.dags[0].evenActiveMailboxes).toBe(6000);
  });

  it('… but on this layout MB3 gets DB1 and DB2 when MB1 and MB2 fail: 3 × 4,000 = 12,000 active', () => {
    expect(mailbox(sizing, 'MB3')).toMatchObject({ failedServers: ['MB1', 'MB2'], activeMailboxes: 12000, passiveMailboxes: 0 });
    expect(sizing.dags[0].worstActiveMailboxes).toBe(12000);
  });

  it('12,000 × 2 × 1.2 (3 copies) = 28,800 megacycles need 11 cores: 3 short on 8', () => {
    const m = mailbox(sizing, 'MB3');
    expect(m.megacycles).toBeCloseTo(12000 * 2 * 1.2, 9);
    expect(m.coresExact).toBeCloseTo(28800 / (3333 * 0.8), 9); // 10.8
    expect(m).toMatchObject({ requiredCores: 11, missingCores: 3 });
    const cpu = withRule(findings, 'size.cpu');
    expect(cpu).toHaveLength(6);
    expect(cpu.find((f) => f.message.startsWith('MB3'))?.message).toContain('with MB1 and MB2 failed (DAG DAG1)');
    expect(cpu.find((f) => f.message.startsWith('MB3'))?.message).toContain('3 cores short');
  });

  it('12,000 × 6 MB = 70.3 GB of cache → 96 GB RAM; 48 GB gives 39.2 GB: 31.1 GB short', () => {
    const m = mailbox(sizing, 'MB3');
    expect(m.cacheGB).toBeCloseTo((12000 * 6) / 1024, 9);
    expect(m.ramRow).toEqual({ ramGB: 96, cacheGB: 82.4 });
    expect(m.cacheShortGB).toBeCloseTo((12000 * 6) / 1024 - 39.2, 9);
    const memory = withRule(findings, 'size.mailbox-memory');
    expect(memory).toHaveLength(6);
    expect(memory[0].message).toContain('31.1 GB short; the 96 GB RAM row gives 82.4 GB');
    expect(memory.every((f) => f.severity === 'warning')).toBe(true);
  });

  it('4,000 × 2.247 × 1.2 = 10,787 GB per database, over 2 TB: 32 databases of 750 recommended', () => {
    expect(sizing.databases[0].sizeGB).toBeCloseTo(4000 * onDisk(2, 100) * 1.2, 9);
    expect(withRule(findings, 'db.size')).toHaveLength(6);
    // 2,048 ÷ (2.24729 × 1.2) = 759.4 → 759; ceil(24,000 ÷ 759) = 32; 24,000 ÷ 32 = 750.
    expect(sizing.recommendation).toMatchObject({ databaseCount: 32, mailboxesPerDatabase: 750 });
  });

  it('the recommendation agrees with the per-server findings (11 cores, 96 GB)', () => {
    expect(sizing.recommendation?.mailboxServer).toMatchObject({ cores: 11, ramGB: 96 });
    for (const s of sizing.servers.filter((x) => x.mailbox)) {
      expect(s.recommendedCores).toBeLessThanOrEqual(11);
      expect(s.recommendedRamGB).toBeLessThanOrEqual(96);
    }
  });

  it('asked to survive 3 failures: a server still holds only 3 copies, 3 × 4,000 = 12,000; the third failure adds nothing', () => {
    const d = structuredClone(design);
    if (d.sizing) d.sizing.failuresToSurvive = 3;
    const r = plan(d).sizing;
    expect(r.dags[0].failures).toBe(3);
    expect(r.dags[0].evenActiveMailboxes).toBe(8000); // ceil(24,000 ÷ (6 − 3))
    // MB4 holds DB4 (first), DB3 (after MB3) and DB2 (after MB2 and MB3): MB2 and MB3 down bring both.
    expect(mailbox(r, 'MB4')).toMatchObject({ activeMailboxes: 3 * 4000, failedServers: ['MB2', 'MB3'] });
    expect(r.servers.find((x) => x.serverName === 'MB4')?.lines[0]).toContain('MB4 worst case (DAG DAG1, sized for 3 failures): MB2 and MB3 failed;');
  });
});

describe('a DAG with a lagged copy', () => {
  // Three members; DB1: MB1, MB2, MB3 lagged 7 days; DB2: MB2, MB1, MB3 lagged 7 days; 1,000 mailboxes, 1 GB.
  const design = sizingDesign({
    servers: [{ name: 'MB1' }, { name: 'MB2' }, { name: 'MB3' }],
    dags: { DAG1: ['MB1', 'MB2', 'MB3'] },
    databases: [
      { name: 'DB1', copies: ['MB1', 'MB2', 'MB3:7'] },
      { name: 'DB2', copies: ['MB2', 'MB1', 'MB3:7'] },
    ],
    tiers: [{ mailboxCount: 1000, mailboxQuotaGB: 1, messagesPerDay: 100 }],
  });
  const { sizing, findings } = plan(design);
  const disk = onDisk(1, 100);

  it('two HA copies: sized for 1 failure; the lagged copy never becomes active', () => {
    expect(sizing.dags[0]).toMatchObject({ haCopies: 2, failures: 1 });
    expect(mailbox(sizing, 'MB1')).toMatchObject({ activeMailboxes: 1000, failedServers: ['MB2'] });
    expect(mailbox(sizing, 'MB3')).toMatchObject({ activeMailboxes: 0, passiveMailboxes: 1000 });
    // MB1: 1,000 × 2 × 1.2 (3 copies: the lagged one receives the logs too) = 2,400; MB3: 1,000 × 0.3 = 300.
    expect(mailbox(sizing, 'MB1').megacycles).toBeCloseTo(1000 * 2 * 1.2, 9);
    expect(mailbox(sizing, 'MB3').megacycles).toBeCloseTo(1000 * 2 * 0.15, 9);
  });

  it('the lagged copy keeps 7 days of logs more: (9.77 × (3 + 7) + 5 × 1.177) × 1.2 = 124.3 GB', () => {
    const db = sizing.databases[0];
    const daily = (500 * 20) / 1024; // 9.77 GB
    expect(db.lagDays).toBe(7);
    expect(db.logVolumeGB).toBeCloseTo((daily * 3 + 5 * disk) * 1.2, 9); // 42.2 GB
    expect(db.laggedLogVolumeGB).toBeCloseTo((daily * 10 + 5 * disk) * 1.2, 9); // 124.3 GB
    expect(db.laggedExtraGB).toBeCloseTo(daily * 7 * 1.2, 9); // 82 GB more
    expect(mailbox(sizing, 'MB3').logVolumesGB).toBeCloseTo(2 * (daily * 10 + 5 * disk) * 1.2, 9);
    const lagged = withRule(findings, 'size.lagged-logs');
    expect(lagged.map((f) => f.severity)).toEqual(['info', 'info']);
    expect(lagged[0].message).toBe('Database DB1: the lagged copy on MB3 keeps 7 days of logs (9.77 GB a day): its log volume needs 124 GB, 82 GB more than the 42.2 GB of the other copies.');
  });

  it('with a lagged copy, the database is no HA database for db.size only below 2 HA copies', () => {
    expect(sizing.databases[0]).toMatchObject({ copies: 3, haCopies: 2, limitGB: 2048 });
  });
});

describe('a multi-role design (Mailbox + Client Access + Hub Transport on the same servers)', () => {
  // The multi-role-hlb example, with 1,500 mailboxes in each of its two databases.
  const d = exampleDesign('multi-role-hlb');
  for (const db of d.databases) db.mailboxCount = 1500;
  const { sizing, findings } = plan(d);

  it('keeps the Mailbox role within 40 %: 3,000 × 2 × 1.1 = 6,600 megacycles ÷ (3,333 × 40 %) → 5 cores', () => {
    const m = mailbox(sizing, 'EXA');
    expect(m).toMatchObject({ activeMailboxes: 3000, targetUtilisation: 0.4, requiredCores: 5 });
    expect(m.megacycles).toBeCloseTo(3000 * 2 * 1.1, 9);
    expect(m.coresExact).toBeCloseTo(6600 / (3333 * 0.4), 9); // 4.95
    expect(withRule(findings, 'size.cpu')).toEqual([]); // it has 8
  });

  it('4 cores are 1 short (49.5 % of 13,332 megacycles is over the 40 %)', () => {
    const d4 = structuredClone(d);
    for (const s of d4.servers) s.cores = 4;
    const r = plan(d4);
    expect(mailbox(r.sizing, 'EXA').utilisation).toBeCloseTo(6600 / (4 * 3333), 9);
    expect(mailbox(r.sizing, 'EXA').missingCores).toBe(1);
    expect(withRule(r.findings, 'size.cpu')).toHaveLength(2);
  });

  it('uses the multi-role cache table: 3,000 × 6 MB = 17.6 GB → 32 GB (20 GB), not 24 GB', () => {
    expect(mailbox(sizing, 'EXA').ramRow).toEqual({ ramGB: 32, cacheGB: 20 });
    expect(server(sizing, 'EXA').roleMemoryGB).toBe(8);
  });

  it('multi-role servers serve their own mailboxes: no Client Access or Hub Transport ratio to meet', () => {
    expect(sizing.sites[0].clientAccess).toMatchObject({ mailbox: 0, ok: true });
    expect(withRule(findings, 'size.cas-cores')).toEqual([]);
  });
});

describe('a virtualised design', () => {
  // minimal-ha with MB1 and MB2 as 4-vCPU virtual machines, SPECint_rate2006 120, and 7,000 mailboxes.
  const d = exampleDesign('minimal-ha');
  if (d.sizing) d.sizing.tiers[0].mailboxCount = 7000;
  for (const s of d.servers.filter((x) => x.roles.includes('MB'))) Object.assign(s, { cores: 4, specIntRate: 120, virtualized: true });
  const { sizing, findings } = plan(d);
  const perCore = (120 / 4) * (3333 / 18.75) * 0.9; // 5,332.8 less 10 % = 4,799.52

  it('a virtual machine gets 10 % fewer megacycles: 7,000 × 2.2 = 15,400 ÷ (4,799.52 × 80 %) → 5 cores: 1 short', () => {
    const m = mailbox(sizing, 'MB1');
    expect(server(sizing, 'MB1').megacyclesPerCore).toBeCloseTo(perCore, 9);
    expect(m.megacycles).toBeCloseTo(7000 * 2 * 1.1, 9);
    expect(m.coresExact).toBeCloseTo(15400 / (perCore * 0.8), 9); // 4.01
    expect(m).toMatchObject({ requiredCores: 5, missingCores: 1 });
    // Physical, the same server would fit: 15,400 ÷ (5,332.8 × 80 %) = 3.61 → 4.
    const physical = structuredClone(d);
    for (const s of physical.servers) s.virtualized = false;
    expect(mailbox(plan(physical).sizing, 'MB1').requiredCores).toBe(4);
    expect(withRule(findings, 'size.cpu')[0].message).toContain('15,400 ÷ (4,800 per core × 80 % target) = 4.01 → 5 cores; 1 core short');
  });

  it('compares megacycles, not cores, in the ratios when the CPUs differ', () => {
    const site = sizing.sites[0];
    expect(site.unit).toBe('megacycles');
    // Mailbox: 2 × 4 × 4,799.52 = 38,396.16; combined CAS+HT: 2 × 8 × 3,333 = 53,328 (1:1) → covered.
    expect(site.clientAccess.mailbox).toBeCloseTo(2 * 4 * perCore, 6);
    expect(site.clientAccess.combined).toBeCloseTo(2 * 8 * 3333, 6);
    expect(site.clientAccess.ok).toBe(true);
  });

  it('7,000 × 6 MB = 41 GB of cache → 64 GB RAM (53.6); its 24 GB (17.6) are 23.4 GB short', () => {
    const m = mailbox(sizing, 'MB1');
    expect(m.ramRow).toEqual({ ramGB: 64, cacheGB: 53.6 });
    expect(m.cacheShortGB).toBeCloseTo((7000 * 6) / 1024 - 17.6, 9);
  });
});

describe('Client Access and Hub Transport ratios: a combined CAS+HT server counts once (1:1)', () => {
  it('East of the large example: 4 × 16 combined cores for 9 × 8 = 72 Mailbox cores: 8 short', () => {
    const { sizing, findings } = plan(exampleDesign('large-lagged'));
    const east = sizing.sites.find((s) => s.siteName === 'East');
    // Client Access: ceil((72 − 64) × 3/4) = 6 CAS-only cores; Hub: ceil((72 − 64) ÷ 5) = 2 Hub-only cores.
    expect(east?.clientAccess).toMatchObject({ mailbox: 72, combined: 64, covered: 64, requiredSeparate: 6, addSeparate: 6, ok: false });
    expect(east?.hubTransport).toMatchObject({ mailbox: 72, combined: 64, requiredSeparate: 2, addSeparate: 2, ok: false });
    // HQ: 72 CAS cores × 4/3 = 96 of 96; 24 Hub cores × 5 = 120 ≥ 96.
    const hq = sizing.sites.find((s) => s.siteName === 'HQ');
    expect(hq?.clientAccess).toMatchObject({ mailbox: 96, separate: 72, covered: 96, ok: true });
    expect(hq?.hubTransport).toMatchObject({ mailbox: 96, separate: 24, covered: 120, ok: true });
    expect(withRule(findings, 'size.cas-cores').map((f) => f.message)).toEqual([
      'AD site East has 64 combined CAS+HT cores (EA-CAS01, EA-CAS02, EA-CAS03 and EA-CAS04) for 72 Mailbox cores; Exchange 2010 guidance (Mailbox:CAS = 4:3, a combined CAS+HT server 1:1) needs at least 6 Client Access cores besides the combined ones: 64 combined CAS+HT cores × 1 covers 64 of 72.',
    ]);
  });
});

describe('properties', () => {
  // A DAG of 2–6 members with 1–8 databases, each with 1–3 copies on consecutive members (some lagged).
  const designArb = fc
    .record({
      members: fc.integer({ min: 2, max: 6 }),
      databases: fc.integer({ min: 1, max: 8 }),
      copies: fc.integer({ min: 1, max: 3 }),
      lagged: fc.boolean(),
      mailboxes: fc.integer({ min: 1, max: 20000 }),
      extra: fc.integer({ min: 1, max: 20000 }),
      profile: fc.constantFrom(50, 100, 150, 200, 300, 500),
      quota: fc.constantFrom(0.5, 1, 2, 5),
      failures: fc.integer({ min: 0, max: 4 }),
    })
    .map((p) => {
      const names = Array.from({ length: p.members }, (_, i) => `MB${i + 1}`);
      const build = (mailboxCount: number, failures: number | null) =>
        sizingDesign({
          servers: names.map((name) => ({ name, cores: 4, ramGB: 32, storageGB: 500, storageIops: 100 })),
          dags: { DAG1: names },
          databases: Array.from({ length: p.databases }, (_, i) => ({
            name: `DB${i + 1}`,
            copies: Array.from({ length: Math.min(p.copies, p.members) }, (_, k) => `${names[(i + k) % p.members]}${p.lagged && k === 2 ? ':7' : ''}`),
          })),
          tiers: [{ mailboxCount, mailboxQuotaGB: p.quota, messagesPerDay: p.profile }],
          sizing: { failuresToSurvive: failures },
        });
      return { p, build };
    });

  const needs = (r: SizingReport) =>
    r.servers.map((s) => ({
      active: s.mailbox?.activeMailboxes ?? 0,
      megacycles: s.mailbox?.megacycles ?? 0,
      cores: s.recommendedCores,
      ram: s.mailbox?.ramRow?.ramGB ?? Infinity,
      iops: s.mailbox?.iops ?? 0,
      storage: s.mailbox?.storageGB ?? 0,
    }));

  it('more mailboxes never need fewer resources', () => {
    fc.assert(
      fc.property(designArb, ({ p, build }) => {
        const a = plan(build(p.mailboxes, null)).sizing;
        const b = plan(build(p.mailboxes + p.extra, null)).sizing;
        const na = needs(a);
        const nb = needs(b);
        na.forEach((x, i) => {
          for (const k of ['active', 'megacycles', 'cores', 'ram', 'iops', 'storage'] as const) expect(nb[i][k]).toBeGreaterThanOrEqual(x[k] - 1e-9);
        });
        a.databases.forEach((d, i) => expect(b.databases[i].sizeGB).toBeGreaterThanOrEqual(d.sizeGB - 1e-9));
        expect(b.recommendation?.databaseCount ?? 0).toBeGreaterThanOrEqual(a.recommendation?.databaseCount ?? 0);
      }),
      { numRuns: 150 },
    );
  });

  it('surviving more failures never needs less', () => {
    fc.assert(
      fc.property(designArb, ({ p, build }) => {
        const a = plan(build(p.mailboxes, p.failures)).sizing;
        const b = plan(build(p.mailboxes, p.failures + 1)).sizing;
        expect(b.dags[0].failures).toBeGreaterThanOrEqual(a.dags[0].failures);
        const na = needs(a);
        const nb = needs(b);
        na.forEach((x, i) => {
          for (const k of ['active', 'megacycles', 'cores', 'ram'] as const) expect(nb[i][k]).toBeGreaterThanOrEqual(x[k] - 1e-9);
        });
      }),
      { numRuns: 150 },
    );
  });
});

describe('the storage layout in the runbook', () => {
  it("creates each database at the layout's paths: mount points by default, the same on every copy", () => {
    const doc = loadExample('minimal-ha');
    const create = (d: typeof doc) => {
      const r = generateRunbook(d, { generatedAt: '' });
      if (!r.ok) throw new Error(r.message);
      return r.runbook.steps.filter((s) => s.action.kind === 'new-mailbox-database').map((s) => s.action);
    };
    expect(create(doc)).toEqual([
      { kind: 'new-mailbox-database', name: 'DB1', server: 'MB1', edbFilePath: 'C:\\ExchangeDatabases\\DB1\\DB1.db\\DB1.edb', logFolderPath: 'C:\\ExchangeLogs\\DB1\\DB1.log' },
      { kind: 'new-mailbox-database', name: 'DB2', server: 'MB2', edbFilePath: 'C:\\ExchangeDatabases\\DB2\\DB2.db\\DB2.edb', logFolderPath: 'C:\\ExchangeLogs\\DB2\\DB2.log' },
    ]);
    // Drive letters: E: and F: for DB1, G: and H: for DB2 (D: is the setup media), the same on both members.
    doc.design.sizing!.storage.kind = 'driveLetters';
    expect(create(doc).map((a) => (a.kind === 'new-mailbox-database' ? [a.edbFilePath, a.logFolderPath] : []))).toEqual([
      ['E:\\DB1.db\\DB1.edb', 'F:\\DB1.log'],
      ['G:\\DB2.db\\DB2.edb', 'H:\\DB2.log'],
    ]);
    // Without sizing inputs the default mount points still apply.
    delete doc.design.sizing;
    expect(create(doc)[0]).toMatchObject({ edbFilePath: 'C:\\ExchangeDatabases\\DB1\\DB1.db\\DB1.edb' });
  });
});
