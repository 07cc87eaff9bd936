// The run on screen: status and progress (steps done / total, ETA), the step(s) running now, what needs the admin
// (a failed step: retry or skip; an operator checklist: confirm), every step with its status icon, and the live log.
import { useEffect, useMemo, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import type { RunStepWire } from '../../shared/ipc/contract';
import { RUN_LABELS, STEP_ICONS, STEP_LABELS, isGreen } from '../../shared/runs/status';
import { durationLabel, etaLabel } from './model';
import type { LogLine, RunState } from './model';
import { abortRun, confirmStep, exportReport, retryStep, skipStep, useRuns } from './store';

/** Log lines shown (the newest); the report and the journal keep all of them. */
const VISIBLE_LOG_LINES = 400;

function Progress({ state }: { state: RunState }) {
  const { detail, progress } = state;
  const total = detail.steps.length;
  const done = progress.done;
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
        <span className="muted">
          {' · '}
          {finished ? `took ${durationLabel(detail.startedAt && detail.endedAt ? Date.parse(detail.endedAt) - Date.parse(detail.startedAt) : progress.elapsedMs)}` : detail.active ? etaLabel(progress.etaSeconds) : 'not started'}
        </span>
      </div>
      <div className={`run-bar${failed ? ' failed' : ''}${detail.status === 'succeeded' ? ' succeeded' : ''}`} role="progressbar" aria-valuemin={0} aria-valuemax={total} aria-valuenow={done}>
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

function StepList({ state }: { state: RunState }) {
  const steps = state.detail.steps;
  return (
    <ol className="run-steps" data-testid="run-steps">
      {steps.map((s, i) => (
        <li key={s.id} className={`run-step ${s.status}`} data-testid="run-step" data-step={s.id} data-status={s.status} title={s.error ?? s.reason ?? STEP_LABELS[s.status]}>
          <span className="run-icon" aria-label={STEP_LABELS[s.status]}>
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

function Log({ lines, titles }: { lines: readonly LogLine[]; titles: ReadonlyMap<string, string> }) {
  const ref = useRef<HTMLDivElement>(null);
  const [follow, setFollow] = useState(true);
  const shown = lines.slice(-VISIBLE_LOG_LINES);
  useEffect(() => {
    const el = ref.current;
    if (el && follow) el.scrollTop = el.scrollHeight;
  }, [shown.length, lines, follow]);
  return (
    <div
      className="run-log"
      ref={ref}
      data-testid="run-log"
      onScroll={(e) => {
        const el = e.currentTarget;
        setFollow(el.scrollHeight - el.scrollTop - el.clientHeight < 24);
      }}
    >
      {shown.length === 0 ? <div className="muted">Output appears here as the steps run.</div> : null}
      {shown.map((l) => (
        <div key={l.seq} className={`run-line ${l.stream}`} title={titles.get(l.stepId) ?? l.stepId}>
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
      <Attention state={state} />
      <div className="run-columns">
        <StepList state={state} />
        <Log lines={state.log} titles={titles} />
      </div>
    </section>
  );
}
