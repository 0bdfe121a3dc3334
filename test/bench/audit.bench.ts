import os from 'node:os';
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, test } from '@playwright/test';
import { build } from 'esbuild';
import { cliBuildOptions } from '../../build/scripts/build-electron.mjs';
import { round, withBenchWorker, writeBenchResults } from './bench-app.js';

/**
 * `npm run bench`: verifying the review history of 1,000,000 events (BENCH_AUDIT_EVENTS to change
 * it), each figure beside the floor of its path, reading the blocks alone, and as a ratio to it:
 *
 * - the command line (Node): `frontier-review audit verify` over an export of every event (version 2,
 *   each line ending with the event's bytes as sealed), against reading the file; with the compute
 *   floors (one bulk SHA-256 of the file by OpenSSL; every leaf and node by the batched WebAssembly
 *   hasher on one thread, nothing read);
 * - the browser build's integrity panel: the app's verification worker over the stored pages, with
 *   and without the second worker, against reading the same pages;
 * - routine checks after new edits, which read only the events after the tree verified last.
 *
 * Targets: 1,000,000 events in under 3 s on the command line and under 6 s in the browser; a
 * routine check in under 100 ms. Other work on the machine slows every figure, floors included.
 */

const EVENTS = Number(process.env.BENCH_AUDIT_EVENTS ?? 1_000_000);
const REPEAT = Number(process.env.BENCH_AUDIT_REPEAT ?? 3);
const EDITS = 5;
const root = fileURLToPath(new URL('../..', import.meta.url));

interface Run {
  readonly ms: number;
  readonly runs: readonly number[];
}

/** What test/bench/audit-worker.ts prints. */
interface NodeTimings {
  readonly count: number;
  readonly fileBytes: number;
  readonly eventBytes: number;
  readonly append: { readonly msPerEvent: number; readonly worstMs: number };
  readonly read: Run;
  readonly native: Run;
  readonly batched: Run;
  readonly oneThread: Run;
  readonly threads: Run;
  readonly commandLine: Run;
  readonly maxRssMiB: number;
}

interface BenchAudit {
  fill(name: string, count: number): Promise<{ ms: number; pageBytes: number }>;
  readFloor(name: string, fromSeq?: number): Promise<number>;
  verify(name: string, workerUrl: string, full: boolean, twoWorkers: boolean): Promise<{ ms: number; verdict: { ok: boolean; size: number; checkedFrom?: number; reason?: string } }>;
  routine(name: string): Promise<{ ms: number; verdict: { ok: boolean; size: number; checkedFrom?: number } | undefined }>;
  edit(name: string, edits: number): Promise<{ msPerEdit: number; firstNew: number }>;
  verifiedSize(name: string): Promise<number | undefined>;
  engine(): Promise<string>;
  exportHistory(name: string, every: boolean): Promise<{ ms: number; bytes: number; events: number }>;
}
declare const benchAudit: BenchAudit;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

async function repeated(body: () => Promise<number>): Promise<Run> {
  const runs: number[] = [];
  for (let i = 0; i < REPEAT; i++) runs.push(await body());
  return { ms: median(runs), runs: runs.map(Math.round) };
}

/** A table row: the median, the runs, and the ratio to the floor of its path. */
function row(what: string, run: Run, floor: Run, extra: object = {}) {
  return { what, seconds: round(run.ms / 1000), runs: run.runs.join(' / '), xFloor: round(run.ms / floor.ms), ...extra };
}

test('review history: verify a million events on the command line, in the browser, and routinely after edits, each against reading its blocks', async ({ browser }) => {
  test.setTimeout(60 * 60_000);
  // Each figure sits beside its floor, measured in the same run: on a busy machine both move together.
  const note = `${os.availableParallelism()} cores, load ${os.loadavg()[0]?.toFixed(1) ?? '?'} when measured; each figure beside its floor from the same run`;

  // ----- The command line (Node) -----
  let node: NodeTimings | undefined;
  await withBenchWorker('audit-worker', async (worker, work) => {
    const cli = path.join(work, 'frontier-review.cjs');
    await build({ ...cliBuildOptions, outfile: cli, sourcemap: false, logLevel: 'warning' });
    const hashThread = path.join(work, 'audit-hash-worker.cjs');
    await build({ entryPoints: [path.join(root, 'electron/cli/audit-hash-worker.ts')], bundle: true, platform: 'node', format: 'cjs', outfile: hashThread, logLevel: 'warning' });
    const { stdout } = await promisify(execFile)(process.execPath, ['--max-old-space-size=12288', worker, String(EVENTS), work, cli, hashThread], { maxBuffer: 1 << 20, env: { ...process.env, BENCH_AUDIT_REPEAT: String(REPEAT) } });
    node = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as NodeTimings;
  });
  if (!node) throw new Error('The command line benchmark printed nothing.');
  const t = node;
  const cliRows = [
    row('floor: read the export (8 MiB at a time)', t.read, t.read, { MiBps: Math.round(t.fileBytes / 2 ** 20 / (t.read.ms / 1000)) }),
    row('compute floor: one SHA-256 of the whole file (OpenSSL)', t.native, t.read),
    row('compute floor: every leaf and node, batched WebAssembly, one thread, nothing read', t.batched, t.read),
    row('verify, pages checked in this thread', t.oneThread, t.read),
    row('verify, pages checked in threads (one a core)', t.threads, t.read),
    row('frontier-review audit verify (a process, end to end)', t.commandLine, t.read),
  ];
  console.log(`\nThe command line, ${t.count.toLocaleString('en-US')} events (${round(t.fileBytes / 2 ** 20)} MiB export, ${round(t.eventBytes / 2 ** 20)} MiB of them the events' bytes), peak ${round(t.maxRssMiB)} MiB; ${note}:\n`);
  console.table(cliRows);
  console.log(`Appending (sealing an event as an edit does, on ${Math.min(EVENTS, 2000)} events): ${round(t.append.msPerEvent)} ms each, worst ${round(t.append.worstMs)} ms.`);

  // ----- The browser build -----
  const pageScript = path.join(root, 'test-results', 'bench', 'audit-page.js');
  await build({ entryPoints: [path.join(root, 'test/bench/audit-page.ts')], bundle: true, format: 'iife', outfile: pageScript, logLevel: 'warning' });
  const workerFile = readdirSync(path.join(root, 'dist/renderer/assets')).find((f) => /^verify-history\.worker-.*\.js$/.test(f));
  if (!workerFile) throw new Error('The built renderer has no verification worker: run npm run build:renderer.');
  const context = await browser.newContext({ bypassCSP: true });
  const page = await context.newPage();
  await page.goto('/');
  await page.addScriptTag({ path: pageScript });
  const name = 'frontier-review-bench-history';
  const workerUrl = `./assets/${workerFile}`;
  const filled = await page.evaluate(([n, count]) => benchAudit.fill(n, count), [name, EVENTS] as const);
  const engine = await page.evaluate(() => benchAudit.engine());
  const readFloor = await repeated(() => page.evaluate((n) => benchAudit.readFloor(n), name));
  const verifyWith = (twoWorkers: boolean) =>
    repeated(async () => {
      const { ms, verdict } = await page.evaluate(([n, url, two]) => benchAudit.verify(n, url, true, two), [name, workerUrl, twoWorkers] as const);
      expect(verdict, 'the benchmark history verifies').toMatchObject({ ok: true, size: EVENTS });
      return ms;
    });
  const twoWorkers = await verifyWith(true);
  const oneWorker = await verifyWith(false);
  // The export with proofs, as the history page saves it: the whole history is larger than a string holds.
  let exported = { bytes: 0, events: 0 };
  const exportWith = (every: boolean) =>
    repeated(async () => {
      const { ms, ...rest } = await page.evaluate(([n, all]) => benchAudit.exportHistory(n, all), [name, every] as const);
      exported = rest;
      return ms;
    });
  const exportEvery = await exportWith(true);
  const everyBytes = exported.bytes;
  expect(exported.events, 'the export holds every event').toBe(EVENTS);
  const exportSome = await exportWith(false);
  const browserRows = [
    row('floor: read the pages (and the events after them), a few ahead', readFloor, readFloor, { MiBps: Math.round(filled.pageBytes / 2 ** 20 / (readFloor.ms / 1000)) }),
    row('"Verify everything again": read and hash in the verification worker', oneWorker, readFloor),
    row('"Verify everything again" (the panel\'s): whole pages hashed in a second worker while it keeps up', twoWorkers, readFloor),
    row(`export every event with its bytes (${round(everyBytes / 2 ** 20)} MiB, in pieces)`, exportEvery, readFloor, { MiBps: Math.round(everyBytes / 2 ** 20 / (exportEvery.ms / 1000)) }),
    row(`export one event in a thousand (${exported.events.toLocaleString('en-US')}), each with its proof`, exportSome, readFloor),
  ];
  console.log(`\nThe browser build's integrity panel (Chromium), ${EVENTS.toLocaleString('en-US')} events in ${Math.ceil(EVENTS / 1024)} pages (${round(filled.pageBytes / 2 ** 20)} MiB, stored in ${round(filled.ms / 1000)} s), hashing in ${engine}; ${note}:\n`);
  console.table(browserRows);

  // ----- Routine checks after edits -----
  const routineRuns: number[] = [];
  const routineFloors: number[] = [];
  const editRuns: number[] = [];
  for (let i = 0; i < REPEAT; i++) {
    const verifiedBefore = await page.evaluate((n) => benchAudit.verifiedSize(n), name);
    const { msPerEdit, firstNew } = await page.evaluate(([n, k]) => benchAudit.edit(n, k), [name, EDITS] as const);
    editRuns.push(msPerEdit);
    routineFloors.push(await page.evaluate(([n, from]) => benchAudit.readFloor(n, from), [name, firstNew] as const));
    const { ms, verdict } = await page.evaluate((n) => benchAudit.routine(n), name);
    expect(verdict, 'a routine check reads only the events after the tree verified last').toMatchObject({ ok: true, checkedFrom: (verifiedBefore ?? 0) + 1 });
    routineRuns.push(ms);
  }
  const routine = { ms: median(routineRuns), runs: routineRuns.map(Math.round) };
  const routineFloor = { ms: median(routineFloors), runs: routineFloors.map(Math.round) };
  const routineRows = [
    row(`floor: read the ${EDITS} events recorded since`, routineFloor, routineFloor),
    row(`routine check after ${EDITS} edits (the integrity panel's, in the page)`, routine, routineFloor, { ms: Math.round(routine.ms) }),
  ];
  console.log(`\nRoutine checks after new edits, on the history of ${EVENTS.toLocaleString('en-US')} events (each edit made through the data layer: ${round(median(editRuns))} ms); ${note}:\n`);
  console.table(routineRows);
  await context.close();

  console.log(`Results: ${writeBenchResults('audit', [...cliRows.map((r) => ({ path: 'command line', ...r })), ...browserRows.map((r) => ({ path: 'browser', ...r })), ...routineRows.map((r) => ({ path: 'routine', ...r }))])}`);
});
