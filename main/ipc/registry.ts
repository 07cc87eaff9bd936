// The service registry: one map channel → handler, used by BOTH transports (Electron ipcMain and the browser host).
// dispatch() is the single entry point: unknown channel → UnknownChannelError, invalid payload → IpcValidationError
// (from the contract's parseRequest), otherwise the handler's answer, checked against the response schema so a
// service bug surfaces as a clear error instead of a malformed answer in the renderer.
import type { z } from 'zod';
import { CHANNELS, IpcValidationError, parseRequest } from '../../shared/ipc/contract';
import type { Channel, Response } from '../../shared/ipc/contract';
import { isKnownChannel } from './channels';
import { UnknownChannelError } from './errors';

export type ParsedRequest<C extends Channel> = z.output<(typeof CHANNELS)[C]['request']>;

/** Who is calling: lets Electron-only services (window state) find their window. */
export interface CallContext {
  /** Electron: the webContents id of the caller. Browser host: undefined. */
  readonly senderId?: number;
}

export type Handler<C extends Channel> = (request: ParsedRequest<C>, context: CallContext) => Promise<Response<C>> | Response<C>;

export type ServiceRegistry = { readonly [C in Channel]: Handler<C> };

export async function dispatch(registry: ServiceRegistry, channel: string, payload: unknown, context: CallContext = {}): Promise<unknown> {
  if (!isKnownChannel(channel)) throw new UnknownChannelError(channel);
  return dispatchChannel(registry, channel, payload, context);
}

async function dispatchChannel<C extends Channel>(registry: ServiceRegistry, channel: C, payload: unknown, context: CallContext): Promise<Response<C>> {
  // An absent body means "no arguments" for channels whose request is {}.
  const request = parseRequest(channel, payload === undefined || payload === null ? {} : payload);
  const handler = registry[channel] as Handler<C>;
  const answer = await handler(request, context);
  const checked = CHANNELS[channel].response.safeParse(answer);
  if (!checked.success) {
    throw new Error(
      `Internal error: the "${channel}" service answered in an unexpected shape (${checked.error.issues
        .map((i) => `${i.path.join('.') || '(answer)'}: ${i.message}`)
        .join('; ')}).`,
    );
  }
  return checked.data as Response<C>;
}

export { IpcValidationError };

/** The same registry, calling `onCall` before each handler (Electron uses it to learn the page is up and listening). */
export function observeCalls(registry: ServiceRegistry, onCall: (channel: Channel, context: CallContext) => void): ServiceRegistry {
  const wrapped: Partial<Record<Channel, Handler<Channel>>> = {};
  for (const channel of Object.keys(registry) as Channel[]) {
    const handler = registry[channel] as Handler<Channel>;
    wrapped[channel] = (request, context) => {
      onCall(channel, context);
      return handler(request, context);
    };
  }
  return wrapped as ServiceRegistry;
}
