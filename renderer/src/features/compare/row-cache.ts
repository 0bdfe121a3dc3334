import { useMemo, useSyncExternalStore } from 'react';
import type { Comparison } from '../../../../shared/compare/comparison.js';
import type { BenchmarkRun, SampleRow } from '../../../../shared/results/benchmark-run.js';
import { chunkOf } from '../../../../shared/results/sample-index.js';
import type { ResultsStore } from '../../data/results-store.js';

/** Chunks kept beyond those on screen: a little scrolling back and forth fetches nothing. */
const KEPT_CHUNKS = 96;

type Held = { rows: readonly SampleRow[] | 'failed' | Promise<void>; usedIn: number };

/**
 * Whole sample rows (answers, errors, where the transcript is) for the samples on screen. A
 * comparison works from the runs' score columns; rows are fetched a chunk at a time when a view
 * asks for one, and chunks not asked for since the last draw are let go beyond KEPT_CHUNKS, so no
 * run is ever held whole, and whatever is on screen is never dropped while it is drawn.
 */
export class RowCache {
  private readonly chunks = new Map<string, Held>();
  private readonly listeners = new Set<() => void>();
  // Bumped as chunks arrive; each draw asks for its chunks at the version it drew.
  private version = 0;
  // The version of the latest draw: chunks asked for in it are never evicted.
  private drawn = 0;

  constructor(
    private readonly results: ResultsStore,
    private readonly runs: readonly BenchmarkRun[],
    private readonly primaryScorers: readonly (string | null)[],
  ) {}

  /** The scorer whose answer a run's rows show: its main one. */
  scorerOf(runIndex: number): string | null {
    return this.primaryScorers[runIndex] ?? null;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  snapshot = (): number => this.version;

  /** The row at `position` of run `runIndex`; undefined while its chunk loads (a draw follows), null if it could not be read. */
  row(runIndex: number, position: number): SampleRow | null | undefined {
    const run = this.runs[runIndex];
    if (!run || position < 0) return undefined;
    const { chunk, offset } = chunkOf(position);
    const key = `${runIndex}:${chunk}`;
    this.drawn = this.version;
    const held = this.chunks.get(key);
    if (held) {
      held.usedIn = this.version;
      if (held.rows === 'failed') return null;
      if (held.rows instanceof Promise) return undefined;
      return held.rows[offset] ?? null;
    }
    const loading = this.results.sampleChunk(run.id, chunk).then(
      (rows) => this.settle(key, rows),
      () => this.settle(key, 'failed'),
    );
    this.chunks.set(key, { rows: loading, usedIn: this.version });
    return undefined;
  }

  private settle(key: string, rows: readonly SampleRow[] | 'failed'): void {
    const held = this.chunks.get(key);
    // Newest last, so the oldest go first.
    this.chunks.delete(key);
    this.chunks.set(key, { rows, usedIn: held?.usedIn ?? this.version });
    for (const [candidate, entry] of this.chunks) {
      if (this.chunks.size <= KEPT_CHUNKS) break;
      if (entry.usedIn < this.drawn && !(entry.rows instanceof Promise)) this.chunks.delete(candidate);
    }
    this.version++;
    for (const listener of this.listeners) listener();
  }
}

/** A comparison's row cache; components using it re-render as the chunks they asked for arrive. */
export function useRowCache(results: ResultsStore, comparison: Comparison): { readonly cache: RowCache; readonly version: number } {
  // Keyed on the runs, which stay the same object while bootstraps fill in the statistics.
  const { runs, primaryScorers } = comparison;
  const cache = useMemo(() => new RowCache(results, runs, primaryScorers), [results, runs, primaryScorers]);
  const version = useSyncExternalStore(cache.subscribe, cache.snapshot);
  return { cache, version };
}
