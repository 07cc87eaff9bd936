// What the security and robustness probe found held, kept as tests (symlink escapes, NUL in paths, malformed URLs),
// and what it found broken, fixed: a malformed /api/ URL answers 400, an export with a path only writes a file of
// the chosen format (never a design, never a dotfile, with a .bak of what it replaces), and design files are
// checked for kind and size before they are read (host and CLI).
import { execFileSync } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleText } from '../fixtures/designs';
import { startBrowserHost } from '../../main/host';
import type { BrowserHost } from '../../main/host';
import type { CliIo } from '../../main/cli/command';
import { runbookCommand } from '../../main/cli/commands/runbook';
import { validateCommand } from '../../main/cli/commands/validate';
import type { ExportRunbook } from '../../main/services';
import { MAX_FILE_BYTES } from '../../shared/model/load';

let root: string;
let documentsDir: string;
let host: BrowserHost;
const posix = process.platform !== 'win32';

const fakeExport: ExportRunbook = async ({ format }) => ({ fileName: `design-runbook.${format}`, bytes: new TextEncoder().encode(`runbook as ${format}`) });

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'extopo-probe-'));
  documentsDir = join(root, 'documents');
  const rendererDir = join(root, 'renderer');
  await mkdir(rendererDir, { recursive: true });
  await mkdir(join(root, 'outside'), { recursive: true });
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>ExTopo</title>');
  await writeFile(join(root, 'outside', 'secret.extopo.json'), exampleText('seed-lab'));
  host = await startBrowserHost({ rendererDir, documentsDir, exportRunbook: fakeExport });
});

afterAll(async () => {
  await host.close();
  await rm(root, { recursive: true, force: true });
});

type Answer = { status: number; body: { result?: unknown; error?: { message: string; problems?: string[] } } };

async function call(channel: string, body: unknown): Promise<Answer> {
  const res = await fetch(`${host.origin}/api/${channel}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-ExTopo-Token': host.token },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Answer['body'] };
}

/** A request sent as-is (fetch normalises paths and refuses malformed ones). */
function raw(path: string, headers: Record<string, string> = {}, method = 'POST'): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: host.port, path, method, headers: { Host: `127.0.0.1:${host.port}`, 'Content-Type': 'application/json', ...headers } }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(method === 'POST' ? '{}' : undefined);
  });
}

describe('malformed URLs', () => {
  it('answer 400 with a message under /api/ (not 500), after the token check', async () => {
    for (const path of ['/api/%E0%A4%A', '/api/%', '/api/app%2', '/api/%C0%AF']) {
      const answer = await raw(path, { 'X-ExTopo-Token': host.token });
      expect(answer.status, path).toBe(400);
      expect((JSON.parse(answer.text) as { error: { message: string } }).error.message, path).toMatch(/Malformed URL/);
    }
    expect((await raw('/api/%E0%A4%A')).status).toBe(401);
    expect((await raw('/%E0%A4%A', {}, 'GET')).status).toBe(400);
  });
});

describe('paths the probe tried (held; kept as tests)', () => {
  it('a symlink inside the documents folder cannot reach outside it (file or folder link)', async () => {
    if (!posix) return;
    await symlink(join(root, 'outside', 'secret.extopo.json'), join(documentsDir, 'link.extopo.json'));
    await symlink(join(root, 'outside'), join(documentsDir, 'linked-folder'));
    expect((await call('document.read', { path: join(documentsDir, 'link.extopo.json') })).status).toBe(403);
    expect((await call('document.read', { path: 'linked-folder/secret.extopo.json' })).status).toBe(403);
    expect((await call('document.write', { path: 'linked-folder/new.extopo.json', text: exampleText('seed-lab') })).status).toBe(403);
    expect((await call('export.runbook', { format: 'md', text: '{}', path: 'linked-folder/runbook.md' })).status).toBe(403);
    expect(await readdir(join(root, 'outside'))).toEqual(['secret.extopo.json']);
  });

  it('a NUL in a path is refused (4xx), never a 500, and writes nothing', async () => {
    for (const path of ['a\0b.extopo.json', `${documentsDir}/x.extopo.json\0.md`]) {
      const read = await call('document.read', { path });
      expect(read.status, JSON.stringify(path)).toBeGreaterThanOrEqual(400);
      expect(read.status, JSON.stringify(path)).toBeLessThan(500);
      const write = await call('document.write', { path, text: exampleText('seed-lab') });
      expect(write.status).toBeGreaterThanOrEqual(400);
      expect(write.status).toBeLessThan(500);
    }
    expect((await raw('/index.html%00.js', {}, 'GET')).status).toBe(400);
  });
});

describe('export.runbook with a path', () => {
  const exportTo = (path: string, format = 'md') => call('export.runbook', { format, text: exampleText('seed-lab'), path });

  it('never replaces a design file, and says what, where and how to fix it', async () => {
    const design = join(documentsDir, 'lab.extopo.json');
    await writeFile(design, exampleText('seed-lab'));
    for (const format of ['md', 'json', 'ps1', 'pdf']) {
      const answer = await exportTo(design, format);
      expect(answer.status, format).toBe(422);
      expect(answer.body.error?.message).toContain(`"${design}"`);
      expect(answer.body.error?.problems?.[0]).toMatch(/Choose a name/);
    }
    expect((await exportTo(design, 'json')).body.error?.message).toMatch(/design/);
    // A design saved under a plain .json name is recognised by its content.
    const plain = join(documentsDir, 'plain.json');
    await writeFile(plain, exampleText('minimal-ha'));
    const refused = await exportTo(plain, 'json');
    expect(refused.status).toBe(422);
    expect(refused.body.error?.message).toMatch(/is an ExTopo design/);
    expect(await readFile(design, 'utf8')).toBe(exampleText('seed-lab'));
    expect(await readFile(plain, 'utf8')).toBe(exampleText('minimal-ha'));
  });

  it("allows only the chosen format's extension, no dotfiles and no hidden folders", async () => {
    const cases: Array<[string, string, RegExp]> = [
      ['notes.txt', 'md', /must be saved under a name ending in \.md/],
      ['runbook.md', 'pdf', /ending in \.pdf/],
      ['runbook.pdf.md', 'pdf', /ending in \.pdf/],
      ['.md', 'md', /hidden file name/],
      ['.bashrc', 'md', /hidden file name/],
      ['.hidden.md', 'md', /hidden file name/],
      ['.extopo/recent.json', 'json', /folder "\.extopo"/],
      ['.extopo/autosave/x.md', 'md', /folder "\.extopo"/],
      ['runbook.extopo.json', 'json', /design files/],
    ];
    for (const [name, format, message] of cases) {
      const answer = await exportTo(name, format);
      expect(answer.status, name).toBe(422);
      expect(answer.body.error?.message, name).toMatch(message);
      expect(answer.body.error?.message, name).toContain(join(documentsDir, name));
    }
    const names = await readdir(documentsDir);
    expect(names.filter((n) => n.startsWith('.') && n !== '.extopo')).toEqual([]);
    expect(names).not.toContain('notes.txt');
  });

  it('writes a file of the right extension (any case) and keeps the previous version as .bak', async () => {
    const target = join(documentsDir, 'Lab-Runbook.MD');
    await writeFile(target, 'the old runbook');
    const answer = await exportTo(target, 'md');
    expect(answer.status).toBe(200);
    expect(await readFile(target, 'utf8')).toBe('runbook as md');
    expect(await readFile(`${target}.bak`, 'utf8')).toBe('the old runbook');
    const json = await exportTo('runbook.json', 'json');
    expect(json.status).toBe(200);
    const again = await exportTo('runbook.json', 'json'); // a runbook .json is not a design: replaced, with a .bak
    expect(again.status).toBe(200);
    expect((await readdir(documentsDir)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('run.report with a path follows the same rules', async () => {
    const answer = await call('run.report', { runId: 'r1', format: 'md', path: join(documentsDir, 'lab.extopo.json') });
    expect(answer.status).toBe(422);
    expect(answer.body.error?.message).toMatch(/never replaces a design/);
  });
});

describe('design files are checked for kind and size before they are read', () => {
  it('the host refuses a FIFO (without hanging), a folder and a file over the limit', async () => {
    if (posix) {
      execFileSync('mkfifo', [join(documentsDir, 'pipe.extopo.json')]);
      const started = Date.now();
      const fifo = await call('document.read', { path: 'pipe.extopo.json' });
      expect(Date.now() - started).toBeLessThan(2000);
      expect(fifo.status).toBe(422);
      expect(fifo.body.error?.message).toMatch(/named pipe, not a regular file/);
    }
    await mkdir(join(documentsDir, 'folder.extopo.json'));
    expect((await call('document.read', { path: 'folder.extopo.json' })).body.error?.message).toMatch(/directory, not a file/);
    const big = join(documentsDir, 'huge.extopo.json');
    await writeFile(big, '');
    await truncate(big, MAX_FILE_BYTES + 1); // sparse: nothing is written to disk
    const answer = await call('document.read', { path: 'huge.extopo.json' });
    expect(answer.status).toBe(422);
    expect(answer.body.error?.message).toMatch(/the file is 64\.0 MB, more than the 64\.0 MB a design file may have/);
    expect(answer.body.error?.message).toContain(big);
  });

  it('the CLI refuses /dev/zero at once (before reading a byte) and an oversized file, exit 2', async () => {
    const run = async (args: string[]) => {
      let stderr = '';
      const io: CliIo = { stdout: () => undefined, stderr: (t) => (stderr += t), cwd: root };
      const started = performance.now();
      const code = await (args[0] === 'validate' ? validateCommand : runbookCommand).run(args.slice(1), io);
      return { code, stderr, ms: performance.now() - started };
    };
    if (posix) {
      for (const command of ['validate', 'runbook']) {
        const r = await run([command, '/dev/zero']);
        expect(r.code, command).toBe(2);
        expect(r.stderr, command).toMatch(/character device, not a regular file/);
        expect(r.ms, command).toBeLessThan(1000); // it used to read 512 MB first
      }
    }
    const big = join(root, 'huge.extopo.json');
    await writeFile(big, '');
    await truncate(big, MAX_FILE_BYTES + 1024);
    const r = await run(['runbook', big, '--format', 'md']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/more than the 64\.0 MB a design file may have/);
    const v = await run(['validate', big]);
    expect(v.code).toBe(2);
    expect(v.stderr).toMatch(/more than the 64\.0 MB/);
  });
});
