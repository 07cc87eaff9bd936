// The Electron transport under Node, with a fake ipcMain / ipcRenderer: the sender check (allowed and rejected
// senders), payload validation, the error envelope, and the preload API refusing anything off the contract.
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHANNELS } from '../../shared/ipc/contract';
import { CHANNEL_NAMES, ipcChannelName, ipcEventName } from '../../main/ipc/channels';
import { createSenderPolicy, registerIpcHandlers } from '../../main/ipc/electronTransport';
import type { FrameLike, InvokeEventLike, IpcEnvelope, IpcMainLike } from '../../main/ipc/electronTransport';
import { toWireError } from '../../main/ipc/errors';
import { createPreloadApi } from '../../main/ipc/preloadApi';
import type { IpcRendererLike } from '../../main/ipc/preloadApi';
import { observeCalls } from '../../main/ipc/registry';
import type { ServiceRegistry } from '../../main/ipc/registry';
import { createBrowserServices } from '../../main/services';
import { ApiError } from '../../renderer/api/client';

const APP_INDEX = join('/opt', 'ExTopo', 'resources', 'app.asar', 'out', 'renderer', 'index.html');
const APP_URL = pathToFileURL(APP_INDEX).href;

class FakeIpcMain implements IpcMainLike {
  readonly handlers = new Map<string, (event: InvokeEventLike, ...args: unknown[]) => unknown>();
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => unknown): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  async invoke(channel: string, frame: FrameLike | null, payload: unknown): Promise<IpcEnvelope> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return (await handler({ sender: { id: 7 }, senderFrame: frame }, payload)) as IpcEnvelope;
  }
}

const topFrame = (url: string): FrameLike => ({ url, parent: null });

function setup(devServerUrl: string | null = null): { ipc: FakeIpcMain; calls: string[] } {
  const ipc = new FakeIpcMain();
  const calls: string[] = [];
  const registry: ServiceRegistry = observeCalls(createBrowserServices({ documentsDir: '/nonexistent-extopo-docs', version: '9.9.9' }), (channel) => calls.push(channel));
  registerIpcHandlers(ipc, registry, createSenderPolicy({ rendererIndexPath: APP_INDEX, devServerUrl }));
  return { ipc, calls };
}

describe('ipcMain registration', () => {
  it('registers one namespaced handler per contract channel', () => {
    const { ipc } = setup();
    expect([...ipc.handlers.keys()].sort()).toEqual(Object.keys(CHANNELS).map((c) => `extopo:${c}`).sort());
    expect([...CHANNEL_NAMES].sort()).toEqual(Object.keys(CHANNELS).sort());
  });

  it("answers the app's own page (any query or hash)", async () => {
    const { ipc, calls } = setup();
    for (const url of [APP_URL, `${APP_URL}?x=1#/design`]) {
      const answer = await ipc.invoke(ipcChannelName('app.info'), topFrame(url), {});
      expect(answer).toEqual({ result: { version: '9.9.9', shell: 'browser', platform: process.platform, documentsDir: '/nonexistent-extopo-docs' } });
    }
    expect(calls).toEqual(['app.info', 'app.info']);
  });

  it('refuses other senders before any service runs', async () => {
    const { ipc, calls } = setup();
    const rejected: Array<FrameLike | null> = [
      null,
      topFrame(pathToFileURL(join('/opt', 'ExTopo', 'resources', 'app.asar', 'out', 'renderer', 'other.html')).href),
      topFrame(pathToFileURL('/tmp/evil/index.html').href),
      topFrame('file://attacker-host/opt/ExTopo/resources/app.asar/out/renderer/index.html'),
      topFrame('https://evil.example/index.html'),
      topFrame('http://localhost:5173/'), // no dev server configured: not allowed
      topFrame('not a url'),
      { url: APP_URL, parent: { url: APP_URL } }, // the right page, but in a subframe
    ];
    for (const frame of rejected) {
      const answer = await ipc.invoke(ipcChannelName('templates.list'), frame, {});
      expect(answer, frame?.url ?? 'null frame').toEqual({ error: { message: 'Refused "templates.list": the request did not come from the ExTopo window.' } });
    }
    expect(calls).toEqual([]);
  });

  it('allows the dev server origin only when one is configured', async () => {
    const { ipc } = setup('http://localhost:5173/');
    expect(await ipc.invoke(ipcChannelName('templates.list'), topFrame('http://localhost:5173/index.html'), {})).toHaveProperty('result');
    expect(await ipc.invoke(ipcChannelName('templates.list'), topFrame('http://localhost:5174/'), {})).toHaveProperty('error');
    expect(await ipc.invoke(ipcChannelName('templates.list'), topFrame('https://localhost:5173/'), {})).toHaveProperty('error');
  });

  it('validates the payload and answers the problems', async () => {
    const { ipc, calls } = setup();
    const answer = await ipc.invoke(ipcChannelName('document.read'), topFrame(APP_URL), { path: 42, extra: true });
    expect(answer).toEqual({
      error: { message: 'Invalid request on "document.read" (2 problems)', problems: [expect.stringMatching(/^path: /), expect.stringMatching(/extra/)] },
    });
    expect(calls).toEqual([]);
  });

  it('turns a service error into its message', async () => {
    const { ipc } = setup();
    const answer = await ipc.invoke(ipcChannelName('templates.get'), topFrame(APP_URL), { name: 'nope' });
    expect(answer).toMatchObject({ error: { message: 'There is no template named "nope".', problems: [expect.stringMatching(/^Available templates: blank/)] } });
  });

  it('removes its handlers on dispose', () => {
    const ipc = new FakeIpcMain();
    const registration = registerIpcHandlers(ipc, createBrowserServices({ documentsDir: '/x', version: '1' }), () => true);
    registration.dispose();
    expect(ipc.handlers.size).toBe(0);
  });
});

describe('preload API (window.extopo)', () => {
  function fakeRenderer(answer: (channel: string, payload: unknown) => unknown): IpcRendererLike & { listeners: Map<string, Set<(e: unknown, ...a: unknown[]) => void>>; sent: string[] } {
    const listeners = new Map<string, Set<(e: unknown, ...a: unknown[]) => void>>();
    const sent: string[] = [];
    return {
      listeners,
      sent,
      invoke: async (channel, payload) => {
        sent.push(channel);
        return answer(channel, payload);
      },
      on: (channel, listener) => {
        if (!listeners.has(channel)) listeners.set(channel, new Set());
        listeners.get(channel)?.add(listener);
      },
      removeListener: (channel, listener) => listeners.get(channel)?.delete(listener),
    };
  }

  it('rejects channels that are not in the contract without sending anything', async () => {
    const renderer = fakeRenderer(() => ({ result: null }));
    const api = createPreloadApi(renderer);
    await expect(api.invoke('fs.readFile' as never, {} as never)).rejects.toThrow(/Unknown channel "fs.readFile"/);
    await expect(api.invoke('__proto__' as never, {} as never)).rejects.toThrow(/Unknown channel/);
    expect(renderer.sent).toEqual([]);
  });

  it('unwraps results and throws errors whose message carries the problems', async () => {
    const renderer = fakeRenderer((channel) =>
      channel === ipcChannelName('app.info')
        ? { result: { version: '1', shell: 'electron', platform: 'linux', documentsDir: '/d' } }
        : { error: toWireError(Object.assign(new Error('Cannot export the runbook:\n  - a\n  - b'), { problems: ['a', 'b'] })) },
    );
    const api = createPreloadApi(renderer);
    expect(await api.invoke('app.info', {})).toMatchObject({ shell: 'electron' });
    const error = await api.invoke('export.runbook', { format: 'pdf', text: '{}' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    // What the renderer rebuilds from the text that crossed the bridge:
    const rebuilt = ApiError.fromText((error as Error).message);
    expect(rebuilt.summary).toBe('Cannot export the runbook');
    expect(rebuilt.problems).toEqual(['a', 'b']);
    expect(rebuilt.message).toBe((error as Error).message);
  });

  it('delivers only the payload of menu and run events, and unsubscribes', () => {
    const renderer = fakeRenderer(() => null);
    const api = createPreloadApi(renderer);
    const got: unknown[] = [];
    const off = api.on('menu', (payload) => got.push(payload));
    expect(() => api.on('close' as never, () => undefined)).toThrow(/Unknown event "close"/);
    for (const listener of renderer.listeners.get(ipcEventName('menu')) ?? []) listener({ sender: 'secret' }, 'file.save');
    expect(got).toEqual(['file.save']);
    off();
    expect(renderer.listeners.get(ipcEventName('menu'))?.size).toBe(0);
  });
});
