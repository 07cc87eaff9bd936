// The rule catalogue as people read it: text for the terminal, Markdown for docs/rules.md, JSON for tools. Pure: the
// catalogue in, text out (no Node imports), so `extopo rules`, the docs generator and the test that keeps
// docs/rules.md current all render the same thing.
import { RULES, SOURCES } from './catalogue';
import type { RuleMeta, Severity } from './catalogue';
import { sourceFor, sourceKeys } from './sources';
import type { RuleSource } from './sources';

export const CATALOGUE_FORMATS = ['text', 'md', 'json'] as const;
export type CatalogueFormat = (typeof CATALOGUE_FORMATS)[number];

export function isCatalogueFormat(value: string): value is CatalogueFormat {
  return (CATALOGUE_FORMATS as readonly string[]).includes(value);
}

export interface CatalogueEntry {
  readonly id: string;
  readonly severity: Severity;
  readonly haOnly: boolean;
  /** What the rule checks. */
  readonly title: string;
  readonly sources: readonly RuleSource[];
}

export interface Catalogue {
  readonly rules: readonly CatalogueEntry[];
  /** Every source the rules cite, by key. */
  readonly sources: readonly RuleSource[];
}

/** The catalogue with its sources expanded (by default the planner's own). */
export function buildCatalogue(rules: Readonly<Record<string, RuleMeta>> = RULES, sourceTitles: Readonly<Record<string, string>> = SOURCES): Catalogue {
  const cited = new Map<string, RuleSource>();
  const entries = Object.entries(rules).map(([id, meta]): CatalogueEntry => {
    const sources = sourceKeys(meta.source).map((key) => sourceFor(key, sourceTitles));
    for (const s of sources) if (!cited.has(s.key)) cited.set(s.key, s);
    return { id, severity: meta.severity, haOnly: meta.haOnly, title: meta.title, sources };
  });
  const sources = [...cited.values()].sort((a, b) => a.key.toLowerCase().localeCompare(b.key.toLowerCase(), 'en'));
  return { rules: entries, sources };
}

/** Rule groups by the id's prefix ("nlb.max-nodes" → Windows NLB), in the catalogue's order. */
const GROUPS: Readonly<Record<string, string>> = {
  name: 'Names',
  ip: 'Addresses',
  subnet: 'Subnets',
  server: 'Servers',
  os: 'Operating system',
  role: 'Servers and roles',
  deploy: 'Deployment settings',
  casarray: 'Client Access and CAS arrays',
  nlb: 'Windows NLB',
  hlb: 'Hardware load balancers',
  dag: 'Database availability groups',
  db: 'Mailbox databases',
  pf: 'Public folders',
  transport: 'Transport',
  edge: 'Edge Transport',
  site: 'Sites',
  coexist: 'Coexistence',
  ha: 'High availability',
  size: 'Sizing',
  mail: 'Mail flow',
};

function groupOf(id: string): string {
  const prefix = id.split('.')[0];
  return GROUPS[prefix] ?? prefix.charAt(0).toUpperCase() + prefix.slice(1);
}

/** The rules under their group headings ("Windows NLB", "Database availability groups"…), in the catalogue's order. */
export function grouped(rules: readonly CatalogueEntry[]): [string, CatalogueEntry[]][] {
  const groups = new Map<string, CatalogueEntry[]>();
  for (const r of rules) {
    const g = groupOf(r.id);
    const list = groups.get(g);
    if (list) list.push(r);
    else groups.set(g, [r]);
  }
  return [...groups];
}

function count(n: number, word: string, words = `${word}s`): string {
  return `${n} ${n === 1 ? word : words}`;
}

function summary(c: Catalogue): string {
  const by = (s: Severity) => c.rules.filter((r) => r.severity === s).length;
  return `${count(c.rules.length, 'rule')}: ${count(by('error'), 'error')}, ${count(by('warning'), 'warning')}, ${count(by('info'), 'info note')}`;
}

export const SEVERITY_TEXT =
  'error: the design cannot be deployed as drawn, and the runbook is refused. warning: deployable, but an expert ' +
  'would object. info: a note the operator should see.';
export const HA_TEXT =
  'HA only: the rule applies at its severity only when the design\'s goal "highly available" is on; with the goal ' +
  'off it drops to info.';

function severityLabel(r: CatalogueEntry): string {
  return r.haOnly ? `${r.severity}, HA only` : r.severity;
}

function sourceText(s: RuleSource): string {
  return s.title === s.key ? s.key : `${s.key} (${s.title})`;
}

function renderText(c: Catalogue): string {
  const lines = [`ExTopo planner rules, ${summary(c)}.`, SEVERITY_TEXT, HA_TEXT, ''];
  const idWidth = Math.max(...c.rules.map((r) => r.id.length)) + 2;
  const sevWidth = Math.max(...c.rules.map((r) => severityLabel(r).length)) + 2;
  for (const [group, rules] of grouped(c.rules)) {
    lines.push(group);
    for (const r of rules) {
      lines.push(`  ${r.id.padEnd(idWidth)}${severityLabel(r).padEnd(sevWidth)}${r.title}`);
      lines.push(`  ${' '.repeat(idWidth + sevWidth)}source: ${r.sources.map(sourceText).join('; ')}`);
    }
    lines.push('');
  }
  lines.push('Sources');
  for (const s of c.sources) {
    lines.push(`  ${s.key}: ${s.title}`);
    if (s.reference) lines.push(`    ${s.reference}`);
    if (s.url) lines.push(`    ${s.url}`);
  }
  return `${lines.join('\n')}\n`;
}

/** A Markdown table cell: pipes escaped, no line breaks. */
function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function anchor(key: string): string {
  return `source-${key.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}`;
}

function renderMarkdown(c: Catalogue, generatedBy: string): string {
  const lines = [
    '# Planner rules',
    '',
    `<!-- Generated from shared/planner/catalogue.ts by ${generatedBy}; do not edit by hand. -->`,
    '',
    `Every rule the planner checks a design against (${summary(c)}). The id is what findings, \`extopo validate\` and`,
    'the problems panel show.',
    '',
    `- **Severity** — ${SEVERITY_TEXT}`,
    `- **${HA_TEXT.replace(/^HA only: /, 'HA only**: ')}`,
    '',
  ];
  for (const [group, rules] of grouped(c.rules)) {
    lines.push(`## ${group}`, '', '| Rule | Severity | HA only | What it checks | Source |', '|---|---|---|---|---|');
    for (const r of rules) {
      const sources = r.sources.map((s) => `[${cell(s.key)}](#${anchor(s.key)})`).join(', ');
      lines.push(`| \`${r.id}\` | ${r.severity} | ${r.haOnly ? 'yes' : ''} | ${cell(r.title)} | ${sources} |`);
    }
    lines.push('');
  }
  lines.push('## Sources', '');
  for (const s of c.sources) {
    const where = [s.reference, s.url ? `<${s.url}>` : undefined].filter((x): x is string => x !== undefined);
    lines.push(`- <a id="${anchor(s.key)}"></a>**${s.key}** — ${s.title}${where.length > 0 ? `. ${where.join('. ')}` : ''}`);
  }
  return `${lines.join('\n')}\n`;
}

function renderJson(c: Catalogue): string {
  return `${JSON.stringify({ rules: c.rules, sources: c.sources }, null, 2)}\n`;
}

/** The command that regenerates docs/rules.md (named in the file's header). */
export const RULES_DOC_COMMAND = 'npx tsx scripts/rules-doc.ts';

/** The catalogue in one of the formats. */
export function renderCatalogue(format: CatalogueFormat, catalogue: Catalogue = buildCatalogue()): string {
  switch (format) {
    case 'text':
      return renderText(catalogue);
    case 'md':
      return renderMarkdown(catalogue, `"${RULES_DOC_COMMAND}"`);
    case 'json':
      return renderJson(catalogue);
  }
}
