import { err, ok, type Result } from '../../../../../shared/errors/result.js';
import { INTAKE_CANCELLED, type FromIntake, type ToIntake } from '../../../../../shared/intake/intake-protocol.js';
import type { SampleRow } from '../../../../../shared/results/benchmark-run.js';
import { ImportStaging } from '../../../data/import-staging.js';
import type { StagedIntake } from './import-protocol.js';

/** The page's end of an intake port (a MessagePort; Node's under test). */
export interface IntakeEnd {
  postMessage(message: ToIntake): void;
  addEventListener(type: 'message', listener: (event: { readonly data: unknown }) => void): void;
  addEventListener(type: 'close', listener: () => void): void;
  start(): void;
  close(): void;
}

export interface IntakeProgress {
  /** Bytes of the file read by the intake process. */
  readonly done: number;
  readonly total: number;
  /** Rows staged so far. */
  readonly samples: number;
}

/** A chunk that could not be stored: the database's problem, not the file's. */
class NotStored extends Error {}

/**
 * Asks the intake process at the other end of `port` for its file and stages each chunk of rows
 * it sends, acknowledging a chunk once it is stored (the process sends only so many ahead). It
 * settles once every write begun has ended, so an import discarded after it leaves nothing behind.
 * `signal` cancels: the process stops and answers that it did.
 */
export function stageIntake(
  port: IntakeEnd,
  stage: (chunk: number, rows: readonly SampleRow[]) => Promise<void>,
  options: { readonly signal: AbortSignal; readonly onProgress: (progress: IntakeProgress) => void; readonly id?: string },
): Promise<Result<StagedIntake>> {
  const id = options.id ?? crypto.randomUUID();
  const storing: Promise<void>[] = [];
  let notStored: NotStored | undefined;
  let samples = 0;
  let bytes = { done: 0, total: 0 };
  const cancel = () => port.postMessage({ type: 'cancel', id });
  return new Promise<Result<StagedIntake>>((resolve) => {
    let settled = false;
    const settle = (result: Result<StagedIntake>) => {
      if (settled) return;
      settled = true;
      options.signal.removeEventListener('abort', cancel);
      // Every write begun has ended before the page files or discards the import.
      void Promise.allSettled(storing).then(() => resolve(notStored ? err('failed', `The sample scores could not be stored: ${notStored.message}`) : result));
    };
    port.addEventListener('message', ({ data }) => {
      const message = data as FromIntake;
      if (message.id !== id || settled) return;
      if (message.type === 'rows') {
        // The staging has failed: nothing more is stored, and the process has been told to stop.
        if (notStored) return;
        bytes = { done: message.done, total: message.total };
        const stored = stage(message.chunk, message.rows).then(
          () => {
            samples += message.rows.length;
            options.onProgress({ ...bytes, samples });
            port.postMessage({ type: 'ack', id, chunk: message.chunk });
          },
          (e: unknown) => {
            if (notStored) return;
            notStored = new NotStored(e instanceof Error ? e.message : String(e));
            cancel();
          },
        );
        storing.push(stored);
      } else if (message.type === 'done') {
        const { run, sha256, size, chunks, index } = message;
        settle(options.signal.aborted ? err('cancelled', INTAKE_CANCELLED) : ok({ run, sha256, size, chunks, index }));
      } else settle(err(message.error.code, message.error.message));
    });
    // The intake process went (it crashed, or the app is closing) before it answered.
    port.addEventListener('close', () => settle(err('failed', 'The intake process stopped before it finished reading the log.')));
    port.start();
    options.signal.addEventListener('abort', cancel);
    if (options.signal.aborted) {
      settle(err('cancelled', INTAKE_CANCELLED));
      return;
    }
    port.postMessage({ type: 'intake', id });
  });
}

/** `stageIntake` into an import's staging, opened by the database's name: in the staging worker, or in a test. */
export async function stageIntakeInto(
  port: IntakeEnd,
  databaseName: string,
  importId: string,
  signal: AbortSignal,
  onProgress: (progress: IntakeProgress) => void,
): Promise<Result<StagedIntake>> {
  const staging = new ImportStaging(databaseName, importId);
  try {
    return await stageIntake(port, (chunk, rows) => staging.stage(chunk, rows), { signal, onProgress });
  } finally {
    staging.close();
    port.close();
  }
}
