// The Layout command: ELK's layered algorithm arranges each AD site's servers, DAGs, load balancers and CAS array
// (graphs built by shared/canvas/autoLayout); subnets become buses across the top of their site.
import ELK from 'elkjs/lib/elk.bundled.js';
import type { ElkNode } from 'elkjs/lib/elk-api';
import { bandFromElk, elkGraphForSite, layoutWithBands, siteContents } from '../../shared/canvas/autoLayout';
import type { Band, ElkGraphNode } from '../../shared/canvas/autoLayout';
import { done } from '../../shared/edits';
import type { EditResult } from '../../shared/edits';
import type { DesignDocument } from '../../shared/model/types';
import { commit, requestView, toast, useEditor } from '../store/editor';

let elk: InstanceType<typeof ELK> | null = null;

/** The laid-out document (positions only; the design is unchanged). */
export async function elkLayout(doc: DesignDocument): Promise<EditResult> {
  elk ??= new ELK();
  const contents = siteContents(doc.design);
  const bands = new Map<string | null, Band>();
  for (const c of contents) {
    const result = await elk.layout(elkGraphForSite(doc.design, c) as ElkNode);
    bands.set(c.siteId, bandFromElk(result as ElkGraphNode, c));
  }
  const layout = layoutWithBands(contents, bands, doc.layout.viewport);
  return done({ ...doc, layout });
}

export async function runAutoLayout(): Promise<void> {
  const before = useEditor.getState().doc;
  useEditor.setState({ busy: 'Laying out' });
  try {
    const result = await elkLayout(before);
    if (useEditor.getState().doc !== before) {
      toast('info', 'The design changed while it was being laid out: run Layout again.');
      return;
    }
    commit(result);
    requestView({ kind: 'fit', ids: null });
  } catch (error) {
    toast('error', `Layout failed: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    useEditor.setState({ busy: null });
  }
}
