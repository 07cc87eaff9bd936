// Effects and checks of the runbook actions that make a runbook survive real Windows Server 2008 R2 / Exchange 2010
// hosts (runbook.md, "Real hosts"): WinRM's memory quota, pending restarts, the update rollup, the product key,
// setup's own database, the NLB connection prepared with 2008 R2's tools, addresses that must answer, lagged copies.
// The TypeScript lab applies them here; the host double reaches the same state through its cmdlets.
import type { OperatorWork, StepAction } from '../../shared/runbook/actions';

/** A check's verdict (checks.ts has the same shape): done, or what is missing. */
interface CheckVerdict {
  readonly done: boolean;
  readonly problems: readonly string[];
}
import { SP3_ADMIN_DISPLAY_VERSION_PREFIX } from '../../shared/runbook/exchangeVersions';
import { copyStatus, databaseByName, nlbClusterByVip, resolves } from './readers';
import { adminDisplayVersion, exchangeBuildOf, exchangeServerState, productKeyEdition, serverEdition } from './exchangeState';
import { findHost } from './state';
import type { LabHost, LabState } from './state';
import type { LabWorld } from './world';
import { applyNamespaceWork } from './namespaceActions';
import { applyMailFlowWork } from './mailFlowActions';
import { answeringPorts } from './network';
import type { HostActionResult } from './network';

export type HostActionKind =
  | 'winrm-memory-quota'
  | 'restart-if-pending'
  | 'update-rollup'
  | 'exchange-product-key'
  | 'default-database'
  | 'verify-nic-unbound'
  | 'verify-vip-reachable'
  | 'verify-exchange-version'
  | 'block-lagged-activation';

export type HostAction = Extract<StepAction, { kind: HostActionKind }>;

const HOST_ACTION_KINDS: ReadonlySet<string> = new Set<HostActionKind>([
  'winrm-memory-quota',
  'restart-if-pending',
  'update-rollup',
  'exchange-product-key',
  'default-database',
  'verify-nic-unbound',
  'verify-vip-reachable',
  'verify-exchange-version',
  'block-lagged-activation',
]);

export function isHostAction(action: StepAction): action is HostAction {
  return HOST_ACTION_KINDS.has(action.kind);
}

/** Setup's database on a server ("Mailbox Database" and ten digits). */
const DEFAULT_DATABASE = /^Mailbox Database \d{10}$/;

const verdict = (problems: readonly string[]): CheckVerdict => ({ done: problems.length === 0, problems });

export type { HostActionResult } from './network';

const OK: HostActionResult = { ok: true };
const fail = (command: string, error: string): HostActionResult => ({ ok: false, command, error });

/** What the person did in a confirmed operator step, applied to the world (rehearsals). */
export function applyOperatorWork(world: LabWorld, work: OperatorWork): void {
  switch (work.kind) {
    case 'unbind-file-sharing': {
      const nic = findHost(world.state, work.server)?.nics.find((n) => n.name.toLowerCase() === work.nicName.toLowerCase());
      if (nic) nic.bindings = nic.bindings.filter((b) => b !== 'ms_server');
      return;
    }
    case 'router-arp': {
      const cluster = nlbClusterByVip(world.state, work.vip);
      if (cluster) cluster.routerArp = true;
      return;
    }
    case 'load-balancer-vip': {
      const vips = (world.state.loadBalancerVips ??= []);
      const others = vips.filter((v) => v.vip !== work.vip);
      world.state.loadBalancerVips = [...others, { vip: work.vip, servers: [...work.servers] }];
      return;
    }
    case 'dns-zone':
    case 'issue-certificate':
      applyNamespaceWork(world, work);
      return;
    case 'copy-edge-subscription':
      applyMailFlowWork(world, work);
      return;
  }
}

function pendingReasons(host: LabHost): string[] {
  return host.pendingRestart ? ['a restart is pending'] : [];
}

export function applyHostAction(world: LabWorld, host: LabHost, a: HostAction): HostActionResult {
  const state = world.state;
  switch (a.kind) {
    case 'winrm-memory-quota':
      host.wsman.shellMaxMemoryMb = Math.max(host.wsman.shellMaxMemoryMb, a.memoryMb);
      if (a.pluginQuota && host.wsman.pluginMaxMemoryMb !== null) host.wsman.pluginMaxMemoryMb = Math.max(host.wsman.pluginMaxMemoryMb, a.memoryMb);
      return OK;
    case 'restart-if-pending':
      // The transport restarts a restarting step's host when a restart is pending (as Restart-Computer does).
      return OK;
    case 'update-rollup': {
      const build = exchangeBuildOf(host);
      if (!build) return fail('msiexec.exe', `msiexec.exe : This update package cannot be installed on ${host.name}: Exchange Server 2010 is not installed (exit code 1642).`);
      if (build.servicePack === 3 && build.rollup >= a.rollup) return OK;
      if (!host.files.some((f) => f.toLowerCase() === a.installerPath.toLowerCase()) && !host.installers[a.installerPath.toLowerCase()]) {
        return fail('Test-Path', `The update rollup was not found at ${a.installerPath}: copy Update Rollup ${a.rollup} for Exchange 2010 SP3 there or change the path in the design.`);
      }
      host.exchangeBuild = { servicePack: 3, rollup: a.rollup };
      host.pendingRestart = true;
      return OK;
    }
    case 'exchange-product-key': {
      const server = findHost(state, a.server);
      if (!server || server.exchangeRoles.length === 0) return fail('Set-ExchangeServer', `Set-ExchangeServer : The operation couldn't be performed because object '${a.server}' couldn't be found.`);
      const edition = productKeyEdition(state, a.productKey);
      if (!edition) return fail('Set-ExchangeServer', `Set-ExchangeServer : The product key ${a.productKey} is not valid.`);
      const ex = exchangeServerState(server);
      ex.productKey = a.productKey;
      ex.licensedEdition = edition;
      return OK;
    }
    case 'default-database': {
      const server = findHost(state, a.server);
      if (!server) return fail('Get-MailboxDatabase', `Get-MailboxDatabase : The operation couldn't be performed because object '${a.server}' couldn't be found.`);
      const defaults = state.databases.filter((d) => DEFAULT_DATABASE.test(d.name) && d.copies.some((c) => c.server === server.name));
      for (const db of defaults) {
        // Setup put the arbitration and discovery mailboxes in the organization's first database.
        if (!a.adopt && state.databases.indexOf(db) === 0 && !state.org.mailboxes) {
          return fail('Remove-MailboxDatabase', `Setup's database ${db.name} on ${a.server} holds mailboxes (arbitration mailboxes on the first server of an organization): move them to a planned database with New-MoveRequest, then run this step again.`);
        }
        if (a.adopt) {
          const renamed = { ...db, name: a.adopt.name, edbFilePath: a.adopt.edbFilePath, logFolderPath: a.adopt.logFolderPath };
          state.databases[state.databases.indexOf(db)] = renamed;
          break;
        }
        state.databases.splice(state.databases.indexOf(db), 1);
      }
      return OK;
    }
    case 'block-lagged-activation': {
      const db = databaseByName(state, a.database);
      const server = findHost(state, a.server);
      const copy = db && server ? db.copies.find((c) => c.server === server.name) : undefined;
      if (!copy) return fail('Suspend-MailboxDatabaseCopy', `Suspend-MailboxDatabaseCopy : The operation couldn't be performed because object '${a.database}\\${a.server}' couldn't be found.`);
      copy.activationSuspended = true;
      return OK;
    }
    case 'verify-nic-unbound':
    case 'verify-vip-reachable':
    case 'verify-exchange-version':
      return OK;
  }
}

export function checkHostAction(world: LabWorld, host: LabHost, a: HostAction): CheckVerdict {
  const state: LabState = world.state;
  switch (a.kind) {
    case 'winrm-memory-quota': {
      const problems: string[] = [];
      if (host.wsman.shellMaxMemoryMb < a.memoryMb) problems.push(`WSMan:\\localhost\\Shell\\MaxMemoryPerShellMB is ${host.wsman.shellMaxMemoryMb}`);
      if (a.pluginQuota && host.wsman.pluginMaxMemoryMb !== null && host.wsman.pluginMaxMemoryMb < a.memoryMb) problems.push(`the Microsoft.PowerShell plugin quota is ${host.wsman.pluginMaxMemoryMb} MB`);
      return verdict(problems);
    }
    case 'restart-if-pending':
      return verdict(pendingReasons(host));
    case 'update-rollup': {
      const build = exchangeBuildOf(host);
      return verdict(build && build.servicePack === 3 && build.rollup >= a.rollup ? [] : [`${host.name} is not at Exchange 2010 SP3 Update Rollup ${a.rollup} (build ${a.build})`]);
    }
    case 'exchange-product-key': {
      const server = findHost(state, a.server);
      return verdict(server && serverEdition(server) === a.edition ? [] : [`${a.server} is not licensed for Exchange ${a.edition}`]);
    }
    case 'default-database': {
      const server = findHost(state, a.server);
      const left = state.databases.filter((d) => DEFAULT_DATABASE.test(d.name) && server && d.copies.some((c) => c.server === server.name));
      const problems = left.map((d) => `setup's database ${d.name} is still on ${a.server}`);
      if (a.adopt) {
        const adopted = databaseByName(state, a.adopt.name);
        if (!adopted || adopted.edbFilePath.toLowerCase() !== a.adopt.edbFilePath.toLowerCase()) problems.push(`${a.adopt.name} is not at ${a.adopt.edbFilePath}`);
      }
      return verdict(problems);
    }
    case 'verify-nic-unbound': {
      const nic = host.nics.find((n) => n.name.toLowerCase() === a.nicName.toLowerCase());
      if (!nic) return verdict([`no network connection named ${a.nicName}`]);
      return verdict(nic.bindings.includes('ms_server') ? [`File and Printer Sharing is still bound to ${a.nicName}`] : []);
    }
    case 'verify-vip-reachable': {
      const problems: string[] = [];
      if (a.fqdn !== '') {
        const addresses = resolves(state, a.fqdn);
        if (addresses.length !== 1 || addresses[0] !== a.vip) problems.push(`${a.fqdn} resolves to ${addresses.join(', ') || 'nothing'} instead of only ${a.vip}`);
      }
      const open = answeringPorts(world, a.vip, host);
      const closed = a.ports.filter((p) => !open.has(p));
      if (closed.length > 0) problems.push(`${a.vip} does not answer on port(s) ${closed.join(', ')}`);
      return verdict(problems);
    }
    case 'verify-exchange-version': {
      const problems: string[] = [];
      for (const name of a.servers) {
        const server = findHost(state, name);
        const build = server ? exchangeBuildOf(server) : null;
        if (!server || !build) {
          problems.push(`${name} is not an Exchange server of the organization`);
          continue;
        }
        const shown = adminDisplayVersion(build);
        if (!shown.startsWith(SP3_ADMIN_DISPLAY_VERSION_PREFIX)) problems.push(`${name} runs ${shown}, not Exchange 2010 SP3`);
      }
      return verdict(problems);
    }
    case 'block-lagged-activation': {
      const db = databaseByName(state, a.database);
      const server = findHost(state, a.server);
      const copy = db && server ? db.copies.find((c) => c.server === server.name) : undefined;
      if (!copy || !db) return verdict([`no copy of ${a.database} on ${a.server}`]);
      const status = copyStatus(world, db, server?.name ?? a.server);
      return verdict(copy.activationSuspended === true ? [] : [`the copy of ${a.database} on ${a.server} (${status}) can still be activated`]);
    }
  }
}
