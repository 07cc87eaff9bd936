import { describe, expect, it } from 'vitest';
import { loadExample } from '../../test/fixtures/designs';
import { updateEntity } from '../edits/update';
import { planDesign } from '../planner';
import { badgesFromFindings, canvasIdsOf } from './badges';
import { edgeId, parseEdgeId } from './edgeIds';
import { createCanvasMapper } from './mapping';
import type { CanvasInput, NicEdgeData } from './mapping';

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

  it('marks selected nodes and edges', () => {
    const nic = edgeId({ kind: 'nic', serverId: 'srv-ex2', nicId: 'nic-ex2-primary' });
    const { nodes, edges } = createCanvasMapper()(input('seed-lab', ['srv-ex4', nic]));
    expect(nodes.filter((n) => n.selected).map((n) => n.id)).toEqual(['srv-ex4']);
    expect(edges.filter((e) => e.selected).map((e) => e.id)).toEqual([nic]);
  });
});
