// The quoting function and the `ps` template: what each kind of value becomes, what is refused, and that the
// template quotes every interpolation (checked on the parsed syntax tree, not with a regex).
import { beforeAll, describe, expect, it } from 'vitest';
import type { Parser } from 'web-tree-sitter';
import { checkStringLiteral, loadPowerShellParser, parseWith } from '../../main/powershell/parse';
import { PsQuoteError, quotePs } from '../../shared/powershell/quote';
import { PS_EMPTY, ps, psConcat, psJoin } from '../../shared/powershell/template';

let parser: Parser;
beforeAll(async () => {
  parser = await loadPowerShellParser();
});

describe('quotePs', () => {
  it('turns text into a single-quoted literal, doubling every single quote PowerShell recognises', () => {
    expect(quotePs('EX3')).toBe("'EX3'");
    expect(quotePs('')).toBe("''");
    expect(quotePs("O'Brien")).toBe("'O''Brien'");
    expect(quotePs('a\u2018b\u2019c\u201Ad\u201Be')).toBe("'a\u2018\u2018b\u2019\u2019c\u201A\u201Ad\u201B\u201Be'");
    // Double-quote look-alikes and expansion syntax mean nothing inside '…'.
    expect(quotePs('“$(x)” ${y} `n')).toBe("'“$(x)” ${y} `n'");
  });

  it('writes finite numbers plainly and negative ones in parentheses', () => {
    expect(quotePs(59532)).toBe('59532');
    expect(quotePs(0.5)).toBe('0.5');
    expect(quotePs(-0)).toBe('0');
    expect(quotePs(-3)).toBe('(-3)');
    for (const n of [NaN, Infinity, -Infinity]) expect(() => quotePs(n)).toThrow(PsQuoteError);
  });

  it('writes booleans as $true / $false and arrays as @(…) of quoted items', () => {
    expect(quotePs(true)).toBe('$true');
    expect(quotePs(false)).toBe('$false');
    expect(quotePs(['NET-Framework', 'RSAT-ADDS'])).toBe("@('NET-Framework', 'RSAT-ADDS')");
    expect(quotePs([])).toBe('@()');
    expect(quotePs(["it's", 80, true])).toBe("@('it''s', 80, $true)");
  });

  it('refuses NUL and unpaired surrogates with a message that says where and why', () => {
    expect(() => quotePs('EX\u00003')).toThrow(/NUL \(U\+0000 at index 2\)/);
    expect(() => quotePs('a\uD800')).toThrow(/unpaired UTF-16 surrogate \(U\+D800 at index 1\)/);
    expect(() => quotePs('\uDC00b')).toThrow(PsQuoteError);
    expect(quotePs('😀')).toBe("'😀'");
  });

  it('refuses values that are not text, numbers, booleans or flat arrays of them', () => {
    expect(() => quotePs({} as never)).toThrow(PsQuoteError);
    expect(() => quotePs([['nested']] as never)).toThrow(/array item 0/);
  });

  it('gives a feature list that parses without the MISSING node an unquoted comma list produces', () => {
    const unquoted = parseWith(parser, 'Add-WindowsFeature NET-Framework,RSAT-ADDS');
    expect(unquoted.errors.some((e) => e.type === 'MISSING')).toBe(true);
    const quoted = parseWith(parser, `Add-WindowsFeature -Name ${quotePs(['NET-Framework', 'RSAT-ADDS', "Web-'Server"])}`);
    expect(quoted.errors).toEqual([]);
    expect(quoted.findAll('string_literal')).toHaveLength(3);
  });
});

describe('the ps template', () => {
  it('quotes every interpolated value: an injection attempt stays one string argument', () => {
    const evil = "x'; Remove-Item -Recurse C:\\ ; '";
    const code = ps`Set-Service -Name ${evil} -StartupType Automatic`;
    expect(code.text).toBe("Set-Service -Name 'x''; Remove-Item -Recurse C:\\ ; ''' -StartupType Automatic");
    const parsed = parseWith(parser, code.text);
    expect(parsed.errors).toEqual([]);
    expect(parsed.findAll('command')).toHaveLength(1);
    expect(parsed.findAll('string_literal').map((n) => parsed.text(n))).toEqual([quotePs(evil)]);
  });

  it('inserts PsCode fragments as code, re-indented, without touching multi-line literals inside them', () => {
    const inner = ps`
      Write-Output ${'line one\nline two'}
      Write-Output 2`;
    const outer = ps`
      if ($true) {
          ${inner}
      }`;
    expect(outer.text).toBe("if ($true) {\n    Write-Output 'line one\nline two'\n    Write-Output 2\n}");
    expect(parseWith(parser, outer.text).errors).toEqual([]);
    expect(checkStringLiteral(parser, quotePs('line one\nline two'), 'line one\nline two')).toEqual({ ok: true });
  });

  it('drops the line of an empty fragment instead of leaving it blank', () => {
    const code = ps`
      $ok = $true
      ${PS_EMPTY}
      $ok`;
    expect(code.text).toBe('$ok = $true\n$ok');
  });

  it('takes static text raw (backslashes stay) and joins fragments', () => {
    expect(ps`Test-Path 'HKLM:\SOFTWARE\Microsoft\ExchangeServer\v14'`.text).toBe("Test-Path 'HKLM:\\SOFTWARE\\Microsoft\\ExchangeServer\\v14'");
    expect(psJoin([ps`a`, PS_EMPTY, ps`b`]).text).toBe('a\nb');
    expect(psJoin([ps`a`, ps`b`], '; ').text).toBe('a; b');
    expect(psConcat([ps`Step`, ps`7`]).text).toBe('Step7');
  });
});
