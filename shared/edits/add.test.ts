import { describe, expect, it } from 'vitest';
import { loadExample } from '../../test/fixtures/designs';
import { loadDesignValue } from '../model/load';
import type { DesignDocument } from '../model/types';
import { emptyDesignDocument } from './document';
import { PALETTE, addDatabase, addFromPalette } from './add';
import { SLOT_GAP } from './move';
import type { EditResult } from './types';

function ok(r: EditResult): Extract<EditResult, { ok: true }> {
  if (!r.ok) throw new Error(`expected the edit to succeed: ${r.reason}`);
  return r;
}

describe('adding from the palette', () => {
  it('names a new server after the design habit (EX5 after EX2–EX4) and gives it the next free address', () => {
    const r = ok(addFromPalette(loadExample('seed-lab'), 'cas-hub', { x: 120, y: 400 }));
    const ex5 = r.doc.design.servers.find((s) => s.id === r.created[0]);
    expect(ex5).toMatchObject({ name: 'EX5', fqdn: 'ex5.exchangeserverpro.local', roles: ['CAS', 'HT'], siteId: 'site-default' });
    expect(ex5?.nics).toEqual([{ id: 'nic-ex5-primary', name: 'Primary', subnetId: 'subnet-lan', ipv4: '192.168.0.39', purpose: 'mapi' }]);
    // Dropped on the NLB cluster (x 250–510): laid out right of it instead of on top.
    expect(r.doc.layout.nodes[ex5?.id ?? '']).toEqual({ x: 530, y: 400 });
    expect(loadDesignValue(r.doc).ok).toBe(true);
  });

  it('keeps a server dropped on free room where it was dropped', () => {
    const r = ok(addFromPalette(loadExample('seed-lab'), 'cas-hub', { x: 600, y: 400 }));
    expect(r.doc.layout.nodes[r.created[0]]).toEqual({ x: 600, y: 400 });
  });

  it('continues the numbering of servers with the same roles (MB3 in the minimal HA design)', () => {
    const r = ok(addFromPalette(loadExample('minimal-ha'), 'mailbox', { x: 100, y: 300 }));
    expect(r.doc.design.servers.find((s) => s.id === r.created[0])?.name).toBe('MB3');
  });

  it('gives a Mailbox server its first database, and adds it to the DAG it is dropped into', () => {
    const doc = loadExample('minimal-ha');
    const dag = doc.layout.nodes['dag-1'];
    const r = ok(addFromPalette(doc, 'mailbox', { x: dag.x + 40, y: dag.y + 50 }));
    const mb3 = r.doc.design.servers.find((s) => s.name === 'MB3');
    expect(mb3?.os.edition).toBe('Enterprise');
    expect(r.doc.design.dags[0].memberIds).toContain(mb3?.id);
    const db = r.doc.design.databases.find((d) => d.copies.some((c) => c.serverId === mb3?.id));
    expect(db?.name).toMatch(/^Mailbox Database \d+$/);
    expect(r.notes.some((n) => n.startsWith('Added MB3 to DAG DAG1'))).toBe(true);
    // Dropped on MB1: laid out beside MB2 (the last member), and the DAG grew to hold it.
    const mb2 = doc.layout.nodes['srv-mb2'];
    expect(r.doc.layout.nodes[mb3?.id ?? '']).toEqual({ x: mb2.x + 200 + SLOT_GAP, y: mb2.y });
    const grown = r.doc.layout.nodes['dag-1'];
    expect(grown.x + (grown.width ?? 0)).toBeGreaterThanOrEqual(mb2.x + 2 * 200 + SLOT_GAP);
  });

  it('grows the AD site so that it keeps holding a server dropped at its edge', () => {
    const doc = loadExample('seed-lab');
    const site = doc.layout.nodes['site-default'];
    const r = ok(addFromPalette(doc, 'hub', { x: site.x + (site.width ?? 0) - 50, y: site.y + 200 }));
    const grown = r.doc.layout.nodes['site-default'];
    expect((grown.width ?? 0) > (site.width ?? 0)).toBe(true);
  });

  it('creates the default AD site when the design has none, and a MAPI subnet with a gateway', () => {
    const r = ok(addFromPalette(emptyDesignDocument(), 'subnet', { x: 0, y: 0 }));
    expect(r.doc.design.sites.map((s) => s.name)).toEqual(['Default-First-Site-Name']);
    expect(r.doc.design.subnets).toEqual([{ id: 'subnet-192-168-0-0-24', siteId: r.doc.design.sites[0].id, cidr: '192.168.0.0/24', gateway: '192.168.0.1', purpose: 'mapi' }]);
    const second = ok(addFromPalette(r.doc, 'subnet', { x: 0, y: 80 }));
    expect(second.doc.design.subnets[1]).toMatchObject({ cidr: '192.168.1.0/24', purpose: 'replication' });
    expect(second.doc.design.subnets[1].gateway).toBeUndefined();
  });

  it('places an NLB cluster on the nearest MAPI subnet with the next free VIP and the default all-ports rule', () => {
    const r = ok(addFromPalette(loadExample('seed-lab'), 'nlb', { x: 600, y: 400 }));
    expect(r.doc.design.nlbClusters[1]).toMatchObject({ fqdn: 'nlb1.exchangeserverpro.local', vip: '192.168.0.39', subnetId: 'subnet-lan', mode: 'unicast', members: [] });
    expect(r.doc.design.nlbClusters[1].portRules).toEqual([{ startPort: 0, endPort: 65535, protocol: 'Both', affinity: 'Single' }]);
  });

  it('refuses a load balancer when there is no subnet for its VIP', () => {
    const site = ok(addFromPalette(emptyDesignDocument(), 'site', { x: 0, y: 0 })).doc;
    expect(addFromPalette(site, 'nlb', { x: 10, y: 10 })).toEqual({ ok: false, reason: 'Add a subnet first: the virtual IP (VIP) of a Windows NLB cluster lives in a subnet.' });
    expect(addFromPalette(site, 'hlb', { x: 10, y: 10 })).toEqual({ ok: false, reason: 'Add a subnet first: the virtual IP (VIP) of a hardware load balancer lives in a subnet.' });
  });

  it('refuses a second CAS array in an AD site', () => {
    expect(addFromPalette(loadExample('seed-lab'), 'cas-array', { x: 100, y: 100 })).toEqual({
      ok: false,
      reason: 'AD site Default-First-Site-Name already has CAS array CASArray: one CAS array per AD site.',
    });
  });

  it('creates a CAS array named CASArray with an internal FQDN, and a DAG with a Hub Transport witness', () => {
    let doc: DesignDocument = ok(addFromPalette(emptyDesignDocument(), 'subnet', { x: 0, y: 0 })).doc;
    doc = ok(addFromPalette(doc, 'cas-hub', { x: 20, y: 100 })).doc;
    const array = ok(addFromPalette(doc, 'cas-array', { x: 20, y: 300 }));
    expect(array.doc.design.casArrays[0]).toMatchObject({ name: 'CASArray', fqdn: 'casarray.contoso.local', nlbClusterId: null, hardwareLoadBalancerId: null });
    const dag = ok(addFromPalette(doc, 'dag', { x: 300, y: 100 }));
    expect(dag.doc.design.dags[0]).toMatchObject({ name: 'DAG1', witnessServerId: doc.design.servers[0].id, witnessDirectory: 'C:\\DAG1' });
  });

  it('offers every palette item named in the designer sketch', () => {
    expect(PALETTE.map((p) => p.kind)).toEqual(['cas', 'hub', 'mailbox', 'cas-hub', 'multi-role', 'edge', 'dag', 'site', 'nlb', 'hlb', 'cas-array', 'subnet']);
    for (const item of PALETTE) {
      const r = addFromPalette(loadExample('minimal-ha'), item.kind, { x: 50, y: 900 });
      if (item.kind === 'cas-array') expect(r.ok).toBe(false);
      else expect(r.ok && loadDesignValue(r.doc).ok).toBe(true);
    }
  });
});

describe('adding a database', () => {
  it('adds a database with copies on the given Mailbox servers, preferences in order', () => {
    const r = ok(addDatabase(loadExample('minimal-ha'), ['srv-mb2', 'srv-mb1']));
    const db = r.doc.design.databases.find((d) => d.id === r.created[0]);
    expect(db?.copies.map((c) => [c.serverId, c.activationPreference])).toEqual([
      ['srv-mb2', 1],
      ['srv-mb1', 2],
    ]);
  });
  it('refuses copies on servers that are not Mailbox servers or do not exist', () => {
    expect(addDatabase(loadExample('minimal-ha'), ['srv-cas1'])).toEqual({ ok: false, reason: 'CAS1 is not a Mailbox server: database copies live on Mailbox servers.' });
    expect(addDatabase(loadExample('minimal-ha'), ['nope'])).toEqual({ ok: false, reason: 'There is no server "nope" in the design.' });
  });
});
