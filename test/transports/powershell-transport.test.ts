// The PowerShell transport, as the executor calls it, against the stand-in pwsh: checks, scripts, -WhatIf, failures
// with the failing command, unreachable hosts, redaction, aborts, restarts and one process per host.
import { afterEach, describe, expect, it } from 'vitest';
import { Credential } from '../../main/executor/transport';
import type { OutputLine, StepInvocation } from '../../main/executor/transport';
import { PowerShellTransport } from '../../main/transports/powershell/transport';
import type { PowerShellTransportOptions } from '../../main/transports/powershell/transport';
import type { RunbookStep, StepTarget } from '../../shared/runbook/types';
import { canRunFake, createFakePwsh, eventually, isAlive } from './fakePwsh';
import type { FakePwsh } from './fakePwsh';

const PASSWORD = 'S3cr3t!pass';
const credential = new Credential({ userName: 'CONTOSO\\deploy', password: PASSWORD });

function step(id: string, script: string, check: string, target: StepTarget = { kind: 'host', serverId: 's1', serverName: 'EX1' }, restarts = false): RunbookStep {
  return {
    id,
    phase: 'prerequisites',
    target,
    title: `Step ${id}`,
    action: { kind: 'install-features', features: ['NLB'], cmdlet: 'Add-WindowsFeature', source: '' },
    script,
    check,
    restarts,
    supportsWhatIf: true,
    dependsOn: [],
    expectedSeconds: 10,
    notes: [],
    entityIds: [],
  };
}

interface Harness {
  readonly fake: FakePwsh;
  readonly transport: PowerShellTransport;
  readonly lines: OutputLine[];
  invocation(s: RunbookStep, host?: string, signal?: AbortSignal): StepInvocation;
}

const fakes: FakePwsh[] = [];
const transports: PowerShellTransport[] = [];
function setup(scenario: unknown = {}, options: Partial<PowerShellTransportOptions> = {}): Harness {
  const fake = createFakePwsh(scenario);
  const transport = new PowerShellTransport({ executable: fake.executable, env: fake.env, pollIntervalMs: 20, restartGraceMs: 20, ...options });
  fakes.push(fake);
  transports.push(transport);
  const lines: OutputLine[] = [];
  return {
    fake,
    transport,
    lines,
    invocation: (s, host = 'ex1.contoso.local', signal = new AbortController().signal) => ({
      step: s,
      host,
      attempt: 1,
      credential,
      signal,
      onOutput: (line) => lines.push(line),
    }),
  };
}

afterEach(async () => {
  await Promise.all(transports.splice(0).map((t) => t.close()));
  for (const f of fakes.splice(0)) f.cleanup();
});

const requests = (fake: FakePwsh): Record<string, unknown>[] =>
  fake.log().filter((e) => e.type === 'request').map((e) => e.request as Record<string, unknown>);

describe.skipIf(!canRunFake)('PowerShell transport (stand-in pwsh)', () => {
  it('runs a check on the host and reports done only when it printed $true', async () => {
    const h = setup({ rules: [{ match: 'Get-WindowsFeature', mode: 'check', lines: ['True'], done: true }] });
    const done = await h.transport.check(h.invocation(step('prereq.nlb.ex1', 'Add-WindowsFeature NLB', "(Get-WindowsFeature 'NLB').Installed")));
    expect(done).toEqual({ ok: true, done: true });
    expect(h.lines).toEqual([{ stream: 'check', line: 'True' }]);
    const notDone = await h.transport.check(h.invocation(step('prereq.other.ex1', 'Do-It', 'Test-Other')));
    expect(notDone).toEqual({ ok: true, done: false });
    expect(requests(h.fake).find((r) => r.op === 'run')).toMatchObject({
      mode: 'check',
      target: 'host',
      host: 'ex1.contoso.local',
      script: "(Get-WindowsFeature 'NLB').Installed",
      step: 'prereq.nlb.ex1',
    });
  });

  it('runs a script, streaming output, warnings and verbose lines as they come', async () => {
    const h = setup({ rules: [{ match: 'Add-WindowsFeature', mode: 'run', lines: ['Success Restart Needed', { tag: 'w', text: 'You must restart' }, { tag: 'v', text: 'Installing NLB' }] }] });
    const result = await h.transport.run({ ...h.invocation(step('s1', 'Import-Module ServerManager\nAdd-WindowsFeature NLB', 'x')), whatIf: false });
    expect(result).toEqual({ ok: true });
    expect(h.lines).toEqual([
      { stream: 'output', line: 'Success Restart Needed' },
      { stream: 'warning', line: 'You must restart' },
      { stream: 'verbose', line: 'Installing NLB' },
    ]);
  });

  it('passes -WhatIf through and labels the "What if:" lines', async () => {
    const h = setup();
    const result = await h.transport.run({ ...h.invocation(step('s1', 'New-ClientAccessArray -Name x', 'x', { kind: 'ems', serverId: 's1', serverName: 'EX1' })), whatIf: true });
    expect(result).toEqual({ ok: true });
    expect(requests(h.fake).find((r) => r.op === 'run')).toMatchObject({ whatIf: true, target: 'ems', mode: 'run' });
    expect(h.lines).toEqual([{ stream: 'whatif', line: 'What if: Performing the operation "New-ClientAccessArray -Name x" on target "ex1.contoso.local".' }]);
  });

  it('opens a new remote session for a step that needs one (Exchange setup: the raised WinRM quota applies to new shells)', async () => {
    const h = setup();
    await h.transport.run({ ...h.invocation(step('s0', 'Write-Output before', 'x')), whatIf: false });
    await h.transport.run({ ...h.invocation({ ...step('setup.exchange.s1', 'setup', 'x'), freshSession: true }), whatIf: false });
    const ops = requests(h.fake).map((r) => r.op);
    const second = ops.lastIndexOf('run');
    expect(ops[second - 1]).toBe('forget-host');
    expect(ops.filter((o) => o === 'forget-host')).toHaveLength(1);
  });

  it('runs dns steps on their host and ems steps through the Exchange endpoint', async () => {
    const h = setup();
    await h.transport.check(h.invocation(step('dns.a', 'dnscmd', 'nslookup', { kind: 'dns', serverId: 's1', serverName: 'EX1', dnsServer: 'dc1' })));
    await h.transport.check(h.invocation(step('cas.array', 'New-ClientAccessArray', 'Get-ClientAccessArray', { kind: 'ems', serverId: 's1', serverName: 'EX1' })));
    expect(requests(h.fake).filter((r) => r.op === 'run').map((r) => r.target)).toEqual(['host', 'ems']);
  });

  it('reports a failing command with the PowerShell error record, the step id and the failing line', async () => {
    const h = setup({
      rules: [
        {
          match: 'Set-Service',
          error: {
            message: "Cannot find any service with service name 'NetTcpPortSharing'.",
            id: 'NoServiceFoundForGivenName,Microsoft.PowerShell.Commands.SetServiceCommand',
            category: 'ObjectNotFound: (NetTcpPortSharing:String) [Set-Service], ServiceCommandException',
            line: '#ExtopoDriver',
            computer: 'ex1.contoso.local',
          },
        },
      ],
    });
    const result = await h.transport.run({ ...h.invocation(step('prereq.tcpsharing.ex1', "\n# enable port sharing\nSet-Service -Name 'NetTcpPortSharing' -StartupType Automatic\nStart-Service x", 'x')), whatIf: false });
    expect(result).toEqual({
      ok: false,
      kind: 'command-failed',
      error:
        "Cannot find any service with service name 'NetTcpPortSharing'.\nPowerShell error: ObjectNotFound: (NetTcpPortSharing:String) [Set-Service], ServiceCommandException | NoServiceFoundForGivenName,Microsoft.PowerShell.Commands.SetServiceCommand (on ex1.contoso.local)",
      failingCommand: "prereq.tcpsharing.ex1: Set-Service -Name 'NetTcpPortSharing' -StartupType Automatic",
    });
  });

  it('quotes the line of the step that failed when PowerShell knows it', async () => {
    const h = setup({ rules: [{ match: 'Mount-Database', error: { message: 'Couldn\'t mount the database.', line: "  Mount-Database -Identity 'DB01'" } }] });
    const result = await h.transport.run({ ...h.invocation(step('db.db01', "New-MailboxDatabase -Name 'DB01'\nMount-Database -Identity 'DB01'", 'x', { kind: 'ems', serverId: 's1', serverName: 'EX1' })), whatIf: false });
    expect(result).toMatchObject({ ok: false, kind: 'command-failed', failingCommand: "db.db01: Mount-Database -Identity 'DB01'" });
  });

  it('reports a host that does not answer remoting as unreachable, naming the connection it tried', async () => {
    const h = setup({ unreachable: { 'ex9.contoso.local': 'WinRM cannot complete the operation. Verify that the specified computer name is valid.' } });
    const result = await h.transport.check(h.invocation(step('pre.ex9', 'x', 'Test-Thing'), 'ex9.contoso.local'));
    expect(result).toMatchObject({ ok: false, kind: 'unreachable', failingCommand: 'pre.ex9: New-PSSession -ComputerName ex9.contoso.local' });
    if (!result.ok) expect(result.error).toMatch(/^Could not connect to ex9\.contoso\.local: Connecting to remote server ex9\.contoso\.local failed .*WinRM cannot complete the operation/);
    const ems = await h.transport.check(h.invocation(step('cas.ex9', 'x', 'Get-ClientAccessArray', { kind: 'ems', serverId: 's9', serverName: 'EX9' }), 'ex9.contoso.local'));
    expect(ems).toMatchObject({
      ok: false,
      kind: 'unreachable',
      failingCommand: 'cas.ex9: New-PSSession -ConfigurationName Microsoft.Exchange -ConnectionUri http://ex9.contoso.local/PowerShell/ -Authentication Kerberos',
    });
  });

  it('never lets the password out: not in the command stream, output or errors', async () => {
    const h = setup({
      rules: [
        { match: 'Echo-Output', lines: [`connecting as {{user}} with {{password}}`] },
        { match: 'Echo-Error', error: { message: "Logon failure for {{user}}: password '{{password}}' rejected" } },
      ],
    });
    const ran = await h.transport.run({ ...h.invocation(step('s1', 'Echo-Output', 'x')), whatIf: false });
    expect(ran).toEqual({ ok: true });
    expect(h.lines).toEqual([{ stream: 'output', line: 'connecting as CONTOSO\\deploy with [redacted]' }]);
    const failed = await h.transport.run({ ...h.invocation(step('s2', 'Echo-Error', 'x')), whatIf: false });
    expect(failed.ok).toBe(false);
    if (!failed.ok) expect(failed.error).toBe("Logon failure for CONTOSO\\deploy: password '[redacted]' rejected (on ex1.contoso.local)");
    expect(JSON.stringify(failed)).not.toContain(PASSWORD);
    expect(h.fake.stdin().join('\n')).not.toContain(PASSWORD);
    expect(JSON.stringify(requests(h.fake))).not.toContain(PASSWORD);
  });

  it('on an abort ends the local PowerShell at once and the next step gets a fresh one', async () => {
    const h = setup({ rules: [{ match: 'setup.com', delayMs: 30_000 }] });
    const controller = new AbortController();
    const pending = h.transport.run({ ...h.invocation(step('setup.ex1', "& 'D:\\setup.com' /mode:install", 'x'), 'ex1.contoso.local', controller.signal), whatIf: false });
    await eventually(() => requests(h.fake).some((r) => r.op === 'run'));
    const started = Date.now();
    controller.abort();
    const result = await pending;
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(result).toMatchObject({ ok: false, kind: 'cancelled', failingCommand: "setup.ex1: & 'D:\\setup.com' /mode:install" });
    if (!result.ok) expect(result.error).toContain('may still be running on ex1.contoso.local');
    const [firstPid] = h.fake.pids();
    expect(await eventually(() => !isAlive(firstPid))).toBe(true);
    const next = await h.transport.check(h.invocation(step('after', 'x', 'Get-Thing')));
    expect(next).toEqual({ ok: true, done: false });
    expect(h.fake.pids()).toHaveLength(2);
  });

  it('bounds each call with callTimeoutMs and reports a timeout', async () => {
    const h = setup({ rules: [{ match: 'Hang', delayMs: 30_000 }] }, { callTimeoutMs: 300 });
    const result = await h.transport.check(h.invocation(step('slow', 'x', 'Hang-Forever')));
    expect(result).toMatchObject({ ok: false, kind: 'timeout', failingCommand: 'slow: Hang-Forever' });
    if (!result.ok) expect(result.error).toMatch(/^the check of step slow did not finish within 300 ms: ExTopo ended its local PowerShell session/);
  });

  it('waits for a restart: notes the boot time before the step, then waits for a different one', async () => {
    const h = setup({
      bootTimes: { 'ex1.contoso.local': '2026-03-01T08:00:00Z' },
      probes: {
        'ex1.contoso.local': [
          { up: true, bootTime: '2026-03-01T08:00:00Z' },
          { up: false, reason: 'The WinRM client cannot complete the operation within the time specified.' },
          { up: true, bootTime: '2026-03-01T09:12:00Z' },
        ],
      },
    });
    const s = step('prereq.features.ex1', 'Add-WindowsFeature NLB -Restart', 'x', undefined, true);
    expect(await h.transport.run({ ...h.invocation(s), whatIf: false })).toEqual({ ok: true });
    const waited = await h.transport.waitForHost({ host: 'ex1.contoso.local', credential, timeoutMs: 10_000, signal: new AbortController().signal });
    expect(waited).toEqual({ ok: true });
    const ops = requests(h.fake).map((r) => r.op);
    expect(ops.filter((o) => o === 'probe')).toHaveLength(3);
    expect(ops.indexOf('boottime')).toBeLessThan(ops.indexOf('run'));
    expect(ops.at(-1)).toBe('forget-host');
  });

  it('gives up waiting for a restart after the timeout, with the last answer', async () => {
    const h = setup({ probes: { 'ex2.contoso.local': [{ up: false, reason: 'WinRM cannot complete the operation.' }] } });
    const started = Date.now();
    // Long enough for the stand-in PowerShell to start and answer a first probe on a loaded 2-core CI machine (with
    // 400 ms the first probe itself could time out there, and the last answer was then "no answer in time").
    const waited = await h.transport.waitForHost({ host: 'ex2.contoso.local', credential, timeoutMs: 2_500, signal: new AbortController().signal });
    expect(Date.now() - started).toBeLessThan(6_000);
    expect(waited).toMatchObject({ ok: false, kind: 'timeout', error: 'last answer from ex2.contoso.local: WinRM cannot complete the operation.' });
  });

  it('treats the connection dropping under a restarting step as the restart', async () => {
    const h = setup({ rules: [{ match: '-Restart', error: { message: 'The I/O operation has been aborted', id: 'JobFailure', transport: true } }] });
    const s = step('prereq.features.ex1', 'Add-WindowsFeature NLB -Restart', 'x', undefined, true);
    expect(await h.transport.run({ ...h.invocation(s), whatIf: false })).toEqual({ ok: true });
    const notRestarting = step('other', 'Do-Thing -Restart', 'x');
    expect(await h.transport.run({ ...h.invocation(notRestarting), whatIf: false })).toMatchObject({ ok: false, kind: 'unreachable' });
  });

  it('uses one PowerShell process per host, so hosts run in parallel', async () => {
    const h = setup({ rules: [{ match: 'Slow', delayMs: 400 }] });
    const started = Date.now();
    const results = await Promise.all(
      ['ex1', 'ex2', 'ex3'].map((host) => h.transport.run({ ...h.invocation(step(`s.${host}`, 'Slow-Thing', 'x'), `${host}.contoso.local`), whatIf: false })),
    );
    expect(results).toEqual([{ ok: true }, { ok: true }, { ok: true }]);
    expect(Date.now() - started).toBeLessThan(2_500);
    expect(h.fake.pids()).toHaveLength(3);
    await h.transport.close();
    expect(await eventually(() => h.fake.pids().every((pid) => !isAlive(pid)))).toBe(true);
  });

  it('refuses operator steps and steps without a host', async () => {
    const h = setup();
    const operator = await h.transport.check(h.invocation(step('op', '', '', { kind: 'operator' })));
    expect(operator).toMatchObject({ ok: false, kind: 'command-failed' });
    const noHost = await h.transport.check(h.invocation(step('s', 'x', 'y'), ' '));
    expect(noHost).toMatchObject({ ok: false, kind: 'unreachable' });
    expect(h.fake.pids()).toHaveLength(0);
  });

  it('prepare() reports a missing PowerShell before any step runs', async () => {
    const transport = new PowerShellTransport({ env: { PATH: '/nonexistent-extopo-dir' } });
    transports.push(transport);
    await expect(transport.prepare()).rejects.toThrow(/was not found on this machine: install PowerShell 7 or run ExTopo on Windows/);
  });
});
