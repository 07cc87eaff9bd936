// Which PowerShell to start, and a clear error when it is not there (node-powershell would otherwise fail later with
// an unhandled `spawn ENOENT`).
//
// Order: the `executable` option, then NODE_POWERSHELL (node-powershell's own override), then `powershell`
// (Windows PowerShell 5.1, present on every supported Windows) on Windows and `pwsh` (PowerShell 7) elsewhere.
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, extname, isAbsolute, join, resolve } from 'node:path';

export const NODE_POWERSHELL_VARIABLE = 'NODE_POWERSHELL';

export class PowerShellNotFoundError extends Error {
  readonly executable: string;
  constructor(executable: string, message: string) {
    super(message);
    this.name = 'PowerShellNotFoundError';
    this.executable = executable;
  }
}

export interface ExecutableChoice {
  /** What was asked for (a command name or a path). */
  readonly requested: string;
  /** Where it came from, for error messages. */
  readonly source: 'option' | 'NODE_POWERSHELL' | 'default';
}

export function chooseExecutable(
  option: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): ExecutableChoice {
  if (option !== undefined && option.trim() !== '') return { requested: option, source: 'option' };
  const fromEnv = env[NODE_POWERSHELL_VARIABLE];
  if (fromEnv !== undefined && fromEnv.trim() !== '') return { requested: fromEnv, source: 'NODE_POWERSHELL' };
  return { requested: platform === 'win32' ? 'powershell' : 'pwsh', source: 'default' };
}

function isRunnableFile(path: string, platform: NodeJS.Platform): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    if (platform !== 'win32') accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The absolute path of a command, searched like a shell does (PATH, and PATHEXT on Windows), or null. */
export function findOnPath(
  command: string,
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  cwd: string = process.cwd(),
): string | null {
  const hasDirectory = command.includes('/') || (platform === 'win32' && command.includes('\\'));
  const extensions =
    platform === 'win32' && extname(command) === ''
      ? (env.PATHEXT ?? '.COM;.EXE;.BAT;.CMD').split(';').filter((e) => e !== '')
      : [''];
  if (hasDirectory || isAbsolute(command)) {
    const base = resolve(cwd, command);
    for (const ext of extensions) if (isRunnableFile(base + ext, platform)) return base + ext;
    return null;
  }
  const pathValue = env.PATH ?? env.Path ?? '';
  for (const dir of pathValue.split(delimiter)) {
    if (dir === '') continue;
    for (const ext of extensions) {
      const candidate = join(dir, command + ext);
      if (isRunnableFile(candidate, platform)) return candidate;
    }
  }
  return null;
}

function displayName(requested: string, platform: NodeJS.Platform): string {
  if (requested === 'powershell' && platform === 'win32') return 'powershell.exe';
  return requested;
}

/** The absolute path of the PowerShell to start; throws PowerShellNotFoundError with what to do when it is missing. */
export function resolveExecutable(
  option?: string,
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  const choice = chooseExecutable(option, env, platform);
  const found = findOnPath(choice.requested, env, platform);
  if (found !== null) return found;
  const name = displayName(choice.requested, platform);
  const howToFix = 'install PowerShell 7 or run ExTopo on Windows';
  if (choice.source === 'default') {
    throw new PowerShellNotFoundError(choice.requested, `PowerShell (${name}) was not found on this machine: ${howToFix}.`);
  }
  const origin = choice.source === 'NODE_POWERSHELL' ? `the ${NODE_POWERSHELL_VARIABLE} environment variable` : 'the PowerShell executable setting';
  throw new PowerShellNotFoundError(
    choice.requested,
    `PowerShell (${name}) was not found on this machine: ${origin} names it, but there is no runnable file there. ` +
      `Correct ${origin}, or clear it to use ${platform === 'win32' ? 'powershell.exe' : 'pwsh'}; or ${howToFix}.`,
  );
}
