import { describe, expect, it } from 'vitest';
import { loadExample } from '../../test/fixtures/designs';
import { loadDesignValue } from '../model/load';
import { copyEntities, duplicateEntities, pasteClipboard } from './clipboard';
import type { EditResult } from './types';

function ok(r: EditResult): Extract<EditResult, { ok: true }> {
  if (!r.ok) throw new Error(`expected the edit to succeed: ${r.reason}`);
  return r;
}

describe('copy and paste', () => {
  it('pastes servers with the next free names and addresses, keeping the NLB membership among them', () => {
    const doc = loadExample('seed-lab');
    const clip = copyEntities(doc, ['srv-ex3', 'srv-ex4', 'nlb-casarray']);
    if (!clip) throw new Error('nothing copied');
    const r = ok(pasteClipboard(doc, clip, { dx: 40, dy: 40 }));
    const d = r.doc.design;
    expect(d.servers.map((s) => s.name)).toEqual(['EX2', 'EX3', 'EX4', 'EX5', 'EX6']);
    const pasted = d.nlbClusters[1];
    expect(pasted.fqdn).toBe('nlb1.exchangeserverpro.local');
    expect(pasted.members.map((m) => d.servers.find((s) => s.id === m.serverId)?.name)).toEqual(['EX5', 'EX6']);
    const addresses = d.servers.flatMap((s) => s.nics.map((n) => n.ipv4)).concat(d.nlbClusters.map((c) => c.vip));
    expect(new Set(addresses).size).toBe(addresses.length);
    expect(r.doc.layout.nodes[d.servers[3].id]).toEqual({ x: doc.layout.nodes['srv-ex3'].x + 40, y: doc.layout.nodes['srv-ex3'].y + 40 });
    expect(r.created).toHaveLength(3);
    expect(loadDesignValue(r.doc).ok).toBe(true);
  });

  it('pastes an AD site with its contents into a new site and a free address block, host parts kept', () => {
    const doc = loadExample('minimal-ha');
    const clip = copyEntities(doc, ['site-hq']);
    if (!clip) throw new Error('nothing copied');
    const r = ok(pasteClipboard(doc, clip, { dx: 1500, dy: 0 }));
    const d = r.doc.design;
    expect(d.sites).toHaveLength(2);
    expect(d.subnets.map((s) => s.cidr)).toEqual(['10.0.1.0/24', '10.0.2.0/24', '192.168.0.0/24', '192.168.1.0/24']);
    const cas3 = d.servers.find((s) => s.name === 'CAS3');
    expect(cas3?.nics.map((n) => n.ipv4)).toEqual(['192.168.0.11', '192.168.0.21']);
    expect(d.casArrays).toHaveLength(2);
    expect(d.dags[1].memberIds).toHaveLength(2);
    const result = loadDesignValue(r.doc);
    expect(result.ok ? [] : result.problems.map((p) => p.message)).toEqual([]);
  });

  it('does not paste a second CAS array into the same AD site, and says so', () => {
    const doc = loadExample('seed-lab');
    const clip = copyEntities(doc, ['casarray-default']);
    if (!clip) throw new Error('nothing copied');
    const r = pasteClipboard(doc, clip, { dx: 10, dy: 10 });
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.doc.design.casArrays).toHaveLength(1);
      expect(r.notes).toEqual(['CAS array CASArray was not pasted: its AD site already has CAS array CASArray.']);
    }
  });

  it('copies nothing when nothing copyable is selected', () => {
    expect(copyEntities(loadExample('seed-lab'), ['ghost'])).toBeNull();
  });
});

describe('duplicate', () => {
  it('duplicates a server beside the original (offset), with the next free name and address, and says so', () => {
    const doc = loadExample('seed-lab');
    const r = ok(duplicateEntities(doc, ['srv-ex2'], { dx: 40, dy: 40 }));
    const copy = r.doc.design.servers.find((s) => s.id === r.created[0]);
    expect(copy?.name).toBe('EX5');
    expect(r.doc.layout.nodes[r.created[0]]).toEqual({ x: doc.layout.nodes['srv-ex2'].x + 40, y: doc.layout.nodes['srv-ex2'].y + 40 });
    expect(r.notes[0]).toBe('Duplicated EX5.');
    expect(loadDesignValue(r.doc).ok).toBe(true);
  });

  it('refuses when nothing copyable is selected', () => {
    expect(duplicateEntities(loadExample('seed-lab'), [], { dx: 40, dy: 40 })).toEqual({ ok: false, reason: 'Select servers, subnets, groups or load balancers to duplicate.' });
  });
});
