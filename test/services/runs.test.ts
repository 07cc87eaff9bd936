// The run.* and credentials.* channels through the service registry, as the renderer calls them: a rehearsal of the
// seed lab with its events, operator confirmation, fault + retry and skip, resuming after a restart (and refusing a
// changed design), a run against real hosts through a stand-in transport (organization confirmation, no password
// anywhere), PowerShell missing, the run report, and credentials that never come back with their password.
import '../setup/data-dir';
import { execFileSync } from 'node:child_process';
import { get as httpGet } from 'node:http';
import type { IncomingMessage } from 'node:http';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Channel, Request, Response, RunStreamEvent } from '../../shared/ipc/contract';
import { IpcValidationError } from '../../shared/ipc/contract';
import { dispatch } from '../../main/ipc/registry';
import type { ServiceRegistry } from '../../main/ipc/registry';
import { createBrowserServiceSet, createServiceRegistry } from '../../main/services';
import type { BrowserServiceSet } from '../../main/services';
import { BROWSER_REMEMBER_REFUSAL, CredentialService } from '../../main/services/credentials';
import { RunService } from '../../main/services/runs';
import type { HostTransport } from '../../main/services/runs';
import { CredentialStore, CredentialVault } from '../../main/credentials';
import type { SecretEncryptor } from '../../main/credentials';
import type { CheckResult, ScriptResult, StepInvocation, WaitResult } from '../../main/executor';
import { PathAccess } from '../../main/services/pathAccess';
import { startBrowserHost, TOKEN_HEADER } from '../../main/host';
import { exampleText } from '../fixtures/designs';

const PASSWORD = 'Tr0ub4dor&3 "quoted" \'x\'';
const SEED = exampleText('seed-lab');
/** The seed lab's runbook: the tutorial's steps plus what real hosts need (operator NIC unbinding, WinRM quota, restarts, update rollup, product key, DNS tools, verification through the array). */
const SEED_STEPS = 48;
/** The design open in the calling window (a new, unsaved document). */
const DESIGN = { path: null, documentId: 'doc-seed' };
/** What every control sends: the open design and its text. */
const OWN = { design: DESIGN, text: SEED };

let dir: string;
let events: RunStreamEvent[];
let set: BrowserServiceSet;

function services(options: { labStepMs?: number; createHostTransport?: () => HostTransport } = {}): BrowserServiceSet {
  return createBrowserServiceSet({ documentsDir: dir, runsDir: join(dir, 'runs'), version: '0.0.0-test', onRunEvent: (e) => events.push(e), labStepMs: options.labStepMs ?? 0, ...options });
}

function call<C extends Channel>(channel: C, request: Request<C>, registry: ServiceRegistry = set.registry): Promise<Response<C>> {
  return dispatch(registry, channel, request) as Promise<Response<C>>;
}

/** Resolves when an event matching `predicate` has arrived (polling the collected events). */
async function until(predicate: (e: RunStreamEvent) => boolean, timeoutMs = 20_000): Promise<RunStreamEvent> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = events.find(predicate);
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no such event within ${timeoutMs} ms; last: ${JSON.stringify(events.slice(-3))}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const finished = (runId: string) => (e: RunStreamEvent) => e.runId === runId && (e.type === 'run-finished' || e.type === 'run-aborted');

/** Confirms every operator step the run waits for (until `stop` says so, or the run ends); returns the last event. */
async function confirmEach(runId: string, stop: (stepId: string) => boolean = () => false, by?: string): Promise<RunStreamEvent> {
  const confirmed = new Set<string>();
  for (;;) {
    const next = await until((e) => (e.runId === runId && e.type === 'step-waiting' && !confirmed.has(e.stepId)) || finished(runId)(e));
    if (next.type !== 'step-waiting') return next;
    if (stop(next.stepId)) return next;
    confirmed.add(next.stepId);
    await call('run.confirm', by ? { runId, stepId: next.stepId, by, ...OWN } : { runId, stepId: next.stepId, ...OWN });
  }
}

function filesUnder(root: string): string[] {
  return readdirSync(root).flatMap((name) => {
    const path = join(root, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'extopo-runs-'));
  events = [];
  set = services();
});
afterEach(async () => {
  await set.runs.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a rehearsal through the service registry', () => {
  it('plans and runs the seed lab: events arrive in order, progress reaches 48/48 and the run is listed as succeeded', async () => {
    const planned = await call('run.plan', { text: SEED, design: DESIGN, target: 'lab', hosts: {}, options: { dryRun: false } });
    expect(planned.total).toBe(SEED_STEPS);
    expect(planned.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(planned.run.status).toBe('planned');
    expect(planned.run.steps.map((s) => s.status)).toEqual(Array(SEED_STEPS).fill('pending'));
    expect(planned.run.hosts).toEqual({ EX2: 'ex2.exchangeserverpro.local', EX3: 'ex3.exchangeserverpro.local', EX4: 'ex4.exchangeserverpro.local' });
    expect(planned.run.steps.find((s) => s.operator)?.checklist.length).toBeGreaterThan(0);

    expect(await call('run.start', { runId: planned.runId, ...OWN })).toEqual({ runId: planned.runId, status: 'running' });
    const end = await until(finished(planned.runId));
    expect(end).toMatchObject({ type: 'run-finished', status: 'succeeded', failedStepIds: [] });

    const ofRun = events.filter((e) => e.runId === planned.runId);
    expect(ofRun.some((e) => e.type === 'progress')).toBe(true);
    const journaled = ofRun.filter((e) => e.type !== 'progress');
    expect(journaled[0].type).toBe('run-started');
    expect(journaled.map((e) => ('seq' in e ? e.seq : 0))).toEqual([...journaled.map((e) => ('seq' in e ? e.seq : 0))].sort((a, b) => a - b));
    expect(new Set(journaled.filter((e) => e.type === 'step-started').map((e) => (e.type === 'step-started' ? e.stepId : '')))).toHaveProperty('size', SEED_STEPS);
    const lastProgress = ofRun.filter((e) => e.type === 'progress').at(-1);
    expect(lastProgress).toMatchObject({ done: SEED_STEPS, total: SEED_STEPS, runningStepIds: [] });
    expect(events.filter((e) => e.type === 'step-output').length).toBeGreaterThan(0);

    const [listed] = await call('run.list', { design: DESIGN });
    expect(listed).toMatchObject({ runId: planned.runId, target: 'lab', status: 'succeeded', dryRun: false, active: false });
    expect(listed.counts.failed).toBe(0);
    expect(listed.counts.total).toBe(SEED_STEPS);

    const journal = await call('run.journal', { runId: planned.runId });
    expect(journal.truncated).toBe(false);
    expect(journal.events[0].type).toBe('run-planned');
    expect(journal.run.steps.every((s) => ['succeeded', 'passed', 'confirmed', 'already-done'].includes(s.status))).toBe(true);
    expect(journal.run.steps.find((s) => s.operator)).toMatchObject({ status: 'confirmed', by: 'rehearsal lab (auto-confirm)' });
  });

  it('waits for an operator confirmation when auto-confirm is off, and finishes once confirmed', async () => {
    const { runId } = await call('run.plan', { text: SEED, design: DESIGN, target: 'lab', hosts: {}, options: { dryRun: false, autoConfirm: false } });
    await call('run.start', { runId, ...OWN });
    // The operator steps before it (unbinding File and Printer Sharing, the product keys) are confirmed as they come.
    const waiting = await confirmEach(runId, (id) => id === 'casarray.outlook-profiles.casarray-default');
    if (waiting.type !== 'step-waiting') throw new Error(`the run ended without waiting for the Outlook profiles: ${JSON.stringify(waiting)}`);
    expect(waiting.stepId).toBe('casarray.outlook-profiles.casarray-default');
    expect(waiting.checklist.join(' ')).toMatch(/Outlook/);
    await expect(call('run.confirm', { runId, stepId: 'verify.mapi.srv-ex2', ...OWN })).rejects.toThrow(/not an operator checklist step/);
    await call('run.confirm', { runId, stepId: waiting.stepId, by: 'Jane Admin', note: 'profiles updated by GPO', ...OWN });
    expect(await until(finished(runId))).toMatchObject({ status: 'succeeded' });
    const step = (await call('run.journal', { runId })).run.steps.find((s) => s.id === waiting.stepId);
    expect(step).toMatchObject({ status: 'confirmed', by: 'Jane Admin' });
  });

  it('stops on an injected fault; retry continues the run; a skip needs a reason and an explicit confirmation', async () => {
    const { runId } = await call('run.plan', {
      text: SEED,
      design: DESIGN,
      target: 'lab',
      hosts: {},
      // One step at a time: the steps run in runbook order, so the setup step fails first.
      options: { dryRun: false, maxParallelHosts: 1, faults: ['fail:setup.exchange.srv-ex3:1', 'fail:casarray.rpc-client-access.casarray-default.srv-ex2:5'] },
    });
    await call('run.start', { runId, ...OWN });
    expect(await until(finished(runId))).toMatchObject({ status: 'failed', failedStepIds: ['setup.exchange.srv-ex3'] });
    const failed = (await call('run.journal', { runId })).run.steps.find((s) => s.id === 'setup.exchange.srv-ex3');
    expect(failed?.error).toMatch(/Injected fault/);
    expect(failed?.failingCommand).toMatch(/Setup/i);

    events = [];
    await call('run.retry', { runId, stepId: 'setup.exchange.srv-ex3', ...OWN });
    const RPC = 'casarray.rpc-client-access.casarray-default.srv-ex2';
    expect(await until(finished(runId))).toMatchObject({ status: 'failed', failedStepIds: [RPC] });

    await expect(call('run.skip', { runId, stepId: RPC, reason: 'done by hand' } as unknown as Request<'run.skip'>)).rejects.toBeInstanceOf(IpcValidationError);
    await expect(call('run.skip', { runId, stepId: RPC, reason: '  ', confirmed: true, ...OWN })).rejects.toThrow(/reason/);
    events = [];
    await call('run.skip', { runId, stepId: RPC, reason: 'Set-MailboxDatabase run by hand', confirmed: true, ...OWN });
    expect(await until(finished(runId))).toMatchObject({ status: 'succeeded' });
    const skipped = (await call('run.journal', { runId })).run.steps.find((s) => s.id === RPC);
    expect(skipped).toMatchObject({ status: 'skipped', by: 'operator', reason: 'Set-MailboxDatabase run by hand' });
  });

  it('refuses faults that name nothing in the lab, and designs with errors', async () => {
    await expect(call('run.plan', { text: SEED, design: DESIGN, target: 'lab', hosts: {}, options: { dryRun: false, faults: ['unreachable:EX9'] } })).rejects.toMatchObject({
      problems: ['fault unreachable:EX9: there is no host EX9 in the lab (use a design server name or FQDN).'],
    });
    await expect(call('run.plan', { text: SEED, design: DESIGN, target: 'lab', hosts: {}, options: { dryRun: false, faults: ['explode:EX3'] } })).rejects.toThrow(/not valid/);
    await expect(call('run.plan', { text: '{"formatVersion": 2}', design: DESIGN, target: 'lab', hosts: {}, options: { dryRun: false } })).rejects.toThrow(/cannot be loaded/);
  });
});

describe('the browser host', () => {
  it('streams the run events of a rehearsal to the page over Server-Sent Events', async () => {
    const rendererDir = join(dir, 'renderer');
    mkdirSync(rendererDir);
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>t</title>');
    const host = await startBrowserHost({ rendererDir, documentsDir: join(dir, 'docs'), labStepMs: 0 });
    const frames: { event: string; data: unknown }[] = [];
    const stream = await new Promise<IncomingMessage>((resolve, reject) => {
      httpGet(`${host.origin}/api/events?token=${encodeURIComponent(host.token)}`, resolve).on('error', reject);
    });
    let buffer = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      buffer += chunk;
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.*)$/m.exec(frame)?.[1];
        const data = /^data: (.*)$/m.exec(frame)?.[1];
        if (event && data) frames.push({ event, data: JSON.parse(data) });
      }
    });
    const post = async (channel: string, body: unknown) => {
      const res = await fetch(`${host.origin}/api/${channel}`, { method: 'POST', headers: { 'Content-Type': 'application/json', [TOKEN_HEADER]: host.token }, body: JSON.stringify(body) });
      return (await res.json()) as { result: { runId: string } };
    };
    try {
      const { result } = await post('run.plan', { text: SEED, design: DESIGN, target: 'lab', hosts: {}, options: { dryRun: true } });
      await post('run.start', { runId: result.runId, ...OWN });
      const deadline = Date.now() + 20_000;
      while (!frames.some((f) => (f.data as { type?: string }).type === 'run-finished') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      const runFrames = frames.filter((f) => f.event === 'run').map((f) => f.data as { type: string; runId: string });
      expect(runFrames.every((f) => f.runId === result.runId)).toBe(true);
      expect(runFrames.map((f) => f.type)).toEqual(expect.arrayContaining(['run-started', 'step-started', 'step-finished', 'progress', 'run-finished']));
      expect(runFrames.at(-1)).toMatchObject({ type: 'progress', done: SEED_STEPS, total: SEED_STEPS });
    } finally {
      stream.destroy();
      await host.close();
    }
  });
});

describe('resuming from the list of runs', () => {
  it('after a restart: a changed design is refused with the reason; the same design resumes and finishes', async () => {
    const { runId } = await call('run.plan', { text: SEED, design: DESIGN, target: 'lab', hosts: {}, options: { dryRun: false, faults: ['fail:nlb.cluster.nlb-casarray:1'] } });
    await call('run.start', { runId, ...OWN });
    await until(finished(runId));
    const doneBefore = (await call('run.journal', { runId })).run.steps.filter((s) => s.status !== 'pending' && s.status !== 'failed').map((s) => s.id);
    expect(doneBefore).toContain('setup.exchange.srv-ex3');
    await set.runs.close();

    // ExTopo restarted: a new service set over the same documents folder.
    events = [];
    set = services();
    const [listed] = await call('run.list', { design: DESIGN });
    expect(listed).toMatchObject({ runId, status: 'failed', active: false });
    await expect(call('run.start', { runId, ...OWN })).rejects.toThrow(/not open in this session: resume it/);

    const changed = SEED.replaceAll('192.168.0.38', '192.168.0.39');
    const refused = await call('run.resume', { runId, text: changed, design: DESIGN });
    expect(refused).toEqual({ ok: false, reason: 'design-changed', message: expect.stringMatching(/the design changed since this run was planned .*plan again/) });

    const resumed = await call('run.resume', { runId, text: SEED, design: DESIGN });
    expect(resumed.ok).toBe(true);
    expect(await until(finished(runId))).toMatchObject({ status: 'succeeded' });
    expect(events.find((e) => e.type === 'run-resumed')).toMatchObject({ previousStatus: 'failed' });
    // Steps that succeeded before did not run again.
    const started = events.filter((e) => e.type === 'step-started').map((e) => (e.type === 'step-started' ? e.stepId : ''));
    for (const id of doneBefore) expect(started).not.toContain(id);
    expect(started).toContain('nlb.cluster.nlb-casarray');
  });
});

describe('runs belong to their design', () => {
  const A = () => ({ path: join(dir, 'a.extopo.json'), documentId: 'doc-a' });
  // A copy of A's file: the same servers, the same runbook, another design.
  const B = () => ({ path: join(dir, 'b.extopo.json'), documentId: 'doc-b' });

  it("lists only the open design's runs; another design's run cannot be resumed, retried, skipped, confirmed or started", async () => {
    writeFileSync(A().path, SEED);
    writeFileSync(B().path, SEED);
    const { runId } = await call('run.plan', { text: SEED, design: A(), target: 'lab', hosts: {}, options: { dryRun: false, maxParallelHosts: 1, faults: ['fail:setup.exchange.srv-ex3:1'] } });
    await call('run.start', { runId, design: A(), text: SEED });
    expect(await until(finished(runId))).toMatchObject({ status: 'failed' });

    expect(await call('run.list', { design: B() })).toEqual([]);
    const all = await call('run.list', { design: B(), scope: 'all' });
    expect(all).toEqual([expect.objectContaining({ runId, belongs: false, design: { path: A().path, title: 'Seed lab: CAS array with Windows NLB', revision: expect.any(Number) } })]);
    expect(await call('run.list', { design: A() })).toEqual([expect.objectContaining({ runId, belongs: true, status: 'failed' })]);

    const foreign = new RegExp(`^Cannot retry step setup\\.exchange\\.srv-ex3 of run ${runId}: it belongs to the design "Seed lab: CAS array with Windows NLB" \\(${A().path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\) \\(revision \\d+\\), not to the open design "Seed lab: CAS array with Windows NLB" \\(.*b\\.extopo\\.json\\)\\. .*Open that design to continue this run, or plan a new run of this design\\.$`);
    await expect(call('run.retry', { runId, stepId: 'setup.exchange.srv-ex3', design: B(), text: SEED })).rejects.toThrow(foreign);
    await expect(call('run.skip', { runId, stepId: 'setup.exchange.srv-ex3', reason: 'x', confirmed: true, design: B(), text: SEED })).rejects.toThrow(/Cannot skip step setup\.exchange\.srv-ex3 of run .*: it belongs to the design/);
    await expect(call('run.confirm', { runId, stepId: 'setup.exchange.srv-ex3', design: B(), text: SEED })).rejects.toThrow(/Cannot confirm step .* it belongs to the design/);
    await expect(call('run.start', { runId, design: B(), text: SEED })).rejects.toThrow(/Cannot start run .* it belongs to the design/);
    const refused = await call('run.resume', { runId, text: SEED, design: B() });
    expect(refused).toEqual({ ok: false, reason: 'other-design', message: expect.stringMatching(/^Cannot resume run .*: it belongs to the design "Seed lab: CAS array with Windows NLB" \(.*a\.extopo\.json\)/) });
    // Nothing ran: the run is still failed at the same step.
    expect((await call('run.journal', { runId, design: B() })).run).toMatchObject({ status: 'failed', belongs: false, active: false });

    // The same design, edited since: refused as changed; as it was: retried to a green end.
    const edited = SEED.replaceAll('192.168.0.38', '192.168.0.39');
    await expect(call('run.retry', { runId, stepId: 'setup.exchange.srv-ex3', design: A(), text: edited })).rejects.toThrow(/Cannot retry step .* the design changed since this run was planned/);
    // Reopened (a new document id for the same file): still its run.
    const reopened = { path: A().path, documentId: 'doc-a2' };
    await call('run.retry', { runId, stepId: 'setup.exchange.srv-ex3', design: reopened, text: SEED });
    expect(await until((e) => e.runId === runId && e.type === 'run-finished' && e.status === 'succeeded')).toBeTruthy();
  });

  it('after a restart: resume is refused from another design; a run planned before the first save follows the file', async () => {
    const { runId } = await call('run.plan', { text: SEED, design: A(), target: 'lab', hosts: {}, options: { dryRun: false, faults: ['fail:nlb.cluster.nlb-casarray:1'] } });
    await call('run.start', { runId, design: A(), text: SEED });
    await until(finished(runId));
    const untitled = { path: null, documentId: 'doc-new' };
    const second = await call('run.plan', { text: SEED, design: untitled, target: 'lab', hosts: {}, options: { dryRun: true } });
    await call('run.start', { runId: second.runId, design: untitled, text: SEED });
    await until(finished(second.runId));
    // The untitled design is saved as b.extopo.json: listing from that window ties its run to the file.
    const saved = { path: B().path, documentId: 'doc-new' };
    expect((await call('run.list', { design: saved })).map((r) => r.runId)).toEqual([second.runId]);
    await set.runs.close();

    events = [];
    set = services();
    expect((await call('run.list', { design: B() })).map((r) => r.runId)).toEqual([second.runId]);
    expect((await call('run.list', { design: { path: null, documentId: 'doc-new' } })).map((r) => r.runId)).toEqual([second.runId]);
    expect(await call('run.resume', { runId, text: SEED, design: B() })).toMatchObject({ ok: false, reason: 'other-design' });
    // A run made before runs recorded their design belongs to no design.
    rmSync(join(dir, 'runs', runId, 'design.json'));
    expect(await call('run.list', { design: A() })).toEqual([]);
    expect(await call('run.resume', { runId, text: SEED, design: A() })).toEqual({ ok: false, reason: 'other-design', message: expect.stringMatching(/it records no design \(it was made before ExTopo tied runs to their design\)/) });
    expect(events).toEqual([]);
  });

  it('refuses a run.list or control without the open design at the boundary', async () => {
    await expect(call('run.list', {} as unknown as Request<'run.list'>)).rejects.toBeInstanceOf(IpcValidationError);
    await expect(call('run.retry', { runId: 'r1', stepId: 's' } as unknown as Request<'run.retry'>)).rejects.toBeInstanceOf(IpcValidationError);
    await expect(call('run.list', { design: { path: null, documentId: '../x' } })).rejects.toBeInstanceOf(IpcValidationError);
  });
});

/** Hosts where every script works and echoes the password it was given (the executor must redact it). */
class LeakyHosts implements HostTransport {
  readonly kind = 'powershell';
  readonly done = new Set<string>();
  prepared = 0;
  async prepare(): Promise<void> {
    this.prepared++;
  }
  async check(i: StepInvocation): Promise<CheckResult> {
    return { ok: true, done: this.done.has(`${i.step.id}@${i.host}`) };
  }
  async run(i: StepInvocation & { readonly whatIf: boolean }): Promise<ScriptResult> {
    i.onOutput({ stream: 'output', line: `Connected to ${i.host} as ${i.credential.userName} using ${i.credential.password()}` });
    if (!i.whatIf) this.done.add(`${i.step.id}@${i.host}`);
    return { ok: true };
  }
  async waitForHost(): Promise<WaitResult> {
    return { ok: true };
  }
}

describe('a run against real hosts', () => {
  const HOSTS = { EX2: 'ex2.corp.example', EX3: 'ex3.corp.example', EX4: '10.0.0.4' };

  it('needs credentials and a full host mapping, starts only with the organization typed, and writes no password anywhere', async () => {
    const hosts = new LeakyHosts();
    events = [];
    await set.runs.close();
    set = services({ createHostTransport: () => hosts });

    await expect(call('run.plan', { text: SEED, design: DESIGN, target: 'hosts', hosts: HOSTS, options: { dryRun: false } })).rejects.toThrow(/Enter the credentials/);
    await expect(call('credentials.set', { user: 'deploy', password: PASSWORD, remember: false })).rejects.toThrow(/not a Windows account name/);
    const cred = await call('credentials.set', { user: 'CORP\\deploy', password: PASSWORD, remember: false });
    await expect(call('run.plan', { text: SEED, design: DESIGN, target: 'hosts', hosts: { EX2: 'ex2.corp.example' }, credentialId: cred.credentialId, options: { dryRun: false } })).rejects.toMatchObject({
      problems: expect.arrayContaining([expect.stringMatching(/no real host is given for design server EX3/)]),
    });
    await expect(call('run.plan', { text: SEED, design: DESIGN, target: 'hosts', hosts: { ...HOSTS, EX3: 'ex3 corp' }, credentialId: cred.credentialId, options: { dryRun: false } })).rejects.toBeInstanceOf(
      IpcValidationError,
    );
    await expect(call('run.plan', { text: SEED, design: DESIGN, target: 'hosts', hosts: HOSTS, credentialId: cred.credentialId, options: { dryRun: false, faults: ['unreachable:EX3'] } })).rejects.toThrow(
      /only be injected into a rehearsal/,
    );

    const { runId, run } = await call('run.plan', { text: SEED, design: DESIGN, target: 'hosts', hosts: HOSTS, credentialId: cred.credentialId, options: { dryRun: false } });
    expect(hosts.prepared).toBe(1);
    expect(run.target).toBe('hosts');
    expect(run.steps.find((s) => s.server === 'EX4')?.host).toBe('10.0.0.4');
    await expect(call('run.start', { runId, ...OWN })).rejects.toThrow(/type the organization name "ExchangeServerPro"/);
    await expect(call('run.start', { runId, confirmOrganization: 'exchangeserverpro', ...OWN })).rejects.toThrow(/type the organization name/);
    await call('run.start', { runId, confirmOrganization: 'ExchangeServerPro', ...OWN });
    expect(await confirmEach(runId)).toMatchObject({ status: 'succeeded' });

    const outputs = events.filter((e) => e.type === 'step-output').map((e) => (e.type === 'step-output' ? e.line : ''));
    expect(outputs.some((l) => l.includes('Connected to ex3.corp.example as CORP\\deploy using [redacted]'))).toBe(true);
    const md = Buffer.from((await call('run.report', { runId, format: 'md' })).base64, 'base64').toString('utf8');
    const everything = [JSON.stringify(events), JSON.stringify(await call('run.list', { design: DESIGN })), JSON.stringify(await call('run.journal', { runId })), JSON.stringify(await call('credentials.list', {})), md];
    for (const file of filesUnder(dir)) everything.push(readFileSync(file, 'utf8'));
    for (const text of everything) {
      expect(text).not.toContain(PASSWORD);
      expect(text).not.toContain('Tr0ub4dor');
    }
  });

  it('says clearly when PowerShell is missing, before any run is planned', async () => {
    const saved = process.env.NODE_POWERSHELL;
    process.env.NODE_POWERSHELL = join(dir, 'no-such-pwsh');
    try {
      await set.runs.close();
      set = createBrowserServiceSet({ documentsDir: dir, runsDir: join(dir, 'runs'), version: '0', onRunEvent: (e) => events.push(e) });
      const cred = await call('credentials.set', { user: 'CORP\\deploy', password: PASSWORD, remember: false });
      await expect(call('run.plan', { text: SEED, design: DESIGN, target: 'hosts', hosts: HOSTS, credentialId: cred.credentialId, options: { dryRun: true } })).rejects.toThrow(
        /Cannot run against real hosts from this machine: PowerShell \(.*no-such-pwsh\) was not found on this machine/,
      );
      expect(await call('run.list', { design: DESIGN })).toEqual([]);
    } finally {
      if (saved === undefined) delete process.env.NODE_POWERSHELL;
      else process.env.NODE_POWERSHELL = saved;
    }
  });
});

describe('run reports', () => {
  it('Markdown lists every step with its status and duration, the failures and the skips; PDF is a real PDF with the same facts', async () => {
    const { runId } = await call('run.plan', { text: SEED, design: DESIGN, target: 'lab', hosts: {}, options: { dryRun: false, maxParallelHosts: 1, faults: ['fail:casarray.rpc-client-access.casarray-default.srv-ex2:3'] } });
    await call('run.start', { runId, ...OWN });
    await until(finished(runId));
    const md = await call('run.report', { runId, format: 'md' });
    expect(md.fileName).toBe(`run-${runId}-report.md`);
    const text = Buffer.from(md.base64, 'base64').toString('utf8');
    expect(text).toContain('# Run report: Deployment runbook: Seed lab: CAS array with Windows NLB');
    expect(text).toContain('| Status | failed |');
    expect(text).toContain('| Target | Rehearsal lab (simulated hosts) |');
    expect(text).toMatch(/\| 19 \| Install Exchange 2010 on EX3 \(roles ca,ht,mt\)<br>`setup.exchange.srv-ex3` \| EX3 \(ex3.exchangeserverpro.local\) \| ✔ ran and verified \| 1 \| [\d.]+ (ms|s) \|/);
    expect(text).toMatch(/\| 41 \| Point the databases on EX2 at CAS array .* \| ✘ FAILED \| 1 \|/);
    expect(text).toMatch(/\| 48 \| Test MAPI connectivity to the databases on EX2.* \| ○ not run \| 0 \|/);
    expect(text).toContain('## Failures');
    expect(text).toMatch(/Injected fault: step casarray.rpc-client-access.casarray-default.srv-ex2 fails \(1 of 3 planned failures\)/);
    expect(text).toContain("Failing command: `Get-MailboxDatabase -Server 'EX2' -ErrorAction Stop | Set-MailboxDatabase -RpcClientAccessServer 'casarray.exchangeserverpro.local' -WhatIf:$DryRun -ErrorAction Stop`");
    for (const id of ['preflight.srv-ex2', 'nlb.cluster.nlb-casarray', 'casarray.create.casarray-default']) expect(text).toContain(`\`${id}\``);
    expect(text).toContain('## Output');

    const pdf = await call('run.report', { runId, format: 'pdf' });
    const bytes = Buffer.from(pdf.base64, 'base64');
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const file = join(dir, 'report.pdf');
    writeFileSync(file, bytes);
    const pdfText = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    expect(pdfText).toMatch(/Result: failed · 48 steps/);
    expect(pdfText).toContain('Install Exchange 2010 on EX3');
    expect(pdfText).toContain('FAILED');
  });

  it('writes the report to a path inside the documents folder only', async () => {
    const { runId } = await call('run.plan', { text: SEED, design: DESIGN, target: 'lab', hosts: {}, options: { dryRun: true } });
    await call('run.start', { runId, ...OWN });
    expect(await until(finished(runId))).toMatchObject({ status: 'succeeded' });
    const written = await call('run.report', { runId, format: 'md', path: join(dir, 'dry-run.md') });
    expect(written.path).toBe(join(dir, 'dry-run.md'));
    expect(readFileSync(join(dir, 'dry-run.md'), 'utf8')).toContain('Dry run: checks and -WhatIf only, nothing changed');
    await expect(call('run.report', { runId, format: 'md', path: join(tmpdir(), 'elsewhere.md') })).rejects.toThrow();
  });
});

describe('credentials', () => {
  it('never returns a password; the browser host refuses to remember, with the reason', async () => {
    const first = await call('credentials.set', { user: 'CORP\\deploy', password: PASSWORD, remember: true });
    expect(first).toEqual({ credentialId: expect.stringMatching(/^cred-/), user: 'CORP\\deploy', remembered: false, notice: BROWSER_REMEMBER_REFUSAL });
    // The same account again replaces it (one entry per user).
    const again = await call('credentials.set', { user: 'corp\\DEPLOY', password: 'other', remember: false });
    expect(again.credentialId).toBe(first.credentialId);
    await call('credentials.set', { user: 'admin@corp.example', password: PASSWORD, remember: false });
    const list = await call('credentials.list', {});
    expect(list.credentials.map((c) => c.user)).toEqual(['corp\\DEPLOY', 'admin@corp.example']);
    expect(list.rememberUnavailableReason).toBe(BROWSER_REMEMBER_REFUSAL);
    expect(JSON.stringify(list)).not.toContain(PASSWORD);
    expect(Object.keys(list.credentials[0]).sort()).toEqual(['credentialId', 'remembered', 'user']);
    expect(await call('credentials.forget', { credentialId: first.credentialId })).toEqual({ forgotten: true });
    expect(await call('credentials.forget', { credentialId: first.credentialId })).toEqual({ forgotten: false });
    expect((await call('credentials.list', {})).credentials.map((c) => c.user)).toEqual(['admin@corp.example']);
    expect(readdirSync(dir).filter((f) => f !== '.extopo')).toEqual([]);
  });

  it('with an OS encryptor (Electron safeStorage), "remember" stores ciphertext only and loads it back after a restart', async () => {
    // A stand-in for safeStorage: reversible, and never the plain text.
    const encryptor: SecretEncryptor = {
      isEncryptionAvailable: () => true,
      encryptString: (text) => Buffer.from(Buffer.from(text, 'utf8').map((b) => b ^ 0x5a)),
      decryptString: (data) => Buffer.from(data.map((b) => b ^ 0x5a)).toString('utf8'),
    };
    const vaultPath = join(dir, 'credentials.bin');
    const make = () => {
      const credentials = new CredentialService(new CredentialStore(new CredentialVault(vaultPath, encryptor)));
      const runs = new RunService({ runsDir: join(dir, 'runs'), credentials, emit: () => undefined });
      const registry = createServiceRegistry({ ...baseDeps(), runs, credentials });
      return { credentials, registry };
    };
    const one = make();
    const saved = await call('credentials.set', { user: 'CORP\\deploy', password: PASSWORD, remember: true }, one.registry);
    expect(saved).toMatchObject({ remembered: true, notice: null });
    const raw = readFileSync(vaultPath);
    expect(raw.includes(Buffer.from(PASSWORD))).toBe(false);
    expect(raw.includes(Buffer.from('deploy'))).toBe(false);

    const two = make();
    expect(await two.credentials.load()).toBe(1);
    expect(await call('credentials.list', {}, two.registry)).toEqual({ credentials: [{ credentialId: saved.credentialId, user: 'CORP\\deploy', remembered: true }], rememberUnavailableReason: null });
  });
});

function baseDeps() {
  const access = new PathAccess({ roots: [dir], allowGrants: false });
  const unused = () => {
    throw new Error('not used in this test');
  };
  return {
    shell: 'electron' as const,
    version: '0',
    platform: process.platform,
    access,
    documents: { documentsDir: dir } as never,
    autosave: {} as never,
    templates: {} as never,
    dialogs: { openDesign: unused, saveAs: unused },
  };
}
