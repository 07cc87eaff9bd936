// The committed JSON Schema matches the zod schema, the examples and templates load, and the JSON Schema accepts
// what the loader accepts (so an editor using it does not flag a good design file).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { designJsonSchema, designJsonSchemaText, SCHEMA_FILE } from '../../main/cli/commands/schema';
import { loadDesignText } from '../../shared/model/load';
import { FORMAT_VERSION } from '../../shared/model/schema';
import { listTemplates, templateText } from '../../shared/templates';
import { EXAMPLE_NAMES, exampleText } from '../fixtures/designs';

type JsonSchema = { [key: string]: unknown };

/**
 * A small JSON Schema (2020-12) checker covering the keywords the generated schema uses; returns the paths of
 * the values it rejects. Enough to prove the schema accepts the examples and rejects what the loader rejects.
 */
function schemaErrors(schema: JsonSchema, value: unknown, path = '$'): string[] {
  const errors: string[] = [];
  const fail = (why: string) => errors.push(`${path}: ${why}`);
  if (Array.isArray(schema.anyOf)) {
    if (!(schema.anyOf as JsonSchema[]).some((s) => schemaErrors(s, value, path).length === 0)) fail('matches none of anyOf');
    return errors;
  }
  const type = schema.type as string | undefined;
  const actual = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
  if (type !== undefined) {
    const ok = type === 'integer' ? Number.isInteger(value) : type === 'number' ? typeof value === 'number' && Number.isFinite(value) : actual === type;
    if (!ok) return [`${path}: expected ${type}, got ${actual}`];
  }
  if ('const' in schema && value !== schema.const) fail(`expected ${JSON.stringify(schema.const)}`);
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) fail(`not one of ${JSON.stringify(schema.enum)}`);
  if (typeof value === 'number') {
    if (typeof schema.minimum === 'number' && value < schema.minimum) fail(`below ${schema.minimum}`);
    if (typeof schema.maximum === 'number' && value > schema.maximum) fail(`above ${schema.maximum}`);
    if (typeof schema.exclusiveMinimum === 'number' && value <= schema.exclusiveMinimum) fail(`not above ${schema.exclusiveMinimum}`);
  }
  if (typeof value === 'string') {
    const length = [...value].length;
    if (typeof schema.minLength === 'number' && length < schema.minLength) fail('too short');
    if (typeof schema.maxLength === 'number' && length > schema.maxLength) fail('too long');
    if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(value)) fail(`does not match ${schema.pattern}`);
  }
  if (Array.isArray(value)) {
    if (typeof schema.maxItems === 'number' && value.length > schema.maxItems) fail('too many items');
    if (typeof schema.minItems === 'number' && value.length < schema.minItems) fail('too few items');
    if (schema.items) value.forEach((item, i) => errors.push(...schemaErrors(schema.items as JsonSchema, item, `${path}[${i}]`)));
  }
  if (actual === 'object') {
    const obj = value as Record<string, unknown>;
    const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
    for (const key of (schema.required ?? []) as string[]) if (!(key in obj)) fail(`missing required "${key}"`);
    for (const [key, v] of Object.entries(obj)) {
      if (properties[key]) errors.push(...schemaErrors(properties[key], v, `${path}.${key}`));
      else if (schema.additionalProperties === false) fail(`unknown property "${key}"`);
      else if (typeof schema.additionalProperties === 'object') errors.push(...schemaErrors(schema.additionalProperties as JsonSchema, v, `${path}[${JSON.stringify(key)}]`));
      if (schema.propertyNames) errors.push(...schemaErrors(schema.propertyNames as JsonSchema, key, `${path} key ${JSON.stringify(key)}`));
    }
  }
  return errors;
}

const examplesDir = resolve(dirname(fileURLToPath(import.meta.url)), '../../examples');

describe('the JSON Schema file', () => {
  it('is exactly what the zod schema generates (run "extopo schema --write" after changing the model)', () => {
    expect(existsSync(SCHEMA_FILE)).toBe(true);
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(designJsonSchemaText());
  });

  it('names itself and the format version', () => {
    const schema = designJsonSchema();
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.$id).toBe(`urn:extopo:design-file:v${FORMAT_VERSION}`);
    expect(schema.title).toContain(`format version ${FORMAT_VERSION}`);
  });

  it('describes the input side: fields with defaults are optional, the rest required', () => {
    const schema = designJsonSchema() as JsonSchema & { properties: Record<string, JsonSchema>; required: string[] };
    expect(schema.required.sort()).toEqual(['design', 'formatVersion']);
    const design = schema.properties.design as { required: string[] };
    expect(design.required).toEqual(expect.arrayContaining(['organization', 'sites', 'subnets', 'servers']));
    expect(design.required).not.toContain('dags');
  });

  it.each(EXAMPLE_NAMES)('accepts example %s, which points at it and loads', (name) => {
    const text = exampleText(name);
    const raw = JSON.parse(text) as { $schema?: string };
    expect(raw.$schema).toBe('../schema/extopo-design.schema.json');
    expect(resolve(examplesDir, raw.$schema ?? '')).toBe(SCHEMA_FILE);
    expect(schemaErrors(designJsonSchema(), raw)).toEqual([]);
    const loaded = loadDesignText(text);
    expect(loaded.ok, loaded.ok ? '' : loaded.problems.map((p) => p.message).join('\n')).toBe(true);
  });

  it('rejects what the loader rejects at the structural level', () => {
    const seed = JSON.parse(exampleText('seed-lab')) as { design: { servers: Array<Record<string, unknown>> } };
    seed.design.servers[0].roles = ['Mailbox'];
    seed.design.servers[1].colour = 'blue';
    delete seed.design.servers[2].cores;
    const errors = schemaErrors(designJsonSchema(), seed);
    expect(errors.some((e) => e.startsWith('$.design.servers[0].roles[0]: not one of'))).toBe(true);
    expect(errors.some((e) => e.includes('unknown property "colour"'))).toBe(true);
    expect(errors.some((e) => e.includes('missing required "cores"'))).toBe(true);
    expect(loadDesignText(JSON.stringify(seed)).ok).toBe(false);
  });
});

describe('templates', () => {
  it('offers a blank design and every example, each with a title and a description', () => {
    const names = listTemplates().map((t) => t.name);
    expect(names).toEqual(['blank', ...EXAMPLE_NAMES]);
    for (const t of listTemplates()) {
      expect(t.title.length).toBeGreaterThan(0);
      expect(t.description.length).toBeGreaterThan(20);
    }
  });

  it.each(listTemplates().map((t) => t.name))('template %s is a loadable design file that the JSON Schema accepts', (name) => {
    const text = templateText(name);
    const loaded = loadDesignText(text);
    expect(loaded.ok, loaded.ok ? '' : loaded.problems.map((p) => p.message).join('\n')).toBe(true);
    const raw = JSON.parse(text) as Record<string, unknown>;
    expect(raw.$schema).toBeUndefined();
    expect(schemaErrors(designJsonSchema(), raw)).toEqual([]);
  });

  it('the blank template has an organization, one AD site, one subnet and no servers', () => {
    const loaded = loadDesignText(templateText('blank'));
    if (!loaded.ok) throw new Error(loaded.problems[0].message);
    const d = loaded.document.design;
    expect(d.organization.adDomain).not.toBe('');
    expect(d.sites).toHaveLength(1);
    expect(d.subnets).toHaveLength(1);
    expect(d.subnets[0].siteId).toBe(d.sites[0].id);
    expect(d.servers).toHaveLength(0);
    expect(loaded.warnings).toEqual([]);
  });

  it('an example template carries the example design', () => {
    const loaded = loadDesignText(templateText('seed-lab'));
    if (!loaded.ok) throw new Error(loaded.problems[0].message);
    expect(loaded.document.design.servers.map((s) => s.name)).toEqual(['EX2', 'EX3', 'EX4']);
  });

  it('refuses an unknown template name and lists the valid ones', () => {
    expect(() => templateText('nope')).toThrow(/Unknown template "nope".*blank.*seed-lab/);
  });
});
