// YAML for the Ansible export, written by js-yaml's dump (never by string concatenation), with one addition:
// Ansible's `!unsafe` tag. Every string that carries design text (titles, checklists, the step's PowerShell, names
// and paths) is an Unsafe value, dumped as `!unsafe <scalar>`: Ansible then never runs it through Jinja2, so a value
// such as "{{ lookup('pipe', 'id') }}" stays data on the controller as it does in PowerShell (quotePs) on the host.
import yaml from 'js-yaml';

/** A string Ansible must not template: dumped with the `!unsafe` tag. */
export class Unsafe {
  constructor(readonly text: string) {}
}

/** Wraps design text. */
export function unsafe(text: string): Unsafe {
  return new Unsafe(text);
}

const UNSAFE_TYPE = new yaml.Type('!unsafe', {
  kind: 'scalar',
  instanceOf: Unsafe,
  resolve: (data) => typeof data === 'string',
  construct: (data) => new Unsafe(String(data ?? '')),
  represent: (value) => (value as Unsafe).text,
});

const SCHEMA = yaml.DEFAULT_SCHEMA.extend([UNSAFE_TYPE]);

/** One YAML document, starting with "---" (as ansible-lint's yaml rules want), keys in insertion order. */
export function dumpYaml(value: unknown, comment = ''): string {
  const header = comment === '' ? '' : `${comment.split('\n').map((l) => (l === '' ? '#' : `# ${l}`)).join('\n')}\n`;
  return `---\n${header}${yaml.dump(value, { schema: SCHEMA, lineWidth: -1, noRefs: true, quotingType: '"', indent: 2 })}`;
}

/** Reads YAML written by dumpYaml back (tests): `!unsafe` scalars come back as Unsafe values. */
export function loadYaml(text: string): unknown {
  return yaml.load(text, { schema: SCHEMA });
}
