// Removes registered secrets (the credential's password, and the user name where asked) from every string before
// it is journaled, emitted or returned in an error. Besides the plain text it also removes the forms a secret
// takes once quoted or escaped along the way: PowerShell single- and double-quoted strings, JSON strings and URL
// encoding, so "echo '<pa''ss>'" in a transcript is caught as well.
import type { Credential } from './transport';

export const REDACTED = '[redacted]';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The forms a secret may take in output: raw, PowerShell-quoted, JSON-escaped, URL-encoded. */
function variants(secret: string): string[] {
  const forms = new Set<string>([
    secret,
    secret.replace(/'/g, "''"),
    secret.replace(/[`"$]/g, (c) => `\`${c}`),
    JSON.stringify(secret).slice(1, -1),
    encodeURIComponent(secret),
  ]);
  return [...forms].filter((f) => f !== '');
}

export class Redactor {
  #pattern: RegExp | null = null;
  readonly #exact = new Set<string>();
  readonly #caseInsensitive = new Set<string>();

  /** Registers a secret matched exactly (passwords). Empty strings are ignored. */
  addSecret(secret: string): void {
    if (secret === '') return;
    this.#exact.add(secret);
    this.#pattern = null;
  }

  /** Registers a secret matched regardless of case (Windows user names). */
  addCaseInsensitive(secret: string): void {
    if (secret === '') return;
    this.#caseInsensitive.add(secret.toLowerCase());
    this.#pattern = null;
  }

  addCredential(credential: Credential): void {
    const { exact, caseInsensitive } = credential.secrets();
    for (const s of exact) this.addSecret(s);
    for (const s of caseInsensitive) this.addCaseInsensitive(s);
  }

  get size(): number {
    return this.#exact.size + this.#caseInsensitive.size;
  }

  /**
   * One regular expression over every form of every secret, longest first (so a secret containing another is
   * removed whole). Case-insensitive secrets use an inline class per letter, since one RegExp has one flag set.
   */
  #compile(): RegExp | null {
    if (this.size === 0) return null;
    if (this.#pattern) return this.#pattern;
    const alternatives: { readonly length: number; readonly source: string }[] = [];
    for (const secret of this.#exact) {
      for (const form of variants(secret)) alternatives.push({ length: form.length, source: escapeRegExp(form) });
    }
    for (const secret of this.#caseInsensitive) {
      for (const form of variants(secret)) {
        const source = [...form]
          .map((ch) => {
            const lower = ch.toLowerCase();
            const upper = ch.toUpperCase();
            return lower === upper ? escapeRegExp(ch) : `[${escapeRegExp(lower)}${escapeRegExp(upper)}]`;
          })
          .join('');
        alternatives.push({ length: form.length, source });
      }
    }
    alternatives.sort((a, b) => b.length - a.length);
    this.#pattern = new RegExp(alternatives.map((a) => a.source).join('|'), 'g');
    return this.#pattern;
  }

  /** The text with every secret replaced by [redacted]. */
  text(text: string): string {
    const pattern = this.#compile();
    return pattern ? text.replace(pattern, REDACTED) : text;
  }

  /** A deep copy of a JSON-like value with every string (and object key) redacted. */
  value<T>(value: T): T {
    if (this.size === 0) return value;
    return this.#walk(value) as T;
  }

  #walk(value: unknown): unknown {
    if (typeof value === 'string') return this.text(value);
    if (Array.isArray(value)) return value.map((v) => this.#walk(v));
    if (value !== null && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[this.text(k)] = this.#walk(v);
      return out;
    }
    return value;
  }

  /** The message of any thrown value, redacted. */
  errorMessage(error: unknown): string {
    return this.text(error instanceof Error ? error.message : String(error));
  }
}
