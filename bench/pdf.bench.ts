// PDF export benchmark: the full export (load, plan, generate, diagram, PDF layout with embedded fonts) of a
// generated 200-server design. Target: under 5 s. Run with `npm run bench -- pdf`. Prints figures; fails only when
// the export itself fails (the machine may be shared, so a slow figure is reported, not fatal).
import { performance } from 'node:perf_hooks';
import { generateDesign } from './generate';
import { exportRunbook, runbookForText } from '../main/exporters';
import { diagramPages as pdfDiagramPages, pdfDefinition } from '../main/exporters/pdf';
import { pdfBytes } from '../main/exporters/pdfStyle';
import { buildReport } from '../main/exporters/report';
import { serializeDesign } from '../shared/model/load';
import { badgesFromFindings, buildDiagram, printDiagrams } from '../shared/diagram';
import { planDesign } from '../shared/planner/engine';

const TARGET_MS = 5000;
const SERVERS = 200;
const RUNS = 3;

// The planner bench's shape (a DAG per 20 servers, an NLB cluster per 10, two databases per server).
const document = generateDesign({ servers: SERVERS, dags: SERVERS / 20, nlbClusters: SERVERS / 10, databases: SERVERS * 2 });
const text = serializeDesign(document);
const now = new Date('2026-01-01T00:00:00Z');

/** Page objects of a pdfkit PDF (it writes no object streams, so they are countable in the bytes). */
function pageCount(bytes: Uint8Array): number {
  return (Buffer.from(bytes).toString('latin1').match(/\/Type \/Page\b/g) ?? []).length;
}

/** Wall-clock and CPU time of one export (CPU time is the steadier figure on a shared machine). */
async function time(format: 'pdf' | 'md' | 'json'): Promise<{ ms: number; cpuMs: number; bytes: Uint8Array }> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const result = await exportRunbook({ format, text, designPath: 'generated-200.extopo.json', now });
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { ms, cpuMs: (cpu.user + cpu.system) / 1000, bytes: result.bytes };
}

// Warm-up (module loading, font parsing, JIT), not counted.
await time('json');
const json = await time('json');
const steps = (JSON.parse(new TextDecoder().decode(json.bytes)) as { steps: unknown[] }).steps.length;
const md = await time('md');

const times: number[] = [];
const cpuTimes: number[] = [];
let last: Uint8Array = new Uint8Array();
for (let i = 0; i < RUNS; i++) {
  const r = await time('pdf');
  times.push(r.ms);
  cpuTimes.push(r.cpuMs);
  last = r.bytes;
}
// The first PDF run lays the diagram out with ELK; later runs of the same design reuse its layouts (one ELK run per
// distinct graph, cached in the process), as a second export of an unchanged design in the app does.
const cold = times[0];
const coldCpu = cpuTimes[0];
times.sort((a, b) => a - b);
cpuTimes.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)];
const cpuMedian = cpuTimes[Math.floor(cpuTimes.length / 2)];

console.log(`Design: ${SERVERS} servers, ${document.design.dags.length} DAGs, ${document.design.nlbClusters.length} NLB clusters, ${document.design.databases.length} databases; runbook of ${steps} steps`);
console.log(`JSON export: ${json.ms.toFixed(0)} ms; Markdown export: ${md.ms.toFixed(0)} ms (${(md.bytes.byteLength / 1024).toFixed(0)} KB)`);
console.log(`PDF export: median ${median.toFixed(0)} ms of ${RUNS} runs (min ${times[0].toFixed(0)}, max ${times[times.length - 1].toFixed(0)}), CPU ${cpuMedian.toFixed(0)} ms; ${pageCount(last)} pages, ${(last.byteLength / 1024).toFixed(0)} KB`);
console.log(`First PDF export (diagram layout not cached yet): ${cold.toFixed(0)} ms, CPU ${coldCpu.toFixed(0)} ms`);
console.log(`Target: under ${TARGET_MS} ms → ${median < TARGET_MS ? 'met' : 'NOT met'}`);

// The print layout of the diagram alone (ELK: overview, AD site and DAG pages), part of the PDF figure above (here
// from the layouts cached by the runs above: the cold figure is part of the first run's).
const t0 = performance.now();
const diagramPages = await printDiagrams(buildDiagram(document));
console.log(`Diagram print layout: ${(performance.now() - t0).toFixed(0)} ms for ${diagramPages.length} diagram pages`);

// Where a (warm) PDF export spends its time, stage by stage: what to look at first when the figure above grows.
const stages: [string, number][] = [];
let mark = performance.now();
const lap = (name: string) => {
  const t = performance.now();
  stages.push([name, t - mark]);
  mark = t;
};
const generated = runbookForText(text, now);
lap('load and generate');
const plan = planDesign(generated.document.design);
const report = buildReport(generated.document, generated.runbook, plan, { generatedAt: now });
lap('plan and report');
const diagram = buildDiagram(generated.document, { badges: badgesFromFindings(plan.findings) });
const pages = await pdfDiagramPages(diagram);
lap('diagram pages (ELK, cached)');
const definition = pdfDefinition(report, { diagram, createdAt: now }, pages);
lap('document definition (fitted tables)');
await pdfBytes(definition);
lap('pdfmake layout and rendering');
console.log(`Stages: ${stages.map(([name, ms]) => `${name} ${ms.toFixed(0)} ms`).join('; ')}`);
