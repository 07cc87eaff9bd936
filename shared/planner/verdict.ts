// The HA verdict per role (CAS, HT, MB): is each role highly available as drawn, and why (both when it is and
// when it is not), in the admin's words. Computed regardless of the HA goal; the ha.* rules (rules/ha.ts) read
// the same analysis so that a warning and the verdict never disagree.
import type { CasArray, Dag, MailboxDatabase, Server, Site } from '../model/types';
import type { CasArrayBalancer, PlannerContext } from './context';
import { arrayBalancers, push } from './context';
import { haCopyCount } from './dbsize';
import { LISTED_NAMES_MAX, listNames, plural, serverNames } from './text';
import { MIN_HA_COPIES, MIN_HA_SERVERS } from './limits';
import type { Finding, HaRole, HaVerdict, RoleVerdict } from './types';
import { stretchedDags } from './resilience';

/** The roles the verdict judges, in the order every rendering lists them. */
export const HA_ROLES: readonly HaRole[] = ['CAS', 'HT', 'MB'];

/** AD sites with at least one Mailbox server, in design order. */
export function mailboxSites(ctx: PlannerContext): Site[] {
  return [...ctx.sites.values()].filter((site) => siteHasMailbox(ctx, site.id));
}

/** Whether an AD site holds at least one Mailbox server. */
export function siteHasMailbox(ctx: PlannerContext, siteId: string): boolean {
  return (ctx.serversBySite.get(siteId) ?? []).some((s) => ctx.hasRole(s, 'MB'));
}

function balancerOf(ctx: PlannerContext, array: CasArray): CasArrayBalancer | null {
  return arrayBalancers(ctx, array)[0] ?? null;
}

/** Client Access in one site: its CAS servers, its CAS array and which CAS servers the array's balancer really serves. */
export interface SiteClientAccess {
  readonly site: Site;
  readonly casServers: readonly Server[];
  /** The site's CAS array (the load-balanced one when there are several). */
  readonly array: CasArray | null;
  readonly balancer: CasArrayBalancer | null;
  /** CAS servers of this site behind the balancer that can run it. */
  readonly balanced: readonly Server[];
  /** Members of a Windows NLB balancer that are also DAG members: NLB cannot run on them (nlb.dag-conflict). */
  readonly nlbConflicts: readonly Server[];
  readonly highlyAvailable: boolean;
}

export function siteClientAccess(ctx: PlannerContext, site: Site): SiteClientAccess {
  const casServers = (ctx.serversBySite.get(site.id) ?? []).filter((s) => ctx.hasRole(s, 'CAS'));
  const arrays = ctx.casArraysBySite.get(site.id) ?? [];
  const array = arrays.find((a) => balancerOf(ctx, a) !== null) ?? arrays[0] ?? null;
  const balancer = array ? balancerOf(ctx, array) : null;
  const members = new Set(balancer === null ? [] : balancer.memberIds);
  const behind = casServers.filter((s) => members.has(s.id));
  const inDag = (s: Server) => (ctx.dagsByServer.get(s.id) ?? []).length > 0;
  const nlbConflicts = balancer?.kind === 'nlb' ? behind.filter(inDag) : [];
  const balanced = nlbConflicts.length === 0 ? behind : behind.filter((s) => !inDag(s));
  return { site, casServers, array, balancer, balanced, nlbConflicts, highlyAvailable: balanced.length >= MIN_HA_SERVERS };
}

export interface SiteHubTransport {
  readonly site: Site;
  readonly hubServers: readonly Server[];
  readonly highlyAvailable: boolean;
}

export function siteHubTransport(ctx: PlannerContext, site: Site): SiteHubTransport {
  const hubServers = (ctx.serversBySite.get(site.id) ?? []).filter((s) => ctx.hasRole(s, 'HT'));
  return { site, hubServers, highlyAvailable: hubServers.length >= MIN_HA_SERVERS };
}

export interface DagMembership {
  readonly dag: Dag;
  /** Members that are Mailbox servers of the design. */
  readonly members: readonly Server[];
}

export interface ShortDatabase {
  readonly database: MailboxDatabase;
  readonly copies: number;
  readonly haCopies: number;
}

export interface MailboxAvailability {
  readonly mailboxServers: readonly Server[];
  /** Mailbox servers in no DAG. */
  readonly outsideDag: readonly Server[];
  /** DAGs with Mailbox members, and those with fewer than two. */
  readonly dags: readonly DagMembership[];
  readonly smallDags: readonly DagMembership[];
  /** Databases with fewer than two non-lagged copies. */
  readonly shortDatabases: readonly ShortDatabase[];
  readonly highlyAvailable: boolean;
}

export function mailboxAvailability(ctx: PlannerContext): MailboxAvailability {
  const mailboxServers = ctx.design.servers.filter((s) => ctx.hasRole(s, 'MB'));
  const outsideDag = mailboxServers.filter((s) => (ctx.dagsByServer.get(s.id) ?? []).length === 0);
  const dags: DagMembership[] = [];
  for (const dag of ctx.dags.values()) {
    const members = (ctx.dagMembers.get(dag.id) ?? []).filter((s) => ctx.hasRole(s, 'MB'));
    if (members.length > 0) dags.push({ dag, members });
  }
  const smallDags = dags.filter((d) => d.members.length < MIN_HA_SERVERS);
  const shortDatabases: ShortDatabase[] = [];
  for (const database of ctx.databases.values()) {
    const haCopies = haCopyCount(database);
    if (haCopies < MIN_HA_COPIES) shortDatabases.push({ database, copies: database.copies.length, haCopies });
  }
  const highlyAvailable = mailboxServers.length > 0 && outsideDag.length === 0 && smallDags.length === 0 && shortDatabases.length === 0;
  return { mailboxServers, outsideDag, dags, smallDags, shortDatabases, highlyAvailable };
}

/** Sites the CAS and HT verdicts look at: those with Mailbox servers, else those holding the role at all. */
function verdictSites(ctx: PlannerContext, role: 'CAS' | 'HT'): Site[] {
  const withMailboxes = mailboxSites(ctx);
  if (withMailboxes.length > 0) return withMailboxes;
  return [...ctx.sites.values()].filter((site) => (ctx.serversBySite.get(site.id) ?? []).some((s) => ctx.hasRole(s, role)));
}

interface VerdictPart {
  readonly ok: boolean;
  readonly text: string;
  readonly entityIds: readonly string[];
  /** A failure case of a stretched DAG: shown, but site resilience does not decide high availability. */
  readonly failureCase?: string;
}

function roleVerdict(role: HaRole, parts: readonly VerdictPart[], none: string): RoleVerdict {
  const deciding = parts.filter((p) => p.failureCase === undefined);
  if (deciding.length === 0) return { highlyAvailable: false, reasons: [`${role}: no — ${none}`], entityIds: [] };
  const highlyAvailable = deciding.every((p) => p.ok);
  const entityIds = [...new Set(parts.flatMap((p) => p.entityIds))];
  const reason = (p: VerdictPart) =>
    p.failureCase === undefined ? `${role}: ${p.ok ? 'yes' : 'no'} — ${p.text}` : `${role}: ${p.failureCase}: ${p.ok ? 'yes' : 'no'} — ${p.text}`;
  return { highlyAvailable, reasons: parts.map(reason), entityIds };
}

/** Stretched DAGs: one part per failure case ("DAG-X, primary datacenter HQ lost: no — …"). */
function failureCaseParts(ctx: PlannerContext): VerdictPart[] {
  const parts: VerdictPart[] = [];
  for (const s of stretchedDags(ctx)) {
    for (const c of s.cases) {
      const ok = c.automatic || c.recoverable;
      const how = c.automatic ? '' : c.recoverable ? 'after a datacenter switchover: ' : '';
      parts.push({ ok, failureCase: `${s.dag.name}, ${c.label}`, text: `${how}${c.text}`, entityIds: [s.dag.id] });
    }
  }
  return parts;
}

/** Rules whose errors concern one role only, or the deployment tooling rather than what a role depends on. */
const NOT_BLOCKING: Readonly<Record<HaRole, ReadonlySet<string>>> = {
  CAS: new Set(['role.hub-in-site']),
  HT: new Set(['role.cas-in-site']),
  MB: new Set(['role.hub-in-site', 'role.cas-in-site']),
};

/** What each role depends on: the ids whose error findings block it. */
function dependencies(ctx: PlannerContext): Record<HaRole, Set<string>> {
  const cas = new Set<string>();
  const ht = new Set<string>();
  const mb = new Set<string>();
  for (const s of ctx.design.servers) {
    if (ctx.hasRole(s, 'CAS')) cas.add(s.id);
    if (ctx.hasRole(s, 'HT')) ht.add(s.id);
    if (ctx.hasRole(s, 'MB')) mb.add(s.id);
  }
  for (const a of ctx.design.casArrays) {
    cas.add(a.id);
    for (const b of arrayBalancers(ctx, a)) cas.add(b.id);
  }
  for (const d of ctx.design.dags) mb.add(d.id);
  for (const d of ctx.design.databases) mb.add(d.id);
  return { CAS: cas, HT: ht, MB: mb };
}

/** Error findings listed by name in a blocked verdict before "and N more". */
const LISTED_BLOCKERS_MAX = 5;

/**
 * The verdict with the errors taken into account: a role is highly available only when nothing it depends on is
 * in error (a DAG that cannot exist, a CAS array whose load balancer is in error, …). A blocked role says "no",
 * names each blocking finding first, and keeps the rest of its reasons.
 */
export function applyBlockers(ctx: PlannerContext, verdict: HaVerdict, findings: readonly Finding[]): HaVerdict {
  const errors = findings.filter((f) => f.severity === 'error' && !f.ruleId.startsWith('deploy.') && f.ruleId !== 'size.layout');
  if (errors.length === 0) return verdict;
  const deps = dependencies(ctx);
  const result = { ...verdict };
  for (const role of HA_ROLES) {
    const blockers = errors.filter((f) => !NOT_BLOCKING[role].has(f.ruleId) && f.entityIds.some((id) => deps[role].has(id)));
    if (blockers.length === 0) continue;
    const v = verdict[role];
    const listed = blockers.slice(0, LISTED_BLOCKERS_MAX).map((f) => `${role}: no — blocked by error ${f.ruleId}: ${f.message}`);
    if (blockers.length > LISTED_BLOCKERS_MAX) listed.push(`${role}: no — and ${plural(blockers.length - LISTED_BLOCKERS_MAX, 'more error')} in what ${role} depends on`);
    const rest = v.reasons.map((r) => r.replace(new RegExp(`^${role}: yes — `), `${role}: no — (as drawn, once the errors are fixed) `));
    result[role] = {
      highlyAvailable: false,
      reasons: [...listed, ...rest],
      entityIds: [...new Set([...v.entityIds, ...blockers.flatMap((f) => f.entityIds)])],
      blockedBy: [...new Set(blockers.map((f) => f.ruleId))],
    };
  }
  return result;
}

/** Why a site's Client Access is or is not highly available, e.g. "CAS1 and CAS2 behind NLB cluster outlook.contoso.local (CAS array CASArray-HQ)". */
export function describeClientAccess(ca: SiteClientAccess, withSite: boolean): string {
  const arrayName = ca.array ? `CAS array ${ca.array.name}` : '';
  if (ca.casServers.length === 0) return `no Client Access server in site ${ca.site.name}`;
  if (ca.casServers.length < MIN_HA_SERVERS) return `only one Client Access server (${ca.casServers[0].name}) in site ${ca.site.name}`;
  if (!ca.array) return `${serverNames(ca.casServers)} hold Client Access but site ${ca.site.name} has no CAS array, so Outlook clients are pinned to one server`;
  if (!ca.balancer) return `${arrayName} in site ${ca.site.name} has no load balancer (neither Windows NLB nor a hardware load balancer)`;
  if (ca.highlyAvailable) return `${serverNames(ca.balanced)} behind ${ca.balancer.label} (${arrayName}${withSite ? `, site ${ca.site.name}` : ''})`;
  const conflict = ca.nlbConflicts.length > 0 ? `; ${serverNames(ca.nlbConflicts)} ${ca.nlbConflicts.length === 1 ? 'is a DAG member' : 'are DAG members'} and cannot run Windows NLB` : '';
  return `${ca.balancer.label} (${arrayName}) balances ${ca.balanced.length === 0 ? 'no Client Access server' : `only ${serverNames(ca.balanced)}`} of site ${ca.site.name}${conflict}`;
}

export function describeHubTransport(ht: SiteHubTransport): string {
  if (ht.hubServers.length === 0) return `no Hub Transport server in site ${ht.site.name}`;
  if (!ht.highlyAvailable) return `only one Hub Transport server (${ht.hubServers[0].name}) in site ${ht.site.name}`;
  return `${serverNames(ht.hubServers)} hold Hub Transport in site ${ht.site.name} (mail flow fails over between Hub servers)`;
}

function mailboxParts(ctx: PlannerContext, mb: MailboxAvailability): VerdictPart[] {
  const parts: VerdictPart[] = [];
  if (mb.outsideDag.length > 0) {
    parts.push({ ok: false, text: `${serverNames(mb.outsideDag)} ${mb.outsideDag.length === 1 ? 'is' : 'are'} in no DAG`, entityIds: mb.outsideDag.map((s) => s.id) });
  }
  for (const d of mb.smallDags) {
    parts.push({ ok: false, text: `${d.dag.name} has a single member (${serverNames(d.members)})`, entityIds: [d.dag.id, ...d.members.map((s) => s.id)] });
  }
  if (mb.shortDatabases.length > 0) {
    const list = listNames(mb.shortDatabases.map((s) => `${s.database.name} (${plural(s.haCopies, 'non-lagged copy', 'non-lagged copies')})`));
    parts.push({ ok: false, text: `${plural(mb.shortDatabases.length, 'database')} with fewer than ${MIN_HA_COPIES} non-lagged copies: ${list}`, entityIds: mb.shortDatabases.map((s) => s.database.id) });
  }
  if (parts.length > 0) return parts;
  // Highly available: say which DAG holds which databases with how many copies.
  const dbsByDag = new Map<string, MailboxDatabase[]>();
  for (const db of ctx.databases.values()) {
    const first = db.copies.length > 0 ? ctx.dagsByServer.get(db.copies[0].serverId)?.[0] : undefined;
    if (first) push(dbsByDag, first.id, db);
  }
  for (const d of mb.dags) {
    const dbs = dbsByDag.get(d.dag.id) ?? [];
    const haCopies = dbs.map((db) => haCopyCount(db));
    // reduce, not Math.min(...list): a design may hold 100,000 databases.
    const min = haCopies.reduce((a, b) => Math.min(a, b), Infinity);
    const max = haCopies.reduce((a, b) => Math.max(a, b), 0);
    const count = min === max ? plural(min, 'non-lagged copy', 'non-lagged copies') : `${min}–${max} non-lagged copies`;
    const members = d.members.length > LISTED_NAMES_MAX ? plural(d.members.length, 'member') : serverNames(d.members);
    const databases =
      dbs.length === 0
        ? 'no databases yet'
        : dbs.length === 1
          ? `${dbs[0].name} has ${count}`
          : dbs.length <= 3
            ? `${listNames(dbs.map((db) => db.name))} each have ${count}`
            : `${dbs.length} databases with ${count} each`;
    parts.push({ ok: true, text: `${d.dag.name} with ${members}; ${databases}`, entityIds: [d.dag.id, ...d.members.map((s) => s.id)] });
  }
  return parts;
}

/** The per-role analysis behind the verdict and the ha.* rules, computed once per context. */
export interface HaAnalysis {
  readonly clientAccess: readonly SiteClientAccess[];
  readonly hubTransport: readonly SiteHubTransport[];
  readonly mailbox: MailboxAvailability;
  readonly verdict: HaVerdict;
}

const analyses = new WeakMap<PlannerContext, HaAnalysis>();

export function haAnalysis(ctx: PlannerContext): HaAnalysis {
  const cached = analyses.get(ctx);
  if (cached) return cached;
  const clientAccess = verdictSites(ctx, 'CAS').map((site) => siteClientAccess(ctx, site));
  const hubTransport = verdictSites(ctx, 'HT').map((site) => siteHubTransport(ctx, site));
  const mailbox = mailboxAvailability(ctx);
  const multiSiteCas = clientAccess.length > 1;
  const verdict: HaVerdict = {
    CAS: roleVerdict(
      'CAS',
      clientAccess.map((ca) => ({
        ok: ca.highlyAvailable,
        text: describeClientAccess(ca, multiSiteCas),
        entityIds: [...(ca.highlyAvailable ? ca.balanced : ca.casServers).map((s) => s.id), ...(ca.array ? [ca.array.id] : []), ...(ca.balancer ? [ca.balancer.id] : [])],
      })),
      'the design has no Client Access server',
    ),
    HT: roleVerdict(
      'HT',
      hubTransport.map((ht) => ({ ok: ht.highlyAvailable, text: describeHubTransport(ht), entityIds: ht.hubServers.map((s) => s.id) })),
      'the design has no Hub Transport server',
    ),
    MB: roleVerdict('MB', mailbox.mailboxServers.length === 0 ? [] : [...mailboxParts(ctx, mailbox), ...failureCaseParts(ctx)], 'the design has no Mailbox server'),
  };
  const analysis = { clientAccess, hubTransport, mailbox, verdict };
  analyses.set(ctx, analysis);
  return analysis;
}

export function haVerdict(ctx: PlannerContext): HaVerdict {
  return haAnalysis(ctx).verdict;
}
