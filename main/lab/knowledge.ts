// What the rehearsal lab knows about Windows and Exchange 2010 on its own (independently of the runbook generator,
// so a generator mistake shows up as a failing rehearsal): which features each role's setup requires, which
// features exist on which edition, which need a restart, which services come with what.
import type { SetupRole } from '../../shared/runbook/actions';
import type { WindowsEdition, WindowsVersion } from '../../shared/model/types';

/** Exchange 2010 setup prerequisites per role (Windows Server 2008 / 2008 R2 feature names). */
export const SETUP_BASE_FEATURES: readonly string[] = [
  'NET-Framework',
  'RSAT-ADDS',
  'Web-Server',
  'Web-Basic-Auth',
  'Web-Windows-Auth',
  'Web-Metabase',
  'Web-Net-Ext',
  'Web-Lgcy-Mgmt-Console',
  'WAS-Process-Model',
  'RSAT-Web-Server',
];
export const SETUP_CAS_FEATURES: readonly string[] = ['Web-ISAPI-Ext', 'Web-Digest-Auth', 'Web-Dyn-Compression', 'NET-HTTP-Activation', 'RPC-Over-HTTP-Proxy'];
export const SETUP_UM_FEATURES: readonly string[] = ['Desktop-Experience'];
export const SETUP_EDGE_FEATURES: readonly string[] = ['NET-Framework', 'RSAT-ADDS', 'ADLDS'];

/** Features that leave a restart pending when installed. */
export const RESTART_FEATURES: ReadonlySet<string> = new Set(['Desktop-Experience', 'NET-Framework', 'NET-Framework-Core', 'Web-Server']);

/** Features only Enterprise and Datacenter have on Windows Server 2008 / 2008 R2. */
const ENTERPRISE_ONLY_FEATURES: ReadonlySet<string> = new Set(['Failover-Clustering']);

/** Every feature name the lab accepts (a subset of Server Manager's, enough for Exchange 2010 deployments). */
export const KNOWN_FEATURES: ReadonlySet<string> = new Set([
  ...SETUP_BASE_FEATURES,
  ...SETUP_CAS_FEATURES,
  ...SETUP_UM_FEATURES,
  ...SETUP_EDGE_FEATURES,
  'NET-Framework-Core',
  'Failover-Clustering',
  'NLB',
  'RSAT-NLB',
  'RSAT-DNS-Server',
  'RSAT-Clustering',
]);

export const FILTER_PACK_PRODUCT = 'Microsoft Office 2010 Filter Pack';
export const NLB_MODULE_FEATURE = 'RSAT-NLB';
export const EXCHANGE_TRUSTED_SUBSYSTEM = 'Exchange Trusted Subsystem';
/** Exchange 2010 Standard edition: at most this many databases per server (Enterprise: 100). */
export const STANDARD_EDITION_MAX_DATABASES = 5;
export const ENTERPRISE_EDITION_MAX_DATABASES = 100;
/** The Windows name of .NET 3.5 on 2012 and later. */
export const NET_FRAMEWORK_2012 = 'NET-Framework-Core';

export function isLegacyWindows(version: WindowsVersion): boolean {
  return version === '2008' || version === '2008R2';
}

export function windowsName(version: WindowsVersion, edition: WindowsEdition): string {
  const names: Record<WindowsVersion, string> = {
    '2008': 'Windows Server 2008',
    '2008R2': 'Windows Server 2008 R2',
    '2012': 'Windows Server 2012',
    '2012R2': 'Windows Server 2012 R2',
    '2016': 'Windows Server 2016',
  };
  return `${names[version]} ${edition}`;
}

/** Whether a feature exists on that Windows (Failover Clustering is not on 2008 / 2008 R2 Standard). */
export function featureAvailable(feature: string, version: WindowsVersion, edition: WindowsEdition): boolean {
  if (!KNOWN_FEATURES.has(feature)) return false;
  if (ENTERPRISE_ONLY_FEATURES.has(feature) && isLegacyWindows(version) && edition === 'Standard') return false;
  if (feature === 'NET-Framework' && !isLegacyWindows(version)) return false;
  if (feature === NET_FRAMEWORK_2012 && isLegacyWindows(version)) return false;
  return true;
}

/** The features Exchange setup checks for these roles, with the .NET name of the host's Windows version. */
export function setupPrerequisites(roles: readonly SetupRole[], version: WindowsVersion): string[] {
  const list = roles.includes('et')
    ? [...SETUP_EDGE_FEATURES]
    : [...SETUP_BASE_FEATURES, ...(roles.includes('ca') ? SETUP_CAS_FEATURES : []), ...(roles.includes('um') ? SETUP_UM_FEATURES : [])];
  return [...new Set(list.map((f) => (f === 'NET-Framework' && !isLegacyWindows(version) ? NET_FRAMEWORK_2012 : f)))];
}

/** What setup calls each role in its prerequisite report. */
export const ROLE_TITLES: Record<SetupRole, string> = {
  ca: 'Client Access Role',
  ht: 'Hub Transport Role',
  mb: 'Mailbox Role',
  um: 'Unified Messaging Role',
  et: 'Edge Transport Role',
  mt: 'Management Tools',
};

/** Services an installed role brings (start mode Automatic, running). */
export const ROLE_SERVICES: Record<SetupRole, readonly string[]> = {
  ca: ['MSExchangeRPC', 'MSExchangeAB', 'MSExchangeFBA', 'MSExchangeProtectedServiceHost'],
  ht: ['MSExchangeTransport', 'MSExchangeEdgeSync'],
  mb: ['MSExchangeIS', 'MSExchangeRepl', 'MSExchangeSA'],
  um: ['MSExchangeUM'],
  et: ['MSExchangeTransport', 'ADAM_MSExchange'],
  mt: [],
};

/** Default bindings of a network connection on Windows Server 2008 R2. */
export const DEFAULT_BINDINGS: readonly string[] = ['ms_tcpip', 'ms_tcpip6', 'ms_server', 'ms_msclient', 'ms_pacer'];
/** The binding the NLB driver adds to a connection that is part of a cluster. */
export const NLB_BINDING = 'ms_wlbs';
