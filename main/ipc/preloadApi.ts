// What the preload exposes as window.extopo, built from an ipcRenderer-like object so Node tests can drive it.
// Only contract channels and the two event names pass; the IPC envelope is unwrapped here, and an error becomes
// a thrown Error whose message carries its problems ("message\n• problem…") because contextBridge copies only an
// error's message across worlds. renderer/api/client.ts splits it back into message and problems.
import type { Channel, ExtopoApi, Request, Response } from '../../shared/ipc/contract';
import { ipcChannelName, ipcEventName, isEventName, isKnownChannel } from './channels';
import type { WireError } from './errors';

export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

export const PROBLEM_PREFIX = '\n• ';

export function errorText(error: WireError): string {
  return [error.message, ...(error.problems ?? [])].join(PROBLEM_PREFIX);
}

export function createPreloadApi(ipcRenderer: IpcRendererLike): ExtopoApi {
  return {
    async invoke<C extends Channel>(channel: C, request: Request<C>): Promise<Response<C>> {
      if (!isKnownChannel(channel)) {
        throw new Error(`Unknown channel "${String(channel).slice(0, 100)}": window.extopo only carries the channels of the ExTopo IPC contract.`);
      }
      const envelope = (await ipcRenderer.invoke(ipcChannelName(channel), request)) as { result?: unknown; error?: WireError } | undefined;
      if (envelope && typeof envelope === 'object' && envelope.error) throw new Error(errorText(envelope.error));
      if (!envelope || typeof envelope !== 'object' || !('result' in envelope)) throw new Error(`The "${channel}" call returned no answer.`);
      return envelope.result as Response<C>;
    },
    on(event, listener) {
      if (!isEventName(event)) throw new Error(`Unknown event "${String(event).slice(0, 100)}": use "menu" or "run".`);
      if (typeof listener !== 'function') throw new Error('window.extopo.on needs a listener function.');
      // The IpcRendererEvent (with its sender) never reaches the page: only the payload does.
      const wrapped = (_event: unknown, payload: unknown): void => listener(payload);
      ipcRenderer.on(ipcEventName(event), wrapped);
      return () => void ipcRenderer.removeListener(ipcEventName(event), wrapped);
    },
  };
}
