// React Flow observes every node element with a ResizeObserver and, when the observer reports (once for every node
// as it mounts, then on each resize), measures the element and the handles in it in the DOM (offsetWidth, one
// getBoundingClientRect per handle: a forced layout), replaces the node's handle bounds with what it measured and
// re-renders every edge. Our nodes declare their size and their handles (shared/canvas/mapping.ts), so that second
// measurement finds nothing new; at 1,000 nodes it took ~300 ms (in a profile) after a design opened, and the edges,
// drawn from the measured handles, moved by a few pixels on the next edit (when React Flow took the declared
// handles back).
//
// measureOnlyUndeclared() wraps the store's updateNodeInternals: a report for a node that declares its handles and
// whose element has the declared size is dropped; anything else (a node without declared handles, an element sized
// otherwise) is measured as before. It must run before React Flow's node renderer first renders (the observer keeps
// the function it found then): the canvas calls it while rendering, above <ReactFlow>.
import type { Node, ReactFlowState } from '@xyflow/react';

type UpdateNodeInternals = ReactFlowState['updateNodeInternals'];
interface FlowStore {
  getState(): ReactFlowState;
  setState(partial: Partial<ReactFlowState>): void;
}

const wrapped = new WeakSet<UpdateNodeInternals>();

/** Whether React Flow may keep the node's declared size and handles for this element (nothing to measure). */
function declared(node: ReturnType<ReactFlowState['nodeLookup']['get']>, element: HTMLElement): boolean {
  if (!node || node.hidden || !node.internals.handleBounds) return false;
  const user: Node = node.internals.userNode;
  const { width, height } = node.measured;
  if (user.handles === undefined || width === undefined || height === undefined) return false;
  // React Flow sizes the element by its inline style from the node's declared size (the canvas's CSS leaves node
  // wrappers alone): when the style says the declared size, so does the element. Reading the style, unlike
  // offsetWidth, costs no layout query (~15 ms over 1,000 nodes).
  return element.style.width === `${width}px` && element.style.height === `${height}px`;
}

export function measureOnlyUndeclared(store: FlowStore): void {
  const original = store.getState().updateNodeInternals;
  if (wrapped.has(original)) return;
  const updateNodeInternals: UpdateNodeInternals = (updates, params) => {
    const { nodeLookup } = store.getState();
    let rest: typeof updates | null = null;
    for (const [id, update] of updates) {
      if (declared(nodeLookup.get(id), update.nodeElement)) {
        rest ??= new Map(updates);
        rest.delete(id);
      }
    }
    const remaining = rest ?? updates;
    if (remaining.size > 0 || params?.triggerFitView) original(remaining, params);
  };
  wrapped.add(updateNodeInternals);
  store.setState({ updateNodeInternals });
}
