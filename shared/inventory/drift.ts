// Drift: what a design says and a running organization (its inventory) does not have, or has differently - object by
// object, property by property - and which runbook steps of the design would close each gap. Objects are matched by
// name (case-insensitive), as Exchange and Windows match them.
import { parseCidr, formatIpv4 } from '../model/ip';
import type { Design } from '../model/types';
import type { StepAction } from '../runbook/actions';
import type { Runbook } from '../runbook/types';
import type { Inventory } from './schema';

export type DriftObject = 'server' | 'nic' | 'casArray' | 'nlbCluster' | 'dag' | 'database' | 'copy';

export interface DriftItem {
  /** missing: the design has it, the organization not; extra: the other way round; different: both, unlike. */
  readonly kind: 'missing' | 'extra' | 'different';
  readonly object: DriftObject;
  /** The object in the admin's words, e.g. `DAG DAG1` or `copy of DB1 on MB2`. */
  readonly name: string;
  readonly property?: string;
  readonly design?: string;
  readonly organization?: string;
  /** Design objects concerned (to select them on the canvas). */
  readonly entityIds: readonly string[];
  /** Ids of the runbook steps that act on those objects (empty for an `extra` object: the runbook removes nothing). */
  readonly steps: readonly string[];
}

export interface DriftReport {
  readonly items: readonly DriftItem[];
  /** Objects compared (design side), for the summary line. */
  readonly compared: number;
}

const key = (s: string): string => s.trim().toLowerCase();
const same = (a: string, b: string): boolean => key(a) === key(b);
const list = (values: readonly string[]): string => (values.length === 0 ? '(none)' : values.join(', '));

/** The action kinds that change each kind of difference (a step that only verifies or prepares does not close it). */
const CLOSES = {
  server: null,
  roles: ['exchange-setup'],
  nic: null,
  casArray: ['new-cas-array', 'dns-a-record', 'set-rpc-client-access'],
  nlbCluster: ['new-nlb-cluster', 'nlb-port-rules', 'add-nlb-node', 'nlb-nic-config'],
  nlbSettings: ['new-nlb-cluster'],
  nlbNode: ['add-nlb-node', 'nlb-nic-config'],
  nlbRules: ['nlb-port-rules'],
  dag: ['new-dag', 'add-dag-member', 'dag-networks'],
  dagSettings: ['new-dag'],
  dagMember: ['add-dag-member'],
  dagNetworks: ['dag-networks'],
  database: ['new-mailbox-database', 'add-database-copy'],
  copy: ['add-database-copy'],
} as const satisfies Record<string, readonly StepAction['kind'][] | null>;

/** Steps acting on all the given objects whose action is one of `kinds` (every action when null). */
function stepsFor(runbook: Runbook | null, kinds: readonly StepAction['kind'][] | null, ...entityIds: string[]): string[] {
  if (!runbook) return [];
  return runbook.steps.filter((s) => (kinds === null || kinds.includes(s.action.kind)) && entityIds.every((id) => s.entityIds.includes(id))).map((s) => s.id);
}

function normalCidr(text: string): string {
  const c = parseCidr(text);
  return c ? `${formatIpv4(c.network)}/${c.prefix}` : text;
}

/**
 * Compares a design with an inventory. `runbook` is the design's runbook (null when the design has errors and no
 * runbook can be made: the items then name no steps).
 */
export function computeDrift(design: Design, inventory: Inventory, runbook: Runbook | null): DriftReport {
  const items: DriftItem[] = [];
  let compared = 0;
  const serverName = new Map(design.servers.map((s) => [s.id, s.name]));
  const subnetCidr = new Map(design.subnets.map((s) => [s.id, s.cidr]));
  const invServer = new Map(inventory.servers.map((s) => [key(s.name), s]));
  const add = (item: Omit<DriftItem, 'steps'>, steps: string[]): void => {
    items.push({ ...item, steps });
  };

  // --- Servers ------------------------------------------------------------------------------------------------------
  for (const server of design.servers) {
    compared++;
    const found = invServer.get(key(server.name));
    const ids = [server.id];
    if (!found) {
      add({ kind: 'missing', object: 'server', name: `server ${server.name}`, entityIds: ids }, stepsFor(runbook, CLOSES.server, server.id));
      continue;
    }
    const missingRoles = server.roles.filter((r) => !found.roles.includes(r));
    if (missingRoles.length > 0 || found.roles.some((r) => !server.roles.includes(r))) {
      add({ kind: 'different', object: 'server', name: `server ${server.name}`, property: 'roles', design: list(server.roles), organization: list(found.roles), entityIds: ids }, stepsFor(runbook, CLOSES.roles, server.id));
    }
    const site = design.sites.find((s) => s.id === server.siteId)?.name ?? '';
    if (found.site !== '' && !same(found.site, site)) {
      add({ kind: 'different', object: 'server', name: `server ${server.name}`, property: 'AD site', design: site, organization: found.site, entityIds: ids }, []);
    }
    const addresses = new Set(found.nics.flatMap((n) => n.addresses.map((a) => a.ipv4)));
    for (const nic of server.nics) {
      compared++;
      if (!addresses.has(nic.ipv4) && found.nics.length > 0) {
        add(
          { kind: 'missing', object: 'nic', name: `NIC ${nic.name} of ${server.name}`, property: 'IPv4 address', design: `${nic.ipv4} on ${subnetCidr.get(nic.subnetId) ?? nic.subnetId}`, organization: list([...addresses]), entityIds: [server.id, nic.id] },
          stepsFor(runbook, CLOSES.nic, server.id, nic.id),
        );
      }
    }
  }
  for (const found of inventory.servers) {
    if (!design.servers.some((s) => same(s.name, found.name))) {
      add({ kind: 'extra', object: 'server', name: `server ${found.name}`, organization: `${list(found.roles)} in AD site ${found.site || '(unknown)'}`, entityIds: [] }, []);
    }
  }

  // --- CAS arrays ---------------------------------------------------------------------------------------------------
  for (const array of design.casArrays) {
    compared++;
    const found = inventory.casArrays.find((a) => same(a.name, array.name) || same(a.fqdn, array.fqdn));
    if (!found) {
      add({ kind: 'missing', object: 'casArray', name: `CAS array ${array.name}`, design: array.fqdn, entityIds: [array.id] }, stepsFor(runbook, CLOSES.casArray, array.id));
    } else if (!same(found.fqdn, array.fqdn)) {
      add({ kind: 'different', object: 'casArray', name: `CAS array ${array.name}`, property: 'FQDN', design: array.fqdn, organization: found.fqdn, entityIds: [array.id] }, stepsFor(runbook, CLOSES.casArray, array.id));
    }
  }

  // --- NLB clusters -------------------------------------------------------------------------------------------------
  for (const cluster of design.nlbClusters) {
    compared++;
    const found = inventory.nlbClusters.find((c) => c.vip === cluster.vip || same(c.name, cluster.fqdn));
    const name = `NLB cluster ${cluster.fqdn}`;
    if (!found) {
      add({ kind: 'missing', object: 'nlbCluster', name, design: `VIP ${cluster.vip}`, entityIds: [cluster.id] }, stepsFor(runbook, CLOSES.nlbCluster, cluster.id));
      continue;
    }
    if (found.vip !== cluster.vip) add({ kind: 'different', object: 'nlbCluster', name, property: 'VIP', design: cluster.vip, organization: found.vip, entityIds: [cluster.id] }, stepsFor(runbook, CLOSES.nlbSettings, cluster.id));
    if (key(found.mode) !== key(cluster.mode)) add({ kind: 'different', object: 'nlbCluster', name, property: 'mode', design: cluster.mode, organization: found.mode, entityIds: [cluster.id] }, stepsFor(runbook, CLOSES.nlbSettings, cluster.id));
    for (const member of cluster.members) {
      const host = serverName.get(member.serverId) ?? member.serverId;
      if (!found.nodes.some((n) => same(n.host, host))) {
        add({ kind: 'missing', object: 'nlbCluster', name, property: 'node', design: host, organization: list(found.nodes.map((n) => n.host)), entityIds: [cluster.id, member.serverId] }, stepsFor(runbook, CLOSES.nlbNode, cluster.id, member.serverId));
      }
    }
    const rules = (r: { startPort: number; endPort: number; protocol: string; affinity: string }) => `${r.startPort}-${r.endPort}/${key(r.protocol)}/${key(r.affinity)}`;
    const want = cluster.portRules.map(rules).sort();
    const have = found.portRules.map(rules).sort();
    if (want.join() !== have.join()) {
      add({ kind: 'different', object: 'nlbCluster', name, property: 'port rules', design: list(want), organization: list(have), entityIds: [cluster.id] }, stepsFor(runbook, CLOSES.nlbRules, cluster.id));
    }
  }

  // --- DAGs ---------------------------------------------------------------------------------------------------------
  for (const dag of design.dags) {
    compared++;
    const found = inventory.dags.find((d) => same(d.name, dag.name));
    const name = `DAG ${dag.name}`;
    if (!found) {
      add({ kind: 'missing', object: 'dag', name, entityIds: [dag.id] }, stepsFor(runbook, CLOSES.dag, dag.id));
      continue;
    }
    for (const id of dag.memberIds) {
      const member = serverName.get(id) ?? id;
      if (!found.members.some((m) => same(m, member))) {
        add({ kind: 'missing', object: 'dag', name, property: 'member', design: member, organization: list(found.members), entityIds: [dag.id, id] }, stepsFor(runbook, CLOSES.dagMember, dag.id, id));
      }
    }
    for (const member of found.members) {
      if (!dag.memberIds.some((id) => same(serverName.get(id) ?? '', member))) {
        add({ kind: 'extra', object: 'dag', name, property: 'member', organization: member, entityIds: [dag.id] }, []);
      }
    }
    const witness = dag.witnessServerId ? (design.servers.find((s) => s.id === dag.witnessServerId) ?? null) : null;
    const witnessNames = witness ? [witness.name, witness.fqdn] : dag.witnessHost !== '' ? [dag.witnessHost, dag.witnessHost.split('.')[0]] : [];
    if (witnessNames.length > 0 && !witnessNames.some((n) => same(n, found.witnessServer) || same(n, found.witnessServer.split('.')[0] ?? ''))) {
      add({ kind: 'different', object: 'dag', name, property: 'witness server', design: witnessNames[0], organization: found.witnessServer || '(none)', entityIds: [dag.id] }, stepsFor(runbook, CLOSES.dagSettings, dag.id));
    }
    if (found.witnessDirectory !== '' && !same(found.witnessDirectory, dag.witnessDirectory)) {
      add({ kind: 'different', object: 'dag', name, property: 'witness directory', design: dag.witnessDirectory, organization: found.witnessDirectory, entityIds: [dag.id] }, stepsFor(runbook, CLOSES.dagSettings, dag.id));
    }
    const dac = dag.datacenterActivationMode ?? 'Off';
    if (!same(found.datacenterActivationMode || 'Off', dac)) {
      add({ kind: 'different', object: 'dag', name, property: 'Datacenter Activation Coordination mode', design: dac, organization: found.datacenterActivationMode, entityIds: [dag.id] }, stepsFor(runbook, CLOSES.dagSettings, dag.id));
    }
    const ips = dag.ipAddresses.map((ip) => ip.ipv4).sort();
    if (ips.join() !== [...found.ipAddresses].sort().join()) {
      add({ kind: 'different', object: 'dag', name, property: 'IP addresses', design: list(ips), organization: list([...found.ipAddresses].sort()), entityIds: [dag.id] }, stepsFor(runbook, CLOSES.dagSettings, dag.id));
    }
    const replicating = new Set(found.networks.filter((n) => n.replicationEnabled && !n.mapiAccessEnabled).flatMap((n) => n.subnets.map(normalCidr)));
    for (const id of dag.replicationSubnetIds) {
      const cidr = subnetCidr.get(id) ?? id;
      if (!replicating.has(normalCidr(cidr))) {
        add({ kind: 'missing', object: 'dag', name, property: 'replication network', design: cidr, organization: list([...replicating]), entityIds: [dag.id, id] }, stepsFor(runbook, CLOSES.dagNetworks, dag.id, id));
      }
    }
  }

  // --- Databases and copies -----------------------------------------------------------------------------------------
  for (const db of design.databases) {
    compared++;
    const found = inventory.databases.find((d) => same(d.name, db.name));
    if (!found) {
      add({ kind: 'missing', object: 'database', name: `mailbox database ${db.name}`, entityIds: [db.id] }, stepsFor(runbook, CLOSES.database, db.id));
      continue;
    }
    for (const copy of db.copies) {
      compared++;
      const host = serverName.get(copy.serverId) ?? copy.serverId;
      const name = `copy of ${db.name} on ${host}`;
      const have = found.copies.find((c) => same(c.server, host));
      if (!have) {
        add({ kind: 'missing', object: 'copy', name, entityIds: [db.id, copy.serverId] }, stepsFor(runbook, CLOSES.copy, db.id, copy.serverId));
        continue;
      }
      if (have.activationPreference !== copy.activationPreference) {
        add({ kind: 'different', object: 'copy', name, property: 'activation preference', design: String(copy.activationPreference), organization: String(have.activationPreference), entityIds: [db.id, copy.serverId] }, stepsFor(runbook, CLOSES.copy, db.id, copy.serverId));
      }
      if (have.replayLagDays !== copy.replayLagDays) {
        add({ kind: 'different', object: 'copy', name, property: 'replay lag (days)', design: String(copy.replayLagDays), organization: String(have.replayLagDays), entityIds: [db.id, copy.serverId] }, stepsFor(runbook, CLOSES.copy, db.id, copy.serverId));
      }
    }
  }
  for (const found of inventory.databases) {
    if (!design.databases.some((d) => same(d.name, found.name))) {
      add({ kind: 'extra', object: 'database', name: `mailbox database ${found.name}`, organization: `on ${found.server || '(unknown)'}`, entityIds: [] }, []);
    }
  }
  return { items, compared };
}

/** One line per drift item, in the admin's words (the CLI's text output and the Drift view's rows). */
export function describeDrift(item: DriftItem): string {
  const what = item.property ? `${item.name}, ${item.property}` : item.name;
  switch (item.kind) {
    case 'missing':
      return `${what}: the design has ${item.design ?? 'it'}, the organization ${item.organization !== undefined ? `has ${item.organization}` : 'does not'}.`;
    case 'extra':
      return `${what}: the organization has ${item.organization ?? 'it'}, the design does not.`;
    case 'different':
      return `${what}: the design says ${item.design ?? '?'}, the organization has ${item.organization ?? '?'}.`;
  }
}
