import { afterEach, describe, expect, it, vi } from 'vitest';
import { createBrowserHost } from './browser-host.js';

/** localStorage as a page has it, for a host made outside a browser. */
function memoryStorage(): Storage {
  const items = new Map<string, string>();
  return {
    get length() {
      return items.size;
    },
    clear: () => items.clear(),
    getItem: (key) => items.get(key) ?? null,
    key: (index) => [...items.keys()][index] ?? null,
    removeItem: (key) => void items.delete(key),
    setItem: (key, value) => void items.set(key, value),
  };
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('the browser host', () => {
  it('hands over no PDF of the page, saying the print dialog saves one, and opens no dialog itself', async () => {
    const print = vi.fn();
    vi.stubGlobal('window', { print });
    const host = createBrowserHost(memoryStorage());
    expect(await host.printToPdf()).toEqual({
      ok: false,
      error: { code: 'unsupported', message: 'This browser saves a PDF from its print dialog: choose “Save as PDF” there.' },
    });
    // The export gateway opens the print dialog on this answer; the host opening one too would show two.
    expect(print).not.toHaveBeenCalled();
  });
});
