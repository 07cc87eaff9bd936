// The `ps` tagged template: the only way runbook code builds PowerShell text.
//
//   ps`Set-Service -Name ${service} -StartupType Automatic`
//
// The template's static text is PowerShell written by us (taken raw, so registry paths need no escaping); every
// ${interpolation} is a VALUE and goes through quotePs() — except a PsCode fragment, which is PowerShell built by
// another `ps` template and is inserted as is (re-indented to the column it is inserted at). A PsCode can only be
// made by this module (ps, psJoin, PS_EMPTY), so user text cannot reach a script without being quoted.
//
// A PsCode remembers which parts of its text are code and which are quoted literals, so re-indenting a fragment
// only ever adds spaces after line breaks of the CODE — never inside a literal whose value spans lines.
import { quotePs } from './quote';
import type { PsValue } from './quote';

interface Segment {
  readonly literal: boolean;
  readonly text: string;
}

const TOKEN: unique symbol = Symbol('PsCode');

/** PowerShell source produced by `ps` (trusted: every value in it was quoted). */
export class PsCode {
  readonly #segments: readonly Segment[];
  #text: string | null = null;

  private constructor(segments: readonly Segment[]) {
    this.#segments = segments;
  }

  /** Internal factory: callers use `ps`, `psJoin` or `PS_EMPTY`. */
  static fromSegments(token: typeof TOKEN, segments: readonly Segment[]): PsCode {
    if (token !== TOKEN) throw new Error('PsCode can only be built by the ps template');
    return new PsCode(segments);
  }

  static segmentsOf(token: typeof TOKEN, code: PsCode): readonly Segment[] {
    if (token !== TOKEN) throw new Error('PsCode segments are internal to the ps template');
    return code.#segments;
  }

  get text(): string {
    this.#text ??= this.#segments.map((s) => s.text).join('');
    return this.#text;
  }

  toString(): string {
    return this.text;
  }
}

export type PsInterpolation = PsValue | PsCode;

/** Smallest indentation of the non-blank lines that start after a newline in the static parts. */
function commonIndent(parts: readonly string[]): number {
  let min = Infinity;
  for (const part of parts) {
    const lines = part.split('\n');
    for (let i = 1; i < lines.length; i++) {
      const line = lines[i];
      if (line.trim() === '') continue;
      const indent = line.length - line.trimStart().length;
      if (indent < min) min = indent;
    }
  }
  return min === Infinity ? 0 : min;
}

function dedent(part: string, indent: number): string {
  if (indent === 0) return part;
  const lines = part.split('\n');
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i];
    let cut = 0;
    while (cut < indent && cut < line.length && (line[cut] === ' ' || line[cut] === '\t')) cut++;
    lines[i] = line.slice(cut);
  }
  return lines.join('\n');
}

/** The dedented static parts of a call site (a template's strings array is the same object on every call). */
const DEDENTED = new WeakMap<TemplateStringsArray, readonly string[]>();

function dedentedParts(strings: TemplateStringsArray): readonly string[] {
  let parts = DEDENTED.get(strings);
  if (!parts) {
    const indent = commonIndent(strings.raw);
    parts = strings.raw.map((p) => dedent(p, indent));
    DEDENTED.set(strings, parts);
  }
  return parts;
}

/** Text after the last newline of the segments so far (the current line). */
function currentLine(segments: readonly Segment[]): string {
  let line = '';
  for (let i = segments.length - 1; i >= 0; i--) {
    const text = segments[i].text;
    const nl = text.lastIndexOf('\n');
    if (nl >= 0) return text.slice(nl + 1) + line;
    line = text + line;
  }
  return line;
}

function trimEdges(segments: Segment[]): Segment[] {
  // Drop a leading blank line and trailing whitespace-only last line of the code (never touching literals).
  const out = segments.filter((s) => s.text !== '');
  if (out.length > 0 && !out[0].literal) out[0] = { literal: false, text: out[0].text.replace(/^[ \t]*\n/, '') };
  const last = out.length - 1;
  if (last >= 0 && !out[last].literal) out[last] = { literal: false, text: out[last].text.replace(/\n[ \t]*$/, '') };
  return out.filter((s) => s.text !== '');
}

/**
 * Tagged template for PowerShell. Static text is dedented (common leading indentation removed, first and last blank
 * line dropped) so templates can be indented with the TypeScript code around them.
 */
export function ps(strings: TemplateStringsArray, ...values: readonly PsInterpolation[]): PsCode {
  const raw = strings.raw;
  const dedented = dedentedParts(strings);
  const segments: Segment[] = [];
  let dropLeadingNewline = false;
  raw.forEach((part, i) => {
    let text = dedented[i];
    if (dropLeadingNewline && text.startsWith('\n')) text = text.slice(1);
    dropLeadingNewline = false;
    segments.push({ literal: false, text });
    if (i >= values.length) return;
    const value = values[i];
    if (value instanceof PsCode) {
      const prefix = currentLine(segments);
      if (value.text === '' && /^[ \t]*$/.test(prefix) && /^\r?\n/.test(raw[i + 1] ?? '')) {
        // An empty fragment alone on its line: drop the line instead of leaving it blank.
        const last = segments[segments.length - 1];
        segments[segments.length - 1] = { literal: false, text: last.text.slice(0, last.text.length - prefix.length) };
        dropLeadingNewline = true;
        return;
      }
      const column = /^[ \t]*$/.test(prefix) ? prefix : '';
      for (const s of PsCode.segmentsOf(TOKEN, value)) {
        segments.push(s.literal || column === '' ? s : { literal: false, text: s.text.split('\n').join(`\n${column}`) });
      }
    } else {
      segments.push({ literal: true, text: quotePs(value) });
    }
  });
  return PsCode.fromSegments(TOKEN, trimEdges(segments));
}

/** Joins fragments (default: one per line), skipping empty ones. */
export function psJoin(fragments: readonly PsCode[], separator: '\n' | '\n\n' | '; ' | ', ' = '\n'): PsCode {
  const segments: Segment[] = [];
  for (const f of fragments) {
    if (f.text === '') continue;
    if (segments.length > 0) segments.push({ literal: false, text: separator });
    segments.push(...PsCode.segmentsOf(TOKEN, f));
  }
  return PsCode.fromSegments(TOKEN, segments);
}

/** Concatenates fragments with nothing in between. */
export function psConcat(fragments: readonly PsCode[]): PsCode {
  return PsCode.fromSegments(
    TOKEN,
    fragments.flatMap((f) => PsCode.segmentsOf(TOKEN, f)),
  );
}

/** The empty fragment. */
export const PS_EMPTY: PsCode = PsCode.fromSegments(TOKEN, []);
