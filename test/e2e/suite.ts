// One browser-host harness per end-to-end test file: started before its tests, closed after them, with the
// screenshots folder ready. (Kept apart from harness.ts, which the UI bench imports without vitest.)
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll } from 'vitest';
import { startHarness } from './harness';
import type { Harness } from './harness';

/** Where the end-to-end tests write their screenshots (test-results/, ignored by git). */
export const SCREENSHOTS = new URL('../../test-results/', import.meta.url).pathname;

/** Registers the file's harness; call the returned function inside a test to get it. */
export function useHarness(): () => Harness {
  let harness: Harness | undefined;
  beforeAll(async () => {
    harness = await startHarness();
    mkdirSync(SCREENSHOTS, { recursive: true });
  });
  afterAll(async () => {
    await harness?.close();
  });
  return () => {
    if (!harness) throw new Error('The end-to-end harness did not start (see the beforeAll error above).');
    return harness;
  };
}
