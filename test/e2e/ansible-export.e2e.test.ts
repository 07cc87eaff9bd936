// File → Export → Ansible playbook (.zip), end to end in Chromium against the browser host: the Export menu offers
// it (screenshot in test-results/), choosing it downloads one zip (application/zip) named after the design, holding
// the Ansible project under one folder, and that project passes `ansible-playbook --syntax-check` (skips without
// Ansible; fails under EXTOPO_REQUIRE_ANSIBLE=1, as the other Ansible tests do).
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { exampleText } from '../fixtures/designs';
import { itAnsible, requireAnsible } from '../support/ansible';
import { newFromTemplate, openDesigner } from './harness';
import { SCREENSHOTS, useHarness } from './suite';

const harness = useHarness();
const run = promisify(execFile);
const TIMEOUT = 180_000;

const work: string[] = [];
afterAll(() => {
  for (const dir of work.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** The seed lab opened from the documents folder (so the export is named after its file). */
async function openSeedLab(page: Page): Promise<void> {
  writeFileSync(join(harness().documentsDir, 'seed-lab.extopo.json'), exampleText('seed-lab'));
  await newFromTemplate(page, 'blank');
  await page.getByTestId('btn-open').click();
  await page.locator('[data-testid="open-file"][data-name="seed-lab.extopo.json"]').click();
  await expect.poll(() => page.getByTestId('file-name').textContent()).toBe('seed-lab.extopo.json');
}

/** Export ▾ → Ansible playbook (.zip): the download saved and unpacked; the media type of the blob the page handed over. */
async function downloadAnsible(page: Page, screenshot?: string): Promise<{ fileName: string; zip: string; unpacked: string; mediaTypes: string[] }> {
  // The page hands a download over as a Blob URL: record the Blob's type on its way.
  await page.evaluate(() => {
    const w = window as unknown as { __blobTypes: string[] };
    w.__blobTypes = [];
    const original = URL.createObjectURL.bind(URL);
    URL.createObjectURL = (object: Blob | MediaSource) => {
      if (object instanceof Blob) w.__blobTypes.push(object.type);
      return original(object);
    };
  });
  await page.getByTestId('export-menu').click();
  await page.getByRole('menu', { name: 'Export' }).waitFor();
  const item = page.getByRole('menuitem', { name: 'Ansible playbook (.zip)' });
  await item.waitFor();
  if (screenshot) {
    await item.hover();
    await page.screenshot({ path: screenshot });
  }
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 120_000 }), item.click()]);
  const dir = mkdtempSync(join(tmpdir(), 'extopo-e2e-ansible-'));
  work.push(dir);
  const zip = join(dir, download.suggestedFilename());
  await download.saveAs(zip);
  const unpacked = join(dir, 'unpacked');
  const unzip = spawnSync('unzip', ['-q', zip, '-d', unpacked], { encoding: 'utf8' });
  expect(unzip.status, unzip.stderr).toBe(0);
  const mediaTypes = await page.evaluate(() => (window as unknown as { __blobTypes: string[] }).__blobTypes);
  return { fileName: download.suggestedFilename(), zip, unpacked, mediaTypes };
}

describe('File → Export → Ansible playbook (.zip)', () => {
  it(
    'downloads the Ansible project as one zip (application/zip) named after the design',
    async () => {
      const page = await openDesigner(harness());
      await openSeedLab(page);
      const { fileName, zip, unpacked, mediaTypes } = await downloadAnsible(page, join(SCREENSHOTS, 'export-menu-ansible.png'));
      expect(fileName).toBe('seed-lab-ansible.zip');
      expect(mediaTypes).toEqual(['application/zip']);
      await page.getByTestId('toast').filter({ hasText: 'Exported seed-lab-ansible.zip' }).first().waitFor();
      const tested = spawnSync('unzip', ['-t', zip], { encoding: 'utf8' });
      expect(tested.status, tested.stdout).toBe(0);
      // One folder named after the design, holding the project.
      expect(readdirSync(unpacked)).toEqual(['seed-lab-ansible']);
      const project = join(unpacked, 'seed-lab-ansible');
      expect(readdirSync(project)).toEqual(expect.arrayContaining(['inventory.yml', 'site.yml', 'README.md', 'ansible.cfg', 'playbooks', 'vars']));
      const servers = (JSON.parse(exampleText('seed-lab')) as { design: { servers: { name: string }[] } }).design.servers.map((server) => server.name);
      const inventory = readFileSync(join(project, 'inventory.yml'), 'utf8');
      for (const server of servers) expect(inventory, server).toContain(`${server}:`);
      expect(readFileSync(join(project, 'README.md'), 'utf8')).toContain('seed-lab.extopo.json');
      await page.close();
    },
    TIMEOUT,
  );

  itAnsible(
    "the downloaded project's site.yml passes ansible-playbook --syntax-check",
    async () => {
      requireAnsible();
      const page = await openDesigner(harness());
      await openSeedLab(page);
      const { unpacked } = await downloadAnsible(page);
      await page.close();
      const env = { ...process.env, ANSIBLE_NOCOLOR: '1', NO_COLOR: '1' };
      const { stdout, stderr } = await run('ansible-playbook', ['--syntax-check', '-i', 'inventory.yml', 'site.yml'], { cwd: join(unpacked, 'seed-lab-ansible'), env, timeout: 120_000 }).catch(
        (error: { stdout?: string; stderr?: string; message: string }) => {
          throw new Error(`ansible-playbook --syntax-check failed:\n${error.stdout ?? ''}${error.stderr ?? ''}${error.message}`);
        },
      );
      expect(`${stdout}${stderr}`).toContain('playbook: site.yml');
      expect(`${stdout}${stderr}`).not.toMatch(/ERROR/);
    },
    TIMEOUT,
  );
});
