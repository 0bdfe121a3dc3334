import { lstat, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateIdentity, identityToRecipient } from 'age-encryption';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../electron/main/security/content-security-policy.js';
import { DEBUG_SWITCHES } from '../../electron/main/security/debug-switches.js';
import { HOST_METHODS, hostChannel } from '../../shared/ipc/host-methods.js';
import { UNCLASSIFIED } from '../../shared/marking/marking.js';
import { bundleSigner, BUNDLE_NOW, trustLine } from '../fixtures/bundle-parties.js';
import { APP_FRAME, boot, eventually, EXECUTABLE, invoke, valueOf, type Booted } from '../electron-double/boot.js';
import { DOUBLE_PDF, KEYSTORE_PREFIX, PortDouble, type ElectronDouble, type Frame } from '../electron-double/electron-double.js';
import { fire } from '../electron-double/emitter.js';
import { buildApp, type BuiltApp } from '../electron-double/load-main.js';
import { providedPath } from '../fixtures/provided.js';
import { secureWebPreferences } from '../fixtures/secure-web-preferences.js';

/**
 * The built main process (dist/electron/main.cjs, built afresh here with the project's own build)
 * started under Node with a recording double of Electron: what it registers and when, the window
 * it opens, the session policy, the app protocol over the real renderer build, every IPC channel,
 * a bundle round trip through it, and what quitting leaves behind.
 */

let base: string;
let built: BuiltApp;
let logged: { warn: string[]; error: string[] };

beforeAll(async () => {
  base = await mkdtemp(path.join(tmpdir(), 'frontier-review-boot-'));
  built = await buildApp(path.join(base, 'dist'));
}, 180_000);
afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});
beforeEach(() => {
  // The main process logs what its policy blocks; kept here for the assertions that read it.
  logged = { warn: [], error: [] };
  vi.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => void logged.warn.push(args.map(String).join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void logged.error.push(args.map(String).join(' ')));
});

async function started(packaged: boolean): Promise<Booted> {
  const booted = await boot(built, base, { packaged });
  await booted.double.ready();
  return booted;
}

const firstIndex = (double: ElectronDouble, name: string) => double.names().indexOf(name);
const lastIndex = (double: ElectronDouble, name: string) => double.names().lastIndexOf(name);

describe('the main process starts', () => {
  it('registering its scheme and the sandbox before ready, then its policy, protocols and handlers before the one window', async () => {
    const { double } = await boot(built, base, { packaged: true });
    const beforeReady = double.names();
    expect(beforeReady).toContain('protocol.registerSchemesAsPrivileged');
    expect(beforeReady).toContain('app.enableSandbox');
    expect(beforeReady.indexOf('protocol.registerSchemesAsPrivileged')).toBeLessThan(beforeReady.indexOf('app.whenReady'));
    expect(beforeReady.indexOf('app.enableSandbox')).toBeLessThan(beforeReady.indexOf('app.whenReady'));
    expect(beforeReady).not.toContain('new BrowserWindow');
    expect(double.privileged).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } }]);
    expect(double.app.count('web-contents-created')).toBe(1);

    await double.ready();
    const window = firstIndex(double, 'new BrowserWindow');
    expect(double.windows).toHaveLength(1);
    for (const policy of ['session.setPermissionRequestHandler', 'session.setPermissionCheckHandler', 'session.setDevicePermissionHandler', 'session.setSpellCheckerEnabled', 'session.on', 'session.webRequest.onBeforeRequest']) {
      expect(firstIndex(double, policy), policy).toBeGreaterThan(-1);
      expect(firstIndex(double, policy), `${policy} comes before the window`).toBeLessThan(window);
    }
    expect(double.calls.filter((c) => c.name === 'protocol.handle').map((c) => c.args[0])).toEqual(['app', 'http', 'https', 'file']);
    expect(lastIndex(double, 'protocol.handle')).toBeLessThan(window);
    expect(lastIndex(double, 'ipcMain.handle')).toBeLessThan(window);
    expect(double.windows[0]?.url).toBe('app://renderer/index.html');
    expect(firstIndex(double, 'window.loadURL')).toBeGreaterThan(window);
  });

  it('opens its window with every security preference at its secure value, and no DevTools when packaged', async () => {
    const { double } = await started(true);
    const [window] = double.windows;
    expect(window?.options.webPreferences).toEqual(secureWebPreferences(path.join(path.dirname(built.main), 'preload.cjs'), false));
    expect(await lstat(built.preload)).toBeTruthy();
    expect(JSON.stringify(double.menus)).not.toContain('toggleDevTools');
    expect(window?.shown).toBe(false);
    window?.listeners.emit('ready-to-show');
    expect(window?.shown).toBe(true);
    // A second start of the app brings this window forward instead of opening another.
    double.app.emit('second-instance');
    expect(double.names().at(-1)).toBe('window.focus');
    expect(double.windows).toHaveLength(1);
  });

  it('keeps DevTools in a development run, in the window and the menu', async () => {
    const { double } = await started(false);
    expect(double.windows[0]?.options.webPreferences?.devTools).toBe(true);
    expect(JSON.stringify(double.menus)).toContain('toggleDevTools');
  });

  it.each([
    [['--remote-debugging-port=9222'], []],
    [['--inspect-brk=9229'], []],
    [['--inspect'], []],
    [[], ['inspect-port']],
  ])('refuses, packaged, to start with debugging switches %j %j: a clear message, and no window', async (args, switches) => {
    const { double } = await boot(built, base, { packaged: true, argv: [EXECUTABLE, ...args], switches });
    expect(double.exits).toEqual([1]);
    expect(logged.error.join('\n')).toMatch(/^Frontier Review will not start with --[a-z-]+: debugging switches would let another program read and drive the app and its review data\. Start it without them\.$/);
    // Its first act, and its last: nothing else of Electron is touched.
    expect(double.names()).toEqual([...DEBUG_SWITCHES.map(() => 'app.commandLine.hasSwitch'), 'app.exit']);
    // A development run is debugged through these very switches.
    const development = await boot(built, base, { packaged: false, argv: [EXECUTABLE, ...args], switches });
    expect(development.double.exits).toEqual([]);
    expect(development.double.names()).toContain('app.whenReady');
  });
});

describe('the session and window policy', () => {
  it('denies every permission and device, takes no download, and cancels every request outside the app', async () => {
    const { double } = await started(true);
    const { permissionRequest, permissionCheck, devicePermission, beforeRequest } = double.session;
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fileSystem', 'hid', 'usb']) {
      let granted: boolean | undefined;
      if (permissionRequest) fire(permissionRequest, undefined, permission, (g: boolean) => (granted = g), {});
      expect(granted, permission).toBe(false);
      expect(permissionCheck && fire(permissionCheck, null, permission, 'app://renderer', {}), permission).toBe(false);
    }
    expect(devicePermission && fire(devicePermission, { deviceType: 'usb' })).toBe(false);
    expect(double.session.spellChecker).toBe(false);
    let prevented = false;
    double.session.listeners.emit('will-download', { preventDefault: () => (prevented = true) }, { getFilename: () => 'packets.csv' });
    expect(prevented).toBe(true);

    expect(beforeRequest?.filter).toEqual({ urls: ['<all_urls>'] });
    const cancelled = (url: string) => {
      let cancel: boolean | undefined;
      if (beforeRequest?.listener) fire(beforeRequest.listener, { url }, (response: { cancel: boolean }) => (cancel = response.cancel));
      return cancel;
    };
    expect(cancelled('app://renderer/index.html')).toBe(false);
    for (const url of ['https://example.com/', 'http://127.0.0.1:8080/', 'file:///etc/hostname', 'ws://127.0.0.1:9222/', 'data:text/html,x', 'devtools://devtools/bundled/inspector.html', 'app://evil/index.html']) {
      expect(cancelled(url), url).toBe(true);
    }
  });

  it('keeps the window on the app: no navigation, redirect, webview or new window', async () => {
    const { double } = await started(true);
    const contents = double.windows[0]?.webContents;
    const prevented = (event: string, url?: string) => {
      let stopped = false;
      contents?.listeners.emit(event, { preventDefault: () => (stopped = true) }, url);
      return stopped;
    };
    expect(prevented('will-navigate', 'https://example.com/')).toBe(true);
    expect(prevented('will-navigate', 'app://renderer/index.html#packets')).toBe(false);
    expect(prevented('will-redirect', 'http://127.0.0.1/')).toBe(true);
    expect(prevented('will-attach-webview')).toBe(true);
    expect(contents?.openHandler && fire(contents.openHandler, { url: 'app://renderer/index.html' })).toEqual({ action: 'deny' });
    expect(contents?.openHandler && fire(contents.openHandler, { url: 'https://example.com/' })).toEqual({ action: 'deny' });
  });
});

describe('the app protocol, over the built renderer', () => {
  async function request(double: ElectronDouble, scheme: string, url: string, method = 'GET'): Promise<Response> {
    const handler = double.protocols.get(scheme);
    if (!handler) throw new Error(`No handler for ${scheme}:`);
    return handler(new Request(url, { method }));
  }

  it('serves every file of the build, and everything index.html names, with the CSP and no sniffing', async () => {
    const { double } = await started(true);
    const files = (await readdir(built.renderer, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => path.relative(built.renderer, path.join(e.parentPath, e.name)).split(path.sep).join('/'));
    expect(files).toContain('index.html');
    expect(files.some((f) => f.endsWith('.js'))).toBe(true);
    for (const file of files) {
      const response = await request(double, 'app', `app://renderer/${file}`);
      expect(response.status, file).toBe(200);
      expect(response.headers.get('content-security-policy'), file).toBe(CONTENT_SECURITY_POLICY);
      expect(response.headers.get('x-content-type-options'), file).toBe('nosniff');
      expect(Buffer.from(await response.arrayBuffer()).equals(await readFile(path.join(built.renderer, file))), file).toBe(true);
    }
    const html = await (await request(double, 'app', 'app://renderer/')).text();
    const named = [...html.matchAll(/\s(?:src|href)="([^"]+)"/g)].map((m) => new URL(m[1] ?? '', 'app://renderer/index.html'));
    expect(named.length).toBeGreaterThanOrEqual(2);
    for (const url of named) {
      expect(`${url.protocol}//${url.host}`, `${url.href} stays in the app`).toBe('app://renderer');
      expect(files, url.href).toContain(url.pathname.slice(1));
    }
  });

  it.each([
    'app://renderer/../electron/main.cjs',
    'app://renderer/%2e%2e/electron/main.cjs',
    'app://renderer/%2e%2e%2felectron%2fmain.cjs',
    'app://renderer/assets/..%2F..%2Felectron%2Fmain.cjs',
    'app://renderer/..%5celectron%5cmain.cjs',
    'app://renderer/%2Felectron/main.cjs',
    'app://app/../electron/main.cjs',
    'app://app/index.html',
    'app://evil.example/index.html',
  ])('serves nothing outside the renderer for %s', async (url) => {
    const { double } = await started(true);
    const response = await request(double, 'app', url);
    expect(response.status).toBe(404);
    expect(await response.text()).toBe('Not found');
  });

  it('takes no writes, and refuses every http, https and file request', async () => {
    const { double } = await started(true);
    for (const method of ['POST', 'PUT', 'DELETE']) expect((await request(double, 'app', 'app://renderer/index.html', method)).status, method).toBe(405);
    for (const [scheme, url] of [['http', 'http://127.0.0.1:8080/'], ['https', 'https://example.com/'], ['file', 'file:///etc/hostname']] as const) {
      const response = await request(double, scheme, url);
      expect(`${response.status} ${await response.text()}`).toBe(`403 Refused: Frontier Review works offline and loads nothing from ${scheme}:`);
    }
  });
});

describe('the IPC channels', () => {
  const foreign: readonly (Frame | null)[] = [
    { url: 'https://evil.example/', parent: null },
    { url: 'app://renderer/index.html', parent: APP_FRAME },
    { url: 'file:///tmp/page.html', parent: null },
    null,
  ];

  it('are exactly the contract, each answering the app page with a Result and refusing every other frame', async () => {
    const { double } = await started(true);
    expect([...double.ipc.keys()].sort()).toEqual(HOST_METHODS.map(hostChannel).sort());
    for (const method of HOST_METHODS) {
      const answer = await invoke(double, method, undefined);
      expect(typeof answer.ok, method).toBe('boolean');
      if (!answer.ok) expect(answer.error.code, method).not.toBe('untrusted-sender');
      for (const frame of foreign) {
        expect(await invoke(double, method, undefined, frame), `${method} from ${frame?.url ?? 'no frame'}`).toEqual({
          ok: false,
          error: { code: 'untrusted-sender', message: 'This request did not come from Frontier Review.' },
        });
      }
    }
  });

  it('print the app page to PDF bytes, as Letter with backgrounds, tagged and outlined, and print nothing for any other frame', async () => {
    const { double } = await started(true);
    const contents = double.windows[0]?.webContents;
    if (!contents) throw new Error('The app opened no window.');
    const printed = () => double.calls.filter((c) => c.name === 'webContents.printToPDF').map((c) => c.args[0]);

    const pdf = valueOf(await invoke(double, 'printToPdf', undefined));
    expect(new TextDecoder().decode(pdf)).toBe(new TextDecoder().decode(DOUBLE_PDF));
    // Only the PDF crosses to the page, not the rest of the memory Electron's Buffer is a window on.
    expect(pdf.buffer.byteLength).toBe(DOUBLE_PDF.byteLength);
    expect(printed()).toEqual([{ printBackground: true, pageSize: 'Letter', preferCSSPageSize: true, generateTaggedPDF: true, generateDocumentOutline: true }]);

    for (const frame of foreign) {
      expect(await invoke(double, 'printToPdf', undefined, frame), `from ${frame?.url ?? 'no frame'}`).toEqual({
        ok: false,
        error: { code: 'untrusted-sender', message: 'This request did not come from Frontier Review.' },
      });
    }
    expect(printed()).toHaveLength(1);
    expect(logged.warn.filter((w) => w.startsWith('[ipc] refused printToPdf: untrusted sender'))).toHaveLength(foreign.length);

    contents.pdf = new Error('Failed to generate PDF');
    expect(await invoke(double, 'printToPdf', undefined)).toEqual({ ok: false, error: { code: 'failed', message: 'The page could not be printed to PDF: Failed to generate PDF' } });
  });

  it('fork the intake process on the first log read through it, and post a port bound to the picked file to the app page only', async () => {
    const { double } = await started(true);
    const contents = double.windows[0]?.webContents;
    if (!contents) throw new Error('The app opened no window.');
    const log = providedPath('inspect/log_formats.eval');
    double.answers.open.push([log]);
    const [picked] = valueOf(await invoke(double, 'showOpenDialog', { title: 'Open', filters: [], multiple: false }));
    if (!picked) throw new Error('No file was picked.');
    const portId = '0b7c6a1e-2f3d-4e5f-8a9b-1c2d3e4f5a6b';
    expect(double.names()).not.toContain('utilityProcess.fork');

    // From any other frame: refused, and nothing forked or posted.
    for (const frame of foreign) {
      expect(await invoke(double, 'openLogIntake', { token: picked.token, portId }, frame), `from ${frame?.url ?? 'no frame'}`).toEqual({
        ok: false,
        error: { code: 'untrusted-sender', message: 'This request did not come from Frontier Review.' },
      });
    }
    expect(double.names().filter((n) => n === 'utilityProcess.fork' || n === 'webContents.postMessage')).toEqual([]);

    expect(await invoke(double, 'openLogIntake', { token: picked.token, portId })).toEqual({ ok: true, value: null });
    const intakeScript = path.join(path.dirname(built.main), 'intake.cjs');
    expect(double.calls.filter((c) => c.name === 'utilityProcess.fork').map((c) => c.args)).toEqual([[intakeScript, [], { serviceName: 'Frontier Review intake' }]]);
    // The script forked is the bundled intake process, beside main.cjs.
    expect((await readFile(intakeScript, 'utf8')).length).toBeGreaterThan(0);
    const [child] = double.utilityProcesses;
    if (!child) throw new Error('No utility process was forked.');
    // One end of a channel to the process with the file's path, the other to the page with nothing but the page's id.
    expect(child.messages).toEqual([{ message: { type: 'connect', file: { path: log, name: 'log_formats.eval' } }, ports: [new PortDouble(1, 1)] }]);
    expect(contents.posted).toEqual([{ channel: 'intake-port', message: { portId }, ports: [new PortDouble(1, 2)] }]);

    // A second log goes to the same process on a channel of its own; one that exited is forked afresh.
    expect(await invoke(double, 'openLogIntake', { token: picked.token, portId })).toEqual({ ok: true, value: null });
    expect(double.utilityProcesses).toHaveLength(1);
    expect(child.messages.map((m) => m.ports)).toEqual([[new PortDouble(1, 1)], [new PortDouble(2, 1)]]);
    child.listeners.emit('exit', 1);
    expect(await invoke(double, 'openLogIntake', { token: picked.token, portId })).toEqual({ ok: true, value: null });
    expect(double.utilityProcesses).toHaveLength(2);
    expect(logged.warn).toContain('[intake] the intake process exited with code 1');

    // A token the dialog never handed out, or one the page gave up with a reload, opens nothing.
    const posted = contents.posted.length;
    expect(await invoke(double, 'openLogIntake', { token: '6f1d2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b', portId })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    contents.listeners.emit('did-start-loading');
    expect(await invoke(double, 'openLogIntake', { token: picked.token, portId })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    // A page that names a path instead is refused by the contract.
    expect(await invoke(double, 'openLogIntake', { token: picked.token, portId, path: '/etc/passwd' } as never)).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(contents.posted).toHaveLength(posted);
  });

  it("carry a bundle round trip, the keystore and a save through the main process; a page reload and quitting leave nothing open or on disk", async () => {
    const { double, userData } = await started(true);
    const sessions = path.join(userData, 'bundle-sessions');
    const out = path.join(base, `out-${path.basename(userData)}`);
    await mkdir(out);
    expect(valueOf(await invoke(double, 'getAppInfo', undefined))).toMatchObject({ name: 'Frontier Review', shell: 'electron' });

    // The keystore seals through the operating system's (here, the double's).
    expect(valueOf(await invoke(double, 'keystoreStatus', undefined))).toEqual({ backend: 'gnome_libsecret' });
    const secret = new TextEncoder().encode('profile keys');
    const wrapped = valueOf(await invoke(double, 'keystoreWrap', secret));
    expect(new TextDecoder().decode(wrapped)).toBe(`${KEYSTORE_PREFIX}${Buffer.from(secret).toString('base64')}`);
    expect(valueOf(await invoke(double, 'keystoreUnwrap', wrapped))).toEqual(secret);

    double.answers.save.push(path.join(out, 'packets.csv'));
    expect(valueOf(await invoke(double, 'saveFile', { title: 'Export', suggestedName: 'packets.csv', filters: [], data: new TextEncoder().encode('id\n1\n') }))).toEqual({ saved: true, fileName: 'packets.csv' });
    expect(await readFile(path.join(out, 'packets.csv'), 'utf8')).toBe('id\n1\n');

    // A bundle made by the main process from slices, then picked and opened by it.
    const identity = await generateIdentity();
    const recipient = await identityToRecipient(identity);
    const review = new TextEncoder().encode('{"packets":[]}\n');
    const lead = bundleSigner(7);
    const exportRequest = (bundleId: string) => ({
      title: 'Save the review bundle', suggestedName: 'review.frbundle', filters: [], bundleId, createdAt: BUNDLE_NOW.toISOString(), marking: UNCLASSIFIED,
      signer: lead, encryption: { recipients: [{ label: 'Quinn', recipient }] }, files: [{ path: 'review/review.json', size: review.length }],
    });
    double.answers.save.push(path.join(out, 'review.frbundle'));
    const begun = valueOf(await invoke(double, 'beginBundleExport', exportRequest('3d2f1e0a-5b6c-4d7e-8f90-a1b2c3d4e5f6')));
    if (!begun.started) throw new Error('The export did not start.');
    expect(valueOf(await invoke(double, 'addBundleExportSlice', { exportId: begun.exportId, path: 'review/review.json', offset: 0, data: review }))).toBeNull();
    expect(valueOf(await invoke(double, 'finishBundleExport', { exportId: begun.exportId })).manifest.files.map((f) => f.path)).toEqual(['review/review.json']);

    const open = async () => {
      double.answers.open.push([path.join(out, 'review.frbundle')]);
      const [picked] = valueOf(await invoke(double, 'showOpenDialog', { title: 'Import', filters: [], multiple: false }));
      if (!picked) throw new Error('Nothing was picked.');
      const openId = crypto.randomUUID();
      const opened = valueOf(await invoke(double, 'openBundle', { token: picked.token, openId, allowedSigners: trustLine(lead), revokedKeys: '', decryption: { identities: [identity] }, ownRecipients: [recipient], seenBundleIds: [], now: BUNDLE_NOW.toISOString() }));
      expect(opened.signerPrincipals).toEqual(['lead@cisa.example']);
      expect(valueOf(await invoke(double, 'readOpenedBundle', { openId, path: 'review/review.json', offset: 0, length: 1024 }))).toEqual(review);
      expect(valueOf(await invoke(double, 'bundleProgress', { id: openId }))).toBeNull();
      return { token: picked.token, openId };
    };
    const first = await open();
    expect(await readdir(sessions)).toHaveLength(1);
    expect(valueOf(await invoke(double, 'closeOpenedBundle', { openId: first.openId }))).toBeNull();
    expect(await readdir(sessions)).toEqual([]);

    // The page is done with its picked file: the token opens nothing from then on.
    expect(valueOf(await invoke(double, 'releasePickedFiles', { tokens: [first.token] }))).toBeNull();
    const released = await invoke(double, 'readPickedFile', { token: first.token, offset: 0, length: 16 });
    expect(released).toEqual({ ok: false, error: { code: 'not-found', message: 'That file is not open to the app: it was not chosen in a file dialog, or the work it was chosen for has ended. Choose it again.' } });
    // So is a reload of the page, for every file it picked.
    const second = await open();
    expect(valueOf(await invoke(double, 'readPickedFile', { token: second.token, offset: 0, length: 4 })).length).toBe(4);
    double.windows[0]?.webContents.listeners.emit('did-start-loading');
    expect((await invoke(double, 'readPickedFile', { token: second.token, offset: 0, length: 4 })).ok).toBe(false);
    await eventually(async () => (await readdir(sessions)).length === 0, 'the reload closed the opened bundle');

    // An export cancelled, another left half-way, a bundle left open: quitting clears them all.
    double.answers.save.push(path.join(out, 'cancelled.frbundle'));
    const cancelled = valueOf(await invoke(double, 'beginBundleExport', exportRequest('4e3f2a1b-6c7d-4e8f-9a01-b2c3d4e5f607')));
    if (!cancelled.started) throw new Error('The export did not start.');
    expect(valueOf(await invoke(double, 'cancelBundleExport', { exportId: cancelled.exportId }))).toBeNull();
    double.answers.save.push(path.join(out, 'unfinished.frbundle'));
    const unfinished = valueOf(await invoke(double, 'beginBundleExport', { ...exportRequest('5f4a3b2c-7d8e-4f90-a1b2-c3d4e5f60718'), files: [{ path: 'review/review.json', size: 2 * review.length }] }));
    if (!unfinished.started) throw new Error('The export did not start.');
    expect(valueOf(await invoke(double, 'addBundleExportSlice', { exportId: unfinished.exportId, path: 'review/review.json', offset: 0, data: review }))).toBeNull();
    await open();
    await writeFile(path.join(sessions, 'left-by-a-crash.json'), '{}');
    expect((await readdir(out)).filter((f) => f.endsWith('.partial'))).toHaveLength(1);

    let prevented = false;
    double.app.emit('will-quit', { preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
    await eventually(() => double.names().includes('app.quit'), 'the app quits once its sessions are closed');
    await expect(lstat(sessions)).rejects.toThrow('ENOENT');
    expect((await readdir(out)).sort()).toEqual(['packets.csv', 'review.frbundle']);
    // The second will-quit, from that app.quit(), lets the app go.
    let preventedAgain = false;
    double.app.emit('will-quit', { preventDefault: () => (preventedAgain = true) });
    expect(preventedAgain).toBe(false);
  });

  it('empties the bundle sessions folder left by an earlier run at start', async () => {
    const { double, userData } = await boot(built, base, { packaged: true });
    const leftover = path.join(userData, 'bundle-sessions', 'frontier-review-quarantine-old');
    await mkdir(leftover, { recursive: true });
    await writeFile(path.join(leftover, 'review.json'), '{"decrypted":true}');
    await double.ready();
    await eventually(async () => (await lstat(leftover).catch(() => undefined)) === undefined, 'the leftover quarantine is gone');
  });
});
