// The rule catalogue in the designer: a finding's rule id in the Problems panel opens its entry (what the rule checks,
// its severity, whether it applies only to highly available designs, and the Microsoft documents it rests on), with
// the whole catalogue below it, filterable. The same catalogue `extopo rules` prints and docs/rules.md shows
// (shared/planner/catalogueDoc.ts), so the three cannot disagree.
import { useMemo, useState } from 'react';
import { buildCatalogue, grouped, HA_TEXT, SEVERITY_TEXT } from '../../shared/planner/catalogueDoc';
import type { CatalogueEntry } from '../../shared/planner/catalogueDoc';
import type { RuleSource } from '../../shared/planner/sources';
import { useEditor } from '../store/editor';
import { SeverityIcon } from './Icons';
import { Modal } from './Modal';

let cached: ReturnType<typeof buildCatalogue> | null = null;
function catalogue() {
  cached ??= buildCatalogue();
  return cached;
}

const close = () => useEditor.setState({ dialog: null });
const show = (ruleId: string) => useEditor.setState({ dialog: { kind: 'rule', ruleId } });

function Source({ s }: { s: RuleSource }) {
  return (
    <li data-testid="rule-source">
      <strong>{s.key}</strong> — {s.title}
      {s.reference ? <div className="muted">{s.reference}</div> : null}
      {/* Shown as text to copy: the app opens no remote content. */}
      {s.url ? <div className="rule-url">{s.url}</div> : null}
    </li>
  );
}

function Entry({ r }: { r: CatalogueEntry }) {
  return (
    <section className="rule-entry" data-testid="rule-entry" data-rule={r.id}>
      <p className="rule-head">
        <SeverityIcon severity={r.severity} size={14} /> <code>{r.id}</code> <span className={`sev-label ${r.severity}`}>{r.severity}</span>
        {r.haOnly ? <span className="tag" title={HA_TEXT}>HA only</span> : null}
      </p>
      <p className="rule-title">{r.title}</p>
      <h3>Source{r.sources.length === 1 ? '' : 's'}</h3>
      <ul className="rule-sources">
        {r.sources.map((s) => (
          <Source key={s.key} s={s} />
        ))}
      </ul>
    </section>
  );
}

export function RuleDialog({ ruleId }: { ruleId: string }) {
  const c = catalogue();
  const entry = c.rules.find((r) => r.id === ruleId);
  const [filter, setFilter] = useState('');
  const groups = useMemo(() => {
    const q = filter.trim().toLowerCase();
    const rules = q === '' ? c.rules : c.rules.filter((r) => r.id.toLowerCase().includes(q) || r.title.toLowerCase().includes(q));
    return grouped(rules);
  }, [c, filter]);
  return (
    <Modal title={entry ? `Rule ${entry.id}` : 'Rule catalogue'} onClose={close} testId="rule-dialog" className="rule-dialog">
      {entry ? <Entry r={entry} /> : <p className="muted">No rule named {ruleId} in this version's catalogue.</p>}
      <p className="muted rule-legend">{SEVERITY_TEXT}</p>
      <details className="rule-catalogue" data-testid="rule-catalogue">
        <summary>
          All {c.rules.length} rules
        </summary>
        <input type="search" placeholder="Filter by id or text" aria-label="Filter the rules" value={filter} onChange={(e) => setFilter(e.target.value)} />
        {groups.map(([group, rules]) => (
          <section key={group}>
            <h3>{group}</h3>
            <ul>
              {rules.map((r) => (
                <li key={r.id} className={r.id === ruleId ? 'current' : undefined}>
                  <button type="button" className="link" onClick={() => show(r.id)} data-testid="catalogue-rule">
                    <code>{r.id}</code>
                  </button>{' '}
                  <span className="muted">{r.severity}</span> {r.title}
                </li>
              ))}
            </ul>
          </section>
        ))}
      </details>
    </Modal>
  );
}

/** Opens a rule's catalogue entry (the Problems panel's rule ids). */
export const showRule = show;
