// The Ansible export in the loop (issue 17): the playbook's tasks, in task order, run against the host double —
// each win_powershell task runs the exported step driver (vars/extopo.yml) with the task's parameters, exactly as
// win_powershell would (a $Ansible object, the parameters splatted), in the lane of the server the task is gated to;
// the three modules the export uses are played by the smallest PowerShell doing their documented behaviour
// (win_feature: Install-WindowsFeature, else Add-WindowsFeature, of the feature list, no -Restart; win_service: Set-Service -StartupType;
// win_reboot: Restart-Computer, then the wait for the host); operator `pause` tasks are confirmed. The end state
// must be the executor's, and a second pass must change nothing. Seed-lab only (time). Needs pwsh.
import { afterAll, expect } from 'vitest';
import { ps, psJoin } from '../../shared/powershell/template';
import type { RunbookStep } from '../../shared/runbook/types';
import { Credential, planRun } from '../../main/executor';
import { LabWorld } from '../../main/lab';
import { HostDoubleTransport } from '../../main/lab/double/transport';
import { STEP_DRIVER } from '../../main/exporters/ansible';
import type { DriverResult } from '../../main/exporters/ansible/driver';
import { loadYaml } from '../../main/exporters/ansible/yaml';
import { loadExample } from '../fixtures/designs';
import { describePwsh, itPwsh } from '../support/pwsh';
import { cleanTempDirs, driverParameters, exportOf, fileOf, moduleOf, stepIdOf, tasksInOrder, tempDir, text } from './ansible-helpers';
import type { Task } from './ansible-helpers';

afterAll(cleanTempDirs);

const TEST_MS = 600_000;
const credential = new Credential({ userName: 'LAB\\test', password: '' });
const MARK = 'EXTOPO-ANSIBLE ';

/** The world without what a run records about itself (executions, fault counters) and without clock times. */
function stateOf(world: LabWorld): unknown {
  const { executions: _executions, faults: _faults, ...rest } = world.snapshot();
  return JSON.parse(JSON.stringify(rest, (key: string, value: unknown) => (key === 'createdAt' || key === 'downUntil' ? '<time>' : value)));
}

interface Registered {
  changed: boolean;
  reboot_required?: boolean;
  result?: DriverResult;
}

/** Evaluates the few `when` forms the export writes, for one host (normal mode, attended, nothing confirmed). */
function whenHolds(task: Task, host: string, registered: Map<string, Registered>): boolean {
  const conditions = task.when === undefined ? [] : Array.isArray(task.when) ? (task.when as string[]) : [task.when as string];
  return conditions.every((c) => {
    let m = /^inventory_hostname == '([^']+)'$/.exec(c);
    if (m) return m[1] === host;
    m = /^(extopo_\d+)\.(reboot_required|result\.reboot_required) \| default\(false\)$/.exec(c);
    if (m) {
      const r = registered.get(m[1]);
      return m[2] === 'reboot_required' ? r?.reboot_required === true : r?.result?.reboot_required === true;
    }
    if (c === 'not ansible_check_mode') return true;
    if (c.startsWith('not (extopo_unattended')) return true;
    if (c.startsWith('extopo_unattended')) return false;
    if (/not in \(extopo_confirmed_steps/.test(c)) return true;
    throw new Error(`a condition this test does not know: ${c}`);
  });
}

async function playTasks(tasks: readonly Task[], steps: ReadonlyMap<string, RunbookStep>, transport: HostDoubleTransport, driver: string): Promise<{ changed: string[]; ran: number }> {
  const registered = new Map<string, Registered>();
  const changed: string[] = [];
  let ran = 0;
  for (const task of tasks) {
    const step = steps.get(stepIdOf(task)) as RunbookStep;
    const host = step.target.kind === 'operator' ? '' : step.target.serverName;
    if (!whenHolds(task, host, registered)) continue;
    ran++;
    const module = moduleOf(task);
    const name = text(task.name);
    const call = async (lane: 'host' | 'ems', script: string): Promise<Registered> => {
      const outcome = await transport.invoke(host, lane, script, { stepId: step.id });
      if (outcome.status !== 'ok') throw new Error(`${name}: ${JSON.stringify(outcome).slice(0, 2000)}`);
      const line = outcome.lines.map((l) => l.text).find((l) => l.startsWith(MARK));
      if (!line) throw new Error(`${name}: no result line in ${JSON.stringify(outcome.lines).slice(0, 2000)}`);
      return JSON.parse(line.slice(MARK.length)) as Registered;
    };
    let result: Registered;
    switch (module) {
      case 'ansible.windows.win_powershell': {
        const p = driverParameters(task);
        const args = Object.entries({ ...p, AfterWouldRun: false, PostCheckDelaySeconds: 0 });
        const assignments = psJoin(args.map(([k, v]) => ps`$parameters[${k}] = ${v as string | boolean | number}`));
        const code = ps`
          $Ansible = New-Object -TypeName PSObject -Property @{ CheckMode = $false; Changed = $true; Failed = $false; Result = @{}; Diff = @{}; Verbosity = 0; Tmpdir = '' }
          $parameters = @{}
          ${assignments}
          & ([scriptblock]::Create(${driver})) @parameters
          Write-Output (${MARK} + (ConvertTo-Json -Compress -Depth 4 -InputObject @{ changed = [bool]$Ansible.Changed; result = $Ansible.Result }))`;
        result = await call(p.Target === 'ems' ? 'ems' : 'host', code.text);
        break;
      }
      case 'ansible.windows.win_feature': {
        const a = task[module] as { name: unknown[]; source?: unknown };
        const names = a.name.map(text);
        const source = a.source === undefined ? '' : text(a.source);
        const code = ps`
          Import-Module ServerManager
          $splat = @{ Name = ${names}; ErrorAction = 'Stop' }
          if (Get-Command -Name Install-WindowsFeature -ErrorAction SilentlyContinue) {
            if (${source} -ne '') { $splat.Source = ${source} }
            $r = Install-WindowsFeature @splat
          } else { $r = Add-WindowsFeature @splat }
          $changed = @($r.FeatureResult).Count -gt 0
          Write-Output (${MARK} + (ConvertTo-Json -Compress -InputObject @{ changed = $changed; reboot_required = ([string]$r.RestartNeeded -eq 'Yes') }))`;
        result = await call('host', code.text);
        break;
      }
      case 'ansible.windows.win_service': {
        const a = task[module] as { name: unknown; start_mode: string };
        expect(a.start_mode).toBe('auto');
        const code = ps`
          $service = @(Get-WmiObject -Class Win32_Service | Where-Object { $_.Name -eq ${text(a.name)} })
          $change = ($service.Count -eq 1) -and ($service[0].StartMode -ne 'Auto')
          if ($change) { Set-Service -Name ${text(a.name)} -StartupType Automatic -ErrorAction Stop }
          Write-Output (${MARK} + (ConvertTo-Json -Compress -InputObject @{ changed = $change }))`;
        result = await call('host', code.text);
        break;
      }
      case 'ansible.windows.win_reboot': {
        await transport.invoke(host, 'host', 'Restart-Computer -Force', { stepId: step.id });
        const waited = await transport.waitForHost({ host, credential, timeoutMs: 60_000, signal: new AbortController().signal });
        if (!waited.ok) throw new Error(`${name}: ${waited.error}`);
        result = { changed: true };
        break;
      }
      case 'ansible.builtin.pause':
        transport.operatorConfirmed(step);
        result = { changed: false };
        break;
      case 'ansible.builtin.meta':
        result = { changed: false };
        break;
      default:
        throw new Error(`${name}: a module this test does not play: ${module}`);
    }
    if (typeof task.register === 'string') registered.set(task.register, result);
    if (result.changed) changed.push(name);
  }
  return { changed, ran };
}

describePwsh('the exported playbook against the host double (seed-lab)', () => {
  itPwsh(
    "runs every task's PowerShell in task order to the executor's end state; a second pass changes nothing",
    async () => {
      const doc = loadExample('seed-lab');
      const { runbook, project } = exportOf(doc);
      const driver = text((loadYaml(fileOf(project, 'vars/extopo.yml')) as Record<string, unknown>).extopo_step_driver);
      expect(driver).toBe(STEP_DRIVER);
      const steps = new Map(runbook.steps.map((s) => [s.id, s]));

      // The executor, on its own world.
      const reference = LabWorld.create(doc.design);
      const refTransport = new HostDoubleTransport({ world: reference });
      const executor = planRun({
        runbook,
        hosts: Object.fromEntries(doc.design.servers.map((s) => [s.name, s.fqdn || s.name])),
        credential,
        transport: refTransport,
        options: { runsDir: tempDir(), autoConfirm: { by: 'test', reason: 'ansible double test' }, stepTimeoutMs: 120_000, restartTimeoutMs: 5_000 },
      });
      const summary = await executor.start();
      await executor.close();
      expect(summary.status).toBe('succeeded');

      // The playbook, on a fresh world.
      const world = LabWorld.create(doc.design);
      const transport = new HostDoubleTransport({ world });
      try {
        const tasks = tasksInOrder(project);
        const first = await playTasks(tasks, steps, transport, driver);
        expect(first.ran).toBeGreaterThan(runbook.steps.length);
        expect(first.changed.length).toBeGreaterThan(20);
        expect(stateOf(world)).toEqual(stateOf(reference));
        const second = await playTasks(tasks, steps, transport, driver);
        expect(second.changed).toEqual([]);
        expect(stateOf(world)).toEqual(stateOf(reference));
      } finally {
        await transport.close();
      }
    },
    TEST_MS,
  );
});
