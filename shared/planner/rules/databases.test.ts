import { describe, it, expect } from 'vitest';
import { exampleDesign } from '../../../test/fixtures/designs';
import type { Design, MailboxDatabase, Server } from '../../model/types';
import type { Finding, RuleId } from '../types';
import { ENTERPRISE_EDITION_MAX_DATABASES, MAX_DATABASE_COPIES, STANDARD_EDITION_MAX_DATABASES } from '../limits';
import { databaseRules } from './databases';
import { check, serverById, withRule } from './testkit';

const run = (design: Design): Finding[] => check(design, databaseRules);
const only = (design: Design, id: RuleId): Finding[] => withRule(run(design), id);

function db(design: Design, name: string): MailboxDatabase {
  const found = design.databases.find((x) => x.name === name);
  if (!found) throw new Error(`no database ${name}`);
  return found;
}

/** Adds a Mailbox server like MB1, as a DAG1 member unless told otherwise. */
function addMailboxServer(design: Design, name: string, joinDag = true): Server {
  const n = design.servers.length;
  const copy: Server = structuredClone(serverById(design, 'srv-mb1'));
  copy.id = `srv-${name.toLowerCase()}`;
  copy.name = name;
  copy.fqdn = `${name.toLowerCase()}.contoso.local`;
  copy.nics = [
    { id: `${copy.id}-mapi`, name: 'MAPI', subnetId: 'subnet-mapi', ipv4: `10.0.1.${100 + n}`, purpose: 'mapi' },
    { id: `${copy.id}-repl`, name: 'Replication', subnetId: 'subnet-repl', ipv4: `10.0.2.${100 + n}`, purpose: 'replication' },
  ];
  design.servers.push(copy);
  if (joinDag) design.dags[0].memberIds.push(copy.id);
  return copy;
}

/** Adds databases with a copy on MB1 (preference 1) and MB2 (preference 2) until the design has `total`. */
function growDatabases(design: Design, total: number): void {
  for (let i = design.databases.length + 1; i <= total; i++) {
    design.databases.push({
      id: `db-${i}`,
      name: `DB${i}`,
      existing: false,
      copies: [
        { serverId: 'srv-mb1', activationPreference: 1, replayLagDays: 0, truncationLagDays: 0 },
        { serverId: 'srv-mb2', activationPreference: 2, replayLagDays: 0, truncationLagDays: 0 },
      ],
    });
  }
}

/** Scenario S4: S2 plus a 7-day lagged copy of DB1 on MB2. */
function laggedS4(): Design {
  const d = exampleDesign('minimal-ha');
  db(d, 'DB1').copies[1].replayLagDays = 7;
  return d;
}

describe('database rules on the example designs', () => {
  it('minimal-ha (S2): nothing to say', () => {
    expect(run(exampleDesign('minimal-ha'))).toEqual([]);
  });

  it('seed-lab: the single copy outside any DAG is left to ha.mailbox; its size is over 200 GB', () => {
    // 150 mailboxes × 1.177 GB on disk (1 GB quota + white space, deleted items, SIR, CVL) × 1.2 = 211.9 GB > 200 GB:
    // the old "quota × 1.2" said 180 GB, 15 % low.
    expect(run(exampleDesign('seed-lab')).map((f) => f.ruleId)).toEqual(['db.size']);
  });
});

describe('db.copy-servers', () => {
  it('a database without copies is an error', () => {
    const d = exampleDesign('minimal-ha');
    db(d, 'DB2').copies = [];
    const found = only(d, 'db.copy-servers');
    expect(found).toHaveLength(1);
    expect(found[0].severity).toBe('error');
    expect(found[0].message).toBe('Database DB2 has no copies: it is not hosted on any Mailbox server.');
  });

  it('two copies on one server is an error', () => {
    const d = exampleDesign('minimal-ha');
    db(d, 'DB1').copies[1].serverId = 'srv-mb1';
    const found = only(d, 'db.copy-servers');
    expect(found).toHaveLength(1);
    expect(found[0].message).toContain('Database DB1 has 2 copies on MB1');
  });

  it('copies in and outside the DAG are an error naming each server’s DAG', () => {
    const d = exampleDesign('minimal-ha');
    addMailboxServer(d, 'MB3', false);
    db(d, 'DB1').copies.push({ serverId: 'srv-mb3', activationPreference: 3, replayLagDays: 0, truncationLagDays: 0 });
    const found = only(d, 'db.copy-servers');
    expect(found).toHaveLength(1);
    expect(found[0].message).toContain('MB1 (in DAG1), MB2 (in DAG1) and MB3 (in no DAG)');
    expect(found[0].message).toContain('one and the same DAG');
  });

  it('copies on members of two different DAGs are an error', () => {
    const d = exampleDesign('minimal-ha');
    d.dags[0].memberIds = ['srv-mb1'];
    d.dags.push({ ...structuredClone(d.dags[0]), id: 'dag-2', name: 'DAG2', memberIds: ['srv-mb2'] });
    const found = only(d, 'db.copy-servers');
    expect(found.map((f) => f.message)).toEqual([
      expect.stringContaining('DB1 has copies on MB1 (in DAG1) and MB2 (in DAG2)'),
      expect.stringContaining('DB2 has copies on MB2 (in DAG2) and MB1 (in DAG1)'),
    ]);
  });

  it('two copies on servers in no DAG: a database outside a DAG has exactly one copy', () => {
    const d = exampleDesign('seed-lab');
    const ex5: Server = { ...structuredClone(d.servers[0]), id: 'srv-ex5', name: 'EX5', fqdn: 'ex5.exchangeserverpro.local', nics: [] };
    d.servers.push(ex5);
    d.databases[0].copies.push({ serverId: 'srv-ex5', activationPreference: 2, replayLagDays: 0, truncationLagDays: 0 });
    const found = only(d, 'db.copy-servers');
    expect(found).toHaveLength(1);
    expect(found[0].message).toContain('copies on EX2 and EX5, which are in no DAG; a database outside a DAG has exactly one copy');
  });

  it('a copy on a server without the Mailbox role is an error', () => {
    const d = exampleDesign('seed-lab');
    d.databases[0].copies[0].serverId = 'srv-ex3';
    const found = only(d, 'db.copy-servers');
    expect(found).toHaveLength(1);
    expect(found[0].message).toContain('copy on EX3, which does not hold the Mailbox role');
  });

  it('copies on members of one DAG, or one copy outside a DAG, are fine', () => {
    expect(only(exampleDesign('minimal-ha'), 'db.copy-servers')).toEqual([]);
    expect(only(exampleDesign('seed-lab'), 'db.copy-servers')).toEqual([]);
  });
});

describe('db.max-copies', () => {
  function withCopies(count: number): Design {
    const d = exampleDesign('minimal-ha');
    const copies = db(d, 'DB1').copies;
    for (let i = copies.length; i < count; i++) {
      const s = addMailboxServer(d, `MBX${i}`);
      copies.push({ serverId: s.id, activationPreference: i + 1, replayLagDays: 0, truncationLagDays: 0 });
    }
    return d;
  }

  it(`${MAX_DATABASE_COPIES + 1} copies is an error`, () => {
    const found = only(withCopies(MAX_DATABASE_COPIES + 1), 'db.max-copies');
    expect(found).toHaveLength(1);
    expect(found[0].severity).toBe('error');
    expect(found[0].message).toBe('Database DB1 has 17 copies; the limit is 16.');
  });

  it(`${MAX_DATABASE_COPIES} copies is fine`, () => {
    expect(only(withCopies(MAX_DATABASE_COPIES), 'db.max-copies')).toEqual([]);
  });
});

describe('db.activation-preference', () => {
  it('a preference used twice is an error listing them', () => {
    const d = exampleDesign('minimal-ha');
    db(d, 'DB1').copies[1].activationPreference = 1;
    const found = only(d, 'db.activation-preference');
    expect(found).toHaveLength(1);
    expect(found[0].severity).toBe('error');
    expect(found[0].message).toBe('Database DB1 has activation preferences MB1 1 and MB2 1; with 2 copies they must be 1…2, each used once.');
  });

  it('a gap (1, 3) is an error', () => {
    const d = exampleDesign('minimal-ha');
    db(d, 'DB2').copies[1].activationPreference = 3;
    expect(only(d, 'db.activation-preference')[0].message).toContain('MB2 1 and MB1 3');
  });

  it('1…n in any order is fine', () => {
    const d = exampleDesign('minimal-ha');
    db(d, 'DB1').copies.reverse();
    expect(only(d, 'db.activation-preference')).toEqual([]);
  });
});

describe('db.lag-max', () => {
  it('S4: a replay lag of 15 days is an error', () => {
    const d = laggedS4();
    db(d, 'DB1').copies[1].replayLagDays = 15;
    const found = only(d, 'db.lag-max');
    expect(found).toHaveLength(1);
    expect(found[0].severity).toBe('error');
    expect(found[0].message).toBe("Database DB1's copy on MB2 has a replay lag of 15 days; the maximum is 14 days.");
  });

  it('a truncation lag over 14 days is an error too', () => {
    const d = exampleDesign('minimal-ha');
    db(d, 'DB2').copies[1].truncationLagDays = 14.5;
    expect(only(d, 'db.lag-max')[0].message).toContain('truncation lag of 14.5 days');
  });

  it('14 days is fine', () => {
    const d = laggedS4();
    db(d, 'DB1').copies[1].replayLagDays = 14;
    expect(only(d, 'db.lag-max')).toEqual([]);
  });
});

describe('db.lagged-three-copies', () => {
  it('S4: a 7-day lagged copy on a two-member DAG is a warning (Exchange accepts it; only the HA goal is missed)', () => {
    const found = only(laggedS4(), 'db.lagged-three-copies');
    expect(found).toHaveLength(1);
    expect(found[0].severity).toBe('warning');
    expect(found[0].message).toContain('Database DB1 has a lagged copy on MB2 (replay lag 7 days) but only 2 copies (1 non-lagged)');
    expect(found[0].message).toContain('at least 3 copies');
    expect(found[0].hint).toContain('Add a Mailbox server to DAG DAG1 (it has 2)');
  });

  it('S4: adding MB3 to the DAG and a third copy clears it', () => {
    const d = laggedS4();
    addMailboxServer(d, 'MB3');
    db(d, 'DB1').copies.push({ serverId: 'srv-mb3', activationPreference: 3, replayLagDays: 0, truncationLagDays: 0 });
    expect(run(d)).toEqual([]);
  });

  it('three copies with two lagged: still only one non-lagged copy', () => {
    const d = laggedS4();
    addMailboxServer(d, 'MB3');
    db(d, 'DB1').copies.push({ serverId: 'srv-mb3', activationPreference: 3, replayLagDays: 0, truncationLagDays: 3 });
    const found = only(d, 'db.lagged-three-copies');
    expect(found).toHaveLength(1);
    expect(found[0].message).toContain('MB2 (replay lag 7 days) and MB3 (truncation lag 3 days) but only 3 copies (1 non-lagged)');
    expect(found[0].hint).toContain('Add a non-lagged copy of DB1 on other members of DAG DAG1');
  });

  it('databases without lagged copies are fine', () => {
    expect(only(exampleDesign('minimal-ha'), 'db.lagged-three-copies')).toEqual([]);
  });
});

describe('db.edition-limit', () => {
  it(`Standard edition: ${STANDARD_EDITION_MAX_DATABASES + 1} copies on a server is an error`, () => {
    const d = exampleDesign('minimal-ha');
    d.organization.edition = 'Standard';
    growDatabases(d, STANDARD_EDITION_MAX_DATABASES + 1);
    const found = only(d, 'db.edition-limit');
    expect(found.map((f) => f.message)).toEqual([
      "Server MB1 hosts 6 databases (6 mailbox database copies, active and passive); Exchange 2010 Standard edition (the organization's) mounts at most 5 per server.",
      "Server MB2 hosts 6 databases (6 mailbox database copies, active and passive); Exchange 2010 Standard edition (the organization's) mounts at most 5 per server.",
    ]);
    expect(found[0].severity).toBe('error');
    expect(found[0].hint).toContain('Enterprise edition');
  });

  it(`Standard edition: ${STANDARD_EDITION_MAX_DATABASES} is fine, and Enterprise allows ${ENTERPRISE_EDITION_MAX_DATABASES}`, () => {
    const standard = exampleDesign('minimal-ha');
    standard.organization.edition = 'Standard';
    growDatabases(standard, STANDARD_EDITION_MAX_DATABASES);
    expect(only(standard, 'db.edition-limit')).toEqual([]);
    const enterprise = exampleDesign('minimal-ha');
    growDatabases(enterprise, ENTERPRISE_EDITION_MAX_DATABASES);
    expect(only(enterprise, 'db.edition-limit')).toEqual([]);
  });

  it(`Enterprise edition: ${ENTERPRISE_EDITION_MAX_DATABASES + 1} is an error`, () => {
    const d = exampleDesign('minimal-ha');
    growDatabases(d, ENTERPRISE_EDITION_MAX_DATABASES + 1);
    const found = only(d, 'db.edition-limit');
    expect(found).toHaveLength(2);
    expect(found[0].message).toContain('MB1 hosts 101 databases (101 mailbox database copies');
    expect(found[0].message).toContain('Enterprise edition (the organization\'s) mounts at most 100');
  });
});

describe('db.size', () => {
  // A mailbox on disk at 100 messages a day (75 KB, 14 days' retention, single item recovery and calendar version
  // logging on): quota q + 100 × 75 KB × (1 + 14) = 112,500 KB + 7 % of q.
  const onDisk = (q: number) => 1.07 * q + 112500 / (1024 * 1024);

  it('over 200 GB without HA copies warns with the numbers', () => {
    const d = exampleDesign('seed-lab');
    if (!d.sizing) throw new Error('seed-lab has sizing inputs');
    d.sizing.tiers[0].mailboxQuotaGB = 2;
    const found = only(d, 'db.size');
    expect(found).toHaveLength(1);
    expect(found[0].severity).toBe('warning');
    // 150 × 2.247 × 1.2 = 404.5 GB.
    expect(150 * onDisk(2) * 1.2).toBeCloseTo(404.51, 2);
    expect(found[0].message).toBe(
      'Database Mailbox Database 02 is projected at 405 GB (150 mailboxes × 2.247 GB on disk × 1.2: quota, white space, deleted items, single item recovery, calendar version logging); the limit for a database with fewer than 2 non-lagged copies is 200 GB.',
    );
    // 200 ÷ (2.247 × 1.2) = 74.2 → 74 per database: ceil(150 ÷ 74) = 3.
    expect(found[0].hint).toBe('Split the 150 mailboxes of Mailbox Database 02 over at least 3 databases (at most 74 each), or give it at least 2 non-lagged copies in a DAG (limit 2,048 GB).');
  });

  it('over 2 TB with two HA copies warns', () => {
    const d = exampleDesign('minimal-ha');
    db(d, 'DB1').mailboxCount = 2000;
    const found = only(d, 'db.size');
    expect(found).toHaveLength(1);
    // 2,000 × 1.177 × 1.2 = 2,825.5 GB.
    expect(found[0].message).toContain('DB1 is projected at 2,825 GB (2,000 mailboxes × 1.177 GB on disk');
    expect(found[0].message).toContain('2 or more non-lagged copies is 2,048 GB');
    // 2,048 ÷ (1.177 × 1.2) = 1,449.7 → 1,449: ceil(2,000 ÷ 1,449) = 2.
    expect(found[0].hint).toBe('Split the 2,000 mailboxes of DB1 over at least 2 databases (at most 1,449 each).');
  });

  it('a lagged copy is no HA copy: the 200 GB limit applies', () => {
    const found = only(laggedS4(), 'db.size');
    expect(found).toHaveLength(1);
    // 500 × 1.177 × 1.2 = 706.4 GB.
    expect(found[0].message).toContain('DB1 is projected at 706 GB (500 mailboxes');
  });

  it('within the limits, or without sizing inputs, is fine', () => {
    expect(only(exampleDesign('minimal-ha'), 'db.size')).toEqual([]);
    const d = exampleDesign('minimal-ha');
    db(d, 'DB1').mailboxCount = 5000;
    delete d.sizing;
    expect(only(d, 'db.size')).toEqual([]);
  });
});

describe('db.single-copy', () => {
  it('a single copy on a DAG member warns and suggests another member', () => {
    const d = exampleDesign('minimal-ha');
    db(d, 'DB2').copies = db(d, 'DB2').copies.filter((c) => c.serverId === 'srv-mb2');
    const found = only(d, 'db.single-copy');
    expect(found).toHaveLength(1);
    expect(found[0].severity).toBe('warning');
    expect(found[0].message).toBe('Database DB2 has a single copy, on MB2 (member of DAG DAG1): it is not highly available.');
    expect(found[0].hint).toContain('e.g. MB1');
  });

  it('is only an info when the HA goal is off', () => {
    const d = exampleDesign('minimal-ha');
    d.goals.highlyAvailable = false;
    db(d, 'DB2').copies = db(d, 'DB2').copies.filter((c) => c.serverId === 'srv-mb2');
    expect(only(d, 'db.single-copy').map((f) => f.severity)).toEqual(['info']);
  });

  it('a single copy outside any DAG is not reported here (ha.mailbox covers it)', () => {
    expect(only(exampleDesign('seed-lab'), 'db.single-copy')).toEqual([]);
  });
});
