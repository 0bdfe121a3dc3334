import type { LogHeadline } from '../../../../../shared/inspect/log-headline.js';
import type { ParsedRun } from '../../../../../shared/results/benchmark-run.js';
import type { SampleIndexData } from '../../../../../shared/results/sample-index.js';

/** Messages between the import page and its workers. */
export type ToLogWorker =
  /** Read the file, staging its sample chunks under `importId` in the database named. */
  | { readonly type: 'read'; readonly file: File; readonly databaseName: string; readonly importId: string }
  | { readonly type: 'cancel' };

/** `invalid-input`: the file's problem (or one reading it); `failed`: its chunks could not be stored. */
export type LogFailure = 'cancelled' | 'invalid-input' | 'failed';

export type FromLogWorker =
  /** `samples`: how many are staged so far. */
  | { readonly type: 'progress'; readonly done: number; readonly total: number; readonly samples: number }
  /** Every chunk is staged; the page files the run with them. */
  | { readonly type: 'done'; readonly run: ParsedRun; readonly chunks: number; readonly index: SampleIndexData }
  | { readonly type: 'failed'; readonly message: string; readonly code: LogFailure };

/**
 * Chunks read and not yet stored, at most: the worker reads on while IndexedDB writes (those
 * waiting go together in one transaction), and rows never pile up.
 */
export const CHUNKS_IN_FLIGHT = 8;

export type ToHashWorker = { readonly type: 'hash'; readonly file: File } | { readonly type: 'cancel' };

export type FromHashWorker =
  | { readonly type: 'progress'; readonly done: number; readonly total: number }
  | { readonly type: 'done'; readonly sha256: string }
  | { readonly type: 'failed'; readonly message: string; readonly cancelled: boolean };

export type ToHeadlineWorker = { readonly type: 'headline'; readonly file: File };

/** `refused`: the file is not a log the import reads, and why; `failed`: the reader itself stopped. */
export type FromHeadlineWorker =
  | { readonly type: 'headline'; readonly headline: LogHeadline }
  | { readonly type: 'refused'; readonly problem: string }
  | { readonly type: 'failed'; readonly message: string };

/** Messages between the import page and the worker that stages what the desktop's intake process reads. */
export type ToIntakeStager =
  /** Ask the intake process at the other end of `port` for its file, staging its rows under `importId`. */
  | { readonly type: 'stage'; readonly port: MessagePort; readonly databaseName: string; readonly importId: string }
  | { readonly type: 'cancel' };

/** A log read by the intake process and staged in full: what the page files the run with. */
export interface StagedIntake {
  readonly run: ParsedRun;
  readonly sha256: string;
  readonly size: number;
  readonly chunks: number;
  readonly index: SampleIndexData;
}

export type FromIntakeStager =
  | { readonly type: 'progress'; readonly done: number; readonly total: number; readonly samples: number }
  | { readonly type: 'done'; readonly staged: StagedIntake }
  | { readonly type: 'failed'; readonly message: string; readonly code: LogFailure };
