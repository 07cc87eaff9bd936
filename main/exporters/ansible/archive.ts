// The Ansible project as one .zip file, for the designer's File → Export (a browser download or a save dialog
// takes one file, and the project is a folder): the same files the CLI writes into its directory, byte for byte,
// under one top folder named after the design ("seed-lab-ansible/site.yml", …), so unpacking it anywhere gives
// the folder `extopo runbook --format ansible -o DIR` would have made. Stored, not compressed (main/files/zip.ts).
import { createZip } from '../../files/zip';
import type { ZipEntry } from '../../files/zip';
import type { AnsibleFile } from './index';

/** The zip of `files` under `folder`: each folder once, before the first file inside it, then the files in order. */
export function zipAnsibleProject(folder: string, files: readonly AnsibleFile[], modified: Date): Uint8Array {
  const entries: ZipEntry[] = [{ path: `${folder}/` }];
  const folders = new Set<string>();
  for (const file of files) {
    const parts = file.path.split('/');
    for (let i = 1; i < parts.length; i++) {
      const dir = `${folder}/${parts.slice(0, i).join('/')}/`;
      if (folders.has(dir)) continue;
      folders.add(dir);
      entries.push({ path: dir });
    }
    entries.push({ path: `${folder}/${file.path}`, data: file.text });
  }
  return createZip(entries, { modified });
}
