// Integration with a REAL local PowerShell (pwsh, or powershell.exe on Windows), harmless commands only. Skipped,
// with the reason, where PowerShell is not installed. The remoting test at the end also needs a host to reach:
// set EXTOPO_TEST_REMOTE_HOST, EXTOPO_TEST_REMOTE_USER and EXTOPO_TEST_REMOTE_PASSWORD (e.g. localhost on a Windows
// machine with Enable-PSRemoting done) to run it.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Credential } from '../../main/executor/transport';
import type { OutputLine } from '../../main/executor/transport';
import { PowerShellSession } from '../../main/transports/powershell/session';
import type { CallOptions, SessionLine } from '../../main/transports/powershell/session';
import { PowerShellTransport } from '../../main/transports/powershell/transport';
import type { DriverRequest } from '../../main/transports/powershell/scripts';
import type { RunbookStep } from '../../shared/runbook/types';

import { PWSH, itPwsh } from '../support/pwsh';

const pwsh = PWSH;
const hasPwsh = pwsh !== null;

const remoteHost = process.env.EXTOPO_TEST_REMOTE_HOST ?? '';
const hasRemote = hasPwsh && remoteHost !== '' && (process.env.EXTOPO_TEST_REMOTE_PASSWORD ?? '') !== '';

const PASSWORD = "Int3gration 'test' \"pw\" ü€";
const credential = new Credential({ userName: 'EXTOPO\\tester', password: PASSWORD });
const withCredential: CallOptions = { credential: { id: 'c1', value: credential } };

function local(script: string, mode: 'run' | 'check' = 'run', whatIf = false): DriverRequest {
  return { op: 'run', step: 'it.local', mode, target: 'local', host: 'localhost', credential: 'c1', script, whatIf };
}

const session = new PowerShellSession();
afterAll(async () => {
  await session.close();
});

function live(): { lines: SessionLine[]; options: CallOptions } {
  const lines: SessionLine[] = [];
  return { lines, options: { ...withCredential, onLine: (l) => lines.push(l), timeoutMs: 60_000 } };
}

describe('real local PowerShell session', () => {
  itPwsh(`starts ${pwsh ?? 'pwsh'} with the driver and reports its version`, async () => {
    const info = await session.start();
    expect(Number.parseInt(info.version, 10)).toBeGreaterThanOrEqual(5);
  });

  itPwsh('captures output, warnings and verbose lines per stream, and non-ASCII text intact', async () => {
    const { lines, options } = live();
    const outcome = await session.call(local("Write-Output 'hello'\nWrite-Warning 'careful'\nWrite-Verbose 'detail' -Verbose\nWrite-Output 'ünïcödé €'"), options);
    expect(outcome.status).toBe('ok');
    expect(lines).toEqual([
      { tag: 'o', text: 'hello' },
      { tag: 'w', text: 'careful' },
      { tag: 'v', text: 'detail' },
      { tag: 'o', text: 'ünïcödé €' },
    ]);
  });

  itPwsh('a check is done only when its last output is $true', async () => {
    for (const [script, done] of [['$true', true], ['1 -eq 1', true], ["'True'", false], ['$false', false], ["Write-Output 'x'; $true", true], ['', false]] as const) {
      const outcome = await session.call(local(script, 'check'), withCredential);
      expect(outcome, script).toMatchObject({ status: 'ok', value: { done } });
    }
  });

  itPwsh('surfaces the error record of a failing command, with its line', async () => {
    const outcome = await session.call(local("Write-Output 'before'\nGet-Item -LiteralPath '/nonexistent/extopo-test'\nWrite-Output 'after'"), withCredential);
    expect(outcome.status).toBe('failed');
    if (outcome.status !== 'failed') return;
    expect(outcome.phase).toBe('run');
    expect(outcome.error.message).toContain('/nonexistent/extopo-test');
    expect(outcome.error.id).toMatch(/^PathNotFound/);
    expect(outcome.error.line).toContain('Get-Item');
    expect(outcome.lines.map((l) => l.text)).toContain('before');
    expect(outcome.lines.map((l) => l.text)).not.toContain('after');
  });

  itPwsh('fails a step whose program exits with a non-zero code', async () => {
    // A program other than PowerShell itself (pwsh installed as a .NET tool runs inside the dotnet host).
    const program = process.platform === 'win32' ? "& cmd.exe '/c' 'exit 3'" : "& sh '-c' 'exit 3'";
    const outcome = await session.call(local(program), withCredential);
    expect(outcome).toMatchObject({ status: 'failed', error: { message: 'A program this step ran exited with code 3.' } });
  });

  itPwsh('builds the PSCredential from the sealed password (compared by hash inside PowerShell)', async () => {
    const hash = createHash('sha256').update(PASSWORD, 'utf8').digest('hex');
    const script = [
      "$c = $global:ExtopoState.Credentials['c1']",
      '$bytes = [Text.Encoding]::UTF8.GetBytes($c.GetNetworkCredential().Password)',
      "$hex = -join ([Security.Cryptography.SHA256]::Create().ComputeHash($bytes) | ForEach-Object { $_.ToString('x2') })",
      `($c.UserName -eq 'EXTOPO\\tester') -and ($hex -eq '${hash}')`,
    ].join('\n');
    const outcome = await session.call(local(script, 'check'), withCredential);
    expect(outcome).toMatchObject({ status: 'ok', value: { done: true } });
    // The key variable is gone from the process environment.
    const envCheck = await session.call(local("$null -eq [Environment]::GetEnvironmentVariable('EXTOPO_SESSION_KEY')", 'check'), withCredential);
    expect(envCheck).toMatchObject({ status: 'ok', value: { done: true } });
  });

  itPwsh('runs -WhatIf without changing anything', async () => {
    const path = join(tmpdir(), `extopo-whatif-${process.pid}.txt`);
    const { lines, options } = live();
    const outcome = await session.call(local(`New-Item -Path '${path.replace(/'/g, "''")}' -ItemType File`, 'run', true), options);
    expect(outcome.status).toBe('ok');
    expect(lines.some((l) => l.tag === 'host' && /^What if:/.test(l.text))).toBe(true);
    expect(existsSync(path)).toBe(false);
  });

  itPwsh('a timeout kills the running command and the next call gets a fresh PowerShell', async () => {
    const before = session.restarts;
    const outcome = await session.call(local('Start-Sleep -Seconds 60'), { ...withCredential, timeoutMs: 1_500 });
    expect(outcome).toEqual({ status: 'timeout', afterMs: 1_500 });
    const next = await session.call(local("Write-Output 'alive'"), { ...withCredential, timeoutMs: 60_000 });
    expect(next).toMatchObject({ status: 'ok', lines: [{ tag: 'o', text: 'alive' }] });
    expect(session.restarts).toBe(before + 1);
  });
});

describe('real PowerShell remoting', () => {
  it.skipIf(!hasRemote)(
    'checks and runs a harmless step on EXTOPO_TEST_REMOTE_HOST (skipped unless EXTOPO_TEST_REMOTE_HOST/USER/PASSWORD are set)',
    async () => {
      const transport = new PowerShellTransport();
      const remote = new Credential({ userName: process.env.EXTOPO_TEST_REMOTE_USER ?? '', password: process.env.EXTOPO_TEST_REMOTE_PASSWORD ?? '' });
      const lines: OutputLine[] = [];
      const step: RunbookStep = {
        id: 'it.remote',
        phase: 'preflight',
        target: { kind: 'host', serverId: 'it', serverName: 'IT' },
        title: 'Remote smoke test',
        action: { kind: 'operator', checklist: [] },
        script: 'Write-Output $env:COMPUTERNAME',
        check: '$PSVersionTable.PSVersion.Major -ge 2',
        restarts: false,
        supportsWhatIf: false,
        dependsOn: [],
        expectedSeconds: 5,
        notes: [],
        entityIds: [],
      };
      const invocation = { step, host: remoteHost, attempt: 1, credential: remote, signal: new AbortController().signal, onOutput: (l: OutputLine) => lines.push(l) };
      try {
        expect(await transport.check(invocation)).toEqual({ ok: true, done: true });
        expect(await transport.run({ ...invocation, whatIf: false })).toEqual({ ok: true });
        expect(lines.some((l) => l.stream === 'output' && l.line.trim() !== '')).toBe(true);
      } finally {
        await transport.close();
      }
    },
  );
});
