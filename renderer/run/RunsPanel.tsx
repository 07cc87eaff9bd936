// The "Runs" tab: start a rehearsal or a run against hosts, watch the run on screen, and the past runs (status,
// open the journal, resume, export the run report). A resume refused because the design changed says so and offers
// to plan the run again.
import { useEffect, useState } from 'react';
import type { RunSummaryWire } from '../../shared/ipc/contract';
import { useEditor } from '../store/editor';
import { RUN_LABELS } from '../../shared/runs/status';
import { isResumable } from './model';
import { RunSetupDialog } from './RunSetup';
import { RunView } from './RunView';
import { exportReport, listenToRuns, openRun, openSetup, refreshCredentials, refreshRuns, resumeRun, useRuns } from './store';
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

function PastRuns() {
  const runs = useRuns((s) => s.runs);
  const currentId = useRuns((s) => s.current?.detail.runId ?? null);
  const busy = useRuns((s) => s.busy);
  return (
    <aside className="run-history" aria-label="Past runs">
      <h4>
        Runs <span className="muted">({runs.length})</span>
        <button type="button" className="link" onClick={() => void refreshRuns()} title="Refresh the list">
          ↻
        </button>
      </h4>
      {runs.length === 0 ? <p className="muted">No runs yet.</p> : null}
      <ul data-testid="run-history">
        {runs.map((r) => (
          <li key={r.runId} className={`run-history-item ${r.status}${r.runId === currentId ? ' current' : ''}`} data-testid="run-history-item" data-run={r.runId} data-status={r.status}>
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
            <div className="muted run-history-meta">
              {r.counts.total - r.counts.pending - r.counts.running - r.counts.waiting}/{r.counts.total} steps
              {r.counts.failed > 0 ? ` · ${r.counts.failed} failed` : ''} · {r.runId}
            </div>
            <div className="run-row">
              <button type="button" disabled={busy !== null} onClick={() => void openRun(r.runId)} data-testid="run-open">
                Journal
              </button>
              {isResumable(r.status, r.active) ? <ResumeControls run={r} /> : null}
              <span className="spacer" />
              <button type="button" disabled={busy !== null} onClick={() => void exportReport(r.runId, 'md')} data-testid="run-history-md">
                MD
              </button>
              <button type="button" disabled={busy !== null} onClick={() => void exportReport(r.runId, 'pdf')} data-testid="run-history-pdf">
                PDF
              </button>
            </div>
          </li>
        ))}
      </ul>
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
      <p className="muted">Plan a new run with the design as it is now: its checks skip whatever the earlier run already did.</p>
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
        </div>
        <Refusal />
        {current ? <RunView state={current} /> : <p className="muted run-empty">Rehearse the deployment in the lab first, then run it against the hosts (a dry run, then the real run). Past runs are listed on the right.</p>}
      </div>
      <PastRuns />
      <RunSetupDialog />
    </div>
  );
}
