import { describe, expect, it } from 'vitest';
import { isAppUrl } from './app-origin.js';
import { decideRequest, isNavigationAllowed } from './request-policy.js';

const production = { devTools: false };

describe('request policy', () => {
  it('lets the app load its own files', () => {
    expect(decideRequest('app://renderer/index.html', production)).toEqual({ allow: true });
    expect(decideRequest('app://renderer/assets/index-abc.js', production)).toEqual({ allow: true });
    expect(decideRequest('blob:app://renderer/5b0c6d1e-7f7a-4a53-9a43-2a9a2f1c1b1e', production)).toEqual({ allow: true });
  });

  it.each([
    'http://example.com/',
    'https://fonts.googleapis.com/css2?family=Inter',
    'https://update.electronjs.org/frontier-review',
    'ws://127.0.0.1:9222/devtools',
    'wss://telemetry.example/collect',
    'file:///etc/passwd',
    'data:text/html,<script>alert(1)</script>',
    'ftp://files.example/',
    'chrome-extension://abc/page.html',
    'devtools://devtools/bundled/inspector.html',
  ])('cancels %s', (url) => {
    const decision = decideRequest(url, production);
    expect(decision.allow).toBe(false);
  });

  it('explains why a request was cancelled', () => {
    expect(decideRequest('https://example.com/', production)).toEqual({ allow: false, reason: 'https: requests are blocked: Frontier Review works offline' });
    expect(decideRequest('app://evil/index.html', production)).toEqual({ allow: false, reason: 'foreign host on the app scheme: evil' });
    expect(decideRequest('not a url', production)).toEqual({ allow: false, reason: 'unparseable URL' });
  });

  it('allows DevTools pages only in development', () => {
    expect(decideRequest('devtools://devtools/bundled/inspector.html', { devTools: true })).toEqual({ allow: true });
    expect(decideRequest('https://example.com/', { devTools: true }).allow).toBe(false);
  });

  it('is not fooled by look-alike app URLs', () => {
    expect(isAppUrl('app://renderer@evil.example/')).toBe(false);
    expect(isAppUrl('app://user:pass@renderer/')).toBe(false);
    expect(isAppUrl('app://renderer.evil/')).toBe(false);
    expect(decideRequest('blob:https://evil.example/uuid', production).allow).toBe(false);
  });

  it('allows navigation only within the app', () => {
    expect(isNavigationAllowed('app://renderer/index.html#packet/new')).toBe(true);
    expect(isNavigationAllowed('https://example.com/')).toBe(false);
    expect(isNavigationAllowed('file:///home/reviewer/report.html')).toBe(false);
    expect(isNavigationAllowed('javascript:alert(1)')).toBe(false);
  });
});
