// Database availability group rules (catalogue section "Database availability groups"): size, membership,
// Windows edition, witness, DAG IP addresses and networks.
import type { Server } from '../../model/types';
import { isExchangeServer, push, witnessOf } from '../context';
import { CLUSTERING_NEEDS_ENTERPRISE, DAG_MAX_MEMBERS, MIN_HA_SERVERS } from '../limits';
import { WINDOWS_LABELS, listNames, listOf, serverName, serverNames, siteName, subnetName } from '../text';
import type { Rule } from '../types';

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
      const notMailbox = (ctx.dagMembers.get(dag.id) ?? []).filter((s) => !ctx.hasRole(s, 'MB'));
      if (notMailbox.length === 0) continue;
      emit({
        message: `DAG ${dag.name}: ${serverNames(notMailbox)} ${notMailbox.length === 1 ? 'does' : 'do'} not hold the Mailbox role; only Mailbox servers can be DAG members.`,
        hint: `Remove ${serverNames(notMailbox)} from DAG ${dag.name}, or add the Mailbox role to ${notMailbox.length === 1 ? 'it' : 'them'}.`,
        entityIds: [dag.id, ...notMailbox.map((s) => s.id)],
      });
    }
    for (const [serverId, dags] of ctx.dagsByServer) {
      if (dags.length < 2) continue;
      const server = ctx.servers.get(serverId);
      if (!server) continue;
      emit({
        message: `Server ${serverName(server)} is a member of ${dags.length} DAGs (${listNames(dags.map((d) => d.name))}); a server can be in only one DAG.`,
        hint: `Keep ${serverName(server)} in one DAG and remove it from the others.`,
        entityIds: [server.id, ...dags.map((d) => d.id)],
      });
    }
  },
};

const windowsEdition: Rule = {
  id: 'dag.windows-edition',
  check(ctx, emit) {
    for (const dag of ctx.dags.values()) {
      const standard = (ctx.dagMembers.get(dag.id) ?? []).filter((s) => s.os.edition === 'Standard' && CLUSTERING_NEEDS_ENTERPRISE.has(s.os.version));
      if (standard.length === 0) continue;
      const detail = listOf(standard, (s) => `${serverName(s)} (${WINDOWS_LABELS[s.os.version]} Standard)`);
      emit({
        message: `DAG ${dag.name}: ${detail} cannot be ${standard.length === 1 ? 'a member' : 'members'}: the Standard edition of Windows Server 2008 / 2008 R2 has no failover clustering.`,
        hint: 'Install Windows Server Enterprise or Datacenter edition on these DAG members.',
        entityIds: [dag.id, ...standard.map((s) => s.id)],
      });
    }
  },
};

const sameOs: Rule = {
  id: 'dag.same-os',
  check(ctx, emit) {
    for (const dag of ctx.dags.values()) {
      const byVersion = new Map<string, Server[]>();
      for (const s of ctx.dagMembers.get(dag.id) ?? []) push(byVersion, s.os.version, s);
      if (byVersion.size < 2) continue;
      const detail = listOf([...byVersion], ([, servers]) => `${WINDOWS_LABELS[servers[0].os.version]} on ${serverNames(servers)}`);
      // The most common version is the one to keep.
      const keep = [...byVersion.values()].reduce((a, b) => (b.length > a.length ? b : a));
      emit({
        message: `DAG ${dag.name} mixes Windows versions (${detail}); every member of a DAG must run the same operating system (the failover cluster underneath cannot mix them).`,
        hint: `Install every member of DAG ${dag.name} on one Windows version, e.g. ${WINDOWS_LABELS[keep[0].os.version]} like ${serverNames(keep)}.`,
        entityIds: [dag.id, ...[...byVersion.values()].flat().map((s) => s.id)],
      });
    }
  },
};

const notDc: Rule = {
  id: 'dag.not-dc',
  check(ctx, emit) {
    for (const dag of ctx.dags.values()) {
      const dcs = (ctx.dagMembers.get(dag.id) ?? []).filter((s) => s.domainController);
      if (dcs.length === 0) continue;
      emit({
        message: `DAG ${dag.name}: ${serverNames(dcs)} ${dcs.length === 1 ? 'is a domain controller' : 'are domain controllers'}; a domain controller cannot be a DAG member.`,
        hint: `Use Mailbox servers that are not domain controllers, or remove ${serverNames(dcs)} from DAG ${dag.name}.`,
        entityIds: [dag.id, ...dcs.map((s) => s.id)],
      });
    }
  },
};

const witnessNotMember: Rule = {
  id: 'dag.witness-not-member',
  check(ctx, emit) {
    for (const dag of ctx.dags.values()) {
      const witness = witnessOf(ctx, dag);
      if (witness.kind !== 'server' || !(ctx.dagMembers.get(dag.id) ?? []).includes(witness.server)) continue;
      emit({
        message: `DAG ${dag.name}: the witness server ${serverName(witness.server)} is a member of the DAG itself.`,
        hint: `Choose a witness outside DAG ${dag.name}, preferably a Hub Transport server in AD site ${siteName(ctx, dag.siteId)}.`,
        entityIds: [dag.id, witness.server.id],
      });
    }
  },
};

const ETS_STEP = 'the runbook adds the Exchange Trusted Subsystem group to its local Administrators group';

const witnessRecommended: Rule = {
  id: 'dag.witness-recommended',
  check(ctx, emit) {
    // Hub Transport servers per site, built once.
    const hubsBySite = new Map<string, Server[]>();
    for (const server of ctx.servers.values()) if (ctx.hasRole(server, 'HT')) push(hubsBySite, server.siteId, server);
    for (const dag of ctx.dags.values()) {
      const witness = witnessOf(ctx, dag);
      if (witness.kind === 'dangling') continue;
      const members = ctx.dagMembers.get(dag.id) ?? [];
      let problem: string;
      let keep = '';
      if (witness.kind === 'none') {
        problem = `DAG ${dag.name} has no witness server.`;
      } else if (witness.kind === 'external') {
        problem = `DAG ${dag.name} uses ${witness.host} as its witness, a server outside the design (not an Exchange server).`;
        keep = ` If you keep ${witness.host}, ${ETS_STEP}.`;
      } else {
        const server = witness.server;
        const name = serverName(server);
        // A member is dag.witness-not-member's business; any Exchange server outside the DAG (other than Edge)
        // already has Exchange Trusted Subsystem among its local Administrators.
        if (members.includes(server)) continue;
        if (isExchangeServer(server) && !server.roles.every((r) => r === 'Edge')) continue;
        if (isExchangeServer(server)) {
          problem = `DAG ${dag.name}'s witness ${name} is an Edge Transport server: it sits in the perimeter network outside the domain, so the DAG cannot use a file share on it.`;
        } else if (server.domainController) {
          problem = `DAG ${dag.name}'s witness ${name} is a domain controller, not an Exchange server.`;
          keep = ` A domain controller has no local Administrators group: Exchange Trusted Subsystem would have to join the domain's Administrators group, which is not recommended.`;
        } else {
          problem = `DAG ${dag.name}'s witness ${name} is not an Exchange server.`;
          keep = ` If you keep ${name}, ${ETS_STEP}.`;
        }
      }
      // A Hub Transport server of the DAG's site that is not one of its members (walks past members only).
      const site = siteName(ctx, dag.siteId);
      const suggestion = (hubsBySite.get(dag.siteId) ?? []).find((s) => !members.includes(s));
      let hint: string;
      if (suggestion) hint = `Use a Hub Transport server of AD site ${site} as the witness, e.g. ${serverName(suggestion)}.${keep}`;
      else if (witness.kind === 'external' || (witness.kind === 'server' && !witness.server.domainController && !isExchangeServer(witness.server))) {
        // The two-multi-role-server design: every Hub Transport server is a member, so a file server is the usual witness.
        hint = `AD site ${site} has no Hub Transport server outside DAG ${dag.name}, so a file server is the usual witness: keep it, or add a Hub Transport server to the site and use that.${keep}`;
      } else {
        hint = `Use a Hub Transport server of AD site ${site} outside the DAG as the witness (the site has none: add one), or a file server.${keep}`;
      }
      emit({
        message: problem,
        hint,
        entityIds: [dag.id, ...(witness.kind === 'server' ? [witness.server.id] : []), ...(suggestion ? [suggestion.id] : [])],
      });
    }
  },
};

const ipPerMapiSubnet: Rule = {
  id: 'dag.ip-per-mapi-subnet',
  check(ctx, emit) {
    for (const dag of ctx.dags.values()) {
      const members = ctx.dagMembers.get(dag.id) ?? [];
      // MAPI subnets used by the members, with the members using each: the subnets the members' NICs are on whose
      // purpose is MAPI and that the DAG does not use for replication (the subnet decides, not a NIC's label).
      const replicationIds = new Set(dag.replicationSubnetIds);
      const mapi = new Map<string, Server[]>();
      for (const server of members) {
        for (const nic of server.nics) {
          if (ctx.subnets.get(nic.subnetId)?.purpose !== 'mapi' || replicationIds.has(nic.subnetId)) continue;
          const list = mapi.get(nic.subnetId);
          if (!list) mapi.set(nic.subnetId, [server]);
          else if (list[list.length - 1] !== server) list.push(server); // servers come one after another
        }
      }
      if (dag.ipAddresses.length === 0) {
        const subnets = [...mapi.keys()].map((id) => subnetName(ctx, id));
        emit({
          severity: 'warning',
          message: `DAG ${dag.name} has no IP addresses: Exchange 2010 then uses DHCP to give the DAG its cluster IP address.`,
          hint:
            subnets.length > 0
              ? `Add one static DAG IP address on each MAPI subnet its members use: ${listNames(subnets)}.`
              : 'Add one static DAG IP address on each MAPI subnet its members use.',
          entityIds: [dag.id],
        });
        continue;
      }
      const replication = new Set(dag.replicationSubnetIds);
      const ipsBySubnet = new Map<string, string[]>();
      for (const address of dag.ipAddresses) {
        push(ipsBySubnet, address.subnetId, address.ipv4);
      }
      for (const [subnetId, users] of mapi) {
        const ips = ipsBySubnet.get(subnetId) ?? [];
        if (ips.length === 1) continue;
        const ids = [dag.id, subnetId, ...users.map((s) => s.id)];
        if (ips.length === 0) {
          emit({
            message: `DAG ${dag.name} has no IP address on MAPI subnet ${subnetName(ctx, subnetId)}, which ${serverNames(users)} ${users.length === 1 ? 'uses' : 'use'}.`,
            hint: `Add one DAG IP address from ${subnetName(ctx, subnetId)}.`,
            entityIds: ids,
          });
        } else {
          emit({
            message: `DAG ${dag.name} has ${ips.length} IP addresses on MAPI subnet ${subnetName(ctx, subnetId)} (${listNames(ips)}); it needs exactly one per MAPI subnet.`,
            hint: `Keep one of ${listNames(ips)} and remove the others.`,
            entityIds: ids,
          });
        }
      }
      for (const [subnetId, ips] of ipsBySubnet) {
        if (mapi.has(subnetId)) continue;
        const purpose = replication.has(subnetId) ? 'replication' : ctx.subnets.get(subnetId)?.purpose;
        const kind = purpose === 'mapi' ? undefined : purpose;
        if (kind) {
          emit({
            message: `DAG ${dag.name} has IP address ${listNames(ips)} on ${kind} subnet ${subnetName(ctx, subnetId)}; DAG IP addresses belong on MAPI subnets only.`,
            hint: `Remove ${listNames(ips)}: give the DAG exactly one IP address on each MAPI subnet its members use.`,
            entityIds: [dag.id, subnetId],
          });
        } else {
          // The catalogue is silent on a MAPI subnet no member uses yet: Exchange leaves that address unused (a
          // pre-staged disaster-recovery subnet is the usual reason), so this is worth a warning, not a refusal.
          emit({
            severity: 'warning',
            message: `DAG ${dag.name} has IP address ${listNames(ips)} on MAPI subnet ${subnetName(ctx, subnetId)}, which no member uses yet; Exchange leaves it unused until a member has a NIC there.`,
            hint: `Keep it if the subnet is pre-staged for a member to come (e.g. a disaster-recovery site); otherwise remove ${listNames(ips)}.`,
            entityIds: [dag.id, subnetId],
          });
        }
      }
    }
  },
};

const replicationNetwork: Rule = {
  id: 'dag.replication-network',
  check(ctx, emit) {
    for (const dag of ctx.dags.values()) {
      const without = (ctx.dagMembers.get(dag.id) ?? []).filter((s) => !s.nics.some((n) => n.purpose === 'replication'));
      if (without.length === 0) continue;
      const detail = listOf(without, (s) => (s.nics.length === 1 ? `${serverName(s)} (single NIC)` : serverName(s)));
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
      const members = ctx.dagMembers.get(dag.id) ?? [];
      if (members.length >= MIN_HA_SERVERS) continue;
      emit({
        message:
          members.length === 1
            ? `DAG ${dag.name} has a single member (${serverName(members[0])}): it gives no high availability.`
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
  sameOs,
  notDc,
  witnessNotMember,
  witnessRecommended,
  ipPerMapiSubnet,
  replicationNetwork,
  singleMember,
];
