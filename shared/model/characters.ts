// Characters that cannot reach PowerShell (or Windows) safely, refused at load in every string of the file — values
// and field names alike, whatever the schema says about the field. The raw document is walked generically, so a
// field added to the schema is covered without a change here.
//
// Refused: NUL (U+0000: Windows strings end there), the other C0 control characters U+0001–U+001F (tab and line
// breaks only in a multi-line field, MULTI_LINE_FIELDS), and unpaired UTF-16 surrogates (not text: a .ps1 written as
// UTF-8 cannot hold them). shared/powershell/quote.ts still refuses NUL and lone surrogates as the last line of
// defence; after this check no loaded design reaches it with one.
import { capitalize, characterCount, describeLocation, formatPath, plural, showString } from './problemText';
import type { ProblemText } from './problemText';

/** Fields whose text may span lines: tab, line feed and CR LF are allowed in them. */
export const MULTI_LINE_FIELDS: ReadonlySet<string> = new Set(['notes', 'description']);

/** Anything that needs a closer look: every control character and every surrogate (pairs are fine). */
// eslint-disable-next-line no-control-regex -- finding control characters is what this module is for
const SUSPECT = /[\u0000-\u001F\uD800-\uDFFF]/;

interface Offender {
  /** 1-based, in characters as the admin counts them (a surrogate pair is one character). */
  readonly position: number;
  readonly code: number;
  readonly kind: 'nul' | 'control' | 'surrogate';
  readonly count: number;
}

const LONE_SURROGATE = '[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF])|(?<![\\uD800-\\uDBFF])[\\uDC00-\\uDFFF]';
/** What a one-line field must not hold: every C0 control character and unpaired surrogates. */
const ONE_LINE = new RegExp(`[\\u0000-\\u001F]|${LONE_SURROGATE}`, 'g');
/** What a multi-line field must not hold: the same except tab, line feed and the CR of a CR LF. */
const MULTI_LINE = new RegExp(`[\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F]|\\r(?!\\n)|${LONE_SURROGATE}`, 'g');

function findOffenders(text: string, multiLine: boolean): Offender | undefined {
  const re = multiLine ? MULTI_LINE : ONE_LINE;
  re.lastIndex = 0;
  const m = re.exec(text);
  if (!m) return undefined;
  const code = m[0].charCodeAt(0);
  const kind: Offender['kind'] = code >= 0xd800 ? 'surrogate' : code === 0 ? 'nul' : 'control';
  // Every offender is one code unit, so the count is what removing them all takes off the length (no match objects:
  // a hostile value can hold 100,000 of them).
  const count = text.length - text.replace(re, '').length;
  return { position: characterCount(text.slice(0, m.index)) + 1, code, kind, count };
}

const CONTROL_NAMES: Readonly<Record<number, string>> = {
  0x09: 'a tab',
  0x0a: 'a line break',
  0x0d: 'a carriage return',
};

function hex(code: number): string {
  return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

function describeOffender(o: Offender): string {
  if (o.kind === 'nul') return `a NUL character (${hex(o.code)})`;
  if (o.kind === 'surrogate') return `an unpaired UTF-16 surrogate (${hex(o.code)})`;
  return `${CONTROL_NAMES[o.code] ?? 'the control character'} (${hex(o.code)})`;
}

function fixFor(o: Offender, isKey: boolean): string {
  const escape = `\\u${o.code.toString(16).toUpperCase().padStart(4, '0')}`;
  const where = `In the file it is written as "${escape}"${o.kind === 'control' && o.code >= 0x09 && o.code <= 0x0d ? ' or as a backslash escape such as "\\t", "\\n" or "\\r"' : ''}.`;
  const what = isKey ? 'the field name' : 'the value';
  switch (o.kind) {
    case 'nul':
      return `Delete it from ${what}. ${where} Windows and PowerShell end text at a NUL, so no name or setting can contain one.`;
    case 'surrogate':
      return `Delete it, or re-type ${what}: it is half of a character (a surrogate without its pair), not text, and a PowerShell script cannot hold it. ${where}`;
    case 'control':
      if (o.code === 0x09 || o.code === 0x0a || o.code === 0x0d) {
        return `Replace it with a space: this field holds one line. ${where}`;
      }
      return `Delete it from ${what}: control characters cannot be typed into Exchange or Windows settings. ${where}`;
  }
}

/** A place in the document: its key and its parent's place (undefined for the root). */
type Place = { readonly parent: Place; readonly key: PropertyKey } | undefined;

function pathOf(at: Place): PropertyKey[] {
  const path: PropertyKey[] = [];
  for (let p = at; p !== undefined; p = p.parent) path.push(p.key);
  return path.reverse();
}

/** Every string of a raw (parsed, not yet migrated) design file that holds a character PowerShell cannot carry. */
export function unsafeCharacterProblems(raw: unknown): ProblemText[] {
  const problems: ProblemText[] = [];
  const check = (text: string, at: Place, isKey: boolean) => {
    if (!SUSPECT.test(text)) return;
    const path = pathOf(at);
    const last = path[path.length - 1];
    const multiLine = !isKey && typeof last === 'string' && MULTI_LINE_FIELDS.has(last);
    const o = findOffenders(text, multiLine);
    if (!o) return;
    const where = formatPath(path);
    const object = isKey ? describeLocation(raw, path.slice(0, -1), false) : describeLocation(raw, path);
    const more = o.count > 1 ? ` (and ${plural(o.count - 1, 'more such character')})` : '';
    const message = isKey
      ? `${capitalize(object)} has a field name (${where}) with ${describeOffender(o)} at character ${o.position}${more}: ${showString(text)}.`
      : `${capitalize(object)} (${where}) has ${describeOffender(o)} at character ${o.position}${more}: ${showString(text)}.`;
    problems.push({ path: where, object: isKey ? `${object}, field name ${showString(text)}` : object, message, hint: fixFor(o, isKey) });
  };
  // Iterative, so a deeply nested hostile file cannot overflow the stack; places link to their parent, so a path is
  // only built for a string that has a problem.
  const stack: { value: unknown; at: Place }[] = [{ value: raw, at: undefined }];
  while (stack.length > 0) {
    const { value, at } = stack.pop() as { value: unknown; at: Place };
    if (typeof value === 'string') {
      check(value, at, false);
    } else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], at: { parent: at, key: i } });
    } else if (typeof value === 'object' && value !== null) {
      const keys = Object.keys(value);
      for (let i = keys.length - 1; i >= 0; i--) {
        const key = keys[i];
        const place = { parent: at, key };
        check(key, place, true);
        stack.push({ value: (value as Record<string, unknown>)[key], at: place });
      }
    }
  }
  return problems;
}
