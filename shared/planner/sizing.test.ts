import { describe, it, expect } from 'vitest';
import { exampleDesign } from '../../test/fixtures/designs';
import type { Design, Server } from '../model/types';
import { buildContext } from './context';
import { MESSAGE_PROFILES, memoryMinimum, messageProfile, sizingDetails, sizingReport } from './sizing';

const reportOf = (design: Design) => sizingReport(buildContext(design));

function byName(design: Design, name: string): Server {
  const s = design.servers.find((x) => x.name === name);
  if (!s) throw new Error(`no server ${name}`);
  return s;
}

describe('message profile table', () => {
  it('holds the catalogue numbers for every column', () => {
    expect(MESSAGE_PROFILES.map((p) => p.messagesPerDay)).toEqual([50, 100, 150, 200, 250, 300, 350, 400, 450, 500]);
    expect(MESSAGE_PROFILES.map((p) => p.cacheMBPerMailbox)).toEqual([3, 6, 9, 12, 15, 18, 21, 24, 27, 30]);
    expect(MESSAGE_PROFILES.map((p) => p.iopsStandalone)).toEqual([0.06, 0.12, 0.18, 0.24, 0.3, 0.36, 0.42, 0.48, 0.54, 0.6]);
    expect(MESSAGE_PROFILES.map((p) => p.iopsDagCopy)).toEqual([0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5]);
    expect(messageProfile(150).cacheMBPerMailbox).toBe(9);
  });
});

describe('memory minimum per role', () => {
  const ctx = buildContext(exampleDesign('minimal-ha'));
  const server = (roles: Server['roles'], cores: number): Server => ({ ...byName(ctx.design, 'CAS1'), id: 'x', roles, cores });

  it('takes the largest of the role rules', () => {
    expect(memoryMinimum(ctx, server(['CAS'], 2))).toEqual({ gb: 8, reason: 'Client Access needs 2 GB per core, at least 8 GB' });
    expect(memoryMinimum(ctx, server(['CAS', 'HT'], 8)).gb).toBe(16);
    expect(memoryMinimum(ctx, server(['HT'], 12))).toEqual({ gb: 12, reason: 'Hub Transport needs 1 GB per core' });
    expect(memoryMinimum(ctx, server(['HT'], 2))).toEqual({ gb: 4, reason: 'every Exchange server needs at least 4 GB' });
    expect(memoryMinimum(ctx, server(['MB', 'HT'], 2))).toEqual({ gb: 8, reason: 'a multi-role server needs at least 8 GB' });
    expect(memoryMinimum(ctx, server(['MB'], 16)).gb).toBe(4);
  });
});

describe('sizing report', () => {
  it('sums cores per site and derives the CAS and Hub requirements', () => {
    const r = reportOf(exampleDesign('minimal-ha'));
    expect(r.sites).toEqual([{ siteId: 'site-hq', siteName: 'HQ', mailboxCores: 16, casCores: 16, requiredCasCores: 12, hubCores: 16, requiredHubCores: 4 }]);
    const noAv = exampleDesign('minimal-ha');
    noAv.sizing!.hubAntivirus = false;
    expect(reportOf(noAv).sites[0].requiredHubCores).toBe(3); // 16 ÷ 7, rounded up
  });

  it('counts a multi-role server for every role it holds', () => {
    const r = reportOf(exampleDesign('multi-role-hlb'));
    expect(r.sites[0]).toMatchObject({ mailboxCores: 16, casCores: 16, hubCores: 16, requiredCasCores: 12 });
  });

  it('sizes Mailbox server memory for every copy active at worst case, and IOPS per copy', () => {
    const r = reportOf(exampleDesign('minimal-ha'));
    const mb1 = r.servers.find((s) => s.serverName === 'MB1');
    // DB1 and DB2 hold 1,000 ÷ 2 = 500 mailboxes each; both may be active on MB1: 4 GB + 1,000 × 6 MB = 9.86 GB.
    expect(mb1).toMatchObject({ mailboxesHosted: 1000, recommendedRamGB: 9.9, iops: 100, cores: 8, ramGB: 24 });
    expect(r.servers.find((s) => s.serverName === 'CAS1')).toMatchObject({ recommendedRamGB: 16, mailboxesHosted: 0, iops: 0 });
    expect(r.databases[0]).toEqual({ databaseId: 'db-1', databaseName: 'DB1', mailboxes: 500, projectedSizeGB: 600, limitGB: 2048, iops: 50 });
  });

  it('uses the standalone IOPS column for a single-copy database', () => {
    const r = reportOf(exampleDesign('seed-lab'));
    expect(r.databases[0]).toMatchObject({ databaseName: 'Mailbox Database 02', mailboxes: 150, limitGB: 200, iops: 18 });
    expect(r.servers.find((s) => s.serverName === 'EX2')?.iops).toBe(18);
  });

  it('leaves lagged copies out of the worst-case cache but not out of the IOPS', () => {
    const d = exampleDesign('minimal-ha');
    d.databases[0].copies[1].replayLagDays = 7; // DB1 on MB2
    const mb2 = reportOf(d).servers.find((s) => s.serverName === 'MB2');
    expect(mb2).toMatchObject({ mailboxesHosted: 500, iops: 100 });
  });

  it('adds the database cache on top of the other roles on a multi-role server', () => {
    const r = reportOf(exampleDesign('multi-role-hlb'));
    // 16 GB for Client Access (2 GB × 8 cores) + 500 mailboxes × 6 MB (2.93 GB) = 18.93 GB, rounded up to 19.0.
    expect(r.servers[0]).toMatchObject({ serverName: 'EXA', mailboxesHosted: 500, recommendedRamGB: 19 });
  });

  it('recommends databases, copies, cores and RAM from the sizing inputs (HA goal on: 2 copies)', () => {
    const rec = reportOf(exampleDesign('minimal-ha')).recommendation;
    expect(rec).toEqual({
      totalDataGB: 1200, // 1,000 × 1 GB × 1.2
      databaseCount: 1, // ≤ 2 TB with two HA copies
      databaseSizeGB: 1200,
      copiesPerDatabase: 2,
      mailboxCores: 2,
      casCores: 2,
      hubCores: 1,
      mailboxRamGB: 10, // 2 Mailbox servers, each holding all 1,000 mailboxes at worst case
      totalIops: 200, // 1,000 × 2 copies × 0.10
    });
  });

  it('recommends one copy and 200 GB databases with the HA goal off', () => {
    const d = exampleDesign('minimal-ha');
    d.goals.highlyAvailable = false;
    const rec = reportOf(d).recommendation;
    // 1.2 GB per mailbox: 166 mailboxes per 200 GB database → 7 databases.
    expect(rec).toMatchObject({ copiesPerDatabase: 1, databaseCount: 7, databaseSizeGB: 171.4, totalIops: 120 });
  });

  it('scales cores with the mailbox count and message profile', () => {
    const d = exampleDesign('minimal-ha');
    d.sizing = { mailboxCount: 10_000, mailboxQuotaGB: 2, messagesPerDay: 200, hubAntivirus: true };
    const rec = reportOf(d).recommendation;
    // 10,000 × 4 megacycles × (1.1 active + 0.15 passive) = 50,000 megacycles ÷ (3,300 × 70 %) = 21.6 → 22 cores.
    expect(rec).toMatchObject({ mailboxCores: 22, casCores: 17, hubCores: 5, totalDataGB: 24000, databaseCount: 12 });
    expect(rec!.databaseSizeGB).toBeLessThanOrEqual(2048);
  });

  it('without sizing inputs still reports cores and role memory, but no mailbox numbers', () => {
    const d = exampleDesign('minimal-ha');
    delete d.sizing;
    const r = reportOf(d);
    expect(r.inputs).toBeNull();
    expect(r.recommendation).toBeNull();
    expect(r.databases).toEqual([]);
    expect(r.sites[0].requiredCasCores).toBe(12);
    expect(r.servers.find((s) => s.serverName === 'MB1')).toMatchObject({ recommendedRamGB: 4, iops: 0 });
  });

  it('is computed once per planner context', () => {
    const ctx = buildContext(exampleDesign('large-lagged'));
    expect(sizingDetails(ctx)).toBe(sizingDetails(ctx));
    expect(sizingReport(ctx).servers).toBe(sizingDetails(ctx).servers);
  });
});
