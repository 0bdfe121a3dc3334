import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../e2e/chromium.js';
import { CYBER_BENCHMARKS, generateInspectLog } from '../fixtures/inspect/generate-inspect-log.js';
import { createBenchPacket, importLog, round, writeBenchResults } from './bench-app.js';

/**
 * `npm run bench`: the comparison driven through the real UI in Chromium, with 2 runs of 100,000
 * samples and with 8 runs of 10,000. Times are taken in the page, from the user's action to the
 * frame that shows its result: opening the comparison (loading every run's samples, lining them
 * up, the statistics; the first time, and the median of three), sorting, filtering, and frame
 * times while the sample grid scrolls.
 * Memory is the page's JavaScript heap, after garbage collection, before and after opening.
 */
test.use({ launchOptions: { executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS, '--enable-precise-memory-info', '--js-flags=--expose-gc'] } });

const work = mkdtempSync(path.join(tmpdir(), 'frontier-review-compare-bench-'));
// BENCH_ONLY=1 measures the 2 × 100,000 comparison alone, for a quicker look.
const SCENARIOS = process.env.BENCH_ONLY ? [{ runs: 2, samples: 100_000 }] : [
  { runs: 2, samples: 100_000 },
  { runs: 8, samples: 10_000 },
];

interface Row {
  readonly runs: number;
  readonly samplesPerRun: number;
  readonly rows: number;
  readonly firstOpenMs: number;
  readonly openMs: number;
  readonly sortMs: number;
  readonly filterMs: number;
  readonly frameMeanMs: number;
  readonly frameP95Ms: number;
  readonly fps: number;
  readonly heapBeforeMB: number;
  readonly heapAfterMB: number;
  readonly heapPerRowBytes: number;
}

/** Milliseconds from the next click or change in the page to the frame after `selector` shows `text`. */
async function timeNextAction(page: Page, selector: string, text: string, act: () => Promise<void>): Promise<number> {
  await page.evaluate(
    ([sel, want]) => {
      const timing = { start: 0, shown: 0 };
      Object.assign(window, { benchTiming: timing });
      const begin = () => (timing.start ||= performance.now());
      document.addEventListener('click', begin, { capture: true, once: true });
      document.addEventListener('change', begin, { capture: true, once: true });
      const check = () => {
        if (timing.start === 0 || timing.shown > 0) return;
        const element = document.querySelector(sel);
        if (element?.textContent.includes(want) || element?.getAttribute('aria-sort') === want) requestAnimationFrame(() => (timing.shown ||= performance.now()));
      };
      new MutationObserver(check).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
    },
    [selector, text] as const,
  );
  await act();
  await page.waitForFunction(() => (window as unknown as { benchTiming: { shown: number } }).benchTiming.shown > 0, undefined, { timeout: 120_000 });
  const t = await page.evaluate(() => (window as unknown as { benchTiming: { start: number; shown: number } }).benchTiming);
  return t.shown - t.start;
}

async function heapMB(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const w = window as unknown as { gc?: () => void; performance: { memory?: { usedJSHeapSize: number } } };
    for (let i = 0; i < 3; i++) {
      w.gc?.();
      await new Promise((r) => setTimeout(r, 50));
    }
    return (w.performance.memory?.usedJSHeapSize ?? Number.NaN) / 1e6;
  });
}

/** Scrolls the sample grid a few rows each frame for two seconds; the frame times, sorted. */
async function scrollFrames(page: Page): Promise<number[]> {
  return page.evaluate(async () => {
    const grid = document.querySelector('.compare-samples__scroll');
    if (!grid) throw new Error('no grid');
    const frames: number[] = [];
    let last = performance.now();
    await new Promise<void>((done) => {
      const step = (now: number) => {
        frames.push(now - last);
        last = now;
        grid.scrollTop += 4 * 28;
        if (frames.length < 120) requestAnimationFrame(step);
        else done();
      };
      requestAnimationFrame(step);
    });
    return frames.slice(1).sort((a, b) => a - b);
  });
}

test('comparison of large runs, through the UI', async ({ browser }) => {
  const rows: Row[] = [];
  for (const { runs, samples } of SCENARIOS) {
    const logs = [];
    for (let i = 0; i < runs; i++) {
      logs.push(
        await generateInspectLog(path.join(work, `cybench-${runs}x${samples}-${i}.eval`), {
          benchmark: CYBER_BENCHMARKS.cybench,
          samples,
          model: `lab/model-${String.fromCharCode(97 + i)}`,
          solveRate: 0.3 + 0.05 * i,
          compression: 'zstd',
          seed: 100 + i,
        }),
      );
    }
    const context = await browser.newContext();
    const page = await context.newPage();
    await createBenchPacket(page, `Compare ${runs}x${samples}`);
    for (const [i, log] of logs.entries()) await importLog(page, log.path, i === 0 ? 'Developer-reported' : 'Government-reproduced');

    await page.getByRole('button', { name: 'Compare runs' }).click();
    await page.getByRole('button', { name: 'New comparison…' }).click();
    const dialog = page.getByRole('dialog', { name: 'New comparison' });
    for (const log of logs) await dialog.getByRole('checkbox', { name: new RegExp(path.basename(log.path).replace('.', '\\.')) }).check();
    await dialog.getByLabel('Name').fill(`${runs} runs of ${samples}`);
    const heapBefore = await heapMB(page);
    const firstOpenMs = await timeNextAction(page, '.compare-words', 'B ', () => dialog.getByRole('button', { name: 'Compare' }).click());
    const heapAfter = await heapMB(page);
    // Opened again from the saved comparisons, twice, after a reload: the median of the three.
    const opens = [firstOpenMs];
    for (let i = 0; i < 2; i++) {
      // A new page load: only the hash would change otherwise, and the open comparison would stay.
      await page.goto('/#compare');
      await page.reload();
      await page.getByRole('button', { name: `${runs} runs of ${samples}`, exact: true }).waitFor({ timeout: 30_000 });
      opens.push(await timeNextAction(page, '.compare-words', 'B ', () => page.getByRole('button', { name: `${runs} runs of ${samples}`, exact: true }).click()));
    }
    const openMs = [...opens].sort((x, y) => x - y)[1] ?? Number.NaN;

    await page.keyboard.press('3');
    const grid = page.getByRole('grid', { name: 'Samples across the runs' });
    await expect(grid.getByRole('row').nth(1)).toBeVisible();
    const joined = await page.locator('.compare-samples').getByRole('status').textContent();
    const total = Number(/of ([\d,]+) samples/.exec(joined ?? '')?.[1]?.replace(/,/g, '') ?? Number.NaN);
    const sortMs = await timeNextAction(page, '[role=columnheader][aria-sort]', 'descending', () => grid.getByRole('button', { name: 'B score' }).click());
    // The filter is done when the count of rows shown becomes the count that disagree.
    const disagreeing = /; ([\d,]+) disagree/.exec(joined ?? '')?.[1] ?? 'none';
    const filterMs = await timeNextAction(page, '.compare-samples [role=status]', `${disagreeing} of`, async () => {
      await page.locator('.compare-samples').getByLabel('Show').selectOption('disagree');
    });
    await page.locator('.compare-samples').getByLabel('Show').selectOption('all');
    const frames = await scrollFrames(page);
    const mean = frames.reduce((n, f) => n + f, 0) / frames.length;
    await context.close();

    rows.push({
      runs,
      samplesPerRun: samples,
      rows: total,
      firstOpenMs: Math.round(firstOpenMs),
      openMs: Math.round(openMs),
      sortMs: Math.round(sortMs),
      filterMs: Math.round(filterMs),
      frameMeanMs: round(mean),
      frameP95Ms: round(frames[Math.floor(frames.length * 0.95)] ?? Number.NaN),
      fps: round(1000 / mean),
      heapBeforeMB: round(heapBefore),
      heapAfterMB: round(heapAfter),
      heapPerRowBytes: Math.round(((heapAfter - heapBefore) * 1e6) / (runs * samples)),
    });
  }

  console.log('\nComparison of generated cybench runs, through the UI in Chromium:\n');
  console.table(
    rows.map((r) => ({
      runs: r.runs,
      'samples per run': r.samplesPerRun.toLocaleString('en-US'),
      'rows shown': r.rows.toLocaleString('en-US'),
      'open ms (first)': r.firstOpenMs,
      'open ms (median of 3)': r.openMs,
      'sort ms': r.sortMs,
      'filter ms': r.filterMs,
      'frame mean ms': r.frameMeanMs,
      'frame p95 ms': r.frameP95Ms,
      fps: r.fps,
      'heap before MB': r.heapBeforeMB,
      'heap after MB': r.heapAfterMB,
      'heap per sample B': r.heapPerRowBytes,
    })),
  );
  console.log(`Written to ${writeBenchResults('compare', rows)}`);
});
