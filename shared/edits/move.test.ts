import { describe, expect, it } from 'vitest';
import { loadExample } from '../../test/fixtures/designs';
import type { DesignDocument } from '../model/types';
import { SLOT_GAP, bringIntoGroup, dropNodes, moveNodes, resizeNode } from './move';
import type { EditResult } from './types';

function ok(r: EditResult): Extract<EditResult, { ok: true }> {
  if (!r.ok) throw new Error(`expected the edit to succeed: ${r.reason}`);
  return r;
}

/** minimal-ha with MB1 and MB2 still in DAG1 and a third Mailbox server (Enterprise) outside it. */
function withMb3(): DesignDocument {
  const doc = loadExample('minimal-ha');
  const mb1 = doc.design.servers.find((s) => s.id === 'srv-mb1');
  if (!mb1) throw new Error('fixture changed');
  const mb3 = { ...mb1, id: 'srv-mb3', name: 'MB3', fqdn: 'mb3.contoso.local', nics: [{ ...mb1.nics[0], id: 'nic-mb3', ipv4: '10.0.1.99' }] };
  return { ...doc, design: { ...doc.design, servers: [...doc.design.servers, mb3] }, layout: { ...doc.layout, nodes: { ...doc.layout.nodes, 'srv-mb3': { x: 60, y: 560 } } } };
}

describe('moving nodes', () => {
  it('moves a group together with its members', () => {
    const doc = loadExample('minimal-ha');
    const dag = doc.layout.nodes['dag-1'];
    const mb1 = doc.layout.nodes['srv-mb1'];
    const r = ok(moveNodes(doc, [{ id: 'dag-1', x: dag.x + 30, y: dag.y + 20 }]));
    expect(r.doc.layout.nodes['srv-mb1']).toEqual({ ...mb1, x: mb1.x + 30, y: mb1.y + 20 });
    expect(r.doc.design).toBe(doc.design);
  });

  it('moves an AD site with its subnets, servers, DAGs and their members', () => {
    const doc = loadExample('minimal-ha');
    const r = ok(moveNodes(doc, [{ id: 'site-hq', x: doc.layout.nodes['site-hq'].x - 100, y: doc.layout.nodes['site-hq'].y }]));
    for (const id of ['subnet-mapi', 'srv-cas1', 'dag-1', 'srv-mb2', 'nlb-cas', 'casarray-hq']) expect(r.doc.layout.nodes[id].x).toBe(doc.layout.nodes[id].x - 100);
  });

  it('refuses to move nodes that are not in the design', () => {
    expect(moveNodes(loadExample('seed-lab'), [{ id: 'ghost', x: 0, y: 0 }])).toEqual({ ok: false, reason: 'Nothing to move: the nodes are not in the design.' });
  });
});

describe('dropping nodes changes what holds them', () => {
  it('adds a Mailbox server dropped into a DAG, and removes it when dragged out', () => {
    const doc = withMb3();
    const dag = doc.layout.nodes['dag-1'];
    const joined = ok(dropNodes(doc, [{ id: 'srv-mb3', x: dag.x + 20, y: dag.y + 40 }]));
    expect(joined.doc.design.dags[0].memberIds).toEqual(['srv-mb1', 'srv-mb2', 'srv-mb3']);
    expect(joined.notes).toEqual(['Added MB3 to DAG DAG1.']);
    const left = ok(dropNodes(joined.doc, [{ id: 'srv-mb3', x: 60, y: 560 }]));
    expect(left.doc.design.dags[0].memberIds).toEqual(['srv-mb1', 'srv-mb2']);
    expect(left.notes).toEqual(['MB3 left DAG DAG1.']);
  });

  it('keeps the membership when the DAG refuses the server, and says why', () => {
    const doc = loadExample('minimal-ha');
    const dag = doc.layout.nodes['dag-1'];
    const r = ok(dropNodes(doc, [{ id: 'srv-cas2', x: dag.x + 20, y: dag.y + 40 }]));
    expect(r.doc.design.dags[0].memberIds).toEqual(['srv-mb1', 'srv-mb2']);
    expect(r.notes).toEqual(['CAS2 is not a Mailbox server (it has CAS+HT): only Mailbox servers can join a DAG.']);
    // Not a member, so it goes back where it was rather than sitting on top of the members.
    expect(r.doc.layout.nodes['srv-cas2']).toMatchObject({ x: doc.layout.nodes['srv-cas2'].x, y: doc.layout.nodes['srv-cas2'].y });
  });

  it('lays a server dropped into a DAG out beside the members (never on top of one) and grows the DAG', () => {
    const doc = withMb3();
    const mb1 = doc.layout.nodes['srv-mb1'];
    const mb2 = doc.layout.nodes['srv-mb2'];
    const dag = doc.layout.nodes['dag-1'];
    // Dropped right on top of MB1.
    const r = ok(dropNodes(doc, [{ id: 'srv-mb3', x: mb1.x + 10, y: mb1.y + 10 }]));
    const mb3 = r.doc.layout.nodes['srv-mb3'];
    expect(mb3).toMatchObject({ x: mb2.x + 200 + SLOT_GAP, y: mb2.y });
    const grown = r.doc.layout.nodes['dag-1'];
    expect(grown.x + (grown.width ?? 0)).toBeGreaterThanOrEqual(mb3.x + 200);
    expect(grown.width).toBeGreaterThan(dag.width ?? 0);
    const site = r.doc.layout.nodes['site-hq'];
    expect(site.x + (site.width ?? 0)).toBeGreaterThanOrEqual(grown.x + (grown.width ?? 0));
    for (const other of ['srv-mb1', 'srv-mb2']) {
      const o = r.doc.layout.nodes[other];
      expect(mb3.x >= o.x + 200 || mb3.x + 200 <= o.x || mb3.y >= o.y + 84 || mb3.y + 84 <= o.y, `MB3 overlaps ${other}`).toBe(true);
    }
  });

  it('a server dropped into an AD site on top of another card moves right until it covers none', () => {
    const doc = loadExample('seed-lab');
    const two: DesignDocument = {
      ...doc,
      design: { ...doc.design, sites: [...doc.design.sites, { id: 'site-b', name: 'Branch' }] },
      layout: { ...doc.layout, nodes: { ...doc.layout.nodes, 'site-b': { x: 2000, y: 0, width: 800, height: 500 } } },
    };
    const first = ok(dropNodes(two, [{ id: 'srv-ex2', x: 2100, y: 200 }]));
    const second = ok(dropNodes(first.doc, [{ id: 'srv-ex3', x: 2110, y: 210 }]));
    expect(second.doc.layout.nodes['srv-ex3']).toMatchObject({ x: 2100 + 200 + SLOT_GAP, y: 210 });
  });
});

describe('bringIntoGroup', () => {
  it('brings a server into a DAG beside its members, with the membership', () => {
    const doc = withMb3();
    const r = ok(bringIntoGroup(doc, ['srv-mb3'], 'dag-1'));
    expect(r.doc.design.dags[0].memberIds).toContain('srv-mb3');
    expect(r.doc.layout.nodes['srv-mb3']).toMatchObject({ x: doc.layout.nodes['srv-mb2'].x + 200 + SLOT_GAP, y: doc.layout.nodes['srv-mb2'].y });
  });

  it('brings a server into another AD site, below what it holds', () => {
    const doc = loadExample('seed-lab');
    const two: DesignDocument = {
      ...doc,
      design: { ...doc.design, sites: [...doc.design.sites, { id: 'site-b', name: 'Branch' }] },
      layout: { ...doc.layout, nodes: { ...doc.layout.nodes, 'site-b': { x: 2000, y: 0, width: 800, height: 500 } } },
    };
    const r = ok(bringIntoGroup(two, ['srv-ex2'], 'site-b'));
    expect(r.doc.design.servers.find((s) => s.id === 'srv-ex2')?.siteId).toBe('site-b');
    const at = r.doc.layout.nodes['srv-ex2'];
    expect(at.x).toBeGreaterThan(2000);
    expect(at.y).toBeGreaterThan(0);
  });

  it('refuses what cannot go in', () => {
    const doc = loadExample('minimal-ha');
    expect(bringIntoGroup(doc, ['srv-mb1'], 'dag-1')).toEqual({ ok: false, reason: 'Only servers outside this DAG can be brought into it.' });
    expect(bringIntoGroup(doc, ['srv-mb1'], 'srv-cas1').ok).toBe(false);
  });

  it('moves a server into the AD site it is dropped in', () => {
    const doc = loadExample('seed-lab');
    const two: DesignDocument = {
      ...doc,
      design: { ...doc.design, sites: [...doc.design.sites, { id: 'site-b', name: 'Branch' }] },
      layout: { ...doc.layout, nodes: { ...doc.layout.nodes, 'site-b': { x: 2000, y: 0, width: 800, height: 500 } } },
    };
    const r = ok(dropNodes(two, [{ id: 'srv-ex2', x: 2100, y: 200 }]));
    expect(r.doc.design.servers.find((s) => s.id === 'srv-ex2')?.siteId).toBe('site-b');
    expect(r.notes).toEqual(['EX2 moved to AD site Branch.']);
  });
});

describe('resizing', () => {
  it('resizes a subnet bus, and refuses servers', () => {
    const doc = loadExample('seed-lab');
    const r = ok(resizeNode(doc, 'subnet-lan', { x: 40, y: 60, width: 600, height: 40 }));
    expect(r.doc.layout.nodes['subnet-lan']).toEqual({ x: 40, y: 60, width: 600, height: 40 });
    expect(resizeNode(doc, 'srv-ex2', { x: 0, y: 0, width: 10, height: 10 })).toEqual({ ok: false, reason: 'Only AD sites, DAGs and subnets can be resized.' });
  });
  it('never shrinks an AD site below its members', () => {
    const doc = loadExample('seed-lab');
    const r = ok(resizeNode(doc, 'site-default', { x: 0, y: 0, width: 100, height: 100 }));
    const site = r.doc.layout.nodes['site-default'];
    const ex2 = doc.layout.nodes['srv-ex2'];
    expect(site.x + (site.width ?? 0)).toBeGreaterThan(ex2.x + 200);
    expect(site.y + (site.height ?? 0)).toBeGreaterThan(doc.layout.nodes['casarray-default'].y);
  });
});
