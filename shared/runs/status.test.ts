import { describe, expect, it } from 'vitest';
import { countSteps, countsLabel, doneCount, endedFromCounts, formatDuration, isGreen } from './status';
import type { StepStatus } from './status';

const steps = (...statuses: StepStatus[]) => statuses.map((status) => ({ status }));

describe('run status vocabulary', () => {
  it('counts steps by status the way the run list and the report tally them', () => {
    const run = steps('succeeded', 'passed', 'already-done', 'confirmed', 'skipped', 'would-run', 'failed', 'running', 'waiting', 'pending', 'pending');
    expect(countSteps(run)).toEqual({ total: 11, succeeded: 1, passed: 1, alreadyDone: 1, confirmed: 1, skipped: 1, wouldRun: 1, failed: 1, running: 1, waiting: 1, pending: 2 });
    // Done for the progress bar: finished, skipped or failed; never running, waiting or pending.
    expect(doneCount(run)).toBe(7);
    // The same figure from the counts (the run list and the canvas) as from the steps (the run view).
    expect(endedFromCounts(countSteps(run))).toBe(7);
    expect(countsLabel(countSteps(run))).toBe('7/11 steps done · 1 failed · 1 skipped · 1 running · 1 waiting');
    // Skipped is done but not green; a dry run's "would run" is green.
    expect(isGreen('skipped')).toBe(false);
    expect(isGreen('would-run')).toBe(true);
  });

  it('says durations in the unit an admin reads at a glance', () => {
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(12_400)).toBe('12.4 s');
    expect(formatDuration(119_000)).toBe('119 s');
    expect(formatDuration(210_000)).toBe('3.5 min');
    expect(formatDuration(7_560_000)).toBe('2.1 h');
  });
});
