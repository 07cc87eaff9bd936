// The driver's PowerShell text and the request lines, checked without pwsh: they parse (tree-sitter), stay within
// Windows PowerShell 5.1 syntax, and a request line carries design values only as quoted base64 data.
import { describe, expect, it } from 'vitest';
import { parsePowerShell, verbatimLiteralValue } from '../../main/powershell/parse';
import { PRELUDE, SESSION_KEY_VARIABLE, bootstrapCommand, requestCommand } from '../../main/transports/powershell/scripts';
import type { DriverRequest } from '../../main/transports/powershell/scripts';

const HOSTILE = "ex1'; Remove-Item C:\\ -Recurse #\n$(Stop-Computer) ‘quoted’ `n @'";

describe('PowerShell driver text', () => {
  it('parses without errors', async () => {
    const parsed = await parsePowerShell(PRELUDE);
    expect(parsed.errors).toEqual([]);
  });

  it('uses no PowerShell 7-only syntax (the local side may be Windows PowerShell 5.1)', () => {
    const code = PRELUDE.split('\n').filter((l) => !l.trim().startsWith('#'));
    for (const line of code) {
      expect(line, line).not.toMatch(/\?\?|\?\.|\s&&\s|\s\|\|\s|-Parallel|\bclean\s*\{/);
      expect(line, line).not.toMatch(/\$\w+\s\?\s.+\s:\s/); // ternary
    }
  });

  it('defines every function the requests call, and removes the key variable after reading it', () => {
    for (const name of ['ExtopoCall', 'ExtopoRunStep', 'ExtopoHostSession', 'ExtopoUseEms', 'ExtopoProbe', 'ExtopoSetCredential', 'ExtopoForgetHost']) {
      expect(PRELUDE).toContain(`function global:${name}(`);
    }
    expect(PRELUDE).toContain(`Remove-Item -Path 'Env:${SESSION_KEY_VARIABLE}'`);
    expect(PRELUDE).toContain("New-PSSession -ConfigurationName Microsoft.Exchange -ConnectionUri $uri -Authentication Kerberos");
    expect(PRELUDE).toContain("$uri = 'http://' + $Server + '/PowerShell/'");
    expect(PRELUDE).toContain('Import-PSSession -Session $session');
    expect(PRELUDE).toContain('Invoke-Command -Session $session -ScriptBlock $block');
  });
});

describe('request lines', () => {
  const request: DriverRequest = { op: 'run', step: 's1', mode: 'run', target: 'host', host: HOSTILE, credential: 'c1', script: HOSTILE, whatIf: false };

  it('are one line of ASCII with a single quoted base64 argument holding the request', async () => {
    const line = requestCommand(request).text;
    expect(line).not.toMatch(/[\r\n]/);
    expect(line).toMatch(/^[\x20-\x7e]+$/);
    const parsed = await parsePowerShell(line);
    expect(parsed.errors).toEqual([]);
    expect(parsed.findAll('command')).toHaveLength(1);
    const literal = parsed.findAll('string_literal');
    expect(literal).toHaveLength(1);
    const value = verbatimLiteralValue(parsed.text(literal[0]));
    expect(JSON.parse(Buffer.from(value ?? '', 'base64').toString('utf8'))).toEqual(request);
  });

  it('bootstrap: one line that loads the driver and says hello', async () => {
    const line = bootstrapCommand({ op: 'hello', useSsl: true, authentication: 'Kerberos' }).text;
    expect(line).not.toMatch(/[\r\n]/);
    const parsed = await parsePowerShell(line);
    expect(parsed.errors).toEqual([]);
    const literals = parsed.findAll('string_literal').map((n) => verbatimLiteralValue(parsed.text(n)) ?? '');
    expect(Buffer.from(literals[0], 'base64').toString('utf8')).toBe(PRELUDE);
    expect(JSON.parse(Buffer.from(literals[1], 'base64').toString('utf8'))).toEqual({ op: 'hello', useSsl: true, authentication: 'Kerberos' });
  });
});
