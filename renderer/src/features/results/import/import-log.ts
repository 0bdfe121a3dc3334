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

/** What a log import is for and reports to, however the log is read: where its run is filed, its role, progress and cancelling. */
export interface LogImportJob {
  readonly filing: RunFiling;
  readonly role: RunRole;
  readonly results: ResultsStore;
  readonly onProgress: (progress: ImportProgress) => void;
  readonly signal: AbortSignal;
}

/**
 * Imports an Inspect log: one worker reads it and stages its sample chunks as it goes, another
 * hashes it; the run is filed in one transaction at the end. Cancelling, or any problem with the
 * file, removes everything staged.
 */
export async function importInspectLog(file: File, { filing, role, results, onProgress, signal }: LogImportJob): Promise<Result<BenchmarkRun>> {
  const startReader = () => new Worker(new URL('./read-log.worker.ts', import.meta.url), { type: 'module', name: 'read-log' });
  let reader = startReader();
  const toReader = (m: ToLogWorker) => reader.postMessage(m);
  const importId = await results.beginImport(file.name);
  const readRequest: ToLogWorker = { type: 'read', file, databaseName: results.databaseName, importId };
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
    // Whether the reader has said anything yet: one that fails before it starts is started once more.
    let heard = false;
    let restarted = false;
    const onMessage = (event: MessageEvent<FromLogWorker>) => {
      heard = true;
      const m = event.data;
      if (m.type === 'progress') {
        readFraction = m.total === 0 ? 1 : m.done / m.total;
        samples = m.samples;
        report();
      } else if (m.type === 'done') resolve({ ok: true, value: { run: m.run, chunks: m.chunks, index: m.index } });
      else resolve(err(m.code, m.message));
    };
    const onError = (event: Event) => {
      // A worker that could not start (a page short of memory under load) is started once more;
      // one that failed while reading has read part of the file, and is not.
      if (!heard && !restarted && !signal.aborted) {
        restarted = true;
        reader.terminate();
        reader = startReader();
        listen();
        toReader(readRequest);
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
  toReader(readRequest);
  // Cancelled while the import was being set up: the workers stop at once.
  if (signal.aborted) onAbort();

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
