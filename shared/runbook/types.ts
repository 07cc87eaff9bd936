// The deployment runbook: ordered steps generated from a design (see ../shared/domain/runbook.md).
// This JSON shape is what the exporters render and what the executor consumes.
import type { StepAction } from './actions';

export type { StepAction, StepActionKind, SetupRole } from './actions';

export type Phase =
  | 'preflight'
  | 'prerequisites'
  | 'exchange-setup'
  | 'nlb'
  | 'dns'
  | 'cas-array'
  | 'namespace'
  | 'mail-flow'
  | 'dag'
  | 'databases'
  | 'verification';

export const PHASES: readonly { readonly id: Phase; readonly title: string }[] = [
  { id: 'preflight', title: 'Preflight checks' },
  { id: 'prerequisites', title: 'Prerequisites' },
  { id: 'exchange-setup', title: 'Exchange setup' },
  { id: 'nlb', title: 'Load balancing (NLB, load balancer)' },
  { id: 'dns', title: 'DNS' },
  { id: 'cas-array', title: 'CAS array' },
  { id: 'namespace', title: 'Client access namespace and certificates' },
  { id: 'mail-flow', title: 'Mail flow (accepted domains, connectors, Edge Subscription, POP3 / IMAP4)' },
  { id: 'dag', title: 'Database availability groups' },
  { id: 'databases', title: 'Mailbox databases and copies' },
  { id: 'verification', title: 'Verification' },
];

/**
 * Where a step runs.
 * - host: on that design server through PowerShell remoting.
 * - ems: the Exchange Management Shell (remote Microsoft.Exchange endpoint) of the named, already installed server.
 * - dns: against the DNS server (deployment.dnsServer, or the AD domain), run from the named server.
 * - operator: a checklist item a person does; no script is run.
 */
export type StepTarget =
  | { readonly kind: 'host'; readonly serverId: string; readonly serverName: string }
  | { readonly kind: 'ems'; readonly serverId: string; readonly serverName: string }
  | { readonly kind: 'dns'; readonly serverId: string; readonly serverName: string; readonly dnsServer: string }
  | { readonly kind: 'operator' };

export interface RunbookStep {
  /** Stable across regenerations of the same design, e.g. `prereq.features.srv-ex3`. */
  readonly id: string;
  readonly phase: Phase;
  readonly target: StepTarget;
  readonly title: string;
  /** What the step does, as data (the script and check are rendered from it; the rehearsal lab applies it). */
  readonly action: StepAction;
  /** PowerShell to run (empty for operator steps). Every design value in it went through the quoting function. */
  readonly script: string;
  /** PowerShell that outputs $true when the step is already done (empty for operator steps). */
  readonly check: string;
  /** Whether the step restarts its host. */
  readonly restarts: boolean;
  /**
   * Whether the step needs a remote session opened for it (Exchange setup: a shell keeps the WinRM memory quota it
   * was opened with, and the quota is raised by an earlier step). Absent: any session will do.
   */
  readonly freshSession?: boolean;
  /** Whether the script's cmdlets honour -WhatIf (for dry runs). */
  readonly supportsWhatIf: boolean;
  /** Ids of the steps this one depends on. */
  readonly dependsOn: readonly string[];
  /** Expected duration in seconds. */
  readonly expectedSeconds: number;
  /** Notes for the operator (markdown-free plain text lines). */
  readonly notes: readonly string[];
  /** Ids of the design objects this step acts on (for the canvas). */
  readonly entityIds: readonly string[];
}

export interface Runbook {
  readonly formatVersion: 1;
  readonly title: string;
  readonly organization: string;
  readonly generatedAt: string;
  /** SHA-256 (hex) of the canonical JSON of the steps: the executor's frozen-plan key. */
  readonly contentHash: string;
  readonly designRevision: number;
  readonly steps: readonly RunbookStep[];
}
