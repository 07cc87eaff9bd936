// The `extopo` command line: the registry of commands, global help and option errors. bin/extopo.mjs calls main().
import { readFileSync } from 'node:fs';
import { EXIT_USAGE } from './command';
import type { CliCommand, CliIo } from './command';
import { processWantsColor } from './format';
import { newCommand } from './commands/new';
import { schemaCommand } from './commands/schema';
import { templatesCommand } from './commands/templates';
import { validateCommand } from './commands/validate';
import { rehearseCommand } from './commands/rehearse';
import { runbookCommand } from './commands/runbook';
import { serveCommand } from './commands/serve';

/** Every command, in the order `extopo --help` lists them. */
export const COMMANDS: readonly CliCommand[] = [validateCommand, newCommand, templatesCommand, schemaCommand, runbookCommand, rehearseCommand, serveCommand];

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

export function globalHelp(commands: readonly CliCommand[] = COMMANDS): string {
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
export async function main(argv: readonly string[], io: CliIo = processIo(), commands: readonly CliCommand[] = COMMANDS): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    io.stderr(globalHelp(commands));
    return EXIT_USAGE;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    const topic = name === 'help' ? rest[0] : undefined;
    const command = topic === undefined ? undefined : commands.find((c) => c.name === topic);
    if (topic !== undefined && !command) {
      io.stderr(`extopo: unknown command "${topic}". Commands: ${commands.map((c) => c.name).join(', ')}.\n`);
      return EXIT_USAGE;
    }
    io.stdout(command ? command.help : globalHelp(commands));
    return 0;
  }
  if (name === '--version' || name === '-v') {
    io.stdout(`extopo ${version()}\n`);
    return 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    const what = name.startsWith('-') ? `unknown option ${name}` : `unknown command "${name}"`;
    io.stderr(`extopo: ${what}. Commands: ${commands.map((c) => c.name).join(', ')}.\nRun "extopo --help" for usage.\n`);
    return EXIT_USAGE;
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
