#!/usr/bin/env node
// Runs the benchmarks in bench/*.bench.ts one after another (with tsx) and prints their output.
//   npm run bench                 every bench
//   npm run bench -- planner pdf  only bench/planner.bench.ts and bench/pdf.bench.ts
// Exits non-zero when a bench fails (a bench fails on a broken setup, not on a slow figure).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const benchDir = join(root, 'bench');
const SUFFIX = '.bench.ts';

const all = existsSync(benchDir) ? readdirSync(benchDir).filter((f) => f.endsWith(SUFFIX)).sort() : [];
const wanted = process.argv.slice(2);
const unknown = wanted.filter((w) => !all.includes(w.endsWith(SUFFIX) ? basename(w) : `${basename(w)}${SUFFIX}`));
if (unknown.length > 0) {
  console.error(`Unknown bench${unknown.length > 1 ? 'es' : ''}: ${unknown.join(', ')}. Available: ${all.map((f) => f.slice(0, -SUFFIX.length)).join(', ') || 'none'}.`);
  process.exit(2);
}
const selected = wanted.length > 0 ? wanted.map((w) => (w.endsWith(SUFFIX) ? basename(w) : `${basename(w)}${SUFFIX}`)) : all;
if (selected.length === 0) {
  console.error('No benches found in bench/ (files named *.bench.ts).');
  process.exit(2);
}

let failed = 0;
for (const file of selected) {
  console.log(`\n=== ${file} ${'='.repeat(Math.max(0, 70 - file.length))}`);
  const started = Date.now();
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(benchDir, file)], { cwd: root, stdio: 'inherit' });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.status !== 0) {
    failed++;
    console.log(`--- ${file} FAILED (exit ${result.status ?? result.signal}) after ${seconds} s`);
  } else {
    console.log(`--- ${file} done in ${seconds} s`);
  }
}
process.exit(failed > 0 ? 1 : 0);
