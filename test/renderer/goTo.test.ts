// @vitest-environment happy-dom
// "Go there" from a finding: the owner of the fix selected and shown, the field to change requested; duplicate.
import { beforeEach, describe, expect, it } from 'vitest';
import { example as loadExample } from './examples';
import { goToFinding, renameObject, useFocusRequest } from '../../renderer/app/goTo';
import { duplicateSelection } from '../../renderer/app/commands';
import { loadDocument, select, useEditor } from '../../renderer/store/editor';

beforeEach(() => {
  loadDocument(loadExample('minimal-ha'), '/docs/minimal-ha.extopo.json');
  useEditor.setState({ toasts: [] });
  useFocusRequest.setState({ request: null });
});

describe('goToFinding', () => {
  it('selects the DAG for a database copy finding (not its servers), shows it and asks for the databases field', () => {
    goToFinding({ ruleId: 'db.activation-preference', entityIds: ['db-1', 'srv-mb1', 'srv-mb2'] });
    expect([...useEditor.getState().selection]).toEqual(['dag-1']);
    expect(useEditor.getState().viewRequest).toMatchObject({ kind: 'reveal', ids: ['dag-1'] });
    expect(useFocusRequest.getState().request).toMatchObject({ field: 'databases', itemId: 'db-1', selectText: false });
  });

  it('clears the selection for a deployment setting and asks for its field', () => {
    select(['srv-cas1']);
    goToFinding({ ruleId: 'deploy.dns-server', entityIds: ['casarray-hq'] });
    expect(useEditor.getState().selection.size).toBe(0);
    expect(useFocusRequest.getState().request).toMatchObject({ field: 'dnsServer' });
  });

  it('renaming selects the object and asks for its name, text selected', () => {
    renameObject('srv-mb2');
    expect([...useEditor.getState().selection]).toEqual(['srv-mb2']);
    expect(useFocusRequest.getState().request).toMatchObject({ field: 'name', selectText: true });
  });
});

describe('duplicateSelection (Ctrl+D)', () => {
  it('adds a copy offset from the original and selects it, leaving the clipboard alone', () => {
    select(['srv-cas1']);
    duplicateSelection();
    const s = useEditor.getState();
    const [copy] = [...s.selection];
    expect(copy).not.toBe('srv-cas1');
    expect(s.doc.design.servers.find((x) => x.id === copy)?.name).toBe('CAS3');
    expect(s.doc.layout.nodes[copy]).toEqual({ x: s.doc.layout.nodes['srv-cas1'].x + 40, y: s.doc.layout.nodes['srv-cas1'].y + 40 });
    expect(s.clipboard).toBeNull();
  });
});
