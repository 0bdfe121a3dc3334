import { readFile } from 'node:fs/promises';
import { CONTENT_SECURITY_POLICY } from '../security/content-security-policy.js';
import { contentTypeFor, resolveAppFile } from './resolve-app-file.js';

/**
 * Answers one request on the app scheme from the built renderer folder (inside the ASAR in a
 * packaged app). Files are read directly rather than through a file:// fetch, which the session
 * policy blocks. Every response carries the CSP and forbids MIME sniffing.
 */
export async function serveAppRequest(rendererRoot: string, request: { readonly url: string; readonly method: string }): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'Method not allowed');
  const file = resolveAppFile(rendererRoot, request.url);
  if (file === undefined) return plain(404, 'Not found');
  let body: Uint8Array;
  try {
    body = await readFile(file);
  } catch {
    return plain(404, 'Not found');
  }
  return new Response(request.method === 'HEAD' ? null : body, {
    status: 200,
    headers: {
      'Content-Type': contentTypeFor(file),
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      'X-Content-Type-Options': 'nosniff',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': 'no-store',
    },
  });
}

/**
 * The answer to every http, https and file request the session makes. These schemes are
 * intercepted as well as filtered: the request filter may never see some loads (a file:// fetch
 * made through the session, for one), an intercepting handler sees them all.
 */
export const REFUSED_SCHEMES = ['http', 'https', 'file'] as const;

export function refuseRequest(request: { readonly url: string }): Response {
  return plain(403, `Refused: Frontier Review works offline and loads nothing from ${new URL(request.url).protocol}`);
}

function plain(status: number, text: string): Response {
  return new Response(text, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' } });
}
