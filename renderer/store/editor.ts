// The editor's state (zustand): the open document, its undo/redo history (snapshots of the immutable document —
// every edit is a pure command from shared/edits), the selection, the planner's verdict on the current design and
// the transient UI state (toasts, dialogs, view requests for the canvas).
import { create } from 'zustand';
import type { Clipboard, EditResult } from '../../shared/edits';
import type { DesignDocument } from '../../shared/model/types';
import { planDesign } from '../../shared/planner';
import type { PlanResult } from '../../shared/planner';
import { emptyDesignDocument } from '../../shared/edits/document';
import { createPlanClient, createPlanWorker } from './planWorker';
import type { PlanClient, PlanOutcome } from './planWorker';

/** Undo steps kept. */
export const HISTORY_LIMIT = 200;
/**
 * The planner runs synchronously on every edit while it takes less than this; slower runs go to the planner worker
 * (renderer/store/planWorker.ts), the latest edit winning, and the previous findings stay shown until they arrive.
 */
export const PLAN_SYNC_BUDGET_MS = 20;
/** Opening a design with more servers than this plans it in the worker (the canvas shows first). */
export const LOAD_SYNC_MAX_SERVERS = 40;
export const TOAST_MS = 5000;
const MAX_TOASTS = 4;

export type ToastKind = 'error' | 'info' | 'success';
export interface Toast {
  readonly id: number;
  readonly kind: ToastKind;
  readonly text: string;
}

export type BottomTab = 'problems' | 'runbook' | 'sizing' | 'servers' | 'runs' | 'drift' | 'namespace';

export interface RecoveryEntry {
  readonly key: string;
  readonly savedAt: string;
  readonly title: string;
}

export type Dialog =
  | { readonly kind: 'templates' }
  | { readonly kind: 'open' }
  | { readonly kind: 'saveAs'; readonly format: 'design' }
  | { readonly kind: 'recover'; readonly entries: readonly RecoveryEntry[] }
  /** Unsaved changes before New, Open, Import or Close: Save / Discard / Cancel (renderer/app/files.ts). */
  | { readonly kind: 'unsaved'; readonly action: 'new' | 'open' | 'import' | 'close' }
  /** A rule's catalogue entry (a finding's rule id in the Problems panel), renderer/components/RuleDialog.tsx. */
  | { readonly kind: 'rule'; readonly ruleId: string };

export type ViewRequest =
  | { readonly seq: number; readonly kind: 'fit'; readonly ids: readonly string[] | null }
  | { readonly seq: number; readonly kind: 'zoomIn' | 'zoomOut' }
  /**
   * Show these nodes, zooming only as far as needed (none when they are in view already). `keepZoom`: never zoom in
   * (a drop: the user chose the zoom, and the dropped nodes are in view unless the drop laid them out elsewhere).
   */
  | { readonly seq: number; readonly kind: 'reveal'; readonly ids: readonly string[]; readonly keepZoom?: boolean };

export interface EditorState {
  readonly doc: DesignDocument;
  /** File the document was opened from / saved to; null for a new design. */
  readonly path: string | null;
  /** This window's id for the open document: new on every open, new design or recovery (runs belong to it). */
  readonly documentId: string;
  /** The document as last opened or saved (dirty = doc differs from it); null when never saved. */
  readonly savedDoc: DesignDocument | null;
  readonly savedRevision: number;
  readonly past: readonly DesignDocument[];
  readonly future: readonly DesignDocument[];
  readonly selection: ReadonlySet<string>;
  readonly clipboard: { readonly data: Clipboard; readonly pastes: number } | null;
  readonly plan: PlanResult;
  /** The design the plan was computed for (lags behind doc.design only while a slow plan is pending). */
  readonly plannedDesign: DesignDocument['design'];
  readonly planMs: number;
  readonly toasts: readonly Toast[];
  readonly bottomTab: BottomTab;
  readonly dialog: Dialog | null;
  readonly viewRequest: ViewRequest | null;
  readonly shell: 'electron' | 'browser';
  /** Set while the app waits for main (saving, exporting). */
  readonly busy: string | null;
}

function safePlan(doc: DesignDocument): { plan: PlanResult; ms: number } {
  const t0 = performance.now();
  const plan = planDesign(doc.design);
  return { plan, ms: performance.now() - t0 };
}

const initialDoc = emptyDesignDocument();
const initialPlan = safePlan(initialDoc);
/** Shown while a freshly opened large design is planned in the worker: no findings yet (not those of the last one). */
const PENDING_PLAN: PlanResult = { ...initialPlan.plan, findings: [], counts: { error: 0, warning: 0, info: 0 } };

let documentSeq = 0;
/** A fresh id for a document opened in this window (random part: unique across windows and restarts). */
function newDocumentId(): string {
  return `doc-${Date.now().toString(36)}-${(++documentSeq).toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

export const useEditor = create<EditorState>()(() => ({
  doc: initialDoc,
  path: null,
  documentId: newDocumentId(),
  savedDoc: initialDoc,
  savedRevision: initialDoc.revision,
  past: [],
  future: [],
  selection: new Set<string>(),
  clipboard: null,
  plan: initialPlan.plan,
  plannedDesign: initialDoc.design,
  planMs: initialPlan.ms,
  toasts: [],
  bottomTab: 'problems',
  dialog: null,
  viewRequest: null,
  shell: 'browser',
  busy: null,
}));

const get = useEditor.getState;
const set = useEditor.setState;

// ---- planner -------------------------------------------------------------------------------------------------

let planTimer: ReturnType<typeof setTimeout> | null = null;
/** Version of the latest design sent to the worker (replies for older versions are dropped). */
let planVersion = 0;
let planClient: PlanClient | null = null;
let planWaiters: (() => void)[] = [];

function settlePlanWaiters(): void {
  const { doc, plannedDesign } = get();
  if (doc.design !== plannedDesign || planWaiters.length === 0) return;
  const waiters = planWaiters;
  planWaiters = [];
  for (const resolve of waiters) resolve();
}

/** Resolves once the findings shown are those of the current design (at once when they are). */
export function planned(): Promise<void> {
  const { doc, plannedDesign } = get();
  if (doc.design === plannedDesign) return Promise.resolve();
  return new Promise((resolve) => planWaiters.push(resolve));
}

function plannerFailed(design: DesignDocument['design'], error: unknown): void {
  set({ plannedDesign: design });
  toast('error', `The planner failed on this design: ${error instanceof Error ? error.message : String(error)}`);
}

function onWorkerPlan(version: number, design: DesignDocument['design'], outcome: PlanOutcome): void {
  if (version !== planVersion || get().doc.design !== design) return; // a newer edit is being planned
  if (!outcome.ok) plannerFailed(design, outcome.error);
  else {
    const current = get().plan;
    const next = outcome.plan;
    // Nothing changed (a move inside a site): keep the plan object, so what shows it does not re-render.
    const same = next.findings === current.findings && next.counts === current.counts && next.verdict === current.verdict && next.sizing === current.sizing;
    set({ plan: same ? current : next, plannedDesign: design, planMs: outcome.ms });
  }
  settlePlanWaiters();
}

/** The worker client, created on first use; null where workers are missing or the worker broke (plan in line). */
function workerClient(): PlanClient | null {
  if (planClient) return planClient.broken ? null : planClient;
  const worker = createPlanWorker();
  if (!worker) return null;
  planClient = createPlanClient(worker, {
    onResult: onWorkerPlan,
    onBroken: (pending) => {
      if (pending) planTimer = setTimeout(replan, 0);
    },
  });
  return planClient;
}

function replan(): void {
  planTimer = null;
  const { doc, plannedDesign } = get();
  if (doc.design === plannedDesign) return settlePlanWaiters();
  try {
    const { plan, ms } = safePlan(doc);
    set({ plan, plannedDesign: doc.design, planMs: ms });
  } catch (error) {
    plannerFailed(doc.design, error);
  }
  settlePlanWaiters();
}

/** afterPaint() runs its callback after this long when no frame comes (a hidden window). */
const AFTER_PAINT_MAX_MS = 100;
/**
 * Runs `fn` once the edit that scheduled it has been painted (the next frame, then a task). Posting a design to the
 * planner worker copies it (a structured clone: ~10 ms at 1,000 nodes), which would otherwise delay the painted drop
 * or the opened design.
 */
function afterPaint(fn: () => void): void {
  let done = false;
  const run = () => {
    if (done) return;
    done = true;
    fn();
  };
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => setTimeout(run, 0));
  setTimeout(run, AFTER_PAINT_MAX_MS);
}

/** Sends the current design to the worker after the next paint, unless a newer edit (version) came first. */
function requestPlanAfterPaint(client: PlanClient, version: number): void {
  afterPaint(() => {
    if (version !== planVersion) return; // a newer edit sends its own design
    if (client.broken) replan();
    else client.request(version, get().doc.design);
  });
}

/** Re-plans now when the planner is fast or there is no worker, else in the worker (the latest edit wins). */
function schedulePlan(): void {
  if (planTimer) clearTimeout(planTimer);
  planTimer = null;
  planVersion++;
  if (get().planMs < PLAN_SYNC_BUDGET_MS || get().doc.design === get().plannedDesign) {
    replan();
    return;
  }
  const client = workerClient();
  if (client) requestPlanAfterPaint(client, planVersion);
  // No worker (unit tests under happy-dom, or it broke): in line, so the findings always follow the edit at once.
  else replan();
}

// ---- toasts --------------------------------------------------------------------------------------------------

let toastSeq = 0;
export function toast(kind: ToastKind, text: string): void {
  const id = ++toastSeq;
  set((s) => ({ toasts: [...s.toasts.slice(-(MAX_TOASTS - 1)), { id, kind, text }] }));
  setTimeout(() => dismissToast(id), kind === 'error' ? TOAST_MS * 1.6 : TOAST_MS);
}

export function dismissToast(id: number): void {
  set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) }));
}

// ---- edits ---------------------------------------------------------------------------------------------------

export interface CommitOptions {
  /** 'created': select what the command created; a list: select those; undefined: keep the selection. */
  readonly select?: 'created' | readonly string[];
  /** Show refusals as a toast (default) — the inspector shows them inline instead. */
  readonly toastErrors?: boolean;
  /** Show the command's notes as toasts (default true). */
  readonly toastNotes?: boolean;
}

/** Applies an edit's result: a new undo step, the planner re-run, notes shown. Returns the refusal reason or null. */
export function commit(result: EditResult, options: CommitOptions = {}): string | null {
  if (!result.ok) {
    if (options.toastErrors !== false) toast('error', result.reason);
    return result.reason;
  }
  const s = get();
  if (result.doc !== s.doc) {
    const selection =
      options.select === 'created' ? new Set(result.created) : options.select ? new Set(options.select) : pruneSelection(s.selection, result.doc);
    set({ doc: result.doc, past: [...s.past.slice(-(HISTORY_LIMIT - 1)), s.doc], future: [], selection });
    schedulePlan();
  }
  if (options.toastNotes !== false) for (const note of result.notes) toast('info', note);
  return null;
}

/** Runs a command on the current document and commits it. */
export function edit(command: (doc: DesignDocument) => EditResult, options?: CommitOptions): string | null {
  return commit(command(get().doc), options);
}

function idsOf(doc: DesignDocument): Set<string> {
  const d = doc.design;
  const ids = new Set<string>();
  for (const list of [d.sites, d.subnets, d.servers, d.nlbClusters, d.hardwareLoadBalancers, d.casArrays, d.dags]) for (const x of list) ids.add(x.id);
  return ids;
}

function pruneSelection(selection: ReadonlySet<string>, doc: DesignDocument): ReadonlySet<string> {
  if (selection.size === 0) return selection;
  const ids = idsOf(doc);
  const kept = [...selection].filter((id) => ids.has(id) || id.includes('|'));
  return kept.length === selection.size ? selection : new Set(kept);
}

export function undo(): void {
  const s = get();
  const previous = s.past[s.past.length - 1];
  if (!previous) return;
  set({ doc: previous, past: s.past.slice(0, -1), future: [s.doc, ...s.future], selection: pruneSelection(s.selection, previous) });
  schedulePlan();
}

export function redo(): void {
  const s = get();
  const next = s.future[0];
  if (!next) return;
  set({ doc: next, past: [...s.past, s.doc], future: s.future.slice(1), selection: pruneSelection(s.selection, next) });
  schedulePlan();
}

/** Replaces the document (open, new, recover): history cleared, the view framed. */
export function loadDocument(doc: DesignDocument, path: string | null, options: { saved: boolean } = { saved: true }): void {
  if (planTimer) clearTimeout(planTimer);
  planTimer = null;
  planVersion++;
  let plan: PlanResult = get().plan;
  let ms = get().planMs;
  let plannedDesign = doc.design;
  // A large design is planned in the worker: the canvas shows at once, the findings follow (until then none,
  // rather than those of the document that was open before).
  const client = doc.design.servers.length > LOAD_SYNC_MAX_SERVERS ? workerClient() : null;
  if (client) {
    plan = PENDING_PLAN;
    plannedDesign = initialDoc.design;
    ms = PLAN_SYNC_BUDGET_MS;
  } else {
    try {
      ({ plan, ms } = safePlan(doc));
    } catch (error) {
      toast('error', `The planner failed on this design: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  set({
    doc,
    path,
    documentId: newDocumentId(),
    savedDoc: options.saved ? doc : null,
    savedRevision: doc.revision,
    past: [],
    future: [],
    selection: new Set(),
    plan,
    plannedDesign,
    planMs: ms,
    dialog: null,
  });
  if (client) requestPlanAfterPaint(client, planVersion);
  else settlePlanWaiters();
  requestView({ kind: 'fit', ids: null });
}

export function markSaved(doc: DesignDocument, path: string): void {
  set({ doc, path, savedDoc: doc, savedRevision: doc.revision });
}

// ---- selection and view --------------------------------------------------------------------------------------

export function select(ids: Iterable<string>): void {
  set({ selection: new Set(ids) });
}

export function updateSelection(changes: readonly { id: string; selected: boolean }[]): void {
  const s = get();
  let next: Set<string> | null = null;
  for (const c of changes) {
    if (c.selected === s.selection.has(c.id) && !next) continue;
    next ??= new Set(s.selection);
    if (c.selected) next.add(c.id);
    else next.delete(c.id);
  }
  if (next) set({ selection: next });
}

let viewSeq = 0;
export function requestView(
  request: { kind: 'fit'; ids: readonly string[] | null } | { kind: 'zoomIn' | 'zoomOut' } | { kind: 'reveal'; ids: readonly string[]; keepZoom?: boolean },
): void {
  set({ viewRequest: { ...request, seq: ++viewSeq } as ViewRequest });
}

export function isDirty(s: Pick<EditorState, 'doc' | 'savedDoc'>): boolean {
  return s.doc !== s.savedDoc;
}
