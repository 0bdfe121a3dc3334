import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { providedPath } from '../fixtures/provided.js';
import { readmeCommands, runTool } from '../fixtures/stock-tools.js';
import { createPacket, editor, exportBundle, firstProfile, importResults, openApp, openBundleFile, trustFile, violations } from './app.js';
import { expect, fixClock, guardContext, test } from './fixtures.js';

const LOG_NAME = '2025-02-11T15-18-04-05-00_popularity_mj7khqpMM4GBCfVQozKgzB.eval';
const LOG = providedPath(`inspect/${LOG_NAME}`);

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

    // Dana imports a run, and exports the packet with the run and its original log for Quinn;
    // Quinn's workstation verifies it and shows what it adds.
    await page.getByRole('row', { name: /Atlas/ }).click();
    await page.getByRole('tab', { name: 'Results' }).click();
    await importResults(page, LOG, 'Government-reproduced');
    await expect(page.getByRole('status').filter({ hasText: 'Imported 1 run' })).toBeVisible();
    await page.getByRole('tab', { name: 'Details' }).click();
    const first = await exportBundle(page, /quinn\.lead@nsa/, dir, { originals: [LOG] });
    const dialog = await openBundleFile(other, first);
    await expect(dialog.getByTestId('bundle-verified')).toContainText(/^Verified: signed with the key SHA256:\S+, trusted here as dana\.lead@cisa; every file matches its signed SHA-256\. The bundle names its exporter Dana Lead \(CISA, team lead\)/);
    await expect(dialog.getByTestId('bundle-plan')).toHaveText('Merging adds 3 records; 0 are already the same here; 0 need your choice.');
    await expect(dialog.getByTestId('bundle-history')).toHaveText(/^\d+ history events are proven in the signed history of frontier-review\/workstation-[0-9a-f]{8}, key [0-9a-f]{8} \(\d+ events\); it is the first bundle with this history seen here: compare the key id with the one you were given\.$/);
    await expect(dialog.getByRole('row', { name: /Benchmark run/ })).toContainText('popularity · openai/gpt-4o-mini');
    await expect(dialog.getByRole('row', { name: /Original log/ })).toContainText(LOG_NAME);
    expect(await violations(other), 'import preview').toEqual([]);
    await dialog.getByRole('button', { name: 'Merge' }).click();
    await expect(other.getByRole('status').filter({ hasText: 'Merged' })).toContainText('3 added, 0 replaced');
    await expect(other.getByRole('row', { name: /Atlas/ })).toBeVisible();

    // Quinn reads a transcript from the original log the bundle brought, without looking for the file.
    await other.getByRole('row', { name: /Atlas/ }).click();
    await other.getByRole('tab', { name: 'Results' }).click();
    await other.locator('.runs-table tbody tr').getByRole('button', { name: 'Samples' }).click();
    await other.getByRole('table', { name: /Sample scores/ }).getByRole('button', { name: 'Open the transcript of sample 1 epoch 1' }).click();
    const transcript = other.getByRole('dialog', { name: 'Sample 1, epoch 1' });
    await expect(transcript.locator('.transcript__message--assistant')).toContainText('Yes');
    await transcript.getByRole('button', { name: 'Close' }).click();
    await other.getByRole('tab', { name: 'Details' }).click();

    // Both edit the notes; Dana's next bundle shows the conflict side by side, and Quinn chooses.
    await editor(other).getByLabel('Notes').fill('Quinn: plan received.');
    await editor(other).getByRole('button', { name: 'Save changes' }).click();
    await expect(editor(other).getByText('Revision 2')).toBeVisible();
    await editor(page).getByLabel('Notes').fill('Dana: cybench reproduced.');
    await editor(page).getByRole('button', { name: 'Save changes' }).click();
    await expect(editor(page).getByText('Revision 2')).toBeVisible();
    const second = await exportBundle(page, /quinn\.lead@nsa/, dir);
    const conflict = await openBundleFile(other, second);
    await expect(conflict.getByTestId('bundle-plan')).toHaveText('Merging adds 0 records; 1 is already the same here; 1 needs your choice.');
    // The second bundle proves its workstation's history extends the one the first showed.
    await expect(conflict.getByTestId('bundle-history')).toHaveText(/, which extends the \d+ events seen here before\.$/);
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
    await replay.getByRole('button', { name: 'Cancel' }).click();

    // The history page on the receiving workstation remembers the sender's history, which the next bundle must extend.
    await other.keyboard.press('Alt+H');
    await other.getByText("Other workstations' histories seen here (1)").click();
    await other.getByRole('button', { name: /^Forget the history of frontier-review\/workstation-[0-9a-f]{8}$/ }).click();
    // A team lead forgets it only with a reason, which the history keeps.
    const forget = other.getByRole('dialog', { name: 'Forget this history?' });
    await forget.getByRole('button', { name: 'Forget history' }).click();
    await expect(forget.getByText('Say why this history is forgotten: the history keeps the reason.')).toBeVisible();
    await forget.getByLabel('Reason').fill('The sending workstation was restored from its backup.');
    await forget.getByRole('button', { name: 'Forget history' }).click();
    await expect(other.getByRole('status').filter({ hasText: 'Forgot the history of' })).toContainText('the next bundle with it starts afresh.');
    await expect(other.getByText("Other workstations' histories seen here (0)")).toBeVisible();
    await other.getByLabel('Search the history').fill('restored from its backup');
    await expect(other.getByRole('grid', { name: 'Review history events' }).getByRole('rowgroup').getByRole('row')).toHaveCount(1);
  } finally {
    await otherContext.close();
    await rm(dir, { recursive: true, force: true });
  }
  guard.verify();
});

test('a bundle built with stock tools as the README says (tar with its folder entries, age -a, a time with an offset) is verified by the import dialog', async ({ page }) => {
  const dir = await mkdtemp(path.join(tmpdir(), 'frontier-review-stock-bundle-'));
  try {
    await openApp(page);
    const identity = await readFile(await firstProfile(page, 'Quinn Lead', 'NSA', dir), 'utf8');
    const recipient = /^# age-recipient: (age1[0-9a-z]+)$/m.exec(identity)?.[1];
    expect(recipient).toBeDefined();
    await writeFile(path.join(dir, 'recipient.txt'), `${recipient ?? ''}\n`);
    expect((await runTool('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'lead', '-f', path.join(dir, 'lead_key')])).code).toBe(0);
    const signers = path.join(dir, 'allowed_signers');
    await writeFile(signers, `lead@cisa.example ${(await readFile(path.join(dir, 'lead_key.pub'), 'utf8')).trim()}\n`);
    await trustFile(page, signers);
    const [make = ''] = await readmeCommands('build-bundle');
    const made = await runTool('sh', ['-euc', make], { cwd: dir });
    expect(made.code, made.stderr).toBe(0);

    const dialog = await openBundleFile(page, path.join(dir, 'review.frbundle'));
    await expect(dialog.getByTestId('bundle-verified')).toContainText(/^Verified: signed with the key SHA256:\S+, trusted here as lead@cisa\.example; every file matches its signed SHA-256\. The bundle names its exporter Dana Lead \(CISA, team lead\)/);
    await expect(dialog.getByTestId('bundle-plan')).toHaveText('Merging adds 0 records; 0 are already the same here; 0 need your choice.');
    expect(await violations(page), 'stock bundle preview').toEqual([]);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
