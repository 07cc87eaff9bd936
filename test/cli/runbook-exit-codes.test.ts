// `extopo runbook` never ends in "internal error" (70) for a design or exporter problem: a design with characters
// PowerShell cannot carry is refused at load (exit 2, naming the field and position), and an exporter that fails
// gives exit 3 with a message. The codes are documented in the command's --help.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { CliIo } from '../../main/cli/command';
import type * as Exporters from '../../main/exporters';
import { exampleText } from '../fixtures/designs';

const failure = vi.hoisted(() => ({ next: undefined as Error | undefined }));

vi.mock('../../main/exporters', async (importOriginal) => {
  const real = await importOriginal<typeof Exporters>();
  return {
    ...real,
    exportRunbook: async (input: Parameters<typeof real.exportRunbook>[0]) => {
      const error = failure.next;
      failure.next = undefined;
      if (error) {
        // The design must be valid first, as in the real exporter.
        real.runbookForText(input.text, new Date());
        throw error;
      }
      return real.exportRunbook(input);
    },
  };
});

const { runbookCommand } = await import('../../main/cli/commands/runbook');
const { ExportFailure } = await import('../../main/exporters');

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'extopo-runbook-codes-'));
});

async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd: dir };
  const code = await runbookCommand.run(args, io);
  return { code, stdout, stderr };
}

/** The seed lab with one change, written as a file (JSON.stringify writes NUL and lone surrogates as \u escapes). */
function seedWith(file: string, change: (doc: { title: string; design: { servers: Record<string, unknown>[] } }) => void): string {
  const doc = JSON.parse(exampleText('seed-lab'));
  change(doc);
  writeFileSync(join(dir, file), JSON.stringify(doc, null, 2), 'utf8');
  return file;
}

describe('extopo runbook exit codes', () => {
  it('documents every exit code in --help', () => {
    expect(runbookCommand.help).toContain('  0  the runbook was exported');
    expect(runbookCommand.help).toContain('  1  the design has planner errors');
    expect(runbookCommand.help).toContain('  2  the file cannot be read or is not a valid design file');
    expect(runbookCommand.help).toContain('control characters and unpaired surrogates');
    expect(runbookCommand.help).toContain('  3  the design is valid but the export could not be produced');
  });

  it('a NUL in the title: exit 2, the field, the position and the fix; nothing on stdout', async () => {
    const file = seedWith('nul-title.extopo.json', (d) => (d.title = 'Seed\u0000lab'));
    const r = await run([file, '--format', 'ps1']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'extopo runbook: nul-title.extopo.json is not a valid design file:\n' +
        '  - Field "title" ($.title) has a NUL character (U+0000) at character 5: "Seed\\u0000lab". Delete it from the value. In the file it is written as "\\u0000". Windows and PowerShell end text at a NUL, so no name or setting can contain one.\n',
    );
  });

  it('an unpaired surrogate in a server name: exit 2 naming the server and the position', async () => {
    const file = seedWith('surrogate-name.extopo.json', (d) => (d.design.servers[1].name = 'EX3\uDBFF'));
    const r = await run([file, '--format', 'ps1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('  - Server 2, field "name" ($.design.servers[1].name) has an unpaired UTF-16 surrogate (U+DBFF) at character 4: "EX3\\uDBFF".');
  });

  it('a NUL in a server\'s notes: exit 2 naming server EX4\'s notes', async () => {
    const file = seedWith('nul-notes.extopo.json', (d) => (d.design.servers[2].notes = 'spare\u0000'));
    const r = await run([file, '--format', 'md']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('  - Server "EX4", field "notes" ($.design.servers[2].notes) has a NUL character (U+0000) at character 6: "spare\\u0000".');
  });

  it('a renderer that fails: exit 3 with the format and the reason, not 70', async () => {
    failure.next = new ExportFailure('pdf', 'renderer', 'the font file Roboto-Regular.ttf is missing');
    const r = await run([join(process.cwd(), 'examples/seed-lab.extopo.json'), '-o', join(dir, 'out.pdf')]);
    expect(r.code).toBe(3);
    expect(r.stderr).toBe(
      `extopo runbook: no pdf written: the pdf exporter failed: the font file Roboto-Regular.ttf is missing.\n` +
        'The design itself is valid. Try another format (--format md or ps1); set EXTOPO_DEBUG=1 for the details and report this with the design file.\n',
    );
  });

  it('a value the PowerShell quoting refuses: exit 3 saying which value, not 70', async () => {
    failure.next = new ExportFailure('ps1', 'value', 'Cannot put this text into a PowerShell script: it contains NUL (U+0000 at index 4). Windows names cannot contain NUL; remove it from the value.');
    const seed = join(process.cwd(), 'examples/seed-lab.extopo.json');
    const r = await run([seed, '--format', 'ps1']);
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      `extopo runbook: no ps1 written: a value of ${seed} cannot be written into a PowerShell script: Cannot put this text into a PowerShell script: it contains NUL (U+0000 at index 4). Windows names cannot contain NUL; remove it from the value.\n` +
        'Correct that value in the design and export again. The loader should have refused it: please report this with the design file.\n',
    );
  });
});
