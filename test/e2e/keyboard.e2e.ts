import { createPacket, editor, openApp, packetRows, rowButton } from './app.js';
import { expect, test } from './fixtures.js';

test('the packet list is navigable, sortable and filterable from the keyboard', async ({ page }) => {
  await openApp(page);
  await createPacket(page, { developer: 'Lab A', modelName: 'Alpha', modelVersion: 'a1', plannedRelease: '2026-12-20' });
  await page.keyboard.press('Escape');
  await createPacket(page, { developer: 'Lab B', modelName: 'Bravo', modelVersion: 'b1', plannedRelease: '2026-12-01' });
  await page.keyboard.press('Escape');
  await createPacket(page, { developer: 'Lab C', modelName: 'Charlie', modelVersion: 'c1', plannedRelease: '2026-12-10' });
  await page.keyboard.press('Escape');
  await expect(editor(page)).toHaveCount(0);

  // Escape returned focus to the list; arrows move, Enter opens.
  const models = packetRows(page).locator('td.col-model');
  await expect(models).toHaveText(['Bravo', 'Charlie', 'Alpha']);
  await page.keyboard.press('Home');
  await expect(rowButton(page, 0)).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(rowButton(page, 1)).toBeFocused();
  await page.keyboard.press('End');
  await expect(rowButton(page, 2)).toBeFocused();
  await page.keyboard.press('ArrowUp');
  // One tab stop for the whole list: only the active row's button is in the Tab order.
  await expect(rowButton(page, 1)).toHaveAttribute('tabindex', '0');
  await expect(rowButton(page, 0)).toHaveAttribute('tabindex', '-1');
  await page.keyboard.press('Enter');
  await expect(editor(page).getByRole('heading', { level: 2 })).toHaveText('Lab C Charlie');
  await expect(packetRows(page).nth(1)).toHaveAttribute('aria-current', 'true');
  await page.keyboard.press('Escape');
  await expect(rowButton(page, 1)).toBeFocused();

  // Sorting through the column header button, with the keyboard.
  await page.getByRole('button', { name: 'Model' }).focus();
  await page.keyboard.press('Enter');
  await expect(models).toHaveText(['Alpha', 'Bravo', 'Charlie']);
  await expect(page.getByRole('columnheader', { name: 'Model' })).toHaveAttribute('aria-sort', 'ascending');
  await page.keyboard.press('Enter');
  await expect(models).toHaveText(['Charlie', 'Bravo', 'Alpha']);

  // "/" jumps to the filter; ArrowDown goes from the filter into the rows.
  await page.locator('body').click({ position: { x: 5, y: 300 } });
  await page.keyboard.press('/');
  await expect(page.getByLabel('Filter packets')).toBeFocused();
  await page.keyboard.type('lab b');
  await expect(models).toHaveText(['Bravo']);
  await expect(page.locator('.toolbar__summary')).toContainText('1 of 3 packets');
  await page.keyboard.press('ArrowDown');
  await expect(rowButton(page, 0)).toBeFocused();

  // The status filter narrows the list too.
  await page.getByLabel('Filter packets').fill('');
  await page.getByLabel('Status', { exact: true }).selectOption('Closed');
  await expect(page.getByText('No packets match the filter.')).toBeVisible();

  // "?" lists the shortcuts.
  await page.locator('body').click({ position: { x: 5, y: 300 } });
  await page.keyboard.press('?');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeHidden();
});
