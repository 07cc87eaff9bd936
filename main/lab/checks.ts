// Each step's check, evaluated against the lab's state: is the work already done? Returns the verdict and, when
// false, what is missing (the lines the executor journals as check output). Mirrors what the rendered PowerShell
// check asks the real host (shared/runbook/scripts.ts), read from the simulated world instead.
import type { RunbookStep } from '../../shared/runbook/types';
import type { StepAction } from '../../shared/runbook/actions';
import { EXCHANGE_TRUSTED_SUBSYSTEM, FILTER_PACK_PRODUCT, windowsName } from './knowledge';
import { findHost, sameName } from './state';
import type { LabHost } from './state';
import type { LabWorld } from './world';
import { checkHostAction, isHostAction } from './hostActions';
import type { HostAction } from './hostActions';
import { checkNamespaceAction, isNamespaceAction } from './namespaceActions';
import type { NamespaceAction } from '../../shared/runbook/namespaceActions';
import { checkMailFlowAction, isMailFlowAction } from './mailFlowActions';
import type { MailFlowAction } from '../../shared/runbook/mailFlowActions';

export interface CheckVerdict {
  readonly done: boolean;
  /** Why not (one line per problem); empty when done. */
  readonly problems: readonly string[];
}

export interface CheckCall {
  readonly world: LabWorld;
  readonly step: RunbookStep;
  /** The host the check runs on. */
  readonly host: LabHost;
}

type Action<K extends StepAction['kind']> = Extract<StepAction, { kind: K }>;

const verdict = (problems: readonly string[]): CheckVerdict => ({ done: problems.length === 0, problems });

export { nlbClusterByVip, nlbClusterOn, dagOf, dagByName, databaseByName, databasesOnServer, nlbNodeState, casMembers, resolves, copyStatus, nlbPending, dagNetworkProblems } from './readers';
import { nlbModuleProblem, portRuleKey, nlbClusterByVip, nlbClusterOn, dagOf, dagByName, databaseByName, databasesOnServer, casMembers, resolves, copyStatus, nlbPending, dagNetworkProblems } from './readers';

// ---------------------------------------------------------------------------------------------------------------
// Checks per action
// ---------------------------------------------------------------------------------------------------------------

function preflight(call: CheckCall, a: Action<'preflight'>): CheckVerdict {
  const { host } = call;
  const problems: string[] = [];
  if (host.os.version !== a.os.version) problems.push(`Windows version is ${windowsName(host.os.version, host.os.edition)}, not ${windowsName(a.os.version, a.os.edition)}`);
  else if (host.os.edition !== a.os.edition) problems.push(`Windows edition ${host.os.edition} is not ${a.os.edition}`);
  if (host.os.servicePack < a.os.servicePack) problems.push(`service pack ${host.os.servicePack} is older than SP${a.os.servicePack}`);
  if (a.domain !== '' && host.domain.toLowerCase() !== a.domain.toLowerCase()) {
    problems.push(`not joined to the domain ${a.domain} (member of: ${host.domain === '' ? 'WORKGROUP' : host.domain})`);
  }
  for (const nic of a.nics) {
    const have = host.nics.find((n) => n.name === nic.name);
    if (!have) problems.push(`no network connection named ${nic.name}`);
    else if (have.ipv4 !== nic.ipv4) problems.push(`network connection ${nic.name} does not have the address ${nic.ipv4} (it has ${have.ipv4})`);
  }
  if (host.pendingRestart) problems.push('a restart is pending');
  if (a.credSsp && !host.wsman.credSsp) problems.push('WinRM does not accept CredSSP (steps on this server reach a second machine)');
  return verdict(problems);
}

function evaluate(call: CheckCall): CheckVerdict {
  const a = call.step.action;
  if (isHostAction(a)) return checkHostAction(call.world, call.host, a);
  if (isNamespaceAction(a)) return checkNamespaceAction(call.world, call.host, a);
  if (isMailFlowAction(a)) return checkMailFlowAction(call.world, call.host, a);
  return evaluateCore(call, a);
}

function evaluateCore(call: CheckCall, a: Exclude<StepAction, HostAction | NamespaceAction | MailFlowAction>): CheckVerdict {
  const { world, host } = call;
  const state = world.state;
  switch (a.kind) {
    case 'preflight':
      return preflight(call, a);
    case 'install-features':
      return verdict(a.features.filter((f) => !host.features.includes(f)).map((f) => `Get-WindowsFeature ${f}: not installed`));
    case 'set-service-startup': {
      const service = host.services[a.service];
      if (!service) return verdict([`service ${a.service} does not exist on ${host.name}`]);
      return verdict(service.startMode === 'Auto' ? [] : [`service ${a.service} start mode is ${service.startMode}, not Auto`]);
    }
    case 'install-filter-pack':
      return verdict(host.products.includes(FILTER_PACK_PRODUCT) ? [] : [`${FILTER_PACK_PRODUCT} is not installed on ${host.name}`]);
    case 'prepare-ad':
      if (state.org.name === null) return verdict(['Active Directory has no Exchange organization']);
      return verdict(state.org.name === a.organizationName ? [] : [`the Exchange organization is ${state.org.name}, not ${a.organizationName}`]);
    case 'exchange-setup': {
      const missing = a.roles.filter((r) => !host.exchangeRoles.includes(r));
      return verdict(missing.length === 0 ? [] : [`Exchange roles not installed on ${host.name}: ${missing.join(', ')}`]);
    }
    case 'static-rpc-ports': {
      const rpc = host.registry['HKLM\\SYSTEM\\CurrentControlSet\\Services\\MSExchangeRPC\\ParametersSystem']?.['TCP/IP Port'];
      const ab = host.registry['HKLM\\SYSTEM\\CurrentControlSet\\Services\\MSExchangeAB\\Parameters']?.RpcTcpPort;
      const problems: string[] = [];
      if (rpc !== a.rpcClientAccessPort) problems.push(`MSExchangeRPC TCP/IP Port is ${rpc === undefined ? 'not set' : String(rpc)}, not ${a.rpcClientAccessPort}`);
      if (ab !== String(a.addressBookPort)) problems.push(`MSExchangeAB RpcTcpPort is ${ab === undefined ? 'not set' : String(ab)}, not ${a.addressBookPort}`);
      return verdict(problems);
    }
    case 'nlb-nic-config': {
      const nic = host.nics.find((n) => n.name === a.nicName);
      if (!nic) return verdict([`no network connection named ${a.nicName} on ${host.name}`]);
      const problems: string[] = [];
      if (!a.dnsRegistration && (nic.fullDnsRegistration || nic.domainDnsRegistration)) problems.push(`${a.nicName} still registers its address in DNS`);
      if (a.ipForwarding && !nic.forwarding) problems.push(`IP forwarding is disabled on ${a.nicName}`);
      return verdict(problems);
    }
    case 'new-nlb-cluster': {
      const module = nlbModuleProblem(host);
      if (module) return verdict([module]);
      const cluster = nlbClusterByVip(state, a.vip);
      const node = cluster?.nodes.find((n) => n.host === host.name);
      if (!node) return verdict([`no NLB cluster ${a.vip} on ${host.name}`]);
      return verdict(node.hostPriority === a.hostPriority ? [] : [`${host.name} has host priority ${node.hostPriority}, not ${a.hostPriority}`]);
    }
    case 'nlb-port-rules': {
      const module = nlbModuleProblem(host);
      if (module) return verdict([module]);
      const cluster = nlbClusterOn(state, host, a.interfaceName);
      if (!cluster) return verdict([`no NLB cluster on ${host.name} interface ${a.interfaceName}`]);
      const have = cluster.portRules.map((r) => portRuleKey(r, r.mode)).sort();
      const want = a.rules.map((r) => portRuleKey(r)).sort();
      return verdict(have.join(',') === want.join(',') ? [] : [`port rules are ${have.join(', ') || 'none'}; the design wants ${want.join(', ')}`]);
    }
    case 'add-nlb-node': {
      const module = nlbModuleProblem(host);
      if (module) return verdict([module]);
      const clusterHost = findHost(state, a.clusterHost);
      const cluster = clusterHost ? nlbClusterOn(state, clusterHost, a.clusterInterface) : undefined;
      if (!cluster) return verdict([`no NLB cluster on ${a.clusterHost} interface ${a.clusterInterface}`]);
      const node = cluster.nodes.find((n) => n.host.toLowerCase() === a.newNodeName.toLowerCase());
      if (!node) return verdict([`${a.newNodeName} is not a node of the cluster ${cluster.vip}`]);
      return verdict(node.hostPriority === a.hostPriority ? [] : [`${a.newNodeName} has host priority ${node.hostPriority}, not ${a.hostPriority}`]);
    }
    case 'wait-nlb-converged':
    case 'verify-nlb': {
      const module = nlbModuleProblem(host);
      if (module) return verdict([module]);
      return verdict(nlbPending(world, a.vip, a.nodes).map((p) => `NLB node ${p}`));
    }
    case 'dns-a-record': {
      if (!host.features.includes('RSAT-DNS-Server')) return verdict([`the DNS Server Tools are not installed on ${host.name}`]);
      const found = state.dnsRecords.some((r) => r.zone.toLowerCase() === a.zone.toLowerCase() && r.name.toLowerCase() === a.hostLabel.toLowerCase() && r.ipv4 === a.ipv4);
      return verdict(found ? [] : [`no A record ${a.hostLabel} → ${a.ipv4} in zone ${a.zone}`]);
    }
    case 'new-cas-array': {
      const found = state.casArrays.some((c) => c.site.toLowerCase() === a.site.toLowerCase() && c.fqdn.toLowerCase() === a.fqdn.toLowerCase());
      return verdict(found ? [] : [`no CAS array ${a.fqdn} in site ${a.site}`]);
    }
    case 'set-rpc-client-access': {
      const server = findHost(state, a.mailboxServer);
      if (!server || !server.exchangeRoles.includes('mb')) return verdict([`Get-MailboxServer: ${a.mailboxServer} is not a Mailbox server`]);
      const except = new Set(a.exceptDatabases.map((n) => n.toLowerCase()));
      const dbs = databasesOnServer(state, server).filter((d) => !except.has(d.name.toLowerCase()));
      return verdict(dbs.filter((d) => d.rpcClientAccessServer.toLowerCase() !== a.fqdn.toLowerCase()).map((d) => `${d.name} RpcClientAccessServer is ${d.rpcClientAccessServer}`));
    }
    case 'witness-trusted-subsystem':
      return verdict(host.localAdministrators.includes(EXCHANGE_TRUSTED_SUBSYSTEM) ? [] : [`${EXCHANGE_TRUSTED_SUBSYSTEM} is not in the local Administrators of ${host.name}`]);
    case 'new-dag':
      return verdict(dagByName(state, a.name) ? [] : [`no database availability group ${a.name}`]);
    case 'add-dag-member': {
      const dag = dagByName(state, a.dag);
      if (!dag) return verdict([`no database availability group ${a.dag}`]);
      return verdict(dag.members.some((m) => m.toLowerCase() === a.mailboxServer.toLowerCase()) ? [] : [`${a.mailboxServer} is not a member of ${a.dag}`]);
    }
    case 'dag-datacenter-activation': {
      const dag = dagByName(state, a.dag);
      if (!dag) return verdict([`no database availability group ${a.dag}`]);
      const problems: string[] = [];
      if ((dag.datacenterActivationMode ?? 'Off') !== a.mode) problems.push(`${a.dag} has DatacenterActivationMode ${dag.datacenterActivationMode ?? 'Off'}, not ${a.mode}`);
      const firstLabel = (s: string) => s.split('.')[0].toLowerCase();
      if (a.alternateWitnessServer !== '' && firstLabel(dag.alternateWitnessServer ?? '') !== firstLabel(a.alternateWitnessServer)) problems.push(`${a.dag} has no alternate witness ${a.alternateWitnessServer}`);
      if (a.alternateWitnessServer !== '' && (dag.alternateWitnessDirectory ?? '').toLowerCase() !== a.alternateWitnessDirectory.toLowerCase()) problems.push(`${a.dag}'s alternate witness directory is not ${a.alternateWitnessDirectory}`);
      return verdict(problems);
    }
    case 'dag-networks': {
      const dag = dagByName(state, a.dag);
      if (!dag) return verdict([`no database availability group ${a.dag}`]);
      const { uncovered, wrong } = dagNetworkProblems(dag, a.mapiSubnets, a.replicationSubnets);
      return verdict([
        ...uncovered.map((s) => `no network of ${a.dag} covers the replication subnet ${s}`),
        ...wrong.map((w) => `${a.dag}\\${w.network} ReplicationEnabled should be ${w.replication ? '$true' : '$false'}`),
      ]);
    }
    case 'new-mailbox-database': {
      const db = databaseByName(state, a.name);
      if (!db) return verdict([`no mailbox database ${a.name}`]);
      const active = findHost(state, db.activeServer);
      return verdict(db.mounted && active && world.reachable(active) ? [] : [`${a.name} is not mounted`]);
    }
    case 'add-database-copy': {
      const db = databaseByName(state, a.database);
      const copy = db?.copies.find((c) => c.server.toLowerCase() === a.server.toLowerCase());
      if (!db || !copy) return verdict([`no copy of ${a.database} on ${a.server}`]);
      const problems: string[] = [];
      if (copy.activationPreference !== a.activationPreference) problems.push(`${a.database}\\${a.server} has activation preference ${copy.activationPreference}, not ${a.activationPreference}`);
      if (a.replayLagDays > 0 && copy.replayLagDays !== a.replayLagDays) problems.push(`${a.database}\\${a.server} replay lag is ${copy.replayLagDays} days, not ${a.replayLagDays}`);
      if (a.truncationLagDays > 0 && copy.truncationLagDays !== a.truncationLagDays) problems.push(`${a.database}\\${a.server} truncation lag is ${copy.truncationLagDays} days, not ${a.truncationLagDays}`);
      return verdict(problems);
    }
    case 'verify-cas-array': {
      const problems: string[] = [];
      const array = state.casArrays.find((c) => c.site.toLowerCase() === a.site.toLowerCase() && c.fqdn.toLowerCase() === a.fqdn.toLowerCase());
      if (!array) problems.push(`no CAS array ${a.fqdn} in site ${a.site}`);
      else {
        const members = casMembers(state, a.site);
        for (const name of a.members) if (!members.some((m) => sameName(m, name))) problems.push(`the CAS array does not list ${name}`);
      }
      if (resolves(state, a.fqdn).length === 0) problems.push(`${a.fqdn} does not resolve`);
      return verdict(problems);
    }
    case 'verify-database-copies': {
      const problems: string[] = [];
      for (const name of a.databases) {
        const db = databaseByName(state, name);
        if (!db || db.copies.length === 0) {
          problems.push(`no copy status for ${name}`);
          continue;
        }
        for (const c of db.copies) {
          const status = copyStatus(world, db, c.server);
          if (status !== 'Healthy' && status !== 'Mounted') problems.push(`${db.name}\\${c.server} is ${status}`);
        }
      }
      return verdict(problems);
    }
    case 'test-replication-health': {
      const server = findHost(state, a.server);
      if (!server) return verdict([`Test-ReplicationHealth: server ${a.server} not found`]);
      const dag = dagOf(state, server);
      if (!dag) return verdict([`ClusterService Failed: ${a.server} is not a member of a database availability group`]);
      const problems: string[] = [];
      if (!world.reachable(server) || !server.services.ClusSvc?.running) problems.push('ClusterService Failed');
      const down = dag.members.filter((m) => {
        const h = findHost(state, m);
        return !h || !world.reachable(h);
      });
      if (down.length > 0) problems.push(`DagMembersUp Failed: ${down.join(', ')} down`);
      if (dag.members.length % 2 === 0 && dag.witnessServer !== '') {
        const witness = findHost(state, dag.witnessServer);
        if (!witness || !world.reachable(witness)) problems.push(`FileShareQuorum Failed: witness ${dag.witnessServer} unreachable`);
      }
      for (const db of databasesOnServer(state, server)) {
        const status = copyStatus(world, db, server.name);
        if (status !== 'Healthy' && status !== 'Mounted') problems.push(`DBCopyFailed: ${db.name}\\${server.name} is ${status}`);
      }
      return verdict(problems);
    }
    case 'test-mapi-connectivity': {
      const server = findHost(state, a.server);
      if (!server || !server.exchangeRoles.includes('mb')) return verdict([`Test-MAPIConnectivity: ${a.server} is not a Mailbox server`]);
      const problems: string[] = [];
      for (const db of state.databases.filter((d) => d.activeServer === server.name)) {
        if (!db.mounted || !world.reachable(server)) problems.push(`${db.name} Failure: the database is not mounted`);
      }
      return verdict(problems);
    }
    case 'operator':
      return verdict(['operator steps have no check']);
    default: {
      const unknown: never = a;
      return verdict([`the lab does not know the step action ${JSON.stringify(unknown)}`]);
    }
  }
}

/** Evaluates a step's check against the lab world. */
export function evaluateCheck(call: CheckCall): CheckVerdict {
  return evaluate(call);
}
