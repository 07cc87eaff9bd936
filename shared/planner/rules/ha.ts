// High availability, the "four servers" rule: two load-balanced CAS servers and two Hub Transport servers in
// every site with mailboxes, Mailbox servers in a DAG with every database copied at least twice, and an
// explanation of the minimum server count (Windows NLB vs a hardware load balancer).
// ha.cas, ha.hub and ha.mailbox are HA-only (the engine reports them as info when the goal is off).
//
// One cause, one finding: these rules leave to the more specific rule what it already reports (a site without
// any Client Access or Hub Transport server: role.*-in-site; several CAS servers without a load-balanced CAS
// array: casarray.no-lb; Windows NLB on DAG members: nlb.dag-conflict; a single-member DAG: dag.single-member;
// a single-copy database in a DAG: db.single-copy; a database without copies: db.copy-servers). The HA verdict
// still lists every reason.
import type { MailboxDatabase } from '../../model/types';
import { MIN_HA_COPIES, MIN_HA_SERVERS, MIN_HA_SERVERS_WITH_HLB, MIN_HA_SERVERS_WITH_NLB } from '../limits';
import { LISTED_NAMES_MAX, ROLE_LABELS, listNames, plural, serverName, serverNames } from '../text';
import type { Rule } from '../types';
import { HA_ROLES, haAnalysis, siteHasMailbox } from '../verdict';

const haCas: Rule = {
  id: 'ha.cas',
  check(ctx, emit) {
    for (const ca of haAnalysis(ctx).clientAccess) {
      if (ca.highlyAvailable || !siteHasMailbox(ctx, ca.site.id)) continue;
      if (ca.casServers.length === 0) continue; // role.cas-in-site
      if (ca.casServers.length >= MIN_HA_SERVERS && !ca.balancer) continue; // casarray.no-lb
      if (ca.nlbConflicts.length > 0) continue; // nlb.dag-conflict
      const entityIds = [ca.site.id, ...ca.casServers.map((s) => s.id), ...(ca.array ? [ca.array.id] : []), ...(ca.balancer ? [ca.balancer.id] : [])];
      const site = `AD site ${ca.site.name}`;
      let problem: string;
      let hint: string;
      if (ca.casServers.length < MIN_HA_SERVERS || !ca.balancer) {
        problem = `it has only one Client Access server (${serverName(ca.casServers[0])})`;
        hint = `Add a second Client Access server to ${site} and put both behind one load-balanced CAS array (a hardware load balancer, or a Windows NLB cluster on servers that are not DAG members).`;
      } else {
        const balanced = ca.balanced.length === 0 ? 'no Client Access server of the site' : `only ${serverNames(ca.balanced)}`;
        problem = `${ca.balancer.label}${ca.array ? ` (CAS array ${ca.array.name})` : ''} balances ${balanced}`;
        // The site has at least MIN_HA_SERVERS Client Access servers, so adding the others to the balancer is enough.
        const balancedIds = new Set(ca.balanced.map((s) => s.id));
        hint = `Add ${serverNames(ca.casServers.filter((s) => !balancedIds.has(s.id)))} to ${ca.balancer.label}.`;
      }
      emit({
        message: `Client Access in ${site} is not highly available: ${problem}. At least ${MIN_HA_SERVERS} Client Access servers behind one load-balanced CAS array are needed.`,
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
      if (ht.highlyAvailable || ht.hubServers.length === 0) continue; // none at all: role.hub-in-site
      if (!siteHasMailbox(ctx, ht.site.id)) continue;
      emit({
        message: `AD site ${ht.site.name} has only one Hub Transport server (${serverName(ht.hubServers[0])}): mail flow for its mailboxes stops when it is down. At least ${MIN_HA_SERVERS} Hub Transport servers per site with mailboxes are needed.`,
        hint: `Add the Hub Transport role to a second server in AD site ${ht.site.name} (it can share a server with Client Access; Hub Transport needs no load balancer).`,
        entityIds: [ht.site.id, ...ht.hubServers.map((s) => s.id)],
      });
    }
  },
};

const haMailbox: Rule = {
  id: 'ha.mailbox',
  check(ctx, emit) {
    const mb = haAnalysis(ctx).mailbox;
    const outside = new Set(mb.outsideDag.map((s) => s.id));
    if (mb.outsideDag.length > 0) {
      const n = mb.outsideDag.length;
      const dbs = new Set<MailboxDatabase>();
      for (const s of mb.outsideDag) for (const c of ctx.copiesByServer.get(s.id) ?? []) dbs.add(c.database);
      const names = [...dbs].map((db) => db.name);
      const what =
        names.length === 0
          ? `${n === 1 ? 'its' : 'their'} databases go`
          : `${names.length === 1 ? 'database' : 'databases'} ${listNames(names)} ${names.length === 1 ? 'goes' : 'go'}`;
      emit({
        message: `Mailbox ${n === 1 ? 'server' : 'servers'} ${serverNames(mb.outsideDag)} ${n === 1 ? 'is' : 'are'} in no DAG: ${what} offline when ${n === 1 ? 'it fails' : 'the server holding them fails'}.`,
        hint: `Add ${serverNames(mb.outsideDag)} to a DAG with at least ${MIN_HA_SERVERS} Mailbox servers (Windows Enterprise or Datacenter edition) and copy each database to a second member.`,
        entityIds: [...mb.outsideDag.map((s) => s.id), ...[...dbs].map((db) => db.id)],
      });
    }
    // Databases short of non-lagged copies that no other rule reports: in a DAG, short because of lagged copies.
    const short = mb.shortDatabases.filter(({ database: db }) => {
      if (db.copies.length === 0) return false; // db.copy-servers
      if (db.copies.every((c) => outside.has(c.serverId))) return false; // the server-outside-a-DAG finding above
      return !(db.copies.length === 1 && (ctx.dagsByServer.get(db.copies[0].serverId) ?? []).length > 0); // db.single-copy
    });
    if (short.length > 0) {
      const list = listNames(short.map((s) => `${s.database.name} (${plural(s.copies, 'copy', 'copies')}, ${s.haCopies} non-lagged)`));
      emit({
        message: `${plural(short.length, 'database has', 'databases have')} fewer than ${MIN_HA_COPIES} non-lagged copies: ${list}.`,
        hint: `Add a copy of each on another member of its DAG so that it has at least ${MIN_HA_COPIES} non-lagged copies (a lagged copy never serves clients).`,
        entityIds: short.map((s) => s.database.id),
      });
    }
  },
};

const haMinimumServers: Rule = {
  id: 'ha.minimum-servers',
  check(ctx, emit) {
    if (!ctx.ha) return;
    const { verdict } = haAnalysis(ctx);
    const missing = HA_ROLES.filter((role) => !verdict[role].highlyAvailable);
    if (missing.length === 0) return;
    const exchangeServers = ctx.design.servers.filter((s) => ctx.hasRole(s, 'CAS') || ctx.hasRole(s, 'HT') || ctx.hasRole(s, 'MB'));
    const usesNlb = ctx.design.nlbClusters.length > 0;
    const usesHlb = ctx.design.hardwareLoadBalancers.length > 0;
    const nlbText =
      `With Windows NLB, the minimum is ${MIN_HA_SERVERS_WITH_NLB} servers: ${MIN_HA_SERVERS} CAS+HT servers in the NLB cluster and ${MIN_HA_SERVERS} Mailbox servers in a DAG, ` +
      'because NLB and Windows Failover Clustering (which a DAG uses) cannot run on the same server.';
    const hlbText = `With a hardware load balancer, ${MIN_HA_SERVERS_WITH_HLB} multi-role servers (CAS+HT+MB) in a DAG behind the load balancer suffice, with the file share witness on a third server (e.g. a file server).`;
    const explanation = usesNlb && !usesHlb ? nlbText : usesHlb && !usesNlb ? hlbText : `${nlbText} ${hlbText}`;
    const listed = exchangeServers.length > 0 && exchangeServers.length <= LISTED_NAMES_MAX ? ` (${serverNames(exchangeServers)})` : '';
    const have = `This design has ${plural(exchangeServers.length, 'Exchange server')}${listed}.`;
    const hint =
      usesNlb && !usesHlb
        ? `Keep CAS/HT and Mailbox on separate servers (${MIN_HA_SERVERS_WITH_NLB} in all), or replace Windows NLB by a hardware load balancer to run ${MIN_HA_SERVERS_WITH_HLB} multi-role servers.`
        : usesHlb && !usesNlb
          ? `${MIN_HA_SERVERS_WITH_HLB} multi-role servers in a DAG behind hardware load balancer ${ctx.design.hardwareLoadBalancers[0].name} are enough; make sure every role has ${MIN_HA_SERVERS} servers.`
          : `Choose the load balancer first: a hardware load balancer allows ${MIN_HA_SERVERS_WITH_HLB} multi-role servers, Windows NLB needs ${MIN_HA_SERVERS_WITH_NLB}.`;
    emit({
      message: `Not highly available yet: ${listNames(missing.map((role) => ROLE_LABELS[role]))}. ${explanation} ${have}`,
      hint,
      entityIds: [...new Set(missing.flatMap((role) => verdict[role].entityIds))],
    });
  },
};

export const haRules: readonly Rule[] = [haCas, haHub, haMailbox, haMinimumServers];
