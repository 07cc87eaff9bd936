import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadDesignText } from '../../shared/model';

const seed = readFileSync(new URL('../../examples/seed-lab.extopo.json', import.meta.url), 'utf8');

describe('loading a design file', () => {
  it('loads the seed lab with its three servers and the NLB cluster', () => {
    const r = loadDesignText(seed);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.document.design.servers.map((s) => s.name)).toEqual(['EX2', 'EX3', 'EX4']);
    expect(r.document.design.nlbClusters[0].vip).toBe('192.168.0.38');
  });

  it('reports the line and column of a JSON syntax error', () => {
    const broken = seed.replace('"name": "EX3",', '"name": "EX3"');
    const r = loadDesignText(broken);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems[0].line).toBeGreaterThan(40);
    expect(r.problems[0].message).toMatch(/line \d+, column \d+/);
  });

  it('names both ends of a dangling reference', () => {
    const r = loadDesignText(seed.replace('"serverId": "srv-ex4", "nicId"', '"serverId": "srv-ex9", "nicId"'));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const msg = r.problems.map((p) => p.message).join('\n');
    expect(msg).toContain('NLB cluster casarray.exchangeserverpro.local');
    expect(msg).toContain('"srv-ex9"');
  });

  it('migrates a format-1 file with inline positions into the layout section', () => {
    const doc = JSON.parse(seed);
    doc.formatVersion = 1;
    delete doc.layout;
    doc.design.servers[0].position = { x: 10, y: 20 };
    const r = loadDesignText(JSON.stringify(doc));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    // 1 → 2 (layout), 2 → 3 (sizing tiers) and 3 → 4 (site resilience).
    expect(r.migrated).toHaveLength(3);
    expect(r.migrated[0]).toMatch(/^1→2: /);
    expect(r.document.layout.nodes['srv-ex2']).toEqual({ x: 10, y: 20 });
  });
});

describe('format 2 → 3: sizing inputs become mailbox tiers', () => {
  /** The seed lab as ExTopo 0.1 saved it: format 2, one mailbox count, quota and message profile. */
  function formatTwo(sizing: Record<string, unknown> | null): string {
    const doc = JSON.parse(seed);
    doc.formatVersion = 2;
    if (sizing === null) delete doc.design.sizing;
    else doc.design.sizing = sizing;
    return JSON.stringify(doc);
  }

  it('turns the one mailbox count, quota and profile into a tier "All mailboxes" and fills the new inputs with the defaults', () => {
    const r = loadDesignText(formatTwo({ mailboxCount: 150, mailboxQuotaGB: 1, messagesPerDay: 100, hubAntivirus: false }));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.migrated).toEqual([expect.stringMatching(/^2→3: Sizing inputs become mailbox tiers/), expect.stringMatching(/^3→4: /)]);
    expect(r.document.formatVersion).toBe(4);
    expect(r.document.design.sizing).toEqual({
      tiers: [{ name: 'All mailboxes', mailboxCount: 150, mailboxQuotaGB: 1, messagesPerDay: 100 }],
      hubAntivirus: false,
      // sizing.md's defaults:
      averageMessageSizeKB: 75,
      deletedItemRetentionDays: 14,
      singleItemRecovery: true,
      calendarVersionLogging: true,
      failuresToSurvive: null,
      targetMailboxCpuPercent: 80,
      logTruncationFailureDays: 3,
      mailboxMovesPerWeekPercent: 1,
      annualGrowthPercent: 0,
      growthYears: 3,
      storage: { kind: 'mountPoints', databaseRoot: 'C:\\ExchangeDatabases', logRoot: 'C:\\ExchangeLogs' },
    });
  });

  it('keeps a design without sizing inputs without them, and servers get no SPECint or disk figures', () => {
    const r = loadDesignText(formatTwo(null));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.document.design.sizing).toBeUndefined();
    expect(r.document.design.servers[0].specIntRate).toBeUndefined();
    expect(r.document.design.servers[0].storageGB).toBeUndefined();
  });

  it('reports what is wrong in an old file through the new path (the migration never throws)', () => {
    const r = loadDesignText(formatTwo({ mailboxCount: 0, mailboxQuotaGB: 1, messagesPerDay: 120 }));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => p.path)).toEqual(['$.design.sizing.tiers[0].mailboxCount', '$.design.sizing.tiers[0].messagesPerDay']);
    for (const odd of [{ tiers: 'x' }, 'not an object', { mailboxCount: 'many' }]) {
      const doc = JSON.parse(seed);
      doc.formatVersion = 2;
      doc.design.sizing = odd;
      expect(loadDesignText(JSON.stringify(doc)).ok).toBe(false);
    }
  });

  it('loads every example at the current format without migrating it', () => {
    const r = loadDesignText(seed);
    expect(r.ok && r.migrated).toEqual([]);
  });
});
