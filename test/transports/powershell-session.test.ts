// The local PowerShell session against a stand-in pwsh (test/fixtures/fake-pwsh.mjs): the real node-powershell code
// path — spawning, framing, output capture, errors, timeout restart and the credential channel — runs for real.
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { Credential } from '../../main/executor/transport';
import { PowerShellNotFoundError, resolveExecutable } from '../../main/transports/powershell/executable';
import { PowerShellSession, PowerShellStartError } from '../../main/transports/powershell/session';
import type { SessionLine } from '../../main/transports/powershell/session';
import type { DriverRequest } from '../../main/transports/powershell/scripts';
import { canRunFake, createFakePwsh, eventually, isAlive } from './fakePwsh';
import type { FakePwsh } from './fakePwsh';

const PASSWORD = "Pa$$w0rd 'quoted' \"and\" `tick` ünï €";
const credential = new Credential({ userName: 'CONTOSO\\deploy', password: PASSWORD });

function runRequest(script: string, mode: 'run' | 'check' = 'run', host = 'ex1.contoso.local'): DriverRequest {
  return { op: 'run', step: 'test.step', mode, target: 'host', host, credential: 'c1', script, whatIf: false };
}

const fakes: FakePwsh[] = [];
const sessions: PowerShellSession[] = [];
function setup(scenario: unknown = {}): { fake: FakePwsh; session: PowerShellSession } {
  const fake = createFakePwsh(scenario);
  const session = new PowerShellSession({ executable: fake.executable, env: fake.env });
  fakes.push(fake);
  sessions.push(session);
  return { fake, session };
}

afterEach(async () => {
  await Promise.all(sessions.splice(0).map((s) => s.close()));
  for (const f of fakes.splice(0)) f.cleanup();
});

describe.skipIf(!canRunFake)('PowerShell session (stand-in pwsh)', () => {
  it('starts PowerShell with the driver loaded and reports its version', async () => {
    const { fake, session } = setup();
    const info = await session.start();
    expect(info.version).toBe('7.4.6');
    const argv = fake.log().find((e) => e.type === 'argv')?.argv;
    expect(argv).toEqual(['-NoLogo', '-NoProfile', '-NonInteractive', '-NoExit', '-Command', '-']);
    expect(fake.log().some((e) => e.type === 'bootstrap' && e.definesDriver === true)).toBe(true);
    // Every command is one line: node-powershell frames it with marker lines around it.
    const commands = fake.stdin().filter((l) => !l.startsWith('[Console]::'));
    expect(commands).toHaveLength(1);
    expect(commands[0]).toMatch(/^\. \(\[scriptblock\]::Create\(.*\)\); ExtopoCall '[A-Za-z0-9+/=]+'$/);
  });

  it('sends the password only through the sealed channel: never in stdin, arguments, or output', async () => {
    const { fake, session } = setup({ rules: [{ match: 'Echo-Secret', lines: ['user {{user}} password {{password}}'] }] });
    const lines: SessionLine[] = [];
    const outcome = await session.call(runRequest('Echo-Secret'), { credential: { id: 'c1', value: credential }, onLine: (l) => lines.push(l) });
    expect(outcome.status).toBe('ok');
    // The fake decrypted exactly the password, with the key it got in its environment.
    const received = fake.log().find((e) => e.type === 'credential');
    expect(received?.passwordSha256).toBe(createHash('sha256').update(PASSWORD).digest('hex'));
    expect(received?.userName).toBe('CONTOSO\\deploy');
    expect(fake.log().find((e) => e.type === 'env')).toMatchObject({ hasKey: true, keyLength: 32 });
    // Nothing the process was given as text holds the password, in any of the forms it could take.
    const written = fake.stdin().join('\n');
    const decodedCommands = fake
      .stdin()
      .map((l) => /ExtopoCall '([^']*)'$/.exec(l)?.[1])
      .filter((b): b is string => b !== undefined)
      .map((b) => Buffer.from(b, 'base64').toString('utf8'))
      .join('\n');
    for (const form of [PASSWORD, Buffer.from(PASSWORD).toString('base64'), JSON.stringify(PASSWORD).slice(1, -1)]) {
      expect(written).not.toContain(form);
      expect(decodedCommands).not.toContain(form);
    }
    expect(JSON.stringify(fake.log().filter((e) => e.type === 'argv'))).not.toContain(PASSWORD);
    // The session passes output as PowerShell printed it; the transport redacts (tested there).
    expect(lines.map((l) => l.text)).toContain(`user CONTOSO\\deploy password ${PASSWORD}`);
  });

  it('captures output per stream, live and in order, and surfaces stderr as error lines', async () => {
    const { session } = setup({
      rules: [
        {
          match: 'Install-It',
          lines: ['first', { tag: 'w', text: 'a warning' }, { tag: 'v', text: 'verbose detail' }, 'multi\nline'],
          host: ['What if: Performing the operation "Install"'],
          stderr: ['native tool complained'],
        },
      ],
    });
    const live: SessionLine[] = [];
    const outcome = await session.call(runRequest('Install-It'), { credential: { id: 'c1', value: credential }, onLine: (l) => live.push(l) });
    expect(outcome.status).toBe('ok');
    const expected: SessionLine[] = [
      { tag: 'o', text: 'first' },
      { tag: 'w', text: 'a warning' },
      { tag: 'v', text: 'verbose detail' },
      { tag: 'o', text: 'multi' },
      { tag: 'o', text: 'line' },
      { tag: 'host', text: 'What if: Performing the operation "Install"' },
      { tag: 'e', text: 'native tool complained' },
    ];
    expect(live).toEqual(expected);
    if (outcome.status === 'ok') expect(outcome.lines).toEqual(expected);
  });

  it('returns the PowerShell error record of a failing command', async () => {
    const { session } = setup({
      rules: [
        {
          match: 'Get-Item',
          error: {
            message: "Cannot find path 'C:\\nope' because it does not exist.",
            id: 'PathNotFound,Microsoft.PowerShell.Commands.GetItemCommand',
            category: 'ObjectNotFound: (C:\\nope:String) [Get-Item], ItemNotFoundException',
            line: "Get-Item 'C:\\nope'",
          },
        },
      ],
    });
    const outcome = await session.call(runRequest("Get-Item 'C:\\nope'"), { credential: { id: 'c1', value: credential } });
    expect(outcome).toMatchObject({
      status: 'failed',
      phase: 'run',
      error: { message: "Cannot find path 'C:\\nope' because it does not exist.", id: 'PathNotFound,Microsoft.PowerShell.Commands.GetItemCommand', line: "Get-Item 'C:\\nope'" },
    });
  });

  it('kills and restarts the process when a call times out, and re-sends the credential under a new key', async () => {
    const { fake, session } = setup({ rules: [{ match: 'Start-Sleep', delayMs: 30_000 }, { match: 'Get-Date', lines: ['fine'] }] });
    const options = { credential: { id: 'c1', value: credential } };
    await session.start();
    const [firstPid] = fake.pids();
    const started = Date.now();
    const outcome = await session.call(runRequest('Start-Sleep 30'), { ...options, timeoutMs: 300 });
    expect(outcome).toEqual({ status: 'timeout', afterMs: 300 });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(await eventually(() => !isAlive(firstPid))).toBe(true);

    const next = await session.call(runRequest('Get-Date'), options);
    expect(next.status).toBe('ok');
    expect(session.restarts).toBe(1);
    const pids = fake.pids();
    expect(pids).toHaveLength(2);
    const creds = fake.log().filter((e) => e.type === 'credential');
    expect(creds.map((c) => c.pid)).toEqual(pids);
    expect(new Set(creds.map((c) => c.passwordSha256)).size).toBe(1);
    // A fresh key per process: the sealed password differs between the two processes.
    const sealed = fake.log().filter((e) => e.type === 'request' && (e.request as { op: string }).op === 'credential').map((e) => JSON.stringify(e.request));
    expect(sealed[0]).not.toBe(sealed[1]);
  });

  it('stops at once when the caller aborts, killing the running command', async () => {
    const { fake, session } = setup({ rules: [{ match: 'Start-Sleep', delayMs: 30_000 }] });
    await session.start();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const outcome = await session.call(runRequest('Start-Sleep 30'), { credential: { id: 'c1', value: credential }, signal: controller.signal });
    expect(outcome.status).toBe('aborted');
    expect(await eventually(() => fake.pids().every((pid) => !isAlive(pid)))).toBe(true);
  });

  it('reports a process that dies mid-command with its exit code, then starts a new one', async () => {
    const { fake, session } = setup({ rules: [{ match: 'Crash-Now', exitCode: 9 }, { match: 'Get-Date', lines: ['back'] }] });
    const options = { credential: { id: 'c1', value: credential } };
    const outcome = await session.call(runRequest('Crash-Now'), options);
    expect(outcome.status).toBe('exited');
    if (outcome.status === 'exited') expect(outcome.message).toContain('exited with code 9');
    const next = await session.call(runRequest('Get-Date'), options);
    expect(next.status).toBe('ok');
    expect(fake.pids()).toHaveLength(2);
  });

  it('starts a new process when the old one was killed from outside between calls', async () => {
    const { fake, session } = setup({ rules: [{ match: 'Get-Date', lines: ['still here'] }] });
    const options = { credential: { id: 'c1', value: credential } };
    expect((await session.call(runRequest('Get-Date'), options)).status).toBe('ok');
    const [first] = fake.pids();
    process.kill(first, 'SIGKILL');
    expect(await eventually(() => !session.running)).toBe(true);
    const again = await session.call(runRequest('Get-Date'), options);
    expect(again.status).toBe('ok');
    if (again.status === 'ok') expect(again.lines).toEqual([{ tag: 'o', text: 'still here' }]);
    expect(fake.pids()).toHaveLength(2);
  });

  it('says clearly when the executable does not start as PowerShell', async () => {
    const { session } = setup({ startup: { exitCode: 3, stderr: 'libicu not found' } });
    const error = await session.start().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PowerShellStartError);
    expect((error as Error).message).toMatch(/exited with code 3/);
    expect((error as Error).message).toContain('libicu not found');
  });

  it('closes: the process ends', async () => {
    const { fake, session } = setup();
    await session.start();
    await session.close();
    expect(await eventually(() => fake.pids().every((pid) => !isAlive(pid)))).toBe(true);
    expect(fake.log().some((e) => e.type === 'request' && (e.request as { op: string }).op === 'close')).toBe(true);
    await expect(session.start()).rejects.toThrow(/closed/);
  });
});

describe('finding PowerShell', () => {
  it('names the missing default executable and what to do, instead of an unhandled spawn ENOENT', async () => {
    const session = new PowerShellSession({ env: { PATH: '/nonexistent-extopo-dir' } });
    const error = await session.start().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PowerShellNotFoundError);
    const expected = process.platform === 'win32'
      ? 'PowerShell (powershell.exe) was not found on this machine: install PowerShell 7 or run ExTopo on Windows.'
      : 'PowerShell (pwsh) was not found on this machine: install PowerShell 7 or run ExTopo on Windows.';
    expect((error as Error).message).toBe(expected);
    expect(session.running).toBe(false);
  });

  it('uses NODE_POWERSHELL when no executable is given, and says where a wrong path came from', () => {
    expect(() => resolveExecutable(undefined, { NODE_POWERSHELL: '/opt/nowhere/pwsh', PATH: '' }, 'linux')).toThrow(
      /PowerShell \(\/opt\/nowhere\/pwsh\) was not found on this machine: the NODE_POWERSHELL environment variable names it/,
    );
    expect(resolveExecutable(undefined, { NODE_POWERSHELL: process.execPath, PATH: '' })).toBe(process.execPath);
    // The explicit option wins over the variable.
    expect(resolveExecutable(process.execPath, { NODE_POWERSHELL: '/opt/nowhere/pwsh', PATH: '' })).toBe(process.execPath);
  });

  it('looks up pwsh (or powershell on Windows) on PATH', () => {
    expect(() => resolveExecutable(undefined, { PATH: '' }, 'linux')).toThrow('PowerShell (pwsh) was not found on this machine');
    expect(() => resolveExecutable(undefined, { PATH: '' }, 'win32')).toThrow('PowerShell (powershell.exe) was not found on this machine');
  });
});
