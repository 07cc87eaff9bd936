// Refactoring guard for the planner's performance work (issue 15): planDesign's whole result (findings with their
// rule ids, severities, messages, hints, entity ids and order; counts; HA verdict; sizing report) for every example
// in examples/ and for the planner bench's generated 200-server design (plus two smaller variants: without sizing
// inputs, and with seeded duplicate names and addresses so the name/IP rules fire) must stay byte-for-byte what the code gave when the
// snapshots were captured. This only guards refactoring — it says nothing about whether the findings are right (the
// rule tests do that). When a rule change is intended, re-capture with EXTOPO_UPDATE_PLAN_SNAPSHOTS=1 and review
// the diff of test/fixtures/plan-snapshots/.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { generateDesign } from '../../bench/generate';
import { loadDesignText, serializeDesign } from '../../shared/model/load';
import type { Design } from '../../shared/model/types';
import { planDesign } from '../../shared/planner/engine';

const UPDATE = process.env.EXTOPO_UPDATE_PLAN_SNAPSHOTS === '1';
const EXAMPLES = new URL('../../examples/', import.meta.url);
const SNAPSHOTS = new URL('../fixtures/plan-snapshots/', import.meta.url);

function load(text: string, what: string): Design {
  const r = loadDesignText(text);
  if (!r.ok) throw new Error(`${what} does not load: ${r.problems.map((p) => p.message).join('; ')}`);
  return r.document.design;
}

/** The planner bench's shape (bench/planner.bench.ts optionsFor), through the real loader. */
function generated(servers: number): Design {
  const options = { servers, dags: servers / 20, nlbClusters: servers / 10, databases: servers * 2 };
  return load(serializeDesign(generateDesign(options)), 'the generated design');
}

/** The generated design with seeded clashes: duplicate names, FQDNs, NetBIOS prefixes and addresses. */
function generatedWithClashes(): Design {
  const d = generated(100);
  const s = d.servers;
  s[3].name = s[4].name;
  s[10].fqdn = s[11].fqdn.toUpperCase();
  s[20].name = `${s[21].name}-LONGER-THAN-NETBIOS`;
  s[21].name = `${s[21].name}-LONGER-THAN-NETBIOS-2`;
  s[30].nics[0].ipv4 = s[31].nics[0].ipv4;
  s[40].nics[0].ipv4 = s[41].nics[0].ipv4;
  s[42].nics[0].ipv4 = s[41].nics[0].ipv4;
  s[50].name = '';
  s[60].name = 'bad name!';
  s[70].fqdn = 'ex70..contoso.local';
  s[71].nics[0].ipv4 = '10.999.0.1';
  d.subnets.push({ ...d.subnets[0], id: 'subnet-clash' });
  return d;
}

const CASES: readonly (readonly [string, () => Design])[] = [
  ...readdirSync(EXAMPLES)
    .filter((f) => f.endsWith('.extopo.json'))
    .sort()
    .map((f) => [`example-${f.replace(/\.extopo\.json$/, '')}`, () => load(readFileSync(new URL(f, EXAMPLES), 'utf8'), f)] as const),
  ['generated-200', () => generated(200)],
  [
    'generated-100-no-sizing-inputs',
    () => {
      const { sizing: _inputs, ...bare } = generated(100);
      return bare;
    },
  ],
  ['generated-100-clashes', generatedWithClashes],
];

describe('planDesign gives the captured result (refactoring guard)', () => {
  it.each(CASES)('%s', (name, make) => {
    const actual = JSON.stringify(planDesign(make()), null, 1);
    const file = new URL(`${name}.json`, SNAPSHOTS);
    if (UPDATE) {
      mkdirSync(fileURLToPath(SNAPSHOTS), { recursive: true });
      writeFileSync(file, `${actual}\n`);
      return;
    }
    if (!existsSync(file)) throw new Error(`no snapshot ${fileURLToPath(file)}: capture with EXTOPO_UPDATE_PLAN_SNAPSHOTS=1`);
    // Compared as text first (fast), then structurally for a readable diff when they differ.
    const expected = readFileSync(file, 'utf8');
    if (`${actual}\n` !== expected) expect(JSON.parse(actual)).toEqual(JSON.parse(expected));
  });
});
