// Versioned migrations of the design file format, applied in order before validation (as tldraw does).
// Each migration takes the raw JSON of version N and returns the raw JSON of version N+1; it must never throw on
// odd input (the schema check that follows reports what is wrong).
import { cidrContains, parseCidr, parseIpv4 } from './ip';

export interface Migration {
  readonly from: number;
  readonly to: number;
  readonly description: string;
  readonly up: (doc: Record<string, unknown>) => Record<string, unknown>;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The name of the one mailbox tier a format-2 design's sizing inputs become. */
export const MIGRATED_TIER_NAME = 'All mailboxes';

/** Collections whose objects carried their canvas position inline in format 1. */
const POSITIONED_COLLECTIONS = ['sites', 'subnets', 'servers', 'nlbClusters', 'hardwareLoadBalancers', 'casArrays', 'dags'];

export const MIGRATIONS: readonly Migration[] = [
  {
    from: 1,
    to: 2,
    description: 'Canvas positions move out of the design objects into the separate "layout" section.',
    up(doc) {
      const design = isRecord(doc.design) ? { ...doc.design } : doc.design;
      const nodes: Record<string, unknown> = {};
      if (isRecord(design)) {
        for (const key of POSITIONED_COLLECTIONS) {
          const list = design[key];
          if (!Array.isArray(list)) continue;
          design[key] = list.map((item: unknown) => {
            if (!isRecord(item) || !('position' in item)) return item;
            const { position, ...rest } = item;
            if (typeof rest.id === 'string' && isRecord(position)) nodes[rest.id] = position;
            return rest;
          });
        }
      }
      const existing = isRecord(doc.layout) ? doc.layout : {};
      const existingNodes = isRecord(existing.nodes) ? existing.nodes : {};
      return { ...doc, formatVersion: 2, design, layout: { ...existing, nodes: { ...nodes, ...existingNodes } } };
    },
  },
  {
    from: 2,
    to: 3,
    description:
      'Sizing inputs become mailbox tiers: the one mailbox count, quota and message profile turn into a tier "All mailboxes"; ' +
      'the new inputs (message size, retention, failures to survive, storage layout, …) take their defaults.',
    up(doc) {
      const design = isRecord(doc.design) ? { ...doc.design } : doc.design;
      if (isRecord(design) && isRecord(design.sizing) && !('tiers' in design.sizing)) {
        const { mailboxCount, mailboxQuotaGB, messagesPerDay, ...rest } = design.sizing;
        design.sizing = { tiers: [{ name: MIGRATED_TIER_NAME, mailboxCount, mailboxQuotaGB, messagesPerDay }], ...rest };
      }
      return { ...doc, formatVersion: 3, design };
    },
  },
  {
    from: 3,
    to: 4,
    description:
      'Site resilience and coexistence: every DAG states its Datacenter Activation Coordination mode (Off, as before); ' +
      "a hardware load balancer's VIP gets the subnet that holds it; Edge Transport servers are marked as not domain-joined. " +
      "Every other new field starts empty: server editions follow the organization's, RpcClientAccessServer follows the site's CAS array.",
    up(doc) {
      const design = isRecord(doc.design) ? { ...doc.design } : doc.design;
      if (isRecord(design)) {
        const subnets = design.subnets;
        design.dags = mapRecords(design.dags, (dag) => ('datacenterActivationMode' in dag ? dag : { ...dag, datacenterActivationMode: 'Off' }));
        design.hardwareLoadBalancers = mapRecords(design.hardwareLoadBalancers, (hlb) => {
          if ('subnetId' in hlb) return hlb;
          const subnetId = subnetHolding(subnets, hlb.vip);
          return subnetId === null ? hlb : { ...hlb, subnetId };
        });
        design.servers = mapRecords(design.servers, (server) => {
          const roles = Array.isArray(server.roles) ? server.roles : [];
          const edgeOnly = roles.length > 0 && roles.every((r) => r === 'Edge');
          return edgeOnly && !('domainJoined' in server) ? { ...server, domainJoined: false } : server;
        });
      }
      return { ...doc, formatVersion: 4, design };
    },
  },
];

/** The subnet (of a raw format-3 design) whose CIDR holds an IPv4 address, innermost first; null when none does. */
function subnetHolding(subnets: unknown, address: unknown): string | null {
  if (!Array.isArray(subnets) || typeof address !== 'string') return null;
  const ip = parseIpv4(address);
  if (ip === null) return null;
  let best: { id: string; prefix: number } | null = null;
  for (const s of subnets) {
    if (!isRecord(s) || typeof s.id !== 'string' || typeof s.cidr !== 'string') continue;
    const cidr = parseCidr(s.cidr);
    if (cidr && cidrContains(cidr, ip) && (best === null || cidr.prefix > best.prefix)) best = { id: s.id, prefix: cidr.prefix };
  }
  return best ? best.id : null;
}

const mapRecords = (list: unknown, f: (item: Record<string, unknown>) => Record<string, unknown>): unknown =>
  Array.isArray(list) ? list.map((item: unknown) => (isRecord(item) ? f(item) : item)) : list;

export interface MigrationOutcome {
  readonly doc: unknown;
  readonly applied: readonly string[];
}

/** Applies every migration from the document's version up to `target`. Unknown or future versions pass through. */
export function migrate(raw: unknown, target: number): MigrationOutcome {
  if (!isRecord(raw) || typeof raw.formatVersion !== 'number') return { doc: raw, applied: [] };
  let doc = raw;
  const applied: string[] = [];
  while (typeof doc.formatVersion === 'number' && doc.formatVersion < target) {
    const step = MIGRATIONS.find((m) => m.from === doc.formatVersion);
    if (!step) break;
    doc = step.up(doc);
    applied.push(`${step.from}→${step.to}: ${step.description}`);
  }
  return { doc, applied };
}
