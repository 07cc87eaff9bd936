// "Rehearse" / "Run against hosts": the setup dialog. Rehearsal: the lab with optional injected faults and a pace to
// watch it by. Real hosts: the mapping of every design server to its FQDN or IP (pre-filled with the design's FQDNs),
// the account (typed, or one already held; "remember" only where the OS can encrypt it), a dry run first by default,
// and for a real run the organization name typed as the confirmation.
import { useMemo, useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import { generateRunbook } from '../../shared/runbook/generate';
import type { RunTargetKind } from '../../shared/ipc/contract';
import { MAX_PARALLEL_HOSTS } from '../../shared/ipc/contract';
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

/** Design servers in the order of the design, with their FQDN. */
function useServers(): readonly { name: string; fqdn: string }[] {
  const servers = useEditor((s) => s.doc.design.servers);
  return useMemo(() => servers.map((s) => ({ name: s.name, fqdn: s.fqdn })), [servers]);
}

function Modal({ title, onClose, children }: { title: string; onClose: () => void; children: ReactNode }) {
  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className="modal run-setup" role="dialog" aria-label={title} data-testid="run-setup" onKeyDown={(e) => e.key === 'Escape' && onClose()}>
        <div className="modal-title">
          <h2>{title}</h2>
          <button type="button" className="close" onClick={onClose} aria-label="Close">
            ×
          </button>
        </div>
        {children}
      </div>
    </div>
  );
}

function LabOptions(props: { faults: string; setFaults: (v: string) => void; autoConfirm: boolean; setAutoConfirm: (v: boolean) => void; pace: number; setPace: (v: number) => void }) {
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
  const add = (spec: string) => props.setFaults(props.faults.trim() === '' ? spec : `${props.faults.trim()}\n${spec}`);
  return (
    <>
      <p className="muted">
        The rehearsal lab simulates every server of the design as it is before the deployment and enforces the real rules (setup before its prerequisites fails, NLB on a DAG
        member fails…). Nothing leaves this machine.
      </p>
      <label className="run-field">
        <span>Inject faults (optional, one per line)</span>
        <textarea value={props.faults} onChange={(e) => props.setFaults(e.target.value)} rows={3} placeholder={`unreachable:${firstServer}`} data-testid="run-faults" spellCheck={false} />
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
          <input type="checkbox" checked={props.autoConfirm} onChange={(e) => props.setAutoConfirm(e.target.checked)} data-testid="run-autoconfirm" /> Confirm operator checklist steps
          automatically
        </label>
        <label className="run-inline">
          Pace
          <select value={props.pace} onChange={(e) => props.setPace(Number(e.target.value))} data-testid="run-pace">
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

function HostOptions(props: {
  hosts: Record<string, string>;
  setHost: (server: string, value: string) => void;
  user: string;
  setUser: (v: string) => void;
  password: string;
  setPassword: (v: string) => void;
  remember: boolean;
  setRemember: (v: boolean) => void;
  heldId: string;
  setHeldId: (v: string) => void;
}) {
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
          <select value={props.heldId} onChange={(e) => props.setHeldId(e.target.value)} data-testid="run-credential-held">
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
      {props.heldId === '' ? (
        <div className="run-row">
          <label className="run-field">
            <span>User name</span>
            <input value={props.user} onChange={(e) => props.setUser(e.target.value)} placeholder="CONTOSO\administrator" autoComplete="username" data-testid="run-user" spellCheck={false} />
          </label>
          <label className="run-field">
            <span>Password</span>
            <input type="password" value={props.password} onChange={(e) => props.setPassword(e.target.value)} autoComplete="current-password" data-testid="run-password" />
          </label>
          <label className="run-check" title={rememberRefusal ?? 'Stored encrypted by the operating system for your account on this machine.'}>
            <input type="checkbox" checked={props.remember} disabled={rememberRefusal !== null} onChange={(e) => props.setRemember(e.target.checked)} data-testid="run-remember" /> Remember
          </label>
        </div>
      ) : (
        <button type="button" className="link" onClick={() => void forgetCredential(props.heldId).then(() => props.setHeldId(''))}>
          Forget this account
        </button>
      )}
      {props.heldId === '' && rememberRefusal ? <p className="muted run-note">{rememberRefusal}</p> : null}
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
  const [faults, setFaults] = useState('');
  const [autoConfirm, setAutoConfirm] = useState(true);
  const [pace, setPace] = useState(PACES[1].ms);
  const [hosts, setHosts] = useState<Record<string, string>>(() => Object.fromEntries(servers.map((s) => [s.name, request.hosts?.[s.name] ?? s.fqdn])));
  const [user, setUser] = useState('');
  const [password, setPassword] = useState('');
  const [remember, setRemember] = useState(false);
  const [heldId, setHeldId] = useState(credentials[0]?.credentialId ?? '');
  const [typed, setTyped] = useState('');
  const [notice, setNotice] = useState<string | null>(null);

  const real = target === 'hosts' && !dryRun;
  const missing = target === 'hosts' ? servers.filter((s) => (hosts[s.name] ?? '').trim() === '').map((s) => s.name) : [];
  const needsAccount = target === 'hosts' && heldId === '' && (user.trim() === '' || password === '');
  const blocked = errors > 0 || missing.length > 0 || needsAccount || (real && typed.trim() !== organization) || busy !== null;

  async function submit(e: FormEvent): Promise<void> {
    e.preventDefault();
    if (blocked) return;
    let credentialId: string | undefined;
    if (target === 'hosts') {
      if (heldId !== '') credentialId = heldId;
      else {
        const held = await setCredential(user, password, remember);
        if (!held) return;
        credentialId = held.credentialId;
        setPassword('');
        setHeldId(held.credentialId);
        if (held.notice) setNotice(held.notice);
      }
    }
    const faultList = faults
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
        ...(target === 'lab' ? { faults: faultList, autoConfirm, labStepMs: pace } : {}),
      },
      ...(real ? { confirmOrganization: typed.trim() } : {}),
    });
  }

  return (
    <form onSubmit={(e) => void submit(e)}>
      <div className="run-mode" role="radiogroup" aria-label="Where to run">
        <label className={target === 'lab' ? 'active' : ''}>
          <input
            type="radio"
            name="run-target"
            checked={target === 'lab'}
            onChange={() => {
              setTarget('lab');
              setDryRun(false);
            }}
            data-testid="run-target-lab"
          />
          <strong>Rehearse</strong>
          <span>in the lab: simulated servers, optional faults</span>
        </label>
        <label className={target === 'hosts' ? 'active' : ''}>
          <input
            type="radio"
            name="run-target"
            checked={target === 'hosts'}
            onChange={() => {
              setTarget('hosts');
              setDryRun(true);
            }}
            data-testid="run-target-hosts"
          />
          <strong>Run against hosts</strong>
          <span>the real servers, through PowerShell remoting</span>
        </label>
      </div>
      {errors > 0 ? <p className="run-error">The design has {errors} error{errors === 1 ? '' : 's'}: fix the problems first (no runbook, no run).</p> : null}
      {target === 'lab' ? (
        <LabOptions faults={faults} setFaults={setFaults} autoConfirm={autoConfirm} setAutoConfirm={setAutoConfirm} pace={pace} setPace={setPace} />
      ) : (
        <HostOptions
          hosts={hosts}
          setHost={(server, value) => setHosts((h) => ({ ...h, [server]: value }))}
          user={user}
          setUser={setUser}
          password={password}
          setPassword={setPassword}
          remember={remember}
          setRemember={setRemember}
          heldId={heldId}
          setHeldId={setHeldId}
        />
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
    <Modal title="Run the deployment runbook" onClose={closeSetup}>
      <SetupForm request={request} />
    </Modal>
  );
}
