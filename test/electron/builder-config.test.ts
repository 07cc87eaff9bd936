// electron-builder.yml checked offline with electron-builder's own validator (packaging itself needs a download),
// plus the icons it points at.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { validateConfiguration } from 'app-builder-lib/out/util/config/config';
import { DebugLogger } from 'builder-util';

const ROOT = new URL('../../', import.meta.url);
// js-yaml ships no types; this is the one function used.
const yaml = createRequire(import.meta.url)('js-yaml') as { load: (text: string) => unknown };
const config = yaml.load(readFileSync(new URL('electron-builder.yml', ROOT), 'utf8')) as Record<string, unknown>;

describe('electron-builder.yml', () => {
  it("passes electron-builder's configuration schema", async () => {
    await expect(validateConfiguration(config as never, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('is checked for real: an unknown key fails validation', async () => {
    const broken = { ...config, linux: { ...(config.linux as object), categroy: 'Network' } };
    await expect(validateConfiguration(broken as never, new DebugLogger(false))).rejects.toThrow(/configuration/);
  });

  it('packages out/ and package.json as ExTopo, with the .extopo.json file association', () => {
    expect(config).toMatchObject({ productName: 'ExTopo', directories: { output: 'dist' } });
    expect(config.files).toEqual(expect.arrayContaining(['out/**', 'package.json']));
    expect(config.fileAssociations).toEqual([expect.objectContaining({ ext: 'extopo.json', name: 'ExTopo design' })]);
    expect(config).toMatchObject({ win: { target: ['nsis'] }, linux: { target: ['AppImage', 'deb'] }, mac: { target: ['dmg'] } });
    const pkg = JSON.parse(readFileSync(new URL('package.json', ROOT), 'utf8')) as { main: string };
    expect(pkg.main).toBe('out/main/index.cjs');
  });
});

describe('icons', () => {
  it('assets/icon.png is a 512×512 RGBA PNG', () => {
    const png = readFileSync(new URL('assets/icon.png', ROOT));
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.toString('ascii', 12, 16)).toBe('IHDR');
    expect([png.readUInt32BE(16), png.readUInt32BE(20), png[24], png[25]]).toEqual([512, 512, 8, 6]);
  });

  it('assets/icon.ico holds the Windows sizes up to 256×256', () => {
    const ico = readFileSync(new URL('assets/icon.ico', ROOT));
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2)]).toEqual([0, 1]);
    const count = ico.readUInt16LE(4);
    const sizes = Array.from({ length: count }, (_, i) => ico[6 + 16 * i] || 256);
    expect(sizes).toEqual(expect.arrayContaining([16, 32, 48, 256]));
    for (let i = 0; i < count; i++) {
      const offset = ico.readUInt32LE(6 + 16 * i + 12);
      expect(ico.subarray(offset + 1, offset + 4).toString('ascii')).toBe('PNG');
    }
  });
});
