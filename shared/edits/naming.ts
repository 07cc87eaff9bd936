// Default names, ids and addresses for new objects: the next free server name (EX5 after EX4), the next free
// address of a subnet, the next free CIDR block. Pure functions over the design; the Allocator remembers what one
// command has already handed out so that a paste of ten servers gets ten different names and addresses.
import { collectIds } from '../model/load';
import { cidrsOverlap, formatIpv4, isHostAddress, parseCidr, parseIpv4 } from '../model/ip';
import type { Cidr } from '../model/ip';
import type { Design, Role } from '../model/types';

export const DEFAULT_SERVER_PREFIX = 'EX';
export const DEFAULT_SITE_NAME = 'Default-First-Site-Name';
export const DEFAULT_CAS_ARRAY_NAME = 'CASArray';
export const DATABASE_PREFIX = 'Mailbox Database ';
/** Database numbers are written with two digits, as Exchange setup names them (Mailbox Database 01). */
export const DATABASE_NUMBER_DIGITS = 2;
/** Private blocks new subnets are taken from, in order. */
const SUBNET_POOLS: readonly string[] = ['192.168.0.0/16', '10.0.0.0/8', '172.16.0.0/12'];
const DEFAULT_SUBNET_PREFIX = 24;
const MAX_ID_LENGTH = 64;

const NUMBERED = /^(.*?)(\d+)$/;

/** A lower-case id fragment from a display name: "Mailbox Database 02" → "mailbox-database-02". */
export function slug(text: string): string {
  const s = text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return s === '' ? 'x' : s;
}

/** The FQDN a server gets by default: its name, lower case, in the AD domain. */
/** The witness directory a new DAG gets (and keeps in step with the DAG's name until the admin changes it). */
export function defaultWitnessDirectory(dagName: string): string {
  return `C:\\${dagName}`;
}

export function defaultFqdn(name: string, adDomain: string): string {
  const host = name.toLowerCase();
  return adDomain === '' ? host : `${host}.${adDomain.toLowerCase()}`;
}

/** Every IPv4 address the design uses: NICs, NLB and hardware LB VIPs, DAG IPs, gateways. */
export function usedAddresses(design: Design): Set<number> {
  const used = new Set<number>();
  const add = (text: string | undefined) => {
    if (text === undefined) return;
    const v = parseIpv4(text);
    if (v !== null) used.add(v);
  };
  for (const s of design.subnets) add(s.gateway);
  for (const s of design.servers) for (const n of s.nics) add(n.ipv4);
  for (const c of design.nlbClusters) add(c.vip);
  for (const h of design.hardwareLoadBalancers) add(h.vip);
  for (const d of design.dags) for (const ip of d.ipAddresses) add(ip.ipv4);
  return used;
}

/** Hands out names, ids and addresses that are free in the design and not yet handed out by this allocator. */
export class Allocator {
  private readonly ids: Set<string>;
  private readonly addresses: Set<number>;
  private readonly names = new Set<string>();
  private readonly cidrs: Cidr[] = [];

  constructor(private readonly design: Design) {
    this.ids = collectIds(design);
    this.addresses = usedAddresses(design);
    for (const s of design.servers) this.names.add(s.name.toLowerCase());
    for (const s of design.subnets) {
      const c = parseCidr(s.cidr);
      if (c) this.cidrs.push(c);
    }
  }

  /** A unique entity id built from a prefix and a display name, e.g. ("srv", "EX5") → "srv-ex5". */
  id(prefix: string, name: string): string {
    const base = `${prefix}-${slug(name)}`.slice(0, MAX_ID_LENGTH - 4);
    let candidate = base;
    for (let i = 2; this.ids.has(candidate); i++) candidate = `${base}-${i}`;
    this.ids.add(candidate);
    return candidate;
  }

  /**
   * The next free server name. The prefix follows the design's habit: the most common prefix among servers with
   * the same roles, else among all servers, else "EX"; the number is one above the highest in use (EX2, EX3, EX4 → EX5).
   */
  serverName(roles: readonly Role[]): string {
    const key = [...roles].sort().join('+');
    const count = (servers: readonly { name: string; roles: readonly Role[] }[]) => {
      const counts = new Map<string, number>();
      for (const s of servers) {
        const m = NUMBERED.exec(s.name);
        if (m && /^[A-Za-z][A-Za-z-]*$/.test(m[1])) counts.set(m[1], (counts.get(m[1]) ?? 0) + 1);
      }
      let best: string | null = null;
      let bestCount = 0;
      for (const [prefix, n] of counts) {
        if (n > bestCount) {
          best = prefix;
          bestCount = n;
        }
      }
      return best;
    };
    const sameRoles = this.design.servers.filter((s) => [...s.roles].sort().join('+') === key);
    const prefix = count(sameRoles) ?? count(this.design.servers) ?? DEFAULT_SERVER_PREFIX;
    return this.numbered(prefix, [...this.names], (n) => this.names.has(n.toLowerCase()), (n) => this.names.add(n.toLowerCase()));
  }

  /**
   * "DAG" → DAG1, DAG2 … the first number above the highest used with that prefix (case-insensitive), zero-padded
   * like the existing names (or to `minWidth` digits).
   */
  numbered(prefix: string, existing: readonly string[], taken?: (name: string) => boolean, take?: (name: string) => void, minWidth = 1): string {
    let highest = 0;
    let width = minWidth;
    const lower = prefix.toLowerCase();
    for (const name of existing) {
      const m = NUMBERED.exec(name);
      if (m && m[1].toLowerCase() === lower) {
        const n = Number(m[2]);
        if (n >= highest) {
          highest = n;
          width = m[2].length;
        }
      }
    }
    const isTaken = taken ?? ((n: string) => existing.some((e) => e.toLowerCase() === n.toLowerCase()));
    let candidate = '';
    for (let n = highest + 1; ; n++) {
      candidate = `${prefix}${String(n).padStart(width, '0')}`;
      if (!isTaken(candidate)) break;
    }
    take?.(candidate);
    return candidate;
  }

  /**
   * The next free host address of a subnet: the first free one after the highest address in use there (the
   * gateway aside), so that new servers continue the admin's numbering; from the bottom when the top is full.
   * Null when the CIDR is invalid or the subnet is full.
   */
  address(design: Design, subnetId: string): string | null {
    const subnet = design.subnets.find((s) => s.id === subnetId);
    const cidr = subnet ? parseCidr(subnet.cidr) : null;
    if (!subnet || !cidr) return null;
    const gateway = subnet.gateway !== undefined ? parseIpv4(subnet.gateway) : null;
    let highest = cidr.network;
    for (const a of this.addresses) if (a !== gateway && isHostAddress(cidr, a) && a > highest) highest = a;
    for (let a = highest + 1; a < cidr.broadcast; a++) {
      if (!this.addresses.has(a)) return this.take(a);
    }
    for (let a = cidr.network + 1; a < cidr.broadcast; a++) {
      if (!this.addresses.has(a)) return this.take(a);
    }
    return null;
  }

  /** Marks an address as used (for addresses a command computes itself). */
  reserve(address: string): void {
    const v = parseIpv4(address);
    if (v !== null) this.addresses.add(v);
  }

  isFree(address: string): boolean {
    const v = parseIpv4(address);
    return v !== null && !this.addresses.has(v);
  }

  /** The first private block of the given prefix length that overlaps no subnet of the design. */
  cidr(prefix = DEFAULT_SUBNET_PREFIX): string | null {
    for (const poolText of SUBNET_POOLS) {
      const pool = parseCidr(poolText) as Cidr;
      if (prefix < pool.prefix) continue;
      const size = 2 ** (32 - prefix);
      for (let net = pool.network; net <= pool.broadcast; net += size) {
        const candidate = parseCidr(`${formatIpv4(net)}/${prefix}`);
        if (candidate && !this.cidrs.some((c) => cidrsOverlap(c, candidate))) {
          this.cidrs.push(candidate);
          return `${formatIpv4(net)}/${prefix}`;
        }
      }
    }
    return null;
  }

  private take(a: number): string {
    this.addresses.add(a);
    return formatIpv4(a);
  }
}
