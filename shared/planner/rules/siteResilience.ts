// DAGs stretched over two or more AD sites (datacenters): Datacenter Activation Coordination, where the witness
// and the alternate witness are, and a replication network in every datacenter. The quorum arithmetic of each
// failure case is ../resilience.ts (shown in the HA verdict).
//
// Sources (Exchange 2010 documentation):
// - HASR, "Planning for High Availability and Site Resilience" (dd638104, v=exchg.141): the witness server cannot be
//   a member of the DAG; in a DAG extended to a second datacenter the witness stays in the primary datacenter and the
//   alternate witness is in the second datacenter; a DAG has one MAPI network and optional replication networks.
// - DAC, "Understanding Datacenter Activation Coordination Mode": DAC mode is for DAGs of more than two members
//   extended across AD sites (SP1 also allows two-member DAGs); without it Restore-DatabaseAvailabilityGroup cannot
//   be used and a recovered primary datacenter can mount databases already active elsewhere (split brain).
// - SWITCHOVER, "Datacenter Switchovers": Stop-DatabaseAvailabilityGroup / Restore-DatabaseAvailabilityGroup
//   -AlternateWitnessServer, and DNS / RpcClientAccessServer changes for clients.
import type { PlannerContext, WitnessRef } from '../context';
import { isExchangeServer, witnessLabel, witnessOf } from '../context';
import { DAC_REQUIRED_ABOVE_MEMBERS } from '../limits';
import { stretchedDags } from '../resilience';
import type { StretchedDag } from '../resilience';
import { listNames, serverName, serverNames, siteName } from '../text';
import type { Rule } from '../types';

function siteList(ctx: PlannerContext, s: StretchedDag): string {
  return listNames([...s.bySite.keys()].map((id) => siteName(ctx, id)));
}

const dacMode: Rule = {
  id: 'dag.dac-mode',
  check(ctx, emit) {
    for (const s of stretchedDags(ctx)) {
      if (s.dacOn || s.members.length <= DAC_REQUIRED_ABOVE_MEMBERS) continue;
      emit({
        message: `DAG ${s.dag.name} has ${s.members.length} members in AD sites ${siteList(ctx, s)} and Datacenter Activation Coordination mode is off: a datacenter switchover (Restore-DatabaseAvailabilityGroup) is not possible, and a primary datacenter that comes back can mount databases already active in the other one (split brain).`,
        hint: `Turn on Datacenter Activation Coordination for DAG ${s.dag.name} in the design; after the members are added, run Set-DatabaseAvailabilityGroup -Identity ${s.dag.name} -DatacenterActivationMode DagOnly.`,
        entityIds: [s.dag.id],
      });
    }
  },
};

const witnessSite: Rule = {
  id: 'dag.witness-site',
  check(ctx, emit) {
    for (const dag of ctx.dags.values()) {
      const members = ctx.dagMembers.get(dag.id) ?? [];
      const stretched = stretchedDags(ctx).find((s) => s.dag === dag);
      const primary = stretched ? stretched.primarySiteId : dag.siteId;
      const witness = witnessOf(ctx, dag);
      if (witness.kind !== 'server') continue;
      const server = witness.server;
      if (members.includes(server) || server.siteId === primary) continue; // a member: dag.witness-not-member
      emit({
        message: `DAG ${dag.name}'s witness ${serverName(server)} is in AD site ${siteName(ctx, server.siteId)}, not in its primary datacenter ${siteName(ctx, primary)}: when the link between the sites fails, the members of ${siteName(ctx, primary)} lose the witness's vote.`,
        hint: `Use a server of AD site ${siteName(ctx, primary)} outside the DAG (a Hub Transport server is recommended) as the witness${stretched ? `, and put the alternate witness in ${listNames(stretched.secondSiteIds.map((id) => siteName(ctx, id)))}` : ''}.`,
        entityIds: [dag.id, server.id],
      });
    }
  },
};

/** Why a witness host cannot serve (Edge, a domain controller, not in the design), or null when it is a usable server. */
function alternateProblem(w: WitnessRef): string | null {
  if (w.kind !== 'server') return null;
  const server = w.server;
  if (isExchangeServer(server) && server.roles.every((r) => r === 'Edge')) return `${serverName(server)} is an Edge Transport server in the perimeter network, outside the domain`;
  if (server.domainController) {
    return `${serverName(server)} is a domain controller: it has no local Administrators group, so the Exchange Trusted Subsystem group would have to be in Domain Admins (not recommended)`;
  }
  return null;
}

const alternateWitness: Rule = {
  id: 'dag.alternate-witness',
  check(ctx, emit) {
    for (const s of stretchedDags(ctx)) {
      const name = s.dag.name;
      const second = listNames(s.secondSiteIds.map((id) => siteName(ctx, id)));
      if (s.alternate.kind === 'none') {
        emit({
          message: `DAG ${name} spans AD sites ${siteList(ctx, s)} but has no alternate witness: a datacenter switchover to ${second} must name one then, under pressure.`,
          hint: `Set an alternate witness server and directory in ${second} (a Hub Transport server outside the DAG is recommended): then run Set-DatabaseAvailabilityGroup -Identity ${name} -AlternateWitnessServer <server> -AlternateWitnessDirectory <directory>.`,
          entityIds: [s.dag.id],
        });
        continue;
      }
      if (s.alternate.kind !== 'server') continue; // external hosts cannot be placed; dangling ids: dag.alternate-witness-not-member
      const alt = s.alternate.server;
      if (s.members.includes(alt)) continue; // dag.alternate-witness-not-member
      const problems: string[] = [];
      if (s.witness.kind === 'server' && s.witness.server === alt) problems.push(`it is also the witness`);
      if (!s.secondSiteIds.includes(alt.siteId)) problems.push(`it is in AD site ${siteName(ctx, alt.siteId)}, not in the second datacenter ${second}`);
      const other = alternateProblem(s.alternate);
      if (other) problems.push(other);
      if (problems.length === 0) continue;
      emit({
        message: `DAG ${name}'s alternate witness ${witnessLabel(s.alternate)}: ${problems.join('; ')}. The alternate witness takes over after the primary datacenter ${siteName(ctx, s.primarySiteId)} is lost, so it belongs in ${second}.`,
        hint: `Choose a server of ${second} outside DAG ${name} (a Hub Transport server is recommended) as the alternate witness.`,
        entityIds: [s.dag.id, alt.id],
      });
    }
  },
};

const alternateNotMember: Rule = {
  id: 'dag.alternate-witness-not-member',
  check(ctx, emit) {
    for (const dag of ctx.dags.values()) {
      const id = dag.alternateWitnessServerId;
      if (id === null || id === undefined) continue;
      const server = ctx.servers.get(id);
      if (!server) {
        emit({
          message: `DAG ${dag.name}'s alternate witness is "${id}", which is not a server of the design.`,
          hint: 'Choose a server of the design as the alternate witness, or clear the field and enter a host name outside the design.',
          entityIds: [dag.id],
        });
        continue;
      }
      if (!(ctx.dagMembers.get(dag.id) ?? []).includes(server)) continue;
      emit({
        message: `DAG ${dag.name}: the alternate witness ${serverName(server)} is a member of the DAG itself; a witness (alternate or not) cannot be a DAG member.`,
        hint: `Choose a server outside DAG ${dag.name} in its second datacenter, preferably a Hub Transport server.`,
        entityIds: [dag.id, server.id],
      });
    }
  },
};

const siteNetworks: Rule = {
  id: 'dag.site-networks',
  check(ctx, emit) {
    for (const s of stretchedDags(ctx)) {
      const replication = new Set(s.dag.replicationSubnetIds);
      if (replication.size === 0) continue; // no replication network at all: dag.replication-network
      const sitesWithout: string[] = [];
      const servers = [];
      for (const [siteId, members] of s.bySite) {
        const has = members.some((m) => m.nics.some((n) => replication.has(n.subnetId)));
        if (has) continue;
        sitesWithout.push(siteId);
        servers.push(...members);
      }
      if (sitesWithout.length === 0) continue;
      const names = listNames(sitesWithout.map((id) => siteName(ctx, id)));
      emit({
        message: `DAG ${s.dag.name} replicates over its own replication network, but its members in AD site ${names} (${serverNames(servers)}) have no NIC on one of its replication subnets: their log shipping runs over the MAPI network.`,
        hint: `Add a replication subnet in ${names}, give ${serverNames(servers)} a NIC on it, and add it to DAG ${s.dag.name}'s replication networks (one DAG network spans the replication subnets of both datacenters).`,
        entityIds: [s.dag.id, ...sitesWithout, ...servers.map((m) => m.id)],
      });
    }
  },
};

export const siteResilienceRules: readonly Rule[] = [dacMode, witnessSite, alternateWitness, alternateNotMember, siteNetworks];
