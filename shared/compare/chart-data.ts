import { SAMPLE_ERRORED } from '../results/sample-index.js';
import type { DifferenceMethod } from './statistics.js';
import { runLetter, type Comparison, type SummaryGroup } from './comparison.js';

/**
 * What the comparison's charts draw, computed once and shared by the chart and its table
 * alternative, so both always say the same: each run's difference from the baseline with its
 * interval (a forest plot), and for pass/fail benchmarks which run solved which challenge.
 */

/** One line of a forest plot: a run's difference from the baseline, on the scale the summary uses (points for proportions). */
export interface ForestRow {
  readonly runIndex: number;
  readonly letter: string;
  readonly estimate: number;
  readonly low: number;
  readonly high: number;
  readonly p: number;
  readonly method: DifferenceMethod;
  /** The interval leaves zero out: the runs differ beyond chance at the 95% level. */
  readonly beyondChance: boolean;
}

/** Where a threshold falls on the difference scale: how far the baseline is from reaching it. */
export interface ForestThreshold {
  readonly id: string;
  readonly offset: number;
  readonly label: string;
}

export interface Forest {
  readonly baselineIndex: number;
  /** "points" for proportions, where a difference of 0.05 reads as 5 points; else the metric's own unit. */
  readonly unit: 'points' | null;
  readonly rows: readonly ForestRow[];
  readonly thresholds: readonly ForestThreshold[];
}

/** The forest of one summary group, or null while no difference is estimated (a lone run, bootstraps still running). */
export function forestOf(group: SummaryGroup): Forest | null {
  const scale = group.proportion ? 100 : 1;
  const rows: ForestRow[] = [];
  let baselineIndex = -1;
  for (const d of group.differences) {
    if (!d?.estimate) continue;
    baselineIndex = d.baselineIndex;
    const { estimate, interval, p, method } = d.estimate;
    const [low, high] = [interval[0] * scale, interval[1] * scale];
    rows.push({ runIndex: d.runIndex, letter: runLetter(d.runIndex), estimate: estimate * scale, low, high, p, method, beyondChance: low > 0 || high < 0 });
  }
  if (rows.length === 0) return null;
  const baseline = group.cells[baselineIndex];
  const thresholds =
    baseline && Number.isFinite(baseline.value)
      ? group.thresholds.map((t) => {
          const offset = (t.threshold.value - baseline.value) * scale;
          const sign = t.threshold.direction === 'higher' ? '≥' : '≤';
          return { id: t.threshold.id, offset, label: `threshold ${sign} ${t.threshold.value}` };
        })
      : [];
  return { baselineIndex, unit: group.proportion ? 'points' : null, rows, thresholds };
}

export type SolveOutcome = 'solved' | 'failed' | 'errored' | 'missing';

export interface SolveRow {
  /** The sample's id, with its epoch when the runs scored it more than once. */
  readonly challenge: string;
  readonly outcomes: readonly SolveOutcome[];
  readonly solvedBy: number;
  /**
   * Per run: the challenge is one of the discordant pairs McNemar's test counts against the
   * baseline (one of the two solved it, the other failed it). False for the baseline itself, and
   * for a run the summary did not test with McNemar.
   */
  readonly discordant: readonly boolean[];
}

export interface SolveMatrix {
  readonly baselineIndex: number;
  readonly rows: readonly SolveRow[];
  /** Per run: challenges solved, failed, errored and missing. */
  readonly totals: readonly Readonly<Record<SolveOutcome, number>>[];
}

/**
 * Challenges × runs for a pass/fail group (every score 0 or 1, as a CTF's solved or not), or
 * null when the group is not pass/fail or no run has per-sample scores. A sample counts by its score,
 * as the summary's tests count it, even if it also errored; one that errored with no score is
 * errored; a run that never ran the challenge has it missing.
 */
export function solveMatrixOf(comparison: Comparison, group: SummaryGroup): SolveMatrix | null {
  const columns = comparison.indexes.map((index) => {
    const scorer = index?.scorers.indexOf(group.scorer) ?? -1;
    return index && scorer >= 0 ? { values: index.scores[scorer], flags: index.flags } : null;
  });
  if (columns.every((c) => !c?.values)) return null;
  const samples = comparison.samples.filter((s) => s.task === group.task);
  const epochs = new Set(samples.map((s) => s.epoch));
  const rows: SolveRow[] = [];
  for (const sample of samples) {
    const outcomes = columns.map((column, i): SolveOutcome | 'other' => {
      const position = sample.positions[i] ?? -1;
      const value = position >= 0 ? column?.values?.[position] : undefined;
      if (position < 0 || !column?.values) return 'missing';
      // A score counts as the comparison's tests count it, error or not; an error without one is errored.
      if (value === undefined || Number.isNaN(value)) return ((column.flags[position] ?? 0) & SAMPLE_ERRORED) !== 0 ? 'errored' : 'missing';
      return value === 1 ? 'solved' : value === 0 ? 'failed' : 'other';
    });
    // A score between 0 and 1 (partial credit) is not pass/fail: no solve matrix for this group.
    if (outcomes.includes('other')) return null;
    const known = outcomes as SolveOutcome[];
    rows.push({ challenge: epochs.size > 1 ? `${sample.id} (epoch ${sample.epoch})` : String(sample.id), outcomes: known, solvedBy: known.filter((o) => o === 'solved').length, discordant: [] });
  }
  if (rows.length === 0) return null;
  const baselineIndex = group.differences.find((d) => d !== null)?.baselineIndex ?? Math.max(0, columns.findIndex((c) => c?.values));
  // Outlined only where the summary tested the run with McNemar, on one epoch: there each row is one
  // of its pairs. (Over several epochs it pairs samples, their epochs averaged, not rows.)
  const mcnemar = (i: number) => epochs.size <= 1 && group.differences[i]?.estimate?.method === 'mcnemar';
  const withPairs = rows.map((row) => {
    const base = row.outcomes[baselineIndex];
    const pair = (o: SolveOutcome, i: number) => i !== baselineIndex && mcnemar(i) && ((base === 'solved' && o === 'failed') || (base === 'failed' && o === 'solved'));
    return { ...row, discordant: row.outcomes.map(pair) };
  });
  const totals = comparison.runs.map((_, i) => {
    const count: Record<SolveOutcome, number> = { solved: 0, failed: 0, errored: 0, missing: 0 };
    for (const row of rows) count[row.outcomes[i] ?? 'missing']++;
    return count;
  });
  return { baselineIndex, rows: withPairs, totals };
}

/** Most-solved first, then by challenge; or the reverse, hardest first. */
export function sortSolveRows(rows: readonly SolveRow[], order: 'most-solved' | 'least-solved'): SolveRow[] {
  const sign = order === 'most-solved' ? -1 : 1;
  return [...rows].sort((a, b) => sign * (a.solvedBy - b.solvedBy) || a.challenge.localeCompare(b.challenge, 'en', { numeric: true }));
}
