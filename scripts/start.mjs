#!/usr/bin/env node
// `npm start`: builds the app, then starts Electron. Where the Electron binary is missing (npm ci with
// ignore-scripts skips its download), it tries electron's own installer once (bounded; it fails fast offline)
// and otherwise starts the browser host instead, printing the URL to open.
// Extra arguments are passed on: `npm start -- path/to/design.extopo.json`.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { buildAll, ROOT } from './build.mjs';

const INSTALL_TIMEOUT_MS = 30_000;
const require = createRequire(import.meta.url);

/** The Electron executable, or null when the package is there without its binary. */
function electronBinary() {
  try {
    const resolved = require.resolve('electron');
    delete require.cache[resolved];
    const path = require('electron');
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

function tryInstallElectron() {
  const installer = join(ROOT, 'node_modules/electron/install.js');
  if (!existsSync(installer)) return;
  process.stdout.write('Electron binary not found; trying to download it (up to 30 s)…\n');
  spawnSync(process.execPath, [installer], { cwd: ROOT, stdio: 'ignore', timeout: INSTALL_TIMEOUT_MS });
}

/**
 * Runs a child until it exits; resolves with its exit code. Ctrl+C in a terminal reaches the child directly (same
 * process group), so SIGINT is only passed on when the child is still running a moment later (a signal sent to
 * this process alone); SIGTERM is passed on at once.
 */
function run(command, args, options = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: ROOT, stdio: 'inherit', ...options });
    let exited = false;
    const onInterrupt = () => setTimeout(() => exited || child.kill('SIGINT'), 1000).unref();
    const onTerminate = () => child.kill('SIGTERM');
    process.on('SIGINT', onInterrupt);
    process.on('SIGTERM', onTerminate);
    child.on('exit', (code, signal) => {
      exited = true;
      process.off('SIGINT', onInterrupt);
      process.off('SIGTERM', onTerminate);
      resolve(code ?? (signal ? 130 : 1));
    });
    child.on('error', (error) => {
      process.stderr.write(`Could not start ${command}: ${error.message}\n`);
      resolve(1);
    });
  });
}

const passThrough = process.argv.slice(2);
try {
  const ms = await buildAll();
  process.stdout.write(`Built ExTopo in ${(ms / 1000).toFixed(1)} s.\n`);
} catch (error) {
  process.stderr.write(`The build failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}

let electron = electronBinary();
if (!electron) {
  tryInstallElectron();
  electron = electronBinary();
}

if (electron) {
  // Chromium refuses to start as root (containers, CI) unless its OS sandbox is switched off; never added otherwise.
  const rootArgs = process.platform === 'linux' && process.getuid?.() === 0 ? ['--no-sandbox'] : [];
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE;
  process.exitCode = await run(electron, [...rootArgs, '.', ...passThrough], { env });
} else {
  process.stdout.write('The Electron binary is missing (no download possible here), so ExTopo starts in your browser instead.\n');
  process.exitCode = await run(process.execPath, [join(ROOT, 'bin/extopo.mjs'), 'serve', ...passThrough]);
}
