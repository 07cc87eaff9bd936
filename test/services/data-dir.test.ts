// ExTopo's data folder (runs of the CLI and the browser host): per OS, with EXTOPO_DATA_DIR first.
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appDataDir, defaultRunsDir, electronRunsDir } from '../../main/services/dataDir';

describe('the data folder', () => {
  const home = resolve('/home/ann');
  it('follows each OS, never the current folder', () => {
    expect(appDataDir({ env: {}, platform: 'linux', home })).toBe(join(home, '.local', 'share', 'extopo'));
    expect(appDataDir({ env: { XDG_DATA_HOME: resolve('/data/ann') }, platform: 'linux', home })).toBe(join(resolve('/data/ann'), 'extopo'));
    // A relative XDG_DATA_HOME is invalid (XDG spec): ignored.
    expect(appDataDir({ env: { XDG_DATA_HOME: 'share' }, platform: 'linux', home })).toBe(join(home, '.local', 'share', 'extopo'));
    expect(appDataDir({ env: {}, platform: 'darwin', home })).toBe(join(home, 'Library', 'Application Support', 'ExTopo'));
    expect(appDataDir({ env: { APPDATA: resolve('/Users/ann/AppData/Roaming') }, platform: 'win32', home })).toBe(join(resolve('/Users/ann/AppData/Roaming'), 'ExTopo'));
    expect(appDataDir({ env: {}, platform: 'win32', home })).toBe(join(home, 'AppData', 'Roaming', 'ExTopo'));
    expect(defaultRunsDir({ env: {}, platform: 'linux', home })).toBe(join(home, '.local', 'share', 'extopo', 'runs'));
  });

  it('EXTOPO_DATA_DIR overrides it everywhere (the tests use it)', () => {
    const env = { EXTOPO_DATA_DIR: resolve('/tmp/extopo-data'), XDG_DATA_HOME: resolve('/x'), APPDATA: resolve('/y') };
    for (const platform of ['linux', 'darwin', 'win32'] as const) expect(appDataDir({ env, platform, home })).toBe(resolve('/tmp/extopo-data'));
    expect(electronRunsDir(resolve('/home/ann/.config/ExTopo'), {})).toBe(join(resolve('/home/ann/.config/ExTopo'), 'runs'));
    expect(electronRunsDir(resolve('/home/ann/.config/ExTopo'), env)).toBe(join(resolve('/tmp/extopo-data'), 'runs'));
  });
});
