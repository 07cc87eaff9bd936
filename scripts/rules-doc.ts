// Generates docs/rules.md from the planner's rule catalogue (shared/planner/catalogue.ts and sources.ts), so the rule
// documentation cannot drift from the code: test/planner/catalogueDoc.test.ts fails when the file is stale.
//
//   npx tsx scripts/rules-doc.ts            writes docs/rules.md
//   npx tsx scripts/rules-doc.ts --check    exits 1 if docs/rules.md differs from what the catalogue generates
//
// `extopo rules --format md -o docs/rules.md` writes the same text.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderCatalogue } from '../shared/planner/catalogueDoc';

const OUTPUT = fileURLToPath(new URL('../docs/rules.md', import.meta.url));
const text = renderCatalogue('md');

if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(OUTPUT, 'utf8').replace(/\r\n/g, '\n');
  } catch {
    // missing: stale
  }
  if (current !== text) {
    console.error('docs/rules.md is out of date with shared/planner/catalogue.ts: run "npx tsx scripts/rules-doc.ts".');
    process.exit(1);
  }
  console.log('docs/rules.md is up to date.');
} else {
  writeFileSync(OUTPUT, text, 'utf8');
  console.log(`Wrote docs/rules.md (${text.split('\n').length} lines).`);
}
