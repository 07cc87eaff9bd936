// Database availability group rules (catalogue section "Database availability groups"): size, membership,
// Windows edition, witness, DAG IP addresses and networks.
import type { Dag, Server } from '../../model/types';
import { names } from '../context';
import type { PlannerContext } from '../context';
import type { Rule } from '../types';

/** Exchange 2010: at most 16 servers in a DAG. */
export const DAG_MAX_MEMBERS = 16;
/** Windows versions whose Standard edition has no failover clustering. */
export const CLUSTERING_NEEDS_ENTERPRISE: ReadonlySet<string> = new Set(['2008', '2008R2']);
/** Members a DAG needs for high availability. */
export const DAG_MIN_HA_MEMBERS = 2;

const WINDOWS_LABEL: Record<string, string> = {
  '2008': 'Windows Server 2008',
  '2008R2': 'Windows Server 2008 R2',
  '2012': 'Windows Server 2012',
  '2012R2': 'Windows Server 2012 R2',
  '2016': 'Windows Server 2016',
};

/** The distinct member servers of a DAG that exist in the design, in member order. */
function memberServers(ctx: PlannerContext, dag: Dag): Server[] {
  const seen = new Set<string>();
  const list: Server[] = [];
  for (const id of dag.memberIds) {
    if (seen.has(id)) continue;
    seen.add(id);
    const server = ctx.servers.get(id);
    if (server) list.push(server);
  }
  return list;
}

function subnetLabel(ctx: PlannerContext, subnetId: string): string {
  const subnet = ctx.subnets.get(subnetId);
  return subnet ? subnet.cidr : `"${subnetId}"`;
}

function siteLabel(ctx: PlannerContext, siteId: string): string {
  return ctx.sites.get(siteId)?.name ?? `"${siteId}"`;
}

const maxMembers: Rule = {
  id: 'dag.max-members',
  check(ctx, emit) {
    for (const dag of ctx.dags.values()) {
      const count = new Set(dag.memberIds).size;
      if (count <= DAG_MAX_MEMBERS) continue;
      emit({
        message: `DAG ${dag.name} has ${count} members; the limit is ${DAG_MAX_MEMBERS}.`,
        hint: `Split the Mailbox servers over several DAGs of at most ${DAG_MAX_MEMBERS} members each.`,
        entityIds: [dag.id],
      });
    }
  },
};

const membersMailbox: Rule = {
  id: 'dag.members-mailbox',
  check(ctx, emit) {
    for (const dag of ctx.dags.values()) {
      const notMailbox = memberServers(ctx, dag).filter((s) => !ctx.hasRole(s, 'MB'));
      if (notMailbox.length === 0) continue;
      emit({
        message: `DAG ${dag.name}: ${names(notMailbox)} ${notMailbox.length === 1 ? 'does' : 'do'} not hold the Mailbox role; only Mailbox servers can be DAG members.`,
        hint: `Remove ${names(notMailbox)} from DAG ${dag.name}, or add the Mailbox role to ${notMailbox.length === 1 ? 'it' : 'them'}.`,
        entityIds: [dag.id, ...notMailbox.map((s) => s.id)],
      });
    }
    for (const [serverId, dags] of ctx.dagsByServer) {
      if (dags.length < 2) continue;
      const server = ctx.servers.get(serverId);
      if (!server) continue;
      emit({
        message: `${server.name} is a member of ${dags.length} DAGs (${names(dags)}); a server can be in only one DAG.`,
        hint: `Keep ${server.name} in one DAG and remove it from the others.`,
        entityIds: [server.id, ...dags.map((d) => d.id)],
      });
    }
  },
};

const windowsEdition: Rule = {
  id: 'dag.windows-edition',
  check(ctx, emit) {
    for (const dag of ctx.dags.values()) {
      const standard = memberServers(ctx, dag).filter((s) => s.os.edition === 'Standard' && CLUSTERING_NEEDS_ENTERPRISE.has(s.os.version));
      if (standard.length === 0) continue;
      const detail = standard.map((s) => `${s.name} (${WINDOWS_LABEL[s.os.version]} Standard)`).join(', ');
      emit({
        message: `DAG ${dag.name}: ${detail} cannot be ${standard.length === 1 ? 'a member' : 'members'}: the Standard edition of Windows Server 2008 / 2008 R2 has no failover clustering.`,
        hint: 'Install Windows Server Enterprise or Datacenter edition on these DAG members.',
        entityIds: [dag.id, ...standard.map((s) => s.id)],
      });
    }
  },
};

const notDc: Rule = {
  id: 'dag.not-dc',
  check(ctx, emit) {
    for (const dag of ctx.dags.values()) {
      const dcs = memberServers(ctx, dag).filter((s) => s.domainController);
      if (dcs.length === 0) continue;
      emit({
        message: `DAG ${dag.name}: ${names(dcs)} ${dcs.length === 1 ? 'is a domain controller' : 'are domain controllers'}; a domain controller cannot be a DAG member.`,
        hint: `Use Mailbox servers that are not domain controllers, or remove ${names(dcs)} from DAG ${dag.name}.`,
        entityIds: [dag.id, ...dcs.map((s) => s.id)],
      });
    }
  },
};

const witnessNotMember: Rule = {
  id: 'dag.witness-not-member',
  check(ctx, emit) {
    for (const dag of ctx.dags.values()) {
      if (dag.witnessServerId === null || !dag.memberIds.includes(dag.witnessServerId)) continue;
      const witness = ctx.servers.get(dag.witnessServerId);
      const name = witness ? witness.name : `"${dag.witnessServerId}"`;
      emit({
        message: `DAG ${dag.name}: the witness server ${name} is a member of the DAG itself.`,
        hint: `Choose a witness outside DAG ${dag.name}, preferably a Hub Transport server in site ${siteLabel(ctx, dag.siteId)}.`,
        entityIds: [dag.id, dag.witnessServerId],
      });
    }
  },
};

const witnessRecommended: Rule = {
  id: 'dag.witness-recommended',
  check(ctx, emit) {
    // Hub Transport servers per site and servers by FQDN, built once.
    const hubsBySite = new Map<string, Server[]>();
    const byFqdn = new Map<string, Server>();
    for (const server of ctx.servers.values()) {
      if (server.fqdn !== '') byFqdn.set(server.fqdn.toLowerCase(), server);
      if (!ctx.hasRole(server, 'HT')) continue;
      const list = hubsBySite.get(server.siteId);
      if (list) list.push(server);
      else hubsBySite.set(server.siteId, [server]);
    }
    for (const dag of ctx.dags.values()) {
      const site = siteLabel(ctx, dag.siteId);
      // A Hub Transport server of the DAG's site that is not one of its members (walks past members only).
      const members = new Set(dag.memberIds);
      const suggestion = (hubsBySite.get(dag.siteId) ?? []).find((s) => !members.has(s.id));
      const recommend = suggestion
        ? `Use a Hub Transport server of site ${site} as the witness, e.g. ${suggestion.name}.`
        : `Use a Hub Transport server of site ${site} as the witness (the site has none outside the DAG: add one).`;
      let witness: Server | undefined;
      if (dag.witnessServerId !== null) witness = ctx.servers.get(dag.witnessServerId);
      else if (dag.witnessHost !== '') witness = byFqdn.get(dag.witnessHost.toLowerCase());

      if (dag.witnessServerId === null && dag.witnessHost === '') {
        emit({
          message: `DAG ${dag.name} has no witness server.`,
          hint: recommend,
          entityIds: suggestion ? [dag.id, suggestion.id] : [dag.id],
        });
        continue;
      }
      if (!witness) {
        if (dag.witnessServerId !== null) continue; // a dangling reference: the loader reports it
        emit({
          message: `DAG ${dag.name} uses ${dag.witnessHost} as its witness, a server outside the design (not an Exchange server).`,
          hint: `${recommend} If you keep ${dag.witnessHost}, the runbook adds the Exchange Trusted Subsystem group to its local Administrators group.`,
          entityIds: suggestion ? [dag.id, suggestion.id] : [dag.id],
        });
        continue;
      }
      if (members.has(witness.id) || ctx.hasRole(witness, 'HT')) continue; // a member: dag.witness-not-member
      const exchange = witness.roles.length > 0;
      emit({
        message: exchange
          ? `DAG ${dag.name}'s witness ${witness.name} is not a Hub Transport server.`
          : `DAG ${dag.name}'s witness ${witness.name} is not an Exchange server.`,
        hint: exchange
          ? recommend
          : `${recommend} If you keep ${witness.name}, the runbook adds the Exchange Trusted Subsystem group to its local Administrators group.`,
        entityIds: suggestion ? [dag.id, witness.id, suggestion.id] : [dag.id, witness.id],
      });
    }
  },
};

const ipPerMapiSubnet: Rule = {
  id: 'dag.ip-per-mapi-subnet',
  check(ctx, emit) {
    for (const dag of ctx.dags.values()) {
      const members = memberServers(ctx, dag);
      // MAPI subnets used by the members, with the members using each.
      const mapi = new Map<string, Server[]>();
      for (const server of members) {
        for (const nic of server.nics) {
          if (nic.purpose !== 'mapi') continue;
          const list = mapi.get(nic.subnetId);
          if (!list) mapi.set(nic.subnetId, [server]);
          else if (!list.includes(server)) list.push(server);
        }
      }
      if (dag.ipAddresses.length === 0) {
        const subnets = [...mapi.keys()].map((id) => subnetLabel(ctx, id));
        emit({
          severity: 'warning',
          message: `DAG ${dag.name} has no IP addresses: Exchange 2010 then uses DHCP to give the DAG its cluster IP address.`,
          hint:
            subnets.length > 0
              ? `Add one static DAG IP address on each MAPI subnet its members use: ${subnets.join(', ')}.`
              : 'Add one static DAG IP address on each MAPI subnet its members use.',
          entityIds: [dag.id],
        });
        continue;
      }
      const replication = new Set(dag.replicationSubnetIds);
      const ipsBySubnet = new Map<string, string[]>();
      for (const address of dag.ipAddresses) {
        const list = ipsBySubnet.get(address.subnetId);
        if (list) list.push(address.ipv4);
        else ipsBySubnet.set(address.subnetId, [address.ipv4]);
      }
      for (const [subnetId, users] of mapi) {
        const ips = ipsBySubnet.get(subnetId) ?? [];
        if (ips.length === 1) continue;
        const ids = [dag.id, subnetId, ...users.map((s) => s.id)];
        if (ips.length === 0) {
          emit({
            message: `DAG ${dag.name} has no IP address on MAPI subnet ${subnetLabel(ctx, subnetId)}, which ${names(users)} ${users.length === 1 ? 'uses' : 'use'}.`,
            hint: `Add one DAG IP address from ${subnetLabel(ctx, subnetId)}.`,
            entityIds: ids,
          });
        } else {
          emit({
            message: `DAG ${dag.name} has ${ips.length} IP addresses on MAPI subnet ${subnetLabel(ctx, subnetId)} (${ips.join(', ')}); it needs exactly one per MAPI subnet.`,
            hint: `Keep one of ${ips.join(', ')} and remove the others.`,
            entityIds: ids,
          });
        }
      }
      for (const [subnetId, ips] of ipsBySubnet) {
        if (mapi.has(subnetId)) continue;
        const purpose = replication.has(subnetId) ? 'replication' : ctx.subnets.get(subnetId)?.purpose;
        const kind = purpose === 'mapi' ? undefined : purpose;
        emit({
          message: kind
            ? `DAG ${dag.name} has IP address ${ips.join(', ')} on ${kind} subnet ${subnetLabel(ctx, subnetId)}; DAG IP addresses belong on MAPI subnets only.`
            : `DAG ${dag.name} has IP address ${ips.join(', ')} on subnet ${subnetLabel(ctx, subnetId)}, which no member uses as its MAPI network.`,
          hint: `Remove ${ips.join(', ')}: give the DAG exactly one IP address on each MAPI subnet its members use.`,
          entityIds: [dag.id, subnetId],
        });
      }
    }
  },
};

const replicationNetwork: Rule = {
  id: 'dag.replication-network',
  check(ctx, emit) {
    for (const dag of ctx.dags.values()) {
      const without = memberServers(ctx, dag).filter((s) => !s.nics.some((n) => n.purpose === 'replication'));
      if (without.length === 0) continue;
      const detail = without.map((s) => (s.nics.length === 1 ? `${s.name} (single NIC)` : s.name)).join(', ');
      emit({
        message: `DAG ${dag.name}: ${detail} ${without.length === 1 ? 'has' : 'have'} no replication NIC, so there is no separate replication network.`,
        hint: 'Give each DAG member two NICs: one on the MAPI network and one on a separate replication subnet.',
        entityIds: [dag.id, ...without.map((s) => s.id)],
      });
    }
  },
};

const singleMember: Rule = {
  id: 'dag.single-member',
  check(ctx, emit) {
    for (const dag of ctx.dags.values()) {
      const members = memberServers(ctx, dag);
      if (members.length >= DAG_MIN_HA_MEMBERS) continue;
      emit({
        message:
          members.length === 1
            ? `DAG ${dag.name} has a single member (${members[0].name}): it gives no high availability.`
            : `DAG ${dag.name} has no members: it gives no high availability.`,
        hint: `Add a second Mailbox server to DAG ${dag.name} and put a copy of each database on it.`,
        entityIds: [dag.id, ...members.map((s) => s.id)],
      });
    }
  },
};

export const dagRules: readonly Rule[] = [
  maxMembers,
  membersMailbox,
  windowsEdition,
  notDc,
  witnessNotMember,
  witnessRecommended,
  ipPerMapiSubnet,
  replicationNetwork,
  singleMember,
];
