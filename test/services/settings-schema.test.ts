// The electron-store settings (window state, recent files), exercised through `conf`, the library under
// electron-store, with the same schema, defaults and options.
import Conf from 'conf';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_RECENT_FILES } from '../../main/services/recentFiles';
import { DEFAULT_WINDOW_HEIGHT, DEFAULT_WINDOW_WIDTH, fitWindowBounds, MIN_WINDOW_WIDTH, SETTINGS_DEFAULTS, settingsStoreOptions, windowStateToSave } from '../../main/services/settingsSchema';
import type { AppSettings } from '../../main/services/settingsSchema';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'extopo-settings-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const open = (): Conf<AppSettings> => {
  const { name, ...rest } = settingsStoreOptions();
  return new Conf<AppSettings>({ ...rest, configName: name, cwd: dir, projectName: 'extopo-test' });
};

describe('settings store', () => {
  it('starts from the defaults and persists window state and recent files', async () => {
    const store = open();
    expect(store.get('window')).toEqual(SETTINGS_DEFAULTS.window);
    expect(store.get('recentFiles')).toEqual([]);
    store.set('window', { x: 10, y: 20, width: 1200, height: 800, maximized: true });
    store.set('recentFiles', ['/d/a.extopo.json']);
    expect(open().get('window')).toEqual({ x: 10, y: 20, width: 1200, height: 800, maximized: true });
    expect(JSON.parse(await readFile(store.path, 'utf8')).recentFiles).toEqual(['/d/a.extopo.json']);
  });

  it('refuses values that break the schema', () => {
    const store = open();
    expect(() => store.set('window', { width: 'wide', height: 800, maximized: false } as never)).toThrow(/schema violation/);
    expect(() => store.set('window', { width: 100, height: 800, maximized: false })).toThrow(/schema violation/);
    expect(() => store.set('recentFiles', Array.from({ length: MAX_RECENT_FILES + 1 }, (_, i) => `/d/${i}.json`))).toThrow(/schema violation/);
    expect(() => store.set('surprise' as never, 1 as never)).toThrow(/schema violation/);
  });

  it('falls back to the defaults when the file is damaged or breaks the schema, instead of failing to start', async () => {
    const file = open().path;
    await writeFile(file, '{ "window": ');
    expect(open().get('window')).toEqual(SETTINGS_DEFAULTS.window);
    await writeFile(file, JSON.stringify({ window: { width: -5 }, recentFiles: 'nope' }));
    expect(open().get('recentFiles')).toEqual([]);
  });
});

describe('window bounds', () => {
  const screen = { x: 0, y: 0, width: 1920, height: 1040 };
  const right = { x: 1920, y: 0, width: 1280, height: 1000 };

  it('restores saved bounds that are on a present display', () => {
    expect(fitWindowBounds({ x: 2000, y: 50, width: 1000, height: 700, maximized: false }, [screen, right])).toEqual({ x: 2000, y: 50, width: 1000, height: 700 });
  });

  it('re-centres a window whose display was unplugged, shrinking it to fit', () => {
    expect(fitWindowBounds({ x: 2000, y: 50, width: 2400, height: 700, maximized: false }, [screen])).toEqual({ x: 0, y: 170, width: 1920, height: 700 });
  });

  it('centres the default size on the first launch', () => {
    expect(fitWindowBounds(SETTINGS_DEFAULTS.window, [screen])).toEqual({
      x: (1920 - DEFAULT_WINDOW_WIDTH) / 2,
      y: (1040 - DEFAULT_WINDOW_HEIGHT) / 2,
      width: DEFAULT_WINDOW_WIDTH,
      height: DEFAULT_WINDOW_HEIGHT,
    });
  });

  it('saves integers within the schema', () => {
    const saved = windowStateToSave({ x: 10.6, y: -3.2, width: 300, height: 900.4 }, false);
    expect(saved).toEqual({ x: 11, y: -3, width: MIN_WINDOW_WIDTH, height: 900, maximized: false });
    const store = open();
    store.set('window', saved);
    expect(store.get('window')).toEqual(saved);
  });
});
