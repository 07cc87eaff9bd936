import { describe, it, expect } from 'vitest';
import { EXAMPLE_NAMES, exampleDesign } from '../../../test/fixtures/designs';
import type { Design } from '../../model/types';
import { num } from '../text';
import { sizingRules } from './sizing';
import { check, expectFinding, expectNone, serverNamed, withRule } from './testkit';

const run = (design: Design) => check(design, sizingRules);

describe('size.cas-cores', () => {
  it('is silent when CAS cores reach ¾ of the Mailbox cores (multi-role servers count for each role)', () => {
    expectNone(run(exampleDesign('minimal-ha')), 'size.cas-cores');
    expectNone(run(exampleDesign('multi-role-hlb')), 'size.cas-cores');
    expectNone(run(exampleDesign('large-lagged')), 'size.cas-cores'); // HQ: exactly 72 CAS cores for 96 Mailbox cores
  });

  it('names the site, the servers and the numbers when CAS cores fall short', () => {
    const d = exampleDesign('minimal-ha');
    for (const name of ['CAS1', 'CAS2']) serverNamed(d, name).cores = 4;
    const f = expectFinding(run(d), 'size.cas-cores', 'warning', 'AD site HQ has 8 Client Access cores (CAS1 and CAS2) for 16 Mailbox cores', 'Mailbox:CAS = 4:3', 'at least 12 Client Access cores');
    expect(f.hint).toContain('Add 4 cores of Client Access in AD site HQ');
    expect(f.entityIds).toEqual(['site-hq', 'srv-cas1', 'srv-cas2', 'srv-mb1', 'srv-mb2']);
  });

  it('applies without sizing inputs', () => {
    const d = exampleDesign('minimal-ha');
    delete d.sizing;
    serverNamed(d, 'CAS1').cores = 2;
    expectFinding(run(d), 'size.cas-cores', 'warning', '10 Client Access cores', 'at least 12');
  });
});

describe('size.hub-cores', () => {
  it('is silent with enough Hub cores', () => {
    expectNone(run(exampleDesign('minimal-ha')), 'size.hub-cores');
    expectNone(run(exampleDesign('large-lagged')), 'size.hub-cores');
  });

  it('uses 1 Hub core per 5 Mailbox cores with antivirus, per 7 without', () => {
    const d = exampleDesign('minimal-ha');
    serverNamed(d, 'CAS2').roles = ['CAS'];
    serverNamed(d, 'CAS1').cores = 3;
    serverNamed(d, 'CAS2').cores = 13; // keep CAS cores at 16
    expectFinding(run(d), 'size.hub-cores', 'warning', 'AD site HQ has 3 Hub Transport cores (CAS1) for 16 Mailbox cores', 'with antivirus on the Hub servers', '1 Hub core per 5 Mailbox cores: at least 4');
    d.sizing!.hubAntivirus = false;
    expectNone(run(d), 'size.hub-cores'); // 16 ÷ 7 → 3
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
      'CAS1 (CAS+HT, 8 cores) has 12 GB RAM; Client Access needs 2 GB per core, at least 8 GB: at least 16 GB.',
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
  it('is silent when RAM covers the worst-case database cache', () => {
    for (const name of EXAMPLE_NAMES) expectNone(run(exampleDesign(name)), 'size.mailbox-memory');
  });

  it('shows the worst case: every non-lagged copy active on the server', () => {
    const d = exampleDesign('minimal-ha');
    serverNamed(d, 'MB1').ramGB = 8;
    const f = expectFinding(
      run(d),
      'size.mailbox-memory',
      'warning',
      'MB1 has 8 GB RAM, but at worst case (all 2 non-lagged database copies on it active) it caches 1,000 mailboxes: the 4 GB Mailbox base + 1,000 × 6 MB database cache (100 messages a day) = 9.9 GB.',
    );
    expect(f.hint).toContain('at least 10 GB');
    expect(f.entityIds).toEqual(['srv-mb1', 'db-1', 'db-2']);
  });

  it('adds the cache to the memory of the other roles on a multi-role server', () => {
    const d = exampleDesign('multi-role-hlb');
    serverNamed(d, 'EXA').ramGB = 16;
    expectFinding(run(d), 'size.mailbox-memory', 'warning', 'EXA has 16 GB RAM', '16 GB for the other roles on the server (Client Access needs 2 GB per core', '500 × 6 MB', '= 19 GB');
    expectNone(run(d), 'size.memory-min');
  });

  it('needs sizing inputs', () => {
    const d = exampleDesign('minimal-ha');
    serverNamed(d, 'MB1').ramGB = 4;
    delete d.sizing;
    expectNone(run(d), 'size.mailbox-memory');
    expectNone(run(d), 'size.iops');
  });
});

describe('size.iops', () => {
  it('reports IOPS per Mailbox server and database, DAG copies on the lower column', () => {
    const findings = withRule(run(exampleDesign('minimal-ha')), 'size.iops');
    expect(findings.map((f) => f.message)).toEqual([
      'MB1: about 100 IOPS for 1,000 mailboxes in 2 database copies at 100 messages a day (0.1 per mailbox DAG copy); per database: DB1 50 and DB2 50.',
      'MB2: about 100 IOPS for 1,000 mailboxes in 2 database copies at 100 messages a day (0.1 per mailbox DAG copy); per database: DB1 50 and DB2 50.',
    ]);
    expect(findings.every((f) => f.severity === 'info')).toBe(true);
    expect(findings[0].entityIds).toEqual(['srv-mb1', 'db-1', 'db-2']);
  });

  it('uses the standalone column for a single-copy database', () => {
    expectFinding(run(exampleDesign('seed-lab')), 'size.iops', 'info', 'EX2: about 18 IOPS for 150 mailboxes in 1 database copy', '0.12 per mailbox standalone', 'Mailbox Database 02 18');
  });
});

describe('sizing rules', () => {
  it('never report an error', () => {
    const d = exampleDesign('minimal-ha');
    for (const s of d.servers) Object.assign(s, { cores: 1, ramGB: 1 });
    serverNamed(d, 'MB1').cores = 64;
    const findings = run(d);
    expect(findings.length).toBeGreaterThan(4);
    expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
  });
});

describe('num', () => {
  it('groups thousands and keeps one decimal at most', () => {
    expect([num(18), num(1000), num(1234567.25), num(0.1), num(9.86)]).toEqual(['18', '1,000', '1,234,567.3', '0.1', '9.9']);
  });
});
