// DNS of the host double: dnscmd.exe (DNS Server Tools of Windows Server 2008 R2, "Dnscmd" command reference,
// learn.microsoft.com/windows-server/administration/windows-commands/dnscmd), the DnsServer module of Windows Server
// 2012 / 2012 R2 (Add-DnsServerResourceRecordA, Get-DnsServerResourceRecord, Remove-DnsServerResourceRecord:
// learn.microsoft.com/powershell/module/dnsserver) and Resolve-DnsName (DnsClient, 2012+).
//
// A DNS server is a named DNS server of the lab: the design's DNS server or a domain controller (state.org.dnsServers
// without the AD domain name). The domain name itself is not a server: dnscmd against it fails with
// RPC_S_SERVER_UNAVAILABLE, as the runbook review asks ("a named DNS server, never the domain name").
import { isIpv4 } from '../../../shared/model/ip';
import { findHost } from '../state';
import type { LabDnsRecord, LabHost } from '../state';
import type { DoubleContext, DoubleHandlers } from './context';
import type { DoubleObject } from './protocol';
import { addressesOf, fail, hostAnswers } from './windows';

export interface DnsServerRef {
  readonly name: string;
  readonly host: LabHost | undefined;
}

/** The DNS server a name designates, or null when it is not one (the AD domain name, an unknown name). */
export function namedDnsServer(ctx: DoubleContext, name: string): DnsServerRef | null {
  const lower = name.trim().toLowerCase();
  const org = ctx.state.org;
  if (lower === '' || lower === org.adDomain.toLowerCase()) return null;
  const host = findHost(ctx.state, lower);
  if (host?.domainController) return { name: host.fqdn || host.name, host };
  if (org.dnsServers.includes(lower)) return { name: lower, host };
  return null;
}

export function dnsServerAddress(ctx: DoubleContext, name: string): string {
  if (isIpv4(name)) return name;
  return addressesOf(ctx.state, name)[0] ?? '0.0.0.0';
}

/** dnscmd.exe is there where the DNS Server Tools are installed (and on DNS servers themselves). */
export function dnscmdAvailable(host: LabHost): boolean {
  return host.features.includes('RSAT-DNS-Server') || host.domainController;
}

/** The server a DNS command talks to, or null when it does not answer. */
function reachServer(ctx: DoubleContext, name: string): DnsServerRef | null {
  const server = name === '' || name === '.' ? (ctx.host.domainController ? { name: ctx.host.fqdn, host: ctx.host } : null) : namedDnsServer(ctx, name);
  if (!server) return null;
  if (server.host && !hostAnswers(ctx.world, server.host)) return null;
  if (ctx.state.faults.some((f) => f.kind === 'unreachable' && f.host.toLowerCase() === name.toLowerCase())) return null;
  return server;
}

const sameZone = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/** The A records of a node: the lab's records, and the addresses servers registered for their own names. */
function aRecords(ctx: DoubleContext, zone: string, node: string): { ipv4: string; stored: LabDnsRecord | null }[] {
  const fqdn = (node === '@' ? zone : `${node}.${zone}`).toLowerCase();
  const stored = ctx.state.dnsRecords.filter((r) => sameZone(r.zone, zone) && r.name.toLowerCase() === node.toLowerCase()).map((r) => ({ ipv4: r.ipv4, stored: r }));
  const registered = ctx.state.hosts
    .filter((h) => h.fqdn.toLowerCase() === fqdn)
    .flatMap((h) => h.nics.filter((n, i) => i === 0 || n.fullDnsRegistration).map((n) => ({ ipv4: n.ipv4, stored: null })));
  return [...stored, ...registered];
}

function zoneExists(ctx: DoubleContext, zone: string): boolean {
  return ctx.state.org.zones.includes(zone.toLowerCase());
}

// ---------------------------------------------------------------------------------------------------------------
// dnscmd.exe
// ---------------------------------------------------------------------------------------------------------------

function dnsError(print: (line: string) => void, name: string, code: number): number {
  print(`Command failed:  ${name}     ${code}    0x${code.toString(16).toUpperCase()}`);
  return code;
}

export function dnscmd(ctx: DoubleContext, print: (line: string) => void, rawArgs: readonly string[]): number {
  const args = [...rawArgs];
  const serverName = args[0] !== undefined && !args[0].startsWith('/') ? (args.shift() ?? '') : '.';
  const command = (args.shift() ?? '').toLowerCase();
  if (command === '' || command === '/?') {
    print('Usage: DnsCmd <ServerName> <Command> [<Command Parameters>]');
    return 0;
  }
  const server = reachServer(ctx, serverName);
  if (!server) return dnsError(print, 'RPC_S_SERVER_UNAVAILABLE', 1722);
  const zone = args[0] ?? '';
  const node = args[1] ?? '';
  const state = ctx.state;
  switch (command) {
    case '/recordadd': {
      if (!zoneExists(ctx, zone)) return dnsError(print, 'DNS_ERROR_ZONE_DOES_NOT_EXIST', 9601);
      const typeAt = args.findIndex((a, i) => i >= 2 && a.toUpperCase() === 'A');
      const ip = typeAt >= 0 ? (args[typeAt + 1] ?? '') : '';
      if (typeAt < 0 || !isIpv4(ip)) {
        print('Invalid record type or data. Only A records are modelled by the ExTopo host double.');
        return 87;
      }
      if (aRecords(ctx, zone, node).some((r) => r.ipv4 === ip)) return dnsError(print, 'DNS_ERROR_RECORD_ALREADY_EXISTS', 9711);
      state.dnsRecords.push({ zone: zone.toLowerCase(), name: node, ipv4: ip });
      print(`Add A Record for ${node === '@' ? zone : `${node}.${zone}`} at ${zone}`);
      print('Command completed successfully.');
      return 0;
    }
    case '/enumrecords': {
      if (!zoneExists(ctx, zone)) return dnsError(print, 'DNS_ERROR_ZONE_DOES_NOT_EXIST', 9601);
      const typeAt = args.findIndex((a) => a.toLowerCase() === '/type');
      const type = typeAt >= 0 ? (args[typeAt + 1] ?? '').toUpperCase() : '';
      const records = type === '' || type === 'A' ? aRecords(ctx, zone, node) : [];
      if (records.length === 0) return dnsError(print, 'DNS_ERROR_NAME_DOES_NOT_EXIST', 9714);
      print('Returned records:');
      records.forEach((r, i) => print(`${i === 0 ? node : ''}\t3600 A\t${r.ipv4}`));
      print('');
      print('Command completed successfully.');
      return 0;
    }
    case '/recorddelete': {
      if (!zoneExists(ctx, zone)) return dnsError(print, 'DNS_ERROR_ZONE_DOES_NOT_EXIST', 9601);
      if (!args.some((a) => a.toLowerCase() === '/f')) {
        print(`Are you sure you want to delete record? (y/n) `);
        return dnsError(print, 'ERROR_CANCELLED', 1223);
      }
      const ip = args.slice(3).find((a) => isIpv4(a));
      const before = state.dnsRecords.length;
      state.dnsRecords = state.dnsRecords.filter((r) => !(sameZone(r.zone, zone) && r.name.toLowerCase() === node.toLowerCase() && (ip === undefined || r.ipv4 === ip)));
      if (before === state.dnsRecords.length) return dnsError(print, 'DNS_ERROR_RECORD_DOES_NOT_EXIST', 9701);
      print(`Deleted A record(s) at ${zone}`);
      print('Command completed successfully.');
      return 0;
    }
    case '/zoneinfo': {
      if (!zoneExists(ctx, zone)) return dnsError(print, 'DNS_ERROR_ZONE_DOES_NOT_EXIST', 9601);
      print(`Zone query result:`);
      print(`Zone info:`);
      print(`\tptr                   = ${zone}`);
      print(`\tzone name             = ${zone}`);
      print(`\tzone type             = 1`);
      print(`\tDs Integrated         = 1`);
      print('Command completed successfully.');
      return 0;
    }
    case '/enumzones': {
      print('Enumerated zone list:');
      print(`\tZone count = ${state.org.zones.length}`);
      for (const z of state.org.zones) print(` ${z}  Primary  AD-Domain  Secure`);
      print('Command completed successfully.');
      return 0;
    }
    default:
      print(`Unknown Command "${command}" Specified -- type DnsCmd -?.`);
      return 1;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// DnsServer module (2012 / 2012 R2) and Resolve-DnsName
// ---------------------------------------------------------------------------------------------------------------

function recordObject(zone: string, node: string, ipv4: string): DoubleObject {
  return {
    __type: 'Microsoft.Management.Infrastructure.CimInstance#root/Microsoft/Windows/DNS/DnsServerResourceRecord',
    HostName: node,
    RecordType: 'A',
    RecordClass: 'IN',
    TimeToLive: '01:00:00',
    Timestamp: null,
    RecordData: { IPv4Address: ipv4 },
    DistinguishedName: `DC=${node},DC=${zone},cn=MicrosoftDNS,DC=DomainDnsZones,${zone
      .split('.')
      .map((p) => `DC=${p}`)
      .join(',')}`,
    Identity: `${zone}|${node}|${ipv4}`,
  };
}

function cimServer(ctx: DoubleContext, command: string): DnsServerRef {
  const name = ctx.params.str('ComputerName');
  const server = reachServer(ctx, name);
  if (!server) throw fail(`Failed to connect to server ${name === '' ? ctx.host.name : name}.`, `WIN32 1722,${command}`, 'ConnectionError', { target: name });
  return server;
}

export const dnsCmdlets: DoubleHandlers = {
  'Add-DnsServerResourceRecordA': (ctx) => {
    const command = 'Add-DnsServerResourceRecordA';
    const server = cimServer(ctx, command);
    const zone = ctx.params.need('ZoneName');
    const name = ctx.params.need('Name');
    if (!zoneExists(ctx, zone)) throw fail(`Failed to get the zone information for ${zone} on server ${server.name}.`, `WIN32 9601,${command}`, 'ObjectNotFound', { target: zone });
    const out: DoubleObject[] = [];
    for (const ip of ctx.params.strs('IPv4Address')) {
      if (aRecords(ctx, zone, name).some((r) => r.ipv4 === ip)) {
        throw fail(`Failed to create resource record ${name} in zone ${zone} on server ${server.name}.`, `WIN32 9711,${command}`, 'ResourceExists', { target: name });
      }
      ctx.state.dnsRecords.push({ zone: zone.toLowerCase(), name, ipv4: ip });
      if (ctx.params.bool('PassThru')) out.push(recordObject(zone, name, ip));
    }
    return out;
  },

  'Get-DnsServerResourceRecord': (ctx) => {
    const command = 'Get-DnsServerResourceRecord';
    const server = cimServer(ctx, command);
    const zone = ctx.params.need('ZoneName');
    if (!zoneExists(ctx, zone)) throw fail(`Failed to get the zone information for ${zone} on server ${server.name}.`, `WIN32 9601,${command}`, 'ObjectNotFound', { target: zone });
    const name = ctx.params.str('Name');
    const type = ctx.params.str('RRType').toUpperCase();
    if (type !== '' && type !== 'A') return [];
    if (name === '') {
      const nodes = [...new Set(ctx.state.dnsRecords.filter((r) => sameZone(r.zone, zone)).map((r) => r.name))];
      return nodes.flatMap((n) => aRecords(ctx, zone, n).map((r) => recordObject(zone, n, r.ipv4)));
    }
    const records = aRecords(ctx, zone, name);
    if (records.length === 0) throw fail(`Failed to get ${name} record in ${zone} zone on server ${server.name}.`, `WIN32 9714,${command}`, 'ObjectNotFound', { target: name });
    return records.map((r) => recordObject(zone, name, r.ipv4));
  },

  'Remove-DnsServerResourceRecord': (ctx) => {
    const command = 'Remove-DnsServerResourceRecord';
    const server = cimServer(ctx, command);
    const zone = ctx.params.need('ZoneName');
    let name = ctx.params.str('Name');
    let data = ctx.params.strs('RecordData');
    const input = ctx.params.raw('InputObject');
    if (input && typeof input === 'object' && !Array.isArray(input)) {
      const parts = String((input as { readonly Identity?: unknown }).Identity ?? '').split('|');
      name = parts[1] ?? name;
      data = parts[2] ? [parts[2]] : data;
    }
    const before = ctx.state.dnsRecords.length;
    ctx.state.dnsRecords = ctx.state.dnsRecords.filter((r) => !(sameZone(r.zone, zone) && r.name.toLowerCase() === name.toLowerCase() && (data.length === 0 || data.includes(r.ipv4))));
    if (before === ctx.state.dnsRecords.length) throw fail(`Failed to get ${name} record in ${zone} zone on server ${server.name}.`, `WIN32 9714,${command}`, 'ObjectNotFound', { target: name });
  },

  'Resolve-DnsName': (ctx) => {
    const name = ctx.params.need('Name');
    const serverName = ctx.params.str('Server');
    const server = serverName === '' ? { name: '', host: undefined } : reachServer(ctx, serverName);
    if (!server) throw fail(`${name} : This operation returned because the timeout period expired`, 'ERROR_TIMEOUT,Microsoft.DnsClient.Commands.ResolveDnsName', 'OperationTimeout', { target: name });
    const fqdn = name.includes('.') || ctx.host.domain === '' ? name : `${name}.${ctx.host.domain}`;
    const addresses = addressesOf(ctx.state, fqdn);
    if (addresses.length === 0) throw fail(`${name} : DNS name does not exist`, 'DNS_ERROR_RCODE_NAME_ERROR,Microsoft.DnsClient.Commands.ResolveDnsName', 'ResourceUnavailable', { target: name });
    return addresses.map((ip) => ({ __type: 'Microsoft.DnsClient.Commands.DnsRecord_A', Name: fqdn.toLowerCase(), Type: 'A', TTL: 3600, Section: 'Answer', IPAddress: ip, IP4Address: ip }));
  },
};
