// The one typed IPC contract between the renderer and the main-process services. Both transports use it:
// Electron IPC (preload + ipcMain.handle) and the browser host (HTTP on 127.0.0.1 with a per-launch token).
// Every request is validated against its schema in main before a service sees it.
import { z } from 'zod';

const Path = z.string().min(1).max(4096);
const Text = z.string().max(64 * 1024 * 1024);
/** Runbook export formats; 'ansible' is the Ansible project (inventory, site.yml, playbooks, README) as one .zip. */
export const ExportFormat = z.enum(['pdf', 'ps1', 'md', 'json', 'ansible']);

// ---- runs and credentials --------------------------------------------------------------------------------------
// The executor's view of a run as plain data (main/executor: events.ts and journal.ts), for the run view. Passwords
// never appear in any of these: a credential crosses the contract only in `credentials.set`'s request.

export const RunTarget = z.enum(['lab', 'hosts']);
export const RUN_STATUSES = ['planned', 'running', 'interrupted', 'waiting', 'succeeded', 'failed', 'aborted'] as const;
export const RunStatusSchema = z.enum(RUN_STATUSES);
export const STEP_STATUSES = ['pending', 'running', 'waiting', 'succeeded', 'passed', 'already-done', 'confirmed', 'skipped', 'would-run', 'failed'] as const;
export const StepStatusSchema = z.enum(STEP_STATUSES);
export const OUTPUT_STREAMS = ['output', 'error', 'warning', 'verbose', 'check', 'whatif'] as const;
const RunIdSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/, 'a run id is a folder name such as 20261125-131502-a1b2c3');
const StepIdSchema = z.string().min(1).max(300);
const CredentialIdSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$/, 'a credential id as returned by credentials.set or credentials.list');
const Count = z.int().min(0);
/** A real host: FQDN, NetBIOS name, IPv4 or IPv6 address. */
const HostAddress = z
  .string()
  .trim()
  .min(1, 'enter the FQDN or IP address of the server')
  .max(255)
  .regex(/^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,62})(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}))*\.?|\[?[0-9A-Fa-f:.]+\]?)$/, 'a host is an FQDN (ex1.contoso.local) or an IP address');

export const StepCountsSchema = z.object({
  total: Count,
  succeeded: Count,
  passed: Count,
  alreadyDone: Count,
  confirmed: Count,
  skipped: Count,
  wouldRun: Count,
  failed: Count,
  running: Count,
  waiting: Count,
  pending: Count,
});

const RunSettingsSchema = z.object({
  dryRun: z.boolean(),
  maxParallelHosts: z.int().min(1),
  stepTimeoutMs: z.int().min(1),
  restartTimeoutMs: z.int().min(1),
  retries: z.int().min(0),
  retryDelayMs: z.int().min(0),
  autoConfirm: z.object({ by: z.string(), reason: z.string() }).nullable(),
});

/**
 * The design open in the calling window: its file (null until it is saved) and the window's id for this open
 * document (new whenever a design is opened or created). Runs belong to the design they were planned from; main
 * refuses to resume or control a run from another design.
 */
export const OpenDesignSchema = z.strictObject({
  path: Path.nullable(),
  documentId: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$/, 'a document id such as doc-1a2b3c4d'),
});
export type OpenDesignWire = z.output<typeof OpenDesignSchema>;

/** The design a run was planned from (null: a run made before runs recorded their design). */
export const RunDesignSchema = z
  .object({
    path: z.string().nullable(),
    title: z.string(),
    revision: Count,
  })
  .nullable();

/** One run as the list of runs shows it. */
export const RunSummarySchema = z.object({
  runId: RunIdSchema,
  target: RunTarget,
  status: RunStatusSchema,
  title: z.string(),
  organization: z.string(),
  contentHash: z.string(),
  dryRun: z.boolean(),
  plannedAt: z.string().nullable(),
  startedAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  counts: StepCountsSchema,
  /** Design server name → real host (FQDN or IP). */
  hosts: z.record(z.string(), z.string()),
  /** A process of this app is executing it now. */
  active: z.boolean(),
  design: RunDesignSchema,
  /** Made from the design the caller has open (only then are Resume, Retry, Skip and Confirm offered and accepted). */
  belongs: z.boolean(),
});

/** One step of a run: what it is (from the frozen runbook) and how it went (from the journal). */
export const RunStepSchema = z.object({
  id: StepIdSchema,
  title: z.string(),
  phase: z.string(),
  /** Design server name ('' for operator steps). */
  server: z.string(),
  /** Real host ('' for operator steps). */
  host: z.string(),
  operator: z.boolean(),
  restarts: z.boolean(),
  expectedSeconds: z.number().min(0),
  status: StepStatusSchema,
  attempt: Count,
  durationMs: z.number().min(0).nullable(),
  error: z.string().nullable(),
  failingCommand: z.string().nullable(),
  by: z.string().nullable(),
  reason: z.string().nullable(),
  /** Operator steps: the checklist to confirm. */
  checklist: z.array(z.string()),
});

export const RunDetailSchema = RunSummarySchema.extend({
  settings: RunSettingsSchema.nullable(),
  steps: z.array(RunStepSchema),
});

const eventBase = { v: z.literal(1), runId: RunIdSchema, seq: z.int().min(1), at: z.string() };

/** A journaled run event (main/executor/events.ts RunEvent), already redacted by the executor. */
export const RunEventSchema = z.discriminatedUnion('type', [
  z.object({
    ...eventBase,
    type: z.literal('run-planned'),
    runbookHash: z.string(),
    title: z.string(),
    organization: z.string(),
    stepCount: Count,
    stepIds: z.array(z.string()),
    hosts: z.record(z.string(), z.string()),
    settings: RunSettingsSchema,
  }),
  z.object({ ...eventBase, type: z.literal('run-started'), pid: z.int(), transport: z.string() }),
  z.object({
    ...eventBase,
    type: z.literal('run-resumed'),
    pid: z.int(),
    transport: z.string(),
    previousStatus: RunStatusSchema,
    interruptedStepIds: z.array(z.string()),
  }),
  z.object({ ...eventBase, type: z.literal('step-interrupted'), stepId: z.string(), attempt: Count }),
  z.object({
    ...eventBase,
    type: z.literal('step-started'),
    stepId: z.string(),
    title: z.string(),
    server: z.string(),
    host: z.string(),
    attempt: Count,
    recheck: z.boolean(),
  }),
  z.object({ ...eventBase, type: z.literal('step-output'), stepId: z.string(), stream: z.enum(OUTPUT_STREAMS), line: z.string() }),
  z.object({
    ...eventBase,
    type: z.literal('step-finished'),
    stepId: z.string(),
    outcome: z.enum(['succeeded', 'passed', 'confirmed', 'would-run']),
    durationMs: z.number().min(0),
    whatIf: z.boolean().optional(),
    by: z.string().optional(),
    reason: z.string().optional(),
    auto: z.boolean().optional(),
  }),
  z.object({
    ...eventBase,
    type: z.literal('step-skipped'),
    stepId: z.string(),
    reason: z.enum(['already-done', 'confirmed']),
    durationMs: z.number().min(0),
    by: z.string().optional(),
    why: z.string().optional(),
  }),
  z.object({ ...eventBase, type: z.literal('step-waiting'), stepId: z.string(), checklist: z.array(z.string()) }),
  z.object({
    ...eventBase,
    type: z.literal('step-failed'),
    stepId: z.string(),
    attempt: Count,
    error: z.string(),
    failingCommand: z.string(),
    durationMs: z.number().min(0),
    willRetry: z.boolean(),
  }),
  z.object({ ...eventBase, type: z.literal('step-retried'), stepId: z.string(), attempt: Count, by: z.string(), reason: z.string() }),
  z.object({ ...eventBase, type: z.literal('run-abort-requested'), by: z.string() }),
  z.object({ ...eventBase, type: z.literal('run-aborted'), counts: StepCountsSchema }),
  z.object({
    ...eventBase,
    type: z.literal('run-finished'),
    status: z.enum(['succeeded', 'failed']),
    counts: StepCountsSchema,
    failedStepIds: z.array(z.string()),
  }),
]);

/** Derived progress (never journaled): emitted after every step state change. */
export const RunProgressSchema = z.object({
  type: z.literal('progress'),
  runId: RunIdSchema,
  done: Count,
  total: Count,
  counts: StepCountsSchema,
  runningStepIds: z.array(z.string()),
  remainingExpectedSeconds: z.number().min(0),
  etaSeconds: z.number().min(0).nullable(),
  elapsedMs: z.number().min(0),
});

/** The payload of every 'run' event main pushes to the renderer. */
export const RunStreamEventSchema = z.union([RunEventSchema, RunProgressSchema]);
export type RunEventWire = z.output<typeof RunEventSchema>;
export type RunProgressWire = z.output<typeof RunProgressSchema>;
export type RunStreamEvent = z.output<typeof RunStreamEventSchema>;
export type RunSummaryWire = z.output<typeof RunSummarySchema>;
export type RunDetailWire = z.output<typeof RunDetailSchema>;
export type RunStepWire = z.output<typeof RunStepSchema>;
export type RunTargetKind = z.output<typeof RunTarget>;

/** Checks a 'run' event payload (main before sending, the renderer on receipt); null when it is not one. */
export function parseRunStreamEvent(payload: unknown): RunStreamEvent | null {
  const result = RunStreamEventSchema.safeParse(payload);
  return result.success ? result.data : null;
}

/** Most steps running at once that a run may ask for. */
export const MAX_PARALLEL_HOSTS = 32;
/** Longest pause the rehearsal lab may be told to take per script (ms), to watch a rehearsal unfold. */
export const MAX_LAB_STEP_DELAY_MS = 10_000;

const RunOptionsSchema = z.strictObject({
  /** Checks only, plus the -WhatIf form of the steps that support it: nothing changes on the hosts. */
  dryRun: z.boolean().default(false),
  /** Default: the design's deployment.maxParallelHosts. */
  maxParallelHosts: z.int().min(1).max(MAX_PARALLEL_HOSTS).optional(),
  /** Automatic retries of a failed step before the run stops. */
  retries: z.int().min(0).max(10).optional(),
  /** Lab only: injected faults in `extopo rehearse --fault` syntax (unreachable:EX3, fail:STEPID:2, slow:EX4:200 …). */
  faults: z.array(z.string().min(1).max(300)).max(50).optional(),
  /** Lab only: operator checklist steps are confirmed automatically (default true); real runs always ask. */
  autoConfirm: z.boolean().optional(),
  /** Lab only: how long each simulated script takes (ms), so a rehearsal can be watched. */
  labStepMs: z.int().min(0).max(MAX_LAB_STEP_DELAY_MS).optional(),
  /**
   * Lab only: 'lab' (default) applies each step's action in the TypeScript lab; 'pwsh' runs each step's real script
   * and check in PowerShell 7 against the host double (needs pwsh on this machine).
   */
  engine: z.enum(['lab', 'pwsh']).optional(),
});

const ReportBytes = z.object({ fileName: z.string(), path: z.string().nullable(), base64: z.string(), bytes: z.int().min(0) });
const CredentialEntry = z.object({ credentialId: CredentialIdSchema, user: z.string(), remembered: z.boolean() });

export const CHANNELS = {
  'app.info': {
    request: z.strictObject({}),
    response: z.object({ version: z.string(), shell: z.enum(['electron', 'browser']), platform: z.string(), documentsDir: z.string() }),
  },
  'templates.list': {
    request: z.strictObject({}),
    response: z.array(z.object({ name: z.string(), title: z.string(), description: z.string() })),
  },
  'templates.get': {
    request: z.strictObject({ name: z.string().min(1).max(100) }),
    response: z.object({ name: z.string(), text: Text }),
  },
  /** Native open dialog (Electron). The browser host answers null and the renderer shows its own file list. */
  'document.openDialog': {
    request: z.strictObject({}),
    response: z.object({ path: Path, text: Text }).nullable(),
  },
  /** Native save dialog (Electron) or a path in the browser host's documents folder for the given name. */
  'document.saveDialog': {
    request: z.strictObject({ suggestedName: z.string().min(1).max(255), format: z.enum(['design', ...ExportFormat.options]) }),
    response: z.object({ path: Path }).nullable(),
  },
  /** Design files in the documents folder (browser host) plus recent files. */
  'document.list': {
    request: z.strictObject({}),
    response: z.array(z.object({ path: Path, name: z.string(), modified: z.string() })),
  },
  'document.read': {
    request: z.strictObject({ path: Path }),
    response: z.object({ path: Path, text: Text }),
  },
  /** Atomic write (temp file + rename; the previous version kept as .bak). Adds the file to the recent list. */
  'document.write': {
    request: z.strictObject({ path: Path, text: Text }),
    response: z.object({ path: Path, savedAt: z.string() }),
  },
  'document.recent': {
    request: z.strictObject({}),
    response: z.array(Path),
  },
  /** Crash recovery: the renderer autosaves the open design under a key (its path, or "untitled"). */
  'autosave.write': {
    request: z.strictObject({ key: z.string().min(1).max(4096), text: Text }),
    response: z.object({ savedAt: z.string() }),
  },
  'autosave.list': {
    request: z.strictObject({}),
    response: z.array(z.object({ key: z.string(), savedAt: z.string(), title: z.string() })),
  },
  'autosave.read': {
    request: z.strictObject({ key: z.string().min(1).max(4096) }),
    response: z.object({ key: z.string(), text: Text }).nullable(),
  },
  'autosave.clear': {
    request: z.strictObject({ key: z.string().min(1).max(4096) }),
    response: z.object({ cleared: z.boolean() }),
  },
  /** Exports the runbook of a design (given as its file text). With `path`, writes there; returns the bytes too. */
  'export.runbook': {
    request: z.strictObject({ format: ExportFormat, text: Text, designPath: z.string().max(4096).optional(), path: Path.optional() }),
    response: z.object({ fileName: z.string(), path: z.string().nullable(), base64: z.string(), bytes: z.number() }),
  },
  /** Sets the window title / dirty marker (Electron) — a no-op in the browser host. */
  'window.setState': {
    request: z.strictObject({ title: z.string().max(500), dirty: z.boolean() }),
    response: z.object({ ok: z.boolean() }),
  },
  /**
   * Plans a run of the design's runbook (frozen in the runs folder; nothing runs yet): against the rehearsal lab,
   * or against real hosts through PowerShell remoting with a credential from credentials.set.
   */
  'run.plan': {
    request: z.strictObject({
      text: Text,
      /** The design the run belongs to (recorded with the run). */
      design: OpenDesignSchema,
      target: RunTarget,
      /** Design server name → real host (FQDN or IP). The lab defaults every server to its design FQDN. */
      hosts: z.record(z.string().min(1).max(100), HostAddress).default({}),
      credentialId: CredentialIdSchema.optional(),
      options: RunOptionsSchema.default({ dryRun: false }),
    }),
    response: z.object({ runId: RunIdSchema, total: Count, contentHash: z.string(), run: RunDetailSchema }),
  },
  /** Starts a planned run (progress arrives as 'run' events). */
  'run.start': {
    request: z.strictObject({
      runId: RunIdSchema,
      /** The open design and its text: refused unless the run was planned from this design and this revision. */
      design: OpenDesignSchema,
      text: Text,
      /** A real (non-dry) run against hosts starts only with the design's organization name typed by the admin. */
      confirmOrganization: z.string().max(300).optional(),
    }),
    response: z.object({ runId: RunIdSchema, status: RunStatusSchema }),
  },
  /**
   * Continues an interrupted, failed or aborted run, with the design as it is now: refused (ok: false) when the run
   * belongs to another design ('other-design') or the design changed since the run was planned ('design-changed').
   * Lab runs resume against their saved lab world; `faults` replaces the injected faults (default: none, the lab is
   * repaired).
   */
  'run.resume': {
    request: z.strictObject({
      runId: RunIdSchema,
      text: Text,
      design: OpenDesignSchema,
      credentialId: CredentialIdSchema.optional(),
      faults: z.array(z.string().min(1).max(300)).max(50).optional(),
      confirmOrganization: z.string().max(300).optional(),
    }),
    response: z.discriminatedUnion('ok', [
      z.object({ ok: z.literal(true), runId: RunIdSchema, run: RunDetailSchema }),
      z.object({ ok: z.literal(false), reason: z.enum(['design-changed', 'other-design']), message: z.string() }),
    ]),
  },
  /** Stops starting steps; running steps finish, then the run ends "aborted" (resumable). Allowed from any design: stopping is always safe. */
  'run.abort': {
    request: z.strictObject({ runId: RunIdSchema }),
    response: z.object({ runId: RunIdSchema, status: RunStatusSchema }),
  },
  /**
   * Runs a failed step again (and continues the run when it had stopped). This, run.skip and run.confirm are refused
   * unless the run belongs to the open design (`design`) and its revision (`text`).
   */
  'run.retry': {
    request: z.strictObject({ runId: RunIdSchema, stepId: StepIdSchema, design: OpenDesignSchema, text: Text }),
    response: z.object({ runId: RunIdSchema, status: RunStatusSchema }),
  },
  /** Skips a step without running or checking it: needs a reason and an explicit confirmation (journaled). */
  'run.skip': {
    request: z.strictObject({
      runId: RunIdSchema,
      stepId: StepIdSchema,
      reason: z.string().trim().min(1, 'give the reason for skipping (it is journaled)').max(1000),
      confirmed: z.literal(true),
      design: OpenDesignSchema,
      text: Text,
    }),
    response: z.object({ runId: RunIdSchema, status: RunStatusSchema }),
  },
  /** Marks a waiting operator checklist step done. */
  'run.confirm': {
    request: z.strictObject({
      runId: RunIdSchema,
      stepId: StepIdSchema,
      by: z.string().trim().min(1).max(200).optional(),
      note: z.string().max(1000).optional(),
      design: OpenDesignSchema,
      text: Text,
    }),
    response: z.object({ runId: RunIdSchema, status: RunStatusSchema }),
  },
  /**
   * The runs of the open design, newest first; with scope 'all', every run in the runs folder (each says whether it
   * belongs to the open design: the others are shown read-only).
   */
  'run.list': {
    request: z.strictObject({ design: OpenDesignSchema, scope: z.enum(['design', 'all']).default('design') }),
    response: z.array(RunSummarySchema),
  },
  /** One run: its steps and its journal (the newest events when it is very long). */
  'run.journal': {
    /** `design`: the open design, so the answer says whether the run belongs to it (reading is allowed either way). */
    request: z.strictObject({ runId: RunIdSchema, design: OpenDesignSchema.optional() }),
    response: z.object({ run: RunDetailSchema, events: z.array(RunEventSchema), truncated: z.boolean() }),
  },
  /** A run report (what was done, each step's status and duration, trimmed and redacted output). With `path`, writes there too. */
  'run.report': {
    request: z.strictObject({ runId: RunIdSchema, format: z.enum(['md', 'pdf']), path: Path.optional() }),
    response: ReportBytes,
  },
  /** Holds a credential for real runs (in memory; `remember` also stores it encrypted by the OS where possible). */
  'credentials.set': {
    request: z.strictObject({ user: z.string().max(300), password: z.string().max(1024), remember: z.boolean().default(false) }),
    response: z.object({
      credentialId: CredentialIdSchema,
      user: z.string(),
      remembered: z.boolean(),
      /** Why it was not remembered although asked (kept for this session only), or null. */
      notice: z.string().nullable(),
    }),
  },
  /** The credentials held: ids and user names only, never passwords. */
  'credentials.list': {
    request: z.strictObject({}),
    response: z.object({ credentials: z.array(CredentialEntry), rememberUnavailableReason: z.string().nullable() }),
  },
  'credentials.forget': {
    request: z.strictObject({ credentialId: CredentialIdSchema }),
    response: z.object({ forgotten: z.boolean() }),
  },
  // ---- inventory of a running organization (issue 16; main/services/inventory.ts) ----
  /** Native open dialog for an inventory file (Electron). The browser host answers null: the page picks the file itself. */
  'inventory.openDialog': {
    request: z.strictObject({}),
    response: z.object({ name: z.string(), text: Text }).nullable(),
  },
  /** Parses an inventory (refused with its problems when it is not one) and imports it: a new design, never saved. */
  'inventory.import': {
    request: z.strictObject({ text: Text }),
    response: z.object({ design: Text, notes: z.array(z.string()), summary: z.string() }),
  },
  /**
   * Runs Get-ExTopoInventory.ps1 read-only through `server` of the open design: in the design's rehearsal lab
   * (host double), or on the real host (`host`, default its FQDN) with a credential from credentials.set.
   */
  'inventory.read': {
    request: z.strictObject({
      design: OpenDesignSchema,
      text: Text,
      target: RunTarget,
      server: z.string().min(1).max(100),
      host: HostAddress.optional(),
      credentialId: CredentialIdSchema.optional(),
    }),
    response: z.object({ text: Text, source: z.string(), summary: z.string(), warnings: z.array(z.string()), problems: Count }),
  },
} as const;

export type Channel = keyof typeof CHANNELS;
export type Request<C extends Channel> = z.input<(typeof CHANNELS)[C]['request']>;
export type Response<C extends Channel> = z.output<(typeof CHANNELS)[C]['response']>;

/** The API the renderer sees (window.extopo in Electron, an HTTP client in the browser). */
export type ExtopoApi = {
  readonly invoke: <C extends Channel>(channel: C, request: Request<C>) => Promise<Response<C>>;
  /** Events pushed by main: menu commands ("menu" with a command id), executor progress ("run"). */
  readonly on: (event: 'menu' | 'run', listener: (payload: unknown) => void) => () => void;
};

/** Menu commands main sends to the renderer (native menu in Electron; the renderer's own toolbar otherwise). */
export const MENU_COMMANDS = [
  'file.new', 'file.open', 'file.save', 'file.saveAs', 'file.exportPdf', 'file.exportPs1', 'file.exportMd', 'file.exportAnsible', 'file.close', 'file.importInventory',
  'edit.undo', 'edit.redo', 'edit.cut', 'edit.copy', 'edit.paste', 'edit.delete', 'edit.selectAll',
  'view.zoomIn', 'view.zoomOut', 'view.fit', 'view.problems', 'view.runbook', 'view.layout',
] as const;
export type MenuCommand = (typeof MENU_COMMANDS)[number];

export class IpcValidationError extends Error {
  constructor(
    readonly channel: string,
    readonly issues: readonly string[],
  ) {
    super(`Invalid request on "${channel}": ${issues.join('; ')}`);
    this.name = 'IpcValidationError';
  }
}

/** Validates a request in main; throws IpcValidationError naming the channel and each problem. */
export function parseRequest<C extends Channel>(channel: C, payload: unknown): z.output<(typeof CHANNELS)[C]['request']> {
  const schema = CHANNELS[channel].request;
  const result = schema.safeParse(payload);
  if (!result.success) {
    throw new IpcValidationError(channel, result.error.issues.map((i) => `${i.path.join('.') || '(payload)'}: ${i.message}`));
  }
  return result.data as z.output<(typeof CHANNELS)[C]['request']>;
}

export function isChannel(name: string): name is Channel {
  return Object.prototype.hasOwnProperty.call(CHANNELS, name);
}
