// App facts both shells need: the version (package.json) and the default documents folder.
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** Documents/ExTopo in the user's home: where designs are listed and saved by default. */
export function defaultDocumentsDir(documentsRoot: string = join(homedir(), 'Documents')): string {
  return join(documentsRoot, 'ExTopo');
}

export function readPackageVersion(packageJsonPath: string): string {
  try {
    const pkg = JSON.parse(readFileSync(packageJsonPath, 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}
