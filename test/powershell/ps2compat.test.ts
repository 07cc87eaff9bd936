// The PowerShell 2.0 compatibility check (powershell/ps2-check/Test-ExTopoPs2Compatibility.ps1 through
// main/powershell/ps2compat.ts): every rule catches its construct, written by hand below, and the 2.0 way of writing
// the same thing passes. All snippets go to pwsh in ONE batch (one pwsh start) in beforeAll.
import { chmodSync, readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  PS2_RULE_IDS,
  checkPs2Compatibility,
  formatPs2Findings,
  ps2CheckScriptPath,
  resolvePwsh,
  runbookScriptsForCheck,
} from '../../main/powershell/ps2compat';
import type { Ps2CheckResult, Ps2RuleId, Ps2Script, Ps2Target } from '../../main/powershell/ps2compat';
import { PowerShellNotFoundError } from '../../main/transports/powershell/executable';
import type { Runbook, RunbookStep } from '../../shared/runbook/types';
import { describePwsh, itPwsh, pwshPath } from '../support/pwsh';

interface Case {
  readonly name: string;
  readonly text: string;
  readonly target?: Ps2Target;
}

interface PositiveCase extends Case {
  readonly rule: Ps2RuleId;
  /** How many findings of that rule the snippet has (one per offending line unless said otherwise). */
  readonly count: number;
}

const lines = (...l: string[]): string => l.join('\n');

// One case per rule: the construct PowerShell 2.0 lacks.
const POSITIVE: readonly PositiveCase[] = [
  { rule: 'ordered-cast', name: 'ordered hashtable', count: 1, text: "$settings = [ordered]@{ Name = 'EX1'; Role = 'Mailbox' }" },
  { rule: 'static-new', name: '::new()', count: 1, text: '$list = [System.Collections.Generic.List[string]]::new()' },
  {
    rule: 'in-operator',
    name: '-in / -notin',
    count: 2,
    text: lines("if ('EX1' -in $servers) { 'member' }", "if ('EX9' -notin $servers) { 'not a member' }"),
  },
  { rule: 'psitem-variable', name: '$PSItem', count: 1, text: "Get-Service | Where-Object { $PSItem.Status -eq 'Running' }" },
  {
    rule: 'simplified-where-foreach',
    name: 'Where-Object / ForEach-Object without a script block',
    count: 5,
    text: lines(
      "Get-Service | Where-Object Status -eq 'Running'",
      'Get-Service | ForEach-Object Name',
      "Get-Service | ? Name -like 'MSExchange*'",
      'Get-Service | % -MemberName Name',
      "Get-Service | where -Property Status -Value 'Running' -EQ",
    ),
  },
  { rule: 'using-variable', name: '$using:', count: 1, text: "Invoke-Command -ComputerName 'EX1' -ScriptBlock { Get-Item -Path $using:path }" },
  { rule: 'pscustomobject-cast', name: '[pscustomobject]@{}', count: 1, text: "$server = [pscustomobject]@{ Name = 'EX1'; Site = 'HQ' }" },
  { rule: 'json-cmdlet', name: 'ConvertTo-Json / ConvertFrom-Json', count: 2, text: lines('$json = $state | ConvertTo-Json -Depth 3', '$back = $json | ConvertFrom-Json') },
  {
    rule: 'web-cmdlet',
    name: 'Invoke-WebRequest / Invoke-RestMethod',
    count: 2,
    text: lines("Invoke-WebRequest -Uri 'https://ex1.contoso.local/owa' -UseBasicParsing", "Invoke-RestMethod -Uri 'https://ex1.contoso.local/api'"),
  },
  {
    rule: 'cim-cmdlet',
    name: 'CIM cmdlets',
    count: 6,
    text: lines(
      'Get-CimInstance -ClassName Win32_OperatingSystem',
      "Invoke-CimMethod -ClassName Win32_Process -MethodName Create -Arguments @{ CommandLine = 'notepad.exe' }",
      "$session = New-CimSession -ComputerName 'EX1'",
      'Set-CimInstance -InputObject $instance -Property @{ Description = 1 }',
      'Remove-CimInstance -InputObject $instance',
      'gcim Win32_BIOS',
    ),
  },
  { rule: 'psdefaultparametervalues', name: '$PSDefaultParameterValues', count: 1, text: "$PSDefaultParameterValues['*:ErrorAction'] = 'Stop'" },
  { rule: 'shift-operator', name: '-shl / -shr', count: 2, text: lines('$mask = 1 -shl 4', '$half = 16 -shr 1') },
  { rule: 'class-enum', name: 'class and enum', count: 2, text: lines('class ExchangeServer { [string]$Name }', 'enum Role { Mailbox; ClientAccess }') },
  { rule: 'using-statement', name: 'using namespace', count: 1, text: lines('using namespace System.Net', "[Dns]::GetHostAddresses('ex1')") },
  { rule: 'requires-version', name: '#requires -Version 3', count: 2, text: lines('#requires -Version 3.0', '#Requires -RunAsAdministrator', "Write-Output 'x'") },
  { rule: 'workflow', name: 'workflow', count: 1, text: "workflow Install-Everything { Write-Output 'parallel' }" },
  {
    rule: 'member-enumeration',
    name: 'member enumeration on command output',
    count: 5,
    text: lines(
      '$names = (Get-MailboxDatabase).Name',
      '$count = (Get-Service).Count',
      "$servers = (Get-ExchangeServer | Where-Object { $_.IsMailboxServer }).Name",
      '$status = @(Get-Service).Status',
      '$ids = $(Get-Process).Id',
    ),
  },
  { rule: 'where-foreach-method', name: '.Where() / .ForEach()', count: 2, text: lines("$running = @(Get-Service).Where({ $_.Status -eq 'Running' })", '$names = $list.ForEach({ $_.Name })') },
  { rule: 'stream-redirection', name: 'streams 3-6 and *>', count: 2, text: lines('Get-Item C:\\ 3> $null', 'Get-Item C:\\ *>&1') },
  { rule: 'attribute-argument-omitted', name: '[Parameter(Mandatory)]', count: 1, text: 'function Set-Role { param([Parameter(Mandatory)][string]$Name) $Name }' },
  {
    rule: 'ps7-operator',
    name: 'PowerShell 7 operators',
    count: 4,
    text: lines("$name = $given ?? 'EX1'", "$word = $ok ? 'yes' : 'no'", 'Test-Path C:\\ && Write-Output ok', '$value ??= 3'),
  },
  { rule: 'numeric-literal', name: 'numeric suffixes and 0b', count: 2, text: lines('$byte = 255uy', '$bits = 0b1010') },
  { rule: 'string-escape', name: '`e and `u{}', count: 2, text: lines('Write-Host "`e[32mgreen`e[0m"', 'Write-Host "dash `u{2013}"') },
  { rule: 'ps3-variable', name: '$PSScriptRoot / $PSCommandPath', count: 2, text: lines("$setup = Join-Path $PSScriptRoot 'setup.exe'", '$me = $PSCommandPath') },
  { rule: 'ps3-command', name: 'commands PowerShell 2.0 lacks', count: 3, text: lines("Unblock-File -Path 'C:\\Install\\Exchange.zip'", "Get-FileHash -Path 'C:\\Install\\setup.exe'", '$id = New-Guid') },
  { rule: 'ps3-parameter', name: 'parameters PowerShell 2.0 lacks', count: 2, text: lines("$xml = Get-Content -Path 'C:\\x.xml' -Raw", "Get-ChildItem -Path 'C:\\' -Directory") },
  {
    rule: 'windows2012-command',
    name: 'Windows Server 2012 commands on 2008 R2',
    count: 12,
    target: '2008R2',
    text: lines(
      "Disable-NetAdapterBinding -Name 'MAPI' -ComponentID 'ms_server' -Confirm:$false",
      "Get-NetAdapter -Name 'MAPI'",
      "Get-NetIPAddress -InterfaceAlias 'MAPI'",
      "Set-NetIPInterface -InterfaceAlias 'MAPI' -Forwarding Enabled",
      "Install-WindowsFeature -Name 'NLB'",
      "Add-DnsServerResourceRecordA -ZoneName 'contoso.local' -Name 'outlook' -IPv4Address '10.0.0.5'",
      "Get-DnsServerResourceRecord -ZoneName 'contoso.local'",
      "Resolve-DnsName -Name 'outlook.contoso.local'",
      "Test-NetConnection -ComputerName 'EX1' -Port 443",
      "Register-ScheduledTask -TaskName 'x' -Action $action",
      "New-NetFirewallRule -DisplayName 'SMTP' -LocalPort 25 -Protocol TCP",
      'Get-SmbShare',
    ),
  },
  {
    rule: 'module-import',
    name: '2008 R2 module commands without Import-Module',
    count: 2,
    target: '2008R2',
    text: lines("Add-WindowsFeature -Name 'NLB'", "Get-NlbCluster -HostName 'EX3'"),
  },
];

// The 2.0 way of writing the same things: no finding at all.
const NEGATIVE: readonly Case[] = [
  { name: '@(...).Count and .Length', text: lines('$count = @(Get-Service).Count', "$n = @(Get-ChildItem -Path 'C:\\').Length") },
  { name: 'New-Object', text: lines('$list = New-Object -TypeName System.Collections.ArrayList', "$server = New-Object -TypeName PSObject -Property @{ Name = 'EX1' }") },
  { name: '-contains', text: lines("if ($servers -contains 'EX1') { 'member' }", "if ($servers -notcontains 'EX9') { 'not a member' }") },
  {
    name: 'Where-Object / ForEach-Object with script blocks',
    text: lines(
      "Get-Service | Where-Object { $_.Name -eq 'x' }",
      'Get-Service | ForEach-Object { $_.Name }',
      'Get-Service | Where-Object -FilterScript { $_.Status } | ForEach-Object -Begin { 0 } -Process { $_ } -End { 1 }',
      'Get-Service | ? { $_ } | % { $_.Name }',
      'Get-Service | Where-Object $filter',
    ),
  },
  {
    name: 'a guarded Disable-NetAdapterBinding',
    target: '2008R2',
    text: lines(
      "if (Get-Command -Name 'Disable-NetAdapterBinding' -ErrorAction SilentlyContinue) {",
      "  Disable-NetAdapterBinding -Name 'MAPI' -ComponentID 'ms_server' -Confirm:$false",
      '} else {',
      "  & nvspbind.exe -d 'MAPI' ms_server",
      '}',
    ),
  },
  {
    name: 'DnsServer cmdlets guarded by Get-Module -ListAvailable',
    target: '2008R2',
    text: lines(
      "if (Get-Module -ListAvailable -Name 'DnsServer') {",
      "  Add-DnsServerResourceRecordA -ZoneName 'contoso.local' -Name 'outlook' -IPv4Address '10.0.0.5'",
      '} else {',
      "  & dnscmd.exe 'DC1' /RecordAdd 'contoso.local' 'outlook' A '10.0.0.5'",
      '}',
    ),
  },
  { name: 'Install-WindowsFeature for Windows Server 2012 R2', target: '2012R2', text: lines("Install-WindowsFeature -Name 'NLB'", "Get-NetAdapter -Name 'MAPI'", "Test-NetConnection -ComputerName 'EX1'") },
  { name: 'Add-WindowsFeature after Import-Module', target: '2008R2', text: lines('Import-Module ServerManager', "Add-WindowsFeature -Name @('NLB', 'RSAT-NLB')") },
  {
    name: 'property reads 2.0 has',
    text: lines(
      '$name = $db.Name',
      '$n = $servers.Count',
      '$year = (Get-Date).Year',
      '$count = (Get-Service | Measure-Object).Count',
      "$bind = (Get-ItemProperty -Path 'HKLM:\\SYSTEM\\CurrentControlSet\\Services\\LanmanServer\\Linkage' -Name 'Bind').Bind",
      '$boot = (Get-WmiObject -Class Win32_OperatingSystem).LastBootUpTime',
      '$first = (Get-Service | Select-Object -First 1).Name',
      '$name = (Get-Service)[0].Name',
      "$fine = ([string]$os.Version).StartsWith('6.1')",
    ),
  },
  {
    name: 'advanced functions, redirection and #requires the 2.0 way',
    text: lines(
      '#requires -Version 2.0',
      'function Set-Role {',
      '  [CmdletBinding()]',
      '  param([Parameter(Mandatory = $true)][ValidateNotNullOrEmpty()][string]$Name)',
      '  & setup.com /mode:install /roles:$Name 2>&1 > C:\\setup.log',
      "  try { Get-Item 'C:\\' 2> $null } catch [System.Exception] { throw } finally { }",
      '}',
      '$size = 1kb + 0x1F + 1.5 + 10l',
      'Write-Host "tab`tnewline`n"',
      '$splat = @{ Name = 1 }; Get-Foo @splat',
    ),
  },
];

describe('the checker script and its TypeScript side agree', () => {
  it('PS2_RULE_IDS lists exactly the rules of the script', () => {
    const source = readFileSync(ps2CheckScriptPath(), 'utf8');
    const block = /\$RuleMessages = @\{([\s\S]*?)\n\}/.exec(source);
    expect(block).not.toBeNull();
    const ids = [...(block?.[1] ?? '').matchAll(/^\s*'([a-z0-9-]+)'\s*=/gm)].map((m) => m[1]);
    expect([...ids].sort()).toEqual([...PS2_RULE_IDS].sort());
  });

  it('every rule has a positive case in this file', () => {
    expect([...new Set(POSITIVE.map((c) => c.rule))].sort()).toEqual([...PS2_RULE_IDS].sort());
  });
});

describe('formatPs2Findings and runbookScriptsForCheck', () => {
  it('writes one line per parse error and finding', () => {
    const results: Ps2CheckResult[] = [
      {
        name: 'nlb.create.script',
        parseErrors: [{ line: 3, column: 1, message: "Missing closing '}'" }],
        findings: [{ rule: 'in-operator', line: 2, column: 5, text: "'a' -in $b", message: 'use -contains' }],
      },
      { name: 'clean.check', parseErrors: [], findings: [] },
    ];
    expect(formatPs2Findings(results)).toEqual([
      "nlb.create.script:3:1 parse-error — Missing closing '}'",
      'nlb.create.script:2:5 in-operator — use -contains',
    ]);
  });

  it('collects the script and check of every step that has them', () => {
    const step = (id: string, script: string, check: string): RunbookStep =>
      ({ id, script, check, target: { kind: 'host', serverId: id, serverName: id.toUpperCase() } }) as unknown as RunbookStep;
    const runbook = { steps: [step('a', 'Write-Output 1', '$true'), step('operator', '', ''), step('b', 'Write-Output 2', '')] } as unknown as Runbook;
    const scripts = runbookScriptsForCheck(runbook, (s) => (s.id === 'b' ? '2012R2' : '2008R2'));
    expect(scripts).toEqual<Ps2Script[]>([
      { name: 'a.script', text: 'Write-Output 1', target: '2008R2' },
      { name: 'a.check', text: '$true', target: '2008R2' },
      { name: 'b.script', text: 'Write-Output 2', target: '2012R2' },
    ]);
  });
});

describe('checkPs2Compatibility without a working pwsh', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'extopo-ps2-test-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('says pwsh is missing and how to install it', () => {
    expect(() => resolvePwsh(undefined, { PATH: dir })).toThrow(PowerShellNotFoundError);
    expect(() => resolvePwsh(undefined, { PATH: dir })).toThrow(/needs PowerShell 7 \(pwsh\).*dotnet tool install/);
  });

  it('returns nothing for no scripts, without starting pwsh', async () => {
    await expect(checkPs2Compatibility([], { pwsh: join(dir, 'no-such-pwsh') })).resolves.toEqual([]);
  });

  const stub = (name: string, body: string): string => {
    const path = join(dir, name);
    writeFileSync(path, `#!/bin/sh\n${body}\n`);
    chmodSync(path, 0o755);
    return path;
  };
  const one: Ps2Script[] = [{ name: 'x', text: 'Write-Output 1', target: '2008R2' }];

  it.skipIf(process.platform === 'win32')('fails clearly when the output is not JSON', async () => {
    await expect(checkPs2Compatibility(one, { pwsh: stub('not-json', 'echo hello') })).rejects.toThrow(/not JSON: hello/);
  });

  it.skipIf(process.platform === 'win32')('fails clearly when the JSON has another shape', async () => {
    await expect(checkPs2Compatibility(one, { pwsh: stub('bad-shape', `echo '{"results":[{"name":"x"}]}'`) })).rejects.toThrow(/unexpected shape: results\.0\.parseErrors/);
  });

  it.skipIf(process.platform === 'win32')('fails clearly when pwsh exits with an error', async () => {
    await expect(checkPs2Compatibility(one, { pwsh: stub('exit-2', 'echo "cannot read the request" >&2; exit 2') })).rejects.toThrow(/exited with code 2: cannot read the request/);
  });
});

describePwsh('checkPs2Compatibility with pwsh', () => {
  const scripts: Ps2Script[] = [
    ...POSITIVE.map((c) => ({ name: `+${c.rule}`, text: c.text, target: c.target ?? '2008R2' })),
    ...NEGATIVE.map((c) => ({ name: `-${c.name}`, text: c.text, target: c.target ?? '2008R2' })),
    { name: 'parse error', text: "if ($x {\n  'unclosed'", target: '2008R2' },
    { name: 'Windows Server 2012: Test-NetConnection needs 2012 R2', text: "Get-NetAdapter\nTest-NetConnection -ComputerName 'EX1'", target: '2012' },
  ];
  const byName = new Map<string, Ps2CheckResult>();

  beforeAll(async () => {
    const results = await checkPs2Compatibility(scripts, { pwsh: pwshPath() });
    for (const r of results) byName.set(r.name, r);
  });

  const result = (name: string): Ps2CheckResult => {
    const r = byName.get(name);
    if (!r) throw new Error(`no result for ${name}`);
    return r;
  };

  for (const c of POSITIVE) {
    itPwsh(`${c.rule}: catches ${c.name}`, () => {
      const r = result(`+${c.rule}`);
      const mine = r.findings.filter((f) => f.rule === c.rule);
      expect(mine.map((f) => `${f.line}: ${f.text}`), formatPs2Findings([r]).join('\n')).toHaveLength(c.count);
      for (const f of mine) expect(f.message.length).toBeGreaterThan(20);
      // Nothing else fires on these snippets (beyond parse errors of constructs pwsh itself refuses).
      expect(r.findings.filter((f) => f.rule !== c.rule)).toEqual([]);
    });
  }

  for (const c of NEGATIVE) {
    itPwsh(`passes the 2.0 way: ${c.name}`, () => {
      const r = result(`-${c.name}`);
      expect(formatPs2Findings([r])).toEqual([]);
    });
  }

  itPwsh('points at the offending extent, 1-based, and says what to write instead', () => {
    const [ordered] = result('+ordered-cast').findings;
    expect(ordered).toMatchObject({ rule: 'ordered-cast', line: 1, column: 13, text: "[ordered]@{ Name = 'EX1'; Role = 'Mailbox' }" });
    const members = result('+member-enumeration').findings;
    expect(members[0]).toMatchObject({ line: 1, column: 10, text: '(Get-MailboxDatabase).Name' });
    expect(members[0].message).toContain('ForEach-Object { $_.Name }');
    const binding = result('+windows2012-command').findings[0];
    expect(binding.text.startsWith('Disable-NetAdapterBinding')).toBe(true);
    expect(binding.message).toMatch(/Windows Server 2012 and later, not with Windows Server 2008 R2.*Get-Command -Name 'Disable-NetAdapterBinding'/);
  });

  itPwsh('reports parse errors with their position', () => {
    const r = result('parse error');
    expect(r.parseErrors.length).toBeGreaterThan(0);
    expect(r.parseErrors[0].line).toBeGreaterThanOrEqual(1);
    expect(r.findings).toEqual([]);
  });

  itPwsh('judges Windows Server commands by target: 2012 has Get-NetAdapter but not Test-NetConnection (2012 R2)', () => {
    const r = result('Windows Server 2012: Test-NetConnection needs 2012 R2');
    expect(r.findings.map((f) => `${f.rule} ${f.text}`)).toEqual(["windows2012-command Test-NetConnection -ComputerName 'EX1'"]);
    expect(r.findings[0].message).toContain('Windows Server 2012 R2 and later');
  });

  itPwsh('keeps the order and names of the batch', () => {
    expect([...byName.keys()]).toEqual(scripts.map((s) => s.name));
  });
});
