// Versioned migrations of the design file format, applied in order before validation (as tldraw does).
// Each migration takes the raw JSON of version N and returns the raw JSON of version N+1; it must never throw on
// odd input (the schema check that follows reports what is wrong).

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
];

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
