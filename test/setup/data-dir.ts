// Every test file gets its own ExTopo data folder (runs of the CLI and the browser host), removed afterwards: no
// test writes into the user's real data folder, and no run of one file shows up in another.
//
// And its own cache folder (XDG_CACHE_HOME), for the programs the tests start: PowerShell 7 keeps its start-up JIT
// profile there (powershell/StartupProfileData-NonInteractive), rewritten by every pwsh that exits. Two pwsh of two
// test files running at once (vitest with more than one worker) would write the same file; a torn write leaves it
// corrupt, and from then on every pwsh start dies (SIGSEGV, exit 139). With a folder per test file (each file runs in
// its own process), pwsh processes of different files never share that file. Everything started from here inherits
// the variable: node-powershell sessions (main/transports/powershell/session.ts), the PowerShell 2.0 check
// (main/powershell/ps2compat.ts), bin/extopo.mjs and what it starts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'extopo-data-'));
process.env.EXTOPO_DATA_DIR = dir;

const cache = mkdtempSync(join(tmpdir(), 'extopo-cache-'));
process.env.XDG_CACHE_HOME = cache;

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  // A pwsh still ending may write its profile while the folder goes (ENOTEMPTY): never a reason to fail the file;
  // what is left is a few hundred kB in the temporary folder.
  try {
    rmSync(cache, { recursive: true, force: true, maxRetries: 5 });
  } catch {
    // Left to the OS temp cleaner.
  }
});
