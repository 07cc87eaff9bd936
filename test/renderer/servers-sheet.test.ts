// The servers grid's spreadsheet side, pure: tab-separated text from a spreadsheet's clipboard parsed into rows and
// cells, cells turned into server edits (refused with the reason when they mean nothing), a pasted block placed from
// the active cell and applied as one edit; and the copy matrix's edits of a database's copies.
import { describe, expect, it } from 'vitest';
import { applyCells, cellPatch, cellText, parseTsv, planPaste, toTsv } from '../../renderer/panels/serversSheet';
import { changeCopies, renumber } from '../../renderer/inspector/copyEdits';
import { example } from './examples';

describe('parsing text pasted from a spreadsheet', () => {
  it('splits rows on CR LF, LF or CR and cells on tabs, trimming cells and dropping the last line break and empty rows', () => {
    expect(parseTsv('EX5\tCAS, HT\t8\r\nEX6\tMB\t16\r\n')).toEqual([
      ['EX5', 'CAS, HT', '8'],
      ['EX6', 'MB', '16'],
    ]);
    expect(parseTsv('a\tb\nc\td')).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
    expect(parseTsv('a\rb\r')).toEqual([['a'], ['b']]);
    expect(parseTsv(' 16 \n\n\t\n')).toEqual([['16']]);
    expect(parseTsv('')).toEqual([]);
  });

  it('keeps empty cells in place (a skipped column) and reads quoted cells with tabs, line breaks and doubled quotes', () => {
    expect(parseTsv('EX5\t\t8')).toEqual([['EX5', '', '8']]);
    expect(parseTsv('"Primary, NLB"\t"a\tb"\n"line 1\nline 2"\t"say ""hi"""')).toEqual([
      ['Primary, NLB', 'a\tb'],
      ['line 1\nline 2', 'say "hi"'],
    ]);
  });

  it('writes blocks back the way a spreadsheet reads them (round trip)', () => {
    const rows = [
      ['EX3', 'CAS, HT', 'a\tb'],
      ['EX4', 'say "hi"', ''],
    ];
    expect(toTsv(rows)).toBe('EX3\tCAS, HT\t"a\tb"\nEX4\t"say ""hi"""\t');
    expect(parseTsv(toTsv(rows))).toEqual(rows);
  });
});

describe('cells of the servers grid', () => {
  const doc = example('seed-lab');
  const d = doc.design;
  const ex3 = d.servers.find((s) => s.name === 'EX3')!;

  it('shows each column in the admin’s words', () => {
    expect(['name', 'roles', 'site', 'os', 'cores', 'ram', 'nics', 'ips'].map((c) => cellText(d, ex3, c as never))).toEqual([
      'EX3',
      'CAS, HT',
      'Default-First-Site-Name',
      `${ex3.os.version.replace('R2', ' R2')} ${ex3.os.edition} SP${ex3.os.servicePack}`,
      String(ex3.cores),
      String(ex3.ramGB),
      'Primary, NLB',
      '192.168.0.34, 192.168.0.36',
    ]);
  });

  it('reads roles, OS, numbers with units and decimal commas, NIC names and addresses', () => {
    expect(cellPatch(d, ex3, 'roles', 'mailbox; hub transport, CAS, cas')).toEqual({ patch: { roles: ['MB', 'HT', 'CAS'] } });
    expect(cellPatch(d, ex3, 'os', 'Windows Server 2012 R2 Datacenter')).toEqual({ patch: { os: { version: '2012R2', edition: 'Datacenter', servicePack: ex3.os.servicePack } } });
    expect(cellPatch(d, ex3, 'os', '2008r2 ent sp1')).toEqual({ patch: { os: { version: '2008R2', edition: 'Enterprise', servicePack: 1 } } });
    expect(cellPatch(d, ex3, 'ram', '16 GB')).toEqual({ patch: { ramGB: 16 } });
    expect(cellPatch(d, ex3, 'ram', '12,5')).toEqual({ patch: { ramGB: 12.5 } });
    expect(cellPatch(d, ex3, 'cores', '8')).toEqual({ patch: { cores: 8 } });
    expect(cellPatch(d, ex3, 'site', 'default-first-site-name')).toEqual({ patch: { siteId: 'site-default' } });
    const ips = cellPatch(d, ex3, 'ips', '192.168.0.44 192.168.0.46');
    expect('patch' in ips && ips.patch.nics?.map((n) => n.ipv4)).toEqual(['192.168.0.44', '192.168.0.46']);
  });

  it('says why a cell means nothing', () => {
    expect(cellPatch(d, ex3, 'roles', 'CAS, Web')).toEqual({ error: '“Web” is not an Exchange 2010 role: use CAS, HT, MB, UM or Edge.' });
    expect(cellPatch(d, ex3, 'cores', '4.5')).toEqual({ error: '“4.5” is not a whole number.' });
    expect(cellPatch(d, ex3, 'ram', 'lots')).toEqual({ error: '“lots” is not a number of GB.' });
    expect(cellPatch(d, ex3, 'os', 'Windows 2003')).toMatchObject({ error: expect.stringContaining('names no Windows Server version') });
    expect(cellPatch(d, ex3, 'site', 'Paris')).toEqual({ error: 'There is no AD site “Paris” in the design (sites: Default-First-Site-Name).' });
    expect(cellPatch(d, ex3, 'ips', '192.168.0.44')).toEqual({ error: 'EX3 has 2 NICs: give 2 addresses, in the NICs’ order.' });
  });

  it('places a pasted block from the active cell, one server per row; what falls outside is counted', () => {
    const plan = planPaste(d.servers, 1, 4, parseTsv('8\t32\n6\t24\n4\t8'));
    expect(plan.edits).toEqual([
      { serverId: d.servers[1].id, column: 'cores', text: '8' },
      { serverId: d.servers[1].id, column: 'ram', text: '32' },
      { serverId: d.servers[2].id, column: 'cores', text: '6' },
      { serverId: d.servers[2].id, column: 'ram', text: '24' },
    ]);
    expect(plan.rowsLeft).toBe(1);
    expect(planPaste(d.servers, 0, 7, [['a', 'b', 'c']]).columnsLeft).toBe(2);
    // One value over several selected rows fills them.
    expect(planPaste(d.servers, 0, 5, [['24']], 3).edits.map((e) => e.text)).toEqual(['24', '24', '24']);
  });

  it('applies a paste as one edit, or refuses all of it with the first reason (naming the server and the column)', () => {
    const ok = applyCells(doc, planPaste(d.servers, 0, 4, parseTsv('8\t32\n6\t24')).edits);
    expect(ok.ok).toBe(true);
    if (ok.ok) expect(ok.doc.design.servers.slice(0, 2).map((s) => [s.cores, s.ramGB])).toEqual([
      [8, 32],
      [6, 24],
    ]);
    const refused = applyCells(doc, planPaste(d.servers, 0, 4, parseTsv('8\t32\n6\t-4')).edits);
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.reason).toMatch(new RegExp(`^${d.servers[1].name}, RAM \\(GB\\): `));
    // A schema limit: an address that is not one.
    const bad = applyCells(doc, [{ serverId: ex3.id, column: 'ips', text: '192.168.0.300, 192.168.0.36' }]);
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.reason).toMatch(/^EX3, IPv4 addresses: .*IPv4/);
  });
});

describe('the copy matrix’s edits', () => {
  const doc = example('minimal-ha');
  const db = doc.design.databases[0];
  const name = (id: string) => doc.design.servers.find((s) => s.id === id)?.name ?? id;

  it('keeps activation preferences 1…n: a moved copy shifts the others, a removed one closes the gap', () => {
    const servers = db.copies.map((c) => c.serverId);
    expect(renumber(db.copies).map((c) => c.activationPreference)).toEqual(db.copies.map((_, i) => i + 1));
    const moved = changeCopies(db, { kind: 'preference', serverId: servers[servers.length - 1], preference: 1 }, name);
    expect('copies' in moved && moved.copies.find((c) => c.serverId === servers[servers.length - 1])?.activationPreference).toBe(1);
    expect('copies' in moved && [...moved.copies.map((c) => c.activationPreference)].sort()).toEqual(db.copies.map((_, i) => i + 1));
    expect(changeCopies(db, { kind: 'preference', serverId: servers[0], preference: 9 }, name)).toMatchObject({ reason: expect.stringContaining('a whole number from 1 to') });
    const removed = changeCopies(db, { kind: 'toggle', serverId: servers[0], on: false }, name);
    expect('copies' in removed && removed.copies.map((c) => c.activationPreference)).toEqual(db.copies.slice(1).map((_, i) => i + 1));
  });

  it('refuses removing the last copy, and lags on a server without a copy', () => {
    const one = { ...db, copies: db.copies.slice(0, 1) };
    expect(changeCopies(one, { kind: 'toggle', serverId: one.copies[0].serverId, on: false }, name)).toMatchObject({ reason: expect.stringContaining('needs at least one copy') });
    expect(changeCopies(one, { kind: 'lag', serverId: 'nowhere', field: 'replayLagDays', days: 3 }, name)).toMatchObject({ reason: expect.stringContaining('has no copy on') });
  });
});
