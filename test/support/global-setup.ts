// vitest globalSetup: makes sure the command line's build (out/cli) is current before the tests, so the tests that
// run bin/extopo.mjs as a process do not each find it stale and rebuild it. `npm ci` runs no install scripts here
// (.npmrc ignore-scripts), so on a fresh clone nothing else has built it. Runs the bin itself (`extopo --version`),
// which rebuilds only when a source changed; a build that fails is reported, not fatal (the bin then runs the
// TypeScript sources through tsx, and the CLI tests say so).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export default function setup(): void {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const r = spawnSync(process.execPath, ['bin/extopo.mjs', '--version'], { cwd: root, encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0 || r.stderr !== '') console.warn(`globalSetup: bin/extopo.mjs --version: exit ${r.status ?? r.signal}; ${r.stderr.trim() || r.error?.message || ''}`);
}
