import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../security/content-security-policy.js';
import { secureWebPreferences } from '../../../test/fixtures/secure-web-preferences.js';
import { appMenuTemplate } from './app-menu.js';

const created = vi.hoisted((): { options?: unknown; url?: string } => ({}));

// Importing the real module from Node would start Electron's runtime download.
vi.mock('electron', () => ({
  BrowserWindow: class {
    constructor(options: unknown) {
      created.options = options;
    }
    once() {
      return this;
    }
    loadURL(url: string) {
      created.url = url;
      return Promise.resolve();
    }
  },
}));

describe('the main window', () => {
  it('is created with every security preference set explicitly and loads the app protocol', async () => {
    const { createMainWindow } = await import('./main-window.js');
    createMainWindow('/app/dist/electron/preload.cjs', false);
    // Exactly these, nothing weakened and nothing added.
    expect(created.options).toHaveProperty('webPreferences', secureWebPreferences('/app/dist/electron/preload.cjs', false));
    expect(created.options).not.toHaveProperty('webPreferences.enableBlinkFeatures');
    expect(created.url).toBe('app://renderer/index.html');
  });
});

describe('the application menu', () => {
  it('has no links out and no DevTools in a release build', () => {
    const menu = JSON.stringify(appMenuTemplate('linux', false));
    expect(menu).not.toMatch(/help|learn|http|toggleDevTools/i);
    expect(JSON.stringify(appMenuTemplate('linux', true))).toContain('toggleDevTools');
  });
});

describe('the content security policy', () => {
  it('is the same in the built page and in the header main sends (bar frame-ancestors, which a meta tag cannot carry)', () => {
    const html = readFileSync(new URL('../../../renderer/index.html', import.meta.url), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    const header = CONTENT_SECURITY_POLICY.split('; ').filter((d) => !d.startsWith('frame-ancestors'));
    expect(meta?.split('; ')).toEqual(header);
    // WebAssembly may be compiled (file hashing); JavaScript may not be evaluated or inlined.
    expect(header.find((d) => d.startsWith('script-src'))).toBe("script-src 'self' 'wasm-unsafe-eval'");
    expect(CONTENT_SECURITY_POLICY.replaceAll("'wasm-unsafe-eval'", '')).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
  });
});
