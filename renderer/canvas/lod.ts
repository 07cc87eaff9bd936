// The canvas's level of detail, for the node and edge components: far below FAR_ZOOM (renderer/canvas/Canvas.tsx),
// where text too small to read is not drawn. Far out, the components leave that text (a card's detail lines, wire
// labels) out of the DOM altogether rather than hiding it with CSS: the fitted view of a large design mounts every
// node and edge, and ~30 % fewer elements there is ~30 % less to create, style, lay out and paint when a design opens.
// A context, not a React Flow store selector: it changes only when the zoom crosses FAR_ZOOM or OVERVIEW_ZOOM, and
// then only the components that read it re-render (a selector per node and edge would run on every store update).
import { createContext, useContext } from 'react';

/** 'near': everything; 'far' (below FAR_ZOOM): no unreadable text; 'overview' (below OVERVIEW_ZOOM): far, no
 *  connection handles, and the wires drawn in one layer (too small to use one by one: see Canvas.tsx). */
export type Detail = 'near' | 'far' | 'overview';
export const FarContext = createContext<Detail>('near');

/** Far or overview: leave out text too small to read. */
export function useFar(): boolean {
  return useContext(FarContext) !== 'near';
}

/** Overview: leave out connection handles. */
export function useOverview(): boolean {
  return useContext(FarContext) === 'overview';
}
