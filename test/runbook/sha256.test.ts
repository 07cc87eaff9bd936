// The SHA-256 behind the runbook's content hash (@noble/hashes) agrees with Node's crypto and with `sha256sum`
// (UTF-8, surrogates, block edges), so content hashes are the same as with the former hand-written implementation.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, runbookContentHash } from '../../shared/runbook/hash';
import type { RunbookStep } from '../../shared/runbook/types';
import { sha256Bytes, sha256Hex } from '../../shared/util/sha256';

const node = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

describe('sha256Hex', () => {
  it('matches the published test vectors', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    // FIPS 180-4 two-block vector (448 bits).
    expect(sha256Hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe('248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1');
    expect(sha256Hex('a'.repeat(1_000_000))).toBe('cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0');
  });

  it('gives the hashes `sha256sum` gives for fixed runbook texts (computed in the shell, not by this code)', () => {
    // printf '%s' '[{"id":"prereqs-ex1","title":"Vérifier — «Exchange 2010» ✓ 😀"}]' | sha256sum
    expect(sha256Hex('[{"id":"prereqs-ex1","title":"Vérifier — «Exchange 2010» ✓ 😀"}]')).toBe('ecfa8cf14ac748afbab0753b1c9b673153ff5ebbd1f99183ec5ee9bfc830236d');
    // The canonical JSON of the first three steps of minimal-ha's runbook:
    // sha256sum test/fixtures/runbook-steps.canonical.json
    const steps = readFileSync(new URL('../fixtures/runbook-steps.canonical.json', import.meta.url), 'utf8');
    expect(sha256Hex(steps)).toBe('1cd25918da2fa1f6011c53701351617c1a0411c0fe3204345558cb5973598dea');
    // The fixture is canonical JSON, so runbookContentHash of those steps is the same hash.
    expect(runbookContentHash(JSON.parse(steps) as RunbookStep[])).toBe('1cd25918da2fa1f6011c53701351617c1a0411c0fe3204345558cb5973598dea');
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
