import { decideRequest } from './request-policy.js';

/** The parts of Electron's Session the policy configures; a plain interface so tests can drive it. */
export interface SessionLike {
  setPermissionRequestHandler(handler: (webContents: unknown, permission: string, callback: (granted: boolean) => void) => void): void;
  setPermissionCheckHandler(handler: (webContents: unknown, permission: string) => boolean): void;
  setDevicePermissionHandler(handler: (details: unknown) => boolean): void;
  setSpellCheckerEnabled(enabled: boolean): void;
  /** Electron's `will-download`: a download the page starts (an anchor with `download`, a blob URL). */
  on(event: 'will-download', listener: (event: { preventDefault(): void }, item: { getFilename(): string }) => void): void;
  readonly webRequest: {
    onBeforeRequest(
      filter: { urls: string[] },
      listener: (details: { url: string }, callback: (response: { cancel: boolean }) => void) => void,
    ): void;
  };
}

export interface PolicyLog {
  blocked(kind: 'request' | 'permission' | 'download', detail: string): void;
}

/**
 * Deny by default at the session level: every permission request and check is refused (the app
 * needs none: no camera, notifications, geolocation, USB, clipboard reads, ...), every request
 * outside the app's own origin is cancelled, and the spellchecker, which would download
 * dictionaries, is off. No download is ever taken: files leave only through the export gateway,
 * whose save dialog the main process opens itself.
 */
export function installSessionPolicy(session: SessionLike, options: { readonly devTools: boolean }, log: PolicyLog): void {
  session.setPermissionRequestHandler((_webContents, permission, callback) => {
    log.blocked('permission', permission);
    callback(false);
  });
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  session.setSpellCheckerEnabled(false);
  session.on('will-download', (event, item) => {
    log.blocked('download', item.getFilename());
    event.preventDefault();
  });
  session.webRequest.onBeforeRequest({ urls: ['<all_urls>'] }, (details, callback) => {
    const decision = decideRequest(details.url, options);
    if (!decision.allow) log.blocked('request', `${details.url} (${decision.reason})`);
    callback({ cancel: !decision.allow });
  });
}
