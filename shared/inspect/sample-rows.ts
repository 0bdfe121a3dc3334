import { FileProblem } from '../errors/file-problem.js';
import { SAMPLE_CHUNK_ROWS, type SampleRow, type SampleScore, type ScoreValue } from '../results/benchmark-run.js';
import type { SampleScoresInput } from './inspect-schema.js';

/** Answers and errors are kept for reading at a glance; the full text stays in the source file. */
export const ANSWER_LIMIT = 2000;
export const ERROR_LIMIT = 4000;

/** A sample-epoch's identity, as Inspect names its entries: `{id}_epoch_{epoch}`. */
export function sampleKey(id: string | number, epoch: number): string {
  return `${String(id)}_epoch_${epoch}`;
}

export function toSampleRow(input: SampleScoresInput, transcript: string | null): SampleRow {
  const scores: Record<string, SampleScore> = {};
  const given = input.scores;
  for (const scorer in given) {
    const score = given[scorer];
    if (!score || !Object.hasOwn(given, scorer)) continue;
    scores[scorer] = { value: score.value as ScoreValue, answer: clip(score.answer ?? null, ANSWER_LIMIT) };
  }
  const error = input.error == null ? null : typeof input.error === 'string' ? input.error : input.error.message;
  const limit =
    // Summaries record only the kind of limit; whole samples say the same, so both read alike.
    input.limit == null ? null : typeof input.limit === 'string' ? input.limit : input.limit.type;
  return { id: input.id, epoch: input.epoch, scores, error: clip(error, ERROR_LIMIT), limit: clip(limit, 200), transcript };
}

export function clip(text: string | null, limit: number): string | null {
  return text === null || text.length <= limit ? text : `${text.slice(0, limit)}…`;
}

/** A sample counts as scored when at least one scorer gave it a value (NaN means unscored). */
export function isScored(row: SampleRow): boolean {
  for (const scorer in row.scores) {
    const value = row.scores[scorer]?.value;
    if (value !== undefined && value !== null && !(typeof value === 'number' && Number.isNaN(value))) return true;
  }
  return false;
}

export interface RowTally {
  read: number;
  scored: number;
  unscored: number;
  errored: number;
  limited: number;
}

/**
 * Gathers rows into chunks for storage, refusing a sample-epoch seen twice, and counts them.
 * The reader drains the sink after each batch; `emit` is awaited, so a slow writer slows the
 * reader instead of rows piling up in memory.
 */
export class SampleRowSink {
  readonly tally: RowTally = { read: 0, scored: 0, unscored: 0, errored: 0, limited: 0 };
  private readonly seen = new Set<string>();
  private buffer: SampleRow[] = [];

  constructor(
    private readonly fileName: string,
    private readonly emit: (rows: SampleRow[]) => Promise<void>,
  ) {}

  /** `key` is the row's sampleKey, when the caller has it already. */
  add(row: SampleRow, where: string, key: string = sampleKey(row.id, row.epoch)): void {
    if (this.seen.has(key)) throw this.repeated(row, where);
    this.seen.add(key);
    this.addNew(row);
  }

  /** A row the caller knows is of a sample-epoch not added before (its transcript was claimed once). */
  addNew(row: SampleRow): void {
    this.tally.read++;
    if (isScored(row)) this.tally.scored++;
    else this.tally.unscored++;
    if (row.error !== null) this.tally.errored++;
    if (row.limit !== null) this.tally.limited++;
    this.buffer.push(row);
  }

  repeated(row: SampleRow, where: string): FileProblem {
    return new FileProblem(this.fileName, `sample ${JSON.stringify(row.id)} epoch ${row.epoch} appears twice (${where}); a log holds each sample-epoch once.`);
  }

  /** Emits every full chunk gathered so far. */
  async drain(): Promise<void> {
    while (this.buffer.length >= SAMPLE_CHUNK_ROWS) {
      await this.emit(this.buffer.splice(0, SAMPLE_CHUNK_ROWS));
    }
  }

  /** Emits everything gathered, the last chunk possibly short. */
  async flush(): Promise<void> {
    await this.drain();
    if (this.buffer.length === 0) return;
    const rows = this.buffer;
    this.buffer = [];
    await this.emit(rows);
  }
}
