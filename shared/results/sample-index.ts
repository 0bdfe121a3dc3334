import { SAMPLE_CHUNK_ROWS, scoreToNumber, type SampleRow, type ScoreValue } from './benchmark-run.js';

/**
 * A run's per-sample scores in columns: ids, epochs, and per scorer one number and one kind per
 * sample, in the order of the run's sample chunks. Typed arrays load from IndexedDB as one copy
 * each, so a comparison of 100,000-sample runs reads its statistics, sorting and filtering from
 * here and fetches whole rows (answers, errors) only for the samples on screen.
 */
export interface SampleIndexData {
  readonly ids: readonly (string | number)[];
  readonly epochs: Uint32Array;
  readonly scorers: readonly string[];
  /** Per scorer: the score as a number (Inspect's `C`/`I`/`P`/`N` mapping); NaN where there is none. */
  readonly scores: readonly Float64Array[];
  /** Per scorer: how the score was written (see ScoreKind), so `C` still reads as `C`. */
  readonly kinds: readonly Uint8Array[];
  /** Per sample: SAMPLE_ERRORED and SAMPLE_LIMITED bits. */
  readonly flags: Uint8Array;
}

export interface SampleIndex extends SampleIndexData {
  readonly runId: string;
}

/**
 * A run's columns as stored: the ids as one JSON text, which IndexedDB hands back as a single
 * string (a hundred thousand separate strings take several times longer to read back).
 */
export interface StoredSampleIndex extends Omit<SampleIndexData, 'ids'> {
  readonly runId: string;
  readonly idsJson: string;
}

export function toStoredIndex(runId: string, index: SampleIndexData): StoredSampleIndex {
  const { ids, ...columns } = index;
  return { runId, ...columns, idsJson: JSON.stringify(ids) };
}

export function fromStoredIndex(stored: StoredSampleIndex): SampleIndex {
  const { idsJson, ...columns } = stored;
  return { ...columns, ids: JSON.parse(idsJson) as (string | number)[] };
}

export const SAMPLE_ERRORED = 1;
export const SAMPLE_LIMITED = 2;

/**
 * How a score was written: absent, a number, one of Inspect's letters, a word Inspect reads as a
 * grade (yes/no, true/false, in any case, or a JSON boolean), or anything else (list, dict, text).
 * Stored with each run: new kinds take new numbers, and runs stored before them keep `Other`.
 */
export const ScoreKind = { None: 0, Number: 1, C: 2, I: 3, P: 4, N: 5, Other: 6, Yes: 7, No: 8, True: 9, False: 10 } as const;
export type ScoreKind = (typeof ScoreKind)[keyof typeof ScoreKind];

const GRADE_KINDS: Readonly<Record<string, ScoreKind>> = { C: ScoreKind.C, I: ScoreKind.I, P: ScoreKind.P, N: ScoreKind.N };
const WORD_KINDS: Readonly<Record<string, ScoreKind>> = { yes: ScoreKind.Yes, no: ScoreKind.No, true: ScoreKind.True, false: ScoreKind.False };
const KIND_TEXT: Readonly<Partial<Record<ScoreKind, string>>> = {
  [ScoreKind.C]: 'C',
  [ScoreKind.I]: 'I',
  [ScoreKind.P]: 'P',
  [ScoreKind.N]: 'N',
  [ScoreKind.Yes]: 'yes',
  [ScoreKind.No]: 'no',
  [ScoreKind.True]: 'true',
  [ScoreKind.False]: 'false',
};

function kindOf(value: ScoreValue | undefined): ScoreKind {
  if (value === undefined || value === null) return ScoreKind.None;
  if (typeof value === 'number') return ScoreKind.Number;
  if (typeof value === 'boolean') return value ? ScoreKind.True : ScoreKind.False;
  if (typeof value === 'string') return GRADE_KINDS[value] ?? WORD_KINDS[value.trim().toLowerCase()] ?? ScoreKind.Other;
  return ScoreKind.Other;
}

/** A score as the per-sample views show it: the grade or word as written, or the number; `—` for none. */
export function formatIndexedScore(kind: number, value: number): string {
  if (kind === ScoreKind.None) return '—';
  const text = KIND_TEXT[kind as ScoreKind];
  if (text) return text;
  if (Number.isNaN(value)) return kind === ScoreKind.Number ? 'NaN' : 'other';
  return String(Math.round(value * 1000) / 1000);
}

/** One scorer's column while rows arrive: NaN and no kind where a sample has no score from it. */
interface Column {
  scores: Float64Array;
  kinds: Uint8Array;
}

/**
 * Gathers rows, chunk by chunk in file order, into a run's index: straight into typed arrays,
 * doubled as they fill, so a row costs a few stores rather than boxed numbers in growing lists.
 */
export class SampleIndexBuilder {
  private readonly ids: (string | number)[] = [];
  private length = 0;
  private capacity = 1024;
  private epochs = new Uint32Array(this.capacity);
  private flags = new Uint8Array(this.capacity);
  private readonly columns = new Map<string, Column>();
  // Most runs have one scorer: its column is kept at hand rather than looked up per row.
  private lastScorer = '';
  private lastColumn: Column | undefined;

  add(rows: readonly SampleRow[]): void {
    for (const row of rows) {
      const at = this.length;
      if (at === this.capacity) this.grow();
      this.length++;
      this.ids.push(row.id);
      this.epochs[at] = row.epoch;
      this.flags[at] = (row.error !== null ? SAMPLE_ERRORED : 0) | (row.limit !== null ? SAMPLE_LIMITED : 0);
      for (const scorer in row.scores) {
        const score = row.scores[scorer];
        if (!score) continue;
        const column = scorer === this.lastScorer && this.lastColumn ? this.lastColumn : this.columnOf(scorer);
        column.scores[at] = scoreToNumber(score.value) ?? Number.NaN;
        column.kinds[at] = kindOf(score.value);
      }
    }
  }

  build(): SampleIndexData {
    const n = this.length;
    const scorers = [...this.columns.keys()];
    const columns = [...this.columns.values()];
    return {
      ids: this.ids,
      epochs: this.epochs.slice(0, n),
      scorers,
      scores: columns.map((c) => c.scores.slice(0, n)),
      kinds: columns.map((c) => c.kinds.slice(0, n)),
      flags: this.flags.slice(0, n),
    };
  }

  private columnOf(scorer: string): Column {
    let column = this.columns.get(scorer);
    if (!column) {
      // A scorer first seen part-way through: the samples before it have no score from it.
      column = { scores: new Float64Array(this.capacity).fill(Number.NaN), kinds: new Uint8Array(this.capacity) };
      this.columns.set(scorer, column);
    }
    this.lastScorer = scorer;
    this.lastColumn = column;
    return column;
  }

  private grow(): void {
    const capacity = this.capacity * 2;
    const larger = <T extends Uint32Array | Uint8Array | Float64Array>(old: T, make: (n: number) => T): T => {
      const next = make(capacity);
      next.set(old);
      return next;
    };
    this.epochs = larger(this.epochs, (n) => new Uint32Array(n));
    this.flags = larger(this.flags, (n) => new Uint8Array(n));
    for (const column of this.columns.values()) {
      column.scores = larger(column.scores, (n) => new Float64Array(n).fill(Number.NaN));
      column.kinds = larger(column.kinds, (n) => new Uint8Array(n));
    }
    this.capacity = capacity;
  }
}

export function sampleIndexOf(rows: readonly SampleRow[]): SampleIndexData {
  const builder = new SampleIndexBuilder();
  builder.add(rows);
  return builder.build();
}

/** Where the row at `position` of a run's index is stored: its chunk, and its place in the chunk. */
export function chunkOf(position: number): { readonly chunk: number; readonly offset: number } {
  return { chunk: Math.floor(position / SAMPLE_CHUNK_ROWS), offset: position % SAMPLE_CHUNK_ROWS };
}

/** The index's own problems, checked before it is stored with its run. */
export function sampleIndexProblem(index: SampleIndexData, expectedSamples: number): string | null {
  const n = index.ids.length;
  if (n !== expectedSamples) return `the score index lists ${n} samples, the run ${expectedSamples}`;
  if (index.epochs.length !== n || index.flags.length !== n) return 'the score index has columns of different lengths';
  if (index.scores.length !== index.scorers.length || index.kinds.length !== index.scorers.length) return 'the score index has a scorer without its column';
  if (index.scores.some((c) => c.length !== n) || index.kinds.some((c) => c.length !== n)) return 'the score index has columns of different lengths';
  return null;
}
