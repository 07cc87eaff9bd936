// The runbook's content hash: SHA-256 of the canonical JSON of its steps. The executor freezes a plan by this key,
// so it depends only on what the steps do — not on generatedAt, the title or key order.
import { sha256Hex } from '../util/sha256';
import type { RunbookStep } from './types';

/** JSON with object keys sorted (recursively), no whitespace, undefined members left out. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new Error(`canonicalJson: ${String(value)} is not representable in JSON`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  throw new Error(`canonicalJson: a ${typeof value} is not representable in JSON`);
}

/** SHA-256 hex of the canonical JSON of the steps. */
export function runbookContentHash(steps: readonly RunbookStep[]): string {
  return sha256Hex(canonicalJson(steps));
}
