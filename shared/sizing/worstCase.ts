// The worst failure case per Mailbox server, on the real database layout (sizing.md, "Worst case").
//
// A failure domain is a DAG (its members) or a Mailbox server outside any DAG. A DAG is sized to survive F server
// failures: the design's "failures to survive", by default its largest HA copy count − 1, never more than keeps the
// DAG's quorum (a majority of the members, with the witness' vote when the member count is even) and never more than
// N − 1. A database is active on the best surviving non-lagged copy by activation preference (Active Manager's
// tie-breaker; a lagged copy never serves clients). For each server S the worst case is the set X of F other members
// whose failure makes the most mailboxes active on S: a database becomes active on S when every non-lagged copy
// ranked above S's copy is on a server in X. With N members and an even layout this gives sizing.md's figure,
// ceil(mailboxes of the DAG ÷ (N − F)); an uneven layout gives more, never less (pigeonhole).
//
// Written as plain loops: the planner runs this on every edit of a 1,000-server design.
import type { Dag, MailboxDatabase, Server } from '../model/types';
import type { PlannerContext } from '../planner/context';
import { isLaggedCopy } from '../planner/dbsize';
import type { CopyFigure } from './types';

/** What the worst-case search needs to know of a database, computed once per design. */
export interface DatabaseFacts {
  readonly database: MailboxDatabase;
  /** The database's position in the design's list (the report keeps its figures in the same order). */
  readonly index: number;
  readonly mailboxes: number;
  /** Every copy (lagged ones too: each receives the logs). */
  readonly copies: number;
  readonly haCopies: number;
  /**
   * Positions (in the design's server list) of the servers of the non-lagged copies, best activation preference
   * first (ties by copy order); copies on servers the design lacks are left out.
   */
  readonly ranked: readonly number[];
  /** Ids of the servers holding a lagged copy. */
  readonly laggedOn: ReadonlySet<string>;
  /** The copy figures a server gets: one for a non-lagged copy, one for a lagged one (shared, made once). */
  readonly copy: CopyFigure;
  readonly laggedCopy: CopyFigure;
}

/** A database copy on a server, with the database's mailbox count (the report's CopyFigure). */
export type CopyOnServer = CopyFigure;

export interface WorstCase {
  readonly server: Server;
  /** The servers whose failure makes the most mailboxes active here (only those that move a database here). */
  readonly failed: readonly Server[];
  readonly active: readonly CopyOnServer[];
  readonly passive: readonly CopyOnServer[];
  readonly activeMailboxes: number;
  readonly passiveMailboxes: number;
  /**
   * The CPU's worst case: the failures that bring the most megacycles (usually the same servers; a database with
   * more copies costs more per active mailbox, so a case with fewer but costlier mailboxes can load the CPU more).
   */
  readonly cpuFailed: readonly Server[];
  readonly cpuActive: readonly CopyOnServer[];
  readonly cpuPassive: readonly CopyOnServer[];
  /** True when the search was cut short (very large DAGs): a greedy choice of failures, not the proven worst. */
  readonly approximate: boolean;
  /** The databases with a copy here, each once, in the order of the server's copies (active and passive alike). */
  readonly hosted: readonly DatabaseFacts[];
}

export interface FailureDomain {
  readonly id: string;
  /** The DAG, or null for a Mailbox server outside any DAG. */
  readonly dag: Dag | null;
  readonly members: readonly Server[];
  /** Server failures sized for. */
  readonly failures: number;
  /** What was asked for (the input, or HA copies − 1 by default) before the quorum and member limits. */
  readonly requestedFailures: number;
  /** True when the failures come from the design's input, false when they are the default. */
  readonly requestedByInput: boolean;
  /** The most failures that keep quorum. */
  readonly quorumFailures: number;
  /** The largest number of non-lagged copies of a database hosted in the domain. */
  readonly haCopies: number;
  readonly databases: readonly MailboxDatabase[];
  /** Mailboxes of the databases whose best copy is in the domain (each database once). */
  readonly mailboxes: number;
}

/** Combinations of failed servers tried per Mailbox server before falling back to a greedy choice. */
export const MAX_FAILURE_COMBINATIONS = 20_000;
/** Bit masks hold at most this many members (a DAG has at most 16; larger ones are planner errors). */
const MAX_MASK_MEMBERS = 30;

/** The most member failures a DAG of `members` survives with quorum: a majority of the votes stays up. */
export function quorumFailures(members: number): number {
  if (members <= 1) return 0;
  // Node majority (odd count) or node and file share majority (even count: the witness votes too).
  return members % 2 === 0 ? members / 2 : (members - 1) / 2;
}

const NO_SERVERS: ReadonlySet<string> = new Set();
const NO_COPY: CopyOnServer = { databaseId: '', databaseName: '', mailboxes: 0, copies: 0, lagged: false };

function factsOf(ctx: PlannerContext, db: MailboxDatabase, index: number, mailboxes: number): DatabaseFacts {
  const copies = db.copies;
  const offset = ctx.copyOffsets[index];
  const positions = ctx.copyServerPositions;
  // Copies are usually listed in preference order: sort (stably) only when they are not.
  let sorted = true;
  for (let i = 1; i < copies.length; i++) if (copies[i].activationPreference < copies[i - 1].activationPreference) sorted = false;
  const order = sorted ? null : copies.map((c, i) => ({ c, i })).sort((a, b) => a.c.activationPreference - b.c.activationPreference || a.i - b.i).map((x) => x.i);
  // Counted first, so that the list is made at its size (this runs for every database on every edit).
  let count = 0;
  for (let j = 0; j < copies.length; j++) if (!isLaggedCopy(copies[j]) && positions[offset + j] >= 0) count++;
  const ranked = new Array<number>(count);
  let k = 0;
  let laggedOn: Set<string> | null = null;
  for (let n = 0; n < copies.length; n++) {
    const j = order === null ? n : order[n];
    const c = copies[j];
    if (isLaggedCopy(c)) (laggedOn ??= new Set()).add(c.serverId);
    else if (positions[offset + j] >= 0) ranked[k++] = positions[offset + j];
  }
  const copy: CopyFigure = { databaseId: db.id, databaseName: db.name, mailboxes, copies: copies.length, lagged: false };
  // The lagged figure is only read for a lagged copy: without one, the database needs no second object.
  const laggedCopy = laggedOn === null ? copy : { ...copy, lagged: true };
  return { database: db, index, mailboxes, copies: copies.length, haCopies: ranked.length, ranked, laggedOn: laggedOn ?? NO_SERVERS, copy, laggedCopy };
}

/** The facts of every database of a design, in the design's order (a copy's `databaseIndex` points here). */
export function databaseFacts(ctx: PlannerContext, mailboxes: ReadonlyMap<string, number>): DatabaseFacts[] {
  const dbs = ctx.design.databases;
  const facts = new Array<DatabaseFacts>(dbs.length);
  for (let i = 0; i < dbs.length; i++) facts[i] = factsOf(ctx, dbs[i], i, mailboxes.get(dbs[i].id) ?? 0);
  return facts;
}

/** The failure domains of a design: one per DAG, one per Mailbox server outside any DAG. */
export function failureDomains(ctx: PlannerContext, requested: number | null, facts: readonly DatabaseFacts[]): FailureDomain[] {
  const groups: { dag: Dag | null; id: string; members: Server[]; databases: MailboxDatabase[]; haCopies: number; mailboxes: number; seen: number }[] = [];
  // The domain of each server, by its position in the design's server list (-1: none).
  const servers = ctx.design.servers;
  const domainOf = new Int32Array(servers.length).fill(-1);
  for (const dag of ctx.dags.values()) {
    const members: Server[] = [];
    for (const s of ctx.dagMembers.get(dag.id) ?? []) {
      const position = ctx.serverPositions.get(s.id) ?? -1;
      if (position < 0 || domainOf[position] >= 0) continue;
      domainOf[position] = groups.length;
      members.push(s);
    }
    groups.push({ dag, id: dag.id, members, databases: [], haCopies: 0, mailboxes: 0, seen: -1 });
  }
  for (let i = 0; i < servers.length; i++) {
    const server = servers[i];
    // A second server with the same id shares the first one's domain (as it shares its entry in ctx.servers).
    const position = ctx.serverPositions.get(server.id) ?? i;
    if (domainOf[position] >= 0 || !ctx.hasRole(server, 'MB')) continue;
    domainOf[position] = groups.length;
    groups.push({ dag: null, id: server.id, members: [server], databases: [], haCopies: 0, mailboxes: 0, seen: -1 });
  }
  // One pass over the databases: each joins the domains of its copies' servers (once each).
  const positions = ctx.copyServerPositions;
  let stamp = 0;
  for (const f of facts) {
    stamp++;
    const start = ctx.copyOffsets[f.index];
    const end = ctx.copyOffsets[f.index + 1];
    const home = f.ranked.length > 0 ? domainOf[f.ranked[0]] : -1;
    for (let j = start; j < end; j++) {
      const position = positions[j];
      const d = position < 0 ? -1 : domainOf[position];
      if (d < 0 || groups[d].seen === stamp) continue;
      const g = groups[d];
      g.seen = stamp;
      g.databases.push(f.database);
      if (f.haCopies > g.haCopies) g.haCopies = f.haCopies;
      if (home === d) g.mailboxes += f.mailboxes;
    }
  }
  return groups.map((g) => {
    const n = g.members.length;
    const quorum = quorumFailures(n);
    const wanted = g.dag === null ? 0 : (requested ?? Math.max(0, g.haCopies - 1));
    return {
      id: g.id,
      dag: g.dag,
      members: g.members,
      failures: Math.max(0, Math.min(wanted, quorum, n - 1)),
      requestedFailures: wanted,
      requestedByInput: g.dag !== null && requested !== null,
      quorumFailures: quorum,
      haCopies: g.haCopies,
      databases: g.databases,
      mailboxes: g.mailboxes,
    };
  });
}

interface Candidate {
  copy: CopyOnServer;
  mask: number;
  weight: number;
  tie: number;
}

/**
 * A list reused for every server, emptied by its count and not by its length: V8 frees an array's storage when its
 * length is set to 0, so a list emptied that way is allocated again by the next push.
 */
class ScratchList<T> {
  items: T[] = [];
  count = 0;
  push(item: T): void {
    this.items[this.count++] = item;
  }
  clear(): void {
    this.count = 0;
  }
  /** The items at their exact size, for what a WorstCase keeps. */
  copy(): T[] {
    return this.items.slice(0, this.count);
  }
  /** Drops every reference, so that no design stays reachable between validations. */
  release(): void {
    this.items = [];
    this.count = 0;
  }
}

// Scratch lists reused for every server (the planner runs this for every Mailbox server on every edit; what a
// WorstCase keeps is copied out at its exact size). Plain data, no state survives a call.
const scratchAlways = new ScratchList<CopyOnServer>();
const scratchNever = new ScratchList<CopyOnServer>();
const scratchHosted = new ScratchList<DatabaseFacts>();
const scratchCandidates = new ScratchList<Candidate>();
const candidatePool: Candidate[] = [];
/** Member index by server position, -1 elsewhere (every entry is -1 again when worstCases returns). */
let memberIndex = new Int32Array(0);
/** Per database index: the stamp of the last server that counted a copy of it (a server counts each database once). */
let hostedMark = new Int32Array(0);
let hostedStamp = 0;
function nextStamp(): number {
  if (hostedStamp >= 0x7fffffff) {
    hostedMark.fill(0);
    hostedStamp = 0;
  }
  return ++hostedStamp;
}

/** The k-th candidate of the current server, reusing the pool's objects. */
function candidateAt(k: number, copy: CopyOnServer, mask: number, weight: number, tie: number): Candidate {
  let c = candidatePool[k];
  if (c === undefined) {
    c = { copy, mask, weight, tie };
    candidatePool.push(c);
  } else {
    c.copy = copy;
    c.mask = mask;
    c.weight = weight;
    c.tie = tie;
  }
  return c;
}

/**
 * The worst failure case of every member of a domain: the failures that make the most mailboxes active on it (for
 * the database cache), and those that bring the most load (`extraLoad`: the megacycles an active copy costs beyond
 * a passive one), for the CPU. Both only grow with the failures to survive and with the mailboxes.
 */
export function worstCases(ctx: PlannerContext, domain: FailureDomain, facts: readonly DatabaseFacts[], extraLoad: (copy: CopyOnServer) => number): WorstCase[] {
  // Each member's index in the domain, by its position in the design's server list (-1: not a member).
  if (memberIndex.length < ctx.design.servers.length) memberIndex = new Int32Array(ctx.design.servers.length).fill(-1);
  if (hostedMark.length < facts.length) hostedMark = new Int32Array(facts.length);
  const memberPositions = new Array<number>(domain.members.length);
  for (let i = 0; i < domain.members.length; i++) {
    const position = ctx.serverPositions.get(domain.members[i].id) ?? -1;
    memberPositions[i] = position;
    if (position >= 0) memberIndex[position] = i;
  }
  try {
    return domainWorstCases(ctx, domain, facts, extraLoad, memberPositions);
  } finally {
    for (const position of memberPositions) if (position >= 0) memberIndex[position] = -1;
  }
}

function domainWorstCases(ctx: PlannerContext, domain: FailureDomain, facts: readonly DatabaseFacts[], extraLoad: (copy: CopyOnServer) => number, memberPositions: readonly number[]): WorstCase[] {
  const useMasks = domain.members.length <= MAX_MASK_MEMBERS;
  const out: WorstCase[] = [];
  for (let self = 0; self < domain.members.length; self++) {
    const server = domain.members[self];
    const always = scratchAlways;
    const never = scratchNever;
    const candidates = scratchCandidates;
    const hosted = scratchHosted;
    always.clear();
    never.clear();
    candidates.clear();
    hosted.clear();
    const stamp = nextStamp();
    for (const c of ctx.copiesByServer.get(server.id) ?? []) {
      const f = facts[c.databaseIndex];
      // At most one copy of a database per server counts (a second one is a planner error, db.copy-servers).
      if (!f || hostedMark[c.databaseIndex] === stamp) continue;
      hostedMark[c.databaseIndex] = stamp;
      hosted.push(f);
      const copy = c.lagged ? f.laggedCopy : f.copy;
      if (c.lagged) {
        never.push(copy);
        continue;
      }
      // The non-lagged copies ranked above this server's: all of them must be down for the database to come here.
      let mask = 0;
      let blocked = false;
      let above = 0;
      const selfPosition = memberPositions[self];
      for (const position of f.ranked) {
        if (position === selfPosition) break;
        above++;
        const i = memberIndex[position];
        if (i < 0) blocked = true;
        else if (useMasks) mask |= 1 << i;
      }
      if (blocked || above > domain.failures) never.push(copy);
      else if (above === 0) always.push(copy);
      else candidates.push(candidateAt(candidates.count, copy, mask, copy.mailboxes, extraLoad(copy)));
    }
    let chosen = 0;
    let cpuChosen = 0;
    let approximate = false;
    if (candidates.count > 0 && domain.failures > 0) {
      if (useMasks) {
        const r = chooseFailures(candidates, domain.members.length, domain.failures, self);
        chosen = r.mailboxes;
        cpuChosen = r.load;
        approximate = r.approximate;
      } else approximate = true;
    }
    // Without masks (a DAG too large for them, itself a planner error) every database that may come here counts.
    const all = !useMasks && domain.failures > 0;
    const mailboxCase = splitCase(always, never, candidates, chosen, all);
    const cpuCase = cpuChosen === chosen ? mailboxCase : splitCase(always, never, candidates, cpuChosen, all);
    let activeMailboxes = 0;
    let passiveMailboxes = 0;
    for (const c of mailboxCase.active) activeMailboxes += c.mailboxes;
    for (const c of mailboxCase.passive) passiveMailboxes += c.mailboxes;
    const failed = membersIn(domain.members, chosen);
    out.push({
      server,
      failed,
      active: mailboxCase.active,
      passive: mailboxCase.passive,
      activeMailboxes,
      passiveMailboxes,
      cpuFailed: cpuChosen === chosen ? failed : membersIn(domain.members, cpuChosen),
      cpuActive: cpuCase.active,
      cpuPassive: cpuCase.passive,
      approximate,
      hosted: hosted.copy(),
    });
  }
  // The scratch lists keep no design alive between validations.
  scratchAlways.release();
  scratchNever.release();
  scratchHosted.release();
  scratchCandidates.release();
  for (const c of candidatePool) c.copy = NO_COPY;
  return out;
}

/** Whether a candidate's database becomes active here when the members in `mask` have failed. */
function comesHere(k: Candidate, mask: number, all: boolean): boolean {
  return all || (mask !== 0 && (k.mask & ~mask) === 0);
}

/** The copies active and passive on a server when the members in `mask` have failed. */
function splitCase(always: ScratchList<CopyOnServer>, never: ScratchList<CopyOnServer>, candidates: ScratchList<Candidate>, mask: number, all: boolean): { active: CopyOnServer[]; passive: CopyOnServer[] } {
  const ks = candidates.items;
  let activeCount = always.count;
  for (let i = 0; i < candidates.count; i++) if (comesHere(ks[i], mask, all)) activeCount++;
  // Made at their final size: always (then the candidates that come here), never (then those that do not).
  const active = new Array<CopyOnServer>(activeCount);
  const passive = new Array<CopyOnServer>(never.count + candidates.count - (activeCount - always.count));
  let a = 0;
  let p = 0;
  for (let i = 0; i < always.count; i++) active[a++] = always.items[i];
  for (let i = 0; i < never.count; i++) passive[p++] = never.items[i];
  for (let i = 0; i < candidates.count; i++) {
    const k = ks[i];
    if (comesHere(k, mask, all)) active[a++] = k.copy;
    else passive[p++] = k.copy;
  }
  return { active, passive };
}

function membersIn(members: readonly Server[], mask: number): Server[] {
  let count = 0;
  for (let i = 0; i < members.length; i++) if ((mask & (1 << i)) !== 0) count++;
  const out = new Array<Server>(count);
  let k = 0;
  for (let i = 0; i < members.length; i++) if ((mask & (1 << i)) !== 0) out[k++] = members[i];
  return out;
}

function binomial(n: number, k: number): number {
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return Math.round(r);
}

/** Mailboxes and load the candidates bring when the servers in `mask` have failed (scratch, no allocation). */
let scoreWeight = 0;
let scoreTie = 0;
function score(candidates: ScratchList<Candidate>, mask: number): void {
  let weight = 0;
  let tie = 0;
  const ks = candidates.items;
  for (let i = 0; i < candidates.count; i++) {
    const k = ks[i];
    if ((k.mask & ~mask) === 0) {
      weight += k.weight;
      tie += k.tie;
    }
  }
  scoreWeight = weight;
  scoreTie = tie;
}

/** Orders cases by mailboxes then load, or (for the CPU) by load then mailboxes. */
function beats(weight: number, tie: number, bestWeight: number, bestTie: number, byLoad: boolean): boolean {
  const a1 = byLoad ? tie : weight;
  const a2 = byLoad ? weight : tie;
  const b1 = byLoad ? bestTie : bestWeight;
  const b2 = byLoad ? bestWeight : bestTie;
  return a1 > b1 + 1e-9 || (Math.abs(a1 - b1) <= 1e-9 && a2 > b2 + 1e-9);
}

/**
 * The F other members whose failure brings the most mailboxes (then the most load) to server `self`, and those that
 * bring the most load (then the most mailboxes).
 */
function chooseFailures(candidates: ScratchList<Candidate>, memberCount: number, failures: number, self: number): { mailboxes: number; load: number; approximate: boolean } {
  let union = 0;
  for (let i = 0; i < candidates.count; i++) union |= candidates.items[i].mask;
  union &= ~(1 << self);
  let count = 0;
  for (let i = 0; i < memberCount; i++) if ((union & (1 << i)) !== 0) count++;
  const pick = Math.min(failures, count);
  // The usual case (no more members than failures to survive) needs no search and no list.
  if (pick === count) return { mailboxes: union, load: union, approximate: false };
  const members = new Array<number>(count);
  let m = 0;
  for (let i = 0; i < memberCount; i++) if ((union & (1 << i)) !== 0) members[m++] = i;
  if (binomial(members.length, pick) <= MAX_FAILURE_COMBINATIONS) {
    // Every combination of `pick` members of the union in lexicographic order (the first best one wins ties).
    let best = 0;
    let bestWeight = -1;
    let bestTie = -1;
    let bestLoad = 0;
    let loadWeight = -1;
    let loadTie = -1;
    const at: number[] = [];
    for (let i = 0; i < pick; i++) at.push(i);
    for (;;) {
      let mask = 0;
      for (const i of at) mask |= 1 << members[i];
      score(candidates, mask);
      if (beats(scoreWeight, scoreTie, bestWeight, bestTie, false)) {
        best = mask;
        bestWeight = scoreWeight;
        bestTie = scoreTie;
      }
      if (beats(scoreWeight, scoreTie, loadWeight, loadTie, true)) {
        bestLoad = mask;
        loadWeight = scoreWeight;
        loadTie = scoreTie;
      }
      let j = pick - 1;
      while (j >= 0 && at[j] === members.length - pick + j) j--;
      if (j < 0) break;
      at[j]++;
      for (let k = j + 1; k < pick; k++) at[k] = at[k - 1] + 1;
    }
    return { mailboxes: best, load: bestLoad, approximate: false };
  }
  return { mailboxes: greedy(candidates, members, pick, false), load: greedy(candidates, members, pick, true), approximate: true };
}

/** Adds the member that brings the most, `pick` times (very large DAGs only). */
function greedy(candidates: ScratchList<Candidate>, members: readonly number[], pick: number, byLoad: boolean): number {
  let mask = 0;
  for (let round = 0; round < pick; round++) {
    let add = -1;
    let bestWeight = -1;
    let bestTie = -1;
    for (const m of members) {
      if ((mask & (1 << m)) !== 0) continue;
      score(candidates, mask | (1 << m));
      if (beats(scoreWeight, scoreTie, bestWeight, bestTie, byLoad)) {
        bestWeight = scoreWeight;
        bestTie = scoreTie;
        add = m;
      }
    }
    if (add < 0) break;
    mask |= 1 << add;
  }
  return mask;
}
