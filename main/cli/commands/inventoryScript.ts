// `extopo inventory-script [-o FILE]`: the read-only inventory script an admin runs in the Exchange Management Shell.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { usageError } from '../command';
import type { CliCommand } from '../command';
import { fileErrorReason } from '../files';

const HELP = `Usage: extopo inventory-script [-o FILE] [--force]

Writes Get-ExTopoInventory.ps1, the read-only script that reads a running Exchange 2010 organization into an
ExTopo inventory (JSON): servers, AD sites and subnets, NICs, DAGs, databases and copies, CAS arrays, Windows NLB
clusters, virtual directory URLs and certificates. Run it in the Exchange Management Shell (PowerShell 2.0) on an
Exchange server:

  .\\Get-ExTopoInventory.ps1 -Path C:\\Temp\\inventory.json

then turn the inventory into a design with "extopo import", or compare it with a design with "extopo drift".

Options:
  -o, --output FILE   Where to write the script (default: print it)
  --force             Replace FILE if it exists
  -h, --help          Show this help.

Exit codes:
  0  written
  2  the command line is wrong
  3  FILE exists (use --force) or cannot be written

Example:
  extopo inventory-script -o Get-ExTopoInventory.ps1
`;

export const inventoryScriptCommand: CliCommand = {
  name: 'inventory-script',
  summary: 'Write the read-only inventory script to run in the Exchange Management Shell',
  help: HELP,
  async run(args, io) {
    const { values, positionals } = parseArgs({ args: [...args], options: { output: { type: 'string', short: 'o' }, force: { type: 'boolean', default: false } }, allowPositionals: true, strict: true });
    if (positionals.length > 0) return usageError(io, 'inventory-script', `unexpected argument "${positionals[0]}".`);
    const { inventoryScriptText } = await import('../../inventory/script');
    const text = inventoryScriptText();
    if (values.output === undefined) {
      io.stdout(text);
      return 0;
    }
    const path = resolve(io.cwd, values.output);
    if (existsSync(path) && !values.force) {
      io.stderr(`extopo inventory-script: ${values.output} exists; add --force to replace it.\n`);
      return 3;
    }
    try {
      const { atomicWriteFile } = await import('../../files/atomicWrite');
      await atomicWriteFile(path, text);
    } catch (error) {
      io.stderr(`extopo inventory-script: cannot write ${values.output}: ${fileErrorReason(error)}.\n`);
      return 3;
    }
    io.stdout(`Wrote ${values.output}. Run it in the Exchange Management Shell: .\\Get-ExTopoInventory.ps1 -Path C:\\Temp\\inventory.json\n`);
    return 0;
  },
};
