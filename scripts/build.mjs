#!/usr/bin/env node
// Builds the app into out/:
//   out/renderer/        the React renderer (vite, config in vite.config.ts)
//   out/main/index.cjs   the Electron main process (esbuild, CommonJS, electron external)
//   out/main/export-worker.cjs the export worker thread the main process runs runbook exports in
//   out/preload/index.cjs the preload (CommonJS, so the renderer keeps sandbox: true)
//   out/assets/icon.png  the window icon
//   out/powershell/      the host double, the PowerShell 2.0 check and the inventory script (PowerShell that ships)
//   out/cli/             the `extopo` command line as JavaScript (esbuild, ESM, one chunk per command), so that no
//                        TypeScript compiler runs when an admin types `extopo`; out/cli/stamp.json names its entry
//                        and every source it was built from (bin/extopo.mjs rebuilds when one of them changed)
// Usage: node scripts/build.mjs [--renderer] [--electron] [--cli]   (no flag: all three)
// Also imported: `extopo serve` calls buildRenderer() when out/renderer is missing; bin/extopo.mjs calls buildCli()
// when out/cli is missing or older than its sources.
import { copyFile, cp, mkdir, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const OUT_DIR = join(ROOT, 'out');
export const RENDERER_OUT_DIR = join(OUT_DIR, 'renderer');

/** ESM-only packages that a CommonJS main bundle cannot require(): bundled in. Other dependencies stay external. */
const BUNDLED_DEPENDENCIES = new Set(['conf', 'electron-store']);
/** Shim for import.meta.url in the CommonJS bundle (createRequire(import.meta.url) resolves from out/main). */
const IMPORT_META_URL = '__extopoImportMetaUrl';

/**
 * Builds the renderer with vite. `root` / `outDir` override vite.config.ts (a temporary entry, a test build).
 * Returns the output folder.
 */
export async function buildRenderer({ root, outDir = RENDERER_OUT_DIR, logLevel = 'warn' } = {}) {
  const { build } = await import('vite');
  await build({
    configFile: join(ROOT, 'vite.config.ts'),
    logLevel,
    ...(root ? { root } : {}),
    build: { outDir, emptyOutDir: true },
  });
  if (!existsSync(join(outDir, 'index.html'))) throw new Error(`The renderer build wrote no index.html to ${outDir}.`);
  return outDir;
}

/** Bundles main/electron/index.ts and preload.ts to CommonJS with esbuild, and copies the window icon. */
export async function buildElectron({ outDir = OUT_DIR } = {}) {
  const esbuild = await import('esbuild');
  const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8'));
  const external = ['electron', ...Object.keys(pkg.dependencies ?? {}).filter((name) => !BUNDLED_DEPENDENCIES.has(name))];
  const common = {
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    external,
    logLevel: 'warning',
    legalComments: 'none',
    sourcemap: 'linked',
    define: { 'import.meta.url': IMPORT_META_URL },
    banner: { js: `const ${IMPORT_META_URL} = require('node:url').pathToFileURL(__filename).href;` },
  };
  await esbuild.build({ ...common, entryPoints: [join(ROOT, 'main/electron/index.ts')], outfile: join(outDir, 'main/index.cjs') });
  // The export worker (main/exporters/pool.ts looks for export-worker.cjs beside the main bundle): runbook exports
  // run in a worker thread, off the main process's event loop.
  await esbuild.build({ ...common, entryPoints: [join(ROOT, 'main/exporters/exportWorker.ts')], outfile: join(outDir, 'main/export-worker.cjs') });
  // The preload runs in the sandbox, where only 'electron' (and a few builtins) may be required: everything else is
  // bundled, and there is no import.meta shim (it would require node:url).
  const { define: _define, banner: _banner, ...preloadOptions } = common;
  await esbuild.build({ ...preloadOptions, external: ['electron'], entryPoints: [join(ROOT, 'main/electron/preload.ts')], outfile: join(outDir, 'preload/index.cjs') });
  await mkdir(join(outDir, 'assets'), { recursive: true });
  await copyFile(join(ROOT, 'assets/icon.png'), join(outDir, 'assets/icon.png'));
  // The PowerShell that ships: the host double (pwsh rehearsals) and the PowerShell 2.0 check. Found next to the
  // bundle as out/powershell (main/lab/double/transport.ts, main/powershell/ps2compat.ts).
  await cp(join(ROOT, 'powershell'), join(outDir, 'powershell'), { recursive: true, filter: (src) => !src.endsWith('.md') });
  return outDir;
}

// ---------------------------------------------------------------------------------------------------------------
// The command line (out/cli)
// ---------------------------------------------------------------------------------------------------------------

export const CLI_OUT_DIR = join(OUT_DIR, 'cli');
/** Written last by buildCli(); read by bin/extopo.mjs. */
export const CLI_STAMP_FILE = 'stamp.json';
/** Bumped when the stamp's shape changes: a bin that finds another version rebuilds. */
export const CLI_STAMP_VERSION = 1;
/**
 * Dependencies bundled into the CLI: small, pure-JavaScript ESM that validate/new/templates load on every call, where
 * resolving and linking hundreds of package files costs more than the code. Every other dependency (pdfmake and its
 * fonts, elkjs, web-tree-sitter and the PowerShell grammar, node-powershell, vite, electron…) stays external, so it
 * is loaded from node_modules only by the command chunk that imports it.
 */
const CLI_BUNDLED_DEPENDENCIES = new Set(['zod', '@noble/hashes']);
/** Files of a build that the current stamp no longer names are deleted once older than this (a long-running
 *  `extopo serve` may still import a lazy chunk of the build it started from). */
const CLI_STALE_BUILD_MS = 60 * 60 * 1000;

/** `import.meta.url` of each TypeScript source becomes the URL of that source (not of the chunk it lands in), so
 *  `new URL('../../schema/…', import.meta.url)` and createRequire() resolve exactly as they do from the sources. */
function sourceImportMetaUrlPlugin(outDir) {
  return {
    name: 'extopo-source-import-meta-url',
    setup(build) {
      build.onLoad({ filter: /\.[cm]?tsx?$/ }, async (args) => {
        if (args.path.split(sep).includes('node_modules')) return undefined;
        const text = await readFile(args.path, 'utf8');
        if (!text.includes('import.meta.url')) return undefined;
        // Every output file sits directly in outDir (entryNames and chunkNames have no folders).
        const fromOut = relative(outDir, args.path).split(sep).join('/');
        const url = `new URL(${JSON.stringify(fromOut)}, import.meta.url).href`;
        return { contents: text.replaceAll('import.meta.url', url), loader: args.path.endsWith('x') ? 'tsx' : 'ts', resolveDir: dirname(args.path) };
      });
    },
  };
}

/** Writes a file so that a concurrent reader sees the old content or the new, never half of it. */
async function writeFileAtomic(path, contents) {
  const temporary = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  await writeFile(temporary, contents);
  await rename(temporary, path);
}

/**
 * Bundles main/cli/index.ts to ESM in out/cli/ with code splitting: the entry holds the command table and the
 * argument handling; each command (and what only it needs) is a chunk imported when that command runs. Every file
 * name carries a content hash and is written atomically, and the stamp (entry name + each input's mtime and size)
 * is written last, so extopo processes running while a rebuild happens each see one complete build.
 * Returns the entry's absolute path.
 */
export async function buildCli({ outDir = CLI_OUT_DIR } = {}) {
  const esbuild = await import('esbuild');
  const started = Date.now();
  const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8'));
  const dependencies = [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.devDependencies ?? {})];
  const external = ['electron', ...dependencies.filter((name) => !CLI_BUNDLED_DEPENDENCIES.has(name)).flatMap((name) => [name, `${name}/*`])];
  const result = await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: { index: join(ROOT, 'main/cli/index.ts') },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20.19',
    external,
    outdir: outDir,
    entryNames: '[name]-[hash]',
    chunkNames: '[name]-[hash]',
    write: false,
    metafile: true,
    // Smaller files parse faster (about a tenth of `extopo validate`); EXTOPO_DEBUG=1 maps stack traces back.
    minify: true,
    sourcemap: 'linked',
    legalComments: 'none',
    logLevel: 'silent',
    plugins: [sourceImportMetaUrlPlugin(outDir)],
  });
  await mkdir(outDir, { recursive: true });
  for (const file of result.outputFiles) await writeFileAtomic(file.path, file.contents);

  // Each command's chunk is an entry point too (a dynamic import() target): pick the one of main/cli/index.ts.
  const entry = Object.entries(result.metafile.outputs).find(([, output]) => output.entryPoint === 'main/cli/index.ts')?.[0];
  if (entry === undefined) throw new Error('the CLI build produced no entry file');
  // Each input, as a path relative to the root, with the mtime and size it had (a file changed while the build ran
  // gets mtime -1, so the next run rebuilds). A bundled package counts as its package.json (an install rewrites it),
  // which keeps the check to one stat per project source. package.json (what is bundled), tsconfig.json (read by
  // esbuild) and this script (the build's options) count too.
  const files = new Set(['package.json', 'tsconfig.json', 'scripts/build.mjs']);
  for (const input of Object.keys(result.metafile.inputs)) {
    const path = relative(ROOT, isAbsolute(input) ? input : join(ROOT, input)).split(sep).join('/');
    const inPackage = /^(?:.*\/)?node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(path);
    files.add(inPackage ? `${inPackage[0]}package.json` : path);
  }
  const inputs = {};
  for (const file of files) {
    const s = await stat(join(ROOT, file)).catch(() => null);
    if (s !== null) inputs[file] = [s.mtimeMs > started ? -1 : s.mtimeMs, s.size]; // null: esbuild's virtual modules
  }
  const stamp = { version: CLI_STAMP_VERSION, builtAt: new Date().toISOString(), entry: relative(outDir, join(ROOT, entry)).split(sep).join('/'), inputs };
  await writeFileAtomic(join(outDir, CLI_STAMP_FILE), `${JSON.stringify(stamp)}\n`);

  // Remove the files of earlier builds once they are old enough that no extopo process still runs from them.
  const current = new Set([CLI_STAMP_FILE, ...result.outputFiles.map((f) => relative(outDir, f.path))]);
  for (const name of await readdir(outDir)) {
    if (current.has(name)) continue;
    const path = join(outDir, name);
    try {
      if (Date.now() - (await stat(path)).mtimeMs > CLI_STALE_BUILD_MS) await rm(path, { force: true, recursive: true });
    } catch {
      // Removed by a concurrent build.
    }
  }
  return join(outDir, stamp.entry);
}

export async function buildAll({ renderer = true, electron = true, cli = true } = {}) {
  const started = Date.now();
  if (renderer) await buildRenderer();
  if (electron) await buildElectron();
  if (cli) await buildCli();
  return Date.now() - started;
}

const invokedDirectly = process.argv[1] && pathToFileURL(process.argv[1]).href === import.meta.url;
if (invokedDirectly) {
  const args = new Set(process.argv.slice(2));
  const parts = ['--renderer', '--electron', '--cli'];
  const unknown = [...args].filter((a) => !parts.includes(a));
  if (unknown.length) {
    process.stderr.write(`build: unknown option ${unknown[0]}. Usage: node scripts/build.mjs [--renderer] [--electron] [--cli]\n`);
    process.exit(2);
  }
  const all = !parts.some((p) => args.has(p));
  try {
    const ms = await buildAll({ renderer: all || args.has('--renderer'), electron: all || args.has('--electron'), cli: all || args.has('--cli') });
    process.stdout.write(`Built ExTopo into ${relative(process.cwd(), OUT_DIR) || OUT_DIR}/ in ${(ms / 1000).toFixed(1)} s.\n`);
  } catch (error) {
    process.stderr.write(`build failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}


