import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { createPacket, editor, openApp, openWorkstationMenu } from './app.js';
import { expect, fixClock, guardContext, test } from './fixtures.js';

const PASSPHRASE = 'correct horse battery staple';

async function violations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']).analyze();
  return results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

/** Makes the workstation's first profile, a team lead's, and saves its public identity file. */
async function firstProfile(page: Page, name: string, agency: string, dir: string): Promise<string> {
  await page.getByRole('button', { name: 'Profiles' }).click();
  const dialog = page.getByRole('dialog', { name: 'Profiles' });
  await dialog.getByLabel('Name', { exact: true }).fill(name);
  await dialog.getByLabel('Agency').fill(agency);
  await dialog.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
  await dialog.getByLabel('Passphrase again').fill(PASSPHRASE);
  await dialog.getByRole('button', { name: 'Make profile' }).click();
  await expect(dialog.getByRole('heading', { name: `Signed in as ${name}, team lead` })).toBeVisible({ timeout: 30_000 });
  const download = page.waitForEvent('download');
  await dialog.getByRole('button', { name: 'Save public identity…' }).click();
  const file = path.join(dir, (await download).suggestedFilename());
  await (await download).saveAs(file);
  await dialog.getByRole('button', { name: 'Close' }).click();
  return file;
}

async function trustFile(page: Page, file: string) {
  await openWorkstationMenu(page, 'Trusted signers');
  const dialog = page.getByRole('dialog', { name: 'Trusted signers' });
  const chooser = page.waitForEvent('filechooser');
  await dialog.getByRole('button', { name: 'Open file…' }).click();
  await (await chooser).setFiles(file);
  await dialog.getByRole('button', { name: 'Trust these signers' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Now trusting' })).toBeVisible();
  await dialog.getByRole('button', { name: 'Close' }).click();
}

async function exportBundle(page: Page, recipient: RegExp, dir: string): Promise<string> {
  await page.getByRole('button', { name: 'Bundles' }).click();
  await page.getByRole('button', { name: 'Export bundle…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Export a review bundle' });
  await dialog.getByRole('checkbox', { name: recipient }).check();
  expect(await violations(page), 'export dialog').toEqual([]);
  const download = page.waitForEvent('download');
  await dialog.getByRole('button', { name: 'Sign and export…' }).click();
  const file = path.join(dir, `${Date.now()}-${(await download).suggestedFilename()}`);
  await (await download).saveAs(file);
  await expect(page.getByRole('status').filter({ hasText: 'Exported 1 packet' })).toBeVisible();
  return file;
}

async function openBundleFile(page: Page, file: string) {
  await page.getByRole('button', { name: 'Bundles' }).click();
  await page.getByRole('button', { name: 'Import bundle…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import a review bundle' });
  const chooser = page.waitForEvent('filechooser');
  await dialog.getByRole('button', { name: 'Choose bundle…' }).click();
  await (await chooser).setFiles(file);
  return dialog;
}

test('two workstations exchange a signed, encrypted bundle: trust, export, verify, merge, resolve a conflict, refuse a replay', async ({ page, browser, baseURL }) => {
  test.setTimeout(180_000);
  const dir = await mkdtemp(path.join(tmpdir(), 'frontier-review-bundles-'));
  // The second workstation: a browser profile of its own, with its own database.
  const otherContext = await browser.newContext({ acceptDownloads: true });
  const guard = guardContext(otherContext, new URL(baseURL ?? '').origin);
  const other = await otherContext.newPage();
  await fixClock(other);
  try {
    await openApp(page);
    await openApp(other);
    await createPacket(page, { developer: 'Example AI', modelName: 'Atlas', modelVersion: 'atlas-1', plannedRelease: '2026-12-10' });
    const danaIdentity = await firstProfile(page, 'Dana Lead', 'CISA', dir);
    const quinnIdentity = await firstProfile(other, 'Quinn Lead', 'NSA', dir);
    await trustFile(page, quinnIdentity);
    await trustFile(other, danaIdentity);

    // Dana exports the packet for Quinn; Quinn's workstation verifies it and shows what it adds.
    await page.getByRole('row', { name: /Atlas/ }).click();
    const first = await exportBundle(page, /quinn\.lead@nsa/, dir);
    const dialog = await openBundleFile(other, first);
    await expect(dialog.getByTestId('bundle-verified')).toContainText(/^Verified: signed with the key SHA256:\S+, trusted here as dana\.lead@cisa; every file matches its signed SHA-512\. The bundle names its exporter Dana Lead \(CISA, team lead\)/);
    await expect(dialog.getByTestId('bundle-plan')).toHaveText('Merging adds 1 record; 0 are already the same here; 0 changed on both sides.');
    expect(await violations(other), 'import preview').toEqual([]);
    await dialog.getByRole('button', { name: 'Merge' }).click();
    await expect(other.getByRole('status').filter({ hasText: 'Merged' })).toContainText('1 added, 0 replaced');
    await expect(other.getByRole('row', { name: /Atlas/ })).toBeVisible();

    // Both edit the notes; Dana's next bundle shows the conflict side by side, and Quinn chooses.
    await other.getByRole('row', { name: /Atlas/ }).click();
    await editor(other).getByLabel('Notes').fill('Quinn: plan received.');
    await editor(other).getByRole('button', { name: 'Save changes' }).click();
    await expect(editor(other).getByText('Revision 2')).toBeVisible();
    await editor(page).getByLabel('Notes').fill('Dana: cybench reproduced.');
    await editor(page).getByRole('button', { name: 'Save changes' }).click();
    await expect(editor(page).getByText('Revision 2')).toBeVisible();
    const second = await exportBundle(page, /quinn\.lead@nsa/, dir);
    const conflict = await openBundleFile(other, second);
    await expect(conflict.getByTestId('bundle-plan')).toHaveText('Merging adds 0 records; 0 are already the same here; 1 changed on both sides.');
    const notes = conflict.getByRole('row', { name: /^notes/ });
    await expect(notes.getByRole('cell').nth(0)).toHaveText('Quinn: plan received.');
    await expect(notes.getByRole('cell').nth(1)).toHaveText('Dana: cybench reproduced.');
    await expect(conflict.getByRole('button', { name: 'Choose for 1 conflict' })).toBeDisabled();
    expect(await violations(other), 'import conflict').toEqual([]);
    await conflict.getByRole('radio', { name: "Take the bundle's" }).check();
    await conflict.getByRole('button', { name: 'Merge' }).click();
    await expect(other.getByRole('status').filter({ hasText: 'Merged' })).toContainText('0 added, 1 replaced');
    await expect(editor(other).getByLabel('Notes')).toHaveValue('Dana: cybench reproduced.');

    // The first bundle again: refused, nothing changed.
    const replay = await openBundleFile(other, first);
    await expect(replay.getByRole('alert')).toContainText('was imported here before; a bundle is imported once.');
    await expect(replay.getByRole('alert')).toContainText('Nothing was changed.');
  } finally {
    await otherContext.close();
    await rm(dir, { recursive: true, force: true });
  }
  guard.verify();
});
