// Phase 4, the client access array and its name: the DNS A record (Add-DnsServerResourceRecordA or dnscmd),
// New-ClientAccessArray (one per Active Directory site) and the databases' RpcClientAccessServer.
import { casMembers, databasesOnServer } from './checks';
import { findHost } from './state';
import { OK, fail, isResult, mailboxServer } from './actionEffect';
import type { Action, ActionCall, EffectResult } from './actionEffect';

export function dnsARecord(call: ActionCall, a: Action<'dns-a-record'>): EffectResult {
  const { host, world, out } = call;
  const state = world.state;
  const cmd = a.useDnscmd ? 'dnscmd' : 'Add-DnsServerResourceRecordA';
  if (!host.features.includes('RSAT-DNS-Server')) host.features.push('RSAT-DNS-Server');
  const server = a.dnsServer.toLowerCase();
  const serverHost = findHost(state, a.dnsServer);
  const known = state.org.dnsServers.includes(server) || (serverHost?.domainController ?? false);
  const down = serverHost && (!world.reachable(serverHost) || world.hostFault(serverHost, 'unreachable'));
  const faulted = state.faults.some((f) => f.kind === 'unreachable' && f.host.toLowerCase() === server);
  if (!known || down || faulted) {
    return a.useDnscmd
      ? fail(cmd, `Command failed: DNS Server ${a.dnsServer} failed to respond: RPC_S_SERVER_UNAVAILABLE 1722 0x6BA`, true)
      : fail(cmd, `${cmd} : Failed to connect to the DNS server ${a.dnsServer}: The RPC server is unavailable.`, true);
  }
  if (!state.org.zones.includes(a.zone.toLowerCase())) {
    return a.useDnscmd
      ? fail(cmd, `Command failed: DNS_ERROR_ZONE_DOES_NOT_EXIST 9601 0x2581 (zone ${a.zone} on ${a.dnsServer})`)
      : fail(cmd, `${cmd} : Failed to get the zone information for ${a.zone} on server ${a.dnsServer}.`);
  }
  const others = state.dnsRecords.filter((r) => r.zone.toLowerCase() === a.zone.toLowerCase() && r.name.toLowerCase() === a.hostLabel.toLowerCase() && r.ipv4 !== a.ipv4);
  if (others.length > 0) {
    return fail(
      'throw',
      `${a.fqdn} already has an A record for ${others.map((r) => r.ipv4).join(', ')} on ${a.dnsServer}: a second record would send clients round-robin to it. Remove or correct that record, then run this step again.`,
    );
  }
  const same = state.dnsRecords.find((r) => r.zone.toLowerCase() === a.zone.toLowerCase() && r.name.toLowerCase() === a.hostLabel.toLowerCase() && r.ipv4 === a.ipv4);
  if (same) {
    return a.useDnscmd
      ? fail(cmd, 'Command failed: DNS_ERROR_RECORD_ALREADY_EXISTS 9711 0x25F7')
      : fail(cmd, `${cmd} : Failed to create resource record ${a.hostLabel} in zone ${a.zone} on server ${a.dnsServer}: it already exists.`);
  }
  state.dnsRecords.push({ zone: a.zone.toLowerCase(), name: a.hostLabel, ipv4: a.ipv4 });
  if (a.useDnscmd) {
    out('output', `Add A Record for ${a.fqdn} at ${a.zone}`);
    out('output', 'Command completed successfully.');
  }
  return OK;
}

export function newCasArray(call: ActionCall, a: Action<'new-cas-array'>): EffectResult {
  const state = call.world.state;
  const cmd = 'New-ClientAccessArray';
  if (!state.org.sites.some((s) => s.toLowerCase() === a.site.toLowerCase())) return fail(cmd, `${cmd} : The Active Directory site '${a.site}' couldn't be found.`);
  const inSite = state.casArrays.find((c) => c.site.toLowerCase() === a.site.toLowerCase());
  if (inSite) return fail(cmd, `${cmd} : Active Directory site '${a.site}' already has the client access array '${inSite.name}' (${inSite.fqdn}); a site has at most one.`);
  if (state.casArrays.some((c) => c.name.toLowerCase() === a.name.toLowerCase())) return fail(cmd, `${cmd} : A client access array named '${a.name}' already exists.`);
  const server = state.hosts.find((h) => h.fqdn.toLowerCase() === a.fqdn.toLowerCase());
  if (server) return fail(cmd, `${cmd} : The FQDN '${a.fqdn}' belongs to server ${server.name}; a client access array needs a name of its own.`);
  state.casArrays.push({ name: a.name, site: a.site, fqdn: a.fqdn });
  call.out('output', `Name: ${a.name}  Site: ${a.site}  Fqdn: ${a.fqdn}  Members: {${casMembers(state, a.site).map((h) => h.name).join(', ')}}`);
  return OK;
}

export function setRpcClientAccess(call: ActionCall, a: Action<'set-rpc-client-access'>): EffectResult {
  const { world } = call;
  const state = world.state;
  const server = mailboxServer(world, a.mailboxServer, 'Get-MailboxDatabase');
  if (isResult(server)) return server;
  const target = a.fqdn.toLowerCase();
  const isArray = state.casArrays.some((c) => c.fqdn.toLowerCase() === target);
  const isCas = state.hosts.some((h) => h.exchangeRoles.includes('ca') && (h.fqdn.toLowerCase() === target || h.name.toLowerCase() === target));
  if (!isArray && !isCas) {
    return fail('Set-MailboxDatabase', `Set-MailboxDatabase : The Client Access server or array '${a.fqdn}' couldn't be found. Create the CAS array (New-ClientAccessArray) first, or give an existing Client Access server.`);
  }
  const except = new Set(a.exceptDatabases.map((n) => n.toLowerCase()));
  for (const db of databasesOnServer(state, server)) if (!except.has(db.name.toLowerCase())) db.rpcClientAccessServer = a.fqdn;
  return OK;
}
