// The Content-Security-Policy of the renderer, the same for both shells: the browser host sends it as a header,
// Electron adds it to responses through session.webRequest, and renderer/index.html carries it as a meta tag.
// Only the app's own files: no remote content, no eval ('wasm-unsafe-eval' lets the PowerShell grammar's
// WebAssembly compile; it does not allow JavaScript eval), no plugins, no framing.
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  // No 'unsafe-inline': React and React Flow set inline styles through the CSSOM (element.style / setProperty), which
  // CSP does not govern, and nothing in the renderer or @xyflow/react creates <style> elements or style="" markup
  // (their CSS is the bundled stylesheet). test/e2e/csp.e2e.test.ts drives the designer and asserts no style-src
  // violation. The dev server has its own, looser policy (vite.config.ts) for hot reload.
  "style-src 'self'",
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
