import { PROVENANCE_LABELS, scoreToNumber, type BenchmarkRun, type RunStatus, type SampleRow, type ScoreValue } from '../results/benchmark-run.js';
import { formatNumber, taskMatches } from '../thresholds/determination.js';
import { versionInRange } from '../thresholds/task-version.js';
import type { Threshold } from '../thresholds/threshold.js';
import { formatP, normalInterval, pairedProportionDifference, unpairedDifference, type DifferenceEstimate, type Interval, type PairedCounts } from './statistics.js';

/**
 * A comparison of 2 to 8 benchmark runs: per task, scorer and metric, each run's value and the
 * difference of every run from the first that reports it (the baseline), tested on the samples
 * both share; and one row per sample across the runs. Pure: the renderer and the command line
 * build the same comparison from the same runs.
 */

export const MIN_COMPARED_RUNS = 2;
export const MAX_COMPARED_RUNS = 8;
/** Runs are named by letter in the order the reviewer picked them; A is the baseline. */
export const RUN_LETTERS = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'] as const;

export function runLetter(index: number): string {
  return RUN_LETTERS[index] ?? `#${index + 1}`;
}

export interface ComparedRun {
  readonly run: BenchmarkRun;
  /** Per-sample scores; null for a results table, which has none. */
  readonly rows: readonly SampleRow[] | null;
}

export interface MetricCell {
  readonly value: number;
  readonly stderr: number | null;
  readonly interval: Interval | null;
  readonly n: number | null;
}

export interface RunDifference {
  readonly baselineIndex: number;
  readonly runIndex: number;
  /** Samples both runs scored with the group's scorer. */
  readonly shared: number;
  /** Pass/fail scores: how the shared samples split. */
  readonly counts: PairedCounts | null;
  /** Null while a bootstrap is still running, or when nothing supports an estimate. */
  readonly estimate: DifferenceEstimate | null;
  /** Set when a paired bootstrap is still to run: its per-sample differences, B − A. */
  readonly bootstrap: Float64Array | null;
}

export interface ThresholdPosition {
  readonly threshold: Threshold;
  /** Per run: whether its value reaches the threshold; null where it has no value. */
  readonly crossed: readonly (boolean | null)[];
}

export interface SummaryGroup {
  readonly key: string;
  readonly task: string;
  readonly benchmark: string;
  readonly scorer: string;
  readonly metric: string;
  /** Per run, in the order picked; null where the run does not report this metric. */
  readonly cells: readonly (MetricCell | null)[];
  /** Per run: its difference from the baseline; null for the baseline and runs without a value. */
  readonly differences: readonly (RunDifference | null)[];
  /** Values on a 0–1 scale read as proportions, and differences as points. */
  readonly proportion: boolean;
  /** Why some numbers are not comparable as they stand. */
  readonly flags: readonly string[];
  readonly thresholds: readonly ThresholdPosition[];
}

export interface JoinedSample {
  /** Position in the comparison's samples: a stable id while rows are sorted and filtered. */
  readonly index: number;
  readonly task: string;
  readonly id: string | number;
  readonly epoch: number;
  /** Per run; undefined where the run has no such sample. */
  readonly cells: readonly (SampleRow | undefined)[];
  /** At least two runs scored the sample (errors and NaN are not scores), and their main scores differ. */
  readonly disagree: boolean;
  readonly errored: boolean;
}

export interface Comparison {
  readonly runs: readonly BenchmarkRun[];
  /** Each run's main scorer: the one its per-sample column shows. */
  readonly primaryScorers: readonly (string | null)[];
  readonly groups: readonly SummaryGroup[];
  readonly samples: readonly JoinedSample[];
}

export function buildComparison(compared: readonly ComparedRun[], thresholds: readonly Threshold[]): Comparison {
  if (compared.length < MIN_COMPARED_RUNS || compared.length > MAX_COMPARED_RUNS) {
    throw new RangeError(`A comparison holds ${MIN_COMPARED_RUNS} to ${MAX_COMPARED_RUNS} runs, not ${compared.length}.`);
  }
  const runs = compared.map((c) => c.run);
  const primaryScorers = compared.map(primaryScorer);
  const samples = joinSamples(compared, primaryScorers);
  const groups = groupKeys(runs).map((g) => summarize(g, compared, samples, thresholds));
  return { runs, primaryScorers, groups, samples };
}

interface GroupKey {
  readonly key: string;
  readonly task: string;
  readonly benchmark: string;
  readonly scorer: string;
  readonly metric: string;
}

function groupKeys(runs: readonly BenchmarkRun[]): GroupKey[] {
  const keys = new Map<string, GroupKey>();
  for (const run of runs) {
    for (const m of run.metrics) {
      const key = JSON.stringify([run.task, m.scorer, m.name]);
      if (!keys.has(key)) keys.set(key, { key, task: run.task, benchmark: run.benchmark, scorer: m.scorer, metric: m.name });
    }
  }
  return [...keys.values()].sort((a, b) => a.task.localeCompare(b.task) || a.scorer.localeCompare(b.scorer) || a.metric.localeCompare(b.metric));
}

function summarize(group: GroupKey, compared: readonly ComparedRun[], samples: readonly JoinedSample[], thresholds: readonly Threshold[]): SummaryGroup {
  const cells = compared.map(({ run }): MetricCell | null => {
    if (run.task !== group.task) return null;
    const m = run.metrics.find((x) => x.scorer === group.scorer && x.name === group.metric);
    if (!m) return null;
    const stderr = m.stderr !== null && Number.isFinite(m.stderr) ? m.stderr : null;
    return { value: m.value, stderr, interval: stderr === null || !Number.isFinite(m.value) ? null : normalInterval(m.value, stderr), n: m.n };
  });
  const baselineIndex = cells.findIndex((c) => c !== null);
  const finite = cells.filter((c): c is MetricCell => c !== null && Number.isFinite(c.value));
  const proportion = finite.length > 0 && finite.every((c) => c.value >= 0 && c.value <= 1);
  const flags: string[] = [];
  const differences = cells.map((cell, runIndex): RunDifference | null => {
    const baseline = cells[baselineIndex];
    if (cell === null || runIndex === baselineIndex || !baseline) return null;
    flags.push(...comparabilityFlags(compared, baselineIndex, runIndex));
    return difference(group, compared, samples, baselineIndex, runIndex, baseline, cell, flags);
  });
  for (const [runIndex, { run }] of compared.entries()) {
    if (run.task === group.task && cells[runIndex] === null) flags.push(`${runLetter(runIndex)} does not report ${describeMetric(group)}.`);
    if (cells[runIndex] && run.status !== 'success') {
      flags.push(`${runLetter(runIndex)} ${UNFINISHED_WORDS[run.status]}: its numbers cover only part of the run.`);
    }
  }
  const positions = thresholds
    .filter((t) => t.metric === group.metric && (t.scorer === '' || t.scorer === group.scorer) && taskMatches(t.task, group))
    .map((threshold) => ({
      threshold,
      crossed: cells.map((cell, i) => {
        if (cell === null || !Number.isFinite(cell.value)) return null;
        if (!versionInRange(compared[i]?.run.taskVersion ?? null, threshold.taskVersionFrom, threshold.taskVersionTo)) return null;
        return threshold.direction === 'higher' ? cell.value >= threshold.value : cell.value <= threshold.value;
      }),
    }));
  return { ...group, cells, differences, proportion, flags: [...new Set(flags)], thresholds: positions };
}

const UNFINISHED_WORDS: Readonly<Record<RunStatus, string>> = {
  success: 'completed',
  cancelled: 'was cancelled',
  error: 'ended in an error',
  started: 'is still in progress',
};

function difference(
  group: GroupKey,
  compared: readonly ComparedRun[],
  samples: readonly JoinedSample[],
  baselineIndex: number,
  runIndex: number,
  baseline: MetricCell,
  cell: MetricCell,
  flags: string[],
): RunDifference {
  const unpaired = { baselineIndex, runIndex, shared: 0, counts: null, estimate: unpairedDifference(baseline, cell), bootstrap: null };
  if (!compared[baselineIndex]?.rows?.length || !compared[runIndex]?.rows?.length) return unpaired;
  // One pass over the lined-up samples of the group's task: each run's scored samples, and the pairs.
  const xs: number[] = [];
  const ys: number[] = [];
  let scoredA = 0;
  let scoredB = 0;
  let binary = true;
  for (const sample of samples) {
    if (sample.task !== group.task) continue;
    const x = numericScore(sample.cells[baselineIndex], group.scorer);
    const y = numericScore(sample.cells[runIndex], group.scorer);
    if (x !== null) scoredA++;
    if (y !== null) scoredB++;
    if (x === null || y === null) continue;
    xs.push(x);
    ys.push(y);
    if ((x !== 0 && x !== 1) || (y !== 0 && y !== 1)) binary = false;
  }
  const [A, B] = [runLetter(baselineIndex), runLetter(runIndex)];
  if (scoredA === 0 || scoredB === 0) return unpaired;
  const shared = xs.length;
  if (shared === 0) {
    flags.push(`${A} and ${B} share no scored samples: their difference comes from the reported standard errors.`);
    return unpaired;
  }
  if (shared < scoredA || shared < scoredB) {
    flags.push(`${A} and ${B} share ${shared.toLocaleString('en-US')} scored samples; ${A} has ${scoredA.toLocaleString('en-US')}, ${B} ${scoredB.toLocaleString('en-US')}. The paired test uses the shared ones.`);
  }
  if (binary) {
    const counts = { bothPass: 0, onlyA: 0, onlyB: 0, bothFail: 0 };
    for (let i = 0; i < shared; i++) {
      const [x, y] = [xs[i], ys[i]];
      if (x === 1 && y === 1) counts.bothPass++;
      else if (x === 1) counts.onlyA++;
      else if (y === 1) counts.onlyB++;
      else counts.bothFail++;
    }
    return { baselineIndex, runIndex, shared, counts, estimate: pairedProportionDifference(counts), bootstrap: null };
  }
  return { baselineIndex, runIndex, shared, counts: null, estimate: null, bootstrap: Float64Array.from(ys, (y, i) => y - (xs[i] ?? 0)) };
}

/** A sample's score from one scorer as a number (Inspect's `C`/`I`/`P` mapping); null if unscored. */
function numericScore(row: SampleRow | undefined, scorer: string): number | null {
  const value = row?.scores[scorer]?.value;
  if (value === undefined) return null;
  const n = scoreToNumber(value);
  return n !== null && Number.isFinite(n) ? n : null;
}

function comparabilityFlags(compared: readonly ComparedRun[], baselineIndex: number, runIndex: number): string[] {
  const a = compared[baselineIndex]?.run;
  const b = compared[runIndex]?.run;
  if (!a || !b) return [];
  const [A, B] = [runLetter(baselineIndex), runLetter(runIndex)];
  const flags: string[] = [];
  if (a.taskVersion !== b.taskVersion) flags.push(`${A} ran task version ${a.taskVersion ?? 'unknown'}, ${B} ${b.taskVersion ?? 'unknown'}.`);
  if (a.epochs !== b.epochs) flags.push(`${A} ran ${a.epochs ?? 'unknown'} epochs, ${B} ${b.epochs ?? 'unknown'}.`);
  return flags;
}

function primaryScorer({ run, rows }: ComparedRun): string | null {
  return run.scorers[0] ?? Object.keys(rows?.[0]?.scores ?? {})[0] ?? null;
}

/**
 * Lines the runs' samples up by task, epoch and id (Inspect's sample-epoch). Nested maps avoid
 * building a key string per sample; the rows are referenced, never copied.
 */
function joinSamples(compared: readonly ComparedRun[], scorers: readonly (string | null)[]): JoinedSample[] {
  type Building = { task: string; id: string | number; epoch: number; cells: (SampleRow | undefined)[] };
  const byTask = new Map<string, Map<number, Map<string, Building>>>();
  const order: Building[] = [];
  for (let runIndex = 0; runIndex < compared.length; runIndex++) {
    const { run, rows } = compared[runIndex] ?? { run: null, rows: null };
    if (!run) continue;
    let byEpoch = byTask.get(run.task);
    if (!byEpoch) byTask.set(run.task, (byEpoch = new Map<number, Map<string, Building>>()));
    for (const row of rows ?? []) {
      let byId = byEpoch.get(row.epoch);
      if (!byId) byEpoch.set(row.epoch, (byId = new Map<string, Building>()));
      const id = String(row.id);
      let joined = byId.get(id);
      if (!joined) {
        joined = { task: run.task, id: row.id, epoch: row.epoch, cells: new Array<SampleRow | undefined>(compared.length).fill(undefined) };
        byId.set(id, joined);
        order.push(joined);
      }
      joined.cells[runIndex] = row;
    }
  }
  return order.map(({ task, id, epoch, cells }, index) => {
    let first: number | string | undefined;
    let disagree = false;
    let errored = false;
    for (let i = 0; i < cells.length; i++) {
      const cell = cells[i];
      if (!cell) continue;
      if (cell.error !== null) errored = true;
      const scorer = scorers[i];
      const value = scorer === null || scorer === undefined ? undefined : cell.scores[scorer]?.value;
      // Unscored (NaN, or no value, as when the sample errored) is not a score to disagree with.
      if (value === undefined || value === null || (typeof value === 'number' && Number.isNaN(value))) continue;
      const comparable = numericScore(cell, scorer ?? '') ?? JSON.stringify(value);
      if (first === undefined) first = comparable;
      else if (comparable !== first) disagree = true;
    }
    return { index, task, id, epoch, cells, disagree, errored };
  });
}

/** A score as one comparable string: letter grades and their numbers read alike. */
export function scoreText(value: ScoreValue): string {
  const n = scoreToNumber(value);
  if (n !== null) return Number.isNaN(n) ? 'NaN' : String(n);
  return JSON.stringify(value);
}

export function describeMetric(g: Pick<SummaryGroup, 'scorer' | 'metric'>): string {
  return g.scorer ? `${g.scorer}/${g.metric}` : g.metric;
}

export function describeRun(run: BenchmarkRun, index: number): string {
  return `${runLetter(index)}: ${run.model}, ${PROVENANCE_LABELS[run.provenance].toLowerCase()} (${run.source.fileName})`;
}

/** A difference in words, as a reviewer would say it, e.g. "B solves 7 more samples than A …". */
export function differenceInWords(d: RunDifference, proportion: boolean): string {
  const [A, B] = [runLetter(d.baselineIndex), runLetter(d.runIndex)];
  const e = d.estimate;
  if (!e) return d.bootstrap ? `Comparing ${B} with ${A} over ${d.shared.toLocaleString('en-US')} shared samples…` : `${B} cannot be compared with ${A}: neither shared samples nor standard errors.`;
  const scale = proportion ? 100 : 1;
  const amount = (v: number) => (proportion ? `${formatSigned(v * scale, 1)} points` : formatSigned(v, 3));
  const interval = `95% CI ${formatFixed(e.interval[0] * scale, proportion)} to ${formatFixed(e.interval[1] * scale, proportion)}`;
  const verdict = e.interval[0] > 0 || e.interval[1] < 0 ? 'Unlikely to be chance at the 95% level.' : 'Within what chance alone would give.';
  if (e.method === 'mcnemar' && d.counts) {
    const { onlyA, onlyB } = d.counts;
    const net = onlyB - onlyA;
    const lead =
      net === 0
        ? `${B} and ${A} solve equally many of the ${d.shared.toLocaleString('en-US')} shared samples`
        : `${B} solves ${Math.abs(net).toLocaleString('en-US')} ${net > 0 ? 'more' : 'fewer'} samples than ${A}`;
    return `${lead} (${onlyB.toLocaleString('en-US')} only ${B}, ${onlyA.toLocaleString('en-US')} only ${A}, of ${d.shared.toLocaleString('en-US')} shared); difference ${amount(e.estimate)}, ${interval}, McNemar exact ${formatP(e.p)}. ${verdict}`;
  }
  const direction = e.estimate === 0 ? 'the same as' : `${formatNumber(Math.abs(e.estimate * scale))}${proportion ? ' points' : ''} ${e.estimate > 0 ? 'higher than' : 'lower than'}`;
  if (e.method === 'bootstrap') {
    return `${B} scores ${direction} ${A} on average over ${d.shared.toLocaleString('en-US')} shared samples; ${interval} (paired bootstrap), ${formatP(e.p)}. ${verdict}`;
  }
  return `${B} is ${direction} ${A}, from the reported standard errors; ${interval}, ${formatP(e.p)}. ${verdict}`;
}

function formatSigned(v: number, digits: number): string {
  const text = formatFixed(v, digits === 1);
  return v > 0 ? `+${text}` : text;
}

function formatFixed(v: number, oneDecimal: boolean): string {
  return oneDecimal ? (Math.round(v * 10) / 10).toFixed(1) : formatNumber(v);
}

/** The comparison with finished bootstraps filled in, keyed `${group.key}#${runIndex}`. */
export function withBootstraps(comparison: Comparison, results: ReadonlyMap<string, DifferenceEstimate | null>): Comparison {
  return {
    ...comparison,
    groups: comparison.groups.map((g) => ({
      ...g,
      differences: g.differences.map((d) => {
        if (!d?.bootstrap) return d;
        const key = bootstrapKey(g, d);
        return results.has(key) ? { ...d, estimate: results.get(key) ?? null, bootstrap: null } : d;
      }),
    })),
  };
}

export function bootstrapKey(group: Pick<SummaryGroup, 'key'>, d: Pick<RunDifference, 'runIndex'>): string {
  return `${group.key}#${d.runIndex}`;
}
