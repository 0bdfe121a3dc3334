import Papa from 'papaparse';
import { describeMetric, runLetter, type Comparison, type JoinedSample } from '../../../../shared/compare/comparison.js';
import { bannerOf, commingle, portionMark, type Marking } from '../../../../shared/marking/marking.js';
import { PROVENANCE_LABELS, type SampleRow } from '../../../../shared/results/benchmark-run.js';
import { answerOf, problemOf } from './sample-cells.js';
import { formatScore } from '../results/format-results.js';

/**
 * A comparison as CSV for spreadsheets: the summary (one line per run and metric) or the
 * per-sample rows. Each line carries its run's portion mark (the export gateway adds the banner as
 * the first and last line), and cells a spreadsheet would run as formulas are escaped.
 */
/** What a comparison shows, for the banner: its runs, and the thresholds it places them against. */
export function comparisonMarking(comparison: Comparison): Marking {
  return bannerOf([...comparison.runs.map((r) => r.marking), ...comparison.groups.flatMap((g) => g.thresholds.map((t) => t.threshold.marking))]);
}

export function summaryToCsv(comparison: Comparison): string {
  const data: (string | number)[][] = [];
  for (const group of comparison.groups) {
    for (const [i, cell] of group.cells.entries()) {
      const run = comparison.runs[i];
      if (!cell || !run) continue;
      const d = group.differences[i];
      const e = d?.estimate;
      data.push([
        // The row shows the run's numbers and the values of the thresholds it is placed against; its portion mark keeps their CUI.
        portionMark(commingle([run.marking, ...group.thresholds.map((t) => t.threshold.marking)])),
        group.task,
        describeMetric(group),
        runLetter(i),
        run.model,
        PROVENANCE_LABELS[run.provenance],
        run.source.fileName,
        number(cell.value),
        number(cell.stderr),
        number(cell.interval?.[0]),
        number(cell.interval?.[1]),
        d ? runLetter(d.baselineIndex) : '',
        number(e?.estimate),
        number(e?.interval[0]),
        number(e?.interval[1]),
        number(e?.p),
        e ? { mcnemar: 'McNemar exact', bootstrap: 'Paired bootstrap', unpaired: 'Unpaired z' }[e.method] : '',
        d?.shared ?? '',
        group.thresholds
          .filter((t) => t.crossed[i] === true)
          .map((t) => `${t.threshold.direction === 'higher' ? '≥' : '≤'} ${t.threshold.value}`)
          .join('; '),
        group.flags.join(' '),
      ]);
    }
  }
  const fields = ['Marking', 'Task', 'Metric', 'Run', 'Model', 'Provenance', 'File', 'Value', 'Stderr', '95% CI low', '95% CI high', 'Compared with', 'Difference', 'Difference CI low', 'Difference CI high', 'p', 'Test', 'Shared samples', 'Thresholds reached', 'Not comparable because'];
  return Papa.unparse({ fields, data }, { escapeFormulae: true, newline: '\r\n' });
}

/** The per-sample rows; `rowsByRun` holds each run's rows in the order of its score columns. */
export function samplesToCsv(comparison: Comparison, samples: readonly JoinedSample[], rowsByRun: readonly (readonly SampleRow[] | null)[]): string {
  const runs = comparison.runs;
  const fields = ['Marking', 'Task', 'Sample', 'Epoch', 'Runs disagree', ...runs.flatMap((_, i) => [`${runLetter(i)} score`, `${runLetter(i)} answer`, `${runLetter(i)} error`])];
  const data = samples.map((s) => [
    portionMark(commingle(runs.filter((_, i) => (s.positions[i] ?? -1) >= 0).map((r) => r.marking))),
    s.task,
    String(s.id),
    s.epoch,
    s.disagree ? 'yes' : 'no',
    ...runs.flatMap((_, i) => {
      const row = rowsByRun[i]?.[s.positions[i] ?? -1];
      const scorer = comparison.primaryScorers[i] ?? null;
      const score = row && scorer ? row.scores[scorer] : undefined;
      return [score ? formatScore(score.value) : '', row ? answerOf(row, scorer) : '', row ? problemOf(row) : ''];
    }),
  ]);
  return Papa.unparse({ fields, data }, { escapeFormulae: true, newline: '\r\n' });
}

function number(n: number | null | undefined): string | number {
  return n === null || n === undefined || Number.isNaN(n) ? '' : n;
}
