// What each step's script does to the lab world. The lab enforces Windows' and Exchange's own rules by itself and
// fails the way the real commands fail (the error text an admin would see), so a runbook that would break on real
// hosts breaks in the rehearsal: NLB on a DAG node, a DAG member on 2008 R2 Standard, setup before its
// prerequisites or before /PrepareAD, a node added to an NLB cluster that does not exist yet, and so on.
import type { StepAction } from '../../shared/runbook/actions';
import type { RunbookStep } from '../../shared/runbook/types';
import type { OutputStream } from '../executor/transport';
import {
  casMembers,
  dagByName,
  dagNetworkProblems,
  dagOf,
  databaseByName,
  databasesOnServer,
  evaluateCheck,
  nlbClusterByVip,
  nlbClusterOn,
  nlbPending,
} from './checks';
import { CLUSTERING_NEEDS_ENTERPRISE, ENTERPRISE_EDITION_MAX_DATABASES, MAX_LAG_DAYS, NLB_MAX_HOSTS, STANDARD_EDITION_MAX_DATABASES } from '../../shared/planner/limits';
import {
  EXCHANGE_TRUSTED_SUBSYSTEM,
  FILTER_PACK_PRODUCT,
  NLB_BINDING,
  NLB_MODULE_FEATURE,
  RESTART_FEATURES,
  ROLE_TITLES,
  featureAvailable,
  setupPrerequisites,
  windowsName,
} from './knowledge';
import { NET_FRAMEWORK_2012, isLegacyWindows } from '../../shared/runbook/windowsFeatures';
import { addDagMemberState, defaultDatabaseName, findHost, installRoleArtifacts } from './state';
import type { LabHost, LabNlbCluster, LabNlbNode, LabState } from './state';
import type { LabWorld } from './world';
import { applyHostAction, isHostAction } from './hostActions';
import { isCheckOnlyKind } from '../executor/plan';
import { applyNamespaceAction, isNamespaceAction } from './namespaceActions';

/** A change made on a host, whoever asks for it: a runbook step (the lab) or a cmdlet of the host double. */
export interface ActionCall {
  readonly world: LabWorld;
  /** The host the script runs on. */
  readonly host: LabHost;
  readonly out: (stream: OutputStream, line: string) => void;
}

export interface EffectCall extends ActionCall {
  readonly step: RunbookStep;
}

export type EffectResult =
  | { readonly ok: true }
  | {
      readonly ok: false;
      readonly error: string;
      /** A word of the failing command line (cmdlet or program), to point at it in the step's script. */
      readonly command: string;
      /** The failure is a host that does not answer (for the transport's failure kind). */
      readonly unreachable?: boolean;
    };

type Action<K extends StepAction['kind']> = Extract<StepAction, { kind: K }>;

const OK: EffectResult = { ok: true };
const fail = (command: string, error: string, unreachable = false): EffectResult => ({ ok: false, command, error, unreachable });

/** "The RPC server is unavailable" — what WMI/RPC calls to a host that is down say. */
function rpcUnavailable(command: string, host: string): EffectResult {
  return fail(command, `${command} : The RPC server is unavailable. (Exception from HRESULT: 0x800706BA) (host ${host})`, true);
}

/** A second host the command talks to: it must exist and answer. */
function otherHost(world: LabWorld, name: string, command: string): LabHost | EffectResult {
  const host = findHost(world.state, name);
  if (!host) return fail(command, `${command} : The host name '${name}' could not be resolved. Check the name and that it is registered in DNS.`);
  if (!world.reachable(host) || world.hostFault(host, 'unreachable')) return rpcUnavailable(command, host.name);
  return host;
}

const isResult = (value: LabHost | EffectResult): value is EffectResult => 'ok' in value;

function nlbConflict(command: string, host: LabHost, dagName: string): EffectResult {
  return fail(
    command,
    `${command} : ${host.name} is a node of the failover cluster of database availability group ${dagName}. Windows Network Load Balancing and Failover Clustering cannot run on the same server: use a hardware load balancer, or separate the Client Access role from the DAG members.`,
  );
}

function nlbModule(host: LabHost): EffectResult | null {
  return host.features.includes(NLB_MODULE_FEATURE)
    ? null
    : fail('Import-Module', "Import-Module : The specified module 'NetworkLoadBalancingClusters' was not loaded because no valid module file was found in any module directory.");
}

function nlbDriver(command: string, host: LabHost): EffectResult | null {
  return host.features.includes('NLB')
    ? null
    : fail(command, `${command} : Network Load Balancing is not installed on ${host.name}: Invalid namespace "root\\MicrosoftNLB". Install the NLB feature (Add-WindowsFeature NLB) first.`);
}

function pendingRestart(command: string, host: LabHost, what: string): EffectResult | null {
  return host.pendingRestart ? fail(command, `${what} A restart from a previous installation is pending on ${host.name}. Restart it and run the step again.`) : null;
}

/** Exchange 2010 edition limit on databases (copies included) per server. */
function databaseLimit(state: LabState): number {
  return state.org.edition === 'Standard' ? STANDARD_EDITION_MAX_DATABASES : ENTERPRISE_EDITION_MAX_DATABASES;
}

function dcName(state: LabState): string {
  return state.org.dnsServers.find((d) => d.includes('.') && d !== state.org.adDomain.toLowerCase()) ?? state.org.adDomain;
}

function notFound(command: string, state: LabState, identity: string): EffectResult {
  return fail(command, `${command} : The operation couldn't be performed because object '${identity}' couldn't be found on '${dcName(state)}'.`);
}

function mailboxServer(world: LabWorld, name: string, command: string): LabHost | EffectResult {
  const host = findHost(world.state, name);
  if (!host || !host.exchangeRoles.includes('mb')) return notFound(command, world.state, name);
  return host;
}

// ---------------------------------------------------------------------------------------------------------------
// Phase 1: prerequisites
// ---------------------------------------------------------------------------------------------------------------

function installFeatures(call: ActionCall, a: Action<'install-features'>): EffectResult {
  const { host, world, out } = call;
  const cmd = 'Add-WindowsFeature';
  for (const f of a.features) {
    if (!featureAvailable(f, host.os.version, host.os.edition)) {
      const why =
        f === 'Failover-Clustering'
          ? ` (${windowsName(host.os.version, host.os.edition)} has no Failover Clustering: Enterprise or Datacenter edition is needed)`
          : f === 'NET-Framework' && !isLegacyWindows(host.os.version)
            ? ` (on ${windowsName(host.os.version, host.os.edition)} .NET 3.5 is ${NET_FRAMEWORK_2012})`
            : '';
      return fail(cmd, `${cmd} : ArgumentNotValid: The role, role service, or feature name is not valid: '${f}'. The name was not found.${why}`);
    }
  }
  // .NET 3.5 on Windows Server 2012 / 2012 R2 is a Feature on Demand: its files are not on the disk, and servers
  // without Windows Update need the media's sources\sxs (-Source).
  if (a.features.includes(NET_FRAMEWORK_2012) && !host.features.includes(NET_FRAMEWORK_2012) && !isLegacyWindows(host.os.version)) {
    const source = a.source.replace(/\\+$/, '').toLowerCase();
    if (source === '' || !host.files.some((f) => f.toLowerCase().startsWith(`${source}\\`))) {
      return fail(
        a.cmdlet,
        `${a.cmdlet} : The request to add or remove features on the specified server failed. The source files could not be found. Use the "Source" option to specify the location of the files that are required to restore the feature. Error: 0x800f0906 (set the Windows source path of the design to the media's sources\\sxs)`,
      );
    }
  }
  const dag = dagOf(world.state, host);
  if (a.features.includes('NLB') && dag) return nlbConflict(cmd, host, dag.name);
  if (a.features.includes('Failover-Clustering')) {
    const cluster = nlbClusterOn(world.state, host);
    if (cluster) {
      return fail(cmd, `${cmd} : ${host.name} is a node of NLB cluster ${cluster.fqdn} (${cluster.vip}). Failover Clustering and Windows Network Load Balancing cannot run on the same server.`);
    }
  }
  const added = a.features.filter((f) => !host.features.includes(f));
  host.features.push(...added);
  if ((added.includes('NET-Framework') || added.includes(NET_FRAMEWORK_2012)) && !host.services.NetTcpPortSharing) {
    host.services.NetTcpPortSharing = { startMode: 'Disabled', running: false };
  }
  const needsRestart = added.some((f) => RESTART_FEATURES.has(f));
  if (needsRestart) host.pendingRestart = true;
  out('output', 'Success Restart Needed Exit Code      Feature Result');
  out('output', `True    ${needsRestart ? 'Yes' : 'No '}            ${needsRestart ? 'SuccessRest...' : added.length > 0 ? 'Success     ' : 'NoChangeNeeded'} {${added.join(', ')}}`);
  if (needsRestart) out('warning', 'WARNING: You must restart this server to finish the installation process.');
  return OK;
}

function setServiceStartup(call: ActionCall, a: Action<'set-service-startup'>): EffectResult {
  const service = call.host.services[a.service];
  if (!service) return fail('Set-Service', `Set-Service : Service ${a.service} was not found on computer '${call.host.name}'.`);
  service.startMode = 'Auto';
  return OK;
}

function installFilterPack(call: ActionCall, a: Action<'install-filter-pack'>): EffectResult {
  const { host } = call;
  if (!host.files.some((f) => f.toLowerCase() === a.installerPath.toLowerCase())) {
    return fail('Test-Path', `The Office 2010 Filter Pack installer was not found at ${a.installerPath}: copy FilterPack64bit.exe there or change the path in the design.`);
  }
  if (!host.products.includes(FILTER_PACK_PRODUCT)) host.products.push(FILTER_PACK_PRODUCT);
  return OK;
}

// ---------------------------------------------------------------------------------------------------------------
// Phase 2: Exchange setup
// ---------------------------------------------------------------------------------------------------------------

function setupMedia(host: LabHost, media: string): EffectResult | null {
  const path = `${media.replace(/\\$/, '')}\\setup.com`;
  return host.files.some((f) => f.toLowerCase() === path.toLowerCase())
    ? null
    : fail('Test-Path', `Exchange setup was not found at ${path}: put the Exchange 2010 media there or change the setup media path in the design.`);
}

function hasNet35(host: LabHost): boolean {
  return host.features.includes('NET-Framework') || host.features.includes(NET_FRAMEWORK_2012);
}

function prepareAd(call: ActionCall, a: Action<'prepare-ad'>): EffectResult {
  const { host, world, out } = call;
  const state = world.state;
  const media = setupMedia(host, a.setupMediaPath);
  if (media) return media;
  const blocked = pendingRestart('/PrepareSchema', host, 'setup /PrepareSchema : Setup cannot continue.');
  if (blocked) return blocked;
  const killed = memoryQuota('/PrepareSchema', host);
  if (killed) return killed;
  if (host.domain === '') return fail('/PrepareSchema', `setup /PrepareSchema : ${host.name} is not a member of an Active Directory domain; run /PrepareAD from a domain member.`);
  if (!hasNet35(host)) return fail('/PrepareSchema', 'setup /PrepareSchema : Setup requires the .NET Framework 3.5 SP1 (Windows feature NET-Framework). Install it and run the step again.');
  if (!host.features.includes('RSAT-ADDS')) {
    return fail('/PrepareSchema', `setup /PrepareSchema : The Active Directory management tools (LDIFDE.exe) are not installed on ${host.name}. Install them with Add-WindowsFeature RSAT-ADDS.`);
  }
  if (state.org.name !== null && state.org.name !== a.organizationName) {
    return fail(
      '/PrepareAD',
      `setup /PrepareAD : Active Directory already contains the Exchange organization '${state.org.name}'; /OrganizationName:${a.organizationName} cannot create another one.`,
    );
  }
  out('output', 'Extending Active Directory schema ...... COMPLETED');
  out('output', `Preparing the organization '${a.organizationName}' in Active Directory ...... COMPLETED`);
  out('output', `Preparing the domain ${state.org.adDomain} ...... COMPLETED`);
  state.org.name = a.organizationName;
  state.org.schemaVersion = Math.max(state.org.schemaVersion, a.schemaVersion);
  state.org.orgObjectVersion = Math.max(state.org.orgObjectVersion, a.organizationVersion);
  state.org.domainObjectVersion = Math.max(state.org.domainObjectVersion, a.domainVersion);
  return OK;
}

/** Exchange setup needs far more than WinRM 2.0's default 150 MB per remote shell. */
export const SETUP_SHELL_MEMORY_MB = 1024;

/** The memory quota of a remote shell on the host (WinRM 3.0's plugin quota wins over the shell quota). */
export function shellMemoryQuota(host: LabHost): number {
  return host.wsman.pluginMaxMemoryMb ?? host.wsman.shellMaxMemoryMb;
}

/** Setup through remoting is killed at the shell's memory quota, the way WinRM stops the provider host process. */
function memoryQuota(command: string, host: LabHost): EffectResult | null {
  const quota = shellMemoryQuota(host);
  if (quota >= SETUP_SHELL_MEMORY_MB) return null;
  return fail(
    command,
    `Processing data for a remote command failed with the following error message: The WSMan provider host process did not return a proper response. A provider in the host process may have behaved improperly. (setup was stopped at the remote shell's memory quota, MaxMemoryPerShellMB ${quota} MB on ${host.name}: raise it with Set-Item WSMan:\\localhost\\Shell\\MaxMemoryPerShellMB 2048)`,
  );
}

function exchangeSetup(call: ActionCall, a: Action<'exchange-setup'>): EffectResult {
  const { host, world, out } = call;
  const state = world.state;
  const cmd = '/m:install';
  const media = setupMedia(host, a.setupMediaPath);
  if (media) return media;
  const killed = memoryQuota(cmd, host);
  if (killed) return killed;
  out('output', 'Performing Microsoft Exchange Server Prerequisite Check');
  if (host.pendingRestart) {
    return fail(cmd, `Setup : A restart from a previous installation is pending. Please restart the system and then rerun Setup. (${host.name})`);
  }
  const edge = a.roles.includes('et');
  if (edge && a.roles.some((r) => r !== 'et')) {
    return fail(cmd, 'Setup : The Edge Transport server role cannot be installed together with any other server role.');
  }
  if (!edge && host.domain === '') return fail(cmd, `Setup : ${host.name} is not a member of an Active Directory domain; only the Edge Transport role installs on a workgroup server.`);
  if (!edge && state.org.name === null) {
    return fail(
      cmd,
      `Setup : Organization Checks ...... FAILED. Active Directory does not contain an Exchange organization: run setup /PrepareAD /OrganizationName:${state.org.designName} first (or give /OrganizationName to this setup).`,
    );
  }
  const missing = setupPrerequisites(a.roles, host.os.version).filter((f) => !host.features.includes(f));
  const problems: string[] = [];
  if (missing.length > 0) {
    const title = a.roles.includes('ca') ? ROLE_TITLES.ca : edge ? ROLE_TITLES.et : ROLE_TITLES[a.roles[0]];
    problems.push(`${title} Prerequisites ...... FAILED: the Windows feature(s) ${missing.map((m) => `'${m}'`).join(', ')} are required. Install them with Add-WindowsFeature ${missing.join(',')}.`);
  }
  if (a.roles.includes('ca') && host.services.NetTcpPortSharing?.startMode !== 'Auto') {
    problems.push(`${ROLE_TITLES.ca} Prerequisites ...... FAILED: the 'Net.Tcp Port Sharing Service' (NetTcpPortSharing) startup type must be set to Automatic.`);
  }
  if (problems.length > 0) {
    for (const p of problems) out('error', p);
    return fail(cmd, `Exchange setup failed: ${problems.join(' ')} See C:\\ExchangeSetupLogs\\ExchangeSetup.log on ${host.name}.`);
  }
  if ((a.roles.includes('mb') || a.roles.includes('ht')) && !host.products.includes(FILTER_PACK_PRODUCT)) {
    out('warning', 'Warning: The 2010 Office System Converter: Microsoft Filter Pack is not installed on this computer; content of Office files will not be indexed.');
  }
  for (const role of a.roles) out('output', `${ROLE_TITLES[role]} Prerequisites ...... COMPLETED`);
  out('output', 'Configuring Microsoft Exchange Server');
  const added = a.roles.filter((r) => !host.exchangeRoles.includes(r));
  for (const role of added) out('output', `    ${ROLE_TITLES[role]} ...... COMPLETED`);
  host.exchangeRoles.push(...added);
  installRoleArtifacts(host, added);
  if (added.includes('mb')) {
    // Setup creates a first database on every new Mailbox server.
    const name = defaultDatabaseName(host.name);
    if (!databaseByName(state, name)) {
      const array = state.casArrays.find((c) => c.site.toLowerCase() === host.site.toLowerCase());
      state.databases.push({
        name,
        edbFilePath: `C:\\Program Files\\Microsoft\\Exchange Server\\V14\\Mailbox\\${name}\\${name}.edb`,
        logFolderPath: `C:\\Program Files\\Microsoft\\Exchange Server\\V14\\Mailbox\\${name}`,
        activeServer: host.name,
        mounted: true,
        rpcClientAccessServer: array ? array.fqdn : host.fqdn,
        copies: [{ server: host.name, activationPreference: 1, replayLagDays: 0, truncationLagDays: 0 }],
      });
    }
  }
  // Setup installs SP3 (the media) and asks for a restart before the server is used.
  host.exchangeBuild ??= { servicePack: 3, rollup: 0 };
  host.pendingRestart = true;
  out('output', 'The Microsoft Exchange Server setup operation completed successfully.');
  out('warning', 'Setup has made changes to operating system settings that require a reboot to take effect. Please reboot this server prior to placing it into production.');
  return OK;
}

function staticRpcPorts(call: ActionCall, a: Action<'static-rpc-ports'>): EffectResult {
  const { host } = call;
  // New-Item -Force creates the keys even where Exchange is not installed; Restart-Service then fails.
  const rpcKey = 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\MSExchangeRPC\\ParametersSystem';
  const abKey = 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\MSExchangeAB\\Parameters';
  host.registry[rpcKey] = { ...(host.registry[rpcKey] ?? {}), 'TCP/IP Port': a.rpcClientAccessPort };
  host.registry[abKey] = { ...(host.registry[abKey] ?? {}), RpcTcpPort: String(a.addressBookPort) };
  for (const service of ['MSExchangeRPC', 'MSExchangeAB']) {
    if (!host.services[service]) return fail('Restart-Service', `Restart-Service : Cannot find any service with service name '${service}'.`);
  }
  return OK;
}

// ---------------------------------------------------------------------------------------------------------------
// Phase 3: Windows NLB
// ---------------------------------------------------------------------------------------------------------------

function nlbNicConfig(call: ActionCall, a: Action<'nlb-nic-config'>): EffectResult {
  const { host } = call;
  const nic = host.nics.find((n) => n.name === a.nicName);
  if (!nic) return fail('throw', `There is no network connection named ${a.nicName} on this server.`);
  if (!a.dnsRegistration) {
    nic.fullDnsRegistration = false;
    nic.domainDnsRegistration = false;
  }
  if (a.ipForwarding) nic.forwarding = true;
  return OK;
}

function newNlbCluster(call: ActionCall, a: Action<'new-nlb-cluster'>): EffectResult {
  const { host, world } = call;
  const state = world.state;
  const cmd = 'New-NlbCluster';
  const problem = nlbModule(host) ?? nlbDriver(cmd, host);
  if (problem) return problem;
  const dag = dagOf(state, host);
  if (dag) return nlbConflict(cmd, host, dag.name);
  const nic = host.nics.find((n) => n.name.toLowerCase() === a.interfaceName.toLowerCase());
  if (!nic) return fail(cmd, `${cmd} : The interface '${a.interfaceName}' was not found on host ${host.name}.`);
  // The script creates the cluster only when this host has none with that VIP yet (a re-run after a failure
  // between New-NlbCluster and Set-NlbClusterNode only sets the host priority).
  const mine = nlbClusterByVip(state, a.vip);
  const self = mine?.nodes.find((n) => n.host === host.name);
  if (mine && self) return setHostPriority(mine, self, a.hostPriority);
  const existing = nlbClusterOn(state, host, a.interfaceName);
  if (existing) return fail(cmd, `${cmd} : Interface '${a.interfaceName}' on ${host.name} is already part of NLB cluster ${existing.fqdn} (${existing.vip}).`);
  if (nlbClusterByVip(state, a.vip)) return fail(cmd, `${cmd} : The IP address ${a.vip} is already used by another NLB cluster.`);
  state.nlbClusters.push({
    vip: a.vip,
    subnetMask: a.subnetMask,
    fqdn: a.clusterFqdn,
    mode: a.mode,
    // New-NlbCluster's default: every port, both protocols, multiple hosts, single affinity.
    portRules: [{ startPort: 0, endPort: 65535, protocol: 'Both', mode: 'Multiple', affinity: 'Single' }],
    nodes: [{ host: host.name, interfaceName: nic.name, hostPriority: a.hostPriority, loadWeight: 50 }],
  });
  if (!nic.bindings.includes(NLB_BINDING)) nic.bindings.push(NLB_BINDING);
  return OK;
}

/** Set-NlbClusterNode -HostPriority: unique within the cluster. */
function setHostPriority(cluster: LabNlbCluster, node: LabNlbNode, hostPriority: number): EffectResult {
  const clash = cluster.nodes.find((n) => n !== node && n.hostPriority === hostPriority);
  if (clash) return fail('Set-NlbClusterNode', `Set-NlbClusterNode : Host priority ${hostPriority} is already used by ${clash.host} in NLB cluster ${cluster.vip}; host priorities are unique.`);
  node.hostPriority = hostPriority;
  return OK;
}

function nlbPortRules(call: ActionCall, a: Action<'nlb-port-rules'>): EffectResult {
  const { host, world } = call;
  const problem = nlbModule(host);
  if (problem) return problem;
  const cluster = nlbClusterOn(world.state, host, a.interfaceName);
  if (!cluster) return fail('Get-NlbClusterPortRule', `Get-NlbClusterPortRule : No NLB cluster is bound to interface '${a.interfaceName}' on host ${host.name}.`);
  if (cluster.vip !== a.vip) return fail('Add-NlbClusterPortRule', `Add-NlbClusterPortRule : The IP address ${a.vip} is not the address of the NLB cluster on interface '${a.interfaceName}' (${cluster.vip}).`);
  const rules = [...a.rules].sort((x, y) => x.startPort - y.startPort);
  for (let i = 0; i < rules.length; i++) {
    const r = rules[i];
    if (r.startPort > r.endPort) return fail('Add-NlbClusterPortRule', `Add-NlbClusterPortRule : The start port ${r.startPort} is greater than the end port ${r.endPort}.`);
    const next = rules[i + 1];
    if (next && next.startPort <= r.endPort && (next.protocol === r.protocol || next.protocol === 'Both' || r.protocol === 'Both')) {
      return fail('Add-NlbClusterPortRule', `Add-NlbClusterPortRule : The port rule ${next.startPort}-${next.endPort} overlaps the existing port rule ${r.startPort}-${r.endPort}.`);
    }
  }
  cluster.portRules = a.rules.map((r) => ({ startPort: r.startPort, endPort: r.endPort, protocol: r.protocol, mode: 'Multiple', affinity: r.affinity }));
  return OK;
}

function addNlbNode(call: ActionCall, a: Action<'add-nlb-node'>): EffectResult {
  const { host, world } = call;
  const state = world.state;
  const cmd = 'Add-NlbClusterNode';
  const module = nlbModule(host);
  if (module) return module;
  const clusterHost = otherHost(world, a.clusterHost, 'Get-NlbCluster');
  if (isResult(clusterHost)) return clusterHost;
  const cluster = nlbClusterOn(state, clusterHost, a.clusterInterface);
  if (!cluster) return fail('Get-NlbCluster', `Get-NlbCluster : There is no NLB cluster on interface '${a.clusterInterface}' of host ${clusterHost.name}. Create the cluster (New-NlbCluster) first.`);
  const node = otherHost(world, a.newNodeName, cmd);
  if (isResult(node)) return node;
  // Already a node (a re-run after a failure between Add-NlbClusterNode and Set-NlbClusterNode): only the priority.
  const joined = cluster.nodes.find((n) => n.host === node.name);
  if (joined) return setHostPriority(cluster, joined, a.hostPriority);
  const driver = nlbDriver(cmd, node);
  if (driver) return driver;
  const dag = dagOf(state, node);
  if (dag) return nlbConflict(cmd, node, dag.name);
  const nic = node.nics.find((n) => n.name.toLowerCase() === a.newNodeInterface.toLowerCase());
  if (!nic) return fail(cmd, `${cmd} : The interface '${a.newNodeInterface}' was not found on host ${node.name}.`);
  if (nlbClusterOn(state, node, a.newNodeInterface)) return fail(cmd, `${cmd} : Interface '${a.newNodeInterface}' on ${node.name} is already part of an NLB cluster.`);
  if (cluster.nodes.length >= NLB_MAX_HOSTS) return fail(cmd, `${cmd} : NLB cluster ${cluster.vip} already has ${NLB_MAX_HOSTS} hosts, the maximum.`);
  const clash = cluster.nodes.find((n) => n.hostPriority === a.hostPriority);
  if (clash) return fail('Set-NlbClusterNode', `Set-NlbClusterNode : Host priority ${a.hostPriority} is already used by ${clash.host} in NLB cluster ${cluster.vip}; host priorities are unique.`);
  cluster.nodes.push({ host: node.name, interfaceName: nic.name, hostPriority: a.hostPriority, loadWeight: a.loadWeight });
  if (!nic.bindings.includes(NLB_BINDING)) nic.bindings.push(NLB_BINDING);
  return OK;
}

// ---------------------------------------------------------------------------------------------------------------
// Phase 4: DNS and the CAS array
// ---------------------------------------------------------------------------------------------------------------

function dnsARecord(call: ActionCall, a: Action<'dns-a-record'>): EffectResult {
  const { host, world, out } = call;
  const state = world.state;
  const cmd = a.useDnscmd ? 'dnscmd' : 'Add-DnsServerResourceRecordA';
  if (!host.features.includes('RSAT-DNS-Server')) host.features.push('RSAT-DNS-Server');
  const server = a.dnsServer.toLowerCase();
  const serverHost = findHost(state, a.dnsServer);
  const known = state.org.dnsServers.includes(server) || (serverHost?.domainController ?? false);
  const down = serverHost && (!world.reachable(serverHost) || world.hostFault(serverHost, 'unreachable'));
  const faulted = state.faults.some((f) => f.kind === 'unreachable' && f.host.toLowerCase() === server);
  if (!known || down || faulted) {
    return a.useDnscmd
      ? fail(cmd, `Command failed: DNS Server ${a.dnsServer} failed to respond: RPC_S_SERVER_UNAVAILABLE 1722 0x6BA`, true)
      : fail(cmd, `${cmd} : Failed to connect to the DNS server ${a.dnsServer}: The RPC server is unavailable.`, true);
  }
  if (!state.org.zones.includes(a.zone.toLowerCase())) {
    return a.useDnscmd
      ? fail(cmd, `Command failed: DNS_ERROR_ZONE_DOES_NOT_EXIST 9601 0x2581 (zone ${a.zone} on ${a.dnsServer})`)
      : fail(cmd, `${cmd} : Failed to get the zone information for ${a.zone} on server ${a.dnsServer}.`);
  }
  const others = state.dnsRecords.filter((r) => r.zone.toLowerCase() === a.zone.toLowerCase() && r.name.toLowerCase() === a.hostLabel.toLowerCase() && r.ipv4 !== a.ipv4);
  if (others.length > 0) {
    return fail(
      'throw',
      `${a.fqdn} already has an A record for ${others.map((r) => r.ipv4).join(', ')} on ${a.dnsServer}: a second record would send clients round-robin to it. Remove or correct that record, then run this step again.`,
    );
  }
  const same = state.dnsRecords.find((r) => r.zone.toLowerCase() === a.zone.toLowerCase() && r.name.toLowerCase() === a.hostLabel.toLowerCase() && r.ipv4 === a.ipv4);
  if (same) {
    return a.useDnscmd
      ? fail(cmd, 'Command failed: DNS_ERROR_RECORD_ALREADY_EXISTS 9711 0x25F7')
      : fail(cmd, `${cmd} : Failed to create resource record ${a.hostLabel} in zone ${a.zone} on server ${a.dnsServer}: it already exists.`);
  }
  state.dnsRecords.push({ zone: a.zone.toLowerCase(), name: a.hostLabel, ipv4: a.ipv4 });
  if (a.useDnscmd) {
    out('output', `Add A Record for ${a.fqdn} at ${a.zone}`);
    out('output', 'Command completed successfully.');
  }
  return OK;
}

function newCasArray(call: ActionCall, a: Action<'new-cas-array'>): EffectResult {
  const state = call.world.state;
  const cmd = 'New-ClientAccessArray';
  if (!state.org.sites.some((s) => s.toLowerCase() === a.site.toLowerCase())) return fail(cmd, `${cmd} : The Active Directory site '${a.site}' couldn't be found.`);
  const inSite = state.casArrays.find((c) => c.site.toLowerCase() === a.site.toLowerCase());
  if (inSite) return fail(cmd, `${cmd} : Active Directory site '${a.site}' already has the client access array '${inSite.name}' (${inSite.fqdn}); a site has at most one.`);
  if (state.casArrays.some((c) => c.name.toLowerCase() === a.name.toLowerCase())) return fail(cmd, `${cmd} : A client access array named '${a.name}' already exists.`);
  const server = state.hosts.find((h) => h.fqdn.toLowerCase() === a.fqdn.toLowerCase());
  if (server) return fail(cmd, `${cmd} : The FQDN '${a.fqdn}' belongs to server ${server.name}; a client access array needs a name of its own.`);
  state.casArrays.push({ name: a.name, site: a.site, fqdn: a.fqdn });
  call.out('output', `Name: ${a.name}  Site: ${a.site}  Fqdn: ${a.fqdn}  Members: {${casMembers(state, a.site).map((h) => h.name).join(', ')}}`);
  return OK;
}

function setRpcClientAccess(call: ActionCall, a: Action<'set-rpc-client-access'>): EffectResult {
  const { world } = call;
  const state = world.state;
  const server = mailboxServer(world, a.mailboxServer, 'Get-MailboxDatabase');
  if (isResult(server)) return server;
  const target = a.fqdn.toLowerCase();
  const isArray = state.casArrays.some((c) => c.fqdn.toLowerCase() === target);
  const isCas = state.hosts.some((h) => h.exchangeRoles.includes('ca') && (h.fqdn.toLowerCase() === target || h.name.toLowerCase() === target));
  if (!isArray && !isCas) {
    return fail('Set-MailboxDatabase', `Set-MailboxDatabase : The Client Access server or array '${a.fqdn}' couldn't be found. Create the CAS array (New-ClientAccessArray) first, or give an existing Client Access server.`);
  }
  for (const db of databasesOnServer(state, server)) db.rpcClientAccessServer = a.fqdn;
  return OK;
}

// ---------------------------------------------------------------------------------------------------------------
// Phase 5: DAG
// ---------------------------------------------------------------------------------------------------------------

function witnessTrustedSubsystem(call: ActionCall): EffectResult {
  const { host, world } = call;
  if (world.state.org.name === null) {
    const domain = world.state.org.adDomain.split('.')[0].toUpperCase();
    return fail('net.exe', `There is no such global user or group: ${domain}\\${EXCHANGE_TRUSTED_SUBSYSTEM} (the group is created by setup /PrepareAD). net localgroup Administrators /add failed with exit code 2`);
  }
  if (!host.localAdministrators.includes(EXCHANGE_TRUSTED_SUBSYSTEM)) host.localAdministrators.push(EXCHANGE_TRUSTED_SUBSYSTEM);
  call.out('output', 'The command completed successfully.');
  return OK;
}

function newDag(call: ActionCall, a: Action<'new-dag'>): EffectResult {
  const { world } = call;
  const state = world.state;
  const cmd = 'New-DatabaseAvailabilityGroup';
  if (dagByName(state, a.name)) return fail(cmd, `${cmd} : A database availability group named '${a.name}' already exists.`);
  if (a.witnessServer !== '' && !findHost(state, a.witnessServer)) {
    return fail(cmd, `${cmd} : The witness server '${a.witnessServer}' couldn't be found. Check its name and that it is registered in DNS.`);
  }
  for (const ip of a.ipAddresses) {
    const user = state.hosts.find((h) => h.nics.some((n) => n.ipv4 === ip)) ?? state.nlbClusters.find((c) => c.vip === ip);
    if (user) return fail(cmd, `${cmd} : The IP address ${ip} is already in use by ${'name' in user ? user.name : `NLB cluster ${user.fqdn}`}.`);
  }
  state.dags.push({ name: a.name, witnessServer: a.witnessServer, witnessDirectory: a.witnessDirectory, ipAddresses: [...a.ipAddresses], members: [], networks: [] });
  return OK;
}

function dagDatacenterActivation(call: ActionCall, a: Action<'dag-datacenter-activation'>): EffectResult {
  const state = call.world.state;
  const cmd = 'Set-DatabaseAvailabilityGroup';
  const dag = dagByName(state, a.dag);
  if (!dag) return notFound(cmd, state, a.dag);
  if (a.alternateWitnessServer !== '' && !findHost(state, a.alternateWitnessServer)) {
    return fail(cmd, `${cmd} : The witness server '${a.alternateWitnessServer}' couldn't be found. Check its name and that it is registered in DNS.`);
  }
  dag.datacenterActivationMode = a.mode;
  if (a.alternateWitnessServer !== '') {
    dag.alternateWitnessServer = a.alternateWitnessServer;
    dag.alternateWitnessDirectory = a.alternateWitnessDirectory;
  }
  return OK;
}

function addDagMember(call: ActionCall, a: Action<'add-dag-member'>): EffectResult {
  const { world, out } = call;
  const state = world.state;
  const cmd = 'Add-DatabaseAvailabilityGroupServer';
  const failed = (why: string) => fail(cmd, `${cmd} : A server-side database availability group administrative operation failed. Error: ${why}`);
  const dag = dagByName(state, a.dag);
  if (!dag) return notFound(cmd, state, a.dag);
  const server = findHost(state, a.mailboxServer);
  if (!server) return notFound(cmd, state, a.mailboxServer);
  if (!server.exchangeRoles.includes('mb')) return fail(cmd, `${cmd} : ${server.name} isn't a Mailbox server; only Mailbox servers can be members of a database availability group.`);
  if (dag.members.includes(server.name)) return OK;
  const other = dagOf(state, server);
  if (other) return fail(cmd, `${cmd} : ${server.name} is already a member of database availability group ${other.name}.`);
  if (!world.reachable(server) || world.hostFault(server, 'unreachable')) return rpcUnavailable(cmd, server.name);
  if (server.domainController) return fail(cmd, `${cmd} : ${server.name} is a domain controller; a domain controller can't be a member of a database availability group.`);
  if (CLUSTERING_NEEDS_ENTERPRISE.has(server.os.version) && server.os.edition === 'Standard') {
    return failed(
      `The Windows Failover Clustering feature is not available on ${server.name}: ${windowsName(server.os.version, server.os.edition)} does not include failover clustering. DAG members need Enterprise or Datacenter edition.`,
    );
  }
  const nlb = nlbClusterOn(state, server);
  if (nlb) {
    return failed(`${server.name} is a node of Windows NLB cluster ${nlb.fqdn} (${nlb.vip}); Windows Network Load Balancing and Failover Clustering cannot run on the same server.`);
  }
  const witness = dag.witnessServer === '' ? undefined : findHost(state, dag.witnessServer);
  if (witness === server) return fail(cmd, `${cmd} : ${server.name} is the witness server of ${dag.name}; the witness can't be a member of the database availability group.`);
  if (server.pendingRestart) return failed(`${server.name} has a restart pending. Restart it and run the command again.`);
  const even = (dag.members.length + 1) % 2 === 0;
  if (even && witness) {
    // An even number of members: the cluster switches to Node and File Share Majority and creates the witness share.
    if (!world.reachable(witness) || world.hostFault(witness, 'unreachable')) {
      return failed(`Unable to access file shares on witness server '${dag.witnessServer}': The network path was not found.`);
    }
    if (!witness.localAdministrators.includes(EXCHANGE_TRUSTED_SUBSYSTEM)) {
      return failed(
        `Unable to create the witness directory '${dag.witnessDirectory}' on witness server '${dag.witnessServer}': Access is denied. ${EXCHANGE_TRUSTED_SUBSYSTEM} must be a member of the local Administrators group on the witness server.`,
      );
    }
  }
  addDagMemberState(dag, server);
  if (even && witness) out('output', `Witness share ${dag.witnessDirectory} created on ${witness.name}; quorum model Node and File Share Majority.`);
  out('output', `${server.name} joined the failover cluster of ${dag.name} (${dag.members.length} member${dag.members.length === 1 ? '' : 's'}).`);
  return OK;
}

function dagNetworks(call: ActionCall, a: Action<'dag-networks'>): EffectResult {
  const dag = dagByName(call.world.state, a.dag);
  if (!dag) return notFound('Get-DatabaseAvailabilityGroupNetwork', call.world.state, a.dag);
  const { uncovered, wrong } = dagNetworkProblems(dag, a.mapiSubnets, a.replicationSubnets);
  if (uncovered.length > 0) {
    return fail('throw', `No network of DAG ${a.dag} covers the replication subnet(s) ${uncovered.join(', ')}: check that every member has its replication NIC connected.`);
  }
  for (const w of wrong) {
    const network = dag.networks.find((n) => n.name === w.network);
    if (network) network.replicationEnabled = w.replication;
  }
  return OK;
}

// ---------------------------------------------------------------------------------------------------------------
// Phase 6: databases
// ---------------------------------------------------------------------------------------------------------------

function newMailboxDatabase(call: ActionCall, a: Action<'new-mailbox-database'>): EffectResult {
  const { world } = call;
  const state = world.state;
  const server = findHost(state, a.server);
  if (!server || !server.exchangeRoles.includes('mb')) {
    return fail('New-MailboxDatabase', `New-MailboxDatabase : The Mailbox server '${a.server}' couldn't be found: it isn't an Exchange server with the Mailbox role.`);
  }
  let db = databaseByName(state, a.name);
  if (!db) {
    const limit = databaseLimit(state);
    const count = databasesOnServer(state, server).length;
    if (count >= limit) {
      return fail('New-MailboxDatabase', `New-MailboxDatabase : ${server.name} already hosts ${count} databases, the maximum for Exchange Server 2010 ${state.org.edition} Edition.`);
    }
    const array = state.casArrays.find((c) => c.site.toLowerCase() === server.site.toLowerCase());
    db = {
      name: a.name,
      edbFilePath: a.edbFilePath,
      logFolderPath: a.logFolderPath,
      activeServer: server.name,
      mounted: false,
      rpcClientAccessServer: array ? array.fqdn : server.fqdn,
      copies: [{ server: server.name, activationPreference: 1, replayLagDays: 0, truncationLagDays: 0 }],
    };
    state.databases.push(db);
  }
  const active = findHost(state, db.activeServer);
  if (!active || !world.reachable(active) || world.hostFault(active, 'unreachable')) {
    return fail('Mount-Database', `Mount-Database : Couldn't mount the database that you specified. Specified database: ${a.name}; Error code: MapiExceptionNetworkError: Unable to make admin interface connection to server. (${db.activeServer})`, true);
  }
  db.mounted = true;
  return OK;
}

function addDatabaseCopy(call: ActionCall, a: Action<'add-database-copy'>): EffectResult {
  const { world, out } = call;
  const state = world.state;
  const cmd = 'Add-MailboxDatabaseCopy';
  const db = databaseByName(state, a.database);
  if (!db) return notFound(cmd, state, a.database);
  const server = mailboxServer(world, a.server, cmd);
  if (isResult(server)) return server;
  if (db.copies.some((c) => c.server === server.name)) return fail(cmd, `${cmd} : A copy of database '${db.name}' already exists on server '${server.name}'.`);
  const active = findHost(state, db.activeServer);
  const dag = active ? dagOf(state, active) : undefined;
  if (!dag) {
    return fail(cmd, `${cmd} : Database '${db.name}' is hosted on ${db.activeServer}, which isn't a member of a database availability group: add the server to a DAG first.`);
  }
  if (!dag.members.includes(server.name)) {
    return fail(cmd, `${cmd} : Server '${server.name}' isn't a member of database availability group '${dag.name}', which hosts database '${db.name}'.`);
  }
  if (a.replayLagDays > MAX_LAG_DAYS || a.truncationLagDays > MAX_LAG_DAYS) {
    return fail(cmd, `${cmd} : ReplayLagTime and TruncationLagTime can be at most ${MAX_LAG_DAYS} days.`);
  }
  if (a.activationPreference < 1) return fail(cmd, `${cmd} : The activation preference must be at least 1.`);
  if (!world.reachable(server) || world.hostFault(server, 'unreachable')) return rpcUnavailable(cmd, server.name);
  const count = databasesOnServer(state, server).length;
  if (count >= databaseLimit(state)) {
    return fail(cmd, `${cmd} : ${server.name} already hosts ${count} databases, the maximum for Exchange Server 2010 ${state.org.edition} Edition.`);
  }
  db.copies.push({ server: server.name, activationPreference: a.activationPreference, replayLagDays: a.replayLagDays, truncationLagDays: a.truncationLagDays });
  out('output', `Seeding ${db.name} to ${server.name} ... completed; copy status Healthy.`);
  return OK;
}

// ---------------------------------------------------------------------------------------------------------------
// Check-only steps: their script explains what is wrong (as the rendered PowerShell does)
// ---------------------------------------------------------------------------------------------------------------

function checkOnly(call: EffectCall): EffectResult {
  const a = call.step.action;
  const verdict = evaluateCheck({ world: call.world, step: call.step, host: call.host });
  if (verdict.done) return OK;
  const list = verdict.problems.join('; ');
  switch (a.kind) {
    case 'preflight':
      return fail('throw', `${a.serverName} does not match the design: ${list}`);
    case 'wait-nlb-converged':
      return fail('throw', `NLB cluster ${a.vip} has not converged after ${a.timeoutSeconds} s: ${nlbPending(call.world, a.vip, a.nodes).join(', ') || list}`);
    case 'verify-nlb':
      return fail('throw', `NLB cluster ${a.vip} is not converged: ${nlbPending(call.world, a.vip, a.nodes).join(', ') || list}`);
    case 'verify-cas-array':
      return fail('throw', `CAS array check failed: ${list}`);
    case 'verify-database-copies':
      return fail('throw', `Database copies are not healthy: ${list}`);
    case 'test-replication-health':
      return fail('throw', `Test-ReplicationHealth on ${a.server} failed: ${list}`);
    case 'test-mapi-connectivity':
      return fail('throw', `Test-MAPIConnectivity on ${a.server} failed for: ${list}`);
    case 'verify-nic-unbound':
      return fail('throw', `File and Printer Sharing for Microsoft Networks is still bound to ${a.nicName}: untick it in the connection's properties (ncpa.cpl), then run this step again.`);
    case 'verify-vip-reachable':
      return fail('throw', `${list}: ${a.hint}`);
    case 'verify-exchange-version':
      return fail('throw', `Exchange version check failed: ${list}`);
    case 'verify-namespace':
      return fail('throw', `Client access names check failed: ${list}`);
    default:
      return fail('throw', list);
  }
}

/** Applies a step's script to the world (the caller saves the world). Never called for operator steps. */
export function applyEffect(call: EffectCall): EffectResult {
  return isCheckOnlyKind(call.step.action.kind) ? checkOnly(call) : applyActionEffect(call, call.step.action);
}

/**
 * Makes the change an action describes, with Windows' and Exchange's own rules (the caller saves the world). The
 * host double's cmdlets call this too, with the action their parameters describe: one model of what a change does.
 */
export function applyActionEffect(call: ActionCall, a: StepAction): EffectResult {
  if (isHostAction(a)) {
    const result = applyHostAction(call.world, call.host, a);
    return result.ok ? OK : fail(result.command, result.error);
  }
  if (isNamespaceAction(a)) {
    const result = applyNamespaceAction(call.world, call.host, a);
    return result.ok ? OK : fail(result.command, result.error);
  }
  switch (a.kind) {
    case 'preflight':
    case 'wait-nlb-converged':
    case 'verify-nlb':
    case 'verify-cas-array':
    case 'verify-database-copies':
    case 'test-replication-health':
    case 'test-mapi-connectivity':
      return fail('', `${a.kind} only checks: it changes nothing`);
    case 'install-features':
      return installFeatures(call, a);
    case 'set-service-startup':
      return setServiceStartup(call, a);
    case 'install-filter-pack':
      return installFilterPack(call, a);
    case 'prepare-ad':
      return prepareAd(call, a);
    case 'exchange-setup':
      return exchangeSetup(call, a);
    case 'static-rpc-ports':
      return staticRpcPorts(call, a);
    case 'nlb-nic-config':
      return nlbNicConfig(call, a);
    case 'new-nlb-cluster':
      return newNlbCluster(call, a);
    case 'nlb-port-rules':
      return nlbPortRules(call, a);
    case 'add-nlb-node':
      return addNlbNode(call, a);
    case 'dns-a-record':
      return dnsARecord(call, a);
    case 'new-cas-array':
      return newCasArray(call, a);
    case 'set-rpc-client-access':
      return setRpcClientAccess(call, a);
    case 'witness-trusted-subsystem':
      return witnessTrustedSubsystem(call);
    case 'new-dag':
      return newDag(call, a);
    case 'add-dag-member':
      return addDagMember(call, a);
    case 'dag-datacenter-activation':
      return dagDatacenterActivation(call, a);
    case 'dag-networks':
      return dagNetworks(call, a);
    case 'new-mailbox-database':
      return newMailboxDatabase(call, a);
    case 'add-database-copy':
      return addDatabaseCopy(call, a);
    case 'operator':
      return fail('', 'operator checklist steps have no script: a person does them');
    default: {
      const unknown: never = a;
      return fail('', `the lab does not know the step action ${JSON.stringify(unknown)}`);
    }
  }
}

/** The command that does a step's main work (where an injected failure points in the script). */
export const MAIN_COMMAND: Readonly<Record<StepAction['kind'], string>> = {
  preflight: 'throw',
  'install-features': 'Add-WindowsFeature',
  'winrm-memory-quota': 'Set-Item',
  'restart-if-pending': 'Restart-Computer',
  'update-rollup': 'msiexec.exe',
  'exchange-product-key': 'Set-ExchangeServer',
  'default-database': 'MailboxDatabase',
  'verify-nic-unbound': 'throw',
  'verify-vip-reachable': 'throw',
  'verify-exchange-version': 'throw',
  'block-lagged-activation': 'Suspend-MailboxDatabaseCopy',
  'set-service-startup': 'Set-Service',
  'install-filter-pack': 'Start-Process',
  'prepare-ad': '/PrepareAD',
  'exchange-setup': '/m:install',
  'static-rpc-ports': 'New-ItemProperty',
  'nlb-nic-config': 'SetDynamicDNSRegistration',
  'new-nlb-cluster': 'New-NlbCluster',
  'nlb-port-rules': 'Add-NlbClusterPortRule',
  'add-nlb-node': 'Add-NlbClusterNode',
  'wait-nlb-converged': 'throw',
  'dns-a-record': 'RecordA',
  'new-cas-array': 'New-ClientAccessArray',
  'set-rpc-client-access': 'Set-MailboxDatabase',
  'witness-trusted-subsystem': 'localgroup',
  'new-dag': 'New-DatabaseAvailabilityGroup',
  'add-dag-member': 'Add-DatabaseAvailabilityGroupServer',
  'dag-datacenter-activation': 'Set-DatabaseAvailabilityGroup',
  'dag-networks': 'Set-DatabaseAvailabilityGroupNetwork',
  'new-mailbox-database': 'New-MailboxDatabase',
  'add-database-copy': 'Add-MailboxDatabaseCopy',
  'verify-nlb': 'throw',
  'verify-cas-array': 'throw',
  'verify-database-copies': 'throw',
  'test-replication-health': 'throw',
  'test-mapi-connectivity': 'throw',
  operator: '',
  'namespace-urls': 'VirtualDirectory',
  'autodiscover-scp': 'Set-ClientAccessServer',
  'enable-outlook-anywhere': 'OutlookAnywhere',
  'certificate-request': 'New-ExchangeCertificate',
  'certificate-complete': 'Import-ExchangeCertificate',
  'certificate-copy': 'Export-ExchangeCertificate',
  'verify-namespace': 'throw',
};

/** The "What if:" lines a script prints in -WhatIf mode (nothing changes). */
export function whatIfLines(step: RunbookStep, host: LabHost): string[] {
  const a = step.action;
  const line = (operation: string, target: string) => `What if: Performing the operation "${operation}" on target "${target}".`;
  switch (a.kind) {
    case 'install-features':
      return [line('Add-WindowsFeature', `${a.features.join(', ')} on ${host.name}`)];
    case 'set-service-startup':
      return [line('Set-Service', `${a.service} (StartupType ${a.startupType}) on ${host.name}`)];
    case 'new-cas-array':
      return [line('New-ClientAccessArray', `${a.name} (${a.fqdn}) in site ${a.site}`)];
    case 'set-rpc-client-access':
      return [line('Set-MailboxDatabase', `databases on ${a.mailboxServer}: RpcClientAccessServer ${a.fqdn}`)];
    case 'new-dag':
      return [line('New-DatabaseAvailabilityGroup', a.name)];
    case 'add-dag-member':
      return [line('Add-DatabaseAvailabilityGroupServer', `${a.mailboxServer} to ${a.dag}`)];
    case 'dag-datacenter-activation':
      return [line('Set-DatabaseAvailabilityGroup', `${a.dag} (DatacenterActivationMode ${a.mode}${a.alternateWitnessServer === '' ? '' : `, alternate witness ${a.alternateWitnessServer}`})`)];
    case 'dag-networks':
      return [line('Set-DatabaseAvailabilityGroupNetwork', `${a.dag} networks (replication on ${a.replicationSubnets.join(', ')})`)];
    case 'new-mailbox-database':
      return [line('New-MailboxDatabase', `${a.name} on ${a.server}`)];
    case 'add-database-copy':
      return [line('Add-MailboxDatabaseCopy', `${a.database} on ${a.server} (activation preference ${a.activationPreference})`)];
    case 'dns-a-record':
      return [line('Add-DnsServerResourceRecordA', `${a.hostLabel}.${a.zone} A ${a.ipv4} on ${a.dnsServer}`)];
    default:
      return [line(a.kind, host.name)];
  }
}
