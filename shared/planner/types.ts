// What the planner returns: findings, the HA verdict per role and the sizing report.
import type { RuleId, Severity } from './catalogue';
import type { PlannerContext } from './context';

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
}

export type HaVerdict = Readonly<Record<HaRole, RoleVerdict>>;

export interface SiteSizing {
  readonly siteId: string;
  readonly siteName: string;
  readonly mailboxCores: number;
  readonly casCores: number;
  readonly requiredCasCores: number;
  readonly hubCores: number;
  readonly requiredHubCores: number;
}

export interface ServerSizing {
  readonly serverId: string;
  readonly serverName: string;
  readonly roles: readonly string[];
  readonly cores: number;
  readonly ramGB: number;
  readonly recommendedRamGB: number;
  /** Mailboxes whose database cache this server must hold at worst case (all its copies active). */
  readonly mailboxesHosted: number;
  readonly iops: number;
}

export interface DatabaseSizing {
  readonly databaseId: string;
  readonly databaseName: string;
  readonly mailboxes: number;
  readonly projectedSizeGB: number;
  readonly limitGB: number;
  readonly iops: number;
}

export interface SizingReport {
  /** Null when the design has no sizing inputs (mailbox count, quota, message profile). */
  readonly inputs: { readonly mailboxCount: number; readonly mailboxQuotaGB: number; readonly messagesPerDay: number; readonly hubAntivirus: boolean } | null;
  readonly sites: readonly SiteSizing[];
  readonly servers: readonly ServerSizing[];
  readonly databases: readonly DatabaseSizing[];
  readonly recommendation: {
    readonly totalDataGB: number;
    readonly databaseCount: number;
    readonly databaseSizeGB: number;
    readonly copiesPerDatabase: number;
    readonly mailboxCores: number;
    readonly casCores: number;
    readonly hubCores: number;
    readonly mailboxRamGB: number;
    readonly totalIops: number;
  } | null;
}

export interface PlanResult {
  readonly findings: readonly Finding[];
  readonly counts: Readonly<Record<Severity, number>>;
  readonly verdict: HaVerdict;
  readonly sizing: SizingReport;
}
