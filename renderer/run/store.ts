// The run view's store (zustand): the list of runs, the run on screen (folded from 'run' events as they arrive),
// the setup dialog, and the calls to main (run.* and credentials.* through getApi()). The canvas reads
// useServerRunState(name) to show which step each server is on.
//
// Runs belong to the design they were planned from. Every call says which design is open (its file and this
// window's id for the open document) and main answers with that design's runs only, refusing to resume or control
// another design's run. Opening another design clears the run on screen (and with it the badges on the canvas);
// the runs of other designs can be listed read-only.
import { create } from 'zustand';
import { getApi } from '../api/client';
import { parseRunStreamEvent } from '../../shared/ipc/contract';
import type { Channel, OpenDesignWire, Request, Response, RunStreamEvent, RunSummaryWire, RunTargetKind } from '../../shared/ipc/contract';
import { serializeDesign } from '../../shared/model/load';
import { errorMessage, saveOrDownload, withBusy } from '../app/files';
import { toast, useEditor } from '../store/editor';
import { applyRunEvent, initialRunState, serverRunState } from './model';
import type { RunState, ServerRunState } from './model';

export interface CredentialEntry {
  readonly credentialId: string;
  readonly user: string;
  readonly remembered: boolean;
}

export interface SetupRequest {
  readonly target: RunTargetKind;
  /** Pre-fills from a run being planned again. */
  readonly hosts?: Readonly<Record<string, string>>;
  readonly dryRun?: boolean;
}

export interface RunViewState {
  /** The open design's runs, newest first. */
  readonly runs: readonly RunSummaryWire[];
  /** Also list the runs of other designs (read-only). */
  readonly showOthers: boolean;
  /** The runs of other designs (and runs that record no design), when showOthers. */
  readonly others: readonly RunSummaryWire[];
  readonly current: RunState | null;
  readonly setup: SetupRequest | null;
  /** The step being skipped (the dialog asks for a reason and a confirmation). */
  readonly skipping: string | null;
  /** A resume refused (the design changed, or the run is another design's): its message and the run, for "plan again". */
  readonly refusal: {
    readonly runId: string;
    readonly reason: 'design-changed' | 'other-design';
    readonly message: string;
    readonly target: RunTargetKind;
    readonly hosts: Readonly<Record<string, string>>;
  } | null;
  readonly credentials: readonly CredentialEntry[];
  readonly rememberUnavailableReason: string | null;
  /** Set while a call is in flight (its label). */
  readonly busy: string | null;
  /** The run whose badges on the canvas the admin dismissed (another run on screen shows its badges again). */
  readonly badgesHiddenFor: string | null;
}

export const useRuns = create<RunViewState>()(() => ({
  runs: [],
  showOthers: false,
  others: [],
  current: null,
  setup: null,
  skipping: null,
  refusal: null,
  credentials: [],
  rememberUnavailableReason: null,
  busy: null,
  badgesHiddenFor: null,
}));

const get = useRuns.getState;
const set = useRuns.setState;

/** A call to main with `label` as the run view's busy state; a failure is a toast and null. */
function call<C extends Channel>(label: string, channel: C, request: Request<C>): Promise<Response<C> | null> {
  return withBusy(label, () => getApi().invoke(channel, request), (busy) => set({ busy }));
}

// ---- the open design ---------------------------------------------------------------------------------------------

/** The design open in this window, as main identifies it. */
export function openDesign(): OpenDesignWire {
  const s = useEditor.getState();
  return { path: s.path, documentId: s.documentId };
}

/** The open design and its text: main refuses a control unless the run belongs to it and to this revision. */
function designScope(): { design: OpenDesignWire; text: string } {
  return { design: openDesign(), text: serializeDesign(useEditor.getState().doc) };
}

/** Whether another design was opened since `ref` was taken (an answer about the old one is dropped). */
function switched(ref: OpenDesignWire): boolean {
  return useEditor.getState().documentId !== ref.documentId;
}

// Another design opened: its runs replace the old one's, and nothing of the old run stays on screen or on the canvas.
// The same design saved under a file: list again (main ties the runs planned before the save to the file).
useEditor.subscribe((next, previous) => {
  if (next.documentId !== previous.documentId) {
    set({ current: null, refusal: null, setup: null, skipping: null, runs: [], others: [] });
    if (listening) void refreshRuns();
  } else if (next.path !== previous.path && listening) {
    void refreshRuns();
  }
});

// ---- events ----------------------------------------------------------------------------------------------------

let listening: (() => void) | null = null;
let listTimer: ReturnType<typeof setTimeout> | null = null;
/** Journaled events received lately: replayed over a journal snapshot that was taken before they happened. */
const RECENT_EVENTS = 5000;
let recent: RunStreamEvent[] = [];

/** A run's state from its journal, with the events that arrived while the journal was on its way. */
function withRecentEvents(state: RunState): RunState {
  let next = state;
  for (const e of recent) if (e.runId === state.detail.runId && e.type !== 'progress') next = applyRunEvent(next, e);
  return next;
}

/** Starts listening to 'run' events (once per page); returns the function that stops it. */
export function listenToRuns(): () => void {
  if (listening) return listening;
  const off = getApi().on('run', (payload) => {
    const event = parseRunStreamEvent(payload);
    if (!event) return;
    if (event.type !== 'progress') {
      recent.push(event);
      if (recent.length > RECENT_EVENTS) recent = recent.slice(-RECENT_EVENTS);
    }
    const current = get().current;
    if (current && current.detail.runId === event.runId) set({ current: applyRunEvent(current, event) });
    if (event.type === 'run-finished' || event.type === 'run-aborted' || event.type === 'run-started' || event.type === 'run-resumed') scheduleListRefresh();
    // Only the open design's runs speak up.
    const ours = get().runs.some((r) => r.runId === event.runId) || (current?.detail.runId === event.runId && current.detail.belongs);
    if (event.type === 'run-finished' && ours) {
      if (event.status === 'succeeded') toast('success', `Run ${event.runId} succeeded: every step ended green.`);
      else toast('error', `Run ${event.runId} stopped: ${event.failedStepIds.length > 0 ? `step ${event.failedStepIds.join(', ')} failed` : 'steps could not start'}.`);
    }
  });
  listening = () => {
    off();
    listening = null;
  };
  return listening;
}

function scheduleListRefresh(): void {
  if (listTimer) clearTimeout(listTimer);
  listTimer = setTimeout(() => {
    listTimer = null;
    void refreshRuns();
  }, 50);
}

// ---- reading ---------------------------------------------------------------------------------------------------

/** Lists the open design's runs (and, when asked for, the other designs' runs). */
export async function refreshRuns(): Promise<void> {
  const design = openDesign();
  try {
    const showOthers = get().showOthers;
    const listed = await getApi().invoke('run.list', { design, scope: showOthers ? 'all' : 'design' });
    if (switched(design)) return;
    set({ runs: listed.filter((r) => r.belongs), others: showOthers ? listed.filter((r) => !r.belongs) : [] });
  } catch (error) {
    toast('error', `Listing the runs failed: ${errorMessage(error)}`);
  }
}

/** Shows or hides the runs of other designs (read-only). */
export function setShowOthers(showOthers: boolean): void {
  set({ showOthers, others: showOthers ? get().others : [] });
  void refreshRuns();
}

/** Shows a run (its steps, and the log rebuilt from its journal). Another design's run is shown read-only. */
export async function openRun(runId: string): Promise<void> {
  const design = openDesign();
  const journal = await call('Opening the run', 'run.journal', { runId, design });
  if (!journal || switched(design)) return;
  set({ current: withRecentEvents(initialRunState(journal.run, journal.events)), refusal: null });
}

export async function refreshCredentials(): Promise<void> {
  try {
    const list = await getApi().invoke('credentials.list', {});
    set({ credentials: list.credentials, rememberUnavailableReason: list.rememberUnavailableReason });
  } catch (error) {
    toast('error', `Listing the credentials failed: ${errorMessage(error)}`);
  }
}

// ---- planning and starting -------------------------------------------------------------------------------------

export function openSetup(request: SetupRequest): void {
  useEditor.setState({ bottomTab: 'runs' });
  set({ setup: request, refusal: null });
  void refreshCredentials();
}

export function closeSetup(): void {
  set({ setup: null });
}

export interface StartRequest {
  readonly target: RunTargetKind;
  readonly hosts: Readonly<Record<string, string>>;
  readonly credentialId?: string;
  readonly options: Request<'run.plan'>['options'];
  readonly confirmOrganization?: string;
}

/** Plans the run with the design as it is now, shows it and starts it. Returns whether it started. */
export async function planAndStart(request: StartRequest): Promise<boolean> {
  const { design, text } = designScope();
  const planned = await call('Planning the run', 'run.plan', {
    text,
    design,
    target: request.target,
    hosts: request.hosts,
    ...(request.credentialId ? { credentialId: request.credentialId } : {}),
    options: request.options,
  });
  if (!planned) return false;
  if (switched(design)) {
    toast('info', `Run ${planned.runId} was planned but not started: another design was opened meanwhile.`);
    return false;
  }
  set({ current: initialRunState(planned.run), setup: null, refusal: null });
  const started = await call('Starting the run', 'run.start', {
    runId: planned.runId,
    design,
    text,
    ...(request.confirmOrganization ? { confirmOrganization: request.confirmOrganization } : {}),
  });
  void refreshRuns();
  return started !== null;
}

/** Holds a credential in main; returns its id (null when refused: the toast says why). */
export async function setCredential(user: string, password: string, remember: boolean): Promise<{ credentialId: string; notice: string | null } | null> {
  const answer = await call('Checking the credentials', 'credentials.set', { user, password, remember });
  if (!answer) return null;
  void refreshCredentials();
  return { credentialId: answer.credentialId, notice: answer.notice };
}

export async function forgetCredential(credentialId: string): Promise<void> {
  await call('Forgetting the credentials', 'credentials.forget', { credentialId });
  await refreshCredentials();
}

/** Continues a past run with the design as it is now; a changed design is refused with an offer to plan again. */
export async function resumeRun(run: RunSummaryWire, extra: { credentialId?: string; confirmOrganization?: string } = {}): Promise<void> {
  const { design, text } = designScope();
  const answer = await call('Resuming the run', 'run.resume', { runId: run.runId, text, design, ...extra });
  if (!answer || switched(design)) return;
  if (!answer.ok) {
    set({ refusal: { runId: run.runId, reason: answer.reason, message: answer.message, target: run.target, hosts: run.hosts } });
    return;
  }
  // The journal (with the events that came meanwhile) rather than answer.run: the resumed run's first events may
  // have arrived before the answer, and its log is in the journal.
  await openRun(run.runId);
  void refreshRuns();
}

// ---- controls --------------------------------------------------------------------------------------------------

function currentRunId(): string | null {
  return get().current?.detail.runId ?? null;
}

export async function abortRun(): Promise<void> {
  const runId = currentRunId();
  if (runId) await call('Aborting', 'run.abort', { runId });
}

export async function retryStep(stepId: string): Promise<void> {
  const runId = currentRunId();
  if (runId) await call('Retrying', 'run.retry', { runId, stepId, ...designScope() });
}

export async function skipStep(stepId: string, reason: string): Promise<boolean> {
  const runId = currentRunId();
  if (!runId) return false;
  const answer = await call('Skipping', 'run.skip', { runId, stepId, reason, confirmed: true, ...designScope() });
  if (answer) set({ skipping: null });
  return answer !== null;
}

export async function confirmStep(stepId: string, by?: string): Promise<void> {
  const runId = currentRunId();
  if (runId) await call('Confirming', 'run.confirm', { runId, stepId, ...(by ? { by } : {}), ...designScope() });
}

// ---- reports ---------------------------------------------------------------------------------------------------

/** Exports a run report: saved through the native dialog (Electron) or downloaded (browser host). */
export async function exportReport(runId: string, format: 'md' | 'pdf'): Promise<void> {
  await saveOrDownload({
    label: 'Exporting the report',
    fileName: `run-${runId}-report.${format}`,
    format,
    produce: (path) => getApi().invoke('run.report', { runId, format, ...(path ? { path } : {}) }),
    setBusy: (busy) => set({ busy }),
  });
}

// ---- the canvas --------------------------------------------------------------------------------------------------

/**
 * What a design server is doing in the run on screen (null: no run, no step on it, or the run belongs to another
 * design — its servers are not this design's, even when they share a name). For the canvas cards.
 */
export function useServerRunState(server: string): ServerRunState | null {
  return useRuns((s) => (s.current && s.badgesHiddenFor === s.current.detail.runId ? null : serverRunStateCached(s.current, server)));
}

/** Hides (or shows again) the badges of the run on screen on the server cards. */
export function setRunBadgesShown(shown: boolean): void {
  const runId = get().current?.detail.runId ?? null;
  set({ badgesHiddenFor: shown ? null : runId });
}

/** Whether the run on screen shows its badges on the canvas. */
export function useRunBadgesShown(): boolean {
  return useRuns((s) => s.current === null || s.badgesHiddenFor !== s.current.detail.runId);
}

// serverRunState builds a new object each call; zustand selectors must return a stable value for unchanged state.
const cache = new WeakMap<RunState, Map<string, ServerRunState | null>>();
function serverRunStateCached(state: RunState | null, server: string): ServerRunState | null {
  if (!state || !state.detail.belongs) return null;
  let byServer = cache.get(state);
  if (!byServer) cache.set(state, (byServer = new Map()));
  if (!byServer.has(server)) byServer.set(server, serverRunState(state, server));
  return byServer.get(server) ?? null;
}

export type { ServerRunState };
