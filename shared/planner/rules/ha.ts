// High availability, the "four servers" rule: two load-balanced CAS servers and two Hub Transport servers in
// every site with mailboxes, Mailbox servers in a DAG with every database copied at least twice, and an
// explanation of the minimum server count (Windows NLB vs a hardware load balancer).
// ha.cas, ha.hub and ha.mailbox are HA-only (the engine reports them as info when the goal is off).
import type { Rule } from '../types';
import { MIN_HA_COPIES, MIN_HA_SERVERS, describeClientAccess, haAnalysis, listNames, plural, serverNames } from '../verdict';

/** Minimal HA with Windows NLB: two CAS+HT servers in the NLB cluster and two Mailbox servers in a DAG. */
export const MIN_HA_SERVERS_WITH_NLB = 4;
/** Minimal HA with a hardware load balancer: two multi-role servers (CAS+HT+MB) in a DAG. */
export const MIN_HA_SERVERS_WITH_HLB = 2;

const haCas: Rule = {
  id: 'ha.cas',
  check(ctx, emit) {
    for (const ca of haAnalysis(ctx).clientAccess) {
      if (ca.highlyAvailable || !ctx.design.servers.some((s) => s.siteId === ca.site.id && ctx.hasRole(s, 'MB'))) continue;
      const entityIds = [ca.site.id, ...ca.casServers.map((s) => s.id), ...(ca.array ? [ca.array.id] : []), ...(ca.balancer ? [ca.balancer.id] : [])];
      const detail = describeClientAccess(ca, false);
      let hint: string;
      if (ca.casServers.length < MIN_HA_SERVERS) {
        hint = `Add ${ca.casServers.length === 0 ? 'two Client Access servers' : 'a second Client Access server'} to site ${ca.site.name} and put both behind one load-balanced CAS array (a hardware load balancer, or Windows NLB on servers that are not DAG members).`;
      } else if (!ca.array) {
        hint = `Create a CAS array for site ${ca.site.name} and balance ${serverNames(ca.casServers)} behind it with a hardware load balancer or Windows NLB.`;
      } else if (!ca.balancer) {
        hint = `Attach a load balancer to CAS array ${ca.array.name}: a hardware load balancer, or a Windows NLB cluster of ${serverNames(ca.casServers)}.`;
      } else if (ca.nlbConflicts.length > 0) {
        hint = `Balance CAS array ${ca.array.name} with a hardware load balancer instead of Windows NLB, or move the Client Access role to servers outside the DAG.`;
      } else {
        const missing = ca.casServers.filter((s) => !ca.balanced.includes(s));
        hint = missing.length > 0 && ca.balanced.length + missing.length >= MIN_HA_SERVERS
          ? `Add ${serverNames(missing)} to ${ca.balancer.label}.`
          : `Put at least ${MIN_HA_SERVERS} Client Access servers of site ${ca.site.name} behind ${ca.balancer.label}.`;
      }
      emit({
        message: `Client Access in site ${ca.site.name} is not highly available: ${detail}. At least ${MIN_HA_SERVERS} Client Access servers behind one load-balanced CAS array are needed.`,
        hint,
        entityIds,
      });
    }
  },
};

const haHub: Rule = {
  id: 'ha.hub',
  check(ctx, emit) {
    for (const ht of haAnalysis(ctx).hubTransport) {
      if (ht.highlyAvailable || !ctx.design.servers.some((s) => s.siteId === ht.site.id && ctx.hasRole(s, 'MB'))) continue;
      const have = ht.hubServers.length === 0 ? 'has no Hub Transport server' : `has only one Hub Transport server (${ht.hubServers[0].name})`;
      emit({
        message: `Site ${ht.site.name} ${have}: mail flow for its mailboxes stops when it is down. At least ${MIN_HA_SERVERS} Hub Transport servers per site with mailboxes are needed.`,
        hint: `Add the Hub Transport role to ${ht.hubServers.length === 0 ? 'two servers' : 'a second server'} in site ${ht.site.name} (it can share a server with Client Access; a load balancer is not needed for Hub Transport).`,
        entityIds: [ht.site.id, ...ht.hubServers.map((s) => s.id)],
      });
    }
  },
};

const haMailbox: Rule = {
  id: 'ha.mailbox',
  check(ctx, emit) {
    const mb = haAnalysis(ctx).mailbox;
    if (mb.outsideDag.length > 0) {
      const n = mb.outsideDag.length;
      emit({
        message: `Mailbox ${n === 1 ? 'server' : 'servers'} ${serverNames(mb.outsideDag)} ${n === 1 ? 'is' : 'are'} in no DAG: ${n === 1 ? 'its' : 'their'} databases go offline when ${n === 1 ? 'it fails' : 'one fails'}.`,
        hint: `Add ${serverNames(mb.outsideDag)} to a DAG with at least ${MIN_HA_SERVERS} Mailbox servers (Windows Enterprise or Datacenter edition) and copy each database to a second member.`,
        entityIds: mb.outsideDag.map((s) => s.id),
      });
    }
    for (const d of mb.smallDags) {
      emit({
        message: `DAG ${d.dag.name} has ${plural(d.members.length, 'Mailbox member')} (${serverNames(d.members)}): a DAG needs at least ${MIN_HA_SERVERS} members to fail over.`,
        hint: `Add a second Mailbox server to ${d.dag.name}.`,
        entityIds: [d.dag.id, ...d.members.map((s) => s.id)],
      });
    }
    if (mb.shortDatabases.length > 0) {
      const list = listNames(mb.shortDatabases.map((s) => `${s.database.name} (${plural(s.copies, 'copy', 'copies')}, ${s.haCopies} non-lagged)`));
      emit({
        message: `${plural(mb.shortDatabases.length, 'database has', 'databases have')} fewer than ${MIN_HA_COPIES} non-lagged copies: ${list}.`,
        hint: `Add a copy of each on another member of its DAG so that it has at least ${MIN_HA_COPIES} non-lagged copies (a lagged copy never serves clients).`,
        entityIds: mb.shortDatabases.map((s) => s.database.id),
      });
    }
  },
};

const haMinimumServers: Rule = {
  id: 'ha.minimum-servers',
  check(ctx, emit) {
    if (!ctx.ha) return;
    const { verdict } = haAnalysis(ctx);
    const missing = (['CAS', 'HT', 'MB'] as const).filter((role) => !verdict[role].highlyAvailable);
    if (missing.length === 0) return;
    const exchangeServers = ctx.design.servers.filter((s) => s.roles.some((r) => r === 'CAS' || r === 'HT' || r === 'MB'));
    const usesNlb = ctx.design.nlbClusters.length > 0;
    const usesHlb = ctx.design.hardwareLoadBalancers.length > 0;
    const nlbText = `With Windows NLB, the minimum is ${MIN_HA_SERVERS_WITH_NLB} servers: 2 CAS+HT servers in the NLB cluster and 2 Mailbox servers in a DAG, because NLB and Windows Failover Clustering (which a DAG uses) cannot run on the same server.`;
    const hlbText = `With a hardware load balancer, ${MIN_HA_SERVERS_WITH_HLB} multi-role servers (CAS+HT+MB) in a DAG behind the load balancer suffice, with the file share witness on a third server (e.g. a file server).`;
    const explanation = usesNlb && !usesHlb ? nlbText : usesHlb && !usesNlb ? hlbText : `${nlbText} ${hlbText}`;
    const have = `This design has ${plural(exchangeServers.length, 'Exchange server')}${exchangeServers.length > 0 && exchangeServers.length <= 8 ? ` (${serverNames(exchangeServers)})` : ''}.`;
    const hint =
      usesNlb && !usesHlb
        ? `Keep CAS/HT and Mailbox on separate servers (${MIN_HA_SERVERS_WITH_NLB} in all), or replace Windows NLB by a hardware load balancer to run ${MIN_HA_SERVERS_WITH_HLB} multi-role servers.`
        : usesHlb && !usesNlb
          ? `Two multi-role servers in a DAG behind ${ctx.design.hardwareLoadBalancers[0].name} are enough; make sure every role has ${MIN_HA_SERVERS} servers.`
          : `Choose the load balancer first: a hardware load balancer allows ${MIN_HA_SERVERS_WITH_HLB} multi-role servers, Windows NLB needs ${MIN_HA_SERVERS_WITH_NLB}.`;
    emit({
      message: `Not highly available yet: ${missing.join(', ')}. ${explanation} ${have}`,
      hint,
      entityIds: missing.flatMap((role) => verdict[role].entityIds),
    });
  },
};

export const haRules: readonly Rule[] = [haCas, haHub, haMailbox, haMinimumServers];
