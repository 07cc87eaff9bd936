// The ONE audited function that turns a value into a PowerShell literal. Every design value that ends up in a
// generated script goes through quotePs() — scripts are written with the `ps` tagged template (./template.ts), which
// calls it for every interpolation, so forgetting to quote is impossible by construction.
//
// Why single-quoted (verbatim) literals:
// - Inside '…' PowerShell expands NOTHING: no $variables, no $(subexpressions), no ${braced} names, no `backtick
//   escapes, no @splats. Comment markers (#, <#, #>), statement separators (; & |), here-string markers (@' '@),
//   newlines and carriage returns are plain characters there. The only character with a meaning is the single quote,
//   which ends the literal; a doubled quote stands for one quote character. Double-quoted strings, by contrast, have
//   five active syntaxes ($var, $(…), ${…}, `x, "") and their look-alikes — far more to get wrong.
// - PowerShell treats FIVE characters as a single quote, not one: ' (U+0027) and the typographic look-alikes
//   ‘ (U+2018), ’ (U+2019), ‚ (U+201A) and ‛ (U+201B) (Tokenizer: IsSingleQuote). A value pasted from Word or a web
//   page may carry them, and an undoubled ’ ends the literal just like ' does — the classic injection through
//   "smart quotes". So every one of the five is doubled (PowerShell reads any pair of quote characters as one quote,
//   the second of the pair; doubling X as XX therefore yields X). The double-quote look-alikes “ ” „ (U+201C–U+201E)
//   only matter inside double-quoted strings, which this module never produces.
// - Two things cannot be represented faithfully and are REFUSED with a PsQuoteError instead of being altered:
//   U+0000 (NUL: Windows strings end at NUL, so a value containing one could never reach a cmdlet intact, and parsers
//   — tree-sitter's among them — treat it as end of input) and unpaired UTF-16 surrogates (not Unicode text: a .ps1
//   written as UTF-8 would silently replace them). Design values are schema-checked long before they get here, so a
//   refusal means a bug upstream, never a user-facing path.
// Numbers: finite only (NaN/Infinity throw); negatives are parenthesised so that in argument mode `-5` can never be
// read as a parameter name. Booleans: $true / $false. Arrays: @(…) of quoted items — also how lists such as
// Windows feature names are written, because an unquoted comma list (A,B) trips the tree-sitter grammar we verify
// with.

/** A value that can be turned into a PowerShell literal. */
export type PsScalar = string | number | boolean;
export type PsValue = PsScalar | readonly PsScalar[];

/** Characters PowerShell treats as a single quote (each is doubled inside a verbatim literal). */
export const POWERSHELL_SINGLE_QUOTES: readonly string[] = ['\u0027', '\u2018', '\u2019', '\u201A', '\u201B'];

export class PsQuoteError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PsQuoteError';
  }
}

const SINGLE_QUOTE_RE = /['\u2018\u2019\u201A\u201B]/g;
const LONE_SURROGATE_RE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function describeOffender(value: string, index: number): string {
  const code = value.charCodeAt(index).toString(16).toUpperCase().padStart(4, '0');
  return `U+${code} at index ${index}`;
}

/** A single-quoted PowerShell literal whose value is exactly `value`. */
export function quotePsString(value: string): string {
  const nul = value.indexOf('\u0000');
  if (nul >= 0) {
    throw new PsQuoteError(
      `Cannot put this text into a PowerShell script: it contains NUL (${describeOffender(value, nul)}). ` +
        'Windows names cannot contain NUL; remove it from the value.',
    );
  }
  const lone = LONE_SURROGATE_RE.exec(value);
  if (lone) {
    throw new PsQuoteError(
      `Cannot put this text into a PowerShell script: it contains an unpaired UTF-16 surrogate (${describeOffender(value, lone.index)}), ` +
        'which is not valid Unicode text. Re-type the value.',
    );
  }
  return `'${value.replace(SINGLE_QUOTE_RE, (q) => q + q)}'`;
}

/** A PowerShell numeric literal (finite numbers only). */
export function quotePsNumber(value: number): string {
  if (!Number.isFinite(value)) {
    throw new PsQuoteError(`Cannot put the number ${String(value)} into a PowerShell script: only finite numbers are allowed.`);
  }
  if (Object.is(value, -0) || value === 0) return '0';
  const text = String(value);
  return value < 0 ? `(${text})` : text;
}

/** Any supported value as a PowerShell literal: 'text', 42, $true, @('a','b'). */
export function quotePs(value: PsValue): string {
  if (typeof value === 'string') return quotePsString(value);
  if (typeof value === 'number') return quotePsNumber(value);
  if (typeof value === 'boolean') return value ? '$true' : '$false';
  if (Array.isArray(value)) {
    const items = (value as readonly unknown[]).map((item, i) => {
      if (typeof item === 'string' || typeof item === 'number' || typeof item === 'boolean') return quotePs(item);
      throw new PsQuoteError(`Cannot put array item ${i} (${typeof item}) into a PowerShell script: only text, numbers and booleans are allowed.`);
    });
    return `@(${items.join(', ')})`;
  }
  throw new PsQuoteError(`Cannot put a value of type ${typeof value} into a PowerShell script.`);
}
