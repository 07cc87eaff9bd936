// The `extopo` command line: the registry of commands, global help and option errors. bin/extopo.mjs calls main().
//
// The registry is a light table (name, summary, loader): `extopo --help` lists it without importing any command,
// and a command's module — with what only it needs (the PDF exporter and its fonts, the rehearsal lab, the browser
// host, pwsh) — is imported only when that command runs. The CLI build (scripts/build.mjs, buildCli) turns each
// loader's import() into a chunk of its own.
import { readFileSync } from 'node:fs';
import { EXIT_USAGE, processWantsColor } from './command';
import type { CliCommand, CliIo } from './command';

/** A registry entry: what `extopo --help` shows, and how to load the command when it runs. */
export interface CommandEntry {
  readonly name: string;
  /** One line for `extopo --help`; the same as the loaded command's summary (test/cli checks it). */
  readonly summary: string;
  readonly load: () => Promise<CliCommand>;
}

/** Every command, in the order `extopo --help` lists them. A new command is one line here. */
export const COMMANDS: readonly CommandEntry[] = [
  { name: 'validate', summary: 'Check a design file: findings, HA verdict per role, sizing (exit 1 on errors)', load: async () => (await import('./commands/validate')).validateCommand },
  { name: 'new', summary: 'Start a design file from a template', load: async () => (await import('./commands/new')).newCommand },
  { name: 'templates', summary: 'List the design templates for "extopo new"', load: async () => (await import('./commands/templates')).templatesCommand },
  { name: 'schema', summary: 'Print, write or check the JSON Schema of the design file', load: async () => (await import('./commands/schema')).schemaCommand },
  { name: 'runbook', summary: 'Export the deployment runbook of a design: pdf, ps1, md or json (exit 1 on planner errors)', load: async () => (await import('./commands/runbook')).runbookCommand },
  { name: 'rehearse', summary: 'Run the design\'s runbook against the rehearsal lab (simulated hosts, optional faults)', load: async () => (await import('./commands/rehearse')).rehearseCommand },
  { name: 'serve', summary: 'Run the ExTopo designer in your web browser (127.0.0.1, token-protected)', load: async () => (await import('./commands/serve')).serveCommand },
  { name: 'diagram', summary: 'Export the topology diagram of a design: svg, png or drawio (the layout of the PDF)', load: async () => (await import('./commands/diagram')).diagramCommand },
  { name: 'rules', summary: 'List every planner rule: id, severity, what it checks and its source', load: async () => (await import('./commands/rules')).rulesCommand },
  { name: 'inventory-script', summary: 'Write the read-only inventory script to run in the Exchange Management Shell', load: async () => (await import('./commands/inventoryScript')).inventoryScriptCommand },
  { name: 'import', summary: 'Turn an inventory of a running Exchange 2010 organization into a design', load: async () => (await import('./commands/import')).importCommand },
  { name: 'drift', summary: 'Compare a design with an inventory of the running organization (exit 1 on drift)', load: async () => (await import('./commands/drift')).driftCommand },
];

/** A loaded command or a registry entry (tests pass loaded commands). */
export type CommandLike = CliCommand | CommandEntry;

async function loaded(command: CommandLike): Promise<CliCommand> {
  return 'run' in command ? command : command.load();
}

/** Exit code for a wrong command line (unknown command or option, missing argument). */
export { EXIT_USAGE } from './command';
/** Exit code for a bug: an exception no command expected (EX_SOFTWARE). */
export const EXIT_INTERNAL = 70;

function version(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : 'unknown';
  } catch {
    return 'unknown';
  }
}

export function globalHelp(commands: readonly CommandLike[] = COMMANDS): string {
  const width = Math.max(...commands.map((c) => c.name.length)) + 3;
  return [
    'ExTopo: design, check and deploy Exchange Server 2010 topologies.',
    '',
    'Usage: extopo <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
    '',
    'Options:',
    '  -h, --help      Show this help, or a command\'s help: extopo <command> --help',
    '  -v, --version   Print the version',
    '',
    'Example:',
    '  extopo validate examples/seed-lab.extopo.json',
    '',
  ].join('\n');
}

/** The io of the real process: stdout/stderr, colours only on a TTY without NO_COLOR, Ctrl+C on demand. */
export function processIo(): CliIo & { readonly color: boolean } {
  let interrupted: Promise<void> | undefined;
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    cwd: process.cwd(),
    color: processWantsColor(process.env, process.stdout.isTTY === true),
    // Only commands that read it (serve, rehearse) take over Ctrl+C; for the others it keeps ending the process.
    get interrupted() {
      interrupted ??= new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
      return interrupted;
    },
  };
}

interface ParseArgsError {
  readonly code: string;
  readonly message: string;
}

function isParseArgsError(error: unknown): error is ParseArgsError {
  if (!(error instanceof Error)) return false;
  const code: unknown = (error as Error & { code?: unknown }).code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_');
}

/** node:util parseArgs messages, reworded to name the option and point at the command's help. */
function describeParseArgsError(command: string, error: ParseArgsError): string {
  const option = /option '([^']+)'/i.exec(error.message)?.[1];
  const argument = /argument '([^']+)'/i.exec(error.message)?.[1];
  switch (error.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option ${option ?? error.message}.`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return option ? `option ${option.replace(/ <value>$/, '')} ${/argument missing/.test(error.message) ? 'needs a value' : 'takes no value'}.` : error.message;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `unexpected argument ${argument === undefined ? '' : `"${argument}" `}("extopo ${command}" takes no positional arguments).`;
    default:
      return error.message;
  }
}

function wantsHelp(args: readonly string[]): boolean {
  const end = args.indexOf('--');
  return (end === -1 ? args : args.slice(0, end)).some((a) => a === '--help' || a === '-h');
}

/** Runs the command line; returns the exit code. Pass an io to run in-process (tests). */
export async function main(argv: readonly string[], io: CliIo = processIo(), commands: readonly CommandLike[] = COMMANDS): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    io.stderr(globalHelp(commands));
    return EXIT_USAGE;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    const topic = name === 'help' ? rest[0] : undefined;
    const entry = topic === undefined ? undefined : commands.find((c) => c.name === topic);
    if (topic !== undefined && !entry) {
      io.stderr(`extopo: unknown command "${topic}". Commands: ${commands.map((c) => c.name).join(', ')}.\n`);
      return EXIT_USAGE;
    }
    io.stdout(entry ? (await loaded(entry)).help : globalHelp(commands));
    return 0;
  }
  if (name === '--version' || name === '-v') {
    io.stdout(`extopo ${version()}\n`);
    return 0;
  }
  const entry = commands.find((c) => c.name === name);
  if (!entry) {
    const what = name.startsWith('-') ? `unknown option ${name}` : `unknown command "${name}"`;
    io.stderr(`extopo: ${what}. Commands: ${commands.map((c) => c.name).join(', ')}.\nRun "extopo --help" for usage.\n`);
    return EXIT_USAGE;
  }
  let command: CliCommand;
  try {
    command = await loaded(entry);
  } catch (error) {
    // A missing chunk or dependency (a broken install), not the user's command line.
    const detail = error instanceof Error ? (process.env.EXTOPO_DEBUG ? (error.stack ?? error.message) : error.message) : String(error);
    io.stderr(`extopo ${entry.name}: cannot load the command: ${detail}\nReinstall the dependencies (npm ci); set EXTOPO_DEBUG=1 for the stack trace.\n`);
    return EXIT_INTERNAL;
  }
  if (wantsHelp(rest)) {
    io.stdout(command.help);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (isParseArgsError(error)) {
      io.stderr(`extopo ${command.name}: ${describeParseArgsError(command.name, error)}\nRun "extopo ${command.name} --help" for usage.\n`);
      return EXIT_USAGE;
    }
    const detail = error instanceof Error ? (process.env.EXTOPO_DEBUG ? (error.stack ?? error.message) : error.message) : String(error);
    io.stderr(`extopo ${command.name}: unexpected internal error: ${detail}\nThis is a bug in ExTopo; set EXTOPO_DEBUG=1 for the stack trace.\n`);
    return EXIT_INTERNAL;
  }
}
