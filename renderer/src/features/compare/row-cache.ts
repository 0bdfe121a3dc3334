import { useMemo, useSyncExternalStore } from 'react';
import type { Comparison } from '../../../../shared/compare/comparison.js';
import type { BenchmarkRun, SampleRow } from '../../../../shared/results/benchmark-run.js';
import { chunkOf } from '../../../../shared/results/sample-index.js';
import type { ResultsStore } from '../../data/results-store.js';

/** Chunks kept at once: enough for every row on screen in any sort order, and little memory. */
const KEPT_CHUNKS = 96;

/**
 * Whole sample rows (answers, errors, where the transcript is) for the samples on screen. A
 * comparison works from the runs' score columns; rows are fetched a chunk at a time when a view
 * asks for one, and the least recently used chunks are let go, so no run is ever held whole.
 */
export class RowCache {
  private readonly chunks = new Map<string, readonly SampleRow[] | Promise<void>>();
  private readonly listeners = new Set<() => void>();
  private version = 0;

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

  /** The row at `position` of run `runIndex`, or undefined while its chunk loads (a render follows). */
  row(runIndex: number, position: number): SampleRow | undefined {
    const run = this.runs[runIndex];
    if (!run || position < 0) return undefined;
    const { chunk, offset } = chunkOf(position);
    const key = `${runIndex}:${chunk}`;
    const held = this.chunks.get(key);
    if (held !== undefined && !(held instanceof Promise)) {
      // Most recently used last.
      this.chunks.delete(key);
      this.chunks.set(key, held);
      return held[offset];
    }
    if (!held) {
      const loading = this.results.sampleChunk(run.id, chunk).then(
        (rows) => this.settle(key, rows),
        () => this.settle(key, []),
      );
      this.chunks.set(key, loading);
    }
    return undefined;
  }

  private settle(key: string, rows: readonly SampleRow[]): void {
    this.chunks.set(key, rows);
    while (this.chunks.size > KEPT_CHUNKS) {
      const oldest = this.chunks.keys().next().value;
      if (oldest === undefined) break;
      this.chunks.delete(oldest);
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
