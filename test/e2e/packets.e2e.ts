import { createPacket, editor, openApp, packetRows } from './app.js';
import { expect, test } from './fixtures.js';

test.describe('evaluation packets', () => {
  test('a reviewer creates a packet, edits it, and finds it again after a reload', async ({ page }, testInfo) => {
    await openApp(page);
    await expect(page.getByText('No evaluation packets yet.')).toBeVisible();

    await createPacket(page, {
      developer: 'Example AI',
      modelName: 'Atlas',
      modelVersion: 'atlas-2026-11-15',
      accessGranted: '2026-11-10',
      plannedRelease: '2026-12-10',
      agencies: ['NSA', 'CISA'],
    });
    const row = packetRows(page).filter({ hasText: 'Atlas' });
    await expect(row).toContainText('Example AI');
    await expect(row).toContainText('atlas-2026-11-15');
    await expect(row).toContainText('Received');
    await expect(row).toContainText('18 days left');
    await expect(row).toContainText('(U)');
    // Beside the editor the list is compact; closed, it shows every column.
    await expect(page.getByRole('columnheader', { name: 'Agencies' })).toHaveCount(0);
    await page.keyboard.press('Escape');
    await expect(row).toContainText('2026-11-10');
    await expect(row).toContainText('NSA, CISA');
    await row.click();

    const form = editor(page);
    await form.getByLabel('Status').selectOption('In review');
    await form.getByLabel('Reason for the status change').fill('Benchmark access confirmed');
    await form.getByLabel('Notes').fill('Cyber ranges booked for week 2.');
    await page.keyboard.press('Control+S');
    await expect(form.getByText('Revision 2')).toBeVisible();
    await form.getByText('History (2)').click();
    await expect(form.locator('.history__list li').first()).toContainText('Status changed by browser user · notes, status · “Benchmark access confirmed”');
    await page.screenshot({ path: testInfo.outputPath('packet-editor.png') });

    await page.reload();
    await expect(packetRows(page)).toHaveCount(1);
    await expect(packetRows(page).first()).toContainText('In review');
    // The open packet is part of the address, so a reload returns to it.
    await expect(editor(page).getByLabel('Notes')).toHaveValue('Cyber ranges booked for week 2.');
  });

  test('shows how much of the review window is left and flags long or overdue windows', async ({ page }) => {
    await openApp(page);
    await createPacket(page, { developer: 'Lab One', modelName: 'Long', modelVersion: 'v1', accessGranted: '2026-11-01', plannedRelease: '2026-12-15' });
    await createPacket(page, { developer: 'Lab Two', modelName: 'Late', modelVersion: 'v1', accessGranted: '2026-10-25', plannedRelease: '2026-11-20' });
    await createPacket(page, { developer: 'Lab Three', modelName: 'Soon', modelVersion: 'v1', accessGranted: '2026-11-01', plannedRelease: '2026-11-25' });
    await expect(packetRows(page).filter({ hasText: 'Long' })).toContainText('23 days left');
    await expect(packetRows(page).filter({ hasText: 'Long' })).toContainText('44d window');
    await expect(packetRows(page).filter({ hasText: 'Late' })).toContainText('2 days overdue');
    await expect(packetRows(page).filter({ hasText: 'Soon' })).toContainText('3 days left');
    await expect(page.locator('.toolbar__summary')).toContainText('3 packets1 overdue1 closing soon');
    // Sorted by what is due first.
    await expect(packetRows(page).locator('td.col-model')).toHaveText(['Late', 'Soon', 'Long']);
  });

  test('refuses a packet with missing fields and says which', async ({ page }) => {
    await openApp(page);
    await page.keyboard.press('Alt+N');
    const form = editor(page);
    await form.getByLabel('Model name').fill('Nameless');
    await form.getByRole('button', { name: 'Create packet' }).click();
    await expect(form.getByRole('alert')).toContainText('Not saved.');
    await expect(form.getByRole('alert')).toContainText('AI developer is required.');
    await expect(form.getByLabel('AI developer')).toHaveAttribute('aria-invalid', 'true');
    await expect(form.getByText('Choose at least one participating agency.').first()).toBeVisible();
    await expect(packetRows(page)).toHaveCount(0);
  });

  test('exports the list as CSV with the overall marking first and last', async ({ page }) => {
    await openApp(page);
    await createPacket(page, { developer: 'Example AI', modelName: 'Atlas', modelVersion: 'v1', plannedRelease: '2026-12-10', notes: '=HYPERLINK("x")' });
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export CSV' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('frontier-review-packets-2026-11-22.csv');
    const text = await (await file.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks as Buffer[]).toString('utf8'));
    const lines = text.trim().split('\r\n');
    expect(lines[0]).toBe('UNCLASSIFIED');
    expect(lines.at(-1)).toBe('UNCLASSIFIED');
    expect(lines[1]).toBe('Marking,Developer,Model,Version,Status,Access granted,Planned release,Window (days),Days remaining,Agencies,Notes');
    // A note that a spreadsheet would run as a formula is escaped.
    expect(lines[2]).toBe(`(U),Example AI,Atlas,v1,Received,2026-11-22,2026-12-10,18,18,NSA,"'=HYPERLINK(""x"")"`);
    await expect(page.getByRole('status').filter({ hasText: 'Exported 1 packets' })).toContainText('marked UNCLASSIFIED');
  });
});
