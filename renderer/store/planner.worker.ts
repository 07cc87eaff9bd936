// The planner off the main thread: the editor store (renderer/store/planWorker.ts) posts the design of each edit
// tagged with the document version; this worker plans it and posts the result back with the same tag. The parts of
// the result that did not change since the last reply (the sizing report is megabytes on a large design) are sent
// as "same" markers, so the main thread neither deserialises them nor re-renders what shows them.
import { planDesign } from '../../shared/planner';
import type { PlanResult } from '../../shared/planner';
import type { PlanReply, PlanRequest, PlanPart } from './planWorker';

const PARTS = ['findings', 'counts', 'verdict', 'sizing'] as const satisfies readonly PlanPart[];

/** JSON of each part of the last reply, to tell what changed. */
let last: Partial<Record<PlanPart, string>> = {};

interface WorkerScope {
  onmessage: ((event: MessageEvent<PlanRequest>) => void) | null;
  postMessage(message: PlanReply): void;
}
const scope = self as unknown as WorkerScope;

scope.onmessage = (event) => {
  const { version, design, reset } = event.data;
  if (reset) last = {};
  const t0 = performance.now();
  let plan: PlanResult;
  try {
    plan = planDesign(design);
  } catch (error) {
    scope.postMessage({ version, ok: false, error: error instanceof Error ? error.message : String(error) });
    return;
  }
  const ms = performance.now() - t0;
  const parts: Partial<PlanResult> = {};
  const same: PlanPart[] = [];
  const next: Partial<Record<PlanPart, string>> = {};
  for (const key of PARTS) {
    const json = JSON.stringify(plan[key]);
    next[key] = json;
    if (last[key] === json) same.push(key);
    else (parts as Record<string, unknown>)[key] = plan[key];
  }
  last = next;
  scope.postMessage({ version, ok: true, parts, same, ms });
};
