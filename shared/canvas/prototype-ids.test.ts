// Entity ids that are also names of Object.prototype members ("constructor", "toString", "hasOwnProperty",
// "valueOf", and "__proto__" for designs built in code) must place, move, copy and delete like any other id:
// the layout's `nodes` record is read and written through own properties only (shared/util/own.ts).
import { describe, expect, it } from 'vitest';
import { exampleText } from '../../test/fixtures/designs';
import { loadDesignText } from '../model/load';
import type { DesignDocument, Layout, NodeLayout } from '../model/types';
import { resolveLayout } from '../diagram/layout';
import { copyEntities, deleteEntities, dropNodes, moveNodes, pasteClipboard, resizeNode } from '../edits';
import { completeLayout } from './autoLayout';
import { buildCanvasIndex, growGroupsToFit, nodeAt, nodeRect, rectOf } from './geometry';
import { createCanvasMapper } from './mapping';

/** minimal-ha with its ids renamed (quoted JSON strings, so only ids and references change). */
const RENAMES: Readonly<Record<string, string>> = {
  'srv-mb1': 'constructor',
  'srv-cas1': 'toString',
  'dag-1': 'hasOwnProperty',
  'site-hq': 'valueOf',
  'nlb-cas': 'isPrototypeOf',
};

function renamedText(renames: Readonly<Record<string, string>>): string {
  let text = exampleText('minimal-ha');
  for (const [from, to] of Object.entries(renames)) text = text.split(`"${from}"`).join(`"${to}"`);
  return text;
}

function loaded(): DesignDocument {
  const result = loadDesignText(renamedText(RENAMES));
  if (!result.ok) throw new Error(result.problems.map((p) => `${p.path}: ${p.message}`).join('\n'));
  return result.document;
}

function withoutNodes(layout: Layout, ids: readonly string[]): Layout {
  const nodes: Record<string, NodeLayout> = {};
  for (const [id, entry] of Object.entries(layout.nodes)) if (!ids.includes(id)) Object.defineProperty(nodes, id, { value: entry, enumerable: true, writable: true, configurable: true });
  return { ...layout, nodes };
}

const own = (layout: Layout, id: string) => (Object.hasOwn(layout.nodes, id) ? layout.nodes[id] : undefined);

describe('ids named like Object.prototype members', () => {
  it('load, and the file places them where its layout says', () => {
    const doc = loaded();
    const index = buildCanvasIndex(doc.design);
    expect(index.parentOf.get('constructor')).toBe('hasOwnProperty');
    expect(index.parentOf.get('hasOwnProperty')).toBe('valueOf');
    const entry = own(doc.layout, 'constructor') as NodeLayout;
    expect(nodeAt(index, doc.layout, { x: entry.x + 5, y: entry.y + 5 })).toBe('constructor');
    expect(completeLayout(doc.design, doc.layout)).toBe(doc.layout);
    expect(resolveLayout(doc.design, doc.layout).get('constructor')).toMatchObject({ x: entry.x, y: entry.y });
  });

  it('are placed when the layout lacks them (not taken for the inherited members)', () => {
    const doc = loaded();
    const missing = ['constructor', 'toString', 'hasOwnProperty', 'isPrototypeOf'];
    const layout = withoutNodes(doc.layout, missing);
    const index = buildCanvasIndex(doc.design);
    // Without a position, a node has the kind's default rectangle at the origin, not a function's "x".
    expect(nodeRect(index, layout, 'constructor')).toEqual(rectOf('server', undefined));
    const completed = completeLayout(doc.design, layout);
    for (const id of missing) {
      const placed = own(completed, id);
      expect(placed, id).toBeDefined();
      expect(Number.isFinite(placed?.x) && Number.isFinite(placed?.y), id).toBe(true);
    }
    const resolved = resolveLayout(doc.design, layout);
    for (const id of missing) expect(resolved.has(id), id).toBe(true);
    // Nothing placed at all: everything laid out afresh.
    const fresh = completeLayout(doc.design, { ...layout, nodes: {} });
    for (const id of Object.values(RENAMES)) expect(own(fresh, id), id).toBeDefined();
  });

  it('map to canvas nodes with their own position and parent', () => {
    const doc = loaded();
    const model = createCanvasMapper()({ design: doc.design, layout: doc.layout, badges: new Map(), selection: new Set() });
    const server = model.nodes.find((n) => n.id === 'constructor');
    expect(server?.parentId).toBe('hasOwnProperty');
    const dag = own(doc.layout, 'hasOwnProperty') as NodeLayout;
    const entry = own(doc.layout, 'constructor') as NodeLayout;
    expect(server?.position).toEqual({ x: entry.x - dag.x, y: entry.y - dag.y });
  });

  it('move, drop, resize, copy, paste and delete', () => {
    const doc = loaded();
    const before = own(doc.layout, 'constructor') as NodeLayout;
    const moved = moveNodes(doc, [{ id: 'constructor', x: before.x + 10, y: before.y + 5 }]);
    if (!moved.ok) throw new Error(moved.reason);
    expect(own(moved.doc.layout, 'constructor')).toMatchObject({ x: before.x + 10, y: before.y + 5 });
    const dropped = dropNodes(doc, [{ id: 'constructor', x: before.x + 10, y: before.y + 5 }]);
    if (!dropped.ok) throw new Error(dropped.reason);
    expect(own(dropped.doc.layout, 'constructor')).toMatchObject({ x: before.x + 10, y: before.y + 5 });
    const site = own(doc.layout, 'valueOf') as NodeLayout;
    const resized = resizeNode(doc, 'valueOf', { x: site.x, y: site.y, width: (site.width ?? 0) + 100, height: (site.height ?? 0) + 100 });
    if (!resized.ok) throw new Error(resized.reason);
    expect(own(resized.doc.layout, 'valueOf')?.width).toBe((site.width ?? 0) + 100);
    // Moving the DAG moves its members.
    const dag = own(doc.layout, 'hasOwnProperty') as NodeLayout;
    const dagMoved = moveNodes(doc, [{ id: 'hasOwnProperty', x: dag.x + 40, y: dag.y }]);
    if (!dagMoved.ok) throw new Error(dagMoved.reason);
    expect(own(dagMoved.doc.layout, 'constructor')?.x).toBe(before.x + 40);

    const clip = copyEntities(doc, ['constructor']);
    expect(clip).not.toBeNull();
    expect(Object.hasOwn(clip?.nodes ?? {}, 'constructor')).toBe(true);
    const pasted = pasteClipboard(doc, clip!, { dx: 30, dy: 30 });
    if (!pasted.ok) throw new Error(pasted.reason);
    expect(pasted.created.length).toBeGreaterThan(0);
    for (const id of pasted.created) expect(own(pasted.doc.layout, id), id).toBeDefined();

    const removed = deleteEntities(doc, ['constructor', 'toString']);
    if (!removed.ok) throw new Error(removed.reason);
    expect(Object.hasOwn(removed.doc.layout.nodes, 'constructor')).toBe(false);
    expect(Object.hasOwn(removed.doc.layout.nodes, 'toString')).toBe(false);
    expect(removed.doc.design.servers.some((s) => s.id === 'constructor')).toBe(false);
  });

  it('"__proto__" (a design built in code; the file format refuses it) is an own entry, never the prototype', () => {
    // JSON.parse makes "__proto__" an own property, as a design object built in code could have it.
    const doc = JSON.parse(renamedText({ ...RENAMES, 'srv-mb2': '__proto__' })) as DesignDocument;
    const layout = withoutNodes(doc.layout, ['__proto__']);
    const completed = completeLayout(doc.design, layout);
    expect(Object.hasOwn(completed.nodes, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(completed.nodes)).toBe(Object.prototype);
    expect(resolveLayout(doc.design, layout).has('__proto__')).toBe(true);
    const far = { ...completed, nodes: { ...completed.nodes } };
    Object.defineProperty(far.nodes, '__proto__', { value: { x: 5000, y: 200 }, enumerable: true, writable: true, configurable: true });
    const grown = growGroupsToFit(doc.design, far);
    expect(Object.getPrototypeOf(grown.nodes)).toBe(Object.prototype);
    expect((own(grown, 'hasOwnProperty')?.width ?? 0) + (own(grown, 'hasOwnProperty')?.x ?? 0)).toBeGreaterThan(5000);
    const moved = moveNodes({ ...doc, layout: completed }, [{ id: '__proto__', x: 1, y: 2 }]);
    if (!moved.ok) throw new Error(moved.reason);
    expect(Object.hasOwn(moved.doc.layout.nodes, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(moved.doc.layout.nodes)).toBe(Object.prototype);
    expect(own(moved.doc.layout, '__proto__')).toMatchObject({ x: 1, y: 2 });
  });
});
