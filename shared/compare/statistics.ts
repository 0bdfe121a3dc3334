import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { errorFunction, quantileSorted } from 'simple-statistics';

/**
 * The statistics a comparison states: intervals, differences between runs, and the tests behind
 * "does it matter". Paired tests use the samples two runs share; runs with no shared samples
 * are compared from their reported standard errors.
 */

/** z for a two-sided 95% normal interval. */
export const Z_95 = 1.959963984540054;

export type Interval = readonly [number, number];

export type DifferenceMethod = 'mcnemar' | 'bootstrap' | 'unpaired';

/** B − A, with its 95% interval and the two-sided p-value of "no difference". */
export interface DifferenceEstimate {
  readonly estimate: number;
  readonly interval: Interval;
  readonly p: number;
  readonly method: DifferenceMethod;
}

export function normalInterval(value: number, stderr: number): Interval {
  return [value - Z_95 * stderr, value + Z_95 * stderr];
}

/** Two-sided p of a standard normal statistic: 2(1 − Φ(|z|)) = erfc(|z|/√2). */
export function twoSidedNormalP(z: number): number {
  if (!Number.isFinite(z)) return Number.isNaN(z) ? Number.NaN : 0;
  return Math.max(0, 1 - errorFunction(Math.abs(z) / Math.SQRT2));
}

/** Pass/fail outcomes of the samples two runs share. */
export interface PairedCounts {
  readonly bothPass: number;
  readonly onlyA: number;
  readonly onlyB: number;
  readonly bothFail: number;
}

/**
 * McNemar's exact test: under "no difference", the discordant pairs split as a fair coin,
 * B(onlyA + onlyB, 1/2). Two-sided p is twice the smaller tail, summed in log space so it stays
 * finite for a hundred thousand pairs.
 */
export function mcnemarExactP(onlyA: number, onlyB: number): number {
  const n = onlyA + onlyB;
  if (n === 0) return 1;
  const k = Math.min(onlyA, onlyB);
  let logTerm = -n * Math.LN2;
  let logTail = logTerm;
  for (let i = 0; i < k; i++) {
    logTerm += Math.log((n - i) / (i + 1));
    logTail = logAddExp(logTail, logTerm);
  }
  return Math.min(1, 2 * Math.exp(logTail));
}

/**
 * The difference of two paired proportions, B − A = (onlyB − onlyA)/n, with McNemar's exact p
 * and Agresti and Min's adjusted Wald interval ("Wald+2": half a pair added to each cell;
 * Statistics in Medicine 24, 2005), which keeps its coverage for the small discordant counts of
 * a 40-challenge benchmark, where the plain Wald interval collapses.
 */
export function pairedProportionDifference(counts: PairedCounts): DifferenceEstimate | null {
  const n = counts.bothPass + counts.onlyA + counts.onlyB + counts.bothFail;
  if (n === 0) return null;
  const { onlyA: b, onlyB: c } = counts;
  const adjusted = (c - b) / (n + 2);
  const sd = Math.sqrt(Math.max(0, b + c + 1 - (c - b) ** 2 / (n + 2))) / (n + 2);
  const [low, high] = normalInterval(adjusted, sd);
  return { estimate: (c - b) / n, interval: [Math.max(-1, low), Math.min(1, high)], p: mcnemarExactP(b, c), method: 'mcnemar' };
}

export const BOOTSTRAP_REPLICATES = 2000;

/**
 * The paired bootstrap of a mean difference (Efron and Tibshirani, An Introduction to the
 * Bootstrap, ch. 13 and 16): resample the per-sample differences B − A with replacement; the
 * interval is the 2.5th and 97.5th percentiles of the resampled means; p is the share of
 * resampled means, shifted to centre on zero, at least as far from zero as the observed mean.
 * Seeded, so the same data always give the same numbers.
 */
export function pairedBootstrap(differences: Float64Array, replicates: number = BOOTSTRAP_REPLICATES, seed = 20_260_602): DifferenceEstimate | null {
  const n = differences.length;
  if (n === 0) return null;
  let sum = 0;
  for (const d of differences) sum += d;
  const observed = sum / n;
  const rng = xoroshiro128plus(seed);
  const means = new Float64Array(replicates);
  for (let r = 0; r < replicates; r++) {
    let s = 0;
    // A 32-bit draw scaled to [0, n): the bias is below n / 2^32, far under the bootstrap's own noise.
    for (let i = 0; i < n; i++) s += differences[Math.floor(((rng.next() >>> 0) / 4_294_967_296) * n)] ?? 0;
    means[r] = s / n;
  }
  means.sort();
  let asFar = 0;
  for (const m of means) if (Math.abs(m - observed) >= Math.abs(observed) - 1e-12) asFar++;
  const sorted = Array.from(means);
  return {
    estimate: observed,
    interval: [quantileSorted(sorted, 0.025), quantileSorted(sorted, 0.975)],
    p: observed === 0 ? 1 : (asFar + 1) / (replicates + 1),
    method: 'bootstrap',
  };
}

/** B − A of two independent estimates, from their standard errors (a z-test). */
export function unpairedDifference(a: { readonly value: number; readonly stderr: number | null }, b: { readonly value: number; readonly stderr: number | null }): DifferenceEstimate | null {
  if (a.stderr === null || b.stderr === null || !Number.isFinite(a.value) || !Number.isFinite(b.value)) return null;
  const estimate = b.value - a.value;
  const se = Math.sqrt(a.stderr ** 2 + b.stderr ** 2);
  if (se === 0) return null;
  return { estimate, interval: normalInterval(estimate, se), p: twoSidedNormalP(estimate / se), method: 'unpaired' };
}

/** p as a reader expects it: two significant figures, and "< 0.001" below that. */
export function formatP(p: number): string {
  if (Number.isNaN(p)) return 'p not defined';
  if (p < 0.001) return 'p < 0.001';
  return `p = ${p >= 0.1 ? p.toFixed(2) : p.toPrecision(2)}`;
}

function logAddExp(a: number, b: number): number {
  const high = Math.max(a, b);
  return high + Math.log(Math.exp(a - high) + Math.exp(b - high));
}
