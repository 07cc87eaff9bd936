// Client Access and CAS arrays: one array per site, balanced CAS servers of the site, a distinct internal FQDN,
// load balancing for several CAS servers, and the notes about single nodes, mailbox moves and existing databases.
import type { CasArray, MailboxDatabase } from '../../model/types';
import { arrayBalancers, push } from '../context';
import type { PlannerContext } from '../context';
import { MAX_CAS_ARRAYS_PER_SITE, MIN_HA_SERVERS } from '../limits';
import { listNames, listOf, serverName, serverNameById, serverNames, siteName } from '../text';
import type { Rule } from '../types';

function arrayLabel(ctx: PlannerContext, array: CasArray): string {
  return `CAS array ${array.name} in AD site ${siteName(ctx, array.siteId)}`;
}

const onePerSiteRule: Rule = {
  id: 'casarray.one-per-site',
  check(ctx, emit) {
    for (const [siteId, arrays] of ctx.casArraysBySite) {
      if (arrays.length <= MAX_CAS_ARRAYS_PER_SITE) continue;
      const site = siteName(ctx, siteId);
      emit({
        message: `AD site ${site} has ${arrays.length} CAS arrays (${listNames(arrays.map((a) => a.name))}); at most ${MAX_CAS_ARRAYS_PER_SITE} per site is allowed.`,
        hint: `Keep one CAS array in AD site ${site} and put all of the site's Client Access servers behind its load balancer; delete the others.`,
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
      for (const lb of arrayBalancers(ctx, array)) {
        const offenders: { id: string; text: string }[] = [];
        let missingRole = false;
        let otherSite = false;
        for (const id of lb.memberIds) {
          const server = ctx.servers.get(id);
          if (!server) {
            // A hardware load balancer's members are checked by hlb.members-cas (role and existence).
            if (lb.kind === 'nlb') offenders.push({ id, text: `"${id}" (not a server of the design)` });
            continue;
          }
          const why: string[] = [];
          if (lb.kind === 'nlb' && !ctx.hasRole(server, 'CAS')) {
            why.push('no Client Access role');
            missingRole = true;
          }
          if (server.siteId !== array.siteId) {
            why.push(`in AD site ${siteName(ctx, server.siteId)}, not ${site}`);
            otherSite = true;
          }
          if (why.length > 0) offenders.push({ id, text: `${serverName(server)} (${why.join('; ')})` });
        }
        if (offenders.length === 0) continue;
        const fixes = [`remove ${offenders.length > 1 ? 'them' : 'it'} from the ${lb.kind === 'nlb' ? 'NLB cluster' : 'hardware load balancer'}`];
        if (missingRole) fixes.push('add the Client Access role');
        if (otherSite) fixes.push('give the other site its own CAS array and load balancer');
        emit({
          message: `${arrayLabel(ctx, array)}: its ${lb.label} balances ${listOf(offenders, (o) => o.text)}; a CAS array balances only Client Access servers of its own site.`,
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
    for (const array of ctx.design.casArrays) {
      const servers = array.fqdn === '' ? undefined : ctx.serversByFqdn.get(array.fqdn.toLowerCase());
      if (!servers) continue;
      emit({
        message: `${arrayLabel(ctx, array)} has FQDN ${array.fqdn}, which is the FQDN of server ${serverNames(servers)}.`,
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
      if (cas.length < MIN_HA_SERVERS) continue;
      const arrays = ctx.casArraysBySite.get(siteId) ?? [];
      if (arrays.some((a) => arrayBalancers(ctx, a).length > 0)) continue;
      const site = siteName(ctx, siteId);
      const casNames = serverNames(cas);
      emit({
        message:
          arrays.length === 0
            ? `AD site ${site} has ${cas.length} Client Access servers (${casNames}) but no CAS array: Outlook clients are pinned to one Client Access server, with no failover.`
            : `AD site ${site} has ${cas.length} Client Access servers (${casNames}) but CAS array ${listNames(arrays.map((a) => a.name))} has no load balancer: Outlook clients get no failover.`,
        hint: `${arrays.length === 0 ? `Create a CAS array for AD site ${site}` : 'Put the CAS array'} behind a hardware load balancer (recommended) or a Windows NLB cluster balancing ${casNames}.`,
        entityIds: [siteId, ...arrays.map((a) => a.id), ...cas.map((s) => s.id)],
      });
    }
  },
};

const singleNodeRule: Rule = {
  id: 'casarray.single-node',
  check(ctx, emit) {
    for (const array of ctx.design.casArrays) {
      const balancers = arrayBalancers(ctx, array);
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
          where = `AD site ${siteName(ctx, array.siteId)} has a single Client Access server`;
        }
      }
      if (node === null) continue;
      const server = ctx.servers.get(node);
      const name = serverNameById(ctx, node);
      emit({
        message: `${arrayLabel(ctx, array)} has one node: ${where} (${name}). That is fine and recommended early on: Outlook profiles already point at ${array.fqdn}.`,
        hint: `${ctx.ha ? 'For high availability (the design\'s goal), add' : 'Nothing to change now. Scale out later by adding'} Client Access servers ${balancers.length > 0 ? `to its ${balancers[0].label}` : 'behind a load balancer for the array'}, without touching Outlook profiles.`,
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
        message: `Create CAS array ${array.name} (${array.fqdn}) in AD site ${siteName(ctx, array.siteId)} before moving any mailboxes: Outlook profiles created earlier point at an individual Client Access server and do not switch to the array by themselves.`,
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
      push(dbsBySite, server.siteId, db);
    }
    for (const array of ctx.design.casArrays) {
      const dbs = dbsBySite.get(array.siteId);
      if (!dbs) continue;
      const names = listOf(dbs, (d) => d.name);
      emit({
        message:
          dbs.length === 1
            ? `${arrayLabel(ctx, array)}: existing database ${names} keeps its old RpcClientAccessServer until it is updated, so Outlook clients of its mailboxes bypass the array.`
            : `${arrayLabel(ctx, array)}: ${dbs.length} existing databases (${names}) keep their old RpcClientAccessServer until they are updated, so Outlook clients of their mailboxes bypass the array.`,
        hint: `The runbook repoints ${dbs.length === 1 ? 'it' : 'each of them'} after the array exists: Set-MailboxDatabase -Identity ${dbs.length === 1 ? `"${dbs[0].name}"` : '<database>'} -RpcClientAccessServer ${array.fqdn}.`,
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
