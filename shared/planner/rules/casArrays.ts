// Client Access and CAS arrays: one array per site, balanced CAS servers of the site, a distinct internal FQDN,
// load balancing for several CAS servers, and the notes about single nodes, mailbox moves and existing databases.
import type { CasArray, MailboxDatabase, Server } from '../../model/types';
import type { PlannerContext } from '../context';
import type { Rule } from '../types';
import { serverName, siteName } from './names';

/** At most one CAS array per AD site. */
export const MAX_CAS_ARRAYS_PER_SITE = 1;
/** A site with this many Client Access servers needs a load-balanced CAS array (casarray.no-lb). */
export const CAS_SERVERS_NEEDING_LB = 2;

/** The load balancer in front of a CAS array (NLB cluster or hardware), with its distinct member server ids. */
export interface ArrayBalancer {
  readonly kind: 'NLB cluster' | 'hardware load balancer';
  readonly id: string;
  /** "NLB cluster outlook.contoso.local" / "hardware load balancer F5-HQ". */
  readonly label: string;
  readonly memberIds: readonly string[];
}

export function balancersOf(ctx: PlannerContext, array: CasArray): ArrayBalancer[] {
  const list: ArrayBalancer[] = [];
  const nlb = array.nlbClusterId === null ? undefined : ctx.nlbClusters.get(array.nlbClusterId);
  if (nlb) list.push({ kind: 'NLB cluster', id: nlb.id, label: `NLB cluster ${nlb.fqdn}`, memberIds: [...new Set(nlb.members.map((m) => m.serverId))] });
  const hlb = array.hardwareLoadBalancerId === null ? undefined : ctx.hardwareLoadBalancers.get(array.hardwareLoadBalancerId);
  if (hlb) list.push({ kind: 'hardware load balancer', id: hlb.id, label: `hardware load balancer ${hlb.name}`, memberIds: [...new Set(hlb.memberIds)] });
  return list;
}

function arrayLabel(ctx: PlannerContext, array: CasArray): string {
  return `CAS array ${array.name} in site ${siteName(ctx, array.siteId)}`;
}

const onePerSiteRule: Rule = {
  id: 'casarray.one-per-site',
  check(ctx, emit) {
    for (const [siteId, arrays] of ctx.casArraysBySite) {
      if (arrays.length <= MAX_CAS_ARRAYS_PER_SITE) continue;
      const site = siteName(ctx, siteId);
      emit({
        message: `AD site ${site} has ${arrays.length} CAS arrays (${arrays.map((a) => a.name).join(', ')}); at most ${MAX_CAS_ARRAYS_PER_SITE} per site is allowed.`,
        hint: `Keep one CAS array in site ${site} and put all of the site's Client Access servers behind its load balancer; delete the others.`,
        entityIds: [siteId, ...arrays.map((a) => a.id)],
      });
    }
  },
};

const membersCasRule: Rule = {
  id: 'casarray.members-cas',
  check(ctx, emit) {
    for (const array of ctx.design.casArrays) {
      const site = siteName(ctx, array.siteId);
      for (const lb of balancersOf(ctx, array)) {
        const offenders: { id: string; text: string }[] = [];
        let missingRole = false;
        let otherSite = false;
        for (const id of lb.memberIds) {
          const server = ctx.servers.get(id);
          if (!server) {
            offenders.push({ id, text: `"${id}" (not a server of the design)` });
            continue;
          }
          const why: string[] = [];
          if (!ctx.hasRole(server, 'CAS')) {
            why.push('no Client Access role');
            missingRole = true;
          }
          if (server.siteId !== array.siteId) {
            why.push(`in site ${siteName(ctx, server.siteId)}, not ${site}`);
            otherSite = true;
          }
          if (why.length > 0) offenders.push({ id, text: `${serverName(server)} (${why.join('; ')})` });
        }
        if (offenders.length === 0) continue;
        const fixes = [`remove ${offenders.length > 1 ? 'them' : 'it'} from the ${lb.kind}`];
        if (missingRole) fixes.push('add the Client Access role');
        if (otherSite) fixes.push('give the other site its own CAS array and load balancer');
        emit({
          message: `${arrayLabel(ctx, array)}: its ${lb.label} balances ${offenders.map((o) => o.text).join(', ')}; a CAS array balances only Client Access servers of its own site.`,
          hint: `${fixes.join(', or ').replace(/^./, (c) => c.toUpperCase())}.`,
          entityIds: [array.id, lb.id, ...offenders.filter((o) => ctx.servers.has(o.id)).map((o) => o.id)],
        });
      }
    }
  },
};

const fqdnDistinctRule: Rule = {
  id: 'casarray.fqdn-distinct',
  check(ctx, emit) {
    const serversByFqdn = new Map<string, Server[]>();
    for (const server of ctx.design.servers) {
      if (server.fqdn === '') continue;
      const key = server.fqdn.toLowerCase();
      const list = serversByFqdn.get(key);
      if (list) list.push(server);
      else serversByFqdn.set(key, [server]);
    }
    for (const array of ctx.design.casArrays) {
      const servers = array.fqdn === '' ? undefined : serversByFqdn.get(array.fqdn.toLowerCase());
      if (!servers) continue;
      emit({
        message: `${arrayLabel(ctx, array)} has FQDN ${array.fqdn}, which is the FQDN of server ${servers.map(serverName).join(', ')}.`,
        hint: `Give the CAS array a name of its own (e.g. outlook.${ctx.design.organization.adDomain}) with a DNS record pointing at its load balancer's VIP.`,
        entityIds: [array.id, ...servers.map((s) => s.id)],
      });
    }
  },
};

const fqdnExternalRule: Rule = {
  id: 'casarray.fqdn-external',
  check(ctx, emit) {
    const external = new Set(ctx.design.organization.externalHostnames.map((h) => h.toLowerCase()));
    for (const array of ctx.design.casArrays) {
      if (!external.has(array.fqdn.toLowerCase())) continue;
      emit({
        message: `${arrayLabel(ctx, array)} uses ${array.fqdn}, which is also an external host name (OWA / Outlook Anywhere / Autodiscover).`,
        hint: `Use an internal-only name for the CAS array (e.g. outlook.${ctx.design.organization.adDomain}) that does not resolve from the Internet; keep ${array.fqdn} for the external services.`,
        entityIds: [array.id],
      });
    }
  },
};

const noLbRule: Rule = {
  id: 'casarray.no-lb',
  check(ctx, emit) {
    for (const [siteId, servers] of ctx.serversBySite) {
      const cas = servers.filter((s) => ctx.hasRole(s, 'CAS'));
      if (cas.length < CAS_SERVERS_NEEDING_LB) continue;
      const arrays = ctx.casArraysBySite.get(siteId) ?? [];
      if (arrays.some((a) => balancersOf(ctx, a).length > 0)) continue;
      const site = siteName(ctx, siteId);
      const casNames = cas.map(serverName).join(', ');
      emit({
        message:
          arrays.length === 0
            ? `AD site ${site} has ${cas.length} Client Access servers (${casNames}) but no CAS array: Outlook clients are pinned to one Client Access server, with no failover.`
            : `AD site ${site} has ${cas.length} Client Access servers (${casNames}) but CAS array ${arrays.map((a) => a.name).join(', ')} has no load balancer: Outlook clients get no failover.`,
        hint: `${arrays.length === 0 ? `Create a CAS array for site ${site}` : 'Put the CAS array'} behind a hardware load balancer (recommended) or a Windows NLB cluster balancing ${casNames}.`,
        entityIds: [siteId, ...arrays.map((a) => a.id), ...cas.map((s) => s.id)],
      });
    }
  },
};

const singleNodeRule: Rule = {
  id: 'casarray.single-node',
  check(ctx, emit) {
    for (const array of ctx.design.casArrays) {
      const balancers = balancersOf(ctx, array);
      const members = new Set(balancers.flatMap((b) => b.memberIds));
      let node: string | null = null;
      let where = '';
      if (balancers.length > 0 && members.size === 1) {
        node = [...members][0];
        where = `its ${balancers.map((b) => b.label).join(' and ')} has a single member`;
      } else {
        const cas = (ctx.serversBySite.get(array.siteId) ?? []).filter((s) => ctx.hasRole(s, 'CAS'));
        if (cas.length === 1) {
          node = cas[0].id;
          where = `site ${siteName(ctx, array.siteId)} has a single Client Access server`;
        }
      }
      if (node === null) continue;
      const server = ctx.servers.get(node);
      const name = server ? serverName(server) : node;
      emit({
        message: `${arrayLabel(ctx, array)} has one node: ${where} (${name}). That is fine and recommended early on: Outlook profiles already point at ${array.fqdn}.`,
        hint: `Nothing to change now. Scale out later by adding Client Access servers ${balancers.length > 0 ? `to its ${balancers[0].label}` : 'behind a load balancer for the array'}, without touching Outlook profiles.`,
        entityIds: server ? [array.id, server.id] : [array.id],
      });
    }
  },
};

const beforeMigrationRule: Rule = {
  id: 'casarray.before-migration',
  check(ctx, emit) {
    for (const array of ctx.design.casArrays) {
      emit({
        message: `Create CAS array ${array.name} (${array.fqdn}) in site ${siteName(ctx, array.siteId)} before moving any mailboxes: Outlook profiles created earlier point at an individual Client Access server and do not switch to the array by themselves.`,
        hint: `Keep the runbook's order: the CAS array and its DNS record for ${array.fqdn} come before mailbox moves.`,
        entityIds: [array.id],
      });
    }
  },
};

const existingDbsRule: Rule = {
  id: 'casarray.existing-dbs',
  check(ctx, emit) {
    // An existing database belongs to the site of its preferred copy (lowest activation preference): that site's
    // CAS array is what its RpcClientAccessServer must point at.
    const dbsBySite = new Map<string, MailboxDatabase[]>();
    for (const db of ctx.design.databases) {
      if (!db.existing || db.copies.length === 0) continue;
      let preferred = db.copies[0];
      for (const c of db.copies) if (c.activationPreference < preferred.activationPreference) preferred = c;
      const server = ctx.servers.get(preferred.serverId);
      if (!server) continue;
      const list = dbsBySite.get(server.siteId);
      if (list) list.push(db);
      else dbsBySite.set(server.siteId, [db]);
    }
    for (const array of ctx.design.casArrays) {
      const dbs = dbsBySite.get(array.siteId);
      if (!dbs) continue;
      const names = dbs.map((d) => `"${d.name}"`).join(', ');
      emit({
        message:
          dbs.length === 1
            ? `${arrayLabel(ctx, array)}: existing database ${names} keeps its old RpcClientAccessServer until it is updated, so Outlook clients of its mailboxes bypass the array.`
            : `${arrayLabel(ctx, array)}: ${dbs.length} existing databases (${names}) keep their old RpcClientAccessServer until they are updated, so Outlook clients of their mailboxes bypass the array.`,
        hint: `The runbook repoints ${dbs.length === 1 ? 'it' : 'each of them'} after the array exists: Set-MailboxDatabase -Identity ${dbs.length === 1 ? names : '<database>'} -RpcClientAccessServer ${array.fqdn}.`,
        entityIds: [array.id, ...dbs.map((d) => d.id)],
      });
    }
  },
};

export const casArrayRules: readonly Rule[] = [
  onePerSiteRule,
  membersCasRule,
  fqdnDistinctRule,
  fqdnExternalRule,
  noLbRule,
  singleNodeRule,
  beforeMigrationRule,
  existingDbsRule,
];
