import { err, type Result } from '../../../../../shared/errors/result.js';
import type { FromHashWorker, ToHashWorker } from './import-protocol.js';
import { workerFailure } from '../../../host/worker-failure.js';

export interface Hashing {
  /** The file's SHA-256 in lowercase hex, or why it could not be read. */
  readonly sha256: Promise<Result<string>>;
  cancel(): void;
  /** Stops the worker; call when done with it, whatever the outcome. */
  terminate(): void;
}

/** Hashes a file in a worker, so even a large file leaves the page responsive. */
export function hashFile(file: File, onProgress: (fraction: number) => void): Hashing {
  const worker = new Worker(new URL('./hash-file.worker.ts', import.meta.url), { type: 'module', name: 'hash-file' });
  const send = (m: ToHashWorker) => worker.postMessage(m);
  const sha256 = new Promise<Result<string>>((resolve) => {
    worker.onmessage = (event: MessageEvent<FromHashWorker>) => {
      const m = event.data;
      if (m.type === 'progress') onProgress(m.total === 0 ? 1 : m.done / m.total);
      else if (m.type === 'done') resolve({ ok: true, value: m.sha256 });
      else resolve(err(m.cancelled ? 'cancelled' : 'invalid-input', m.message));
    };
    worker.onerror = (event) => resolve(err('failed', `${file.name}: hashing stopped unexpectedly (${workerFailure(event)}).`));
    worker.onmessageerror = () => resolve(err('failed', `${file.name}: hashing stopped unexpectedly (a message from its worker could not be read).`));
  });
  send({ type: 'hash', file });
  return { sha256, cancel: () => send({ type: 'cancel' }), terminate: () => worker.terminate() };
}
