import { mkdtempSync, rmSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { electronBinaryFromCache } from '../../build/scripts/electron-runtime.mjs';
import { HOST_API_GLOBAL, HOST_METHODS } from '../../shared/ipc/host-methods.js';
import type { HostApi } from '../../shared/ipc/host-contract.js';
import { createPacket, exportBundle, firstProfile, importResults, openBundleFile, packetRows, trustFile, unlock } from '../e2e/app.js';
import { guardContext, type ContextGuard } from '../e2e/fixtures.js';
import { providedPath } from '../fixtures/provided.js';
import { desktopDialogs } from './desktop-dialogs.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const APP_ORIGIN = 'app://renderer';
const LOG = providedPath('inspect/2025-02-11T15-18-04-05-00_popularity_mj7khqpMM4GBCfVQozKgzB.eval');
const binary = electronBinaryFromCache();
const noDisplay = process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;
const skipReason =
  binary === undefined
    ? 'no Electron runtime on this machine (none in node_modules/electron/dist, in the download cache, or at ELECTRON_OVERRIDE_DIST_PATH); it runs wherever `npm start` can start Electron'
    : noDisplay
      ? 'no display; run it as `xvfb-run npm run test:electron`'
      : undefined;
// Where a runtime is meant to be (the desktop workflow's runners), a skip would hide that the app was never started.
if (skipReason && process.env.FRONTIER_REVIEW_REQUIRE_ELECTRON === '1') {
  throw new Error(`The Electron end-to-end test cannot run, and FRONTIER_REVIEW_REQUIRE_ELECTRON=1 says it must: ${skipReason}.`);
}
if (skipReason) console.log(`Electron end-to-end test SKIPPED: ${skipReason}.`);

test.skip(skipReason !== undefined, skipReason);

/** A workstation: the built app started with a user-data folder of its own, watched for requests out and console errors. */
interface Workstation {
  readonly app: ElectronApplication;
  readonly page: Page;
  readonly guard: ContextGuard;
}

async function start(configHome: string): Promise<Workstation> {
  if (binary === undefined) throw new Error('The test is skipped without an Electron runtime.');
  const env = Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined));
  const app = await electron.launch({ executablePath: binary, args: [root], env: { ...env, XDG_CONFIG_HOME: configHome, HOME: configHome, APPDATA: configHome } });
  // Any request off the app's own origin, and any console error or uncaught exception, fails the test.
  const guard = guardContext(app.context(), APP_ORIGIN);
  const page = await app.firstWindow();
  await expect(page).toHaveTitle('Frontier Review');
  expect(page.url()).toBe(`${APP_ORIGIN}/index.html`);
  return { app, page, guard };
}

/** Quits, and checks what the app left: no decrypted bundle, and nothing the page did wrong. */
async function quit({ app, guard }: Workstation): Promise<void> {
  const sessions = path.join(await app.evaluate(({ app: electronApp }) => electronApp.getPath('userData')), 'bundle-sessions');
  await app.close();
  expect(await readdir(sessions).catch(() => [])).toEqual([]);
  guard.verify();
}

test('two desktop workstations: hardened and offline, a profile each, a packet and its import, a bundle between them through the main process, the keystore, a restart', async () => {
  test.setTimeout(300_000);
  const dir = mkdtempSync(path.join(tmpdir(), 'frontier-review-electron-files-'));
  const homes = [mkdtempSync(path.join(tmpdir(), 'frontier-review-electron-a-')), mkdtempSync(path.join(tmpdir(), 'frontier-review-electron-b-'))] as const;
  try {
    const a = await start(homes[0]);
    await expect(a.page.getByTestId('banner-top')).toHaveText('UNCLASSIFIED');

    // Exactly the contract's methods reach the page, frozen; Node does not.
    const exposure = await a.page.evaluate((global) => {
      const host: unknown = Reflect.get(window, global);
      const methods = typeof host === 'object' && host !== null ? Object.entries(host) : [];
      return {
        methods: methods.map(([name]) => name).sort(),
        allFunctions: methods.every(([, value]) => typeof value === 'function'),
        frozen: Object.isFrozen(host),
        require: typeof Reflect.get(window, 'require'),
        process: typeof Reflect.get(window, 'process'),
      };
    }, HOST_API_GLOBAL);
    expect(exposure).toEqual({ methods: [...HOST_METHODS].sort(), allFunctions: true, frozen: true, require: 'undefined', process: 'undefined' });

    // Nothing leaves the machine. A server on this machine stands in for the network: it must never
    // be reached, whether the page asks (its CSP stops that first) or anything else in the app's
    // session does (the session refuses http, https and file with a 403 of its own).
    const reached: string[] = [];
    const server = createServer((request, response) => {
      reached.push(request.url ?? '');
      response.end('reached');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const local = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    try {
      expect(await a.page.evaluate((url) => fetch(url).then(() => 'loaded', () => 'blocked'), local)).toBe('blocked');
      const answers = await a.app.evaluate(
        ({ session }, urls) =>
          Promise.all(
            urls.map(async (url) => {
              try {
                const response = await session.defaultSession.fetch(url);
                return `${response.status} ${await response.text()}`;
              } catch (error) {
                return `failed: ${String(error)}`;
              }
            }),
          ),
        [local, 'https://example.com/', 'file:///etc/hostname'],
      );
      expect(answers).toEqual([
        '403 Refused: Frontier Review works offline and loads nothing from http:',
        '403 Refused: Frontier Review works offline and loads nothing from https:',
        '403 Refused: Frontier Review works offline and loads nothing from file:',
      ]);
      expect(reached).toEqual([]);
    } finally {
      server.close();
    }
    // The page cannot navigate away or open windows.
    expect(await a.page.evaluate(() => window.open('https://example.com/') === null)).toBe(true);
    await a.page.evaluate(() => {
      location.href = 'https://example.com/';
    });
    await a.page.waitForTimeout(500);
    expect(a.page.url()).toBe(`${APP_ORIGIN}/index.html`);
    // What was provoked above was stopped in the app (the CSP reports its refusal as a console
    // error); past that, nothing has left the app's origin and the page has logged no error.
    const provoked = a.guard.provoked(new RegExp(`${local.replaceAll('.', '\\.')}|https://example\\.com/`));
    expect(provoked.errors.every((e) => e.includes('Content Security Policy')), provoked.errors.join('\n')).toBe(true);
    a.guard.verify();

    // The operating system's keystore, through the main process: where it protects nothing
    // (Linux without a secret service), nothing is wrapped and the profile says so.
    const keystore = await a.page.evaluate(async (global) => {
      const host = Reflect.get(window, global) as HostApi;
      const status = await host.keystoreStatus();
      const secret = Uint8Array.from([1, 2, 3, 4]);
      const wrapped = await host.keystoreWrap(secret);
      const unwrapped = wrapped.ok ? await host.keystoreUnwrap(wrapped.value) : wrapped;
      return {
        backend: status.ok ? status.value.backend : `failed: ${status.error.message}`,
        wrapped: wrapped.ok ? Array.from(wrapped.value) : wrapped.error.message,
        unwrapped: unwrapped.ok ? Array.from(unwrapped.value) : unwrapped.error.message,
      };
    }, HOST_API_GLOBAL);
    if (keystore.backend === null) {
      expect(keystore).toEqual({ backend: null, wrapped: "This workstation's operating system offers no keystore to protect profile keys.", unwrapped: "This workstation's operating system offers no keystore to protect profile keys." });
    } else {
      expect(keystore.wrapped).not.toEqual([1, 2, 3, 4]);
      expect(keystore.unwrapped).toEqual([1, 2, 3, 4]);
    }

    // The page printed to PDF by the main process, as the export gateway has it printed (marked as
    // the gateway's own print, so the print guard records no print of the screen).
    const printed = await a.page.evaluate(async (global) => {
      const host = Reflect.get(window, global) as HostApi;
      document.documentElement.dataset.gatewayPrint = 'true';
      try {
        const answer = await host.printToPdf();
        return answer.ok ? { head: new TextDecoder().decode(answer.value.subarray(0, 5)), size: answer.value.byteLength, type: answer.value.constructor.name } : answer.error.message;
      } finally {
        delete document.documentElement.dataset.gatewayPrint;
      }
    }, HOST_API_GLOBAL);
    expect(printed).toMatchObject({ head: '%PDF-', type: 'Uint8Array' });
    expect(typeof printed === 'object' && printed.size > 1000).toBe(true);

    // Dana's workstation: her profile, a packet, and a run imported from an Inspect log.
    const danaIdentity = await firstProfile(a.page, 'Dana Lead', 'CISA', dir, desktopDialogs(a.app));
    await a.page.getByRole('button', { name: 'Dana Lead · Team lead' }).click();
    const profiles = a.page.getByRole('dialog', { name: 'Profiles' });
    await expect(profiles).toContainText(keystore.backend === null ? 'Sealed with your passphrase' : `Sealed with your passphrase, then locked in the operating system's keystore (${keystore.backend})`);
    await profiles.getByRole('button', { name: 'Close' }).click();
    await createPacket(a.page, { developer: 'Example AI', modelName: 'Atlas', modelVersion: 'atlas-1', plannedRelease: '2099-12-31' });
    await a.page.getByRole('row', { name: /Atlas/ }).click();
    await a.page.getByRole('tab', { name: 'Results' }).click();
    await importResults(a.page, LOG, 'Government-reproduced');
    await expect(a.page.getByRole('status').filter({ hasText: 'Imported 1 run' })).toBeVisible();
    await a.page.getByRole('tab', { name: 'Details' }).click();

    // Quinn's workstation, running beside it; each trusts the other's identity file.
    const b = await start(homes[1]);
    const quinnIdentity = await firstProfile(b.page, 'Quinn Lead', 'NSA', dir, desktopDialogs(b.app));
    await trustFile(a.page, quinnIdentity, desktopDialogs(a.app));
    await trustFile(b.page, danaIdentity, desktopDialogs(b.app));

    // Dana's main process signs, encrypts and writes the bundle, with the original log read from
    // the file she picked; Quinn's checks it into quarantine and reads it back for the merge.
    const bundle = await exportBundle(a.page, /quinn\.lead@nsa/, dir, { originals: [LOG], dialogs: desktopDialogs(a.app), checkAccessibility: false });
    const importing = await openBundleFile(b.page, bundle, desktopDialogs(b.app));
    await expect(importing.getByTestId('bundle-verified')).toContainText(/^Verified: signed with the key SHA256:\S+, trusted here as dana\.lead@cisa; every file matches its signed SHA-256\./);
    await expect(importing.getByRole('row', { name: /Original log/ })).toContainText(path.basename(LOG));
    await importing.getByRole('button', { name: 'Merge' }).click();
    await expect(b.page.getByRole('status').filter({ hasText: 'Merged' })).toContainText('3 added, 0 replaced');
    await expect(packetRows(b.page)).toHaveCount(1);
    await quit(b);

    // A restart keeps everything, behind the lock: the profile's keys open again (through the keystore, where there is one).
    await quit(a);
    const again = await start(homes[0]);
    await expect(again.page.getByRole('heading', { name: 'Frontier Review is locked' })).toBeVisible();
    await unlock(again.page, 'Dana Lead');
    await expect(packetRows(again.page)).toHaveCount(1);
    await again.page.getByRole('row', { name: /Atlas/ }).click();
    await again.page.getByRole('tab', { name: 'Results' }).click();
    await expect(again.page.locator('.runs-table tbody tr')).toHaveCount(1);
    await quit(again);
  } finally {
    for (const folder of [dir, ...homes]) rmSync(folder, { recursive: true, force: true });
  }
});
