// Code lines in the PDF are wrapped, never cut.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { wrapCode, wrapLine } from '../../main/exporters/codewrap';

describe('code wrapping', () => {
  it('keeps every character: the pieces join back to the line, each within the width', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), fc.integer({ min: 8, max: 120 }), (line, width) => {
        const pieces = wrapLine(line, width);
        expect(pieces.join('')).toBe(line);
        pieces.forEach((p, i) => expect([...p].length).toBeLessThanOrEqual(i === 0 ? width : width - 2));
      }),
      { numRuns: 300 },
    );
  });

  it('breaks after a space or pipe when one is near the end of the line', () => {
    const line = "Get-MailboxDatabase -Server 'EX2' | Set-MailboxDatabase -RpcClientAccessServer 'casarray.exchangeserverpro.local'";
    const pieces = wrapLine(line, 60);
    expect(pieces[0]).toBe("Get-MailboxDatabase -Server 'EX2' | Set-MailboxDatabase ");
    expect(pieces[1]).toBe("-RpcClientAccessServer 'casarray.exchangeserverpro.local'");
  });

  it('marks continuations and expands tabs', () => {
    const lines = wrapCode(`if ($x) {\n\t${'y'.repeat(30)}\n}`, 20);
    expect(lines[0]).toEqual({ text: 'if ($x) {', continuation: false });
    expect(lines[1]).toEqual({ text: `    ${'y'.repeat(16)}`, continuation: false });
    expect(lines[2].continuation).toBe(true);
    expect(lines.map((l) => l.text).join('')).toBe(`if ($x) {    ${'y'.repeat(30)}}`);
  });
});
