// The Sizing panel: the recommendation, then per Mailbox server its worst failure case in figures (CPU, cache, RAM,
// IOPS, volumes) with the one-line arithmetic behind each one, per DAG the failure case it is sized for, per AD site
// the Client Access and Hub Transport ratios, per database its size, logs, IOPS and paths (shared/domain/sizing.md).
import { useState } from 'react';
import { num, plural } from '../../shared/planner/text';
import type { ServerSizing, SizingReport } from '../../shared/planner/types';
import { requestView, select, useEditor } from '../store/editor';

/** Rows listed before "Show all": a 1,000-server design has 1,000 rows. */
export const SIZING_ROWS_PAGE = 100;

const pct = (share: number) => `${num(share * 100)} %`;

function goTo(id: string): void {
  select([id]);
  requestView({ kind: 'fit', ids: [id] });
}

function Lines({ lines, testId }: { lines: readonly string[]; testId?: string }) {
  return (
    <ul className="sizing-lines" data-testid={testId}>
      {lines.map((l, i) => (
        <li key={i}>{l}</li>
      ))}
    </ul>
  );
}

function short(x: ServerSizing): { cpu: boolean; ram: boolean; disk: boolean } {
  const m = x.mailbox;
  return { cpu: (m?.missingCores ?? 0) > 0, ram: (m?.cacheShortGB ?? 0) > 0, disk: (m?.storageShortGB ?? 0) > 0 || (m?.iopsShort ?? 0) > 0 };
}

function MailboxServers({ report }: { report: SizingReport }) {
  const [all, setAll] = useState(false);
  const [open, setOpen] = useState<string | null>(null);
  const rows = report.servers.filter((s) => s.mailbox);
  if (rows.length === 0) return null;
  const shown = all ? rows : rows.slice(0, SIZING_ROWS_PAGE);
  return (
    <section className="sizing-section">
      <h4>Mailbox servers in their worst failure case</h4>
      <table className="sizing" data-testid="sizing-servers">
        <thead>
          <tr>
            <th>Server</th>
            <th>Worst case</th>
            <th>Active / passive mailboxes</th>
            <th>CPU at worst</th>
            <th>Cores needed / has</th>
            <th>Cache → RAM row / has</th>
            <th>IOPS</th>
            <th>Volumes</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((x) => {
            const m = x.mailbox;
            if (!m) return null;
            const bad = short(x);
            return [
              <tr key={x.serverId} data-testid="sizing-server-row" data-server={x.serverName} className={open === x.serverId ? 'open' : ''} onClick={() => setOpen(open === x.serverId ? null : x.serverId)} title="Show the arithmetic">
                <td>
                  <button type="button" className="link" onClick={(e) => {
                      e.stopPropagation();
                      goTo(x.serverId);
                    }} title="Select on the canvas">
                    {x.serverName}
                  </button>
                </td>
                <td>{m.dagName === null ? 'no DAG' : m.failedServers.length > 0 ? `${m.failedServers.join(', ')} failed` : m.failures > 0 ? 'no failure adds load' : 'normal operation'}</td>
                <td>
                  {num(m.activeMailboxes)} / {num(m.passiveMailboxes)}
                </td>
                <td>
                  {pct(m.utilisation)} <span className="muted">(target {pct(m.targetUtilisation)})</span>
                </td>
                <td className={bad.cpu ? 'short' : ''}>
                  {m.requiredCores} / {x.cores}
                </td>
                <td className={bad.ram ? 'short' : ''}>
                  {num(m.cacheGB)} GB → {m.ramRow ? `${m.ramRow.ramGB} GB` : 'beyond 128 GB'} / {num(x.ramGB)} GB
                </td>
                <td className={(m.iopsShort ?? 0) > 0 ? 'short' : ''}>{num(m.iops)}</td>
                <td className={(m.storageShortGB ?? 0) > 0 ? 'short' : ''}>{num(m.storageGB)} GB</td>
              </tr>,
              open === x.serverId ? (
                <tr key={`${x.serverId}-lines`} className="sizing-detail">
                  <td colSpan={8}>
                    <Lines lines={x.lines} testId="sizing-server-lines" />
                  </td>
                </tr>
              ) : null,
            ];
          })}
        </tbody>
      </table>
      {shown.length < rows.length ? (
        <button type="button" className="link show-all" onClick={() => setAll(true)}>
          Show all {rows.length} Mailbox servers
        </button>
      ) : null}
    </section>
  );
}

function Databases({ report }: { report: SizingReport }) {
  const [all, setAll] = useState(false);
  if (report.databases.length === 0) return null;
  const shown = all ? report.databases : report.databases.slice(0, SIZING_ROWS_PAGE);
  return (
    <section className="sizing-section">
      <h4>Databases</h4>
      {shown.map((d) => (
        <details key={d.databaseId} data-testid="sizing-database">
          <summary>
            <strong>{d.databaseName}</strong>: {plural(d.mailboxes, 'mailbox', 'mailboxes')}, {num(d.sizeGB)} GB of {num(d.limitGB)} GB{d.sizeGB > d.limitGB ? ' (over)' : ''}, volume {num(d.databaseVolumeGB)} GB, logs {num(d.logVolumeGB)} GB
            {d.laggedLogVolumeGB !== null ? ` (lagged copy ${num(d.laggedLogVolumeGB)} GB)` : ''}, {num(d.iops)} IOPS
          </summary>
          <Lines lines={d.lines} />
        </details>
      ))}
      {shown.length < report.databases.length ? (
        <button type="button" className="link show-all" onClick={() => setAll(true)}>
          Show all {report.databases.length} databases
        </button>
      ) : null}
    </section>
  );
}

export function SizingPanel() {
  const report = useEditor((s) => s.plan.sizing);
  const hasInputs = report.inputs !== null;
  return (
    <div className="sizing-panel" data-testid="sizing-panel">
      {!hasInputs ? (
        <p className="muted" data-testid="sizing-no-inputs">
          No sizing inputs: select nothing on the canvas and turn on “Size the design for a mailbox load” in the inspector to get the worst-case figures per Mailbox server. The Client Access and Hub Transport ratios and the memory per role apply already.
        </p>
      ) : null}
      {report.recommendation ? (
        <section className="sizing-section sizing-recommendation">
          <h4>Recommendation</h4>
          <Lines lines={report.recommendation.lines} testId="sizing-recommendation" />
        </section>
      ) : null}
      {report.notes.length > 0 ? <Lines lines={report.notes.map((n) => `Note: ${n}`)} testId="sizing-notes" /> : null}
      {report.inputs ? (
        <details className="sizing-section">
          <summary>Inputs and per-mailbox figures</summary>
          <Lines lines={report.inputs.lines} />
        </details>
      ) : null}
      {report.dags.length > 0 ? (
        <section className="sizing-section">
          <h4>DAGs</h4>
          <Lines lines={report.dags.flatMap((d) => d.lines)} testId="sizing-dags" />
        </section>
      ) : null}
      <MailboxServers report={report} />
      {report.sites.length > 0 ? (
        <section className="sizing-section">
          <h4>Client Access and Hub Transport per AD site</h4>
          <Lines lines={report.sites.flatMap((s) => [s.clientAccess.line, s.hubTransport.line])} testId="sizing-sites" />
        </section>
      ) : null}
      <Databases report={report} />
      <section className="sizing-section">
        <h4>Storage layout</h4>
        <Lines lines={report.storage.lines} />
      </section>
    </div>
  );
}
