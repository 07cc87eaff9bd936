// The planner's findings on the selected object, below its properties: a collapsible section (its state kept across
// selections) whose rows go to the field that fixes each finding (renderer/app/goTo.ts).
import { useMemo } from 'react';
import { create } from 'zustand';
import { findingsByCanvasId } from '../../shared/canvas/badges';
import { ownerOf } from '../../shared/planner/owner';
import type { Finding } from '../../shared/planner/types';
import { goToFinding } from '../app/goTo';
import { SeverityIcon } from '../components/Icons';
import { useEditor } from '../store/editor';

const useFindingsOpen = create<{ readonly open: boolean }>()(() => ({ open: true }));

const RANK = { error: 0, warning: 1, info: 2 } as const;

/** The findings that name the object or whose fix it owns (a database copy finding on its DAG), worst first. */
export function findingsOf(id: string, findings: readonly Finding[], design: Parameters<typeof findingsByCanvasId>[1]): Finding[] {
  const named = findingsByCanvasId(findings, design).get(id) ?? [];
  const owned = findings.filter((f) => !named.includes(f) && ownerOf(f, design)?.id === id);
  return [...named, ...owned].sort((a, b) => RANK[a.severity] - RANK[b.severity]);
}

export function FindingsSection({ id }: { id: string }) {
  const plan = useEditor((s) => s.plan);
  const design = useEditor((s) => s.plannedDesign);
  const open = useFindingsOpen((s) => s.open);
  const mine = useMemo(() => findingsOf(id, plan.findings, design), [id, plan, design]);
  if (mine.length === 0) return null;
  const counts = { error: 0, warning: 0, info: 0 };
  for (const f of mine) counts[f.severity]++;
  const summary = [counts.error ? `${counts.error} E` : '', counts.warning ? `${counts.warning} W` : '', counts.info ? `${counts.info} I` : ''].filter(Boolean).join(', ');
  return (
    <section className="inspector-section inspector-findings-section" data-testid="inspector-findings-section">
      <h4>
        <button type="button" className="section-toggle" aria-expanded={open} aria-controls="inspector-findings" onClick={() => useFindingsOpen.setState({ open: !open })} data-testid="inspector-findings-toggle">
          <span className="chevron" aria-hidden="true">
            {open ? '▾' : '▸'}
          </span>
          Findings ({summary})
        </button>
      </h4>
      {open ? (
        <ul className="inspector-findings" id="inspector-findings" data-testid="inspector-findings">
          {mine.map((f, i) => (
            <li key={`${f.ruleId}-${i}`} className={f.severity}>
              <button type="button" onClick={() => goToFinding(f)} title={`${f.hint} (go to the field to change)`} data-testid="inspector-finding" data-rule={f.ruleId}>
                <span className="sev">
                  <SeverityIcon severity={f.severity} />
                </span>{' '}
                <code>{f.ruleId}</code> {f.message}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
