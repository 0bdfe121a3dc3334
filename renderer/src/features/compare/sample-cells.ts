import type { Comparison, JoinedSample } from '../../../../shared/compare/comparison.js';
import type { SampleViewRow } from '../../../../shared/compare/sample-order.js';
import type { SampleRow } from '../../../../shared/results/benchmark-run.js';
import { ScoreKind, formatIndexedScore } from '../../../../shared/results/sample-index.js';
import type { RowCache } from './row-cache.js';

/** The main score of a sample in one run, from the run's score columns. */
export interface IndexedScore {
  readonly value: number;
  readonly kind: number;
}

/** For each run, a reader of its main scorer's column. */
export type ScoreReaders = readonly ((sample: JoinedSample) => IndexedScore | null)[];

export function primaryScores(indexes: Comparison['indexes'], primaryScorers: Comparison['primaryScorers']): ScoreReaders {
  return indexes.map((index, i) => {
    const column = index ? index.scorers.indexOf(primaryScorers[i] ?? '') : -1;
    const values = index?.scores[column];
    const kinds = index?.kinds[column];
    return (sample) => {
      const position = sample.positions[i] ?? -1;
      if (!values || !kinds || position < 0) return null;
      return { value: values[position] ?? Number.NaN, kind: kinds[position] ?? ScoreKind.None };
    };
  });
}

/** Pass and fail read alike whether the log wrote C/I or 1/0. */
export function scoreClass(score: IndexedScore): string {
  if (score.kind === ScoreKind.None || Number.isNaN(score.value)) return 'score--nan';
  return score.value === 1 ? 'score--correct' : score.value === 0 ? 'score--incorrect' : 'score--other';
}

/** A stable key for a row of the view: the sample's position, or the task of a group heading. */
export function rowKey(row: SampleViewRow | undefined): string {
  return row === undefined ? '' : typeof row === 'number' ? String(row) : `task:${row.task}`;
}

export function rowDomId(key: string): string {
  return `compare-row-${encodeURIComponent(key).replace(/%/g, '_')}`;
}

/** Where each visible column sits: its width, and for a pinned column its offset from the left. */
export interface CellLayout {
  readonly id: string;
  readonly size: number;
  readonly left: number | null;
}

/** The layout a key names: `id:size,…|pinned-id,…`, so rows can compare layouts by identity. */
export function cellLayout(key: string): CellLayout[] {
  const [columns = '', pinned = ''] = key.split('|');
  const pinnedIds = pinned === '' ? [] : pinned.split(',');
  let left = 0;
  return columns.split(',').map((entry) => {
    const [id = '', size = '0'] = entry.split(':');
    const width = Number(size);
    const at = pinnedIds.includes(id) ? left : null;
    if (at !== null) left += width;
    return { id, size: width, left: at };
  });
}

/** A cell's text and look: drawn as the cell itself, with no element inside, to keep rows light. */
export interface CellContent {
  readonly text: string;
  readonly className: string;
  readonly title?: string;
}

export function cellContent(sample: JoinedSample, id: string, scores: ScoreReaders, cache: RowCache): CellContent {
  if (id === 'task') return { text: sample.task, className: 'ellipsis', title: sample.task };
  if (id === 'sample') return { text: String(sample.id), className: 'mono ellipsis', title: String(sample.id) };
  if (id === 'epoch') return { text: String(sample.epoch), className: '' };
  const [kind, index] = id.split('-');
  const run = Number(index);
  const position = sample.positions[run] ?? -1;
  if (position < 0) return { text: '—', className: 'muted' };
  if (kind === 'score') {
    const score = scores[run]?.(sample);
    return score ? { text: formatIndexedScore(score.kind, score.value), className: `score ${scoreClass(score)}` } : { text: '—', className: 'muted' };
  }
  const row = cache.row(run, position);
  if (row === undefined) return { text: '…', className: 'muted' };
  if (row === null) return { text: 'could not be read', className: 'muted' };
  if (kind === 'answer') {
    const answer = answerOf(row, cache.scorerOf(run));
    return { text: answer, className: 'mono ellipsis', title: answer };
  }
  const problem = problemOf(row);
  return { text: problem, className: 'ellipsis sample-error', title: problem };
}

/** The answer a run's main scorer recorded for a sample, or the first any scorer did. */
export function answerOf(row: SampleRow, scorer: string | null): string {
  return (scorer === null ? undefined : row.scores[scorer]?.answer) ?? Object.values(row.scores)[0]?.answer ?? '';
}

/** A sample's error, or the limit it hit, as one line. */
export function problemOf(row: SampleRow): string {
  return row.error ?? (row.limit === null ? '' : `limit: ${row.limit}`);
}
