import { APP_SCHEME, isAppUrl, parseUrl } from './app-origin.js';

export type RequestDecision = { readonly allow: true } | { readonly allow: false; readonly reason: string };

/**
 * Decides every request the session makes. Deny by default: the app's own origin, and blob:
 * URLs it minted itself (downloads, workers), are the only things that may load. http(s),
 * ws(s), file:, data: and every other scheme are cancelled, so nothing can reach a network
 * or read the disk behind the app's back. DevTools may load its own pages in development only.
 */
export function decideRequest(url: string, options: { readonly devTools: boolean }): RequestDecision {
  const parsed = parseUrl(url);
  if (!parsed) return { allow: false, reason: 'unparseable URL' };
  if (isAppUrl(url)) return { allow: true };
  if (parsed.protocol === 'blob:' && isAppUrl(url.slice('blob:'.length))) return { allow: true };
  if (options.devTools && (parsed.protocol === 'devtools:' || parsed.protocol === 'chrome-extension:')) {
    return { allow: true };
  }
  if (parsed.protocol === `${APP_SCHEME}:`) return { allow: false, reason: `foreign host on the app scheme: ${parsed.host}` };
  return { allow: false, reason: `${parsed.protocol} requests are blocked: Frontier Review works offline` };
}

/** In-page navigation is never needed: the app is a single page. Only its own origin may load. */
export function isNavigationAllowed(url: string): boolean {
  return isAppUrl(url);
}
