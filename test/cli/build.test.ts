// The CLI as built JavaScript (scripts/build.mjs buildCli → out/cli) and bin/extopo.mjs's use of it: heavy modules
// only in the chunks of the commands that need them, a stamp that names every source, a rebuild when one changed,
// and the TypeScript sources through tsx when no build can be written. Builds into temporary folders
// (EXTOPO_CLI_OUT), never into the shared out/cli.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repoRoot = new URL('../..', import.meta.url).pathname;

interface Stamp {
  readonly version: number;
  readonly builtAt: string;
  readonly entry: string;
  readonly inputs: Record<string, [number, number]>;
}

/** Packages that only some commands need: never loaded by the entry, nor by validate / new / templates / schema. */
const HEAVY = ['pdfmake', 'dejavu-fonts-ttf', 'elkjs', 'web-tree-sitter', 'tree-sitter-powershell', 'node-powershell', 'vite', 'esbuild', 'electron', 'tsx'];

function extopo(outDir: string, ...args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, EXTOPO_CLI_OUT: outDir };
  delete env.NO_COLOR;
  delete env.FORCE_COLOR;
  return spawnSync(process.execPath, ['bin/extopo.mjs', ...args], { cwd: repoRoot, encoding: 'utf8', env, timeout: 120_000 });
}

const readStamp = (dir: string) => JSON.parse(readFileSync(join(dir, 'stamp.json'), 'utf8')) as Stamp;

/** The specifiers a built file imports statically (`import … from "x"`, `import "x"`; not `import("x")`). */
function staticImports(text: string): string[] {
  // Not a quoted word "import" or "from" (the `import` command's name in the command table is one).
  return [...text.matchAll(/(?<!["'\w.])(?:from|import)\s*["']([^"']+)["']/g)].map((m) => m[1]);
}

/** Every package a built file loads before it runs: its static imports, followed through the chunks. */
function packagesLoadedBy(dir: string, file: string, seen = new Set<string>()): Set<string> {
  const packages = new Set<string>();
  if (seen.has(file)) return packages;
  seen.add(file);
  for (const spec of staticImports(readFileSync(join(dir, file), 'utf8'))) {
    if (spec.startsWith('./')) for (const p of packagesLoadedBy(dir, spec.slice(2), seen)) packages.add(p);
    else if (!spec.startsWith('node:')) packages.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]);
  }
  return packages;
}

let outDir: string;
let stamp: Stamp;
beforeAll(() => {
  outDir = mkdtempSync(join(tmpdir(), 'extopo-cli-build-'));
  // A fresh clone: no out/cli yet. The first call builds it, silently, and runs.
  const r = extopo(outDir, 'validate', 'examples/seed-lab.extopo.json');
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  expect(r.stdout).toContain('The design is valid.');
  stamp = readStamp(outDir);
});
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe('the built CLI (out/cli)', () => {
  it('stamps the entry and every source with its mtime and size', () => {
    expect(stamp.version).toBe(1);
    expect(readdirSync(outDir)).toContain(stamp.entry);
    for (const source of ['main/cli/index.ts', 'main/cli/commands/validate.ts', 'main/cli/commands/runbook.ts', 'shared/model/schema.ts', 'package.json', 'node_modules/zod/package.json']) {
      expect(stamp.inputs[source], source).toEqual([expect.any(Number), expect.any(Number)]);
    }
    // Bundled packages count as their package.json, not as hundreds of files.
    expect(Object.keys(stamp.inputs).filter((f) => f.includes('node_modules/zod/'))).toEqual(['node_modules/zod/package.json']);
  });

  it('loads no heavy package in the entry, nor in validate, new, templates or schema', () => {
    const entryText = readFileSync(join(outDir, stamp.entry), 'utf8');
    expect([...packagesLoadedBy(outDir, stamp.entry)]).toEqual([]);
    const chunkOf = (command: string) => {
      const m = new RegExp(`import\\(["']\\./(${command}-[A-Z0-9]+\\.js)["']\\)`).exec(entryText);
      if (!m) throw new Error(`no lazily imported chunk for ${command} in ${stamp.entry}`);
      return m[1];
    };
    for (const command of ['validate', 'new', 'templates', 'schema']) {
      const loaded = [...packagesLoadedBy(outDir, chunkOf(command))];
      expect(loaded.filter((p) => HEAVY.includes(p)), command).toEqual([]);
    }
    // …while the runbook command does load the PDF library (the chunk graph is followed correctly).
    expect([...packagesLoadedBy(outDir, chunkOf('runbook'))]).toContain('pdfmake');
  });

  it('runs from the build without rebuilding while no source changed', () => {
    const r = extopo(outDir, 'templates');
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(readStamp(outDir).builtAt).toBe(stamp.builtAt);
  });

  it('rebuilds when a source changed since the build, then runs', () => {
    const changed = { ...stamp, inputs: { ...stamp.inputs, 'main/cli/commands/validate.ts': [1, 1] } };
    writeFileSync(join(outDir, 'stamp.json'), JSON.stringify(changed));
    const r = extopo(outDir, 'validate', 'examples/seed-lab.extopo.json');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const rebuilt = readStamp(outDir);
    expect(rebuilt.builtAt).not.toBe(stamp.builtAt);
    expect(rebuilt.inputs['main/cli/commands/validate.ts']).not.toEqual([1, 1]);
  });

  it('rebuilds when a file of the build is missing', () => {
    writeFileSync(join(outDir, 'stamp.json'), JSON.stringify({ ...readStamp(outDir), entry: 'index-GONE.js' }));
    const r = extopo(outDir, '--version');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(readStamp(outDir).entry).not.toBe('index-GONE.js');
  });

  it('runs the TypeScript sources through tsx, saying so in one line, when no build can be written', () => {
    const r = extopo('/dev/null/extopo-cli', 'validate', 'examples/seed-lab.extopo.json');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('The design is valid.');
    expect(r.stderr).toMatch(/^extopo: running from the TypeScript sources \(slower\): cannot build \/dev\/null\/extopo-cli: .+\n$/);
  });
});
