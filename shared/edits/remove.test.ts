import { describe, expect, it } from 'vitest';
import { loadExample } from '../../test/fixtures/designs';
import { edgeId } from '../canvas/edgeIds';
import { loadDesignValue } from '../model/load';
import type { DesignDocument } from '../model/types';
import { deleteEntities } from './remove';
import type { EditResult } from './types';

function ok(r: EditResult): Extract<EditResult, { ok: true }> {
  if (!r.ok) throw new Error(`expected the edit to succeed: ${r.reason}`);
  return r;
}

function loads(doc: DesignDocument): void {
  const r = loadDesignValue(doc);
  expect(r.ok ? [] : r.problems.map((p) => p.message)).toEqual([]);
}

describe('deleting with reference cleanup', () => {
  it('deletes a server with its NICs, NLB membership, layout and the database that only it held', () => {
    const r = ok(deleteEntities(loadExample('seed-lab'), ['srv-ex2', 'srv-ex4']));
    const d = r.doc.design;
    expect(d.servers.map((s) => s.name)).toEqual(['EX3']);
    expect(d.nlbClusters[0].members.map((m) => m.serverId)).toEqual(['srv-ex3']);
    expect(d.databases).toEqual([]);
    expect(r.doc.layout.nodes['srv-ex2']).toBeUndefined();
    expect(r.notes).toEqual(['Deleted 2 servers.', 'Deleted Mailbox Database 02: no copy of it was left.']);
    loads(r.doc);
  });

  it('keeps a database whose other copies remain, with activation preferences renumbered', () => {
    const r = ok(deleteEntities(loadExample('minimal-ha'), ['srv-mb1']));
    const d = r.doc.design;
    expect(d.dags[0].memberIds).toEqual(['srv-mb2']);
    for (const db of d.databases) expect(db.copies.map((c) => [c.serverId, c.activationPreference])).toEqual([['srv-mb2', 1]]);
    loads(r.doc);
  });

  it('clears a DAG witness that is deleted', () => {
    const r = ok(deleteEntities(loadExample('minimal-ha'), ['srv-cas1']));
    expect(r.doc.design.dags[0].witnessServerId).toBeNull();
    loads(r.doc);
  });

  it('deletes a subnet with the NICs on it and the NLB clusters whose VIP it holds, unlinking the CAS array', () => {
    const r = ok(deleteEntities(loadExample('seed-lab'), ['subnet-lan']));
    const d = r.doc.design;
    expect(d.nlbClusters).toEqual([]);
    expect(d.casArrays[0].nlbClusterId).toBeNull();
    expect(d.servers.every((s) => s.nics.length === 0)).toBe(true);
    loads(r.doc);
  });

  it('deletes an AD site with everything placed in it', () => {
    const r = ok(deleteEntities(loadExample('minimal-ha'), ['site-hq']));
    const d = r.doc.design;
    expect([d.sites, d.subnets, d.servers, d.nlbClusters, d.casArrays, d.dags, d.databases].map((l) => l.length)).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(r.doc.layout.nodes).toEqual({});
    loads(r.doc);
  });

  it('deletes relations by their canvas edge: a NIC, an NLB membership, a CAS array link, a DAG IP', () => {
    const doc = loadExample('minimal-ha');
    const r = ok(
      deleteEntities(doc, [
        edgeId({ kind: 'nic', serverId: 'srv-mb1', nicId: doc.design.servers.find((s) => s.id === 'srv-mb1')?.nics[1].id ?? '' }),
        edgeId({ kind: 'nlbMember', clusterId: 'nlb-cas', serverId: 'srv-cas2' }),
        edgeId({ kind: 'casArrayLb', casArrayId: 'casarray-hq', lbId: 'nlb-cas' }),
        edgeId({ kind: 'dagIp', dagId: 'dag-1', subnetId: 'subnet-mapi' }),
      ]),
    );
    const d = r.doc.design;
    expect(d.servers.find((s) => s.id === 'srv-mb1')?.nics).toHaveLength(1);
    expect(d.nlbClusters[0].members.map((m) => m.serverId)).toEqual(['srv-cas1']);
    expect(d.servers.find((s) => s.id === 'srv-cas2')?.nics).toHaveLength(2);
    expect(d.casArrays[0].nlbClusterId).toBeNull();
    expect(d.dags[0].ipAddresses).toEqual([]);
    loads(r.doc);
  });

  it('removes an NLB membership when the NIC it uses is deleted', () => {
    const r = ok(deleteEntities(loadExample('seed-lab'), ['nic-ex3-nlb']));
    expect(r.doc.design.nlbClusters[0].members.map((m) => m.serverId)).toEqual(['srv-ex4']);
    loads(r.doc);
  });

  it('refuses when nothing selected exists', () => {
    expect(deleteEntities(loadExample('seed-lab'), ['ghost'])).toEqual({ ok: false, reason: 'Nothing to delete: select objects or connections on the canvas first.' });
  });
});
