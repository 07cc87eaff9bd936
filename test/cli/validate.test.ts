// `extopo validate`, run in-process: exit codes, findings by severity, HA verdict, sizing, load problems, JSON.
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../main/cli/index';
import { processWantsColor } from '../../main/cli/format';
import type { CliIo } from '../../main/cli/command';
import { loadDesignText } from '../../shared/model/load';
import { exampleText } from '../fixtures/designs';

const repoRoot = new URL('../..', import.meta.url).pathname;

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function run(args: string[], cwd = repoRoot, extra: Partial<{ color: boolean }> = {}): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd, ...extra };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'extopo-validate-'));
});
afterAll(() => {
  // mkdtemp folders are left to the OS temp cleaner; nothing here is large.
});

function writeDesign(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text, 'utf8');
  return file;
}

/** S3: the two multi-role servers with the CAS array moved from the hardware load balancer to Windows NLB. */
function multiRoleOnWindowsNlb(): string {
  const doc = JSON.parse(exampleText('multi-role-hlb'));
  const servers = doc.design.servers as Array<{ id: string; name: string; nics: Array<{ id: string; purpose: string; subnetId: string }> }>;
  const mapiNic = (s: (typeof servers)[number]) => s.nics.find((n) => n.purpose === 'mapi') ?? s.nics[0];
  const hlb = doc.design.hardwareLoadBalancers[0];
  doc.design.nlbClusters = [
    {
      id: 'nlb-hq',
      fqdn: doc.design.casArrays[0].fqdn,
      vip: hlb.vip,
      subnetId: mapiNic(servers[0]).subnetId,
      mode: 'multicast',
      clientsOnOtherSubnets: false,
      portRules: [{ startPort: 443, endPort: 443, protocol: 'Tcp', affinity: 'Single' }],
      members: servers.map((s, i) => ({ serverId: s.id, nicId: mapiNic(s).id, hostPriority: i + 1, loadWeight: 50 })),
    },
  ];
  doc.design.hardwareLoadBalancers = [];
  doc.design.casArrays[0].hardwareLoadBalancerId = null;
  doc.design.casArrays[0].nlbClusterId = 'nlb-hq';
  return JSON.stringify(doc, null, 2);
}

describe('extopo validate', () => {
  it('passes the seed lab with its expected warnings, verdict and sizing (exit 0)', async () => {
    const r = await run(['validate', 'examples/seed-lab.extopo.json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('examples/seed-lab.extopo.json: Seed lab: CAS array with Windows NLB');
    expect(r.stdout).toMatch(/Errors \(0\)\n {2}none/);
    const warnings = r.stdout.slice(r.stdout.indexOf('Warnings ('), r.stdout.indexOf('Infos ('));
    expect(warnings).toContain('ha.mailbox');
    expect(warnings).toContain('nlb.default-port-rule');
    expect(warnings).toMatch(/fix: .+/);
    expect(warnings).toMatch(/source: seed/);
    expect(r.stdout).toMatch(/High availability\n {2}CAS {2}Client Access +yes +\S.+\n {2}HT {3}Hub Transport +yes +\S.+\n {2}MB {3}Mailbox +no +EX2 is in no DAG/);
    // The sizing chapter: every figure with its arithmetic, worked by hand (150 mailboxes, 1 GB, 100 messages a day;
    // 1 GB + 100 × 75 KB × 15 + 7 % = 1.177 GB on disk).
    const sizing = r.stdout.slice(r.stdout.indexOf('\nSizing\n'), r.stdout.indexOf('\nResult: '));
    expect(sizing).toContain('  Inputs\n    Mailboxes, All mailboxes: 150 × 1 GB quota, 100 messages a day.');
    // 200 ÷ (1.177 × 1.2) = 141.6 → 141 per database; ceil(150 ÷ 141) = 2 databases of 75, 75 × 1.413 = 106 GB.
    expect(sizing).toContain('  Recommendation\n    Databases: 150 mailboxes at 1.41 GB each in a database (1.177 GB on disk × 1.2); at most 141 fit under 200 GB (fewer than 2 HA copies) → 2 databases of 75 mailboxes, about 106 GB each.');
    // EX2, no DAG: 150 × 2 = 300 megacycles ÷ (3,333 × 80 %) = 0.11 → 2 cores; 150 × 6 MB = 0.88 GB → 4 GB RAM (1 GB).
    expect(sizing).toContain('    EX2 CPU: 150 active × 2 × 1 (1 copy) + 0 passive × 0.3 = 300 megacycles; reference core 3,333 megacycles (no SPECint_rate2006 given) × 4 cores = 13,332 available → 2.3 % at worst (target 80 %); needs 300 ÷ (3,333 × 80 %) = 0.11 → 2 cores (Mailbox minimum 2); has 4.');
    expect(sizing).toContain('    EX2 memory: 150 active mailboxes at worst × 6 MB = 0.88 GB database cache → 4 GB RAM (1 GB cache); has 16 GB (10.4 GB cache).');
    // 150 × 1.177 × 1.2 = 211.9 GB; (211.9 + 21.2) × 1.2 = 279.7 GB; logs 150 × 20 MB = 2.93 GB a day.
    expect(sizing).toContain('    Mailbox Database 02: 150 mailboxes × 1.177 GB × 1.2 = 212 GB (limit 200 GB with 1 HA copy); content index 10 % = 21.2 GB; database volume (212 + 21.2) × 1.2 = 280 GB.');
    expect(sizing).toContain('    Mailbox Database 02 files: C:\\ExchangeDatabases\\Mailbox Database 02\\Mailbox Database 02.db\\Mailbox Database 02.edb');
    expect(sizing).toContain('  AD sites\n    AD site Default-First-Site-Name, Client Access (Mailbox:CAS = 4:3, combined CAS+HT 1:1): 8 combined CAS+HT cores × 1 = 8 of 4 Mailbox cores covered.');
    expect(warnings).toContain('db.size');
    expect(r.stdout).toMatch(/Result: 0 errors, \d+ warnings?, \d+ infos?\. The design is valid\./);
  });

  it('says without sizing inputs which figures need them, and still prints the ratios', async () => {
    const doc = JSON.parse(exampleText('minimal-ha'));
    delete doc.design.sizing;
    const r = await run(['validate', writeDesign('no-sizing.extopo.json', JSON.stringify(doc))]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('  No sizing inputs (mailbox tiers: count, quota, messages a day): add them to get the worst-case figures per Mailbox server.');
    expect(r.stdout).toContain('AD site HQ, Client Access (Mailbox:CAS = 4:3, combined CAS+HT 1:1): 16 combined CAS+HT cores × 1 = 16 of 16 Mailbox cores covered.');
  });

  it('says yes for every role on the minimal HA design', async () => {
    const r = await run(['validate', 'examples/minimal-ha.extopo.json']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\n {2}CAS {2}Client Access +yes {2}\S.+/);
    expect(r.stdout).toMatch(/\n {2}HT {3}Hub Transport +yes {2}\S.+/);
    expect(r.stdout).toMatch(/\n {2}MB {3}Mailbox +yes {2}\S.+/);
    expect(r.stdout).not.toMatch(/warning +ha\./);
  });

  it('fails a design with Windows NLB on DAG members: nlb.dag-conflict naming both servers (exit 1)', async () => {
    const file = writeDesign('nlb-on-dag.extopo.json', multiRoleOnWindowsNlb());
    const r = await run(['validate', file]);
    expect(r.code).toBe(1);
    const errors = r.stdout.slice(r.stdout.indexOf('Errors ('), r.stdout.indexOf('Warnings ('));
    expect(errors).toMatch(/Errors \([1-9]\d*\)/);
    const conflict = errors.split('\n').find((l) => l.includes('nlb.dag-conflict'));
    expect(conflict).toBeDefined();
    expect(conflict).toContain('EXA');
    expect(conflict).toContain('EXB');
    expect(errors).toMatch(/fix: .*hardware load balancer/i);
    expect(r.stdout).toMatch(/Result: [1-9]\d* errors?, .+fix the errors first/);
  });

  it('reports a JSON syntax error as file:line:column (exit 2)', async () => {
    const broken = exampleText('seed-lab').replace('"name": "EX3",', '"name": "EX3"');
    const file = writeDesign('broken.extopo.json', broken);
    const expected = loadDesignText(broken);
    if (expected.ok) throw new Error('the broken file should not load');
    const { line, column } = expected.problems[0];
    // The parser stops at the token after the missing comma: the "fqdn" key on the next line.
    const lines = broken.split('\n');
    expect(lines[(line ?? 0) - 1]).toContain('"fqdn": "ex3.');
    const r = await run(['validate', file]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`${file}:${line}:${column}`);
    expect(r.stderr).toMatch(/not valid JSON at line \d+, column \d+/);
    expect(r.stderr).toMatch(/fix: .*comma/);
  });

  it('names a missing file clearly (exit 2)', async () => {
    const r = await run(['validate', 'no-such-design.extopo.json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Cannot read no-such-design.extopo.json: no such file.');
    expect(r.stderr).toContain('extopo new --template blank');
  });

  it('refuses a directory (exit 2)', async () => {
    const sub = join(dir, 'a-folder.extopo.json');
    mkdirSync(sub, { recursive: true });
    const r = await run(['validate', sub]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('it is a directory, not a file');
  });

  it('prints each load problem with its JSON path and fix (exit 2)', async () => {
    const text = exampleText('seed-lab').replace('"serverId": "srv-ex4", "nicId"', '"serverId": "srv-ex9", "nicId"').replace('"cores": 4', '"cores": "four"');
    const file = writeDesign('dangling.extopo.json', text);
    const r = await run(['validate', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Cannot load .+dangling\.extopo\.json: \d+ problems?\./);
    expect(r.stderr).toMatch(/\$\.design\.servers\[\d\]\.cores/);
    expect(r.stderr).toMatch(/fix: /);
    expect(r.stderr).toContain('Nothing was validated');
  });

  it('prints one parseable JSON object with --format json', async () => {
    const r = await run(['validate', 'examples/seed-lab.extopo.json', '--format', 'json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ file: 'examples/seed-lab.extopo.json', loaded: true, valid: true });
    expect(out.counts).toEqual({ error: 0, warning: expect.any(Number), info: expect.any(Number) });
    expect(out.findings.length).toBe(out.counts.error + out.counts.warning + out.counts.info);
    for (const f of out.findings) {
      expect(f).toEqual({ ruleId: expect.any(String), severity: expect.stringMatching(/^(error|warning|info)$/), message: expect.any(String), hint: expect.any(String), source: expect.any(String), entityIds: expect.any(Array) });
    }
    expect(out.findings.map((f: { ruleId: string }) => f.ruleId)).toContain('nlb.default-port-rule');
    expect(Object.keys(out.verdict).sort()).toEqual(['CAS', 'HT', 'MB']);
    expect(out.verdict.MB.highlyAvailable).toBe(false);
    expect(out.sizing).toHaveProperty('recommendation');
    // Every figure carries its arithmetic in the JSON too.
    expect(out.sizing.recommendation.lines[0]).toMatch(/^Databases: 150 mailboxes at 1\.41 GB each/);
    expect(out.sizing.servers.find((s: { serverName: string }) => s.serverName === 'EX2').mailbox).toMatchObject({ activeMailboxes: 150, requiredCores: 2, ramRow: { ramGB: 4, cacheGB: 1 } });
    expect(out.sizing.servers.find((s: { serverName: string }) => s.serverName === 'EX2').lines).toHaveLength(5);
    expect(out.sizing.databases[0].lines).toHaveLength(4);
  });

  it('prints load problems as JSON too, with their line and column', async () => {
    const file = writeDesign('broken2.extopo.json', '{\n  "formatVersion": 2,\n  "design": {\n}');
    const r = await run(['validate', '--format', 'json', file]);
    expect(r.code).toBe(2);
    const out = JSON.parse(r.stdout);
    expect(out.loaded).toBe(false);
    expect(out.problems[0]).toMatchObject({ path: '$', line: expect.any(Number), column: expect.any(Number), hint: expect.any(String) });
  });

  it('returns 1 in JSON mode when the design has errors', async () => {
    const file = writeDesign('nlb-on-dag2.extopo.json', multiRoleOnWindowsNlb());
    const r = await run(['validate', file, '--format=json']);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.valid).toBe(false);
    expect(out.findings.some((f: { ruleId: string; severity: string }) => f.ruleId === 'nlb.dag-conflict' && f.severity === 'error')).toBe(true);
  });

  it('rejects a wrong command line with exit 2', async () => {
    expect((await run(['validate'])).stderr).toContain('no design file given');
    const xml = await run(['validate', 'examples/seed-lab.extopo.json', '--format', 'xml']);
    expect(xml.code).toBe(2);
    expect(xml.stderr).toContain('unknown format "xml"');
    const two = await run(['validate', 'a.json', 'b.json']);
    expect(two.code).toBe(2);
    expect(two.stderr).toContain('one design file at a time');
  });

  it('colours the output only when the io asks for it', async () => {
    const plain = await run(['validate', 'examples/seed-lab.extopo.json']);
    expect(plain.stdout).not.toContain('\u001b[');
    const coloured = await run(['validate', 'examples/seed-lab.extopo.json'], repoRoot, { color: true });
    expect(coloured.stdout).toContain('\u001b[33m');
    const json = await run(['validate', 'examples/seed-lab.extopo.json', '--format', 'json'], repoRoot, { color: true });
    expect(json.stdout).not.toContain('\u001b[');
  });

  it('wants colour only on a TTY with NO_COLOR unset', () => {
    expect(processWantsColor({}, true)).toBe(true);
    expect(processWantsColor({}, false)).toBe(false);
    expect(processWantsColor({ NO_COLOR: '1' }, true)).toBe(false);
  });
});
