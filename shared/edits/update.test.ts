import { describe, expect, it } from 'vitest';
import { loadExample } from '../../test/fixtures/designs';
import { loadDesignValue } from '../model/load';
import type { EditResult } from './types';
import { updateEntities, updateEntity, updateNic, updateSettings } from './update';

function ok(r: EditResult): Extract<EditResult, { ok: true }> {
  if (!r.ok) throw new Error(`expected the edit to succeed: ${r.reason}`);
  return r;
}

describe('editing properties', () => {
  it('renames a server and keeps its default FQDN in step', () => {
    const r = ok(updateEntity(loadExample('seed-lab'), 'server', 'srv-ex3', { name: 'CAS01' }));
    expect(r.doc.design.servers.find((s) => s.id === 'srv-ex3')).toMatchObject({ name: 'CAS01', fqdn: 'cas01.exchangeserverpro.local' });
  });

  it('keeps a custom FQDN when the name changes', () => {
    const custom = ok(updateEntity(loadExample('seed-lab'), 'server', 'srv-ex3', { fqdn: 'mail-a.example.org' }));
    const r = ok(updateEntity(custom.doc, 'server', 'srv-ex3', { name: 'EX30' }));
    expect(r.doc.design.servers.find((s) => s.id === 'srv-ex3')?.fqdn).toBe('mail-a.example.org');
  });

  it('refuses a value the file format does not allow, naming the object and the field', () => {
    expect(updateEntity(loadExample('seed-lab'), 'server', 'srv-ex3', { name: 'EX 3' })).toEqual({
      ok: false,
      reason: 'EX3, name: only letters, digits and hyphens are allowed in a computer name',
    });
    expect(updateEntity(loadExample('seed-lab'), 'server', 'srv-ex3', { cores: 0 })).toMatchObject({ ok: false, reason: expect.stringMatching(/^EX3, cores: /) });
  });

  it('refuses a reference to an object that does not exist', () => {
    const r = updateEntity(loadExample('seed-lab'), 'server', 'srv-ex3', { siteId: 'nowhere' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/refers to site "nowhere"/);
  });

  it('refuses a CIDR with host bits set', () => {
    expect(updateEntity(loadExample('seed-lab'), 'subnet', 'subnet-lan', { cidr: '192.168.0.7/24' })).toEqual({
      ok: false,
      reason: '192.168.0.7/24 is not a network address with a prefix of /1–/30: the host bits must be 0 (e.g. 192.168.0.0/24).',
    });
  });

  it('renumbers every address of a subnet moved to another block of the same size', () => {
    const r = ok(updateEntity(loadExample('seed-lab'), 'subnet', 'subnet-lan', { cidr: '10.20.30.0/24' }));
    const d = r.doc.design;
    expect(d.subnets[0].gateway).toBe('10.20.30.1');
    expect(d.servers.flatMap((s) => s.nics.map((n) => n.ipv4))).toEqual(['10.20.30.32', '10.20.30.34', '10.20.30.36', '10.20.30.35', '10.20.30.37']);
    expect(d.nlbClusters[0].vip).toBe('10.20.30.38');
    expect(loadDesignValue(r.doc).ok).toBe(true);
  });

  it('removes a subnet gateway', () => {
    const r = ok(updateEntity(loadExample('seed-lab'), 'subnet', 'subnet-lan', { gateway: undefined }));
    expect('gateway' in r.doc.design.subnets[0]).toBe(false);
  });

  it('edits a NIC and refuses an address that is not IPv4', () => {
    const r = ok(updateNic(loadExample('seed-lab'), 'srv-ex3', 'nic-ex3-nlb', { ipv4: '192.168.0.46' }));
    expect(r.doc.design.servers.find((s) => s.id === 'srv-ex3')?.nics[1].ipv4).toBe('192.168.0.46');
    const bad = updateNic(loadExample('seed-lab'), 'srv-ex3', 'nic-ex3-nlb', { ipv4: '192.168.0.300' });
    expect(bad).toMatchObject({ ok: false, reason: expect.stringMatching(/^EX3, nics\.1\.ipv4: must be an IPv4 address/) });
    expect(updateNic(loadExample('seed-lab'), 'srv-ex3', 'nic-x', { name: 'A' })).toEqual({ ok: false, reason: 'There is no NIC "nic-x" on server "srv-ex3".' });
  });

  it('sets the same RAM on several servers at once (multi-select)', () => {
    const r = ok(updateEntities(loadExample('seed-lab'), 'server', ['srv-ex3', 'srv-ex4'], { ramGB: 12 }));
    expect(r.doc.design.servers.map((s) => s.ramGB)).toEqual([16, 12, 12]);
    expect(updateEntities(loadExample('seed-lab'), 'server', ['srv-ex3', 'ghost'], { ramGB: 12 })).toEqual({ ok: false, reason: 'There is no server "ghost" in the design.' });
  });

  it('edits the organization; server FQDNs that followed the old AD domain follow the new one', () => {
    const r = ok(updateSettings(loadExample('seed-lab'), { organization: { adDomain: 'corp.example' }, goals: { highlyAvailable: false }, title: 'Lab' }));
    expect(r.doc.design.servers.map((s) => s.fqdn)).toEqual(['ex2.corp.example', 'ex3.corp.example', 'ex4.corp.example']);
    expect(r.doc.design.goals.highlyAvailable).toBe(false);
    expect(r.doc.title).toBe('Lab');
  });

  it('removes and validates the sizing inputs', () => {
    const without = ok(updateSettings(loadExample('seed-lab'), { sizing: null }));
    expect('sizing' in without.doc.design).toBe(false);
    expect(loadDesignValue(without.doc).ok).toBe(true);
    const seed = loadExample('seed-lab');
    const sizing = seed.design.sizing!;
    const bad = updateSettings(seed, { sizing: { ...sizing, tiers: [{ ...sizing.tiers[0], mailboxCount: 0 }] } });
    expect(bad).toMatchObject({ ok: false, reason: expect.stringMatching(/^Sizing, tiers\.0\.mailboxCount: /) });
  });
});

describe('renaming a DAG', () => {
  it('moves the default witness directory along with the name, and leaves one the admin chose', () => {
    const doc = loadExample('minimal-ha');
    expect(doc.design.dags[0]).toMatchObject({ id: 'dag-1', name: 'DAG1' });
    const defaulted = { ...doc, design: { ...doc.design, dags: doc.design.dags.map((d) => ({ ...d, witnessDirectory: 'C:\\DAG1' })) } };
    const renamed = ok(updateEntity(defaulted, 'dag', 'dag-1', { name: 'DAG-HQ' }));
    expect(renamed.doc.design.dags[0]).toMatchObject({ name: 'DAG-HQ', witnessDirectory: 'C:\\DAG-HQ' });
    const chosen = { ...doc, design: { ...doc.design, dags: doc.design.dags.map((d) => ({ ...d, witnessDirectory: 'D:\\Witness\\Exchange' })) } };
    expect(ok(updateEntity(chosen, 'dag', 'dag-1', { name: 'DAG-HQ' })).doc.design.dags[0].witnessDirectory).toBe('D:\\Witness\\Exchange');
  });
});
