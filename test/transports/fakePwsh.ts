// Test helper: a runnable stand-in for pwsh (test/fixtures/fake-pwsh.mjs behind a tiny sh wrapper, so node-powershell
// can spawn it like any executable), its scenario and its log.
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const FAKE_SCRIPT = fileURLToPath(new URL('../fixtures/fake-pwsh.mjs', import.meta.url));
/** The wrapper is a POSIX shell script: on Windows these tests are skipped (run the pwsh integration tests there). */
export const canRunFake = process.platform !== 'win32';

export interface FakeLogEntry {
  readonly pid: number;
  readonly type: string;
  readonly [key: string]: unknown;
}

export interface FakePwsh {
  readonly dir: string;
  readonly executable: string;
  readonly logPath: string;
  /** The environment for the session: the log and scenario variables on top of this process's. */
  readonly env: NodeJS.ProcessEnv;
  setScenario(scenario: unknown): void;
  log(): FakeLogEntry[];
  /** Every line the transport wrote to the fake's stdin, across all processes. */
  stdin(): string[];
  pids(): number[];
  cleanup(): void;
}

export function createFakePwsh(scenario: unknown = {}): FakePwsh {
  const dir = mkdtempSync(join(tmpdir(), 'extopo-fake-pwsh-'));
  const executable = join(dir, 'pwsh');
  writeFileSync(executable, `#!/bin/sh\nexec "${process.execPath}" "${FAKE_SCRIPT}" "$@"\n`);
  chmodSync(executable, 0o755);
  const logPath = join(dir, 'log.jsonl');
  const scenarioPath = join(dir, 'scenario.json');
  writeFileSync(scenarioPath, JSON.stringify(scenario));
  const log = (): FakeLogEntry[] =>
    existsSync(logPath)
      ? readFileSync(logPath, 'utf8')
          .split('\n')
          .filter((l) => l !== '')
          .map((l) => JSON.parse(l) as FakeLogEntry)
      : [];
  return {
    dir,
    executable,
    logPath,
    env: { ...process.env, FAKE_PWSH_LOG: logPath, FAKE_PWSH_SCENARIO: scenarioPath },
    setScenario: (s) => writeFileSync(scenarioPath, JSON.stringify(s)),
    log,
    stdin: () => log().filter((e) => e.type === 'stdin').map((e) => String(e.line)),
    pids: () => [...new Set(log().filter((e) => e.type === 'argv').map((e) => e.pid))],
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Waits (briefly) until a condition holds: for processes that end asynchronously. */
export async function eventually(condition: () => boolean, timeoutMs = 5_000): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (condition()) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return condition();
}
