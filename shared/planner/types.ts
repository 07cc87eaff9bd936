// What the planner returns: findings, the HA verdict per role and the sizing report.
import type { RuleId, Severity } from './catalogue';
import type { PlannerContext } from './context';
import type { SizingReport } from '../sizing/types';

export type { RuleId, Severity } from './catalogue';

export interface Finding {
  readonly ruleId: RuleId;
  readonly severity: Severity;
  /** Names the objects and numbers involved. */
  readonly message: string;
  /** How to fix it. */
  readonly hint: string;
  /** Source key(s) from the catalogue, e.g. "seed, LB-DOC". */
  readonly source: string;
  /** Ids of the design objects to highlight (select and frame on the canvas). */
  readonly entityIds: readonly string[];
}

export interface FindingDraft {
  /** Only when the catalogue says a case has a lower severity (e.g. dag.ip-per-mapi-subnet: no IPs at all → W). */
  readonly severity?: Severity;
  readonly message: string;
  readonly hint: string;
  readonly entityIds: readonly string[];
}

export type Emit = (finding: FindingDraft) => void;

export interface Rule {
  readonly id: RuleId;
  readonly check: (ctx: PlannerContext, emit: Emit) => void;
}

export type HaRole = 'CAS' | 'HT' | 'MB';

export interface RoleVerdict {
  readonly highlyAvailable: boolean;
  /** Why (both when yes and when no), in the admin's words. */
  readonly reasons: readonly string[];
  readonly entityIds: readonly string[];
  /** The error findings (rule ids) that block the role, when something it depends on is in error. */
  readonly blockedBy?: readonly RuleId[];
}

export type HaVerdict = Readonly<Record<HaRole, RoleVerdict>>;

export type { DagSizing, DatabaseSizing, MailboxServerSizing, RatioCheck, Recommendation, ServerSizing, SiteSizing, SizingInputsSummary, SizingReport } from '../sizing/types';
export interface PlanResult {
  readonly findings: readonly Finding[];
  readonly counts: Readonly<Record<Severity, number>>;
  readonly verdict: HaVerdict;
  readonly sizing: SizingReport;
}
