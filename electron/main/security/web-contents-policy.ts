import { isNavigationAllowed } from './request-policy.js';

/** The parts of Electron's WebContents the policy hardens. */
export interface WebContentsLike {
  on(event: 'will-navigate' | 'will-redirect', listener: (event: { preventDefault(): void }, url: string) => void): void;
  on(event: 'will-attach-webview', listener: (event: { preventDefault(): void }) => void): void;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

/**
 * Applied to every web contents the app creates: no navigation away from the app, no redirects,
 * no new windows (links that would open one are dropped, never handed to a browser, which on
 * an air-gapped workstation could not load them anyway), and no <webview> guests.
 */
export function hardenWebContents(contents: WebContentsLike, log: { blocked(detail: string): void }): void {
  contents.on('will-navigate', (event, url) => {
    if (!isNavigationAllowed(url)) {
      event.preventDefault();
      log.blocked(`navigation to ${url}`);
    }
  });
  contents.on('will-redirect', (event, url) => {
    if (!isNavigationAllowed(url)) {
      event.preventDefault();
      log.blocked(`redirect to ${url}`);
    }
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log.blocked('webview');
  });
  contents.setWindowOpenHandler(({ url }) => {
    log.blocked(`new window for ${url}`);
    return { action: 'deny' };
  });
}
