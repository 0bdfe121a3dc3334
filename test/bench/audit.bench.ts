import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect, test } from '@playwright/test';
import { round, withBenchWorker, writeBenchResults } from './bench-app.js';

/**
 * `npm run bench`: the review history at 1,000,000 events (BENCH_AUDIT_EVENTS to change it).
 * Appending seals each event as the data layer does; verifying recomputes every leaf and the tree
 * and checks the last signed head, as the integrity panel does. Beside them, SHA-256 alone over the
 * same bytes: the floor. Targets: verify 1,000,000 events in under 3 s; appending adds under 1 ms
 * to an edit.
 */

const EVENTS = Number(process.env.BENCH_AUDIT_EVENTS ?? 1_000_000);

interface Timings {
  readonly count: number;
  readonly totalBytes: number;
  readonly sealMs: number;
  readonly worstMs: number;
  readonly verifyMs: number;
  readonly nobleMs: number;
  readonly nativeMs: number;
  readonly maxRssMiB: number;
}

test('review history: append and verify a million events, against SHA-256 alone', async () => {
  test.setTimeout(30 * 60_000);
  await withBenchWorker('audit-worker', async (worker) => {
    const { stdout } = await promisify(execFile)(process.execPath, ['--max-old-space-size=12288', worker, String(EVENTS)], { maxBuffer: 1 << 20 });
    const t = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as Timings;
    const row = (operation: string, ms: number, extra: object = {}) => ({ operation, events: t.count, seconds: round(ms / 1000), eventsPerS: Math.round(t.count / (ms / 1000)), ...extra });
    const rows = [
      row('append (seal each event as an edit does)', t.sealMs, { msPerEvent: round(t.sealMs / t.count), worstMs: round(t.worstMs) }),
      row('verify (every leaf, the tree, the last signed head)', t.verifyMs),
      row('floor: SHA-256 of the same bytes (@noble/hashes, as verify uses)', t.nobleMs),
      row('floor: SHA-256 of the same bytes (Node, OpenSSL)', t.nativeMs),
    ];
    console.log(`\nReview history of ${t.count.toLocaleString('en-US')} events (${round(t.totalBytes / 2 ** 20)} MiB of canonical JSON), peak ${round(t.maxRssMiB)} MiB:\n`);
    console.table(rows);
    console.log(`Results: ${writeBenchResults('audit', rows)}`);
    expect(t.verifyMs).toBeGreaterThan(0);
  });
});
