// The "Runs" tab: start a rehearsal or a run against hosts, watch the run on screen, and the open design's past runs
// (status, open the journal, resume, export the run report). A resume refused because the design changed says so and
// offers to plan the run again. The runs of other designs can be listed too, read-only: journal and report only.
import { useEffect, useState } from 'react';
import type { RunSummaryWire } from '../../shared/ipc/contract';
import { useEditor } from '../store/editor';
import { RUN_LABELS, countsLabel } from '../../shared/runs/status';
import { isResumable } from './model';
import { RunSetupDialog } from './RunSetup';
import { RunView } from './RunView';
import { exportReport, listenToRuns, openRun, openSetup, refreshCredentials, refreshRuns, resumeRun, setShowOthers, useRuns } from './store';
import { MAX_SHARE, toggleBottomMaximized, useBottomSize } from '../panels/PanelResizer';
import './run.css';

const STATUS_ICON: Readonly<Record<RunSummaryWire['status'], string>> = {
  planned: '○',
  running: '◐',
  waiting: '⏸',
  interrupted: '⚡',
  succeeded: '✔',
  failed: '✘',
  aborted: '■',
};

function when(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  return `${d.toLocaleDateString(undefined, { month: 'short', day: 'numeric' })} ${d.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })}`;
}

function ResumeControls({ run }: { run: RunSummaryWire }) {
  const credentials = useRuns((s) => s.credentials);
  const organization = useEditor((s) => s.doc.design.organization.name);
  const [credentialId, setCredentialId] = useState('');
  const [typed, setTyped] = useState('');
  const busy = useRuns((s) => s.busy);
  if (run.target === 'lab') {
    return (
      <button type="button" disabled={busy !== null} onClick={() => void resumeRun(run)} data-testid="run-resume">
        Resume
      </button>
    );
  }
  const chosen = credentialId || credentials[0]?.credentialId || '';
  const real = !run.dryRun;
  return (
    <span className="run-resume-hosts">
      {credentials.length === 0 ? (
        <span className="muted">Enter the account in “Run against hosts…” first.</span>
      ) : (
        <select value={chosen} onChange={(e) => setCredentialId(e.target.value)} aria-label="Account to resume with">
          {credentials.map((c) => (
            <option key={c.credentialId} value={c.credentialId}>
              {c.user}
            </option>
          ))}
        </select>
      )}
      {real ? <input value={typed} onChange={(e) => setTyped(e.target.value)} placeholder={`type ${organization}`} aria-label="Organization name" /> : null}
      <button
        type="button"
        disabled={busy !== null || chosen === '' || (real && typed.trim() === '')}
        onClick={() => void resumeRun(run, { credentialId: chosen, ...(real ? { confirmOrganization: typed.trim() } : {}) })}
        data-testid="run-resume"
      >
        Resume
      </button>
    </span>
  );
}

function RunItem({ run: r, readOnly }: { run: RunSummaryWire; readOnly: boolean }) {
  const currentId = useRuns((s) => s.current?.detail.runId ?? null);
  const busy = useRuns((s) => s.busy);
  return (
    <li
      className={`run-history-item ${r.status}${r.runId === currentId ? ' current' : ''}${readOnly ? ' other-design' : ''}`}
      data-testid={readOnly ? 'run-other-item' : 'run-history-item'}
      data-run={r.runId}
      data-status={r.status}
    >
      <div className="run-history-head">
        <span className={`run-history-icon ${r.status}`} aria-label={RUN_LABELS[r.status]}>
          {STATUS_ICON[r.status]}
        </span>
        <strong>{r.target === 'lab' ? 'Rehearsal' : 'Hosts'}</strong>
        {r.dryRun ? <span className="run-tag">dry</span> : null}
        <span className="muted">{RUN_LABELS[r.status]}</span>
        <span className="spacer" />
        <span className="muted">{when(r.startedAt ?? r.plannedAt)}</span>
      </div>
      {readOnly ? (
        <div className="muted run-history-design" title={r.design?.path ?? undefined}>
          {r.design ? `${r.design.path ? fileName(r.design.path) : 'not saved'} · ${r.design.title.trim() || 'Untitled design'}` : 'No design recorded (an older run)'}
        </div>
      ) : null}
      <div className="muted run-history-meta">
        {countsLabel(r.counts)} · {r.runId}
      </div>
      <div className="run-row">
        <button type="button" disabled={busy !== null} onClick={() => void openRun(r.runId)} data-testid="run-open">
          Journal
        </button>
        {!readOnly && isResumable(r.status, r.active) ? <ResumeControls run={r} /> : null}
        <span className="spacer" />
        <button type="button" disabled={busy !== null} onClick={() => void exportReport(r.runId, 'md')} data-testid="run-history-md">
          MD
        </button>
        <button type="button" disabled={busy !== null} onClick={() => void exportReport(r.runId, 'pdf')} data-testid="run-history-pdf">
          PDF
        </button>
      </div>
    </li>
  );
}

/** The last part of a path (either separator: the path may come from Windows). */
function fileName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

function PastRuns() {
  const runs = useRuns((s) => s.runs);
  const others = useRuns((s) => s.others);
  const showOthers = useRuns((s) => s.showOthers);
  return (
    <aside className="run-history" aria-label="Past runs of this design">
      <h4>
        Runs of this design <span className="muted">({runs.length})</span>
        <button type="button" className="link" onClick={() => void refreshRuns()} title="Refresh the list" aria-label="Refresh the list of runs">
          ↻
        </button>
      </h4>
      {runs.length === 0 ? <p className="muted">No runs of this design yet.</p> : null}
      <ul data-testid="run-history">
        {runs.map((r) => (
          <RunItem key={r.runId} run={r} readOnly={false} />
        ))}
      </ul>
      <label className="run-check run-others-toggle">
        <input type="checkbox" checked={showOthers} onChange={(e) => setShowOthers(e.target.checked)} data-testid="run-show-others" /> Show runs of other designs (read-only)
      </label>
      {showOthers ? (
        <>
          {others.length === 0 ? <p className="muted">No runs of other designs.</p> : null}
          <ul data-testid="run-others" aria-label="Runs of other designs">
            {others.map((r) => (
              <RunItem key={r.runId} run={r} readOnly />
            ))}
          </ul>
        </>
      ) : null}
    </aside>
  );
}

function Refusal() {
  const refusal = useRuns((s) => s.refusal);
  if (!refusal) return null;
  return (
    <div className="run-refusal" data-testid="run-refusal">
      <p>
        <strong>Run {refusal.runId} cannot be resumed.</strong> {refusal.message}
      </p>
      {refusal.reason === 'design-changed' ? <p className="muted">Plan a new run with the design as it is now: its checks skip whatever the earlier run already did.</p> : null}
      <div className="run-row">
        <button type="button" className="primary" onClick={() => openSetup({ target: refusal.target, hosts: refusal.hosts })} data-testid="run-plan-again">
          Plan again…
        </button>
        <button type="button" onClick={() => useRuns.setState({ refusal: null })}>
          Dismiss
        </button>
      </div>
    </div>
  );
}

/** Most of the window for the run view, or back (the panel's top edge also resizes it). */
function RoomToggle() {
  const size = useBottomSize();
  const big = size !== null && size >= (document.querySelector('.workspace')?.clientHeight ?? 800) * MAX_SHARE - 1;
  return (
    <button type="button" onClick={toggleBottomMaximized} aria-pressed={big} data-testid="run-room" title="Give the run view most of the window (or drag the panel's top edge)">
      {big ? 'Restore' : 'Enlarge'}
    </button>
  );
}

export function RunsPanel() {
  const current = useRuns((s) => s.current);
  const errors = useEditor((s) => s.plan.counts.error);
  useEffect(() => {
    listenToRuns();
    void refreshRuns();
    void refreshCredentials();
  }, []);
  return (
    <div className="runs-panel" data-testid="runs-panel">
      <div className="runs-main">
        <div className="run-toolbar">
          <button type="button" className="primary" onClick={() => openSetup({ target: 'lab' })} data-testid="run-rehearse" disabled={errors > 0} title={errors > 0 ? 'Fix the design’s errors first' : 'Run the runbook against simulated servers'}>
            Rehearse…
          </button>
          <button type="button" onClick={() => openSetup({ target: 'hosts' })} data-testid="run-hosts-open" disabled={errors > 0} title={errors > 0 ? 'Fix the design’s errors first' : 'Run the runbook against the real servers'}>
            Run against hosts…
          </button>
          {errors > 0 ? <span className="muted">The design has errors: no runbook, no run.</span> : null}
          <span className="spacer" />
          <RoomToggle />
        </div>
        <Refusal />
        {current ? <RunView state={current} /> : <p className="muted run-empty">Rehearse the deployment in the lab first, then run it against the hosts (a dry run, then the real run). Past runs are listed on the right.</p>}
      </div>
      <PastRuns />
      <RunSetupDialog />
    </div>
  );
}
