/**
 * The renderer is served from a privileged custom scheme rather than file://, so it has a real
 * origin (IndexedDB, CSP 'self') and nothing on disk outside the bundle can be addressed.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'renderer';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** True for a URL on the app's own origin, compared after parsing so tricks like `app://renderer@evil` fail. */
export function isAppUrl(url: string): boolean {
  const parsed = parseUrl(url);
  return parsed?.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST && parsed.username === '' && parsed.password === '';
}

export function parseUrl(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}
