// What the Exchange 2010 SP3 double's cmdlets output: objects with the property names of the real ones and `__type`
// set to the real .NET type. Properties that are objects in the real shell (ADObjectId, ServerVersion, the copy lists
// of a database, a DAG's Servers) carry the text their ToString gives, as an admin's script sees them after [string].
import { copyStatus, dagByName, dagOf } from '../checks';
import { findHost } from '../state';
import type { LabCasArray, LabDag, LabDagNetwork, LabDatabase, LabDatabaseCopy, LabHost, LabState } from '../state';
import type { LabWorld } from '../world';
import { adminDisplayVersion, exchangeBuildOf, exchangeServerView, formatTimeSpanDays, remainingTrial, serverEdition, serverRoleText } from '../exchangeState';
import type { DoubleObject, WireValue } from './protocol';

/** ExchangeVersion of Exchange 2010 objects (the minimum version that can manage them). */
export const EXCHANGE_VERSION_2010 = '0.10 (14.0.100.0)';

/** The organization's domain controller that lookups name in their errors. */
export function dcName(state: LabState): string {
  return state.org.dnsServers.find((d) => d.includes('.') && d !== state.org.adDomain.toLowerCase()) ?? state.org.adDomain;
}

function domainDn(state: LabState): string {
  return state.org.adDomain
    .split('.')
    .map((p) => `DC=${p}`)
    .join(',');
}

function orgDn(state: LabState): string {
  return `CN=${state.org.name ?? state.org.designName},CN=Microsoft Exchange,CN=Services,CN=Configuration,${domainDn(state)}`;
}

/** ADObjectId of an AD site as its ToString shows it: contoso.com/Configuration/Sites/Site1. */
export function siteId(state: LabState, site: string): string {
  return `${state.org.adDomain}/Configuration/Sites/${site}`;
}

/** Servers of the organization that Get-ExchangeServer lists (an Edge server is outside the organization). */
export function exchangeServers(state: LabState): LabHost[] {
  return state.hosts.filter((h) => h.exchangeRoles.some((r) => r !== 'mt' && r !== 'et'));
}

function serverDn(state: LabState, host: LabHost): string {
  return `CN=${host.name},CN=Servers,CN=Exchange Administrative Group (FYDIBOHF23SPDLT),CN=Administrative Groups,${orgDn(state)}`;
}

export function exchangeServerObject(state: LabState, host: LabHost, status: boolean): DoubleObject {
  const build = exchangeBuildOf(host) ?? { servicePack: 3, rollup: 0 };
  const ex = exchangeServerView(host);
  const edition = serverEdition(host);
  const trial = edition.endsWith('Evaluation');
  return {
    __type: 'Microsoft.Exchange.Data.Directory.Management.ExchangeServer',
    Name: host.name,
    Identity: host.name,
    Fqdn: host.fqdn,
    Domain: state.org.adDomain,
    Site: siteId(state, host.site),
    ServerRole: serverRoleText(host.exchangeRoles),
    Edition: edition,
    AdminDisplayVersion: adminDisplayVersion(build),
    ExchangeVersion: EXCHANGE_VERSION_2010,
    IsMailboxServer: host.exchangeRoles.includes('mb'),
    IsClientAccessServer: host.exchangeRoles.includes('ca'),
    IsHubTransportServer: host.exchangeRoles.includes('ht'),
    IsUnifiedMessagingServer: host.exchangeRoles.includes('um'),
    IsEdgeServer: host.exchangeRoles.includes('et'),
    IsProvisionedServer: false,
    IsExchange2007OrLater: true,
    IsE14OrLater: true,
    IsExchange2007TrialEdition: trial,
    IsExpiredExchange2007TrialEdition: trial && remainingTrial(host) === '00:00:00',
    RemainingTrialPeriod: remainingTrial(host),
    ProductID: ex.licensedEdition === '' ? '' : productId(ex.productKey),
    DistinguishedName: serverDn(state, host),
    CurrentDomainControllers: status ? [dcName(state)] : [],
    CurrentGlobalCatalogs: status ? [dcName(state)] : [],
  };
}

/** A product ID derived from the key (the real one comes from Microsoft's key check). */
function productId(key: string): string {
  let h = 7;
  for (const ch of key) h = (Math.imul(h, 31) + ch.charCodeAt(0)) >>> 0;
  const digits = String(h).padStart(10, '0');
  return `02064-${digits.slice(0, 3)}-${digits.slice(3, 10)}-75${digits.slice(0, 3)}`;
}

export function mailboxServerObject(state: LabState, host: LabHost): DoubleObject {
  const build = exchangeBuildOf(host) ?? { servicePack: 3, rollup: 0 };
  const ex = exchangeServerView(host);
  return {
    __type: 'Microsoft.Exchange.Data.Directory.Management.MailboxServer',
    Name: host.name,
    Identity: host.name,
    DatabaseAvailabilityGroup: dagOf(state, host)?.name ?? null,
    DatabaseCopyAutoActivationPolicy: ex.databaseCopyAutoActivationPolicy,
    DatabaseCopyActivationDisabledAndMoveNow: ex.databaseCopyActivationDisabledAndMoveNow,
    MaximumActiveDatabases: null,
    AdminDisplayVersion: adminDisplayVersion(build),
    ExchangeVersion: EXCHANGE_VERSION_2010,
    DistinguishedName: serverDn(state, host),
  };
}

export function clientAccessServerObject(state: LabState, host: LabHost): DoubleObject {
  const ex = exchangeServerView(host);
  return {
    __type: 'Microsoft.Exchange.Data.Directory.Management.ClientAccessServer',
    Name: host.name,
    Identity: host.name,
    Fqdn: host.fqdn,
    AutoDiscoverServiceInternalUri: ex.autoDiscoverServiceInternalUri === '' ? null : ex.autoDiscoverServiceInternalUri,
    AutoDiscoverServiceCN: host.name,
    AutoDiscoverServiceClassName: 'ms-Exchange-AutoDiscover-Service',
    AutoDiscoverSiteScope: ex.autoDiscoverSiteScope,
    OutlookAnywhereEnabled: ex.outlookAnywhere !== null,
    ExchangeVersion: EXCHANGE_VERSION_2010,
    DistinguishedName: serverDn(state, host),
  };
}

/** CAS servers of a site (an array's Members). */
export function casInSite(state: LabState, site: string): LabHost[] {
  return state.hosts.filter((h) => h.site.toLowerCase() === site.toLowerCase() && h.exchangeRoles.includes('ca'));
}

export function clientAccessArrayObject(state: LabState, array: LabCasArray): DoubleObject {
  return {
    __type: 'Microsoft.Exchange.Data.Directory.SystemConfiguration.ClientAccessArray',
    Name: array.name,
    Identity: array.name,
    Fqdn: array.fqdn,
    Site: siteId(state, array.site),
    SiteName: array.site,
    Members: casInSite(state, array.site).map((h) => h.name),
    ExchangeVersion: EXCHANGE_VERSION_2010,
    DistinguishedName: `CN=${array.name},CN=Arrays,CN=${array.site},CN=Sites,CN=Configuration,${domainDn(state)}`,
  };
}

/** The copies of a database in activation-preference order. */
export function orderedCopies(db: LabDatabase): LabDatabaseCopy[] {
  return [...db.copies].sort((a, b) => a.activationPreference - b.activationPreference);
}

export function mailboxDatabaseObject(world: LabWorld, db: LabDatabase, status: boolean): DoubleObject {
  const state = world.state;
  const active = findHost(state, db.activeServer);
  const dag = active ? dagOf(state, active) : undefined;
  const copies = orderedCopies(db);
  const reachable = active !== undefined && world.reachable(active) && !world.hostFault(active, 'unreachable');
  const build = (active && exchangeBuildOf(active)) ?? { servicePack: 3, rollup: 0 };
  return {
    __type: 'Microsoft.Exchange.Data.Directory.SystemConfiguration.MailboxDatabase',
    Name: db.name,
    Identity: db.name,
    Server: db.activeServer,
    ServerName: db.activeServer,
    MasterServerOrAvailabilityGroup: dag ? dag.name : db.activeServer,
    Servers: copies.map((c) => c.server),
    DatabaseCopies: copies.map((c) => `${db.name}\\${c.server}`),
    ActivationPreference: copies.map((c) => `[${c.server}, ${c.activationPreference}]`),
    ReplayLagTimes: copies.map((c) => `[${c.server}, ${formatTimeSpanDays(c.replayLagDays)}]`),
    TruncationLagTimes: copies.map((c) => `[${c.server}, ${formatTimeSpanDays(c.truncationLagDays)}]`),
    RpcClientAccessServer: db.rpcClientAccessServer,
    EdbFilePath: db.edbFilePath,
    LogFolderPath: db.logFolderPath,
    Recovery: false,
    ReplicationType: copies.length > 1 ? 'Remote' : 'None',
    CircularLoggingEnabled: false,
    IsMailboxDatabase: true,
    IsPublicFolderDatabase: false,
    AdminDisplayVersion: adminDisplayVersion(build),
    ExchangeVersion: EXCHANGE_VERSION_2010,
    DistinguishedName: `CN=${db.name},CN=Databases,CN=Exchange Administrative Group (FYDIBOHF23SPDLT),CN=Administrative Groups,${orgDn(state)}`,
    // Runtime state only with -Status (null otherwise, as the real cmdlet).
    Mounted: status ? db.mounted && reachable : null,
    MountedOnServer: status && db.mounted && reachable && active ? active.fqdn : null,
    BackupInProgress: status ? false : null,
    OnlineMaintenanceInProgress: status ? false : null,
  };
}

export function dagObject(world: LabWorld, dag: LabDag, status: boolean): DoubleObject {
  const state = world.state;
  const operational = dag.members.filter((m) => {
    const h = findHost(state, m);
    return h !== undefined && world.reachable(h) && !world.hostFault(h, 'unreachable') && h.services.ClusSvc?.running === true;
  });
  const witness = dag.witnessServer === '' ? undefined : findHost(state, dag.witnessServer);
  return {
    __type: 'Microsoft.Exchange.Data.Directory.SystemConfiguration.DatabaseAvailabilityGroup',
    Name: dag.name,
    Identity: dag.name,
    Servers: [...dag.members],
    WitnessServer: dag.witnessServer === '' ? null : dag.witnessServer,
    WitnessDirectory: dag.witnessDirectory === '' ? null : dag.witnessDirectory,
    AlternateWitnessServer: dag.alternateWitnessServer ?? null,
    AlternateWitnessDirectory: dag.alternateWitnessDirectory ?? null,
    DatabaseAvailabilityGroupIpAddresses: [...dag.ipAddresses],
    NetworkCompression: 'InterSubnetOnly',
    NetworkEncryption: 'InterSubnetOnly',
    DatacenterActivationMode: dag.datacenterActivationMode ?? 'Off',
    ReplicationPort: 64327,
    ThirdPartyReplication: 'Disabled',
    AllowCrossSiteRpcClientAccess: false,
    NetworkNames: dag.networks.map((n) => n.name),
    ExchangeVersion: EXCHANGE_VERSION_2010,
    DistinguishedName: `CN=${dag.name},CN=Database Availability Groups,CN=Exchange Administrative Group (FYDIBOHF23SPDLT),CN=Administrative Groups,${orgDn(state)}`,
    // Runtime state only with -Status.
    OperationalServers: status ? operational : null,
    PrimaryActiveManager: status ? (operational[0] ?? null) : null,
    WitnessShareInUse: status ? (dag.members.length % 2 === 0 && witness ? 'Primary' : 'None') : null,
  };
}

export function dagNetworkObject(world: LabWorld, dag: LabDag, network: LabDagNetwork): DoubleObject {
  const state = world.state;
  const interfaces: string[] = [];
  for (const member of dag.members) {
    const host = findHost(state, member);
    for (const nic of host?.nics ?? []) {
      if (network.subnets.includes(nic.cidr)) interfaces.push(`{${host?.name ?? member},Up,${nic.ipv4}}`);
    }
  }
  return {
    __type: 'Microsoft.Exchange.Management.SystemConfigurationTasks.DatabaseAvailabilityGroupNetwork',
    Name: network.name,
    Identity: `${dag.name}\\${network.name}`,
    Description: null,
    Subnets: network.subnets.map((s) => `{${s},Up}`),
    Interfaces: interfaces,
    MapiAccessEnabled: dag.networks.indexOf(network) === 0,
    ReplicationEnabled: network.replicationEnabled,
    IgnoreNetwork: false,
  };
}

/** Get-MailboxDatabaseCopyStatus: the lab's copy status, with suspension on top. */
export function copyStatusText(world: LabWorld, db: LabDatabase, copy: LabDatabaseCopy): string {
  const base = copyStatus(world, db, copy.server);
  if (copy.suspended && (base === 'Healthy' || base === 'Initializing')) return 'Suspended';
  if (copy.suspended && base === 'Failed') return 'FailedAndSuspended';
  return base;
}

export function copyStatusObject(world: LabWorld, db: LabDatabase, copy: LabDatabaseCopy): DoubleObject {
  const status = copyStatusText(world, db, copy);
  const active = db.activeServer === copy.server;
  const replicating = status === 'Healthy';
  const lagged = copy.replayLagDays > 0;
  const fields: Record<string, WireValue> = {
    Name: `${db.name}\\${copy.server}`,
    Identity: `${db.name}\\${copy.server}`,
    DatabaseName: db.name,
    MailboxServer: copy.server,
    Status: status,
    ActiveCopy: active,
    ActiveDatabaseCopy: db.activeServer.toLowerCase(),
    ActivationSuspended: copy.activationSuspended === true || copy.suspended === true,
    SuspendComment: copy.suspendComment ?? null,
    CopyQueueLength: 0,
    // A lagged copy holds its replay lag's worth of logs by design.
    ReplayQueueLength: active ? 0 : replicating && lagged ? 250 : 0,
    ContentIndexState: status === 'Initializing' || status === 'Suspended' ? 'Crawling' : status === 'ServiceDown' || status === 'Failed' ? 'Failed' : 'Healthy',
    ContentIndexErrorMessage: null,
    LatestAvailableLogTime: null,
    LastInspectedLogTime: null,
    ErrorMessage: status === 'Failed' || status === 'FailedAndSuspended' ? 'The copy has no healthy source: its server is not in the database availability group of the active copy.' : null,
  };
  return { __type: 'Microsoft.Exchange.Management.SystemConfigurationTasks.DatabaseCopyStatusEntry', ...fields };
}

export function dagNamed(state: LabState, name: string): LabDag | undefined {
  return dagByName(state, name);
}
