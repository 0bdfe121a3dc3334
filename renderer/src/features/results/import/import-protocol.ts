import type { LogHeadline } from '../../../../../shared/inspect/log-headline.js';
import type { ParsedRun, SampleRow } from '../../../../../shared/results/benchmark-run.js';
import type { SampleIndexData } from '../../../../../shared/results/sample-index.js';

/** Messages between the import page and its workers. */
export type ToLogWorker = { readonly type: 'read'; readonly file: File } | { readonly type: 'ack'; readonly index: number } | { readonly type: 'cancel' };

export type FromLogWorker =
  | { readonly type: 'progress'; readonly done: number; readonly total: number; readonly samples: number }
  /**
   * A chunk of rows. At most ROWS_IN_FLIGHT chunks await their `ack` at once: the worker reads on
   * while the page stores, and rows never pile up.
   */
  | { readonly type: 'rows'; readonly index: number; readonly rows: readonly SampleRow[] }
  | { readonly type: 'done'; readonly run: ParsedRun; readonly chunks: number; readonly index: SampleIndexData }
  | { readonly type: 'failed'; readonly message: string; readonly cancelled: boolean };

export const ROWS_IN_FLIGHT = 4;

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
