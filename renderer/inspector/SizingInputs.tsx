// The sizing inputs of a design (shared/domain/sizing.md, "Inputs"): mailbox tiers, message size, retention, single
// item recovery, calendar version logging, failures to survive, CPU target, log truncation tolerance, moves, growth,
// Hub antivirus and the storage layout; and per server its SPECint_rate2006 result, disk space and IOPS with the
// server's sizing figures.
import * as S from '../../shared/model/schema';
import type { MessagesPerDay } from '../../shared/model/schema';
import type { Design, Server, Sizing } from '../../shared/model/types';
import { updateSettings } from '../../shared/edits';
import { MIGRATED_TIER_NAME } from '../../shared/model/migrations';
import { num, plural, recommendedDatabases } from '../../shared/planner/text';
import type { z } from 'zod';
import { useEditor } from '../store/editor';
import { MESSAGE_PROFILES, apply, patcher, validateObjectName, validateWindowsPath } from './common';
import { CheckField, NumberField, RemoveButton, Section, SelectField, TextField } from './fields';

type MessagesPerDayValue = z.infer<typeof MessagesPerDay>;

/** What "Size the design for a mailbox load" starts from: one tier of 500 mailboxes, the method's defaults. */
export const DEFAULT_SIZING: Sizing = S.Sizing.parse({ tiers: [{ name: MIGRATED_TIER_NAME, mailboxCount: 500, mailboxQuotaGB: 2, messagesPerDay: 100 }] });

const STORAGE_KINDS = [
  { value: 'mountPoints' as const, label: 'Mount points (a folder per volume)' },
  { value: 'driveLetters' as const, label: 'Drive letters (E: onwards, per DAG)' },
];

function setSizing(patch: Partial<Sizing>): string | null {
  return apply((doc) => {
    const current = doc.design.sizing ?? DEFAULT_SIZING;
    return updateSettings(doc, { sizing: { ...current, ...patch } });
  });
}

function TiersEditor({ sizing }: { sizing: Sizing }) {
  const setTier = (i: number, patch: Partial<Sizing['tiers'][number]>) => setSizing({ tiers: sizing.tiers.map((t, j) => (j === i ? { ...t, ...patch } : t)) });
  return (
    <div className="tiers" data-testid="sizing-tiers">
      {sizing.tiers.map((t, i) => (
        <div key={i} className="tier-row" data-testid="sizing-tier">
          <div className="row">
            <TextField label="Tier" value={t.name} validate={validateObjectName} onCommit={(v) => setTier(i, { name: v })} />
            <RemoveButton title={sizing.tiers.length === 1 ? 'A design keeps at least one tier' : `Remove tier ${t.name}`} disabled={sizing.tiers.length === 1} onClick={() => setSizing({ tiers: sizing.tiers.filter((_, j) => j !== i) })} />
          </div>
          <div className="row">
            <NumberField label="Mailboxes" value={t.mailboxCount} integer min={1} max={1_000_000} onCommit={(v) => setTier(i, { mailboxCount: v ?? 1 })} testId={i === 0 ? 'sizing-mailboxes' : undefined} />
            <NumberField label="Quota" unit="GB" value={t.mailboxQuotaGB} min={0.01} max={1000} onCommit={(v) => setTier(i, { mailboxQuotaGB: v ?? 1 })} testId={i === 0 ? 'sizing-quota' : undefined} />
          </div>
          <SelectField label="Message profile" value={String(t.messagesPerDay)} options={MESSAGE_PROFILES} onCommit={(v) => setTier(i, { messagesPerDay: Number(v) as MessagesPerDayValue })} testId={i === 0 ? 'sizing-profile' : undefined} />
        </div>
      ))}
      <div className="row-actions">
        <button
          type="button"
          disabled={sizing.tiers.length >= 20}
          onClick={() => setSizing({ tiers: [...sizing.tiers, { name: `Tier ${sizing.tiers.length + 1}`, mailboxCount: 100, mailboxQuotaGB: sizing.tiers[0]?.mailboxQuotaGB ?? 2, messagesPerDay: 100 }] })}
          data-testid="sizing-add-tier"
        >
          Add a mailbox tier
        </button>
      </div>
    </div>
  );
}

/** The Sizing section of the document inspector (shown when nothing is selected). */
export function SizingInputsSection({ design }: { design: Design }) {
  const recommendation = useEditor((s) => s.plan.sizing.recommendation);
  const sizing = design.sizing;
  const set = (patch: Parameters<typeof updateSettings>[1]) => apply((x) => updateSettings(x, patch));
  return (
    <Section title="Sizing">
      <CheckField label="Size the design for a mailbox load" checked={sizing !== undefined} onCommit={(on) => set({ sizing: on ? DEFAULT_SIZING : null })} testId="sizing-on" />
      {sizing ? (
        <>
          <TiersEditor sizing={sizing} />
          <div className="row">
            <NumberField label="Message size" unit="KB" value={sizing.averageMessageSizeKB} min={1} max={100_000} onCommit={(v) => setSizing({ averageMessageSizeKB: v ?? 75 })} />
            <NumberField label="Deleted item retention" unit="days" value={sizing.deletedItemRetentionDays} integer min={0} max={3650} onCommit={(v) => setSizing({ deletedItemRetentionDays: v ?? 14 })} />
          </div>
          <CheckField label="Single item recovery" checked={sizing.singleItemRecovery} onCommit={(v) => setSizing({ singleItemRecovery: v })} />
          <CheckField label="Calendar version logging" checked={sizing.calendarVersionLogging} onCommit={(v) => setSizing({ calendarVersionLogging: v })} />
          <div className="row">
            <NumberField label="Server failures to survive (empty: HA copies − 1)" value={sizing.failuresToSurvive ?? undefined} optional integer min={0} max={15} onCommit={(v) => setSizing({ failuresToSurvive: v ?? null })} testId="sizing-failures" />
            <NumberField label="Mailbox CPU at worst" unit="%" value={sizing.targetMailboxCpuPercent} min={10} max={100} onCommit={(v) => setSizing({ targetMailboxCpuPercent: v ?? 80 })} />
          </div>
          <div className="row">
            <NumberField label="Logs kept if truncation fails" unit="days" value={sizing.logTruncationFailureDays} min={0} max={365} onCommit={(v) => setSizing({ logTruncationFailureDays: v ?? 3 })} />
            <NumberField label="Mailbox moves a week" unit="%" value={sizing.mailboxMovesPerWeekPercent} min={0} max={100} onCommit={(v) => setSizing({ mailboxMovesPerWeekPercent: v ?? 1 })} />
          </div>
          <div className="row">
            <NumberField label="Annual growth" unit="%" value={sizing.annualGrowthPercent} min={0} max={1000} onCommit={(v) => setSizing({ annualGrowthPercent: v ?? 0 })} />
            <NumberField label="Over" unit="years" value={sizing.growthYears} integer min={0} max={20} onCommit={(v) => setSizing({ growthYears: v ?? 3 })} />
          </div>
          <CheckField label="Antivirus on the Hub Transport servers" checked={sizing.hubAntivirus} onCommit={(v) => setSizing({ hubAntivirus: v })} />
          <SelectField label="Storage layout" value={sizing.storage.kind} options={STORAGE_KINDS} onCommit={(v) => setSizing({ storage: { ...sizing.storage, kind: v } })} testId="sizing-storage-kind" />
          {sizing.storage.kind === 'mountPoints' ? (
            <div className="row">
              <TextField label="Database volumes under" value={sizing.storage.databaseRoot} validate={validateWindowsPath} onCommit={(v) => setSizing({ storage: { ...sizing.storage, databaseRoot: v } })} />
              <TextField label="Log volumes under" value={sizing.storage.logRoot} validate={validateWindowsPath} onCommit={(v) => setSizing({ storage: { ...sizing.storage, logRoot: v } })} />
            </div>
          ) : null}
          {recommendation ? (
            <p className="muted" data-testid="sizing-summary">
              Recommended: {recommendedDatabases(recommendation)}
              {recommendation.mailboxServer ? `; Mailbox servers up to ${plural(recommendation.mailboxServer.cores, 'core')} and ${recommendation.mailboxServer.ramGB === null ? 'more RAM than the cache table' : `${num(recommendation.mailboxServer.ramGB)} GB RAM`}` : ''}; {num(recommendation.totalIops)} IOPS.{' '}
              <button type="button" className="link" onClick={() => useEditor.setState({ bottomTab: 'sizing' })} data-testid="open-sizing-panel">
                Show the arithmetic
              </button>
            </p>
          ) : null}
        </>
      ) : null}
    </Section>
  );
}

/** Per server: its SPECint_rate2006 result and disks, and its sizing figures with their arithmetic. */
export function ServerSizingSection({ server }: { server: Server }) {
  const figures = useEditor((s) => s.plan.sizing.servers.find((x) => x.serverId === server.id));
  const set = patcher('server', server.id);
  return (
    <Section title="Sizing">
      <NumberField label="SPECint_rate2006 (empty: the reference core)" value={server.specIntRate} optional min={0.01} max={100_000} onCommit={(v) => set({ specIntRate: v })} testId="server-specint" />
      {server.roles.includes('MB') ? (
        <div className="row">
          <NumberField label="Disk for databases and logs" unit="GB" value={server.storageGB} optional min={1} max={100_000_000} onCommit={(v) => set({ storageGB: v })} testId="server-storage-gb" />
          <NumberField label="Disk IOPS" value={server.storageIops} optional min={1} max={100_000_000} onCommit={(v) => set({ storageIops: v })} testId="server-storage-iops" />
        </div>
      ) : null}
      {figures ? (
        <ul className="sizing-lines" data-testid="server-sizing-lines">
          {figures.lines.map((l) => (
            <li key={l}>{l}</li>
          ))}
        </ul>
      ) : null}
    </Section>
  );
}
