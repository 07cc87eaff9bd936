// The Ansible export against Ansible itself (issue 17): every template and example exports a project that passes
// `ansible-playbook --syntax-check` and `ansible-lint` (profile production, one lint process for all of them), and
// hostile values stay data for Ansible's own loader and templar. Needs ansible-playbook and ansible-lint (skips
// without them; fails under EXTOPO_REQUIRE_ANSIBLE=1, as in CI).
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect } from 'vitest';
import { loadDesignText } from '../../shared/model/load';
import { templateNames, templateText } from '../../shared/templates';
import { renderAnsible } from '../../main/exporters/ansible';
import type { AnsibleExport } from '../../main/exporters/ansible';
import { EXAMPLE_NAMES, loadExample } from '../fixtures/designs';
import { describeAnsible, itAnsible, requireAnsible } from '../support/ansible';
import { cleanTempDirs, exportOf, fileOf, hostileRunbook, tempDir, writeProject } from './ansible-helpers';

const run = promisify(execFile);
const ENV = { ...process.env, ANSIBLE_NOCOLOR: '1', NO_COLOR: '1', ANSIBLE_LOCALHOST_WARNING: 'False', ANSIBLE_INVENTORY_UNPARSED_WARNING: 'False' };
const LINT_MS = 1_500_000;

async function sh(command: string, args: readonly string[], cwd: string): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await run(command, [...args], { cwd, env: ENV, maxBuffer: 64 * 1024 * 1024, timeout: LINT_MS });
    return { code: 0, out: `${stdout}${stderr}` };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string; message: string };
    return { code: typeof e.code === 'number' ? e.code : 1, out: `${e.stdout ?? ''}${e.stderr ?? ''}${e.message}` };
  }
}

function projectsToCheck(): { name: string; project: AnsibleExport }[] {
  const out = EXAMPLE_NAMES.map((name) => ({ name: `example-${name}`, project: exportOf(loadExample(name)).project }));
  for (const name of templateNames()) {
    const loaded = loadDesignText(templateText(name));
    if (!loaded.ok) throw new Error(`template ${name} does not load`);
    out.push({ name: `template-${name}`, project: exportOf(loaded.document).project });
  }
  return out;
}

afterAll(cleanTempDirs);

describeAnsible('the exported projects, checked by Ansible', () => {
  let root = '';
  let names: string[] = [];
  beforeAll(async () => {
    requireAnsible();
    root = tempDir();
    // Templates that are examples export the same project: each distinct project is checked once.
    const seen = new Set<string>();
    const projects = projectsToCheck().filter((p) => {
      const key = JSON.stringify(p.project.files);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    names = projects.map((p) => p.name);
    for (const { name, project } of projects) await writeProject(project, join(root, name));
    // One ansible-lint process for every project: the projects' own configuration, at their common root.
    const first = projects[0].project;
    writeFileSync(join(root, '.ansible-lint'), fileOf(first, '.ansible-lint'));
    writeFileSync(join(root, '.yamllint'), fileOf(first, '.yamllint'));
  }, 120_000);

  itAnsible(
    'every template and example passes ansible-playbook --syntax-check',
    async () => {
      expect(names.length).toBeGreaterThanOrEqual(EXAMPLE_NAMES.length);
      for (const name of names) {
        const { code, out } = await sh('ansible-playbook', ['--syntax-check', '-i', 'inventory.yml', 'site.yml'], join(root, name));
        expect(code, `${name}:\n${out}`).toBe(0);
        expect(out).not.toMatch(/\[WARNING\]/);
      }
    },
    300_000,
  );

  itAnsible(
    'every template and example passes ansible-lint with the production profile, no failure and no warning',
    async () => {
      const { code, out } = await sh('ansible-lint', ['--offline', '--nocolor'], root);
      expect(code, out).toBe(0);
      expect(out).toMatch(/Passed with production profile: 0 failure\(s\), 0 warning\(s\)/);
      expect(out).not.toMatch(/Traceback|Error in matching/);
    },
    LINT_MS,
  );
});

/** Loads every playbook with Ansible's loader and templates every value of every task's arguments with its templar. */
const TEMPLAR_PROBE = String.raw`
import json, sys, glob
from ansible.parsing.dataloader import DataLoader
from ansible.template import Templar
loader = DataLoader()
templar = Templar(loader=loader, variables={})
changed = []
count = 0
def walk(value, path):
    global count
    if isinstance(value, dict):
        for k, v in value.items():
            if k in ('script', 'AfterWouldRun'):
                continue
            walk(v, path + '.' + str(k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            walk(v, path + '[' + str(i) + ']')
    elif isinstance(value, str):
        count += 1
        out = templar.template(value)
        if out != value:
            changed.append(path)
for f in sorted(glob.glob('playbooks/*.yml')):
    for play in loader.load_from_file(f):
        for task in play.get('tasks', []):
            for key, args in task.items():
                if '.' in key:
                    walk(args, f + ':' + str(task.get('name')) + ':' + key)
print(json.dumps({'changed': changed, 'count': count}))
`;

describeAnsible('hostile values, for Ansible', () => {
  itAnsible(
    'a runbook with attacker text everywhere still passes --syntax-check, and Ansible templates none of it',
    async () => {
      requireAnsible();
      const pwned = '/tmp/extopo-pwned';
      rmSync(pwned, { force: true });
      const doc = loadExample('multi-role-hlb');
      const project = renderAnsible(hostileRunbook(exportOfRunbook(doc)), doc.design);
      const dir = await writeProject(project, tempDir());
      const syntax = await sh('ansible-playbook', ['--syntax-check', '-i', 'inventory.yml', 'site.yml'], dir);
      expect(syntax.code, syntax.out).toBe(0);
      const listed = await sh('ansible-playbook', ['--list-tasks', '-i', 'inventory.yml', 'site.yml'], dir);
      expect(listed.code, listed.out).toBe(0);
      writeFileSync(join(dir, 'probe.py'), TEMPLAR_PROBE);
      // The Python that runs Ansible (the interpreter line of ansible-playbook), which has its modules.
      const where = await sh('sh', ['-c', 'command -v ansible-playbook'], dir);
      const python = /^#!\s*(\S+)/.exec(readFileSync(where.out.trim().split('\n')[0], 'utf8'))?.[1] ?? 'python3';
      const probe = await sh(python, ['probe.py'], dir);
      expect(probe.code, probe.out).toBe(0);
      const result = JSON.parse(probe.out.trim().split('\n').pop() as string) as { changed: string[]; count: number };
      expect(result.count).toBeGreaterThan(100);
      expect(result.changed).toEqual([]);
      expect(existsSync(pwned)).toBe(false);
    },
    300_000,
  );
});

function exportOfRunbook(doc: ReturnType<typeof loadExample>) {
  return exportOf(doc).runbook;
}
