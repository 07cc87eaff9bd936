// The tree-sitter PowerShell parser wrapper: it reports ERROR and MISSING nodes with positions, and reads a
// verbatim literal the way PowerShell does (all five single-quote characters delimit).
import { beforeAll, describe, expect, it } from 'vitest';
import type { Parser } from 'web-tree-sitter';
import { checkStringLiteral, loadPowerShellParser, parsePowerShell, parseWith, verbatimLiteralValue } from '../../main/powershell/parse';

let parser: Parser;
beforeAll(async () => {
  parser = await loadPowerShellParser();
});

describe('parsePowerShell', () => {
  it('parses valid PowerShell with no errors and exposes the tree', async () => {
    const parsed = await parsePowerShell("Import-Module ServerManager\nAdd-WindowsFeature -Name @('NLB', 'RSAT-NLB')");
    expect(parsed.errors).toEqual([]);
    expect(parsed.findAll('command').map((c) => parsed.text(parsed.named(c)[0]))).toEqual(['Import-Module', 'Add-WindowsFeature']);
  });

  it('reports ERROR nodes with line and column', () => {
    const parsed = parseWith(parser, "Write-Output 1\nWrite-Output 'unterminated");
    expect(parsed.errors.length).toBeGreaterThan(0);
    expect(parsed.errors[0]).toMatchObject({ type: 'ERROR', line: 2 });
  });

  it('reports MISSING nodes (the unquoted comma list gap of the grammar)', () => {
    const parsed = parseWith(parser, 'Add-WindowsFeature A,B');
    expect(parsed.errors).toHaveLength(1);
    expect(parsed.errors[0]).toMatchObject({ type: 'MISSING', line: 1 });
    expect(parsed.errors[0].column).toBeGreaterThan('Add-WindowsFeature'.length);
  });
});

describe('verbatimLiteralValue', () => {
  it('reads doubled quotes of every kind as one quote', () => {
    expect(verbatimLiteralValue("'it''s'")).toBe("it's");
    expect(verbatimLiteralValue("'a\u2019\u2019b'")).toBe('a\u2019b');
    expect(verbatimLiteralValue("'a'\u2018b'")).toBe('a\u2018b');
  });

  it('returns null when PowerShell would end the literal early on a typographic quote', () => {
    // tree-sitter sees one string here, PowerShell sees 'a’ followed by b'.
    expect(verbatimLiteralValue("'a\u2019b'")).toBeNull();
    expect(verbatimLiteralValue("'open")).toBeNull();
  });
});

describe('checkStringLiteral', () => {
  it('accepts exactly one verbatim string literal with the expected value', () => {
    expect(checkStringLiteral(parser, "'EX3'", 'EX3')).toEqual({ ok: true });
  });

  it('rejects a literal that is really code, two arguments, or the wrong value', () => {
    expect(checkStringLiteral(parser, "'a'; Remove-Item x; 'b'", 'a')).toMatchObject({ ok: false });
    expect(checkStringLiteral(parser, "'a' 'b'", 'a')).toMatchObject({ ok: false, reason: expect.stringContaining('one argument') });
    expect(checkStringLiteral(parser, '"$(x)"', '$(x)')).toMatchObject({ ok: false });
    expect(checkStringLiteral(parser, "'a\u2019b'", 'a\u2019b')).toMatchObject({ ok: false, reason: expect.stringContaining('end the literal') });
    expect(checkStringLiteral(parser, "'x'", 'y')).toMatchObject({ ok: false, reason: expect.stringContaining('differs') });
  });
});
