// Which real PowerShell the tests can use, and what a test does when there is none.
//
// - On a developer's or user's machine without pwsh, tests that need it SKIP with a one-line reason.
// - Under EXTOPO_REQUIRE_PWSH=1 (set by .ci/run, which installs pwsh first) they FAIL instead: a missing or broken
//   install can never hide behind a skip.
// - Each test file that skips is recorded in the skip log (./skips.ts), and `npm test` ends with one line saying how
//   many tests were skipped for want of pwsh, and why.
// Install: `dotnet tool install --global PowerShell --version 7.6.10` and put $HOME/.dotnet/tools on PATH.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { resolveExecutable } from '../../main/transports/powershell/executable';
import { recordSkip } from './skips';

export const REQUIRE_PWSH_VARIABLE = 'EXTOPO_REQUIRE_PWSH';
export const PWSH_INSTALL_HINT =
  'install it with `dotnet tool install --global PowerShell --version 7.6.10` and put $HOME/.dotnet/tools on PATH';

function find(): string | null {
  let path: string;
  try {
    path = resolveExecutable();
  } catch {
    return null;
  }
  try {
    execFileSync(path, ['-NoLogo', '-NoProfile', '-NonInteractive', '-Command', '$PSVersionTable.PSVersion.Major'], { stdio: 'pipe', timeout: 60_000 });
    return path;
  } catch {
    return null;
  }
}

/** The pwsh executable (absolute path), or null when this machine has none that starts. */
export const PWSH: string | null = find();
export const PWSH_REQUIRED = process.env[REQUIRE_PWSH_VARIABLE] === '1';
export const PWSH_SKIP_REASON = `no PowerShell (pwsh) on this machine: ${PWSH_INSTALL_HINT}`;

/** The path of pwsh; throws (failing the test) when it is missing. Use inside tests declared with itPwsh/describePwsh. */
export function pwshPath(): string {
  if (PWSH === null) throw new Error(`${REQUIRE_PWSH_VARIABLE}=1 but ${PWSH_SKIP_REASON}`);
  return PWSH;
}

/** Skipped without pwsh (reason in the title) — unless EXTOPO_REQUIRE_PWSH=1, where the test runs and fails. */
export const itPwsh: typeof it = (PWSH !== null || PWSH_REQUIRED ? it : it.skip) as typeof it;
export const describePwsh: typeof describe = (PWSH !== null || PWSH_REQUIRED ? describe : describe.skip) as typeof describe;

if (PWSH === null && !PWSH_REQUIRED) {
  console.info(`Skipping the tests that need PowerShell: ${PWSH_SKIP_REASON}.`);
  const file = expect.getState().testPath;
  if (file) recordSkip({ what: 'PowerShell (pwsh)', reason: PWSH_SKIP_REASON, file });
}
