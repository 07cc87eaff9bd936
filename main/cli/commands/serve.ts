// `extopo serve`: the ExTopo designer in a web browser, served from this machine only (127.0.0.1) with a
// per-launch token. Serves the built renderer (out/renderer; built first when missing) until Ctrl+C.
import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { CliCommand } from '../command';
import type { BrowserHost } from '../../host';
import { defaultDocumentsDir } from '../../services/appInfo';

const HELP = `Usage: extopo serve [--port N] [--no-open] [--documents DIR]

Starts ExTopo in your web browser: serves the app on http://127.0.0.1 (this machine only) and prints its URL,
which carries a one-time token — only a page opened from that URL can use the app. Runs until Ctrl+C.
Builds the app first when it has not been built yet (npm run build).

Options:
  --port N          Port to listen on (default: any free port).
  --no-open         Do not open the browser; just print the URL.
  --documents DIR   Folder where designs are listed and saved (default: ${defaultDocumentsDir()}).
  -h, --help        Show this help.

Exit codes: 0 stopped with Ctrl+C, 1 could not start (port in use, build failed), 2 wrong command line.

Example:
  extopo serve --port 8080 --no-open --documents ~/designs
`;

const BUILD_SCRIPT = fileURLToPath(new URL('../../../scripts/build.mjs', import.meta.url));

export interface ServeCommandOptions {
  readonly rendererDir?: string;
  /** Opens a URL in the user's browser; returns false when no opener exists. */
  readonly openBrowser?: (url: string) => boolean;
  /** Builds the renderer when it is missing. */
  readonly buildRenderer?: () => Promise<void>;
}

export function createServeCommand(options: ServeCommandOptions = {}): CliCommand {
  const openBrowser = options.openBrowser ?? openInBrowser;
  const build = options.buildRenderer ?? buildRendererWithScript;
  return {
    name: 'serve',
    summary: 'Run the ExTopo designer in your web browser (127.0.0.1, token-protected)',
    help: HELP,
    async run(args, io) {
      const { values } = parseArgs({
        args: [...args],
        options: { port: { type: 'string' }, 'no-open': { type: 'boolean', default: false }, documents: { type: 'string' } },
        strict: true,
        allowPositionals: false,
      });
      let port = 0;
      if (values.port !== undefined) {
        if (!/^\d{1,5}$/.test(values.port) || Number(values.port) > 65535) {
          io.stderr(`extopo serve: --port needs a number from 0 to 65535 (0 = any free port), not "${values.port}".\n`);
          return 2;
        }
        port = Number(values.port);
      }
      const documentsDir = values.documents === undefined ? defaultDocumentsDir() : resolve(io.cwd, values.documents);
      if (existsSync(documentsDir) && !statSync(documentsDir).isDirectory()) {
        io.stderr(`extopo serve: --documents ${documentsDir} is a file; give a folder.\n`);
        return 2;
      }

      // The browser host (and the services and exporters behind it) loads when the command runs, not for --help.
      const { DEFAULT_RENDERER_DIR, startBrowserHost } = await import('../../host');
      const rendererDir = options.rendererDir ?? DEFAULT_RENDERER_DIR;
      if (!existsSync(join(rendererDir, 'index.html'))) {
        io.stdout('The app is not built yet; building it (npm run build)…\n');
        try {
          await build();
        } catch (error) {
          io.stderr(`extopo serve: building the app failed: ${error instanceof Error ? error.message : String(error)}\nFix the build (npm run build), then run extopo serve again.\n`);
          return 1;
        }
      }

      let host: BrowserHost;
      try {
        host = await startBrowserHost({ port, rendererDir, documentsDir });
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EADDRINUSE') io.stderr(`extopo serve: port ${port} is already in use. Pick another with --port, or leave it out for any free port.\n`);
        else if (code === 'EACCES') io.stderr(`extopo serve: no permission to listen on port ${port}. Use a port above 1023.\n`);
        else io.stderr(`extopo serve: cannot start: ${error instanceof Error ? error.message : String(error)}\n`);
        return 1;
      }

      io.stdout(`ExTopo is running at ${host.url}\n`);
      io.stdout(`Designs are listed and saved in ${documentsDir}\n`);
      if (!values['no-open'] && !openBrowser(host.url)) io.stdout('Open the URL above in your browser.\n');
      io.stdout('Press Ctrl+C to stop.\n');

      await (io.interrupted ?? new Promise<void>((done) => process.once('SIGINT', () => done())));
      await host.close();
      io.stdout('ExTopo stopped.\n');
      return 0;
    },
  };
}

export const serveCommand: CliCommand = createServeCommand();

async function buildRendererWithScript(): Promise<void> {
  const script = (await import(pathToFileURL(BUILD_SCRIPT).href)) as { buildRenderer: () => Promise<string> };
  await script.buildRenderer();
}

/** xdg-open / open / start, when present. Returns false when there is nothing to open the browser with. */
export function openInBrowser(url: string): boolean {
  const [command, args] =
    process.platform === 'win32' ? ['cmd', ['/c', 'start', '""', url.replace(/&/g, '^&')]] : process.platform === 'darwin' ? ['open', [url]] : ['xdg-open', [url]];
  if (process.platform !== 'win32' && !onPath(command)) return false;
  try {
    const child = spawn(command, args, { stdio: 'ignore', detached: true, windowsHide: true });
    child.on('error', () => undefined);
    child.unref();
    return true;
  } catch {
    return false;
  }
}

function onPath(command: string): boolean {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => dir && existsSync(join(dir, command)));
}
