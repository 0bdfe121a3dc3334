/**
 * The renderer's Content Security Policy: only the app's own origin, no inline script, no eval,
 * no plugins, no framing, no form posts, no network. Sent as a response header on every
 * document and worker script the app protocol serves (and repeated as a meta tag in the built
 * index.html). 'wasm-unsafe-eval' lets the app compile WebAssembly (SHA-256 and CRC-32 of
 * imported files); it does not allow eval or new Function.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "frame-src 'none'",
].join('; ');
