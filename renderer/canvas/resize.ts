// Committing a resize (NodeResizer reports the rectangle relative to the parent group).
import { resizeNode } from '../../shared/edits';
import { commit, useEditor } from '../store/editor';
import { buildCanvasIndex } from '../../shared/canvas/geometry';
import { ownValue } from '../../shared/util/own';

export function commitResize(id: string, rect: { x: number; y: number; width: number; height: number }): void {
  const { doc } = useEditor.getState();
  const parent = buildCanvasIndex(doc.design).parentOf.get(id) ?? null;
  const origin = parent !== null ? ownValue(doc.layout.nodes, parent) : undefined;
  commit(resizeNode(doc, id, { x: rect.x + (origin?.x ?? 0), y: rect.y + (origin?.y ?? 0), width: rect.width, height: rect.height }));
}
