// SHA-256 for shared/ code (the runbook's content hash), from @noble/hashes: audited, maintained, synchronous, and
// pure JavaScript — no Node crypto, no WebCrypto (which is async) — so it runs the same in Node, Electron's
// renderer and the browser. Text is encoded as UTF-8 with the platform's TextEncoder (unpaired surrogates become
// U+FFFD), exactly as before the switch, so every content hash stays the same (test/runbook/sha256.test.ts).
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

/** UTF-8 bytes of a string. */
export function utf8Bytes(text: string): Uint8Array {
  return utf8ToBytes(text);
}

/** SHA-256 of bytes, as 64 lowercase hex digits. */
export function sha256Bytes(data: Uint8Array): string {
  return bytesToHex(sha256(data));
}

/** SHA-256 of a string's UTF-8 encoding, as 64 lowercase hex digits. */
export function sha256Hex(text: string): string {
  return sha256Bytes(utf8ToBytes(text));
}
