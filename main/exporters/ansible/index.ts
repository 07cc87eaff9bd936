// The runbook as an Ansible project (issue 17): the same steps, order, checks and dry run, for the automation engine
// an organization already has (ansible-playbook, AWX / Automation Platform).
//
// Output (a directory, returned as files):
//   inventory.yml        every server, grouped by role, AD site, DAG and NLB cluster; WinRM connection variables.
//                        No credential is ever written: ansible_user / ansible_password come from the engine's vault.
//   site.yml             imports one playbook per run of consecutive steps of one phase, in the runbook's order.
//   playbooks/NN-*.yml   one play each; one task (or a few) per step, each task's name starting with the step id.
//   vars/extopo.yml      the step driver (driver.ts): the one PowerShell script every win_powershell task runs.
//   README.md, ansible.cfg, requirements.yml, .ansible-lint, .yamllint
//
// One source: a win_powershell task passes the step's `check` and `script` strings of the runbook — the text the
// executor runs and the .ps1 renders from the same renderActionCode — as parameters to the driver; nothing is
// re-rendered here. Three kinds of step use a module whose documented behaviour is the step's (win_feature for
// install-features, win_service for set-service-startup, win_reboot for restarts); see MODULE_STEPS.
//
// Hosts: every task is gated with `when: inventory_hostname == '<server>'` inside a play over all servers, so a
// step runs on exactly the server the runbook names (EMS and DNS steps too), one task at a time in runbook order,
// `--limit` to a site's group runs that site's steps only, and registered results stay on the server that ran
// the step. Server names and step ids are the only design values inside Jinja expressions; both are checked
// against the design file's own character rules first (names: letters, digits, hyphens; ids: letters, digits,
// "_", ".", ":", "-"), and everything else that carries design text is a `!unsafe` YAML scalar (yaml.ts).
import { PHASES } from '../../../shared/runbook/types';
import type { Phase, Runbook, RunbookStep } from '../../../shared/runbook/types';
import { RESTART_TIMEOUT_SECONDS } from '../../../shared/runbook/ps1';
import type { Design, Role } from '../../../shared/model/types';
import { isCheckOnly } from '../../executor/plan';
import { STEP_DRIVER } from './driver';
import type { DriverParameters } from './driver';
import { renderReadme } from './readme';
import { dumpYaml, unsafe } from './yaml';

export { STEP_DRIVER } from './driver';

/** The ansible-lint profile the exported project is written for (also in its README and .ansible-lint). */
export const ANSIBLE_LINT_PROFILE = 'production';
/** The oldest ansible.windows with everything the playbook uses (win_powershell's $Ansible.CheckMode: 1.5.0). */
export const ANSIBLE_WINDOWS_MIN_VERSION = '1.13.0';
/** Variables the operator sets (extra vars, an AWX survey or the inventory); they have defaults in the playbook. */
export const UNATTENDED_VARIABLE = 'extopo_unattended';
export const CONFIRMED_VARIABLE = 'extopo_confirmed_steps';
/** The group of every server, the hosts of every play. */
export const ALL_GROUP = 'extopo';

export interface AnsibleFile {
  /** Relative path inside the exported directory, with "/" separators. */
  readonly path: string;
  readonly text: string;
}

export interface AnsibleExport {
  readonly files: readonly AnsibleFile[];
}

export interface AnsibleOptions {
  /** The design file's name, for the README. */
  readonly designFile?: string;
}

/** A runbook the Ansible export refuses (a value that cannot be an inventory host name or a task id). */
export class AnsibleExportError extends Error {
  override readonly name = 'AnsibleExportError';
}

const HOST_NAME = /^[A-Za-z0-9][A-Za-z0-9-]{0,62}$/;
const STEP_ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,199}$/;

/** Step kinds done by a module rather than by the driver (same semantics as the step's script and check). */
export const MODULE_STEPS = {
  'install-features': 'ansible.windows.win_feature (Add-WindowsFeature / Install-WindowsFeature, -Source; reboot_required → win_reboot when the step restarts)',
  'set-service-startup': 'ansible.windows.win_service (start_mode: auto = StartMode Auto)',
  'restart-if-pending': "the step's check (win_powershell) decides; ansible.windows.win_reboot restarts; the check runs again",
} as const;

const ROLE_GROUPS: Readonly<Record<Role, string>> = { CAS: 'role_cas', HT: 'role_hub_transport', MB: 'role_mailbox', UM: 'role_unified_messaging', Edge: 'role_edge' };

function hostName(name: string, what: string): string {
  if (!HOST_NAME.test(name)) throw new AnsibleExportError(`${what} ${JSON.stringify(name)} is not a host name Ansible can use (letters, digits and hyphens only).`);
  return name;
}

function checkStepId(id: string): string {
  if (!STEP_ID.test(id)) throw new AnsibleExportError(`step id ${JSON.stringify(id)} cannot name an Ansible task (letters, digits, "_", ".", ":" and "-" only).`);
  return id;
}

/** A group-name part: lower-case letters, digits and "_" (Ansible's rule for group names). */
function groupSlug(text: string): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toLowerCase();
  return slug === '' ? 'x' : slug;
}

class GroupNames {
  readonly #used = new Set<string>([ALL_GROUP, 'all', 'ungrouped', ...Object.values(ROLE_GROUPS), 'extopo_other']);
  take(prefix: string, text: string): string {
    const base = `${prefix}_${groupSlug(text)}`.slice(0, 60);
    let name = base;
    for (let n = 2; this.#used.has(name); n++) name = `${base}_${n}`;
    this.#used.add(name);
    return name;
  }
}

/** A task or play name Ansible displays but never templates: without "{" (and "}" to match). */
export function taskName(text: string): string {
  return text.replace(/\{/g, '(').replace(/\}/g, ')');
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

// ---------------------------------------------------------------------------------------------------------------
// Inventory

interface InventoryHost {
  readonly name: string;
  readonly vars: Record<string, unknown>;
}

interface Inventory {
  readonly text: string;
  /** Lower-case server name → inventory host name. */
  readonly hosts: ReadonlyMap<string, string>;
  /** Group names of the sites, for the README (site name → group). */
  readonly siteGroups: readonly { readonly site: string; readonly group: string }[];
  readonly groups: readonly string[];
}

function renderInventory(runbook: Runbook, design: Design): Inventory {
  const hosts = new Map<string, InventoryHost>();
  const add = (name: string, vars: Record<string, unknown>): string => {
    const key = name.toLowerCase();
    const existing = hosts.get(key);
    if (existing) return existing.name;
    hosts.set(key, { name: hostName(name, 'server name'), vars });
    return name;
  };
  const byId = new Map(design.servers.map((s) => [s.id, s]));
  for (const server of design.servers) {
    const edge = server.roles.includes('Edge') || server.domainJoined === false;
    add(server.name, {
      ansible_host: unsafe(server.fqdn !== '' ? server.fqdn : server.name),
      // Outside the domain (Edge Transport in the perimeter): no Kerberos; NTLM over HTTPS, as docs/real-hosts.md says.
      ...(edge ? { ansible_port: 5986, ansible_winrm_scheme: 'https', ansible_winrm_transport: 'ntlm' } : {}),
    });
  }
  const other: string[] = [];
  for (const step of runbook.steps) {
    if (step.target.kind === 'operator') continue;
    const key = step.target.serverName.toLowerCase();
    if (!hosts.has(key)) {
      add(step.target.serverName, { ansible_host: unsafe(step.target.serverName) });
      other.push(step.target.serverName);
    }
  }
  const names = new GroupNames();
  const children: Record<string, unknown> = {};
  const members = (ids: readonly string[]): Record<string, null> =>
    Object.fromEntries([...new Set(ids.map((id) => byId.get(id)?.name).filter((n): n is string => n !== undefined))].map((n) => [hosts.get(n.toLowerCase())?.name ?? n, null]));
  children[ALL_GROUP] = { hosts: Object.fromEntries([...hosts.values()].map((h) => [h.name, h.vars])) };
  for (const role of Object.keys(ROLE_GROUPS) as Role[]) {
    const ids = design.servers.filter((s) => s.roles.includes(role)).map((s) => s.id);
    if (ids.length > 0) children[ROLE_GROUPS[role]] = { hosts: members(ids) };
  }
  const siteGroups: { site: string; group: string }[] = [];
  for (const site of design.sites) {
    const ids = design.servers.filter((s) => s.siteId === site.id).map((s) => s.id);
    if (ids.length === 0) continue;
    const group = names.take('site', site.name);
    siteGroups.push({ site: site.name, group });
    children[group] = { hosts: members(ids), vars: { extopo_site: unsafe(site.name) } };
  }
  for (const dag of design.dags) {
    if (dag.memberIds.length === 0) continue;
    children[names.take('dag', dag.name)] = { hosts: members(dag.memberIds), vars: { extopo_dag: unsafe(dag.name) } };
  }
  for (const cluster of design.nlbClusters) {
    if (cluster.members.length === 0) continue;
    children[names.take('nlb', cluster.fqdn !== '' ? cluster.fqdn : cluster.id)] = {
      hosts: members(cluster.members.map((m) => m.serverId)),
      vars: { extopo_nlb_cluster: unsafe(cluster.fqdn), extopo_nlb_vip: unsafe(cluster.vip) },
    };
  }
  if (other.length > 0) children.extopo_other = { hosts: Object.fromEntries(other.map((n) => [n, null])) };
  const inventory = {
    all: {
      vars: {
        ansible_connection: 'winrm',
        ansible_shell_type: 'powershell',
        ansible_port: 5985,
        ansible_winrm_scheme: 'http',
        // Kerberos (domain members, by FQDN) encrypts the WinRM traffic over HTTP, as PowerShell remoting does.
        ansible_winrm_transport: 'kerberos',
      },
      children,
    },
  };
  const text = dumpYaml(
    inventory,
    [
      'ExTopo inventory: every server of the design, grouped by role, AD site, DAG and NLB cluster.',
      'No credential is written here: set ansible_user and ansible_password in your vault (see README.md).',
    ].join('\n'),
  );
  return { text, hosts: new Map([...hosts.entries()].map(([k, h]) => [k, h.name])), siteGroups, groups: Object.keys(children) };
}

// ---------------------------------------------------------------------------------------------------------------
// Tasks

type Task = Record<string, unknown>;

/** How a step, as a dependency, tells whether it "would run" in check mode (Jinja terms, OR-ed). */
type Terms = readonly string[];

class TaskBuilder {
  readonly #hosts: ReadonlyMap<string, string>;
  readonly #steps: ReadonlyMap<string, { readonly step: RunbookStep; readonly index: number }>;
  readonly #terms = new Map<string, Terms>();

  constructor(runbook: Runbook, hosts: ReadonlyMap<string, string>) {
    this.#hosts = hosts;
    this.#steps = new Map(runbook.steps.map((step, index) => [step.id, { step, index }]));
  }

  register(step: RunbookStep): string {
    const entry = this.#steps.get(step.id);
    return `extopo_${pad((entry?.index ?? 0) + 1, 4)}`;
  }

  host(step: RunbookStep): string {
    if (step.target.kind === 'operator') return '';
    return this.#hosts.get(step.target.serverName.toLowerCase()) ?? hostName(step.target.serverName, 'server name');
  }

  /** The Jinja terms that are true in check mode when `id` (a dependency) would run, or comes after one that would. */
  termsOf(id: string): Terms {
    const cached = this.#terms.get(id);
    if (cached) return cached;
    const entry = this.#steps.get(id);
    if (!entry) return [];
    const { step } = entry;
    const reg = this.register(step);
    const at = `hostvars['${this.host(step)}']['${reg}']`;
    let own: string;
    let inherited: Terms = [];
    if (step.target.kind === 'operator') {
      own = `('${checkStepId(step.id)}' not in (${CONFIRMED_VARIABLE} | default([])))`;
      inherited = this.depTerms(step);
    } else if (step.action.kind === 'install-features' || step.action.kind === 'set-service-startup') {
      own = `(${at}['changed'] | default(false))`;
      inherited = this.depTerms(step);
    } else {
      own = `(${at}['result']['after_would_run'] | default(false))`;
    }
    const terms = [...new Set([own, ...inherited])];
    this.#terms.set(id, terms);
    return terms;
  }

  depTerms(step: RunbookStep): Terms {
    return [...new Set(step.dependsOn.flatMap((d) => this.termsOf(d)))];
  }

  afterWouldRun(step: RunbookStep): string | false {
    const terms = this.depTerms(step);
    return terms.length === 0 ? false : `{{ ansible_check_mode and (${terms.join(' or ')}) }}`;
  }

  when(step: RunbookStep, ...more: string[]): string | string[] {
    const own = `inventory_hostname == '${this.host(step)}'`;
    return more.length === 0 ? own : [own, ...more];
  }

  /**
   * The task name: the step id, then its title. A plain string, not `!unsafe` (ansible-lint matches tasks by name
   * and cannot compare tagged ones): Jinja needs "{" to start a template, so braces in a title become parentheses.
   */
  name(step: RunbookStep, suffix = ''): string {
    return taskName(`${checkStepId(step.id)} ${step.title}${suffix}`);
  }

  driverTask(step: RunbookStep, extra: Partial<DriverParameters>, suffix = '', register = this.register(step), when: string | string[] = this.when(step)): Task {
    const target = step.target.kind === 'operator' ? 'host' : step.target.kind;
    const emsUri = step.target.kind === 'ems' ? `http://${this.#fqdnOf(step.target.serverName)}/PowerShell/` : '';
    const after = this.afterWouldRun(step);
    const parameters: Record<string, unknown> = {
      StepId: unsafe(step.id),
      Target: target,
      ...(emsUri !== '' ? { EmsUri: unsafe(emsUri) } : {}),
      CheckOnly: isCheckOnly(step),
      SupportsWhatIf: step.supportsWhatIf,
      ...(after === false ? {} : { AfterWouldRun: after }),
      ...Object.fromEntries(Object.entries(extra).map(([k, v]) => [k, typeof v === 'string' ? unsafe(v) : v])),
      Check: unsafe(step.check),
      Script: unsafe(extra.Script ?? step.script),
    };
    return {
      name: this.name(step, suffix),
      'ansible.windows.win_powershell': { script: '{{ extopo_step_driver }}', parameters },
      register,
      when,
    };
  }

  #fqdns = new Map<string, string>();
  setFqdns(design: Design): void {
    for (const s of design.servers) this.#fqdns.set(s.name.toLowerCase(), s.fqdn !== '' ? s.fqdn : s.name);
  }
  #fqdnOf(server: string): string {
    return this.#fqdns.get(server.toLowerCase()) ?? server;
  }

  tasks(step: RunbookStep): Task[] {
    checkStepId(step.id);
    const reg = this.register(step);
    const action = step.action;
    if (step.target.kind === 'operator') {
      const checklist = action.kind === 'operator' ? action.checklist : [];
      const unconfirmed = `'${step.id}' not in (${CONFIRMED_VARIABLE} | default([]))`;
      const lines = [`OPERATOR STEP ${step.id}: ${step.title}`, ...checklist.map((l) => `  - ${l}`)];
      return [
        {
          name: this.name(step),
          'ansible.builtin.pause': {
            prompt: unsafe(`${lines.join('\n')}\nPress Enter when this is done (Ctrl+C, then A, stops the run).`),
          },
          when: ['not ansible_check_mode', `not (${UNATTENDED_VARIABLE} | default(false) | bool)`, unconfirmed],
        },
        {
          name: this.name(step, ' (unattended: stop unless confirmed)'),
          'ansible.builtin.fail': {
            msg: unsafe(
              `${lines.join('\n')}\nThis operator step is not confirmed and the run is unattended (${UNATTENDED_VARIABLE}): do the checklist above, then run again with ${step.id} added to ${CONFIRMED_VARIABLE} (see README.md, "Operator steps").`,
            ),
          },
          run_once: true,
          when: ['not ansible_check_mode', `${UNATTENDED_VARIABLE} | default(false) | bool`, unconfirmed],
        },
      ];
    }
    const reboot = (register: string, suffix = ' (restart)'): Task => ({
      name: this.name(step, suffix),
      'ansible.windows.win_reboot': { reboot_timeout: RESTART_TIMEOUT_SECONDS, msg: 'Restart by the ExTopo runbook' },
      when: this.when(step, register),
    });
    switch (action.kind) {
      case 'install-features': {
        const install: Task = {
          name: this.name(step),
          'ansible.windows.win_feature': {
            name: action.features.map((f) => unsafe(f)),
            state: 'present',
            include_sub_features: false,
            include_management_tools: false,
            ...(action.source !== '' ? { source: unsafe(action.source) } : {}),
          },
          register: reg,
          when: this.when(step),
        };
        return step.restarts ? [install, reboot(`${reg}.reboot_required | default(false)`)] : [install];
      }
      case 'set-service-startup':
        return [
          {
            name: this.name(step),
            'ansible.windows.win_service': { name: unsafe(action.service), start_mode: 'auto' },
            register: reg,
            when: this.when(step),
          },
        ];
      case 'restart-if-pending':
        return [
          this.driverTask(step, { RestartByAnsible: true }),
          reboot(`${reg}.result.reboot_required | default(false)`),
          this.driverTask(step, { VerifyOnly: true }, ' (check after the restart)', `${reg}_verify`, this.when(step, `${reg}.result.reboot_required | default(false)`)),
        ];
      default: {
        if (step.restarts) throw new AnsibleExportError(`step ${step.id} (${action.kind}) restarts its server, which the Ansible export does not know how to do for this kind of step.`);
        const tasks: Task[] = [];
        if (step.freshSession) {
          tasks.push({ name: this.name(step, ' (new WinRM shell: the raised memory quota applies to new shells)'), 'ansible.builtin.meta': 'reset_connection', when: this.when(step) });
        }
        tasks.push(this.driverTask(step, {}));
        return tasks;
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Playbooks

interface PhaseRun {
  readonly phase: Phase;
  readonly steps: RunbookStep[];
}

/** Consecutive steps of one phase (the runbook's order is kept even where phases interleave). */
function phaseRuns(runbook: Runbook): PhaseRun[] {
  const runs: PhaseRun[] = [];
  for (const step of runbook.steps) {
    const last = runs[runs.length - 1];
    if (last && last.phase === step.phase) last.steps.push(step);
    else runs.push({ phase: step.phase, steps: [step] });
  }
  return runs;
}

function phaseTitle(phase: Phase): string {
  return PHASES.find((p) => p.id === phase)?.title ?? phase;
}

export function renderAnsible(runbook: Runbook, design: Design, options: AnsibleOptions = {}): AnsibleExport {
  const inventory = renderInventory(runbook, design);
  const builder = new TaskBuilder(runbook, inventory.hosts);
  builder.setFqdns(design);
  const runs = phaseRuns(runbook);
  const files: AnsibleFile[] = [];
  const imports: Task[] = [];
  runs.forEach((run, i) => {
    const file = `playbooks/${pad(i + 1, 2)}-${run.phase}.yml`;
    const title = `ExTopo runbook ${i + 1}/${runs.length}: ${phaseTitle(run.phase)} (${run.steps.length} step${run.steps.length === 1 ? '' : 's'})`;
    const play = {
      name: title,
      hosts: ALL_GROUP,
      gather_facts: false,
      any_errors_fatal: true,
      // A full logon on the server for every step (runas): Exchange setup, /PrepareAD, the Exchange Management Shell
      // endpoint and NLB node joins reach a second machine, which a plain WinRM logon cannot (the double hop).
      become: true,
      become_method: 'ansible.builtin.runas',
      become_user: '{{ ansible_user }}',
      vars_files: ['../vars/extopo.yml'],
      tasks: run.steps.flatMap((s) => builder.tasks(s)),
    };
    files.push({ path: file, text: dumpYaml([play], `Generated by ExTopo: ${phaseTitle(run.phase)}. Task names start with the runbook's step id.`) });
    imports.push({ name: title, 'ansible.builtin.import_playbook': file });
  });
  if (imports.length === 0) {
    // A design without steps (the blank template): a play that does nothing, so the project is still a valid one.
    imports.push({ name: 'ExTopo runbook: this design has no steps yet', hosts: ALL_GROUP, gather_facts: false, tasks: [] });
  }
  files.unshift({
    path: 'site.yml',
    text: dumpYaml(imports, 'Generated by ExTopo: the whole deployment runbook, one playbook per phase, in the runbook\'s order.\nDry run: ansible-playbook -i inventory.yml site.yml --check'),
  });
  files.unshift({ path: 'inventory.yml', text: inventory.text });
  files.push({
    path: 'vars/extopo.yml',
    text: dumpYaml(
      {
        extopo_runbook: { title: unsafe(runbook.title), organization: unsafe(runbook.organization), content_hash: unsafe(runbook.contentHash), design_revision: runbook.designRevision },
        extopo_step_driver: unsafe(STEP_DRIVER),
      },
      'Generated by ExTopo. extopo_step_driver: the PowerShell every win_powershell task runs (the step\'s check and script are its parameters).',
    ),
  });
  files.push({ path: 'requirements.yml', text: dumpYaml({ collections: [{ name: 'ansible.windows', version: `>=${ANSIBLE_WINDOWS_MIN_VERSION}` }] }) });
  files.push({
    path: 'ansible.cfg',
    text: ['# Generated by ExTopo.', '[defaults]', 'inventory = inventory.yml', 'display_skipped_hosts = False', 'retry_files_enabled = False', ''].join('\n'),
  });
  files.push({
    path: '.ansible-lint',
    text: dumpYaml(
      { profile: ANSIBLE_LINT_PROFILE, offline: true, skip_list: ['name[casing]'] },
      "ansible-lint configuration. name[casing] is skipped: every task name starts with the runbook's step id\n(lower case), which is what --start-at-task matches.",
    ),
  });
  files.push({
    path: '.yamllint',
    text: dumpYaml(
      { extends: 'default', rules: { 'line-length': 'disable', comments: { 'min-spaces-from-content': 1 }, 'comments-indentation': false, braces: { 'max-spaces-inside': 1 }, 'octal-values': { 'forbid-implicit-octal': true, 'forbid-explicit-octal': true } } },
      "yamllint for ansible-lint. line-length is off: each step's PowerShell keeps its own lines (the runbook's text).",
    ),
  });
  files.push({
    path: 'README.md',
    text: renderReadme({
      runbook,
      designFile: options.designFile ?? '',
      playbooks: files.filter((f) => f.path.startsWith('playbooks/')).map((f) => f.path),
      siteGroups: inventory.siteGroups,
      groups: inventory.groups,
      operatorSteps: runbook.steps.filter((s) => s.target.kind === 'operator'),
    }),
  });
  return { files };
}
