import { describe, expect, it } from 'vitest';
import { installSessionPolicy, type SessionLike } from './session-policy.js';
import { hardenWebContents, type WebContentsLike } from './web-contents-policy.js';

function fakeSession() {
  const installed: {
    request?: Parameters<SessionLike['setPermissionRequestHandler']>[0];
    check?: Parameters<SessionLike['setPermissionCheckHandler']>[0];
    device?: Parameters<SessionLike['setDevicePermissionHandler']>[0];
    beforeRequest?: Parameters<SessionLike['webRequest']['onBeforeRequest']>[1];
    filter?: { urls: string[] };
    spellcheck?: boolean;
    download?: Parameters<SessionLike['on']>[1];
  } = {};
  const session: SessionLike = {
    setPermissionRequestHandler: (h) => (installed.request = h),
    setPermissionCheckHandler: (h) => (installed.check = h),
    setDevicePermissionHandler: (h) => (installed.device = h),
    setSpellCheckerEnabled: (enabled) => (installed.spellcheck = enabled),
    on: (_event, listener) => (installed.download = listener),
    webRequest: {
      onBeforeRequest: (filter, listener) => {
        installed.filter = filter;
        installed.beforeRequest = listener;
      },
    },
  };
  return { session, installed };
}

describe('session policy', () => {
  it('denies every permission request and check, and every device', () => {
    const { session, installed } = fakeSession();
    const blocked: string[] = [];
    installSessionPolicy(session, { devTools: false }, { blocked: (_kind, detail) => blocked.push(detail) });
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fileSystem', 'hid', 'usb', 'local-network-access']) {
      let granted: boolean | undefined;
      installed.request?.(undefined, permission, (g) => (granted = g));
      expect(granted, permission).toBe(false);
      expect(installed.check?.(undefined, permission)).toBe(false);
    }
    expect(installed.device?.({ deviceType: 'usb' })).toBe(false);
    expect(blocked).toContain('geolocation');
  });

  it('cancels every download the page starts: files leave only through the export gateway', () => {
    const { session, installed } = fakeSession();
    const blocked: string[] = [];
    installSessionPolicy(session, { devTools: false }, { blocked: (kind, detail) => blocked.push(`${kind}: ${detail}`) });
    let prevented = false;
    installed.download?.({ preventDefault: () => (prevented = true) }, { getFilename: () => 'atlas.csv' });
    expect(prevented).toBe(true);
    expect(blocked).toEqual(['download: atlas.csv']);
  });

  it('turns off the spellchecker, which would download dictionaries', () => {
    const { session, installed } = fakeSession();
    installSessionPolicy(session, { devTools: false }, { blocked: () => undefined });
    expect(installed.spellcheck).toBe(false);
  });

  it('cancels every request outside the app, for all URLs', () => {
    const { session, installed } = fakeSession();
    const blocked: string[] = [];
    installSessionPolicy(session, { devTools: false }, { blocked: (kind, detail) => blocked.push(`${kind}: ${detail}`) });
    expect(installed.filter).toEqual({ urls: ['<all_urls>'] });
    const decide = (url: string) => {
      let cancel: boolean | undefined;
      installed.beforeRequest?.({ url }, (response) => (cancel = response.cancel));
      return cancel;
    };
    expect(decide('app://renderer/index.html')).toBe(false);
    expect(decide('https://example.com/beacon')).toBe(true);
    expect(decide('wss://example.com/socket')).toBe(true);
    expect(blocked).toEqual([
      'request: https://example.com/beacon (https: requests are blocked: Frontier Review works offline)',
      'request: wss://example.com/socket (wss: requests are blocked: Frontier Review works offline)',
    ]);
  });
});

describe('web contents policy', () => {
  function fakeContents() {
    const listeners = new Map<string, (event: { preventDefault(): void }, url: string) => void>();
    let openHandler: ((details: { url: string }) => { action: 'deny' }) | undefined;
    const contents: WebContentsLike = {
      on: (event: string, listener: (event: { preventDefault(): void }, url: string) => void) => {
        listeners.set(event, listener);
      },
      setWindowOpenHandler: (handler) => (openHandler = handler),
    };
    const fire = (event: string, url = '') => {
      let prevented = false;
      listeners.get(event)?.({ preventDefault: () => (prevented = true) }, url);
      return prevented;
    };
    return { contents, fire, open: (url: string) => openHandler?.({ url }) };
  }

  it('blocks navigation and redirects away from the app, new windows and webviews', () => {
    const { contents, fire, open } = fakeContents();
    const blocked: string[] = [];
    hardenWebContents(contents, { blocked: (detail) => blocked.push(detail) });
    expect(fire('will-navigate', 'https://example.com/')).toBe(true);
    expect(fire('will-navigate', 'app://renderer/index.html')).toBe(false);
    expect(fire('will-redirect', 'http://127.0.0.1:8080/')).toBe(true);
    expect(fire('will-attach-webview')).toBe(true);
    expect(open('https://example.com/')).toEqual({ action: 'deny' });
    expect(open('app://renderer/index.html')).toEqual({ action: 'deny' });
    expect(blocked).toEqual([
      'navigation to https://example.com/',
      'redirect to http://127.0.0.1:8080/',
      'webview',
      'new window for https://example.com/',
      'new window for app://renderer/index.html',
    ]);
  });
});
