// Credentials never reach the journal, the run files, the emitted events or the errors: the redactor and a full
// rehearsal through a transport that leaks the password everywhere it can.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { generateRunbook } from '../../shared/runbook/generate';
import type { RunbookStep } from '../../shared/runbook/types';
import { Credential, REDACTED, Redactor, planRun } from '../../main/executor';
import type { CheckResult, ExecutorEvent, ScriptResult, StepInvocation, Transport, WaitForHostRequest, WaitResult } from '../../main/executor';
import { LabTransport, LabWorld } from '../../main/lab';
import { loadExample } from '../fixtures/designs';

const PASSWORD = `Zq'9"x$Pw!-Redact-Me-77`;
const USER = 'CONTOSO\\deploy-admin';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('Redactor', () => {
  it('removes a secret in every form it takes once quoted or escaped', () => {
    const r = new Redactor();
    r.addSecret(PASSWORD);
    const psSingle = PASSWORD.replace(/'/g, "''");
    const psDouble = PASSWORD.replace(/[`"$]/g, (c) => `\`${c}`);
    const json = JSON.stringify(PASSWORD).slice(1, -1);
    const url = encodeURIComponent(PASSWORD);
    for (const form of [PASSWORD, psSingle, psDouble, json, url]) {
      expect(r.text(`before ${form} after`)).toBe(`before ${REDACTED} after`);
    }
    expect(r.text(`${PASSWORD}${PASSWORD}`)).toBe(`${REDACTED}${REDACTED}`);
  });

  it('matches user names regardless of case, including the part after the domain', () => {
    const r = new Redactor();
    r.addCredential(new Credential({ userName: USER, password: PASSWORD, redactUserName: true }));
    expect(r.text('Access denied for contoso\\DEPLOY-ADMIN')).toBe(`Access denied for ${REDACTED}`);
    expect(r.text('user Deploy-Admin logged on')).toBe(`user ${REDACTED} logged on`);
    const plain = new Redactor();
    plain.addCredential(new Credential({ userName: USER, password: PASSWORD }));
    expect(plain.text(`${USER} ${PASSWORD}`)).toBe(`${USER} ${REDACTED}`);
  });

  it('redacts every string and key of a value, and leaves text without secrets alone', () => {
    const r = new Redactor();
    r.addSecret('hunter2');
    expect(r.value({ a: ['x hunter2', 3, null], hunter2: { b: 'hunter2' } })).toEqual({ a: [`x ${REDACTED}`, 3, null], [REDACTED]: { b: REDACTED } });
    expect(r.text('nothing to hide')).toBe('nothing to hide');
    expect(new Redactor().text(PASSWORD)).toBe(PASSWORD);
  });

  it('a credential cannot be serialised or printed with its password', () => {
    const c = new Credential({ userName: USER, password: PASSWORD, redactUserName: true });
    for (const shown of [JSON.stringify(c), inspect(c), String(c), JSON.stringify({ nested: c })]) {
      expect(shown).not.toContain(PASSWORD);
      expect(shown).not.toContain('deploy-admin');
      expect(shown).toContain(REDACTED);
    }
    expect(c.password()).toBe(PASSWORD);
  });
});

/** A transport that leaks the credential into output, errors and exceptions (e.g. a verbose remote transcript). */
class LeakyTransport implements Transport {
  readonly kind = 'leaky-lab';
  readonly #failed = new Set<string>();
  constructor(private readonly inner: Transport) {}

  async check(inv: StepInvocation): Promise<CheckResult> {
    inv.onOutput({ stream: 'verbose', line: `Connecting to ${inv.host} as ${inv.credential.userName} with password ${inv.credential.password()}` });
    if (inv.step.id.startsWith('preflight.') && !this.#failed.has(`check:${inv.step.id}`)) {
      this.#failed.add(`check:${inv.step.id}`);
      throw new Error(`Access is denied for ${inv.credential.userName.toUpperCase()} / "${inv.credential.password()}"`);
    }
    return this.inner.check(inv);
  }

  async run(inv: StepInvocation & { whatIf: boolean }): Promise<ScriptResult> {
    const pw = inv.credential.password();
    inv.onOutput({ stream: 'output', line: `New-PSSession -Credential (New-Object PSCredential '${inv.credential.userName}', (ConvertTo-SecureString '${pw.replace(/'/g, "''")}' -AsPlainText -Force))` });
    if (!this.#failed.has(inv.step.id)) {
      this.#failed.add(inv.step.id);
      return { ok: false, kind: 'command-failed', error: `Logon failure: ${inv.credential.userName} ${JSON.stringify(pw)}`, failingCommand: `net use \\\\${inv.host} /user:${inv.credential.userName} ${pw}` };
    }
    return this.inner.run(inv);
  }

  waitForHost(request: WaitForHostRequest): Promise<WaitResult> {
    return this.inner.waitForHost(request);
  }

  operatorConfirmed(step: RunbookStep): void {
    this.inner.operatorConfirmed?.(step);
  }
}

describe('a rehearsal with a leaking transport', () => {
  it('never writes or emits the password or (when asked) the user name', async () => {
    const doc = loadExample('seed-lab');
    const generated = generateRunbook(doc);
    if (!generated.ok) throw new Error(generated.message);
    const runsDir = mkdtempSync(join(tmpdir(), 'extopo-redact-'));
    dirs.push(runsDir);
    const world = LabWorld.create(doc.design);
    const credential = new Credential({ userName: USER, password: PASSWORD, redactUserName: true });
    const hosts = Object.fromEntries(doc.design.servers.map((s) => [s.name, s.fqdn]));
    const ex = planRun({
      runbook: generated.runbook,
      hosts,
      credential,
      transport: new LeakyTransport(new LabTransport(world)),
      options: { runsDir, retries: 1, retryDelayMs: 0, autoConfirm: { by: 'test', reason: 'lab' } },
    });
    world.saveTo(join(ex.dir, 'lab.json'));
    const events: ExecutorEvent[] = [];
    ex.subscribe((e) => events.push(e));
    const summary = await ex.start();
    await ex.close();

    expect(summary.status).toBe('succeeded');
    const failures = events.filter((e) => e.type === 'step-failed');
    expect(failures.length).toBeGreaterThan(10);

    const forbidden = [PASSWORD, PASSWORD.replace(/'/g, "''"), JSON.stringify(PASSWORD).slice(1, -1), 'deploy-admin', 'DEPLOY-ADMIN'];
    const texts: [string, string][] = [
      ['events', JSON.stringify(events)],
      ['summary', JSON.stringify(summary)],
      ...readdirSync(ex.dir).map((f): [string, string] => [f, readFileSync(join(ex.dir, f), 'utf8')]),
    ];
    for (const [name, text] of texts) {
      for (const secret of forbidden) expect(text.includes(secret), `${secret} in ${name}`).toBe(false);
    }
    const journal = readFileSync(join(ex.dir, 'journal.jsonl'), 'utf8');
    expect(journal).toContain(`Logon failure: ${REDACTED} \\"${REDACTED}\\"`);
    expect(journal).toContain(`the check failed: Access is denied for ${REDACTED} / \\"${REDACTED}\\"`);
    expect(journal).toContain(`ConvertTo-SecureString '${REDACTED}'`);
  });
});
