// Import benchmark: an inventory of a 200-server organization (written the way Get-ExTopoInventory.ps1 writes it,
// from a generated design) parsed and imported into a design. Goal (issue "Start from the organization that
// exists"): under 2 s. Prints figures; never fails on timing.
import { performance } from 'node:perf_hooks';
import { generateDesign } from './generate';
import { importInventory, parseInventoryText } from '../shared/inventory';
import type { Design } from '../shared/model/types';

const TARGET_MS = 2000;
const RUNS = 7;

/** What the inventory script would read from an organization built exactly as `design` says. */
function inventoryFromDesign(design: Design): unknown {
  const site = new Map(design.sites.map((s) => [s.id, s.name]));
  const server = new Map(design.servers.map((s) => [s.id, s]));
  const cidr = new Map(design.subnets.map((s) => [s.id, s.cidr]));
  const mask = (id: string) => {
    const prefix = Number((cidr.get(id) ?? '/24').split('/')[1]);
    const m = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
    return [24, 16, 8, 0].map((b) => (m >>> b) & 255).join('.');
  };
  return {
    format: 'extopo-inventory',
    formatVersion: 1,
    collectedAt: '2026-12-03T12:00:00Z',
    organization: { name: design.organization.name, adDomain: design.organization.adDomain, domainController: `dc1.${design.organization.adDomain}` },
    sites: design.sites.map((s) => ({ name: s.name, subnets: design.subnets.filter((n) => n.siteId === s.id).map((n) => n.cidr) })),
    servers: design.servers.map((s) => ({
      name: s.name,
      fqdn: s.fqdn,
      site: site.get(s.siteId),
      roles: s.roles,
      edition: 'Enterprise',
      adminDisplayVersion: 'Version 14.3 (Build 123.4)',
      os: { caption: `Microsoft Windows Server 2008 R2 ${s.os.edition} `, version: '6.1.7601', servicePack: 1 },
      cores: s.cores,
      ramGB: s.ramGB,
      nics: s.nics.map((n) => ({ name: n.name, addresses: [{ ipv4: n.ipv4, subnetMask: mask(n.subnetId) }] })),
    })),
    casArrays: design.casArrays.map((a) => ({ name: a.name, fqdn: a.fqdn, site: site.get(a.siteId), members: design.servers.filter((s) => s.siteId === a.siteId && s.roles.includes('CAS')).map((s) => s.name) })),
    dags: design.dags.map((d) => ({
      name: d.name,
      members: d.memberIds.map((id) => server.get(id)?.name ?? id),
      witnessServer: d.witnessServerId ? (server.get(d.witnessServerId)?.fqdn ?? '') : d.witnessHost,
      witnessDirectory: d.witnessDirectory,
      ipAddresses: d.ipAddresses.map((i) => i.ipv4),
      networks: d.replicationSubnetIds.map((id) => ({ name: 'Repl', subnets: [cidr.get(id)], replicationEnabled: true, mapiAccessEnabled: false })),
    })),
    databases: design.databases.map((db) => ({ name: db.name, copies: db.copies.map((c) => ({ server: server.get(c.serverId)?.name ?? c.serverId, activationPreference: c.activationPreference, replayLagDays: c.replayLagDays, truncationLagDays: c.truncationLagDays })) })),
    nlbClusters: design.nlbClusters.map((c) => ({
      name: c.fqdn,
      vip: c.vip,
      subnetMask: mask(c.subnetId),
      mode: c.mode.toUpperCase(),
      nodes: c.members.map((m) => ({ host: server.get(m.serverId)?.name ?? m.serverId, interfaceName: server.get(m.serverId)?.nics.find((n) => n.id === m.nicId)?.name ?? '', hostPriority: m.hostPriority })),
      portRules: c.portRules,
    })),
    problems: [],
  };
}

const design = generateDesign({ servers: 200, dags: 10, nlbClusters: 20, databases: 400 }).design;
const text = JSON.stringify(inventoryFromDesign(design));
const times: number[] = [];
let servers = 0;
let notes = 0;
for (let i = 0; i < RUNS; i++) {
  const t0 = performance.now();
  const parsed = parseInventoryText(text);
  if (!parsed.ok) {
    console.error(`The generated inventory does not parse: ${parsed.problems.join(' ')}`);
    process.exit(1);
  }
  const result = importInventory(parsed.inventory);
  times.push(performance.now() - t0);
  servers = result.document.design.servers.length;
  notes = result.notes.length;
}
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)];
console.log(`Inventory of ${design.servers.length} servers, ${design.databases.length} databases (${(text.length / 1e6).toFixed(2)} MB of JSON): imported ${servers} servers, ${notes} notes`);
console.log(`Parse + import: median ${median.toFixed(0)} ms, min ${times[0].toFixed(0)} ms over ${RUNS} runs — target < ${TARGET_MS} ms: ${median < TARGET_MS ? 'met' : 'MISSED'}`);
