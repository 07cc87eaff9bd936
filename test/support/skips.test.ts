// Tests that run on any machine: finding Chromium, and the end of `npm test` saying which tests were skipped for want
// of pwsh or Chromium, and why — checked on the summary itself and on a real vitest run of fixture tests with neither.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { CHROMIUM_VARIABLE, REQUIRE_CHROMIUM_VARIABLE, chromiumInstallHint, chromiumInstallPaths, chromiumRequired, findChromium } from './chromium';
import { skipSummary } from './skip-reporter';

const repoRoot = new URL('../..', import.meta.url).pathname;

describe('findChromium', () => {
  const only = (...paths: string[]) => (path: string) => paths.includes(path);
  const noPlaywright = () => null;

  it('takes EXTOPO_CHROMIUM first, and reports it when it is wrong instead of using another browser', () => {
    const env = { [CHROMIUM_VARIABLE]: '/opt/my/chrome', PATH: '' };
    expect(findChromium({ env, platform: 'linux', isExecutable: only('/opt/my/chrome', '/usr/bin/chromium'), playwrightPath: noPlaywright })).toEqual({ path: '/opt/my/chrome', source: CHROMIUM_VARIABLE });
    const wrong = findChromium({ env, platform: 'linux', isExecutable: only('/usr/bin/chromium'), playwrightPath: noPlaywright });
    expect(wrong.path).toBeNull();
    expect(wrong.path === null && wrong.reason).toBe(`${CHROMIUM_VARIABLE}=/opt/my/chrome is not an executable file: point it at a Chromium or Chrome executable, or unset it`);
  });

  it.each([
    ['linux', '/usr/bin/chromium'],
    ['linux', '/usr/bin/chromium-browser'],
    ['linux', '/snap/bin/chromium'],
    ['linux', '/usr/bin/google-chrome-stable'],
    ['darwin', '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome'],
    ['darwin', '/Users/ann/Applications/Chromium.app/Contents/MacOS/Chromium'],
    ['win32', 'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe'],
    ['win32', 'C:\\Users\\ann\\AppData\\Local\\Chromium\\Application\\chrome.exe'],
    ['win32', 'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe'],
  ] as const)('finds the %s install at %s', (platform, path) => {
    const env = { HOME: '/Users/ann', LOCALAPPDATA: 'C:\\Users\\ann\\AppData\\Local', PATH: '' };
    expect(chromiumInstallPaths(platform, env)).toContain(path);
    expect(findChromium({ env, platform, isExecutable: only(path), playwrightPath: noPlaywright })).toEqual({ path, source: 'install path' });
  });

  it('then looks on PATH, then in Playwright\'s browsers', () => {
    const env = { PATH: '/nix/bin:/home/ann/bin' };
    expect(findChromium({ env, platform: 'linux', isExecutable: only('/home/ann/bin/google-chrome'), playwrightPath: noPlaywright })).toEqual({ path: '/home/ann/bin/google-chrome', source: 'PATH' });
    const pw = '/home/ann/.cache/ms-playwright/chromium-1255/chrome-linux64/chrome';
    expect(findChromium({ env, platform: 'linux', isExecutable: only(pw), playwrightPath: () => pw })).toEqual({ path: pw, source: 'Playwright' });
    // Playwright names where its browser would be even when it was never downloaded: that does not count.
    expect(findChromium({ env, platform: 'linux', isExecutable: only(), playwrightPath: () => pw }).path).toBeNull();
  });

  it('says in one line what to install when there is none', () => {
    const none = findChromium({ env: { PATH: '' }, platform: 'linux', isExecutable: () => false, playwrightPath: noPlaywright, osRelease: () => 'ID=debian\n' });
    expect(none.path).toBeNull();
    const reason = none.path === null ? none.reason : '';
    expect(reason).not.toContain('\n');
    expect(reason).toMatch(/^no Chromium found \(EXTOPO_CHROMIUM, the usual install paths, PATH, Playwright's browsers\): install it with `sudo apt-get install chromium`/);
    expect(chromiumInstallHint({ platform: 'linux', osRelease: () => 'ID=ubuntu\nID_LIKE=debian\n' })).toContain('sudo snap install chromium');
    expect(chromiumInstallHint({ platform: 'linux', osRelease: () => 'ID="fedora"\n' })).toContain('sudo dnf install chromium');
    expect(chromiumInstallHint({ platform: 'darwin' })).toContain('brew install --cask chromium');
    expect(chromiumInstallHint({ platform: 'win32' })).toContain('Google Chrome');
    for (const hint of [chromiumInstallHint({ platform: 'linux', osRelease: () => '' }), chromiumInstallHint({ platform: 'win32' })]) {
      expect(hint).toContain('npx playwright-core install chromium');
      expect(hint).toContain(CHROMIUM_VARIABLE);
    }
  });

  it('is required (fails instead of skipping) in CI or with EXTOPO_REQUIRE_CHROMIUM=1', () => {
    expect(chromiumRequired({})).toBe(false);
    expect(chromiumRequired({ CI: 'true' })).toBe(true);
    expect(chromiumRequired({ [REQUIRE_CHROMIUM_VARIABLE]: '1' })).toBe(true);
  });
});

describe('the skip summary', () => {
  it('prints one line per missing tool (tests, files, reason), then other skips', () => {
    const records = [
      { what: 'PowerShell (pwsh)', reason: 'no pwsh: install it', file: '/r/test/a.test.ts' },
      { what: 'PowerShell (pwsh)', reason: 'no pwsh: install it', file: '/r/test/b.test.ts' },
      { what: 'PowerShell (pwsh)', reason: 'no pwsh: install it', file: '/r/test/c.test.ts' },
      { what: 'Chromium', reason: 'no Chromium found: install it', file: '/r/test/e2e/d.e2e.test.ts' },
    ];
    const files = [
      { file: '/r/test/a.test.ts', skipped: 4 },
      { file: '/r/test/b.test.ts', skipped: 1 },
      { file: '/r/test/c.test.ts', skipped: 0 }, // imports the support module, skips nothing
      { file: '/r/test/e2e/d.e2e.test.ts', skipped: 7 },
      { file: '/r/test/electron/app.e2e.test.ts', skipped: 1 },
      { file: '/r/test/x.test.ts', skipped: 0 },
    ];
    expect(skipSummary(records, files, '/r')).toEqual([
      '',
      'Skipped, and why (install what is missing to run them; CI fails them instead of skipping):',
      '  Chromium: 7 tests in 1 file skipped — no Chromium found: install it',
      '  PowerShell (pwsh): 5 tests in 2 files skipped — no pwsh: install it',
      '  Other skips: 1 test (it.skip / skipIf) in test/electron/app.e2e.test.ts',
      '',
    ]);
    expect(skipSummary([], [{ file: '/r/test/x.test.ts', skipped: 0 }], '/r')).toEqual([]);
  });
});

describe('npm test on a machine without pwsh or Chromium (a real vitest run of fixture tests)', () => {
  function vitest(files: string[], extraEnv: Record<string, string>) {
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_POWERSHELL: '/nonexistent/pwsh', [CHROMIUM_VARIABLE]: '/nonexistent/chromium', ...extraEnv };
    for (const v of ['EXTOPO_SKIP_LOG', 'EXTOPO_REQUIRE_PWSH', REQUIRE_CHROMIUM_VARIABLE, 'VITEST', 'VITEST_POOL_ID', 'VITEST_WORKER_ID', 'NODE_OPTIONS']) delete env[v];
    if (!('CI' in extraEnv)) delete env.CI;
    env.NO_COLOR = '1';
    env.VITE_CONFIG_NATIVE_IGNORE_WARNING = 'true'; // the fixture config imports the project's without an extension
    const args = ['node_modules/vitest/vitest.mjs', 'run', '--config', 'test/support/fixtures/vitest.fixture.config.ts', ...files];
    return spawnSync(process.execPath, args, { cwd: repoRoot, env, encoding: 'utf8', timeout: 180_000 });
  }

  it('passes, and ends by saying which tests were skipped and why, one line each', () => {
    const r = vitest([], {});
    expect(r.status, r.stdout + r.stderr).toBe(0);
    const out = r.stdout.trimEnd().split('\n');
    const heading = out.indexOf('Skipped, and why (install what is missing to run them; CI fails them instead of skipping):');
    expect(heading, r.stdout).toBeGreaterThan(out.findIndex((l) => /Test Files/.test(l)));
    expect(out.slice(heading + 1)).toEqual([
      `  Chromium: 1 test in 1 file skipped — ${CHROMIUM_VARIABLE}=/nonexistent/chromium is not an executable file: point it at a Chromium or Chrome executable, or unset it`,
      expect.stringMatching(/^ {2}PowerShell \(pwsh\): 1 test in 1 file skipped — no PowerShell \(pwsh\) on this machine: install it with `dotnet tool install --global PowerShell/),
      '  Other skips: 1 test (it.skip / skipIf) in test/support/fixtures/other-skip.fixture.ts',
    ]);
  });

  it('fails the browser tests in CI instead, with the one line', () => {
    const r = vitest(['needs-chromium'], { CI: 'true' });
    expect(r.status).toBe(1);
    expect(r.stdout + r.stderr).toContain(`${CHROMIUM_VARIABLE}=/nonexistent/chromium is not an executable file: point it at a Chromium or Chrome executable, or unset it (CI: the browser tests must run)`);
    expect(r.stdout).not.toContain('Skipped, and why');
  });
});
