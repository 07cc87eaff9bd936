// Planner findings per canvas node: the counts behind the red / amber badges. A finding about a NIC marks its
// server; one about a database marks the servers holding its copies.
import type { Design } from '../model/types';
import type { Finding, Severity } from '../planner/types';

export type BadgeCounts = Readonly<Record<Severity, number>>;

/** Maps the ids a finding names to canvas node ids, with the lookups built once per design. */
export function canvasIdResolver(design: Design): (entityIds: readonly string[]) => string[] {
  const nicServer = new Map<string, string>();
  for (const s of design.servers) for (const n of s.nics) nicServer.set(n.id, s.id);
  const dbServers = new Map<string, string[]>();
  for (const db of design.databases) dbServers.set(db.id, db.copies.map((c) => c.serverId));
  return (entityIds) => {
    const out = new Set<string>();
    for (const id of entityIds) {
      const owner = nicServer.get(id);
      if (owner !== undefined) out.add(owner);
      else if (dbServers.has(id)) for (const s of dbServers.get(id) ?? []) out.add(s);
      else out.add(id);
    }
    return [...out];
  };
}

/** The findings on each canvas node (the inspector lists them for the selected object). */
export function findingsByCanvasId(findings: readonly Finding[], design: Design): Map<string, Finding[]> {
  const resolve = canvasIdResolver(design);
  const out = new Map<string, Finding[]>();
  for (const f of findings) {
    for (const id of resolve(f.entityIds)) {
      const list = out.get(id);
      if (list) list.push(f);
      else out.set(id, [f]);
    }
  }
  return out;
}

export function badgesFromFindings(findings: readonly Finding[], design: Design): Map<string, BadgeCounts> {
  const resolve = canvasIdResolver(design);
  const counts = new Map<string, Record<Severity, number>>();
  for (const f of findings) {
    for (const id of resolve(f.entityIds)) {
      let c = counts.get(id);
      if (!c) {
        c = { error: 0, warning: 0, info: 0 };
        counts.set(id, c);
      }
      c[f.severity]++;
    }
  }
  return counts;
}

/** The worst severity on a node, for its badge colour. */
export function worstSeverity(counts: BadgeCounts | undefined | null): Severity | null {
  if (!counts) return null;
  if (counts.error > 0) return 'error';
  if (counts.warning > 0) return 'warning';
  if (counts.info > 0) return 'info';
  return null;
}

/** Canvas ids a finding should select and frame: NICs map to their server, databases to the servers with copies. */
export function canvasIdsOf(entityIds: readonly string[], design: Design): string[] {
  return canvasIdResolver(design)(entityIds);
}
