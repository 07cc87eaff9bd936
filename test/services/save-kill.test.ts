// kill -9 during saves: a child process saves ever newer versions of a ~10 MB design (atomicWriteFile with
// keepBackup, as document saves do) and is SIGKILLed at random moments, 12 times in a row, each child carrying on
// from what the last one left. After every kill: the design file is exactly one complete version (the last one
// saved, or the one being saved), the .bak is exactly the version before it (or the same), and the start-up cleanup
// removes every temp file the dead process left, and nothing else.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanStaleTempFiles, parseTempName } from '../../main/files/atomicWrite';
import { startBrowserHost } from '../../main/host';
import { versionedDesignText, versionOf } from '../fixtures/save-design';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CHILD = join('test', 'fixtures', 'save-child.ts');
const BYTES = 10 * 1024 * 1024;
const KILLS = 12;
/** Kill delays after the child is ready: spread over the first few saves (each ~100–400 ms here). */
const MAX_DELAY_MS = 700;

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'extopo-savekill-'));
  dirs.push(d);
  return d;
}

/** A small seeded PRNG (mulberry32), so a failing kill schedule can be replayed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Killed {
  readonly startVersion: number;
  readonly lastSaved: number;
}

function runAndKill(file: string, delayMs: number): Promise<Killed> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', CHILD, file, String(BYTES)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let startVersion = -1;
    let timer: NodeJS.Timeout | null = null;
    child.stderr?.on('data', (c: Buffer) => (err += c.toString()));
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      const ready = /^ready (\d+)$/m.exec(out);
      if (ready && startVersion < 0) {
        startVersion = Number(ready[1]);
        timer = setTimeout(() => child.kill('SIGKILL'), delayMs);
      }
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      if (signal !== 'SIGKILL') {
        reject(new Error(`save-child ended by itself (code ${code}, signal ${signal}): ${err}`));
        return;
      }
      if (startVersion < 0) {
        reject(new Error(`save-child was killed before it was ready: ${err}`));
        return;
      }
      const saved = [...out.matchAll(/^saved (\d+)$/gm)].map((m) => Number(m[1]));
      resolve({ startVersion, lastSaved: saved.length ? Math.max(...saved) : startVersion });
    });
  });
}

describe('kill -9 during saves of a large design', () => {
  it(`leaves the old or the new complete version, a complete backup, and only temp files the cleanup removes (${KILLS} kill points)`, async () => {
    const dir = tempDir();
    const file = join(dir, 'big.extopo.json');
    const seed = 20261203;
    const next = random(seed);
    const expected = new Map<number, string>();
    const textOf = (v: number) => {
      let t = expected.get(v);
      if (t === undefined) {
        t = versionedDesignText(v, BYTES);
        expected.set(v, t);
      }
      return t;
    };
    let leftovers = 0;
    let midSave = 0;
    for (let k = 0; k < KILLS; k++) {
      const delay = Math.round(next() * MAX_DELAY_MS);
      const where = `kill ${k + 1}/${KILLS} after ${delay} ms (seed ${seed})`;
      const { startVersion, lastSaved } = await runAndKill(file, delay);

      // The design: exactly the last version saved, or the one being saved when the kill came.
      if (lastSaved > 0) expect(existsSync(file), where).toBe(true);
      if (!existsSync(file)) continue; // killed during the very first save, before its rename
      const text = readFileSync(file, 'utf8');
      const version = versionOf(text);
      expect([lastSaved, lastSaved + 1], where).toContain(version);
      expect(text === textOf(version as number), `${where}: the design is a complete version`).toBe(true);
      expect(() => JSON.parse(text), where).not.toThrow();
      if (version === lastSaved + 1) midSave++;

      // The backup: the version before it, or (killed between the backup and the rename) the same one.
      if ((version as number) >= 2) {
        const backup = readFileSync(`${file}.bak`, 'utf8');
        const backupVersion = versionOf(backup) as number;
        expect([(version as number) - 1, version], where).toContain(backupVersion);
        expect(backup === textOf(backupVersion), `${where}: the backup is a complete version`).toBe(true);
      }
      expect(startVersion, where).toBeLessThanOrEqual(version as number);

      // Start-up cleanup: the dead writer's temp files go, the design and its backup stay.
      const temps = readdirSync(dir).filter((n) => parseTempName(n) !== null);
      leftovers += temps.length;
      const removed = await cleanStaleTempFiles(dir);
      expect(removed.sort(), where).toEqual(temps.sort());
      expect(readdirSync(dir).sort(), where).toEqual((version as number) >= 2 ? ['big.extopo.json', 'big.extopo.json.bak'] : ['big.extopo.json']);
      for (const v of [...expected.keys()]) if (v < (version as number) - 1) expected.delete(v);
    }
    // The schedule must have hit saves in progress, not only the idle moments between them.
    expect(leftovers + midSave, 'kills that interrupted a save').toBeGreaterThan(0);
    process.stdout.write(`save kill test: ${KILLS} kills, ${leftovers} temp files left behind and cleaned, ${midSave} kills between rename and report\n`);
  }, 180_000);
});

describe('cleanStaleTempFiles', () => {
  it('removes only our temp names whose writer is gone or that are older than a minute', async () => {
    const dir = tempDir();
    const dead = await new Promise<number>((resolve) => {
      const p = spawn(process.execPath, ['-e', '0']);
      p.on('close', () => resolve(p.pid as number));
    });
    const names = {
      deadWriter: `.a.extopo.json.${dead}-0123456789ab.tmp`,
      liveYoung: `.a.extopo.json.${process.pid}-0123456789ab.tmp`,
      liveOld: `.b.extopo.json.${process.pid}-abcdefabcdef.tmp`,
      legacyYoung: '.c.extopo.json.0123456789ab.tmp',
      legacyOld: '.d.extopo.json.0123456789ab.tmp',
      notOursShort: '.e.extopo.json.0123.tmp',
      notOursVisible: 'notes.tmp',
      notOursOther: '.vimrc.tmp',
      design: 'a.extopo.json',
    };
    for (const name of Object.values(names)) writeFileSync(join(dir, name), 'x');
    const old = (Date.now() - 5 * 60_000) / 1000;
    for (const name of [names.liveOld, names.legacyOld, names.notOursShort, names.notOursVisible, names.notOursOther]) utimesSync(join(dir, name), old, old);
    const removed = await cleanStaleTempFiles(dir);
    expect(removed.sort()).toEqual([names.deadWriter, names.legacyOld, names.liveOld].sort());
    expect(readdirSync(dir).sort()).toEqual([names.design, names.legacyYoung, names.liveYoung, names.notOursOther, names.notOursShort, names.notOursVisible].sort());
    expect(await cleanStaleTempFiles(join(dir, 'missing'))).toEqual([]);
  });

  it('runs when the browser host starts, on its documents folder', async () => {
    const documentsDir = tempDir();
    const stale = `.lab.extopo.json.${2 ** 31 - 2}-0123456789ab.tmp`; // no such pid
    writeFileSync(join(documentsDir, stale), 'half a design');
    writeFileSync(join(documentsDir, 'lab.extopo.json'), 'a design');
    const rendererDir = tempDir();
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html>');
    const host = await startBrowserHost({ rendererDir, documentsDir });
    try {
      expect(readdirSync(documentsDir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
      expect(readFileSync(join(documentsDir, 'lab.extopo.json'), 'utf8')).toBe('a design');
    } finally {
      await host.close();
    }
  });
});
