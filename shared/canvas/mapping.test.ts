import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_NAMES, loadExample } from '../../test/fixtures/designs';
import { updateEntity } from '../edits/update';
import { planDesign } from '../planner';
import { badgesFromFindings, canvasIdsOf } from './badges';
import { edgeId, parseEdgeId } from './edgeIds';
import { createCanvasMapper } from './mapping';
import type { CanvasInput, NicEdgeData } from './mapping';
import type { BadgeCounts } from './badges';

function input(name: 'seed-lab' | 'minimal-ha', selection: string[] = []): CanvasInput {
  const doc = loadExample(name);
  return { design: doc.design, layout: doc.layout, badges: badgesFromFindings(planDesign(doc.design).findings, doc.design), selection: new Set(selection) };
}

describe('mapping a design to canvas nodes and edges', () => {
  it('puts parents first, with children positioned relative to their group', () => {
    const { nodes } = createCanvasMapper()(input('minimal-ha'));
    const ids = nodes.map((n) => n.id);
    expect(ids.indexOf('site-hq')).toBeLessThan(ids.indexOf('dag-1'));
    expect(ids.indexOf('dag-1')).toBeLessThan(ids.indexOf('srv-mb1'));
    const doc = loadExample('minimal-ha');
    const mb1 = nodes.find((n) => n.id === 'srv-mb1');
    expect(mb1?.parentId).toBe('dag-1');
    expect(mb1?.position).toEqual({ x: doc.layout.nodes['srv-mb1'].x - doc.layout.nodes['dag-1'].x, y: doc.layout.nodes['srv-mb1'].y - doc.layout.nodes['dag-1'].y });
    expect(nodes.find((n) => n.id === 'srv-cas1')?.parentId).toBe('site-hq');
    expect(nodes.find((n) => n.id === 'site-hq')?.parentId).toBeUndefined();
  });

  it('declares sizes and handles so React Flow can draw edges without measuring', () => {
    const { nodes } = createCanvasMapper()(input('seed-lab'));
    const server = nodes.find((n) => n.id === 'srv-ex3');
    expect(server?.measured).toEqual({ width: server?.width, height: server?.height });
    expect(server?.handles.map((h) => h.id)).toEqual(['top', 'bottom']);
    const bus = nodes.find((n) => n.id === 'subnet-lan');
    expect(bus?.handles[0]).toMatchObject({ x: 0, width: bus?.width });
    expect(nodes.find((n) => n.id === 'site-default')?.handles).toEqual([]);
  });

  it('draws a NIC wire per NIC labelled with its address, spread across the card', () => {
    const { edges } = createCanvasMapper()(input('seed-lab'));
    const ex3 = edges.filter((e) => e.type === 'nic' && e.source === 'srv-ex3');
    expect(ex3.map((e) => (e.data as NicEdgeData).label)).toEqual(['192.168.0.34', '192.168.0.36']);
    const [a, b] = ex3.map((e) => e.data as NicEdgeData);
    expect(a.offset).toBeLessThan(0);
    expect(b.offset).toBeGreaterThan(0);
    expect(a.labelAt).not.toBe(b.labelAt);
    // EX3 sits below the bus: its wire leaves from the top of the card.
    expect(ex3[0]).toMatchObject({ target: 'subnet-lan', sourceHandle: 'top', targetHandle: 'bottom' });
  });

  it('draws memberships, the CAS array link and DAG networks, each with an id naming the relation', () => {
    const { edges } = createCanvasMapper()(input('minimal-ha'));
    const kinds = edges.map((e) => parseEdgeId(e.id)?.kind);
    expect(kinds.filter((k) => k === 'nlbMember')).toHaveLength(2);
    expect(kinds).toContain('casArrayLb');
    expect(kinds).toContain('dagIp');
    expect(kinds).toContain('dagReplication');
    const member = edges.find((e) => e.id === edgeId({ kind: 'nlbMember', clusterId: 'nlb-cas', serverId: 'srv-cas1' }));
    expect(member?.data).toEqual({ kind: 'nlbMember', label: 'priority 1' });
  });

  it('carries the planner badges onto nodes (NIC and database findings mark their server)', () => {
    const { nodes } = createCanvasMapper()(input('seed-lab'));
    const badge = nodes.find((n) => n.id === 'srv-ex2')?.data.badge;
    expect(badge?.warning).toBeGreaterThan(0);
    expect(canvasIdsOf(['nic-ex3-nlb', 'db-02', 'subnet-lan'], loadExample('seed-lab').design)).toEqual(['srv-ex3', 'srv-ex2', 'subnet-lan']);
  });

  it('returns the same node and edge objects for what an edit did not touch', () => {
    const map = createCanvasMapper();
    const doc = loadExample('seed-lab');
    const base = input('seed-lab');
    const a = map(base);
    const edited = updateEntity({ ...doc, design: base.design, layout: base.layout }, 'server', 'srv-ex2', { ramGB: 32 });
    if (!edited.ok) throw new Error(edited.reason);
    const b = map({ ...base, design: edited.doc.design });
    const same = b.nodes.filter((n) => a.nodes.includes(n)).map((n) => n.id);
    expect(same).toEqual(['site-default', 'subnet-lan', 'srv-ex3', 'srv-ex4', 'nlb-casarray', 'casarray-default']);
    expect(b.nodes.find((n) => n.id === 'srv-ex2')?.data).toMatchObject({ lines: ['2008 R2 Std SP1 · 4 cores · 32 GB', 'existing'] });
    expect(b.edges.every((e) => a.edges.includes(e) || e.source === 'srv-ex2')).toBe(true);
  });

  it('keeps the edge array when a card moves without its wires changing sides', () => {
    const map = createCanvasMapper();
    const base = input('seed-lab');
    const a = map(base);
    const moveTo = (y: number) => ({ ...base.layout, nodes: { ...base.layout.nodes, 'srv-ex4': { ...base.layout.nodes['srv-ex4'], x: base.layout.nodes['srv-ex4'].x + 100, y } } });
    const moved = map({ ...base, layout: moveTo(base.layout.nodes['srv-ex4'].y + 40) });
    expect(moved.nodes.filter((n) => !a.nodes.includes(n)).map((n) => n.id)).toEqual(['srv-ex4']);
    // React Flow draws the wires from the card's new position: the edges (and their array) are the same objects.
    expect(moved.edges).toBe(a.edges);
    // Above the bus, EX4's wires leave from the bottom of the card: those edges are new.
    const above = map({ ...base, layout: moveTo(-200) });
    const changed = above.edges.filter((e) => !a.edges.includes(e));
    expect(changed.length).toBeGreaterThan(0);
    expect(changed.every((e) => e.source === 'srv-ex4' && e.sourceHandle === 'bottom')).toBe(true);
  });

  it('keeps the members of a group that grows to the right or down', () => {
    const map = createCanvasMapper();
    const base = input('minimal-ha');
    const a = map(base);
    const dag = base.layout.nodes['dag-1'];
    const grown = map({ ...base, layout: { ...base.layout, nodes: { ...base.layout.nodes, 'dag-1': { ...dag, width: (dag.width ?? 0) + 200, height: (dag.height ?? 0) + 100 } } } });
    expect(grown.nodes.filter((n) => !a.nodes.includes(n)).map((n) => n.id)).toEqual(['dag-1']);
  });

  it('maps a run of moves, resizes, selections, badge and design changes as a fresh mapper maps each state', () => {
    type Step =
      | { kind: 'move'; pick: number; dx: number; dy: number }
      | { kind: 'resize'; pick: number; dw: number; dh: number }
      | { kind: 'select'; picks: number[] }
      | { kind: 'badge'; pick: number; error: number }
      | { kind: 'rename'; pick: number };
    const step: fc.Arbitrary<Step> = fc.oneof(
      fc.record({ kind: fc.constant('move' as const), pick: fc.nat(), dx: fc.integer({ min: -400, max: 400 }), dy: fc.integer({ min: -400, max: 400 }) }),
      fc.record({ kind: fc.constant('resize' as const), pick: fc.nat(), dw: fc.integer({ min: 0, max: 300 }), dh: fc.integer({ min: 0, max: 200 }) }),
      fc.record({ kind: fc.constant('select' as const), picks: fc.array(fc.nat(), { maxLength: 4 }) }),
      fc.record({ kind: fc.constant('badge' as const), pick: fc.nat(), error: fc.integer({ min: 0, max: 2 }) }),
      fc.record({ kind: fc.constant('rename' as const), pick: fc.nat() }),
    );
    fc.assert(
      fc.property(fc.constantFrom(...EXAMPLE_NAMES), fc.array(step, { minLength: 1, maxLength: 12 }), (name, steps) => {
        const doc = loadExample(name);
        const map = createCanvasMapper();
        let state: CanvasInput = { design: doc.design, layout: doc.layout, badges: new Map(), selection: new Set() };
        const first = map(state);
        const nodeIds = first.nodes.map((n) => n.id);
        const ids = [...nodeIds, ...first.edges.map((e) => e.id)];
        for (const st of steps) {
          if (st.kind === 'move') {
            const id = nodeIds[st.pick % nodeIds.length];
            const e = state.layout.nodes[id] ?? { x: 0, y: 0 };
            state = { ...state, layout: { ...state.layout, nodes: { ...state.layout.nodes, [id]: { ...e, x: e.x + st.dx, y: e.y + st.dy } } } };
          } else if (st.kind === 'resize') {
            // AD sites, DAGs and subnet buses keep their size in the layout.
            const sized = nodeIds.filter((id) => state.layout.nodes[id]?.width !== undefined);
            if (sized.length === 0) continue;
            const id = sized[st.pick % sized.length];
            const e = state.layout.nodes[id];
            state = { ...state, layout: { ...state.layout, nodes: { ...state.layout.nodes, [id]: { ...e, width: (e.width ?? 0) + st.dw, height: (e.height ?? 0) + st.dh } } } };
          } else if (st.kind === 'select') {
            state = { ...state, selection: new Set(st.picks.map((i) => ids[i % ids.length])) };
          } else if (st.kind === 'badge') {
            const badges = new Map<string, BadgeCounts>(state.badges);
            badges.set(nodeIds[st.pick % nodeIds.length], { error: st.error, warning: 0, info: 0 });
            state = { ...state, badges };
          } else {
            const server = state.design.servers[st.pick % Math.max(1, state.design.servers.length)];
            if (!server) continue;
            const edited = updateEntity({ ...doc, design: state.design, layout: state.layout }, 'server', server.id, { name: `${server.name.slice(0, 10)}X` });
            if (edited.ok) state = { ...state, design: edited.doc.design };
          }
          const got = map(state);
          const fresh = createCanvasMapper()(state);
          expect(got.nodes).toEqual(fresh.nodes);
          expect(got.edges).toEqual(fresh.edges);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('marks selected nodes and edges', () => {
    const nic = edgeId({ kind: 'nic', serverId: 'srv-ex2', nicId: 'nic-ex2-primary' });
    const { nodes, edges } = createCanvasMapper()(input('seed-lab', ['srv-ex4', nic]));
    expect(nodes.filter((n) => n.selected).map((n) => n.id)).toEqual(['srv-ex4']);
    expect(edges.filter((e) => e.selected).map((e) => e.id)).toEqual([nic]);
  });
});
