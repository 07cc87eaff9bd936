// The persisted app settings (electron-store in Electron): window state and the recent-files list. Schema and
// defaults live here, apart from electron-store (which imports electron at load), so they are tested with `conf`,
// the library electron-store is built on. Also: fitting saved window bounds onto the displays present now.
import type { Schema } from 'conf';
import { MAX_RECENT_FILES } from './recentFiles';

export const SETTINGS_FILE_NAME = 'settings';

export const MIN_WINDOW_WIDTH = 800;
export const MIN_WINDOW_HEIGHT = 560;
export const DEFAULT_WINDOW_WIDTH = 1400;
export const DEFAULT_WINDOW_HEIGHT = 900;
/** A restored window must show at least this much of itself on some display, or it is re-centred. */
export const MIN_VISIBLE_PX = 100;
const MAX_COORDINATE = 100_000;

export interface WindowState {
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
}

export type AppSettings = {
  window: WindowState;
  recentFiles: string[];
};

export const SETTINGS_DEFAULTS: AppSettings = {
  window: { width: DEFAULT_WINDOW_WIDTH, height: DEFAULT_WINDOW_HEIGHT, maximized: false },
  recentFiles: [],
};

export const SETTINGS_SCHEMA: Schema<AppSettings> = {
  window: {
    type: 'object',
    properties: {
      x: { type: 'integer', minimum: -MAX_COORDINATE, maximum: MAX_COORDINATE },
      y: { type: 'integer', minimum: -MAX_COORDINATE, maximum: MAX_COORDINATE },
      width: { type: 'integer', minimum: MIN_WINDOW_WIDTH, maximum: MAX_COORDINATE },
      height: { type: 'integer', minimum: MIN_WINDOW_HEIGHT, maximum: MAX_COORDINATE },
      maximized: { type: 'boolean' },
    },
    required: ['width', 'height', 'maximized'],
    additionalProperties: false,
  },
  recentFiles: {
    type: 'array',
    items: { type: 'string', minLength: 1, maxLength: 4096 },
    maxItems: MAX_RECENT_FILES,
  },
};

/**
 * The options both electron-store and conf take. A settings file that is not JSON or breaks the schema (edited by
 * hand, written by a newer version) is replaced by the defaults instead of stopping the app from starting.
 */
export function settingsStoreOptions(): {
  name: string;
  schema: Schema<AppSettings>;
  defaults: AppSettings;
  clearInvalidConfig: true;
  rootSchema: { additionalProperties: boolean };
} {
  return {
    name: SETTINGS_FILE_NAME,
    schema: SETTINGS_SCHEMA,
    defaults: SETTINGS_DEFAULTS,
    clearInvalidConfig: true,
    rootSchema: { additionalProperties: false },
  };
}

export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** Window state sanitised for saving: integers, clamped to the schema's ranges. */
export function windowStateToSave(bounds: Rect, maximized: boolean): WindowState {
  const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, Math.round(v)));
  return {
    x: clamp(bounds.x, -MAX_COORDINATE, MAX_COORDINATE),
    y: clamp(bounds.y, -MAX_COORDINATE, MAX_COORDINATE),
    width: clamp(bounds.width, MIN_WINDOW_WIDTH, MAX_COORDINATE),
    height: clamp(bounds.height, MIN_WINDOW_HEIGHT, MAX_COORDINATE),
    maximized,
  };
}

/**
 * Where to open the window: the saved bounds when enough of them is on a present display (a monitor may have been
 * unplugged since), else centred on the primary work area; the size never exceeds the work area it lands on.
 */
export function fitWindowBounds(saved: WindowState, workAreas: readonly Rect[]): { x?: number; y?: number; width: number; height: number } {
  const primary = workAreas[0];
  if (!primary) return { width: saved.width, height: saved.height };
  if (saved.x !== undefined && saved.y !== undefined) {
    const rect = { x: saved.x, y: saved.y, width: saved.width, height: saved.height };
    const host = workAreas.find((area) => visibleOverlap(rect, area));
    if (host) return { x: rect.x, y: rect.y, width: Math.min(rect.width, host.width), height: Math.min(rect.height, host.height) };
  }
  const width = Math.min(saved.width, primary.width);
  const height = Math.min(saved.height, primary.height);
  return { x: primary.x + Math.round((primary.width - width) / 2), y: primary.y + Math.round((primary.height - height) / 2), width, height };
}

function visibleOverlap(a: Rect, b: Rect): boolean {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w >= MIN_VISIBLE_PX && h >= MIN_VISIBLE_PX;
}
