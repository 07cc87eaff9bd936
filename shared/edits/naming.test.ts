import { describe, expect, it } from 'vitest';
import { loadExample } from '../../test/fixtures/designs';
import { Allocator, defaultFqdn, slug, usedAddresses } from './naming';
import { applyExchangeCasPortRules, exchangeCasPortRules } from './nlb';

describe('default names and addresses', () => {
  it('hands out different names and addresses within one allocator', () => {
    const d = loadExample('seed-lab').design;
    const a = new Allocator(d);
    expect([a.serverName(['MB']), a.serverName(['MB'])]).toEqual(['EX5', 'EX6']);
    expect([a.address(d, 'subnet-lan'), a.address(d, 'subnet-lan')]).toEqual(['192.168.0.39', '192.168.0.40']);
    expect([a.id('srv', 'EX2'), a.id('srv', 'EX2')]).toEqual(['srv-ex2-2', 'srv-ex2-3']);
  });

  it('keeps zero padding and falls back to EX for an empty design', () => {
    const d = loadExample('seed-lab').design;
    const padded = { ...d, servers: d.servers.map((s, i) => ({ ...s, name: `MBX0${i + 1}` })) };
    expect(new Allocator(padded).serverName(['CAS'])).toBe('MBX04');
    expect(new Allocator({ ...d, servers: [] }).serverName(['CAS'])).toBe('EX1');
  });

  it('wraps to the bottom of the subnet when the top is used, skipping the gateway', () => {
    const d = loadExample('seed-lab').design;
    const top = { ...d, servers: d.servers.map((s) => ({ ...s, nics: s.nics.map((n, i) => ({ ...n, ipv4: `192.168.0.${253 + i}` })) })), nlbClusters: [] };
    expect(new Allocator(top).address(top, 'subnet-lan')).toBe('192.168.0.2');
  });

  it('finds a free address block of the asked size', () => {
    const d = loadExample('minimal-ha').design;
    const a = new Allocator(d);
    expect([a.cidr(), a.cidr(), a.cidr(16)]).toEqual(['192.168.0.0/24', '192.168.1.0/24', '10.1.0.0/16']);
  });

  it('collects every address in use and makes ids and FQDNs from names', () => {
    // Gateway .1, NICs .32 .34 .35 .36 .37 and the VIP .38.
    expect([...usedAddresses(loadExample('seed-lab').design)].length).toBe(7);
    expect(slug('Mailbox Database 02')).toBe('mailbox-database-02');
    expect(defaultFqdn('EX5', 'Corp.Local')).toBe('ex5.corp.local');
  });
});

describe('Exchange CAS port rules for an NLB cluster', () => {
  it('balances HTTP, HTTPS, the endpoint mapper and the static RPC ports of the CAS array', () => {
    const doc = loadExample('seed-lab');
    const withPorts = { ...doc, design: { ...doc.design, casArrays: [{ ...doc.design.casArrays[0], staticPorts: { rpcClientAccess: 59532, addressBook: 59533 } }] } };
    const r = applyExchangeCasPortRules(withPorts, 'nlb-casarray');
    expect(r.ok && r.doc.design.nlbClusters[0].portRules.map((p) => `${p.startPort}-${p.endPort}/${p.protocol}/${p.affinity}`)).toEqual([
      '80-80/Tcp/Single',
      '443-443/Tcp/Single',
      '135-135/Tcp/Single',
      '59532-59532/Tcp/Single',
      '59533-59533/Tcp/Single',
    ]);
  });
  it('balances the dynamic RPC range without static ports', () => {
    expect(exchangeCasPortRules(null).at(-1)).toEqual({ startPort: 6005, endPort: 59530, protocol: 'Tcp', affinity: 'Single' });
    expect(applyExchangeCasPortRules(loadExample('seed-lab'), 'nope')).toEqual({ ok: false, reason: 'There is no NLB cluster "nope" in the design.' });
  });
});
