// `extopo import INVENTORY -o DESIGN`: a design from an inventory of a running organization, with the planner's
// findings on it (the health check of the organization).
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { usageError } from '../command';
import type { CliCommand } from '../command';
import { fileErrorReason } from '../files';

/** An inventory file is at most this large (a 10,000-server organization writes well under it). */
export const MAX_INVENTORY_BYTES = 256 * 1024 * 1024;

const HELP = `Usage: extopo import INVENTORY.json -o DESIGN.extopo.json [--force]

Turns an inventory written by Get-ExTopoInventory.ps1 ("extopo inventory-script") into an ExTopo design: every
server, DAG, database and NLB cluster of the organization, marked existing, laid out on the canvas by AD site.
Prints what it could not map (one line each) and the planner's counts on the result: the health check of the
running organization ("extopo validate DESIGN" shows the findings).

Options:
  -o, --output FILE   The design file to write (required)
  --force             Replace FILE if it exists
  -h, --help          Show this help.

Exit codes:
  0  the design was written
  2  the inventory cannot be read or is not an ExTopo inventory (each problem is printed), or the command line
     is wrong
  3  FILE exists (use --force) or cannot be written

Example:
  extopo import contoso-inventory.json -o contoso.extopo.json
`;

export const importCommand: CliCommand = {
  name: 'import',
  summary: 'Turn an inventory of a running Exchange 2010 organization into a design',
  help: HELP,
  async run(args, io) {
    const { values, positionals } = parseArgs({ args: [...args], options: { output: { type: 'string', short: 'o' }, force: { type: 'boolean', default: false } }, allowPositionals: true, strict: true });
    if (positionals.length !== 1) return usageError(io, 'import', positionals.length === 0 ? 'no inventory file given.' : `one inventory file at a time (got ${positionals.length}).`);
    if (values.output === undefined) return usageError(io, 'import', 'no output file given: add -o DESIGN.extopo.json.');
    const out = resolve(io.cwd, values.output);
    if (existsSync(out) && !values.force) {
      io.stderr(`extopo import: ${values.output} exists; add --force to replace it.\n`);
      return 3;
    }
    const { readBoundedText } = await import('../../files/readBounded');
    let text: string;
    try {
      text = await readBoundedText(resolve(io.cwd, positionals[0]), MAX_INVENTORY_BYTES, 'an inventory file');
    } catch (error) {
      io.stderr(`extopo import: cannot read ${positionals[0]}: ${fileErrorReason(error)}.\n`);
      return 2;
    }
    const { parseInventoryText, importInventory } = await import('../../../shared/inventory');
    const parsed = parseInventoryText(text);
    if (!parsed.ok) {
      io.stderr(`extopo import: ${positionals[0]} is not a usable inventory:\n${parsed.problems.map((p) => `  - ${p}\n`).join('')}`);
      return 2;
    }
    const { document, notes } = importInventory(parsed.inventory);
    const { serializeDesign } = await import('../../../shared/model/load');
    try {
      const { atomicWriteFile } = await import('../../files/atomicWrite');
      await atomicWriteFile(out, serializeDesign(document));
    } catch (error) {
      io.stderr(`extopo import: cannot write ${values.output}: ${fileErrorReason(error)}.\n`);
      return 3;
    }
    const { planDesign } = await import('../../../shared/planner/engine');
    const plan = planDesign(document.design);
    const d = document.design;
    const lines = [
      `Imported ${d.servers.length} servers, ${d.dags.length} DAGs, ${d.databases.length} databases, ${d.casArrays.length} CAS arrays and ${d.nlbClusters.length} NLB clusters into ${values.output}.`,
      ...notes.map((n) => `  note: ${n}`),
      `Planner: ${plan.counts.error} errors, ${plan.counts.warning} warnings, ${plan.counts.info} infos. Run "extopo validate ${values.output}" for the findings.`,
    ];
    io.stdout(`${lines.join('\n')}\n`);
    return 0;
  },
};
