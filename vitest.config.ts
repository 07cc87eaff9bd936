import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

// The skip log (test/support/skips.ts): the test workers record there the tests they skip for want of a tool (pwsh,
// Chromium), and the summary reporter (test/support/skip-reporter.ts) prints them after vitest's own summary, one
// line per tool. One log per run, named after the main process. (The reporter is given by path, and nothing here
// imports TypeScript, so the config stays loadable by vite's native config loader.)
const SKIP_LOG_VARIABLE = 'EXTOPO_SKIP_LOG';
process.env[SKIP_LOG_VARIABLE] ||= join(tmpdir(), `extopo-vitest-skips-${process.pid}.jsonl`);

export default defineConfig({
  test: {
    include: ['shared/**/*.test.ts', 'main/**/*.test.ts', 'renderer/**/*.test.{ts,tsx}', 'test/**/*.test.{ts,tsx}'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    env: { [SKIP_LOG_VARIABLE]: process.env[SKIP_LOG_VARIABLE] },
    // Makes sure the CLI's build (out/cli) is current, so the tests that run bin/extopo.mjs do not each rebuild it.
    globalSetup: ['test/support/global-setup.ts'],
    // Every test file gets its own ExTopo data folder (EXTOPO_DATA_DIR: runs of the CLI and the browser host).
    setupFiles: ['test/setup/data-dir.ts'],
    reporters: ['default', './test/support/skip-reporter.ts'],
  },
});
