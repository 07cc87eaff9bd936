// Which Ansible the tests can use, and what a test does when there is none (as pwsh.ts does for PowerShell).
//
// - Without ansible-playbook / ansible-lint, tests that need them SKIP with a one-line reason.
// - Under EXTOPO_REQUIRE_ANSIBLE=1 (set by .ci/run, which installs Debian's ansible and ansible-lint first) they
//   FAIL instead: a missing install can never hide behind a skip.
import { execFileSync } from 'node:child_process';
import { describe, it } from 'vitest';

export const REQUIRE_ANSIBLE_VARIABLE = 'EXTOPO_REQUIRE_ANSIBLE';
export const ANSIBLE_INSTALL_HINT = 'install them with `apt-get install ansible ansible-lint` (Debian 12: ansible 7.7 with ansible.windows, ansible-lint 6.13)';

function works(command: string, args: readonly string[]): boolean {
  try {
    execFileSync(command, [...args], { stdio: 'pipe', timeout: 120_000, env: { ...process.env, ANSIBLE_NOCOLOR: '1' } });
    return true;
  } catch {
    return false;
  }
}

/** Whether ansible-playbook (with the ansible.windows collection) and ansible-lint both run here. */
export const ANSIBLE_AVAILABLE: boolean =
  works('ansible-playbook', ['--version']) && works('ansible-lint', ['--version']) && works('ansible-doc', ['-t', 'module', 'ansible.windows.win_powershell']);
export const ANSIBLE_REQUIRED = process.env[REQUIRE_ANSIBLE_VARIABLE] === '1';
export const ANSIBLE_SKIP_REASON = `no ansible-playbook / ansible-lint (with ansible.windows) on this machine: ${ANSIBLE_INSTALL_HINT}`;

/** Throws (failing the test) when Ansible is missing. Use inside tests declared with itAnsible/describeAnsible. */
export function requireAnsible(): void {
  if (!ANSIBLE_AVAILABLE) throw new Error(`${REQUIRE_ANSIBLE_VARIABLE}=1 but ${ANSIBLE_SKIP_REASON}`);
}

export const itAnsible: typeof it = (ANSIBLE_AVAILABLE || ANSIBLE_REQUIRED ? it : it.skip) as typeof it;
export const describeAnsible: typeof describe = (ANSIBLE_AVAILABLE || ANSIBLE_REQUIRED ? describe : describe.skip) as typeof describe;

if (!ANSIBLE_AVAILABLE && !ANSIBLE_REQUIRED) console.info(`Skipping the tests that need Ansible: ${ANSIBLE_SKIP_REASON}.`);
