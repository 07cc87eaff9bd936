// What the rehearsal lab (and its host double) knows about Windows Server and Exchange 2010, written from Microsoft's
// documentation in the lab's OWN tables: the lab must not borrow the runbook generator's lists
// (shared/runbook/windowsFeatures.ts), or a generator that installs the wrong features could never fail a rehearsal.
//
// Sources:
// - Server Manager feature names: `Get-WindowsFeature` on Windows Server 2008 R2 SP1 and on Windows Server 2012 /
//   2012 R2 (Server Manager cmdlets, learn.microsoft.com/powershell/module/servermanager; "Install-WindowsFeature":
//   "equivalent to and replaces the Add-WindowsFeature cmdlet"). On 2008 R2 .NET 3.5.1 is NET-Framework with the
//   subfeature NET-Framework-Core; on 2012 / 2012 R2 it is NET-Framework-Features > NET-Framework-Core, installed from
//   the media's sources\sxs (a Feature on Demand).
// - Exchange 2010 prerequisites per role: "Exchange 2010 Prerequisites" (learn.microsoft.com/previous-versions/
//   office/exchange-server-2010/bb691354), Windows Server 2008 R2 section.
// - Active Directory versions: "Prepare Active Directory and domains" for Exchange 2010, table "Exchange 2010 Active
//   Directory versions" (and TechNet Wiki 2772 "Exchange Schema Versions"): SP3 = rangeUpper 14734 of
//   ms-Exch-Schema-Version-Pt, organization objectVersion 14322, domain (Microsoft Exchange System Objects)
//   objectVersion 13040.
// - WinRM quotas: [MS-WSMV] 2.2.4.42 WinrsType (MaxMemoryPerShellMB default 1024 in WinRM 3.0, Windows Server 2012);
//   WinRM 2.0 (Windows Server 2008 R2) ships 150 MB, and has no per-plugin quota.
import type { SetupRole } from '../../shared/runbook/actions';
import type { WindowsEdition, WindowsVersion } from '../../shared/model/types';
import { WINDOWS_LABELS } from '../../shared/planner/text';

/** Windows Server 2008 and 2008 R2 (Server Manager module of PowerShell 2.0, dnscmd, no NetAdapter / DnsServer modules). */
export function legacyWindows(version: WindowsVersion): boolean {
  return version === '2008' || version === '2008R2';
}

export interface FeatureInfo {
  readonly name: string;
  readonly displayName: string;
  /** The role or feature it is a role service / subfeature of ('' for top level). */
  readonly parent: string;
  /** Subfeatures installed with it by default (Add-WindowsFeature without -IncludeAllSubFeature). */
  readonly defaults?: readonly string[];
  /** Only on Enterprise / Datacenter of 2008 / 2008 R2. */
  readonly enterpriseOnly2008?: boolean;
  /** 2012+: a Feature on Demand whose payload is not on disk (needs -Source or Windows Update). */
  readonly onDemand?: boolean;
}

const f = (name: string, displayName: string, parent = '', extra: Partial<FeatureInfo> = {}): FeatureInfo => ({ name, displayName, parent, ...extra });

/** The features of Windows Server 2008 R2 the lab knows (a subset of Get-WindowsFeature, enough for Exchange 2010). */
const FEATURES_2008R2: readonly FeatureInfo[] = [
  f('NET-Framework', '.NET Framework 3.5.1 Features', '', { defaults: ['NET-Framework-Core'] }),
  f('NET-Framework-Core', '.NET Framework 3.5.1', 'NET-Framework'),
  f('NET-Win-CFAC', 'WCF Activation', 'NET-Framework'),
  f('NET-HTTP-Activation', 'HTTP Activation', 'NET-Win-CFAC'),
  f('NET-Non-HTTP-Activ', 'Non-HTTP Activation', 'NET-Win-CFAC'),
  f('Web-Server', 'Web Server (IIS)', '', { defaults: ['Web-WebServer', 'Web-Static-Content', 'Web-Default-Doc', 'Web-Http-Errors', 'Web-Http-Logging', 'Web-Request-Monitor', 'Web-Stat-Compression', 'Web-Mgmt-Console'] }),
  f('Web-WebServer', 'Web Server', 'Web-Server'),
  f('Web-Static-Content', 'Static Content', 'Web-WebServer'),
  f('Web-Default-Doc', 'Default Document', 'Web-WebServer'),
  f('Web-Http-Errors', 'HTTP Errors', 'Web-WebServer'),
  f('Web-Http-Logging', 'HTTP Logging', 'Web-WebServer'),
  f('Web-Request-Monitor', 'Request Monitor', 'Web-WebServer'),
  f('Web-Stat-Compression', 'Static Content Compression', 'Web-WebServer'),
  f('Web-Dyn-Compression', 'Dynamic Content Compression', 'Web-WebServer'),
  f('Web-Basic-Auth', 'Basic Authentication', 'Web-WebServer'),
  f('Web-Windows-Auth', 'Windows Authentication', 'Web-WebServer'),
  f('Web-Digest-Auth', 'Digest Authentication', 'Web-WebServer'),
  f('Web-Net-Ext', '.NET Extensibility', 'Web-WebServer'),
  f('Web-ISAPI-Ext', 'ISAPI Extensions', 'Web-WebServer'),
  f('Web-Mgmt-Console', 'IIS Management Console', 'Web-Server'),
  f('Web-Metabase', 'IIS 6 Metabase Compatibility', 'Web-Server'),
  f('Web-Lgcy-Mgmt-Console', 'IIS 6 Management Console', 'Web-Server'),
  f('WAS', 'Windows Process Activation Service', '', { defaults: ['WAS-Process-Model'] }),
  f('WAS-Process-Model', 'Process Model', 'WAS'),
  f('RPC-Over-HTTP-Proxy', 'RPC over HTTP Proxy'),
  f('Desktop-Experience', 'Desktop Experience'),
  f('ADLDS', 'Active Directory Lightweight Directory Services'),
  f('Failover-Clustering', 'Failover Clustering', '', { enterpriseOnly2008: true }),
  f('NLB', 'Network Load Balancing'),
  f('Telnet-Client', 'Telnet Client'),
  f('RSAT', 'Remote Server Administration Tools'),
  f('RSAT-Role-Tools', 'Role Administration Tools', 'RSAT'),
  f('RSAT-ADDS', 'AD DS and AD LDS Tools', 'RSAT-Role-Tools'),
  f('RSAT-DNS-Server', 'DNS Server Tools', 'RSAT-Role-Tools'),
  f('RSAT-Web-Server', 'Web Server (IIS) Tools', 'RSAT-Role-Tools'),
  f('RSAT-Feature-Tools', 'Feature Administration Tools', 'RSAT'),
  f('RSAT-Clustering', 'Failover Clustering Tools', 'RSAT-Feature-Tools'),
  f('RSAT-NLB', 'Network Load Balancing Tools', 'RSAT-Feature-Tools'),
];

/** Windows Server 2012 / 2012 R2: .NET 3.5 is a Feature on Demand; NET-Framework does not exist. */
const FEATURES_2012: readonly FeatureInfo[] = [
  f('NET-Framework-Features', '.NET Framework 3.5 Features', '', { defaults: ['NET-Framework-Core'] }),
  f('NET-Framework-Core', '.NET Framework 3.5 (includes .NET 2.0 and 3.0)', 'NET-Framework-Features', { onDemand: true }),
  f('NET-HTTP-Activation', 'HTTP Activation', 'NET-Framework-Features', { onDemand: true }),
  f('NET-Non-HTTP-Activ', 'Non-HTTP Activation', 'NET-Framework-Features', { onDemand: true }),
  f('NET-Framework-45-Features', '.NET Framework 4.5 Features'),
  ...FEATURES_2008R2.filter((x) => !x.name.startsWith('NET-')).map((x) => (x.name === 'Failover-Clustering' ? { ...x, enterpriseOnly2008: false } : x)),
];

export function featureTable(version: WindowsVersion): readonly FeatureInfo[] {
  return legacyWindows(version) ? FEATURES_2008R2 : FEATURES_2012;
}

export function featureInfo(name: string, version: WindowsVersion): FeatureInfo | undefined {
  const lower = name.toLowerCase();
  return featureTable(version).find((x) => x.name.toLowerCase() === lower);
}

/** The .NET Framework 3.5 feature Exchange 2010 setup checks for on this Windows. */
export function net35Feature(version: WindowsVersion): string {
  return legacyWindows(version) ? 'NET-Framework' : 'NET-Framework-Core';
}

/** Features that leave a restart pending when installed. */
export const RESTART_FEATURES: ReadonlySet<string> = new Set(['Desktop-Experience', 'NET-Framework', 'NET-Framework-Core', 'Web-Server']);

/** Every feature name the lab knows on some Windows version. */
export const KNOWN_FEATURES: ReadonlySet<string> = new Set([...FEATURES_2008R2, ...FEATURES_2012].map((x) => x.name));

export const FILTER_PACK_PRODUCT = 'Microsoft Office 2010 Filter Pack';
export const NLB_MODULE_FEATURE = 'RSAT-NLB';
export const EXCHANGE_TRUSTED_SUBSYSTEM = 'Exchange Trusted Subsystem';

export function windowsName(version: WindowsVersion, edition: WindowsEdition): string {
  return `${WINDOWS_LABELS[version]} ${edition}`;
}

/** Whether a feature exists on that Windows (Failover Clustering is not on 2008 / 2008 R2 Standard). */
export function featureAvailable(feature: string, version: WindowsVersion, edition: WindowsEdition): boolean {
  const info = featureInfo(feature, version);
  if (!info) return false;
  if (info.enterpriseOnly2008 && legacyWindows(version) && edition === 'Standard') return false;
  return true;
}

/** The feature and the roles / features above it (installing a role service installs its role). */
export function featureWithParents(name: string, version: WindowsVersion): string[] {
  const out: string[] = [];
  let info = featureInfo(name, version);
  while (info) {
    out.push(info.name);
    info = info.parent === '' ? undefined : featureInfo(info.parent, version);
  }
  return out;
}

// "Exchange 2010 Prerequisites" (bb691354), Windows Server 2008 R2: the features per role, as its Add-WindowsFeature
// lines list them. Hub Transport or Mailbox: NET-Framework, RSAT-ADDS, Web-Server, Web-Basic-Auth, Web-Windows-Auth,
// Web-Metabase, Web-Net-Ext, Web-Lgcy-Mgmt-Console, WAS-Process-Model, RSAT-Web-Server; Client Access adds
// Web-ISAPI-Ext, Web-Digest-Auth, Web-Dyn-Compression, NET-HTTP-Activation, RPC-Over-HTTP-Proxy; Unified Messaging
// adds Desktop-Experience; Edge Transport: NET-Framework, RSAT-ADDS, ADLDS.
const PREREQ_2008R2 = {
  base: ['NET-Framework', 'RSAT-ADDS', 'Web-Server', 'Web-Basic-Auth', 'Web-Windows-Auth', 'Web-Metabase', 'Web-Net-Ext', 'Web-Lgcy-Mgmt-Console', 'WAS-Process-Model', 'RSAT-Web-Server'],
  ca: ['Web-ISAPI-Ext', 'Web-Digest-Auth', 'Web-Dyn-Compression', 'NET-HTTP-Activation', 'RPC-Over-HTTP-Proxy'],
  um: ['Desktop-Experience'],
  et: ['NET-Framework', 'RSAT-ADDS', 'ADLDS'],
} as const;

// Windows Server 2012 / 2012 R2 (Exchange 2010 SP3; 2012 R2 from SP3 RU5): the same features with .NET 3.5 as
// NET-Framework-Core. NOT confirmed against the 2012 section of "Exchange 2010 Prerequisites" (the page was not
// available to the authors of this table): see powershell/host-double/README.md.
const PREREQ_2012 = {
  base: ['NET-Framework-Core', 'RSAT-ADDS', 'Web-Server', 'Web-Basic-Auth', 'Web-Windows-Auth', 'Web-Metabase', 'Web-Net-Ext', 'Web-Lgcy-Mgmt-Console', 'WAS-Process-Model', 'RSAT-Web-Server'],
  ca: ['Web-ISAPI-Ext', 'Web-Digest-Auth', 'Web-Dyn-Compression', 'NET-HTTP-Activation', 'RPC-Over-HTTP-Proxy'],
  um: ['Desktop-Experience'],
  et: ['NET-Framework-Core', 'RSAT-ADDS', 'ADLDS'],
} as const;

/** The Windows features Exchange 2010 SP3 setup checks for these roles on this Windows (the lab's own table). */
export function setupPrerequisites(roles: readonly SetupRole[], version: WindowsVersion): string[] {
  const table = legacyWindows(version) ? PREREQ_2008R2 : PREREQ_2012;
  if (roles.includes('et')) return [...table.et];
  const list: string[] = [...table.base];
  if (roles.includes('ca')) list.push(...table.ca);
  if (roles.includes('um')) list.push(...table.um);
  return [...new Set(list)];
}

/** Active Directory after Exchange 2010 SP3's /PrepareSchema, /PrepareAD and /PrepareDomain ("Exchange 2010 Active Directory versions"). */
export const EXCHANGE_2010_SP3_AD = { schemaRangeUpper: 14734, organizationObjectVersion: 14322, domainObjectVersion: 13040 } as const;

/** WinRM's MaxMemoryPerShellMB out of the box: WinRM 2.0 (2008 R2) and WinRM 3.0 (2012 and later). */
export function defaultShellMemoryMb(version: WindowsVersion): number {
  return legacyWindows(version) ? 150 : 1024;
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

/**
 * Services an installed role brings with Manual startup, stopped: POP3 and IMAP4 on an Exchange 2010 Client Access
 * server ("By default, POP3 and IMAP4 are configured for manual startup": Exchange Server 2010 Administrator's Pocket
 * Consultant, "Enabling the Exchange POP3 and IMAP4 Services").
 */
export const ROLE_MANUAL_SERVICES: Record<SetupRole, readonly string[]> = {
  ca: ['MSExchangePOP3', 'MSExchangeIMAP4'],
  ht: [],
  mb: [],
  um: [],
  et: [],
  mt: [],
};

/** Display names of the services the lab knows (Get-Service DisplayName). */
export const SERVICE_DISPLAY_NAMES: Readonly<Record<string, string>> = {
  WinRM: 'Windows Remote Management (WS-Management)',
  LanmanServer: 'Server',
  NetTcpPortSharing: 'Net.Tcp Port Sharing Service',
  ClusSvc: 'Cluster Service',
  MSExchangeRPC: 'Microsoft Exchange RPC Client Access',
  MSExchangeAB: 'Microsoft Exchange Address Book',
  MSExchangeFBA: 'Microsoft Exchange Forms-Based Authentication service',
  MSExchangeProtectedServiceHost: 'Microsoft Exchange Protected Service Host',
  MSExchangeTransport: 'Microsoft Exchange Transport',
  MSExchangeEdgeSync: 'Microsoft Exchange EdgeSync',
  MSExchangeIS: 'Microsoft Exchange Information Store',
  MSExchangeRepl: 'Microsoft Exchange Replication Service',
  MSExchangeSA: 'Microsoft Exchange System Attendant',
  MSExchangeUM: 'Microsoft Exchange Unified Messaging',
  ADAM_MSExchange: 'Microsoft Exchange ADAM',
  MSExchangePOP3: 'Microsoft Exchange POP3',
  MSExchangeIMAP4: 'Microsoft Exchange IMAP4',
};

/** Registry keys (under HKLM\SOFTWARE\Microsoft\ExchangeServer\v14) that hold ConfiguredVersion once a role is installed. */
export const ROLE_REGISTRY_KEYS: Record<SetupRole, string> = {
  ca: 'ClientAccessRole',
  ht: 'HubTransportRole',
  mb: 'MailboxRole',
  um: 'UnifiedMessagingRole',
  et: 'EdgeTransportRole',
  mt: 'AdminTools',
};

/** Default bindings of a network connection on Windows Server 2008 R2. */
export const DEFAULT_BINDINGS: readonly string[] = ['ms_tcpip', 'ms_tcpip6', 'ms_server', 'ms_msclient', 'ms_pacer'];
/** The binding the NLB driver adds to a connection that is part of a cluster. */
export const NLB_BINDING = 'ms_wlbs';
