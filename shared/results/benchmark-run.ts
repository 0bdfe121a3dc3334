import type { JsonValue } from '../audit/audit-event.js';
import type { Marking } from '../marking/marking.js';

/**
 * Evaluation results as Frontier Review keeps them: one record per run (an Inspect eval log, or
 * one model's rows of a results table), and its per-sample scores in chunks of their own.
 * Transcripts are never copied in: they stay in the file the reviewer keeps.
 */

/** Who produced a result: the developer's own claim, or the government's reproduction of it. */
export const PROVENANCES = ['developer-reported', 'government-reproduced'] as const;
export type Provenance = (typeof PROVENANCES)[number];
export const PROVENANCE_LABELS: Readonly<Record<Provenance, string>> = {
  'developer-reported': 'Developer-reported',
  'government-reproduced': 'Government-reproduced',
};

export const RUN_STATUSES = ['success', 'cancelled', 'error', 'started'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
export const RUN_STATUS_LABELS: Readonly<Record<RunStatus, string>> = {
  success: 'Complete',
  cancelled: 'Cancelled',
  error: 'Error',
  started: 'In progress',
};

export type RunSourceKind = 'inspect-eval' | 'inspect-json' | 'results-table';

export interface RunSource {
  readonly kind: RunSourceKind;
  readonly fileName: string;
  readonly size: number;
  /** SHA-256 of the whole file, hex: pins the run to the exact bytes it came from. */
  readonly sha256: string;
}

export interface RunMetric {
  /** The scorer (and reducer, if any) the metric summarises, e.g. `includes` or `match`. */
  readonly scorer: string;
  readonly reducer: string | null;
  /** e.g. `accuracy`, `mean`. Stderr is kept with the metric it belongs to, not as a metric of its own. */
  readonly name: string;
  /** NaN when the log reports NaN (nothing scored). */
  readonly value: number;
  readonly stderr: number | null;
  /** Samples behind the value, when known (results tables often give it). */
  readonly n: number | null;
}

export interface SampleCounts {
  /** Samples the dataset offered times epochs, when the log says. */
  readonly total: number | null;
  readonly completed: number | null;
  /** Sample-epochs read from the file. */
  readonly read: number;
  readonly scored: number;
  readonly unscored: number;
  readonly errored: number;
  readonly limited: number;
}

export interface TokenUsage {
  readonly model: string;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly totalTokens: number;
}

/** What a reader takes from a file: everything about a run except where it is filed. */
export interface ParsedRun {
  readonly sourceKind: RunSourceKind;
  /** Inspect's log format version; null for results tables. */
  readonly logVersion: number | null;
  /** Short benchmark name, e.g. `cybench` for the task `inspect_evals/cybench`. */
  readonly benchmark: string;
  readonly task: string;
  readonly taskVersion: string | null;
  readonly model: string;
  readonly modelArgs: JsonValue;
  readonly dataset: { readonly name: string | null; readonly location: string | null; readonly samples: number | null } | null;
  readonly epochs: number | null;
  readonly scorers: readonly string[];
  readonly metrics: readonly RunMetric[];
  readonly samples: SampleCounts;
  readonly tokenUsage: readonly TokenUsage[];
  readonly startedAt: string | null;
  readonly completedAt: string | null;
  readonly status: RunStatus;
  readonly error: string | null;
  readonly evalId: string | null;
  readonly runId: string | null;
  /** Things the reviewer should know about how the file was read, in words. */
  readonly notes: readonly string[];
}

/** Whether a run measured the model under review or a reference model it is compared with. */
export const RUN_ROLES = ['subject', 'reference'] as const;
export type RunRole = (typeof RUN_ROLES)[number];

export interface BenchmarkRun extends ParsedRun {
  readonly id: string;
  readonly packetId: string;
  readonly provenance: Provenance;
  readonly role: RunRole;
  readonly marking: Marking;
  readonly source: RunSource;
  /** How many sample-score chunks belong to the run. */
  readonly sampleChunks: number;
  readonly importedAt: string;
}

/** A score as Inspect records it: a number, `C`/`I`/`P`/`N`, a boolean, a list or a dict. */
export type ScoreValue = number | string | boolean | null | readonly JsonValue[] | Readonly<Record<string, JsonValue>>;

export interface SampleScore {
  readonly value: ScoreValue;
  readonly answer: string | null;
}

export interface SampleRow {
  readonly id: string | number;
  readonly epoch: number;
  readonly scores: Readonly<Record<string, SampleScore>>;
  readonly error: string | null;
  readonly limit: string | null;
  /** Where the transcript lives in the source file, to open it on demand; null if it has none. */
  readonly transcript: string | null;
}

/** Per-sample scores are stored this many to a record: one record per row is far too slow. */
export const SAMPLE_CHUNK_ROWS = 1000;

export interface SampleChunk {
  readonly runId: string;
  readonly index: number;
  readonly rows: readonly SampleRow[];
}

/** Inspect's own mapping of letter grades to numbers (`value_to_float`). */
export function scoreToNumber(value: ScoreValue): number | null {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string') {
    // The grades nearly every sample has, without the string work of the general case.
    if (value === 'C') return 1;
    if (value === 'I') return 0;
    switch (value.trim().toUpperCase()) {
      case 'C':
      case 'YES':
      case 'TRUE':
        return 1;
      case 'I':
      case 'N':
      case 'NO':
      case 'FALSE':
        return 0;
      case 'P':
        return 0.5;
      default: {
        const n = Number(value);
        return value.trim() !== '' && Number.isFinite(n) ? n : null;
      }
    }
  }
  return null;
}

/** `inspect_evals/cybench` → `cybench`; `popularity` stays. */
export function benchmarkOfTask(task: string): string {
  const slash = task.lastIndexOf('/');
  return slash >= 0 ? task.slice(slash + 1) : task;
}
