// `extopo drift DESIGN INVENTORY`: what the design says and the running organization does not have, or has
// differently, object by object, with the runbook steps that would close each gap. Exit 0 when there is none.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { usageError } from '../command';
import type { CliCommand } from '../command';
import { fileErrorReason, readDesignFile } from '../files';
import { colorEnabled, paint, renderLoadProblems } from '../format';
import { MAX_INVENTORY_BYTES } from './import';

const HELP = `Usage: extopo drift DESIGN.extopo.json INVENTORY.json [--format text|json]

Compares a design with an inventory of the running organization (written by Get-ExTopoInventory.ps1): servers,
roles and addresses, CAS arrays, NLB clusters (VIP, mode, nodes, port rules), DAGs (members, witness, DAC mode, IP
addresses, replication networks), databases and copies (activation preference, replay lag). Each difference is one
line: missing (the design has it, the organization not), extra (the organization has it, the design not) or
different, with the ids of the design's runbook steps that would close it.

Options:
  --format text|json   Output format (default: text)
  -h, --help           Show this help.

Exit codes:
  0  no drift: the organization is what the design says
  1  drift found
  2  a file cannot be read, or the command line is wrong

Example:
  extopo drift contoso.extopo.json contoso-inventory.json
`;

export const driftCommand: CliCommand = {
  name: 'drift',
  summary: 'Compare a design with an inventory of the running organization (exit 1 on drift)',
  help: HELP,
  async run(args, io) {
    const { values, positionals } = parseArgs({ args: [...args], options: { format: { type: 'string', default: 'text' } }, allowPositionals: true, strict: true });
    if (values.format !== 'text' && values.format !== 'json') return usageError(io, 'drift', `unknown format "${values.format}"; use --format text or --format json.`);
    if (positionals.length !== 2) return usageError(io, 'drift', 'give a design file and an inventory file.');
    const [designFile, inventoryFile] = positionals;
    const c = paint(values.format === 'text' && colorEnabled(io));
    const { loadDesignText } = await import('../../../shared/model/load');
    const read = await readDesignFile(resolve(io.cwd, designFile), designFile);
    const loaded = read.ok ? loadDesignText(read.text) : ({ ok: false, problems: [read.problem] } as const);
    if (!loaded.ok) {
      io.stderr(renderLoadProblems(designFile, loaded.problems, c));
      return 2;
    }
    const { readBoundedText } = await import('../../files/readBounded');
    let text: string;
    try {
      text = await readBoundedText(resolve(io.cwd, inventoryFile), MAX_INVENTORY_BYTES, 'an inventory file');
    } catch (error) {
      io.stderr(`extopo drift: cannot read ${inventoryFile}: ${fileErrorReason(error)}.\n`);
      return 2;
    }
    const { parseInventoryText, computeDrift, describeDrift } = await import('../../../shared/inventory');
    const parsed = parseInventoryText(text);
    if (!parsed.ok) {
      io.stderr(`extopo drift: ${inventoryFile} is not a usable inventory:\n${parsed.problems.map((p) => `  - ${p}\n`).join('')}`);
      return 2;
    }
    const { generateRunbook } = await import('../../../shared/runbook/generate');
    const generated = generateRunbook(loaded.document);
    const report = computeDrift(loaded.document.design, parsed.inventory, generated.ok ? generated.runbook : null);
    if (values.format === 'json') {
      io.stdout(`${JSON.stringify({ drift: report.items.length > 0, compared: report.compared, items: report.items.map((i) => ({ ...i, text: describeDrift(i) })) }, null, 2)}\n`);
      return report.items.length > 0 ? 1 : 0;
    }
    if (report.items.length === 0) {
      io.stdout(`${c.bold('No drift')}: the organization has what ${designFile} says (${report.compared} objects compared).\n`);
      return 0;
    }
    const lines = report.items.map((i) => `  ${i.kind === 'extra' ? c.warning(i.kind) : c.error(i.kind)}  ${describeDrift(i)}${i.steps.length > 0 ? `\n           closed by: ${i.steps.join(', ')}` : ''}`);
    const note = generated.ok ? '' : '\n(The design has planner errors, so no runbook step is named; run "extopo validate" first.)';
    io.stdout(`${c.bold(`${report.items.length} difference${report.items.length === 1 ? '' : 's'}`)} between ${designFile} and the organization (${report.compared} objects compared):\n${lines.join('\n')}${note}\n`);
    return 1;
  },
};
