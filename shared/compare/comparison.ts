import { PROVENANCE_LABELS, scoreToNumber, type BenchmarkRun, type RunStatus, type ScoreValue } from '../results/benchmark-run.js';
import { SAMPLE_ERRORED, type SampleIndexData } from '../results/sample-index.js';
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
  /** Per-sample scores in columns; null for a results table, which has none. */
  readonly index: SampleIndexData | null;
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

export interface SummaryGroup extends GroupKey {
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
  /** Per run: the sample's position in the run's score columns and chunks; -1 where the run lacks it. */
  readonly positions: readonly number[];
  /** At least two runs scored the sample (errors and NaN are not scores), and their main scores differ. */
  readonly disagree: boolean;
  readonly errored: boolean;
}

export interface Comparison {
  readonly runs: readonly BenchmarkRun[];
  /** Each run's score columns, in the order of `runs`; null for a results table. */
  readonly indexes: readonly (SampleIndexData | null)[];
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
  return { runs, indexes: compared.map((c) => c.index), primaryScorers, groups, samples };
}

/** What a summary group is of: one task, scorer, reducer and metric. */
export interface GroupKey {
  readonly key: string;
  readonly task: string;
  readonly benchmark: string;
  readonly scorer: string;
  /** How the scorer's per-epoch scores were reduced per sample when not by their mean (e.g. `max`). */
  readonly reducer: string | null;
  readonly metric: string;
}

/**
 * A metric's reducer, with Inspect's default left unnamed: a results table or an older log says
 * nothing of it, a current log says `mean`, and both mean the same.
 */
function reducerOf(m: { readonly reducer: string | null }): string | null {
  return m.reducer === 'mean' ? null : m.reducer;
}

function groupKeys(runs: readonly BenchmarkRun[]): GroupKey[] {
  const keys = new Map<string, GroupKey>();
  for (const run of runs) {
    for (const m of run.metrics) {
      const reducer = reducerOf(m);
      const key = JSON.stringify([run.task, m.scorer, reducer, m.name]);
      if (!keys.has(key)) keys.set(key, { key, task: run.task, benchmark: run.benchmark, scorer: m.scorer, reducer, metric: m.name });
    }
  }
  return [...keys.values()].sort(
    (a, b) => a.task.localeCompare(b.task) || a.scorer.localeCompare(b.scorer) || a.metric.localeCompare(b.metric) || (a.reducer ?? '').localeCompare(b.reducer ?? ''),
  );
}

function summarize(group: GroupKey, compared: readonly ComparedRun[], samples: readonly JoinedSample[], thresholds: readonly Threshold[]): SummaryGroup {
  const cells = compared.map(({ run }): MetricCell | null => {
    if (run.task !== group.task) return null;
    const m = run.metrics.find((x) => x.scorer === group.scorer && reducerOf(x) === group.reducer && x.name === group.metric);
    if (!m) return null;
    const stderr = m.stderr !== null && Number.isFinite(m.stderr) ? m.stderr : null;
    return { value: m.value, stderr, interval: stderr === null || !Number.isFinite(m.value) ? null : normalInterval(m.value, stderr), n: m.n };
  });
  // The baseline is the first run with a value: a NaN (an unscored or failed run) cannot anchor the others.
  let baselineIndex = cells.findIndex((c) => c !== null && Number.isFinite(c.value));
  if (baselineIndex < 0) baselineIndex = cells.findIndex((c) => c !== null);
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
  // The per-sample tests compare means of per-sample scores: they say nothing about a std or a var.
  if (!PAIRED_METRICS.has(group.metric)) return unpaired;
  const indexA = compared[baselineIndex]?.index ?? null;
  const indexB = compared[runIndex]?.index ?? null;
  const columnA = scoreColumn(indexA, group.scorer);
  const columnB = scoreColumn(indexB, group.scorer);
  if (!indexA || !indexB || !columnA || !columnB) return unpaired;
  // Epochs of one sample are not independent: each run's epochs are averaged per sample first,
  // as Inspect's reducer does, and the samples are paired. (One epoch each: nothing to average.)
  const oneEpoch = maxOf(indexA.epochs) <= 1 && maxOf(indexB.epochs) <= 1;
  // Averaging is Inspect's default reducer; a run reduced otherwise (max, mode) over several
  // epochs cannot be re-derived from its samples here.
  if (!oneEpoch && group.reducer !== null) return unpaired;
  // The pairs, in arrays as long as they could need to be: no sample pairs twice.
  const xs = new Float64Array(samples.length);
  const ys = new Float64Array(samples.length);
  let shared = 0;
  let scoredA = 0;
  let scoredB = 0;
  const pair = (x: number, y: number) => {
    xs[shared] = x;
    ys[shared++] = y;
  };
  const perSample = new Map<string, { a: number; na: number; b: number; nb: number }>();
  for (const sample of samples) {
    if (sample.task !== group.task) continue;
    const x = columnA[sample.positions[baselineIndex] ?? -1];
    const y = columnB[sample.positions[runIndex] ?? -1];
    const hasX = x !== undefined && !Number.isNaN(x);
    const hasY = y !== undefined && !Number.isNaN(y);
    if (oneEpoch) {
      // One epoch each: a sample's scores pair as they are.
      if (hasX) scoredA++;
      if (hasY) scoredB++;
      if (hasX && hasY) pair(x, y);
      continue;
    }
    if (!hasX && !hasY) continue;
    const key = String(sample.id);
    let acc = perSample.get(key);
    if (!acc) perSample.set(key, (acc = { a: 0, na: 0, b: 0, nb: 0 }));
    if (hasX) {
      acc.a += x;
      acc.na++;
    }
    if (hasY) {
      acc.b += y;
      acc.nb++;
    }
  }
  for (const { a, na, b, nb } of perSample.values()) {
    if (na > 0) scoredA++;
    if (nb > 0) scoredB++;
    if (na > 0 && nb > 0) pair(a / na, b / nb);
  }
  let binary = true;
  for (let i = 0; i < shared && binary; i++) {
    const x = xs[i] ?? Number.NaN;
    const y = ys[i] ?? Number.NaN;
    if ((x !== 0 && x !== 1) || (y !== 0 && y !== 1)) binary = false;
  }
  const [A, B] = [runLetter(baselineIndex), runLetter(runIndex)];
  if (scoredA === 0 || scoredB === 0) return unpaired;
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
      const x = xs[i] ?? Number.NaN;
      const y = ys[i] ?? Number.NaN;
      if (x === 1 && y === 1) counts.bothPass++;
      else if (x === 1) counts.onlyA++;
      else if (y === 1) counts.onlyB++;
      else counts.bothFail++;
    }
    return { baselineIndex, runIndex, shared, counts, estimate: pairedProportionDifference(counts), bootstrap: null };
  }
  return { baselineIndex, runIndex, shared, counts: null, estimate: null, bootstrap: ys.subarray(0, shared).map((y, i) => y - (xs[i] ?? 0)) };
}

/** Metrics that are the mean of per-sample scores, which paired per-sample tests can compare. */
const PAIRED_METRICS: ReadonlySet<string> = new Set(['accuracy', 'mean']);

/** A run's scores from one scorer, as numbers (NaN: unscored); null if the run has none from it. */
function scoreColumn(index: SampleIndexData | null, scorer: string): Float64Array | null {
  if (!index) return null;
  const column = index.scores[index.scorers.indexOf(scorer)];
  return column && countScored(column) > 0 ? column : null;
}

function maxOf(values: Uint32Array): number {
  let max = 0;
  for (const v of values) if (v > max) max = v;
  return max;
}

function countScored(column: Float64Array): number {
  let n = 0;
  for (const v of column) if (!Number.isNaN(v)) n++;
  return n;
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

function primaryScorer({ run, index }: ComparedRun): string | null {
  return run.scorers.find((s) => index?.scorers.includes(s) ?? true) ?? index?.scorers[0] ?? run.scorers[0] ?? null;
}

/**
 * Lines the runs' samples up by task, epoch and id (Inspect's sample-epoch). Runs of one benchmark
 * mostly list their samples in the same order, so a later run's sample is first looked for at
 * its own position in the task's first run; only samples found elsewhere need the maps (nested,
 * to avoid building a key string per sample), which are built the first time one is. Each run's
 * samples are referred to by position, never copied.
 */
function joinSamples(compared: readonly ComparedRun[], scorers: readonly (string | null)[]): JoinedSample[] {
  type Building = { index: number; task: string; id: string | number; epoch: number; positions: number[]; disagree: boolean; errored: boolean };
  interface TaskSamples {
    /** The task's first run's samples, by their position in that run. */
    readonly byFirstPosition: Building[];
    /** Every sample of the task, once a sample out of order needs looking up. */
    byEpoch: Map<number, Map<string, Building>> | null;
  }
  const tasks = new Map<string, TaskSamples>();
  const order: Building[] = [];
  // Copied per sample: a small array's copy is far quicker than building and filling a new one.
  const noPositions = compared.map(() => -1);
  const remember = (byEpoch: Map<number, Map<string, Building>>, joined: Building) => {
    let byId = byEpoch.get(joined.epoch);
    if (!byId) byEpoch.set(joined.epoch, (byId = new Map<string, Building>()));
    byId.set(String(joined.id), joined);
  };
  for (let runIndex = 0; runIndex < compared.length; runIndex++) {
    const { run, index } = compared[runIndex] ?? { run: null, index: null };
    if (!run || !index) continue;
    const { ids, epochs } = index;
    const known = tasks.get(run.task);
    if (!known) {
      // The first run of a task meets only new samples (a run holds each sample-epoch once).
      const byFirstPosition: Building[] = new Array<Building>(ids.length);
      for (let position = 0; position < ids.length; position++) {
        const joined = { index: order.length, task: run.task, id: ids[position] ?? '', epoch: epochs[position] ?? 0, positions: noPositions.slice(), disagree: false, errored: false };
        joined.positions[runIndex] = position;
        byFirstPosition[position] = joined;
        order.push(joined);
      }
      tasks.set(run.task, { byFirstPosition, byEpoch: null });
      continue;
    }
    for (let position = 0; position < ids.length; position++) {
      const id = ids[position] ?? '';
      const epoch = epochs[position] ?? 0;
      const inPlace = known.byFirstPosition[position];
      let joined = inPlace?.id === id && inPlace.epoch === epoch ? inPlace : undefined;
      if (!joined) {
        if (!known.byEpoch) {
          known.byEpoch = new Map();
          for (const sample of order) if (sample.task === run.task) remember(known.byEpoch, sample);
        }
        joined = known.byEpoch.get(epoch)?.get(String(id));
        if (!joined) {
          joined = { index: order.length, task: run.task, id, epoch, positions: noPositions.slice(), disagree: false, errored: false };
          remember(known.byEpoch, joined);
          order.push(joined);
        }
      }
      joined.positions[runIndex] = position;
    }
  }
  const primary = compared.map(({ index }, i) => scoreColumn(index, scorers[i] ?? ''));
  const flags = compared.map(({ index }) => index?.flags ?? null);
  for (const joined of order) {
    let first: number | undefined;
    const { positions } = joined;
    for (let i = 0; i < positions.length; i++) {
      const position = positions[i] ?? -1;
      if (position < 0) continue;
      if (((flags[i]?.[position] ?? 0) & SAMPLE_ERRORED) !== 0) joined.errored = true;
      const value = primary[i]?.[position];
      // Unscored (NaN, as when the sample errored) is not a score to disagree with.
      if (value === undefined || Number.isNaN(value)) continue;
      if (first === undefined) first = value;
      else if (value !== first) joined.disagree = true;
    }
  }
  return order;
}

/** A score as one comparable string: letter grades and their numbers read alike. */
export function scoreText(value: ScoreValue): string {
  const n = scoreToNumber(value);
  if (n !== null) return Number.isNaN(n) ? 'NaN' : String(n);
  return JSON.stringify(value);
}

export function describeMetric(g: Pick<SummaryGroup, 'scorer' | 'metric'> & { readonly reducer?: string | null }): string {
  const name = g.scorer ? `${g.scorer}/${g.metric}` : g.metric;
  return g.reducer ? `${name} (${g.reducer})` : name;
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
  const excludesZero = e.interval[0] > 0 || e.interval[1] < 0;
  // The exact test decides; where its interval, an approximation, says otherwise, say so.
  const verdict =
    e.p < 0.05 && excludesZero
      ? 'Unlikely to be chance at the 95% level.'
      : e.p >= 0.05 && !excludesZero
        ? 'Within what chance alone would give.'
        : `Borderline: the test (${formatP(e.p)}) and the approximate interval disagree; treat it as inconclusive.`;
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
