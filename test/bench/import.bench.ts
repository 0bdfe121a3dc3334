import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { expect, test, type Page } from '@playwright/test';
import { generateInspectLog, type GeneratedLog } from '../fixtures/inspect/generate-inspect-log.js';
import { execFileSync } from 'node:child_process';
import { chooseImport, createBenchPacket, round, withBenchWorker, writeBenchResults } from './bench-app.js';

/**
 * `npm run bench`: imports generated cybench-style `.eval` logs end to end in Chromium (read in
 * workers, hashed, parsed, stored in IndexedDB) and, in the same browser, the floors: reading the
 * file, hashing it, decompressing the entries an import reads, and decompressing every entry. Peak memory is the browser's whole
 * resident set (every Chromium process) above what it used before the import.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const work = mkdtempSync(path.join(tmpdir(), 'frontier-review-bench-'));
// BENCH_SIZES=100000 measures one size only, for a quicker look.
const SIZES = process.env.BENCH_SIZES ? process.env.BENCH_SIZES.split(',').map(Number) : [25_000, 100_000];

interface Row {
  readonly samples: number;
  readonly fileMB: number;
  readonly importS: number;
  readonly samplesPerS: number;
  readonly peakMemoryMB: number;
  readonly readS: number;
  readonly hashS: number;
  readonly importEntriesS: number;
  readonly importEntriesMB: number;
  readonly decompressS: number;
  readonly decompressedMB: number;
  readonly readWholeS: number;
  readonly subtleHashS: number;
  readonly desktop: DesktopRow;
}

/** What test/bench/intake-worker.ts prints: the desktop intake under Node and its floors, each repeated. */
interface DesktopRow {
  readonly samples: number;
  readonly imports: readonly number[];
  readonly peakMemoryMB: number;
  readonly readHash: readonly number[];
  readonly decodeParse: readonly number[];
  readonly zstd: string;
  readonly node: string;
}

function range(values: readonly number[]): string {
  const low = round(Math.min(...values));
  const high = round(Math.max(...values));
  return low === high ? String(low) : `${low}–${high}`;
}

/** Whether each process seen is Chromium's, read once per process: the sampler itself should cost the machine little. */
const isChromium = new Map<string, boolean>();

function chromiumRssBytes(): number {
  let total = 0;
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      let chromium = isChromium.get(pid);
      if (chromium === undefined) isChromium.set(pid, (chromium = readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('chromium')));
      if (!chromium) continue;
      // statm's second field: pages resident.
      total += Number(readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1] ?? 0) * 4096;
    } catch {
      // The process ended while being read.
    }
  }
  return total;
}

async function importOnce(page: Page, log: GeneratedLog): Promise<{ seconds: number; peakBytes: number }> {
  await createBenchPacket(page, `Model ${log.sampleEpochs}`);
  const dialog = await chooseImport(page, log.path, 'Government-reproduced');
  await page.waitForTimeout(500);
  const baseline = chromiumRssBytes();
  let peak = baseline;
  const sampler = setInterval(() => (peak = Math.max(peak, chromiumRssBytes())), 50);
  // Memory is sampled until the import shows its result, not while the run's samples load after.
  page.on('console', (message) => {
    if (message.text() === 'bench: import shown') clearInterval(sampler);
  });
  // Timed in the page, from the click to the frame that shows the result: Playwright's own
  // polling would add up to half a second.
  await page.evaluate(() => {
    const timing = { clicked: 0, shown: 0 };
    Object.assign(window, { importTiming: timing });
    document.addEventListener('click', () => (timing.clicked ||= performance.now()), { capture: true });
    new MutationObserver(() => {
      const shown = [...document.querySelectorAll('[role=status]')].some((e) => e.textContent.includes('Imported 1 run'));
      if (shown && timing.shown === 0) {
        requestAnimationFrame(() => {
          timing.shown ||= performance.now();
          console.info('bench: import shown');
        });
      }
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  await dialog.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Imported 1 run' })).toBeVisible({ timeout: 10 * 60_000 });
  clearInterval(sampler);
  // The frame that shows the result may come just after Playwright sees it.
  await page.waitForFunction(() => (window as unknown as { importTiming: { shown: number } }).importTiming.shown > 0);
  const timing = await page.evaluate(() => (window as unknown as { importTiming: { clicked: number; shown: number } }).importTiming);
  expect(timing.clicked).toBeGreaterThan(0);
  expect(timing.shown).toBeGreaterThan(timing.clicked);
  const seconds = (timing.shown - timing.clicked) / 1000;
  await expect(page.getByRole('status').filter({ hasText: 'Imported 1 run' })).toContainText(log.sampleEpochs.toLocaleString('en-US'));
  return { seconds, peakBytes: peak - baseline };
}

test('import of generated .eval logs, against the floor', async ({ browser }) => {
  const floorBundle = path.join(work, 'floor.js');
  await build({ entryPoints: [path.join(root, 'test/bench/floor.ts')], bundle: true, format: 'iife', outfile: floorBundle, logLevel: 'warning' });
  const rows: Row[] = [];
  for (const samples of SIZES) {
    const log = await generateInspectLog(path.join(work, `cybench-${samples}.eval`), { samples, epochs: 1, compression: 'zstd', seed: 11 });

    const context = await browser.newContext();
    const page = await context.newPage();
    const { seconds, peakBytes } = await importOnce(page, log);
    await context.close();

    // The floors run in a page of their own (with the page's CSP off so the bench script can load).
    const floorContext = await browser.newContext({ bypassCSP: true });
    const floorPage = await floorContext.newPage();
    await floorPage.goto('/');
    await floorPage.addScriptTag({ path: floorBundle });
    await floorPage.evaluate(() => {
      const input = document.createElement('input');
      input.type = 'file';
      input.id = 'bench-file';
      document.body.append(input);
    });
    await floorPage.setInputFiles('#bench-file', log.path);
    const floor = await floorPage.evaluate(async () => {
      const file = (document.getElementById('bench-file') as HTMLInputElement).files?.[0];
      if (!file) throw new Error('no file');
      type Decompressed = Promise<{ ms: number; bytes: number }>;
      type Timed = (f: File) => Promise<number>;
      const bench = (globalThis as unknown as { benchFloor: { readOnly: Timed; readWhole: Timed; subtleHash: Timed; hashOnly: Timed; decompressImport(f: File): Decompressed; decompressAll(f: File): Decompressed } }).benchFloor;
      const read = await bench.readOnly(file);
      const readWhole = await bench.readWhole(file);
      const subtleHash = await bench.subtleHash(file);
      const hash = await bench.hashOnly(file);
      const importEntries = await bench.decompressImport(file);
      const decompress = await bench.decompressAll(file);
      return { read, readWhole, subtleHash, hash, importEntries, decompress };
    });
    await floorContext.close();

    // The desktop path: the same file through the desktop intake under Node, in a process of its own.
    let desktop: DesktopRow | undefined;
    await withBenchWorker(
      'intake-worker',
      (worker) => {
        const out = execFileSync(process.execPath, [worker, log.path, '3'], { encoding: 'utf8', env: { ...process.env, NODE_PATH: path.join(root, 'node_modules') } });
        desktop = JSON.parse(out) as DesktopRow;
        return Promise.resolve();
      },
      ['@bokuweb/zstd-wasm'],
    );
    if (!desktop) throw new Error('the desktop intake printed nothing');
    expect(desktop.samples).toBe(samples);

    rows.push({
      samples,
      fileMB: round(log.bytes / 1e6),
      importS: round(seconds),
      samplesPerS: Math.round(samples / seconds),
      peakMemoryMB: round(peakBytes / 1e6),
      readS: round(floor.read / 1000),
      hashS: round(floor.hash / 1000),
      importEntriesS: round(floor.importEntries.ms / 1000),
      importEntriesMB: round(floor.importEntries.bytes / 1e6),
      decompressS: round(floor.decompress.ms / 1000),
      decompressedMB: round(floor.decompress.bytes / 1e6),
      readWholeS: round(floor.readWhole / 1000),
      subtleHashS: round(floor.subtleHash / 1000),
      desktop,
    });
  }

  console.log('\nImport of generated cybench .eval logs (zstd), end to end in Chromium, and the floors on the same file:\n');
  console.table(
    rows.map((r) => ({
      samples: r.samples.toLocaleString('en-US'),
      'file MB': r.fileMB,
      'import s': r.importS,
      'samples/s': r.samplesPerS.toLocaleString('en-US'),
      'peak memory MB': r.peakMemoryMB,
      'floor: read s': r.readS,
      'floor: SHA-256 s': r.hashS,
      'floor: header+summaries s': r.importEntriesS,
      'summaries MB': r.importEntriesMB,
      'floor: every entry s': r.decompressS,
      'decompressed MB': r.decompressedMB,
      'floor: File.arrayBuffer s': r.readWholeS,
      'floor: read + subtle SHA-256 s': r.subtleHashS,
      // The hash and the parse run on two cores side by side: the slower of the two is the floor.
      'import ÷ floor': round(r.importS / Math.max(r.subtleHashS, r.importEntriesS)),
    })),
  );
  console.log('\nThe desktop intake (the utility-process code under Node), 3 runs each, and its floors in the same process:\n');
  console.table(
    rows.map(({ samples, desktop: d }) => ({
      samples: samples.toLocaleString('en-US'),
      'import s': range(d.imports),
      'samples/s': `${Math.round(samples / Math.max(...d.imports)).toLocaleString('en-US')}–${Math.round(samples / Math.min(...d.imports)).toLocaleString('en-US')}`,
      'peak memory MB': round(d.peakMemoryMB),
      'floor: read + OpenSSL SHA-256 s': range(d.readHash),
      [`floor: ${d.zstd} decode + JSON.parse of entries read s`]: range(d.decodeParse),
      'import ÷ floor': round(Math.min(...d.imports) / Math.max(Math.min(...d.readHash), Math.min(...d.decodeParse))),
      node: d.node,
    })),
  );
  const out = writeBenchResults('import', rows);
  console.log(`Written to ${out}`);
});
