// `extopo rules`: the planner's rule catalogue — id, severity, HA-only flag, what each rule checks and its sources —
// as text, Markdown (the form of docs/rules.md) or JSON.
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { usageError } from '../command';
import type { CliCommand } from '../command';
import { fileErrorReason } from '../files';
import { CATALOGUE_FORMATS, isCatalogueFormat, renderCatalogue } from '../../../shared/planner/catalogueDoc';

const HELP = `Usage: extopo rules [--format text|md|json] [-o FILE]

Lists every rule the planner checks a design against: its id (as findings show it), severity (error, warning,
info), whether it applies only with the goal "highly available" on, what it checks, and its sources (Microsoft's
Exchange 2010 and Windows Server documentation, expanded from the catalogue's source keys).

Options:
  --format FORMAT   text (default), md (the Markdown of docs/rules.md) or json
  -o, --output FILE Write to this file instead of stdout
  -h, --help        Show this help.

Exit codes: 0 listed / written, 2 wrong command line or the file cannot be written.

Examples:
  extopo rules
  extopo rules --format md -o docs/rules.md
`;

export const rulesCommand: CliCommand = {
  name: 'rules',
  summary: 'List every planner rule: id, severity, what it checks and its source',
  help: HELP,
  async run(args, io) {
    const { values } = parseArgs({
      args: [...args],
      options: { format: { type: 'string', default: 'text' }, output: { type: 'string', short: 'o' } },
      strict: true,
    });
    const format = values.format;
    if (!isCatalogueFormat(format)) return usageError(io, 'rules', `unknown format "${format}"; use one of ${CATALOGUE_FORMATS.join(', ')}.`);
    if (values.output === '') return usageError(io, 'rules', 'option -o needs a file name.');
    const text = renderCatalogue(format);
    if (values.output === undefined) {
      io.stdout(text);
      return 0;
    }
    try {
      await writeFile(resolve(io.cwd, values.output), text, 'utf8');
    } catch (error) {
      io.stderr(`extopo rules: cannot write ${values.output}: ${fileErrorReason(error, 'its folder does not exist')}.\n`);
      return 2;
    }
    io.stderr(`Wrote ${values.output} (${format}).\n`);
    return 0;
  },
};
