import { createPacket, openApp, openWorkstationMenu } from './app.js';
import { expect, test } from './fixtures.js';

test.describe('history integrity', () => {
  test('the history verifies intact, and an event changed directly in IndexedDB turns it red, naming the event', async ({ page }) => {
    await openApp(page);
    await createPacket(page, { developer: 'Example AI', modelName: 'Atlas', modelVersion: 'atlas-1', plannedRelease: '2026-12-10' });
    await openWorkstationMenu(page, 'History integrity');
    const dialog = page.getByRole('dialog', { name: 'History integrity' });
    const verdict = dialog.getByTestId('integrity-verdict');
    // The packet and its model.
    await expect(verdict).toHaveText('Intact: all 2 events match the heads this workstation signed as it recorded them.');
    await expect(dialog.getByText(/^frontier-review\/workstation-[0-9a-f]{8}\+[0-9a-f]{8}\+/)).toBeVisible();

    // Someone with access to the database edits the history behind the app's back.
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
        get.onsuccess = () => events.put({ ...(get.result as object), actor: 'mallory' });
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(new Error('write failed'));
      });
      db.close();
    });
    await dialog.getByRole('button', { name: 'Verify now' }).click();
    await expect(verdict).toHaveText('Altered from event #2. Event #2 was changed after it was recorded: its content no longer matches its hash.');
    await expect(verdict).toHaveClass(/determination__outcome--covered/);
  });
});
