import ELK from 'elkjs/lib/elk.bundled.js';
import type { ElkNode } from 'elkjs/lib/elk-api';
import { describe, expect, it } from 'vitest';
import { loadExample } from '../../test/fixtures/designs';
import { bandFromElk, completeLayout, elkGraphForSite, layoutWithBands, siteContents } from './autoLayout';
import type { Band, ElkGraphNode } from './autoLayout';
import { containsPoint } from '../diagram/geometry';
import { buildCanvasIndex, canvasBounds, growGroupsToFit, nodeAt, rectOf } from './geometry';

describe('canvas geometry', () => {
  it('knows which group holds which node', () => {
    const index = buildCanvasIndex(loadExample('minimal-ha').design);
    expect(index.parentOf.get('srv-mb1')).toBe('dag-1');
    expect(index.parentOf.get('dag-1')).toBe('site-hq');
    expect(index.parentOf.get('nlb-cas')).toBe('site-hq');
    expect(index.parentOf.get('site-hq')).toBeNull();
  });

  it('knows the rectangle holding every node (what fitting the view frames)', () => {
    const doc = loadExample('seed-lab');
    const index = buildCanvasIndex(doc.design);
    const rects = [...index.kindOf].map(([id, kind]) => rectOf(kind, doc.layout.nodes[id]));
    const bounds = canvasBounds(index, doc.layout);
    expect(bounds).toEqual({
      x: Math.min(...rects.map((r) => r.x)),
      y: Math.min(...rects.map((r) => r.y)),
      width: Math.max(...rects.map((r) => r.x + r.width)) - Math.min(...rects.map((r) => r.x)),
      height: Math.max(...rects.map((r) => r.y + r.height)) - Math.min(...rects.map((r) => r.y)),
    });
    expect(canvasBounds(buildCanvasIndex({ ...doc.design, sites: [], subnets: [], servers: [], nlbClusters: [], hardwareLoadBalancers: [], casArrays: [], dags: [] }), doc.layout)).toBeNull();
  });

  it('finds the innermost node under a point', () => {
    const doc = loadExample('minimal-ha');
    const index = buildCanvasIndex(doc.design);
    const mb1 = doc.layout.nodes['srv-mb1'];
    const dag = doc.layout.nodes['dag-1'];
    expect(nodeAt(index, doc.layout, { x: mb1.x + 5, y: mb1.y + 5 })).toBe('srv-mb1');
    expect(nodeAt(index, doc.layout, { x: dag.x + 5, y: dag.y + 5 })).toBe('dag-1');
    expect(nodeAt(index, doc.layout, { x: mb1.x + 5, y: mb1.y + 5 }, 'srv-mb1')).toBe('dag-1');
    expect(nodeAt(index, doc.layout, { x: -5000, y: -5000 })).toBeNull();
  });

  it('grows a DAG and its site to hold a member moved past their edge, and leaves them otherwise', () => {
    const doc = loadExample('minimal-ha');
    expect(growGroupsToFit(doc.design, doc.layout)).toBe(doc.layout);
    const far = { ...doc.layout, nodes: { ...doc.layout.nodes, 'srv-mb2': { x: 3000, y: 200 } } };
    const grown = growGroupsToFit(doc.design, far);
    const member = rectOf('server', grown.nodes['srv-mb2']);
    for (const [id, kind] of [['dag-1', 'dag'], ['site-hq', 'site']] as const) {
      const r = rectOf(kind, grown.nodes[id]);
      expect(containsPoint(r, { x: member.x + member.width, y: member.y + member.height })).toBe(true);
    }
  });
});

describe('automatic layout', () => {
  it('places every node of a design that has no positions, the way the PDF diagram does', () => {
    const doc = loadExample('minimal-ha');
    const layout = completeLayout(doc.design, { nodes: {} });
    expect(Object.keys(layout.nodes).sort()).toEqual([...buildCanvasIndex(doc.design).kindOf.keys()].sort());
    expect(completeLayout(doc.design, doc.layout)).toBe(doc.layout);
  });

  it('lays out each site with ELK: client buses on top, servers, load balancers below their members, replication buses last', async () => {
    const doc = loadExample('minimal-ha');
    const elk = new ELK();
    const contents = siteContents(doc.design);
    const bands = new Map<string | null, Band>();
    for (const c of contents) bands.set(c.siteId, bandFromElk((await elk.layout(elkGraphForSite(doc.design, c) as ElkNode)) as ElkGraphNode, c));
    const n = layoutWithBands(contents, bands).nodes;
    expect(n['subnet-mapi'].y).toBeLessThan(n['srv-cas1'].y);
    expect(n['srv-cas1'].y).toBeLessThan(n['nlb-cas'].y);
    expect(n['nlb-cas'].y).toBeLessThan(n['casarray-hq'].y);
    expect(n['casarray-hq'].y).toBeLessThan(n['subnet-repl'].y);
    // The top row is aligned: the CAS servers and the DAG box start at the same height.
    expect(n['srv-cas1'].y).toBe(n['dag-1'].y);
    // DAG members inside their DAG box; every node inside the site.
    const dag = rectOf('dag', n['dag-1']);
    expect(containsPoint(dag, n['srv-mb1'])).toBe(true);
    const site = rectOf('site', n['site-hq']);
    for (const id of Object.keys(n)) expect(containsPoint(site, n[id])).toBe(true);
    // Buses span the site.
    expect(n['subnet-mapi'].width).toBeGreaterThan(site.width * 0.9);
  });
});
