import { describe, expect, it } from 'vitest';
import { benchmarkRun, gradedRows } from '../../test/fixtures/benchmark-runs.js';
import { sampleIndexOf } from '../results/sample-index.js';
import { buildComparison } from './comparison.js';
import { orderSamples, type SampleView } from './sample-order.js';

// s0..s5: A solves s0, s1; B solves s1, s2, s3 and errs on s5 (no score).
const a = gradedRows('CCIIII');
const b = gradedRows('ICCCI').concat({ ...gradedRows('I')[0], id: 's5', scores: {}, error: 'sandbox died', limit: null, transcript: null } as never);
const comparison = buildComparison(
  [
    { run: benchmarkRun({ id: 'a' }), index: sampleIndexOf(a) },
    { run: benchmarkRun({ id: 'b' }), index: sampleIndexOf(b) },
  ],
  [],
);
const view: SampleView = { mode: 'all', needle: '', sort: null, groupByTask: false, collapsed: new Set() };
const ids = (rows: readonly unknown[]) => rows.map((r) => (typeof r === 'number' ? String(comparison.samples[r]?.id) : r));

describe('ordering the per-sample view', () => {
  it('sorts by a run’s score either way, with unscored samples last both ways and ties in file order', () => {
    expect(ids(orderSamples(comparison, { ...view, sort: { column: 'score-1', desc: true } }).rows)).toEqual(['s1', 's2', 's3', 's0', 's4', 's5']);
    expect(ids(orderSamples(comparison, { ...view, sort: { column: 'score-1', desc: false } }).rows)).toEqual(['s0', 's4', 's1', 's2', 's3', 's5']);
  });

  it('filters to disagreements, errors or a search before sorting', () => {
    expect(ids(orderSamples(comparison, { ...view, mode: 'disagree' }).rows)).toEqual(['s0', 's2', 's3']);
    expect(ids(orderSamples(comparison, { ...view, mode: 'errors' }).rows)).toEqual(['s5']);
    expect(orderSamples(comparison, { ...view, needle: 's4' })).toEqual({ rows: [4], matching: 1 });
    expect(ids(orderSamples(comparison, { ...view, sort: { column: 'error-1', desc: true } }).rows)[0]).toBe('s5');
    expect(ids(orderSamples(comparison, { ...view, sort: { column: 'sample', desc: true } }).rows)).toEqual(['s5', 's4', 's3', 's2', 's1', 's0']);
  });

  it('sorts numeric sample ids as numbers', () => {
    const numbered = buildComparison(
      [10, 2, 1].map((id, k) => ({ run: benchmarkRun({ id: `r${k}` }), index: sampleIndexOf([{ ...gradedRows('C')[0], id } as never]) })),
      [],
    );
    expect(orderSamples(numbered, { ...view, sort: { column: 'sample', desc: false } }).rows.map((i) => (typeof i === 'number' ? numbered.samples[i]?.id : i))).toEqual([1, 2, 10]);
  });

  it('groups by task with counts, and a closed group hides its samples', () => {
    const open = orderSamples(comparison, { ...view, mode: 'disagree', groupByTask: true });
    expect(open.rows[0]).toEqual({ task: 'inspect_evals/cybench', samples: 3, disagree: 3, expanded: true });
    expect(open.rows).toHaveLength(4);
    const closed = orderSamples(comparison, { ...view, groupByTask: true, collapsed: new Set(['inspect_evals/cybench']) });
    expect(closed).toEqual({ rows: [{ task: 'inspect_evals/cybench', samples: 6, disagree: 3, expanded: false }], matching: 6 });
  });
});
