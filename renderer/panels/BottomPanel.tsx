// The bottom panel: Problems (the planner's findings on every edit; click = select and frame the objects) and
// Runbook (the live step list grouped by phase, or why it is refused; export buttons), Sizing (the figures and their
// arithmetic, SizingPanel.tsx) and Runs.
import { memo, useMemo, useState } from 'react';
import { canvasIdsOf } from '../../shared/canvas/badges';
import { plural } from '../../shared/planner/text';
import type { Finding } from '../../shared/planner/types';
import { generateRunbook } from '../../shared/runbook/generate';
import { PHASES } from '../../shared/runbook/types';
import type { RunbookStep } from '../../shared/runbook/types';
import { exportRunbook } from '../app/files';
import { requestView, select, useEditor } from '../store/editor';
import { RunsPanel } from '../run/RunsPanel';
import { SizingPanel } from './SizingPanel';
import { SEVERITY_COLORS } from '../theme';

const ICON = { error: '⛔', warning: '⚠', info: 'ℹ' } as const;

function goTo(f: Finding): void {
  const design = useEditor.getState().doc.design;
  const ids = canvasIdsOf(f.entityIds, design).filter((id) => design.servers.some((s) => s.id === id) || [design.sites, design.subnets, design.dags, design.nlbClusters, design.hardwareLoadBalancers, design.casArrays].some((l) => l.some((x) => x.id === id)));
  select(ids);
  if (ids.length > 0) requestView({ kind: 'fit', ids });
}

/** Rows shown before "Show all": a large design can have hundreds of notes, re-listed on every edit. */
export const FINDINGS_PAGE = 200;

const sameFinding = (a: { f: Finding }, b: { f: Finding }) =>
  a.f.ruleId === b.f.ruleId && a.f.severity === b.f.severity && a.f.message === b.f.message && a.f.hint === b.f.hint && a.f.entityIds.join() === b.f.entityIds.join();

const FindingRow = memo(function FindingRow({ f }: { f: Finding }) {
  return (
    <li className={`finding ${f.severity}`} data-testid="finding" data-rule={f.ruleId} data-severity={f.severity}>
      <button type="button" onClick={() => goTo(f)} title="Select and show on the canvas">
        <span className="sev" style={{ color: SEVERITY_COLORS[f.severity] }} aria-label={f.severity}>
          {ICON[f.severity]}
        </span>
        <code className="rule">{f.ruleId}</code>
        <span className="message">{f.message}</span>
        <span className="hint">{f.hint}</span>
        <span className="go">→</span>
      </button>
    </li>
  );
}, sameFinding);

function Problems() {
  const findings = useEditor((s) => s.plan.findings);
  const [all, setAll] = useState(false);
  if (findings.length === 0) return <p className="empty" data-testid="no-problems">No findings: the planner has nothing to say about this design.</p>;
  const shown = all ? findings : findings.slice(0, FINDINGS_PAGE);
  return (
    <>
      <ul className="findings" data-testid="problems-list">
        {shown.map((f, i) => (
          <FindingRow key={`${f.ruleId}-${i}`} f={f} />
        ))}
      </ul>
      {shown.length < findings.length ? (
        <button type="button" className="link show-all" onClick={() => setAll(true)} data-testid="show-all-findings">
          Show all {findings.length} findings ({findings.length - shown.length} more, mostly notes)
        </button>
      ) : null}
    </>
  );
}

function targetLabel(step: RunbookStep): string {
  return step.target.kind === 'operator' ? 'operator' : step.target.kind === 'dns' ? `DNS via ${step.target.serverName}` : `${step.target.kind === 'ems' ? 'EMS ' : ''}${step.target.serverName}`;
}

function RunbookView() {
  const doc = useEditor((s) => s.doc);
  const errors = useEditor((s) => s.plan.counts.error);
  const result = useMemo(() => (errors > 0 ? null : generateRunbook(doc, { generatedAt: '' })), [doc, errors]);
  const findings = useEditor((s) => s.plan.findings);
  const blocking = findings.filter((f) => f.severity === 'error');
  if (errors > 0 || !result || !result.ok) {
    const list = result && !result.ok && result.errors.length > 0 ? result.errors : blocking;
    return (
      <div className="runbook-refused" data-testid="runbook-refused">
        <p>
          <strong>No runbook while the design has errors.</strong> {result && !result.ok ? result.message : `Fix the ${plural(errors, 'error')} below.`}
        </p>
        <ul className="findings">
          {list.map((f, i) => (
            <FindingRow key={`${f.ruleId}-${i}`} f={f} />
          ))}
        </ul>
      </div>
    );
  }
  const steps = result.runbook.steps;
  return (
    <div className="runbook" data-testid="runbook-steps">
      <div className="runbook-actions">
        <span>
          {plural(steps.length, 'step')}, about {Math.round(steps.reduce((n, s) => n + s.expectedSeconds, 0) / 60)} min
        </span>
        <button type="button" onClick={() => void exportRunbook('pdf')} data-testid="runbook-export-pdf">
          PDF
        </button>
        <button type="button" onClick={() => void exportRunbook('ps1')} data-testid="runbook-export-ps1">
          PS1
        </button>
        <button type="button" onClick={() => void exportRunbook('md')} data-testid="runbook-export-md">
          MD
        </button>
      </div>
      {PHASES.map((phase) => {
        const inPhase = steps.filter((s) => s.phase === phase.id);
        if (inPhase.length === 0) return null;
        return (
          <section key={phase.id} className="phase" data-testid="runbook-phase" data-phase={phase.id}>
            <h4>
              {phase.title} <span className="muted">({inPhase.length})</span>
            </h4>
            <ol>
              {inPhase.map((s) => (
                <li key={s.id} data-testid="runbook-step">
                  <details>
                    <summary>
                      <span className="step-title">{s.title}</span>
                      <span className="muted"> — {targetLabel(s)}</span>
                      {s.restarts ? <span className="tag">restarts</span> : null}
                    </summary>
                    {s.notes.map((n) => (
                      <p key={n} className="muted">
                        {n}
                      </p>
                    ))}
                    {s.script ? <pre className="script">{s.script}</pre> : <p className="muted">A checklist item for the operator.</p>}
                  </details>
                </li>
              ))}
            </ol>
          </section>
        );
      })}
    </div>
  );
}

export function BottomPanel() {
  const tab = useEditor((s) => s.bottomTab);
  const counts = useEditor((s) => s.plan.counts);
  return (
    <section className="bottom-panel" aria-label="Problems and runbook">
      <div className="tabs" role="tablist">
        <button type="button" role="tab" aria-selected={tab === 'problems'} className={tab === 'problems' ? 'active' : ''} onClick={() => useEditor.setState({ bottomTab: 'problems' })} data-testid="tab-problems">
          Problems (<span data-testid="count-error">{counts.error}</span> E, <span data-testid="count-warning">{counts.warning}</span> W, <span data-testid="count-info">{counts.info}</span> I)
        </button>
        <button type="button" role="tab" aria-selected={tab === 'runbook'} className={tab === 'runbook' ? 'active' : ''} onClick={() => useEditor.setState({ bottomTab: 'runbook' })} data-testid="tab-runbook">
          Runbook{counts.error > 0 ? ' (refused)' : ''}
        </button>
        <button type="button" role="tab" aria-selected={tab === 'sizing'} className={tab === 'sizing' ? 'active' : ''} onClick={() => useEditor.setState({ bottomTab: 'sizing' })} data-testid="tab-sizing">
          Sizing
        </button>
        <button type="button" role="tab" aria-selected={tab === 'runs'} className={tab === 'runs' ? 'active' : ''} onClick={() => useEditor.setState({ bottomTab: 'runs' })} data-testid="tab-runs">
          Runs
        </button>
      </div>
      <div className="tab-body">{tab === 'problems' ? <Problems /> : tab === 'runbook' ? <RunbookView /> : tab === 'sizing' ? <SizingPanel /> : <RunsPanel />}</div>
    </section>
  );
}
