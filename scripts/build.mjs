#!/usr/bin/env node
// Builds the app into out/:
//   out/renderer/        the React renderer (vite, config in vite.config.ts)
//   out/main/index.cjs   the Electron main process (esbuild, CommonJS, electron external)
//   out/preload/index.cjs the preload (CommonJS, so the renderer keeps sandbox: true)
//   out/assets/icon.png  the window icon
//   out/powershell/      the host double and the PowerShell 2.0 check (PowerShell that ships)
// Usage: node scripts/build.mjs [--renderer] [--electron]   (no flag: both)
// Also imported: `extopo serve` calls buildRenderer() when out/renderer is missing.
import { copyFile, cp, mkdir, readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
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

export async function buildAll({ renderer = true, electron = true } = {}) {
  const started = Date.now();
  if (renderer) await buildRenderer();
  if (electron) await buildElectron();
  return Date.now() - started;
}

const invokedDirectly = process.argv[1] && pathToFileURL(process.argv[1]).href === import.meta.url;
if (invokedDirectly) {
  const args = new Set(process.argv.slice(2));
  const unknown = [...args].filter((a) => a !== '--renderer' && a !== '--electron');
  if (unknown.length) {
    process.stderr.write(`build: unknown option ${unknown[0]}. Usage: node scripts/build.mjs [--renderer] [--electron]\n`);
    process.exit(2);
  }
  const both = !args.has('--renderer') && !args.has('--electron');
  try {
    const ms = await buildAll({ renderer: both || args.has('--renderer'), electron: both || args.has('--electron') });
    process.stdout.write(`Built ExTopo into ${relative(process.cwd(), OUT_DIR) || OUT_DIR}/ in ${(ms / 1000).toFixed(1)} s.\n`);
  } catch (error) {
    process.stderr.write(`build failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}


