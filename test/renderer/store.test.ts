// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { example as loadExample } from './examples';
import { addFromPalette, deleteEntities, updateEntity } from '../../shared/edits';
import { HISTORY_LIMIT, commit, edit, isDirty, loadDocument, redo, undo, updateSelection, useEditor } from '../../renderer/store/editor';
import { shortcutFor } from '../../renderer/app/commands';

beforeEach(() => {
  loadDocument(loadExample('seed-lab'), '/docs/seed-lab.extopo.json');
  useEditor.setState({ toasts: [] });
});

describe('the editor store', () => {
  it('re-plans on every edit: the Problems counts follow the design at once', () => {
    const before = useEditor.getState().plan;
    expect(useEditor.getState().plan.findings.map((f) => f.ruleId)).toContain('nlb.default-port-rule');
    edit((d) => updateEntity(d, 'nlbCluster', 'nlb-casarray', { portRules: [{ startPort: 443, endPort: 443, protocol: 'Tcp', affinity: 'Single' }] }));
    const after = useEditor.getState();
    expect(after.plannedDesign).toBe(after.doc.design);
    expect(after.plan.findings.map((f) => f.ruleId)).not.toContain('nlb.default-port-rule');
    expect(after.plan).not.toBe(before);
  });

  it('undoes and redoes every edit, and knows when the document is back to its saved state', () => {
    const saved = useEditor.getState().doc;
    expect(isDirty(useEditor.getState())).toBe(false);
    edit((d) => addFromPalette(d, 'mailbox', { x: 100, y: 300 }), { select: 'created' });
    edit((d) => updateEntity(d, 'server', 'srv-ex3', { ramGB: 24 }));
    expect(isDirty(useEditor.getState())).toBe(true);
    expect(useEditor.getState().selection.size).toBe(1);
    undo();
    undo();
    expect(useEditor.getState().doc).toBe(saved);
    expect(isDirty(useEditor.getState())).toBe(false);
    // The selected server no longer exists: the selection is pruned.
    expect(useEditor.getState().selection.size).toBe(0);
    redo();
    expect(useEditor.getState().doc.design.servers).toHaveLength(4);
    expect(useEditor.getState().future).toHaveLength(1);
  });

  it('shows a refused edit as a toast and leaves the document alone', () => {
    const doc = useEditor.getState().doc;
    const reason = commit(deleteEntities(doc, ['ghost']));
    expect(reason).toBe('Nothing to delete: select objects or connections on the canvas first.');
    expect(useEditor.getState().doc).toBe(doc);
    expect(useEditor.getState().toasts.map((t) => [t.kind, t.text])).toEqual([['error', reason]]);
  });

  it('keeps a bounded history', () => {
    for (let i = 0; i < HISTORY_LIMIT + 5; i++) edit((d) => updateEntity(d, 'server', 'srv-ex3', { ramGB: 8 + (i % 2) + 1 }), { toastNotes: false });
    expect(useEditor.getState().past).toHaveLength(HISTORY_LIMIT);
  });

  it('applies selection changes from the canvas', () => {
    updateSelection([
      { id: 'srv-ex3', selected: true },
      { id: 'srv-ex4', selected: true },
    ]);
    updateSelection([{ id: 'srv-ex3', selected: false }]);
    expect([...useEditor.getState().selection]).toEqual(['srv-ex4']);
  });
});

describe('keyboard shortcuts', () => {
  const key = (k: string, mods: { ctrl?: boolean; shift?: boolean } = {}, target: EventTarget | null = null) =>
    shortcutFor({ key: k, ctrlKey: mods.ctrl ?? false, metaKey: false, shiftKey: mods.shift ?? false, target });

  it('maps the editor shortcuts to menu commands', () => {
    expect([key('z', { ctrl: true }), key('y', { ctrl: true }), key('Z', { ctrl: true, shift: true })]).toEqual(['edit.undo', 'edit.redo', 'edit.redo']);
    expect([key('c', { ctrl: true }), key('v', { ctrl: true }), key('x', { ctrl: true }), key('a', { ctrl: true }), key('Delete')]).toEqual([
      'edit.copy',
      'edit.paste',
      'edit.cut',
      'edit.selectAll',
      'edit.delete',
    ]);
    expect([key('s', { ctrl: true }), key('S', { ctrl: true, shift: true }), key('o', { ctrl: true })]).toEqual(['file.save', 'file.saveAs', 'file.open']);
  });

  it('leaves editing keys to a field being typed in, but still saves', () => {
    const input = document.createElement('input');
    expect(key('Delete', {}, input)).toBeNull();
    expect(key('z', { ctrl: true }, input)).toBeNull();
    expect(key('s', { ctrl: true }, input)).toBe('file.save');
  });
});
