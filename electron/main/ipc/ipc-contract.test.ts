import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { HOST_METHODS, hostChannel } from '../../../shared/ipc/host-methods.js';
import { UNCLASSIFIED } from '../../../shared/marking/marking.js';
import { bundleSigner } from '../../../test/fixtures/bundle-parties.js';
import { BundleSessions } from '../../bundles/bundle-sessions.js';
import { buildHostBridge } from '../../preload/host-bridge.js';
import { HostError } from './host-error.js';
import { createHostHandlers, type HostDependencies } from './host-handlers.js';
import { MAX_PDF_BYTES } from '../../../shared/ipc/host-contract.js';
import type { RequestingPage } from './page-pdf.js';
import { FileSaves } from '../files/file-saves.js';
import { dispatch, registerHostHandlers, type IpcMainLike } from './register-host-handlers.js';

const appFrame = { url: 'app://renderer/index.html', parent: null };
/** The app's page, for messages that do not print it. */
const notPrinted: RequestingPage = { printToPDF: () => Promise.reject(new Error('This test prints nothing.')), postMessage: () => undefined };
const fromApp = { senderFrame: appFrame, sender: notPrinted };

function dependencies(overrides: Partial<HostDependencies> = {}): HostDependencies {
  return {
    app: { name: 'Frontier Review', version: '0.1.0', platform: 'linux', userName: 'jdoe' },
    settings: {
      load: () => Promise.resolve({ settings: { systemHigh: UNCLASSIFIED, bannerMode: 'highest-on-screen' }, managed: false }),
      save: (settings) => Promise.resolve({ settings, managed: false }),
    },
    dialogs: { chooseFilesToOpen: () => Promise.resolve([]), chooseSaveTarget: () => Promise.resolve(undefined) },
    pickedFiles: {
      add: (p) => Promise.resolve({ token: '6f1d2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b', name: p, size: 3 }),
      read: () => Promise.resolve(new Uint8Array([1, 2, 3])),
      locate: () => ({ path: '/picked/file', size: 3 }),
      release: () => undefined,
    },
    bundles: new BundleSessions(path.join(tmpdir(), 'frontier-review-unused-sessions')),
    intakes: { connect: () => undefined },
    writeFile: () => Promise.resolve(),
    fileSaves: new FileSaves(),
    baseName: (p) => p.split('/').at(-1) ?? p,
    keystore: { backend: () => Promise.resolve(undefined), encrypt: (b) => Promise.resolve(b), decrypt: (b) => Promise.resolve(b) },
    ...overrides,
  };
}

const log = { refused: vi.fn(), failed: vi.fn() };

describe('the IPC contract', () => {
  it('has a handler in main and a method in the preload for every channel, and nothing else', async () => {
    const registered: string[] = [];
    const ipc: IpcMainLike = { handle: (channel) => registered.push(channel) };
    const handlers = createHostHandlers(dependencies());
    registerHostHandlers(ipc, handlers, log);
    expect(Object.keys(handlers).sort()).toEqual([...HOST_METHODS].sort());
    expect(registered.sort()).toEqual(HOST_METHODS.map(hostChannel).sort());

    const invoked: string[] = [];
    const bridge = buildHostBridge((channel) => {
      invoked.push(channel);
      return Promise.resolve({ ok: true, value: undefined });
    });
    expect(Object.keys(bridge).sort()).toEqual([...HOST_METHODS].sort());
    for (const method of HOST_METHODS) await (bridge[method] as (r?: unknown) => Promise<unknown>)({});
    expect(invoked).toEqual(HOST_METHODS.map(hostChannel));
    expect(Object.isFrozen(bridge)).toBe(true);
  });

  it('refuses messages from frames other than the app page', async () => {
    const handlers = createHostHandlers(dependencies());
    for (const frame of [
      null,
      { url: 'https://evil.example/', parent: null },
      { url: 'app://renderer/index.html', parent: {} },
      { url: 'file:///tmp/x.html', parent: null },
    ]) {
      expect(await dispatch('getAppInfo', handlers, log, { senderFrame: frame, sender: notPrinted }, undefined)).toEqual({
        ok: false,
        error: { code: 'untrusted-sender', message: 'This request did not come from Frontier Review.' },
      });
    }
  });

  it('validates requests against the contract before any handler runs', async () => {
    const chooseSaveTarget = vi.fn(() => Promise.resolve('/tmp/x'));
    const handlers = createHostHandlers(dependencies({ dialogs: { chooseFilesToOpen: () => Promise.resolve([]), chooseSaveTarget } }));
    const result = await dispatch('saveFile', handlers, log, fromApp, {
      title: 'Export',
      suggestedName: '../../.bashrc',
      filters: [],
      data: new Uint8Array(1),
    });
    expect(result).toEqual({ ok: false, error: { code: 'invalid-input', message: 'Invalid saveFile request: suggestedName: A suggested file name cannot contain a path.' } });
    expect(chooseSaveTarget).not.toHaveBeenCalled();

    const tooBig = await dispatch('readPickedFile', handlers, log, fromApp, { token: 'not-a-token', offset: -1, length: 1e12 });
    expect(tooBig.ok).toBe(false);
    const extra = await dispatch('updateWorkstationSettings', handlers, log, fromApp, { systemHigh: UNCLASSIFIED, bannerMode: 'system-high', admin: true });
    expect(extra).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });

  it('answers with a Result, passing user-facing errors through and hiding internal ones', async () => {
    const handlers = createHostHandlers(dependencies());
    expect(await dispatch('getAppInfo', handlers, log, fromApp, undefined)).toEqual({
      ok: true,
      value: { name: 'Frontier Review', version: '0.1.0', platform: 'linux', userName: 'jdoe', shell: 'electron' },
    });

    const failing = createHostHandlers(
      dependencies({
        settings: {
          load: () => Promise.reject(new Error('EACCES: /etc/frontier-review/workstation.json')),
          save: () => Promise.reject(new HostError({ code: 'forbidden', message: 'Workstation settings are managed by your administrator.' })),
        },
      }),
    );
    expect(await dispatch('getWorkstationSettings', failing, log, fromApp, undefined)).toEqual({
      ok: false,
      error: { code: 'failed', message: 'getWorkstationSettings failed. Details are in the application log.' },
    });
    expect(await dispatch('updateWorkstationSettings', failing, log, fromApp, { systemHigh: UNCLASSIFIED, bannerMode: 'system-high' })).toEqual({
      ok: false,
      error: { code: 'forbidden', message: 'Workstation settings are managed by your administrator.' },
    });
  });


  it("refuses to pass on a handler's answer that breaks the contract", async () => {
    const broken = createHostHandlers(dependencies({ app: { name: 'Frontier Review', version: 7 as unknown as string, platform: 'linux', userName: 'jdoe' } }));
    expect(await dispatch('getAppInfo', broken, log, fromApp, undefined)).toEqual({
      ok: false,
      error: { code: 'failed', message: 'getAppInfo produced an answer outside the contract. Details are in the application log.' },
    });
  });
});

describe('host handlers', () => {
  it('saves through the dialog, reports a cancel, and explains a failed write', async () => {
    const data = new Uint8Array([104, 105]);
    const writes: [string, Uint8Array][] = [];
    const request = { title: 'Export', suggestedName: 'packets.csv', filters: [{ name: 'CSV', extensions: ['csv'] }], data };

    const saving = createHostHandlers(
      dependencies({
        dialogs: { chooseFilesToOpen: () => Promise.resolve([]), chooseSaveTarget: () => Promise.resolve('/media/usb/packets.csv') },
        writeFile: (p, d) => {
          writes.push([p, d]);
          return Promise.resolve();
        },
      }),
    );
    expect(await saving.saveFile(request)).toEqual({ saved: true, fileName: 'packets.csv' });
    expect(writes).toEqual([['/media/usb/packets.csv', data]]);

    expect(await createHostHandlers(dependencies()).saveFile(request)).toEqual({ saved: false });

    const readOnly = createHostHandlers(
      dependencies({
        dialogs: { chooseFilesToOpen: () => Promise.resolve([]), chooseSaveTarget: () => Promise.resolve('/media/cdrom/packets.csv') },
        writeFile: () => Promise.reject(new Error('EROFS: read-only file system')),
      }),
    );
    await expect(readOnly.saveFile(request)).rejects.toThrow('Could not save packets.csv: EROFS: read-only file system');
  });

  it('prints the page that asked to PDF, says why a printout failed, and refuses an empty or too large one', async () => {
    const handlers = createHostHandlers(dependencies());
    let prints = 0;
    const printing = (answer: Uint8Array | Error) => ({
      senderFrame: appFrame,
      sender: {
        printToPDF: () => {
          prints++;
          return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
        },
        postMessage: () => undefined,
      },
    });
    const pdf = new TextEncoder().encode('%PDF-1.7\n%%EOF\n');
    expect(await dispatch('printToPdf', handlers, log, printing(pdf), undefined)).toEqual({ ok: true, value: pdf });
    expect(await dispatch('printToPdf', handlers, log, printing(new Error('Failed to generate PDF')), undefined)).toEqual({
      ok: false,
      error: { code: 'failed', message: 'The page could not be printed to PDF: Failed to generate PDF' },
    });
    expect(await dispatch('printToPdf', handlers, log, printing(new Uint8Array(0)), undefined)).toEqual({
      ok: false,
      error: { code: 'failed', message: 'The page could not be printed to PDF: the printout came back empty.' },
    });
    // Zero-filled, so the 200 MiB are never touched.
    expect(await dispatch('printToPdf', handlers, log, printing(new Uint8Array(MAX_PDF_BYTES + 1)), undefined)).toEqual({
      ok: false,
      error: { code: 'failed', message: 'The PDF of the page came to 200.1 MiB, more than the 200 MiB the app takes in one piece; it was not made.' },
    });
    expect(prints).toBe(4);
    // The message carries nothing: anything in it is refused before the page is printed.
    expect(await dispatch('printToPdf', handlers, log, printing(pdf), { pageRanges: '1-2' })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(prints).toBe(4);
  });

  it('returns one picked file per path chosen', async () => {
    const handlers = createHostHandlers(
      dependencies({ dialogs: { chooseFilesToOpen: () => Promise.resolve(['/data/a.eval', '/data/b.eval']), chooseSaveTarget: () => Promise.resolve(undefined) } }),
    );
    const files = await handlers.showOpenDialog({ title: 'Open', filters: [], multiple: true });
    expect(files.map((f) => f.name)).toEqual(['/data/a.eval', '/data/b.eval']);
  });

  it("wraps profile keys with the operating system's keystore only where it protects them, and only small secrets", async () => {
    const none = createHostHandlers(dependencies());
    expect(await dispatch('keystoreStatus', none, log, fromApp, undefined)).toEqual({ ok: true, value: { backend: null } });
    expect(await dispatch('keystoreWrap', none, log, fromApp, new Uint8Array([1, 2, 3]))).toMatchObject({ ok: false, error: { message: "This workstation's operating system offers no keystore to protect profile keys." } });
    const encrypt = vi.fn((b: Uint8Array) => Promise.resolve(Uint8Array.from([9, ...b])));
    const os = createHostHandlers(dependencies({ keystore: { backend: () => Promise.resolve('gnome_libsecret'), encrypt, decrypt: (b) => Promise.resolve(b.subarray(1)) } }));
    expect(await dispatch('keystoreStatus', os, log, fromApp, undefined)).toEqual({ ok: true, value: { backend: 'gnome_libsecret' } });
    expect(await dispatch('keystoreWrap', os, log, fromApp, new Uint8Array([1, 2, 3]))).toEqual({ ok: true, value: Uint8Array.from([9, 1, 2, 3]) });
    expect(await dispatch('keystoreUnwrap', os, log, fromApp, Uint8Array.from([9, 1, 2, 3]))).toEqual({ ok: true, value: Uint8Array.from([1, 2, 3]) });
    expect(await dispatch('keystoreWrap', os, log, fromApp, new Uint8Array(64 * 1024 + 1))).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(encrypt).toHaveBeenCalledTimes(1);
  });

  it('refuses to export with a signing key that is not the key of the public key named with it, before asking where to save', async () => {
    const chooseSaveTarget = vi.fn(() => Promise.resolve(undefined));
    const handlers = createHostHandlers(dependencies({ dialogs: { chooseFilesToOpen: () => Promise.resolve([]), chooseSaveTarget } }));
    const lead = bundleSigner(1);
    const request = {
      title: 'Save the review bundle',
      suggestedName: 'review.frbundle',
      filters: [],
      bundleId: '3d2f1e0a-5b6c-4d7e-8f90-a1b2c3d4e5f6',
      createdAt: '2026-11-30T12:00:00.000Z',
      marking: UNCLASSIFIED,
      encryption: { passphrase: 'correct horse battery staple' },
      files: [],
    };
    const mismatched = await dispatch('beginBundleExport', handlers, log, fromApp, { ...request, signer: { ...lead, publicKey: bundleSigner(2).publicKey } });
    expect(mismatched).toEqual({
      ok: false,
      error: { code: 'invalid-input', message: "The bundle was not made: the signing key handed over is not the key of the public key named with it. Unlock the team lead's profile again and export once more." },
    });
    expect(chooseSaveTarget).not.toHaveBeenCalled();
    // The lead's own pair goes on to the save dialog (cancelled here).
    expect(await dispatch('beginBundleExport', handlers, log, fromApp, { ...request, signer: lead })).toEqual({ ok: true, value: { started: false } });
    expect(chooseSaveTarget).toHaveBeenCalledTimes(1);
  });

  it('connects an intake to the picked file a token names, for the page that asked, and to nothing else', async () => {
    const connect = vi.fn();
    const handlers = createHostHandlers(
      dependencies({
        intakes: { connect },
        pickedFiles: {
          ...dependencies().pickedFiles,
          locate: (token) => {
            if (token !== '6f1d2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b') throw new HostError({ code: 'not-found', message: 'That file is not open to the app.' });
            return { path: '/evaluations/run 1.eval', size: 3 };
          },
        },
      }),
    );
    const portId = '0b7c6a1e-2f3d-4e5f-8a9b-1c2d3e4f5a6b';
    expect(await dispatch('openLogIntake', handlers, log, fromApp, { token: '6f1d2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b', portId })).toEqual({ ok: true, value: null });
    expect(connect).toHaveBeenCalledWith({ path: '/evaluations/run 1.eval', name: 'run 1.eval' }, notPrinted, portId);
    expect(await dispatch('openLogIntake', handlers, log, fromApp, { token: '7f1d2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b', portId })).toEqual({ ok: false, error: { code: 'not-found', message: 'That file is not open to the app.' } });
    expect(await dispatch('openLogIntake', handlers, log, fromApp, { path: '/etc/passwd', portId })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(connect).toHaveBeenCalledTimes(1);
  });
});
