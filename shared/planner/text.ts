// How findings and verdict reasons name things, in the admin's vocabulary and the same way in every rule family:
// servers, sites, subnets and NLB clusters by name, lists as "EX2, EX3 and EX4", numbers and sizes without noise.
import type { Design, Role, Server, WindowsVersion } from '../model/types';
import type { PlannerContext } from './context';

/** Names listed in a message before "and N more" (keeps messages readable on 1,000-server designs). */
export const LISTED_NAMES_MAX = 8;

export const ROLE_LABELS: Readonly<Record<Role, string>> = {
  CAS: 'Client Access',
  HT: 'Hub Transport',
  MB: 'Mailbox',
  UM: 'Unified Messaging',
  Edge: 'Edge Transport',
};

/** "2008 R2": Windows Server versions as admins write them. */
export const WINDOWS_VERSION_LABELS: Readonly<Record<WindowsVersion, string>> = {
  '2008': '2008',
  '2008R2': '2008 R2',
  '2012': '2012',
  '2012R2': '2012 R2',
  '2016': '2016',
};

/** "Windows Server 2008 R2". */
export const WINDOWS_LABELS: Readonly<Record<WindowsVersion, string>> = {
  '2008': `Windows Server ${WINDOWS_VERSION_LABELS['2008']}`,
  '2008R2': `Windows Server ${WINDOWS_VERSION_LABELS['2008R2']}`,
  '2012': `Windows Server ${WINDOWS_VERSION_LABELS['2012']}`,
  '2012R2': `Windows Server ${WINDOWS_VERSION_LABELS['2012R2']}`,
  '2016': `Windows Server ${WINDOWS_VERSION_LABELS['2016']}`,
};

/** "EX3", "EX3 and EX4", "EX3, EX4 and EX5"; long lists end in "and 12 more". */
export function listNames(names: readonly string[], max = LISTED_NAMES_MAX): string {
  return listOf(names, (n) => n, max);
}

/** listNames over any items, labelling only those that are shown (cheap on long lists). */
export function listOf<T>(items: readonly T[], label: (item: T) => string, max = LISTED_NAMES_MAX): string {
  if (items.length === 0) return '(none)';
  if (items.length === 1) return label(items[0]);
  if (items.length > max) return `${items.slice(0, max - 1).map(label).join(', ')} and ${items.length - (max - 1)} more`;
  return `${items.slice(0, -1).map(label).join(', ')} and ${label(items[items.length - 1])}`;
}

/** "1 server", "3 servers". */
export function plural(n: number, noun: string, pluralNoun = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : pluralNoun}`;
}

/** Display names of every object of a design by id ("AD site HQ", "EX3 NIC MAPI"), for the objects a finding names. */
export function objectLabels(design: Design): Map<string, string> {
  const labels = new Map<string, string>();
  for (const s of design.sites) labels.set(s.id, `AD site ${s.name}`);
  for (const s of design.subnets) labels.set(s.id, `subnet ${s.cidr}`);
  for (const s of design.servers) {
    labels.set(s.id, s.name);
    for (const n of s.nics) labels.set(n.id, `${s.name} NIC ${n.name}`);
  }
  for (const c of design.nlbClusters) labels.set(c.id, `NLB cluster ${c.fqdn}`);
  for (const h of design.hardwareLoadBalancers) labels.set(h.id, `hardware load balancer ${h.name}`);
  for (const a of design.casArrays) labels.set(a.id, `CAS array ${a.name}`);
  for (const d of design.dags) labels.set(d.id, `DAG ${d.name}`);
  for (const d of design.databases) labels.set(d.id, `database ${d.name}`);
  return labels;
}

/** A server's name, or a stand-in naming its id while it has none. */
export function serverName(server: Server): string {
  return server.name === '' ? `(unnamed server ${server.id})` : server.name;
}

export function serverNames(servers: readonly Server[]): string {
  return listOf(servers, serverName);
}

/** A server referenced by id: its name, or the quoted id when it is not a server of the design. */
export function serverNameById(ctx: PlannerContext, serverId: string): string {
  const server = ctx.servers.get(serverId);
  return server ? serverName(server) : `"${serverId}"`;
}

/** An AD site's name, or the quoted id when it is not a site of the design. */
export function siteName(ctx: PlannerContext, siteId: string): string {
  return ctx.sites.get(siteId)?.name ?? `"${siteId}"`;
}

/** A subnet by its CIDR block, or the quoted id when it is not a subnet of the design. */
export function subnetName(ctx: PlannerContext, subnetId: string): string {
  return ctx.subnets.get(subnetId)?.cidr ?? `"${subnetId}"`;
}

/** An NLB cluster by its FQDN (the id while the FQDN is empty). */
export { nlbClusterName } from '../model/nlb';

/** "Client Access and Hub Transport". */
export function roleList(roles: readonly Role[]): string {
  return listNames(roles.map((r) => ROLE_LABELS[r]));
}

/** "1,000", "12.5": thousands separators, one decimal at most (no toLocaleString or regex: this runs per finding). */
export function num(n: number): string {
  const tenths = Math.round(n * 10);
  const abs = Math.abs(tenths);
  const whole = Math.floor(abs / 10);
  const fraction = abs % 10;
  let text = '';
  let rest = whole;
  while (rest >= 1000) {
    text = `,${String(rest % 1000).padStart(3, '0')}${text}`;
    rest = Math.floor(rest / 1000);
  }
  text = `${rest}${text}`;
  return `${tenths < 0 ? '-' : ''}${text}${fraction === 0 ? '' : `.${fraction}`}`;
}

/** "600 GB", "1.5 GB": one decimal at most, no floating-point noise. */
export function formatGB(gb: number): string {
  return `${num(gb)} GB`;
}

/** "3 databases of about 180 GB, 2 HA copies each": the databases the sizing recommendation asks for. */
export function recommendedDatabases(r: { readonly databaseCount: number; readonly databaseSizeGB: number; readonly haCopies: number }): string {
  const copies = plural(r.haCopies, 'HA copy', 'HA copies');
  return `${plural(r.databaseCount, 'database')} of about ${formatGB(r.databaseSizeGB)}, ${copies}${r.databaseCount === 1 ? '' : ' each'}`;
}

/** "1 day", "7 days". */
export function days(n: number): string {
  return plural(n, 'day');
}
