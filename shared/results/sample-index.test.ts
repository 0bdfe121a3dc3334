import { describe, expect, it } from 'vitest';
import type { SampleRow } from './benchmark-run.js';
import { SAMPLE_ERRORED, SAMPLE_LIMITED, SampleIndexBuilder, ScoreKind, chunkOf, formatIndexedScore, sampleIndexProblem } from './sample-index.js';

function row(id: string | number, scores: SampleRow['scores'], fields: Partial<SampleRow> = {}): SampleRow {
  return { id, epoch: 1, scores, error: null, limit: null, transcript: null, ...fields };
}

describe('a run’s scores in columns', () => {
  it('keeps every sample in order, each scorer as numbers and as written, and errors and limits as flags', () => {
    const builder = new SampleIndexBuilder();
    builder.add([row('a', { includes: { value: 'C', answer: null } }), row(2, { includes: { value: 'I', answer: null } }, { error: 'timeout', epoch: 3 })]);
    // A second scorer first seen in the third sample; the first scorer missing from the fourth.
    builder.add([row('c', { includes: { value: 0.5, answer: null }, judge: { value: 'P', answer: null } }, { limit: 'tokens' }), row('d', { judge: { value: { nested: 1 }, answer: null } })]);
    const index = builder.build();
    expect(index.ids).toEqual(['a', 2, 'c', 'd']);
    expect(Array.from(index.epochs)).toEqual([1, 3, 1, 1]);
    expect(index.scorers).toEqual(['includes', 'judge']);
    expect(Array.from(index.scores[0] ?? [])).toEqual([1, 0, 0.5, Number.NaN]);
    expect(Array.from(index.kinds[0] ?? [])).toEqual([ScoreKind.C, ScoreKind.I, ScoreKind.Number, ScoreKind.None]);
    expect(Array.from(index.scores[1] ?? [])).toEqual([Number.NaN, Number.NaN, 0.5, Number.NaN]);
    expect(Array.from(index.kinds[1] ?? [])).toEqual([ScoreKind.None, ScoreKind.None, ScoreKind.P, ScoreKind.Other]);
    expect(Array.from(index.flags)).toEqual([0, SAMPLE_ERRORED, SAMPLE_LIMITED, 0]);
    expect(sampleIndexProblem(index, 4)).toBeNull();
    expect(sampleIndexProblem(index, 5)).toBe('the score index lists 4 samples, the run 5');
  });

  it('keeps the words Inspect reads as grades, so yes reads as yes rather than 1', () => {
    const scores = (value: SampleRow['scores'][string]['value']) => ({ judge: { value, answer: null } });
    const builder = new SampleIndexBuilder();
    builder.add([row(1, scores('Yes')), row(2, scores(' no ')), row(3, scores(true)), row(4, scores('FALSE')), row(5, scores('maybe'))]);
    const index = builder.build();
    expect(Array.from(index.scores[0] ?? [])).toEqual([1, 0, 1, 0, Number.NaN]);
    const shown = Array.from(index.kinds[0] ?? [], (kind, i) => formatIndexedScore(kind, index.scores[0]?.[i] ?? Number.NaN));
    expect(shown).toEqual(['yes', 'no', 'true', 'false', 'other']);
  });

  it('shows a score as it was written, and finds a position’s chunk', () => {
    expect([formatIndexedScore(ScoreKind.C, 1), formatIndexedScore(ScoreKind.Number, 0.33333), formatIndexedScore(ScoreKind.Number, Number.NaN), formatIndexedScore(ScoreKind.None, Number.NaN)]).toEqual(['C', '0.333', 'NaN', '—']);
    expect(chunkOf(0)).toEqual({ chunk: 0, offset: 0 });
    expect(chunkOf(2_345)).toEqual({ chunk: 2, offset: 345 });
  });
});
