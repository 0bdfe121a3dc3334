import { buildComparison, type ComparedRun } from '../compare/comparison.js';
import { formatP, pairedBootstrap, type DifferenceEstimate } from '../compare/statistics.js';
import { PROVENANCE_LABELS, type BenchmarkRun, type Provenance } from '../results/benchmark-run.js';
import { formatNumber } from '../thresholds/determination.js';
import type { Threshold } from '../thresholds/threshold.js';
import type { ReportReproduction } from './review-report.js';

type Row = Omit<ReportReproduction['rows'][number], 'marking' | 'portion'>;

/**
 * The developer's reported results against the government's reproduction: per benchmark, the
 * latest complete run of each, compared by the comparison engine (paired on the samples both
 * scored where it can, from the reported standard errors where it cannot), each metric they share
 * a row, flagged where they disagree beyond chance.
 */
export function reproductionRows(subject: readonly ComparedRun[], thresholds: readonly Threshold[]): { readonly rows: Row[]; readonly unpaired: ReportReproduction['unpaired'] } {
  const complete = subject.filter((r) => r.run.status === 'success');
  const benchmarks = [...new Set(complete.map((r) => r.run.benchmark))].sort();
  const rows: Row[] = [];
  const unpaired: { benchmark: string; has: string }[] = [];
  for (const benchmark of benchmarks) {
    const developer = latest(complete, benchmark, 'developer-reported');
    const government = latest(complete, benchmark, 'government-reproduced');
    if (!developer || !government) {
      const has = developer ?? government;
      if (has) unpaired.push({ benchmark, has: `${PROVENANCE_LABELS[has.run.provenance]} only (${has.run.source.fileName})` });
      continue;
    }
    const comparison = buildComparison([developer, government], thresholds);
    for (const group of comparison.groups) {
      const [dev, gov] = group.cells;
      const difference = group.differences[1];
      if (!dev || !gov || !difference) continue;
      const estimate = difference.estimate ?? (difference.bootstrap ? pairedBootstrap(difference.bootstrap) : null);
      const disagree = estimate !== null && estimate.p < 0.05 && (estimate.interval[0] > 0 || estimate.interval[1] < 0);
      rows.push({
        task: group.task,
        benchmark,
        scorer: group.scorer,
        metric: group.metric,
        developer: side(developer.run, dev),
        government: side(government.run, gov),
        difference: gov.value - dev.value,
        interval: estimate && ([estimate.interval[0], estimate.interval[1]] as [number, number]),
        p: estimate?.p ?? null,
        method: estimate?.method ?? null,
        sharedSamples: difference.shared,
        disagree,
        proportion: group.proportion,
        words: inWords(gov.value - dev.value, estimate, group.proportion, disagree),
      });
    }
  }
  return { rows, unpaired };
}

function latest(runs: readonly ComparedRun[], benchmark: string, provenance: Provenance): ComparedRun | undefined {
  return runs.filter((r) => r.run.benchmark === benchmark && r.run.provenance === provenance).sort((a, b) => b.run.importedAt.localeCompare(a.run.importedAt))[0];
}

function side(run: BenchmarkRun, cell: { readonly value: number; readonly stderr: number | null; readonly n: number | null }) {
  return { runId: run.id, fileName: run.source.fileName, value: cell.value, stderr: cell.stderr, n: cell.n };
}

const METHOD_WORDS = { mcnemar: 'McNemar exact test on the shared samples', bootstrap: 'paired bootstrap on the shared samples', unpaired: 'from the reported standard errors' } as const;

function inWords(difference: number, estimate: DifferenceEstimate | null, proportion: boolean, disagree: boolean): string {
  const scale = proportion ? 100 : 1;
  const amount = (v: number) => (proportion ? `${(Math.round(Math.abs(v) * scale * 10) / 10).toFixed(1)} points` : formatNumber(Math.abs(v)));
  const direction = difference === 0 ? 'the same as' : `${amount(difference)} ${difference > 0 ? 'higher than' : 'lower than'}`;
  const lead = `The government reproduction scores ${direction} the developer's report`;
  if (!estimate) return `${lead}; nothing supports a test of the difference (no shared samples and no standard errors).`;
  // Points to a tenth, as the compare view gives them; other scales as measured.
  const bound = (v: number) => (proportion ? (Math.round(v * scale * 10) / 10).toFixed(1) : formatNumber(v));
  const interval = `95% interval ${bound(estimate.interval[0])} to ${bound(estimate.interval[1])}${proportion ? ' points' : ''}`;
  return `${lead} (${interval}; ${METHOD_WORDS[estimate.method]}, ${formatP(estimate.p)}): ${disagree ? 'they disagree beyond chance.' : 'within what chance alone would give.'}`;
}
