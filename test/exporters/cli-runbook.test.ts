// `extopo runbook FILE --format … -o OUT`, run in-process through the command's run().
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../main/cli/command';
import { runbookCommand } from '../../main/cli/commands/runbook';
import { exampleText } from '../fixtures/designs';
import { pdfText, tempDir } from './helpers';

const repoRoot = new URL('../..', import.meta.url).pathname;

async function run(args: string[], cwd = repoRoot): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd };
  const code = await runbookCommand.run(args, io);
  return { code, stdout, stderr };
}

describe('extopo runbook', () => {
  it('prints a text format to stdout without -o', async () => {
    const md = await run(['examples/seed-lab.extopo.json', '--format', 'md']);
    expect(md.code).toBe(0);
    expect(md.stdout).toContain('- [ ] **1. ');
    expect(md.stdout).toContain('New-ClientAccessArray');
    const ps1 = await run(['examples/seed-lab.extopo.json', '--format', 'ps1']);
    expect(ps1.code).toBe(0);
    expect(ps1.stdout).toContain('New-NlbCluster');
    const json = await run(['examples/minimal-ha.extopo.json', '--format', 'json']);
    expect(JSON.parse(json.stdout).steps.length).toBeGreaterThan(10);
  });

  it('writes a PDF with -o, taking the format from the extension, and says where', async () => {
    const out = join(tempDir(), 'cli-seed.pdf');
    const r = await run(['examples/seed-lab.extopo.json', '-o', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^Wrote .*cli-seed\.pdf \(pdf, \d+ KB\)/);
    expect(readFileSync(out).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdfText(out)).toContain('New-NlbCluster');
  });

  it('writes into a directory with the default file name', async () => {
    const dir = join(tempDir(), 'out-dir');
    mkdirSync(dir, { recursive: true });
    const r = await run(['examples/minimal-ha.extopo.json', '--format', 'md', '-o', dir]);
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, 'minimal-ha-runbook.md'), 'utf8')).toContain('DAG1');
  });

  it('refuses to print a PDF to the terminal', async () => {
    const r = await run(['examples/seed-lab.extopo.json', '--format', 'pdf']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('give an output file with -o');
    expect(r.stdout).toBe('');
  });

  it('exits 1 and lists the planner errors when the design has errors', async () => {
    const doc = JSON.parse(exampleText('seed-lab'));
    doc.design.servers[2].nics[0].ipv4 = '192.168.0.34';
    const file = join(tempDir(), 'duplicate-ip.extopo.json');
    writeFileSync(file, JSON.stringify(doc));
    const out = join(tempDir(), 'never-written.md');
    const r = await run([file, '--format', 'md', '-o', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('no runbook, the design has errors');
    expect(r.stderr).toMatch(/- \[ip\.unique\] .*192\.168\.0\.34/);
    expect(r.stderr).toContain('extopo validate');
    expect(() => readFileSync(out)).toThrow();
  });

  it('exits 2 when the file is missing, not JSON or not a design, and on a wrong command line', async () => {
    const missing = await run(['no-such-design.extopo.json', '--format', 'md']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('cannot read no-such-design.extopo.json: no such file or directory');

    const file = join(tempDir(), 'broken.extopo.json');
    writeFileSync(file, '{ "formatVersion": 2,\n  "design": ');
    const broken = await run([file, '--format', 'json']);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain('is not a valid design file');
    expect(broken.stderr).toMatch(/not valid JSON.*line 2/);

    expect((await run([])).code).toBe(2);
    const format = await run(['examples/seed-lab.extopo.json', '--format', 'docx']);
    expect(format.code).toBe(2);
    expect(format.stderr).toContain('unknown format "docx"; use one of pdf, ps1, md, json');
  });

  it('has help with usage, formats, exit codes and an example', () => {
    for (const text of ['Usage: extopo runbook FILE', '--format', '-o, --output', 'Exit codes:', '0  ', '1  ', '2  ', 'Example']) expect(runbookCommand.help).toContain(text);
  });
});
