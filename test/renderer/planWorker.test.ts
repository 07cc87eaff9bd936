// The planner worker's client (renderer/store/planWorker.ts): the latest edit wins, stale replies are dropped, the
// parts the worker marks "same" keep their objects, and a broken worker hands the latest design back.
import { describe, expect, it } from 'vitest';
import { createPlanClient } from '../../renderer/store/planWorker';
import type { PlanReply, PlanRequest } from '../../renderer/store/planWorker';
import type { Design } from '../../shared/model/types';

function fakeWorker() {
  const sent: PlanRequest[] = [];
  const w = {
    sent,
    terminated: false,
    onmessage: null as ((e: MessageEvent<PlanReply>) => void) | null,
    onerror: null as ((e: Event) => void) | null,
    postMessage: (m: PlanRequest) => void sent.push(m),
    terminate: () => {
      w.terminated = true;
    },
    reply: (r: PlanReply) => w.onmessage?.({ data: r } as MessageEvent<PlanReply>),
  };
  return w;
}
const design = (n: number) => ({ n }) as unknown as Design;
const sizing = { servers: [] } as never;

describe('the planner worker client', () => {
  it('keeps one request in the worker and only the newest waiting; shows only the latest version', () => {
    const w = fakeWorker();
    const results: number[] = [];
    const client = createPlanClient(w, { onResult: (v) => results.push(v), onBroken: () => undefined });
    client.request(1, design(1));
    client.request(2, design(2));
    client.request(3, design(3));
    expect(w.sent.map((m) => m.version)).toEqual([1]);
    expect(w.sent[0].reset).toBe(true);
    w.reply({ version: 1, ok: true, parts: { findings: [], counts: { error: 0, warning: 0, info: 0 }, verdict: {} as never, sizing }, same: [], ms: 5 });
    expect(results).toEqual([]); // stale: version 3 is the latest
    expect(w.sent.map((m) => m.version)).toEqual([1, 3]); // 2 was replaced by 3
    w.reply({ version: 3, ok: true, parts: { findings: [] }, same: ['counts', 'verdict', 'sizing'], ms: 5 });
    expect(results).toEqual([3]);
  });

  it('reuses the objects of parts the worker reports unchanged, even across a dropped reply', () => {
    const w = fakeWorker();
    const plans: unknown[] = [];
    const client = createPlanClient(w, { onResult: (_v, _d, o) => plans.push(o.ok ? o.plan : null), onBroken: () => undefined });
    client.request(1, design(1));
    client.request(2, design(2));
    const sizing2 = { servers: [1] } as never;
    w.reply({ version: 1, ok: true, parts: { findings: [], counts: { error: 0, warning: 0, info: 0 }, verdict: {} as never, sizing: sizing2 }, same: [], ms: 5 });
    w.reply({ version: 2, ok: true, parts: { findings: [] }, same: ['counts', 'verdict', 'sizing'], ms: 5 });
    expect((plans[0] as { sizing: unknown }).sizing).toBe(sizing2);
  });

  it('hands the latest design back when the worker fails', () => {
    const w = fakeWorker();
    let pending: { version: number } | null = null;
    const client = createPlanClient(w, { onResult: () => undefined, onBroken: (p) => (pending = p) });
    client.request(1, design(1));
    client.request(2, design(2));
    w.onerror?.(new Event('error'));
    expect(client.broken).toBe(true);
    expect(w.terminated).toBe(true);
    expect(pending).toMatchObject({ version: 2 });
  });
});
