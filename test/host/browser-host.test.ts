// The browser host over real HTTP on 127.0.0.1: token, origin and host checks, payload validation, the document,
// template, autosave and export services, static files with the CSP, and Server-Sent Events.
import { request as httpRequest } from 'node:http';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleText } from '../fixtures/designs';
import { startBrowserHost } from '../../main/host';
import type { BrowserHost } from '../../main/host';
import { CONTENT_SECURITY_POLICY } from '../../main/host/csp';
import type { ExportRunbook } from '../../main/services';
import { ApiError, createHttpApi } from '../../renderer/api/client';
import { loadDesignText } from '../../shared/model/load';

let root: string;
let documentsDir: string;
let host: BrowserHost;
const exports: Array<{ format: string; designPath?: string }> = [];

/** Stands in for main/exporters: a runbook "file" naming the format, or the exporters' error shape. */
const fakeExport: ExportRunbook = async ({ format, text, designPath }) => {
  exports.push({ format, ...(designPath ? { designPath } : {}) });
  if (text.includes('FAIL')) throw Object.assign(new Error('Cannot export the runbook: the design has 1 error.\n  - nlb.dag-conflict: EXA'), { problems: ['nlb.dag-conflict: EXA'] });
  return { fileName: `design-runbook.${format}`, bytes: new TextEncoder().encode(`runbook as ${format}`) };
};

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'extopo-host-'));
  documentsDir = join(root, 'documents');
  const rendererDir = join(root, 'renderer');
  await mkdir(join(rendererDir, 'assets'), { recursive: true });
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>ExTopo</title><script type="module" src="./assets/app.js"></script>');
  await writeFile(join(rendererDir, 'assets', 'app.js'), 'console.log("ExTopo")');
  await writeFile(join(root, 'outside.extopo.json'), exampleText('seed-lab'));
  host = await startBrowserHost({ rendererDir, documentsDir, exportRunbook: fakeExport, maxBodyBytes: 2 * 1024 * 1024 });
});

afterAll(async () => {
  await host.close();
  await rm(root, { recursive: true, force: true });
});

async function call(channel: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: { result?: unknown; error?: { message: string; problems?: string[] } } }> {
  const res = await fetch(`${host.origin}/api/${channel}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-ExTopo-Token': host.token, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as { result?: unknown; error?: { message: string; problems?: string[] } } };
}

/** A raw request, for headers fetch will not let a caller set (Host). */
function raw(path: string, headers: Record<string, string>, method = 'POST'): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: host.port, path, method, headers: { 'Content-Type': 'application/json', ...headers } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end(method === 'POST' ? '{}' : undefined);
  });
}

describe('launch', () => {
  it('listens on 127.0.0.1 only, with a long random token in the URL', () => {
    expect(host.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(host.url).toBe(`${host.origin}/?token=${host.token}`);
    expect(host.token.length).toBeGreaterThanOrEqual(43);
  });
});

describe('API guard', () => {
  it('answers 401 without the token or with a wrong one', async () => {
    const none = await fetch(`${host.origin}/api/app.info`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    expect(none.status).toBe(401);
    expect(((await none.json()) as { error: { message: string } }).error.message).toMatch(/token/);
    expect((await call('app.info', {}, { 'X-ExTopo-Token': `${host.token.slice(0, -1)}x` })).status).toBe(401);
    expect((await call('app.info', {}, { 'X-ExTopo-Token': '' })).status).toBe(401);
  });

  it('refuses cross-origin calls with 403, even with the token', async () => {
    const evil = await call('document.list', {}, { Origin: 'http://evil.example' });
    expect(evil.status).toBe(403);
    expect(evil.body.error?.message).toMatch(/cross-origin/);
    expect((await call('document.list', {}, { Origin: `http://127.0.0.1:${host.port + 1}` })).status).toBe(403);
    expect((await call('document.list', {}, { 'Sec-Fetch-Site': 'cross-site' })).status).toBe(403);
    expect((await call('document.list', {}, { Origin: host.origin })).status).toBe(200);
  });

  it('refuses a Host header that does not name this host (DNS rebinding)', async () => {
    expect(await raw('/api/app.info', { Host: `attacker.example:${host.port}`, 'X-ExTopo-Token': host.token })).toBe(403);
    expect(await raw('/api/app.info', { Host: `localhost:${host.port}`, 'X-ExTopo-Token': host.token })).toBe(200);
  });

  it('answers 404 for an unknown channel, 405 for GET, 415 without JSON', async () => {
    const unknown = await call('fs.readFile', {});
    expect(unknown.status).toBe(404);
    expect(unknown.body.error?.message).toMatch(/Unknown channel "fs.readFile"/);
    expect((await fetch(`${host.origin}/api/app.info`, { headers: { 'X-ExTopo-Token': host.token } })).status).toBe(405);
    expect((await call('app.info', '{}', { 'Content-Type': 'text/plain' })).status).toBe(415);
  });

  it('answers 400 with the validation problems for an invalid payload, and for broken JSON', async () => {
    const invalid = await call('document.write', { path: '', text: 5 });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error?.message).toBe('Invalid request on "document.write" (2 problems)');
    expect(invalid.body.error?.problems).toEqual([expect.stringMatching(/^path: /), expect.stringMatching(/^text: /)]);
    const extra = await call('app.info', { surprise: 1 });
    expect(extra.status).toBe(400);
    const broken = await call('app.info', '{"oops"');
    expect(broken.status).toBe(400);
    expect(broken.body.error?.message).toMatch(/not valid JSON/);
  });

  it('refuses a body over the size limit with 413', async () => {
    const big = await call('autosave.write', { key: 'big', text: 'x'.repeat(3 * 1024 * 1024) });
    expect(big.status).toBe(413);
    expect(await call('app.info', {})).toMatchObject({ status: 200 });
  });
});

describe('services over HTTP', () => {
  it('tells the page it runs in the browser host, with its documents folder', async () => {
    expect((await call('app.info', {})).body.result).toMatchObject({ shell: 'browser', documentsDir });
  });

  it('lists templates and hands out one that loads', async () => {
    const list = (await call('templates.list', {})).body.result as Array<{ name: string; title: string }>;
    expect(list.map((t) => t.name)).toEqual(expect.arrayContaining(['blank', 'seed-lab', 'minimal-ha']));
    const template = (await call('templates.get', { name: 'minimal-ha' })).body.result as { text: string };
    expect(loadDesignText(template.text).ok).toBe(true);
    expect((await call('templates.get', { name: 'nope' })).status).toBe(404);
  });

  it('saves a design (save-as path in the documents folder), reads it back, lists it and keeps a .bak', async () => {
    expect((await call('document.openDialog', {})).body.result).toBeNull();
    const target = (await call('document.saveDialog', { suggestedName: 'Seed lab', format: 'design' })).body.result as { path: string };
    expect(target.path).toBe(join(documentsDir, 'Seed lab.extopo.json'));
    const first = exampleText('seed-lab');
    const second = exampleText('minimal-ha');
    const saved = await call('document.write', { path: target.path, text: first });
    expect(saved).toMatchObject({ status: 200, body: { result: { path: target.path } } });
    await call('document.write', { path: target.path, text: second });
    expect((await call('document.read', { path: target.path })).body.result).toEqual({ path: target.path, text: second });
    expect(await readFile(`${target.path}.bak`, 'utf8')).toBe(first);
    expect((await readdir(documentsDir)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    const list = (await call('document.list', {})).body.result as Array<{ name: string }>;
    expect(list.map((d) => d.name)).toContain('Seed lab.extopo.json');
    expect(list.map((d) => d.name)).not.toContain('Seed lab.extopo.json.bak');
    expect((await call('document.recent', {})).body.result).toEqual([target.path]);
  });

  it('refuses to save a design that would not load (422 with problems)', async () => {
    const answer = await call('document.write', { path: join(documentsDir, 'bad.extopo.json'), text: '{"formatVersion": 2}' });
    expect(answer.status).toBe(422);
    expect(answer.body.error?.message).toMatch(/was not saved/);
    expect(answer.body.error?.problems?.length).toBeGreaterThan(0);
  });

  it('keeps reads and writes inside the documents folder (403)', async () => {
    expect((await call('document.read', { path: join(root, 'outside.extopo.json') })).status).toBe(403);
    expect((await call('document.read', { path: '../outside.extopo.json' })).status).toBe(403);
    expect((await call('document.write', { path: join(root, 'x.extopo.json'), text: exampleText('seed-lab') })).status).toBe(403);
    expect((await call('export.runbook', { format: 'md', text: '{}', path: '/etc/extopo.md' })).status).toBe(403);
  });

  it('autosaves, lists, reads and clears', async () => {
    const write = await call('autosave.write', { key: 'untitled', text: exampleText('seed-lab') });
    expect(write.status).toBe(200);
    expect((await call('autosave.list', {})).body.result).toEqual([{ key: 'untitled', savedAt: (write.body.result as { savedAt: string }).savedAt, title: 'Seed lab: CAS array with Windows NLB' }]);
    expect((await call('autosave.read', { key: 'untitled' })).body.result).toEqual({ key: 'untitled', text: exampleText('seed-lab') });
    expect((await call('autosave.clear', { key: 'untitled' })).body.result).toEqual({ cleared: true });
    expect((await call('autosave.list', {})).body.result).toEqual([]);
    expect((await call('autosave.read', { key: 'untitled' })).body.result).toBeNull();
  });

  it('exports a runbook: bytes as base64, written to the documents folder when a path is given', async () => {
    const path = join(documentsDir, 'lab-runbook.md');
    const answer = await call('export.runbook', { format: 'md', text: exampleText('seed-lab'), designPath: join(documentsDir, 'lab.extopo.json'), path });
    expect(answer.body.result).toEqual({ fileName: 'design-runbook.md', path, base64: Buffer.from('runbook as md').toString('base64'), bytes: 13 });
    expect(await readFile(path, 'utf8')).toBe('runbook as md');
    expect(exports.at(-1)).toEqual({ format: 'md', designPath: join(documentsDir, 'lab.extopo.json') });
    const failed = await call('export.runbook', { format: 'pdf', text: 'FAIL' });
    expect(failed.status).toBe(422);
    expect(failed.body.error).toEqual({ message: 'Cannot export the runbook: the design has 1 error.', problems: ['nlb.dag-conflict: EXA'] });
  });

  it('answers window.setState (nothing to do in a browser)', async () => {
    expect((await call('window.setState', { title: 'Seed lab', dirty: true })).body.result).toEqual({ ok: true });
  });
});

describe('renderer HTTP client', () => {
  it('returns results and throws ApiError with the message and problems', async () => {
    const api = createHttpApi({ baseUrl: host.origin, token: host.token });
    expect((await api.invoke('app.info', {})).shell).toBe('browser');
    const error = await api.invoke('document.read', { path: '' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(400);
    expect((error as ApiError).summary).toBe('Invalid request on "document.read" (1 problem)');
    expect((error as ApiError).message).toMatch(/^Invalid request on "document.read" \(1 problem\)\n• path: /);
    const wrongToken = createHttpApi({ baseUrl: host.origin, token: 'wrong' });
    await expect(wrongToken.invoke('app.info', {})).rejects.toThrow(/Missing or wrong token/);
  });
});

describe('static files', () => {
  it('serves the renderer with the CSP and security headers', async () => {
    const page = await fetch(`${host.origin}/?token=${host.token}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(await page.text()).toContain('<title>ExTopo</title>');
    const script = await fetch(`${host.origin}/assets/app.js`);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });

  it('renderer/index.html carries the same policy as a meta tag (frame-ancestors only works as a header)', async () => {
    const html = await readFile(new URL('../../renderer/index.html', import.meta.url), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    const headerWithoutFraming = CONTENT_SECURITY_POLICY.split('; ').filter((d) => !d.startsWith('frame-ancestors')).join('; ');
    expect(meta).toBe(headerWithoutFraming);
    expect(meta).not.toMatch(/'unsafe-eval'|https?:/);
  });

  it('never serves files outside the renderer folder', async () => {
    for (const path of ['/../outside.extopo.json', '/%2e%2e/outside.extopo.json', '/assets/..%2f..%2foutside.extopo.json', '/nope.js']) {
      expect((await fetch(`${host.origin}${path}`)).status, path).toBe(404);
    }
    // Sent as-is (fetch would normalise the dots away):
    for (const path of ['/../outside.extopo.json', '/assets/../../outside.extopo.json', '/..%5c..%5coutside.extopo.json', '/%00index.html']) {
      expect(await raw(path, { Host: `127.0.0.1:${host.port}` }, 'GET'), path).toBeGreaterThanOrEqual(400);
    }
    expect(await raw('/index.html', { Host: `127.0.0.1:${host.port}` }, 'GET')).toBe(200);
    expect((await fetch(`${host.origin}/`, { method: 'POST' })).status).toBe(405);
  });
});

describe('Server-Sent Events', () => {
  it('needs the token, then streams "run" events the host broadcasts', async () => {
    expect((await fetch(`${host.origin}/api/events`)).status).toBe(401);
    expect((await fetch(`${host.origin}/api/events?token=${host.token}`, { headers: { Origin: 'http://evil.example' } })).status).toBe(403);
    const controller = new AbortController();
    const res = await fetch(`${host.origin}/api/events?token=${encodeURIComponent(host.token)}`, { signal: controller.signal });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let text = '';
    const readUntil = async (needle: string): Promise<void> => {
      while (!text.includes(needle)) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`stream ended before "${needle}"`);
        text += decoder.decode(value, { stream: true });
      }
    };
    await readUntil('event: ready');
    host.broadcast('run', { step: 'prereqs-ex3', status: 'running' });
    await readUntil('event: run');
    await readUntil('}\n\n');
    expect(text).toContain('event: run\ndata: {"step":"prereqs-ex3","status":"running"}\n\n');
    controller.abort();
  });
});
