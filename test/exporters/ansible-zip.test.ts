// The designer's File → Export → Ansible playbook (.zip): the Ansible project the CLI writes as a directory,
// delivered as one zip file. Checked with tools outside ExTopo (Info-ZIP's `unzip -t`, Python's zipfile): the
// archive is valid, its CRCs are right, and unpacked it is the CLI's directory export of the same design, file for
// file and byte for byte, under one folder named after the design. Also: the IPC contract and the services accept
// the format (and refuse unknown ones), and a save path must end in .zip.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../main/ipc/registry';
import { IpcValidationError } from '../../shared/ipc/contract';
import { createBrowserServices } from '../../main/services';
import { createZip } from '../../main/files/zip';
import { ExportError, exportRunbook } from '../../main/exporters';
import { loadYaml } from '../../main/exporters/ansible/yaml';
import { exampleText } from '../fixtures/designs';
import type { ExampleName } from '../fixtures/designs';

const repoRoot = new URL('../../', import.meta.url).pathname;
const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'extopo-ansible-zip-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Info-ZIP's own integrity test of every entry (CRC included). */
function unzipTest(zip: string): { code: number | null; out: string } {
  const r = spawnSync('unzip', ['-t', zip], { encoding: 'utf8' });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

interface PyEntry {
  readonly name: string;
  readonly dir: boolean;
  readonly method: number;
  readonly date: number[];
}

/** Python's zipfile: testzip (reads every entry, checks its CRC), the entries, then (given `into`) everything extracted there. */
function pythonUnzip(zip: string, into = ''): { bad: string | null; entries: PyEntry[] } {
  const script = [
    'import json, sys, zipfile',
    'z = zipfile.ZipFile(sys.argv[1])',
    'bad = z.testzip()',
    'entries = [{"name": i.filename, "dir": i.is_dir(), "method": i.compress_type, "date": list(i.date_time)} for i in z.infolist()]',
    'if sys.argv[2]: z.extractall(sys.argv[2])',
    'print(json.dumps({"bad": bad, "entries": entries}))',
  ].join('\n');
  const r = spawnSync('python3', ['-c', script, zip, into], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`python3 zipfile failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as { bad: string | null; entries: PyEntry[] };
}

/** Every file under `dir`, as "/"-separated relative paths, sorted. */
function filesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else out.push(relative(dir, path).split(sep).join('/'));
    }
  };
  walk(dir);
  return out.sort();
}

/** The CLI's directory export: `extopo runbook FILE --format ansible -o DIR`. */
function cliExport(example: ExampleName, dir: string): void {
  const r = spawnSync(process.execPath, ['bin/extopo.mjs', 'runbook', `examples/${example}.extopo.json`, '--format', 'ansible', '-o', dir], { cwd: repoRoot, encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0) throw new Error(`extopo runbook --format ansible failed (${r.status}): ${r.stderr}`);
}

describe('the zip writer', () => {
  it('writes an archive unzip and Python read back exactly: UTF-8 names, folders, binary data, the time stamp', () => {
    const dir = tempDir();
    const binary = new Uint8Array(256).map((_, i) => i);
    const modified = new Date(2026, 2, 14, 9, 26, 52);
    const zip = join(dir, 'test.zip');
    writeFileSync(
      zip,
      createZip(
        [
          { path: 'top/' },
          { path: 'top/Лаборатория ü.txt', data: 'Grüße — ✓\n' },
          { path: 'top/sub/' },
          { path: 'top/sub/bytes.bin', data: binary },
          { path: 'top/sub/empty.txt', data: '' },
        ],
        { modified },
      ),
    );
    const tested = unzipTest(zip);
    expect(tested.code, tested.out).toBe(0);
    expect(tested.out).toContain('No errors detected');
    const out = join(dir, 'out');
    const { bad, entries } = pythonUnzip(zip, out);
    expect(bad).toBeNull();
    expect(entries.map((e) => [e.name, e.dir])).toEqual([
      ['top/', true],
      ['top/Лаборатория ü.txt', false],
      ['top/sub/', true],
      ['top/sub/bytes.bin', false],
      ['top/sub/empty.txt', false],
    ]);
    expect(new Set(entries.map((e) => e.method))).toEqual(new Set([0])); // stored
    expect(entries[1].date).toEqual([2026, 3, 14, 9, 26, 52]);
    expect(readFileSync(join(out, 'top', 'Лаборатория ü.txt'), 'utf8')).toBe('Grüße — ✓\n');
    expect([...readFileSync(join(out, 'top', 'sub', 'bytes.bin'))]).toEqual([...binary]);
    expect(readFileSync(join(out, 'top', 'sub', 'empty.txt'), 'utf8')).toBe('');
  });

  it('stores real CRC-32s: one changed byte of a file makes unzip and Python report that file', () => {
    const dir = tempDir();
    const bytes = createZip([{ path: 'a.txt', data: 'the quick brown fox' }, { path: 'b.txt', data: 'jumps over the lazy dog' }]);
    const at = Buffer.from(bytes).indexOf('lazy');
    bytes[at] = 'L'.charCodeAt(0);
    const zip = join(dir, 'damaged.zip');
    writeFileSync(zip, bytes);
    const tested = unzipTest(zip);
    expect(tested.code).not.toBe(0);
    expect(tested.out).toMatch(/b\.txt\s+bad CRC/);
    expect(pythonUnzip(zip).bad).toBe('b.txt');
  });

  it('refuses entry names that would unpack outside the folder, and a name given twice', () => {
    for (const path of ['../evil.txt', 'a/../../evil.txt', '/etc/passwd', 'a\\b.txt', 'a//b.txt', '', './a.txt']) {
      expect(() => createZip([{ path, data: 'x' }]), path).toThrow(/cannot name an entry/);
    }
    expect(() => createZip([{ path: 'a.txt', data: 'x' }, { path: 'a.txt', data: 'y' }])).toThrow(/twice/);
  });
});

describe('File → Export → Ansible playbook (.zip)', () => {
  for (const example of ['seed-lab', 'two-datacenter'] as const) {
    it(`${example}: a valid zip holding the CLI's directory export, byte for byte, under "${example}-ansible/"`, async () => {
      const dir = tempDir();
      const cliDir = join(dir, 'cli');
      cliExport(example, cliDir);
      const result = await exportRunbook({ format: 'ansible', text: exampleText(example), designPath: join(repoRoot, 'examples', `${example}.extopo.json`) });
      expect(result.fileName).toBe(`${example}-ansible.zip`);
      const zip = join(dir, result.fileName);
      writeFileSync(zip, result.bytes);

      const tested = unzipTest(zip);
      expect(tested.code, tested.out).toBe(0);
      const unpacked = join(dir, 'unpacked');
      const { bad, entries } = pythonUnzip(zip, unpacked);
      expect(bad).toBeNull();
      // One top folder, named after the design; nothing beside it.
      expect(readdirSync(unpacked)).toEqual([`${example}-ansible`]);
      expect(entries.every((e) => e.name.startsWith(`${example}-ansible/`))).toBe(true);

      const cliFiles = filesUnder(cliDir);
      const zipFiles = filesUnder(join(unpacked, `${example}-ansible`));
      expect(cliFiles).toEqual(expect.arrayContaining(['inventory.yml', 'site.yml', 'README.md', 'ansible.cfg', 'requirements.yml', 'vars/extopo.yml']));
      expect(cliFiles.some((f) => /^playbooks\/\d\d-.+\.yml$/.test(f))).toBe(true);
      expect(zipFiles).toEqual(cliFiles);
      for (const file of cliFiles) {
        expect(readFileSync(join(unpacked, `${example}-ansible`, file)).equals(readFileSync(join(cliDir, file))), file).toBe(true);
      }

      // No credential anywhere: the connection user and password come from the operator's vault.
      const inventory = loadYaml(readFileSync(join(unpacked, `${example}-ansible`, 'inventory.yml'), 'utf8')) as { all: { vars: Record<string, unknown> } };
      expect(Object.keys(inventory.all.vars)).not.toContain('ansible_password');
      for (const file of zipFiles) expect(readFileSync(join(unpacked, `${example}-ansible`, file), 'utf8'), file).not.toMatch(/^\s*ansible_(password|user)\s*:/m);
    }, 120_000);
  }

  it('refuses a design with planner errors, as every export does', async () => {
    const broken = JSON.parse(exampleText('seed-lab')) as { design: { servers: { name: string }[] } };
    broken.design.servers[1].name = broken.design.servers[0].name;
    const error = await exportRunbook({ format: 'ansible', text: JSON.stringify(broken) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExportError);
    expect((error as ExportError).kind).toBe('planner');
    expect((error as ExportError).problems.join('\n')).toMatch(/name\.netbios/);
  });
});

describe('the ansible format across the IPC boundary', () => {
  const services = () => {
    const documentsDir = tempDir();
    return { documentsDir, registry: createBrowserServices({ documentsDir, version: 'test', runsDir: tempDir(), exportRunbook }) };
  };

  it('exports the zip through export.runbook, written to the documents folder when a .zip path is given', async () => {
    const { documentsDir, registry } = services();
    const path = join(documentsDir, 'lab-ansible.zip');
    const answer = (await dispatch(registry, 'export.runbook', { format: 'ansible', text: exampleText('seed-lab'), designPath: 'seed-lab.extopo.json', path })) as {
      fileName: string;
      path: string;
      base64: string;
    };
    expect(answer.fileName).toBe('seed-lab-ansible.zip');
    expect(answer.path).toBe(path);
    expect(readFileSync(path).equals(Buffer.from(answer.base64, 'base64'))).toBe(true);
    const tested = unzipTest(path);
    expect(tested.code, tested.out).toBe(0);
    expect(tested.out).toContain('seed-lab-ansible/site.yml');
  });

  it('refuses to save the zip under another extension, and a design is never replaced', async () => {
    const { documentsDir, registry } = services();
    for (const name of ['lab.pdf', 'lab.json', 'lab.extopo.json', '.lab.zip']) {
      const error = await dispatch(registry, 'export.runbook', { format: 'ansible', text: exampleText('seed-lab'), path: join(documentsDir, name) }).catch((e: unknown) => e);
      expect(error, name).toBeInstanceOf(Error);
      expect((error as Error).message, name).toMatch(/Cannot write the runbook/);
    }
    expect(readdirSync(documentsDir)).toEqual([]);
  });

  it('rejects unknown formats at the boundary, before any service runs', async () => {
    const { registry } = services();
    for (const format of ['zip', 'ANSIBLE', 'ansible-dir', '', 42]) {
      const error = await dispatch(registry, 'export.runbook', { format, text: exampleText('seed-lab') }).catch((e: unknown) => e);
      expect(error, String(format)).toBeInstanceOf(IpcValidationError);
      expect((error as IpcValidationError).issues.join(' '), String(format)).toMatch(/^format:/);
    }
    const dialog = await dispatch(registry, 'document.saveDialog', { suggestedName: 'Seed lab', format: 'zip' }).catch((e: unknown) => e);
    expect(dialog).toBeInstanceOf(IpcValidationError);
  });

  it('the save dialog of the browser host names the file .zip', async () => {
    const { documentsDir, registry } = services();
    expect(await dispatch(registry, 'document.saveDialog', { suggestedName: 'seed-lab-ansible.zip', format: 'ansible' })).toEqual({ path: join(documentsDir, 'seed-lab-ansible.zip') });
  });
});
