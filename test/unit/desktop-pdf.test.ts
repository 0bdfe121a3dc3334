import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createHostHandlers, type HostDependencies } from '../../electron/main/ipc/host-handlers.js';
import type { RequestingPage } from '../../electron/main/ipc/page-pdf.js';
import { dispatch } from '../../electron/main/ipc/register-host-handlers.js';
import { buildHostBridge } from '../../electron/preload/host-bridge.js';
import { createElectronHost } from '../../renderer/src/host/electron-host.js';
import { isGatewayPrint } from '../../renderer/src/host/print-page.js';
import { HOST_METHODS, hostChannel, type HostMethod } from '../../shared/ipc/host-methods.js';

/**
 * The desktop app's PDF of the page end to end short of Electron itself: the renderer's host over
 * the preload bridge, the message validated and dispatched to the main process's handler, which
 * prints the page the message came from.
 */

const appFrame = { url: 'app://renderer/index.html', parent: null };
const log = { refused: vi.fn(), failed: vi.fn() };
const pdf = new TextEncoder().encode('%PDF-1.7\n%%EOF\n');
// Only the PDF handler runs here; it needs nothing of the machine.
const handlers = createHostHandlers({} as HostDependencies);

/** The renderer's host, in a page whose prints `print` answers. */
function hostOf(print: RequestingPage['printToPDF']) {
  const methodOf = new Map<string, HostMethod>(HOST_METHODS.map((m) => [hostChannel(m), m]));
  const page: RequestingPage = { printToPDF: print, postMessage: () => undefined };
  // structuredClone: what crosses IPC is a copy both ways.
  return createElectronHost(buildHostBridge(async (channel, request) => structuredClone(await dispatch(methodOf.get(channel) ?? 'getAppInfo', handlers, log, { senderFrame: appFrame, sender: page }, structuredClone(request)))));
}

beforeEach(() => {
  // The page's root element, where a print under way is marked as the export gateway's.
  vi.stubGlobal('document', { documentElement: { dataset: {} } });
});
afterEach(() => {
  vi.unstubAllGlobals();
});

describe("the desktop app's PDF of the page", () => {
  it("comes back as the page's bytes, printed while the page knows the print as the export gateway's own", async () => {
    const marked: boolean[] = [];
    const host = hostOf(() => {
      // When Chromium announces the print to the page, the print guard finds it the gateway's and records no print of the screen.
      marked.push(isGatewayPrint());
      return Promise.resolve(Buffer.from(pdf));
    });
    expect(await host.printToPdf()).toEqual({ ok: true, value: pdf });
    expect(marked).toEqual([true]);
    expect(isGatewayPrint()).toBe(false);
  });

  it('fails with the reason, leaving no print marked as under way', async () => {
    const host = hostOf(() => Promise.reject(new Error('Failed to generate PDF')));
    expect(await host.printToPdf()).toEqual({ ok: false, error: { code: 'failed', message: 'The page could not be printed to PDF: Failed to generate PDF' } });
    expect(isGatewayPrint()).toBe(false);
  });
});
