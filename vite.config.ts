// Vite builds the renderer (React) from renderer/ into out/renderer. Relative asset URLs (base './') so the same
// build loads from file:// in Electron and from the browser host. The CSP meta tag in index.html applies to the
// build; the dev server (HMR needs inline scripts and a websocket) gets a development policy instead.
import { defineConfig } from 'vite';
import type { Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

const DEV_CSP =
  "default-src 'self'; script-src 'self' 'unsafe-inline' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self' ws: http://localhost:* http://127.0.0.1:*; worker-src 'self' blob:; object-src 'none'";

function devContentSecurityPolicy(): Plugin {
  return {
    name: 'extopo-dev-csp',
    apply: 'serve',
    transformIndexHtml: (html) => html.replace(/(http-equiv="Content-Security-Policy"\s+content=")[^"]*"/, `$1${DEV_CSP}"`),
  };
}

export default defineConfig({
  root: fileURLToPath(new URL('./renderer', import.meta.url)),
  base: './',
  plugins: [react(), devContentSecurityPolicy()],
  build: {
    outDir: fileURLToPath(new URL('./out/renderer', import.meta.url)),
    emptyOutDir: true,
    target: 'chrome120',
    sourcemap: false,
    chunkSizeWarningLimit: 4096,
  },
  server: { host: '127.0.0.1', strictPort: false },
});
