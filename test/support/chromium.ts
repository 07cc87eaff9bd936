// Which Chromium the end-to-end tests (and the UI bench) drive with playwright-core, found the way users' machines
// have it, and what happens when there is none.
//
// Search order (the first that exists wins):
//   1. EXTOPO_CHROMIUM — a Chromium, Chrome or Edge executable; when set it is the only one tried (a wrong path is
//      reported, not silently replaced by another browser);
//   2. the usual install paths: Debian/Ubuntu/Fedora/snap, Google Chrome, macOS /Applications, Windows Program Files;
//   3. chromium / chromium-browser / google-chrome on PATH (Nix, Homebrew on Linux, …);
//   4. Playwright's own browser download (`npx playwright-core install chromium`), when present.
// When none is found, the tests that need a browser SKIP with a one-line reason (and `npm test` lists them at the
// end) — unless CI=true or EXTOPO_REQUIRE_CHROMIUM=1, where they FAIL with that line, so CI can never pass by
// skipping them (mirrors EXTOPO_REQUIRE_PWSH in ./pwsh.ts).
//
// No vitest import here: bench/ui.bench.ts loads this through test/e2e/harness.ts outside vitest.
import { accessSync, constants, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { chromium } from 'playwright-core';

export const CHROMIUM_VARIABLE = 'EXTOPO_CHROMIUM';
export const REQUIRE_CHROMIUM_VARIABLE = 'EXTOPO_REQUIRE_CHROMIUM';

export type ChromiumSource = typeof CHROMIUM_VARIABLE | 'install path' | 'PATH' | 'Playwright';

export type ChromiumSearch = { readonly path: string; readonly source: ChromiumSource } | { readonly path: null; readonly reason: string };

export interface ChromiumSearchOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly platform?: NodeJS.Platform;
  /** Whether a file exists and can be run (injected by tests). */
  readonly isExecutable?: (path: string) => boolean;
  /** Where Playwright's own Chromium is (or would be) installed, or null (injected by tests). */
  readonly playwrightPath?: () => string | null;
  /** /etc/os-release's text, for the install hint on Linux (injected by tests). */
  readonly osRelease?: () => string;
}

function isExecutableFile(path: string, platform: NodeJS.Platform = process.platform): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    if (platform !== 'win32') accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function playwrightChromium(): string | null {
  try {
    return chromium.executablePath() || null;
  } catch {
    return null; // a platform Playwright has no build for
  }
}

function readOsRelease(): string {
  try {
    return readFileSync('/etc/os-release', 'utf8');
  } catch {
    return '';
  }
}

/** The usual install locations of Chromium, Google Chrome and (last) Microsoft Edge on a platform, most likely first. */
export function chromiumInstallPaths(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): string[] {
  if (platform === 'darwin') {
    const apps = [
      'Chromium.app/Contents/MacOS/Chromium',
      'Google Chrome.app/Contents/MacOS/Google Chrome',
      'Google Chrome for Testing.app/Contents/MacOS/Google Chrome for Testing',
      'Microsoft Edge.app/Contents/MacOS/Microsoft Edge',
    ];
    const home = env.HOME ?? homedir();
    return apps.flatMap((app) => [`/Applications/${app}`, `${home}/Applications/${app}`]);
  }
  if (platform === 'win32') {
    const roots = [env.LOCALAPPDATA, env.PROGRAMFILES ?? 'C:\\Program Files', env['PROGRAMFILES(X86)'] ?? 'C:\\Program Files (x86)'].filter((r): r is string => !!r);
    const apps = ['Chromium\\Application\\chrome.exe', 'Google\\Chrome\\Application\\chrome.exe', 'Microsoft\\Edge\\Application\\msedge.exe'];
    return apps.flatMap((app) => roots.map((root) => `${root}\\${app}`));
  }
  return [
    '/usr/bin/chromium', // Debian
    '/usr/bin/chromium-browser', // Ubuntu (apt, before snap), Fedora
    '/snap/bin/chromium', // Ubuntu
    '/usr/lib/chromium/chromium',
    '/usr/lib64/chromium-browser/chromium-browser',
    '/usr/bin/google-chrome-stable',
    '/usr/bin/google-chrome',
    '/opt/google/chrome/chrome',
    '/usr/bin/microsoft-edge',
  ];
}

const PATH_NAMES = ['chromium', 'chromium-browser', 'google-chrome-stable', 'google-chrome'];

/** Finds a Chromium to drive (see the order at the top of this file). */
export function findChromium(options: ChromiumSearchOptions = {}): ChromiumSearch {
  const env = options.env ?? process.env;
  const platform = options.platform ?? process.platform;
  const runnable = options.isExecutable ?? ((path: string) => isExecutableFile(path, platform));
  const fromEnv = env[CHROMIUM_VARIABLE]?.trim();
  if (fromEnv) {
    return runnable(fromEnv)
      ? { path: fromEnv, source: CHROMIUM_VARIABLE }
      : { path: null, reason: `${CHROMIUM_VARIABLE}=${fromEnv} is not an executable file: point it at a Chromium or Chrome executable, or unset it` };
  }
  for (const path of chromiumInstallPaths(platform, env)) if (runnable(path)) return { path, source: 'install path' };
  const separator = platform === 'win32' ? ';' : delimiter;
  const dirs = (env.PATH ?? env.Path ?? '').split(separator).filter((d) => d !== '');
  const names = platform === 'win32' ? PATH_NAMES.map((n) => `${n}.exe`) : PATH_NAMES;
  for (const dir of dirs) for (const name of names) if (runnable(join(dir, name))) return { path: join(dir, name), source: 'PATH' };
  const playwright = (options.playwrightPath ?? playwrightChromium)();
  if (playwright && runnable(playwright)) return { path: playwright, source: 'Playwright' };
  return { path: null, reason: `no Chromium found (${CHROMIUM_VARIABLE}, the usual install paths, PATH, Playwright's browsers): ${chromiumInstallHint(options)}` };
}

/** What to install, for this platform (Linux: by distribution), in one line. */
export function chromiumInstallHint(options: Pick<ChromiumSearchOptions, 'platform' | 'osRelease'> = {}): string {
  const platform = options.platform ?? process.platform;
  const fallback = `or run \`npx playwright-core install chromium\`, or set ${CHROMIUM_VARIABLE} to a Chromium or Chrome executable`;
  if (platform === 'darwin') return `install it with \`brew install --cask chromium\` (or install Google Chrome), ${fallback}`;
  if (platform === 'win32') return `install Google Chrome (or Microsoft Edge), ${fallback}`;
  const release = (options.osRelease ?? readOsRelease)();
  const ids = /^ID(?:_LIKE)?=(.*)$/gm;
  const family = [...release.matchAll(ids)].flatMap((m) => m[1].replace(/"/g, '').split(/\s+/));
  if (family.includes('ubuntu')) return `install it with \`sudo snap install chromium\`, ${fallback}`;
  if (family.includes('debian')) return `install it with \`sudo apt-get install chromium\`, ${fallback}`;
  if (family.includes('fedora') || family.includes('rhel')) return `install it with \`sudo dnf install chromium\`, ${fallback}`;
  return `install Chromium with your package manager, ${fallback}`;
}

/** CI=true or EXTOPO_REQUIRE_CHROMIUM=1: a missing Chromium fails the tests instead of skipping them. */
export function chromiumRequired(env: NodeJS.ProcessEnv = process.env): boolean {
  return env[REQUIRE_CHROMIUM_VARIABLE] === '1' || env.CI === 'true' || env.CI === '1';
}

/** The search on this machine (done once, when this module loads). */
export const CHROMIUM_SEARCH: ChromiumSearch = findChromium();
/** The Chromium executable (absolute path), or null when this machine has none. */
export const CHROMIUM: string | null = CHROMIUM_SEARCH.path;
export const CHROMIUM_REQUIRED = chromiumRequired();
/** One line: why there is no Chromium and what to install (empty when there is one). */
export const CHROMIUM_SKIP_REASON = CHROMIUM_SEARCH.path === null ? CHROMIUM_SEARCH.reason : '';

/** The path of Chromium; throws (failing the test or the bench) with the one-line reason when there is none. */
export function chromiumPath(): string {
  if (CHROMIUM !== null) return CHROMIUM;
  const why = CHROMIUM_REQUIRED ? ` (${process.env[REQUIRE_CHROMIUM_VARIABLE] === '1' ? `${REQUIRE_CHROMIUM_VARIABLE}=1` : 'CI'}: the browser tests must run)` : '';
  throw new Error(`${CHROMIUM_SKIP_REASON}${why}`);
}
