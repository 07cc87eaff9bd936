// `extopo new --template NAME [-o FILE]`: starts a design from a template.
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { usageError } from '../command';
import type { CliCommand } from '../command';
import { fileErrorReason } from '../files';
import { findTemplate, listTemplates, templateText } from '../../../shared/templates';

const HELP = `Usage: extopo new --template NAME [-o FILE] [--force]

Writes a new design file from a template (see "extopo templates" for the list).

Options:
  -t, --template NAME   The template to start from (required).
  -o, --output FILE     Write the design to FILE instead of printing it.
  -f, --force           Overwrite FILE if it exists (without it, an existing file is left alone).
  -h, --help            Show this help.

Exit codes:
  0  written
  1  FILE exists (use --force) or cannot be written
  2  unknown template or wrong command line

Example:
  extopo new --template minimal-ha -o contoso.extopo.json
`;

function templateChoices(): string {
  return listTemplates()
    .map((t) => `  ${t.name.padEnd(16)} ${t.title}`)
    .join('\n');
}

export const newCommand: CliCommand = {
  name: 'new',
  summary: 'Start a design file from a template',
  help: HELP,
  async run(args, io) {
    const { values } = parseArgs({
      args: [...args],
      options: {
        template: { type: 'string', short: 't' },
        output: { type: 'string', short: 'o' },
        force: { type: 'boolean', short: 'f', default: false },
      },
      allowPositionals: false,
      strict: true,
    });
    if (values.template === undefined) {
      return usageError(io, 'new', `choose a template with --template NAME. Templates:\n${templateChoices()}`);
    }
    const template = findTemplate(values.template);
    if (!template) {
      return usageError(io, 'new', `unknown template "${values.template}". Templates:\n${templateChoices()}`);
    }
    const text = templateText(template.name);
    if (values.output === undefined) {
      io.stdout(text);
      return 0;
    }
    const target = resolve(io.cwd, values.output);
    try {
      await writeFile(target, text, { encoding: 'utf8', flag: values.force ? 'w' : 'wx' });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') {
        io.stderr(`extopo new: ${values.output} already exists; nothing was written. Add --force to overwrite it, or choose another file name.\n`);
      } else {
        io.stderr(`extopo new: cannot write ${values.output}: ${fileErrorReason(error, 'its folder does not exist')}.\n`);
      }
      return 1;
    }
    io.stdout(`Wrote ${values.output} from the "${template.name}" template (${template.title}).\nCheck it with: extopo validate ${values.output}\n`);
    return 0;
  },
};
