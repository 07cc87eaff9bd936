// The rehearsal lab's world: simulated Windows / Exchange hosts and the organization around them, as plain JSON
// (so it can be saved after every change and a killed process resumes against the same world). Built from a design
// as the world looks BEFORE the deployment: every server exists with its OS and NICs, joined to the domain;
// servers marked `existing` are fully deployed (prerequisites, Exchange roles), and so are existing databases
// and the DAGs / NLB clusters whose members all exist.
import { maskToDotted, parseCidr } from '../../shared/model/ip';
import type { Design, NlbMode, Server, WindowsEdition, WindowsVersion } from '../../shared/model/types';
import type { SetupRole } from '../../shared/runbook/actions';
import type { LabFault } from './faults';
import {
  DEFAULT_BINDINGS,
  EXCHANGE_2010_SP3_AD,
  EXCHANGE_TRUSTED_SUBSYSTEM,
  FILTER_PACK_PRODUCT,
  NLB_BINDING,
  NLB_MODULE_FEATURE,
  ROLE_MANUAL_SERVICES,
  ROLE_SERVICES,
  defaultShellMemoryMb,
  legacyWindows,
  setupPrerequisites,
} from './knowledge';
import { designBuild, newExchangeServer } from './exchangeState';
import type { LabExchangeBuild, LabExchangeServer, LabMailbox } from './exchangeState';
import type { LabHostMailFlow, LabOrgMailFlow } from './mailFlowState';

export const LAB_FORMAT = 2;

/** When the servers that exist before the deployment were installed: a fixed time, so a world depends only on its design. */
const EXISTING_INSTALLED_AT = Date.UTC(2013, 1, 12);

export type StartMode = 'Auto' | 'Manual' | 'Disabled';

export interface LabService {
  startMode: StartMode;
  running: boolean;
}

export interface LabNic {
  readonly name: string;
  readonly ipv4: string;
  /** The subnet in CIDR form ('' when unknown). */
  readonly cidr: string;
  /** Component ids bound to the connection (ms_tcpip, ms_server = File and Printer Sharing, ...). */
  bindings: string[];
  forwarding: boolean;
  /** Win32_NetworkAdapter.GUID ({…}, upper case): the \\Device\\{GUID} of the connection in binding lists. */
  readonly guid: string;
  /** Win32_NetworkAdapter.Index = Win32_NetworkAdapterConfiguration.Index. */
  readonly index: number;
  /** Win32_NetworkAdapterConfiguration.FullDNSRegistrationEnabled ("Register this connection's addresses in DNS"). */
  fullDnsRegistration: boolean;
  /** Win32_NetworkAdapterConfiguration.DomainDNSRegistrationEnabled ("Use this connection's DNS suffix in DNS registration"). */
  domainDnsRegistration: boolean;
}

/** A registry value: REG_DWORD (number), REG_SZ (string) or REG_MULTI_SZ (string[]). */
export type LabRegistryValue = string | number | string[];

/** WinRM settings of a host (the WSMan: drive). */
export interface LabWsman {
  /** WSMan:\localhost\Shell\MaxMemoryPerShellMB. */
  shellMaxMemoryMb: number;
  /** WSMan:\localhost\Plugin\Microsoft.PowerShell\Quotas\MaxMemoryPerShellMB (WinRM 3.0 and later; null on WinRM 2.0). */
  pluginMaxMemoryMb: number | null;
  /** WSMan:\localhost\Service\Auth\CredSSP. */
  credSsp: boolean;
}

/** A task of the Task Scheduler (schtasks.exe). */
export interface LabScheduledTask {
  readonly name: string;
  readonly command: string;
  readonly runAs: string;
  readonly highest: boolean;
  readonly schedule: string;
  readonly startTime: string;
  /** 267011 (0x41303): the task has not run yet. */
  lastResult: number;
  lastRunTime: string;
  status: 'Ready' | 'Running' | 'Disabled';
}

/** What an installer file on a host installs (Filter Pack, an Exchange update rollup). */
export interface LabInstaller {
  readonly product: string;
  /** For an Exchange 2010 SP3 update rollup (.msp): its number. */
  readonly rollup?: number;
}

export interface LabHost {
  readonly name: string;
  readonly fqdn: string;
  readonly site: string;
  readonly os: { readonly version: WindowsVersion; readonly edition: WindowsEdition; readonly servicePack: number };
  /** AD domain it is joined to; '' = workgroup. */
  domain: string;
  readonly domainController: boolean;
  /** Logical processors, memory and whether it is a virtual machine (absent in lab files written before them). */
  readonly hardware?: { readonly cores: number; readonly ramGB: number; readonly virtualized: boolean };
  /** A server of the design (false: a host outside it, e.g. a file-server witness). */
  readonly inDesign: boolean;
  nics: LabNic[];
  features: string[];
  pendingRestart: boolean;
  /** Restarting: does not answer until this time (ms since epoch). */
  downUntil: number | null;
  /** Went down for a restart and never came back (fault restart-hang). */
  hung: boolean;
  services: Record<string, LabService>;
  /** Registry values: key path → value name → data. */
  registry: Record<string, Record<string, LabRegistryValue>>;
  /** Installed programs (Programs and Features display names). */
  products: string[];
  exchangeRoles: SetupRole[];
  localAdministrators: string[];
  /** Files present on the host (setup media, installers). */
  files: string[];
  /** Text of files a step wrote or a person put there (certificate requests and answers), by lower-case path. */
  fileContents?: Record<string, string>;
  restarts: number;
  /** WinRM quotas and authentication (WSMan: drive). */
  wsman: LabWsman;
  scheduledTasks: LabScheduledTask[];
  /** Installer files by lower-case path, and what they install. */
  installers: Record<string, LabInstaller>;
  /**
   * The Exchange build installed (service pack and update rollup): setup writes SP3 RTM (the lab's media), an update
   * rollup install (.msp) writes its rollup. Absent: no Exchange, or setup ran before this field existed (read it with
   * exchangeBuildOf in exchangeState.ts, which gives SP3 for a server with roles).
   */
  exchangeBuild?: LabExchangeBuild | null;
  /** Exchange settings of the server (licence, Mailbox/CAS settings, namespace): exchangeServerState() creates them. */
  exchange?: LabExchangeServer;
  /** Receive connectors, POP3 / IMAP4 settings, the Edge's EdgeSync data (mailFlowState.ts; absent = setup's defaults). */
  mailFlow?: LabHostMailFlow;
}

export interface LabPortRule {
  readonly startPort: number;
  readonly endPort: number;
  readonly protocol: 'Tcp' | 'Udp' | 'Both';
  readonly mode: 'Multiple' | 'Single' | 'Disabled';
  readonly affinity: 'None' | 'Single' | 'Network';
}

export interface LabNlbNode {
  readonly host: string;
  readonly interfaceName: string;
  hostPriority: number;
  loadWeight: number;
  /** Stop-NlbClusterNode (until Start-NlbClusterNode): the node leaves the cluster. Absent = running. */
  stopped?: boolean;
}

export interface LabNlbCluster {
  readonly vip: string;
  readonly subnetMask: string;
  readonly fqdn: string;
  readonly mode: NlbMode;
  portRules: LabPortRule[];
  nodes: LabNlbNode[];
  /** The router has the static ARP entry (or the switches IGMP snooping) a multicast cluster needs for other subnets. */
  routerArp?: boolean;
}

export interface LabDnsRecord {
  readonly zone: string;
  /** Host label within the zone ('@' for the zone itself). */
  readonly name: string;
  readonly ipv4: string;
}

export interface LabCasArray {
  readonly name: string;
  readonly site: string;
  readonly fqdn: string;
}

export interface LabDagNetwork {
  readonly name: string;
  readonly subnets: string[];
  replicationEnabled: boolean;
}

export interface LabDag {
  readonly name: string;
  readonly witnessServer: string;
  readonly witnessDirectory: string;
  readonly ipAddresses: string[];
  members: string[];
  networks: LabDagNetwork[];
  /** Set-DatabaseAvailabilityGroup's site-resilience settings (absent: Off and none, as New-DatabaseAvailabilityGroup leaves them). */
  datacenterActivationMode?: 'Off' | 'DagOnly';
  alternateWitnessServer?: string;
  alternateWitnessDirectory?: string;
}

export interface LabDatabaseCopy {
  readonly server: string;
  activationPreference: number;
  replayLagDays: number;
  truncationLagDays: number;
  /** Suspend-MailboxDatabaseCopy -ActivationOnly: the copy replicates but Active Manager won't activate it. */
  activationSuspended?: boolean;
  /** Suspend-MailboxDatabaseCopy (replication suspended too), or Add-MailboxDatabaseCopy -SeedingPostponed. */
  suspended?: boolean;
  suspendComment?: string;
}

export interface LabDatabase {
  readonly name: string;
  readonly edbFilePath: string;
  readonly logFolderPath: string;
  /** The server holding the active copy. */
  activeServer: string;
  mounted: boolean;
  rpcClientAccessServer: string;
  copies: LabDatabaseCopy[];
  /**
   * Created by New-MailboxDatabase and not yet seen by the store through AD replication: the next Mount-Database fails
   * (MapiExceptionNotFound), a retry succeeds.
   */
  awaitingAdReplication?: boolean;
}

export interface LabOrganization {
  /** The Exchange organization once /PrepareAD ran (null: not prepared). */
  name: string | null;
  readonly designName: string;
  readonly adDomain: string;
  readonly edition: 'Standard' | 'Enterprise';
  readonly sites: string[];
  /** The subnet objects of Active Directory Sites and Services (absent in lab files written before they were modelled). */
  readonly adSubnets?: readonly { readonly cidr: string; readonly site: string }[];
  /** DNS zones hosted by the domain's DNS servers. */
  readonly zones: string[];
  /** Names that reach the domain's DNS servers (the configured one, the domain itself, the DCs). */
  readonly dnsServers: string[];
  /** rangeUpper of ms-Exch-Schema-Version-Pt (0: the schema has no Exchange classes). */
  schemaVersion: number;
  /** objectVersion of the Exchange organization container (0: no organization). */
  orgObjectVersion: number;
  /** objectVersion of the domain's Microsoft Exchange System Objects container (0: domain not prepared). */
  domainObjectVersion: number;
  /**
   * Mailboxes of the organization (the lab models only those setup creates: the arbitration mailboxes and the
   * discovery search mailbox, placed in the first mailbox database). Absent until the first one exists; read through
   * systemMailboxes() in exchangeState.ts.
   */
  mailboxes?: LabMailbox[];
  /** Accepted domains, e-mail address policies, send connectors, Edge Subscriptions (mailFlowState.ts; absent = setup's defaults). */
  mailFlow?: LabOrgMailFlow;
}

/** A script the lab applied (never a check or a -WhatIf run): the proof that no step ran twice. */
export interface LabExecution {
  readonly stepId: string;
  readonly host: string;
  readonly attempt: number;
  readonly at: string;
  /** Whether the script succeeded (a failing script may still have changed something, like the real one). */
  readonly ok: boolean;
}

export interface LabState {
  readonly format: typeof LAB_FORMAT;
  readonly createdAt: string;
  readonly designTitle: string;
  org: LabOrganization;
  hosts: LabHost[];
  nlbClusters: LabNlbCluster[];
  dnsRecords: LabDnsRecord[];
  casArrays: LabCasArray[];
  dags: LabDag[];
  databases: LabDatabase[];
  faults: LabFault[];
  executions: LabExecution[];
  /** Virtual addresses of hardware load balancers (configured by a person): the servers behind each. */
  loadBalancerVips?: { readonly vip: string; readonly servers: readonly string[] }[];
}

// ---------------------------------------------------------------------------------------------------------------
// Building the world from a design
// ---------------------------------------------------------------------------------------------------------------

const ROLE_CODES = { CAS: 'ca', HT: 'ht', MB: 'mb', UM: 'um', Edge: 'et' } as const;

function setupRoles(server: Server): SetupRole[] {
  if (server.roles.includes('Edge')) return ['et'];
  if (server.roles.length === 0) return [];
  return [...new Set<SetupRole>([...server.roles.map((r) => ROLE_CODES[r]), 'mt'])];
}

/** Services of a freshly installed Windows (Net.Tcp Port Sharing arrives with .NET 3.x, disabled). */
function baseServices(features: readonly string[], version: WindowsVersion): Record<string, LabService> {
  const services: Record<string, LabService> = {
    WinRM: { startMode: 'Auto', running: true },
    LanmanServer: { startMode: 'Auto', running: true },
  };
  if (features.includes('NET-Framework') || features.includes('NET-Framework-Core') || !legacyWindows(version)) {
    services.NetTcpPortSharing = { startMode: 'Disabled', running: false };
  }
  return services;
}

/** Adds the services and registry keys an Exchange role brings (used by setup and for existing servers). */
export function installRoleArtifacts(host: LabHost, roles: readonly SetupRole[]): void {
  for (const role of roles) {
    for (const service of ROLE_SERVICES[role]) host.services[service] = { startMode: 'Auto', running: true };
    for (const service of ROLE_MANUAL_SERVICES[role]) host.services[service] ??= { startMode: 'Manual', running: false };
    if (role === 'ca') {
      host.registry['HKLM\\SYSTEM\\CurrentControlSet\\Services\\MSExchangeRPC'] ??= {};
      host.registry['HKLM\\SYSTEM\\CurrentControlSet\\Services\\MSExchangeAB'] ??= {};
    }
  }
  if (roles.length > 0 && !host.localAdministrators.includes(EXCHANGE_TRUSTED_SUBSYSTEM)) host.localAdministrators.push(EXCHANGE_TRUSTED_SUBSYSTEM);
}

/** A stable GUID for a host's network connection (Win32_NetworkAdapter.GUID, upper case, in braces). */
export function nicGuid(hostName: string, nicName: string): string {
  const hex: string[] = [];
  let h = 2166136261;
  for (let round = 0; hex.join('').length < 32; round++) {
    for (const ch of `${hostName.toUpperCase()}|${nicName}|${round}`) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
    hex.push(h.toString(16).padStart(8, '0'));
  }
  const x = hex.join('').slice(0, 32).toUpperCase();
  return `{${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}}`;
}

/** WinRM as installed: 150 MB per shell and no plugin quota on WinRM 2.0, 1024 MB for both on WinRM 3.0. */
export function defaultWsman(version: WindowsVersion): LabWsman {
  const mb = defaultShellMemoryMb(version);
  return { shellMaxMemoryMb: mb, pluginMaxMemoryMb: legacyWindows(version) ? null : mb, credSsp: false };
}

/** Files the operator put on every server: the Exchange media, the Filter Pack, the update rollup, the Windows sxs folder (2012+). */
function hostFiles(design: Design, version: WindowsVersion): string[] {
  const d = design.deployment as Design['deployment'] & { readonly windowsSourcePath?: string; readonly updateRollupPath?: string };
  const files = [`${d.setupMediaPath.replace(/\\$/, '')}\\setup.com`, d.filterPackPath];
  if (d.updateRollupPath) files.push(d.updateRollupPath);
  if (d.windowsSourcePath && !legacyWindows(version)) files.push(`${d.windowsSourcePath.replace(/\\$/, '')}\\microsoft-windows-netfx3-ondemand-package.cab`);
  return files.filter((x) => x !== '');
}

/** What the installer files of the design install. */
function hostInstallers(design: Design): Record<string, LabInstaller> {
  const d = design.deployment;
  const rollup = design.organization.servicePack === 'SP3' ? design.organization.rollup : 0;
  const out: Record<string, LabInstaller> = {};
  if (d.filterPackPath) out[d.filterPackPath.toLowerCase()] = { product: FILTER_PACK_PRODUCT };
  if (d.updateRollupPath && rollup > 0) {
    out[d.updateRollupPath.toLowerCase()] = { product: `Update Rollup ${rollup} for Exchange Server 2010 Service Pack 3`, rollup };
  }
  return out;
}

/** A deterministic default database name like setup's "Mailbox Database 0123456789". */
export function defaultDatabaseName(hostName: string): string {
  let h = 2166136261;
  for (const ch of hostName.toUpperCase()) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
  return `Mailbox Database ${String(h % 10_000_000_000).padStart(10, '0')}`;
}

function parentZone(fqdn: string): string | null {
  const dot = fqdn.indexOf('.');
  return dot > 0 && dot < fqdn.length - 1 ? fqdn.slice(dot + 1).toLowerCase() : null;
}

/** The lab world of a design before its deployment. Faults marked pending-restart are applied here. */
export function createLabState(design: Design, options: { readonly title?: string; readonly faults?: readonly LabFault[] } = {}): LabState {
  const sites = new Map(design.sites.map((s) => [s.id, s.name]));
  const subnets = new Map(design.subnets.map((s) => [s.id, s.cidr]));
  const org = design.organization;
  const orgExists = design.servers.some((s) => s.existing && setupRoles(s).some((r) => r !== 'et'));

  const hosts: LabHost[] = design.servers.map((server) => {
    const roles = server.existing ? setupRoles(server) : [];
    const features = server.existing && roles.length > 0 ? setupPrerequisites(roles, server.os.version) : [];
    const host: LabHost = {
      name: server.name,
      fqdn: server.fqdn,
      site: sites.get(server.siteId) ?? server.siteId,
      os: { version: server.os.version, edition: server.os.edition, servicePack: server.os.servicePack },
      domain: server.roles.includes('Edge') ? '' : org.adDomain,
      domainController: server.domainController,
      hardware: { cores: server.cores, ramGB: server.ramGB, virtualized: server.virtualized },
      inDesign: true,
      nics: server.nics.map((n, i) => ({
        name: n.name,
        ipv4: n.ipv4,
        cidr: subnets.get(n.subnetId) ?? '',
        bindings: [...DEFAULT_BINDINGS],
        forwarding: false,
        guid: nicGuid(server.name, n.name),
        index: 7 + i,
        fullDnsRegistration: true,
        domainDnsRegistration: false,
      })),
      features,
      pendingRestart: false,
      downUntil: null,
      hung: false,
      services: baseServices(features, server.os.version),
      registry: {},
      products: server.existing && (roles.includes('mb') || roles.includes('ht')) ? [FILTER_PACK_PRODUCT] : [],
      exchangeRoles: roles,
      localAdministrators: ['Administrator', `${org.adDomain.split('.')[0].toUpperCase()}\\Domain Admins`],
      files: hostFiles(design, server.os.version),
      restarts: 0,
      // The runbook's preflight asks for CredSSP on the servers whose steps reach a second machine: the lab's servers
      // are set up that way (Enable-WSManCredSSP -Role Server), as the runbook's notes tell the admin to.
      wsman: { ...defaultWsman(server.os.version), credSsp: true },
      scheduledTasks: [],
      installers: hostInstallers(design),
    };
    if (server.existing && roles.includes('ca') && host.services.NetTcpPortSharing) host.services.NetTcpPortSharing = { startMode: 'Auto', running: true };
    installRoleArtifacts(host, roles);
    if (roles.length > 0) {
      host.exchangeBuild = designBuild(org.servicePack, org.rollup);
      host.exchange = newExchangeServer(host, org.edition, EXISTING_INSTALLED_AT);
    }
    return host;
  });
  const byId = new Map(design.servers.map((s, i) => [s.id, hosts[i]]));

  // Hosts outside the design that the runbook names: file-server witnesses. The runbook cannot reach them (their
  // preparation is an operator checklist item), so they are modelled as already prepared.
  for (const dag of design.dags) {
    if (dag.witnessHost === '' || hosts.some((h) => sameName(h, dag.witnessHost))) continue;
    hosts.push({
      name: dag.witnessHost.split('.')[0].toUpperCase(),
      fqdn: dag.witnessHost,
      site: sites.get(dag.siteId) ?? dag.siteId,
      os: { version: '2008R2', edition: 'Standard', servicePack: 1 },
      domain: org.adDomain,
      domainController: false,
      inDesign: false,
      nics: [],
      features: [],
      pendingRestart: false,
      downUntil: null,
      hung: false,
      services: baseServices([], '2008R2'),
      registry: {},
      products: [],
      exchangeRoles: [],
      localAdministrators: ['Administrator', EXCHANGE_TRUSTED_SUBSYSTEM],
      files: [],
      restarts: 0,
      wsman: defaultWsman('2008R2'),
      scheduledTasks: [],
      installers: {},
    });
  }

  // NLB clusters whose members all exist already run.
  const nlbClusters: LabNlbCluster[] = [];
  for (const cluster of design.nlbClusters) {
    if (cluster.members.length === 0 || !cluster.members.every((m) => design.servers.find((s) => s.id === m.serverId)?.existing)) continue;
    const cidr = parseCidr(subnets.get(cluster.subnetId) ?? '');
    const nodes: LabNlbNode[] = [];
    for (const m of cluster.members) {
      const host = byId.get(m.serverId);
      const nicName = design.servers.find((s) => s.id === m.serverId)?.nics.find((n) => n.id === m.nicId)?.name;
      if (!host || !nicName) continue;
      for (const f of ['NLB', NLB_MODULE_FEATURE]) if (!host.features.includes(f)) host.features.push(f);
      const nic = host.nics.find((n) => n.name === nicName);
      if (nic) nic.bindings = ['ms_tcpip', NLB_BINDING];
      nodes.push({ host: host.name, interfaceName: nicName, hostPriority: m.hostPriority, loadWeight: m.loadWeight });
    }
    nlbClusters.push({
      vip: cluster.vip,
      subnetMask: cidr ? maskToDotted(cidr.prefix) : '255.255.255.0',
      fqdn: cluster.fqdn,
      mode: cluster.mode,
      portRules: cluster.portRules.map((r) => ({ startPort: r.startPort, endPort: r.endPort, protocol: r.protocol, mode: 'Multiple', affinity: r.affinity })),
      nodes,
    });
  }

  // DAGs whose members all exist already run (with Failover Clustering and their networks).
  const dags: LabDag[] = [];
  for (const dag of design.dags) {
    const members = dag.memberIds.map((id) => design.servers.find((s) => s.id === id));
    if (members.length === 0 || !members.every((s) => s?.existing)) continue;
    const witness = dag.witnessServerId ? design.servers.find((s) => s.id === dag.witnessServerId) : undefined;
    const labDag: LabDag = {
      name: dag.name,
      witnessServer: witness ? witness.fqdn || witness.name : dag.witnessHost,
      witnessDirectory: dag.witnessDirectory,
      ipAddresses: dag.ipAddresses.map((ip) => ip.ipv4),
      members: [],
      networks: [],
    };
    for (const s of members) {
      const host = s ? byId.get(s.id) : undefined;
      if (!host) continue;
      if (!host.features.includes('Failover-Clustering')) host.features.push('Failover-Clustering');
      addDagMemberState(labDag, host);
    }
    dags.push(labDag);
  }

  // Existing databases: mounted on their preference-1 server, with their copies on existing DAG members.
  const databases: LabDatabase[] = [];
  for (const db of design.databases) {
    if (!db.existing) continue;
    const copies = [...db.copies].sort((a, b) => a.activationPreference - b.activationPreference);
    const active = copies[0] ? byId.get(copies[0].serverId) : undefined;
    if (!active) continue;
    const dag = dags.find((d) => d.members.includes(active.name));
    const labCopies = copies
      .map((c) => ({ c, host: byId.get(c.serverId) }))
      .filter(({ c, host }, i) => host && (i === 0 || (dag && dag.members.includes(host.name) && design.servers.find((s) => s.id === c.serverId)?.existing)))
      .map(({ c, host }) => ({ server: (host as LabHost).name, activationPreference: c.activationPreference, replayLagDays: c.replayLagDays, truncationLagDays: c.truncationLagDays }));
    databases.push({
      name: db.name,
      edbFilePath: `C:\\Program Files\\Microsoft\\Exchange Server\\V14\\Mailbox\\${db.name}\\${db.name}.edb`,
      logFolderPath: `C:\\Program Files\\Microsoft\\Exchange Server\\V14\\Mailbox\\${db.name}`,
      activeServer: active.name,
      mounted: true,
      rpcClientAccessServer: active.fqdn,
      copies: labCopies,
    });
  }

  const zones = new Set<string>([org.adDomain.toLowerCase()]);
  for (const s of design.servers) {
    const z = parentZone(s.fqdn);
    if (z) zones.add(z);
  }
  const dnsServers = new Set<string>([org.adDomain.toLowerCase()]);
  if (design.deployment.dnsServer !== '') dnsServers.add(design.deployment.dnsServer.toLowerCase());
  for (const s of design.servers) {
    if (s.domainController) {
      dnsServers.add(s.name.toLowerCase());
      if (s.fqdn) dnsServers.add(s.fqdn.toLowerCase());
    }
  }

  const state: LabState = {
    format: LAB_FORMAT,
    createdAt: new Date().toISOString(),
    designTitle: options.title ?? '',
    org: {
      name: orgExists ? org.name : null,
      designName: org.name,
      adDomain: org.adDomain,
      edition: org.edition,
      sites: design.sites.map((s) => s.name),
      adSubnets: design.subnets.filter((n) => design.sites.some((s) => s.id === n.siteId)).map((n) => ({ cidr: n.cidr, site: design.sites.find((s) => s.id === n.siteId)?.name ?? '' })),
      zones: [...zones],
      dnsServers: [...dnsServers],
      schemaVersion: orgExists ? EXCHANGE_2010_SP3_AD.schemaRangeUpper : 0,
      orgObjectVersion: orgExists ? EXCHANGE_2010_SP3_AD.organizationObjectVersion : 0,
      domainObjectVersion: orgExists ? EXCHANGE_2010_SP3_AD.domainObjectVersion : 0,
    },
    hosts,
    nlbClusters,
    dnsRecords: [],
    casArrays: [],
    dags,
    databases,
    faults: (options.faults ?? []).map((f) => ({ ...f })),
    executions: [],
  };
  for (const f of state.faults) {
    if (f.kind === 'pending-restart') {
      const host = findHost(state, f.host);
      if (host) host.pendingRestart = true;
    }
  }
  return state;
}

// ---------------------------------------------------------------------------------------------------------------
// Lookups shared by effects and checks
// ---------------------------------------------------------------------------------------------------------------

/** Whether a name (NetBIOS name, FQDN or first label of an FQDN, any case) or an address designates the host. */
export function sameName(host: LabHost, name: string): boolean {
  const n = name.trim().toLowerCase();
  if (n === '') return false;
  return (
    host.name.toLowerCase() === n ||
    host.fqdn.toLowerCase() === n ||
    host.fqdn.toLowerCase().split('.')[0] === n ||
    host.nics.some((nic) => nic.ipv4 === n)
  );
}

export function findHost(state: LabState, name: string): LabHost | undefined {
  return state.hosts.find((h) => sameName(h, name));
}

/** DAG membership: the host joins, gets Failover Clustering, and a DAG network for each subnet it is on. */
export function addDagMemberState(dag: LabDag, host: LabHost): void {
  if (!dag.members.includes(host.name)) dag.members.push(host.name);
  if (!host.features.includes('Failover-Clustering')) host.features.push('Failover-Clustering');
  host.services.ClusSvc = { startMode: 'Auto', running: true };
  for (const nic of host.nics) {
    if (nic.cidr === '' || dag.networks.some((n) => n.subnets.includes(nic.cidr))) continue;
    const name = dag.networks.length === 0 ? 'MapiDagNetwork' : `ReplicationDagNetwork${String(dag.networks.length).padStart(2, '0')}`;
    // Exchange 2010 enables replication on every DAG network it discovers.
    dag.networks.push({ name, subnets: [nic.cidr], replicationEnabled: true });
  }
}
