import { mkdtempSync, rmSync } from 'node:fs';
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

    // Nothing leaves the machine. The page's CSP stops its own fetches first, so the session's
    // block is checked from the main process, through the same session, where no CSP applies.
    expect(await page.evaluate(() => fetch('https://example.com/').then(() => 'loaded', () => 'blocked'))).toBe('blocked');
    expect(
      await app.evaluate(({ session }) =>
        Promise.all(
          ['https://example.com/', 'http://127.0.0.1:9/', 'file:///etc/hostname'].map((url) =>
            session.defaultSession.fetch(url).then(
              (response) => `${url} ${response.ok ? 'loaded' : 'blocked'}`,
              () => `${url} blocked`,
            ),
          ),
        ),
      ),
    ).toEqual(['https://example.com/ blocked', 'http://127.0.0.1:9/ blocked', 'file:///etc/hostname blocked']);
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
