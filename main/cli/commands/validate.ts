// `extopo validate FILE`: loads a design file and prints the planner's findings, the HA verdict and sizing.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { usageError } from '../command';
import type { CliCommand } from '../command';
import { colorEnabled, loadProblemsJson, paint, planJson, renderLoadProblems, renderPlan } from '../format';
import type { PlanView } from '../format';
import { readDesignFile } from '../files';
import { loadDesignText } from '../../../shared/model/load';
import { planDesign } from '../../../shared/planner/engine';

const FORMATS = ['text', 'json'] as const;
type Format = (typeof FORMATS)[number];

const HELP = `Usage: extopo validate FILE [--format text|json]

Checks an ExTopo design file against Exchange 2010's constraints and prints:
  - the findings grouped by severity (errors, warnings, infos), each with its rule id, message, fix and source;
  - the high-availability verdict for Client Access, Hub Transport and Mailbox, with the reasons;
  - the sizing (Exchange 2010's documented method, the Role Requirements Calculator's): with the design's
    mailbox tiers, per DAG, Mailbox server, database and AD site each figure with its arithmetic in one line
    (worst failure case, megacycles, cores, database cache and RAM, IOPS, volumes, storage paths), and one
    recommendation; without them, the Client Access / Hub Transport ratios and memory per role;
  - the counts.

Options:
  --format text|json   Output format (default: text). json prints one object: counts, findings, verdict,
                       sizing (every figure with its "lines" of arithmetic); or, when the file cannot be
                       loaded, its problems.
  -h, --help           Show this help.

Exit codes:
  0  the design has no errors (warnings and infos are allowed)
  1  the design has errors
  2  the file cannot be read or is not a valid design file (each problem is printed with its JSON path,
     syntax errors with line:column), or the command line is wrong

Example:
  extopo validate examples/seed-lab.extopo.json
`;

export const validateCommand: CliCommand = {
  name: 'validate',
  summary: 'Check a design file: findings, HA verdict per role, sizing (exit 1 on errors)',
  help: HELP,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args: [...args],
      options: { format: { type: 'string', default: 'text' } },
      allowPositionals: true,
      strict: true,
    });
    if (!(FORMATS as readonly string[]).includes(values.format)) {
      return usageError(io, 'validate', `unknown format "${values.format}"; use --format text or --format json.`);
    }
    const format = values.format as Format;
    if (positionals.length === 0) return usageError(io, 'validate', 'no design file given.');
    if (positionals.length > 1) return usageError(io, 'validate', `one design file at a time (got ${positionals.length}: ${positionals.join(', ')}).`);

    const file = positionals[0];
    const c = paint(format === 'text' && colorEnabled(io));
    const read = await readDesignFile(resolve(io.cwd, file), file);
    const loaded = read.ok ? loadDesignText(read.text) : ({ ok: false, problems: [read.problem] } as const);
    if (!loaded.ok) {
      if (format === 'json') io.stdout(`${JSON.stringify(loadProblemsJson(file, loaded.problems), null, 2)}\n`);
      else io.stderr(renderLoadProblems(file, loaded.problems, c));
      return 2;
    }

    const plan = planDesign(loaded.document.design);
    const view: PlanView = { file, document: loaded.document, plan, loadWarnings: loaded.warnings, migrated: loaded.migrated };
    io.stdout(format === 'json' ? `${JSON.stringify(planJson(view), null, 2)}\n` : renderPlan(view, c));
    return plan.counts.error > 0 ? 1 : 0;
  },
};
