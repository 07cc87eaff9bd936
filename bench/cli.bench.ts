// CLI start-up benchmark: `extopo validate <seed lab>`, `extopo templates` and `extopo --help` as real processes
// (bin/extopo.mjs running the built out/cli), side by side with `node -e 0` in the same run, interleaved so that a
// busy machine slows them alike. Goal (issue 15): validate ≤ 3× node -e 0, templates ≤ 2×. Also prints, for
// comparison, the same commands from the TypeScript sources through tsx (what the bin did before out/cli) and the
// first call after a source change (rebuild, then run). Run with `npm run bench -- cli`. Fails only on a broken
// setup (a command that exits wrong), not on a slow figure.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RUNS = 15;
const SOURCE_RUNS = 3;
const SEED_LAB = 'examples/seed-lab.extopo.json';
const STAMP = join(ROOT, 'out', 'cli', 'stamp.json');

interface Case {
  readonly label: string;
  readonly args: readonly string[];
  readonly exit: number;
  /** Target as a multiple of `node -e 0`. */
  readonly target?: number;
}

const NODE: Case = { label: 'node -e 0', args: ['-e', '0'], exit: 0 };
const CASES: readonly Case[] = [
  { label: `extopo validate ${SEED_LAB}`, args: ['bin/extopo.mjs', 'validate', SEED_LAB], exit: 0, target: 3 },
  { label: 'extopo templates', args: ['bin/extopo.mjs', 'templates'], exit: 0, target: 2 },
  { label: 'extopo --help', args: ['bin/extopo.mjs', '--help'], exit: 0 },
];

function stamp(): string {
  try {
    return readFileSync(STAMP, 'utf8');
  } catch {
    return '';
  }
}

function once(args: readonly string[], expectedExit: number, env: NodeJS.ProcessEnv = process.env): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', env });
  const ms = performance.now() - t0;
  if (r.status !== expectedExit) throw new Error(`node ${args.join(' ')} exited ${r.status ?? r.signal} (expected ${expectedExit}): ${r.stderr}`);
  if (r.stderr !== '') throw new Error(`node ${args.join(' ')} wrote to stderr: ${r.stderr}`);
  return ms;
}

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

const ms = (v: number) => `${v.toFixed(0)} ms`;

// Warm-up: brings out/cli up to date (the bin rebuilds it when a source changed) and the file cache.
once(['bin/extopo.mjs', '--version'], 0);
for (const c of [NODE, ...CASES]) once(c.args, c.exit);

// Interleaved rounds; a bin run during which out/cli was rebuilt (someone edited a source meanwhile) is run again,
// so every figure is a run of the current build.
const samples = new Map<Case, number[]>([NODE, ...CASES].map((c) => [c, []]));
let redone = 0;
for (let round = 0; round < RUNS; round++) {
  const order = [NODE, ...CASES];
  const rotated = [...order.slice(round % order.length), ...order.slice(0, round % order.length)];
  for (const c of rotated) {
    for (let attempt = 0; ; attempt++) {
      const before = stamp();
      const t = once(c.args, c.exit);
      if (c === NODE || stamp() === before || attempt >= 3) {
        samples.get(c)?.push(t);
        break;
      }
      redone++;
    }
  }
}

const nodeMedian = median(samples.get(NODE) ?? []);
const width = Math.max(...[NODE, ...CASES].map((c) => c.label.length)) + 2;
console.log(`CLI start-up: median of ${RUNS} interleaved runs each (load average ${loadavg()[0].toFixed(1)} on this machine)`);
let missed = 0;
for (const c of [NODE, ...CASES]) {
  const values = samples.get(c) ?? [];
  const m = median(values);
  const range = `(min ${ms(Math.min(...values))}, max ${ms(Math.max(...values))})`;
  if (c === NODE) {
    console.log(`  ${c.label.padEnd(width)}${ms(m).padStart(8)}  ${range}`);
    continue;
  }
  const ratio = m / nodeMedian;
  const verdict = c.target === undefined ? '' : `  target ≤ ${c.target}× → ${ratio <= c.target ? 'met' : 'MISSED'}`;
  if (c.target !== undefined && ratio > c.target) missed++;
  console.log(`  ${c.label.padEnd(width)}${ms(m).padStart(8)}  ${ratio.toFixed(2)}× node -e 0${verdict}  ${range}`);
}
if (redone > 0) console.log(`  (${redone} run${redone === 1 ? '' : 's'} measured again: out/cli was rebuilt meanwhile because a source changed)`);

// For comparison: the TypeScript sources through tsx, as bin/extopo.mjs ran them before out/cli.
const fromSources = (args: readonly string[]) => [
  '--import',
  'tsx',
  '--input-type=module',
  '-e',
  "const { main } = await import('./main/cli/index.ts'); process.exitCode = await main(process.argv.slice(1));",
  ...args,
];
const sourceFigures = CASES.filter((c) => c.target !== undefined).map((c) => {
  const m = median(Array.from({ length: SOURCE_RUNS }, () => once(fromSources(c.args.slice(1)), c.exit)));
  return `${c.label.replace(/^extopo /, '')} ${ms(m)} (${(m / nodeMedian).toFixed(1)}×)`;
});
console.log(`From the TypeScript sources through tsx (the bin before out/cli), median of ${SOURCE_RUNS}: ${sourceFigures.join(', ')}`);

// The first call after a source change: the bin rebuilds its out/cli (here a temporary one), then runs.
const coldDir = mkdtempSync(join(tmpdir(), 'extopo-cli-bench-'));
try {
  const cold = once(['bin/extopo.mjs', 'validate', SEED_LAB], 0, { ...process.env, EXTOPO_CLI_OUT: coldDir });
  const warm = once(['bin/extopo.mjs', 'validate', SEED_LAB], 0, { ...process.env, EXTOPO_CLI_OUT: coldDir });
  console.log(`First call after a source change (esbuild rebuilds out/cli, then runs): validate ${ms(cold)}; the next call ${ms(warm)}`);
} finally {
  rmSync(coldDir, { recursive: true, force: true });
}
console.log(missed === 0 ? 'Goal (validate ≤ 3×, templates ≤ 2× node -e 0): met' : `Goal (validate ≤ 3×, templates ≤ 2× node -e 0): MISSED for ${missed} of 2 on this run`);
