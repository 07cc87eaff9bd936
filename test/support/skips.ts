// The skip log: test support modules (./pwsh.ts, ./chromium.ts via test/e2e/harness.ts) record here which test file
// skips tests for want of what, and the summary reporter (./skip-reporter.ts) prints it at the end of `npm test`, one
// line per missing tool, so a green run never hides that part of the suite did not run.
//
// The log is a JSON-lines file named by EXTOPO_SKIP_LOG (vitest.config.ts sets it for the workers; each worker
// appends, the reporter in the main process reads). Without the variable (a test run under another config, a bench)
// recording does nothing. No vitest import here: the harness loads this outside vitest too.
import { appendFileSync, readFileSync } from 'node:fs';

export const SKIP_LOG_VARIABLE = 'EXTOPO_SKIP_LOG';

export interface SkipRecord {
  /** What is missing, as the summary names it: "PowerShell (pwsh)", "Chromium". */
  readonly what: string;
  /** One line: why, and what to install. */
  readonly reason: string;
  /** The test file that skips (absolute path). */
  readonly file: string;
}

/** Appends a record to the skip log (a no-op without EXTOPO_SKIP_LOG). */
export function recordSkip(record: SkipRecord, env: NodeJS.ProcessEnv = process.env): void {
  const log = env[SKIP_LOG_VARIABLE];
  if (!log) return;
  try {
    // One short line per append: O_APPEND keeps concurrent workers' lines whole.
    appendFileSync(log, `${JSON.stringify(record)}\n`, 'utf8');
  } catch {
    // The summary is a convenience: never fail a test over it.
  }
}

/** The records in a skip log (none when it is missing); lines that do not parse are ignored. */
export function readSkipLog(path: string): SkipRecord[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return [];
  }
  const records: SkipRecord[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      const r = JSON.parse(line) as Partial<SkipRecord>;
      if (typeof r.what === 'string' && typeof r.reason === 'string' && typeof r.file === 'string') records.push({ what: r.what, reason: r.reason, file: r.file });
    } catch {
      // a torn line
    }
  }
  return records;
}
