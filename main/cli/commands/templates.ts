// `extopo templates`: lists the design templates that `extopo new` can start from.
import { parseArgs } from 'node:util';
import type { CliCommand } from '../command';
import { listTemplates } from '../../../shared/templates';

const HELP = `Usage: extopo templates [--format text|json]

Lists the design templates: name, title and what each one shows.

Options:
  --format text|json   Output format (default: text).
  -h, --help           Show this help.

Example:
  extopo templates
  extopo new --template seed-lab -o lab.extopo.json
`;

export const templatesCommand: CliCommand = {
  name: 'templates',
  summary: 'List the design templates for "extopo new"',
  help: HELP,
  async run(args, io) {
    const { values } = parseArgs({ args: [...args], options: { format: { type: 'string', default: 'text' } }, strict: true });
    const templates = listTemplates();
    if (values.format === 'json') {
      io.stdout(`${JSON.stringify(templates.map(({ name, title, description }) => ({ name, title, description })), null, 2)}\n`);
      return 0;
    }
    if (values.format !== 'text') {
      io.stderr(`extopo templates: unknown format "${values.format}"; use --format text or --format json.\n`);
      return 2;
    }
    const width = Math.max(...templates.map((t) => t.name.length)) + 2;
    const lines = templates.flatMap((t) => [`${t.name.padEnd(width)}${t.title}`, `${' '.repeat(width)}${t.description}`, '']);
    lines.push('Start one with: extopo new --template NAME -o FILE');
    io.stdout(`${lines.join('\n')}\n`);
    return 0;
  },
};
