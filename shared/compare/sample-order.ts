import { SAMPLE_ERRORED, SAMPLE_LIMITED } from '../results/sample-index.js';
import type { Comparison, JoinedSample } from './comparison.js';

/**
 * The per-sample view's rows: the comparison's samples filtered, sorted and grouped, as positions
 * in `comparison.samples`. Sorting reads the runs' score columns directly, one typed array per
 * sort, so reordering a hundred thousand samples allocates no object per row.
 */

export type SampleMode = 'all' | 'disagree' | 'errors';

export interface SampleSort {
  /** `task`, `sample`, `epoch`, `score-<run>` or `error-<run>`. */
  readonly column: string;
  readonly desc: boolean;
}

export interface SampleView {
  readonly mode: SampleMode;
  /** Lower-case text a sample's id or task must contain; empty for all. */
  readonly needle: string;
  readonly sort: SampleSort | null;
  readonly groupByTask: boolean;
  /** Tasks whose group is closed. */
  readonly collapsed: ReadonlySet<string>;
}

export interface TaskGroupRow {
  readonly task: string;
  readonly samples: number;
  readonly disagree: number;
  readonly expanded: boolean;
}

/** A row of the view: a sample (its position in `comparison.samples`), or a task's group heading. */
export type SampleViewRow = number | TaskGroupRow;

export interface OrderedSamples {
  readonly rows: readonly SampleViewRow[];
  /** Samples that pass the filter, whether or not their group is open. */
  readonly matching: number;
}

/** What ordering reads of a comparison: none of its statistics, so finishing a bootstrap does not re-sort. */
export type SampleData = Pick<Comparison, 'samples' | 'indexes' | 'primaryScorers'>;

export function orderSamples(comparison: SampleData, view: SampleView): OrderedSamples {
  return viewRows(comparison, sortedSamples(comparison, view.sort), view);
}

/** Every sample's position in the order of one sort (or as joined): computed once per sort, then filtered. */
export function sortedSamples(comparison: SampleData, sort: SampleSort | null): readonly number[] {
  const all = Array.from(comparison.samples, (_, i) => i);
  return sort ? sortBy(comparison, all, sort) : all;
}

/** The view's rows from samples already sorted: the filter keeps their order, then groups them. */
export function viewRows(comparison: SampleData, sorted: readonly number[], view: Omit<SampleView, 'sort'>): OrderedSamples {
  const samples = comparison.samples;
  const kept: number[] = [];
  for (const i of sorted) {
    const s = samples[i];
    if (s && passes(s, view)) kept.push(i);
  }
  if (!view.groupByTask) return { rows: kept, matching: kept.length };
  const byTask = new Map<string, number[]>();
  for (const i of kept) {
    const task = samples[i]?.task ?? '';
    let members = byTask.get(task);
    if (!members) byTask.set(task, (members = []));
    members.push(i);
  }
  const rows: SampleViewRow[] = [];
  for (const task of [...byTask.keys()].sort()) {
    const members = byTask.get(task) ?? [];
    const expanded = !view.collapsed.has(task);
    rows.push({ task, samples: members.length, disagree: members.filter((i) => samples[i]?.disagree).length, expanded });
    if (expanded) for (const i of members) rows.push(i);
  }
  return { rows, matching: kept.length };
}

function passes(s: JoinedSample, view: Pick<SampleView, 'mode' | 'needle'>): boolean {
  if (view.mode === 'disagree' && !s.disagree) return false;
  if (view.mode === 'errors' && !s.errored) return false;
  return view.needle === '' || String(s.id).toLowerCase().includes(view.needle) || s.task.toLowerCase().includes(view.needle);
}

/** Sorts positions by one column; samples without a value go last whichever the direction; ties keep their order. */
function sortBy(comparison: SampleData, kept: readonly number[], sort: SampleSort): number[] {
  const samples = comparison.samples;
  const sign = sort.desc ? -1 : 1;
  const [kind, run] = sort.column.split('-');
  const order = Uint32Array.from(kept);
  // Numeric sample ids (1, 2, 10) sort as numbers, not as text.
  const numericIds = kind === 'sample' && kept.every((i) => typeof samples[i]?.id === 'number');
  if (kind === 'task' || (kind === 'sample' && !numericIds)) {
    const keys: string[] = new Array<string>(samples.length);
    for (const i of kept) keys[i] = kind === 'task' ? (samples[i]?.task ?? '') : String(samples[i]?.id ?? '');
    order.sort((a, b) => {
      const [x, y] = [keys[a] ?? '', keys[b] ?? ''];
      return x < y ? -sign : x > y ? sign : a - b;
    });
    return Array.from(order);
  }
  // The keys are read once into a typed array, which the comparator indexes directly.
  const numeric = numericKeys(comparison, kind ?? '', Number(run));
  const keys = new Float64Array(samples.length);
  for (const i of kept) keys[i] = numeric(i);
  order.sort((a, b) => {
    const [x, y] = [keys[a] ?? Number.NaN, keys[b] ?? Number.NaN];
    const [xMissing, yMissing] = [Number.isNaN(x), Number.isNaN(y)];
    if (xMissing || yMissing) return xMissing && yMissing ? a - b : xMissing ? 1 : -1;
    return x !== y ? sign * (x - y) : a - b;
  });
  return Array.from(order);
}

/** A sample's value in a numeric column, NaN where it has none. */
function numericKeys(comparison: SampleData, kind: string, run: number): (sample: number) => number {
  const samples = comparison.samples;
  if (kind === 'epoch') return (i) => samples[i]?.epoch ?? Number.NaN;
  if (kind === 'sample') return (i) => Number(samples[i]?.id);
  const index = comparison.indexes[run];
  if (!index) return () => Number.NaN;
  if (kind === 'error') {
    // Errors above limits above neither; a sample the run lacks has no value.
    return (i) => {
      const position = samples[i]?.positions[run] ?? -1;
      if (position < 0) return Number.NaN;
      const flags = index.flags[position] ?? 0;
      return (flags & SAMPLE_ERRORED) !== 0 ? 2 : (flags & SAMPLE_LIMITED) !== 0 ? 1 : 0;
    };
  }
  const column = index.scores[index.scorers.indexOf(comparison.primaryScorers[run] ?? '')];
  return (i) => column?.[samples[i]?.positions[run] ?? -1] ?? Number.NaN;
}
