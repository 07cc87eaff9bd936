// A vitest reporter that ends the run with which tests were skipped for want of a tool, and why — one line per tool
// ("PowerShell (pwsh): 57 tests in 10 files skipped — no PowerShell (pwsh) on this machine: install it with …"),
// plus one line for any other skipped tests. Listed after 'default' in vitest.config.ts, so it prints last.
// The support modules record their skips in the skip log (./skips.ts); this reads it in the main process.
import { rmSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import type { Reporter, TestModule, Vitest } from 'vitest/node';
import { SKIP_LOG_VARIABLE, readSkipLog } from './skips';
import type { SkipRecord } from './skips';

/** Skipped tests (not todos) of one test file. */
export interface FileSkips {
  readonly file: string;
  readonly skipped: number;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * The summary lines: one per missing tool (the tests it skipped, in how many files, and the reason), then one for
 * skipped tests no tool accounts for (unless `others` is false). Empty when nothing was skipped.
 */
export function skipSummary(records: readonly SkipRecord[], files: readonly FileSkips[], root: string, others = true): string[] {
  const skippedIn = new Map(files.map((f) => [f.file, f.skipped]));
  const byTool = new Map<string, { reason: string; files: Set<string> }>();
  for (const r of records) {
    const entry = byTool.get(r.what) ?? { reason: r.reason, files: new Set<string>() };
    entry.files.add(r.file);
    byTool.set(r.what, entry);
  }
  const lines: string[] = [];
  const accounted = new Set<string>();
  for (const [what, { reason, files: toolFiles }] of [...byTool].sort(([a], [b]) => a.localeCompare(b))) {
    const counted = [...toolFiles].filter((f) => (skippedIn.get(f) ?? 0) > 0);
    counted.forEach((f) => accounted.add(f));
    const tests = counted.reduce((sum, f) => sum + (skippedIn.get(f) ?? 0), 0);
    if (tests > 0) lines.push(`${what}: ${plural(tests, 'test')} in ${plural(counted.length, 'file')} skipped — ${reason}`);
  }
  if (others) {
    const rest = files.filter((f) => f.skipped > 0 && !accounted.has(f.file));
    const tests = rest.reduce((sum, f) => sum + f.skipped, 0);
    if (tests > 0) lines.push(`Other skips: ${plural(tests, 'test')} (it.skip / skipIf) in ${rest.map((f) => relative(root, f.file)).join(', ')}`);
  }
  return lines.length === 0 ? [] : ['', 'Skipped, and why (install what is missing to run them; CI fails them instead of skipping):', ...lines.map((l) => `  ${l}`), ''];
}

function fileSkips(modules: readonly TestModule[]): FileSkips[] {
  return modules.map((m) => {
    let skipped = 0;
    for (const test of m.children.allTests()) {
      const result = test.result();
      // Skipped on purpose: declared skipped (it.skip, skipIf, describePwsh) or skipped at run time with a note
      // (ctx.skip(reason), as the end-to-end harness does without Chromium) — not todos, and not the tests a failed
      // beforeAll left unrun (those fail their file).
      if (result.state === 'skipped' && (test.options.mode === 'skip' || result.note !== undefined)) skipped++;
    }
    return { file: m.moduleId, skipped };
  });
}

/** vitest.config.ts lists this by path (vitest constructs it with the reporter's options, if any); the log is the
 *  file EXTOPO_SKIP_LOG names, which the config sets. */
export default class SkipSummaryReporter implements Reporter {
  readonly #log: string | undefined = process.env[SKIP_LOG_VARIABLE] || undefined;
  #vitest: Vitest | undefined;

  onInit(vitest: Vitest): void {
    this.#vitest = vitest;
  }

  onTestRunStart(): void {
    if (this.#log) writeFileSync(this.#log, '', 'utf8'); // a watch-mode rerun starts a fresh log
  }

  onTestRunEnd(modules: readonly TestModule[]): void {
    if (!this.#log) return;
    const vitest = this.#vitest;
    const filtered = vitest?.config.testNamePattern !== undefined; // -t: every other test counts as skipped
    const lines = skipSummary(readSkipLog(this.#log), fileSkips(modules), vitest?.config.root ?? process.cwd(), !filtered);
    if (lines.length > 0) (vitest?.logger ?? console).log(lines.join('\n'));
    rmSync(this.#log, { force: true });
  }
}
