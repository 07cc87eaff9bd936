// @vitest-environment happy-dom
// The canvas skips React Flow's DOM measurement of nodes that declare their size and handles (renderer/canvas/measure.ts).
import { describe, expect, it, vi } from 'vitest';
import type { ReactFlowState } from '@xyflow/react';
import { measureOnlyUndeclared } from '../../renderer/canvas/measure';

type Update = Parameters<ReactFlowState['updateNodeInternals']>[0];

function element(width: number, height: number): HTMLDivElement {
  const el = document.createElement('div');
  el.style.width = `${width}px`;
  el.style.height = `${height}px`;
  return el;
}

function internal(id: string, options: { handles?: boolean; width?: number; height?: number } = {}) {
  const { handles = true, width = 220, height = 140 } = options;
  const userNode = { id, position: { x: 0, y: 0 }, data: {}, width, height, ...(handles ? { handles: [] } : {}) };
  return { ...userNode, measured: { width, height }, internals: { positionAbsolute: { x: 0, y: 0 }, z: 0, userNode, handleBounds: handles ? { source: [], target: [] } : undefined } };
}

function fakeStore(nodes: ReturnType<typeof internal>[]) {
  const original = vi.fn<ReactFlowState['updateNodeInternals']>();
  let state = { nodeLookup: new Map(nodes.map((n) => [n.id, n])), updateNodeInternals: original } as unknown as ReactFlowState;
  const store = {
    getState: () => state,
    setState: (partial: Partial<ReactFlowState>) => {
      state = { ...state, ...partial };
    },
  };
  return { store, original };
}

describe('measuring canvas nodes', () => {
  it('drops the observer reports of nodes shown at their declared size with declared handles, and passes on the rest', () => {
    const { store, original } = fakeStore([internal('declared'), internal('resized'), internal('no-handles', { handles: false })]);
    measureOnlyUndeclared(store);
    measureOnlyUndeclared(store); // once per store
    const updates: Update = new Map([
      ['declared', { id: 'declared', nodeElement: element(220, 140), force: true }],
      ['resized', { id: 'resized', nodeElement: element(300, 140), force: true }],
      ['no-handles', { id: 'no-handles', nodeElement: element(220, 140), force: true }],
    ]);
    store.getState().updateNodeInternals(updates);
    expect(original).toHaveBeenCalledTimes(1);
    expect([...original.mock.calls[0][0].keys()]).toEqual(['resized', 'no-handles']);
  });

  it('does not call React Flow at all when every node is as declared', () => {
    const { store, original } = fakeStore([internal('a'), internal('b')]);
    measureOnlyUndeclared(store);
    store.getState().updateNodeInternals(new Map([['a', { id: 'a', nodeElement: element(220, 140) }], ['b', { id: 'b', nodeElement: element(220, 140) }]]));
    expect(original).not.toHaveBeenCalled();
  });
});
