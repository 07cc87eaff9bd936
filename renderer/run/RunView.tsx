// The run on screen: status and progress (steps done / total, ETA), the step(s) running now, what needs the admin
// (a failed step: retry or skip; an operator checklist: confirm), every step with its status icon, and the live log.
import { useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import type { RunStepWire } from '../../shared/ipc/contract';
import { RUN_LABELS, STEP_ICONS, STEP_LABELS, countsLabel, endedFromCounts, isGreen } from '../../shared/runs/status';
import { durationLabel, etaLabel } from './model';
import type { LogLine, RunState } from './model';
import { abortRun, confirmStep, exportReport, retryStep, setRunBadgesShown, skipStep, useRunBadgesShown, useRuns } from './store';

/** Log lines shown (the newest); the report and the journal keep all of them. */
const VISIBLE_LOG_LINES = 400;

function Progress({ state }: { state: RunState }) {
  const { detail, progress } = state;
  // One source for every figure: the counts of the step list (the run list and the canvas badges count the same way).
  const total = detail.counts.total;
  const done = endedFromCounts(detail.counts);
  // "1 failed · 2 running": the rest of the one counts label.
  const extra = countsLabel(detail.counts).split(' · ').slice(1).join(' · ');
  const percent = total === 0 ? 0 : Math.round((done / total) * 100);
  const failed = detail.counts.failed > 0;
  const finished = !detail.active && detail.status !== 'planned';
  return (
    <div className="run-progress" data-testid="run-progress">
      <div className="run-progress-text">
        <strong data-testid="run-progress-count">
          {done}/{total}
        </strong>{' '}
        steps done
        <span className="muted run-counts" data-testid="run-counts">
          {extra === '' ? '' : ` · ${extra}`}
        </span>
        <span className="muted">
          {' · '}
          {finished ? `took ${durationLabel(detail.startedAt && detail.endedAt ? Date.parse(detail.endedAt) - Date.parse(detail.startedAt) : progress.elapsedMs)}` : detail.active ? etaLabel(progress.etaSeconds) : 'not started'}
        </span>
      </div>
      <div className={`run-bar${failed ? ' failed' : ''}${detail.status === 'succeeded' ? ' succeeded' : ''}`} role="progressbar" aria-label="Run progress" aria-valuemin={0} aria-valuemax={total} aria-valuenow={done} aria-valuetext={countsLabel(detail.counts)}>
        <div style={{ width: `${percent}%` }} />
      </div>
    </div>
  );
}

function SkipForm({ step }: { step: RunStepWire }) {
  const [reason, setReason] = useState('');
  const [sure, setSure] = useState(false);
  const busy = useRuns((s) => s.busy);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (reason.trim() !== '' && sure) void skipStep(step.id, reason.trim());
  };
  return (
    <form className="run-skip" onSubmit={submit} data-testid="run-skip-form">
      <label className="run-field">
        <span>Why skip “{step.title}”? (journaled)</span>
        <input value={reason} onChange={(e) => setReason(e.target.value)} placeholder="e.g. done by hand on the server" data-testid="run-skip-reason" autoFocus />
      </label>
      <label className="run-check">
        <input type="checkbox" checked={sure} onChange={(e) => setSure(e.target.checked)} data-testid="run-skip-confirm" /> I confirm: this step will not be run or checked, and the steps after it run as if
        it were done.
      </label>
      <div className="run-row">
        <button type="button" onClick={() => useRuns.setState({ skipping: null })}>
          Cancel
        </button>
        <button type="submit" className="primary" disabled={reason.trim() === '' || !sure || busy !== null} data-testid="run-skip-submit">
          Skip the step
        </button>
      </div>
    </form>
  );
}

/** A run of another design on screen: read-only, and why. */
function OtherDesign({ state }: { state: RunState }) {
  const d = state.detail.design;
  return (
    <p className="run-refusal run-other-design" data-testid="run-other-design">
      <strong>Read-only: this run belongs to {d ? `the design “${d.title.trim() || 'Untitled design'}” (${d.path ?? 'not saved yet'})` : 'no recorded design (an older run)'}</strong>, not to the
      open design. Open that design to retry, skip, confirm or resume its steps.
    </p>
  );
}

/** What the run needs from the admin now: failed steps (retry / skip) and operator checklists (confirm). */
function Attention({ state }: { state: RunState }) {
  const skipping = useRuns((s) => s.skipping);
  const busy = useRuns((s) => s.busy);
  const failed = state.detail.steps.filter((s) => s.status === 'failed');
  const waiting = state.detail.steps.filter((s) => s.status === 'waiting');
  if (failed.length === 0 && waiting.length === 0) return null;
  return (
    <div className="run-attention">
      {failed.map((s) => (
        <div key={s.id} className="run-failed" data-testid="run-failed-step" data-step={s.id}>
          <div>
            <strong>✘ {s.title}</strong> <span className="muted">({s.server || 'operator'}, attempt {s.attempt})</span>
          </div>
          <div className="run-error-text">{s.error}</div>
          {s.failingCommand ? <code className="run-command">{s.failingCommand}</code> : null}
          {skipping === s.id ? (
            <SkipForm step={s} />
          ) : (
            <div className="run-row">
              <button type="button" className="primary" disabled={busy !== null} onClick={() => void retryStep(s.id)} data-testid="run-retry">
                Retry
              </button>
              <button type="button" disabled={busy !== null} onClick={() => useRuns.setState({ skipping: s.id })} data-testid="run-skip">
                Skip…
              </button>
            </div>
          )}
        </div>
      ))}
      {waiting.map((s) => (
        <div key={s.id} className="run-waiting" data-testid="run-waiting-step" data-step={s.id}>
          <strong>⏸ {s.title}</strong> <span className="muted">— an operator checklist: do it, then confirm.</span>
          <ul>
            {s.checklist.map((item) => (
              <li key={item}>{item}</li>
            ))}
          </ul>
          <div className="run-row">
            <button type="button" className="primary" disabled={busy !== null} onClick={() => void confirmStep(s.id)} data-testid="run-confirm">
              Confirm done
            </button>
            {skipping === s.id ? null : (
              <button type="button" disabled={busy !== null} onClick={() => useRuns.setState({ skipping: s.id })}>
                Skip…
              </button>
            )}
          </div>
          {skipping === s.id ? <SkipForm step={s} /> : null}
        </div>
      ))}
    </div>
  );
}

function Current({ state }: { state: RunState }) {
  const running = state.detail.steps.filter((s) => s.status === 'running');
  if (running.length === 0) return null;
  return (
    <div className="run-current" data-testid="run-current">
      {running.map((s) => (
        <div key={s.id}>
          <span className="run-spinner" aria-hidden="true" /> <strong>{s.title}</strong>{' '}
          <span className="muted">
            {s.server ? `on ${s.server}${s.host && s.host !== s.server ? ` (${s.host})` : ''}` : ''}
            {s.attempt > 1 ? ` · attempt ${s.attempt}` : ''}
          </span>
        </div>
      ))}
    </div>
  );
}

/** Keys and gestures by which the admin scrolls a list by hand (following stops until asked for again). */
const SCROLL_KEYS = new Set(['ArrowUp', 'ArrowDown', 'PageUp', 'PageDown', 'Home', 'End']);

/** Scrolls `list` (only it, never the page) so that `item` is in view, with a little of what comes next. */
function scrollIntoList(list: HTMLElement, item: HTMLElement): void {
  const top = item.offsetTop - list.offsetTop;
  const bottom = top + item.offsetHeight;
  if (top < list.scrollTop) list.scrollTop = Math.max(0, top - item.offsetHeight);
  else if (bottom > list.scrollTop + list.clientHeight) list.scrollTop = bottom - list.clientHeight + item.offsetHeight * 2;
}

function StepList({ state, follow, onManualScroll }: { state: RunState; follow: boolean; onManualScroll: () => void }) {
  const steps = state.detail.steps;
  const ref = useRef<HTMLOListElement>(null);
  // The step to keep in view: the first running one, else the first that needs the admin, else the next pending one.
  const focusStep = steps.find((s) => s.status === 'running') ?? steps.find((s) => s.status === 'failed' || s.status === 'waiting') ?? steps.find((s) => s.status === 'pending');
  const focusId = focusStep?.id ?? null;
  useLayoutEffect(() => {
    const list = ref.current;
    if (!list || !follow || focusId === null) return;
    const item = list.querySelector<HTMLElement>(`[data-step="${CSS.escape(focusId)}"]`);
    if (item) scrollIntoList(list, item);
  }, [focusId, follow]);
  return (
    <ol
      className="run-steps"
      data-testid="run-steps"
      ref={ref}
      tabIndex={0}
      aria-label="Steps of the run"
      onWheel={onManualScroll}
      onPointerDown={(e) => e.target === e.currentTarget && onManualScroll()}
      onKeyDown={(e) => SCROLL_KEYS.has(e.key) && onManualScroll()}
    >
      {steps.map((s, i) => (
        <li key={s.id} className={`run-step ${s.status}`} data-testid="run-step" data-step={s.id} data-status={s.status} title={s.error ?? s.reason ?? STEP_LABELS[s.status]} aria-current={s.id === focusId && s.status === 'running' ? 'step' : undefined}>
          <span className="run-icon" role="img" aria-label={STEP_LABELS[s.status]}>
            {STEP_ICONS[s.status]}
          </span>
          <span className="run-num">{i + 1}</span>
          <span className="run-title">{s.title}</span>
          <span className="run-server">{s.server || 'operator'}</span>
          <span className="run-duration">{s.status === 'running' ? '…' : durationLabel(s.durationMs)}</span>
        </li>
      ))}
    </ol>
  );
}

function Log({ lines, titles, running, follow, setFollow }: { lines: readonly LogLine[]; titles: ReadonlyMap<string, string>; running: ReadonlySet<string>; follow: boolean; setFollow: (follow: boolean) => void }) {
  const ref = useRef<HTMLDivElement>(null);
  // Set while the view scrolls the log itself: that scroll is not the admin's.
  const programmatic = useRef(false);
  const shown = lines.slice(-VISIBLE_LOG_LINES);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el || !follow) return;
    programmatic.current = true;
    el.scrollTop = el.scrollHeight;
  }, [shown.length, lines, follow]);
  return (
    <div
      className="run-log"
      ref={ref}
      data-testid="run-log"
      tabIndex={0}
      role="log"
      aria-label="Output of the run"
      onScroll={(e) => {
        if (programmatic.current) {
          programmatic.current = false;
          return;
        }
        const el = e.currentTarget;
        setFollow(el.scrollHeight - el.scrollTop - el.clientHeight < 24);
      }}
    >
      {shown.length === 0 ? <div className="muted">Output appears here as the steps run.</div> : null}
      {shown.map((l) => (
        <div key={l.seq} className={`run-line ${l.stream}${running.has(l.stepId) ? ' current' : ''}`} title={titles.get(l.stepId) ?? l.stepId}>
          <span className="run-line-step">{l.stepId}</span> {l.line}
        </div>
      ))}
    </div>
  );
}

export function RunView({ state }: { state: RunState }) {
  const { detail } = state;
  const busy = useRuns((s) => s.busy);
  const titles = useMemo(() => new Map(detail.steps.map((s) => [s.id, s.title])), [detail.steps]);
  const allGreen = detail.steps.length > 0 && detail.steps.every((s) => isGreen(s.status));
  // Following: the step list keeps the running step in view and the log its newest lines. Scrolling either by hand
  // stops it; the toggle (or scrolling the log back to its end) starts it again.
  const [follow, setFollow] = useState(true);
  const badges = useRunBadgesShown();
  const running = useMemo(() => new Set(detail.steps.filter((s) => s.status === 'running').map((s) => s.id)), [detail.steps]);
  return (
    <section className="run-view" data-testid="run-view" data-run={detail.runId} data-status={detail.status}>
      <header className="run-header">
        <span className={`run-status ${detail.status}`} data-testid="run-status">
          {RUN_LABELS[detail.status]}
          {state.aborting ? ' (stopping…)' : ''}
        </span>
        <strong className="run-name">{detail.target === 'lab' ? 'Rehearsal' : 'Run against hosts'}</strong>
        {detail.dryRun ? <span className="run-tag">dry run</span> : null}
        <span className="muted run-id" title={`Runbook ${detail.contentHash}`}>
          {detail.runId}
        </span>
        <span className="spacer" />
        <label className="run-check run-follow" title="Keep the running step in view in the list and the newest output in the log">
          <input type="checkbox" checked={follow} onChange={(e) => setFollow(e.target.checked)} data-testid="run-follow" /> Follow
        </label>
        {detail.belongs ? (
          <label className="run-check" title="The run's status on the server cards of the canvas">
            <input type="checkbox" checked={badges} onChange={(e) => setRunBadgesShown(e.target.checked)} data-testid="run-badges" /> Badges on the canvas
          </label>
        ) : null}
        {detail.active ? (
          <button type="button" onClick={() => void abortRun()} disabled={busy !== null || state.aborting} data-testid="run-abort">
            Abort
          </button>
        ) : null}
        <button type="button" onClick={() => void exportReport(detail.runId, 'md')} disabled={busy !== null} data-testid="run-report-md" title="Run report as Markdown">
          Report MD
        </button>
        <button type="button" onClick={() => void exportReport(detail.runId, 'pdf')} disabled={busy !== null} data-testid="run-report-pdf" title="Run report as PDF">
          PDF
        </button>
      </header>
      <Progress state={state} />
      {detail.status === 'succeeded' ? (
        <p className="run-done" data-testid="run-all-green">
          {allGreen ? '✔ Every step ended green.' : '✔ The run finished.'} {detail.dryRun ? 'Dry run: nothing was changed.' : ''}
        </p>
      ) : null}
      <Current state={state} />
      {detail.belongs ? <Attention state={state} /> : <OtherDesign state={state} />}
      <div className="run-columns">
        <StepList state={state} follow={follow} onManualScroll={() => setFollow(false)} />
        <Log lines={state.log} titles={titles} running={running} follow={follow} setFollow={setFollow} />
      </div>
    </section>
  );
}
