// The Ansible export (issue 17), without Ansible: the project's shape, one task per step in the runbook's order,
// the PowerShell of each task is the runbook's own text, no credentials, hostile values stay data.
import { describe, expect, it } from 'vitest';
import { renderAction } from '../../shared/runbook/scripts';
import type { Runbook, RunbookStep } from '../../shared/runbook/types';
import { isCheckOnly } from '../../main/executor/plan';
import { AnsibleExportError, MODULE_STEPS, STEP_DRIVER, renderAnsible, taskName } from '../../main/exporters/ansible';
import { loadYaml } from '../../main/exporters/ansible/yaml';
import { EXAMPLE_NAMES, loadExample } from '../fixtures/designs';
import { driverParameters, exportOf, fileOf, hostileRunbook, moduleOf, stepIdOf, tasksInOrder, text } from './ansible-helpers';

describe('the Ansible export of every example', () => {
  for (const name of EXAMPLE_NAMES) {
    it(`${name}: every step is a task named by its id, in the runbook's order, with the runbook's own PowerShell`, () => {
      const { runbook, project } = exportOf(loadExample(name));
      const tasks = tasksInOrder(project);
      // Each step's tasks are together and in runbook order; each task name starts with "<step id> ".
      const order = tasks.map(stepIdOf).filter((id, i, all) => i === 0 || all[i - 1] !== id);
      expect(order).toEqual(runbook.steps.map((s) => s.id));
      const byId = new Map(runbook.steps.map((s) => [s.id, s]));
      let driverTasks = 0;
      for (const task of tasks) {
        const step = byId.get(stepIdOf(task)) as RunbookStep;
        expect(text(task.name).startsWith(`${step.id} ${taskName(step.title)}`), text(task.name)).toBe(true);
        if (step.target.kind !== 'operator') expect(JSON.stringify(task.when)).toContain(`inventory_hostname == '${step.target.serverName}'`);
        if (moduleOf(task) !== 'ansible.windows.win_powershell') continue;
        driverTasks++;
        const p = driverParameters(task);
        // One source: the text the executor runs, which is the text the .ps1 renders from the same action.
        expect(p.Check, step.id).toBe(step.check);
        expect(p.Script, step.id).toBe(step.script);
        const rendered = renderAction(step.action, { restarts: step.restarts });
        expect(p.Check).toBe(rendered.check);
        expect(p.Script).toBe(rendered.script);
        expect(p.StepId).toBe(step.id);
        expect(p.Target).toBe(step.target.kind);
        expect(p.CheckOnly).toBe(isCheckOnly(step));
        expect(p.SupportsWhatIf).toBe(step.supportsWhatIf);
        expect((task['ansible.windows.win_powershell'] as { script: string }).script).toBe('{{ extopo_step_driver }}');
      }
      expect(driverTasks).toBeGreaterThan(runbook.steps.length / 2);
      // Steps done by a module are only the documented kinds.
      for (const task of tasks) {
        const module = moduleOf(task);
        if (['ansible.windows.win_feature', 'ansible.windows.win_service'].includes(module)) {
          expect(Object.keys(MODULE_STEPS)).toContain(byId.get(stepIdOf(task))?.action.kind);
        }
      }
    });
  }

  it('writes the project files; the driver is stored once; no credential anywhere', () => {
    const { runbook, project } = exportOf(loadExample('multi-role-hlb'));
    const paths = project.files.map((f) => f.path);
    for (const p of ['inventory.yml', 'site.yml', 'README.md', 'vars/extopo.yml', 'requirements.yml', 'ansible.cfg', '.ansible-lint', '.yamllint']) expect(paths).toContain(p);
    const vars = loadYaml(fileOf(project, 'vars/extopo.yml')) as Record<string, unknown>;
    expect(text(vars.extopo_step_driver)).toBe(STEP_DRIVER);
    for (const f of project.files) {
      if (f.path !== 'README.md') expect(f.text, f.path).not.toMatch(/ansible_(password|pass|user|become_password)\s*:/);
      if (f.path.startsWith('playbooks/')) expect(f.text).not.toContain('[CmdletBinding');
    }
    const readme = fileOf(project, 'README.md');
    for (const s of ['ansible.windows', 'pywinrm', '--check', '--limit', '--start-at-task', 'production', 'ansible_user', 'ansible_password', 'extopo_unattended', 'extopo_confirmed_steps']) expect(readme).toContain(s);
    for (const s of runbook.steps.filter((x) => x.target.kind === 'operator')) expect(readme).toContain(s.id);
    expect(loadYaml(fileOf(project, '.ansible-lint'))).toMatchObject({ profile: 'production' });
  });

  it('groups the inventory by role, site, DAG and NLB cluster, with WinRM variables', () => {
    const doc = loadExample('large-lagged');
    const { project } = exportOf(doc);
    const inventory = loadYaml(fileOf(project, 'inventory.yml')) as { all: { vars: Record<string, unknown>; children: Record<string, { hosts: Record<string, unknown> }> } };
    expect(inventory.all.vars).toMatchObject({ ansible_connection: 'winrm', ansible_winrm_transport: 'kerberos' });
    const groups = Object.keys(inventory.all.children);
    expect(Object.keys(inventory.all.children.extopo.hosts).sort()).toEqual(expect.arrayContaining(doc.design.servers.map((s) => s.name).sort()));
    expect(groups.some((g) => g.startsWith('role_'))).toBe(true);
    expect(groups.filter((g) => g.startsWith('site_')).length).toBe(new Set(doc.design.servers.map((s) => s.siteId)).size);
    if (doc.design.dags.length > 0) expect(groups.some((g) => g.startsWith('dag_'))).toBe(true);
    const seed = exportOf(loadExample('seed-lab')).project;
    expect(fileOf(seed, 'inventory.yml')).toMatch(/\n {4}nlb_/);
    for (const g of groups) expect(g).toMatch(/^[a-z][a-z0-9_]*$/);
  });

  it('operator steps pause, or stop an unattended run unless confirmed', () => {
    const { runbook, project } = exportOf(loadExample('multi-role-hlb'));
    const operator = runbook.steps.find((s) => s.target.kind === 'operator') as RunbookStep;
    const tasks = tasksInOrder(project).filter((t) => stepIdOf(t) === operator.id);
    expect(tasks.map(moduleOf)).toEqual(['ansible.builtin.pause', 'ansible.builtin.fail']);
    const prompt = text((tasks[0]['ansible.builtin.pause'] as { prompt: unknown }).prompt);
    if (operator.action.kind === 'operator') for (const line of operator.action.checklist) expect(prompt).toContain(line);
    expect(JSON.stringify(tasks[0].when)).toContain('extopo_unattended');
    expect(JSON.stringify(tasks[1].when)).toContain('extopo_confirmed_steps');
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Hostile values (the PowerShell set of test/runbook/parse-all.test.ts, plus what YAML and Jinja2 would act on).

describe('hostile values stay data', () => {
  it('every hostile value reads back from the YAML exactly (scripts, checks, checklists) and names carry no template', () => {
    const doc = loadExample('multi-role-hlb');
    const { runbook } = exportOf(doc);
    const hostile = hostileRunbook(runbook);
    const project = renderAnsible(hostile, doc.design);
    const tasks = tasksInOrder(project);
    const byId = new Map(hostile.steps.map((s) => [s.id, s]));
    for (const task of tasks) {
      const step = byId.get(stepIdOf(task)) as RunbookStep;
      expect(text(task.name)).not.toContain('{');
      if (moduleOf(task) === 'ansible.windows.win_powershell') {
        const p = driverParameters(task);
        expect(p.Check).toBe(step.check);
        expect(p.Script).toBe(step.script);
      }
      if (moduleOf(task) === 'ansible.builtin.pause' && step.action.kind === 'operator') {
        const prompt = text((task['ansible.builtin.pause'] as { prompt: unknown }).prompt);
        for (const line of step.action.checklist) expect(prompt).toContain(line);
      }
    }
    // Every string that holds design text is !unsafe: Jinja never sees it. No bare "{{" outside the expressions we wrote.
    for (const f of project.files.filter((x) => x.path.endsWith('.yml'))) {
      for (const line of f.text.split('\n')) {
        if (!line.includes('{{')) continue;
        expect(line, `${f.path}: ${line}`).toMatch(/"\{\{ (extopo_step_driver|ansible_user|ansible_check_mode and \(.*\)) \}\}"$|^\s{8,}\S|!unsafe/);
      }
    }
  });

  it('refuses a server name or step id that could not stay data in an inventory or a task name', () => {
    const doc = loadExample('seed-lab');
    const { runbook } = exportOf(doc);
    const step = runbook.steps.find((s) => s.target.kind === 'host') as RunbookStep;
    const badName: Runbook = { ...runbook, steps: runbook.steps.map((s) => (s === step ? { ...s, target: { ...step.target, serverName: "EX3' or true or '" } as RunbookStep['target'] } : s)) };
    expect(() => renderAnsible(badName, doc.design)).toThrow(AnsibleExportError);
    const badId: Runbook = { ...runbook, steps: runbook.steps.map((s) => (s === step ? { ...s, id: `${s.id} [x]*` } : s)) };
    expect(() => renderAnsible(badId, doc.design)).toThrow(AnsibleExportError);
    const design = { ...doc.design, servers: doc.design.servers.map((s, i) => (i === 0 ? { ...s, name: 'EX{{x}}' } : s)) };
    expect(() => renderAnsible(runbook, design)).toThrow(AnsibleExportError);
  });
});
