import { err, type Result } from '../../../../../shared/errors/result.js';
import type { BenchmarkRun, ParsedRun, RunRole } from '../../../../../shared/results/benchmark-run.js';
import type { SampleIndexData } from '../../../../../shared/results/sample-index.js';
import type { ResultsStore, RunFiling } from '../../../data/results-store.js';
import { hashFile } from './hash-file.js';
import type { FromLogWorker, ToLogWorker } from './import-protocol.js';
import { workerFailure } from '../../../host/worker-failure.js';

export interface ImportProgress {
  /** 0–1 over reading the samples and hashing the file together. */
  readonly fraction: number;
  readonly samples: number;
  readonly phase: 'reading' | 'saving';
}

/**
 * Imports an Inspect log: one worker reads it, another hashes it, and the sample chunks are
 * staged as they arrive; the run is filed in one transaction at the end. Cancelling, or any
 * problem with the file, removes everything staged.
 */
export async function importInspectLog(
  file: File,
  filing: RunFiling,
  role: RunRole,
  results: ResultsStore,
  onProgress: (progress: ImportProgress) => void,
  signal: AbortSignal,
): Promise<Result<BenchmarkRun>> {
  const startReader = () => new Worker(new URL('./read-log.worker.ts', import.meta.url), { type: 'module', name: 'read-log' });
  let reader = startReader();
  const toReader = (m: ToLogWorker) => reader.postMessage(m);
  const importId = await results.beginImport(file.name);
  let readFraction = 0;
  let hashFraction = 0;
  let samples = 0;
  const report = () => onProgress({ fraction: (readFraction + hashFraction) / 2, samples, phase: 'reading' });
  const hasher = hashFile(file, (fraction) => {
    hashFraction = fraction;
    report();
  });
  const onAbort = () => {
    toReader({ type: 'cancel' });
    hasher.cancel();
  };
  signal.addEventListener('abort', onAbort);
  const read = new Promise<Result<{ run: ParsedRun; chunks: number; index: SampleIndexData }>>((resolve) => {
    // Chunks are stored one after another, in order, each acknowledged once stored; the worker
    // reads ahead by at most ROWS_IN_FLIGHT chunks.
    let storing = Promise.resolve();
    // Whether the reader has said anything yet: one that fails before it starts is started once more.
    let heard = false;
    let restarted = false;
    const onMessage = (event: MessageEvent<FromLogWorker>) => {
      heard = true;
      const m = event.data;
      if (m.type === 'progress') {
        readFraction = m.total === 0 ? 1 : m.done / m.total;
        report();
      } else if (m.type === 'rows') {
        storing = storing.then(async () => {
          try {
            await results.stageSampleChunk(importId, m.index, m.rows);
            samples += m.rows.length;
            report();
          } catch (e) {
            onAbort();
            resolve(err('failed', `The sample scores could not be stored: ${e instanceof Error ? e.message : String(e)}`));
          }
          toReader({ type: 'ack', index: m.index });
        });
      } else if (m.type === 'done') {
        void storing.then(() => resolve({ ok: true, value: { run: m.run, chunks: m.chunks, index: m.index } }));
      } else resolve(err(m.cancelled ? 'cancelled' : 'invalid-input', m.message));
    };
    const onError = (event: Event) => {
      // A worker that could not start (a page short of memory under load) is started once more;
      // one that failed while reading has read part of the file, and is not.
      if (!heard && !restarted && !signal.aborted) {
        restarted = true;
        reader.terminate();
        reader = startReader();
        listen();
        toReader({ type: 'read', file });
        return;
      }
      resolve(err('failed', `${file.name}: the reader stopped unexpectedly (${workerFailure(event)}).`));
    };
    const listen = () => {
      reader.onmessage = onMessage;
      reader.onerror = onError;
      reader.onmessageerror = () => resolve(err('failed', `${file.name}: the reader stopped unexpectedly (a message from it could not be read).`));
    };
    listen();
  });
  toReader({ type: 'read', file });

  try {
    const parsed = await read;
    if (!parsed.ok) {
      onAbort();
      await results.discardImport(importId);
      return parsed;
    }
    const sha256 = await hasher.sha256;
    if (!sha256.ok) {
      await results.discardImport(importId);
      return sha256;
    }
    if (signal.aborted) {
      await results.discardImport(importId);
      return err('cancelled', 'Import cancelled; nothing was saved.');
    }
    onProgress({ fraction: 1, samples, phase: 'saving' });
    const source = { kind: parsed.value.run.sourceKind, fileName: file.name, size: file.size, sha256: sha256.value };
    return await results.commitLogImport(importId, filing, role, source, parsed.value.run, parsed.value.chunks, parsed.value.index);
  } finally {
    signal.removeEventListener('abort', onAbort);
    reader.terminate();
    hasher.terminate();
  }
}
