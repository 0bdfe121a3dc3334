import { err, type Result } from '../../../../../shared/errors/result.js';
import { INTAKE_CANCELLED } from '../../../../../shared/intake/intake-protocol.js';
import type { BenchmarkRun } from '../../../../../shared/results/benchmark-run.js';
import type { LogIntake, PickedFile } from '../../../host/host.js';
import { workerFailure } from '../../../host/worker-failure.js';
import type { FromIntakeStager, StagedIntake, ToIntakeStager } from './import-protocol.js';
import type { LogImportJob } from './import-log.js';
import type { IntakeProgress } from './intake-staging.js';

/** Stages what the intake process at the other end of `port` reads, under `importId`. */
export type IntakeStager = (port: MessagePort, databaseName: string, importId: string, signal: AbortSignal, onProgress: (progress: IntakeProgress) => void) => Promise<Result<StagedIntake>>;

/** The staging worker, with the port transferred to it: rows go from the intake process to IndexedDB without the page. */
const stageInWorker: IntakeStager = (port, databaseName, importId, signal, onProgress) => {
  const worker = new Worker(new URL('./intake-staging.worker.ts', import.meta.url), { type: 'module', name: 'intake-staging' });
  const send = (message: ToIntakeStager, transfer: Transferable[] = []) => worker.postMessage(message, transfer);
  const onAbort = () => send({ type: 'cancel' });
  return new Promise<Result<StagedIntake>>((resolve) => {
    worker.onmessage = (event: MessageEvent<FromIntakeStager>) => {
      const m = event.data;
      if (m.type === 'progress') onProgress(m);
      else resolve(m.type === 'done' ? { ok: true, value: m.staged } : err(m.code, m.message));
    };
    worker.onerror = (event) => resolve(err('failed', `The import stopped unexpectedly (${workerFailure(event)}).`));
    worker.onmessageerror = () => resolve(err('failed', 'The import stopped unexpectedly (a message from its worker could not be read).'));
    signal.addEventListener('abort', onAbort);
    send({ type: 'stage', port, databaseName, importId }, [port]);
    // Cancelled before the worker had it: it stops at once.
    if (signal.aborted) onAbort();
  }).finally(() => {
    signal.removeEventListener('abort', onAbort);
    worker.terminate();
  });
};

/**
 * Imports an Inspect log picked in the desktop's file dialog: the app's intake process reads and
 * hashes it, a worker stages its rows as they come, and the run is filed in one transaction at the
 * end, with its audit event, as the browser build's import files it. Cancelling, or any problem
 * with the file, removes everything staged.
 */
export async function importPickedLog(file: PickedFile, intake: LogIntake, { filing, role, results, onProgress, signal }: LogImportJob, stager: IntakeStager = stageInWorker): Promise<Result<BenchmarkRun>> {
  // Read afresh at each step: the reviewer may cancel while any of them runs.
  const cancelled = () => signal.aborted;
  const port = await intake.connect(file);
  if (!port.ok) return port;
  if (cancelled()) {
    port.value.close();
    return err('cancelled', INTAKE_CANCELLED);
  }
  const importId = await results.beginImport(file.name);
  if (cancelled()) {
    port.value.close();
    await results.discardImport(importId);
    return err('cancelled', INTAKE_CANCELLED);
  }
  const staged = await stager(port.value, results.databaseName, importId, signal, ({ done, total, samples }) => {
    onProgress({ fraction: total === 0 ? 0 : done / total, samples, phase: 'reading' });
  });
  if (!staged.ok || cancelled()) {
    await results.discardImport(importId);
    return staged.ok ? err('cancelled', INTAKE_CANCELLED) : staged;
  }
  onProgress({ fraction: 1, samples: staged.value.run.samples.read, phase: 'saving' });
  const { run, sha256, size, chunks, index } = staged.value;
  const source = { kind: run.sourceKind, fileName: file.name, size, sha256 };
  return results.commitLogImport(importId, filing, role, source, run, chunks, index);
}
