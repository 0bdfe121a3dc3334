import { describe, expect, it } from 'vitest';
import { accuracy, benchmarkRun, gradedRows } from '../../test/fixtures/benchmark-runs.js';
import { cybenchThreshold } from '../../test/fixtures/review-data.js';
import type { BenchmarkRun, SampleRow } from '../results/benchmark-run.js';
import { sampleIndexOf } from '../results/sample-index.js';
import type { Threshold } from '../thresholds/threshold.js';
import { bootstrapKey, buildComparison, describeMetric, differenceInWords, withBootstraps } from './comparison.js';
import { pairedBootstrap } from './statistics.js';

const threshold: Threshold = { ...cybenchThreshold({ metric: 'accuracy', value: 0.3 }), id: 't1', createdAt: '', updatedAt: '', revision: 1 };

describe('comparison of two runs of the same challenges', () => {
  // 40 challenges: A solves 5, B solves the same 5 and 7 more.
  const a = gradedRows('CCCCC'.padEnd(40, 'I'));
  const b = gradedRows('CCCCCCCCCCCC'.padEnd(40, 'I'));
  const comparison = buildComparison(
    [
      { run: benchmarkRun({ id: 'a', metrics: [accuracy(5 / 40, 0.05)] }), index: sampleIndexOf(a) },
      { run: benchmarkRun({ id: 'b', provenance: 'government-reproduced', metrics: [accuracy(12 / 40, 0.07)] }), index: sampleIndexOf(b) },
    ],
    [threshold],
  );
  const group = comparison.groups[0];

  it('tests the shared samples with McNemar and says the result in words', () => {
    expect(comparison.groups).toHaveLength(1);
    const d = group?.differences[1];
    if (!group || !d) throw new Error('no difference');
    expect(d.counts).toEqual({ bothPass: 5, onlyA: 0, onlyB: 7, bothFail: 28 });
    expect(d.estimate?.estimate).toBeCloseTo(0.175, 12);
    expect(d.estimate?.p).toBeCloseTo(0.015625, 12);
    expect(differenceInWords(d, group.proportion)).toBe(
      'B solves 7 more samples than A (7 only B, 0 only A, of 40 shared); difference +17.5 points, 95% CI 4.5 to 28.9, McNemar exact p = 0.016. Unlikely to be chance at the 95% level.',
    );
    expect(group.flags).toEqual([]);
  });

  it('places each run against the thresholds of its task and metric', () => {
    expect(group?.thresholds.map((t) => t.crossed)).toEqual([[false, true]]);
  });

  it('lines the samples up and finds where the runs disagree', () => {
    expect(comparison.samples).toHaveLength(40);
    expect(comparison.samples.filter((s) => s.disagree).map((s) => s.id)).toEqual(['s5', 's6', 's7', 's8', 's9', 's10', 's11']);
  });
});

describe('lining up samples the runs list in different orders', () => {
  it('pairs each sample with itself wherever each run lists it, and keeps samples only one run has', () => {
    // A's last sample has the number 7 for id, B's the text "7": a JSON id may be either, and
    // both name the same sample.
    const seven = (grade: string, id: string | number) => gradedRows(grade).map((r) => ({ ...r, id }));
    const a = [...gradedRows('CCIIC'), ...seven('C', 7)];
    // B lists A's samples backwards, lacks s0, and has one more (s9); C lists them in A's order
    // but for one swap.
    const b = [...seven('C', '7'), ...gradedRows('IICII').slice(1).reverse(), ...gradedRows('IIIIIIIIIC').slice(9)];
    const rowsC = gradedRows('CIIIC');
    const c = [rowsC[0], rowsC[2], rowsC[1], rowsC[3], rowsC[4]].flatMap((r) => (r ? [r] : []));
    const comparison = buildComparison(
      [
        { run: benchmarkRun({ id: 'a' }), index: sampleIndexOf(a) },
        { run: benchmarkRun({ id: 'b' }), index: sampleIndexOf(b) },
        { run: benchmarkRun({ id: 'c' }), index: sampleIndexOf(c) },
      ],
      [],
    );
    const byId = new Map(comparison.samples.map((s) => [String(s.id), s]));
    expect([...byId.keys()]).toEqual(['s0', 's1', 's2', 's3', 's4', '7', 's9']);
    // Each run's position of the sample, -1 where it lacks it.
    expect(byId.get('s0')?.positions).toEqual([0, -1, 0]);
    expect(byId.get('s1')?.positions).toEqual([1, 4, 2]);
    expect(byId.get('s2')?.positions).toEqual([2, 3, 1]);
    expect(byId.get('s4')?.positions).toEqual([4, 1, 4]);
    expect(byId.get('7')?.positions).toEqual([5, 0, -1]);
    expect(byId.get('s9')?.positions).toEqual([-1, 5, -1]);
    // s1 and s4: A's C against B's I; s2: A's I against B's C. Sample 7 is C in both.
    expect(comparison.samples.filter((s) => s.disagree).map((s) => s.id)).toEqual(['s1', 's2', 's4']);
  });
});

describe('what makes runs not comparable as they stand', () => {
  it('flags different task versions, epochs, sample sets, missing metrics and unfinished runs', () => {
    const comparison = buildComparison(
      [
        { run: benchmarkRun({ id: 'a' }), index: sampleIndexOf(gradedRows('CCII')) },
        { run: benchmarkRun({ id: 'b', taskVersion: '1.1', epochs: 3, status: 'cancelled' }), index: sampleIndexOf(gradedRows('CCI')) },
        { run: benchmarkRun({ id: 'c', metrics: [accuracy(0.4, 0.05, 'model_graded')] }), index: sampleIndexOf(gradedRows('CC', 'model_graded')) },
      ],
      [],
    );
    const includes = comparison.groups.find((g) => g.scorer === 'includes');
    expect(includes?.flags).toEqual([
      'A ran task version 1.0, B 1.1.',
      'A ran 1 epochs, B 3.',
      'A and B share 3 scored samples; A has 4, B 3. The paired test uses the shared ones.',
      'B was cancelled: its numbers cover only part of the run.',
      'C does not report includes/accuracy.',
    ]);
    expect(comparison.groups.map((g) => g.scorer)).toEqual(['includes', 'model_graded']);
  });

  it('falls back to the reported standard errors when the runs share no samples', () => {
    const comparison = buildComparison(
      [
        { run: benchmarkRun({ id: 'a', sourceKind: 'results-table', metrics: [accuracy(0.5, 0.03)] }), index: null },
        { run: benchmarkRun({ id: 'b', metrics: [accuracy(0.6, 0.04)] }), index: sampleIndexOf(gradedRows('CCI')) },
      ],
      [],
    );
    const d = comparison.groups[0]?.differences[1];
    expect(d?.estimate?.method).toBe('unpaired');
    expect(d && differenceInWords(d, true)).toBe('B is 10 points higher than A, from the reported standard errors; 95% CI 0.2 to 19.8, p = 0.046. Unlikely to be chance at the 95% level.');
  });

  it('refuses fewer than two runs or more than eight', () => {
    const one = [{ run: benchmarkRun({ id: 'a' }), index: null }];
    expect(() => buildComparison(one, [])).toThrow('2 to 8 runs, not 1');
    expect(() => buildComparison(Array.from({ length: 9 }, (_, i) => ({ run: benchmarkRun({ id: `r${i}` }), index: null })), [])).toThrow('not 9');
  });
});

describe('what the paired tests may and may not claim', () => {
  const pair = (a: string, b: string, fields: Partial<BenchmarkRun> = {}) =>
    buildComparison(
      [
        { run: benchmarkRun({ id: 'a', ...fields }), index: sampleIndexOf(gradedRows(a)) },
        { run: benchmarkRun({ id: 'b', ...fields }), index: sampleIndexOf(gradedRows(b)) },
      ],
      [],
    );

  it('calls a difference chance when the exact test and the interval agree, and borderline when they do not', () => {
    // 4 of 100 samples solved only by B: p = 2 × (1/2)^4 = 0.125, and the interval includes 0.
    const chance = pair('I'.repeat(100), 'CCCC'.padEnd(100, 'I')).groups[0]?.differences[1];
    if (!chance) throw new Error('no difference');
    expect(chance.estimate?.p).toBeCloseTo(0.125, 12);
    expect(differenceInWords(chance, true)).toMatch(/McNemar exact p = 0\.13\. Within what chance alone would give\.$/);
    // 5 of 100: p = 0.0625, but the Wald+2 interval, 0.3 to 9.5 points, excludes 0.
    const borderline = pair('I'.repeat(100), 'CCCCC'.padEnd(100, 'I')).groups[0]?.differences[1];
    if (!borderline) throw new Error('no difference');
    expect(differenceInWords(borderline, true)).toMatch(/95% CI 0\.3 to 9\.5, McNemar exact p = 0\.063\. Borderline: the test \(p = 0\.063\) and the approximate interval disagree; treat it as inconclusive\.$/);
  });

  it('compares a results table, which names no reducer, with a log whose reducer is the default mean', () => {
    const comparison = buildComparison(
      [
        { run: benchmarkRun({ id: 'table', sourceKind: 'results-table', metrics: [accuracy(0.5, 0.03)] }), index: null },
        { run: benchmarkRun({ id: 'log', metrics: [{ ...accuracy(0.6, 0.04), reducer: 'mean' }] }), index: sampleIndexOf(gradedRows('CCI')) },
      ],
      [],
    );
    expect(comparison.groups).toHaveLength(1);
    expect(comparison.groups[0]?.differences[1]?.estimate?.method).toBe('unpaired');
  });

  it('averages each sample’s epochs before pairing, so three identical epochs count as one sample', () => {
    const epochs = (grades: string) => [1, 2, 3].flatMap((epoch) => gradedRows(grades).map((r) => ({ ...r, epoch })));
    const three = buildComparison(
      [
        { run: benchmarkRun({ id: 'a', epochs: 3 }), index: sampleIndexOf(epochs('CIII')) },
        { run: benchmarkRun({ id: 'b', epochs: 3 }), index: sampleIndexOf(epochs('CCCC')) },
      ],
      [],
    );
    const one = pair('CIII', 'CCCC');
    expect(three.groups[0]?.differences[1]?.counts).toEqual({ bothPass: 1, onlyA: 0, onlyB: 3, bothFail: 0 });
    expect(three.groups[0]?.differences[1]?.estimate).toEqual(one.groups[0]?.differences[1]?.estimate);
    expect(three.samples).toHaveLength(12);
  });

  it('tests only metrics that are means of sample scores, keeps reducers apart, and skips a NaN baseline', () => {
    const metrics = [accuracy(0.25, 0.1), { ...accuracy(0.43, null), name: 'std' }, { ...accuracy(0.5, 0.1), reducer: 'max' }];
    const comparison = buildComparison(
      [
        { run: benchmarkRun({ id: 'nan', metrics: [accuracy(Number.NaN, null)] }), index: null },
        { run: benchmarkRun({ id: 'a', metrics }), index: sampleIndexOf(gradedRows('CIII')) },
        { run: benchmarkRun({ id: 'b', metrics: metrics.map((m) => ({ ...m, value: m.value + 0.25 })) }), index: sampleIndexOf(gradedRows('CCII')) },
      ],
      [],
    );
    expect(comparison.groups.map((g) => describeMetric(g))).toEqual(['includes/accuracy', 'includes/accuracy (max)', 'includes/std']);
    const [accuracyGroup, maxGroup, stdGroup] = comparison.groups;
    // B is compared with A, the first run with a value, not with the NaN run.
    expect(accuracyGroup?.differences[2]).toMatchObject({ baselineIndex: 1, counts: { onlyB: 1 } });
    expect(maxGroup?.differences[2]?.estimate?.method).toBe('mcnemar');
    expect(stdGroup?.differences[2]?.estimate).toBeNull();
    expect(stdGroup?.differences[2]?.counts).toBeNull();
  });
});

describe('numeric scores', () => {
  const numeric = (values: number[]): SampleRow[] =>
    values.map((value, i) => ({ id: i, epoch: 1, scores: { mean_score: { value, answer: null } }, error: i === 0 ? 'timeout' : null, limit: null, transcript: null }));

  it('leaves a paired bootstrap to run, then states its result', () => {
    const run = (id: string, value: number) => benchmarkRun({ id, task: 'inspect_evals/cyse2_interpreter_abuse', benchmark: 'cyse2_interpreter_abuse', scorers: ['mean_score'], metrics: [accuracy(value, 0.01, 'mean_score')] });
    const comparison = buildComparison(
      [
        { run: run('a', 0.3), index: sampleIndexOf(numeric([0.2, 0.4, 0.3, 0.3])) },
        { run: run('b', 0.5), index: sampleIndexOf(numeric([0.4, 0.6, 0.5, 0.5])) },
      ],
      [],
    );
    const group = comparison.groups[0];
    const pending = group?.differences[1];
    expect(pending?.estimate).toBeNull();
    for (const d of pending?.bootstrap ?? []) expect(d).toBeCloseTo(0.2, 12);
    expect(pending?.bootstrap).toHaveLength(4);
    if (!group || !pending?.bootstrap) throw new Error('no bootstrap');
    const done = withBootstraps(comparison, new Map([[bootstrapKey(group, pending), pairedBootstrap(pending.bootstrap, 199)]]));
    const d = done.groups[0]?.differences[1];
    expect(d && differenceInWords(d, true)).toBe('B scores 20 points higher than A on average over 4 shared samples; 95% CI 20.0 to 20.0 (paired bootstrap), p = 0.0050. Unlikely to be chance at the 95% level.');
    expect(comparison.samples.every((s) => s.disagree && s.errored === (s.id === 0))).toBe(true);
  });
});
