// The cache folder of each test file (test/setup/data-dir.ts): pwsh started by a test keeps its start-up profile
// there, never in the user's ~/.cache/powershell, which two test files running at once would both rewrite (a torn
// write makes every later pwsh start die with SIGSEGV). Needs pwsh for the second test.
import { execFile } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { itPwsh, pwshPath } from './pwsh';
import { tempDirs } from './runbooks';

const run = promisify(execFile);
const PROFILE = 'StartupProfileData-NonInteractive';
const tempDir = tempDirs('extopo-cache-test-');

describe('the cache folder of a test file', () => {
  it('is a folder of its own under the temporary folder, not the user cache', () => {
    const cache = process.env.XDG_CACHE_HOME ?? '';
    expect(cache.startsWith(join(tmpdir(), 'extopo-cache-'))).toBe(true);
    expect(statSync(cache).isDirectory()).toBe(true);
    expect(cache).not.toBe(join(homedir(), '.cache'));
  });

  itPwsh(
    'is where pwsh keeps its start-up profile; two pwsh started at once with two cache folders write one each',
    async () => {
      const pwsh = pwshPath();
      const args = ['-NoLogo', '-NoProfile', '-NonInteractive', '-Command', '$PSVersionTable.PSVersion.Major'];

      // This file's own folder, inherited from process.env as every pwsh the tests start inherits it.
      const own = await run(pwsh, args, { timeout: 60_000 });
      expect(own.stdout.trim()).toMatch(/^\d+$/);
      expect(readdirSync(join(process.env.XDG_CACHE_HOME as string, 'powershell'))).toContain(PROFILE);

      // Two at once, each with its own folder (as two test files): each writes its own profile. (Whether the user's
      // ~/.cache/powershell changes meanwhile is not asserted: any pwsh outside the tests may write it.)
      const a = tempDir();
      const b = tempDir();
      const both = await Promise.all([a, b].map((dir) => run(pwsh, args, { timeout: 60_000, env: { ...process.env, XDG_CACHE_HOME: dir } })));
      for (const r of both) expect(r.stdout.trim()).toMatch(/^\d+$/);
      expect(readdirSync(join(a, 'powershell'))).toContain(PROFILE);
      expect(readdirSync(join(b, 'powershell'))).toContain(PROFILE);
    },
    120_000,
  );
});
