// The Drift view (issue 16): the open design against an inventory of the running organization - what the design
// says and the organization does not have (missing), has differently (different) or has besides (extra), object by
// object, property by property, with the runbook steps that would close each gap. A row selects and frames its
// objects on the canvas. Recomputed on every edit of the design (shared/inventory computeDrift).
import { useMemo } from 'react';
import type { DragEvent } from 'react';
import { canvasIdsOf } from '../../shared/canvas/badges';
import type { DriftItem } from '../../shared/inventory';
import { plural } from '../../shared/planner/text';
import { requestView, select, useEditor } from '../store/editor';
import { chooseDriftFile, readPickedFile, setDriftInventory, useDrift, useInventory } from '../inventory/store';
import '../inventory/inventory.css';

const OBJECT_LABEL: Readonly<Record<DriftItem['object'], string>> = {
  server: 'Server',
  nic: 'NIC',
  casArray: 'CAS array',
  nlbCluster: 'NLB cluster',
  dag: 'DAG',
  database: 'Database',
  copy: 'Database copy',
};

/** Steps listed per row (the rest on hover). */
const STEPS_SHOWN = 3;

function goTo(item: DriftItem): void {
  const design = useEditor.getState().doc.design;
  const onCanvas = new Set([design.sites, design.subnets, design.servers, design.dags, design.nlbClusters, design.hardwareLoadBalancers, design.casArrays].flatMap((l) => l.map((x) => x.id)));
  const ids = canvasIdsOf(item.entityIds, design).filter((id) => onCanvas.has(id));
  select(ids);
  if (ids.length > 0) requestView({ kind: 'fit', ids });
}

/** The tab's label: "Drift" and the number of differences once an inventory is chosen. */
export function DriftTabLabel() {
  const drift = useDrift();
  if (!drift) return <>Drift</>;
  return (
    <>
      Drift (<span data-testid="count-drift">{drift.items.length}</span>)
    </>
  );
}

function DriftRow({ item, stepTitles }: { item: DriftItem; stepTitles: ReadonlyMap<string, string> }) {
  const selectable = item.entityIds.length > 0;
  return (
    <tr className={`drift-row ${item.kind}`} data-testid="drift-row" data-kind={item.kind} data-object={item.object}>
      <td>
        <span className={`drift-kind ${item.kind}`}>{item.kind}</span>
      </td>
      <td>
        {selectable ? (
          <button type="button" className="link drift-object" onClick={() => goTo(item)} title="Select and show on the canvas" data-testid="drift-select">
            {item.name}
          </button>
        ) : (
          <span className="drift-object" title="Not in the design: nothing to select">
            {item.name}
          </span>
        )}
        <span className="muted drift-type"> {OBJECT_LABEL[item.object]}</span>
      </td>
      <td>{item.property ?? <span className="muted">—</span>}</td>
      <td className="drift-value">{item.design ?? (item.kind === 'extra' ? <span className="muted">not in the design</span> : <span className="muted">—</span>)}</td>
      <td className="drift-value">{item.organization ?? (item.kind === 'missing' ? <span className="muted">does not have it</span> : <span className="muted">—</span>)}</td>
      <td className="drift-steps">
        {item.steps.length === 0 ? (
          <span className="muted">{item.kind === 'extra' ? 'none (the runbook removes nothing)' : 'none'}</span>
        ) : (
          <ul title={item.steps.map((id) => stepTitles.get(id) ?? id).join('\n')}>
            {item.steps.slice(0, STEPS_SHOWN).map((id) => (
              <li key={id} title={id}>
                {stepTitles.get(id) ?? id}
              </li>
            ))}
            {item.steps.length > STEPS_SHOWN ? <li className="muted">and {item.steps.length - STEPS_SHOWN} more</li> : null}
          </ul>
        )}
      </td>
    </tr>
  );
}

export function DriftPanel() {
  const drift = useDrift();
  const errors = useEditor((s) => s.plan.counts.error);
  const hasServers = useEditor((s) => s.doc.design.servers.length > 0);
  const runbook = drift?.runbook ?? null;
  const stepTitles = useMemo(() => new Map((runbook?.steps ?? []).map((s) => [s.id, s.title])), [runbook]);
  const onDragOver = (e: DragEvent) => {
    if (!e.dataTransfer.types.includes('Files')) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
  };
  const onDrop = (e: DragEvent) => {
    const file = e.dataTransfer.files[0];
    if (!file) return;
    // Taken here: the window's own drop (import as a new design) leaves a handled drop alone.
    e.preventDefault();
    void readPickedFile(file).then((text) => text !== null && setDriftInventory(file.name, text));
  };
  const actions = (
    <div className="drift-actions">
      <button type="button" onClick={() => void chooseDriftFile()} data-testid="drift-choose-file">
        {drift ? 'Choose another inventory…' : 'Choose inventory file…'}
      </button>
      <button type="button" onClick={() => useInventory.setState({ dialog: { kind: 'read' } })} disabled={!hasServers} title={hasServers ? 'Run the inventory script through one of the design’s servers (lab or real host)' : 'The design has no server to read through'} data-testid="drift-read">
        Read inventory from…
      </button>
      {drift ? (
        <button type="button" className="link" onClick={() => useInventory.setState({ drift: null })} data-testid="drift-clear">
          Clear
        </button>
      ) : null}
    </div>
  );
  if (!drift) {
    return (
      <div className="drift" onDragOver={onDragOver} onDrop={onDrop} data-testid="drift-panel">
        {actions}
        <p className="empty" data-testid="drift-empty">
          Compare this design with the organization as it runs: choose an inventory written by Get-ExTopoInventory.ps1 (or drop it here), or read one from a server.
        </p>
      </div>
    );
  }
  const { items, compared, source } = drift;
  return (
    <div className="drift" onDragOver={onDragOver} onDrop={onDrop} data-testid="drift-panel">
      {actions}
      <p className="drift-summary" data-testid="drift-summary">
        {items.length === 0 ? (
          <strong data-testid="no-drift">No drift</strong>
        ) : (
          <strong>{plural(items.length, 'difference')}</strong>
        )}{' '}
        between this design and <span title={source.inventory.collectedAt}>{source.name}</span>
        {source.inventory.collectedAt ? ` (read ${source.inventory.collectedAt.slice(0, 16).replace('T', ' ')}${source.inventory.collectedOn ? ` on ${source.inventory.collectedOn}` : ''})` : ''}: {plural(compared, 'object')} compared.
        {items.length === 0 ? ' The organization has what the design says.' : ''}
        {errors > 0 && items.length > 0 ? ' The design has planner errors, so no runbook step is named: fix the problems first.' : ''}
      </p>
      {items.length > 0 ? (
        <table className="drift-table" data-testid="drift-table">
          <thead>
            <tr>
              <th scope="col">Kind</th>
              <th scope="col">Object</th>
              <th scope="col">Property</th>
              <th scope="col">Design</th>
              <th scope="col">Organization</th>
              <th scope="col">Closed by</th>
            </tr>
          </thead>
          <tbody>
            {items.map((item, i) => (
              <DriftRow key={`${item.kind}|${item.name}|${item.property ?? ''}|${i}`} item={item} stepTitles={stepTitles} />
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}
