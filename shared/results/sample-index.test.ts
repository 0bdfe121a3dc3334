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

  it('keeps every column whole across thousands of rows, a scorer first seen late included', () => {
    const builder = new SampleIndexBuilder();
    const rows = Array.from({ length: 5000 }, (_, i) =>
      row(i, { ...(i % 3 === 0 ? {} : { includes: { value: i % 2 ? 'C' : 'I', answer: null } }), ...(i >= 2100 ? { judge: { value: i / 10_000, answer: null } } : {}) }, { epoch: 1 + (i % 4), error: i % 7 === 0 ? 'x' : null }),
    );
    for (let at = 0; at < rows.length; at += 700) builder.add(rows.slice(at, at + 700));
    const index = builder.build();
    expect(index.ids).toHaveLength(5000);
    expect(index.scorers).toEqual(['includes', 'judge']);
    for (const column of [index.epochs, index.flags, ...index.scores, ...index.kinds]) expect(column.length).toBe(5000);
    for (const i of [0, 1, 2, 1023, 1024, 2099, 2100, 4095, 4096, 4999]) {
      expect(index.epochs[i], `epoch ${i}`).toBe(1 + (i % 4));
      expect(index.flags[i], `flags ${i}`).toBe(i % 7 === 0 ? SAMPLE_ERRORED : 0);
      expect(index.kinds[0]?.[i], `includes ${i}`).toBe(i % 3 === 0 ? ScoreKind.None : i % 2 ? ScoreKind.C : ScoreKind.I);
      expect(index.scores[1]?.[i], `judge ${i}`).toBe(i >= 2100 ? i / 10_000 : Number.NaN);
      expect(index.kinds[1]?.[i], `judge kind ${i}`).toBe(i >= 2100 ? ScoreKind.Number : ScoreKind.None);
    }
    // Stored as they are: each column holds its samples and nothing more.
    expect(index.scores[1]?.buffer.byteLength).toBe(5000 * 8);
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
