// `extopo diagram FILE --format svg|png|drawio -o OUT`: the topology diagram of a design file, laid out for print
// (the PDF's layout and styling), as SVG, PNG or a draw.io file. resvg (PNG) is loaded only when a PNG is asked for.
import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { usageError } from '../command';
import type { CliCommand } from '../command';
import { fileErrorReason } from '../files';
import { badgesFromFindings, buildDiagram, printWhole, renderDiagramSvg, renderDrawio } from '../../../shared/diagram';
import { loadDesignText } from '../../../shared/model/load';
import { planDesign } from '../../../shared/planner/engine';

export const DIAGRAM_FORMATS = ['svg', 'png', 'drawio'] as const;
export type DiagramFormat = (typeof DIAGRAM_FORMATS)[number];

const HELP = `Usage: extopo diagram FILE [--format svg|png|drawio] -o OUT

Draws the topology of an ExTopo design file with the PDF runbook's layout and styling (AD sites, subnets, servers
with their roles, DAGs, load balancers, CAS arrays; NIC addresses on the edges):
  svg     vector graphics for documents and browsers
  png     a picture (2 pixels per diagram unit by default)
  drawio  a draw.io file (uncompressed mxGraph XML): sites and DAGs as containers, servers and subnets as shapes,
          edges as connectors, to restyle in draw.io or import into Visio-like tools

Options:
  --format FORMAT   svg, png or drawio (default: from the extension of OUT)
  -o, --output OUT  The file to write (svg may go to stdout without -o)
  --scale N         (png) pixels per diagram unit, 0.5 to 4 (default 2)
  -h, --help        Show this help.

Exit codes:
  0  the diagram was written
  2  the file cannot be read or is not a valid design file, the output cannot be written, or the command line is
     wrong

Examples:
  extopo diagram examples/seed-lab.extopo.json -o seed-lab.drawio
  extopo diagram examples/large-lagged.extopo.json --format png -o large.png
`;

const EXTENSIONS: Readonly<Record<string, DiagramFormat>> = { '.svg': 'svg', '.png': 'png', '.drawio': 'drawio', '.xml': 'drawio' };

function isDiagramFormat(v: string): v is DiagramFormat {
  return (DIAGRAM_FORMATS as readonly string[]).includes(v);
}

/** The diagram of a design text in one of the formats (the CLI's and the browser host's export). */
export async function exportDiagram(text: string, format: DiagramFormat, options: { scale?: number } = {}): Promise<Uint8Array> {
  const loaded = loadDesignText(text);
  if (!loaded.ok) throw new Error(`not a valid design file: ${loaded.problems.map((p) => p.message).join('; ')}`);
  const plan = planDesign(loaded.document.design);
  const diagram = await printWhole(buildDiagram(loaded.document, { badges: badgesFromFindings(plan.findings) }));
  if (format === 'drawio') return new TextEncoder().encode(renderDrawio(diagram, loaded.document.title || 'Topology'));
  const svg = renderDiagramSvg(diagram);
  if (format === 'svg') return new TextEncoder().encode(svg);
  const { Resvg } = await import('@resvg/resvg-js');
  const { fontDirectory } = await import('../../exporters/fonts');
  const resvg = new Resvg(svg, { fitTo: { mode: 'zoom', value: options.scale ?? 2 }, font: { loadSystemFonts: false, fontDirs: [fontDirectory()], defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' } });
  return resvg.render().asPng();
}

export const diagramCommand: CliCommand = {
  name: 'diagram',
  summary: 'Export the topology diagram of a design: svg, png or drawio (the layout of the PDF)',
  help: HELP,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args: [...args],
      options: { format: { type: 'string' }, output: { type: 'string', short: 'o' }, scale: { type: 'string' } },
      allowPositionals: true,
      strict: true,
    });
    if (positionals.length !== 1) return usageError(io, 'diagram', positionals.length === 0 ? 'no design file given.' : 'one design file at a time.');
    if (values.format !== undefined && !isDiagramFormat(values.format)) return usageError(io, 'diagram', `unknown format "${values.format}"; use one of ${DIAGRAM_FORMATS.join(', ')}.`);
    const output = values.output;
    if (output === '') return usageError(io, 'diagram', 'option -o needs a file name.');
    const fromExt = output ? EXTENSIONS[/\.[A-Za-z0-9]+$/.exec(output)?.[0].toLowerCase() ?? ''] : undefined;
    const format: DiagramFormat | undefined = (values.format as DiagramFormat | undefined) ?? fromExt ?? (output === undefined ? 'svg' : undefined);
    if (format === undefined) return usageError(io, 'diagram', 'give --format svg, png or drawio (the output file\'s extension names none).');
    if (format !== 'svg' && output === undefined) return usageError(io, 'diagram', `a ${format} file cannot be printed to the terminal; give an output file with -o.`);
    const scale = values.scale === undefined ? 2 : Number(values.scale);
    if (!(scale >= 0.5 && scale <= 4)) return usageError(io, 'diagram', '--scale takes a number from 0.5 to 4.');
    const file = positionals[0];
    let text: string;
    try {
      text = await readFile(resolve(io.cwd, file), 'utf8');
    } catch (error) {
      io.stderr(`extopo diagram: cannot read ${file}: ${fileErrorReason(error)}.\n`);
      return 2;
    }
    let bytes: Uint8Array;
    try {
      bytes = await exportDiagram(text, format, { scale });
    } catch (error) {
      io.stderr(`extopo diagram: ${file}: ${(error as Error).message}\n`);
      return 2;
    }
    if (output === undefined) {
      io.stdout(new TextDecoder().decode(bytes));
      return 0;
    }
    try {
      await writeFile(resolve(io.cwd, output), bytes);
    } catch (error) {
      io.stderr(`extopo diagram: cannot write ${output}: ${fileErrorReason(error, 'its folder does not exist')}.\n`);
      return 2;
    }
    io.stderr(`Wrote ${resolve(io.cwd, output)} (${format}, ${bytes.byteLength} bytes).\n`);
    return 0;
  },
};
