// The host double's endpoint: a loopback HTTP server of the process that runs a pwsh rehearsal. Every double cmdlet,
// program and provider call posts here (protocol.ts); the handler families act on the lab world, which is saved after
// every call that may have changed it (like the TypeScript lab saves after every step).
//
// Only 127.0.0.1, a random port, and a per-run bearer token (compared in constant time) that reaches the pwsh
// processes through their environment: another local user cannot drive the world.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { findHost } from '../state';
import { connectionDropped } from '../transport';
import type { LabHost } from '../state';
import type { LabWorld } from '../world';
import { DoubleParams } from './context';
import type { DoubleContext, DoubleHandler, DoubleHandlers } from './context';
import { DoubleError, doubleRequestSchema } from './protocol';
import type { DoubleObject, DoubleReply, DoubleRequest } from './protocol';

/** Requests larger than this are refused (a double call carries parameters, not payloads). */
const MAX_BODY_BYTES = 4 * 1024 * 1024;

/** What a lane is doing now: the executor's step (for faults that strike during a step) and whether it is a dry run. */
export interface LaneActivity {
  readonly stepId: string;
  readonly mode: 'run' | 'check';
}

/** One call as it was served: for tests and the run's log ("which cmdlets did this step really call"). */
export interface DoubleCallRecord {
  readonly host: string;
  readonly lane: 'host' | 'ems';
  readonly kind: DoubleRequest['kind'];
  readonly command: string;
  readonly parameters: DoubleRequest['parameters'];
  readonly stepId: string;
  readonly mode: 'run' | 'check' | '';
  readonly ok: boolean;
}

export interface DoubleServerOptions {
  readonly world: LabWorld;
  /** Handler families by request kind; later families win on the same name. */
  readonly handlers: { readonly cmdlet: DoubleHandlers; readonly native: DoubleHandlers; readonly provider: DoubleHandlers };
  /** Restart length for hosts the double restarts (ms). */
  readonly restartMs: number;
}

const EMPTY_REPLY = { output: [], lines: [], warnings: [], exitCode: null, error: null } as const;

function lookup(table: DoubleHandlers, name: string): DoubleHandler | undefined {
  const direct = table[name];
  if (direct) return direct;
  const lower = name.toLowerCase();
  const key = Object.keys(table).find((k) => k.toLowerCase() === lower);
  return key ? table[key] : undefined;
}

export class DoubleServer {
  readonly #options: DoubleServerOptions;
  readonly #token = randomBytes(32).toString('base64url');
  readonly #activity = new Map<string, LaneActivity>();
  readonly #calls: DoubleCallRecord[] = [];
  #server: Server | null = null;
  #url = '';

  constructor(options: DoubleServerOptions) {
    this.#options = options;
  }

  get url(): string {
    return this.#url;
  }

  /** The bearer token the pwsh processes send (passed to them through their environment only). */
  get token(): string {
    return this.#token;
  }

  /** Every call served so far, in order. */
  get calls(): readonly DoubleCallRecord[] {
    return this.#calls;
  }

  async start(): Promise<void> {
    if (this.#server) return;
    const server = createServer((req, res) => {
      this.#handle(req, res).catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(`host double failure: ${(error as Error).message}`);
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    this.#server = server;
    this.#url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    const server = this.#server;
    this.#server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Tells the double what a lane is doing now (set before each step's check or script, cleared after). */
  setActivity(host: string, lane: 'host' | 'ems', activity: LaneActivity | null): void {
    const key = `${lane}:${host.toLowerCase()}`;
    if (activity) this.#activity.set(key, activity);
    else this.#activity.delete(key);
  }

  #authorized(req: IncomingMessage): boolean {
    const header = req.headers.authorization ?? '';
    const expected = Buffer.from(`Bearer ${this.#token}`);
    const given = Buffer.from(header);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'POST' || req.url !== '/call') {
      res.writeHead(404).end();
      return;
    }
    if (!this.#authorized(req)) {
      res.writeHead(401).end();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > MAX_BODY_BYTES) {
        res.writeHead(413).end();
        return;
      }
      chunks.push(chunk as Buffer);
    }
    let body: unknown;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      res.writeHead(400, { 'content-type': 'text/plain' }).end('not JSON');
      return;
    }
    const parsed = doubleRequestSchema.safeParse(body);
    if (!parsed.success) {
      res.writeHead(400, { 'content-type': 'text/plain' }).end(`bad request: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
      return;
    }
    const reply = this.call(parsed.data);
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(reply));
  }

  /** Serves one call (also used directly by tests). */
  call(request: DoubleRequest): DoubleReply {
    const { world } = this.#options;
    const activity = this.#activity.get(`${request.lane}:${request.host.toLowerCase()}`);
    const record = (ok: boolean): void => {
      this.#calls.push({ host: request.host, lane: request.lane, kind: request.kind, command: request.command, parameters: request.parameters, stepId: activity?.stepId ?? '', mode: activity?.mode ?? '', ok });
    };
    const host = findHost(world.state, request.host);
    if (!host) {
      record(false);
      return { ...EMPTY_REPLY, error: new DoubleError(`The host double has no host ${request.host}.`, { terminating: true, transport: true }).toInfo() };
    }
    const handler = lookup(this.#options.handlers[request.kind], request.command);
    if (!handler) {
      record(false);
      return {
        ...EMPTY_REPLY,
        error: new DoubleError(`The host double defines ${request.command} but has no semantics for it yet: add a handler in main/lab/double.`, { errorId: 'ExTopoDoubleNotImplemented', terminating: true }).toInfo(),
      };
    }
    const output: DoubleObject[] = [];
    const lines: string[] = [];
    const warnings: string[] = [];
    let exitCode: number | null = null;
    try {
      this.#reachable(host, request, activity);
      this.#injected(request);
      const ctx: DoubleContext = {
        world,
        state: world.state,
        host,
        lane: request.lane,
        command: request.command,
        params: new DoubleParams(request.command, request.parameters),
        warn: (text) => warnings.push(text),
        print: (text) => lines.push(text),
        exit: (code) => {
          exitCode = code;
        },
      };
      const result = handler(ctx);
      if (result) output.push(...result);
      world.commit();
      record(true);
      return { output, lines, warnings, exitCode, error: null };
    } catch (error) {
      world.commit();
      record(false);
      const info = error instanceof DoubleError ? error.toInfo() : new DoubleError(`host double failure in ${request.command}: ${(error as Error).message}`, { terminating: true }).toInfo();
      return { output, lines, warnings, exitCode, error: info };
    }
  }

  /** The host must answer: not down for a restart, not unreachable; a restart-during fault strikes now. */
  #reachable(host: LabHost, request: DoubleRequest, activity: LaneActivity | undefined): void {
    const { world, restartMs } = this.#options;
    const dropped = (): DoubleError => new DoubleError(connectionDropped(host.name), { errorId: 'JobFailure', category: 'OpenError', terminating: true, transport: true });
    if (!world.reachable(host) || world.hostFault(host, 'unreachable')) throw dropped();
    if (activity?.mode === 'run' && request.lane === 'host') {
      const fault = world.state.faults.find((f) => f.kind === 'restart-during' && !f.fired && f.stepId === activity.stepId);
      if (fault && fault.kind === 'restart-during') {
        fault.fired = true;
        world.restart(host, restartMs);
        throw dropped();
      }
    }
  }

  #injected(request: DoubleRequest): void {
    const fault = this.#options.world.state.faults.find((f) => f.kind === 'throw' && f.failed < f.times && f.command.toLowerCase() === request.command.toLowerCase());
    if (fault && fault.kind === 'throw') {
      fault.failed += 1;
      throw new DoubleError(`Injected fault: ${request.command} failed (${fault.failed} of ${fault.times}).`, { errorId: 'ExTopoInjectedFault', category: 'InvalidOperation', terminating: true });
    }
  }
}
