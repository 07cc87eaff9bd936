// One long-lived local PowerShell process (node-powershell 5), loaded with ExTopo's driver (scripts.ts), through which
// the transport reaches remote hosts. It
// - starts lazily, with a clear error when PowerShell is missing or does not answer like PowerShell;
// - runs one request at a time, passing output lines live (from node-powershell's stdout stream) and parsing the
//   driver's result line;
// - on a timeout or an abort KILLS the process (node-powershell's own invocationTimeout would leave the command
//   running in the shell and its output readers attached) and starts a fresh one on the next request, re-sending the
//   credentials under a new key — PSSessions of the killed process are gone, and a remote command may still be
//   running on its host;
// - starts again after the process died on its own.
import { PowerShell } from 'node-powershell';
import type { InvocationResult } from 'node-powershell';
import { z } from 'zod';
import type { Credential } from '../../executor/transport';
import { newSessionKey, seal } from './channel';
import { PowerShellNotFoundError, resolveExecutable } from './executable';
import { OUTPUT_PREFIX, RESULT_TAG, SESSION_KEY_VARIABLE, bootstrapCommand, requestCommand } from './scripts';
import type { DriverRequest, DriverTag, RemotingAuthentication } from './scripts';

export const DEFAULT_START_TIMEOUT_MS = 60_000;
/** How long close() lets the driver remove its PSSessions before the process is ended. */
export const CLOSE_GRACE_MS = 15_000;
const KILL_WAIT_MS = 5_000;
/** How much of the process's last stderr an exit message quotes. */
const STDERR_TAIL_CHARS = 1_000;
/** The oldest local PowerShell the driver is written for. */
export const MIN_POWERSHELL_MAJOR = 5;
/** node-powershell's framing lines: 16 characters of [0-9A-Za-z]. */
const FRAMING_LINE_RE = /^[0-9A-Za-z]{16}$/;

/** One line of output: a driver stream (o output, w warning, v verbose, e error) or 'host' for direct host output. */
export interface SessionLine {
  readonly tag: DriverTag | 'host';
  readonly text: string;
}

export interface DriverError {
  readonly message: string;
  readonly id: string;
  readonly category: string;
  /** InvocationInfo.Line of the error record ('' when unknown). */
  readonly line: string;
  /** The remote computer the error came from ('' when local). */
  readonly computer: string;
  /** The error is a remoting transport failure (connection refused, lost, timed out). */
  readonly transport: boolean;
}

export type CallPhase = 'connect' | 'run' | 'request';

export type CallOutcome =
  | { readonly status: 'ok'; readonly value: unknown; readonly lines: readonly SessionLine[] }
  | { readonly status: 'failed'; readonly phase: CallPhase; readonly error: DriverError; readonly lines: readonly SessionLine[] }
  /** The process answered something that is not a driver result. */
  | { readonly status: 'no-result'; readonly message: string; readonly lines: readonly SessionLine[] }
  | { readonly status: 'timeout'; readonly afterMs: number }
  | { readonly status: 'aborted'; readonly reason: unknown }
  /** The process ended during the call. */
  | { readonly status: 'exited'; readonly message: string };

export interface CallOptions {
  readonly signal?: AbortSignal;
  /** Kill and restart the process when the call takes longer (0 or absent: no limit). */
  readonly timeoutMs?: number;
  /** Each output line as it arrives. */
  readonly onLine?: (line: SessionLine) => void;
  /** The credential the request names (sent to the process first when it has not seen it). */
  readonly credential?: { readonly id: string; readonly value: Credential };
}

export interface PowerShellSessionOptions {
  /** Path or command name of PowerShell; defaults to NODE_POWERSHELL, then powershell (Windows) / pwsh. */
  readonly executable?: string;
  /** Remoting to hosts over HTTPS (5986) instead of HTTP (5985). */
  readonly useSsl?: boolean;
  /** New-PSSession -Authentication for host sessions ('Default' leaves it to WinRM: Kerberos in a domain). */
  readonly authentication?: RemotingAuthentication;
  readonly startTimeoutMs?: number;
  /**
   * PowerShell run in every new process of this session right after the driver loads (again after a restart):
   * the host double uses it to make the process stand in for its host.
   */
  readonly initScript?: string;
  /** The environment the process starts with (default: ExTopo's own); the session key is added to it. */
  readonly env?: NodeJS.ProcessEnv;
}

export interface PowerShellInfo {
  readonly executable: string;
  readonly version: string;
  readonly edition: string;
  readonly os: string;
}

export class PowerShellStartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PowerShellStartError';
  }
}

/** node-powershell, told exactly which file to start (its own lookup lets NODE_POWERSHELL override the option). */
class DriverShell extends PowerShell {
  protected override setExecutable(options: { readonly executable?: string }): string {
    return options.executable ?? '';
  }
}

/** node-powershell keeps the exit of the process in a private promise that rejects when the process fails to spawn. */
function exitPromiseOf(shell: PowerShell): Promise<void> | undefined {
  const candidate = (shell as unknown as { readonly exitPromise?: unknown }).exitPromise;
  return candidate instanceof Promise ? (candidate as Promise<void>) : undefined;
}

const driverErrorSchema = z.object({
  message: z.string().catch(''),
  id: z.string().catch(''),
  category: z.string().catch(''),
  line: z.string().catch(''),
  computer: z.string().catch(''),
  transport: z.boolean().catch(false),
});

const driverResultSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), phase: z.enum(['connect', 'run', 'request']).catch('request'), error: driverErrorSchema }),
]);

const helloSchema = z.object({ version: z.string(), edition: z.string().catch(''), os: z.string().catch('') });

function bufferText(value: unknown): string {
  if (value === undefined || value === null) return '';
  return Buffer.isBuffer(value) ? value.toString('utf8') : String(value);
}

/** A stdout line as the driver meant it: null for framing and result lines. */
export function classifyLine(line: string): SessionLine | null {
  if (line.startsWith(OUTPUT_PREFIX)) {
    const tag = line.charAt(OUTPUT_PREFIX.length);
    const rest = line.slice(OUTPUT_PREFIX.length + 2);
    if (tag === RESULT_TAG) return null;
    if (tag === 'o' || tag === 'w' || tag === 'v' || tag === 'e') return { tag, text: rest };
  }
  if (FRAMING_LINE_RE.test(line)) return null;
  return { tag: 'host', text: line };
}

/**
 * Terminal control sequences (CSI/OSC escapes). PowerShell 7 on Linux writes keypad-mode switches such as ESC[?1h
 * ESC[?1l before its output even with redirected streams; they are not part of any line the driver meant.
 */
// eslint-disable-next-line no-control-regex
const TERMINAL_ESCAPE_RE = /\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)|[=>])/g;

function splitLines(text: string): string[] {
  const lines = text.replace(TERMINAL_ESCAPE_RE, '').split(/\r?\n/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

function spawnErrorMessage(error: unknown, executable: string): string {
  const original = (error as { readonly originalError?: NodeJS.ErrnoException }).originalError;
  const code = original?.code;
  if (code === 'ENOENT') return `PowerShell (${executable}) was not found on this machine: install PowerShell 7 or run ExTopo on Windows.`;
  if (code === 'EACCES') return `PowerShell (${executable}) could not be started: permission denied. Check that the file is executable.`;
  const exitCode = (error as { readonly exitCode?: number | null }).exitCode;
  const signal = (error as { readonly signalCode?: string | null }).signalCode;
  const detail = original?.message ? `: ${original.message.trim()}` : '';
  if (typeof exitCode === 'number') return `PowerShell (${executable}) exited with code ${exitCode}${detail}.`;
  if (signal) return `PowerShell (${executable}) was ended by ${signal}${detail}.`;
  const text = error instanceof Error ? error.message : String(error);
  return `PowerShell (${executable}) ended unexpectedly: ${text.replace(/\nundefined$/, '').trim()}`;
}

export class PowerShellSession {
  readonly #options: PowerShellSessionOptions;
  #shell: DriverShell | null = null;
  #executable = '';
  #starting: Promise<PowerShellInfo> | null = null;
  #info: PowerShellInfo | null = null;
  #key: Buffer | null = null;
  #exited = true;
  #exitMessage = '';
  #registered = new Set<string>();
  #live: ((line: SessionLine) => void) | null = null;
  #pending = '';
  #queue: Promise<unknown> = Promise.resolve();
  #restarts = 0;
  #closed = false;

  constructor(options: PowerShellSessionOptions = {}) {
    this.#options = options;
  }

  /** Processes started after the first (timeouts, aborts, crashes). */
  get restarts(): number {
    return this.#restarts;
  }

  /** Whether a PowerShell process is running now. */
  get running(): boolean {
    return this.#shell !== null && !this.#exited;
  }

  get info(): PowerShellInfo | null {
    return this.#info;
  }

  /** Starts the process if it is not running (throws PowerShellNotFoundError / PowerShellStartError). */
  start(): Promise<PowerShellInfo> {
    if (this.#closed) return Promise.reject(new PowerShellStartError('This PowerShell session was closed.'));
    if (this.running && this.#info) return Promise.resolve(this.#info);
    this.#starting ??= this.#spawn().finally(() => {
      this.#starting = null;
    });
    return this.#starting;
  }

  async #spawn(): Promise<PowerShellInfo> {
    if (this.#shell !== null) {
      this.#restarts++;
      await this.#kill();
    }
    const executable = resolveExecutable(this.#options.executable, this.#options.env ?? process.env);
    this.#executable = executable;
    const key = newSessionKey();
    const env: NodeJS.ProcessEnv = { ...(this.#options.env ?? process.env), [SESSION_KEY_VARIABLE]: key.toString('base64') };
    const executableOptions: Record<string, boolean | string> = { '-NoProfile': true, '-NonInteractive': true };
    if (process.platform === 'win32') executableOptions['-ExecutionPolicy'] = 'RemoteSigned';
    const shell = new DriverShell({
      executable,
      executableOptions,
      spawnOptions: { env, windowsHide: true },
      throwOnInvocationError: false,
    });
    this.#shell = shell;
    this.#key = key;
    this.#exited = false;
    this.#exitMessage = '';
    this.#registered = new Set();
    this.#info = null;
    this.#pending = '';
    const exit = exitPromiseOf(shell);
    let stderrTail = '';
    const markExited = (error?: unknown): void => {
      if (this.#shell !== shell) return;
      this.#exited = true;
      const base = error === undefined ? `PowerShell (${executable}) exited.` : spawnErrorMessage(error, executable);
      const said = splitLines(stderrTail).filter((line) => !FRAMING_LINE_RE.test(line)).join('\n').trim();
      this.#exitMessage = said === '' ? base : `${base} It said: ${said}`;
    };
    exit?.then(() => markExited(), markExited);
    shell.streams.stdout.on('data', (chunk: string | Buffer) => {
      if (this.#shell === shell) this.#feed(bufferText(chunk));
    });
    shell.streams.stderr.on('data', (chunk: string | Buffer) => {
      stderrTail = (stderrTail + bufferText(chunk)).slice(-STDERR_TAIL_CHARS);
    });

    const hello = { op: 'hello', useSsl: this.#options.useSsl ?? false, authentication: this.#options.authentication ?? 'Default' } as const;
    const startTimeout = this.#options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS;
    const outcome = await this.#invoke(bootstrapCommand(hello).text, { timeoutMs: startTimeout });
    if (outcome.status === 'ok') {
      const parsed = helloSchema.safeParse(outcome.value);
      if (parsed.success) {
        const major = Number.parseInt(parsed.data.version, 10);
        if (Number.isFinite(major) && major < MIN_POWERSHELL_MAJOR) {
          await this.#kill();
          throw new PowerShellStartError(
            `PowerShell ${parsed.data.version} (${executable}) is too old: ExTopo needs Windows PowerShell 5.1 or PowerShell 7 on this machine.`,
          );
        }
        const info: PowerShellInfo = { executable, ...parsed.data };
        const init = this.#options.initScript ?? '';
        if (init !== '') {
          const prepared = await this.#invoke(requestCommand({ op: 'run', step: 'init', mode: 'run', target: 'local', host: 'localhost', credential: '', script: init, whatIf: false }).text, { timeoutMs: startTimeout });
          if (prepared.status !== 'ok') {
            await this.#kill();
            const why = prepared.status === 'failed' ? prepared.error.message : 'message' in prepared ? prepared.message : prepared.status;
            throw new PowerShellStartError(`PowerShell (${executable}) started, but its start-up script failed: ${why}`);
          }
        }
        this.#info = info;
        return this.#info;
      }
    }
    await this.#kill();
    if (outcome.status === 'exited') {
      if (outcome.message.includes('was not found')) throw new PowerShellNotFoundError(executable, outcome.message);
      throw new PowerShellStartError(`${outcome.message} It ended while ExTopo was loading its driver.`);
    }
    if (outcome.status === 'timeout') {
      throw new PowerShellStartError(`PowerShell (${executable}) did not answer within ${Math.round(startTimeout / 1000)} s of starting.`);
    }
    const said = outcome.status === 'failed' ? outcome.error.message : outcome.status === 'no-result' ? outcome.message : '';
    throw new PowerShellStartError(`${executable} did not answer like PowerShell when ExTopo loaded its driver${said ? `: ${said}` : '.'}`);
  }

  #feed(text: string): void {
    this.#pending += text;
    let newline = this.#pending.indexOf('\n');
    while (newline >= 0) {
      const line = this.#pending.slice(0, newline).replace(/\r$/, '');
      this.#pending = this.#pending.slice(newline + 1);
      const classified = classifyLine(line);
      if (classified && this.#live) this.#live(classified);
      newline = this.#pending.indexOf('\n');
    }
  }

  /** Runs one command on the running process: live lines, timeout/abort with kill, result parsing. */
  async #invoke(command: string, options: CallOptions): Promise<CallOutcome> {
    const shell = this.#shell;
    if (shell === null || this.#exited) return { status: 'exited', message: this.#exitMessage || 'PowerShell is not running.' };
    if (options.signal?.aborted) return { status: 'aborted', reason: options.signal.reason };
    this.#live = options.onLine ?? null;
    let timer: NodeJS.Timeout | undefined;
    let onAbort: (() => void) | undefined;
    const invocation = shell.invoke(command);
    invocation.catch(() => undefined);
    try {
      const interrupt = new Promise<CallOutcome>((resolve) => {
        const timeoutMs = options.timeoutMs ?? 0;
        if (timeoutMs > 0) timer = setTimeout(() => resolve({ status: 'timeout', afterMs: timeoutMs }), timeoutMs);
        if (options.signal) {
          const signal = options.signal;
          onAbort = () => resolve({ status: 'aborted', reason: signal.reason });
          signal.addEventListener('abort', onAbort, { once: true });
        }
      });
      const finished = invocation.then(
        (result): CallOutcome => {
          const parsed = this.#parse(result);
          // A process that ended cleanly mid-call leaves node-powershell with an empty, "successful" record.
          if (parsed.status === 'no-result' && this.#exited) return { status: 'exited', message: this.#exitMessage };
          return parsed;
        },
        (error: unknown): CallOutcome => ({ status: 'exited', message: this.#exitMessage || spawnErrorMessage(error, this.#executable) }),
      );
      const outcome = await Promise.race([finished, interrupt]);
      if (outcome.status === 'timeout' || outcome.status === 'aborted') {
        await this.#kill();
      } else if (outcome.status === 'exited') {
        this.#exited = true;
      }
      return outcome;
    } finally {
      if (timer) clearTimeout(timer);
      if (onAbort) options.signal?.removeEventListener('abort', onAbort);
      this.#live = null;
      // node-powershell keeps every command and its output in `history`: drop it (credentials travel sealed, but
      // output of a long run adds up).
      shell.history.length = 0;
    }
  }

  #parse(result: InvocationResult): CallOutcome {
    const stdout = bufferText(result.stdout);
    const stderr = bufferText(result.stderr).trim();
    const lines: SessionLine[] = [];
    let resultLine: string | null = null;
    for (const line of splitLines(stdout)) {
      if (line.startsWith(`${OUTPUT_PREFIX}${RESULT_TAG} `)) {
        resultLine = line.slice(OUTPUT_PREFIX.length + 2);
        continue;
      }
      const classified = classifyLine(line);
      if (classified) lines.push(classified);
    }
    const stderrLines: SessionLine[] = stderr === '' ? [] : splitLines(stderr).map((text) => ({ tag: 'e', text }));
    for (const line of stderrLines) this.#live?.(line);
    const all = [...lines, ...stderrLines];
    if (resultLine === null) {
      return { status: 'no-result', message: stderr || stdout.trim() || 'PowerShell printed nothing.', lines: all };
    }
    let json: unknown;
    try {
      json = JSON.parse(resultLine);
    } catch {
      return { status: 'no-result', message: `unreadable driver result: ${resultLine.slice(0, 200)}`, lines: all };
    }
    const parsed = driverResultSchema.safeParse(json);
    if (!parsed.success) return { status: 'no-result', message: `unexpected driver result: ${resultLine.slice(0, 200)}`, lines: all };
    if (parsed.data.ok) return { status: 'ok', value: parsed.data.value, lines: all };
    return { status: 'failed', phase: parsed.data.phase, error: parsed.data.error, lines: all };
  }

  /**
   * Sends one request (starting the process first when needed, and the named credential when this process has not
   * seen it). Calls are queued: one at a time per process. Throws only when PowerShell cannot be started.
   */
  call(request: DriverRequest, options: CallOptions = {}): Promise<CallOutcome> {
    const run = this.#queue.then(() => this.#call(request, options));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #call(request: DriverRequest, options: CallOptions): Promise<CallOutcome> {
    if (options.signal?.aborted) return { status: 'aborted', reason: options.signal.reason };
    await this.start();
    if (options.credential && !this.#registered.has(options.credential.id)) {
      const key = this.#key;
      if (key === null) return { status: 'exited', message: 'PowerShell is not running.' };
      const { id, value } = options.credential;
      const sealed: DriverRequest = { op: 'credential', id, user: seal(key, value.userName), password: seal(key, value.password()) };
      const registered = await this.#invoke(requestCommand(sealed).text, { signal: options.signal, timeoutMs: options.timeoutMs });
      if (registered.status !== 'ok') return registered;
      this.#registered.add(id);
    }
    return this.#invoke(requestCommand(request).text, options);
  }

  async #kill(): Promise<void> {
    const shell = this.#shell;
    if (shell === null) return;
    this.#exited = true;
    this.#key = null;
    this.#registered = new Set();
    const disposed = shell.dispose('SIGKILL').catch(() => undefined);
    await Promise.race([disposed, new Promise((resolve) => setTimeout(resolve, KILL_WAIT_MS).unref())]);
  }

  /** Removes the driver's PSSessions (bounded) and ends the process. The session cannot be used afterwards. */
  async close(): Promise<void> {
    if (this.#closed) return;
    if (this.running) {
      await this.call({ op: 'close' }, { timeoutMs: CLOSE_GRACE_MS }).catch(() => undefined);
    }
    this.#closed = true;
    await this.#queue.catch(() => undefined);
    const shell = this.#shell;
    if (shell !== null && !this.#exited) {
      this.#exited = true;
      this.#key = null;
      await Promise.race([shell.dispose().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, KILL_WAIT_MS).unref())]);
    }
  }
}
