import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { readInspectLog } from '../../shared/inspect/inspect-log.js';
import type { SampleRow } from '../../shared/results/benchmark-run.js';
import { bytesSource } from '../../shared/zip/byte-source.js';
import { CYBER_BENCHMARKS, generateInspectLog } from '../fixtures/inspect/generate-inspect-log.js';
import { providedPath } from '../fixtures/provided.js';
import { createPacket, downloadedText, importResults, importTwoRuns, newComparison, openApp } from './app.js';
import { expect, test } from './fixtures.js';

const temp = mkdtempSync(path.join(tmpdir(), 'frontier-review-compare-'));

/** The samples of a log as the app's own reader sees them, to work out by hand what the comparison must say. */
async function solvedIds(file: string): Promise<Map<string, boolean>> {
  const rows: SampleRow[] = [];
  await readInspectLog(bytesSource(path.basename(file), new Uint8Array(readFileSync(file))), {
    onRows: (chunk) => {
      rows.push(...chunk);
      return Promise.resolve();
    },
  });
  return new Map(rows.filter((r) => r.scores.includes?.value === 'C' || r.scores.includes?.value === 'I').map((r) => [String(r.id), r.scores.includes?.value === 'C']));
}

test.describe('comparing runs', () => {
  test('a reviewer compares the developer’s run with the reproduction: summary in words, chart, samples, export, reopening', async ({ page }) => {
    test.setTimeout(120_000);
    const developer = await generateInspectLog(path.join(temp, 'developer.eval'), { benchmark: CYBER_BENCHMARKS.cybench, model: 'example/atlas', solveRate: 0.25, nanRate: 0, errorRate: 0, limitRate: 0, seed: 3 });
    const reproduced = await generateInspectLog(path.join(temp, 'reproduced.eval'), { benchmark: CYBER_BENCHMARKS.cybench, model: 'example/atlas', solveRate: 0.6, nanRate: 0, errorRate: 0.05, limitRate: 0, seed: 8 });
    const a = await solvedIds(developer.path);
    const b = await solvedIds(reproduced.path);
    const shared = [...a.keys()].filter((id) => b.has(id));
    const onlyA = shared.filter((id) => a.get(id) === true && b.get(id) === false).length;
    const onlyB = shared.filter((id) => a.get(id) === false && b.get(id) === true).length;
    expect(onlyB).toBeGreaterThan(onlyA);

    await openApp(page);
    await createPacket(page, { developer: 'Example AI', modelName: 'Atlas', modelVersion: 'atlas-1', plannedRelease: '2026-12-10' });
    await page.getByRole('tab', { name: 'Results' }).click();
    await importTwoRuns(page, developer.path, reproduced.path);

    // Alt+C opens the comparisons; the developer's run is picked first, so it is A.
    await page.keyboard.press('Alt+C');
    await expect(page.getByRole('heading', { name: 'Compare runs' })).toBeVisible();
    await expect(page.getByText('No comparisons yet.')).toBeVisible();
    await newComparison(page, [/developer\.eval/, /reproduced\.eval/], 'Reproduction of cybench');

    const words = page.locator('.compare-words li');
    await expect(words).toHaveText(new RegExp(`^B solves ${onlyB - onlyA} more samples than A \\(${onlyB} only B, ${onlyA} only A, of ${shared.length} shared\\); difference \\+[\\d.]+ points, 95% CI -?[\\d.]+ to [\\d.]+, McNemar exact p [=<] [\\d.]+\\.`));
    const table = page.getByRole('table', { name: /inspect_evals\/cybench/ });
    await expect(table.getByRole('row', { name: /^A / })).toContainText(String(Math.round(developer.metricValue * 1000) / 1000));
    await expect(table.getByRole('row', { name: /^B / })).toContainText('McNemar');

    // 2: the charts: each run's value in its colour and by its model and provenance, then its
    // difference from A with the zero line, then which run solved which challenge.
    await page.keyboard.press('2');
    await expect(page.getByRole('tab', { name: 'Chart' })).toHaveAttribute('aria-selected', 'true');
    const figure = page.getByRole('figure', { name: 'inspect_evals/cybench includes/accuracy' });
    const values = figure.getByRole('img', { name: /each run's value/ });
    await expect(values).toHaveAccessibleName(/^inspect_evals\/cybench includes\/accuracy, each run's value: A · example\/atlas \(Developer-reported\): [\d.]+, 95% CI .*; B · example\/atlas \(Government-reproduced\): /);
    await expect(values.locator('circle')).toHaveCount(2);
    await expect(values.locator('circle').nth(1)).toHaveAttribute('fill', '#8a3b12');
    const forest = figure.getByRole('img', { name: /difference of each run from A/ });
    await expect(forest).toHaveAccessibleName(/B − A: \+[\d.]+ \(points\), 95% CI -?[\d.]+ to [\d.]+/);
    // The table alternative says the same numbers.
    await figure.getByText('Table of this chart').click();
    await expect(figure.getByRole('table', { name: /the charts' numbers/ }).getByRole('row', { name: /^B · / })).toContainText(/\+[\d.]+/);
    // The solve matrix outlines exactly the challenges McNemar's test counts.
    const matrix = figure.getByRole('table', { name: 'Solve matrix: inspect_evals/cybench includes/accuracy' });
    await expect(matrix.locator('tbody tr')).toHaveCount(developer.sampleEpochs);
    await expect(matrix.locator('.solve-cell--discordant')).toHaveCount(onlyA + onlyB);
    await matrix.getByRole('button', { name: 'Solved by' }).click();
    await expect(matrix.getByRole('columnheader', { name: 'Solved by' })).toHaveAttribute('aria-sort', 'ascending');
    await expect(matrix.locator('tbody tr').first().locator('td').last()).toHaveText('0 of 2');
    // Saved as SVG through the export gateway: marked top and bottom, and recorded.
    const svgFile = page.waitForEvent('download');
    await figure.getByRole('button', { name: /^Export chart SVG/ }).click();
    const svg = await downloadedText(svgFile);
    const banner = /<title>([^<]+)<\/title>/.exec(svg)?.[1] ?? 'no title';
    expect(svg).toMatch(new RegExp(`<text data-banner="top"[^>]*>${banner}</text>[\\s\\S]*<svg y="22"[\\s\\S]*<text data-banner="bottom"[^>]*>${banner}</text>`));
    await expect(page.getByRole('status').filter({ hasText: 'Exported the chart of' })).toContainText(`marked ${banner}.`);

    // 3: the samples; sorting, only disagreements, search, and one sample side by side.
    await page.keyboard.press('3');
    const status = page.locator('.compare-samples').getByRole('status');
    await expect(status).toContainText(`${developer.sampleEpochs} of ${developer.sampleEpochs} samples`);
    const grid = page.getByRole('grid', { name: 'Samples across the runs' });
    // Scores sort highest first: the challenges B solved come to the top.
    await grid.getByRole('button', { name: 'B score' }).click();
    await expect(grid.getByRole('columnheader', { name: 'B score' })).toHaveAttribute('aria-sort', 'descending');
    const bScore = (await grid.getByRole('columnheader').allTextContents()).findIndex((h) => h.startsWith('B score'));
    await expect(grid.getByRole('row').nth(1).getByRole('gridcell').nth(bScore)).toHaveText('C');

    const disagreeing = shared.filter((id) => a.get(id) !== b.get(id)).length;
    await grid.focus();
    await page.keyboard.press('d');
    await expect(status).toContainText(`${disagreeing} of ${developer.sampleEpochs} samples`);
    await expect(page.locator('.compare-samples').getByLabel('Show')).toHaveValue('disagree');

    await grid.focus();
    await page.keyboard.press('ArrowDown');
    const side = page.getByRole('region', { name: /^Sample .* in each run$/ });
    await expect(side.getByLabel('Answer of run A')).toBeVisible();
    await expect(side.getByLabel('Answer of run B')).toBeVisible();
    // Both logs were imported in this session, so both transcripts read at once, side by side.
    await side.getByRole('button', { name: /side by side/ }).click();
    const transcripts = page.getByRole('dialog', { name: /: transcripts$/ });
    await expect(transcripts.getByRole('region', { name: 'Transcript of run A' }).locator('.transcript__message').first()).toBeVisible();
    await expect(transcripts.getByRole('region', { name: 'Transcript of run B' }).locator('.transcript__message').first()).toBeVisible();
    await transcripts.getByRole('button', { name: 'Close' }).click();

    await page.keyboard.press('/');
    await expect(page.getByLabel('Search samples by id or task')).toBeFocused();
    await page.keyboard.type('no-such-sample');
    await expect(status).toContainText(`0 of ${developer.sampleEpochs} samples`);
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Backspace');

    // Grouped by task, each task is a row of its own with its counts, open to its samples.
    await page.getByLabel('Group by task').check();
    const group = grid.getByRole('row', { name: new RegExp(`inspect_evals/cybench ${disagreeing} samples, ${disagreeing} disagree`) });
    await expect(group.getByRole('button', { name: 'Samples of inspect_evals/cybench' })).toHaveAttribute('aria-expanded', 'true');
    await expect(grid.getByRole('row')).toHaveCount(disagreeing + 2);
    await group.getByRole('button', { name: 'Samples of inspect_evals/cybench' }).click();
    await expect(grid.getByRole('row')).toHaveCount(2);
    await group.getByRole('button', { name: 'Samples of inspect_evals/cybench' }).click();
    await page.getByLabel('Group by task').uncheck();

    // Moving down past the fold keeps the selected row in view, below the header.
    await page.locator('.compare-samples').getByLabel('Show').selectOption('all');
    await grid.focus();
    await page.keyboard.press('Home');
    for (let i = 0; i < 25; i++) await page.keyboard.press('ArrowDown');
    const selected = grid.locator('[role=row][aria-selected=true]');
    await expect(selected).toHaveAttribute('aria-rowindex', '27');
    await expect(selected).toBeInViewport({ ratio: 0.95 });
    const [rowBox, headBox] = [await selected.boundingBox(), await grid.getByRole('row').first().boundingBox()];
    expect(rowBox?.y ?? 0).toBeGreaterThanOrEqual((headBox?.y ?? 0) + (headBox?.height ?? 0) - 1);

    expect((await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag22aa']).analyze()).violations.map((v) => v.id)).toEqual([]);

    // Exports carry the marking as the first and last line.
    let download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export summary CSV' }).click();
    const summary = (await downloadedText(download)).trim().split('\r\n');
    expect(summary[0]).toBe('UNCLASSIFIED');
    expect(summary.at(-1)).toBe('UNCLASSIFIED');
    expect(summary[1]).toContain('Marking,Task,Metric,Run,Model');
    expect(summary.filter((l) => l.includes('inspect_evals/cybench'))).toHaveLength(2);
    download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export samples CSV' }).click();
    const samples = (await downloadedText(download)).trim().split('\r\n');
    expect(samples).toHaveLength(developer.sampleEpochs + 3);
    expect(samples[1]).toBe('Marking,Task,Sample,Epoch,Runs disagree,A score,A answer,A error,B score,B answer,B error');

    // Printed, the summary sits between banners the print frame repeats on every page; the
    // controls and the app's own header are not printed.
    await page.getByRole('tab', { name: 'Summary' }).click();
    await page.emulateMedia({ media: 'print' });
    await expect(page.locator('.print-frame > thead .print-banner')).toHaveText('UNCLASSIFIED');
    // The footer row keeps the banner's room; the banner seen is the copy at each page's foot.
    await expect(page.locator('.page-foot-banner')).toHaveText('UNCLASSIFIED');
    await expect(page.locator('.page-foot-banner')).toBeVisible();
    await expect(page.getByRole('tab', { name: 'Summary' })).toBeHidden();
    await expect(page.getByTestId('banner-top')).toBeHidden();
    await expect(page.locator('.compare-words li')).toBeVisible();
    await page.emulateMedia({ media: 'screen' });
    await expect(page.locator('.print-frame > thead .print-banner')).toBeHidden();
    await expect(page.locator('.page-foot-banner')).toBeHidden();

    // The comparison is saved: a reload reopens it.
    await page.reload();
    await expect(page.getByRole('heading', { name: 'Reproduction of cybench' })).toBeVisible();
    await expect(page.locator('.compare-words li')).toHaveCount(1);
  });

  test('real Inspect logs of two models compare from their standard errors, and a run that ended in an error is flagged', async ({ page }) => {
    await openApp(page);
    await createPacket(page, { developer: 'Example AI', modelName: 'Atlas', modelVersion: 'atlas-1', plannedRelease: '2026-12-10' });
    await page.getByRole('tab', { name: 'Results' }).click();
    await importResults(page, providedPath('inspect/2025-02-11T15-18-04-05-00_popularity_mj7khqpMM4GBCfVQozKgzB.eval'), 'Government-reproduced');
    await expect(page.getByRole('status').filter({ hasText: 'Imported 1 run' })).toBeVisible();
    await importResults(page, providedPath('inspect/2024-08-29T15-11-18+00-00_popularity_5EAmX6wjMFqea6WY7XHzZp.json'), 'Developer-reported');
    await expect(page.getByRole('status').filter({ hasText: 'Imported 1 run from 2024-08-29' })).toBeVisible();

    await page.getByRole('button', { name: 'Compare runs' }).click();
    await newComparison(page, [/2024-08-29/, /2025-02-11/], 'Popularity, two snapshots');
    await expect(page.getByRole('heading', { name: 'Popularity, two snapshots' })).toBeVisible();
    const groups = page.locator('.compare-group');
    await expect(groups.first()).toBeVisible();
    // The 2024 log ended in an error with no samples: the difference comes from the reported errors.
    await expect(page.locator('.compare-words li').first()).toHaveText(/^B is 80 points higher than A, from the reported standard errors; 95% CI 53\.9 to 106\.1, p < 0\.001\./);
    await expect(page.getByRole('note')).toContainText('A ended in an error: its numbers cover only part of the run.');
    await page.keyboard.press('3');
    await expect(page.locator('.compare-samples').getByRole('status')).toContainText(/\d+ of \d+ samples/);

    // Back in the list of saved comparisons, it can be deleted; the runs stay.
    await page.getByLabel('Saved').selectOption({ label: 'All saved comparisons' });
    await page.getByRole('button', { name: 'Delete comparison Popularity, two snapshots' }).click();
    await page.getByRole('dialog', { name: 'Delete this comparison?' }).getByRole('button', { name: 'Delete comparison' }).click();
    await expect(page.getByText('No comparisons yet.')).toBeVisible();
  });
});
