import { useEffect, useMemo, useState } from 'react';
import { bootstrapKey, buildComparison, withBootstraps, type ComparedRun, type Comparison } from '../../../../shared/compare/comparison.js';
import type { SavedComparison } from '../../../../shared/compare/saved-comparison.js';
import type { DifferenceEstimate } from '../../../../shared/compare/statistics.js';
import type { Threshold } from '../../../../shared/thresholds/threshold.js';
import { useServices } from '../../app/services.js';
import { useThresholds } from '../../data/hooks.js';
import type { BootstrapJob, BootstrapResult } from './bootstrap.worker.js';

export type ComparisonState =
  | { readonly state: 'loading'; readonly loaded: number; readonly total: number }
  | { readonly state: 'failed'; readonly message: string }
  | { readonly state: 'ready'; readonly comparison: Comparison; readonly missing: number; readonly bootstrapsLeft: number };

/**
 * Loads a saved comparison's runs and their scores in columns (never every row: the per-sample
 * view fetches rows a chunk at a time, for what is on screen), builds the comparison, and runs
 * its paired bootstraps in a worker, filling them in as they finish.
 */
export function useComparison(saved: SavedComparison): ComparisonState {
  const { results, thresholds: thresholdStore } = useServices();
  const thresholds = useThresholds(thresholdStore);
  // Each held with the comparison it is of: another comparison starts from nothing, with no reset in the effect.
  const [loadedOf, setLoaded] = useState<{ readonly of: SavedComparison; readonly runs: LoadedRuns } | undefined>();
  const [progressOf, setProgress] = useState<{ readonly of: SavedComparison; readonly runs: number } | undefined>();
  const loaded = loadedOf?.of === saved ? loadedOf.runs : undefined;
  const progress = progressOf?.of === saved ? progressOf.runs : 0;

  useEffect(() => {
    const effect = { cancelled: false };
    void (async () => {
      try {
        // Each run and its score columns are read at once: the columns, a few megabytes per
        // hundred thousand samples, are what opening waits for.
        const loadedRuns = await Promise.all(
          saved.runIds.map(async (id) => {
            const [run, index] = await Promise.all([results.getRun(id), results.sampleIndex(id)]);
            if (!effect.cancelled) setProgress((p) => ({ of: saved, runs: (p?.of === saved ? p.runs : 0) + 1 }));
            return run && { run, index: run.sourceKind === 'results-table' ? null : (index ?? null) };
          }),
        );
        const compared = loadedRuns.filter((r) => r !== undefined);
        if (!effect.cancelled) setLoaded({ of: saved, runs: { compared, missing: loadedRuns.length - compared.length } });
      } catch (e) {
        if (!effect.cancelled) setLoaded({ of: saved, runs: { message: `The runs could not be loaded: ${e instanceof Error ? e.message : String(e)}` } });
      }
    })();
    return () => {
      effect.cancelled = true;
    };
  }, [results, saved]);

  const built = useMemo(() => {
    if (!loaded || 'message' in loaded || !thresholds) return undefined;
    if (loaded.compared.length < 2) return { message: `Only ${loaded.compared.length} of the ${saved.runIds.length} runs still exist; a comparison needs two.` };
    return { comparison: buildComparison(loaded.compared, thresholds satisfies readonly Threshold[]), missing: loaded.missing };
  }, [loaded, thresholds, saved.runIds.length]);

  const estimates = useBootstraps(built && 'comparison' in built ? built.comparison : undefined);

  // A new comparison object only when a bootstrap finishes: the views redraw on its identity.
  const comparison = useMemo(() => (built && 'comparison' in built ? withBootstraps(built.comparison, estimates) : undefined), [built, estimates]);
  if (loaded && 'message' in loaded) return { state: 'failed', message: loaded.message };
  if (built && 'message' in built) return { state: 'failed', message: built.message };
  if (!built || !comparison) return { state: 'loading', loaded: progress, total: saved.runIds.length };
  const left = comparison.groups.reduce((n, g) => n + g.differences.filter((d) => d?.bootstrap).length, 0);
  return { state: 'ready', comparison, missing: built.missing, bootstrapsLeft: left };
}

type LoadedRuns = { readonly compared: readonly ComparedRun[]; readonly missing: number } | { readonly message: string };

const NO_ESTIMATES: ReadonlyMap<string, DifferenceEstimate | null> = new Map();

function useBootstraps(comparison: Comparison | undefined): ReadonlyMap<string, DifferenceEstimate | null> {
  // Held with the comparison they are of: a new comparison starts with none, with no reset in the effect.
  const [estimatesOf, setEstimates] = useState<{ readonly of: Comparison; readonly estimates: ReadonlyMap<string, DifferenceEstimate | null> } | undefined>();
  useEffect(() => {
    const jobs: BootstrapJob[] = (comparison?.groups ?? []).flatMap((g) =>
      g.differences.flatMap((d) => (d?.bootstrap ? [{ key: bootstrapKey(g, d), differences: d.bootstrap }] : [])),
    );
    if (!comparison || jobs.length === 0) return;
    const worker = new Worker(new URL('./bootstrap.worker.ts', import.meta.url), { type: 'module', name: 'paired-bootstrap' });
    worker.onmessage = (event: MessageEvent<BootstrapResult>) => {
      const { key, estimate } = event.data;
      setEstimates((current) => ({ of: comparison, estimates: new Map(current?.of === comparison ? current.estimates : NO_ESTIMATES).set(key, estimate) }));
    };
    worker.postMessage(jobs);
    return () => worker.terminate();
  }, [comparison]);
  return estimatesOf && estimatesOf.of === comparison ? estimatesOf.estimates : NO_ESTIMATES;
}
