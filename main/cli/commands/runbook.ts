// `extopo runbook FILE --format pdf|ps1|md|json -o OUT`: generates the deployment runbook of a design file and
// exports it. Text formats go to stdout without -o; a PDF needs -o.
import { stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { usageError } from '../command';
import type { CliCommand, CliIo } from '../command';
import { fileErrorReason, readDesignText } from '../files';
import { EXPORT_FORMATS, ExportError, ExportFailure, exportRunbook, isExportFormat } from '../../exporters';
import { loadDesignText } from '../../../shared/model/load';
import type { ExportFormat } from '../../exporters';

const HELP = `Usage: extopo runbook FILE [--format pdf|ps1|md|json] [-o OUT]

Generates the ordered deployment runbook of an ExTopo design file (every step with its PowerShell and the check
that tells whether it is already done) and exports it:
  pdf   a document to sign off: cover page, contents, topology diagram, planner findings and HA verdict, bill of
        materials, then every step by phase with a checkbox, its target host and its script
  ps1   one PowerShell script for the whole design (each step guarded by its check)
  md    the PDF's content as Markdown (no diagram), steps as "- [ ]" checklist items
  json  the runbook as data (what the executor runs)
  ansible  an Ansible project in a directory (-o DIR): inventory.yml, site.yml, one playbook per phase and a
        README (ansible.windows; --check is the dry run)

Options:
  --format FORMAT   pdf, ps1, md or json (default: from the extension of OUT, else md)
  -o, --output OUT  Write to this file (or into this directory, with the default file name
                    <design>-runbook.<ext>). Without -o, text formats are printed to stdout; pdf needs -o.
  --ps2-check       (ps1) Before writing, check the script with pwsh's own parser for anything Windows
                    PowerShell 2.0 (Exchange 2010's shell, Windows Server 2008 R2) lacks; findings are printed and
                    nothing is written (exit 1). Needs PowerShell 7 (pwsh) on this machine.
  -h, --help        Show this help.

Exit codes:
  0  the runbook was exported
  1  the design has planner errors (each is printed with its fix), or --ps2-check found something; nothing is written
  2  the file cannot be read or is not a valid design file (each load problem is printed with its object, JSON path,
     value, what is allowed and the fix; this includes characters no PowerShell script can carry, such as NUL, other
     control characters and unpaired surrogates), the output cannot be written, or the command line is wrong
  3  the design is valid but the export could not be produced: the exporter failed (the PDF renderer, its fonts or
     the diagram layout), a value could not be written into PowerShell, or --ps2-check could not run (it needs
     pwsh); the message says which, and nothing is written

Examples:
  extopo runbook examples/seed-lab.extopo.json --format pdf -o seed-lab-runbook.pdf
  extopo runbook examples/minimal-ha.extopo.json --format ps1 > deploy.ps1
`;

const EXTENSION_FORMATS: Readonly<Record<string, ExportFormat>> = { '.pdf': 'pdf', '.ps1': 'ps1', '.md': 'md', '.markdown': 'md', '.json': 'json' };

function formatFromPath(path: string): ExportFormat | undefined {
  const m = /\.[A-Za-z0-9]+$/.exec(path);
  return m ? EXTENSION_FORMATS[m[0].toLowerCase()] : undefined;
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

function kilobytes(bytes: number): string {
  return bytes < 1024 ? `${bytes} bytes` : `${(bytes / 1024).toFixed(bytes < 10 * 1024 ? 1 : 0)} KB`;
}

/** Exit code of a valid design whose export could not be produced (an exporter failure, or --ps2-check not running). */
export const EXIT_EXPORT_FAILED = 3;

function exportFailed(io: CliIo, file: string, failure: ExportFailure): number {
  const detail = failure.detail.trim().replace(/\.$/, '');
  if (failure.reason === 'value') {
    io.stderr(
      `extopo runbook: no ${failure.format} written: a value of ${file} cannot be written into a PowerShell script: ${detail}.\n` +
        `Correct that value in the design and export again. The loader should have refused it: please report this with the design file.\n`,
    );
  } else {
    io.stderr(
      `extopo runbook: no ${failure.format} written: the ${failure.format} exporter failed: ${detail}.\n` +
        `The design itself is valid. Try another format (--format md or ps1); set EXTOPO_DEBUG=1 for the details and report this with the design file.\n`,
    );
    if (process.env.EXTOPO_DEBUG && failure.cause instanceof Error && failure.cause.stack) io.stderr(`${failure.cause.stack}\n`);
  }
  return EXIT_EXPORT_FAILED;
}

export const runbookCommand: CliCommand = {
  name: 'runbook',
  summary: 'Export the deployment runbook of a design: pdf, ps1, md or json (exit 1 on planner errors)',
  help: HELP,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args: [...args],
      options: { format: { type: 'string' }, output: { type: 'string', short: 'o' }, 'ps2-check': { type: 'boolean', default: false } },
      allowPositionals: true,
      strict: true,
    });
    if (positionals.length === 0) return usageError(io, 'runbook', 'no design file given.');
    if (positionals.length > 1) return usageError(io, 'runbook', `one design file at a time (got ${positionals.length}: ${positionals.join(', ')}).`);
    if (values.format === 'ansible') return (await import('./runbookAnsible')).runAnsibleExport(positionals[0], values.output, io);
    if (values.format !== undefined && !isExportFormat(values.format)) {
      return usageError(io, 'runbook', `unknown format "${values.format}"; use one of ${EXPORT_FORMATS.join(', ')}.`);
    }
    const output = values.output;
    if (output === '') return usageError(io, 'runbook', 'option -o needs a file name.');
    const format: ExportFormat = (values.format as ExportFormat | undefined) ?? (output ? formatFromPath(output) : undefined) ?? 'md';
    if (format === 'pdf' && output === undefined) return usageError(io, 'runbook', 'a PDF cannot be printed to the terminal; give an output file with -o, e.g. -o runbook.pdf.');

    const file = positionals[0];
    let text: string;
    try {
      text = await readDesignText(resolve(io.cwd, file));
    } catch (error) {
      io.stderr(`extopo runbook: cannot read ${file}: ${fileErrorReason(error)}.\n`);
      return 2;
    }

    let result: Awaited<ReturnType<typeof exportRunbook>>;
    try {
      result = await exportRunbook({ format, text, designPath: file });
    } catch (error) {
      if (error instanceof ExportFailure) return exportFailed(io, file, error);
      if (!(error instanceof ExportError)) throw error;
      const heading = error.kind === 'planner' ? `${file}: no runbook, the design has errors` : `${file} is not a valid design file`;
      io.stderr(`extopo runbook: ${heading}:\n${error.problems.map((p) => `  - ${p}`).join('\n')}\n`);
      if (error.kind === 'planner') io.stderr(`Run "extopo validate ${file}" for every finding.\n`);
      return error.kind === 'planner' ? 1 : 2;
    }

    if (values['ps2-check']) {
      if (format !== 'ps1') return usageError(io, 'runbook', '--ps2-check applies to the ps1 format only.');
      const started = Date.now();
      const { checkPs2Compatibility, formatPs2Findings } = await import('../../powershell/ps2compat');
      let lines: string[];
      try {
        const script = new TextDecoder('utf-8').decode(result.bytes);
        // The language of every target; the commands of the newest Windows of the design (each step goes to its server).
        const loaded = loadDesignText(text);
        const newest = loaded.ok && loaded.document.design.servers.some((s) => s.os.version !== '2008' && s.os.version !== '2008R2') ? '2012R2' : '2008R2';
        lines = formatPs2Findings(await checkPs2Compatibility([{ name: result.fileName, text: script, target: newest }]));
      } catch (error) {
        io.stderr(`extopo runbook: the PowerShell 2.0 check could not run, so nothing was written: ${error instanceof Error ? error.message : String(error)}\nInstall PowerShell 7 (pwsh) and put it on PATH, or export without --ps2-check.\n`);
        return EXIT_EXPORT_FAILED;
      }
      if (lines.length > 0) {
        io.stderr(`extopo runbook: ${result.fileName} uses what PowerShell 2.0 lacks (nothing written):\n${lines.map((l) => `  - ${l}`).join('\n')}\n`);
        return 1;
      }
      io.stderr(`PowerShell 2.0 check: no findings (${Date.now() - started} ms).\n`);
    }
    if (output === undefined) {
      // ignoreBOM: keep the .ps1's byte order mark, so that "> deploy.ps1" still gives Windows PowerShell a UTF-8 file.
      io.stdout(new TextDecoder('utf-8', { ignoreBOM: true }).decode(result.bytes));
      return 0;
    }
    const target = resolve(io.cwd, output);
    const path = (await isDirectory(target)) ? join(target, result.fileName) : target;
    try {
      await writeFile(path, result.bytes);
    } catch (error) {
      io.stderr(`extopo runbook: cannot write ${output}: ${fileErrorReason(error, 'its folder does not exist')}.\n`);
      return 2;
    }
    io.stderr(`Wrote ${path} (${format}, ${kilobytes(result.bytes.byteLength)}).\n`);
    return 0;
  },
};
