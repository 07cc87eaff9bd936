// Shared by the Ansible export tests: export a design, read the project back (YAML through the export's own
// schema, so `!unsafe` values come back as Unsafe), walk its tasks in the order Ansible runs them.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateRunbook } from '../../shared/runbook/generate';
import { renderAction } from '../../shared/runbook/scripts';
import type { Runbook, StepAction } from '../../shared/runbook/types';
import type { DesignDocument } from '../../shared/model/types';
import { renderAnsible } from '../../main/exporters/ansible';
import type { AnsibleExport } from '../../main/exporters/ansible';
import { writeAnsibleDirectory } from '../../main/exporters/ansible/export';
import { Unsafe, loadYaml } from '../../main/exporters/ansible/yaml';

export type Task = Record<string, unknown>;

export function runbookOf(doc: DesignDocument): Runbook {
  const generated = generateRunbook(doc, { generatedAt: '2026-01-01T00:00:00.000Z' });
  if (!generated.ok) throw new Error(generated.message);
  return generated.runbook;
}

export function fileOf(project: AnsibleExport, path: string): string {
  const file = project.files.find((f) => f.path === path);
  if (!file) throw new Error(`no ${path} in the export`);
  return file.text;
}

/** The plain value of a YAML scalar (Unsafe unwrapped). */
export function text(value: unknown): string {
  if (value instanceof Unsafe) return value.text;
  if (typeof value === 'string') return value;
  throw new Error(`not a string: ${JSON.stringify(value)}`);
}

/** Every task, in the order site.yml runs them. */
export function tasksInOrder(project: AnsibleExport): Task[] {
  const site = loadYaml(fileOf(project, 'site.yml')) as Task[];
  const tasks: Task[] = [];
  for (const entry of site) {
    const path = entry['ansible.builtin.import_playbook'];
    if (typeof path !== 'string') continue;
    const plays = loadYaml(fileOf(project, path)) as Task[];
    for (const play of plays) tasks.push(...((play.tasks as Task[] | undefined) ?? []));
  }
  return tasks;
}

/** The module key of a task (the one key with a "." besides the keywords). */
export function moduleOf(task: Task): string {
  const key = Object.keys(task).find((k) => k.includes('.'));
  if (!key) throw new Error(`task without a module: ${JSON.stringify(task.name)}`);
  return key;
}

export function stepIdOf(task: Task): string {
  return text(task.name).split(' ')[0];
}

/** The driver's parameters of a win_powershell task, unwrapped. */
export function driverParameters(task: Task): Record<string, unknown> {
  const args = task['ansible.windows.win_powershell'] as { parameters: Record<string, unknown> };
  return Object.fromEntries(Object.entries(args.parameters).map(([k, v]) => [k, v instanceof Unsafe ? v.text : v]));
}

export function exportOf(doc: DesignDocument): { runbook: Runbook; project: AnsibleExport } {
  const runbook = runbookOf(doc);
  return { runbook, project: renderAnsible(runbook, doc.design, { designFile: 'test.extopo.json' }) };
}

const dirs: string[] = [];
export function tempDir(prefix = 'extopo-ansible-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}
export function cleanTempDirs(): void {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
}

export async function writeProject(project: AnsibleExport, dir: string): Promise<string> {
  await writeAnsibleDirectory(dir, project.files);
  return dir;
}

// Hostile values (the PowerShell set of test/runbook/parse-all.test.ts, plus what YAML and Jinja2 would act on).

export const HOSTILE = [
  "x'; Remove-Item -Recurse -Force C:\\; '",
  'x\u2019; Stop-Computer -Force; \u2018',
  '$(Stop-Computer -Force)',
  '"; Stop-Computer; "',
  "'@\nStop-Computer\n@'",
  'a`\nStop-Computer #',
  '#> Stop-Computer <#',
  '${env:ComSpec} | & cmd /c calc',
  "\u201A\u201B''\u2018\u2019",
  "{{ lookup('pipe', 'touch /tmp/extopo-pwned') }}",
  "{% for x in range(3) %}{{ x }}{% endfor %}",
  '{# comment #}',
  '!unsafe x',
  '&anchor *alias',
  '- name: injected\n  ansible.builtin.command: id',
  'key: value # comment',
  '--- \n... \n%YAML 1.1',
  '   leading and trailing   ',
  'tab\there\r\nCRLF \u2028 \u0085 end',
  '@{ }',
  '',
];
const ENUM_FIELDS = new Set(['kind', 'mode', 'protocol', 'affinity', 'startupType', 'version', 'edition', 'roles', 'cmdlet']);

function poison(value: unknown, key: string, counter: { n: number }): unknown {
  if (ENUM_FIELDS.has(key)) return value;
  if (typeof value === 'string') return HOSTILE[counter.n++ % HOSTILE.length];
  if (Array.isArray(value)) return value.map((v) => poison(v, key, counter));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, poison(v, k, counter)]));
  return value;
}

/** Attacker text in every free-text value of every step (titles, checklists, action fields → script and check). */
export function hostileRunbook(runbook: Runbook): Runbook {
  const counter = { n: 0 };
  const steps = runbook.steps.map((step) => {
    const action = poison(step.action, '', counter) as StepAction;
    const { script, check } = renderAction(action, { restarts: step.restarts });
    return { ...step, title: HOSTILE[counter.n++ % HOSTILE.length], action, script, check, notes: step.notes.map(() => HOSTILE[counter.n++ % HOSTILE.length]) };
  });
  return { ...runbook, title: HOSTILE[9], organization: HOSTILE[10], contentHash: HOSTILE[14], steps };
}

