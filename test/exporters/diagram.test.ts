// The topology diagram (shared/diagram): what the PDF's topology page shows.
import { describe, expect, it } from 'vitest';
import { badgesFromFindings, buildDiagram, designDiagramSvg, escapeXml, everythingInSites, fitLabel, resolveLayout, ROLE_COLORS, SEVERITY_COLORS, subDiagram, textWidth } from '../../shared/diagram';
import type { Rect } from '../../shared/diagram';
import type { DesignDocument } from '../../shared/model/types';
import { planDesign } from '../../shared/planner/engine';
import { loadExample } from '../fixtures/designs';

function overlaps(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

function inside(inner: Rect, outer: Rect): boolean {
  return inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.width <= outer.x + outer.width && inner.y + inner.height <= outer.y + outer.height;
}

function withoutLayout(doc: DesignDocument): DesignDocument {
  return { ...doc, layout: { nodes: {} } };
}

describe('topology diagram', () => {
  it('draws the seed lab with its servers, addresses, VIP, CAS array and role colours', () => {
    const svg = designDiagramSvg(loadExample('seed-lab'));
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    for (const text of ['EX2', 'EX3', 'EX4', '192.168.0.32', '192.168.0.34', '192.168.0.35', '192.168.0.36', '192.168.0.37', 'casarray.exchangeserverpro.local', 'CAS array CASArray', 'AD site: Default-First-Site-Name']) {
      expect(svg).toContain(`>${text}<`);
    }
    expect(svg).toContain('VIP 192.168.0.38');
    expect(svg).toContain('>192.168.0.0/24  (client/MAPI, gateway 192.168.0.1)<');
    expect(svg).toContain(`fill="${ROLE_COLORS.CAS}"`);
    expect(svg).toContain(`fill="${ROLE_COLORS.HT}"`);
    expect(svg).toContain(`fill="${ROLE_COLORS.MB}"`);
  });

  it('puts objects where the design file placed them (absolute canvas coordinates)', () => {
    const doc = loadExample('minimal-ha');
    const diagram = buildDiagram(doc);
    const mb1 = diagram.nodes.find((n) => n.id === 'srv-mb1');
    const dag = diagram.nodes.find((n) => n.id === 'dag-1');
    expect(mb1).toMatchObject({ x: doc.layout.nodes['srv-mb1'].x, y: doc.layout.nodes['srv-mb1'].y, kind: 'server', roles: ['MB'] });
    expect(dag).toMatchObject({ x: 640, y: 150, width: 500, height: 300, kind: 'dag' });
    expect(dag?.lines.join(' ')).toContain('10.0.1.50');
    // MB1's replication NIC goes down to the replication bus, its MAPI NIC up to the MAPI bus.
    const repl = diagram.edges.find((e) => e.id === 'nic:' + doc.design.servers.find((s) => s.id === 'srv-mb1')?.nics.find((n) => n.purpose === 'replication')?.id);
    expect(repl?.label).toBe('10.0.2.31');
    expect(repl?.points[0].y).toBe(mb1!.y + mb1!.height);
    expect(repl?.points[repl.points.length - 1].y).toBe(doc.layout.nodes['subnet-repl'].y);
  });

  it('lays out a design without positions: no two cards overlap, members sit inside their DAG and site', () => {
    for (const name of ['seed-lab', 'minimal-ha'] as const) {
      const doc = withoutLayout(loadExample(name));
      const pos = resolveLayout(doc.design, doc.layout);
      const cards = [...doc.design.servers.map((s) => s.id), ...doc.design.nlbClusters.map((c) => c.id), ...doc.design.casArrays.map((a) => a.id), ...doc.design.subnets.map((s) => s.id)].map((id) => {
        const r = pos.get(id);
        expect(r, `${name}: ${id} has a position`).toBeDefined();
        return { id, r: r as Rect };
      });
      for (let i = 0; i < cards.length; i++) {
        for (let j = i + 1; j < cards.length; j++) expect(overlaps(cards[i].r, cards[j].r), `${cards[i].id} overlaps ${cards[j].id}`).toBe(false);
      }
      for (const dag of doc.design.dags) for (const m of dag.memberIds) expect(inside(pos.get(m)!, pos.get(dag.id)!)).toBe(true);
      for (const s of doc.design.servers) expect(inside(pos.get(s.id)!, pos.get(s.siteId)!)).toBe(true);
    }
  });

  it('cuts a multi-site diagram into one diagram per AD site, each holding that site\'s objects', () => {
    const doc = loadExample('large-lagged');
    const diagram = buildDiagram(doc);
    expect(everythingInSites(diagram)).toBe(true);
    for (const site of doc.design.sites) {
      const part = subDiagram(diagram, site.id);
      const ids = new Set(part?.nodes.map((n) => n.id));
      for (const server of doc.design.servers) expect(ids.has(server.id), `${server.name} in ${site.name}`).toBe(server.siteId === site.id);
      expect(part?.edges.every((e) => ids.has(e.from) && ids.has(e.to))).toBe(true);
      expect(part?.nodes.filter((n) => n.kind === 'site').map((n) => n.id)).toEqual([site.id]);
    }
    expect(subDiagram(diagram, 'no-such-site')).toBeNull();
  });

  it('marks objects named by planner errors and warnings with a badge of that colour', () => {
    const doc = loadExample('seed-lab');
    const badges = badgesFromFindings(planDesign(doc.design).findings);
    // The seed lab keeps the default all-ports NLB rule: a warning on the NLB cluster.
    expect(badges.get('nlb-casarray')).toBe('warning');
    const svg = designDiagramSvg(doc, { badges: new Map([['srv-ex3', 'error']]) });
    expect(svg).toContain(`<circle cx="278" cy="182" r="8" fill="${SEVERITY_COLORS.error}"`);
  });

  it('shortens labels that do not fit their box and escapes XML', () => {
    expect(fitLabel('casarray.exchangeserverpro.local', 100, 12, true)).toMatch(/…$/);
    expect(textWidth(fitLabel('casarray.exchangeserverpro.local', 100, 12, true), 12, true)).toBeLessThanOrEqual(100);
    expect(fitLabel('EX3', 100, 12)).toBe('EX3');
    expect(escapeXml(`<a & "b" 'c'>`)).toBe('&lt;a &amp; &quot;b&quot; &apos;c&apos;&gt;');
  });
});
