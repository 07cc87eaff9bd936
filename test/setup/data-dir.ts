// Every test file gets its own ExTopo data folder (runs of the CLI and the browser host), removed afterwards: no
// test writes into the user's real data folder, and no run of one file shows up in another.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'extopo-data-'));
process.env.EXTOPO_DATA_DIR = dir;
afterAll(() => rmSync(dir, { recursive: true, force: true }));
