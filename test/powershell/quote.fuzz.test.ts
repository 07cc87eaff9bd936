// The attacker test: ≥ 10,000 hostile strings, each quoted and embedded as `Write-Output <literal>`, must parse with
// zero ERROR / MISSING nodes into exactly one verbatim string-literal argument whose PowerShell value is the
// original string (checked on the syntax tree and with PowerShell's own quote rules, not with a regex). The only
// strings quotePs refuses are those with NUL or an unpaired surrogate — and it must refuse every one of them.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Parser } from 'web-tree-sitter';
import { checkStringLiteral, loadPowerShellParser } from '../../main/powershell/parse';
import { PsQuoteError, quotePs } from '../../shared/powershell/quote';
import { itPwsh, pwshPath } from '../support/pwsh';

const SEED = 20261125;
const FUZZ_RUNS = 20_000;

/** Pieces of PowerShell syntax an attacker would try to smuggle through a value. */
const TOKENS = [
  "'", "''", '\u2018', '\u2019', '\u201A', '\u201B', '"', '\u201C', '\u201D', '\u201E', '`', '``', "`'", '$', '$(', ')', '${', '}',
  '$(Remove-Item C:\\ -Recurse)', '${env:PATH}', '$x', '@', "@'", "'@", '@"', '"@', '@(', '@{', ';', '&', '&&', '||', '|', '>', '>>', '2>&1',
  '<', '#', '<#', '#>', '\n', '\r', '\r\n', '\t', ' ', '\u00A0', '\uFEFF', '\u200B', '\u2028', '\u2029', '\u0085', '\u0001', '\u001B', '\u007F',
  '\u0000', '\uD800', '\uDFFF', '--%', '-', '--', '(', ')', '[', ']', '{', '}', ',', '.', '\\', '/', ':', '=', '+', '*', '?', '%', '!', '~',
  'Invoke-Expression', 'iex', 'exit', 'ELSE', 'é', 'Ω', '😀', '中', '\u202E', 'e\u0301',
];

function handList(): string[] {
  const quotes = ["'", '\u2018', '\u2019', '\u201A', '\u201B'];
  const list: string[] = [
    '', ' ', "'", "''", "'''", "a'", "'a", "a'b", "';Remove-Item C:\\ -Recurse;'", "' + (Remove-Item x) + '",
    "'; Write-Output pwned; #", "'#", "'<#", "#>'", "'@\nWrite-Output pwned\n@'", "@'\n'@", '@"\n"@',
    '$(Remove-Item C:\\)', '${function:evil}', '`$x', '`', '```', '`\'', '"', '""', '"$(x)"', '\u201C$(x)\u201D', '\u201E$(x)\u201C',
    'a;b', 'a&b', 'a|b', 'a&&b', 'a||b', 'a\nb', 'a\rb', 'a\r\nb', '\n', '\r', '\r\n\r\n', '# comment', '<# block #>', '#>',
    'NUL\u0000inside', '\u0000', 'ctrl\u0001\u0002\u0003\u001F\u007F', '\u0085next-line', '\u2028\u2029', 'lone \uD800 high', 'lone \uDC00 low',
    "EX3'); Stop-Computer -Force; ('", 'C:\\Program Files\\Microsoft', '--% verbatim args', '-Force', '-WhatIf:$false',
    'x'.repeat(100_000), "'".repeat(5_000), '\u2019'.repeat(5_000), ('$(' + "'").repeat(2_000), 'é😀中'.repeat(3_000),
  ];
  for (const q of quotes) {
    list.push(q, q + q, `a${q}b`, `${q}; Remove-Item x; ${q}`, `${q}${q}${q}`, `x${q}`, `${q}x`);
    for (const r of quotes) list.push(`${q}${r}`, `a${q}${r}b`, `${q}a${r}`);
  }
  return list;
}

function mustRefuse(s: string): boolean {
  return s.includes('\u0000') || /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);
}

let parser: Parser;
let checked = 0;
let refused = 0;

function attack(s: string): void {
  if (mustRefuse(s)) {
    expect(() => quotePs(s)).toThrow(PsQuoteError);
    refused++;
    return;
  }
  const literal = quotePs(s);
  const result = checkStringLiteral(parser, literal, s);
  if (!result.ok) throw new Error(`${JSON.stringify(s.slice(0, 200))} → ${JSON.stringify(literal.slice(0, 200))}: ${result.reason}`);
  checked++;
}

const hostile = fc.oneof(
  { arbitrary: fc.string({ unit: fc.constantFrom(...TOKENS), maxLength: 40 }), weight: 6 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 40 }), weight: 2 },
  { arbitrary: fc.string({ unit: fc.oneof(fc.constantFrom(...TOKENS), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 })), maxLength: 200 }), weight: 2 },
);

describe('quotePs against hostile strings', () => {
  beforeAll(async () => {
    parser = await loadPowerShellParser();
  });

  it('keeps every hand-picked hostile string one literal with the same value (or refuses NUL / lone surrogates)', () => {
    const list = handList();
    for (const s of list) attack(s);
    expect(checked + refused).toBe(list.length);
    expect(refused).toBeGreaterThanOrEqual(4);
  });

  it(`keeps ${FUZZ_RUNS} generated hostile strings one literal with the same value (seeded)`, () => {
    const before = checked + refused;
    fc.assert(
      fc.property(hostile, (s) => {
        attack(s);
      }),
      { seed: SEED, numRuns: FUZZ_RUNS },
    );
    expect(checked + refused - before).toBe(FUZZ_RUNS);
    // Both outcomes were exercised: most strings are quoted, the NUL / surrogate ones are refused.
    expect(checked).toBeGreaterThan(FUZZ_RUNS / 2);
    expect(refused).toBeGreaterThan(0);
  });

  it('quotes arrays of hostile strings into one @() whose items are one literal each', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: fc.constantFrom(...TOKENS.filter((t) => !mustRefuse(t))), maxLength: 12 }), { maxLength: 6 }), (items) => {
        const literal = quotePs(items);
        expect(literal.startsWith('@(') && literal.endsWith(')')).toBe(true);
        for (const item of items) expect(checkStringLiteral(parser, quotePs(item), item)).toEqual({ ok: true });
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});


describe('quotePs against the real PowerShell parser', () => {
  itPwsh('parses a sample with [System.Management.Automation.Language.Parser]::ParseInput', () => {
    const sample = handList().filter((s) => !mustRefuse(s) && s.length < 2_000);
    sample.push(...fc.sample(hostile, { seed: SEED, numRuns: 500 }).filter((s) => !mustRefuse(s)));
    const dir = mkdtempSync(join(tmpdir(), 'extopo-pwsh-'));
    try {
      const cases = sample.map((s) => ({ code: `Write-Output ${quotePs(s)}`, expected: Buffer.from(s, 'utf16le').toString('base64') }));
      writeFileSync(join(dir, 'cases.json'), JSON.stringify(cases), 'utf8');
      const script = `
        $cases = Get-Content -Raw -Encoding UTF8 -LiteralPath (Join-Path '${dir}' 'cases.json') | ConvertFrom-Json
        $bad = 0
        foreach ($c in $cases) {
          $tokens = $null; $errors = $null
          $ast = [System.Management.Automation.Language.Parser]::ParseInput($c.code, [ref]$tokens, [ref]$errors)
          $expected = [System.Text.Encoding]::Unicode.GetString([Convert]::FromBase64String($c.expected))
          $cmds = @($ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.CommandAst] }, $true))
          $ok = ($errors.Count -eq 0) -and ($cmds.Count -eq 1) -and ($cmds[0].CommandElements.Count -eq 2)
          if ($ok) {
            $arg = $cmds[0].CommandElements[1]
            $ok = ($arg -is [System.Management.Automation.Language.StringConstantExpressionAst]) -and ($arg.StringConstantType -eq 'SingleQuoted') -and ($arg.Value -ceq $expected)
          }
          if (-not $ok) { $bad++ }
        }
        Write-Output $bad`;
      const out = execFileSync(pwshPath(), ['-NoLogo', '-NoProfile', '-NonInteractive', '-Command', script], { encoding: 'utf8', timeout: 120_000 });
      expect(out.trim()).toBe('0');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
