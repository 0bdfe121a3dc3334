import { describe, expect, it } from 'vitest';
import { buildComparison } from '../../../../shared/compare/comparison.js';
import type { SampleRow } from '../../../../shared/results/benchmark-run.js';
import { sampleIndexOf } from '../../../../shared/results/sample-index.js';
import { benchmarkRun, gradedRows } from '../../../../test/fixtures/benchmark-runs.js';
import type { ResultsStore } from '../../data/results-store.js';
import { RowCache } from './row-cache.js';

/** A store that serves chunks of made-up rows and counts the fetches. */
function countingStore(): { store: ResultsStore; fetches: () => number; failing: Set<number> } {
  let fetches = 0;
  const failing = new Set<number>();
  const store = {
    sampleChunk: (_runId: string, chunk: number): Promise<readonly SampleRow[]> => {
      fetches++;
      if (failing.has(chunk)) return Promise.reject(new Error('gone'));
      return Promise.resolve(gradedRows('C'.repeat(1000)).map((r, i) => ({ ...r, id: `c${chunk}-${i}` })));
    },
  } as unknown as ResultsStore;
  return { store, fetches: () => fetches, failing };
}

const settled = () => new Promise((resolve) => setTimeout(resolve, 0));
const comparison = buildComparison(
  [
    { run: benchmarkRun({ id: 'a' }), index: sampleIndexOf(gradedRows('C')) },
    { run: benchmarkRun({ id: 'b' }), index: sampleIndexOf(gradedRows('C')) },
  ],
  [],
);

describe('rows fetched for the screen', () => {
  it('keeps every chunk a draw asks for, even more than it keeps otherwise, and settles', async () => {
    const { store, fetches } = countingStore();
    const cache = new RowCache(store, comparison.runs, comparison.primaryScorers);
    // One draw that needs 150 chunks (rows scattered across the runs), drawn again as chunks arrive.
    const draw = () => Array.from({ length: 150 }, (_, i) => cache.row(i % 2, i * 1000 + 5));
    draw();
    await settled();
    const rows = draw();
    await settled();
    expect(rows.every((r) => r?.id !== undefined)).toBe(true);
    expect(fetches()).toBe(150);
    expect(draw().every((r) => r !== undefined)).toBe(true);
    expect(fetches()).toBe(150);
  });

  it('lets go of chunks no longer drawn, and says when a chunk cannot be read', async () => {
    const { store, fetches, failing } = countingStore();
    failing.add(7);
    const cache = new RowCache(store, comparison.runs, comparison.primaryScorers);
    for (let chunk = 0; chunk < 200; chunk++) cache.row(0, chunk * 1000);
    await settled();
    // The next draw shows chunk 199, the failed chunk 7, and a new chunk 200, whose arrival makes room.
    cache.row(0, 199_000);
    expect(cache.row(0, 7_000)).toBeNull();
    cache.row(0, 200_000);
    await settled();
    expect(cache.row(0, 199_000)).not.toBeUndefined();
    // Chunk 0 was let go (not drawn since), so asking for it again fetches it again.
    const before = fetches();
    expect(cache.row(0, 0)).toBeUndefined();
    expect(fetches()).toBe(before + 1);
  });
});
