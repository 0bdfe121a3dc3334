import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { generateInspectLog } from '../fixtures/inspect/generate-inspect-log.js';
import { addThreshold, createPacket, importResults, openApp, type PacketInput, violations } from './app.js';
import { expect, test } from './fixtures.js';
import { providedPath } from '../fixtures/provided.js';

const FIXTURES = providedPath('inspect');
const temp = mkdtempSync(path.join(tmpdir(), 'frontier-review-e2e-'));

const ATLAS: PacketInput = { developer: 'Example AI', modelName: 'Atlas', modelVersion: 'atlas-1', plannedRelease: '2026-12-10' };
const POPULARITY_LOG = path.join(FIXTURES, '2025-02-11T15-18-04-05-00_popularity_mj7khqpMM4GBCfVQozKgzB.eval');

async function openResults(page: Page, packet: PacketInput = ATLAS): Promise<void> {
  await createPacket(page, packet);
  await page.getByRole('tab', { name: 'Results' }).click();
  await expect(page.getByText('No results yet.')).toBeVisible();
}

test.describe('evaluation results', () => {
  test('a reviewer imports a real Inspect log, sees its metrics and samples, and the determination follows the threshold', async ({ page }) => {
    await openApp(page);
    // The log is of openai/gpt-4o-mini: the model under review here, so its run counts.
    await openResults(page, { developer: 'OpenAI', modelName: 'GPT-4o mini', modelVersion: '2024-07-18', plannedRelease: '2026-12-10' });
    await expect(page.getByTestId('determination-outcome')).toHaveText('Undetermined');

    await importResults(page, POPULARITY_LOG, 'Government-reproduced');
    await expect(page.getByRole('status').filter({ hasText: 'Imported 1 run' })).toContainText('with 10 samples');
    const run = page.locator('.runs-table tbody tr');
    await expect(run).toHaveCount(1);
    await expect(run).toContainText('openai/gpt-4o-mini');
    await expect(run).toContainText('accuracy 0.8 ± 0.133');
    await expect(run).toContainText('Government-reproduced');
    await expect(run).not.toContainText('reference');

    // Per-sample scores, and a transcript read on demand from the file imported this session.
    await run.getByRole('button', { name: 'Samples' }).click();
    const samples = page.getByRole('table', { name: /Sample scores/ });
    await expect(samples.getByRole('row')).toHaveCount(11);
    await samples.getByRole('button', { name: 'Open the transcript of sample 1 epoch 1' }).click();
    const transcript = page.getByRole('dialog', { name: 'Sample 1, epoch 1' });
    await expect(transcript.locator('.transcript__message--assistant')).toContainText('Yes');
    await transcript.getByRole('button', { name: 'Close' }).click();

    await addThreshold(page, 'popularity', 'accuracy', '0.7');
    await expect(page.getByTestId('determination-outcome')).toHaveText('Covered');
    await expect(page.getByTestId('determination-reason')).toContainText('0.8');
    await expect(page.getByRole('img', { name: '0.8 against the threshold 0.7' })).toBeVisible();

    // The same file twice is refused, naming it.
    await importResults(page, POPULARITY_LOG, 'Developer-reported');
    await expect(page.getByRole('dialog').getByRole('alert')).toContainText('is already in this packet');
  });

  test('a log of another model is filed as a reference run and says so; its provenance and role change later with a reason the history keeps', async ({ page }) => {
    await openApp(page);
    await openResults(page);
    await addThreshold(page, 'popularity', 'accuracy', '0.7');

    // The log is of openai/gpt-4o-mini, not Atlas: it is pre-selected as a reference run, in words.
    await page.getByRole('button', { name: 'Import results…' }).click();
    const dialog = page.getByRole('dialog', { name: /Import results/ });
    await dialog.getByLabel(/Results file/).setInputFiles(POPULARITY_LOG);
    await expect(dialog.getByRole('note')).toHaveText(
      'This log is of openai/gpt-4o-mini, not Atlas (the model under review): it is filed as a reference run. Choose “The model under review” only if you know the run measured Atlas atlas-1 under another name.',
    );
    await expect(dialog.getByRole('radio', { name: 'A reference model' })).toBeChecked();
    await expect(dialog.getByRole('radio', { name: 'The model under review (Atlas)' })).not.toBeChecked();
    await dialog.getByRole('radio', { name: 'Government-reproduced' }).check();
    await dialog.getByRole('button', { name: 'Import', exact: true }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Imported 1 run' })).toBeVisible();
    const run = page.locator('.runs-table tbody tr');
    await expect(run).toContainText('reference');
    // Another model's 0.8 does not make Atlas covered.
    await expect(page.getByTestId('determination-outcome')).toHaveText('Undetermined');

    // Later the reviewer learns the run did measure Atlas, as the developer reported it.
    await page.getByRole('button', { name: 'Change provenance and role of 2025-02-11T15-18-04-05-00_popularity_mj7khqpMM4GBCfVQozKgzB.eval' }).click();
    const change = page.getByRole('dialog', { name: 'Change provenance and role' });
    await expect(change.getByRole('radio', { name: 'Government-reproduced' })).toBeChecked();
    await expect(change.getByRole('radio', { name: 'A reference model' })).toBeChecked();
    await change.getByRole('radio', { name: 'Developer-reported' }).check();
    await change.getByRole('radio', { name: 'The model under review (Atlas)' }).check();
    await expect(change.getByRole('note')).toContainText('This run is of openai/gpt-4o-mini, not Atlas (the model under review): filed as the model under review, its results count');
    await expect(change.getByRole('button', { name: 'Save' })).toBeDisabled();
    const reason = 'The developer served Atlas behind an endpoint named gpt-4o-mini and ran this log themselves.';
    await change.getByLabel('Reason').fill(reason);
    expect(await violations(page), 'the dialog that changes provenance and role').toEqual([]);
    await change.getByRole('button', { name: 'Save' }).click();
    await expect(change).toBeHidden();
    await expect(page.getByRole('status').filter({ hasText: 'is now developer-reported, of the model under review' })).toBeVisible();
    await expect(run).toContainText('Developer-reported');
    await expect(run).not.toContainText('reference');
    await expect(page.getByTestId('determination-outcome')).toHaveText('Covered');

    // The history keeps the change with its reason.
    await page.keyboard.press('Alt+H');
    await page.getByLabel('Search the history').fill('endpoint named gpt-4o-mini');
    const rows = page.getByRole('grid', { name: 'Review history events' }).getByRole('rowgroup').getByRole('row');
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText('Edited');
    await rows.first().focus();
    await page.keyboard.press('Enter');
    const detail = page.getByRole('complementary', { name: 'The selected event' });
    await expect(detail.getByRole('heading')).toHaveText(/Edited benchmark run$/);
    await expect(detail).toContainText(`“${reason}”`);
    const diff = detail.getByRole('table', { name: /What changed in event/ });
    await expect(diff.getByRole('row', { name: /provenance/ })).toContainText('developer-reported');
    await expect(diff.getByRole('row', { name: /role/ })).toContainText('reference');
  });

  test('a damaged log is refused with the file and the problem named, and nothing is saved', async ({ page }) => {
    const bad = path.join(temp, 'cut-short.eval');
    writeFileSync(bad, Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(200, 7)]));
    await openApp(page);
    await openResults(page);
    await importResults(page, bad, 'Developer-reported');
    await expect(page.getByRole('dialog').getByRole('alert')).toContainText('cut-short.eval: this is not a ZIP archive, or it was cut short');
    await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
    await expect(page.getByText('No results yet.')).toBeVisible();
  });

  test('a zstd log with NaN scores and errors imports with progress, and a cancelled import leaves nothing', async ({ page }) => {
    const big = await generateInspectLog(path.join(temp, 'cybench-big.eval'), { samples: 40, epochs: 150, nanRate: 0.05, errorRate: 0.02, seed: 3 });
    await openApp(page);
    await openResults(page);

    await importResults(page, big.path, 'Government-reproduced');
    await expect(page.getByRole('dialog').getByRole('button', { name: 'Cancel import' })).toBeVisible();
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel import' }).click();
    await expect(page.getByRole('dialog').getByRole('alert')).toContainText('cancelled');
    await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
    await expect(page.getByText('No results yet.')).toBeVisible();

    await importResults(page, big.path, 'Government-reproduced');
    await expect(page.getByRole('status').filter({ hasText: 'Imported 1 run' })).toContainText('with 6,000 samples');
    const run = page.locator('.runs-table tbody tr');
    await expect(run).toContainText('inspect_evals/cybench');
    await expect(run).toContainText(`(${big.errored} err)`);
  });

  test('a results table is mapped once, and the mapping is remembered for the next file from the same source', async ({ page }) => {
    const csv = (name: string, value: string) => {
      const file = path.join(temp, name);
      writeFileSync(file, `Eval,Model Name,Metric,Score,SE,N\ninspect_evals/cybench,atlas-1,accuracy,${value},0.05,40\ninspect_evals/cybench,baseline-7,accuracy,0.31,0.05,40\n`);
      return file;
    };
    await openApp(page);
    await openResults(page);
    await page.getByRole('button', { name: 'Import results…' }).click();
    const dialog = page.getByRole('dialog', { name: /Import results/ });
    await dialog.getByLabel(/Results file/).setInputFiles(csv('lab-results.csv', '0.62'));
    await expect(dialog.getByText('results table, 2 rows')).toBeVisible();
    await dialog.getByLabel('Task', { exact: true }).selectOption('Eval');
    await dialog.getByLabel('Model', { exact: true }).selectOption('Model Name');
    await dialog.getByLabel('Value', { exact: true }).selectOption('Score');
    await dialog.getByLabel('Standard error').selectOption('SE');
    await dialog.getByLabel('Model under review in this table').selectOption('atlas-1');
    await dialog.getByRole('radio', { name: 'Developer-reported' }).check();
    await dialog.getByRole('button', { name: 'Import', exact: true }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Imported 2 runs' })).toBeVisible();
    await expect(page.locator('.runs-table tbody tr').filter({ hasText: 'baseline-7' })).toContainText('reference');

    await page.getByRole('button', { name: 'Import results…' }).click();
    await dialog.getByLabel(/Results file/).setInputFiles(csv('lab-results-v2.csv', '0.64'));
    await expect(dialog.getByText('remembered from the last file with these columns')).toBeVisible();
    await expect(dialog.getByLabel('Value', { exact: true })).toHaveValue('Score');
  });
});
