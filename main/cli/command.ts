// One CLI command: a name, its help text and a run function. Commands live in main/cli/commands/, one per file,
// and are registered in main/cli/index.ts (one line each: name, summary, loader).

export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly cwd: string;
  /** Resolves when the user interrupts (Ctrl+C) — for long-running commands such as `serve` and `rehearse`. */
  readonly interrupted?: Promise<void>;
  /** Force colours on or off (default: on when stdout is a TTY and NO_COLOR is unset). */
  readonly color?: boolean;
}

export interface CliCommand {
  readonly name: string;
  /** One line for `extopo --help`. */
  readonly summary: string;
  /** Full `--help` text: usage line, options, exit codes, an example. */
  readonly help: string;
  /** Returns the process exit code. */
  readonly run: (args: readonly string[], io: CliIo) => Promise<number>;
}

/** Exit code of a wrong command line. */
export const EXIT_USAGE = 2;

/** Says what is wrong with the command line and where its usage is; returns EXIT_USAGE. */
export function usageError(io: CliIo, command: string, message: string): number {
  io.stderr(`extopo ${command}: ${message}\nRun "extopo ${command} --help" for usage.\n`);
  return EXIT_USAGE;
}

/** Whether the real process stdout should be coloured (https://no-color.org: any NO_COLOR value turns it off). Here,
 *  not in format.ts, so that the command table in index.ts loads nothing of the planner. */
export function processWantsColor(env: NodeJS.ProcessEnv, stdoutIsTty: boolean): boolean {
  return stdoutIsTty && (env.NO_COLOR === undefined || env.NO_COLOR === '');
}
