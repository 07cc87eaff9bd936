// The Electron transport: one ipcMain.handle per contract channel, each checking WHO sent the request (the app's own
// page in the top frame, nothing else) before validating the payload and dispatching to the shared registry.
// Typed structurally (IpcMainLike / InvokeEventLike) so it is tested under Node with a fake ipcMain.
import { fileURLToPath } from 'node:url';
import type { Channel } from '../../shared/ipc/contract';
import { CHANNEL_NAMES, ipcChannelName } from './channels';
import { toWireError } from './errors';
import type { WireError } from './errors';
import { dispatch } from './registry';
import type { ServiceRegistry } from './registry';

export interface FrameLike {
  readonly url: string;
  /** null for the top frame. */
  readonly parent: unknown;
}

export interface InvokeEventLike {
  readonly sender: { readonly id: number };
  readonly senderFrame: FrameLike | null;
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

/** What an IPC call answers: the result, or the error in wire form (never a thrown Electron error string). */
export type IpcEnvelope = { readonly result: unknown } | { readonly error: WireError };

export type SenderPolicy = (frame: FrameLike | null) => boolean;

/**
 * Allows only the app's own page: the top frame of the packaged file:// index.html (any query/hash), or, in
 * development, a page of the dev server's origin. Everything else (another file, an iframe, a remote page that
 * somehow loaded) is refused.
 */
export function createSenderPolicy(options: { readonly rendererIndexPath: string; readonly devServerUrl?: string | null }): SenderPolicy {
  const devOrigin = options.devServerUrl ? new URL(options.devServerUrl).origin : null;
  const indexPath = options.rendererIndexPath;
  return (frame) => {
    if (!frame || frame.parent !== null) return false;
    let url: URL;
    try {
      url = new URL(frame.url);
    } catch {
      return false;
    }
    if (url.protocol === 'file:') {
      if (url.host !== '' && url.host !== 'localhost') return false;
      try {
        return samePath(fileURLToPath(url), indexPath);
      } catch {
        return false;
      }
    }
    if (devOrigin !== null && (url.protocol === 'http:' || url.protocol === 'https:')) return url.origin === devOrigin;
    return false;
  };
}

function samePath(a: string, b: string): boolean {
  // Windows paths compare case-insensitively; elsewhere exactly.
  return process.platform === 'win32' ? a.toLowerCase() === b.toLowerCase() : a === b;
}

export interface IpcRegistration {
  readonly channels: readonly Channel[];
  readonly dispose: () => void;
}

/** Registers every contract channel on ipcMain. Returns a handle that removes them again. */
export function registerIpcHandlers(ipcMain: IpcMainLike, registry: ServiceRegistry, isAllowedSender: SenderPolicy): IpcRegistration {
  for (const channel of CHANNEL_NAMES) {
    ipcMain.handle(ipcChannelName(channel), (event, payload) => handleInvoke(registry, isAllowedSender, channel, event, payload));
  }
  return {
    channels: CHANNEL_NAMES,
    dispose: () => {
      for (const channel of CHANNEL_NAMES) ipcMain.removeHandler(ipcChannelName(channel));
    },
  };
}

export async function handleInvoke(
  registry: ServiceRegistry,
  isAllowedSender: SenderPolicy,
  channel: Channel,
  event: InvokeEventLike,
  payload: unknown,
): Promise<IpcEnvelope> {
  if (!isAllowedSender(event.senderFrame)) {
    return { error: { message: `Refused "${channel}": the request did not come from the ExTopo window.` } };
  }
  try {
    return { result: await dispatch(registry, channel, payload, { senderId: event.sender.id }) };
  } catch (error) {
    return { error: toWireError(error) };
  }
}
