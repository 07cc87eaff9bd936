// The preload (bundled to CommonJS, so the renderer keeps sandbox: true): exposes exactly one API, window.extopo.
import { contextBridge, ipcRenderer } from 'electron';
import { createPreloadApi } from '../ipc/preloadApi';

contextBridge.exposeInMainWorld('extopo', createPreloadApi(ipcRenderer));
