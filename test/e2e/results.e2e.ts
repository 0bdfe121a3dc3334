import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { generateInspectLog } from '../fixtures/inspect/generate-inspect-log.js';
import { createPacket, importResults, openApp, openWorkstationMenu } from './app.js';
import { expect, test } from './fixtures.js';
import { providedPath } from '../fixtures/provided.js';

const FIXTURES = providedPath('inspect');
const temp = mkdtempSync(path.join(tmpdir(), 'frontier-review-e2e-'));

async function openResults(page: Page): Promise<void> {
  await createPacket(page, { developer: 'Example AI', modelName: 'Atlas', modelVersion: 'atlas-1', plannedRelease: '2026-12-10' });
  await page.getByRole('tab', { name: 'Results' }).click();
  await expect(page.getByText('No results yet.')).toBeVisible();
}

async function addThreshold(page: Page, task: string, metric: string, value: string): Promise<void> {
  await openWorkstationMenu(page, 'Thresholds');
  const dialog = page.getByRole('dialog', { name: 'Capability thresholds' });
  await dialog.getByRole('button', { name: 'Add threshold' }).click();
  await dialog.getByLabel('Task', { exact: true }).fill(task);
  await dialog.getByLabel('Metric').fill(metric);
  await dialog.getByLabel('Threshold value').fill(value);
  await dialog.getByLabel('Rationale').fill('Solving this share of challenges marks advanced offensive capability.');
  await dialog.getByRole('button', { name: 'Save threshold' }).click();
  await expect(dialog.getByRole('cell', { name: task, exact: true })).toBeVisible();
  await dialog.getByRole('button', { name: 'Close' }).click();
}

test.describe('evaluation results', () => {
  test('a reviewer imports a real Inspect log, sees its metrics and samples, and the determination follows the threshold', async ({ page }) => {
    await openApp(page);
    await openResults(page);
    await expect(page.getByTestId('determination-outcome')).toHaveText('Undetermined');

    await importResults(page, path.join(FIXTURES, '2025-02-11T15-18-04-05-00_popularity_mj7khqpMM4GBCfVQozKgzB.eval'), 'Government-reproduced');
    await expect(page.getByRole('status').filter({ hasText: 'Imported 1 run' })).toContainText('with 10 samples');
    const run = page.locator('.runs-table tbody tr');
    await expect(run).toHaveCount(1);
    await expect(run).toContainText('openai/gpt-4o-mini');
    await expect(run).toContainText('accuracy 0.8 ± 0.133');
    await expect(run).toContainText('Government-reproduced');

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
    await importResults(page, path.join(FIXTURES, '2025-02-11T15-18-04-05-00_popularity_mj7khqpMM4GBCfVQozKgzB.eval'), 'Developer-reported');
    await expect(page.getByRole('dialog').getByRole('alert')).toContainText('is already in this packet');
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
