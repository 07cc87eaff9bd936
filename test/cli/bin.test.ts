// The real `extopo` executable (bin/extopo.mjs → the built out/cli, see build.test.ts) as a separate process, the way an admin
// runs it from a fresh clone after `npm ci`.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const repoRoot = new URL('../..', import.meta.url).pathname;

function extopo(...args: string[]) {
  const env = { ...process.env };
  delete env.NO_COLOR;
  delete env.FORCE_COLOR;
  return spawnSync(process.execPath, ['bin/extopo.mjs', ...args], { cwd: repoRoot, encoding: 'utf8', env, timeout: 60_000 });
}

describe('bin/extopo.mjs', () => {
  it('validates the seed lab as a real process (exit 0, plain text on a pipe)', () => {
    const r = extopo('validate', 'examples/seed-lab.extopo.json');
    expect(r.error).toBeUndefined();
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('nlb.default-port-rule');
    expect(r.stdout).toContain('The design is valid.');
    expect(r.stdout).not.toContain('\u001b[');
  });

  it('sets the exit code for an unreadable file (exit 2)', () => {
    const r = extopo('validate', 'examples/does-not-exist.extopo.json');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('Cannot read examples/does-not-exist.extopo.json: no such file.');
  });
});
