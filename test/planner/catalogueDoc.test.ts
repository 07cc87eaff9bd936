// The readable rule catalogue: `extopo rules` (text, md, json) and docs/rules.md, generated from the code so the
// documentation cannot drift. When this fails after a change to shared/planner/catalogue.ts or sources.ts, run
// "npx tsx scripts/rules-doc.ts" (or "extopo rules --format md -o docs/rules.md") and commit docs/rules.md.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../main/cli/command';
import { rulesCommand } from '../../main/cli/commands/rules';
import { RULES } from '../../shared/planner/catalogue';
import type { RuleMeta } from '../../shared/planner/catalogue';
import { buildCatalogue, renderCatalogue } from '../../shared/planner/catalogueDoc';

const DOC = new URL('../../docs/rules.md', import.meta.url);

async function run(args: string[], cwd = process.cwd()) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd };
  const code = await rulesCommand.run(args, io);
  return { code, stdout, stderr };
}

/** Two rules written for this test, one citing a known source, one a document section and a KB article. */
const SMALL: Record<string, RuleMeta> = {
  'nlb.max-nodes': { severity: 'error', haOnly: false, title: 'At most 32 NLB hosts', source: 'NLB-LIMIT' },
  'ha.cas': { severity: 'warning', haOnly: true, title: 'Client Access high availability', source: 'runbook.md (Real hosts), KB2734782' },
};

describe('the rule catalogue as people read it', () => {
  it('docs/rules.md is what the catalogue generates (regenerate: npx tsx scripts/rules-doc.ts)', () => {
    const committed = readFileSync(DOC, 'utf8').replace(/\r\n/g, '\n');
    expect(committed === renderCatalogue('md'), 'docs/rules.md is stale: run "npx tsx scripts/rules-doc.ts" and commit it').toBe(true);
  });

  it('lists every rule of the catalogue in every format, with its sources expanded', () => {
    const text = renderCatalogue('text');
    const md = renderCatalogue('md');
    const json = JSON.parse(renderCatalogue('json')) as { rules: { id: string; sources: { key: string; title: string }[] }[] };
    expect(json.rules.map((r) => r.id)).toEqual(Object.keys(RULES));
    for (const id of Object.keys(RULES)) {
      expect(text).toContain(`  ${id} `);
      expect(md).toContain(`| \`${id}\` |`);
    }
    const netbios = json.rules.find((r) => r.id === 'name.netbios');
    expect(netbios?.sources.map((s) => s.title)).toContain('Microsoft cmdlet reference: New-DatabaseAvailabilityGroup (Exchange 2010)');
    // No source key is left unexplained: each has a title other than the key itself.
    for (const s of buildCatalogue().sources) expect(s.title, s.key).not.toBe(s.key);
  });

  it('renders a catalogue as text: severity, HA only, title and the sources by name', () => {
    expect(renderCatalogue('text', buildCatalogue(SMALL, {}))).toBe(
      [
        'ExTopo planner rules, 2 rules: 1 error, 1 warning, 0 info notes.',
        'error: the design cannot be deployed as drawn, and the runbook is refused. warning: deployable, but an expert would object. info: a note the operator should see.',
        'HA only: the rule applies at its severity only when the design\'s goal "highly available" is on; with the goal off it drops to info.',
        '',
        'Windows NLB',
        '  nlb.max-nodes  error             At most 32 NLB hosts',
        '                                   source: NLB-LIMIT (Windows Server NLB documentation: 32 hosts)',
        '',
        'High availability',
        '  ha.cas         warning, HA only  Client Access high availability',
        '                                   source: runbook.md (Real hosts) (ExTopo domain notes: runbook.md, section "Real hosts"); KB2734782 (Microsoft Knowledge Base article 2734782)',
        '',
        'Sources',
        '  KB2734782: Microsoft Knowledge Base article 2734782',
        '  NLB-LIMIT: Windows Server NLB documentation: 32 hosts',
        '  runbook.md (Real hosts): ExTopo domain notes: runbook.md, section "Real hosts"',
        '',
      ].join('\n'),
    );
  });

  it('renders a catalogue as Markdown: a table per group, sources linked to the source list', () => {
    const md = renderCatalogue('md', buildCatalogue(SMALL, {}));
    expect(md).toContain('<!-- Generated from shared/planner/catalogue.ts by "npx tsx scripts/rules-doc.ts"; do not edit by hand. -->');
    expect(md).toContain(
      [
        '## Windows NLB',
        '',
        '| Rule | Severity | HA only | What it checks | Source |',
        '|---|---|---|---|---|',
        '| `nlb.max-nodes` | error |  | At most 32 NLB hosts | [NLB-LIMIT](#source-nlb-limit) |',
        '',
        '## High availability',
        '',
        '| Rule | Severity | HA only | What it checks | Source |',
        '|---|---|---|---|---|',
        '| `ha.cas` | warning | yes | Client Access high availability | [runbook.md (Real hosts)](#source-runbook-md-real-hosts), [KB2734782](#source-kb2734782) |',
      ].join('\n'),
    );
    expect(md).toContain('- <a id="source-nlb-limit"></a>**NLB-LIMIT** — Windows Server NLB documentation: 32 hosts\n');
  });
});

describe('extopo rules', () => {
  it('prints the text catalogue by default and JSON on request', async () => {
    const text = await run([]);
    expect(text.code).toBe(0);
    expect(text.stdout).toBe(renderCatalogue('text'));
    const json = await run(['--format', 'json']);
    expect(JSON.parse(json.stdout).rules.length).toBe(Object.keys(RULES).length);
  });

  it('writes the Markdown that docs/rules.md holds with -o', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'extopo-rules-'));
    const r = await run(['--format', 'md', '-o', 'rules.md'], dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('Wrote rules.md (md).\n');
    expect(readFileSync(join(dir, 'rules.md'), 'utf8')).toBe(readFileSync(DOC, 'utf8'));
  });

  it('refuses an unknown format with exit 2 and names the valid ones', async () => {
    const r = await run(['--format', 'html']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('extopo rules: unknown format "html"; use one of text, md, json.\nRun "extopo rules --help" for usage.\n');
  });

  it('has help with usage, options, exit codes and an example', () => {
    expect(rulesCommand.help).toMatch(/^Usage: extopo rules \[--format text\|md\|json\] \[-o FILE\]/);
    expect(rulesCommand.help).toContain('Exit codes: 0 listed / written, 2 wrong command line or the file cannot be written.');
    expect(rulesCommand.help).toContain('extopo rules --format md -o docs/rules.md');
  });
});
