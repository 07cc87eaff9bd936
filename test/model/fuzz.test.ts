// Fuzzing the design-file loader with mutated versions of the example designs. Every input must either load fully
// (and then survive a second schema parse and a save → load round trip unchanged) or be rejected with at least one
// problem that has a JSON path, a message and a hint. Nothing may throw and nothing may load half-way.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { collectIds, loadDesignText, loadDesignValue, referenceProblems, serializeDesign } from '../../shared/model/load';
import type { LoadResult } from '../../shared/model/load';
import { DesignDocument } from '../../shared/model/schema';
import { exampleText } from '../fixtures/designs';
import type { ExampleName } from '../fixtures/designs';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Container = Json[] | { [key: string]: Json };

const SEED = 20261125;
// 5,000 keeps the file near 20 s on a quiet 2-core machine (the security probe used 2,400 mutated files).
const SMALL_RUNS = 5_000;
const LARGE_RUNS = 250;

// ---------------------------------------------------------------------------------------------------------------
// Values a mutation writes
// ---------------------------------------------------------------------------------------------------------------

/** Code units and sequences that break naive string handling: lone surrogates, bidi marks, zero-width, NUL, … */
const ODD_UNITS = [
  '\uD800', '\uDBFF', '\uDC00', '\uDFFF', '\u202E', '\u202D', '\u200F', '\u200E', '\u061C', '\u200B', '\u200C', '\u200D',
  '\u2060', '\uFEFF', '\u0000', '\u0007', '\n', '\r', '\t', '\u2028', '\u2029', '"', '\\', '/', 'é', 'e\u0301', 'İ', 'ß',
  'ﬀ', '😀', '👨‍👩‍👧', '\uFFFF', '\uFFFD', 'Ω', '\u0661', '٣', 'A', '-', '.', ' ', '0',
];
const oddString = fc.string({ unit: fc.oneof(fc.constantFrom(...ODD_UNITS), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })), maxLength: 24 });

const nanIshString = fc.constantFrom('NaN', 'Infinity', '-Infinity', '1e999', '-0', '0x1F', '1_000', '', ' ', 'null', 'undefined', 'true', '192.168.0.999', '999.1.1.1/33', '__proto__', 'constructor');

const hugeNumber = fc.constantFrom(1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, -Number.MAX_SAFE_INTEGER - 2, 2 ** 31, 2 ** 53, 65536, 1e-300, -1, 0, 0.5, 1.5, 17, 33, 101, 365.5);

const longString = fc.tuple(fc.constantFrom('a', 'EX', '\u202E', '\uD800', '.', '9'), fc.integer({ min: 65, max: 120_000 })).map(([unit, n]) => unit.repeat(Math.ceil(n / unit.length)));

const jsonValue = fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>;

const value: fc.Arbitrary<Json> = fc.oneof(
  { arbitrary: fc.constantFrom<Json>(null, true, false, [], {}), weight: 2 },
  { arbitrary: hugeNumber, weight: 2 },
  { arbitrary: nanIshString, weight: 2 },
  { arbitrary: oddString, weight: 3 },
  { arbitrary: longString, weight: 1 },
  { arbitrary: jsonValue, weight: 2 },
  { arbitrary: fc.integer(), weight: 1 },
);

const key = fc.oneof(fc.constantFrom('__proto__', 'constructor', 'prototype', 'id', '$schema', '', 'position', 'x'.repeat(300), 'srv-ex2', 'db-02'), oddString);

// ---------------------------------------------------------------------------------------------------------------
// Mutations of the parsed document (structure) and of its text
// ---------------------------------------------------------------------------------------------------------------

type Mutation =
  | { kind: 'replace'; at: number; value: Json }
  | { kind: 'replaceNumberValue'; at: number; value: number }
  | { kind: 'delete'; at: number }
  | { kind: 'addKey'; at: number; key: string; value: Json }
  | { kind: 'duplicate'; at: number }
  | { kind: 'copyString'; at: number; from: number }
  | { kind: 'dangle'; at: number; id: string }
  | { kind: 'flip'; at: number }
  | { kind: 'nest'; at: number; depth: number; asArray: boolean }
  | { kind: 'rename'; at: number; key: string }
  | { kind: 'benign'; op: BenignOp; at: number; text: string; x: number };

/** Edits a user can make without breaking the file: they must load (and round-trip) when nothing else breaks it. */
type BenignOp = 'title' | 'move' | 'reverse' | 'dropDefault' | 'toggle';
const BENIGN_OPS: readonly BenignOp[] = ['title', 'move', 'reverse', 'dropDefault', 'toggle'];
/** Keys the schema fills in with a default when missing. */
const DEFAULTED_KEYS = new Set(['title', 'revision', 'layout', 'goals', 'deployment', 'rollup', 'externalHostnames', 'virtualized', 'domainController', 'existing', 'loadWeight', 'clientsOnOtherSubnets', 'nlbClusters', 'hardwareLoadBalancers', 'casArrays', 'dags', 'databases', 'nlbClusterId', 'hardwareLoadBalancerId', 'staticPorts', 'witnessServerId', 'witnessHost', 'witnessDirectory', 'replicationSubnetIds', 'replayLagDays', 'truncationLagDays', 'servicePack', 'hubAntivirus']);

const at = fc.nat();
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('replace' as const), at, value }), weight: 6 },
  // Non-JSON numbers only reach the loader through loadDesignValue (text mode turns them into null).
  { arbitrary: fc.record({ kind: fc.constant('replaceNumberValue' as const), at, value: fc.constantFrom(Number.NaN, Infinity, -Infinity, -0) }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('delete' as const), at }), weight: 4 },
  { arbitrary: fc.record({ kind: fc.constant('addKey' as const), at, key, value }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('duplicate' as const), at }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant('copyString' as const), at, from: fc.nat() }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant('dangle' as const), at, id: fc.constantFrom('missing', 'srv-nope', 'x', 'site-zz', 'nic-9') }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant('flip' as const), at }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('nest' as const), at, depth: fc.integer({ min: 1, max: 300 }), asArray: fc.boolean() }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('rename' as const), at, key }), weight: 1 },
  {
    arbitrary: fc.record({
      kind: fc.constant('benign' as const),
      op: fc.constantFrom(...BENIGN_OPS),
      at,
      text: fc.oneof(oddString, fc.string({ maxLength: 200 })),
      x: fc.double({ min: -1e7, max: 1e7, noNaN: true }),
    }),
    weight: 12,
  },
);

type TextEdit =
  | { kind: 'truncate'; at: number }
  | { kind: 'splice'; at: number; remove: number; insert: string }
  | { kind: 'numberToken'; at: number; token: string };

const textEdit: fc.Arbitrary<TextEdit> = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at }),
  fc.record({ kind: fc.constant('splice' as const), at, remove: fc.integer({ min: 0, max: 6 }), insert: fc.oneof(oddString, fc.constantFrom(',', '}', ']', '"', '{', '[', ':', '\\u', '\\uD800', '/*', '\u0000')) }),
  fc.record({ kind: fc.constant('numberToken' as const), at, token: fc.constantFrom('NaN', 'Infinity', '-0', '1e999', '01', '.5', '+1', '0x10', '1e-999', '9'.repeat(400)) }),
);

interface Slot {
  readonly parent: Container;
  readonly key: string | number;
}

/** Every place in the tree that holds a value (object member or array element). */
function slots(root: Json): Slot[] {
  const out: Slot[] = [];
  const stack: Json[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as Json;
    if (Array.isArray(node)) {
      node.forEach((child, i) => {
        out.push({ parent: node, key: i });
        stack.push(child);
      });
    } else if (node !== null && typeof node === 'object') {
      for (const k of Object.keys(node)) {
        out.push({ parent: node, key: k });
        stack.push(node[k]);
      }
    }
  }
  return out;
}

const getSlot = (s: Slot): Json => (Array.isArray(s.parent) ? s.parent[s.key as number] : (s.parent as Record<string, Json>)[s.key as string]);

/** Writes an own property even for keys such as "__proto__" (a plain assignment would change the prototype). */
function setOwn(obj: Record<string, Json>, k: string, v: Json): void {
  Object.defineProperty(obj, k, { value: v, enumerable: true, writable: true, configurable: true });
}

function setSlot(s: Slot, v: Json): void {
  if (Array.isArray(s.parent)) s.parent[s.key as number] = v;
  else setOwn(s.parent, s.key as string, v);
}

function nested(v: Json, depth: number, asArray: boolean): Json {
  let out = v;
  for (let i = 0; i < depth; i++) out = asArray ? [out] : { a: out };
  return out;
}

function mutate(doc: Json, m: Mutation): void {
  const all = slots(doc);
  if (all.length === 0) return;
  const slot = all[m.at % all.length];
  const current = getSlot(slot);
  switch (m.kind) {
    case 'replace':
      return setSlot(slot, m.value);
    case 'replaceNumberValue': {
      const numbers = all.filter((s) => typeof getSlot(s) === 'number');
      if (numbers.length > 0) setSlot(numbers[m.at % numbers.length], m.value);
      return;
    }
    case 'delete':
      if (Array.isArray(slot.parent)) slot.parent.splice(slot.key as number, 1);
      else delete slot.parent[slot.key as string];
      return;
    case 'addKey': {
      const objects = all.map(getSlot).filter((v): v is Record<string, Json> => v !== null && typeof v === 'object' && !Array.isArray(v));
      const target = objects.length > 0 ? objects[m.at % objects.length] : (doc as Record<string, Json>);
      if (target !== null && typeof target === 'object' && !Array.isArray(target)) setOwn(target, m.key, m.value);
      return;
    }
    case 'duplicate': {
      // Duplicate an array element: duplicate ids, duplicate members, duplicate copies.
      const arrays = all.map(getSlot).filter((v): v is Json[] => Array.isArray(v) && v.length > 0);
      if (arrays.length === 0) return;
      const list = arrays[m.at % arrays.length];
      list.push(structuredClone(list[m.at % list.length]));
      return;
    }
    case 'copyString': {
      // Copy one string over another: wrong-kind references, duplicate ids, names in id fields.
      const strings = all.filter((s) => typeof getSlot(s) === 'string');
      if (strings.length < 2) return;
      setSlot(strings[m.at % strings.length], getSlot(strings[m.from % strings.length]));
      return;
    }
    case 'dangle': {
      const refs = all.filter((s) => typeof s.key === 'string' && /Ids?$/.test(s.key));
      if (refs.length === 0) return;
      const ref = refs[m.at % refs.length];
      const v = getSlot(ref);
      setSlot(ref, Array.isArray(v) ? [...v, m.id] : m.id);
      return;
    }
    case 'flip':
      if (Array.isArray(current)) {
        const obj: Record<string, Json> = {};
        current.forEach((item, i) => setOwn(obj, String(i), item));
        setSlot(slot, obj);
      } else if (current !== null && typeof current === 'object') {
        setSlot(slot, Object.values(current));
      } else {
        setSlot(slot, [current]);
      }
      return;
    case 'nest':
      return setSlot(slot, nested(current, m.depth, m.asArray));
    case 'benign':
      return benign(doc, all, m);
    case 'rename':
      if (!Array.isArray(slot.parent)) {
        delete slot.parent[slot.key as string];
        setOwn(slot.parent, m.key, current);
      }
      return;
  }
}

const isObject = (v: Json | undefined): v is { [key: string]: Json } => v !== null && v !== undefined && typeof v === 'object' && !Array.isArray(v);

function benign(root: Json, all: readonly Slot[], m: Extract<Mutation, { kind: 'benign' }>): void {
  const pick = <T>(list: readonly T[]): T | undefined => (list.length === 0 ? undefined : list[m.at % list.length]);
  switch (m.op) {
    case 'title':
      if (isObject(root)) root.title = m.text;
      return;
    case 'move': {
      const layout = isObject(root) ? root.layout : undefined;
      const nodes = isObject(layout) ? layout.nodes : undefined;
      const node = isObject(nodes) ? pick(Object.values(nodes)) : undefined;
      if (isObject(node)) node[m.at % 2 === 0 ? 'x' : 'y'] = m.x;
      return;
    }
    case 'reverse': {
      const list = pick(all.map(getSlot).filter((v): v is Json[] => Array.isArray(v)));
      list?.reverse();
      return;
    }
    case 'dropDefault': {
      const slot = pick(all.filter((s) => typeof s.key === 'string' && DEFAULTED_KEYS.has(s.key)));
      if (slot) delete (slot.parent as Record<string, Json>)[slot.key as string];
      return;
    }
    case 'toggle': {
      const slot = pick(all.filter((s) => typeof getSlot(s) === 'boolean'));
      if (slot) setSlot(slot, !getSlot(slot));
      return;
    }
  }
}

function editText(text: string, e: TextEdit): string {
  const pos = text.length === 0 ? 0 : e.at % text.length;
  switch (e.kind) {
    case 'truncate':
      return text.slice(0, pos);
    case 'splice':
      return text.slice(0, pos) + e.insert + text.slice(pos + e.remove);
    case 'numberToken': {
      const numbers = [...text.matchAll(/[:[,][ \n]*(-?\d+(?:\.\d+)?)[ \n]*[,}\]]/g)];
      if (numbers.length === 0) return text;
      const n = numbers[e.at % numbers.length];
      const start = (n.index ?? 0) + n[0].indexOf(n[1]);
      return text.slice(0, start) + e.token + text.slice(start + n[1].length);
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The property
// ---------------------------------------------------------------------------------------------------------------

interface Case {
  readonly example: ExampleName;
  readonly mutations: readonly Mutation[];
  readonly textEdits: readonly TextEdit[];
  /** 'text': serialise and load the text; 'value': hand the mutated value to loadDesignValue (NaN, -0 survive). */
  readonly mode: 'text' | 'value';
  readonly pretty: boolean;
}

interface Tally {
  loaded: number;
  rejected: number;
}

const parsedExamples = new Map<ExampleName, Json>();
function baseDocument(name: ExampleName): Json {
  let doc = parsedExamples.get(name);
  if (doc === undefined) {
    doc = JSON.parse(exampleText(name)) as Json;
    parsedExamples.set(name, doc);
  }
  return structuredClone(doc);
}

function guarded(what: string, run: () => LoadResult): LoadResult {
  try {
    return run();
  } catch (error) {
    throw new Error(`${what} threw instead of returning problems: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  }
}

function checkCase(c: Case, tally: Tally): void {
  const doc = baseDocument(c.example);
  for (const m of c.mutations) mutate(doc, m);
  let result: LoadResult;
  if (c.mode === 'value') {
    result = guarded('loadDesignValue', () => loadDesignValue(doc));
  } else {
    let text = JSON.stringify(doc, null, c.pretty ? 2 : undefined) ?? '';
    for (const e of c.textEdits) text = editText(text, e);
    result = guarded('loadDesignText', () => loadDesignText(text));
  }

  if (!result.ok) {
    tally.rejected++;
    expect(result.problems.length).toBeGreaterThan(0);
    for (const p of result.problems) {
      expect(typeof p.path === 'string' && p.path.startsWith('$'), `problem path ${JSON.stringify(p.path)}`).toBe(true);
      expect(typeof p.message === 'string' && p.message.trim().length > 0, 'problem message').toBe(true);
      expect(typeof p.hint === 'string' && p.hint.trim().length > 0, 'problem hint').toBe(true);
    }
    return;
  }

  tally.loaded++;
  const document = result.document;
  const saved = serializeDesign(document);
  // A full load: the document passes the schema again unchanged, every reference resolves, every layout entry
  // names an object of the design.
  let reparsed: unknown;
  try {
    reparsed = DesignDocument.parse(document);
  } catch (error) {
    throw new Error(`a loaded document fails DesignDocument.parse: ${error instanceof Error ? error.message : String(error)}`);
  }
  expect(serializeDesign(reparsed as typeof document)).toBe(saved);
  expect(referenceProblems(document.design)).toEqual([]);
  const ids = collectIds(document.design);
  for (const id of Object.keys(document.layout.nodes)) expect(ids.has(id), `layout entry ${id}`).toBe(true);
  // Save → load gives the same document.
  const again = guarded('loadDesignText (round trip)', () => loadDesignText(saved));
  expect(again.ok, again.ok ? '' : again.problems.map((p) => p.message).join('; ')).toBe(true);
  if (again.ok) expect(serializeDesign(again.document)).toBe(saved);
}

function caseArbitrary(examples: readonly ExampleName[], maxMutations: number): fc.Arbitrary<Case> {
  return fc.record({
    example: fc.constantFrom(...examples),
    mutations: fc.array(mutation, { minLength: 1, maxLength: maxMutations }),
    textEdits: fc.oneof({ arbitrary: fc.constant<TextEdit[]>([]), weight: 3 }, { arbitrary: fc.array(textEdit, { minLength: 1, maxLength: 2 }), weight: 1 }),
    mode: fc.constantFrom<'text' | 'value'>('text', 'text', 'text', 'value'),
    pretty: fc.boolean(),
  });
}

describe('design file fuzzing', () => {
  it(`loads fully or rejects cleanly ${SMALL_RUNS.toLocaleString('en-US')} mutated small example designs`, () => {
    const tally: Tally = { loaded: 0, rejected: 0 };
    fc.assert(
      fc.property(caseArbitrary(['seed-lab', 'minimal-ha', 'multi-role-hlb'], 4), (c) => checkCase(c, tally)),
      { seed: SEED, numRuns: SMALL_RUNS },
    );
    console.log(`fuzz (small examples): ${tally.loaded} loaded, ${tally.rejected} rejected, 0 exceptions`);
    expect(tally.loaded + tally.rejected).toBe(SMALL_RUNS);
    // Both outcomes must be well represented, or the mutators are not exercising the loader.
    expect(tally.loaded).toBeGreaterThan(SMALL_RUNS * 0.05);
    expect(tally.rejected).toBeGreaterThan(SMALL_RUNS * 0.5);
  }, 180_000);

  it(`loads fully or rejects cleanly ${LARGE_RUNS} mutated large designs`, () => {
    const tally: Tally = { loaded: 0, rejected: 0 };
    fc.assert(fc.property(caseArbitrary(['large-lagged'], 3), (c) => checkCase(c, tally)), { seed: SEED + 1, numRuns: LARGE_RUNS, endOnFailure: true });
    console.log(`fuzz (large-lagged): ${tally.loaded} loaded, ${tally.rejected} rejected, 0 exceptions`);
    expect(tally.loaded + tally.rejected).toBe(LARGE_RUNS);
  });

  it('rejects the classic hostile inputs with a located problem', () => {
    const seed = exampleText('seed-lab');
    const hostile = [
      '',
      ' ',
      'null',
      '[]',
      '"design"',
      '42',
      seed.slice(0, seed.length / 2),
      seed.replace('"EX3"', '"EX3\uD800"'),
      seed.replace('"EX3"', '"E\u202EX3"'),
      seed.replace('"EX3"', '"EX\u200B3"'),
      seed.replace('"cores": 4', '"cores": NaN'),
      seed.replace('"cores": 4', '"cores": 1e999'),
      seed.replace('"cores": 4', '"cores": "4"'),
      seed.replace('"formatVersion": 4', '"formatVersion": 99'),
      `${'['.repeat(5000)}${']'.repeat(5000)}`,
      seed.replace('{', '{"__proto__": {"polluted": true}, '),
    ];
    for (const text of hostile) {
      const r = guarded('loadDesignText', () => loadDesignText(text));
      expect(r.ok, `accepted: ${text.slice(0, 60)}`).toBe(false);
      if (!r.ok) for (const p of r.problems) expect(p.path.startsWith('$') && p.message.length > 0 && p.hint.length > 0).toBe(true);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
