// The bottom panel: Problems (the planner's findings on every edit; click = select and frame the objects) and
// Runbook (the live step list grouped by phase, or why it is refused; export buttons), Sizing (the figures and their
// arithmetic, SizingPanel.tsx) and Runs.
import { memo, useMemo, useState } from 'react';
import type { KeyboardEvent, ReactNode } from 'react';
import { plural } from '../../shared/planner/text';
import type { Finding } from '../../shared/planner/types';
import { generateRunbook } from '../../shared/runbook/generate';
import { PHASES } from '../../shared/runbook/types';
import type { RunbookStep } from '../../shared/runbook/types';
import { exportRunbook } from '../app/files';
import { goToFinding } from '../app/goTo';
import { useEditor } from '../store/editor';
import type { BottomTab } from '../store/editor';
import { RunsPanel } from '../run/RunsPanel';
import { SizingPanel } from './SizingPanel';
import { ServersGrid } from './ServersGrid';
import { PanelResizer } from './PanelResizer';
import { DriftPanel, DriftTabLabel } from './DriftPanel';
import { NamespacePanel } from './NamespacePanel';
import { SeverityIcon } from '../components/Icons';
import { showRule } from '../components/RuleDialog';

/** Rows shown before "Show all": a large design can have hundreds of notes, re-listed on every edit. */
export const FINDINGS_PAGE = 200;

const sameFinding = (a: { f: Finding }, b: { f: Finding }) =>
  a.f.ruleId === b.f.ruleId && a.f.severity === b.f.severity && a.f.message === b.f.message && a.f.hint === b.f.hint && a.f.entityIds.join() === b.f.entityIds.join();

const FindingRow = memo(function FindingRow({ f }: { f: Finding }) {
  // Two controls per row: the finding (select the object that owns the fix) and its rule id (the catalogue entry:
  // what the rule checks and the documents it rests on).
  return (
    <li className={`finding ${f.severity}`} data-testid="finding" data-rule={f.ruleId} data-severity={f.severity}>
      <button type="button" className="finding-go" onClick={() => goToFinding(f)} title="Select the object that owns the fix and go to the field to change">
        <span className="sev">
          <SeverityIcon severity={f.severity} size={13} />
        </span>
        <span className="message">{f.message}</span>
        <span className="hint">{f.hint}</span>
        <span className="go" aria-hidden="true">
          →
        </span>
      </button>
      <button type="button" className="rule" onClick={() => showRule(f.ruleId)} title={`What rule ${f.ruleId} checks, and its source`} data-testid="finding-rule">
        {f.ruleId}
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
        <button type="button" onClick={() => void exportRunbook('ansible')} data-testid="runbook-export-ansible" title="Ansible playbook (.zip)">
          Ansible
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

const TABS: readonly { id: BottomTab; testId: string }[] = [
  { id: 'problems', testId: 'tab-problems' },
  { id: 'runbook', testId: 'tab-runbook' },
  { id: 'sizing', testId: 'tab-sizing' },
  { id: 'servers', testId: 'tab-servers' },
  { id: 'runs', testId: 'tab-runs' },
  { id: 'drift', testId: 'tab-drift' },
  { id: 'namespace', testId: 'tab-namespace' },
];

/** The tabs: one tab stop; Left / Right (Home / End) move to and show the neighbouring tab. */
export function BottomPanel() {
  const tab = useEditor((s) => s.bottomTab);
  const counts = useEditor((s) => s.plan.counts);
  const show = (id: BottomTab) => useEditor.setState({ bottomTab: id });
  const labels: Readonly<Record<BottomTab, ReactNode>> = {
    problems: (
      <>
        Problems (<span data-testid="count-error">{counts.error}</span> E, <span data-testid="count-warning">{counts.warning}</span> W, <span data-testid="count-info">{counts.info}</span> I)
      </>
    ),
    runbook: `Runbook${counts.error > 0 ? ' (refused)' : ''}`,
    sizing: 'Sizing',
    servers: 'Servers',
    runs: 'Runs',
    drift: <DriftTabLabel />,
    namespace: 'Namespace',
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const i = TABS.findIndex((t) => t.id === tab);
    const to = e.key === 'ArrowRight' ? i + 1 : e.key === 'ArrowLeft' ? i - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? TABS.length - 1 : null;
    if (to === null) return;
    e.preventDefault();
    const next = TABS[(to + TABS.length) % TABS.length];
    show(next.id);
    document.getElementById(`bottom-tab-${next.id}`)?.focus();
  };
  return (
    <section className="bottom-panel" aria-label="Problems, runbook, sizing and runs">
      <PanelResizer />
      <div className="tabs" role="tablist" aria-label="Bottom panel" onKeyDown={onKeyDown}>
        {TABS.map((t) => (
          <button
            key={t.id}
            id={`bottom-tab-${t.id}`}
            type="button"
            role="tab"
            aria-selected={tab === t.id}
            aria-controls="bottom-tab-panel"
            tabIndex={tab === t.id ? 0 : -1}
            className={tab === t.id ? 'active' : ''}
            onClick={() => show(t.id)}
            data-testid={t.testId}
          >
            {labels[t.id]}
          </button>
        ))}
      </div>
      <div className="tab-body" role="tabpanel" id="bottom-tab-panel" aria-labelledby={`bottom-tab-${tab}`} tabIndex={0}>
        {tab === 'problems' ? <Problems /> : tab === 'runbook' ? <RunbookView /> : tab === 'sizing' ? <SizingPanel /> : tab === 'servers' ? <ServersGrid /> : tab === 'drift' ? <DriftPanel /> : tab === 'namespace' ? <NamespacePanel /> : <RunsPanel />}
      </div>
    </section>
  );
}
