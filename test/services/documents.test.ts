// Document services under Node: atomic saves with .bak, access rules, recents, autosave, file names.
import { mkdtemp, mkdir, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exampleText } from '../fixtures/designs';
import { ServiceError } from '../../main/ipc/errors';
import { atomicWriteFile } from '../../main/files/atomicWrite';
import { AutosaveStore, titleOf } from '../../main/services/autosave';
import { DocumentService } from '../../main/services/documents';
import { fileNameFor } from '../../main/services';
import { PathAccess } from '../../main/services/pathAccess';
import { jsonFileListStore, MAX_RECENT_FILES, memoryListStore, RecentFiles } from '../../main/services/recentFiles';
import { TemplateService } from '../../main/services/templates';
import { loadDesignText } from '../../shared/model/load';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'extopo-docs-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function documentsIn(root: string, allowGrants = false): { docs: DocumentService; access: PathAccess; recents: RecentFiles } {
  const access = new PathAccess({ roots: [root], allowGrants });
  const recents = new RecentFiles(memoryListStore());
  return { docs: new DocumentService(access, recents), access, recents };
}

describe('atomicWriteFile', () => {
  it('replaces the file, keeps the previous version as .bak and leaves no temp file behind', async () => {
    const file = join(dir, 'a.extopo.json');
    await atomicWriteFile(file, 'one', { keepBackup: true });
    expect(await readdir(dir)).toEqual(['a.extopo.json']);
    await atomicWriteFile(file, 'two', { keepBackup: true });
    await atomicWriteFile(file, 'three', { keepBackup: true });
    expect(await readFile(file, 'utf8')).toBe('three');
    expect(await readFile(`${file}.bak`, 'utf8')).toBe('two');
    expect((await readdir(dir)).sort()).toEqual(['a.extopo.json', 'a.extopo.json.bak']);
  });

  it('leaves the original untouched and cleans up when the rename fails', async () => {
    const target = join(dir, 'taken');
    await mkdir(join(target, 'child'), { recursive: true }); // renaming a file over a non-empty folder fails
    await expect(atomicWriteFile(target, 'data')).rejects.toThrow();
    expect((await readdir(dir)).sort()).toEqual(['taken']);
  });
});

describe('DocumentService', () => {
  it('writes and reads a design, lists it and puts it on the recent list', async () => {
    const { docs } = documentsIn(dir);
    const text = exampleText('seed-lab');
    const saved = await docs.write(join(dir, 'lab.extopo.json'), text);
    expect(saved.path).toBe(join(dir, 'lab.extopo.json'));
    expect(Number.isNaN(Date.parse(saved.savedAt))).toBe(false);
    expect(await docs.read(saved.path)).toEqual({ path: saved.path, text });
    expect((await docs.list()).map((d) => d.name)).toEqual(['lab.extopo.json']);
    expect(docs.recent()).toEqual([saved.path]);
  });

  it('resolves a bare file name against the documents folder', async () => {
    const { docs } = documentsIn(dir);
    const saved = await docs.write('plain.extopo.json', exampleText('minimal-ha'));
    expect(saved.path).toBe(join(dir, 'plain.extopo.json'));
  });

  it('refuses to save text that would not load again, listing the problems, and keeps the old file', async () => {
    const { docs } = documentsIn(dir);
    const file = join(dir, 'lab.extopo.json');
    await docs.write(file, exampleText('seed-lab'));
    const broken = exampleText('seed-lab').replace(/"formatVersion": \d+/, '"formatVersion": "two"');
    const error = await docs.write(file, broken).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServiceError);
    expect((error as ServiceError).message).toMatch(/was not saved/);
    expect((error as ServiceError).problems.join('\n')).toMatch(/formatVersion/);
    expect(await readFile(file, 'utf8')).toBe(exampleText('seed-lab'));
    await expect(docs.write(join(dir, 'notes.txt'), exampleText('seed-lab'))).rejects.toThrow(/end in \.extopo\.json/);
  });

  it('refuses paths outside the documents folder, including through ".." and symlinks', async () => {
    const inside = join(dir, 'docs');
    const outside = join(dir, 'elsewhere');
    await mkdir(inside);
    await mkdir(outside);
    await writeFile(join(outside, 'secret.extopo.json'), exampleText('seed-lab'));
    await symlink(outside, join(inside, 'link'));
    const { docs } = documentsIn(inside);
    for (const path of [join(outside, 'secret.extopo.json'), join(inside, '..', 'elsewhere', 'secret.extopo.json'), join(inside, 'link', 'secret.extopo.json')]) {
      const error = await docs.read(path).catch((e: unknown) => e);
      expect(error, path).toBeInstanceOf(ServiceError);
      expect((error as ServiceError).kind).toBe('forbidden');
    }
    await expect(docs.write(join(inside, 'link', 'new.extopo.json'), exampleText('seed-lab'))).rejects.toThrow(/outside the documents folder/);
  });

  it('in Electron, opens a file the user picked outside the documents folder (a grant)', async () => {
    const { docs, access } = documentsIn(join(dir, 'docs'), true);
    const picked = join(dir, 'picked.extopo.json');
    await writeFile(picked, exampleText('seed-lab'));
    await expect(docs.read(picked)).rejects.toThrow(ServiceError);
    access.grant(picked);
    expect((await docs.read(picked)).path).toBe(picked);
  });

  it('explains a missing file', async () => {
    const { docs } = documentsIn(dir);
    await expect(docs.read(join(dir, 'gone.extopo.json'))).rejects.toThrow(/does not exist/);
  });
});

describe('RecentFiles', () => {
  it('keeps the most recent first, without duplicates, at most MAX_RECENT_FILES', async () => {
    const recents = new RecentFiles(memoryListStore());
    for (let i = 0; i < MAX_RECENT_FILES + 3; i++) await recents.add(join(dir, `d${i}.extopo.json`));
    await recents.add(join(dir, 'd5.extopo.json'));
    const list = recents.list();
    expect(list).toHaveLength(MAX_RECENT_FILES);
    expect(list[0]).toBe(join(dir, 'd5.extopo.json'));
    expect(list.filter((p) => p.endsWith('d5.extopo.json'))).toHaveLength(1);
    expect(list[1]).toBe(join(dir, `d${MAX_RECENT_FILES + 2}.extopo.json`));
  });

  it('persists in a JSON file and survives a damaged one', async () => {
    const file = join(dir, '.extopo', 'recent.json');
    await new RecentFiles(jsonFileListStore(file)).add(join(dir, 'x.extopo.json'));
    expect(new RecentFiles(jsonFileListStore(file)).list()).toEqual([join(dir, 'x.extopo.json')]);
    await writeFile(file, '{not json');
    expect(new RecentFiles(jsonFileListStore(file)).list()).toEqual([]);
  });
});

describe('AutosaveStore', () => {
  it('writes, lists newest first, reads and clears entries by key', async () => {
    const store = new AutosaveStore(join(dir, 'autosave'));
    expect(await store.list()).toEqual([]);
    await store.write('untitled', exampleText('seed-lab'));
    await new Promise((r) => setTimeout(r, 5));
    await store.write('/designs/ha.extopo.json', '{"title": "Half-typed design"');
    const list = await store.list();
    expect(list.map((e) => [e.key, e.title])).toEqual([
      ['/designs/ha.extopo.json', 'Half-typed design'],
      ['untitled', 'Seed lab: CAS array with Windows NLB'],
    ]);
    expect(await store.read('untitled')).toEqual({ key: 'untitled', text: exampleText('seed-lab') });
    expect(await store.read('never-saved')).toBeNull();
    expect(await store.clear('untitled')).toEqual({ cleared: true });
    expect(await store.clear('untitled')).toEqual({ cleared: false });
    expect((await store.list()).map((e) => e.key)).toEqual(['/designs/ha.extopo.json']);
  });

  it('skips entries whose meta file is damaged', async () => {
    const store = new AutosaveStore(dir);
    await store.write('a', 'text a');
    const meta = (await readdir(dir)).find((n) => n.endsWith('.meta.json'));
    await writeFile(join(dir, meta ?? 'missing'), '{"key": 1');
    expect(await store.list()).toEqual([]);
    expect(await store.read('a')).toBeNull();
  });

  it('titles an entry from the design, else the file name, else "Untitled design"', () => {
    expect(titleOf('{"formatVersion":2,"title":"DAG \\"East\\""}', 'x')).toBe('DAG "East"');
    expect(titleOf('{}', '/designs/east.extopo.json')).toBe('east.extopo.json');
    expect(titleOf('garbage', 'untitled')).toBe('Untitled design');
  });
});

describe('fileNameFor', () => {
  it('makes a safe file name with the format extension', () => {
    expect(fileNameFor('Seed lab: v2', 'design')).toBe('Seed lab- v2.extopo.json');
    expect(fileNameFor('lab.extopo.json', 'design')).toBe('lab.extopo.json');
    expect(fileNameFor('lab.extopo.json', 'pdf')).toBe('lab.pdf');
    expect(fileNameFor('../../etc/passwd', 'md')).toBe('-..-etc-passwd.md');
    expect(fileNameFor('...', 'ps1')).toBe('design.ps1');
    expect(fileNameFor('CON', 'json')).toBe('CON-design.json');
  });
});

describe('TemplateService', () => {
  it('lists the blank design and the reference designs, each loading', () => {
    const templates = new TemplateService();
    const names = templates.list().map((t) => t.name);
    expect(names).toContain('blank');
    expect(names).toContain('seed-lab');
    for (const name of names) expect(loadDesignText(templates.get(name).text).ok, name).toBe(true);
  });

  it('names the available templates when asked for an unknown one', () => {
    expect(() => new TemplateService().get('../secret')).toThrow(/no template named "..\/secret"/);
  });
});
