// Property edits from the inspector: one object, several objects of a kind at once (multi-select), a NIC, the
// organization settings. Every result is checked against the file format's schema and its references, so an edit
// can never produce a design the app could not save and load again; the planner judges everything else.
import type { z } from 'zod';
import { referenceProblems } from '../model/load';
import { formatIpv4, parseCidr, parseIpv4 } from '../model/ip';
import * as S from '../model/schema';
import type { CasArray, Dag, Deployment, Design, DesignDocument, HardwareLoadBalancer, MailboxDatabase, Nic, NlbCluster, Organization, Server, Site, Sizing, Subnet } from '../model/types';
import { defaultFqdn, defaultWitnessDirectory } from './naming';
import { done, refuse } from './types';
import type { EditResult } from './types';

export interface EditableKinds {
  site: Site;
  subnet: Subnet;
  server: Server;
  nlbCluster: NlbCluster;
  hardwareLoadBalancer: HardwareLoadBalancer;
  casArray: CasArray;
  dag: Dag;
  database: MailboxDatabase;
}
export type EditableKind = keyof EditableKinds;
export type Patch<K extends EditableKind> = Partial<Omit<EditableKinds[K], 'id'>>;

type ListKey = 'sites' | 'subnets' | 'servers' | 'nlbClusters' | 'hardwareLoadBalancers' | 'casArrays' | 'dags' | 'databases';

const LIST: Readonly<Record<EditableKind, ListKey>> = {
  site: 'sites',
  subnet: 'subnets',
  server: 'servers',
  nlbCluster: 'nlbClusters',
  hardwareLoadBalancer: 'hardwareLoadBalancers',
  casArray: 'casArrays',
  dag: 'dags',
  database: 'databases',
};

const SCHEMA: Readonly<Record<EditableKind, z.ZodType>> = {
  site: S.Site,
  subnet: S.Subnet,
  server: S.Server,
  nlbCluster: S.NlbCluster,
  hardwareLoadBalancer: S.HardwareLoadBalancer,
  casArray: S.CasArray,
  dag: S.Dag,
  database: S.MailboxDatabase,
};

function labelOf(item: { id: string } & Record<string, unknown>): string {
  const name = typeof item.name === 'string' ? item.name : typeof item.fqdn === 'string' ? item.fqdn : typeof item.cidr === 'string' ? item.cidr : item.id;
  return name;
}

/** "EX3: nics.0.ipv4: must be an IPv4 address…" from the first schema issue. */
function schemaReason(label: string, error: z.ZodError): string {
  const issue = error.issues[0];
  const path = issue.path.map(String).join('.');
  return path === '' ? `${label}: ${issue.message}` : `${label}, ${path}: ${issue.message}`;
}

/** Refuses a design whose references broke (a field pointing at nothing, a duplicate id). */
function referencesReason(before: Design, after: Design): string | null {
  const problems = referenceProblems(after);
  if (problems.length === 0) return null;
  const old = new Set(referenceProblems(before).map((p) => p.message));
  const fresh = problems.find((p) => !old.has(p.message));
  return fresh ? `${fresh.message} ${fresh.hint}` : null;
}

function apply(doc: DesignDocument, design: Design): EditResult {
  const reason = referencesReason(doc.design, design);
  return reason ? refuse(reason) : done({ ...doc, design });
}

/** Renumbers the addresses of a subnet when its CIDR moves to another block of the same size. */
function renumberSubnet(design: Design, before: Subnet, after: Subnet): Design {
  const from = parseCidr(before.cidr);
  const to = parseCidr(after.cidr);
  if (!from || !to || from.prefix !== to.prefix || from.network === to.network) return design;
  const move = (ip: string): string => {
    const v = parseIpv4(ip);
    if (v === null || ((v & from.mask) >>> 0) !== from.network) return ip;
    return formatIpv4(to.network + (v - from.network));
  };
  return {
    ...design,
    subnets: design.subnets.map((s) => (s.id === after.id && s.gateway !== undefined ? { ...s, gateway: move(s.gateway) } : s)),
    servers: design.servers.map((s) => (s.nics.some((n) => n.subnetId === after.id) ? { ...s, nics: s.nics.map((n) => (n.subnetId === after.id ? { ...n, ipv4: move(n.ipv4) } : n)) } : s)),
    nlbClusters: design.nlbClusters.map((c) => (c.subnetId === after.id ? { ...c, vip: move(c.vip) } : c)),
    hardwareLoadBalancers: design.hardwareLoadBalancers.map((h) => ({ ...h, vip: move(h.vip) })),
    dags: design.dags.map((d) => ({ ...d, ipAddresses: d.ipAddresses.map((ip) => (ip.subnetId === after.id ? { ...ip, ipv4: move(ip.ipv4) } : ip)) })),
  };
}

function updateOne<K extends EditableKind>(design: Design, kind: K, id: string, patch: Patch<K>): { design: Design } | { reason: string } {
  const key = LIST[kind];
  const list = design[key] as unknown as readonly (EditableKinds[K] & { id: string })[];
  const index = list.findIndex((x) => x.id === id);
  if (index < 0) return { reason: `There is no ${kind} "${id}" in the design.` };
  const current = list[index];
  const merged: Record<string, unknown> = { ...current, ...patch, id };
  // Keep a server's FQDN in step with its name while it still is the default one.
  if (kind === 'server' && 'name' in patch && !('fqdn' in patch)) {
    const server = current as unknown as Server;
    if (server.fqdn.toLowerCase() === defaultFqdn(server.name, design.organization.adDomain)) {
      merged.fqdn = defaultFqdn(String(merged.name), design.organization.adDomain);
    }
  }
  // Keep a DAG's witness directory in step with its name while it still is the default one (C:\<DAG name>).
  if (kind === 'dag' && 'name' in patch && !('witnessDirectory' in patch)) {
    const dag = current as unknown as Dag;
    if (dag.witnessDirectory.toLowerCase() === defaultWitnessDirectory(dag.name).toLowerCase()) {
      merged.witnessDirectory = defaultWitnessDirectory(String(merged.name));
    }
  }
  if (kind === 'subnet' && 'gateway' in patch && (patch as Patch<'subnet'>).gateway === undefined) delete merged.gateway;
  const parsed = SCHEMA[kind].safeParse(merged);
  if (!parsed.success) return { reason: schemaReason(labelOf(current as unknown as { id: string } & Record<string, unknown>), parsed.error) };
  const value = parsed.data as EditableKinds[K];
  if (kind === 'subnet') {
    const subnet = value as unknown as Subnet;
    if (!parseCidr(subnet.cidr)) {
      return { reason: `${subnet.cidr} is not a network address with a prefix of /1–/30: the host bits must be 0 (e.g. 192.168.0.0/24).` };
    }
  }
  const nextList = list.slice();
  nextList[index] = value;
  let next: Design = { ...design, [key]: nextList };
  if (kind === 'subnet') next = renumberSubnet(next, current as unknown as Subnet, value as unknown as Subnet);
  return { design: next };
}

/** Edits properties of one object (everything but its id). */
export function updateEntity<K extends EditableKind>(doc: DesignDocument, kind: K, id: string, patch: Patch<K>): EditResult {
  const r = updateOne(doc.design, kind, id, patch);
  return 'reason' in r ? refuse(r.reason) : apply(doc, r.design);
}

/** Applies the same property values to several objects of one kind (multi-select: OS, RAM, …). */
export function updateEntities<K extends EditableKind>(doc: DesignDocument, kind: K, ids: readonly string[], patch: Patch<K>): EditResult {
  let design = doc.design;
  for (const id of ids) {
    const r = updateOne(design, kind, id, patch);
    if ('reason' in r) return refuse(r.reason);
    design = r.design;
  }
  return apply(doc, design);
}

/** Edits one NIC of a server. */
export function updateNic(doc: DesignDocument, serverId: string, nicId: string, patch: Partial<Omit<Nic, 'id'>>): EditResult {
  const server = doc.design.servers.find((s) => s.id === serverId);
  const nic = server?.nics.find((n) => n.id === nicId);
  if (!server || !nic) return refuse(`There is no NIC "${nicId}" on server "${serverId}".`);
  return updateEntity(doc, 'server', serverId, { nics: server.nics.map((n) => (n.id === nicId ? { ...n, ...patch, id: nicId } : n)) });
}

export interface SettingsPatch {
  readonly title?: string;
  readonly organization?: Partial<Organization>;
  readonly goals?: Partial<Design['goals']>;
  /** Null removes the sizing inputs. */
  readonly sizing?: Sizing | null;
  readonly deployment?: Partial<Deployment>;
}

/** Edits the document-wide settings shown when nothing is selected. */
export function updateSettings(doc: DesignDocument, patch: SettingsPatch): EditResult {
  const d = doc.design;
  const check = <T>(schema: z.ZodType<T>, value: unknown, label: string): { value: T } | { reason: string } => {
    const r = schema.safeParse(value);
    return r.success ? { value: r.data } : { reason: schemaReason(label, r.error) };
  };
  const org = check(S.Organization, { ...d.organization, ...patch.organization }, 'Organization');
  if ('reason' in org) return refuse(org.reason);
  const goals = check(S.Goals, { ...d.goals, ...patch.goals }, 'Goals');
  if ('reason' in goals) return refuse(goals.reason);
  const deployment = check(S.Deployment, { ...d.deployment, ...patch.deployment }, 'Deployment');
  if ('reason' in deployment) return refuse(deployment.reason);
  let sizing = d.sizing;
  if (patch.sizing === null) sizing = undefined;
  else if (patch.sizing !== undefined) {
    const s = check(S.Sizing, patch.sizing, 'Sizing');
    if ('reason' in s) return refuse(s.reason);
    sizing = s.value;
  }
  const title = patch.title ?? doc.title;
  if (title.length > 200) return refuse('The title is at most 200 characters.');
  let design: Design = { ...d, organization: org.value, goals: goals.value, deployment: deployment.value, sizing };
  if (sizing === undefined) {
    const { sizing: _removed, ...rest } = design;
    design = rest;
  }
  // Servers whose FQDN followed the old AD domain follow the new one.
  if (patch.organization?.adDomain !== undefined && patch.organization.adDomain !== d.organization.adDomain) {
    design = {
      ...design,
      servers: design.servers.map((s) => (s.fqdn.toLowerCase() === defaultFqdn(s.name, d.organization.adDomain) ? { ...s, fqdn: defaultFqdn(s.name, org.value.adDomain) } : s)),
    };
  }
  return done({ ...doc, title, design });
}
