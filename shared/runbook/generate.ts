// The runbook generator: a design that the planner accepts (no error findings) → the ordered deployment steps of
// ../shared/domain/runbook.md for every object of the design, each with its action, script, check, target and real
// dependencies. Pure and deterministic: the same design gives the same steps, ids and content hash.
import { buildContext } from '../planner/context';
import { planDesign } from '../planner/engine';
import type { Finding } from '../planner/types';
import type { DesignDocument } from '../model/types';
import { runbookContentHash } from './hash';
import { GenerationContext, PHASE_BUILDERS, RunbookGenerationError } from './phases';
import type { StepDraft } from './phases';
import { renderAction } from './scripts';
import { PHASES } from './types';
import type { Runbook, RunbookStep } from './types';

export interface GenerateOptions {
  /** ISO timestamp to record (default: now). Not part of the content hash. */
  readonly generatedAt?: string;
}

export type GenerateResult =
  | { readonly ok: true; readonly runbook: Runbook }
  | {
      readonly ok: false;
      /** The planner's error findings that block the runbook (empty when the generator itself could not proceed). */
      readonly errors: readonly Finding[];
      /** One sentence for the user: what blocks the runbook and what to do. */
      readonly message: string;
    };

const PHASE_INDEX = new Map(PHASES.map((p, i) => [p.id, i]));

/** A binary min-heap of step indices ordered by (phase, emission order). */
class ReadyQueue {
  private readonly heap: number[] = [];
  constructor(private readonly key: (i: number) => number) {}
  get size(): number {
    return this.heap.length;
  }
  push(i: number): void {
    const h = this.heap;
    h.push(i);
    let c = h.length - 1;
    while (c > 0) {
      const p = (c - 1) >> 1;
      if (this.key(h[p]) <= this.key(h[c])) break;
      [h[p], h[c]] = [h[c], h[p]];
      c = p;
    }
  }
  pop(): number {
    const h = this.heap;
    const top = h[0];
    const last = h.pop() as number;
    if (h.length > 0) {
      h[0] = last;
      let p = 0;
      for (;;) {
        const l = 2 * p + 1;
        const r = l + 1;
        let m = p;
        if (l < h.length && this.key(h[l]) < this.key(h[m])) m = l;
        if (r < h.length && this.key(h[r]) < this.key(h[m])) m = r;
        if (m === p) break;
        [h[p], h[m]] = [h[m], h[p]];
        p = m;
      }
    }
    return top;
  }
}

/**
 * Topological order of the drafts (dependencies first); among steps that are ready at the same time, the earlier
 * phase, then the earlier in design order (the order the phase builders emitted them) comes first.
 */
export function orderSteps(drafts: readonly StepDraft[]): { order: StepDraft[]; deps: Map<string, string[]> } {
  const index = new Map(drafts.map((d, i) => [d.id, i]));
  const deps = new Map<string, string[]>();
  const dependents: number[][] = drafts.map(() => []);
  const remaining = drafts.map(() => 0);
  drafts.forEach((d, i) => {
    const list = [...new Set(d.dependsOn.filter((x): x is string => x !== null && x !== d.id && index.has(x)))];
    deps.set(d.id, list);
    remaining[i] = list.length;
    for (const dep of list) dependents[index.get(dep) as number].push(i);
  });
  const key = (i: number) => (PHASE_INDEX.get(drafts[i].phase) ?? 0) * drafts.length + i;
  const ready = new ReadyQueue(key);
  remaining.forEach((n, i) => {
    if (n === 0) ready.push(i);
  });
  const order: StepDraft[] = [];
  while (ready.size > 0) {
    const i = ready.pop();
    order.push(drafts[i]);
    for (const j of dependents[i]) if (--remaining[j] === 0) ready.push(j);
  }
  if (order.length !== drafts.length) {
    const stuck = drafts.filter((_, i) => remaining[i] > 0).map((d) => d.id);
    throw new RunbookGenerationError(`The runbook steps depend on each other in a cycle: ${stuck.slice(0, 5).join(', ')}`);
  }
  return { order, deps };
}

/** Builds the ordered steps of a design that the planner has accepted. */
export function buildSteps(doc: DesignDocument): RunbookStep[] {
  const ctx = new GenerationContext(buildContext(doc.design));
  for (const build of PHASE_BUILDERS) build(ctx);
  const drafts = ctx.drafts.map((d) => {
    const extra = ctx.extraDependencies.get(d.id);
    return extra ? { ...d, dependsOn: [...d.dependsOn, ...extra] } : d;
  });
  const { order, deps } = orderSteps(drafts);
  const position = new Map(order.map((d, i) => [d.id, i]));
  return order.map((d) => {
    const { script, check } = renderAction(d.action, { restarts: d.restarts });
    const dependsOn = (deps.get(d.id) ?? []).slice().sort((a, b) => (position.get(a) as number) - (position.get(b) as number));
    return {
      id: d.id,
      phase: d.phase,
      target: d.target,
      title: d.title,
      action: d.action,
      script,
      check,
      restarts: d.restarts,
      ...(d.freshSession ? { freshSession: true } : {}),
      supportsWhatIf: d.supportsWhatIf,
      dependsOn,
      expectedSeconds: d.expectedSeconds,
      notes: d.notes,
      entityIds: [...new Set(d.entityIds)],
    };
  });
}

/**
 * Generates the deployment runbook of a design. Refuses (ok: false) a design whose planner result has any error
 * finding, returning those findings.
 */
export function generateRunbook(doc: DesignDocument, options: GenerateOptions = {}): GenerateResult {
  const plan = planDesign(doc.design);
  const errors = plan.findings.filter((f) => f.severity === 'error');
  if (errors.length > 0) {
    return {
      ok: false,
      errors,
      message: `The design has ${errors.length} error${errors.length === 1 ? '' : 's'} (${[...new Set(errors.map((e) => e.ruleId))].join(', ')}): fix ${errors.length === 1 ? 'it' : 'them'} before generating the runbook.`,
    };
  }
  let steps: RunbookStep[];
  try {
    steps = buildSteps(doc);
  } catch (e) {
    if (e instanceof RunbookGenerationError) return { ok: false, errors: [], message: e.message };
    throw e;
  }
  const { design } = doc;
  return {
    ok: true,
    runbook: {
      formatVersion: 1,
      title: `Deployment runbook: ${doc.title !== '' ? doc.title : design.organization.name}`,
      organization: design.organization.name,
      generatedAt: options.generatedAt ?? new Date().toISOString(),
      contentHash: runbookContentHash(steps),
      designRevision: doc.revision,
      steps,
    },
  };
}
