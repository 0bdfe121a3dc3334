import type { AppErrorCode } from '../errors/result.js';
import type { ParsedRun, SampleRow } from '../results/benchmark-run.js';
import type { SampleIndexData } from '../results/sample-index.js';

/*
 * The desktop app's intake of Inspect logs: a utility process of its own reads a log the user
 * picked in the desktop's file dialog and hands its rows to the page's staging over a message
 * port. The main process binds each port to the one file it was opened for, so nothing sent over
 * it names a path: the page can intake only files the user picked.
 */

/** The main process to the intake process (its parentPort), with one port in `ports`. */
export interface IntakeConnect {
  readonly type: 'connect';
  /** The file this port reads: its path on disk, never seen by the page, and its name for messages. */
  readonly file: { readonly path: string; readonly name: string };
}

/**
 * Chunks sent and not yet acknowledged, at most: the process reads on while the page stages
 * (as the browser build's reader does with `CHUNKS_IN_FLIGHT`), and rows never pile up in a port.
 */
export const INTAKE_CHUNKS_IN_FLIGHT = 8;

/** The page (its staging worker) to the intake process. */
export type ToIntake =
  /** Read the port's file; `id` names this intake in every answer. */
  | { readonly type: 'intake'; readonly id: string }
  /** Chunk `chunk` (and every one before it) is staged: the process may send more. */
  | { readonly type: 'ack'; readonly id: string; readonly chunk: number }
  /** Stop reading; the answer is a `failed` with code `cancelled`. */
  | { readonly type: 'cancel'; readonly id: string };

/** Why an intake failed: as the browser build's reader says it, so the page shows the same words. */
export interface IntakeError {
  /** `invalid-input`: the file's problem; `cancelled`: the page asked; `failed`: the process's own trouble. */
  readonly code: Extract<AppErrorCode, 'invalid-input' | 'cancelled' | 'failed'>;
  readonly message: string;
}

/** The intake process to the page. */
export type FromIntake =
  /** Rows in the file's order; `chunk` counts from 0. `done`/`total` are the bytes read of the file. */
  | { readonly type: 'rows'; readonly id: string; readonly chunk: number; readonly rows: readonly SampleRow[]; readonly done: number; readonly total: number }
  /** Every chunk was sent; the run, the whole file's SHA-256 and size, and the run's score index. */
  | { readonly type: 'done'; readonly id: string; readonly run: ParsedRun; readonly sha256: string; readonly size: number; readonly chunks: number; readonly index: SampleIndexData }
  | { readonly type: 'failed'; readonly id: string; readonly error: IntakeError };

/** The one message the page takes an intake port from, relayed by the preload. */
export const INTAKE_PORT_MESSAGE = 'frontier-review:intake-port';
/** The IPC channel the main process posts an intake port to the page on. */
export const INTAKE_PORT_CHANNEL = 'intake-port';

/** The message Cancel produces everywhere in the import. */
export const INTAKE_CANCELLED = 'Import cancelled; nothing was saved.';
