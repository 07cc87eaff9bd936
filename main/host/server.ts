// The browser host: the renderer served over http://127.0.0.1 with the same services as the Electron shell.
//
//   GET  /…                       the built renderer (out/renderer), with the CSP and other security headers
//   POST /api/<channel>           JSON request → the shared service registry → JSON answer
//   GET  /api/events?token=…      Server-Sent Events ('run' progress; 'menu' stays inside the page)
//
// Only this page may call the API: every API call needs the per-launch token (header X-ExTopo-Token; the query
// for EventSource, which cannot send headers), the Host header must name this host (DNS rebinding), and any Origin
// other than the host's own is refused (403), as is a cross-site Sec-Fetch-Site.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, promises as fs } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { IpcValidationError } from '../../shared/ipc/contract';
import { isKnownChannel } from '../ipc/channels';
import type { EventName } from '../ipc/channels';
import { ServiceError, toWireError, UnknownChannelError } from '../ipc/errors';
import { dispatch } from '../ipc/registry';
import type { ServiceRegistry } from '../ipc/registry';
import { SECURITY_HEADERS } from './csp';

export const TOKEN_HEADER = 'x-extopo-token';
export const HOST_ADDRESS = '127.0.0.1';
/** A design file may be 64 MB; as a JSON string value its escapes can add a good share on top. */
export const DEFAULT_MAX_BODY_BYTES = 96 * 1024 * 1024;
const SSE_KEEPALIVE_MS = 25_000;
/** Retry-After of a 503 (e.g. the export queue is full): an export takes seconds. */
const BUSY_RETRY_AFTER_SECONDS = 5;

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

export interface BrowserHostOptions {
  /** 0 (default) picks a free port. */
  readonly port?: number;
  /** The built renderer (index.html and assets). */
  readonly rendererDir: string;
  readonly services: ServiceRegistry;
  readonly maxBodyBytes?: number;
  /** Fixed token (tests); default: 32 random bytes per launch. */
  readonly token?: string;
}

export interface BrowserHost {
  /** The page URL with its token: what `extopo serve` prints and opens. */
  readonly url: string;
  readonly origin: string;
  readonly token: string;
  readonly port: number;
  /** Pushes an event to every connected page. */
  readonly broadcast: (event: EventName, payload: unknown) => void;
  readonly close: () => Promise<void>;
}

export async function startHttpHost(options: BrowserHostOptions): Promise<BrowserHost> {
  const token = options.token ?? randomBytes(32).toString('base64url');
  const tokenBytes = Buffer.from(token, 'utf8');
  const rendererDir = resolve(options.rendererDir);
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const streams = new Set<ServerResponse>();
  let port = 0;

  const allowedHosts = (): Set<string> => new Set([`${HOST_ADDRESS}:${port}`, `localhost:${port}`]);
  const allowedOrigins = (): Set<string> => new Set([`http://${HOST_ADDRESS}:${port}`, `http://localhost:${port}`]);

  const tokenMatches = (candidate: string | undefined): boolean => {
    if (!candidate) return false;
    const bytes = Buffer.from(candidate, 'utf8');
    return bytes.length === tokenBytes.length && timingSafeEqual(bytes, tokenBytes);
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: toWireError(error) });
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    if (!allowedHosts().has(req.headers.host ?? '')) {
      sendJson(res, 403, { error: { message: 'Refused: the Host header does not name this ExTopo host.' } });
      return;
    }
    let url: URL;
    try {
      url = new URL(req.url ?? '/', `http://${HOST_ADDRESS}:${port}`);
    } catch {
      sendJson(res, 400, { error: { message: 'Malformed URL: the request target is not a valid path.' } });
      return;
    }
    if (url.pathname === '/api' || url.pathname.startsWith('/api/')) {
      await handleApi(req, res, url);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      sendJson(res, 405, { error: { message: `Method ${req.method ?? '?'} is not allowed here.` } });
      return;
    }
    await serveStatic(req, res, url.pathname);
  }

  async function handleApi(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    res.setHeader('Cache-Control', 'no-store');
    const origin = req.headers.origin;
    if ((origin !== undefined && !allowedOrigins().has(origin)) || req.headers['sec-fetch-site'] === 'cross-site') {
      sendJson(res, 403, { error: { message: `Refused: cross-origin request${origin ? ` from ${origin}` : ''}.` } });
      return;
    }
    if (url.pathname === '/api/events') {
      if (req.method !== 'GET') {
        sendJson(res, 405, { error: { message: 'Use GET for /api/events.' } });
        return;
      }
      if (!tokenMatches(url.searchParams.get('token') ?? undefined)) {
        sendJson(res, 401, { error: { message: 'Missing or wrong token: open the URL printed by "extopo serve".' } });
        return;
      }
      openEventStream(req, res);
      return;
    }
    const header = req.headers[TOKEN_HEADER];
    if (!tokenMatches(typeof header === 'string' ? header : undefined)) {
      sendJson(res, 401, { error: { message: 'Missing or wrong token: open the URL printed by "extopo serve".' } });
      return;
    }
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'POST');
      sendJson(res, 405, { error: { message: 'API calls use POST with a JSON body.' } });
      return;
    }
    let channel: string;
    try {
      channel = decodeURIComponent(url.pathname.slice('/api/'.length));
    } catch {
      sendJson(res, 400, { error: { message: `Malformed URL "${url.pathname.slice(0, 200)}": its percent-escapes are not valid UTF-8. API calls go to /api/<channel>, e.g. /api/app.info.` } });
      return;
    }
    if (!isKnownChannel(channel)) {
      sendJson(res, 404, { error: toWireError(new UnknownChannelError(channel)) });
      return;
    }
    const contentType = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (contentType !== 'application/json') {
      sendJson(res, 415, { error: { message: 'API calls need Content-Type: application/json.' } });
      return;
    }
    const body = await readBody(req, maxBodyBytes);
    if (body === 'too-large') {
      sendJson(res, 413, { error: { message: `The request is larger than ${Math.round(maxBodyBytes / (1024 * 1024))} MB.` } }, true);
      return;
    }
    let payload: unknown;
    try {
      payload = body.length ? JSON.parse(body.toString('utf8')) : {};
    } catch (error) {
      sendJson(res, 400, { error: { message: `The request body is not valid JSON: ${error instanceof Error ? error.message : String(error)}` } });
      return;
    }
    try {
      const result = await dispatch(options.services, channel, payload);
      sendJson(res, 200, { result });
    } catch (error) {
      const status = statusFor(error);
      if (status === 503) res.setHeader('Retry-After', String(BUSY_RETRY_AFTER_SECONDS));
      sendJson(res, status, { error: toWireError(error) });
    }
  }

  function openEventStream(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
    res.write(': connected\n\nevent: ready\ndata: {}\n\n');
    streams.add(res);
    const keepalive = setInterval(() => res.write(': keepalive\n\n'), SSE_KEEPALIVE_MS);
    keepalive.unref();
    const drop = (): void => {
      clearInterval(keepalive);
      streams.delete(res);
    };
    req.on('close', drop);
    res.on('close', drop);
  }

  async function serveStatic(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
    let relative: string;
    try {
      relative = decodeURIComponent(pathname);
    } catch {
      sendJson(res, 400, { error: { message: 'Malformed URL.' } });
      return;
    }
    if (relative.includes('\0')) {
      sendJson(res, 400, { error: { message: 'Malformed URL.' } });
      return;
    }
    if (relative === '/' || relative === '') relative = '/index.html';
    const file = normalize(join(rendererDir, relative));
    if (file !== rendererDir && !file.startsWith(rendererDir + sep)) {
      sendJson(res, 404, { error: { message: 'Not found.' } });
      return;
    }
    let size: number;
    try {
      const stat = await fs.stat(file);
      if (!stat.isFile()) throw new Error('not a file');
      size = stat.size;
    } catch {
      if (relative === '/favicon.ico') {
        res.writeHead(204, { 'Cache-Control': 'public, max-age=86400' }).end(); // browsers ask on their own
        return;
      }
      sendJson(res, 404, { error: { message: `Not found: ${relative}` } });
      return;
    }
    const type = CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
    res.writeHead(200, {
      'Content-Type': type,
      'Content-Length': String(size),
      // Hashed assets never change; the page itself is always fetched fresh.
      'Cache-Control': extname(file) === '.html' ? 'no-store' : 'public, max-age=31536000, immutable',
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    createReadStream(file).on('error', () => res.destroy()).pipe(res);
  }

  await new Promise<void>((resolveListen, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(options.port ?? 0, HOST_ADDRESS, () => {
      server.off('error', rejectListen);
      resolveListen();
    });
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://${HOST_ADDRESS}:${port}`;

  return {
    url: `${origin}/?token=${encodeURIComponent(token)}`,
    origin,
    token,
    port,
    broadcast(event, payload) {
      const frame = `event: ${event}\ndata: ${JSON.stringify(payload ?? null)}\n\n`;
      for (const stream of streams) stream.write(frame);
    },
    close: () =>
      new Promise<void>((resolveClose) => {
        for (const stream of streams) stream.end();
        streams.clear();
        server.close(() => resolveClose());
        server.closeAllConnections();
      }),
  };
}

function statusFor(error: unknown): number {
  if (error instanceof IpcValidationError) return 400;
  if (error instanceof UnknownChannelError) return 404;
  if (error instanceof ServiceError) return error.kind === 'forbidden' ? 403 : error.kind === 'not-found' ? 404 : error.kind === 'busy' ? 503 : 422;
  if (Array.isArray((error as { problems?: unknown } | null)?.problems)) return 422; // e.g. the exporters' ExportError
  return 500;
}

function sendJson(res: ServerResponse, status: number, body: unknown, closeConnection = false): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(text)),
    'Cache-Control': 'no-store',
    ...(closeConnection ? { Connection: 'close' } : {}),
  });
  res.end(text);
}

/** The body, or 'too-large' as soon as it passes the limit (the rest is not buffered). */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | 'too-large'> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    return Promise.resolve('too-large');
  }
  return new Promise((resolveBody, rejectBody) => {
    const chunks: Buffer[] = [];
    let total = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      if (over) return;
      total += chunk.length;
      if (total > limit) {
        over = true;
        chunks.length = 0;
        resolveBody('too-large');
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!over) resolveBody(Buffer.concat(chunks));
    });
    req.on('error', rejectBody);
  });
}
