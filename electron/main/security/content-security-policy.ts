/**
 * The renderer's Content Security Policy: only the app's own origin, no inline script, no eval,
 * no plugins, no framing, no form posts, no network. Sent as a response header on every
 * document the app protocol serves (and repeated as a meta tag in the built index.html).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
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
