// The pure SHA-256 behind the runbook's content hash agrees with Node's crypto (UTF-8, surrogates, block edges).
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../shared/runbook/hash';
import { sha256Bytes, sha256Hex } from '../../shared/util/sha256';

const node = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

describe('sha256Hex', () => {
  it('matches the published test vectors', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('matches node:crypto at every length around the 64-byte block edges and for large input', () => {
    for (let n = 0; n <= 200; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 31 + n) & 255);
      expect(sha256Bytes(bytes)).toBe(node(bytes));
    }
    const big = 'é😀x'.repeat(200_000);
    expect(sha256Hex(big)).toBe(node(Buffer.from(big, 'utf8')));
  });

  it('encodes any string as UTF-8 the way Node does (lone surrogates become U+FFFD)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 80 }), (s) => {
        expect(sha256Hex(s)).toBe(node(Buffer.from(s, 'utf8')));
      }),
      { seed: 20261125, numRuns: 2000 },
    );
  });
});

describe('canonicalJson', () => {
  it('sorts keys recursively, drops undefined members and is independent of insertion order', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 'x', c: undefined }, null], e: true })).toBe('{"a":[{"d":"x"},null],"b":1,"e":true}');
    expect(canonicalJson({ x: 1, y: { q: 2, p: 3 } })).toBe(canonicalJson({ y: { p: 3, q: 2 }, x: 1 }));
    expect(() => canonicalJson({ n: NaN })).toThrow(/not representable/);
  });
});
