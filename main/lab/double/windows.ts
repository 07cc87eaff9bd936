// Windows Server 2008 R2 / 2012 R2 of the host double (powershell/host-double/ExTopo.HostDouble.Windows.psm1):
// the host's identity, its providers (registry, Windows files, the WSMan: drive), WMI, services, processes, restarts,
// and the .NET types the runbook uses to reach other machines (TcpClient, DirectoryEntry / DirectorySearcher).
// Server Manager, NLB and DNS live in serverManager.ts, nlb.ts and dns.ts; the programs (setup.com, netsh.exe, …) in
// programs.ts. Every handler acts on the lab world (main/lab/state.ts) and fails with the real command's error.
import { isIpv4 } from '../../../shared/model/ip';
import type { WindowsVersion } from '../../../shared/model/types';
import { nlbClusterByVip, nlbNodeState } from '../checks';
import { EXCHANGE_2010_SP3_AD, ROLE_REGISTRY_KEYS, SERVICE_DISPLAY_NAMES, legacyWindows } from '../knowledge';
import { findHost } from '../state';
import { exchangeBuildNumber, exchangeBuildOf } from '../exchangeState';
import { readLabFile, tlsHandshake, writeLabFile } from '../namespaceActions';
import type { LabHost, LabRegistryValue, LabService, LabState, StartMode } from '../state';
import { DEFAULT_LAB_TIMING } from '../transport';
import type { LabWorld } from '../world';
import type { DoubleContext, DoubleHandlers } from './context';
import { DoubleError } from './protocol';
import type { DoubleObject, WireValue } from './protocol';

// ---------------------------------------------------------------------------------------------------------------
// Shared helpers (also used by serverManager.ts, nlb.ts, dns.ts, programs.ts)
// ---------------------------------------------------------------------------------------------------------------

/** A failure shaped like the real command's error record. */
export function fail(message: string, errorId: string, category = 'NotSpecified', options: { readonly target?: string; readonly terminating?: boolean; readonly transport?: boolean } = {}): DoubleError {
  return new DoubleError(message, { errorId, category, target: options.target ?? '', terminating: options.terminating ?? false, transport: options.transport ?? false });
}

/** Win32_OperatingSystem.Version and Caption of each Windows Server version. */
const OS_VERSIONS: Record<WindowsVersion, { readonly version: string; readonly caption: string }> = {
  '2008': { version: '6.0.6002', caption: 'Microsoft® Windows Server® 2008' },
  '2008R2': { version: '6.1.7601', caption: 'Microsoft Windows Server 2008 R2' },
  '2012': { version: '6.2.9200', caption: 'Microsoft Windows Server 2012' },
  '2012R2': { version: '6.3.9600', caption: 'Microsoft Windows Server 2012 R2' },
  '2016': { version: '10.0.14393', caption: 'Microsoft Windows Server 2016' },
};

export function osVersion(host: LabHost): string {
  return OS_VERSIONS[host.os.version].version;
}

/** Win32_OperatingSystem.Caption (2008 R2's carries a trailing space, as the real one does). */
export function osCaption(host: LabHost): string {
  const base = `${OS_VERSIONS[host.os.version].caption} ${host.os.edition}`;
  return legacyWindows(host.os.version) ? `${base} ` : base;
}

/** The NetBIOS name of the host's domain (USERDOMAIN), or the computer name in a workgroup. */
export function netbiosDomain(host: LabHost): string {
  return host.domain === '' ? host.name.toUpperCase() : host.domain.split('.')[0].toUpperCase();
}

/** "The RPC server is unavailable" of WMI / DCOM calls to a machine that does not answer. */
export function rpcUnavailable(command: string, target: string): DoubleError {
  return fail('The RPC server is unavailable. (Exception from HRESULT: 0x800706BA)', `GetWMICOMException,${command}`, 'InvalidOperation', { target, terminating: false });
}

/** A second machine a command reaches over RPC / WMI (remote WMI through its firewall). '' or '.' or localhost: this host. */
export function remoteHost(ctx: DoubleContext, name: string, commandClass: string): LabHost {
  const n = name.trim().toLowerCase();
  if (n === '' || n === '.' || n === 'localhost' || n === '127.0.0.1') return ctx.host;
  const host = findHost(ctx.state, name);
  if (!host) throw rpcUnavailable(commandClass, name);
  if (!hostAnswers(ctx.world, host)) throw rpcUnavailable(commandClass, name);
  return host;
}

export function hostAnswers(world: LabWorld, host: LabHost): boolean {
  return world.reachable(host) && !world.hostFault(host, 'unreachable');
}

/** Restarts the host (Restart-Computer, Add-WindowsFeature -Restart): it stops answering for a restart's length. */
export function restartHost(ctx: DoubleContext, host: LabHost = ctx.host): void {
  ctx.world.restart(host, DEFAULT_LAB_TIMING.restartMs);
}

/** The boot time of the host (Win32_OperatingSystem.LastBootUpTime): the end of its last restart. */
export function bootTime(state: LabState, host: LabHost): Date {
  if (host.downUntil !== null) return new Date(host.downUntil);
  return new Date(Date.parse(state.createdAt) - 86_400_000);
}

/** A WMI DATETIME string (yyyymmddHHMMSS.mmmmmm+UUU, UTC here). */
export function wmiDateTime(date: Date): string {
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  return `${date.getUTCFullYear()}${p(date.getUTCMonth() + 1)}${p(date.getUTCDate())}${p(date.getUTCHours())}${p(date.getUTCMinutes())}${p(date.getUTCSeconds())}.${p(date.getUTCMilliseconds() * 1000, 6)}+000`;
}

// ---------------------------------------------------------------------------------------------------------------
// Paths: registry, Windows files, WSMan:
// ---------------------------------------------------------------------------------------------------------------

/** A registry path in canonical form (HKLM\SOFTWARE\…), or null when it is not an HKLM path. */
export function registryKeyPath(path: string): string | null {
  let p = path.trim().replace(/\//g, '\\');
  p = p.replace(/^Microsoft\.PowerShell\.Core\\Registry::/i, '').replace(/^Registry::/i, '');
  const m = /^(HKLM:|HKEY_LOCAL_MACHINE)(\\.*)?$/i.exec(p);
  if (!m) return null;
  const rest = (m[2] ?? '').split('\\').filter((s) => s !== '');
  return ['HKLM', ...rest].join('\\');
}

/** How PowerShell names a key in errors and PSPath. */
function providerPath(key: string): string {
  return `Microsoft.PowerShell.Core\\Registry::${nativeKeyName(key)}`;
}

function nativeKeyName(key: string): string {
  return key.replace(/^HKLM/i, 'HKEY_LOCAL_MACHINE');
}

function drivePath(key: string): string {
  return key.replace(/^HKLM/i, 'HKLM:');
}

const LINKAGE_KEY = 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\LanmanServer\\Linkage';
const CBS_PENDING = 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Component Based Servicing\\RebootPending';
const UNINSTALL = 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall';
const EXCHANGE_V14 = 'HKLM\\SOFTWARE\\Microsoft\\ExchangeServer\\v14';

/** Keys every Windows Server has. */
const BASE_KEYS = [
  'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Component Based Servicing',
  'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\WindowsUpdate\\Auto Update',
  'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion',
  'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Session Manager',
  UNINSTALL,
  LINKAGE_KEY,
];

/** The LanmanServer Bind list (REG_MULTI_SZ): the connections File and Printer Sharing is bound to. */
function serverBindList(host: LabHost): string[] {
  const list = ['\\Device\\NetbiosSmb'];
  for (const nic of host.nics) {
    if (!nic.bindings.includes('ms_server')) continue;
    if (nic.bindings.includes('ms_tcpip')) list.push(`\\Device\\Tcpip_${nic.guid}`);
    if (nic.bindings.includes('ms_tcpip6')) list.push(`\\Device\\Tcpip6_${nic.guid}`);
  }
  return list;
}

/** Keys and values of the host as the registry shows them: what the world says, then what scripts wrote. */
export function registryView(ctx: DoubleContext, host: LabHost = ctx.host): Map<string, { name: string; values: Record<string, LabRegistryValue> }> {
  const view = new Map<string, { name: string; values: Record<string, LabRegistryValue> }>();
  const put = (key: string, values: Record<string, LabRegistryValue> = {}): void => {
    const parts = key.split('\\');
    for (let i = 1; i <= parts.length; i++) {
      const k = parts.slice(0, i).join('\\');
      if (!view.has(k.toLowerCase())) view.set(k.toLowerCase(), { name: k, values: {} });
    }
    const entry = view.get(key.toLowerCase());
    if (entry) Object.assign(entry.values, values);
  };
  for (const key of BASE_KEYS) put(key);
  put(LINKAGE_KEY, { Bind: serverBindList(host) });
  put('HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion', { ProductName: osCaption(host).trim(), CurrentVersion: osVersion(host).split('.').slice(0, 2).join('.'), CurrentBuild: osVersion(host).split('.')[2] });
  if (host.pendingRestart) put(CBS_PENDING);
  for (const [name] of Object.entries(host.services)) put(`HKLM\\SYSTEM\\CurrentControlSet\\Services\\${name}`);
  host.products.forEach((product, i) => put(`${UNINSTALL}\\{90140000-2005-0000-0000-${String(1000000000 + i).padStart(12, '0')}}`, { DisplayName: product, Publisher: 'Microsoft Corporation' }));
  for (const role of host.exchangeRoles) put(`${EXCHANGE_V14}\\${ROLE_REGISTRY_KEYS[role]}`, { ConfiguredVersion: '14.3.123.4' });
  if (host.exchangeRoles.length > 0) put(`${EXCHANGE_V14}\\Setup`, { MsiInstallPath: 'C:\\Program Files\\Microsoft\\Exchange Server\\V14\\' });
  for (const [key, values] of Object.entries(host.registry)) put(key, values);
  return view;
}

function pathNotFound(command: string, shown: string): DoubleError {
  return fail(`Cannot find path '${shown}' because it does not exist.`, `PathNotFound,Microsoft.PowerShell.Commands.${command}`, 'ObjectNotFound', { target: shown });
}

function keyObject(ctx: DoubleContext, key: string, entry: { name: string; values: Record<string, LabRegistryValue> }, view: ReturnType<typeof registryView>): DoubleObject {
  const prefix = `${key.toLowerCase()}\\`;
  const children = [...view.values()].filter((e) => e.name.toLowerCase().startsWith(prefix) && !e.name.slice(prefix.length).includes('\\'));
  const parts = entry.name.split('\\');
  return {
    __type: 'Microsoft.Win32.RegistryKey',
    Name: nativeKeyName(entry.name),
    PSChildName: parts[parts.length - 1],
    PSPath: providerPath(entry.name),
    PSParentPath: providerPath(parts.slice(0, -1).join('\\')),
    PSDrive: 'HKLM',
    PSProvider: 'Microsoft.PowerShell.Core\\Registry',
    PSIsContainer: true,
    Property: Object.keys(entry.values),
    SubKeyCount: children.length,
    ValueCount: Object.keys(entry.values).length,
    SubKeyNames: children.map((c) => c.name.split('\\').pop() ?? ''),
    Values: entry.values as unknown as WireValue,
  };
}

/** Writes a value; the LanmanServer Bind list is the NIC bindings of the world (File and Printer Sharing per connection). */
function writeValue(ctx: DoubleContext, key: string, name: string, value: LabRegistryValue): void {
  const host = ctx.host;
  if (key.toLowerCase() === LINKAGE_KEY.toLowerCase() && name.toLowerCase() === 'bind') {
    const list = (Array.isArray(value) ? value : [String(value)]).map((v) => v.toUpperCase());
    for (const nic of host.nics) {
      const bound = list.some((v) => v.includes(nic.guid.toUpperCase()));
      if (bound && !nic.bindings.includes('ms_server')) nic.bindings.push('ms_server');
      if (!bound) nic.bindings = nic.bindings.filter((b) => b !== 'ms_server');
    }
    return;
  }
  const stored = Object.keys(host.registry).find((k) => k.toLowerCase() === key.toLowerCase()) ?? key;
  const values = (host.registry[stored] ??= {});
  const existing = Object.keys(values).find((k) => k.toLowerCase() === name.toLowerCase());
  if (existing && existing !== name) delete values[existing];
  values[existing ?? name] = value;
}

function toRegistryValue(value: WireValue | undefined, type: string, existing?: LabRegistryValue): LabRegistryValue {
  const t = type.toLowerCase();
  const asList = (v: WireValue | undefined): string[] => (Array.isArray(v) ? v.map((x) => String(x)) : v === undefined || v === null ? [] : [String(v)]);
  if (t === 'multistring' || (t === '' && Array.isArray(existing))) return asList(value);
  if (t === 'dword' || t === 'qword' || (t === '' && typeof existing === 'number')) {
    const n = typeof value === 'number' ? value : Number(String(value ?? '0'));
    if (!Number.isFinite(n)) throw fail(`Cannot convert value "${String(value)}" to type "System.Int32".`, 'System.Management.Automation.PSInvalidCastException', 'InvalidArgument');
    return Math.trunc(n);
  }
  if (Array.isArray(value)) return value.map((x) => String(x)).join(' ');
  return value === undefined || value === null ? '' : String(value);
}

// Windows files: the setup media, installers, the sxs folder (host.files), and the folders every Windows has.
const BASE_FOLDERS = ['c:\\', 'c:\\windows', 'c:\\windows\\system32', 'c:\\program files', 'c:\\windows\\temp'];

export function isWindowsPath(path: string): boolean {
  return /^[A-Za-z]:(\\|$)/.test(path) || /^\\\\[^\\]+\\/.test(path);
}

function normalizeWinPath(path: string): string {
  const p = path.replace(/\//g, '\\').replace(/\\+$/, '');
  return /^[A-Za-z]:$/.test(p) ? `${p}\\`.toLowerCase() : p.toLowerCase();
}

/** 'leaf' for a file, 'container' for a folder (a prefix of a file, or a standard folder), null when absent. */
/** The files an Exchange installation brings that runbook checks read (ExSetup.exe carries the update rollup). */
const EXCHANGE_INSTALL_PATH = 'C:\\Program Files\\Microsoft\\Exchange Server\\V14\\';
function exchangeFiles(host: LabHost): string[] {
  return host.exchangeRoles.length > 0 ? [`${EXCHANGE_INSTALL_PATH}Bin\\ExSetup.exe`] : [];
}

/** FileVersion as Windows shows it for an Exchange build: 14.3.513.0 → 14.03.0513.000. */
function exchangeFileVersion(build: string): string {
  const [a, b, c, d] = build.split('.').map(Number);
  return `${a}.${String(b).padStart(2, '0')}.${String(c).padStart(4, '0')}.${String(d).padStart(3, '0')}`;
}

export function windowsItem(host: LabHost, path: string): 'leaf' | 'container' | null {
  const p = normalizeWinPath(path);
  const files = [...host.files, ...exchangeFiles(host)].map(normalizeWinPath);
  if (files.includes(p)) return 'leaf';
  const prefix = p.endsWith('\\') ? p : `${p}\\`;
  if (BASE_FOLDERS.includes(p) || files.some((f) => f.startsWith(prefix))) return 'container';
  return null;
}

// WSMan: drive.
const WSMAN_SHELL = 'wsman:\\localhost\\shell\\maxmemorypershellmb';
const WSMAN_PLUGIN = 'wsman:\\localhost\\plugin\\microsoft.powershell\\quotas\\maxmemorypershellmb';
const WSMAN_CREDSSP = 'wsman:\\localhost\\service\\auth\\credssp';

export function isWsmanPath(path: string): boolean {
  return /^(Microsoft\.WSMan\.Management\\WSMan::|WSMan:)/i.test(path.trim());
}

function wsmanKey(path: string): string {
  return path.trim().replace(/^Microsoft\.WSMan\.Management\\WSMan::/i, 'WSMan:\\').replace(/\//g, '\\').replace(/\\+$/, '').toLowerCase();
}

function wsmanLeaf(ctx: DoubleContext, path: string): { name: string; value: string } | null {
  const w = ctx.host.wsman;
  switch (wsmanKey(path)) {
    case WSMAN_SHELL:
      return { name: 'MaxMemoryPerShellMB', value: String(w.shellMaxMemoryMb) };
    case WSMAN_PLUGIN:
      return w.pluginMaxMemoryMb === null ? null : { name: 'MaxMemoryPerShellMB', value: String(w.pluginMaxMemoryMb) };
    case WSMAN_CREDSSP:
      return { name: 'CredSSP', value: w.credSsp ? 'true' : 'false' };
    default:
      return null;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Providers (kind 'provider')
// ---------------------------------------------------------------------------------------------------------------

function hostInfo(ctx: DoubleContext): DoubleObject[] {
  const h = ctx.host;
  return [
    {
      __type: 'ExTopo.HostInfo',
      Name: h.name.toUpperCase(),
      Fqdn: h.fqdn,
      Domain: h.domain,
      NetBiosDomain: netbiosDomain(h),
      WindowsVersion: h.os.version,
      OsVersion: osVersion(h),
      Legacy: legacyWindows(h.os.version),
    },
  ];
}

/** The commands (and which items) the proxies hand to the double: Registry.*, File.*, WSMan.* */
export const windowsProviders: DoubleHandlers = {
  'Host.Info': hostInfo,

  /**
   * Whether the host has a module of the double now: ServerManager always, NetAdapter from 2012, DnsServer from 2012
   * with the DNS Server Tools (or on a DNS server), NetworkLoadBalancingClusters with the NLB Tools (RSAT-NLB).
   */
  'Module.Available': (ctx) => {
    const h = ctx.host;
    const legacy = legacyWindows(h.os.version);
    const available: Record<string, boolean> = {
      servermanager: true,
      netadapter: !legacy,
      dnsserver: !legacy && (h.features.includes('RSAT-DNS-Server') || h.domainController),
      networkloadbalancingclusters: h.features.includes('RSAT-NLB'),
    };
    return [{ __type: 'System.Boolean', Exists: available[ctx.params.need('Name').toLowerCase()] ?? false }];
  },

  /** Whether the host has a snap-in: the Exchange Management Shell's where Exchange 2010 is installed (any role). */
  'Snapin.Available': (ctx) => {
    const exists = ctx.params.need('Name').toLowerCase() === 'microsoft.exchange.management.powershell.e2010' && ctx.host.exchangeRoles.length > 0;
    return [{ __type: 'System.Boolean', Exists: exists }];
  },

  'Registry.Test': (ctx) => {
    const key = registryKeyPath(ctx.params.need('Path'));
    if (!key) return [{ __type: 'System.Boolean', Exists: false }];
    const view = registryView(ctx);
    const exists = view.has(key.toLowerCase()) && ctx.params.str('PathType').toLowerCase() !== 'leaf';
    return [{ __type: 'System.Boolean', Exists: exists }];
  },

  'Registry.GetKey': (ctx) => {
    const path = ctx.params.need('Path');
    const key = registryKeyPath(path);
    const view = registryView(ctx);
    const entry = key ? view.get(key.toLowerCase()) : undefined;
    if (!key || !entry) throw pathNotFound(ctx.params.str('Cmdlet') || 'GetItemCommand', path);
    if (ctx.params.bool('Children')) {
      const prefix = `${key.toLowerCase()}\\`;
      return [...view.entries()]
        .filter(([k]) => k.startsWith(prefix) && !k.slice(prefix.length).includes('\\'))
        .map(([k, e]) => keyObject(ctx, k, e, view))
        .sort((a, b) => String(a.PSChildName).localeCompare(String(b.PSChildName)));
    }
    return [keyObject(ctx, key, entry, view)];
  },

  'Registry.GetValues': (ctx) => {
    const path = ctx.params.need('Path');
    const key = registryKeyPath(path);
    const entry = key ? registryView(ctx).get(key.toLowerCase()) : undefined;
    if (!key || !entry) throw pathNotFound('GetItemPropertyCommand', path);
    const names = ctx.params.strs('Name');
    const values: Record<string, WireValue> = {};
    const actual = Object.keys(entry.values);
    for (const wanted of names.length > 0 ? names : actual) {
      const found = actual.find((a) => a.toLowerCase() === wanted.toLowerCase());
      if (found === undefined) {
        if (wanted.includes('*')) continue;
        throw fail(`Property ${wanted} does not exist at path ${nativeKeyName(entry.name)}.`, 'System.Management.Automation.PSArgumentException,Microsoft.PowerShell.Commands.GetItemPropertyCommand', 'InvalidArgument', { target: wanted });
      }
      values[found] = entry.values[found] as WireValue;
    }
    const parts = entry.name.split('\\');
    return [{ __type: 'System.Management.Automation.PSCustomObject', ...values, PSPath: providerPath(entry.name), PSParentPath: providerPath(parts.slice(0, -1).join('\\')), PSChildName: parts[parts.length - 1], PSDrive: 'HKLM', PSProvider: 'Microsoft.PowerShell.Core\\Registry' }];
  },

  'Registry.SetValue': (ctx) => {
    const path = ctx.params.need('Path');
    const cmdlet = ctx.params.str('Cmdlet') || 'SetItemPropertyCommand';
    const key = registryKeyPath(path);
    const entry = key ? registryView(ctx).get(key.toLowerCase()) : undefined;
    if (!key || !entry) throw pathNotFound(cmdlet, path);
    const name = ctx.params.str('Name');
    const existingName = Object.keys(entry.values).find((k) => k.toLowerCase() === name.toLowerCase());
    if (ctx.params.bool('Create') && existingName !== undefined && !ctx.params.bool('Force')) {
      throw fail('The property already exists.', `System.IO.IOException,Microsoft.PowerShell.Commands.${cmdlet}`, 'ResourceExists', { target: nativeKeyName(entry.name) });
    }
    const value = toRegistryValue(ctx.params.raw('Value'), ctx.params.str('PropertyType'), existingName === undefined ? undefined : entry.values[existingName]);
    writeValue(ctx, entry.name, name, value);
    const parts = entry.name.split('\\');
    return [{ __type: 'System.Management.Automation.PSCustomObject', [name]: value as WireValue, PSPath: providerPath(entry.name), PSParentPath: providerPath(parts.slice(0, -1).join('\\')), PSChildName: parts[parts.length - 1], PSDrive: 'HKLM', PSProvider: 'Microsoft.PowerShell.Core\\Registry' }];
  },

  'Registry.RemoveValue': (ctx) => {
    const path = ctx.params.need('Path');
    const key = registryKeyPath(path);
    const entry = key ? registryView(ctx).get(key.toLowerCase()) : undefined;
    if (!key || !entry) throw pathNotFound('RemoveItemPropertyCommand', path);
    for (const name of ctx.params.strs('Name')) {
      const stored = Object.keys(ctx.host.registry).find((k) => k.toLowerCase() === key.toLowerCase());
      const values = stored ? ctx.host.registry[stored] : undefined;
      const actual = values ? Object.keys(values).find((k) => k.toLowerCase() === name.toLowerCase()) : undefined;
      if (!values || actual === undefined) {
        if (Object.keys(entry.values).some((k) => k.toLowerCase() === name.toLowerCase())) continue;
        throw fail(`Property ${name} does not exist at path ${nativeKeyName(entry.name)}.`, 'System.Management.Automation.PSArgumentException,Microsoft.PowerShell.Commands.RemoveItemPropertyCommand', 'InvalidArgument', { target: name });
      }
      delete values[actual];
    }
  },

  'Registry.NewKey': (ctx) => {
    const path = ctx.params.need('Path');
    const key = registryKeyPath(path);
    if (!key) throw pathNotFound('NewItemCommand', path);
    const view = registryView(ctx);
    const existing = view.get(key.toLowerCase());
    const force = ctx.params.bool('Force');
    if (existing && !force) throw fail('A key at this path already exists.', 'System.IO.IOException,Microsoft.PowerShell.Commands.NewItemCommand', 'ResourceExists', { target: drivePath(key) });
    const parent = key.split('\\').slice(0, -1).join('\\');
    if (!force && !view.has(parent.toLowerCase())) throw pathNotFound('NewItemCommand', drivePath(parent));
    // New-Item -Force on an existing registry key creates it again: its values are gone.
    const stored = Object.keys(ctx.host.registry).find((k) => k.toLowerCase() === key.toLowerCase());
    if (stored) delete ctx.host.registry[stored];
    ctx.host.registry[existing?.name ?? key] = {};
    const fresh = registryView(ctx);
    const entry = fresh.get(key.toLowerCase());
    return entry ? [keyObject(ctx, key, entry, fresh)] : [];
  },

  // New-Item, Set-Content, Get-Content on the host's Windows paths (certificate requests and answers).
  'File.New': (ctx) => {
    const path = ctx.params.need('Path');
    const parent = path.replace(/\\[^\\]*$/, '');
    // A folder is created with its missing parents (as New-Item -ItemType Directory does); a file needs its folder.
    const folder = ctx.params.str('ItemType').toLowerCase() === 'directory';
    if (!folder && parent !== path && windowsItem(ctx.host, parent) === null && !ctx.params.bool('Force')) throw fail(`Could not find a part of the path '${path}'.`, 'NewItemIOError,Microsoft.PowerShell.Commands.NewItemCommand', 'WriteError', { target: path });
    if (windowsItem(ctx.host, path) !== null) {
      if (ctx.params.str('ItemType').toLowerCase() === 'directory' && !ctx.params.bool('Force')) throw fail(`An item with the specified name ${path} already exists.`, 'DirectoryExist,Microsoft.PowerShell.Commands.NewItemCommand', 'ResourceExists', { target: path });
      return [];
    }
    if (ctx.params.str('ItemType').toLowerCase() === 'directory') ctx.host.files.push(path);
    else writeLabFile(ctx.host, path, '');
    return [{ __type: ctx.params.str('ItemType').toLowerCase() === 'directory' ? 'System.IO.DirectoryInfo' : 'System.IO.FileInfo', FullName: path, Name: path.split('\\').pop() ?? path }];
  },

  'File.SetContent': (ctx) => {
    const path = ctx.params.need('Path');
    const parent = path.replace(/\\[^\\]*$/, '');
    if (parent !== path && windowsItem(ctx.host, parent) === null) throw fail(`Could not find a part of the path '${path}'.`, 'GetContentWriterDirectoryNotFoundError,Microsoft.PowerShell.Commands.SetContentCommand', 'ObjectNotFound', { target: path });
    const text = ctx.params.has('Base64') ? Buffer.from(ctx.params.str('Base64'), 'base64').toString('latin1') : ctx.params.str('Text');
    writeLabFile(ctx.host, path, text);
    return [];
  },

  'File.GetContent': (ctx) => {
    const path = ctx.params.need('Path');
    const text = readLabFile(ctx.host, path);
    if (text === undefined) {
      if (windowsItem(ctx.host, path) === 'leaf') return [{ __type: 'ExTopo.FileContent', Base64: '' }];
      throw pathNotFound('GetContentCommand', path);
    }
    return [{ __type: 'ExTopo.FileContent', Base64: Buffer.from(text, 'latin1').toString('base64') }];
  },

  'File.Get': (ctx) => {
    const path = ctx.params.need('Path');
    const item = windowsItem(ctx.host, path);
    if (item === null) throw pathNotFound('GetItemCommand', path);
    const name = path.split('\\').filter((x) => x !== '').pop() ?? path;
    const isExSetup = /\\bin\\exsetup\.exe$/i.test(path);
    const build = isExSetup ? exchangeBuildOf(ctx.host) : null;
    const version = build ? exchangeFileVersion(exchangeBuildNumber(build)) : '';
    return [
      {
        __type: item === 'leaf' ? 'System.IO.FileInfo' : 'System.IO.DirectoryInfo',
        FullName: path,
        Name: name,
        PSPath: `Microsoft.PowerShell.Core\\FileSystem::${path}`,
        VersionInfo: { FileName: path, FileVersion: version, ProductVersion: version, ProductName: isExSetup ? 'Microsoft® Exchange' : '' },
      },
    ];
  },

  'File.Test': (ctx) => {
    const item = windowsItem(ctx.host, ctx.params.need('Path'));
    const type = ctx.params.str('PathType').toLowerCase();
    const exists = item !== null && (type === '' || type === 'any' || type === item);
    return [{ __type: 'System.Boolean', Exists: exists }];
  },

  'WSMan.Get': (ctx) => {
    const path = ctx.params.need('Path');
    const leaf = wsmanLeaf(ctx, path);
    if (!leaf) throw pathNotFound('GetItemCommand', path);
    return [{ __type: 'Microsoft.WSMan.Management.WSManConfigLeafElement', Name: leaf.name, Value: leaf.value, Type: 'System.String', SourceOfValue: '', PSPath: `Microsoft.WSMan.Management\\WSMan::${path.replace(/^WSMan:\\?/i, '')}` }];
  },

  'WSMan.Set': (ctx) => {
    const path = ctx.params.need('Path');
    const leaf = wsmanLeaf(ctx, path);
    if (!leaf) throw pathNotFound('SetItemCommand', path);
    const value = ctx.params.str('Value');
    const key = wsmanKey(path);
    if (key === WSMAN_CREDSSP) {
      ctx.host.wsman.credSsp = value.toLowerCase() === 'true';
      return;
    }
    if (!/^\d+$/.test(value.trim())) throw fail(`The WS-Management service cannot process the request because the value "${value}" is not valid for MaxMemoryPerShellMB.`, 'System.InvalidOperationException,Microsoft.PowerShell.Commands.SetItemCommand', 'InvalidOperation');
    const mb = Number(value.trim());
    if (key === WSMAN_SHELL) ctx.host.wsman.shellMaxMemoryMb = mb;
    else ctx.host.wsman.pluginMaxMemoryMb = mb;
  },
};

// ---------------------------------------------------------------------------------------------------------------
// WMI (Get-WmiObject) and its methods
// ---------------------------------------------------------------------------------------------------------------

type WmiRow = Record<string, WireValue>;

function wmiRows(ctx: DoubleContext, host: LabHost, cls: string): WmiRow[] | null {
  switch (cls.toLowerCase()) {
    case 'win32_operatingsystem':
      return [
        {
          Caption: osCaption(host),
          Version: osVersion(host),
          BuildNumber: osVersion(host).split('.')[2],
          ServicePackMajorVersion: host.os.servicePack,
          ServicePackMinorVersion: 0,
          CSName: host.name.toUpperCase(),
          OSArchitecture: '64-bit',
          LastBootUpTime: wmiDateTime(bootTime(ctx.state, host)),
        },
      ];
    case 'win32_computersystem':
      return [
        {
          Name: host.name.toUpperCase(),
          DNSHostName: host.name.toLowerCase(),
          Domain: host.domain === '' ? 'WORKGROUP' : host.domain,
          PartOfDomain: host.domain !== '',
          Workgroup: host.domain === '' ? 'WORKGROUP' : null,
          // 0 standalone workstation, 2 standalone server, 3 member server, 5 primary domain controller.
          DomainRole: host.domainController ? 5 : host.domain === '' ? 2 : 3,
          Manufacturer: host.hardware?.virtualized ? 'Microsoft Corporation' : 'ExTopo rehearsal lab',
          Model: host.hardware?.virtualized ? 'Virtual Machine' : 'ExTopo lab server',
          NumberOfLogicalProcessors: host.hardware?.cores ?? 4,
          TotalPhysicalMemory: Math.round((host.hardware?.ramGB ?? 16) * 1024 ** 3),
        },
      ];
    case 'win32_networkadapter':
      return host.nics.map((nic) => ({ Name: 'Intel(R) PRO/1000 MT Network Connection', NetConnectionID: nic.name, Index: nic.index, GUID: nic.guid, NetEnabled: true, AdapterType: 'Ethernet 802.3', MACAddress: macOf(nic.guid) }));
    case 'win32_networkadapterconfiguration':
      return host.nics.map((nic) => ({
        Index: nic.index,
        Description: 'Intel(R) PRO/1000 MT Network Connection',
        SettingID: nic.guid,
        IPEnabled: true,
        IPAddress: [nic.ipv4],
        IPSubnet: [subnetMaskOf(nic.cidr)],
        DNSDomain: host.domain,
        FullDNSRegistrationEnabled: nic.fullDnsRegistration,
        DomainDNSRegistrationEnabled: nic.domainDnsRegistration,
        MACAddress: macOf(nic.guid),
      }));
    case 'win32_service':
      return Object.entries(host.services).map(([name, s]) => ({ Name: name, DisplayName: SERVICE_DISPLAY_NAMES[name] ?? name, StartMode: s.startMode, State: s.running ? 'Running' : 'Stopped', Started: s.running, Status: 'OK' }));
    default:
      return null;
  }
}

function macOf(guid: string): string {
  const hex = guid.replace(/[^0-9A-F]/gi, '').slice(-10).toUpperCase();
  return `00:${hex.slice(0, 2)}:${hex.slice(2, 4)}:${hex.slice(4, 6)}:${hex.slice(6, 8)}:${hex.slice(8, 10)}`;
}

function subnetMaskOf(cidr: string): string {
  const prefix = Number(cidr.split('/')[1] ?? '24');
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  return [24, 16, 8, 0].map((s) => (mask >>> s) & 255).join('.');
}

/** The simple WQL WHERE forms: Name='x', Index=3, IPEnabled=True, joined by AND. */
function wqlMatch(row: WmiRow, filter: string): boolean {
  if (filter.trim() === '') return true;
  for (const clause of filter.split(/\s+AND\s+/i)) {
    const m = /^\s*(\w+)\s*(=|<>|!=)\s*(?:'([^']*)'|"([^"]*)"|(\S+))\s*$/.exec(clause);
    if (!m) throw fail('Invalid query', 'GetWMIManagementException,Microsoft.PowerShell.Commands.GetWmiObjectCommand', 'InvalidOperation');
    const prop = Object.keys(row).find((k) => k.toLowerCase() === m[1].toLowerCase());
    if (!prop) throw fail('Invalid query', 'GetWMIManagementException,Microsoft.PowerShell.Commands.GetWmiObjectCommand', 'InvalidOperation');
    const want = (m[3] ?? m[4] ?? m[5] ?? '').toLowerCase();
    const have = row[prop];
    const haveText = Array.isArray(have) ? have.map((x) => String(x).toLowerCase()) : [String(have).toLowerCase()];
    const equal = haveText.includes(want);
    if ((m[2] === '=') !== equal) return false;
  }
  return true;
}

function getWmiObject(ctx: DoubleContext): DoubleObject[] {
  const cls = ctx.params.str('Class');
  const ns = ctx.params.str('Namespace') || 'root\\cimv2';
  const computers = ctx.params.strs('ComputerName');
  const out: DoubleObject[] = [];
  for (const computer of computers.length > 0 ? computers : ['.']) {
    const host = remoteHost(ctx, computer, 'Microsoft.PowerShell.Commands.GetWmiObjectCommand');
    if (ns.toLowerCase() !== 'root\\cimv2') {
      throw fail('Invalid namespace ', 'GetWMIManagementException,Microsoft.PowerShell.Commands.GetWmiObjectCommand', 'InvalidOperation', { terminating: true });
    }
    const rows = wmiRows(ctx, host, cls);
    if (rows === null) throw fail('Invalid class ', 'GetWMIManagementException,Microsoft.PowerShell.Commands.GetWmiObjectCommand', 'InvalidOperation', { terminating: true });
    const canonical = cls.replace(/^win32_/i, 'Win32_');
    for (const row of rows.filter((r) => wqlMatch(r, ctx.params.str('Filter')))) {
      out.push({ __type: `System.Management.ManagementObject#root\\cimv2\\${canonical}`, __CLASS: canonical, __SERVER: host.name.toUpperCase(), __NAMESPACE: 'root\\cimv2', ...row });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Services
// ---------------------------------------------------------------------------------------------------------------

function serviceObject(name: string, s: LabService): DoubleObject {
  return {
    __type: 'System.ServiceProcess.ServiceController',
    Name: name,
    ServiceName: name,
    DisplayName: SERVICE_DISPLAY_NAMES[name] ?? name,
    Status: s.running ? 'Running' : 'Stopped',
    CanStop: s.running,
    ServiceType: 'Win32OwnProcess',
  };
}

function lookupServices(ctx: DoubleContext, command: string, host: LabHost): [string, LabService][] {
  const names = ctx.params.strs('Name');
  const displayNames = ctx.params.strs('DisplayName');
  const all = Object.entries(host.services);
  if (names.length === 0 && displayNames.length === 0) return all;
  const out: [string, LabService][] = [];
  const like = (pattern: string, text: string): boolean => new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i').test(text);
  for (const n of names) {
    const found = all.filter(([name]) => like(n, name));
    if (found.length === 0 && !n.includes('*')) {
      throw fail(`Cannot find any service with service name '${n}'.`, `NoServiceFoundForGivenName,Microsoft.PowerShell.Commands.${command}`, 'ObjectNotFound', { target: n });
    }
    out.push(...found);
  }
  for (const d of displayNames) {
    const found = all.filter(([name]) => like(d, SERVICE_DISPLAY_NAMES[name] ?? name));
    if (found.length === 0 && !d.includes('*')) throw fail(`Cannot find any service with display name '${d}'.`, `NoServiceFoundForGivenDisplayName,Microsoft.PowerShell.Commands.${command}`, 'ObjectNotFound', { target: d });
    out.push(...found);
  }
  return out;
}

function startService(command: string, name: string, s: LabService): void {
  if (s.startMode === 'Disabled') {
    const display = SERVICE_DISPLAY_NAMES[name] ?? name;
    throw fail(`Service '${display} (${name})' cannot be started due to the following error: Cannot start service ${name} on computer '.'.`, `CouldNotStartService,Microsoft.PowerShell.Commands.${command}`, 'OpenError', { target: name });
  }
  s.running = true;
}

const START_MODES: Record<string, StartMode> = { automatic: 'Auto', manual: 'Manual', disabled: 'Disabled' };

// ---------------------------------------------------------------------------------------------------------------
// Reaching other machines: TCP ports, Active Directory
// ---------------------------------------------------------------------------------------------------------------

/** The address a name designates: an IPv4 address, an A record of the lab's DNS, a host's own name. */
export function addressesOf(state: LabState, name: string): string[] {
  const n = name.trim().toLowerCase();
  if (isIpv4(n)) return [n];
  const records = state.dnsRecords.filter((r) => (r.name === '@' ? r.zone : `${r.name}.${r.zone}`).toLowerCase() === n).map((r) => r.ipv4);
  // A server's own name: the addresses it registers in DNS (its first connection, and every other one with
  // "Register this connection's addresses in DNS" on).
  const host = state.hosts.find((h) => h.fqdn.toLowerCase() === n || h.name.toLowerCase() === n.split('.')[0] && (h.fqdn === '' || !n.includes('.')));
  return [...records, ...(host ? host.nics.filter((x, i) => i === 0 || x.fullDnsRegistration).map((x) => x.ipv4) : [])];
}

/** Ports a server answers on its own addresses: RPC endpoint mapper, WinRM, IIS, and Exchange's static RPC ports. */
function hostPorts(host: LabHost): Set<number> {
  const ports = new Set<number>([135, 445, 5985]);
  if (host.features.includes('Web-Server')) {
    ports.add(80);
    ports.add(443);
  }
  const value = (key: string, name: string): number | null => {
    const k = Object.keys(host.registry).find((x) => x.toLowerCase() === key.toLowerCase());
    const v = k ? host.registry[k][name] : undefined;
    const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : NaN;
    return Number.isFinite(n) && n > 0 ? n : null;
  };
  if (host.services.MSExchangeRPC) {
    const p = value('HKLM\\SYSTEM\\CurrentControlSet\\Services\\MSExchangeRPC\\ParametersSystem', 'TCP/IP Port');
    if (p !== null) ports.add(p);
  }
  if (host.services.MSExchangeAB) {
    const p = value('HKLM\\SYSTEM\\CurrentControlSet\\Services\\MSExchangeAB\\Parameters', 'RpcTcpPort');
    if (p !== null) ports.add(p);
  }
  return ports;
}

/** Whether address:port accepts a TCP connection now: 'open', 'refused' (something answers), 'silent' (nobody). */
export function tcpAnswer(world: LabWorld, address: string, port: number): 'open' | 'refused' | 'silent' {
  const state = world.state;
  const cluster = nlbClusterByVip(state, address);
  if (cluster) {
    const rule = cluster.portRules.find((r) => r.startPort <= port && port <= r.endPort && r.protocol !== 'Udp' && r.mode !== 'Disabled');
    const serving = cluster.nodes.filter((n) => !n.stopped && nlbNodeState(world, findHost(state, n.host), n.interfaceName) === 'Converged');
    if (serving.length === 0) return 'silent';
    if (!rule) return 'refused';
    return serving.some((n) => {
      const h = findHost(state, n.host);
      return h !== undefined && hostPorts(h).has(port);
    })
      ? 'open'
      : 'refused';
  }
  const host = state.hosts.find((h) => h.nics.some((n) => n.ipv4 === address));
  if (!host || !hostAnswers(world, host)) return 'silent';
  return hostPorts(host).has(port) ? 'open' : 'refused';
}

/** The naming contexts of the lab's forest. */
function namingContexts(state: LabState): { domain: string; config: string; schema: string } {
  const domain = state.org.adDomain
    .split('.')
    .map((p) => `DC=${p}`)
    .join(',');
  return { domain, config: `CN=Configuration,${domain}`, schema: `CN=Schema,CN=Configuration,${domain}` };
}

function adUnreachable(): DoubleError {
  return fail('The specified domain either does not exist or could not be contacted.', 'ExTopoDirectoryServices', 'ObjectNotFound');
}

/** An object of the directory: its properties (lower-case names, arrays of values), or null when there is none. */
function directoryObject(ctx: DoubleContext, path: string): Record<string, WireValue[]> | null {
  const state = ctx.state;
  const nc = namingContexts(state);
  const dn = path.replace(/^LDAP:\/\/([^/]+\/)?/i, '').trim();
  const lower = dn.toLowerCase();
  const dc = state.org.dnsServers.find((d) => d.includes('.') && d !== state.org.adDomain.toLowerCase()) ?? state.org.adDomain;
  if (lower === 'rootdse') {
    return { defaultnamingcontext: [nc.domain], configurationnamingcontext: [nc.config], schemanamingcontext: [nc.schema], rootdomainnamingcontext: [nc.domain], dnshostname: [dc] };
  }
  if (lower === `cn=ms-exch-schema-version-pt,${nc.schema}`.toLowerCase()) {
    return state.org.schemaVersion > 0 ? { name: ['ms-Exch-Schema-Version-Pt'], rangeupper: [state.org.schemaVersion] } : null;
  }
  if (lower === `cn=microsoft exchange system objects,${nc.domain}`.toLowerCase()) {
    return state.org.domainObjectVersion > 0 ? { name: ['Microsoft Exchange System Objects'], objectversion: [state.org.domainObjectVersion] } : null;
  }
  if (lower === `cn=microsoft exchange,cn=services,${nc.config}`.toLowerCase()) {
    return state.org.orgObjectVersion > 0 ? { name: ['Microsoft Exchange'] } : null;
  }
  const org = state.org.name;
  if (org && lower === `cn=${org},cn=microsoft exchange,cn=services,${nc.config}`.toLowerCase()) {
    return { name: [org], objectversion: [state.org.orgObjectVersion], objectclass: ['top', 'container', 'msExchOrganizationContainer'] };
  }
  if (lower === nc.domain.toLowerCase() || lower === nc.config.toLowerCase() || lower === nc.schema.toLowerCase()) return { distinguishedname: [dn] };
  // Active Directory Sites and Services: CN=Sites, each site, CN=Subnets and each subnet.
  const sites = `cn=sites,${nc.config}`.toLowerCase();
  if (lower === sites || lower === `cn=subnets,${sites}`) return { distinguishedname: [dn] };
  const site = state.org.sites.find((x) => lower === siteDn(nc.config, x).toLowerCase());
  if (site !== undefined) return siteEntry(nc.config, site);
  const subnet = (state.org.adSubnets ?? []).find((x) => lower === subnetDn(nc.config, x.cidr).toLowerCase());
  if (subnet !== undefined) return subnetEntry(nc.config, subnet);
  return null;
}

function siteDn(config: string, site: string): string {
  return `CN=${site},CN=Sites,${config}`;
}

function subnetDn(config: string, cidr: string): string {
  // A subnet object's name is its prefix; '/' is escaped in the DN (CN=10.0.1.0\/24).
  return `CN=${cidr.replace('/', '\\/')},CN=Subnets,CN=Sites,${config}`;
}

function siteEntry(config: string, site: string): Record<string, WireValue[]> {
  return { name: [site], cn: [site], distinguishedname: [siteDn(config, site)], objectclass: ['top', 'site'] };
}

function subnetEntry(config: string, subnet: { readonly cidr: string; readonly site: string }): Record<string, WireValue[]> {
  return { name: [subnet.cidr], cn: [subnet.cidr], distinguishedname: [subnetDn(config, subnet.cidr)], siteobject: [siteDn(config, subnet.site)], objectclass: ['top', 'subnet'] };
}

function requireDomain(ctx: DoubleContext): void {
  if (ctx.host.domain === '') throw adUnreachable();
  const dcs = ctx.state.hosts.filter((h) => h.domainController);
  if (dcs.length > 0 && !dcs.some((h) => hostAnswers(ctx.world, h))) throw adUnreachable();
}

// ---------------------------------------------------------------------------------------------------------------
// Cmdlets (kind 'cmdlet')
// ---------------------------------------------------------------------------------------------------------------

export const windowsCmdlets: DoubleHandlers = {
  'Get-WmiObject': getWmiObject,

  'Wmi.SetDynamicDNSRegistration': (ctx) => {
    const host = remoteHost(ctx, ctx.params.str('Server'), 'System.Management.ManagementObject');
    const index = ctx.params.int('Index', -1);
    const nic = host.nics.find((n) => n.index === index);
    if (!nic) return [{ __type: 'System.Management.ManagementBaseObject#\\__PARAMETERS', ReturnValue: 84 }];
    nic.fullDnsRegistration = ctx.params.bool('FullDNSRegistrationEnabled');
    nic.domainDnsRegistration = ctx.params.bool('DomainDNSRegistrationEnabled');
    return [{ __type: 'System.Management.ManagementBaseObject#\\__PARAMETERS', ReturnValue: 0 }];
  },

  'Get-Service': (ctx) => {
    const out: DoubleObject[] = [];
    const computers = ctx.params.strs('ComputerName');
    for (const computer of computers.length > 0 ? computers : ['.']) {
      const host = remoteHost(ctx, computer, 'Microsoft.PowerShell.Commands.GetServiceCommand');
      for (const [name, s] of lookupServices(ctx, 'GetServiceCommand', host)) out.push(serviceObject(name, s));
    }
    return out;
  },

  'Set-Service': (ctx) => {
    const computers = ctx.params.strs('ComputerName');
    const host = remoteHost(ctx, computers[0] ?? '.', 'Microsoft.PowerShell.Commands.SetServiceCommand');
    const name = ctx.params.need('Name');
    const key = Object.keys(host.services).find((k) => k.toLowerCase() === name.toLowerCase());
    if (!key) throw fail(`Service ${name} was not found on computer '${computers[0] ?? '.'}'.`, 'InvalidOperationException,Microsoft.PowerShell.Commands.SetServiceCommand', 'ObjectNotFound', { target: name });
    const s = host.services[key];
    if (ctx.params.has('StartupType')) s.startMode = START_MODES[ctx.params.str('StartupType').toLowerCase()] ?? s.startMode;
    const status = ctx.params.str('Status').toLowerCase();
    if (status === 'running') startService('SetServiceCommand', key, s);
    if (status === 'stopped') s.running = false;
    return ctx.params.bool('PassThru') ? [serviceObject(key, s)] : [];
  },

  'Start-Service': (ctx) => {
    const out: DoubleObject[] = [];
    for (const [name, s] of lookupServices(ctx, 'StartServiceCommand', ctx.host)) {
      startService('StartServiceCommand', name, s);
      if (ctx.params.bool('PassThru')) out.push(serviceObject(name, s));
    }
    return out;
  },

  'Stop-Service': (ctx) => {
    const out: DoubleObject[] = [];
    for (const [name, s] of lookupServices(ctx, 'StopServiceCommand', ctx.host)) {
      s.running = false;
      if (ctx.params.bool('PassThru')) out.push(serviceObject(name, s));
    }
    return out;
  },

  'Restart-Service': (ctx) => {
    const out: DoubleObject[] = [];
    for (const [name, s] of lookupServices(ctx, 'RestartServiceCommand', ctx.host)) {
      s.running = false;
      startService('RestartServiceCommand', name, s);
      if (ctx.params.bool('PassThru')) out.push(serviceObject(name, s));
    }
    return out;
  },

  'Restart-Computer': (ctx) => {
    const computers = ctx.params.strs('ComputerName');
    for (const computer of computers.length > 0 ? computers : ['.']) {
      const host = remoteHost(ctx, computer, 'Microsoft.PowerShell.Commands.RestartComputerCommand');
      restartHost(ctx, host);
    }
  },

  'Net.TcpConnect': (ctx) => {
    const target = ctx.params.need('Host');
    const port = ctx.params.int('Port', -1);
    const addresses = addressesOf(ctx.state, target);
    if (addresses.length === 0) throw fail('No such host is known', 'SocketException', 'ConnectionError');
    const answers = addresses.map((a) => tcpAnswer(ctx.world, a, port));
    if (answers.includes('open')) return [{ __type: 'System.Boolean', Connected: true }];
    if (answers.includes('refused')) throw fail(`No connection could be made because the target machine actively refused it ${addresses[0]}:${port}`, 'SocketException', 'ConnectionError');
    throw fail(
      `A connection attempt failed because the connected party did not properly respond after a period of time, or established connection failed because connected host has failed to respond ${addresses[0]}:${port}`,
      'SocketException',
      'ConnectionError',
    );
  },

  // SslStream.AuthenticateAsClient(name) after TcpClient.Connect(address, port): the certificate the servers behind the
  // address present, validated for the name as .NET does (trusted chain, name on the certificate).
  'Net.TlsHandshake': (ctx) => {
    const result = tlsHandshake(ctx.world, ctx.params.need('Address'), ctx.params.int('Port', 443), ctx.params.need('TargetHost'));
    if (result.problem !== null) throw fail(result.problem, 'AuthenticationException', 'SecurityError');
    return [{ __type: 'System.Security.Cryptography.X509Certificates.X509Certificate', Subject: result.subject, Issuer: result.issuer, Thumbprint: result.thumbprint }];
  },

  'Ad.Get': (ctx) => {
    requireDomain(ctx);
    const path = ctx.params.need('Path');
    const object = directoryObject(ctx, path);
    if (!object) throw fail('There is no such object on the server.', 'ExTopoDirectoryServices', 'ObjectNotFound');
    return [{ __type: 'System.DirectoryServices.DirectoryEntry', Path: path, Properties: object as unknown as WireValue }];
  },

  'Ad.Search': (ctx) => {
    requireDomain(ctx);
    const root = ctx.params.str('Root');
    const filter = ctx.params.str('Filter').toLowerCase().replace(/\s+/g, '');
    const nc = namingContexts(ctx.state);
    const org = ctx.state.org;
    const exchangeContainer = `cn=microsoft exchange,cn=services,${nc.config}`.toLowerCase();
    const rootDn = root.replace(/^LDAP:\/\/([^/]+\/)?/i, '').toLowerCase();
    if (rootDn !== '' && !directoryObject(ctx, root)) throw fail('There is no such object on the server.', 'ExTopoDirectoryServices', 'ObjectNotFound');
    if (filter === '(objectclass=msexchorganizationcontainer)' && (rootDn === exchangeContainer || rootDn === nc.config.toLowerCase()) && org.name !== null && org.orgObjectVersion > 0) {
      const path = `LDAP://CN=${org.name},CN=Microsoft Exchange,CN=Services,${nc.config}`;
      return [{ __type: 'System.DirectoryServices.SearchResult', Path: path, Properties: { adspath: [path], name: [org.name], objectversion: [org.orgObjectVersion] } }];
    }
    const sitesDn = `cn=sites,${nc.config}`.toLowerCase();
    const found = (entries: Record<string, WireValue[]>[]): DoubleObject[] =>
      entries.map((e) => {
        const path = `LDAP://${String(e.distinguishedname[0])}`;
        return { __type: 'System.DirectoryServices.SearchResult', Path: path, Properties: { adspath: [path], ...e } };
      });
    if (filter === '(objectclass=site)' && rootDn === sitesDn) return found(org.sites.map((site) => siteEntry(nc.config, site)));
    if (filter === '(objectclass=subnet)' && (rootDn === `cn=subnets,${sitesDn}` || rootDn === sitesDn)) return found((org.adSubnets ?? []).map((x) => subnetEntry(nc.config, x)));
    return [];
  },
};

/** Exchange 2010 SP3's Active Directory versions (re-exported for the programs). */
export const SP3_AD = EXCHANGE_2010_SP3_AD;

// ---------------------------------------------------------------------------------------------------------------
// NetAdapter module (Windows Server 2012 and later): Get-NetAdapter, Get-/Enable-/Disable-NetAdapterBinding
// (learn.microsoft.com/powershell/module/netadapter)
// ---------------------------------------------------------------------------------------------------------------

const BINDING_NAMES: Readonly<Record<string, string>> = {
  ms_tcpip: 'Internet Protocol Version 4 (TCP/IPv4)',
  ms_tcpip6: 'Internet Protocol Version 6 (TCP/IPv6)',
  ms_server: 'File and Printer Sharing for Microsoft Networks',
  ms_msclient: 'Client for Microsoft Networks',
  ms_pacer: 'QoS Packet Scheduler',
  ms_wlbs: 'Network Load Balancing (NLB)',
};

function adapters(ctx: DoubleContext, command: string): LabHost['nics'] {
  const names = ctx.params.strs('Name');
  if (names.length === 0) return ctx.host.nics;
  const like = (p: string, t: string): boolean => new RegExp(`^${p.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`, 'i').test(t);
  const out = ctx.host.nics.filter((n) => names.some((p) => like(p, n.name)));
  const missing = names.filter((p) => !p.includes('*') && !ctx.host.nics.some((n) => like(p, n.name)));
  if (missing.length > 0) throw fail(`No MSFT_NetAdapter objects found with property 'Name' equal to '${missing[0]}'.  Verify the value of the property and retry.`, `CmdletizationQuery_NotFound_Name,${command}`, 'ObjectNotFound', { target: missing[0] });
  return out;
}

function bindingRows(ctx: DoubleContext, command: string): { nic: LabHost['nics'][number]; id: string }[] {
  const ids = ctx.params.strs('ComponentID').map((x) => x.toLowerCase());
  const displays = ctx.params.strs('DisplayName').map((x) => x.toLowerCase());
  const all = Object.keys(BINDING_NAMES);
  const wanted = all.filter((id) => (ids.length === 0 && displays.length === 0) || ids.includes(id) || displays.includes(BINDING_NAMES[id].toLowerCase()));
  return adapters(ctx, command).flatMap((nic) => wanted.filter((id) => id !== 'ms_wlbs' || ctx.host.features.includes('NLB')).map((id) => ({ nic, id })));
}

function bindingObject(nic: LabHost['nics'][number], id: string): DoubleObject {
  return { __type: 'Microsoft.Management.Infrastructure.CimInstance#ROOT/StandardCimv2/MSFT_NetAdapterBindingSettingData', Name: nic.name, InterfaceAlias: nic.name, DisplayName: BINDING_NAMES[id], ComponentID: id, Enabled: nic.bindings.includes(id) };
}

function setBinding(enabled: boolean, command: string) {
  return (ctx: DoubleContext): DoubleObject[] => {
    const out: DoubleObject[] = [];
    for (const { nic, id } of bindingRows(ctx, command)) {
      if (enabled && !nic.bindings.includes(id)) nic.bindings.push(id);
      if (!enabled) nic.bindings = nic.bindings.filter((b) => b !== id);
      if (ctx.params.bool('PassThru')) out.push(bindingObject(nic, id));
    }
    return out;
  };
}

export const netAdapterCmdlets: DoubleHandlers = {
  'Get-NetAdapter': (ctx) =>
    adapters(ctx, 'Get-NetAdapter').map((nic) => ({
      __type: 'Microsoft.Management.Infrastructure.CimInstance#ROOT/StandardCimv2/MSFT_NetAdapter',
      Name: nic.name,
      InterfaceDescription: 'Intel(R) PRO/1000 MT Network Connection',
      ifIndex: nic.index + 4,
      Status: 'Up',
      MacAddress: macOf(nic.guid).replace(/:/g, '-'),
      LinkSpeed: '1 Gbps',
      InterfaceGuid: nic.guid,
    })),
  'Get-NetAdapterBinding': (ctx) => bindingRows(ctx, 'Get-NetAdapterBinding').map(({ nic, id }) => bindingObject(nic, id)),
  'Disable-NetAdapterBinding': setBinding(false, 'Disable-NetAdapterBinding'),
  'Enable-NetAdapterBinding': setBinding(true, 'Enable-NetAdapterBinding'),
};
