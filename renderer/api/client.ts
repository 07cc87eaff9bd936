// The renderer's one door to main: getApi() returns window.extopo (the Electron preload) when present, otherwise an
// HTTP client for the browser host (POST /api/<channel> with the per-launch token, Server-Sent Events for 'run').
// Either way a failed call throws ApiError: an Error whose message says what went wrong, with `problems` listing
// the details (validation issues, export problems) when there are any.
//
// 'menu' events: in Electron they come from the native menu; emitMenuCommand() delivers the same commands from the
// page itself (toolbar buttons, keyboard shortcuts in the browser), so the app handles every command in one place.
import type { Channel, ExtopoApi, MenuCommand, Request, Response } from '../../shared/ipc/contract';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in the browser host. */
    readonly extopo?: ExtopoApi;
  }
}

export type ApiEvent = 'menu' | 'run';
export const TOKEN_HEADER = 'X-ExTopo-Token';
const TOKEN_STORAGE_KEY = 'extopo.token';
/** Separates the message from its problems when an error crosses the Electron bridge as text. */
const PROBLEM_PREFIX = '\n• ';

/**
 * A failed call. `message` is the whole readable text (the summary, then one "• problem" line each), so showing
 * error.message is enough; `summary` and `problems` are there for a richer display.
 */
export class ApiError extends Error {
  readonly summary: string;

  constructor(
    summary: string,
    readonly problems: readonly string[] = [],
    readonly status?: number,
  ) {
    super([summary, ...problems].join(PROBLEM_PREFIX));
    this.name = 'ApiError';
    this.summary = summary;
  }

  /** Rebuilds an ApiError from the text form the preload throws ("message\n• problem\n• problem"). */
  static fromText(text: string): ApiError {
    const cleaned = text.replace(/^Error invoking remote method '[^']*': /, '').replace(/^(Error: )+/, '');
    const [message, ...problems] = cleaned.split(PROBLEM_PREFIX);
    return new ApiError(message, problems);
  }
}

type Listener = (payload: unknown) => void;

class LocalEvents {
  readonly #listeners = new Map<ApiEvent, Set<Listener>>();

  on(event: ApiEvent, listener: Listener): () => void {
    let set = this.#listeners.get(event);
    if (!set) this.#listeners.set(event, (set = new Set()));
    set.add(listener);
    return () => void set.delete(listener);
  }

  emit(event: ApiEvent, payload: unknown): void {
    for (const listener of [...(this.#listeners.get(event) ?? [])]) listener(payload);
  }

  count(event: ApiEvent): number {
    return this.#listeners.get(event)?.size ?? 0;
  }
}

const local = new LocalEvents();

/** Sends a menu command to the app's 'menu' listeners, as the native menu does in Electron. */
export function emitMenuCommand(command: MenuCommand): void {
  local.emit('menu', command);
}

function wrapElectron(bridge: ExtopoApi): ExtopoApi {
  return {
    async invoke<C extends Channel>(channel: C, request: Request<C>): Promise<Response<C>> {
      try {
        return await bridge.invoke(channel, request);
      } catch (error) {
        throw ApiError.fromText(error instanceof Error ? error.message : String(error));
      }
    },
    on(event, listener) {
      const offBridge = bridge.on(event, listener);
      const offLocal = local.on(event, listener);
      return () => {
        offBridge();
        offLocal();
      };
    },
  };
}

export interface HttpApiOptions {
  /** Origin of the browser host; '' (default) means the page's own origin. */
  readonly baseUrl?: string;
  readonly token: string;
  readonly fetch?: typeof fetch;
  readonly EventSource?: typeof EventSource;
}

/** The browser host's client. Exported for tests; the app uses getApi(). */
export function createHttpApi(options: HttpApiOptions): ExtopoApi {
  const baseUrl = options.baseUrl ?? '';
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  let source: EventSource | null = null;
  const sourceListeners = new Set<Listener>();

  const ensureEventSource = (): void => {
    const Source = options.EventSource ?? (typeof EventSource === 'undefined' ? undefined : EventSource);
    if (source || !Source) return;
    source = new Source(`${baseUrl}/api/events?token=${encodeURIComponent(options.token)}`);
    source.addEventListener('run', (event) => {
      let payload: unknown = null;
      try {
        payload = JSON.parse((event as MessageEvent<string>).data);
      } catch {
        payload = null;
      }
      for (const listener of [...sourceListeners]) listener(payload);
    });
  };

  return {
    async invoke<C extends Channel>(channel: C, request: Request<C>): Promise<Response<C>> {
      let res: globalThis.Response;
      try {
        res = await doFetch(`${baseUrl}/api/${encodeURIComponent(channel)}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', [TOKEN_HEADER]: options.token },
          body: JSON.stringify(request ?? {}),
        });
      } catch (error) {
        throw new ApiError(
          `Cannot reach the ExTopo host${baseUrl ? ` at ${baseUrl}` : ''} (${error instanceof Error ? error.message : String(error)}). Is "extopo serve" still running?`,
        );
      }
      let body: unknown;
      try {
        body = await res.json();
      } catch {
        throw new ApiError(`The ExTopo host answered "${channel}" with HTTP ${res.status} and no readable body.`, [], res.status);
      }
      if (typeof body === 'object' && body !== null && 'error' in body) {
        const wire = (body as { error: { message?: unknown; problems?: unknown } }).error;
        const message = typeof wire.message === 'string' ? wire.message : `The "${channel}" call failed (HTTP ${res.status}).`;
        const problems = Array.isArray(wire.problems) ? wire.problems.filter((p): p is string => typeof p === 'string') : [];
        throw new ApiError(message, problems, res.status);
      }
      if (!res.ok || typeof body !== 'object' || body === null || !('result' in body)) {
        throw new ApiError(`The ExTopo host answered "${channel}" with HTTP ${res.status} in an unexpected form.`, [], res.status);
      }
      return (body as { result: Response<C> }).result;
    },
    on(event, listener) {
      if (event === 'menu') return local.on('menu', listener);
      sourceListeners.add(listener);
      ensureEventSource();
      return () => {
        sourceListeners.delete(listener);
        if (sourceListeners.size === 0 && source) {
          source.close();
          source = null;
        }
      };
    },
  };
}

/**
 * The browser host's token: from the URL the CLI printed (?token=… or #token=…), kept in sessionStorage so a
 * reload still works, and removed from the address bar so it does not end up in bookmarks or screenshots.
 */
export function readBrowserToken(): string | null {
  const url = new URL(window.location.href);
  const fromQuery = url.searchParams.get('token');
  const fromHash = new URLSearchParams(url.hash.replace(/^#/, '')).get('token');
  const token = fromQuery ?? fromHash;
  if (token) {
    try {
      window.sessionStorage.setItem(TOKEN_STORAGE_KEY, token);
    } catch {
      // storage disabled: the token lives for this page only
    }
    url.searchParams.delete('token');
    if (fromHash) url.hash = '';
    window.history.replaceState(window.history.state, '', url.pathname + url.search + url.hash);
    return token;
  }
  try {
    return window.sessionStorage.getItem(TOKEN_STORAGE_KEY);
  } catch {
    return null;
  }
}

let api: ExtopoApi | null = null;

/** The API for this page: the Electron bridge, or the browser host's HTTP client. */
export function getApi(): ExtopoApi {
  if (api) return api;
  if (window.extopo) {
    api = wrapElectron(window.extopo);
    return api;
  }
  const token = readBrowserToken();
  if (!token) {
    // Every call fails with the fix, instead of the app failing to start.
    const message = 'This page has no ExTopo token: open the full URL that "extopo serve" (or "npm start") printed, including ?token=….';
    api = {
      invoke: () => Promise.reject(new ApiError(message, [], 401)),
      on: (event, listener) => local.on(event, listener),
    };
    return api;
  }
  api = createHttpApi({ token });
  return api;
}

/** Which shell the page runs in. */
export function shellKind(): 'electron' | 'browser' {
  return window.extopo ? 'electron' : 'browser';
}
