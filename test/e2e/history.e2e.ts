import { readFileSync } from 'node:fs';
import { verifyAuditExport } from '../../shared/audit/log-export.js';
import { createPacket, editor, openApp, openWorkstationMenu, packetRows, violations } from './app.js';
import { expect, test } from './fixtures.js';

test.describe('the review history', () => {
  test('an edit shows in the timeline with its diff, filters find it, and the export with proofs verifies', async ({ page }, testInfo) => {
    await openApp(page);
    await createPacket(page, { developer: 'Example AI', modelName: 'Atlas', modelVersion: 'atlas-1', plannedRelease: '2026-12-10' });
    await createPacket(page, { developer: 'Lab Two', modelName: 'Borealis', modelVersion: 'b-2', plannedRelease: '2026-12-12' });
    await packetRows(page).filter({ hasText: 'Atlas' }).click();
    const form = editor(page);
    await form.getByLabel('Notes').fill('Cyber ranges booked for week 2.');
    await page.keyboard.press('Control+S');
    await expect(form.getByText('Revision 2')).toBeVisible();

    // From the packet, everything recorded about it: its creation and the edit.
    await form.getByText('History (2)').click();
    await form.getByRole('button', { name: "This packet's records in the review history, with diffs…" }).click();
    await expect(page.getByRole('heading', { name: 'Review history', level: 1 })).toBeFocused();
    const timeline = page.getByRole('grid', { name: 'Review history events' });
    const rows = timeline.getByRole('rowgroup').getByRole('row');
    await expect(rows).toHaveCount(2);
    await page.getByRole('button', { name: 'Clear filters' }).click();
    // Two packets and their models, then the edit: newest first, and a chart of them per day.
    await expect(rows).toHaveCount(5);
    await expect(page.getByRole('img', { name: '5 events over 1 day (5 changes, 0 deletions, 0 imports and exports); the busiest, 2026-11-22, has 5.' })).toBeVisible();
    await page.getByRole('button', { name: 'Close the review history' }).click();
    await page.keyboard.press('Alt+H');
    await expect(rows).toHaveCount(5);
    await expect(page.getByRole('status').filter({ hasText: /^[\d,]+ of [\d,]+ events$/ })).toHaveText('5 of 5 events');
    await expect(rows.first()).toContainText('Edited');
    await expect(rows.first()).toContainText('Example AI Atlas atlas-1');
    await expect(rows.first()).toContainText('notes');
    await expect(page.getByTestId('integrity-verdict')).toHaveText('Intact: all 5 events match the heads this workstation signed as it recorded them.');

    // The keyboard opens an event: its diff shows the field before and after.
    await rows.first().focus();
    await page.keyboard.press('Enter');
    const detail = page.getByRole('complementary', { name: 'The selected event' });
    await expect(detail.getByRole('heading')).toHaveText('Event #5: Edited packet');
    const diff = detail.getByRole('table', { name: 'What changed in event #5' });
    await expect(diff.getByRole('row', { name: /notes/ })).toContainText('Cyber ranges booked for week 2.');
    expect(await violations(page), 'review history page with an event open').toEqual([]);
    await page.screenshot({ path: testInfo.outputPath('history.png') });

    // The record's whole history, and filters by packet, action and words.
    await detail.getByRole('button', { name: 'Full history of this record' }).click();
    await expect(rows).toHaveCount(2);
    await page.getByRole('button', { name: 'Clear filters' }).click();
    // The packet's own events; its model is a record of its own.
    await page.getByRole('combobox', { name: /^Packet/ }).selectOption({ label: 'Lab Two Borealis b-2' });
    await expect(rows).toHaveCount(1);
    await page.getByRole('combobox', { name: /^Packet/ }).selectOption({ label: 'all' });
    await page.getByRole('combobox', { name: /^Action/ }).selectOption({ label: 'Edited' });
    await expect(rows).toHaveCount(1);
    await page.getByRole('combobox', { name: /^Action/ }).selectOption({ label: 'all' });
    await page.getByLabel('Search the history').fill('borealis');
    await expect(rows).toHaveCount(2);
    await expect(rows.nth(1)).toContainText('model');

    // What is exported verifies offline, each event proven in the signed tree.
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export with proofs…' }).click();
    const text = readFileSync(await (await download).path(), 'utf8');
    expect(verifyAuditExport(text)).toMatchObject({ ok: true, treeSize: 5, events: 2, complete: false, selection: 'events: matching "borealis"', banner: 'UNCLASSIFIED' });
    await expect(page.getByRole('status').filter({ hasText: 'Exported 2 events' })).toBeVisible();
  });

  test('the history verifies intact, and an event changed directly in IndexedDB turns it red once everything is verified again, naming the event', async ({ page }) => {
    await openApp(page);
    await createPacket(page, { developer: 'Example AI', modelName: 'Atlas', modelVersion: 'atlas-1', plannedRelease: '2026-12-10' });
    await openWorkstationMenu(page, 'History integrity');
    const panel = page.getByRole('region', { name: 'Integrity' });
    const verdict = panel.getByTestId('integrity-verdict');
    // The packet and its model.
    await expect(verdict).toHaveText('Intact: all 2 events match the heads this workstation signed as it recorded them.');
    await expect(panel.getByText(/^frontier-review\/workstation-[0-9a-f]{8} · key [0-9a-f]{8}$/)).toBeVisible();

    // Someone with access to the database edits the history behind the app's back: the bytes event #2 was sealed over.
    await page.evaluate(async () => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open('frontier-review');
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(new Error('open failed'));
      });
      await new Promise<void>((resolve, reject) => {
        const tx = db.transaction('auditEvents', 'readwrite');
        const events = tx.objectStore('auditEvents');
        const get = events.get(2);
        get.onsuccess = () => {
          const event = get.result as { canonical: Uint8Array };
          const text = new TextDecoder().decode(event.canonical).replace('"actor":"', '"actor":"mallory, not ');
          events.put({ ...event, canonical: new TextEncoder().encode(text) });
        };
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(new Error('write failed'));
      });
      db.close();
    });
    // A routine check reads the events recorded since the history was verified: none. It says so.
    await panel.getByRole('button', { name: 'Verify now' }).click();
    await expect(panel.getByTestId('integrity-scope')).toContainText('Nothing recorded since the history was verified in full');
    await panel.getByRole('button', { name: 'Verify everything again' }).click();
    await expect(verdict).toHaveText('Altered from event #2. Event #2 was changed after it was recorded: its content no longer matches its hash.');
    await expect(verdict).toHaveClass(/integrity-panel__verdict--bad/);
    // The change is in what the history shows, too, once the app reads it again: the bytes are the history.
    await page.reload();
    await page.keyboard.press('Alt+H');
    await expect(page.getByRole('grid', { name: 'Review history events' }).getByRole('rowgroup').getByRole('row').filter({ hasText: 'mallory, not' })).toHaveCount(1);
    await expect(verdict).toHaveText(/^Altered from event #2\./);
  });
});
