// What the rehearsal lab knows about Windows and Exchange 2010: which features each role's setup requires (the
// runbook generator's own list, shared/runbook/windowsFeatures), which features exist on which edition, which need a
// restart, which services come with what. The lab maps setup's role codes to that list by itself, and checks that
// the runbook installed the features on the right host before setup runs.
import type { SetupRole } from '../../shared/runbook/actions';
import type { WindowsEdition, WindowsVersion } from '../../shared/model/types';
import { CLUSTERING_NEEDS_ENTERPRISE } from '../../shared/planner/limits';
import { WINDOWS_LABELS } from '../../shared/planner/text';
import { BASE_FEATURES, CAS_FEATURES, EDGE_FEATURES, NET_FRAMEWORK_2012, UM_FEATURES, isLegacyWindows, setupFeatures } from '../../shared/runbook/windowsFeatures';

/** Features that leave a restart pending when installed. */
export const RESTART_FEATURES: ReadonlySet<string> = new Set(['Desktop-Experience', 'NET-Framework', NET_FRAMEWORK_2012, 'Web-Server']);

/** Features only Enterprise and Datacenter have on Windows Server 2008 / 2008 R2. */
const ENTERPRISE_ONLY_FEATURES: ReadonlySet<string> = new Set(['Failover-Clustering']);

/** Every feature name the lab accepts (a subset of Server Manager's, enough for Exchange 2010 deployments). */
export const KNOWN_FEATURES: ReadonlySet<string> = new Set([
  ...BASE_FEATURES,
  ...CAS_FEATURES,
  ...UM_FEATURES,
  ...EDGE_FEATURES,
  NET_FRAMEWORK_2012,
  'Failover-Clustering',
  'NLB',
  'RSAT-NLB',
  'RSAT-DNS-Server',
  'RSAT-Clustering',
]);

export const FILTER_PACK_PRODUCT = 'Microsoft Office 2010 Filter Pack';
export const NLB_MODULE_FEATURE = 'RSAT-NLB';
export const EXCHANGE_TRUSTED_SUBSYSTEM = 'Exchange Trusted Subsystem';

export function windowsName(version: WindowsVersion, edition: WindowsEdition): string {
  return `${WINDOWS_LABELS[version]} ${edition}`;
}

/** Whether a feature exists on that Windows (Failover Clustering is not on 2008 / 2008 R2 Standard). */
export function featureAvailable(feature: string, version: WindowsVersion, edition: WindowsEdition): boolean {
  if (!KNOWN_FEATURES.has(feature)) return false;
  if (ENTERPRISE_ONLY_FEATURES.has(feature) && CLUSTERING_NEEDS_ENTERPRISE.has(version) && edition === 'Standard') return false;
  if (feature === 'NET-Framework' && !isLegacyWindows(version)) return false;
  if (feature === NET_FRAMEWORK_2012 && isLegacyWindows(version)) return false;
  return true;
}

/** The features Exchange setup checks for these roles, with the .NET name of the host's Windows version. */
export function setupPrerequisites(roles: readonly SetupRole[], version: WindowsVersion): string[] {
  return setupFeatures({ clientAccess: roles.includes('ca'), unifiedMessaging: roles.includes('um'), edge: roles.includes('et') }, version);
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
