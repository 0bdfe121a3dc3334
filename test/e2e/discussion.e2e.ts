import { createPacket, openApp, violations } from './app.js';
import { expect, test } from './fixtures.js';

test('a packet’s discussion: comments on the packet and on a finding, in order, one deleted by its author, the rest kept', async ({ page }) => {
  await openApp(page);
  await createPacket(page, { developer: 'Example AI', modelName: 'Atlas', modelVersion: 'atlas-1', plannedRelease: '2026-12-10', agencies: ['CISA'] });
  await page.getByRole('tab', { name: 'Findings' }).click();
  await page.getByRole('button', { name: 'Record finding…' }).click();
  const finding = page.getByRole('dialog', { name: /Record a finding/ });
  await finding.getByLabel('Title').fill('Sandbox escape through tool output');
  await finding.getByLabel('Description').fill('Seen in two cybench tasks.');
  await finding.getByRole('button', { name: 'Record finding' }).click();
  await expect(finding).toHaveCount(0);

  await page.getByRole('tab', { name: 'Discussion' }).click();
  await expect(page.getByText('No comments yet.')).toBeVisible();
  const form = page.getByRole('form', { name: 'Add a comment' });
  await expect(form.getByRole('button', { name: 'Add comment' })).toBeDisabled();
  await form.getByLabel('Comment').fill('Reproduced on our range; the flag leaks through the tool output.');
  await form.getByLabel('About').selectOption({ label: 'Finding: Sandbox escape through tool output' });
  await form.getByRole('button', { name: 'Add comment' }).click();
  // The next one is typed at once: the first, when it is saved, clears only its own words.
  await form.getByLabel('Comment').fill('Asked the developer for their mitigation timeline.');
  const thread = page.getByRole('list', { name: 'Comments, oldest first' });
  await expect(thread.getByRole('listitem')).toHaveCount(1);
  await expect(form.getByLabel('Comment')).toHaveValue('Asked the developer for their mitigation timeline.');
  // Ctrl+Enter adds it from the keyboard.
  await form.getByLabel('About').selectOption({ label: 'The packet as a whole' });
  await form.getByLabel('Comment').press('Control+Enter');

  await expect(thread.getByRole('listitem')).toHaveCount(2);
  await expect(thread.getByRole('listitem').nth(0)).toContainText('on finding “Sandbox escape through tool output”');
  await expect(thread.getByRole('listitem').nth(0)).toContainText('Reproduced on our range');
  await expect(thread.getByRole('listitem').nth(1)).toContainText('Asked the developer');
  await expect(form.getByLabel('Comment')).toHaveValue('');
  expect(await violations(page)).toEqual([]);
  await page.screenshot({ path: test.info().outputPath('discussion.png') });

  await thread.getByRole('listitem').nth(0).getByRole('button', { name: /^Delete comment by/ }).click();
  await page.getByRole('dialog', { name: 'Delete this comment?' }).getByRole('button', { name: 'Delete comment' }).click();
  await expect(thread.getByRole('listitem')).toHaveCount(1);
  await expect(thread.getByRole('listitem').nth(0)).toContainText('Asked the developer');
  // Still there after a reload: comments are stored, not held in the page.
  await page.reload();
  await page.getByRole('tab', { name: 'Discussion' }).click();
  await expect(page.getByRole('list', { name: 'Comments, oldest first' }).getByRole('listitem')).toHaveCount(1);
});
