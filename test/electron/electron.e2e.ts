import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron as electron, expect, test, type ElectronApplication } from '@playwright/test';
import { electronBinaryPath } from '../../build/scripts/electron-runtime.mjs';
import { createPacket, packetRows } from '../e2e/app.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const binary = electronBinaryPath();
const noDisplay = process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;
const skipReason =
  binary === undefined
    ? 'no Electron binary on this machine (Electron downloads it on first run, which an offline machine cannot do); it runs wherever `npm start` can start Electron'
    : noDisplay
      ? 'no display; run it as `xvfb-run npm run test:electron`'
      : undefined;
// Where a runtime is meant to be (the desktop workflow's runners), a skip would hide that the app was never started.
if (skipReason && process.env.FRONTIER_REVIEW_REQUIRE_ELECTRON === '1') {
  throw new Error(`The Electron end-to-end test cannot run, and FRONTIER_REVIEW_REQUIRE_ELECTRON=1 says it must: ${skipReason}.`);
}
if (skipReason) console.log(`Electron end-to-end test SKIPPED: ${skipReason}.`);

test.skip(skipReason !== undefined, skipReason);

/** Starts the built app with its own user-data folder, as on a fresh workstation. */
async function launch(configHome: string): Promise<ElectronApplication> {
  if (binary === undefined) throw new Error('The test is skipped without an Electron binary.');
  const env = Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined));
  return electron.launch({
    executablePath: binary,
    args: [root],
    env: { ...env, XDG_CONFIG_HOME: configHome, HOME: configHome, APPDATA: configHome },
  });
}

test('the desktop app starts hardened, offline, and keeps packets across restarts', async () => {
  const configHome = mkdtempSync(path.join(tmpdir(), 'frontier-review-electron-'));
  try {
    const app = await launch(configHome);
    const page = await app.firstWindow();
    await expect(page).toHaveTitle('Frontier Review');
    expect(page.url()).toBe('app://renderer/index.html');
    await expect(page.getByTestId('banner-top')).toHaveText('UNCLASSIFIED');

    // Only the contract's methods reach the page; Node does not.
    const exposure = await page.evaluate(() => ({
      host: Object.keys((window as unknown as Record<string, object>).frontierReviewHost ?? {}).sort(),
      require: typeof (window as unknown as { require?: unknown }).require,
      process: typeof (window as unknown as { process?: unknown }).process,
    }));
    expect(exposure).toEqual({
      host: ['getAppInfo', 'getWorkstationSettings', 'readPickedFile', 'saveFile', 'showOpenDialog', 'updateWorkstationSettings'],
      require: 'undefined',
      process: 'undefined',
    });

    // Nothing leaves the machine. A server on this machine stands in for the network: it must
    // never be reached, whether the page asks (its CSP stops that first) or anything else in the
    // app's session does (the session refuses http, https and file with a 403 of its own).
    const reached: string[] = [];
    const server = createServer((request, response) => {
      reached.push(request.url ?? '');
      response.end('reached');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const local = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    try {
      expect(await page.evaluate((url) => fetch(url).then(() => 'loaded', () => 'blocked'), local)).toBe('blocked');
      const answers = await app.evaluate(
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
    expect(await page.evaluate(() => window.open('https://example.com/') === null)).toBe(true);
    await page.evaluate(() => {
      location.href = 'https://example.com/';
    });
    await page.waitForTimeout(500);
    expect(page.url()).toBe('app://renderer/index.html');


    await createPacket(page, { developer: 'Example AI', modelName: 'Atlas', modelVersion: 'v1', plannedRelease: '2099-12-31' });
    await app.close();

    const again = await launch(configHome);
    const reopened = await again.firstWindow();
    await expect(packetRows(reopened)).toHaveCount(1);
    await again.close();
  } finally {
    rmSync(configHome, { recursive: true, force: true });
  }
});
