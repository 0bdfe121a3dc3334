/** Debian's Chromium, started without the background services that would try to reach a network. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];
/** Its own port, so a test run never collides with a reviewer's `npm run web` on 4173. */
export const PREVIEW_PORT = 4174;
export const PREVIEW_URL = `http://127.0.0.1:${PREVIEW_PORT}`;
