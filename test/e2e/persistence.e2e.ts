import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from '@playwright/test';
import { createPacket, editor, openApp, packetRows } from './app.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH, PREVIEW_URL } from './chromium.js';
import { expect, fixClock, guardContext, test } from './fixtures.js';

/**
 * Starts a browser on a profile on disk, like a workstation's, where data outlives the browser
 * process, and opens the app in it.
 */
async function start(profile: string): Promise<{ context: BrowserContext; page: Page; guard: { verify(): void } }> {
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
    baseURL: PREVIEW_URL,
    viewport: { width: 1440, height: 900 },
  });
  const guard = guardContext(context, PREVIEW_URL);
  const page = context.pages()[0] ?? (await context.newPage());
  await fixClock(page);
  await openApp(page);
  return { context, page, guard };
}

/** Kills every process of this profile's browser at once, as a crash or power cut would. */
function killBrowser(profile: string): void {
  execFileSync('pkill', ['-KILL', '-f', `user-data-dir=${profile}`]);
}

test.describe('persistence', () => {
  let profile: string;
  test.beforeEach(() => {
    profile = mkdtempSync(path.join(tmpdir(), 'frontier-review-profile-'));
  });
  test.afterEach(() => {
    rmSync(profile, { recursive: true, force: true });
  });

  test('packets survive closing and restarting the browser', async () => {
    const first = await start(profile);
    await createPacket(first.page, { developer: 'Example AI', modelName: 'Atlas', modelVersion: 'v1', plannedRelease: '2026-12-10' });
    first.guard.verify();
    await first.context.close();

    const second = await start(profile);
    const again = second.page;
    await expect(packetRows(again)).toHaveCount(1);
    await expect(packetRows(again).first()).toContainText('Atlas');
    second.guard.verify();
    await second.context.close();
  });

  test('an edit in progress survives the browser being killed', async () => {
    const first = await start(profile);
    const page = first.page;
    await createPacket(page, { developer: 'Example AI', modelName: 'Atlas', modelVersion: 'v1', plannedRelease: '2026-12-10' });
    await editor(page).getByLabel('Notes').fill('Half-written finding about the exploit chain');
    // The list marks the packet as having a draft once the draft is in the database.
    await expect(packetRows(page).first().getByText('draft')).toBeVisible();
    first.guard.verify();
    killBrowser(profile);
    await first.context.close().catch(() => undefined);

    const second = await start(profile);
    const again = second.page;
    // The saved packet is there, unchanged, and the unsaved edit is offered back.
    await expect(packetRows(again).first()).toContainText('draft');
    await packetRows(again).first().click();
    await expect(editor(again).getByText(/Restored unsaved changes from/)).toBeVisible();
    await expect(editor(again).getByLabel('Notes')).toHaveValue('Half-written finding about the exploit chain');
    await expect(editor(again).getByText('Unsaved changes (kept as draft)')).toBeVisible();
    await editor(again).getByRole('button', { name: 'Save changes' }).click();
    await expect(editor(again).getByText('Revision 2')).toBeVisible();
    await expect(packetRows(again).first().getByText('draft')).toBeHidden();
    second.guard.verify();
    await second.context.close();
  });
});
