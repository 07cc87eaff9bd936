// IPv4 and CIDR arithmetic on plain numbers (no allocation in hot paths: the planner re-runs on every edit).

/**
 * Usable subnet prefixes: /31 and /32 leave no host addresses besides network and broadcast (rule ip.in-subnet;
 * shared/planner/limits re-exports them with the other catalogue numbers).
 */
export const SUBNET_PREFIX_MIN = 1;
export const SUBNET_PREFIX_MAX = 30;

export interface Cidr {
  readonly network: number;
  readonly prefix: number;
  readonly mask: number;
  readonly broadcast: number;
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

export function isIpv4(text: string): boolean {
  return IPV4.test(text);
}

/** Parses a dotted quad to an unsigned 32-bit number, or null when it is not one. */
export function parseIpv4(text: string): number | null {
  if (!IPV4.test(text)) return null;
  const p = text.split('.');
  return ((+p[0] << 24) >>> 0) + (+p[1] << 16) + (+p[2] << 8) + +p[3];
}

export function formatIpv4(value: number): string {
  return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join('.');
}

export function maskOf(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

export function maskToDotted(prefix: number): string {
  return formatIpv4(maskOf(prefix));
}

/** Parses `a.b.c.d/nn`. The address must be the network address (no host bits set). */
export function parseCidr(text: string): Cidr | null {
  const slash = text.indexOf('/');
  if (slash < 0) return null;
  const addr = parseIpv4(text.slice(0, slash));
  const prefixText = text.slice(slash + 1);
  if (addr === null || !/^\d{1,2}$/.test(prefixText)) return null;
  const prefix = Number(prefixText);
  if (prefix < SUBNET_PREFIX_MIN || prefix > SUBNET_PREFIX_MAX) return null;
  const mask = maskOf(prefix);
  if (((addr & mask) >>> 0) !== addr) return null;
  return { network: addr, prefix, mask, broadcast: (addr | (~mask >>> 0)) >>> 0 };
}

export function cidrContains(cidr: Cidr, address: number): boolean {
  return ((address & cidr.mask) >>> 0) === cidr.network;
}

/** A usable host address: inside the subnet and neither its network nor its broadcast address. */
export function isHostAddress(cidr: Cidr, address: number): boolean {
  return cidrContains(cidr, address) && address !== cidr.network && address !== cidr.broadcast;
}

export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
  return a.network <= b.broadcast && b.network <= a.broadcast;
}

/** The first host address of the subnet not in `used`, or null when the subnet is full. */
export function nextFreeAddress(cidr: Cidr, used: ReadonlySet<number>, skipFirst = 0): string | null {
  for (let a = cidr.network + 1 + skipFirst; a < cidr.broadcast; a++) {
    if (!used.has(a)) return formatIpv4(a);
  }
  return null;
}
