// "Rehearse" / "Run against hosts": the setup dialog. Rehearsal: the lab with optional injected faults and a pace to
// watch it by. Real hosts: the mapping of every design server to its FQDN or IP (pre-filled with the design's FQDNs),
// the account (typed, or one already held; "remember" only where the OS can encrypt it), a dry run first by default,
// and for a real run the organization name typed as the confirmation.
import { useMemo, useState } from 'react';
import type { FormEvent } from 'react';
import { plural } from '../../shared/planner/text';
import { generateRunbook } from '../../shared/runbook/generate';
import type { RunTargetKind } from '../../shared/ipc/contract';
import { MAX_PARALLEL_HOSTS } from '../../shared/ipc/contract';
import { Modal } from '../components/Modal';
import { useEditor } from '../store/editor';
import { closeSetup, forgetCredential, planAndStart, setCredential, useRuns } from './store';
import type { SetupRequest } from './store';

const FAULT_EXAMPLES: readonly { spec: (server: string, step: string) => string; label: string }[] = [
  { spec: (server) => `unreachable:${server}`, label: 'a server never answers' },
  { spec: (_s, step) => `fail:${step}:1`, label: 'a step fails once' },
  { spec: (server) => `slow:${server}:800`, label: 'a slow server' },
  { spec: (server) => `restart-hang:${server}`, label: 'a restart never comes back' },
];

const PACES: readonly { ms: number; label: string }[] = [
  { ms: 40, label: 'Fast' },
  { ms: 250, label: 'Watchable' },
  { ms: 900, label: 'Slow' },
];

const TARGETS: readonly { target: RunTargetKind; title: string; detail: string; dryRun: boolean }[] = [
  { target: 'lab', title: 'Rehearse', detail: 'in the lab: simulated servers, optional faults', dryRun: false },
  { target: 'hosts', title: 'Run against hosts', detail: 'the real servers, through PowerShell remoting', dryRun: true },
];

/** Rehearsal options. */
interface LabSettings {
  readonly faults: string;
  readonly autoConfirm: boolean;
  readonly pace: number;
  /** lab: the TypeScript lab applies each step's action; pwsh: the real scripts run in PowerShell 7 against the host double. */
  readonly engine: 'lab' | 'pwsh';
}

/** The account for real hosts: typed (user, password, remember) or one already held (heldId). */
interface AccountSettings {
  readonly user: string;
  readonly password: string;
  readonly remember: boolean;
  readonly heldId: string;
}

/** Design servers in the order of the design, with their FQDN. */
function useServers(): readonly { name: string; fqdn: string }[] {
  const servers = useEditor((s) => s.doc.design.servers);
  return useMemo(() => servers.map((s) => ({ name: s.name, fqdn: s.fqdn })), [servers]);
}

function LabOptions({ lab, change }: { lab: LabSettings; change: (c: Partial<LabSettings>) => void }) {
  const servers = useServers();
  const firstServer = servers[1]?.name ?? servers[0]?.name ?? 'EX1';
  const doc = useEditor((s) => s.doc);
  const errors = useEditor((s) => s.plan.counts.error);
  // A step worth failing in a demo: Exchange setup, else the first step that runs a script.
  const demoStep = useMemo(() => {
    if (errors > 0) return 'STEPID';
    const generated = generateRunbook(doc, { generatedAt: '' });
    if (!generated.ok) return 'STEPID';
    const steps = generated.runbook.steps;
    return (steps.find((s) => s.phase === 'exchange-setup') ?? steps.find((s) => s.target.kind !== 'operator' && s.script !== ''))?.id ?? 'STEPID';
  }, [doc, errors]);
  const add = (spec: string) => change({ faults: lab.faults.trim() === '' ? spec : `${lab.faults.trim()}\n${spec}` });
  return (
    <>
      <p className="muted">
        The rehearsal lab simulates every server of the design as it is before the deployment and enforces the real rules (setup before its prerequisites fails, NLB on a DAG
        member fails…). Nothing leaves this machine.
      </p>
      <label className="run-inline">
        Engine
        <select value={lab.engine} onChange={(e) => change({ engine: e.target.value === 'pwsh' ? 'pwsh' : 'lab' })} data-testid="run-engine">
          <option value="lab">Lab: simulated actions (fast)</option>
          <option value="pwsh">PowerShell: the real scripts against the host double (needs pwsh)</option>
        </select>
      </label>
      {lab.engine === 'pwsh' ? (
        <p className="muted">
          Every step&apos;s script and check run in PowerShell 7 against a double of Exchange 2010 SP3 on Windows Server 2008 R2 / 2012 R2, one PowerShell per server.
          Remoting itself (WinRM, Kerberos, CredSSP) is not simulated.
        </p>
      ) : null}
      <label className="run-field">
        <span>Inject faults (optional, one per line)</span>
        <textarea value={lab.faults} onChange={(e) => change({ faults: e.target.value })} rows={3} placeholder={`unreachable:${firstServer}`} data-testid="run-faults" spellCheck={false} />
      </label>
      <div className="run-fault-examples">
        {FAULT_EXAMPLES.map((f) => (
          <button key={f.label} type="button" className="link" onClick={() => add(f.spec(firstServer, demoStep))}>
            + {f.label}
          </button>
        ))}
      </div>
      <div className="run-row">
        <label className="run-check">
          <input type="checkbox" checked={lab.autoConfirm} onChange={(e) => change({ autoConfirm: e.target.checked })} data-testid="run-autoconfirm" /> Confirm operator checklist steps
          automatically
        </label>
        <label className="run-inline">
          Pace
          <select value={lab.pace} onChange={(e) => change({ pace: Number(e.target.value) })} data-testid="run-pace">
            {PACES.map((p) => (
              <option key={p.ms} value={p.ms}>
                {p.label}
              </option>
            ))}
          </select>
        </label>
      </div>
    </>
  );
}

function HostOptions(props: { hosts: Record<string, string>; setHost: (server: string, value: string) => void; account: AccountSettings; change: (c: Partial<AccountSettings>) => void }) {
  const { account, change } = props;
  const servers = useServers();
  const credentials = useRuns((s) => s.credentials);
  const rememberRefusal = useRuns((s) => s.rememberUnavailableReason);
  return (
    <>
      <h3 className="run-subhead">Hosts</h3>
      <p className="muted">Each design server runs on the real host you give here, reached by PowerShell remoting from this machine. Use the FQDN in a domain (Kerberos).</p>
      <table className="run-hosts" data-testid="run-hosts">
        <thead>
          <tr>
            <th>Design server</th>
            <th>FQDN or IP address</th>
          </tr>
        </thead>
        <tbody>
          {servers.map((s) => (
            <tr key={s.name}>
              <td>{s.name}</td>
              <td>
                <input value={props.hosts[s.name] ?? ''} onChange={(e) => props.setHost(s.name, e.target.value)} aria-label={`Host for ${s.name}`} data-testid={`run-host-${s.name}`} spellCheck={false} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3 className="run-subhead">Account</h3>
      {credentials.length > 0 ? (
        <label className="run-field">
          <span>Use</span>
          <select value={account.heldId} onChange={(e) => change({ heldId: e.target.value })} data-testid="run-credential-held">
            <option value="">Another account…</option>
            {credentials.map((c) => (
              <option key={c.credentialId} value={c.credentialId}>
                {c.user}
                {c.remembered ? ' (remembered)' : ''}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      {account.heldId === '' ? (
        <div className="run-row">
          <label className="run-field">
            <span>User name</span>
            <input value={account.user} onChange={(e) => change({ user: e.target.value })} placeholder="CONTOSO\administrator" autoComplete="username" data-testid="run-user" spellCheck={false} />
          </label>
          <label className="run-field">
            <span>Password</span>
            <input type="password" value={account.password} onChange={(e) => change({ password: e.target.value })} autoComplete="current-password" data-testid="run-password" />
          </label>
          <label className="run-check" title={rememberRefusal ?? 'Stored encrypted by the operating system for your account on this machine.'}>
            <input type="checkbox" checked={account.remember} disabled={rememberRefusal !== null} onChange={(e) => change({ remember: e.target.checked })} data-testid="run-remember" /> Remember
          </label>
        </div>
      ) : (
        <button type="button" className="link" onClick={() => void forgetCredential(account.heldId).then(() => change({ heldId: '' }))}>
          Forget this account
        </button>
      )}
      {account.heldId === '' && rememberRefusal ? <p className="muted run-note">{rememberRefusal}</p> : null}
    </>
  );
}

function SetupForm({ request }: { request: SetupRequest }) {
  const servers = useServers();
  const organization = useEditor((s) => s.doc.design.organization.name);
  const defaultParallel = useEditor((s) => s.doc.design.deployment.maxParallelHosts);
  const errors = useEditor((s) => s.plan.counts.error);
  const busy = useRuns((s) => s.busy);
  const credentials = useRuns((s) => s.credentials);
  const [target, setTarget] = useState<RunTargetKind>(request.target);
  const [dryRun, setDryRun] = useState(request.dryRun ?? request.target === 'hosts');
  const [parallel, setParallel] = useState(defaultParallel);
  const [lab, setLab] = useState<LabSettings>({ faults: '', autoConfirm: true, pace: PACES[1].ms, engine: 'lab' });
  const [hosts, setHosts] = useState<Record<string, string>>(() => Object.fromEntries(servers.map((s) => [s.name, request.hosts?.[s.name] ?? s.fqdn])));
  const [account, setAccount] = useState<AccountSettings>({ user: '', password: '', remember: false, heldId: credentials[0]?.credentialId ?? '' });
  const changeAccount = (c: Partial<AccountSettings>) => setAccount((a) => ({ ...a, ...c }));
  const [typed, setTyped] = useState('');
  const [notice, setNotice] = useState<string | null>(null);

  const real = target === 'hosts' && !dryRun;
  const missing = target === 'hosts' ? servers.filter((s) => (hosts[s.name] ?? '').trim() === '').map((s) => s.name) : [];
  const needsAccount = target === 'hosts' && account.heldId === '' && (account.user.trim() === '' || account.password === '');
  const blocked = errors > 0 || missing.length > 0 || needsAccount || (real && typed.trim() !== organization) || busy !== null;

  async function submit(e: FormEvent): Promise<void> {
    e.preventDefault();
    if (blocked) return;
    let credentialId: string | undefined;
    if (target === 'hosts') {
      if (account.heldId !== '') credentialId = account.heldId;
      else {
        const held = await setCredential(account.user, account.password, account.remember);
        if (!held) return;
        credentialId = held.credentialId;
        changeAccount({ password: '', heldId: held.credentialId });
        if (held.notice) setNotice(held.notice);
      }
    }
    const faultList = lab.faults
      .split('\n')
      .map((f) => f.trim())
      .filter((f) => f !== '');
    await planAndStart({
      target,
      hosts: target === 'hosts' ? Object.fromEntries(Object.entries(hosts).map(([k, v]) => [k, v.trim()])) : {},
      ...(credentialId ? { credentialId } : {}),
      options: {
        dryRun,
        maxParallelHosts: parallel,
        ...(target === 'lab' ? { faults: faultList, autoConfirm: lab.autoConfirm, labStepMs: lab.pace, engine: lab.engine } : {}),
      },
      ...(real ? { confirmOrganization: typed.trim() } : {}),
    });
  }

  return (
    <form onSubmit={(e) => void submit(e)}>
      <div className="run-mode" role="radiogroup" aria-label="Where to run">
        {TARGETS.map((t) => (
          <label key={t.target} className={target === t.target ? 'active' : ''}>
            <input
              type="radio"
              name="run-target"
              checked={target === t.target}
              onChange={() => {
                setTarget(t.target);
                setDryRun(t.dryRun);
              }}
              data-testid={`run-target-${t.target}`}
            />
            <strong>{t.title}</strong>
            <span>{t.detail}</span>
          </label>
        ))}
      </div>
      {errors > 0 ? <p className="run-error">The design has {plural(errors, 'error')}: fix the problems first (no runbook, no run).</p> : null}
      {target === 'lab' ? (
        <LabOptions lab={lab} change={(c) => setLab((l) => ({ ...l, ...c }))} />
      ) : (
        <HostOptions hosts={hosts} setHost={(server, value) => setHosts((h) => ({ ...h, [server]: value }))} account={account} change={changeAccount} />
      )}
      <div className="run-row run-options">
        <label className="run-check">
          <input type="checkbox" checked={dryRun} onChange={(e) => setDryRun(e.target.checked)} data-testid="run-dryrun" /> Dry run (checks and -WhatIf only: nothing changes)
        </label>
        <label className="run-inline">
          At most
          <input type="number" min={1} max={MAX_PARALLEL_HOSTS} value={parallel} onChange={(e) => setParallel(Math.max(1, Math.min(MAX_PARALLEL_HOSTS, Number(e.target.value) || 1)))} className="run-number" />
          steps at a time
        </label>
      </div>
      {real ? (
        <div className="run-danger" data-testid="run-confirm-org">
          <p>
            <strong>This run changes the servers of {organization}.</strong> Run a dry run first. To start the real run, type the organization name:
          </p>
          <input value={typed} onChange={(e) => setTyped(e.target.value)} placeholder={organization} aria-label="Organization name" data-testid="run-org-input" spellCheck={false} />
        </div>
      ) : null}
      {missing.length > 0 ? <p className="run-error">Enter the host of {missing.join(', ')}.</p> : null}
      {notice ? <p className="warning-line">{notice}</p> : null}
      <div className="modal-actions">
        <button type="button" onClick={closeSetup}>
          Cancel
        </button>
        <button type="submit" className="primary" disabled={blocked} data-testid="run-start">
          {target === 'lab' ? (dryRun ? 'Start dry rehearsal' : 'Start rehearsal') : dryRun ? 'Start dry run' : 'Start the real run'}
        </button>
      </div>
    </form>
  );
}

export function RunSetupDialog() {
  const request = useRuns((s) => s.setup);
  if (!request) return null;
  return (
    <Modal title="Run the deployment runbook" onClose={closeSetup} testId="run-setup" className="run-setup">
      <SetupForm request={request} />
    </Modal>
  );
}
