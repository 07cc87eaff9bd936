#!/usr/bin/env node
// The `extopo` command. Runs the CLI as JavaScript built by esbuild into out/cli/ (scripts/build.mjs, buildCli), so
// no TypeScript compiler runs when an admin types `extopo`.
//
// out/cli/stamp.json names the build's entry file and every source it was built from, with its mtime and size. When
// the stamp is missing (a fresh clone: `npm ci` runs no install scripts here) or any of those files changed, this
// rebuilds out/cli first (esbuild, about a second, once), then runs it. Checking costs a millisecond or two (one
// stat per source, ~150). If the build cannot be written (a read-only checkout, esbuild missing), it says so in one line and
// runs the TypeScript sources through tsx instead (slower, same behaviour).
//   EXTOPO_CLI_OUT=DIR   build into / run from DIR instead of out/cli (tests)
import { readFileSync, statSync } from 'node:fs';
import module from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

// Node 22.1+ keeps V8's compiled code of the modules between runs (in the OS temp folder): most of what is left of
// the start-up. Node 20 has no such cache; there this does nothing.
module.enableCompileCache?.();

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT_DIR = process.env.EXTOPO_CLI_OUT || join(ROOT, 'out', 'cli');
const STAMP_VERSION = 1; // = CLI_STAMP_VERSION in scripts/build.mjs

/** The built entry file when out/cli is complete and no source changed since it was built; otherwise null. */
function currentBuild() {
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(join(OUT_DIR, 'stamp.json'), 'utf8'));
  } catch {
    return null;
  }
  if (stamp?.version !== STAMP_VERSION || typeof stamp.entry !== 'string' || typeof stamp.inputs !== 'object') return null;
  for (const [file, [mtimeMs, size]] of Object.entries(stamp.inputs)) {
    const s = statSync(join(ROOT, file), { throwIfNoEntry: false });
    if (s === undefined || s.mtimeMs !== mtimeMs || s.size !== size) return null;
  }
  return join(OUT_DIR, stamp.entry);
}

async function build() {
  const script = await import(pathToFileURL(join(ROOT, 'scripts', 'build.mjs')).href);
  return script.buildCli({ outDir: OUT_DIR });
}

/** The CLI module: the current build, else a fresh one, else (cannot build) the TypeScript sources through tsx. */
async function loadCli() {
  let reason;
  const current = currentBuild();
  for (const entry of current === null ? [null] : [current, null]) {
    try {
      const cli = await import(pathToFileURL(entry ?? (await build())).href);
      if (typeof cli.main === 'function') {
        if (process.env.EXTOPO_DEBUG) process.setSourceMapsEnabled(true);
        return cli;
      }
      reason = 'the built entry has no main()';
    } catch (error) {
      // A build that cannot be written, or files of the current build removed underneath: rebuild once, then tsx.
      reason = (error instanceof Error ? error.message : String(error)).split('\n')[0];
    }
  }
  process.stderr.write(`extopo: running from the TypeScript sources (slower): cannot build ${OUT_DIR}: ${reason}\n`);
  const { register } = await import('tsx/esm/api');
  register();
  return import(pathToFileURL(join(ROOT, 'main', 'cli', 'index.ts')).href);
}

const { main } = await loadCli();
process.exitCode = await main(process.argv.slice(2));
