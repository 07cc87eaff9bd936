// Finding design objects by id, with a label in the admin's words ("server EX3", "NLB cluster casarray.x.local").
import type { Design, Nic, Server } from '../model/types';

export type EntityKind = 'site' | 'subnet' | 'server' | 'nic' | 'nlbCluster' | 'hardwareLoadBalancer' | 'casArray' | 'dag' | 'database';

export interface EntityRef {
  readonly kind: EntityKind;
  readonly id: string;
  /** "server EX3", "subnet 192.168.0.0/24", … */
  readonly label: string;
}

export const KIND_LABEL: Readonly<Record<EntityKind, string>> = {
  site: 'AD site',
  subnet: 'subnet',
  server: 'server',
  nic: 'NIC',
  nlbCluster: 'NLB cluster',
  hardwareLoadBalancer: 'hardware load balancer',
  casArray: 'CAS array',
  dag: 'DAG',
  database: 'mailbox database',
};

export function findEntity(design: Design, id: string): EntityRef | null {
  const site = design.sites.find((s) => s.id === id);
  if (site) return { kind: 'site', id, label: `AD site ${site.name}` };
  const subnet = design.subnets.find((s) => s.id === id);
  if (subnet) return { kind: 'subnet', id, label: `subnet ${subnet.cidr}` };
  for (const server of design.servers) {
    if (server.id === id) return { kind: 'server', id, label: `server ${server.name}` };
    const nic = server.nics.find((n) => n.id === id);
    if (nic) return { kind: 'nic', id, label: `NIC ${nic.name} of ${server.name}` };
  }
  const nlb = design.nlbClusters.find((c) => c.id === id);
  if (nlb) return { kind: 'nlbCluster', id, label: `NLB cluster ${nlb.fqdn}` };
  const hlb = design.hardwareLoadBalancers.find((h) => h.id === id);
  if (hlb) return { kind: 'hardwareLoadBalancer', id, label: `hardware load balancer ${hlb.name}` };
  const array = design.casArrays.find((a) => a.id === id);
  if (array) return { kind: 'casArray', id, label: `CAS array ${array.name}` };
  const dag = design.dags.find((d) => d.id === id);
  if (dag) return { kind: 'dag', id, label: `DAG ${dag.name}` };
  const db = design.databases.find((d) => d.id === id);
  if (db) return { kind: 'database', id, label: `mailbox database ${db.name}` };
  return null;
}

export function serverById(design: Design, id: string): Server | undefined {
  return design.servers.find((s) => s.id === id);
}

export function nicOwner(design: Design, nicId: string): { server: Server; nic: Nic } | null {
  for (const server of design.servers) {
    const nic = server.nics.find((n) => n.id === nicId);
    if (nic) return { server, nic };
  }
  return null;
}

export function siteName(design: Design, siteId: string): string {
  return design.sites.find((s) => s.id === siteId)?.name ?? siteId;
}

/** Replaces one element of a list by id (returns a new list). */
export function replaceById<T extends { readonly id: string }>(list: readonly T[], id: string, update: (item: T) => T): T[] {
  return list.map((item) => (item.id === id ? update(item) : item));
}
