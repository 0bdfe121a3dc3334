import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, type Page } from '@playwright/test';
import { build } from 'esbuild';

/** Steps the benchmarks share: a packet to import into, and an import through the dialog. */
export async function createBenchPacket(page: Page, modelName: string): Promise<void> {
  await page.goto('/');
  await page.getByRole('button', { name: 'New packet' }).first().click();
  await page.getByLabel('AI developer').fill('Bench Lab');
  await page.getByLabel('Model name').fill(modelName);
  await page.getByLabel('Version or snapshot id').fill('v1');
  await page.getByLabel('Planned public release').fill('2026-12-15');
  await page.getByRole('checkbox', { name: 'NSA', exact: true }).check();
  await page.getByRole('button', { name: 'Create packet' }).click();
  await page.getByRole('tab', { name: 'Results' }).click();
}

/** Opens the import dialog with the file chosen, ready for the Import button. */
export async function chooseImport(page: Page, file: string, provenance: 'Developer-reported' | 'Government-reproduced') {
  await page.getByRole('button', { name: 'Import results…' }).click();
  const dialog = page.getByRole('dialog', { name: /Import results/ });
  await dialog.getByLabel(/Results file/).setInputFiles(file);
  await dialog.getByRole('radio', { name: provenance }).check();
  return dialog;
}

export async function importLog(page: Page, file: string, provenance: 'Developer-reported' | 'Government-reproduced'): Promise<void> {
  const dialog = await chooseImport(page, file, provenance);
  await dialog.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(dialog).toBeHidden({ timeout: 10 * 60_000 });
}

/** Writes a benchmark's rows, with the machine and browser they were measured on, under test/bench/results/. */
export function writeBenchResults(name: string, rows: readonly object[]): string {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  mkdirSync(path.join(root, 'test/bench/results'), { recursive: true });
  const out = path.join(root, 'test/bench/results', `${name}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  const chromium = execFileSync('/usr/bin/chromium', ['--version'], { encoding: 'utf8' }).trim();
  writeFileSync(out, JSON.stringify({ at: new Date().toISOString(), machine: { cpus: cpus().length, cpu: cpus()[0]?.model, memoryGB: round(totalmem() / 2 ** 30) }, chromium, rows }, null, 2));
  return path.relative(root, out);
}

export function round(n: number): number {
  return Math.round(n * 100) / 100;
}

/**
 * Runs `body` with `test/bench/<name>.ts` built for plain Node into a work folder of its own, which
 * is removed afterwards: benchmarks that need a process (and so a peak memory, or a heap) of their own.
 * `external` packages are left out of the build and loaded from node_modules (a WebAssembly build
 * that finds its .wasm beside its own script).
 */
export async function withBenchWorker(name: string, body: (worker: string, work: string) => Promise<void>, external: readonly string[] = []): Promise<void> {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const work = mkdtempSync(path.join(tmpdir(), `frontier-review-${name}-`));
  try {
    const worker = path.join(work, `${name}.cjs`);
    await build({ entryPoints: [path.join(root, 'test/bench', `${name}.ts`)], bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile: worker, logLevel: 'warning', external: [...external] });
    await body(worker, work);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
