import { randomBytes, randomUUID } from 'node:crypto';
import { UNCLASSIFIED } from '../../shared/marking/marking.js';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateIdentity, identityToRecipient } from 'age-encryption';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BundleSessions } from '../../electron/bundles/bundle-sessions.js';
import { PickedFiles } from '../../electron/main/files/picked-files.js';
import { FileSaves } from '../../electron/main/files/file-saves.js';
import { createHostHandlers } from '../../electron/main/ipc/host-handlers.js';
import { dispatch } from '../../electron/main/ipc/register-host-handlers.js';
import { buildHostBridge } from '../../electron/preload/host-bridge.js';
import { createElectronHost } from '../../renderer/src/host/electron-host.js';
import type { BundleExportRequest, BundleOpenRequest, Host, PickedFile, Progress } from '../../renderer/src/host/host.js';
import { bytesStream, type BundleSource } from '../../shared/bundle/review-bundle.js';
import { parseAllowedSigners } from '../../shared/identity/allowed-signers.js';
import type { TrustedSigner } from '../../shared/identity/trusted-signer.js';
import { fingerprint, formatPublicKeyLine } from '../../shared/identity/ssh-key.js';
import { HOST_METHODS, hostChannel, type HostMethod } from '../../shared/ipc/host-methods.js';
import { bundleSigner, BUNDLE_NOW } from '../fixtures/bundle-parties.js';

/**
 * The desktop app's bundles end to end short of Electron itself: the renderer's host over the
 * preload bridge, each call validated against the contract and dispatched to the main process's
 * handlers, which stage, encrypt, check and quarantine on a real disk with Node's native cipher.
 */

const lead = bundleSigner(5);
const appFrame = { url: 'app://renderer/index.html', parent: null };
/** The app's page: bundles never print it. */
const notPrinted = { printToPDF: () => Promise.reject(new Error('Bundles print nothing.')), postMessage: () => undefined };
const log = { refused: vi.fn(), failed: vi.fn() };

let dir: string;
let root: string;
let saveAs: string | undefined;
let picked: string[];
let host: Host;
let sessions: BundleSessions;
/** A message as a page would send it, past the host: for a page that does what the host never does. */
let call: (method: HostMethod, request: unknown) => Promise<unknown>;
let identity: string;
let recipient: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'frontier-review-desktop-bundles-'));
  root = path.join(dir, 'sessions');
  saveAs = path.join(dir, 'out', 'review.frbundle');
  picked = [];
  identity = await generateIdentity();
  recipient = await identityToRecipient(identity);
  const handlers = createHostHandlers({
    app: { name: 'Frontier Review', version: '0.1.0', platform: 'linux', userName: 'jdoe' },
    settings: { load: () => Promise.reject(new Error('unused')), save: () => Promise.reject(new Error('unused')) },
    dialogs: { chooseFilesToOpen: () => Promise.resolve(picked), chooseSaveTarget: () => Promise.resolve(saveAs) },
    pickedFiles: new PickedFiles(),
    bundles: (sessions = new BundleSessions(root)),
    intakes: { connect: () => undefined },
    writeFile: () => Promise.reject(new Error('unused')),
    fileSaves: new FileSaves(),
    baseName: (p) => path.basename(p),
    keystore: { backend: () => Promise.resolve(undefined), encrypt: (b) => Promise.resolve(b), decrypt: (b) => Promise.resolve(b) },
  });
  const methodOf = new Map<string, HostMethod>(HOST_METHODS.map((m) => [hostChannel(m), m]));
  // structuredClone: what crosses IPC is a copy, never the page's own objects.
  call = (method, request) => dispatch(method, handlers, log, { senderFrame: appFrame, sender: notPrinted }, structuredClone(request));
  const bridge = buildHostBridge((channel, request) => call(methodOf.get(channel) ?? 'getAppInfo', request));
  host = createElectronHost(bridge);
  await mkdir(path.join(dir, 'out'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const trusted: TrustedSigner = {
  id: 'lead',
  principals: ['lead@cisa.example'],
  publicKey: formatPublicKeyLine(lead.publicKey),
  fingerprint: fingerprint(lead.publicKey),
  namespaces: null,
  validAfter: null,
  validBefore: null,
  ageRecipient: null,
  addedBy: 'Dana Lead',
  addedAt: '2026-11-01T00:00:00.000Z',
  revokedAt: null,
  revokedBy: null,
  revision: 1,
};

function inMemory(pathInBundle: string, bytes: Uint8Array): BundleSource {
  return { path: pathInBundle, size: bytes.length, stream: () => bytesStream(bytes) };
}

function exportRequest(sources: readonly BundleSource[], over: Partial<BundleExportRequest> = {}): BundleExportRequest {
  return {
    title: 'Save the review bundle',
    suggestedName: 'review.frbundle',
    filters: [{ name: 'Frontier Review bundle', extensions: ['frbundle'] }],
    header: { bundleId: '3d2f1e0a-5b6c-4d7e-8f90-a1b2c3d4e5f6', createdAt: BUNDLE_NOW.toISOString(), marking: UNCLASSIFIED, signer: lead, encryption: { recipients: [{ label: 'NIST workstation 4', recipient }] } },
    sources,
    ...over,
  };
}

async function pick(file: string): Promise<PickedFile> {
  picked = [file];
  const chosen = await host.openFiles({ title: 'Import a review bundle', filters: [], multiple: false });
  if (!chosen.ok || !chosen.value[0]) throw new Error('nothing picked');
  return chosen.value[0];
}

const openRequest = (onProgress: Progress = () => undefined): BundleOpenRequest => ({
  signers: [trusted],
  decryption: { identities: [identity] },
  ownRecipients: [recipient],
  seenBundleIds: new Set<string>(),
  now: BUNDLE_NOW,
  onProgress,
});

const sessionFolders = async () => (await readdir(root).catch(() => [] as string[])).sort();

describe("the desktop app's bundles", () => {
  it('are written by the main process from files handed over in slices, and opened into a quarantine the page reads in slices and that goes on close', async () => {
    const review = new TextEncoder().encode('{"packets":[]}\n');
    // Larger than one hand-over slice (8 MiB) and one read (16 MiB), and not a multiple of either.
    const logBytes = new Uint8Array(randomBytes(20 * 1024 * 1024 + 777));
    const logPath = `attachments/${'c'.repeat(64)}/cybench.eval`;
    const exported: number[] = [];
    const saved = await host.bundles.export(exportRequest([inMemory('review/review.json', review), inMemory('review/empty.json', new Uint8Array(0)), inMemory(logPath, logBytes)], { onProgress: (done) => exported.push(done) }));
    expect(saved).toMatchObject({ ok: true, value: { saved: true, fileName: 'review.frbundle', manifest: { bundleId: '3d2f1e0a-5b6c-4d7e-8f90-a1b2c3d4e5f6' } } });
    expect(await sessionFolders()).toEqual([]);
    expect(exported.at(-1)).toBe(review.length + logBytes.length);
    expect(exported.every((n, i) => i === 0 || n >= (exported[i - 1] ?? 0))).toBe(true);

    const file = await pick(saveAs ?? '');
    const checked: number[] = [];
    const opened = await host.bundles.open(file, openRequest((done) => checked.push(done)));
    if (!opened.ok) throw new Error(opened.error.message);
    expect(opened.value.signerPrincipals).toEqual(['lead@cisa.example']);
    expect(opened.value.files.paths).toEqual(['review/review.json', 'review/empty.json', logPath]);
    expect(await opened.value.files.read('review/review.json')).toEqual(review);
    expect(await opened.value.files.read('review/empty.json')).toEqual(new Uint8Array(0));
    const source = opened.value.files.source(logPath);
    expect(source?.size).toBe(logBytes.length);
    expect(Buffer.from((await source?.read(0, logBytes.length)) ?? []).equals(Buffer.from(logBytes))).toBe(true);
    expect(await source?.read(logBytes.length - 10, 100)).toEqual(logBytes.subarray(logBytes.length - 10));
    expect(opened.value.files.source('review/nothing.json')).toBeUndefined();
    expect(checked.at(-1)).toBe(2 * file.size);
    const [quarantine] = await sessionFolders();
    expect(quarantine).toMatch(/^frontier-review-quarantine-/);

    await opened.value.close();
    expect(await sessionFolders()).toEqual([]);
    await expect(source?.read(0, 10)).rejects.toThrow('That bundle is not open.');
  });

  it('refuses an altered bundle with its reason, leaving nothing unpacked, and a cancelled save makes nothing', async () => {
    saveAs = undefined;
    expect(await host.bundles.export(exportRequest([inMemory('review/review.json', new Uint8Array(10))]))).toEqual({ ok: true, value: { saved: false } });
    expect(await sessionFolders()).toEqual([]);

    saveAs = path.join(dir, 'out', 'review.frbundle');
    expect((await host.bundles.export(exportRequest([inMemory('review/review.json', new Uint8Array(100_000))]))).ok).toBe(true);
    const bytes = await readFile(saveAs);
    bytes[2048] = (bytes[2048] ?? 0) ^ 1;
    const altered = path.join(dir, 'altered.frbundle');
    await writeFile(altered, bytes);
    const opened = await host.bundles.open(await pick(altered), openRequest());
    expect(opened).toMatchObject({ ok: false, error: { code: 'invalid-input', message: expect.stringMatching(/signature/i) as unknown } });
    expect(await sessionFolders()).toEqual([]);

    const stranger = await host.bundles.open(await pick(saveAs), { ...openRequest(), signers: [] });
    expect(stranger).toMatchObject({ ok: false, error: { message: expect.stringMatching(/trust/i) as unknown } });
  });

  it('refuses, in the main process, a page that names unsafe files, hands over out of order or reads what it did not open', async () => {
    const unsafe = await host.bundles.export(exportRequest([inMemory('../outside.json', new Uint8Array(4))]));
    expect(unsafe).toMatchObject({ ok: false, error: { message: expect.stringContaining('"../outside.json"') as unknown } });
    const twice = await host.bundles.export(exportRequest([inMemory('review/a.json', new Uint8Array(4)), inMemory('review/a.json', new Uint8Array(4))]));
    expect(twice).toMatchObject({ ok: false, error: { message: 'The file name "review/a.json" is used twice or reserved.' } });
    const reserved = await host.bundles.export(exportRequest([inMemory('manifest.json', new Uint8Array(4))]));
    expect(reserved.ok).toBe(false);
    // A failed export leaves neither staged files nor a bundle behind.
    expect(await sessionFolders()).toEqual([]);
    expect(await readdir(path.dirname(saveAs ?? ''))).toEqual([]);

    const { header } = exportRequest([]);
    const begin = { title: 'Save', suggestedName: 'x.frbundle', filters: [], ...header, files: [{ path: 'review/a.json', size: 16 }, { path: 'review/b.json', size: 8 }] };
    const begun = (await call('beginBundleExport', begin)) as { value: { exportId: string } };
    const { exportId } = begun.value;
    // The slice is taken while the encrypting writer reads it, so a page can only go as fast as the bundle is written.
    expect(await call('addBundleExportSlice', { exportId, path: 'review/a.json', offset: 0, data: new Uint8Array(8) })).toEqual({ ok: true, value: null });
    expect(await call('addBundleExportSlice', { exportId, path: 'review/a.json', offset: 4, data: new Uint8Array(8) })).toEqual({ ok: false, error: { code: 'invalid-input', message: '"review/a.json" was handed over out of order: byte 4 came where byte 8 was due.' } });
    expect(await call('addBundleExportSlice', { exportId, path: 'review/b.json', offset: 0, data: new Uint8Array(8) })).toMatchObject({ ok: false, error: { message: '"review/b.json" was handed over while "review/a.json" was due.' } });
    expect(await call('addBundleExportSlice', { exportId, path: 'review/a.json', offset: 8, data: new Uint8Array(9) })).toMatchObject({ ok: false, error: { message: '"review/a.json" is longer than the 16 bytes it was said to be.' } });
    expect(await call('finishBundleExport', { exportId })).toMatchObject({ ok: false, error: { message: '"review/a.json" was not handed over in full: 8 of 16 bytes.' } });
    // The half-written bundle went with it.
    expect(await readdir(path.join(dir, 'out'))).toEqual([]);
    expect(await call('addBundleExportSlice', { exportId, path: 'review/c.json', offset: 0, data: new Uint8Array(8) })).toMatchObject({ ok: false, error: { message: 'That export is not under way.' } });
    expect(await call('readOpenedBundle', { openId: exportId, path: 'review/a.json', offset: 0, length: 8 })).toMatchObject({ ok: false, error: { message: 'That bundle is not open.' } });
    expect(await sessionFolders()).toEqual([]);

    // Cancelled once every byte is in, while the bundle is still being finished: no bundle appears.
    const whole = (await call('beginBundleExport', { ...begin, files: [{ path: 'review/a.json', size: 8 }] })) as { value: { exportId: string } };
    expect(await call('addBundleExportSlice', { exportId: whole.value.exportId, path: 'review/a.json', offset: 0, data: new Uint8Array(8) })).toEqual({ ok: true, value: null });
    expect(await call('cancelBundleExport', { exportId: whole.value.exportId })).toEqual({ ok: true, value: null });
    expect(await readdir(path.join(dir, 'out'))).toEqual([]);

    // Two slices sent at once for the same place: one is taken, the other refused, never both.
    const again = (await call('beginBundleExport', begin)) as { value: { exportId: string } };
    const slice = { exportId: again.value.exportId, path: 'review/a.json', offset: 0, data: new Uint8Array(8) };
    const both = await Promise.all([call('addBundleExportSlice', slice), call('addBundleExportSlice', slice)]);
    expect(both.map((r) => (r as { ok: boolean }).ok).sort()).toEqual([false, true]);
    expect(await call('cancelBundleExport', { exportId: again.value.exportId })).toEqual({ ok: true, value: null });

    const notPicked: PickedFile = { name: 'elsewhere.frbundle', size: 10, read: () => Promise.resolve(new Uint8Array(0)), release: () => Promise.resolve() };
    expect(await host.bundles.open(notPicked, openRequest())).toMatchObject({ ok: false, error: { message: 'elsewhere.frbundle was not picked in this window.' } });
  });

  it('reports how far a check has got, ends a check closed before it finishes, and reads only the files the bundle holds', async () => {
    const logBytes = new Uint8Array(randomBytes(24 * 1024 * 1024));
    expect((await host.bundles.export(exportRequest([inMemory('attachments/x/run.eval', logBytes)]))).ok).toBe(true);
    const size = (await readFile(saveAs ?? '')).length;
    const trustedOptions = { trust: { signers: parseAllowedSigners(`lead@cisa.example ${trusted.publicKey}\n`), revoked: [] }, decryption: { identities: [identity] }, ownRecipients: [recipient], seenBundleIds: new Set<string>(), now: BUNDLE_NOW };

    // Progress comes from the main process while it reads, out of two reads of the whole file.
    const openId = randomUUID();
    const opening = sessions.open(saveAs ?? '', size, trustedOptions, openId);
    const seen: number[] = [];
    while (seen.length < 200) {
      const p = (await call('bundleProgress', { id: openId })) as { value: { done: number; total: number } | null };
      if (!p.value) break;
      expect(p.value.total).toBe(2 * size);
      seen.push(p.value.done);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const { id } = await opening;
    expect(seen.some((done) => done > 0 && done < 2 * size)).toBe(true);
    expect(await call('readOpenedBundle', { openId: id, path: 'attachments/x/../../sessions', offset: 0, length: 8 })).toMatchObject({ ok: false, error: { message: 'The bundle holds no "attachments/x/../../sessions".' } });
    expect(await call('readOpenedBundle', { openId: id, path: 'attachments/x/run.eval', offset: 0, length: 4 })).toEqual({ ok: true, value: logBytes.subarray(0, 4) });
    await sessions.close(id);

    // Closed while it is still being checked: the check stops, and nothing it unpacked remains.
    const closedEarly = randomUUID();
    const stopped = sessions.open(saveAs ?? '', size, trustedOptions, closedEarly);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await sessions.close(closedEarly);
    await expect(stopped).rejects.toThrow('The bundle was closed before it was open.');
    expect(await sessionFolders()).toEqual([]);
    // And the same when the page goes away.
    const reloaded = sessions.open(saveAs ?? '', size, trustedOptions);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await sessions.endAll();
    await expect(reloaded).rejects.toThrow('The bundle was closed before it was open.');
    expect(await sessionFolders()).toEqual([]);
    // And through the page's host, when the import dialog closes while main is still checking.
    const dialogClosed = new AbortController();
    const file = await pick(saveAs ?? '');
    const abandoned = host.bundles.open(file, { ...openRequest((done) => { if (done > 0) dialogClosed.abort(); }), signal: dialogClosed.signal });
    expect(await abandoned).toMatchObject({ ok: false, error: { message: expect.stringMatching(/closed before it was open|stopped before the bundle was open/) as unknown } });
    expect(await sessionFolders()).toEqual([]);
  });

  it('lets a picked file be read until the page releases it, then by no one', async () => {
    const log = path.join(dir, 'run.eval');
    await writeFile(log, 'evaluation log');
    const file = await pick(log);
    expect(new TextDecoder().decode(await file.read(0, 10))).toBe('evaluation');
    await file.release();
    await expect(file.read(0, 10)).rejects.toThrow('That file is not open to the app: it was not chosen in a file dialog, or the work it was chosen for has ended. Choose it again.');
    expect(await host.bundles.open(file, openRequest())).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });

  it('says the disk refused when the place chosen cannot be written, not that the bundle is bad', async () => {
    saveAs = path.join(dir, 'no such folder', 'review.frbundle');
    const saved = await host.bundles.export(exportRequest([inMemory('review/review.json', new Uint8Array(10))]));
    expect(saved).toMatchObject({ ok: false, error: { code: 'failed', message: "The disk refused (ENOENT, open). Check the space and permissions where the bundle is saved or read, and in the app's data folder." } });
    // No path of the main process's own reaches the page.
    expect(JSON.stringify(saved)).not.toContain(dir);
  });
});
