import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { defineConfig } from 'vitest/config';
import { BaseSequencer } from 'vitest/node';
import type { TestSpecification } from 'vitest/node';

// The skip log (test/support/skips.ts): the test workers record there the tests they skip for want of a tool (pwsh,
// Chromium), and the summary reporter (test/support/skip-reporter.ts) prints them after vitest's own summary, one
// line per tool. One log per run, named after the main process. (The reporter is given by path, and nothing here
// imports TypeScript, so the config stays loadable by vite's native config loader.)
const SKIP_LOG_VARIABLE = 'EXTOPO_SKIP_LOG';
process.env[SKIP_LOG_VARIABLE] ||= join(tmpdir(), `extopo-vitest-skips-${process.pid}.jsonl`);

// The files that take longest (pwsh, Ansible, Chromium, PDF), roughly slowest first. With two workers, a long file
// that starts last keeps one worker busy after the other has nothing left to do. vitest orders by the durations of
// the previous run when it has them, but a clean clone (CI) has none, and then it orders by file size, which puts
// several of these late. So they start first, in this order; every other file follows in vitest's own order.
// (A file missing here only starts later; a name here that no longer exists is ignored.)
const SLOW_FIRST = [
  'test/lab/double/engine.test.ts',
  'test/exporters/ansible-tools.test.ts',
  'test/lab/double/mail-flow-engine.test.ts',
  'test/e2e/run-view.e2e.test.ts',
  'test/e2e/a11y.e2e.test.ts',
  'test/e2e/designer.e2e.test.ts',
  'test/e2e/editing.e2e.test.ts',
  'test/exporters/ansible-double.test.ts',
  'test/exporters/pdf-templates.test.ts',
  'test/e2e/grids-files.e2e.test.ts',
  'test/inventory/inventory-script.test.ts',
  'test/services/inventory.test.ts',
  'test/runbook/parse-all.test.ts',
  'test/e2e/inventory.e2e.test.ts',
  'test/e2e/run-designs.e2e.test.ts',
  'test/lab/double/windows.test.ts',
  'test/services/save-kill.test.ts',
  'test/e2e/ansible-export.e2e.test.ts',
  'test/powershell/ps2-runbooks.test.ts',
  'test/e2e/namespace.e2e.test.ts',
  'test/lab/double/exchange.test.ts',
  'test/lab/double/namespace-engine.test.ts',
  'test/exporters/export-pool.test.ts',
  'test/support/skips.test.ts',
  'test/services/runs-pwsh.test.ts',
];

class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (spec: TestSpecification): number => {
      const i = SLOW_FIRST.indexOf(relative(spec.project.config.root, spec.moduleId).split('\\').join('/'));
      return i === -1 ? SLOW_FIRST.length : i;
    };
    // Array.prototype.sort is stable: the rest keep vitest's order.
    return sorted.sort((a, b) => rank(a) - rank(b));
  }
}

export default defineConfig({
  test: {
    include: ['shared/**/*.test.ts', 'main/**/*.test.ts', 'renderer/**/*.test.{ts,tsx}', 'test/**/*.test.{ts,tsx}'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Two test files at a time (CI has two cores). Each file runs in its own process, with its own data and cache
    // folders (test/setup/data-dir.ts): PowerShell's start-up profile is never written by two files at once.
    maxWorkers: 2,
    sequence: { sequencer: SlowFirstSequencer },
    env: { [SKIP_LOG_VARIABLE]: process.env[SKIP_LOG_VARIABLE] },
    // Makes sure the CLI's build (out/cli) is current, so the tests that run bin/extopo.mjs do not each rebuild it.
    globalSetup: ['test/support/global-setup.ts'],
    // Every test file gets its own ExTopo data folder (EXTOPO_DATA_DIR: runs of the CLI and the browser host) and its
    // own cache folder (XDG_CACHE_HOME: PowerShell's start-up profile).
    setupFiles: ['test/setup/data-dir.ts'],
    reporters: ['default', './test/support/skip-reporter.ts'],
  },
});
