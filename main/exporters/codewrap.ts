// Wraps PowerShell lines to a column count for a monospace block: nothing is ever cut, a long line continues on the
// next printed line (marked by the caller), preferably after a space, pipe, comma or semicolon.

const TAB = '    ';
/** A break point is only taken when it leaves the line at least this full (else the line is split hard). */
const MIN_FILL = 0.6;
const BREAK_AFTER = new Set([' ', '|', ',', ';']);

export interface WrappedLine {
  readonly text: string;
  /** True for the second and later pieces of a source line. */
  readonly continuation: boolean;
}

/**
 * Splits one source line into pieces of at most `width` characters (continuations at most `width - indent`).
 * Joining the pieces gives back the line exactly.
 */
export function wrapLine(line: string, width: number, continuationIndent = 2): string[] {
  if (width < 8) throw new RangeError(`code width ${width} is too narrow (at least 8 characters)`);
  const chars = [...line];
  const pieces: string[] = [];
  let start = 0;
  let limit = width;
  while (chars.length - start > limit) {
    let cut = -1;
    for (let i = start + limit; i > start + Math.floor(limit * MIN_FILL); i--) {
      if (BREAK_AFTER.has(chars[i - 1])) {
        cut = i;
        break;
      }
    }
    if (cut < 0) cut = start + limit;
    pieces.push(chars.slice(start, cut).join(''));
    start = cut;
    limit = width - continuationIndent;
  }
  pieces.push(chars.slice(start).join(''));
  return pieces;
}

/** Wraps a whole script (tabs become four spaces; Windows line ends are normalised). */
export function wrapCode(code: string, width: number, continuationIndent = 2): WrappedLine[] {
  const out: WrappedLine[] = [];
  for (const line of code.replace(/\r\n?/g, '\n').replace(/\t/g, TAB).split('\n')) {
    wrapLine(line, width, continuationIndent).forEach((text, i) => out.push({ text, continuation: i > 0 }));
  }
  return out;
}
