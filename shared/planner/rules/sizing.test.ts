// The sizing rule family: findings with the number missing. Expected figures are worked by hand from
// shared/domain/sizing.md (1 GB quota at 100 messages a day: 1.17729 GB on disk; 6 MB of cache and 2 megacycles
// per active mailbox; a reference core is 3,333 megacycles).
import { describe, it, expect } from 'vitest';
import { EXAMPLE_NAMES, exampleDesign } from '../../../test/fixtures/designs';
import type { Design } from '../../model/types';
import { num } from '../text';
import { sizingRules } from './sizing';
import { check, expectFinding, expectNone, serverNamed, withRule } from './testkit';

const run = (design: Design) => check(design, sizingRules);

describe('size.cas-cores', () => {
  it('is silent when the Client Access cores cover the Mailbox cores (combined CAS+HT 1:1, CAS-only 4:3)', () => {
    expectNone(run(exampleDesign('minimal-ha')), 'size.cas-cores'); // 16 combined cores for 16 Mailbox cores
    expectNone(run(exampleDesign('multi-role-hlb')), 'size.cas-cores'); // multi-role servers serve themselves
    // Large example: HQ 72 CAS cores × 4/3 = 96 of 96 and West 64 of 48 are silent; only East (64 of 72) fires.
    expect(withRule(run(exampleDesign('large-lagged')), 'size.cas-cores').map((f) => f.entityIds[0])).toEqual(['site-ea']);
  });

  it('names the site, the servers and the numbers when the combined CAS+HT cores fall short', () => {
    const d = exampleDesign('minimal-ha');
    for (const name of ['CAS1', 'CAS2']) serverNamed(d, name).cores = 4;
    // 8 combined cores cover 8 of the 16 Mailbox cores; the other 8 need ceil(8 × 3/4) = 6 CAS-only cores.
    const f = expectFinding(
      run(d),
      'size.cas-cores',
      'warning',
      'AD site HQ has 8 combined CAS+HT cores (CAS1 and CAS2) for 16 Mailbox cores; Exchange 2010 guidance (Mailbox:CAS = 4:3, a combined CAS+HT server 1:1) needs at least 6 Client Access cores besides the combined ones: 8 combined CAS+HT cores × 1 covers 8 of 16.',
    );
    expect(f.hint).toBe('Add 8 cores to the combined CAS+HT servers (CAS1 and CAS2), or 6 Client Access cores on separate servers, in AD site HQ.');
    expect(f.entityIds).toEqual(['site-hq', 'srv-cas1', 'srv-cas2', 'srv-mb1', 'srv-mb2']);
  });

  it('applies without sizing inputs', () => {
    const d = exampleDesign('minimal-ha');
    delete d.sizing;
    serverNamed(d, 'CAS1').cores = 2;
    // 2 + 8 = 10 combined cores; ceil((16 − 10) × 3/4) = ceil(4.5) = 5.
    expectFinding(run(d), 'size.cas-cores', 'warning', '10 combined CAS+HT cores', 'at least 5 Client Access cores');
  });
});

describe('size.hub-cores', () => {
  it('is silent with enough Hub cores', () => {
    expectNone(run(exampleDesign('minimal-ha')), 'size.hub-cores');
  });

  it('uses 1 Hub core per 5 Mailbox cores with antivirus, per 7 without', () => {
    const d = exampleDesign('minimal-ha');
    serverNamed(d, 'CAS1').roles = ['HT'];
    serverNamed(d, 'CAS1').cores = 3;
    serverNamed(d, 'CAS2').roles = ['CAS'];
    serverNamed(d, 'CAS2').cores = 13; // 13 × 4/3 = 17.3 ≥ 16: Client Access is fine
    // 3 × 5 = 15 < 16 Mailbox cores: ceil(16 ÷ 5) = 4 Hub cores needed.
    expectFinding(
      run(d),
      'size.hub-cores',
      'warning',
      'AD site HQ has 3 Hub Transport cores (CAS1) for 16 Mailbox cores; Exchange 2010 guidance (with antivirus on the Hub servers 1 Hub core per 5 Mailbox cores, a combined CAS+HT server 1:1) needs at least 4 Hub Transport cores: 3 Hub Transport cores × 5 covers 15 of 16.',
    );
    expectNone(run(d), 'size.cas-cores');
    d.sizing!.hubAntivirus = false;
    expectNone(run(d), 'size.hub-cores'); // 3 × 7 = 21 ≥ 16
  });
});

describe('size.memory-min', () => {
  it('is silent on the example designs', () => {
    for (const name of EXAMPLE_NAMES) expectNone(run(exampleDesign(name)), 'size.memory-min');
  });

  it('names the server, its roles and the rule that sets the minimum', () => {
    const d = exampleDesign('minimal-ha');
    serverNamed(d, 'CAS1').ramGB = 12;
    serverNamed(d, 'MB2').ramGB = 2;
    const findings = withRule(run(d), 'size.memory-min');
    expect(findings.map((f) => f.message)).toEqual([
      'CAS1 (CAS+HT, 8 cores) has 12 GB RAM; a combined Client Access and Hub Transport server needs 2 GB per core, at least 8 GB: at least 16 GB.',
      'MB2 (MB, 8 cores) has 2 GB RAM; every Exchange server needs at least 4 GB: at least 4 GB.',
    ]);
    expect(findings.every((f) => f.severity === 'warning')).toBe(true);
    expect(findings[0].entityIds).toEqual(['srv-cas1']);
  });

  it('asks 8 GB of a multi-role server', () => {
    const d = exampleDesign('multi-role-hlb');
    const exa = serverNamed(d, 'EXA');
    exa.roles = ['HT', 'MB'];
    exa.cores = 2;
    exa.ramGB = 6;
    expectFinding(run(d), 'size.memory-min', 'warning', 'EXA (HT+MB, 2 cores) has 6 GB RAM; a multi-role server needs at least 8 GB');
  });
});

describe('size.mailbox-memory', () => {
  it('is silent when the installed RAM gives the worst-case database cache', () => {
    for (const name of EXAMPLE_NAMES) expectNone(run(exampleDesign(name)), 'size.mailbox-memory');
  });

  it('shows the worst case, the cache short and the RAM row that provides it', () => {
    const d = exampleDesign('minimal-ha');
    serverNamed(d, 'MB1').ramGB = 8;
    // 8 GB gives 3.6 GB of cache; with MB2 failed, 1,000 × 6 MB = 5.86 GB: 2.26 GB short; 16 GB gives 10.4.
    const f = expectFinding(
      run(d),
      'size.mailbox-memory',
      'warning',
      'MB1 has 8 GB RAM (3.6 GB database cache), but at worst with MB2 failed (DAG DAG1) it holds 1,000 active mailboxes × 6 MB = 5.86 GB of cache: 2.26 GB short; the 16 GB RAM row gives 10.4 GB.',
    );
    expect(f.hint).toBe('Give MB1 16 GB of RAM (8 GB more), or spread the databases over more Mailbox servers.');
    expect(f.entityIds).toEqual(['srv-mb1', 'db-1', 'db-2']);
  });

  it('uses the multi-role table on a multi-role server', () => {
    const d = exampleDesign('multi-role-hlb');
    serverNamed(d, 'EXA').ramGB = 8;
    // Multi-role: 8 GB gives 2 GB of cache; 500 × 6 MB = 2.93 GB: 0.93 GB short; 16 GB gives 8 GB.
    expectFinding(run(d), 'size.mailbox-memory', 'warning', 'EXA has 8 GB RAM (2 GB database cache)', '500 active mailboxes × 6 MB = 2.93 GB of cache: 0.93 GB short; the 16 GB RAM row gives 8 GB');
    expectNone(run(d), 'size.memory-min');
  });

  it('needs sizing inputs', () => {
    const d = exampleDesign('minimal-ha');
    serverNamed(d, 'MB1').ramGB = 4;
    delete d.sizing;
    expectNone(run(d), 'size.mailbox-memory');
    expectNone(run(d), 'size.iops');
    expectNone(run(d), 'size.cpu');
  });
});

describe('size.cpu', () => {
  it('says how many cores a Mailbox server misses in its worst case', () => {
    const d = exampleDesign('minimal-ha');
    d.sizing!.tiers[0].mailboxCount = 8000;
    for (const name of ['MB1', 'MB2']) serverNamed(d, name).cores = 4;
    // 8,000 × 2 × 1.1 = 17,600 megacycles ÷ (3,333 × 80 %) = 6.6 → 7 cores; 4 cores: 3 short; 17,600 ÷ 13,332 = 132 %.
    const findings = withRule(run(d), 'size.cpu');
    expect(findings).toHaveLength(2);
    expect(findings[0].message).toBe(
      'MB1 has 4 cores, but at worst with MB2 failed (DAG DAG1) its 8,000 active and 0 passive mailboxes need 17,600 megacycles: 17,600 ÷ (3,333 per core × 80 % target) = 6.6 → 7 cores; 3 cores short (132 % CPU at worst, reference core: no SPECint_rate2006 given).',
    );
    expect(findings[0].severity).toBe('warning');
    expect(findings[0].hint).toContain('at least 7 cores, enter its SPECint_rate2006 result');
  });

  it('holds other servers to the role minimum cores', () => {
    const d = exampleDesign('minimal-ha');
    serverNamed(d, 'CAS1').cores = 1;
    expectFinding(run(d), 'size.cpu', 'warning', 'CAS1 (CAS+HT) has 1 core; the role minimum is 2 cores.');
  });
});

describe('size.storage', () => {
  it('compares the volumes and IOPS of a Mailbox server with its disks', () => {
    const d = exampleDesign('minimal-ha');
    Object.assign(serverNamed(d, 'MB1'), { storageGB: 1000, storageIops: 100 });
    // Volumes: 2 × 932.4 (database) + 2 × 42.2 (log) = 1,949.3 GB: 949 GB short; IOPS 2 × 60 = 120: 20 short.
    const f = expectFinding(
      run(d),
      'size.storage',
      'warning',
      'MB1: its database and log volumes need 1,949 GB (1,865 GB database + 84.4 GB log) but it has 1,000 GB: 949 GB short; its 2 database copies need 120 IOPS but the disks deliver 100: 20 IOPS short.',
    );
    expect(f.entityIds).toEqual(['srv-mb1']);
    Object.assign(serverNamed(d, 'MB1'), { storageGB: 2000, storageIops: 120 });
    expectNone(run(d), 'size.storage');
  });
});

describe('size.failures', () => {
  it('warns when a DAG is asked to survive more failures than its quorum allows', () => {
    const d = exampleDesign('minimal-ha');
    d.sizing!.failuresToSurvive = 2;
    const f = expectFinding(run(d), 'size.failures', 'warning', 'DAG DAG1 should survive 2 server failures, but with 2 members it keeps quorum through 1 failure: it is sized for 1.');
    expect(f.entityIds).toEqual(['dag-1']);
    d.sizing!.failuresToSurvive = 1;
    expectNone(run(d), 'size.failures');
  });
});

describe('size.layout', () => {
  it('is an error when drive letters run out: 22 free letters (E:–Z:) hold 11 databases per DAG', () => {
    const d = exampleDesign('minimal-ha');
    d.sizing!.storage.kind = 'driveLetters';
    expectNone(run(d), 'size.layout');
    for (let i = 3; i <= 12; i++) d.databases.push({ ...structuredClone(d.databases[0]), id: `db-${i}`, name: `DB${i}` });
    const f = expectFinding(run(d), 'size.layout', 'error', 'DAG DAG1 has 12 databases', 'only 22 drive letters (E:–Z:, without A:–D: and the setup media drive) are free: 11 databases');
    expect(f.entityIds).toEqual(['dag-1', 'db-12']);
  });

  it('is an error when a path passes 259 characters', () => {
    const d = exampleDesign('minimal-ha');
    d.sizing!.storage.databaseRoot = `C:\\${'A'.repeat(180)}`;
    d.databases[0].name = 'X'.repeat(60);
    // C:\AAA…(183) + \XXX…(61) + \XXX….db(64) + \XXX….edb(65) = 373 characters.
    expectFinding(run(d), 'size.layout', 'error', `Database ${'X'.repeat(60)}: its files would be at C:\\`, "over Windows' 259-character path limit");
  });
});

describe('size.lagged-logs', () => {
  it('notes the extra log space of each lagged copy of the large example', () => {
    const findings = withRule(run(exampleDesign('large-lagged')), 'size.lagged-logs');
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.every((f) => f.severity === 'info')).toBe(true);
    // DB005: 200 mailboxes × 30 logs = 5.86 GB a day; a 7-day lag keeps 5.86 × 7 × 1.2 = 49.2 GB more.
    expect(findings[0].message).toContain('Database DB005: the lagged copy on HQ-MB08 keeps 7 days of logs (5.86 GB a day)');
    expect(findings[0].message).toContain('49.2 GB more');
  });
});

describe('size.iops', () => {
  it('reports IOPS per Mailbox server with the 20 % overhead, per copy', () => {
    const findings = withRule(run(exampleDesign('minimal-ha')), 'size.iops');
    // 500 mailboxes × 0.10 (DAG copies) × 1.2 = 60 per copy.
    expect(findings.map((f) => f.message)).toEqual([
      'MB1: about 120 IOPS for 1,000 mailboxes in 2 database copies (active and passive, 20 % overhead included).',
      'MB2: about 120 IOPS for 1,000 mailboxes in 2 database copies (active and passive, 20 % overhead included).',
    ]);
    expect(findings.every((f) => f.severity === 'info')).toBe(true);
    expect(findings[0].entityIds).toEqual(['srv-mb1', 'db-1', 'db-2']);
  });

  it('uses the stand-alone column for a single-copy database: 150 × 0.12 × 1.2 = 21.6', () => {
    expectFinding(run(exampleDesign('seed-lab')), 'size.iops', 'info', 'EX2: about 21.6 IOPS for 150 mailboxes in 1 database copy (active and passive, 20 % overhead included).');
  });
});

describe('sizing rules', () => {
  it('never report an error but for an impossible storage layout', () => {
    const d = exampleDesign('minimal-ha');
    for (const s of d.servers) Object.assign(s, { cores: 1, ramGB: 1, storageGB: 1, storageIops: 1 });
    serverNamed(d, 'MB1').cores = 64;
    const findings = run(d);
    expect(findings.length).toBeGreaterThan(6);
    expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
  });
});

describe('num', () => {
  it('groups thousands and keeps one decimal at most', () => {
    expect([num(18), num(1000), num(1234567.25), num(0.1), num(9.86)]).toEqual(['18', '1,000', '1,234,567.3', '0.1', '9.9']);
  });
});
