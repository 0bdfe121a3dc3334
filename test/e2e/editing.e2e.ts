import type { Page } from '@playwright/test';
import { createPacket, editor, fillNewPacket, markingProblemList, openApp, packetRows, setSystemHigh } from './app.js';
import { expect, fixClock, test } from './fixtures.js';

async function openPacket(page: Page, model: string) {
  await packetRows(page).filter({ hasText: model }).click();
  await expect(editor(page).getByRole('heading', { level: 2 })).toContainText(model);
}

test.describe('editing packets safely', () => {
  test('saving twice in quick succession creates one packet', async ({ page }) => {
    await openApp(page);
    await fillNewPacket(page, { developer: 'Example AI', modelName: 'Atlas', modelVersion: 'v1', plannedRelease: '2026-12-10' });
    const form = editor(page);
    await form.getByRole('button', { name: 'Create packet' }).dblclick();
    await page.keyboard.press('Control+S');
    await expect(form.getByText('Revision 1')).toBeVisible();
    await expect(packetRows(page)).toHaveCount(1);
  });

  test('an edit that crosses another window is shown the other change and can keep or drop its own', async ({ page, context }) => {
    await openApp(page);
    await createPacket(page, { developer: 'Example AI', modelName: 'Atlas', modelVersion: 'v1', plannedRelease: '2026-12-10' });
    const other = await context.newPage();
    await fixClock(other);
    await openApp(other);
    await openPacket(other, 'Atlas');

    // The second window, opened at revision 1, starts editing (an untouched form would simply
    // follow the stored packet); the first saves new notes meanwhile.
    await editor(other).getByLabel('Notes').fill('Range cancel');
    await editor(page).getByLabel('Notes').fill('Range booked');
    await editor(page).getByRole('button', { name: 'Save changes' }).click();
    await expect(editor(page).getByText('Revision 2')).toBeVisible();

    await editor(other).getByLabel('Notes').fill('Range cancelled');
    await editor(other).getByRole('button', { name: 'Save changes' }).click();
    const conflict = editor(other).locator('.editor__conflict');
    await expect(conflict).toContainText('This packet changed after your edit began. It is now at revision 2:');
    await expect(conflict).toContainText('by browser user: changed notes');
    await expect(conflict).toContainText('You both changed notes: keeping yours replaces theirs there.');
    // Nothing was overwritten. Reloaded, the first window is offered the second's unsaved draft
    // (drafts belong to the packet, so a crash in any window loses nothing); dropping it there
    // shows the stored packet, which still has the first window's notes.
    await page.reload();
    await expect(editor(page).getByLabel('Notes')).toHaveValue('Range cancelled');
    await editor(page).locator('.editor__conflict').getByRole('button', { name: 'Discard mine, show theirs' }).click();
    await expect(editor(page).getByText('Revision 2')).toBeVisible();
    await expect(editor(page).getByLabel('Notes')).toHaveValue('Range booked');

    // The first window starts another edit while the second keeps its own on top and saves.
    await editor(page).getByLabel('Notes').fill('Range moved');
    await conflict.getByRole('button', { name: 'Keep my changes on top' }).click();
    await expect(conflict).toBeHidden();
    await editor(other).getByRole('button', { name: 'Save changes' }).click();
    await expect(editor(other).getByText('Revision 3')).toBeVisible();
    await expect(editor(other).getByLabel('Notes')).toHaveValue('Range cancelled');

    // Dropping one's own edit instead shows the stored packet.
    await editor(page).getByRole('button', { name: 'Save changes' }).click();
    await editor(page).locator('.editor__conflict').getByRole('button', { name: 'Discard mine, show theirs' }).click();
    await expect(editor(page).getByLabel('Notes')).toHaveValue('Range cancelled');
    await expect(editor(page).getByText('Revision 3')).toBeVisible();
  });

  test('a draft left at an older revision comes back with the change made meanwhile', async ({ page, context }) => {
    await openApp(page);
    await createPacket(page, { developer: 'Example AI', modelName: 'Atlas', modelVersion: 'v1', plannedRelease: '2026-12-10' });
    await editor(page).getByLabel('Notes').fill('My unsaved notes');
    await expect(packetRows(page).first().getByText('draft')).toBeVisible();

    // Another window of the same workstation drops that draft and saves a change of its own.
    const other = await context.newPage();
    await fixClock(other);
    await openApp(other);
    await openPacket(other, 'Atlas');
    await editor(other).getByRole('button', { name: 'Discard them' }).click();
    await editor(other).getByLabel('Version or snapshot id').fill('v2');
    await editor(other).getByRole('button', { name: 'Save changes' }).click();
    await expect(editor(other).getByText('Revision 2')).toBeVisible();
    await other.close();

    // The first window goes on typing from revision 1, and is closed before saving.
    await editor(page).getByLabel('Notes').fill('My unsaved notes, continued');
    await expect(packetRows(page).first().getByText('draft')).toBeVisible();
    await page.reload();
    const conflict = editor(page).locator('.editor__conflict');
    await expect(conflict).toContainText('It is now at revision 2:');
    await expect(conflict).toContainText('changed version');
    await expect(editor(page).getByLabel('Notes')).toHaveValue('My unsaved notes, continued');
    await conflict.getByRole('button', { name: 'Keep my changes on top' }).click();
    await editor(page).getByRole('button', { name: 'Save changes' }).click();
    await expect(editor(page).getByText('Revision 3')).toBeVisible();
    // Their version change stays; only the notes, which this window changed, are replaced.
    await expect(editor(page).getByLabel('Version or snapshot id')).toHaveValue('v2');
    await expect(editor(page).getByLabel('Notes')).toHaveValue('My unsaved notes, continued');
  });

  test('small edits that undo themselves leave nothing unsaved, and Escape in the filter keeps the editor open', async ({ page }) => {
    await openApp(page);
    await createPacket(page, { developer: 'Example AI', modelName: 'Atlas', modelVersion: 'v1', plannedRelease: '2026-12-10', agencies: ['NSA', 'CISA'] });
    const form = editor(page);
    await form.getByRole('checkbox', { name: 'NSA', exact: true }).uncheck();
    await form.getByRole('checkbox', { name: 'NSA', exact: true }).check();
    await expect(form.getByText('Revision 1')).toBeVisible();
    await expect(form.getByRole('button', { name: 'Save changes' })).toBeDisabled();

    await page.getByLabel('Filter packets').fill('atl');
    await page.getByLabel('Filter packets').press('Escape');
    await expect(page.getByLabel('Filter packets')).toHaveValue('');
    await expect(form).toBeVisible();
  });

  test('in system-high mode, controls on the content still reach the banner', async ({ page }) => {
    await openApp(page);
    await setSystemHigh(page, 'SECRET', [], 'system-high');
    await createPacket(page, { developer: 'Example AI', modelName: 'Atlas', modelVersion: 'v1', plannedRelease: '2026-12-10', level: 'SECRET', controls: ['NOFORN', 'ORCON'] });
    await expect(page.getByTestId('banner-top')).toHaveText('SECRET//ORCON/NOFORN');

    // While the marking is lowered in the editor, the saved content is still on screen.
    await editor(page).getByRole('group', { name: 'Marking' }).getByLabel('Level').selectOption('CUI');
    await expect(markingProblemList(page)).toBeEmpty();
    await expect(page.getByTestId('banner-top')).toHaveText('SECRET//ORCON/NOFORN');
  });
});
