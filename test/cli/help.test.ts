// The help of every command, through the real `extopo` (bin/extopo.mjs running the built out/cli), and the lazy
// command table: `extopo --help` lists the commands without loading any of them.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { COMMANDS, EXIT_INTERNAL, main } from '../../main/cli/index';
import type { CommandEntry } from '../../main/cli/index';
import type { CliIo } from '../../main/cli/command';

const repoRoot = new URL('../..', import.meta.url).pathname;

function extopo(...args: string[]) {
  const env = { ...process.env };
  delete env.NO_COLOR;
  delete env.FORCE_COLOR;
  return spawnSync(process.execPath, ['bin/extopo.mjs', ...args], { cwd: repoRoot, encoding: 'utf8', env, timeout: 60_000 });
}

async function run(args: string[], commands: readonly CommandEntry[]) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd: repoRoot };
  const code = await main(args, io, commands);
  return { code, stdout, stderr };
}

/** The lines of a help text's "Options:" section (up to the next blank line). */
function optionsSection(help: string): string {
  const lines = help.split('\n');
  const start = lines.indexOf('Options:');
  if (start === -1) return '';
  const end = lines.findIndex((l, i) => i > start && l.trim() === '');
  return lines.slice(start + 1, end === -1 ? undefined : end).join('\n');
}

describe('extopo <command> --help (the real executable)', () => {
  it.each(COMMANDS.map((c) => c.name))('"extopo %s --help" prints its usage and options, exit 0', (name) => {
    const r = extopo(name, '--help');
    expect(r.error).toBeUndefined();
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const usage = r.stdout.split('\n')[0];
    expect(usage).toMatch(new RegExp(`^Usage: extopo ${name}\\b`));
    const options = optionsSection(r.stdout);
    expect(options).toMatch(/^\s+-h, --help\s+Show this help/m);
    // Every option the usage line shows is described under Options.
    for (const option of usage.match(/--[a-z0-9][a-z0-9-]*/g) ?? []) expect(options, `${name}: ${option} is in the usage line but not under Options`).toMatch(new RegExp(`(^|[\\s,])${option}\\b`, 'm'));
    // `-h` works the same, and so does `extopo help <command>`.
    expect(extopo(name, '-h').stdout).toBe(r.stdout);
  });

  it('"extopo --help" lists every command with its summary, exit 0', () => {
    const r = extopo('--help');
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    for (const c of COMMANDS) expect(r.stdout).toContain(`  ${c.name}`);
    for (const c of COMMANDS) expect(r.stdout).toContain(c.summary);
  });
});

describe('the command table', () => {
  it('has the same name and summary as each command it loads', async () => {
    for (const entry of COMMANDS) {
      const command = await entry.load();
      expect(command.name).toBe(entry.name);
      expect(command.summary, `the summary of "${entry.name}" in main/cli/index.ts differs from its command's`).toBe(entry.summary);
      expect(command.help).toContain(`Usage: extopo ${entry.name}`);
    }
    expect(new Set(COMMANDS.map((c) => c.name)).size).toBe(COMMANDS.length);
  });

  it('lists the commands under --help without loading any of them', async () => {
    const unloadable = COMMANDS.map((c) => ({ ...c, load: () => Promise.reject(new Error(`${c.name} was loaded`)) }));
    const r = await run(['--help'], unloadable);
    expect(r.code).toBe(0);
    for (const c of COMMANDS) expect(r.stdout).toContain(c.summary);
    const unknown = await run(['valdiate'], unloadable);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "valdiate"');
  });

  it('loads only the command that runs', async () => {
    const loaded: string[] = [];
    const tracked = COMMANDS.map((c) => ({ ...c, load: () => (loaded.push(c.name), c.load()) }));
    expect((await run(['templates', '--format', 'json'], tracked)).code).toBe(0);
    expect(loaded).toEqual(['templates']);
  });

  it('reports a command that cannot be loaded (a broken install) with exit 70', async () => {
    const broken: CommandEntry = { name: 'boom', summary: 'fails to load', load: () => Promise.reject(new Error('Cannot find module pdfmake')) };
    const r = await run(['boom'], [broken]);
    expect(r.code).toBe(EXIT_INTERNAL);
    expect(r.stderr).toContain('extopo boom: cannot load the command: Cannot find module pdfmake');
  });
});
