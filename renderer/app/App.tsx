// The designer: top bar, palette, canvas, inspector, bottom panel (Problems / Runbook), dialogs and toasts, in that
// tab order.
// Wires the keyboard shortcuts, Electron's menu events, autosave, crash recovery and the window title.
import { useEffect } from 'react';
import { ReactFlowProvider } from '@xyflow/react';
import { getApi } from '../api/client';
import { MENU_COMMANDS } from '../../shared/ipc/contract';
import type { MenuCommand } from '../../shared/ipc/contract';
import { Canvas } from '../canvas/Canvas';
import { Dialogs } from '../components/Dialogs';
import { FileDrop } from '../components/FileDrop';
import { InventoryDialogs } from '../inventory/InventoryDialogs';
import { Palette } from '../components/Palette';
import { Toasts } from '../components/Toasts';
import { TopBar } from '../components/TopBar';
import { Inspector } from '../inspector/Inspector';
import { BottomPanel } from '../panels/BottomPanel';
import { isDirty, useEditor } from '../store/editor';
import { onKeyDown, runCommand } from './commands';
import { AUTOSAVE_INTERVAL_MS, autosaveNow, displayName, offerRecovery, scheduleAutosave } from './files';

function isMenuCommand(value: unknown): value is MenuCommand {
  return typeof value === 'string' && (MENU_COMMANDS as readonly string[]).includes(value);
}

/** Start-up: which shell, then a recovery offer or the templates gallery. */
async function start(): Promise<void> {
  const api = getApi();
  try {
    const info = await api.invoke('app.info', {});
    useEditor.setState({ shell: info.shell });
  } catch {
    // The browser host without a token: getApi's calls explain it when used.
  }
  const offered = await offerRecovery();
  if (!offered && useEditor.getState().dialog === null && useEditor.getState().path === null && useEditor.getState().past.length === 0) {
    useEditor.setState({ dialog: { kind: 'templates' } });
  }
}

function useWindowTitle(): void {
  const name = useEditor((s) => displayName(s.path, s.doc));
  const dirty = useEditor(isDirty);
  useEffect(() => {
    const title = `${dirty ? '• ' : ''}${name} — ExTopo`;
    document.title = title;
    void getApi()
      .invoke('window.setState', { title, dirty })
      .catch(() => undefined);
  }, [name, dirty]);
}

export function App() {
  useWindowTitle();
  useEffect(() => {
    void start();
    const off = getApi().on('menu', (payload) => {
      const command = typeof payload === 'object' && payload !== null && 'command' in payload ? (payload as { command: unknown }).command : payload;
      if (isMenuCommand(command)) runCommand(command);
    });
    window.addEventListener('keydown', onKeyDown);
    const timer = setInterval(scheduleAutosave, AUTOSAVE_INTERVAL_MS);
    const beforeUnload = (e: BeforeUnloadEvent) => {
      const s = useEditor.getState();
      if (!isDirty(s)) return;
      void autosaveNow();
      // The browser asks before leaving; Electron's main process guards the close itself (window.setState: dirty).
      if (s.shell === 'browser') e.preventDefault();
    };
    window.addEventListener('beforeunload', beforeUnload);
    return () => {
      off();
      window.removeEventListener('keydown', onKeyDown);
      window.removeEventListener('beforeunload', beforeUnload);
      clearInterval(timer);
    };
  }, []);
  return (
    <ReactFlowProvider>
      <div className="app">
        <TopBar />
        <div className="workspace">
          {/* DOM (and so tab) order: palette, canvas, inspector, bottom panel; the grid puts the bottom panel under the canvas. */}
          <Palette />
          <main className="center" aria-label="Design canvas">
            <Canvas />
            <Toasts />
          </main>
          <Inspector />
          <BottomPanel />
        </div>
        <Dialogs />
        <FileDrop />
        <InventoryDialogs />
      </div>
    </ReactFlowProvider>
  );
}
