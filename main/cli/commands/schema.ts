// `extopo schema`: the JSON Schema of the design file, generated from the zod schema (the single source of truth)
// and kept in the repo as schema/extopo-design.schema.json so editors can check design files as they are typed.
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import type { CliCommand } from '../command';
import { DesignDocument, FORMAT_VERSION } from '../../../shared/model/schema';

/** Where the committed schema lives (the examples reference it as "../schema/extopo-design.schema.json"). */
export const SCHEMA_FILE = fileURLToPath(new URL('../../../schema/extopo-design.schema.json', import.meta.url));
export const SCHEMA_FILE_DISPLAY = 'schema/extopo-design.schema.json';
export const SCHEMA_ID = `urn:extopo:design-file:v${FORMAT_VERSION}`;

/** The JSON Schema of a design file as written (input side: fields with defaults are optional). */
export function designJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(DesignDocument, { io: 'input', target: 'draft-2020-12', unrepresentable: 'any' }) as Record<string, unknown>;
  const { $schema, ...rest } = generated;
  return {
    $schema,
    $id: SCHEMA_ID,
    title: `ExTopo design file (format version ${FORMAT_VERSION})`,
    description:
      'An Exchange Server 2010 topology designed with ExTopo (*.extopo.json). Generated from the zod schema in ' +
      'shared/model/schema.ts by "extopo schema --write"; do not edit by hand. Address, reference and Exchange rules ' +
      'are checked by the loader and "extopo validate", not by this schema.',
    ...rest,
  };
}

export function designJsonSchemaText(): string {
  return `${JSON.stringify(designJsonSchema(), null, 2)}\n`;
}

/** Compares a schema file with what the zod schema generates (line endings aside). */
export async function checkSchemaFile(file: string): Promise<'up-to-date' | 'stale' | 'missing'> {
  let committed: string;
  try {
    committed = await readFile(file, 'utf8');
  } catch {
    return 'missing';
  }
  return committed.replace(/\r\n/g, '\n') === designJsonSchemaText() ? 'up-to-date' : 'stale';
}

const HELP = `Usage: extopo schema [--write | --check]

Prints the JSON Schema of the design file format (format version ${FORMAT_VERSION}), generated from the zod schema.

Options:
  --write      Regenerate ${SCHEMA_FILE_DISPLAY} in the repository.
  --check      Exit 1 when ${SCHEMA_FILE_DISPLAY} differs from what the zod schema generates
               (run by "npm test": after a change to shared/model/schema.ts, run "extopo schema --write").
  -h, --help   Show this help.

Exit codes: 0 done / up to date, 1 the committed schema is stale or missing, 2 wrong command line.

Example:
  extopo schema > extopo-design.schema.json
`;

export const schemaCommand: CliCommand = {
  name: 'schema',
  summary: 'Print, write or check the JSON Schema of the design file',
  help: HELP,
  async run(args, io) {
    const { values } = parseArgs({
      args: [...args],
      options: { write: { type: 'boolean', default: false }, check: { type: 'boolean', default: false } },
      strict: true,
    });
    if (values.write && values.check) {
      io.stderr('extopo schema: use either --write or --check, not both.\n');
      return 2;
    }
    const text = designJsonSchemaText();
    if (values.write) {
      await mkdir(dirname(SCHEMA_FILE), { recursive: true });
      await writeFile(SCHEMA_FILE, text, 'utf8');
      io.stdout(`Wrote ${SCHEMA_FILE_DISPLAY} (${text.length} bytes).\n`);
      return 0;
    }
    if (values.check) {
      const check = await checkSchemaFile(SCHEMA_FILE);
      if (check === 'up-to-date') {
        io.stdout(`${SCHEMA_FILE_DISPLAY} is up to date.\n`);
        return 0;
      }
      io.stderr(
        check === 'missing'
          ? `extopo schema --check: ${SCHEMA_FILE_DISPLAY} is missing. Run "extopo schema --write" and commit the file.\n`
          : `extopo schema --check: ${SCHEMA_FILE_DISPLAY} is out of date: it differs from the schema generated from ` +
              `shared/model/schema.ts. Run "extopo schema --write" and commit the file.\n`,
      );
      return 1;
    }
    io.stdout(text);
    return 0;
  },
};
