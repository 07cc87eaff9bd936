// The example designs for happy-dom tests (where import.meta.url is not a file URL, so test/fixtures cannot find them).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadDesignText } from '../../shared/model/load';
import type { DesignDocument } from '../../shared/model/types';

export function example(name: 'seed-lab' | 'minimal-ha'): DesignDocument {
  const r = loadDesignText(readFileSync(join(process.cwd(), 'examples', `${name}.extopo.json`), 'utf8'));
  if (!r.ok) throw new Error(`example ${name} does not load`);
  return r.document;
}
