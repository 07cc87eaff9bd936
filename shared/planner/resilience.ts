// Site resilience of a DAG stretched over AD sites (datacenters): its votes, and what happens in each failure case
// (one server lost, the primary datacenter lost, the second datacenter lost). Read by the stretched-DAG rules
// (rules/siteResilience.ts) and the HA verdict, so a finding and the verdict never disagree.
//
// Quorum (Exchange 2010 docs, "Planning for High Availability and Site Resilience" and "Understanding Datacenter
// Activation Coordination Mode"): a DAG with an odd number of members uses Node Majority (each member one vote); with
// an even number, Node and File Share Majority (the witness is one more vote). The DAG keeps running while a
// majority of the votes — floor(votes / 2) + 1 — can talk to each other. The DAG's own AD site (Dag.siteId) is the
// primary datacenter, where the witness belongs; the alternate witness waits in the second datacenter. After the
// primary datacenter is lost, the second one has no majority on its own and needs a datacenter switchover:
// Stop-DatabaseAvailabilityGroup for the lost site, then Restore-DatabaseAvailabilityGroup, which runs only when
// DatacenterActivationMode is DagOnly and moves the witness to the alternate witness server.
import type { Dag, MailboxDatabase, Server } from '../model/types';
import type { PlannerContext, WitnessRef } from './context';
import { alternateWitnessOf, push, witnessLabel, witnessOf } from './context';
import { isLaggedCopy } from './dbsize';
import { listNames, plural, siteName } from './text';

export interface FailureCase {
  /** "one server lost", "primary datacenter HQ lost", "second datacenter DR lost". */
  readonly label: string;
  /** The DAG keeps quorum on its own and databases fail over automatically. */
  readonly automatic: boolean;
  /** Service can be restored (automatically, or by the datacenter switchover described). */
  readonly recoverable: boolean;
  readonly text: string;
}

export interface StretchedDag {
  readonly dag: Dag;
  readonly members: readonly Server[];
  /** Member servers per AD site id, the DAG's own (primary) site first. */
  readonly bySite: ReadonlyMap<string, readonly Server[]>;
  readonly primarySiteId: string;
  readonly secondSiteIds: readonly string[];
  readonly witness: WitnessRef;
  readonly alternate: WitnessRef;
  readonly dacOn: boolean;
  readonly votes: number;
  readonly majority: number;
  readonly cases: readonly FailureCase[];
}

/** Votes of a DAG with n members: n, plus the witness when n is even. */
export function dagVotes(members: number): number {
  return members % 2 === 0 ? members + 1 : members;
}

/** Votes needed for quorum: more than half. */
export function quorumOf(votes: number): number {
  return Math.floor(votes / 2) + 1;
}

function siteOfWitness(w: WitnessRef): string | null {
  return w.kind === 'server' ? w.server.siteId : null;
}

/** Databases of the DAG with no non-lagged copy on a member in the given sites. */
function databasesWithoutCopyIn(ctx: PlannerContext, dagMembers: ReadonlySet<string>, siteIds: ReadonlySet<string>): MailboxDatabase[] {
  const list: MailboxDatabase[] = [];
  for (const db of ctx.databases.values()) {
    if (!db.copies.some((c) => dagMembers.has(c.serverId))) continue;
    const covered = db.copies.some((c) => {
      const server = ctx.servers.get(c.serverId);
      return server !== undefined && siteIds.has(server.siteId) && !isLaggedCopy(c);
    });
    if (!covered) list.push(db);
  }
  return list;
}

const analyses = new WeakMap<PlannerContext, readonly StretchedDag[]>();

/** The DAGs whose members span two or more AD sites, with their failure cases (computed once per context). */
export function stretchedDags(ctx: PlannerContext): readonly StretchedDag[] {
  const cached = analyses.get(ctx);
  if (cached) return cached;
  const list: StretchedDag[] = [];
  for (const dag of ctx.dags.values()) {
    const members = ctx.dagMembers.get(dag.id) ?? [];
    const bySiteRaw = new Map<string, Server[]>();
    for (const m of members) push(bySiteRaw, m.siteId, m);
    if (bySiteRaw.size < 2) continue;
    const primarySiteId = bySiteRaw.has(dag.siteId) ? dag.siteId : members[0].siteId;
    const bySite = new Map<string, Server[]>([[primarySiteId, bySiteRaw.get(primarySiteId) ?? []]]);
    for (const [siteId, servers] of bySiteRaw) if (siteId !== primarySiteId) bySite.set(siteId, servers);
    const secondSiteIds = [...bySite.keys()].filter((id) => id !== primarySiteId);
    const witness = witnessOf(ctx, dag);
    const alternate = alternateWitnessOf(ctx, dag);
    const dacOn = dag.datacenterActivationMode === 'DagOnly';
    const votes = dagVotes(members.length);
    const majority = quorumOf(votes);
    const witnessVotes = members.length % 2 === 0 ? 1 : 0;
    const witnessSite = siteOfWitness(witness);
    const memberIds = new Set(members.map((m) => m.id));
    const cases: FailureCase[] = [];

    // One server lost: the others (and the witness when it votes) keep a majority as long as votes − 1 ≥ majority.
    const oneLeft = votes - 1;
    cases.push({
      label: 'one server lost',
      automatic: oneLeft >= majority,
      recoverable: oneLeft >= majority,
      text:
        oneLeft >= majority
          ? `the DAG keeps quorum (${oneLeft} of ${votes} votes, ${majority} needed) and activates another copy automatically`
          : `the DAG loses quorum (${oneLeft} of ${votes} votes, ${majority} needed)`,
    });

    // A whole datacenter lost: the votes left are the other sites' members, plus the witness when it votes and is not there.
    const siteLost = (lostSiteId: string, label: string): FailureCase => {
      const survivors = members.filter((m) => m.siteId !== lostSiteId);
      const survivingSites = new Set(survivors.map((m) => m.siteId));
      const left = survivors.length + (witnessVotes === 1 && witnessSite !== null && witnessSite !== lostSiteId ? 1 : 0);
      const uncovered = databasesWithoutCopyIn(ctx, memberIds, survivingSites);
      const dbText =
        uncovered.length === 0
          ? ''
          : `; ${plural(uncovered.length, 'database has', 'databases have')} no non-lagged copy left (${listNames(uncovered.map((d) => d.name))})`;
      if (left >= majority) {
        return {
          label,
          automatic: uncovered.length === 0,
          recoverable: uncovered.length === 0,
          text: `the remaining members keep quorum (${left} of ${votes} votes, ${majority} needed) and fail over automatically${dbText}`,
        };
      }
      const other = listNames([...survivingSites].map((id) => siteName(ctx, id)));
      if (!dacOn) {
        return {
          label,
          automatic: false,
          recoverable: false,
          text: `the DAG loses quorum (${left} of ${votes} votes, ${majority} needed) and Datacenter Activation Coordination is off, so Restore-DatabaseAvailabilityGroup cannot activate site ${other}${dbText}`,
        };
      }
      const alternateText =
        alternate.kind === 'none'
          ? 'no alternate witness is set: name one with -AlternateWitnessServer'
          : `the alternate witness ${witnessLabel(alternate)} takes over`;
      return {
        label,
        automatic: false,
        recoverable: uncovered.length === 0,
        text:
          `the DAG loses quorum (${left} of ${votes} votes, ${majority} needed); a datacenter switchover restores service in site ${other}: ` +
          `Stop-DatabaseAvailabilityGroup -ActiveDirectorySite ${siteName(ctx, lostSiteId)}, then Restore-DatabaseAvailabilityGroup -ActiveDirectorySite ${siteName(ctx, [...survivingSites][0])} (${alternateText})${dbText}`,
      };
    };
    cases.push(siteLost(primarySiteId, `primary datacenter ${siteName(ctx, primarySiteId)} lost`));
    for (const siteId of secondSiteIds) cases.push(siteLost(siteId, `datacenter ${siteName(ctx, siteId)} lost`));
    list.push({ dag, members, bySite, primarySiteId, secondSiteIds, witness, alternate, dacOn, votes, majority, cases });
  }
  analyses.set(ctx, list);
  return list;
}
