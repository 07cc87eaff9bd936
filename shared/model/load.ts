// Loading a design file: JSON parse (with line/column), migrations, schema validation and reference checks.
// Either the whole document loads, or the caller gets every problem (JSON path, message, fix hint) and nothing else:
// there is no half-loaded design.
import type { z } from 'zod';
import { DesignDocument, FORMAT_VERSION } from './schema';
import { migrate } from './migrations';
import type { Design, DesignDocument as DesignDocumentT } from './types';
import { unsafeCharacterProblems } from './characters';
import { capitalize, describeIssue, formatPath, listOf, sentence, showString } from './problemText';

export { formatPath } from './problemText';

export interface LoadProblem {
  /** JSON path of the offending value, e.g. `$.design.servers[2].nics[0].subnetId`. */
  readonly path: string;
  /** The object (and field) in the admin's words, e.g. `server "EX3", NIC "MAPI", field "subnetId"`. */
  readonly object?: string;
  /** Whole sentences: the object and path, the value found and what is allowed. */
  readonly message: string;
  /** Whole sentences: how to fix this field. */
  readonly hint: string;
  /** 1-based position in the file, for JSON syntax errors. */
  readonly line?: number;
  readonly column?: number;
}

export type LoadResult =
  | { readonly ok: true; readonly document: DesignDocumentT; readonly migrated: readonly string[]; readonly warnings: readonly LoadProblem[] }
  | { readonly ok: false; readonly problems: readonly LoadProblem[] };

/** Files over this size are refused before parsing (a design of 10,000 servers is a few MB). */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;

function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lastBreak = -1;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lastBreak = i;
    }
  }
  return { line, column: offset - lastBreak };
}

/** Parses JSON text; on failure, the problem carries the line and column of the syntax error. */
export function parseJsonText(text: string): { ok: true; value: unknown } | { ok: false; problem: LoadProblem } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const lc = /line (\d+) column (\d+)/.exec(message);
    const pos = /position (\d+)/.exec(message);
    let where: { line: number; column: number };
    if (lc) where = { line: Number(lc[1]), column: Number(lc[2]) };
    else if (pos) where = lineColumn(text, Number(pos[1]));
    else where = lineColumn(text, text.length);
    return {
      ok: false,
      problem: {
        path: '$',
        message: sentence(`The file is not valid JSON at line ${where.line}, column ${where.column}: ${message.replace(/^JSON\.parse: /, '')}`),
        hint: 'Fix the JSON syntax there (a missing comma, quote or bracket is the usual cause), or restore the file from its autosave.',
        ...where,
      },
    };
  }
}

function schemaProblems(error: z.ZodError, doc: unknown): LoadProblem[] {
  const problems: LoadProblem[] = [];
  const seen = new Set<string>();
  for (const issue of error.issues) {
    for (const p of describeIssue(issue, doc, DesignDocument)) {
      // One problem per place: a value that breaks two checks (empty and not a name) gets the fuller one.
      if (seen.has(p.path)) continue;
      seen.add(p.path);
      problems.push(p);
    }
  }
  return problems;
}

interface Ref {
  readonly path: string;
  readonly from: string;
  readonly id: string;
  readonly kinds: readonly string[];
}

/** Checks unique ids and that every reference resolves to an object of the right kind. */
export function referenceProblems(design: Design): LoadProblem[] {
  const problems: LoadProblem[] = [];
  const kindOf = new Map<string, { kind: string; label: string; path: string }>();
  const declare = (id: string, kind: string, label: string, path: string) => {
    const seen = kindOf.get(id);
    if (seen) {
      problems.push({
        path,
        object: label,
        message: `Duplicate id ${showString(id)}: ${label} (${path}) reuses the id of ${seen.label} (${seen.path}). Each id must be unique across the whole design.`,
        hint: 'Give each object its own id (ids are unique across the whole design).',
      });
      return;
    }
    kindOf.set(id, { kind, label, path });
  };
  const nicOwner = new Map<string, string>();
  design.sites.forEach((s, i) => declare(s.id, 'site', `AD site ${s.name}`, `$.design.sites[${i}]`));
  design.subnets.forEach((s, i) => declare(s.id, 'subnet', `subnet ${s.cidr}`, `$.design.subnets[${i}]`));
  design.servers.forEach((s, i) => {
    declare(s.id, 'server', `server ${s.name}`, `$.design.servers[${i}]`);
    s.nics.forEach((n, j) => {
      declare(n.id, 'nic', `NIC ${n.name} of ${s.name}`, `$.design.servers[${i}].nics[${j}]`);
      nicOwner.set(n.id, s.id);
    });
  });
  design.nlbClusters.forEach((c, i) => declare(c.id, 'nlbCluster', `NLB cluster ${c.fqdn}`, `$.design.nlbClusters[${i}]`));
  design.hardwareLoadBalancers.forEach((h, i) => declare(h.id, 'hardwareLoadBalancer', `hardware load balancer ${h.name}`, `$.design.hardwareLoadBalancers[${i}]`));
  design.casArrays.forEach((a, i) => declare(a.id, 'casArray', `CAS array ${a.name}`, `$.design.casArrays[${i}]`));
  design.dags.forEach((d, i) => declare(d.id, 'dag', `DAG ${d.name}`, `$.design.dags[${i}]`));
  design.databases.forEach((d, i) => declare(d.id, 'database', `database ${d.name}`, `$.design.databases[${i}]`));

  const refs: Ref[] = [];
  const ref = (path: string, from: string, id: string | null | undefined, ...kinds: string[]) => {
    if (id !== null && id !== undefined) refs.push({ path, from, id, kinds });
  };
  design.subnets.forEach((s, i) => ref(`$.design.subnets[${i}].siteId`, `subnet ${s.cidr}`, s.siteId, 'site'));
  design.servers.forEach((s, i) => {
    ref(`$.design.servers[${i}].siteId`, `server ${s.name}`, s.siteId, 'site');
    s.nics.forEach((n, j) => ref(`$.design.servers[${i}].nics[${j}].subnetId`, `NIC ${n.name} of ${s.name}`, n.subnetId, 'subnet'));
  });
  design.nlbClusters.forEach((c, i) => {
    ref(`$.design.nlbClusters[${i}].subnetId`, `NLB cluster ${c.fqdn}`, c.subnetId, 'subnet');
    c.members.forEach((m, j) => {
      const p = `$.design.nlbClusters[${i}].members[${j}]`;
      ref(`${p}.serverId`, `NLB cluster ${c.fqdn}`, m.serverId, 'server');
      ref(`${p}.nicId`, `NLB cluster ${c.fqdn}`, m.nicId, 'nic');
      const owner = nicOwner.get(m.nicId);
      if (owner !== undefined && owner !== m.serverId && kindOf.get(m.serverId)?.kind === 'server') {
        problems.push({
          path: `${p}.nicId`,
          object: `NLB cluster ${c.fqdn}, member ${kindOf.get(m.serverId)?.label}`,
          message: `NLB cluster ${c.fqdn}: member ${kindOf.get(m.serverId)?.label} uses NIC ${showString(m.nicId)} (${p}.nicId), which belongs to ${kindOf.get(owner)?.label}. It must be a NIC of the member server itself.`,
          hint: 'Choose one of the member server\'s own NICs as its NLB NIC.',
        });
      }
    });
  });
  design.hardwareLoadBalancers.forEach((h, i) =>
    h.memberIds.forEach((m, j) => ref(`$.design.hardwareLoadBalancers[${i}].memberIds[${j}]`, `hardware load balancer ${h.name}`, m, 'server')),
  );
  design.casArrays.forEach((a, i) => {
    const p = `$.design.casArrays[${i}]`;
    ref(`${p}.siteId`, `CAS array ${a.name}`, a.siteId, 'site');
    ref(`${p}.nlbClusterId`, `CAS array ${a.name}`, a.nlbClusterId, 'nlbCluster');
    ref(`${p}.hardwareLoadBalancerId`, `CAS array ${a.name}`, a.hardwareLoadBalancerId, 'hardwareLoadBalancer');
    if (a.nlbClusterId !== null && a.hardwareLoadBalancerId !== null) {
      problems.push({
        path: p,
        object: `CAS array ${a.name}`,
        message: `CAS array ${a.name} (${p}) names both NLB cluster ${showString(a.nlbClusterId)} and hardware load balancer ${showString(a.hardwareLoadBalancerId)}. It may name only one of them.`,
        hint: 'A CAS array is behind one load balancer: clear nlbClusterId or hardwareLoadBalancerId.',
      });
    }
  });
  design.dags.forEach((d, i) => {
    const p = `$.design.dags[${i}]`;
    ref(`${p}.siteId`, `DAG ${d.name}`, d.siteId, 'site');
    d.memberIds.forEach((m, j) => ref(`${p}.memberIds[${j}]`, `DAG ${d.name}`, m, 'server'));
    d.ipAddresses.forEach((a, j) => ref(`${p}.ipAddresses[${j}].subnetId`, `DAG ${d.name}`, a.subnetId, 'subnet'));
    ref(`${p}.witnessServerId`, `DAG ${d.name}`, d.witnessServerId, 'server');
    d.replicationSubnetIds.forEach((s, j) => ref(`${p}.replicationSubnetIds[${j}]`, `DAG ${d.name}`, s, 'subnet'));
  });
  design.databases.forEach((db, i) =>
    db.copies.forEach((c, j) => ref(`$.design.databases[${i}].copies[${j}].serverId`, `database ${db.name}`, c.serverId, 'server')),
  );

  /** The ids a reference of these kinds may name, for the fix: `"srv-ex2" (server EX2), … and 7 more`. */
  const candidates = (kinds: readonly string[]): string => {
    const ids: string[] = [];
    for (const [id, k] of kindOf) if (kinds.includes(k.kind)) ids.push(`${showString(id)} (${k.label})`);
    if (ids.length === 0) return `there is no ${kinds.join(' or ')} in the design yet`;
    const shown = ids.slice(0, 5);
    return `the design has ${listOf(ids.length > 5 ? [...shown, `${ids.length - 5} more`] : shown, 'and')}`;
  };
  for (const r of refs) {
    const target = kindOf.get(r.id);
    const kinds = r.kinds.join(' or ');
    if (!target) {
      problems.push({
        path: r.path,
        object: r.from,
        message: `${capitalize(r.from)} refers to ${kinds} ${showString(r.id)} (${r.path}), which does not exist in the design. It must be the id of a ${kinds} of the design.`,
        hint: `Point it at an existing ${kinds} (${candidates(r.kinds)}), or add a ${kinds} with the id ${showString(r.id)}.`,
      });
    } else if (!r.kinds.includes(target.kind)) {
      problems.push({
        path: r.path,
        object: r.from,
        message: `${capitalize(r.from)} refers to ${showString(r.id)} (${r.path}) as a ${kinds}, but that id is ${target.label} (${target.path}). It must be the id of a ${kinds}.`,
        hint: `Use the id of a ${kinds} here (${candidates(r.kinds)}).`,
      });
    }
  }
  return problems;
}

/** Validates an already-parsed value (after migrations). */
export function loadDesignValue(raw: unknown): LoadResult {
  try {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      return { ok: false, problems: [{ path: '$', message: 'The file does not hold a design: expected a JSON object at the top level.', hint: 'Open an ExTopo design file (*.extopo.json), or create one with "extopo new".' }] };
    }
    const version = (raw as Record<string, unknown>).formatVersion;
    if (typeof version === 'number' && version > FORMAT_VERSION) {
      return { ok: false, problems: [{ path: '$.formatVersion', message: `The file uses format version ${version}, newer than this ExTopo understands (${FORMAT_VERSION}).`, hint: 'Update ExTopo to open this design.' }] };
    }
    // Characters PowerShell cannot carry, in any string of the file as written (paths name the file's own fields).
    const characterProblems: LoadProblem[] = unsafeCharacterProblems(raw);
    const { doc, applied } = migrate(raw, FORMAT_VERSION);
    const parsed = DesignDocument.safeParse(doc);
    if (!parsed.success || characterProblems.length > 0) {
      const located = new Set(characterProblems.map((p) => p.path));
      const rest = parsed.success ? [] : schemaProblems(parsed.error, doc).filter((p) => !located.has(p.path));
      return { ok: false, problems: [...characterProblems, ...rest] };
    }
    const refProblems = referenceProblems(parsed.data.design);
    if (refProblems.length > 0) return { ok: false, problems: refProblems };
    const known = collectIds(parsed.data.design);
    const warnings: LoadProblem[] = [];
    const nodes: Record<string, (typeof parsed.data.layout.nodes)[string]> = {};
    for (const [id, node] of Object.entries(parsed.data.layout.nodes)) {
      if (known.has(id)) nodes[id] = node;
      else warnings.push({ path: formatPath(['layout', 'nodes', id]), message: `Layout entry "${id}" names no object of the design; it was dropped.`, hint: 'Nothing to do: save the design to clean it up.' });
    }
    return { ok: true, document: { ...parsed.data, layout: { ...parsed.data.layout, nodes } }, migrated: applied, warnings };
  } catch (error) {
    return { ok: false, problems: [{ path: '$', message: sentence(`The design could not be read: ${error instanceof Error ? error.message : String(error)}`), hint: 'Check that the file is an ExTopo design; report this message if it is.' }] };
  }
}

/** Loads a design file's text. Never throws. */
export function loadDesignText(text: string): LoadResult {
  if (text.length > MAX_FILE_BYTES) {
    return { ok: false, problems: [{ path: '$', message: `The file is ${text.length} bytes, over the ${MAX_FILE_BYTES}-byte limit for a design.`, hint: 'Check that this is an ExTopo design file.' }] };
  }
  const parsed = parseJsonText(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  if (!parsed.ok) return { ok: false, problems: [parsed.problem] };
  return loadDesignValue(parsed.value);
}

export function collectIds(design: Design): Set<string> {
  const ids = new Set<string>();
  for (const list of [design.sites, design.subnets, design.servers, design.nlbClusters, design.hardwareLoadBalancers, design.casArrays, design.dags, design.databases]) {
    for (const item of list) ids.add(item.id);
  }
  for (const s of design.servers) for (const n of s.nics) ids.add(n.id);
  return ids;
}

/** Serialises a document the way ExTopo saves it: stable, 2-space indented, newline-terminated. */
export function serializeDesign(doc: DesignDocumentT): string {
  return `${JSON.stringify(doc, null, 2)}\n`;
}
