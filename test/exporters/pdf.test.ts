// The PDF runbook of the example designs, read back with poppler: what a consultant sees when signing it off.
import { beforeAll, describe, expect, it } from 'vitest';
import { exportRunbook, runbookForText } from '../../main/exporters';
import { CODE_COLUMNS, renderPdf } from '../../main/exporters/pdf';
import { buildReport, KIND_LABELS, scriptShape } from '../../main/exporters/report';
import { buildDiagram } from '../../shared/diagram';
import { planDesign } from '../../shared/planner/engine';
import type { Runbook } from '../../shared/runbook/types';
import { serializeDesign } from '../../shared/model/load';
import { generateDesign } from '../../bench/generate';
import { exampleText } from '../fixtures/designs';
import { pdfFontsList, pdfImageCount, pdfPages, pdfPageText, pdfText, writeTemp } from './helpers';

const NOW = new Date('2026-11-25T09:30:00Z');

interface Exported {
  readonly path: string;
  readonly text: string;
  readonly pages: number;
  readonly runbook: Runbook;
}

async function exportPdf(name: 'seed-lab' | 'minimal-ha'): Promise<Exported> {
  const text = exampleText(name);
  const result = await exportRunbook({ format: 'pdf', text, designPath: `examples/${name}.extopo.json`, now: NOW });
  expect(result.fileName).toBe(`${name}-runbook.pdf`);
  expect(Buffer.from(result.bytes.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
  const path = writeTemp(result.fileName, result.bytes);
  return { path, text: pdfText(path), pages: pdfPages(path), runbook: runbookForText(text, NOW).runbook };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Whitespace-insensitive view of extracted text (pdftotext spaces table columns freely). */
function squash(text: string): string {
  return text.replace(/\s+/g, ' ');
}

describe('PDF runbook of the seed lab', () => {
  let pdf: Exported;
  beforeAll(async () => {
    pdf = await exportPdf('seed-lab');
  });

  it('names the servers, their addresses and the CAS array VIP', () => {
    for (const name of ['EX2', 'EX3', 'EX4', 'ex3.exchangeserverpro.local', 'casarray.exchangeserverpro.local', 'CASArray']) expect(pdf.text).toContain(name);
    for (const ip of ['192.168.0.32', '192.168.0.34', '192.168.0.35', '192.168.0.36', '192.168.0.37', '192.168.0.38']) expect(pdf.text).toContain(ip);
  });

  it('prints the commands the runbook runs', () => {
    for (const command of ['New-NlbCluster', 'Add-NlbClusterNode', 'New-ClientAccessArray', 'Set-MailboxDatabase', 'Add-WindowsFeature']) expect(pdf.text).toContain(command);
  });

  it('has a cover page with organization, domain, file, revision, date and content hash', () => {
    const cover = squash(pdfPageText(pdf.path, 1));
    expect(cover).toContain('Seed lab: CAS array with Windows NLB');
    expect(cover).toContain('Organization ExchangeServerPro');
    expect(cover).toContain('AD domain exchangeserverpro.local');
    expect(cover).toContain('Design file seed-lab.extopo.json');
    expect(cover).toContain('Design revision 1');
    expect(cover).toContain('Date 2026-11-25 09:30 UTC');
    expect(cover).toContain(pdf.runbook.contentHash);
    expect(cover).toMatch(/Prepared by.*Reviewed by.*Approved by/);
  });

  it('has a table of contents with page numbers that match the pages', () => {
    const contents = squash(pdfPageText(pdf.path, 2));
    expect(contents).toContain('Contents');
    for (const section of ['Topology', 'Planner findings and high availability', 'Bill of materials', 'Servers', 'DNS records', 'Runbook steps', 'Phase 3: Load balancing (NLB, load balancer)']) {
      const m = new RegExp(`${escapeRegExp(section)} (\\d+)`).exec(contents);
      expect(m, `${section} is listed with a page number`).not.toBeNull();
      const page = Number(m?.[1]);
      expect(page).toBeGreaterThan(2);
      expect(page).toBeLessThanOrEqual(pdf.pages);
    }
    const bom = Number(/Bill of materials (\d+)/.exec(contents)?.[1]);
    expect(squash(pdfPageText(pdf.path, bom))).toContain('Bill of materials');
  });

  it('numbers every page "Page n of m" in the footer', () => {
    expect(pdf.pages).toBeGreaterThan(5);
    for (let n = 1; n <= pdf.pages; n++) expect(pdf.text).toContain(`Page ${n} of ${pdf.pages}`);
  });

  it('lists every step with a checkbox, its number, id, title and target', () => {
    const flat = squash(pdf.text);
    expect((pdf.text.match(/☐/g) ?? []).length).toBeGreaterThanOrEqual(pdf.runbook.steps.length);
    pdf.runbook.steps.forEach((step, i) => {
      expect(flat).toContain(step.id);
      expect(flat).toContain(`${i + 1}. ${squash(step.title).slice(0, 40)}`);
    });
    expect(flat).toContain('Target: EX3 (PowerShell remoting)');
    expect(flat).toContain('Exchange Management Shell on');
  });

  it('shows the planner findings and the HA verdict per role', () => {
    const flat = squash(pdf.text);
    const plan = planDesign(JSON.parse(exampleText('seed-lab')).design);
    expect(flat).toContain('High availability per role');
    expect(flat).toMatch(/Mailbox ✘ no/);
    expect(flat).toMatch(/Client Access ✔ yes/);
    for (const f of plan.findings) expect(flat).toContain(f.ruleId);
  });

  it('embeds DejaVu Sans and DejaVu Sans Mono and draws the diagram as vectors (no images)', () => {
    const fonts = pdfFontsList(pdf.path);
    expect(fonts).toMatch(/DejaVuSans\s.*\byes\b/);
    expect(fonts).toMatch(/DejaVuSansMono\s.*\byes\b/);
    expect(fonts).not.toMatch(/Helvetica|Roboto|Times/);
    expect(pdfImageCount(pdf.path)).toBe(0);
    const topology = Number(/Topology (\d+)/.exec(squash(pdfPageText(pdf.path, 2)))?.[1]);
    const page = pdfPageText(pdf.path, topology);
    for (const label of ['AD site: Default-First-Site-Name', 'EX3', '192.168.0.36', 'VIP 192.168.0.38', 'CAS array CASArray']) expect(page).toContain(label);
  });
});

describe('PDF runbook of the minimal HA design', () => {
  let pdf: Exported;
  beforeAll(async () => {
    pdf = await exportPdf('minimal-ha');
  });

  it('holds the DAG, its IP and witness, the databases with their copies and the commands', () => {
    const flat = squash(pdf.text);
    for (const text of ['CAS1', 'CAS2', 'MB1', 'MB2', 'DAG1', '10.0.1.50', 'C:\\DAG1Witness', 'DB1', 'DB2', '10.0.1.40', '10.0.2.31', 'outlook.contoso.local', '59532']) expect(flat).toContain(text);
    for (const command of ['New-NlbCluster', 'New-ClientAccessArray', 'New-DatabaseAvailabilityGroup', 'Add-DatabaseAvailabilityGroupServer', 'New-MailboxDatabase', 'Add-MailboxDatabaseCopy']) expect(flat).toContain(command);
  });

  it('lists the databases with their copies, preferences and lags', () => {
    const flat = squash(pdf.text);
    expect(flat).toMatch(/Database Server Preference Replay lag Truncation (lag )?Copy/);
    expect(flat).toContain('DB1 MB1 1 — — active new MB2 2 — — passive');
    expect(flat).toContain('DB2 MB2 1 — — active new MB1 2 — — passive');
  });
});

describe('PDF runbook of a large design (compact steps, one page per AD site)', () => {
  let pdf: Exported;
  beforeAll(async () => {
    const text = exampleText('large-lagged');
    const result = await exportRunbook({ format: 'pdf', text, designPath: 'large-lagged.extopo.json', now: NOW });
    const path = writeTemp(result.fileName, result.bytes);
    pdf = { path, text: pdfText(path), pages: pdfPages(path), runbook: runbookForText(text, NOW).runbook };
  });

  it('shows each kind of step once in full and lists every step, in order, as a checklist', () => {
    const flat = squash(pdf.text);
    expect(flat).toContain(`This runbook has ${pdf.runbook.steps.length.toLocaleString('en-US')} steps`);
    // Every shape of script (kind of step, value-independent code) is printed in full once, with its first step.
    const shapes = new Map<string, number>();
    pdf.runbook.steps.forEach((s, i) => {
      const key = `${s.phase}\n${scriptShape(s)}`;
      if (!shapes.has(key)) shapes.set(key, i);
    });
    expect(shapes.size).toBeLessThan(pdf.runbook.steps.length / 10);
    for (const i of shapes.values()) {
      const step = pdf.runbook.steps[i];
      expect(flat, step.id).toMatch(new RegExp(`${escapeRegExp(KIND_LABELS[step.action.kind])}( \\(variant \\d+\\))? Shown for step ${i + 1}: ${escapeRegExp(squash(step.title))}`));
    }
    // Every step's number and title in the checklist, and each in run order.
    let from = 0;
    pdf.runbook.steps.forEach((step, i) => {
      const found = flat.slice(from).search(new RegExp(`☐ ?${i + 1} ${escapeRegExp(squash(step.title).slice(0, 30))}`));
      expect(found, `step ${i + 1} is listed after step ${i}`).toBeGreaterThan(-1);
      from += found;
    });
    for (const command of ['New-DatabaseAvailabilityGroup', 'Add-MailboxDatabaseCopy', 'ReplayLagTime', 'New-ClientAccessArray']) expect(flat).toContain(command);
    // Each of the 1,119 scripts in full would take a third of a page at least (a script box and its check): over 370
    // pages of appendix alone. Compact, with each kind of script once, the whole document stays under 200 pages.
    expect(pdf.pages).toBeLessThan(200);
  });

  it('draws each AD site on its own page, listed in the contents', () => {
    const contents = squash(pdfPageText(pdf.path, 2));
    for (const site of ['HQ', 'East', 'West']) {
      const page = Number(new RegExp(`AD site: ${site} (\\d+)`).exec(contents)?.[1]);
      expect(page, `AD site ${site} has a topology page`).toBeGreaterThan(2);
      expect(pdfPageText(pdf.path, page)).toContain(`AD site: ${site}`);
    }
  });
});

describe('PDF layout details', () => {
  it('wraps a very long code line instead of cutting it (its end is in the PDF)', async () => {
    const text = exampleText('seed-lab');
    const { document, runbook } = runbookForText(text, NOW);
    const words = Array.from({ length: 70 }, (_, i) => `word${String(i).padStart(3, '0')}`);
    const longLine = `Write-Output '${words.join(' ')} THE-END-OF-THE-LONG-LINE'`;
    expect(longLine.length).toBeGreaterThan(3 * CODE_COLUMNS);
    const steps = runbook.steps.map((s, i) => (i === 0 ? { ...s, check: `${s.check}\n${longLine}` } : s));
    const report = buildReport(document, { ...runbook, steps }, planDesign(document.design), { generatedAt: NOW });
    const bytes = await renderPdf(report, { diagram: buildDiagram(document), createdAt: NOW });
    const out = pdfText(writeTemp('long-line.pdf', bytes), false);
    expect(out).toContain('THE-END-OF-THE-LONG-LINE');
    // Every word survives, in order, across the printed continuation lines, and no marker is added to the text.
    expect(squash(out)).toContain(squash(longLine));
    expect(out).not.toMatch(/↪/);
  });

  it('repeats the header row of a table on every page it spans', async () => {
    const document = generateDesign({ servers: 60, dags: 2, nlbClusters: 4, databases: 20 });
    const { runbook } = runbookForText(serializeDesign(document), NOW);
    // Only the bill of materials matters here: leave the steps out to keep the test quick.
    const report = buildReport(document, { ...runbook, steps: [] }, planDesign(document.design), { generatedAt: NOW });
    const path = writeTemp('many-servers.pdf', await renderPdf(report, { diagram: buildDiagram(document), createdAt: NOW }));
    const header = /Server\s+AD site\s+Roles\s+Windows\s+CPU \/\s+Network adapters\s+Status/;
    const serverPages: number[] = [];
    // Up to the Sizing chapter, whose tables also start rows with server names (and say "cores").
    for (let page = 1; page <= pdfPages(path); page++) {
      const text = pdfPageText(path, page);
      if (/^\s*Sizing\s*$/m.test(text)) break;
      // Bill-of-materials pages (the Sizing chapter lists servers with their cores too, in tables of its own).
      if (/\bArithmetic\b/.test(text)) continue;
      if (document.design.servers.some((s) => new RegExp(`^\\s*${s.name}\\s.*\\bcores\\b`, 'm').test(text))) {
        serverPages.push(page);
        expect(text, `page ${page} repeats the servers table header`).toMatch(header);
      }
    }
    expect(serverPages.length).toBeGreaterThan(1);
  });

  it('prints non-Latin titles with the embedded font', async () => {
    const doc = JSON.parse(exampleText('seed-lab'));
    doc.title = 'Развёртывание Exchange — Ωμέγα';
    const result = await exportRunbook({ format: 'pdf', text: JSON.stringify(doc), now: NOW });
    expect(result.fileName).toBe('развертывание-exchange-ωμεγα-runbook.pdf');
    const out = pdfText(writeTemp('cyrillic.pdf', result.bytes));
    expect(out).toContain('Развёртывание Exchange — Ωμέγα');
  });
});
