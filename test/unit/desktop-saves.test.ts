import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BundleSessions } from '../../electron/bundles/bundle-sessions.js';
import { FileSaves } from '../../electron/main/files/file-saves.js';
import { PickedFiles } from '../../electron/main/files/picked-files.js';
import { writeFileAtomic } from '../../electron/main/files/write-file-atomic.js';
import { createHostHandlers } from '../../electron/main/ipc/host-handlers.js';
import { dispatch } from '../../electron/main/ipc/register-host-handlers.js';
import { buildHostBridge } from '../../electron/preload/host-bridge.js';
import { createElectronHost } from '../../renderer/src/host/electron-host.js';
import type { Host } from '../../renderer/src/host/host.js';
import { HOST_METHODS, hostChannel, type HostMethod } from '../../shared/ipc/host-methods.js';

/**
 * The desktop app saving a file too large for one call (a history export of a million events runs
 * to some 640 MiB): the renderer's host over the preload bridge, each call validated against the
 * contract and dispatched to the main process's handlers, which write it on a real disk.
 */

const appFrame = { url: 'app://renderer/index.html', parent: null };
const page = { printToPDF: () => Promise.reject(new Error('Saves print nothing.')), postMessage: () => undefined };
const log = { refused: vi.fn(), failed: vi.fn() };
const MIB = 1024 * 1024;

let dir: string;
let saveAs: string | undefined;
let host: Host;
let calls: HostMethod[];
/** Whether the disk refuses writes: true for a plain failure, or the error it fails with. */
let failWrites: boolean | Error;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'frontier-review-desktop-saves-'));
  saveAs = path.join(dir, 'history.jsonl');
  calls = [];
  failWrites = false;
  const saves = new FileSaves();
  const handlers = createHostHandlers({
    app: { name: 'Frontier Review', version: '0.1.0', platform: 'linux', userName: 'jdoe' },
    settings: { load: () => Promise.reject(new Error('unused')), save: () => Promise.reject(new Error('unused')) },
    dialogs: { chooseFilesToOpen: () => Promise.resolve([]), chooseSaveTarget: () => Promise.resolve(saveAs) },
    pickedFiles: new PickedFiles(),
    bundles: new BundleSessions(path.join(dir, 'sessions')),
    writeFile: writeFileAtomic,
    fileSaves: { begin: (t) => saves.begin(t), append: (id, d) => (failWrites ? Promise.reject(failWrites instanceof Error ? failWrites : new Error('ENOSPC: no space left on device')) : saves.append(id, d)), finish: (id) => saves.finish(id), cancel: (id) => saves.cancel(id) },
    baseName: (p) => path.basename(p),
    intakes: { connect: () => undefined },
    keystore: { backend: () => Promise.resolve(undefined), encrypt: (b) => Promise.resolve(b), decrypt: (b) => Promise.resolve(b) },
  });
  const methodOf = new Map<string, HostMethod>(HOST_METHODS.map((m) => [hostChannel(m), m]));
  host = createElectronHost(
    buildHostBridge((channel, request) => {
      const method = methodOf.get(channel) ?? 'getAppInfo';
      calls.push(method);
      // structuredClone: what crosses IPC is a copy, never the page's own objects.
      return dispatch(method, handlers, log, { senderFrame: appFrame, sender: page }, structuredClone(request));
    }),
  );
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Pieces of a file, each byte numbered by its place in the whole, so a piece out of place shows. */
function pieces(sizes: readonly number[]): Uint8Array[] {
  let at = 0;
  return sizes.map((size) => {
    const piece = new Uint8Array(size);
    for (let i = 0; i < size; i++) piece[i] = at++ % 251;
    return piece;
  });
}

describe('saving a large file on the desktop', () => {
  it('saves a file larger than one call in slices, in order, and puts it in place only at the end', async () => {
    const data = pieces([3 * MIB, 70 * MIB, 5]);
    expect(await host.saveFile({ title: 'Export the history', suggestedName: 'history.jsonl', filters: [{ name: 'JSON lines', extensions: ['jsonl'] }], data })).toEqual({ ok: true, value: { saved: true, fileName: 'history.jsonl' } });
    const written = await readFile(path.join(dir, 'history.jsonl'));
    expect(written.length).toBe(73 * MIB + 5);
    expect(written.findIndex((b, i) => b !== i % 251)).toBe(-1);
    // The 70 MiB piece went in two slices: no call carries more than 64 MiB.
    expect(calls).toEqual(['beginFileSave', 'addFileSaveSlice', 'addFileSaveSlice', 'addFileSaveSlice', 'addFileSaveSlice', 'finishFileSave']);
  });

  it('saves a small file in one call, and a cancelled dialog saves nothing', async () => {
    const data = pieces([10, 20]);
    expect(await host.saveFile({ title: 'Export', suggestedName: 'history.jsonl', filters: [], data })).toEqual({ ok: true, value: { saved: true, fileName: 'history.jsonl' } });
    expect(calls).toEqual(['saveFile']);
    saveAs = undefined;
    expect(await host.saveFile({ title: 'Export', suggestedName: 'history.jsonl', filters: [], data: pieces([40 * MIB]) })).toEqual({ ok: true, value: { saved: false } });
  });

  it('says why a save failed on the disk, and leaves no part of the file', async () => {
    failWrites = true;
    const saved = await host.saveFile({ title: 'Export', suggestedName: 'history.jsonl', filters: [], data: pieces([40 * MIB]) });
    expect(saved).toEqual({ ok: false, error: { code: 'failed', message: 'Could not save the file: ENOSPC: no space left on device' } });
    expect(calls.at(-1)).toBe('cancelFileSave');
    expect(await readdir(dir)).toEqual([]);
  });

  it("names the disk's refusal by its code, never by the paths in the system's message", async () => {
    failWrites = Object.assign(new Error(`EACCES: permission denied, open '${dir}/.history.jsonl.partial'`), { code: 'EACCES', syscall: 'write' });
    const saved = await host.saveFile({ title: 'Export', suggestedName: 'history.jsonl', filters: [], data: pieces([40 * MIB]) });
    expect(saved).toEqual({ ok: false, error: { code: 'failed', message: 'Could not save the file: the disk refused (EACCES, write); check the space and permissions where it is saved' } });
  });
});
