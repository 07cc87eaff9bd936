// The PDF runbook of every design template (the examples and the blank design) and of a generated 200-server design,
// rendered through the export worker pool (as the app renders them) and read back with pdftotext: every runbook step
// id is printed, no FQDN of the design is broken inside a label (names wrap only after a dot or a hyphen), every
// drawing prints at PRINT_MIN_SCALE or larger, one page each, and the page count is within a range reasoned from the
// content (steps, drawings, table rows) and the page geometry, chapter by chapter.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runbookForText } from '../../main/exporters';
import { DIAGRAM_AREAS, isCompact } from '../../main/exporters/pdf';
import { ExportPool } from '../../main/exporters/pool';
import { buildReport, scriptShape } from '../../main/exporters/report';
import type { Report } from '../../main/exporters/report';
import { buildDiagram, PRINT_MIN_SCALE, printDiagrams } from '../../shared/diagram';
import { serializeDesign } from '../../shared/model/load';
import type { Design } from '../../shared/model/types';
import { effectiveNamespace, hasNamespace } from '../../shared/namespace/derive';
import { planDesign } from '../../shared/planner/engine';
import type { Runbook } from '../../shared/runbook/types';
import { listTemplates } from '../../shared/templates';
import { generateDesign } from '../../bench/generate';
import { writeTemp } from './helpers';

const execFileAsync = promisify(execFile);

const NOW = new Date('2026-11-25T09:30:00Z');

interface Case {
  readonly name: string;
  readonly text: string;
}

interface Rendered extends Case {
  readonly path: string;
  readonly pages: number;
  /** pdftotext -layout (columns kept apart, each printed line whole). */
  readonly layout: string;
  /** pdftotext -raw (content-stream order: a wrapped cell's lines follow each other). */
  readonly raw: string;
  readonly runbook: Runbook;
  readonly report: Report;
  readonly design: Design;
  readonly drawings: number;
}

const CASES: Case[] = [
  ...listTemplates().map((t) => ({ name: `template ${t.name}`, text: JSON.stringify(t.document) })),
  { name: 'generated 200 servers', text: serializeDesign(generateDesign({ servers: 200, dags: 10, nlbClusters: 20, databases: 400 })) },
];

const rendered = new Map<string, Rendered>();
let pool: ExportPool;

/** A poppler tool's output, without blocking this process (the pool's renders go on meanwhile). */
async function poppler(command: 'pdftotext' | 'pdfinfo', args: readonly string[]): Promise<string> {
  const { stdout } = await execFileAsync(command, [...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}

beforeAll(async () => {
  pool = new ExportPool({ maxQueued: CASES.length });
  // Every render is queued at once (the pool renders them one after another). Each case's own work - its runbook,
  // report and drawings, then pdftotext and pdfinfo on its PDF - runs while the pool renders the others, instead of
  // after the last one.
  const renders = CASES.map((c) => pool.run({ format: 'pdf', text: c.text, now: NOW }));
  // Awaited below, case by case: a failed render fails the beforeAll there, not as an unhandled rejection before.
  for (const r of renders) r.catch(() => undefined);
  await Promise.all(
    CASES.map(async (c, i) => {
      const { document, runbook } = runbookForText(c.text, NOW);
      const report = buildReport(document, runbook, planDesign(document.design), { generatedAt: NOW });
      const drawings = (await printDiagrams(buildDiagram(document), { areas: DIAGRAM_AREAS })).length;
      const path = writeTemp(`template-${i}.pdf`, (await renders[i]).bytes);
      // pdftotext -raw and -layout (as pdfText does), pdfinfo's page count (as pdfPages does).
      const [raw, layout, info] = await Promise.all([
        poppler('pdftotext', ['-raw', '-enc', 'UTF-8', path, '-']),
        poppler('pdftotext', ['-layout', '-enc', 'UTF-8', path, '-']),
        poppler('pdfinfo', [path]),
      ]);
      const pages = /^Pages:\s+(\d+)/m.exec(info);
      if (!pages) throw new Error(`pdfinfo printed no page count for ${path}:\n${info}`);
      rendered.set(c.name, { ...c, path, pages: Number(pages[1]), layout, raw, runbook, report, design: document.design, drawings });
    }),
  );
}, 600_000);

afterAll(async () => {
  await pool?.close();
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The FQDNs the document prints: servers, load balancers, CAS arrays, DAGs, the AD domain and the client access names. */
function designFqdns(design: Design): string[] {
  const names = new Set<string>([design.organization.adDomain, ...design.organization.externalHostnames]);
  for (const s of design.servers) names.add(s.fqdn);
  for (const c of design.nlbClusters) names.add(c.fqdn);
  for (const a of design.casArrays) names.add(a.fqdn);
  // A DAG's cluster name is printed with its cluster IP addresses.
  for (const d of design.dags) if (d.ipAddresses.length > 0) names.add(`${d.name}.${design.organization.adDomain}`);
  if (hasNamespace(design)) {
    const ns = effectiveNamespace(design);
    for (const site of ns.sites) names.add(site.internalHost).add(site.externalHost);
    names.add(ns.autodiscoverHost).add(ns.legacyHost);
    for (const c of ns.certificates) for (const n of c.names) names.add(n);
    for (const r of ns.dns) names.add(r.name);
  }
  return [...names].filter((n) => /^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(n) && !/^[\d.]+$/.test(n));
}

/** Places where `fqdn` is printed over two lines with the break inside a label (not after a dot or a hyphen). */
function brokenInsideLabel(raw: string, fqdn: string): string[] {
  const out: string[] = [];
  for (let k = 1; k < fqdn.length; k++) {
    if (fqdn[k - 1] === '.' || fqdn[k - 1] === '-') continue;
    if (new RegExp(`(^|[\\s(/])${escapeRegExp(fqdn.slice(0, k))}[ \\t]*\\n[ \\t]*${escapeRegExp(fqdn.slice(k))}`, 'i').test(raw)) out.push(`${fqdn.slice(0, k)}|${fqdn.slice(k)}`);
  }
  return out;
}

/** The contents (page 2 up to the first chapter): the chapters' start pages, and how many lines it has. */
function contents(r: Rendered): { starts: Map<string, number>; lines: number } {
  const starts = new Map<string, number>();
  const firstChapter = Number(/^Topology\S*.*?\s(\d+)\s*$/m.exec(r.layout)?.[1]);
  let lines = 0;
  for (const line of r.layout.split('\f').slice(1, Math.max(2, firstChapter - 1)).join('\n').split('\n')) {
    const m = /^(\s*)(\S.*?)\s{2,}(\d+)\s*$/.exec(line);
    if (!m) continue;
    lines++;
    // Chapters start at the margin, their sections are indented.
    if (m[1] === '') starts.set(m[2].replace(/:.*$/, ''), Number(m[3]));
  }
  return { starts, lines };
}

// Page geometry (main/exporters/pdfStyle.ts): A4 portrait, margins 56 top and 52 bottom → 733.9 pt of text height.
// A printed line of DejaVu is 1.164 em × the line-height factor 1.15.
const PAGE_TEXT_HEIGHT = 841.89 - 56 - 52;
const line = (size: number) => 1.164 * size * 1.15;
/** A checklist row: at least its title (7.8 pt) and step id (6.4 pt mono) lines, 6 pt of padding and a rule. */
const CHECKLIST_ROW_MIN = line(7.8) + line(6.4) + 6.4;
/** At most two title lines and two id lines (titles are under 90 characters, ids under 60: a 314 pt column). */
const CHECKLIST_ROW_MAX = 2 * line(7.8) + 2 * line(6.4) + 6.4;
/** A procedure step: title (10 pt, 7 above), meta line, "what it does" and "success check" lines (7.6–8 pt, 3–4 below). */
const PROCEDURE_STEP_MIN = line(10) + 7 + line(7.6) + 4 + 2 * (line(8) + 3);

describe.each(CASES.map((c) => c.name))('PDF of %s', (name) => {
  const r = () => rendered.get(name) as Rendered;

  it('prints every runbook step id', () => {
    const missing = r().runbook.steps.filter((s) => !r().layout.includes(s.id)).map((s) => s.id);
    expect(missing).toEqual([]);
  });

  it('never breaks an FQDN of the design inside a label', () => {
    const fqdns = designFqdns(r().design);
    expect(fqdns.length).toBeGreaterThan(0);
    const broken = fqdns.flatMap((f) => brokenInsideLabel(r().raw, f));
    expect(broken).toEqual([]);
    // Each is printed (whole, or wrapped after a dot or a hyphen).
    const flat = r().raw.replace(/([.-])[ \t]*\n[ \t]*/g, '$1');
    for (const f of fqdns.filter((x) => x !== '')) expect(flat.toLowerCase(), f).toContain(f.toLowerCase());
  });

  it('prints every drawing at PRINT_MIN_SCALE or larger', () => {
    const scales = [...r().raw.matchAll(/Printed at\s+(\d+)\s*%/g)].map((m) => Number(m[1]));
    for (const s of scales) expect(s).toBeGreaterThanOrEqual(Math.round(PRINT_MIN_SCALE * 100));
  });

  it('has a page count within the range its content allows', () => {
    const { report, runbook, drawings, pages } = r();
    const toc = contents(r());
    const topology = toc.starts.get('Topology') as number;
    const findings = toc.starts.get('Planner findings and high availability') as number;
    const bom = toc.starts.get('Bill of materials') as number;
    const steps = toc.starts.get('Runbook steps') as number;
    const appendix = toc.starts.get('Appendix A');
    // Cover, then the contents: a line of 9 pt or less with 1.5–5 pt above it, 40 lines a page at least.
    expect(topology).toBeGreaterThanOrEqual(3);
    expect(topology - 2).toBeLessThanOrEqual(Math.ceil((toc.lines + 2) / 40));
    // One page per drawing, not one more.
    expect(findings - topology).toBe(Math.max(1, drawings));
    // The findings: the HA table, then each finding (message, fix, source: three lines at least, a quarter page at most).
    expect(bom - findings).toBeGreaterThanOrEqual(1);
    expect(bom - findings).toBeLessThanOrEqual(Math.ceil(report.findings.length / 4) + 1);

    // The steps: a checklist of N rows when compact, else N procedure steps; a phase may start on a new page.
    const n = runbook.steps.length;
    const phases = report.phases.length;
    const stepPages = (appendix ?? pages + 1) - steps;
    if (n === 0) {
      expect(stepPages).toBe(1);
    } else if (isCompact(report)) {
      expect(stepPages).toBeGreaterThanOrEqual(Math.ceil((n * CHECKLIST_ROW_MIN) / PAGE_TEXT_HEIGHT));
      expect(stepPages).toBeLessThanOrEqual(Math.ceil((n * CHECKLIST_ROW_MAX) / PAGE_TEXT_HEIGHT) + phases);
    } else {
      expect(stepPages).toBeGreaterThanOrEqual(Math.ceil((n * PROCEDURE_STEP_MIN) / PAGE_TEXT_HEIGHT));
      // A step is at most a third of a page (its checklist included): three or more a page.
      expect(stepPages).toBeLessThanOrEqual(Math.ceil(n / 3) + phases);
    }

    // The appendix: each kind of script of each phase once; one fits on a page, a long one takes two.
    const shapes = new Set(runbook.steps.map((s) => `${s.phase}\n${scriptShape(s)}`)).size;
    if (appendix !== undefined) {
      expect(pages - appendix + 1).toBeGreaterThanOrEqual(1);
      expect(pages - appendix + 1).toBeLessThanOrEqual(2 * shapes + 1);
    } else {
      expect(n).toBe(0);
    }

    // The table chapters: each row at least one line (16.6 pt with its padding), at most eight (90 pt: a server
    // with four addresses, a sizing figure with its arithmetic); each table may start a page.
    const tables = [...report.bom, ...report.sizing, ...(report.namespace?.tables ?? [])];
    const rows = tables.reduce((sum, t) => sum + Math.max(1, t.rows.length), 0);
    const tablePages = steps - bom;
    expect(tablePages).toBeGreaterThanOrEqual(Math.ceil((rows * (line(7.8) + 6.4)) / PAGE_TEXT_HEIGHT));
    expect(tablePages).toBeLessThanOrEqual(Math.ceil((rows * (8 * line(7.8) + 6.4)) / PAGE_TEXT_HEIGHT) + tables.length + 3);
  });
});

describe('PDF of the generated 200-server design', () => {
  it('lists every step in the compact checklist and stays a document a person can carry (under 400 pages)', () => {
    const r = rendered.get('generated 200 servers') as Rendered;
    expect(isCompact(r.report)).toBe(true);
    // 4,000-odd steps at 26 rows a page at most: over 150 pages of checklist; everything else adds under 250.
    expect(r.pages).toBeGreaterThan(Math.ceil(r.runbook.steps.length / 26));
    expect(r.pages).toBeLessThan(400);
  });
});

describe('cover page', () => {
  /** The first page's text, whitespace squashed. */
  const cover = (name: string) => (rendered.get(name) as Rendered).layout.split('\f')[0].replace(/\s+/g, ' ');

  it('summarises the seed lab as its template describes it: what is deployed, Mailbox not highly available, the warnings', () => {
    // shared/templates: "Two CAS+HT servers (EX3, EX4) in a Windows NLB CAS array and one existing Mailbox server (EX2)
    // … Valid, with warnings: Mailbox is not highly available and the default NLB port rule is still in place."
    const text = cover('template seed-lab');
    for (const field of ['Organization ExchangeServerPro', 'Author', 'Date 2026-11-25 09:30 UTC', 'Design revision 1', 'Executive summary']) expect(text).toContain(field);
    expect(text).toContain('What will be deployed. 3 Exchange servers (2 new, 1 existing): Client Access 2, Hub Transport 2, Mailbox 1 in 1 AD site; 1 CAS array (load balanced: 1 Windows NLB cluster)');
    expect(text).toMatch(/High availability\. Client Access ✔ HA Hub Transport ✔ HA Mailbox ✘ not HA/);
    expect(text).toContain('EX2 is in no DAG');
    expect(text).toMatch(/Open findings\. 0 errors, \d+ warnings?, \d+ notes?; the first:/);
    expect(text).toMatch(/Warning Default all-ports NLB rule: NLB cluster casarray\.exchangeserverpro\.local still has the default port rule/);
    expect(text).toMatch(/Prepared by.*Reviewed by.*Approved by/);
  });

  it('gives the stretched DAG of the two datacenters its failure cases (node majority: 5 votes, 3 needed)', () => {
    // Five members, an odd number: node majority, 3 of 5 votes needed. Losing Primary (3 members) leaves 2 votes: a
    // datacenter switchover; losing DR (2 members) leaves 3: automatic failover.
    const text = cover('template two-datacenter');
    expect(text).toContain('DAG DAG1 spans Primary and DR');
    expect(text).toContain('one server lost, automatic failover');
    expect(text).toContain('primary datacenter Primary lost, service back after a datacenter switchover');
    expect(text).toContain('datacenter DR lost, automatic failover');
    expect(text).toMatch(/Mailbox ✔ HA/);
  });

  it('fits on the first page for every template (the contents start on page 2)', () => {
    for (const c of CASES) {
      const [first, second] = (rendered.get(c.name) as Rendered).layout.split('\f');
      expect(first, c.name).toMatch(/Approved by/);
      expect(first, c.name).not.toMatch(/Contents/);
      expect(second, c.name).toMatch(/^\s*Contents\s*$/m);
    }
  });
});
