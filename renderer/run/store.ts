// The run view's store (zustand): the list of runs, the run on screen (folded from 'run' events as they arrive),
// the setup dialog, and the calls to main (run.* and credentials.* through getApi()). The canvas reads
// useServerRunState(name) to show which step each server is on.
import { create } from 'zustand';
import { getApi } from '../api/client';
import { parseRunStreamEvent } from '../../shared/ipc/contract';
import type { Channel, Request, Response, RunStreamEvent, RunSummaryWire, RunTargetKind } from '../../shared/ipc/contract';
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
  readonly runs: readonly RunSummaryWire[];
  readonly current: RunState | null;
  readonly setup: SetupRequest | null;
  /** The step being skipped (the dialog asks for a reason and a confirmation). */
  readonly skipping: string | null;
  /** A resume refused because the design changed: its message and the run, for "plan again". */
  readonly refusal: { readonly runId: string; readonly message: string; readonly target: RunTargetKind; readonly hosts: Readonly<Record<string, string>> } | null;
  readonly credentials: readonly CredentialEntry[];
  readonly rememberUnavailableReason: string | null;
  /** Set while a call is in flight (its label). */
  readonly busy: string | null;
}

export const useRuns = create<RunViewState>()(() => ({
  runs: [],
  current: null,
  setup: null,
  skipping: null,
  refusal: null,
  credentials: [],
  rememberUnavailableReason: null,
  busy: null,
}));

const get = useRuns.getState;
const set = useRuns.setState;

/** A call to main with `label` as the run view's busy state; a failure is a toast and null. */
function call<C extends Channel>(label: string, channel: C, request: Request<C>): Promise<Response<C> | null> {
  return withBusy(label, () => getApi().invoke(channel, request), (busy) => set({ busy }));
}

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
    if (event.type === 'run-finished') {
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

export async function refreshRuns(): Promise<void> {
  try {
    set({ runs: await getApi().invoke('run.list', {}) });
  } catch (error) {
    toast('error', `Listing the runs failed: ${errorMessage(error)}`);
  }
}

/** Shows a run (its steps, and the log rebuilt from its journal). */
export async function openRun(runId: string): Promise<void> {
  const journal = await call('Opening the run', 'run.journal', { runId });
  if (!journal) return;
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
  const doc = useEditor.getState().doc;
  const planned = await call('Planning the run', 'run.plan', {
    text: serializeDesign(doc),
    target: request.target,
    hosts: request.hosts,
    ...(request.credentialId ? { credentialId: request.credentialId } : {}),
    options: request.options,
  });
  if (!planned) return false;
  set({ current: initialRunState(planned.run), setup: null, refusal: null });
  const started = await call('Starting the run', 'run.start', { runId: planned.runId, ...(request.confirmOrganization ? { confirmOrganization: request.confirmOrganization } : {}) });
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
  const answer = await call('Resuming the run', 'run.resume', { runId: run.runId, text: serializeDesign(useEditor.getState().doc), ...extra });
  if (!answer) return;
  if (!answer.ok) {
    set({ refusal: { runId: run.runId, message: answer.message, target: run.target, hosts: run.hosts } });
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
  if (runId) await call('Retrying', 'run.retry', { runId, stepId });
}

export async function skipStep(stepId: string, reason: string): Promise<boolean> {
  const runId = currentRunId();
  if (!runId) return false;
  const answer = await call('Skipping', 'run.skip', { runId, stepId, reason, confirmed: true });
  if (answer) set({ skipping: null });
  return answer !== null;
}

export async function confirmStep(stepId: string, by?: string): Promise<void> {
  const runId = currentRunId();
  if (runId) await call('Confirming', 'run.confirm', { runId, stepId, ...(by ? { by } : {}) });
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

/** What a design server is doing in the run on screen (null: no run, or no step on it). For the canvas cards. */
export function useServerRunState(server: string): ServerRunState | null {
  return useRuns((s) => serverRunStateCached(s.current, server));
}

// serverRunState builds a new object each call; zustand selectors must return a stable value for unchanged state.
const cache = new WeakMap<RunState, Map<string, ServerRunState | null>>();
function serverRunStateCached(state: RunState | null, server: string): ServerRunState | null {
  if (!state) return null;
  let byServer = cache.get(state);
  if (!byServer) cache.set(state, (byServer = new Map()));
  if (!byServer.has(server)) byServer.set(server, serverRunState(state, server));
  return byServer.get(server) ?? null;
}

export type { ServerRunState };
