// Names and addressing: NetBIOS names, DNS names, IPv4 addresses inside their subnets, unique addresses,
// non-overlapping subnets and NICs attached to subnets of the design. Every rule is one linear pass.
import { cidrContains, formatIpv4, maskOf, parseIpv4 } from '../../model/ip';
import type { Dag, HardwareLoadBalancer, Nic, NlbCluster, Server, Subnet } from '../../model/types';
import type { Cidr } from '../../model/ip';
import { DNS_LABEL_MAX_LENGTH, DNS_NAME_MAX_LENGTH, NETBIOS_MAX_LENGTH, SUBNET_PREFIX_MAX, SUBNET_PREFIX_MIN } from '../limits';
import { listOf, nlbClusterName, serverName, siteName } from '../text';
import { push } from '../context';
import type { PlannerContext } from '../context';
import type { Rule } from '../types';

const NETBIOS_CHARS = /^[A-Za-z0-9-]+$/;
const ALL_DIGITS = /^\d+$/;
const DNS_LABEL_CHARS = /^[A-Za-z0-9-]+$/;

/** Why a NetBIOS computer name is invalid, or null when it is fine. */
export function netbiosProblem(name: string): string | null {
  if (name.length === 0) return 'is empty';
  if (name.length > NETBIOS_MAX_LENGTH) return `has ${name.length} characters; a NetBIOS name has at most ${NETBIOS_MAX_LENGTH}`;
  if (!NETBIOS_CHARS.test(name)) {
    const bad = [...new Set(name.replace(/[A-Za-z0-9-]/g, ''))].map((c) => `"${c}"`).join(', ');
    return `contains ${bad}; only letters, digits and hyphens are allowed`;
  }
  if (ALL_DIGITS.test(name)) return 'is all digits; a NetBIOS name needs at least one letter or hyphen';
  return null;
}

/**
 * Whether a DNS name is valid (fqdnProblem would return null), in one pass without allocating: the common case for
 * every server, array and cluster of a large design. Labels of 1–63 letters, digits or hyphens, not starting or
 * ending with a hyphen; at most 253 characters; two labels at least when `requireDomain`.
 */
function isValidDnsName(name: string, requireDomain: boolean): boolean {
  const length = name.length;
  if (length === 0 || length > DNS_NAME_MAX_LENGTH) return false;
  let labels = 1;
  let start = 0;
  for (let i = 0; i <= length; i++) {
    const c = i < length ? name.charCodeAt(i) : 0x2e;
    if (c === 0x2e) {
      const size = i - start;
      if (size === 0 || size > DNS_LABEL_MAX_LENGTH || name.charCodeAt(start) === 0x2d || name.charCodeAt(i - 1) === 0x2d) return false;
      if (i < length) labels++;
      start = i + 1;
    } else if (!((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x2d)) return false;
  }
  return !requireDomain || labels >= 2;
}

/** Why a DNS name is invalid, or null when it is fine. `requireDomain`: a single label is not fully qualified. */
export function fqdnProblem(name: string, requireDomain: boolean): string | null {
  if (isValidDnsName(name, requireDomain)) return null;
  if (name.length === 0) return 'is empty';
  if (name.length > DNS_NAME_MAX_LENGTH) return `has ${name.length} characters; a DNS name has at most ${DNS_NAME_MAX_LENGTH}`;
  const labels = name.split('.');
  for (const label of labels) {
    if (label.length === 0) return 'has an empty label (a leading or trailing dot, or two dots in a row)';
    if (label.length > DNS_LABEL_MAX_LENGTH) {
      return `has a label of ${label.length} characters ("${label.slice(0, 12)}…"); a DNS label has at most ${DNS_LABEL_MAX_LENGTH}`;
    }
    if (!DNS_LABEL_CHARS.test(label)) {
      const bad = [...new Set(label.replace(/[A-Za-z0-9-]/g, ''))].map((c) => `"${c}"`).join(', ');
      return `has label "${label}" containing ${bad}; only letters, digits and hyphens are allowed`;
    }
    if (label.startsWith('-') || label.endsWith('-')) return `has label "${label}", which starts or ends with a hyphen`;
  }
  if (requireDomain && labels.length < 2) return 'is a single label, not a fully qualified name';
  return null;
}

/** Why a subnet's CIDR text is invalid (parseCidr returned null), with the corrected block when there is one. */
export function cidrProblem(text: string): { problem: string; fix: string } {
  const slash = text.indexOf('/');
  if (slash < 0) return { problem: 'has no prefix length', fix: 'Write it as network/prefix, e.g. 192.168.0.0/24.' };
  const addressText = text.slice(0, slash);
  const address = parseIpv4(addressText);
  if (address === null) return { problem: `starts with "${addressText}", which is not an IPv4 address`, fix: 'Write it as network/prefix, e.g. 192.168.0.0/24.' };
  const prefixText = text.slice(slash + 1);
  const prefix = /^\d{1,2}$/.test(prefixText) ? Number(prefixText) : NaN;
  if (!(prefix >= SUBNET_PREFIX_MIN && prefix <= SUBNET_PREFIX_MAX)) {
    return {
      problem: `has prefix /${prefixText}, outside /${SUBNET_PREFIX_MIN}–/${SUBNET_PREFIX_MAX} (a server subnet needs host addresses besides its network and broadcast address)`,
      fix: `Use a prefix between ${SUBNET_PREFIX_MIN} and ${SUBNET_PREFIX_MAX}, e.g. ${addressText}/24.`,
    };
  }
  const network = formatIpv4((address & maskOf(prefix)) >>> 0);
  return { problem: `has host bits set: the network address of ${addressText}/${prefix} is ${network}`, fix: `Write it as ${network}/${prefix}.` };
}

function uniq(ids: readonly string[]): string[] {
  return [...new Set(ids)];
}

// ---------------------------------------------------------------------------------------------------------------
// name.netbios

/** A server or DAG that uses a computer name; `detail` tells it apart from the others of the same name. */
interface NameUser {
  readonly name: string;
  readonly kind: 'server' | 'DAG';
  readonly id: string;
  readonly detail: () => string;
}

const netbiosRule: Rule = {
  id: 'name.netbios',
  check(ctx, emit) {
    // The first user of each name, then the others (a list only for a name used twice): the descriptions that tell
    // users apart are built only for those.
    const first = new Map<string, NameUser>();
    const byLowerName = new Map<string, NameUser[]>();
    const check = (kind: 'Server' | 'DAG', name: string, id: string, detail: () => string) => {
      const shown = name === '' ? `(unnamed ${kind === 'DAG' ? 'DAG' : 'server'} ${id})` : name;
      const problem = netbiosProblem(name);
      if (problem) {
        emit({
          message: `${kind} name "${name}" ${problem}.`,
          hint: `Rename ${kind === 'DAG' ? 'the DAG' : 'the server'} ${shown}: 1–${NETBIOS_MAX_LENGTH} letters, digits or hyphens, not all digits (e.g. ${kind === 'DAG' ? 'DAG1' : 'EX1'}).`,
          entityIds: [id],
        });
      }
      if (name === '') return;
      const key = name.toLowerCase();
      const user: NameUser = { name, kind: kind === 'DAG' ? 'DAG' : 'server', id, detail };
      const earlier = first.get(key);
      if (earlier === undefined) {
        first.set(key, user);
        return;
      }
      const list = byLowerName.get(key);
      if (list) list.push(user);
      else byLowerName.set(key, [earlier, user]);
    };
    // Each user of a name is told apart by what else it is (roles, first address; a DAG by its members), so the
    // message never names "server EX3, server EX3".
    ctx.design.servers.forEach((server, i) => {
      check('Server', server.name, server.id, () => `${server.roles.length > 0 ? server.roles.join('+') : 'no roles'}, ${server.nics[0]?.ipv4 ?? 'no address'}; server ${i + 1} of the design`);
    });
    for (const dag of ctx.design.dags) check('DAG', dag.name, dag.id, () => `${dag.memberIds.length} member${dag.memberIds.length === 1 ? '' : 's'}`);
    // In the order the names first appear in the design.
    for (const key of first.keys()) {
      const users = byLowerName.get(key);
      if (!users) continue;
      emit({
        message: `The name "${users[0].name}" is used ${users.length} times (${listOf(users, (u) => `${u.kind} ${u.name} (${u.detail()})`)}); computer names are unique in the domain, regardless of case.`,
        hint: 'Give each server and DAG its own name (a DAG gets a computer account of its own).',
        entityIds: uniq(users.map((u) => u.id)),
      });
    }
  },
};

// ---------------------------------------------------------------------------------------------------------------
// name.fqdn

const fqdnRule: Rule = {
  id: 'name.fqdn',
  check(ctx, emit) {
    const org = ctx.design.organization;
    const domain = org.adDomain;
    const check = (what: string, name: string, requireDomain: boolean, example: string, entityIds: readonly string[]) => {
      const problem = fqdnProblem(name, requireDomain);
      if (!problem) return;
      emit({
        message: name === '' ? `${what} has no DNS name.` : `${what}: "${name}" ${problem}.`,
        hint: `Use a DNS name of labels of 1–${DNS_LABEL_MAX_LENGTH} letters, digits or hyphens (not starting or ending with a hyphen), at most ${DNS_NAME_MAX_LENGTH} characters in all, e.g. ${example}.`,
        entityIds,
      });
    };
    const domainForExamples = fqdnProblem(domain, false) === null ? domain : 'contoso.local';
    check('The organization\'s Active Directory domain', domain, false, 'contoso.local', []);
    org.externalHostnames.forEach((h) => check('External host name', h, true, 'mail.contoso.com', []));
    // Per object, the words and the example are built only for a name with a problem (check tests it again).
    for (const server of ctx.design.servers) {
      if (isValidDnsName(server.fqdn, true)) continue;
      const example = `${netbiosProblem(server.name) === null ? server.name.toLowerCase() : 'ex1'}.${domainForExamples}`;
      check(`Server ${serverName(server)}'s FQDN`, server.fqdn, true, example, [server.id]);
    }
    for (const array of ctx.design.casArrays) {
      if (isValidDnsName(array.fqdn, true)) continue;
      check(`CAS array ${array.name}'s FQDN`, array.fqdn, true, `outlook.${domainForExamples}`, [array.id]);
    }
    for (const cluster of ctx.design.nlbClusters) {
      if (isValidDnsName(cluster.fqdn, true)) continue;
      check(`NLB cluster ${nlbClusterName(cluster)}'s FQDN`, cluster.fqdn, true, `outlook.${domainForExamples}`, [cluster.id]);
    }
    for (const dag of ctx.design.dags) {
      if (dag.witnessHost !== '') check(`DAG ${dag.name}'s witness host`, dag.witnessHost, true, `fs1.${domainForExamples}`, [dag.id]);
    }
    const dns = ctx.design.deployment.dnsServer;
    if (dns !== '') check('The deployment\'s DNS server', dns, false, `dc1.${domainForExamples}`, []);
  },
};

// ---------------------------------------------------------------------------------------------------------------
// ip.in-subnet

const gatewayLabel = (subnet: Subnet): string => `The gateway of subnet ${subnet.cidr}`;
const nicLabel = (nic: Nic, server: Server): string => `The address of NIC ${nic.name} on server ${serverName(server)}`;
const nlbVipLabel = (cluster: NlbCluster): string => `The VIP of NLB cluster ${nlbClusterName(cluster)}`;
const dagAddressLabel = (dag: Dag): string => `An IP address of DAG ${dag.name}`;

const inSubnetRule: Rule = {
  id: 'ip.in-subnet',
  check(ctx, emit) {
    // Invalid CIDR text first, once per subnet; addresses on such a subnet cannot be checked.
    for (const subnet of ctx.design.subnets) {
      if (ctx.cidrs.has(subnet.id)) continue;
      const { problem, fix } = cidrProblem(subnet.cidr);
      emit({
        message: `Subnet ${subnet.cidr} (AD site ${siteName(ctx, subnet.siteId)}) is not a valid CIDR block: it ${problem}.`,
        hint: fix,
        entityIds: [subnet.id],
      });
    }
    // `what(a, b)` words the object only when there is something to say: this runs for every address of the design,
    // so the call sites pass plain functions and their arguments rather than a closure per address.
    const check = <A, B>(what: (a: A, b: B) => string, a: A, b: B, address: string, subnetId: string, entityId: string) => {
      const value = ctx.ip(address);
      if (value === null) {
        emit({ message: `${what(a, b)} ("${address}") is not an IPv4 address.`, hint: 'Enter a dotted IPv4 address such as 192.168.0.34.', entityIds: [entityId] });
        return;
      }
      const subnet = ctx.subnets.get(subnetId);
      if (!subnet) {
        emit({
          message: `${what(a, b)} (${address}) refers to subnet "${subnetId}", which is not in the design.`,
          hint: 'Choose one of the design\'s subnets, or add the missing subnet.',
          entityIds: [entityId],
        });
        return;
      }
      const cidr = ctx.cidrs.get(subnetId);
      if (!cidr) return; // reported above
      const inside = cidrContains(cidr, value);
      if (inside && value !== cidr.network && value !== cidr.broadcast) return;
      const first = formatIpv4(cidr.network + 1);
      const last = formatIpv4(cidr.broadcast - 1);
      const entityIds = entityId === subnet.id ? [entityId] : [entityId, subnet.id];
      if (!inside) {
        emit({
          message: `${what(a, b)} (${address}) lies outside its subnet ${subnet.cidr} (${first}–${last}).`,
          hint: `Use an address inside ${subnet.cidr}, or attach it to the subnet that holds ${address}.`,
          entityIds,
        });
      } else {
        emit({
          message: `${what(a, b)} (${address}) is the ${value === cidr.network ? 'network' : 'broadcast'} address of subnet ${subnet.cidr}.`,
          hint: `Use a host address between ${first} and ${last}.`,
          entityIds,
        });
      }
    };
    for (const subnet of ctx.design.subnets) {
      const gateway = subnet.gateway;
      if (gateway !== undefined) check(gatewayLabel, subnet, null, gateway, subnet.id, subnet.id);
    }
    for (const server of ctx.design.servers) {
      for (const nic of server.nics) {
        if (!ctx.subnets.has(nic.subnetId)) continue; // server.nic-subnet
        check(nicLabel, nic, server, nic.ipv4, nic.subnetId, server.id);
      }
    }
    for (const cluster of ctx.design.nlbClusters) {
      check(nlbVipLabel, cluster, null, cluster.vip, cluster.subnetId, cluster.id);
    }
    for (const dag of ctx.design.dags) {
      for (const a of dag.ipAddresses) check(dagAddressLabel, dag, null, a.ipv4, a.subnetId, dag.id);
    }
  },
};

// ---------------------------------------------------------------------------------------------------------------
// ip.unique

const uniqueRule: Rule = {
  id: 'ip.unique',
  check(ctx, emit) {
    // Every address of the design, sorted as numbers: a valid design has no two alike, and then nothing else is made.
    if (!hasDuplicateAddress(ctx)) return;
    // Labels are built only for the addresses used twice.
    const users = new Map<number, { label: () => string; id: string }[]>();
    eachAddress(ctx, (address, id, describe, a, b) => {
      const value = ctx.ip(address);
      if (value === null) return; // ip.in-subnet / hlb.vip-subnet report it
      push(users, value, { label: () => describe(a, b), id });
    });

    // Suggest a distinct free host address per duplicate: one cursor per subnet keeps this linear.
    const cursors = new Map<string, number>();
    const suggest = (value: number): string | null => {
      const hit = ctx.subnetContaining(value);
      if (!hit) return null;
      let a = cursors.get(hit.subnet.id) ?? hit.cidr.network + 1;
      while (a < hit.cidr.broadcast && users.has(a)) a++;
      if (a >= hit.cidr.broadcast) return null;
      cursors.set(hit.subnet.id, a + 1);
      return `${formatIpv4(a)} is free in ${hit.subnet.cidr}`;
    };
    for (const [value, list] of users) {
      if (list.length < 2) continue;
      const free = suggest(value);
      emit({
        message: `IPv4 address ${formatIpv4(value)} is used ${list.length} times: ${listOf(list, (u) => u.label())}.`,
        hint: `Give each its own address${free ? ` (${free})` : ''}.`,
        entityIds: uniq(list.map((u) => u.id)),
      });
    }
  },
};

/** Visits one address of the design: its text, the object it belongs to, and how to word that object (from a, b). */
type AddressVisitor = <A, B>(address: string, id: string, describe: (a: A, b: B) => string, a: A, b: B) => void;

const gatewayOf = (subnet: Subnet): string => `gateway of subnet ${subnet.cidr}`;
const nicOf = (nic: Nic, server: Server): string => `NIC ${nic.name} of server ${serverName(server)}`;
const nlbVipOf = (cluster: NlbCluster): string => `VIP of NLB cluster ${nlbClusterName(cluster)}`;
const dagAddressOf = (dag: Dag): string => `IP address of DAG ${dag.name}`;
const hlbVipOf = (hlb: HardwareLoadBalancer): string => `VIP of hardware load balancer ${hlb.name}`;

/** Every address that must be unique: subnet gateways, NICs, NLB VIPs, DAG IPs, hardware load balancer VIPs. */
function eachAddress(ctx: PlannerContext, visit: AddressVisitor): void {
  for (const subnet of ctx.design.subnets) if (subnet.gateway !== undefined) visit(subnet.gateway, subnet.id, gatewayOf, subnet, null);
  for (const server of ctx.design.servers) for (const nic of server.nics) visit(nic.ipv4, server.id, nicOf, nic, server);
  for (const c of ctx.design.nlbClusters) visit(c.vip, c.id, nlbVipOf, c, null);
  for (const dag of ctx.design.dags) for (const a of dag.ipAddresses) visit(a.ipv4, dag.id, dagAddressOf, dag, null);
  for (const h of ctx.design.hardwareLoadBalancers) visit(h.vip, h.id, hlbVipOf, h, null);
}

/** Whether two of the design's addresses are equal: sorted as numbers, nothing made per address. */
function hasDuplicateAddress(ctx: PlannerContext): boolean {
  const values: number[] = [];
  eachAddress(ctx, (address) => {
    const v = ctx.ip(address);
    if (v !== null) values.push(v);
  });
  const sorted = Float64Array.from(values).sort();
  for (let i = 1; i < sorted.length; i++) if (sorted[i] === sorted[i - 1]) return true;
  return false;
}

// ---------------------------------------------------------------------------------------------------------------
// subnet.overlap

const overlapRule: Rule = {
  id: 'subnet.overlap',
  check(ctx, emit) {
    // CIDR blocks are either nested or disjoint, so a sort plus a stack of enclosing blocks finds every subnet
    // that lies inside another (identical blocks included) and names its innermost enclosing block.
    const blocks: { subnet: Subnet; cidr: Cidr; order: number }[] = [];
    ctx.design.subnets.forEach((subnet, order) => {
      const cidr = ctx.cidrs.get(subnet.id);
      if (cidr && ctx.subnets.get(subnet.id) === subnet) blocks.push({ subnet, cidr, order });
    });
    blocks.sort((a, b) => a.cidr.network - b.cidr.network || a.cidr.prefix - b.cidr.prefix || a.order - b.order);
    const open: typeof blocks = [];
    for (const block of blocks) {
      while (open.length > 0 && open[open.length - 1].cidr.broadcast < block.cidr.network) open.pop();
      const outer = open[open.length - 1];
      if (outer) {
        const same = outer.cidr.prefix === block.cidr.prefix;
        const where = (s: Subnet) => `${s.cidr} (AD site ${siteName(ctx, s.siteId)})`;
        emit({
          message: same
            ? `Subnets ${where(outer.subnet)} and ${where(block.subnet)} are the same address block.`
            : `Subnet ${where(block.subnet)} overlaps subnet ${where(outer.subnet)}: it lies inside it.`,
          hint: same
            ? 'Delete one of them and attach its NICs to the other, or give it a different range.'
            : `Give ${block.subnet.cidr} a range outside ${outer.subnet.cidr}, or shrink ${outer.subnet.cidr} so the two do not overlap.`,
          entityIds: [outer.subnet.id, block.subnet.id],
        });
      }
      open.push(block);
    }
  },
};

// ---------------------------------------------------------------------------------------------------------------
// server.nic-subnet

const nicSubnetRule: Rule = {
  id: 'server.nic-subnet',
  check(ctx, emit) {
    for (const server of ctx.design.servers) {
      for (const nic of server.nics) {
        if (ctx.subnets.has(nic.subnetId)) continue;
        const value = ctx.ip(nic.ipv4);
        const hit = value === null ? null : ctx.subnetContaining(value);
        emit({
          message: `NIC ${nic.name} of server ${serverName(server)} (${nic.ipv4}) is attached to subnet "${nic.subnetId}", which is not in the design.`,
          hint: hit
            ? `Attach the NIC to subnet ${hit.subnet.cidr}, which holds ${nic.ipv4}.`
            : `Attach the NIC to one of the design's subnets, or add a subnet that holds ${nic.ipv4}.`,
          entityIds: hit ? [server.id, hit.subnet.id] : [server.id],
        });
      }
    }
  },
};

export const nameRules: readonly Rule[] = [netbiosRule, fqdnRule, inSubnetRule, uniqueRule, overlapRule, nicSubnetRule];
