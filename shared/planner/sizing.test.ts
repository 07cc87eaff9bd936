// The planner's sizing report (shared/sizing's method over the planner context): what it holds with and without
// sizing inputs, that it is computed once per context and that its JSON carries the arithmetic. The method's figures
// are worked by hand in shared/sizing/method.test.ts and test/planner/sizing.test.ts.
import { describe, it, expect } from 'vitest';
import { exampleDesign } from '../../test/fixtures/designs';
import { buildContext } from './context';
import { sizingDetails, sizingReport } from './sizing';

const reportOf = (name: Parameters<typeof exampleDesign>[0]) => sizingReport(buildContext(exampleDesign(name)));

describe('sizing report', () => {
  it('compares Client Access and Hub Transport cores with the Mailbox cores per site (combined CAS+HT 1:1)', () => {
    const r = reportOf('minimal-ha');
    expect(r.sites).toHaveLength(1);
    // 2 × 8 combined CAS+HT cores for 2 × 8 Mailbox cores.
    expect(r.sites[0]).toMatchObject({ siteName: 'HQ', unit: 'cores', mailboxServers: ['MB1', 'MB2'] });
    expect(r.sites[0].clientAccess).toMatchObject({ mailbox: 16, separate: 0, combined: 16, perSeparate: 4 / 3, covered: 16, ok: true });
    expect(r.sites[0].hubTransport).toMatchObject({ mailbox: 16, combined: 16, perSeparate: 5, ok: true });
    const noAv = exampleDesign('minimal-ha');
    noAv.sizing!.hubAntivirus = false;
    expect(sizingReport(buildContext(noAv)).sites[0].hubTransport.perSeparate).toBe(7);
  });

  it('uses the stand-alone IOPS column for a single-copy database: 150 × 0.12 × 1.2 = 21.6', () => {
    const r = reportOf('seed-lab');
    expect(r.databases[0]).toMatchObject({ databaseName: 'Mailbox Database 02', mailboxes: 150, copies: 1, limitGB: 200 });
    expect(r.databases[0].iopsPerCopy).toBeCloseTo(150 * 0.12 * 1.2, 9);
    expect(r.servers.find((s) => s.serverName === 'EX2')?.mailbox?.iops).toBeCloseTo(21.6, 9);
  });

  it('without sizing inputs still reports the ratios and the memory per role, but no mailbox figures', () => {
    const d = exampleDesign('minimal-ha');
    delete d.sizing;
    const r = sizingReport(buildContext(d));
    expect(r.inputs).toBeNull();
    expect(r.recommendation).toBeNull();
    expect(r.databases).toEqual([]);
    expect(r.dags).toEqual([]);
    expect(r.sites[0].clientAccess.ok).toBe(true);
    const mb1 = r.servers.find((s) => s.serverName === 'MB1');
    expect(mb1).toMatchObject({ mailbox: null, recommendedRamGB: 4, recommendedCores: 2, roleMemoryGB: 4 });
    expect(mb1?.lines[0]).toBe(
      'MB1: 8 cores (Mailbox minimum 2); reference core 3,333 megacycles (no SPECint_rate2006 given) × 8 cores = 26,664 available megacycles; memory: every Exchange server needs at least 4 GB → 4 GB, has 24 GB.',
    );
    // The storage layout still gives the runbook its paths.
    expect(r.storage.kind).toBe('mountPoints');
  });

  it('carries the one-line arithmetic of every figure in its JSON', () => {
    const json = JSON.parse(JSON.stringify(reportOf('minimal-ha')));
    expect(json.servers.find((s: { serverName: string }) => s.serverName === 'MB1').lines).toHaveLength(5);
    expect(json.databases[0].lines[0]).toMatch(/^DB1: 500 mailboxes × 1\.177 GB × 1\.2 = 706 GB/);
    expect(json.dags[0].lines[0]).toMatch(/^DAG DAG1: 2 members/);
    expect(json.recommendation.lines.length).toBeGreaterThan(2);
    expect(json.inputs.lines.length).toBeGreaterThan(2);
  });

  it('is computed once per planner context', () => {
    const ctx = buildContext(exampleDesign('large-lagged'));
    expect(sizingDetails(ctx)).toBe(sizingDetails(ctx));
    expect(sizingReport(ctx)).toBe(sizingReport(ctx));
    // The lines are made on the first read of a list, once.
    expect(sizingReport(ctx).servers).toBe(sizingReport(ctx).servers);
    expect(sizingReport(ctx).servers[0]).toMatchObject({ ...sizingDetails(ctx).servers[0], lines: expect.any(Array) });
  });
});
