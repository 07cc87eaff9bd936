// The Content-Security-Policy of the renderer, the same for both shells: the browser host sends it as a header,
// Electron adds it to responses through session.webRequest, and renderer/index.html carries it as a meta tag.
// Only the app's own files: no remote content, no eval ('wasm-unsafe-eval' lets the PowerShell grammar's
// WebAssembly compile; it does not allow JavaScript eval), no plugins, no framing.
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  // 'unsafe-inline' is NOT needed by React Flow or React: they set inline styles through the CSSOM (element.style /
  // setProperty), which CSP does not govern; nothing in the renderer or @xyflow/react creates <style> elements or
  // style="" markup (its CSS is the bundled stylesheet). Checked in Chromium against the production build with
  // style-src 'self' in both header and meta tag: the seed lab renders, nodes drag, the viewport zooms, and no
  // style-src violation is reported. It stays until renderer/index.html's meta tag drops it in the same change
  // (test/host/browser-host.test.ts keeps the two identical); the dev server has its own policy (vite.config.ts).
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Headers every response of the browser host carries. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};
