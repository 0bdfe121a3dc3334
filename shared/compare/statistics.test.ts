import { describe, expect, it } from 'vitest';
import { formatP, mcnemarExactP, pairedBootstrap, pairedProportionDifference, twoSidedNormalP, unpairedDifference } from './statistics.js';

/** 2 × P(X ≤ min(b, c)) for X ~ B(b + c, 1/2), computed exactly with big integers. */
function exactMcnemarWithBigInts(b: number, c: number): number {
  const n = BigInt(b + c);
  let term = 1n;
  let tail = 1n;
  for (let i = 0n; i < BigInt(Math.min(b, c)); i++) {
    term = (term * (n - i)) / (i + 1n);
    tail += term;
  }
  // Keep 60 bits of the ratio tail / 2^n, then scale back.
  const shift = n > 60n ? n - 60n : 0n;
  return Math.min(1, (2 * Number(tail >> shift)) / 2 ** Number(n - shift));
}

describe('McNemar exact test', () => {
  it('gives the hand-worked values of small tables', () => {
    // 7 discordant pairs all one way: 2 × (1/2)^7.
    expect(mcnemarExactP(0, 7)).toBeCloseTo(0.015625, 12);
    // 1 and 6: 2 × (1 + 7) / 128.
    expect(mcnemarExactP(1, 6)).toBeCloseTo(0.125, 12);
    expect(mcnemarExactP(6, 1)).toBeCloseTo(0.125, 12);
    expect(mcnemarExactP(3, 3)).toBe(1);
    expect(mcnemarExactP(0, 0)).toBe(1);
  });

  it('agrees with an exact big-integer computation, also for a hundred thousand pairs', () => {
    for (const [b, c] of [[150, 86], [12, 30], [400, 455], [49_800, 50_200]] as const) {
      expect(mcnemarExactP(b, c)).toBeCloseTo(exactMcnemarWithBigInts(b, c), 10);
    }
    expect(mcnemarExactP(49_800, 50_200)).toBeGreaterThan(0.2);
  });
});

describe('difference of paired proportions', () => {
  it('reproduces Agresti’s presidential approval example (Categorical Data Analysis, table 10.1)', () => {
    // 1,600 people asked twice: 794 approve both times, 150 then not, 86 not then yes, 570 never.
    const d = pairedProportionDifference({ bothPass: 794, onlyA: 150, onlyB: 86, bothFail: 570 });
    expect(d?.estimate).toBeCloseTo(-0.04, 10);
    // Agresti and Min's R code (diffpropci): diff = −64/1602, sd = √(237 − 64²/1602)/1602 = 0.0095578.
    expect(d?.interval[0]).toBeCloseTo(-0.039950 - 1.959964 * 0.0095578, 5);
    expect(d?.interval[1]).toBeCloseTo(-0.039950 + 1.959964 * 0.0095578, 5);
    // McNemar's z = (86 − 150)/√236 = −4.17: the exact p is of the same order as the normal one.
    expect(d?.p).toBeLessThan(1e-4);
    expect(d?.p).toBeGreaterThan(1e-5);
  });

  it('keeps a real interval for small counts, where the plain Wald interval collapses to a point', () => {
    // Three samples, all solved only by B: Wald gives 1 to 1. Wald+2: 3/5 ± 1.96 × √(4 − 9/5)/5, capped at 1.
    const d = pairedProportionDifference({ bothPass: 0, onlyA: 0, onlyB: 3, bothFail: 0 });
    expect(d?.estimate).toBe(1);
    expect(d?.interval[0]).toBeCloseTo(0.6 - (1.959963984540054 * Math.sqrt(2.2)) / 5, 10);
    expect(d?.interval[1]).toBe(1);
    expect(d?.p).toBeCloseTo(0.25, 12);
  });

  it('is zero, with an interval around it, when the runs agree on every sample', () => {
    const d = pairedProportionDifference({ bothPass: 10, onlyA: 0, onlyB: 0, bothFail: 30 });
    expect(d?.estimate).toBe(0);
    expect(d?.p).toBe(1);
    expect(d?.interval[0]).toBeCloseTo(-1.959963984540054 / 42, 12);
    expect(pairedProportionDifference({ bothPass: 0, onlyA: 0, onlyB: 0, bothFail: 0 })).toBeNull();
  });
});

describe('paired bootstrap', () => {
  it('gives a point interval and the smallest p when every sample moves by the same amount', () => {
    const d = pairedBootstrap(new Float64Array(50).fill(0.25), 999);
    expect(d?.estimate).toBe(0.25);
    expect(d?.interval).toEqual([0.25, 0.25]);
    expect(d?.p).toBe(1 / 1000);
  });

  it('gives p = 1 when nothing changed, and nothing for no samples', () => {
    expect(pairedBootstrap(new Float64Array(20), 200)?.p).toBe(1);
    expect(pairedBootstrap(new Float64Array(0))).toBeNull();
  });

  it('matches the normal interval of a mean for a large sample, and repeats itself exactly', () => {
    // Differences spread evenly on [−0.4, 0.6]: mean 0.1, sd = 1/√12.
    const n = 4000;
    const diffs = Float64Array.from({ length: n }, (_, i) => -0.4 + ((i * 7919) % n) / (n - 1));
    const d = pairedBootstrap(diffs);
    const half = (1.959963984540054 * Math.sqrt(1 / 12)) / Math.sqrt(n);
    expect(d?.estimate).toBeCloseTo(0.1, 3);
    expect(Math.abs((d?.interval[0] ?? 0) - (0.1 - half))).toBeLessThan(half * 0.1);
    expect(Math.abs((d?.interval[1] ?? 0) - (0.1 + half))).toBeLessThan(half * 0.1);
    expect(d?.p).toBeLessThan(0.001);
    expect(pairedBootstrap(diffs)).toEqual(d);
  });
});

describe('unpaired difference', () => {
  it('is a z-test on the reported standard errors', () => {
    const d = unpairedDifference({ value: 0.5, stderr: 0.03 }, { value: 0.6, stderr: 0.04 });
    // se = √(0.03² + 0.04²) = 0.05; z = 2; p = 2(1 − Φ(2)) = 0.0455.
    expect(d?.estimate).toBeCloseTo(0.1, 12);
    expect(d?.interval[0]).toBeCloseTo(0.1 - 1.959963984540054 * 0.05, 12);
    expect(d?.p).toBeCloseTo(0.0455, 4);
    expect(unpairedDifference({ value: 0.5, stderr: null }, { value: 0.6, stderr: 0.04 })).toBeNull();
  });

  it('turns extreme statistics into p-values a reader can take', () => {
    expect(twoSidedNormalP(1.959963984540054)).toBeCloseTo(0.05, 6);
    expect(twoSidedNormalP(40)).toBe(0);
    expect(formatP(0.0456)).toBe('p = 0.046');
    expect(formatP(0.5)).toBe('p = 0.50');
    expect(formatP(0.0061)).toBe('p = 0.0061');
    expect(formatP(0.00001)).toBe('p < 0.001');
  });
});
