// Load problems in the admin's words. Every problem names the object it belongs to (`server "EX3", role 2`) and its
// JSON path, shows the value found (shortened), says what is allowed and gives a fix for that field. The allowed
// range, format and choices are read from the zod schema itself (enum options, min/max, the known string formats),
// so a field added to the schema gets a specific message without a hand-written entry here.
//
// Messages and hints are whole sentences ending with a full stop, so "message hint" always reads as separate
// sentences wherever they are shown together.
import type { z } from 'zod';
import { isIpv4 } from './ip';
import { Cidr, ComputerName, DnsName, EntityId, FORMAT_VERSION, ObjectName, ProductKey, WindowsPath } from './schema';

/** One load problem as the loader reports it (see LoadProblem in ./load). */
export interface ProblemText {
  readonly path: string;
  /** The object and field in the admin's words, e.g. `server "EX3", NIC "MAPI", field "ipv4"`. */
  readonly object: string;
  readonly message: string;
  readonly hint: string;
}

type Key = PropertyKey;
type Schema = z.core.$ZodType;

/** How many characters of a value a message shows (the rest is cut with "…"). */
export const VALUE_SHOWN = 40;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const hasOwn = (o: object, k: PropertyKey): boolean => Object.prototype.hasOwnProperty.call(o, k);

export function formatPath(path: ReadonlyArray<Key>): string {
  let out = '$';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'string' && /^[A-Za-z_$][\w$]*$/.test(key)) out += `.${key}`;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Values
// ---------------------------------------------------------------------------------------------------------------

/** Characters a message must never show raw: controls, lone surrogates, bidi overrides and invisible marks. */
function escapeCodePoint(ch: string): string {
  const c = ch.codePointAt(0) ?? 0;
  const invisible =
    c < 0x20 || (c >= 0x7f && c <= 0x9f) || (c >= 0xd800 && c <= 0xdfff) || (c >= 0x200b && c <= 0x200f) ||
    (c >= 0x202a && c <= 0x202e) || (c >= 0x2060 && c <= 0x2069) || c === 0xfeff || c === 0x061c;
  if (invisible) return `\\u${c.toString(16).toUpperCase().padStart(4, '0')}`;
  if (ch === '"') return '\\"';
  return ch;
}

/** A string as a message shows it: in quotes, invisible characters escaped, cut to VALUE_SHOWN characters with "…". */
export function showString(value: string): string {
  // Only the shown characters are split off (values can be 100,000 characters long); the rest is only counted.
  const shown: string[] = [];
  let i = 0;
  while (i < value.length && shown.length < VALUE_SHOWN) {
    const ch = String.fromCodePoint(value.codePointAt(i) ?? 0);
    const wellFormedPair = ch.length === 2;
    shown.push(wellFormedPair ? ch : value[i]);
    i += wellFormedPair ? 2 : 1;
  }
  if (i >= value.length) return `"${shown.map(escapeCodePoint).join('')}"`;
  return `"${shown.slice(0, VALUE_SHOWN - 1).map(escapeCodePoint).join('')}…" (${characterCount(value)} characters)`;
}

const SURROGATE_PAIR = /[\uD800-\uDBFF][\uDC00-\uDFFF]/g;

/** Characters as the admin counts them: a surrogate pair is one. */
export function characterCount(value: string): number {
  return value.length - (value.match(SURROGATE_PAIR)?.length ?? 0);
}

export function plural(n: number, word: string, words = `${word}s`): string {
  return `${n} ${n === 1 ? word : words}`;
}

/** The value found, as a message shows it. */
export function showValue(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (typeof value === 'string') return showString(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.length === 0 ? 'an empty list' : `a list of ${plural(value.length, 'item')}`;
  if (isRecord(value)) return Object.keys(value).length === 0 ? 'an empty object' : 'an object';
  return typeof value;
}

/** What kind of JSON value it is, for a wrong type. */
function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return 'text';
  if (typeof value === 'number') return 'a number';
  if (typeof value === 'boolean') return 'a true/false value';
  if (Array.isArray(value)) return 'a list';
  return 'an object';
}

function valueAt(root: unknown, path: ReadonlyArray<Key>): unknown {
  let cur: unknown = root;
  for (const key of path) {
    if (Array.isArray(cur) && typeof key === 'number') cur = cur[key];
    else if (isRecord(cur) && typeof key === 'string' && hasOwn(cur, key)) cur = cur[key];
    else return undefined;
  }
  return cur;
}

// ---------------------------------------------------------------------------------------------------------------
// Objects in the admin's words
// ---------------------------------------------------------------------------------------------------------------

/** Collections whose items are named objects: the label and the field that names an item. */
const NAMED: Readonly<Record<string, readonly [label: string, nameField: string]>> = {
  sites: ['AD site', 'name'],
  subnets: ['subnet', 'cidr'],
  servers: ['server', 'name'],
  nics: ['NIC', 'name'],
  nlbClusters: ['NLB cluster', 'fqdn'],
  hardwareLoadBalancers: ['hardware load balancer', 'name'],
  casArrays: ['CAS array', 'name'],
  dags: ['DAG', 'name'],
  databases: ['database', 'name'],
  publicFolderDatabases: ['public folder database', 'name'],
  tiers: ['mailbox tier', 'name'],
};

/** Lists of values or unnamed items: the word for one item (counted from 1). */
const COUNTED: Readonly<Record<string, string>> = {
  roles: 'role',
  portRules: 'port rule',
  ipAddresses: 'IP address',
  memberIds: 'member',
  replicationSubnetIds: 'replication subnet',
  externalHostnames: 'external host name',
  replicaIds: 'replica',
};

/** Nested objects: how to call them. */
const SECTIONS: Readonly<Record<string, string>> = {
  organization: 'the organization',
  goals: 'the goals',
  sizing: 'the sizing inputs',
  storage: 'the storage layout',
  deployment: 'the deployment settings',
  os: 'the operating system',
  staticPorts: 'the static RPC ports',
  legacy: 'the legacy Exchange version',
  layout: 'the layout',
  viewport: 'the viewport',
};

/** "publicFolderDatabases" → "public folder database". */
function words(key: string, singular: boolean): string {
  let w = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  if (singular) w = w.replace(/ies$/, 'y').replace(/(ss|[^s])s$/, '$1').replace(/sses$/, 'ss');
  return w;
}

/** Server names by id, to call a copy or an NLB member by its server. */
function serverNames(root: unknown): Map<string, string> {
  const names = new Map<string, string>();
  const servers = valueAt(root, ['design', 'servers']);
  if (!Array.isArray(servers)) return names;
  for (const s of servers) {
    if (isRecord(s) && typeof s.id === 'string' && typeof s.name === 'string' && s.name !== '' && !names.has(s.id)) names.set(s.id, s.name);
  }
  return names;
}

function itemLabel(collection: string, item: unknown, index: number, servers: () => Map<string, string>, next: Key | undefined): string {
  const named = NAMED[collection];
  if (named) {
    // An object whose naming field is the one in question is called by its number ("server 2, field "name"").
    const name = isRecord(item) && next !== named[1] ? item[named[1]] : undefined;
    return typeof name === 'string' && name !== '' ? `${named[0]} ${showString(name)}` : `${named[0]} ${index + 1}`;
  }
  if ((collection === 'copies' || collection === 'members') && isRecord(item) && typeof item.serverId === 'string') {
    const server = servers().get(item.serverId);
    const what = collection === 'copies' ? 'copy' : 'member';
    if (server !== undefined) return `${what} on server ${showString(server)}`;
    return `${what} ${index + 1}`;
  }
  const counted = COUNTED[collection];
  if (counted) return `${counted} ${index + 1}`;
  if (isRecord(item)) {
    for (const f of ['name', 'fqdn', 'id']) {
      const v = item[f];
      if (typeof v === 'string' && v !== '') return `${words(collection, true)} ${showString(v)}`;
    }
  }
  return `${words(collection, true)} ${index + 1}`;
}

/**
 * The object a path points into, in the admin's words: `server "EX3", role 2`, `the organization, field "name"`,
 * `server "EX3", NIC "MAPI", field "ipv4"`. With `field: false` the last key is not named as a field (for a problem
 * about the object itself).
 */
export function describeLocation(root: unknown, path: ReadonlyArray<Key>, field = true): string {
  const parts: string[] = [];
  let cur: unknown = root;
  let cache: Map<string, string> | undefined;
  const servers = () => (cache ??= serverNames(root));
  for (let i = 0; i < path.length; i++) {
    const key = path[i];
    const last = i === path.length - 1;
    if (typeof key === 'number') {
      const collection = typeof path[i - 1] === 'string' ? String(path[i - 1]) : 'item';
      const item = Array.isArray(cur) ? (cur as unknown[])[key] : undefined;
      parts.push(itemLabel(collection, item, key, servers, path[i + 1]));
      cur = item;
      continue;
    }
    const name = String(key);
    const value = isRecord(cur) && hasOwn(cur, name) ? cur[name] : undefined;
    const parentIsNodes = i >= 2 && path[i - 1] === 'nodes' && path[i - 2] === 'layout';
    if (parentIsNodes) {
      parts.push(`the layout entry ${showString(name)}`);
    } else if (last) {
      if (field) parts.push(`field ${showString(name)}`);
      else if (SECTIONS[name]) parts.push(SECTIONS[name]);
      else parts.push(`field ${showString(name)}`);
    } else if (name === 'design' && i === 0) {
      // The design is the whole file to the admin: no word for it.
    } else if (typeof path[i + 1] === 'number') {
      // A collection: the item names it ("server "EX3"").
    } else if (name === 'nodes' && path[i - 1] === 'layout') {
      // "the layout entry …" follows.
    } else if (SECTIONS[name]) {
      parts.push(SECTIONS[name]);
    } else {
      parts.push(`field ${showString(name)}`);
    }
    cur = value;
  }
  return parts.length === 0 ? 'the document' : parts.join(', ');
}

export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

// ---------------------------------------------------------------------------------------------------------------
// The schema: what is allowed at a path
// ---------------------------------------------------------------------------------------------------------------

interface CheckDef {
  readonly check: string;
  readonly value?: unknown;
  readonly inclusive?: boolean;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly pattern?: RegExp;
  readonly fn?: unknown;
}

interface Unwrapped {
  readonly inner: Schema;
  readonly nullable: boolean;
}

function defOf(s: Schema): z.core.$ZodTypeDef & Record<string, unknown> {
  return s._zod.def as z.core.$ZodTypeDef & Record<string, unknown>;
}

function checksOf(s: Schema): CheckDef[] {
  const checks = s._zod.def.checks ?? [];
  // A refine such as Ipv4's is a check of its own kind ("custom") whose function is on the def.
  return checks.map((c) => c._zod.def as CheckDef);
}

const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'readonly', 'nonoptional', 'catch']);

function unwrap(s: Schema): Unwrapped {
  let cur = s;
  let nullable = false;
  for (let guard = 0; guard < 20; guard++) {
    const def = defOf(cur);
    if (def.type === 'nullable') nullable = true;
    if (WRAPPERS.has(def.type)) cur = def.innerType as Schema;
    else if (def.type === 'pipe') cur = def.in as Schema;
    else if (def.type === 'lazy') cur = (def.getter as () => Schema)();
    else break;
  }
  return { inner: cur, nullable };
}

function child(s: Schema, key: Key): Schema | undefined {
  const { inner } = unwrap(s);
  const def = defOf(inner);
  switch (def.type) {
    case 'object': {
      const shape = def.shape as Record<string, Schema>;
      return typeof key === 'string' && hasOwn(shape, key) ? shape[key] : undefined;
    }
    case 'array':
      return typeof key === 'number' ? (def.element as Schema) : undefined;
    case 'record':
      return def.valueType as Schema;
    case 'union':
      for (const option of def.options as Schema[]) {
        const found = child(option, key);
        if (found) return found;
      }
      return undefined;
    default:
      return undefined;
  }
}

export function schemaAt(root: Schema, path: ReadonlyArray<Key>): Schema | undefined {
  let cur: Schema | undefined = root;
  for (const key of path) {
    if (!cur) return undefined;
    cur = child(cur, key);
  }
  return cur;
}

/** The description given with .describe() in the schema, if any (on the field or the type it wraps). */
function descriptionOf(s: Schema | undefined): string | undefined {
  let cur = s;
  for (let guard = 0; cur && guard < 20; guard++) {
    const d = (cur as { description?: unknown }).description;
    if (typeof d === 'string' && d !== '') return d;
    const def = defOf(cur);
    cur = WRAPPERS.has(def.type) ? (def.innerType as Schema) : undefined;
  }
  return undefined;
}

/** A string format of the design file, with the words to say what it allows and how to fix a value. */
interface FieldFormat {
  readonly allowed: string;
  /** The characters the format allows; a value's first other character is named in the fix. */
  readonly chars?: RegExp;
  readonly charsRule?: string;
  /** A fix for this value, or undefined for the general one. */
  readonly fixFor?: (value: string) => string | undefined;
  readonly fix: string;
}

function patternsOf(s: Schema): string[] {
  return checksOf(s).flatMap((c) => (c.pattern instanceof RegExp ? [c.pattern.source] : []));
}

function ipv4Fix(value: string): string | undefined {
  if (value.includes('/')) return `Remove the prefix length ("${value.slice(value.indexOf('/'))}"): the address alone goes here, its subnet holds the prefix.`;
  const parts = value.trim().split('.');
  if (parts.length !== 4) return `Write four numbers separated by dots (this value has ${plural(parts.length, 'part')}), e.g. 192.168.0.34.`;
  const big = parts.find((p) => /^\d+$/.test(p) && Number(p) > 255);
  if (big !== undefined) return `Each of the four numbers is at most 255 ("${big}" is more): correct that part of the address.`;
  const zero = parts.find((p) => /^0\d+$/.test(p));
  if (zero !== undefined) return `Remove the leading zero of "${zero}" (write ${String(Number(zero))}): addresses are written without leading zeros.`;
  return undefined;
}

function cidrFix(value: string): string | undefined {
  if (isIpv4(value)) return `Add the prefix length after a "/", e.g. ${value}/24 for the mask 255.255.255.0.`;
  const [address = '', prefix] = value.split('/');
  if (prefix !== undefined && isIpv4(address) && !/^\d{1,2}$/.test(prefix)) {
    return `Write the prefix length as a number of bits, e.g. ${address}/24, not a mask or text after the "/".`;
  }
  if (prefix !== undefined && !isIpv4(address)) return ipv4Fix(address)?.replace('the address', 'the network address');
  return undefined;
}

function windowsPathFix(value: string): string | undefined {
  if (value.startsWith('\\\\')) return 'Use a local path on the server (a drive letter, e.g. C:\\DAG1), not a network share.';
  if (value.includes('/')) return `Use backslashes between folders, e.g. ${value.replace(/\//g, '\\')}.`;
  if (!/^[A-Za-z]:\\/.test(value)) return 'Start the path with a drive letter, a colon and a backslash, e.g. C:\\DAG1.';
  return undefined;
}

const FORMATS: ReadonlyArray<readonly [Schema, FieldFormat]> = [
  [EntityId, {
    allowed: 'an id of 1 to 64 letters, digits, "_", ".", ":" or "-", starting with a letter or digit',
    chars: /[A-Za-z0-9_.:-]/,
    charsRule: 'an id has only letters, digits, "_", ".", ":" and "-"',
    fix: 'Use an id such as "srv-ex3", and change the references to this object to the new id as well.',
  }],
  [ComputerName, {
    allowed: 'a computer name of letters, digits and hyphens only',
    chars: /[A-Za-z0-9-]/,
    charsRule: 'a computer name has only letters, digits and hyphens',
    fix: 'Use the server\'s Windows computer name, e.g. EX3 (letters, digits and hyphens, at most 15 characters for NetBIOS).',
  }],
  [DnsName, {
    allowed: 'a DNS name of letters, digits, hyphens and dots, e.g. mail.contoso.com',
    chars: /[A-Za-z0-9.-]/,
    charsRule: 'a DNS name has only letters, digits, hyphens and dots',
    fix: 'Write the fully qualified DNS name, e.g. ex3.contoso.local.',
  }],
  [ObjectName, {
    allowed: 'a name of letters, digits, spaces, "_", ".", "(", ")" and "-", starting with a letter or digit',
    chars: /[A-Za-z0-9 _.()-]/,
    charsRule: 'a name has only letters, digits, spaces, "_", ".", "(", ")" and "-"',
    fixFor: (v) => (v !== '' && !/^[A-Za-z0-9]/.test(v) ? 'Start the name with a letter or digit.' : undefined),
    fix: 'Write a name such as "Mailbox Database 01".',
  }],
  [WindowsPath, {
    allowed: 'a local Windows path: a drive letter, ":\\" and folders of letters, digits, spaces, "_", ".", "(", ")" and "-", e.g. C:\\DAG1',
    fixFor: windowsPathFix,
    chars: /[A-Za-z0-9 _.()\\:-]/,
    charsRule: 'a path has only letters, digits, spaces, "_", ".", "(", ")", "-" and backslashes',
    fix: 'Write a local folder on the server, e.g. C:\\DAG1.',
  }],
  [Cidr, {
    allowed: 'a CIDR block: the network address, "/" and the prefix length, e.g. 192.168.0.0/24',
    fixFor: cidrFix,
    fix: 'Write the subnet\'s network address and prefix length, e.g. 192.168.0.0/24 for the mask 255.255.255.0.',
  }],
  [ProductKey, {
    allowed: 'an Exchange product key of five groups of five letters or digits joined by hyphens, e.g. ABCDE-FGHIJ-KLMNO-PQRST-UVWXY, or empty',
    fix: 'Copy the key as printed, with its hyphens, or leave it empty ("") to keep the 120-day trial.',
  }],
];

const IPV4_FORMAT: FieldFormat = {
  allowed: 'an IPv4 address: four numbers from 0 to 255 separated by dots, e.g. 192.168.0.34',
  fixFor: ipv4Fix,
  fix: 'Write the address in dotted form, e.g. 192.168.0.34.',
};

const FORMAT_BY_PATTERN = new Map<string, FieldFormat>();
for (const [schema, format] of FORMATS) for (const p of patternsOf(schema)) FORMAT_BY_PATTERN.set(p, format);

function formatOf(s: Schema): FieldFormat | undefined {
  for (const c of checksOf(s)) {
    if (c.fn === isIpv4) return IPV4_FORMAT;
    if (c.pattern instanceof RegExp) {
      const f = FORMAT_BY_PATTERN.get(c.pattern.source);
      if (f) return f;
    }
  }
  return undefined;
}

function quoteChoice(v: unknown): string {
  return typeof v === 'string' ? JSON.stringify(v) : String(v);
}

export function listOf(items: readonly string[], last = 'or'): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${last} ${items[items.length - 1]}`;
}

/** Numbers as they are written in the file (no digit grouping, which JSON does not allow). */
function fmt(n: unknown): string {
  return String(n);
}

interface Bounds {
  readonly min?: number;
  readonly minInclusive: boolean;
  readonly max?: number;
  readonly maxInclusive: boolean;
  readonly integer: boolean;
}

function numberBounds(s: Schema): Bounds {
  let min: number | undefined;
  let max: number | undefined;
  let minInclusive = true;
  let maxInclusive = true;
  for (const c of checksOf(s)) {
    if (c.check === 'greater_than' && typeof c.value === 'number') [min, minInclusive] = [c.value, c.inclusive !== false];
    if (c.check === 'less_than' && typeof c.value === 'number') [max, maxInclusive] = [c.value, c.inclusive !== false];
  }
  const format = defOf(s).format;
  const integer = typeof format === 'string' && /int/.test(format);
  return { min, max, minInclusive, maxInclusive, integer };
}

function numberAllowed(b: Bounds): string {
  const noun = b.integer ? 'a whole number' : 'a number';
  const { min, max } = b;
  if (min !== undefined && max !== undefined && b.minInclusive && b.maxInclusive) return `${noun} from ${fmt(min)} to ${fmt(max)}`;
  const lower = min === undefined ? undefined : b.minInclusive ? `at least ${fmt(min)}` : `greater than ${fmt(min)}`;
  const upper = max === undefined ? undefined : b.maxInclusive ? `at most ${fmt(max)}` : `less than ${fmt(max)}`;
  if (lower && upper) return `${noun} ${lower} and ${upper}`;
  if (lower || upper) return `${noun} ${lower ?? upper}`;
  return noun;
}

function lengthBounds(s: Schema): { min?: number; max?: number } {
  let min: number | undefined;
  let max: number | undefined;
  for (const c of checksOf(s)) {
    if (c.check === 'min_length' && typeof c.minimum === 'number') min = c.minimum;
    if (c.check === 'max_length' && typeof c.maximum === 'number') max = c.maximum;
    if (c.check === 'length_equals' && typeof c.value === 'number') min = max = c.value;
  }
  return { min, max };
}

function stringAllowed(s: Schema): string {
  const format = formatOf(s);
  const { min, max } = lengthBounds(s);
  const length = [min !== undefined && min > 0 ? (min === 1 ? 'not empty' : `at least ${fmt(min)} characters`) : undefined, max !== undefined ? `at most ${fmt(max)} characters` : undefined].filter(Boolean).join(', ');
  if (format) return length ? `${format.allowed} (${length})` : format.allowed;
  const patterns = patternsOf(s);
  const base = patterns.length > 0 ? `text matching /${patterns[0]}/` : 'text in double quotes';
  return length ? `${base}, ${length}` : base;
}

function choicesOf(s: Schema): unknown[] | undefined {
  const { inner } = unwrap(s);
  const def = defOf(inner);
  if (def.type === 'enum') return Object.values(def.entries as Record<string, unknown>);
  if (def.type === 'literal') return [...(def.values as unknown[])];
  if (def.type === 'union') {
    const all: unknown[] = [];
    for (const option of def.options as Schema[]) {
      const c = choicesOf(option);
      if (!c) return undefined;
      all.push(...c);
    }
    return all;
  }
  return undefined;
}

/** What the schema allows at this place, as words: "a whole number from 1 to 256", "one of "CAS", "HT" …". */
export function allowedText(s: Schema): string {
  const { inner, nullable } = unwrap(s);
  const base = allowedInner(inner);
  return nullable ? `${base}, or null` : base;
}

function allowedInner(s: Schema): string {
  const def = defOf(s);
  const choices = choicesOf(s);
  if (choices) return choices.length === 1 ? `exactly ${quoteChoice(choices[0])}` : `one of ${listOf(choices.map(quoteChoice))}`;
  switch (def.type) {
    case 'string':
      return stringAllowed(s);
    case 'number':
      return numberAllowed(numberBounds(s));
    case 'boolean':
      return 'true or false';
    case 'array': {
      const { max, min } = lengthBounds(s);
      if (min !== undefined && min > 0 && max !== undefined) return `a list of ${fmt(min)} to ${fmt(max)} items in [ ]`;
      if (min !== undefined && min > 0) return `a list of at least ${plural(min, 'item')} in [ ]`;
      return max !== undefined ? `a list of at most ${plural(max, 'item')} in [ ]` : 'a list in [ ]';
    }
    case 'object':
      return 'an object in { }';
    case 'record':
      return 'an object in { }';
    case 'union': {
      const options = (def.options as Schema[]).map((o) => {
        const c = choicesOf(o);
        return c && c.length === 1 && c[0] === '' ? 'empty ("")' : allowedText(o);
      });
      return listOf(options);
    }
    default:
      return 'a valid value';
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Fixes
// ---------------------------------------------------------------------------------------------------------------

/** The role abbreviations and the other one-word choices, spelled out where a fix lists them. */
const FIELD_FIXES: Readonly<Record<string, string>> = {
  roles: 'Use the role abbreviations: CAS (Client Access), HT (Hub Transport), MB (Mailbox), UM (Unified Messaging) or Edge (Edge Transport).',
  exchangeVersion: 'ExTopo designs Exchange Server 2010 only: write "2010".',
  formatVersion: `Write ${FORMAT_VERSION} if ExTopo wrote this file; files of an older ExTopo carry 1 to ${FORMAT_VERSION - 1} and are migrated when opened.`,
  messagesPerDay: 'Round the messages sent and received per mailbox per day to the nearest profile of the Exchange 2010 sizing tables.',
  purpose: 'Say what the network carries: "mapi" for client and server traffic, "replication" for DAG log shipping only, "management" for administration.',
  mode: 'Choose the NLB cluster operation mode: "unicast", "multicast" or "igmpMulticast".',
};

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const next = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = next;
    }
  }
  return row[b.length];
}

/** The allowed choice closest to a value: same spelling in another case, a near misspelling, the nearest number. */
function nearest(value: unknown, choices: readonly unknown[]): string | undefined {
  if (typeof value === 'string') {
    const exact = choices.find((c) => typeof c === 'string' && c.toLowerCase() === value.toLowerCase());
    if (exact !== undefined) return `Write ${quoteChoice(exact)}: the spelling and case must match exactly.`;
    if (value.length <= 64) {
      let best: string | undefined;
      let bestDistance = 3;
      for (const c of choices) {
        if (typeof c !== 'string') continue;
        const d = editDistance(value.toLowerCase(), c.toLowerCase());
        if (d < bestDistance) [best, bestDistance] = [c, d];
      }
      if (best !== undefined) return `Did you mean ${quoteChoice(best)}? Write it exactly so.`;
    }
  }
  if (typeof value === 'number' && choices.every((c) => typeof c === 'number')) {
    const nums = choices as number[];
    const best = nums.reduce((a, b) => (Math.abs(b - value) < Math.abs(a - value) ? b : a));
    return `The nearest allowed value is ${best}.`;
  }
  return undefined;
}

/** The first character a format does not allow, as "\"_\" (character 3)". */
function offendingCharacter(value: string, chars: RegExp): string | undefined {
  let position = 0;
  for (const ch of value) {
    position++;
    if (!chars.test(ch)) return `${showString(ch)} (character ${position})`;
  }
  return undefined;
}

function formatFix(format: FieldFormat, value: unknown): string {
  if (typeof value === 'string') {
    const specific = format.fixFor?.(value);
    if (specific) return specific;
    if (format.chars) {
      const bad = offendingCharacter(value, format.chars);
      if (bad) return `Remove or replace ${bad}: ${format.charsRule ?? 'that character is not allowed here'}. ${format.fix}`;
    }
  }
  return format.fix;
}

function typeFix(expected: string, value: unknown, allowed: string): string {
  switch (expected) {
    case 'number':
    case 'int':
      if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return `Remove the quotes: write ${value.trim()}, not ${showString(value)}.`;
      return `Write ${allowed}, without quotes.`;
    case 'boolean':
      if (typeof value === 'string' && /^(true|false)$/i.test(value.trim())) return `Remove the quotes: write ${value.trim().toLowerCase()}, not ${showString(value)}.`;
      return 'Write true or false, without quotes.';
    case 'string':
      return typeof value === 'number' || typeof value === 'boolean' ? `Put the value in double quotes: "${String(value)}".` : `Write ${allowed}.`;
    case 'array':
      return 'Write a list in square brackets, e.g. [ ] for none.';
    case 'object':
      return 'Write an object in braces, { }, with its fields.';
    default:
      return `Write ${allowed}.`;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Issues → problems
// ---------------------------------------------------------------------------------------------------------------

/** Capitalised and ending with a full stop. */
export function sentence(text: string): string {
  const t = capitalize(text.trim());
  return /[.!?]$/.test(t) ? t : `${t}.`;
}

/** The load problem(s) for one zod issue, worded for the object and field it is about. */
export function describeIssue(issue: z.core.$ZodIssue, doc: unknown, root: Schema): ProblemText[] {
  const path = issue.path;
  const at = formatPath(path);
  const lastKey = [...path].reverse().find((k): k is string => typeof k === 'string');

  if (issue.code === 'unrecognized_keys') {
    const object = describeLocation(doc, path, false);
    const shape = schemaAt(root, path);
    const objectSchema = shape ? unwrap(shape).inner : undefined;
    const known = objectSchema && defOf(objectSchema).type === 'object' ? Object.keys(defOf(objectSchema).shape as Record<string, unknown>) : [];
    return issue.keys.map((key) => {
      const value = valueAt(doc, [...path, key]);
      const sameCase = known.find((k) => k.toLowerCase() === key.toLowerCase());
      const near = sameCase === undefined && known.length > 0 ? nearest(key, known) : undefined;
      return {
        path: formatPath([...path, key]),
        object: `${object}, field ${showString(key)}`,
        message:
          `${capitalize(object)} (${at}) has a field ${showString(key)} (value ${showValue(value)}) that format version ${FORMAT_VERSION} does not have.` +
          (known.length > 0 ? ` Its fields are: ${known.join(', ')}.` : ''),
        hint:
          sameCase !== undefined
            ? `Rename it to ${showString(sameCase)}: field names must match in case.`
            : near
              ? `${near.replace(/^Did you mean/, 'Did you mean the field').replace(/ Write it exactly so\.$/, '')} Rename it, or remove it.`
              : `Remove ${showString(key)}: ExTopo does not keep fields it does not know.`,
      };
    });
  }

  const value = valueAt(doc, path);
  const object = describeLocation(doc, path);
  const subject = `${capitalize(object)} (${at})`;
  const fieldSchema = schemaAt(root, path);
  const allowed = fieldSchema ? allowedText(fieldSchema) : issue.message;
  const fieldFix = lastKey !== undefined ? FIELD_FIXES[lastKey] : undefined;
  const problem = (message: string, hint: string): ProblemText[] => [{ path: at, object, message, hint }];

  switch (issue.code) {
    case 'invalid_type': {
      if (value === undefined) {
        const description = descriptionOf(fieldSchema);
        const owner = describeLocation(doc, path.slice(0, -1), false);
        return problem(
          `${subject} is missing. It must be ${allowed}.`,
          `Add the field ${showString(String(path[path.length - 1]))} to ${owner === 'the document' ? 'the top level of the file' : owner}${description ? ` (${description})` : ''}.`,
        );
      }
      return problem(`${subject} is ${showValue(value)} (${kindOf(value)}). It must be ${allowed}.`, typeFix(issue.expected, value, allowed));
    }
    case 'too_small':
    case 'too_big': {
      const small = issue.code === 'too_small';
      const limit = Number(small ? (issue as z.core.$ZodIssueTooSmall).minimum : (issue as z.core.$ZodIssueTooBig).maximum);
      const inclusive = issue.inclusive !== false;
      if (issue.origin === 'array' || issue.origin === 'set') {
        const n = Array.isArray(value) ? value.length : 0;
        return problem(
          `${subject} has ${plural(n, 'item')}. It may have ${small ? 'at least' : 'at most'} ${fmt(limit)}.`,
          small ? `Add ${plural(limit - n, 'more item')}.` : `Remove ${plural(n - limit, 'item')}, or split the design.`,
        );
      }
      if (issue.origin === 'string') {
        const n = typeof value === 'string' ? characterCount(value) : 0;
        return problem(
          `${subject} is ${showValue(value)}. It must be ${allowed}.`,
          small ? (limit <= 1 ? `Fill it in: ${allowed}.` : `Lengthen it to at least ${plural(limit, 'character')}.`) : `Shorten it to at most ${plural(limit, 'character')} (it has ${fmt(n)}).`,
        );
      }
      const bound = small ? (inclusive ? `at least ${fmt(limit)}` : `more than ${fmt(limit)}`) : inclusive ? `at most ${fmt(limit)}` : `less than ${fmt(limit)}`;
      const description = descriptionOf(fieldSchema);
      return problem(
        `${subject} is ${showValue(value)}. It must be ${allowed}.`,
        `${small ? 'Raise' : 'Lower'} it to ${bound}${description ? ` (${description})` : ''}.`,
      );
    }
    case 'invalid_value':
    case 'invalid_union': {
      const choices = fieldSchema ? choicesOf(fieldSchema) : issue.code === 'invalid_value' ? issue.values : undefined;
      const near = choices ? nearest(value, choices) : undefined;
      const format = fieldSchema && issue.code === 'invalid_union' ? unionFormat(fieldSchema) : undefined;
      const fix = [near, fieldFix].filter(Boolean).join(' ') || (format ? formatFix(format, value) : `Replace it with ${allowed}.`);
      return problem(`${subject} is ${showValue(value)}. It must be ${allowed}.`, fix);
    }
    case 'invalid_format':
    case 'custom': {
      const format = fieldSchema ? formatOf(unwrap(fieldSchema).inner) : undefined;
      const fix = format ? formatFix(format, value) : (fieldFix ?? `Correct it: ${sentence(issue.message).replace(/\.$/, '')}.`);
      return problem(`${subject} is ${showValue(value)}. It must be ${allowed}.`, fix);
    }
    case 'invalid_key': {
      const key = path[path.length - 1];
      return problem(
        `${subject} has the key ${showValue(String(key))}, which is not allowed. ${sentence(issue.issues[0]?.message ?? issue.message)}`,
        'Remove the entry: layout entries are named by the ids of the design\'s objects, and ExTopo lays out objects without one.',
      );
    }
    default:
      return problem(`${subject} is ${showValue(value)}. ${sentence(issue.message)}`, `Write ${allowed} here.`);
  }
}

/** For a union such as `'' | WindowsPath`: the one format among its options. */
function unionFormat(s: Schema): FieldFormat | undefined {
  const def = defOf(unwrap(s).inner);
  if (def.type !== 'union') return undefined;
  for (const option of def.options as Schema[]) {
    const f = formatOf(unwrap(option).inner);
    if (f) return f;
  }
  return undefined;
}
