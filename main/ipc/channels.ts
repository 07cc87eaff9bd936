// The channel names of the contract as plain data, without zod: the preload bundles this (and nothing else of the
// contract) so it can refuse unknown channels before anything crosses to main. `satisfies` keeps it exhaustive:
// adding a channel to shared/ipc/contract.ts without listing it here is a type error.
import type { Channel } from '../../shared/ipc/contract';

const CHANNEL_SET = {
  'app.info': true,
  'templates.list': true,
  'templates.get': true,
  'document.openDialog': true,
  'document.saveDialog': true,
  'document.list': true,
  'document.read': true,
  'document.write': true,
  'document.recent': true,
  'autosave.write': true,
  'autosave.list': true,
  'autosave.read': true,
  'autosave.clear': true,
  'export.runbook': true,
  'window.setState': true,
  'run.plan': true,
  'run.start': true,
  'run.resume': true,
  'run.abort': true,
  'run.retry': true,
  'run.skip': true,
  'run.confirm': true,
  'run.list': true,
  'run.journal': true,
  'run.report': true,
  'credentials.set': true,
  'credentials.list': true,
  'credentials.forget': true,
  'inventory.openDialog': true,
  'inventory.import': true,
  'inventory.read': true,
} as const satisfies Record<Channel, true>;

export const CHANNEL_NAMES = Object.keys(CHANNEL_SET) as Channel[];

export function isKnownChannel(name: unknown): name is Channel {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(CHANNEL_SET, name);
}

/** Events main pushes to the renderer. */
export const EVENT_NAMES = ['menu', 'run'] as const;
export type EventName = (typeof EVENT_NAMES)[number];

export function isEventName(name: unknown): name is EventName {
  return name === 'menu' || name === 'run';
}

/** Electron IPC channel names are namespaced so nothing else in the process can collide with them. */
export const IPC_PREFIX = 'extopo:';
export const ipcChannelName = (channel: Channel): string => `${IPC_PREFIX}${channel}`;
export const ipcEventName = (event: EventName): string => `${IPC_PREFIX}event:${event}`;
