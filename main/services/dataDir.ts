// Where ExTopo keeps its own data (runs and their journals) outside any design folder or source checkout: the
// user's application data folder, as each OS has it. EXTOPO_DATA_DIR overrides it (tests use it to stay hermetic).
// Electron uses its userData folder instead (the same folder on Windows and macOS), with the same override.
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';

/** The environment variable that moves ExTopo's data folder (runs) elsewhere. */
export const DATA_DIR_ENV = 'EXTOPO_DATA_DIR';
/** The runs folder inside the data folder. */
export const RUNS_FOLDER = 'runs';

export interface DataDirContext {
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly platform?: NodeJS.Platform;
  readonly home?: string;
}

/**
 * ExTopo's data folder: $EXTOPO_DATA_DIR when set; else %APPDATA%\ExTopo (Windows), ~/Library/Application
 * Support/ExTopo (macOS), $XDG_DATA_HOME/extopo or ~/.local/share/extopo (Linux and other Unixes).
 * Relative values of APPDATA and XDG_DATA_HOME are ignored (the XDG spec says so).
 */
export function appDataDir(context: DataDirContext = {}): string {
  const env = context.env ?? process.env;
  const platform = context.platform ?? process.platform;
  const home = context.home ?? homedir();
  const override = env[DATA_DIR_ENV]?.trim();
  if (override) return resolve(override);
  if (platform === 'win32') {
    const appData = env.APPDATA?.trim();
    return join(appData && isAbsolute(appData) ? appData : join(home, 'AppData', 'Roaming'), 'ExTopo');
  }
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'ExTopo');
  const xdg = env.XDG_DATA_HOME?.trim();
  return join(xdg && isAbsolute(xdg) ? xdg : join(home, '.local', 'share'), 'extopo');
}

/** The runs folder of the CLI and the browser host: <data folder>/runs. */
export function defaultRunsDir(context: DataDirContext = {}): string {
  return join(appDataDir(context), RUNS_FOLDER);
}

/** The runs folder of the Electron app: <userData>/runs, or <$EXTOPO_DATA_DIR>/runs when that is set. */
export function electronRunsDir(userData: string, env: Readonly<Record<string, string | undefined>> = process.env): string {
  const override = env[DATA_DIR_ENV]?.trim();
  return join(override ? resolve(override) : userData, RUNS_FOLDER);
}
