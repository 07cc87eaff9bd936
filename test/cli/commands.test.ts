// The command registry, help, option errors and the new / templates / schema commands, run in-process.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS, EXIT_INTERNAL, main } from '../../main/cli/index';
import type { CliCommand, CliIo } from '../../main/cli/command';
import { checkSchemaFile, designJsonSchema, designJsonSchemaText } from '../../main/cli/commands/schema';
import { loadDesignText } from '../../shared/model/load';
import { listTemplates, templateText } from '../../shared/templates';

const repoRoot = new URL('../..', import.meta.url).pathname;

async function run(args: string[], cwd = repoRoot, commands?: readonly CliCommand[]) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd };
  const code = await main(args, io, commands);
  return { code, stdout, stderr };
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'extopo-cli-'));
});

describe('extopo (registry and help)', () => {
  it('lists every command with its summary under --help', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    for (const c of COMMANDS) expect(r.stdout).toMatch(new RegExp(`\\n {2}${c.name} +${c.summary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    expect(r.stdout).toContain('Usage: extopo <command>');
  });

  it('prints the global help on stderr with exit 2 when no command is given', async () => {
    const r = await run([]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Commands:');
  });

  it.each(COMMANDS.map((c) => c.name))('"extopo %s --help" prints the command help with usage and an example', async (name) => {
    const r = await run([name, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Usage: extopo ${name}`);
    expect(r.stdout).toContain('Example');
    expect((await run(['help', name])).stdout).toBe(r.stdout);
  });

  it('rejects an unknown command with exit 2, naming it and the valid ones', async () => {
    const r = await run(['valdiate', 'x.json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown command "valdiate"');
    expect(r.stderr).toContain('validate, new, templates, schema');
  });

  it('rejects an unknown option with exit 2, naming it', async () => {
    const r = await run(['validate', 'examples/seed-lab.extopo.json', '--strict-mode']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('extopo validate: unknown option --strict-mode.');
    expect(r.stderr).toContain('extopo validate --help');
    const missing = await run(['new', '--template']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--template needs a value');
  });

  it('prints the version', async () => {
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string };
    expect((await run(['--version'])).stdout).toBe(`extopo ${pkg.version}\n`);
  });

  it('turns an unexpected exception into a clear message and exit 70', async () => {
    const broken: CliCommand = {
      name: 'boom',
      summary: 'fails',
      help: 'Usage: extopo boom',
      run: async () => {
        throw new Error('disk on fire');
      },
    };
    const r = await run(['boom'], repoRoot, [broken]);
    expect(r.code).toBe(EXIT_INTERNAL);
    expect(r.stderr).toContain('extopo boom: unexpected internal error: disk on fire');
  });
});

describe('extopo new', () => {
  it('prints a loadable design on stdout without -o', async () => {
    const r = await run(['new', '--template', 'minimal-ha']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(templateText('minimal-ha'));
    expect(loadDesignText(r.stdout).ok).toBe(true);
  });

  it('writes the file with -o and suggests validating it', async () => {
    const r = await run(['new', '-t', 'blank', '-o', 'fresh.extopo.json'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Wrote fresh.extopo.json from the "blank" template');
    const loaded = loadDesignText(readFileSync(join(dir, 'fresh.extopo.json'), 'utf8'));
    expect(loaded.ok).toBe(true);
    const validated = await run(['validate', 'fresh.extopo.json'], dir);
    expect(validated.code).toBe(0);
  });

  it('refuses to overwrite an existing file unless --force', async () => {
    const file = join(dir, 'mine.extopo.json');
    writeFileSync(file, 'my own work', 'utf8');
    const refused = await run(['new', '--template', 'seed-lab', '--output', 'mine.extopo.json'], dir);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('mine.extopo.json already exists; nothing was written. Add --force');
    expect(readFileSync(file, 'utf8')).toBe('my own work');
    const forced = await run(['new', '--template', 'seed-lab', '--output', 'mine.extopo.json', '--force'], dir);
    expect(forced.code).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(templateText('seed-lab'));
  });

  it('lists the valid templates for an unknown or missing name (exit 2)', async () => {
    for (const args of [['new', '--template', 'huge'], ['new']]) {
      const r = await run(args, dir);
      expect(r.code).toBe(2);
      for (const t of listTemplates()) expect(r.stderr).toContain(t.name);
    }
    expect((await run(['new', '--template', 'huge'])).stderr).toContain('unknown template "huge"');
  });

  it('reports a folder that does not exist (exit 1)', async () => {
    const r = await run(['new', '--template', 'blank', '-o', join('no', 'such', 'folder', 'x.json')], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('its folder does not exist');
    expect(existsSync(join(dir, 'no'))).toBe(false);
  });
});

describe('extopo templates', () => {
  it('lists every template with its name, title and description', async () => {
    const r = await run(['templates']);
    expect(r.code).toBe(0);
    for (const t of listTemplates()) {
      expect(r.stdout).toMatch(new RegExp(`^${t.name} +${t.title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'));
      expect(r.stdout).toContain(t.description);
    }
  });

  it('lists them as JSON on request', async () => {
    const r = await run(['templates', '--format', 'json']);
    expect(JSON.parse(r.stdout).map((t: { name: string }) => t.name)).toEqual(listTemplates().map((t) => t.name));
  });
});

describe('extopo schema', () => {
  it('prints the JSON Schema generated from the zod schema', async () => {
    const r = await run(['schema']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(designJsonSchema());
  });

  it('--check passes on the committed file', async () => {
    const r = await run(['schema', '--check']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('is up to date');
  });

  it('detects a stale or missing schema file', async () => {
    const stale = join(dir, 'stale.schema.json');
    writeFileSync(stale, designJsonSchemaText().replace('"maxLength": 64', '"maxLength": 65'), 'utf8');
    expect(await checkSchemaFile(stale)).toBe('stale');
    expect(await checkSchemaFile(join(dir, 'absent.schema.json'))).toBe('missing');
    const current = join(dir, 'current.schema.json');
    writeFileSync(current, designJsonSchemaText().replace(/\n/g, '\r\n'), 'utf8');
    expect(await checkSchemaFile(current)).toBe('up-to-date');
  });

  it('refuses --write together with --check', async () => {
    const r = await run(['schema', '--write', '--check']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('either --write or --check');
  });
});
