import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadDesignText } from '../../shared/model';

const seed = readFileSync(new URL('../../examples/seed-lab.extopo.json', import.meta.url), 'utf8');

describe('loading a design file', () => {
  it('loads the seed lab with its three servers and the NLB cluster', () => {
    const r = loadDesignText(seed);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.document.design.servers.map((s) => s.name)).toEqual(['EX2', 'EX3', 'EX4']);
    expect(r.document.design.nlbClusters[0].vip).toBe('192.168.0.38');
  });

  it('reports the line and column of a JSON syntax error', () => {
    const broken = seed.replace('"name": "EX3",', '"name": "EX3"');
    const r = loadDesignText(broken);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems[0].line).toBeGreaterThan(40);
    expect(r.problems[0].message).toMatch(/line \d+, column \d+/);
  });

  it('names both ends of a dangling reference', () => {
    const r = loadDesignText(seed.replace('"serverId": "srv-ex4", "nicId"', '"serverId": "srv-ex9", "nicId"'));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const msg = r.problems.map((p) => p.message).join('\n');
    expect(msg).toContain('NLB cluster casarray.exchangeserverpro.local');
    expect(msg).toContain('"srv-ex9"');
  });

  it('migrates a format-1 file with inline positions into the layout section', () => {
    const doc = JSON.parse(seed);
    doc.formatVersion = 1;
    delete doc.layout;
    doc.design.servers[0].position = { x: 10, y: 20 };
    const r = loadDesignText(JSON.stringify(doc));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.migrated).toHaveLength(1);
    expect(r.document.layout.nodes['srv-ex2']).toEqual({ x: 10, y: 20 });
  });
});
