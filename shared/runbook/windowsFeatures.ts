// The Windows features Exchange 2010 setup checks for, per role mix: one list for the runbook generator (which
// installs them before setup) and the rehearsal lab (whose setup refuses to run without them).
import type { WindowsVersion } from '../model/types';

/** Features every Exchange 2010 role but Edge needs (Windows Server 2008 / 2008 R2 names). */
export const BASE_FEATURES: readonly string[] = [
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
export const CAS_FEATURES: readonly string[] = ['Web-ISAPI-Ext', 'Web-Digest-Auth', 'Web-Dyn-Compression', 'NET-HTTP-Activation', 'RPC-Over-HTTP-Proxy'];
export const UM_FEATURES: readonly string[] = ['Desktop-Experience'];
export const EDGE_FEATURES: readonly string[] = ['NET-Framework', 'RSAT-ADDS', 'ADLDS'];

/** Windows Server 2012 and later name the .NET 3.5 feature differently. */
export const NET_FRAMEWORK_2012 = 'NET-Framework-Core';

/** Windows Server 2008 and 2008 R2: the feature names above, dnscmd, nvspbind. */
export function isLegacyWindows(version: WindowsVersion): boolean {
  return version === '2008' || version === '2008R2';
}

/** Which of the roles that bring their own features a server gets. */
export interface SetupRoleMix {
  readonly clientAccess: boolean;
  readonly unifiedMessaging: boolean;
  readonly edge: boolean;
}

/** The features Exchange setup checks for these roles, with the .NET name of the host's Windows version, in a stable order. */
export function setupFeatures(roles: SetupRoleMix, version: WindowsVersion): string[] {
  const list = roles.edge
    ? [...EDGE_FEATURES]
    : [...BASE_FEATURES, ...(roles.clientAccess ? CAS_FEATURES : []), ...(roles.unifiedMessaging ? UM_FEATURES : [])];
  const legacy = isLegacyWindows(version);
  return [...new Set(list.map((f) => (f === 'NET-Framework' && !legacy ? NET_FRAMEWORK_2012 : f)))];
}
