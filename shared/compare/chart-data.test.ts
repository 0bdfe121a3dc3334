import { describe, expect, it } from 'vitest';
import { accuracy, benchmarkRun, gradedRows } from '../../test/fixtures/benchmark-runs.js';
import { cybenchThreshold } from '../../test/fixtures/review-data.js';
import { sampleIndexOf } from '../results/sample-index.js';
import type { Threshold } from '../thresholds/threshold.js';
import { forestOf, solveMatrixOf, sortSolveRows } from './chart-data.js';
import { buildComparison } from './comparison.js';

const threshold: Threshold = { ...cybenchThreshold({ metric: 'accuracy', value: 0.3 }), id: 't1', createdAt: '', updatedAt: '', revision: 1 };

describe('the charts of 40 CTF challenges run three times', () => {
  // A solves 5; B the same 5 and 7 more; C solves 4 of A's 5 and errors on the fifth, and never ran the last 10.
  const rowsA = gradedRows('CCCCC'.padEnd(40, 'I'));
  const rowsB = gradedRows('CCCCCCCCCCCC'.padEnd(40, 'I'));
  const rowsC = gradedRows('CCCCI'.padEnd(30, 'I')).map((r, i) => (i === 4 ? { ...r, error: 'sandbox timed out' } : r));
  const comparison = buildComparison(
    [
      { run: benchmarkRun({ id: 'a', metrics: [accuracy(5 / 40, 0.05)] }), index: sampleIndexOf(rowsA) },
      { run: benchmarkRun({ id: 'b', metrics: [accuracy(12 / 40, 0.07)] }), index: sampleIndexOf(rowsB) },
      { run: benchmarkRun({ id: 'c', metrics: [accuracy(4 / 30, 0.06)] }), index: sampleIndexOf(rowsC) },
    ],
    [threshold],
  );
  const group = comparison.groups[0];
  if (!group) throw new Error('no group');

  it('draws each difference from the baseline in points, with its interval and where the threshold sits', () => {
    const forest = forestOf(group);
    expect(forest?.unit).toBe('points');
    expect(forest?.baselineIndex).toBe(0);
    const b = forest?.rows.find((r) => r.letter === 'B');
    expect(b?.estimate).toBeCloseTo(17.5, 9);
    expect(b?.low).toBeCloseTo(4.5, 1);
    expect(b?.method).toBe('mcnemar');
    expect(b?.beyondChance).toBe(true);
    // The threshold of 0.3 is 17.5 points above A's 0.125.
    expect(forest?.thresholds).toEqual([{ id: 't1', offset: expect.closeTo(17.5, 9) as number, label: 'threshold ≥ 0.3' }]);
  });

  it('lays the challenges against the runs: solved, failed, errored, missing', () => {
    const matrix = solveMatrixOf(comparison, group);
    if (!matrix) throw new Error('no matrix');
    expect(matrix.rows).toHaveLength(40);
    const row = (id: string) => matrix.rows.find((r) => r.challenge === id);
    expect(row('s0')?.outcomes).toEqual(['solved', 'solved', 'solved']);
    // C's s4 errored but kept its score (I): it counts as failed, as the summary's McNemar test counts it.
    expect(row('s4')?.outcomes).toEqual(['solved', 'solved', 'failed']);
    expect(row('s35')?.outcomes).toEqual(['failed', 'failed', 'missing']);
    expect(matrix.totals[2]).toEqual({ solved: 4, failed: 26, errored: 0, missing: 10 });
  });

  it('marks the discordant pairs McNemar counts, and only against the baseline', () => {
    const matrix = solveMatrixOf(comparison, group);
    const discordantB = matrix?.rows.filter((r) => r.discordant[1]).map((r) => r.challenge);
    // B's 7 extra solves are the 7 "only B" pairs of the summary's McNemar test.
    expect(discordantB).toEqual(['s5', 's6', 's7', 's8', 's9', 's10', 's11']);
    expect(comparison.groups[0]?.differences[1]?.counts).toMatchObject({ onlyA: 0, onlyB: 7 });
    // C's outlined challenges are the summary's pairs for C: s4, solved by A only.
    expect(comparison.groups[0]?.differences[2]?.counts).toMatchObject({ onlyA: 1, onlyB: 0 });
    expect(matrix?.rows.filter((r) => r.discordant[2]).map((r) => r.challenge)).toEqual(['s4']);
    expect(matrix?.rows.some((r) => r.discordant[0])).toBe(false);
  });

  it('sorts by how many runs solve a challenge', () => {
    const matrix = solveMatrixOf(comparison, group);
    const sorted = sortSolveRows(matrix?.rows ?? [], 'most-solved');
    expect(sorted.slice(0, 5).map((r) => r.solvedBy)).toEqual([3, 3, 3, 3, 2]);
    expect(sortSolveRows(matrix?.rows ?? [], 'least-solved')[0]?.solvedBy).toBe(0);
  });
});

it('has no solve matrix for scores with partial credit, nor a forest for a lone run', () => {
  const partial = gradedRows('CCPI');
  const comparison = buildComparison(
    [
      { run: benchmarkRun({ id: 'a', metrics: [accuracy(0.6, 0.1)] }), index: sampleIndexOf(partial) },
      { run: benchmarkRun({ id: 'b', task: 'other-task', metrics: [accuracy(0.5, 0.1)] }), index: sampleIndexOf(partial) },
    ],
    [],
  );
  const group = comparison.groups[0];
  if (!group) throw new Error('no group');
  expect(solveMatrixOf(comparison, group)).toBeNull();
  expect(comparison.groups.every((g) => forestOf(g) === null)).toBe(true);
});

it('outlines no pairs over several epochs, where the summary pairs samples rather than rows', () => {
  const twice = (grades: string) => [...gradedRows(grades), ...gradedRows(grades).map((r) => ({ ...r, epoch: 2 }))];
  const comparison = buildComparison(
    [
      { run: benchmarkRun({ id: 'a', epochs: 2, metrics: [accuracy(0.25, 0.1)] }), index: sampleIndexOf(twice('CIII')) },
      { run: benchmarkRun({ id: 'b', epochs: 2, metrics: [accuracy(0.75, 0.1)] }), index: sampleIndexOf(twice('CCCI')) },
    ],
    [],
  );
  const group = comparison.groups[0];
  if (!group) throw new Error('no group');
  const matrix = solveMatrixOf(comparison, group);
  expect(matrix?.rows.map((r) => r.challenge).slice(0, 2)).toEqual(['s0 (epoch 1)', 's1 (epoch 1)']);
  expect(matrix?.rows.some((r) => r.discordant.some(Boolean))).toBe(false);
});
