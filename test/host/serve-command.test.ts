// `extopo serve` in-process: one line with the URL and token, the page and API reachable with it, the browser
// opener called (or skipped with --no-open), a clean stop on Ctrl+C, and clear errors for bad options.
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../main/cli/command';
import { createServeCommand } from '../../main/cli/commands/serve';

let root: string;
let rendererDir: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'extopo-serve-'));
  rendererDir = join(root, 'renderer');
  await mkdir(rendererDir);
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>ExTopo</title>');
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

function fakeIo(): { io: CliIo; out: string[]; err: string[]; interrupt: () => void; printed: (needle: RegExp) => Promise<string> } {
  const out: string[] = [];
  const err: string[] = [];
  let interrupt = (): void => undefined;
  const interrupted = new Promise<void>((resolve) => (interrupt = resolve));
  const io: CliIo = { stdout: (t) => void out.push(t), stderr: (t) => void err.push(t), cwd: root, interrupted };
  const printed = async (needle: RegExp): Promise<string> => {
    for (let i = 0; i < 200; i++) {
      const line = out.join('').split('\n').find((l) => needle.test(l));
      if (line) return line;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`never printed ${needle}: ${out.join('')}${err.join('')}`);
  };
  return { io, out, err, interrupt, printed };
}

describe('extopo serve', () => {
  it('prints the URL with its token on one line, serves until Ctrl+C, opens the browser', async () => {
    const opened: string[] = [];
    const command = createServeCommand({ rendererDir, openBrowser: (url) => (opened.push(url), true) });
    const { io, interrupt, printed, out } = fakeIo();
    const running = command.run(['--documents', 'docs'], io);
    const line = await printed(/^ExTopo is running at /);
    const url = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{43,})$/.exec(line)?.[1];
    expect(url, line).toBeDefined();
    expect(opened).toEqual([url]);
    const origin = new URL(url ?? '').origin;
    const token = new URL(url ?? '').searchParams.get('token') ?? '';
    expect((await fetch(url ?? '')).status).toBe(200);
    const info = await fetch(`${origin}/api/app.info`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-ExTopo-Token': token }, body: '{}' });
    expect(((await info.json()) as { result: { documentsDir: string } }).result.documentsDir).toBe(join(root, 'docs'));
    interrupt();
    expect(await running).toBe(0);
    expect(out.join('')).toMatch(/ExTopo stopped/);
    await expect(fetch(url ?? '')).rejects.toThrow();
  });

  it('does not open the browser with --no-open, and says to open the URL when no opener exists', async () => {
    const opened: string[] = [];
    const quiet = fakeIo();
    const running = createServeCommand({ rendererDir, openBrowser: (url) => (opened.push(url), true) }).run(['--no-open', '--documents', 'docs'], quiet.io);
    await quiet.printed(/^Press Ctrl\+C/);
    quiet.interrupt();
    expect(await running).toBe(0);
    expect(opened).toEqual([]);

    const noOpener = fakeIo();
    const second = createServeCommand({ rendererDir, openBrowser: () => false }).run(['--documents', 'docs'], noOpener.io);
    await noOpener.printed(/^Open the URL above in your browser/);
    noOpener.interrupt();
    expect(await second).toBe(0);
  });

  it('builds the renderer first when it is missing, and stops with the fix when the build fails', async () => {
    const missing = join(root, 'not-built');
    const built: string[] = [];
    const ok = fakeIo();
    const running = createServeCommand({
      rendererDir: missing,
      openBrowser: () => true,
      buildRenderer: async () => {
        built.push('renderer');
        await mkdir(missing, { recursive: true });
        await writeFile(join(missing, 'index.html'), '<!doctype html><title>ExTopo</title>');
      },
    }).run(['--no-open', '--documents', 'docs'], ok.io);
    await ok.printed(/^ExTopo is running at /);
    ok.interrupt();
    expect(await running).toBe(0);
    expect(built).toEqual(['renderer']);

    const failing = fakeIo();
    const code = await createServeCommand({ rendererDir: join(root, 'still-missing'), buildRenderer: async () => Promise.reject(new Error('renderer/main.tsx not found')) }).run(['--no-open'], failing.io);
    expect(code).toBe(1);
    expect(failing.err.join('')).toMatch(/building the app failed: renderer\/main.tsx not found/);
  });

  it('rejects a bad port (2) and reports a port in use (1)', async () => {
    const bad = fakeIo();
    expect(await createServeCommand({ rendererDir }).run(['--port', 'eighty'], bad.io)).toBe(2);
    expect(bad.err.join('')).toMatch(/--port needs a number from 0 to 65535/);

    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as AddressInfo).port;
    const busy = fakeIo();
    expect(await createServeCommand({ rendererDir }).run(['--port', String(port), '--no-open', '--documents', 'docs'], busy.io)).toBe(1);
    expect(busy.err.join('')).toMatch(new RegExp(`port ${port} is already in use`));
    await new Promise<void>((resolve) => blocker.close(() => resolve()));
  });
});
